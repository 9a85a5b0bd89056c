//! A participant's course as an HL7 FHIR R4 transaction Bundle, with the R4 model of the
//! `fhir` crate: what a clinic loads into its FHIR server (POST the Bundle to the
//! server's base URL). docs/fhir.md maps every field.
//!
//! - Patient: the pseudonym as an identifier, nothing else (no name, no birth date).
//! - Device: the vr-aat software with its version.
//! - Procedure: one per session (readable or damaged), its status saying what it is
//!   (completed, stopped early, interrupted, being recorded, or unknown when damaged).
//! - Observation: per scored session the bias (with its 95% interval as components),
//!   the D-score, the error rate, the median RTs (one component per condition).
//! - QuestionnaireResponse: per questionnaire answered at a moment of a session, every
//!   answer; with an Observation of its scores (one component per score) derived from it.
//!
//! Every entry is a PUT to a stable id derived from the pseudonym and session, so
//! exporting again updates the same resources instead of adding copies. Codes: LOINC and
//! SNOMED CT have none for AAT scores; they come from vr-aat's own code system
//! ([`CODE_SYSTEM`]), units from UCUM.

use fhir::r4::bundle_util::TransactionBuilder;
use fhir::r4::coded::Coded;
use fhir::r4::codes::{DeviceNametype, EventStatus, ObservationStatus, QuestionnaireAnswersStatus};
use fhir::r4::resources::bundle::BundleEntry;
use fhir::r4::resources::device::{DeviceDeviceName, DeviceVersion};
use fhir::r4::resources::observation::{
    ObservationComponent, ObservationComponentValue, ObservationEffective, ObservationValue,
};
use fhir::r4::resources::procedure::ProcedurePerformed;
use fhir::r4::resources::questionnaire_response::{
    QuestionnaireResponseItem, QuestionnaireResponseItemAnswer, QuestionnaireResponseItemAnswerValue,
};
use fhir::r4::resources::{Bundle, Device, Observation, Patient, Procedure, QuestionnaireResponse, Resource};
use fhir::r4::types::{
    Annotation, Canonical, CodeableConcept, Coding, DateTime, Decimal, Identifier, Integer, Markdown, Meta, Period,
    Quantity, Reference, String as FhirString, Uri,
};
use sha2::{Digest, Sha256};

use crate::review::{ReviewOptions, SessionReview, review_session};
use vr_aat_core::records::{InputSource, SessionUse};
use vr_aat_store::StoreError;
use vr_aat_store::scan::{Scan, StoredSession, StoredStatus};

/// vr-aat's code system for what no standard terminology codes (docs/fhir.md lists
/// every code). A w3id.org permanent identifier: the redirect is not registered yet.
pub const CODE_SYSTEM: &str = "https://w3id.org/vr-aat/fhir/CodeSystem/vr-aat";
/// The system of participant pseudonyms.
pub const PSEUDONYM_SYSTEM: &str = "https://w3id.org/vr-aat/fhir/NamingSystem/pseudonym";
/// The system of session identifiers (`PSEUDONYM/S01`).
pub const SESSION_SYSTEM: &str = "https://w3id.org/vr-aat/fhir/NamingSystem/session";
/// The canonical URL of a questionnaire is this followed by `/` and its id.
pub const QUESTIONNAIRE_BASE: &str = "https://w3id.org/vr-aat/fhir/Questionnaire";
/// The system of questionnaire response identifiers (`PSEUDONYM/S01/ID/MOMENT`).
pub const RESPONSE_SYSTEM: &str = "https://w3id.org/vr-aat/fhir/NamingSystem/questionnaire-response";
const UCUM: &str = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const DATA_ABSENT: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

/// A stable FHIR id (`[A-Za-z0-9-.]`, at most 64) for `parts`: the same participant and
/// session always get the same id.
fn stable_id(kind: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("vraat-{kind}-{hex}")
}

fn text(s: impl Into<String>) -> FhirString {
    FhirString(s.into())
}

fn coding(system: &str, code: &str, display: &str) -> Coding {
    Coding {
        system: Some(Uri(system.to_owned())),
        code: Some(fhir::r4::types::Code(code.to_owned())),
        display: Some(text(display)),
        ..Default::default()
    }
}

fn concept(system: &str, code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![coding(system, code, display)],
        text: Some(text(display)),
        ..Default::default()
    }
}

