"""What a language model must answer, and how its answer becomes planloop's own vocabulary.

The Pydantic models here are the single source of truth for three things: the strict JSON
Schema sent as ``response_format`` (:func:`wire_schema`), the schema quoted in plain-JSON
instructions for servers without structured output, and the validation of the answer
(:func:`parse`). Parsing is tolerant of the ways real servers wrap JSON (code fences, a
``<think>`` block, a sentence before the object) but never guesses missing fields: those
become an :class:`OutputInvalid` whose text is sent back to the model once, for repair.

Normalisation (:func:`to_proposal`, :func:`to_result`) then clamps numbers, gives frameworks
stable ids and keeps a data point's source only when it names something the model was shown.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from planloop.domain import (
    MAX_ITERATIONS,
    DataPoint,
    Feedback,
    Framework,
    MemoryCoverage,
    Proposal,
)
from planloop.planners.base import IterationResult, Usage
from planloop.planners.openai import sections

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

MAX_PLAN_CHARS = 60_000  # what /api/save-entity accepts, so a model plan can always be saved
MAX_DATA_POINTS = 40  # per iteration
MAX_FRAMEWORKS = 12

M = TypeVar("M", bound=BaseModel)


class OutputInvalid(ValueError):
    """The model's answer is not the JSON we asked for; ``str(exc)`` is fit to send back."""


class FrameworkOut(BaseModel):
    id: str = Field(description="short stable kebab-case id, e.g. 'swot' or 'okrs'")
    title: Text


class DataPointOut(BaseModel):
    label: Text
    value: Text
    source: str = Field(
        description="'goal', 'proposal', 'feedback:<checkpoint number>', "
        "'memory:<entity name>' or 'model'"
    )


class ProposalOut(BaseModel):
    approach: Text = Field(description="how the plan will be developed, 2-5 sentences")
    frameworks: list[FrameworkOut] = Field(
        description="planning frameworks in the order they will be applied"
    )
    max_iterations: int = Field(description="suggested number of iterations, 1-50")
    checkpoint_interval: int = Field(description="iterations between human reviews")
    memory_used: list[str] = Field(description="names of the memory entities that are relevant")


class SectionOut(BaseModel):
    id: str = Field(description="the section's id from <plan_so_far>, or a new kebab-case id")
    title: Text
    markdown: str = Field(description="the section's body in Markdown, without its heading")


