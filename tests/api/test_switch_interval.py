"""The server shortens CPython's thread switch interval while it runs (planloop.app).

Every commit is a trip to aiosqlite's thread and back; with the default 5 ms interval such
a trip could wait that long for the GIL whenever the event loop's thread ran Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

from planloop.app import SWITCH_INTERVAL_S
from tests.inprocess import running_app


async def test_the_switch_interval_is_short_while_the_server_runs_and_restored_after(
    tmp_path: Path,
) -> None:
    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL_S
    async with running_app(tmp_path) as (_, client):
        assert sys.getswitchinterval() == SWITCH_INTERVAL_S
        assert (await client.get("/api/health")).status_code == 200
    assert sys.getswitchinterval() == before
