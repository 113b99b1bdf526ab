"""Start and stop ``caseexport serve`` for tests: a local Graph endpoint for
case export operations, with strict validation and Graph's error bodies.

The server is the ``caseexport`` command-line tool (``cargo install --path
crates/caseexport-cli``). It is found through the ``CASEEXPORT_BIN``
environment variable, then on ``PATH``; or pass ``binary=``. It listens on a
free loopback port and is stopped by its process id (SIGTERM, then SIGKILL
if it has not stopped in time).

A pytest fixture::

    import pytest
    from caseexport.testing import serve

    @pytest.fixture
    def graph():
        with serve(load={"case-1": "tests/operations.ndjson"}) as server:
            yield server

    def test_export_completes(graph):
        url = graph.operation_url("case-1", "op1")
        ...  # send caseexport.Request(url, graph.token, patch) with any client
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
import urllib.parse
from pathlib import Path
from types import TracebackType
from typing import IO, Mapping, Optional, Sequence, Union

__all__ = ["Server", "serve", "find_binary"]

_PathLike = Union[str, "os.PathLike[str]"]

#: The path prefixes of the routes, by name (see ``operation_url``).
ROUTES = {
    "beta": "/beta/compliance/ediscovery/cases/{case}/operations",
    "security": "/v1.0/security/cases/ediscoveryCases/{case}/operations",
    "security-beta": "/beta/security/cases/ediscoveryCases/{case}/operations",
}


def find_binary(binary: Optional[_PathLike] = None) -> str:
    """The ``caseexport`` executable: ``binary``, else ``$CASEEXPORT_BIN``,
    else ``caseexport`` on ``PATH``. Raises ``FileNotFoundError``."""
    candidate = binary or os.environ.get("CASEEXPORT_BIN") or shutil.which("caseexport")
    if not candidate or not Path(candidate).is_file():
        raise FileNotFoundError(
            "the caseexport binary was not found: set CASEEXPORT_BIN, put it on PATH "
            "(cargo install --path crates/caseexport-cli) or pass binary="
        )
    return str(candidate)


class Server:
    """A running ``caseexport serve`` process.

    ``url`` is its base URL (``http://127.0.0.1:PORT``), ``token`` the bearer
    token it accepts, ``process`` the process. Use it as a context manager,
    or call ``stop()``.
    """

    def __init__(self, process: "subprocess.Popen[bytes]", url: str, token: str) -> None:
        self.process = process
        self.url = url
        self.token = token

    def operation_url(self, case_id: str, operation_id: Optional[str] = None, *, route: str = "beta") -> str:
        """The URL of an operation (or, without ``operation_id``, of the list),
        on one of the routes: ``"beta"`` (``/beta/compliance/ediscovery/...``),
        ``"security"`` (``/v1.0/security/...``) or ``"security-beta"``."""
        quote = lambda s: urllib.parse.quote(s, safe="")  # noqa: E731
        path = ROUTES[route].format(case=quote(case_id))
        if operation_id is not None:
            path += "/" + quote(operation_id)
        return self.url + path

    def stop(self, timeout: float = 10.0) -> int:
        """Stops the server gracefully (SIGTERM: requests in flight finish, the
        store is closed); kills it if it has not stopped within ``timeout``
        seconds. Returns its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    def __enter__(self) -> "Server":
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        # The token is a secret: never shown.
        return f"<caseexport.testing.Server {self.url} pid={self.process.pid}>"


def serve(
    *,
    load: Mapping[str, _PathLike] = {},
    db: Optional[_PathLike] = None,
    token: Optional[str] = None,
    binary: Optional[_PathLike] = None,
    args: Sequence[str] = (),
    log: Optional[IO[bytes]] = None,
    startup_timeout: float = 30.0,
) -> Server:
    """Starts ``caseexport serve`` on a free loopback port and waits until it
    listens.

    ``load`` maps case ids to NDJSON files of operations (operations ``db``
    already holds are kept, with their PATCHes; pass ``args=["--replace",
    "CASE=FILE"]`` to overwrite); ``db`` is a SQLite file (default: an
    in-memory store); ``token`` the accepted bearer token
    (default: a random one, in ``Server.token``); ``args`` extra options;
    ``log`` where the request log goes (default: discarded). Raises
    ``RuntimeError`` when the server does not start.
    """
    token = token or secrets.token_urlsafe(24)
    command = [find_binary(binary), "serve", "--listen", "127.0.0.1:0"]
    for case_id, path in load.items():
        command += ["--load", f"{case_id}={os.fspath(path)}"]
    if db is not None:
        command += ["--db", os.fspath(db)]
    command += list(args)
    env = dict(os.environ, CASEEXPORT_SERVE_TOKENS=token)
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log if log is not None else subprocess.DEVNULL,
        env=env,
    )
    stdout = process.stdout
    assert stdout is not None
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(startup_timeout)
    line = first[0].decode("utf-8", "replace").strip() if first else ""
    if not line.startswith("listening on "):
        process.kill()
        status = process.wait()
        raise RuntimeError(
            f"caseexport serve did not start (exit status {status}); "
            "pass log=sys.stderr.buffer to see why"
        )
    return Server(process, line.removeprefix("listening on "), token)
