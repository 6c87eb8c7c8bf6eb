"""Pure Markdown helpers for memory notes: rendering plan entities, reading them back, linking.

Nothing here touches the file system; :mod:`.folder.vault` does the I/O. The parsing is
deliberately line-based and small: it understands ATX headings, fenced code blocks (so a plan's
code samples cannot fake a heading or a fact), YAML front matter, ``type:`` lines, ``- key: value``
fact lines and ``[[entities/<name>.md]]`` wikilinks — the subset of the MemAgent/Obsidian layout
planloop reads and writes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from planloop.errors import InvalidInput

SLUG_MAX = 40
RUN_TAG_LEN = 8
DESCRIPTION_MAX = 160
TITLE_MAX = 120
TITLES_KEPT_CHARS = 64_000  # a longer note's title is found again each time
INTRO_MAX = 300
MIN_TERM_LEN = 3
PLAN_INTRO = "Plan for: "
PLAN_TOP_LEVEL = 3  # the plan's own headings sit below "## Plan"

USER_TEMPLATE = (
    "# User\n"
    "\n"
    "Memory notes planloop reads and writes; each entity is a Markdown file in `entities/`.\n"
    "\n"
    "## Entities\n"
    "\n"
)

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_TITLE = re.compile(r"^ {0,3}#[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TYPE_LINE = re.compile(r"^\s*type\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_FACT_LINE = re.compile(r"^\s*[-*+]\s+([^:]+?)\s*:[ \t]*(.*?)\s*$")
_FACTS_HEADING = re.compile(r"^ {0,3}##[ \t]+facts[ \t#]*$", re.IGNORECASE)
_ENTITIES_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+entities[ \t#]*$", re.IGNORECASE)
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" splits words like plan_launch_x
# What no note may hold: NUL (PostgreSQL's text cannot) and lone surrogates (no UTF-8 can; a
# Python str holds a pair as one character, so any surrogate here is alone).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored as given (NUL, a lone surrogate), naming the first such
    character by its code point and position — never the text itself — else ``None``."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    char = found.group()
    what = "NUL" if char == "\x00" else "a lone surrogate"
    return f"contains {what} (U+{ord(char):04X}) at character {found.start() + 1}"


def check_text(text: str, what: str) -> str:
    """``text``, unless :func:`unstorable`: then an :class:`InvalidInput` naming ``what``.
    Both backends refuse the same input the same way (a folder would keep a NUL that the
    database cannot, and neither can write a lone surrogate as UTF-8)."""
    problem = unstorable(text)
    if problem:
        raise InvalidInput(f"{what}: {problem}")
    return text


def scrub(text: str) -> str:
    """``text`` with every NUL and lone surrogate replaced by U+FFFD (for text planloop writes
    on its own account — a plan from a model — which must be saved, not refused)."""
    return _UNSTORABLE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) into single spaces."""
    return " ".join(text.split())


# Markdown's marks in a quoted line of a note: headings' hashes, emphasis, table bars and
# rules (a new user's trial: a search result read "# Learn to play 6 songs…")
_MARKS = re.compile(r"(?:^|(?<=[\s…]))#{1,6}\s|\*\*|__|\||:?-{3,}:?|`")


