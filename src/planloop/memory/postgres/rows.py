"""What :class:`.memory.PgMemory` stores of one note, and the statements that do.

The text is the truth; its kind, description, observations, relations, plan run and search
form are computed here on every write, exactly as the folder's index computes them
(:mod:`planloop.memory.folder.scan`), so both backends read the same graph from the same note.

Full-text search uses PostgreSQL's ``english`` configuration (stemming) on text whose
accents are folded here, in Python (``café`` finds ``cafe``, as SQLite's ``unicode61
remove_diacritics`` does) — no ``unaccent`` extension to install. Words are split as
:func:`planloop.memory.notes.query_terms` splits them (``_`` separates words), the name
weighs four times the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString, NoReturn

import psycopg
from psycopg.types.json import Jsonb

from planloop.memory import files, markup, notes
from planloop.memory.base import StaleEntity
from planloop.memory.names import EntityNotFound
from planloop.store.migrations import APPLIED
from planloop.store.postgres_schema import LEDGER, MIGRATIONS

Conn = psycopg.Connection[Any]

_WORD = re.compile(r"[^\W_]+")

# ts_rank weights {D, C, B, A}: the name is A, the text B (a quarter of it), as in SQLite.
RANK_WEIGHTS = "{0.1, 0.2, 0.25, 1.0}"
HEADLINE = 'MaxFragments=1, MaxWords=16, MinWords=6, StartSel="", StopSel=""'


def storable(markdown: str) -> str:
    """The text as stored: what the folder would write, read back (bad bytes replaced), and
    without NUL (PostgreSQL text cannot hold it)."""
    data = markdown.encode("utf-8", "surrogateescape")
    return files.decode(data).replace("\x00", "\ufffd")


def version(text: str) -> str:
    """The version of a stored text: the same 16 hex digits the folder gives its file."""
    return files.version_of(text.encode("utf-8"))


def fold(text: str) -> str:
    """Words of ``text``, case and accents folded, one space apart (for ``to_tsvector``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.casefold()))


def query_terms(terms: list[str]) -> list[str]:
    """Search terms folded like the stored text, duplicates dropped (letters and digits
    only, so each is safe inside ``to_tsquery``)."""
    folded = (fold(term) for term in terms)
    return list(dict.fromkeys(word for term in folded for word in term.split()))


@dataclass(frozen=True)
class NoteRow:
    """One note as stored: the text and everything derived from it."""

    name: str
    folder: str | None
    text: str
    version: str
    kind: str
    description: str
    observations: tuple[str, ...]
    relations: tuple[tuple[str, str], ...]  # (relation_type, target)
    run_id: str | None
    search_name: str
    search_text: str


def derive(name: str, text: str, folder: str | None = None) -> NoteRow:
    """The stored form of note ``name`` holding ``text`` (already :func:`storable`)."""
    run_id = notes.parse_facts(text).get("run_id") if name.startswith("plan_") else None
    return NoteRow(
        name=name,
        folder=folder,
        text=text,
        version=version(text),
        kind=notes.kind_of(name, text, folder),
        description=notes.describe(name, text),
        observations=tuple(markup.observations(text)),
        relations=tuple(markup.relations(text)),
        run_id=run_id,
        search_name=fold(name),
        search_text=fold(text),
    )


# -- the statements ----------------------------------------------------------------------

_VALUES: LiteralString = (
    "%(folder)s, %(kind)s, %(description)s, %(text)s, %(version)s, %(run_id)s,"
    " %(observations)s, now(), setweight(to_tsvector('english', %(search_name)s), 'A')"
    " || setweight(to_tsvector('english', %(search_text)s), 'B')"
)
_INSERT: LiteralString = (
    "INSERT INTO memory_entities (space, name, written, folder, kind, description, text,"  # noqa: S608
    " version, run_id, observations, updated_at, search) VALUES (%(space)s, %(name)s,"
    " %(written)s, " + _VALUES + ") ON CONFLICT (space, name) DO NOTHING RETURNING name"
)
_UPDATE: LiteralString = (
    "UPDATE memory_entities SET (folder, kind, description, text, version, run_id,"  # noqa: S608
    " observations, updated_at, search) = ("
    + _VALUES
    + "), written = COALESCE(%(written)s, written) WHERE space = %(space)s AND name = %(name)s"
    " AND (%(base)s::text IS NULL OR version = %(base)s) RETURNING name"
)


