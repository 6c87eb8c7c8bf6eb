"""What a reviewer rules out is left out, as the plan says it is: a new user's trial had
"Skip the paid marketing entirely" reported as "left out of every section" beside a
Marketing line of £360 (the words "paid" and "entirely" had made it rule out only "paid")."""

from __future__ import annotations

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families.exclusions import excluded_words
from tests.quality.drive import START, drive

CANDLES = (
    "hey - want to launch a Shopify store selling my handmade soy candles, I've got £2,500"
    " saved, want it live by 1 March 2027 and first 100 orders by end of May"
)


def test_how_a_thing_is_ruled_out_names_nothing() -> None:
    said = [Feedback(checkpoint=1, text="Skip the paid marketing entirely")]
    (skip,) = gather(CANDLES, START, said).exclusions
    assert excluded_words(skip, CANDLES) == {"marketing"}


async def test_the_marketing_line_is_gone_when_paid_marketing_is_skipped() -> None:
    run = await drive(
        CANDLES, {1: "Skip the paid marketing entirely, and cut the budget to £1,800"}
    )
    budget = sections(run.plan)["Budget"]
    assert "Marketing" not in budget and "Total budget £1,800 (feedback:1)" in budget
    assert "excluded: no budget line for marketing" in sections(run.plan)["Feedback applied"]
