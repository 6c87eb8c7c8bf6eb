"""``python -m bench.peer serve [--host H] [--port P] [--log-level L]``: the peer under uvicorn.

Configured by environment: ``PEER_DATABASE_URL`` (PostgreSQL), ``PEER_MAX_EXECUTIONS``
(32), ``PEER_POOL_SIZE`` (40 connections), ``PEER_DURABILITY`` (LangGraph's ``async``, the
default, or ``sync``), and the calibrated work ``PEER_WORK_MS``,
``PEER_PROGRESS``, ``PEER_PLAN_CHARS`` (bench/peer/work.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peer")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the peer under uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=9002)
    serve.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    import uvicorn

    uvicorn.run("bench.peer.app:app", host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
