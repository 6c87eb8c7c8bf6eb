"""A thirteenth new user's trial, as its goals were said: a dissertation with data to
collect, and a move within one country.

- "Write and submit my MSc dissertation (15,000 words) by 1 September 2027; data collection
  needs ethics approval first" had no ethics, collection or analysis step, a writing table
  of "Draft" from week 1, "3.2 data collection needs ethics approval first" as work, and
  readers to pre-order it and an audiobook edition among its prospects.
- "Move house from Bristol to Leeds by 28 February 2027 …" applied for visas, had a budget
  line for them, and was offered "a mid-week, mid-month moving day" for its fixed Sunday."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.households import moves_within_a_country
from tests.quality.drive import drive

THESIS = (
    "Write and submit my MSc dissertation (15,000 words) by 1 September 2027; data collection"
    " needs ethics approval first"
)
MOVE = (
    "Move house from Bristol to Leeds by 28 February 2027 with two kids and a cat, budget £4,500"
    " for removals and the first month's costs"
)


async def test_a_dissertation_with_data_waits_for_its_ethics_approval() -> None:
    run = await drive(THESIS)
    secs = sections(run.plan)
    titles = [r.split("|")[2].strip() for r in secs["Schedule"].splitlines() if r.startswith("| M")]
    assert titles[:5] == [
        "Question and outline agreed with the supervisor",
        "Ethics application sent with the methods and the consent forms",
        "Ethics approval granted; reading and literature review drafted",
        "Data collected",
        "Data analysed; results and discussion drafted",
    ]
    table = secs["Writing schedule"]
    assert "| 1–4 | 2026-12-02 | Literature review; the ethics application |" in table
    assert "| Draft |" not in table and "Introduction and conclusion" in table
    assert "ethics approval first" not in secs["Work breakdown"]
    assert "pre-order" not in run.plan and "audiobook" not in run.plan
    assert "The supervisor's office hours" in secs["SWOT analysis"]
    assert run.flags == []


@pytest.mark.parametrize(
    ("goal", "near"),
    [
        (MOVE, True),
        ("Move our family from London to Berlin by August", False),
        ("Move house within the same city by June", True),
        ("Emigrate from Leeds to Toronto with my partner", False),
    ],
)
def test_a_move_within_one_country(goal: str, near: bool) -> None:
    assert moves_within_a_country(goal) is near


async def test_a_move_within_one_country_needs_no_visa() -> None:
    run = await drive(MOVE)
    assert "visa" not in run.plan.lower()
    secs = sections(run.plan)
    assert "Address changed: bank, doctor, council tax and the electoral roll" in secs["Schedule"]
    assert "| Fees: agents and checks |" in secs["Budget"]
    assert "mid-week, mid-month" not in run.plan
    assert "Removals booked early for the day" in secs["SWOT analysis"]
    assert run.flags == []


async def test_a_rescue_dog_for_a_flat_is_from_rescues_and_walked_not_gardened() -> None:
    """The same trial: "Adopt a rescue dog in January and get the flat and my routine ready"
    chose "Rescues or breeders", readied "a safe garden" for a flat, and passed the home
    check before the home was ready."""
    goal = (
        "Adopt a rescue dog in January and get the flat and my routine ready; I work from home"
        " three days a week, budget £800"
    )
    schedule = sections((await drive(goal)).plan)["Schedule"]
    assert "breeders" not in schedule and "garden" not in schedule
    assert "a walking route and a spot to toilet" in schedule
    assert schedule.index("| Home ready:") < schedule.index("| Application in; home check passed")


async def test_episodes_counted_to_a_day_go_out_one_a_week_until_it() -> None:
    """The same trial: "Start a podcast …: 10 episodes recorded and published by June 2027"
    launched "the first episodes" on 30 June, every episode on the last day."""
    goal = (
        "Start a podcast about local history: 10 episodes recorded and published by June 2027,"
        " I have 5 hours a week and £600 for equipment"
    )
    run = await drive(goal)
    secs = sections(run.plan)
    countdown = secs["Countdown to launch"]
    assert "| Launch day | 2027-04-28 | The launch | Host |" in countdown
    assert "| Episode 10 | 2027-06-30 | Release episode 10 | Host |" in countdown
    assert "Schedule the first episode for launch day and each later one" in countdown
    assert (
        "| M7 | Every episode of the stretch out; listeners asked what to keep | Host |"
        in (secs["Schedule"])
    )
    assert run.flags == []


async def test_no_question_asks_for_the_hours_the_goal_gives() -> None:
    """The same trial: "… I have 5 hours a week …" was asked "Who does the work, and how many
    hours a week can they give?"."""
    goal = "Start a podcast about local history by June 2027; I have 5 hours a week"
    questions = sections((await drive(goal)).plan)["Open questions"]
    assert "how many hours a week" not in questions
    other = sections((await drive("Start a podcast about local history by June 2027")).plan)
    assert "how many hours a week can they give?" in other["Open questions"]


