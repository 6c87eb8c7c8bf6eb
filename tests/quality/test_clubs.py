"""A club that meets gets its meetings, each dated (found as a user: "Plan the first year of
our book club: we meet monthly at the library" was planned as a community project with
insurance, a volunteer rota and an opening day over 17 weeks; "Start a running club that
meets every Saturday" as one runner's training for a race)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest

from planloop.constraints.extract import gather
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
_ROW = re.compile(r"^\| ([0-9]+|—) \| ([0-9]{4}-[0-9]{2}-[0-9]{2}) \| ([^|]+) \| ([^|]+) \|$", re.M)


def meetings(plan: str) -> list[tuple[date, str]]:
    section = plan.split("## Meetings", 1)[1].split("\n## ", 1)[0]
    return [(date.fromisoformat(m.group(2)), m.group(3).strip()) for m in _ROW.finditer(section)]


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        ("Plan the first year of our book club: we meet monthly at the library", "community"),
        ("Start a running club that meets every Saturday in the park", "community"),
        ("Plan a year of monthly book club meetings", "community"),
        # a club joined, or trained with, is no club to run
        ("Train for the Berlin marathon on 26 September 2027 with our running club", "training"),
        ("Host a book club launch evening for 40 people", "event"),
        ("Plan a trip to Rome with my walking group in May", "trip"),
        ("Plan a trip for our group of 12 friends to Rome", "trip"),
    ],
)
def test_a_club_started_or_run_is_planned_as_a_club(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_book_clubs_year_is_its_monthly_meetings() -> None:
    d = await drive(
        "Plan the first year of our book club: we meet on the third Tuesday of each month at"
        " the library",
        start=START,
    )
    assert "Plan type: a club that meets." in d.plan
    assert "2027-12-04 (“the first year”, goal)" in d.plan
    held = meetings(d.plan)
    assert len(held) == 11
    for day, _ in held:
        assert day.weekday() == 1 and 15 <= day.day <= 21  # the third Tuesday
    assert held[0][1].startswith("Book 1 and introductions")
    assert held[-1][1].startswith("Last meeting of the year")
    assert "Insurance" not in d.plan and "Opening day" not in d.plan
    assert "Attendance falls away" in d.plan
    assert "**Meet and keep it going**" in d.plan
    assert d.plan.count("## Meetings") == 1


async def test_a_reviewer_can_skip_a_month_and_set_the_count() -> None:
    d = await drive(
        "Plan the first year of our book club: we meet on the third Tuesday of each month",
        {1: "Make it 10 meetings and skip August"},
        start=START,
    )
    held = meetings(d.plan)
    assert len(held) == 10
    assert not [day for day, _ in held if day.month == 8]
    assert "10 meetings, every month" in d.plan


async def test_a_month_off_in_the_goal_has_no_meeting() -> None:
    d = await drive(
        "Plan the first year of our new 8-person book club in Leeds starting January 2027,"
        " no meetings in August",
        start=START,
    )
    held = meetings(d.plan)
    assert held and not [day for day, _ in held if day.month == 8]
    assert all(date(2027, 1, 1) < day <= date(2027, 12, 31) for day, _ in held)


async def test_a_running_clubs_saturdays_with_their_routes() -> None:
    d = await drive(
        "Start a running club that meets every Saturday morning in the park for the next 6 months",
        start=START,
    )
    held = meetings(d.plan)
    assert all(day.weekday() == 5 for day, _ in held)
    assert all((b - a).days == 7 for (a, _), (b, _) in itertools.pairwise(held))
    assert held[-1][0] <= date(2027, 6, 5)
    assert "Route 2: set by the leader the week before" in d.plan
    assert "Race day" not in d.plan and "Taper" not in d.plan


@pytest.mark.parametrize(
    ("goal", "said", "until"),
    [
        ("Get fit for the next 6 months", "for the next 6 months", date(2027, 6, 5)),
        ("Grow the allotment over the coming year", "over the coming year", date(2027, 12, 5)),
        ("Plan the first year of our book club", "the first year", date(2027, 12, 4)),
        ("Plan the first 6 months of our podcast", "the first 6 months", date(2027, 6, 4)),
        (
            "Run a book club for our office, meeting on the last Thursday of each month, for 6"
            " months",
            "for 6 months",
            date(2027, 6, 4),
        ),
        # from the day it starts, when one is said
        (
            "Plan the first year of our choir starting January 2027",
            "the first year",
            date(2027, 12, 31),
        ),
    ],
)
def test_how_long_the_plan_runs_is_read(goal: str, said: str, until: date) -> None:
    deadline = gather(goal, START).deadline
    assert deadline is not None
    assert (deadline.text, deadline.when) == (said, until)


async def test_the_last_thursday_of_each_month() -> None:
    d = await drive(
        "Run a book club for our office, meeting on the last Thursday of each month, for 6 months",
        start=START,
    )
    held = meetings(d.plan)
    assert len(held) == 6  # December to May
    for day, _ in held:
        assert day.weekday() == 3 and (day + timedelta(days=7)).month != day.month


def test_a_stay_for_a_while_is_no_deadline() -> None:
    assert gather("Rent a flat in Lisbon for 6 months from March", START).deadline is None


def test_a_first_stretch_said_in_passing_is_no_deadline() -> None:
    """ "In the first month focus on suppliers" is part of the plan, not its length."""
    deadline = gather("Open a bakery by June; in the first month focus on suppliers", START)
    assert deadline.deadline is not None and deadline.deadline.text == "by June"


@pytest.mark.parametrize(
    ("goal", "people"),
    [
        (
            "Start a running club that meets every Saturday, with Ana, Tom and Priya as run"
            " leaders",
            [("Ana", "is a run leader"), ("Tom", "is a run leader"), ("Priya", "is a run leader")],
        ),
        (
            "Start a walking group that meets every other Wednesday, with Sam and Aisha leading"
            " the walks",
            [("Sam", "leading the walks"), ("Aisha", "leading the walks")],
        ),
    ],
)
async def test_people_said_together_with_one_role_each_have_it_and_take_turns(
    goal: str, people: list[tuple[str, str]]
) -> None:
    """Found as a user: "with Ana, Tom and Priya as run leaders" read Priya alone, "with Sam
    and Aisha leading" nobody, and the organiser hosted every meeting."""
    assert [(c.name, c.role) for c in gather(goal, START).members] == people
    d = await drive(goal, start=START)
    hosts = [row.group(4).strip() for row in _ROW.finditer(d.plan.split("## Meetings")[1])]
    names = [name for name, _ in people]
    assert hosts[: len(names) * 2] == names * 2


