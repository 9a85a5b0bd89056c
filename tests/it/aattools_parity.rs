//! `vr-aat score` against results that AATtools 0.0.3 itself computed in R
//! (tests/fixtures/aattools: the data sets, the R script that made them and its output;
//! regenerate with `Rscript tests/fixtures/aattools/make.R`).
//!
//! Per-participant scores must agree to floating-point precision, including which
//! participants are not scored; split-half and bootstrap figures are Monte Carlo
//! estimates on both sides, so they must agree within a few standard errors.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aattools")
        .join(name)
}

/// Rows of a CSV text keyed by `key`, each a map of column to text.
fn rows(text: &str, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("header").clone();
    let mut out = BTreeMap::new();
    for row in r.records() {
        let row = row.expect("row");
        let map: BTreeMap<String, String> = headers
            .iter()
            .zip(row.iter())
            .map(|(h, v)| (h.to_owned(), v.to_owned()))
            .collect();
        out.insert(map[key].clone(), map);
    }
    out
}

fn score(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("score")
        .args(args)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "vr-aat score {args:?} failed:\n{stderr}");
    (stdout, stderr)
}

/// Every participant's four scores, or their absence, as AATtools gave them.
fn same_scores(data: &str, r_output: &str, options: &[&str]) {
    same_columns(
        data,
        r_output,
        options,
        &["median_diff", "mean_diff", "d_score", "median_d_score"],
    );
}

/// Every participant's `columns`, or their absence, as AATtools gave them.
fn same_columns(data: &str, r_output: &str, options: &[&str], columns: &[&str]) {
    let file = fixture(data);
    let mut args = vec![file.to_str().expect("utf-8 path"), "--csv"];
    args.extend_from_slice(options);
    let (stdout, _) = score(&args);
    let ours = rows(&stdout, "subjectid");
    let theirs = rows(
        &std::fs::read_to_string(fixture(r_output)).expect("fixture"),
        "subjectid",
    );
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "{r_output}: participants"
    );
    let mut unscored = 0;
    for (id, r) in &theirs {
        for &column in columns {
            let (a, b) = (&r[column], &ours[id][column]);
            match (a.is_empty(), b.is_empty()) {
                (true, true) => unscored += 1,
                (false, false) => {
                    let (a, b): (f64, f64) = (a.parse().expect("R number"), b.parse().expect("our number"));
                    assert!(
                        (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                        "{r_output}: {id} {column}: AATtools {a}, vr-aat {b}"
                    );
                }
                _ => panic!(
                    "{r_output}: {id} {column}: AATtools `{a}`, vr-aat `{b}` ({})",
                    ours[id]["reason"]
                ),
            }
        }
    }
    let expect_unscored = theirs.values().filter(|r| r[columns[0]].is_empty()).count() * columns.len();
    assert_eq!(unscored, expect_unscored);
}

/// AATtools' other algorithms (tests/fixtures/aattools/make_algorithms.R): single
/// differences, regression with its standard error, standardised regression and the
/// multi-block D-score, on data in four blocks, with its default options and with
/// errors dropped and the 3-SD rule.
#[test]
fn the_other_algorithms_match_aattools() {
    let columns = [
        "single_mean_diff",
        "single_median_diff",
        "regression",
        "regression_se",
        "standard_regression",
        "multiblock_d_score",
    ];
    same_columns(
        "blocks.csv",
        "algorithms_blocks_default.csv",
        &["--preset", "aattools"],
        &columns,
    );
    same_columns(
        "blocks.csv",
        "algorithms_blocks_drop_3sd.csv",
        &[
            "--preset",
            "aattools",
            "--errors",
            "drop",
            "--max-error-rate",
            "0.15",
            "--prune",
            "sd",
        ],
        &columns,
    );
}

/// aat_splithalf with stratvars (the stimulus column) and without, on data whose stimuli
/// differ in speed.
#[test]
fn split_half_with_stratification_variables_matches_aattools() {
    same_split_half(
        "../rapidsplithalf/strong.csv",
        "splithalf_strong_mean_stratvars.csv",
        &[
            "--preset",
            "aattools",
            "--split-half",
            "mean-diff",
            "--strata",
            "cell-and-stimulus",
        ],
    );
    same_split_half(
        "../rapidsplithalf/strong.csv",
        "splithalf_strong_mean.csv",
        &["--preset", "aattools", "--split-half", "mean-diff"],
    );
}

#[test]
fn default_analysis_matches_aattools() {
    same_scores("basic.csv", "scores_basic_default.csv", &["--preset", "aattools"]);
    same_scores("negative.csv", "scores_negative_default.csv", &["--preset", "aattools"]);
}

