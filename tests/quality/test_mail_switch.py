"""Email moved to another provider is planned as mail, not chat (found as a user:
"Migrate our company's email from on-prem Exchange to Microsoft 365 for 120 staff" was told
to list its channels, rebuild its bots, "pin where each channel went", and "No number yet:
set a target for “company”" beside its 120 staff)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.switches import moves_mail
from tests.quality.drive import drive

START = date(2026, 12, 7)
GOAL = (
    "Migrate our company's email from on-prem Exchange to Microsoft 365 for 120 staff by June"
    " 30, budget $15,000"
)


def test_mail_is_told_from_chat_boards_and_books() -> None:
    assert moves_mail(GOAL)
    assert moves_mail("Move our email from Gmail to Outlook by March")
    assert moves_mail("Switch our 25-person company from Google Workspace to Microsoft 365")
    assert not moves_mail("Move our team of 12 from Slack to Microsoft Teams")
    assert not moves_mail("Migrate our projects from Trello to Jira in Q2")
    assert not moves_mail("Move our bookkeeping from QuickBooks to Xero by 31 March 2027")
    assert not moves_mail("Reply to every customer email within a day")  # no switch
    assert pick(GOAL).title == "A switch of email to a new service"
    assert pick("Move our team of 12 from Slack to Microsoft Teams").title == (
        "A team's switch to a new tool"
    )


async def test_a_mail_switch_moves_mailboxes_and_points_the_mx_record_on_switch_day() -> None:
    run = await drive(GOAL, start=START)
    parts = sections(run.plan)
    for chat in ("channel", "bots", "integrations"):
        assert chat not in run.plan.lower(), chat
    schedule = parts["Schedule"]
    assert "| M2 | New service set up: domain verified, accounts, licences, two-factor" in (
        schedule
    )
    assert "| M6 | Switch day: mail delivered to the new mailboxes, the old ones read-only |" in (
        schedule
    )
    countdown = parts["Countdown to switch day"]
    assert "| 2 days before | 2027-06-28 | Lower the MX record's TTL to an hour" in countdown
    assert "| On the day | 2027-06-30 | Point the MX record at the new service" in countdown
    # no files named, none to copy
    assert "| With M4 | 2027-04-30 | Copy every mailbox and the archives" in countdown
    assert "| Migration tool or service | $3,000 |" in parts["Budget"]
    assert "Old mail cleared out before the move" in parts["SWOT analysis"]
    smart = parts["SMART goal"]
    assert "No number yet" not in smart and "“prem”" not in smart
    assert "by 2027-06-30, for all 120 staff (goal) | milestones |" in smart
    assert not run.flags


async def test_a_suite_switch_copies_the_files_with_the_mail() -> None:
    run = await drive(
        "Switch our 25-person company from Google Workspace to Microsoft 365 by 31 March 2027",
        start=START,
    )
    parts = sections(run.plan)
    assert (
        "| M4 | Mailboxes, calendars and files copied; shared mailboxes and phones set up"
        in (parts["Schedule"])
    )
    assert (
        "Copy every mailbox, the shared files and the archives"
        in (parts["Countdown to switch day"])
    )


async def test_a_chat_switch_keeps_its_channels() -> None:
    run = await drive("Move our team of 12 from Slack to Microsoft Teams by 28 February 2027")
    assert "pin where each channel went" in run.plan
    assert "MX record" not in run.plan and "mailboxes" not in run.plan
