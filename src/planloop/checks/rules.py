"""The plan checker: a plan's Markdown checked against its constraints. Pure, no I/O.

It reads what any planner writes: Markdown tables. A table with an owner and a date column
is a milestone table; a table with an amount column is a budget (its "Total" row is the
stated sum); a table with a period and a spend column is the spend by month. Each check
returns ``pass`` or ``flag`` with a message and the sections concerned. A plan that has no
such table is flagged, not failed: the person sees what could not be verified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from planloop.checks import budget
from planloop.checks.markdown import Table, cell_date, sections, tables
from planloop.checks.schedule import date_checks, milestone_tables
from planloop.constraints import Constraint, ConstraintSet, gather, unread
from planloop.constraints.dates import no_such_day
from planloop.constraints.dropouts import withdrawal
from planloop.constraints.model import order_of
from planloop.domain import Feedback, MemoryNote, PlanCheck
from planloop.terms import clean, join_words, vocabulary

_STALE = (
    (
        "has_team",
        ("no team named", "who does the work", "resources not stated", "people: not stated"),
    ),
    ("budget", ("no budget stated", "what is the budget")),
    (
        "deadline",
        ("no deadline stated", "twelve weeks assumed", "no date yet", "by when must this be done"),
    ),
)
_NEGATED = re.compile(
    r"\b(no|not|without|won't|never|exclud\w*|avoid\w*|rule[sd]?(?: it| them)? out|left out"
    r"|free of)\b",
    re.I,
)
# A bold or heading line opens a list; a "Won't have" one lists what the plan leaves out.
_LIST_HEAD = re.compile(r"^\s*(\*\*|#)")
_WONT_HAVE = re.compile(r"^[\s*#]*won['’]t have", re.I)
_FILLER = vocabulary("on in at the a an any of for to with and or")
_QUOTED = ("Reviewer direction", "Constraints", "Feedback applied", "Data points", "Revision log")


class _Context(Protocol):
    @property
    def memory(self) -> Sequence[MemoryNote]: ...

    @property
    def started_on(self) -> date | None: ...


@dataclass(frozen=True)
class Seen:
    """What an iteration's planner saw besides the goal and the feedback: the run's memory
    and its start. All of the context the checks need, and small enough to hand to a plan
    process (planloop.plan_processes), where the whole iteration context is not."""

    memory: Sequence[MemoryNote] = ()
    started_on: date | None = None


def check_iteration(
    goal: str, plan: str, feedback: Sequence[Feedback], ctx: _Context
) -> list[PlanCheck]:
    """The checks of one iteration's plan, with the constraints its planner saw."""
    start = ctx.started_on or date.today()
    given = [fb for fb in feedback if clean(fb.text)]
    cs = gather(goal, start, given, memory=ctx.memory)
    said_at: dict[int, str] = {}
    for fb in given:
        said_at[fb.checkpoint] = f"{said_at.get(fb.checkpoint, '')} {fb.text}".strip()
    return check_plan(plan, cs, sorted(said_at), said_at)


def check_plan(
    plan: str,
    cs: ConstraintSet,
    checkpoints: Sequence[int] = (),
    said_at: dict[int, str] | None = None,
) -> list[PlanCheck]:
    """Every check of ``plan`` against ``cs``; ``checkpoints`` are those with feedback,
    ``said_at`` what each said (for what was not read from it)."""
    found = tables(plan)
    return [
        budget.within_total(found, cs),
        budget.caps(found, cs, {"Budget": sections(plan).get("Budget", "")}),
        *date_checks(found, cs),
        _owners(found),
        _feedback(plan, cs, checkpoints, said_at or {}),
        _contradictions(plan, found, cs),
    ]


_MILESTONE_ID = re.compile(r"^M\d{1,3}$")


def _owners(found: list[Table]) -> PlanCheck:
    missing: list[str] = []
    where: list[str] = []
    seen: set[tuple[str, str]] = set()  # a milestone shown in two tables is one milestone
    for t in milestone_tables(found):
        owner, title = t.col("owner"), t.col("milestone")
        if owner is None or title is None:
            continue
        date_col = t.col("date", "due")
        for r in t.rows:
            where.append(t.section)
            who = r[owner] if len(r) > owner else ""
            when = r[date_col] if date_col is not None and len(r) > date_col else ""
            # "M1" keys a row wherever it is; else its title does
            named = r[title] if len(r) > title else ""
            key = (next((c for c in r if _MILESTONE_ID.match(c)), named), when)
            if key in seen:
                continue
            seen.add(key)
            if not who.strip(" —-") or not when.strip(" —-"):
                missing.append(r[0])
    n = len(seen)
    if not n:
        return PlanCheck.of(
            "milestones_owned_and_dated", False, "No milestone table with owners found."
        )
    ok = not missing
    msg = (
        f"All {n} milestones have an owner and a date."
        if ok
        else "Missing owner or date: " + ", ".join(missing[:6]) + "."
    )
    return PlanCheck.of("milestones_owned_and_dated", ok, msg, where)


