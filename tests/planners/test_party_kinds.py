"""A grown-up's party has no party bags or games, and a party at home hires no room (found
as a user: a surprise 40th birthday at home got "Place or room hire $375", party bags,
games and "Games and food the children can help make")."""

from __future__ import annotations

from planloop.checks import sections
from tests.planners.test_memory_plans import _run

ADULT_AT_HOME = "Throw a surprise 40th birthday party for my wife at home on 20 March 2027, $1,500"
CHILD = "Plan my son's 7th birthday party for 15 kids on 20 March 2027 with a budget of £400"


async def test_a_grown_ups_party_at_home_books_no_room_and_buys_no_party_bags() -> None:
    plan, _ = await _run(ADULT_AT_HOME, [])
    secs = sections(plan)
    assert "Plan type: a party at home or a small celebration." in secs["Schedule"]
    assert "| M2 | The room at home planned: space, seating and music | Host |" in plan
    assert "| Drinks | $300 | 20% of $1,500 (goal) |" in secs["Budget"]
    assert "Plan the room at home" in secs["Party countdown"]
    for child in ("party bags", "Party bags", "games", "Games", "children", "Place or room hire"):
        assert child not in plan, child


async def test_a_childs_party_keeps_its_games_and_party_bags() -> None:
    plan, _ = await _run(CHILD, [])
    assert "| Party bags or favours |" in sections(plan)["Budget"]
    assert "Plan the games and the food; buy decorations and party bags" in plan
    assert "| Place or room hire |" in plan  # somewhere to book: not said to be at home


async def test_a_surprise_keeps_its_secret_and_a_wedding_books_its_ceremony() -> None:
    """Found as a user: a surprise party had no step or risk about the surprise, and a
    wedding had no ceremony, registrar or notice of marriage."""
    party, _ = await _run(ADULT_AT_HOME, [])
    countdown = sections(party)["Party countdown"]
    assert "Send invitations with a reply-by date; say it is a surprise, the cover story" in (
        countdown
    )
    assert "set up while someone keeps them away" in countdown
    assert "The surprise leaks" in party
    wedding, _ = await _run("Plan our wedding for 80 guests in York on 12 June 2027", [])
    timeline = sections(wedding)["Booking and vendor timeline"]
    assert "Book the ceremony: the registrar or officiant, and give notice of marriage" in (
        timeline
    )
    plain, _ = await _run(CHILD, [])
    assert "surprise" not in plain and "ceremony" not in plain
