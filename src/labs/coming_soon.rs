//! The page of a lab that is still being built: what it will let you do, and nothing that
//! pretends to run.

use super::LabInfo;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    pub lab: &'static LabInfo,
}

#[function_component(ComingSoon)]
pub fn coming_soon(p: &ComingSoonProps) -> Html {
    let lab = p.lab;
    html! {
        <div class="lab coming-soon" data-testid={format!("page-{}", lab.id)}>
            <header class="lab-head">
                <p class="badge soon">{"Coming soon"}</p>
                <h1>{ lab.title }</h1>
                <p class="lead question">{ lab.question }</p>
            </header>
            <div class="panel prose">
                <p>{ lab.description }</p>
                <h2>{"What this lab will do"}</h2>
                <ul>
                    { for lab.plans.iter().map(|item| html! { <li>{ *item }</li> }) }
                </ul>
                <p class="hint">
                    {"Nothing runs here yet. Like every Agora lab, it will run entirely in your browser, and every experiment will be a link that reproduces it. Meanwhile, the "}
                    <a href="#/bandits">{"bandit lab"}</a>{" is complete."}
                </p>
            </div>
        </div>
    }
}
