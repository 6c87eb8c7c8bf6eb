"""A budget said for one thing is that line's, in as many words as the thing has (found as a
user: "Budget £250 for the photo booth." at a checkpoint became the whole budget, every
other line £0, and no photo booth)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.extract import gather
from tests.quality.drive import drive

START = date(2026, 12, 7)
PARTY = "Plan a 40th birthday party for 30 guests on 14 March in Manchester, budget £1,500"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Budget £250 for the photo booth.", ("line_cap", "photo booth")),
        ("A budget of £250 for the photo booth.", ("line_cap", "photo booth")),
        ("Budget £300 for a DJ.", ("line_cap", "dj")),
        ("budget £200 for lessons", ("line_cap", "lessons")),
        # the whole undertaking, or a list of things, is the whole budget
        ("Budget £2,000 for the whole party.", ("budget", "")),
        ("Budget £3,000 for the wedding.", ("budget", "")),
        ("Budget £500 for food and drink.", ("budget", "")),
        ("a budget of €1,200 for mic, editing and hosting", ("budget", "")),
    ],
)
def test_a_budget_for_one_thing_is_its_lines(said: str, read: tuple[str, str]) -> None:
    money = [(c.kind, c.subject) for c in gather(said, START).items if c.money]
    assert money == [read]


async def test_the_photo_booth_gets_its_line_and_the_total_stays() -> None:
    driven = await drive(PARTY, {1: "Budget £250 for the photo booth."}, START)
    budget = sections(driven.plan)["Budget"]
    assert "Total budget £1,500 (goal); lines sum to it exactly." in budget
    assert "| Photo booth | £250 | at most £250 (feedback:1) |" in budget
    assert "£0" not in budget
    assert driven.flags == []


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "Budget £250 for the photo booth and £400 for catering.",
            [("line_cap", "photo booth", 250), ("line_cap", "catering", 400)],
        ),
        (
            "Budget £250 for the photo booth, £400 for catering and £100 for decorations.",
            [
                ("line_cap", "photo booth", 250),
                ("line_cap", "catering", 400),
                ("line_cap", "decorations", 100),
            ],
        ),
        (
            "Spend £250 on the DJ and £400 on food.",
            [("line_cap", "dj", 250), ("line_cap", "food", 400)],
        ),
        # an amount after the whole budget is not listed with a line
        ("Plan a trip to Rome with £2,000 for flights and hotels.", [("budget", "", 2000)]),
    ],
)
def test_each_amount_listed_after_a_lines_is_a_line(
    said: str, read: list[tuple[str, str, int]]
) -> None:
    """Found as a user: "Budget £250 for the photo booth and £400 for catering" made £250 and
    then £400 the whole budget; "Spend £250 on the DJ and £400 on food" capped a line
    called "the" and lost the food."""
    money = [(c.kind, c.subject, c.money.amount) for c in gather(said, START).items if c.money]
    assert money == read


async def test_two_lines_said_together_keep_the_total() -> None:
    said = "Budget £250 for the photo booth and £400 for catering."
    budget = sections((await drive(PARTY, {1: said}, START)).plan)["Budget"]
    assert "Total budget £1,500 (goal)" in budget
    assert "| Photo booth | £250 | at most £250 (feedback:1) |" in budget
    assert "| Food and cake | £400 | at most £400 (feedback:1) |" in budget


@pytest.mark.parametrize(
    ("said", "read"),
    [
        # a line named before the word budget (a user trial's: the whole budget)
        (
            "Hire a designer by March; recruiter fees budget £8,000",
            [("line_cap", "recruiter fees", 8000)],
        ),
        (
            "Launch the app in May with a marketing budget of £5,000",
            [("line_cap", "marketing", 5000)],
        ),
        # the whole undertaking, or no thing, named before it: the total
        ("Plan our wedding, wedding budget £20,000", [("budget", "", 20000)]),
        ("Renovate the kitchen, total budget £12,000", [("budget", "", 12000)]),
        ("Open a cafe; our budget £50,000", [("budget", "", 50000)]),
        # a thing asked for with its price (a trial's: "Paid design exercise of", no £300)
        ("Include a paid design exercise of £300.", [("line_cap", "paid design exercise", 300)]),
    ],
)
def test_a_line_named_with_its_money(said: str, read: list[tuple[str, str, int]]) -> None:
    money = [(c.kind, c.subject, c.money.amount) for c in gather(said, START).items if c.money]
    assert money == read


async def test_a_hiring_plans_recruiter_budget_and_a_paid_exercise() -> None:
    goal = (
        "Hire a senior product designer for our team by 31 March 2027; recruiter fees budget"
        " £8,000; Priya Shah runs the interviews"
    )
    said = "Two interview rounds only, and include a paid design exercise of £300."
    driven = await drive(goal, {1: said}, START)
    secs = sections(driven.plan)
    assert "| Recruiter or agency fees (cap) | £8,000 | at most £8,000 (goal) |" in secs["Budget"]
    assert "| Paid design exercise | £300 | its price, £300 (feedback:1) |" in secs["Budget"]
    assert "| Paid design exercise | Hiring manager |" in secs["Hiring timeline"]
    assert "exercise of |" not in driven.plan  # the task is whole, its price read
    assert "recruiter fees budget" not in secs["Work breakdown"]


@pytest.mark.parametrize(
    "said",
    [
        "Plan a party on a tight budget of £500",
        "Run the club with an annual budget of £500",
        "We have a limited budget of £500",
        "Plan our trip; rough budget £500",
    ],
)
def test_what_a_budget_is_like_is_no_line(said: str) -> None:
    """A word before "budget" that says what it is like names no line: "a tight budget of
    £500" is the whole budget."""
    money = [(c.kind, c.subject, c.money.amount) for c in gather(said, START).items if c.money]
    assert money == [("budget", "", 500)]
