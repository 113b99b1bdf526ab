"""Watching an export operation until it ends, with the standard library's
HTTP client: ``wait()`` sends ``GET`` to the operation's URL, hands each
answer to the core's ``Poll`` (the policy shared with the CLI's ``wait``
and the C API), and yields every ``PollStep``, so that a notebook can drive a
progress bar from ``step.percent``."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Optional

from ._native import Poll, PollStep, Request
from ._types import GraphError


def wait(
    url: str,
    token: str,
    *,
    type: str = "any",
    timeout: Optional[float] = None,
    first_wait: float = 1.0,
    max_wait: float = 30.0,
    max_transient: int = 5,
    request_timeout: float = 30.0,
    include_unknown_enum_members: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[PollStep]:
    """Polls the export operation at ``url`` (an absolute ``http(s)://`` URL,
    the ``Location`` of the action that started it) with the bearer
    ``token``, and yields one ``PollStep`` per answer. The last step yielded
    is ``"succeeded"`` or ``"ended"`` (``failed``, ``partiallySucceeded``,
    ``submissionFailed``: see ``result_code`` and ``result_message``); its
    ``operation`` is the operation as answered.

    Waits follow the answer's ``Retry-After``, else a backoff from
    ``first_wait`` to ``max_wait`` seconds. Raises ``GraphError`` for an
    error answer that waiting will not mend (after yielding its step),
    ``TimeoutError`` when the operation has not ended ``timeout`` seconds
    after the first request (``None``: no limit), and ``urllib``'s
    ``URLError`` when the server cannot be reached. ``sleep`` and ``clock``
    are the waiting and the time (``time.sleep``, ``time.monotonic``).
    """
    poll = Poll(type=type, first_wait=first_wait, max_wait=max_wait, max_transient=max_transient)
    # The GET carries the same headers as the PATCH of the core's Request,
    # less the body's.
    headers = {
        name: value
        for name, value in Request(
            url, token, {}, include_unknown_enum_members=include_unknown_enum_members
        ).headers.items()
        if name not in ("Content-Type", "Content-Length")
    }
    deadline = None if timeout is None else clock() + timeout
    while True:
        req = urllib.request.Request(url, headers=headers, method="GET")
        try:
            with urllib.request.urlopen(req, timeout=request_timeout) as r:
                step = poll.step(r.status, r.headers.items(), r.read())
        except urllib.error.HTTPError as e:
            step = poll.step(e.code, e.headers.items(), e.read())
        yield step
        if step.kind in ("succeeded", "ended"):
            return
        if step.kind == "error":
            error = step.error
            assert isinstance(error, GraphError)
            raise error
        if deadline is not None and clock() + step.wait > deadline:
            raise TimeoutError(
                f"the operation at {url} has not ended after {timeout} s "
                f"(status {step.status!r}, {step.percent}%)"
            )
        sleep(step.wait)
