//! Trial order: the trials of a session generated from the protocol and a seed.
//!
//! Each block gets exactly its configured counts per category x direction cell, in an
//! order that respects the run-length limits, with drinks spread evenly over each cell.
//! The random numbers come from ChaCha8 (portable: the same seed gives the same order on
//! every platform), on a stream of its own per session and block.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::record::Direction;
use crate::data::{BlockKind, Catalogue, Category, Cue, Instruction, Protocol};
use crate::rng::{STREAM_TRIAL_ORDER, rng_for};

/// The rule the patient is told for a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Push alcohol, pull soft drinks.
    PushAlcohol,
    /// Pull alcohol, push soft drinks.
    PullAlcohol,
    /// Push on a blue coaster, pull on an orange one.
    ByCue,
}

impl Rule {
    /// The direction this rule asks for.
    pub fn direction(self, category: Category, cue: Option<Cue>) -> Direction {
        match (self, category, cue) {
            (Rule::ByCue, _, Some(Cue::OrangeCoaster)) => Direction::Pull,
            (Rule::ByCue, _, _) => Direction::Push,
            (Rule::PushAlcohol, Category::Alcohol, _) | (Rule::PullAlcohol, Category::Soft, _) => Direction::Push,
            _ => Direction::Pull,
        }
    }

    /// The instruction as shown on the panel before the block.
    pub fn text(self) -> &'static str {
        match self {
            Rule::PushAlcohol => "Push alcoholic drinks away. Pull soft drinks toward you.",
            Rule::PullAlcohol => "Pull alcoholic drinks toward you. Push soft drinks away.",
            Rule::ByCue => "Blue coaster: push the drink away. Orange coaster: pull it toward you.",
        }
    }
}

/// One planned trial.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialSpec {
    pub stimulus_id: String,
    pub category: Category,
    pub cue: Option<Cue>,
    pub required: Direction,
}

/// One planned block.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockPlan {
    /// Index of the block in the protocol's `blocks`.
    pub protocol_index: usize,
    pub name: String,
    pub kind: BlockKind,
    pub rule: Rule,
    pub trials: Vec<TrialSpec>,
}

/// Every trial of one session, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionPlan {
    /// Session number, from 1.
    pub session: u32,
    pub blocks: Vec<BlockPlan>,
}

impl SessionPlan {
    pub fn trial_count(&self) -> usize {
        self.blocks.iter().map(|b| b.trials.len()).sum()
    }
}

/// The trial order could not be generated.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("session {session} is outside the protocol's {sessions} sessions")]
    NoSuchSession { session: u32, sessions: u32 },
    #[error("block `{block}`: its counts cannot be split into whole trials per cell")]
    Unbalanced { block: String },
    #[error("block `{block}`: no order satisfies the run-length limits (tried {tries} times)")]
    Unsatisfiable { block: String, tries: u32 },
}

const CELLS: [(Category, Direction); 4] = [
    (Category::Alcohol, Direction::Push),
    (Category::Alcohol, Direction::Pull),
    (Category::Soft, Direction::Push),
    (Category::Soft, Direction::Pull),
];

