"""Found by new users' trials on 2026-12-06: a camping trip planned as driving lessons, a
pool's closure read as the deadline, one Saturday read as every Saturday, an extra Sunday
swim read as the only day, and a marshals' recruiter dropped."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.constraints.weekdays import work_days
from planloop.domain import Feedback
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 6)
SWIM = (
    "Learn to swim 50 metres front crawl without stopping by Saturday 31 July 2027. Group"
    " lessons on Tuesday evenings cost £12 each, budget £300 in total; Castle Leisure Centre"
    " pool is closed 1-14 June 2027 for maintenance."
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (
            "Plan our first family camping trip to the Lake District, Friday 28 to Sunday 30 May"
            " 2027, budget £400. My husband James drives and pitches the tent.",
            "trip",
        ),
        ("Pass my driving test by June 2027", "driving"),
        (
            "Run a plant and cake stall at the Little Hampton village fête on Saturday 10 July"
            " 2027 to raise money for the church roof",
            "sale",
        ),
        ("Organise the village fête on 10 July 2027", "fair"),
        ("Get my driving licence by May 2027", "driving"),
    ],
)
def test_who_drives_or_runs_a_stall_chooses_the_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_closure_the_goal_says_beside_its_own_day_is_time_away() -> None:
    cs = gather(SWIM, START)
    assert [c.when for c in cs.of("deadline")] == [date(2027, 7, 31)]
    (away,) = cs.of("away")
    assert (away.first, away.when) == (date(2027, 6, 1), date(2027, 6, 14))


def days_after(*said: str) -> frozenset[int]:
    feedback = [Feedback(checkpoint=n, text=t) for n, t in enumerate(said, start=1)]
    return work_days(gather("Redecorate Mia's bedroom by 14 March 2027", START, feedback))


def test_one_dated_day_is_not_every_week() -> None:
    assert days_after("Dan can't help on Saturday 13 March") == frozenset(range(7))
    assert days_after("No work on Saturday the 13th please") == frozenset(range(7))


def test_an_extra_session_every_sunday_is_not_the_only_day() -> None:
    said = (
        "I can't go to the pool on Fridays. Also add one extra practice swim every Sunday morning."
    )
    assert days_after(said) == {0, 1, 2, 3, 5, 6}


def test_a_recruiter_of_marshals_is_read() -> None:
    goal = (
        "Organise a charity 5k fun run for 150 runners on Sunday 13 June 2027, budget £2,000."
        " Sarah Jones is race director, and Priya Shah recruits and briefs 20 marshals."
    )
    members = [(c.name, c.role) for c in gather(goal, START).members]
    assert ("Priya Shah", "recruits and briefs 20 marshals") in members
    assert ("Sarah Jones", "is race director") in members


async def test_no_countdown_task_falls_while_someone_is_away() -> None:
    """The plan said "no milestone or task is dated in those days" and the countdown had
    the guests asked on 3 May and the pilot recorded on 10 May."""
    goal = (
        "Launch 'Streets of Leeds', a two-person local-history podcast: release the first 10"
        " episodes weekly, every Tuesday from 6 April 2027; $500 for microphones and hosting."
    )
    d = await drive(goal, {1: "Amir is away 3-16 May 2027"}, start=date(2026, 12, 5))
    rows = [line for line in d.plan.splitlines() if line.startswith("| ") and "2027-05-" in line]
    away = [r for r in rows if "2027-05-03" <= r.split(" | ")[1] <= "2027-05-16"]
    assert rows and not away, away
