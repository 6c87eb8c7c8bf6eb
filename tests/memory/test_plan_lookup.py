"""Saving a plan to a folder that holds many: the run's note is looked up, not searched for
by reading every plan saved before it (issue 19)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planloop.memory import Vault

GOAL = "Open a bakery in Lisbon with a budget of $40,000"
PLAN = "### Plan\n\n1. Find premises.\n"


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    v = Vault(tmp_path / "memory")
    yield v
    v.close()


def _run(n: int) -> str:
    return f"{n:08x}" + "c" * 24


def _fill(vault: Vault, plans: int) -> list[str]:
    return [
        vault.save_plan(run_id=_run(n), goal=GOAL, plan=PLAN, facts={"budget": "$40,000"})
        for n in range(plans)
    ]


def _count_reads(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = vault.read_versioned

    def counted(name: str) -> tuple[str, str]:
        read.append(name)
        return original(name)

    monkeypatch.setattr(vault, "read_versioned", counted)
    return read


def test_saving_a_plan_reads_no_earlier_plan(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(vault, 40)
    read = _count_reads(vault, monkeypatch)
    vault.save_plan(run_id=_run(40), goal=GOAL, plan=PLAN, facts={})
    assert read == []


def test_saving_a_plan_again_finds_its_note_by_reading_it_alone(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _fill(vault, 40)
    read = _count_reads(vault, monkeypatch)
    assert vault.find_by_run(_run(7)) == names[7]
    assert (
        vault.save_plan(run_id=_run(7), goal=GOAL, plan=PLAN + "2. Hire.\n", facts={}) == names[7]
    )
    assert set(read) == {names[7]}
    assert "2. Hire." in vault.read(names[7])


def test_a_renamed_plan_note_is_still_the_runs(vault: Vault) -> None:
    names = _fill(vault, 5)
    folder = vault.entities_dir
    os.rename(folder / f"{names[2]}.md", folder / "plan_the_bakery_we_chose.md")
    assert vault.find_by_run(_run(2)) == "plan_the_bakery_we_chose"
    again = vault.save_plan(run_id=_run(2), goal=GOAL, plan=PLAN, facts={})
    assert again == "plan_the_bakery_we_chose"
    assert not (folder / f"{names[2]}.md").exists()


def test_run_ids_without_letters_or_digits_are_still_found(vault: Vault) -> None:
    name = vault.save_plan(run_id="x-1", goal=GOAL, plan=PLAN, facts={})
    other = vault.save_plan(run_id="x 1", goal=GOAL, plan=PLAN, facts={})
    assert name != other
    assert vault.find_by_run("x-1") == name
    assert vault.find_by_run("x 1") == other
    assert vault.find_by_run("x") is None
