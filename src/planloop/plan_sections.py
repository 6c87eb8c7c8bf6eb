"""A Markdown plan as sections: split at its headings, compared, and kept where a person
wrote them.

Pure functions over text, shared by the engine (a checkpoint's changes, a person's edited
sections kept after every later iteration) and the views. A section starts at a level-1 or
level-2 ATX heading (``#`` or ``##``) outside a code fence and runs to the next one; deeper
headings stay inside it. Text before the first heading is a section without a title
(shown as ``(preamble)``). Two sections with the same title are told apart by a count:
``Budget``, ``Budget (2)``.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

PREAMBLE = "(preamble)"
MAX_TITLES = 50
"""Titles an event's summary lists per kind of change (the counts say how many in all)."""

_HEADING = re.compile(r"^ {0,3}(#{1,2})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    """The section as written: its heading line and its body."""

    @property
    def body(self) -> str:
        """The text without the heading line, stripped: what a change is judged on."""
        if self.title == PREAMBLE:
            return self.text.strip()
        return self.text.partition("\n")[2].strip()


def parse(plan: str) -> list[Section]:
    """The plan's sections in order; ``"".join(s.text for s in parse(p)) == p``."""
    return list(_parsed(plan))


@functools.lru_cache(maxsize=16)
def _parsed(plan: str) -> tuple[Section, ...]:
    """Parsed once per text: a park compares the plan with the one before, which the park
    before it parsed already."""
    found: list[tuple[str, list[str]]] = [(PREAMBLE, [])]
    fenced = False
    for line in plan.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line.rstrip("\r\n"))
        if heading is not None:
            found.append((heading.group(2).strip(), [line]))
        else:
            found[-1][1].append(line)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for title, lines in found:
        text = "".join(lines)
        if title == PREAMBLE and not text.strip():
            if text:  # blank lines before the first heading: kept, so the text round-trips
                sections.append(Section(PREAMBLE, text))
            continue
        seen[title] = seen.get(title, 0) + 1
        name = title if seen[title] == 1 else f"{title} ({seen[title]})"
        sections.append(Section(name, text))
    return tuple(sections)


def by_title(plan: str) -> dict[str, Section]:
    return {s.title: s for s in parse(plan) if s.text.strip()}


class SectionRef(BaseModel):
    title: str


class ChangeCounts(BaseModel):
    added: int = 0
    changed: int = 0
    removed: int = 0


class ChangeSummary(BaseModel):
    """What changed between two plans, by section title (at most ``MAX_TITLES`` of each
    kind listed; ``counts`` has them all)."""

    added: list[SectionRef] = Field(default_factory=list)
    changed: list[SectionRef] = Field(default_factory=list)
    removed: list[SectionRef] = Field(default_factory=list)
    counts: ChangeCounts = Field(default_factory=ChangeCounts)


class PlanChanges(ChangeSummary):
    """A :class:`ChangeSummary` with the unified diff of the Markdown."""

    diff: str = ""

    def summary(self) -> ChangeSummary:
        return ChangeSummary(
            added=self.added[:MAX_TITLES],
            changed=self.changed[:MAX_TITLES],
            removed=self.removed[:MAX_TITLES],
            counts=self.counts,
        )


def compare(before: str, after: str, with_diff: bool = True) -> PlanChanges:
    """Sections added, changed and removed from ``before`` to ``after``, and the diff
    (unless ``with_diff`` is false: made when it is read, it need not be made to be kept)."""
    old, new = by_title(before), by_title(after)
    added = [t for t in new if t not in old]
    changed = [t for t in new if t in old and new[t].body != old[t].body]
    removed = [t for t in old if t not in new]
    return PlanChanges(
        added=[SectionRef(title=t) for t in added],
        changed=[SectionRef(title=t) for t in changed],
        removed=[SectionRef(title=t) for t in removed],
        counts=ChangeCounts(added=len(added), changed=len(changed), removed=len(removed)),
        diff=diff(before, after) if with_diff else "",
    )


def diff(before: str, after: str) -> str:
    """The unified diff of two plans' Markdown."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile="before",
            tofile="after",
        )
    )


def written_by_person(planned: str, edited: str) -> list[Section]:
    """The sections of ``edited`` that a person added or changed relative to ``planned``."""
    old = by_title(planned)
    return [
        s
        for title, s in by_title(edited).items()
        if title != PREAMBLE and (title not in old or old[title].body != s.body)
    ]


def removed_by_person(planned: str, edited: str) -> list[str]:
    """The titles of ``planned``'s sections a person left out of ``edited``."""
    kept = by_title(edited)
    return [t for t in by_title(planned) if t != PREAMBLE and t not in kept]


def places(edited: str) -> dict[str, str]:
    """Each section's predecessor in ``edited`` by title ("" for the first)."""
    titles = [s.title for s in parse(edited) if s.title != PREAMBLE]
    return {t: (titles[i - 1] if i else "") for i, t in enumerate(titles)}


def impose(plan: str, kept: list[Section], after: dict[str, str | None] | None = None) -> str:
    """``plan`` with each of ``kept`` in place of the section of its title (a kept section
    with no text removes it). One the plan has no section of goes where ``after`` puts it:
    after the section of that title, first for "", else at the end."""
    if not kept:
        return plan
    wanted = {s.title: s for s in kept}
    out: list[tuple[str, str]] = []
    for section in parse(plan):
        replacement = wanted.pop(section.title, None)
        if replacement is None:
            out.append((section.title, section.text))
        elif replacement.text:
            out.append((section.title, _ending(replacement.text)))
    for section in wanted.values():
        if not section.text:
            continue  # removed, and the plan has none of it anyway
        where = (after or {}).get(section.title)
        titles = [t for t, _ in out]
        if where == "":
            at = 1 if titles and titles[0] == PREAMBLE else 0
        elif where in titles:
            at = titles.index(where) + 1
        else:
            at = len(out)
        out.insert(at, (section.title, _ending(section.text)))
    texts = [t for _, t in out]
    for i in range(len(texts) - 1):  # a section cut short of its line ending still ends one
        texts[i] = _ending(texts[i])
    return "".join(texts)


def names_section(text: str, title: str) -> bool:
    """Whether feedback ``text`` names the section ``title`` (case and spacing aside)."""
    base = re.sub(r" \([0-9]+\)$", "", title)
    norm = " ".join(base.lower().split())
    return bool(norm) and norm in " ".join(text.lower().split())


def _ending(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
