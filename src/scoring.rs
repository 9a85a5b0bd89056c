//! AAT scores as pure functions, with R's definitions so results match the AATtools R
//! package (see docs/scoring.md).

use crate::data::Category;
use crate::trial::{Direction, Outcome, TrialRecord};

/// Median as R's `median()`: the mean of the two middle values for an even count.
/// Sorts `values` in place. `None` for no values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    })
}

/// Reaction times (ms) of one condition cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells {
    pub push_alcohol: Vec<f64>,
    pub pull_alcohol: Vec<f64>,
    pub push_soft: Vec<f64>,
    pub pull_soft: Vec<f64>,
}

impl Cells {
    /// Correct-response RTs of the scored (assessment and sham) blocks.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a TrialRecord>) -> Self {
        let mut cells = Cells::default();
        for r in records {
            if !r.block_kind.is_scored() || r.outcome != Outcome::Correct {
                continue;
            }
            let Some(rt) = r.rt_ms else { continue };
            cells.cell_mut(r.category, r.required).push(rt);
        }
        cells
    }

    pub fn cell_mut(&mut self, category: Category, direction: Direction) -> &mut Vec<f64> {
        match (category, direction) {
            (Category::Alcohol, Direction::Push) => &mut self.push_alcohol,
            (Category::Alcohol, Direction::Pull) => &mut self.pull_alcohol,
            (Category::Soft, Direction::Push) => &mut self.push_soft,
            (Category::Soft, Direction::Pull) => &mut self.pull_soft,
        }
    }

    /// Medians of each cell (push alcohol, pull alcohol, push soft, pull soft).
    pub fn medians(&self) -> [Option<f64>; 4] {
        [&self.push_alcohol, &self.pull_alcohol, &self.push_soft, &self.pull_soft].map(|v| median(&mut v.clone()))
    }
}

/// Double-difference score on medians, in ms:
/// `(push alcohol - pull alcohol) - (push soft - pull soft)`.
/// Positive means an approach bias toward alcohol. `None` when a cell is empty.
pub fn double_difference_medians(cells: &Cells) -> Option<f64> {
    let [pa, la, ps, ls] = cells.medians();
    Some((pa? - la?) - (ps? - ls?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_follows_r() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        // Even count: mean of the two middle values, as R's median().
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut [5.0, 5.0]), Some(5.0));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn double_difference_by_hand() {
        // push alc median 600, pull alc 550, push soft 580, pull soft 570:
        // (600 - 550) - (580 - 570) = 50 - 10 = 40.
        let cells = Cells {
            push_alcohol: vec![590.0, 600.0, 610.0],
            pull_alcohol: vec![540.0, 560.0],
            push_soft: vec![580.0],
            pull_soft: vec![560.0, 570.0, 570.0, 900.0],
        };
        assert_eq!(double_difference_medians(&cells), Some(40.0));
        assert_eq!(double_difference_medians(&Cells::default()), None);
    }
}
