"""A language level the plan's hours fall well short of (found by a new user's trial: B1
Spanish from scratch in about 120 hours got no warning)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.levels import hours_to_level
from tests.quality.drive import drive


@pytest.mark.parametrize(
    ("goal", "said"),
    [
        ("Reach B1 Spanish by September 2027, studying 3 hours a week from scratch",
         ("B1", "scratch", 350, 400)),
        ("Get to B2 French from A2 by June 2028", ("B2", "A2", 320, 400)),
        ("Pass the DELE B2 Spanish exam in May 2027; I'm B1 now", ("B2", "B1", 150, 200)),
        ("Reach B1 Spanish by September 2027", None),  # where it starts is not said
        ("Reach A2 German by June; I'm B1 already", None),  # there already
    ],
)  # fmt: skip
def test_the_hours_a_level_usually_takes(goal: str, said: tuple[str, str, int, int] | None) -> None:
    assert hours_to_level(goal) == said


async def test_too_few_hours_for_the_level_is_the_first_risk() -> None:
    run = await drive("Reach B1 Spanish by September 2027, studying 3 hours a week from scratch")
    risks = sections(run.plan)["Risk register"]
    assert (
        "| R1 | 132 hours are well short of what B1 usually takes | B1 from scratch: 350-400"
        " guided hours, as usually quoted | High | High | Raise the weekly time towards 8 hours,"
        in risks
    )
    assert run.flags == []


async def test_enough_hours_raise_no_such_risk() -> None:
    run = await drive("Reach B1 Spanish by September 2027, studying 9 hours a week from scratch")
    assert "usually takes" not in run.plan
