//! One participant's report page as data: the course at a glance, charts over sessions,
//! one row per session, data quality, damaged sessions.

use std::path::Path;

use serde::Serialize;

use super::charts::{Axes, Line, Point, over_sessions};
use super::{ReportError, number, render};
use crate::review::{
    ChangeReading, Flag, ReviewOptions, SessionReview, counts, course_change, not_counted, review_session,
};
use vr_aat_core::data::intake::Intake;
use vr_aat_core::data::questionnaire::Validation;
use vr_aat_core::locale::Messages;
use vr_aat_core::records::{CalibrationMethod, Counted, InputSource, SessionUse};
use vr_aat_store::scan::{Scan, StoredSession, StoredStatus};

/// A chart with its title and text alternative.
#[derive(Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    /// The chart as SVG markup (made by `plotters`), or empty when it could not be drawn.
    pub svg: String,
    /// What the chart shows, in words (screen readers; and when it could not be drawn).
    pub alt: String,
}

/// One session's row.
#[derive(Serialize)]
pub struct SessionView {
    pub session: u32,
    pub date: String,
    pub duration: String,
    pub status: String,
    /// The recorded reason when the session ended early.
    pub status_reason: Option<String>,
    pub input: String,
    /// Therapy data ([`SessionUse::Therapy`]): a person in a headset, run to its end.
    pub therapy: bool,
    /// What the session counts as, in words.
    pub session_use: String,
    pub trials: String,
    pub errors: String,
    pub timeouts: usize,
    /// Median RT (ms): push alcohol, pull alcohol, push soft, pull soft.
    pub medians: Vec<String>,
    pub bias: String,
    /// The bias over trained drinks and over untrained ones (ms), "trained / untrained".
    pub bias_by_set: String,
    pub interval: String,
    pub d_score: String,
    pub flags: Vec<String>,
    pub display_hz: String,
    pub late: usize,
    pub lost: usize,
    pub excluded: String,
    pub pauses: String,
    pub calibration: String,
}

/// One questionnaire answered at one moment of a session.
#[derive(Serialize)]
pub struct QuestionnaireRow {
    pub session: u32,
    pub moment: String,
    pub title: String,
    /// The instrument's proper name and how validated the texts read were.
    pub instrument: String,
    /// Items answered / items.
    pub answered: String,
    /// "label value" per score.
    pub scores: Vec<String>,
}

/// The whole page.
#[derive(Serialize)]
pub struct ParticipantPage {
    pub participant: String,
    pub title: String,
    pub glance: Vec<String>,
    pub warnings: Vec<String>,
    pub charts: Vec<ChartView>,
    pub cells: Vec<String>,
    pub sessions: Vec<SessionView>,
    pub damaged: Vec<String>,
    pub questionnaires: Vec<QuestionnaireRow>,
    /// Sessions whose answers could not be read, named (file, line).
    pub questionnaire_errors: Vec<String>,
    /// Craving before and after each session, when the craving VAS was asked.
    pub craving_chart: Option<ChartView>,
}

/// When a questionnaire was asked, in words.
fn moment_text(m: &Messages, moment: &str) -> String {
    match moment.split_once(':') {
        Some(("between_blocks", block)) => m.format("moment-between", &[("block", block.to_owned())]),
        _ => match moment {
            "before_session" => m.text("moment-before"),
            "after_session" => m.text("moment-after"),
            other => other.to_owned(),
        },
    }
}

fn questionnaire_rows(m: &Messages, reviews: &[SessionReview]) -> Vec<QuestionnaireRow> {
    let language = m.language();
    let mut out = Vec::new();
    for r in reviews {
        let Ok(results) = &r.questionnaires else { continue };
        for q in results {
            out.push(QuestionnaireRow {
                session: r.session,
                moment: moment_text(m, &q.moment),
                title: q
                    .title
                    .as_ref()
                    .map_or_else(|| q.questionnaire.clone(), |t| t.get(language).to_owned()),
                instrument: match (&q.name, q.validation) {
                    (Some(name), Some(v)) => format!("{name}: {}", validation_text(m, v)),
                    _ => m.text("questionnaire-unknown"),
                },
                answered: match q.items {
                    Some(n) => format!("{}/{n}", q.items_answered),
                    None => format!("{}/?", q.items_answered),
                },
                scores: if q.items.is_none() {
                    vec![m.text("questionnaire-unknown")]
                } else {
                    q.scores
                        .iter()
                        .map(|(id, label, v)| {
                            let label = label.as_ref().map_or(id.as_str(), |l| l.get(language));
                            match q.readings.iter().find(|(r, _)| r == id) {
                                Some((_, band)) => {
                                    format!("{label}: {} ({})", number(*v, 1), band.label.get(language))
                                }
                                None => format!("{label}: {}", number(*v, 1)),
                            }
                        })
                        .collect()
                },
            });
        }
    }
    out
}

