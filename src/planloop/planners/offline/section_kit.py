"""What every framework section is rendered from, and the derived facts sections share.

A :class:`SectionInput` bundles the goal, the data points known so far and the reviewer's
feedback. The helpers below turn those into schedule horizons and measures (:mod:`.risks`
into risks, :mod:`.questions` into open questions), so that the risk register, the
pre-mortem, the summaries and the next actions all agree with each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from planloop.constraints.model import Kind
from planloop.domain import DataPoint, Feedback
from planloop.planners.offline.extraction import duration_days
from planloop.planners.offline.families import Outline
from planloop.planners.offline.families.render import up_to_date
from planloop.planners.offline.families.traits import SOLO
from planloop.planners.offline.relabels import COUNTS, relabelled, retargeted
from planloop.terms import COMMON_VERBS, STOPWORDS, as_task, clauses, clean, shorten, subject_terms

DEFAULT_HORIZON_DAYS = 84  # twelve weeks, stated as an assumption whenever it is used
_LIMIT_CLAUSE = re.compile(
    r"^(?:we\s|and\s|but\s)?(?:must|without|no\s|never|no more than|at most|under|within|stay|keep"
    r"|first\s(?:month|week|year|quarter))\b",
    re.I,
)
# Clauses that say what is given, not what to do: "budget €9,000", "I currently run 10 km"
# were work packages and RACI activities of their own.
_GIVEN_CLAUSE = re.compile(
    r"^(?:with\s)?(?:an?\s|the\s|our\s|my\s|total\s)*(?:budget|start(?:ing|-up)\smoney)\b"
    r"|^(?:I|we)\s(?:currently|already"
    r"|now|can|have|am|are|know|speak)\b|^currently\b|^can\s(?:\w+\s){0,2}[0-9]"
    r"|^(?:have|has|got)\s(?:about\s)?[$€£¥0-9]"  # "… and have £600 for lessons"
    # a price asked: "asking price £285,000" (found as a user: a work package)
    r"|^(?:asking|guide)\s(?:price\s)?(?:of\s)?[$€£¥0-9]"
    # who the people are ("we both work full time", "I live in Leeds"): circumstances, not
    # work (found as a user: "3.1 we both work full time" was a work package)
    r"|^(?:I|we)\s(?:both\s|all\s)?(?:work|live|rent|own|travel|commute)\b"
    # ... and who someone is, and when: "who has dementia (and) lives alone", "before she
    # comes out of hospital" (found as a user: each was a work package of a care plan)
    r"|^(?:who|whose)\s|^lives\s|^(?:(?:before|after|when|once|until)\s)?(?:she|he|they)\s"
    # how things are now, said last: "(I can swim 1 km and) cycle 30 km now" (a user's)
    r"|\b(?:now|currently|at\sthe\smoment|these\sdays)$"
    r"|^(?:while\s)?(?:I\s|we\s)?(?:am\s|are\s)?(?:working|studying)\s(?:full|part)[\s-]time\b"
    # an amount alone ("Derby, GBP 9,500, by March"): money given, not work (found as a user)
    r"|^(?:with\s|for\s)?(?:about\s|around\s)?(?:[$€£¥]|USD|EUR|GBP|CHF)\s?[0-9][0-9,.'’]*"
    r"\s?(?:k|m|bn)?(?:\s(?:including|incl\.?|all\sin)\b.*)?$"  # "£7,000 including flights"
    # a day or places alone ("by 30 April 2027", "in Leeds", "Tokyo, Kyoto and Osaka")
    r"|^(?:by|before|until|on|in|within|no\slater\sthan)\s(?:\S+\s?){1,4}$"
    r"|^(?-i:(?:[A-Z][a-z]+,\s)+[A-Z][a-z]+,?\s(?:and|then)\s[A-Z][a-z]+)$"
    # the time given ("4 hours a week", "writing 500 words a day"): effort, not work (users')
    r"|^(?:(?:I|we)\s(?:can\s)?(?:practi[sc]e|train|study|write|read|run|swim)\s|studying\s"
    r"|training\s|practising\s|working\s|writing\s)?(?:about\s)?[0-9,]{1,6}(?:\.[0-9])?\s"
    r"(?:hours?|hrs?|minutes?|mins?|days?|evenings?|sessions?|words)\s(?:a|per|each)\s(?:week|day|month)"
    r"(?:\sat\s(?:[$€£¥]|USD|EUR|GBP|CHF)\s?[0-9][0-9,.]*\s(?:an|a|per)\s(?:hour|day)"
    r"|\son\s(?:weekdays|weekends|week\s?nights))?$"
    # a price ("lessons cost £38 an hour"): what something costs, not work (a user's)
    r"|^(?:the\s)?[a-z]+\s(?:costs?|are|is)\s(?:about\s|around\s)?(?:[$€£¥]|USD|EUR|GBP|CHF)\s?[0-9]"
    # a rate ("Etsy fees are 6.5%", "VAT is 20%"): what selling costs, not work
    r"|^(?:the\s)?(?:[a-z]+\s)?(?:fees?|commission|tax|vat|interest|charges?)\s(?:are|is)\s"
    r"(?:about\s|around\s)?[0-9]",
    re.I,
)
_CAP = re.compile(r"\b(?:at most|no more than|under|below|capped at|max(?:imum)?)\s[$€£¥0-9]", re.I)
_WHY = re.compile(r"\b(?:so that|because|in order to|to help|which will|to make)\s(.{3,120})", re.I)


@dataclass(frozen=True)
class SectionInput:
    """The goal, the data points known so far and the feedback so far."""

    goal: str
    points: tuple[DataPoint, ...]  # from the goal, the proposal and feedback
    feedback: tuple[Feedback, ...]
    terms: tuple[str, ...]
    parts: tuple[str, ...]
    memory_points: tuple[DataPoint, ...] = ()  # background only: never a target or a risk
    outline: Outline | None = None  # dates, owners and money from the constraints
    whole_lead: str = ""  # the first clause uncut, for a sentence that says it whole
    # the first sentence, where it is one aim said in a few clauses ("write a business plan
    # … and get a £15,000 bank loan"): the SMART statement says it whole
    sentence: str = ""

    @classmethod
    def build(
        cls,
        goal: str,
        points: Sequence[DataPoint],
        feedback: Sequence[Feedback] = (),
        outline: Outline | None = None,
    ) -> SectionInput:
        flat = clean(goal)
        # the goal as it holds now: a place, day or budget changed since put in (before the
        # clauses are cut short, so a long clause's words are found too)
        now = flat
        if outline is not None:
            now = up_to_date(flat, outline)
            for was, held in retargeted(points):  # "raising £4,000", now £5,000
                now = now.replace(was.value, held.value) if was.source == "goal" else now
            points = relabelled(points, outline)
        return cls(
            goal=flat,
            points=tuple(p for p in points if not p.source.startswith("memory:")),
            feedback=tuple(f for f in feedback if f.text.strip()),
            terms=tuple(subject_terms(now, limit=6)),
            parts=tuple(clauses(now)),
            whole_lead=next(iter(clauses(now, 1, width=400)), ""),
            sentence=first_sentence(now),
            memory_points=tuple(p for p in points if p.source.startswith("memory:")),
            outline=outline,
        )

    @property
    def headline(self) -> str:
        return shorten(self.goal, 160) or "the stated goal"

    @property
    def lead(self) -> str:
        """The goal's first clause: what the plan is mainly about."""
        return self.parts[0] if self.parts else self.headline

    @property
    def deliverables(self) -> list[str]:
        """The goal's clauses that name work, not limits ("must …", "without …" are limits),
        nor who does it ("Jo Smith will be quizmaster": found as a user, a work package)."""
        # nor what goes first ("data collection needs ethics approval first": a trial's)
        cs = self.outline.cs if self.outline else None
        # nor a limit read as a constraint: "we want no tiling on the ceiling", "one marshal
        # per 50 runners", "I can only write on Sundays" (a new user's trial: each a work
        # package and a Should have beside its own Won't have)
        limits: tuple[Kind, ...] = ("priority", "exclusion", "start", "days", "ratio", "away")
        # ... nor a task read from the goal in other words ("just repaint them": repaint the
        # old cabinets, among the goal's tasks)
        asked = (
            [c for c in cs.additions if c.source == "goal" and c.subject != c.text] if cs else []
        )
        read = (
            [c.text.lower() for c in (*cs.members, *cs.of(*limits, "notice"), *asked)] if cs else []
        )
        money = {c.text.lower() for c in cs.of("budget", "line_cap")} if cs else set()
        found = [
            as_task(p)  # "I need a food hygiene certificate": "Get a food hygiene certificate"
            for p in self.parts
            if not _LIMIT_CLAUSE.search(p)
            and not _CAP.search(p)
            and not _GIVEN_CLAUSE.search(p)
            and not any(said in p.lower() for said in read)
            and p.lower().strip(" ,.;") not in money  # "sponsors give £3,000": the budget
        ]
        return found or [self.lead]

    def pick(self, *labels: str) -> list[DataPoint]:
        return [p for p in self.points if p.label in labels]

    @property
    def family(self) -> str:
        """The id of the plan's family ("race", "move"…), "" without an outline."""
        return self.outline.family.id if self.outline is not None else ""

    @property
    def asks_for_a_budget(self) -> bool:
        """No money is stated (no total, no cap) for a goal that needs some: training for a
        race or a job search is not short of a budget (found as a user: "Weaknesses:
        no budget stated" for a half marathon, and a job search whose courses had £400)."""
        cs = self.outline.cs if self.outline else None
        if self.pick("budget", "amount") or (cs and (cs.budget or cs.line_caps())):
            return False
        return self.family not in _NO_MONEY_NEEDED

    @property
    def solo(self) -> bool:
        """A goal one person works at (studying, training, getting fit, writing): they are
        the team. A family whose team is "You" is one person's too (families/founders.py)."""
        team = self.outline.family.team if self.outline is not None else ""
        return self.family in SOLO or team == "You"

    def first(self, *labels: str) -> DataPoint | None:
        for label in labels:
            for p in self.points:
                if p.label == label:
                    return p
        return None

    def constraints(self, *prefixes: str) -> list[DataPoint]:
        return [
            p
            for p in self.pick("constraint")
            if not prefixes or p.value.lower().startswith(prefixes)
        ]

    def term_text(self, n: int = 3) -> str:
        picked = [f"“{t}”" for t in self.terms[:n]]
        return ", ".join(picked) if picked else "the goal's own wording"

    def why(self) -> str | None:
        m = _WHY.search(self.goal)
        return shorten(m.group(1), 100) if m else None


