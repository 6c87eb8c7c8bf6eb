"""Who must not know. Found by a user trial: "Keep drinks under £300 and don't tell Aunt
Sue, she can't keep a secret" at a surprise dinner's checkpoint gave "Won't have: tell aunt
sue" and an item "excluded: left out of every section", and the next actions told
"everyone involved" what the feedback changed."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
DINNER = (
    "Plan a surprise 60th birthday dinner for my mum for 25 guests at a restaurant, about £1,200"
)
SAID = "Keep drinks under £300 and don't tell Aunt Sue, she can't keep a secret."


@pytest.mark.parametrize(
    ("said", "who"),
    [
        (SAID, ["Aunt Sue"]),
        ("Keep it secret from Dad and don't tell my sister.", ["Dad", "My sister"]),
        ("Don't tell the caterer about the cake.", []),  # no person named: left to wishes
    ],
)
def test_who_is_not_to_know_is_read(said: str, who: list[str]) -> None:
    cs = gather(DINNER, START, [Feedback(checkpoint=1, text=said)])
    assert [c.subject for c in cs.exclusions if c.scope == "secret"] == who
    assert not any(c.subject.startswith("tell") for c in cs.exclusions)


async def test_the_plan_is_kept_from_aunt_sue_and_nothing_is_left_out() -> None:
    driven = await drive(DINNER, {1: SAID}, START)
    secs = sections(driven.plan)
    assert "| Kept from | don't tell Aunt Sue | feedback:1 |" in secs["Constraints"]
    assert (
        "- Nobody tells Aunt Sue: say so with every invitation (feedback:1)"
        in (secs["MoSCoW priorities"])
    )
    assert "tell aunt sue" not in driven.plan
    assert "(not Aunt Sue)" in secs["Next actions"]
    assert driven.flags == []


def test_letting_someone_do_something_is_no_secret() -> None:
    cs = gather(DINNER, START, [Feedback(checkpoint=1, text="Don't let Sam do the driving.")])
    assert not [c for c in cs.exclusions if c.scope == "secret"]
    cs = gather(DINNER, START, [Feedback(checkpoint=1, text="Don't let Mum find out.")])
    assert [c.subject for c in cs.exclusions if c.scope == "secret"] == ["Mum"]
