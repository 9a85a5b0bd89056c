//! Training and assessment protocols: which blocks of which trials a session holds, and
//! the rules every trial follows (timing, thresholds, error handling, randomisation).

use serde::{Deserialize, Serialize};

use super::catalogue::{Catalogue, Category, StimulusSet};
use super::error::Problem;

/// What a block is for. Practice is never scored; assessment and sham keep a 50/50
/// mapping so the bias can be measured; training applies the therapeutic contingency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    Practice,
    Assessment,
    Training,
    Sham,
}

impl BlockKind {
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::Practice => "practice",
            BlockKind::Assessment => "assessment",
            BlockKind::Training => "training",
            BlockKind::Sham => "sham",
        }
    }

    /// Blocks whose trials enter the per-session bias score (the 50/50 blocks).
    pub fn is_scored(self) -> bool {
        matches!(self, BlockKind::Assessment | BlockKind::Sham)
    }
}

/// A cue that is unrelated to the drink's content, for stimulus-irrelevant instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cue {
    /// The drink stands on a blue coaster: push it away.
    BlueCoaster,
    /// The drink stands on an orange coaster: pull it closer.
    OrangeCoaster,
}

/// What the patient is told to respond to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Instruction {
    /// Respond to the content: in a block with `alcohol_push_share` 1, push alcohol and
    /// pull soft drinks; with 0, the reverse. The default, as in the VR-AAT trial.
    #[default]
    StimulusRelevant,
    /// Respond to the coaster colour (blue: push, orange: pull); the content decides
    /// nothing, so any push share is possible (for example a 90% training contingency).
    StimulusIrrelevant,
}

/// How the patient moves a drink: the three grasp conditions Ascone et al. (2023)
/// compared in the VR-AAT (never grasp, always grasp, grasp only to pull).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ResponseMode {
    /// Never grasp: touch the drink and push or pull it. The default: the most usable
    /// correct-response rates in VR (Ascone et al. 2023).
    #[default]
    TouchAndMove,
    /// Always grasp: hold the grip button while moving; a movement without grip does
    /// not move the drink.
    Grasp,
    /// Grasp only to pull: a push is a touch, a pull needs the grip held (as one grasps
    /// a glass to bring it closer).
    GraspToPull,
}

impl ResponseMode {
    /// Whether a pull (`pulling`) or a push needs the grip held to move the drink.
    pub fn needs_grip(self, pulling: bool) -> bool {
        match self {
            ResponseMode::TouchAndMove => false,
            ResponseMode::Grasp => true,
            ResponseMode::GraspToPull => pulling,
        }
    }
}

/// What happens after a movement in the wrong direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ErrorHandling {
    /// The trial stays open until the correct movement is made (still scored as an error).
    #[default]
    CorrectionRequired,
    /// The trial ends on the first response.
    NoCorrection,
}

/// Trial timing, in seconds of display time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timing {
    /// Inter-trial interval: from the end of feedback (and the hand back home) to the
    /// earliest stimulus onset.
    pub iti_s: f64,
    /// From stimulus onset (or the start of a correction) to a time-out.
    pub response_timeout_s: f64,
    /// How long feedback (zoom, fade, error sign) is shown.
    pub feedback_s: f64,
    /// Pause with the instruction panel before each block.
    pub block_break_s: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            iti_s: 0.5,
            response_timeout_s: 2.0,
            feedback_s: 0.5,
            block_break_s: 4.0,
        }
    }
}

/// Distances that define a movement, in metres or as fractions of the calibrated arm
/// reach (shoulder to grip, arm extended).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// A push is complete when the hand is this fraction of the arm reach forward of
    /// where it rested at stimulus onset.
    pub push_fraction: f64,
    /// A pull is complete when the hand is this fraction of the arm reach back toward the
    /// body from where it rested.
    pub pull_fraction: f64,
    /// Movement onset: the hand is this far (m, straight-line) from where it rested.
    pub onset_distance_m: f64,
    /// The hand must be within this distance (m) of its home position before a stimulus
    /// appears.
    pub home_radius_m: f64,
    /// The hand rests when, over this much display time (s), it was tracked throughout
    /// and its speed stayed below `rest_speed_m_s`: a drink appears only then.
    pub rest_window_s: f64,
    /// Resting speed (m/s): the distance between the mean positions of the first and the
    /// last third of the rest window, over the time between them.
    pub rest_speed_m_s: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            push_fraction: 0.2,
            pull_fraction: 0.2,
            onset_distance_m: 0.01,
            home_radius_m: 0.05,
            rest_window_s: 0.15,
            rest_speed_m_s: 0.02,
        }
    }
}

