//! Participant identifiers: pseudonyms only, safe to use as a folder name.
//!
//! A pseudonym is 1 to 32 characters of ASCII letters, digits, `-` and `_`, starting
//! with a letter or digit. Anything else (spaces, dots, slashes, a drive letter, a name
//! with an accent) is rejected, so an identifier can never escape the data folder and
//! free text such as a patient's name does not fit the pattern easily.

use std::fmt;

/// A validated pseudonymous participant identifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParticipantId(String);

#[derive(Debug, thiserror::Error, PartialEq)]
#[error(
    "participant id `{given}` is not allowed: {why}; use a pseudonym of 1-32 letters, digits, '-' or '_' starting with a letter or digit (for example P007 or ward3-p12), never a name"
)]
pub struct BadParticipantId {
    pub given: String,
    pub why: &'static str,
}

impl ParticipantId {
    pub fn parse(s: &str) -> Result<Self, BadParticipantId> {
        let bad = |why| {
            Err(BadParticipantId {
                given: s.to_owned(),
                why,
            })
        };
        if s.is_empty() {
            return bad("it is empty");
        }
        if s.len() > 32 {
            return bad("it is longer than 32 characters");
        }
        if s.contains(['/', '\\']) || s.contains("..") {
            return bad("it looks like a path");
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return bad("it has characters other than letters, digits, '-' and '_'");
        }
        if !s.as_bytes()[0].is_ascii_alphanumeric() {
            return bad("it does not start with a letter or digit");
        }
        if is_device_name(s) {
            return bad("it is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Names Windows reserves for devices: a folder of that name would not be a folder.
fn is_device_name(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_pseudonyms() {
        for ok in ["P007", "ward3-p12", "SIM_1", "a", "COM0", "CONSOLE", "com10"] {
            assert!(ParticipantId::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_anything_path_like_or_free_text() {
        for bad in [
            "",
            "../x",
            "a/b",
            "a\\b",
            "..",
            ".hidden",
            "John Smith",
            "Jürgen",
            "C:x",
            "-x",
            &"x".repeat(33),
            "CON",
            "nul",
            "com1",
            "LPT9",
        ] {
            assert!(ParticipantId::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
