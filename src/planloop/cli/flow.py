"""What each command does, against either backend: propose, start, watch, decide, detach.

A flow returns the process's exit code: 0 completed, 1 failed, 2 usage error, 3 rejected,
cancelled or expired (or the proposal declined), 130 detached (the run goes on).
"""

from __future__ import annotations

import json
import re
from contextlib import aclosing
from typing import Any

from planloop.cli.answers import LineReader
from planloop.cli.client import (
    EXIT_DETACHED,
    EXIT_OK,
    EXIT_STOPPED,
    EXIT_USAGE,
    STATUS_EXIT,
    Backend,
    CliError,
    config_dir,
)
from planloop.cli.review import Choice, Leave, ask_checkpoint
from planloop.cli.view import View
from planloop.domain import MAX_ITERATIONS

APPROVE = {"", "a", "approve", "y", "yes"}
REJECT = {"r", "reject", "n", "no"}
DETACH = {"d", "detach", "q", "quit"}
POSITIONS_KEPT = 50
DONE = {
    "approve": "approved",
    "reject": "rejected",
    "revise": "sent back with your changes",
    "edit": "approved with your edited plan",
}


WHOLE_ID = re.compile(r"[0-9a-f]{32}")
START_OF_ID = re.compile(r"[0-9a-f]{4,31}")
TOO_SHORT = re.compile(r"[0-9a-f]{1,3}")
RUNS_SEARCHED = 500  # the newest runs a short id is looked for in (``runs --limit``'s most)


async def whole_run_id(backend: Backend, given: str) -> str:
    """The run a person means: its whole id, or the start of the id of one of this
    client's newest runs (as ``runs`` shows a fork's parent: "from 05352ddd @ 2"), at
    least four characters. Anything else goes to the backend as typed, which says it is
    not found."""
    start = given.strip().lower()
    if TOO_SHORT.fullmatch(start):
        raise CliError(f"{given} is too short: give a run's id, or four or more of its first"
                       " characters", EXIT_USAGE)  # fmt: skip
    if WHOLE_ID.fullmatch(start) or not START_OF_ID.fullmatch(start):
        return given
    found = [
        str(run["run_id"])
        for run in await backend.list_runs(RUNS_SEARCHED)
        if str(run["run_id"]).startswith(start)
    ]
    if len(found) > 1:
        # each as far as tells it from the others
        cut = next(i for i, chars in enumerate(zip(*found, strict=True)) if len(set(chars)) > 1) + 2
        shown = ", ".join(run_id[:cut] + "…" for run_id in found[:5])
        raise CliError(
            f"{given} starts the ids of {len(found)} runs ({shown}): type more of it",
            EXIT_USAGE,
        )
    return found[0] if found else given


class Detach(Exception):
    """The person left (Ctrl-C, 'd', or end of input); the run goes on without us."""


class Watch:
    """Following one run: the view, the answers, and the last seq seen."""

    def __init__(
        self, backend: Backend, view: View, answers: LineReader, *, auto_approve: bool = False
    ) -> None:
        self.backend = backend
        self.view = view
        self.answers = answers
        self.auto_approve = auto_approve
        self.run_id: str | None = None
        self.last_seq = 0

    async def ask(self, text: str) -> str:
        self.view.prompt(text)
        line = await self.answers.readline()
        if line is None:  # piped answers ran out (a trial's: it looked like a Ctrl-C)
            self.view.note("\nNo more answers on standard input.")
            raise Detach
        if not self.answers.echoed:
            # piped answers: each after its question, which had run into the next output
            # ("Start this plan? [Y/n] Run … started.")
            self.view.answered(line)
        return line.strip()

    async def checkpoint_decision(self, number: int) -> Choice:
        if self.auto_approve:
            self.view.note(f"Approving checkpoint {number} (--auto-approve)")
            return Choice("approve")
        assert self.run_id is not None
        try:
            return await ask_checkpoint(self, self.run_id, number)
        except Leave:
            raise Detach from None

    async def follow(self, run_id: str, after: int = 0) -> int:
        """Show the run until it ends; answer its checkpoints. Returns the exit code."""
        self.run_id, self.last_seq = run_id, after
        while True:
            parked: dict[str, Any] | None = None
            async with aclosing(self.backend.events(run_id, self.last_seq)) as events:
                async for event in events:
                    self.last_seq = event["seq"]
                    self.view.event(event)
                    if event["type"] == "complete":
                        return STATUS_EXIT.get(event["status"], 1)
                    if event["type"] == "checkpoint_reached":
                        state = await self.backend.get_run(run_id)
                        if state.get("pending_checkpoint") == event["checkpoint_number"]:
                            parked = event
                            break
            if parked is None:
                continue
            number = parked["checkpoint_number"]
            choice = await self.checkpoint_decision(number)
            try:
                await self.backend.decide(run_id, number, *choice)
            except CliError as exc:  # expired meanwhile, or decided elsewhere: keep watching
                self.view.note(f"Checkpoint {number}: {exc.message}")


