"""A study schedule's weeks and its milestones say one thing (found as a user: "M3 All
material covered 2027-04-30" while the week table still had new material on 2027-05-15,
and "M4 Mock exam 2027-05-21" while the table's mock was on 2027-05-29)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from planloop.checks import sections
from tests.planners.test_memory_plans import _run
from tests.quality.drive import drive


def _due(schedule: str, title: str) -> date:
    found = re.search(rf"^\| M\d+ \| {re.escape(title)}[^|]* \| [^|]+ \| (\S+) \|", schedule, re.M)
    assert found is not None, title
    return date.fromisoformat(found.group(1))


@pytest.mark.parametrize(
    "goal",
    [
        "Reach B1 Spanish by 30 June 2027, studying 5 hours a week",
        "Pass the AWS Solutions Architect exam in 10 weeks studying 6 hours a week",
        "Revise for my maths and physics exams starting 8 June 2027",
    ],
)
async def test_the_weeks_end_new_material_and_sit_the_mock_when_the_milestones_do(
    goal: str,
) -> None:
    plan, _ = await _run(goal, [])
    secs = sections(plan)
    weeks = [
        (date.fromisoformat(start), work)
        for start, work in re.findall(
            r"^\| \d+ \| (\S+) \| [^|]+ \| ([^|]+) \|", secs["Week-by-week study schedule"], re.M
        )
    ]
    covered, mock = _due(secs["Schedule"], "All material covered"), _due(secs["Schedule"], "Mock")
    week = timedelta(days=7)
    # the material's weeks (new material, and the review weeks among them) end in the week
    # of "All material covered"; the week that begins on its day has none (found as a user)
    new = [start for start, work in weeks if work.startswith(("New material", "Review week"))]
    assert new and new[-1] < covered <= new[-1] + week, (new[-1], covered)
    assert any(work.startswith("New material") for _, work in weeks)
    (mock_week,) = [start for start, work in weeks if work.startswith("Mock exam")]
    assert mock_week <= mock < mock_week + week, (mock_week, mock)


async def test_a_review_week_adds_no_new_material() -> None:
    """Found as a user: weeks 4 and 8 said "Review week" beside "New material, part 2 of 4"
    and "part 4 of 4", and new material ran in the week that began on the day "All
    material covered" was due."""
    plan, _ = await _run(
        "Pass the AWS Solutions Architect exam in 10 weeks studying 6 hours a week", []
    )
    rows = re.findall(
        r"^\| (\d+) \| \S+ \| [^|]+ \| ([^|]+) \| ([^|]+) \|",
        sections(plan)["Week-by-week study schedule"],
        re.M,
    )
    by_week = {int(w): (work.strip(), review.strip()) for w, work, review in rows}
    for w in (4, 8):
        work, review = by_week[w]
        assert work == "Review week: no new material", by_week[w]
        assert review.startswith("Revisit part"), by_week[w]
    parts = [by_week[w][0] for w in sorted(by_week) if by_week[w][0].startswith("New material")]
    assert parts[0] == "New material, part 1 of 4" and parts[-1] == "New material, part 4 of 4"


async def test_the_mock_exams_asked_for_are_sat() -> None:
    """Found as a user: "I want two full practice exams", and the plan had one."""
    goal = "Pass the AWS Solutions Architect Associate exam in 10 weeks, studying 6 hours a week"
    run = await drive(goal, {1: "I work full time and want two full practice exams"})
    secs = sections(run.plan)
    weeks = secs["Week-by-week study schedule"]
    assert "| Mock exam 1 of 2 under real conditions |" in weeks
    assert "| Mock exam 2 of 2 under real conditions |" in weeks
    assert (
        "“two full practice exams” — the week-by-week schedule has 2 mock exams, the last"
        in (secs["Feedback applied"])
    )
    assert run.flags == []


async def test_a_skill_for_its_own_use_has_practice_runs_not_exams() -> None:
    """Found as a user: "Learn conversational Italian for a trip to Rome" was planned to a
    "Mock exam or practice test", an "Exam or goal date", "Sit the exam" and past papers;
    and "three practice conversations with a tutor" was read as nothing."""
    goal = "Learn conversational Italian for a trip to Rome in 16 weeks, 4 hours a week"
    said = "I can't study on Fridays and want three practice conversations with a tutor"
    run = await drive(goal, {1: said})
    plan = run.plan
    for exam in ("Mock exam", "Exam or goal date", "Sit the exam", "past papers"):
        assert exam not in plan, exam
    secs = sections(plan)
    assert "| M4 | Full practice run under real conditions |" in secs["Schedule"]
    assert "| M5 | Ready for the trip |" in secs["Schedule"]  # what it is for, as said
    assert "Exam fee" not in plan
    weeks = secs["Week-by-week study schedule"]
    assert "| Full practice run 1 of 2 under real conditions |" in weeks
    assert "| Goal | " in weeks and "| Exam |" not in weeks
    assert "**Use it** — use it on the day it is for" in secs["Work breakdown"]
    assert (
        "2 of the 3 full practice runs asked fit after the material" in (secs["Feedback applied"])
    )
    assert run.flags == []
