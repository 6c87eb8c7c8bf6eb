"""A price the plan charges is income, not spending (found in a page trial: a farmers'
market's "Keep stall fees under €40" became a €40 "Stall fees" line of its budget, and an
entry fee "at most £8 a person" a spending cap of £8 per visitor)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import drive

START = date(2026, 12, 5)
MARKET = (
    "Launch a weekend farmers' market in Cork on 3 April 2027 for 20 stalls with a budget of €6,000"
)


@pytest.mark.parametrize(
    ("said", "subject", "unit", "amount"),
    [
        ("Keep stall fees under €40 and add a rain plan", "stall fee", "", 40),
        ("Keep the stall fee under €40.", "stall fee", "", 40),
        ("Entry fee at most €10 a person.", "entry fee", "person", 10),
        ("Keep registration fees below $50 per attendee.", "registration fee", "attendee", 50),
        ("Ticket prices under €15.", "ticket price", "", 15),
        ("Membership fees of €30 a month.", "membership fee", "month", 30),
        ("Charge stallholders at most €40 each.", "charge per stallholder", "", 40),
    ],
)
def test_a_capped_price_the_plan_charges_is_a_price(
    said: str, subject: str, unit: str, amount: float
) -> None:
    cs = gather(MARKET, START, [Feedback(checkpoint=1, text=said)])
    [price] = cs.price_caps()
    assert (price.subject, price.unit, price.source) == (subject, unit, "feedback:1")
    assert price.money is not None and price.money.amount == amount
    assert cs.line_caps() == [] and cs.unit_caps() == [] and cs.period_caps() == []
    assert cs.budget is not None and cs.budget.source == "goal"  # the total still holds


@pytest.mark.parametrize(
    ("said", "subject"),
    [
        ("Keep legal fees under €2,000.", "legal fees"),
        ("Keep train ticket prices under €150.", "ticket prices"),
        ("Keep catering under €3k.", "catering"),
    ],
)
def test_fees_and_tickets_the_plan_pays_stay_caps_on_spending(said: str, subject: str) -> None:
    cs = gather(MARKET, START, [Feedback(checkpoint=1, text=said)])
    assert cs.price_caps() == []
    assert [c.subject for c in cs.line_caps()] == [subject]


async def test_the_markets_stall_fee_is_a_price_with_its_income_not_a_budget_line() -> None:
    run = await drive(MARKET, {1: "Keep stall fees under €40 and add a rain plan"})
    secs = sections(run.plan)
    budget = secs["Budget"]
    assert "| Stall fees |" not in budget and "€40 |" not in budget
    assert "| Site fees and permits | €1,200 | 20% of €6,000 (goal) |" in budget
    assert "| **Total** | €6,000 |" in budget
    assert (
        "Price: stall fee at most €40 (feedback:1). It is what the plan charges, income"
        " rather than spending, so no budget line holds it. At 20 stalls (goal) it brings in"
        " at most €800."
    ) in budget
    assert "| Price charged | Keep stall fees under €40 | feedback:1 |" in secs["Constraints"]
    assert (
        "price charged “Keep stall fees under €40” — kept in Budget as a price the plan"
        " charges: income, no spending line."
    ) in secs["Feedback applied"]
    assert "| stall fee price | €40 | feedback:1 |" in secs["Data points"]
    assert run.flags == []  # the feedback is reflected and every cap holds


async def test_an_entry_fee_per_person_is_no_spending_cap_per_visitor() -> None:
    goal = (
        "Run a two-day food festival in Leeds on 12 June 2027 for 400 visitors with a budget"
        " of £15,000. Entry fee at most £8 a person."
    )
    run = await drive(goal)
    budget = sections(run.plan)["Budget"]
    assert (
        "(cap)" not in budget and "£3,200 |" not in budget
    )  # 400 times £8 spent was the misreading
    assert "Price: entry fee at most £8 a person (goal)." in budget
    assert "At 400 visitors (goal) it brings in at most £3,200." in budget
    assert "| **Total** | £15,000 |" in budget
    assert run.flags == []


async def test_a_trip_pays_the_entry_fees_it_names() -> None:
    """A plan that charges nobody pays the prices it names (found by a user trial: a London
    trip's "entry fees at most £30 a person" was income of £60 "at 2 persons")."""
    goal = (
        "Plan a 4-day trip to London in May 2027 for 2 people with a budget of £1,500."
        " Entry fees at most £30 a person."
    )
    run = await drive(goal)
    secs = sections(run.plan)
    assert "Price:" not in secs["Budget"] and "income" not in secs["Budget"]
    assert "Cap: £30 a person × 2 people = at most £60 (goal)." in secs["Budget"]
    assert "| Budget cap per unit | Entry fees at most £30 a person | goal |" in secs["Constraints"]
    assert run.flags == []


async def test_a_club_sets_its_membership_fee_and_counts_what_it_brings_in() -> None:
    goal = (
        "Launch a climbing club in Galway for 60 members by 1 March 2027 with a budget of"
        " €5,000. Membership fees of €30 a month."
    )
    run = await drive(goal)
    budget = sections(run.plan)["Budget"]
    assert (
        "Price: membership fee €30 a month (goal). It is what the plan charges, income"
        " rather than spending, so no budget line holds it. At 60 members (goal) it brings"
        " in €1,800 a month."
    ) in budget  # set ("of €30"), not capped: no "at most"
    assert "Membership" not in budget.split("Price:")[0]  # no spending line for it
    assert run.flags == []


async def test_a_fee_the_plan_pays_caps_the_line_it_names() -> None:
    """ "The venue fee" is the Venue line: capped there, not dropped as revenue (it was)
    nor a second venue line."""
    goal = (
        "Run a one-day tech conference in Dublin on 10 May 2027 for 300 attendees with a"
        " budget of €40,000"
    )
    run = await drive(goal, {1: "Keep the venue fee under €15,000"})
    budget = sections(run.plan)["Budget"]
    assert "| Venue | €12,000 | 30% of €40,000 (goal); under €15,000 (feedback:1) |" in budget
    assert "| Venue fee |" not in budget
    assert "Cap: venue fee under €15,000 (feedback:1)." in budget
    assert run.flags == []


@pytest.mark.parametrize(
    ("said", "labels"),
    [
        ("selling 150 tickets at £8, costs budget £900", ["ticket price", "budget"]),
        ("Deposit is £30,000 not £26,000.", ["deposit", "replaced amount"]),
        ("Ask for £48,000 not £60,000.", ["amount asked for", "replaced amount"]),
        (
            "Raise £2,000 instead, £3,000 is too ambitious.",
            ["fundraising target", "replaced amount"],
        ),
    ],
)
def test_money_that_is_no_budget_is_not_labelled_one(said: str, labels: list[str]) -> None:
    """Found by a second new user's trial: a £8 ticket, a corrected deposit, a grant's old
    amount and a rejected target each made "Spending overruns the £N budget"."""
    points = extract_data_points(said, source="feedback:1")
    assert [p.label for p in points if p.value.startswith("£")] == labels
