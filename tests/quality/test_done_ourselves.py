"""Work the household does itself is not the builder's (found as a user: "We will paint the
walls and ceiling ourselves …, so no decorating for the builder" was said to be left out of
every section, and the works still read "Tile; lay the floor; decorate; second fix")."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.handiwork import read_handiwork
from tests.quality.drive import drive

START = date(2026, 12, 7)
BATHROOM = "Renovate a small bathroom in 6 weeks for €8,000"


async def test_no_decorating_takes_the_decorating_out_of_the_builders_steps() -> None:
    said = "We will paint the walls and ceiling ourselves in the last week, so no decorating."
    driven = await drive(BATHROOM, {1: said}, START)
    works = sections(driven.plan)["Works sequence"]
    assert "| Tile; lay the floor; second fix |" in works
    assert "decorat" not in works.lower()
    assert driven.flags == []


def test_what_the_household_does_itself_is_read_and_vague_words_are_not() -> None:
    def read(text: str) -> list[tuple[str, str]]:
        return [(c.kind, c.subject) for c in read_handiwork(text, "goal")]

    assert read("Renovate a small bathroom, we do the painting ourselves") == [
        ("exclusion", "painting"),
        ("addition", "do the painting ourselves"),
    ]
    assert read("I'll tile the splashback myself") == [
        ("exclusion", "tiling"),
        ("addition", "tile the splashback myself"),
    ]
    assert read("we can do it ourselves") == [] and read("We are doing this ourselves") == []
    assert read("No entertainer, we do games ourselves.") == []  # the host's, no trade's


async def test_painting_said_in_the_goal_is_the_households_and_not_the_builders() -> None:
    """Found as a user: "we do the painting ourselves" was read as nothing; the builder
    still decorated and no painting was anyone's."""
    driven = await drive(f"{BATHROOM}, we do the painting ourselves", start=START)
    parts = sections(driven.plan)
    assert "| M5 | Finishes; second fix | Builder |" in parts["Schedule"]
    works = parts["Works sequence"]
    assert "| Tile; lay the floor; second fix |" in works
    assert "| Do the painting ourselves | Homeowner | 2027-01-10 | goal |" in works
    assert "| Done ourselves | we do the painting ourselves | goal |" in parts["Constraints"]
    moscow = parts["MoSCoW priorities"]
    assert "- The painting, done ourselves (goal)" in moscow.split("**Should have**")[0]
    assert "painting — the goal rules it out" not in moscow
    assert driven.flags == []
