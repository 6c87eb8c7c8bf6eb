"""What one thing costs is its line, and a picture book is short (found by a third new
user's trial: "The illustrator costs £1,500" became a picture book's whole budget, split
into editing and a cover with no illustration line, and the draft was 80,000 words)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from tests.quality.drive import drive

START = date(2026, 12, 5)


def test_what_one_thing_costs_is_its_line_and_the_whole_things_the_budget() -> None:
    cs = gather("The illustrator costs £1,500. I can write 5 hours a week.", START)
    assert cs.budget is None
    assert [(c.subject, c.money.amount if c.money else 0) for c in cs.line_caps()] == [
        ("illustrator", 1_500)
    ]
    for whole in ("The trip costs about £3,000", "The whole thing costs £4,000"):
        said = gather(whole, START)
        assert said.budget is not None and not said.line_caps(), whole


async def test_a_picture_book_has_its_illustrator_and_few_words() -> None:
    run = await drive(
        "Write and self-publish a children's picture book by October 2027",
        {1: "The illustrator costs £1,500. I can write 5 hours a week."},
        start=START,
    )
    parts = sections(run.plan)
    assert "| Illustrator | £1,500 | its price, £1,500 (feedback:1) |" in parts["Budget"]
    assert "Total budget £1,500" not in run.plan and "80,000 words" not in run.plan
    assert "1,000 words (assumed: no length stated; a usual picture book's)" in run.plan
