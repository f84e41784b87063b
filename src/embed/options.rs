//! What a teacher's link says about the controls students see: `hide=` (controls left out),
//! `lock=` (controls shown but read-only) and `origins=` (the host pages allowed to drive the
//! lab through [`super::api`]). Pure, so it is tested natively.
//!
//! A control is a part of the page: the page's own (presets, JSON editor, run bar, share box,
//! exports, LLM panel, the whole settings panel), a lab's settings groups (the bandit lab's
//! arms, run length and policies) and a lab's extra tabs. The names are part of the link
//! format: a name, once released, keeps its meaning (a test pins every lab's list).
//!
//! Presets and the JSON editor replace the whole experiment, so they are locked whenever any
//! other control is: a student cannot undo a lock by picking a preset.

use std::collections::BTreeSet;

/// One control a link may hide or lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    /// Its name in `hide=` and `lock=`, and its `data-control` attribute in the page.
    pub id: &'static str,
    /// What the Embed dialog calls it.
    pub label: &'static str,
    /// It holds inputs, so it can be shown read-only.
    pub lockable: bool,
}

impl Control {
    /// A settings group (lockable).
    pub const fn group(id: &'static str, label: &'static str) -> Control {
        Control {
            id,
            label,
            lockable: true,
        }
    }

    /// A part that can only be hidden (a tab, the share box).
    pub const fn part(id: &'static str, label: &'static str) -> Control {
        Control {
            id,
            label,
            lockable: false,
        }
    }
}

/// The page's own controls, in every lab.
pub const PAGE_CONTROLS: [Control; 7] = [
    Control::group("settings", "All settings"),
    Control::group("presets", "Preset menu"),
    Control::group("json", "JSON editor"),
    Control::part("runbar", "Run bar (Run, Step, Pause, Reset, speed)"),
    Control::part("share", "Digest and share link"),
    Control::part("exports", "CSV and JSON downloads"),
    Control::part("llm", "LLM panel (when a model plays)"),
];

/// The controls presets and the JSON editor are, which any other lock locks too.
const REPLACERS: [&str; 2] = ["presets", "json"];

/// How a control is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Visible,
    Locked,
    Hidden,
}

impl Shown {
    /// The Embed dialog's menu value.
    pub fn as_str(self) -> &'static str {
        match self {
            Shown::Visible => "visible",
            Shown::Locked => "locked",
            Shown::Hidden => "hidden",
        }
    }
}

/// The embedding options a link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub hide: BTreeSet<String>,
    pub lock: BTreeSet<String>,
    /// Host pages allowed to use the postMessage API (`*`: any page); empty: the API is off.
    pub origins: Vec<String>,
}

/// The allow-list entry that lets any page drive the lab (for trying the API locally).
pub const ANY_ORIGIN: &str = "*";

impl EmbedOptions {
    /// Read `hide=`, `lock=` and `origins=` from a fragment's parameters, for a lab whose
    /// controls are `controls`. Names that are not controls, locks of parts that cannot be
    /// locked and malformed origins are left out, each with a message naming the parameter.
    pub fn parse(params: &[(String, String)], controls: &[Control]) -> (EmbedOptions, Vec<String>) {
        let mut opts = EmbedOptions::default();
        let mut problems = Vec::new();
        let find = |id: &str| controls.iter().find(|c| c.id == id);
        let known = || controls.iter().map(|c| c.id).collect::<Vec<_>>().join(", ");
        for (key, value) in params {
            let value = decode(value);
            let items = value.split(',').map(str::trim).filter(|s| !s.is_empty());
            match key.as_str() {
                "hide" | "lock" => {
                    for name in items {
                        match find(name) {
                            None => problems.push(format!(
                                "The link's {key}= names \"{}\", which is not a control of this lab; it is ignored. Controls: {}.",
                                clip(name),
                                known()
                            )),
                            Some(c) if key == "lock" && !c.lockable => problems.push(format!(
                                "The link's lock= names \"{}\", which has nothing to edit; it can only be hidden (hide={}).",
                                c.id, c.id
                            )),
                            Some(c) if key == "hide" => {
                                opts.hide.insert(c.id.to_string());
                            }
                            Some(c) => {
                                opts.lock.insert(c.id.to_string());
                            }
                        }
                    }
                }
                "origins" => {
                    let (origins, bad) = parse_origins(&value);
                    for o in origins {
                        if !opts.origins.contains(&o) {
                            opts.origins.push(o);
                        }
                    }
                    for (origin, why) in bad {
                        problems.push(format!(
                            "The link's origins= has \"{}\", which {why}; it is ignored. An origin is written like https://course.example.edu (scheme, host and port, no path), or * for any page.",
                            clip(&origin)
                        ));
                    }
                }
                _ => {}
            }
        }
        (opts, problems)
    }

