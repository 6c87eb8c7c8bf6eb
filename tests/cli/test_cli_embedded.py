"""The client with no server: the engine runs in the command's own process, on the default
store (PLANLOOP_DATABASE_URL), and everything it did is there for the next command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.helpers import GOAL, finish, lines, run, spawn
from tests.cli.test_cli_server import CHECKPOINT_PROMPT


@pytest.mark.timeout(90)
def test_embedded_plan_in_a_terminal_runs_to_the_final_plan(tmp_path: Path) -> None:
    child = spawn(tmp_path, "plan", GOAL, "-n", "4", "-c", "2")
    child.expect(r"Start this plan\? \[Y/n\]")
    child.sendline("")  # Enter: yes
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect("data point")
    child.expect("Iteration 2 done in")
    # a time a person reads, not "2026-12-04T19:28:06.678474Z"
    child.expect(r"decide before \d{4}-\d\d-\d\d \d\d:\d\d UTC")
    # and what its deadline does: the default on_timeout, "expire", keeps it waiting
    gap = r"(?:\x1b\[[0-9;]*m|[\s│])+"  # a wrap in the panel, or the terminal's styling
    child.expect(gap.join(("after", "it,", "it", "still", "waits:", "x", "gives", "it", "more")))
    child.expect(CHECKPOINT_PROMPT)
    child.sendline("a")
    child.expect("Checkpoint 1 approved")
    child.expect("Final plan")
    # up to the file's closing bracket: "(\S+)" alone matches once one character of the name
    # has arrived, and a name split across two reads was cut short
    child.expect(r"Saved to memory as \S+\s+\(entities/([^)\s]+)\.md\)")
    # drop ANSI styling (str.strip("\x1b[0m") would also eat a name's trailing "0" or "m")
    entity = re.sub(r"\x1b\[[0-9;]*m", "", child.match.group(1))
    assert finish(child) == 0
    assert (tmp_path / "planloop.db").exists()  # the default store of the environment
    assert (tmp_path / "memory" / "entities" / f"{entity}.md").is_file()
    listed = run(tmp_path, "runs", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(r["run_id"], r["status"]) for r in lines(listed.stdout)] == [(run_id, "completed")]
    # in an 80-column terminal the id is whole: it is what show and decide take (it was
    # cut to "e09d0db7418c4dd98…")
    table = run(tmp_path, "runs", COLUMNS="80")
    assert table.returncode == 0 and run_id in table.stdout, table.stdout


@pytest.mark.timeout(90)
def test_embedded_detach_then_decide_then_attach(tmp_path: Path) -> None:
    child = spawn(tmp_path, "plan", GOAL, "-n", "4", "-c", "2")
    child.expect(r"Start this plan\?")
    child.sendline("y")
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect(CHECKPOINT_PROMPT)
    child.sendintr()  # Ctrl-C at the question
    child.expect(f"Detached from run {run_id}. The run is saved")
    child.expect(f"Come back with: planloop attach {run_id}")
    assert finish(child) == 130

    decided = run(tmp_path, "decide", run_id, "1", "approve", "--feedback", "cheaper oven")
    assert decided.returncode == 0, decided.stderr
    assert f"Run {run_id} is completed after iteration 4" in decided.stdout

    watched = run(tmp_path, "attach", run_id, "--json")
    assert watched.returncode == 0, watched.stderr
    events = lines(watched.stdout)
    # resumed right after the checkpoint it left at (Last-Event-ID), with no gap
    first = events[0]["seq"]
    assert [e["seq"] for e in events] == list(range(first, first + len(events)))
    assert events[0]["type"] == "checkpoint_approved"
    assert events[0]["feedback"] == "cheaper oven"
    assert events[-1]["type"] == "complete" and events[-1]["status"] == "completed"


@pytest.mark.timeout(90)
def test_embedded_run_left_mid_iteration_continues_on_attach(tmp_path: Path) -> None:
    slow = {"PLANLOOP_OFFLINE_STEP_DELAY_S": "0.15"}
    child = spawn(tmp_path, "plan", GOAL, "-n", "2", "-c", "2", "--yes", **slow)
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect("Iteration 1 done in")
    child.sendintr()
    child.expect("Detached")
    assert finish(child) == 130
    status = lines(run(tmp_path, "runs", "--json").stdout)[0]["status"]
    assert status == "running"  # saved, not cancelled

    again = spawn(tmp_path, "attach", run_id, **slow)
    again.expect(rf"Attached to run {run_id}")
    again.expect("Iteration 2 done in")
    again.expect("Saved to memory as")
    assert finish(again) == 0


@pytest.mark.timeout(60)
def test_embedded_json_reject_exits_3(tmp_path: Path) -> None:
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--json", answers="y\nreject\ny\n")
    assert done.returncode == 3, done.stderr
    events = lines(done.stdout)
    assert [e["type"] for e in events[-2:]] == ["checkpoint_rejected", "complete"]
    assert events[-1]["status"] == "rejected"


def test_the_proposal_names_memory_notes_by_their_titles(tmp_path: Path) -> None:
    notes = tmp_path / "memory" / "entities"
    notes.mkdir(parents=True)
    (notes / "lisbon-bakery-costs.md").write_text(
        "# Lisbon bakery: rent and ovens\n\ntype: research\n\n"
        "- rent: €2,400 a month for a shop in Alfama, Lisbon\n"
        "- deck oven for the bakery: €12,500\n",
        encoding="utf-8",
    )
    shown = run(tmp_path, "plan", GOAL, answers="n\n")
    text = " ".join(shown.stdout.split())  # the panel wraps its prose
    assert "Memory: Lisbon bakery: rent and ovens" in text, shown.stdout
    assert "“Lisbon bakery: rent and ovens”" in text  # the approach's prose too
    assert "lisbon-bakery-costs" not in text  # the slug is the file's name, not the note's


@pytest.mark.timeout(90)
def test_embedded_revise_says_the_same_checkpoint_waits_again(tmp_path: Path) -> None:
    """A new user's trial: after `decide RUN 1 revise` the run waited at checkpoint 1
    again, and `decide RUN 2 approve` was tried and refused."""
    started = run(tmp_path, "plan", GOAL, "-n", "4", "-c", "2", "--yes", answers="q\n")
    assert started.returncode == 130, started.stdout + started.stderr
    run_id = lines(run(tmp_path, "runs", "--json").stdout)[0]["run_id"]
    revised = run(tmp_path, "decide", run_id, "1", "revise", "--feedback", "cheaper oven")
    assert revised.returncode == 0, revised.stderr
    assert (
        f"Checkpoint 1 waits again, with your changes: planloop decide {run_id} 1 approve"
        in " ".join(revised.stdout.split())
    )
    done = run(tmp_path, "decide", run_id, "1", "approve")
    assert done.returncode == 0 and f"Run {run_id} is completed" in done.stdout, done.stdout
