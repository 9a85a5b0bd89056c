//! Scores against small data sets worked out by hand (R's definitions: sd with n - 1,
//! median averaging the middle pair, mad = 1.4826 x median absolute deviation), with odd
//! and even cells and tied RTs; pre-processing counts; and `vr-aat score` on a CSV file.

use std::process::Command;

use crate::common::vr_aat;

use vr_aat_core::scoring::{Cells, ScoreTrial, ScoringConfig, Verdict, prepare, score};

/// push-alcohol [600 620 640]      median 620, mean 620          (odd)
/// pull-alcohol [500 540 560 580]  median (540+560)/2 = 550, mean 545   (even)
/// push-soft    [590 590 610]      median 590 (tie), mean 596.666..
/// pull-soft    [570 580 580 600]  median (580+580)/2 = 580, mean 582.5 (even, tie)
fn cells() -> Cells {
    Cells([
        vec![600.0, 620.0, 640.0],
        vec![500.0, 540.0, 560.0, 580.0],
        vec![590.0, 590.0, 610.0],
        vec![570.0, 580.0, 580.0, 600.0],
    ])
}

#[test]
fn double_differences_by_hand() {
    let s = score(&cells());
    // (620 - 550) - (590 - 580) = 70 - 10 = 60
    assert_eq!(s.median_diff, Some(60.0));
    // (620 - 545) - (596.666.. - 582.5) = 75 - 14.1666.. = 60.8333..
    assert!((s.mean_diff.unwrap() - 60.833_333_333).abs() < 1e-6);
    assert_eq!(s.medians, [Some(620.0), Some(550.0), Some(590.0), Some(580.0)]);
}

#[test]
fn d_scores_by_hand() {
    let s = score(&cells());
    // Pooled 14 RTs: sum 8160, sum of squares 4,771,600.
    // SS = 4,771,600 - 8160^2 / 14 = 4,771,600 - 4,756,114.2857 = 15,485.7143
    // sd = sqrt(15,485.7143 / 13) = 34.51389; D = 60.83333 / 34.51389 = 1.762575
    let sd = (15_485.714_285_714_286_f64 / 13.0).sqrt();
    assert!((s.d_score.unwrap() - 60.833_333_333_333_33 / sd).abs() < 1e-9);
    assert!((s.d_score.unwrap() - 1.762_575).abs() < 1e-6);
    // Pooled median: sorted, the 7th and 8th of 14 are 580 and 590: 585.
    // |x - 585| sorted: 5 5 5 5 5 15 15 15 25 25 35 45 55 85; 7th and 8th: 15, 15.
    // mad = 1.4826 * 15 = 22.239; median D = 60 / 22.239 = 2.697963
    assert!((s.median_d_score.unwrap() - 60.0 / (1.4826 * 15.0)).abs() < 1e-12);
}

fn trial(is_pull: bool, is_target: bool, rt: f64, error: bool) -> ScoreTrial {
    ScoreTrial {
        flagged: false,
        is_pull,
        is_target,
        rt_ms: Some(rt),
        error,
        timed_out: false,
        block: 1,
        stimulus: 0,
    }
}

fn fixture_trials() -> Vec<ScoreTrial> {
    let mut t = Vec::new();
    for (i, cell) in cells().0.iter().enumerate() {
        let (is_pull, is_target) = [(false, true), (true, true), (false, false), (true, false)][i];
        t.extend(cell.iter().map(|rt| trial(is_pull, is_target, *rt, false)));
    }
    t
}

