"""Threads: objects are immutable and shared safely; several threads applying
patches at once get exactly the single-threaded results; large inputs are
read with the interpreter released, so other Python threads keep running."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from caseexport import CaseExportOperation, ValidationError, _native

BASE = CaseExportOperation.from_json(
    json.dumps(
        {
            "id": "op1",
            "status": "running",
            "percentProgress": 0,
            "createdBy": {"user": {"id": "u1", "displayName": "Megan"}},
            "outputName": "base",
            "azureBlobToken": "sv=SECRET",
        }
    )
)


def patch_for(i: int) -> bytes:
    if i % 7 == 6:  # some patches are invalid and must fail, all or nothing
        return json.dumps({"percentProgress": 100 + i, "outputName": f"bad-{i}"}).encode()
    return json.dumps(
        {
            "percentProgress": i % 101,
            "outputName": f"export-{i}",
            "createdBy": {"user": {"displayName": f"user {i}"}},
            "description": None if i % 2 else f"d{i}",
        }
    ).encode()


def apply(i: int) -> str:
    try:
        return BASE.apply_patch(patch_for(i)).to_json()
    except ValidationError as e:
        return "error:" + ",".join(f"{d.path} {d.code}" for d in e.errors)


def test_threads_applying_patches_at_once_get_the_sequential_results() -> None:
    n = 400
    want = [apply(i) for i in range(n)]
    assert len(set(want)) > n * 0.8  # distinct results, so a mix-up would show
    assert sum(w.startswith("error:") for w in want) == len([i for i in range(n) if i % 7 == 6])
    base_before = BASE.to_json()
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(apply, range(n)))
        assert got == want
    assert BASE.to_json() == base_before


def test_threads_using_one_lazily_patched_object_at_once() -> None:
    # The first use builds the patched value once; every thread sees it.
    for i in range(50):
        shared = BASE.apply_patch(patch_for(i * 7 % 6))
        want = CaseExportOperation.from_json(shared.to_json())
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda _: (shared.created_by, shared.output_name, shared == want), range(16)))
        assert all(g == (want.created_by, want.output_name, True) for g in got)


def test_threads_reading_large_documents_at_once() -> None:
    # Above the release threshold: the core runs without the interpreter.
    docs = [
        json.dumps({"id": f"op{i}", "blob": "x" * (_native.DETACH_THRESHOLD + i), "n": list(range(i))}).encode()
        for i in range(16)
    ]
    want = [CaseExportOperation.from_json(d).apply_patch({"outputName": "o"}).to_json() for d in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda d: CaseExportOperation.from_json(d).apply_patch({"outputName": "o"}).to_json(), docs))
    assert got == want


def big_document(size: int) -> bytes:
    items = ",".join(f'"k{i}":{{"a":[1,2.5,"{i}"],"b":null}}' for i in range(size // 30))
    return ('{"id":"op1","x":{' + items + "}}").encode()


def test_the_interpreter_is_released_while_the_core_reads_a_large_input() -> None:
    """A Python thread records timestamps while the main thread reads a large
    document. It can only run while the interpreter is released, so stamps
    inside the read (minus margins wider than the switch interval) prove the
    release."""
    stamps: list[float] = []
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            stamps.append(time.perf_counter())
            for _ in range(200):
                pass

    size = 1 << 20
    doc = big_document(size)
    # Grow the input until one read takes long enough to measure.
    while True:
        t0 = time.perf_counter()
        CaseExportOperation.from_json(doc, max_size=64 << 20)
        if time.perf_counter() - t0 > 0.15 or size >= 32 << 20:
            break
        size *= 2
        doc = big_document(size)
    worker = threading.Thread(target=spin)
    worker.start()
    try:
        while not stamps:
            time.sleep(0.001)
        start = time.perf_counter()
        op = CaseExportOperation.from_json(doc, max_size=64 << 20)
        end = time.perf_counter()
    finally:
        stop.set()
        worker.join()
    assert op.id == "op1"
    margin = 0.03
    inside = [t for t in stamps if start + margin < t < end - margin]
    assert end - start > 3 * margin, "the read was too quick to measure"
    assert inside, "no Python thread ran while the core read the document"
