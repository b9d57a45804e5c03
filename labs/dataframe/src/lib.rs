//! The dataframe labs: polars, the Rust counterpart of pandas. Each lab is one binary in
//! `src/bin/`, read top to bottom; run one with
//! `cargo run --release -p llmpath-labs-dataframe --bin NAME -- --out DIR [--quick] [--lang zh]`.