class IterationOut(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _whole_plan(cls, data: Any) -> Any:
        """A model that sends the whole plan as one ``plan`` string (as planloop asked
        before sections) is read as all of its sections."""
        if isinstance(data, dict) and "sections" not in data and isinstance(data.get("plan"), str):
            found = [s.as_data() for s in sections.split(data["plan"])]
            data = {**data, "sections": found}
        return data

    # The plan first: a model constrained by a grammar writes in this order, so an answer
    # cut off by max_tokens still holds sections, and the live view shows them first.
    sections: list[SectionOut] = Field(
        description="the sections added or changed in this answer (all of them on a first "
        "draft); unchanged sections are left out"
    )
    frameworks_applied: list[FrameworkOut]
    data_points: list[DataPointOut] = Field(description="new facts found in this iteration")
    summary: Text = Field(description="one or two sentences: what changed in this iteration")
    key_finding: str = Field(
        description="one sentence: the most important discovery compared with the "
        "previous iteration"
    )


class CritiqueOut(BaseModel):
    problems: list[str] = Field(description="concrete problems in the draft")
    suggestions: list[str] = Field(description="concrete improvements for the revision")


class ChatOut(BaseModel):
    answer: Text
    sources: list[str] = Field(description="names of the memory entities the answer rests on")


# -- the schema sent to the server ---------------------------------------------------------


@functools.cache
def wire_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON Schema in the strict subset: inline, every field required, closed.

    Validation keywords (minLength, minItems, ...) are left out: not every server's grammar
    supports them, and :func:`parse` checks them anyway. Built once per model (pydantic's
    schema generation took ~0.8 ms, twice per iteration) and shared: read it, never
    change it.
    """
    raw = model.model_json_schema()
    defs: dict[str, Any] = raw.get("$defs", {})

    def convert(node: dict[str, Any]) -> dict[str, Any]:
        description = node.get("description")
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        kind = node.get("type")
        out: dict[str, Any]
        if kind == "object":
            props = {name: convert(sub) for name, sub in node.get("properties", {}).items()}
            out = {
                "type": "object",
                "properties": props,
                "required": list(props),
                "additionalProperties": False,
            }
        elif kind == "array":
            out = {"type": "array", "items": convert(node["items"])}
        else:
            out = {"type": kind}
        if description:
            out["description"] = description
        return out

    return convert(raw)


def schema_name(model: type[BaseModel]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


# -- parsing ---------------------------------------------------------------------------------

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def _candidates(text: str) -> Iterable[str]:
    text = _THINK.sub("", text).strip()
    yield text
    for match in _FENCE.finditer(text):
        yield match.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        yield text[start : end + 1]


def parse(model: type[M], text: str) -> M:
    """The answer as ``model``, or :class:`OutputInvalid` saying what is wrong."""
    first_error: str | None = None
    data: Any = None
    for candidate in _candidates(text):
        try:
            data = json.loads(candidate, strict=False)  # raw newlines inside strings: small models
        except json.JSONDecodeError as exc:
            first_error = first_error or f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
            continue
        if isinstance(data, dict):
            break
    else:
        if not text.strip():
            raise OutputInvalid("the answer was empty; expected one JSON object")
        raise OutputInvalid(f"the answer is not a JSON object: {first_error or 'no object'}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise OutputInvalid(describe(exc)) from None


class ThinkFilter:
    """Drops a leading ``<think>…</think>`` block from streamed prose, piece by piece.

    Reasoning models served by Ollama or vLLM stream their reasoning as content first; a
    chat reply shows only the answer. Text that does not open with ``<think>`` passes
    through unchanged (held back only while it could still be the start of the tag).
    """

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self) -> None:
        self.state = "start"  # start → thinking → open, or start → open
        self.held = ""
        self.lead = False  # strip the whitespace that follows a think block

    def feed(self, text: str) -> str:
        if self.state == "open":
            return self._lead(text)
        self.held += text
        if self.state == "start":
            head = self.held.lstrip()
            if len(head) < len(self.OPEN) and self.OPEN.startswith(head.lower()):
                return ""  # still undecided
            if not head.lower().startswith(self.OPEN):
                self.state, text, self.held = "open", self.held, ""
                return text
            self.state, self.held = "thinking", head[len(self.OPEN) :]
        end = self.held.lower().find(self.CLOSE)
        if end < 0:
            self.held = self.held[-(len(self.CLOSE) - 1) :]  # a closing tag may be split
            return ""
        self.state, self.lead = "open", True
        text, self.held = self.held[end + len(self.CLOSE) :], ""
        return self._lead(text)

    def end(self) -> str:
        """What is still held back when the stream ends (never reasoning)."""
        text, self.held = (self.held if self.state == "start" else ""), ""
        return text

    def _lead(self, text: str) -> str:
        if self.lead:
            text = text.lstrip()
            self.lead = not text
        return text


def describe(exc: ValidationError, limit: int = 12) -> str:
    """Pydantic's errors as ``field.path: message`` lines, without echoing the input."""
    lines = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(part) for part in err["loc"]) or "(the object)"
        lines.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return "; ".join(lines)


# -- normalisation into the domain --------------------------------------------------------


slug = sections.slug


