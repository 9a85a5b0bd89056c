//! The study page: per protocol, source and session number the group's mean bias and
//! split-half reliability, then one row per participant linking to their own page.
//! Group figures use the sessions that count ([`Counted`]: therapy data unless asked),
//! never pool protocols or sources, and the page says plainly when participants are
//! synthetic.

use std::collections::BTreeMap;

use serde::Serialize;

use super::participant::use_text;
use super::{ReportError, number, render};
use crate::review::{ChangeReading, ReviewOptions, SessionReview, counts, course_change, review_session};
use vr_aat_core::locale::Messages;
use vr_aat_core::records::{Counted, SessionUse};
use vr_aat_core::scoring::stratified::{Strata, StratifiedOptions, stratified_split_half};
use vr_aat_core::scoring::{Usable, kept_group_of_usable};
use vr_aat_store::scan::{Scan, StoredSession};

/// One session number of one protocol and one source across participants.
#[derive(Serialize)]
pub struct GroupRow {
    pub protocol: String,
    /// What the sessions count as (therapy, synthetic, ...), in words.
    pub source: String,
    pub session: u32,
    /// Participants with a scored session of this number.
    pub n: usize,
    pub mean_bias: String,
    pub sd_bias: String,
    /// Split-half reliability (Spearman-Brown) with its interval, or why there is none.
    pub reliability: String,
}

/// One participant.
#[derive(Serialize)]
pub struct ParticipantRow {
    pub participant: String,
    /// File name of their own page, beside the study page.
    pub link: String,
    /// Sessions that count, and how many are recorded in all when that differs.
    pub sessions: String,
    pub first_bias: String,
    pub last_bias: String,
    pub change: String,
    pub reading: String,
    pub damaged: usize,
}

#[derive(Serialize)]
pub struct StudyPage {
    pub title: String,
    /// What the reader must know before reading any figure (synthetic participants,
    /// sessions left out).
    pub notes: Vec<String>,
    pub group: Vec<GroupRow>,
    pub participants: Vec<ParticipantRow>,
}

