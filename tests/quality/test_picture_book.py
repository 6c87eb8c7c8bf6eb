"""A picture book is drawn as much as written (found by a new user's trial: planned as a
novel, with half a first draft, a draft that stalls in the middle and an audiobook; the
illustrator friend had no work)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

GOAL = (
    "Write and self-publish a 32-page illustrated children's picture book about a hedgehog"
    " with my illustrator friend Leo by 1 September 2027; I write on Tuesday and Thursday"
    " evenings only"
)


@pytest.mark.parametrize(
    "goal",
    [
        "Write and self-publish a 40,000-word novel by 30 September 2027",
        "Write and publish an illustrated recipe book by 30 September 2027",
    ],
)
def test_a_novel_or_a_recipe_book_is_no_picture_book(goal: str) -> None:
    family = pick(goal)
    assert family.id == "writing"
    assert not any("illustrator" in p.title or "Illustrator" in p.owner for p in family.phases)


async def test_the_illustrator_draws_and_the_book_is_printed() -> None:
    d = await drive(GOAL, start=date(2026, 12, 5))
    plan = d.plan
    assert "Plan type: a picture book." in plan
    assert "| M3 | Character sketches and rough spreads done | Leo |" in plan
    assert "| M5 | Final illustrations finished | Leo |" in plan
    assert "Books printed and published" in plan
    for novel in ("Half the first draft", "stalls in the middle", "audiobook"):
        assert novel not in plan, novel
    assert not d.flags, d.flags


@pytest.mark.parametrize(
    ("said", "line", "subject"),
    [
        ("£600 for printing 200 copies", "| Printing | £600 |", "printing"),
        ("and €90 for framing 12 prints", "| Framing | €90 |", "framing"),
    ],
)
async def test_money_for_so_many_of_something_is_that_lines_price(
    said: str, line: str, subject: str
) -> None:
    """Found by a new user's trial: "£600 for printing 200 copies" was no budget, and the
    plan had no money for printing."""
    cs = gather(f"{GOAL}; {said}", date(2026, 12, 5))
    assert [(c.kind, c.subject, c.scope) for c in cs.line_caps()] == [
        ("line_cap", subject, "price")
    ]
    assert cs.budget is None
    if subject == "printing":
        d = await drive(f"{GOAL}; {said}", start=date(2026, 12, 5))
        assert line in d.plan
        assert not d.flags, d.flags


def test_money_for_things_is_still_the_budget() -> None:
    cs = gather("Make a herb garden by May 2027, £150 for timber and compost", date(2026, 12, 5))
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 150
