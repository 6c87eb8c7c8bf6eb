"""One model call: the answer format negotiated once, a token cap and a deadline on every call.

* **Format.** A structured answer is asked for as a strict JSON Schema first. A server that
  refuses ``response_format`` — with any status: 400 and 422 from most servers, 500 from
  llama-cpp-python, whose validation error names the field — is asked again at once in the
  next mode: ``json_object`` with the schema attached (llama-cpp-python turns it into a
  grammar), ``json_object`` alone, then no ``response_format`` (the schema moves into the
  instructions). Until a mode has worked once, its call is sent *without* the SDK's
  retries, so a refusal costs one request, not ``max_retries + 1``; a failure that is not a
  refusal then gets the retries that are left. The mode that works is kept for the
  endpoint's lifetime.
* **Outages** stay outages: a 5xx that does not name the format, a timeout or a refused
  connection is retried by the SDK and then becomes ``PlannerFailed("model_unavailable")``.
* **Bounds.** Every call carries ``max_tokens`` (sized by the caller for its stage) and an
  overall deadline (``deadline_s``) besides the SDK's read timeout, which only measures
  silence. An answer stopped by ``max_tokens`` arrives with ``finish_reason == "length"``;
  the caller decides what of it to keep.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel

from planloop.errors import PlannerFailed
from planloop.planners.base import Usage
from planloop.planners.openai import model_output as out
from planloop.planners.openai import prompts

log = logging.getLogger(__name__)

Mode = Literal["json_schema", "json_object_schema", "json_object", "none"]
NEXT_MODE: dict[Mode, Mode] = {
    "json_schema": "json_object_schema",
    "json_object_schema": "json_object",
    "json_object": "none",
    "none": "none",
}
_RETRIED = {408, 409, 429}  # and every 5xx: what the SDK retries
_FORMAT_WORDS = ("response_format", "response format", "json_schema", "json_object", "schema")


@dataclass(frozen=True)
class Delta:
    text: str


@dataclass(frozen=True)
class Reply:
    text: str
    usage: Usage
    finished: bool  # a finish_reason arrived; False when a stream ended early
    finish_reason: str | None = None
    max_tokens: int = 0

    @property
    def truncated(self) -> bool:
        """Stopped by ``max_tokens``: the answer may be cut in the middle."""
        return self.finish_reason == "length"


def response_format(mode: Mode, model: type[BaseModel], schema: dict[str, Any]) -> Any:
    """The ``response_format`` for a structured-output mode; None for plain instructions."""
    if mode == "json_schema":
        spec = {"name": out.schema_name(model), "schema": schema, "strict": True}
        return {"type": "json_schema", "json_schema": spec}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"} if mode == "json_object" else None


class Endpoint:
    """An OpenAI-compatible server as the planner uses it: streamed, bounded calls."""

    def __init__(
        self,
        model: str,
        base_url: str | None,
        api_key: str | None,
        *,
        max_retries: int,
        timeout_s: float,
        deadline_s: float,
    ) -> None:
        self.model, self.max_retries = model, max_retries
        self.timeout_s, self.deadline_s = timeout_s, deadline_s
        self.client = openai.AsyncOpenAI(
            api_key=api_key or "not-needed",
            base_url=base_url,
            max_retries=max_retries,
            # The read timeout bounds the wait for the answer and the gap between two
            # streamed chunks: a stalled stream becomes an APITimeoutError, not a hang.
            timeout=openai.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        )
        self.mode: Mode = "json_schema"  # lowered, for good, when the server refuses it
        self.proven: set[Mode] = set()  # modes a call has succeeded with
        self.stream_usage = True  # False once the server refuses stream_options

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        base = str(self.client.base_url)
        return urlsplit(base).netloc or base

    async def call(
        self,
        prompt: prompts.Prompt,
        tail: Sequence[ChatCompletionMessageParam],
        spec: type[BaseModel] | None,
        max_tokens: int,
    ) -> AsyncIterator[Delta | Reply]:
        """One streamed call; ``spec`` None asks for plain text (no format to negotiate)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline_s
        schema = out.wire_schema(spec) if spec is not None else None
        while True:  # each round asks for less than the last: a few rounds at most
            mode: Mode = "none" if schema is None else self.mode
            usage_sent = self.stream_usage
            wanted, hint = None, ""
            if spec is not None and schema is not None:
                wanted = response_format(mode, spec, schema)
                hint = "" if mode == "json_schema" else prompts.format_hint(schema)
            messages = [*prompt.messages(hint), *tail]
            try:
                async with asyncio.timeout_at(deadline):
                    response = await self._create(messages, wanted, usage_sent, max_tokens, mode)
                break
            except openai.APIStatusError as exc:
                if not self._lower_demands(exc, mode, usage_sent):
                    raise self.unavailable(exc, midstream=False) from exc
            except openai.APIError as exc:
                raise self.unavailable(exc, midstream=False) from exc
            except TimeoutError:
                raise self._overdue() from None
        parts: list[str] = []
        reported: Any = None
        reason: str | None = None
        try:
            async with response:  # closed on cancel too: the server sees the disconnect
                stream = aiter(response)
                while True:
                    try:
                        async with asyncio.timeout_at(deadline):
                            chunk = await anext(stream)
                    except StopAsyncIteration:
                        break
                    reported = chunk.usage or reported
                    for part in chunk.choices:
                        if part.delta and part.delta.content:
                            parts.append(part.delta.content)
                            yield Delta(part.delta.content)
                        reason = reason or part.finish_reason
        except openai.APIError as exc:
            raise self.unavailable(exc, midstream=True) from exc
        except TimeoutError:
            raise self._overdue() from None
        except json.JSONDecodeError as exc:
            msg = f"The model endpoint {self.host} sent a malformed stream event: {exc.msg}"
            raise PlannerFailed(msg, code="model_unavailable") from exc
        if mode != "none":
            self.proven.add(mode)
        text = "".join(parts)
        usage = out.count_usage(reported, messages, text)
        yield Reply(text, usage, reason is not None, reason, max_tokens)

    async def _create(
        self,
        messages: list[ChatCompletionMessageParam],
        wanted: Any,
        usage_sent: bool,
        max_tokens: int,
        mode: Mode,
    ) -> Any:
        def send(client: openai.AsyncOpenAI) -> Any:
            return client.chat.completions.create(
                model=self.model,
                messages=messages,
                response_format=wanted or openai.omit,
                stream=True,
                stream_options={"include_usage": True} if usage_sent else openai.omit,
                max_tokens=max_tokens,
            )

        if wanted is None or mode in self.proven:
            return await send(self.client)
        # An untried format: one request without retries, so a refusal is seen at once.
        try:
            return await send(self.client.with_options(max_retries=0))
        except openai.APIStatusError as exc:
            if _names_format(exc) or not _retried(exc) or self.max_retries == 0:
                raise
        except (openai.APIConnectionError, openai.APITimeoutError):
            if self.max_retries == 0:
                raise
        return await send(self.client.with_options(max_retries=self.max_retries - 1))

    def _lower_demands(self, exc: openai.APIStatusError, mode: Mode, usage_sent: bool) -> bool:
        """After a refusal: stop asking for what the server refused. False if nothing to drop.

        Concurrent calls may race here; the state only ever goes down, so each retry asks for
        less and the loop ends."""
        text = _error_text(exc)
        if usage_sent and ("stream_options" in text or "include_usage" in text):
            if self.stream_usage:
                self.stream_usage = False
                log.warning("%s refuses stream_options; token usage is estimated", self.host)
            return True
        if mode != "none" and _names_format(exc):
            if self.mode == mode:
                self.mode = NEXT_MODE[mode]
                log.warning(
                    "%s refuses response_format %s (HTTP %s); using %s from now on",
                    self.host,
                    mode,
                    exc.status_code,
                    self.mode,
                )
            return True
        return False

    def _overdue(self) -> PlannerFailed:
        return PlannerFailed(
            f"The model endpoint {self.host} (model {self.model}) did not finish its answer "
            f"within the per-call deadline of {self.deadline_s:g}s.",
            code="model_unavailable",
        )

    def unavailable(self, exc: openai.APIError, *, midstream: bool) -> PlannerFailed:
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
            text = f"{where}: {lost} ({why(exc)})"
        elif isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            retried = attempts if status in _RETRIED or status >= 500 else ""
            text = f"{where} answered HTTP {status}{retried}: {out.cut(exc.message)}"
        else:
            text = f"{where} failed: {out.cut(exc.message)}"
        return PlannerFailed(text[0].upper() + text[1:] + ".", code="model_unavailable")

    async def aclose(self) -> None:
        await self.client.close()


def _error_text(exc: openai.APIStatusError) -> str:
    return f"{exc.message} {json.dumps(exc.body, default=str)}".lower()


def _names_format(exc: openai.APIStatusError) -> bool:
    """The error is about the answer format we asked for (the body names it)."""
    return exc.status_code in {400, 422, 500, 501} and any(
        word in _error_text(exc) for word in _FORMAT_WORDS
    )


def _retried(exc: openai.APIStatusError) -> bool:
    return exc.status_code in _RETRIED or exc.status_code >= 500


def why(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    return out.cut(f"{type(cause).__name__}: {cause}" if cause else str(exc), 160)
