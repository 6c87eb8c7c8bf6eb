"""The floor under planloop's parked streams: a bare ASGI app on the same uvicorn.

    python -m bench.bare_server serve --host 127.0.0.1 --port 9100 --log-level warning
    python -m bench.bare_server serve --http2 ...   # on granian, as planloop serve --http2

It answers ``GET /health`` and, for any other path, opens an SSE response (the same
headers and first bytes as a planloop stream) and holds it until the client leaves:
nothing but uvicorn, uvloop and httptools per connection, run with uvicorn's defaults
(``uvicorn[standard]``: uvloop loop, httptools parser), as planloop runs. The capacity
benchmark (bench/capacity.py) opens as many streams here as on planloop; the difference
per stream is what planloop itself adds.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import uvicorn

HEALTH = b'{"status":"ok"}'
SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
    (b"connection", b"keep-alive"),
]
PREAMBLE = b"retry: 2000\n: planloop\n\n"


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] == "/health":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": HEALTH})
        return
    await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
    await send({"type": "http.response.body", "body": PREAMBLE, "more_body": True})
    while (await receive())["type"] != "http.disconnect":
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bare_server")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--http2", action="store_true", help="on granian, as serve --http2")
    args = parser.parse_args(argv)
    if args.http2:
        from granian import Granian
        from granian.constants import HTTPModes, Interfaces, Loops
        from granian.http import HTTP2Settings
        from granian.log import LogLevels

        from planloop.cli.http2 import STREAMS_PER_CONNECTION

        Granian(
            "bench.bare_server:app",
            address=args.host,
            port=args.port,
            interface=Interfaces.ASGI,
            loop=Loops.uvloop,
            http=HTTPModes.auto,
            websockets=False,
            backpressure=1_000_000,
            http2_settings=HTTP2Settings(max_concurrent_streams=STREAMS_PER_CONNECTION),
            log_level=LogLevels(args.log_level),
        ).serve()
        return 0
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
