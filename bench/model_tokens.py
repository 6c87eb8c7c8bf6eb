"""Tokens per iteration of the model planner on one fixed scripted run.

The scripted OpenAI-compatible server of the tests answers a fixed three-iteration run of
a plan with eight sections, four memory notes and feedback after the first iteration.
Each iteration changes two sections. The scripted "model" answers in whatever shape the
planner asks for: the whole plan as one Markdown string (the planner before sections) or
the changed sections only (``IterationOut.sections``). Tokens are counted the same way for
both: the server's prompt count (its request's messages, ~4 characters a token) and one
completion token per ~4 characters streamed.

    python -m bench tokens
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from tests.fakes.openai_server import Answer, ScriptedServer

from planloop.domain import DataPoint, Feedback, Framework, PlanState, Proposal
from planloop.planners.base import IterationContext, IterationResult, MemoryNote
from planloop.planners.openai import OpenAIPlanner
from planloop.planners.openai.model_output import IterationOut

GOAL = "Open a sourdough bakery in Lisbon by June 2027 with a budget of EUR 60,000"
TITLES = ["Scope", "Budget", "Premises", "Permits", "Staff", "Suppliers", "Launch", "Risks"]
ITERATIONS = 3
SECTIONS_MODE = "sections" in IterationOut.model_fields


def body(title: str, version: int) -> str:
    return "\n".join(
        f"- {title} item {i}: owner Ana, due 2027-0{1 + i % 5}-15, EUR {i},500 (v{version})"
        for i in range(12)
    )


def answer(iteration: int, stage: str, plan: dict[str, str]) -> str:
    changed = TITLES[(2 * iteration) % 8 : (2 * iteration) % 8 + 2]
    version = iteration * 2 + (1 if stage == "revise" else 0)
    for title in changed:
        plan[title] = body(title, version)
    data: dict[str, Any] = {
        "frameworks_applied": [{"id": "swot", "title": "SWOT"}],
        "data_points": [{"label": f"Cost {version}", "value": "EUR 1,000", "source": "model"}],
        "summary": f"Iteration {iteration} {stage}: revised {' and '.join(changed)}.",
        "key_finding": "The oven dominates the budget.",
    }
    if SECTIONS_MODE:
        data["sections"] = [
            {"id": t.lower(), "title": t, "markdown": plan[t]}
            for t in (TITLES if iteration == 1 and stage == "draft" else changed)
        ]
    else:
        data["plan"] = "\n\n".join(f"## {t}\n{plan[t]}" for t in TITLES)
    return json.dumps(data)


def critique() -> str:
    return json.dumps({"problems": ["Budget lacks a contingency line"], "suggestions": ["Add 10%"]})


async def measure(context: int) -> list[tuple[int, int, int]]:
    server = ScriptedServer().start()
    planner = OpenAIPlanner(
        "bench-model", server.url, None, max_retries=0, timeout_s=10, context_tokens=context
    )
    plan: dict[str, str] = {t: body(t, 0) for t in TITLES}
    state = PlanState()
    memory = [MemoryNote(f"note-{i}", f"Lisbon bakery fact {i}. " * 60) for i in range(4)]
    proposal = Proposal(
        approach="Budget first.",
        frameworks=[Framework(id="swot", title="SWOT")],
        max_iterations=ITERATIONS,
        checkpoint_interval=1,
    )
    rows = []
    try:
        for n in range(1, ITERATIONS + 1):
            replies = [answer(n, "draft", plan), critique(), answer(n, "revise", plan)]
            server.script(*(Answer(r, chunks=max(1, len(r) // 4)) for r in replies))
            ctx = IterationContext(
                run_id="bench",
                goal=GOAL,
                proposal=proposal,
                proposal_text="",
                iteration=n,
                max_iterations=ITERATIONS,
                state=state,
                memory=memory,
            )
            result: IterationResult | None = None
            async for item in planner.iterate(ctx):
                if isinstance(item, IterationResult):
                    result = item
            assert result is not None and result.usage is not None
            rows.append((n, result.usage.prompt_tokens, result.usage.completion_tokens))
            feedback = [Feedback(checkpoint=1, text="Keep rent under EUR 2,000 a month")]
            state = state.model_copy(
                update={
                    "plan": result.plan,
                    "plan_version": n,
                    "data_points": [*state.data_points, *result.data_points],
                    "feedback": feedback if n >= 1 else [],
                }
            )
            assert all(isinstance(d, DataPoint) for d in state.data_points)
    finally:
        await planner.aclose()
        server.stop()
    return rows


def main() -> int:
    logging.disable(logging.WARNING)  # the fitting's notes; the figures say it
    shape = "changed sections" if SECTIONS_MODE else "whole plan"
    for context in (131_072, 8_192):
        rows = asyncio.run(measure(context))
        print(f"\nmodel tokens per iteration ({shape}, a {context:,}-token context):")
        print("| iteration | prompt | completion | total |")
        print("|---|---|---|---|")
        for n, prompt, completion in rows:
            print(f"| {n} | {prompt:,} | {completion:,} | {prompt + completion:,} |")
        total = [sum(r[i] for r in rows) for i in (1, 2)]
        print(f"| all | {total[0]:,} | {total[1]:,} | {sum(total):,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
