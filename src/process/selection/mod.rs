//! The quota (名额): after the last stage of a competition, the clusters
//! that reached it are taken in rank order while places remain, skipping
//! those below the minimum final score and those whose cap (at most N
//! selected per registry column value: city, track) is full.
//!
//! A tied group that does not fit the places left or a cap, after the whole
//! tie-break chain, is never broken by the tool: its clusters are
//! `tied_at_quota`, and the office picks from them (`ties`: the possible
//! picks). The tie holds only the places its picks can take, and the quota
//! goes on filling below it. Every way of settling the ties that leaves a
//! different state (places taken, count per cap value) is followed to the
//! end; a cluster below a tie is `selected` when every way selects it,
//! `not_selected` when none does, and `depends_on_tie` otherwise, each with
//! its reason. The boundary (each unresolved tie with the places it holds,
//! the counts, last in and first out and how the tie-break chain settled
//! it) is explained in words.

mod ties;

use super::counts::Counts;
use super::{Boundary, Decision, Process, Reason, Status};
use crate::ingest::Registry;
use std::collections::{BTreeMap, BTreeSet};
use ties::{Caps, State, MAX_TIED};

/// More distinct ways of settling the ties than this are not followed:
/// everything below is left to the office.
const MAX_WAYS: usize = 64;
/// Alternatives named in a reason; the rest are counted.
const MAX_NAMED: usize = 4;

/// What the filling leaves for the counts and the boundary.
pub(super) struct Filled {
    /// Clusters in the final stage.
    pub finalists: usize,
    /// The places the office's choice in unresolved ties fills (its picks
    /// and the clusters depending on them): fewest and most.
    pub office_places: (usize, usize),
    /// The finalists in rank order.
    order: Vec<usize>,
}

/// Fill the quota in rank order under the minimum score and the caps.
pub(super) fn select(
    process: &Process,
    reg: &Registry,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<Boundary>,
) -> Filled {
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        decisions[a]
            .rank
            .cmp(&decisions[b].rank)
            .then_with(|| reg.clusters[a].id.cmp(&reg.clusters[b].id))
    });
    let mut fill = Fill {
        process,
        reg,
        caps: Caps::new(process, reg, members),
        quota: process.quota.unwrap_or(members.len()),
        ways: vec![Way::default()],
        outcomes: BTreeMap::new(),
        tie_ids: BTreeMap::new(),
        overflow: None,
    };
    let mut i = 0;
    while i < order.len() {
        let rank = decisions[order[i]].rank;
        let group: Vec<usize> = order[i..]
            .iter()
            .copied()
            .take_while(|&c| decisions[c].rank == rank)
            .collect();
        i += group.len();
        fill.group(&group, rank.unwrap_or(0), decisions, boundary);
    }
    for &c in &order {
        if let Some(list) = fill.outcomes.get(&c) {
            let (status, reason) = fill.decide(decisions[c].rank.unwrap_or(0), list);
            decisions[c].status = status;
            decisions[c].reasons.push(reason);
        }
    }
    let certain = order
        .iter()
        .filter(|&&c| decisions[c].status == Status::Selected)
        .count();
    let open = |w: &Way| w.state.selected.saturating_sub(certain);
    let office_places = match fill.overflow {
        // Not followed to the end: no more than the places left, or the
        // clusters whose selection rests on the office.
        Some(_) => (
            0,
            fill.quota
                .saturating_sub(certain)
                .min(fill.outcomes.len().saturating_sub(certain)),
        ),
        None => (
            fill.ways.iter().map(open).min().unwrap_or(0),
            fill.ways.iter().map(open).max().unwrap_or(0),
        ),
    };
    Filled {
        finalists: members.len(),
        office_places,
        order,
    }
}

/// One way of settling the ties above: the state it leaves and how the
/// office gets there.
#[derive(Debug, Clone, Default)]
struct Way {
    state: State,
    /// The office's picks that lead here ("C09 at rank 15, then ..."), at
    /// most `MAX_NAMED`; empty before the first tie.
    how: Vec<String>,
    /// Further picks leading here, not named.
    unnamed: usize,
}

