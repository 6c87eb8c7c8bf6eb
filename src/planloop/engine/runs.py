"""The Engine: what people do to runs — create, decide, pause, resume, cancel, watch.

Every operation is one store transaction that checks the run's owner and status, changes
it, and appends the events that say so. Nothing here knows about HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from planloop import metrics
from planloop.domain import (
    MAX_GOAL_CHARS,
    Checkpoint,
    Proposal,
    Run,
    RunStatus,
    utcnow,
)
from planloop.engine import decisions
from planloop.engine.broker import Broker
from planloop.engine.courier import Courier
from planloop.engine.decisions import Decision, DecisionKind, owned_by
from planloop.engine.eventlog import EventLog
from planloop.engine.idempotency import KeyTaken, Once
from planloop.engine.ledger import Ledger, Mutation
from planloop.engine.relay import Relay
from planloop.engine.requests import (
    MAX_SAVED_PLAN_CHARS,
    RunRequest,
    clean_goal,
    clean_text,
    fingerprint,
    new_run,
    states_proposal,
)
from planloop.engine.reviews import Reviews
from planloop.engine.runner import RunLimits, Runner
from planloop.engine.scheduler import Scheduler
from planloop.engine.shares import Shares, ShareStreams
from planloop.engine.webhooks import Webhooks
from planloop.errors import InvalidInput, NotFound, shown
from planloop.events import EventBody, PlanningStarted
from planloop.memory import Memory, MemorySpaces, as_spaces, grounding
from planloop.plan_processes import PlanProcesses
from planloop.planners import stated_proposal
from planloop.planners.base import MemoryNote, Planner, PlannerHealth
from planloop.settings import Settings
from planloop.store import EntityRecord, Store, Transaction, WebhookDelivery

READ_ATTEMPTS = 8
"""How often a read of a run with its checkpoints is tried for one consistent pair."""
OWNERS_KEPT = 10_000
"""Runs whose owner a process remembers (~0.12 KB each): enough for a stream opened right
after its run's creation, even in a burst of thousands; more only made the process larger
per parked run (12 MiB at 100,000, docs/benchmarks.md)."""
WATCHER_WAIT_S = 0.025
"""How long a run created here waits for its client's stream before its first step: on
one event loop that step would otherwise delay the stream's first event by its own CPU
time (docs/benchmarks.md, the peer's findings 12). A stream opened on another replica,
or none at all, costs the run this much."""
READER_TURN_S = 0.001
"""Once that stream has written them, how long the run still waits: a client on the same
machine (a browser on a laptop, the benchmarks' driver) reads its first events while the
server's process sleeps, instead of waiting for a core that the first step's CPU work
holds. First event p50 6.5 -> 5.1 ms on SQLite, 5.7 -> 5.5 ms on PostgreSQL, with the
client beside the server on 2 cores (docs/benchmarks.md, the peer's findings 15)."""

__all__ = ["Decision", "DecisionKind", "Engine", "Health", "RunRequest"]


@dataclass(frozen=True)
class Health:
    """What ``/api/health`` and ``/metrics`` say of this process and its store."""

    planner: PlannerHealth
    planner_name: str
    runs: dict[str, int]
    executing: int
    streams: int


class Engine(Reviews, Shares, EventLog):
    """The only writer: every change to a run goes through its :class:`Ledger`; routes,
    the terminal client and MCP call these methods and never touch the store."""

    def __init__(
        self,
        store: Store,
        broker: Broker,
        planner: Planner,
        memory: MemorySpaces | Memory,
        settings: Settings,
        processes: PlanProcesses | None = None,
    ) -> None:
        self.planner = planner
        # Every principal's memory; a run's is its owner's space (memory/spaces.py).
        self.spaces = as_spaces(memory)
        self.settings = settings
        self._store = store
        self._broker = broker
        self._webhooks = Webhooks(settings)
        self._ledger = Ledger(store, broker, self._webhooks)
        self._share_streams = ShareStreams()  # streams open through share links
        # The owner of each run created or checked here lately (it never changes), so that
        # opening a stream of one reads nothing before its events.
        self._owners: dict[str, str] = {}
        # This process, as the holder of run leases (a run's *owner* is a session).
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._courier = Courier(store, self._webhooks, settings, self.worker)
        self._relay = Relay(store, broker, settings.relay_poll_s)
        limits = RunLimits(settings.max_run_tokens, settings.max_run_seconds)
        self._runner = Runner(
            self._ledger, planner, self.spaces, self.worker, limits, processes=processes
        )
        self._scheduler = Scheduler(
            store,
            self._runner,
            self.expire,
            worker=self.worker,
            lease_s=settings.lease_s,
            sweep_interval_s=settings.sweep_interval_s,
            max_executing=settings.max_executing_runs,
            takeover_poll_s=settings.takeover_poll_s,
        )

    async def start(self) -> None:
        await self._relay.start()
        await self._scheduler.start()
        await self._courier.start()

    async def stop(self) -> None:
        await self.end_streams()  # open streams finish their responses first
        await self._courier.stop()
        await self._scheduler.stop()
        await self._relay.stop()

    # -- what this process and its store say of themselves ---------------------------------

    async def health(self) -> Health:
        return Health(
            planner=await self.planner.check(),
            planner_name=self.planner.name,
            runs=await self._store.status_counts(),
            executing=len(self._scheduler.tasks),
            streams=self._broker.subscriber_count(),
        )

    async def refresh_metrics(self) -> None:
        await metrics.refresh(
            self._store, self._broker.subscriber_count(), len(self._scheduler.tasks)
        )

    def is_transient(self, exc: BaseException) -> bool:
        """A store fault that may pass (busy, restarting): worth a 503, not a 500."""
        return self._store.is_transient(exc)

    # -- memory grounding and proposals --------------------------------------------------

    def memory_of(self, owner: str) -> Memory:
        """The memory ``owner`` may see and change: its space, and only that (blocking
        briefly when the space is not open yet)."""
        return self.spaces.space_for(owner)

    async def memory_notes(self, owner: str, names: Sequence[str]) -> list[MemoryNote]:
        if not names:
            return []

        def read() -> list[MemoryNote]:
            return self.memory_of(owner).notes(list(names))

        try:
            return await asyncio.to_thread(read)
        except (LookupError, ValueError) as exc:
            raise InvalidInput(str(exc)) from exc

    async def ground(
        self, owner: str, goal: str, selected: Sequence[str] | None
    ) -> list[MemoryNote]:
        """The selected entities (unknown ones refused); none for an explicit empty selection
        ("no memory"); without a selection (``None``) the notes related to the goal, in
        ``owner``'s memory."""
        if selected is not None:
            return await self.memory_notes(owner, selected)
        return await grounding.chosen_notes_async(self.memory_of(owner), goal)

    async def propose(
        self, goal: str, selected_entities: Sequence[str] | None = None, *, owner: str
    ) -> Proposal:
        """A proposal for ``goal``, grounded in ``owner``'s memory (``selected_entities``:
        ``None`` for automatic grounding, ``[]`` for none)."""
        goal = clean_goal(goal, MAX_GOAL_CHARS)
        memory = await self.ground(owner, goal, selected_entities)
        proposal = await self.planner.propose(goal, memory)
        return proposal.model_copy(update={"memory": grounding.coverage(goal, memory)})

    # -- runs ------------------------------------------------------------------------------

    def _once(self, owner: str, key: str | None, *parts: object) -> Once | None:
        return Once.of(owner, key, self.settings.idempotency_ttl_s, *parts)

    async def create_run(self, owner: str, req: RunRequest, *, key: str | None = None) -> Run:
        """Create and start a run. With an Idempotency-Key (``key``), a request sent again
        gets the run the first one created (as it was then: ``status`` of that answer)."""
        goal = clean_goal(req.goal, MAX_GOAL_CHARS)
        proposal_text = clean_text(req.proposal_text, "proposal", 20_000, required=False)
        self._webhooks.check_run_url(req.webhook_url)  # before anything is made
        asked = fingerprint(req, goal, proposal_text)
        once = self._once(owner, key, "create_run", asked)
        if once is not None and (answer := await once.recorded(self._store)) is not None:
            return await self._created(owner, answer)
        # The run keeps the entities it is grounded on.
        memory = await self.ground(owner, goal, req.selected_entities)
        proposal = req.proposal
        model = self.planner.name != "offline"
        if proposal is None and model and states_proposal(req, proposal_text):
            proposal = await stated_proposal(goal, memory)  # no model call for a proposal
        if proposal is None:
            proposal = await self.planner.propose(goal, memory)
        proposal = proposal.model_copy(update={"memory": grounding.coverage(goal, memory)})
        run = new_run(
            owner, req, goal, proposal_text, proposal, memory, self.settings, self.planner.name
        )
        max_iterations, interval = run.max_iterations, run.checkpoint_interval
        cap = self.settings.max_active_runs_per_session

        async def start(run: Run, tx: Transaction) -> list[EventBody]:
            await tx.admit_run(run.id, owner, cap)
            if once is not None:
                await once.record(tx, {"run_id": run.id, "status": run.status.value})
            return [
                PlanningStarted(
                    goal=goal,
                    max_iterations=max_iterations,
                    checkpoint_interval=interval,
                    planner=run.planner,
                )
            ]

        # With a slot free here the run is created leased to this process and started from
        # this copy (its first step once its stream is served); else it is woken once
        # created, to wait for a slot.
        held = self._scheduler.hold(run)
        self._broker.keep_fresh(run.id)  # for the stream its client opens next
        try:
            await self._ledger.apply(run.id, start, create=run)
        except BaseException as exc:
            self._broker.take_fresh(run.id)
            if held:
                self._scheduler.drop()
            if not isinstance(exc, KeyTaken):
                raise
            # The same request, sent again while the first was running: its answer.
            assert once is not None
            answer = await once.recorded(self._store)
            assert answer is not None  # committed before our insert found it
            return await self._created(owner, answer)
        self._owned(run.id, owner)
        created = run.model_copy()  # the caller's: the drive changes its own
        if held:
            # Its client's stream is served before the run's first step takes the event
            # loop: that step waits for the stream (at most WATCHER_WAIT_S), then its reader.
            self._scheduler.begin(run, partial(self._after_its_stream, run.id))
        else:
            await self._scheduler.wake(run.id, run)
        return created

    async def _after_its_stream(self, run_id: str) -> None:
        """What a run created here waits for before its first step (WATCHER_WAIT_S,
        READER_TURN_S)."""
        if await self._broker.watched(run_id, WATCHER_WAIT_S):
            await asyncio.sleep(READER_TURN_S)

    async def _created(self, owner: str, answer: dict[str, object]) -> Run:
        """The run a keyed creation made, with the status its first answer said."""
        run = await self.get_run(owner, str(answer["run_id"]))
        return run.model_copy(update={"status": RunStatus(str(answer["status"]))})

    def queue_position(self, run_id: str) -> int | None:
        """Where a running run waits for a slot to execute here (1: next), or None."""
        return self._scheduler.position(run_id)

    async def get_run(self, owner: str, run_id: str) -> Run:
        return owned_by(owner, run_id)(await self._store.get_run(run_id))

    async def unfinished(self, run_ids: Sequence[str]) -> set[str]:
        """Those of these runs that exist and have not ended, in one read (per few
        hundred)."""
        return await self._store.unfinished(run_ids)

    async def check_owner(self, owner: str, run_id: str) -> None:
        """NotFound unless the run exists and is ``owner``'s (without loading it)."""
        if self._owners.get(run_id) == owner:
            return
        if await self._store.run_owner(run_id) != owner:
            raise NotFound(f"run {shown(run_id)} not found")
        self._owned(run_id, owner)

    def _owned(self, run_id: str, owner: str) -> None:
        if len(self._owners) >= OWNERS_KEPT:
            del self._owners[next(iter(self._owners))]  # the longest known
        self._owners[run_id] = owner

    async def list_runs(self, owner: str, limit: int = 100) -> list[Run]:
        return await self._store.list_runs(owner, limit=limit)

    async def run_and_checkpoints(self, owner: str, run_id: str) -> tuple[Run, list[Checkpoint]]:
        """The run and its checkpoints as of one commit. They are two reads, and a commit
        (a deadline, a decision) may land between them; every commit that changes a
        checkpoint also bumps the run's revision, so the pair is read again until the
        revision around the checkpoints' read holds still (a run commits at most every few
        milliseconds: a second read almost always holds)."""
        run = await self.get_run(owner, run_id)
        for _ in range(READ_ATTEMPTS):
            checkpoints = await self._store.list_checkpoints(run_id)
            again = await self.get_run(owner, run_id)
            if again.revision == run.revision:
                break
            run = again
        return run, checkpoints

    async def webhooks(self, run_id: str) -> list[WebhookDelivery]:
        """The run's webhooks and how their delivery went (engine/courier.py)."""
        return await self._store.webhooks_of(run_id)

    async def latest_run(self, owner: str, conversation: str) -> Run | None:
        for run in await self._store.list_runs(owner, limit=50):
            if run.conversation == conversation:
                return run
        return None

    # -- decisions and control ----------------------------------------------------------

    async def pause(self, owner: str, run_id: str) -> Run:
        return await self._control(owner, run_id, decisions.pause)

    async def resume(self, owner: str, run_id: str) -> Run:
        run = await self._control(owner, run_id, decisions.resume)
        if run.status is RunStatus.RUNNING:
            await self._scheduler.wake(run_id)
        return run

    async def cancel(self, owner: str, run_id: str) -> Run:
        run = await self._control(owner, run_id, decisions.cancel)
        await self._scheduler.cancel(run_id)
        return run

    async def retry(self, owner: str, run_id: str) -> Run:
        """Continue a failed run from the iteration that failed; earlier ones are kept."""
        run = await self._control(owner, run_id, decisions.retry)
        await self._scheduler.wake(run_id)
        return run

    async def _control(self, owner: str, run_id: str, mutate: Mutation) -> Run:
        return await self._ledger.apply(run_id, mutate, admit=owned_by(owner, run_id))

    # -- plans saved outside a run ---------------------------------------------------------

    async def save_plan(self, owner: str, goal: str, plan: str) -> tuple[str, bool]:
        """Save a plan the original page hands over (``/api/save-entity``) as a memory
        entity in the owner's space, once per owner and goal: ``(entity name, whether it
        was new)``. A plan that a run of this owner already saved for the goal is that run's
        entity."""
        goal = clean_goal(goal, MAX_GOAL_CHARS)
        plan = clean_text(plan, "plan_content", MAX_SAVED_PLAN_CHARS, required=True)
        existing = await self._store.entity_by_goal(owner, goal)
        if existing is not None:
            return existing.name, False
        digest = hashlib.sha256(f"{owner}\n{goal}\n{plan}".encode()).hexdigest()
        key = f"manual{digest[:24]}"
        name = await asyncio.to_thread(
            lambda: self.memory_of(owner).save_plan(
                run_id=key,
                goal=goal,
                plan=plan,
                facts={"goal": goal, "run_id": key, "date": utcnow().date().isoformat()},
            )
        )
        await self._ledger.record_entity(
            EntityRecord(name=name, run_id=key, owner=owner, goal=goal, created_at=utcnow())
        )
        return name, True
