//! What the questionnaire panel says, in the patient's language: the title, where the
//! patient is, the item, its scale with the choice marked, and how to answer with the
//! controls at hand. The same text in the headset's world panel and the flat window.

use super::form::{Form, Page};
use crate::data::questionnaire::Scale;
use crate::locale::{Language, Messages};

/// How the patient answers, for the hints on the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Controls {
    /// The headset's controller: point at the scale or use the thumbstick, trigger.
    Headset,
    /// The mouse (and the arrow keys and Enter) in the flat window; also what the
    /// synthetic patient's panel would say.
    Mouse,
}

/// Marks on the visual analogue scale's line.
const VAS_CELLS: usize = 20;

/// The scale as one or more lines, the choice marked.
pub fn scale_line(scale: &Scale, language: Language, choice: Option<f64>) -> String {
    match scale {
        Scale::Vas { low, high } => {
            let mut line = String::new();
            let at = choice.map(|v| ((v / 100.0) * VAS_CELLS as f64).round() as usize);
            for i in 0..=VAS_CELLS {
                line.push(if Some(i) == at { '●' } else { '─' });
            }
            let value = choice.map_or_else(|| "?".to_owned(), |v| format!("{v:.0}"));
            format!(
                "0 = {}\n├{line}┤  {value}\n100 = {}",
                low.get(language),
                high.get(language)
            )
        }
        Scale::Points { min, labels, .. } => labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let value = f64::from(*min) + i as f64;
                let mark = if choice == Some(value) { "▶" } else { "  " };
                format!("{mark} {value:.0}  {}", label.get(language))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The panel's whole text for `form`.
pub fn panel_text(m: &Messages, form: &Form, controls: Controls) -> String {
    let language = m.language();
    let q = form.questionnaire();
    let title = q.title.get(language);
    let hint = |flat: &str, headset: &str, args: &[(&str, String)]| {
        m.format(
            match controls {
                Controls::Mouse => flat,
                Controls::Headset => headset,
            },
            args,
        )
    };
    match form.page() {
        Page::Instructions => format!(
            "{title}\n\n{}\n\n{}",
            q.instructions.get(language),
            hint("q-begin-mouse", "q-begin-headset", &[])
        ),
        Page::Item(i) => {
            let item = &q.items[i];
            let progress = m.format(
                "q-progress",
                &[("n", (i + 1).to_string()), ("total", q.items.len().to_string())],
            );
            let how = match form.choice() {
                _ if form.nudged() => m.text("q-choose-first"),
                Some(v) if form.confirming() => {
                    hint("q-confirm-mouse", "q-confirm-headset", &[("value", format!("{v:.0}"))])
                }
                _ => hint("q-choose-mouse", "q-choose-headset", &[]),
            };
            format!(
                "{title} · {progress}\n\n{}\n\n{}\n\n{how}",
                item.text.get(language),
                scale_line(&item.scale, language, form.choice())
            )
        }
        Page::Done => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::data::{builtin, load_questionnaire};
    use crate::questionnaire::Action;

    fn load(name: &str) -> Arc<crate::data::questionnaire::Questionnaire> {
        let path = std::path::PathBuf::from(format!("{}questionnaires/{name}.ron", builtin::PREFIX));
        Arc::new(load_questionnaire(&path).unwrap())
    }

    #[test]
    fn the_panel_shows_the_item_the_scale_and_the_next_step() {
        let m = Messages::default();
        let mut f = Form::new(load("craving-vas"), 0.0);
        let text = panel_text(&m, &f, Controls::Mouse);
        assert!(
            text.starts_with("Craving\n\nPlease answer how you feel right now."),
            "{text}"
        );
        f.act(Action::Press, 1.0);
        f.act(Action::Point(0.63), 1.5);
        let text = panel_text(&m, &f, Controls::Headset);
        assert!(
            text.contains("How strong is your urge to drink alcohol right now?"),
            "{text}"
        );
        assert!(text.contains("├─────────────●───────┤  63"), "{text}");
        assert!(text.contains("Craving · question 1 of 1"), "{text}");
        f.act(Action::Press, 2.0);
        let text = panel_text(&m, &f, Controls::Headset);
        assert!(text.contains("You chose 63."), "{text}");
    }

    #[test]
    fn every_language_has_the_panel_texts() {
        for language in Language::ALL {
            let m = Messages::new(language).unwrap();
            let mut f = Form::new(load("ssq"), 0.0);
            for controls in [Controls::Mouse, Controls::Headset] {
                assert!(!panel_text(&m, &f, controls).contains('['), "{language:?}");
            }
            f.act(Action::Press, 1.0);
            f.act(Action::Press, 1.1);
            assert!(!panel_text(&m, &f, Controls::Mouse).contains('['), "{language:?}");
            f.act(Action::Step(1), 1.2);
            f.act(Action::Press, 1.3);
            for controls in [Controls::Mouse, Controls::Headset] {
                let text = panel_text(&m, &f, controls);
                assert!(!text.contains('['), "{language:?}: {text}");
                assert!(text.contains("▶ 2"), "{language:?}: {text}");
            }
        }
    }
}
