//! Nelder–Mead minimisation, step for step as R's `optim(method =
//! "Nelder-Mead")` does it (R's `nmmin`, after J. C. Nash, *Compact
//! Numerical Methods for Computers*, 2nd ed., as re-crafted by B. D.
//! Ripley), so that a weight optimisation run here visits the same points
//! as COINr's `get_opt_weights` and stops at the same one.
//!
//! The simplex starts at the given point and one vertex per coordinate,
//! moved by `step = max(0.1 |x_i|)` (0.1 when the start is 0). Each step
//! reflects the worst vertex through the centroid of the others (`alpha`),
//! extends a successful reflection (`gamma`), contracts an unsuccessful one
//! (`beta`) and shrinks the simplex towards the best vertex when the
//! contraction fails too. It stops when the spread of the vertices' values
//! is within `reltol * (|f0| + reltol)` (f0 the value at the start), when
//! the best value reaches `abstol`, when the shrink no longer shrinks, or
//! after `max_evaluations` evaluations. A value that is not finite counts as
//! 1e35 (R's `big`), except at the start, where it is an error. Pure
//! arithmetic: no allocation beyond the simplex, no randomness, no panics.

/// The settings of a run (R's defaults: alpha 1, beta 0.5, gamma 2, abstol
/// −∞, reltol √ε, maxit 500).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NelderMead {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    /// Relative tolerance on the spread of the simplex's values.
    pub reltol: f64,
    /// Stop as soon as the best value is at or below this.
    pub abstol: f64,
    /// R's `maxit`: the most evaluations of the function.
    pub max_evaluations: usize,
}

impl Default for NelderMead {
    fn default() -> Self {
        NelderMead {
            alpha: 1.0,
            beta: 0.5,
            gamma: 2.0,
            reltol: f64::EPSILON.sqrt(),
            abstol: f64::NEG_INFINITY,
            max_evaluations: 500,
        }
    }
}

/// What a value that is not finite counts as (R's `big`).
pub const BIG: f64 = 1.0e35;

/// How a run ended (R's `convergence` code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// 0: the values agree within the tolerance (or reached `abstol`).
    Converged,
    /// 1: `max_evaluations` reached first.
    MaxEvaluations,
    /// 10: a shrink did not make the simplex smaller (degenerate).
    Degenerate,
}

impl Ending {
    /// R's `convergence` code.
    pub fn code(self) -> u32 {
        match self {
            Ending::Converged => 0,
            Ending::MaxEvaluations => 1,
            Ending::Degenerate => 10,
        }
    }
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best vertex.
    pub x: Vec<f64>,
    /// The function's value there.
    pub value: f64,
    /// Evaluations made (R's `counts["function"]`).
    pub evaluations: usize,
    pub ending: Ending,
    /// The value of every evaluation, in order (non-finite ones as they
    /// were returned).
    pub trace: Vec<f64>,
}

/// Why a run could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure<E> {
    /// The function is not finite at the start.
    NotFiniteAtStart(f64),
    /// No coordinates.
    Empty,
    /// The function itself failed.
    Function(E),
}

