//! The elections of an election planner: who stood on which platform, the votes, the winner,
//! and how the LLM workers voted against their own interest.

use agora_engine::tax::voting::ElectionResult;
use agora_engine::tax::TaxResults;
use yew::prelude::*;

/// Per election planner: how many elections each candidate won, and how often the LLM
/// workers voted for the platform that served them best.
pub fn summary(r: &TaxResults) -> Html {
    let rows: Vec<Html> = r
        .planners
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.elections.is_empty())
        .map(|(i, p)| {
            let e = &p.elections;
            let mut wins = vec![0usize; e[0].platforms.len()];
            for x in e {
                if let Some(w) = wins.get_mut(x.winner) {
                    *w += 1;
                }
            }
            let won: Vec<String> = e[0]
                .platforms
                .iter()
                .zip(&wins)
                .filter(|(_, &n)| n > 0)
                .map(|(c, n)| format!("{} {n}", c.label))
                .collect();
            let (agree, cast) = interest_votes(e);
            html! {
                <tr data-testid={format!("tax-elections-{i}")}>
                    <th scope="row" class="wrap">
                        <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span>
                        { p.label.clone() }
                    </th>
                    <td class="num">{ e.len() }</td>
                    <td>{ won.join(" · ") }</td>
                    <td class="num">{ if cast > 0 { format!("{agree} of {cast}") } else { "–".into() } }</td>
                </tr>
            }
        })
        .collect();
    if rows.is_empty() {
        return Html::default();
    }
    html! {
        <>
        <h3 class="section-title">{"Elections"}</h3>
        <p class="hint">{"At the start of every tax period the workers vote among the candidates' platforms; the winner's schedule holds until the next election. A classical worker votes for the platform that leaves it best off once the economy has settled under it; an LLM worker reads the platforms and votes as the model replies. Choose the election in \"One planner up close\" to see every ballot."}</p>
        <div class="table-wrap">
        <table class="results-table" data-testid="tax-elections">
            <thead><tr>
                <th scope="col">{"Planner"}</th>
                <th scope="col" class="num">{"Elections"}</th>
                <th scope="col">{"Won"}</th>
                <th scope="col" class="num">{"LLM votes for own interest"}</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
        </div>
        </>
    }
}

/// LLM votes cast for the voter's own interest, and LLM votes cast.
fn interest_votes(e: &[ElectionResult]) -> (usize, usize) {
    let mut agree = 0;
    let mut cast = 0;
    for x in e {
        for (v, i) in x.llm_votes.iter().zip(&x.llm_interests) {
            if let Some(v) = v {
                cast += 1;
                agree += usize::from(v == i);
            }
        }
    }
    (agree, cast)
}

/// Every election of planner `focus`: the votes per candidate, the winner, and each LLM
/// worker's vote beside its interest.
pub fn detail(r: &TaxResults, focus: usize) -> Html {
    let Some(e) = r.planners.get(focus).map(|p| &p.elections) else {
        return Html::default();
    };
    let Some(first) = e.first() else {
        return Html::default();
    };
    let llm = e.iter().any(|x| !x.llm_votes.is_empty());
    let name = |x: &ElectionResult, j: usize| {
        x.platforms
            .get(j)
            .map_or_else(|| format!("candidate {}", j + 1), |c| c.label.clone())
    };
    html! {
        <div class="table-wrap">
        <table class="results-table" data-testid="tax-election-detail">
            <caption>{"Every election: the votes for each platform and the winner"}</caption>
            <thead><tr>
                <th scope="col">{"Year"}</th>
                { for first.platforms.iter().map(|c| html! {
                    <th scope="col" class="num" title={rates_title(&c.rates)}>{ c.label.clone() }</th>
                }) }
                <th scope="col" class="num">{"Abstained"}</th>
                <th scope="col">{"Winner"}</th>
                if llm { <th scope="col" title="✓: the vote is for the platform that serves the worker best">{"LLM workers' votes (✓ its own interest)"}</th> }
            </tr></thead>
            <tbody>
            { for e.iter().enumerate().map(|(k, x)| {
                let total: u64 = x.votes.iter().sum::<u64>().max(1);
                html! {
                    <tr data-testid={format!("tax-election-{k}")}>
                        <th scope="row">{ x.year }</th>
                        { for x.votes.iter().enumerate().map(|(j, &n)| html! {
                            <td class={classes!("num", (j == x.winner).then_some("best"))}>
                                { format!("{n} ({:.0} %)", 100.0 * n as f64 / total as f64) }
                            </td>
                        }) }
                        <td class="num">{ x.abstained }</td>
                        <td>{ name(x, x.winner) }</td>
                        if llm {
                            <td class="llm-votes">{ for x.llm_votes.iter().zip(&x.llm_interests).enumerate().map(|(w, (v, i))| {
                                let vote = v.map_or_else(|| "abstained".to_string(), |v| name(x, v));
                                let text = if *v == Some(*i) {
                                    format!("{}: {vote} ✓", w + 1)
                                } else {
                                    format!("{}: {vote} (its interest: {})", w + 1, name(x, *i))
                                };
                                html! { <div>{ text }</div> }
                            }) }</td>
                        }
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
    }
}

/// A platform's rates, for the column's tooltip.
fn rates_title(rates: &[f64]) -> String {
    let r: Vec<String> = rates
        .iter()
        .map(|r| format!("{}", (r * 1000.0).round() / 10.0))
        .collect();
    format!("Rates by bracket: {} %", r.join(", "))
}
