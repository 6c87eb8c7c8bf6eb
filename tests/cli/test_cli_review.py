"""Issue 16, item 9 in the terminal: at a checkpoint `v` shows the plan, `d` what changed
(the unified diff), `x` gives it more time, `r` requests changes, `e` edits the plan in
$EDITOR; `planloop fork RUN --from-iteration K` continues from any iteration — against a
server and embedded. $EDITOR is a small script that appends a section to the file."""

from __future__ import annotations

import re
import stat
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from planloop.identity import COOKIE
from tests.cli.helpers import GOAL, finish, lines, run, spawn
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

QUESTION = r"Checkpoint 1: \[A\]pprove, \[f\]eedback, \[r\]equest changes, \[e\]dit, \[v\]iew"


def editor(home: Path) -> str:
    """An $EDITOR that adds a section of the person's own to the plan it is given."""
    script = home / "add-section.sh"
    script.write_text(
        "#!/bin/sh\nprintf '\\n## Opening party\\n\\nInvite the whole street.\\n' >> \"$1\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_view_diff_extend_revise_and_edit_at_a_checkpoint(
    tmp_path: Path, server: ServerProcess
) -> None:
    child = spawn(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "4",
        "-c",
        "2",
        "--yes",
        "--server",
        server.url,
        EDITOR=editor(tmp_path),
    )
    child.expect(r"Run (\w{32}) started")
    run_id = child.match.group(1)
    child.expect(r"Changes:.*Added \(\d+\)")  # the checkpoint's panel says what changed
    child.expect(QUESTION)
    child.sendline("v")
    child.expect("Plan at checkpoint 1")
    child.expect("Plan: Open a bakery")
    child.expect(QUESTION)
    child.sendline("d")
    child.expect(r"Added \(\d+\)")
    child.expect(r"\+# Plan: Open a bakery")
    child.expect(QUESTION)
    child.sendline("x")
    child.expect(r"More time, in minutes \[60\]:")
    child.sendline("90")
    # a time a person reads, not the event's "2026-12-04T19:28:06.678474Z"
    child.expect(r"Checkpoint 1 now waits until \d{4}-\d\d-\d\d \d\d:\d\d UTC")
    child.expect(QUESTION)
    child.sendline("r")
    child.expect(r"What should change\? \(required\)")
    child.sendline("Hire 3 bakers")
    # a first checkpoint's iterations run again from the start, said so (not "after 0")
    child.expect(r"Checkpoint 1: changes requested.*the iterations run again\s+from the start")
    child.expect("Iteration 2 done in")
    child.expect(QUESTION)  # back at checkpoint 1 (revision 2)
    child.sendline("e")
    child.expect(r"Feedback with your edit \(optional, Enter for none\):")
    child.sendline("")
    child.expect("Your edited plan is the plan now")
    child.expect(r"yours: Opening party")
    child.expect("Final plan")
    child.expect("Opening party")
    assert finish(child) == 0
    detail = run(tmp_path, "runs", "--json", "--server", server.url)
    assert any(r["run_id"] == run_id and r["status"] == "completed" for r in lines(detail.stdout))


def test_request_changes_needs_feedback_and_unknown_answers_ask_again(
    tmp_path: Path, server: ServerProcess
) -> None:
    done = run(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "2",
        "-c",
        "1",
        "--yes",
        "--server",
        server.url,
        answers="r\n\nwhat\nj\ny\n",
    )
    assert done.returncode == 3, done.stderr
    assert "Request changes needs feedback" in done.stdout
    assert "Answer a, f, r, e, v, d, x, j or q." in done.stdout


@pytest.mark.parametrize("where", ["server", "embedded"])
def test_fork_continues_from_an_iteration(
    tmp_path: Path, server: ServerProcess, where: str
) -> None:
    target = ["--server", server.url] if where == "server" else []
    first = run(tmp_path, "plan", GOAL, "-n", "3", "-c", "5", "--yes", "--json", *target)
    assert first.returncode == 0, first.stderr
    parent = lines(first.stdout)[0]["run_id"]
    forked = run(
        tmp_path,
        "fork",
        parent,
        "--from-iteration",
        "1",
        "--feedback",
        "Make it a food truck",
        "--json",
        *target,
    )
    assert forked.returncode == 0, forked.stderr
    out = lines(forked.stdout)
    assert out[0]["parent_run_id"] == parent and out[0]["from_iteration"] == 1
    child = out[0]["run_id"]
    assert out[-1]["type"] == "complete" and out[-1]["status"] == "completed"
    listed = {r["run_id"]: r for r in lines(run(tmp_path, "runs", "--json", *target).stdout)}
    assert listed[child]["parent_run_id"] == parent
    assert listed[parent]["status"] == "completed"
    missing = run(tmp_path, "fork", parent, "--from-iteration", "9", *target)
    assert missing.returncode == 2
    assert "iteration" in missing.stderr


