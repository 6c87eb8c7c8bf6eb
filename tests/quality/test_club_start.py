"""A club said to start then meets from then, and is prepared before. Found as a user: "Start
a monthly book club in Hove from February 2027" found its members in February and met
first in March; a chess club "starting 12 January 2027, for 6 months" ran a year."""

from __future__ import annotations

import itertools
import re
from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive
from tests.quality.test_clubs import START, meetings

_MILESTONE = re.compile(r"^\| (M[0-9]+) \| ([^|]+) \| [^|]+ \| ([0-9-]{10}) \|$", re.M)


def _milestones(plan: str) -> dict[str, tuple[str, date]]:
    schedule = sections(plan)["Schedule"]
    return {
        m.group(1): (m.group(2), date.fromisoformat(m.group(3)))
        for m in _MILESTONE.finditer(schedule)
    }


async def test_the_first_meeting_is_in_the_month_said_and_prepared_before_it() -> None:
    d = await drive("Start a monthly book club in Hove from February 2027", start=START)
    held = meetings(d.plan)
    assert held[0][0] == date(2027, 2, 1)
    assert all(b.month != a.month for (a, _), (b, _) in itertools.pairwise(held))
    marks = _milestones(d.plan)
    agreed, called = marks["M1"][1], marks["M2"][1]
    assert START < agreed < called < held[0][0]
    assert (
        "52 weeks from the first meeting (2027-02-01) are assumed" in sections(d.plan)["Schedule"]
    )
    actions = sections(d.plan)["Next actions"]
    assert f"By {agreed.isoformat()}: Members, meeting day and place agreed" in actions
    assert "On 2027-02-01: Book 1 and introductions" in actions
    assert not d.flags, [c.message for c in d.flags]


async def test_a_club_kept_up_for_months_from_its_first_day_ends_then() -> None:
    d = await drive(
        "Set up a fortnightly chess club at the library starting 12 January 2027, for 6 months",
        start=START,
    )
    held = meetings(d.plan)
    assert held[0][0] == date(2027, 1, 12)
    assert all((b - a).days == 14 for (a, _), (b, _) in itertools.pairwise(held))
    assert held[-1][0] <= date(2027, 7, 11) < held[-1][0].replace(day=1).replace(month=8)
    assert "to the deadline 2027-07-11 (“for 6 months”, goal)" in sections(d.plan)["Schedule"]


async def test_no_meeting_on_new_years_day_or_christmas_day() -> None:
    d = await drive("Start a running club that meets every Saturday from January 2027", start=START)
    held = [day for day, _ in meetings(d.plan)]
    assert held[0] == date(2027, 1, 2)
    assert date(2027, 12, 25) not in held  # a Saturday
    assert date(2028, 1, 1) not in held
    assert all(day.weekday() == 5 for day in held)


async def test_members_are_asked_before_the_half_way_meeting() -> None:
    d = await drive("Start a monthly book club in Hove from February 2027", start=START)
    asked = _milestones(d.plan)["M3"][1]
    half = next(day for day, what in meetings(d.plan) if "half-way check" in what)
    assert asked < half


async def test_a_co_leader_named_at_a_checkpoint_leads_every_other_walk() -> None:
    """Found by a new user's trial: "My neighbour Sue Jones will co-lead the walks with me"
    was declined as saying no person, and a walking group booked a room for every date."""
    d = await drive(
        "Start a weekly Saturday morning walking group in Brighton from March 2027",
        {1: "My neighbour Sue Jones will co-lead the walks with me"},
        start=START,
    )
    section = d.plan.split("## Meetings", 1)[1].split("\n## ", 1)[0]
    hosts = re.findall(r"^\| [0-9]+ \| [0-9-]{10} \| [^|]+ \| ([^|]+) \|$", section, re.M)
    assert hosts[:4] == ["Organiser", "Sue Jones", "Organiser", "Sue Jones"]
    assert "declined" not in sections(d.plan)["Reviewer direction"]
    assert "meeting point agreed" in sections(d.plan)["Schedule"]
    assert "free rooms" not in d.plan


async def test_a_repair_cafe_books_no_fixers_for_repairs_ruled_out() -> None:
    """Found by a new user's trial: after "No electrical repairs", every session still booked
    "fixers for electrics, textiles and bikes"."""
    d = await drive(
        "Set up a monthly repair café at the library from February 2027 for a year",
        {1: "No electrical repairs, our insurance does not cover them"},
        start=START,
    )
    held = meetings(d.plan)
    assert held[0][0] == date(2027, 2, 6)  # the first Saturday: no day said
    assert "Session 2: fixers for textiles and bikes booked; items logged" in [w for _, w in held]
    assert "electrics" not in sections(d.plan)["Meetings"]
