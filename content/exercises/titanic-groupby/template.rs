//! # Survival rates with polars: group by, aggregate, sort / 用 polars 分组统计生还率
//!
//! The seed's pandas exercise, in polars. In pandas:
//!
//! ```text
//! df.groupby(keys)["Survived"].agg(["count", "sum", "mean"])
//! ```
//!
//! gives, for each group of passengers (e.g. keys = ["Sex", "Pclass"]), how many there are, how
//! many survived and the survival rate. Write it with polars expressions: return a DataFrame
//! with the key columns, then `n` (the number of passengers, rows, whatever else is missing),
//! `survived` (the sum of `Survived`) and `rate` (its mean, a float), one row per group, sorted
//! by the keys in ascending order.
//!
//! 种子路径中的 pandas 练习，用 polars 完成：按 `keys`（如 ["Sex", "Pclass"]）分组，返回键列以及
//! `n`（该组乘客数，即行数）、`survived`（`Survived` 之和）和 `rate`（生还率，浮点数），每组一行，
//! 按键升序排列。
//!
//! Lab / 实验: `llmpath lab show titanic`. Check / 检查: `llmpath check` (the first check of a
//! polars exercise compiles polars: a few minutes / 首次检查需要编译 polars，需要几分钟).

use polars::prelude::*;

/// Passengers, survivors and survival rate per group of `keys`, sorted by the keys.
pub fn survival_by(df: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    todo!("group {} passengers by {keys:?}", df.height())
}
