//! The study page: per session number the group's mean bias and split-half reliability,
//! then one row per participant linking to their own page.

use serde::Serialize;

use super::{ReportError, number, render};
use crate::review::{ChangeReading, ReviewOptions, SessionReview, course_change, review_session};
use vr_aat_core::locale::Messages;
use vr_aat_core::scoring::{SplitHalfOptions, split_half};
use vr_aat_store::scan::{Scan, StoredSession};

/// One session number across participants.
#[derive(Serialize)]
pub struct GroupRow {
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
    pub sessions: usize,
    pub first_bias: String,
    pub last_bias: String,
    pub change: String,
    pub reading: String,
    pub damaged: usize,
}

#[derive(Serialize)]
pub struct StudyPage {
    pub title: String,
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
    let max_session = reviewed
        .iter()
        .flat_map(|(_, r, _)| r.iter().map(|s| s.session))
        .max()
        .unwrap_or(0);
    let mut group = Vec::new();
    for session in 1..=max_session {
        let scored: Vec<&SessionReview> = reviewed
            .iter()
            .filter_map(|(_, r, _)| r.iter().find(|s| s.session == session && s.scored))
            .collect();
        let biases: Vec<f64> = scored.iter().filter_map(|s| s.bias_ms).collect();
        let mean = (!biases.is_empty()).then(|| biases.iter().sum::<f64>() / biases.len() as f64);
        let sd = vr_aat_core::scoring::stats::sd(&biases);
        let reliability = match scored.first() {
            Some(first) if scored.iter().all(|s| s.config() == first.config()) => {
                let trials: Vec<Vec<_>> = scored.iter().map(|s| s.usable().to_vec()).collect();
                let sh_options = SplitHalfOptions {
                    kind: options.kind,
                    iterations: options.iterations,
                    seed: options.seed,
                    case_prune: false,
                };
                match split_half(&trials, &first.config().without_case_rules(), &sh_options) {
                    Ok(r) => m.format(
                        "reliability-value",
                        &[
                            ("r", format!("{:.2}", r.spearman_brown.r)),
                            ("low", format!("{:.2}", r.spearman_brown.lower)),
                            ("high", format!("{:.2}", r.spearman_brown.upper)),
                        ],
                    ),
                    Err(e) => m.format("reliability-none", &[("reason", e.to_string())]),
                }
            }
            Some(_) => m.text("reliability-mixed-settings"),
            None => "–".to_owned(),
        };
        group.push(GroupRow {
            session,
            n: scored.len(),
            mean_bias: number(mean, 1),
            sd_bias: number(sd, 1),
            reliability,
        });
    }
    let participants = reviewed
        .iter()
        .map(|(p, reviews, damaged)| {
            let scored: Vec<&SessionReview> = reviews.iter().filter(|r| r.scored).collect();
            let change = course_change(reviews, options);
            ParticipantRow {
                participant: (*p).to_owned(),
                link: format!("{p}.html"),
                sessions: reviews.len(),
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
