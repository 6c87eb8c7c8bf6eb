"""A date said of one step of the work is that step's, not the plan's day. Three new users'
trials (terminal and page) found each of these moving the whole plan: "Tom Hughes must
open entries by 1 February" put a race on a Monday in February, "Invitations must go out
by 31 January" put a birthday weekend on that day, "the abstract is due 20 December" put
a talk two weeks away, "Our contractor Marco Ruiz can start on 11 January" made a
conversion due before its builder began, "1 lesson a week in January" made a driving test
due in January, "we'll sell the house in the summer" moved a move to August, and "Paul …
can only come over 10-17 February" made a move due on the 17th. A date said to change the
day ("move race day to Sunday 25 April 2027", "moved my slot to 17 March 2027", "now
booked for Thursday 22 April 2027") still moves it; two of those had been read as
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

TODAY = date(2026, 12, 6)
WEEKEND = (
    "Plan a surprise 60th birthday weekend for my dad Graham in the Lake District, Friday 23 to"
    " Sunday 25 April 2027, for 14 people on a total budget of £3,000. My sister Claire Boyd"
    " will do the cake and decorations; I (Sam) will book the cottage and handle invitations."
)
FUN_RUN = (
    "Organise a charity 10k fun run for 300 runners in Victoria Park, London on Sunday 18 April"
    " 2027 to raise £15,000 for St Mary's Hospice, with £6,000 for costs. Priya Patel is race"
    " director, Tom Hughes (our treasurer) will manage entries and money, and we need 40"
    " marshals."
)
GARAGE = (
    "Convert our double garage into a home office for my wife Dana by 31 March 2027 on a"
    " budget of $18,000. Our contractor Marco Ruiz can start on 11 January; we need"
    " insulation, drywall, a new window and electrics."
)
JOB = (
    "Get my first junior data analyst job within 12 weeks, by 28 February 2027. I can study 15"
    " hours a week around my retail job."
)
TALK = (
    "Prepare a 25-minute talk on Rust async runtimes for RustNation UK in London on 18 March"
    " 2027, with 2 dry runs with my team"
)
DRIVING = (
    "pass my driving theory test (booked for 15 Jan 2027) and then the practical by the end of"
    " May 2027. im doing 2 lessons a week with my instructor Dave at £38 each"
)
MUM = (
    "Help move my mum Margaret (84) from her 3-bed house in Leeds into a one-bed flat at Beech"
    " Court sheltered housing by 28 February 2027. The house needs clearing and putting on the"
    " market, the council charges a £450 move-in fee, removals quote is £1,100, and my brother"
    " Paul lives in Spain and can only come over 10-17 February. Total we can spend is £2,500."
)
CANDLES = (
    "hey - want to launch a Shopify store selling my handmade soy candles, I've got £2,500"
    " saved, want it live by 1 March 2027 and first 100 orders by end of May"
)
INVITATIONS = (
    "This is a weekend away: we need a cottage that sleeps 14 for the nights of Friday 23 and"
    " Saturday 24 April, about £1,600. The birthday dinner is on Saturday 24 April. Invitations"
    " must go out by 31 January."
)


def _said(goal: str, *feedback: str):  # type: ignore[no-untyped-def]
    return gather(goal, TODAY, [Feedback(checkpoint=i + 1, text=t) for i, t in enumerate(feedback)])


@pytest.mark.parametrize(
    ("goal", "feedback", "day", "steps"),
    [
        (
            FUN_RUN,
            "Approved. The London Marathon clashes, so move race day to Sunday 25 April 2027."
            " Tom Hughes must open entries by 1 February.",
            "2027-04-25",
            [("open entries", "2027-02-01")],
        ),
        (WEEKEND, INVITATIONS, "2027-04-25",
         [("the birthday dinner", "2027-04-24"), ("invitations go out", "2027-01-31")]),
        (WEEKEND, "Uncle Pete Morris will drive Dad up on Friday 23 April as the cover story.",
         "2027-04-25", [("drive dad up", "2027-04-23")]),
        (GARAGE, "", "2027-03-31", []),
        (GARAGE, "The deadline is 31 March 2027; 11 January is only the day Marco starts.",
         "2027-03-31", []),
        (JOB, "Add a CV and LinkedIn profile by 20 December, and the 3 portfolio projects"
         " (SQL, Python, Tableau dashboard) done by 31 January.", "2027-02-28",
         [("add a cv and linkedin profile", "2026-12-20"),
          ("the 3 portfolio projects done", "2027-01-31")]),
        (TALK, "The organisers moved my slot to 17 March 2027, and the abstract is due 20"
         " December.", "2027-03-17", [("the abstract due", "2026-12-20")]),
        (DRIVING, "My practical is now booked for Thursday 22 April 2027 so everything has to"
         " be earlier, and I can only afford 1 lesson a week in January", "2027-04-22", []),
        # a need said besides the day (a trial's: the launch moved from 1 to 14 March)
        (CANDLES, "Cut the budget to £1,800 - I also need to be selling before Mother's Day"
         " (14 March 2027 in the UK).", "2027-05-31",
         [("need to be selling before mother's day", "2027-03-14")]),
        (MUM, "flat is now ready on 15 March 2027. Drop the estate agent for now, we'll sell"
         " the house in the summer", "2027-03-15",
         [("paul comes over", "2027-02-10"), ("we'll sell the house", "2027-08-31")]),
    ],
)  # fmt: skip
def test_a_steps_date_is_its_own_and_a_change_still_moves_the_day(
    goal: str, feedback: str, day: str, steps: list[tuple[str, str]]
) -> None:
    cs = _said(goal, feedback) if feedback else _said(goal)
    assert cs.deadline is not None and cs.deadline.when is not None
    assert cs.deadline.when.isoformat() == day
    dated = [(c.subject, c.when.isoformat()) for c in cs.of("addition") if c.when is not None]
    assert dated == steps


def test_a_later_day_said_to_change_it_still_moves_the_plan() -> None:
    """Only a later day said without a change is met by the one in force."""
    for said in ("We now have until 30 April 2027.", "Move it to 30 April 2027 instead."):
        cs = _said(GARAGE, said)
        assert cs.deadline is not None and cs.deadline.when == date(2027, 4, 30)


def test_prices_said_of_one_thing_are_that_lines() -> None:
    caps = [(c.subject, c.money.amount, c.scope) for c in _said(MUM).line_caps() if c.money]
    assert caps == [("move-in fee", 450, "price"), ("removals", 1100, "price")]
    weekend = _said(WEEKEND, INVITATIONS)
    assert weekend.budget is not None and weekend.budget.money is not None
    assert weekend.budget.money.amount == 3000  # the cottage's £1,600 is its price
    cottage = [(c.subject, c.money.amount) for c in weekend.line_caps() if c.money]
    assert cottage == [("cottage", 1600)]


async def test_the_fun_run_is_on_its_new_day_with_entries_opened_by_tom() -> None:
    run = await drive(
        FUN_RUN,
        {1: "The London Marathon clashes, so move race day to Sunday 25 April 2027. Tom Hughes"
         " must open entries by 1 February."},
    )  # fmt: skip
    parts = sections(run.plan)
    assert "| M6 | Race day | Priya Patel | 2027-04-25 |" in parts["Schedule"]
    assert "| Open entries | Tom Hughes | 2027-02-01 | feedback:1 |" in run.plan


async def test_a_move_into_sheltered_housing_needs_no_visa_and_keeps_its_quotes() -> None:
    run = await drive(MUM)
    assert "visa" not in run.plan.lower()
    budget = sections(run.plan)["Budget"]
    assert "| Removal company | £1,100 | its price, £1,100 (goal) |" in budget
    assert "| Paul comes over | " in run.plan


async def test_a_steps_day_in_the_event_or_after_the_plan_is_kept() -> None:
    """A re-run of the trials: "The birthday dinner is on Saturday 24 April" of a weekend
    away was dated 26 March (after the trip's first day, so moved), and "we'll sell the house
    in the summer" 8 February."""
    away = await drive(WEEKEND, {1: INVITATIONS})
    assert "| The birthday dinner | Trip planner | 2027-04-24 | feedback:1 |" in away.plan
    moved = await drive(
        MUM, {1: "flat is now ready on 15 March 2027. Drop the estate agent for now, we'll sell"
              " the house in the summer"}
    )  # fmt: skip
    assert (
        "| We'll sell the house (said for 2027-08-31, after this plan's day) | Move planner |"
        " 2027-03-15 | feedback:1 |" in moved.plan
    )
    applied = sections(moved.plan)["Feedback applied"]
    assert "“we'll sell the house in the summer” — added to" in applied
    assert "said for 2027-08-31" in applied and "an exclusion rules it out" not in applied


async def test_a_steps_milestone_is_done_by_the_steps_day() -> None:
    """A re-run of the trials: "M3 Entries open … 2027-02-07" beside the step "Open entries"
    due 1 February; "CV, LinkedIn and portfolio updated" on the 27th for a CV due the 20th."""
    run = await drive(
        FUN_RUN,
        {1: "The London Marathon clashes, so move race day to Sunday 25 April 2027. Tom Hughes"
         " must open entries by 1 February."},
    )  # fmt: skip
    schedule = sections(run.plan)["Schedule"]
    assert "| M3 | Entries open; chip timing booked | Tom Hughes | 2027-02-01 |" in schedule
    assert "| M6 | Race day | Priya Patel | 2027-04-25 |" in schedule
    job = await drive(
        "Get my first junior data analyst job within 12 weeks, by 28 February 2027",
        {1: "Add a CV and LinkedIn profile by 20 December."},
    )
    assert "| M2 | CV, LinkedIn and portfolio updated | Job seeker | 2026-12-20 |" in job.plan
