#!/usr/bin/env python3
"""Checks that the declared minimum Rust version (MSRV) is true for the locked
dependencies: every workspace member's `rust-version` must be at least the
`rust-version` of every package in `Cargo.lock` that declares one.

No older toolchain can be installed on the project's machines, so this is the
check that keeps `rust-version` honest: a dependency update that needs a newer
compiler fails here until the workspace's `rust-version` is raised with it.

Usage: scripts/check-msrv.py   (from anywhere; runs `cargo metadata --locked`)
"""
import json
import pathlib
import subprocess
import sys


def version(text: str) -> tuple[int, ...]:
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (3 - len(parts))


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=root, check=True, capture_output=True, text=True,
        ).stdout
    )
    members = set(meta["workspace_members"])
    declared = {}
    needed = []
    for pkg in meta["packages"]:
        rv = pkg.get("rust_version")
        if pkg["id"] in members:
            if rv is None:
                print(f"check-msrv: workspace member {pkg['name']} declares no rust-version")
                return 1
            declared[pkg["name"]] = rv
        elif rv is not None:
            needed.append((version(rv), pkg["name"], pkg["version"]))
    if not needed:
        print("check-msrv: no locked dependency declares a rust-version")
        return 1
    floor, name, ver = max(needed)
    floor_text = ".".join(map(str, floor))
    bad = {m: rv for m, rv in declared.items() if version(rv) < floor}
    for member, rv in sorted(bad.items()):
        print(
            f"check-msrv: {member} declares rust-version {rv}, but the locked "
            f"{name} {ver} needs {floor_text}: raise rust-version to {floor_text}"
        )
    if bad:
        return 1
    print(
        f"check-msrv: ok: {len(declared)} members declare >= {floor_text} "
        f"(the highest locked need: {name} {ver}, of {len(needed)} that declare one)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