def _own_sections(plan: str) -> list[tuple[str, str]]:
    """The sections that say what the plan does, not what was said to it."""
    return [(t, b) for t, b in sections(plan).items() if t not in _QUOTED]


def _outside_quotes(plan: str) -> str:
    return "\n".join(b for _, b in _own_sections(plan)).lower()


# a number, a month or a weekday, or a name after a clause's first word: what a plan that
# applied the clause shows in its own sections
_SPECIFIC = re.compile(
    # a number with its unit as said ("8p", "4 pages"), as a plan that used it would say it
    r"(?:[0-9][0-9,.]*[0-9]|[0-9])(?:[a-z]{1,3}\b|\s(?!(?:not|and|or|to|a|an|the|of|by|in|on"
    r"|at|for|each|per|is|are)\b)[a-z]{3,12})?"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?<=\w\s)(?!I\b)[A-Z][a-z]{2,}"
)


def _shown(token: str, body: str) -> bool:
    """Whether ``token`` (a number, a day, a name) is in ``body`` as a word of its own."""
    return re.search(rf"(?<![\w.,-]){re.escape(token.lower())}(?![\w])", body) is not None


def _feedback(
    plan: str, cs: ConstraintSet, checkpoints: Sequence[int], said_at: dict[int, str]
) -> PlanCheck:
    body = _outside_quotes(plan)
    missing: list[str] = []
    unchecked: dict[int, list[str]] = {}  # feedback nothing was read from: who answers it
    for k in checkpoints:
        said = cs.from_source(f"feedback:{k}")
        if not said:
            where = [t for t, b in sections(plan).items() if f"checkpoint {k}" in b.lower()]
            if where or f"checkpoint {k}" in plan.lower():
                unchecked[k] = where
            else:
                missing.append(f"checkpoint {k} feedback is neither applied nor declined")
        for c in said:
            if c.kind == "exclusion":  # reflected by what the plan leaves out
                if any(_plans(t, b.lower(), c) for t, b in _own_sections(plan)):
                    missing.append(f"{c.kind} “{c.text}” ({c.source})")
                continue
            key = {
                "member": c.name,
                "team": c.role,
                "priority": c.subject,
                "focus": c.subject,
                "addition": c.subject,
            }.get(c.kind, "")
            if c.kind in ("budget", "unit_cap", "period_cap", "line_cap", "price_cap") and c.money:
                key = f"{c.money.amount:,.0f}"
            if c.kind == "deadline" and c.when:
                key = c.when.isoformat() if cs.deadline is c else ""
            if key and key.lower() not in body:
                missing.append(f"{c.kind} “{c.text}” ({c.source})")
    if not checkpoints:
        return PlanCheck.of("feedback_reflected", True, "No feedback yet.")
    if missing:
        return PlanCheck.of(
            "feedback_reflected", False, "Not reflected: " + "; ".join(missing[:6]) + "."
        )
    # a day no month has moves nothing (found as a user: "31 February" passed unremarked),
    # until a later checkpoint says a day that is one
    due = cs.deadline
    later = order_of(due.source) if due is not None else (0, 0)
    odd = [(k, d) for k in checkpoints if (d := no_such_day(said_at.get(k, "")))]
    if none := [(k, d) for k, d in odd if later <= order_of(f"feedback:{k}")]:
        days = "; ".join(f"“{d}” (checkpoint {k})" for k, d in none)
        return PlanCheck.of(
            "feedback_reflected", False, f"Not a day of the calendar, so no date moved: {days}."
        )
    # Feedback nothing was read from passes when the plan answers it, but is not called
    # reflected: nothing could be checked (found as a user: "no framework or number matched
    # it" passed as "Feedback of 1 checkpoint(s) is reflected in the plan").
    checked = [str(k) for k in checkpoints if k not in unchecked]
    told = [
        f"The feedback of checkpoint{'s' if len(checked) > 1 else ''} {join_words(checked)} "
        "is reflected in the plan."
    ][: 1 if checked else 0]
    # what was not read from it could not be checked: said, not passed over (found as a
    # user: "reflected" of feedback whose person and dates the plan ignored)
    # ... but a drop-out was read: "Alex cannot do the cake any more" leaves Alex no part
    gone = {m.name for m in cs.members}
    skipped = [
        c
        for k in checked
        for c in unread(said_at.get(int(k), ""), cs.items)
        if (who := withdrawal(c)) is None or who in gone
    ]
    # one with a number, a day or a name in it asked for something the plan does not show:
    # a flag, not a pass (found as a user: "8p a page", "Advertise on Indeed" ignored, ✓)
    own = re.sub(r"“[^”]*”", " ", body)  # not where a section quotes the feedback back
    specific = [c for c in skipped if any(not _shown(t, own) for t in _SPECIFIC.findall(c))]
    if specific:
        quoted = "; ".join(f"“{c}”" for c in specific[:4])
        return PlanCheck.of(
            "feedback_reflected",
            False,
            f"Not read, so not applied: {quoted}. Say it as a budget, date, person or limit,"
            " or edit the plan.",
        )
    skipped = [f"“{c}”" for c in skipped]
    if skipped:
        told[0] = told[0].removesuffix(".") + (
            f" as far as it was read; not read, so not checked: {'; '.join(skipped[:4])}."
        )
    told += [
        f"Nothing to check was read from checkpoint {k}'s feedback (no budget, date, person "
        "or limit); the plan answers it" + (f" in {join_words(where)}." if where else ".")
        for k, where in unchecked.items()
    ]
    return PlanCheck.of(
        "feedback_reflected", True, " ".join(told), [t for w in unchecked.values() for t in w]
    )


