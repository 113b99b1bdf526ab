#!/usr/bin/env bash
# The one test command (README "Two commands"; .ci/run calls exactly this).
# Checks its prerequisites first (scripts/check-prereqs.sh: what to install
# when something is missing), runs every README code block
# (scripts/readme-blocks.py) and ends with `du -sh` of the target directory
# (README "Disk"). Runs every test of every language: Rust (fmt, clippy, unit, vectors,
# property, doc tests, the README's program, `caseexport serve`/`send`/`get`
# over loopback including a kill -9 crash test, package check, benches
# compiled), the fuzz corpora (replayed), C (static + shared, under ASan/UBSan,
# under valgrind when installed, and the installed library used as the README
# says), Python (a wheel installed into a virtual environment without
# Rust) and Microsoft's Graph SDKs against `caseexport serve`. One shared
# target directory; nothing is built twice in release.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# CI builds once, from a fresh clone: incremental compilation state (about a
# quarter of target/, README "Disk") would never be reused there.
if [ "${CI:-}" = true ]; then
    export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
fi

section() { printf '\n==== %s ====\n' "$*"; }

section "Prerequisites (what to install when something is missing)"
mkdir -p "$CARGO_TARGET_DIR"
scripts/check-prereqs.sh
# The check names what is missing (here: an interpreter that is not there).
if PYTHON=/nonexistent/python3 scripts/check-prereqs.sh 2> "$CARGO_TARGET_DIR/prereqs-check.txt"; then
    echo "check-prereqs.sh accepted a missing Python" >&2; exit 1
fi
grep -q "Python 3.10 or later (/nonexistent/python3): Debian/Ubuntu: apt-get install python3 python3-venv" \
    "$CARGO_TARGET_DIR/prereqs-check.txt" || { cat "$CARGO_TARGET_DIR/prereqs-check.txt" >&2; exit 1; }

section "Repository: what the README's commands leave behind is ignored by git"
# The serve example's SQLite store (with its -wal/-shm files) and the wheel
# folder of the Python README's maturin command.
for f in store.db store.db-wal store.db-shm dist/caseexport-0.1.0-cp310-abi3-manylinux_2_34_x86_64.whl; do
    git check-ignore -q "$f" || { echo ".gitignore does not cover $f (store.db*, dist/)" >&2; exit 1; }
done
echo "store.db* and dist/ are ignored"

section "Rust: the declared MSRV covers every locked dependency"
python3 scripts/check-msrv.py

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

section "READMEs: every code block runs (shell blocks with CARGO_TARGET_DIR set and unset) or says why not"
# The debug caseexport the console transcripts use is built by the tests above.
python3 scripts/readme-blocks.py

section "Rust: the README's example, as an example and as a project outside the repository"
cargo run --quiet -p caseexport --example patch_flow > /dev/null
# A new project beside a clone, with the README's `path` dependency line and
# the example as its src/main.rs (the README shows that file as it is). It
# lives at a fixed place in the target dir, so later runs reuse its build;
# its empty [workspace] keeps it out of this workspace, as it would be.
app_root="$CARGO_TARGET_DIR/readme-app"
mkdir -p "$app_root/app/src"
ln -sfn "$PWD" "$app_root/caseexport"
dep_line="$(sed -n 's/^# \(caseexport = { path = .*}\)$/\1/p' README.md)"
test -n "$dep_line" || { echo "README.md has no '# caseexport = { path = ... }' line" >&2; exit 1; }
printf '[package]\nname = "readme-app"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n\n[workspace]\n' \
    "$dep_line" > "$app_root/app/Cargo.toml"
cp crates/caseexport/examples/patch_flow.rs "$app_root/app/src/main.rs"
cp Cargo.lock "$app_root/app/Cargo.lock"   # the same dependency versions as here
cargo run --quiet --offline --manifest-path "$app_root/app/Cargo.toml" > "$app_root/out.txt"
cargo run --quiet -p caseexport --example patch_flow | cmp - "$app_root/out.txt"
echo "the README's program builds with '$dep_line' and prints what the example prints"

section "Rust: documentation builds without warnings (broken links, missing docs)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet

section "Rust: the core crate packages cleanly"
cargo package -p caseexport --allow-dirty --quiet

section "Rust: benches compile (not run)"
cargo bench --workspace --no-run --quiet

section "Fuzz targets: replay the committed corpora (no libFuzzer needed)"
# fuzz/ is its own workspace (the root one excludes it). Its checks run over
# every file of fuzz/corpus/; fuzz/run.sh runs the same checks under libFuzzer.
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
# The libFuzzer wrappers are type-checked and linted too; CUSTOM_LIBFUZZER_PATH
# stops libfuzzer-sys from compiling libFuzzer's C++ (a check links nothing).
CUSTOM_LIBFUZZER_PATH=/nonexistent/libfuzzer.a \
    cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --features libfuzzer -- -D warnings
cargo test --manifest-path fuzz/Cargo.toml --test replay -- --nocapture

section "C: libcaseexport (static + shared, ASan/UBSan, valgrind when installed)"
bindings/c/run-tests.sh

section "Python: caseexport package (debug abi3 wheel, installed into a venv without Rust, pytest)"
bindings/python/run-tests.sh

section "Microsoft's Graph SDKs (msgraph-sdk, msgraph-beta-sdk) against caseexport serve"
# Their own request builders, PageIterator, models and ODataError, from a
# cached venv outside the clone (tests/sdk/run.sh). Without a package
# registry it prints SKIP and passes; CI has one, so there a skip fails.
if [ "${CI:-}" = true ]; then
    export CASEEXPORT_SDK_TESTS="${CASEEXPORT_SDK_TESTS:-required}"
fi
tests/sdk/run.sh -q

section "Disk: what the test command leaves in the target directory (README \"Disk\")"
du -sh "$CARGO_TARGET_DIR"

echo
echo "all test suites passed"