def _params(space: str, row: NoteRow, written: bool) -> dict[str, Any]:
    return {
        "space": space,
        "name": row.name,
        "folder": row.folder,
        "kind": row.kind,
        "description": row.description,
        "text": row.text,
        "version": row.version,
        "written": row.version if written else None,
        "run_id": row.run_id,
        "observations": Jsonb(list(row.observations)),
        "search_name": row.search_name,
        "search_text": row.search_text,
    }


def insert(conn: Conn, space: str, row: NoteRow, *, written: bool) -> bool:
    """Insert a new note into ``space``; ``False`` when the name is taken (nothing written)."""
    done = conn.execute(_INSERT, _params(space, row, written)).fetchone()
    if done is not None:
        _put_relations(conn, space, row)
    return done is not None


def replace(
    conn: Conn, space: str, row: NoteRow, *, written: bool, base_version: str | None
) -> bool:
    """Replace a note's text (if still at ``base_version``, when given); whether it did."""
    params = {**_params(space, row, written), "base": base_version}
    done = conn.execute(_UPDATE, params).fetchone()
    if done is not None:
        conn.execute(
            "DELETE FROM memory_relations WHERE space = %s AND source = %s", (space, row.name)
        )
        _put_relations(conn, space, row)
    return done is not None


def _put_relations(conn: Conn, space: str, row: NoteRow) -> None:
    if row.relations:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO memory_relations (space, source, pos, target, type)"
                " VALUES (%s, %s, %s, %s, %s)",
                [(space, row.name, i, to, kind) for i, (kind, to) in enumerate(row.relations)],
            )


def refuse(conn: Conn, space: str, name: str, base_version: str | None) -> NoReturn:
    """Raise why a write conditioned on ``base_version`` found nothing to change."""
    current = conn.execute(
        "SELECT version FROM memory_entities WHERE space = %s AND name = %s", (space, name)
    )
    row = current.fetchone()
    if row is None or base_version is None:
        raise EntityNotFound(name)
    raise StaleEntity(name, base_version, row[0])


def find_by_run(conn: Conn, space: str, run_id: str) -> str | None:
    wanted = notes.one_line(run_id)
    if not wanted:
        return None
    tag = f"_{notes.run_tag(run_id)}"
    rows = conn.execute(
        "SELECT name FROM memory_entities WHERE space = %s AND run_id = %s"
        " AND name LIKE 'plan\\_%%'",
        (space, wanted),
    ).fetchall()
    names = sorted((r[0] for r in rows), key=lambda name: (tag not in name, name))
    return names[0] if names else None


def migrate(conn: Conn) -> None:
    """The store's migrations (:mod:`planloop.store.postgres_schema`, the runner of
    :mod:`planloop.store.migrations`), for processes that open the memory without the store
    (the command line)."""
    with conn.transaction():
        for statement in LEDGER.opening():
            conn.execute(statement)
        applied = {r[0] for r in conn.execute(APPLIED)}
        for statement in LEDGER.pending(MIGRATIONS, applied):
            conn.execute(statement)


def edit_user(conn: Conn, space: str, change: Callable[[str], str | None]) -> None:
    """Apply ``change`` to the space's user.md (``None``: leave it), its row locked."""
    conn.execute(
        "INSERT INTO memory_user (space, text, updated_at) VALUES (%s, %s, now())"
        " ON CONFLICT (space) DO NOTHING",
        (space, notes.USER_TEMPLATE),
    )
    found = conn.execute(
        "SELECT text FROM memory_user WHERE space = %s FOR UPDATE", (space,)
    ).fetchone()
    text: str = found[0] if found else notes.USER_TEMPLATE
    updated = change(text)
    if updated is not None and updated != text:
        conn.execute(
            "UPDATE memory_user SET text = %s, updated_at = now() WHERE space = %s",
            (storable(updated), space),
        )
