"""The frames of ``GET /api/execute-plan``: planloop's events in the original page's shapes.

The original page listened only to unnamed SSE events and read older field shapes
(frameworks as strings, data points as counts, a nested ``improvements`` object, the old
names of :mod:`.aliases`). It also put several strings into innerHTML, so every string it
may display is HTML-escaped here.
"""

from __future__ import annotations

import html
from typing import Any

from planloop.api.compat.aliases import wire_data
from planloop.events import StoredEvent, dump_json, encode_sse

_ENVELOPE = {"type", "run_id", "seq", "ts"}


def _titles(frameworks: list[dict[str, Any]]) -> list[str]:
    return [str(f.get("title", f.get("id", ""))) for f in frameworks]


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in _ENVELOPE else _escape(v)) for k, v in value.items()}
    return value


def _improvements(data: dict[str, Any]) -> dict[str, Any]:
    imp = data.get("improvements") or {}
    added = _titles(imp.get("frameworks_added", []))
    sections_added = imp.get("sections_added", [])
    sections_revised = imp.get("sections_revised", [])
    gained = int(imp.get("data_points_gained", 0))
    depth = min(10, len(sections_added) + len(sections_revised) + len(added))
    return {
        "is_first_checkpoint": data.get("checkpoint_number") == 1,
        "improvements": {
            "research_improvements": f"{gained} new data points extracted",
            "frameworks_applied": ", ".join(added) or "no new frameworks",
            "use_cases_found": ", ".join(sections_added) or "no new plan sections",
            "analytical_improvements": ", ".join(sections_revised) or "no sections revised",
            "key_discovery": imp.get("key_discovery", ""),
        },
        "comparison": {
            "frameworks_added": len(added),
            "data_points_gained": gained,
            # Plan sections added or revised plus frameworks added since the last
            # checkpoint, capped at 10: how much this stretch deepened the plan.
            "depth_score": depth,
        },
    }


def seed_payload(event: StoredEvent) -> dict[str, Any]:
    data = wire_data(event)
    if event.type == "checkpoint_reached":
        # Fields added after the original design: its page never saw them.
        data.pop("revision", None)
        data.pop("changes", None)
        data["frameworks_so_far"] = _titles(data.get("frameworks_so_far", []))
        data["data_points_so_far"] = len(data.get("data_points_so_far", []))
        data["improvements"] = _improvements(data)
    elif event.type == "final_plan":
        data["frameworks"] = _titles(data.get("frameworks", []))
        data["data_points"] = len(data.get("data_points", []))
    elif event.type in ("iteration_progress", "iteration_completed"):
        for key in ("frameworks_applied",):
            if key in data and data[key] is not None:
                data[key] = _titles(data[key])
        if data.get("data_points") is not None:
            data["data_points"] = len(data["data_points"])
    escaped: dict[str, Any] = _escape(data)
    return escaped


def seed_frame(event: StoredEvent) -> bytes:
    """An unnamed SSE event (``id:`` and ``data:`` only) in the original shapes."""
    return event.cached_frame(
        "seed", lambda e: encode_sse(dump_json(seed_payload(e)), event_id=e.seq)
    )
