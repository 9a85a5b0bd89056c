//! Generated trial orders have exactly the configured counts, contingencies, stimulus
//! selections and run-length limits, for every shipped protocol, session and seed; the
//! same seed gives the same order and another seed another order.

use std::collections::HashMap;

use vr_aat_core::data::{Category, Cue, StimulusSet};
use vr_aat_core::trial::{Direction, Rule, plan_session};

const PROTOCOLS: [&str; 5] = [
    "training-course",
    "assessment",
    "sham-training",
    "training-90",
    "practice",
];

/// A shipped protocol (built into the core) and its catalogue.
fn protocol(name: &str) -> (vr_aat_core::data::Protocol, vr_aat_core::data::Catalogue) {
    let path = std::path::PathBuf::from(format!("{}protocols/{name}.ron", vr_aat_core::data::builtin::PREFIX));
    let (p, c, _) = vr_aat_core::data::load_protocol(&path).expect("shipped protocol loads");
    (p, c)
}

fn longest_run<T: PartialEq>(items: &[T]) -> usize {
    let mut best = 0;
    let mut run = 0;
    for i in 0..items.len() {
        run = if i > 0 && items[i] == items[i - 1] { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}

#[test]
fn every_block_has_its_exact_counts_and_respects_run_limits() {
    for name in PROTOCOLS {
        let (protocol, catalogue) = protocol(name);
        for seed in [1, 2, 99, 12345] {
            for session in 1..=protocol.sessions {
                let plan = plan_session(&protocol, &catalogue, seed, session).expect("plan");
                let expected: Vec<_> = protocol.blocks_in_session(session).collect();
                assert_eq!(plan.blocks.len(), expected.len());
                for (bp, (_, block)) in plan.blocks.iter().zip(expected) {
                    let want = block.cell_counts().expect("valid protocol");
                    let count = |c: Category, d: Direction| {
                        bp.trials.iter().filter(|t| t.category == c && t.required == d).count() as u32
                    };
                    assert_eq!(bp.trials.len() as u32, block.trials, "{name} {}", bp.name);
                    assert_eq!(
                        count(Category::Alcohol, Direction::Push),
                        want.alcohol_push,
                        "{name} {}",
                        bp.name
                    );
                    assert_eq!(count(Category::Alcohol, Direction::Pull), want.alcohol_pull);
                    assert_eq!(count(Category::Soft, Direction::Push), want.soft_push);
                    assert_eq!(count(Category::Soft, Direction::Pull), want.soft_pull);

                    let cats: Vec<_> = bp.trials.iter().map(|t| t.category).collect();
                    let dirs: Vec<_> = bp.trials.iter().map(|t| t.required).collect();
                    assert!(
                        longest_run(&cats) <= protocol.randomisation.max_same_category_run as usize,
                        "{name} {} category run",
                        bp.name
                    );
                    assert!(
                        longest_run(&dirs) <= protocol.randomisation.max_same_direction_run as usize,
                        "{name} {} direction run",
                        bp.name
                    );

                    for t in &bp.trials {
                        let drink = catalogue.get(&t.stimulus_id).expect("known drink");
                        assert_eq!(drink.category, t.category);
                        // The direction follows the rule the patient is told.
                        assert_eq!(bp.rule.direction(t.category, t.cue), t.required);
                        if bp.rule == Rule::ByCue {
                            let cue = if t.required == Direction::Push {
                                Cue::BlueCoaster
                            } else {
                                Cue::OrangeCoaster
                            };
                            assert_eq!(t.cue, Some(cue));
                        } else {
                            assert_eq!(t.cue, None);
                        }
                        if matches!(block.stimuli, vr_aat_core::data::BlockStimuli::Trained) {
                            assert_eq!(
                                drink.set,
                                StimulusSet::Trained,
                                "{name} {} shows an untrained drink",
                                bp.name
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn drinks_are_spread_evenly_within_each_cell() {
    let (protocol, catalogue) = protocol("assessment");
    let plan = plan_session(&protocol, &catalogue, 4, 1).expect("plan");
    for bp in &plan.blocks {
        let mut uses: HashMap<(&str, Direction), u32> = HashMap::new();
        for t in &bp.trials {
            *uses.entry((t.stimulus_id.as_str(), t.required)).or_default() += 1;
        }
        // 40 alcohol trials over 8 alcohol drinks (and the same for soft): 5 each.
        if bp.trials.len() == 80 {
            assert!(uses.values().all(|&n| n == 5), "{}: {uses:?}", bp.name);
        }
    }
}

#[test]
fn the_90_percent_contingency_is_exact() {
    let (protocol, catalogue) = protocol("training-90");
    let plan = plan_session(&protocol, &catalogue, 1, 1).expect("plan");
    let training = plan
        .blocks
        .iter()
        .find(|b| b.name == "training")
        .expect("training block");
    let pushed_alcohol = training
        .trials
        .iter()
        .filter(|t| t.category == Category::Alcohol && t.required == Direction::Push)
        .count();
    let pulled_soft = training
        .trials
        .iter()
        .filter(|t| t.category == Category::Soft && t.required == Direction::Pull)
        .count();
    assert_eq!((pushed_alcohol, pulled_soft), (90, 90));
}

#[test]
fn same_seed_same_order_other_seed_other_order() {
    let (protocol, catalogue) = protocol("training-course");
    let a = plan_session(&protocol, &catalogue, 7, 1).expect("plan");
    let b = plan_session(&protocol, &catalogue, 7, 1).expect("plan");
    let c = plan_session(&protocol, &catalogue, 8, 1).expect("plan");
    let d = plan_session(&protocol, &catalogue, 7, 2).expect("plan");
    assert_eq!(a, b);
    assert_ne!(a.blocks, c.blocks);
    assert_ne!(a.blocks, d.blocks, "each session gets its own order");
}
