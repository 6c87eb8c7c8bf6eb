"""The takeover benchmark (issue 19, target 3): how soon a SIGKILLed server's runs go on.

    .venv/bin/python -m bench.takeover            # 7 repetitions (~3 min), writes docs
    .venv/bin/python -m bench.takeover --quick    # 2 repetitions, prints only

Each repetition starts afresh: a new database on a private PostgreSQL (tests/pg.py), real
``planloop serve`` subprocesses (tests/server.py) with the default lease (15 s) and sweep
(1 s) and a 0.05 s offline step, so a run writes an event every few tens of milliseconds.
Runs are started and left executing until each has completed an iteration; then one server
is SIGKILLed. The figure is the time from the kill (this process's clock) to the first
event stored for one of the dead server's runs after it (the event's ``ts``, stamped by the
server on the same machine): that event was written by whoever took the run over.

* **restart, PostgreSQL**: one server, killed and started again on the same database
  (the time includes the new process's start; its start to /health answering is given).
* **restart, SQLite**: the same on a SQLite file (the new process drops every lease).
* **3 replicas, PostgreSQL**: three servers on one database, two runs started on each;
  the one that executes runs is killed and the other two take them: to the first resumed
  event, and to the last of its runs resumed.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
from tests.factories import run_body
from tests.pg import PostgresServer, create_database
from tests.server import ServerProcess

from bench.report import command_line, docs_options, log, machine_facts, write_section, writes_docs
from planloop.domain import iso

ENV = {
    "PLANLOOP_LEASE_S": "15",
    "PLANLOOP_SWEEP_INTERVAL_S": "1",
    "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.05",
    "PLANLOOP_RATE_LIMIT_PER_S": "1000",
    "PLANLOOP_MAX_ACTIVE_RUNS_PER_SESSION": "100",
}
RUN = run_body(max_iterations=20, checkpoint_interval=20)


@dataclass
class Figures:
    first: list[float] = field(default_factory=list)  # kill -> first resumed event
    last: list[float] = field(default_factory=list)  # kill -> every killed run resumed
    ready: list[float] = field(default_factory=list)  # restart -> /health answers
    started: list[float] = field(default_factory=list)  # restart -> first resumed event


class Events:
    """The stored events, read from the server's database (PostgreSQL or SQLite)."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        if self.url.startswith("sqlite"):
            path = self.url.split("///", 1)[1]
            with sqlite3.connect(path) as conn:
                return list(conn.execute(re.sub(r"\$\d+", "?", sql), args))
        conn = await asyncpg.connect(self.url)
        try:
            return [tuple(r) for r in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    async def leases(self) -> dict[str, str]:
        rows = await self.rows("SELECT id, lease_owner FROM runs WHERE status='running'")
        return {str(i): str(o) for i, o in rows if o}

    async def iterated(self) -> set[str]:
        done = "SELECT DISTINCT run_id FROM events WHERE type='iteration_completed'"
        rows = await self.rows(done)
        return {str(r[0]) for r in rows}

    async def resumed(self, run_ids: Sequence[str], after: str) -> dict[str, datetime]:
        """Each run's first event stamped after ``after``."""
        found = {}
        for run_id in run_ids:
            rows = await self.rows(
                "SELECT MIN(ts) FROM events WHERE run_id=$1 AND ts > $2", run_id, after
            )
            if rows and rows[0][0]:
                found[run_id] = datetime.fromisoformat(str(rows[0][0]))
        return found


async def _start_runs(server: ServerProcess, n: int, cookies: dict[str, str]) -> list[str]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30, cookies=cookies) as c:
        ids = []
        for _ in range(n):
            r = await c.post("/api/runs", json=RUN)
            r.raise_for_status()
            ids.append(r.json()["run_id"])
        cookies.update(dict(c.cookies))
    return ids


async def _until(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.02)
    raise RuntimeError("the benchmark's runs did not get going")


async def _kill_and_measure(
    victim: ServerProcess, events: Events, restart: bool, figures: Figures
) -> None:
    assert victim.proc is not None
    pid = victim.proc.pid
    leases = await events.leases()
    theirs = [i for i, owner in leases.items() if int(owner.split(":")[1]) == pid]
    if not theirs:
        raise RuntimeError("the server to kill executes no run")
    killed_at = time.time()
    victim.kill()
    after = iso(datetime.fromtimestamp(killed_at, UTC))  # as events are stamped
    spawned_at = killed_at
    if restart:
        spawned_at = time.time()
        await asyncio.to_thread(victim.start)
        figures.ready.append(time.time() - spawned_at)
    resumed: dict[str, datetime] = {}

    async def all_resumed() -> bool:
        resumed.update(await events.resumed(theirs, after))
        return len(resumed) == len(theirs)

    await _until(all_resumed, timeout=60)
    figures.first.append(min(t.timestamp() for t in resumed.values()) - killed_at)
    if restart:
        figures.started.append(min(t.timestamp() for t in resumed.values()) - spawned_at)
    figures.last.append(max(t.timestamp() for t in resumed.values()) - killed_at)


