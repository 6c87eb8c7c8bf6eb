"""A plan's Next actions start with the first things it dates. Found as a user: every
plan's first action was "Start with “<the goal>”: scope and baseline agreed by week 3",
while its countdown said to book the registrar by a date; a wedding and a B1 level were
asked "Which number will show that … succeeded?"; a plan with every milestone dated was
told to "work back from July 2027 and fix a date for every milestone now"."""

from __future__ import annotations

import re
from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 5)
WEDDING = "Plan our wedding on 12 June 2027 for 80 guests, budget £15,000"
_DATED = re.compile(r"^\d\. (?:By|From|On) (\d{4}-\d{2}-\d{2}): (.+?)(?: \((M\d+, )?(.+)\))?\.$")


def _numbered(actions: str) -> list[str]:
    return [line for line in actions.splitlines() if re.match(r"^\d\. ", line)]


async def test_the_first_actions_are_the_plans_first_dated_steps_with_their_owners() -> None:
    run = await drive(WEDDING, start=START)
    plan = sections(run.plan)
    actions = _numbered(plan["Next actions"])
    assert actions[:3] == [
        "1. By 2026-12-14: Guest count and budget fixed (M1, Host).",
        "2. By 2027-01-12: Book the venue; confirm capacity for the guest count (M2, Host).",
        # the notice of marriage names the venue: after it (a thirteenth trial's: before)
        "3. By 2027-01-30: Book the ceremony: the registrar or officiant, and give notice of "
        "marriage as the law there asks (Host).",
    ]
    assert "Start with “" not in plan["Next actions"]
    # each is the plan's own: the same task on the same day in its tables
    for line in actions[:3]:
        m = _DATED.match(line)
        assert m, line
        day, what = m.group(1), m.group(2)
        assert re.search(rf"\| {re.escape(what)} \|.*{day}|{day} \| {re.escape(what)} \|", run.plan)


async def test_a_weekly_plan_starts_with_its_first_week_and_then_its_milestones() -> None:
    run = await drive("Train for my first marathon in Manchester on 18 April 2027", start=START)
    actions = _numbered(sections(run.plan)["Next actions"])
    assert actions[0] == "1. Week 1, from 2026-12-05: Base: easy aerobic running."
    assert actions[1].startswith("2. By ") and "(M1, Athlete)." in actions[1]
    assert not any(a.split(". ", 1)[1].startswith("Week 2") for a in actions)


async def test_a_row_that_says_again_what_its_milestone_says_is_one_action() -> None:
    run = await drive("Open a small bakery in Derby by September 2027 with £40,000", start=START)
    actions = sections(run.plan)["Next actions"]
    assert "Business registered; permits and licences applied for (M1, Owner)." in actions
    assert ": Permits and licences (Owner)." not in actions
    runs = await drive("Migrate our 40 services from Heroku to AWS by June 2027", start=START)
    waves = sections(runs.plan)["Next actions"]
    assert "Wave 1 migrated behind a switch (M2, Engineering team)." in waves
    assert "wave 1 migrated: low-risk read paths" not in waves


async def test_feedback_not_applied_comes_first_and_applied_is_news_after_the_steps() -> None:
    """Found by two new users' trials: every plan opened with "Tell everyone involved what
    checkpoint 1 changed", a learner's own plan too."""
    applied = await drive(WEDDING, {1: "Sam Patel will handle the music"}, start=START)
    actions = _numbered(sections(applied.plan)["Next actions"])
    assert actions[0].startswith("1. By 2026-12-14: ")
    assert actions[3].startswith("4. Tell everyone involved what checkpoint 1 changed:")
    unread = await drive(WEDDING, {1: "Please keep it relaxed and fun"}, start=START)
    actions = _numbered(sections(unread.plan)["Next actions"])
    assert actions[0].startswith("1. Act on checkpoint 1 feedback:")
    assert actions[1].startswith("2. By 2026-12-14: ")
    solo = await drive("Learn Spanish to B1 by July 2027", {1: "Make it June 2027"}, start=START)
    assert "Tell everyone involved" not in sections(solo.plan)["Next actions"]


async def test_a_day_held_or_a_level_passed_is_not_asked_for_its_number() -> None:
    for goal in (WEDDING, "Learn Spanish to B1 by July 2027", "Pass my maths GCSE by June 2027"):
        run = await drive(goal, start=START)
        assert "Which number will show" not in run.plan, goal
    growth = await drive("Grow the local food bank's volunteer rota by June 2027", start=START)
    assert "Which number will show" in growth.plan  # a growth with no number still asks


async def test_a_plan_with_dated_milestones_is_not_told_to_date_them() -> None:
    run = await drive("Learn Spanish to B1 by July 2027", start=START)
    assert "fix a date for every milestone" not in run.plan
    risks = sections(run.plan)["Risk register"]
    assert "Check each milestone on its date in the Schedule" in risks


async def test_one_persons_plan_is_not_asked_about_money_set_aside() -> None:
    run = await drive("Learn Spanish to B1 by July 2027", start=START)
    questions = sections(run.plan)["Open questions"]
    assert "money set aside" not in questions
    assert "What gives way first if “The July 2027 deadline is missed” looks likely" in questions
