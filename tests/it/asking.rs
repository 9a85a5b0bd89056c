//! Questionnaires asked in sessions: a simulated course answers the training course's
//! questionnaires at their moments in every language, records every answer
//! (`answers.csv`), and `summary`, `export` and `report` show the scores, which match
//! scores computed by hand from the recorded answers (the SSQ with Kennedy et al.
//! 1993's weights); craving falls with training for a patient whose craving does; a
//! questionnaire between blocks holds the engine and the recording replays; a pause
//! covers the form and an end abandons it, keeping what was answered; a damaged
//! `answers.csv` is named and blocks nothing else.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use bevy::prelude::*;
use vr_aat_core::locale::Language;
use vr_aat_core::records::AnswerRecord;
use vr_aat_runtime::session::{PauseCause, RecordTo, SessionControl, SessionOutcome, SessionState};
use vr_aat_runtime::sim::{SessionRun, build_app};
use vr_aat_runtime::trial::OnsetTiming;
use vr_aat_store::RecorderOptions;
use vr_aat_store::files::answers::read_answers;

fn vr_aat(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vr-aat"));
    c.env("VR_AAT_DATA_DIR", data);
    c
}

fn run_ok(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `simulate` of the training course (30 Hz, no pose stream) in `language`.
fn simulate_course(data: &Path, language: &str, sessions: u32) {
    run_ok(vr_aat(data).args([
        "simulate",
        "--hz",
        "30",
        "--no-tracking",
        "--language",
        language,
        "--sessions",
        &sessions.to_string(),
    ]));
}

const PARTICIPANT: &str = "sim-biased-50ms-s1";

fn session_answers(data: &Path, session: u32) -> Vec<AnswerRecord> {
    read_answers(&data.join(PARTICIPANT).join(format!("S{session:02}"))).expect("answers.csv reads")
}

/// (questionnaire, moment, answers) in the order asked.
fn asked(answers: &[AnswerRecord]) -> Vec<(String, String, usize)> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for a in answers {
        match out.last_mut() {
            Some((q, m, n)) if *q == a.questionnaire && *m == a.moment => *n += 1,
            _ => out.push((a.questionnaire.clone(), a.moment.clone(), 1)),
        }
    }
    out
}

fn owned(list: &[(&str, &str, usize)]) -> Vec<(String, String, usize)> {
    list.iter()
        .map(|(q, m, n)| ((*q).to_owned(), (*m).to_owned(), *n))
        .collect()
}

/// The SSQ's scores by hand: raw subscale sums times Kennedy et al. (1993)'s weights.
fn ssq_by_hand(a: &BTreeMap<&str, f64>) -> [f64; 4] {
    let sum = |items: &[&str]| items.iter().map(|i| a[i]).sum::<f64>();
    let n = sum(&[
        "general-discomfort",
        "salivation-increasing",
        "sweating",
        "nausea",
        "difficulty-concentrating",
        "stomach-awareness",
        "burping",
    ]);
    let o = sum(&[
        "general-discomfort",
        "fatigue",
        "headache",
        "eyestrain",
        "difficulty-focusing",
        "difficulty-concentrating",
        "blurred-vision",
    ]);
    let d = sum(&[
        "difficulty-focusing",
        "nausea",
        "fullness-of-the-head",
        "blurred-vision",
        "dizziness-eyes-open",
        "dizziness-eyes-closed",
        "vertigo",
    ]);
    [n * 9.54, o * 7.58, d * 13.92, (n + o + d) * 3.74]
}

/// The AUQ by hand: items 2 and 7 (`no-need`, `would-not-drink`) reversed on 1..7.
fn auq_by_hand(a: &BTreeMap<&str, f64>) -> (f64, f64) {
    let sum: f64 = a
        .iter()
        .map(|(id, v)| {
            if ["no-need", "would-not-drink"].contains(id) {
                8.0 - v
            } else {
                *v
            }
        })
        .sum();
    (sum / 8.0, sum)
}

