//! Titanic with polars: the seed's exercise "analyse the Titanic survival data with Pandas",
//! done in Rust. A dataframe is a table of named, typed columns; an analysis is a chain of
//! expressions over them (`with_columns`, `group_by`/`agg`, `sort`), which polars plans lazily
//! and runs when `collect()` is called. Every step below prints its pandas spelling beside the
//! polars one, and pandas computed every number first (`scripts/reference/titanic.py`).
//!
//! ```text
//! missing    df.isna().sum()                       ↔ df.null_count()
//! impute     Age ← median(Age | Sex, Pclass):  groupby(..)["Age"].transform("median")
//!                                                  ↔ col("Age").median().over([..])
//!            Embarked ← mode(Embarked):        df.Embarked.mode()[0]   ↔ mode(true).first()
//!            Deck = Cabin[0] or "Unknown":     df.Cabin.str[0]         ↔ str().head(lit(1))
//! survival   rate(g) = mean(Survived | g) = survived(g) / n(g)
//!            df.groupby(g)["Survived"].agg(["count", "sum", "mean"])
//!            ↔ df.lazy().group_by(g).agg([len(), col("Survived").sum(), col("Survived").mean()])
//! ```
//!
//! Age bands are right-closed as `pd.cut` makes them ((0, 12], (12, 18], (18, 35], (35, 60],
//! (60, ∞); a 12.5-year-old is in 13-18), family size is SibSp + Parch + 1 (alone, 2-4, 5+).
//! Draws bar charts of the survival rate by sex, class, age band and family size, the rate by
//! class for each sex (grouped bars), and histograms of the known ages of survivors and of the others.
//!
//! Expected result and time (release, 2 vCPU): 891 passengers × 12 columns; Age misses 177,
//! Cabin 687, Embarked 2 (filled with "S"). Age medians by (sex, class): women 35, 28, 21.5,
//! men 40, 30, 25; the mean imputed age is 29.112. Survival 38.4 %: women 74.2 %, men 18.9 %;
//! classes 63.0 / 47.3 / 24.2 %; women of the first class 96.8 %, men of the third 13.5 %;
//! children up to 12 58.0 %, over 60 22.7 %; alone 30.4 %, families of 2-4 57.9 %, of 5+
//! 16.1 %; Cherbourg 55.4 %, Southampton 33.9 %. Every count equals pandas' and every rate is
//! met to 1e-12 (all 84 values are bit-identical). 0.04 s with the plots (debug build 1.5 s);
//! `--quick` is the same run (the data is small), every reference still checked.
//!
//! References:
//! - McKinney, *Python for Data Analysis*, 3rd ed. (2022): ch. 7 (missing data), 10 (group by).
//! - Polars user guide: "Expressions", "Aggregation", "Window functions", "Missing data"
//!   (<https://docs.pola.rs/user-guide/>); "Coming from Pandas" (migration guide).
//! - Kaggle, "Titanic – Machine Learning from Disaster" (the data; `llmpath data fetch titanic`).

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::process::ExitCode;

use llmpath_data::DataDir;
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{BarChart, Chart, Plots};
use polars::prelude::*;
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/titanic.json");
/// Rates are checked to this relative tolerance; counts exactly.
const RATE_RTOL: f64 = 1e-12;
/// The survival tables: name and the columns that make a group.
const GROUPINGS: [(&str, &[&str]); 7] = [
    ("sex", &["Sex"]),
    ("class", &["Pclass"]),
    ("sex_class", &["Sex", "Pclass"]),
    ("age_band", &["AgeBand"]),
    ("family", &["Family"]),
    ("embarked", &["Embarked"]),
    ("deck", &["Deck"]),
];

/// `pd.read_csv(path)` ↔ `LazyCsvReader::new(path).finish()?.collect()?` (types inferred).
fn read(path: &Path) -> PolarsResult<DataFrame> {
    LazyCsvReader::new(PlRefPath::try_from_path(path)?).with_has_header(true).finish()?.collect()
}

/// `df["Embarked"].mode()[0]` ↔ `select([col("Embarked").mode(true).first()])`.
fn mode(df: &DataFrame, name: &str) -> PolarsResult<String> {
    let top = df.clone().lazy().select([col(name).mode(true).first()]).collect()?;
    Ok(top.column(name)?.str()?.get(0).unwrap_or_default().to_owned())
}

