"""The figures of issue 20's "Judged by", against `kaiping-kg serve --timeout 3`.

Run from the checkout: `python -m tests.security.measure STORE` (STORE: a built store folder,
e.g. after `kaiping-kg build --store /tmp/kg`). The numbers go in docs/serving.md.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

from tests.security.conftest import Server, start_server, stop_server
from tests.security.test_outgoing import queries
from tests.security.test_parse_isolation import slow_to_parse
from tests.security.test_pool_healing import HEAVY
from tests.security.test_response_caps import concat_chain, rss_mib
from tests.serving import Listener


def outgoing(s: Server) -> None:
    listener, codes = Listener(), {}
    for silent in (False, True):
        for text in queries(listener.url, silent).values():
            for how in ("get", "form", "post"):
                status = s.query(text, how)[0]
                codes[status] = codes.get(status, 0) + 1
    time.sleep(0.5)
    sent = sum(codes.values())
    print(f"outgoing: {sent} requests, statuses {codes}, connections {listener.connections}")
    listener.close()


def slow_parse(s: Server) -> None:
    slow: dict = {}

    def send() -> None:
        start = time.monotonic()
        slow["status"] = s.query(slow_to_parse(), "post")[0]
        slow["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(0.5)
    waits = []
    while thread.is_alive():
        start = time.monotonic()
        assert s.query("ASK {}")[0] == 200
        waits.append((time.monotonic() - start) * 1000)
        time.sleep(0.1)
    waits.sort()
    print(
        f"slow parse: {len(slow_to_parse())} bytes -> {slow['status']} after "
        f"{slow['seconds']:.1f} s; ASK {{}} x{len(waits)}: median {waits[len(waits) // 2]:.0f} "
        f"ms, max {waits[-1]:.0f} ms"
    )


def concat(s: Server) -> None:
    before = rss_mib(s.process.pid)
    start = time.monotonic()
    status, _, body = s.query(concat_chain(27), "post")
    print(
        f"concat chain {len(concat_chain(27).encode())} bytes -> {status} in "
        f"{time.monotonic() - start:.1f} s, {len(body)} bytes: {body.decode()[:160]!r}; "
        f"server RSS {before:.0f} -> {rss_mib(s.process.pid):.0f} MiB"
    )


def kills(s: Server) -> None:
    for i in range(3):
        start = time.monotonic()
        status = s.query(HEAVY)[0]
        print(f"timeout kill {i + 1}: {status} after {time.monotonic() - start:.1f} s")
    start = time.monotonic()
    status = s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]
    print(f"then a normal query: {status} in {(time.monotonic() - start) * 1000:.0f} ms")


def half_sent(s: Server) -> None:
    sock = socket.create_connection(("127.0.0.1", s.port))
    sock.sendall(b"GET /sparql HTTP/1.1\r\nHo")
    start = time.monotonic()
    try:
        while sock.recv(100):
            pass
    except OSError:
        pass
    print(f"half-sent request closed after {time.monotonic() - start:.1f} s")
    ask = "/sparql?query=ASK%7B%7D"
    print("Host: rebind.example ->", s.request("GET", ask, headers={"Host": "rebind.example"})[0])


if __name__ == "__main__":
    server = start_server(Path(sys.argv[1]), ["--timeout", "3"])
    try:
        for step in (outgoing, slow_parse, concat, kills, half_sent):
            step(server)
    finally:
        stop_server(server)