#[test]
fn a_simulated_course_answers_its_questionnaires_at_their_moments_in_every_language() {
    for language in Language::ALL {
        let data = tempfile::tempdir().expect("tempdir");
        let sessions = if language == Language::En { 6 } else { 2 };
        simulate_course(data.path(), language.tag(), sessions);
        let mut craving_before = Vec::new();
        for session in 1..=sessions {
            let answers = session_answers(data.path(), session);
            let mut expected = vec![("craving-vas", "before_session", 1), ("auq", "before_session", 8)];
            if session == 1 {
                expected.push(("ssq", "before_session", 16));
            }
            expected.extend([("craving-vas", "after_session", 1), ("ssq", "after_session", 16)]);
            assert_eq!(asked(&answers), owned(&expected), "{language:?} session {session}");
            for a in &answers {
                assert_eq!(a.language, language.tag());
                assert_eq!((a.participant.as_str(), a.session), (PARTICIPANT, session));
                assert!(a.answered_s > a.shown_s, "{a:?}");
            }
            // Before the first trial and after the last.
            let s = vr_aat_store::scan::read_session(&data.path().join(PARTICIPANT).join(format!("S{session:02}")))
                .expect("session reads");
            assert_eq!(s.meta.language, language);
            let first = s.records.first().expect("trials").stimulus_onset_s;
            let last = s.records.last().expect("trials").stimulus_onset_s;
            for a in &answers {
                match a.moment.as_str() {
                    "before_session" => assert!(a.answered_s < first),
                    "after_session" => assert!(a.shown_s > last),
                    other => panic!("{other}"),
                }
            }
            craving_before.push(answers[0].value);
        }
        // The scores everywhere equal the hand computation from the recorded answers.
        let out = tempfile::tempdir().expect("tempdir");
        run_ok(
            vr_aat(data.path())
                .args(["export", "--no-tracking", "--out"])
                .arg(out.path()),
        );
        let scores = std::fs::read_to_string(out.path().join("questionnaire_scores.csv")).expect("scores");
        let exported = std::fs::read_to_string(out.path().join("answers_long.csv")).expect("answers");
        let summary = run_ok(vr_aat(data.path()).args(["summary", PARTICIPANT]));
        let mut rows = 0;
        for session in 1..=sessions {
            let answers = session_answers(data.path(), session);
            for (q, moment, _) in asked(&answers) {
                let items: BTreeMap<&str, f64> = answers
                    .iter()
                    .filter(|a| a.questionnaire == q && a.moment == moment)
                    .map(|a| (a.item.as_str(), a.value))
                    .collect();
                let by_hand: Vec<(&str, f64)> = match q.as_str() {
                    "ssq" => {
                        let [n, o, d, t] = ssq_by_hand(&items);
                        vec![("nausea", n), ("oculomotor", o), ("disorientation", d), ("total", t)]
                    }
                    "auq" => {
                        let (mean, sum) = auq_by_hand(&items);
                        vec![("mean", mean), ("sum", sum)]
                    }
                    _ => vec![("craving", items["urge"])],
                };
                let mut in_summary = Vec::new();
                for (score, value) in by_hand {
                    let row = scores
                        .lines()
                        .find(|l| l.starts_with(&format!("{PARTICIPANT},{session},{q},{moment},{score},")))
                        .unwrap_or_else(|| panic!("{q} {moment} {score} in:\n{scores}"));
                    let got: f64 = row.split(',').nth(5).and_then(|v| v.parse().ok()).expect("a value");
                    assert!((got - value).abs() < 1e-9, "{q} {score}: {got} vs {value}");
                    // The SSQ total is read by Stanney, Kennedy & Drexler's (1997) bands.
                    let band = (q == "ssq" && score == "total").then_some(match value {
                        v if v >= 20.0 => ("bad: strong simulator sickness", true),
                        v if v >= 15.0 => ("symptoms of concern", true),
                        v if v >= 10.0 => ("significant symptoms", false),
                        v if v >= 5.0 => ("minimal symptoms", false),
                        _ => ("negligible symptoms", false),
                    });
                    let record = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_reader(row.as_bytes())
                        .records()
                        .next()
                        .and_then(Result::ok)
                        .expect("a CSV row");
                    let columns: Vec<&str> = record.iter().collect();
                    assert_eq!(columns[6], band.map_or("", |b| b.0), "{row}");
                    assert_eq!(columns[7], band.map_or("", |b| if b.1 { "1" } else { "0" }), "{row}");
                    let validation = match q.as_str() {
                        "ssq" if language == Language::En => "validated",
                        "ssq" => "adapted",
                        "auq" => "placeholder",
                        _ => "not-validated",
                    };
                    assert_eq!(columns[11], validation, "{row}");
                    in_summary.push(match band {
                        Some((b, true)) => format!("{score} {value:.1} ({b}: READ WITH CARE)"),
                        Some((b, false)) => format!("{score} {value:.1} ({b})"),
                        None => format!("{score} {value:.1}"),
                    });
                    rows += 1;
                }
                let line = format!("{:>7} {:<18} {:<13}", session, moment, q);
                assert!(
                    summary
                        .lines()
                        .any(|l| l.starts_with(&line) && l.ends_with(&in_summary.join(", "))),
                    "{line} ... {} in:\n{summary}",
                    in_summary.join(", ")
                );
            }
            // The export holds every answer as recorded.
            for a in &answers {
                assert!(
                    exported.contains(&format!(
                        "{PARTICIPANT},{session},{},{},{},{:?},",
                        a.questionnaire, a.moment, a.item, a.value
                    )),
                    "{a:?}"
                );
            }
        }
        assert_eq!(scores.lines().count(), rows + 1);
        // Craving falls with training for this patient (its profile's tendency).
        if language == Language::En {
            assert!(
                craving_before[5] < craving_before[0] - 20.0,
                "craving before sessions 1-6: {craving_before:?}"
            );
            // The report shows the scores in the therapist's language.
            let page = out.path().join("r.html");
            run_ok(
                vr_aat(data.path())
                    .args(["report", PARTICIPANT, "--language", "de", "--out"])
                    .arg(&page),
            );
            let html = std::fs::read_to_string(page).expect("page");
            assert!(
                html.contains("vor der Sitzung") && html.contains("Gesamtwert: "),
                "German labels"
            );
            assert!(html.contains("Suchtdruck (0-100) vor und nach jeder Sitzung"));
            // Each instrument by its proper name, with how validated the texts the patient
            // read were (English here: the SSQ's published wording).
            assert!(html.contains("Simulator Sickness Questionnaire (SSQ; Kennedy et al. 1993): validierter Wortlaut"));
            assert!(html.contains("PLATZHALTER-Aussagen, nicht der validierte Wortlaut"));
        }
    }
}

