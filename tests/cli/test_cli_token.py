"""The terminal client acts as an API token (PLANLOOP_CLI_TOKEN). Before, it sent only its
own session's cookie: against a server with PLANLOOP_REQUIRE_TOKEN every command said "this
server requires an API token" and nothing could give it one, and a run started over the API
with a token could not be reached from a terminal at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import GOAL, lines, run
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

ALICE, BOB = "alice-token-4f1c2a9e77", "bob-token-0b8d3e51c2"


@pytest.fixture
def token_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server for programs only: every /api/ request needs one of two tokens."""
    (tmp_path / "server").mkdir()
    proc = ServerProcess(
        tmp_path / "server",
        PLANLOOP_API_TOKENS=f"{ALICE},{BOB}",
        PLANLOOP_REQUIRE_TOKEN="true",
    ).start()
    yield proc
    proc.stop()


def test_a_token_server_is_used_with_the_token_and_says_how_without_it(
    tmp_path: Path, token_server: ServerProcess
) -> None:
    url = token_server.url
    refused = run(tmp_path, "runs", "--server", url)
    assert refused.returncode == 2
    assert "this server requires an API token: set PLANLOOP_CLI_TOKEN" in refused.stderr
    wrong = run(tmp_path, "runs", "--server", url, PLANLOOP_CLI_TOKEN="not-a-token-of-its")
    assert wrong.returncode == 2
    assert "the API token is not valid: set PLANLOOP_CLI_TOKEN" in wrong.stderr

    planned = run(
        tmp_path, "plan", GOAL, "--iterations", "2", "--checkpoint-every", "1", "--json",
        "--server", url, answers="y\na\n", PLANLOOP_CLI_TOKEN=ALICE,
    )  # fmt: skip
    assert planned.returncode == 0, planned.stderr
    run_id = lines(planned.stdout)[-1]["run_id"]
    # a run started over the API with the same token is the terminal's too
    over_api = httpx.post(
        f"{url}/api/runs",
        json={"goal": "Run a 10k in under 50 minutes by June", "max_iterations": 1},
        headers={"Authorization": f"Bearer {ALICE}"},
    )
    assert over_api.status_code == 201, over_api.text
    listed = run(tmp_path, "runs", "--json", "--server", url, PLANLOOP_CLI_TOKEN=ALICE)
    assert listed.returncode == 0, listed.stderr
    assert {r["run_id"] for r in lines(listed.stdout)} == {run_id, over_api.json()["run_id"]}

    # another token's terminal sees neither, and is told how such a run is reached
    other = run(tmp_path, "show", run_id, "--server", url, PLANLOOP_CLI_TOKEN=BOB)
    assert other.returncode == 2
    assert "not found for this session" in other.stderr
    assert "set PLANLOOP_CLI_TOKEN to it" in other.stderr
    # it says whose it acts as: the token, not the session file it does not use
    assert "This terminal acts as the API token in PLANLOOP_CLI_TOKEN." in other.stderr
    assert "cli-session" not in other.stderr
    bobs = run(tmp_path, "runs", "--json", "--server", url, PLANLOOP_CLI_TOKEN=BOB)
    assert bobs.returncode == 0 and lines(bobs.stdout) == []


def test_a_token_that_a_header_cannot_carry_is_a_usage_error(tmp_path: Path) -> None:
    """httpx raised a traceback on a token with a newline; the token is checked first."""
    for token in ("two words", "line\nbreak", "caf\u00e9"):
        done = run(tmp_path, "runs", "--server", "http://127.0.0.1:9", PLANLOOP_CLI_TOKEN=token)
        assert done.returncode == 2, (token, done.stderr)
        assert "PLANLOOP_CLI_TOKEN holds a character an HTTP header cannot carry" in done.stderr


def test_an_embedded_run_with_a_token_is_that_token_s_on_a_server(tmp_path: Path) -> None:
    """In embedded mode the token names the owner as a server would, so a run planned in a
    terminal with it is reached over the API with it, and not with the terminal's session."""
    planned = run(
        tmp_path, "plan", GOAL, "--iterations", "1", "--yes", "--json", PLANLOOP_CLI_TOKEN=ALICE
    )
    assert planned.returncode == 0, planned.stderr
    run_id = lines(planned.stdout)[-1]["run_id"]
    mine = run(tmp_path, "runs", "--json")  # the terminal's own session: not its run
    assert mine.returncode == 0 and lines(mine.stdout) == []
    (tmp_path / "server").mkdir()
    server = ServerProcess(
        tmp_path / "server",
        PLANLOOP_DATABASE_URL=f"sqlite:///{tmp_path / 'planloop.db'}",
        PLANLOOP_MEMORY_DIR=str(tmp_path / "memory"),
        PLANLOOP_API_TOKENS=f"{ALICE},{BOB}",
    ).start()
    try:
        for token, expected in ((ALICE, 200), (BOB, 404)):
            got = httpx.get(
                f"{server.url}/api/runs/{run_id}", headers={"Authorization": f"Bearer {token}"}
            )
            assert got.status_code == expected, (token, got.text)
    finally:
        server.stop()


def test_a_token_sent_to_a_server_without_tokens_is_told_to_unset_it(
    tmp_path: Path, server: ServerProcess
) -> None:
    done = run(tmp_path, "runs", "--server", server.url, PLANLOOP_CLI_TOKEN=ALICE)
    assert done.returncode == 2
    assert "this server takes no API tokens: send none (unset PLANLOOP_CLI_TOKEN" in done.stderr
    assert "set PLANLOOP_CLI_TOKEN to one of" not in done.stderr
