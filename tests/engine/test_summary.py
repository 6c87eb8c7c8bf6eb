from __future__ import annotations

from planloop.domain import DataPoint, Framework, IterationRecord, PlanState
from planloop.engine.summary import improvements, sections, snapshot, summary_text

PLAN1 = "# Plan\n\n## SMART goal\nA\n\n## SWOT\nB\n"
PLAN2 = "# Plan\n\n## SMART goal\nA revised\n\n## SWOT\nB\n\n## Risks\nC\n"


def _state(plan: str, fws: list[str], dps: int, finding: str = "") -> PlanState:
    return PlanState(
        plan=plan,
        frameworks=[Framework(id=f, title=f.upper()) for f in fws],
        data_points=[DataPoint(label=f"l{i}", value=str(i), source="goal") for i in range(dps)],
        iterations=[
            IterationRecord(
                iteration=1,
                duration_ms=1,
                frameworks_applied=[],
                data_points=[],
                summary="",
                key_finding=finding,
            )
        ],
    )


def test_sections_split_on_level_two_headings() -> None:
    assert sections(PLAN2) == {"SMART goal": "A revised", "SWOT": "B", "Risks": "C"}


def test_first_checkpoint_counts_everything_as_new() -> None:
    imp = improvements(_state(PLAN1, ["a", "b"], 3, "Budget is tight."), None)
    assert [f.id for f in imp.frameworks_added] == ["a", "b"]
    assert imp.data_points_gained == 3
    assert imp.sections_added == ["SMART goal", "SWOT"]
    assert imp.key_discovery == "Budget is tight."


def test_later_checkpoint_diffs_against_the_previous_snapshot() -> None:
    before = snapshot(_state(PLAN1, ["a"], 2))
    now = _state(PLAN2, ["a", "c"], 5, "Rent dominates costs. More detail here.")
    now.iterations = [*now.iterations, now.iterations[0].model_copy(update={"iteration": 2})]
    imp = improvements(now, before)
    assert [f.id for f in imp.frameworks_added] == ["c"]
    assert imp.data_points_gained == 3
    assert imp.sections_added == ["Risks"]
    assert imp.sections_revised == ["SMART goal"]
    assert imp.key_discovery == "Rent dominates costs."
    text = summary_text(now, 2, 4, imp)
    assert "After iteration 2 of 4" in text
    # counted in the singular when one, and no section counts beside the checkpoint's own
    # changes (a user saw "10 sections added" next to "Added (11)")
    assert "Since the last review: 1 framework added, 3 data points gained." in text
    assert "sections" not in text
