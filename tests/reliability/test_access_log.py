"""No goal words in the access log (issue 15, item 18).

A saved plan's entity name is made of its goal's words (``plan_open_a_bakery_…``), and
memory routes carry it in their paths; the access log names routes by their template.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

GOAL = "Zanzibar marmalade cooperative for quokka farmers"
WORDS = ("zanzibar", "marmalade", "quokka")


async def test_goal_words_never_reach_the_access_log(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path)
    proc.log_level = "info"  # the access log is written at INFO
    proc.start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=15) as c:
            run_id = await start_run(c, goal=GOAL, max_iterations=1, checkpoint_interval=1)
            await run_until(c, run_id, "complete")
            name = (await c.get(f"/api/runs/{run_id}")).json()["memory_entity"]
            assert name and "zanzibar" in name  # the name does carry the goal's words
            paths = [
                f"/api/memory/entities/{name}",
                "/api/memory/entities/zanzibar_missing",  # a 404 under a route
                "/api/zanzibar/marmalade",  # no route at all
                "/zanzibar-marmalade.html",  # no such page file
            ]
            for path in paths:
                await c.get(path)
            note = {"markdown": f"# {name}\n\nquokka notes\n"}
            assert (await c.put(f"/api/memory/entities/{name}", json=note)).status_code == 200
            assert (await c.delete(f"/api/memory/entities/{name}")).status_code == 200
            seed = {"goal": GOAL, "max_iterations": "1", "checkpoint_interval": "1"}
            async with c.stream("GET", "/api/execute-plan", params=seed) as r:
                assert r.status_code == 200
            assert (await c.get("/")).status_code == 200
    finally:
        proc.stop()
    log = proc.log_path.read_text()
    access = [line for line in log.splitlines() if "planloop.access" in line]
    found = [w for w in WORDS if w in log.lower()]
    assert found == [], [line for line in log.splitlines() if any(w in line.lower() for w in WORDS)]
    assert any("/api/memory/entities/{name}" in line for line in access), access
    assert any(re.search(r"GET #[0-9a-f]{12} 404", line) for line in access), access
    assert any("GET / 200" in line for line in access), access  # page files keep their path
    assert any("GET /api/execute-plan 200" in line for line in access), access  # a stream
