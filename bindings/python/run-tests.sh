#!/usr/bin/env bash
# The Python package's test command: creates its own virtual environment,
# installs the test tools into it, builds the extension (a debug build, in the
# shared cargo target directory), installs the wheel, and runs pytest — the
# shared vectors, hypothesis properties, threads, the stub check, the
# README's code blocks, and the end-to-end tests against `caseexport serve`.
#
# Needs only a Rust toolchain and Python >= 3.10 with pip (and the network for
# the first pip install). Environment:
#   CARGO_TARGET_DIR   shared target dir (default: <repo>/target)
#   CASEEXPORT_VENV    the virtual environment (default: $CARGO_TARGET_DIR/python-venv)
#   PYTHON             the interpreter that creates the venv (default: python3)
# Extra arguments go to pytest (e.g. `-k vectors -x`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="${CASEEXPORT_VENV:-$CARGO_TARGET_DIR/python-venv}"

if ! "${PYTHON:-python3}" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "run-tests.sh: the caseexport package needs Python >= 3.10 (found $("${PYTHON:-python3}" --version 2>&1)); set PYTHON=..." >&2
    exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "creating virtual environment $venv"
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check \
    'maturin>=1.9.4,<2' 'pytest>=7' 'hypothesis>=6' 'mypy>=1.10'

# A debug build is enough for the tests; the benchmark builds --release
# (benches/python/run.sh).
wheels="$CARGO_TARGET_DIR/python-wheels/debug"
rm -rf "$wheels"
"$venv/bin/maturin" build --quiet --manifest-path "$here/Cargo.toml" \
    --interpreter "$py" --out "$wheels"
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/caseexport-*.whl

# The end-to-end tests and the README start `caseexport serve` through
# caseexport.testing, which finds the binary through CASEEXPORT_BIN.
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p caseexport-cli
export CASEEXPORT_BIN="$CARGO_TARGET_DIR/debug/caseexport"

cd "$here"
export MYPY_CACHE_DIR="$CARGO_TARGET_DIR/python-mypy-cache"
exec "$py" -m pytest -p no:cacheprovider "$@"
