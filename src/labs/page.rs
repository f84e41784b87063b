//! The one lab page. Everything the labs do alike lives here: reading the route (a link, a
//! preset, the last experiment), remembering the experiment (address bar and localStorage),
//! the preset picker and the JSON editor, the run bar driving the worker, the digest and the
//! share link, the LLM panel, exports, error banners and the tabs. A lab supplies only what
//! differs, through [`LabUi`]: its settings form, its results views, its extra tabs.
//!
//! Layout: settings beside the run bar and results from 1000 px; below that the run bar comes
//! first, the results right under it, then the settings, so a run's results are always in view
//! of the Run button. Run switches to the results tab and brings them into view.

use crate::embed::api::{self, Command, HostLink, Request};
use crate::embed::dialog::EmbedDialog;
use crate::embed::{Control, EmbedOptions, Shown};
use crate::labs::llm::LlmPanel;
use crate::labs::pretrained::{self, Pretrained};
use crate::labs::route::{self, Opening};
use crate::labs::session::{RunSession, Update};
use crate::labs::story::{self, StoryAt, StoryList, StoryPanel};
use crate::storage::{self, Speed, UiSettings};
use crate::widgets::banner::ErrorBanner;
use crate::widgets::config::{JsonEditor, PresetPicker};
use crate::widgets::fields::TextField;
use crate::widgets::params::{self, Field, FieldKind};
use crate::widgets::runbar::{RunBar, RunState};
use crate::widgets::share::{copy_text, page_base, CopyStatus, DigestBox, ShareBox};
use crate::worker::FromWorker;
use agora_engine::error::ConfigError;
use agora_engine::experiment::Experiment;
use agora_engine::lab::Lab as EngineLab;
use agora_engine::labs::Registered;
use agora_engine::link;
use agora_engine::presets::{self, Preset};
use agora_engine::stories::{self, Story};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// What a lab supplies to the generic page.
pub trait LabUi: Sized + 'static {
    /// The lab in the engine's registry: its config, validation, units and LLM agents.
    type Lab: Registered<Config = Self::Exp>;
    /// The lab's experiment (the engine lab's config).
    type Exp: Clone + PartialEq + 'static;
    /// Its results, as the worker's JSON holds them.
    type Results: DeserializeOwned + 'static;
    /// Form state that is not part of the experiment (the kind picked in an "Add" menu).
    type Local: 'static;
    /// An edit the settings form sends.
    type Edit: 'static;
    /// Options of the results views (chart toggles) that are not in [`UiSettings`].
    type View: Default + 'static;
    /// A change of those options.
    type ViewMsg: 'static;
    /// The charts of one set of results, built when the results or the options change.
    type Charts: 'static;

    /// The start of the test ids of the form's text fields (`field-` gives `field-seed`).
    const FIELD_TESTID: &'static str = "";

    /// The settings groups a link may hide or lock ([`crate::embed`]), each drawn with
    /// [`SettingsView::group`]. Their ids are part of the link format: never rename one.
    const GROUPS: &'static [Control];

    /// Title and introduction.
    fn head() -> Html;
    fn default_experiment() -> Self::Exp;
    fn set_seed(exp: &mut Self::Exp, seed: u64);

    /// Route and storage name (`#/<ID>`): the engine lab's.
    const ID: &'static str = <Self::Lab as EngineLab>::ID;
    fn wrap(exp: Self::Exp) -> Experiment {
        <Self::Lab as Registered>::wrap(exp)
    }
    fn unwrap(exp: Experiment) -> Option<Self::Exp> {
        <Self::Lab as Registered>::unwrap(exp)
    }
    /// The engine's validation, then the budget of a page's run
    /// ([`agora_engine::cost::BROWSER_BUDGET_SECONDS`]): a run of hours is refused with its
    /// size before it starts.
    fn validate(exp: &Self::Exp) -> Result<(), ConfigError> {
        <Self::Lab as EngineLab>::validate(exp)?;
        match <Self::Lab as EngineLab>::cost(exp) {
            Some(c) => c.check(agora_engine::cost::BROWSER_BUDGET_SECONDS),
            None => Ok(()),
        }
    }
    fn has_llm(exp: &Self::Exp) -> bool {
        <Self::Lab as EngineLab>::has_llm(exp)
    }
    /// Units of work, as the worker counts them, and what they are called.
    fn units(exp: &Self::Exp) -> usize {
        <Self::Lab as EngineLab>::units(exp)
    }
    fn unit(exp: &Self::Exp) -> &'static str {
        <Self::Lab as EngineLab>::unit_name(exp)
    }
    /// A validation error in the words the run bar shows.
    fn describe_error(e: &ConfigError) -> String {
        e.to_string()
    }
    /// The validation message to show at the text field `id`, if it is about that field.
    fn error_at(_e: &ConfigError, _id: &str) -> Option<String> {
        None
    }

    fn new_local() -> Self::Local;
    /// Apply the text of field `id`; `Err` is a message for the field.
    fn apply_field(exp: &mut Self::Exp, id: &str, text: &str) -> Result<(), String>;
    /// Apply a form edit.
    fn edit(form: &mut Form<Self>, edit: Self::Edit) -> Edited;
    /// The settings between the preset picker and the JSON editor.
    fn settings(v: &SettingsView<'_, Self>) -> Html;
    /// A line under the JSON editor.
    fn json_hint() -> Option<&'static str> {
        None
    }

    fn charts(
        results: &Rc<Self::Results>,
        ran: Option<&Self::Exp>,
        settings: &UiSettings,
        view: &Self::View,
    ) -> Self::Charts;
    /// Apply a change of the results options (those kept between visits go in `settings`).
    fn view_update(view: &mut Self::View, settings: &mut UiSettings, msg: Self::ViewMsg);
    /// The results tab once there are results.
    fn results(v: &ResultsView<'_, Self>) -> Html;
    /// What the results tab says before a run.
    fn empty_results() -> EmptyResults;
    /// `data-mode` of the results (the games lab's mode).
    fn mode(_r: &Self::Results) -> &'static str {
        Self::ID
    }
    /// The results as CSV, and what they are (for the file name).
    fn csv(r: &Self::Results) -> (String, &'static str);
    /// What the CSV and JSON files hold, next to the export buttons.
    fn export_hint() -> &'static str;

    /// Tabs besides "Results": (id, label); test ids `tab-<id>`.
    fn extra_tabs() -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// The body of the extra tab `id`, for the last valid experiment; `ran` is the latest
    /// results (partial during a run) with the experiment they belong to.
    fn extra_tab(_id: &str, _exp: &Rc<Self::Exp>, _ran: Option<Ran<'_, Self>>) -> Html {
        Html::default()
    }
}

/// The latest results and the experiment they belong to, as an extra tab sees them.
pub struct Ran<'a, L: LabUi> {
    pub exp: &'a L::Exp,
    pub results: &'a Rc<L::Results>,
}

/// What the results tab says before a run, in three parts.
pub struct EmptyResults {
    /// After "Press Run": what running does.
    pub run: &'static str,
    /// After "When its replies are in,": what happens when a language model plays.
    pub llm: &'static str,
    /// What else there is to do.
    pub hint: &'static str,
}

/// What an edit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edited {
    /// Only the form's own state changed.
    Nothing,
    /// The experiment changed.
    Changed,
    /// The experiment was replaced (mode switch): the form forgets what was typed.
    Replaced,
}

/// The settings form: the experiment being edited and what was typed.
pub struct Form<L: LabUi> {
    pub exp: L::Exp,
    /// `L::validate(&exp)`.
    pub valid: Result<(), ConfigError>,
    /// Text typed in fields, kept as typed (keys: field ids) until the experiment is replaced
    /// from outside the form.
    pub drafts: HashMap<String, String>,
    /// Fields whose text does not parse (keys: field ids).
    pub field_errors: BTreeMap<String, String>,
    pub local: L::Local,
}

