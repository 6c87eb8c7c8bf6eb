"""A person said to lead what the goal is leads the plan: the lead's milestones and the A
of every RACI row (found as a user: "Ana leads the migration" left the Tech lead owning
the inventory, the cutover and the decommissioning, and Ana only "named in the team")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import outline
from tests.quality.drive import drive

START = date(2026, 12, 5)
MIGRATION = (
    "Migrate our team's CI from Jenkins to GitHub Actions by the end of Q1 2027:"
    " 12 repositories, 3 engineers, budget $8,000"
)
RUN = "Organise a charity 5k fun run in Bristol on Sunday 16 May 2027 for 200 runners"
WEDDING = "Plan our wedding for 60 guests in Harrogate on 12 June 2027, catering £50 a guest"


@pytest.mark.parametrize(
    ("goal", "said", "lead"),
    [
        (MIGRATION, "Ana leads the migration", "Ana"),
        (MIGRATION, "Ana will run the migration", "Ana"),
        (WEDDING, "Sam leads the wedding planning", "Sam"),
        (RUN, "Jo leads the fun run", "Jo"),
        (WEDDING, "Ben leads the catering", None),  # a part of it: not the whole
        (MIGRATION, "Ana runs the staging servers", None),
    ],
)
def test_who_leads_the_goals_own_thing_leads(goal: str, said: str, lead: str | None) -> None:
    out = outline.build(goal, gather(goal, START, [Feedback(checkpoint=1, text=said)]))
    assert out.lead == (lead or out.family.lead)


async def test_the_lead_owns_the_leads_milestones_and_is_accountable() -> None:
    feedback = "Start with the two payment services first. Ana leads the migration."
    plan = (await drive(MIGRATION, {1: feedback}, start=START)).plan
    schedule = sections(plan)["Schedule"]
    assert "| M1 | Inventory, dependencies and rollback plan agreed | Ana |" in schedule
    assert "| M6 | Old system decommissioned | Ana |" in schedule
    assert "Tech lead" not in schedule
    assert "“Ana: leads the migration” — Ana owns M1, M5 and M6" in plan
    assert "Ana is **A** in every row" in sections(plan)["RACI matrix"]


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("My mentor Lena de Vries will run mock interviews.", "Lena de Vries"),
        ("Priya Sharma is the DBA and owns the cutover.", "Priya Sharma"),
        ("In March Tom runs the bar.", "Tom"),
        ("Then Ana leads it.", "Ana"),
    ],
)
def test_a_person_is_named_in_full_as_said(said: str, name: str) -> None:
    """Found by a new user's trial: only a name's last word was kept ("Vries" owned the
    interviews, "Sharma" the cutover)."""
    cs = gather(MIGRATION, START, [Feedback(checkpoint=1, text=said)])
    assert [m.name for m in cs.members] == [name]


async def test_a_salary_is_what_a_job_earns_not_a_budget_to_spend() -> None:
    """Found by a new user's trial: "with a salary of at least €85,000" gave "Spending
    overruns the €85,000 budget … hold €8,500 as contingency"."""
    goal = (
        "Find a senior data engineer job in Amsterdam starting by 1 June 2027 with a salary"
        " of at least €85,000"
    )
    plan = (await drive(goal, start=START)).plan
    assert "| salary target | €85,000 | goal |" in plan
    assert "€85,000 budget" not in plan and "€8,500" not in plan


async def test_our_builder_named_does_the_builders_work_and_the_budget_is_the_new_one() -> None:
    """Found by a new user's trial: "Our builder is Dave Hughes of Hughes & Sons" was read
    as no person ("builder (nobody named yet)"), and after "The budget is now £18,000" the
    risks still watched "the £22,000 budget"."""
    goal = "Renovate our kitchen in Leeds for £22,000, finished before Easter 2027"
    said = "The budget is now £18,000. Our builder is Dave Hughes of Hughes & Sons."
    plan = (await drive(goal, {1: said}, start=START)).plan
    schedule = sections(plan)["Schedule"]
    assert "| M3 | Strip-out done; plumbing and electrics first fix | Dave Hughes |" in schedule
    # his quote, agreed by the homeowner: no three builders asked (a sixth trial's)
    assert "| M1 | Design agreed; Dave Hughes's written quote in | Homeowner |" in schedule
    assert "Agree Dave Hughes's written quote and payment stages | 2026-12-22 | Homeowner" in (plan)
    assert "nobody named" not in plan
    body = plan.split("\n", 1)[1].split("## Constraints")[0] + plan.split("## Feedback applied")[1]
    assert "£22,000 budget" not in body and "(£22,000" not in body
