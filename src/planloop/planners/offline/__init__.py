"""The offline planner: deterministic plans from the goal, the proposal, feedback and memory,
with no model and no network (the default)."""

from planloop.planners.offline.planner import OfflinePlanner

__all__ = ["OfflinePlanner"]
