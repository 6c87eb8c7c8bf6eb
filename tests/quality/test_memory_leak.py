"""An earlier plan in memory informs a new one without standing in for it. Found by a user
trial: a surprise 70th for 30 guests, grounded in a surprise 60th's saved plan, listed
"guests 30 (goal)" beside "guests 25 (memory)" in its data points, and "Known from memory:
amount £1,200" as a strength beside "Missing: no budget stated"."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.domain import MemoryNote
from planloop.memory import notes
from tests.quality.drive import drive

START = date(2026, 12, 7)
MUM = "Plan a surprise 60th birthday dinner for my mum for 25 guests at a restaurant, about £1,200"
DAD = "Plan a surprise 70th birthday dinner for my dad for 30 guests at a restaurant"


async def test_an_earlier_plans_numbers_do_not_stand_in_for_this_ones() -> None:
    mum = await drive(MUM, start=START)
    saved = notes.render_plan(
        goal=MUM, plan=mum.plan, facts=notes.plan_facts("run-mum", MUM, {}), links=[]
    )
    note = MemoryNote(name="plan_surprise_60th_dinner_run-mum", text=saved)
    dad = await drive(DAD, start=START, memory=[note])
    secs = sections(dad.plan)
    points = secs["Data points"]
    assert "| guests | 30 guests | goal |" in points
    assert "25 guests" not in points  # the earlier party's count: this one says its own
    assert "| amount | £1,200 | memory:plan_surprise_60th_dinner_run-mum |" in points
    assert "Known from memory: amount" not in secs["SWOT analysis"]  # not this plan's money
    assert "Missing: no budget stated" in secs["SWOT analysis"]
