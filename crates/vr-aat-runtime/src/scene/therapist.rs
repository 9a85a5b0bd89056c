//! The therapist's overlay line, in the session's language: who and where, the state
//! (and what holds it), the recording's health, the frames, the keys. Built from plain
//! values so that every language is tested without a window; the render layer fills
//! them from the session's resources.

use crate::session::PauseCause;
use crate::session::asking::ScoreCaution;
use vr_aat_core::locale::Messages;
use vr_aat_store::RecorderHealth;

/// Where the session is, as the overlay says it.
#[derive(Clone, Debug, PartialEq)]
pub enum TherapistState {
    Starting,
    /// The headset's reach calibration: what it waits for (from the calibration, in
    /// English), or the causes holding it.
    Calibrating {
        step: String,
        paused_by: Vec<PauseCause>,
    },
    Running,
    Paused(Vec<PauseCause>),
    /// A questionnaire on screen: its id, moment, and the item (n, of) or the instructions.
    Asking {
        questionnaire: String,
        moment: String,
        item: Option<(usize, usize)>,
    },
    Finished,
}

/// What the overlay shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TherapistFacts {
    /// Participant and session number.
    pub who: Option<(String, u32)>,
    /// Trial on screen and trials planned (none while calibrating).
    pub trial: Option<(u32, u32)>,
    pub accuracy: Option<f64>,
    pub last_rt_ms: Option<f64>,
    pub state: TherapistState,
    pub recording: Option<RecorderHealth>,
    /// Frames per second measured, the display's rate (Hz), late frames, frames.
    pub frames: Option<(Option<f64>, f64, u64, u64)>,
    /// The core's p99 cost per frame (µs).
    pub core_p99_us: Option<f64>,
    /// A message id with the mode's extra keys (the headset's recentering).
    pub extra_keys: Option<&'static str>,
    /// Questionnaire scores in a band marked for caution (a high SSQ total): shown on
    /// a line of their own until the app closes.
    pub cautions: Vec<ScoreCaution>,
}

/// A pause cause as the therapist reads it.
pub fn cause_text(m: &Messages, cause: PauseCause) -> String {
    m.text(match cause {
        PauseCause::Therapist => "cause-therapist",
        PauseCause::HeadsetNotFocused => "cause-headset",
        PauseCause::TrackingLost => "cause-tracking",
        PauseCause::RecordingProblem => "cause-recording",
    })
}

fn causes_text(m: &Messages, causes: &[PauseCause]) -> String {
    causes.iter().map(|c| cause_text(m, *c)).collect::<Vec<_>>().join(", ")
}

fn health_text(m: &Messages, h: &RecorderHealth) -> String {
    if let Some(e) = &h.error {
        return m.format("overlay-recording-failed", &[("error", e.clone())]);
    }
    let args = [
        ("trial", h.last_synced_trial.map_or("-".to_owned(), |t| t.to_string())),
        ("waiting", h.unsynced_trials.to_string()),
        ("backlog", format!("{:.1}", h.backlog_s)),
    ];
    m.format(
        if h.stalled() {
            "overlay-recording-stalled"
        } else {
            "overlay-recording-ok"
        },
        &args,
    )
}

