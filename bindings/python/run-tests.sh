#!/usr/bin/env bash
# The Python package's test command, the way a user without Rust gets it:
# builds the abi3 wheel (a debug build, in the shared cargo target directory)
# with maturin, which checks that the wheel is manylinux-compliant; installs
# that wheel, and nothing built from source, into a test virtual environment
# that holds no build tool, with no cargo or rustc on PATH; then runs pytest
# there — the shared vectors, hypothesis properties, threads, the stub check,
# the README's code blocks and the end-to-end tests against `caseexport
# serve` (in-process and as the binary) — against the installed package.
#
# Two virtual environments: one with maturin only (it builds the wheel), and
# the test one (pytest, hypothesis, mypy and the wheel; never maturin).
#
# Needs a Rust toolchain and Python >= 3.10 with pip (and the network for the
# first pip installs). Environment:
#   CARGO_TARGET_DIR      shared target dir (default: <repo>/target)
#   CASEEXPORT_VENV       the test venv (default: $CARGO_TARGET_DIR/python-venv)
#   CASEEXPORT_BUILD_VENV the maturin venv (default: $CARGO_TARGET_DIR/python-build-venv)
#   PYTHON                the interpreter that creates them (default: python3)
# Extra arguments go to pytest (e.g. `-k vectors -x`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="${CASEEXPORT_VENV:-$CARGO_TARGET_DIR/python-venv}"
build_venv="${CASEEXPORT_BUILD_VENV:-$CARGO_TARGET_DIR/python-build-venv}"
python="${PYTHON:-python3}"
pip_quiet=(--quiet --disable-pip-version-check)

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "run-tests.sh: the caseexport package needs Python >= 3.10 (found $("$python" --version 2>&1)); set PYTHON=..." >&2
    exit 2
fi

# 1. The wheel, built with maturin from its own venv. A debug build is enough
#    for the tests; `maturin build --release` gives the wheel to ship
#    (README), and the benchmark builds that one (benches/python/run.sh).
#    `--auditwheel check` fails the build if the wheel needs a library that a
#    manylinux system does not have, instead of bundling it.
if [ ! -x "$build_venv/bin/maturin" ]; then
    echo "creating the build environment $build_venv (maturin)"
    "$python" -m venv "$build_venv"
    "$build_venv/bin/python" -m pip install "${pip_quiet[@]}" 'maturin>=1.9.4,<2'
fi
wheels="$CARGO_TARGET_DIR/python-wheels/debug"
rm -rf "$wheels"
"$build_venv/bin/maturin" build --quiet --manifest-path "$here/Cargo.toml" \
    --interpreter "$build_venv/bin/python" --auditwheel check --out "$wheels"
shopt -s nullglob
built=("$wheels"/caseexport-*.whl)
shopt -u nullglob
if [ "${#built[@]}" -ne 1 ]; then
    echo "expected one wheel in $wheels, found ${#built[@]}" >&2
    exit 1
fi
wheel="${built[0]}"
case "$(basename "$wheel")" in
    caseexport-*-cp310-abi3-manylinux_*.whl) ;;
    *) echo "$(basename "$wheel") is not an abi3 manylinux wheel (cp310-abi3-manylinux_*)" >&2; exit 1 ;;
esac
echo "built $(basename "$wheel") (abi3, manylinux: checked by maturin)"

# 2. PATH without Rust: every folder that holds cargo, rustc or rustup is left
#    out, so neither pip nor the tests can build or call anything from Rust.
no_rust_path=""
IFS=: read -r -a path_dirs <<< "$PATH"
for d in "${path_dirs[@]}"; do
    [ -n "$d" ] || continue
    if [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ]; then
        continue
    fi
    no_rust_path="${no_rust_path:+$no_rust_path:}$d"
done
if PATH="$no_rust_path" command -v cargo >/dev/null 2>&1; then
    echo "could not build a PATH without cargo" >&2
    exit 1
fi

# 3. The test venv: test tools and the wheel, binaries only, no Rust on
#    PATH. A venv from an older layout (with maturin in it) is made anew.
if [ -x "$venv/bin/maturin" ]; then
    echo "the test environment $venv has maturin (older layout): creating it anew"
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "creating the test environment $venv"
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"
PATH="$no_rust_path" "$py" -m pip install "${pip_quiet[@]}" --only-binary :all: \
    'pytest>=7' 'hypothesis>=6' 'mypy>=1.10'
PATH="$no_rust_path" "$py" -m pip install "${pip_quiet[@]}" --only-binary :all: --no-index \
    --force-reinstall --no-deps "$wheel"
installed="$(cd / && PATH="$no_rust_path" "$py" -c 'import caseexport; print(caseexport.__file__)')"
case "$installed" in
    "$venv"/*) echo "caseexport imports from the installed wheel: $installed" ;;
    *) echo "caseexport imports from $installed, not from the wheel installed in $venv" >&2; exit 1 ;;
esac

# caseexport.testing serves in-process from the wheel (the README's blocks
# run that way: CASEEXPORT_BIN is unset); the end-to-end tests also run
# against the `caseexport serve` binary, given in CASEEXPORT_TEST_BIN.
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p caseexport-cli
export CASEEXPORT_TEST_BIN="$CARGO_TARGET_DIR/debug/caseexport"
unset CASEEXPORT_BIN

# 4. The suite, against the installed package.
cd "$here"
export MYPY_CACHE_DIR="$CARGO_TARGET_DIR/python-mypy-cache"
PATH="$no_rust_path" exec "$py" -m pytest -p no:cacheprovider "$@"
