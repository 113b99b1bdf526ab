"""End to end: a ``Request`` built by the package, sent with the standard
library's ``urllib.request`` to the server of ``caseexport.testing`` (in this
process, as after ``pip install`` alone, and as the ``caseexport serve``
binary when the test command provides one in ``CASEEXPORT_TEST_BIN``), the
answer read with ``read_response``; the pytest fixtures the package
registers."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Optional

import pytest

import caseexport
from caseexport import CaseExportOperation, GraphError, Patch, Request, read_response
from caseexport.testing import Server, serve

#: The ``caseexport`` binary for the child-process mode (the test command
#: builds it); without it those cases are skipped, visibly.
TEST_BIN = os.environ.get("CASEEXPORT_TEST_BIN")
MODES = [
    "in-process",
    pytest.param(
        "binary",
        marks=pytest.mark.skipif(not TEST_BIN, reason="SKIP: CASEEXPORT_TEST_BIN is not set"),
    ),
]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def start(mode: str, **kwargs: object) -> Server:
    """``serve(**kwargs)`` in-process or as the binary."""
    if mode == "binary":
        kwargs["binary"] = TEST_BIN
    return serve(**kwargs)  # type: ignore[arg-type]

STORED = {
    "id": "op1",
    "status": "running",
    "percentProgress": 40,
    "description": "",
    "azureBlobToken": "sv=1&sig=SASSECRET",
}


@pytest.fixture
def graph(tmp_path: Path, mode: str) -> Iterator[Server]:
    ops = tmp_path / "ops.ndjson"
    ops.write_text(json.dumps(STORED) + "\n", encoding="utf-8")
    with start(mode, load={"case 1": ops}, db=tmp_path / "store.db") as server:
        yield server


def send(request: Request, method: Optional[str] = None) -> Optional[CaseExportOperation]:
    """Sends with urllib and reads the answer with read_response (which
    raises GraphError for 4xx/5xx)."""
    method = method or request.method
    body = request.body if method == "PATCH" else None
    headers = {
        name: value
        for name, value in request.headers.items()
        if body is not None or name not in ("Content-Type", "Content-Length")
    }
    req = urllib.request.Request(request.url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return read_response(r.status, r.headers.items(), r.read())
    except urllib.error.HTTPError as e:
        return read_response(e.code, e.headers.items(), e.read())


@pytest.mark.parametrize("route", ["beta", "security", "security-beta"])
def test_patch_flow_on_each_route(graph: Server, route: str) -> None:
    url = graph.operation_url("case 1", "op1", route=route)
    current = send(Request(url, graph.token, Patch()), method="GET")
    assert current is not None and current.percent_progress == 40
    assert current.etag is not None
    patch = Patch(percent_progress=100, status=caseexport.CaseOperationStatus.SUCCEEDED)
    updated = send(Request(url, graph.token, patch, if_match=current.etag))
    assert updated is not None
    assert updated.percent_progress == 100
    assert updated.status is caseexport.CaseOperationStatus.SUCCEEDED
    assert updated.etag is not None and updated.etag != current.etag
    # The stale ETag is refused now.
    with pytest.raises(GraphError) as caught:
        send(Request(url, graph.token, Patch(description="late"), if_match=current.etag))
    assert (caught.value.status, caught.value.code) == (412, "PreconditionFailed")
    assert caught.value.request_id


def test_errors_are_graph_errors(graph: Server) -> None:
    url = graph.operation_url("case 1", "op1")
    # The package refuses to build an invalid body; send one by hand, with
    # the headers of a valid request, to see the service refuse it.
    headers = Request(url, graph.token, Patch(description="x")).headers
    body = b'{"percentProgress": 101, "colour": "red"}'
    headers["Content-Length"] = str(len(body))
    raw = urllib.request.Request(url, data=body, headers=headers, method="PATCH")
    with pytest.raises(urllib.error.HTTPError) as http_error:
        urllib.request.urlopen(raw, timeout=30)
    answer = http_error.value
    with pytest.raises(GraphError) as caught:
        read_response(answer.code, answer.headers.items(), answer.read())
    e = caught.value
    assert e.status == 400
    assert [(d.code, d.target) for d in e.details] == [
        ("outOfRange", "percentProgress"),
        ("unknownProperty", "colour"),
    ]
    with pytest.raises(GraphError) as caught:
        send(Request(url, "not-the-token", Patch(description="x")))
    assert caught.value.status == 401
    with pytest.raises(GraphError) as caught:
        send(Request(graph.operation_url("case 1", "nope"), graph.token, Patch(description="x")))
    assert caught.value.status == 404
    assert "not-the-token" not in repr(graph) and graph.token not in repr(graph)


def test_concurrent_conditional_patches_lose_nothing(graph: Server) -> None:
    url = graph.operation_url("case 1", "op1")

    def writer(name: str) -> None:
        for n in range(10):
            while True:
                current = send(Request(url, graph.token, Patch()), method="GET")
                assert current is not None and current.etag is not None
                text = (current.description or "") + f"{name}{n};"
                try:
                    send(Request(url, graph.token, Patch(description=text), if_match=current.etag))
                    break
                except GraphError as e:
                    assert e.status == 412

    threads = [threading.Thread(target=writer, args=(f"t{i}-",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    final = send(Request(url, graph.token, Patch()), method="GET")
    assert final is not None and final.description is not None
    for i in range(4):
        for n in range(10):
            assert final.description.count(f"t{i}-{n};") == 1


def test_the_store_outlives_the_server(tmp_path: Path, mode: str) -> None:
    ops = tmp_path / "ops.ndjson"
    ops.write_text(json.dumps(STORED), encoding="utf-8")
    db = tmp_path / "store.db"
    with start(mode, load={"c": ops}, db=db, token="t0k") as server:
        send(Request(server.operation_url("c", "op1"), server.token, Patch(output_name="kept")))
        assert server.stop() == 0
    with start(mode, db=db, token="t0k") as server:
        got = send(Request(server.operation_url("c", "op1"), server.token, Patch()), method="GET")
        assert got is not None and got.output_name == "kept"


def test_a_server_that_cannot_start_says_so(tmp_path: Path, mode: str) -> None:
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"percentProgress": "x"}\n', encoding="utf-8")
    with pytest.raises(RuntimeError, match="did not start"):
        start(mode, load={"c": bad})


def test_in_process_needs_no_binary_and_says_why_it_did_not_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEEXPORT_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no caseexport anywhere
    ops = tmp_path / "ops.ndjson"
    ops.write_text(json.dumps(STORED) + "\n", encoding="utf-8")
    with serve(load={"c": ops}) as server:
        assert server.process is None and "in-process" in repr(server)
        got = send(Request(server.operation_url("c", "op1"), server.token, Patch()), method="GET")
        assert got is not None and got.percent_progress == 40
    # Stopped: the port no longer answers.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url + "/", timeout=5)
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"id": "a", "percentProgress": "x"}\n', encoding="utf-8")
    with pytest.raises(RuntimeError) as caught:
        serve(load={"c": bad})
    message = str(caught.value)
    assert message.startswith("the server did not start: 1 invalid operation(s) to load:")
    assert "percentProgress" in message
    with pytest.raises(ValueError, match="args= are options of the caseexport binary"):
        serve(args=["--quiet"])
    with pytest.raises(FileNotFoundError, match="CASEEXPORT_BIN"):
        serve(binary=tmp_path / "missing")


@pytest.fixture
def graph_operations() -> dict[str, list[dict[str, object]]]:
    """Overrides the package's fixture: what graph_server loads."""
    return {"case-9": [{"id": "op9", "status": "running", "percentProgress": 5}]}


def test_the_graph_server_fixture_loads_graph_operations(graph_server: Server) -> None:
    url = graph_server.operation_url("case-9", "op9")
    patch = Patch(status=caseexport.CaseOperationStatus.SUCCEEDED)
    updated = send(Request(url, graph_server.token, patch, if_match="*"))
    assert updated is not None and updated.percent_progress == 5
    assert updated.status is caseexport.CaseOperationStatus.SUCCEEDED