/// The study page from each participant's sessions (pseudonym, scan).
pub fn page(all: &[(String, Scan<StoredSession>)], options: &ReviewOptions, m: &Messages) -> StudyPage {
    let reviewed: Vec<(&str, Vec<SessionReview>, usize)> = all
        .iter()
        .map(|(p, scan)| {
            let reviews = scan.found.iter().map(|s| review_session(s, options)).collect();
            (p.as_str(), reviews, scan.damaged.len())
        })
        .collect();
    let counted = options.counted;
    // The strata: protocol, source, session number, each with its scored sessions.
    let mut strata: BTreeMap<(String, SessionUse, u32), Vec<&SessionReview>> = BTreeMap::new();
    for (_, reviews, _) in &reviewed {
        for r in reviews.iter().filter(|r| counts(r, counted)) {
            let entry = strata
                .entry((r.protocol_id.clone(), r.session_use, r.session))
                .or_default();
            if r.scored {
                entry.push(r);
            }
        }
    }
    let mut group = Vec::new();
    for ((protocol, source, session), scored) in &strata {
        let biases: Vec<f64> = scored.iter().filter_map(|s| s.bias_ms).collect();
        let mean = (!biases.is_empty()).then(|| biases.iter().sum::<f64>() / biases.len() as f64);
        let sd = vr_aat_core::scoring::stats::sd(&biases);
        let reliability = match scored.first() {
            Some(first) if scored.iter().all(|s| s.config() == first.config()) => {
                // Stratified split-half (rapidsplithalf's method): the sessions here
                // were scored as a whole, so their kept trials are split.
                let usables: Vec<&[Usable]> = scored.iter().map(|s| s.usable()).collect();
                let kept: Vec<_> = kept_group_of_usable(&usables, first.config())
                    .into_iter()
                    .flatten()
                    .collect();
                let sh_options = StratifiedOptions {
                    kind: options.kind,
                    splits: options.iterations,
                    seed: options.seed,
                    strata: Strata::CellAndStimulus,
                };
                match stratified_split_half(&kept, &sh_options) {
                    Ok(r) => m.format(
                        "reliability-value",
                        &[
                            ("r", format!("{:.2}", r.r)),
                            ("low", format!("{:.2}", r.lower)),
                            ("high", format!("{:.2}", r.upper)),
                        ],
                    ),
                    Err(e) => m.format("reliability-none", &[("reason", e.to_string())]),
                }
            }
            Some(_) => m.text("reliability-mixed-settings"),
            None => "–".to_owned(),
        };
        group.push(GroupRow {
            protocol: protocol.clone(),
            source: use_text(m, *source),
            session: *session,
            n: scored.len(),
            mean_bias: number(mean, 1),
            sd_bias: number(sd, 1),
            reliability,
        });
    }
    let mut notes = Vec::new();
    let all_reviews = || reviewed.iter().flat_map(|(_, r, _)| r.iter());
    // A participant is synthetic when every session of theirs is (one without sessions
    // yet is not known to be either).
    let synthetic = reviewed
        .iter()
        .filter(|(_, r, _)| !r.is_empty() && r.iter().all(|s| s.session_use == SessionUse::Synthetic))
        .count();
    if synthetic > 0 && synthetic == reviewed.len() {
        notes.push(m.format("study-all-synthetic", &[("count", synthetic.to_string())]));
    } else if synthetic > 0 {
        notes.push(m.format("study-some-synthetic", &[("count", synthetic.to_string())]));
    }
    let left_out = all_reviews().filter(|r| !counts(r, counted)).count();
    if left_out > 0 {
        let mut by_use: BTreeMap<SessionUse, usize> = BTreeMap::new();
        for r in all_reviews().filter(|r| !counts(r, counted)) {
            *by_use.entry(r.session_use).or_default() += 1;
        }
        let listed = by_use
            .iter()
            .map(|(what, n)| format!("{n} × {}", use_text(m, *what)))
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(m.format(
            "study-left-out",
            &[("count", left_out.to_string()), ("sessions", listed)],
        ));
    }
    if counted == Counted::Everything && all_reviews().any(|r| !r.session_use.is_therapy()) {
        notes.push(m.text("glance-counting-everything"));
    }
    let participants = reviewed
        .iter()
        .map(|(p, reviews, damaged)| {
            let scored: Vec<&SessionReview> = reviews.iter().filter(|r| r.scored && counts(r, counted)).collect();
            let change = course_change(reviews, options);
            let counted_sessions = reviews.iter().filter(|r| counts(r, counted)).count();
            ParticipantRow {
                participant: (*p).to_owned(),
                link: format!("{p}.html"),
                sessions: if counted_sessions == reviews.len() {
                    counted_sessions.to_string()
                } else {
                    m.format(
                        "study-sessions-of",
                        &[
                            ("counted", counted_sessions.to_string()),
                            ("all", reviews.len().to_string()),
                        ],
                    )
                },
                first_bias: number(scored.first().and_then(|r| r.bias_ms), 1),
                last_bias: number(scored.last().and_then(|r| r.bias_ms), 1),
                change: number(change.as_ref().and_then(|c| c.change), 1),
                reading: m.text(match change.map(|c| c.reading()) {
                    Some(ChangeReading::Decreased) => "change-decreased",
                    Some(ChangeReading::Increased) => "change-increased",
                    Some(ChangeReading::NoReliableChange) => "change-none",
                    Some(ChangeReading::CannotTell) => "change-cannot-tell",
                    None => "change-needs-two",
                }),
                damaged: *damaged,
            }
        })
        .collect();
    StudyPage {
        title: m.format("study-title", &[("count", all.len().to_string())]),
        notes,
        group,
        participants,
    }
}

/// The study page as a self-contained HTML page.
pub fn html(
    all: &[(String, Scan<StoredSession>)],
    options: &ReviewOptions,
    m: &Messages,
) -> Result<String, ReportError> {
    render("study.html", &page(all, options, m), m)
}