def plain(text: str) -> str:
    """A quoted piece of a note as text a person reads: on one line, without Markdown marks."""
    return one_line(_MARKS.sub(" ", text))


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to at most ``limit`` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def slugify(text: str, *, max_len: int = SLUG_MAX, fallback: str = "plan") -> str:
    """ASCII, lowercase ``[a-z0-9_]`` slug of ``text``, at most ``max_len`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug[:max_len].rstrip("_") or fallback


def run_tag(run_id: str) -> str:
    """The first letters and digits of a run id (lowercased), used as a plan entity suffix."""
    return "".join(c for c in run_id if c.isascii() and c.isalnum())[:RUN_TAG_LEN].lower()


def wikilink(name: str) -> str:
    """The MemAgent/Obsidian link to an entity."""
    return f"[[entities/{name}.md]]"


def _code_mask(lines: Sequence[str]) -> tuple[list[bool], str | None]:
    """Mark lines inside fenced code blocks (fences included); also return a fence left open."""
    if not any("```" in line or "~~~" in line for line in lines):
        return [False] * len(lines), None  # no fence: a user.md of a thousand links
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
            mask.append(fence is not None)
            continue
        mask.append(True)
        if match and line.strip() == match.group(1):
            run = match.group(1)
            if run[0] == fence[0] and len(run) >= len(fence):
                fence = None
    return mask, fence


def code_mask(lines: Sequence[str]) -> tuple[list[bool], str | None]:
    """Public name of :func:`_code_mask` for the other memory modules."""
    return _code_mask(lines)


def front_matter_end(lines: Sequence[str]) -> int:
    """Index of the first body line after YAML front matter (0 when there is none)."""
    _, body = _split_front_matter(lines)
    return len(lines) - len(body)


def _prose(lines: Sequence[str]) -> list[str]:
    """The lines outside fenced code blocks."""
    mask, _ = _code_mask(lines)
    return [line for line, code in zip(lines, mask, strict=True) if not code]


def demote_headings(markdown: str, *, top_level: int = PLAN_TOP_LEVEL) -> str:
    """Shift ATX headings down so the shallowest becomes ``top_level`` (capped at 6).

    Headings inside fenced code are left alone, and a fence the text leaves open is closed so it
    cannot swallow what follows it in the note.
    """
    lines = markdown.splitlines()
    mask, open_fence = _code_mask(lines)
    levels = [
        len(match.group(1))
        for line, code in zip(lines, mask, strict=True)
        if not code and (match := _HEADING.match(line))
    ]
    shift = max(0, top_level - min(levels)) if levels else 0
    out: list[str] = []
    for line, code in zip(lines, mask, strict=True):
        match = None if code or not shift else _HEADING.match(line)
        if match:
            level = min(6, len(match.group(1)) + shift)
            line = line[: match.start(1)] + "#" * level + line[match.end(1) :]
        out.append(line)
    if open_fence is not None:
        out.append(open_fence)
    return "\n".join(out)


def plan_facts(run_id: str, goal: str, facts: Mapping[str, str]) -> list[tuple[str, str]]:
    """The fact rows of a plan entity: ``run_id`` and ``goal`` first, then ``facts`` in order.

    Keys and values are put on one line; colons are dropped from keys so each row reads back as
    ``key: value``. A given ``run_id`` or ``goal`` fact never overrides the real one.
    """
    rows = [("run_id", one_line(run_id)), ("goal", one_line(goal))]
    seen = {"run_id", "goal"}
    for key, value in facts.items():
        clean = one_line(str(key).replace(":", " "))
        if clean and clean not in seen:
            seen.add(clean)
            rows.append((clean, one_line(str(value))))
    return rows


def render_plan(
    *, goal: str, plan: str, facts: Sequence[tuple[str, str]], links: Sequence[str]
) -> str:
    """The Markdown of a plan entity: title, ``type: plan``, the plan, its facts and links."""
    title = next((one_line(line) for line in goal.splitlines() if line.strip()), "")
    body = demote_headings(plan.strip()) if plan.strip() else "_(empty plan)_"
    parts = [
        f"# {shorten(title, TITLE_MAX) or 'Plan'}",
        "",
        "type: plan",
        "",
        f"{PLAN_INTRO}{shorten(goal, INTRO_MAX)}",
        "",
        "## Plan",
        "",
        body,
        "",
        "## Facts",
        "",
        *(f"- {key}: {value}".rstrip() for key, value in facts),
    ]
    if links:
        parts += ["", "## Links", "", *(f"- {wikilink(name)}" for name in links)]
    return "\n".join(parts) + "\n"


def parse_facts(text: str) -> dict[str, str]:
    """The ``- key: value`` rows under the note's last ``## Facts`` heading (first key wins)."""
    lines = _prose(text.splitlines())
    starts = [i for i, line in enumerate(lines) if _FACTS_HEADING.match(line)]
    if not starts:
        return {}
    facts: dict[str, str] = {}
    for line in lines[starts[-1] + 1 :]:
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) <= 2:
            break
        match = _FACT_LINE.match(line)
        if match:
            facts.setdefault(match.group(1), match.group(2))
    return facts


