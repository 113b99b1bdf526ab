#!/usr/bin/env bash
# Microsoft's Graph SDKs for Python against `caseexport serve` (issue 22):
# msgraph-sdk (v1.0) and msgraph-beta-sdk (beta), at the versions pinned in
# requirements.txt beside this file, drive their own request builders, models,
# PageIterator and ODataError against the real server binary on loopback.
#
# The SDKs (about 1.2 GB installed: the beta SDK alone is most of it) go into
# a virtual environment outside the clone, cached per machine and keyed by a
# hash of requirements.txt and the interpreter, so the first run installs
# (about two minutes) and later runs reuse it; a change of the pins builds a
# new one. When it cannot be made (no python3 -m venv, no package registry),
# the suite is skipped with a `SKIP:` line and exit 0, unless
# CASEEXPORT_SDK_TESTS=required, which makes that a failure.
#
# Environment:
#   CASEEXPORT_BIN        the caseexport binary (default: built here with cargo,
#                         $CARGO_TARGET_DIR/debug/caseexport)
#   CARGO_TARGET_DIR      shared target dir (default: <repo>/target)
#   CASEEXPORT_SDK_VENV   the environment (default:
#                         ${XDG_CACHE_HOME:-$HOME/.cache}/caseexport/msgraph-venv-<key>)
#   CASEEXPORT_SDK_TESTS  `required`: a skip is a failure (exit 1)
#   PYTHON                the interpreter that creates it (default: python3)
# Extra arguments go to pytest (e.g. `-k patch -x`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"

skip() {
    if [ "${CASEEXPORT_SDK_TESTS:-}" = required ]; then
        echo "tests/sdk/run.sh: $* (CASEEXPORT_SDK_TESTS=required: failing instead of skipping)" >&2
        exit 1
    fi
    echo "SKIP: the msgraph SDK tests: $*"
    exit 0
}

if ! command -v "$python" >/dev/null 2>&1; then
    skip "no Python interpreter '$python' (set PYTHON=...)"
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    skip "the SDK suite needs Python >= 3.10 (found $("$python" --version 2>&1)); set PYTHON=..."
fi
# `python3 -m venv` needs the venv and ensurepip modules (Debian and Ubuntu
# ship them apart from python3).
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    skip "'$python -m venv' is not available (on Debian or Ubuntu: apt-get install python3-venv)"
fi

# The key: the pins and the interpreter (its version and where it lives; a
# venv points at its interpreter).
key="$( { cat "$requirements"; "$python" -c 'import sys; print(sys.version); print(sys.executable)'; } \
    | sha256sum | cut -c1-16)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/caseexport"
venv="${CASEEXPORT_SDK_VENV:-$cache_root/msgraph-venv-$key}"
stamp="$venv/.caseexport-requirements.sha256"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -x "$venv/bin/python" ]; then
    echo "reusing the SDK environment $venv"
else
    mkdir -p "$(dirname "$venv")"
    # One builder at a time (several clones on one machine share the
    # cache). The stamp is written last: an install that failed or was cut
    # off leaves none, and the next run starts that environment anew.
    exec 9>"$venv.lock"
    flock 9
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -x "$venv/bin/python" ]; then
        echo "reusing the SDK environment $venv (made by a concurrent run)"
    else
        echo "creating the SDK environment $venv (the first run on a machine takes about two minutes)"
        rm -rf "$venv"
        start=$(date +%s)
        log="$(mktemp)"
        if ! "$python" -m venv "$venv" >"$log" 2>&1; then
            tail -5 "$log" >&2
            rm -rf "$venv" "$log"
            skip "'$python -m venv' failed (on Debian or Ubuntu: apt-get install python3-venv)"
        fi
        if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --only-binary :all: --retries 2 --timeout 30 -r "$requirements" >"$log" 2>&1; then
            tail -5 "$log" >&2
            rm -rf "$venv" "$log"
            skip "could not install the pinned packages of tests/sdk/requirements.txt (no package registry reachable?)"
        fi
        rm -f "$log"
        echo "$key" >"$stamp"
        echo "installed in $(( $(date +%s) - start )) s"
    fi
    exec 9>&-
fi

if [ -z "${CASEEXPORT_BIN:-}" ]; then
    cargo build --quiet --manifest-path "$repo/Cargo.toml" -p caseexport-cli
    export CASEEXPORT_BIN="$CARGO_TARGET_DIR/debug/caseexport"
fi
test -x "$CASEEXPORT_BIN" || { echo "tests/sdk/run.sh: no executable at CASEEXPORT_BIN=$CASEEXPORT_BIN" >&2; exit 1; }

cd "$here"
# Nothing written into the clone (the packages were compiled at install).
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest "$@"