# -- where to come back -------------------------------------------------------------------


def _positions_file() -> Any:
    return config_dir() / "attach-positions.json"


def load_position(run_id: str) -> int:
    try:
        value = json.loads(_positions_file().read_text()).get(run_id, 0)
        return value if isinstance(value, int) and value >= 0 else 0
    except (OSError, ValueError, AttributeError):
        return 0


def save_position(run_id: str, seq: int) -> None:
    path = _positions_file()
    try:
        positions = json.loads(path.read_text()) if path.exists() else {}
        if not isinstance(positions, dict):
            positions = {}
    except (OSError, ValueError):
        positions = {}
    positions.pop(run_id, None)
    positions[run_id] = seq
    kept = dict(list(positions.items())[-POSITIONS_KEPT:])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kept))
    except OSError:
        pass


def detached(watch: Watch) -> int:
    watch.view.close()
    run_id = watch.run_id
    if run_id is None:
        watch.view.note("Stopped before a run was started.")
        return EXIT_STOPPED
    save_position(run_id, watch.last_seq)
    where = watch.backend.where
    if where:
        goes_on = "The run goes on on the server."
    else:
        goes_on = (
            "The run is saved; with no server it advances only while planloop runs on this"
            " database (attach, or a server)."
        )
    watch.view.note(f"\nDetached from run {run_id}. {goes_on}")
    watch.view.note(f"Come back with: planloop attach {run_id}" + (f" {where}" if where else ""))
    return EXIT_DETACHED


# -- the commands -------------------------------------------------------------------------


async def plan(
    watch: Watch,
    goal: str,
    iterations: int | None,
    interval: int | None,
    *,
    yes: bool,
    no_memory: bool = False,
) -> int:
    selected: list[str] | None = [] if no_memory else None  # None: automatic grounding
    proposal = await watch.backend.propose(goal, selected)
    iterations = iterations or proposal["max_iterations"]
    interval = interval or proposal["checkpoint_interval"]
    watch.view.proposal(proposal, iterations, interval)
    if not yes:
        while True:
            try:
                answer = (await watch.ask("Start this plan? [Y/n]")).lower()
            except Detach:
                watch.view.note("No answer; nothing was started.")
                return EXIT_STOPPED
            if answer in APPROVE:
                break
            if answer in REJECT | DETACH:
                watch.view.note("Proposal declined; nothing was started.")
                return EXIT_STOPPED
            watch.view.note("Answer y or n.")
    created = await watch.backend.create_run(
        {
            "goal": goal,
            "proposal": proposal,
            "max_iterations": iterations,
            "checkpoint_interval": interval,
            **({"selected_entities": selected} if selected is not None else {}),
        }
    )
    watch.run_id = created["run_id"]
    watch.view.note(f"Run {created['run_id']} started.")
    return await watch.follow(created["run_id"])


async def attach(watch: Watch, run_id: str, after: int | None) -> int:
    run_id = await whole_run_id(watch.backend, run_id)
    run = await watch.backend.get_run(run_id)
    watch.run_id = run_id
    start = load_position(run_id) if after is None else after
    start = min(start, run["last_seq"])
    if start and run["status"] in STATUS_EXIT and start >= run["last_seq"]:
        start = 0  # it ended while we were away: show it all again
    if run["status"] == "awaiting_approval":
        start = min(start, run["last_seq"] - 1)  # parked: its checkpoint_reached is the last
    if start:
        watch.view.prime(run)
        watch.view.note(
            f"Attached to run {run_id} ({run['status']}, iteration {run['iteration']}"
            f"/{run['max_iterations']}), after event {start}."
        )
    return await watch.follow(run_id, start)


