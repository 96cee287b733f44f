//! `generate`: write a synthetic national round (合成数据) for benchmarks.
//!
//! A round folder with the default framework, a registry of N clusters,
//! their declared figures (long form, every field and period the framework
//! asks for) and an enterprise roster of M enterprises (about 200 bytes a
//! row: 5,000,000 enterprises make about 1 GB). Declared aggregates agree
//! with the roster except for a few clusters; about 1 in 10,000 codes has a
//! wrong check character and about 1 in 20,000 enterprises is listed by a
//! second cluster. Deterministic for a seed (SplitMix64).

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::framework::{self, FieldKind, Period};
use cluster_eval::roster::uscc;
use std::io::Write;
use std::path::Path;

/// The default framework, written beside the generated round.
const FRAMEWORK: &str = include_str!("../../indicators/hebei-midterm.toml");

pub use cluster_eval::rng::Rng;

const PROVINCES: &[(&str, u32)] = &[
    ("北京市", 110100),
    ("天津市", 120100),
    ("河北省", 130100),
    ("山西省", 140100),
    ("内蒙古自治区", 150100),
    ("辽宁省", 210100),
    ("吉林省", 220100),
    ("黑龙江省", 230100),
    ("上海市", 310100),
    ("江苏省", 320100),
    ("浙江省", 330100),
    ("安徽省", 340100),
    ("福建省", 350100),
    ("江西省", 360100),
    ("山东省", 370100),
    ("河南省", 410100),
    ("湖北省", 420100),
    ("湖南省", 430100),
    ("广东省", 440100),
    ("广西壮族自治区", 450100),
    ("海南省", 460100),
    ("重庆市", 500100),
    ("四川省", 510100),
    ("贵州省", 520100),
    ("云南省", 530100),
    ("陕西省", 610100),
    ("甘肃省", 620100),
    ("青海省", 630100),
    ("宁夏回族自治区", 640100),
    ("新疆维吾尔自治区", 650100),
];
const TRACKS: &[&str] = &[
    "高端装备",
    "新材料",
    "新一代信息技术",
    "生物医药",
    "新能源",
    "先进钢铁",
];

/// What a generated roster row holds.
struct Enterprise {
    revenue: f64,
    rd: Option<f64>,
    patents: u32,
    employees: u32,
    flags: [bool; 5],
}

fn enterprise(rng: &mut Rng) -> Enterprise {
    // Revenue in 万元: heavy-tailed, 50 to about 2,000,000.
    let revenue = (50.0 * (1.0 / (1.0 - rng.uniform() * 0.999_99)).powf(1.15)).min(2_500_000.0);
    let revenue = (revenue * 100.0).round() / 100.0;
    let above = revenue >= 2000.0;
    let high_tech = rng.chance(if above { 0.3 } else { 0.04 });
    let giant = above && rng.chance(0.02);
    let champion = above && rng.chance(0.003);
    let listed = rng.chance(if revenue > 50_000.0 { 0.15 } else { 0.001 });
    let rd = if above || rng.chance(0.5) {
        Some((revenue * (0.005 + 0.05 * rng.uniform()) * 100.0).round() / 100.0)
    } else {
        None
    };
    let patents = if high_tech {
        (rng.uniform().powi(3) * 80.0) as u32
    } else {
        (rng.uniform().powi(6) * 5.0) as u32
    };
    Enterprise {
        revenue,
        rd,
        patents,
        employees: 5 + (revenue / 60.0 * (0.5 + rng.uniform())) as u32,
        flags: [above, high_tech, giant, champion, listed],
    }
}

fn code(rng: &mut Rng, division: u32) -> String {
    let mut s = format!("91{division:06}");
    for _ in 0..9 {
        s.push((b'0' + rng.below(10) as u8) as char);
    }
    let check = uscc::check_char(s.as_bytes()).unwrap_or('0');
    s.push(check);
    s
}

/// Per-cluster sums needed for the declared figures.
#[derive(Default, Clone)]
struct Tally {
    above: f64,
    high_tech: f64,
    giant: f64,
    champion: f64,
    listed: f64,
    big10: f64,
    big100: f64,
    patents: f64,
    rd_above: f64,
    revenue_above: f64,
    revenue: f64,
}