impl<L: LabUi> Form<L> {
    /// Forget the drafts and errors of fields whose id starts with `prefix`.
    pub fn clear_drafts_with(&mut self, prefix: &str) {
        self.drafts.retain(|k, _| !k.starts_with(prefix));
        self.field_errors.retain(|k, _| !k.starts_with(prefix));
    }

    /// Settings are valid and every field parses.
    pub fn can_run(&self) -> bool {
        self.valid.is_ok() && self.field_errors.is_empty()
    }
}

/// What a lab's settings view reads, and where its edits go.
pub struct SettingsView<'a, L: LabUi> {
    pub form: &'a Form<L>,
    /// What the link hides and locks.
    pub embed: &'a EmbedOptions,
    pub on_edit: Callback<L::Edit>,
    on_field: Callback<(String, String)>,
    on_new_seed: Callback<()>,
}

impl<L: LabUi> SettingsView<'_, L> {
    pub fn exp(&self) -> &L::Exp {
        &self.form.exp
    }

    /// A group of settings (a `<fieldset>` with its legend) that a link may hide or lock:
    /// `id` is one of the lab's [`LabUi::GROUPS`]. A locked group's inputs are disabled.
    pub fn group(&self, id: &'static str, legend: String, body: Html) -> Html {
        match self.embed.shown(id) {
            Shown::Hidden => html! {},
            shown => html! {
                <fieldset class="group" data-control={id} disabled={shown == Shown::Locked}>
                    <legend>{ legend }</legend>
                    { body }
                </fieldset>
            },
        }
    }

    /// Settings outside a group (a menu above them) that a link may hide or lock as one
    /// control: `id` is one of the lab's [`LabUi::GROUPS`].
    pub fn control(&self, id: &'static str, body: Html) -> Html {
        match self.embed.shown(id) {
            Shown::Hidden => html! {},
            shown => html! {
                <fieldset class="bare" data-control={id} disabled={shown == Shown::Locked}>{ body }</fieldset>
            },
        }
    }

    /// The validation error, in the lab's plain words, if it belongs to `section` of the form
    /// (see [`crate::widgets::fields::error_section`]; `lists` names the list fields' items).
    pub fn section_error(&self, section: &str, lists: &[(&str, &str)]) -> Html {
        match &self.form.valid {
            Err(e) if crate::widgets::fields::error_section(&e.field, lists) == section => html! {
                <p class="field-error" role="alert" data-testid={format!("error-{}", section.replace('.', "-"))}>
                    { L::describe_error(e) }
                </p>
            },
            _ => html! {},
        }
    }

    /// A callback sending the edit `make` builds from an event.
    pub fn edit<E: 'static>(&self, make: impl Fn(E) -> L::Edit + 'static) -> Callback<E> {
        self.on_edit.reform(make)
    }

    /// A callback that sets the form's field `id` to the text `read` takes from an event
    /// (check boxes, menus).
    pub fn field_callback<E: 'static>(
        &self,
        id: &str,
        read: impl Fn(E) -> String + 'static,
    ) -> Callback<E> {
        let id = id.to_string();
        self.on_field.reform(move |e| (id.clone(), read(e)))
    }

    /// A text field bound to the form's field `id` (showing its draft and errors).
    pub fn text(
        &self,
        id: &str,
        label: &str,
        canonical: String,
        hint: Option<&str>,
        wide: bool,
    ) -> Html {
        self.text_input(id, label, canonical, hint, wide, false)
    }

    /// A multi-line text field (tables).
    pub fn text_area(&self, id: &str, label: &str, canonical: String, hint: &str) -> Html {
        self.text_input(id, label, canonical, Some(hint), true, true)
    }

    fn text_input(
        &self,
        id: &str,
        label: &str,
        canonical: String,
        hint: Option<&str>,
        wide: bool,
        multiline: bool,
    ) -> Html {
        let value = self.form.drafts.get(id).cloned().unwrap_or(canonical);
        let error = self.form.field_errors.get(id).cloned().or_else(|| {
            self.form
                .valid
                .as_ref()
                .err()
                .and_then(|e| L::error_at(e, id))
        });
        html! {
            <TextField id={id.to_string()} testid={format!("{}{}", L::FIELD_TESTID, id.replace('.', "-"))}
                label={label.to_string()} value={value} hint={hint.map(|h| AttrValue::from(h.to_string()))}
                error={error.map(AttrValue::from)} {wide} {multiline} on_input={self.on_field.clone()} />
        }
    }

    /// The editor of one serde-driven parameter ([`params::fields_of`]) bound to the field
    /// `id`: a check box, a menu of the accepted values, or a text field.
    pub fn param(&self, id: &str, f: &Field) -> Html {
        let testid = format!("{}{}", L::FIELD_TESTID, id.replace('.', "-"));
        match &f.kind {
            FieldKind::Bool => {
                let onchange = self.field_callback(id, |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    input.checked().to_string()
                });
                html! {
                    <label class="field check">
                        <input type="checkbox" data-testid={testid}
                            checked={f.value.as_bool().unwrap_or(false)} {onchange} />
                        <span class="field-label">{ f.label.clone() }</span>
                    </label>
                }
            }
            FieldKind::Choice(options) => {
                let onchange = self.field_callback(id, |e: Event| {
                    let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    sel.value()
                });
                let error = self.form.field_errors.get(id).cloned();
                html! {
                    <label class="field">
                        <span class="field-label">{ f.label.clone() }</span>
                        <select data-testid={testid} {onchange}>
                            { for options.iter().map(|o| html! {
                                <option value={o.clone()} selected={*o == f.text}>{ params::humanize(o) }</option>
                            }) }
                        </select>
                        if let Some(e) = error { <span class="field-error">{ e }</span> }
                    </label>
                }
            }
            FieldKind::Optional => self.text(
                id,
                &f.label,
                f.text.clone(),
                Some("optional: leave empty for the default"),
                false,
            ),
            FieldKind::List => self.text(id, &f.label, f.text.clone(), None, true),
            FieldKind::Number { .. } | FieldKind::Text => {
                self.text(id, &f.label, f.text.clone(), None, false)
            }
        }
    }

    /// "Add a ..." menu of `options` (kind, name) with its "+ Add" button: `pick` is sent
    /// when the menu changes, `add` on the button. Test ids `{testid}-kind` and `{testid}`.
    pub fn add_row(
        &self,
        label: &str,
        testid: &str,
        options: Vec<(&'static str, &'static str)>,
        selected: &str,
        pick: fn(String) -> L::Edit,
        add: fn() -> L::Edit,
    ) -> Html {
        let on_kind = self.edit(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            pick(sel.value())
        });
        html! {
            <div class="add-policy">
                <label class="field grow">
                    <span class="field-label">{ label.to_string() }</span>
                    <select data-testid={format!("{testid}-kind")} onchange={on_kind}>
                        { for options.iter().map(|(kind, name)| html! {
                            <option value={*kind} selected={*kind == selected}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="btn" data-testid={testid.to_string()}
                    onclick={self.edit(move |_| add())}>{"+ Add"}</button>
            </div>
        }
    }

    /// The seed field with its "New seed" button.
    pub fn seed(&self, seed: u64) -> Html {
        html! {
            <div class="field">
                { self.text("seed", "Seed", seed.to_string(), None, false) }
                <button type="button" class="btn small" data-testid="new-seed"
                    onclick={self.on_new_seed.reform(|_| ())} title="Draw a new random seed">{"New seed"}</button>
            </div>
        }
    }
}

/// What a lab's results view reads.
pub struct ResultsView<'a, L: LabUi> {
    pub results: &'a Rc<L::Results>,
    pub charts: &'a L::Charts,
    /// The experiment the results belong to, and the one being edited.
    pub ran: Option<&'a L::Exp>,
    pub exp: &'a L::Exp,
    pub settings: &'a UiSettings,
    pub view: &'a L::View,
    /// Bumped whenever the charts must redraw.
    pub version: u64,
    pub on_view: Callback<L::ViewMsg>,
}