fn validation_text(m: &Messages, v: Validation) -> String {
    m.text(match v {
        Validation::Validated => "validation-validated",
        Validation::Adapted => "validation-adapted",
        Validation::NotValidated => "validation-not-validated",
        Validation::Placeholder => "validation-placeholder",
    })
}

/// A score in a band its questionnaire marks for caution (a high SSQ total), one line
/// per session, moment and score, for "Read with care".
fn caution_warnings(m: &Messages, reviews: &[SessionReview]) -> Vec<String> {
    let language = m.language();
    let mut out = Vec::new();
    for r in reviews {
        let Ok(results) = &r.questionnaires else { continue };
        for q in results {
            for (id, band) in q.readings.iter().filter(|(_, b)| b.caution) {
                let Some((_, label, value)) = q.scores.iter().find(|(s, ..)| s == id) else {
                    continue;
                };
                out.push(m.format(
                    "warn-score-caution",
                    &[
                        ("session", r.session.to_string()),
                        ("moment", moment_text(m, &q.moment)),
                        ("name", q.name.clone().unwrap_or_else(|| q.questionnaire.clone())),
                        (
                            "score",
                            label.as_ref().map_or(id.as_str(), |l| l.get(language)).to_owned(),
                        ),
                        ("value", number(*value, 1)),
                        ("band", band.label.get(language).to_owned()),
                    ],
                ));
            }
        }
    }
    out
}

