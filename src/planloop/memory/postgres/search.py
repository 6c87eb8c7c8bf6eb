"""Searching memory in PostgreSQL: the notes whose ``tsvector`` (name weighed four times the
text, built on every write by :mod:`.rows`) matches any of the query's terms, ranked as the
folder's index ranks them (:mod:`planloop.memory.index`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from planloop.domain import MemoryNote
from planloop.memory.index import SearchHit, search_terms
from planloop.memory.names import is_entity_name
from planloop.memory.postgres.rows import HEADLINE, RANK_WEIGHTS, query_terms

CANDIDATES = 50  # the BM25-like leaders re-ranked by how many distinct terms they contain

Rows = Callable[[LiteralString, Sequence[Any] | Mapping[str, Any]], list[tuple[Any, ...]]]


def hits(
    rows: Rows, space: str, query: str, limit: int = 10, *, snippets: bool = False
) -> list[SearchHit]:
    """Of the 50 best notes by ``ts_rank`` (name 4x, length-normalised), those containing
    most distinct query terms first, then by rank, then by name; ``snippets`` adds each
    hit's matching passage."""
    terms = query_terms(search_terms(query))
    if not terms or limit <= 0:
        return []
    found = rows(
        "WITH q AS (SELECT to_tsquery('english', %(any)s) AS q),"
        " top AS (SELECT name, kind, description, search,"
        " ts_rank(%(weights)s::float4[], search, q.q, 1) AS score"
        " FROM memory_entities, q WHERE space = %(space)s AND search @@ q.q"
        " ORDER BY score DESC, name LIMIT %(n)s)"
        " SELECT name, kind, description, score, (SELECT count(*) FROM unnest(%(terms)s"
        "::text[]) AS t WHERE top.search @@ to_tsquery('english', t)) FROM top",
        {
            "space": space,
            "any": " | ".join(terms),
            "weights": RANK_WEIGHTS,
            "n": max(limit, CANDIDATES),
            "terms": terms,
        },
    )
    best = sorted(found, key=lambda r: (-r[4], -r[3], r[0]))[:limit]
    quotes: dict[str, str] = {}
    if snippets and best:
        quotes = {
            r[0]: " ".join(str(r[1]).split())
            for r in rows(
                "SELECT name, ts_headline('english', text, to_tsquery('english', %s), %s)"
                " FROM memory_entities WHERE space = %s AND name = ANY(%s)",
                (" | ".join(terms), HEADLINE, space, [r[0] for r in best]),
            )
        }
    return [SearchHit(r[0], r[1], r[2], int(r[4]), float(r[3]), quotes.get(r[0], "")) for r in best]


@dataclass(frozen=True)
class Found:
    """The statement of :func:`found` (to send on any connection) and the names it reads."""

    sql: LiteralString
    params: dict[str, Any]
    named: list[str]

    def notes(self, rows: Sequence[tuple[Any, ...]]) -> list[MemoryNote]:
        """The statement's rows as notes: the named first, then the hits by place."""
        texts = {name: text for name, text, _ in rows}
        hit = sorted((place, name) for name, _, place in rows if place is not None)
        order = dict.fromkeys([*self.named, *(name for _, name in hit)])
        return [MemoryNote(name=name, text=texts[name]) for name in order if name in texts]


def finding(space: str, named: Sequence[str], query: str, limit: int) -> Found | None:
    """:meth:`planloop.memory.base.NoteReads.found_notes` as one statement: the ``named``
    notes that exist, then those of the ``limit`` best hits for ``query`` (ranked as
    :func:`hits` ranks them) that matched a term, each once, in that order. None when the
    query has no term to search for (then only the named notes are read)."""
    terms = query_terms(search_terms(query))
    if not terms or limit <= 0:
        return None
    valid = [name for name in named if is_entity_name(name)]
    sql: LiteralString = (
        "WITH q AS (SELECT to_tsquery('english', %(any)s) AS q),"
        " top AS (SELECT name, search,"
        " ts_rank(%(weights)s::float4[], search, q.q, 1) AS score"
        " FROM memory_entities, q WHERE space = %(space)s AND search @@ q.q"
        " ORDER BY score DESC, name LIMIT %(n)s),"
        " counted AS (SELECT name, score, (SELECT count(*) FROM unnest(%(terms)s::text[]) AS t"
        " WHERE top.search @@ to_tsquery('english', t)) AS matched FROM top),"
        # Python orders names by code point: collation "C" in UTF-8.
        " best AS (SELECT name, matched, row_number() OVER (ORDER BY matched DESC,"
        ' score DESC, name COLLATE "C") AS place FROM counted ORDER BY place LIMIT %(limit)s)'
        " SELECT e.name, e.text, (SELECT place FROM best WHERE best.name = e.name)"
        " FROM memory_entities e WHERE e.space = %(space)s AND (e.name = ANY(%(named)s)"
        " OR e.name IN (SELECT name FROM best WHERE matched > 0))"
    )
    params = {
        "space": space,
        "any": " | ".join(terms),
        "weights": RANK_WEIGHTS,
        "n": max(limit, CANDIDATES),
        "terms": terms,
        "limit": limit,
        "named": valid,
    }
    return Found(sql, params, valid)


def found(
    rows: Rows, space: str, named: Sequence[str], query: str, limit: int
) -> list[MemoryNote] | None:
    """:func:`finding`'s statement sent and its notes (None: there was no statement)."""
    asked = finding(space, named, query, limit)
    return None if asked is None else asked.notes(rows(asked.sql, asked.params))
