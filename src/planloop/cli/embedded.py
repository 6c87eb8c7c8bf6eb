"""The terminal client's in-process backend: the engine of ``app.py``'s lifespan, in this
process, speaking the API's own JSON shapes."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, cast

from planloop.cli.backend import EXIT_FAILED, EXIT_USAGE, CliError, client_owner
from planloop.errors import (
    CannotOpen,
    Conflict,
    InvalidInput,
    LimitExceeded,
    NotFound,
    PlanloopError,
    StoreMissing,
)
from planloop.settings import Settings

if TYPE_CHECKING:
    from planloop.engine.decisions import DecisionKind


def _cli_error(exc: PlanloopError) -> CliError:
    usage = isinstance(exc, InvalidInput | NotFound | Conflict | LimitExceeded)
    return CliError(exc.message, EXIT_USAGE if usage else EXIT_FAILED, exc.code)


class EmbeddedBackend:
    """The engine of ``app.py``'s lifespan, in this process, on the default store."""

    where = ""

    def __init__(self, engine: Any, owner: str) -> None:
        from planloop.engine import Engine

        self.engine: Engine = engine
        self.owner = owner

    async def _call(self, work: Any) -> Any:
        try:
            return await work
        except PlanloopError as exc:
            raise _cli_error(exc) from None

    async def propose(self, goal: str, selected: list[str] | None = None) -> dict[str, Any]:
        proposal = await self._call(self.engine.propose(goal, selected, owner=self.owner))
        result: dict[str, Any] = proposal.model_dump(mode="json")
        return result

    async def create_run(self, body: dict[str, Any]) -> dict[str, Any]:
        from planloop.domain import Proposal
        from planloop.engine import RunRequest

        request = RunRequest(
            goal=body["goal"],
            proposal=Proposal.model_validate(body["proposal"]) if body.get("proposal") else None,
            max_iterations=body.get("max_iterations"),
            checkpoint_interval=body.get("checkpoint_interval"),
            selected_entities=body.get("selected_entities"),
        )
        run = await self._call(self.engine.create_run(self.owner, request))
        return {"run_id": run.id, "status": run.status.value}

    async def get_run(self, run_id: str) -> dict[str, Any]:
        from planloop.views import RunView

        run, checkpoints = await self._call(self.engine.run_and_checkpoints(self.owner, run_id))
        view = RunView.full(run, checkpoints)
        result: dict[str, Any] = view.model_dump(mode="json")
        return result

    async def list_runs(self, limit: int) -> list[dict[str, Any]]:
        from planloop.views import RunSummary

        runs = await self._call(self.engine.list_runs(self.owner, limit))
        return [RunSummary.of(r).model_dump(mode="json") for r in runs]

    async def decide(
        self,
        run_id: str,
        number: int,
        decision: str,
        feedback: str,
        plan_markdown: str | None = None,
    ) -> dict[str, Any]:
        kinds = ("approve", "reject", "revise", "edit")
        if decision not in kinds:
            raise CliError(f"decision must be one of {', '.join(kinds)}", EXIT_USAGE)
        d = await self._call(
            self.engine.decide(
                self.owner,
                run_id,
                number,
                cast("DecisionKind", decision),
                feedback,
                plan_markdown=plan_markdown,
            )
        )
        return {
            "run_id": d.run_id,
            "checkpoint": d.checkpoint,
            "decision": d.decision,
            "feedback": d.feedback,
            "status": d.run_status.value,
            "revision": d.revision,
            "already_recorded": d.already_recorded,
        }

    async def checkpoint(self, run_id: str, number: int) -> dict[str, Any]:
        from planloop.views import CheckpointDetail

        cp, base = await self._call(self.engine.checkpoint(self.owner, run_id, number))
        result: dict[str, Any] = CheckpointDetail.of(cp, base).model_dump(mode="json")
        return result

    async def plan(self, run_id: str, iteration: int | None) -> dict[str, Any]:
        from planloop.views import PlanView

        run, version = await self._call(self.engine.plan(self.owner, run_id, iteration))
        result: dict[str, Any] = PlanView.of(run, version).model_dump(mode="json")
        return result

    async def export(self, run_id: str, fmt: str, iteration: int | None) -> tuple[str, str]:
        from planloop.export import FORMATS, export, of_run

        if fmt not in FORMATS:
            raise CliError(f"format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
        run, version = await self._call(self.engine.plan(self.owner, run_id, iteration))
        doc = of_run(run, version.iteration, version.plan, version.created_at)
        out = export(doc, fmt, iteration=iteration)
        return out.content, out.file_name

    async def extend(self, run_id: str, number: int, seconds: float) -> dict[str, Any]:
        from planloop.views import CheckpointDetail

        cp, base = await self._call(self.engine.extend(self.owner, run_id, number, seconds))
        result: dict[str, Any] = CheckpointDetail.of(cp, base).model_dump(mode="json")
        return result

    async def fork(
        self, run_id: str, from_iteration: int, feedback: str, max_iterations: int | None
    ) -> dict[str, Any]:
        run = await self._call(
            self.engine.fork(self.owner, run_id, from_iteration, feedback, max_iterations)
        )
        return {
            "run_id": run.id,
            "parent_run_id": run_id,
            "from_iteration": from_iteration,
            "status": run.status.value,
        }

    async def events(self, run_id: str, after: int) -> AsyncGenerator[dict[str, Any], None]:
        async for event in self.engine.follow(run_id, after):
            yield event.data


@asynccontextmanager
async def embedded(
    settings: Settings, *, execute: bool = True, existing: bool = False, owner: str | None = None
) -> AsyncIterator[EmbeddedBackend]:
    """The engine in this process (:func:`planloop.runtime.running`); with ``execute`` the
    scheduler runs too, so runs advance while this process lives. Without it the command
    only reads, and makes nothing: no database, no memory folder (a trial: a typo in
    PLANLOOP_DATABASE_URL made an empty database and said "No runs yet"). With
    ``existing`` (a command that acts on a run already there: attach, decide, fork) it
    executes, but makes no database either. Runs belong to ``owner`` (default: this
    client's, see :func:`client_owner`)."""
    from planloop.runtime import running

    try:
        async with running(
            settings, execute=execute, reads_only=not execute, existing=existing
        ) as parts:
            yield EmbeddedBackend(parts.engine, owner or client_owner())
    except StoreMissing as exc:
        raise CliError(
            f"{exc.message}: a command on runs already there makes none. Check the path, or"
            ' give --server URL; planloop plan "GOAL" makes the database with its first run',
            EXIT_USAGE,
            exc.code,
        ) from None
    except CannotOpen as exc:
        raise CliError(exc.message) from None
