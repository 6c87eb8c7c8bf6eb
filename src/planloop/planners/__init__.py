"""Planners: the interface, the offline planner, and the factory that picks one from settings."""

from __future__ import annotations

from planloop.planners.base import Planner
from planloop.settings import Settings


def make_planner(settings: Settings) -> Planner:
    if settings.planner == "offline":
        from planloop.planners.offline import OfflinePlanner

        return OfflinePlanner(step_delay_s=settings.offline_step_delay_s)
    from planloop.planners.openai import OpenAIPlanner

    assert settings.model is not None  # Settings refuses openai without a model
    return OpenAIPlanner(
        settings.model,
        settings.openai_base_url,
        settings.openai_api_key,
        max_retries=settings.model_max_retries,
        timeout_s=settings.model_timeout_s,
        stages=settings.model_stages,
    )


__all__ = ["Planner", "make_planner"]
