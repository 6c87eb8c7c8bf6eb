"""A scripted OpenAI-compatible server: real uvicorn on a loopback port, in a background thread.

Tests queue the replies the next requests get (:meth:`ScriptedServer.script`), then drive the
real ``openai`` SDK against it over real HTTP, and assert on what the server received
(:attr:`ScriptedServer.requests`) and saw (:attr:`ScriptedServer.disconnected`).

Replies: :class:`Answer` (a completion, streamed in as many chunks as asked, optionally with
each SSE frame split across two writes or a pause after each), :class:`Fail` (an HTTP error
with an OpenAI error body), :class:`Stall` (stream some text, then send nothing until the
client goes away) and :class:`Cut` (stream some text, then end without a finish reason or
``[DONE]`` — cleanly, or abruptly by dropping the connection). Capabilities are switches: a
server can refuse ``json_schema`` or ``json_object`` response formats or ``stream_options``
with a 400 (or any status and message: llama-cpp-python answers an unknown ``json_schema``
with a 500 naming the field), and can lack ``GET /v1/models``. The server honours
``max_tokens`` (one token a streamed piece): an answer longer than that stops with
``finish_reason: "length"``. It can say its context size the ways real servers do:
llama.cpp's ``GET /props``, Ollama's ``POST /api/show``, vLLM's ``max_model_len``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from tests.server import free_port


@dataclass(frozen=True)
class Answer:
    content: str
    chunks: int | None = None  # pieces of content when streamed; None: ~8 characters each
    prompt_tokens: int | None = None  # None: len(request body) // 4
    completion_tokens: int | None = None  # None: number of pieces
    finish_reason: str = "stop"
    split_frames: bool = False  # write every SSE frame in two halves
    pause_s: float = 0.0  # wait this long after each frame: a model that takes its time


@dataclass(frozen=True)
class Fail:
    status: int
    message: str = "scripted failure"
    type: str = "server_error"
    param: str | None = None
    retry_after_ms: int | None = 10  # keeps the SDK's backoff short in tests


@dataclass(frozen=True)
class Stall:
    before: str  # text streamed before the stream goes silent
    chunks: int = 4


@dataclass(frozen=True)
class Cut:
    before: str  # text streamed before the stream ends without finish_reason or [DONE]
    chunks: int = 4
    abrupt: bool = False  # drop the connection instead of ending the body cleanly


Reply = Answer | Fail | Stall | Cut


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def content(self, role: str) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages if m["role"] == role)


@dataclass
class Capabilities:
    json_schema: bool = True
    json_object: bool = True
    stream_options: bool = True
    models_endpoint: bool = True
    models: tuple[str, ...] = ("test-model",)
    refusal_status: int = 400  # the status of a response_format refusal
    refusal_message: str = ""  # "" : "response_format type '<kind>' is not supported ..."
    props_n_ctx: int | None = None  # llama.cpp GET /props
    ollama_num_ctx: int | None = None  # Ollama POST /api/show (parameters num_ctx)
    max_model_len: int | None = None  # vLLM GET /v1/models


def pieces(text: str, count: int | None) -> list[str]:
    """``text`` cut into ``count`` pieces (at any character, mid-token and mid-escape)."""
    if not text:
        return []
    n = max(1, min(count or -(-len(text) // 8), len(text)))
    size, extra = divmod(len(text), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(text[start:end])
        start = end
    return out


class ScriptedServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.caps = Capabilities()
        self.requests: list[Recorded] = []
        self.disconnected = threading.Event()
        self._queue: deque[Reply] = deque()
        self._default: Reply | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # -- the test's side -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def always(self, reply: Reply) -> None:
        """The reply every request gets once the queue is empty."""
        self._default = reply

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
        self._default = None
        self.caps = Capabilities()
        self.disconnected.clear()

    @property
    def chats(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def pending(self) -> int:
        return len(self._queue)

    def start(self) -> ScriptedServer:
        app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/props", self._props, methods=["GET"]),
                Route("/api/show", self._show, methods=["POST"]),
            ]
        )
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="critical",
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="fake-openai", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the scripted OpenAI server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)

    # -- the server's side -------------------------------------------------------------------

    def _next(self) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self._default or Fail(500, "the test script has no reply left", retry_after_ms=None)

    def _record(self, request: Request, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(
                Recorded(request.method, request.url.path, body, dict(request.headers))
            )

    async def _models(self, request: Request) -> Response:
        self._record(request, {})
        if not self.caps.models_endpoint:
            return _error(Fail(404, "Not Found", "not_found", retry_after_ms=None))
        data: list[dict[str, Any]] = [
            {"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.caps.models
        ]
        if self.caps.max_model_len is not None:
            for entry in data:
                entry["max_model_len"] = self.caps.max_model_len
        return JSONResponse({"object": "list", "data": data})

    async def _props(self, request: Request) -> Response:
        self._record(request, {})
        if self.caps.props_n_ctx is None:
            return JSONResponse({"error": "Not Found"}, status_code=404)
        return JSONResponse({"default_generation_settings": {"n_ctx": self.caps.props_n_ctx}})

    async def _show(self, request: Request) -> Response:
        self._record(request, await request.json())
        if self.caps.ollama_num_ctx is None:
            return JSONResponse({"error": "Not Found"}, status_code=404)
        return JSONResponse(
            {
                "parameters": f"num_ctx                        {self.caps.ollama_num_ctx}",
                "model_info": {"llama.context_length": 131072},
            }
        )

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self._record(request, body)
        refused = self._refusal(body)
        if refused is not None:
            return _error(refused)
        reply = self._next()
        if isinstance(reply, Fail):
            return _error(reply)
        meta = {
            "id": f"chatcmpl-{next(self._ids)}",
            "created": int(time.time()),
            "model": body.get("model", ""),
        }
        if not body.get("stream"):
            if not isinstance(reply, Answer):
                return _error(Fail(500, "Stall and Cut need stream=True", retry_after_ms=None))
            prompt, completion = _counts(reply, body, len(pieces(reply.content, reply.chunks)))
            return JSONResponse(
                {
                    **meta,
                    "object": "chat.completion",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.content},
                            "finish_reason": reply.finish_reason,
                        }
                    ],
                    "usage": _usage(prompt, completion),
                }
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return _EventStream(self, reply, meta, body, include_usage)

    def _refusal(self, body: dict[str, Any]) -> Fail | None:
        kind = (body.get("response_format") or {}).get("type")
        if (kind == "json_schema" and not self.caps.json_schema) or (
            kind == "json_object" and not self.caps.json_object
        ):
            return Fail(
                self.caps.refusal_status,
                self.caps.refusal_message
                or f"response_format type {kind!r} is not supported by this server",
                "invalid_request_error",
                param=None if self.caps.refusal_message else "response_format",
                retry_after_ms=10,  # would be retried at once if the client retried it
            )
        if "stream_options" in body and not self.caps.stream_options:
            return Fail(
                400,
                "Unrecognized request argument supplied: stream_options",
                "invalid_request_error",
                retry_after_ms=None,
            )
        return None


class _EventStream(Response):
    """An SSE body written by hand, so a stall can wait on the client's disconnect."""

    def __init__(
        self,
        server: ScriptedServer,
        reply: Answer | Stall | Cut,
        meta: dict[str, Any],
        body: dict[str, Any],
        include_usage: bool,
    ) -> None:
        super().__init__(media_type="text/event-stream")
        self.server = server
        self.reply = reply
        self.meta = meta
        self.body_sent = body
        self.include_usage = include_usage

    def frames(self) -> Iterator[bytes]:
        reply = self.reply
        text = reply.content if isinstance(reply, Answer) else reply.before
        parts = pieces(text, reply.chunks)
        limit = self.body_sent.get("max_tokens") or self.body_sent.get("max_completion_tokens")
        if isinstance(reply, Answer) and isinstance(limit, int) and len(parts) > limit:
            parts = parts[:limit]  # one token a piece: the model runs out of tokens
            reply = Answer("".join(parts), chunks=limit, finish_reason="length")
            self.reply = reply
        for i, part in enumerate(parts):
            delta = {"role": "assistant", "content": part} if i == 0 else {"content": part}
            yield self._chunk([{"index": 0, "delta": delta, "finish_reason": None}])
        if not isinstance(reply, Answer):
            return
        yield self._chunk([{"index": 0, "delta": {}, "finish_reason": reply.finish_reason}])
        if self.include_usage:
            prompt, completion = _counts(reply, self.body_sent, len(parts))
            yield self._chunk([], usage=_usage(prompt, completion))
        yield b"data: [DONE]\n\n"

    def _chunk(self, choices: list[dict[str, Any]], usage: Any = None) -> bytes:
        data = {**self.meta, "object": "chat.completion.chunk", "choices": choices, "usage": usage}
        return f"data: {json.dumps(data)}\n\n".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        split = isinstance(self.reply, Answer) and self.reply.split_frames
        pause = self.reply.pause_s if isinstance(self.reply, Answer) else 0.0
        for frame in self.frames():
            halves = [frame[: len(frame) // 2], frame[len(frame) // 2 :]] if split else [frame]
            for half in halves:
                await send({"type": "http.response.body", "body": half, "more_body": True})
                if split:
                    await asyncio.sleep(0)
            if pause:
                await asyncio.sleep(pause)
        if isinstance(self.reply, Stall):
            while (await receive())["type"] != "http.disconnect":
                pass
            self.server.disconnected.set()
            return
        if isinstance(self.reply, Cut) and self.reply.abrupt:
            raise ConnectionAbortedError("scripted: the stream breaks off")
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _counts(reply: Answer, body: dict[str, Any], n_pieces: int) -> tuple[int, int]:
    prompt = reply.prompt_tokens
    if prompt is None:
        prompt = len(json.dumps(body.get("messages", []))) // 4
    completion = reply.completion_tokens if reply.completion_tokens is not None else n_pieces
    return prompt, completion


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _error(fail: Fail) -> JSONResponse:
    headers = {} if fail.retry_after_ms is None else {"retry-after-ms": str(fail.retry_after_ms)}
    return JSONResponse(
        {"error": {"message": fail.message, "type": fail.type, "param": fail.param, "code": None}},
        status_code=fail.status,
        headers=headers,
    )


__all__ = [
    "Answer",
    "Capabilities",
    "Cut",
    "Fail",
    "Recorded",
    "Reply",
    "ScriptedServer",
    "Stall",
    "pieces",
]
