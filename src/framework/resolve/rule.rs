//! Scoring rules and their parameters (`rule = ...` of an `[[indicator]]`).
//!
//! Turns a rule's name and the parameters it reads (`range`, `lo`/`hi`,
//! `floor`/`full`/`at_floor`, `bands`, `max`, the z-score map) into a checked
//! `Rule`, with the defaults the file may leave out. Each rule marks the
//! parameters it read, so that `indicator` can warn about the others. Where
//! the value comes from is not decided here.

use super::super::raw::{RawBand, RawIndicator};
use super::super::{Band, Bands, Direction, Rule, ZMap};
use super::Resolver;
use std::collections::BTreeSet;

/// The scoring rules by name, for the "did you mean" of an unknown one.
const RULE_NAMES: [&str; 18] = [
    "minmax",
    "zscore",
    "goalpost",
    "rank",
    "rank_min",
    "borda",
    "prank",
    "scaled",
    "fracmax",
    "dist2max",
    "dist2ref",
    "dist2targ",
    "target",
    "progress",
    "growth",
    "bands",
    "weighted_count",
    "expert",
];

/// `minmax` maps to the whole of the points unless `range` says otherwise:
/// from 0 to 100 percent.
const FULL_RANGE: (f64, f64) = (0.0, 100.0);

/// `z_transform = "linear"`: z = ±3 maps to full and no points unless
/// `z_clip` says otherwise.
const DEFAULT_Z_CLIP: f64 = 3.0;

/// `target` and `progress`: no points below 60 % of the target ...
const DEFAULT_FLOOR: f64 = 0.6;
/// ... full points from 100 % ...
const DEFAULT_FULL: f64 = 1.0;
/// ... and nothing at the floor itself, rising linearly to full.
const DEFAULT_AT_FLOOR: f64 = 0.0;

impl Resolver {
    pub(super) fn resolve_rule(
        &mut self,
        path: &str,
        name: &str,
        raw: &RawIndicator,
        direction: Direction,
        used: &mut BTreeSet<&'static str>,
    ) -> Option<Rule> {
        match name {
            "minmax" => {
                used.insert("range");
                self.minmax(path, raw.range.as_deref())
            }
            "rank" | "percentile" => {
                used.insert("ties");
                match raw.ties.as_deref() {
                    None | Some("mid") => Some(Rule::Rank),
                    Some("min") => Some(Rule::PRank),
                    Some(other) => {
                        self.err_v(
                            format!("{path}.ties"),
                            other,
                            "unknown tie convention; expected mid (ties share their mid rank) or min (ties take the lowest rank, as COINr's n_prank)",
                        );
                        None
                    }
                }
            }
            "rank_min" => Some(Rule::RankMin),
            "borda" => Some(Rule::Borda),
            "prank" => Some(Rule::PRank),
            "scaled" => {
                used.extend(["lo", "hi"]);
                let Rule::Goalpost { lo, hi } = self.goalpost(path, raw.lo, raw.hi)? else {
                    return None;
                };
                Some(Rule::Scaled { lo, hi })
            }
            "fracmax" => {
                if direction == Direction::Lower {
                    self.err_v(
                        format!("{path}.direction"),
                        "lower",
                        format!("rule fracmax (x / max x) of indicator {} is defined for higher-is-better indicators only: on a lower-is-better one COINr's formula gives values of 1 and more, not a fraction; use dist2max", raw.id),
                    );
                    return None;
                }
                Some(Rule::FracMax)
            }
            "dist2max" => Some(Rule::Dist2Max),
            "dist2ref" => {
                used.extend(["reference", "cap_max"]);
                match raw.reference.as_deref().map(str::trim) {
                    Some(r) if !r.is_empty() => Some(Rule::Dist2Ref {
                        reference: r.to_string(),
                        cap: raw.cap_max.unwrap_or(false),
                    }),
                    _ => {
                        self.err(
                            format!("{path}.reference"),
                            "rule dist2ref needs `reference`, the id of the reference unit",
                        );
                        None
                    }
                }
            }
            "dist2targ" => {
                used.extend(["target", "cap_max"]);
                match raw.target {
                    Some(t) if t.is_finite() => Some(Rule::Dist2Targ {
                        target: t,
                        cap: raw.cap_max.unwrap_or(true),
                    }),
                    _ => {
                        self.err(
                            format!("{path}.target"),
                            "rule dist2targ needs `target`, in the indicator's original units",
                        );
                        None
                    }
                }
            }
            "zscore" => {
                used.extend(["z_transform", "z_clip"]);
                self.zscore(path, raw)
            }
            "goalpost" => {
                used.extend(["lo", "hi"]);
                self.goalpost(path, raw.lo, raw.hi)
            }
            "target" => {
                used.extend(["floor", "full", "at_floor", "target"]);
                self.target(path, raw)
            }
            "progress" => {
                used.extend(["floor", "full", "at_floor"]);
                let (floor, full, at_floor) = self.floor_full(path, raw, "progress")?;
                Some(Rule::Progress {
                    floor,
                    full,
                    at_floor,
                })
            }
            "growth" | "bands" => {
                used.extend(["bands", "below"]);
                self.resolve_bands(path, raw, direction).map(Rule::Bands)
            }
            "expert" => {
                used.insert("max");
                self.expert(path, raw.max)
            }
            other => {
                let key = if raw.scale.as_deref() == Some(other) {
                    "scale"
                } else {
                    "rule"
                };
                self.err_v(
                    format!("{path}.{key}"),
                    other,
                    format!(
                        "unknown rule; expected minmax, zscore, goalpost, rank, rank_min, borda, prank, scaled, fracmax, dist2max, dist2ref, dist2targ, target, progress, growth, bands, weighted_count or expert{}",
                        crate::diag::did_you_mean(RULE_NAMES, other)
                    ),
                );
                None
            }
        }
    }

