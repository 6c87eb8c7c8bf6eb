"""Reading constraints out of text: money and caps, dates, teams (team.py), quantities
(quantities.py), wishes.

Every pattern is bounded (no nested unbounded repetition), so any text reads in linear
time. A piece of text is read once per source; :func:`gather` reads the goal, edits,
feedback and memory in the order they speak, so the later one holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from datetime import date

from planloop.constraints.away import away_across, none_while_away, paused_until, time_away
from planloop.constraints.bookings import booked
from planloop.constraints.cadence import read_cadence
from planloop.constraints.deadlines import SHIFT, read_dates, shifted
from planloop.constraints.diets import overlaps, read_diets
from planloop.constraints.dropouts import withdrawn
from planloop.constraints.dues import a_things_due
from planloop.constraints.handiwork import read_handiwork, read_kept
from planloop.constraints.holds import held_until, paused_for_a_while
from planloop.constraints.interest import offer_ends, read_rates
from planloop.constraints.itemised import read_itemised
from planloop.constraints.model import Constraint, ConstraintSet, order_of
from planloop.constraints.money import read_money
from planloop.constraints.quantities import read_quantities
from planloop.constraints.ratios import read_ratios, worked_out
from planloop.constraints.recounts import counted_again, duration_again, hires_counted_again
from planloop.constraints.reserves import read_reserves
from planloop.constraints.said_dates import (
    SAID_AS_DUE,
    a_reasons_date,
    a_trades_start,
    sets_the_day,
    the_day_before,
)
from planloop.constraints.secrets import read_secrets, told_secret
from planloop.constraints.setting import (
    read_event_days,
    read_lengths,
    read_notice,
    read_places,
    stays_within,
)
from planloop.constraints.spans import spanned
from planloop.constraints.steps import a_steps_day, later_bounds, said_once
from planloop.constraints.team import read_team
from planloop.constraints.visits import read_visits
from planloop.constraints.weekdays import narrowed, read_days
from planloop.constraints.wishes import read_wishes
from planloop.domain import Feedback, MemoryNote
from planloop.terms import vocabulary

MAX_TEXT = 20_000
READINGS_KEPT = 256  # texts whose constraints are kept (goals, feedback, edits, notes)


def read_text(text: str, source: str, start: date) -> list[Constraint]:
    """Every constraint in one text, in kinds' order, tagged with ``source``."""
    return list(_read(text[:MAX_TEXT], source, start))


@functools.lru_cache(maxsize=READINGS_KEPT)
def _read(text: str, source: str, start: date) -> tuple[Constraint, ...]:
    """:func:`read_text`, once per text: a run's goal and feedback are read at every
    iteration, by the planner and by the checks (constraints are frozen, so shared)."""
    # one thing read twice is one ("2 lessons a week" after a price, and as a count)
    return tuple(dict.fromkeys(_read_all(text, source, start)))


# "rent under €2,500 a month", "catering under €90 per guest": a cap to stay below
_BELOW = re.compile(r"\b(?:under|below|less\sthan)\s(?:[A-Z]{3}\s?)?[^\s\d]?\s?\d", re.I)


def _kept_below(c: Constraint) -> Constraint:
    """A cap per unit or period said as one to stay under, marked so (found as a user:
    "keep rent under EUR 2,500 a month" made six months at €2,500, "at most" in its words)."""
    if c.kind in ("unit_cap", "period_cap") and not c.below and _BELOW.search(c.text):
        return c.model_copy(update={"below": True})
    return c


