"""A cap a person puts on one thing the plan buys lands on the budget line it names, and
the check finds it there (found in a user trial of a fundraising dinner: "Keep catering
under £25 per person" showed no cap anywhere while the check flagged one, and "the DJ
fee under £300" became a budget line called "Fee")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.checks.budget import caps
from planloop.checks.markdown import tables
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import START, drive

DINNER = "Host a fundraising dinner for 100 guests on 6 November 2027 with a budget of £5,000"


async def test_a_cap_per_person_on_catering_is_counted_by_the_guests() -> None:
    run = await drive(DINNER, {1: "Keep catering under £25 per person"})
    budget = sections(run.plan)["Budget"]
    assert (
        "| Catering | £1,750 | 35% of £5,000 (goal); under £25 a person × 100 guests (feedback:1) |"
    ) in budget
    assert "Cap on catering: under £25 a person × 100 guests = under £2,500 (feedback:1)." in budget
    assert run.flags == []


async def test_a_tighter_cap_per_person_lowers_its_line() -> None:
    run = await drive(DINNER, {1: "Keep catering under £12 per person"})
    budget = sections(run.plan)["Budget"]
    assert "| Catering | £1,100 | under £12 a person × 100 guests (feedback:1) |" in budget
    assert "| **Total** | £5,000 |" in budget
    assert run.flags == []


@pytest.mark.parametrize(
    ("said", "line"),
    [
        (
            "Keep the DJ fee under £300",
            "| Music and entertainment | £299 | under £300 (feedback:1) |",
        ),
        (
            "Keep the photographer fee under £300",
            "| Photography | £299 | under £300 (feedback:1) |",
        ),
        ("Keep the venue hire under £1,000", "| Venue | £990 | under £1,000 (feedback:1) |"),
    ],
)
async def test_a_fee_caps_the_line_of_what_it_pays_for(said: str, line: str) -> None:
    run = await drive(DINNER, {1: said})
    budget = sections(run.plan)["Budget"]
    assert line in budget
    assert "| Fee |" not in budget and "| Dj fee |" not in budget
    assert run.flags == []


async def test_two_caps_per_participant_each_keep_their_own_line() -> None:
    """Caps on two things in the same unit: each on the line it names (found in a user
    trial: the swag cap of $5 a participant replaced the pizza cap of $10 on Catering, and
    the check took one for the other)."""
    goal = (
        "Run a 24-hour hackathon in Berlin on 20 March 2027 for 150 participants with a"
        " budget of $15,000"
    )
    said = "Keep pizza under $10 per participant and swag under $5 per participant"
    run = await drive(goal, {1: said})
    budget = sections(run.plan)["Budget"]
    assert (
        "| Catering | $1,350 | under $10 a participant × 150 participants (feedback:1) |" in budget
    )
    assert "| Swag | $750 | under $5 a participant × 150 participants (feedback:1) |" in budget
    assert "Cap on pizza: under $10 a participant × 150 participants = under $1,500" in budget
    assert "| **Total** | $15,000 |" in budget
    assert run.flags == []


async def test_costs_per_night_and_day_of_a_trip_count_its_nights_and_days() -> None:
    """Found in a user trial: a 5-day trip's "food under €60 a day" became "Food (30
    days)" beside a second Food line, and "hotel under €120 a night" vanished."""
    goal = (
        "Plan a 5-day trip to Rome in June 2027 for 2 people with a budget of €3,000."
        " Hotel under €120 a night and food under €60 a day."
    )
    run = await drive(goal)
    budget = sections(run.plan)["Budget"]
    assert (
        "| Hotel (4 nights) | €476 | under €120 a night × 4 nights, over the 5 days (goal) |"
        in budget
    )
    assert "| Food (5 days) | €295 | under €60 a day × 5 days, over the 5 days (goal) |" in budget
    assert "| Food |" not in budget and "| Accommodation |" not in budget  # not twice
    assert "| **Total** | €3,000 |" in budget
    assert run.flags == []


