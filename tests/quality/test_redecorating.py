"""A room redecorated is painted and furnished, not built (found by new users' trials: a
bedroom's paint, curtains, cabin bed and shelves got drawings, building regulations,
structural work, a first fix of plumbing and electrics and an architect's line)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.planners.offline.families.decorating import redecorates
from tests.quality.drive import drive

BEDROOM = (
    "Redecorate my 7-year-old daughter Mia's bedroom by 14 March 2027, budget £600: paint the"
    " walls sage green, new blackout curtains, assemble a cabin bed and put up two shelves. My"
    " partner Dan Evans builds the furniture; I can only work on Saturdays and Sundays."
)


@pytest.mark.parametrize(
    ("goal", "decor"),
    [
        (BEDROOM, True),
        ("Redecorate the living room and hallway by 1 March 2027", True),
        ("Paint the walls of the spare room by Easter", True),
        ("Renovate the bathroom with a new shower by May 2027", False),
        ("Redecorate the kitchen and rewire it by June 2027", False),
        ("Redecorate the bedroom: paint, and new curtains for the windows, by May 2027", True),
        ("Renovate the flat and replace the windows by May 2027; I can do up to 5 hours", False),
    ],
)
def test_a_redecoration_is_told_from_building_work(goal: str, decor: bool) -> None:
    assert redecorates(goal) is decor


async def test_the_bedroom_is_painted_and_furnished_by_the_people_named() -> None:
    d = await drive(BEDROOM, start=date(2026, 12, 5))
    plan = d.plan
    assert "Plan type: a room redecorated." in plan
    assert "| M5 | Furniture built; curtains and shelves up | Dan Evans |" in plan
    assert "| Paint, primer and filler |" in plan
    for building in ("uilder", "tructural", "lumbing", "rchitect", "strip-out", "heating"):
        assert building not in plan, building
    dates = [
        line.rsplit("|", 2)[-2].strip() for line in plan.splitlines() if line.startswith("| M")
    ]
    assert dates and all(date.fromisoformat(d).weekday() >= 5 for d in dates[:6])
    assert not d.flags, d.flags