def _read_all(text: str, source: str, start: date) -> list[Constraint]:
    text = text[:MAX_TEXT].replace("\x00", " ")
    if not text.strip():
        return []
    taken = bytearray(len(text))
    found = read_reserves(text, source, taken) + read_itemised(text, source, taken)
    found += [_kept_below(c) for c in read_money(text, source, taken)]
    found += read_ratios(text, source, taken)  # before the counts: "per 50 runners" is none
    lengths = read_lengths(text, source, taken)
    found += lengths
    found += read_notice(text, source, taken)
    # their length is the one said; with a length said, "from 21 May" is the event's day
    event_days, said = read_event_days(text, source, start, lasting=bool(lengths))
    for span in said:
        taken[span.start : span.stop] = b"\x01" * len(span)
    found += event_days
    found += read_dates(text, source, start, [*said, *offer_ends(text)])  # not "0% until …"
    if source != "goal":
        found = [c for c in found if not held_until(c, text)]
        found += away_across(text, source, start, found) + paused_until(text, source, start)
    found += read_team(text, source, taken)
    spans = " ".join(c.text.lower() for c in found if c.kind == "deadline")
    found += [c for c in read_places(text, source) if not _of_a_thing_ruled_out(c, text)]
    found += read_days(text, source) + read_cadence(text, source) + read_rates(text, source, start)
    found += read_visits(text, source)
    wishes = read_wishes(text, source) + (booked(text, source, start) if source != "goal" else [])
    # "no nuts please" is a food rule, not also a thing left out
    diets = read_diets(text, source)
    twice = [w for w in wishes if w.kind == "exclusion" and any(overlaps(w, d) for d in diets)]
    # "don't tell Aunt Sue": who is not to know, not a thing left out (secrets.py)
    twice += [w for w in wishes if w.kind == "exclusion" and told_secret(w.text)]
    wishes = (
        [w for w in wishes if w not in twice]
        + diets
        + read_handiwork(text, source)
        + read_kept(text, source)
        + read_secrets(text, source)
    )
    # a goal's too with a day of its own besides: "… due 31 January; Tom needs them by 10 January"
    if source != "goal" or sum(c.kind == "deadline" for c in found) > 1:
        found, wishes = _their_dates(found, wishes)
    found, wishes = _task_dates(found, wishes)
    # "no flights over 3 hours" bounds the flights: its "3 hours" is not a quantity of the plan
    bounds = " ".join(c.text.lower() for c in wishes if c.kind == "exclusion")
    found += [
        q
        for q in read_quantities(text, source, taken)
        if not (q.unit in ("day", "week", "month") and q.text.lower() in spans)
        and q.text.lower() not in bounds
    ]
    return found + wishes


_RULED_OUT_BEFORE = re.compile(r"\b(?:no|not|without|never|skip|drop)\b[^.;,!?]{0,30}$", re.I)


def _of_a_thing_ruled_out(c: Constraint, text: str) -> bool:
    """A place said of what is ruled out is not where the plan moves: "no car hire in
    Lisbon" (found by a new user's trial: a holiday in Portugal became one in Lisbon)."""
    at = text.find(c.text)
    return c.source != "goal" and at > 0 and _RULED_OUT_BEFORE.search(text[:at]) is not None


def _their_dates(
    found: list[Constraint], wishes: list[Constraint]
) -> tuple[list[Constraint], list[Constraint]]:
    """A date in what a named person will do is that task's, not the plan's: "Maria Costa
    … will pick the repertoire by 10 January" (found by a new user's trial: the concert
    moved to 10 January). The task is asked for, due then."""
    members = [c for c in found if c.kind == "member"]
    dated: list[Constraint] = []
    for due in [c for c in found if c.kind == "deadline" and c.when is not None]:
        who = next((m for m in members if due.text.lower() in m.role.lower()), None)
        if who is None or not SAID_AS_DUE.match(due.text):
            continue
        task = who.role.lower().replace(due.text.lower(), "").strip(" ,")
        task = re.sub(r"^(?:will|can|should)\s", "", task)
        # "my accountant Tom Reid needs them by 10 January": them sent to Tom, by then
        if needs := re.match(r"(?:needs?|wants?)\s(.+)$", task):
            task = f"send {needs.group(1)} to {who.name}"
        dated.append(due)
        wishes.append(
            Constraint(kind="addition", text=f"{who.name}: {task} {due.text}", source=due.source,
                       subject=task, when=due.when)
        )  # fmt: skip
    return [c for c in found if all(c is not d for d in dated)], wishes


def _task_dates(
    found: list[Constraint], wishes: list[Constraint]
) -> tuple[list[Constraint], list[Constraint]]:
    """A date inside a task asked for is the task's, not the plan's: "add a task:
    photograph 30 pieces by April" moved the whole plan's deadline to April. So are a place
    and a length: "also book a hotel in Leeds for the volunteers" moved the race to Leeds."""
    asked = [w.text.lower() for w in wishes if w.kind == "addition"]
    found = [
        c
        for c in found
        if c.kind not in ("place", "length") or not any(c.text.lower() in a for a in asked)
    ]
    owned: dict[int, Constraint] = {}
    dated: list[Constraint] = []
    for w in wishes:
        if w.kind == "addition":
            said = w.text.lower()
            due = next((c for c in found if c.kind == "deadline" and c.text.lower() in said), None)
            if due is not None:
                owned[id(due)] = due
                w = w.model_copy(update={"when": due.when})
        dated.append(w)
    return [c for c in found if id(c) not in owned], dated