async def test_a_cost_per_day_of_one_thing_is_no_cap_on_all_spending() -> None:
    """Found in a user trial: "venue hire at €500 per day" capped every month's spending
    at €500 in a spend-by-month table the budget lines contradicted."""
    goal = (
        "Plan a 2-day team offsite in Porto on 10 May 2027 for 30 staff with a budget of"
        " €20,000. Venue hire at €500 per day."
    )
    run = await drive(goal)
    budget = sections(run.plan)["Budget"]
    assert (
        "| Venue hire (2 days) | €1,000 | at most €500 a day × 2 days, over the 2 days (goal) |"
        in budget
    )
    assert "Spend by month" not in budget
    assert run.flags == []


async def test_a_short_trips_costs_per_night_are_not_flagged_against_weeks() -> None:
    """The check counted a cost per day or night in weeks of the plan's span: a trip
    three weeks away had "Hotel (4 nights) 480 is over 360" flagged."""
    goal = (
        "Plan a 5-day trip to Rome on 20 December 2026 for 2 people with a budget of €3,000."
        " Hotel under €120 a night and food under €60 a day."
    )
    run = await drive(goal)
    assert "| Hotel (4 nights) | €476 |" in sections(run.plan)["Budget"]
    assert run.flags == []


async def test_a_cost_per_month_for_a_said_number_of_months_counts_those() -> None:
    """Found in a user trial: "storage … a month for 2 months" was "Storage (9 months)",
    counted over the plan's span."""
    goal = (
        "Move from Leeds to Bristol by 30 June 2027 with a budget of £6,000; storage at £150"
        " a month for 2 months."
    )
    run = await drive(goal)
    budget = sections(run.plan)["Budget"]
    assert (
        "| Storage (2 months) | £300 | at most £150 a month × 2 months, as said (goal) |" in budget
    )
    assert run.flags == []


async def test_a_cap_said_with_a_verb_is_a_cap_on_its_line() -> None:
    """Found as a user: at a checkpoint "removals must stay under £1,200" was read as the
    whole budget, and a move's £6,000 became £1,200. "Must stay", "should be", "has to
    stay" between a thing and its cap keep it a cap on that thing."""
    goal = "Move my family of four from Leeds to Bristol by the end of August, budget £6,000"
    cs = gather(f"{goal}. Removals must stay under £1,200", date(2026, 12, 5))
    assert [c.text for c in cs.items if c.kind == "budget"] == ["budget £6,000"]
    caps = [(c.subject, c.text) for c in cs.items if c.kind == "line_cap"]
    assert caps == [("removals", "Removals must stay under £1,200")]
    wedding = gather("Plan a wedding; catering should be below €3,000", date(2026, 12, 5))
    assert [c.subject for c in wedding.items if c.kind == "line_cap"] == ["catering"]
    whole = gather("Plan a party; everything must stay under £600", date(2026, 12, 5))
    assert [c.kind for c in whole.items if "600" in c.text] == ["budget"]


def test_a_cap_after_when_and_for_whom_is_the_total() -> None:
    """Found as a user: "… for 25 people in April under €30,000" became a budget line
    "April (cap) €30,000", and the plan said "No total budget stated"."""
    goal = "Run a 3-day team offsite in Lisbon for 25 people in April under €30,000"
    cs = gather(goal, date(2026, 12, 5))
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 30_000
    assert cs.line_caps() == []
    points = {(p.label, p.value) for p in extract_data_points(goal, "goal")}
    assert ("budget", "€30,000") in points
    assert not any(label.startswith("april") for label, _ in points)


