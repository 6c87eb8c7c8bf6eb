"""One plan, one set of numbers, and only work as work (found in a user trial: the risk
register held "€900 (10%)" as contingency while the Budget's contingency line was €1,150;
"budget €9,000" and "I currently run 10 km" were work packages and RACI activities)."""

from __future__ import annotations

import re

from planloop.checks import sections
from tests.planners.test_memory_plans import _run

OFFSITE = "Plan a 3-day team offsite in Lisbon for 12 people in March, budget €9,000"


async def test_the_risk_holds_the_budgets_own_contingency() -> None:
    for goal in (OFFSITE, "Plan a 5k fun run for 300 runners in May with £12,000"):
        plan, _ = await _run(goal, [])
        line = re.search(r"^\| Contingency \| ([£€$][\d,]+) \|", sections(plan)["Budget"], re.M)
        assert line is not None, goal
        held = re.findall(r"hold ([£€$][\d,]+) \(\d+%, the Budget's contingency line\)", plan)
        assert held and set(held) == {line.group(1)}, (goal, held, line.group(1))


async def test_what_the_goal_gives_is_not_work() -> None:
    plan, _ = await _run(OFFSITE, [])
    secs = sections(plan)
    assert "budget €9,000" not in secs["Work breakdown"]
    assert "RACI matrix" in secs and "budget €9,000" not in secs["RACI matrix"]
    plan, _ = await _run("Prepare for a half marathon in 12 weeks, I currently run 10 km", [])
    work = sections(plan)["Work breakdown"]
    assert "I currently run" not in work and "3.1 Base weeks done" not in work
    assert re.search(r"^   - 3\.1 .+ — Athlete, by 20\d\d-\d\d-\d\d \(M2\)$", work, re.M)


async def test_every_share_of_the_budget_is_its_exact_share() -> None:
    """Found as a user: "Catering £29,749 | 35% of £85,000" (0.35 * 85,000 is 29,749.99…
    in floating point, floored), and the contingency took the pound."""
    plan, _ = await _run("Organise a music festival in Somerset in July 2027, budget £85k", [])
    budget = sections(plan)["Budget"]
    rows = re.findall(r"^\| [^|]+ \| £([\d,]+) \| (\d+)% of £85,000", budget, re.M)
    assert rows
    for amount, share in rows:
        assert int(amount.replace(",", "")) == 85_000 * int(share) // 100, (amount, share)


async def test_an_amount_or_a_day_alone_is_not_work() -> None:
    """Found as a user: "3.2 GBP 9,500" and "3.2 by 30 April 2027" were work packages."""
    plan, _ = await _run("Open a café in Derby, GBP 9,500, by 30 April 2027", [])
    work = sections(plan)["Work breakdown"]
    assert re.search(r"^   - 3\.1 .+ \(M2\)$", work, re.M)  # the schedule's work, not the goal
    assert "GBP 9,500" not in work and "3.2 by 30 April" not in work


async def test_a_deposit_is_no_budget_and_a_short_plan_slips_by_a_day() -> None:
    """Found as a user: a £30,000 deposit was a budget to overrun in the risk register
    while the Budget said none was stated; a two-week market plan said "a two-week slip
    uses about 233% of the 6-day schedule"."""
    home, points = await _run(
        "Buy our first flat in Leeds by 31 August 2027 with a £30,000 deposit", []
    )
    assert ("deposit", "£30,000") in [(p.label, p.value) for p in points]
    assert "Spending overruns the £30,000 budget" not in home
    stall, _ = await _run("Run a pop-up stall at the Christmas market in two weeks", [])
    assert "A one-day slip uses about" in stall and "two-week slip" not in stall