/// Limits on runs in the generated trial order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Randomisation {
    /// At most this many trials of one category in a row.
    pub max_same_category_run: u32,
    /// At most this many trials requiring one direction in a row.
    pub max_same_direction_run: u32,
}

impl Default for Randomisation {
    fn default() -> Self {
        Self {
            max_same_category_run: 3,
            max_same_direction_run: 3,
        }
    }
}

/// Which stimuli a block draws from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum BlockStimuli {
    /// Every drink in the catalogue.
    #[default]
    All,
    /// Only the drinks of the trained set.
    Trained,
    /// Only the drinks held back to test generalisation.
    Untrained,
    /// An explicit list of drink ids.
    Ids(Vec<String>),
}

/// Which sessions of a course include a block (numbered from 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum BlockSessions {
    #[default]
    All,
    Only(Vec<u32>),
}

/// When in a session a questionnaire is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AskMoment {
    /// Before the first trial (after the headset's reach calibration).
    BeforeSession,
    /// Before every block but the first, while its instruction is up.
    BetweenBlocks,
    /// After the last trial (not when the session was ended early).
    AfterSession,
}

impl AskMoment {
    /// The moment as `answers.csv` writes it.
    pub fn label(self) -> &'static str {
        match self {
            AskMoment::BeforeSession => "before_session",
            AskMoment::BetweenBlocks => "between_blocks",
            AskMoment::AfterSession => "after_session",
        }
    }
}

/// A questionnaire the protocol asks, when, and in which sessions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    /// The questionnaire file, as a path relative to this protocol file.
    pub questionnaire: String,
    pub moment: AskMoment,
    #[serde(default)]
    pub sessions: BlockSessions,
    /// The questionnaire itself, filled in by [`crate::data::load_protocol`].
    #[serde(skip)]
    pub definition: Option<super::questionnaire::Questionnaire>,
}

impl Ask {
    /// Whether it is asked in session `session` (from 1).
    pub fn in_session(&self, session: u32) -> bool {
        match &self.sessions {
            BlockSessions::All => true,
            BlockSessions::Only(list) => list.contains(&session),
        }
    }
}

/// One block of trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// A short name shown to therapists and written into records.
    pub name: String,
    pub kind: BlockKind,
    /// Number of trials in the block.
    pub trials: u32,
    /// Share of trials that show an alcoholic drink (0..1).
    #[serde(default = "half")]
    pub alcohol_share: f64,
    /// Share of alcohol trials that require a push (0..1); soft drinks are pushed with the
    /// complementary share. 1 = therapeutic training, 0.5 = assessment or sham.
    pub alcohol_push_share: f64,
    #[serde(default)]
    pub stimuli: BlockStimuli,
    #[serde(default)]
    pub sessions: BlockSessions,
}

fn half() -> f64 {
    0.5
}

/// A protocol file (`assets/protocols/*.ron`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// Stable identifier written into every record.
    pub id: String,
    pub title: String,
    /// The stimulus catalogue, as a path relative to this protocol file.
    pub catalogue: String,
    /// Number of sessions in the course.
    pub sessions: u32,
    #[serde(default)]
    pub instruction: Instruction,
    #[serde(default)]
    pub response_mode: ResponseMode,
    #[serde(default)]
    pub errors: ErrorHandling,
    #[serde(default)]
    pub timing: Timing,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub randomisation: Randomisation,
    /// Pre-processing for the scores (see docs/scoring.md).
    #[serde(default)]
    pub scoring: crate::scoring::ScoringConfig,
    pub blocks: Vec<Block>,
    /// Questionnaires and when they are asked, in the order they are asked at each
    /// moment (docs/questionnaires.md). None by default.
    #[serde(default)]
    pub questionnaires: Vec<Ask>,
}

