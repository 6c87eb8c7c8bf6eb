"""Two servers on one PostgreSQL share one memory; their memory folders are not live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.pg import create_database
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def two_servers(pg_admin_url: str, tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    url = create_database(pg_admin_url)
    procs = []
    for name in "ab":
        (tmp_path / name).mkdir()
        # the same database, a different memory folder each
        env = {"PLANLOOP_DATABASE_URL": url, "PLANLOOP_MEMORY_DIR": str(tmp_path / name / "mem")}
        procs.append(ServerProcess(tmp_path / name, **env))
    try:
        for proc in procs:
            proc.start()
        yield procs[0], procs[1]
    finally:
        for proc in procs:
            proc.stop()


async def test_a_plan_finished_on_one_server_is_in_the_others_memory(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    a, b = two_servers
    async with (
        httpx.AsyncClient(base_url=a.url, timeout=10) as on_a,
        httpx.AsyncClient(base_url=b.url, timeout=10) as on_b,
    ):
        run_id = await start_run(
            on_a, goal="Plan a quixotic zeppelin tour", max_iterations=1, checkpoint_interval=1
        )
        events = await run_until(on_a, run_id, "complete")
        entity = next(e for e in events if e["type"] == "final_plan")["memory_entity"]
        assert entity and events[-1]["status"] == "completed"

        listed = (await on_b.get("/api/entities")).json()
        assert [e["name"] for e in listed] == [entity]
        hits = (await on_b.get("/api/memory/search", params={"q": "quixotic zeppelin"})).json()
        assert [h["name"] for h in hits["results"]] == [entity]
        assert hits["results"][0]["matched"] == 2
        seen_a = (await on_a.get(f"/api/memory/entities/{entity}")).json()
        seen_b = (await on_b.get(f"/api/memory/entities/{entity}")).json()
        assert seen_a == seen_b and f"- run_id: {run_id}" in seen_b["markdown"]
        plans = (await on_b.get("/api/memory/plans")).json()
        assert [(p["name"], p["run_id"]) for p in plans] == [(entity, run_id)]

        # an entity made on B grounds a proposal on A; edits on both sides are checked
        made = await on_b.post(
            "/api/memory/entities",
            json={"name": "zeppelin_hangar", "observations": ["hangar rent: €9,000 a month"]},
        )
        assert made.status_code == 201, made.text
        version = made.json()["version"]
        proposal = await on_a.post("/api/proposals", json={"goal": "Zeppelin hangar tours"})
        assert "zeppelin_hangar" in proposal.json()["memory"]["entities"]
        newer = await on_a.put(
            "/api/memory/entities/zeppelin_hangar",
            json={"markdown": "# Hangar\n\n- rent: €9,500\n", "base_version": version},
        )
        assert newer.status_code == 200, newer.text
        stale = await on_b.put(
            "/api/memory/entities/zeppelin_hangar",
            json={"markdown": "# mine\n", "base_version": version},
        )
        assert stale.status_code == 409 and stale.json()["error"]["code"] == "entity_changed"
        graph = (await on_b.get("/api/memory/graph", params={"q": "rent"})).json()
        assert graph["entities"] == [
            {"name": "zeppelin_hangar", "entityType": "note", "observations": ["rent: €9,500"]}
        ]
    # the folders are not the memory: neither server wrote notes there
    for server in (a, b):
        assert not (server.workdir / "mem" / "entities").exists()