def _split_front_matter(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split YAML front matter (``---`` ... ``---``) from the body; no front matter -> ``[]``."""
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                return list(lines[1:end]), list(lines[end + 1 :])
    return [], list(lines)


def kind_of(name: str, text: str, folder: str | None = None) -> str:
    """``plan`` for ``plan_`` entities, else the first ``type:`` value, else the note's folder
    (``entities/<folder>/<name>.md``), else ``note``."""
    if name.startswith("plan_"):
        return "plan"
    front, body = _split_front_matter(text.lstrip("\ufeff").splitlines())
    for line in [*front, *_prose(body)]:
        match = _TYPE_LINE.match(line)
        if match:
            return shorten(match.group(1).strip("\"'"), 40) or "note"
    return shorten(folder, 40) if folder else "note"


def title_of(name: str, text: str) -> str:
    """A readable title: the note's first top-level heading (a plan's: its goal), else its
    name. Kept by text (up to a bound): the offline planner asks for the titles of a run's
    memory notes at every iteration."""
    return _kept_title(name, text) if len(text) <= TITLES_KEPT_CHARS else _title(name, text)


@functools.lru_cache(maxsize=256)
def _kept_title(name: str, text: str) -> str:
    return _title(name, text)


def _title(name: str, text: str) -> str:
    _, body = _split_front_matter(text.lstrip("\ufeff").splitlines())
    for line in _prose(body):
        match = _TITLE.match(line)
        if match:
            return shorten(match.group(1), TITLE_MAX) or name
    return name


def listed_title(name: str, kind: str, description: str) -> str:
    """The title a list shows without reading the note: a plan's goal (from its description,
    ``Plan for: <goal>``), else the name."""
    if kind == "plan" and description.startswith(PLAN_INTRO):
        return shorten(description[len(PLAN_INTRO) :], TITLE_MAX) or name
    return name


def describe(name: str, text: str) -> str:
    """The first line of prose (not a heading, ``type:`` line or rule), at most 160 chars."""
    _, body = _split_front_matter(text.lstrip("\ufeff").splitlines())
    for line in _prose(body):
        if not line.strip() or _HEADING.match(line) or _TYPE_LINE.match(line):
            continue
        if _THEMATIC_BREAK.match(line):
            continue
        return shorten(line, DESCRIPTION_MAX)
    return f"Memory entity: {name}"


def is_linked(text: str, name: str) -> bool:
    """Whether ``text`` already has a wikilink to entity ``name`` (with or without ``.md``)."""
    if f"entities/{name}" not in text:
        return False  # (compiling the pattern below costs more than the search)
    pattern = rf"\[\[\s*entities/{re.escape(name)}(?:\.md)?\s*(?:[|#][^\]]*)?\]\]"
    return re.search(pattern, text) is not None


def add_entity_link(text: str, name: str) -> str | None:
    """``text`` (a user.md) with ``- [[entities/<name>.md]]`` added to its entities list.

    Returns ``None`` when the entity is already linked. The link goes after the last non-blank
    line of the first "Entities" section, or into a new section at the end; every other line is
    kept byte for byte, and the file's own line ending (``\\n`` or ``\\r\\n``) is used.
    """
    if is_linked(text, name):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    item = f"- {wikilink(name)}{newline}"
    lines = text.splitlines(keepends=True)
    mask, _ = _code_mask([line.rstrip("\r\n") for line in lines])
    heads = [
        i
        for i, line in enumerate(lines)
        if "#" in line and not mask[i] and _ENTITIES_HEADING.match(line.rstrip("\r\n"))
    ]
    if not heads:
        prefix = text if not text or text.endswith(("\n", "\r")) else text + newline
        gap = newline if prefix.strip() else ""
        return f"{prefix}{gap}## Entities{newline}{newline}{item}"
    head = heads[0]
    end = next(
        (
            i
            for i in range(head + 1, len(lines))
            if "#" in lines[i] and not mask[i] and _HEADING.match(lines[i].rstrip("\r\n"))
        ),
        len(lines),
    )
    filled = [i for i in range(head + 1, end) if lines[i].strip()]
    if not filled:
        if not lines[head].endswith(("\n", "\r")):
            lines[head] += newline
        lines[head + 1 : end] = [newline, item] + ([newline] if end < len(lines) else [])
    else:
        last = filled[-1]
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += newline
        lines.insert(last + 1, item)
    return "".join(lines)


def query_terms(query: str) -> list[str]:
    """The distinct search terms of ``query``: words of 3+ characters, case-folded, in order."""
    words = (word.casefold() for word in _WORD.findall(query))
    return list(dict.fromkeys(word for word in words if len(word) >= MIN_TERM_LEN))