/// The lab's presets, in menu order.
pub fn presets_of(lab: &str) -> Vec<Preset> {
    presets::all()
        .into_iter()
        .filter(|p| p.experiment.lab() == lab)
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct LabPageProps {
    /// The route's fragment (`#/bandits?v=1&x=...`), as in the address bar.
    pub fragment: AttrValue,
    /// Embedded in another page (`embed=1`): kept in the address bar.
    #[prop_or_default]
    pub embed: bool,
    /// Bumped by the app on every `hashchange`: a new link was opened in this tab.
    #[prop_or_default]
    pub nav: u64,
}

pub enum Msg<L: LabUi> {
    Preset(String),
    Edit(L::Edit),
    /// A text field changed: (field id, text).
    Field(String, String),
    NewSeed,
    JsonText(String),
    ApplyJson,
    ResetJson,
    Run,
    Pause,
    Resume,
    Step,
    Reset,
    Cancel,
    Speed(Speed),
    /// The "workers" setting changed (0: one per core).
    Workers(usize),
    Worker(u64, FromWorker),
    View(L::ViewMsg),
    Tab(&'static str),
    /// A key pressed on a result tab (arrows, Home, End move between tabs).
    TabKey(String),
    CopyLink,
    Copied(CopyStatus),
    DismissBanner,
    ExportCsv,
    ExportJson,
    /// The LLM panel changed the LLM agents' settings.
    LlmEdit(Experiment),
    /// The LLM panel stopped asking: the experiment with every reply so far, to run.
    LlmRecorded(Experiment),
    /// A preset's pre-trained results arrived (or could not be had): (preset, document).
    Pretrained(
        String,
        Result<agora_engine::experiment::ResultsDocument, String>,
    ),
    /// A command of the host page (postMessage API), with the origin that sent it.
    Host(String, Request),
    /// Open or close the Embed dialog.
    Embed(bool),
    /// Start a guided story (by name) at its first step.
    StoryStart(String),
    /// Go to a step of the story (from 0); the current one restores the step's experiment.
    StoryGo(usize),
    /// Leave the story (the experiment stays).
    StoryClose,
}

const RESULTS_TAB: &str = "results";

pub struct LabPage<L: LabUi> {
    presets: Rc<Vec<Preset>>,
    form: Form<L>,
    /// The last valid experiment (what the extra tabs use).
    valid_exp: Rc<L::Exp>,
    json_text: String,
    json_dirty: bool,
    json_error: Option<String>,
    session: RunSession,
    /// The experiment the current results belong to.
    ran_exp: Option<L::Exp>,
    results: Option<Rc<L::Results>>,
    /// The worker's JSON of `results`, exported verbatim.
    results_json: Option<Rc<str>>,
    charts: Option<L::Charts>,
    chart_version: u64,
    /// The experiment a link carried and the digest it expects.
    expected: Option<(L::Exp, String)>,
    banner: Option<String>,
    settings: UiSettings,
    view: L::View,
    tab: &'static str,
    copy_status: Option<CopyStatus>,
    share_ref: NodeRef,
    results_ref: NodeRef,
    run_ref: NodeRef,
    /// Bring the results into view after the next render (a run started).
    reveal_results: bool,
    /// A damaged link is in the address bar: leave it there until the student edits.
    keep_address: bool,
    /// A preset's pre-trained results: asked for, shown, or unavailable.
    pretrained: Pretrained,
    /// What the link hides and locks, and the host pages it lets drive the lab.
    embed: EmbedOptions,
    /// Listening to those host pages (when the link allows any).
    host: Option<HostLink>,
    /// The Embed dialog is open.
    embed_dialog: bool,
    /// Move the focus to the selected tab after the next render (arrow keys on the tabs).
    focus_tab: bool,
    /// The host page has had its `ready` event.
    host_ready: bool,
    /// The lab's guided stories.
    stories: Rc<Vec<Story>>,
    /// The story being told, and its step.
    story: Option<StoryAt<L::Exp>>,
    _lab: PhantomData<L>,
}

impl<L: LabUi> Component for LabPage<L> {
    type Message = Msg<L>;
    type Properties = LabPageProps;

    fn create(ctx: &Context<Self>) -> Self {
        let exp = L::default_experiment();
        let mut page = LabPage {
            presets: Rc::new(presets_of(L::ID)),
            valid_exp: Rc::new(exp.clone()),
            form: Form {
                valid: L::validate(&exp),
                exp,
                drafts: HashMap::new(),
                field_errors: BTreeMap::new(),
                local: L::new_local(),
            },
            json_text: String::new(),
            json_dirty: false,
            json_error: None,
            session: RunSession::new(0),
            ran_exp: None,
            results: None,
            results_json: None,
            charts: None,
            chart_version: 0,
            expected: None,
            banner: None,
            settings: storage::load_settings(),
            view: L::View::default(),
            tab: RESULTS_TAB,
            copy_status: None,
            share_ref: NodeRef::default(),
            results_ref: NodeRef::default(),
            run_ref: NodeRef::default(),
            reveal_results: false,
            keep_address: false,
            pretrained: Pretrained::None,
            embed: EmbedOptions::default(),
            host: None,
            embed_dialog: false,
            focus_tab: false,
            host_ready: false,
            stories: Rc::new(stories::of_lab(L::ID)),
            story: None,
            _lab: PhantomData,
        };
        page.session.total = L::units(&page.form.exp);
        page.open_route(ctx, true);
        page
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        if ctx.props().nav != old.nav || ctx.props().fragment != old.fragment {
            self.open_route(ctx, false);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        if matches!(
            msg,
            Msg::Preset(_)
                | Msg::Edit(_)
                | Msg::Field(..)
                | Msg::NewSeed
                | Msg::ApplyJson
                | Msg::LlmEdit(_)
        ) {
            // The student edits: the address follows the settings again.
            self.keep_address = false;
        }
        match msg {
            Msg::Preset(name) => {
                let found = self.presets.iter().find(|p| p.name == name);
                if let Some(e) = found.and_then(|p| L::unwrap(p.experiment.clone())) {
                    self.replace_experiment(ctx, e);
                    self.offer_pretrained(ctx);
                }
            }
            Msg::Edit(edit) => match L::edit(&mut self.form, edit) {
                Edited::Nothing => {}
                Edited::Changed => self.after_change(ctx),
                Edited::Replaced => {
                    let exp = self.form.exp.clone();
                    self.replace_experiment(ctx, exp);
                }
            },
            Msg::Field(id, text) => {
                match L::apply_field(&mut self.form.exp, &id, &text) {
                    Ok(()) => self.form.field_errors.remove(&id),
                    Err(e) => self.form.field_errors.insert(id.clone(), e),
                };
                self.form.drafts.insert(id, text);
                self.after_change(ctx);
            }
            Msg::NewSeed => {
                // A short seed people can read aloud; any u64 is accepted.
                let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
                L::set_seed(&mut self.form.exp, seed);
                self.form.drafts.remove("seed");
                self.form.field_errors.remove("seed");
                self.after_change(ctx);
            }
            Msg::JsonText(t) => {
                self.json_text = t;
                self.json_dirty = true;
            }
            Msg::ApplyJson => match Experiment::from_json(&self.json_text).map(L::unwrap) {
                Ok(Some(e)) => {
                    self.json_error = None;
                    self.replace_experiment(ctx, e);
                }
                Ok(None) => {
                    self.json_error = Some(format!(
                        "This is an experiment of another lab, not one of the {} lab.",
                        crate::labs::find(L::ID).map_or(L::ID, |l| l.nav)
                    ))
                }
                Err(e) => self.json_error = Some(e.to_string()),
            },
            Msg::ResetJson => {
                self.json_dirty = false;
                self.json_error = None;
                self.json_text = L::wrap(self.form.exp.clone()).to_json_pretty();
            }
            Msg::Run => self.start_run(ctx, false),
            Msg::Pause => self.session.pause(),
            Msg::Resume => self.session.resume(self.settings.speed),
            Msg::Step => self.step(ctx),
            Msg::Cancel => self.session.cancel(),
            Msg::Reset => self.reset(),
            Msg::Speed(s) => {
                self.settings.speed = s;
                storage::save_settings(&self.settings);
                self.session.set_speed(s);
            }
            Msg::Workers(n) => {
                // Used by the next run.
                self.settings.workers = n;
                storage::save_settings(&self.settings);
            }
            Msg::Worker(gen, m) => {
                let update = self.session.on_message(gen, m);
                let render = match update {
                    Update::Ignore => false,
                    Update::Render => true,
                    Update::Results(json) => {
                        self.set_results(json);
                        true
                    }
                };
                if render {
                    self.post_run_event();
                }
                return render;
            }
            Msg::View(m) => {
                L::view_update(&mut self.view, &mut self.settings, m);
                storage::save_settings(&self.settings);
                self.rebuild_charts();
            }
            Msg::Tab(t) => self.tab = t,
            Msg::TabKey(key) => {
                let tabs = self.tabs();
                let i = tabs.iter().position(|(t, _)| *t == self.tab).unwrap_or(0);
                let n = tabs.len();
                let next = match key.as_str() {
                    "ArrowRight" | "ArrowDown" => (i + 1) % n,
                    "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
                    "Home" => 0,
                    "End" => n - 1,
                    _ => return false,
                };
                self.tab = tabs[next].0;
                self.focus_tab = true;
            }
            Msg::CopyLink => {
                self.copy_status = None;
                copy_text(
                    self.share_url(),
                    &self.share_ref,
                    ctx.link().callback(Msg::Copied),
                );
            }
            Msg::Copied(s) => self.copy_status = Some(s),
            Msg::DismissBanner => self.banner = None,
            Msg::ExportCsv => self.export_csv(),
            Msg::ExportJson => self.export_json(),
            Msg::LlmEdit(e) => {
                if let Some(x) = L::unwrap(e) {
                    self.form.exp = x;
                    self.after_change(ctx);
                }
            }
            Msg::LlmRecorded(e) => {
                if let Some(x) = L::unwrap(e) {
                    self.replace_experiment(ctx, x);
                    self.start_run(ctx, false);
                }
            }
            Msg::Pretrained(preset, got) => self.show_pretrained(preset, got),
            Msg::Host(origin, request) => {
                let result = match request.command {
                    Ok(command) => self.host_command(ctx, command),
                    Err(e) => Err(e),
                };
                if let Some(h) = &self.host {
                    h.post_to(&origin, &api::reply(&request.id, result));
                }
            }
            Msg::Embed(open) => self.embed_dialog = open,
            Msg::StoryStart(name) => {
                if let Some(s) = self.stories.iter().find(|s| s.name == name) {
                    self.open_story(ctx, Rc::new(s.clone()), 0);
                }
            }
            Msg::StoryGo(index) => {
                if let Some(s) = self.story.as_ref().map(|at| at.story.clone()) {
                    self.open_story(ctx, s, index);
                }
            }
            Msg::StoryClose => {
                self.story = None;
                self.write_address_bar(ctx);
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let banner = self.banner.as_ref().map(|m| {
            html! { <ErrorBanner message={m.clone()} on_dismiss={link.callback(|_| Msg::DismissBanner)} /> }
        });
        let exp = &self.form.exp;
        let can_run = self.form.can_run();
        let settings = SettingsView {
            form: &self.form,
            embed: &self.embed,
            on_edit: link.callback(Msg::Edit),
            on_field: link.callback(|(id, text)| Msg::Field(id, text)),
            on_new_seed: link.callback(|_| Msg::NewSeed),
        };
        let shown = |id: &str| self.embed.shown(id);
        // A locked part sits in a disabled fieldset: the browser disables every input in it.
        let part = |id: &str, body: Html| match shown(id) {
            Shown::Hidden => html! {},
            Shown::Locked => {
                html! { <fieldset class="bare" data-control={id.to_string()} disabled=true>{ body }</fieldset> }
            }
            Shown::Visible => body,
        };
        let settings_panel = part(
            "settings",
            html! {
                <>
                { part("presets", html! {
                    <PresetPicker presets={self.presets.clone()} current={L::wrap(exp.clone())}
                        on_pick={link.callback(Msg::Preset)} />
                }) }
                { L::settings(&settings) }
                { part("json", html! {
                    <JsonEditor text={self.json_text.clone()} dirty={self.json_dirty}
                        error={self.json_error.clone().map(AttrValue::from)}
                        hint={L::json_hint().map(AttrValue::from)}
                        on_input={link.callback(Msg::JsonText)}
                        on_apply={link.callback(|_| Msg::ApplyJson)}
                        on_revert={link.callback(|_| Msg::ResetJson)} />
                }) }
                </>
            },
        );
        let no_settings = shown("settings") == Shown::Hidden;
        html! {
            <div class={classes!("lab", format!("lab-{}", L::ID))}>
                { for banner }
                <header class="lab-head">{ L::head() }</header>
                if self.story.is_none() { { self.view_story(ctx) } }
                <div class={classes!("lab-grid", no_settings.then_some("no-settings"), self.story.is_some().then_some("with-story"))}>
                    if self.story.is_some() { { self.view_story(ctx) } }
                    if !no_settings {
                        <aside class="panel config-panel" aria-label="Experiment settings">
                            <h2 class="panel-title">{"Settings"}</h2>
                            { settings_panel }
                        </aside>
                    }
                    <section class="lab-main" aria-label="Run and results">
                        if L::has_llm(exp) && shown("llm") != Shown::Hidden {
                            <div class="lab-llm">
                                <LlmPanel experiment={Rc::new(L::wrap(exp.clone()))}
                                    on_edit={link.callback(Msg::LlmEdit)}
                                    on_recorded={link.callback(Msg::LlmRecorded)} />
                            </div>
                        }
                        <div class="panel run-panel" ref={self.run_ref.clone()}>
                            if shown("runbar") != Shown::Hidden {
                                <RunBar
                                    state={self.session.run.clone()}
                                    done={self.session.done}
                                    total={self.session.total}
                                    unit={L::unit(self.ran_exp.as_ref().unwrap_or(exp))}
                                    can_run={can_run}
                                    speed={self.settings.speed}
                                    workers={self.settings.workers}
                                    auto_workers={crate::labs::session::pool_size(0)}
                                    on_workers={link.callback(Msg::Workers)}
                                    on_run={link.callback(|_| Msg::Run)}
                                    on_pause={link.callback(|_| Msg::Pause)}
                                    on_resume={link.callback(|_| Msg::Resume)}
                                    on_step={link.callback(|_| Msg::Step)}
                                    on_reset={link.callback(|_| Msg::Reset)}
                                    on_cancel={link.callback(|_| Msg::Cancel)}
                                    on_speed={link.callback(Msg::Speed)}
                                />
                            }
                            { self.view_run_messages() }
                            if shown("share") != Shown::Hidden {
                                { self.view_digest() }
                                <ShareBox url={if can_run { self.share_url() } else { String::new() }}
                                    enabled={can_run} with_digest={self.share_digest().is_some()}
                                    copy_status={self.copy_status.clone()}
                                    on_copy={link.callback(|_| Msg::CopyLink)} input_ref={self.share_ref.clone()} />
                            }
                            if !ctx.props().embed {
                                <div class="button-row embed-row">
                                    <button type="button" class="btn" data-testid="embed-open"
                                        disabled={!can_run} onclick={link.callback(|_| Msg::Embed(true))}>
                                        {"Embed in a course page…"}
                                    </button>
                                </div>
                            }
                        </div>
                        { self.view_tabs(ctx) }
                    </section>
                </div>
                if self.embed_dialog && can_run {
                    <EmbedDialog title={crate::labs::find(L::ID).map_or(L::ID, |l| l.title)}
                        base={page_base()}
                        fragment={self.story_fragment()}
                        controls={Self::controls()}
                        initial={self.embed.clone()}
                        on_close={link.callback(|_| Msg::Embed(false))} />
                }
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.reveal_results) {
            reveal(&self.run_ref, &self.results_ref);
        }
        if std::mem::take(&mut self.focus_tab) {
            let tab = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", self.tab)));
            if let Some(t) = tab.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = t.focus();
            }
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        // Dropping the session terminates its worker.
        self.session = RunSession::default();
    }
}

/// When the results start in the lower half of the window (a phone, an iframe), scroll so the
/// run bar is at the top with the results under it; if the run bar is too tall for that, so
/// the results are at the top.
fn reveal(run: &NodeRef, results: &NodeRef) {
    let (Some(run), Some(results), Some(w)) = (
        run.cast::<web_sys::Element>(),
        results.cast::<web_sys::Element>(),
        web_sys::window(),
    ) else {
        return;
    };
    let height = w
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    // A sticky header covers the top of the window.
    let header = w
        .document()
        .and_then(|d| d.query_selector(".topbar").ok().flatten())
        .map_or(0.0, |t| t.get_bounding_client_rect().bottom().max(0.0));
    let results_top = results.get_bounding_client_rect().top();
    if results_top < 0.0 || results_top <= header + 0.5 * (height - header) {
        return;
    }
    let margin = 8.0;
    let mut by = run.get_bounding_client_rect().top() - header - margin;
    if results_top - by > header + 0.7 * (height - header) {
        by = results_top - header - margin;
    }
    if by > 0.0 {
        w.scroll_by_with_x_and_y(0.0, by);
    }
}

impl<L: LabUi> LabPage<L> {
    /// Load what the route asks for: a link (`x=`), a preset (`preset=`), or on first load the
    /// last experiment (else the default).
    fn open_route(&mut self, ctx: &Context<Self>, first: bool) {
        let problems = self.read_embed_options(ctx);
        let opened = self.open_experiment(ctx, first);
        // What the link says of the controls, beside what it says of the experiment.
        if let Some(p) = problems {
            self.banner = Some(match self.banner.take() {
                Some(b) => format!("{b} {p}"),
                None => p,
            });
        }
        if first {
            self.post_event(
                "ready",
                json!({"lab": L::ID, "version": env!("CARGO_PKG_VERSION"), "experiment": self.experiment_value()}),
            );
            self.host_ready = true;
        }
        if opened {
            // A link starts its run before the host hears of it: say so.
            self.post_run_event();
        }
    }

    /// Read what the link hides and locks, and listen to the host pages it allows; what could
    /// not be read, in words.
    fn read_embed_options(&mut self, ctx: &Context<Self>) -> Option<String> {
        let (_, params) = link::fragment_params(&ctx.props().fragment);
        let (options, problems) = EmbedOptions::parse(&params, &Self::controls());
        if self.host.as_ref().map(|h| h.origins()) != Some(options.origins.as_slice()) {
            self.host = options
                .api()
                .then(|| {
                    HostLink::listen(
                        options.origins.clone(),
                        ctx.link()
                            .callback(|(origin, request)| Msg::Host(origin, request)),
                    )
                })
                .flatten();
        }
        self.embed = options;
        (!problems.is_empty()).then(|| problems.join(" "))
    }

    /// Every control a link may hide or lock: the page's, the lab's groups, its extra tabs.
    pub(crate) fn controls() -> Vec<Control> {
        crate::embed::options::PAGE_CONTROLS
            .iter()
            .chain(L::GROUPS)
            .copied()
            .chain(
                L::extra_tabs()
                    .iter()
                    .map(|(id, label)| Control::part(id, label)),
            )
            .collect()
    }

    /// Load the experiment the route asks for; true when a link's run started.
    fn open_experiment(&mut self, ctx: &Context<Self>, first: bool) -> bool {
        let fragment = ctx.props().fragment.clone();
        let mut story_problem = None;
        self.story = None;
        match story::read(&fragment, L::ID) {
            Some(Ok((s, index))) => {
                if route::UrlState::parse(&fragment).experiment.is_none() {
                    // The step's own experiment.
                    return self.open_story(ctx, Rc::new(s), index);
                }
                // A changed experiment at this step: the link's experiment, told by the step.
                match s.experiment_at(index).ok().and_then(L::unwrap) {
                    Some(exp) => {
                        self.story = Some(StoryAt {
                            story: Rc::new(s),
                            index,
                            exp,
                        })
                    }
                    None => {
                        story_problem = Some(format!(
                            "The story \"{}\" cannot open step {}.",
                            s.title,
                            index + 1
                        ))
                    }
                }
            }
            Some(Err(message)) => story_problem = Some(message),
            None => {}
        }
        let opened = self.open_route_experiment(ctx, first);
        if let Some(p) = story_problem {
            self.banner = Some(match self.banner.take() {
                Some(b) => format!("{b} {p}"),
                None => p,
            });
        }
        opened
    }

    /// Load the experiment of a link, a preset or the last session; true when a link's run
    /// started.
    fn open_route_experiment(&mut self, ctx: &Context<Self>, first: bool) -> bool {
        match route::read(&ctx.props().fragment, &self.presets, L::unwrap) {
            Opening::Link {
                experiment,
                expected,
                warning,
            } => {
                // A link with a damaged digest stays in the address bar, as it was opened.
                self.keep_address = warning.is_some();
                self.banner = warning;
                self.replace_experiment(ctx, experiment.clone());
                self.expected = expected.map(|d| (experiment, d));
                // A link is an experiment to reproduce: run it.
                self.start_run(ctx, false);
                return true;
            }
            Opening::BadLink {
                message,
                load_default,
            } => {
                self.banner = Some(message);
                // The damaged link stays in the address bar, to be read or fixed.
                self.keep_address = true;
                if load_default {
                    self.replace_experiment(ctx, L::default_experiment());
                }
                return false;
            }
            Opening::Preset(e) => {
                self.replace_experiment(ctx, e);
                self.offer_pretrained(ctx);
                return false;
            }
            Opening::Nothing { message } => {
                if message.is_some() {
                    self.banner = message;
                }
            }
        }
        if first {
            let stored = storage::load_experiment(L::ID)
                .and_then(L::unwrap)
                .unwrap_or_else(L::default_experiment);
            self.replace_experiment(ctx, stored);
        } else {
            // Same experiment, but the address bar lost it: write it back.
            self.write_address_bar(ctx);
        }
        false
    }

    /// If the experiment is a preset that ships pre-trained results, fetch them to show at
    /// once (unless a run is going on: its results stay).
    fn offer_pretrained(&mut self, ctx: &Context<Self>) {
        if self.session.run.active() {
            return;
        }
        let found = self.presets.iter().find(|p| {
            pretrained::has_file(p.name)
                && L::unwrap(p.experiment.clone()).as_ref() == Some(&self.form.exp)
        });
        let Some(name) = found.map(|p| p.name.to_string()) else {
            return;
        };
        self.pretrained = Pretrained::Loading(name.clone());
        let link = ctx.link().clone();
        wasm_bindgen_futures::spawn_local(async move {
            let got = pretrained::fetch(name.clone()).await;
            link.send_message(Msg::Pretrained(name, got));
        });
    }

    /// Show a preset's pre-trained results, if they still belong to the settings and no run
    /// has started since they were asked for.
    fn show_pretrained(
        &mut self,
        preset: String,
        got: Result<agora_engine::experiment::ResultsDocument, String>,
    ) {
        if self.pretrained != Pretrained::Loading(preset.clone()) || self.session.run.active() {
            return;
        }
        let doc = got.and_then(|doc| match L::unwrap(doc.experiment.clone()) {
            Some(e) if e == self.form.exp => Ok((e, doc)),
            _ => Err("the file holds another experiment than this preset".into()),
        });
        match doc {
            Ok((exp, doc)) => {
                self.clear_results();
                self.ran_exp = Some(exp);
                self.session
                    .show_finished(doc.digest.clone(), L::units(&self.form.exp));
                self.set_results(doc.lab_json());
                self.pretrained = Pretrained::Shown {
                    preset,
                    digest: doc.digest,
                };
            }
            Err(message) => self.pretrained = Pretrained::Failed { preset, message },
        }
    }

    /// Replace the whole experiment (preset, link, JSON): the form forgets what was typed.
    fn replace_experiment(&mut self, ctx: &Context<Self>, exp: L::Exp) {
        self.form.exp = exp;
        // A reproduction check belongs to the link that set it up, pre-trained results to
        // the preset.
        self.expected = None;
        self.pretrained = Pretrained::None;
        self.form.drafts.clear();
        self.form.field_errors.clear();
        self.json_dirty = false;
        self.json_error = None;
        self.after_change(ctx);
    }

    /// After any change of the experiment: validate, remember, update the address bar and
    /// the JSON box.
    fn after_change(&mut self, ctx: &Context<Self>) {
        let exp = &self.form.exp;
        self.form.valid = L::validate(exp);
        if self.form.valid.is_ok() {
            if *self.valid_exp != *exp {
                self.valid_exp = Rc::new(exp.clone());
            }
            // An embedded lab leaves the experiment the visitor keeps in the full app alone.
            if !ctx.props().embed {
                storage::save_experiment(&L::wrap(exp.clone()));
            }
            self.write_address_bar(ctx);
        }
        if !self.json_dirty {
            self.json_text = L::wrap(self.form.exp.clone()).to_json_pretty();
        }
        if matches!(&self.expected, Some((e, _)) if *e != self.form.exp) {
            self.expected = None;
        }
        if !self.session.run.active() && self.ran_exp.is_none() {
            self.session.total = L::units(&self.form.exp);
        }
        self.copy_status = None;
        // The host hears of changes from its `ready` on (the experiment a link opens is in it).
        if self.host.is_some() && self.host_ready {
            let error = self
                .form
                .valid
                .as_ref()
                .err()
                .map(|e| json!({"field": e.field, "message": L::describe_error(e)}));
            self.post_event(
                "changed",
                json!({"experiment": self.experiment_value(), "error": error}),
            );
        }
    }

    /// Open step `index` of `story`: its tab, its experiment, and its run (or its pre-trained
    /// results); true when a run started.
    fn open_story(&mut self, ctx: &Context<Self>, story: Rc<Story>, index: usize) -> bool {
        let index = index.min(story.steps.len().saturating_sub(1));
        let Some(exp) = story.experiment_at(index).ok().and_then(L::unwrap) else {
            self.banner = Some(format!(
                "The story \"{}\" cannot open step {}: its experiment is not one this version reads.",
                story.title,
                index + 1
            ));
            return false;
        };
        let step = &story.steps[index];
        if let Some(tab) = step.tab.as_deref() {
            if let Some((id, _)) = self.tabs().into_iter().find(|(id, _)| *id == tab) {
                self.tab = id;
            }
        }
        let run = step.run;
        self.story = Some(StoryAt {
            story,
            index,
            exp: exp.clone(),
        });
        self.keep_address = false;
        if self.session.run.active() {
            self.session.cancel();
        }
        self.replace_experiment(ctx, exp);
        self.offer_pretrained(ctx);
        if run && self.pretrained == Pretrained::None {
            let tab = self.tab;
            self.start_run(ctx, false);
            // A step looks at the tab it names, and the student reads the step before
            // looking at the results.
            self.tab = tab;
            self.reveal_results = false;
            return true;
        }
        false
    }

    /// Where the address is in the story, if one is being told (`query`: its keys).
    fn story_place<'a>(&self, query: Option<&'a str>) -> Option<route::StoryPlace<'a>> {
        let at = self.story.as_ref()?;
        Some(route::StoryPlace {
            query: query?,
            edited: at.exp != self.form.exp,
        })
    }

    /// The fragment of the experiment, at the story's step if one is being told (for the
    /// Embed dialog and the story's own link): no digest, no embed options.
    fn story_fragment(&self) -> String {
        let query = self
            .story
            .as_ref()
            .map(|at| story::query(&at.story, at.index));
        route::fragment(
            &L::wrap(self.form.exp.clone()),
            false,
            &EmbedOptions::default(),
            self.story_place(query.as_deref()),
        )
    }

    /// The story panel while a story is told, else the list of the lab's stories (not in an
    /// embedded lab: a course page chooses its story by its link).
    fn view_story(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        match &self.story {
            Some(at) => html! {
                <StoryPanel story={at.story.clone()} index={at.index}
                    edited={at.exp != self.form.exp}
                    link={format!("{}{}", page_base(), self.story_fragment())}
                    embedded={ctx.props().embed}
                    on_go={link.callback(Msg::StoryGo)}
                    on_close={link.callback(|_| Msg::StoryClose)} />
            },
            None if !ctx.props().embed => html! {
                <StoryList stories={self.stories.clone()} on_start={link.callback(Msg::StoryStart)} />
            },
            None => html! {},
        }
    }

    fn write_address_bar(&self, ctx: &Context<Self>) {
        if self.form.valid.is_err() || self.keep_address {
            return;
        }
        let query = self
            .story
            .as_ref()
            .map(|at| story::query(&at.story, at.index));
        let frag = route::fragment(
            &L::wrap(self.form.exp.clone()),
            ctx.props().embed,
            &self.embed,
            self.story_place(query.as_deref()),
        );
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&frag));
        }
    }

    fn clear_results(&mut self) {
        self.results = None;
        self.results_json = None;
        self.charts = None;
        self.ran_exp = None;
        self.session.clear(L::units(&self.form.exp));
    }

    /// Start a fresh run of the current settings (`paused`: run one unit, then wait), and
    /// show its results.
    fn start_run(&mut self, ctx: &Context<Self>, paused: bool) {
        if !self.form.can_run() {
            return;
        }
        // Training a pre-trained preset again: check the run reproduces the file's digest.
        if let Pretrained::Shown { digest, .. } = std::mem::take(&mut self.pretrained) {
            if self.expected.is_none() && self.ran_exp.as_ref() == Some(&self.form.exp) {
                self.expected = Some((self.form.exp.clone(), digest));
            }
        }
        self.clear_results();
        self.ran_exp = Some(self.form.exp.clone());
        self.tab = RESULTS_TAB;
        self.reveal_results = true;
        let link = ctx.link().clone();
        self.session.start(
            move |gen| link.callback(move |m: FromWorker| Msg::Worker(gen, m)),
            L::wrap(self.form.exp.clone()).to_json(),
            L::units(&self.form.exp),
            self.settings.speed,
            paused,
        );
    }

    fn set_results(&mut self, json: String) {
        match serde_json::from_str::<L::Results>(&json) {
            Ok(r) => {
                self.results = Some(Rc::new(r));
                self.results_json = Some(Rc::from(json.as_str()));
                self.rebuild_charts();
            }
            Err(e) => self.session.fail(format!(
                "The results could not be read ({e}). Reload the page and try again."
            )),
        }
    }

    fn rebuild_charts(&mut self) {
        self.chart_version += 1;
        self.charts = self
            .results
            .as_ref()
            .map(|r| L::charts(r, self.ran_exp.as_ref(), &self.settings, &self.view));
    }

    /// The digest to put in the share link: only for a finished run of the current settings.
    fn share_digest(&self) -> Option<&str> {
        match (&self.session.run, &self.ran_exp, &self.session.digest) {
            (RunState::Done, Some(e), Some(d)) if *e == self.form.exp => Some(d.as_str()),
            _ => None,
        }
    }

    fn share_url(&self) -> String {
        link::encode_url(
            &page_base(),
            &L::wrap(self.form.exp.clone()),
            self.share_digest(),
        )
    }

    fn export_name(&self, what: &str, ext: &str) -> String {
        let id = L::ID;
        match &self.session.digest {
            Some(d) => format!("agora-{id}-{what}-{d}.{ext}"),
            None => format!("agora-{id}-{what}-partial.{ext}"),
        }
    }

    fn export_csv(&mut self) {
        if let Some(r) = &self.results {
            let (csv, what) = L::csv(r);
            if let Err(e) =
                crate::download::save_text(&self.export_name(what, "csv"), "text/csv", &csv)
            {
                self.banner = Some(format!("The CSV file could not be saved: {e}"));
            }
        }
    }

    fn export_json(&mut self) {
        if let (Some(exp), Some(json)) = (&self.ran_exp, &self.results_json) {
            let text =
                results_export_json(&L::wrap(exp.clone()), self.session.digest.as_deref(), json);
            if let Err(e) = crate::download::save_text(
                &self.export_name("results", "json"),
                "application/json",
                &text,
            ) {
                self.banner = Some(format!("The JSON file could not be saved: {e}"));
            }
        }
    }

    /// The experiment being edited, as a JSON value (the host API's form).
    fn experiment_value(&self) -> Value {
        serde_json::from_str(&L::wrap(self.form.exp.clone()).to_json()).unwrap_or(Value::Null)
    }

    /// The run's state, as `getState` and the run events report it.
    fn state_value(&self) -> Value {
        let (state, error) = match &self.session.run {
            RunState::Idle => ("idle", None),
            RunState::Running => ("running", None),
            RunState::Paused => ("paused", None),
            RunState::Done => ("done", None),
            RunState::Cancelled => ("cancelled", None),
            RunState::Failed(m) => ("failed", Some(m.clone())),
        };
        json!({
            "lab": L::ID,
            "state": state,
            "done": self.session.done,
            "total": self.session.total,
            "unit": L::unit(self.ran_exp.as_ref().unwrap_or(&self.form.exp)),
            "digest": self.session.digest,
            "error": error,
        })
    }

    /// Post an event to the host pages the link allows.
    fn post_event(&self, name: &str, fields: Value) {
        if let Some(h) = &self.host {
            h.broadcast(&api::event(name, fields));
        }
    }

    /// Tell the host pages where the run is: progress, the finished results with their
    /// digest, or the error that stopped it.
    fn post_run_event(&self) {
        let Some(h) = &self.host else {
            return;
        };
        match (&self.session.run, &self.ran_exp, &self.session.digest) {
            (RunState::Done, Some(exp), Some(digest)) => {
                let Some(json) = &self.results_json else {
                    return;
                };
                let reproduced = match &self.expected {
                    Some((e, expected)) if e == exp => Some(expected == digest),
                    _ => None,
                };
                let doc = results_export_json(&L::wrap(exp.clone()), Some(digest), json);
                h.broadcast(&api::finished(digest, reproduced, &doc));
            }
            (RunState::Failed(message), _, _) => {
                h.broadcast(&api::event("error", json!({"message": message})));
            }
            (RunState::Running | RunState::Paused, _, _) => {
                h.broadcast(&api::event("progress", self.state_value()));
            }
            _ => {}
        }
    }

    /// Carry out a command of the host page; the value is the reply's.
    fn host_command(&mut self, ctx: &Context<Self>, command: Command) -> Result<Value, String> {
        match command {
            Command::GetState => {}
            Command::GetExperiment => return Ok(self.experiment_value()),
            Command::SetExperiment(text) => {
                let exp = Experiment::from_json(&text).map_err(|e| e.to_string())?;
                let exp = L::unwrap(exp).ok_or_else(|| {
                    format!(
                        "This is an experiment of another lab, not one of the {} lab.",
                        crate::labs::find(L::ID).map_or(L::ID, |l| l.nav)
                    )
                })?;
                L::validate(&exp).map_err(|e| format!("{}: {}", e.field, L::describe_error(&e)))?;
                self.keep_address = false;
                self.replace_experiment(ctx, exp);
            }
            Command::Run | Command::Step => {
                if !self.form.can_run() && !self.session.run.active() {
                    let why = match &self.form.valid {
                        Err(e) => format!("{}: {}", e.field, L::describe_error(e)),
                        Ok(()) => "a settings field does not parse.".into(),
                    };
                    return Err(format!("The settings cannot run: {why}"));
                }
                if command == Command::Run {
                    self.start_run(ctx, false);
                } else {
                    self.step(ctx);
                }
                if let RunState::Failed(m) = &self.session.run {
                    return Err(m.clone());
                }
            }
            Command::Pause => self.session.pause(),
            Command::Resume => self.session.resume(self.settings.speed),
            Command::Reset => self.reset(),
            Command::GetResults => {
                let (Some(exp), Some(json)) = (&self.ran_exp, &self.results_json) else {
                    return Err("There are no results yet: send run first.".into());
                };
                let doc = results_export_json(
                    &L::wrap(exp.clone()),
                    self.session.digest.as_deref(),
                    json,
                );
                return serde_json::from_str(&doc).map_err(|e| e.to_string());
            }
        }
        Ok(self.state_value())
    }

    /// One more unit of a paused run, or a new run paused after its first unit.
    fn step(&mut self, ctx: &Context<Self>) {
        if !self.session.step() && !self.session.run.active() {
            self.start_run(ctx, true);
        }
    }

    /// Stop any run and forget its results.
    fn reset(&mut self) {
        self.pretrained = Pretrained::None;
        self.session.reset(L::units(&self.form.exp));
        self.clear_results();
    }

    fn view_digest(&self) -> Html {
        let Some(digest) = &self.session.digest else {
            return html! {};
        };
        let expected = match (&self.expected, &self.ran_exp) {
            (Some((e, expected)), Some(ran)) if e == ran => Some(AttrValue::from(expected.clone())),
            _ => None,
        };
        html! {
            <DigestBox digest={digest.clone()} stats={self.session.stats.clone()} expected={expected} />
        }
    }

    fn view_run_messages(&self) -> Html {
        let failed = match &self.session.run {
            RunState::Failed(m) => Some(html! {
                <p class="msg error" role="alert" data-testid="run-error">{ m.clone() }</p>
            }),
            _ => None,
        };
        let invalid = (!self.form.can_run()).then(|| {
            let text = match (&self.form.valid, self.form.field_errors.is_empty()) {
                (_, false) => "Fix the highlighted settings to run.".to_string(),
                (Err(e), true) => format!("Cannot run yet: {}", L::describe_error(e)),
                (Ok(()), true) => String::new(),
            };
            html! { <p class="msg warn" data-testid="config-invalid">{ text }</p> }
        });
        let stale = (self.ran_exp.is_some()
            && self.ran_exp.as_ref() != Some(&self.form.exp)
            && !self.session.run.active())
        .then(|| {
            html! {
                <p class="msg note" data-testid="results-stale">
                    {"The settings changed since this run: the results below are for the previous settings. Press Run to update them."}
                </p>
            }
        });
        let pretrained = match &self.pretrained {
            Pretrained::Shown { .. } if self.ran_exp.as_ref() != Some(&self.form.exp) => html! {},
            p => pretrained::view(p, &L::wrap(self.form.exp.clone())),
        };
        html! { <>{ for failed }{ for invalid }{ pretrained }{ for stale }</> }
    }

    fn view_tabs(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let tab = |id: &'static str, label: &'static str| {
            let selected = self.tab == id;
            // Roving focus (WAI-ARIA tabs): the selected tab is the list's one Tab stop.
            html! {
                <button type="button" role="tab" class={classes!("tab", selected.then_some("active"))}
                    id={format!("tab-{id}")} data-testid={format!("tab-{id}")}
                    aria-selected={if selected { "true" } else { "false" }}
                    tabindex={if selected { "0" } else { "-1" }}
                    aria-controls="tab-panel"
                    onclick={link.callback(move |_| Msg::Tab(id))}
                    onkeydown={link.batch_callback(|e: KeyboardEvent| {
                        let key = e.key();
                        matches!(key.as_str(), "ArrowRight" | "ArrowLeft" | "ArrowDown" | "ArrowUp" | "Home" | "End")
                            .then(|| {
                                e.prevent_default();
                                Msg::TabKey(key)
                            })
                    })}>{ label }</button>
            }
        };
        let body = if self.tab == RESULTS_TAB {
            self.view_results(ctx)
        } else {
            html! {
                <>
                if !self.form.can_run() {
                    <p class="msg warn">{"These views use the last valid settings; fix the settings to use your changes."}</p>
                }
                { L::extra_tab(self.tab, &self.valid_exp, self.ran()) }
                </>
            }
        };
        html! {
            <div class="panel results-panel" ref={self.results_ref.clone()}>
                <div class="tabs" role="tablist" aria-label="Views">
                    { for self.tabs().into_iter().map(|(id, label)| tab(id, label)) }
                </div>
                <div id="tab-panel" role="tabpanel" aria-labelledby={format!("tab-{}", self.tab)}>{ body }</div>
            </div>
        }
    }

    /// The tabs shown, in order: (id, label).
    fn tabs(&self) -> Vec<(&'static str, &'static str)> {
        std::iter::once((RESULTS_TAB, "Results"))
            .chain(
                L::extra_tabs()
                    .iter()
                    .copied()
                    .filter(|(id, _)| !self.embed.hidden(id)),
            )
            .collect()
    }

    /// The latest results with the experiment they belong to.
    fn ran(&self) -> Option<Ran<'_, L>> {
        match (&self.ran_exp, &self.results) {
            (Some(exp), Some(results)) => Some(Ran { exp, results }),
            _ => None,
        }
    }

    fn view_results(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let (Some(r), Some(charts)) = (&self.results, &self.charts) else {
            return html! {
                <div class="empty-results" data-testid="results-empty">
                    { view_empty(&L::empty_results(), L::has_llm(&self.form.exp)) }
                </div>
            };
        };
        // An LLM run with no unit answered yet: what is recorded, what is missing, what to do.
        if self.session.done == 0 && L::has_llm(&self.form.exp) {
            return crate::labs::llm::no_replies_yet(&L::wrap(self.form.exp.clone()));
        }
        let view = ResultsView {
            results: r,
            charts,
            ran: self.ran_exp.as_ref(),
            exp: &self.form.exp,
            settings: &self.settings,
            view: &self.view,
            version: self.chart_version,
            on_view: link.callback(Msg::View),
        };
        html! {
            <div class="results" data-testid="results" data-mode={L::mode(r)}>
                { L::results(&view) }
                if !self.embed.hidden("exports") {
                <div class="button-row exports">
                    <button type="button" class="btn" data-testid="export-csv" onclick={link.callback(|_| Msg::ExportCsv)}>
                        {"Download CSV"}
                    </button>
                    <button type="button" class="btn" data-testid="export-json" onclick={link.callback(|_| Msg::ExportJson)}>
                        {"Download JSON"}
                    </button>
                    <span class="hint">{ L::export_hint() }</span>
                </div>
                }
            </div>
        }
    }
}

