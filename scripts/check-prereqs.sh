#!/usr/bin/env bash
# What the test command (scripts/test-all.sh) needs before it starts, checked
# at once so that a missing piece is named up front with what to install,
# instead of failing half an hour in:
#   - a Rust toolchain with the rustfmt and clippy components;
#   - a C compiler and make (the C library's tests), curl (a README example);
#   - Python >= 3.10 with venv and ensurepip (Debian/Ubuntu ship them apart,
#     in python3-venv);
#   - the package registries, only where something is not there yet:
#     crates.io when Cargo.lock's crates are not all downloaded, PyPI when the
#     Python test environments lack their packages (maturin; pytest,
#     hypothesis, mypy). Both are asked through their own clients (cargo, pip).
# Optional tools (valgrind, a C++ compiler, pkg-config, readelf) are not
# checked here: the suites print a visible SKIP line without them.
# Exit status 0 when everything is there, 2 (with one line per missing piece
# and what to install) otherwise. Environment: as scripts/test-all.sh
# (CARGO_TARGET_DIR, PYTHON, CASEEXPORT_VENV, CASEEXPORT_BUILD_VENV).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
python="${PYTHON:-python3}"
missing=()
need() { missing+=("$*"); }

if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
    need "a Rust toolchain (cargo, rustc): install it with rustup, https://rustup.rs"
else
    cargo fmt --version >/dev/null 2>&1 ||
        need "rustfmt: rustup component add rustfmt"
    cargo clippy --version >/dev/null 2>&1 ||
        need "clippy: rustup component add clippy"
    # crates.io: only when some locked crate is not downloaded yet.
    for manifest in Cargo.toml fuzz/Cargo.toml; do
        if ! cargo metadata --locked --offline --format-version 1 --manifest-path "$manifest" >/dev/null 2>&1 &&
            ! cargo fetch --locked --manifest-path "$manifest" >/dev/null 2>&1; then
            need "access to crates.io (the crates of $(dirname "$manifest")/Cargo.lock are not all downloaded and 'cargo fetch --locked' failed): allow network access to the registry, or run 'cargo fetch --locked --manifest-path $manifest' where it is"
        fi
    done
fi

command -v "${CC:-cc}" >/dev/null 2>&1 ||
    need "a C compiler (${CC:-cc}): Debian/Ubuntu: apt-get install build-essential"
command -v make >/dev/null 2>&1 ||
    need "make: Debian/Ubuntu: apt-get install make"
command -v curl >/dev/null 2>&1 ||
    need "curl (the README's request --curl example runs it): Debian/Ubuntu: apt-get install curl"

if ! command -v "$python" >/dev/null 2>&1; then
    need "Python 3.10 or later ($python): Debian/Ubuntu: apt-get install python3 python3-venv (or set PYTHON=...)"
elif ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    need "Python 3.10 or later (found $("$python" --version 2>&1)): set PYTHON=... to a newer interpreter"
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    need "Python's venv with ensurepip: Debian/Ubuntu: apt-get install python3-venv"
else
    # PyPI: only when a test environment lacks its packages.
    venv="${CASEEXPORT_VENV:-$CARGO_TARGET_DIR/python-venv}"
    build_venv="${CASEEXPORT_BUILD_VENV:-$CARGO_TARGET_DIR/python-build-venv}"
    have_build=false have_test=false
    [ -x "$build_venv/bin/maturin" ] && have_build=true
    "$venv/bin/python" -c 'import pytest, hypothesis, mypy' >/dev/null 2>&1 && have_test=true
    if ! $have_build || ! $have_test; then
        # The build environment asks (bindings/python/run-tests.sh then
        # installs maturin into it).
        probe="$build_venv"
        if [ ! -x "$probe/bin/python" ]; then
            "$python" -m venv "$probe" >/dev/null 2>&1 || rm -rf "$probe"
        fi
        if [ ! -x "$probe/bin/python" ]; then
            need "a working 'python3 -m venv' (it failed): Debian/Ubuntu: apt-get install python3-venv"
        elif ! "$probe/bin/python" -m pip index versions maturin --disable-pip-version-check >/dev/null 2>&1; then
            need "access to PyPI (the Python test environments need maturin, pytest, hypothesis, mypy and 'pip index versions maturin' failed): allow network access to pypi.org, or set PIP_INDEX_URL to a mirror"
        fi
    fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
    echo "scripts/test-all.sh cannot run; missing:" >&2
    for m in "${missing[@]}"; do
        echo "  - $m" >&2
    done
    exit 2
fi
echo "prerequisites: Rust with rustfmt and clippy, a C compiler, make, curl, $("$python" --version 2>&1) with venv; registries only where needed"
