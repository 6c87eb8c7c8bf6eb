"""What a household keeps rather than buys new. Found by a user trial: "Renovate our kitchen
by the end of May 2027 with a £12,000 budget; we keep the old cabinets and just repaint
them" ordered and installed new units, paid for them, and left "3.2 just repaint them" as
a work package; "The worktop alone will cost about £2,500" then added a "Worktop alone"
line beside the worktops' own, paid twice."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from tests.quality.drive import drive

START = date(2026, 12, 7)
KITCHEN = (
    "Renovate our kitchen by the end of May 2027 with a £12,000 budget; we keep the old"
    " cabinets and just repaint them"
)


def test_the_old_cabinets_kept_are_no_new_ones_and_their_repaint_a_task() -> None:
    cs = gather(KITCHEN, START)
    read = [(c.kind, c.subject, c.scope) for c in cs.items if c.kind in ("exclusion", "addition")]
    assert read == [("exclusion", "cabinets", "kept"), ("addition", "repaint the old cabinets", "")]
    assert [c.subject for c in cs.additions] == ["repaint the old cabinets"]
    # "keep catering under £600" keeps nothing
    assert not gather("Plan a party; keep catering under £600", START).exclusions


async def test_a_kitchen_with_its_cabinets_kept_buys_no_units() -> None:
    driven = await drive(KITCHEN, {1: "The worktop alone will cost about £2,500."}, START)
    secs = sections(driven.plan)
    schedule, budget = secs["Schedule"], secs["Budget"]
    assert "| M4 | Worktops and fittings installed | Builder |" in schedule
    assert "units" not in schedule.lower() + secs["Works sequence"].lower()
    assert "| Repaint the old cabinets | Homeowner |" in secs["Works sequence"]
    assert "| Kept, not replaced | keep the old cabinets | goal |" in secs["Constraints"]
    assert "- New cabinets — the old ones are kept (goal)" in secs["MoSCoW priorities"]
    assert "just repaint them" not in secs["Work breakdown"]
    assert "| Worktops and fittings | £2,500 | its price, £2,500 (feedback:1) |" in budget
    assert "alone" not in budget  # the worktop is paid once
    assert driven.flags == []
