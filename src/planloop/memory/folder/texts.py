"""The texts of notes read lately, kept while their files stay as they were.

A run reads the notes it is grounded on afresh at every iteration, so that an edit made
meanwhile (in the page, or in an editor on the folder) reaches the next iteration. Reading
them means finding each file (one folder below ``entities/`` at most), following it through
links to check it stays inside the folder, and reading it: in a thread, off the event loop.
When none of the files has changed since it was read, one ``stat`` each says so, and the
texts kept answer on the loop itself (docs/benchmarks.md, approvals as memory grows).

A file counts as unchanged when its device, inode, size, modification and change times are
all the same. A text read within :data:`SETTLE_NS` of its file's last change is not kept: a
second write in the same tick of the file system's clock, with the same size, would not
show in the times (git's "racily clean" entries). Nothing else needs forgetting: every
write, planloop's or an editor's, changes what ``stat`` says, and a deleted note no longer
stats.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from planloop.domain import MemoryNote

KEEP = 256  # notes: a grounding reads up to three, so some eighty runs' worth
SETTLE_NS = 2_000_000_000

Stamp = tuple[int, int, int, int, int]


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True, slots=True)
class _Kept:
    path: str
    shadow: str | None  # the top-level file that would take precedence, for a note below
    stamp: Stamp
    note: MemoryNote


class NoteTexts:
    """Notes by name, each with the ``stat`` of the file it was read from."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()  # filled from threads, asked from the loop

    def keep_read(self, name: str, path: Path, top: Path, before: Stamp, text: str) -> None:
        """Keep ``text``, read from ``path`` whose ``stat`` before the read was ``before``,
        if the file is the same after the read and has settled."""
        try:
            after = stamp_of(os.stat(path))
        except OSError:
            return
        if after != before or time.time_ns() - max(after[3], after[4]) < SETTLE_NS:
            return
        shadow = None if path == top else os.fspath(top)
        kept = _Kept(os.fspath(path), shadow, after, MemoryNote(name=name, text=text))
        with self._lock:
            self._kept[name] = kept
            self._kept.move_to_end(name)
            while len(self._kept) > self.keep:
                self._kept.popitem(last=False)

    def unchanged(self, names: list[str]) -> list[MemoryNote] | None:
        """The notes of ``names``, each once, if every one was kept and its file has not
        changed since; else None (read them)."""
        with self._lock:
            found = [self._kept.get(name) for name in names]
        out = []
        for kept in found:
            if kept is None:
                return None
            try:
                if stamp_of(os.stat(kept.path)) != kept.stamp:
                    return None
            except OSError:
                return None
            if kept.shadow is not None and os.path.lexists(kept.shadow):
                return None
            out.append(kept.note)
        return out
