"""``POST /api/agui``: planloop runs over the AG-UI protocol (HTTP + SSE binding).

Start: a ``RunAgentInput`` whose last user message is the goal (options in
``forwardedProps``: ``max_iterations``, ``checkpoint_interval``, ``checkpoint_timeout_s``,
``selected_entities``). The stream runs until the first checkpoint, where the AG-UI run
ends with the interrupt outcome. Resume: a new request on the same thread whose
``resume`` entry answers the interrupt with ``{"decision": "approve"|"revise"|"edit"|
"reject", "feedback"?, "plan_markdown"?}`` (revise needs feedback, edit a plan_markdown;
after revise the run comes back to the same checkpoint as a new revision, and the stream
ends at its interrupt again); an abandoned (``cancelled``) entry rejects. Input that cannot
start or resume a run is refused with an HTTP error before any stream exists, as the
binding says.
The stream is the run streams' lean response (planloop.api.sse) over the run's feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ag_ui.core import BaseEvent, ResumeEntry, RunAgentInput
from ag_ui.encoder import EventEncoder
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planloop.api.agui_wire import INTERRUPT_PREFIX, AguiMapper, parse_interrupt_id
from planloop.api.deps import EngineDep, OwnerDep, RunCreatorDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.sse import EventStream, as_is
from planloop.domain import MAX_GOAL_CHARS, MAX_ITERATIONS, Run
from planloop.engine import Engine, RunRequest
from planloop.engine.feed import Feed
from planloop.engine.runs import DecisionKind
from planloop.errors import InvalidInput

router = APIRouter(prefix="/api", tags=["ag-ui"], responses=ERRORS)


class AguiOptions(BaseModel):
    """``forwardedProps`` a new run reads (anything else there is ignored)."""

    model_config = ConfigDict(extra="ignore")

    goal: str | None = Field(None, max_length=MAX_GOAL_CHARS)
    max_iterations: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_interval: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_timeout_s: float | None = Field(
        None, ge=1, le=30 * 24 * 3600, strict=True, allow_inf_nan=False
    )
    selected_entities: list[str] = Field(default_factory=list, max_length=50)


def options_of(body: RunAgentInput) -> AguiOptions:
    props = body.forwarded_props if isinstance(body.forwarded_props, dict) else {}
    try:
        return AguiOptions.model_validate(props)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InvalidInput(f"forwardedProps.{where}: {first['msg']}") from None


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    texts: list[str] = []
    if isinstance(content, list):  # multimodal parts: keep the text ones
        for part in content:
            text = part.get("text") if isinstance(part, dict) else getattr(part, "text", None)
            if isinstance(text, str):
                texts.append(text)
    return "\n".join(texts)


def goal_of(body: RunAgentInput, options: AguiOptions) -> str:
    for message in reversed(body.messages):
        if getattr(message, "role", None) == "user":
            text = _text(getattr(message, "content", "")).strip()
            if text:
                return text
    if options.goal and options.goal.strip():
        return options.goal.strip()
    raise InvalidInput("send the goal as the last user message (or forwardedProps.goal)")


def run_request(body: RunAgentInput) -> RunRequest:
    options = options_of(body)
    return RunRequest(
        goal=goal_of(body, options),
        max_iterations=options.max_iterations,
        checkpoint_interval=options.checkpoint_interval,
        checkpoint_timeout_s=options.checkpoint_timeout_s,
        selected_entities=options.selected_entities or None,  # [] here: automatic, as before
    )


class Answer(NamedTuple):
    decision: DecisionKind
    feedback: str
    plan_markdown: str | None = None


KINDS: tuple[DecisionKind, ...] = ("approve", "revise", "edit", "reject")


def decision_of(entry: ResumeEntry) -> Answer:
    if entry.status == "cancelled":  # abandoned: nobody will approve it, so the run stops
        return Answer("reject", "")
    payload = entry.payload if isinstance(entry.payload, dict) else {}
    decision = payload.get("decision")
    if decision is None and isinstance(payload.get("approved"), bool):
        decision = "approve" if payload["approved"] else "reject"
    kind = next((k for k in KINDS if k == decision), None)
    if kind is None:
        raise InvalidInput(
            'the resume payload needs "decision": "approve", "revise", "edit" or "reject"'
        )
    feedback = payload.get("feedback") or ""
    if not isinstance(feedback, str):
        raise InvalidInput("the resume payload's feedback must be a string")
    plan = payload.get("plan_markdown")
    if plan is not None and not isinstance(plan, str):
        raise InvalidInput("the resume payload's plan_markdown must be a string")
    return Answer(kind, feedback, plan)


async def checkpoint_seq(engine: Engine, run_id: str, number: int) -> int:
    """The seq of checkpoint ``number``'s ``checkpoint_reached``: the resumed stream's start."""
    return (await engine.checkpoint_reached(run_id, number)).seq


async def _resume(engine: Engine, owner: str, entries: list[ResumeEntry]) -> tuple[Run, int]:
    for e in entries:
        if (
            e.interrupt_id.startswith(INTERRUPT_PREFIX)
            and parse_interrupt_id(e.interrupt_id) is None
        ):
            raise InvalidInput(
                f"interrupt id {e.interrupt_id[:100]!r} is not checkpoint:<run id>:<number>"
                " (the number in ASCII digits, as the interrupt gave it)"
            )
    ours = [(parse_interrupt_id(e.interrupt_id), e) for e in entries]
    known = [(target, e) for target, e in ours if target is not None]
    if not known:
        raise InvalidInput("the resume entries name no planloop checkpoint interrupt")
    (run_id, number), entry = known[0]
    run = await engine.get_run(owner, run_id)
    after = await checkpoint_seq(engine, run_id, number)
    answer = decision_of(entry)
    await engine.decide(
        owner, run_id, number, answer.decision, answer.feedback, plan_markdown=answer.plan_markdown
    )
    return run, after


_ENCODER = EventEncoder()


def encode(events: Iterable[BaseEvent]) -> bytes:
    return "".join(_ENCODER.encode(event) for event in events).encode()


class AguiFeed:
    """A run's feed as AG-UI frames (a planloop.api.sse Source). It ends where the AG-UI
    run ends (at a checkpoint's interrupt, the plan, a failure) or where the feed does."""

    __slots__ = ("_feed", "_mapper")

    def __init__(self, feed: Feed, mapper: AguiMapper) -> None:
        self._feed = feed
        self._mapper = mapper

    @property
    def run_id(self) -> str:
        return self._feed.run_id

    async def next(self, idle_s: float | None = None) -> bytes | None:
        while not self._mapper.closed:
            event = await self._feed.next(idle_s)
            if event is None:
                return None
            frames = encode(self._mapper.map(event))
            if frames:
                return frames
        raise StopAsyncIteration

    def take_ready(self) -> bytes | None:
        while not self._mapper.closed:
            event = self._feed.take_ready()
            if event is None:
                return None
            frames = encode(self._mapper.map(event))
            if frames:
                return frames
        return None

    def park_with(self, wake: Callable[[], None]) -> None:
        self._feed.park_with(wake)

    def close(self) -> None:
        self._feed.close()


@router.post("/agui", response_class=EventStream, responses=STREAM_ERRORS)
async def agui_run(
    body: RunAgentInput,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
    create: RunCreatorDep,
) -> EventStream:
    """Run planloop as an AG-UI agent: RUN_STARTED, a step per iteration, activity for
    progress, STATE_SNAPSHOT then RUN_FINISHED(interrupt) at a checkpoint, RUN_FINISHED
    (success) with the plan, RUN_FINISHED(cancelled) on reject, RUN_ERROR on failure."""
    if body.resume:
        run, after = await _resume(engine, owner, list(body.resume))
    else:
        run, after = await create(owner, run_request(body)), 0
    known = {
        "goal": run.goal,
        "max_iterations": run.max_iterations,
        "checkpoint_interval": run.checkpoint_interval,
        "planner": run.planner,
    }
    state = {**(body.state if isinstance(body.state, dict) else {}), **known}
    mapper = AguiMapper(body.thread_id, body.run_id, run.id, state, run.created_at.date())
    return EventStream(
        AguiFeed(engine.feed(run.id, after), mapper),
        as_is,
        heartbeat_s=settings.heartbeat_s,
        send_timeout_s=settings.send_timeout_s,
        preamble=encode(mapper.start(body)),  # RUN_STARTED, before any event is read
    )