async def restart_once(url: str, workdir: Path, figures: Figures) -> None:
    server = ServerProcess(workdir, PLANLOOP_DATABASE_URL=url, **ENV)
    await asyncio.to_thread(server.start)
    try:
        events = Events(url)
        ids = await _start_runs(server, 3, {})
        await _until(lambda: _going(events, ids))
        await _kill_and_measure(server, events, restart=True, figures=figures)
    finally:
        server.stop()


async def replicas_once(url: str, workdir: Path, figures: Figures) -> None:
    servers = []
    for name in "abc":
        (workdir / name).mkdir()
        servers.append(ServerProcess(workdir / name, PLANLOOP_DATABASE_URL=url, **ENV))
    try:
        for server in servers:
            await asyncio.to_thread(server.start)
        events = Events(url)
        cookies: dict[str, str] = {}
        ids = []
        for server in servers:  # each replica executes the runs it created
            ids += await _start_runs(server, 2, cookies)
        await _until(lambda: _going(events, ids))
        holders = {int(owner.split(":")[1]) for owner in (await events.leases()).values()}
        victim = next(s for s in servers if s.proc is not None and s.proc.pid in holders)
        await _kill_and_measure(victim, events, restart=False, figures=figures)
    finally:
        for server in servers:
            server.stop()


async def _going(events: Events, ids: Sequence[str]) -> bool:
    leases = await events.leases()
    return set(ids) <= set(leases) and set(ids) <= await events.iterated()


def _spread(values: Sequence[float]) -> str:
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{med * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


async def run_all(reps: int, root: Path) -> dict[str, Figures]:
    pg = PostgresServer().start()
    out = {"pg_restart": Figures(), "sqlite_restart": Figures(), "pg_replicas": Figures()}
    try:
        for rep in range(reps):
            log(f"repetition {rep + 1}/{reps}")
            base = root / f"rep{rep}"
            for name in out:
                (base / name).mkdir(parents=True)
            url = create_database(pg.admin_url)
            await restart_once(url, base / "pg_restart", out["pg_restart"])
            sqlite_url = f"sqlite:///{base / 'sqlite_restart' / 'planloop.db'}"
            await restart_once(sqlite_url, base / "sqlite_restart", out["sqlite_restart"])
            url = create_database(pg.admin_url)
            await replicas_once(url, base / "pg_replicas", out["pg_replicas"])
    finally:
        pg.stop()
    return out


def render(res: dict[str, Figures], reps: int, command: str, started: datetime) -> str:
    facts = machine_facts()
    r, s, p = res["pg_restart"], res["sqlite_restart"], res["pg_replicas"]
    return "\n".join(
        [
            "## Takeover after a SIGKILL (PostgreSQL presence)",
            "",
            f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}`: {reps} repetitions, each on"
            " a fresh database; medians with (min–max). Servers: `planloop serve`"
            " subprocesses (tests/server.py) with the default lease (15 s) and sweep (1 s),"
            " `PLANLOOP_TAKEOVER_POLL_S` 0.2 s (the default), a 0.05 s offline step; a"
            " private PostgreSQL (tests/pg.py). The time is from the SIGKILL to the first"
            " event stored for one of the killed server's runs after it (written by whoever"
            f" took it over). Machine: {facts['nproc']} cores ({facts['cpu']}), Python"
            f" {facts['python']}, shared with other work.",
            "",
            "| scenario | SIGKILL → first resumed event | SIGKILL → all its runs resumed |"
            " restart → first resumed event | restart → /health |",
            "|---|---|---|---|---|",
            f"| 1 server restarted, PostgreSQL | {_spread(r.first)} | {_spread(r.last)} |"
            f" {_spread(r.started)} | {_spread(r.ready)} |",
            f"| 1 server restarted, SQLite | {_spread(s.first)} | {_spread(s.last)} |"
            f" {_spread(s.started)} | {_spread(s.ready)} |",
            f"| 3 replicas, one killed, PostgreSQL | {_spread(p.first)} | {_spread(p.last)}"
            " | — | — |",
            "",
            "Before presence, the PostgreSQL figures were the lease: a restarted server"
            " resumed after ~14 s (issue 19). A restart's figure is mostly the new process's"
            " start: from its spawn (Python, imports, migrations) to its first claim; it"
            " claims during its start, before /health answers. The replicas' is the takeover"
            " watch (every 0.2 s) plus a claim and the run's first step.",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.takeover", description=__doc__)
    docs_options(parser, "takeover", "< 60 s", 0)
    parser.add_argument("--reps", type=int, default=None, help="repetitions (7; 2 with --quick)")
    args = parser.parse_args(argv)
    reps = args.reps or (2 if args.quick else 7)
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="planloop-takeover-") as tmp:
        res = asyncio.run(run_all(reps, Path(tmp)))
    extra = argv if argv is not None else sys.argv[1:]
    command = command_line(".venv/bin/python -m bench.takeover", args.quick, extra)
    text = render(res, reps, command, started)
    print(text)
    if writes_docs(args):
        write_section(args.docs, "takeover", text)
        log(f"wrote the takeover section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