def test_a_cap_said_with_must_names_what_it_caps() -> None:
    """Found as a user: "insurance must stay under £300" became the data point "must stay
    under £300", cited in the risks and the must-haves without saying of what; "the venue
    must cost less than €8,000" became a line called "venue must"."""
    points = extract_data_points("Insurance must stay under £300", "feedback:1")
    assert [(p.label, p.value) for p in points] == [
        ("constraint", "insurance must stay under £300"),
        ("insurance cap", "£300"),
    ]
    venue = extract_data_points("the venue must cost less than €8,000", "feedback:1")
    assert ("venue cap", "€8,000") in [(p.label, p.value) for p in venue]


async def test_what_each_person_pays_for_has_no_line() -> None:
    """Found as a user: "Flights are booked by each person" kept a travel line of €5,500."""
    goal = "Run a 3-day team offsite in Lisbon for 25 people in April under €30,000"
    said = "Flights are booked by each person; keep the venue under €8,000"
    run = await drive(goal, {1: said})
    budget = sections(run.plan)["Budget"]
    assert "| Travel |" not in budget
    # the contingency says why it is large (a new user's trial: 35%, unexplained)
    assert "it holds the 25% of a line left out (see Constraints, feedback:1) |" in budget
    assert "| Venue | €7,990 | under €8,000 (feedback:1) |" in budget
    assert "Total budget under €30,000 (goal); lines sum to €29,900, under it." in budget
    assert "| Excluded | Flights are booked by each person | feedback:1 |" in run.plan
    # nor the organiser's to book (was "Book travel for every attendee" in the countdown)
    assert "Book travel for every attendee" not in run.plan
    assert run.flags == []


async def test_rent_kept_under_an_amount_is_a_monthly_cap_and_the_premises_keep_the_rest() -> None:
    """Found as a user: "Keep rent under $2,000" was declined as no constraint at all
    ("rent" read as income); said "a month", it took the whole premises line with it,
    and the deposit and the fit-out had no money."""
    goal = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
    for said in ("Keep rent under $2,000.", "Keep rent under $2,000 a month."):
        run = await drive(goal, {1: said})
        budget = sections(run.plan)["Budget"]
        assert "| Rent (6 months) | $11,940 | under $2,000 a month × 6 (feedback:1) |" in budget
        assert "| Premises: deposit and fit-out | $11,224 |" in budget
        assert "declined as a constraint" not in sections(run.plan)["Feedback applied"]
        assert run.flags == []
    earned = gather("We earn rent of $1,500 from the flat upstairs", date(2026, 12, 5))
    assert [c.kind for c in earned.items if c.money is not None] == []


async def test_what_is_donated_leaves_the_rest_of_its_line() -> None:
    """Found as a user: "tools are donated by the hardware shop" was ignored, and the
    plan's largest line stayed "Equipment and supplies". The equipment is given; the
    supplies are still bought. What is given still happens: the plan may name it."""
    library = "Open a neighbourhood tool library in our church hall by March with a £2,000 budget"
    run = await drive(library, {1: "Tools are donated by the hardware shop"})
    secs = sections(run.plan)
    assert "| Supplies | £340 | 17% of £2,000 (goal) |" in secs["Budget"]  # 17% is £340
    assert "Equipment" not in secs["Budget"]
    assert "the “Equipment and supplies” line keeps only supplies" in secs["Feedback applied"]
    assert run.flags == []
    garden = "Set up a community garden on the empty lot behind our school by May with £3,000"
    run = await drive(garden, {1: "tools are donated by the hardware shop"})
    secs = sections(run.plan)
    assert "| Tools |" not in secs["Budget"]
    assert "Beds built; tools, compost and seeds in" in secs["Schedule"]  # they still come
    assert "tools in the budget — given by others (feedback:1)" in run.plan
    assert run.flags == []


