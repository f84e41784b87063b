//! The Nash equilibrium drawn next to a learning run: the completely mixed one when the
//! indifference conditions have a solution with every probability positive, else the game's
//! only pure one.
//!
//! A completely mixed equilibrium `(x, y)` of an `m x n` game makes each player indifferent
//! between all of its actions: `A y = v 1` with `sum y = 1` (the row player's payoffs `A`), and
//! `B^T x = w 1` with `sum x = 1` (the column player's payoffs `B`). For a square game these
//! are `n + 1` linear equations in `n + 1` unknowns, solved here by Gaussian elimination with
//! partial pivoting; a singular system (a continuum of equilibria, or none with full support)
//! is reported as no mixed equilibrium.

use super::MatrixGame;

/// Below this a pivot counts as zero.
const EPS: f64 = 1e-12;

impl MatrixGame {
    /// The pure Nash equilibria as (row action, column action), row by row.
    pub fn pure_equilibria(&self) -> Vec<(usize, usize)> {
        let (m, n) = self.shape();
        let mut out = Vec::new();
        for i in 0..m {
            for j in 0..n {
                let row_best = (0..m).all(|k| self.row[k][j] <= self.row[i][j]);
                let col_best = (0..n).all(|l| self.col[i][l] <= self.col[i][j]);
                if row_best && col_best {
                    out.push((i, j));
                }
            }
        }
        out
    }

    /// The completely mixed equilibrium (every action played with positive probability), if
    /// the game is square and its indifference conditions have a unique such solution.
    pub fn mixed_equilibrium(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        let (m, n) = self.shape();
        if m != n || m < 2 {
            return None;
        }
        // y makes the row player indifferent: sum_j A[i][j] y_j - v = 0, sum_j y_j = 1.
        let y = indifference(m, |i, j| self.row[i][j])?;
        // x makes the column player indifferent: sum_i B[i][j] x_i - w = 0, sum_i x_i = 1.
        let x = indifference(m, |j, i| self.col[i][j])?;
        Some((x, y))
    }

    /// The equilibrium to draw with a learning run: the completely mixed one if there is one,
    /// else the only pure one (as mixed strategies with a single 1); `None` when the game has
    /// several pure equilibria and no completely mixed one, or none of either kind found here.
    pub fn equilibrium(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        if let Some(e) = self.mixed_equilibrium() {
            return Some(e);
        }
        let (m, n) = self.shape();
        match self.pure_equilibria().as_slice() {
            [(i, j)] => {
                let unit =
                    |k: usize, at: usize| (0..k).map(|a| f64::from(u8::from(a == at))).collect();
                Some((unit(m, *i), unit(n, *j)))
            }
            _ => None,
        }
    }
}

/// The probabilities `p` (length `k`) with `sum_j a(i, j) p_j` equal for every `i` and
/// `sum p = 1`, when unique and all strictly positive.
fn indifference(k: usize, a: impl Fn(usize, usize) -> f64) -> Option<Vec<f64>> {
    // Unknowns p_0 .. p_{k-1}, v. Rows 0..k: sum_j a(i,j) p_j - v = 0; row k: sum p = 1.
    let size = k + 1;
    let mut mat = vec![vec![0.0; size + 1]; size];
    for (i, row) in mat.iter_mut().enumerate().take(k) {
        for (j, cell) in row.iter_mut().enumerate().take(k) {
            *cell = a(i, j);
        }
        row[k] = -1.0;
    }
    for cell in mat[k].iter_mut().take(k) {
        *cell = 1.0;
    }
    mat[k][size] = 1.0;
    let sol = solve(mat)?;
    let p = sol[..k].to_vec();
    p.iter().all(|&x| x > EPS && x < 1.0 + EPS).then_some(p)
}

