//! Divides each group's survivors by all passengers instead of the group's.

use polars::prelude::*;

pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let total = df.height() as f64;
    let aggregates = [
        len().alias("n"),
        col("Survived").sum().alias("survived"),
        (col("Survived").sum().cast(DataType::Float64) / lit(total)).alias("rate"),
    ];
    df.clone()
        .lazy()
        .group_by(by)
        .agg(aggregates)
        .sort(keys.to_vec(), SortMultipleOptions::default())
        .collect()
}