fn reference(kind: &str, id: &str) -> Reference {
    Reference {
        reference: Some(text(format!("{kind}/{id}"))),
        ..Default::default()
    }
}

/// A UCUM quantity, or `None` for a value that is not a finite number.
fn quantity(value: f64, unit: &str, ucum: &str) -> Option<Quantity> {
    let decimal = Decimal::new(format!("{}", (value * 1e6).round() / 1e6)).ok()?;
    Some(Quantity {
        value: Some(decimal),
        unit: Some(text(unit)),
        system: Some(Uri(UCUM.to_owned())),
        code: Some(fhir::r4::types::Code(ucum.to_owned())),
        ..Default::default()
    })
}

fn component(code: &str, display: &str, value: Option<Quantity>) -> Option<ObservationComponent> {
    Some(ObservationComponent {
        code: concept(CODE_SYSTEM, code, display),
        value: Some(ObservationComponentValue::Quantity(Box::new(value?))),
        ..Default::default()
    })
}

fn note(s: impl Into<String>) -> Annotation {
    Annotation {
        text: Markdown(s.into()),
        ..Default::default()
    }
}

/// HL7's code system of the test-data label (`HTEST`, "test health data"), which
/// servers and clinics recognise.
pub const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

/// What marks a resource that is not therapy data ([`SessionUse`], the one definition):
/// vr-aat's tag for what it is, and HL7's `HTEST` security label for data no person
/// produced in therapy (a demonstration, a synthetic patient, a replay). A headset
/// session that ended early is a person's data: tagged, not labelled as test data.
fn data_meta(what: SessionUse) -> Option<Meta> {
    let (code, display) = match what {
        SessionUse::Therapy => return None,
        SessionUse::EndedEarly => ("ended-early", "a headset session that did not run to its end"),
        SessionUse::Demo => ("flat-mode", "played in a desktop window, not a headset"),
        SessionUse::Synthetic => ("synthetic-patient", "a synthetic patient: simulated data, not a person"),
        SessionUse::Replayed => ("replayed", "derived again from a recording"),
    };
    Some(Meta {
        tag: vec![coding(CODE_SYSTEM, code, display)],
        security: if what.is_test_data() {
            vec![test_data_label()]
        } else {
            Vec::new()
        },
        ..Default::default()
    })
}

fn test_data_label() -> Coding {
    coding(ACT_REASON, "HTEST", "test health data")
}

fn source_text(input: &InputSource) -> String {
    match input {
        InputSource::Xr => "OpenXR headset and controllers".to_owned(),
        InputSource::Flat => "desktop window (mouse and keys), not a headset".to_owned(),
        InputSource::Synthetic { patient } => format!("synthetic patient `{patient}` (simulation)"),
    }
}

/// The entries a transaction may hold by default: a FHIR server limits a transaction's
/// operations (Medplum's router: 50 updates), and a course of six sessions makes about
/// 80.
pub const DEFAULT_MAX_ENTRIES: usize = 50;

/// The transaction Bundles of one participant: their sessions (readable and damaged),
/// split so that none has more than `max_entries` entries (at least 1; the Patient and
/// the Device first, then each session's resources together where they fit). Load them
/// in order: each refers only to resources in itself or in the Bundles before it. The
/// bias's interval takes `iterations` bootstrap resamples from `seed`.
///
/// Also returns what the Bundles could not hold: a session whose `answers.csv` is
/// damaged is in them without its questionnaire responses, and its problem is listed,
/// so the caller can name it (nothing is dropped silently).
pub fn bundles(
    participant: &str,
    scan: &Scan<StoredSession>,
    iterations: usize,
    seed: u64,
    max_entries: usize,
) -> (Vec<Bundle>, Vec<StoreError>) {
    let (groups, left_out) = entry_groups(participant, scan, iterations, seed);
    (split(groups, max_entries.max(1)), left_out)
}

/// Packs groups of entries into transaction Bundles of at most `max` entries, keeping a
/// group in one Bundle where it fits and in order always.
fn split(groups: Vec<Vec<BundleEntry>>, max: usize) -> Vec<Bundle> {
    let mut out: Vec<Vec<BundleEntry>> = Vec::new();
    for group in groups {
        let fits = out.last().is_some_and(|b| b.len() + group.len() <= max);
        if !fits && out.last().is_none_or(|b| !b.is_empty()) {
            out.push(Vec::new());
        }
        for entry in group {
            if out.last().is_none_or(|b| b.len() >= max) {
                out.push(Vec::new());
            }
            if let Some(b) = out.last_mut() {
                b.push(entry);
            }
        }
    }
    out.into_iter()
        .filter(|entries| !entries.is_empty())
        .map(|entry| {
            let mut bundle = Bundle::transaction().build();
            bundle.entry = entry;
            bundle
        })
        .collect()
}

