"""`planloop plan --no-memory` and `planloop memory list`: the real command, embedded and
against a real server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.helpers import lines, run
from tests.server import ServerProcess

GOAL = "Open a bakery in Alfama with Ana leading the opening"
ALFAMA = "# Alfama\n\ntype: place\n\nPremises in Alfama, Lisbon.\n\n- rent: EUR 2,400 a month\n"
ANA = "# Ana\n\ntype: person\n\nAna is a baker; she leads the opening.\n"


def write_notes(memory: Path) -> None:
    (memory / "entities").mkdir(parents=True, exist_ok=True)
    (memory / "entities" / "Alfama.md").write_text(ALFAMA, encoding="utf-8")
    (memory / "entities" / "Ana.md").write_text(ANA, encoding="utf-8")


def final_plan(stdout: str) -> dict[str, Any]:
    return next(e for e in lines(stdout) if e["type"] == "final_plan")


def memory_sources(event: dict[str, Any]) -> set[str]:
    return {d["source"] for d in event["data_points"] if d["source"].startswith("memory:")}


@pytest.mark.timeout(90)
def test_no_memory_plans_from_the_goal_alone_and_the_list_shows_titles(tmp_path: Path) -> None:
    write_notes(tmp_path / "memory")
    args = ("plan", GOAL, "-n", "1", "-c", "1", "--json", "--yes")
    bare = run(tmp_path, *args, "--no-memory")
    assert bare.returncode == 0, bare.stderr
    assert memory_sources(final_plan(bare.stdout)) == set()
    grounded = run(tmp_path, *args)
    assert grounded.returncode == 0, grounded.stderr
    assert "memory:Alfama" in memory_sources(final_plan(grounded.stdout))

    listed = run(tmp_path, "memory", "list")
    assert listed.returncode == 0, listed.stderr
    shown = listed.stdout.splitlines()
    plans = [line for line in shown if "(plan: plan_open_a_bakery_in_alfama" in line]
    assert len(plans) == 2 and all(line.startswith(f"{GOAL}  (plan: ") for line in plans)
    assert "Ana  (person: Ana)" in shown
    as_json = run(tmp_path, "memory", "list", "--json", "--type", "plan")
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(rows) == 2 and {r["title"] for r in rows} == {GOAL}
    assert all(r["name"].startswith("plan_") and r["type"] == "plan" for r in rows)
    # a type no note has is said, with the types there are (a new user's trial: "0 note(s)")
    mistyped = run(tmp_path, "memory", "list", "--type", "plans")
    assert mistyped.returncode == 0 and mistyped.stdout == ""
    assert "no note has the type 'plans'; the types here: " in mistyped.stderr
    assert "the types here: person, place, plan\n" in mistyped.stderr


def test_listing_where_there_is_no_memory_says_so_and_creates_none(tmp_path: Path) -> None:
    """A new user's trial: run from another folder, "memory list" said "0 note(s)" and made
    an empty ./memory there."""
    listed = run(tmp_path, "memory", "list")
    assert listed.returncode == 2 and listed.stdout == ""
    assert f"no memory at {tmp_path / 'memory'} (PLANLOOP_MEMORY_DIR)" in listed.stderr
    assert not (tmp_path / "memory").exists()


def test_import_and_export_errors_are_usage_errors_that_name_the_path(tmp_path: Path) -> None:
    """A new user's trial: `memory import` exited 2 for a missing file but 1 for bad JSON,
    and `memory export /nonexistent/dir/m.jsonl` printed "[Errno 2] ..." (exit 1). A file
    or a path that will not do is a usage error (2, as the README's table says), in words
    that name it; nothing is imported or written."""
    good = tmp_path / "good.jsonl"
    good.write_text('{"type":"entity","name":"Ana","entityType":"person","observations":[]}\n')
    assert run(tmp_path, "memory", "import", str(good)).returncode == 0  # makes the memory
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    for given, said in [
        (tmp_path / "missing.jsonl", f"{tmp_path / 'missing.jsonl'}: no such file"),
        (bad, f"{bad}: line 1: not valid JSON"),
        (tmp_path, f"{tmp_path} is a folder, not a file"),
    ]:
        done = run(tmp_path, "memory", "import", str(given))
        assert done.returncode == 2, (given, done.stderr)
        assert said in done.stderr and "nothing was imported" in done.stderr, done.stderr
    piped = run(tmp_path, "memory", "import", "-", answers="{not json\n")
    assert piped.returncode == 2 and "standard input: line 1: not valid JSON" in piped.stderr
    nowhere = tmp_path / "no" / "dir" / "m.jsonl"
    for given, said in [
        (nowhere, f"cannot write {nowhere}: no such folder {nowhere.parent}"),
        (tmp_path, f"cannot write {tmp_path}: it is a folder"),
    ]:
        done = run(tmp_path, "memory", "export", str(given))
        assert done.returncode == 2, (given, done.stderr)
        assert said in done.stderr and "Errno" not in done.stderr, done.stderr
    assert not (tmp_path / "no").exists()
    listed = run(tmp_path, "memory", "list", "--json")
    assert [n["name"] for n in lines(listed.stdout)] == ["Ana"]  # nothing else came in


@pytest.mark.timeout(90)
def test_no_memory_over_http_sends_an_empty_selection(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    server = ServerProcess(tmp_path / "server").start()
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for name, text in (("Alfama", ALFAMA), ("Ana", ANA)):
                made = http.post("/api/memory/entities", json={"name": name, "markdown": text})
                assert made.status_code == 201, made.text
        home = tmp_path / "client"
        home.mkdir()
        args = ("plan", GOAL, "-n", "1", "-c", "1", "--json", "--yes", "--server", server.url)
        bare = run(home, *args, "--no-memory")
        assert bare.returncode == 0, bare.stderr
        assert memory_sources(final_plan(bare.stdout)) == set()
        grounded = run(home, *args)
        assert "memory:Alfama" in memory_sources(final_plan(grounded.stdout))
    finally:
        server.stop()