    fn minmax(&mut self, path: &str, range: Option<&[f64]>) -> Option<Rule> {
        match range {
            None => Some(Rule::MinMax {
                lo: FULL_RANGE.0,
                hi: FULL_RANGE.1,
            }),
            Some([lo, hi]) if FULL_RANGE.0 <= *lo && lo < hi && *hi <= FULL_RANGE.1 => {
                Some(Rule::MinMax { lo: *lo, hi: *hi })
            }
            Some(other) => {
                self.err_v(
                    format!("{path}.range"),
                    format!("{other:?}"),
                    "range must be [lo, hi] with 0 <= lo < hi <= 100 (percent of the points)",
                );
                None
            }
        }
    }

    fn zscore(&mut self, path: &str, raw: &RawIndicator) -> Option<Rule> {
        let map = match raw.z_transform.as_deref() {
            None | Some("normal_cdf") => ZMap::NormalCdf,
            Some("linear") => {
                let clip = raw.z_clip.unwrap_or(DEFAULT_Z_CLIP);
                if clip <= 0.0 || !clip.is_finite() {
                    self.err_v(
                        format!("{path}.z_clip"),
                        clip.to_string(),
                        "must be a positive number",
                    );
                    return None;
                }
                ZMap::Linear { clip }
            }
            Some(other) => {
                self.err_v(
                    format!("{path}.z_transform"),
                    other,
                    "unknown z-score map; expected normal_cdf or linear",
                );
                return None;
            }
        };
        Some(Rule::ZScore { map })
    }

    fn goalpost(&mut self, path: &str, lo: Option<f64>, hi: Option<f64>) -> Option<Rule> {
        let key = format!("{path}.lo");
        match (lo, hi) {
            (Some(lo), Some(hi)) if lo < hi => Some(Rule::Goalpost { lo, hi }),
            (Some(lo), Some(hi)) => {
                self.err(
                    key,
                    format!("goalpost needs lo < hi (got lo {lo}, hi {hi})"),
                );
                None
            }
            _ => {
                self.err(key, "rule goalpost needs parameters `lo` and `hi`");
                None
            }
        }
    }

    fn target(&mut self, path: &str, raw: &RawIndicator) -> Option<Rule> {
        let (floor, full, at_floor) = self.floor_full(path, raw, "target")?;
        if let Some(t) = raw.target.filter(|t| *t <= 0.0) {
            self.err_v(
                format!("{path}.target"),
                t.to_string(),
                "a fixed target must be positive",
            );
            return None;
        }
        Some(Rule::Target {
            floor,
            full,
            at_floor,
            fixed: raw.target,
        })
    }

