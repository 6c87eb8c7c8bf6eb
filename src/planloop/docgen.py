"""Generate docs/events.md from the event models: ``python -m planloop.docgen [--check]``.

Every type in :data:`planloop.events.EVENT_MODELS` gets its fields (read from the model,
plus the old names the wire adds, planloop.api.compat.aliases) and an example (built
through the model and the wire's encoding, so it cannot drift from either). ``--check``
exits 1 when the file on disk differs from what would be generated.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from planloop.api.compat.aliases import ALIASES, wire_data
from planloop.domain import DataPoint, Framework, PlanCheck, Usage
from planloop.events import (
    EVENT_MODELS,
    CheckpointApproved,
    CheckpointChangesRequested,
    CheckpointExpired,
    CheckpointExtended,
    CheckpointReached,
    CheckpointRejected,
    Complete,
    ErrorEvent,
    EventBody,
    FinalPlan,
    Improvements,
    IterationCompleted,
    IterationProgress,
    IterationStarted,
    PlanChecked,
    PlanEdited,
    PlanningStarted,
    PlanSaved,
    RunPaused,
    RunResumed,
    StoredEvent,
)
from planloop.plan_sections import ChangeCounts, ChangeSummary, SectionRef

DEFAULT_OUTPUT = Path("docs/events.md")
NESTED: tuple[type[BaseModel], ...] = (
    Framework,
    DataPoint,
    Improvements,
    Usage,
    ChangeSummary,
    SectionRef,
    ChangeCounts,
)

WHEN = {
    "planning_started": "A run begins (once, seq 1).",
    "iteration_started": "Each iteration begins. An iteration that starts again (the server"
    " stopped in the middle of it, or the run failed and was retried) carries `attempt`"
    " (2, 3, ...): its earlier attempt's progress events are void, so a client resets"
    " that iteration's view.",
    "iteration_progress": "During an iteration, as work happens (a framework applied, data "
    "points found, model text streamed).",
    "iteration_completed": "Each iteration ends; the run's state is saved with this event.",
    "plan_checked": "Right after `iteration_completed`: the iteration's plan checked against the"
    " goal's constraints (budget sums and caps, dates inside the deadline and in order, owners,"
    " feedback reflected, no contradictions); also kept in the run's state as `checks`.",
    "checkpoint_reached": "The run parks for review (status `awaiting_approval`) until a "
    "decision or `expires_at`.",
    "checkpoint_approved": "An approval was accepted; the run continues. `by_deadline`"
    " marks one the run's `on_timeout: approve` made.",
    "checkpoint_rejected": "A rejection was accepted; `complete` with `rejected` follows."
    " The partial plan stays readable (`GET /api/runs/{id}/plan`), can be saved"
    " (`POST /api/runs/{id}/save`) or forked.",
    "checkpoint_changes_requested": "A person asked for changes (`revise`): the run went back"
    " to `iteration` (the previous checkpoint, or the start) and runs those iterations"
    " again with the feedback; `checkpoint_reached` follows with the same"
    " `checkpoint_number` and `revision` one more.",
    "plan_edited": "A person's own plan was accepted (`edit`): it is the plan the next"
    " iteration builds on, and `sections` (the ones they wrote or changed) are put back"
    " after every later iteration until later feedback names them. The run continues.",
    "checkpoint_expired": "A checkpoint's deadline passed (the run's `on_timeout` is"
    " `expire`): the checkpoint is `expired`, the run still waits (`awaiting_approval`) and"
    " takes any decision, or a new deadline (`checkpoint_extended`).",
    "checkpoint_extended": "A checkpoint got a new deadline"
    " (`POST /api/runs/{id}/checkpoints/{n}/extend`); it waits again.",
    "plan_saved": "The plan as it stood was saved to memory on request"
    " (`POST /api/runs/{id}/save`) while the run goes on (at a checkpoint, paused). A run"
    " that has ended sends nothing after its `complete`: its `memory_entity` says it.",
    "run_paused": "A requested pause took effect after the current iteration. One that ends at a"
    " checkpoint is met by it: the run waits there, and an approval goes on.",
    "run_resumed": "A paused or failed run continues.",
    "final_plan": "All iterations are done; the plan is saved to memory.",
    "error": "Something failed; `complete` follows when the run ends because of it.",
    "complete": "The last event of every run.",
}

NOTES: dict[str | tuple[str, str], str] = {
    "max": "same value as `max_iterations` (the original clients read `max`)",
    "error": "same text as `message` (the original clients read `error`)",
    "code": "stable, snake_case (`planner_failed`, `checkpoint_expired`, ...)",
    "checkpoint": "same value as `checkpoint_number`",
    "delta": "model text streamed since the previous progress event",
    "tokens": "completion tokens so far in this iteration",
    "data_points": "new in this iteration",
    "frameworks_applied": "in this iteration",
    ("final_plan", "data_points"): "all of the run's",
    ("iteration_started", "attempt"): "absent on a first attempt; 2, 3, ... when the"
    " iteration starts again after an abandoned attempt",
    ("final_plan", "frameworks"): "all the run applied",
    ("final_plan", "duration_ms"): "from creation to the end, checkpoint waits included",
    ("checkpoint_reached", "plan"): "the plan so far (Markdown)",
    ("checkpoint_reached", "improvements"): "what changed since the previous checkpoint",
    ("iteration_progress", "data_points"): "found by this step",
    ("iteration_progress", "frameworks_applied"): "by this step",
    ("Framework", "id"): "stable across runs",
    ("DataPoint", "source"): "where it came from: `goal`, `proposal`, `feedback:2`, "
    "`memory:<entity>`, `model`, ...",
    ("Improvements", "key_discovery"): "one sentence",
    "expires_at": "UTC ISO-8601; the run's `on_timeout` acts if no decision arrives by then",
    ("checkpoint_reached", "changes"): "plan sections added, changed and removed since"
    " the previous checkpoint (or the start; for revision 2 on, since the revision whose"
    " changes were requested): titles and counts; the diff is in"
    " `GET /api/runs/{id}/checkpoints/{n}`",
    ("checkpoint_reached", "revision"): "absent the first time (1); 2, 3, ... when the"
    " checkpoint comes back after changes were requested",
    "by_deadline": "absent unless true: the run's `on_timeout` decided, not a person",
    ("planning_started", "parent_run_id"): "a fork only: the run it continues from",
    ("planning_started", "from_iteration"): "a fork only: the parent's iteration it starts"
    " after (its next iteration is this + 1)",
    ("checkpoint_changes_requested", "revision"): "the revision the checkpoint comes back with",
    ("checkpoint_changes_requested", "iteration"): "the iteration the run went back to",
    ("plan_edited", "sections"): "titles of the sections the person wrote or changed",
    "plan": "Markdown",
    "memory_entity": "name of the saved memory entity (`entities/<name>.md`)",
    "usage": "tokens a model spent (absent for the offline planner)",
    "feedback": "may be empty",
    "summary": "for people",
    "message": "for people",
}

EXAMPLE_SEQ = {
    "planning_started": 1,
    "iteration_started": 2,
    "iteration_progress": 3,
    "iteration_completed": 6,
    "plan_checked": 7,
    "checkpoint_reached": 12,
    "checkpoint_approved": 13,
    "checkpoint_rejected": 13,
    "run_paused": 13,
    "run_resumed": 14,
    "final_plan": 24,
    "error": 9,
    "complete": 25,
    "checkpoint_changes_requested": 13,
    "plan_edited": 13,
    "checkpoint_expired": 13,
    "checkpoint_extended": 14,
    "plan_saved": 14,
}
RUN = "3f2c9a1e5b7d4c08a6e2f1b09d8c7e65"
TS = "2026-11-26T10:00:00.123456Z"
_FW = [Framework(id="swot", title="SWOT analysis")]
_DP = [DataPoint(label="Budget", value="$40,000", source="goal")]
_IMP = Improvements(
    frameworks_added=_FW,
    data_points_gained=3,
    key_discovery="Rent is the largest fixed cost.",
    sections_added=["SWOT analysis"],
    sections_revised=[],
)
_PLAN = "# Plan: Open a bakery in Lisbon\n\n## SWOT analysis\n..."

EXAMPLES: dict[str, EventBody] = {
    "planning_started": PlanningStarted(
        goal="Open a bakery in Lisbon with a budget of $40,000",
        max_iterations=4,
        checkpoint_interval=2,
        planner="offline",
    ),
    "iteration_started": IterationStarted(iteration=1, max_iterations=4),
    "iteration_progress": IterationProgress(
        iteration=1, message="Applying SWOT analysis", stage="swot", frameworks_applied=_FW
    ),
    "iteration_completed": IterationCompleted(
        iteration=1,
        duration_ms=1250,
        frameworks_applied=_FW,
        data_points=_DP,
        plan_version=1,
        summary="Applied SWOT analysis; found 1 data point.",
    ),
    "plan_checked": PlanChecked(
        iteration=1,
        checks=[
            PlanCheck(
                name="budget_within_total",
                status="pass",
                message="Budget lines sum to $40,000 of $40,000 (goal).",
                sections=["Budget"],
            ),
            PlanCheck(
                name="milestones_owned_and_dated",
                status="flag",
                message="Missing owner or date: M3.",
                sections=["Schedule"],
            ),
        ],
        flagged=1,
    ),
    "checkpoint_reached": CheckpointReached(
        iteration=2,
        checkpoint_number=1,
        summary="After iteration 2 of 4: 1 framework, 1 data point.",
        frameworks_so_far=_FW,
        data_points_so_far=_DP,
        improvements=_IMP,
        expires_at="2026-11-26T11:00:00.123456Z",
        changes=ChangeSummary(
            added=[SectionRef(title="SWOT analysis")],
            counts=ChangeCounts(added=1),
        ),
    ),
    "checkpoint_approved": CheckpointApproved(
        checkpoint_number=1, feedback="Focus on the first month's cash flow."
    ),
    "checkpoint_rejected": CheckpointRejected(checkpoint_number=1, feedback=""),
    "checkpoint_changes_requested": CheckpointChangesRequested(
        checkpoint_number=1, feedback="Cut the budget to $30,000.", revision=2, iteration=0
    ),
    "plan_edited": PlanEdited(
        checkpoint_number=1, iteration=2, feedback="", sections=["Budget", "Location"]
    ),
    "checkpoint_expired": CheckpointExpired(checkpoint_number=1),
    "checkpoint_extended": CheckpointExtended(
        checkpoint_number=1, expires_at="2026-11-26T12:00:00.123456Z"
    ),
    "plan_saved": PlanSaved(iteration=2, memory_entity="open-a-bakery-in-lisbon"),
    "run_paused": RunPaused(iteration=2),
    "run_resumed": RunResumed(iteration=2),
    "final_plan": FinalPlan(
        plan=_PLAN,
        frameworks=_FW,
        data_points=_DP,
        iterations=4,
        checkpoints=1,
        memory_entity="open-a-bakery-in-lisbon",
        duration_ms=5400,
        usage=Usage(prompt_tokens=5200, completion_tokens=1800),
    ),
    "error": ErrorEvent.of("planner_failed", "The model endpoint did not answer."),
    "complete": Complete(status="completed"),
}


def type_name(annotation: Any) -> str:
    """A reader's spelling of a field's type, with nested models linked."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Literal:
        return " \\| ".join(f'`"{a}"`' for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join("null" if a is type(None) else type_name(a) for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "string", int: "integer", float: "number", bool: "boolean"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )


def _fields_table(model: type[BaseModel], tag: str) -> list[str]:
    lines = ["| field | type | required | notes |", "|---|---|---|---|"]
    alias, source = ALIASES.get(tag, ("", ""))
    for name, field in model.model_fields.items():
        if name == "type":
            continue
        required = "yes" if field.is_required() else "no"
        for shown in (name, alias) if name == source else (name,):
            note = NOTES.get((tag, shown), NOTES.get(shown, ""))
            lines.append(f"| `{shown}` | {type_name(field.annotation)} | {required} | {note} |")
    return lines


def example(model: type[EventBody]) -> dict[str, Any]:
    tag = str(model.model_fields["type"].default)
    if tag not in EXAMPLES:
        raise KeyError(f"add an example of {tag!r} to planloop.docgen.EXAMPLES")
    body = model.model_validate(EXAMPLES[tag].model_dump())
    return wire_data(StoredEvent.build(RUN, EXAMPLE_SEQ.get(tag, 12), TS, body))


def render() -> str:
    out = [
        "# Events",
        "",
        "<!-- Generated by `python -m planloop.docgen` from planloop.events.EVENT_MODELS;"
        " do not edit by hand. A test fails when this file is stale. -->",
        "",
        "Every event is stored before it is sent. On `GET /api/runs/{id}/events` each is one",
        "SSE frame: `id:` is the event's `seq`, `event:` its `type`, `data:` one JSON object",
        "with the envelope below and the event's fields at top level. Clients ignore fields",
        "they do not know; new fields and new types are only ever added.",
        "",
        "A stream resumes after the seq in `Last-Event-ID` (or `?last_event_id=`) and ends",
        "after the run's `complete`. A client that resumes at or past the `complete` of an",
        "ended run gets that `complete` again (with its own seq, so a client that saw it",
        "may drop it) and the stream ends: stop at `complete` (an EventSource: call",
        "`close()`), since an EventSource left open reconnects after any stream that ends. A",
        "resume point past the last event of a run that has not ended is refused with 422",
        "`last_event_id_ahead` (no stream): the client holds an id this run never sent, and its",
        "next events would have been dropped as already seen.",
        "",
        "| envelope field | type | notes |",
        "|---|---|---|",
        "| `type` | string | same as the SSE `event:` line |",
        "| `run_id` | string | |",
        "| `seq` | integer | per run, starts at 1, no gaps; the SSE `id:` |",
        "| `ts` | string | UTC ISO-8601 with microseconds |",
        "",
        "| type | when |",
        "|---|---|",
    ]
    tags = [str(m.model_fields["type"].default) for m in EVENT_MODELS]
    out += [f"| [`{t}`](#{t}) | {WHEN.get(t, '')} |" for t in tags]
    for model, tag in zip(EVENT_MODELS, tags, strict=True):
        out += ["", f"## {tag}", "", WHEN.get(tag, ""), ""]
        out += _fields_table(model, tag)
        sample = json.dumps(example(model), indent=2, ensure_ascii=False)
        out += ["", "```json", sample, "```"]
    out += ["", "## Shapes inside events"]
    for nested in NESTED:
        out += ["", f"### {nested.__name__}", ""]
        out += _fields_table(nested, nested.__name__)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planloop.docgen", description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    text = render()
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is stale: run python -m planloop.docgen", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
