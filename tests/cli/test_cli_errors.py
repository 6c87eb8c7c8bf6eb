"""Bad input is a usage error (exit 2) with a clear message; an unreachable server is 1."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from planloop.identity import COOKIE
from tests.cli.helpers import GOAL, lines, run
from tests.server import ServerProcess, free_port

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "   "), "the goal must not be empty"),
        (("plan", "."), "the goal has no words in it"),
        (("plan", GOAL, "--iterations", "0"), "--iterations"),
        (("plan", GOAL, "--checkpoint-every", "many"), "--checkpoint-every"),
        (("decide", "abc", "1", "maybe"), "approve"),
        (("decide", "abc", "0", "approve"), "Invalid value for 'N'"),
        # issue 15 item 12: 2**70 went down to SQLite (OverflowError, a traceback)
        (("decide", "abc", str(2**70), "approve"), "Invalid value for 'N'"),
        (("attach",), "Missing argument 'RUN_ID'"),
        (("frobnicate",), "No such command"),
        (("runs", "--server", "ftp://example"), "--server must be an http"),
        # a bad-input audit: both were Python tracebacks (ValueError: Unknown level)
        (("serve", "--log-level", "loud"), "'loud' is not one of"),
        (("mcp", "--log-level", "LOUD"), "'LOUD' is not one of"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    done = run(tmp_path, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr


def _a_store(home: Path) -> None:
    """The default store with a run in it: what `attach` and `decide` act on embedded."""
    made = run(home, "plan", GOAL, "-n", "1", "--yes", "--json")
    assert made.returncode == 0, made.stderr


def test_unknown_runs_are_named_in_the_error(tmp_path: Path, server: ServerProcess) -> None:
    _a_store(tmp_path)
    for extra in ((), ("--server", server.url)):
        done = run(tmp_path, "attach", "0" * 32, *extra)
        assert done.returncode == 2, done.stderr
        assert f"run {'0' * 32} not found" in done.stderr
        done = run(tmp_path, "decide", "0" * 32, "1", "approve", *extra)
        assert done.returncode == 2 and "not found" in done.stderr


def test_another_sessions_run_is_not_found_for_this_session_and_says_how_to_reach_it(
    tmp_path: Path, server: ServerProcess
) -> None:
    """A new user's trial: a run started with curl was "run … not found" to `planloop show
    --server`, as if it did not exist. The server must not tell whose it is; the CLI says
    it is not found for this session and how a run started elsewhere is reached, in the
    same words for a run that does not exist (nothing leaks), and the way it gives works."""
    with httpx.Client(base_url=server.url, timeout=10) as curl:
        made = curl.post("/api/runs", json={"goal": GOAL, "max_iterations": 1})
        assert made.status_code == 201, made.text
        run_id, cookie = made.json()["run_id"], curl.cookies[COOKIE]
    other = run(tmp_path, "show", run_id, "--server", server.url)
    assert other.returncode == 2, other.stderr
    said = " ".join(other.stderr.split())
    assert f"run {run_id} not found for this session." in said
    assert str(tmp_path / "config" / "planloop" / "cli-session") in said
    assert "PLANLOOP_CLI_SESSION_FILE" in said and "Authorization: Bearer" in said
    missing = run(tmp_path, "show", "f" * 32, "--server", server.url)
    assert missing.returncode == 2
    assert missing.stderr.replace("f" * 32, run_id) == other.stderr  # the same words
    _a_store(tmp_path)
    embedded = run(tmp_path, "attach", run_id)  # its own store: the same explanation
    assert embedded.returncode == 2 and "not found for this session" in embedded.stderr
    # what it says to do: that session's cookie in a file the CLI is pointed at
    (tmp_path / "browser-session").write_text(cookie + "\n")
    reached = run(
        tmp_path, "show", run_id, "--server", server.url,
        PLANLOOP_CLI_SESSION_FILE=str(tmp_path / "browser-session"),
    )  # fmt: skip
    assert reached.returncode == 0, reached.stderr
    assert reached.stdout.startswith(f"> **Goal:** {GOAL}")


def test_a_checkpoint_that_is_not_waiting_is_refused(tmp_path: Path, server: ServerProcess) -> None:
    started = run(tmp_path, "plan", GOAL, "-n", "1", "--yes", "--json", "--server", server.url)
    assert started.returncode == 0, started.stderr
    run_id = lines(started.stdout)[0]["run_id"]
    done = run(tmp_path, "decide", run_id, "1", "approve", "--server", server.url)
    assert done.returncode == 2
    # a one-iteration run has no checkpoint at all, and says so
    assert f"run {run_id} has no checkpoint 1: it has 0" in done.stderr


def test_an_unreachable_server_exits_1(tmp_path: Path) -> None:
    done = run(tmp_path, "runs", "--server", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "cannot reach planloop" in done.stderr


def test_commands_that_read_make_no_database_and_name_the_one_not_there(
    tmp_path: Path,
) -> None:
    """A new user's trial: `PLANLOOP_DATABASE_URL=sqlite:////tmp/x/typo.db planloop runs`
    made typo.db and said "No runs yet" (exit 0), and a folder that did not exist was made
    too. `runs` and `show` only read: a database that is not there is a usage error that
    names it, and nothing is made, nor a memory folder."""
    for db in (tmp_path / "typo.db", tmp_path / "no" / "such" / "typo.db"):
        for command in (("runs",), ("show", "abcd1234"), ("runs", "--json")):
            done = run(tmp_path, *command, PLANLOOP_DATABASE_URL=f"sqlite:///{db}")
            assert done.returncode == 2, (command, done.stdout, done.stderr)
            assert f"no planloop database at {db}" in done.stderr and done.stdout == ""
            assert not db.exists() and not (tmp_path / "no").exists()
    said = run(tmp_path, "runs", PLANLOOP_DATABASE_URL=f"sqlite:///{db}").stderr
    assert f"nor its folder {db.parent}" in said and "PLANLOOP_DATABASE_URL" in said
    assert not (tmp_path / "memory").exists()
    # the default store, before any plan: said as well, with how one is made
    fresh = run(tmp_path, "runs")
    assert fresh.returncode == 2 and 'planloop plan "GOAL" makes the database' in fresh.stderr
    assert not (tmp_path / "planloop.db").exists()


def test_commands_on_a_run_make_no_database(tmp_path: Path) -> None:
    """`attach`, `decide` and `fork` act on a run that must be in the database already:
    given a path with none there (a typo), they made an empty database and its memory
    folder, then said the run was not found. Now they name the path and make nothing."""
    db = tmp_path / "typo.db"
    for command in (
        ("attach", "abcd1234"),
        ("decide", "abcd1234", "1", "approve"),
        ("fork", "abcd1234", "--from-iteration", "1"),
    ):
        done = run(tmp_path, *command, PLANLOOP_DATABASE_URL=f"sqlite:///{db}")
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert f"no planloop database at {db}" in done.stderr, command
        assert "a command on runs already there makes none" in done.stderr
        assert not db.exists() and not (tmp_path / "memory").exists()


def test_commands_that_read_make_no_memory_folder(tmp_path: Path) -> None:
    """Reading runs beside a memory folder that is not there (the server's is elsewhere)
    made an empty one where the command was run; it reads as empty and is not made."""
    made = run(tmp_path, "plan", GOAL, "-n", "1", "--yes", "--json")
    assert made.returncode == 0, made.stderr
    run_id = lines(made.stdout)[-1]["run_id"]
    elsewhere = str(tmp_path / "elsewhere")
    listed = run(tmp_path, "runs", "--json", PLANLOOP_MEMORY_DIR=elsewhere)
    assert listed.returncode == 0, listed.stderr
    assert [r["run_id"] for r in lines(listed.stdout)] == [run_id]
    shown = run(tmp_path, "show", run_id, PLANLOOP_MEMORY_DIR=elsewhere)
    assert shown.returncode == 0 and shown.stdout.startswith(f"> **Goal:** {GOAL}")
    assert not (tmp_path / "elsewhere").exists()


def test_runs_without_any(tmp_path: Path) -> None:
    declined = run(tmp_path, "plan", GOAL, answers="n\n")  # makes the database, no run
    assert declined.returncode == 3, declined.stderr
    done = run(tmp_path, "runs")
    assert done.returncode == 0, done.stderr
    assert "No runs yet" in done.stdout


@pytest.mark.parametrize("command", [("memory", "list"), ("memory", "export", "-")])
def test_a_vault_that_is_not_a_folder_is_refused_and_never_made(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A bad-input audit: ``--vault /nonexistent/vault`` made that folder and an empty
    memory in it (exit 0), and a file as the vault was a traceback."""
    missing = tmp_path / "no" / "vault"
    done = run(tmp_path, *command, "--vault", str(missing))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "no such folder" in done.stderr
    assert not (tmp_path / "no").exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a vault")
    done = run(tmp_path, *command, "--vault", str(a_file))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "not a folder" in done.stderr and "Traceback" not in done.stderr
    assert a_file.read_text() == "not a vault"
    # a folder that is there but holds no memory: reading it made one in it ("0 note(s)")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run(tmp_path, *command, "--vault", str(empty))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"--vault {empty}: no planloop memory there" in done.stderr
    assert list(empty.iterdir()) == []


def test_a_goal_that_is_not_utf8_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    """Found as a user: bytes that are not UTF-8 in the goal (the terminal passes them as
    lone surrogates) printed the proposal, then a 150-line traceback."""
    goal = "party \udced\udca0\udc80 here"  # the bytes ED A0 80 on the command line
    done = run(tmp_path, "plan", goal, "-n", "2", "--yes")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "goal is not valid text: it holds bytes that are not UTF-8" in done.stderr
    assert "Traceback" not in done.stderr and "Proposal" not in done.stdout
    listed = run(tmp_path, "runs", "--json")
    assert listed.returncode == 0 and lines(listed.stdout) == [], listed.stdout


def test_a_run_that_would_never_stop_for_a_review_is_said_so(tmp_path: Path) -> None:
    """A new user's trial: `-c 5 -n 2` ran to the end with no checkpoint and no word of it."""
    done = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "5", "--yes")
    assert done.returncode == 0, done.stderr
    assert "--checkpoint-every 5 is more than --iterations 2" in done.stderr
    reviewed = run(tmp_path, "plan", GOAL, "-n", "2", "-c", "1", "--yes", answers="a\n")
    assert "will not stop for a review" not in reviewed.stderr


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("sqlite://", "not a sqlite URL: 'sqlite://': use sqlite:///path/to/planloop.db"),
        ("sqlite:///x.db?foo=1", "unsupported sqlite URL options: 'foo=1'"),
        ("sqlite:///:memory:", "no planloop database at :memory:"),
    ],
)
def test_a_database_url_that_names_no_file_is_said_not_a_traceback(
    tmp_path: Path, url: str, said: str
) -> None:
    """Found as a user: PLANLOOP_DATABASE_URL=sqlite:// (and :memory:) with `runs` or
    `decide` printed a traceback ("ValueError: not a sqlite URL", "no such table")."""
    for command in (("runs",), ("decide", "abcd1234", "1", "approve")):
        done = run(tmp_path, *command, PLANLOOP_DATABASE_URL=url)
        assert done.returncode == 2, (url, command, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr


def test_an_empty_file_is_no_database_and_stays_empty(tmp_path: Path) -> None:
    """Found as a user: `planloop runs` on a 0-byte file wrote the schema (118 KB) into it."""
    empty = tmp_path / "empty.db"
    empty.touch()
    done = run(tmp_path, "runs", PLANLOOP_DATABASE_URL=f"sqlite:///{empty}")
    assert done.returncode == 2 and f"no planloop database at {empty}" in done.stderr
    assert empty.stat().st_size == 0
