//! Argmax with random tie-breaking that looks only at the maximal entries.
//!
//! [`Rng::argmax`] breaks ties by reservoir sampling as it scans, so it also draws random
//! numbers for ties between values that are later beaten. Policies that skip computing indices
//! which cannot win (KL-UCB, Bayes-UCB) need a choice that depends only on the arms reaching
//! the maximum: [`argmax_of_best`] finds the maximum, and draws one uniform index among the
//! arms equal to it only if there are several. The distribution is the same (uniform over the
//! tied maxima).

use crate::rng::Rng;

/// Index of the largest value, uniform among ties; randomness is used only if the maximum is
/// tied. NaN entries are never chosen unless all are NaN (then index 0).
pub fn argmax_of_best(rng: &mut Rng, values: &[f64]) -> usize {
    let mut best = f64::NEG_INFINITY;
    let mut first = 0usize;
    let mut ties = 0usize;
    for (i, &v) in values.iter().enumerate() {
        if v > best {
            best = v;
            first = i;
            ties = 1;
        } else if v == best {
            ties += 1;
        }
    }
    if ties <= 1 {
        return first;
    }
    let pick = rng.below(ties);
    values
        .iter()
        .enumerate()
        .filter(|(_, &v)| v == best)
        .nth(pick)
        .map(|(i, _)| i)
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_among_maxima_and_silent_otherwise() {
        let mut rng = Rng::stream(1, &[]);
        let mut counts = [0usize; 4];
        for _ in 0..30_000 {
            counts[argmax_of_best(&mut rng, &[0.2, 1.0, 0.2, 1.0])] += 1;
        }
        assert_eq!(counts[0] + counts[2], 0);
        // Binomial(30000, 1/2): standard deviation 87; allow 5 of them.
        assert!((counts[1] as i64 - 15_000).abs() < 450, "{counts:?}");
        // A unique maximum draws nothing, whatever ties lie below it.
        let mut a = Rng::stream(2, &[]);
        let mut b = Rng::stream(2, &[]);
        assert_eq!(argmax_of_best(&mut a, &[0.5, 0.5, 0.9, 0.1, 0.1]), 2);
        assert_eq!(a.next_u64(), b.next_u64());
        assert_eq!(argmax_of_best(&mut a, &[f64::NAN, 0.3]), 1);
    }
}
