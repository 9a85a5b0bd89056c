//! Questionnaire definitions: the shipped craving VAS, SSQ and AUQ load (from the files
//! and built into the program), are complete in every language, score as computed by
//! hand (the SSQ with Kennedy et al. 1993's weights and subscale assignment, the AUQ with
//! its reversed items), refuse answers off their scales, and a broken definition is
//! refused with its file, line, column and field.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;
use vr_aat_core::data::questionnaire::{Questionnaire, Term};
use vr_aat_core::data::{DataError, load_questionnaire};
use vr_aat_core::locale::Language;
use vr_aat_core::questionnaire::{AnswerError, check_answers, scores};

fn shipped(name: &str) -> Questionnaire {
    let from_file = load_questionnaire(&asset(&format!("questionnaires/{name}.ron"))).expect("loads");
    let built_in = load_questionnaire(Path::new(&format!("built-in:questionnaires/{name}.ron"))).expect("built in");
    assert_eq!(from_file, built_in);
    from_file
}

fn answers(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn score(q: &Questionnaire, a: &BTreeMap<String, f64>, id: &str) -> Option<f64> {
    check_answers(q, a).expect("answers fit");
    scores(q, a).into_iter().find(|(s, _)| s == id).and_then(|(_, v)| v)
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a score");
    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
}

#[test]
fn the_ssq_scores_with_kennedys_weights() {
    let q = shipped("ssq");
    assert_eq!(q.items.len(), 16);
    // Each subscale has 7 symptoms; some symptoms count in two.
    for sub in ["nausea", "oculomotor", "disorientation"] {
        let s = q.scores.iter().find(|s| s.id == sub).unwrap();
        assert_eq!(s.terms.len(), 7, "{sub}");
    }
    // Every symptom rated 1: raw sums 7, 7, 7.
    let ones: BTreeMap<String, f64> = q.items.iter().map(|i| (i.id.clone(), 1.0)).collect();
    close(score(&q, &ones, "nausea"), 7.0 * 9.54);
    close(score(&q, &ones, "oculomotor"), 7.0 * 7.58);
    close(score(&q, &ones, "disorientation"), 7.0 * 13.92);
    close(score(&q, &ones, "total"), 21.0 * 3.74);
    // Nausea 2 (counts in N and D), headache 3 (O), vertigo 1 (D), the rest 0.
    let mut a: BTreeMap<String, f64> = q.items.iter().map(|i| (i.id.clone(), 0.0)).collect();
    a.insert("nausea".into(), 2.0);
    a.insert("headache".into(), 3.0);
    a.insert("vertigo".into(), 1.0);
    close(score(&q, &a, "nausea"), 2.0 * 9.54);
    close(score(&q, &a, "oculomotor"), 3.0 * 7.58);
    close(score(&q, &a, "disorientation"), 3.0 * 13.92);
    close(score(&q, &a, "total"), 8.0 * 3.74);
    // A symptom not answered: no score that needs it, the others still computed.
    a.remove("headache");
    assert_eq!(score(&q, &a, "oculomotor"), None);
    assert_eq!(score(&q, &a, "total"), None);
    close(score(&q, &a, "nausea"), 2.0 * 9.54);
}

#[test]
fn the_auq_reverses_two_items_and_the_vas_is_its_answer() {
    let q = shipped("auq");
    assert_eq!(q.items.len(), 8);
    let reversed: Vec<&str> = q.scores[0]
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Reversed(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(reversed, ["no-need", "would-not-drink"]);
    // Strong agreement with everything: the two reversed items count 1, the rest 7.
    let sevens: BTreeMap<String, f64> = q.items.iter().map(|i| (i.id.clone(), 7.0)).collect();
    close(score(&q, &sevens, "sum"), 44.0);
    close(score(&q, &sevens, "mean"), 5.5);
    let mixed = answers(&[
        ("want", 2.0),
        ("no-need", 6.0),
        ("hard-to-refuse", 3.0),
        ("perfect", 1.0),
        ("taste", 2.0),
        ("nothing-better", 1.0),
        ("would-not-drink", 7.0),
        ("crave", 4.0),
    ]);
    close(score(&q, &mixed, "sum"), 2.0 + 2.0 + 3.0 + 1.0 + 2.0 + 1.0 + 1.0 + 4.0);

    let vas = shipped("craving-vas");
    close(score(&vas, &answers(&[("urge", 37.5)]), "craving"), 37.5);
}

#[test]
fn answers_off_the_scale_are_refused() {
    let ssq = shipped("ssq");
    let vas = shipped("craving-vas");
    assert!(matches!(
        check_answers(&ssq, &answers(&[("nausea", 4.0)])),
        Err(AnswerError::OffScale { .. })
    ));
    assert!(matches!(
        check_answers(&ssq, &answers(&[("nausea", 1.5)])),
        Err(AnswerError::OffScale { .. })
    ));
    assert!(matches!(
        check_answers(&vas, &answers(&[("urge", 100.5)])),
        Err(AnswerError::OffScale { .. })
    ));
    assert!(matches!(
        check_answers(&vas, &answers(&[("urge", f64::NAN)])),
        Err(AnswerError::OffScale { .. })
    ));
    assert!(matches!(
        check_answers(&vas, &answers(&[("mood", 5.0)])),
        Err(AnswerError::UnknownItem { .. })
    ));
}

#[test]
fn every_shipped_text_is_there_in_every_language() {
    for name in ["craving-vas", "ssq", "auq"] {
        let q = shipped(name);
        for lang in Language::ALL {
            assert!(!q.title.get(lang).is_empty());
            for item in &q.items {
                assert!(!item.text.get(lang).trim().is_empty(), "{name} {} {lang:?}", item.id);
            }
        }
    }
}

#[test]
fn a_broken_definition_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(asset("questionnaires/craving-vas.ron")).unwrap();
    let write = |name: &str, t: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, t).unwrap();
        p
    };
    // An empty German item text: named at its field with line and column.
    let empty = write(
        "empty.ron",
        text.replace(
            "de: \"Wie stark ist Ihr Verlangen, jetzt gerade Alkohol zu trinken?\"",
            "de: \"\"",
        ),
    );
    let e = load_questionnaire(&empty).unwrap_err();
    assert_eq!(e.field(), Some("items[0].text.de"), "{e}");
    assert!(e.place().is_some(), "{e}");
    // A missing Danish text: a syntax error at the place.
    let missing = write(
        "missing.ron",
        text.replace(
            ",\n                da: \"Hvor stærk er din trang til at drikke alkohol lige nu?\"",
            "",
        ),
    );
    assert!(matches!(load_questionnaire(&missing), Err(DataError::Syntax { .. })));
    // A score that names an item the questionnaire does not have.
    let unknown = write(
        "unknown.ron",
        text.replace("terms: [Item(\"urge\")]", "terms: [Item(\"desire\")]"),
    );
    let e = load_questionnaire(&unknown).unwrap_err();
    assert_eq!(e.field(), Some("scores[0].terms[0]"), "{e}");
    // `check` says so and exits 2.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("check")
        .arg(&unknown)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("scores[0].terms[0]"));
}