/// The trial counts of one block: how many trials of each category require each
/// direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellCounts {
    pub alcohol_push: u32,
    pub alcohol_pull: u32,
    pub soft_push: u32,
    pub soft_pull: u32,
}

impl CellCounts {
    pub fn alcohol(&self) -> u32 {
        self.alcohol_push + self.alcohol_pull
    }
    pub fn soft(&self) -> u32 {
        self.soft_push + self.soft_pull
    }
    pub fn push(&self) -> u32 {
        self.alcohol_push + self.soft_push
    }
    pub fn pull(&self) -> u32 {
        self.alcohol_pull + self.soft_pull
    }
}

/// `share * n` when it is a whole number (within floating-point noise).
fn exact_count(n: u32, share: f64) -> Option<u32> {
    let x = share * f64::from(n);
    let r = x.round();
    ((x - r).abs() < 1e-6).then_some(r as u32)
}

/// Whether a sequence with `a` items of one kind and `b` of another can avoid runs
/// longer than `k`.
fn runs_feasible(a: u32, b: u32, k: u32) -> bool {
    let k = u64::from(k);
    u64::from(a) <= k * (u64::from(b) + 1) && u64::from(b) <= k * (u64::from(a) + 1)
}

impl Block {
    /// The exact trial counts per cell, if the shares divide the trial count evenly.
    pub fn cell_counts(&self) -> Option<CellCounts> {
        let alcohol = exact_count(self.trials, self.alcohol_share)?;
        let soft = self.trials - alcohol;
        let alcohol_push = exact_count(alcohol, self.alcohol_push_share)?;
        let soft_push = exact_count(soft, 1.0 - self.alcohol_push_share)?;
        Some(CellCounts {
            alcohol_push,
            alcohol_pull: alcohol - alcohol_push,
            soft_push,
            soft_pull: soft - soft_push,
        })
    }

    /// Whether this block is part of session `session` (from 1).
    pub fn in_session(&self, session: u32) -> bool {
        match &self.sessions {
            BlockSessions::All => true,
            BlockSessions::Only(list) => list.contains(&session),
        }
    }

    /// The ids of the drinks of `category` this block may show, in catalogue order.
    pub fn stimulus_ids<'c>(&self, catalogue: &'c Catalogue, category: Category) -> Vec<&'c str> {
        catalogue
            .drinks
            .iter()
            .filter(|d| d.category == category)
            .filter(|d| match &self.stimuli {
                BlockStimuli::All => true,
                BlockStimuli::Trained => d.set == StimulusSet::Trained,
                BlockStimuli::Untrained => d.set == StimulusSet::Untrained,
                BlockStimuli::Ids(ids) => ids.contains(&d.id),
            })
            .map(|d| d.id.as_str())
            .collect()
    }
}

