"""The language-model planner, for any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, ...).

An iteration is a few model calls in stages — draft → critique → revise by default — each
streamed, its answer shown live as Markdown (:mod:`~planloop.planners.openai.preview`) and
validated against a Pydantic model (:mod:`~planloop.planners.openai.model_output`). The
plan travels as sections (:mod:`~planloop.planners.openai.sections`): the model returns the
sections it changed, merged here into the plan. Every prompt is fitted into the model's
context (:mod:`~planloop.planners.openai.window`) and every call is bounded by a
``max_tokens`` sized for its stage and a deadline (:mod:`~planloop.planners.openai.endpoint`,
which also negotiates the answer format and owns retries: the SDK's alone).

* **Repair**: an answer that is not valid JSON for the schema is sent back once with the
  validation error; a second bad answer is ``PlannerFailed("model_output_invalid")``. An
  answer stopped by ``max_tokens`` is not sent for repair: what of it parses is kept (with
  a warning), else it fails saying so.
* **Weak models**: a proposal the model cannot make is the offline planner's, labelled as
  such; a thin but valid iteration is kept with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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
from planloop.planners.openai import fallbacks, prompts, sections, window
from planloop.planners.openai import model_output as out
from planloop.planners.openai.coalescer import Coalescer
from planloop.planners.openai.endpoint import Delta, Endpoint, Reply, why
from planloop.planners.openai.preview import Preview, salvage

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

CHECK_TIMEOUT_S = 5.0
# max_tokens per kind of call, before the context's own limit (half of it at most).
STAGE_TOKENS = {"proposal": 1024, "draft": 4096, "critique": 1024, "revise": 4096, "chat": 1536}
MIN_TOKENS = 256


@dataclass(frozen=True)
class _Repairing:
    error: str


@dataclass(frozen=True)
class _Note:
    message: str  # a warning worth showing as progress


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
        deadline_s: float = 600.0,
        context_tokens: int | None = None,
        stages: Sequence[str] = prompts.DEFAULT_STAGES,
    ) -> None:
        if not model:
            raise ValueError("the openai planner needs a model name (PLANLOOP_MODEL)")
        if timeout_s <= 0 or max_retries < 0 or deadline_s <= 0:
            raise ValueError("timeouts must be positive and max_retries not negative")
        if context_tokens is not None and context_tokens < window.MIN_CONTEXT:
            raise ValueError(f"the model context must be at least {window.MIN_CONTEXT} tokens")
        self.model, self.max_retries, self.timeout_s = model, max_retries, timeout_s
        self.stages = prompts.check_stages(stages)
        self.endpoint = Endpoint(
            model,
            base_url,
            api_key,
            max_retries=max_retries,
            timeout_s=timeout_s,
            deadline_s=deadline_s,
        )
        self.api_key = api_key
        self.host = self.endpoint.host
        self.context_tokens = context_tokens  # None: asked of the server on first use

    @property
    def mode(self) -> str:
        return self.endpoint.mode

    @property
    def stream_usage(self) -> bool:
        return self.endpoint.stream_usage

    async def aclose(self) -> None:
        await self.endpoint.aclose()

    # -- the context window and each call's share of it ----------------------------------

    async def context(self) -> int:
        if self.context_tokens is None:
            base = str(self.endpoint.client.base_url)
            found = await window.discover(base, self.model, self.api_key)
            self.context_tokens = found or window.DEFAULT_CONTEXT
            if found is None:
                log.info(
                    "%s does not say its context; assuming %d", self.host, window.DEFAULT_CONTEXT
                )
        return self.context_tokens

    async def _budget(self, kind: str, task: str) -> tuple[int, int]:
        """``max_tokens`` for a call of ``kind`` and the tokens its data may take."""
        size = await self.context()
        cap = max(MIN_TOKENS, min(STAGE_TOKENS[kind], size // 2))
        fixed = window.tokens(prompts.SYSTEM + task) + 600  # instructions, a format hint
        return cap, max(0, size - cap - fixed)

    def _fit_cap(self, cap: int, prompt: prompts.Prompt, spec: type[BaseModel] | None) -> int:
        """``cap`` lowered so the prompt and the answer fit the context together."""
        text = prompt.system + prompt.task + prompt.data
        if spec is not None and self.endpoint.mode != "json_schema":
            text += prompts.format_hint(out.wire_schema(spec))
        room = (self.context_tokens or window.DEFAULT_CONTEXT) - window.tokens(text) - 16
        return min(cap, max(MIN_TOKENS, room))

    # -- the Planner interface -----------------------------------------------------------

    async def propose(self, goal: str, memory: Sequence[MemoryNote] = ()) -> Proposal:
        cap, budget = await self._budget("proposal", prompts.PROPOSE)
        prompt = prompts.proposal(goal, memory, budget=budget)
        self._omitted(prompt)
        try:
            value = await self._ask(prompt, out.ProposalOut, cap)
            return out.to_proposal(value, [n.name for n in memory])
        except out.OutputInvalid as exc:
            reason = str(exc)
        except PlannerFailed as exc:
            if exc.code != "model_output_invalid":
                raise
            reason = exc.message
        log.warning("%s could not make a proposal (%s); using the offline one", self.model, reason)
        return await fallbacks.offline_proposal(self.model, goal, memory, reason)

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        usage, feed = Usage(), Coalescer()
        plan = sections.split(ctx.state.plan)
        base = list(plan)
        latest: out.IterationOut | None = None
        critique: out.CritiqueOut | None = None
        known = [*ctx.proposal.frameworks, *ctx.state.frameworks]
        for stage in self.stages:
            verb = prompts.STAGE_VERBS[stage]
            yield Progress(
                stage=stage, message=f"{verb} iteration {ctx.iteration} of {ctx.max_iterations}"
            )
            cap, budget = await self._budget(stage, prompts.STAGE_TASKS[stage])
            draft = None if latest is None else fallbacks.draft_data(latest, plan)
            prompt = prompts.stage(stage, ctx, base, draft, critique, budget=budget)
            if note := self._omitted(prompt):
                yield Progress(stage=stage, message=note)
            spec: type[BaseModel] = out.CritiqueOut if stage == "critique" else out.IterationOut
            live, preview = 0, Preview(stage)  # chunks of the call in flight: its token count
            async for item in self._structured(prompt, spec, cap):
                update: Progress | None = None
                if isinstance(item, Delta):
                    live += 1
                    shown = preview.feed(item.text)
                    if shown:
                        update = feed.add(shown, stage, usage.completion_tokens + live)
                elif isinstance(item, Reply):
                    live, usage = 0, out.add_usage(usage, item.usage)
                    preview = Preview(stage)
                elif isinstance(item, _Repairing):
                    if (update := feed.flush(stage, usage.completion_tokens)) is not None:
                        yield update
                    update = Progress(
                        stage=stage,
                        message=f"The model's answer was not usable ({out.cut(item.error)}); "
                        "asking it once to correct it",
                    )
                elif isinstance(item, _Note):
                    update = Progress(stage=stage, message=item.message)
                elif isinstance(item.value, out.CritiqueOut):
                    critique = item.value
                else:
                    assert isinstance(item.value, out.IterationOut)
                    latest = item.value
                    plan = sections.merge(plan, latest.sections)
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
        if thin := fallbacks.thin(plan, base):
            log.warning("thin answer from %s in iteration %d: %s", self.model, ctx.iteration, thin)
            yield Progress(stage="revise", message=f"Warning: kept a thin answer ({thin})")
        yield out.to_result(
            latest,
            plan=sections.render(plan),
            known=known,
            feedback=ctx.state.feedback,
            memory=[n.name for n in ctx.memory],
            usage=usage,
        )

    async def chat(self, message: str, memory: Sequence[MemoryNote] = ()) -> str:
        cap, budget = await self._budget("chat", prompts.CHAT)
        prompt = prompts.chat(message, memory, budget=budget)
        self._omitted(prompt)
        value = await self._ask(prompt, out.ChatOut, cap)
        cited = out.cited(value.sources, [n.name for n in memory])
        sources = ", ".join(cited) if cited else "none of the saved notes (general knowledge)"
        return f"{value.answer}\n\nSources: {sources}"

    async def chat_stream(
        self, message: str, memory: Sequence[MemoryNote] = ()
    ) -> AsyncIterator[str]:
        """A prose answer, streamed: one plain-text call (no response_format, no repair)."""
        feed, think = Coalescer(), out.ThinkFilter()
        reply: Reply | None = None
        shown = False
        cap, budget = await self._budget("chat", prompts.CHAT_TEXT)
        prompt = prompts.chat_text(message, memory, budget=budget)
        self._omitted(prompt)
        async for item in self.endpoint.call(prompt, [], None, self._fit_cap(cap, prompt, None)):
            if isinstance(item, Reply):
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
        client = self.endpoint.client.with_options(
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
            return PlannerHealth(False, f"cannot reach the model endpoint {self.host}: {why(exc)}")
        if self.model in ids or f"{self.model}:latest" in ids:
            return PlannerHealth(True, f"model {self.model} is available at {self.host}")
        offered = ", ".join(ids[:10]) or "no models"
        return PlannerHealth(
            False, f"model {self.model} is not served by {self.host} (it offers: {offered})"
        )

    # -- structured answers: validation and one repair -----------------------------------

    def _omitted(self, prompt: prompts.Prompt) -> str:
        if not prompt.omitted:
            return ""
        note = f"Context: {self.context_tokens} tokens; left out {'; '.join(prompt.omitted)}"
        log.warning("%s: %s", self.model, note)
        return note

    async def _ask(self, prompt: prompts.Prompt, spec: type[M], cap: int) -> M:
        async for item in self._structured(prompt, spec, cap):
            if isinstance(item, _Done):
                return item.value
        raise AssertionError("unreachable: _structured ends with _Done or raises")

    async def _structured(
        self, prompt: prompts.Prompt, spec: type[M], cap: int
    ) -> AsyncIterator[Delta | Reply | _Repairing | _Note | _Done[M]]:
        """Deltas and a ``Reply`` per model call, then the validated answer, or raise."""
        tail: list[ChatCompletionMessageParam] = []
        for attempt in (1, 2):
            reply: Reply | None = None
            fitted = self._fit_cap(cap, prompt, spec)
            async for item in self.endpoint.call(prompt, tail, spec, fitted):
                reply = item if isinstance(item, Reply) else reply
                yield item
            assert reply is not None
            try:
                yield _Done(out.parse(spec, reply.text))
                return
            except out.OutputInvalid as exc:
                error = str(exc)
            if reply.truncated:
                kept = salvage(spec, reply.text)
                if kept is None:
                    raise self._runaway(reply.max_tokens)
                message = (
                    f"Warning: the answer reached the {reply.max_tokens}-token limit and was "
                    "cut off; kept what of it was complete"
                )
                log.warning("%s: %s", self.model, message)
                yield _Note(message)
                yield _Done(kept)
                return
            if not reply.finished:
                raise self._cut_short()
            if attempt == 1:
                log.info("unusable answer from %s (%s); asking for a repair", self.model, error)
                yield _Repairing(error)
                tail = [{"role": "assistant", "content": reply.text}, prompts.repair(error)]
        raise self._invalid(error)

    def _runaway(self, cap: int) -> PlannerFailed:
        return PlannerFailed(
            f"The model {self.model} at {self.host} reached the {cap}-token limit of one "
            "answer before its JSON was complete, and too little of it was usable.",
            code="model_output_invalid",
        )

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
