"""A real webhook receiver on a loopback port: the standard library's HTTP server in a
thread, recording every request it gets and answering as a test scripts it.

It checks nothing itself: tests verify what it recorded with the ``standardwebhooks``
library (``Webhook(secret).verify(body, headers)``), as a real receiver would, never with
planloop's own code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int | None = None
    """The status it was answered with (None: not answered, held or the client was gone)."""

    def verified(self, secret: str) -> Any:
        """The payload, if the signature is right for ``secret`` (else the library raises)."""
        return Webhook(secret).verify(self.body, self.headers)

    @property
    def id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    """``answers``: the statuses of the first requests, in order (then 200 each). With
    ``holding`` set, a request is recorded and then held unanswered until ``release()``."""

    answers: list[int] = field(default_factory=list)
    holding: bool = False
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _released: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                got = Received(
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                with receiver._lock:
                    receiver.received.append(got)
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    hold = receiver.holding
                if hold:
                    receiver._released.wait(30)
                try:
                    self.send_response(status)
                    self.send_header("content-length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    return  # the sender is gone (killed): nothing was answered
                got.answered = status

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def release(self) -> None:
        """Answer the held requests and hold no more."""
        with self._lock:
            self.holding = False
        self._released.set()

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def requests(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def delivered(self) -> list[Received]:
        """The requests answered with a 2xx."""
        return [r for r in self.requests() if r.answered is not None and 200 <= r.answered < 300]

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def receiving(**kwargs: Any) -> Iterator[Receiver]:
    """A started receiver for a fixture; stopped after the test."""
    with Receiver(**kwargs) as receiver:
        yield receiver
