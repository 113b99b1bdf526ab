"""Start and stop a local Graph endpoint for case export operations in
tests: the service of ``caseexport serve`` (strict validation, Graph's status
codes and error bodies, a SQLite store) on a free loopback port.

By default the server runs inside this process, on background threads of the
package's native module: ``pip install`` is all it needs. With ``binary=``
(or the ``CASEEXPORT_BIN`` environment variable) it is the ``caseexport``
command-line tool instead, run as a child process and stopped by its process
id (SIGTERM, then SIGKILL if it has not stopped in time).

pytest fixtures, ready made (the package registers them as a pytest plugin):
``graph_server``, a server loaded with the operations of the
``graph_operations`` fixture, which a test module or ``conftest.py``
overrides::

    import pytest

    @pytest.fixture
    def graph_operations():
        return {"case-1": [{"id": "op1", "status": "running"}]}

    def test_export_completes(graph_server):
        url = graph_server.operation_url("case-1", "op1")
        ...  # send caseexport.Request(url, graph_server.token, patch) with any client

or your own fixture around ``serve()``::

    import pytest
    from caseexport.testing import serve

    @pytest.fixture
    def graph():
        with serve(load={"case-1": "tests/operations.ndjson"}) as server:
            yield server

    def test_export_loaded(graph):
        ...
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
from typing import IO, TYPE_CHECKING, Iterator, Mapping, Optional, Sequence, Union

if TYPE_CHECKING:
    from . import _native

__all__ = ["Server", "serve", "find_binary", "graph_server"]

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
    """A running server.

    ``url`` is its base URL (``http://127.0.0.1:PORT``), ``token`` the bearer
    token it accepts, ``process`` the ``caseexport serve`` child process
    (``None`` for the in-process server). Use it as a context manager, or
    call ``stop()``.
    """

    def __init__(
        self,
        process: "Optional[subprocess.Popen[bytes]]",
        url: str,
        token: str,
        native: "Optional[_native._Server]" = None,
    ) -> None:
        self.process = process
        self.url = url
        self.token = token
        self._native = native

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
        """Stops the server gracefully (requests in flight finish, the store
        is closed; a child process gets SIGTERM and is killed if it has not
        stopped within ``timeout`` seconds). Returns the exit status (0 for
        the in-process server once stopped)."""
        if self._native is not None:
            self._native.stop()
            return 0
        assert self.process is not None
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
        where = f"pid={self.process.pid}" if self.process is not None else "in-process"
        return f"<caseexport.testing.Server {self.url} {where}>"


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
    """Starts the server on a free loopback port and waits until it listens.

    ``load`` maps case ids to NDJSON files of operations (operations ``db``
    already holds are kept, with their PATCHes; to overwrite them, run the
    binary with ``args=["--replace", "CASE=FILE"]``); ``db`` is a SQLite
    file (default: an in-memory store); ``token`` the accepted bearer token
    (default: a random one, in ``Server.token``). Raises ``RuntimeError``
    when the server does not start, with the reason.

    The server runs in this process unless ``binary`` (or the environment
    variable ``CASEEXPORT_BIN``) names a ``caseexport`` executable; then it
    runs as ``caseexport serve`` in a child process, ``args`` are extra
    options for it and ``log`` receives its request log (default: discarded).
    In-process, ``args`` is refused (``ValueError``) and ``log``, when given,
    turns the request log on, written to this process's standard error.
    """
    token = token or secrets.token_urlsafe(24)
    if binary is None and not os.environ.get("CASEEXPORT_BIN"):
        if args:
            raise ValueError(
                "args= are options of the caseexport binary: pass binary= (or set "
                "CASEEXPORT_BIN) to run it, or leave args= out for the in-process server"
            )
        from . import _native

        native = _native._Server(
            [token],
            [(case_id, os.fspath(path)) for case_id, path in load.items()],
            db=None if db is None else os.fspath(db),
            log=log is not None,
        )
        return Server(None, native.url, token, native)
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


# pytest fixtures, registered as a pytest plugin by the package (the
# ``pytest11`` entry point): any test of a project that has the package
# installed can ask for ``graph_server``. pytest is not a dependency.
try:
    import pytest as _pytest
except ImportError:  # pragma: no cover
    pass
else:

    @_pytest.fixture
    def graph_operations() -> Mapping[str, Union[_PathLike, Sequence[Mapping[str, object]]]]:
        """The operations ``graph_server`` loads: case id to an NDJSON file,
        or to a list of operations (dicts, each with an ``id``). None by
        default; override this fixture (in a test module or a
        ``conftest.py``) to load some."""
        return {}

    @_pytest.fixture
    def graph_server(
        graph_operations: Mapping[str, Union[_PathLike, Sequence[Mapping[str, object]]]],
        tmp_path_factory: "_pytest.TempPathFactory",
    ) -> Iterator[Server]:
        """An in-process server for one test, loaded with
        ``graph_operations``, its store in memory; stopped after the test."""
        import json

        folder = tmp_path_factory.mktemp("graph_server")
        loads: dict[str, _PathLike] = {}
        for n, (case_id, operations) in enumerate(graph_operations.items()):
            if isinstance(operations, (str, os.PathLike)):
                loads[case_id] = operations
            else:
                path = folder / f"case-{n}.ndjson"
                path.write_text("".join(json.dumps(op) + "\n" for op in operations), encoding="utf-8")
                loads[case_id] = path
        with serve(load=loads) as server:
            yield server
