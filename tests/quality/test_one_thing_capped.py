"""A cap or a worth said of one thing is that thing's, not the whole budget, as a new user's
trial found: "budget £4,000 from sponsors … prizes worth £600 max" had "Total budget £600",
"prizes stay capped at £600" after a cut to £3,000 did the same, "Max £750 for the external
DPO review" replaced a £1,200 budget, and "Catering £15 per head per day" for 60 students
capped nothing."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

HACKATHON = (
    "organise a 2-day hackathon for 60 computer science students at Leeds uni on 5-6 March"
    " 2027, 12 teams of 5, budget £4,000 from sponsors, with 3 judges and prizes worth £600 max"
)
AUDIT = (
    "Run a GDPR compliance audit for our small animal-rescue charity, finish by 31 March 2027"
    " with a £1,200 budget, and present findings to trustees"
)
CUT = "Budget cut to £3,000 but prizes stay capped at £600. Catering £15 per head per day"


def _caps(goal: str, *said: str) -> tuple[float | None, list[tuple[str, float]]]:
    cs = gather(goal, START, [Feedback(checkpoint=i + 1, text=t) for i, t in enumerate(said)])
    budget = cs.budget.money.amount if cs.budget and cs.budget.money else None
    return budget, [(c.subject, c.money.amount) for c in cs.line_caps() if c.money]


@pytest.mark.parametrize(
    ("goal", "said", "budget", "caps"),
    [
        (HACKATHON, (), 4000, [("prizes", 600)]),
        (HACKATHON, (CUT,), 3000, [("prizes", 600)]),
        (AUDIT, ("Max £750 for the external DPO review",), 1200, [("external dpo review", 750)]),
        # the whole undertaking, or a place: still the budget
        ("Plan our wedding in June 2027, max £3,000 for the wedding", (), 3000, []),
        ("Sell my house worth £300,000 by May 2027, budget £5,000 for the move", (), 5000, []),
        # a page trial's: "… 4 hours a week, with £200 to spend" had been £200 a week
        (
            "Learn conversational Spanish to A2 level before our trip to Spain on 1 June 2027,"
            " studying 4 hours a week, with £200 to spend",
            (),
            200,
            [],
        ),
    ],
)
def test_a_things_cap_is_its_own(
    goal: str, said: tuple[str, ...], budget: float, caps: list[tuple[str, float]]
) -> None:
    assert _caps(goal, *said) == (budget, caps)


def test_students_are_counted_and_a_price_a_head_a_day_comes_to_its_total() -> None:
    cs = gather(HACKATHON, START, [Feedback(checkpoint=1, text=CUT)])
    students = cs.counted("head")
    assert students is not None and students.number == 60
    (catering,) = [c for c in cs.unit_caps() if c.subject == "catering"]
    assert catering.money is not None and catering.money.amount == 15


async def test_the_hackathons_budget_keeps_its_total_and_prices_the_catering() -> None:
    run = await drive(HACKATHON, {1: CUT})
    budget = sections(run.plan)["Budget"]
    assert "Total budget £3,000 (feedback:1)" in budget
    assert "£600 (goal); lines sum" not in budget and "Total budget £600" not in budget
    catering = next(r for r in budget.splitlines() if r.startswith("| Catering |"))
    assert "× 60 computer science students × 2 days" in catering and "= £1,800" in catering
    # a price a head said (no cap word) is what the line comes to, the rest share what is
    # left (a re-run: "£900 more than this" beside a £360 contingency)
    assert catering.startswith("| Catering | £1,800 |") and "more than this" not in catering
    assert "Cap: prizes at most £600 (feedback:1)." in budget


def test_a_things_price_said_with_is_is_that_lines() -> None:
    """A re-run of a trial: "The kit is £520 from Waltons, delivery on 6 March" was read as
    nothing, the kit a share of the budget and its delivery unplanned."""
    shed = (
        "Build an 8x6ft timber shed over Easter (Fri 26 - Mon 29 March 2027). Budget £900 all in."
    )
    said = [Feedback(checkpoint=1, text="The kit is £520 from Waltons, delivery on 6 March")]
    cs = gather(shed, START, said)
    assert [(c.subject, c.money.amount, c.scope) for c in cs.line_caps() if c.money] == [
        ("kit", 520, "price")
    ]
    assert [(c.subject, c.when) for c in cs.additions] == [("delivery", date(2027, 3, 6))]
    rent = "Pay off my car loan by September 2027. Take-home pay is £2,650 a month, rent is £875."
    assert gather(rent, START).line_caps() == []  # rent paid is no line of a plan's budget
