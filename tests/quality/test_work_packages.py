"""A work breakdown breaks the work down. Found as a user: a wedding's only work package was
"3.1 Plan our wedding on 12 June 2027 for 80 guests", the goal again; a goal that names
several pieces of work keeps them as its packages."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 5)


async def test_one_piece_of_work_is_broken_down_by_its_schedule() -> None:
    run = await drive("Plan our wedding on 12 June 2027 for 80 guests, budget £15,000", start=START)
    work = sections(run.plan)["Work breakdown"]
    assert "3.1 Plan our wedding" not in work
    assert "   - 3.1 Venue booked — Host, by 2027-01-12 (M2)" in work
    assert (
        "   - 3.4 Final numbers and run sheet confirmed with vendors — Host, by 2027-05-24 (M5)"
        in work
    )
    assert "Event day" not in work  # the day itself is step 4, "Hold it and wrap up"
    schedule = sections(run.plan)["Schedule"]
    assert "| M2 | Venue booked | Host | 2027-01-12 |" in schedule  # the same work, the same day


async def test_several_pieces_of_work_named_are_the_packages() -> None:
    run = await drive(
        "Makeover of our back garden before June 2027: a new patio, raised vegetable beds"
        " and a shed, budget £6,000",
        start=START,
    )
    work = sections(run.plan)["Work breakdown"]
    assert "raised vegetable beds" in work
    assert "(M2)" not in work
