//! The therapist's report: one self-contained HTML page per participant (and one for a
//! study), from the same reviewed sessions `summary` prints.
//!
//! - [`participant`]: what one participant's page shows, as data.
//! - [`study`]: the study page: group means, split-half reliability, one row each.
//! - [`charts`]: the charts, drawn as inline SVG with `plotters`.
//!
//! Pages are rendered by `minijinja` from `assets/report/*.html` (built into the
//! binary) with HTML escaping on; every text comes from the locale files
//! ([`vr_aat_core::locale`]). Pages load nothing from the network: styles and charts are inline.

pub mod charts;
pub mod participant;
pub mod study;

use minijinja::Environment;
use serde::Serialize;

use vr_aat_core::locale::Messages;

const STYLE: &str = include_str!("../../../../assets/report/style.css");
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../../assets/report/base.html")),
    (
        "participant.html",
        include_str!("../../../../assets/report/participant.html"),
    ),
    ("study.html", include_str!("../../../../assets/report/study.html")),
];

/// A page that could not be rendered (a template error: a bug, named).
#[derive(Debug, thiserror::Error)]
#[error("report template: {0}")]
pub struct ReportError(String);

/// What every page gets besides its own content.
#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    lang: &'static str,
    /// Messages without placeholders, by id (`-` written `_`).
    t: std::collections::BTreeMap<String, String>,
    style: &'static str,
    version: &'static str,
    page: &'a T,
}

/// Renders template `name` with `content` in the language of `messages`.
pub(crate) fn render<T: Serialize>(name: &str, content: &T, messages: &Messages) -> Result<String, ReportError> {
    let mut env = Environment::new();
    for (template, source) in TEMPLATES {
        env.add_template(template, source)
            .map_err(|e| ReportError(format!("{template}: {e}")))?;
    }
    let page = Page {
        lang: messages.language().tag(),
        t: messages.plain(),
        style: STYLE,
        version: env!("CARGO_PKG_VERSION"),
        page: content,
    };
    env.get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .map_err(|e| ReportError(format!("{name}: {e:#}")))
}

/// `x` with `decimals` decimals, or "–" when there is no value.
pub(crate) fn number(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.decimals$}"))
}
