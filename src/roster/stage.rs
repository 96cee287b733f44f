//! The roster stage of the pipeline: the roster files round.toml names
//! (`[inputs] enterprises`, `[inputs.rosters]`), read and audited, and the
//! figures the framework prefers put into the round's submissions. It runs
//! after the round is loaded and before anything is scored; it adds the
//! files it reads to the round's list of inputs.

use super::{audit, Aggregate, Comparison, Prefer, RosterAudit, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{trim_float, Framework, Period};
use crate::ingest::ids::{did_you_mean, normalise_id, UNKNOWN_CLUSTER};
use crate::ingest::{InputFile, Observation, Registry, Round, Submissions};

/// Read the enterprise rosters, audit them and put the derived figures the
/// framework prefers into the submissions.
pub fn load(round: &mut Round, diags: &mut Diagnostics) -> Option<RosterAudit> {
    let round_label = round.dir.join("round.toml").display().to_string();
    let (dir, inputs, fw, registry) =
        (&round.dir, &round.inputs, &round.framework, &round.registry);
    let files = &mut round.files;
    let data = &mut round.data;
    let mut sources = Vec::new();
    let mut source = |input: &InputFile,
                      cluster: Option<usize>,
                      key: String,
                      diags: &mut Diagnostics| {
        // A roster's header is its first row: a pin would not be applied.
        if input.has_pins() {
            diags.push(
                Diagnostic::error(
                    &round_label,
                    "header_row, data_rows and last_row are not read for roster files: a roster's first row is its header and every other row an enterprise",
                )
                .column(key),
            );
        }
        let p = dir.join(input.path());
        files.push(p.clone());
        sources.push(Source {
            label: p.display().to_string(),
            path: p,
            sheet: input.sheet().map(str::to_string),
            cluster,
        });
    };
    for input in inputs.enterprises.files() {
        source(input, None, "inputs.enterprises".into(), diags);
    }
    for (id, input) in &inputs.rosters {
        let key = format!("inputs.rosters.{id}");
        let plain = normalise_id(id);
        if plain != id.as_str() {
            diags.push(
                Diagnostic::warning(
                    &round_label,
                    format!("cluster id {id:?} read in its plain form {plain:?}"),
                )
                .zh(format!("集群编号 “{id}” 按规范写法 “{plain}” 读取"))
                .column(&key)
                .value(id.clone()),
            );
        }
        match registry.index_of(id) {
            Some(i) => source(input, Some(i), key, diags),
            None if registry.is_empty() => {}
            None => diags.push(
                Diagnostic::error(
                    &round_label,
                    format!("{UNKNOWN_CLUSTER}{}", did_you_mean(registry, id)),
                )
                .column(key)
                .value(id.clone()),
            ),
        }
    }
    let derived: Vec<&str> = fw
        .fields
        .iter()
        .filter(|f| f.derived.is_some())
        .map(|f| f.id.as_str())
        .collect();
    if sources.is_empty() {
        if !derived.is_empty() {
            diags.push(
                Diagnostic::note(
                    &round_label,
                    format!(
                        "no enterprise roster: the declared figures of {} are scored as submitted",
                        derived.join(", ")
                    ),
                )
                .zh(format!(
                    "未提供企业名录：{} 按申报数计分",
                    derived.join("、")
                ))
                .column("inputs.enterprises"),
            );
        }
        return None;
    }
    let mut audit = audit(&sources, fw, registry, diags)?;
    apply(&mut audit, fw, registry, data, diags);
    Some(audit)
}

/// Compare derived and declared figures and put the scored one into the
/// submissions. Clusters without roster rows keep their declared figure.
pub fn apply(
    audit: &mut RosterAudit,
    fw: &Framework,
    registry: &Registry,
    data: &mut Submissions,
    diags: &mut Diagnostics,
) {
    let files = audit.files.join(" + ");
    for (i, c) in registry.clusters.iter().enumerate() {
        if audit.listed[i] == 0 {
            diags.push(
                Diagnostic::warning(
                    &files,
                    format!(
                        "cluster {} lists no enterprise in the roster; its declared figures are scored",
                        c.id
                    ),
                )
                .zh(format!(
                    "集群 {} 在企业名录中没有列出企业；按其申报数计分",
                    c.id
                ))
                .column("cluster")
                .value(c.id.clone()),
            );
        }
    }
    for (j, f) in fw.fields.iter().enumerate() {
        let Some(d) = &f.derived else { continue };
        for i in 0..registry.len() {
            let declared_obs = data.get(i, j, Period::Current).cloned();
            let declared = declared_obs.as_ref().and_then(|o| o.value);
            // A cluster whose rows were all rejected or excluded counts 0;
            // its ratio is undefined.
            let derived = if audit.listed[i] > 0 {
                audit.derived.get(&(i, j)).copied().or(match d.aggregate {
                    Aggregate::Ratio { .. } => None,
                    _ => Some(0.0),
                })
            } else {
                None
            };
            let note = if audit.listed[i] == 0 {
                "no roster rows".to_string()
            } else if derived.is_none() {
                "undefined: the denominator is 0 (or no enterprise counted)".to_string()
            } else {
                String::new()
            };
            let (difference, relative, within) = match (declared, derived) {
                (Some(a), Some(b)) => {
                    let diff = b - a;
                    let rel = if a == 0.0 {
                        if b == 0.0 {
                            0.0
                        } else {
                            f64::INFINITY
                        }
                    } else {
                        (diff / a).abs()
                    };
                    (Some(diff), Some(rel), Some(rel <= d.tolerance + 1e-12))
                }
                _ => (None, None, None),
            };
            let scored = match (d.prefer, declared, derived) {
                (Prefer::Roster, _, Some(_)) | (Prefer::Declared, None, Some(_)) => "roster",
                (_, Some(_), _) => "declared",
                _ => "none",
            };
            if within == Some(false) {
                let mut diag = Diagnostic::warning(
                    declared_obs.as_ref().map(|o| o.file.as_str()).unwrap_or(""),
                    format!(
                        "cluster {} declared {} = {} but the roster gives {} ({:.1} % apart, tolerance {} %); the {} figure is scored",
                        registry.clusters[i].id,
                        f.id,
                        trim_float(declared.unwrap_or(0.0)),
                        trim_float(derived.unwrap_or(0.0)),
                        relative.unwrap_or(0.0) * 100.0,
                        trim_float(d.tolerance * 100.0),
                        scored
                    ),
                )
                .zh(format!(
                    "集群 {} 申报的{}（{}）为 {}，而企业名录得出 {}（相差 {:.1} %，容差 {} %）；按{}计分",
                    registry.clusters[i].id,
                    if f.name_zh.is_empty() { &f.id } else { &f.name_zh },
                    f.id,
                    trim_float(declared.unwrap_or(0.0)),
                    trim_float(derived.unwrap_or(0.0)),
                    relative.unwrap_or(0.0) * 100.0,
                    trim_float(d.tolerance * 100.0),
                    match scored {
                        "roster" => "名录数",
                        "declared" => "申报数",
                        _ => "空缺",
                    }
                ))
                .column(f.id.clone());
                if let Some(o) = &declared_obs {
                    diag = diag.row(o.row);
                }
                diags.push(diag);
            }
            if scored == "roster" {
                let v = derived.unwrap_or(f64::NAN);
                let declared_note = match declared {
                    Some(a) => format!(" (declared {})", trim_float(a)),
                    None => String::new(),
                };
                data.values.insert(
                    (i, j, Period::Current),
                    Observation {
                        value: Some(v),
                        raw: format!("{v}"),
                        unit: String::new(),
                        factor: 1.0,
                        file: files.clone(),
                        row: 0,
                        column: format!("roster: {}{declared_note}", d.describe()),
                        reading: String::new(),
                    },
                );
            }
            audit.comparisons.push(Comparison {
                cluster: i,
                field: j,
                declared,
                derived,
                difference,
                relative,
                tolerance: d.tolerance,
                within,
                scored,
                note,
            });
        }
    }
}
