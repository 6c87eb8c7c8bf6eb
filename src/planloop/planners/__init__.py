"""Planners: the interface, the offline planner, and the factory that picks one from settings."""

from __future__ import annotations

from collections.abc import Sequence

from planloop.domain import MemoryNote, Proposal
from planloop.plan_processes import PlanProcesses
from planloop.planners.base import Planner
from planloop.settings import Settings


def make_planner(settings: Settings, processes: PlanProcesses | None = None) -> Planner:
    """The planner ``settings`` name; the offline one writes its plans in ``processes``."""
    if settings.planner == "offline":
        from planloop.planners.offline import OfflinePlanner

        return OfflinePlanner(step_delay_s=settings.offline_step_delay_s, processes=processes)
    from planloop.planners.openai import OpenAIPlanner

    assert settings.model is not None  # Settings refuses openai without a model
    return OpenAIPlanner(
        settings.model,
        settings.openai_base_url,
        settings.openai_api_key,
        max_retries=settings.model_max_retries,
        timeout_s=settings.model_timeout_s,
        deadline_s=settings.model_deadline_s,
        context_tokens=settings.model_context,
        stages=settings.model_stages,
    )


async def stated_proposal(goal: str, memory: Sequence[MemoryNote]) -> Proposal:
    """A proposal for a run whose request states its own approach, iterations and interval:
    the built-in planner's frameworks (deterministic, no model), labelled as such."""
    from planloop.planners.offline import OfflinePlanner

    found = await OfflinePlanner(step_delay_s=0).propose(goal, memory)
    names = ", ".join(f.title for f in found.frameworks)
    approach = (
        "Stated with the run (no model proposal was asked for); the frameworks are the "
        f"built-in planner's: {names}."
    )
    return found.model_copy(update={"approach": approach})


__all__ = ["Planner", "make_planner", "stated_proposal"]
