"""A switch of the books to new accounting software is planned as one (found as a user: a
QuickBooks → Xero switch got the chat tools' plan, "channels", "bots", "a pilot group", and
nothing of a chart of accounts, opening balances, VAT or bank feeds)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.switches import moves_the_books
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = (
    "Move our bookkeeping from QuickBooks to Xero by 31 March 2027; we are a 6-person design"
    " studio, budget £1,500"
)


def test_the_books_moved_between_accounting_tools_are_told_from_a_chat_switch() -> None:
    assert moves_the_books(GOAL)
    assert moves_the_books("Switch our accounts to FreeAgent by April 2027")
    assert moves_the_books("Move our invoicing from Excel spreadsheets to Xero by May")
    assert not moves_the_books("Move our team of 12 from Slack to Microsoft Teams")
    assert pick(GOAL).title == "A switch of the books to new accounting software"
    assert pick("Switch our accounts to FreeAgent by April 2027").id == "switch"
    assert pick("Move our team of 12 from Slack to Microsoft Teams").title == (
        "A team's switch to a new tool"
    )


async def test_a_books_switch_converts_balances_and_keeps_a_month_in_both() -> None:
    run = await drive(GOAL, start=START)
    parts = sections(run.plan)
    assert "channels" not in run.plan.lower() and "bots" not in run.plan.lower()
    schedule = parts["Schedule"]
    assert (
        "| M3 | Opening balances in; the trial balance matches the old ledger's | Accountant |"
        in (schedule)
    )
    assert "| M6 | Switch day: the books kept in the new ledger; the old one read-only |" in (
        schedule
    )
    countdown = parts["Countdown to switch day"]
    assert "| With M1 | 2026-12-22 | Fix the conversion date" in countdown
    assert "Connect the bank feeds; link payroll" in countdown
    # the month in both ledgers starts before the milestone that says it was kept
    assert "| 5 weeks before | 2027-02-24 | Start a month kept in both ledgers" in countdown
    budget = parts["Budget"]
    assert "| Accountant's time: mapping, opening balances, checks | £450 |" in budget
    assert "| Both ledgers paid during the switch | £150 |" in budget
    assert (
        "Tax returns (VAT, sales tax) filed straight from the new ledger"
        in (parts["SWOT analysis"])
    )
    assert "Receipt capture on everyone's phone" in parts["MoSCoW priorities"]
    assert not run.flags


async def test_a_chat_switch_has_its_own_chances_and_extras() -> None:
    run = await drive("Move our team of 12 from Slack to Microsoft Teams by 28 February 2027")
    parts = sections(run.plan)
    assert "The vendor's free migration help and trial licences" in parts["SWOT analysis"]
    assert "A help channel for the first month" in parts["MoSCoW priorities"]
    assert "Momentum around" not in run.plan


def test_whose_books_they_are_does_not_open_a_business() -> None:
    """Found as a user: "Move my small bakery's bookkeeping from spreadsheets to Xero before
    the tax year ends on 5 April 2027" was planned as opening a bakery: registered,
    premises signed, staff hired, a soft opening."""
    goal = (
        "Move my small bakery's bookkeeping from spreadsheets to Xero before the tax year"
        " ends on 5 April 2027"
    )
    assert pick(goal).title == "A switch of the books to new accounting software"
    assert pick("Open a bakery and do the bookkeeping in Xero").id == "venue"
