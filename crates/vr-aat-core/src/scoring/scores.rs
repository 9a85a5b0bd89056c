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
    /// Mean push RT - mean pull RT over all drinks (ms; AATtools' `aat_singlemeandiff`).
    SingleMeanDiff,
    /// Median push RT - median pull RT over all drinks (ms; `aat_singlemediandiff`).
    SingleMedianDiff,
    /// The sign-flipped coefficient of pull x target in the least-squares regression
    /// RT ~ pull * target (ms; `aat_regression` with its default formula). With two 0/1
    /// factors and their interaction the model is saturated, so this equals the double
    /// difference of means; its standard error is in [`Scores::regression_se`].
    Regression,
    /// [`ScoreKind::Regression`] divided by its standard error (a t value;
    /// `aat_standardregression`).
    StandardRegression,
}

impl ScoreKind {
    /// Every score, in the order the command line lists them.
    pub const ALL: [ScoreKind; 8] = [
        ScoreKind::MedianDiff,
        ScoreKind::MeanDiff,
        ScoreKind::DScore,
        ScoreKind::MedianDScore,
        ScoreKind::SingleMeanDiff,
        ScoreKind::SingleMedianDiff,
        ScoreKind::Regression,
        ScoreKind::StandardRegression,
    ];

    /// The four double-difference scores (the multiverse's, `docs/scoring.md`).
    pub const DOUBLE_DIFFERENCES: [ScoreKind; 4] = [
        ScoreKind::MedianDiff,
        ScoreKind::MeanDiff,
        ScoreKind::DScore,
        ScoreKind::MedianDScore,
    ];

    /// Whether the score is in milliseconds (the others have no unit).
    pub fn in_ms(self) -> bool {
        !matches!(
            self,
            ScoreKind::DScore | ScoreKind::MedianDScore | ScoreKind::StandardRegression
        )
    }

