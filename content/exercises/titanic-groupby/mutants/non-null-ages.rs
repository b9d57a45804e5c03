//! Counts the passengers with a known age (pandas' `count` on `Age` skips nulls) as n.

use polars::prelude::*;

pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let aggregates = [
        col("Age").count().alias("n"),
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