impl Way {
    /// This way, then `pick`.
    fn then(&self, pick: &str) -> Way {
        let how = if self.how.is_empty() {
            vec![pick.to_string()]
        } else {
            self.how
                .iter()
                .map(|h| format!("{h}, then {pick}"))
                .collect()
        };
        Way {
            state: self.state.clone(),
            how,
            unnamed: self.unnamed,
        }
    }

    /// Add `other`'s picks (it leads to the same state).
    fn merge(&mut self, other: Way) {
        for h in other.how {
            if self.how.len() < MAX_NAMED {
                self.how.push(h);
            } else {
                self.unnamed += 1;
            }
        }
        self.unnamed += other.unnamed;
    }
}

/// A finalist's fate in one way of settling the ties above.
#[derive(Debug, Clone)]
enum Outcome {
    Selected,
    /// Not selected, and why: the account, and the reason as data when
    /// it is a plain one (no places held for a tie).
    Out(String, Option<Reason>),
    /// In an unresolved tie, and its description.
    Tied(String),
    /// Below ties too many to follow.
    Unknown(String),
}

/// The quota being filled, in every way the ties above may be settled.
struct Fill<'a> {
    process: &'a Process,
    reg: &'a Registry,
    caps: Caps,
    quota: usize,
    ways: Vec<Way>,
    /// Finalist -> its outcome in each way (with the way's picks).
    outcomes: BTreeMap<usize, Vec<(Way, Outcome)>>,
    /// Rank of a tie -> its clusters ("C07, C09").
    tie_ids: BTreeMap<usize, String>,
    /// Set when the ties cannot be followed further: why.
    overflow: Option<String>,
}

