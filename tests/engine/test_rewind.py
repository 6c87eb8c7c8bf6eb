"""Rewinding a run's state (issue 16): a revise keeps what the dropped iterations spent
and all the feedback; a fork keeps only what steered the iterations it starts from."""

from __future__ import annotations

from planloop.domain import (
    DataPoint,
    Feedback,
    Framework,
    IterationRecord,
    PersonSection,
    PlanState,
    Usage,
)
from planloop.engine.review import rewound


def _record(i: int) -> IterationRecord:
    return IterationRecord(
        iteration=i,
        duration_ms=100 * i,
        frameworks_applied=[Framework(id=f"f{i}", title=f"F{i}"), Framework(id="f1", title="F1")],
        data_points=[DataPoint(label=f"l{i}", value="v", source="goal")],
        summary="",
        usage=Usage(prompt_tokens=10 * i, completion_tokens=i),
    )


STATE = PlanState(
    plan="after 4",
    plan_version=4,
    frameworks=[Framework(id=f"f{i}", title=f"F{i}") for i in range(1, 5)],
    data_points=[DataPoint(label=f"l{i}", value="v", source="goal") for i in range(1, 5)],
    feedback=[
        Feedback(checkpoint=1, text="after two", iteration=2),
        Feedback(checkpoint=2, text="after four"),  # from before Feedback.iteration
    ],
    iterations=[_record(i) for i in range(1, 5)],
    person_sections=[
        PersonSection(title="A", text="## A\n", iteration=2, after_feedback=1),
        PersonSection(title="B", text="## B\n", iteration=4, after_feedback=2),
    ],
)


def test_a_revise_keeps_the_feedback_and_what_the_dropped_iterations_spent() -> None:
    state = rewound(STATE, 2, "after 2", 2, keep_feedback=True)
    assert state.plan == "after 2" and [r.iteration for r in state.iterations] == [1, 2]
    assert [f.id for f in state.frameworks] == ["f1", "f2"]
    assert [d.label for d in state.data_points] == ["l1", "l2"]
    assert len(state.feedback) == 2
    assert [p.title for p in state.person_sections] == ["A"]
    assert state.usage == STATE.usage and state.executed_ms == STATE.executed_ms
    again = rewound(state, 0, "", 2, keep_feedback=True)
    assert again.usage == STATE.usage and again.iterations == []


def test_a_fork_keeps_only_what_steered_the_iterations_it_starts_from() -> None:
    state = rewound(STATE, 3, "after 3", 2, keep_feedback=False)
    assert [f.text for f in state.feedback] == ["after two"]
    assert state.usage == Usage(prompt_tokens=60, completion_tokens=6)
    assert state.executed_ms == 600
    assert [p.title for p in state.person_sections] == ["A"]


def test_a_fork_from_a_checkpoints_iteration_replaces_its_decision() -> None:
    """Found as a user: "Continue from here" after iteration 2 with "Make it a 2-day
    workshop in York instead" kept checkpoint 1's "3 days in Harrogate" beside it."""
    state = rewound(STATE, 2, "after 2", 2, keep_feedback=False)
    assert state.feedback == []
    # The fork starts from the plan kept after iteration 2, which is the person's edit made
    # at that checkpoint: its sections stay theirs, though the feedback given with it goes.
    # (They were dropped when the edit came with feedback, and the next iteration wrote
    # an owner set by hand in the Schedule back to the planner's.)
    assert [(p.title, p.after_feedback) for p in state.person_sections] == [("A", 0)]
