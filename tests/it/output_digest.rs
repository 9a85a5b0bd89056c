//! Same seed, same bytes, across refactorings: a fixed set of `vr-aat` commands (simulated
//! courses and a cohort, `export`, `export --fhir`, `report`, `summary`, `reliability`,
//! `score`, `replay`) is run into a fresh folder, and the SHA-256 of every file written
//! and of every command's standard output is compared with
//! `tests/fixtures/output-digest.txt`, recorded with the build before the move to a
//! workspace. `core_cost.ron` (the core's cost per frame on this machine) is left out:
//! it is a measurement, not a result.
//!
//! When a change is meant to change outputs (a new column, a format version), regenerate
//! the file with `VR_AAT_BLESS=1 cargo test --test it output_digest` and say why in the
//! commit.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

/// The commands, in order: (label for the standard output, arguments). `{D}` is the
/// data folder, `{O}` the output folder.
const COMMANDS: &[(&str, &[&str])] = &[
    ("simulate-course", &["simulate", "--data-dir", "{D}"]),
    (
        "simulate-realistic",
        &[
            "simulate",
            "--data-dir",
            "{D}",
            "--patient",
            "realistic",
            "--protocol",
            "assessment",
            "--seed",
            "7",
            "--hz",
            "72",
        ],
    ),
    (
        "simulate-cohort",
        &[
            "simulate",
            "--data-dir",
            "{D}",
            "--cohort",
            "study-arm",
            "--participants",
            "5",
            "--protocol",
            "assessment",
            "--seed",
            "3",
            "--no-tracking",
        ],
    ),
    (
        "simulate-own-drinks",
        &[
            "simulate",
            "--data-dir",
            "{D}",
            "--participant",
            "own-drinks",
            "--sessions",
            "2",
            "--alcohol",
            "beer-bottle,whisky",
            "--soft",
            "orange-juice",
            "--language",
            "pl",
            "--no-tracking",
        ],
    ),
    ("sessions", &["sessions", "--data-dir", "{D}"]),
    ("summary", &["summary", "sim-biased-50ms-s1", "--data-dir", "{D}"]),
    (
        "summary-csv",
        &["summary", "sim-biased-50ms-s1", "--csv", "--data-dir", "{D}"],
    ),
    ("reliability", &["reliability", "--session", "1", "--data-dir", "{D}"]),
    ("export", &["export", "--data-dir", "{D}", "--out", "{O}/export"]),
    (
        "export-fhir",
        &["export", "--fhir", "--data-dir", "{D}", "--out", "{O}/fhir"],
    ),
    (
        "report-all",
        &["report", "--all", "--data-dir", "{D}", "--out", "{O}/reports"],
    ),
    (
        "report-de",
        &[
            "report",
            "sim-biased-50ms-s1",
            "--language",
            "de",
            "--data-dir",
            "{D}",
            "--out",
            "{O}/report-de.html",
        ],
    ),
    (
        "score",
        &[
            "score",
            "{O}/export/trials_long.csv",
            "--scored-only",
            "--group-by",
            "session",
        ],
    ),
    ("replay", &["replay", "sim-realistic-s7", "1", "--data-dir", "{D}"]),
];

/// Files left out: measurements of this machine, not results.
fn measured(path: &str) -> bool {
    path.ends_with("core_cost.ron")
}

fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read_dir").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            files(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).expect("under root").display().to_string();
            if !measured(&rel) {
                out.insert(rel, digest(&std::fs::read(&p).expect("read")));
            }
        }
    }
}

/// Runs the commands into `work` and returns `name -> sha256` for every file and output.
fn run_all(work: &Path) -> BTreeMap<String, String> {
    let (data, out) = (work.join("data"), work.join("out"));
    std::fs::create_dir_all(&out).expect("out folder");
    let mut digests = BTreeMap::new();
    for (label, args) in COMMANDS {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                a.replace("{D}", &data.display().to_string())
                    .replace("{O}", &out.display().to_string())
            })
            .collect();
        let run = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .args(&args)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .env_remove("VR_AAT_DATA_DIR")
            .current_dir(work)
            .output()
            .expect("run vr-aat");
        assert!(
            run.status.success(),
            "vr-aat {}: {}\n{}",
            args.join(" "),
            run.status,
            String::from_utf8_lossy(&run.stderr)
        );
        // Paths of this run's folders are not results.
        let stdout = String::from_utf8_lossy(&run.stdout)
            .replace(&data.display().to_string(), "{D}")
            .replace(&out.display().to_string(), "{O}");
        digests.insert(format!("stdout/{label}"), digest(stdout.as_bytes()));
    }
    let mut written = BTreeMap::new();
    files(work, work, &mut written);
    digests.extend(written);
    digests
}

#[test]
fn the_same_seed_gives_the_same_files_as_before_the_workspace() {
    let work = tempfile::tempdir().expect("tempdir");
    let now = run_all(work.path());
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/output-digest.txt");
    let text: String = now.iter().map(|(name, d)| format!("{d}  {name}\n")).collect();
    if std::env::var_os("VR_AAT_BLESS").is_some() {
        std::fs::write(&fixture, &text).expect("write the digest");
        return;
    }
    let recorded = std::fs::read_to_string(&fixture).expect("tests/fixtures/output-digest.txt");
    let before: BTreeMap<&str, &str> = recorded
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(d, name)| (name, d))
        .collect();
    let mut problems = Vec::new();
    for (name, d) in &before {
        match now.get(*name) {
            None => problems.push(format!("{name}: no longer written")),
            Some(n) if n != d => problems.push(format!("{name}: different bytes")),
            _ => {}
        }
    }
    for name in now.keys() {
        if !before.contains_key(name.as_str()) {
            problems.push(format!("{name}: new"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} outputs differ from tests/fixtures/output-digest.txt:\n{}",
        problems.len(),
        before.len(),
        problems.join("\n")
    );
    assert!(before.len() > 100, "the digest covers only {} outputs", before.len());
}
