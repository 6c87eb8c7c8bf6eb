"""An outline's budget lines: the family's shares of the budget, each cap and exclusion
applied, and the spend by month when a period cap applies (outline.py builds the rest)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Protocol

from planloop.constraints import Constraint, ConstraintSet
from planloop.constraints.model import COST_WORDS
from planloop.constraints.quantities import as_count
from planloop.planners.offline.families.exclusions import (
    COMMON,
    KIN,
    base,
    dropped_words,
    excluded_words,
    words_of,
)
from planloop.planners.offline.families.family import Family, Phase
from planloop.planners.offline.families.moves import vehicle_line
from planloop.planners.offline.families.rates import HAD_EACH, Rate, periods, rate_of
from planloop.planners.offline.families.timing import EventDays
from planloop.terms import article


class Shaped(Protocol):
    """What the budget reads of an outline (outline.py's Outline)."""

    cs: ConstraintSet
    family: Family
    event: EventDays | None
    goal: str

    @property
    def days(self) -> int: ...

    @property
    def months(self) -> int: ...

    def money(self, amount: float) -> str: ...


@dataclass(frozen=True)
class Line:
    name: str
    amount: int
    basis: str


def phases_left(family: Family, cs: ConstraintSet, goal: str) -> Family:
    """The family without a milestone whose subject, named in its title ("skip the public
    beta": a user's trial), or every subject ("skip solar for now") an exclusion rules out;
    its last, the day itself, stays."""
    banned = dropped_words(cs, goal)  # a thing kept is no milestone dropped
    kept = tuple(p for p in family.phases if p.share >= 1.0 or not _ruled_out(p, banned))
    return family if len(kept) == len(family.phases) else replace(family, phases=kept)


def _ruled_out(p: Phase, banned: set[str]) -> bool:
    named = bool(p.topics) and base(p.topics[0]) in banned & words_of(p.title)
    return named or (bool(p.topics) and {base(t) for t in p.topics} <= banned)


def _excluded_by(out: Shaped, name: str) -> Constraint | None:
    words = words_of(name)
    for c in out.cs.exclusions:
        if excluded_words(c, out.goal) & words:
            return c
    return None


def budget(out: Shaped) -> tuple[list[Line], list[tuple[Constraint, str]]]:
    """Lines that sum exactly to the budget, each cap respected; contingency takes the rest."""
    cs = out.cs
    budget = cs.budget
    excluded: list[tuple[Constraint, str]] = []
    plan: list[tuple[str, float, str]] = []
    left_out: list[tuple[str, float, Constraint]] = []  # a line left out whole: its share
    for name, share, unit in out.family.lines:
        hit = _excluded_by(out, name)
        if hit is not None:
            kept, part = _rest_of(name, excluded_words(hit, out.goal))
            if kept:  # "tools are donated": "Equipment and supplies" keeps the supplies
                excluded.append((hit, f"the “{name}” line keeps only {kept.lower()}"))
                # a whole percent, so its basis and amount agree (9% of £8,000 is £720)
                plan.append((kept, round(share * part, 2), unit))
                continue
            excluded.append((hit, f"no budget line for {name.lower()}"))
            left_out.append((name, share, hit))
            continue
        plan.append((name, share, unit))
    for c in cs.exclusions:
        if all(c is not e for e, _ in excluded):
            said = "given by others: no spending on it" if c.scope == "budget" else ""
            excluded.append((c, said or "left out of every section"))
    lines: list[Line] = []
    named = {c.subject: _line_for(plan, c.subject) for c in cs.line_caps()}
    if budget is None or budget.money is None:
        for c in cs.line_caps():
            if c.money is not None:
                title = named[c.subject] or c.subject.capitalize()
                title += "" if c.scope == "price" else " (cap)"
                lines.append(Line(title, math.floor(_most(c)), line_basis(c)))
        for capped in cs.unit_caps():
            limit = cs.cap_total(capped)
            if limit is not None:
                title = (capped.subject or f"{capped.unit} costs").capitalize()
                lines.append(Line(f"{title} (cap)", round(limit), _cap_basis(out, capped)))
            elif (rate := rate_of(out, capped)) is not None:  # "2 lessons a week at £38"
                line = next((n for n, _, u in plan if u == rate.unit), None)
                if line is None and rate.unit == "hour":  # "a tutor at £30 an hour"
                    line = next((n for n, _, u in plan if u in HAD_EACH), None)
                title = line or capped.subject.capitalize() or f"{rate.unit.capitalize()}s"
                lines.append(Line(title, round(rate.total), rate.basis))
        return lines, excluded
    total = budget.money.amount
    # A cap per unit that names what it is on ("pizza under $10 a participant") caps that
    # line only; one that does not, the lines counted in its unit.
    on_lines = [c for c in cs.unit_caps() if c.subject]
    caps = {_PEOPLE.get(c.unit, c.unit): c for c in cs.unit_caps() if not c.subject}
    for c in cs.unit_caps():  # "lessons cost £38 an hour": the lessons' line
        if not c.subject and (rate := rate_of(out, c)) is not None:
            caps.setdefault(rate.unit, c)
    for c in cs.period_caps():  # "rent at most €3,000 a month": a line of its own
        if c.subject and c.money is not None:
            count, of = periods(out, c)
            amount = math.floor(min((c.spend or 0.0) * count, total))  # "under": a step below
            # "4 nights, over the 5 days"
            times = f"{count} {c.unit}{'s' if count != 1 else ''}{of}" if of else f"{count}"
            basis = f"{c.bound} {c.money.text()} a {c.unit} × {times} ({c.source})"
            # in the plan's word for it when a line names it ("lesson": "Tutor sessions")
            named_line = next((n for n, _, _ in plan if named_by(n, c)), None)
            said = named_line if named_line and c.subject in KIN else c.subject.capitalize()
            title = f"{said} ({count} {c.unit}{'' if count == 1 else 's'})"
            lines.append(Line(title, amount, basis))
            # the line it names is this one now ("food under €60 a day": not a second Food);
            # a line that names more keeps the rest ("Premises: deposit and fit-out", found
            # as a user: "keep rent under $2,000" left no money for the fit-out)
            plan = [
                (_drop(n, c.subject), sh, u)
                for n, sh, u in plan
                if not named_by(n, c) or _drop(n, c.subject) != n
            ]
    for c in cs.line_caps():  # "keep prizes under £1k": no line names prizes, so one does
        if named[c.subject] is None and c.money is not None:
            left = max(0.0, total - sum(x.amount for x in lines))
            amount = math.floor(min(_most(c), left))
            lines.append(Line(c.subject.capitalize(), amount, line_basis(c)))
    for c in on_lines:  # "swag under $5 a participant": a line of its own, as above
        priced = _priced(out, c)
        if priced is not None and not any(named_by(name, c) for name, _, _ in plan):
            left = max(0.0, total - sum(x.amount for x in lines))
            amount = math.floor(min(priced.total, left))
            lines.append(Line(c.subject.capitalize(), amount, priced.basis))
    # a line's price said ("the venue costs £120", "movers quoted £1,800") is that line;
    # the other lines share what is left in their own proportions
    prices = {
        named[c.subject]: c
        for c in cs.line_caps()
        if c.scope == "price" and named[c.subject] is not None and c.money is not None
    }
    fixed: dict[str, int] = {}
    worked: dict[str, str] = {}  # the basis of a line fixed by a price a head, worked out
    for name, _, _ in plan:
        if (price := prices.get(name)) is not None and price.money is not None:
            left = max(0.0, total - sum(x.amount for x in lines) - sum(fixed.values()))
            fixed[name] = math.floor(min(price.money.amount, left))
        # a price a head said, not a cap ("Catering £15 per head per day" for 60 students
        # over 2 days): the line is what it comes to (a trial's had half, beside a contingency)
        each = next((c for c in on_lines if named_by(name, c) and not _A_CAP.search(c.text)), None)
        if name not in fixed and each is not None and (priced := _priced(out, each)) is not None:
            left = max(0.0, total - sum(x.amount for x in lines) - sum(fixed.values()))
            fixed[name] = math.floor(min(priced.total, left))
            to = f" = {out.money(priced.total)}" if priced.each else ""
            worked[name] = f"{priced.basis}{to}"
    freed = sum(share for name, share, _ in plan if name in fixed)
    base = total - sum(line.amount for line in lines) - sum(fixed.values())
    # the contingency as said ("keep 10 percent as contingency", "keep £1,000 back"): the
    # other lines share the rest in their own proportions
    back, whole = cs.kept_back(total), sum(sh for n, sh, _ in plan if n not in fixed)
    whole = whole / (1 - freed) if 0 < freed < 1 else whole
    scale = (base - back) / (base * whole) if back and 0 < back < base and whole else 1.0
    for name, share, unit in plan:
        if name in fixed:
            lines.append(Line(name, fixed[name], worked.get(name) or line_basis(prices[name])))
            continue
        share = (share / (1 - freed) if 0 < freed < 1 else share) * scale
        # floored after rounding away the float's error: 35% of £85,000 is £29,750, not the
        # £29,749 that 0.35 * 85000 = 29749.999… floors to (found as a user)
        amount = math.floor(round(base * share, 6))
        basis = f"{share:.0%} of {out.money(base)}" + (
            f" ({budget.source})" if base == total else f" left after the caps ({budget.source})"
        )
        # "catering under £25 a person" names its line; else a cap by the line's unit
        cap: Constraint | None = next((c for c in on_lines if named_by(name, c)), None)
        if cap is None and unit:
            cap = caps.get(unit)
        if cap is None:
            cap = next((c for u, c in caps.items() if u in words_of(name)), None)
        if cap is not None and (priced := _priced(out, cap)) is not None:
            if priced.total < amount:
                amount, basis = math.floor(priced.total), priced.basis
            elif priced.each and priced.total > amount:  # what it comes to is more
                short = out.money(priced.total - amount)
                basis += f"; {priced.basis} = {out.money(priced.total)}, {short} more than this"
            else:  # "within cap £25 a person …", or "under £25 a person …" as said
                basis += f"; {'' if cap.below else 'within '}{priced.basis}"
        for c in cs.line_caps():
            if named[c.subject] == name and c.money is not None:
                if _most(c) < amount:
                    amount, basis = math.floor(_most(c)), line_basis(c)
                else:
                    basis += f"; {'' if c.below else 'within '}{line_basis(c)}"
        lines.append(Line(name, amount, basis))
    lines = [_in_their_words(x, cs) for x in lines]
    # a budget to stay under ("under £100") is kept below by the contingency: £39, not £40
    spend = round(budget.spend or total)
    rest = spend - sum(line.amount for line in lines)
    # none to take it from, or pounds over a contingency said: the largest line takes it
    over = rest - math.floor(back) if back and scale != 1.0 else min(rest, 0)
    if over and lines:
        big = max(range(len(lines)), key=lambda i: lines[i].amount)
        lines[big] = replace(lines[big], amount=lines[big].amount + (over if rest > 0 else rest))
        rest -= over if rest > 0 else rest
    why = f"so the lines stay under {budget.money.text()}" if budget.below else ""
    said = f"“{cs.reserve.text}” ({cs.reserve.source})" if scale != 1.0 and cs.reserve else ""
    why = f"kept back as said: {said}" if said else why
    basis = f"what is left, {why or 'so the lines sum to the budget'}"
    if left_out and rest > 0:
        # why it is large: a line left out leaves its share here (a new user's trial: a 35%
        # contingency, the offsite's travel that each person books, unexplained); said by
        # where it was ruled out, not by name: the thing itself is no part of the budget
        share = sum(sh for _, sh, _ in left_out)
        said = ", ".join(dict.fromkeys(h.source for *_, h in left_out))
        lines_of = "lines" if len(left_out) > 1 else "a line"
        basis += f"; it holds the {share:.0%} of {lines_of} left out (see Constraints, {said})"
    lines.append(Line("Contingency", rest, basis))
    return lines, excluded


_PEOPLE = {u: "guest" for u in ("attendee", "participant", "person", "head", "cover", "visitor")}


def _rest_of(name: str, banned: set[str]) -> tuple[str, float]:
    """A line's name without the parts an exclusion rules out, and the share of its parts
    left; ("", 0) when nothing or everything is left."""
    head, colon, body = name.rpartition(": ")
    parts = re.split(r",\s*|\s+and\s+", body)
    kept = [p for p in parts if not words_of(p) & banned]
    if not kept or len(kept) == len(parts):
        return "", 0.0
    said = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + kept[-1]
    rest = f"{head}{colon}{said}" if colon else said
    return rest[:1].upper() + rest[1:], len(kept) / len(parts)


def _drop(name: str, word: str) -> str:
    """A line's name without a word a capped line of its own now covers."""
    w = re.escape(word)
    for pattern, by in (
        (rf",\s*{w}\s+and\s+", " and "),
        (rf"\b{w}\s+and\s+", ""),
        (rf",?\s*\band\s+{w}\b", ""),
        (rf",\s*{w}\b", ""),
        (rf"\s+and\s+(?:the\s)?first\s(?:month|week)['’]s\s{w}\b", ""),  # "Deposit and …"
    ):
        name = re.sub(pattern, by, name, flags=re.I)
    return name[:1].upper() + name[1:]


def _in_their_words(line: Line, cs: ConstraintSet) -> Line:
    """A line a reviewer's focus names says so ("put more weight on the catering budget":
    the reviewer's focus, feedback:1); one named by a cap, price or focus only through its
    kin takes the reviewer's words when those name a vehicle hired: "we hire a van for £250"
    makes the move's "Removal company" the "Van hire" (moves.hired_vehicle)."""
    focus = [(c, _SPEND.sub("", c.subject).strip()) for c in cs.focus]
    names = [c.subject for c in cs.line_caps()] + [s for _, s in focus]
    said = [s for s in names if s and _line_for([(line.name, 0.0, "")], s) is not None]
    for c, subject in focus:
        if subject in said:
            line = replace(line, basis=f"{line.basis}; {focus_basis(c)}")
    for subject in said:
        title = vehicle_line(subject)
        if title and not words_of(line.name) & words_of(subject):
            return replace(line, name=title)
    return line


# what a focus on a line's money says beside the line ("the budget for the rental van")
_SPEND = re.compile(r"\b(?:budget|spend(?:ing)?|money|costs?)\b(?:\s(?:for|on|of)\b)?", re.I)


def focus_basis(c: Constraint) -> str:
    """What a line a reviewer's focus names says of it, after its own basis."""
    return f"the reviewer's focus ({c.source})"


def named_by(name: str, cap: Constraint) -> bool:
    """Whether a budget line is the one a cap's subject names."""
    return _line_for([(name, 0.0, "")], cap.subject) is not None


def _line_for(plan: list[tuple[str, float, str]], subject: str) -> str | None:
    """The family's budget line a capped subject names ("catering" → "Catering", "the
    venue fee" → "Venue": what it costs is the line itself)."""
    said = {base(w) for w in re.findall(r"[a-z]{2,}", subject.lower())}
    said = {w for w in said if len(w) > 2 or w in _LINE_KIN} - COMMON
    want = {w for w in said if w not in COST_WORDS} or said

    def names(line: str) -> bool:  # each word, or its kin ("DJ fee": music)
        words = words_of(line)
        return all(w in words or _LINE_KIN.get(w) in words for w in want)

    found = next((name for name, _, _ in plan if want and names(name)), None)
    head = subject.split()[-1] if subject.strip() else ""
    if found is None and head != subject.strip():  # "the copy editor": the editor's line
        return _line_for(plan, head)
    return found


# The line a cap names by another word: an exclusion's kin, and food (not an exclusion's:
# "no pizza" leaves the catering).
_LINE_KIN = (
    KIN
    | {w: "catering" for w in ("food", "pizza", "meal", "lunch", "dinner", "snack")}
    | {"catering": "food"}  # a party's "Food and cake" (found as a user: a second line)
    | {w: "accommodation" for w in ("hotel", "hostel", "airbnb", "lodging")}
    # "keep the venue hire under £800" is a party's "Place or room hire" (found by a new
    # user's trial: a second line, the venue paid twice)
    | {"venue": "place"}
    # "keep the removal van under £600" is the move's removals line, not a second one
    | {w: "removal" for w in ("van", "lorry", "truck", "mover")}
    # "the copy editor costs £900" is the book's editing (found by a new user's trial: a
    # second line beside "Editing and proofreading")
    | {"editor": "editing", "proofreader": "proofreading"}
)


def line_basis(cap: Constraint) -> str:
    assert cap.money is not None
    if cap.scope == "price":  # what it costs, said: the line is that
        return f"its price, {cap.money.text()} ({cap.source})"
    return f"{'under' if cap.below else 'at most'} {cap.money.text()} ({cap.source})"


_A_CAP = re.compile(
    r"\b(?:under|below|max(?:imum)?|at\smost|no\smore\sthan|up\sto|within|less\sthan|cap\w*"
    r"|limit\w*|not\sover|tops)\b",
    re.I,
)


def _priced(out: Shaped, cap: Constraint) -> Rate | None:
    """What a cap per unit comes to in all, and how: times its count, or its count each
    week (or day, month) over the plan's weeks; None when no count is said."""
    limit = out.cs.cap_total(cap)
    if limit is not None:
        return Rate(limit, _cap_basis(out, cap), cap.unit, each=False)
    return rate_of(out, cap)


def _cap_basis(out: Shaped, cap: Constraint) -> str:
    qty = out.cs.counted(cap.unit)
    n = as_count(qty) if qty and qty.number is not None else f"? {cap.unit}s"
    assert cap.money is not None
    said = "under" if cap.below else "cap"
    return f"{said} {cap.money.text()} {article(cap.unit)} × {n} ({cap.source})"


def phasing(out: Shaped) -> list[tuple[str, int]]:
    """Spend by month when a cap per month on all spending applies: the first month within
    its cap. (A cap per day or week on all spending has no month to be shown in.)"""
    caps = [c for c in out.cs.period_caps() if not c.subject and c.unit == "month"]
    budget = out.cs.budget
    if not caps or budget is None or budget.money is None:
        return []
    months = out.months
    total = round(budget.money.amount)
    first = next((c for c in caps if "first" in c.scope), None)
    every = next((c for c in caps if c.scope.startswith("each")), None)
    even = total // months
    rows: list[int] = [even] * months
    if every is not None and every.money is not None:
        rows = [min(even, math.floor(every.money.amount))] * months
    if first is not None and first.money is not None:
        rows[0] = min(rows[0], math.floor(first.money.amount))
    # the rest of the budget goes to the last month (opening, event day, cutover)
    rows[-1] += total - sum(rows)
    if every is not None and every.money is not None and rows[-1] > every.money.amount:
        rows[-1] = math.floor(every.money.amount)
    return [(f"Month {i}", amount) for i, amount in enumerate(rows, start=1)]


def _most(cap: Constraint) -> float:
    """What a line capped by ``cap`` may spend: the cap, or below it for one said as "under
    €600" (a new user's trial: the line was €600, and the check passed it)."""
    return cap.spend or 0.0
