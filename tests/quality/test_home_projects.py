"""A home's energy upgrade and a garden's makeover are planned as works of their own (found
by a new user's trial: the first was planned as a software migration with a rollback, the
second as the birthday party it had to be ready for), and what a reviewer drops leaves
every part of the plan."""

from __future__ import annotations

import re

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

ENERGY = (
    "Upgrade our 1970s semi-detached house in Nottingham to cut energy bills by 40%: loft "
    "insulation, a heat pump and 4kW solar panels, done by 30 September 2027 with a budget "
    "of £16,000 after the £7,500 Boiler Upgrade Scheme grant"
)
ENERGY_FEEDBACK = (
    "Skip solar for now, do it next year. Heat pump install must be in August, not before,"
    " because we're away 5-20 July 2027. Budget is £12,000 after the grant."
)
GARDEN = (
    "Makeover of our 10m x 15m back garden in Bristol before my daughter's 18th birthday "
    "party on 5 June 2027: new patio, raised vegetable beds and a lawn, budget £7,500"
)
GARDEN_FEEDBACK = (
    "Drop the lawn, we'll do wildflower meadow instead. The patio must not cost more than "
    "£4,000. I'm away 10-24 April 2027. Finish by 22 May 2027 so it settles before the party."
)


def test_an_energy_upgrade_and_a_garden_makeover_are_home_works() -> None:
    assert pick(ENERGY).title == "A home energy upgrade"
    assert pick(GARDEN).title == "A garden makeover"
    assert pick("Throw a garden party for my 40th birthday").id == "party"
    assert pick("Lose 5 kg before our wedding in May").id == "fitness"
    assert pick("Migrate our billing service to PostgreSQL 16 and upgrade the ORM").id == (
        "migration"
    )


async def test_an_energy_upgrade_insulates_first_and_leaves_out_what_is_dropped() -> None:
    run = await drive(ENERGY, {1: ENERGY_FEEDBACK})
    parts = sections(run.plan)
    works = parts["Works sequence"]
    steps = [row.split(" | ")[0].strip("| ") for row in works.splitlines() if row.startswith("| ")]
    insulate = next(i for i, s in enumerate(steps) if s.startswith("Insulate"))
    heat_pump = next(i for i, s in enumerate(steps) if "heat pump" in s)
    assert insulate < heat_pump
    said = ("Constraints", "Feedback applied", "Reviewer direction", "Data points")
    for title, body in parts.items():
        assert title in said or "solar" not in _own(body), title
    assert "| Heat pump, cylinder and radiators |" in parts["Budget"]
    assert "Rollback" not in run.plan and "migrat" not in run.plan.lower()
    assert "£7,500 budget" not in run.plan  # the grant is given, not a budget to overrun
    constraints = parts["Constraints"]
    assert "| Time away | 5-20 July 2027 → 2027-07-05 to 2027-07-20: no work |" in constraints
    assert "August" not in constraints  # the install's month, said with the time away
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_a_garden_makeover_drops_the_lawn_and_caps_the_patio() -> None:
    run = await drive(GARDEN, {1: GARDEN_FEEDBACK})
    parts = sections(run.plan)
    assert "Party day" not in run.plan and "Party bags" not in run.plan
    assert "| Lay the patio and paths; build the raised beds |" in parts["Works sequence"]
    assert "lawn" not in parts["Works sequence"].lower()
    assert "3.3 raised vegetable beds\n" in parts["Work breakdown"] + "\n"
    assert "Cap: patio at most £4,000 (feedback:1)." in parts["Budget"]
    said = ("Constraints", "Feedback applied", "Reviewer direction", "Data points")
    for title, body in parts.items():
        assert title in said or "lawn" not in _own(body), title
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


def _own(body: str) -> str:
    """A section's words without its note quoting the feedback and its Won't haves."""
    notes = (p for p in body.split("\n\n") if "Adjusted for checkpoint" not in p)
    lines = "\n".join(notes).splitlines()
    kept = "\n".join(line for line in lines if "rules it out" not in line)
    return re.sub(r"“[^”]*”", "", kept).lower()
