"""Checkpoint summaries, computed from the run's own state and never invented.

At each checkpoint the run records a snapshot (framework ids, data point count, a hash
per plan section). The next checkpoint compares against it, so "what improved" is a diff
of facts, whatever planner wrote the plan.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from planloop.domain import PlanState
from planloop.events import Improvements

_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


def sections(plan: str) -> dict[str, str]:
    """Level-2 sections of a Markdown plan: title → body."""
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(plan))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(plan)
        found[m.group(1)] = plan[m.end() : end].strip()
    return found


def snapshot(state: PlanState) -> dict[str, Any]:
    return {
        "frameworks": [f.id for f in state.frameworks],
        "data_points": len(state.data_points),
        "iterations": len(state.iterations),
        "sections": {
            title: hashlib.sha256(body.encode()).hexdigest()[:16]
            for title, body in sections(state.plan).items()
        },
    }


def improvements(state: PlanState, previous: dict[str, Any] | None) -> Improvements:
    before = previous or {"frameworks": [], "data_points": 0, "iterations": 0, "sections": {}}
    known = set(before["frameworks"])
    added = [f for f in state.frameworks if f.id not in known]
    gained = len(state.data_points) - int(before["data_points"])
    now_sections = snapshot(state)["sections"]
    old_sections: dict[str, str] = before["sections"]
    sections_added = [t for t in now_sections if t not in old_sections]
    sections_revised = [
        t for t, h in now_sections.items() if t in old_sections and old_sections[t] != h
    ]
    recent = state.iterations[int(before["iterations"]) :]
    return Improvements(
        frameworks_added=added,
        data_points_gained=max(gained, 0),
        key_discovery=_key_discovery(state, recent_findings=[r.key_finding for r in recent]),
        sections_added=sections_added,
        sections_revised=sections_revised,
    )


def _key_discovery(state: PlanState, recent_findings: list[str]) -> str:
    for finding in reversed(recent_findings):
        if finding.strip():
            return _one_sentence(finding)
    if state.data_points:
        dp = state.data_points[-1]
        return f"The latest data point is {dp.label}: {dp.value} (from {dp.source})."
    return "No new facts surfaced yet; the plan so far rests on the goal as stated."


def _one_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s", text)
    return text[: m.start()] if m else text


def summary_text(state: PlanState, iteration: int, max_iterations: int, imp: Improvements) -> str:
    titles = ", ".join(f.title for f in state.frameworks) or "none yet"
    parts = [
        f"After iteration {iteration} of {max_iterations}: "
        f"{_counted(len(state.frameworks), 'framework')} applied ({titles}), "
        f"{_counted(len(state.data_points), 'data point')}."
    ]
    # Which sections were added or changed is the checkpoint's own `changes` (by title,
    # against the plan last reviewed); counted here too, the two figures disagreed.
    changes = []
    if imp.frameworks_added:
        changes.append(f"{_counted(len(imp.frameworks_added), 'framework')} added")
    if imp.data_points_gained:
        changes.append(f"{_counted(imp.data_points_gained, 'data point')} gained")
    if changes:
        parts.append("Since the last review: " + ", ".join(changes) + ".")
    parts.append(imp.key_discovery)
    return " ".join(parts)


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
