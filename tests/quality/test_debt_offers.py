"""A promotional rate said of a debt ("the Barclaycard is 0% until 31 March 2027, then
24.9%"): found by a new user's trial, "until 31 March 2027" became the day to be debt
free, and the card kept an assumed 24% from the first month."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.interest import UNTIL, read_rates
from planloop.domain import Feedback
from tests.quality.drive import START, drive, not_cleared_in_time
from tests.quality.test_debt_top_ups import CARDS

OFFER = "The Barclaycard is 0% until 31 March 2027, then 24.9%. The MBNA card is 19.9%."
_ROW = re.compile(
    r"^\| ([0-9]+) \| ([0-9-]{10}) \| £[0-9,.]+ \| £([0-9,.]+) \| £([0-9,.]+) \|", re.M
)


@pytest.mark.parametrize(
    ("text", "until", "after"),
    [
        (OFFER, date(2027, 3, 31), 24.9),
        (
            "The Barclaycard is on 0% until March, after that it goes up to 24.9% APR",
            date(2027, 3, 31),
            24.9,
        ),
        (
            "0% balance transfer on the Barclaycard until the end of June 2027 then 29%",
            date(2027, 6, 30),
            29.0,
        ),
    ],
)
def test_an_offer_is_read_with_its_end_and_the_rate_after(
    text: str, until: date, after: float
) -> None:
    rates = [r for r in read_rates(text, "feedback:1", START) if r.subject == "barclaycard"]
    assert [(r.number, r.scope, r.when) for r in rates] == [(0.0, UNTIL, until), (after, "", None)]


def test_an_offers_end_is_no_deadline() -> None:
    cs = gather(CARDS, START, [Feedback(checkpoint=1, text=OFFER)])
    assert cs.deadline is not None and cs.deadline.when == date(2027, 12, 31)
    # and a day a growth target is due after a percentage is still its deadline
    grow = gather("Since 1 March 2027 sales fell; grow them 10% by 30 June 2027", START)
    assert grow.deadline is not None and grow.deadline.when == date(2027, 6, 30)


async def test_the_dearest_at_the_time_is_paid_first() -> None:
    run = await drive(CARDS, {1: OFFER})
    schedule = sections(run.plan)["Repayment schedule"]
    assert "the Barclaycard at 0% until 2027-03-31, then 24.9% a year (feedback:1)" in schedule
    assert "the dearest at the time first: the MBNA card while the Barclaycard's offer lasts" in (
        schedule
    )
    assert "The Barclaycard's 0% ends on 2027-03-31 with £3,687.14 still owed on it" in schedule
    rows = [(int(n), date.fromisoformat(d), x, y) for n, d, x, y in _ROW.findall(schedule)]
    interest = {n: float(x.replace(",", "")) for n, _, x, _ in rows}
    # no interest on the card while the offer lasts: only the MBNA card's 19.9%
    assert interest[1] == round(2150 * 19.9 / 1200, 2)
    # from April the card's 24.9% is charged too, and it is the one paid down first
    assert interest[5] > 3 * interest[4]
    owed = {n: float(y.replace(",", "")) for n, _, _, y in rows}
    assert owed[1] == 3762.0 and owed[6] < owed[5] - 150
    schedule = sections(run.plan)["Schedule"]
    assert "to the deadline 2027-12-31 (“by end of 2027”, goal)" in schedule  # not 31 March
    # two weeks before the offer ends, a step to act on it
    assert (
        "| Before the Barclaycard's 0% ends on 2027-03-31: what it still owes moved to another"
        " 0% offer, or paid first from then | You | 2027-03-17 |" in schedule
    )
    assert "the barclaycard's offer until 2027-03-31 in Repayment schedule" in run.plan
    assert not_cleared_in_time(run.flags)  # the schedule says so too