#[test]
fn pre_processing_counts_what_it_drops() {
    let mut t = fixture_trials();
    t.push(trial(false, true, 610.0, true)); // error
    t.push(trial(true, true, 150.0, false)); // faster than 200 ms
    t.push(trial(true, false, 2500.0, false)); // slower than 2000 ms
    // 1500 ms: with it the 15 RTs have mean 644 and sd 239.1, so it is 856 ms = 3.58 sd
    // from the mean: an outlier by the 3-SD rule.
    t.push(trial(false, false, 1500.0, false));
    let config = ScoringConfig {
        min_trials_per_cell: 3,
        ..ScoringConfig::default()
    };
    let p = prepare(&t, &config);
    assert_eq!(
        (
            p.excluded.errors,
            p.excluded.too_fast,
            p.excluded.too_slow,
            p.excluded.outliers
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(p.cells, cells(), "what is left is the hand-worked data set");
    assert_eq!(p.verdict, Verdict::Scored);
    // The fixed RT bounds come first (like filtering the table before AATtools): the
    // error rate is over the 16 trials within them.
    assert!((p.error_rate - 1.0 / 16.0).abs() < 1e-12);
}

/// AATtools drops rows without an RT before anything else, so they are not errors; a
/// time-out is left out by default and an error only when asked.
#[test]
fn missing_rts_and_time_outs_are_not_errors_by_default() {
    let mut t: Vec<ScoreTrial> = fixture_trials();
    // 3 missing RTs flagged as errors (no response): with 14 + 3 trials, counting them as
    // errors would give 17.6% and "too many errors".
    for _ in 0..3 {
        t.push(ScoreTrial {
            rt_ms: None,
            ..trial(false, true, 0.0, true)
        });
    }
    // A slow but correct movement that timed out.
    let timeout = ScoreTrial {
        timed_out: true,
        ..trial(true, false, 1900.0, true)
    };
    t.push(timeout);
    let config = ScoringConfig {
        min_trials_per_cell: 3,
        prune: vr_aat_core::scoring::TrialPrune::None,
        ..ScoringConfig::default()
    };
    let p = prepare(&t, &config);
    assert_eq!((p.excluded.no_rt, p.excluded.timeouts, p.error_count), (3, 1, 0));
    assert_eq!(p.verdict, Verdict::Scored);
    assert_eq!(p.cells, cells());
    assert_eq!(p.timeouts, 1);
    // Counted as errors on request: 1 of 15.
    let as_errors = prepare(
        &t,
        &ScoringConfig {
            timeouts: vr_aat_core::scoring::Timeouts::Errors,
            ..config
        },
    );
    assert_eq!(
        (
            as_errors.excluded.timeouts,
            as_errors.error_count,
            as_errors.excluded.errors
        ),
        (0, 1, 1)
    );
    assert!((as_errors.error_rate - 1.0 / 15.0).abs() < 1e-12);
}

/// Why a participant is not scored names the cell.
#[test]
fn the_reason_names_the_cell() {
    let t: Vec<ScoreTrial> = fixture_trials();
    let p = prepare(&t, &ScoringConfig::default());
    assert_eq!(p.verdict, Verdict::TooFewTrials);
    assert_eq!(
        p.reason.as_deref(),
        Some("too few valid trials to score: push target has 3 kept trial(s), 5 needed")
    );
}

#[test]
fn fifteen_percent_errors_is_too_many() {
    // 17 correct trials and 3 errors: 15% exactly, which reaches the limit.
    let mut t = fixture_trials();
    t.extend([
        trial(false, true, 630.0, false),
        trial(true, true, 530.0, false),
        trial(false, false, 600.0, false),
    ]);
    t.extend((0..3).map(|_| trial(false, true, 600.0, true)));
    assert_eq!(t.len(), 20);
    let p = prepare(
        &t,
        &ScoringConfig {
            min_trials_per_cell: 1,
            ..ScoringConfig::default()
        },
    );
    assert_eq!(p.verdict, Verdict::TooManyErrors);
    assert!((p.error_rate - 0.15).abs() < 1e-12);
}

/// `vr-aat score ARGS FILE`.
fn score_file(args: &[&str], file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("score")
        .args(args)
        .arg(file)
        .output()
        .expect("run vr-aat")
}

#[test]
fn the_score_command_reads_aattools_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aat.csv");
    let mut csv = String::from("SubjectID,blocknum,is_pull,is_target,RT,error,stimid\n");
    for t in fixture_trials() {
        csv.push_str(&format!(
            "p1,1,{},{},{},0,x\n",
            u8::from(t.is_pull),
            u8::from(t.is_target),
            t.rt_ms.unwrap()
        ));
    }
    // A second participant: the same data 100 ms slower, so the same double differences.
    for t in fixture_trials() {
        csv.push_str(&format!(
            "p2,1,{},{},{},FALSE,x\n",
            u8::from(t.is_pull),
            u8::from(t.is_target),
            t.rt_ms.unwrap() + 100.0
        ));
    }
    std::fs::write(&path, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["score", "--csv", "--prune", "none", "--min-trials", "3"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    // Columns: subjectid,...,verdict(13),reason(14),median_diff(15),mean_diff(16),d(17),median_d(18)
    assert_eq!(rows[0][0], "p1");
    assert_eq!(rows[0][13], "scored");
    assert_eq!(rows[0][15], "60");
    assert!((rows[0][16].parse::<f64>().unwrap() - 60.833_333_333_333).abs() < 1e-9);
    assert!((rows[0][17].parse::<f64>().unwrap() - 1.762_575).abs() < 1e-6);
    assert_eq!(rows[1][15], "60", "a constant shift leaves the double difference");

    // A bad value names the file, line and column.
    std::fs::write(&path, "subjectid,blocknum,is_pull,is_target,rt,error\np1,1,2,1,600,0\n").unwrap();
    let out = score_file(&[], &path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("aat.csv:2") && err.contains("is_pull"), "{err}");
    // Every missing column is named at once; blocknum is not needed.
    std::fs::write(&path, "subjectid,is_pull,RT\np1,1,600\n").unwrap();
    let out = score_file(&[], &path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing column(s) `is_target`, `error`"), "{err}");
    // A file written with semicolons gets a hint; with --delimiter it is read.
    std::fs::write(&path, "subjectid;is_pull;is_target;rt;error\np1;1;1;600;0\n").unwrap();
    let out = score_file(&[], &path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--delimiter ';'"), "{err}");
    let out = score_file(&["--delimiter", ";", "--preset", "aattools"], &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A row with NA in a 0/1 column is left out and counted, as AATtools drops it.
    std::fs::write(
        &path,
        "subjectid,is_pull,is_target,rt,error\np1,1,0,600,0\np1,NA,0,600,0\n",
    )
    .unwrap();
    let out = score_file(&["--preset", "aattools", "--csv"], &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 row(s) with an empty or NA"));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\np1,1,"),
        "one trial read"
    );
    // 1.0 in a 0/1 column is a 1; a setting out of range names the option.
    std::fs::write(&path, "subjectid,is_pull,is_target,rt,error\np1,1.0,0.0,600,0.0\n").unwrap();
    let out = score_file(&["--preset", "aattools", "--csv"], &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("push target has 0 kept"));
    let out = score_file(&["--min-rt", "500", "--max-rt", "400"], &path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--min-rt / --max-rt"));
}

#[test]
fn a_split_half_that_cannot_be_estimated_is_said_and_the_scores_stand() {
    // The README's example on the README's first simulation: one participant.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = vr_aat(&data, &["simulate", "--sessions", "1", "--hz", "30", "--no-tracking"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let export = dir.path().join("export");
    let run = vr_aat(&data, &["export", "--out", &export.display().to_string()]);
    assert!(run.status.success());
    let table = export.join("trials_long.csv").display().to_string();
    let args = [
        "score",
        &table,
        "--scored-only",
        "--group-by",
        "session",
        "--split-half",
        "d-score",
    ];
    let run = Command::new(env!("CARGO_BIN_EXE_vr-aat")).args(args).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("sim-biased-50ms-s1"), "{out}");
    assert!(
        out.contains(
            "split-half reliability of the D-score (group 1): not available: split-half reliability needs at least 5 participants, got 1"
        ),
        "{out}"
    );
}

/// `score --multiverse`: every pipeline of the grid, in its fixed order, each with a
/// reliability that is the one `--split-half` gives for the same settings and seed.
#[test]
fn the_multiverse_runs_every_pipeline_in_a_fixed_order() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rapidsplithalf/strong.csv");
    let data = data.to_str().expect("utf-8 path");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .arg("score")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run(&[data, "--multiverse", "--csv", "--iterations", "300"]);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0].join(","),
        "errors,rt_bounds,outliers,score,scored,mean,sd,reliability,lower,upper,mc_error"
    );
    assert_eq!(rows.len(), 121, "120 pipelines");
    assert_eq!(rows[1][..4], ["keep", "none", "none", "median-diff"]);
    assert_eq!(rows[120][..4], ["replace+600", "200-2000", "grubbs", "median-d-score"]);
    let mut names: Vec<String> = rows[1..].iter().map(|r| r[..4].join(" ")).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 120, "every combination once");
    assert!(rows[1..].iter().all(|r| r[4] == "30"), "nobody is dropped: no limits");
    // The first pre-processing is AATtools' default analysis: its mean-difference
    // reliability is exactly what --split-half gives with the same splits.
    let single = run(&[
        data,
        "--preset",
        "aattools",
        "--split-half",
        "mean-diff",
        "--iterations",
        "300",
    ]);
    let r: f64 = rows[2][7].parse().unwrap();
    assert!(
        single.contains(&format!("Spearman-Brown r = {r:.4}")),
        "{r} vs\n{single}"
    );
    // Seeded: the same run, the same bytes.
    assert_eq!(run(&[data, "--multiverse", "--csv", "--iterations", "300"]), csv);
}
