"""How the offline planner decides what one iteration does, and how it reports it.

The proposal's frameworks are spread over the iterations in contiguous chunks (ceil division).
Checkpoint feedback steers the rest: frameworks whose keywords the reviewer used move to the
front of the queue, frameworks the reviewer names explicitly ("add a RACI") are added, and
already-applied sections the feedback points at are revised. An iteration with no framework
left to apply is a refinement pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planloop.domain import DataPoint, Feedback, Framework
from planloop.planners.base import IterationContext
from planloop.planners.offline import catalog
from planloop.planners.offline.risks import derive_risks, watched
from planloop.planners.offline.section_kit import SectionInput, cite
from planloop.terms import join_words

_KEY_LABELS = (
    "deadline", "budget", "revenue target", "growth target", "reduction target", "timeline",
    "team size", "audience", "locations", "amount", "constraint",
)  # fmt: skip


@dataclass
class Work:
    """What one iteration does, decided from the context alone."""

    apply: list[Framework] = field(default_factory=list)
    revise: dict[str, list[int]] = field(default_factory=dict)  # framework id → checkpoints
    focus: dict[int, list[str]] = field(default_factory=dict)  # checkpoint → titles put first
    moved: dict[int, list[str]] = field(default_factory=dict)  # checkpoint → titles moved up
    added: dict[int, list[str]] = field(default_factory=dict)  # checkpoint → titles requested

    @property
    def refine(self) -> bool:
        return not self.apply


def merged_feedback(feedback: list[Feedback]) -> list[Feedback]:
    """Non-empty feedback, one item per checkpoint (texts of a repeated checkpoint joined)."""
    by_checkpoint: dict[int, list[str]] = {}
    for fb in feedback:
        if fb.text.strip():
            by_checkpoint.setdefault(fb.checkpoint, []).append(fb.text)
    return [Feedback(checkpoint=k, text="\n".join(v)) for k, v in sorted(by_checkpoint.items())]


def plan_work(
    ctx: IterationContext,
    feedback: list[Feedback],
    unseen: list[Feedback],
    titles: dict[str, str],
) -> Work:
    """Which frameworks to apply and which sections to revise in ``ctx.iteration``."""
    work = Work()
    proposal = list({fw.id: fw for fw in ctx.proposal.frameworks}.values())
    applied = {fw.id for fw in ctx.state.frameworks}
    remaining = [fw for fw in proposal if fw.id not in applied]
    in_proposal = {fw.id for fw in proposal}
    pulled: dict[str, list[int]] = {}
    for fb in feedback:
        for fw in remaining:
            spec = catalog.get(fw.id)
            if spec and catalog.matches(spec, fb.text):
                pulled.setdefault(fw.id, []).append(fb.checkpoint)
        for spec in catalog.requested(fb.text):
            if spec.id not in applied | in_proposal | {f.id for f in work.apply}:
                work.apply.append(spec.framework)
                work.added.setdefault(fb.checkpoint, []).append(titles[spec.id])
    first = [fw for fw in remaining if fw.id in pulled]
    ordered = first + [fw for fw in remaining if fw.id not in pulled]
    chunk = math.ceil(len(proposal) / max(1, ctx.max_iterations))
    done = len(proposal) - len(remaining)
    last = ctx.iteration >= ctx.max_iterations
    take = len(remaining) if last else max(0, ctx.iteration * chunk - done)
    work.apply += ordered[:take]
    for fb in unseen:
        mine = [fw for fw in first if fb.checkpoint in pulled[fw.id]]
        work.focus[fb.checkpoint] = [titles[fw.id] for fw in mine]
        work.moved[fb.checkpoint] = [
            titles[fw.id] for fw in mine if ordered.index(fw) < remaining.index(fw)
        ]
        for fw in ctx.state.frameworks:
            spec = catalog.get(fw.id)
            if spec and catalog.matches(spec, fb.text):
                work.revise.setdefault(fw.id, []).append(fb.checkpoint)
    return work


def applied_text(
    fb: Feedback,
    work: Work,
    titles: dict[str, str],
    points: list[DataPoint],
    constraints: int = 0,
) -> str | None:
    """How a checkpoint's feedback was applied, for the "Reviewer direction" section; None
    when nothing in it was."""
    parts = []
    if constraints:
        read = f"{constraints} constraint{'' if constraints == 1 else 's'}"
        parts.append(f"read {read} from it (see Feedback applied)")
    revised = [titles[i] for i, ks in work.revise.items() if fb.checkpoint in ks]
    if revised:
        parts.append(f"revised {join_words(revised)}")
    if work.focus.get(fb.checkpoint):
        moved = work.moved.get(fb.checkpoint)
        note = f" ({join_words(moved)} moved up the queue)" if moved else ""
        parts.append(f"prioritised {join_words(work.focus[fb.checkpoint])}{note}")
    if work.added.get(fb.checkpoint):
        parts.append(f"added {join_words(work.added[fb.checkpoint])} at the reviewer's request")
    if points:
        facts = join_words(f"{p.label} {p.value}" for p in points)
        parts.append(f"recorded {facts} (source feedback:{fb.checkpoint})")
    # it had said "Every section written from now on cites it" of feedback nothing read,
    # which no section then cited (found as a user)
    return f"{'; '.join(parts)}. The sections it changed say so." if parts else None


def summary_text(
    work: Work, titles: dict[str, str], revised: list[str], fresh: list[DataPoint], why: str
) -> str:
    """What changed this iteration, as a phrase (``applied X and Y; added 3 data points``)."""
    done = []
    if work.apply:
        done.append(f"applied {join_words(titles[fw.id] for fw in work.apply)}")
    if revised:
        done.append(f"revised {join_words(revised)}{why}")
    if work.refine:
        done.append("refined the next actions and open questions")
    if fresh:
        done.append(f"added {len(fresh)} data point{'' if len(fresh) == 1 else 's'}")
    return "; ".join(done) if done else "re-checked the plan; nothing new was found"


def key_finding(fresh: list[DataPoint], inp: SectionInput) -> str:
    """One sentence grounded in what was found: the weightiest new fact, else the top risk."""
    ranked = sorted(
        fresh,
        key=lambda p: (
            not p.source.startswith("feedback:"),
            p.source.startswith("memory:"),
            _rank(p.label),
        ),
    )
    if ranked:
        p = ranked[0]
        whose = "the reviewer's" if p.source.startswith("feedback:") else "the"
        return f"Most important new fact: {whose} {p.label} {cite(p)}, now tracked in the plan."
    _, top = watched(derive_risks(inp))
    return (
        f"The top risk is “{top.short}” "
        f"({top.likelihood.lower()} likelihood, {top.impact.lower()} impact)."
    )


def _rank(label: str) -> int:
    return _KEY_LABELS.index(label) if label in _KEY_LABELS else len(_KEY_LABELS)