#[test]
fn a_high_ssq_total_is_read_with_care_everywhere() {
    let data = tempfile::tempdir().expect("tempdir");
    simulate_course(data.path(), "en", 1);
    // The patient felt severely ill after the session: every SSQ symptom "severe" (3),
    // a total of (21 + 21 + 21) x 3.74 = 235.6.
    let answers = data.path().join(PARTICIPANT).join("S01").join("answers.csv");
    let text = std::fs::read_to_string(&answers).expect("answers");
    let severe: Vec<String> = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            if f.get(2) == Some(&"ssq") && f.get(3) == Some(&"after_session") {
                f[5] = "3";
            }
            f.join(",")
        })
        .collect();
    std::fs::write(&answers, severe.join("\n") + "\n").expect("writes");
    let summary = run_ok(vr_aat(data.path()).args(["summary", PARTICIPANT]));
    assert!(
        summary.contains("total 235.6 (bad: strong simulator sickness: READ WITH CARE)"),
        "{summary}"
    );
    assert!(summary.contains("ssq: Simulator Sickness Questionnaire (SSQ; Kennedy et al. 1993); validated"));
    let out = tempfile::tempdir().expect("tempdir");
    let page = out.path().join("r.html");
    run_ok(vr_aat(data.path()).args(["report", PARTICIPANT, "--out"]).arg(&page));
    let html = std::fs::read_to_string(&page).expect("page");
    assert!(html.contains(
        "Session 1, after the session: Simulator Sickness Questionnaire (SSQ; Kennedy et al. 1993), total score 235.6: bad: strong simulator sickness. Ask the patient how they are before going on."
    ), "{html}");
    run_ok(
        vr_aat(data.path())
            .args(["export", "--no-tracking", "--out"])
            .arg(out.path()),
    );
    let scores = std::fs::read_to_string(out.path().join("questionnaire_scores.csv")).expect("scores");
    assert!(
        scores.lines().any(
            |l| l.starts_with(&format!("{PARTICIPANT},1,ssq,after_session,total,235.6"))
                && l.contains(",bad: strong simulator sickness,1,")
        ),
        "{scores}"
    );
    let fhir = out.path().join("fhir");
    run_ok(
        vr_aat(data.path())
            .args(["export", "--fhir", "--iterations", "50", "--out"])
            .arg(&fhir),
    );
    let bundles: String = std::fs::read_dir(&fhir)
        .expect("fhir")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("bundle"))
        .collect();
    assert!(bundles.contains("read with care: total is in the band \\\"bad: strong simulator sickness\\\""));
}

