//! The bandit lab's share link, result digest, run statistics and reproduction check (the
//! widgets are in [`crate::widgets::share`]).

use super::{BanditLab, Msg};
use crate::widgets::runbar::RunState;
use crate::widgets::share::{copy_text, page_base, DigestBox, ShareBox};
use agora_engine::experiment::Experiment;
use agora_engine::link;
use yew::prelude::*;

impl BanditLab {
    /// The digest to put in the share link: only for a finished run of the current settings.
    fn share_digest(&self) -> Option<&str> {
        match (&self.session.run, &self.ran_exp, &self.session.digest) {
            (RunState::Done, Some(e), Some(d)) if *e == self.exp => Some(d.as_str()),
            _ => None,
        }
    }

    pub(super) fn share_url(&self) -> String {
        link::encode_url(
            &page_base(),
            &Experiment::Bandits(self.exp.clone()),
            self.share_digest(),
        )
    }

    pub(super) fn copy_link(&mut self, ctx: &Context<Self>) {
        copy_text(
            self.share_url(),
            self.share_ref.cast::<web_sys::HtmlInputElement>(),
            ctx.link().callback(Msg::Copied),
        );
    }

    pub(super) fn view_share(&self, ctx: &Context<Self>) -> Html {
        let url = if self.can_run() {
            self.share_url()
        } else {
            String::new()
        };
        html! {
            <ShareBox url={url} enabled={self.can_run()} with_digest={self.share_digest().is_some()}
                copy_status={self.copy_status.clone()} on_copy={ctx.link().callback(|_| Msg::CopyLink)}
                input_ref={self.share_ref.clone()} />
        }
    }

    pub(super) fn view_digest(&self) -> Html {
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
}
