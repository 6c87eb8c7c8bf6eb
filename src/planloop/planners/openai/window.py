"""The model's context window: how large it is, and a prompt fitted into it.

Its size is ``PLANLOOP_MODEL_CONTEXT`` when set; otherwise what the server says, asked
once — llama.cpp's ``GET /props`` (``default_generation_settings.n_ctx``), Ollama's
``POST /api/show`` (``model_info["<family>.context_length"]``, or ``num_ctx`` among its
parameters, which is what Ollama really uses), vLLM's ``GET /v1/models``
(``max_model_len``) — and otherwise :data:`DEFAULT_CONTEXT`.

Fitting (:func:`fit`) drops whole pieces, never cuts one silently: memory notes first
(least relevant first), then older history, and says what it left out, in the prompt
itself and to the caller (who logs it and reports it as progress).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 8192
OLLAMA_DEFAULT_CONTEXT = 4096  # what Ollama runs a model with unless num_ctx is raised
MIN_CONTEXT = 512
CHARS_PER_TOKEN = 3.5  # conservative: ~4.4 measured with Gemma 3 on planloop's prompts
DISCOVERY_TIMEOUT_S = 3.0

# What is dropped first: lower drops earlier; "core" is never dropped.
DROP_ORDER = ("memory", "history", "points")


def tokens(text: str) -> int:
    """A conservative estimate of ``text``'s tokens (no tokenizer for every model)."""
    return int(len(text) / CHARS_PER_TOKEN) + 1


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = "core"  # "core", or one of DROP_ORDER
    label: str = ""  # how a left-out piece is named, e.g. 'memory note "lyon"'
    rank: float = 0.0  # within its kind, higher is kept longer


@dataclass(frozen=True)
class Fitted:
    texts: list[str]
    omitted: list[str]

    @property
    def note(self) -> str:
        return "Left out to fit the model's context: " + "; ".join(self.omitted) + "."


def fit(pieces: Sequence[Piece], budget: int) -> Fitted:
    """The pieces that fit in ``budget`` tokens, in their order; what was left out."""
    kept = list(pieces)
    total = sum(tokens(p.text) for p in kept)
    omitted: list[str] = []
    for kind in DROP_ORDER:
        if total <= budget:
            break
        for piece in sorted((p for p in kept if p.kind == kind), key=lambda p: p.rank):
            if total <= budget:
                break
            kept.remove(piece)
            total -= tokens(piece.text)
            omitted.append(piece.label or kind)
    return Fitted([p.text for p in kept], omitted)


def relevance(goal: str, text: str) -> float:
    """How much of the goal's wording a note shares (0..1): the rank of a memory piece."""
    words = {w for w in re.findall(r"\w{4,}", goal.lower())}
    if not words:
        return 0.0
    found = {w for w in re.findall(r"\w{4,}", text.lower())}
    return len(words & found) / len(words)


async def discover(base_url: str, model: str, api_key: str | None) -> int | None:
    """The context size the server reports for ``model``, or None if it says nothing."""
    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    headers = {"Authorization": f"Bearer {api_key or 'not-needed'}"}
    async with httpx.AsyncClient(timeout=DISCOVERY_TIMEOUT_S, headers=headers) as http:
        for ask in (_llama_cpp, _ollama, _vllm):
            try:
                found = await ask(http, root, model)
            except (httpx.HTTPError, ValueError, TypeError, KeyError):
                found = None
            if found and found >= MIN_CONTEXT:
                log.info("the model server at %s reports a context of %d tokens", root, found)
                return found
    return None


async def _llama_cpp(http: httpx.AsyncClient, root: str, model: str) -> int | None:
    response = await http.get(f"{root}/props")
    if response.status_code != 200:
        return None
    settings = response.json().get("default_generation_settings") or {}
    return _int(settings.get("n_ctx"))


async def _ollama(http: httpx.AsyncClient, root: str, model: str) -> int | None:
    response = await http.post(f"{root}/api/show", json={"model": model})
    if response.status_code != 200:
        return None
    data = response.json()
    params = str(data.get("parameters") or "")
    if match := re.search(r"^\s*num_ctx\s+(\d+)", params, re.MULTILINE):
        return int(match.group(1))
    info: dict[str, Any] = data.get("model_info") or {}
    for key, value in info.items():
        if key.endswith(".context_length"):
            # What the model can take; Ollama itself runs it with its default num_ctx
            # (OLLAMA_CONTEXT_LENGTH) unless raised, so never trust more than that here.
            return min(_int(value) or 0, OLLAMA_DEFAULT_CONTEXT) or None
    return None


async def _vllm(http: httpx.AsyncClient, root: str, model: str) -> int | None:
    response = await http.get(f"{root}/v1/models")
    if response.status_code != 200:
        return None
    for entry in response.json().get("data") or []:
        if entry.get("id") == model or entry.get("root") == model:
            return _int(entry.get("max_model_len"))
    return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
