"""Issue 15 item 8: untrusted text reaches the terminal inert.

A scripted model (a real OpenAI-compatible server, :mod:`tests.fakes.openai_server`) answers
with escape sequences in every field the CLI prints — OSC 52 (clipboard write), OSC 8
(hidden link), OSC 0 (window title), ``ESC[2J``, C1 controls, carriage returns, backspaces,
bidi overrides — and with Rich markup (a framework titled ``[/bold]`` crashed ``--json``
with MarkupError). The real ``planloop`` command runs a plan on it, embedded and against a
real server, in a pseudo-terminal (Rich's live view) and with pipes (plain and ``--json``);
the bytes it writes carry none of the hostile sequences, and the text around them, the
markup included, prints literally.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import GOAL, finish, lines, run, spawn
from tests.fakes.openai_server import Answer, ScriptedServer
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

OSC52 = "\x1b]52;c;cHduZWQtY2xpcGJvYXJk\x07"  # base64 "pwned-clipboard"
OSC8 = "\x1b]8;;http://evil.example/hidden\x1b\\innocent link\x1b]8;;\x1b\\"
OSC0 = "\x1b]0;PWNED-TITLE\x07"
CLEAR = "\x1b[2J\x1b[H"
C1 = "\x9b2J\x9d0;C1-TITLE\x9c\x9bH"
TRICKS = "over\rwritten\x08\x08\x1b[8mconcealed\x1b[0m\u202eesrever\u202c\x07"
HOSTILE = OSC52 + OSC8 + OSC0 + CLEAR + C1 + TRICKS
SHOWN = "innocentlinkoverwrittenconcealedesrever"  # what is left of it, without spaces
# Titles and labels are cut at 120 characters by the planner: a shorter mix for them.
SHORT = OSC0 + CLEAR + "\x9d0;C1-TITLE\x9c\u202eesrever\u202c\x07"
SHORT_SHOWN = "esrever"
# What must never reach the terminal: the sequences' payloads and their introducers.
PAYLOADS = ("cHduZWQ", "evil.example/hidden", "PWNED-TITLE", "C1-TITLE")
MARKUP_TITLE = "Costs [/bold] and [red]margins[/red] [link=http://evil.example/m]x[/link]"


CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def hostile(label: str) -> str:
    return f"{label}-START {SHORT if label in SHORT_LABELS else HOSTILE} {label}-END"


SHORT_LABELS = ("FRAMEWORK", "LABEL")


def model_answer() -> str:
    """One JSON object that is a valid proposal, iteration and chat answer at once."""
    frameworks = [
        {"id": "fw-markup", "title": MARKUP_TITLE},
        {"id": "fw-hostile", "title": hostile("FRAMEWORK")},
    ]
    return json.dumps(
        {
            "approach": hostile("APPROACH"),
            "frameworks": frameworks,
            "max_iterations": 2,
            "checkpoint_interval": 1,
            "memory_used": [],
            "frameworks_applied": frameworks,
            "data_points": [
                {"label": hostile("LABEL"), "value": hostile("VALUE"), "source": "model [/b]"}
            ],
            "plan": f"## Scope\n\n{hostile('PLAN')}\n\nSee [the docs](http://example.com/docs).\n",
            "summary": hostile("SUMMARY"),
            "key_finding": hostile("FINDING"),
            "answer": hostile("ANSWER"),
            "sources": [],
        }
    )


MODEL_ENV = {
    "PLANLOOP_PLANNER": "openai",
    "PLANLOOP_MODEL": "test-model",
    "PLANLOOP_MODEL_STAGES": "draft,revise",
}


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    server.always(Answer(model_answer(), chunks=30))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def model_server(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("hostile-model"), OPENAI_BASE_URL=llm.url, **MODEL_ENV
    ).start()
    yield proc
    proc.stop()


def model_env(llm: ScriptedServer) -> dict[str, str]:
    return {"OPENAI_BASE_URL": llm.url, **MODEL_ENV}


def assert_inert(output: str) -> None:
    """No hostile sequence, payload or control character in text a terminal is given."""
    for payload in PAYLOADS:
        assert payload not in output, payload
    bad = re.findall(CONTROLS, output)
    assert bad == [], sorted(set(bad))
    # the text around the sequences is all there, in order, with nothing between (but the
    # line breaks and panel borders where Rich wraps it)
    flat = re.sub(r"[\s│]+", "", output)
    for label in ("APPROACH", "FRAMEWORK", "LABEL", "VALUE", "SUMMARY", "FINDING", "PLAN"):
        middle = SHORT_SHOWN if label in SHORT_LABELS else SHOWN
        expected = f"{label}-START{middle}{label}-END"
        for start in re.finditer(f"{label}-START", flat):
            shown = flat[start.start() : start.start() + len(expected)].partition("…")[0]
            assert expected.startswith(shown), (label, shown)  # "…": cut to fit


def assert_plain_inert(output: str) -> None:
    assert "\x1b" not in output
    assert_inert(output)


def assert_live_inert(output: str) -> None:
    """Rich's own styling and cursor moves are allowed; anything else with an ESC is not."""
    ours = re.compile(r"\x1b\[(?:[0-9;]*m|\?25[lh]|2K|[0-9]*[AG]|\?2004[lh])")
    rest = ours.sub("", output)
    assert "over\r" not in rest  # the model's carriage return (Rich redraws with its own)
    rest = rest.replace("\r", "\n")
    assert "\x1b" not in rest, sorted(set(re.findall(r"\x1b.{0,8}", rest)))
    assert_inert(rest)


