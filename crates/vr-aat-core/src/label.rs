//! Vocabularies written to files: an enum that a CSV file holds as a fixed lower-case
//! label has one `label` and one way back, [`Label::from_label`].

/// An enum written as a fixed lower-case label in CSV files.
pub trait Label: Sized + Copy + 'static {
    /// Every value, for reading labels back and for error messages.
    const ALL: &'static [Self];
    fn label(self) -> &'static str;

    /// The value with this label.
    fn from_label(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.label() == text)
    }

    /// "a, b or c", for error messages.
    fn expected() -> String {
        let labels: Vec<&str> = Self::ALL.iter().map(|v| v.label()).collect();
        match labels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => labels.join(""),
        }
    }
}