/// The frame the analysis runs on: Age imputed (as `AgeFilled`), Embarked filled, and the
/// derived columns Deck, AgeBand and Family.
fn clean(df: DataFrame, embarked_mode: &str) -> PolarsResult<DataFrame> {
    // df["Age"].fillna(df.groupby(["Sex", "Pclass"])["Age"].transform("median"))
    let by_group = col("Age").median().over([col("Sex"), col("Pclass")])?;
    let age_filled = col("Age").fill_null(by_group).alias("AgeFilled");
    // df["Embarked"].fillna(mode)
    let embarked = col("Embarked").fill_null(lit(embarked_mode));
    // df["Cabin"].str[0].fillna("Unknown")
    let deck = col("Cabin").str().head(lit(1)).fill_null(lit("Unknown")).alias("Deck");
    // pd.cut(df["Age"], [0, 12, 18, 35, 60, np.inf], labels=[...]); a missing age is "unknown"
    let age = || col("Age");
    let band = when(age().is_null())
        .then(lit("unknown"))
        .when(age().lt_eq(lit(12)))
        .then(lit("0-12"))
        .when(age().lt_eq(lit(18)))
        .then(lit("13-18"))
        .when(age().lt_eq(lit(35)))
        .then(lit("19-35"))
        .when(age().lt_eq(lit(60)))
        .then(lit("36-60"))
        .otherwise(lit("60+"))
        .alias("AgeBand");
    // size = df.SibSp + df.Parch + 1; np.select([size == 1, size <= 4], ["alone", "2-4"], "5+")
    let size = col("SibSp") + col("Parch") + lit(1);
    let family = when(size.clone().eq(lit(1)))
        .then(lit("alone"))
        .when(size.lt_eq(lit(4)))
        .then(lit("2-4"))
        .otherwise(lit("5+"))
        .alias("Family");
    df.lazy().with_columns([age_filled, embarked, deck, band, family]).collect()
}

/// `df.groupby(["Sex", "Pclass"])["Age"].median()`.
fn age_medians(df: &DataFrame) -> PolarsResult<DataFrame> {
    let lazy = df.clone().lazy().group_by([col("Sex"), col("Pclass")]);
    lazy.agg([col("Age").median()]).sort(["Sex", "Pclass"], Default::default()).collect()
}

/// `df.groupby(keys)["Survived"].agg(["count", "sum", "mean"])`: n, survived and rate per group.
fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let counts = [
        len().alias("n"),
        col("Survived").sum().alias("survived"),
        col("Survived").mean().alias("rate"),
    ];
    df.clone().lazy().group_by(by).agg(counts).sort(keys.to_vec(), Default::default()).collect()
}

/// Each row's key as the golden file spells it: the `keys` columns as text, joined ("female, 1").
fn row_keys(table: &DataFrame, keys: &[&str]) -> PolarsResult<Vec<String>> {
    let mut out = vec![Vec::new(); table.height()];
    for key in keys {
        let text = table.column(key)?.cast(&DataType::String)?;
        for (row, value) in out.iter_mut().zip(text.str()?.iter()) {
            row.push(value.unwrap_or("null").to_owned());
        }
    }
    Ok(out.into_iter().map(|parts| parts.join(", ")).collect())
}

