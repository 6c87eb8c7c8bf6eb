"""What the terminal client prints for scripts (``--json``): the raw event stream, one JSON
object a line, on stdout; the few words meant for people on stderr."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from planloop.cli.changes import change_line
from planloop.cli.terminal import clean, json_line, markup, shown


class JsonView:
    """The raw event stream, one JSON object a line, on stdout; people's text on stderr."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = Console(file=err or sys.stderr, highlight=False)

    def note(self, text: str) -> None:
        self.err.print(shown(text))

    def proposal(self, proposal: dict[str, Any], iterations: int, interval: int) -> None:
        self.err.print(
            markup(
                "Proposal: {n} iterations, checkpoint every {k}: {titles}",
                n=iterations,
                k=interval,
                titles=", ".join(str(f["title"]) for f in proposal["frameworks"]),
            )
        )

    def prime(self, run: dict[str, Any]) -> None:
        pass

    def event(self, event: dict[str, Any]) -> None:
        self.out.write(json_line(event) + "\n")
        self.out.flush()

    def plan_text(self, title: str, markdown: str) -> None:
        self.err.print(shown(title))
        self.err.print(Text(clean(markdown)))

    def changes(self, changes: dict[str, Any]) -> None:
        self.err.print(shown(change_line(changes)))
        self.err.print(Text(clean(str(changes.get("diff") or ""))))

    def prompt(self, text: str) -> None:
        self.err.print(shown(text) + " ", end="")

    def answered(self, line: str) -> None:
        self.err.print(shown(line))

    def close(self) -> None:
        pass
