"""`planloop show` and `planloop runs` as a person types them (issue 18, item 3): the plan
in every format, to the terminal, a pipe or a file, embedded and against a server; runs
filtered by status and words, with readable titles."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.calendars import check_calendar, check_csv
from tests.cli.helpers import GOAL, finish, lines, run, spawn
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)
FILE_STEM = "open-a-bakery-in-lisbon-with-a-budget-of-40-000-within-6"


def finished(home: Path, goal: str = GOAL, *server: str) -> str:
    done = run(home, "plan", goal, "-n", "2", "-c", "2", "-y", "--json", *server)
    assert done.returncode == 0, done.stderr
    return str(lines(done.stdout)[-1]["run_id"])


def test_show_prints_writes_and_names_each_format(tmp_path: Path) -> None:
    run_id = finished(tmp_path)
    md = run(tmp_path, "show", run_id)  # piped: the file's exact text
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith(
        f"> **Goal:** {GOAL}\\\n> **Status:** final plan, after iteration 2"
    )
    body = json.loads(run(tmp_path, "show", run_id, "--format", "json").stdout)
    assert body["run_id"] == run_id and body["milestones"]
    out = tmp_path / "exports"
    out.mkdir()
    written = run(tmp_path, "show", run_id, "-f", "ics", "-o", str(out))
    assert written.returncode == 0, written.stderr
    ics = out / f"{FILE_STEM}.ics"
    assert f"wrote {ics}" in written.stderr
    check_calendar(ics.read_text(), body)
    named = tmp_path / "tasks.csv"
    assert run(tmp_path, "show", run_id, "-f", "csv", "-o", str(named)).returncode == 0
    check_csv(named.read_text(), body)
    first = run(tmp_path, "show", run_id, "-f", "html", "--iteration", "1")
    assert "This is a partial plan" in first.stdout and first.stdout.startswith("<!doctype html>")


def test_each_json_option_says_what_it_prints_and_prints_it(tmp_path: Path) -> None:
    """A new user's trial: every --json was "Print the raw event stream as JSON lines", but
    `show --json` printed Markdown, and `runs` and `decide` print runs and an answer."""
    said = {
        "plan": "Print the run's events as JSON lines",
        "attach": "Print the run's events as JSON lines",
        "fork": "Print the new run as one JSON object",
        "runs": "Print each run as one JSON object a line",
        "decide": "Print the decision's answer as one JSON object",
        "show": "Print the plan as JSON",
    }
    for command, words in said.items():
        helped = run(tmp_path, command, "--help", COLUMNS="200")
        assert words in " ".join(helped.stdout.split()), (command, helped.stdout)
    run_id = finished(tmp_path)
    shown_json = run(tmp_path, "show", run_id, "--json")
    assert shown_json.returncode == 0, shown_json.stderr
    assert shown_json.stdout == run(tmp_path, "show", run_id, "-f", "json").stdout
    assert json.loads(shown_json.stdout)["run_id"] == run_id
    both = run(tmp_path, "show", run_id, "--json", "-f", "md")
    assert both.returncode == 2 and "cannot be --format md" in both.stderr
    listed = lines(run(tmp_path, "runs", "--json").stdout)
    assert [r["run_id"] for r in listed] == [run_id] and listed[0]["status"] == "completed"
    parked = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "-y", "--json")
    assert parked.returncode == 130, parked.stderr  # no answer: detached at checkpoint 1
    waiting = str(lines(parked.stdout)[0]["run_id"])
    decided = run(tmp_path, "decide", waiting, "1", "approve", "--json")
    assert decided.returncode == 0, decided.stderr
    [answer] = lines(decided.stdout)
    assert answer["run_id"] == waiting and answer["decision"] == "approve"


def test_a_files_extension_says_its_format(tmp_path: Path) -> None:
    """Found as a user: ``-o plan.ics`` wrote Markdown (the format came only from -f), and
    a calendar app refused the file."""
    run_id = finished(tmp_path)
    for name in ("plan.ics", "tasks.CSV", "plan.json", "plan.html"):
        assert run(tmp_path, "show", run_id, "-o", str(tmp_path / name)).returncode == 0
    assert Calendar.from_ical((tmp_path / "plan.ics").read_text()).walk("VEVENT")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "tasks.CSV").read_text())))
    assert rows and "title" in rows[0]
    assert json.loads((tmp_path / "plan.json").read_text())["run_id"] == run_id
    assert (tmp_path / "plan.html").read_text().startswith("<!doctype html>")
    other = run(tmp_path, "show", run_id, "-o", str(tmp_path / "plan.txt"))
    assert other.returncode == 0 and (tmp_path / "plan.txt").read_text().startswith("> **Goal:**")
    # a file named for no format planloop writes (found as a user: Markdown in a .docx)
    docx = run(tmp_path, "show", run_id, "-o", str(tmp_path / "plan.docx"))
    said = " ".join(re.sub(r"[│╭╮╰╯─]", " ", docx.stderr).split())  # the panel unwrapped
    assert docx.returncode == 2 and "does not write .docx files" in said, docx.stderr
    assert not (tmp_path / "plan.docx").exists()
    mixed = run(tmp_path, "show", run_id, "-f", "md", "-o", str(tmp_path / "x.ics"))
    assert mixed.returncode == 2 and ".ics" in mixed.stderr and "--format is md" in mixed.stderr
    assert not (tmp_path / "x.ics").exists()


def test_show_in_a_terminal_renders_the_plan(tmp_path: Path) -> None:
    run_id = finished(tmp_path)
    child = spawn(tmp_path, "show", run_id)
    child.expect("Goal:")
    child.expect("Milestones")
    assert finish(child) == 0


def test_show_refuses_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    run_id = finished(tmp_path)
    bad = run(tmp_path, "show", run_id, "--format", "pdf")
    assert bad.returncode == 2 and "pdf" in bad.stderr
    missing = run(tmp_path, "show", "no-such-run")
    assert missing.returncode == 2 and "no-such-run" in missing.stderr
    late = run(tmp_path, "show", run_id, "--iteration", "7")
    assert late.returncode == 2 and "iteration" in late.stderr
    nowhere = run(tmp_path, "show", run_id, "-o", str(tmp_path / "absent" / "plan.md"))
    assert nowhere.returncode == 2 and "not a folder" in nowhere.stderr
    assert not (tmp_path / "absent").exists()
    # "-o absent/" asks for a folder: no file named "absent" (found by a new user's trial)
    into = run(tmp_path, "show", run_id, "-f", "ics", "-o", f"{tmp_path / 'absent'}/")
    assert into.returncode == 2 and "no such folder" in into.stderr
    assert not (tmp_path / "absent").exists()


def test_show_against_a_server(tmp_path: Path, server: ServerProcess) -> None:
    run_id = finished(tmp_path, GOAL, "--server", server.url)
    out = tmp_path / "plan.ics"
    done = run(tmp_path, "show", run_id, "-f", "ics", "-o", str(out), "--server", server.url)
    assert done.returncode == 0, done.stderr
    assert Calendar.from_ical(out.read_text()).walk("VEVENT")
    md = run(tmp_path, "show", run_id, "--server", server.url)
    assert md.stdout.startswith(f"> **Goal:** {GOAL}")
    bad = run(tmp_path, "show", run_id, "-f", "json", "-i", "9", "--server", server.url)
    assert bad.returncode == 2 and "iteration" in bad.stderr


def test_runs_are_filtered_and_titled(tmp_path: Path) -> None:
    long_goal = "Train for a marathon in 16 weeks\nwith three runs a week and one long run"
    finished(tmp_path)
    finished(tmp_path, long_goal)
    listed = run(tmp_path, "runs")
    assert listed.returncode == 0, listed.stderr
    assert "Train for a marathon in 16 weeks" in listed.stdout
    assert "with three runs" not in listed.stdout  # the first line is the title
    marathon = run(tmp_path, "runs", "--search", "MARATHON weeks", "--json")
    assert [r["goal"] for r in lines(marathon.stdout)] == [long_goal]
    done = run(tmp_path, "runs", "--status", "completed", "--json")
    assert len(lines(done.stdout)) == 2
    none = run(tmp_path, "runs", "--status", "failed")
    assert none.returncode == 0 and "No runs match." in none.stdout
    bad = run(tmp_path, "runs", "--status", "finished")
    assert bad.returncode == 2


def test_runs_fit_the_terminal_one_run_a_line_or_two(tmp_path: Path) -> None:
    """In 80 columns the plan column had wrapped each title into single words beside the
    rest (found as a user); a run now takes one line, or two when the terminal is narrow,
    and no line is wider than the terminal."""
    run_id = finished(tmp_path)
    forked = run(tmp_path, "fork", run_id[:8], "-i", "1", "--no-follow", "--json")
    assert forked.returncode == 0, forked.stderr
    fork_id = str(lines(forked.stdout)[0]["run_id"])
    for columns in (60, 80, 109):
        listed = run(tmp_path, "runs", COLUMNS=str(columns))
        assert listed.returncode == 0, listed.stderr
        rows = listed.stdout.splitlines()
        assert all(len(row) <= columns for row in rows), (columns, listed.stdout)
        assert rows[0].split()[:3] == ["run", "status", "iteration"], listed.stdout
        # each run: its id whole on a line, its title under it, a fork's parent whole
        assert rows[1].startswith(fork_id) and rows[3].startswith(run_id), listed.stdout
        assert rows[2].startswith("  Open a bakery") and rows[2].endswith(
            f"(from {run_id[:8]} @ 1)"
        )
        assert rows[4].startswith("  Open a bakery in Lisbon")
    wide = run(tmp_path, "runs", COLUMNS="120")
    rows = wide.stdout.splitlines()
    assert rows[0].split() == ["run", "status", "iteration", "updated", "plan"]
    assert len(rows) == 3 and all(len(row) <= 120 for row in rows), wide.stdout
    assert rows[2].startswith(run_id) and "Open a bakery in Lisbon" in rows[2], wide.stdout
    assert rows[1].startswith(fork_id) and rows[1].endswith(f"(from {run_id[:8]} @ 1)")


@pytest.mark.parametrize("against", ["embedded", "server"])
def test_a_run_is_found_by_the_start_of_its_id(
    tmp_path: Path, against: str, request: pytest.FixtureRequest
) -> None:
    """show, attach, decide and fork take the first characters of a run's id (as `runs`
    shows a fork's parent); anything else is not found, and nothing changes."""
    if against == "server":
        server: ServerProcess = request.getfixturevalue("server")
        where: tuple[str, ...] = ("--server", server.url)
    else:
        where = ()
    run_id = finished(tmp_path, GOAL, *where)
    shown_plan = run(tmp_path, "show", run_id[:6], "-f", "json", *where)
    assert shown_plan.returncode == 0, shown_plan.stderr
    assert json.loads(shown_plan.stdout)["run_id"] == run_id
    attached = run(tmp_path, "attach", run_id[:10].upper(), "--json", *where)
    assert attached.returncode == 0, attached.stderr
    assert lines(attached.stdout)[-1]["type"] == "complete"
    refused = run(tmp_path, "decide", run_id[:8], "1", "approve", *where)
    assert refused.returncode == 2 and run_id in refused.stderr, refused.stderr
    wrong = "0000" if not run_id.startswith("0000") else "ffff"
    missing = run(tmp_path, "show", wrong, *where)
    assert missing.returncode == 2, missing.stderr
    assert missing.stderr.startswith(f"error: run {wrong} not found for this session.\n")
    short = run(tmp_path, "show", run_id[:3], *where)  # it had said "not found"
    assert short.returncode == 2, short.stderr
    assert short.stderr == (
        f"error: {run_id[:3]} is too short: give a run's id, or four or more of its first"
        " characters\n"
    )
    before = run(tmp_path, "runs", "--json", *where).stdout
    assert run(tmp_path, "fork", run_id[:3], "-i", "1", "--no-follow", *where).returncode == 2
    assert run(tmp_path, "runs", "--json", *where).stdout == before


def test_runs_waiting_are_those_at_a_checkpoint(tmp_path: Path) -> None:
    """Found by a new user's trial: `runs --status waiting` was refused; the table says a run
    at a checkpoint is "awaiting approval", and "waiting" is what a person types."""
    finished(tmp_path)
    parked = run(tmp_path, "plan", GOAL, "-n", "4", "-c", "2", "-y")
    assert parked.returncode == 130, parked.stderr  # no answer: detached at checkpoint 1
    waiting = run(tmp_path, "runs", "--status", "waiting", "--json")
    assert waiting.returncode == 0, waiting.stderr
    assert [r["status"] for r in lines(waiting.stdout)] == ["awaiting_approval"]
