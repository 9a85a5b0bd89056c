//! `vr-aat export --fhir`: one HL7 FHIR R4 transaction Bundle per participant, checked
//! here for what vr-aat promises (pseudonym only, one Procedure per session, scores
//! with UCUM units equal to `summary`'s, references that resolve, byte-identical
//! again) and by an independent implementation: the R4B models of the Python package
//! `fhir.resources` (tests/fhir/validate.py) and FHIR.js (tests/fhir/validate.mjs, with
//! value-set checks), and by loading the Bundles into a real FHIR server (Medplum's
//! FHIR router, tests/fhir/server.mjs) twice, reading back and searching. The checks
//! that need Python or Node packages are skipped, saying so, where those are not
//! installed; `.ci/run` installs them and sets `VR_AAT_REQUIRE_FHIR_CHECKS`, which makes
//! a missing one a failure.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

fn course(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    simulate_cohort(&data, 2, "training-course", &["--hz", "30", "--no-tracking"]);
    data
}

/// Exports one Bundle per participant (no split), for checking the content.
fn export(data: &Path, out: &Path) -> std::process::Output {
    vr_aat(
        data,
        &[
            "export",
            "--fhir",
            "--iterations",
            "200",
            "--max-entries",
            "1000",
            "--out",
            &out.display().to_string(),
        ],
    )
}

/// A check that needs a package from PyPI or npm is missing: a failure where CI
/// promised it (`VR_AAT_REQUIRE_FHIR_CHECKS`), else said and skipped.
fn missing(what: &str) {
    assert!(
        std::env::var_os("VR_AAT_REQUIRE_FHIR_CHECKS").is_none(),
        "{what} is not installed, and VR_AAT_REQUIRE_FHIR_CHECKS says it must be"
    );
    eprintln!("SKIPPED: {what} is not installed");
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
        missing(&format!(
            "the independent FHIR validation (Python package fhir.resources, R4B models) for `{}`; set VR_AAT_FHIR_PYTHON or `pip install fhir.resources`",
            python()
        ));
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

/// The Node packages of tests/fhir (`npm ci --prefix tests/fhir`), when installed.
fn node_checks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir");
    let installed = dir.join("node_modules/@medplum/fhir-router").is_dir() && dir.join("node_modules/fhir").is_dir();
    let node = std::process::Command::new("node").arg("--version").output();
    (installed && node.is_ok_and(|o| o.status.success())).then_some(dir)
}

/// Medplum's FHIR router on an in-memory repository, on a free port; stopped on drop.
struct FhirServer {
    child: std::process::Child,
    port: u16,
}

impl FhirServer {
    fn start(dir: &Path) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new("node")
            .arg(dir.join("server.mjs"))
            .arg("0")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server says where it listens");
        let port = line.trim().strip_prefix("listening ").and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            panic!("the FHIR server did not start: {line}");
        };
        Self { child, port }
    }

    /// One HTTP/1.1 request; the status and the body as JSON.
    fn request(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        let body = body.unwrap_or("");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("sends");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        let (head, text) = response.split_once("\r\n\r\n").expect("a head and a body");
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
        let json = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
        (status, json)
    }
}

