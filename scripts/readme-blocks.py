#!/usr/bin/env python3
"""Every fenced code block of the READMEs is run by a test, verbatim, or is
marked as not run with the reason (README.md, bindings/python/README.md,
bindings/c/README.md).

How each block is covered:
- ```sh: run here, verbatim, by `bash -e` in a scratch copy of the
  repository, twice: with CARGO_TARGET_DIR unset (the copy's `target` is a
  link to the build's target directory, so nothing is built again) and with
  CARGO_TARGET_DIR set (the copy has no `target`). PATH holds no `caseexport`:
  a block that uses the tool must put it there itself.
- ```console: a transcript, run here command by command in one bash session
  in the scratch copy, with the built `caseexport` on PATH (as after `cargo
  install`); each command's output (stdout and stderr, merged) must be the
  lines shown, where `…` stands for any text. A command ending in `&` runs in
  the background; its first lines are waited for (at most 20 s).
- ```python: bindings/python/tests/test_readme.py runs them (in the test
  venv, against the installed wheel).
- ```rust: README.md's are doctests of the core crate (src/lib.rs includes
  the file); crates/caseexport/tests/readme_example.rs checks that the
  program block is examples/patch_flow.rs, which the test command builds as
  a project outside the repository.
- a block equal to a file of bindings/c/examples/ (the C example and its
  output): bindings/c/run-tests.sh compiles, runs and compares them.
- any other block needs the marker line right before its fence:
  `<!-- readme-test: not run: REASON -->`.
A console block preceded by `<!-- readme-test: continues the block above
(…) -->` runs in the session of the console block before it (a server it
started in the background, variables it exported).

Blocks that use port 8080 (the server's default, which the README uses) take
a lock first, so that two test runs on one machine take turns; when another
program holds the port, they are skipped with a visible SKIP line.

Usage: scripts/readme-blocks.py [--list]   (CARGO_TARGET_DIR: the build's
target directory, default <repo>/target; the debug `caseexport` must be
built). Exit status 0 when every block passed or is covered elsewhere.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READMES = ["README.md", "bindings/python/README.md", "bindings/c/README.md"]
FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"^<!-- readme-test: not run: (.+?) -->[ \t]*$")
CONTINUES = re.compile(r"^<!-- readme-test: continues the block above\b.* -->[ \t]*$")
TIMEOUT = 600  # seconds, per block run


@dataclass
class Block:
    file: str
    line: int  # of the opening fence
    lang: str
    code: str
    marker: str | None  # the reason it is not run
    continues: bool  # a console block run in the session of the one before

    def where(self) -> str:
        return f"{self.file}:{self.line} ({self.lang or 'no language'})"


def blocks() -> list[Block]:
    out = []
    for name in READMES:
        text = (REPO / name).read_text(encoding="utf-8")
        lines = text.split("\n")
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            before = lines[line - 2] if line >= 2 else ""
            marked = MARKER.match(before)
            out.append(Block(name, line, m.group(1), m.group(2), marked.group(1) if marked else None,
                             CONTINUES.match(before) is not None))
    return out


def covered_elsewhere(b: Block) -> str | None:
    """The harness that runs `b`, when it is not run here."""
    if b.lang == "python" and b.file in ("README.md", "bindings/python/README.md"):
        return "bindings/python/tests/test_readme.py"
    if b.lang == "rust" and b.file == "README.md":
        lib = (REPO / "crates/caseexport/src/lib.rs").read_text(encoding="utf-8")
        if 'include_str!("../../../README.md")' in lib:
            return "doctest (crates/caseexport/src/lib.rs includes README.md)"
    for example in sorted((REPO / "bindings/c/examples").iterdir()):
        text = example.read_text(encoding="utf-8").replace("\r\n", "\n")
        if text == b.code:
            return f"bindings/c/run-tests.sh (it is bindings/c/examples/{example.name})"
    return None


def scratch_copy(dest: Path) -> None:
    """The repository's files (tracked and untracked, not ignored) in `dest`."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for f in files:
        src = REPO / f
        if f and src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def path_without_caseexport() -> str:
    return os.pathsep.join(
        d for d in os.environ.get("PATH", "").split(os.pathsep)
        if d and not (Path(d) / "caseexport").exists()
    )


def run_bash(script: str, cwd: Path, env: dict[str, str], flags: list[str]) -> subprocess.CompletedProcess[str]:
    """bash in its own process group, killed whole when it ends or times out."""
    proc = subprocess.Popen(
        ["bash", *flags, "-c", script], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        out += f"\n(killed after {TIMEOUT} s)"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # background jobs left behind
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(proc.args, proc.returncode, out)


def uses_8080(b: Block) -> bool:
    return "8080" in b.code


class Port8080:
    """A machine-wide lock for the blocks that use 127.0.0.1:8080."""

    def __enter__(self) -> bool:
        self.lock = open(os.path.join(tempfile.gettempdir(), "caseexport-readme-8080.lock"), "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", 8080))
                return True
            except OSError:
                return False

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        self.lock.close()


