//! The languages vr-aat speaks: Project Fluent messages from
//! `assets/locales/{en,de,pl,da}/*.ftl`, built into the binary: `app.ftl` what the
//! patient reads in the bar, `report.ftl` the therapist's report.
//!
//! English is the reference: every other language must have every English message with
//! the same placeholders (`tests` below fail otherwise). Numbers are formatted by the
//! caller and passed in as text, so every language shows the same digits.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A language of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    /// English
    #[default]
    En,
    /// Deutsch
    De,
    /// Polski
    Pl,
    /// Dansk
    Da,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::De, Language::Pl, Language::Da];

    /// The BCP 47 tag (`en`, `de`, `pl`, `da`), also the folder name under
    /// `assets/locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Pl => "pl",
            Language::Da => "da",
        }
    }

    /// The language with this tag (`en`, `de`, `pl`, `da`).
    pub fn parse(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language's own name for itself (`English`, `Deutsch`, `Polski`, `Dansk`).
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
            Language::Pl => "Polski",
            Language::Da => "Dansk",
        }
    }
}

/// The message files of each language: (language, file name, text).
const FILES: &[(Language, &str, &str)] = &[
    (
        Language::En,
        "app.ftl",
        include_str!("../../../assets/locales/en/app.ftl"),
    ),
    (
        Language::De,
        "app.ftl",
        include_str!("../../../assets/locales/de/app.ftl"),
    ),
    (
        Language::Pl,
        "app.ftl",
        include_str!("../../../assets/locales/pl/app.ftl"),
    ),
    (
        Language::Da,
        "app.ftl",
        include_str!("../../../assets/locales/da/app.ftl"),
    ),
    (
        Language::En,
        "report.ftl",
        include_str!("../../../assets/locales/en/report.ftl"),
    ),
    (
        Language::De,
        "report.ftl",
        include_str!("../../../assets/locales/de/report.ftl"),
    ),
    (
        Language::Pl,
        "report.ftl",
        include_str!("../../../assets/locales/pl/report.ftl"),
    ),
    (
        Language::Da,
        "report.ftl",
        include_str!("../../../assets/locales/da/report.ftl"),
    ),
];

/// A built-in message file that does not parse (caught by this module's tests).
#[derive(Debug, thiserror::Error)]
#[error("assets/locales/{language}/{file}: {detail}")]
pub struct LocaleError {
    pub language: &'static str,
    pub file: &'static str,
    pub detail: String,
}

