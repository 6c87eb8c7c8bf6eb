"""A contingency said as an amount or a share (a thirteenth new user's trial: "Raise the
budget to £13,500 and keep 10 percent as contingency" kept a 15% contingency and made "a
growth target of 10 percent" the kitchen's measure and a risk; an earlier trial's "Keep
£1,000 back for surprises" was read as nothing)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

KITCHEN = "Redo the kitchen: new units, worktop and flooring, budget £12,000, done before Easter"
BATHROOM = "Renovate the bathroom by May, budget £8,000"


@pytest.mark.parametrize(
    ("said", "amount", "share"),
    [
        ("Keep £1,000 back for surprises", 1000, None),
        ("keep 10 percent as contingency", None, 10),
        ("We want a 15% buffer.", None, 15),
        ("The contingency should be £2,000.", 2000, None),
    ],
)
def test_money_kept_back_is_read(said: str, amount: float | None, share: float | None) -> None:
    cs = gather(BATHROOM, START, [Feedback(checkpoint=1, text=said)])
    kept = cs.reserve
    assert kept is not None and kept.source == "feedback:1"
    assert (kept.money.amount if kept.money else None, kept.number) == (amount, share)
    assert cs.budget is not None and cs.budget.source == "goal"  # no budget of its own


@pytest.mark.parametrize("said", ["Keep 10% of the guests happy", "Keep £500 for the deposit"])
def test_other_keeping_is_no_contingency(said: str) -> None:
    assert gather(BATHROOM, START, [Feedback(checkpoint=1, text=said)]).reserve is None


async def test_a_share_kept_back_is_the_contingency_line() -> None:
    run = await drive(
        KITCHEN, {1: "Raise the budget to £13,500 and keep 10 percent as contingency"}
    )
    budget = sections(run.plan)["Budget"]
    assert (
        "| Contingency | £1,350 | what is left, kept back as said: “keep 10 percent as"
        " contingency” (feedback:1) |" in budget
    )
    assert "| **Total** | £13,500 |" in budget
    assert "growth target" not in run.plan and "measured by 10 percent" not in run.plan
    assert run.flags == []


async def test_an_amount_kept_back_is_the_contingency_line() -> None:
    run = await drive(BATHROOM, {1: "Keep £1,000 back for surprises"})
    assert "| Contingency | £1,000 |" in sections(run.plan)["Budget"]
    assert (
        "kept back (contingency) “Keep £1,000 back for surprises” — applied in Budget: the"
        " contingency line is £1,000." in sections(run.plan)["Feedback applied"]
    )
    assert run.flags == []
