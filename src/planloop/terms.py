"""Small text helpers the offline planner shares: key terms, stems, clauses, safe Markdown.

Everything here is pure and deterministic. Goal, feedback and memory text is treated as data:
it is flattened to one line before it is placed in a plan, so it can never start a heading or
break a table.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]{2,40}")
# A full stop ends a clause, a decimal point does not ("€1.2k"; found as a user: "€1").
_CLAUSE_SPLIT = re.compile(
    r"(?:[;:!?\n\r]|\.(?![0-9]))+|,\s|\s(?:and|then|while|but|plus)\s|\s[-–—]\s",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"[\\`*_\[\]<>#]")
MIN_TERM_LEN = 4


def vocabulary(*lines: str) -> frozenset[str]:
    """A word set written as whitespace-separated words (easier to read than a long literal)."""
    return frozenset(word for line in lines for word in line.split())


STOPWORDS = vocabulary(
    """
    about above after again against also among another around because been before being below
    between both could does doing down during each either even every from further have having
    here into itself just least like made make making many more most much must need needs
    only other ours over same should some such than that their them then there these they
    this those through under until upon very want wants were what when where which while
    will with within without would your yours into onto plan plans planning goal goals able
    next well want make sure help using used use get got let lets also across still
    days weeks months years hours quarter quarters percent week month year sprint sprints
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday million billion thousand
    dollars euros usd eur gbp
    """
)
# Verbs every goal uses; they say little about what a goal is about, so they are no key terms.
COMMON_VERBS = vocabulary(
    """
    open grow build create launch increase reduce improve reach start hire deliver develop
    achieve ship write raise keep bring turn take give find focus
    """
)

# Key terms that say how, not what: order, size, quality, vagueness. "my first marathon" and
# "billing module first" share "first" and nothing else, and "Open a second bakery" is about
# a bakery: such words never make a note related, nor name what a plan is about. Nor does
# its money: "a marathon … with a budget of £500" was grounded on a house move's plan
# ("… budget £4,500"), its budget and deadline among the data points (a new user's trial).
QUALIFIERS = vocabulary(
    """
    first second third fourth fifth last final next new newer old older small smaller large
    larger big bigger little good better best great whole full half early earlier late later
    own various several thing things stuff part parts time times kind kinds simple quick
    person persons people self word words prem ourselves myself
    budget budgets cost costs total spend spending
    one two three four five six seven eight nine ten eleven twelve dozen
    january february march april june july august september october november december
    """
)


def clean(text: str) -> str:
    """Drop control characters (NUL included) and collapse whitespace to single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


_DANGLING = re.compile(
    r"\s(?:a|an|the|of|to|for|with|and|or|on|in|at|by|from|our|my|its|their)$", re.I
)


