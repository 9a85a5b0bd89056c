//! Command-line values that name a vocabulary of the library (a language, a score, a
//! screenshot moment): parsed against the library's own list of them, so `--help` lists
//! exactly what the library has and the library needs no command-line crate.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use vr_aat_core::locale::Language;
use vr_aat_core::scoring::ScoreKind;

/// `--language`: `en`, `de`, `pl`, `da`.
pub fn language() -> impl TypedValueParser<Value = Language> {
    PossibleValuesParser::new(Language::ALL.map(|l| PossibleValue::new(l.tag()).help(l.name())))
        .try_map(|s| Language::parse(&s).ok_or("not a language of the app"))
}

/// `--score` and the like: `median-diff`, `mean-diff`, `d-score`, `median-d-score`.
pub fn score_kind() -> impl TypedValueParser<Value = ScoreKind> {
    PossibleValuesParser::new(ScoreKind::ALL.map(|k| PossibleValue::new(k.name()).help(k.label())))
        .try_map(|s| ScoreKind::parse(&s).ok_or("not a score"))
}

/// `screenshot --moment`.
pub fn moment() -> impl TypedValueParser<Value = vr_aat_runtime::scene::Moment> {
    use vr_aat_runtime::scene::Moment;
    PossibleValuesParser::new(Moment::ALL.map(|m| PossibleValue::new(m.name()).help(m.about())))
        .try_map(|s| Moment::ALL.into_iter().find(|m| m.name() == s).ok_or("not a moment"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    #[test]
    fn every_value_of_the_library_parses_and_nothing_else() {
        let cmd = Command::new("t")
            .arg(Arg::new("language").long("language").value_parser(language()))
            .arg(Arg::new("score").long("score").value_parser(score_kind()));
        for l in Language::ALL {
            let m = cmd
                .clone()
                .try_get_matches_from(["t", "--language", l.tag()])
                .expect("parses");
            assert_eq!(m.get_one::<Language>("language"), Some(&l));
        }
        for k in ScoreKind::ALL {
            let m = cmd
                .clone()
                .try_get_matches_from(["t", "--score", k.name()])
                .expect("parses");
            assert_eq!(m.get_one::<ScoreKind>("score"), Some(&k));
        }
        assert!(cmd.clone().try_get_matches_from(["t", "--language", "fr"]).is_err());
        assert!(cmd.try_get_matches_from(["t", "--score", "median"]).is_err());
    }
}