/// A numeric column as `f64`s (a null is NaN).
fn numbers(table: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    let values = table.column(name)?.cast(&DataType::Float64)?;
    Ok(values.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// One group of a survival table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Group {
    key: String,
    n: f64,
    survived: f64,
    rate: f64,
}

fn groups(table: &DataFrame, keys: &[&str]) -> PolarsResult<Vec<Group>> {
    let (n, survived, rate) =
        (numbers(table, "n")?, numbers(table, "survived")?, numbers(table, "rate")?);
    let rows = row_keys(table, keys)?.into_iter().enumerate();
    Ok(rows.map(|(i, key)| Group { key, n: n[i], survived: survived[i], rate: rate[i] }).collect())
}

/// `np.histogram(ages, edges)` of the known ages of the others (0) and of survivors (1):
/// bins `[eᵢ, eᵢ₊₁)`, the last one closed.
fn age_histogram(df: &DataFrame, edges: &[f64]) -> PolarsResult<[Vec<f64>; 2]> {
    let bins = edges.len() - 1;
    let mut counts = [vec![0.0; bins], vec![0.0; bins]];
    let ages = numbers(df, "Age")?.into_iter().zip(numbers(df, "Survived")?);
    for (age, survived) in ages.filter(|(a, _)| (edges[0]..=edges[bins]).contains(a)) {
        let bin = (edges.partition_point(|&e| e <= age) - 1).min(bins - 1);
        counts[usize::from(survived == 1.0)][bin] += 1.0;
    }
    Ok(counts)
}

/// The survival rate of each group as a bar named by the group's key.
fn bars(title: &str, what: &str, groups: &[Group], lang: Lang) -> BarChart {
    let keys: Vec<String> = groups.iter().map(|g| g.key.clone()).collect();
    BarChart::new(title, what, lang.pick("生还率", "survival rate"), &keys).series(
        lang.pick("生还人数 / 人数", "survived / passengers"),
        groups.iter().map(|g| g.rate),
    )
}

/// The outline of a histogram, as the points of a line.
fn outline(edges: &[f64], counts: &[f64]) -> Vec<(f64, f64)> {
    let mut points = vec![(edges[0], 0.0)];
    for (e, &count) in edges.windows(2).zip(counts) {
        points.extend([(e[0], count), (e[1], count)]);
    }
    points.push((edges[edges.len() - 1], 0.0));
    points
}

/// What `scripts/reference/titanic.py` wrote.
#[derive(Debug, Deserialize)]
struct Golden {
    versions: BTreeMap<String, String>,
    shape: [usize; 2],
    missing: BTreeMap<String, f64>,
    age_median_by_sex_class: BTreeMap<String, f64>,
    age_filled_mean: f64,
    embarked_mode: String,
    survival_rate: f64,
    survival: BTreeMap<String, Vec<Group>>,
    age_histogram: AgeHistogram,
}

#[derive(Debug, Deserialize)]
struct AgeHistogram {
    edges: Vec<f64>,
    died: Vec<f64>,
    survived: Vec<f64>,
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("titanic", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let lang = args.lang;
    let g: Golden = serde_json::from_str(GOLDEN)?;
    let path = DataDir::resolve(args.data_dir.clone())?.require("titanic", "titanic/train.csv")?;
    let plots = Plots::new(&args)?;
    let mut run = Run::start("titanic", "titanic", &args)?;
    let mut c = Checks::default();
    let pandas = |call: &str| format!("pandas {} {call}", g.versions["pandas"]);
    let code = |pandas: &str, polars: &str| println!("   pandas: {pandas}\n   polars: {polars}");

    println!("{}", lang.pick(ZH[0], EN[0]));
    code("pd.read_csv(path)", "LazyCsvReader::new(path).finish()?.collect()?");
    let df = read(&path)?;
    println!("{}", df.head(Some(5)));
    c.require(df.shape() == (g.shape[0], g.shape[1]), "golden file made from another train.csv");

    println!("{}", lang.pick(ZH[1], EN[1]));
    code("df.isna().sum()", "df.null_count()");
    let nulls = df.null_count(); // one row: the number of nulls in each column
    c.require(g.missing.len() == df.width(), "golden file has other columns");
    let mut counts = Vec::new();
    for name in df.get_column_names() {
        let ours = numbers(&nulls, name)?.first().copied().unwrap_or(f64::NAN);
        let theirs = g.missing.get(name.as_str()).copied().unwrap_or(f64::NAN);
        let metric = format!("missing.{}", name.to_lowercase());
        c.compare(&metric, ours, theirs, 0.0, &pandas("isna().sum()"));
        counts.push(format!("{name} {ours}"));
    }
    println!("   {}", counts.join(", "));

    println!("{}", lang.pick(ZH[2], EN[2]));
    code(
        "df.groupby([\"Sex\", \"Pclass\"])[\"Age\"].median()",
        "df.lazy().group_by([col(\"Sex\"), col(\"Pclass\")]).agg([col(\"Age\").median()])",
    );
    let medians = age_medians(&df)?;
    println!("{medians}");
    let ours = row_keys(&medians, &["Sex", "Pclass"])?.into_iter().zip(numbers(&medians, "Age")?);
    c.require(medians.height() == g.age_median_by_sex_class.len(), "not pandas' six groups");
    for (key, value) in ours {
        let theirs = g.age_median_by_sex_class.get(&key).copied().unwrap_or(f64::NAN);
        let metric = format!("age_median.{}", key.replace(", ", "_"));
        c.compare(&metric, value, theirs, RATE_RTOL, &pandas("groupby.median"));
    }
    code(
        "df[\"Embarked\"].mode()[0]; df[\"Cabin\"].str[0].fillna(\"Unknown\")",
        "col(\"Embarked\").mode(true).first(); col(\"Cabin\").str().head(lit(1)).fill_null(..)",
    );
    let embarked_mode = mode(&df, "Embarked")?;
    c.require(embarked_mode == g.embarked_mode, format!("Embarked's mode is {embarked_mode}"));
    let df = clean(df, &embarked_mode)?;
    let mean_age = df.column("AgeFilled")?.f64()?.mean().unwrap_or(f64::NAN); // df.AgeFilled.mean()
    c.require(df.column("AgeFilled")?.null_count() == 0, "an age is still missing");
    let mean_label = lang.pick("填补后的平均年龄", "mean age after imputation");
    println!("   Embarked: {embarked_mode}; {mean_label} {mean_age:.4}");
    c.compare("age_filled_mean", mean_age, g.age_filled_mean, RATE_RTOL, &pandas("fillna.mean"));
    let rate = df.column("Survived")?.i64()?.mean().unwrap_or(f64::NAN);
    c.compare("survival_rate", rate, g.survival_rate, RATE_RTOL, &pandas("mean"));

    println!("{}", lang.pick(ZH[3], EN[3]));
    let mut tables = BTreeMap::new();
    for (name, keys) in GROUPINGS {
        let by: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
        let by_col: Vec<String> = keys.iter().map(|k| format!("col(\"{k}\")")).collect();
        println!("\n   {name}");
        let agg = "agg([len(), col(\"Survived\").sum(), col(\"Survived\").mean()])";
        code(
            &format!(
                "df.groupby([{}])[\"Survived\"].agg([\"count\", \"sum\", \"mean\"])",
                by.join(", ")
            ),
            &format!("df.lazy().group_by([{}]).{agg}", by_col.join(", ")),
        );
        let table = survival_by(&df, keys)?;
        println!("{table}");
        let ours = groups(&table, keys)?;
        let theirs = g.survival.get(name).map_or(&[][..], Vec::as_slice);
        c.require(ours.len() == theirs.len(), format!("{name}: {} groups", ours.len()));
        let source = pandas("groupby.agg");
        for t in theirs {
            let o = ours.iter().find(|o| o.key == t.key);
            let [n, s, r] = o.map_or([f64::NAN; 3], |o| [o.n, o.survived, o.rate]);
            let id = format!("{name}.{}", t.key.replace(", ", "_"));
            c.compare(&format!("n.{id}"), n, t.n, 0.0, &source);
            c.compare(&format!("rate.{id}"), r, t.rate, RATE_RTOL, &source);
            c.require(s == t.survived, format!("{id}: {s} survived, pandas {}", t.survived));
        }
        tables.insert(name, ours);
    }

    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    for (name, title, what) in [
        ("sex", t("按性别的生还率", "Survival rate by sex"), t("性别", "sex")),
        ("class", t("按舱位的生还率", "Survival rate by class"), t("舱位", "class")),
        ("age_band", t("按年龄段的生还率", "Survival rate by age band"), t("年龄", "age")),
        (
            "family",
            t("按家庭人数的生还率", "Survival rate by family size"),
            t("家庭人数", "family size"),
        ),
    ] {
        let chart = bars(title, what, &tables[name], lang);
        plots.record(&mut run, &format!("survival_by_{name}"), &chart)?;
    }
    let title = t("各舱位的生还率：女性与男性", "Survival rate by class, women and men");
    let classes = ["1", "2", "3"].map(String::from);
    let mut chart =
        BarChart::new(title, t("舱位", "class"), t("生还率", "survival rate"), &classes);
    for (sex, label) in [("female", t("女性", "women")), ("male", t("男性", "men"))] {
        let rate = |class: &String| {
            let key = format!("{sex}, {class}"); // keys "female, 1" … "male, 3"
            tables["sex_class"].iter().find(|r| r.key == key).map_or(f64::NAN, |r| r.rate)
        };
        chart = chart.series(label, classes.iter().map(rate));
    }
    plots.record(&mut run, "survival_by_sex_class", &chart)?;

    let h = &g.age_histogram;
    let [died, survived] = age_histogram(&df, &h.edges)?;
    c.require(died == h.died && survived == h.survived, "age histogram is not numpy's");
    let title =
        t("生还者与遇难者的年龄（年龄已知者）", "Ages of survivors and of the others (known ages)");
    let chart = Chart::new(title, t("年龄（岁）", "age (years)"), t("人数", "passengers"))
        .line(t("生还", "survived"), outline(&h.edges, &survived))
        .line(t("遇难", "died"), outline(&h.edges, &died));
    plots.record(&mut run, "age_histogram", &chart)?;
    c.finish(run)?;
    Ok(())
}

/// The printed report.
const EN: [&str; 4] = [
    "1. Read train.csv: one row per passenger, types inferred from the text.",
    "2. Missing values per column: Age is unknown for 177 passengers, Cabin for 687, Embarked for 2.",
    "3. Impute: a missing Age becomes the median age of its (sex, class) group, a missing port the most common one; the deck is Cabin's first letter, or \"Unknown\".",
    "4. Survival by group: n passengers, how many survived, and the rate (the mean of the 0/1 column Survived).",
];
const ZH: [&str; 4] = [
    "1. 读取 train.csv：每位乘客一行，列类型由文本推断。",
    "2. 各列缺失值：Age 缺 177 个，Cabin 缺 687 个，Embarked 缺 2 个。",
    "3. 填补：缺失的年龄取同（性别, 舱位）组的年龄中位数，缺失的登船港口取众数；甲板取 Cabin 的首字母，缺失则为 \"Unknown\"。",
    "4. 分组生还情况：人数 n、生还人数与生还率（0/1 列 Survived 的均值）。",
];

#[cfg(test)]
#[path = "titanic/tests.rs"]
mod tests;
