"""`planloop plan/attach/decide/runs --server`: the real command against a real server."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import GOAL, cli_env, finish, lines, run, spawn
from tests.server import ServerProcess

CHECKPOINT_PROMPT = r"Checkpoint 1: \[A\]pprove, \[f\]eedback, \[r\]equest changes"


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Iterations long enough to press Ctrl-C in the middle of one."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("slow"), PLANLOOP_OFFLINE_STEP_DELAY_S="0.15"
    ).start()
    yield proc
    proc.stop()


def run_status(home: Path, server: ServerProcess, run_id: str) -> str:
    listed = run(home, "runs", "--json", "--server", server.url)
    assert listed.returncode == 0, listed.stderr
    return next(r["status"] for r in lines(listed.stdout) if r["run_id"] == run_id)


@pytest.mark.timeout(90)
def test_plan_in_a_terminal_approves_with_feedback_and_prints_the_plan(
    tmp_path: Path, server: ServerProcess
) -> None:
    child = spawn(
        tmp_path,
        "plan",
        GOAL,
        "--iterations",
        "4",
        "--checkpoint-every",
        "2",
        "--server",
        server.url,
    )
    child.expect("Proposal")
    child.expect(r"4 iterations, a checkpoint every 2")
    child.expect(r"Start this plan\? \[Y/n\]")
    child.sendline("y")
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect("framework")
    child.expect("Iteration 1 done in")
    child.expect("Iteration 2 done in")
    child.expect(r"After iteration 2 of 4")  # the summary, its key discovery in it
    child.expect(CHECKPOINT_PROMPT)
    child.sendline("f")
    child.expect(r"Feedback \(steers the next iterations\):")
    child.sendline("Keep the first month under EUR 5,000")
    child.expect("Checkpoint 1 approved")
    child.expect("Iteration 4 done in")
    child.expect("Final plan")
    child.expect("Plan: Open a bakery")
    child.expect(r"Saved to memory as")
    assert finish(child) == 0
    assert run_status(tmp_path, server, run_id) == "completed"


@pytest.mark.timeout(60)
def test_json_mode_prints_the_event_stream_and_takes_piped_answers(
    tmp_path: Path, server: ServerProcess
) -> None:
    done = run(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "4",
        "-c",
        "2",
        "--server",
        server.url,
        "--json",
        answers="y\nf\nmore on costs\n",
    )
    assert done.returncode == 0, done.stderr
    events = lines(done.stdout)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    kinds = [e["type"] for e in events]
    assert kinds[0] == "planning_started" and kinds[-2:] == ["final_plan", "complete"]
    approved = next(e for e in events if e["type"] == "checkpoint_approved")
    assert approved["feedback"] == "more on costs"
    assert events[-1]["status"] == "completed"
    assert "Checkpoint 1" in done.stderr  # the question went to stderr, not into the stream


@pytest.mark.timeout(60)
def test_reject_exits_3_and_a_declined_proposal_starts_nothing(
    tmp_path: Path, server: ServerProcess
) -> None:
    rejected = run(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "2",
        "-c",
        "1",
        "--server",
        server.url,
        "--json",
        answers="y\nj\ny\n",
    )
    assert rejected.returncode == 3, rejected.stderr
    assert lines(rejected.stdout)[-1] == {**lines(rejected.stdout)[-1], "status": "rejected"}
    declined = run(tmp_path, "plan", GOAL, "--server", server.url, answers="n\n")
    assert declined.returncode == 3
    assert "nothing was started" in declined.stdout
    listed = run(tmp_path, "runs", "--json", "--server", server.url)
    assert len(lines(listed.stdout)) == 1


@pytest.mark.timeout(90)
def test_ctrl_c_detaches_and_attach_resumes_where_it_left(
    tmp_path: Path, slow_server: ServerProcess
) -> None:
    child = spawn(tmp_path, "plan", GOAL, "-n", "4", "-c", "2", "--server", slow_server.url)
    child.expect(r"Start this plan\?")
    child.sendline("y")
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect("Iteration 1 done in")
    child.sendintr()
    child.expect(f"Detached from run {run_id}. The run goes on on the server.")
    child.expect(f"Come back with: planloop attach {run_id} --server {re.escape(slow_server.url)}")
    assert finish(child) == 130
    assert run_status(tmp_path, slow_server, run_id) in ("running", "awaiting_approval")

    again = spawn(tmp_path, "attach", run_id, "--server", slow_server.url)
    again.expect(rf"Attached to run {run_id} \(\w+, iteration \d/4\), after event (\d+)")
    replayed = again.before
    again.expect(CHECKPOINT_PROMPT)
    assert "Iteration 1 done" not in replayed + again.before  # resumed after Last-Event-ID
    again.sendline("a")
    again.expect("Checkpoint 1 approved")
    again.expect("Saved to memory as")
    assert finish(again) == 0


@pytest.mark.timeout(60)
def test_sigint_in_json_mode_detaches_too(tmp_path: Path, slow_server: ServerProcess) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planloop",
            "plan",
            GOAL,
            "--yes",
            "--json",
            "-n",
            "4",
            "--server",
            slow_server.url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if '"iteration_completed"' in line:
            break
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "Come back with: planloop attach" in err


@pytest.mark.timeout(60)
def test_decide_without_the_live_view_then_attach(tmp_path: Path, server: ServerProcess) -> None:
    parked = run(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "4",
        "-c",
        "2",
        "--server",
        server.url,
        "--json",
        answers="y\n",
    )
    assert parked.returncode == 130, parked.stderr
    run_id = lines(parked.stdout)[0]["run_id"]
    assert lines(parked.stdout)[-1]["type"] == "checkpoint_reached"
    decided = run(
        tmp_path,
        "decide",
        run_id,
        "1",
        "approve",
        "--feedback",
        "cheaper oven",
        "--server",
        server.url,
        "--json",
    )
    assert decided.returncode == 0, decided.stderr
    assert lines(decided.stdout) == [
        {
            "run_id": run_id,
            "checkpoint": 1,
            "decision": "approve",
            "feedback": "cheaper oven",
            "status": "running",
            "revision": 1,
            "already_recorded": False,
        }
    ]
    again = run(tmp_path, "decide", run_id, "1", "reject", "--server", server.url)
    assert again.returncode == 2 and "already approved" in again.stderr
    watched = run(tmp_path, "attach", run_id, "--server", server.url, "--json", "--after", "0")
    assert watched.returncode == 0, watched.stderr
    events = lines(watched.stdout)
    assert events[0]["seq"] == 1 and events[-1] == {**events[-1], "status": "completed"}
    table = run(tmp_path, "runs", "--server", server.url)
    assert run_id in table.stdout and "completed" in table.stdout


@pytest.mark.timeout(90)
@pytest.mark.parametrize("where", ["server", "embedded"])
def test_the_same_decision_again_says_it_was_already_recorded(
    tmp_path: Path, server: ServerProcess, where: str
) -> None:
    """A new user's trial: `decide RUN 1 approve` on a completed run printed "approved; the
    run is completed" (exit 0), as if it had just happened. The same decision again is
    still answered as the first was (exit 0; a different one is refused), and says it was
    recorded before and that nothing new happened."""
    target = ["--server", server.url] if where == "server" else []
    parked = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "-y", "--json", *target)
    assert parked.returncode == 130, parked.stderr  # no answers: detached at checkpoint 1
    run_id = lines(parked.stdout)[0]["run_id"]
    first = run(tmp_path, "decide", run_id, "1", "approve", *target)
    assert first.returncode == 0, first.stderr
    assert f"Checkpoint 1 of run {run_id} approved; the run is running" in first.stdout
    ended = run(tmp_path, "attach", run_id, "--json", *target)  # to its end (embedded: done)
    assert ended.returncode == 0 and lines(ended.stdout)[-1]["status"] == "completed"
    again = run(tmp_path, "decide", run_id, "1", "approve", *target)
    assert again.returncode == 0, again.stderr
    said = " ".join(again.stdout.split())
    assert (
        f"Checkpoint 1 of run {run_id} was already approved by this same decision, recorded"
        " before: nothing new happened; the run is completed"
    ) in said
    assert "approved; the run is" not in said
    as_json = run(tmp_path, "decide", run_id, "1", "approve", "--json", *target)
    assert as_json.returncode == 0, as_json.stderr
    [answer] = lines(as_json.stdout)
    assert answer["already_recorded"] is True and answer["status"] == "completed"
    other = run(tmp_path, "decide", run_id, "1", "reject", *target)
    assert other.returncode == 2 and "already approved" in other.stderr


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("failing"),
        PLANLOOP_MAX_RUN_SECONDS="0.05",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.2",
    ).start()
    yield proc
    proc.stop()


@pytest.mark.timeout(60)
def test_a_failed_run_exits_1(tmp_path: Path, failing_server: ServerProcess) -> None:
    failed = run(tmp_path, "plan", GOAL, "--yes", "--json", "--server", failing_server.url)
    assert failed.returncode == 1, failed.stderr
    assert lines(failed.stdout)[-2]["code"] == "time_budget_exceeded"


@pytest.mark.timeout(90)
def test_attach_after_detaching_at_the_checkpoint_question_asks_it_again(
    tmp_path: Path, server: ServerProcess
) -> None:
    """Regression: the saved position was the checkpoint_reached itself, so attach replayed
    nothing after it and waited for events that never come while a run is parked."""
    child = spawn(tmp_path, "plan", GOAL, "-n", "4", "-c", "2", "--yes", "--server", server.url)
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect(CHECKPOINT_PROMPT)
    child.sendline("q")
    child.expect("Detached")
    assert finish(child) == 130
    again = spawn(tmp_path, "attach", run_id, "--server", server.url)
    again.expect(r"after event \d+")
    again.expect("Checkpoint 1 · after iteration 2")
    again.expect(CHECKPOINT_PROMPT)
    again.sendline("j")
    again.expect(r"end the run\? .*\[y/N\]:")
    again.sendline("y")
    again.expect("Checkpoint 1 rejected")
    assert finish(again) == 3