/// The overlay's four lines.
pub fn therapist_line(m: &Messages, f: &TherapistFacts) -> String {
    let dash = || "-".to_owned();
    let state = match &f.state {
        TherapistState::Starting => m.text("overlay-starting"),
        TherapistState::Calibrating { paused_by, .. } if !paused_by.is_empty() => {
            m.format("overlay-calibrating-paused", &[("causes", causes_text(m, paused_by))])
        }
        TherapistState::Calibrating { step, .. } => m.format("overlay-calibrating", &[("step", step.clone())]),
        TherapistState::Running => m.text("overlay-running"),
        TherapistState::Paused(causes) => m.format("overlay-paused", &[("causes", causes_text(m, causes))]),
        TherapistState::Asking {
            questionnaire,
            moment,
            item,
        } => {
            let at = match item {
                Some((n, of)) => m.format("overlay-item", &[("n", n.to_string()), ("total", of.to_string())]),
                None => m.text("overlay-instructions"),
            };
            m.format(
                "overlay-asking",
                &[("id", questionnaire.clone()), ("moment", moment.clone()), ("at", at)],
            )
        }
        TherapistState::Finished => m.text("overlay-finished"),
    };
    let who = f.who.as_ref().map_or(String::new(), |(p, s)| {
        m.format("overlay-who", &[("participant", p.clone()), ("session", s.to_string())]) + " | "
    });
    let first = m.format(
        "overlay-status",
        &[
            ("trial", f.trial.map_or_else(dash, |(n, of)| format!("{n} / {of}"))),
            (
                "accuracy",
                f.accuracy.map_or_else(dash, |a| format!("{:.0}%", 100.0 * a)),
            ),
            ("rt", f.last_rt_ms.map_or_else(dash, |r| format!("{r:.0} ms"))),
            ("state", state),
        ],
    );
    let recording = m.format(
        "overlay-recording",
        &[("health", f.recording.as_ref().map_or_else(dash, |h| health_text(m, h)))],
    );
    let frames = f.frames.map_or_else(dash, |(rate, hz, late, frames)| {
        m.format(
            if late == 0 {
                "overlay-frames-ok"
            } else {
                "overlay-frames-late"
            },
            &[
                ("rate", rate.map_or_else(dash, |r| format!("{r:.0}"))),
                ("hz", format!("{hz:.0}")),
                ("late", late.to_string()),
                ("frames", frames.to_string()),
            ],
        )
    });
    let cost = f.core_p99_us.map_or_else(dash, |c| format!("p99 {c:.0} µs"));
    let third = m.format("overlay-frames", &[("frames", frames), ("cost", cost)]);
    let mut keys = m.text("overlay-keys");
    if let Some(extra) = f.extra_keys {
        keys.push_str("   ");
        keys.push_str(&m.text(extra));
    }
    let mut text = format!("{who}{first}\n{recording}\n{third}\n{keys}");
    for c in &f.cautions {
        text.push('\n');
        text.push_str(&m.format(
            "overlay-caution",
            &[
                ("name", c.questionnaire.clone()),
                ("score", c.score.get(m.language()).to_owned()),
                ("value", format!("{:.1}", c.value)),
                ("moment", c.moment.clone()),
                ("band", c.band.label.get(m.language()).to_owned()),
            ],
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use vr_aat_core::locale::Language;

    fn facts(state: TherapistState) -> TherapistFacts {
        TherapistFacts {
            who: Some(("P001".into(), 2)),
            trial: Some((3, 16)),
            accuracy: Some(0.75),
            last_rt_ms: Some(612.4),
            state,
            recording: Some(RecorderHealth::default()),
            frames: Some((Some(59.7), 60.0, 0, 1200)),
            core_p99_us: Some(12.0),
            extra_keys: Some("overlay-keys-recenter"),
            cautions: Vec::new(),
        }
    }

    #[test]
    fn a_score_of_concern_gets_a_line_of_its_own_in_every_language() {
        use vr_aat_core::data::questionnaire::{Band, Texts};
        let texts = |s: &str| Texts {
            en: s.into(),
            de: format!("{s} (de)"),
            pl: format!("{s} (pl)"),
            da: format!("{s} (da)"),
        };
        let mut f = facts(TherapistState::Finished);
        f.cautions.push(ScoreCaution {
            questionnaire: "SSQ".into(),
            moment: "after_session".into(),
            score: texts("total score"),
            value: 44.88,
            band: Band {
                from: 20.0,
                label: texts("bad"),
                caution: true,
            },
        });
        let m = Messages::default();
        let line = therapist_line(&m, &f);
        assert_eq!(
            line.lines().last(),
            Some("READ WITH CARE: SSQ, total score 44.9 (after_session): bad")
        );
        for language in Language::ALL {
            let m = Messages::new(language).expect("loads");
            let line = therapist_line(&m, &f);
            let last = line.lines().last().unwrap_or("");
            assert_eq!(line.lines().count(), 5, "{language:?}");
            assert!(
                last.contains("44.9") && last.contains(f.cautions[0].band.label.get(language)),
                "{last}"
            );
        }
    }

    #[test]
    fn the_overlay_reads_as_before_in_english() {
        let m = Messages::default();
        let line = therapist_line(
            &m,
            &facts(TherapistState::Paused(vec![
                PauseCause::Therapist,
                PauseCause::TrackingLost,
            ])),
        );
        assert_eq!(
            line,
            "P001 session 2 | trial 3 / 16 | accuracy 75% | last RT 612 ms | PAUSED by: therapist, tracking lost\n\
             recording ok: last saved trial -, 0 waiting, backlog 0.0 s\n\
             frames 60 fps of 60 Hz, 0 late of 1200 (ok) | core p99 12 µs\n\
             P pause   R resume   Esc end session   C recenter (while paused or calibrating)"
        );
    }

    #[test]
    fn every_state_reads_in_every_language() {
        let states = [
            TherapistState::Starting,
            TherapistState::Calibrating {
                step: "rest".into(),
                paused_by: vec![],
            },
            TherapistState::Calibrating {
                step: "rest".into(),
                paused_by: vec![PauseCause::HeadsetNotFocused],
            },
            TherapistState::Running,
            TherapistState::Paused(vec![PauseCause::RecordingProblem]),
            TherapistState::Asking {
                questionnaire: "ssq".into(),
                moment: "after_session".into(),
                item: Some((3, 16)),
            },
            TherapistState::Asking {
                questionnaire: "ssq".into(),
                moment: "after_session".into(),
                item: None,
            },
            TherapistState::Finished,
        ];
        for language in Language::ALL {
            let m = Messages::new(language).unwrap();
            for state in &states {
                let mut f = facts(state.clone());
                let line = therapist_line(&m, &f);
                assert!(!line.contains('['), "{language:?}: {line}");
                f.frames = Some((None, 90.0, 3, 100));
                f.recording = Some(RecorderHealth {
                    error: Some("disk full".into()),
                    ..Default::default()
                });
                let line = therapist_line(&m, &f);
                assert!(
                    !line.contains('[') && line.contains("disk full"),
                    "{language:?}: {line}"
                );
            }
        }
    }
}
