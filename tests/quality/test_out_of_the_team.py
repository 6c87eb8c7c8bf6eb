"""Someone said to be out leaves the team, in the words a person uses: "my sister Aoife is
out, so it is just me and Tom" (a new user's trial: Aoife was read as joining the team, kept
in the stakeholder map and the RACI, and the feedback check passed)."""

from __future__ import annotations

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.dropouts import withdrawal
from planloop.domain import Feedback
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import START, drive

LOFT = (
    "Insulate our 1930s semi's loft to 270mm and get the £1,500 Warm Homes grant before the"
    " application window closes on 31 January 2027; total budget £3,000, me and my brother Tom"
    " plus sister Aoife doing it over weekends"
)
OUT = "Budget is now £2,400 not £3,000, and my sister Aoife is out, so it is just me and Tom"


def test_aoife_is_out_and_tom_stays() -> None:
    cs = gather(LOFT, START, [Feedback(checkpoint=1, text=OUT)])
    assert [m.name for m in cs.members] == ["Tom"]
    assert withdrawal("and my sister Aoife is out") == "Aoife"
    assert withdrawal("the venue is out of stock") is None


async def test_the_plan_says_aoife_is_out() -> None:
    run = await drive(LOFT, {1: OUT})
    applied = sections(run.plan)["Feedback applied"]
    assert "“my sister Aoife is out” — Aoife no longer has this part" in applied
    assert "Aoife: is the sister" not in run.plan


def test_a_first_stretch_or_a_thing_not_done_is_no_priority() -> None:
    """A new user's trial: "Preceptors cannot do night shifts in the first 2 weeks" became
    "Priority first: night shifts in the ready", "so chase Utrecht first" "so chase utrecht"."""
    nights = [Feedback(checkpoint=1, text="Preceptors cannot do night shifts in the first 2 weeks")]
    assert gather("Plan onboarding for 3 nurses", START, nights).priorities == []
    chase = [Feedback(checkpoint=1, text="Letters are slow, so chase Utrecht first")]
    (first,) = gather("Write a grant application by 15 January 2027", START, chase).priorities
    assert first.subject == "chase utrecht"


def test_a_grant_to_get_is_a_grant_not_a_loan() -> None:
    """A new user's trial: "get the £1,500 Warm Homes grant" was "loan asked for"."""
    points = extract_data_points(LOFT, "goal")
    assert ("grant", "£1,500") in [(p.label, p.value) for p in points]
