"""A cadence asked for at a checkpoint is the plan's from then on: a club's meetings and a
show's episodes go out on it, and Feedback applied says so. Found by a new user's trial:
"make it fortnightly" on a monthly book club kept twelve monthly meetings."""

from __future__ import annotations

import itertools
import re
from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive
from tests.quality.test_clubs import START, meetings

_EPISODE = re.compile(r"^\| Episode [0-9]+ \| ([0-9-]{10}) \|", re.M)


async def test_a_club_asked_to_meet_fortnightly_meets_every_two_weeks() -> None:
    goal = "Start a monthly book club from February 2027"
    before = meetings((await drive(goal, start=START)).plan)
    d = await drive(goal, {1: "make it fortnightly"}, start=START)
    held = meetings(d.plan)
    assert held[0][0] == before[0][0] == date(2027, 2, 1)
    assert all((b - a).days == 14 for (a, _), (b, _) in itertools.pairwise(held))
    assert len(held) == 2 * len(before) + 3, (len(held), len(before))
    assert f"{len(held)} meetings, every two weeks;" in sections(d.plan)["Meetings"]
    assert "| How often | make it fortnightly → every two weeks | feedback:1 |" in d.plan
    assert (
        f"Checkpoint 1: how often “make it fortnightly → every two weeks” — {len(held)}"
        " meetings in Meetings, every two weeks." in sections(d.plan)["Feedback applied"]
    )
    assert not d.flags, [c.message for c in d.flags]


async def test_a_podcast_asked_to_go_fortnightly_releases_every_two_weeks() -> None:
    goal = "Launch a weekly podcast and keep it going through 2027"
    weekly = [date.fromisoformat(d) for d in _EPISODE.findall((await drive(goal)).plan)]
    assert all((b - a).days == 7 for a, b in itertools.pairwise(weekly))
    d = await drive(goal, {1: "make it fortnightly"})
    days = [date.fromisoformat(d) for d in _EPISODE.findall(d.plan)]
    assert (days[0] - weekly[0]).days == 7 and len(days) >= 20  # episode 2: launch + 14 days
    assert all((b - a).days == 14 for a, b in itertools.pairwise(days))
    assert f"after the first, {len(days)} more episodes, every two weeks" in d.plan


async def test_time_said_in_passing_leaves_the_meetings_as_they_were() -> None:
    goal = "Start a monthly book club from February 2027"
    before = meetings((await drive(goal, start=START)).plan)
    d = await drive(goal, {1: "I travel for work every other week"}, start=START)
    assert meetings(d.plan) == before
    assert "How often" not in d.plan


async def test_a_day_said_with_the_cadence_is_the_meetings_day() -> None:
    """A second trial: "make it monthly, on Sundays" kept every beach clean on a Saturday."""
    d = await drive(
        "Start a fortnightly beach clean from March 2027", {1: "make it monthly, on Sundays"}
    )
    held = meetings(d.plan)
    assert held and all(day.weekday() == 6 for day, _ in held)
    assert all(b.month != a.month for (a, _), (b, _) in itertools.pairwise(held))
    assert held[0][0] == date(2027, 3, 7)  # the first Sunday of March
    assert "| 1 | 2027-03-07 | Clean 1 and introductions" in d.plan
