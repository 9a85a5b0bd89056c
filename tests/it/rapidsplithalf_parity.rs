//! `vr-aat score --split-half` (stratified, the default) against results that
//! rapidsplithalf 0.7 itself computed in R (tests/fixtures/rapidsplithalf: the data
//! sets, the R script that made them, its output and the versions used; regenerate with
//! `Rscript tests/fixtures/rapidsplithalf/make.R`).
//!
//! Both sides are Monte Carlo estimates over 20,000 splits, with different random
//! streams, so they must agree within a few of their combined Monte Carlo errors, not
//! to the digit.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rapidsplithalf")
        .join(name)
}

fn score(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("score")
        .args(args)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "vr-aat score {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The number after `label` in `text`.
fn number_after(text: &str, label: &str) -> f64 {
    let rest = text
        .split(label)
        .nth(1)
        .unwrap_or_else(|| panic!("`{label}` in:\n{text}"));
    let token: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-'))
        .collect();
    token
        .parse()
        .unwrap_or_else(|_| panic!("a number after `{label}` in:\n{text}"))
}

fn r_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|row| {
            let row = row.expect("row");
            headers
                .iter()
                .zip(row.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn stratified_reliability_matches_rapidsplithalf() {
    let rows = r_rows("reliability.csv");
    assert_eq!(rows.len(), 12, "every data set, score and stratification");
    for row in rows {
        let get = |c: &str| -> f64 { row[c].parse().unwrap_or(f64::INFINITY) };
        let data = fixture(&format!("{}.csv", row["data"]));
        let strata = if row["strata"] == "stimulus" {
            "cell-and-stimulus"
        } else {
            "cell"
        };
        let out = score(&[
            data.to_str().expect("utf-8 path"),
            "--preset",
            "aattools",
            "--split-half",
            &row["score"],
            "--strata",
            strata,
            "--iterations",
            "20000",
        ]);
        let what = format!("{} {} {}", row["data"], row["score"], row["strata"]);
        let r = number_after(&out, "Spearman-Brown r =");
        let mc = number_after(&out, "Monte Carlo error");
        let tolerance = 4.0 * (mc.powi(2) + get("mc_error").powi(2)).sqrt() + 1e-4;
        assert!(
            (r - get("r")).abs() < tolerance,
            "{what}: r {r} vs rapidsplithalf {} (tolerance {tolerance})",
            get("r")
        );
        // Our Monte Carlo error is computed as the script computes R's.
        assert!((mc - get("mc_error")).abs() < 3e-4, "{what}: Monte Carlo error {mc}");
        // The interval's ends are tail quantiles of the splits: noisier.
        let lower = number_after(&out, "95% of splits [");
        let upper = number_after(&out, &format!("95% of splits [{lower:.4},"));
        assert!(
            (lower - get("lower")).abs() < 0.02,
            "{what}: lower {lower} vs {}",
            get("lower")
        );
        assert!(
            (upper - get("upper")).abs() < 0.02,
            "{what}: upper {upper} vs {}",
            get("upper")
        );
        assert_eq!(
            number_after(&out, "with"),
            get("testsize"),
            "{what}: trials per participant"
        );
        // The trials needed for 0.8: rapidsplithalf's formula on each side's own r (the
        // figure itself moves a lot with r when r is small).
        if get("r") > 0.3 {
            let needed = number_after(&out, "for r = 0.8:");
            let relative = (needed - get("required_for_0.8")).abs() / get("required_for_0.8");
            assert!(
                relative < 0.05,
                "{what}: {needed} trials vs {}",
                get("required_for_0.8")
            );
        } else if get("r") <= 0.0 {
            assert!(out.contains("not reachable by more trials"), "{what}:\n{out}");
        }
    }
}

#[test]
fn whether_two_reliabilities_differ_matches_comprel() {
    // The two data sets as two groups of one table.
    let dir = tempfile::tempdir().expect("temp dir");
    let both = dir.path().join("both.csv");
    let mut text = String::new();
    for (i, name) in ["strong", "weak"].iter().enumerate() {
        let data = std::fs::read_to_string(fixture(&format!("{name}.csv"))).expect("fixture");
        for (j, line) in data.lines().enumerate() {
            match (i, j) {
                (0, 0) => text.push_str(&format!("task,{line}\n")),
                (_, 0) => {}
                _ => text.push_str(&format!("{name},{line}\n")),
            }
        }
    }
    std::fs::write(&both, text).expect("write");
    let out = score(&[
        both.to_str().expect("utf-8 path"),
        "--preset",
        "aattools",
        "--group-by",
        "task",
        "--split-half",
        "mean-diff",
        "--iterations",
        "20000",
    ]);
    let p = number_after(&out, "differ? p =");
    let theirs: f64 = r_rows("comprel.csv")[0]["p"].parse().expect("p");
    assert!(
        (p - theirs).abs() < 0.03,
        "comprel: {p} vs rapidsplithalf {theirs}\n{out}"
    );
}
