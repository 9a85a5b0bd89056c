//! `vr-aat report`: the therapist's page shows `summary`'s numbers, marks what is not
//! therapy data, speaks every shipped language, refuses bad input without writing, and
//! loads in a real browser (headless Chromium: DOM, PNG and PDF; skipped, saying so,
//! where Chromium is not installed; `.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// A 6-session simulated course of `arm-p01` (and `arm-p02`).
fn course(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    simulate_cohort(&data, 2, "training-course", &["--hz", "30", "--no-tracking"]);
    data
}

fn report(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["report", "--iterations", "200"];
    all.extend_from_slice(args);
    vr_aat(data, &all)
}

#[test]
fn the_page_shows_summarys_numbers_and_needs_no_network() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let page = dir.path().join("p01.html");
    let out = report(&data, &["arm-p01", "--out", &page.display().to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();

    let summary = vr_aat(&data, &["summary", "arm-p01", "--csv", "--iterations", "200"]);
    let csv = String::from_utf8_lossy(&summary.stdout).into_owned();
    for row in csv.lines().skip(1) {
        let f: Vec<&str> = row.split(',').collect();
        let one = |s: &str| format!("{:.1}", s.parse::<f64>().unwrap());
        let bias = format!("<td class=\"num bias\">{}</td>", one(f[10]));
        assert!(html.contains(&bias), "session {}: {bias} not in the page", f[0]);
        let interval = format!("{} … {}", one(f[11]), one(f[12]));
        assert!(html.contains(&interval), "session {}: {interval}", f[0]);
    }
    // A synthetic course is no therapy: nothing counts unless asked for, and the page
    // says why.
    assert!(html.contains("Therapy sessions done: 0 of 6 planned."), "{html}");
    assert!(html.contains("Not counted as therapy, so left out of the figures on this page (still shown and marked below): session 1: synthetic patient; session 2: synthetic patient;"));
    assert!(html.contains("A change needs two scored therapy sessions."));
    assert!(html.contains("A synthetic patient (a simulation, not a person): sessions 1, 2, 3, 4, 5, 6."));
    // Four charts (bias, RTs, errors, craving), each with a text alternative; tables
    // with header cells.
    assert_eq!(html.matches("<svg").count(), 4);
    assert_eq!(html.matches("role=\"img\" aria-label=").count(), 4);
    assert!(html.contains("<th scope=\"col\">"));
    // Self-contained: nothing is fetched.
    for needle in ["src=", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(needle), "the page loads something: {needle}");
    }
    // The same data give the same page.
    let again = dir.path().join("again.html");
    assert!(
        report(&data, &["arm-p01", "--out", &again.display().to_string()])
            .status
            .success()
    );
    assert_eq!(html, std::fs::read_to_string(&again).unwrap());
}