def _date_clashes(found: list[Table], cs: ConstraintSet) -> list[tuple[str, list[str]]]:
    """Milestones two tables date differently: the same id and title ("M7", "Event day"),
    two dates (a person's edited Schedule moved a date the planner's Milestones and
    critical path still has). A renamed or renumbered milestone is not compared."""
    first: dict[tuple[str, str], tuple[date, str]] = {}
    out: list[tuple[str, list[str]]] = []
    for t in milestone_tables(found):
        dates_at = t.col("date", "due")
        if dates_at is None:
            continue
        for r in t.rows:
            # the id ("M7") and the title in the cell after it, whatever the headers say
            at = next((i for i, c in enumerate(r[:dates_at]) if _MILESTONE_ID.fullmatch(c)), None)
            if at is None or at + 1 >= dates_at or len(r) <= dates_at:
                continue
            when = cell_date(r[dates_at], cs.start)
            if when is None:
                continue
            key = (r[at], " ".join(r[at + 1].lower().split()))
            seen = first.setdefault(key, (when, t.section))
            if seen[0] != when:
                out.append(
                    (
                        f"{r[at]} “{r[at + 1]}” is {seen[0].isoformat()} in {seen[1]} but"
                        f" {when.isoformat()} in {t.section}",
                        [seen[1], t.section],
                    )
                )
    return out


_MILESTONE_ID = re.compile(r"M[0-9]{1,3}")


def _contradictions(plan: str, tabled: list[Table], cs: ConstraintSet) -> PlanCheck:
    found: list[str] = []
    where: list[str] = []
    for clash, sections_of in _date_clashes(tabled, cs):
        found.append(clash)
        where += sections_of
    facts = {
        "has_team": cs.has_team,
        "budget": cs.budget is not None,
        "deadline": cs.deadline is not None,
    }
    for title, body in sections(plan).items():
        if title in _QUOTED:
            continue
        low = body.lower()
        for fact, phrases in _STALE:
            for phrase in phrases:
                if facts[fact] and phrase in low:
                    found.append(f"“{phrase}” in {title}")
                    where.append(title)
        for c in cs.exclusions:
            if _plans(title, low, c):
                found.append(f"excluded “{c.subject}” planned in {title}")
                where.append(title)
    ok = not found
    msg = "No section contradicts the constraints." if ok else "; ".join(found[:6]) + "."
    return PlanCheck.of("no_contradictions", ok, msg, where)


_FREE_OF = re.compile(r"\b[a-z]+(?:-\sand\s[a-z]+)?[\s-]free\b")


def _plans(title: str, low: str, c: Constraint) -> bool:
    """Whether a section (its lowered body) plans what exclusion ``c`` rules out: a line
    naming every word of it, not negated, not quoted, not in a "Won't have" list."""
    if c.scope == "budget" and "budget" not in title.lower():
        return False  # given or paid by others: planned, but not as spending
    if c.scope == "secret":
        return False  # a person the plan is kept from, named to keep it from them
    words = [w.rstrip("s") for w in c.subject.split() if w not in _FILLER]
    if not words:
        return False
    left_out = False  # within a "Won't have" list
    for line in low.splitlines():
        if c.scope == "diet":  # a food rule: "all food nut-free" plans no nuts (diets.py)
            line = _FREE_OF.sub("", line)
        if c.scope == "self" and re.search(r"\b(?:ourselves|myself)\b", line):
            continue  # the household's own task (constraints/handiwork.py)
        if c.scope == "kept" and re.search(r"\b(?:old|existing|current|original)\b", line):
            continue  # what is kept, refreshed: "repaint the old cabinets" (handiwork.py)
        if _LIST_HEAD.match(line):
            left_out = bool(_WONT_HAVE.match(line))
        if (
            not left_out
            and all(re.search(rf"\b{re.escape(w)}", line) for w in words)
            and not _NEGATED.search(line)
            and "“" not in line
        ):
            return True
    return False
