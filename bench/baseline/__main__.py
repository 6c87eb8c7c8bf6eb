"""``python -m bench.baseline serve [--host H] [--port P] [--log-level L]``: uvicorn, defaults.

Only the address and the log level are set (``warning``, as for planloop in the benchmark:
no access log line per request); everything else is uvicorn's default: one process, the
``auto`` loop (uvloop) and HTTP parser (httptools), no concurrency limit, backlog 2048.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the baseline under uvicorn's defaults")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=9001)
    serve.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    import uvicorn

    uvicorn.run("bench.baseline.app:app", host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
