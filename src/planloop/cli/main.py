"""The command line: the terminal client (plan, attach, runs, decide, fork), with ``serve``,
``mcp`` (cli/serving.py), ``memory`` and ``show`` added from their own modules.

Exit codes of the client: 0 completed (or done), 1 failed, 2 usage error (bad arguments,
unknown run, a checkpoint that is not waiting), 3 rejected, cancelled or expired (or the
proposal declined), 130 detached with Ctrl-C (the run goes on).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from planloop.cli import flow as cli_flow
from planloop.cli.client import EXIT_OK
from planloop.cli.flow import Watch
from planloop.cli.memory import memory_cli
from planloop.cli.serving import serving_cli
from planloop.cli.session import (
    AUTO,
    DECISION_JSON,
    FORK_JSON,
    JSON,
    RUNS_JSON,
    SERVER,
    _run,
    _usage,
)
from planloop.cli.show import show_cli
from planloop.cli.terminal import clean
from planloop.domain import MAX_ITERATIONS

app = typer.Typer(help="planloop: plan in iterations, with a person at every checkpoint.")
serving_cli(app)  # planloop serve, planloop mcp
memory_cli(app)  # planloop memory export|import
show_cli(app)  # planloop show RUN [--format] [--iteration] [-o FILE]


@app.callback()
def _root() -> None:
    """planloop command line."""


# -- the terminal client ------------------------------------------------------------------


PLAN_HELP = (
    "Propose an approach, ask to start, then watch the run and answer its checkpoints.\n\n"
    "At a checkpoint, answer with a letter, your words after it: Enter approves; 'f more on"
    " costs' approves with feedback that steers the next iterations; 'r drop the venue' asks"
    " for changes; 'e' edits the plan in $EDITOR; 'v' shows the plan and 'd' what changed;"
    " 'x 30' gives it 30 more minutes; 'j' rejects; 'q' leaves it running ('planloop attach"
    " RUN' comes back).\n\n"
    "Piped answers work the same, one a line: printf 'y\\nf more on costs\\n' | planloop"
    " plan GOAL. When they run out, the run goes on, detached (exit code 130)."
)


@app.command(help=PLAN_HELP)
def plan(
    goal: str = typer.Argument(..., metavar="GOAL", help="What you want to plan, in one sentence"),
    iterations: int = typer.Option(
        None, "--iterations", "-n", min=1, max=MAX_ITERATIONS, help="Iterations to run"
    ),
    checkpoint_every: int = typer.Option(
        None,
        "--checkpoint-every",
        "-c",
        min=1,
        max=MAX_ITERATIONS,
        help="Iterations between reviews",
    ),
    server: str = SERVER,
    as_json: bool = JSON,
    yes: bool = typer.Option(False, "--yes", "-y", help="Start without asking about the proposal"),
    auto_approve: bool = AUTO,
    no_memory: bool = typer.Option(
        False, "--no-memory", help="Plan from the goal alone: no memory notes ground it"
    ),
) -> None:
    """Propose an approach, ask to start, then watch the run and answer its checkpoints."""
    if not goal.strip():
        _usage("the goal must not be empty")
    if iterations and checkpoint_every and checkpoint_every > iterations and not auto_approve:
        # legal, but no review at all: said, not silently so (a new user's trial)
        typer.echo(
            f"note: --checkpoint-every {checkpoint_every} is more than --iterations"
            f" {iterations}: the run will not stop for a review",
            err=True,
        )

    async def flow(watch: Watch) -> int:
        return await cli_flow.plan(
            watch, goal.strip(), iterations, checkpoint_every, yes=yes, no_memory=no_memory
        )

    _run(server, as_json, flow, auto_approve)


@app.command()
def attach(
    run_id: str = typer.Argument(
        ..., metavar="RUN_ID", help="The run to watch again (its id, or its first characters)"
    ),
    server: str = SERVER,
    as_json: bool = JSON,
    after: int = typer.Option(
        None, "--after", min=0, help="Last event seen (default: where you detached, else 0)"
    ),
    auto_approve: bool = AUTO,
) -> None:
    """Resume the live view of a run (Last-Event-ID), answering its checkpoints."""

    async def flow(watch: Watch) -> int:
        return await cli_flow.attach(watch, run_id, after)

    _run(server, as_json, flow, auto_approve, existing=True)


class StatusChoice(StrEnum):
    running = "running"
    paused = "paused"
    awaiting_approval = "awaiting_approval"
    completed = "completed"
    rejected = "rejected"
    cancelled = "cancelled"
    expired = "expired"
    failed = "failed"
    # what the runs table and the page say of a run at a checkpoint (a new user's trial typed
    # it and was refused): awaiting_approval
    waiting = "waiting"


STATUS = typer.Option(
    None, "--status", "-s", help="Only runs in this status (repeatable; waiting: at a checkpoint)"
)
SEARCH = typer.Option("", "--search", "-q", help="Only runs whose goal holds these words")


@app.command("runs")
def list_runs(
    server: str = SERVER,
    as_json: bool = RUNS_JSON,
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="How many, newest first"),
    status: list[StatusChoice] = STATUS,
    search: str = SEARCH,
) -> None:
    """List this client's runs, newest first (filtered by --status and --search)."""
    statuses = frozenset(
        StatusChoice.awaiting_approval.value if s is StatusChoice.waiting else s.value
        for s in status or []
    )

    async def flow(watch: Watch) -> int:
        found = await cli_flow.runs(
            watch.backend, watch.view, limit, as_json=as_json, statuses=statuses, search=search
        )
        if not as_json:
            _table(found, filtered=bool(statuses or search))
        return EXIT_OK

    _run(server, as_json, flow, execute=False)  # reads only: beside a server too


