"""What the terminal shows people: a rich live view (scripts get JSON lines, jsonview.py).

The live view is a progress bar over iterations with a spinner and the current activity;
frameworks, data points and each iteration's time are printed above it as they appear.
It stops while a question is asked, and for the checkpoint summary and the final plan.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any, Protocol

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.rule import Rule
from rich.text import Text

from planloop.cli.changes import DIFF_STYLES, change_line
from planloop.cli.terminal import clean, markup, shown

ACTIVITY_CHARS = 60

# a check that passed on what it could read ("… not read, so not checked: …")
PARTLY = re.compile(r"not read, so not checked|Nothing to check was read")


class View(Protocol):
    def note(self, text: str) -> None:
        """A line for people (stderr in JSON mode)."""

    def proposal(self, proposal: dict[str, Any], iterations: int, interval: int) -> None: ...

    def prime(self, run: dict[str, Any]) -> None:
        """Start from a run's saved state (attach after a detach)."""

    def event(self, event: dict[str, Any]) -> None: ...

    def prompt(self, text: str) -> None:
        """Show a question; the answer is read from stdin."""

    def answered(self, line: str) -> None:
        """Show an answer that was read but not typed here (piped), after its question."""

    def plan_text(self, title: str, markdown: str) -> None:
        """A plan, for reading at a checkpoint (``v``)."""

    def changes(self, changes: dict[str, Any]) -> None:
        """What changed since the last review, and the diff (``d``)."""

    def close(self) -> None: ...


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


class IterationClock(ProgressColumn):
    """Seconds since the current iteration started."""

    def render(self, task: Task) -> Text:
        started = task.fields.get("started")
        if not started:
            return Text("")
        return Text(f"{time.monotonic() - started:5.1f} s", style="yellow")