    /// What the link itself says of `id` (the Embed dialog's menu), before the rule that
    /// locks presets and JSON with any other lock.
    pub fn chosen(&self, id: &str) -> Shown {
        if self.hide.contains(id) {
            Shown::Hidden
        } else if self.lock.contains(id) {
            Shown::Locked
        } else {
            Shown::Visible
        }
    }

    /// How `id` is shown.
    pub fn shown(&self, id: &str) -> Shown {
        if self.hide.contains(id) {
            Shown::Hidden
        } else if self.lock.contains(id)
            || (REPLACERS.contains(&id)
                && self.lock.iter().any(|l| !REPLACERS.contains(&l.as_str())))
        {
            Shown::Locked
        } else {
            Shown::Visible
        }
    }

    pub fn hidden(&self, id: &str) -> bool {
        self.shown(id) == Shown::Hidden
    }

    pub fn locked(&self, id: &str) -> bool {
        self.shown(id) == Shown::Locked
    }

    /// Set how `id` is shown (the Embed dialog's menus).
    pub fn set(&mut self, id: &str, shown: Shown) {
        self.hide.remove(id);
        self.lock.remove(id);
        match shown {
            Shown::Visible => {}
            Shown::Locked => {
                self.lock.insert(id.to_string());
            }
            Shown::Hidden => {
                self.hide.insert(id.to_string());
            }
        }
    }

    /// The postMessage API is on.
    pub fn api(&self) -> bool {
        !self.origins.is_empty()
    }

    /// A message from `origin` may drive the lab.
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == ANY_ORIGIN || o == origin)
    }

    /// True when nothing is hidden, locked or allowed.
    pub fn is_empty(&self) -> bool {
        self.hide.is_empty() && self.lock.is_empty() && self.origins.is_empty()
    }

    /// The options as fragment parameters (`&hide=a,b&lock=c&origins=...`), empty when there
    /// are none; [`EmbedOptions::parse`] reads them back.
    pub fn query(&self) -> String {
        let mut q = String::new();
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(",");
        if !self.hide.is_empty() {
            q.push_str(&format!("&hide={}", list(&self.hide)));
        }
        if !self.lock.is_empty() {
            q.push_str(&format!("&lock={}", list(&self.lock)));
        }
        if !self.origins.is_empty() {
            q.push_str(&format!("&origins={}", self.origins.join(",")));
        }
        q
    }
}

/// A parameter's value with its `%XX` escapes decoded (a host may encode an origin's `:` and
/// `/`); kept as written when it is not valid UTF-8 once decoded.
fn decode(value: &str) -> String {
    percent_encoding::percent_decode_str(value)
        .decode_utf8()
        .map(|s| s.into_owned())
        .unwrap_or_else(|_| value.to_string())
}

/// A list of origins separated by commas, spaces or new lines, as browsers write origins and
/// without repeats, and the entries that are not origins with why.
pub fn parse_origins(text: &str) -> (Vec<String>, Vec<(String, &'static str)>) {
    let mut origins = Vec::new();
    let mut bad = Vec::new();
    for o in text
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match check_origin(o) {
            Ok(o) if !origins.contains(&o) => origins.push(o),
            Ok(_) => {}
            Err(why) => bad.push((o.to_string(), why)),
        }
    }
    (origins, bad)
}

