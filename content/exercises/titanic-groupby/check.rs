use std::collections::BTreeMap;

use llmpath_checker_polars::polars::prelude::*;
use llmpath_checker_polars::proptest::collection::vec;
use llmpath_checker_polars::proptest::prelude::*;
use llmpath_checker_polars::{Check, Verdict, close, property, say, titanic};

const CHECKS: &[Check] = &[
    Check {
        zh: "按性别：列名与每组一行",
        en: "by sex: the columns, one row per group",
        run: by_sex,
    },
    Check {
        zh: "按性别与舱位：人数、生还人数、生还率",
        en: "by sex and class: passengers, survivors, rate",
        run: by_sex_and_class,
    },
    Check {
        zh: "按键升序排列",
        en: "sorted by the keys",
        run: sorted,
    },
    Check {
        zh: "随机乘客表（含缺失的年龄）",
        en: "random passenger tables (with missing ages)",
        run: random_tables,
    },
];

/// A key column's values as text, row by row.
fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    let column = df.column(name)?.cast(&DataType::String)?;
    Ok(column.str()?.iter().map(|v| v.unwrap_or("null").to_owned()).collect())
}

fn numbers(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    let column = df.column(name)?.cast(&DataType::Float64)?;
    Ok(column.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// (passengers, survivors) per key, row by row: no group-by involved.
fn reference(df: &DataFrame, keys: &[&str]) -> PolarsResult<BTreeMap<Vec<String>, (f64, f64)>> {
    let columns: Vec<Vec<String>> = keys.iter().map(|k| texts(df, k)).collect::<PolarsResult<_>>()?;
    let survived = numbers(df, "Survived")?;
    let mut groups = BTreeMap::new();
    for (row, s) in survived.iter().enumerate() {
        let key: Vec<String> = columns.iter().map(|c| c[row].clone()).collect();
        let entry = groups.entry(key).or_insert((0.0, 0.0));
        entry.0 += 1.0;
        entry.1 += s;
    }
    Ok(groups)
}

/// The learner's table, row by row: key, n, survived, rate.
type Rows = Vec<(Vec<String>, [f64; 3])>;

fn yours(df: &DataFrame, keys: &[&str]) -> Result<Rows, String> {
    let out = learner::survival_by(df, keys).map_err(|err| {
        say(format!("返回了错误：{err}"), format!("it returned an error: {err}"))
    })?;
    for name in keys.iter().copied().chain(["n", "survived", "rate"]) {
        if out.column(name).is_err() {
            let names: Vec<String> = out.get_column_names().iter().map(|n| n.to_string()).collect();
            return Err(say(
                format!("结果中没有列 {name:?}（现有列：{names:?}）"),
                format!("the result has no column {name:?} (its columns: {names:?})"),
            ));
        }
    }
    let read = || -> PolarsResult<Rows> {
        let columns: Vec<Vec<String>> = keys.iter().map(|k| texts(&out, k)).collect::<PolarsResult<_>>()?;
        let (n, s, r) = (numbers(&out, "n")?, numbers(&out, "survived")?, numbers(&out, "rate")?);
        Ok((0..out.height())
            .map(|row| (columns.iter().map(|c| c[row].clone()).collect(), [n[row], s[row], r[row]]))
            .collect())
    };
    read().map_err(|err| err.to_string())
}

/// Compares the learner's table with the row-by-row counts.
fn agrees(df: &DataFrame, keys: &[&str]) -> Verdict {
    let expected = reference(df, keys).map_err(|err| err.to_string())?;
    let rows = yours(df, keys)?;
    if rows.len() != expected.len() {
        return Err(say(
            format!("{} 行，但按 {keys:?} 有 {} 组：是否按所有键分组？", rows.len(), expected.len()),
            format!("{} rows, but {keys:?} make {} groups: grouped by every key?", rows.len(), expected.len()),
        ));
    }
    for (key, [n, survived, rate]) in &rows {
        let Some(&(count, sum)) = expected.get(key) else {
            return Err(say(format!("多出的组 {key:?}"), format!("an unexpected group {key:?}")));
        };
        if *n != count {
            return Err(say(
                format!("组 {key:?} 的 n = {n}，该组有 {count} 行：n 数的是行数，不是某列的非空值个数"),
                format!("group {key:?}: n = {n}, but it has {count} rows: n counts rows, not the non-null values of a column"),
            ));
        }
        if *survived != sum {
            return Err(say(
                format!("组 {key:?} 的 survived = {survived}，应为该组 Survived 之和"),
                format!("group {key:?}: survived = {survived}, not the sum of Survived in the group"),
            ));
        }
        if !close(*rate, sum / count, 1e-12, 1e-12) {
            return Err(say(
                format!("组 {key:?} 的 rate = {rate}：生还率是该组内生还人数 / 该组人数"),
                format!("group {key:?}: rate = {rate}: the rate is the group's survivors / the group's passengers"),
            ));
        }
    }
    Ok(())
}

fn by_sex() -> Verdict {
    agrees(&titanic().map_err(|e| e.to_string())?, &["Sex"])
}

fn by_sex_and_class() -> Verdict {
    agrees(&titanic().map_err(|e| e.to_string())?, &["Sex", "Pclass"])
}

fn sorted() -> Verdict {
    let df = titanic().map_err(|e| e.to_string())?;
    for keys in [&["Sex"][..], &["Pclass", "Sex"][..]] {
        let rows = yours(&df, keys)?;
        let order: Vec<&Vec<String>> = rows.iter().map(|(key, _)| key).collect();
        if order.windows(2).any(|w| w[0] > w[1]) {
            return Err(say(
                format!("按 {keys:?} 的结果顺序为 {order:?}：group_by 不保证顺序，需要排序"),
                format!("by {keys:?} the rows come as {order:?}: group_by keeps no order, sort by the keys"),
            ));
        }
    }
    Ok(())
}

fn random_tables() -> Verdict {
    let passenger = (0..2usize, 1..4i64, 0..2i64, prop::option::of(0.5..80.0f64));
    property(vec(passenger, 1..40), |passengers| {
        let sex: Vec<&str> = passengers.iter().map(|p| ["female", "male"][p.0]).collect();
        let class: Vec<i64> = passengers.iter().map(|p| p.1).collect();
        let survived: Vec<i64> = passengers.iter().map(|p| p.2).collect();
        let age: Vec<Option<f64>> = passengers.iter().map(|p| p.3).collect();
        let df = df!("Sex" => sex, "Pclass" => class, "Survived" => survived, "Age" => age)
            .map_err(|e| e.to_string())?;
        agrees(&df, &["Sex", "Pclass"])
    })
}
