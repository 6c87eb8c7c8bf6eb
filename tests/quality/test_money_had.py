"""Money a person has for the plan's things, said after their weekly hours, is the plan's
budget (found as a user: "I can study 5 hours a week and have £600 for lessons" was a cap
of £600 a week, the plan had "No total budget stated", and "have £600 for lessons" was a
work package and a Should have)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.extract import gather
from tests.quality.drive import drive

START = date(2026, 12, 7)
GOAL = (
    "Learn Spanish to B1 level by December 2027 before we move to Madrid; I can study 5 hours"
    " a week and have £600 for lessons"
)


def _money(goal: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in gather(goal, START).items if c.money]


def test_money_had_after_weekly_hours_is_the_budget_not_a_weekly_cap() -> None:
    assert _money(GOAL) == [("budget", "have £600 for lessons")]
    assert _money("I can study 5 hours a week and have £600") == [("budget", "have £600")]
    assert _money("Run a half marathon in April and have £100 for shoes") == [
        ("budget", "have £100 for shoes")
    ]
    # what is had each period stays a cap each period
    assert _money("Take one online lesson a week at $25")[0][0] == "period_cap"
    # and money had for a party with its guests is no price of "the party and 40 guests"
    assert _money("We have £2,000 for the party and 40 guests") == [("budget", "We have £2,000")]


async def test_the_budget_is_planned_and_no_work_package_says_the_money() -> None:
    run = await drive(GOAL, start=START)
    parts = sections(run.plan)
    assert "Total budget £600 (goal); lines sum to it exactly." in parts["Budget"]
    assert "| Budget (total) | have £600 for lessons | goal |" in parts["Constraints"]
    assert "have £600 for lessons" not in parts["Work breakdown"]
    assert "have £600 for lessons" not in parts["MoSCoW priorities"]
    assert "Budget cap per period" not in run.plan
