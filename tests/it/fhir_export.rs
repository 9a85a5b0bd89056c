//! `vr-aat export --fhir`: one HL7 FHIR R4 transaction Bundle per participant, checked
//! here for what vr-aat promises (pseudonym only, one Procedure per session, scores
//! with UCUM units equal to `summary`'s, references that resolve, byte-identical
//! again) and by an independent implementation: the R4B models of the Python package
//! `fhir.resources` (tests/fhir/validate.py). That check is skipped, saying so, where
//! the package is not installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

fn course(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    simulate_cohort(&data, 2, "training-course", &["--hz", "30", "--no-tracking"]);
    data
}

fn export(data: &Path, out: &Path) -> std::process::Output {
    vr_aat(
        data,
        &[
            "export",
            "--fhir",
            "--iterations",
            "200",
            "--out",
            &out.display().to_string(),
        ],
    )
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn code(r: &Value) -> &str {
    r["code"]["coding"][0]["code"].as_str().unwrap_or("")
}

#[test]
fn a_course_exports_as_a_transaction_bundle_with_summarys_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let out = dir.path().join("fhir");
    let run = export(&data, &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let path = out.join("arm-p01.fhir.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "transaction");

    // Every entry is a PUT to its resource's own id.
    for e in bundle["entry"].as_array().unwrap() {
        let r = &e["resource"];
        assert_eq!(e["request"]["method"], "PUT");
        assert_eq!(
            e["request"]["url"].as_str().unwrap(),
            format!("{}/{}", r["resourceType"].as_str().unwrap(), r["id"].as_str().unwrap())
        );
    }
    // Every reference resolves inside the bundle.
    let urls: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap())
        .collect();
    let mut refs = Vec::new();
    fn collect<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("reference") {
                    out.push(r);
                }
                m.values().for_each(|x| collect(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&bundle, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(urls.contains(&r), "reference {r} does not resolve in the bundle");
    }

    // The patient is the pseudonym, nothing else.
    let patients = resources(&bundle, "Patient");
    assert_eq!(patients.len(), 1);
    let patient = patients[0].as_object().unwrap();
    let mut keys: Vec<&str> = patient.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["id", "identifier", "meta", "resourceType"]);
    assert_eq!(patient["identifier"][0]["value"], "arm-p01");
    // A synthetic participant's every resource, the Patient included, carries HL7's
    // test-data label.
    for entry in bundle["entry"].as_array().unwrap() {
        let r = &entry["resource"];
        assert_eq!(
            r["meta"]["security"][0]["system"],
            "http://terminology.hl7.org/CodeSystem/v3-ActReason"
        );
        assert_eq!(r["meta"]["security"][0]["code"], "HTEST", "{}", r["resourceType"]);
    }

    // One Procedure per session, completed, tagged as synthetic.
    let procedures = resources(&bundle, "Procedure");
    assert_eq!(procedures.len(), 6);
    for p in &procedures {
        assert_eq!(p["status"], "completed");
        assert_eq!(p["meta"]["tag"][0]["code"], "synthetic-patient");
        assert!(p["performedPeriod"]["start"].is_string());
    }

    // The bias observations hold summary's numbers, in ms (UCUM), with the interval.
    let summary = vr_aat(&data, &["summary", "arm-p01", "--csv", "--iterations", "200"]);
    let csv = String::from_utf8_lossy(&summary.stdout).into_owned();
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let biases: Vec<&Value> = resources(&bundle, "Observation")
        .into_iter()
        .filter(|o| code(o) == "aat-bias-median-dd")
        .collect();
    assert_eq!(biases.len(), 6);
    for (row, obs) in rows.iter().zip(&biases) {
        let q = &obs["valueQuantity"];
        assert_eq!(q["system"], "http://unitsofmeasure.org");
        assert_eq!(q["code"], "ms");
        let bias: f64 = row[10].parse().unwrap();
        assert!((q["value"].as_f64().unwrap() - bias).abs() < 1e-5, "{q} vs {bias}");
        let lower: f64 = row[11].parse().unwrap();
        let c = obs["component"].as_array().unwrap();
        assert_eq!(c[0]["code"]["coding"][0]["code"], "ci95-lower");
        assert!((c[0]["valueQuantity"]["value"].as_f64().unwrap() - lower).abs() < 1e-5);
    }
    let rts: Vec<&Value> = resources(&bundle, "Observation")
        .into_iter()
        .filter(|o| code(o) == "aat-median-rt")
        .collect();
    assert_eq!(rts.len(), 6);
    assert_eq!(rts[0]["component"].as_array().unwrap().len(), 4);
    assert_eq!(resources(&bundle, "Device").len(), 1);

    // Every questionnaire answered: a QuestionnaireResponse with the recorded answers,
    // part of its session's Procedure, and an Observation of its scores derived from it.
    let responses = resources(&bundle, "QuestionnaireResponse");
    let mut recorded = 0;
    for session in 1..=6 {
        let answers =
            vr_aat_store::files::answers::read_answers(&data.join("arm-p01").join(format!("S{session:02}"))).unwrap();
        recorded += answers.len();
        for a in &answers {
            let key = format!("arm-p01/S{session:02}/{}/{}", a.questionnaire, a.moment);
            let r = responses
                .iter()
                .find(|r| r["identifier"]["value"] == key.as_str())
                .unwrap_or_else(|| panic!("{key}"));
            assert_eq!(r["status"], "completed");
            assert_eq!(
                r["questionnaire"],
                format!("https://w3id.org/vr-aat/fhir/Questionnaire/{}", a.questionnaire).as_str()
            );
            let item = r["item"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["linkId"] == a.item.as_str())
                .unwrap();
            assert_eq!(
                item["answer"][0]["valueInteger"].as_f64(),
                Some(a.value),
                "{key} {}",
                a.item
            );
        }
    }
    let answered: usize = responses.iter().map(|r| r["item"].as_array().unwrap().len()).sum();
    assert_eq!(answered, recorded, "every recorded answer, once");
    let scores: Vec<&Value> = resources(&bundle, "Observation")
        .into_iter()
        .filter(|o| code(o) == "questionnaire-scores")
        .collect();
    assert_eq!(scores.len(), responses.len());
    for o in &scores {
        let from = o["derivedFrom"][0]["reference"].as_str().unwrap();
        assert!(from.starts_with("QuestionnaireResponse/"), "{from}");
    }

    // Again: byte-identical.
    let again = dir.path().join("again");
    assert!(export(&data, &again).status.success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.join("arm-p01.fhir.json")).unwrap()
    );

    validate_independently(&out, dir.path());
}