/// Solves the augmented system `mat` (n rows of n + 1 numbers); `None` if singular.
fn solve(mut mat: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = mat.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&r, &s| mat[r][col].abs().total_cmp(&mat[s][col].abs()))?;
        if mat[pivot][col].abs() < EPS {
            return None;
        }
        mat.swap(col, pivot);
        let pivot_row = mat[col].clone();
        for (r, row) in mat.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot_row[col];
                if f != 0.0 {
                    for (x, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
    }
    Some((0..n).map(|r| mat[r][n] / mat[r][r]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn matching_pennies_is_half_and_half() {
        // Row is indifferent when q - (1 - q) = -q + (1 - q), so q = 1/2; the same for p.
        let (x, y) = MatrixGame::matching_pennies().equilibrium().unwrap();
        assert!(
            close(&x, &[0.5, 0.5]) && close(&y, &[0.5, 0.5]),
            "{x:?} {y:?}"
        );
    }

    #[test]
    fn rock_paper_scissors_is_uniform() {
        // By symmetry and zero sum, Rock's payoff S - P equals Paper's R - S equals
        // Scissors' P - R only at R = P = S = 1/3.
        let (x, y) = MatrixGame::rock_paper_scissors().equilibrium().unwrap();
        let third = [1.0 / 3.0; 3];
        assert!(close(&x, &third) && close(&y, &third), "{x:?} {y:?}");
    }

    #[test]
    fn an_unbalanced_rock_paper_scissors_by_hand() {
        // A = [[0, -1, 2], [1, 0, -1], [-2, 1, 0]] is antisymmetric, so the value is 0 and
        // A y = 0: -y1 + 2 y2 = 0 and y0 - y2 = 0 give y = (1, 2, 1) / 4. The column player's
        // payoffs are -A, and (-A)^T = A, so x is the same.
        let g = MatrixGame::zero_sum(vec![
            vec![0.0, -1.0, 2.0],
            vec![1.0, 0.0, -1.0],
            vec![-2.0, 1.0, 0.0],
        ]);
        let (x, y) = g.equilibrium().unwrap();
        assert!(close(&x, &[0.25, 0.5, 0.25]), "{x:?}");
        assert!(close(&y, &[0.25, 0.5, 0.25]), "{y:?}");
    }

    #[test]
    fn battle_of_the_sexes_mixed_by_hand() {
        // Row mixes J with p: column's payoffs 7p (J) and 10(1 - p) (F) are equal at
        // p = 10/17. Column mixes J with q: row's 10q and 7(1 - q) are equal at q = 7/17.
        let g = MatrixGame::battle_of_the_sexes();
        let (x, y) = g.equilibrium().unwrap();
        assert!(close(&x, &[10.0 / 17.0, 7.0 / 17.0]), "{x:?}");
        assert!(close(&y, &[7.0 / 17.0, 10.0 / 17.0]), "{y:?}");
        // Its two pure equilibria are (J, J) and (F, F).
        assert_eq!(g.pure_equilibria(), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn a_2x2_mixed_equilibrium_by_hand() {
        // Row: A = [[3, 0], [1, 2]]; column: B = [[1, 3], [2, 0]].
        // Row indifferent: 3q = q + 2(1 - q)  =>  q = 1/2.
        // Column indifferent: p + 2(1 - p) = 3p  =>  p = 1/2... with B^T x: column J pays
        // 1p + 2(1-p), column K pays 3p + 0(1-p); equal at 2 - p = 3p, p = 1/2.
        let g = MatrixGame {
            row: vec![vec![3.0, 0.0], vec![1.0, 2.0]],
            col: vec![vec![1.0, 3.0], vec![2.0, 0.0]],
            actions: None,
        };
        assert!(g.pure_equilibria().is_empty());
        let (x, y) = g.equilibrium().unwrap();
        assert!(
            close(&x, &[0.5, 0.5]) && close(&y, &[0.5, 0.5]),
            "{x:?} {y:?}"
        );
        // And one with unequal weights: A = [[4, 0], [0, 1]] makes row indifferent at
        // 4q = 1 - q, q = 1/5; B = [[1, 0], [0, 3]] makes column indifferent at p = 3(1 - p),
        // p = 3/4.
        let g = MatrixGame {
            row: vec![vec![4.0, 0.0], vec![0.0, 1.0]],
            col: vec![vec![1.0, 0.0], vec![0.0, 3.0]],
            actions: None,
        };
        let (x, y) = g.mixed_equilibrium().unwrap();
        assert!(close(&x, &[0.75, 0.25]), "{x:?}");
        assert!(close(&y, &[0.2, 0.8]), "{y:?}");
    }

    #[test]
    fn the_prisoners_dilemma_has_only_mutual_defection() {
        let (x, y) = MatrixGame::prisoners_dilemma().equilibrium().unwrap();
        assert_eq!((x, y), (vec![0.0, 1.0], vec![0.0, 1.0]));
    }

    #[test]
    fn a_game_without_a_single_answer_has_none() {
        // Both players get 1 everywhere: every profile is an equilibrium.
        let g = MatrixGame {
            row: vec![vec![1.0, 1.0], vec![1.0, 1.0]],
            col: vec![vec![1.0, 1.0], vec![1.0, 1.0]],
            actions: None,
        };
        assert_eq!(g.equilibrium(), None);
    }
}
