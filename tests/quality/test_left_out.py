"""What a reviewer rules out leaves the plan, and only the sections feedback shaped say so.
Found as a user: "No tiling" left "Tile; lay the floor; decorate; second fix" as it was,
and every section of a plan repeated the feedback, "noted; nothing in it changes this
section" included."""

from __future__ import annotations

from planloop.checks import sections
from tests.quality.drive import drive

BATHROOM = "Renovate our bathroom by May with £12,000"
KITCHEN = "Renovate our kitchen by the end of April with a budget of £18,000"


async def test_a_step_loses_the_work_ruled_out_and_keeps_the_rest() -> None:
    run = await drive(BATHROOM, {1: "Marek is our electrician. No tiling."})
    works = sections(run.plan)["Works sequence"]
    assert "| Lay the floor; decorate; second fix |" in works
    assert "| Order the suite, shower and taps |" in works
    assert "tile" not in works.lower()
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_only_the_sections_the_feedback_shaped_carry_its_note() -> None:
    run = await drive(KITCHEN, {1: "We're away 10-17 March, and the worktops must be quartz"})
    noted = {t for t, body in sections(run.plan).items() if "Adjusted for checkpoint 1" in body}
    assert noted, "the sections that use “must be quartz” say where it came from"
    for title in noted:
        said = [p for p in sections(run.plan)[title].split("\n\n") if "Adjusted for" not in p]
        assert "must be quartz" in "\n\n".join(said), title
    assert "Stakeholder map" not in noted
    assert "nothing in it changes this section" not in run.plan


async def test_a_focus_list_names_only_what_its_section_does_not_say() -> None:
    """Found by a new user's trial: the same five "Account for" lines under the same note in
    five sections, each of which already said most of them."""
    goal = "Grow our invoicing app InvoiceNest to 500 paid upgrades by April 2027"
    said = "Marketing budget is $20,000. Carla Méndez owns the launch email campaign."
    run = await drive(goal, {1: said})
    for title, body in sections(run.plan).items():
        for line in body.splitlines():
            if line.startswith("- Account for "):
                value = line.removeprefix("- Account for ").rsplit(" (", 1)[0].split(" ", 1)[-1]
                said = [x for x in body.splitlines() if not x.startswith(("_", "- Account"))]
                assert value not in "\n".join(said), (title, line)
    actions = sections(run.plan)["Next actions"]
    assert "Walk the owner through" not in actions
    sent = "Send the plan to Carla Méndez; each confirms the milestones and tasks they own."
    assert sent in actions


async def test_a_milestone_loses_the_part_ruled_out_and_keeps_the_rest() -> None:
    """Found by a new user's trial: after "No ferries", "M2 Route planned: each day's drive,
    and the ferries booked" stayed in the Schedule and the work breakdown."""
    run = await drive(
        "Plan a 10-day road trip through Scotland in July 2027 for 2 adults, budget £3,000",
        {1: "No ferries, we're skipping the islands this time"},
    )
    plan = sections(run.plan)
    assert "| M2 | Route planned: each day's drive | Trip planner |" in plan["Schedule"]
    for title in ("Schedule", "Milestones and critical path", "Countdown to departure"):
        assert "ferr" not in plan.get(title, "").lower(), title
    for checks in run.checks[-1:]:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]
