"""The framework catalog of the offline planner: which frameworks exist, how they rank for a
goal, how feedback points at them, and how each one's section is rendered.

Every entry has a stable snake_case id, a title, keywords (matched by stem against the goal
and the reviewer's feedback), aliases (explicit names a reviewer may ask for), the data point
labels that make it more relevant, and a renderer producing goal-specific Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planloop.domain import DataPoint, Feedback, Framework
from planloop.planners.offline import sections_delivery as delivery
from planloop.planners.offline import sections_scope as scope
from planloop.planners.offline import sections_smart as smart
from planloop.planners.offline.section_kit import SectionInput, cite
from planloop.terms import clean, join_words, quote, stem, stems

Renderer = Callable[[SectionInput], str]


@dataclass(frozen=True)
class FrameworkSpec:
    id: str
    title: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...]
    boosts: tuple[str, ...]
    render: Renderer

    @property
    def framework(self) -> Framework:
        return Framework(id=self.id, title=self.title)

    @property
    def keyword_stems(self) -> frozenset[str]:
        return frozenset(stem(k) for k in self.keywords)


def _spec(
    fid: str, title: str, keywords: str, aliases: str, boosts: str, render: Renderer
) -> FrameworkSpec:
    return FrameworkSpec(
        fid, title, tuple(keywords.split()), tuple(a for a in aliases.split(",") if a),
        tuple(b for b in boosts.split(",") if b), render,
    )  # fmt: skip


CATALOG: tuple[FrameworkSpec, ...] = (
    _spec(
        "smart_goal", "SMART goal",
        "goal objective target measurable achieve outcome specific result aim",
        "smart goal,smart", "growth target,reduction target,revenue target", smart.smart_goal,
    ),
    _spec(
        "stakeholders", "Stakeholder map",
        "stakeholder customer user partner investor community client board sponsor public "
        "audience student patient resident member parent supplier",
        "stakeholder map", "audience,locations", scope.stakeholders,
    ),
    _spec(
        "swot", "SWOT analysis",
        "competitor competition market strength weakness opportunity threat position strategy "
        "advantage landscape expand expansion",
        "swot", "", scope.swot,
    ),
    _spec(
        "work_breakdown", "Work breakdown",
        "build develop project deliver create implement scope task feature product migrate "
        "design write open install setup rollout",
        "work breakdown,wbs", "locations,count", scope.work_breakdown,
    ),
    _spec(
        "milestones", "Milestones and critical path",
        "deadline timeline schedule date week month quarter launch milestone phase roadmap "
        "critical path days",
        "milestones,critical path", "timeline,deadline,date,start date", scope.milestones,
    ),
    _spec(
        "moscow", "MoSCoW priorities",
        "priority prioritize feature requirement scope mvp backlog essential optional "
        "minimum constraint tradeoff",
        "moscow", "constraint", scope.moscow,
    ),
    _spec(
        "raci", "RACI matrix",
        "hire team role owner responsible accountable engineer contractor staff department "
        "delegate responsibility coordinate volunteer",
        "raci", "team size", delivery.raci,
    ),
    _spec(
        "risk_register", "Risk register",
        "risk budget cost compliance legal security safety uncertain regulation exposure "
        "contingency tight danger",
        "risk register", "budget,deadline", delivery.risk_register,
    ),
    _spec(
        "premortem", "Pre-mortem",
        "fail failure risk bet unknown mistake pitfall pilot experiment worst",
        "pre-mortem,premortem", "", delivery.premortem,
    ),
    _spec(
        "kpis", "KPIs",
        "grow growth increase revenue metric measure kpi conversion retention churn rate "
        "performance sales reduce customer",
        "kpi,kpis", "growth target,reduction target,percentage,revenue target,audience",
        delivery.kpis,
    ),
    _spec(
        "assumptions", "Assumptions log",
        "assume assumption hypothesis validate test demand research unknown baseline",
        "assumptions", "", delivery.assumptions,
    ),
    _spec(
        "resource_plan", "Budget and resources",
        "budget cost money fund funding hire resource staff spend invest equipment capacity "
        "contractor salary",
        "budget plan,resource plan", "budget,amount,team size", delivery.resource_plan,
    ),
)  # fmt: skip

_BY_ID = {spec.id: spec for spec in CATALOG}
FIRST = "smart_goal"


def get(framework_id: str) -> FrameworkSpec | None:
    return _BY_ID.get(framework_id)


def relevance(spec: FrameworkSpec, goal_stems: set[str], labels: set[str]) -> int:
    """Two points per keyword the goal uses, one per data point label the framework feeds on."""
    return 2 * len(spec.keyword_stems & goal_stems) + sum(1 for b in spec.boosts if b in labels)


def rank(goal: str, points: Sequence[DataPoint]) -> list[FrameworkSpec]:
    """The catalog ordered by relevance to ``goal``; SMART first, ties kept in catalog order."""
    goal_stems = stems(goal)
    labels = {p.label for p in points}
    rest = [s for s in CATALOG if s.id != FIRST]
    rest.sort(key=lambda s: -relevance(s, goal_stems, labels))  # sort is stable
    return [_BY_ID[FIRST], *rest]


def _alias_hit(text: str, alias: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text) is not None


def requested(text: str) -> list[FrameworkSpec]:
    """Frameworks the text asks for by name (``add a RACI``), in catalog order."""
    lowered = clean(text).lower()
    return [s for s in CATALOG if any(_alias_hit(lowered, a) for a in s.aliases)]


# Units of time say how much, not what about: "postpone it by two weeks" is no focus on
# weeks (found as a user: every section was "written around the reviewer's focus on weeks").
_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})


def matches(spec: FrameworkSpec, text: str) -> list[str]:
    """The words of ``text`` that point at ``spec`` (keyword stems or names), in text order."""
    lowered = clean(text).lower()
    found = [
        w
        for w in dict.fromkeys(re.findall(r"[^\W\d_]{3,}", lowered))
        if stem(w) in spec.keyword_stems
        and w not in _UNITS
        # "no sponsors" rules sponsors out: no focus on them (found as a user)
        and not re.search(
            rf"\b(?:no|without|not|drop|cut|skip|leave\sout|scrap|ditch)\s(?:\w+\s)?{w}\b",
            lowered,
        )
        # ... and "Aim for 1:55" asks for a time, not a focus on "aim" (found as a user)
        and not re.search(rf"(?:^|[.!?;]\s+){w}\s(?:for|to|at)\b", lowered)
    ]
    if not found and any(_alias_hit(lowered, a) for a in spec.aliases):
        found = [spec.title]
    return found


def section_body(spec: FrameworkSpec | None, inp: SectionInput) -> str:
    """The Markdown under a framework's heading, with a note for each feedback item that
    shaped it (one that changed nothing here is said once, under Feedback applied)."""
    body = (spec.render if spec else delivery.generic)(inp)
    notes = [n for fb in inp.feedback if (n := _adjustment(spec, fb, inp, body))]
    return "\n\n".join([*notes, body]) if notes else body


def render_section(spec: FrameworkSpec | None, title: str, inp: SectionInput) -> str:
    """A whole section: ``## <title>`` followed by its body."""
    return f"## {title}\n\n{section_body(spec, inp)}"


