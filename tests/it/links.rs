//! Nothing written through a link, nothing read without bound: a symbolic link planted in
//! a data or output folder is never written through (repair, the participant's lock, the
//! temporary files of every writer, the output files themselves, the folders a course is
//! replaced through), and a session file
//! that is a link to a device is refused and named without stopping the other sessions.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::common::*;

const UNTOUCHED: &str = "a file outside the data folder, which must not change\n";

/// A file outside the data and output folders, to plant links to.
fn outside(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, UNTOUCHED).unwrap();
    path
}

/// Every planted link's target still holds what it held.
fn assert_untouched(targets: &[PathBuf]) {
    for target in targets {
        assert_eq!(
            std::fs::read_to_string(target).unwrap(),
            UNTOUCHED,
            "{} was written through a link",
            target.display()
        );
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The hostile case: a session left open whose `trials.csv` is a link to a file outside
/// with a cut-off last row. Repair used to cut that file; now it names the link, leaves
/// the session open and changes nothing.
#[test]
fn repair_never_cuts_a_file_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 1, "practice", &["--no-tracking"]);
    let s01 = data.join("arm-p01").join("S01");
    edit(&s01.join("session.ron"), |t| {
        t.replace("status: Complete", "status: InProgress")
    });
    let victim = tmp.path().join("victim.csv");
    let text = std::fs::read_to_string(s01.join("trials.csv")).unwrap() + "arm-p01,1,1,practice,prac";
    std::fs::write(&victim, &text).unwrap();
    std::fs::remove_file(s01.join("trials.csv")).unwrap();
    symlink(&victim, s01.join("trials.csv")).unwrap();
    let before = snapshot(&data);

    let out = vr_aat(&data, &["repair"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("arm-p01/S01/trials.csv") && stderr(&out).contains("symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        text,
        "the file outside is unchanged"
    );
    assert_eq!(snapshot(&data), before, "the session is left as it was");
}

/// Links planted where `simulate` builds a participant's new course and keeps the old
/// one while it swaps them (`.P.new`, `.P.old`) are removed, never followed: the folder
/// they point to is untouched and the course is replaced as usual.
#[test]
fn a_replacement_never_follows_planted_folder_links() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 1, "practice", &["--no-tracking"]);
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let keep = outside(&elsewhere, "keep.txt");
    symlink(&elsewhere, data.join(".arm-p01.new")).unwrap();
    symlink(&elsewhere, data.join(".arm-p01.old")).unwrap();
    simulate_cohort(&data, 1, "practice", &["--no-tracking", "--seed", "2"]);
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), UNTOUCHED);
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        1,
        "nothing written there"
    );
    assert!(
        !std::fs::symlink_metadata(data.join("arm-p01"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(data.join("arm-p01").join("S01").join("trials.csv").is_file());
}

/// A participant's lock file planted as a link (dangling or not): the writer refuses to
/// start and creates nothing outside the data folder.
#[test]
fn the_participants_lock_is_never_taken_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let dangling = tmp.path().join("created-through-the-link");
    symlink(&dangling, data.join(".P001.lock")).unwrap();
    let out = vr_aat(&data, &["simulate", "--protocol", "practice", "--participant", "P001"]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(".P001.lock"), "{}", stderr(&out));
    assert!(!dangling.exists(), "nothing was created through the link");
    assert!(!data.join("P001").exists(), "no session was started");
}

/// Links planted where writers used to put their temporary files (fixed names) and in
/// place of the output files: `simulate`, `intake` and `export` write their files, and
/// every file outside stays as it was.
#[test]
fn writers_never_write_through_planted_temporary_or_output_links() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 1, "practice", &["--no-tracking"]);
    let participant = data.join("arm-p01");
    let mut planted = Vec::new();
    for (i, name) in [".intake.ron.tmp", ".session.ron.tmp", ".summary.ron.tmp"]
        .iter()
        .enumerate()
    {
        let target = outside(tmp.path(), &format!("outside-data-{i}.txt"));
        symlink(&target, participant.join(name)).unwrap();
        planted.push(target);
    }
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    for (i, name) in [
        ".trials_long.csv.tmp",
        ".answers_long.csv.tmp",
        ".questionnaire_scores.csv.tmp",
        "trials_long.csv",
        "answers_long.csv",
    ]
    .iter()
    .enumerate()
    {
        let target = outside(tmp.path(), &format!("outside-out-{i}.txt"));
        symlink(&target, out_dir.join(name)).unwrap();
        planted.push(target);
    }

    let intake = vr_aat(
        &data,
        &[
            "intake",
            "arm-p01",
            "--alcohol",
            "red-wine,lager-pint",
            "--soft",
            "orange-juice,cola-can",
        ],
    );
    assert!(intake.status.success(), "{}", stderr(&intake));
    let export = vr_aat(&data, &["export", "--out", out_dir.to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert_untouched(&planted);
    // The output files are real files now (the links to them were replaced, not followed).
    let table = out_dir.join("trials_long.csv");
    assert!(!std::fs::symlink_metadata(&table).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&table).unwrap().lines().count() > 1);
}

