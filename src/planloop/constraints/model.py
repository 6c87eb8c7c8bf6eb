"""The typed constraints of a plan and the set that answers "which one holds now"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal[
    "budget",  # the total budget
    "period_cap",  # a cap per period ("first month under EUR 5,000", "€800 a month")
    "unit_cap",  # a cap per unit ("60 € a guest"); multiplied by the matching quantity
    "line_cap",  # a cap on one thing the money buys ("keep catering under £3k")
    "price_cap",  # a price the plan charges, capped or set ("stall fees under €40"): income
    "deadline",
    "start",
    "member",  # a named person and their role ("Ana leads the opening")
    "team",  # a counted team ("2 customer success managers")
    "quantity",  # a number with a unit (guests, km, weeks, locations)
    "exclusion",  # "no discounts", "without a loan"
    "allowance",  # "a band is fine after all": lifts an earlier exclusion of the same thing
    "priority",  # "billing module first", "start with the kitchen"
    "focus",  # "focus on retention"
    "addition",  # "add a judging rubric": a task the plan gains
    "place",  # where it happens ("in Leeds"); the latest said holds ("in York instead")
    "length",  # how long the event lasts ("a 3-day hackathon"): number and unit
    "notice",  # a notice period to give on what is left ("two months' notice"): number, unit
    "days",  # the weekdays left for the work ("only Saturdays"): subject names them
    "passed",  # a date said that is already past ("on 1 December 2026" said later): no deadline
    "away",  # days the person is away ("I'm away skiing 13-20 February"): no work on them
    "cadence",  # how often it recurs, asked to change ("make it fortnightly"): unit says it
    "rate",  # an interest rate said of what is owed ("29% APR"): number, % a year
    "reserve",  # kept back as contingency ("keep £1,000 back"): money, or number (unit %)
    "ratio",  # people per what they serve ("one marshal per 50 runners"): ratios.py
]


class Money(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: float
    currency: str = ""  # "€", "$", "EUR " …

    def text(self) -> str:
        return f"{self.currency}{self.amount:,.0f}"


class Constraint(BaseModel):
    """One constraint, as written and as understood, with its source. Frozen: what a text
    says is read once and shared (planloop.constraints.extract)."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    text: str  # the words it was read from
    source: str  # goal, feedback:n, edit:n, memory:<entity>
    money: Money | None = None
    unit: str = ""  # the cap's unit or period ("guest", "month"), the quantity's unit
    # a period cap's scope ("first month"); a distance's ("week", "run"); "budget" for an
    # exclusion from the budget only (what others give or pay for still happens); "price"
    # for a line's price said as a fact ("the venue costs £120"), which the line is
    scope: str = ""
    number: float | None = None  # a quantity or a team's head count
    when: date | None = None  # a deadline or a start; the last day of a time away
    first: date | None = None  # the first day of a time away
    name: str = ""  # a member's name, a place's
    role: str = ""  # a member's or a team's role
    subject: str = ""  # what an exclusion, priority or focus is about
    # a quantity said to change an earlier count of its unit ("the guest list is now 25
    # kids"); one said without it after another ("3 guests are vegetarian") counts a part
    replaces: bool = False
    # a budget said as one to stay under ("for under £100", "below €40k"): the plan's total
    # is kept below it, not at it (found as a user: "under £100" got lines summing to £100)
    below: bool = False

    @property
    def bound(self) -> str:
        """How a cap is said: "under" one to stay below, else "at most"."""
        return "under" if self.below else "at most"

    @property
    def spend(self) -> float | None:
        """What a budget lets the plan spend: its amount, or for one to stay under a round
        step below it (£99 of "under £100", £14,900 of "under £15,000")."""
        if self.money is None:
            return None
        amount = self.money.amount
        if not self.below or amount < 10:
            return amount
        return amount - 10.0 ** max(0, len(str(int(amount))) - 3)


_SEASON = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", re.I)
_RANK_PREFIX = ("memory:", "goal", "proposal", "edit:", "feedback:")