impl Protocol {
    /// The blocks of session `session` (from 1), in order, with their index in `blocks`.
    pub fn blocks_in_session(&self, session: u32) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.in_session(session))
    }

    /// The questionnaires asked in session `session` (from 1), with their moment, in
    /// the protocol's order (those loaded with it, see [`Ask::definition`]).
    pub fn questionnaires_in_session(&self, session: u32) -> Vec<(AskMoment, super::questionnaire::Questionnaire)> {
        self.questionnaires
            .iter()
            .filter(|a| a.in_session(session))
            .filter_map(|a| Some((a.moment, a.definition.clone()?)))
            .collect()
    }

    /// Sessions before `session` that have a training block (what a learning patient
    /// has trained by the start of `session`).
    pub fn training_sessions_before(&self, session: u32) -> u32 {
        (1..session)
            .filter(|s| self.blocks_in_session(*s).any(|(_, b)| b.kind == BlockKind::Training))
            .count() as u32
    }

    /// Checks meaning after parsing, against the catalogue the protocol names.
    pub fn problems(&self, catalogue: &Catalogue) -> Vec<Problem> {
        let mut out = Vec::new();
        let p = |path: &str, problem: String, expected: &str| Problem::new(path, problem, expected);
        if !super::catalogue::is_valid_id(&self.id) {
            out.push(p(
                "id",
                format!("`{}` is not a valid id", self.id),
                "1-40 characters of a-z, 0-9 and '-'",
            ));
        }
        if self.sessions == 0 || self.sessions > 100 {
            out.push(p("sessions", format!("{}", self.sessions), "from 1 to 100 sessions"));
        }
        if self.blocks.is_empty() {
            out.push(p("blocks", "no blocks".into(), "at least one block"));
        }
        let t = &self.timing;
        for (name, v, lo, hi) in [
            ("timing.iti_s", t.iti_s, 0.0, 30.0),
            ("timing.response_timeout_s", t.response_timeout_s, 0.2, 30.0),
            ("timing.feedback_s", t.feedback_s, 0.0, 10.0),
            ("timing.block_break_s", t.block_break_s, 0.0, 600.0),
        ] {
            if !(lo..=hi).contains(&v) {
                out.push(p(name, format!("{v} s"), &format!("from {lo} to {hi} s")));
            }
        }
        let th = &self.thresholds;
        for (name, v) in [
            ("thresholds.push_fraction", th.push_fraction),
            ("thresholds.pull_fraction", th.pull_fraction),
        ] {
            if !(v > 0.0 && v < 1.0) {
                out.push(p(
                    name,
                    format!("{v}"),
                    "a fraction of the arm reach above 0 and below 1",
                ));
            }
        }
        if !(th.onset_distance_m > 0.0 && th.onset_distance_m <= 0.05) {
            out.push(p(
                "thresholds.onset_distance_m",
                format!("{} m", th.onset_distance_m),
                "above 0 and at most 0.05 m",
            ));
        }
        if !(th.home_radius_m > 0.0 && th.home_radius_m <= 0.2) {
            out.push(p(
                "thresholds.home_radius_m",
                format!("{} m", th.home_radius_m),
                "above 0 and at most 0.2 m",
            ));
        }
        if !(th.rest_window_s >= 0.05 && th.rest_window_s <= 1.0) {
            out.push(p(
                "thresholds.rest_window_s",
                format!("{} s", th.rest_window_s),
                "from 0.05 to 1 s",
            ));
        }
        if !(th.rest_speed_m_s > 0.0 && th.rest_speed_m_s <= 0.2) {
            out.push(p(
                "thresholds.rest_speed_m_s",
                format!("{} m/s", th.rest_speed_m_s),
                "above 0 and at most 0.2 m/s",
            ));
        }
        for problem in self.scoring.problems() {
            let path = format!("scoring.{}", problem.field);
            out.push(p(&path, problem.value, problem.expected));
        }
        let r = &self.randomisation;
        if r.max_same_category_run == 0 {
            out.push(p("randomisation.max_same_category_run", "0".into(), "at least 1"));
        }
        if r.max_same_direction_run == 0 {
            out.push(p("randomisation.max_same_direction_run", "0".into(), "at least 1"));
        }
        for s in 1..=self.sessions.min(100) {
            if self.blocks_in_session(s).next().is_none() && !self.blocks.is_empty() {
                out.push(p(
                    "blocks",
                    format!("session {s} has no blocks"),
                    "every session to include at least one block",
                ));
            }
        }
        for (i, ask) in self.questionnaires.iter().enumerate() {
            if let BlockSessions::Only(list) = &ask.sessions
                && (list.is_empty() || list.iter().any(|s| *s == 0 || *s > self.sessions))
            {
                out.push(p(
                    &format!("questionnaires[{i}].sessions"),
                    format!("{list:?}"),
                    &format!("session numbers from 1 to {}", self.sessions),
                ));
            }
        }
        for (i, b) in self.blocks.iter().enumerate() {
            let at = |f: &str| format!("blocks[{i}].{f}");
            if b.name.trim().is_empty() {
                out.push(p(&at("name"), "empty".into(), "a short block name"));
            }
            if b.trials == 0 || b.trials > 2000 {
                out.push(p(&at("trials"), format!("{}", b.trials), "from 1 to 2000 trials"));
            }
            let mut shares_ok = true;
            for (name, v) in [
                ("alcohol_share", b.alcohol_share),
                ("alcohol_push_share", b.alcohol_push_share),
            ] {
                if !(0.0..=1.0).contains(&v) {
                    shares_ok = false;
                    out.push(p(&at(name), format!("{v}"), "a share from 0 to 1"));
                }
            }
            if self.instruction == Instruction::StimulusRelevant
                && shares_ok
                && b.alcohol_push_share != 0.0
                && b.alcohol_push_share != 1.0
            {
                out.push(p(
                    &at("alcohol_push_share"),
                    format!("{} contradicts the stimulus-relevant instruction, where the drink alone decides the direction", b.alcohol_push_share),
                    "0 or 1 (for a 50/50 assessment use two blocks with opposite mappings, or the StimulusIrrelevant instruction)",
                ));
            }
            if let BlockSessions::Only(list) = &b.sessions {
                if list.is_empty() {
                    out.push(p(
                        &at("sessions"),
                        "an empty list".into(),
                        "All or a list of session numbers",
                    ));
                }
                for s in list {
                    if *s == 0 || *s > self.sessions {
                        out.push(p(
                            &at("sessions"),
                            format!("session {s} does not exist"),
                            &format!("session numbers from 1 to {}", self.sessions),
                        ));
                    }
                }
            }
            if let BlockStimuli::Ids(ids) = &b.stimuli {
                for id in ids {
                    if catalogue.get(id).is_none() {
                        out.push(p(
                            &at("stimuli"),
                            format!("unknown stimulus id `{id}`"),
                            "ids of drinks in the catalogue",
                        ));
                    }
                }
            }
            if !shares_ok || b.trials == 0 {
                continue;
            }
            let Some(c) = b.cell_counts() else {
                out.push(p(
                    &at("trials"),
                    format!(
                        "{} trials cannot be split exactly by alcohol_share {} and alcohol_push_share {}",
                        b.trials, b.alcohol_share, b.alcohol_push_share
                    ),
                    "a trial count that gives whole numbers of trials in every category x direction cell",
                ));
                continue;
            };
            for (cat, n) in [(Category::Alcohol, c.alcohol()), (Category::Soft, c.soft())] {
                if n > 0 && b.stimulus_ids(catalogue, cat).is_empty() {
                    out.push(p(
                        &at("stimuli"),
                        format!("no {} drinks in this selection", cat.label()),
                        "at least one drink of each category the block shows",
                    ));
                }
            }
            if !runs_feasible(c.alcohol(), c.soft(), r.max_same_category_run) && r.max_same_category_run > 0 {
                out.push(p(
                    "randomisation.max_same_category_run",
                    format!(
                        "{} alcohol and {} soft trials in block `{}` cannot avoid runs longer than {}",
                        c.alcohol(),
                        c.soft(),
                        b.name,
                        r.max_same_category_run
                    ),
                    "a run limit the block's counts can satisfy",
                ));
            }
            if !runs_feasible(c.push(), c.pull(), r.max_same_direction_run) && r.max_same_direction_run > 0 {
                out.push(p(
                    "randomisation.max_same_direction_run",
                    format!(
                        "{} push and {} pull trials in block `{}` cannot avoid runs longer than {}",
                        c.push(),
                        c.pull(),
                        b.name,
                        r.max_same_direction_run
                    ),
                    "a run limit the block's counts can satisfy",
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_feasibility_matches_the_pigeonhole_bound() {
        assert!(runs_feasible(6, 2, 2));
        assert!(!runs_feasible(7, 2, 2));
        assert!(runs_feasible(0, 3, 3));
        assert!(!runs_feasible(0, 4, 3));
    }

    #[test]
    fn exact_counts_reject_fractions() {
        assert_eq!(exact_count(40, 0.5), Some(20));
        assert_eq!(exact_count(30, 0.9), Some(27));
        assert_eq!(exact_count(25, 0.5), None);
    }
}