#[test]
fn answers_are_the_same_whatever_the_batch_and_the_recording_replays() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    run_ok(vr_aat(a.path()).args(["simulate", "--sessions", "1", "--batch", "1"]));
    run_ok(vr_aat(b.path()).args(["simulate", "--sessions", "1"]));
    for f in ["answers.csv", "trials.csv"] {
        let read = |d: &Path| std::fs::read(d.join(PARTICIPANT).join("S01").join(f)).expect(f);
        assert_eq!(read(a.path()), read(b.path()), "{f}");
    }
    let out = run_ok(vr_aat(b.path()).args(["replay", PARTICIPANT, "1"]));
    assert!(out.contains("reproduced byte for byte"), "{out}");
}

/// The assessment protocol (two blocks) with the craving VAS between blocks, in `dir`.
fn assessment_between_blocks(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(asset("protocols/assessment.ron")).expect("assessment");
    let abs = |rel: &str| format!("{:?}", asset(rel).display().to_string());
    let text = text.replace("\"../stimuli/drinks.ron\"", &abs("stimuli/drinks.ron"));
    let end = text.rfind(')').expect("a protocol");
    let text = format!(
        "{},\n    questionnaires: [Ask(questionnaire: {}, moment: BetweenBlocks)],\n)\n",
        text[..end].trim_end().trim_end_matches(','),
        abs("questionnaires/craving-vas.ron"),
    );
    let path = dir.join("assessment-between.ron");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_questionnaire_between_blocks_holds_the_engine_and_replays() {
    let data = tempfile::tempdir().expect("tempdir");
    let protocol = assessment_between_blocks(data.path());
    run_ok(
        vr_aat(data.path())
            .args(["simulate", "--hz", "60", "--protocol"])
            .arg(&protocol),
    );
    let dir = data.path().join(PARTICIPANT).join("S01");
    let answers = read_answers(&dir).expect("answers");
    let s = vr_aat_store::scan::read_session(&dir).expect("reads");
    let blocks = s.records.iter().map(|r| r.block).max().expect("trials");
    assert!(blocks >= 2, "the assessment has several blocks");
    // One craving answer before every block but the first, while no drink was up.
    assert_eq!(answers.len() as u32, blocks - 1);
    for a in &answers {
        let block: u32 = a
            .moment
            .strip_prefix("between_blocks:")
            .and_then(|b| b.parse().ok())
            .expect("block");
        let before = s.records.iter().filter(|r| r.block < block).map(|r| r.stimulus_onset_s);
        let after = s
            .records
            .iter()
            .filter(|r| r.block >= block)
            .map(|r| r.stimulus_onset_s);
        assert!(before.fold(f64::MIN, f64::max) < a.shown_s, "{a:?}");
        assert!(after.fold(f64::MAX, f64::min) > a.answered_s, "{a:?}");
    }
    let out = run_ok(vr_aat(data.path()).args(["replay", PARTICIPANT, "1"]));
    assert!(out.contains("reproduced byte for byte"), "{out}");
    // A questionnaire's hold is not a pause.
    let events = std::fs::read_to_string(dir.join("events.csv")).expect("events");
    assert!(events.contains(",questionnaire_started,craving-vas (between_blocks:"));
    let out = tempfile::tempdir().expect("tempdir");
    run_ok(
        vr_aat(data.path())
            .args(["report", PARTICIPANT, "--out"])
            .arg(out.path().join("r.html")),
    );
    let html = std::fs::read_to_string(out.path().join("r.html")).expect("page");
    assert!(
        !html.contains("(questionnaire)"),
        "no pause is caused by a questionnaire"
    );
}

/// The training course's first session, recorded into `data`, as an app to step (with
/// the participant's lock, held while it runs).
fn course_app(data: &Path) -> (App, vr_aat_store::ParticipantLock) {
    let (protocol, catalogue) = protocol("training-course");
    let patient = patient("biased-50ms");
    let run = SessionRun {
        protocol: &protocol,
        catalogue: &catalogue,
        patient: &patient,
        seed: 3,
        session: 1,
        hz: 60.0,
        frames_per_update: Some(1),
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: Language::En,
    };
    let source = protocol_source("training-course");
    let participant = vr_aat_core::participant::ParticipantId::parse("P1").expect("id");
    let lock = vr_aat_store::ParticipantLock::acquire(data, &participant).expect("lock");
    let app = build_app(
        &run,
        Some(RecordTo::new(data, &participant, &source, RecorderOptions::unpaced())),
    )
    .expect("app");
    (app, lock)
}

fn state(app: &App) -> SessionState {
    *app.world().resource::<State<SessionState>>().get()
}

fn answered(app: &App) -> usize {
    app.world()
        .resource::<vr_aat_runtime::session::asking::Asking>()
        .answers()
        .len()
}

#[test]
fn a_pause_covers_the_form_and_an_end_abandons_it_keeping_the_answers() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, _lock) = course_app(data.path());
    // Until the first answer.
    for _ in 0..60 * 60 {
        app.update();
        if answered(&app) == 1 {
            break;
        }
    }
    assert_eq!(answered(&app), 1);
    assert_eq!(state(&app), SessionState::Asking);
    // The therapist pauses: the panel says why it is paused, nothing is answered.
    app.world_mut()
        .write_message(SessionControl::Pause(PauseCause::Therapist));
    for _ in 0..60 * 20 {
        app.update();
    }
    assert_eq!(state(&app), SessionState::Paused);
    assert_eq!(answered(&app), 1, "no answers while paused");
    assert!(
        app.world()
            .resource::<vr_aat_runtime::session::asking::Asking>()
            .form()
            .is_some(),
        "the form waits under the pause"
    );
    // Resumed: the questionnaire goes on where it was.
    app.world_mut()
        .write_message(SessionControl::Resume(PauseCause::Therapist));
    for _ in 0..60 * 20 {
        app.update();
    }
    assert_eq!(state(&app), SessionState::Asking);
    assert!(answered(&app) > 1, "answering goes on");
    let given = answered(&app);
    // Ended mid-questionnaire: the answers given are kept, nothing else is asked.
    app.world_mut()
        .write_message(SessionControl::End(vr_aat_runtime::session::EndReason::Operator));
    for _ in 0..100 {
        app.update();
        if app.world().get_resource::<SessionOutcome>().is_some() {
            break;
        }
    }
    let outcome = app.world().get_resource::<SessionOutcome>().cloned().expect("closed");
    let SessionOutcome::Closed {
        dir: Some(dir), counts, ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(counts.trials_recorded, 0);
    assert_eq!(counts.answers_recorded as usize, given);
    let kept = read_answers(&dir).expect("answers");
    assert_eq!(kept.len(), given, "every answer given is on disk");
    let events = std::fs::read_to_string(dir.join("events.csv")).expect("events");
    assert!(events.contains(",questionnaire_abandoned,"), "{events}");
    let s = vr_aat_store::scan::read_session(&dir).expect("reads");
    assert!(s.meta.status.label().starts_with("incomplete"), "{:?}", s.meta.status);
}