impl Drop for FhirServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn bundles_split_load_into_a_real_fhir_server_twice_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = course(dir.path());
    let out = dir.path().join("fhir");
    // The default export: Bundles of at most 50 entries, in the order to load them.
    let run = vr_aat(
        &data,
        &[
            "export",
            "--fhir",
            "--iterations",
            "200",
            "--out",
            &out.display().to_string(),
        ],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "arm-p01.1-of-2.fhir.json",
            "arm-p01.2-of-2.fhir.json",
            "arm-p02.1-of-2.fhir.json",
            "arm-p02.2-of-2.fhir.json"
        ]
    );
    let bundles: Vec<Value> = files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect();
    let mut full_urls = std::collections::BTreeSet::new();
    let mut observations = 0;
    for (name, b) in names.iter().zip(&bundles) {
        let entries = b["entry"].as_array().unwrap();
        assert!(entries.len() <= 50, "{name}: {} entries", entries.len());
        for e in entries {
            let url = e["fullUrl"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: an entry without fullUrl"));
            assert!(url.starts_with("urn:uuid:") && url.len() == 45, "{url}");
            // Unique within a participant's Bundles (the Device is one resource shared
            // by every participant's).
            let who = name.split('.').next().unwrap_or("");
            assert!(full_urls.insert((who.to_owned(), url.to_owned())), "{url} twice");
        }
        observations += resources(b, "Observation")
            .iter()
            .filter(|o| o["subject"]["reference"].as_str().is_some())
            .count()
            * usize::from(name.starts_with("arm-p01"));
    }
    // Answers are stamped inside their session's period (a simulation's clock runs
    // ahead of the wall clock).
    for b in &bundles {
        for q in resources(b, "QuestionnaireResponse") {
            let procedure = q["partOf"][0]["reference"].as_str().unwrap();
            let period = bundles
                .iter()
                .flat_map(|b| resources(b, "Procedure"))
                .find(|p| format!("Procedure/{}", p["id"].as_str().unwrap()) == procedure)
                .map(|p| p["performedPeriod"].clone())
                .expect("its Procedure");
            let authored = q["authored"].as_str().unwrap();
            assert!(
                authored >= period["start"].as_str().unwrap() && authored <= period["end"].as_str().unwrap(),
                "{authored} outside {period}"
            );
        }
    }

    let Some(checks) = node_checks() else {
        missing("Node.js with tests/fhir's packages (npm ci --prefix tests/fhir): the real FHIR server and FHIR.js");
        return;
    };
    // The second validator, with value-set checks, accepts every Bundle and is no
    // rubber stamp: a status outside its required value set is refused.
    let validate = |files: &[PathBuf]| {
        std::process::Command::new("node")
            .arg(checks.join("validate.mjs"))
            .args(files)
            .output()
            .expect("node runs")
    };
    let run = validate(&files);
    assert!(
        run.status.success(),
        "FHIR.js: {}",
        String::from_utf8_lossy(&run.stdout)
    );
    let tampered = dir.path().join("tampered.json");
    std::fs::write(
        &tampered,
        std::fs::read_to_string(&files[0]).unwrap().replacen(
            "\"status\": \"completed\"",
            "\"status\": \"finished\"",
            1,
        ),
    )
    .unwrap();
    let run = validate(&[tampered]);
    assert!(!run.status.success() && String::from_utf8_lossy(&run.stdout).contains("not found in value set"));

    let server = FhirServer::start(&checks);
    // Unsplit, a course is more than the server takes in one transaction.
    let whole = dir.path().join("whole");
    assert!(export(&data, &whole).status.success());
    let (status, outcome) = server.request(
        "POST",
        "/",
        Some(&std::fs::read_to_string(whole.join("arm-p01.fhir.json")).unwrap()),
    );
    assert_eq!(status, 400, "{outcome}");
    assert!(
        outcome.to_string().contains("more update operations than allowed"),
        "{outcome}"
    );
    // Split, each Bundle loads, in order, and again without making copies.
    for round in 0..2 {
        for (name, file) in names.iter().zip(&files) {
            let (status, response) = server.request("POST", "/", Some(&std::fs::read_to_string(file).unwrap()));
            assert_eq!(status, 200, "round {round}, {name}: {response}");
            assert_eq!(response["type"], "transaction-response");
        }
    }
    let patient_id = resources(&bundles[0], "Patient")[0]["id"].as_str().unwrap().to_owned();
    let (_, found) = server.request(
        "GET",
        "/Patient?identifier=https://w3id.org/vr-aat/fhir/NamingSystem/pseudonym|arm-p01",
        None,
    );
    let found = found["entry"].as_array().cloned().unwrap_or_default();
    assert_eq!(found.len(), 1, "one Patient after two loads");
    assert_eq!(found[0]["resource"]["id"], patient_id.as_str());
    assert_eq!(found[0]["resource"]["meta"]["security"][0]["code"], "HTEST");
    let (_, obs) = server.request(
        "GET",
        &format!("/Observation?subject=Patient/{patient_id}&_count=1000"),
        None,
    );
    assert_eq!(
        obs["entry"].as_array().map_or(0, Vec::len),
        observations,
        "every Observation once"
    );
    let (_, procedures) = server.request("GET", &format!("/Procedure?subject=Patient/{patient_id}"), None);
    assert_eq!(procedures["entry"].as_array().map_or(0, Vec::len), 6);
    // Read back as sent.
    let sent = &resources(&bundles[0], "Procedure")[0];
    let (status, read) = server.request("GET", &format!("/Procedure/{}", sent["id"].as_str().unwrap()), None);
    assert_eq!(status, 200);
    assert_eq!(read["status"], sent["status"]);
    assert_eq!(read["performedPeriod"], sent["performedPeriod"]);
}