def order_of(source: str) -> tuple[int, int]:
    """How late a source speaks: memory, the goal, edits, then feedback by checkpoint."""
    for i, prefix in enumerate(_RANK_PREFIX):
        if source.startswith(prefix):
            tail = source[len(prefix) :]
            return (i, int(tail) if tail.isdigit() else 0)
    return (len(_RANK_PREFIX), 0)


class ConstraintSet(BaseModel):
    """Every constraint known, in the order they were said (later sources last)."""

    start: date
    items: list[Constraint] = Field(default_factory=list)
    # the day the plan is made, where a stated start ("from February 2027") is later: what
    # is prepared before that start (a club's members and room) is dated from it
    made_on: date | None = None

    def of(self, *kinds: Kind) -> list[Constraint]:
        return [c for c in self.items if c.kind in kinds]

    def latest(self, kind: Kind) -> Constraint | None:
        """The one that holds: the last said (feedback after the goal, later after earlier).
        Of the goal's own deadlines the last day: "the Lisbon Half on 14 March 2027 in 12
        weeks", "defend by 30 June; the full draft by 15 April" end with the race and the
        defence (a new user's trial: each ended on the date said last)."""
        found = self.of(kind)
        if kind == "deadline" and found and found[-1].source == "goal":
            # a season is what the work is for, a day said beside it its deadline ("ready for
            # spring planting by 15 March 2027")
            dated = [c for c in found if c.when and not _SEASON.search(c.text)]
            return max(dated, key=lambda c: c.when or date.min) if dated else found[-1]
        return found[-1] if found else None

    @property
    def budget(self) -> Constraint | None:
        return self.latest("budget")

    @property
    def deadline(self) -> Constraint | None:
        return self.latest("deadline")

    @property
    def reserve(self) -> Constraint | None:
        """The contingency kept back, as said last (an amount, or a share of the budget)."""
        return self.latest("reserve")

    def kept_back(self, total: float) -> float | None:
        """The contingency said, in money, of a budget of ``total``."""
        said = self.reserve
        if said is None:
            return None
        return said.money.amount if said.money else total * (said.number or 0) / 100

    @property
    def place(self) -> Constraint | None:
        return self.latest("place")

    @property
    def length(self) -> Constraint | None:
        return self.latest("length")

    @property
    def notice(self) -> Constraint | None:
        return self.latest("notice")

    @property
    def end(self) -> date | None:
        d = self.deadline
        return d.when if d else None

    @property
    def members(self) -> list[Constraint]:
        """Named people, one per name: the latest role said for each."""
        return _latest_per(self.of("member"), lambda c: c.name.lower())

    @property
    def teams(self) -> list[Constraint]:
        """Counted teams, one per role: the latest count said for each."""
        return _latest_per(self.of("team"), lambda c: c.role)

    @property
    def has_team(self) -> bool:
        return bool(self.members or self.teams)

    def quantity(self, unit: str, scope: str | None = None) -> Constraint | None:
        """The quantity counted in ``unit`` (singular, lower case), of ``scope`` ("week",
        "run", "long run") when given, that holds: the last said in the first text that
        counts it, or a later one said to change it."""
        held: Constraint | None = None
        for c in self.of("quantity"):
            counts = c.unit == unit and scope in (None, c.scope)
            # in one text the last said, unless the one before was said to change it
            same_text = held is not None and c.source == held.source and not held.replaces
            if counts and (held is None or c.replaces or same_text):
                held = c
        return held

    def changed_quantities(self) -> list[tuple[Constraint, Constraint]]:
        """(the count said before, the one that holds) for each count a later text changed
        ("the guest list is now 25 kids": the goal's "20 kids", then it)."""
        out: list[tuple[Constraint, Constraint]] = []
        said = self.of("quantity")
        for at, c in enumerate(said):
            held = self.quantity(c.unit, c.scope)
            # people by another name: "for 25 people", then "make it 32 guests" (a trial's)
            again = [
                q
                for q in said[at + 1 :]
                if q.replaces
                and q.scope == c.scope
                and q.unit != c.unit
                and {q.unit, c.unit} <= set(PEOPLE)
            ]
            if again and (held is None or said.index(again[-1]) > said.index(held)):
                held = again[-1]
            if held is None or not held.replaces or c.number == held.number:
                continue
            if at < said.index(held):  # said before the one that holds
                out.append((c, held))
        return out

    def unit_caps(self) -> list[Constraint]:
        """Caps per unit, one per unit and what it is on: the latest said for each."""
        return _latest_per(self.of("unit_cap"), lambda c: f"{c.unit}\n{c.subject}")

    def line_caps(self) -> list[Constraint]:
        """Caps on one budget line, one per subject: the latest said for each."""
        return _latest_per(self.of("line_cap"), lambda c: c.subject)

    def price_caps(self) -> list[Constraint]:
        """Caps on a price the plan charges (or the price, ``scope`` "set"), one per
        subject: the latest said for each."""
        return _latest_per(self.of("price_cap"), lambda c: c.subject)

    def prices_paid(self, subjects: frozenset[str] | None = None) -> ConstraintSet:
        """This set for a plan that charges nobody (a trip, a move): a price it names is
        one it pays, so each is a cap on its spending: per unit, per period or on a line
        ("entry fee at most £30 a person" on a trip to London). Only those of ``subjects``
        when given, each a line of one time's price: a stallholder's pitch fee "£40 a week"
        is paid from the first market day, where the plan ends."""
        if subjects is None:
            return self.model_copy(update={"items": [_paid(c) for c in self.items]})
        paid = [
            c.model_copy(
                update={"kind": "line_cap", "unit": "", "scope": _PRICE_OR_CAP.get(c.scope, "")}
            )
            if c.subject in subjects
            else c
            for c in self.items
        ]
        return self.model_copy(update={"items": paid})

    def period_caps(self) -> list[Constraint]:
        """Caps per period, one per scope: the latest said for each."""
        return _latest_per(self.of("period_cap"), lambda c: c.scope)

    def counted(self, unit: str) -> Constraint | None:
        """The quantity a cap or a price per ``unit`` is counted by: of that unit, or, for
        people, of whatever they are called ("£25 a person" and "100 guests")."""
        found = self.quantity(unit)
        if found is None and unit in PEOPLE:
            found = next((q for u in PEOPLE if (q := self.quantity(u)) is not None), None)
        return found

    def cap_total(self, cap: Constraint) -> float | None:
        """What a unit cap lets the plan spend in all, times its quantity ("€60 a guest"
        times "120 guests" = €7,200; "under €90 a guest", €89 a guest: found as a user, a
        line at €90 a guest for 120 passed as "under"); None when the quantity comes each day, week
        or month ("2 lessons a week": how long for is the plan's to say)."""
        qty = self.counted(cap.unit)
        each = (qty is not None and qty.scope in PERIODS) or cap.scope in PERIODS
        if cap.spend is None or qty is None or qty.number is None or each:
            return None
        return cap.spend * qty.number

    @property
    def exclusions(self) -> list[Constraint]:
        """The exclusions that hold: those no later allowance lifts."""
        held: list[Constraint] = []
        for c in self.of("exclusion", "allowance"):
            if c.kind == "exclusion":
                held.append(c)
            else:
                held = [e for e in held if not lifts(c, e)]
        return _unique(held)

    def lifted(self, exclusion: Constraint) -> Constraint | None:
        """The later allowance that lifts ``exclusion``, if one does."""
        said = self.items.index(exclusion) if exclusion in self.items else -1
        return next((c for c in self.items[said + 1 :] if lifts(c, exclusion)), None)

    @property
    def priorities(self) -> list[Constraint]:
        return _unique(self.of("priority"))

    @property
    def focus(self) -> list[Constraint]:
        return _unique(self.of("focus"))

    @property
    def ratios(self) -> list[Constraint]:
        """Ratios whose people the goal's counts make a number of: each a task to find them."""
        return [c for c in self.of("ratio") if c.subject]

    @property
    def additions(self) -> list[Constraint]:
        """Tasks a reviewer asked for, once each, unless a later exclusion rules them out."""
        # what the household does itself is left out of the trades' work, not its own; what
        # it keeps is not bought, and still refreshed ("keep the old cabinets and repaint them")
        held = [_content(e.subject) for e in self.exclusions if e.scope not in ("self", "kept")]
        return [
            c
            for c in _unique(self.of("addition"))
            if not any(_content(c.subject) & e for e in held)
        ]

    def away_on(self, day: date) -> Constraint | None:
        """The time away ``day`` falls in, if any."""
        return next(
            (c for c in self.of("away") if c.first and c.when and c.first <= day <= c.when), None
        )

    def from_source(self, source: str) -> list[Constraint]:
        return [c for c in self.items if c.source == source]


