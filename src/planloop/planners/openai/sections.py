"""The plan as sections: what the model is shown and what it sends back.

A plan is Markdown with level-2 (``## ``) headings. The model sees it as a list of
sections (id, title, Markdown) and answers with the sections it added or changed only;
:func:`merge` puts them into the plan (same id or title: replaced; an empty body:
removed; otherwise: added at the end), so a revision costs the tokens of what changed,
not of the whole plan again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


class SectionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def markdown(self) -> str: ...


def slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")[:limit].strip("-")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    markdown: str

    def render(self) -> str:
        body = self.markdown.strip()
        if not self.title:
            return body
        return f"## {self.title}\n{body}" if body else f"## {self.title}"

    def as_data(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "markdown": self.markdown}


def _unique(wanted: str, taken: set[str]) -> str:
    key, n = wanted or "section", 2
    while key in taken:
        key, n = f"{wanted}-{n}", n + 1
    taken.add(key)
    return key


def split(plan: str) -> list[Section]:
    """``plan`` cut at its ``## `` headings; text before the first is an untitled section."""
    found: list[tuple[str, list[str]]] = [("", [])]
    fence = False
    for line in plan.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        match = None if fence else _HEADING.match(line)
        if match:
            found.append((match.group(1), []))
        else:
            found[-1][1].append(line)
    taken: set[str] = set()
    out = []
    for title, lines in found:
        body = "\n".join(lines).strip("\n")
        if not title and not body.strip():
            continue
        out.append(Section(_unique(slug(title) if title else "preamble", taken), title, body))
    return out


def render(sections: Iterable[Section]) -> str:
    return "\n\n".join(s.render() for s in sections if s.render())


def merge(base: Sequence[Section], changed: Iterable[SectionLike]) -> list[Section]:
    """``base`` with the ``changed`` sections put in (by id, else by title)."""
    out = list(base)
    for item in changed:
        title = item.title.strip().removeprefix("## ").strip()
        key = slug(item.id) or slug(title)
        at = next(
            (i for i, s in enumerate(out) if s.id == key or s.title.lower() == title.lower()),
            None,
        )
        body = _strip_heading(item.markdown, title)
        if at is None:
            if body.strip():
                out.append(Section(_unique(key, {s.id for s in out}), title, body))
        elif body.strip():
            out[at] = Section(out[at].id, title or out[at].title, body)
        else:
            del out[at]
    return out


def _strip_heading(markdown: str, title: str) -> str:
    """A body that repeats its own ``## title`` heading loses it (models often do)."""
    text = markdown.strip("\n")
    first, _, rest = text.partition("\n")
    match = _HEADING.match(first)
    if match and match.group(1).strip().lower() == title.lower():
        return rest.strip("\n")
    return text


def changed(before: Sequence[Section], after: Sequence[Section]) -> list[str]:
    """Titles of the sections of ``after`` that are new or differ from ``before``."""
    old = {s.id: s.markdown.strip() for s in before}
    return [s.title or s.id for s in after if old.get(s.id) != s.markdown.strip()]
