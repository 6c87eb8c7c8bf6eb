"""A hiring plan counts its hires, not a team, and a changed count changes the goal (found
by a new user's trial: "1 QA engineer" and "make it 3 backend engineers, not 4" became the
team that shortlisted the candidates, the title and SMART statement kept 4, and "No
recruitment agencies" kept the "Recruiter or agency fees" line)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
HIRING = (
    "Hire 4 backend engineers and 1 QA engineer for the payments team in Berlin by 30 June "
    "2027, with a recruiting budget of €40,000 for agencies and job ads"
)
SAID = (
    "Make it 3 backend engineers, not 4. Lena Fischer from HR will run the interview "
    "scheduling. No recruitment agencies, job ads and referrals only."
)


def test_the_hires_are_counts_of_hires_and_a_new_count_replaces_the_goals() -> None:
    cs = gather(HIRING, START, [Feedback(checkpoint=1, text=SAID)])
    assert cs.teams == []
    held = cs.quantity("backend engineers")
    assert held is not None and held.number == 3 and held.source == "feedback:1"
    assert [(was.number, now.number) for was, now in cs.changed_quantities()] == [(4, 3)]


async def test_the_plan_hires_three_without_agencies_and_nobody_hired_does_the_hiring() -> None:
    run = await drive(HIRING, {1: SAID}, start=START)
    parts = sections(run.plan)
    assert "_Changed since the goal: 3 backend engineers, not 4 backend engineers" in run.plan
    assert "Hire 3 backend engineers and 1 QA engineer" in parts["SMART goal"]
    assert "engineer" not in parts["Schedule"].lower().split("| milestone |")[1]
    assert "agency" not in parts["Budget"].lower()
    assert "brief recruiters" not in run.plan
    assert "the work rests on 3 backend engineers" not in run.plan
    assert (
        "| M4 | Interviews and work samples done against one scorecard | Lena Fischer |"
        in (parts["Schedule"])
    )
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_one_hire_is_planned_in_the_singular() -> None:
    """Found by a user trial: "Hire a senior product designer for our team by 31 March 2027"
    had "A shortlist for every role", "Every hire started; first-week plans run" and "each
    hire's first-week plan"."""
    goal = "Hire a senior product designer for our team by 31 March 2027"
    plan = (await drive(goal, start=START)).plan
    for many in ("every role", "Every hire", "each hire", "each role", "Offers accepted"):
        assert many not in plan
    assert "The new hire started; first-week plan run" in plan
    assert (
        "Make the offer; agree a start date after the notice period (a month allowed for)" in plan
    )
    three = (await drive("Hire 3 backend engineers by June 2027", start=START)).plan
    assert "A shortlist for every role" in three


async def test_a_lines_budget_said_either_way_is_read_and_said_once() -> None:
    """Found as a user: "Budget for recruiter fees is EUR 25,000" was declined as no
    constraint (its amount a bare "price"), and "The recruiter fee budget is EUR 25,000"
    was both applied and "no budget, date, person or limit read in it"."""
    goal = "Hire a senior data engineer for our Berlin team by April 2027"
    for said in (
        "Budget for recruiter fees is EUR 25,000",
        "The recruiter fee budget is EUR 25,000",
    ):
        plan = (await drive(goal, {1: said}, start=START)).plan
        applied = sections(plan)["Feedback applied"]
        assert "applied in Budget: recruiter or agency fees (cap) €25,000" in applied, said
        assert "no budget, date, person or limit" not in applied, said


async def test_a_hiring_plan_misses_its_panel_not_a_team() -> None:
    """Found as a user: "Hire a senior data engineer for our Berlin team" listed "Missing:
    no team named" as a weakness, the team being the one the hire joins."""
    plan = (await drive("Hire a senior data engineer for our Berlin team by April 2027")).plan
    swot = sections(plan)["SWOT analysis"]
    assert "Missing: no hiring panel named" in swot and "no team named" not in swot