def cite(dp: DataPoint) -> str:
    """``$2M (goal)``: a value with where it came from."""
    return f"{dp.value} ({dp.source})"


def count_of(dp: DataPoint) -> int | None:
    """The leading whole number of a count such as ``2 contractors`` or ``1,200 users``."""
    m = re.match(r"\s*([0-9][0-9,]{0,12})", dp.value)
    return int(m.group(1).replace(",", "")) if m else None


def start_of(inp: SectionInput, dp: DataPoint) -> str | None:
    """Where a figure starts, when the goal or feedback says ("from 2,000 to 10,000
    subscribers" gives ``2,000``; "from 8% to 5%" gives ``8%``), else None."""
    head = dp.value.split()[0] if dp.value.split() else ""
    if not head[:1].isdigit():
        return None
    said = re.compile(
        rf"\bfrom\s([0-9][0-9,.]{{0,12}}%?)\s(?:[a-z]+\s)?to\s{re.escape(head)}(?![0-9,])",
        re.I,
    )
    for text in (inp.goal, *(f.text for f in inp.feedback)):
        if m := said.search(text):
            return m.group(1).rstrip(".,")
    return None


def percent_of(dp: DataPoint) -> float | None:
    m = re.match(r"\s*([0-9]{1,3}(?:\.[0-9]+)?)", dp.value)
    return float(m.group(1)) if m else None


