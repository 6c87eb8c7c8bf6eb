"""The SQLite file deleted or replaced while the server runs (issue 15, item 6).

Approvals and new runs used to answer 200/201 and "complete" into a deleted file (an open
descriptor keeps writing to it), nothing was logged, and after a restart every run was
gone. Now the file's identity (device, inode) is checked before every write is
acknowledged and every second: writes answer 503 ``store_lost``, ``/api/health`` fails,
and the log says so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.reliability.common import eventually
from tests.server import ServerProcess

pytestmark = pytest.mark.skipif(
    os.environ.get("PLANLOOP_TEST_BACKEND") == "postgres", reason="a SQLite file's fault"
)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path).start()
    yield proc
    proc.stop()


def _remove_database(workdir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (workdir / f"planloop.db{suffix}").unlink(missing_ok=True)


def _assert_store_lost(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "store_lost"
    assert "planloop.db" in error["message"]


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_writes_are_refused_and_health_fails_when_the_file_goes(
    sqlite_server: ServerProcess, how: str
) -> None:
    workdir = sqlite_server.workdir
    async with httpx.AsyncClient(base_url=sqlite_server.url, timeout=10) as client:
        parked = await start_run(client, max_iterations=4, checkpoint_interval=1)
        await run_until(client, parked, "checkpoint_reached")
        assert (await client.get("/api/health")).status_code == 200

        if how == "deleted":
            _remove_database(workdir)
        else:  # a copy put in its place: another file at the same path
            shutil.copy(workdir / "planloop.db", workdir / "copy.db")
            _remove_database(workdir)
            (workdir / "copy.db").rename(workdir / "planloop.db")

        _assert_store_lost(await client.get("/api/health"))
        _assert_store_lost(
            await client.post(f"/api/runs/{parked}/checkpoints/1", json={"decision": "approve"})
        )
        _assert_store_lost(await client.post("/api/runs", json={"goal": "Open a bakery"}))
        _assert_store_lost(await client.get("/api/health"))  # and it stays so

    log = sqlite_server.log_path

    def logged() -> bool:
        text = log.read_text()
        return "CRITICAL" in text and "store lost: the database file" in text and how in text

    async def logged_async() -> bool:
        return logged()

    assert await eventually(logged_async, timeout=10), log.read_text()


async def test_noticed_without_a_request(sqlite_server: ServerProcess) -> None:
    """The periodic check logs it within seconds even when nobody writes."""
    _remove_database(sqlite_server.workdir)
    log = sqlite_server.log_path

    async def logged() -> bool:
        return "store lost" in log.read_text()

    assert await eventually(logged, timeout=10), log.read_text()
