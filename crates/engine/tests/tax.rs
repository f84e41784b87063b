//! The tax lab against its sources: the AI Economist's own Saez computation
//! (`data/aie-saez.json`, made by `scripts/aie-saez-fixture.py` with ai-economist 1.7.1),
//! the elasticity regression recovering 0.4, and the lab's runs (determinism, planners
//! against the oracle).

use agora_engine::experiment::Experiment;
use agora_engine::tax::planners::saez_data::smooth;
use agora_engine::tax::saez::{bin_rates, estimate_elasticity, Bins, Weights};
use agora_engine::tax::{presets, Mode, PlannerConfig, TaxExperiment};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("data/aie-saez.json")).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if w.is_nan() {
            assert!(
                g.is_nan(),
                "{what}[{i}]: {g} where the AI Economist has NaN"
            );
        } else {
            assert!((g - w).abs() <= tol, "{what}[{i}]: {g} vs {w}");
        }
    }
}

#[test]
fn saez_planner_matches_the_ai_economist_code() {
    let f = fixture();
    let cutoffs = floats(&f["params"]["bracket_cutoffs"]);
    let cases = f["cases"].as_array().unwrap();
    let by_name = |n: &str| cases.iter().find(|c| c["name"] == n).unwrap().clone();
    let bins = Bins::new(*cutoffs.last().unwrap());
    close(
        &bins.edges,
        &floats(&f["params"]["bin_edges"]),
        0.0,
        "bin edges",
    );
    let mut checked = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let src = match case["inputs_from"].as_str() {
            Some(other) => by_name(other),
            None => case.clone(),
        };
        let off = case["buffer_offset"].as_u64().unwrap() as usize;
        let incomes = floats(&src["fed_incomes"])[off..].to_vec();
        let rates = floats(&src["fed_rates"])[off..].to_vec();
        assert_eq!(incomes.len(), case["n_buffer"].as_u64().unwrap() as usize);
        let kw = &case["constructor_kwargs"];
        let weights = if kw["pareto_weight_type"] == "uniform" {
            Weights::Uniform
        } else {
            Weights::InverseIncome
        };
        let rate_max = kw["rate_max"].as_f64().unwrap_or(1.0);

        // Elasticity: the raw estimate and the first smoothed value.
        let el = &case["elasticity"];
        let est = estimate_elasticity(incomes.iter().copied().zip(rates.iter().copied()));
        assert_eq!(
            est.is_some(),
            el["regression_ran"].as_bool().unwrap(),
            "{name}"
        );
        if let Some(e) = est {
            assert!(
                (e - el["instant"].as_f64().unwrap()).abs() < 1e-9,
                "{name}: {e}"
            );
        }
        let first = smooth(est, 0.5, 0.98);
        assert!(
            (first - el["first_call"].as_f64().unwrap()).abs() < 1e-9,
            "{name}"
        );

        // Binning, G and a.
        let binned = bins.binned(&incomes, weights);
        let counts: Vec<f64> = binned.counts.iter().map(|&c| c as f64).collect();
        close(&counts, &floats(&case["histogram_counts"]), 0.0, name);
        assert_eq!(
            binned.below as u64,
            case["n_below"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            binned.above as u64,
            case["n_above"].as_u64().unwrap(),
            "{name}"
        );
        close(
            &binned.gz,
            &floats(&case["gz"]),
            1e-12,
            &format!("{name} gz"),
        );
        close(
            &binned.az,
            &floats(&case["az"]),
            1e-9,
            &format!("{name} az"),
        );

        // Bin rates and bracket rates, with the elasticity the planner used.
        let sch = &case["schedule"];
        let e = sch["elasticity"].as_f64().unwrap();
        let (raw, taus) = bin_rates(&binned, e);
        close(
            &raw,
            &floats(&sch["bin_rates_raw"]),
            1e-9,
            &format!("{name} raw"),
        );
        close(
            &taus,
            &floats(&sch["bin_rates"]),
            1e-9,
            &format!("{name} bins"),
        );
        let brackets = bins.bracketize(&taus, &cutoffs);
        close(
            &brackets,
            &floats(&sch["bracket_rates_unclipped"]),
            1e-9,
            name,
        );
        let clipped: Vec<f64> = brackets.iter().map(|r| r.clamp(0.0, rate_max)).collect();
        close(&clipped, &floats(&sch["bracket_rates"]), 1e-9, name);

        // Successive updates on the same buffer (case h): the smoothing's history.
        let mut elas = 0.5;
        for call in case["calls"].as_array().unwrap() {
            elas = smooth(est, elas, 0.98);
            assert!(
                (elas - call["elas_t"].as_f64().unwrap()).abs() < 1e-9,
                "{name}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 11);
}

#[test]
fn the_regression_recovers_elasticity_0_4() {
    // REFERENCES.md: z = 50 (1 - tau)^0.4 gives e = 0.4 exactly.
    let pairs: Vec<(f64, f64)> = (0..20)
        .map(|i| {
            let tau = i as f64 * 0.045;
            (50.0 * libm::pow(1.0 - tau, 0.4), tau)
        })
        .collect();
    let e = estimate_elasticity(pairs.iter().copied()).unwrap();
    assert!((e - 0.4).abs() < 1e-12, "{e}");
    // Too few pairs, or no variation in rates: no estimate.
    assert!(estimate_elasticity(pairs[..9].iter().copied()).is_none());
    assert!(estimate_elasticity((0..50).map(|i| (10.0 + i as f64, 0.25))).is_none());
}

#[test]
fn every_preset_validates_and_runs_the_same_twice() {
    for (name, _, _, cfg) in presets::all() {
        cfg.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        let exp = Experiment::Tax(cfg);
        if exp.has_llm() && exp.transcript().is_none_or(|t| t.is_empty()) {
            // Nothing recorded: it cannot run without a model (tests/tax_llm.rs runs the LLM
            // planner with replies written by hand).
            assert!(exp.run().is_err(), "{name}");
            continue;
        }
        let a = exp.run_on_threads(1).unwrap();
        let b = exp.run_on_threads(2).unwrap();
        assert_eq!(a.digest, b.digest, "{name}");
    }
}

fn small(planners: Vec<PlannerConfig>, mode: Mode) -> TaxExperiment {
    TaxExperiment {
        workers: 300,
        mode,
        planners,
        ..presets::compare()
    }
}

fn tax_results(cfg: TaxExperiment) -> agora_engine::tax::TaxResults {
    let out = Experiment::Tax(cfg).run_on_threads(1).unwrap();
    match out.results {
        agora_engine::Results::Tax(r) => r,
        _ => panic!("tax results"),
    }
}

#[test]
fn no_planner_beats_the_oracle_on_its_own_lattice() {
    // Plan once with a static economy: the oracle's lattice optimum is at least as good as
    // any lattice point the search visits (the search moves in steps of 0.1 from 0/20/40 %).
    let cfg = small(
        vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::Search(agora_engine::tax::planners::search::SearchParams {
                step: 0.1,
                min_step: 0.1,
            }),
            PlannerConfig::Oracle(Default::default()),
        ],
        Mode::PlanOnce { iterations: 30 },
    );
    let r = tax_results(cfg);
    assert_eq!(r.oracle_gap.len(), 3);
    for (p, gap) in r.planners.iter().zip(&r.oracle_gap) {
        assert!(*gap >= -1e-9, "{} beats the oracle by {}", p.label, -gap);
    }
    // The free market redistributes nothing: equality of consumption = of income.
    let fm = &r.planners[0].last.metrics;
    assert!((fm.equality - fm.pretax_equality).abs() < 1e-12);
    assert_eq!(fm.revenue, 0.0);
}

#[test]
fn bad_configs_name_the_field() {
    let mut cfg = presets::compare();
    cfg.workers = 5;
    assert_eq!(cfg.validate().unwrap_err().field, "workers");
    let mut cfg = presets::compare();
    cfg.schedule.rates[2] = -0.1;
    assert_eq!(cfg.validate().unwrap_err().field, "schedule.rates[2]");
    let mut cfg = presets::compare();
    cfg.mode = Mode::TaxYears {
        years: 10,
        period: 20,
    };
    assert_eq!(cfg.validate().unwrap_err().field, "mode.period");
    let mut cfg = presets::compare();
    cfg.planners = vec![PlannerConfig::Oracle(
        agora_engine::tax::planners::oracle::OracleParams {
            levels: 101,
            max_rate: 1.0,
        },
    )];
    assert_eq!(cfg.validate().unwrap_err().field, "planners[0].levels");
    let json = r#"{"lab":"tax","seed":1}"#;
    assert!(serde_json::from_str::<Experiment>(json).is_err());
}

#[test]
fn example_sources_and_utilities_are_valid_and_tagged_as_serialized() {
    use agora_engine::tax::{Skills, Utility};
    for s in Skills::examples() {
        s.validate().unwrap();
        assert_eq!(serde_json::to_value(&s).unwrap()["kind"], s.kind());
    }
    for u in Utility::examples() {
        u.validate().unwrap();
        assert_eq!(serde_json::to_value(&u).unwrap()["kind"], u.kind());
    }
}
