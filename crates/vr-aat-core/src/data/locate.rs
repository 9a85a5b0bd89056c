//! Finds where a field path such as `blocks[2].alcohol_push_share` stands in a RON text,
//! so that errors found after parsing can still name a line and column.
//!
//! This is a small scanner over RON's structure (structs, tuples, lists, maps, strings,
//! comments); it does not validate, it only walks. It returns `None` when the path is
//! not written out in the file (a field left to its default).

use super::error::Place;

/// One step of a field path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            steps.push(Step::Field(name));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                steps.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    steps
}

/// The line and column (from 1) where the value at `path` begins, if the file spells it.
pub fn locate(src: &str, path: &str) -> Option<Place> {
    let steps = parse_path(path);
    let mut s = Scanner {
        src: src.as_bytes(),
        pos: 0,
    };
    s.skip_ws();
    for step in &steps {
        s.enter_value_body()?;
        match step {
            Step::Field(name) => s.find_field(name)?,
            Step::Index(i) => s.find_index(*i)?,
        }
        s.skip_ws();
    }
    Some(place_of(src, s.pos))
}

/// Converts a byte offset into a line and column (columns count characters).
pub fn place_of(src: &str, offset: usize) -> Place {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Place { line, col }
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    while self.pos < self.src.len()
                        && !(self.peek() == Some(b'*') && self.src.get(self.pos + 1) == Some(&b'/'))
                    {
                        self.pos += 1;
                    }
                    self.pos += 2;
                }
                _ => return,
            }
        }
    }

    /// Skips an optional struct or enum-variant name, leaving the cursor after the
    /// opening bracket of the value's body.
    fn enter_value_body(&mut self) -> Option<()> {
        self.skip_ws();
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        self.skip_ws();
        match self.peek()? {
            b'(' | b'[' | b'{' => {
                self.pos += 1;
                Some(())
            }
            _ => None,
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("")
    }

    /// Inside a struct body: moves to the value of field `name`.
    fn find_field(&mut self, name: &str) -> Option<()> {
        loop {
            self.skip_ws();
            match self.peek()? {
                b')' | b']' | b'}' => return None,
                b',' => self.pos += 1,
                _ => {
                    let key = self.ident().to_owned();
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if key == name {
                        return Some(());
                    }
                    self.skip_value()?;
                }
            }
        }
    }

    /// Inside a list or tuple body: moves to element `index`.
    fn find_index(&mut self, index: usize) -> Option<()> {
        let mut i = 0;
        loop {
            self.skip_ws();
            match self.peek()? {
                b')' | b']' | b'}' => return None,
                b',' => self.pos += 1,
                _ => {
                    if i == index {
                        return Some(());
                    }
                    self.skip_value()?;
                    i += 1;
                }
            }
        }
    }

    /// Skips one whole value, nested brackets and strings included.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            let c = self.peek()?;
            match c {
                b'"' => self.skip_string()?,
                b'\'' => {
                    self.pos += 1;
                    while self.peek()? != b'\'' {
                        if self.peek()? == b'\\' {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b',' if depth == 0 => return Some(()),
                _ => self.pos += 1,
            }
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// a comment with ( brackets
Protocol(
    id: "x(",
    blocks: [
        Block(name: "a", trials: 10),
        Block(
            name: "b",
            trials: 0,
        ),
    ],
)"#;

    #[test]
    fn finds_nested_fields() {
        assert_eq!(locate(SRC, "id"), Some(Place { line: 3, col: 9 }));
        assert_eq!(locate(SRC, "blocks[0].trials"), Some(Place { line: 5, col: 34 }));
        assert_eq!(locate(SRC, "blocks[1].trials"), Some(Place { line: 8, col: 21 }));
        assert_eq!(locate(SRC, "blocks[1]"), Some(Place { line: 6, col: 9 }));
    }

    #[test]
    fn missing_fields_have_no_place() {
        assert_eq!(locate(SRC, "blocks[2].trials"), None);
        assert_eq!(locate(SRC, "sessions"), None);
    }
}