#[test]
fn a_flat_mode_demo_and_an_early_end_cannot_be_mistaken_for_therapy() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let s = |n: u32| data.join("arm-p01").join(format!("S0{n}")).join("session.ron");
    mark_flat(&s(2));
    mark_incomplete(&s(3), "patient felt unwell");
    // Session 4's events.csv damaged: shown, its pauses unknown, named, exit 2.
    let events = data.join("arm-p01").join("S04").join("events.csv");
    edit(&events, |t| t + "later,paused,\n");
    let page = dir.path().join("p01.html");
    let out = report(&data, &["arm-p01", "--out", &page.display().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("S04/events.csv:") && err.contains("column `t_s`") && err.contains("shown without their pauses"),
        "{err}"
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Played in a desktop window, not in a headset (a demonstration, not therapy): session 2."));
    assert!(html.contains("Did not run to its end: session 3."));
    assert!(html.contains("ended early: patient felt unwell"));
    assert!(html.contains("The events of session 4 could not be read: its pauses are unknown."));
}

#[test]
fn only_therapy_sessions_make_the_headline_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let s = |n: u32| data.join("arm-p01").join(format!("S0{n}")).join("session.ron");
    // A course in a headset whose first session was a desktop demonstration and whose
    // third ended early.
    mark_flat(&s(1));
    for n in 2..=6 {
        mark_headset(&s(n));
    }
    mark_incomplete(&s(3), "patient felt unwell");
    let page = dir.path().join("p01.html");
    let out = report(&data, &["arm-p01", "--out", &page.display().to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Therapy sessions done: 4 of 6 planned."), "{html}");
    assert!(html.contains("Change from session 2 to session 6:"), "{html}");
    assert!(html.contains(
        "Not counted as therapy, so left out of the figures on this page (still shown and marked below): \
         session 1: demonstration in a desktop window; session 3: ended early."
    ));
    assert!(html.contains("Latest scored therapy session (6)"));
    // summary: the same change, saying which sessions it used.
    let summary = vr_aat(&data, &["summary", "arm-p01", "--iterations", "200"]);
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(text.contains("6 sessions, 4 of them therapy data"), "{text}");
    assert!(
        text.contains("change from session 2 to 6 (therapy sessions):"),
        "{text}"
    );
    assert!(
        text.contains("session 1: demonstration (desktop window, not a headset); session 3: ended early"),
        "{text}"
    );
    let csv = vr_aat(&data, &["summary", "arm-p01", "--csv", "--iterations", "200"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let uses: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(14).unwrap_or(""))
        .collect();
    assert_eq!(
        uses,
        ["demo", "therapy", "ended-early", "therapy", "therapy", "therapy"]
    );
    // On purpose, for teaching: every session counts, and the page says so.
    let all = dir.path().join("all.html");
    let out = report(
        &data,
        &["arm-p01", "--include-non-therapy", "--out", &all.display().to_string()],
    );
    assert!(out.status.success());
    let html = std::fs::read_to_string(&all).unwrap();
    assert!(html.contains("Sessions done, all counted: 6 of 6 planned."));
    assert!(html.contains("Change from session 1 to session 6:"));
    assert!(html.contains("Every session is counted here, therapy or not"));
    let text = vr_aat(
        &data,
        &["summary", "arm-p01", "--iterations", "200", "--include-non-therapy"],
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("change from session 1 to 6 (all sessions, on purpose"));
}

#[test]
fn every_language_renders_completely() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    for (lang, heading) in [
        ("en", "At a glance"),
        ("de", "Auf einen Blick"),
        ("pl", "W skrócie"),
        ("da", "Overblik"),
    ] {
        let page = dir.path().join(format!("{lang}.html"));
        let out = report(
            &data,
            &["arm-p01", "--language", lang, "--out", &page.display().to_string()],
        );
        assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains(heading), "{lang}: no `{heading}`");
        // A message missing in a language shows as `[its-id]`.
        for prefix in [
            "[report-",
            "[col-",
            "[chart-",
            "[glance-",
            "[use-",
            "[session-use-",
            "[study-",
            "[change-",
        ] {
            assert!(!html.contains(prefix), "{lang}: a missing message {prefix}…");
        }
        // Every placeholder was filled: no `{ $name }` left.
        assert!(!html.contains("{ $"), "{lang}: an unfilled placeholder");
    }
    let out = report(
        &data,
        &[
            "--all",
            "--language",
            "pl",
            "--out",
            &dir.path().join("study").display().to_string(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let study = std::fs::read_to_string(dir.path().join("study").join("study.html")).unwrap();
    assert!(study.contains("Raport z badania: 2 uczestników"));
    // Simulated participants are said to be synthetic, and none of their sessions
    // enters the group figures unless asked for.
    assert!(study.contains("Wszyscy uczestnicy (2) są syntetyczni"), "{study}");
    assert!(study.contains("Sesje, które nie są danymi z terapii i zostały pominięte w liczbach grupowych: 12"));
    assert!(!study.contains("<td>syntetyczny pacjent</td>"));
    // Asked for: a row per protocol, source and session, never pooled across them.
    let all = dir.path().join("study-all");
    let out = report(
        &data,
        &["--all", "--include-non-therapy", "--out", &all.display().to_string()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let study = std::fs::read_to_string(all.join("study.html")).unwrap();
    assert!(study.contains("All 2 participants are synthetic"));
    assert_eq!(
        study
            .matches("<td>training-course</td>\n<td>synthetic patient</td>")
            .count(),
        6,
        "{study}"
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let before = snapshot(dir.path());
    let inside = data.join("r.html").display().to_string();
    let missing_folder = dir.path().join("no").join("r.html").display().to_string();
    for (args, expected) in [
        (vec!["../arm-p01"], "looks like a path"),
        (vec!["nobody"], "no participant `nobody`"),
        (vec!["arm-p01", "--out", &inside], "inside the data folder"),
        (vec!["arm-p01", "--out", &missing_folder], "does not exist"),
        (vec!["arm-p01", "--language", "fr"], "invalid value 'fr'"),
        (vec!["--all", "--participant", "nobody"], "no participant `nobody`"),
    ] {
        let out = report(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(snapshot(dir.path()) == before, "bad input wrote something");
}

/// Chromium as Debian ships it, or another name for it.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_page_loads_in_a_real_browser_and_prints() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED: Chromium is not installed (Debian: apt-get install chromium); the page was not opened in a browser"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let page = dir.path().join("p01.html");
    assert!(
        report(&data, &["arm-p01", "--out", &page.display().to_string()])
            .status
            .success()
    );
    let url = format!("file://{}", page.display());
    let headless = |extra: &[&str]| {
        Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1200,1600",
            ])
            .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
            .args(extra)
            .arg(&url)
            .output()
            .expect("run chromium")
    };

    // The DOM after loading: the key numbers are there, and nothing failed to load.
    let dom = headless(&["--dump-dom"]);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let text = String::from_utf8_lossy(&dom.stdout);
    // A synthetic course: no therapy session counts, and the page says so.
    assert!(text.contains("Therapy sessions done: 0 of 6 planned."), "{text}");
    assert_eq!(text.matches("<svg").count(), 4);
    let log = String::from_utf8_lossy(&dom.stderr);
    for bad in ["Failed to load resource", "Uncaught", "ERR_FILE_NOT_FOUND", "net::ERR_"] {
        assert!(!log.contains(bad), "the browser reported `{bad}`:\n{log}");
    }

    let png = dir.path().join("report.png");
    let shot = headless(&[&format!("--screenshot={}", png.display())]);
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1200, 1600));

    let pdf = dir.path().join("report.pdf");
    let print = headless(&["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display())]);
    assert!(print.status.success(), "{}", String::from_utf8_lossy(&print.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // A4 pages (595 x 842 points), more than one for a six-session course.
    let pdf_text = String::from_utf8_lossy(&bytes);
    let pages = pdf_text.matches("/Type /Page\n").count()
        + pdf_text.matches("/Type /Page/").count()
        + pdf_text.matches("/Type /Page>>").count();
    assert!(pdf_text.contains("595") && pdf_text.contains("842"), "not A4");
    assert!(
        pages >= 2 || pdf_text.matches("/Type /Page").count() >= 3,
        "one page only"
    );
}

#[test]
fn a_participant_with_only_an_intake_gets_a_clear_page() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = vr_aat(
        &data,
        &[
            "intake",
            "P1",
            "--alcohol",
            "beer-bottle,whisky",
            "--soft",
            "orange-juice",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for lang in ["en", "de", "pl", "da"] {
        let page = dir.path().join(format!("{lang}.html"));
        let out = report(&data, &["P1", "--language", lang, "--out", &page.display().to_string()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let html = std::fs::read_to_string(&page).unwrap();
        // No charts or empty tables: what there is (the intake) and that nothing is
        // recorded yet.
        assert_eq!(html.matches("<svg").count(), 0, "{lang}: a chart without data");
        assert!(!html.contains("id=\"sessions\""), "{lang}: an empty session table");
        assert!(
            html.contains("beer-bottle, whisky") && html.contains("orange-juice"),
            "{lang}: {html}"
        );
        if lang == "en" {
            assert!(html.contains("No sessions are recorded yet."));
            assert!(html.contains("usually drinks beer-bottle, whisky; likes orange-juice."));
            assert!(!html.contains("A change needs two"));
        }
    }
}
