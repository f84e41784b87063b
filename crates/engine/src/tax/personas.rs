//! Who the LLM workers are: a small table of personas (occupation, age, income band and
//! values), in the spirit of the LLM Economist's census-calibrated personas (Karten et al.
//! 2025: occupation, sex and age sampled from US Census occupation statistics, then written
//! up as a short second-person description). Ours are written once, by hand, so a run needs
//! no call to invent them and a student can read and edit every one.
//!
//! A persona goes to the LLM worker whose place in the skill distribution matches its income
//! band: the k LLM workers are spread evenly over the skill ranks ([`llm_worker_indices`]);
//! the lowest third get the low-income personas, the middle third the middle ones, the top
//! third the high ones, each band's personas in turn ([`assign`]).

use crate::error::{check_count, ConfigError};
use serde::{Deserialize, Serialize};

/// Where a persona's income sits in the population.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncomeBand {
    Low,
    Middle,
    High,
}

impl IncomeBand {
    /// The band of skill rank `q` in `[0, 1)` (thirds).
    pub fn of_rank(q: f64) -> IncomeBand {
        if q < 1.0 / 3.0 {
            IncomeBand::Low
        } else if q < 2.0 / 3.0 {
            IncomeBand::Middle
        } else {
            IncomeBand::High
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncomeBand::Low => "low",
            IncomeBand::Middle => "middle",
            IncomeBand::High => "high",
        }
    }
}

/// One persona.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub occupation: String,
    pub age: u32,
    pub income: IncomeBand,
    /// What the person cares about, in the second person ("You value ...").
    pub values: String,
}

/// Longest text of a persona's field, in bytes.
pub const MAX_PERSONA_TEXT: usize = 600;
/// Most personas in a table.
pub const MAX_PERSONAS: usize = 100;

impl Persona {
    fn new(occupation: &str, age: u32, income: IncomeBand, values: &str) -> Self {
        Persona {
            occupation: occupation.into(),
            age,
            income,
            values: values.into(),
        }
    }

    /// The persona as the prompt tells it: "You are a 45-year-old public school teacher. ..."
    pub fn text(&self) -> String {
        let article = match self.age {
            8 | 11 | 18 | 80..=89 => "an",
            _ => "a",
        };
        format!(
            "You are {article} {}-year-old {}. {}",
            self.age,
            self.occupation,
            self.values.trim()
        )
    }

    /// "teacher, 45"
    pub fn short(&self) -> String {
        format!("{}, {}", self.occupation, self.age)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.occupation.trim().is_empty() {
            return Err(ConfigError::new("occupation", "name the occupation"));
        }
        for (field, text) in [("occupation", &self.occupation), ("values", &self.values)] {
            if text.len() > MAX_PERSONA_TEXT {
                return Err(ConfigError::new(
                    field,
                    format!("at most {MAX_PERSONA_TEXT} characters"),
                ));
            }
        }
        if !(16..=100).contains(&self.age) {
            return Err(ConfigError::new("age", "an age between 16 and 100"));
        }
        Ok(())
    }
}

