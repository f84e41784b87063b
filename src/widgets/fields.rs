//! Text fields of a settings form, and the text <-> value rules behind them: numbers, whole
//! numbers, lists and tables typed as text, with messages a student understands.
//!
//! A [`TextField`] reports every keystroke (`oninput`); the page keeps what was typed as a
//! draft, so "0.1, " is not rewritten mid-typing, and shows the parse error next to the field.

use yew::prelude::*;

/// "0.1, 0.2, 0.3": numbers in their shortest round-trip form.
pub fn format_list(xs: &[f64]) -> String {
    xs.iter()
        .map(|x| format!("{x}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which part of a form a config error's field belongs to: an item of a list field
/// (`("planners", "planner")`: "planners[2].step" is "planner.2") or the first part of the path
/// ("skills.sigma" is "skills").
pub fn error_section(field: &str, lists: &[(&str, &str)]) -> String {
    for (list, item) in lists {
        if let Some(rest) = field.strip_prefix(&format!("{list}[")) {
            if let Some(i) = rest
                .split_once(']')
                .and_then(|(i, _)| i.parse::<usize>().ok())
            {
                return format!("{item}.{i}");
            }
        }
    }
    field.split(['.', '[']).next().unwrap_or("").to_string()
}

/// A config error's field path in plain words. `lists` names the items of list fields
/// (`("policies", "policy")`: "policies[1].prior_alpha" reads "policy 2 › prior alpha") and
/// `groups` renames nested settings (`("environment", "arms")`: "environment.means" reads
/// "arms › means").
pub fn plain_field(field: &str, lists: &[(&str, &str)], groups: &[(&str, &str)]) -> String {
    let (head, tail) = match field.find(['.', '[']) {
        Some(i) => (&field[..i], &field[i..]),
        None => (field, ""),
    };
    let (head, tail) = match lists.iter().find(|(list, _)| *list == head) {
        Some((_, item)) => match tail
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
        {
            Some((i, rest)) => (format!("{item} {}", i + 1), rest),
            None => (head.to_string(), tail),
        },
        None => match groups.iter().find(|(g, _)| *g == head) {
            Some((_, name)) => (name.to_string(), tail),
            None => (head.to_string(), tail),
        },
    };
    let tail = tail.trim_start_matches('.');
    let joined = if tail.is_empty() {
        head
    } else if tail.starts_with('[') {
        // An index the lists do not name ("cutoffs[2]").
        format!("{head}{tail}")
    } else {
        // Lists inside lists read the same way ("candidates[0]" is "candidate 1").
        format!("{head} › {}", plain_field(tail, lists, &[]))
    };
    joined.replace('_', " ")
}

/// Parse one number, with a message a student understands.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("\"{t}\" is not a number")),
    }
}

/// Parse a whole number >= 0.
pub fn parse_count(text: &str) -> Result<u64, String> {
    let t = text.trim().replace([',', '_', ' '], "");
    if t.is_empty() {
        return Err("enter a whole number".into());
    }
    t.parse::<u64>()
        .map_err(|_| format!("\"{}\" is not a whole number", text.trim()))
}

/// Parse a whole number that fits this platform's `usize`.
pub fn parse_usize(text: &str) -> Result<usize, String> {
    let n = parse_count(text)?;
    usize::try_from(n).map_err(|_| format!("{n} is too large"))
}

/// The items of a list typed with commas, spaces or semicolons between them (at least one).
fn list_items(text: &str) -> Result<Vec<&str>, String> {
    let items: Vec<&str> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err("enter at least one number".into());
    }
    Ok(items)
}

/// Parse "0.1, 0.2 0.3; 0.4" (commas, spaces or semicolons between numbers).
pub fn parse_list(text: &str) -> Result<Vec<f64>, String> {
    let items = list_items(text)?;
    items
        .iter()
        .enumerate()
        .map(|(i, s)| parse_number(s).map_err(|e| format!("item {}: {e}", i + 1)))
        .collect()
}