#[test]
fn error_and_outlier_options_match_aattools() {
    let drop = ["--preset", "aattools", "--errors", "drop", "--max-error-rate", "0.15"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> { drop.iter().chain(extra).copied().collect() };
    same_scores("basic.csv", "scores_basic_drop_3sd.csv", &with(&["--prune", "sd"]));
    same_scores(
        "basic.csv",
        "scores_basic_drop_sddropcases.csv",
        &with(&[
            "--prune",
            "sd-dropcases",
            "--prune-limit",
            "2",
            "--max-outliers",
            "0.08",
        ]),
    );
    same_scores(
        "basic.csv",
        "scores_basic_drop_recode.csv",
        &with(&["--prune", "recode-sd", "--prune-limit", "2.5"]),
    );
    same_scores(
        "basic.csv",
        "scores_basic_drop_percent.csv",
        &with(&[
            "--prune",
            "percent",
            "--percent-lower",
            "0.05",
            "--percent-upper",
            "0.95",
        ]),
    );
    same_scores(
        "basic.csv",
        "scores_basic_drop_grubbs.csv",
        &with(&["--prune", "grubbs"]),
    );
    same_scores(
        "basic.csv",
        "scores_basic_drop_percentsample.csv",
        &with(&[
            "--prune",
            "percent-sample",
            "--percent-lower",
            "0.05",
            "--percent-upper",
            "0.95",
        ]),
    );
    same_scores(
        "basic.csv",
        "scores_basic_replace_3mad.csv",
        &[
            "--preset",
            "aattools",
            "--errors",
            "replace",
            "--error-penalty",
            "600",
            "--prune",
            "mad",
        ],
    );
}

/// The four coefficients from our text output: name -> (r, lower, upper, p).
fn coefficients(text: &str) -> BTreeMap<&'static str, [f64; 4]> {
    let mut out = BTreeMap::new();
    for (name, label) in [
        ("spearmanbrown", "Spearman-Brown r = "),
        ("uncorrected", "uncorrected r = "),
        ("flanaganrulon", "Flanagan-Rulon = "),
        ("raju", "Raju's beta = "),
    ] {
        let line = text.lines().find(|l| l.trim_start().starts_with(label)).expect(label);
        let nums: Vec<f64> = line
            .replace(label, " ")
            .split([',', '[', ']', '='])
            .filter_map(|t| t.trim().trim_start_matches("p ").trim().parse().ok())
            .collect();
        out.insert(name, [nums[0], nums[1], nums[2], nums[3]]);
    }
    out
}

/// Our split-half figures against AATtools' (2000 iterations in R; 20000 here, so
/// almost all the Monte Carlo error is R's: about 0.005 on an average correlation).
fn same_split_half(data: &str, r_output: &str, options: &[&str]) {
    let file = fixture(data);
    let mut args = vec![
        file.to_str().expect("utf-8 path"),
        "--iterations",
        "20000",
        "--split-method",
        "aattools",
    ];
    args.extend_from_slice(options);
    let (stdout, _) = score(&args);
    let ours = coefficients(&stdout);
    let theirs = rows(
        &std::fs::read_to_string(fixture(r_output)).expect("fixture"),
        "coefficient",
    );
    for (name, [r, lower, upper, p]) in ours {
        let t = &theirs[name];
        let get = |c: &str| -> f64 { t[c].parse().expect("R number") };
        assert!(
            (r - get("r")).abs() < 0.015,
            "{r_output} {name}: r {r} vs AATtools {}",
            get("r")
        );
        // Interval ends are tail quantiles: noisier.
        assert!(
            (lower - get("lowerci")).abs() < 0.12,
            "{r_output} {name}: lower {lower} vs {}",
            get("lowerci")
        );
        assert!(
            (upper - get("upperci")).abs() < 0.12,
            "{r_output} {name}: upper {upper} vs {}",
            get("upperci")
        );
        assert!(
            (p - get("pval")).abs() < 0.02,
            "{r_output} {name}: p {p} vs {}",
            get("pval")
        );
    }
    let avg_n: f64 = theirs["uncorrected"]["avg_n"].parse().expect("avg_n");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("split-half"))
        .expect("split-half line");
    let ours_n: f64 = line
        .split("participants (")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("average participants");
    assert!(
        (ours_n - avg_n).abs() < 0.1,
        "{r_output}: average n {ours_n} vs {avg_n}"
    );
}

#[test]
fn split_half_matches_aattools() {
    same_split_half(
        "basic.csv",
        "splithalf_basic_median.csv",
        &["--preset", "aattools", "--split-half", "median-diff"],
    );
    same_split_half(
        "basic.csv",
        "splithalf_basic_dscore_drop_3sd.csv",
        &[
            "--preset",
            "aattools",
            "--errors",
            "drop",
            "--max-error-rate",
            "0.15",
            "--prune",
            "sd",
            "--split-half",
            "d-score",
        ],
    );
}

/// Grubbs' rule runs over both halves of a participant together in aat_splithalf, the
/// sample-wide percentile rule over each half of all participants (1000 iterations in R).
#[test]
fn split_half_with_grubbs_and_sample_percentiles_matches_aattools() {
    same_split_half(
        "basic.csv",
        "splithalf_basic_mean_grubbs.csv",
        &["--preset", "aattools", "--prune", "grubbs", "--split-half", "mean-diff"],
    );
    same_split_half(
        "basic.csv",
        "splithalf_basic_median_percentsample.csv",
        &[
            "--preset",
            "aattools",
            "--prune",
            "percent-sample",
            "--split-half",
            "median-diff",
        ],
    );
}

