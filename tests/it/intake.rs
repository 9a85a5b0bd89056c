//! The participant's own drinks: `vr-aat intake` checks the picks before writing
//! anything and keeps an intake unless told to replace it; the participant's sessions
//! (simulated and live) then train the personal set (the picks and their matched
//! partners) and keep every other drink untrained; each session records its set, a
//! replay plans the same trials, `summary` shows the set; a damaged intake is named.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use vr_aat_core::data::BlockKind;
use vr_aat_core::records::InputSource;
use vr_aat_runtime::live::{LiveSetup, prepare_live_session};
use vr_aat_store::scan::read_session;
use vr_aat_store::{ParticipantLock, RecorderOptions};

fn vr_aat(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .env("VR_AAT_DATA_DIR", data)
        .args(args)
        .output()
        .expect("runs")
}

const SET: [&str; 6] = [
    "beer-bottle",
    "red-wine",
    "whisky",
    "cola-bottle",
    "orange-juice",
    "iced-tea",
];

#[test]
fn the_intake_is_checked_before_anything_is_written_and_kept_unless_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    for (args, says) in [
        (vec!["--alcohol", "mead"], "`mead` is not a drink of the catalogue"),
        (
            vec!["--alcohol", "cola-can"],
            "`cola-can` is a soft drink, listed as alcohol",
        ),
        (
            vec![
                "--alcohol",
                "beer-bottle,red-wine,white-wine,whisky,lager-pint,champagne,beer-can,gin-tonic",
            ],
            "no drink is left untrained",
        ),
        (vec!["--soft", "orange-juice", "--protocol", "nope.ron"], "nope.ron"),
    ] {
        let mut all = vec!["intake", "P1"];
        all.extend(args);
        let out = vr_aat(&data, &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{all:?}");
        assert!(!data.exists(), "nothing written for {all:?}");
    }
    let out = vr_aat(&data, &["intake", "P1"]);
    assert_eq!(out.status.code(), Some(2), "no intake to show yet");

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
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!(
        "trained (the picks and their matched partners): {}",
        SET.join(", ")
    )));
    let file = data.join("P1").join("intake.ron");
    let first = std::fs::read_to_string(&file).expect("intake.ron");
    // Kept unless --replace.
    let out = vr_aat(&data, &["intake", "P1", "--alcohol", "gin-tonic"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    let out = vr_aat(&data, &["intake", "P1", "--alcohol", "gin-tonic", "--replace"]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("gin-tonic"));
    let out = vr_aat(&data, &["intake", "P1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("gin-tonic, sparkling-water"));
}

/// The drinks of the training blocks and of the other blocks in `plan`.
fn drinks_by_kind(blocks: &[vr_aat_runtime::trial::BlockPlan]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut training = BTreeSet::new();
    let mut other = BTreeSet::new();
    for b in blocks {
        let into = if b.kind == BlockKind::Training {
            &mut training
        } else {
            &mut other
        };
        into.extend(b.trials.iter().map(|t| t.stimulus_id.clone()));
    }
    (training, other)
}

#[test]
fn a_simulated_course_trains_the_personal_set_and_replays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let out = vr_aat(
        data,
        &[
            "simulate",
            "--sessions",
            "1",
            "--hz",
            "60",
            "--alcohol",
            "beer-bottle,whisky",
            "--soft",
            "orange-juice",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let folder = data.join("sim-biased-50ms-s1");
    assert!(folder.join("intake.ron").is_file());
    let s = read_session(&folder.join("S01")).expect("reads");
    let set: Vec<String> = SET.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(s.meta.personal_set.as_ref(), Some(&set));
    let trained: BTreeSet<&str> = s
        .records
        .iter()
        .filter(|r| r.block_kind == BlockKind::Training)
        .map(|r| r.stimulus_id.as_str())
        .collect();
    assert_eq!(
        trained,
        SET.iter().copied().collect(),
        "training shows the personal set only"
    );
    let assessed: BTreeSet<&str> = s
        .records
        .iter()
        .filter(|r| r.block_kind == BlockKind::Assessment)
        .map(|r| r.stimulus_id.as_str())
        .collect();
    assert!(
        assessed.contains("gin-tonic") && assessed.contains("beer-can"),
        "untrained drinks are assessed"
    );
    let out = vr_aat(data, &["replay", "sim-biased-50ms-s1", "1"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("reproduced byte for byte"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = vr_aat(data, &["summary", "sim-biased-50ms-s1"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("own drinks (intake, "), "{stdout}");
    assert!(
        stdout.contains("usually drinks beer-bottle, whisky; likes orange-juice"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("personal set trained in session(s) 1: {}", SET.join(", "))));
    // Trained and untrained drinks apart: a column in the export, and the bias over
    // each set in summary, as scoring each set's trials gives it.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let export = elsewhere.path().join("export");
    let out = vr_aat(
        data,
        &["export", "--no-tracking", "--out", &export.display().to_string()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut table = csv::Reader::from_path(export.join("trials_long.csv")).expect("table");
    let headers = table.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (stimid, trained_col) = (column("stimid"), column("trained"));
    for row in table.records() {
        let row = row.expect("row");
        let want = if SET.contains(&&row[stimid]) { "1" } else { "0" };
        assert_eq!(&row[trained_col], want, "{row:?}");
    }
    let by_hand = |trained: bool| {
        let subset: Vec<_> = s
            .records
            .iter()
            .filter(|r| SET.contains(&r.stimulus_id.as_str()) == trained)
            .cloned()
            .collect();
        let p = vr_aat_core::scoring::prepare(&vr_aat_core::trial::score_trials(&subset), &s.meta.scoring());
        (p.verdict == vr_aat_core::scoring::Verdict::Scored)
            .then(|| vr_aat_core::scoring::score(&p.cells).median_diff)
            .flatten()
    };
    let out = vr_aat(data, &["summary", "sim-biased-50ms-s1", "--csv", "--iterations", "50"]);
    let csv_text = String::from_utf8_lossy(&out.stdout);
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = rows.headers().expect("headers").clone();
    let row = rows.records().next().expect("a session").expect("row");
    let value = |name: &str| {
        let i = headers.iter().position(|h| h == name).expect(name);
        row[i].parse::<f64>().ok()
    };
    assert_eq!(value("bias_trained_ms"), by_hand(true));
    assert_eq!(value("bias_untrained_ms"), by_hand(false));
    assert!(by_hand(true).is_some(), "the trained drinks' trials score");
    // Bad picks: refused before anything is written.
    let out = vr_aat(data, &["simulate", "--participant", "other", "--alcohol", "mead"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!data.join("other").exists());
}

#[test]
fn a_live_session_plans_with_the_participants_intake_and_a_damaged_one_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let out = vr_aat(
        data,
        &[
            "intake",
            "live1",
            "--alcohol",
            "beer-bottle,whisky",
            "--soft",
            "orange-juice",
        ],
    );
    assert!(out.status.success());
    let setup = LiveSetup {
        protocol: protocol_source("training-course"),
        ..practice_setup(data, "live1", InputSource::Flat, 3)
    };
    let lock = ParticipantLock::acquire(data, &setup.participant).expect("lock");
    let (prepared, _) = prepare_live_session(&setup, RecorderOptions::default(), &lock).expect("prepared");
    let set: Vec<String> = SET.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(prepared.personal_set.as_ref(), Some(&set));
    let (training, other) = drinks_by_kind(&prepared.plan().blocks);
    assert_eq!(training, set.iter().cloned().collect());
    assert!(other.len() > training.len(), "assessment blocks show every drink");
    drop(lock);
    // Without an intake: the catalogue's own trained set.
    let setup2 = LiveSetup {
        protocol: protocol_source("training-course"),
        ..practice_setup(data, "live2", InputSource::Flat, 3)
    };
    let lock = ParticipantLock::acquire(data, &setup2.participant).expect("lock");
    let (plain, _) = prepare_live_session(&setup2, RecorderOptions::default(), &lock).expect("prepared");
    assert_eq!(plain.personal_set, None);
    assert!(drinks_by_kind(&plain.plan().blocks).0.contains("gin-tonic"));
    drop(lock);
    // A damaged intake stops the session before anything is recorded, naming the file.
    std::fs::write(
        data.join("live1").join("intake.ron"),
        "(alcohol: [\"beer-bottle\"], soft: 3)\n",
    )
    .unwrap();
    let lock = ParticipantLock::acquire(data, &setup.participant).expect("lock");
    let err = prepare_live_session(&setup, RecorderOptions::default(), &lock).expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("live1/intake.ron:1:"), "{text}");
    assert!(!data.join("live1").join("S01").exists());
}
