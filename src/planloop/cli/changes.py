"""A plan's changes as the terminal shows them: the sections by title, the diff's colours."""

from __future__ import annotations

from typing import Any

DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def change_line(changes: dict[str, Any]) -> str:
    """``Added (1): Risks · Changed (2): Budget, Staff`` — the sections, by title."""
    parts = []
    for kind in ("added", "changed", "removed"):
        listed = changes.get(kind) or []
        titles = [str(s.get("title", "")) if isinstance(s, dict) else str(s) for s in listed]
        count = (changes.get("counts") or {}).get(kind, len(titles))
        if count:
            parts.append(f"{kind.capitalize()} ({count}): {', '.join(titles)}")
    return " · ".join(parts) or "No sections changed since the last review."