#[test]
fn a_damaged_answers_file_is_named_and_blocks_nothing_else() {
    let data = tempfile::tempdir().expect("tempdir");
    simulate_course(data.path(), "en", 2);
    let file = data.path().join(PARTICIPANT).join("S02").join("answers.csv");
    let text = std::fs::read_to_string(&file).expect("answers");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[3] = lines[3]
        .replacen(",en", ",en,extra", 1)
        .replace(",4.0,", ",four,")
        .replace(",5.0,", ",five,");
    let damaged = lines.join("\n") + "\n";
    std::fs::write(&file, damaged).expect("write");
    let out = vr_aat(data.path())
        .args(["summary", PARTICIPANT])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("S02/answers.csv:4:"), "{stderr}");
    // Both sessions' trials and session 1's questionnaires are still shown.
    assert!(
        stdout.lines().any(|l| l.trim_start().starts_with("2 complete")),
        "{stdout}"
    );
    assert!(stdout.contains("      1 before_session     craving-vas"), "{stdout}");
    assert!(!stdout.contains("      2 before_session"), "{stdout}");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = vr_aat(data.path())
        .args(["export", "--no-tracking", "--out"])
        .arg(out_dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let trials = std::fs::read_to_string(out_dir.path().join("trials_long.csv")).expect("trials");
    assert_eq!(trials.lines().count(), 1 + 2 * 288, "every trial exported");
    let answers = std::fs::read_to_string(out_dir.path().join("answers_long.csv")).expect("answers");
    assert!(
        answers
            .lines()
            .skip(1)
            .all(|l| l.contains(&format!("{PARTICIPANT},1,")))
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("questionnaire answers were left out"));
    // The report warns and names the file.
    let page = out_dir.path().join("r.html");
    let out = vr_aat(data.path())
        .args(["report", PARTICIPANT, "--out"])
        .arg(&page)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("S02/answers.csv"));
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(
        html.contains("could not be read") && html.contains("answers.csv"),
        "report"
    );
}
