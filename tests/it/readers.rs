//! Readers only read, and damage is contained and named: `sessions`, `summary`,
//! `export` (tables and FHIR), `report` and `reliability` never change the data folder (and work on a read-only
//! one); a damaged session (bad syntax, a NaN, a duplicated row, a broken tracking row)
//! is named with its file, line and column and skipped, every other session and
//! participant is still listed, summarised and exported, and the exit status is 2. An
//! interrupted session is shown as interrupted with its completed trials.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// Replaces the `column`-th field (0-based) of line `line` (1-based).
fn set_field(text: String, line: usize, column: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut fields: Vec<&str> = lines[line - 1].split(',').collect();
    fields[column] = value;
    lines[line - 1] = fields.join(",");
    lines.join("\n") + "\n"
}

/// A cohort of nine simulated participants, then damage of every kind in some of them.
fn damaged_data_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    simulate_cohort(&data, 9, "assessment", &["--hz", "30"]);
    let s = |p: &str| data.join(p).join("S01");
    // arm-p02: session.ron does not parse.
    edit(&s("arm-p02").join("session.ron"), |t| {
        t.replacen("status:", "status", 1)
    });
    // arm-p03: a NaN reaction time on line 5 (column rt_ms).
    edit(&s("arm-p03").join("trials.csv"), |t| set_field(t, 5, 19, "NaN"));
    // arm-p04: a duplicated trial row (line 10 twice).
    edit(&s("arm-p04").join("trials.csv"), |t| {
        let mut lines: Vec<&str> = t.lines().collect();
        lines.insert(10, lines[9]);
        lines.join("\n") + "\n"
    });
    // arm-p05: a broken tracking row (line 100, the head's x).
    edit(&s("arm-p05").join("tracking.csv"), |t| set_field(t, 100, 1, "abc"));
    // arm-p06: interrupted (left in progress, with a cut-off last row).
    edit(&s("arm-p06").join("session.ron"), |t| {
        t.replace("status: Complete", "status: InProgress")
    });
    edit(&s("arm-p06").join("trials.csv"), |t| t + "arm-p06,1,3,assess");
    // arm-p07: an infinite display rate in session.ron.
    edit(&s("arm-p07").join("session.ron"), |t| {
        let start = t.find("display_hz:").unwrap();
        let end = start + t[start..].find(',').unwrap();
        format!("{}display_hz: inf{}", &t[..start], &t[end..])
    });
    (dir, data)
}

/// The named problems in a reader's stderr: (file suffix, text that must follow).
const NAMED: [(&str, &str); 4] = [
    ("arm-p02/S01/session.ron:", "not a valid session file"),
    ("arm-p03/S01/trials.csv:5:", "column `rt_ms`"),
    ("arm-p04/S01/trials.csv:11:", "appears twice"),
    ("arm-p07/S01/session.ron:", "display_hz"),
];

fn assert_named(err: &str, problems: &[(&str, &str)]) {
    for (file, what) in problems {
        let line = err.lines().find(|l| l.contains(file));
        assert!(
            line.is_some_and(|l| l.contains(what)),
            "{file} should be named with `{what}`:\n{err}"
        );
    }
}