@dataclass(frozen=True)
class Horizon:
    """The schedule length in days, what it rests on, and the duration as the goal wrote it."""

    days: int
    basis: str
    assumed: bool
    stated: str = ""

    def at(self, share: float) -> str:
        """When a share of the horizon is reached, as ``day N`` or ``week N``."""
        day = max(1, math.ceil(self.days * share))
        return f"day {day}" if self.days <= 28 else f"week {max(1, math.ceil(day / 7))}"

    @property
    def weeks(self) -> int:
        return max(1, math.ceil(self.days / 7))


def horizon(inp: SectionInput) -> Horizon:
    """The schedule length: start to deadline, the longest stated duration, else assumed."""
    if inp.outline is not None:
        out = inp.outline
        if out.assumed_end:
            basis = f"no deadline stated; assumed to end {out.end.isoformat()}"
        else:
            basis = f"from {out.start.isoformat()} {out.until}"
        return Horizon(out.days, basis, assumed=out.assumed_end, stated=out.end.isoformat())
    best: tuple[int, DataPoint] | None = None
    for p in inp.pick("timeline"):
        days = duration_days(p.value)
        if days and (best is None or days > best[0]):
            best = (days, p)
    if best:
        return Horizon(best[0], cite(best[1]), assumed=False, stated=best[1].value)
    deadline = inp.first("deadline")
    if deadline:
        basis = f"counted back from the deadline {cite(deadline)}; twelve weeks assumed"
        return Horizon(DEFAULT_HORIZON_DAYS, basis, assumed=True)
    return Horizon(DEFAULT_HORIZON_DAYS, "no duration stated; twelve weeks assumed", True)


