"""Each person's part stays theirs when one sentence gives two people theirs (found as a
user: "Dave, our treasurer, will manage the money and Mia handles the marshals" gave Dave
the marshals, and Mia nothing)."""

from __future__ import annotations

from datetime import date

from planloop.constraints.extract import gather
from tests.quality.drive import drive

START = date(2026, 12, 5)


async def test_another_persons_part_said_after_a_role_is_theirs() -> None:
    """Found as a user: "Dave, our treasurer, will manage the money and Mia handles the
    marshals" gave Dave the marshals, and Mia nothing."""
    goal = (
        "Organise a 5k charity fun run in Victoria Park on 18 September 2027 for 300 runners;"
        " Dave, our treasurer, will manage the money and Mia handles the marshals"
    )
    roles = {c.name: c.role for c in gather(goal, START).members}
    assert roles == {"Dave": "manage the money", "Mia": "handles the marshals"}
    d = await drive(goal, start=START)
    assert "| M4 | Marshals, first aid and water stations confirmed | Mia |" in d.plan


async def test_who_books_the_band_books_the_music_and_the_flowers_are_hers() -> None:
    """Found by a new user's trial: "my sister Anna will handle the flowers and Tom books the
    band" gave Tom the caterer (its milestone listed bands among its vendors) and Anna
    nothing."""
    d = await drive(
        "Plan our wedding for 80 guests in Bath on 18 September 2027, budget £15,000; my"
        " sister Anna will handle the flowers and Tom books the band",
        start=START,
    )
    assert "| Book photography and music | Tom |" in d.plan
    assert "| Order flowers and decoration | Anna |" in d.plan
    assert "| Book the caterer; agree the per-guest price | Host |" in d.plan
