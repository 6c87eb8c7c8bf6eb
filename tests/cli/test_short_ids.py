"""Which run a typed id means (``planloop.cli.flow.whole_run_id``): the cases a real store
cannot be made to show on demand, such as two ids with the same start."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from planloop.cli.client import EXIT_USAGE, CliError
from planloop.cli.flow import whole_run_id

IDS = ["ab120" + "0" * 27, "ab121" + "1" * 27, "cd000" + "2" * 27]


class Listed:
    """What ``whole_run_id`` asks of a backend: this client's newest runs."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    async def list_runs(self, limit: int) -> list[dict[str, Any]]:
        self.asked.append(limit)
        return [{"run_id": run_id} for run_id in IDS]


def whole(given: str) -> tuple[str, list[int]]:
    backend = Listed()
    return asyncio.run(whole_run_id(backend, given)), backend.asked  # type: ignore[arg-type]


def test_one_runs_start_is_that_run() -> None:
    assert whole("ab120") == (IDS[0], [500])
    assert whole(" CD00022 ") == (IDS[2], [500])


def test_a_whole_id_or_what_is_not_an_ids_start_goes_as_typed_without_a_lookup() -> None:
    assert whole(IDS[1]) == (IDS[1], [])
    for typed in ("nope", "ab12-", IDS[0] + "0"):
        assert whole(typed) == (typed, [])


def test_fewer_than_four_characters_are_too_short_to_look_for() -> None:
    with pytest.raises(CliError) as refused:
        whole("ab1")
    assert refused.value.exit_code == EXIT_USAGE
    assert "too short" in str(refused.value)


def test_no_run_starts_so_the_backend_says_not_found() -> None:
    assert whole("ef00") == ("ef00", [500])


def test_the_start_of_two_runs_ids_is_refused_naming_both() -> None:
    with pytest.raises(CliError) as refused:
        whole("AB12")
    assert refused.value.exit_code == EXIT_USAGE
    assert str(refused.value) == (
        "AB12 starts the ids of 2 runs (ab1200…, ab1211…): type more of it"
    )
