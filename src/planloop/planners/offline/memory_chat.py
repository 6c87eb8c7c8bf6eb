"""The offline planner's chat: retrieval from memory notes, never free conversation.

It finds the notes that share terms with the message and quotes a few matching lines, naming
each note as an ``[[entity]]`` link. Note text is quoted as data; nothing in it is obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planloop.planners.base import MemoryNote
from planloop.terms import MIN_TERM_LEN, STOPWORDS, clean, quote, stem, stems, words

MAX_QUOTES = 3
NEEDS_MODEL = (
    "This is planloop's offline planner: it can only look things up in memory. "
    "Free conversation needs a language model (set PLANLOOP_PLANNER=openai)."
)
_FACT = re.compile(r"^\s*[-*+]\s+[^:]{1,80}:\s*\S")


def _entity(name: str) -> str:
    return "[[" + (clean(name).replace("[", "").replace("]", "") or "entity") + "]]"


def answer(message: str, memory: Sequence[MemoryNote]) -> str:
    """A deterministic retrieval answer to ``message`` from ``memory``."""
    wanted = {stem(w) for w in words(message) if len(w) >= MIN_TERM_LEN and w not in STOPWORDS}
    candidates: list[tuple[int, int, int, int, str, str]] = []
    for n, note in enumerate(memory):
        note_score = len(stems(note.text) & wanted)
        if not note_score:
            continue
        for i, raw in enumerate(note.text.splitlines()):
            line = clean(re.sub(r"^\s*[-*+]\s+", "", raw))
            shared = len(stems(line) & wanted)
            if shared and not line.startswith("#"):
                fact = 0 if _FACT.match(raw) else 1
                candidates.append((-note_score, n, fact * 100 - shared, i, note.name, line))
    if not wanted or not candidates:
        what = quote(message, 80) if clean(message) else "an empty message"
        return f"Nothing in memory matches {what}.\n\n{NEEDS_MODEL}"
    candidates.sort()
    picked: list[tuple[str, str]] = []
    for one_per_note in (True, False):  # first the best line of each note, then the rest
        for *_, name, line in candidates:
            if len(picked) >= MAX_QUOTES:
                break
            if (name, line) in picked or (one_per_note and any(p[0] == name for p in picked)):
                continue
            picked.append((name, line))
    names = list(dict.fromkeys(name for name, _ in picked))
    lines = [f"From memory ({', '.join(_entity(n) for n in names)}):", ""]
    lines += [f"- {_entity(name)}: {quote(line, 200)}" for name, line in picked]
    return "\n".join([*lines, "", NEEDS_MODEL])
