"""Watching an export operation: the core's ``Poll`` policy from Python, and
``caseexport.wait`` against ``caseexport serve`` on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

import caseexport
from caseexport import GraphError, Poll
from caseexport.testing import Server, serve

SEC = "#microsoft.graph.security.ediscoveryExportOperation"


def test_poll_backoff_retry_after_and_terminal_states() -> None:
    poll = Poll(type="security.ediscoveryExportOperation", first_wait=0.5, max_wait=2.0, max_transient=1)
    running = json.dumps({"status": "running", "percentProgress": 40})
    waits = [poll.step(200, {}, running).wait for _ in range(4)]
    assert waits == [0.5, 1.0, 2.0, 2.0]
    step = poll.step(200, [("Retry-After", "7")], running)
    assert (step.kind, step.wait, step.from_retry_after, step.status, step.percent) == (
        "wait", 7.0, True, "running", 40
    )
    poll.reset()
    assert poll.step(200, {}, running).wait == 0.5
    step = poll.step(503, {}, b"")
    assert (step.kind, step.http_status, step.transient_in_a_row) == ("wait", 503, 1)
    step = poll.step(503, {}, b"")
    assert step.kind == "error" and isinstance(step.error, GraphError) and step.error.status == 503
    step = poll.step(200, {}, json.dumps({"status": "failed", "resultInfo": {"code": 5, "message": "disk"}}))
    assert (step.kind, step.status, step.result_code, step.result_message) == ("ended", "failed", 5, "disk")
    assert step.operation is not None
    step = poll.step(200, {}, json.dumps({"status": "succeeded", "percentProgress": 100}))
    assert (step.kind, step.percent) == ("succeeded", 100)
    assert step.operation is not None and step.operation.operation_type == "security.ediscoveryExportOperation"


def test_poll_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="first_wait"):
        Poll(first_wait=-1)
    with pytest.raises(ValueError, match="longer than max_wait"):
        Poll(first_wait=5, max_wait=1)
    with pytest.raises(ValueError, match="unknown operation type"):
        Poll(type="nope")
    # A body of another type than the one watched is the reader's error.
    with pytest.raises(caseexport.ValidationError):
        Poll(type="caseExportOperation").step(200, {}, json.dumps({"@odata.type": SEC}))



@pytest.fixture
def graph(tmp_path: Path) -> Iterator[Server]:
    # The server in this process (it is in the wheel).
    ops = tmp_path / "ops.ndjson"
    docs = [
        {"@odata.type": SEC, "id": "done", "status": "succeeded", "percentProgress": 100},
        {"@odata.type": SEC, "id": "bad", "status": "failed", "resultInfo": {"code": 3, "message": "quota", "subcode": 0}},
        {"@odata.type": SEC, "id": "run", "status": "running", "percentProgress": 30},
    ]
    ops.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    with serve(load={"c1": ops}) as server:
        yield server


def test_wait_ends_with_the_terminal_step(graph: Server) -> None:
    url = graph.operation_url("c1", "done", route="security")
    steps = list(caseexport.wait(url, graph.token, sleep=lambda s: None))
    assert [s.kind for s in steps] == ["succeeded"]
    assert steps[0].operation is not None and steps[0].operation.id == "done"
    steps = list(caseexport.wait(graph.operation_url("c1", "bad", route="security"), graph.token))
    assert [(s.kind, s.status, s.result_code, s.result_message) for s in steps] == [
        ("ended", "failed", 3, "quota")
    ]


def test_wait_times_out_on_an_operation_that_does_not_end(graph: Server) -> None:
    url = graph.operation_url("c1", "run", route="security")
    slept: list[float] = []
    now = [0.0]

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    steps = []
    with pytest.raises(TimeoutError, match="has not ended after 10 s"):
        for step in caseexport.wait(url, graph.token, timeout=10, sleep=sleep, clock=lambda: now[0]):
            steps.append(step)
    assert all(s.kind == "wait" and s.percent == 30 for s in steps)
    assert slept == [1.0, 2.0, 4.0]  # the next wait (8 s) would pass the deadline


def test_wait_raises_the_graph_error(graph: Server) -> None:
    url = graph.operation_url("c1", "missing", route="security")
    with pytest.raises(GraphError) as caught:
        list(caseexport.wait(url, graph.token))
    assert (caught.value.status, caught.value.code) == (404, "itemNotFound")
    with pytest.raises(GraphError) as caught:
        list(caseexport.wait(graph.operation_url("c1", "done", route="security"), "wrong-token"))
    assert caught.value.status == 401
