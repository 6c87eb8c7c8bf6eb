"""A goal's outline: its family, dated milestones with owners, and budget lines that hold.

Built from the constraints alone (planloop.constraints), so every section that shows a
date, an owner or an amount shows the same one, and the plan checker can verify them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from planloop.constraints import Constraint, ConstraintSet
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.family import Family, Phase
from planloop.planners.offline.families.timing import first_day


@dataclass(frozen=True)
class Milestone:
    title: str
    owner: str
    due: date
    source: str = "plan"  # or the constraint's source that put it here


@dataclass(frozen=True)
class Line:
    name: str
    amount: int
    basis: str


@dataclass
class Outline:
    family: Family
    cs: ConstraintSet
    end: date
    assumed_end: bool
    milestones: list[Milestone] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    excluded: list[tuple[Constraint, str]] = field(default_factory=list)  # (exclusion, effect)
    goal: str = ""
    phasing: list[tuple[str, int]] = field(default_factory=list)  # (period, spend)
    tasks: list[Milestone] = field(default_factory=list)  # what reviewers asked to add
    # An event that must end by a named month's end ("a two-week trip in April") begins
    # this many days before it: ``end`` is its first day.
    lasts: str = ""

    @property
    def until(self) -> str:
        """Where the schedule runs to, for a person: the deadline, or the event's first
        day and why."""
        deadline = self.cs.end
        if not self.lasts or deadline is None:
            return f"to the deadline {self.end.isoformat()}"
        return (
            f"to {self.end.isoformat()}, the first day of the {self.lasts} it lasts, so that"
            f" it ends by the deadline {deadline.isoformat()}"
        )

    @property
    def start(self) -> date:
        return self.cs.start

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days)

    @property
    def months(self) -> int:
        return max(1, math.ceil(self.days / 30.4))

    @property
    def weeks(self) -> int:
        return max(1, math.ceil(self.days / 7))

    @property
    def currency(self) -> str:
        """The budget's currency, else that of the first amount stated (a cap)."""
        b = self.cs.budget
        if b and b.money:
            return b.money.currency
        return next((c.money.currency for c in self.cs.items if c.money), "")

    def money(self, amount: float) -> str:
        return f"{self.currency}{amount:,.0f}"

    @property
    def lead(self) -> str:
        for m in self.cs.members:
            if re.search(r"\blead|\bin charge|\bhead|\bruns the (?:project|whole)", m.role, re.I):
                return m.name
        return self.family.lead

    @property
    def team(self) -> str:
        named = [f"{c.number:g} {c.role}" for c in self.cs.teams]
        people = [m.name for m in self.cs.members]
        return ", ".join([*named, *people]) or self.family.team


def build(goal: str, cs: ConstraintSet) -> Outline:
    family = pick(goal)
    end = cs.end
    assumed = end is None
    if end is None:
        end = cs.start + timedelta(days=family.default_days)
    lasts = ""
    if not assumed:
        end, lasts = first_day(goal, family.id, cs, end)
    out = Outline(family=family, cs=cs, end=end, assumed_end=assumed, goal=goal, lasts=lasts)
    out.milestones = _milestones(out)
    out.lines, out.excluded = _budget(out)
    out.phasing = _phasing(out)
    out.tasks = _tasks(out)
    return out


def _tasks(out: Outline) -> list[Milestone]:
    """Each addition a reviewer asked for, due with the milestone whose work it belongs to
    ("a judging rubric" → judges confirmed), else by four fifths of the way to the end."""
    found: list[Milestone] = []
    for c in out.cs.additions:
        i = _matching_phase(list(out.family.phases), c.subject)
        phase = out.family.phases[i] if i is not None else None
        due = next((m.due for m in out.milestones if phase and m.title == phase.title), None)
        at = c.text.lower().find(c.subject)  # as written: "a tea ceremony in Kyoto"
        said = c.text[at : at + len(c.subject)] if at >= 0 else c.subject
        title = said[:1].upper() + said[1:]
        owner = owner_for(out, c.subject, phase)
        found.append(Milestone(title, owner, due or date_at(out, 0.8), c.source))
    return sorted(found, key=lambda m: m.due)


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())} - _COMMON


_COMMON = frozenset({"the", "and", "for", "with", "all", "our", "first", "ready", "done"})


def owner_for(out: Outline, phase_title: str, phase: Phase | None = None) -> str:
    """A named person whose role names this work, else a counted team, else the role."""
    topics = _words(phase_title) | (set(phase.topics) if phase else set())
    for m in reversed(out.cs.members):
        if _words(m.role) & {t.rstrip("s") for t in topics}:
            return m.name
    default = phase.owner if phase else out.family.lead
    if default == out.family.lead:
        return out.lead
    if out.cs.teams:
        return out.team
    return default