def run_sh(group: list[Block], target: Path, base_env: dict[str, str]) -> list[str]:
    """Runs the block with CARGO_TARGET_DIR unset, then set; the failures."""
    (b,) = group
    failures = []
    for target_set in (False, True):
        with tempfile.TemporaryDirectory(prefix="readme-sh-") as tmp:
            work = Path(tmp) / "repo"
            work.mkdir()
            scratch_copy(work)
            env = dict(base_env, PATH=path_without_caseexport(), HOME=str(Path(tmp)))
            env.pop("CARGO_TARGET_DIR", None)
            if target_set:
                env["CARGO_TARGET_DIR"] = str(target)
            else:
                (work / "target").symlink_to(target)
            r = run_bash(b.code, work, env, ["-e"])
            how = "set" if target_set else "unset"
            if r.returncode != 0:
                failures.append(f"{b.where()} with CARGO_TARGET_DIR {how}: exit {r.returncode}\n{r.stdout}")
            else:
                print(f"ok: {b.where()} with CARGO_TARGET_DIR {how}")
    return failures


@dataclass
class Command:
    text: str
    expected: list[str]

    @property
    def background(self) -> bool:
        return re.sub(r"\s+#.*$", "", self.text.rstrip()).endswith("&")


def transcript(code: str) -> list[Command]:
    commands: list[Command] = []
    lines = code.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            raise ValueError(f"output before the first command: {line!r}")
        text = line[2:]
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text += "\n" + lines[i]
        i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        while expected and expected[-1] == "":  # a blank line between commands
            expected.pop()
        commands.append(Command(text, expected))
    return commands


def matches(expected: str, actual: str) -> bool:
    if "…" not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual, re.S) is not None


def run_console(group: list[Block], target: Path, base_env: dict[str, str]) -> list[str]:
    """Runs the transcripts of `group` in one bash session."""
    commands = []
    owner = []
    for blk in group:
        for c in transcript(blk.code):
            commands.append(c)
            owner.append(blk)
    with tempfile.TemporaryDirectory(prefix="readme-console-") as tmp:
        work = Path(tmp) / "repo"
        work.mkdir()
        scratch_copy(work)
        outs = Path(tmp) / "out"
        outs.mkdir()
        script = [
            "wait_lines() {  # FILE N: until FILE has N lines, at most 20 s",
            "  for _ in $(seq 200); do",
            '    [ "$(wc -l < "$1")" -ge "$2" ] && return 0; sleep 0.1',
            "  done",
            "}",
        ]
        for n, c in enumerate(commands):
            out = outs / str(n)
            script.append(f"{{ {c.text}\n}} > {out} 2>&1")
            if c.background:
                script.append(f"wait_lines {out} {len(c.expected)}")
        script.append('for p in $(jobs -p); do kill "$p"; done; wait')
        env = dict(base_env, PATH=f"{target / 'debug'}{os.pathsep}{path_without_caseexport()}",
                   HOME=str(Path(tmp)))
        r = run_bash("\n".join(script) + "\n", work, env, [])
        failures = []
        for n, c in enumerate(commands):
            path = outs / str(n)
            actual = path.read_text(encoding="utf-8", errors="replace").split("\n") if path.exists() else []
            if actual and actual[-1] == "":
                actual.pop()
            # CRLF is what `request` prints; the README shows the lines.
            actual = [a.removesuffix("\r") for a in actual]
            if c.background:
                actual = actual[: len(c.expected)]
            ok = len(actual) == len(c.expected) and all(map(matches, c.expected, actual))
            if not ok:
                failures.append(
                    f"{owner[n].where()}: $ {c.text}\n  expected:\n"
                    + "".join(f"    {e}\n" for e in c.expected)
                    + "  got:\n" + "".join(f"    {a}\n" for a in actual)
                    + (f"  (session output: {r.stdout.strip()})\n" if r.stdout.strip() else "")
                )
        if not failures:
            where = " + ".join(blk.where() for blk in group)
            print(f"ok: {where}: {len(commands)} commands, output as shown")
        return failures


def main() -> int:
    listing = "--list" in sys.argv[1:]
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target").resolve()
    all_blocks = blocks()
    failures: list[str] = []
    to_run: list[list[Block]] = []  # groups run in one session
    for b in all_blocks:
        if b.marker is not None:
            print(f"not run: {b.where()}: {b.marker}")
        elif (by := covered_elsewhere(b)) is not None:
            print(f"run by {by}: {b.where()}")
        elif b.lang in ("sh", "console"):
            if b.continues:
                if not to_run or to_run[-1][-1].lang != "console" or b.lang != "console":
                    failures.append(f"{b.where()}: 'continues' needs a console block right before")
                    continue
                to_run[-1].append(b)
            else:
                to_run.append([b])
            if listing:
                print(f"run here: {b.where()}")
        else:
            failures.append(
                f"{b.where()}: no test runs this block: make it runnable, or put "
                "'<!-- readme-test: not run: REASON -->' on the line before its fence"
            )
    if listing:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        return 1 if failures else 0
    if not (target / "debug" / "caseexport").is_file():
        print(f"the debug caseexport is not built in {target}: cargo build -p caseexport-cli", file=sys.stderr)
        return 2
    base_env = dict(os.environ)
    # The blocks run with a scratch HOME; the Rust toolchain stays where it is.
    home = Path.home()
    base_env.setdefault("CARGO_HOME", str(home / ".cargo"))
    base_env.setdefault("RUSTUP_HOME", str(home / ".rustup"))
    base_env.pop("CASEEXPORT_TOKEN", None)
    base_env.pop("CASEEXPORT_SERVE_TOKENS", None)
    for group in to_run:
        runner = run_sh if group[0].lang == "sh" else run_console
        if any(uses_8080(b) for b in group):
            with Port8080() as free:
                if not free:
                    print(f"SKIP: {group[0].where()}: port 127.0.0.1:8080 is in use by another program")
                    continue
                failures += runner(group, target, base_env)
        else:
            failures += runner(group, target, base_env)
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