def said(done: object) -> str:
    """A command's standard error as one line, Typer's error panel unwrapped."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", str(getattr(done, "stderr", ""))).split())


def test_fork_help_shows_the_ranges_it_takes(tmp_path: Path) -> None:
    """A new user's trial: `fork --help` showed `-i [0<=x<=50]`, and -i 0 was refused."""
    shown = run(tmp_path, "fork", "--help", COLUMNS="100")
    assert shown.returncode == 0, shown.stderr
    assert "[1<=x<=49]" in shown.stdout and "[2<=x<=50]" in shown.stdout
    assert "[0<=x<=50]" not in shown.stdout


@pytest.mark.parametrize("where", ["server", "embedded"])
def test_fork_errors_name_the_options_typed(
    tmp_path: Path, server: ServerProcess, where: str
) -> None:
    """A new user's trial: `fork -i 0` was refused as "from_iteration: Input should be
    greater than or equal to 1" and `fork -n 1` named "max_iterations", the API's fields.
    Each error names the option typed, and nothing is started."""
    target = ["--server", server.url] if where == "server" else []
    first = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "5", "--yes", "--json", *target)
    assert first.returncode == 0, first.stderr
    parent = lines(first.stdout)[0]["run_id"]
    before = run(tmp_path, "runs", "--json", *target).stdout
    for args, option in [
        (("-i", "0"), "'--from-iteration'"),
        (("-i", "1", "-n", "1"), "'--iterations'"),
        (("-i", "2", "-n", "2"), "--iterations 2 must be more than --from-iteration 2"),
        # the run's own count when -n is not given: nothing is left after its last
        (("-i", "2"), "give --iterations more than 2"),
    ]:
        done = run(tmp_path, "fork", parent, *args, "--no-follow", *target)
        assert done.returncode == 2, (args, done.stderr)
        assert option in said(done), (args, done.stderr)
        assert "max_iterations" not in done.stderr and "from_iteration" not in done.stderr
    assert run(tmp_path, "runs", "--json", *target).stdout == before  # nothing started
    took = run(tmp_path, "fork", parent, "-i", "2", "-n", "3", "--no-follow", *target)
    assert took.returncode == 0, took.stderr  # what the error said to do


def test_decide_revise_needs_feedback_and_edit_a_plan_file(
    tmp_path: Path, server: ServerProcess
) -> None:
    started = run(
        tmp_path,
        "plan",
        GOAL,
        "-n",
        "2",
        "-c",
        "1",
        "--yes",
        "--json",
        "--server",
        server.url,
        answers="q\n",
    )
    assert started.returncode == 130, started.stderr
    run_id = lines(started.stdout)[0]["run_id"]
    no_feedback = run(tmp_path, "decide", run_id, "1", "revise", "--server", server.url)
    assert no_feedback.returncode == 2 and "revise needs --feedback" in no_feedback.stderr
    plan = tmp_path / "mine.md"
    plan.write_text("# Plan: my bakery\n\n## Opening party\n\nInvite the street.\n")
    not_edit = run(
        tmp_path, "decide", run_id, "1", "approve", "--plan-file", str(plan), "--server", server.url
    )
    assert not_edit.returncode == 2 and "--plan-file is only for edit" in not_edit.stderr
    empty = tmp_path / "empty.md"
    empty.write_text("  \n")
    blank = run(
        tmp_path, "decide", run_id, "1", "edit", "--plan-file", str(empty), "--server", server.url
    )
    assert blank.returncode == 2 and f"--plan-file {empty} is empty" in blank.stderr
    edited = run(
        tmp_path, "decide", run_id, "1", "edit", "--plan-file", str(plan), "--server", server.url
    )
    assert edited.returncode == 0, edited.stderr
    assert "approved with your edited plan" in edited.stdout


def test_view_and_diff_embedded(tmp_path: Path) -> None:
    """No server: the engine in this process answers v and d the same way."""
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", answers="v\nd\na\n")
    assert done.returncode == 0, done.stderr
    assert "Plan at checkpoint 1" in done.stdout
    assert "+# Plan: Open a bakery" in done.stdout
    assert "Run completed." in done.stdout


def test_piped_answers_are_shown_after_their_questions(tmp_path: Path) -> None:
    """Answers from a pipe are not echoed by a terminal: each question had run into the
    next output ("Start this plan? [Y/n] Run … started."). Each answer now follows its
    question on the transcript, as typing it would have shown."""
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", answers="y\nr\ncheaper oven\na\n")
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())  # the prompts wrap at the terminal's width
    assert "Start this plan? [Y/n] y Run " in out
    assert "re[j]ect, [q]uit? r What should change? (required) cheaper oven Checkpoint 1:" in out
    assert "re[j]ect, [q]uit? a Checkpoint 1 approved" in out
    as_json = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--json", answers="y\nj\ny\n")
    assert as_json.returncode == 3, as_json.stderr
    assert "[q]uit? j\n" in as_json.stderr  # the questions and answers go to stderr there
    assert all(line.startswith("{") for line in as_json.stdout.splitlines())