/// Plans session `session` (from 1) of `protocol`.
pub fn plan_session(
    protocol: &Protocol,
    catalogue: &Catalogue,
    seed: u64,
    session: u32,
) -> Result<SessionPlan, PlanError> {
    if session == 0 || session > protocol.sessions {
        return Err(PlanError::NoSuchSession {
            session,
            sessions: protocol.sessions,
        });
    }
    let mut blocks = Vec::new();
    for (index, block) in protocol.blocks_in_session(session) {
        let counts = block.cell_counts().ok_or_else(|| PlanError::Unbalanced {
            block: block.name.clone(),
        })?;
        let mut rng = rng_for(seed, STREAM_TRIAL_ORDER, session, index as u32);
        let remaining = [
            counts.alcohol_push,
            counts.alcohol_pull,
            counts.soft_push,
            counts.soft_pull,
        ];
        let order = order_cells(
            remaining,
            protocol.randomisation.max_same_category_run,
            protocol.randomisation.max_same_direction_run,
            &mut rng,
        )
        .ok_or_else(|| PlanError::Unsatisfiable {
            block: block.name.clone(),
            tries: MAX_TRIES,
        })?;
        let rule = match (protocol.instruction, block.alcohol_push_share >= 0.5) {
            (Instruction::StimulusIrrelevant, _) => Rule::ByCue,
            (Instruction::StimulusRelevant, true) => Rule::PushAlcohol,
            (Instruction::StimulusRelevant, false) => Rule::PullAlcohol,
        };
        // Each cell cycles through its own shuffled list of the category's drinks.
        let mut pools: Vec<Vec<&str>> = CELLS
            .iter()
            .map(|(cat, _)| {
                let mut ids = block.stimulus_ids(catalogue, *cat);
                shuffle(&mut ids, &mut rng);
                ids
            })
            .collect();
        let mut used = [0usize; 4];
        let mut trials = Vec::with_capacity(order.len());
        for cell in order {
            let (category, required) = CELLS[cell];
            let pool = &mut pools[cell];
            if pool.is_empty() {
                return Err(PlanError::Unbalanced {
                    block: block.name.clone(),
                });
            }
            let id = pool[used[cell] % pool.len()];
            used[cell] += 1;
            if used[cell].is_multiple_of(pool.len()) {
                shuffle(pool, &mut rng);
            }
            let cue = (rule == Rule::ByCue).then_some(match required {
                Direction::Push => Cue::BlueCoaster,
                Direction::Pull => Cue::OrangeCoaster,
            });
            trials.push(TrialSpec {
                stimulus_id: id.to_owned(),
                category,
                cue,
                required,
            });
        }
        blocks.push(BlockPlan {
            protocol_index: index,
            name: block.name.clone(),
            kind: block.kind,
            rule,
            trials,
        });
    }
    Ok(SessionPlan { session, blocks })
}

/// Fisher-Yates with the given generator (portable, unlike relying on a library's
/// shuffle implementation staying the same).
fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

const MAX_TRIES: u32 = 10_000;

/// An order of cell indices with exactly `remaining[c]` of cell `c` and no run of one
/// category longer than `max_cat` or of one direction longer than `max_dir`.
///
/// Builds the order one trial at a time, drawing among the cells still allowed with
/// weights equal to their remaining counts; on a dead end it starts again.
fn order_cells(remaining: [u32; 4], max_cat: u32, max_dir: u32, rng: &mut ChaCha8Rng) -> Option<Vec<usize>> {
    let total: u32 = remaining.iter().sum();
    'attempt: for _ in 0..MAX_TRIES {
        let mut left = remaining;
        let mut order = Vec::with_capacity(total as usize);
        let (mut cat_run, mut dir_run) = (0u32, 0u32);
        let mut last: Option<usize> = None;
        for _ in 0..total {
            let allowed = |c: usize| {
                if left[c] == 0 {
                    return false;
                }
                let Some(l) = last else { return true };
                let same_cat = CELLS[c].0 == CELLS[l].0;
                let same_dir = CELLS[c].1 == CELLS[l].1;
                let cat_full = same_cat && cat_run >= max_cat;
                let dir_full = same_dir && dir_run >= max_dir;
                !(cat_full || dir_full)
            };
            let weight: u32 = (0..4).filter(|&c| allowed(c)).map(|c| left[c]).sum();
            if weight == 0 {
                continue 'attempt;
            }
            let mut pick = rng.random_range(0..weight);
            let mut chosen = 0;
            for c in (0..4).filter(|&c| allowed(c)) {
                if pick < left[c] {
                    chosen = c;
                    break;
                }
                pick -= left[c];
            }
            match last {
                Some(l) if CELLS[chosen].0 == CELLS[l].0 => cat_run += 1,
                _ => cat_run = 1,
            }
            match last {
                Some(l) if CELLS[chosen].1 == CELLS[l].1 => dir_run += 1,
                _ => dir_run = 1,
            }
            left[chosen] -= 1;
            last = Some(chosen);
            order.push(chosen);
        }
        return Some(order);
    }
    None
}
