"""``GET /metrics`` on a real server: Prometheus text with the run, stream and timing metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.api.test_model_runs import PROPOSAL, iteration, model_env
from tests.fakes.openai_server import Answer, ScriptedServer
from tests.helpers import run_until, start_run
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(60)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
# /metrics is rate limited per session like /api (20 a second, a burst of 60): a test that
# polls it every 20 ms ran out of its burst on a loaded machine and got 429. 10 a second
# stays under the refill.
SCRAPE_EVERY_S = 0.1


async def scrape(client: httpx.AsyncClient) -> Samples:
    r = await client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    out: Samples = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_follow_a_run_through_its_checkpoint(client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    run_id = await start_run(client)
    await run_until(client, run_id, "checkpoint_reached")
    parked = await scrape(client)
    assert value(parked, "planloop_runs_awaiting_approval") >= 1
    assert value(parked, "planloop_runs", status="awaiting_approval") >= 1

    # an open stream is counted while it is open
    async with client.stream("GET", f"/api/runs/{run_id}/events") as stream:
        assert stream.status_code == 200

        async def counted() -> bool:
            return value(await scrape(client), "planloop_open_streams") >= 1

        await wait_for(counted, interval=SCRAPE_EVERY_S)

    await asyncio.sleep(0.3)  # let the approval wait be measurable
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200
    await run_until(client, run_id, "complete")
    # A commit publishes its events, then counts them: the stream may show "complete" a
    # moment before the counter has it. Read the metrics once it does.
    after = await scrape(client)

    async def complete_counted() -> bool:
        nonlocal after
        after = await scrape(client)
        done = "planloop_events_written_total"
        return value(after, done, type="complete") > value(before, done, type="complete")

    await wait_for(complete_counted, interval=SCRAPE_EVERY_S)

    def grew(name: str, by: float = 1, **labels: str) -> bool:
        return value(after, name, **labels) - value(before, name, **labels) >= by

    assert value(after, "planloop_runs", status="completed") >= 1
    assert grew("planloop_events_written_total", type="planning_started")
    assert grew("planloop_events_written_total", 4, type="iteration_completed")
    assert grew("planloop_events_written_total", type="complete")
    assert grew("planloop_iteration_seconds_count", 4, planner="offline")
    stages = {dict(labels)["stage"] for name, labels in after if "model_call_seconds_c" in name}
    assert len(stages) >= 4  # offline stages are the frameworks it applies
    assert grew("planloop_approval_wait_seconds_count", decision="approve")
    assert grew("planloop_approval_wait_seconds_sum", 0.3, decision="approve")
    assert value(after, "planloop_open_streams") == 0
    assert {"planloop_runs_executing"} <= {name for name, _ in after}


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


async def test_model_runs_count_tokens_and_time_each_model_call(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    proc = ServerProcess(tmp_path_factory.mktemp("metrics-model"), **model_env(llm)).start()
    try:
        llm.always(Answer(iteration(1), prompt_tokens=100, completion_tokens=40))
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            run_id = await start_run(c, proposal=PROPOSAL, max_iterations=1)
            await run_until(c, run_id, "complete")
            samples = await scrape(c)
    finally:
        proc.stop()
    assert value(samples, "planloop_tokens_total", planner="openai", kind="prompt") == 200
    assert value(samples, "planloop_tokens_total", planner="openai", kind="completion") == 80
    for stage in ("draft", "revise"):
        assert value(samples, "planloop_model_call_seconds_count", planner="openai", stage=stage)
