"""Threat: connections that never finish a request, too many connections, and DNS rebinding.

A half-sent request line was never closed, and 120 of them exhausted a 128-file limit; the
Host header was never checked, so a page on another site whose name resolves to 127.0.0.1
could read the endpoint. Now a request must arrive whole within --request-timeout (2 s
here), connections beyond --max-connections (30 here) get 503, and on loopback only
localhost, 127.0.0.1, [::1] and --allowed-host names are served.
"""

from __future__ import annotations

import socket
import time


def connect(served) -> socket.socket:
    return socket.create_connection(("127.0.0.1", served.port), timeout=10)


def closed_after(sock: socket.socket) -> float:
    start = time.monotonic()
    try:
        while sock.recv(1024):
            pass
    except OSError:
        pass
    return time.monotonic() - start


def test_a_half_sent_request_is_closed(served):
    sock = connect(served)
    sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: local")
    assert closed_after(sock) < 5
    sock.close()


def test_a_silent_connection_is_closed(served):
    sock = connect(served)
    assert closed_after(sock) < 5
    sock.close()


def test_a_slow_body_is_closed(served):
    sock = connect(served)
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query"
        b"\r\nContent-Length: 100\r\n\r\nASK"
    )
    data = b""
    start = time.monotonic()
    try:
        while chunk := sock.recv(1024):
            data += chunk
    except OSError:
        pass
    assert time.monotonic() - start < 5 and b" 200 " not in data
    sock.close()


def test_connections_over_the_cap_get_503_and_the_server_recovers(served):
    socks = [connect(served) for _ in range(40)]
    try:
        time.sleep(0.3)
        status, _, body = served.request("GET", "/sparql?query=ASK%7B%7D")
        assert status == 503
    finally:
        for s in socks:
            s.close()
    time.sleep(0.5)
    assert served.request("GET", "/sparql?query=ASK%7B%7D")[0] == 200


def test_host_allow_list_on_loopback(served):
    ask = "/sparql?query=ASK%7B%7D"
    for host in ("localhost", f"localhost:{served.port}", "127.0.0.1", "[::1]:8000", "kg.example"):
        assert served.request("GET", ask, headers={"Host": host})[0] == 200, host
    for host in ("attacker.example", "attacker.example:8000", "localhost.attacker.example"):
        status, _, body = served.request("GET", ask, headers={"Host": host})
        assert status == 400 and b"--allowed-host" in body, host
