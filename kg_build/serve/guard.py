"""What every connection and request passes before the app: Host allow-list, size limit,
CORS (only with --cors), ETag and Cache-Control, security headers (ASGI middleware), and a
deadline for reading a request (uvicorn protocol).

ETags: the store is read-only between builds, so a GET's answer is fixed by the store
generation, the package version, the URL and the Accept header; the ETag hashes those, an
`If-None-Match` that matches gets 304 before any query runs, and a new generation changes
every ETag. `Cache-Control: no-cache` makes clients revalidate (cheaply) each time.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import h11
from starlette.responses import PlainTextResponse, Response
from uvicorn.protocols.http.h11_impl import H11Protocol

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
}


def host_name(host: str) -> str:
    """The name of a Host header without its port: `[::1]:8000` → `[::1]`, `a:80` → `a`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})


def cors_headers(origins: tuple[str, ...], origin: bytes | None) -> list[tuple[bytes, bytes]]:
    """Access-Control headers for a request from `origin` (none without --cors)."""
    if not origins or origin is None:
        return []
    if "*" in origins:
        return [(b"access-control-allow-origin", b"*")]
    if origin.decode("latin-1") in origins:
        return [(b"access-control-allow-origin", origin), (b"vary", b"Origin")]
    return []


def entity_tag(generation: str, scope: dict, accept: bytes) -> bytes:
    """The ETag of a GET: fixed by generation, version, path, query string and Accept."""
    from kg_build import __version__

    key = b"\0".join(
        [generation.encode(), __version__.encode(), scope["path"].encode("utf-8", "replace"),
         scope.get("query_string", b""), accept]
    )  # fmt: skip
    return b'"' + hashlib.sha256(key).hexdigest()[:24].encode() + b'"'


def _tags(header: bytes) -> set[bytes]:
    return {t.strip().removeprefix(b"W/") for t in header.split(b",") if t.strip()}


class LimitAndSecure:
    """ASGI middleware: security headers on every answer; refuse oversized bodies early."""

    def __init__(self, app, max_bytes: int, service: Any) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.service = service

    def close(self) -> None:
        """Stop the query workers and the generation watch."""
        self.service.close()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        request_headers = dict(scope.get("headers", []))
        extra = cors_headers(self.service.settings.cors, request_headers.get(b"origin"))
        etag = None
        if scope["method"] in ("GET", "HEAD") and not scope["path"].startswith("/static/"):
            etag = entity_tag(self.service.path, scope, request_headers.get(b"accept", b""))

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + extra
                if etag and message["status"] == 200:
                    headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        allowed = self.service.settings.allowed_hosts
        if allowed is not None:
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if host_name(host) not in allowed:
                response = PlainTextResponse(
                    f"Host {host!r} is not served here (allowed: {', '.join(sorted(allowed))}; "
                    "add one with --allowed-host NAME)\n",
                    400,
                )
                return await response(scope, receive, send_with_headers)
        if (
            scope["method"] == "OPTIONS"
            and extra
            and b"access-control-request-method" in (request_headers)
        ):
            methods = [(b"access-control-allow-methods", b"GET, POST, OPTIONS")]
            wanted = request_headers.get(b"access-control-request-headers")
            if wanted:
                methods.append((b"access-control-allow-headers", wanted))
            methods.append((b"access-control-max-age", b"600"))
            response = Response(b"", 204, headers={k.decode(): v.decode() for k, v in methods})
            return await response(scope, receive, send_with_headers)
        if etag and etag in _tags(request_headers.get(b"if-none-match", b"")):
            response = Response(b"", 304, headers={"etag": etag.decode(), "vary": "Accept"})
            return await response(scope, receive, send_with_headers)

        for key, value in scope.get("headers", []):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                response = PlainTextResponse(
                    f"the request is larger than {self.max_bytes} bytes\n", 413
                )
                return await response(scope, receive, send_with_headers)
        return await self.app(scope, receive, send_with_headers)


class DeadlineH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for reading each request.

    A connection must deliver a whole request (line, headers and body) within
    `request_seconds` of opening or of its previous answer; otherwise it is closed. uvicorn
    alone closes an idle keep-alive connection but waits forever for a half-sent request."""

    request_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(self.request_seconds, self._expire)

    def _expire(self) -> None:
        if self.conn.their_state is not h11.DONE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.DONE:
            self._deadline.cancel()

    def on_response_complete(self) -> None:
        self._deadline.cancel()
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._deadline.cancel()
        super().connection_lost(exc)
