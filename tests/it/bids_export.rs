//! `export --bids`: a simulated study as a BIDS dataset, checked by the lab's own tools:
//! the official `bids-validator` (npm, tests/bids) finds no error, and no warning but the
//! one docs/lab.md explains; pybids (tests/lab/read_bids.py) reads it back. The files
//! hold what the session folders hold; an export is replaced whole, and never written
//! over a folder that holds something else.
//!
//! The validator is installed by `npm ci --prefix tests/bids` and pybids by `pip install
//! pybids` into the interpreter `VR_AAT_LAB_PYTHON` names; `.ci/run` does both and sets
//! `VR_AAT_REQUIRE_LAB_CHECKS`, which makes a missing one a failure. Without them the
//! checks they do are said to be skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vr_aat_store::files::session::read_meta;
use vr_aat_store::files::trials::read_trials;

use crate::common::{simulate_cohort, snapshot, vr_aat};
use crate::lab_streaming::{lab_python, missing};

fn export(data: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let out = out.display().to_string();
    let mut args = vec!["export", "--bids", &out];
    args.extend_from_slice(extra);
    vr_aat(data, &args)
}

fn validator() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bids/node_modules/.bin/bids-validator");
    bin.exists().then_some(bin)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_simulated_study_exports_as_a_bids_dataset_the_validator_and_pybids_accept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    simulate_cohort(&data, 3, "training-course", &["--sessions", "2"]);
    let ds = tmp.path().join("bids");
    let authors = ["--author", "A. Researcher", "--author", "B. Clinician"];
    let out = export(&data, &ds, &authors);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("wrote BIDS dataset") && stdout.contains("3 participants, 6 sessions"),
        "{stdout}"
    );

    // What the files hold: every trial, every pose sample, each participant once.
    let participants = read(&ds.join("participants.tsv"));
    assert_eq!(
        participants.lines().next(),
        Some("participant_id\tpseudonym\tn_sessions\tcounts_as")
    );
    assert!(
        participants.contains("sub-armp01\tarm-p01\t2\tsynthetic"),
        "{participants}"
    );
    for (p, label) in [("arm-p01", "armp01"), ("arm-p03", "armp03")] {
        for ses in [1u32, 2] {
            let session = data.join(format!("{p}/S{ses:02}"));
            let meta = read_meta(&session).expect("session.ron");
            let trials = read_trials(&session, &meta, false).expect("trials").records;
            let dir = ds.join(format!("sub-{label}/ses-{ses:02}"));
            let stem = format!("sub-{label}_ses-{ses:02}_task-aat");
            let beh = read(&dir.join(format!("beh/{stem}_beh.tsv")));
            assert_eq!(beh.lines().count(), trials.len() + 1, "a row per trial");
            assert!(
                !beh.contains("\t\t") && !beh.contains("\t\n"),
                "no empty cell (BIDS writes n/a)"
            );
            let events = read(&dir.join(format!("beh/{stem}_events.tsv")));
            assert_eq!(events.matches("\tstimulus_onset\t").count(), trials.len());
            let motion = read(&dir.join(format!("motion/{stem}_tracksys-synthetic_motion.tsv")));
            let tracking = read(&session.join("tracking.csv"));
            assert_eq!(
                motion,
                tracking
                    .lines()
                    .skip(1)
                    .map(|l| format!("{}\n", l.replace(',', "\t")))
                    .collect::<String>(),
                "the motion file is tracking.csv's samples, no header"
            );
            let channels = read(&dir.join(format!("motion/{stem}_tracksys-synthetic_channels.tsv")));
            assert_eq!(channels.lines().count(), 1 + 27);
            assert!(dir.join(format!("sub-{label}_ses-{ses:02}_scans.tsv")).exists());
            assert_eq!(
                read(&ds.join(format!("sourcedata/vr-aat/sub-{label}/ses-{ses:02}/trials.csv"))),
                read(&session.join("trials.csv"))
            );
        }
    }
    let phenotype: Vec<String> = std::fs::read_dir(ds.join("phenotype"))
        .expect("phenotype/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(phenotype.iter().any(|n| n.ends_with(".tsv")), "{phenotype:?}");

    // The same data, the same dataset, byte for byte.
    let again = tmp.path().join("again");
    assert!(export(&data, &again, &authors).status.success());
    assert_eq!(snapshot(&ds), snapshot(&again));

    // The official validator: no error, and the one warning docs/lab.md explains.
    match validator() {
        Some(bin) => {
            let out = Command::new(bin)
                .arg(&ds)
                .arg("--json")
                .output()
                .expect("run bids-validator");
            let report: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
            let errors = report["issues"]["errors"].as_array().expect("errors");
            assert!(errors.is_empty(), "bids-validator errors: {errors:#?}");
            for w in report["issues"]["warnings"].as_array().expect("warnings") {
                let files: Vec<&str> = w["files"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f["file"]["relativePath"].as_str())
                    .collect();
                assert!(
                    w["key"] == "CUSTOM_COLUMN_WITHOUT_DESCRIPTION" && files.iter().all(|f| f.ends_with("_motion.tsv")),
                    "a warning docs/lab.md does not explain: {w:#}"
                );
            }
        }
        None => missing("the BIDS validator (npm ci --prefix tests/bids)"),
    }
    // pybids reads it back.
    match lab_python().filter(|py| {
        Command::new(py)
            .args(["-c", "import bids"])
            .status()
            .is_ok_and(|s| s.success())
    }) {
        Some(python) => {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab/read_bids.py");
            let out = Command::new(python).arg(script).arg(&ds).output().expect("run pybids");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let got: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            assert_eq!(got["subjects"], serde_json::json!(["armp01", "armp02", "armp03"]));
            assert_eq!(got["sessions"], serde_json::json!(["01", "02"]));
            assert_eq!(got["tasks"], serde_json::json!(["aat"]));
            for kind in ["beh", "events", "motion", "channels"] {
                assert_eq!(got[kind].as_array().map(Vec::len), Some(6), "{kind}: {got}");
            }
            assert_eq!(got["motion_sampling_frequency"], 90.0);
            assert_eq!(got["rt_units"], "ms");
        }
        None => missing("Python's pybids (set VR_AAT_LAB_PYTHON, or `pip install pybids`)"),
    }
}

