"""The language-model planner, for any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, ...).

An iteration is a few model calls in stages — draft → critique → revise by default — each
streamed, its tokens turned into coalesced ``Progress`` updates, its answer validated against
a Pydantic model (:mod:`planloop.planners.openai.model_output`). Proposals and chat stream too, so
the read timeout measures silence between tokens, never the length of a slow model's answer.
:meth:`OpenAIPlanner.chat_stream` is the one call in prose (no schema, no repair): its text
reaches the caller as it arrives, coalesced like iteration deltas.
Three mechanisms, one place each:

* **Retries** belong to the SDK alone: ``AsyncOpenAI(max_retries=..., timeout=...)`` retries
  connection errors, timeouts, 408/409/429 and 5xx with backoff. This module never loops on
  a transport error; once the SDK gives up it becomes ``PlannerFailed("model_unavailable")``.
  A stream that stalls hits the read timeout; one that breaks off is not retried (the SDK
  cannot replay half an answer) and fails the same way.
* **Structured output** is asked for as a strict JSON Schema. A server that refuses
  ``response_format`` with a 400/422 is asked again with ``json_object`` and then with none
  (the schema moves into the instructions); the downgrade is remembered per instance.
* **Repair**: an answer that is not valid JSON for the schema is sent back once with the
  validation error; a second bad answer is ``PlannerFailed("model_output_invalid")``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel

from planloop.domain import Proposal
from planloop.errors import PlannerFailed
from planloop.planners.base import (
    IterationContext,
    IterationResult,
    MemoryNote,
    PlannerHealth,
    Progress,
    Usage,
)
from planloop.planners.openai import model_output as out
from planloop.planners.openai import prompts
from planloop.planners.openai.coalescer import Coalescer

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
Mode = Literal["json_schema", "json_object", "none"]

CHECK_TIMEOUT_S = 5.0
_RETRIED = {408, 409, 429}  # and every 5xx: what the SDK retries
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "response format")
_REFUSALS = (openai.BadRequestError, openai.UnprocessableEntityError)


@dataclass(frozen=True)
class _Delta:
    text: str


@dataclass(frozen=True)
class _Reply:
    text: str
    usage: Usage
    finished: bool  # a finish_reason arrived; False when a stream ended early


@dataclass(frozen=True)
class _Repairing:
    error: str


@dataclass(frozen=True)
class _Done(Generic[M]):
    value: M


class OpenAIPlanner:
    name = "openai"

    def __init__(
        self,
        model: str,
        base_url: str | None,
        api_key: str | None,
        *,
        max_retries: int = 2,
        timeout_s: float = 60.0,
        stages: Sequence[str] = prompts.DEFAULT_STAGES,
    ) -> None:
        if not model:
            raise ValueError("the openai planner needs a model name (PLANLOOP_MODEL)")
        if timeout_s <= 0 or max_retries < 0:
            raise ValueError("timeout_s must be positive and max_retries not negative")
        self.model, self.max_retries, self.timeout_s = model, max_retries, timeout_s
        self.stages = prompts.check_stages(stages)
        self._client = openai.AsyncOpenAI(
            api_key=api_key or "not-needed",
            base_url=base_url,
            max_retries=max_retries,
            # The read timeout bounds the wait for the answer and the gap between two
            # streamed chunks: a stalled stream becomes an APITimeoutError, not a hang.
            timeout=openai.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        )
        self.host = urlsplit(str(self._client.base_url)).netloc or str(self._client.base_url)
        self.mode: Mode = "json_schema"  # lowered, for good, when the server refuses it
        self.stream_usage = True  # False once the server refuses stream_options

    async def aclose(self) -> None:
        await self._client.close()

    # -- the Planner interface -----------------------------------------------------------

    async def propose(self, goal: str, memory: Sequence[MemoryNote] = ()) -> Proposal:
        value = await self._ask(prompts.proposal(goal, memory), out.ProposalOut)
        try:
            return out.to_proposal(value, [n.name for n in memory])
        except out.OutputInvalid as exc:
            raise self._invalid(str(exc)) from None

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        usage, feed = Usage(), Coalescer()
        latest: out.IterationOut | None = None
        critique: out.CritiqueOut | None = None
        known = [*ctx.proposal.frameworks, *ctx.state.frameworks]
        for stage in self.stages:
            verb = prompts.STAGE_VERBS[stage]
            yield Progress(
                stage=stage, message=f"{verb} iteration {ctx.iteration} of {ctx.max_iterations}"
            )
            prompt = prompts.stage(stage, ctx, latest, critique)
            spec: type[BaseModel] = out.CritiqueOut if stage == "critique" else out.IterationOut
            live = 0  # chunks of the call in flight: its token count until its usage arrives
            async for item in self._structured(prompt, spec):
                if isinstance(item, _Delta):
                    live += 1
                    update = feed.add(item.text, stage, usage.completion_tokens + live)
                elif isinstance(item, _Reply):
                    live, usage = 0, out.add_usage(usage, item.usage)
                    update = None
                elif isinstance(item, _Repairing):
                    if (update := feed.flush(stage, usage.completion_tokens)) is not None:
                        yield update
                    update = Progress(
                        stage=stage,
                        message=f"The model's answer was not usable ({out.cut(item.error)}); "
                        "asking it once to correct it",
                    )
                elif isinstance(item.value, out.CritiqueOut):
                    critique, update = item.value, None
                else:
                    assert isinstance(item.value, out.IterationOut)
                    latest, update = item.value, None
                    if stage == "revise":
                        critique = None  # acted on; a later critique starts afresh
                if update is not None:
                    yield update
            if (update := feed.flush(stage, usage.completion_tokens)) is not None:
                yield update
            if stage == "critique" and critique is not None:
                done = f"{len(critique.problems)} problems, {len(critique.suggestions)} ideas"
                yield Progress(stage=stage, message=f"Critique ready: {done}")
            elif latest is not None:
                applied = out.frameworks(latest.frameworks_applied, known)
                yield Progress(
                    stage=stage,
                    message=f"{stage.capitalize()} ready: {len(applied)} frameworks applied",
                    frameworks_applied=applied,
                )
        assert latest is not None  # check_stages guarantees a draft and a revise
        yield out.to_result(
            latest,
            known=known,
            feedback=ctx.state.feedback,
            memory=[n.name for n in ctx.memory],
            usage=usage,
        )

    async def chat(self, message: str, memory: Sequence[MemoryNote] = ()) -> str:
        value = await self._ask(prompts.chat(message, memory), out.ChatOut)
        cited = out.cited(value.sources, [n.name for n in memory])
        sources = ", ".join(cited) if cited else "none of the saved notes (general knowledge)"
        return f"{value.answer}\n\nSources: {sources}"

    async def chat_stream(
        self, message: str, memory: Sequence[MemoryNote] = ()
    ) -> AsyncIterator[str]:
        """A prose answer, streamed: one plain-text call (no response_format, no repair)."""
        feed, think = Coalescer(), out.ThinkFilter()
        reply: _Reply | None = None
        shown = False
        async for item in self._call(prompts.chat_text(message, memory), [], None):
            if isinstance(item, _Reply):
                reply = item
                continue
            text = think.feed(item.text)
            shown = shown or bool(text.strip())
            if text and (due := feed.push(text)) is not None:
                yield due
        if rest := think.end():
            shown = shown or bool(rest.strip())
            feed.parts.append(rest)
        if (due := feed.take()) is not None:
            yield due
        assert reply is not None
        if not reply.finished:
            raise self._cut_short()
        if not shown:
            raise PlannerFailed(
                f"The model {self.model} at {self.host} returned an empty answer.",
                code="model_output_invalid",
            )

    async def check(self) -> PlannerHealth:
        client = self._client.with_options(
            max_retries=0, timeout=min(self.timeout_s, CHECK_TIMEOUT_S)
        )
        try:
            ids = [m.id async for m in client.models.list()]
        except openai.NotFoundError:
            detail = f"{self.host} does not list its models (HTTP 404); assuming {self.model}"
            return PlannerHealth(True, detail)
        except openai.APIStatusError as exc:
            detail = f"{self.host} answered HTTP {exc.status_code} when asked for its models"
            return PlannerHealth(False, f"{detail}: {out.cut(exc.message)}")
        except openai.APIError as exc:
            return PlannerHealth(False, f"cannot reach the model endpoint {self.host}: {_why(exc)}")
        if self.model in ids or f"{self.model}:latest" in ids:
            return PlannerHealth(True, f"model {self.model} is available at {self.host}")
        offered = ", ".join(ids[:10]) or "no models"
        return PlannerHealth(
            False, f"model {self.model} is not served by {self.host} (it offers: {offered})"
        )

    # -- structured answers: validation and one repair -----------------------------------

    async def _ask(self, prompt: prompts.Prompt, spec: type[M]) -> M:
        async for item in self._structured(prompt, spec):
            if isinstance(item, _Done):
                return item.value
        raise AssertionError("unreachable: _structured ends with _Done or raises")

    async def _structured(
        self, prompt: prompts.Prompt, spec: type[M]
    ) -> AsyncIterator[_Delta | _Reply | _Repairing | _Done[M]]:
        """Deltas and a ``_Reply`` per model call, then the validated answer, or raise."""
        tail: list[ChatCompletionMessageParam] = []
        for attempt in (1, 2):
            reply: _Reply | None = None
            async for item in self._call(prompt, tail, spec):
                reply = item if isinstance(item, _Reply) else reply
                yield item
            assert reply is not None
            try:
                yield _Done(out.parse(spec, reply.text))
                return
            except out.OutputInvalid as exc:
                error = str(exc)
            if not reply.finished:
                raise self._cut_short()
            if attempt == 1:
                log.info("unusable answer from %s (%s); asking for a repair", self.model, error)
                yield _Repairing(error)
                tail = [{"role": "assistant", "content": reply.text}, prompts.repair(error)]
        raise self._invalid(error)

    def _cut_short(self) -> PlannerFailed:
        return PlannerFailed(
            f"The model endpoint {self.host} (model {self.model}) ended its answer "
            "before it was complete (the stream stopped without a finish reason).",
            code="model_unavailable",
        )

    def _invalid(self, error: str) -> PlannerFailed:
        return PlannerFailed(
            f"The model {self.model} at {self.host} did not return usable output after one "
            f"repair attempt: {out.cut(error, 300)}",
            code="model_output_invalid",
        )

    # -- one model call: negotiate the format once, then read the streamed answer ----------

    async def _call(
        self,
        prompt: prompts.Prompt,
        tail: list[ChatCompletionMessageParam],
        spec: type[BaseModel] | None,
    ) -> AsyncIterator[_Delta | _Reply]:
        """One streamed call; ``spec`` None asks for plain text (no format to negotiate)."""
        schema = out.wire_schema(spec) if spec is not None else None
        while True:  # each round asks for less than the last: three rounds at most
            mode: Mode = "none" if schema is None else self.mode
            usage_sent = self.stream_usage
            wanted, hint = None, ""
            if spec is not None and schema is not None:
                wanted = out.response_format(mode, spec, schema)
                hint = "" if mode == "json_schema" else prompts.format_hint(schema)
            messages = [*prompt.messages(hint), *tail]
            try:
                response = await self._client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format=wanted or openai.omit,
                    stream=True,
                    stream_options={"include_usage": True} if usage_sent else openai.omit,
                )
                break
            except _REFUSALS as exc:
                if not self._lower_demands(exc, mode, usage_sent):
                    raise self._unavailable(exc, midstream=False) from exc
            except openai.APIError as exc:
                raise self._unavailable(exc, midstream=False) from exc
        parts: list[str] = []
        reported: Any = None
        finished = False
        try:
            async with response:  # closed on cancel too: the server sees the disconnect
                async for chunk in response:
                    reported = chunk.usage or reported
                    for part in chunk.choices:
                        if part.delta and part.delta.content:
                            parts.append(part.delta.content)
                            yield _Delta(part.delta.content)
                        finished = finished or bool(part.finish_reason)
        except openai.APIError as exc:
            raise self._unavailable(exc, midstream=True) from exc
        except json.JSONDecodeError as exc:
            msg = f"The model endpoint {self.host} sent a malformed stream event: {exc.msg}"
            raise PlannerFailed(msg, code="model_unavailable") from exc
        text = "".join(parts)
        yield _Reply(text, out.count_usage(reported, messages, text), finished)

    def _lower_demands(self, exc: openai.APIStatusError, mode: Mode, usage_sent: bool) -> bool:
        """After a 400/422: stop asking for what the server refused. False if nothing to drop.

        Concurrent calls may race here; the state only ever goes down, so each retry asks for
        less and the loop ends."""
        text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
        if usage_sent and ("stream_options" in text or "include_usage" in text):
            if self.stream_usage:
                self.stream_usage = False
                log.warning("%s refuses stream_options; token usage is estimated", self.host)
            return True
        if mode != "none" and any(word in text for word in _FORMAT_WORDS):
            if self.mode == mode:
                self.mode = "json_object" if mode == "json_schema" else "none"
                log.warning("%s refuses response_format %s; using %s", self.host, mode, self.mode)
            return True
        return False

    def _unavailable(self, exc: openai.APIError, *, midstream: bool) -> PlannerFailed:
        attempts = f" after {self.max_retries + 1} attempts"
        where = f"the model endpoint {self.host} (model {self.model})"
        if isinstance(exc, openai.APITimeoutError):
            text = (
                f"{where} stopped sending for more than {self.timeout_s:g}s mid-answer"
                if midstream
                else f"{where} did not answer within {self.timeout_s:g}s{attempts}"
            )
        elif isinstance(exc, openai.APIConnectionError):
            lost = "lost the connection mid-answer" if midstream else f"unreachable{attempts}"
            text = f"{where}: {lost} ({_why(exc)})"
        elif isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            retried = attempts if status in _RETRIED or status >= 500 else ""
            text = f"{where} answered HTTP {status}{retried}: {out.cut(exc.message)}"
        else:
            text = f"{where} failed: {out.cut(exc.message)}"
        return PlannerFailed(text[0].upper() + text[1:] + ".", code="model_unavailable")


def _why(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    return out.cut(f"{type(cause).__name__}: {cause}" if cause else str(exc), 160)
