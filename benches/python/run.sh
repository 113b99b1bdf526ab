#!/usr/bin/env bash
# Runs the Python benchmark against a RELEASE build of the extension: builds
# the wheel with `maturin build --release` into the shared cargo target dir
# (maturin from the build venv of bindings/python/run-tests.sh), installs it
# (with orjson and json-merge-patch) into the test venv that script uses, and
# runs bench.py.
# Arguments go to bench.py (e.g. --quick). A benchmark, not a test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
venv="${CASEEXPORT_VENV:-$CARGO_TARGET_DIR/python-venv}"
build_venv="${CASEEXPORT_BUILD_VENV:-$CARGO_TARGET_DIR/python-build-venv}"

for v in "$venv" "$build_venv"; do
    if [ ! -x "$v/bin/python" ]; then
        "${PYTHON:-python3}" -m venv "$v"
    fi
done
py="$venv/bin/python"
"$build_venv/bin/python" -m pip install --quiet --disable-pip-version-check 'maturin>=1.9.4,<2'
"$py" -m pip install --quiet --disable-pip-version-check 'orjson>=3' 'json-merge-patch>=0.2'

wheels="$CARGO_TARGET_DIR/python-wheels/release"
rm -rf "$wheels"
"$build_venv/bin/maturin" build --release --quiet --auditwheel check \
    --manifest-path "$repo/bindings/python/Cargo.toml" --interpreter "$build_venv/bin/python" \
    --out "$wheels"
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/caseexport-*.whl

exec "$py" "$here/bench.py" "$@"
