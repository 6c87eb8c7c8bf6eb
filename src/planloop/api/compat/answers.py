"""The original endpoints' JSON answers, in the shapes the original page reads."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from planloop.domain import Proposal
from planloop.engine import Decision


def approval(decision: Decision) -> dict[str, Any]:
    """``POST /api/checkpoint-approval``: ``{status, checkpoint, message, run_id}``."""
    status = "approved" if decision.decision == "approve" else "rejected"
    message = (
        "Checkpoint approved, continuing planning..."
        if status == "approved"
        else "Checkpoint rejected, planning stopped."
    )
    return {
        "status": status,
        "checkpoint": decision.checkpoint,
        "message": message,
        "run_id": decision.run_id,
    }


def proposal_text(proposal: Proposal) -> str:
    lines = [proposal.approach, "", "Frameworks, in order:"]
    lines += [f"{i}. {f.title}" for i, f in enumerate(proposal.frameworks, 1)]
    lines += [
        "",
        f"{proposal.max_iterations} iterations, a checkpoint every {proposal.checkpoint_interval}.",
    ]
    return "\n".join(lines)


def proposal(found: Proposal, agents: list[str], session_id: str) -> dict[str, Any]:
    """``POST /api/generate-proposal``: the proposal as text, with its coverage figures."""
    return {
        "status": "success",
        # The original page inserts this as HTML: escape it.
        "proposal": html.escape(proposal_text(found)),
        "approach": found.approach,
        "frameworks": [f.model_dump() for f in found.frameworks],
        "entity_names": found.memory.entities,
        "entity_count": len(found.memory.entities),
        "memory_coverage_percent": round(found.memory.coverage * 100, 1),
        # planloop does no web research; nothing is claimed.
        "research_coverage_percent": 0.0,
        "agents_to_use": agents or ["planner"],
        "max_iterations": found.max_iterations,
        "checkpoint_interval": found.checkpoint_interval,
        "session_id": session_id,
    }


def chat(reply: str, session_id: str) -> dict[str, Any]:
    """``POST /api/chat``: the reply twice (``response`` and ``reply``), as the page reads."""
    return {
        "status": "success",
        "response": reply,
        "reply": reply,
        "session_id": session_id,
        "timestamp": datetime.now(UTC).isoformat(),
    }