@pytest.mark.parametrize(
    ("said", "subject", "amount"),
    [
        ("The patio must not cost more than £4,000.", "patio", 4000),
        ("Flights must not exceed €1,800.", "flights", 1800),
        ("Marketing is $20,000 and no more than $8,000 on paid ads.", "paid ads", 8000),
    ],
)
def test_a_cap_said_as_what_must_not_be_passed_caps_its_line(
    said: str, subject: str, amount: int
) -> None:
    """Found by a new user's trial: "must not cost more than" and "must not exceed" were
    read as nothing, and "on paid ads" capped a line called "Paid"."""
    cs = gather(DINNER, date(2026, 12, 5), [Feedback(checkpoint=1, text=said)])
    # ("Marketing is $20,000": that line's own amount, read as well since a later trial's
    # "the kit is £520 from Waltons")
    (cap,) = [c for c in cs.of("line_cap") if c.subject == subject]
    assert cap.money is not None and cap.money.amount == amount
    assert cap.text.lower() in said.lower()  # as written


def test_money_of_one_kind_of_spend_is_that_lines_not_the_budget() -> None:
    """The same trial: "with $500 of ad spend" made $500 the whole shop's budget."""
    goal = (
        "Launch a Shopify store for handmade candles before Black Friday 2027 with $500 of ad spend"
    )
    cs = gather(goal, START)
    assert cs.budget is None
    assert [(c.text, c.subject) for c in cs.line_caps()] == [("$500 of ad spend", "ad")]
    assert gather("Open a café with £40,000 of savings", START).budget is not None


async def test_a_learners_course_spend_caps_the_course_not_the_whole() -> None:
    """Found as a user: "Keep course spend under £50" at a checkpoint of a learner's £900
    plan made the whole budget £50, every line cut to its share of it. "Course" names the
    whole undertaking alone ("keep the course under £2,500" of a course organised), but
    with its spending said it is the course's line."""
    goal = "Learn Spanish to B1 by next September with an online course and a tutor, £900 budget"
    cs = gather(f"{goal}. Keep course spend under £50.", date(2026, 12, 5))
    assert [c.text for c in cs.items if c.kind == "budget"] == ["£900 budget"]
    assert [c.subject for c in cs.items if c.kind == "line_cap"] == ["course"]
    run = await drive(goal, {1: "Keep course spend under £50."}, start=date(2026, 12, 5))
    budget = sections(run.plan)["Budget"]
    assert "Total budget £900 (goal)" in budget
    assert "| Course and books | £49 | under £50 (feedback:1) |" in budget
    organised = gather(
        "Organise a 2-day coding course for 20 teenagers in July with £3,000."
        " Keep the course costs under £2,500.",
        date(2026, 12, 5),
    )
    assert organised.line_caps() == []


async def test_a_cap_per_unit_or_period_said_as_under_is_kept_below() -> None:
    """Found as a user: "keep rent under EUR 2,500 a month" made six months of rent at
    €2,500 ("at most") and "keep catering under €90 per guest" a line of exactly €90 a guest
    for 120, each passed by the check, where "under £5,000" on one line was kept below it."""
    rent = (
        await drive(
            "Open a bakery in Lisbon with a budget of EUR 60,000 within 6 months; keep rent"
            " under EUR 2,500 a month"
        )
    ).plan
    assert "| Rent (6 months) | €14,940 | under €2,500 a month × 6 (goal) |" in rent
    wedding = await drive(
        "Plan our wedding for 120 guests in Porto on 12 September 2027 with a budget of"
        " €60,000; keep catering under €90 per guest"
    )
    budget = sections(wedding.plan)["Budget"]
    assert "| Catering | €10,680 | under €90 a guest × 120 guests (goal) |" in budget
    assert "Cap on catering: under €90 a guest × 120 guests = under €10,800 (goal)." in budget
    assert wedding.flags == []
    # a line at the cap itself is over a cap to stay under
    at_cap = wedding.plan.replace("| Catering | €10,680 |", "| Catering | €10,800 |")
    cs = gather(
        "Plan our wedding for 120 guests in Porto on 12 September 2027 with a budget of"
        " €60,000; keep catering under €90 per guest",
        date(2026, 12, 7),
    )
    check = caps(tables(at_cap), cs)
    assert check.status != "pass", check
