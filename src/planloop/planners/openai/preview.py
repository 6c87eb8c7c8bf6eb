"""The model's streamed JSON answer as readable Markdown, while it streams.

The answer is one JSON object; its text fields arrive JSON-escaped (``\\n``, ``\\"``).
:class:`Preview` re-reads the partial answer with jiter's partial mode (an unfinished
string is returned as far as it goes) and renders what a person wants to watch — the
sections as Markdown, a critique as a list — releasing only what was added since the
last release, so the page and the terminal can keep appending ``delta`` text as before.
"""

from __future__ import annotations

from typing import Any

import jiter


def render(stage: str, data: dict[str, Any]) -> str:
    """What of a (partial) answer a person reads: Markdown, no JSON."""
    if stage == "critique":
        lines = []
        for key, title in (("problems", "Problems"), ("suggestions", "Suggestions")):
            items = [str(i) for i in data.get(key) or [] if isinstance(i, str)]
            if items or key in data:
                lines.append(f"**{title}**\n" + "".join(f"\n- {i}" for i in items))
        return "\n\n".join(lines)
    parts = []
    for section in data.get("sections") or []:
        if not isinstance(section, dict):
            continue
        title = str(section.get("title") or "")
        if "markdown" not in section:
            parts.append(f"## {title}")
            break  # the title may still grow: nothing after it is stable yet
        parts.append(f"## {title}\n\n{section.get('markdown') or ''}")
    return "\n\n".join(parts)


class Preview:
    """Feeds on raw answer text; releases the Markdown added since the last release."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.raw: list[str] = []
        self.shown = ""

    def feed(self, text: str) -> str:
        self.raw.append(text)
        buf = "".join(self.raw)
        start = buf.find("{")
        if start < 0:
            return ""
        try:
            data = jiter.from_json(buf[start:].encode(), partial_mode="trailing-strings")
        except ValueError:
            return ""
        if not isinstance(data, dict):
            return ""
        now = render(self.stage, data)
        if not now.startswith(self.shown):
            return ""  # not an extension of what was shown (rare): wait for one
        added, self.shown = now[len(self.shown) :], now
        return added
