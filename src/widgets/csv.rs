//! CSV exports, with one quoting rule (RFC 4180): a field is quoted only when it contains a
//! comma, a quote or a line break, and quotes inside it are doubled.

/// One field, quoted when needed.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A CSV text built row by row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csv {
    text: String,
}

impl Csv {
    /// A CSV whose first row is `header`.
    pub fn new<S: AsRef<str>>(header: impl IntoIterator<Item = S>) -> Self {
        let mut c = Csv::default();
        c.row(header);
        c
    }

    /// Append a row of fields (quoted when needed).
    pub fn row<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) {
        let mut first = true;
        for f in fields {
            if !first {
                self.text.push(',');
            }
            first = false;
            self.text.push_str(&field(f.as_ref()));
        }
        self.text.push('\n');
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// A number as CSV writes it: the shortest text that reads back to the same bits.
pub fn num(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("UCB1"), "UCB1");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        let mut c = Csv::new(["name", "x"]);
        c.row(["Tit For Tat", &num(0.5)]);
        c.row(["ε-greedy (ε=0.1)", &num(1.0)]);
        assert_eq!(c.finish(), "name,x\nTit For Tat,0.5\nε-greedy (ε=0.1),1\n");
    }
}