/// The largest national round `generate` writes: far beyond any real
/// round, small enough to allocate.
const MAX_CLUSTERS: usize = 100_000;
/// The largest roster (about 20 GB of CSV).
const MAX_ENTERPRISES: usize = 100_000_000;

pub fn execute(
    out: &Path,
    clusters: usize,
    enterprises: usize,
    seed: u64,
) -> Result<Outcome, Error> {
    if !(1..=MAX_CLUSTERS).contains(&clusters) {
        return Err(Error::Rejected(format!(
            "--clusters {clusters}: expected 1 to {MAX_CLUSTERS}"
        )));
    }
    if enterprises > MAX_ENTERPRISES {
        return Err(Error::Rejected(format!(
            "--enterprises {enterprises}: expected at most {MAX_ENTERPRISES} (about 200 bytes a row)"
        )));
    }
    generate(out, clusters, enterprises, seed)
        .map_err(|e| Error::io(out.display().to_string(), e))?;
    Ok(Outcome::Done)
}

fn generate(out: &Path, n: usize, m: usize, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng::new(seed);
    std::fs::write(out.join("framework.toml"), FRAMEWORK)?;
    std::fs::write(
        out.join("round.toml"),
        format!(
            "# 合成数据，仅供测试 / Synthetic national round for benchmarks (cluster-eval generate, seed {seed}).\n[round]\nid = \"national-synthetic\"\nname_zh = \"全国先进制造业集群合成评价轮次（合成数据）\"\nname_en = \"Synthetic national round (synthetic data)\"\nsynthetic = true\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"indicators.csv\"]\nenterprises = \"enterprises.csv\"\n"
        ),
    )?;
    let ids: Vec<String> = (1..=n).map(|i| format!("N{i:04}")).collect();
    let mut reg = std::io::BufWriter::new(std::fs::File::create(out.join("clusters.csv"))?);
    writeln!(reg, "cluster_id,name_zh,name_en,city,track,promotion_org")?;
    let mut province = Vec::with_capacity(n);
    for (i, id) in ids.iter().enumerate() {
        let p = PROVINCES[i % PROVINCES.len()];
        province.push(p);
        writeln!(
            reg,
            "{id},{}合成集群{},Synthetic cluster {},{},{},{}集群促进会{}",
            p.0,
            i + 1,
            i + 1,
            p.0,
            TRACKS[i % TRACKS.len()],
            p.0,
            i + 1
        )?;
    }
    reg.flush()?;

    // The roster: cluster sizes vary by a factor of about 4.
    let weights: Vec<f64> = (0..n).map(|_| 0.4 + 1.6 * rng.uniform()).collect();
    let total_w: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((m as f64) * w / total_w) as usize)
        .collect();
    let short = m - sizes.iter().sum::<usize>();
    for k in 0..short {
        sizes[k % n] += 1;
    }
    let mut tally = vec![Tally::default(); n];
    let file = std::fs::File::create(out.join("enterprises.csv"))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(
        w,
        "统一社会信用代码,企业名称,集群编号,所在区县,注册地址,营业收入（万元）,研发投入（万元）,有效发明专利数,从业人员数,规上企业,国家高新技术企业,专精特新小巨人,制造业单项冠军,上市企业"
    )?;
    let yn = |b: bool| if b { "是" } else { "否" };
    let mut shared: Vec<String> = Vec::new();
    for (c, &size) in sizes.iter().enumerate() {
        let (pname, division) = province[c];
        for k in 0..size {
            let e = enterprise(&mut rng);
            // About 1 in 20,000 rows repeats an enterprise of another cluster.
            let mut code = if !shared.is_empty() && rng.chance(0.000_05) {
                shared[rng.below(shared.len() as u64) as usize].clone()
            } else {
                let county = division + 2 * rng.below(20) as u32;
                code(&mut rng, county)
            };
            if k % 5000 == 7 {
                shared.push(code.clone());
            }
            // About 1 in 10,000 codes gets a wrong check character.
            let bad = rng.chance(0.000_1);
            if bad {
                let last = code.pop().unwrap_or('0');
                let pos = uscc::ALPHABET
                    .iter()
                    .position(|&a| a as char == last)
                    .unwrap_or(0);
                code.push(uscc::ALPHABET[(pos + 1) % 31] as char);
            } else {
                let t = &mut tally[c];
                let [above, ht, giant, champ, listed] = e.flags;
                t.above += above as u8 as f64;
                t.high_tech += ht as u8 as f64;
                t.giant += giant as u8 as f64;
                t.champion += champ as u8 as f64;
                t.listed += listed as u8 as f64;
                t.big10 += (e.revenue >= 100_000.0) as u8 as f64;
                t.big100 += (e.revenue >= 1_000_000.0) as u8 as f64;
                t.patents += e.patents as f64;
                t.revenue += e.revenue;
                if above {
                    t.revenue_above += e.revenue;
                    t.rd_above += e.rd.unwrap_or(0.0);
                }
            }
            let rd = e.rd.map(|x| format!("{x:.2}")).unwrap_or_default();
            writeln!(
                w,
                "{code},{}合成企业{}号有限公司,{},{}某区,{}某区经济技术开发区第{}大街{}号科技产业园{}号楼,{:.2},{rd},{},{},{},{},{},{},{}",
                pname,
                c * 100_000 + k,
                ids[c],
                pname,
                pname,
                1 + k % 40,
                1 + k % 997,
                1 + k % 23,
                e.revenue,
                e.patents,
                e.employees,
                yn(e.flags[0]),
                yn(e.flags[1]),
                yn(e.flags[2]),
                yn(e.flags[3]),
                yn(e.flags[4]),
            )?;
        }
    }
    w.flush()?;

    // Declared figures: every field and period the framework asks for.
    let (fw, diags) = framework::parse(FRAMEWORK, "framework.toml");
    let Some(fw) = fw.filter(|_| !diags.has_errors()) else {
        return Err(std::io::Error::other("the bundled framework does not load"));
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(out.join("indicators.csv"))?);
    writeln!(w, "cluster_id,indicator,period,value,unit")?;
    for (c, id) in ids.iter().enumerate() {
        let t = &tally[c];
        // About 1 cluster in 50 declares figures 10 % above its roster.
        let inflate = if rng.chance(0.02) { 1.1 } else { 1.0 };
        for f in &fw.fields {
            let declared = match f.id.as_str() {
                "above_scale" => Some((t.above * inflate).round()),
                "high_tech" => Some(t.high_tech),
                "little_giant" => Some(t.giant),
                "single_champion" => Some(t.champion),
                "listed" => Some(t.listed),
                "ent_10bn" => Some(t.big10),
                "ent_100bn" => Some(t.big100),
                "valid_patents" => Some(t.patents),
                "rd_intensity" if t.revenue_above > 0.0 => {
                    Some((10_000.0 * t.rd_above / t.revenue_above).round() / 100.0)
                }
                "revenue" => Some((t.revenue / 10_000.0 * 100.0).round() / 100.0),
                _ => None,
            };
            let current = declared.unwrap_or_else(|| synthetic_value(&mut rng, f));
            for &p in &f.periods {
                let (year, v) = match p {
                    Period::Baseline => (2021, current / (1.05 + 0.3 * rng.uniform())),
                    Period::Current => (2023, current),
                    Period::Target => (2025, current * (1.1 + 0.3 * rng.uniform())),
                };
                let v = match f.kind {
                    FieldKind::Count => v.round(),
                    _ => (v * 100.0).round() / 100.0,
                };
                let v = match (f.min, f.max) {
                    (Some(lo), Some(hi)) => v.clamp(lo, hi),
                    (Some(lo), None) => v.max(lo),
                    _ => v,
                };
                writeln!(w, "{id},{},{year},{v},{}", f.id, f.unit)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// A plausible value for a field the roster does not give.
fn synthetic_value(rng: &mut Rng, f: &framework::Field) -> f64 {
    let u = rng.uniform();
    match f.kind {
        FieldKind::Count => (u * u * 200.0).round(),
        FieldKind::Percent => {
            let lo = f.min.unwrap_or(0.0).max(0.0);
            let hi = f.max.unwrap_or(100.0).min(100.0);
            lo + (hi - lo) * (0.05 + 0.6 * u)
        }
        FieldKind::Score => f.max.unwrap_or(10.0) * (0.4 + 0.6 * u),
        FieldKind::Amount => 5.0 + 500.0 * u,
        FieldKind::Ratio => 0.05 + 0.5 * u,
        FieldKind::Quantity => 0.2 + 50.0 * u,
    }
}