/// Minimise `f` from `start`. `f` may fail; the first failure ends the
/// run.
// The loops index the simplex as R's code does, so the two can be read
// side by side.
#[allow(clippy::needless_range_loop)]
pub fn nelder_mead<E>(
    mut f: impl FnMut(&[f64]) -> Result<f64, E>,
    start: &[f64],
    s: &NelderMead,
) -> Result<Minimum, Failure<E>> {
    let n = start.len();
    if n == 0 {
        return Err(Failure::Empty);
    }
    let mut trace = Vec::new();
    let mut eval = |x: &[f64], trace: &mut Vec<f64>| -> Result<f64, Failure<E>> {
        let v = f(x).map_err(Failure::Function)?;
        trace.push(v);
        Ok(v)
    };
    let mut b = start.to_vec();
    if s.max_evaluations == 0 {
        let value = eval(&b, &mut trace)?;
        return Ok(Minimum {
            x: b,
            value,
            evaluations: 0,
            ending: Ending::Converged,
            trace,
        });
    }
    let f0 = eval(&b, &mut trace)?;
    if !f0.is_finite() {
        return Err(Failure::NotFiniteAtStart(f0));
    }
    let finite = |v: f64| if v.is_finite() { v } else { BIG };
    let mut count = 1usize;
    let convtol = s.reltol * (f0.abs() + s.reltol);
    // Vertex j is p[j][..n] with its value at p[j][n]; p[n + 1] holds the
    // centroid (R's column C).
    let n1 = n + 1;
    let c = n + 1;
    let mut p = vec![vec![0.0; n + 1]; n + 2];
    p[0][..n].copy_from_slice(&b);
    p[0][n] = f0;
    let mut l = 0usize;
    let mut step: f64 = 0.0;
    for &x in &b {
        if 0.1 * x.abs() > step {
            step = 0.1 * x.abs();
        }
    }
    if step == 0.0 {
        step = 0.1;
    }
    let mut size = 0.0;
    for j in 1..n1 {
        p[j][..n].copy_from_slice(&b);
        let mut trystep = step;
        // A step too small to change the coordinate grows tenfold.
        let mut tries = 0;
        while p[j][j - 1] == b[j - 1] && tries < 400 {
            p[j][j - 1] = b[j - 1] + trystep;
            trystep *= 10.0;
            tries += 1;
        }
        size += trystep;
    }
    let mut oldsize = size;
    let mut calcvert = true;
    let mut ending = Ending::Converged;
    loop {
        if calcvert {
            for j in 0..n1 {
                if j != l {
                    b.copy_from_slice(&p[j][..n]);
                    let v = finite(eval(&b, &mut trace)?);
                    count += 1;
                    p[j][n] = v;
                }
            }
            calcvert = false;
        }
        let mut vl = p[l][n];
        let mut vh = vl;
        let mut h = l;
        for j in 0..n1 {
            if j != l {
                let v = p[j][n];
                if v < vl {
                    l = j;
                    vl = v;
                }
                if v > vh {
                    h = j;
                    vh = v;
                }
            }
        }
        if vh <= vl + convtol || vl <= s.abstol {
            break;
        }
        for i in 0..n {
            let mut temp = -p[h][i];
            for vertex in p.iter().take(n1) {
                temp += vertex[i];
            }
            p[c][i] = temp / n as f64;
        }
        for i in 0..n {
            b[i] = (1.0 + s.alpha) * p[c][i] - s.alpha * p[h][i];
        }
        let vr = finite(eval(&b, &mut trace)?);
        count += 1;
        if vr < vl {
            // Reflection better than the best: try extending it.
            p[c][n] = vr;
            for i in 0..n {
                let e = s.gamma * b[i] + (1.0 - s.gamma) * p[c][i];
                p[c][i] = b[i];
                b[i] = e;
            }
            let fe = finite(eval(&b, &mut trace)?);
            count += 1;
            if fe < vr {
                p[h][..n].copy_from_slice(&b);
                p[h][n] = fe;
            } else {
                let (reflected, _) = p[c].split_at(n);
                let reflected = reflected.to_vec();
                p[h][..n].copy_from_slice(&reflected);
                p[h][n] = vr;
            }
        } else {
            if vr < vh {
                p[h][..n].copy_from_slice(&b);
                p[h][n] = vr;
            }
            for i in 0..n {
                b[i] = (1.0 - s.beta) * p[h][i] + s.beta * p[c][i];
            }
            let fc = finite(eval(&b, &mut trace)?);
            count += 1;
            if fc < p[h][n] {
                p[h][..n].copy_from_slice(&b);
                p[h][n] = fc;
            } else if vr >= vh {
                // Shrink every vertex towards the best one.
                calcvert = true;
                size = 0.0;
                let best: Vec<f64> = p[l][..n].to_vec();
                for (j, vertex) in p.iter_mut().enumerate().take(n1) {
                    if j != l {
                        for i in 0..n {
                            vertex[i] = s.beta * (vertex[i] - best[i]) + best[i];
                            size += (vertex[i] - best[i]).abs();
                        }
                    }
                }
                if size < oldsize {
                    oldsize = size;
                } else {
                    ending = Ending::Degenerate;
                    break;
                }
            }
        }
        if count > s.max_evaluations {
            break;
        }
    }
    if count > s.max_evaluations {
        ending = Ending::MaxEvaluations;
    }
    Ok(Minimum {
        x: p[l][..n].to_vec(),
        value: p[l][n],
        evaluations: count,
        ending,
        trace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: impl Fn(&[f64]) -> f64, start: &[f64], s: &NelderMead) -> Minimum {
        nelder_mead(|x| Ok::<f64, ()>(f(x)), start, s).unwrap()
    }

    #[test]
    fn first_steps_by_hand() {
        // f(x) = x^2 from 1 in one dimension, reltol 0 so it keeps going.
        // Start 1 (f 1); step 0.1: vertex 1.1 (f 1.21). Best 1, worst 1.1.
        // Centroid of the others: (-1.1 + 1 + 1.1) / 1 = 1; reflection
        // 2·1 − 1.1 = 0.9 (f 0.81) < 1: extension 2·0.9 − 1·1 = 0.8
        // (f 0.64) < 0.81, kept. Evaluations so far: 1, 1.21, 0.81, 0.64,
        // which passes max 3. As in R, the point returned is the best of
        // the last ordering (before the extension replaced the worst): 1.
        let s = NelderMead {
            reltol: 0.0,
            max_evaluations: 3,
            ..NelderMead::default()
        };
        let m = run(|x| x[0] * x[0], &[1.0], &s);
        assert_eq!(m.trace.len(), 4);
        let want = [1.0, 1.21, 0.81, 0.64];
        for (g, w) in m.trace.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{g} vs {w}");
        }
        assert_eq!(m.evaluations, 4);
        assert_eq!(m.ending, Ending::MaxEvaluations);
        assert_eq!((m.x[0], m.value), (1.0, 1.0));
    }

    #[test]
    fn finds_the_minimum_of_a_quadratic_bowl() {
        // (x − 3)² + 2 (y + 1)²: minimum 0 at (3, −1).
        let s = NelderMead {
            reltol: 1e-12,
            max_evaluations: 2000,
            ..NelderMead::default()
        };
        let m = run(
            |x| (x[0] - 3.0).powi(2) + 2.0 * (x[1] + 1.0).powi(2),
            &[0.0, 0.0],
            &s,
        );
        assert_eq!(m.ending, Ending::Converged);
        assert!((m.x[0] - 3.0).abs() < 1e-4 && (m.x[1] + 1.0).abs() < 1e-4);
        assert!(m.value < 1e-8);
    }

    #[test]
    fn a_value_that_is_not_finite_counts_as_big() {
        // f(x) = x for x ≥ 0, NaN below: the minimum is on the edge, at 0.
        // Reflections into x < 0 are visited (NaN in the trace), count as
        // 1e35 and are contracted back; the point returned is never one of
        // them.
        let s = NelderMead {
            reltol: 1e-10,
            ..NelderMead::default()
        };
        let m = run(|x| if x[0] < 0.0 { f64::NAN } else { x[0] }, &[2.0], &s);
        assert!(m.trace.iter().any(|v| v.is_nan()));
        assert!(m.x[0] >= 0.0 && m.x[0] < 1e-6, "{:?}", m.x);
        assert_eq!(m.value, m.x[0]);
    }

    #[test]
    fn not_finite_at_the_start_is_an_error() {
        let r = nelder_mead(
            |_| Ok::<f64, ()>(f64::INFINITY),
            &[1.0],
            &NelderMead::default(),
        );
        assert_eq!(r, Err(Failure::NotFiniteAtStart(f64::INFINITY)));
        let r = nelder_mead(|_| Err::<f64, &str>("no"), &[1.0], &NelderMead::default());
        assert_eq!(r, Err(Failure::Function("no")));
    }
}