/// The messages of one language (the runtime keeps one as a resource of every app:
/// English unless a session's language says otherwise).
pub struct Messages {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl Default for Messages {
    /// English. The built-in files are checked by this module's tests; should English
    /// ever fail to load, every text shows as its id instead of the program stopping.
    fn default() -> Self {
        Self::new(Language::En).unwrap_or_else(|_| Self {
            language: Language::En,
            bundle: FluentBundle::new_concurrent(Vec::new()),
        })
    }
}

impl Messages {
    pub fn new(language: Language) -> Result<Self, LocaleError> {
        let tag: LanguageIdentifier = language.tag().parse().map_err(|e| LocaleError {
            language: language.tag(),
            file: "",
            detail: format!("{e}"),
        })?;
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // No Unicode isolation marks around placeables: the text goes into HTML and
        // terminals where they would show up as stray characters or break searches.
        bundle.set_use_isolating(false);
        for (lang, file, text) in FILES.iter().filter(|(l, ..)| *l == language) {
            let error = |detail: String| LocaleError {
                language: lang.tag(),
                file,
                detail,
            };
            let resource =
                FluentResource::try_new((*text).to_owned()).map_err(|(_, errs)| error(format!("{errs:?}")))?;
            bundle
                .add_resource(resource)
                .map_err(|errs| error(format!("{errs:?}")))?;
        }
        Ok(Self { language, bundle })
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// A message without placeholders. A missing message shows as its id in brackets
    /// (the completeness test keeps that from shipping).
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// A message with its placeholders filled from `args` (name, text). A text that is
    /// a whole number written plainly (`3`, not `03` or `3.0`) goes in as a number, so
    /// that the message can choose its plural form (`{ $n -> [one] ... *[other] ... }`,
    /// by the language's own plural rules).
    pub fn format(&self, id: &str, args: &[(&str, String)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let number = value.parse::<i64>().ok().filter(|n| n.to_string() == *value);
            match number {
                Some(n) => fluent_args.set(*name, FluentValue::from(n)),
                None => fluent_args.set(*name, FluentValue::from(value.as_str())),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Every message of the language that has no placeholders, by id with `-` written
    /// `_` (for templates: `t.course_progress`).
    pub fn plain(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (_, _, text) in FILES.iter().filter(|(l, ..)| *l == self.language) {
            for (id, vars) in message_variables(text) {
                if vars.is_empty() {
                    out.insert(id.replace('-', "_"), self.text(&id));
                }
            }
        }
        out
    }
}

/// The messages of a Fluent file with the variables each uses (sorted), by parsing it.
/// Unparsable files give what could be parsed.
pub fn message_variables(text: &str) -> BTreeMap<String, Vec<String>> {
    use fluent_syntax::ast;
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    fn pattern(p: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut Vec<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => out.push(id.name.to_owned()),
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = Vec::new();
            if let Some(p) = &m.value {
                pattern(p, &mut vars);
            }
            vars.sort();
            vars.dedup();
            out.insert(m.id.name.to_owned(), vars);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_choose_their_plural_form_by_the_languages_rules() {
        let en = Messages::new(Language::En).expect("en");
        assert!(
            en.format("study-title", &[("count", "1".into())])
                .ends_with(": 1 participant")
        );
        assert!(
            en.format("study-title", &[("count", "2".into())])
                .ends_with(": 2 participants")
        );
        let pl = Messages::new(Language::Pl).expect("pl");
        assert!(
            pl.format("study-title", &[("count", "1".into())])
                .ends_with(": 1 uczestnik")
        );
        assert!(
            pl.format("study-title", &[("count", "5".into())])
                .ends_with(": 5 uczestników")
        );
    }

    #[test]
    fn every_file_parses_and_loads() {
        for (lang, file, text) in FILES {
            if let Err((_, errs)) = fluent_syntax::parser::parse(*text) {
                panic!("assets/locales/{}/{file}: {errs:?}", lang.tag());
            }
        }
        for lang in Language::ALL {
            assert!(Messages::new(lang).is_ok(), "{lang:?}");
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let mut problems = Vec::new();
        for (lang, file, text) in FILES.iter().filter(|(l, ..)| *l != Language::En) {
            let english = FILES
                .iter()
                .find(|(l, f, _)| *l == Language::En && f == file)
                .map(|(_, _, t)| message_variables(t))
                .unwrap_or_default();
            let theirs = message_variables(text);
            for (id, vars) in &english {
                match theirs.get(id) {
                    None => problems.push(format!("{}/{file}: `{id}` is missing", lang.tag())),
                    Some(v) if v != vars => problems.push(format!(
                        "{}/{file}: `{id}` uses {v:?}, English uses {vars:?}",
                        lang.tag()
                    )),
                    Some(_) => {}
                }
            }
            for id in theirs.keys().filter(|id| !english.contains_key(*id)) {
                problems.push(format!("{}/{file}: `{id}` is not in English", lang.tag()));
            }
        }
        // Every language has the same files as English.
        for (_, file, _) in FILES.iter().filter(|(l, ..)| *l == Language::En) {
            for lang in Language::ALL {
                if !FILES.iter().any(|(l, f, _)| *l == lang && f == file) {
                    problems.push(format!("{}/{file} is missing", lang.tag()));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_completeness_check_notices_a_missing_message_and_a_changed_placeholder() {
        let en = message_variables("a = A { $n }\nb = B\n");
        let de = message_variables("a = A { $m }\n");
        assert_eq!(en.get("a"), Some(&vec!["n".to_owned()]));
        assert_ne!(en.get("a"), de.get("a"));
        assert!(!de.contains_key("b"));
    }

    #[test]
    fn placeholders_are_filled_without_isolation_marks() {
        let m = Messages::new(Language::En).unwrap();
        let s = m.format("report-title", &[("participant", "p01".into())]);
        assert!(s.contains("p01") && !s.contains('\u{2068}'), "{s}");
        assert_eq!(m.text("no-such-message"), "[no-such-message]");
    }

    #[test]
    fn non_ascii_letters_survive() {
        let de = Messages::new(Language::De).unwrap();
        let pl = Messages::new(Language::Pl).unwrap();
        let da = Messages::new(Language::Da).unwrap();
        let all = [de.plain(), pl.plain(), da.plain()]
            .iter()
            .flat_map(|m| m.values().cloned())
            .collect::<String>();
        for c in ['ä', 'ü', 'ß', 'ł', 'ś', 'ø', 'å'] {
            assert!(all.contains(c), "no {c}");
        }
    }
}
