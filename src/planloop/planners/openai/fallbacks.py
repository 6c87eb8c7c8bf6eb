"""What the model planner does for a model too weak for a step: the offline planner's
proposal in its place, and a word of warning about a thin iteration it still keeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planloop.domain import Proposal
from planloop.planners.base import MemoryNote
from planloop.planners.openai import model_output as out
from planloop.planners.openai import sections

THIN_CHARS = 200  # an iteration whose plan holds less text than this is "thin"
FALLBACK_LABEL = "Fallback proposal"


async def offline_proposal(
    model: str, goal: str, memory: Sequence[MemoryNote], reason: str
) -> Proposal:
    """The offline planner's proposal, its approach saying whose it is and why."""
    from planloop.planners.offline import OfflinePlanner

    offline = await OfflinePlanner(step_delay_s=0).propose(goal, memory)
    names = ", ".join(f.title for f in offline.frameworks)
    approach = (
        f"{FALLBACK_LABEL}: the model {model} could not make a usable proposal "
        f"({out.cut(reason, 160)}), so these frameworks and numbers are the built-in "
        f"offline planner's: {names}, over {offline.max_iterations} iterations with a "
        f"checkpoint every {offline.checkpoint_interval}. The model still writes the plan."
    )
    return offline.model_copy(update={"approach": approach})


def draft_data(latest: out.IterationOut, plan: Sequence[sections.Section]) -> dict[str, Any]:
    """The draft as the critique and the revision see it: the whole plan as drafted."""
    data = latest.model_dump(exclude={"sections"})
    data["sections"] = [s.as_data() for s in plan]
    return data


def thin(plan: Sequence[sections.Section], before: Sequence[sections.Section]) -> str:
    """Why an iteration's plan is thin (empty string when it is not)."""
    text = sum(len(s.markdown.strip()) for s in plan)
    if text < THIN_CHARS:
        return f"the plan holds {text} characters"
    if before and not sections.changed(before, plan):
        return "no section changed"
    return ""
