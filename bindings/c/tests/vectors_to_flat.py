#!/usr/bin/env python3
"""Turns the shared vectors (tests/vectors/*.json) into a flat file the C
vector runner reads without a JSON parser.

Format: a sequence of fields, each `KEY LEN\\n` followed by exactly LEN bytes
and a `\\n`. The file starts with `cases N`; each case is `name`, `file`,
`op`, then its optional inputs (`type`, `mode`, `document`, `patch`, `target`,
`odata_type`, `max_depth`, `max_size`, `max_errors`, `max_error_bytes`), then either `expected` or pairs of
`error_path` / `error_code`, and ends with `end 0`. Values are the exact
UTF-8 bytes of the decoded JSON strings (so NUL bytes, raw newlines and any
character survive).

Every member of every case is checked against the format described in
tests/vectors/README.md: an unknown member or a missing one stops the
conversion instead of being skipped silently.

Usage: vectors_to_flat.py VECTOR_DIR OUT_FILE   (prints the case count)
"""

import json
import pathlib
import sys

ALLOWED = {"name", "op", "mode", "document", "patch", "target", "odata_type",
           "options", "expected", "errors", "type"}
TYPES = {"caseExportOperation", "ediscovery.caseExportOperation",
         "security.ediscoveryExportOperation", "any"}
NEEDS = {"read": {"mode", "document"}, "apply": {"mode", "document", "patch"},
         "diff": {"document", "target"}, "list": {"mode", "document"}}


def field(out, key, value):
    data = value.encode("utf-8") if isinstance(value, str) else value
    out += f"{key} {len(data)}\n".encode("ascii") + data + b"\n"


def main():
    vector_dir, out_path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    files = sorted(vector_dir.glob("*.json"))
    if not files:
        sys.exit(f"no vector files in {vector_dir}")
    body, names = bytearray(), set()
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            name = case["name"]
            unknown = set(case) - ALLOWED
            if unknown:
                sys.exit(f"{path.name}:{name}: unknown members {sorted(unknown)}")
            if name in names:
                sys.exit(f"{path.name}:{name}: duplicate case name")
            names.add(name)
            op = case["op"]
            missing = NEEDS[op] - set(case)
            if missing:
                sys.exit(f"{path.name}:{name}: missing {sorted(missing)}")
            if ("expected" in case) == ("errors" in case):
                sys.exit(f"{path.name}:{name}: needs exactly one of expected/errors")
            field(body, "name", name)
            field(body, "file", path.name)
            field(body, "op", op)
            if "type" in case:
                if case["type"] not in TYPES or (op == "list" and case["type"] == "any"):
                    sys.exit(f"{path.name}:{name}: bad type {case['type']!r}")
                field(body, "type", case["type"])
            if op != "diff":
                if case["mode"] not in ("strict", "lenient"):
                    sys.exit(f"{path.name}:{name}: bad mode {case['mode']!r}")
                field(body, "mode", case["mode"])
            for key in ("document", "patch", "target"):
                if key in case:
                    field(body, key, case[key])
            if "odata_type" in case:
                field(body, "odata_type", "true" if case["odata_type"] else "false")
            options = case.get("options", {})
            if set(options) - {"max_depth", "max_size", "max_errors", "max_error_bytes"}:
                sys.exit(f"{path.name}:{name}: unknown options {sorted(options)}")
            for key in ("max_depth", "max_size", "max_errors", "max_error_bytes"):
                if key in options:
                    field(body, key, str(int(options[key])))
            if "expected" in case:
                field(body, "expected", case["expected"])
            else:
                for err in case["errors"]:
                    field(body, "error_path", err["path"])
                    field(body, "error_code", err["code"])
            field(body, "end", "")
    header = bytearray()
    field(header, "cases", str(len(names)))
    out_path.write_bytes(bytes(header + body))
    print(len(names))


if __name__ == "__main__":
    main()
