"""The graph view of one note's Markdown, and the line edits that change it.

An entity is a file; its observations and relations are read from its lines (outside fenced
code and YAML front matter) — there is no second copy of the truth:

* ``- works_at: [[entities/acme.md]]`` — a bullet whose value is only wikilinks is a
  *relation line*: one relation of that type (``works_at``) per link;
* ``- [[entities/acme.md]]`` — a bullet that is only a link: relation ``links_to``;
* any other bullet under a ``## Observations`` heading is an observation (its text);
* any other ``- key: value`` bullet is an observation too, except inside a plan's
  ``## Plan`` section (the plan document itself, not facts);
* every other ``[[link]]`` (prose, observations, the plan) is a ``links_to`` relation.

A link names its target by file: ``[[entities/acme.md]]``, ``[[acme]]``, ``[[acme|Acme]]`` and
``[[people/acme#Notes]]`` all point to entity ``acme``. Edits insert bullets into the note's
``## Observations`` / ``## Relations`` section (creating it at the end) and remove or rewrite
only the lines that carry what is deleted; every other byte of the note is kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from planloop.errors import InvalidInput
from planloop.memory import notes
from planloop.memory.names import is_entity_name

LINKS_TO = "links_to"
OBSERVATIONS = "Observations"
RELATIONS = "Relations"
MAX_OBSERVATION = 1000
MAX_RELATION_TYPE = 80
MAX_ENTITY_TYPE = 40

Relation = tuple[str, str]  # (relation_type, target entity)

_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(?P<text>.*?)[ \t]*$")
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<title>.*?))?[ \t#]*$")
_LINK = re.compile(r"\[\[(?P<inner>[^\[\]\n]+?)\]\]")
_KEYED = re.compile(r"^(?P<key>[^:\[\]\s][^:\[\]\n]{0,79}?)[ \t]*:[ \t]+(?P<value>\S.*)$")
_LINK_LIST = re.compile(r"^\[\[[^\[\]\n]+?\]\](?:[ \t]*,?[ \t]*\[\[[^\[\]\n]+?\]\])*$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029\x85]")


def link_target(inner: str) -> str:
    """The entity a wikilink's inside points to (path, ``.md``, ``|alias``, ``#heading`` off)."""
    target = inner.split("|", 1)[0].split("#", 1)[0].strip()
    target = target.rsplit("/", 1)[-1]
    return target[:-3] if target.lower().endswith(".md") else target


def _targets(text: str) -> list[tuple[str, re.Match[str]]]:
    found = ((link_target(m.group("inner")), m) for m in _LINK.finditer(text))
    return [(name, m) for name, m in found if is_entity_name(name)]


@dataclass(frozen=True)
class Line:
    """A line of a note that carries graph content."""

    index: int
    observation: str | None
    relations: tuple[Relation, ...]
    relation_line: bool  # a bullet made only of links: dropped when its links are deleted


def scan(text: str) -> list[Line]:
    """The lines of ``text`` that hold observations or relations, in order."""
    lines = [line.rstrip("\r\n") for line in text.splitlines(keepends=True)]
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    mask, _ = notes.code_mask(lines)
    start = notes.front_matter_end(lines)
    section: str | None = None
    out: list[Line] = []
    for i, line in enumerate(lines):
        if i < start or mask[i]:
            continue
        heading = _HEADING.match(line)
        if heading:
            if len(heading.group("hashes")) <= 2:
                title = (heading.group("title") or "").strip().casefold()
                section = title if len(heading.group("hashes")) == 2 else None
            continue
        bullet = _BULLET.match(line)
        body = bullet.group("text") if bullet else line
        keyed = _KEYED.match(body) if bullet else None
        if bullet and _LINK_LIST.match(body):
            rels = tuple((LINKS_TO, name) for name, _ in _targets(body))
            out.append(Line(i, None, rels, True))
            continue
        if keyed and _LINK_LIST.match(keyed.group("value")):
            kind = keyed.group("key").strip()
            rels = tuple((kind, name) for name, _ in _targets(keyed.group("value")))
            out.append(Line(i, None, rels, True))
            continue
        observation = None
        if bullet and body and (section == "observations" or (keyed and section != "plan")):
            observation = body
        rels = tuple((LINKS_TO, name) for name, _ in _targets(body))
        if observation is not None or rels:
            out.append(Line(i, observation, rels, False))
    return out


