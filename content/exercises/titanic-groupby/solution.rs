//! # Survival rates with polars: group by, aggregate, sort / 用 polars 分组统计生还率
//!
//! A lazy query: polars plans `group_by` → `agg` → `sort` and runs it on `collect()`. `len()`
//! counts the rows of each group (pandas' `count` on a column without nulls); the mean of a 0/1
//! column is the share of ones. A hash group-by returns groups in no particular order, hence
//! the sort.

use polars::prelude::*;

/// Passengers, survivors and survival rate per group of `keys`, sorted by the keys.
pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let aggregates = [
        len().alias("n"),
        col("Survived").sum().alias("survived"),
        col("Survived").cast(DataType::Float64).mean().alias("rate"),
    ];
    df.clone()
        .lazy()
        .group_by(by)
        .agg(aggregates)
        .sort(keys.to_vec(), SortMultipleOptions::default())
        .collect()
}
