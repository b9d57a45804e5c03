//! `include_dir!` cannot tell cargo which files it read on stable Rust, so without this a change
//! to `content/` would not rebuild the binary that embeds it.
fn main() {
    println!("cargo:rerun-if-changed=../../content");
}
