#!/usr/bin/env bash
# Runs the Python benchmark against a RELEASE build of the extension: builds
# the wheel with `maturin build --release` into the shared cargo target dir,
# installs it (with orjson and json-merge-patch) into the same virtual
# environment bindings/python/run-tests.sh uses, and runs bench.py.
# Arguments go to bench.py (e.g. --quick). A benchmark, not a test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="${CASEEXPORT_VENV:-$CARGO_TARGET_DIR/python-venv}"

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check \
    'maturin>=1.9.4,<2' 'orjson>=3' 'json-merge-patch>=0.2'

wheels="$CARGO_TARGET_DIR/python-wheels/release"
rm -rf "$wheels"
"$venv/bin/maturin" build --release --quiet \
    --manifest-path "$repo/bindings/python/Cargo.toml" --interpreter "$py" --out "$wheels"
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/caseexport-*.whl

exec "$py" "$here/bench.py" "$@"