#[test]
fn damage_is_named_and_skipped_and_readers_change_nothing() {
    let (dir, data) = damaged_data_folder();
    let before = snapshot(&data);

    let out = vr_aat(&data, &["sessions"]);
    assert_eq!(out.status.code(), Some(2));
    let (text, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_named(&err, &NAMED);
    for p in ["arm-p01", "arm-p05", "arm-p08", "arm-p09"] {
        assert!(
            text.lines().any(|l| l.starts_with(p) && l.contains("complete")),
            "{p}:\n{text}"
        );
    }
    let p06 = text.lines().find(|l| l.starts_with("arm-p06")).expect("arm-p06 listed");
    assert!(p06.contains("interrupted") && p06.contains("of 168"), "{p06}");
    for p in ["arm-p02 ", "arm-p03 ", "arm-p04 ", "arm-p07 "] {
        assert!(!text.contains(p), "{p} is damaged and must not be listed:\n{text}");
    }

    let out = vr_aat(&data, &["summary", "arm-p03"]);
    assert_eq!(out.status.code(), Some(2));
    assert_named(&String::from_utf8_lossy(&out.stderr), &NAMED[1..2]);
    let out = vr_aat(&data, &["summary", "arm-p06"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("interrupted"));

    let export = dir.path().join("export");
    let out = vr_aat(&data, &["export", "--out", &export.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_named(&err, &NAMED);
    assert_named(&err, &[("arm-p05/S01/tracking.csv:100:", "not a finite number")]);
    let trials = std::fs::read_to_string(export.join("trials_long.csv")).unwrap();
    let tracking = std::fs::read_to_string(export.join("tracking_long.csv")).unwrap();
    for p in ["arm-p01", "arm-p06", "arm-p08", "arm-p09"] {
        assert!(trials.contains(&format!("\n{p},")), "{p} exported");
        assert!(tracking.contains(&format!("\n{p},")), "{p} tracking exported");
    }
    for p in ["arm-p02", "arm-p03", "arm-p04", "arm-p05", "arm-p07"] {
        assert!(!trials.contains(&format!("\n{p},")), "{p} must be left out");
        assert!(!tracking.contains(&format!("\n{p},")), "{p} must be left out");
    }
    assert!(!tracking.contains("abc"), "a broken tracking row is never copied");

    // Five participants' first sessions score; the damaged ones are named and left out.
    let out = vr_aat(&data, &["reliability", "--iterations", "100"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Spearman-Brown"));
    assert_named(&String::from_utf8_lossy(&out.stderr), &NAMED);

    // The report: every participant's page and the study page are written; a damaged
    // session is named in its participant's page, an interrupted one shown as such.
    let reports = dir.path().join("reports");
    let out = vr_aat(
        &data,
        &[
            "report",
            "--all",
            "--iterations",
            "50",
            "--out",
            &reports.display().to_string(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_named(&String::from_utf8_lossy(&out.stderr), &NAMED);
    let page = |p: &str| std::fs::read_to_string(reports.join(format!("{p}.html"))).unwrap();
    let p03 = page("arm-p03");
    assert!(
        p03.contains("Damaged sessions") && p03.contains("trials.csv:5:") && p03.contains("column `rt_ms`"),
        "arm-p03's page names the damage"
    );
    assert!(page("arm-p06").contains("interrupted (the program stopped)"));
    assert!(page("arm-p01").contains("complete") && !page("arm-p01").contains("Damaged sessions"));
    let study = std::fs::read_to_string(reports.join("study.html")).unwrap();
    for p in ["arm-p01", "arm-p03", "arm-p09"] {
        assert!(study.contains(&format!("href=\"{p}.html\"")), "{p} in the study page");
    }

    // FHIR: the damaged session is a Procedure with status unknown naming the damage;
    // the interrupted one is stopped, saying so.
    let fhir = dir.path().join("fhir");
    let out = vr_aat(
        &data,
        &[
            "export",
            "--fhir",
            "--iterations",
            "50",
            "--out",
            &fhir.display().to_string(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = |p: &str| std::fs::read_to_string(fhir.join(format!("{p}.fhir.json"))).unwrap();
    let p03 = bundle("arm-p03");
    assert!(
        p03.contains("\"status\": \"unknown\"") && p03.contains("column `rt_ms`"),
        "{p03}"
    );
    let p06 = bundle("arm-p06");
    assert!(
        p06.contains("\"status\": \"stopped\"") && p06.contains("interrupted"),
        "{p06}"
    );

    assert!(snapshot(&data) == before, "a reader changed the data folder");
}

/// Runs a reader on `data` mounted read-only (in a private mount namespace); `None`
/// where this machine cannot mount.
fn read_only(data: &Path, args: &[&str]) -> Option<Output> {
    let script = "mount --bind -o ro \"$1\" \"$1\" 2>/dev/null || exit 98; \
                  if touch \"$1/.probe\" 2>/dev/null; then exit 99; fi; shift; exec \"$@\"";
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(data)
        .arg(env!("CARGO_BIN_EXE_vr-aat"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .ok()?;
    // 98: no mount; 99: the mount was writable after all; unshare's own failures say so.
    let mounted =
        !matches!(out.status.code(), Some(98 | 99)) && !String::from_utf8_lossy(&out.stderr).contains("unshare:");
    mounted.then_some(out)
}

#[test]
fn readers_work_on_a_read_only_data_folder() {
    let (dir, data) = damaged_data_folder();
    let export = dir.path().join("export");
    let export = export.display().to_string();
    let report = dir.path().join("report.html").display().to_string();
    let runs: [&[&str]; 6] = [
        &["sessions"],
        &["summary", "arm-p06"],
        &["reliability", "--iterations", "50"],
        &["export", "--out", &export],
        &["export", "--fhir", "--iterations", "50", "--out", &export],
        &["report", "arm-p06", "--iterations", "50", "--out", &report],
    ];
    for args in runs {
        let Some(ro) = read_only(&data, args) else {
            eprintln!(
                "skipped: this machine cannot mount a read-only folder (unshare -rm); the byte-identical check above still ran"
            );
            return;
        };
        let rw = vr_aat(&data, args);
        // The second run replaces what the first wrote, and says so.
        let said = |out: &[u8]| String::from_utf8_lossy(out).replace("replaced ", "wrote ");
        assert_eq!(
            (ro.status.code(), said(&ro.stdout)),
            (rw.status.code(), said(&rw.stdout)),
            "{args:?} differs on a read-only folder: {}",
            String::from_utf8_lossy(&ro.stderr)
        );
    }
}

/// `vr-aat bench` (f) measures `export`'s peak memory through a hook in the binary: the
/// process reports its own peak (Linux), not its parent's.
#[cfg(target_os = "linux")]
#[test]
fn a_reader_reports_its_own_peak_memory_for_the_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("peak");
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["sessions", "--data-dir"])
        .arg(dir.path().join("data"))
        .env("VR_AAT_PEAK_MEMORY_FILE", &report)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let kib: u64 = std::fs::read_to_string(&report).unwrap().trim().parse().unwrap();
    assert!((500..200_000).contains(&kib), "{kib} KiB");
}

/// One reader per file: a NaN in one session's `answers.csv` is named (file and line) by
/// every command that reads answers, each exits 2, and each still shows the rest:
/// `summary`, the export tables, the FHIR Bundle (the session's Procedure stays, only its
/// questionnaire responses are left out) and the report.
#[test]
fn a_damaged_answers_file_is_named_alike_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    simulate_cohort(
        &data,
        1,
        "training-course",
        &["--hz", "30", "--no-tracking", "--sessions", "2"],
    );
    let answers = data.join("arm-p01").join("S02").join("answers.csv");
    edit(&answers, |t| set_field(t, 2, 5, "NaN"));
    let before = snapshot(&data);
    let out = dir.path().join("out");
    let page = out.join("p01.html");
    let runs = [
        ("summary", vec!["summary", "arm-p01"]),
        ("export", vec!["export", "--out", out.to_str().unwrap()]),
        (
            "export --fhir",
            vec!["export", "--fhir", "--iterations", "50", "--out", out.to_str().unwrap()],
        ),
        ("report", vec!["report", "arm-p01", "--out", page.to_str().unwrap()]),
    ];
    for (what, args) in runs {
        let run = vr_aat(&data, &args);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("arm-p01/S02/answers.csv:2"),
            "{what} names the file and line: {err}"
        );
    }
    assert_eq!(snapshot(&data), before, "readers changed the data folder");
    // The Bundle has both sessions, and questionnaire responses of session 1 only.
    let text = std::fs::read_to_string(out.join("arm-p01.fhir.json")).unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
    let of = |kind: &str| -> Vec<serde_json::Value> {
        bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"].clone())
            .filter(|r| r["resourceType"] == kind)
            .collect()
    };
    assert_eq!(of("Procedure").len(), 2);
    let responses = of("QuestionnaireResponse");
    let session = |r: &serde_json::Value| r["identifier"]["value"].as_str().unwrap_or("").to_owned();
    assert!(
        responses.iter().any(|r| session(r).contains("/S01/")),
        "session 1's answers are there"
    );
    assert!(
        responses.iter().all(|r| !session(r).contains("/S02/")),
        "session 2's damaged answers are left out, not half read"
    );
    // The tables have session 1's answers and both sessions' trials.
    let table = std::fs::read_to_string(out.join("answers_long.csv")).unwrap();
    assert!(table.lines().skip(1).all(|l| l.starts_with("arm-p01,1,")), "{table}");
    let trials = std::fs::read_to_string(out.join("trials_long.csv")).unwrap();
    assert!(trials.lines().any(|l| l.starts_with("arm-p01,2,")));
}

#[test]
fn export_says_what_it_replaced_and_removes_what_it_no_longer_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(
        &data,
        1,
        "training-course",
        &["--hz", "30", "--no-tracking", "--sessions", "2"],
    );
    let out = tmp.path().join("out");
    let o = out.display().to_string();
    let said = |args: &[&str]| {
        let run = vr_aat(&data, args);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let first = said(&["export", "--out", &o]);
    assert!(
        first.contains("wrote ") && first.contains("tracking_long.csv"),
        "{first}"
    );
    let again = said(&["export", "--no-tracking", "--out", &o]);
    assert!(
        again.contains(&format!("replaced {}", out.join("trials_long.csv").display())),
        "{again}"
    );
    assert!(
        again.contains(&format!("removed {}", out.join("tracking_long.csv").display())),
        "{again}"
    );
    assert!(
        !out.join("tracking_long.csv").exists(),
        "a stale table left beside the new ones"
    );
    // FHIR: a different split removes the earlier export's Bundles of that participant.
    let whole = said(&[
        "export",
        "--fhir",
        "--iterations",
        "50",
        "--max-entries",
        "1000",
        "--out",
        &o,
    ]);
    assert!(whole.contains("arm-p01.fhir.json (1 of 1"), "{whole}");
    let split = said(&[
        "export",
        "--fhir",
        "--iterations",
        "50",
        "--max-entries",
        "10",
        "--out",
        &o,
    ]);
    assert!(split.contains("arm-p01.1-of-"), "{split}");
    assert!(
        split.contains(&format!("removed {}", out.join("arm-p01.fhir.json").display())),
        "{split}"
    );
    let bundles: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".fhir.json"))
        .collect();
    assert!(bundles.iter().all(|n| n.contains("-of-")), "{bundles:?}");
}
