//! The repository README shows `examples/patch_flow.rs` as it is: the block
//! that a reader pastes into `src/main.rs` is the program that the test
//! command builds and runs (the README's blocks also run as doctests).

/// The ```rust blocks of `markdown`, without their fences.
fn rust_blocks(markdown: &str) -> Vec<&str> {
    markdown
        .split("```")
        .skip(1)
        .step_by(2)
        .filter_map(|block| block.strip_prefix("rust\n"))
        .collect()
}

#[test]
fn the_readme_shows_the_example_program_as_it_is() {
    let readme = include_str!("../../../README.md");
    let example = include_str!("../examples/patch_flow.rs");
    let blocks = rust_blocks(readme);
    assert!(
        blocks.contains(&example),
        "README.md's Rust block differs from crates/caseexport/examples/patch_flow.rs: \
         copy the file into the README"
    );
    assert!(example.contains("fn main() -> Result<"));
}

#[test]
fn rust_blocks_are_found_between_fences() {
    let md = "text\n```rust\nfn main() {}\n```\n```toml\n[x]\n```\n```rust\nlet a = 1;\n```\n";
    assert_eq!(rust_blocks(md), ["fn main() {}\n", "let a = 1;\n"]);
}
