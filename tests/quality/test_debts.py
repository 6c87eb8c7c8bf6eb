"""Paying off a debt (families/debts.py). Found by a new user's trial: "Pay off £4,000 of
credit card debt within 12 months" was a general goal with a delivery team and a first
delivery, its debt a "resource on hand", and "I can put £350 a month towards it" changed
nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.families import pick
from planloop.planners.offline.families.debts import repayment
from tests.quality.drive import START, drive

CARD = "Pay off £4,000 of credit card debt within 12 months"
_ROW = re.compile(
    r"^\| ([0-9]+) \| ([0-9-]{10}) \| £([0-9,.]+) \| £([0-9,.]+) \| £([0-9,.]+) \|$", re.M
)


def _rows(plan: str) -> list[tuple[int, date, float, float, float]]:
    def pounds(x: str) -> float:
        return float(x.replace(",", ""))

    return [
        (int(n), date.fromisoformat(d), pounds(p), pounds(i), pounds(o))
        for n, d, p, i, o in _ROW.findall(sections(plan)["Repayment schedule"])
    ]


@pytest.mark.parametrize(
    "goal",
    [
        CARD,
        "Clear my £2,500 overdraft by June 2027",
        "Pay back my £12,000 car loan at 7% APR within 3 years",
        "Get out of debt by the end of 2027",
    ],
)
def test_a_debt_to_pay_off_is_a_debt_plan(goal: str) -> None:
    assert pick(goal).id == "debt"


@pytest.mark.parametrize(
    "goal", ["Write a business plan and get a £5,000 bank loan", "Save £4,000 for a car"]
)
def test_a_loan_applied_for_or_money_saved_is_not(goal: str) -> None:
    assert pick(goal).id != "debt"


async def test_the_debt_is_repaid_month_by_month_by_the_deadline() -> None:
    d = await drive(CARD)
    rows = _rows(d.plan)
    assert len(rows) == 12 and rows[-1][4] == 0.0  # cleared in the twelfth month
    owed = 4_000.0
    for _, _, paid, interest, left in rows:  # each row adds up
        assert abs(owed + interest - paid - left) < 0.011
        owed = left
    assert rows[0][3] == 80.0  # a month's interest at the 24% a year assumed
    lead = sections(d.plan)["Repayment schedule"]
    assert "at 24% interest a year (assumed, a usual rate for it: put yours in)" in lead
    schedule = sections(d.plan)["Schedule"]
    assert "Plan type: paying off a debt." in schedule
    assert "| M7 | Debt cleared: the last payment made | You |" in schedule
    # what is owed is no money on hand, and no delivery team does the work
    assert "Resource on hand" not in d.plan and "Delivery team" not in d.plan
    assert "First delivery" not in d.plan and "Launch and hand over" not in d.plan
    assert "An emergency or new spending adds to what is owed" in sections(d.plan)["SWOT analysis"]
    assert not d.flags, [c.message for c in d.flags]


async def test_a_monthly_amount_said_is_paid_and_a_short_one_is_said_to_be() -> None:
    d = await drive(CARD, {1: "I can put £350 a month towards it"})
    rows = _rows(d.plan)
    assert {paid for _, _, paid, _, _ in rows} == {350.0}
    assert rows[-1][1] <= date(2027, 12, 2) and rows[-1][4] == pytest.approx(378.72)
    lead = sections(d.plan)["Repayment schedule"]
    assert "paid £350.00 a month (feedback:1)" in lead
    assert "Cleared in 14 months, on 2028-02-02: after the deadline 2027-12-02." in lead
    assert "£379.00 a month clears it by 2027-12-02." in lead
    assert (
        "After the deadline, at this rate: £350.00 in January 2028 and £37.02 in February" in lead
    )
    assert (
        "| M7 | Deadline: £378.72 still owed; £379 a month from the start would have cleared it |"
        in d.plan
    )
    assert (
        "budget cap per period “I can put £350 a month” — the monthly repayment in Repayment"
        " schedule" in sections(d.plan)["Feedback applied"]
    )
    assert not d.flags, [c.message for c in d.flags]


def test_the_quarter_half_and_cleared_milestones_fall_on_their_payments() -> None:
    cs = gather(CARD, START)
    plan = repayment(CARD, cs, date(2027, 12, 2))
    assert plan is not None
    quarter = plan.repaid_by(0.25)
    assert quarter is not None
    before = [owed for day, _, _, owed in plan.months if day < quarter]
    assert all(owed > 3_000 for owed in before)
    assert plan.cleared() == date(2027, 12, 2)


async def test_an_overdraft_not_cleared_by_the_deadline_has_no_milestone_after_it() -> None:
    """A second trial: "Three quarters of the debt repaid" fell on the deadline beside "£922.97
    still owed", and an overdraft was told to stop spending on "the card"."""
    d = await drive("Pay off my £2,500 overdraft by June 2027", {1: "I can pay £300 a month"})
    schedule = sections(d.plan)["Schedule"]
    assert "Three quarters" not in schedule
    assert (
        "| M6 | Deadline: £922.97 still owed; £447 a month from the start would have cleared it"
        in schedule
    )
    assert "nothing new borrowed on the overdraft" in schedule
    assert "card" not in schedule and "balance transfer" not in schedule
    assert not d.flags, [c.message for c in d.flags]


async def test_a_rate_said_at_a_checkpoint_is_the_schedules() -> None:
    """A third trial: "the store card is 29% APR" was declined as a constraint and the
    schedule kept its assumed 24%."""
    goal = "Get out of debt: £1,200 on a store card and £3,000 on a credit card, by next December"
    d = await drive(goal, {1: "the store card is 29% APR"})
    lead = sections(d.plan)["Repayment schedule"]
    assert "£4,200.00 owed" in lead and "at 29% interest a year (feedback:1)" in lead
    assert "| Interest rate | 29% APR | feedback:1 |" in d.plan
    assert (
        "interest rate “29% APR” — the rate of Repayment schedule"
        in sections(d.plan)["Feedback applied"]
    )
    assert _rows(d.plan)[0][3] == pytest.approx(101.50)  # a month of 29% on £4,200
    growth = await drive("Grow our newsletter's subscribers 20% a year")
    assert "Interest rate" not in growth.plan