/// The shipped table: four low-income, five middle-income and four high-income personas.
pub fn table() -> Vec<Persona> {
    use IncomeBand::*;
    vec![
        Persona::new("retail sales associate", 26, Low, "Your hours follow the store's needs and you live paycheck to paycheck, so every change in take-home pay matters to you. You want low taxes on workers like you."),
        Persona::new("barista with some college education", 23, Low, "You balance your hours with the rest of your life and worry that taxes on small businesses cost jobs in hospitality."),
        Persona::new("home health aide", 44, Low, "You care for elderly clients on long, tiring shifts and support a safety net because you see who needs it, but you need every dollar you earn."),
        Persona::new("app-based delivery and rideshare driver", 29, Low, "Your income is unpredictable and you have few benefits. You want a simple tax system and keep as much of each extra hour's pay as you can."),
        Persona::new("public school teacher", 45, Middle, "You value community and public services, and think those who earn the most should pay more to fund schools and health care."),
        Persona::new("registered nurse", 38, Middle, "You often work overtime to support your family. You accept somewhat higher taxes for better health care, but worry about take-home pay and burnout."),
        Persona::new("unionised factory worker", 50, Middle, "Decades on the assembly line have taught you to value job security and strong safety nets; you favour progressive taxes and distrust tax cuts for the rich."),
        Persona::new("electrician", 35, Middle, "You are paid by the hour and take extra jobs when the money is worth it. You are fine with taxes that pay for roads and schools, not with waste."),
        Persona::new("office administrator", 52, Middle, "You prefer steady hours and a predictable income, and you are saving for retirement."),
        Persona::new("software engineer at a large tech company", 31, High, "You earn a high salary and value growth and innovation. You accept higher taxes if they are spent well, and dislike waste."),
        Persona::new("owner of a family restaurant", 47, High, "You work sixty hours a week and feel that high taxes punish success, though you know local services need funding."),
        Persona::new("civil engineer", 55, High, "You accept taxes that visibly pay for infrastructure, and expect transparency in how they are spent."),
        Persona::new("hospital physician", 41, High, "You work long hours in a demanding job and wonder how much of each extra hour is worth working once taxes take their share."),
    ]
}

/// Check a table of personas.
pub fn validate(personas: &[Persona]) -> Result<(), ConfigError> {
    check_count("personas", personas.len(), 1, MAX_PERSONAS)?;
    for (i, p) in personas.iter().enumerate() {
        p.validate()
            .map_err(|e| e.under(&format!("personas[{i}]")))?;
    }
    Ok(())
}

/// The workers (indices in skill order, lowest first) of `n` who ask the model when `k` of
/// them do: evenly spread over the skill ranks, the w-th at rank `(w + 1/2) / k`.
pub fn llm_worker_indices(n: usize, k: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    (0..k.min(n))
        .map(|w| ((2 * w + 1) * n / (2 * k.min(n))).min(n - 1))
        .collect()
}

/// The persona of each of `k` LLM workers (an index into `personas`): the band of its skill
/// rank, that band's personas in turn; every persona in turn when the band has none.
pub fn assign(personas: &[Persona], k: usize) -> Vec<usize> {
    let mut next = [0usize; 3];
    (0..k)
        .map(|w| {
            let band = IncomeBand::of_rank((w as f64 + 0.5) / k as f64);
            let of_band: Vec<usize> = (0..personas.len())
                .filter(|&i| personas[i].income == band)
                .collect();
            let slot = &mut next[band as usize];
            let pick = if of_band.is_empty() {
                w % personas.len().max(1)
            } else {
                of_band[*slot % of_band.len()]
            };
            *slot += 1;
            pick
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_valid_and_covers_every_band() {
        let t = table();
        validate(&t).unwrap();
        for band in [IncomeBand::Low, IncomeBand::Middle, IncomeBand::High] {
            assert!(t.iter().any(|p| p.income == band));
        }
        assert_eq!(
            t[4].text().split(". ").next().unwrap(),
            "You are a 45-year-old public school teacher"
        );
    }

    #[test]
    fn llm_workers_spread_over_the_ranks_and_get_personas_of_their_band() {
        assert_eq!(llm_worker_indices(100, 4), vec![12, 37, 62, 87]);
        assert_eq!(llm_worker_indices(3, 5), vec![0, 1, 2]);
        assert_eq!(llm_worker_indices(1, 1), vec![0]);
        let t = table();
        let a = assign(&t, 6);
        let bands: Vec<IncomeBand> = a.iter().map(|&i| t[i].income).collect();
        use IncomeBand::*;
        assert_eq!(bands, vec![Low, Low, Middle, Middle, High, High]);
        assert_ne!(a[0], a[1], "a band's personas in turn");
        // A table without a band falls back to every persona in turn.
        let only_high: Vec<Persona> = t.into_iter().filter(|p| p.income == High).collect();
        assert_eq!(assign(&only_high, 2).len(), 2);
    }

    #[test]
    fn bad_personas_are_refused_with_the_field() {
        let mut t = table();
        t[2].age = 7;
        let e = validate(&t).unwrap_err().to_string();
        assert!(e.contains("personas[2].age"), "{e}");
        assert!(validate(&[]).is_err());
    }
}