fn view_empty(t: &EmptyResults, llm: bool) -> Html {
    html! {
        <>
        if llm {
            <p>{"A language model plays here: press "}<strong>{"Ask the model"}</strong>{" in the LLM panel. When its replies are in, "}{ t.llm }</p>
        } else {
            <p>{"Press "}<strong>{"Run"}</strong>{" "}{ t.run }</p>
        }
        <p class="hint">{ t.hint }</p>
        </>
    }
}

/// The results document (`agora run` prints the same) from the experiment and the results
/// JSON as the worker wrote it (kept verbatim, so its numbers are those the digest was
/// computed from), tagged with the lab.
pub fn results_export_json(exp: &Experiment, digest: Option<&str>, results_json: &str) -> String {
    let tagged = agora_engine::experiment::tag_lab_json(exp.lab(), results_json);
    agora_engine::experiment::results_document(exp, digest, &tagged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_export_is_valid_and_keeps_results_verbatim() {
        let exp = Experiment::Bandits(agora_engine::bandits::presets::classic());
        let results_json = r#"{"horizon":3,"x":[0.1,1e-7]}"#;
        let text = results_export_json(&exp, Some("0123456789abcdef"), results_json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["digest"], "0123456789abcdef");
        assert_eq!(v["experiment"]["format"], 1);
        assert_eq!(v["experiment"]["lab"], "bandits");
        assert!(text.contains(r#""results": {"lab":"bandits","horizon":3,"x":[0.1,1e-7]}"#));
        let partial = results_export_json(&exp, None, results_json);
        let v: serde_json::Value = serde_json::from_str(&partial).unwrap();
        assert!(v["digest"].is_null());
    }

    /// The control names are part of the link format (docs/EMBEDDING.md): a released name
    /// keeps its meaning. Adding one is fine; renaming or removing one breaks teachers' links.
    #[test]
    fn control_names_are_pinned() {
        fn ids<L: LabUi>() -> Vec<&'static str> {
            LabPage::<L>::controls().iter().map(|c| c.id).collect()
        }
        let page = [
            "settings", "presets", "json", "runbar", "share", "exports", "llm",
        ];
        let with = |rest: &[&'static str]| page.iter().chain(rest).copied().collect::<Vec<_>>();
        use crate::labs::{bandits, games, metarl, tax};
        assert_eq!(
            ids::<bandits::BanditsUi>(),
            with(&["arms", "run", "policies", "watch", "play"])
        );
        assert_eq!(
            ids::<games::GamesUi>(),
            with(&["mode", "game", "players", "rules", "play"])
        );
        assert_eq!(
            ids::<metarl::MetarlUi>(),
            with(&["task", "training", "agents", "baselines", "watch", "play"])
        );
        assert_eq!(
            ids::<tax::TaxUi>(),
            with(&["economy", "workers", "schedule", "planning", "planners"])
        );
    }

    #[test]
    fn every_live_lab_has_presets() {
        for lab in crate::labs::LABS.iter().filter(|l| l.live) {
            assert!(!presets_of(lab.id).is_empty(), "{}", lab.id);
        }
    }
}
