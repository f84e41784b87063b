//! A dismissable error banner (`data-testid="error-banner"`, `role="alert"`): for problems the
//! page recovered from, such as a damaged link.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub message: AttrValue,
    pub on_dismiss: Callback<()>,
}

#[function_component(ErrorBanner)]
pub fn error_banner(p: &ErrorBannerProps) -> Html {
    let dismiss = p.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="banner error" role="alert" data-testid="error-banner">
            <span class="banner-icon" aria-hidden="true">{"!"}</span>
            <p class="banner-text">{ p.message.clone() }</p>
            <button type="button" class="btn small ghost" data-testid="dismiss-error"
                aria-label="Dismiss this message" onclick={dismiss}>{"Dismiss"}</button>
        </div>
    }
}