class LiveView:
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False)
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]Iteration {task.fields[iteration]}/{task.total}"),
            BarColumn(bar_width=24),
            IterationClock(),
            TextColumn("{task.fields[activity]}"),
            console=self.console,
            transient=True,
        )
        self.task: TaskID | None = None
        self.live = False
        self.frameworks: set[str] = set()
        self.data_points: set[tuple[str, str]] = set()
        # Items first shown by the current iteration's progress (void if it starts again).
        self._partial_frameworks: set[str] = set()
        self._partial_points: set[tuple[str, str]] = set()
        self.checks: list[dict[str, Any]] = []  # the latest plan_checked event's

    # -- the live part --------------------------------------------------------------------

    def _ensure_task(self, total: int) -> TaskID:
        if self.task is None:
            self.task = self.progress.add_task(
                "run", total=total, iteration=0, activity="", started=0.0
            )
        return self.task

    def _start(self) -> None:
        if not self.live and self.task is not None:
            self.progress.start()
            self.live = True

    def _stop(self) -> None:
        if self.live:
            self.progress.stop()
            self.live = False

    def _update(self, **fields: Any) -> None:
        if self.task is not None:
            if "iteration" in fields:
                fields["iteration"] = shown(fields["iteration"])
            if "activity" in fields:
                text = str(fields["activity"])
                text = clean(text)
                cut = text if len(text) <= ACTIVITY_CHARS else text[: ACTIVITY_CHARS - 1] + "…"
                fields["activity"] = shown(cut)
            self.progress.update(self.task, **fields)

    def _print(self, *items: Any) -> None:
        """Print markup built by :func:`markup` (or renderables of cleaned text)."""
        self.console.print(*items)

    # -- what happens ---------------------------------------------------------------------

    def note(self, text: str) -> None:
        self._print(shown(text))

    def proposal(self, proposal: dict[str, Any], iterations: int, interval: int) -> None:
        lines = [shown(proposal.get("approach", "")), "", "[bold]Frameworks[/bold]"]
        lines += [
            markup("  {i}. {title}", i=i, title=f["title"])
            for i, f in enumerate(proposal["frameworks"], 1)
        ]
        memory = proposal.get("memory") or {}
        if memory.get("entities"):
            titles = memory.get("titles") or memory["entities"]
            lines += ["", "Memory: " + shown(", ".join(map(str, titles)))]
        else:
            lines += ["", "Memory: none (the plan starts from the goal alone)"]
        counted = f"{iterations} iteration{'' if iterations == 1 else 's'}"
        if interval >= iterations:  # checkpoints come before the last iteration only
            reviews = "no checkpoint: nobody reviews the plan before it is final"
        else:
            reviews = "a checkpoint " + (
                "every iteration" if interval == 1 else f"every {interval}"
            )
        lines += ["", markup("{n}, {k}.", n=counted, k=reviews)]
        self._print(Panel("\n".join(lines), title="Proposal", expand=False))

    def prime(self, run: dict[str, Any]) -> None:
        self.frameworks |= {f["id"] for f in run.get("frameworks", [])}
        self.data_points |= {(d["label"], d["value"]) for d in run.get("data_points", [])}
        self._ensure_task(run["max_iterations"])
        self._update(completed=run["iteration"], iteration=run["iteration"], activity="")

    def _new_items(self, frameworks: list[dict[str, Any]], points: list[dict[str, Any]]) -> None:
        for f in frameworks:
            if f["id"] not in self.frameworks:
                self.frameworks.add(f["id"])
                self._print(markup("  [cyan]+ framework[/cyan] {title}", title=f["title"]))
        for d in points:
            key = (d["label"], d["value"])
            if key not in self.data_points:
                self.data_points.add(key)
                self._print(
                    markup(
                        "  [green]• data point[/green] {label}: {value} [dim]({source})[/]",
                        label=d["label"],
                        value=d["value"],
                        source=d["source"],
                    )
                )

    def event(self, event: dict[str, Any]) -> None:
        handler = getattr(self, "_on_" + event["type"], None)
        if handler is not None:
            handler(event)

    def _on_planning_started(self, e: dict[str, Any]) -> None:
        self._print(
            markup(
                "[bold]Planning:[/bold] {goal} [dim]({planner} planner)[/]",
                goal=e["goal"],
                planner=e["planner"],
            )
        )
        self._ensure_task(e["max_iterations"])

    def _on_iteration_started(self, e: dict[str, Any]) -> None:
        self._ensure_task(e["max_iterations"])
        attempt = e.get("attempt")
        if isinstance(attempt, int) and attempt > 1:
            # Its abandoned attempt's items are void: the new attempt may show them again.
            self.frameworks -= self._partial_frameworks
            self.data_points -= self._partial_points
            self._print(
                f"[yellow]↻ Iteration {e['iteration']} starts again (attempt {attempt}):"
                " what its interrupted attempt showed above is void[/]"
            )
        self._partial_frameworks, self._partial_points = set(), set()
        self._update(iteration=e["iteration"], activity="starting…", started=time.monotonic())
        self._start()

    def _on_iteration_progress(self, e: dict[str, Any]) -> None:
        self._update(iteration=e["iteration"], activity=e["message"])
        seen_fw, seen_dp = set(self.frameworks), set(self.data_points)
        self._new_items(e.get("frameworks_applied") or [], e.get("data_points") or [])
        self._partial_frameworks |= self.frameworks - seen_fw
        self._partial_points |= self.data_points - seen_dp

    def _on_iteration_completed(self, e: dict[str, Any]) -> None:
        self._new_items(e["frameworks_applied"], e["data_points"])
        n_fw, n_dp = len(e["frameworks_applied"]), len(e["data_points"])
        self._print(
            markup(
                "[bold green]✓[/] Iteration {n} done in {took} [dim]({fw}, {dp})[/]",
                n=e["iteration"],
                took=_seconds(e["duration_ms"]),
                fw=_count(n_fw, "framework"),
                dp=_count(n_dp, "new data point"),
            )
        )
        self._update(completed=e["iteration"], activity="")

    def _on_plan_checked(self, e: dict[str, Any]) -> None:
        self.checks = e["checks"]

    def _print_checks(self) -> None:
        for c in self.checks:
            ok = c["status"] == "pass"
            # a pass that could not check all it was given is no plain tick (the page's ◐)
            partly = ok and PARTLY.search(c["message"]) is not None
            mark = "[dim]◐[/]" if partly else "[green]✓[/]" if ok else "[yellow]⚑[/]"
            line = f"  {mark} {{name}}: {{message}}"
            self._print(markup(line, name=c["name"], message=c["message"]))

    def _on_checkpoint_reached(self, e: dict[str, Any]) -> None:
        self._stop()
        imp = e["improvements"]
        body = [shown(e["summary"])]
        found = imp.get("key_discovery")
        if found and found not in e["summary"]:  # the summary may say it already
            body += ["", markup("[bold]Key discovery:[/bold] {text}", text=found)]
        body += [
            "",
            markup(
                "{fw}, {dp} so far; decide before {expires} (after it, it still waits:"
                " x gives it more time)",
                fw=_count(len(e["frameworks_so_far"]), "framework"),
                dp=_count(len(e["data_points_so_far"]), "data point"),
                expires=when(e["expires_at"]),
            ),
        ]
        if e.get("changes"):
            body += ["", markup("[bold]Changes:[/bold] {text}", text=change_line(e["changes"]))]
        title = markup(
            "Checkpoint {n} · after iteration {i}", n=e["checkpoint_number"], i=e["iteration"]
        )
        self._print(Panel("\n".join(body), title=title, border_style="yellow"))
        self._print_checks()

    def _on_checkpoint_approved(self, e: dict[str, Any]) -> None:
        extra = markup(" with feedback: {text}", text=e["feedback"]) if e.get("feedback") else ""
        self._print(markup("[green]Checkpoint {n} approved[/]", n=e["checkpoint_number"]) + extra)

    def _on_checkpoint_rejected(self, e: dict[str, Any]) -> None:
        self._stop()
        self._print(markup("[red]Checkpoint {n} rejected[/]", n=e["checkpoint_number"]))

    def _on_run_paused(self, e: dict[str, Any]) -> None:
        self._stop()
        self._print(markup("Paused after iteration {n}", n=e["iteration"]))

    def _on_run_resumed(self, e: dict[str, Any]) -> None:
        self._print(markup("Resumed after iteration {n}", n=e["iteration"]))

    def _on_final_plan(self, e: dict[str, Any]) -> None:
        self._stop()
        self._print(Rule("Final plan"))
        # hyperlinks=False: a link shows its target, "text (url)", not a hidden OSC 8 link
        self._print(Markdown(clean(e["plan"]), hyperlinks=False))
        self._print(Rule())
        counts = [
            _count(e["iterations"], "iteration"),
            _count(e["checkpoints"], "checkpoint"),
            _count(len(e["frameworks"]), "framework"),
            _count(len(e["data_points"]), "data point"),
        ]
        self._print(shown(", ".join(counts)))
        if self.checks:
            self._print(markup("[bold]Plan checks[/bold] (against the goal's constraints):"))
            self._print_checks()
        if e.get("memory_entity"):
            self._print(
                markup(
                    "Saved to memory as [bold]{name}[/] (entities/{name}.md)",
                    name=e["memory_entity"],
                )
            )

    def _on_error(self, e: dict[str, Any]) -> None:
        self._stop()
        self._print(
            markup(
                "[bold red]Error[/] ({code}): {message}",
                code=e.get("code", "error"),
                message=e["message"],
            )
        )

    def _on_complete(self, e: dict[str, Any]) -> None:
        self._stop()
        colour = "green" if e["status"] == "completed" else "red"
        self._print(markup("Run [" + colour + "]{status}[/].", status=e["status"]))

    def plan_text(self, title: str, markdown: str) -> None:
        self._stop()
        self._print(Rule(shown(title)))
        self._print(Markdown(clean(markdown or "(no plan yet)"), hyperlinks=False))
        self._print(Rule())

    def changes(self, changes: dict[str, Any]) -> None:
        self._stop()
        self._print(shown(change_line(changes)))
        for line in str(changes.get("diff") or "(no differences)").splitlines():
            style = DIFF_STYLES.get(line[:1], "") if not line.startswith(("+++", "---")) else "dim"
            self._print(Text(clean(line), style=style))

    def _on_checkpoint_changes_requested(self, e: dict[str, Any]) -> None:
        # "from the start" for a first checkpoint's, not "iterations after 0" (a new user's
        # trial read it as a fault)
        after = e.get("iteration")
        since = "from the start" if after == 0 else f"after iteration {after}"
        self._print(
            markup(
                "[yellow]Checkpoint {n}: changes requested[/] ({text}); the iterations run"
                " again {since}",
                n=e["checkpoint_number"],
                text=e.get("feedback", ""),
                since=since if after is not None else "since the last review",
            )
        )

    def _on_plan_edited(self, e: dict[str, Any]) -> None:
        titles = ", ".join(map(str, e.get("sections") or [])) or "no sections"
        self._print(markup("[green]Your edited plan is the plan now[/] (yours: {t})", t=titles))

    def _on_checkpoint_expired(self, e: dict[str, Any]) -> None:
        self._stop()
        self._print(
            markup(
                "[red]Checkpoint {n} passed its deadline[/]: it still waits (x gives it more time)",
                n=e["checkpoint_number"],
            )
        )

    def _on_checkpoint_extended(self, e: dict[str, Any]) -> None:
        self._print(
            markup(
                "Checkpoint {n} now waits until {t}",
                n=e["checkpoint_number"],
                t=when(e["expires_at"]),
            )
        )

    def prompt(self, text: str) -> None:
        self._stop()
        self.console.print(markup("[bold]{text}[/bold] ", text=text), end="")

    def answered(self, line: str) -> None:
        self.console.print(markup("{line}", line=line))

    def close(self) -> None:
        self._stop()


def when(stamp: str) -> str:
    """``2026-12-04 19:28 UTC`` for an event's ISO-8601 time (as sent, if it is not one)."""
    try:
        at = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
