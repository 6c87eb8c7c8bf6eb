"""Someone who cannot help before a day does not set the deadline. Found by a new user's
trial: "Move the launch to April 2027, our web developer is not free until January" made
January the deadline, so the shop was built before the developer was free."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints import gather
from planloop.domain import Feedback

START = date(2026, 12, 5)
GOAL = "Launch our bakery's online ordering for local delivery by March 2027 with £5,000"


@pytest.mark.parametrize(
    ("said", "held"),
    [
        ("Move the launch to April 2027, our web developer is not free until January", "April"),
        ("Move the launch to April 2027; our developer isn't available until January", "April"),
        ("Our designer is busy until February, so push the launch to May 2027", "May"),
        ("The printer is away until 10 January; launch it in April 2027 instead", "April"),
    ],
)
def test_a_day_someone_is_free_from_is_not_the_deadline(said: str, held: str) -> None:
    cs = gather(GOAL, START, [Feedback(checkpoint=1, text=said)])
    assert cs.deadline is not None and held in cs.deadline.text
    assert not [c for c in cs.of("deadline") if c.text.startswith("until")]


def test_a_deadline_said_with_until_still_holds() -> None:
    cs = gather(GOAL, START, [Feedback(checkpoint=1, text="We have until 20 March to launch")])
    assert cs.deadline is not None and cs.deadline.when == date(2027, 3, 20)