def _adjustment(spec: FrameworkSpec | None, fb: Feedback, inp: SectionInput, body: str) -> str:
    """One line (plus a focus list when it applies) saying how ``fb`` shaped this section,
    or "" when nothing in the section comes from it: a note on every section repeated the
    feedback five times in a plan where two sections used it (found as a user)."""
    hits = matches(spec, fb.text) if spec else []
    source = f"feedback:{fb.checkpoint}"
    own = [p for p in inp.points if p.source == source]
    head = f"_Adjusted for checkpoint {fb.checkpoint} feedback: {quote(fb.text, 120)}"
    if hits:
        line = f"{head} — written around the reviewer's focus on {join_words(hits[:4])}._"
        # what the feedback gave that this section does not say yet, once per section
        # (found by a new user's trial: the same five "Account for" lines in five sections)
        # ... and never what it replaced ("not £2,000": a second trial's "Account for
        # replaced amount £2,000")
        missing = [p for p in own if p.value not in body and not p.label.startswith("replaced")]
        if missing:
            line += "\n\n**Reviewer focus (checkpoint " + str(fb.checkpoint) + "):**\n"
            line += "\n".join(f"- Account for {p.label} {cite(p)}" for p in missing[:5])
        return line
    used = [p.value for p in own if p.value in body]
    if used:
        return f"{head} — its data points ({join_words(used[:4])}) are used below._"
    if source in body:
        return f"{head} — what it says is applied below._"
    return ""