def gather(
    goal: str,
    start: date,
    feedback: Sequence[Feedback] = (),
    edits: Sequence[str] = (),
    memory: Sequence[MemoryNote] = (),
) -> ConstraintSet:
    """The constraints of a run so far; later sources are later in the list and win."""
    sources: list[tuple[str, str]] = [
        (f"memory:{n.name}", _own_words(n.text)) for n in memory if not _GENERATED.search(n.text)
    ]
    sources.append(("goal", goal))
    sources += [(f"edit:{i}", text) for i, text in enumerate(edits, start=1)]
    sources += [(f"feedback:{fb.checkpoint}", fb.text) for fb in feedback if fb.text.strip()]
    items: list[Constraint] = []
    for source, text in sorted(sources, key=lambda s: order_of(s[0])):
        found = read_text(text, source, start)
        if source.startswith("memory:"):  # background: never the run's own budget or dates
            found = [c for c in found if c.kind in _FROM_MEMORY]
        items += found
    said_in = dict(sources)
    # a goal's own time away needs a day of its own besides: "…; the pool is closed 1-14 June"
    dated_goal = sum(c.kind == "deadline" and c.source == "goal" for c in items) > 1
    items = [time_away(c, said_in.get(c.source, ""), start, goal, dated_goal) for c in items]
    items = [a_things_due(c, said_in.get(c.source, ""), dated_goal) for c in items]
    items = said_once([a_steps_day(c, said_in.get(c.source, ""), goal) for c in items])
    items = [c for c in items if sets_the_day(c, said_in.get(c.source, ""), goal)]
    items = [the_day_before(c, said_in.get(c.source, "")) for c in items]
    items = [a_trades_start(c, said_in.get(c.source, "")) for c in items]
    items = [c for c in items if not a_reasons_date(c, items, said_in.get(c.source, ""))]
    items = [c for c in items if not paused_for_a_while(c, said_in.get(c.source, ""), goal)]
    items = none_while_away(items, said_in)  # "away 2-16 August with no running"
    items = _the_goals_own(_opening_month(_a_start_month(items, goal), goal), goal)
    items = _before_the_deadline(_moved(items))
    items = later_bounds(items, said_in)  # "before Mother's Day" of a shop due 1 March
    items = counted_again(hires_counted_again(items, said_in), said_in, goal)
    items = duration_again(items, said_in, start)  # "make it 6 months" of "within 4 months"
    items = stays_within(narrowed(withdrawn(items, said_in)), said_in)
    starts = [c for c in items if c.kind == "start" and c.when and not c.scope]
    begin = starts[-1].when if starts and starts[-1].when else start
    if begin != start:  # durations count from the stated start
        items = [_recount(c, start, begin) for c in items]
    items = [*worked_out(items), *spanned(items, begin, goal)]
    return ConstraintSet(start=begin, items=items, made_on=start if begin > start else None)


def _the_goals_own(items: list[Constraint], goal: str) -> list[Constraint]:
    """A step a reviewer wants by a date (an addition ``scope="wanted"``) that names what
    the goal makes ("I want to open the shop by March" for "Open a shop") moves the
    deadline; "a soft launch" of a shop, or "a SQL course" of a job search, does not."""
    made = set(re.findall(r"[a-z]{4,}", goal.lower())) - _DOING
    out = []
    for c in items:
        wanted = c.kind == "addition" and c.scope == "wanted" and c.when is not None
        if wanted and made & set(re.findall(r"[a-z]{4,}", c.subject)):
            c = Constraint(kind="deadline", text=c.text, source=c.source, when=c.when)
        out.append(c)
    return out


_DOING = vocabulary(
    "launch open start finish complete hold make build plan take have done soft first test"
)


_STARTED = re.compile(r"^\s*(?:start|begin|set\s+up)\b", re.I)
_IN_A_MONTH = re.compile(r"^in\s(?!.*\b(?:days?|weeks?|months?|years?)\b)", re.I)


def _a_start_month(items: list[Constraint], goal: str) -> list[Constraint]:
    """The month a goal says something starts in: "Start an after-school chess club at the
    primary school in January 2027" starts on 1 January (found by a new user's trial: the
    club ended in January, its two meetings before it)."""
    said = [c for c in items if c.kind == "deadline" and c.source == "goal"]
    if not _STARTED.match(goal) or len(said) != 1 or not _IN_A_MONTH.match(said[0].text):
        return items
    when = said[0].when
    begins = when.replace(day=1) if when is not None else None
    return [
        c.model_copy(update={"kind": "start", "when": begins}) if c is said[0] else c for c in items
    ]


