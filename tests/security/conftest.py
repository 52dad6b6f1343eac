"""One real `kaiping-kg serve --timeout 3` on loopback, shared by the security tests.

Started as a user starts it (a subprocess of the CLI) on the serving fixture's store, with
small limits so that each threat is reached in a few seconds: 2 workers, a 2 s request
deadline, 300 MiB per worker, 30 connections, and `kg.example` as an extra allowed Host.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.serving import SERVE_TRIG, free_port, store_from_trig

ROOT = Path(__file__).resolve().parents[2]
FLAGS = [
    "--timeout", "3", "--workers", "2", "--request-timeout", "2",
    "--max-worker-memory", "300", "--max-connections", "30", "--allowed-host", "kg.example",
]  # fmt: skip


@dataclass
class Server:
    """A running server: its process, port and store folder."""

    process: subprocess.Popen
    port: int
    store: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 15.0,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            reply = conn.getresponse()
            return reply.status, dict(reply.getheaders()), reply.read()
        finally:
            conn.close()

    def query(self, text: str, how: str = "get", **headers: str):
        """Send `text` by GET, form POST ("form") or application/sparql-query ("post")."""
        if how == "get":
            return self.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                                headers=headers)  # fmt: skip
        if how == "form":
            body = urllib.parse.urlencode({"query": text}).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = text.encode(), "application/sparql-query"
        return self.request("POST", "/sparql", body, {"Content-Type": kind, **headers})

    def workers(self) -> list[int]:
        """Pids of the server's worker processes (its children)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sorted(int(c) for c in children)

    def settled(self, count: int = 2, seconds: float = 20) -> set[int]:
        """The worker pids once `count` workers are up (replacements take a moment)."""
        deadline = time.monotonic() + seconds
        while len(pids := self.workers()) != count and time.monotonic() < deadline:
            time.sleep(0.1)
        return set(pids)


def start_server(store: Path, flags: list[str]) -> Server:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kg_build.cli", "serve", "--store", str(store)]
    process = subprocess.Popen(
        command + ["--port", str(port), *flags], env=env, stderr=subprocess.DEVNULL
    )
    server = Server(process, port, store)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if server.request("GET", "/sparql?query=ASK%7B%7D", timeout=2)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("kaiping-kg serve did not start within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    return store_from_trig(SERVE_TRIG, tmp_path_factory.mktemp("security") / "store")


@pytest.fixture(scope="session")
def served(store_dir) -> Server:
    server = start_server(store_dir, FLAGS)
    yield server
    stop_server(server)