async def test_an_allotment_to_grow_vegetables_on_is_a_plot_not_a_growth_target() -> None:
    """A second trial's: "Get our allotment ready to grow vegetables by April: clear it,
    build 4 raised beds, £300" was a launch or growth target, with a referral offer, a
    funnel and "Marketing and acquisition"."""
    goal = (
        "Get our allotment ready to grow vegetables by April: clear it, build 4 raised beds, £300"
    )
    run = await drive(goal)
    secs = sections(run.plan)
    assert "Plan type: a growing plot made ready." in secs["Schedule"]
    assert "| Timber or kits for raised beds |" in secs["Budget"]
    assert "funnel" not in run.plan and "Marketing" not in run.plan
    assert run.flags == []


async def test_two_cards_by_their_balances_and_rates_and_a_payment_said_again() -> None:
    """A second trial's: "Pay off £6,500 on two credit cards (£4,000 at 22.9% and £2,500 at
    18.9%) …, I can pay £650 a month" owed £13,000 (the total counted as a third debt), each
    at an assumed 24%; "From January I can pay £700 a month instead of £650" paid £650."""
    goal = (
        "Pay off £6,500 on two credit cards (£4,000 at 22.9% and £2,500 at 18.9%) by December"
        " 2027, I can pay £650 a month"
    )
    run = await drive(goal, {1: "From January I can pay £700 a month instead of £650"})
    schedule = sections(run.plan)["Repayment schedule"]
    assert schedule.strip().startswith(
        "_Revised in iteration 3 after checkpoint feedback._\n\n£6,500.00 owed: £4,000.00 on the"
        " credit card (£4,000) at 22.9% interest a year (goal) and £2,500.00 on the credit card"
        " (£2,500) at 18.9% interest a year (goal). Paid £700.00 a month (feedback:1)"
    ), schedule[:400]
    assert "assumed, a usual rate" not in schedule and "£13,000" not in run.plan
    assert "Cleared in 11 months, on 2027-11-02." in schedule
    assert run.flags == []


async def test_a_novels_table_writes_at_the_pace_said_and_a_budget_asked_is_no_task() -> None:
    """A second trial's: the writing table wrote 7,200 words every four weeks beside "at your
    pace (… 3,750 words a week) the draft takes 16 weeks", and "I also need a budget of
    £1,500 for an editor" became a task "Budget of"."""
    goal = (
        "Write and self-publish a 60,000-word fantasy novel by December 2027, writing 500 words a"
        " day on weekdays"
    )
    run = await drive(goal, {1: "I can write 750 words a day, not 500"})
    table = sections(run.plan)["Writing schedule"]
    assert "| 1–4 | 2026-12-02 | Draft | 15,000 | 15,000 |" in table
    assert "| 13–16 | 2027-02-24 | Draft | 15,000 | 60,000 |" in table
    asked = await drive(
        goal, {1: "I also need a budget of £1,500 for an editor and a cover designer"}
    )
    assert "Budget of" not in asked.plan and "budget of," not in asked.plan
    assert "Total budget £1,500 (feedback:1)" in asked.plan