# a club set up meets from then; a course taught "starting in April" has its first session
_OPENED = re.compile(r"^\s*(?:launch|open|teach)\b", re.I)


def _opening_month(items: list[Constraint], goal: str) -> list[Constraint]:
    """What a goal opens, "starting in March", opens then: the work before it starts now
    (found as a user: "Launch a weekly farmers' market stall …, starting in March" was
    prepared from 1 March, its first market day in June)."""
    opens = [c for c in items if c.kind == "start" and c.source == "goal" and c.when]
    if not _OPENED.match(goal) or len(opens) != 1:
        return items
    said = opens[0]
    out = [c for c in items if c is not said]
    due = [c for c in out if c.kind == "deadline" and c.source == "goal"]
    if not due:  # "from 15 March"
        return [c.model_copy(update={"kind": "deadline"}) if c is said else c for c in items]
    if any(c.text.lower() not in said.text.lower() for c in due):
        return items  # "from April, and run it for a year": the year counts from April
    return [
        c.model_copy(update={"text": said.text, "when": said.when})
        if c.kind == "deadline" and c.source == "goal" and c.text.lower() in said.text.lower()
        else c
        for c in out
    ]


def _before_the_deadline(items: list[Constraint]) -> list[Constraint]:
    """Without a start on or after the deadline in force: such a day is about something
    else ("my parents are visiting from 1 May, so it has to be finished by 25 April"; found
    as a user: every milestone fell on the deadline, in a plan from 1 May to 25 April)."""
    due = [c.when for c in items if c.kind == "deadline" and c.when and not _counted(c)]
    if not due:
        return items
    return [c for c in items if not (c.kind == "start" and c.when and c.when >= due[-1])]


def _moved(items: list[Constraint]) -> list[Constraint]:
    """Each shift of the day ("postpone it by two weeks") made the deadline it moves to,
    from the deadline that held when it was said; a shift with no day to move is dropped."""
    out: list[Constraint] = []
    held: Constraint | None = None
    for said in items:
        c = shifted(said, held) if said.kind == "deadline" and said.unit == SHIFT else said
        if c is None:
            continue
        if c.kind == "deadline":
            held = c
        out.append(c)
    return out


_FROM_MEMORY = ("member", "unit_cap")
# A plan planloop wrote and saved (memory/plan_entity.py): its text is no one's constraint.
_GENERATED = re.compile(r"^type:\s*plan\s*$", re.MULTILINE | re.IGNORECASE)


def _own_words(text: str) -> str:
    """A note's prose: tables and headings are structure, not statements."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("|", "#")))


def _counted(c: Constraint) -> bool:
    """A deadline said as a time from the start ("in 12 weeks"), not as a day."""
    return bool(re.match(r"(?:within|in|over|inside)\b|[0-9]", c.text))


def _recount(c: Constraint, start: date, begin: date) -> Constraint:
    if c.kind != "deadline" or c.when is None or not _counted(c):
        return c
    return c.model_copy(update={"when": begin + (c.when - start)})


def sources_of(items: Iterable[Constraint]) -> list[str]:
    return list(dict.fromkeys(c.source for c in items))


# Where a text's clauses part: a sentence's end, ", and", "; ", ", we …"
_CLAUSES = re.compile(
    r"(?<=[.!?;])\s+|,\s(?:and|but|so|while)\s|;\s|\s(?:and\salso|also)\s"
    r"|,\s(?=(?:I|I['’]d|I['’]m|we|we['’]d|we['’]re|you|they|he|she|it|my|our|their"
    r"|one\sof)\s)",
    re.I,
)


def unread(text: str, read: Sequence[Constraint]) -> list[str]:
    """The clauses of ``text`` (of three words or more) no constraint was read from."""
    said = [c.text.lower() for c in read if c.text]
    out = []
    for clause in _CLAUSES.split(text):
        plain = clause.strip().rstrip(".!?;,").strip()
        low = plain.lower()
        words = set(low.split())
        # read whether said in its words or in others around them ("The recruiter fee budget
        # is EUR 25,000" of "recruiter fee budget EUR 25,000": found as a user, it was both
        # applied and "no budget … read in it")
        if len(plain.split()) >= 3 and not any(
            t in low or low in t or set(t.split()) <= words for t in said
        ):
            out.append(plain)
    return out
