"""A course the person makes or teaches, not one they take. Found as a user: "Launch an
online watercolour course by March with a £2,000 budget" was a learner's study schedule
(materials chosen and level tested, a mock exam, "Course and books" and "Tutor sessions"
to pay for), and so was a pottery course taught at a community centre."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.planners.offline.families import pick
from tests.quality.drive import drive

ONLINE = "Launch an online watercolour course by March with a £2,000 budget"
TAUGHT = (
    "Teach a 6-week beginners' pottery course at the community centre starting in April,"
    " 8 students at £120 each"
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (ONLINE, "creator"),
        ("Create and sell my first video course on bookkeeping for freelancers", "creator"),
        ("Turn my baking blog into a paid online course by June", "creator"),
        (TAUGHT, "class"),
        ("Teach an evening Spanish class for adults at the library", "class"),
        ("Organise a 2-day coding course for 20 teenagers in July with £3,000", "class"),
        ("Run a 10-week yoga class for beginners at the village hall", "class"),
        # a class taken on the way to something else is no class taught
        ("Take a cookery class and host a dinner for 8 in May", "event"),
        # taken, not made: still a learner's
        ("Learn Spanish to B1 by next September with an online course and a tutor", "study"),
        ("Complete the Google Data Analytics online course by May", "study"),
        # a race's route is no course to run for others
        ("Run the London Marathon course in under 4 hours", "training"),
        # arranged for a group: the course family's
        ("Organise a first aid course for 12 coaches at our hockey club", "course"),
    ],
)
def test_a_course_made_or_taught_is_not_studied(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_an_online_course_is_built_recorded_and_launched() -> None:
    plan = (await drive(ONLINE, start=date(2026, 12, 7))).plan
    secs = sections(plan)
    schedule, budget = secs["Schedule"], secs["Budget"]
    assert "Launch: sales open" in schedule
    assert "Every lesson recorded" in schedule
    assert "Course platform" in budget and "Camera, microphone and lighting" in budget
    for learners in ("Tutor sessions", "Course and books", "level tested", "mock exam"):
        assert learners not in plan
    assert "the deadline 2027-03-31" in schedule


def test_a_course_organised_pays_its_tutor() -> None:
    family = pick("Organise a 2-day coding course for 20 teenagers in July with £3,000")
    assert family.lead == "Organiser"
    assert family.lines[0][0] == "Tutor's fee"
    assert "a tutor booked" in family.phases[0].title
    assert pick(TAUGHT).lead == "Tutor"
    assert "Tutor's fee" not in [line[0] for line in pick(TAUGHT).lines]


async def test_a_class_taught_from_april_is_prepared_from_now() -> None:
    """ "starting in April" is the first session: the room, the adverts and the materials
    come before it, from today (it had been a study schedule from 1 April to August)."""
    plan = (await drive(TAUGHT, start=date(2026, 12, 7))).plan
    schedule = sections(plan)["Schedule"]
    assert "From 2026-12-07 to the deadline 2027-04-01" in schedule
    assert "Room booked for every session" in schedule
    assert "First session taught" in schedule
    assert "Learner" not in plan
