"""The offline planner grounded in plans saved before: what it takes from them, and how often
it reads them (issue 19: approvals stayed cheap only while memory was empty)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from planloop.domain import DataPoint, PlanState
from planloop.memory import Vault
from planloop.planners.base import IterationContext, IterationResult, MemoryNote
from planloop.planners.offline import OfflinePlanner, draft

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
NOTE = "Ana runs the Alfama shop; rent is $2,500 a month and the lease starts March 3, 2027."


# The day every run here starts: plans are dated from it, so the tests hold on any day.
START = date(2026, 12, 4)


async def _run(goal: str, memory: Sequence[MemoryNote]) -> tuple[str, list[DataPoint]]:
    """A whole run of the offline planner (its own proposal), as the engine drives it,
    started on ``START``."""
    offline = OfflinePlanner()
    proposal = await offline.propose(goal, memory)
    state = PlanState()
    for iteration in range(1, proposal.max_iterations + 1):
        ctx = IterationContext(
            run_id="run",
            goal=goal,
            proposal=proposal,
            proposal_text="",
            iteration=iteration,
            max_iterations=proposal.max_iterations,
            state=state.model_copy(deep=True),
            memory=memory,
            started_on=START,
        )
        result = [item async for item in offline.iterate(ctx)][-1]
        assert isinstance(result, IterationResult)
        state.plan = result.plan
        state.data_points += result.data_points
        state.frameworks += result.frameworks_applied
    return state.plan, state.data_points


async def _saved_generations(vault: Vault, generations: int) -> list[list[DataPoint]]:
    """Run after run on one goal, each grounded in every plan saved before it (at most the
    three grounding uses), each saving its plan as a finished run does."""
    saved: list[str] = []
    points_by_generation = []
    for n in range(generations):
        run_id = f"{n:04d}" + "a" * 28
        memory = vault.existing_notes(saved[-3:])
        plan, points = await _run(GOAL, memory)
        facts = {p.label: p.value for p in points[:20]}
        saved.append(vault.save_plan(run_id=run_id, goal=GOAL, plan=plan, facts=facts))
        points_by_generation.append(points)
    return points_by_generation


async def test_a_plan_does_not_grow_with_the_plans_saved_before_it(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "memory")
    try:
        generations = await _saved_generations(vault, 5)
    finally:
        vault.close()
    alone = [(p.label, p.value) for p in generations[0]]
    for later in generations[1:]:
        # The earlier plans' goal is this goal: they add nothing the goal does not say.
        assert [(p.label, p.value) for p in later] == alone


async def test_a_saved_plan_gives_only_its_goals_figures(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "memory")
    try:
        other = "Open a second bakery in Lisbon for 300 customers a day by March 2027"
        plan, points = await _run(other, [])
        name = vault.save_plan(
            run_id="b" * 32, goal=other, plan=plan, facts={p.label: p.value for p in points}
        )
        memory = vault.existing_notes([name])
    finally:
        vault.close()
    _, grounded = await _run(GOAL, memory)
    from_memory = [p for p in grounded if p.source.startswith("memory:")]
    # Its schedule's dates, its derived budget lines and its own data points table are
    # another run's output: only what its goal says comes over.
    assert from_memory
    assert all(p.value.lower() in other.lower() for p in from_memory), from_memory


async def test_a_persons_note_still_gives_its_figures() -> None:
    _, points = await _run(GOAL, [MemoryNote(name="alfama_shop", text=NOTE)])
    values = {p.value for p in points if p.source == "memory:alfama_shop"}
    assert "$2,500" in values


async def test_memory_notes_are_read_for_data_points_once_per_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    extract = draft.extract_data_points

    def counted(text: str, source: str) -> list[DataPoint]:
        if source.startswith("memory:"):
            calls.append(source)
        return extract(text, source)

    monkeypatch.setattr(draft, "extract_data_points", counted)
    draft._memory_extraction.cache_clear()
    memory = [MemoryNote(name=f"note_{i}", text=f"{NOTE} Shop {i}.") for i in range(3)]
    await _run(GOAL, memory)  # four iterations
    await _run(GOAL, memory)  # and another run on the same notes
    assert sorted(calls) == ["memory:note_0", "memory:note_1", "memory:note_2"]

    # A note edited since is read again: its new text is what counts.
    edited = MemoryNote(name="note_0", text=NOTE.replace("$2,500", "$3,100"))
    _, points = await _run(GOAL, [edited])
    assert calls.count("memory:note_0") == 2
    assert "$3,100" in {p.value for p in points if p.source == "memory:note_0"}