    fn expert(&mut self, path: &str, max: Option<f64>) -> Option<Rule> {
        let key = format!("{path}.max");
        match max {
            Some(m) if m > 0.0 => Some(Rule::Expert { max: m }),
            Some(m) => {
                self.err_v(key, m.to_string(), "must be positive");
                None
            }
            None => {
                self.err(
                    key,
                    "rule expert needs `max`, the top of the expert's scale",
                );
                None
            }
        }
    }

    /// `floor`, `full` and `at_floor` of the target and progress rules.
    fn floor_full(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        rule: &str,
    ) -> Option<(f64, f64, f64)> {
        let floor = raw.floor.unwrap_or(DEFAULT_FLOOR);
        let full = raw.full.unwrap_or(DEFAULT_FULL);
        let at_floor = raw.at_floor.unwrap_or(DEFAULT_AT_FLOOR);
        if !(floor >= 0.0 && floor < full) {
            self.err(
                format!("{path}.floor"),
                format!("{rule} needs 0 <= floor < full (got floor {floor}, full {full})"),
            );
            return None;
        }
        if !(0.0..=1.0).contains(&at_floor) {
            self.err_v(
                format!("{path}.at_floor"),
                at_floor.to_string(),
                "must be a fraction in [0, 1]",
            );
            return None;
        }
        Some((floor, full, at_floor))
    }

    /// A piecewise table, listed from the best threshold down.
    fn resolve_bands(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        direction: Direction,
    ) -> Option<Bands> {
        let key = format!("{path}.bands");
        let list = match &raw.bands {
            Some(b) if !b.is_empty() => b,
            _ => {
                self.err(
                    &key,
                    "this rule needs `bands`: [{ at_least = .., fraction = .. }, ...]",
                );
                return None;
            }
        };
        let mut bands = Vec::new();
        let mut ok = true;
        for (i, b) in list.iter().enumerate() {
            let bkey = format!("{key}[{}]", i + 1);
            let Some(band) = self.band(&bkey, b, direction, raw.points) else {
                ok = false;
                continue;
            };
            if !(0.0..=1.0).contains(&band.fraction) {
                self.err_v(
                    &bkey,
                    band.fraction.to_string(),
                    "band score must lie within 0 and the indicator's points",
                );
                ok = false;
            }
            bands.push(band);
        }
        let sorted = bands.windows(2).all(|w| match direction {
            Direction::Higher => w[0].threshold > w[1].threshold,
            Direction::Lower => w[0].threshold < w[1].threshold,
        });
        if !sorted {
            self.err(&key, "bands must be listed from the best threshold down, each strictly worse than the one before");
            ok = false;
        }
        let below = raw.below.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&below) {
            self.err_v(
                format!("{path}.below"),
                below.to_string(),
                "must be a fraction in [0, 1]",
            );
            ok = false;
        }
        ok.then_some(Bands { bands, below })
    }

    /// One band: its threshold (`at_least` or `at_most`, by the direction)
    /// and its score (`fraction`, or `points` of the indicator's points).
    fn band(
        &mut self,
        key: &str,
        b: &RawBand,
        direction: Direction,
        indicator_points: Option<f64>,
    ) -> Option<Band> {
        let threshold = match (direction, b.at_least, b.at_most) {
            (Direction::Higher, Some(t), None) | (Direction::Lower, None, Some(t)) => t,
            _ => {
                let (name, needs, not) = match direction {
                    Direction::Higher => ("higher", "at_least", "at_most"),
                    Direction::Lower => ("lower", "at_most", "at_least"),
                };
                self.err(
                    key,
                    format!("a {name}-is-better band needs `{needs}` (and no `{not}`)"),
                );
                return None;
            }
        };
        let fraction = match (b.fraction, b.points, indicator_points) {
            (Some(f), None, _) => f,
            (None, Some(pt), Some(max)) if max > 0.0 => pt / max,
            (None, Some(_), _) => {
                self.err(
                    key,
                    "band `points` need the indicator's `points`; use `fraction` under a mean node",
                );
                return None;
            }
            _ => {
                self.err(key, "a band needs exactly one of `fraction` or `points`");
                return None;
            }
        };
        Some(Band {
            threshold,
            fraction,
        })
    }
}
