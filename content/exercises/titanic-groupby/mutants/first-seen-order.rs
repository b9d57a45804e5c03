//! Keeps the groups in the order they first appear instead of sorting by the keys.

use polars::prelude::*;

pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let by: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let aggregates = [
        len().alias("n"),
        col("Survived").sum().alias("survived"),
        col("Survived").cast(DataType::Float64).mean().alias("rate"),
    ];
    df.clone().lazy().group_by_stable(by).agg(aggregates).collect()
}
