"""An iteration re-run after a SIGKILL says so (issue 15, item 20).

After a kill in the middle of an iteration, the recovered run starts that iteration again:
a second ``iteration_started`` for it follows the first attempt's progress events. It now
carries ``attempt`` (2, then 3 after a second kill), and the terminal view, AG-UI and the
page reset that iteration's partial view on it.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console

from planloop.api.agui_wire import AguiMapper
from planloop.cli.view import LiveView
from planloop.events import StoredEvent, dump_json
from tests.reliability.common import check_log, read_log
from tests.server import ServerProcess
from tests.sse import events


@pytest.fixture
def slow_server(tmp_path: Path) -> Iterator[ServerProcess]:
    # Slow steps: an iteration lasts long enough to be killed in its middle.
    proc = ServerProcess(tmp_path, PLANLOOP_OFFLINE_STEP_DELAY_S="0.15").start()
    yield proc
    proc.kill()


async def _kill_mid_iteration(
    server: ServerProcess, client: httpx.AsyncClient, run_id: str, attempt: int | None
) -> None:
    """Read the stream until the iteration's attempt ``attempt`` has shown progress (so it
    is stored), then SIGKILL the server and start it again."""
    started = False
    async with client.stream("GET", f"/api/runs/{run_id}/events") as response:
        async for frame in events(response):
            e = frame.json
            if e["type"] == "iteration_started" and e["iteration"] == 1:
                started = e.get("attempt") == attempt
            elif started and e["type"] == "iteration_progress" and e["iteration"] == 1:
                break
    server.kill()
    server.start()


async def test_a_re_run_iteration_carries_its_attempt(slow_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=slow_server.url, timeout=30) as client:
        r = await client.post(
            "/api/runs",
            json={"goal": "Open a bakery in Lisbon", "max_iterations": 2, "checkpoint_interval": 2},
        )
        assert r.status_code == 201, r.text
        run_id = r.json()["run_id"]
        await _kill_mid_iteration(slow_server, client, run_id, None)
        await _kill_mid_iteration(slow_server, client, run_id, 2)
        log = await read_log(client, run_id)

    check_log(log)
    assert log[-1]["type"] == "complete" and log[-1]["status"] == "completed"
    starts = [e for e in log if e["type"] == "iteration_started" and e["iteration"] == 1]
    assert [e.get("attempt") for e in starts] == [None, 2, 3]
    assert "attempt" not in starts[0]  # a first attempt sends what it always sent
    # each abandoned attempt showed progress before the next one started
    for before, after in itertools.pairwise(starts):
        between = [e for e in log if before["seq"] < e["seq"] < after["seq"]]
        assert any(e["type"] == "iteration_progress" for e in between)
    second = [e for e in log if e["type"] == "iteration_started" and e["iteration"] == 2]
    assert [e.get("attempt") for e in second] == [None]

    _front_ends_reset(log, run_id)


def _front_ends_reset(log: list[dict[str, Any]], run_id: str) -> None:
    """The terminal view and AG-UI, fed the real log, reset iteration 1 on each attempt."""
    stored = [
        StoredEvent(run_id=run_id, seq=e["seq"], type=e["type"], ts=e["ts"], payload=dump_json(e))
        for e in log
    ]
    mapper = AguiMapper("thread-1", "agui-1", run_id)
    mapper.start()
    snapshots = [
        out.content
        for event in stored
        for out in mapper.map(event)
        if getattr(out, "activity_type", None) and "attempt" in (out.content or {})
    ]
    assert [s["attempt"] for s in snapshots] == [2, 3]

    out = io.StringIO()
    view = LiveView(Console(file=out, width=200, force_terminal=False))
    for e in log:
        view.event(e)
    text = out.getvalue()
    assert "Iteration 1 starts again (attempt 2)" in text
    assert "Iteration 1 starts again (attempt 3)" in text
