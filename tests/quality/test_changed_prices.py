"""Money said again at a checkpoint, as a thirteenth new user's trial said it: "The budget is
actually £5,000, not £4,500" was read as nothing (and raised a £5,000 overrun risk), and a
charity ride's "raise £10,000, entry fee £35" became two costs, "The entry fee is now £40,
not £35" two more (a line "Not £35" among them), and the fees were left out of what each
rider must raise."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

MOVE = "Move house from Bristol to Leeds by 28 February 2027, budget £4,500"
RIDE = (
    "Organise a charity bike ride for 60 riders on 12 June 2027 around the Peak District,"
    " raise £10,000, entry fee £35"
)


@pytest.mark.parametrize(
    ("said", "amount"),
    [
        ("The budget is actually £5,000, not £4,500", 5000),
        ("The budget is really only £4,000", 4000),
        ("The budget is in fact £5,200.", 5200),
    ],
)
def test_a_budget_said_again_with_a_word_between(said: str, amount: float) -> None:
    cs = gather(MOVE, START, [Feedback(checkpoint=1, text=said)])
    assert cs.budget is not None and cs.budget.money is not None
    assert (cs.budget.money.amount, cs.budget.source) == (amount, "feedback:1")


def test_a_target_and_a_fee_are_no_costs() -> None:
    cs = gather(RIDE, START, [Feedback(checkpoint=1, text="The entry fee is now £40, not £35")])
    assert cs.line_caps() == []
    fees = [(p.subject, p.money.amount if p.money else 0, p.source) for p in cs.price_caps()]
    assert fees == [("entry fee", 40, "feedback:1")]  # the goal's £35, replaced


async def test_what_each_rider_raises_counts_the_fee_said_last() -> None:
    run = await drive(RIDE, {1: "The entry fee is now £40, not £35"})
    budget = sections(run.plan)["Budget"]
    assert "| Not |" not in budget and "Total of the costs said" not in budget
    assert (
        "To raise £10,000, it must bring in £10,000: the entry fee (£40, feedback:1) brings in"
        " £2,400 from the 60 riders (goal), and the other £7,600 is £127 from each of them in"
        " sponsorship and donations." in budget
    )
    assert run.flags == []


JAPAN = (
    "Plan a week in Japan for two in late October 2027, Tokyo and Kyoto, £5,000 all in including"
    " flights from London"
)


async def test_flights_said_plainly_are_the_travel_line() -> None:
    """The same trial: "Flights are about £1,400 for both of us" left the travel line at
    £1,500, the £1,400 a "resource on hand" and a second budget in the RACI."""
    run = await drive(JAPAN, {1: "Flights are about £1,400 for both of us"})
    budget = sections(run.plan)["Budget"]
    assert "| Travel there and back | £1,400 | its price, £1,400 (feedback:1) |" in budget
    assert "£5,000 and £1,400" not in run.plan and "Resource on hand: £1,400" not in run.plan
    assert run.flags == []


async def test_a_budget_with_a_shop_that_sells_is_its_budget_and_replaced_when_said() -> None:
    """A second trial's: "Launch a Shopify store selling handmade candles by 1 March 2027
    with £2,000" read the £2,000 as a selling price; after "The budget is now £1,500, not
    £2,000" the SMART statement kept "with £2,000" and the SWOT "Resource on hand: £2,000"
    beside the £1,500, and the risks asked to "Account for replaced amount £2,000"."""
    goal = "Launch a Shopify store selling handmade candles by 1 March 2027 with £2,000"
    cs = gather(goal, START, [])
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 2000
    run = await drive(goal, {1: "The budget is now £1,500, not £2,000"})
    secs = sections(run.plan)
    assert "by 1 March 2027 with £1,500." in secs["SMART goal"]
    assert "Resource on hand: £2,000" not in secs["SWOT analysis"]
    assert "replaced amount £2,000" not in secs["Risk register"]
    assert "replaced amount" not in secs["Budget and resources"]
    assert run.flags == []
