"""The person's answers: lines from stdin, read without blocking the event loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from typing import TextIO


class LineReader:
    """Lines from stdin without blocking the event loop, so Ctrl-C works at a prompt."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.buffer = b""
        self.eof = False
        try:
            self.fd: int | None = (stream or sys.stdin).fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        # a terminal shows what is typed; piped answers are not seen unless printed
        self.echoed = self.fd is not None and os.isatty(self.fd)

    async def readline(self) -> str | None:
        """The next line without its newline; None at end of input."""
        while b"\n" not in self.buffer and not self.eof:
            await self._fill()
        if b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
        elif self.buffer:
            line, self.buffer = self.buffer, b""
        else:
            return None
        return line.decode("utf-8", errors="replace").rstrip("\r")

    async def _fill(self) -> None:
        if self.fd is None:
            self.eof = True
            return
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        try:
            loop.add_reader(self.fd, wake)
        except (OSError, ValueError, NotImplementedError):
            ready.set_result(None)  # a regular file (reads never block) or no selector
        else:
            try:
                await ready
            finally:
                with contextlib.suppress(Exception):
                    loop.remove_reader(self.fd)
        data = os.read(self.fd, 4096)
        if not data:
            self.eof = True
        self.buffer += data
