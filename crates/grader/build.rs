//! `include_dir!` cannot tell cargo which files it read on stable Rust: rebuild when the
//! sources a learner's workspace is made of change.
fn main() {
    for path in [
        "../../labs",
        "../lab",
        "../data",
        "../checker",
        "../checker-polars",
        "../../Cargo.toml",
        "../../Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
}
