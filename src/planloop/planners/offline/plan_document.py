"""The offline planner's Markdown plan: read back from the run state, extended, written out.

The plan itself is the planner's memory between iterations: its ``## `` sections, the
checkpoints already answered in "Reviewer direction" and the lines of the "Revision log" are
parsed from ``ctx.state.plan``, so the planner keeps no state of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planloop.domain import DataPoint, Feedback
from planloop.planners.offline.families import STRUCTURE_TITLES
from planloop.planners.offline.families.debts import shortfall
from planloop.planners.offline.families.render import TITLES as OUTLINE_TITLES
from planloop.planners.offline.first_steps import first_steps
from planloop.planners.offline.questions import gaps
from planloop.planners.offline.risks import derive_risks, watched
from planloop.planners.offline.section_kit import SectionInput, horizon
from planloop.terms import cell, clean, join_words, lower_first, quote, shorten

NEXT_ACTIONS = "Next actions"
OPEN_QUESTIONS = "Open questions"
DATA_POINTS = "Data points"
REVIEWER = "Reviewer direction"
REVISION_LOG = "Revision log"
RESERVED = (NEXT_ACTIONS, OPEN_QUESTIONS, DATA_POINTS, REVIEWER, REVISION_LOG)
TOP = (*OUTLINE_TITLES, *STRUCTURE_TITLES)  # rebuilt from the constraints every iteration
NOTE = "_Drafted by planloop's offline planner (deterministic, no language model)._"

_HEADING = re.compile(r"^## (.+?)[ \t]*$", re.MULTILINE)
_ENTRY = re.compile(r"^### Checkpoint ([0-9]{1,6})[ \t]*$", re.MULTILINE)
_LOG_LINE = re.compile(r"- Iteration ([0-9]{1,6}): ")


@dataclass
class PlanDocument:
    """A plan as ordered sections (title → body) plus the reserved sections' contents."""

    sections: dict[str, str] = field(default_factory=dict)
    reviewer: dict[int, str] = field(default_factory=dict)
    log: dict[int, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # next actions, open questions
    top: dict[str, str] = field(default_factory=dict)  # schedule, budget, structure, …

    @classmethod
    def parse(cls, plan: str) -> PlanDocument:
        """Read a plan back; text before the first ``## `` heading (title, note) is dropped."""
        found: dict[str, str] = {}
        heads = list(_HEADING.finditer(plan))
        for i, m in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(plan)
            found[m.group(1)] = plan[m.end() : end].strip("\n")
        doc = cls(sections={t: b for t, b in found.items() if t not in (*RESERVED, *TOP)})
        doc.top = {t: b for t, b in found.items() if t in TOP}
        doc.reviewer = _entries(found.get(REVIEWER, ""))
        for line in found.get(REVISION_LOG, "").splitlines():
            if logged := _LOG_LINE.match(line):
                doc.log[int(logged.group(1))] = line
        doc.extra = {t: found[t] for t in (NEXT_ACTIONS, OPEN_QUESTIONS) if t in found}
        return doc

    def render(self, goal: str, points: Sequence[DataPoint], amended: str = "") -> str:
        """The plan; ``amended``: what checkpoints changed of the goal, said under its title
        (the title, and the sections that quote the goal, keep the goal's own words)."""
        parts = [f"# Plan: {title_line(goal)}", NOTE, *([amended] if amended else [])]
        parts += [f"## {title}\n\n{body}" for title, body in self.top.items()]
        parts += [f"## {title}\n\n{body}" for title, body in self.sections.items()]
        parts += [
            f"## {title}\n\n{self.extra[title]}"
            for title in (NEXT_ACTIONS, OPEN_QUESTIONS)
            if title in self.extra
        ]
        parts.append(f"## {DATA_POINTS}\n\n{data_table(points)}")
        if self.reviewer:
            entries = [self.reviewer[k] for k in sorted(self.reviewer)]
            parts.append(f"## {REVIEWER}\n\n{_REVIEWER_INTRO}\n\n" + "\n\n".join(entries))
        if self.log:
            parts.append(
                f"## {REVISION_LOG}\n\n" + "\n".join(self.log[i] for i in sorted(self.log))
            )
        return "\n\n".join(parts) + "\n"


_REVIEWER_INTRO = (
    "Feedback from the checkpoints, quoted as written. It is treated as direction for the "
    "plan's content, never as instructions to the planner."
)


def _entries(body: str) -> dict[int, str]:
    heads = list(_ENTRY.finditer(body))
    out: dict[int, str] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        out[int(m.group(1))] = body[m.start() : end].strip("\n")
    return out


def title_line(goal: str) -> str:
    """The goal's first non-empty line, cut to about 80 characters."""
    for line in goal.splitlines():
        if clean(line):
            return shorten(line, 80)
    return "untitled goal"


def blockquote(text: str, limit: int = 1500) -> str:
    """Outside text as a Markdown blockquote: every line prefixed, control characters dropped."""
    lines = [clean(line) for line in text[:limit].splitlines()] or [""]
    while lines and not lines[-1]:
        lines.pop()
    body = "\n".join(f"> {line}" if line else ">" for line in lines)
    return body + ("\n> …" if len(text) > limit else "")


def data_table(points: Sequence[DataPoint]) -> str:
    if not points:
        return "No data points found yet."
    rows = ["| Label | Value | Source |", "|---|---|---|"]
    rows += [f"| {cell(p.label)} | {cell(p.value)} | {cell(p.source)} |" for p in points]
    return "\n".join(rows)


def reviewer_entry(fb: Feedback, iteration: int, applied: str | None) -> str:
    """A checkpoint's feedback quoted, and what the plan did with it (``applied``; None:
    nothing in it was read)."""
    done = (
        f"Applied from iteration {iteration}: {applied}"
        if applied
        else f"Read at iteration {iteration}: nothing in it matched a framework, a number, a "
        "date, a person or a limit, so no section changed for it. Feedback that names one "
        "of those is applied at the next iteration."
    )
    return f"### Checkpoint {fb.checkpoint}\n\n{blockquote(fb.text)}\n\n{done}"


def next_actions(inp: SectionInput, applied_titles: Sequence[str], structure: str = "") -> str:
    """Concrete next steps from the feedback, the plan's first dated steps (its structure
    table and milestones), the top risks and the gaps."""
    said = [(fb, _applied(inp, fb)) for fb in reversed(inp.feedback)][:2]
    # feedback the plan could not apply comes first: the person acts on it; what it applied
    # is news for the others, after the first steps, and for nobody in one person's plan
    # (found by two new users' trials: every plan opened with "Tell everyone involved what
    # checkpoint 1 changed", a learner's too)
    actions = [_feedback_action(fb, done) for fb, done in said if not done]
    out = inp.outline
    if (
        out is not None
        and out.family.id == "debt"
        and (short := shortfall(out.goal, out.cs, out.end))
    ):
        actions.insert(0, short)  # the money said a month does not clear it in time
    first = first_steps(inp.outline, structure) if inp.outline is not None else []
    agreed = f"scope and baseline agreed by {horizon(inp).at(0.1)}"
    actions += first or [f"Start with “{shorten(inp.lead, 70)}”: {agreed}."]
    if not inp.solo:  # ... but whom the plan is kept from (secrets.py)
        kept = [c.subject for c in out.cs.exclusions if c.scope == "secret"] if out else []
        but = f" (not {join_words(kept)})" if kept else ""
        actions += [_feedback_action(fb, done) + but for fb, done in said if done]
    risks = derive_risks(inp)
    # the risk the register watches first; the second too when no dated steps lead
    for risk in [watched(risks)[1]] if first else risks[:2]:
        actions.append(f"Mitigate the risk “{risk.short}”: {lower_first(risk.mitigation)}.")
    for question in gaps(inp)[:2]:
        actions.append(f"Get an answer: {question}")
    if applied_titles and inp.solo:  # the owner is the one who reads it
        actions.append(
            f"Read the plan's {len(applied_titles)} framework sections through once; "
            "mark what does not fit."
        )
    elif applied_titles and inp.outline is not None and (named := inp.outline.cs.members):
        # who is named in it confirms their part (found by a new user's trial: "Walk the
        # owner through the plan's 8 framework sections" closed every plan)
        people = join_words(m.name for m in named[:4])
        actions.append(
            f"Send the plan to {people}; each confirms the milestones and tasks they own."
        )
    return "\n".join(f"{i}. {a}" for i, a in enumerate(actions[:7], start=1))


def _applied(inp: SectionInput, fb: Feedback) -> bool:
    out = inp.outline
    return out is not None and bool(out.cs.from_source(f"feedback:{fb.checkpoint}"))


def _feedback_action(fb: Feedback, applied: bool) -> str:
    """What to do about a checkpoint's feedback: what the plan already applied is news for
    the people involved (found as a user: "Act on checkpoint 1 feedback: “postpone it by
    two weeks”" after the plan had moved every date, inviting a second postponement)."""
    if applied:
        return (
            f"Tell everyone involved what checkpoint {fb.checkpoint} changed: {quote(fb.text, 90)}"
        )
    return f"Act on checkpoint {fb.checkpoint} feedback: {quote(fb.text, 90)}"


def open_questions(inp: SectionInput) -> str:
    questions = list(gaps(inp))
    questions += [
        f"Checkpoint {fb.checkpoint} asked: {quote(fb.text, 120)}"
        for fb in inp.feedback
        if "?" in fb.text
    ]
    if not questions:
        _, top = watched(derive_risks(inp))
        questions.append(
            # one person's own plan sets no money aside (found as a user: a learner asked
            # whether "The July 2027 deadline is missed" needs money set aside)
            f"What gives way first if “{top.short}” looks likely: more hours a week, less to"
            " do, or a later date?"
            if inp.solo
            else f"Is the mitigation for the risk “{top.short}” enough, or does it need money"
            " set aside?"
        )
    return "\n".join(f"- {q}" for q in questions[:8])