/// The Python interpreter with `fhir.resources`: `VR_AAT_FHIR_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("VR_AAT_FHIR_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn validate(files: &[PathBuf]) -> Option<std::process::Output> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.py");
    let out = std::process::Command::new(python())
        .arg(script)
        .args(files)
        .output()
        .ok()?;
    (out.status.code() != Some(3)).then_some(out)
}

fn validate_independently(out: &Path, scratch: &Path) {
    let files: Vec<PathBuf> = ["arm-p01", "arm-p02"]
        .iter()
        .map(|p| out.join(format!("{p}.fhir.json")))
        .collect();
    let Some(run) = validate(&files) else {
        eprintln!(
            "SKIPPED: the independent FHIR validation (Python package fhir.resources, R4B models) is not installed for `{}`; set VR_AAT_FHIR_PYTHON or `pip install fhir.resources`",
            python()
        );
        return;
    };
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "fhir.resources rejected the export:\n{}{}",
        text,
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        text.contains("valid transaction") && text.contains("Procedure=6"),
        "{text}"
    );

    // The validator is not a rubber stamp: an element FHIR does not define is refused.
    let bundle = std::fs::read_to_string(&files[0]).unwrap();
    let tampered = scratch.join("tampered.json");
    std::fs::write(
        &tampered,
        bundle.replacen("\"status\": \"completed\"", "\"status\": \"completed\", \"mood\": 1", 1),
    )
    .unwrap();
    let run = validate(&[tampered]).unwrap();
    assert!(!run.status.success(), "an unknown element was accepted");
    assert!(String::from_utf8_lossy(&run.stderr).contains("mood"));
}

#[test]
fn flat_and_incomplete_sessions_are_marked_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let s = |n: u32| data.join("arm-p02").join(format!("S0{n}")).join("session.ron");
    mark_flat(&s(2));
    mark_incomplete(&s(3), "therapist ended the session");
    let out = dir.path().join("fhir");
    let run = export(&data, &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(out.join("arm-p02.fhir.json")).unwrap()).unwrap();
    let procedures = resources(&bundle, "Procedure");
    assert_eq!(procedures[1]["meta"]["tag"][0]["code"], "flat-mode");
    assert_eq!(procedures[2]["status"], "stopped");
    assert!(
        procedures[2]["statusReason"]["text"]
            .as_str()
            .unwrap()
            .contains("therapist ended the session")
    );
}
