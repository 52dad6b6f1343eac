"""Helpers shared by the serving tests: stores from TriG fixtures, a live server on loopback,
a listener that records connections, and the rule that CI must have its services."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.store import replace_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERVE_TRIG = FIXTURES / "serve" / "mini.trig"
QUERIES_TRIG = FIXTURES / "queries" / "mini.trig"


def need_service(env: str, what: str) -> str:
    """The value of `env`; under CI=true a missing service fails the test, elsewhere skips."""
    value = os.environ.get(env)
    if value:
        return value
    message = f"{what} is not available ({env} is unset; .ci/services.sh starts it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def quads_of(trig: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))


def store_from_trig(trig: Path, root: Path) -> Path:
    """A store folder (as `kaiping-kg build` makes) holding the TriG file's named graphs."""
    graphs: dict[str, list[ox.Triple]] = {}
    for q in quads_of(trig):
        graphs.setdefault(q.graph_name.value, []).append(
            ox.Triple(q.subject, q.predicate, q.object)
        )
    replace_store(
        root,
        [(g, ox.serialize(t, format=ox.RdfFormat.N_TRIPLES)) for g, t in sorted(graphs.items())],
    )
    return root


SHUIKOU = Path(__file__).resolve().parent / "reports" / "shuikou-2025" / "report.txt"


def two_report_store(root: Path) -> Path:
    """A store of two counties' reports, built as `kaiping-kg build` builds: the bundled
    开平市 report and the 水口镇 report of tests/reports/shuikou-2025."""
    from kg_build.build import run_build
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE

    result = run_build(
        [*bundled_reports(), SHUIKOU], store=root / "store", out=root / "out.ttl",
        base=DEFAULT_BASE,
    )  # fmt: skip
    assert result.store is not None and not result.set_aside
    return result.store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Live:
    """A running server: `url` ends with '/'; `app` is the ASGI app (its service is inside)."""

    def __init__(self, url: str, app) -> None:
        self.url = url
        self.app = app

    @property
    def service(self):
        return self.app.service


@contextmanager
def live_server(store: Path, **settings) -> Iterator[Live]:
    """`kaiping-kg serve`'s app under uvicorn in a thread, on a free loopback port."""
    import uvicorn

    from kg_build.serve.app import Settings, create_app

    app = create_app(Settings(store=store, **settings))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}/", app)
    finally:
        server.should_exit = True
        thread.join(10)
        app.close()


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (and closes them at once)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()
