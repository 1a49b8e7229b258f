"""The gate in front of every write: the bearer token is checked before the request body is read, bodies
are capped, and a client that keeps sending wrong tokens is refused for a while.

A pure ASGI middleware, so nothing reads the body before it decides: an unauthenticated 300 MB upload is
refused after its headers. The token's slow scrypt check runs in a worker thread outside the app's ledger
lock (see `LedgerState.verify_token`), so wrong tokens cost readers nothing but CPU, and the limiter caps
that at `FailureLimiter.limit` checks per client and window.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Methods that only read: they pass the gate untouched.
READS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The largest write body accepted: a review is a verdict and a reason of at most 2,000 characters.
MAX_BODY = 64 * 1024


class FailureLimiter:
    """Counts wrong-token attempts per client; after `limit` within `window` seconds the client is refused
    (429) until its oldest failure leaves the window."""

    def __init__(
        self, *, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        """Seconds until the client may try again; 0 when it may now."""
        with self._lock:
            recent = self._recent(client)
            return 0.0 if len(recent) < self.limit else max(recent[0] + self.window - self._clock(), 0.0)

    def failed(self, client: str) -> None:
        with self._lock:
            recent = self._recent(client)
            recent.append(self._clock())
            self._failures[client] = recent

    def _recent(self, client: str) -> deque[float]:
        """The client's failures within the window; clients with none are forgotten."""
        recent = self._failures.pop(client, deque())
        horizon = self._clock() - self.window
        while recent and recent[0] <= horizon:
            recent.popleft()
        if recent:
            self._failures[client] = recent
        return recent


class WriteGate:
    """ASGI middleware: writes need `Authorization: Bearer <token>`, checked by `verify` (secret -> token
    name or None) before the body is read; the name is left in `request.state.analyst`."""

    def __init__(
        self, app: ASGIApp, *, verify: Callable[[str], str | None], limiter: FailureLimiter,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.verify = verify
        self.limiter = limiter
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        client = scope["client"][0] if scope.get("client") else "unknown"
        wait = self.limiter.retry_after(client)
        if wait:
            await _refuse(send, 429, "too many wrong tokens; try again later", {"retry-after": f"{wait:.0f}"})
            return
        scheme, _, secret = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            await _refuse(send, 401, "writing needs a token: Authorization: Bearer <token>")
            return
        name = await run_in_threadpool(self.verify, secret.strip())
        if name is None:
            self.limiter.failed(client)
            await _refuse(send, 401, "unknown, expired or wrong token")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await _refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        body = await self._body(receive)
        if body is None:
            await _refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        scope.setdefault("state", {})["analyst"] = name
        await self.app(scope, _replay(body, receive), send)

    async def _body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past `max_body`."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)  # the client went away; the app sees an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then what the client sends next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _refuse(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    """A JSON error response in FastAPI's shape: {"detail": ...}."""
    body = json.dumps({"detail": detail}).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(key.encode(), value.encode()) for key, value in (headers or {}).items()]
    if status == 401:
        raw.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
