"""A home renovation is planned as one, not as a general goal (found as a user: "Renovate
our kitchen by March with €15,000" got "First delivery", "All work packages delivered", a
"Delivery team" and €1,500 for "Launch and hand-over")."""

from __future__ import annotations

from datetime import date

from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
KITCHEN = "Renovate our kitchen by March with €15,000"


def test_a_renovation_orders_the_trades_and_pays_in_stages() -> None:
    out = outline.build(KITCHEN, gather(KITCHEN, START))
    assert out.family.id == "renovation"
    titles = [m.title for m in out.milestones]
    assert titles[0] == "Design agreed; three written quotes in"
    assert titles[-1] == "Snagging list cleared; final payment made"
    assert out.milestones[-1].due == date(2027, 3, 31)
    table = structure(out)
    assert "| Order units, fittings and appliances | 2026-12-27 | Homeowner |" in table
    assert "| Plaster; install units, worktops and fittings | 2027-02-12 | Builder |" in table
    assert "pay in stages as work is done, not up front" in table
    assert [line.name for line in out.lines][:5] == [
        "Builder and labour",
        "Units, worktops and fittings",
        "Appliances",
        "Plumbing and electrics",
        "Tiles, flooring and paint",
    ]


def test_a_named_trade_owns_its_works_and_an_exclusion_drops_its_step() -> None:
    feedback = [
        Feedback(checkpoint=1, text="Marek is our electrician. No tiling, we keep the floor.")
    ]
    out = outline.build(KITCHEN, gather(KITCHEN, START, feedback))
    table = structure(out)
    assert "| Strip out; first fix of plumbing and electrics | 2027-01-26 | Marek |" in table
    assert "| Fit flooring; decorate; second fix |" in table and "tile" not in table.lower()
    assert not any("tiling" in m.title.lower() for m in out.milestones)


async def test_a_renovation_plan_has_no_launch_or_delivery_team() -> None:
    plan, _ = await _run(KITCHEN, [])
    assert "Plan type: a home renovation." in plan
    assert "Launch and hand" not in plan and "Delivery team" not in plan
    assert "| Contingency | €2,250 |" in plan  # 15%: renovations find surprises
    assert "Finance / budget holder" not in plan  # the household's own money
    assert "“renovate”" not in plan and "centred on “kitchen”" in plan


async def test_a_bathroom_or_a_loft_is_planned_in_its_own_words_not_a_kitchens() -> None:
    """Found as a user: a bathroom renovation got worktops, appliances and "stone worktops
    are templated after the units are in"."""
    bathroom, _ = await _run("Renovate our bathroom in Cardiff for GBP 9,500 by April", [])
    loft, _ = await _run("Convert the loft into a bedroom by June with a budget of £30,000", [])
    for plan in (bathroom, loft):
        assert "Plan type: a home renovation." in plan
        for kitchen in ("worktop", "Appliances", "Units", "temporary kitchen"):
            assert kitchen not in plan, kitchen
    assert "| M4 | Suite, shower and fittings installed | Builder |" in bathroom
    assert "test the shower for leaks before any tile goes on" in bathroom
    assert "| Suite, shower and fittings | £2,090 | 22% of £9,500 (goal) |" in bathroom
    assert "| M3 | Structural work done; plumbing and electrics first fix | Builder |" in loft
    assert "| M4 | Insulation, boarding and fittings installed | Builder |" in loft
    assert "building control or a structural engineer signs off" in loft
    assert "| Architect, structural engineer and building control |" in loft
    # found as a user: "with a dormer and en-suite" made a loft conversion a bathroom
    dormer, _ = await _run("Do a loft conversion with a dormer and en-suite by October", [])
    assert "Drawings agreed; planning and building regulations checked" in dormer
    assert "Suite, shower" not in dormer and "leaks" not in dormer
    kitchen, _ = await _run(KITCHEN, [])
    assert "stone worktops are templated after the units are in" in kitchen
