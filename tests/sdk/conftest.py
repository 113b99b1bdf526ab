"""The fixtures of the SDK suite: `caseexport serve` started on a free
loopback port with generated operations, and Microsoft's Graph SDKs
(msgraph-sdk for v1.0, msgraph-beta-sdk for beta) pointed at it with a
static bearer token, plus a record of every HTTP exchange they made.

The test environment has the SDKs and pytest only, not the caseexport
wheel, so the server is started here the way `caseexport.testing.serve`
starts it: the binary from `CASEEXPORT_BIN` (run.sh sets it), `--listen
127.0.0.1:0`, the first stdout line read within a time limit, then stopped
by its process id (SIGTERM, SIGKILL after 10 s).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Iterator, Optional, TypeVar
from urllib.parse import urlparse

import httpx
import pytest
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)

#: The compliance (beta) case whose operations the read and list tests use,
#: paged with $top. Kept small: msgraph-beta-sdk spends ~17 ms of CPU per
#: operation it reads (its Entity builds a dict of every derived type's
#: deserializers each time), msgraph-sdk ~6 ms.
CASE = "case-1"
CASE_SIZE = 45
#: A security case (v1.0 and beta `security` routes).
SECURITY_CASE = "sec-1"
#: A security case over two pages at the server's default page size (100).
BIG_SECURITY_CASE = "sec-big"
BIG_SECURITY_SIZE = 130
#: Cases the PATCH tests change (each test its own operation), so that the
#: read and list tests see the loaded data whatever runs first.
EDIT_CASE = "edits"
SECURITY_EDIT_CASE = "sec-edits"

COMPLIANCE_TYPE = "#microsoft.graph.ediscovery.caseExportOperation"
SECURITY_TYPE = "#microsoft.graph.security.ediscoveryExportOperation"
STATUSES = ["notStarted", "submissionFailed", "running", "succeeded", "failed", "partiallySucceeded"]

T = TypeVar("T")


def compliance_op(i: int) -> dict[str, Any]:
    """The i-th operation of CASE (ids sort as their numbers do)."""
    return {
        "@odata.type": COMPLIANCE_TYPE,
        "id": f"op-{i:03d}",
        "createdDateTime": f"2024-05-{1 + i % 28:02d}T09:{i % 60:02d}:31.4721093Z",
        "percentProgress": (i * 7) % 101,
        "status": STATUSES[i % len(STATUSES)],
        "action": "contentExport",
        "description": f"export {i}" + (" (weekly)" if i % 3 == 0 else ""),
        "outputName": f"Export {i}",
        "exportOptions": "originalFiles,tags" if i % 2 else "originalFiles,text",
        "exportStructure": "directory",
        "createdBy": {"user": {"id": "c1db6f13-332a-4d84-b111-914383ff9fc9", "displayName": "Adele Vance"}},
    }


def security_op(i: int) -> dict[str, Any]:
    return {
        "@odata.type": SECURITY_TYPE,
        "id": f"sop-{i}" if i < 10 else f"sop-{i:03d}",
        "createdDateTime": "2022-05-23T16:51:57.6141672Z",
        "percentProgress": 50,
        "status": "running",
        "action": "contentExport",
        "description": f"security export {i}",
        "outputName": f"Export {i}",
        "exportOptions": "originalFiles,tags",
        "exportStructure": "directory",
        "exportFileMetadata": [
            {"fileName": f"Export {i}.zip", "downloadUrl": "https://contoso.example/x.zip", "size": 5368709120}
        ],
    }


def find_binary() -> str:
    """`$CASEEXPORT_BIN`, else `$CARGO_TARGET_DIR/debug/caseexport`, else
    the clone's `target/debug/caseexport`."""
    repo = Path(__file__).resolve().parents[2]
    candidates = [
        os.environ.get("CASEEXPORT_BIN"),
        os.path.join(os.environ["CARGO_TARGET_DIR"], "debug", "caseexport") if os.environ.get("CARGO_TARGET_DIR") else None,
        str(repo / "target" / "debug" / "caseexport"),
    ]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    raise FileNotFoundError(
        "the caseexport binary was not found: run tests/sdk/run.sh (it builds it), "
        "or set CASEEXPORT_BIN"
    )


@dataclass
class Server:
    process: "subprocess.Popen[bytes]"
    url: str
    token: str
    log: Path

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def start_server(tmp: Path, load: dict[str, list[dict[str, Any]]]) -> Server:
    token = secrets.token_urlsafe(24)
    command = [find_binary(), "serve", "--listen", "127.0.0.1:0", "--db", str(tmp / "store.db")]
    for case_id, ops in load.items():
        path = tmp / f"{case_id}.ndjson"
        path.write_text("".join(json.dumps(op) + "\n" for op in ops), encoding="utf-8")
        command += ["--load", f"{case_id}={path}"]
    log = tmp / "serve.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_file,
            env=dict(os.environ, CASEEXPORT_SERVE_TOKENS=token),
        )
    stdout = process.stdout
    assert stdout is not None
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    line = first[0].decode("utf-8", "replace").strip() if first else ""
    if not line.startswith("listening on "):
        process.kill()
        status = process.wait()
        raise RuntimeError(f"caseexport serve did not start (exit {status}): {log.read_text(errors='replace')[-2000:]}")
    url = line.removeprefix("listening on ")
    assert urlparse(url).hostname == "127.0.0.1", url
    return Server(process, url, token, log)