async def decide(
    backend: Backend,
    view: View,
    run_id: str,
    number: int,
    decision: str,
    feedback: str,
    *,
    as_json: bool,
    plan_markdown: str | None = None,
) -> int:
    run_id = await whole_run_id(backend, run_id)
    embedded = not backend.where
    before = (await backend.get_run(run_id))["last_seq"] if embedded else 0
    result = await backend.decide(run_id, number, decision, feedback, plan_markdown)
    if as_json:
        view.event(result)
    elif result.get("already_recorded"):
        # the same decision again is answered as the first was (exit 0), but is no new
        # success (a trial: "approved; the run is completed", as if it had just happened)
        view.note(
            f"Checkpoint {number} of run {run_id} was already {DONE[decision]} by this same"
            f" decision, recorded before: nothing new happened; the run is {result['status']}"
        )
    else:
        done = DONE[decision]
        view.note(f"Checkpoint {number} of run {run_id} {done}; the run is {result['status']}")
    if embedded and result["status"] == "running":
        # No server: this process executes the run until it parks again or ends.
        view.note("Continuing the run here until its next checkpoint (Ctrl-C to stop)…")
        async with aclosing(backend.events(run_id, before)) as events:
            async for event in events:
                if event["type"] == "complete" or (
                    event["type"] == "checkpoint_reached" and event["checkpoint_number"] >= number
                ):
                    break
        run = await backend.get_run(run_id)
        view.note(f"Run {run_id} is {run['status']} after iteration {run['iteration']}.")
        if (waits := run.get("pending_checkpoint")) is not None:
            # a revision asks the same checkpoint again (a trial's: "decide 2" was tried)
            again = " again, with your changes" if waits == number else ""
            view.note(f"Checkpoint {waits} waits{again}: planloop decide {run_id} {waits} approve")
    return EXIT_OK


async def runs(
    backend: Backend,
    view: View,
    limit: int,
    *,
    as_json: bool,
    statuses: frozenset[str] = frozenset(),
    search: str = "",
) -> list[dict[str, Any]]:
    """This client's runs, newest first: those in ``statuses`` (all without) whose goal
    holds ``search`` (any case), at most ``limit``."""
    filtered = bool(statuses or search)
    found = await backend.list_runs(500 if filtered else limit)
    words = search.casefold().split()
    found = [
        run
        for run in found
        if (not statuses or run["status"] in statuses)
        and all(w in str(run["goal"]).casefold() for w in words)
    ][:limit]
    if as_json:
        for run in found:
            view.event(run)
    return found


async def fork(
    watch: Watch,
    run_id: str,
    from_iteration: int,
    feedback: str,
    max_iterations: int | None,
    *,
    follow: bool,
    as_json: bool,
) -> int:
    """A new run from the plan after ``from_iteration`` of ``run_id`` (which stays as it
    is); then watch it, as ``plan`` does, unless told not to."""
    run_id = await whole_run_id(watch.backend, run_id)
    try:
        created = await watch.backend.fork(run_id, from_iteration, feedback, max_iterations)
    except CliError as exc:
        if exc.code != "invalid_max_iterations":
            raise
        # said in the options typed, not the API's fields (a trial: "max_iterations must be
        # more than from_iteration"); --iterations is checked before: the run's own count
        raise CliError(
            f"run {run_id} has no iterations left after iteration {from_iteration}: give"
            f" --iterations more than {from_iteration} (at most {MAX_ITERATIONS}) for the new"
            " run's iterations in all",
            EXIT_USAGE,
            exc.code,
        ) from None
    new = created["run_id"]
    if as_json:
        watch.view.event(created)
    watch.view.note(f"Run {new} continues run {run_id} from iteration {from_iteration}.")
    watch.run_id = new
    if not follow:
        return EXIT_OK
    return await watch.follow(new)
