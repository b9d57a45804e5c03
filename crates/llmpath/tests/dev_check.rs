//! `llmpath dev check` through the binary: the shipped content passes, a broken copy fails with
//! the file, the id and the rule, and a non-zero exit. (Every rule is proven in
//! crates/content/tests/rules.rs.)
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, content_dir, copy_dir};

#[test]
fn the_shipped_content_passes() {
    let sandbox = Sandbox::new();
    // Only the content rules: CI runs the exercise gate (`llmpath dev check`) on its own.
    let out = sandbox.run(&["dev", "check", "--no-exercises"]);
    assert!(out.contains("content ok: 5 stages"), "{out}");
    assert!(out.contains("every seed line covered"), "{out}");
}

#[test]
fn a_broken_content_folder_fails_naming_file_id_and_rule() {
    let sandbox = Sandbox::new();
    let broken = sandbox.dir.path().join("content");
    copy_dir(&content_dir(), &broken);
    let stage = broken.join("stages/s1-foundations.toml");
    let text = std::fs::read_to_string(&stage).unwrap();
    let text = text.replacen(
        "prerequisites = [\"s1.math.eigen\"]",
        "prerequisites = [\"s1.math.eigen\", \"s1.math.no-such-topic\"]",
        1,
    );
    assert!(
        text.contains("s1.math.no-such-topic"),
        "the fixture edit did not apply"
    );
    std::fs::write(&stage, text).unwrap();
    let err = sandbox.fail(&["dev", "check", "--content", broken.to_str().unwrap()]);
    assert!(
        err.contains("stages/s1-foundations.toml: s1.math.svd: [prerequisite]"),
        "{err}"
    );
    assert!(err.contains("s1.math.no-such-topic"), "{err}");
}
