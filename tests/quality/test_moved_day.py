"""A reviewer who moves the day by an amount gets a plan on the new day, and nothing of it
still plans for the old one (found as a user: "postpone it by two weeks" at checkpoint 1
was "declined as a constraint" while the plan check said the feedback was reflected; the
risk register gained "The two weeks timeline slips" and kept the old deadline's risk)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 2)
KITCHEN = "Refit our kitchen in Sheffield with a budget of £12k, finishing by 26 February 2027"


@pytest.mark.parametrize(
    ("said", "moved_to"),
    [
        ("postpone it by two weeks", "2027-03-12"),
        ("Push the refit back 10 days", "2027-03-08"),
        ("delay everything by 3 weeks", "2027-03-19"),
        ("make it a week later", "2027-03-05"),
        ("bring it forward by a month", "2027-01-26"),
        ("Can we move the refit forward by two weeks?", "2027-02-12"),
    ],
)
def test_a_day_moved_by_an_amount_moves_the_deadline_that_held(said: str, moved_to: str) -> None:
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)])
    assert cs.deadline is not None and cs.deadline.source == "feedback:1"
    assert cs.deadline.when == date.fromisoformat(moved_to)


def test_a_move_said_after_its_day_in_one_text_moves_that_day() -> None:
    cs = gather("Refit the kitchen, due on 19 February 2027 but postponed by two weeks", START)
    assert cs.deadline is not None and cs.deadline.when == date(2027, 3, 5)


def test_a_move_with_no_day_to_move_is_no_deadline() -> None:
    cs = gather("Learn Spanish", START, [Feedback(checkpoint=1, text="postpone it by a week")])
    assert cs.deadline is None


async def test_the_plan_is_on_the_moved_day_and_plans_for_nothing_else() -> None:
    run = await drive(KITCHEN, {1: "postpone it by two weeks"})
    secs = sections(run.plan)
    assert "_Changed since the goal: deadline 2027-03-12, not 2027-02-26" in run.plan
    assert (
        "to the deadline 2027-03-12 (“postpone it by two weeks”, feedback:1)" in (secs["Schedule"])
    )
    applied = secs["Feedback applied"]
    assert "declined as a constraint" not in applied
    assert "postpone it by two weeks → 2027-03-12" in applied
    risks = secs["Risk register"]
    assert "26 February 2027 deadline" not in risks
    assert "timeline slips" not in risks
    assert not [c for c in run.flags if c.id == "feedback_reflected"]


async def test_the_goals_words_say_what_holds_now() -> None:
    """Found as a user: after "move it to 21 May and make it in Leeds instead" the SMART
    statement still said "in Harrogate on Saturday 12 June 2027", and after a new budget
    it kept the old one; a postponed refit kept "finishing by 26 February 2027" as work."""
    wedding = await drive(
        "Plan our wedding for 80 guests in Harrogate on Saturday 12 June 2027, budget £20k",
        {1: "move it to 21 May and make it in Leeds instead, the budget is now £25,000"},
    )
    smart = sections(wedding.plan)["SMART goal"]
    assert "**SMART statement:** Plan our wedding for 80 guests in Leeds on 21 May 2027" in smart
    assert "Harrogate" not in smart and "12 June" not in smart and "£20k" not in smart
    kitchen = await drive(KITCHEN, {1: "postpone it by two weeks"})
    secs = sections(kitchen.plan)
    for section in ("MoSCoW priorities", "Work breakdown", "SMART goal"):
        assert "26 February 2027" not in secs[section], section
    assert "finishing by 12 March 2027" in secs["Work breakdown"]


async def test_a_day_already_past_is_said_not_silently_dropped() -> None:
    """Found as a user: "on 1 December 2026", said on 5 December, was "No deadline stated"."""
    goal = "Throw a retirement party for Jean on 1 December 2026 for 40 people"
    cs = gather(goal, START)
    assert cs.deadline is None
    (passed,) = cs.of("passed")
    assert passed.when == date(2026, 12, 1) and passed.source == "goal"
    run = await drive(goal)
    secs = sections(run.plan)
    assert (
        "The date “on 1 December 2026” (goal) is already past, so it sets no deadline"
        in (secs["Schedule"])
    )
    assert (
        "| Date already past | on 1 December 2026 → 2026-12-01, before the start"
        in (secs["Constraints"])
    )
    # a month without a year is the next one, never past
    assert not gather("Throw a party for Jean by March", START).of("passed")


async def test_a_deadline_brought_forward_keeps_its_risk_and_a_raised_budget_is_not_tight() -> None:
    """Found as a user: after "bring it forward by a month" the deadline's risk vanished
    (the words name no date), and "the budget is now £60,000", a raise, made overspending
    High, as a cut would."""
    hiring = await drive(
        "Hire 3 backend engineers by 30 June 2027 with a budget of €40,000",
        {1: "bring it forward by a month"},
    )
    risks = sections(hiring.plan)["Risk register"]
    assert "| The 30 May 2027 deadline is missed — raised by the reviewer |" in risks
    assert "| bring it forward by a month (feedback:1) | High | High |" in risks
    assert "30 June 2027 deadline" not in risks
    loft = await drive(KITCHEN, {1: "the budget is now £15,000"})
    assert (
        "| Spending overruns the £15,000 budget — raised by the reviewer | £15,000 "
        in (sections(loft.plan)["Risk register"])
    )
    assert "(feedback:1) | Medium | High |" in sections(loft.plan)["Risk register"]
    cut = await drive(KITCHEN, {1: "the budget is now £9,000"})
    assert (
        "| Spending overruns the £9,000 budget — raised by the reviewer | £9,000 "
        in (sections(cut.plan)["Risk register"])
    )
    assert "£9,000 (feedback:1) | High | High |" in sections(cut.plan)["Risk register"]


async def test_the_next_action_for_applied_feedback_is_to_tell_people_not_to_act_again() -> None:
    """Found as a user: "Act on checkpoint 1 feedback: “postpone it by two weeks”" after
    the plan had moved every date, inviting a second postponement."""
    moved = await drive(KITCHEN, {1: "postpone it by two weeks"})
    actions = sections(moved.plan)["Next actions"]
    assert "Tell everyone involved what checkpoint 1 changed: “postpone it by two weeks”" in (
        actions
    )
    assert "Act on checkpoint 1" not in actions
    steered = await drive(KITCHEN, {1: "think harder about the neighbours and the noise"})
    assert "Act on checkpoint 1 feedback:" in sections(steered.plan)["Next actions"]


async def test_a_day_moved_by_weeks_is_no_focus_on_weeks() -> None:
    """Found as a user: after "postpone it by two weeks" every section was "written around
    the reviewer's focus on weeks"."""
    run = await drive(KITCHEN, {1: "postpone it by two weeks"})
    assert "focus on weeks" not in run.plan
    assert "“postpone it by two weeks” — its data points (two weeks) are used below" in run.plan


