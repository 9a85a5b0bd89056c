//! The scoring settings a session was run with are stored in it and used by every
//! command that reviews it: `simulate`'s table, `summary`, and `score` on the export
//! grouped by session agree.

use crate::common::*;
use vr_aat_core::scoring::{ScoringConfig, prepare, score};
use vr_aat_core::trial::score_trials;
use vr_aat_store::scan::read_participant;

#[test]
fn every_command_scores_a_session_with_its_protocols_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The assessment protocol with a 500 ms minimum RT: far from the default 200 ms, so
    // scores with the defaults would differ.
    let text = std::fs::read_to_string(asset("protocols/assessment.ron")).expect("protocol");
    let text = text
        .replacen(
            "catalogue: \"../stimuli/drinks.ron\"",
            &format!("catalogue: {:?}", asset("stimuli/drinks.ron").display().to_string()),
            1,
        )
        .replacen(
            "sessions: 1,",
            "sessions: 1,\n    scoring: ScoringConfig(min_rt_ms: 500),",
            1,
        );
    let protocol = dir.path().join("slow.ron");
    std::fs::write(&protocol, text).expect("write protocol");
    let data = dir.path().join("data");
    let out = vr_aat(
        &data,
        &[
            "simulate",
            "--participant",
            "s500",
            "--no-tracking",
            "--protocol",
            protocol.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout).into_owned();

    let stored = read_participant(&data, "s500").expect("reads");
    let session = &stored.found[0];
    let config = session.meta.scoring();
    assert_eq!(
        config.min_rt_ms, 500.0,
        "the protocol's settings are stored in session.ron"
    );
    let trials = score_trials(&session.records);
    let own = score(&prepare(&trials, &config).cells).median_diff.expect("scored");
    let default = score(&prepare(&trials, &ScoringConfig::default()).cells)
        .median_diff
        .expect("scored");
    assert!(
        (own - default).abs() > 1.0,
        "the test needs settings that matter: {own} vs {default}"
    );

    // simulate's table (one decimal) ...
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .expect("session row");
    let printed: f64 = row.split_whitespace().last().expect("bias").parse().expect("number");
    assert!(
        (printed - own).abs() < 0.051,
        "simulate printed {printed}, expected {own}"
    );
    // ... summary (full precision in CSV) ...
    let out = vr_aat(&data, &["summary", "s500", "--csv", "--iterations", "50"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let header: Vec<&str> = text.lines().next().expect("header").split(',').collect();
    let fields: Vec<&str> = text.lines().nth(1).expect("row").split(',').collect();
    let bias: f64 = fields[header.iter().position(|h| *h == "bias_ms").expect("bias column")]
        .parse()
        .expect("number");
    assert_eq!(bias, own, "summary scores with the stored settings");
    // A D-score is not in ms: the column says which score it is.
    let out = vr_aat(
        &data,
        &["summary", "s500", "--csv", "--iterations", "50", "--score", "d-score"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let header = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .expect("header")
        .to_owned();
    assert!(
        header.contains(",bias_d_score,") && !header.contains("bias_ms,"),
        "{header}"
    );
    // ... and the export carries what a reviewer needs to tell sessions apart.
    let export = dir.path().join("export");
    let out = vr_aat(
        &data,
        &["export", "--out", export.to_str().expect("path"), "--no-tracking"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = std::fs::read_to_string(export.join("trials_long.csv")).expect("export");
    assert!(
        rows.lines()
            .skip(1)
            .all(|l| l.ends_with(",synthetic,simulated,complete,synthetic,90.0,0")
                || l.ends_with(",synthetic,simulated,complete,synthetic,90.0,1"))
    );
}
