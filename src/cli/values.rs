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

/// `WIDTHxHEIGHT` in pixels, each side within `sides`.
fn pixels(s: &str, sides: std::ops::RangeInclusive<u32>) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "`{s}`: expected WIDTHxHEIGHT in pixels, e.g. 1280x720 (each {} to {})",
            sides.start(),
            sides.end()
        )
    };
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if sides.contains(&w) && sides.contains(&h) {
        Ok((w, h))
    } else {
        Err(bad())
    }
}

/// `play --window`: a desktop window's size.
pub fn window_size(s: &str) -> Result<(u32, u32), String> {
    pixels(s, 160..=7680)
}

/// `bench --resolution`: a view's size (small for a quick check on a software renderer).
pub fn view_size(s: &str) -> Result<(u32, u32), String> {
    pixels(s, 16..=8192)
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

    #[test]
    fn sizes_parse_and_bad_ones_say_what_is_expected() {
        assert_eq!(window_size("1280x720"), Ok((1280, 720)));
        assert_eq!(window_size("640X360"), Ok((640, 360)));
        for bad in ["1280", "x720", "1280x", "99x720", "1280x9000", "axb"] {
            let e = window_size(bad).expect_err(bad);
            assert!(e.contains("WIDTHxHEIGHT") && e.contains(bad), "{e}");
        }
        assert_eq!(view_size("2064x2208"), Ok((2064, 2208)));
        assert_eq!(view_size("32x24"), Ok((32, 24)));
        assert!(view_size("8x8").expect_err("too small").contains("16 to 8192"));
    }
}