#[test]
fn a_bids_export_never_writes_over_other_files_and_refuses_labels_that_collide() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    simulate_cohort(&data, 1, "practice", &[]);
    // A folder with someone else's files: refused, untouched.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir_all(&theirs).expect("mkdir");
    std::fs::write(theirs.join("notes.txt"), "mine").expect("write");
    let out = export(&data, &theirs, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a vr-aat BIDS export"), "{stderr}");
    assert_eq!(std::fs::read_dir(&theirs).expect("dir").count(), 1);
    // An earlier export is replaced whole: a stray file in it is gone.
    let ds = tmp.path().join("ds");
    assert!(export(&data, &ds, &[]).status.success());
    std::fs::write(ds.join("sub-armp01/stray.txt"), "x").expect("write");
    let out = export(&data, &ds, &[]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("replaced BIDS dataset"));
    assert!(!ds.join("sub-armp01/stray.txt").exists());
    // Two pseudonyms with the same letters and digits: refused before anything is written.
    let copy = |from: &str, to: &str| {
        let (a, b) = (data.join(from), data.join(to));
        std::fs::create_dir_all(b.join("S01")).expect("mkdir");
        for f in std::fs::read_dir(a.join("S01")).expect("dir") {
            let f = f.expect("entry");
            std::fs::copy(f.path(), b.join("S01").join(f.file_name())).expect("copy");
        }
    };
    copy("arm-p01", "armp01");
    crate::common::edit(&data.join("armp01/S01/session.ron"), |t| {
        t.replace("participant: \"arm-p01\"", "participant: \"armp01\"")
    });
    let fresh = tmp.path().join("fresh");
    let out = export(&data, &fresh, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("both become sub-armp01"));
    assert!(!fresh.exists());
}
