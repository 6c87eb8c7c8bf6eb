"""Interest rates said of what is owed, each with the debt it is said of
(planloop.constraints.interest)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.interest import read_rates


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "The store card is 29% APR and the credit card is 19%.",
            [(29.0, "store card"), (19.0, "credit card")],
        ),
        ("£1,200 on a store card at 29% and £3,000 on a credit card", [(29.0, "store card")]),
        ("Pay back my £12,000 car loan at 7% APR within 3 years", [(7.0, "car loan")]),
        ("my loan is at 6.9% interest", [(6.9, "loan")]),
        ("APR of 22.9%", [(22.9, "")]),  # said of no debt in particular: of every one
        ("it's 24% APR on the card and 0% on the loan, I think", [(24.0, "")]),
        ("Grow our newsletter's subscribers 20% a year", []),  # no rate owed
    ],
)
def test_a_rate_is_read_with_the_debt_it_is_said_of(
    text: str, found: list[tuple[float, str]]
) -> None:
    assert [(c.number, c.subject) for c in read_rates(text, "goal", date(2026, 12, 2))] == found
