"""The model planner with real servers' quirks and small models, over real HTTP.

Each case is one a real server showed: llama-cpp-python refusing ``json_schema`` with a
500, a 270M-parameter model answering an empty framework list, an answer running until
``max_tokens``, a context of a couple of thousand tokens, a server that says its context.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from planloop.domain import Feedback
from planloop.errors import PlannerFailed
from planloop.planners.base import MemoryNote
from planloop.planners.openai import OpenAIPlanner, model_output, prompts, sections, window
from planloop.planners.openai.preview import Preview
from tests.fakes.openai_server import Answer, Fail, ScriptedServer
from tests.planners.test_openai import (
    GOAL,
    context,
    critique_json,
    iteration_json,
    proposal_json,
    run_iteration,
)

pytestmark = pytest.mark.timeout(30)

LLAMA_CPP_500 = (
    "1 validation error for CreateChatCompletionRequest\nresponse_format\n  Input should be "
    "a valid dictionary or instance of ChatCompletionRequestResponseFormat"
)


@pytest.fixture(scope="module")
def llm_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def llm(llm_server: ScriptedServer) -> ScriptedServer:
    llm_server.reset()
    return llm_server


@pytest.fixture
async def planner(llm: ScriptedServer) -> AsyncIterator[OpenAIPlanner]:
    p = OpenAIPlanner("test-model", llm.url, None, max_retries=2, timeout_s=5.0)
    yield p
    await p.aclose()


def formats(llm: ScriptedServer) -> list[str | None]:
    return [(r.body.get("response_format") or {}).get("type") for r in llm.chats]


# -- protocol tolerance ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, LLAMA_CPP_500),
        (400, "response_format type 'json_schema' is not supported"),
        (422, "Unsupported JSON schema in response format"),
    ],
)
async def test_a_refused_json_schema_is_asked_again_as_json_object_without_retries(
    planner: OpenAIPlanner, llm: ScriptedServer, status: int, message: str
) -> None:
    llm.caps.json_schema = False
    llm.caps.refusal_status, llm.caps.refusal_message = status, message
    llm.script(Answer(proposal_json()), Answer(proposal_json()))
    await planner.propose(GOAL)
    # one refusal, not max_retries + 1 of them, then JSON-object mode with the schema
    assert formats(llm) == ["json_schema", "json_object"]
    assert llm.chats[1].body["response_format"]["schema"]["type"] == "object"
    await planner.propose(GOAL)  # remembered for the planner's lifetime
    assert formats(llm) == ["json_schema", "json_object", "json_object"]
    assert planner.mode == "json_object_schema"


async def test_a_plain_500_is_still_an_outage_with_the_sdk_retries(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    llm.always(Fail(500, "CUDA error: out of memory"))
    with pytest.raises(PlannerFailed) as caught:
        await planner.propose(GOAL)
    assert caught.value.code == "model_unavailable"
    assert len(llm.chats) == planner.max_retries + 1
    assert formats(llm) == ["json_schema"] * 3 and planner.mode == "json_schema"


async def test_every_call_carries_max_tokens_for_its_stage(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    llm.script(
        Answer(proposal_json()),
        Answer(iteration_json()),
        Answer(critique_json()),
        Answer(iteration_json()),
    )
    await planner.propose(GOAL)
    await run_iteration(planner)
    caps = [r.body["max_tokens"] for r in llm.chats]
    assert caps == [1024, 4096, 1024, 4096]  # proposal, draft, critique, revise (8k context)


async def test_a_runaway_answer_is_stopped_by_max_tokens_and_what_parses_is_kept(
    llm: ScriptedServer,
) -> None:
    planner = OpenAIPlanner("test-model", llm.url, None, context_tokens=2048)
    endless = iteration_json(plan="## Scope\nBake.\n\n## Steps\n" + "- knead again\n" * 5000)
    llm.script(Answer(endless, chunks=len(endless) // 4), Answer(critique_json()))
    llm.script(Answer(iteration_json()))
    try:
        progress, result = await run_iteration(planner)
    finally:
        await planner.aclose()
    cap = llm.chats[0].body["max_tokens"]
    assert 256 <= cap <= 1024  # at most half of a 2,048-token context, less the prompt
    assert "## Steps\n- knead again\n- knead again" in result.plan  # kept from the draft
    assert any(f"{cap}-token limit" in p.message for p in progress)


async def test_a_runaway_answer_with_nothing_usable_fails_clearly(llm: ScriptedServer) -> None:
    planner = OpenAIPlanner("test-model", llm.url, None, context_tokens=2048)
    rambling = json.dumps({"frameworks_applied": [{"id": "x" * 20000, "title": "t"}]})
    llm.script(Answer(rambling, chunks=len(rambling) // 4))
    try:
        with pytest.raises(PlannerFailed) as caught:
            await run_iteration(planner)
    finally:
        await planner.aclose()
    assert caught.value.code == "model_output_invalid"
    assert f"{llm.chats[0].body['max_tokens']}-token limit" in caught.value.message
    assert len(llm.chats) == 1  # no repair: it would run out again


async def test_a_call_over_its_deadline_is_model_unavailable(llm: ScriptedServer) -> None:
    planner = OpenAIPlanner("test-model", llm.url, None, timeout_s=5, deadline_s=0.5)
    llm.script(Answer(proposal_json(), chunks=40, pause_s=0.05))  # ~2 s, never silent 5 s
    try:
        with pytest.raises(PlannerFailed) as caught:
            await planner.propose(GOAL)
    finally:
        await planner.aclose()
    assert caught.value.code == "model_unavailable"
    assert "deadline of 0.5s" in caught.value.message


# -- small and weak models -------------------------------------------------------------------


async def test_an_empty_framework_list_falls_back_to_the_offline_proposal(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    llm.script(Answer(proposal_json(frameworks=[])))
    proposal = await planner.propose(GOAL)
    assert proposal.approach.startswith("Fallback proposal: the model test-model")
    assert "offline planner" in proposal.approach and proposal.frameworks
    assert len(llm.chats) == 1  # schema-valid: not sent for a repair a weak model cannot do


async def test_an_outage_is_not_hidden_by_the_fallback(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    llm.always(Fail(503, "loading model"))
    with pytest.raises(PlannerFailed) as caught:
        await planner.propose(GOAL)
    assert caught.value.code == "model_unavailable"


async def test_a_thin_iteration_is_kept_with_a_warning(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    thin = iteration_json(plan="## Plan\nBake bread.")
    llm.script(Answer(thin), Answer(critique_json()), Answer(thin))
    progress, result = await run_iteration(planner)
    assert result.plan == "## Plan\nBake bread."
    assert any(p.message.startswith("Warning: kept a thin answer") for p in progress)


# -- context budget --------------------------------------------------------------------------


def notes() -> list[MemoryNote]:
    return [
        MemoryNote("garden-club", "Tomato seedlings and compost schedules. " * 120),
        MemoryNote("lyon-bakery-costs", "Sourdough bakery in Lyon: oven and budget. " * 120),
    ]


async def test_a_small_context_leaves_memory_out_and_says_so(llm: ScriptedServer) -> None:
    planner = OpenAIPlanner("test-model", llm.url, None, context_tokens=1024)
    llm.script(Answer(proposal_json()))
    try:
        await planner.propose(GOAL, notes())
    finally:
        await planner.aclose()
    user = llm.chats[0].content("user")
    assert "<memory" not in user
    assert "<omitted>" in user and "garden-club" in user and "lyon-bakery-costs" in user
    assert 256 <= llm.chats[0].body["max_tokens"] < 512  # what is left beside the prompt


async def test_memory_is_trimmed_by_relevance_and_the_run_is_told(llm: ScriptedServer) -> None:
    planner = OpenAIPlanner("test-model", llm.url, None, context_tokens=8192)
    llm.script(Answer(iteration_json()), Answer(critique_json()), Answer(iteration_json()))
    try:
        progress, _ = await run_iteration(planner, context(memory=notes()))
    finally:
        await planner.aclose()
    user = llm.chats[0].content("user")
    assert '<memory entity="lyon-bakery-costs">' in user  # the relevant note stays
    assert '<memory entity="garden-club">' not in user
    assert "memory note 'garden-club'" in user  # named in <omitted>
    assert any("left out memory note 'garden-club'" in p.message for p in progress)


@pytest.mark.parametrize(
    ("cap", "path"),
    [("props_n_ctx", "/props"), ("ollama_num_ctx", "/api/show"), ("max_model_len", "/v1/models")],
)
async def test_the_context_is_taken_from_the_server(
    planner: OpenAIPlanner, llm: ScriptedServer, cap: str, path: str
) -> None:
    setattr(llm.caps, cap, 1536)
    llm.script(Answer(proposal_json()))
    await planner.propose(GOAL)
    assert planner.context_tokens == 1536
    assert path in [r.path for r in llm.requests]
    assert 256 <= llm.chats[0].body["max_tokens"] <= 768  # half the context at most


async def test_without_word_from_the_server_the_context_is_the_default(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    llm.script(Answer(proposal_json()))
    await planner.propose(GOAL)
    assert planner.context_tokens == window.DEFAULT_CONTEXT


# -- prompts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    name: str
    status: str
    message: str
    sections: tuple[str, ...]


async def test_prompts_carry_the_start_date_the_checks_and_the_rubric(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    base = context(feedback=[Feedback(checkpoint=1, text="Ana leads")], plan="## Scope\nOld.")
    checks = (
        Flag("budget_sum", "flag", "Budget lines add up to EUR 52,000 > EUR 40,000", ("Budget",)),
        Flag("dates_in_order", "pass", "ok", ()),
    )
    ctx = type(base)(**{**base.__dict__, "started_on": date(2027, 1, 4), "checks": checks})
    llm.script(Answer(iteration_json()), Answer(critique_json()), Answer(iteration_json()))
    await run_iteration(planner, ctx)
    for request in llm.chats:
        user = request.content("user")
        assert '<today>"2027-01-04 (Monday)"</today>' in user
        assert "EUR 52,000" in user and "dates_in_order" not in user  # flags only
    critique = llm.chats[1].content("system")
    assert "rubric" in critique and "<checks>" in critique and "owner" in critique
    assert "(estimate)" in llm.chats[0].content("system")


async def test_a_revision_returns_changed_sections_only(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    plan = "## Scope\nOld scope.\n\n## Budget\nEUR 40,000.\n\n## Team\nAna."
    llm.script(
        Answer(iteration_json(plan="## Budget\nEUR 38,000 and a reserve.")),
        Answer(critique_json()),
        Answer(iteration_json(plan="## Team\nAna and two bakers.")),
    )
    _, result = await run_iteration(planner, context(plan=plan))
    assert result.plan == (
        "## Scope\nOld scope.\n\n## Budget\nEUR 38,000 and a reserve.\n\n"
        "## Team\nAna and two bakers."
    )
    sent = json.loads(
        llm.chats[0]
        .content("user")
        .split("<plan_so_far")[1]
        .split(">", 1)[1]
        .split("</plan_so_far>")[0]
    )
    assert [s["id"] for s in sent] == ["scope", "budget", "team"]
    assert "sections you ADD or CHANGE" in llm.chats[0].content("system")


# -- the live view ---------------------------------------------------------------------------


async def test_the_live_view_is_markdown_while_the_json_streams(
    planner: OpenAIPlanner, llm: ScriptedServer
) -> None:
    draft = iteration_json(plan='## Scope\nA bakery "Levain" in Lyon.\n- oven\n- flour')
    llm.script(Answer(draft, chunks=len(draft)), Answer(critique_json()), Answer(draft))
    progress, _ = await run_iteration(planner)
    shown = "".join(p.delta or "" for p in progress if p.stage == "draft")
    assert shown == '## Scope\n\nA bakery "Levain" in Lyon.\n- oven\n- flour'
    critique = "".join(p.delta or "" for p in progress if p.stage == "critique")
    assert critique.startswith("**Problems**\n\n- No timeline")


def test_stage_prompts_name_their_data_tags() -> None:
    for task in prompts.STAGE_TASKS.values():
        assert "<goal>" in task


# -- sections and the partial reader, as pure functions ---------------------------------------


def test_merging_sections_replaces_adds_and_removes() -> None:
    plan = sections.split("Intro line.\n\n## Scope\nOld.\n\n## Budget\nEUR 1.\n\n## Risks\nFire.")
    assert [s.id for s in plan] == ["preamble", "scope", "budget", "risks"]
    changed = [
        model_output.SectionOut(id="budget", title="Budget", markdown="## Budget\nEUR 2."),
        model_output.SectionOut(id="risks", title="Risks", markdown=""),
        model_output.SectionOut(id="team", title="Team", markdown="Ana."),
    ]
    merged = sections.render(sections.merge(plan, changed))
    assert merged == "Intro line.\n\n## Scope\nOld.\n\n## Budget\nEUR 2.\n\n## Team\nAna."


def test_the_preview_never_shows_json_escapes_split_across_chunks() -> None:
    answer = json.dumps({"sections": [{"id": "a", "title": "Día 1", "markdown": 'x "y"\n- z'}]})
    view = Preview("draft")
    shown = "".join(view.feed(ch) for ch in answer)
    assert shown == '## Día 1\n\nx "y"\n- z'


def test_raw_newlines_inside_json_strings_are_read() -> None:
    """Gemma 3 270M under a JSON grammar wrote Markdown with real line breaks in strings."""
    text = '{"problems": ["No owner\nfor the oven"], "suggestions": []}'
    assert model_output.parse(model_output.CritiqueOut, text).problems == ["No owner\nfor the oven"]
