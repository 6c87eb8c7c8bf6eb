"""``planloop serve --http2``: the same app on granian, which speaks HTTP/2 as well as
HTTP/1.1 on one port.

Over HTTP/1.1 every open stream is a connection: a socket, a file descriptor, and
uvicorn's ~10 KB of per-connection state (docs/benchmarks.md, parked runs in one process).
Over HTTP/2 a browser's tabs, or a client watching thousands of runs, share a few
connections, each carrying many streams, so one process holds more streams than its
file-descriptor limit allows, at granian's per-stream cost. Browsers speak HTTP/2 only
over TLS (``--tls-cert``/``--tls-key``); without them, HTTP/2 is for clients that speak it
in the clear (prior knowledge), and old clients keep HTTP/1.1 on the same port.

What uvicorn's protocol class does for slow clients (planloop.api.slowclients) is
granian's own here: a deadline for a request's headers (``PLANLOOP_HEADER_TIMEOUT_S``),
and at most ``PLANLOOP_MAX_CONNECTIONS`` requests in progress per process (an open stream
is one), the rest waiting their turn. The body's deadline is the app's, as before.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planloop.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("planloop")
PARENT_POLL_S = 0.5

# Streams one HTTP/2 connection may carry at once: a client watching many runs opens one
# connection for each thousand.
STREAMS_PER_CONNECTION = 1000
_LEVELS = {"critical", "error", "warning", "info", "debug"}


# The PEM header of an unencrypted key in PKCS#8 form, the one form granian reads here.
PKCS8 = b"-----BEGIN PRIVATE KEY-----"


def _head(flag: str, path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(4096).lstrip()
    except OSError as exc:
        raise ValueError(f"{flag}: cannot read {path}: {exc.strerror}") from None


class TlsFiles:
    """The certificate and key a TLS listener needs: both or neither, both readable."""

    def __init__(self, cert: str | None, key: str | None) -> None:
        if (cert is None) != (key is None):
            raise ValueError("--tls-cert and --tls-key go together: give both, or neither")
        self.cert = Path(cert) if cert is not None else None
        self.key = Path(key) if key is not None else None
        for flag, path in (("--tls-cert", self.cert), ("--tls-key", self.key)):
            if path is not None and not path.is_file():
                raise ValueError(f"{flag}: no file at {path}")
        if self.cert is not None and b"-----BEGIN CERTIFICATE-----" not in _head(
            "--tls-cert", self.cert
        ):
            raise ValueError(f"--tls-cert: {self.cert} is not a PEM certificate")
        if self.key is not None and not _head("--tls-key", self.key).startswith(PKCS8):
            out = self.key.with_name(f"{self.key.stem}-pkcs8.pem")
            raise ValueError(
                f"--tls-key: {self.key} is not an unencrypted PEM key in PKCS#8 form"
                " (BEGIN PRIVATE KEY);"
                f" convert it with: openssl pkcs8 -topk8 -nocrypt -in {self.key} -out {out}"
            )
        if self.cert is not None and self.key is not None:
            try:  # the pair, as a TLS server loads it: a damaged file, a key of another
                ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
                    self.cert, self.key
                )
            except ssl.SSLError as exc:
                raise ValueError(
                    f"--tls-cert/--tls-key: {self.cert} and {self.key} do not load as a pair"
                    f" (the key is not the certificate's, or a file is damaged: {exc.reason})"
                ) from None

    @property
    def on(self) -> bool:
        return self.cert is not None


def refusal(settings: Settings) -> str | None:
    """Why these settings cannot be served over HTTP/2, in one line, or None."""
    try:
        import granian  # noqa: F401
    except ImportError:
        return "--http2 needs granian: pip install 'planloop[http2]'"
    if settings.behind_proxy:
        return (
            "--http2 does not read X-Forwarded-For, so behind a proxy every client would"
            " share the proxy's address and its limits; unset PLANLOOP_BEHIND_PROXY, or let"
            " the proxy speak HTTP/2 to the browsers and HTTP/1.1 to planloop"
        )
    return None


def port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on, or None. granian binds with SO_REUSEPORT,
    so a second server on a port already served would start and share its connections
    with the first, each on its own database: a plain bind, which any listener refuses,
    is tried first (uvicorn's own bind fails the same way)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"cannot resolve {host}: {exc}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def export(overrides: dict[str, Any]) -> None:
    """The command line's settings, for server processes that build the app themselves
    from the environment (uvicorn's workers, granian's)."""
    os.environ.update({f"PLANLOOP_{k.upper()}": str(v) for k, v in overrides.items()})


def app() -> FastAPI:
    """The app of one granian worker (its factory): planloop's, and a watch on the process
    that started the worker. Killed outright (SIGKILL: nothing it can act on), granian's
    supervisor leaves its workers running, holding the port and the database; a worker
    whose parent is gone stops itself, as if signalled (its shutdown finishes its runs'
    commits), within ``PARENT_POLL_S``."""
    from planloop.app import create_app

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        log.warning("the server's supervisor (pid %d) is gone: stopping this worker", parent)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="planloop-parent-watch", daemon=True).start()
    app = create_app()
    _streams_end_at_stop(app)
    return app


def _streams_end_at_stop(app: FastAPI) -> None:
    """At SIGTERM or SIGINT, end the open streams before granian stops. granian waits for
    every response to finish before it shuts the app down, and a parked stream never
    finishes by itself: the worker was killed after ``workers_kill_timeout`` and the
    engine's stop (its running iterations' last commits) never ran. So the worker's signal
    handlers (granian's ``set_loop_signals``, looked up when the worker starts, after this
    factory ran) are wrapped: the streams end (``Engine.end_streams``), then granian's
    own stop begins. A private hook of granian 2 (pinned below 3), checked by
    tests/api/test_http2.py."""
    import granian._signals as granian_signals

    install: Callable[[asyncio.AbstractEventLoop], Any] = granian_signals.set_loop_signals

    def set_loop_signals(loop: asyncio.AbstractEventLoop) -> Any:
        stopping = install(loop)

        async def stop() -> None:
            engine = getattr(app.state, "engine", None)
            try:
                if engine is not None:
                    await engine.end_streams()
            finally:
                stopping.set()

        def on_signal() -> None:
            loop.create_task(stop())

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        return stopping

    granian_signals.set_loop_signals = set_loop_signals


def serve_http2(settings: Settings, *, workers: int, tls: TlsFiles, log_level: str) -> None:
    """Serve planloop on granian until a signal stops it; each of the ``workers`` processes
    builds its app (:func:`app`) from the environment (see :func:`export`)."""
    from granian.constants import HTTPModes, Interfaces, Loops
    from granian.http import HTTP1Settings, HTTP2Settings
    from granian.log import LogLevels

    from planloop.cli.supervisor import Supervisor

    level = log_level if log_level in _LEVELS else "info"
    Supervisor(
        "planloop.cli.http2:app",
        factory=True,
        address=settings.host,
        port=settings.port,
        interface=Interfaces.ASGI,
        workers=workers,
        loop=Loops.uvloop,
        http=HTTPModes.auto,
        websockets=False,
        backpressure=settings.max_connections,
        http1_settings=HTTP1Settings(header_read_timeout=int(settings.header_timeout_s * 1000)),
        http2_settings=HTTP2Settings(max_concurrent_streams=STREAMS_PER_CONNECTION),
        log_level=LogLevels(level),
        log_access=False,  # planloop.access logs requests without query strings
        ssl_cert=tls.cert,
        ssl_key=tls.key,
        workers_kill_timeout=10,
    ).serve()