/// A session's `tracking.csv` linked to `/dev/zero` (endless) is refused at once, named,
/// and the other participant's data are still exported.
#[test]
fn a_session_file_that_is_a_device_is_refused_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 2, "practice", &[]);
    let tracking = data.join("arm-p01").join("S01").join("tracking.csv");
    std::fs::remove_file(&tracking).unwrap();
    symlink("/dev/zero", &tracking).unwrap();
    let out_dir = tmp.path().join("out");
    let out = vr_aat(&data, &["export", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("arm-p01/S01/tracking.csv") && stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    let rows = std::fs::read_to_string(out_dir.join("tracking_long.csv")).unwrap();
    assert!(
        rows.lines().any(|l| l.starts_with("arm-p02,")),
        "the other participant is exported"
    );
    assert!(!rows.lines().any(|l| l.starts_with("arm-p01,")));
}

/// Links planted in place of every output of `replay --out`, `report --out`,
/// `report --all` and `export --fhir` (and of a stale tracking table that `export
/// --no-tracking` removes): each is replaced or removed as a link, never followed.
#[test]
fn every_output_file_replaces_a_planted_link_and_never_writes_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    simulate_cohort(&data, 1, "practice", &[]);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("reports")).unwrap();
    let mut planted = Vec::new();
    let names = [
        "trials.csv",
        "replay.ron",
        "page.html",
        "reports/study.html",
        "reports/arm-p01.html",
        "arm-p01.fhir.json",
        "tracking_long.csv",
    ];
    for (i, name) in names.iter().enumerate() {
        let target = outside(tmp.path(), &format!("outside-{i}.txt"));
        symlink(&target, out.join(name)).unwrap();
        planted.push(target);
    }
    let o = |p: &str| out.join(p).display().to_string();
    let runs: [Vec<String>; 5] = [
        vec![
            "replay".into(),
            "arm-p01".into(),
            "1".into(),
            "--onset-distance".into(),
            "0.03".into(),
            "--out".into(),
            o(""),
        ],
        vec![
            "report".into(),
            "arm-p01".into(),
            "--iterations".into(),
            "50".into(),
            "--out".into(),
            o("page.html"),
        ],
        vec![
            "report".into(),
            "--all".into(),
            "--iterations".into(),
            "50".into(),
            "--out".into(),
            o("reports"),
        ],
        vec![
            "export".into(),
            "--fhir".into(),
            "--iterations".into(),
            "50".into(),
            "--max-entries".into(),
            "1000".into(),
            "--out".into(),
            o(""),
        ],
        vec!["export".into(), "--no-tracking".into(), "--out".into(), o("")],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = vr_aat(&data, &args);
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
    }
    assert_untouched(&planted);
    for name in &names[..6] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name} is not a real file now");
    }
    // The stale tracking table (a link here) is gone, not its target.
    assert!(std::fs::symlink_metadata(out.join("tracking_long.csv")).is_err());
}