def cut(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def frameworks(found: Iterable[FrameworkOut], known: Sequence[Framework] = ()) -> list[Framework]:
    """Stable ids: a known framework keeps its id and title; a new one gets a slug id."""
    by_id = {f.id: f for f in known}
    by_title = {f.title.lower(): f for f in known}
    out: dict[str, Framework] = {}
    for item in found:
        fid = slug(item.id) or slug(item.title)
        match = by_id.get(fid) or by_title.get(item.title.lower())
        if match is None:
            if not fid:
                continue
            match = Framework(id=fid, title=cut(item.title, 120))
        out.setdefault(match.id, match)
    return list(out.values())[:MAX_FRAMEWORKS]


def source(claimed: str, feedback: Sequence[Feedback], memory: Sequence[str]) -> str:
    """A source the model could really have used, else ``model``."""
    text = claimed.strip()
    low = text.lower()
    if low in {"goal", "proposal"}:
        return low
    kind, _, rest = low.partition(":")
    if kind == "feedback" and rest.strip().isdigit():
        number = int(rest.strip())
        if any(f.checkpoint == number for f in feedback):
            return f"feedback:{number}"
    if kind == "memory":
        wanted = text.partition(":")[2].strip().lower()
        for name in memory:
            if name.lower() == wanted:
                return f"memory:{name}"
    return "model"


def cited(claimed: Iterable[str], memory: Sequence[str]) -> list[str]:
    """The memory notes among the sources a model names (``name`` or ``memory:name``)."""
    names = {n.lower(): n for n in memory}
    found = (names.get(c.strip().removeprefix("memory:").strip().lower()) for c in claimed)
    return list(dict.fromkeys(n for n in found if n is not None))


def to_proposal(out: ProposalOut, memory: Sequence[str]) -> Proposal:
    iterations = min(max(out.max_iterations, 1), MAX_ITERATIONS)
    interval = min(max(out.checkpoint_interval, 1), iterations)
    names = {n.lower(): n for n in memory}
    used = list(dict.fromkeys(names[u.lower()] for u in out.memory_used if u.lower() in names))
    fws = frameworks(out.frameworks)
    if not fws:
        raise OutputInvalid("frameworks: every framework needs an id or a title")
    return Proposal(
        approach=out.approach,
        frameworks=fws,
        max_iterations=iterations,
        checkpoint_interval=interval,
        memory=MemoryCoverage(
            entities=list(memory),
            coverage=round(len(used) / len(memory), 3) if memory else 0.0,
        ),
    )


def estimate(value: str, where: str) -> str:
    """A figure the model found nowhere it was shown is marked as an estimate."""
    if where != "model" or "estimate" in value.lower() or not re.search(r"\d", value):
        return value
    return f"{value} (estimate)"


def to_result(
    out: IterationOut,
    *,
    plan: str,
    known: Sequence[Framework],
    feedback: Sequence[Feedback],
    memory: Sequence[str],
    usage: Usage,
) -> IterationResult:
    """The iteration's result; ``plan`` is the whole plan with the answer's sections merged."""
    points: dict[tuple[str, str], DataPoint] = {}
    for dp in out.data_points:
        where = source(dp.source, feedback, memory)
        point = DataPoint(
            label=cut(dp.label, 120),
            value=cut(estimate(dp.value, where), 500),
            source=where,
        )
        points.setdefault(point.key(), point)
    return IterationResult(
        frameworks_applied=frameworks(out.frameworks_applied, known),
        data_points=list(points.values())[:MAX_DATA_POINTS],
        plan=plan[:MAX_PLAN_CHARS],
        summary=cut(out.summary, 600),
        key_finding=cut(out.key_finding, 400),
        usage=usage,
    )


def add_usage(a: Usage, b: Usage) -> Usage:
    return Usage(
        prompt_tokens=a.prompt_tokens + b.prompt_tokens,
        completion_tokens=a.completion_tokens + b.completion_tokens,
    )


def count_usage(reported: Any, messages: Sequence[Mapping[str, Any]], text: str) -> Usage:
    """The server's token count; about four characters a token when a server reports none."""
    if reported is not None:
        return Usage(
            prompt_tokens=reported.prompt_tokens or 0,
            completion_tokens=reported.completion_tokens or 0,
        )
    sent = sum(len(str(m.get("content") or "")) for m in messages)
    return Usage(prompt_tokens=sent // 4 + 1, completion_tokens=-(-len(text) // 4))
