"""Planners: the interface, the offline planner, and the factory that picks one from settings."""

from __future__ import annotations

from planloop.planners.base import Planner
from planloop.settings import Settings


def make_planner(settings: Settings) -> Planner:
    if settings.planner == "offline":
        from planloop.planners.offline import OfflinePlanner

        return OfflinePlanner(step_delay_s=settings.offline_step_delay_s)
    raise ValueError(f"planner {settings.planner!r} is not available in this version")


__all__ = ["Planner", "make_planner"]
