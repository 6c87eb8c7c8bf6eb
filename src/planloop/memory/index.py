"""Search and graph records both memories share, and the folder's index interface.

The records (:class:`GraphEntity`, :class:`GraphRelation`, :class:`SearchHit`) and the query
terms (:func:`search_terms`) are what every memory answers with. :class:`MemoryIndex` is the
folder's rebuildable copy of what search and the graph need (names, kinds, descriptions,
observations, links and the text), kept in SQLite FTS5 (:mod:`.folder.index_sqlite`); the
folder stays the source of truth. PostgreSQL's memory (:mod:`.postgres.memory`) needs no
index of its own: its rows are the notes and its full-text index is a column beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from planloop.memory import notes

MAX_QUERY_TERMS = 16


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words that match nearly every note: never useful as search terms.
STOPWORDS = _vocabulary(
    """
    the and for with from that this these those what when where which who whom whose why how
    are was were has have had not but you your yours our ours their theirs them they its into
    onto about over under than then there will would can could should shall may might must
    does did done also just only very any all each some such own same other more most less few
    been being out off too nor yet here within without upon via per
    """
)


def search_terms(query: str) -> list[str]:
    """The distinct search terms of ``query`` (3+ characters, case-folded, no function words)."""
    terms = [t for t in notes.query_terms(query) if t not in STOPWORDS]
    return terms[:MAX_QUERY_TERMS]


class FileStamp(NamedTuple):
    """What tells whether a note changed on disk without reading it."""

    path: str  # relative to entities/, with "/" separators
    mtime_ns: int
    size: int
    inode: int = 0


@dataclass(frozen=True)
class IndexedNote:
    """One note as the index keeps it."""

    name: str
    stamp: FileStamp
    version: str
    kind: str
    description: str
    text: str
    observations: tuple[str, ...] = ()
    relations: tuple[tuple[str, str], ...] = ()  # (relation_type, target name)


@dataclass(frozen=True)
class SearchHit:
    name: str
    kind: str
    description: str
    matched: int  # distinct query terms the note contains (stemmed)
    score: float  # relevance: -BM25, always positive for a match
    snippet: str = ""


@dataclass(frozen=True)
class GraphEntity:
    name: str
    entity_type: str
    observations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GraphRelation:
    source: str
    target: str
    relation_type: str


class MemoryIndex(Protocol):
    """A rebuildable index of the notes in ``entities/`` (see the module docstring)."""

    def stamps(self) -> dict[str, FileStamp]:
        """Every indexed note's stamp, by name (to find what changed on disk)."""
        ...

    def upsert(self, items: Sequence[IndexedNote]) -> None: ...

    def remove(self, names: Iterable[str]) -> None: ...

    def path_of(self, name: str) -> str | None:
        """Where the note ``name`` was last seen (relative to ``entities/``)."""
        ...

    def search(
        self, terms: Sequence[str], limit: int, *, snippets: bool = False
    ) -> list[SearchHit]:
        """Notes containing any of ``terms``, best first; with a quoted snippet if asked."""
        ...

    def containing(self, words: str) -> list[str]:
        """Names of the notes whose text may hold ``words`` (every note that does, perhaps
        a few more: the caller reads them to be sure), sorted."""
        ...

    def summaries(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """(name, description, kind) of every note (or of one kind), sorted by name."""
        ...

    def entities(self, names: Iterable[str] | None = None) -> list[GraphEntity]:
        """Graph entities (all, or the named ones that exist), sorted by name."""
        ...

    def relations(self, names: Iterable[str] | None = None) -> list[GraphRelation]:
        """Relations between existing notes (all, or those touching ``names``), sorted."""
        ...

    def links_in(self, name: str) -> list[str]:
        """Names of the notes that link to ``name``, sorted."""
        ...

    def written(self, name: str) -> str | None:
        """The version planloop last wrote to ``name`` (``None``: unknown)."""
        ...

    def mark_written(self, name: str, version: str | None) -> None: ...

    def close(self) -> None: ...
