"""A budget said for one thing is that line's, in as many words as the thing has (found as a
user: "Budget £250 for the photo booth." at a checkpoint became the whole budget, every
other line £0, and no photo booth)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.extract import gather
from tests.quality.drive import drive

START = date(2026, 12, 7)
PARTY = "Plan a 40th birthday party for 30 guests on 14 March in Manchester, budget £1,500"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Budget £250 for the photo booth.", ("line_cap", "photo booth")),
        ("A budget of £250 for the photo booth.", ("line_cap", "photo booth")),
        ("Budget £300 for a DJ.", ("line_cap", "dj")),
        ("budget £200 for lessons", ("line_cap", "lessons")),
        # the whole undertaking, or a list of things, is the whole budget
        ("Budget £2,000 for the whole party.", ("budget", "")),
        ("Budget £3,000 for the wedding.", ("budget", "")),
        ("Budget £500 for food and drink.", ("budget", "")),
        ("a budget of €1,200 for mic, editing and hosting", ("budget", "")),
    ],
)
def test_a_budget_for_one_thing_is_its_lines(said: str, read: tuple[str, str]) -> None:
    money = [(c.kind, c.subject) for c in gather(said, START).items if c.money]
    assert money == [read]


async def test_the_photo_booth_gets_its_line_and_the_total_stays() -> None:
    driven = await drive(PARTY, {1: "Budget £250 for the photo booth."}, START)
    budget = sections(driven.plan)["Budget"]
    assert "Total budget £1,500 (goal); lines sum to it exactly." in budget
    assert "| Photo booth | £250 | at most £250 (feedback:1) |" in budget
    assert "£0" not in budget
    assert driven.flags == []