def observations(text: str) -> list[str]:
    """The note's observations, in order, without duplicates."""
    return list(dict.fromkeys(ln.observation for ln in scan(text) if ln.observation))


def relations(text: str) -> list[Relation]:
    """The note's relations ``(relation_type, target)``, in order, without duplicates."""
    return list(dict.fromkeys(rel for ln in scan(text) for rel in ln.relations))


# -- validation -------------------------------------------------------------------------------


def _one_line(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string")
    text = value.strip()
    if not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters; the limit is {limit}")
    if problem := notes.unstorable(text):
        raise InvalidInput(f"{what} {problem}")
    if _CONTROL.search(text):
        raise InvalidInput(f"{what} must be one line without control characters")
    return text


def clean_observation(value: object) -> str:
    """An observation that reads back unchanged from a ``- <observation>`` bullet."""
    text = _one_line(value, "an observation", MAX_OBSERVATION)
    keyed = _KEYED.match(text)
    if _LINK_LIST.match(text) or (keyed and _LINK_LIST.match(keyed.group("value"))):
        raise InvalidInput(f"observation {text!r} is only links: add it as a relation instead")
    return text


def clean_relation_type(value: object) -> str:
    text = _one_line(value, "a relation type", MAX_RELATION_TYPE)
    if any(c in text for c in ":[]") or text[0] in "-*+#>":
        raise InvalidInput(
            f"relation type {text!r} must not contain ':', '[' or ']' nor start with a marker"
        )
    return text


def clean_entity_type(value: object) -> str:
    text = _one_line(value, "an entity type", MAX_ENTITY_TYPE)
    if text[0] in "\"'" or text[-1] in "\"'":
        raise InvalidInput(f"entity type {text!r} must not be quoted")
    return text


# -- writing ----------------------------------------------------------------------------------


def relation_bullet(relation_type: str, target: str) -> str:
    return f"- {relation_type}: {notes.wikilink(target)}"


def render_entity(
    name: str, entity_type: str, observations: Sequence[str], relations: Sequence[Relation]
) -> str:
    """A new entity note: title, ``type:`` line, observations and relations sections."""
    parts = [f"# {name}", "", f"type: {entity_type}", ""]
    if observations:
        parts += [f"## {OBSERVATIONS}", "", *(f"- {o}" for o in observations), ""]
    if relations:
        parts += [f"## {RELATIONS}", "", *(relation_bullet(t, n) for t, n in relations), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def set_type(text: str, entity_type: str) -> str:
    """``text`` with a ``type:`` line after its front matter or title heading."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    at = notes.front_matter_end(bare)
    if at < len(bare) and _HEADING.match(bare[at]):
        at += 1
    if at and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    before = [newline] if at and bare[at - 1].strip() else []
    after = [newline] if at < len(bare) and bare[at].strip() else []
    lines[at:at] = [*before, f"type: {entity_type}{newline}", *after]
    return "".join(lines)


def insert_bullets(text: str, section: str, bullets: Sequence[str]) -> str:
    """``text`` with ``bullets`` after the last line of its first ``## <section>`` section.

    A missing section is added at the end (after closing a code fence the note leaves open).
    The note's own line ending is used; every other line is kept as it is.
    """
    if not bullets:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    items = [f"{b}{newline}" for b in bullets]
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    mask, open_fence = notes.code_mask(bare)
    wanted = section.casefold()
    head = next(
        (
            i
            for i, line in enumerate(bare)
            if not mask[i]
            and (m := _HEADING.match(line))
            and len(m.group("hashes")) == 2
            and (m.group("title") or "").strip().casefold() == wanted
        ),
        None,
    )
    if head is None:
        body = text if not text or text.endswith(("\n", "\r")) else text + newline
        if open_fence is not None:
            body += open_fence + newline
        gap = newline if body.strip() else ""
        return f"{body}{gap}## {section}{newline}{newline}{''.join(items)}"
    end = next(
        (i for i in range(head + 1, len(bare)) if not mask[i] and _HEADING.match(bare[i])),
        len(bare),
    )
    last = max((i for i in range(head, end) if bare[i].strip()), default=head)
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    before = [newline] if last == head else []
    after = [newline] if end < len(lines) and last + 1 == end else []
    lines[last + 1 : last + 1] = [*before, *items, *after]
    return "".join(lines)


def add_observations(text: str, wanted: Iterable[str]) -> tuple[str, list[str]]:
    """``text`` with the observations it lacks added; and the ones added."""
    have = set(observations(text))
    added = [o for o in dict.fromkeys(wanted) if o not in have]
    return insert_bullets(text, OBSERVATIONS, [f"- {o}" for o in added]), added


def add_relations(text: str, wanted: Iterable[Relation]) -> tuple[str, list[Relation]]:
    """``text`` with the relations it lacks added as relation lines; and the ones added."""
    have = set(relations(text))
    added = [r for r in dict.fromkeys(wanted) if r not in have]
    return insert_bullets(text, RELATIONS, [relation_bullet(t, n) for t, n in added]), added


def delete_observations(text: str, unwanted: Collection[str]) -> tuple[str, int]:
    """``text`` without the bullet lines of ``unwanted`` observations; and how many went."""
    drop = {ln.index for ln in scan(text) if ln.observation in unwanted}
    lines = text.splitlines(keepends=True)
    kept = "".join(line for i, line in enumerate(lines) if i not in drop)
    return kept, len(drop)


def delete_relations(text: str, unwanted: Collection[Relation]) -> tuple[str, int]:
    """``text`` without the ``unwanted`` relations; and how many went.

    A relation line loses the link (and goes when it has none left); a link in prose or in an
    observation becomes plain text (its alias, or the entity's name).
    """
    lines = text.splitlines(keepends=True)
    removed = 0
    for ln in scan(text):
        if not any(rel in unwanted for rel in ln.relations):
            continue
        raw = lines[ln.index]
        ending = raw[len(raw.rstrip("\r\n")) :]
        line = raw.rstrip("\r\n")
        if ln.relation_line:
            bullet = _BULLET.match(line)
            assert bullet is not None  # scan() marks only bullets as relation lines
            body = bullet.group("text")
            prefix = line[: bullet.start("text")]
            kind, source = LINKS_TO, body
            keyed = _KEYED.match(body)
            if keyed and not _LINK_LIST.match(body):
                kind, source = keyed.group("key").strip(), keyed.group("value")
                prefix += body[: keyed.start("value")]
            links = list(_LINK.finditer(source))
            keep = [
                m.group(0) for m in links if (kind, link_target(m.group("inner"))) not in unwanted
            ]
            removed += len(links) - len(keep)
            lines[ln.index] = f"{prefix}{', '.join(keep)}{ending}" if keep else ""
            continue

        def unlink(m: re.Match[str]) -> str:
            nonlocal removed
            name = link_target(m.group("inner"))
            if (LINKS_TO, name) not in unwanted:
                return m.group(0)
            removed += 1
            inner = m.group("inner")
            return inner.split("|", 1)[1].strip() if "|" in inner else name

        lines[ln.index] = _LINK.sub(unlink, line) + ending
    return "".join(lines), removed


def delete_links_to(text: str, target: str) -> tuple[str, int]:
    """``text`` without any relation to ``target`` (for deleting that entity)."""
    unwanted = {rel for rel in relations(text) if rel[1] == target}
    return delete_relations(text, unwanted) if unwanted else (text, 0)
