//! Groups by the first key only.

use polars::prelude::*;

pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().take(1).map(|key| col(*key)).collect();
    let aggregates = [
        len().alias("n"),
        col("Survived").sum().alias("survived"),
        col("Survived").cast(DataType::Float64).mean().alias("rate"),
    ];
    df.clone()
        .lazy()
        .group_by(by)
        .agg(aggregates)
        .sort(keys.iter().take(1).copied().collect::<Vec<_>>(), SortMultipleOptions::default())
        .collect()
}