def title_of(goal: str, width: int = 60) -> str:
    """A goal as a one-line title: its first line, cut at a word with an ellipsis."""
    line = " ".join(clean(goal).split("\n", 1)[0].split()) or "(no goal)"
    if len(line) <= width:
        return line
    return line[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


WIDE = 110  # columns from which a run's line holds its plan's title too


def _table(found: list[dict[str, Any]], *, filtered: bool = False) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    if not found:
        console.print(
            "No runs match." if filtered else 'No runs yet. Start one with: planloop plan "GOAL"'
        )
        return
    # Plain text, escaped as it is printed. Every cell whole, the id above all (it is what
    # show, attach and decide take), each run on its line. The title gets what is left of
    # it, or below WIDE columns a line of its own: in 80 columns a plan column had wrapped
    # each title into single words.
    heads = ("run", "status", "iteration", "updated")
    rows = [_cells(run) for run in found]
    widths = [max(len(head), *(len(cells[i]) for cells in rows)) for i, head in enumerate(heads)]
    wide = console.width >= WIDE
    room = console.width - sum(widths) - 2 * len(widths) - 1 if wide else console.width - 3

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))

    head = f"{line(heads)}  plan" if wide else line(heads).rstrip()
    console.print(f"[bold]{head}[/]", no_wrap=True, overflow="ellipsis")
    for cells, run in zip(rows, found, strict=True):
        # a fork's parent whole (its id's start is what show takes), the goal cut before it
        parent = _parent(run)
        title = title_of(str(run["goal"]), max(room - len(parent), 12)) + parent
        if wide:
            console.print(escape(f"{line(cells)}  {title}"), no_wrap=True, overflow="ellipsis")
        else:
            console.print(escape(line(cells).rstrip()), no_wrap=True, overflow="ellipsis")
            console.print(f"  [dim]{escape(title)}[/]", no_wrap=True, overflow="ellipsis")


def _cells(run: dict[str, Any]) -> list[str]:
    return [
        clean(str(run["run_id"])),
        clean(str(run["status"]).replace("_", " ")),
        clean(f"{run['iteration']}/{run['max_iterations']}"),
        clean(str(run["updated_at"])[:16].replace("T", " ")),
    ]


def _parent(run: dict[str, Any]) -> str:
    parent = run.get("parent_run_id")
    return clean(f"  (from {str(parent)[:8]} @ {run.get('from_iteration')})") if parent else ""


