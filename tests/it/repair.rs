//! `vr-aat repair`: closes every session a crash left open (keeping every complete
//! trial), clears what sessions that never recorded a trial left, and names each
//! session it cannot repair, leaving that one exactly as it is; it never stops at the
//! first problem.

use std::path::Path;

use crate::common::*;
use vr_aat_core::records::SessionStatus;
use vr_aat_store::scan::read_session;

fn open_session(dir: &Path) {
    edit(&dir.join("session.ron"), |t| {
        t.replace("status: Complete", "status: InProgress")
    });
}

#[test]
fn repair_closes_what_it_can_and_names_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 4, "practice", &["--no-tracking"]);
    let s01 = |p: &str| data.join(p).join("S01");
    // arm-p01: interrupted during the write of a row; arm-p02: interrupted between rows.
    open_session(&s01("arm-p01"));
    edit(&s01("arm-p01").join("trials.csv"), |t| t + "arm-p01,1,1,practice,prac");
    open_session(&s01("arm-p02"));
    // arm-p03: interrupted, and damaged in the middle: cannot be repaired.
    open_session(&s01("arm-p03"));
    edit(&s01("arm-p03").join("trials.csv"), |t| {
        t.replacen(",practice,practice,", ",practice,exercise,", 1)
    });
    let p03_before = std::fs::read(s01("arm-p03").join("trials.csv")).unwrap();
    // arm-p04: a second session that stopped before its first trial.
    let start = data.join("arm-p04/.S02.starting");
    std::fs::create_dir_all(&start).unwrap();
    std::fs::copy(s01("arm-p04").join("session.ron"), start.join("session.ron")).unwrap();
    edit(&start.join("session.ron"), |t| {
        t.replace("session: 1,", "session: 2,")
            .replace("status: Complete", "status: InProgress")
    });
    let header = std::fs::read_to_string(s01("arm-p04").join("trials.csv")).unwrap();
    std::fs::write(
        start.join("trials.csv"),
        header.lines().next().unwrap().to_owned() + "\n",
    )
    .unwrap();

    let out = vr_aat(&data, &["repair"]);
    assert_eq!(out.status.code(), Some(2), "damaged data remains");
    let err = String::from_utf8_lossy(&out.stderr);
    for p in ["arm-p01/S01", "arm-p02/S01"] {
        assert!(
            err.lines().any(|l| l.contains(p) && l.contains("interrupted")),
            "{p}:\n{err}"
        );
    }
    assert!(
        err.lines()
            .any(|l| l.contains("arm-p03/S01/trials.csv:2:") && l.contains("block_kind")),
        "{err}"
    );
    assert!(err.contains(".S02.starting"), "{err}");

    for (p, kept) in [("arm-p01", 16), ("arm-p02", 16)] {
        let s = read_session(&s01(p)).expect("repaired sessions read cleanly");
        assert!(matches!(s.meta.status, SessionStatus::Incomplete { .. }), "{p}");
        assert_eq!(s.records.len(), kept);
    }
    assert_eq!(
        std::fs::read(s01("arm-p03").join("trials.csv")).unwrap(),
        p03_before,
        "left as it is"
    );
    assert!(!start.exists());

    // Again: nothing left to do but the damaged session, named again.
    let out = vr_aat(&data, &["repair"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("interrupted") && err.contains("arm-p03"), "{err}");
    // A participant named on its own repairs cleanly.
    let out = vr_aat(&data, &["repair", "--participant", "arm-p01"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