def test_the_checkpoint_says_its_key_discovery_once(tmp_path: Path) -> None:
    """The panel printed the summary's last sentence again as "Key discovery" (found by a
    new user's trial), and at the first checkpoint the top risk "remained"."""
    goal = "Plan a team offsite for 20 people in May 2027"
    done = run(tmp_path, "plan", goal, "-n", "4", "-c", "2", answers="y\na\na\n", COLUMNS="400")
    assert done.returncode == 0, done.stderr
    said = re.findall(r"The top risk is “[^”]+”", done.stdout)
    assert said, done.stdout
    assert "Key discovery" not in done.stdout
    assert "remains" not in done.stdout


def test_plans_help_says_how_to_answer_a_checkpoint(tmp_path: Path) -> None:
    """A new user's trial: `plan --help` never said how to give feedback at a checkpoint."""
    shown = run(tmp_path, "plan", "--help", COLUMNS="100")
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert "'f more on costs' approves with feedback" in text
    assert "'r drop the venue' asks for changes" in text
    assert "When they run out, the run goes on, detached (exit code 130)." in text


@pytest.mark.timeout(90)
def test_piped_answers_that_run_out_say_so(tmp_path: Path) -> None:
    """A new user's trial: answers that ran out at a checkpoint detached with 130 and
    nothing said why, as a Ctrl-C would."""
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", answers="y\n")
    assert done.returncode == 130, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert "No more answers on standard input." in out and "Detached from run" in out
    assert out.index("No more answers") < out.index("Detached from run")


def test_a_check_that_could_not_read_the_feedback_is_no_plain_tick(tmp_path: Path) -> None:
    """As on the page: "Nothing to check was read from checkpoint 1's feedback" had a ✓,
    which new users took for "applied"."""
    said = "f Keep it cheerful and a bit more relaxed please.\n"
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", answers=said)
    assert done.returncode == 0, done.stderr
    assert "◐ feedback_reflected: Nothing to check was read from checkpoint 1" in done.stdout
    assert "✓ feedback_reflected: Nothing to check" not in done.stdout


def test_more_time_in_the_terminal_counts_from_the_deadline(
    tmp_path: Path, server: ServerProcess
) -> None:
    """Found as a user: "x 30" ("More time, in minutes") moved a deadline an hour away to
    30 minutes away. It now gives 30 minutes more than the deadline as it stands."""
    done = run(
        tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", "--server", server.url,
        answers="x\n30\nq\n",
    )  # fmt: skip
    assert "now waits until" in done.stderr + done.stdout, done.stderr
    run_id = re.search(r"Run (\w{32}) started", done.stderr + done.stdout)
    assert run_id is not None
    token = (tmp_path / "config" / "planloop" / "cli-session").read_text().strip()
    cp = httpx.get(
        f"{server.url}/api/runs/{run_id.group(1)}/checkpoints/1", cookies={COOKIE: token}
    ).json()
    created = datetime.fromisoformat(cp["created_at"])
    deadline = datetime.fromisoformat(cp["deadline"])
    # the server's default deadline is an hour after the checkpoint: now 90 minutes
    assert timedelta(minutes=89) < deadline - created < timedelta(minutes=91), cp


def test_an_editor_that_is_not_there_is_said_and_nothing_is_sent(
    tmp_path: Path, server: ServerProcess
) -> None:
    """Found as a user: EDITOR=nonexistent-editor-xyz, then `e`, ended in a traceback."""
    done = run(
        tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", "--server", server.url,
        answers="e\nq\n", EDITOR="nonexistent-editor-xyz",
    )  # fmt: skip
    said = done.stderr + done.stdout
    assert "Traceback" not in said
    assert "cannot start the editor 'nonexistent-editor-xyz'" in said
    assert "Detached from run" in said  # asked again, and left with q


def test_reject_asks_before_it_ends_the_run(tmp_path: Path, server: ServerProcess) -> None:
    """Found as a user: `j` rejected at once, ending the run on one mistyped key."""
    kept = run(
        tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", "--server", server.url,
        answers="j\nn\nq\n",
    )  # fmt: skip
    said = kept.stderr + kept.stdout
    assert "Reject checkpoint 1 and end the run?" in said and "Not rejected." in said
    assert kept.returncode == 130  # detached with q: the run still waits