def _content(subject: str) -> set[str]:
    """The words of a subject that name something: not "on", "the" or "a" (found by a new
    user's trial: "never on Mondays" ruled out "the Hackney Half on 16 May" by its "on")."""
    return {w for w in subject.lower().split() if len(w) > 2 and w not in _FUNCTION_WORDS}


_FUNCTION_WORDS = frozenset({"the", "and", "for", "with", "any", "all", "our", "from", "into"})


def lifts(allowance: Constraint, exclusion: Constraint) -> bool:
    """Whether ``allowance`` names what ``exclusion`` excluded (every word of it)."""
    if allowance.kind != "allowance" or exclusion.kind != "exclusion":
        return False
    allowed = {w.rstrip("s") for w in allowance.subject.split()}
    excluded = {w.rstrip("s") for w in exclusion.subject.split()}
    return bool(excluded) and excluded <= allowed


PERIODS = ("day", "week", "fortnight", "month", "year")
# What people are counted as, in a cap or a price per head.
PEOPLE = (
    *("person", "guest", "attendee", "participant", "visitor", "cover", "head", "member"),
    # who enters a race or a match: "an entry fee of €35" is paid by each of them
    *("runner", "rider", "swimmer", "walker", "player", "entrant"),
    # who a tool is paid for: "£12 a user a month" for a 25-person company
    *("user", "employee", "seat"),
    # who comes to learn or to confer: "£15 a head for 60 students"
    *("student", "pupil", "delegate"),
)
# What a line costs is the line itself: "the venue fee" is the Venue line, "the DJ fee" the
# music (compared singular: "fees" is "fee").
COST_WORDS = frozenset({"fee", "cost", "hire", "bill", "price"})


_PRICE_OR_CAP = {"set": "price", "": ""}  # "the pitch fee is £40", "at most £40"


def _paid(c: Constraint) -> Constraint:
    if c.kind != "price_cap" or c.subject == "charge":  # "we'll charge £2": ours, said so
        return c
    if c.unit in PERIODS:
        scope = f"each {c.unit}"
        return c.model_copy(update={"kind": "period_cap", "scope": scope})
    if c.unit:
        return c.model_copy(update={"kind": "unit_cap", "subject": "", "scope": ""})
    return c.model_copy(update={"kind": "line_cap", "scope": ""})


def _latest_per(items: list[Constraint], key: Callable[[Constraint], str]) -> list[Constraint]:
    """One per key, the latest said, ordered by when each key was last said."""
    by_key: dict[str, Constraint] = {}
    for c in items:
        by_key.pop(key(c), None)
        by_key[key(c)] = c
    return list(by_key.values())


def _unique(items: list[Constraint]) -> list[Constraint]:
    seen: set[str] = set()
    out = []
    for c in items:
        if c.subject.lower() not in seen:
            seen.add(c.subject.lower())
            out.append(c)
    return out