def shorten(text: str, limit: int) -> str:
    """``text`` cleaned to one line and cut at a word boundary to at most ``limit`` chars."""
    flat = clean(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
        # not on a word that leads to what was cut off ("… on 19 September 2027 with a…")
        while (m := _DANGLING.search(cut)) is not None and m.start() > limit // 2:
            cut = cut[: m.start()]
    return cut.rstrip(" ,;:-") + "…"


def md_escape(text: str) -> str:
    """Backslash-escape the Markdown characters that could open emphasis, code or links."""
    return _MARKDOWN.sub(r"\\\g<0>", text)


def quote(text: str, limit: int = 140) -> str:
    """Inline quotation of outside text: one line, shortened, Markdown-escaped, in quotes."""
    return f"“{md_escape(shorten(text, limit))}”"


def cell(text: str) -> str:
    """A Markdown table cell: one line, pipes and backslashes escaped."""
    return clean(text).replace("\\", "\\\\").replace("|", "\\|")


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude, deterministic English stem, used only to match words against keywords."""
    w = word.lower()
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix, min_len in (("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if len(w) > min_len and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def words(text: str) -> list[str]:
    """Lower-case words (letters only) in order of appearance."""
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def stems(text: str) -> set[str]:
    """The stems of every word in ``text`` (for membership tests only, never for output)."""
    return {stem(w) for w in words(text)}


# Words that open a goal without saying what it is about ("Plan our …", "Organise the …")
_OPENERS = frozenset({"the", "our", "for", "and", "with", "new", "plan", "organise", "organize"})


def head_words(goal: str, limit: int = 6) -> list[str]:
    """The first words of a goal, which say what it is ("migrate", "wedding" of "Plan our
    wedding …"), lower case, its openers left out."""
    return [w for w in re.findall(r"[a-z]{3,}", goal.lower())[:limit] if w not in _OPENERS]


def same_word(a: str, b: str) -> bool:
    """The same word, or two with the same first five letters ("migration", "migrate")."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


_COUNTED = re.compile(r"\b[0-9]+(?:-[A-Za-z]+)+\b")


def key_terms(text: str, limit: int | None = None) -> list[str]:
    """Distinct words of at least four letters that are neither stopwords nor common verbs.

    Ordered by frequency (most frequent first), ties by first appearance, so the result is
    deterministic for a given text.
    """
    counts: dict[str, int] = {}
    # not the tail of a count's compound: "5-a-side" is not about "side", "a 12-week plan"
    # not about "week" (found by a new user's trial: "centred on “side”")
    for w in words(_COUNTED.sub(" ", text)):
        if len(w) >= MIN_TERM_LEN and w not in STOPWORDS and w not in COMMON_VERBS:
            counts[w] = counts.get(w, 0) + 1
    order = {w: i for i, w in enumerate(counts)}
    ranked = sorted(counts, key=lambda w: (-counts[w], order[w]))
    return ranked if limit is None else ranked[:limit]


# What a goal says is done, not what it is about: "Migrate our billing service" is about
# billing. (Not in COMMON_VERBS: as words of a note, they still ground it.)
DOING = vocabulary(
    "migrate migrating organise organize organising organizing host hosting throw pass passing"
    " renovate renovating publish publishing move moving relocate relocating emigrate"
)


def subject_terms(text: str, limit: int | None = None) -> list[str]:
    """:func:`key_terms` without :data:`QUALIFIERS` and :data:`DOING`: what the text is
    about."""
    found = [t for t in key_terms(text) if t not in QUALIFIERS and t not in DOING]
    return found if limit is None else found[:limit]


def clauses(text: str, limit: int = 5, width: int = 90) -> list[str]:
    """Split a goal into short clauses (the units of work the plan is broken into), each
    cut to about ``width`` characters."""
    flat = clean(text)
    pieces: list[tuple[str, str]] = []  # each clause with the separator after it
    last = 0
    for m in _CLAUSE_SPLIT.finditer(flat):
        if flat.count("(", 0, m.start()) > flat.count(")", 0, m.start()):
            continue  # inside brackets: "(Berlin, 26 September 2027)" is one aside
        pieces.append((flat[last : m.start()], m.group(0)))
        last = m.end()
    pieces.append((flat[last:], ""))
    pieces = _lists_kept_whole(pieces)
    found: list[str] = []
    carry = ""
    for part, sep in pieces:
        piece = (carry + part).strip(" ,-–—'\"")
        carry = ""
        if len(piece.split()) == 1 and sep.strip().lower() in ("and", "plus"):
            carry = piece + sep  # "Write and self-publish a novel": one clause, two verbs
            continue
        if len(piece.split()) >= 2 and piece.lower() not in (p.lower() for p in found):
            found.append(shorten(piece, width))
        if len(found) >= limit:
            break
    return found or [shorten(text, width) or "the stated goal"]


# What begins a noun phrase: after "and" it is one more thing the same verb acts on ("hire
# 3 engineers and a product designer"), not a clause of its own.
_NOUN_OPENER = re.compile(
    r"(?:a|an|the|our|my|their|his|her|its|some|[£$€]?[0-9][\w,.-]*|two|three|four|five|six|seven"
    r"|eight|nine|ten|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b",  # "Tuesdays and Thursdays"
    re.I,
)


def _lists_kept_whole(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pieces joined back where the text lists things one verb acts on: "A and a B" (found
    as a user: "Hire 3 backend engineers and a product designer" planned only the
    engineers) and "A, B and C" ("maths, physics and chemistry exams" kept only maths)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pieces):
        part, sep = pieces[i]
        word = sep.strip().lower()
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if (
            following is not None
            and word in ("and", "plus")
            and (_NOUN_OPENER.match(following[0].strip()) or _names_pair(part, following[0]))
        ):
            part, sep = part + sep + following[0], following[1]
            i += 1
        elif (
            following is not None
            and sep == ", "
            and len(following[0].split()) == 1
            and following[1].strip().lower() == "and"
            and i + 2 < len(pieces)
        ):  # "maths, physics and chemistry exams": one list
            last = pieces[i + 2]
            part = part + sep + following[0] + following[1] + last[0]
            sep = last[1]
            i += 2
        out.append((part, sep))
        i += 1
    return out


def _names_pair(before: str, after: str) -> bool:
    """Two names joined by "and": "on iOS and Android", "in Leeds and York" (found as a
    user: "Android by 1 May 2027 with a marketing budget" was a Should-have of its own)."""
    last, first = before.split()[-1:], after.split()[:1]
    return bool(last and first) and any(c.isupper() for c in last[0]) and first[0][:1].isupper()


def article(word: str) -> str:
    """``word`` with its indefinite article: "a lesson", "an hour", "an item"."""
    sound = word[:1].lower() in "aeiou" and not word.lower().startswith(("us", "uni", "eu", "one"))
    return f"an {word}" if sound or word.startswith("hour") else f"a {word}"


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    seq = list(items)
    if not seq:
        return ""
    if len(seq) == 1:
        return seq[0]
    return f"{', '.join(seq[:-1])} {conjunction} {seq[-1]}"


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like an acronym or a name."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return text
    return text[0].lower() + text[1:]


# "the shed roof needs fixing": what a priority's milestone says is done ("Shed roof fixed")
_NEEDS_DOING = re.compile(r"^(.+?)\s(?:needs|need)\s([a-z]+?)(?:ing)$", re.I)
_DONE = {"dig": "dug", "build": "built", "cut": "cut", "sweep": "swept", "lay": "laid",
         "put": "put", "sort": "sorted"}  # fmt: skip


# "I need a food hygiene certificate" said in a goal is work to do: "Get a food hygiene
# certificate" (a new user's trial: "3.3 I need a food hygiene certificate"); "I need to
# renew my passport" is "Renew my passport"
_NEED = re.compile(
    r"^(?:and\s|but\s|also\s)?(?:I|we)\s(?:will\s|still\s|also\s)?"
    r"(?:need\sto|have\sto|(?P<get>need|must\sget)|must)\s(?=\w)",
    re.I,
)


# "we hire a van for £300", "I will book the hall": a step the person has chosen, said in
# the first person (found as a user: a work package "3.2 we hire a van for £300")
_CHOSEN = re.compile(
    r"^(?:and\s|but\s|also\s|so\s)?(?:I|we)\s(?:will\s|(?:want|plan|are\sgoing)\sto\s)?"
    r"(?=(?:hire|rent|book|buy|order)\b)",
    re.I,
)


def as_task(clause: str) -> str:
    """A goal's clause said as work to do ("I need a …" → "Get a …", "we hire a van" →
    "Hire a van"), else as it is."""
    m = _NEED.match(clause) or _CHOSEN.match(clause)
    if m is None:
        return clause
    rest = clause[m.end() :]
    if m.re is _NEED and m.group("get"):
        return f"Get {rest}"
    return rest[:1].upper() + rest[1:]


def done_form(subject: str) -> str:
    """A priority as its milestone says it is done: "shed roof needs fixing" → "shed roof
    fixed" (found by a new user's trial: "shed roof needs fixing ready"), else "… ready"."""
    m = _NEEDS_DOING.match(subject.strip())
    if m is None:
        return f"{subject} ready"
    verb = m[2].lower()
    verb = verb[:-1] if len(verb) > 3 and verb[-1] == verb[-2] else verb  # "digg" → "dig"
    done = _DONE.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")
    return f"{m[1]} {done}"