impl Fill<'_> {
    fn ids(&self, cs: &[usize]) -> String {
        cs.iter()
            .map(|&c| self.reg.clusters[c].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn record(&mut self, c: usize, way: &Way, outcome: Outcome) {
        self.outcomes
            .entry(c)
            .or_default()
            .push((way.clone(), outcome));
    }

    /// Decide a group of finalists that share `rank`, in every way of
    /// settling the ties above.
    fn group(
        &mut self,
        group: &[usize],
        rank: usize,
        decisions: &mut [Decision],
        boundary: &mut Vec<Boundary>,
    ) {
        let mut eligible = Vec::new();
        for &c in group {
            let d = &mut decisions[c];
            let score = d.final_score.unwrap_or(f64::NEG_INFINITY);
            match self.process.min_score {
                Some(m) if score < m => {
                    d.status = Status::NotSelected;
                    d.reasons.push(Reason::BelowMinimum { score, minimum: m });
                }
                _ => eligible.push(c),
            }
        }
        if eligible.is_empty() {
            return;
        }
        if let Some(why) = self.overflow.clone() {
            for &c in &eligible {
                self.record(c, &Way::default(), Outcome::Unknown(why.clone()));
            }
            return;
        }
        let several = self.ways.len() > 1;
        let mut next: BTreeMap<State, Way> = BTreeMap::new();
        for way in std::mem::take(&mut self.ways) {
            let mut candidates = Vec::new();
            for &c in &eligible {
                match self.why_out(&way.state, rank, c) {
                    Some((why, typed)) => self.record(c, &way, Outcome::Out(why, typed)),
                    None => candidates.push(c),
                }
            }
            if candidates.is_empty() {
                add_way(&mut next, way);
            } else if way.state.fits(&self.caps, self.quota, &candidates) {
                for &c in &candidates {
                    self.record(c, &way, Outcome::Selected);
                }
                let state = way.state.take(&self.caps, &candidates, None);
                add_way(&mut next, Way { state, ..way });
            } else {
                self.tie(way, rank, &candidates, several, &mut next, boundary);
            }
        }
        self.ways = next.into_values().collect();
        if self.ways.len() > MAX_WAYS && self.overflow.is_none() {
            self.overflow = Some(format!(
                "the ties above can be settled in more than {MAX_WAYS} ways that leave different places and caps, more than the tool follows: the office decides"
            ));
        }
    }

    /// An unresolved tie in `way`: each of `tied` fits on its own, not all
    /// together. They are `tied_at_quota`; each pick the office can make
    /// leads to a way of its own.
    fn tie(
        &mut self,
        way: Way,
        rank: usize,
        tied: &[usize],
        several: bool,
        next: &mut BTreeMap<State, Way>,
        boundary: &mut Vec<Boundary>,
    ) {
        let ids = self.ids(tied);
        self.tie_ids.entry(rank).or_insert_with(|| ids.clone());
        let broken = way.state.broken_caps(&self.caps, tied);
        let what = if broken.is_empty() {
            "the quota"
        } else {
            "a cap"
        };
        let places = way.state.places_left(self.quota);
        let when = if several && !way.how.is_empty() {
            format!(
                "if the office picks {} above: ",
                how_text(&way.how, way.unnamed)
            )
        } else {
            String::new()
        };
        let head = format!(
            "{when}unresolved tie at {what}: {ids} share rank {rank} with {places} place(s) left; none is selected automatically"
        );
        let tied_at = format!(
            "tied at rank {rank} with {ids} across {what} after the whole tie-break chain: the office decides"
        );
        if tied.len() > MAX_TIED {
            let n = tied.len();
            for &c in tied {
                self.record(
                    c,
                    &way,
                    Outcome::Tied(format!("{tied_at}; {n} tied clusters are more than the {MAX_TIED} whose picks the tool follows, so the office decides the rest of the quota too")),
                );
            }
            push_once(
                boundary,
                format!("{head}, nor any below them: {n} tied clusters are more than the {MAX_TIED} whose picks the tool follows"),
            );
            self.overflow = Some(format!(
                "below the tie at rank {rank} ({ids}), more clusters than the tool follows: the office decides"
            ));
            return;
        }
        let picks = ties::picks(&way.state, &self.caps, self.quota, tied, rank);
        let taken = |s: &State| s.selected.saturating_sub(way.state.selected);
        let lo = picks.keys().map(taken).min().unwrap_or(0);
        let hi = picks.keys().map(taken).max().unwrap_or(0);
        let room: Vec<String> = broken
            .iter()
            .map(|(k, value, room, _)| {
                let (col, cap) = &self.caps.limits[*k];
                format!("the cap of {cap} per {col} leaves room for {room} from {value}")
            })
            .collect();
        let room = if room.is_empty() {
            String::new()
        } else {
            format!(" ({})", room.join("; "))
        };
        let below = if lo >= places {
            "no place is left below them".to_string()
        } else {
            format!(
                "{} place(s) go on down the list",
                range(places - hi, places - lo)
            )
        };
        push_once(
            boundary,
            format!(
                "{head}: the office picks {} of them{room}; {below}",
                range(lo, hi)
            ),
        );
        let why = format!(
            "{tied_at}; {} of the {} can take a place{room}",
            range(lo, hi),
            tied.len()
        );
        for &c in tied {
            self.record(c, &way, Outcome::Tied(why.clone()));
        }
        for (state, alternatives) in picks {
            let mut w = way.then(&self.pick_text(&alternatives, rank));
            w.state = state;
            add_way(next, w);
        }
    }

    /// "C07 or C09 at rank 15"; a pick of several in braces.
    fn pick_text(&self, alternatives: &[Vec<usize>], rank: usize) -> String {
        let mut named: Vec<String> = alternatives
            .iter()
            .take(MAX_NAMED)
            .map(|a| match a.len() {
                1 => self.ids(a),
                _ => format!("{{{}}}", self.ids(a)),
            })
            .collect();
        if alternatives.len() > MAX_NAMED {
            named.push(format!("{} other set(s)", alternatives.len() - MAX_NAMED));
        }
        format!("{} at rank {rank}", named.join(" or "))
    }

    /// "the tie at rank 15 (C07, C09)", or several.
    fn ties_text(&self, ranks: &BTreeSet<usize>) -> String {
        let parts: Vec<String> = ranks
            .iter()
            .map(|r| {
                let ids = self.tie_ids.get(r).map_or("", String::as_str);
                format!("rank {r} ({ids})")
            })
            .collect();
        match parts.len() {
            1 => format!("the tie at {}", parts[0]),
            _ => format!("the ties at {}", parts.join(" and ")),
        }
    }

    /// Why cluster `c` cannot take a place in `state` (None: it can): no
    /// place is left, or one of its caps is full.
    fn why_out(&self, state: &State, rank: usize, c: usize) -> Option<(String, Option<Reason>)> {
        if state.places_left(self.quota) == 0 {
            let typed = (state.held == 0).then_some(Reason::QuotaFilled {
                rank,
                quota: self.quota,
            });
            let mut why = format!(
                "rank {rank}: the quota of {} is filled by higher-ranked clusters",
                self.quota
            );
            if state.held > 0 {
                why.push_str(&format!(
                    ", counting {} place(s) held for {}",
                    state.held,
                    self.ties_text(&state.ties)
                ));
            }
            return Some((why, typed));
        }
        let k = state.full_cap(&self.caps, c)?;
        let (col, cap) = &self.caps.limits[k];
        let value = self.caps.value(c, k);
        let mut why =
            format!("cap: at most {cap} selected per {col}, and {cap} from {value} already are");
        let held = state.held_for(k, value);
        let typed = (held == 0).then(|| Reason::CapFull {
            cap: *cap,
            column: col.to_string(),
            value: value.to_string(),
        });
        if held > 0 {
            why.push_str(&format!(
                ", counting {held} place(s) held for {}",
                self.ties_text(&state.ties)
            ));
        }
        Some((why, typed))
    }

    /// A finalist's status and reason from its outcomes in every way.
    fn decide(&self, rank: usize, list: &[(Way, Outcome)]) -> (Status, Reason) {
        let tie = |text: String| Reason::Tie { rank, text };
        let within = format!("rank {rank} within the quota of {}", self.quota);
        let ties: BTreeSet<usize> = list
            .iter()
            .flat_map(|(w, _)| w.state.ties.iter().copied())
            .collect();
        if list.iter().all(|(_, o)| matches!(o, Outcome::Selected)) {
            let held = |w: &Way| w.state.held;
            let lo = list.iter().map(|(w, _)| held(w)).min().unwrap_or(0);
            let hi = list.iter().map(|(w, _)| held(w)).max().unwrap_or(0);
            if hi == 0 {
                return (
                    Status::Selected,
                    Reason::WithinQuota {
                        rank,
                        quota: self.quota,
                    },
                );
            }
            return (
                Status::Selected,
                tie(format!(
                    "{within}: {} {} {} place(s), and it is selected whatever the office picks there",
                    self.ties_text(&ties),
                    if ties.len() == 1 { "holds" } else { "hold" },
                    range(lo, hi)
                )),
            );
        }
        if let Some((_, Outcome::Unknown(why))) =
            list.iter().find(|(_, o)| matches!(o, Outcome::Unknown(_)))
        {
            return (Status::DependsOnTie, tie(format!("rank {rank}: {why}")));
        }
        if list.iter().all(|(_, o)| matches!(o, Outcome::Out(..))) {
            let typed = match &list[0].1 {
                Outcome::Out(_, Some(r))
                    if list
                        .iter()
                        .all(|(_, o)| matches!(o, Outcome::Out(_, Some(x)) if x == r)) =>
                {
                    Some(r.clone())
                }
                _ => None,
            };
            return (
                Status::NotSelected,
                typed.unwrap_or_else(|| tie(conditional(list, |o| o.text(&within)))),
            );
        }
        if list.iter().any(|(_, o)| matches!(o, Outcome::Tied(_))) {
            let text = conditional(list, |o| match o {
                Outcome::Selected => format!("selected: {within}"),
                Outcome::Out(why, _) => format!("not selected: {why}"),
                o => o.text(&within),
            });
            return (Status::TiedAtQuota, tie(text));
        }
        let text = conditional(list, |o| match o {
            Outcome::Selected => "selected".to_string(),
            o => format!("not selected ({})", o.text(&within)),
        });
        (
            Status::DependsOnTie,
            tie(format!(
                "rank {rank} depends on the office's choice in {}: {text}",
                self.ties_text(&ties)
            )),
        )
    }
}

impl Outcome {
    fn text(&self, within: &str) -> String {
        match self {
            Outcome::Selected => within.to_string(),
            Outcome::Out(s, _) | Outcome::Tied(s) | Outcome::Unknown(s) => s.clone(),
        }
    }
}

/// Add a way, merged with the one leading to the same state.
fn add_way(next: &mut BTreeMap<State, Way>, way: Way) {
    match next.get_mut(&way.state) {
        Some(w) => w.merge(way),
        None => {
            next.insert(way.state.clone(), way);
        }
    }
}

/// The text of each outcome; when they differ between ways, each with the
/// office's picks that lead to it.
fn conditional(list: &[(Way, Outcome)], text: impl Fn(&Outcome) -> String) -> String {
    let mut groups: Vec<(String, Vec<String>, usize)> = Vec::new();
    for (w, o) in list {
        let t = text(o);
        match groups.iter_mut().find(|g| g.0 == t) {
            Some(g) => {
                g.1.extend(w.how.iter().cloned());
                g.2 += w.unnamed;
            }
            None => groups.push((t, w.how.clone(), w.unnamed)),
        }
    }
    if groups.len() == 1 {
        return groups.remove(0).0;
    }
    groups
        .iter()
        .map(|(t, how, unnamed)| format!("{t} if the office picks {}", how_text(how, *unnamed)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The office's picks: "C07 at rank 15 or C09 at rank 15", at most
/// `MAX_NAMED` named.
fn how_text(how: &[String], unnamed: usize) -> String {
    let more = unnamed + how.len().saturating_sub(MAX_NAMED);
    let mut named: Vec<&str> = how.iter().take(MAX_NAMED).map(String::as_str).collect();
    let tail = format!("{more} other way(s)");
    if more > 0 {
        named.push(&tail);
    }
    named.join(" or ")
}

/// "1", or "1 to 2".
fn range(lo: usize, hi: usize) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo} to {hi}")
    }
}

fn push_once(boundary: &mut Vec<Boundary>, text: String) {
    let line = Boundary::Unresolved { text };
    if !boundary.contains(&line) {
        boundary.push(line);
    }
}

/// Explain the boundary: the counts (the quota line), then the last
/// selected and the first not selected.
pub(super) fn explain_boundary(
    process: &Process,
    reg: &Registry,
    filled: &Filled,
    counts: &Counts,
    decisions: &[Decision],
    boundary: &mut Vec<Boundary>,
) {
    let order = &filled.order;
    let last_in = order
        .iter()
        .copied()
        .rfind(|&c| decisions[c].status == Status::Selected);
    // The first not selected below the last selected (one above it was
    // passed over for a cap, as its reason says).
    let first_out = order
        .iter()
        .skip_while(|&&c| Some(c) != last_in)
        .copied()
        .find(|&c| decisions[c].status == Status::NotSelected);
    if counts.quota.is_some() {
        boundary.push(Boundary::Quota);
    }
    let (Some(a), Some(b)) = (last_in, first_out) else {
        return;
    };
    let (da, db) = (&decisions[a], &decisions[b]);
    let (ia, ib) = (&reg.clusters[a].id, &reg.clusters[b].id);
    let decimals = process.decimals;
    if da.final_score == db.final_score {
        let how = da
            .tie_note
            .iter()
            .find(|n| n.other() == Some(ib.as_str()))
            .cloned();
        boundary.push(Boundary::Tie {
            last_in: ia.clone(),
            rank_in: da.rank.unwrap_or(0),
            first_out: ib.clone(),
            rank_out: db.rank.unwrap_or(0),
            score: da.final_score,
            decimals,
            how,
        });
    } else {
        boundary.push(Boundary::Margin {
            last_in: ia.clone(),
            rank_in: da.rank.unwrap_or(0),
            score_in: da.final_score,
            first_out: ib.clone(),
            rank_out: db.rank.unwrap_or(0),
            score_out: db.final_score,
            margin: da.final_score.unwrap_or(0.0) - db.final_score.unwrap_or(0.0),
            decimals,
        });
    }
}
