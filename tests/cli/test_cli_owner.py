"""One process executes a SQLite file's runs (store/sqlite_owner.py), the way people meet
it: a second terminal's `planloop plan` beside a running `planloop serve`, or beside
another `planloop plan`, is refused with what to do, instead of taking the first one's
runs (found by a new user's trial: of five `planloop plan` at once on one file, three
waited for ever while their runs went on in another process, and one iteration ran three
times). `planloop runs` and `show` only read, and run beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import GOAL, finish, lines, run, spawn
from tests.server import ServerProcess

REFUSED = "another planloop process executes the runs of"


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """`planloop serve` on the SQLite file and memory the test's terminal uses."""
    proc = ServerProcess(
        tmp_path,
        PLANLOOP_DATABASE_URL=f"sqlite:///{tmp_path / 'planloop.db'}",
        PLANLOOP_MEMORY_DIR=str(tmp_path / "memory"),
    ).start()
    yield proc
    proc.stop()


@pytest.mark.timeout(120)
def test_a_terminal_beside_a_server_reads_but_does_not_take_its_runs(
    tmp_path: Path, sqlite_server: ServerProcess
) -> None:
    served = run(
        tmp_path, "plan", GOAL, "--iterations", "2", "--checkpoint-every", "1",
        "--auto-approve", "--json", "--server", sqlite_server.url, answers="y\n",
    )  # fmt: skip
    assert served.returncode == 0, served.stderr
    run_id = lines(served.stdout)[-1]["run_id"]

    refused = run(tmp_path, "plan", GOAL, "--auto-approve", answers="y\n")
    assert refused.returncode != 0
    assert REFUSED in refused.stderr and str(tmp_path / "planloop.db") in refused.stderr
    assert "serve" in refused.stderr and "--server URL" in refused.stderr

    listed = run(tmp_path, "runs", "--json")  # embedded, beside the server: it only reads
    assert listed.returncode == 0, listed.stderr
    assert [r["status"] for r in lines(listed.stdout) if r["run_id"] == run_id] == ["completed"]
    shown = run(tmp_path, "show", run_id[:8])
    assert shown.returncode == 0, shown.stderr

    # the server still executes runs: nothing of its was taken
    again = run(
        tmp_path, "plan", GOAL, "--iterations", "2", "--auto-approve", "--json",
        "--server", sqlite_server.url, answers="y\n",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert lines(again.stdout)[-1]["type"] == "complete"


@pytest.mark.timeout(120)
def test_a_second_embedded_plan_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    first = spawn(
        tmp_path, "plan", GOAL, "--iterations", "4", "--checkpoint-every", "2",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.05",
    )  # fmt: skip
    first.expect(r"Start this plan\? \[Y/n\]")
    first.sendline("y")
    first.expect(r"Run (\w{32}) started")
    first.expect(r"Checkpoint 1: \[A\]pprove")  # parked, waiting for this terminal

    second = run(tmp_path, "plan", "Plan a garden party for 30 people", answers="y\n")
    assert second.returncode != 0 and REFUSED in second.stderr

    first.sendline("a")
    first.expect(r"Checkpoint 2: \[A\]pprove|Saved to memory")
    if first.match.group(0).startswith("Checkpoint"):
        first.sendline("a")
        first.expect("Saved to memory")
    assert finish(first) == 0
    after = run(tmp_path, "plan", "Plan a garden party for 30 people", "--auto-approve",
                answers="y\n")  # fmt: skip
    assert after.returncode == 0, after.stderr  # the first is gone: free again
