//! A chart's data as a table: what the chart draws, in rows and columns, so that a screen
//! reader can read it and a student can copy it into a spreadsheet.
//!
//! Every [`Plot`](super::Plot) supplies one ([`Plot::table`](super::Plot::table)). Numbers are
//! kept as numbers: the page shows them rounded to four significant digits with thousands
//! separators ([`fmt_cell`]); the copied text ([`DataTable::tsv`]) writes them in full, as the
//! labs' CSV exports do (the shortest text that reads back to the same value), so a pasted
//! table matches the CSV of the same run.

use super::{group_thousands, minus};

/// One cell of a [`DataTable`].
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A number (NaN shows as "–").
    Num(f64),
    /// Text (a label, a description).
    Text(String),
    /// Nothing (a series without a point at this row).
    Empty,
}

impl Cell {
    /// A number cell, or an empty one for `None`.
    pub fn opt(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Num)
    }

    /// The cell as the page shows it.
    pub fn display(&self) -> String {
        match self {
            Cell::Num(v) => fmt_cell(*v),
            Cell::Text(s) => s.clone(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as copied text: numbers in full with an ASCII minus and no separators, text
    /// with its tabs and line breaks turned into spaces.
    pub fn raw(&self) -> String {
        match self {
            Cell::Num(v) if v.is_nan() => String::new(),
            Cell::Num(v) => format!("{v}"),
            Cell::Text(s) => s.replace(['\t', '\n', '\r'], " "),
            Cell::Empty => String::new(),
        }
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        Cell::Num(v)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

/// A number for a table cell: whole numbers as such ("1,200"), others with four significant
/// digits (at most six decimals), thousands separators from 1,000 and a typographic minus.
pub fn fmt_cell(v: f64) -> String {
    if v.is_nan() {
        return "–".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "−∞" }.into();
    }
    let a = v.abs();
    if a >= 1000.0 || (v.fract() == 0.0 && a < 1e15) {
        return group_thousands(v.round() as i64);
    }
    let digits = if a > 0.0 { a.log10().floor() as i32 } else { 0 };
    let decimals = (3 - digits).clamp(0, 6) as usize;
    minus(format!("{v:.decimals$}"))
}

/// The data a chart draws, as a table with a caption and column headers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    /// What the table holds (the chart's title, with what a row is).
    pub caption: String,
    pub columns: Vec<String>,
    /// Rows of cells, as many as there are columns.
    pub rows: Vec<Vec<Cell>>,
}

/// Tables longer than this are shown thinned (the copied text has every row).
pub const MAX_SHOWN_ROWS: usize = 200;

impl DataTable {
    /// A table with these columns and no rows yet.
    pub fn new<S: Into<String>>(
        caption: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
    ) -> Self {
        DataTable {
            caption: caption.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// The table of a chart with nothing to show yet.
    pub fn empty(caption: impl Into<String>) -> Self {
        DataTable::new(caption, Vec::<String>::new())
    }

    /// Append a row (padded with empty cells, or cut, to the number of columns).
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A table of curves over a shared x: one row per distinct x (ascending), the `x` column,
    /// then one column per curve, empty where a curve has no point at that x. A curve with
    /// several points at one x (a step: the value up to x, then from x) gets as many rows
    /// there, in its order; the other curves repeat their value at x on those rows.
    pub fn by_x(
        caption: impl Into<String>,
        x: impl Into<String>,
        curves: Vec<(String, Vec<(f64, f64)>)>,
    ) -> Self {
        use std::collections::HashMap;
        // -0.0 and 0.0 are one x.
        let key = |x: f64| (x + 0.0).to_bits();
        let at: Vec<HashMap<u64, Vec<f64>>> = curves
            .iter()
            .map(|(_, pts)| {
                let mut m: HashMap<u64, Vec<f64>> = HashMap::new();
                for &(x, y) in pts.iter().filter(|p| !p.0.is_nan()) {
                    m.entry(key(x)).or_default().push(y);
                }
                m
            })
            .collect();
        let mut xs: Vec<f64> = curves
            .iter()
            .flat_map(|(_, pts)| pts.iter().map(|p| p.0 + 0.0))
            .filter(|x| !x.is_nan())
            .collect();
        xs.sort_by(|a, b| a.total_cmp(b));
        xs.dedup();
        let mut t = DataTable::new(
            caption,
            std::iter::once(x.into()).chain(curves.iter().map(|c| c.0.clone())),
        );
        for &xv in &xs {
            let k = key(xv);
            let n = at
                .iter()
                .filter_map(|m| m.get(&k))
                .map(Vec::len)
                .max()
                .unwrap_or(1);
            for j in 0..n {
                let mut row = vec![Cell::Num(xv)];
                row.extend(
                    at.iter().map(|m| {
                        Cell::opt(m.get(&k).and_then(|ys| ys.get(j).or(ys.last())).copied())
                    }),
                );
                t.push(row);
            }
        }
        t
    }

    /// The indices of the rows to show: all of them up to `max`, otherwise at most `max`
    /// evenly spaced ones, always with the first and the last.
    pub fn shown_rows(&self, max: usize) -> Vec<usize> {
        let n = self.rows.len();
        let max = max.max(2);
        if n <= max {
            return (0..n).collect();
        }
        let idx: Vec<usize> = (0..n).collect();
        // `thin` keeps at most `max - 1` evenly spaced rows plus the last one.
        super::thin(&idx, max - 1)
    }

    /// The whole table as tab-separated text, headers first (pastes into a spreadsheet).
    pub fn tsv(&self) -> String {
        let mut out = String::new();
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        out.push_str(
            &self
                .columns
                .iter()
                .map(|c| clean(c))
                .collect::<Vec<_>>()
                .join("\t"),
        );
        out.push('\n');
        for row in &self.rows {
            out.push_str(&row.iter().map(Cell::raw).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_four_significant_digits_and_copy_in_full() {
        assert_eq!(fmt_cell(0.123456), "0.1235");
        assert_eq!(fmt_cell(12.3456), "12.35");
        assert_eq!(fmt_cell(-0.5), "−0.5000");
        assert_eq!(fmt_cell(1234.56), "1,235");
        assert_eq!(fmt_cell(40.0), "40");
        assert_eq!(fmt_cell(0.000123), "0.000123");
        assert_eq!(fmt_cell(f64::NAN), "–");
        assert_eq!(Cell::Num(-0.125).raw(), "-0.125");
        assert_eq!(Cell::Num(1234.5).raw(), "1234.5");
        assert_eq!(Cell::Text("a\tb".into()).raw(), "a b");
    }

    #[test]
    fn curves_share_rows_by_x() {
        let t = DataTable::by_x(
            "c",
            "t",
            vec![
                ("a".into(), vec![(1.0, 10.0), (2.0, 20.0)]),
                ("b".into(), vec![(2.0, 5.0), (3.0, 6.0)]),
            ],
        );
        assert_eq!(t.columns, vec!["t", "a", "b"]);
        assert_eq!(
            t.rows,
            vec![
                vec![Cell::Num(1.0), Cell::Num(10.0), Cell::Empty],
                vec![Cell::Num(2.0), Cell::Num(20.0), Cell::Num(5.0)],
                vec![Cell::Num(3.0), Cell::Empty, Cell::Num(6.0)],
            ]
        );
        assert_eq!(t.tsv(), "t\ta\tb\n1\t10\t\n2\t20\t5\n3\t\t6\n");
    }

    #[test]
    fn a_step_gets_a_row_for_each_side() {
        // A rate of 0.1 up to 20, 0.3 from 20 on; a flat line beside it.
        let t = DataTable::by_x(
            "c",
            "z",
            vec![
                (
                    "step".into(),
                    vec![(0.0, 0.1), (20.0, 0.1), (20.0, 0.3), (50.0, 0.3)],
                ),
                ("flat".into(), vec![(0.0, 0.2), (20.0, 0.2), (50.0, 0.2)]),
            ],
        );
        assert_eq!(
            t.tsv(),
            "z\tstep\tflat\n0\t0.1\t0.2\n20\t0.1\t0.2\n20\t0.3\t0.2\n50\t0.3\t0.2\n"
        );
    }

    #[test]
    fn long_tables_are_thinned_evenly_keeping_both_ends() {
        let mut t = DataTable::new("c", ["i"]);
        for i in 0..1000 {
            t.push(vec![Cell::Num(i as f64)]);
        }
        let shown = t.shown_rows(200);
        assert!(shown.len() <= 200 && shown.len() >= 150, "{}", shown.len());
        assert_eq!(shown[0], 0);
        assert_eq!(*shown.last().unwrap(), 999);
        // Evenly: every gap but the last is the same (1000 rows / 199 -> every 6th row).
        assert!(shown.windows(2).rev().skip(1).all(|w| w[1] - w[0] == 6));
        // Short tables are shown whole.
        t.rows.truncate(200);
        assert_eq!(t.shown_rows(200), (0..200).collect::<Vec<_>>());
        // The copied text has every row.
        t.rows.truncate(3);
        assert_eq!(t.tsv(), "i\n0\n1\n2\n");
    }
}