def _milestones(out: Outline) -> list[Milestone]:
    phases, loose = _prioritised(out)
    found: list[Milestone] = []
    first_share = phases[0].share
    for phase in phases:
        found.append(
            Milestone(phase.title, owner_for(out, phase.title, phase), date_at(out, phase.share))
        )
    # Priorities go first: their own milestone right after the first one.
    extra: list[tuple[float, Milestone]] = []
    for i, p in enumerate(loose):
        share = min(0.95, first_share + 0.05 * (i + 1))
        title = f"Priority first: {p.subject} ready"
        extra.append(
            (share, Milestone(title, owner_for(out, p.subject), date_at(out, share), p.source))
        )
    for i, f in enumerate(out.cs.focus):
        share = min(0.95, 0.5 + 0.03 * i)
        title = f"Focus review: {f.subject}"
        extra.append(
            (share, Milestone(title, owner_for(out, f.subject), date_at(out, share), f.source))
        )
    merged = [(p.share, m) for p, m in zip(phases, found, strict=True)] + extra
    merged.sort(key=lambda sm: (sm[0], sm[1].source != "plan"))
    return [m for _, m in merged]


def _matching_phase(phases: list[Phase], subject: str) -> int | None:
    """The phase a priority names ("the venue first" → "Venue booked"), if any."""
    words = _words(subject)
    for i, phase in enumerate(phases):
        if words & (_words(phase.title) | {t.rstrip("s") for t in phase.topics}):
            return i
    return None


def _prioritised(out: Outline) -> tuple[list[Phase], list[Constraint]]:
    """Phases with each priority's phase moved to the front (after the first), and the
    priorities no phase names (they get a milestone of their own)."""
    phases = list(out.family.phases)
    loose: list[Constraint] = []
    slot = 1
    for p in out.cs.priorities:
        i = _matching_phase(phases, p.subject)
        if i is None:
            loose.append(p)
            continue
        if i > slot:  # take the earlier slot's date: the order changes, the dates stay in order
            moved = phases.pop(i)
            phases.insert(slot, moved)
        slot += 1
    shares = sorted(ph.share for ph in phases)
    phases = [replace(ph, share=sh) for ph, sh in zip(phases, shares, strict=True)]
    if loose and out.family.id in ("migration", "software") and len(phases) > 1:
        # the first wave or increment is what goes first: it carries the priority
        first = ", ".join(p.subject for p in loose)
        phases[1] = replace(phases[1], title=f"{phases[1].title}: {first} first")
        loose = []
    return phases, loose


def date_at(out: Outline, share: float) -> date:
    """The day ``share`` of the way through the schedule (at least its first, at most its
    end): where a milestone of that share falls."""
    day = max(1, round(out.days * share))
    return min(out.end, out.start + timedelta(days=day))


_KIN = {
    "band": "music", "dj": "music", "musician": "music", "photographer": "photography",
    "flower": "decoration", "florist": "decoration", "loan": "financing", "coach": "coaching",
    "physio": "coaching", "ad": "marketing", "advert": "marketing", "advertising": "marketing",
    "tutor": "tutor", "kubernete": "kubernetes", "discount": "discount",
    "entertainer": "entertainment", "magician": "entertainment", "clown": "entertainment",
    "caterer": "catering", "tiling": "tile",
}  # fmt: skip


# An exclusion with a bound rules out only what passes it, so it bans no word of the plan.
_BOUNDED = re.compile(
    r"\b(?:over|above|under|below|beyond|(?:more|longer|less|shorter|fewer)\sthan)\s\d", re.I
)


def excluded_words(c: Constraint, goal: str = "") -> set[str]:
    """The words an exclusion rules out, with the plan's word for the same thing.

    A narrower exclusion of something the goal asks for rules out only what narrows it:
    "no alcohol stalls" for a market "with 30 stalls" rules out alcohol, not the stalls.
    An exclusion whose every word the goal uses elsewhere rules them all out."""
    if _BOUNDED.search(c.subject):  # "flights over 3 hours": shorter ones are fine
        return set()
    said = {w.rstrip("s") for w in re.findall(r"[a-z]{2,}", c.subject.lower())}
    words = {w for w in said if w not in ("live", "any", "more", "new", "the", "on", "in")}
    elsewhere = goal.lower().replace(c.text.lower(), " ") if c.source == "goal" else goal.lower()
    narrowing = words - {w.rstrip("s") for w in re.findall(r"[a-z]{2,}", elsewhere)}
    if narrowing and len(words) > 1:
        words = narrowing
    return words | {_KIN[w] for w in words if w in _KIN}


def _excluded_by(out: Outline, name: str) -> Constraint | None:
    words = _words(name)
    for c in out.cs.exclusions:
        if excluded_words(c, out.goal) & words:
            return c
    return None