class StaticTokenProvider(AccessTokenProvider):
    """Kiota's AccessTokenProvider contract for a fixed token: the token is
    given only for a URL whose host the validator allows, and only over
    https, except to a loopback host (the rule of Kiota's own Azure
    provider, `AzureIdentityAccessTokenProvider`, whose LOCALHOST_STRINGS
    are the exemption). Anything else gets no token ("" adds no header), or
    an error for plain http to a non-loopback host."""

    LOOPBACK = {"127.0.0.1", "localhost", "::1"}

    def __init__(self, token: str, allowed_hosts: list[str]) -> None:
        self._token = token
        self._validator = AllowedHostsValidator(allowed_hosts)

    async def get_authorization_token(self, uri: str, additional_authentication_context: dict[str, Any] = {}) -> str:
        if not self._validator.get_allowed_hosts() or not self._validator.is_url_host_valid(uri):
            return ""
        parsed = urlparse(uri)
        if parsed.scheme != "https" and parsed.hostname not in self.LOOPBACK:
            raise ValueError(f"refusing to send the bearer token over {parsed.scheme} to {parsed.hostname}")
        return self._token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._validator


@dataclass
class Exchange:
    method: str
    url: str
    request_headers: dict[str, str]
    status: int = 0
    response_headers: dict[str, str] = field(default_factory=dict)


class Recorder:
    """httpx event hooks: every request the SDK sends and its answer."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    async def on_request(self, request: httpx.Request) -> None:
        self.exchanges.append(Exchange(request.method, str(request.url), dict(request.headers)))

    async def on_response(self, response: httpx.Response) -> None:
        last = self.exchanges[-1]
        last.status = response.status_code
        last.response_headers = dict(response.headers)

    def clear(self) -> None:
        self.exchanges.clear()


class Graph:
    """The server plus SDK clients for it, and one event loop to run them."""

    def __init__(self, server: Server, loop: asyncio.AbstractEventLoop) -> None:
        self.server = server
        self.loop = loop
        self.recorder = Recorder()

    def run(self, awaitable: Awaitable[T]) -> T:
        return self.loop.run_until_complete(awaitable)  # type: ignore[arg-type]

    def _http_client(self, options: dict[str, Any]) -> httpx.AsyncClient:
        from msgraph_core import GraphClientFactory

        client = httpx.AsyncClient(
            event_hooks={"request": [self.recorder.on_request], "response": [self.recorder.on_response]},
            timeout=30,
        )
        return GraphClientFactory.create_with_default_middleware(client=client, options=options)

    def v1(self, token: Optional[str] = None) -> Any:
        """msgraph-sdk's GraphServiceClient (v1.0) for this server."""
        from msgraph import GraphRequestAdapter, GraphServiceClient
        from msgraph.graph_request_adapter import options

        auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token or self.server.token, ["127.0.0.1"]))
        adapter = GraphRequestAdapter(auth, client=self._http_client(options))
        adapter.base_url = self.server.url + "/v1.0"
        return GraphServiceClient(request_adapter=adapter)

    def beta(self, token: Optional[str] = None) -> Any:
        """msgraph-beta-sdk's GraphServiceClient for this server."""
        from msgraph_beta import GraphRequestAdapter, GraphServiceClient
        from msgraph_beta.graph_request_adapter import options

        auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token or self.server.token, ["127.0.0.1"]))
        adapter = GraphRequestAdapter(auth, client=self._http_client(options))
        adapter.base_url = self.server.url + "/beta"
        return GraphServiceClient(request_adapter=adapter)


@pytest.fixture(scope="session")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    tmp = tmp_path_factory.mktemp("serve")
    server = start_server(
        tmp,
        {
            CASE: [compliance_op(i) for i in range(CASE_SIZE)],
            SECURITY_CASE: [security_op(i) for i in range(3)],
            BIG_SECURITY_CASE: [security_op(i) for i in range(BIG_SECURITY_SIZE)],
            EDIT_CASE: [compliance_op(i) for i in range(20)],
            SECURITY_EDIT_CASE: [security_op(i) for i in range(10)],
        },
    )
    loop = asyncio.new_event_loop()
    try:
        yield Graph(server, loop)
    finally:
        loop.close()
        status = server.stop()
        # SIGTERM is a graceful stop: exit 0, the store closed.
        assert status == 0, f"caseexport serve exited {status}: {server.log.read_text(errors='replace')[-2000:]}"


@pytest.fixture
def recorder(graph: Graph) -> Recorder:
    graph.recorder.clear()
    return graph.recorder