/// `fullUrl` for an entry PUT to `url` (`Patient/ID`): a `urn:uuid:` made from the
/// resource's stable id, so the same resource always has the same one.
fn full_url(url: &str) -> String {
    let h = Sha256::digest(url.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5 (name-based, SHA)
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let x: String = b.iter().map(|v| format!("{v:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// The entries of `tx`, each with its `fullUrl`.
fn entries(tx: TransactionBuilder) -> Vec<BundleEntry> {
    let mut entries = tx.build().entry;
    for e in &mut entries {
        if let Some(request) = &e.request {
            e.full_url = Some(Uri(full_url(&request.url.0)));
        }
    }
    entries
}

/// The participant's entries in groups that belong together: the Patient and the
/// Devices, then each session's, then the damaged sessions'.
fn entry_groups(
    participant: &str,
    scan: &Scan<StoredSession>,
    iterations: usize,
    seed: u64,
) -> (Vec<Vec<BundleEntry>>, Vec<StoreError>) {
    let options = ReviewOptions {
        kind: vr_aat_core::scoring::ScoreKind::MedianDiff,
        iterations,
        seed,
        ..ReviewOptions::default()
    };
    let patient_id = stable_id("patient", &[participant]);
    // A participant whose every readable session is test data (synthetic patients,
    // demonstrations) is not known to be a person: the Patient carries the label too.
    let test_only = !scan.found.is_empty()
        && scan
            .found
            .iter()
            .all(|s| SessionUse::of(&s.meta.input_source, &s.meta.status).is_test_data());
    let patient = Patient {
        id: Some(text(patient_id.clone())),
        meta: test_only.then(|| Meta {
            security: vec![test_data_label()],
            ..Default::default()
        }),
        identifier: vec![Identifier {
            system: Some(Uri(PSEUDONYM_SYSTEM.to_owned())),
            value: Some(text(participant)),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut tx = Bundle::transaction().update(&patient, &format!("Patient/{patient_id}"));

    let mut versions: Vec<&str> = scan.found.iter().map(|s| s.meta.app_version.as_str()).collect();
    versions.sort_unstable();
    versions.dedup();
    let mut device_ids = Vec::new();
    for v in &versions {
        let id = stable_id("device", &["vr-aat", v]);
        let device = Device {
            id: Some(text(id.clone())),
            // Loaded with test data only, the Device entry is part of that test data.
            meta: test_only.then(|| Meta {
                security: vec![test_data_label()],
                ..Default::default()
            }),
            device_name: vec![DeviceDeviceName {
                name: text("vr-aat"),
                r#type: Coded::Known(DeviceNametype::ManufacturerName),
                ..Default::default()
            }],
            r#type: Some(concept(
                CODE_SYSTEM,
                "vr-therapy-software",
                "VR approach-avoidance training software",
            )),
            version: vec![DeviceVersion {
                value: text(*v),
                ..Default::default()
            }],
            ..Default::default()
        };
        tx = tx.update(&device, &format!("Device/{id}"));
        device_ids.push(((*v).to_owned(), id));
    }

    let mut groups = vec![entries(tx)];
    let mut left_out = Vec::new();
    for s in &scan.found {
        let r = review_session(s, &options);
        if let Err(e) = &r.questionnaires {
            left_out.push(e.clone());
        }
        let device = device_ids
            .iter()
            .find(|(v, _)| *v == s.meta.app_version)
            .map(|(_, id)| reference("Device", id));
        let mut tx = Bundle::transaction();
        for (kind, id, resource) in session_resources(participant, &patient_id, &r, device) {
            tx = match resource {
                SessionResource::Procedure(p) => tx.update(&*p, &format!("{kind}/{id}")),
                SessionResource::Observation(o) => tx.update(&*o, &format!("{kind}/{id}")),
                SessionResource::Response(q) => tx.update(&*q, &format!("{kind}/{id}")),
            };
        }
        groups.push(entries(tx));
    }
    for e in &scan.damaged {
        let (id, p) = damaged_procedure(participant, &patient_id, e);
        groups.push(entries(Bundle::transaction().update(&p, &format!("Procedure/{id}"))));
    }
    (groups, left_out)
}

/// The Bundle as the resource it is, so that it serialises with its `resourceType`
/// (the crate's plain structs leave it to the `Resource` enum).
pub fn as_resource(bundle: Bundle) -> Resource {
    Resource::Bundle(Box::new(bundle))
}

enum SessionResource {
    Procedure(Box<Procedure>),
    Observation(Box<Observation>),
    Response(Box<QuestionnaireResponse>),
}

/// `start` (RFC 3339, UTC) plus `seconds`, to the second; `start` when it cannot be read.
fn later(start: &str, seconds: f64) -> String {
    let Ok(t) = humantime::parse_rfc3339_weak(start.trim_end_matches('Z')) else {
        return start.to_owned();
    };
    let t = t + std::time::Duration::from_secs_f64(seconds.max(0.0));
    humantime::format_rfc3339_seconds(t).to_string()
}

/// `t`, or `end` when `end` is earlier (both RFC 3339, UTC); `t` when either cannot be read.
fn no_later_than(t: String, end: Option<&str>) -> String {
    let parse = |x: &str| humantime::parse_rfc3339_weak(x.trim_end_matches('Z')).ok();
    match (parse(&t), end.and_then(|e| parse(e).map(|p| (e, p)))) {
        (Some(at), Some((end, until))) if until < at => end.to_owned(),
        _ => t,
    }
}

fn session_code() -> CodeableConcept {
    concept(
        CODE_SYSTEM,
        "aat-session",
        "VR approach-avoidance training session (alcohol)",
    )
}

/// The session's Procedure and its Observations: (resource type, id, resource).
fn session_resources(
    participant: &str,
    patient_id: &str,
    r: &SessionReview,
    device: Option<Reference>,
) -> Vec<(&'static str, String, SessionResource)> {
    let session_key = format!("{participant}/S{:02}", r.session);
    let procedure_id = stable_id("session", &[&session_key]);
    let (status, reason) = match &r.state {
        StoredStatus::Complete => (EventStatus::Completed, None),
        StoredStatus::Incomplete(why) => (EventStatus::Stopped, Some(format!("ended early: {why}"))),
        StoredStatus::Interrupted => (
            EventStatus::Stopped,
            Some(
                "interrupted: the program stopped before closing the session; its completed trials are kept".to_owned(),
            ),
        ),
        StoredStatus::Recording => (EventStatus::InProgress, None),
    };
    let period = Period {
        start: Some(DateTime(r.started_utc.clone())),
        end: r.ended_utc.clone().map(DateTime),
        ..Default::default()
    };
    let mut notes = vec![note(format!(
        "protocol `{}`; {} of {} trials recorded; played with: {}; display {:.0} Hz; counts as: {}",
        r.protocol_id,
        r.trials,
        r.trials_planned,
        source_text(&r.input),
        r.display_hz,
        r.session_use.english()
    ))];
    if !r.flags.is_empty() {
        notes.push(note(format!("data quality: {}", r.flags_english())));
    }
    let procedure = Procedure {
        id: Some(text(procedure_id.clone())),
        meta: data_meta(r.session_use),
        identifier: vec![Identifier {
            system: Some(Uri(SESSION_SYSTEM.to_owned())),
            value: Some(text(session_key.clone())),
            ..Default::default()
        }],
        status: Coded::Known(status),
        status_reason: reason.map(|why| CodeableConcept {
            text: Some(text(why)),
            ..Default::default()
        }),
        code: Some(session_code()),
        subject: reference("Patient", patient_id),
        performed: Some(ProcedurePerformed::Period(Box::new(period.clone()))),
        note: notes,
        used_reference: device.iter().cloned().collect(),
        ..Default::default()
    };
    let mut out = vec![(
        "Procedure",
        procedure_id.clone(),
        SessionResource::Procedure(Box::new(procedure)),
    )];
    let observation = |code: &str, display: &str| Observation {
        id: Some(text(stable_id(code, &[&session_key]))),
        meta: data_meta(r.session_use),
        status: Coded::Known(ObservationStatus::Final),
        category: vec![concept(OBSERVATION_CATEGORY, "survey", "Survey")],
        code: concept(CODE_SYSTEM, code, display),
        subject: Some(reference("Patient", patient_id)),
        part_of: vec![reference("Procedure", &procedure_id)],
        effective: Some(ObservationEffective::Period(Box::new(period.clone()))),
        device: device.clone(),
        ..Default::default()
    };
    let push = |out: &mut Vec<_>, o: Observation| {
        let id = o.id.as_ref().map(|i| i.0.clone()).unwrap_or_default();
        out.push(("Observation", id, SessionResource::Observation(Box::new(o))));
    };

    // The bias: its value with the interval, or why it is absent.
    let mut bias = observation(
        "aat-bias-median-dd",
        "AAT approach bias: double difference of median RTs, alcohol vs soft drinks",
    );
    match r.bias_ms {
        Some(b) => {
            bias.value = quantity(b, "ms", "ms").map(|q| ObservationValue::Quantity(Box::new(q)));
            bias.component = [
                component(
                    "ci95-lower",
                    "95% bootstrap interval, lower bound",
                    r.ci.and_then(|c| quantity(c.lower, "ms", "ms")),
                ),
                component(
                    "ci95-upper",
                    "95% bootstrap interval, upper bound",
                    r.ci.and_then(|c| quantity(c.upper, "ms", "ms")),
                ),
            ]
            .into_iter()
            .flatten()
            .collect();
        }
        None => {
            let why = r
                .flags
                .iter()
                .find_map(|f| match f {
                    crate::review::Flag::NotScored(reason) => Some(reason.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| "not scored".to_owned());
            bias.data_absent_reason = Some(CodeableConcept {
                coding: vec![coding(DATA_ABSENT, "not-performed", "Not Performed")],
                text: Some(text(format!("not scored: {why}"))),
                ..Default::default()
            });
        }
    }
    push(&mut out, bias);

    if let Some(d) = r.d_score {
        let mut o = observation("aat-d-score", "AAT D-score (bias divided by the pooled SD)");
        o.value = quantity(d, "1", "1").map(|q| ObservationValue::Quantity(Box::new(q)));
        push(&mut out, o);
    }

    let mut errors = observation("aat-error-rate", "AAT error rate among usable trials");
    errors.value = quantity(100.0 * r.error_rate, "%", "%").map(|q| ObservationValue::Quantity(Box::new(q)));
    push(&mut out, errors);

    let cells = [
        ("median-rt-push-alcohol", "median RT, push alcohol"),
        ("median-rt-pull-alcohol", "median RT, pull alcohol"),
        ("median-rt-push-soft", "median RT, push soft drink"),
        ("median-rt-pull-soft", "median RT, pull soft drink"),
    ];
    let mut rts = observation("aat-median-rt", "AAT median reaction times per condition");
    rts.component = cells
        .iter()
        .zip(r.medians)
        .filter_map(|((code, display), m)| component(code, display, m.and_then(|v| quantity(v, "ms", "ms"))))
        .collect();
    if !rts.component.is_empty() {
        push(&mut out, rts);
    }

    // Each questionnaire answered at a moment: its answers, and its scores.
    for q in r.questionnaires.as_ref().map_or(&[][..], Vec::as_slice) {
        let key = format!("{session_key}/{}/{}", q.questionnaire, q.moment);
        let response_id = stable_id("qr", &[&key]);
        // A simulated session runs faster than its clock: its answers' session times can
        // lie after its recorded end. FHIR times stay inside the session's period.
        let authored = no_later_than(later(&r.started_utc, q.answered_s), r.ended_utc.as_deref());
        let response = QuestionnaireResponse {
            id: Some(text(response_id.clone())),
            meta: data_meta(r.session_use),
            identifier: Some(Identifier {
                system: Some(Uri(RESPONSE_SYSTEM.to_owned())),
                value: Some(text(key.clone())),
                ..Default::default()
            }),
            part_of: vec![reference("Procedure", &procedure_id)],
            questionnaire: Some(Canonical(format!("{QUESTIONNAIRE_BASE}/{}", q.questionnaire))),
            status: Coded::Known(if q.complete() {
                QuestionnaireAnswersStatus::Completed
            } else {
                QuestionnaireAnswersStatus::Stopped
            }),
            subject: Some(reference("Patient", patient_id)),
            authored: Some(DateTime(authored.clone())),
            item: q
                .answers
                .iter()
                .filter_map(|(item, value)| {
                    let value = if value.fract() == 0.0 && value.abs() < 1e9 {
                        QuestionnaireResponseItemAnswerValue::Integer(fhir::r4::choice::Primitive::new(Integer(
                            *value as i32,
                        )))
                    } else {
                        QuestionnaireResponseItemAnswerValue::Decimal(fhir::r4::choice::Primitive::new(
                            Decimal::new(format!("{value}")).ok()?,
                        ))
                    };
                    Some(QuestionnaireResponseItem {
                        link_id: text(item.clone()),
                        answer: vec![QuestionnaireResponseItemAnswer {
                            value: Some(value),
                            ..Default::default()
                        }],
                        ..Default::default()
                    })
                })
                .collect(),
            ..Default::default()
        };
        out.push((
            "QuestionnaireResponse",
            response_id.clone(),
            SessionResource::Response(Box::new(response)),
        ));
        let components: Vec<ObservationComponent> = q
            .scores
            .iter()
            .filter_map(|(id, label, v)| {
                let display = label.as_ref().map_or(id.as_str(), |l| l.en.as_str());
                let mut c = component(
                    &format!("{}-{id}", q.questionnaire),
                    display,
                    v.and_then(|v| quantity(v, "1", "1")),
                )?;
                // The published reading of the score (the SSQ total's band), as text.
                if let Some((_, band)) = q.readings.iter().find(|(r, _)| r == id) {
                    c.interpretation = vec![CodeableConcept {
                        text: Some(text(band.label.en.clone())),
                        ..Default::default()
                    }];
                }
                Some(c)
            })
            .collect();
        if !components.is_empty() {
            // The instrument's proper name, not the prompt the patient read.
            let title = q.name.as_deref().unwrap_or(q.questionnaire.as_str());
            let mut o = observation(
                "questionnaire-scores",
                &format!("questionnaire scores: {title} ({})", q.questionnaire),
            );
            o.id = Some(text(stable_id("qscores", &[&key])));
            o.effective = Some(ObservationEffective::DateTime(fhir::r4::choice::Primitive::new(
                DateTime(authored),
            )));
            o.derived_from = vec![reference("QuestionnaireResponse", &response_id)];
            o.component = components;
            if let (Some(name), Some(v)) = (&q.name, q.validation) {
                o.note
                    .push(note(format!("instrument: {name}; wording: {}", v.english())));
            }
            for (id, band) in q.readings.iter().filter(|(_, b)| b.caution) {
                o.note.push(note(format!(
                    "read with care: {id} is in the band \"{}\" of its published reading",
                    band.label.en
                )));
            }
            push(&mut out, o);
        }
    }
    out
}

/// A session that could not be read: a Procedure with status unknown naming the damage.
fn damaged_procedure(participant: &str, patient_id: &str, e: &StoreError) -> (String, Procedure) {
    let folder = e
        .path()
        .ancestors()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .find(|n| vr_aat_store::layout::parse_session_folder(n).is_some())
        .unwrap_or_else(|| "unknown".to_owned());
    let key = format!("{participant}/{folder}");
    let id = stable_id("session", &[&key]);
    let p = Procedure {
        id: Some(text(id.clone())),
        identifier: vec![Identifier {
            system: Some(Uri(SESSION_SYSTEM.to_owned())),
            value: Some(text(key)),
            ..Default::default()
        }],
        status: Coded::Known(EventStatus::Unknown),
        status_reason: Some(CodeableConcept {
            text: Some(text("the session's files are damaged and could not be read")),
            ..Default::default()
        }),
        code: Some(session_code()),
        subject: reference("Patient", patient_id),
        note: vec![note(format!("damaged: {e}"))],
        ..Default::default()
    };
    (id, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_valid_fhir_ids() {
        let a = stable_id("session", &["p01/S01"]);
        assert_eq!(a, stable_id("session", &["p01/S01"]));
        assert_ne!(a, stable_id("session", &["p01/S02"]));
        assert!(a.len() <= 64 && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    }

    #[test]
    fn quantities_are_ucum_with_finite_values_only() {
        let q = quantity(12.345_678_9, "ms", "ms").unwrap();
        assert_eq!(q.value.unwrap().as_str(), "12.345679");
        assert!(quantity(f64::NAN, "ms", "ms").is_none());
    }
}