/// At most 40 characters of something a link said, for a message.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// `origin` as a browser writes a page's origin (`https://host[:port]`, lowercase, no
/// trailing slash), or why it is not one.
pub fn check_origin(origin: &str) -> Result<String, &'static str> {
    if origin == ANY_ORIGIN {
        return Ok(origin.to_string());
    }
    let lower = origin.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or("does not start with https:// or http://")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '#', '@', ' ']) {
        return Err("is not only a scheme, host and port");
    }
    let (host, port) = match rest.rfind(':') {
        Some(i) if !rest[i..].contains(']') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err("has a port that is not a number up to 65535");
    }
    let scheme = if lower.starts_with("https://") {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: [Control; 3] = [
        Control::group("arms", "Arms"),
        Control::group("policies", "Policies"),
        Control::part("watch", "Watch one run"),
    ];

    fn controls() -> Vec<Control> {
        PAGE_CONTROLS.iter().chain(LAB.iter()).copied().collect()
    }

    fn params(q: &str) -> Vec<(String, String)> {
        agora_engine::link::fragment_params(&format!("#/bandits?{q}")).1
    }

    #[test]
    fn hide_lock_and_origins_read_back_from_the_query_they_write() {
        let (o, problems) = EmbedOptions::parse(
            &params("embed=1&hide=json,watch&lock=policies&origins=https://Course.example.edu/,http://127.0.0.1:8000"),
            &controls(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.shown("watch"), Shown::Hidden);
        assert_eq!(o.shown("policies"), Shown::Locked);
        assert_eq!(o.shown("arms"), Shown::Visible);
        // Any other lock locks the presets: picking one would undo it.
        assert_eq!(o.shown("presets"), Shown::Locked);
        assert_eq!(
            o.origins,
            ["https://course.example.edu", "http://127.0.0.1:8000"]
        );
        assert!(o.allows("http://127.0.0.1:8000") && !o.allows("http://127.0.0.1:8001"));
        let q = o.query();
        assert_eq!(
            q,
            "&hide=json,watch&lock=policies&origins=https://course.example.edu,http://127.0.0.1:8000"
        );
        assert_eq!(EmbedOptions::parse(&params(&q[1..]), &controls()).0, o);
    }

    #[test]
    fn locking_only_presets_or_json_leaves_the_other_free() {
        let (o, _) = EmbedOptions::parse(&params("lock=presets"), &controls());
        assert!(o.locked("presets") && !o.locked("json") && !o.api());
    }

    #[test]
    fn mistakes_are_named_and_left_out() {
        let (o, problems) = EmbedOptions::parse(
            &params("hide=polices&lock=watch,arms&origins=course.example.edu,https://a.b/path,https%3A%2F%2Fok.example"),
            &controls(),
        );
        assert_eq!(o.lock.iter().collect::<Vec<_>>(), ["arms"]);
        assert!(o.hide.is_empty());
        assert_eq!(o.origins, ["https://ok.example"]);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems[0].contains("hide=")
                && problems[0].contains("\"polices\"")
                && problems[0].contains("policies")
        );
        assert!(problems[1].contains("lock=") && problems[1].contains("hide=watch"));
        assert!(problems[2].contains("origins=") && problems[2].contains("https://"));
        assert!(problems[3].contains("no path") || problems[3].contains("not only"));
    }

    #[test]
    fn origins_are_written_as_browsers_write_them() {
        assert_eq!(check_origin("*"), Ok("*".into()));
        assert_eq!(
            check_origin("HTTPS://X.org:8443/"),
            Ok("https://x.org:8443".into())
        );
        assert_eq!(
            check_origin("http://[::1]:8080"),
            Ok("http://[::1]:8080".into())
        );
        assert!(check_origin("https://x.org:99999").is_err());
        assert!(check_origin("https://").is_err());
        assert!(check_origin("ftp://x.org").is_err());
        assert!(check_origin("https://user@x.org").is_err());
    }

    #[test]
    fn the_dialog_sets_one_state_per_control() {
        let mut o = EmbedOptions::default();
        o.set("arms", Shown::Locked);
        o.set("arms", Shown::Hidden);
        assert_eq!((o.shown("arms"), o.lock.len()), (Shown::Hidden, 0));
        o.set("arms", Shown::Visible);
        assert!(o.is_empty());
    }
}
