//! The AAT scores of one participant's kept RTs.
//!
//! Cells are ordered push-target, pull-target, push-control, pull-control (target =
//! alcohol). Every score is oriented so that positive means an approach bias toward
//! alcohol: pulling alcohol is relatively faster than pushing it.

use super::stats::{mad, mean, median, sd};

/// Kept RTs (ms) per cell: `[push alcohol, pull alcohol, push soft, pull soft]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells(pub [Vec<f64>; 4]);

impl Cells {
    pub const PUSH_ALCOHOL: usize = 0;
    pub const PULL_ALCOHOL: usize = 1;
    pub const PUSH_SOFT: usize = 2;
    pub const PULL_SOFT: usize = 3;
    /// The cells' names, in index order (target = alcohol, control = soft drink).
    pub const NAMES: [&'static str; 4] = ["push target", "pull target", "push control", "pull control"];

    /// The cell of a trial from AATtools' `is_pull` and `is_target`.
    pub fn index(is_pull: bool, is_target: bool) -> usize {
        match (is_pull, is_target) {
            (false, true) => Self::PUSH_ALCOHOL,
            (true, true) => Self::PULL_ALCOHOL,
            (false, false) => Self::PUSH_SOFT,
            (true, false) => Self::PULL_SOFT,
        }
    }

    pub fn counts(&self) -> [usize; 4] {
        [0, 1, 2, 3].map(|i| self.0[i].len())
    }

    pub fn medians(&self) -> [Option<f64>; 4] {
        [0, 1, 2, 3].map(|i| median(&mut self.0[i].clone()))
    }

    pub fn means(&self) -> [Option<f64>; 4] {
        [0, 1, 2, 3].map(|i| mean(&self.0[i]))
    }

    /// All kept RTs, pooled.
    pub fn pooled(&self) -> Vec<f64> {
        self.0.iter().flatten().copied().collect()
    }
}

/// Which score a confidence interval or reliability is computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ScoreKind {
    /// Double difference of medians (ms).
    #[default]
    MedianDiff,
    /// Double difference of means (ms).
    MeanDiff,
    /// Double difference of means / SD of all kept RTs.
    DScore,
    /// Double difference of medians / MAD of all kept RTs.
    MedianDScore,
}

impl ScoreKind {
    /// Every score, in the order the command line lists them.
    pub const ALL: [ScoreKind; 4] = [
        ScoreKind::MedianDiff,
        ScoreKind::MeanDiff,
        ScoreKind::DScore,
        ScoreKind::MedianDScore,
    ];

    /// The score's name on the command line (`median-diff`, `mean-diff`, `d-score`,
    /// `median-d-score`).
    pub fn name(self) -> &'static str {
        match self {
            ScoreKind::MedianDiff => "median-diff",
            ScoreKind::MeanDiff => "mean-diff",
            ScoreKind::DScore => "d-score",
            ScoreKind::MedianDScore => "median-d-score",
        }
    }

    /// The score with this command-line name.
    pub fn parse(name: &str) -> Option<ScoreKind> {
        ScoreKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What the score is, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            ScoreKind::MedianDiff => "double difference of medians (ms)",
            ScoreKind::MeanDiff => "double difference of means (ms)",
            ScoreKind::DScore => "D-score",
            ScoreKind::MedianDScore => "median D-score",
        }
    }
}

/// `(push alcohol - pull alcohol) - (push soft - pull soft)`.
fn double_difference(v: [Option<f64>; 4]) -> Option<f64> {
    Some((v[0]? - v[1]?) - (v[2]? - v[3]?))
}

/// All scores of one participant; `None` where a cell is empty or the spread is zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub medians: [Option<f64>; 4],
    pub means: [Option<f64>; 4],
    pub median_diff: Option<f64>,
    pub mean_diff: Option<f64>,
    pub d_score: Option<f64>,
    pub median_d_score: Option<f64>,
}

impl Scores {
    pub fn get(&self, kind: ScoreKind) -> Option<f64> {
        match kind {
            ScoreKind::MedianDiff => self.median_diff,
            ScoreKind::MeanDiff => self.mean_diff,
            ScoreKind::DScore => self.d_score,
            ScoreKind::MedianDScore => self.median_d_score,
        }
    }
}

/// Computes every score.
pub fn score(cells: &Cells) -> Scores {
    let medians = cells.medians();
    let means = cells.means();
    let pooled = cells.pooled();
    let median_diff = double_difference(medians);
    let mean_diff = double_difference(means);
    let spread = |s: Option<f64>| s.filter(|s| *s > 0.0);
    Scores {
        medians,
        means,
        median_diff,
        mean_diff,
        d_score: mean_diff.zip(spread(sd(&pooled))).map(|(d, s)| d / s),
        median_d_score: median_diff.zip(spread(mad(&pooled))).map(|(d, s)| d / s),
    }
}

/// One score only, computed with as little work as possible (for resampling loops).
pub fn score_one(cells: &mut Cells, kind: ScoreKind) -> Option<f64> {
    match kind {
        ScoreKind::MedianDiff => {
            let m = [0, 1, 2, 3].map(|i| median(&mut cells.0[i]));
            double_difference(m)
        }
        ScoreKind::MeanDiff => double_difference(cells.means()),
        ScoreKind::DScore | ScoreKind::MedianDScore => score(cells).get(kind),
    }
}
