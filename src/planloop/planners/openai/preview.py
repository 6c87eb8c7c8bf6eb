"""The model's streamed JSON answer as readable Markdown, while it streams.

:func:`salvage` reads an answer cut off by ``max_tokens`` the same way.

The answer is one JSON object; its text fields arrive JSON-escaped (``\\n``, ``\\"``).
:class:`Preview` re-reads the partial answer with jiter's partial mode (an unfinished
string is returned as far as it goes) and renders what a person wants to watch — the
sections as Markdown, a critique as a list — releasing only what was added since the
last release, so the page and the terminal can keep appending ``delta`` text as before.
"""

from __future__ import annotations

from typing import Any, TypeVar

import jiter
from pydantic import BaseModel, ValidationError

from planloop.planners.openai.model_output import IterationOut

M = TypeVar("M", bound=BaseModel)


def render(stage: str, data: dict[str, Any]) -> str:
    """What of a (partial) answer a person reads: Markdown, no JSON."""
    if stage == "critique":
        lines = []
        for key, title in (("problems", "Problems"), ("suggestions", "Suggestions")):
            items = [str(i) for i in data.get(key) or [] if isinstance(i, str)]
            if items or key in data:
                lines.append(f"**{title}**\n" + "".join(f"\n- {i}" for i in items))
        return "\n\n".join(lines)
    if "sections" not in data and isinstance(data.get("plan"), str):
        return str(data["plan"])  # a model answering with the whole plan as one string
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


def salvage(model: type[M], text: str) -> M | None:
    """What parses of an answer cut off by ``max_tokens``: the partial JSON read with
    jiter's partial mode, missing summary fields filled in as such; None if too little."""
    start = text.find("{")
    if start < 0:
        return None
    try:
        data = jiter.from_json(text[start:].encode(), partial_mode="trailing-strings")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if model is IterationOut:
        found = [
            x for x in data.get("sections") or [] if isinstance(x, dict) and x.get("markdown")
        ]  # a section cut off before its body is left out, not kept empty (a removal)
        if not found:
            return None
        data["sections"] = [{"id": "", "title": "", **x} for x in found]
        data.setdefault("frameworks_applied", [])
        data.setdefault("data_points", [])
        data.setdefault("summary", "The answer was cut off at the token limit.")
        data.setdefault("key_finding", "")
    try:
        return model.model_validate(data)
    except ValidationError:
        return None
