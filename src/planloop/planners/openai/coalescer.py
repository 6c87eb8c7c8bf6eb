"""Model text, released in pieces: at most ~10 a second, and whatever is left at a stage's end.

A fast model streams hundreds of tiny chunks a second; each released piece becomes one
stored event and one frame to every watcher, so the planner coalesces them here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from planloop.planners.base import Progress
from planloop.planners.openai import prompts

FLUSH_INTERVAL_S = 0.1  # at most ~10 delta updates per second reach the event log


class Coalescer:
    """Buffers model text; releases it at most once per ``interval`` and at stage ends."""

    def __init__(
        self, interval: float = FLUSH_INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval, self.clock = interval, clock
        self.parts: list[str] = []
        self.last = float("-inf")

    def push(self, text: str) -> str | None:
        """Buffer ``text``; the buffered text if it is due for release."""
        self.parts.append(text)
        return self.take() if self.clock() - self.last >= self.interval else None

    def take(self) -> str | None:
        """Release whatever is buffered (None if nothing is)."""
        if not self.parts:
            return None
        text = "".join(self.parts)
        self.parts.clear()
        self.last = self.clock()
        return text

    def add(self, text: str, stage: str, tokens: int) -> Progress | None:
        return self._progress(self.push(text), stage, tokens)

    def flush(self, stage: str, tokens: int) -> Progress | None:
        return self._progress(self.take(), stage, tokens)

    @staticmethod
    def _progress(text: str | None, stage: str, tokens: int) -> Progress | None:
        if text is None:
            return None
        verb = prompts.STAGE_VERBS[stage]
        return Progress(message=f"{verb}… {tokens} tokens", stage=stage, delta=text, tokens=tokens)