@pytest.mark.parametrize(
    ("goal", "asked", "with_milestone"),
    [
        (
            "Do a loft conversion by October 2027, budget £55,000",
            "also book a structural engineer",
            "Drawings agreed; planning and building regulations checked",
        ),
        (
            "Throw a party for my wife's 40th at home on 20 March 2027",
            "also book a photographer",
            "The room at home planned",
        ),
        (
            "Plan our wedding for 80 guests in York on 12 June 2027",
            "also book a photographer",
            "Caterer and key vendors booked",
        ),
    ],
)
async def test_an_addition_is_due_with_the_work_it_belongs_to(
    goal: str, asked: str, with_milestone: str
) -> None:
    """Found as a user: "also book a structural engineer" was due after the structure was
    built, at four fifths of the schedule; a photographer likewise."""
    run = await drive(goal, {1: asked})
    task = asked.removeprefix("also ").capitalize()
    due = re.search(rf"^\| {task} \| [^|]+ \| (\S+) \|", run.plan, re.M)
    named = re.escape(with_milestone)
    milestone = re.search(rf"^\| M\d \| {named}[^|]* \| [^|]+ \| (\S+) \|", run.plan, re.M)
    assert due is not None and milestone is not None
    assert due.group(1) == milestone.group(1)


async def test_a_long_goals_words_and_a_ruled_out_word_after_a_postponement() -> None:
    """Found as a user: a long goal's SMART statement kept "on Saturday 7 August" beside
    "By 2027-08-21" (its clause was cut short before the new day was put in), and after
    "No sponsors" a section was "written around the reviewer's focus on sponsors"."""
    run = await drive(
        "Run a summer music festival for 3,000 people in Somerset on Saturday 7 August 2027 "
        "with a budget of £80,000",
        {1: "Postpone it by two weeks. No sponsors."},
    )
    smart = sections(run.plan)["SMART goal"]
    assert "on 21 August 2027" in smart and "7 August" not in smart
    assert "focus on sponsors" not in run.plan
