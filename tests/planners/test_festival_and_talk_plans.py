"""A festival is planned as a festival and one's own talk as a talk (found as a user: a
weekend music festival for 2,000 people got the wedding template, with invitations, flowers
and nothing on licensing, security or tickets; "Prepare and give a 25-minute conference
talk" was planned as running the conference, with a venue, a caterer and sponsors)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.extraction import extract_data_points
from planloop.planners.offline.families import build
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.section_kit import SectionInput
from planloop.planners.offline.sections_delivery import kpis
from tests.planners.test_memory_plans import START, _run

FESTIVAL = "Organise a weekend music festival for 2,000 people in Somerset on 10-11 July 2027"
TALK = "Prepare and give a 25-minute conference talk at RustConf in Montreal on 9 September 2027"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (FESTIVAL, "festival"),
        ("Run the village beer festival in June with 30 breweries", "festival"),
        (TALK, "talk"),
        ("Present our Q3 results at the board meeting on 14 January 2027", "talk"),
        ("Deliver a keynote at the regional HR summit in March", "talk"),
        # running a conference is still a gathering, a wedding still an event
        ("Organise a 2-day developer conference with 20 talks in Lisbon in May", "gathering"),
        ("Plan our wedding for 80 guests in Harrogate on 12 June 2027", "event"),
    ],
)
def test_each_goal_gets_its_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_festival_plans_its_licence_security_and_tickets_not_invitations() -> None:
    plan, _ = await _run(FESTIVAL, [])
    secs = sections(plan)
    assert "Plan type: a festival." in secs["Schedule"]
    countdown = secs["Countdown to the festival"]
    for task in ("premises licence", "Open ticket sales", "security, stewards and medical"):
        assert task in countdown, task
    assert "| Festival opens | 2027-07-10 | The festival: 2 days, 2027-07-10 to 2027-07-11 |" in (
        countdown
    )
    for wedding in ("invitations", "Invitations", "flowers", "Photography", "caterer"):
        assert wedding not in plan, wedding


async def test_ones_own_talk_is_rehearsed_not_organised() -> None:
    plan, _ = await _run(TALK, [])
    secs = sections(plan)
    assert "Plan type: a talk or presentation." in secs["Schedule"]
    countdown = secs["Countdown to the talk"]
    assert "Run through it aloud; time it against the slot" in countdown
    assert "| Talk day | 2027-09-09 | The talk | Speaker |" in countdown
    for organiser in ("Book the venue", "caterer", "sponsors", "Registration"):
        assert organiser not in plan, organiser


@pytest.mark.parametrize(
    ("goal", "who"),
    [
        (
            "Run a weekend music festival for 2,000 people in August 2027, budget £250,000",
            "2,000 people",
        ),
        ("Organise the office summer picnic on 15 August 2027 for 60 staff", "60 staff"),
    ],
)
async def test_the_people_an_event_is_for_are_its_audience_not_its_team(
    goal: str, who: str
) -> None:
    """Found as a user: "2,000 people" was the festival's team ("Coordination overhead across
    2,000 people … a short weekly sync"), and "60 staff" did the picnic's work."""
    plan, _ = await _run(goal, [])
    assert f"| audience | {who} | goal |" in sections(plan)["Data points"]
    assert f"| Team | {who} |" not in plan and f"Delivery ({who})" not in plan
    assert "Coordination overhead" not in plan and f"assign {who}" not in plan
    assert f"Fewer than {who} come" in plan  # the risk, in the register or the SWOT


def test_the_milestones_kpi_counts_the_schedules_milestones() -> None:
    """Found as a user: "Milestones on time | 5 of 5" beside a schedule of M1 to M7."""
    out = build(FESTIVAL, gather(FESTIVAL, START))
    assert len(out.milestones) == 7
    inp = SectionInput.build(FESTIVAL, extract_data_points(FESTIVAL, "goal"), outline=out)
    assert "| Milestones on time | 7 of 7 by " in kpis(inp)


async def test_a_trips_people_are_travellers_not_an_audience_to_win() -> None:
    """Found as a user: a family trip "for 4 people" had "Fewer than 4 people come" as its
    top risk and an "Audience: 4 people" row to pilot."""
    trip = "Plan a family trip to Rome for 4 people from 2 August 2027 for 5 days"
    plan, _ = await _run(trip, [])
    assert "| travellers | 4 people | goal |" in sections(plan)["Data points"]
    assert "Fewer than 4 people come" not in plan and "Audience: 4 people" not in plan