def context_of(inp: SectionInput, dp: DataPoint, n: int = 2) -> str:
    """What a value measures: the words just before it where it was written.

    ``grow revenue 15%`` gives ``revenue``; the search stops at the previous number, so the
    words of another data point are never borrowed. Falls back to the data point's label.
    """
    for text in [inp.goal, *(clean(f.text) for f in inp.feedback)]:
        at = text.lower().find(dp.value.lower())
        if at <= 0:
            continue
        useful: list[str] = []
        for word in reversed(re.split(r"[.;:!?,()]", text[:at])[-1].split()):
            if any(c.isdigit() for c in word) or len(useful) == n:
                break
            bare = word.strip("\"'“”‘’").lower()
            if len(bare) > 2 and bare.isalpha() and bare not in _FILLER:
                useful.insert(0, bare)
        if useful:
            return " ".join(useful)
    return dp.label


TARGETS = (
    "growth target",
    "reduction target",
    "revenue target",
    "fundraising target",
    "target time",
    "percentage",
    "margin",
)


def measure_name(inp: SectionInput, p: DataPoint) -> str:
    """What a target measures: the noun of a count (``new stores``), else the words before it."""
    if p.label == "target time":
        return "finish time"
    if p.label == "fundraising target":  # not "raising", the word before it
        return p.label
    if p.label == "revenue target" and any(
        q.label == "replaced fundraising target" for q in inp.points
    ):
        return "fundraising target"  # "the target is now £750" of money raised
    if p.label in COUNTS and " " in p.value:
        return p.value.split(" ", 1)[1]
    return context_of(inp, p)


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])[.!?](?:\s|$)|\n")
_AND_VERB = re.compile(
    r"\s(?:and|then)\s(?:get|raise|open|launch|apply|find|hire|sell|buy)\b", re.I
)


def first_sentence(text: str) -> str:
    """The goal's first sentence when a second aim follows its first clause ("write a
    business plan and get a £15,000 bank loan"), and it is short enough to say whole;
    else "" (the first clause says it)."""
    end = _SENTENCE_END.search(text)
    sentence = (text[: end.start()] if end else text).strip()
    if len(sentence) > 160 or not _AND_VERB.search(sentence):
        return ""
    return sentence


# Goals a person works at with little money: no budget is no gap.
_NO_MONEY_NEEDED = frozenset({"training", "fitness", "study", "writing", "job", "talk", "care"})
_FILLER = (
    STOPWORDS
    | COMMON_VERBS
    | {"the", "and", "for", "our", "its", "has", "per", "hit", "get", "all"}
)
