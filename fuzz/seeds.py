#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from
the shared vectors (tests/vectors/*.json) and the examples (examples/).

    python3 fuzz/seeds.py          # (re)writes the seeds; other files are kept

Each seed is named by the SHA-1 of its bytes, as libFuzzer names its own
finds, so running this again adds nothing twice. The encodings of the inputs
are in fuzz/README.md. Reproducers of findings are added by hand, under
descriptive names (`finding-*`, `known-*`), and never overwritten.
"""
import glob
import hashlib
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def vectors():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "*.json"))):
        with open(path, encoding="utf-8") as f:
            yield from json.load(f)["cases"]


def example(name):
    with open(os.path.join(ROOT, "examples", name), "rb") as f:
        return f.read()


def utf8(s):
    return s.encode("utf-8", "surrogatepass")


def dates(text):
    """The date strings of a document (its *DateTime members), when it parses."""
    try:
        doc = json.loads(text)
    except ValueError:
        return []
    if not isinstance(doc, dict):
        return []
    return [v for k, v in doc.items() if k.endswith("DateTime") and isinstance(v, str)]


def text(s):
    """A patch_builder text argument: length byte, then the bytes."""
    b = utf8(s)[:255]
    return bytes([len(b)]) + b


def builder_programs(patch_docs):
    """patch_builder programs: one per patch document, a step per member it
    has that the builder can set, plus one program that calls everything."""
    ops = {"outputName": 0, "description": 1, "outputFolderId": 2,
           "azureBlobContainer": 3, "azureBlobToken": 4, "status": 6,
           "action": 7, "exportStructure": 8, "exportOptions": 9,
           "createdDateTime": 10, "completedDateTime": 11}
    for doc in patch_docs:
        prog = b""
        for k, v in doc.items():
            if k in ops and isinstance(v, str):
                prog += bytes([ops[k]]) + text(v)
            elif k == "percentProgress" and isinstance(v, int) and -128 <= v < 128:
                prog += bytes([5, v & 0xFF])
            elif k in ops and v is None:
                clear = ["createdDateTime", "completedDateTime", "percentProgress", "status",
                         "action", "createdBy", "resultInfo", "outputName", "description",
                         "outputFolderId", "azureBlobContainer", "azureBlobToken",
                         "exportOptions", "exportStructure"]
                if k in clear:
                    prog += bytes([16, clear.index(k)])
            elif k not in ops and not k.startswith("@") and "@" not in k and k != "id":
                prog += bytes([14]) + text(k) + text(json.dumps(v))
        if prog:
            yield prog
    everything = (
        bytes([0]) + text("export-2024") + bytes([1]) + text("weekly \u2615")
        + bytes([2]) + text("folder/1") + bytes([3]) + text("container")
        + bytes([4]) + text("sv=2023&sig=SECRET") + bytes([5, 100])
        + bytes([6]) + text("succeeded") + bytes([7]) + text("applyTags")
        + bytes([8]) + text("directory") + bytes([9]) + text("text, originalFiles,newThing")
        + bytes([10]) + text("2024-05-14T09:47:02.8830641Z")
        + bytes([11]) + text("2024-05-14T11:47:02+02:00")
        + bytes([12, 9]) + text("u1") + text("Adele Vance")
        + bytes([13, 0]) + text("done") + bytes([14]) + text("reviewTag") + text('{"a":[1,2.5,null]}')
        + bytes([15]) + text("oldTag") + bytes([14]) + text("status") + text("1")
        + bytes([15]) + text("@odata.etag") + bytes([16, 8]) + bytes([17, 0])
        + bytes([18, 0x11, 3]) + text("text") + text("newFlag") + text("a,b")
        + bytes([19]) + text("359c4f92")
    )
    yield everything


def response(status, headers, body):
    head = "\n".join(f"{n}: {v}" for n, v in headers)
    return struct.pack(">H", status) + utf8(head) + b"\0" + body


def seeds():
    s = {t: [] for t in ("read", "apply", "diff", "datetime", "response", "patch_builder",
                         "page", "diff_fixed_point")}
    types = {None: 0, "caseExportOperation": 0, "ediscovery.caseExportOperation": 1,
             "security.ediscoveryExportOperation": 2, "any": 0}
    operation, target, patch = example("operation.json"), example("target.json"), example("patch.json")
    lines = [l for l in example("operations.ndjson").split(b"\n") if l.strip()]
    patch_docs = [json.loads(patch)]
    for case in vectors():
        for key in ("document", "patch", "target"):
            if key in case:
                s["read"].append(utf8(case[key]))
                s["datetime"].extend(utf8(d) for d in dates(case[key]))
        if case["op"] == "apply":
            flag = b"\x01" if case.get("mode") == "strict" else b"\x00"
            s["apply"].append(flag + utf8(case["document"]) + b"\0" + utf8(case["patch"]))
            if "expected" in case:
                s["diff"].append(utf8(case["document"]) + b"\0" + utf8(case["expected"]))
            try:
                p = json.loads(case["patch"])
                if isinstance(p, dict):
                    patch_docs.append(p)
            except ValueError:
                pass
        if case["op"] == "diff":
            s["diff"].append(utf8(case["document"]) + b"\0" + utf8(case["target"]))
            ty = bytes([types[case.get("type")]])
            s["diff_fixed_point"].append(ty + utf8(case["document"]) + b"\0" + utf8(case["target"]))
        if case["op"] == "list":
            # page: flags (type, mode, max_errors 8, default error bytes), depth default.
            flags = types[case.get("type")] | (4 if case.get("mode") == "strict" else 0) | (7 << 3) | (3 << 6)
            s["page"].append(bytes([flags, 0]) + utf8(case["document"]))
            # The same page with max_errors 1 and a 64-byte error budget.
            s["page"].append(bytes([(flags & 7) | (1 << 6), 0]) + utf8(case["document"]))
    s["read"] += [operation, target, patch] + lines
    for flag in (b"\x00", b"\x01"):
        s["apply"].append(flag + operation + b"\0" + patch)
        s["apply"].extend(flag + line + b"\0" + patch for line in lines)
    s["diff"].append(operation + b"\0" + target)
    s["diff"].extend(a + b"\0" + b for a, b in zip(lines, lines[1:]))
    s["datetime"] += [utf8(d) for d in dates(operation) + dates(target)]
    s["datetime"] += [b"2024-02-29T00:00:00Z", b"2023-02-29T00:00:00Z", b"2016-12-31T23:59:60Z",
                      b"2024-05-14t09:47:02z", b"2024-05-14T09:47:02.1234567891Z",
                      b"9999-12-31T23:59:59.999999999-23:59", b"0000-01-01T00:00:00+23:59"]
    graph = b'{"error":{"code":"TooManyRequests","message":"Slow down","innerError":{"request-id":"r-1","date":"2024-01-01T00:00:00"},"details":[{"code":"x","target":"percentProgress","message":"m"}]}}'
    s["response"] += [
        response(200, [("Content-Type", "application/json")], operation),
        response(200, [], target),
        response(200, [], b"{"),
        response(201, [], b" \r\n\t"),
        response(204, [], b""),
        response(429, [("Retry-After", "30"), ("request-id", "abc")], graph),
        response(503, [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], b""),
        response(502, [("client-request-id", "c-1"), ("Date", "Tue, 01 Jan 2024 00:00:00 GMT")],
                 b"<html>Bad gateway</html>"),
        response(400, [], b'{"error":{"code":"BadRequest","message":"bad","details":[{"code":"invalidType"}]}}'),
    ]
    s["patch_builder"] += list(builder_programs(patch_docs))
    return s


def main():
    for target, items in seeds().items():
        folder = os.path.join(CORPUS, target)
        os.makedirs(folder, exist_ok=True)
        new = 0
        for data in items:
            path = os.path.join(folder, hashlib.sha1(data).hexdigest())
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(data)
                new += 1
        print(f"{target}: {len(set(items))} seeds ({new} new)")


if __name__ == "__main__":
    main()
