"""A move's new rent is paid from moving day: the move's budget holds its first month, not
every month of the plan (found as a user: "rent is about £1,700 a month" made "Rent (7
months) £6,000", the whole budget, with the removal company at £0, and every check passed)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
MOVE = "Move our family of four from Leeds to Bristol by the end of August with a budget of £6,000"


async def test_the_first_months_rent_is_the_moves_and_removals_keep_their_share() -> None:
    said = "We are renting a 3-bed house in Bristol; rent is about £1,700 a month."
    driven = await drive(MOVE, {1: said}, START)
    budget = sections(driven.plan)["Budget"]
    assert (
        "| Rent (1 month) | £1,700 | at most £1,700 a month × 1 month, the first, paid in"
        " advance on moving in (feedback:1) |" in budget
    )
    assert "| Removal company | £1,075 | 25% of £4,300 left after the caps (goal) |" in budget
    assert "| Deposit | £1,505 |" in budget  # its first month's rent is the line above
    assert "£0 |" not in budget
    assert driven.flags == []