def test_json_mode_prints_markup_literally_and_only_printable_json(
    llm: ScriptedServer, tmp_path: Path
) -> None:
    env = model_env(llm)
    as_json = run(tmp_path, "plan", GOAL, "--yes", "--auto-approve", "--json", **env)
    assert as_json.returncode == 0, as_json.stderr  # was: MarkupError on the proposal
    assert MARKUP_TITLE in " ".join(as_json.stderr.split())
    assert_plain_inert(as_json.stderr)
    # stdout is JSON whose text is all printable (the sequences as JSON escapes: inert), and
    # decodes to exactly what the run holds
    assert re.findall(CONTROLS, as_json.stdout.replace("\n", "")) == []
    assert "\\u001b]52;c;cHduZWQ" in as_json.stdout
    events = lines(as_json.stdout)
    applied = next(e for e in events if e["type"] == "iteration_completed")
    titles = [f["title"] for f in applied["frameworks_applied"]]
    assert titles == [MARKUP_TITLE, hostile("FRAMEWORK")]


def test_plain_output_of_an_embedded_plan_is_inert(llm: ScriptedServer, tmp_path: Path) -> None:
    plain = run(tmp_path, "plan", GOAL, "--yes", "--auto-approve", **model_env(llm))
    assert plain.returncode == 0, plain.stderr
    out = plain.stdout + plain.stderr
    assert_plain_inert(out)
    for label in ("APPROACH", "FRAMEWORK", "LABEL", "VALUE", "FINDING", "PLAN"):
        assert f"{label}-START" in out and f"{label}-END" in out, label
    assert MARKUP_TITLE in " ".join(out.split())  # markup prints as the text it is
    assert "the docs (http://example.com/docs)" in out  # a link shows where it goes


def test_the_live_view_in_a_terminal_is_inert(llm: ScriptedServer, tmp_path: Path) -> None:
    child = spawn(tmp_path, "plan", GOAL, "--auto-approve", **model_env(llm))
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect(r"Start this plan\? \[Y/n\]")
    child.sendline("y")
    child.expect("Final plan")
    assert finish(child) == 0
    output = seen.getvalue()
    assert_live_inert(output)
    assert "Costs [/bold] and [red]margins[/red]" in re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "http://example.com/docs" in output


def test_against_a_server_runs_and_errors_are_inert(
    model_server: ServerProcess, tmp_path: Path
) -> None:
    url = model_server.url
    planned = run(tmp_path, "plan", GOAL, "--yes", "--auto-approve", "--server", url)
    assert planned.returncode == 0, planned.stderr
    assert_plain_inert(planned.stdout + planned.stderr)
    assert MARKUP_TITLE in " ".join(planned.stdout.split())

    # a goal with markup and a bidi override (the server refuses control characters in
    # goals), listed back from the server: `planloop runs` crashed on the markup
    goal = "Open a bakery in Lisbon [/bold] \u202eesrever"
    started = run(tmp_path, "plan", goal, "--yes", "--json", "--server", url, answers="q\n")
    assert started.returncode == 130, started.stderr
    listed = run(tmp_path, "runs", "--server", url, COLUMNS="250")
    assert listed.returncode == 0, listed.stderr
    assert_plain_inert(listed.stdout)
    assert "Open a bakery in Lisbon [/bold] esrever" in listed.stdout

    # the server's error message names the (hostile) run id it could not find
    missing = run(tmp_path, "attach", f"nope{OSC52}{CLEAR}x", "--server", url)
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: ") and "nopex" in missing.stderr
    assert_plain_inert(missing.stderr)