async def test_a_first_supper_in_a_month_is_when_the_club_begins_and_hosts_take_turns() -> None:
    """Found by a new user's trial: "first supper in February 2027" was the club's last day
    (three suppers, all before it), and "hosting in turns" left the organiser hosting all."""
    goal = (
        "Start a monthly supper club for our street, hosting in turns; first supper in"
        " February 2027"
    )
    assert gather(goal, START).deadline is None
    d = await drive(goal, start=START)
    held = meetings(d.plan)
    assert held[0][0] == date(2027, 2, 1) and len(held) == 10
    assert "| A member, in turn |" in d.plan


async def test_a_person_made_the_host_hosts_and_one_who_leads_leads() -> None:
    """Found by a new user's trial: "make Priya the host" and "led by Martha Jones" were
    read as nobody."""
    d = await drive(
        "Run a book club for our office, meeting on the last Thursday of each month, for 6 months",
        {1: "skip December and make Priya the host"},
        start=START,
    )
    held = meetings(d.plan)
    assert held and not [day for day, _ in held if day.month == 12]
    assert all(
        row.group(4).strip() == "Priya" for row in _ROW.finditer(d.plan.split("## Meetings")[1])
    )
    walks = (
        "Organise a walking group that meets on the first Sunday of each month from January to"
        " June 2027, led by Martha Jones"
    )
    cs = gather(walks, START)
    assert [(c.name, c.role) for c in cs.members] == [("Martha Jones", "leads it")]
    assert cs.deadline is not None and cs.deadline.when == date(2027, 6, 30)


