"""A team's wiki moved to another tool. Found by a user trial: "Migrate our team's
Confluence wiki (about 400 pages) to Notion by 30 June 2027 for 12 people; Ana leads the
migration" was a software cutover (waves of read and write paths, shadow traffic, checksums
per table, a Legal / compliance sign-off), and "Notion licences cost £1,800 a year and that
is our whole budget" left it with "No budget stated"."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from tests.quality.drive import drive

START = date(2026, 12, 7)
WIKI = (
    "Migrate our team's Confluence wiki (about 400 pages) to Notion by 30 June 2027 for 12"
    " people; Ana leads the migration"
)
SAID = (
    "Tom owns the page audit. Keep Confluence read-only for one month after the switch."
    " Notion licences cost £1,800 a year and that is our whole budget."
)


def test_a_wiki_moved_to_another_tool_is_a_tool_switch() -> None:
    assert pick(WIKI).title == "A team's switch to a new tool"
    assert pick("Migrate our payments database to PostgreSQL by March").id == "migration"


def test_a_years_cost_that_is_the_whole_budget_is_the_budget() -> None:
    cs = gather(WIKI, START, [Feedback(checkpoint=1, text=SAID)])
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 1800
    assert [(c.subject, c.scope) for c in cs.line_caps()] == [("notion licences", "price")]
    assert not cs.period_caps()


async def test_the_wiki_plan_moves_spaces_and_its_audit_is_the_audits_owners() -> None:
    driven = await drive(WIKI, {1: SAID}, START)
    secs = sections(driven.plan)
    schedule = secs["Schedule"]
    assert "| M1 | What moves agreed: spaces, files, integrations, an owner for each | Tom |" in (
        schedule
    )
    assert "| M5 | Everyone trained; a short guide sent | Ana |" in schedule
    for cutover in ("shadow", "checksum", "channel", "Wave"):
        assert cutover not in driven.plan
    assert "Total budget £1,800 (feedback:1)" in secs["Budget"]
    assert (
        "| Licences for the new tool | £1,800 | its price, £1,800 (feedback:1) |"
        in (secs["Budget"])
    )
    assert "Legal / compliance" not in secs["Stakeholder map"]
    assert driven.flags == []