    /// The score's name on the command line (`median-diff`, `mean-diff`, `d-score`,
    /// `median-d-score`).
    pub fn name(self) -> &'static str {
        match self {
            ScoreKind::MedianDiff => "median-diff",
            ScoreKind::MeanDiff => "mean-diff",
            ScoreKind::DScore => "d-score",
            ScoreKind::MedianDScore => "median-d-score",
            ScoreKind::SingleMeanDiff => "single-mean-diff",
            ScoreKind::SingleMedianDiff => "single-median-diff",
            ScoreKind::Regression => "regression",
            ScoreKind::StandardRegression => "standard-regression",
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
            ScoreKind::SingleMeanDiff => "single difference of means, push - pull (ms)",
            ScoreKind::SingleMedianDiff => "single difference of medians, push - pull (ms)",
            ScoreKind::Regression => "regression coefficient of pull x target, sign-flipped (ms)",
            ScoreKind::StandardRegression => "regression coefficient / its standard error",
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
    pub single_mean_diff: Option<f64>,
    pub single_median_diff: Option<f64>,
    /// The standard error of the regression score (ms; `aat_regression`'s `var`): the
    /// residual SD within the cells times sqrt(sum of 1 / cell size).
    pub regression_se: Option<f64>,
    pub standard_regression: Option<f64>,
}

impl Scores {
    pub fn get(&self, kind: ScoreKind) -> Option<f64> {
        match kind {
            ScoreKind::MedianDiff => self.median_diff,
            ScoreKind::MeanDiff => self.mean_diff,
            ScoreKind::DScore => self.d_score,
            ScoreKind::MedianDScore => self.median_d_score,
            ScoreKind::SingleMeanDiff => self.single_mean_diff,
            ScoreKind::SingleMedianDiff => self.single_median_diff,
            ScoreKind::Regression => self.mean_diff,
            ScoreKind::StandardRegression => self.standard_regression,
        }
    }
}

/// Push RTs (cells 0 and 2) and pull RTs (1 and 3), each pooled over the drinks.
fn by_movement(cells: &Cells) -> [Vec<f64>; 2] {
    let c = &cells.0;
    [
        c[Cells::PUSH_ALCOHOL]
            .iter()
            .chain(&c[Cells::PUSH_SOFT])
            .copied()
            .collect(),
        c[Cells::PULL_ALCOHOL]
            .iter()
            .chain(&c[Cells::PULL_SOFT])
            .copied()
            .collect(),
    ]
}

/// The standard error of the pull x target coefficient of RT ~ pull * target by least
/// squares: with the model saturated, the residuals are the deviations from the cell
/// means, so SE = sqrt(RSS / (n - 4) x sum over cells of 1 / n_cell). `None` without
/// residual degrees of freedom or with an empty cell.
fn regression_se(cells: &Cells, means: [Option<f64>; 4]) -> Option<f64> {
    let mut rss = 0.0;
    let mut inverse = 0.0;
    let mut n = 0usize;
    for (cell, mean) in cells.0.iter().zip(means) {
        let m = mean?;
        rss += cell.iter().map(|x| (x - m).powi(2)).sum::<f64>();
        inverse += 1.0 / cell.len() as f64;
        n += cell.len();
    }
    (n > 4).then(|| (rss / (n - 4) as f64 * inverse).sqrt())
}

/// Computes every score.
pub fn score(cells: &Cells) -> Scores {
    let medians = cells.medians();
    let means = cells.means();
    let pooled = cells.pooled();
    let median_diff = double_difference(medians);
    let mean_diff = double_difference(means);
    let spread = |s: Option<f64>| s.filter(|s| *s > 0.0);
    let [mut push, mut pull] = by_movement(cells);
    let se = regression_se(cells, means);
    Scores {
        medians,
        means,
        median_diff,
        mean_diff,
        d_score: mean_diff.zip(spread(sd(&pooled))).map(|(d, s)| d / s),
        median_d_score: median_diff.zip(spread(mad(&pooled))).map(|(d, s)| d / s),
        single_mean_diff: mean(&push).zip(mean(&pull)).map(|(a, b)| a - b),
        single_median_diff: median(&mut push).zip(median(&mut pull)).map(|(a, b)| a - b),
        regression_se: se,
        standard_regression: mean_diff.zip(spread(se)).map(|(d, s)| d / s),
    }
}

/// The multi-block D-score (AATtools' `aat_dscore_multiblock`): the trials in pairs of
/// consecutive blocks (block sets `(block - first_block) / 2`, rounded down), a D-score
/// in each set (its double difference of means / the SD of its RTs), averaged over the
/// sets. `sets` are the block sets the group has; a participant missing one, or with an
/// empty cell or no spread in one, has no score (R's `rowMeans` of an `NA`).
pub fn multiblock_d_score(trials: &[super::Kept], first_block: u32, sets: &[u32]) -> Option<f64> {
    let mut total = 0.0;
    for &set in sets {
        let mut cells = Cells::default();
        for t in trials.iter().filter(|t| t.block.saturating_sub(first_block) / 2 == set) {
            cells.0[t.cell].push(t.rt);
        }
        let d = double_difference(cells.means())?;
        let s = sd(&cells.pooled()).filter(|s| *s > 0.0)?;
        total += d / s;
    }
    (!sets.is_empty()).then(|| total / sets.len() as f64)
}

/// One score only, computed with as little work as possible (for resampling loops).
pub fn score_one(cells: &mut Cells, kind: ScoreKind) -> Option<f64> {
    match kind {
        ScoreKind::MedianDiff => {
            let m = [0, 1, 2, 3].map(|i| median(&mut cells.0[i]));
            double_difference(m)
        }
        ScoreKind::MeanDiff | ScoreKind::Regression => double_difference(cells.means()),
        ScoreKind::SingleMeanDiff => {
            let [push, pull] = by_movement(cells);
            Some(mean(&push)? - mean(&pull)?)
        }
        ScoreKind::SingleMedianDiff => {
            let [mut push, mut pull] = by_movement(cells);
            Some(median(&mut push)? - median(&mut pull)?)
        }
        ScoreKind::DScore | ScoreKind::MedianDScore | ScoreKind::StandardRegression => score(cells).get(kind),
    }
}