async def test_a_choirs_year_is_its_rehearsals_with_its_concerts_among_them() -> None:
    """Found by a new user's trial: a village choir's first year, rehearsing every
    Wednesday, with a summer and a Christmas concert, was planned as one concert on New
    Year's Eve with tickets on sale seven months before."""
    d = await drive(
        "Plan the first year of our village choir: we rehearse every Wednesday evening in the"
        " church hall, with a summer concert on 3 July 2027 and a Christmas concert in December",
        start=START,
    )
    assert "Plan type: a club that meets." in d.plan
    held = meetings(d.plan)
    rehearsals = [day for day, what in held if what.startswith(("Rehearsal", "Last meeting"))]
    assert rehearsals and all(day.weekday() == 2 for day in rehearsals)
    concerts = [(day, what) for day, what in held if "concert" in what and "Rehearsal" not in what]
    assert concerts == [
        (date(2027, 7, 3), "Summer concert"),
        (date(2027, 12, 18), "Christmas concert (its day to fix)"),
    ]
    assert not d.flags, d.flags


@pytest.mark.parametrize(
    ("goal", "first"),
    [
        (
            "Start a monthly supper club for our street, hosting in turns",
            "Neighbours who would host once in the year",
        ),
        (
            "Run a book club for our office, meeting monthly",
            "A meeting room booked for the lunch hour",
        ),
        (
            "Plan the first year of our book club: we meet monthly at the library",
            "Libraries, cafés and community centres with free rooms for regular groups",
        ),
    ],
)
async def test_a_club_at_home_or_at_work_looks_for_no_room(goal: str, first: str) -> None:
    """Found by a new user's trial: a street's supper club, hosted in homes, and an office
    book club were pointed to libraries and cafés with free rooms."""
    d = await drive(goal, start=START)
    assert f"**Opportunities**\n- {first}" in d.plan


async def test_a_weekly_5k_group_is_a_club_with_its_leaders_in_turn() -> None:
    """Found by a new user's trial: "Start a Saturday morning parkrun-style 5k group …, every
    Saturday from January 2027, with Ben and Chloe as run leaders" was a 12-week beginners'
    course on Fridays, and Chloe was listed twice, once "as run leaders"."""
    goal = (
        "Start a Saturday morning parkrun-style 5k group in our park for beginners, every"
        " Saturday from January 2027, with Ben and Chloe as run leaders"
    )
    members = [(c.name, c.role) for c in gather(goal, START).items if c.kind == "member"]
    assert members == [("Ben", "is a run leader"), ("Chloe", "is a run leader")]
    d = await drive(goal, start=START)
    assert "Plan type: a club that meets." in d.plan
    held = meetings(d.plan)
    assert held and all(day.weekday() == 5 for day, _ in held)
    hosts = [row.group(4).strip() for row in _ROW.finditer(d.plan.split("## Meetings")[1])]
    assert hosts[:4] == ["Ben", "Chloe", "Ben", "Chloe"]


async def test_a_monthly_repair_cafe_for_a_year_is_its_twelve_sessions() -> None:
    """Found by a new user's trial: "Run a monthly repair café … for a year, first one in
    March 2027" planned its opening on 31 March and no session after it."""
    goal = "Run a monthly repair café in the community centre for a year, first one in March 2027"
    deadline = gather(goal, START).deadline
    assert deadline is not None and deadline.when == date(2028, 2, 29)
    d = await drive(goal, start=START)
    held = meetings(d.plan)
    # on Saturdays, the first of March 2027's (a later trial: every session on a Monday);
    # 1 January 2028's a week later
    assert len(held) == 12 and held[0][0] == date(2027, 3, 6)
    assert all(day.weekday() == 5 for day, _ in held) and date(2028, 1, 8) in [d for d, _ in held]
    assert "fixers for electrics, textiles and bikes booked" in held[1][1]
