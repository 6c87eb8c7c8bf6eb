"""The offline planner's chat: retrieval from memory notes, never free conversation.

It finds what the message asks for and quotes it, naming each note as an ``[[entity]]`` link:

* a note the message *names* ("Who is Ana?", "… in Alfama?") comes first — its name, or its
  title, is among the message's words — and is quoted even when no other word matches;
* a fact the message asks for *by its field* ("What is the rent …?") is that note's
  ``- rent: …`` line, quoted before any line that merely mentions the word;
* a person's own notes come before generated plans (kind ``plan``), which echo every goal.

Note text is quoted as data; nothing in it is obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planloop.planners.base import MemoryNote
from planloop.terms import STOPWORDS, clean, quote, stem, stems, words

MAX_QUOTES = 3
NEEDS_MODEL = (
    "This is planloop's offline planner: it can only look things up in memory. "
    "Free conversation needs a language model (set PLANLOOP_PLANNER=openai)."
)
_FACT = re.compile(r"^\s*[-*+]\s+([^:]{1,80}):\s*\S")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_TITLE = re.compile(r"^ {0,3}#\s+(.+?)\s*#*\s*$")
_QUESTION = frozenset(
    [
        "who",
        "what",
        "whats",
        "where",
        "when",
        "which",
        "how",
        "much",
        "many",
        "is",
        "are",
        "was",
        "the",
    ]
)


def _label(text: str) -> str:
    return clean(text).replace("[", "").replace("]", "").replace("|", "/")


def _entity(name: str, title: str = "") -> str:
    """``[[name]]``; a generated plan as ``[[name|its goal]]`` (Obsidian's label), so a
    person reads the goal, not the file name."""
    label = _label(title)[:120] if name.startswith("plan_") else ""
    return "[[" + (_label(name) or "entity") + (f"|{label}" if label else "") + "]]"


def _title(note: MemoryNote) -> str:
    return next((m.group(1) for m in map(_TITLE.match, note.text.splitlines()) if m), "")


@dataclass(frozen=True)
class _Line:
    order: tuple[int, int, int, int, int]  # smaller is better
    name: str
    text: str


def _asked(message: str) -> tuple[set[str], set[str]]:
    """The message's words (for names) and the stems of its content words (for facts)."""
    said = set(words(message))
    wanted = {stem(w) for w in said if len(w) >= 3 and w not in STOPWORDS | _QUESTION}
    return said, wanted


def _named(note: MemoryNote, said: set[str]) -> bool:
    """Whether the message names ``note``: every word of its name, or of its title."""
    for label in (note.name.replace("_", " "), _title(note)):
        label_words = set(words(label)) - _QUESTION
        if label_words and label_words <= said:
            return True
    return False


def _lines(note: MemoryNote, n: int, said: set[str], wanted: set[str]) -> list[_Line]:
    named = _named(note, said)
    plan = note.name.startswith("plan_")
    note_score = len(stems(note.text) & wanted) + (3 if named else 0)
    if not note_score:
        return []
    found = []
    for i, raw in enumerate(note.text.splitlines()):
        line = clean(_BULLET.sub("", raw))
        if not line or line.startswith("#") or line.lower().startswith("type:"):
            continue
        fact = _FACT.match(raw)
        field = bool(fact and stems(fact.group(1)) & wanted)
        shared = len(stems(line) & wanted)
        if not (shared or named):
            continue
        # field asked for; the note named; a fact line; the words shared; the note's order
        rank = (0 if field else 1) * 4 + (0 if fact else 1) * 2 + (0 if shared else 1)
        order = (int(plan), -int(named), rank, -note_score, n * 10_000 + i)
        found.append(_Line(order, note.name, line))
    return found


def answer(message: str, memory: Sequence[MemoryNote]) -> str:
    """A deterministic retrieval answer to ``message`` from ``memory``."""
    said, wanted = _asked(message)
    candidates = [line for n, note in enumerate(memory) for line in _lines(note, n, said, wanted)]
    if not candidates:
        what = quote(message, 80) if clean(message) else "an empty message"
        return f"Nothing in memory matches {what}.\n\n{NEEDS_MODEL}"
    candidates.sort(key=lambda line: line.order)
    best_note = candidates[0].name
    # The best note's two best lines (what was asked), then one line of each other note.
    picked = list(dict.fromkeys((c.name, c.text) for c in candidates if c.name == best_note))[:2]
    for line in candidates:
        if len(picked) >= MAX_QUOTES:
            break
        if all(name != line.name for name, _ in picked):
            picked.append((line.name, line.text))
    names = list(dict.fromkeys(name for name, _ in picked))
    titles = {note.name: _title(note) for note in memory if note.name in names}
    lines = [f"From memory ({', '.join(_entity(n, titles.get(n, '')) for n in names)}):", ""]
    lines += [
        f"- {_entity(name, titles.get(name, ''))}: {quote(line, 200)}" for name, line in picked
    ]
    return "\n".join([*lines, "", NEEDS_MODEL])