#[test]
fn negative_split_half_is_mirrored_as_aattools_does() {
    // AATtools: uncorrected r = -0.388, Spearman-Brown -0.559 (2r/(1+r) would give -1.27).
    same_split_half(
        "negative.csv",
        "splithalf_negative_mean.csv",
        &["--preset", "aattools", "--split-half", "mean-diff"],
    );
    let file = fixture("negative.csv");
    let (stdout, _) = score(&[
        file.to_str().expect("path"),
        "--preset",
        "aattools",
        "--split-half",
        "mean-diff",
        "--split-method",
        "aattools",
    ]);
    let c = coefficients(&stdout);
    assert!(c["spearmanbrown"][0] < c["uncorrected"][0] && c["spearmanbrown"][0] > -1.0);
}

#[test]
fn bootstrap_matches_aattools() {
    let file = fixture("basic.csv");
    let (stdout, stderr) = score(&[
        file.to_str().expect("path"),
        "--csv",
        "--preset",
        "aattools",
        "--bootstrap",
        "median-diff",
        "--iterations",
        "20000",
    ]);
    let ours = rows(&stdout, "subjectid");
    let theirs = rows(
        &std::fs::read_to_string(fixture("bootstrap_basic_median.csv")).expect("fixture"),
        "subjectid",
    );
    for (id, t) in &theirs {
        let get = |m: &BTreeMap<String, String>, c: &str| -> f64 { m[c].parse().expect("number") };
        // A score's bootstrap SD is about 60-90 ms here: R's 2000-iteration mean has a
        // standard error of about 2 ms; its 2.5% and 97.5% quantiles about 10 ms.
        assert!((get(&ours[id], "boot_mean") - get(t, "bias")).abs() < 7.0, "{id} mean");
        assert!(
            (get(&ours[id], "boot_lower") - get(t, "lowerci")).abs() < 35.0,
            "{id} lower"
        );
        assert!(
            (get(&ours[id], "boot_upper") - get(t, "upperci")).abs() < 35.0,
            "{id} upper"
        );
    }
    let q: f64 = theirs.values().next().expect("row")["q"].parse().expect("q");
    let ours_q: f64 = stderr
        .lines()
        .find_map(|l| l.split("q = ").nth(1))
        .and_then(|s| s.trim().parse().ok())
        .expect("q line");
    assert!((ours_q - q).abs() < 0.05, "q {ours_q} vs AATtools {q}");
}

/// named.csv's column names, as `score` options.
const NAMED_COLUMNS: [&str; 10] = [
    "--subject-column",
    "subject",
    "--pull-column",
    "pull",
    "--target-column",
    "target",
    "--rt-column",
    "RT",
    "--correct-column",
    "correct",
];

/// Other column names (subject, pull, target, RT, correct instead of error) and two
/// tasks in one file: each task is scored apart, as AATtools scores each task's rows.
#[test]
fn named_columns_and_groups_score_each_task_apart() {
    let file = fixture("named.csv");
    let path = file.to_str().expect("path");
    let grouped = [
        path,
        "--csv",
        "--preset",
        "aattools",
        "--group-by",
        "task",
        "--errors",
        "drop",
        "--max-error-rate",
        "0.15",
    ];
    let (stdout, _) = score(&[&grouped[..], &NAMED_COLUMNS[..]].concat());
    assert!(stdout.starts_with("task,subjectid,"), "{stdout}");
    // Without --group-by the tasks would be pooled: the command says so.
    let (_, stderr) = score(&[&[path, "--min-trials", "1"][..], &NAMED_COLUMNS[..]].concat());
    assert!(
        stderr.contains("column `task`") && stderr.contains("--group-by task"),
        "{stderr}"
    );
    for task in ["alcohol", "food"] {
        let ours: String = std::iter::once(stdout.lines().next().expect("header").replacen("task,", "", 1))
            .chain(
                stdout
                    .lines()
                    .filter_map(|l| l.strip_prefix(&format!("{task},")).map(str::to_owned)),
            )
            .map(|l| l + "\n")
            .collect();
        let ours = rows(&ours, "subjectid");
        let theirs = rows(
            &std::fs::read_to_string(fixture(&format!("scores_named_{task}_drop.csv"))).expect("fixture"),
            "subjectid",
        );
        assert_eq!(ours.len(), 6, "{task}");
        for (id, t) in &theirs {
            for column in ["median_diff", "mean_diff", "d_score", "median_d_score"] {
                let (a, b): (f64, f64) = (t[column].parse().expect("R"), ours[id][column].parse().expect("ours"));
                assert!(
                    (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    "{task} {id} {column}: {a} vs {b}"
                );
            }
        }
    }
}