/// Craving (the craving VAS's first score) before and after each session.
fn craving_chart(m: &Messages, reviews: &[SessionReview], sessions: u32) -> Option<ChartView> {
    let at = |moment: &str| -> Vec<Point> {
        reviews
            .iter()
            .filter_map(|r| {
                let q = r
                    .questionnaires
                    .as_ref()
                    .ok()?
                    .iter()
                    .find(|q| q.questionnaire == "craving-vas" && q.moment == moment)?;
                Some(Point {
                    session: r.session,
                    value: q.scores.first()?.2?,
                    interval: None,
                })
            })
            .collect()
    };
    let (before, after) = (at("before_session"), at("after_session"));
    if before.is_empty() && after.is_empty() {
        return None;
    }
    let values = |pts: &[Point]| {
        pts.iter()
            .map(|p| format!("{} {:.0}", p.session, p.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let alt = m.format(
        "chart-craving-alt",
        &[("before", values(&before)), ("after", values(&after))],
    );
    let (x, y) = (m.text("chart-x"), m.text("chart-craving-y"));
    let lines = [
        Line {
            label: m.text("moment-before"),
            points: before,
        },
        Line {
            label: m.text("moment-after"),
            points: after,
        },
    ];
    Some(ChartView {
        id: "craving",
        title: m.text("chart-craving-title"),
        svg: over_sessions(&lines, sessions, &Axes { x: &x, y: &y }, true).unwrap_or_default(),
        alt,
    })
}

/// The protocol's planned number of sessions, when its file (or the built-in copy) can
/// still be read.
fn planned_sessions(s: &StoredSession) -> Option<u32> {
    vr_aat_core::data::load_protocol(Path::new(&s.meta.protocol_file))
        .ok()
        .filter(|(p, ..)| p.id == s.meta.protocol_id)
        .map(|(p, ..)| p.sessions)
}

fn status_text(m: &Messages, s: &StoredStatus) -> String {
    m.text(match s {
        StoredStatus::Complete => "status-complete",
        StoredStatus::Incomplete(_) => "status-incomplete",
        StoredStatus::Interrupted => "status-interrupted",
        StoredStatus::Recording => "status-recording",
    })
}

fn input_text(m: &Messages, i: &InputSource) -> String {
    m.text(match i {
        InputSource::Xr => "input-xr",
        InputSource::Flat => "input-flat",
        InputSource::Synthetic { .. } => "input-synthetic",
    })
}

/// `therapy` or `all`: the `$counted` selector of the glance messages.
fn counted_id(counted: Counted) -> &'static str {
    match counted {
        Counted::TherapyOnly => "therapy",
        Counted::Everything => "all",
    }
}

/// What a session counts as, in the reader's language.
pub(crate) fn use_text(m: &Messages, what: SessionUse) -> String {
    m.text(match what {
        SessionUse::Therapy => "use-therapy",
        SessionUse::EndedEarly => "use-ended-early",
        SessionUse::Demo => "use-demo",
        SessionUse::Synthetic => "use-synthetic",
        SessionUse::Replayed => "use-replayed",
    })
}

fn flag_text(m: &Messages, f: &Flag) -> String {
    match f {
        Flag::NotScored(reason) => m.format("flag-not-scored", &[("reason", reason.clone())]),
        Flag::Status(s) => status_text(m, s),
        Flag::Flat => m.text("flag-flat"),
        Flag::Synthetic => m.text("flag-synthetic"),
        Flag::TrackingLost(n) => m.format("flag-tracking-lost", &[("n", n.to_string())]),
        Flag::LateFrames(n) => m.format("flag-late-frames", &[("n", n.to_string())]),
        Flag::BiasDiffersFromZero => m.text("flag-bias-differs"),
    }
}

fn session_list(reviews: &[&SessionReview]) -> String {
    reviews
        .iter()
        .map(|r| r.session.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn session_view(m: &Messages, r: &SessionReview) -> SessionView {
    let ex = &r.excluded;
    let pauses = match &r.pauses {
        Ok(p) if p.is_empty() => m.text("pauses-none"),
        Ok(p) => p
            .iter()
            .map(|p| {
                let causes = if p.causes.is_empty() {
                    m.text("pause-cause-unknown")
                } else {
                    p.causes.join(", ")
                };
                m.format("pause-item", &[("time", format!("{:.0}", p.t_s)), ("causes", causes)])
            })
            .collect::<Vec<_>>()
            .join("; "),
        Err(e) => m.format("pauses-unreadable", &[("error", e.to_string())]),
    };
    SessionView {
        session: r.session,
        date: r.started_utc.get(..10).unwrap_or(&r.started_utc).to_owned(),
        duration: r
            .duration_s()
            .map_or_else(|| "–".to_owned(), |s| format!("{:.0} min", s / 60.0)),
        status: status_text(m, &r.state),
        status_reason: r.status_reason.clone(),
        input: input_text(m, &r.input),
        therapy: r.session_use.is_therapy(),
        session_use: use_text(m, r.session_use),
        trials: format!("{} / {}", r.trials, r.trials_planned),
        errors: format!("{:.1} %", 100.0 * r.error_rate),
        timeouts: r.timeouts,
        medians: r.medians.iter().map(|x| number(*x, 0)).collect(),
        bias: number(r.bias_ms, 1),
        bias_by_set: format!("{} / {}", number(r.bias_trained_ms, 1), number(r.bias_untrained_ms, 1)),
        interval: r
            .ci
            .map_or_else(|| "–".to_owned(), |c| format!("{:.1} … {:.1}", c.lower, c.upper)),
        d_score: number(r.d_score, 2),
        flags: r.flags.iter().map(|f| flag_text(m, f)).collect(),
        display_hz: format!("{:.0}", r.display_hz),
        late: r.late_frame_trials,
        lost: r.tracking_lost_trials,
        excluded: m.format(
            "excluded-list",
            &[
                ("total", ex.total().to_string()),
                ("errors", ex.errors.to_string()),
                ("outliers", ex.outliers.to_string()),
                ("fast", ex.too_fast.to_string()),
                ("slow", ex.too_slow.to_string()),
                ("timeouts", ex.timeouts.to_string()),
                ("flagged", ex.flagged.to_string()),
            ],
        ),
        pauses,
        calibration: m.format(
            "calibration-text",
            &[
                ("reach", format!("{:.2}", r.arm_reach_m)),
                (
                    "method",
                    m.text(match r.calibration_method {
                        CalibrationMethod::Given => "calibration-given",
                        CalibrationMethod::ReachCalibration => "calibration-measured",
                    }),
                ),
            ],
        ),
    }
}

fn charts(m: &Messages, reviews: &[SessionReview], sessions: u32) -> Vec<ChartView> {
    let x = m.text("chart-x");
    let bias: Vec<Point> = reviews
        .iter()
        .filter_map(|r| {
            Some(Point {
                session: r.session,
                value: r.bias_ms?,
                interval: r.ci.map(|c| (c.lower, c.upper)),
            })
        })
        .collect();
    let values = |pts: &[Point], unit: &str| {
        pts.iter()
            .map(|p| format!("{} {:.1}{unit}", p.session, p.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bias_alt = m.format("chart-bias-alt", &[("values", values(&bias, " ms"))]);
    let bias_y = m.text("chart-bias-y");
    let cells = [
        "cell-push-alcohol",
        "cell-pull-alcohol",
        "cell-push-soft",
        "cell-pull-soft",
    ];
    let rt_lines: Vec<Line> = cells
        .iter()
        .enumerate()
        .map(|(i, id)| Line {
            label: m.text(id),
            points: reviews
                .iter()
                .filter_map(|r| {
                    Some(Point {
                        session: r.session,
                        value: r.medians[i]?,
                        interval: None,
                    })
                })
                .collect(),
        })
        .collect();
    let errors: Vec<Point> = reviews
        .iter()
        .map(|r| Point {
            session: r.session,
            value: 100.0 * r.error_rate,
            interval: None,
        })
        .collect();
    let errors_alt = m.format("chart-errors-alt", &[("values", values(&errors, " %"))]);
    let rt_y = m.text("chart-rt-y");
    let err_y = m.text("chart-errors-y");
    let draw = |lines: &[Line], y: &str, zero: bool| {
        over_sessions(lines, sessions, &Axes { x: &x, y }, zero).unwrap_or_default()
    };
    vec![
        ChartView {
            id: "bias",
            title: m.text("chart-bias-title"),
            svg: draw(
                &[Line {
                    label: bias_y.clone(),
                    points: bias,
                }],
                &bias_y,
                true,
            ),
            alt: bias_alt,
        },
        ChartView {
            id: "rt",
            title: m.text("chart-rt-title"),
            svg: draw(&rt_lines, &rt_y, false),
            alt: m.text("chart-rt-alt"),
        },
        ChartView {
            id: "errors",
            title: m.text("chart-errors-title"),
            svg: draw(
                &[Line {
                    label: err_y.clone(),
                    points: errors,
                }],
                &err_y,
                true,
            ),
            alt: errors_alt,
        },
    ]
}

/// The page of `participant` from its sessions (and the damaged ones, named) and their
/// intake, when they had one. A participant without sessions gets the glance (the
/// intake, "no sessions yet") and no charts or tables.
pub fn page(
    participant: &str,
    scan: &Scan<StoredSession>,
    intake: Option<&Intake>,
    options: &ReviewOptions,
    m: &Messages,
) -> ParticipantPage {
    let reviews: Vec<SessionReview> = scan.found.iter().map(|s| review_session(s, options)).collect();
    let planned = scan.found.last().and_then(planned_sessions);
    let last_number = reviews.iter().map(|r| r.session).max().unwrap_or(0);
    let axis_sessions = planned.unwrap_or(0).max(last_number);

    let mut glance = Vec::new();
    let counted = options.counted;
    let counted_arg = ("counted", counted_id(counted).to_owned());
    let done = reviews.iter().filter(|r| counts(r, counted)).count().to_string();
    match (planned, scan.found.last()) {
        (Some(p), _) => glance.push(m.format(
            "glance-sessions",
            &[("done", done), ("planned", p.to_string()), counted_arg.clone()],
        )),
        (None, Some(s)) => glance.push(m.format(
            "glance-sessions-unknown-plan",
            &[
                ("done", done),
                ("protocol", s.meta.protocol_id.clone()),
                counted_arg.clone(),
            ],
        )),
        (None, None) => glance.push(m.text("glance-no-sessions")),
    }
    let left_out = not_counted(&reviews, counted);
    if !left_out.is_empty() {
        let listed = left_out
            .iter()
            .map(|(n, what)| {
                m.format(
                    "session-use-item",
                    &[("session", n.to_string()), ("use", use_text(m, *what))],
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        glance.push(m.format("glance-not-counted", &[("sessions", listed)]));
    }
    if counted == Counted::Everything && reviews.iter().any(|r| !r.session_use.is_therapy()) {
        glance.push(m.text("glance-counting-everything"));
    }
    if let (Some(first), Some(last)) = (reviews.first(), reviews.last()) {
        glance.push(m.format(
            "glance-dates",
            &[
                ("first", first.started_utc.get(..10).unwrap_or("").to_owned()),
                ("last", last.started_utc.get(..10).unwrap_or("").to_owned()),
            ],
        ));
    }
    match reviews.iter().rev().find(|r| r.scored && counts(r, counted)) {
        _ if reviews.is_empty() => {}
        Some(r) => glance.push(m.format(
            "glance-latest",
            &[
                ("session", r.session.to_string()),
                ("bias", number(r.bias_ms, 1)),
                ("low", number(r.ci.map(|c| c.lower), 1)),
                ("high", number(r.ci.map(|c| c.upper), 1)),
                counted_arg.clone(),
            ],
        )),
        None => glance.push(m.format("glance-no-score", std::slice::from_ref(&counted_arg))),
    }
    match course_change(&reviews, options) {
        _ if reviews.is_empty() => {}
        Some(c) => {
            glance.push(m.format(
                "change-line",
                &[
                    ("from", c.from.to_string()),
                    ("to", c.to.to_string()),
                    ("change", number(c.change, 1)),
                    ("low", number(c.ci.map(|c| c.lower), 1)),
                    ("high", number(c.ci.map(|c| c.upper), 1)),
                ],
            ));
            glance.push(m.text(match c.reading() {
                ChangeReading::Decreased => "change-decreased",
                ChangeReading::Increased => "change-increased",
                ChangeReading::NoReliableChange => "change-none",
                ChangeReading::CannotTell => "change-cannot-tell",
            }));
        }
        None => glance.push(m.format("change-needs-two", &[counted_arg])),
    }

    if let Some(i) = intake {
        let list = |v: &[String]| if v.is_empty() { "–".to_owned() } else { v.join(", ") };
        glance.push(m.format(
            "glance-intake",
            &[
                ("date", i.recorded_utc.get(..10).unwrap_or("").to_owned()),
                ("alcohol", list(&i.alcohol)),
                ("soft", list(&i.soft)),
            ],
        ));
    }
    if let Some(set) = scan.found.iter().rev().find_map(|s| s.meta.personal_set.as_ref()) {
        glance.push(m.format("glance-personal-set", &[("drinks", set.join(", "))]));
    }

    let mut warnings = Vec::new();
    let pick = |f: &dyn Fn(&SessionReview) -> bool| reviews.iter().filter(|r| f(r)).collect::<Vec<_>>();
    for (id, which) in [
        ("warn-flat", pick(&|r| r.input == InputSource::Flat)),
        (
            "warn-synthetic",
            pick(&|r| matches!(r.input, InputSource::Synthetic { .. })),
        ),
        ("warn-not-complete", pick(&|r| r.state != StoredStatus::Complete)),
        ("warn-not-scored", pick(&|r| !r.scored)),
        (
            "warn-quality",
            pick(&|r| r.tracking_lost_trials > 0 || r.late_frame_trials > 0),
        ),
    ] {
        if !which.is_empty() {
            warnings.push(m.format(
                id,
                &[("sessions", session_list(&which)), ("count", which.len().to_string())],
            ));
        }
    }
    let no_events = pick(&|r| r.pauses.is_err());
    if !no_events.is_empty() {
        warnings.push(m.format(
            "warn-events",
            &[
                ("sessions", session_list(&no_events)),
                ("count", no_events.len().to_string()),
            ],
        ));
    }
    if !scan.damaged.is_empty() {
        warnings.push(m.format("warn-damaged", &[("count", scan.damaged.len().to_string())]));
    }
    warnings.extend(caution_warnings(m, &reviews));
    let bad_answers = pick(&|r| r.questionnaires.is_err());
    if !bad_answers.is_empty() {
        warnings.push(m.format(
            "warn-answers",
            &[
                ("sessions", session_list(&bad_answers)),
                ("count", bad_answers.len().to_string()),
            ],
        ));
    }

    ParticipantPage {
        participant: participant.to_owned(),
        title: m.format("report-title", &[("participant", participant.to_owned())]),
        glance,
        warnings,
        charts: if reviews.is_empty() {
            Vec::new()
        } else {
            charts(m, &reviews, axis_sessions)
        },
        cells: [
            "cell-push-alcohol",
            "cell-pull-alcohol",
            "cell-push-soft",
            "cell-pull-soft",
        ]
        .iter()
        .map(|id| m.text(id))
        .collect(),
        sessions: reviews.iter().map(|r| session_view(m, r)).collect(),
        damaged: scan.damaged.iter().map(|e| e.to_string()).collect(),
        questionnaires: questionnaire_rows(m, &reviews),
        questionnaire_errors: reviews
            .iter()
            .filter_map(|r| r.questionnaires.as_ref().err().map(ToString::to_string))
            .collect(),
        craving_chart: if reviews.is_empty() {
            None
        } else {
            craving_chart(m, &reviews, axis_sessions)
        },
    }
}

/// The participant's report as a self-contained HTML page.
pub fn html(
    participant: &str,
    scan: &Scan<StoredSession>,
    intake: Option<&Intake>,
    options: &ReviewOptions,
    m: &Messages,
) -> Result<String, ReportError> {
    render("participant.html", &page(participant, scan, intake, options, m), m)
}
