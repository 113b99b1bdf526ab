#!/usr/bin/env bash
# The one test command (README "Two commands"; .ci/run calls exactly this).
# Runs every test of every language: Rust (fmt, clippy, unit, vectors,
# property, doc tests, `caseexport serve`/`send`/`get` over loopback
# including a kill -9 crash test, package check, benches compiled), C (static + shared,
# under valgrind when installed) and Python (in a virtual environment it
# creates). One shared target directory; nothing is built twice in release.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

section() { printf '\n==== %s ====\n' "$*"; }

section "Rust: format"
cargo fmt --all -- --check

section "Rust: clippy (-D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

section "Rust: tests (unit, shared vectors, properties, doctests; the server and send/get over loopback)"
# Optional data: the JSONTestSuite corpus beside the repository (CI has it).
corpus="../shared/data/jsontestsuite/test_parsing"
if [ -d "$corpus" ]; then
    echo "JSONTestSuite corpus found at $corpus: the corpus tests run"
else
    echo "SKIP: JSONTestSuite corpus not found at $corpus (optional data): its tests are skipped"
fi
cargo test --workspace

section "Rust: documentation builds without warnings (broken links, missing docs)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet

section "Rust: the core crate packages cleanly"
cargo package -p caseexport --allow-dirty --quiet

section "Rust: benches compile (not run)"
cargo bench --workspace --no-run --quiet

section "C: libcaseexport (static + shared, valgrind when installed)"
bindings/c/run-tests.sh

section "Python: caseexport package (own venv, debug wheel, pytest)"
bindings/python/run-tests.sh

echo
echo "all test suites passed"