def _budget(out: Outline) -> tuple[list[Line], list[tuple[Constraint, str]]]:
    """Lines that sum exactly to the budget, each cap respected; contingency takes the rest."""
    cs = out.cs
    budget = cs.budget
    excluded: list[tuple[Constraint, str]] = []
    plan: list[tuple[str, float, str]] = []
    for name, share, unit in out.family.lines:
        hit = _excluded_by(out, name)
        if hit is not None:
            excluded.append((hit, f"no budget line for {name.lower()}"))
            continue
        plan.append((name, share, unit))
    for c in cs.exclusions:
        if all(c is not e for e, _ in excluded):
            excluded.append((c, "left out of every section"))
    lines: list[Line] = []
    named = {c.subject: _line_for(plan, c.subject) for c in cs.line_caps()}
    if budget is None or budget.money is None:
        for c in cs.line_caps():
            if c.money is not None:
                title = named[c.subject] or c.subject.capitalize()
                lines.append(Line(f"{title} (cap)", math.floor(c.money.amount), line_basis(c)))
        for capped in cs.unit_caps():
            limit = cs.cap_total(capped)
            if limit is not None:
                lines.append(
                    Line(
                        f"{capped.unit.capitalize()} costs (cap)",
                        round(limit),
                        _cap_basis(out, capped),
                    )
                )
        return lines, excluded
    total = budget.money.amount
    caps = {_PEOPLE.get(c.unit, c.unit): c for c in cs.unit_caps()}
    for c in cs.period_caps():  # "rent at most €3,000 a month": a line of its own
        if c.subject and c.money is not None:
            months = out.months if c.unit == "month" else max(1, math.ceil(out.days / 7))
            amount = math.floor(min(c.money.amount * months, total))
            basis = f"at most {c.money.text()} a {c.unit} × {months} ({c.source})"
            lines.append(Line(f"{c.subject.capitalize()} ({months} {c.unit}s)", amount, basis))
            plan = [(_drop(n, c.subject), sh, u) for n, sh, u in plan]
    for c in cs.line_caps():  # "keep prizes under £1k": no line names prizes, so one does
        if named[c.subject] is None and c.money is not None:
            left = max(0.0, total - sum(x.amount for x in lines))
            amount = math.floor(min(c.money.amount, left))
            lines.append(Line(c.subject.capitalize(), amount, line_basis(c)))
    base = total - sum(line.amount for line in lines)
    for name, share, unit in plan:
        amount = math.floor(base * share)
        basis = f"{share:.0%} of {out.money(base)}" + (
            f" ({budget.source})" if base == total else f" left after the caps ({budget.source})"
        )
        cap: Constraint | None = caps.get(unit) if unit else None
        if cap is None:
            cap = next((c for u, c in caps.items() if u in _words(name)), None)
        if cap is not None:
            limit = cs.cap_total(cap)
            if limit is not None and limit < amount:
                amount = math.floor(limit)
                basis = _cap_basis(out, cap)
            elif limit is not None:
                basis += f"; within {_cap_basis(out, cap)}"
        for c in cs.line_caps():
            if named[c.subject] == name and c.money is not None:
                if c.money.amount < amount:
                    amount, basis = math.floor(c.money.amount), line_basis(c)
                else:
                    basis += f"; within {line_basis(c)}"
        lines.append(Line(name, amount, basis))
    rest = round(total) - sum(line.amount for line in lines)
    lines.append(Line("Contingency", rest, "what is left, so the lines sum to the budget"))
    return lines, excluded


_PEOPLE = {u: "guest" for u in ("attendee", "participant", "person", "head", "cover", "visitor")}


def article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _drop(name: str, word: str) -> str:
    """A line's name without a word a capped line of its own now covers."""
    w = re.escape(word)
    for pattern, by in (
        (rf",\s*{w}\s+and\s+", " and "),
        (rf"\b{w}\s+and\s+", ""),
        (rf",?\s*\band\s+{w}\b", ""),
        (rf",\s*{w}\b", ""),
    ):
        name = re.sub(pattern, by, name, flags=re.I)
    return name[:1].upper() + name[1:]


def _line_for(plan: list[tuple[str, float, str]], subject: str) -> str | None:
    """The family's budget line a capped subject names ("catering" → "Catering")."""
    want = _words(subject)
    return next((name for name, _, _ in plan if want and want <= _words(name)), None)


def line_basis(cap: Constraint) -> str:
    assert cap.money is not None
    return f"at most {cap.money.text()} ({cap.source})"


def _cap_basis(out: Outline, cap: Constraint) -> str:
    qty = out.cs.quantity(cap.unit)
    n = f"{qty.number:g}" if qty and qty.number is not None else "?"
    assert cap.money is not None
    return f"cap {cap.money.text()} {article(cap.unit)} × {n} {cap.unit}s ({cap.source})"


def _phasing(out: Outline) -> list[tuple[str, int]]:
    """Spend by month when a period cap applies: the first month within its cap."""
    caps = [c for c in out.cs.period_caps() if not c.subject]
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
