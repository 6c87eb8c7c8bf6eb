"""Who handles a party's music does the music, not the booking of the place (found as a user:
"Sam Patel will handle the music." gave Sam "M2 Place booked, or the room at home planned",
because the music was one of the words that handed that milestone out)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
PARTY = "Plan a 40th birthday party for 30 guests on 14 March in Manchester, budget £1,500"


async def test_the_music_is_sams_and_the_place_stays_the_hosts() -> None:
    driven = await drive(PARTY, {1: "Sam Patel will handle the music."}, START)
    plan = sections(driven.plan)
    assert "| M2 | Place booked, or the room at home planned | Host |" in plan["Schedule"]
    assert "| Book music or entertainment | Sam Patel |" in plan["Party countdown"]
    assert "Sam Patel owns M2" not in driven.plan
    assert driven.flags == []


async def test_a_magician_is_still_booked_with_the_place() -> None:
    driven = await drive(PARTY, {1: "Also book a magician."}, START)
    assert "| Book a magician | Host | 2026-12-31 | feedback:1 |" in driven.plan


async def test_a_cap_on_the_catering_caps_the_partys_food_not_a_second_line() -> None:
    """Found as a user: "Keep catering under £600" added "Catering £599" beside "Food and
    cake £315", and the room hire fell to £90."""
    driven = await drive(PARTY, {1: "Keep catering under £600."}, START)
    budget = sections(driven.plan)["Budget"]
    assert "| Food and cake | £525 | 35% of £1,500 (goal); under £600 (feedback:1) |" in budget
    assert "| Catering |" not in budget
    assert "| Place or room hire | £150 |" in budget
    assert driven.flags == []


async def test_no_venue_hire_keeps_the_room_at_home() -> None:
    """A milestone goes when what it names is ruled out ("skip the public beta"), not when
    only its first subject is: a party with no venue hire still plans its room at home."""
    driven = await drive(PARTY, {1: "No venue hire, we will have it at home."}, START)
    assert "| M2 | Place booked, or the room at home planned | Host |" in driven.plan
