"""A growth target one person works at alone is theirs (found as a user: "Get my first 100
paying customers for my invoicing app … I have $3,000 for marketing" had a "Growth team" run
its experiments, half the money on "People's time", a finance holder to manage, and "no
team named" as its weakness)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.founders import works_alone
from tests.quality.drive import drive

START = date(2026, 12, 7)
GOAL = (
    "Get my first 100 paying customers for my invoicing app for freelancers within 6 months,"
    " I have $3,000 for marketing and work on it 15 hours a week"
)


def test_one_persons_goal_is_told_from_a_teams() -> None:
    assert works_alone(GOAL)
    assert works_alone("Grow my newsletter to 5,000 subscribers by June 2027")
    assert not works_alone("Grow our SaaS to $10k MRR by June 2027")
    assert not works_alone("Get 500 users for my app; my co-founder handles sales")
    assert not works_alone("Double my agency's revenue in 2027")
    assert not works_alone("Reach 1,000 signups by March with the marketing team")


async def test_a_founder_owns_the_work_and_the_money_goes_on_reaching_customers() -> None:
    run = await drive(GOAL, start=START)
    parts = sections(run.plan)
    assert "Growth team" not in run.plan and "People's time" not in run.plan
    assert "| M2 | First experiments live | You | 2027-01-31 |" in parts["Schedule"]
    budget = parts["Budget"]
    assert "| Ads and sponsored posts | $1,200 | 40% of $3,000 (goal) |" in budget
    assert "| Launch offers and referral rewards | $450 |" in budget
    assert "Finance / budget holder" not in parts["Stakeholder map"]
    assert "no team named" not in parts["SWOT analysis"]
    assert "People: you, 15 hours a week (goal), for 26 weeks." in (parts["Budget and resources"])
    assert "Goal owner with finance" not in parts["Risk register"]
    assert not run.flags


async def test_a_team_keeps_its_growth_team_and_its_time() -> None:
    run = await drive("Grow our SaaS to 500 paying customers by June 2027 with a budget of $20,000")
    assert "Growth team" in run.plan and "People's time" in run.plan
    assert "Finance / budget holder" in run.plan