/// [`parse_list`] for numbers that must lie in `lo..=hi` (`why` says why, for the message):
/// every item that is not a number or is out of range is named, not just the first.
pub fn parse_list_within(text: &str, lo: f64, hi: f64, why: &str) -> Result<Vec<f64>, String> {
    let items = list_items(text)?;
    let mut values = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (i, s) in items.iter().enumerate() {
        match parse_number(s) {
            Ok(x) if (lo..=hi).contains(&x) => values.push(x),
            Ok(x) => problems.push(format!("item {}: {x} is outside {lo} to {hi}", i + 1)),
            Err(e) => problems.push(format!("item {}: {e}", i + 1)),
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(format!("{} ({why})", problems.join("; ")))
    }
}

/// Parse a table: one row per line, numbers separated by commas or spaces.
pub fn parse_table(text: &str) -> Result<Vec<Vec<f64>>, String> {
    let rows: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if rows.is_empty() {
        return Err("enter at least one row".into());
    }
    rows.iter()
        .enumerate()
        .map(|(i, r)| parse_list(r).map_err(|e| format!("row {}: {e}", i + 1)))
        .collect()
}

/// One row per line.
pub fn format_table(rows: &[Vec<f64>]) -> String {
    rows.iter()
        .map(|r| format_list(r))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The field's id in the form (what `on_input` reports).
    pub id: AttrValue,
    pub testid: AttrValue,
    pub label: AttrValue,
    /// The text shown: the draft while one is kept, else the value.
    pub value: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Why the text or the value is refused.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Spans the whole row of a grid.
    #[prop_or_default]
    pub wide: bool,
    /// A text area (tables), instead of one line.
    #[prop_or_default]
    pub multiline: bool,
    /// Called with (id, text) on every edit.
    pub on_input: Callback<(String, String)>,
}

/// A labelled text field (`<input>` or `<textarea>`) with its hint and error.
#[function_component(TextField)]
pub fn text_field(p: &TextFieldProps) -> Html {
    let id = p.id.to_string();
    let invalid = if p.error.is_some() { "true" } else { "false" };
    let err_id = format!("err-{}", p.testid);
    let described = p.error.is_some().then(|| err_id.clone());
    let input = if p.multiline {
        let oninput = p.on_input.reform(move |e: InputEvent| {
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            (id.clone(), t.value())
        });
        html! {
            <textarea rows="5" spellcheck="false" data-testid={p.testid.clone()} value={p.value.clone()}
                {oninput} aria-invalid={invalid} aria-describedby={described} />
        }
    } else {
        let oninput = p.on_input.reform(move |e: InputEvent| {
            let t: web_sys::HtmlInputElement = e.target_unchecked_into();
            (id.clone(), t.value())
        });
        html! {
            <input type="text" spellcheck="false" autocomplete="off" data-testid={p.testid.clone()}
                value={p.value.clone()} {oninput} aria-invalid={invalid} aria-describedby={described} />
        }
    };
    html! {
        <label class={classes!("field", (p.wide || p.multiline).then_some("wide"))}>
            <span class="field-label">{ p.label.clone() }</span>
            { input }
            if let Some(h) = &p.hint { <span class="hint">{ h.clone() }</span> }
            if let Some(e) = &p.error { <span class="field-error" id={err_id}>{ e.clone() }</span> }
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_with_any_separator_and_say_which_item_is_wrong() {
        assert_eq!(
            parse_list("0.1, 0.2 0.3;0.4").unwrap(),
            vec![0.1, 0.2, 0.3, 0.4]
        );
        assert_eq!(parse_list(" 1 ,2 ,").unwrap(), vec![1.0, 2.0]);
        assert_eq!(
            parse_list_within("0.6, 1.4, abc", 0.0, 1.0, "means are probabilities").unwrap_err(),
            "item 2: 1.4 is outside 0 to 1; item 3: \"abc\" is not a number (means are probabilities)"
        );
        assert_eq!(
            parse_list_within("0.1 0.9", 0.0, 1.0, "p").unwrap(),
            vec![0.1, 0.9]
        );
        assert_eq!(
            parse_list("0.1, x").unwrap_err(),
            "item 2: \"x\" is not a number"
        );
        assert!(parse_list("  ").is_err());
        assert!(parse_list("0.1, inf").is_err());
        assert_eq!(format_list(&[0.1, 0.25, 1.0]), "0.1, 0.25, 1");
        // The printed form reads back to the same numbers.
        let xs = [0.1, 1.0 / 3.0, 2e-9];
        assert_eq!(parse_list(&format_list(&xs)).unwrap(), xs);
    }

    #[test]
    fn field_paths_read_in_plain_words_at_any_depth() {
        let lists = [("planners", "planner"), ("candidates", "candidate")];
        let plain = |f: &str| plain_field(f, &lists, &[("max_hours", "most hours")]);
        assert_eq!(plain("schedule.cutoffs[2]"), "schedule › cutoffs[2]");
        assert_eq!(
            plain("planners[1].candidates[0].rate"),
            "planner 2 › candidate 1 › rate"
        );
        assert_eq!(plain("planners[0].prior_alpha"), "planner 1 › prior alpha");
        assert_eq!(plain("max_hours"), "most hours");
        assert_eq!(plain("[3].x"), "[3].x");
        assert_eq!(plain("a[1][2]"), "a[1][2]");
    }

    #[test]
    fn tables_and_counts() {
        assert_eq!(
            parse_table("0.9, 0\n\n0, 0.7\n").unwrap(),
            vec![vec![0.9, 0.0], vec![0.0, 0.7]]
        );
        assert!(parse_table("1, 2\n1, z").unwrap_err().starts_with("row 2"));
        assert_eq!(
            format_table(&[vec![1.0, 0.5], vec![0.0, 1.0]]),
            "1, 0.5\n0, 1"
        );
        assert_eq!(parse_count("10,000").unwrap(), 10_000);
        assert_eq!(parse_count(" 42 ").unwrap(), 42);
        assert!(parse_count("-3").is_err());
        assert!(parse_count("1.5").is_err());
    }
}