class DecisionChoice(StrEnum):
    approve = "approve"
    reject = "reject"
    revise = "revise"
    edit = "edit"


DECISION = typer.Argument(..., metavar="approve|reject|revise|edit", help="The decision")
PLAN_FILE = typer.Option(
    None, "--plan-file", help="edit: the file holding your version of the plan (Markdown)"
)


@app.command()
def decide(
    run_id: str = typer.Argument(
        ..., metavar="RUN_ID", help="The run (its id, or its first characters)"
    ),
    checkpoint: int = typer.Argument(
        ..., min=1, max=MAX_ITERATIONS, metavar="N", help="The checkpoint number (1, 2, ...)"
    ),
    decision: DecisionChoice = DECISION,
    feedback: str = typer.Option("", "--feedback", "-f", help="Steers the next iterations"),
    plan_file: Path = PLAN_FILE,
    server: str = SERVER,
    as_json: bool = DECISION_JSON,
) -> None:
    """Decide a waiting checkpoint without the live view: approve, reject, revise (request
    changes: --feedback says which) or edit (--plan-file is the plan to go on from)."""
    if decision is DecisionChoice.revise and not feedback.strip():
        _usage("revise needs --feedback: say what should change")
    if plan_file is not None and decision is not DecisionChoice.edit:
        # as the API's plan_not_expected: a file given with another decision is not dropped
        # silently (a new user's trial: "approve --plan-file" went on from the run's plan)
        _usage(f"--plan-file is only for edit, not {decision.value}: nothing was decided")
    plan_markdown: str | None = None
    if decision is DecisionChoice.edit:
        if plan_file is None:
            _usage("edit needs --plan-file: the plan to go on from")
        try:
            plan_markdown = plan_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _usage(f"cannot read --plan-file {plan_file}: {exc}")
        if plan_markdown is None or not plan_markdown.strip():
            _usage(f"--plan-file {plan_file} is empty: write the plan to go on from in it")

    async def flow(watch: Watch) -> int:
        return await cli_flow.decide(
            watch.backend,
            watch.view,
            run_id,
            checkpoint,
            decision.value,
            feedback,
            as_json=as_json,
            plan_markdown=plan_markdown,
        )

    _run(server, as_json, flow, existing=True)


@app.command()
def fork(
    run_id: str = typer.Argument(
        ..., metavar="RUN_ID", help="The run to continue from (its id, or its first characters)"
    ),
    # the ranges the engine takes: a fork starts after iteration 1 or later and runs at
    # least one more, so it has 2 to MAX_ITERATIONS in all (a trial: "-i [0<=x<=50]" was
    # shown, and -i 0 refused in the API's words)
    from_iteration: int = typer.Option(
        ...,
        "--from-iteration",
        "-i",
        min=1,
        max=MAX_ITERATIONS - 1,
        help="Start after this iteration",
    ),
    feedback: str = typer.Option("", "--feedback", "-f", help="What to do differently"),
    iterations: int = typer.Option(
        None,
        "--iterations",
        "-n",
        min=2,
        max=MAX_ITERATIONS,
        help="Iterations in all, counted from the first (default: the run's)",
    ),
    follow: bool = typer.Option(True, "--follow/--no-follow", help="Watch the new run"),
    server: str = SERVER,
    as_json: bool = FORK_JSON,
    auto_approve: bool = AUTO,
) -> None:
    """Continue from any iteration of a run as a new run (the run itself stays as it is)."""
    if iterations is not None and iterations <= from_iteration:
        _usage(
            f"--iterations {iterations} must be more than --from-iteration {from_iteration}:"
            " it counts the new run's iterations from the first, those it starts after too"
        )

    async def flow(watch: Watch) -> int:
        return await cli_flow.fork(
            watch,
            run_id,
            from_iteration,
            feedback,
            iterations,
            follow=follow,
            as_json=as_json,
        )

    _run(server, as_json, flow, auto_approve, existing=True)


def main() -> None:
    app(prog_name="planloop")


if __name__ == "__main__":  # pragma: no cover
    main()
