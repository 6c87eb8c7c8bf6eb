"""A reviewer who moves an event or changes its length gets a plan that says so (found as
a user: "Make it a 2-day workshop in York instead" at checkpoint 1 changed nothing but a
line in the constraints; the workshop stayed a single day, and York was nowhere)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 2)
WORKSHOP = (
    "Plan a 1-day team workshop in Leeds for 20 people on 14 May 2027 with a budget of GBP 5000"
)


async def test_a_workshop_moved_and_lengthened_at_a_checkpoint() -> None:
    run = await drive(WORKSHOP, {1: "Make it a 2-day workshop in York instead"})
    secs = sections(run.plan)
    schedule = secs["Schedule"]
    assert "Where: York (feedback:1; the goal said Leeds)." in schedule
    assert "when the event begins; it lasts 2 days, to 2027-05-15" in schedule
    assert "| Event day: 2 days, 2027-05-14 to 2027-05-15 | Organiser | 2027-05-14 |" in schedule
    countdown = secs["Booking and programme timeline"]
    assert "| Book the venue in York; confirm capacity" in countdown
    assert "| The event: 2 days, 2027-05-14 to 2027-05-15 |" in countdown
    assert "Leeds" not in countdown and schedule.count("Leeds") == 1  # only as what it was
    applied = secs["Feedback applied"]
    assert "the event is now in York (was Leeds)" in applied
    assert "the event now lasts 2 days, 2027-05-14 to 2027-05-15" in applied
    constraints = secs["Constraints"]
    assert "| Place | York | feedback:1 |" in constraints
    assert "Place “in Leeds” (goal) is replaced by one given after it." in constraints


async def test_before_the_feedback_the_workshop_is_one_day_in_leeds() -> None:
    run = await drive(WORKSHOP, iterations=2)
    schedule = sections(run.plan)["Schedule"]
    assert "Where: Leeds (goal)." in schedule
    assert "| Event day | Organiser | 2027-05-14 |" in schedule


async def test_an_event_on_a_day_begins_that_day_and_lasts_its_length() -> None:
    run = await drive("Plan a 3-day team offsite in Lisbon for 12 people on 10 March 2027")
    schedule = sections(run.plan)["Schedule"]
    assert "| Offsite: 3 days, 2027-03-10 to 2027-03-12 |" in schedule
    assert "Where: Lisbon (goal)." in schedule


async def test_a_plan_that_happens_nowhere_has_no_place() -> None:
    run = await drive("Learn to program in Python by June 2027", iterations=2)
    assert "Where:" not in run.plan
    assert "| Place |" not in run.plan


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Plan a workshop in Leeds in May 2027", ["Leeds"]),
        ("Move it to New York City", ["New York City"]),
        ("Plan a wedding at Lake Como in September", ["Lake Como"]),
        ("Plan a party at The Crown", ["The Crown"]),
        ("Plan a trip to Japan in April", ["Japan"]),
        ("In Paris, host a dinner for 12", ["Paris"]),
        # found as a user: a move from one place to another; someone's house is no place
        ("move it from Leeds to York", ["York"]),
        ("Move the offsite from Lake Como to Porto", ["Porto"]),
        ("Move it to Sarah's house", []),
        # found as a user: a part of the plan, a language, a holiday are no place
        ("Switch the speaker to Priya Patel.", []),
        ("Change the caterer to Pret.", []),
        ("Run it in Portuguese.", []),
        ("Move it to Boxing Day.", []),
        ("Move it to New Year's Eve 2027.", []),
        ("In New York instead.", ["New York"]),
        # a place inside a task asked for is the task's: the race stays where it is
        ("Also book a hotel in Leeds for the volunteers.", []),
        ("Also book a 2-day stay at The Savoy for the headliners.", []),
        # dates and quarters are when, not where
        ("Launch in Q2, review in March, ship in June 2027", []),
    ],
)
def test_where_a_text_puts_the_plan(text: str, places: list[str]) -> None:
    cs = gather("Plan it", START, [Feedback(checkpoint=1, text=text)])
    assert [c.name for c in cs.of("place")] == places


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Make it a 2-day workshop", (2.0, "day")),
        ("It lasts three days now", (3.0, "day")),
        ("a two-week trip", (2.0, "week")),
        ("a week in Rome", (1.0, "week")),
        ("Let's do it in the Lake District, 3 days.", (3.0, "day")),
        ("Finish in 10 days", None),  # a deadline, not how long an event lasts
        ("Add 2 days of buffer before launch", None),
    ],
)
def test_how_long_a_text_says_the_event_lasts(text: str, length: tuple[float, str] | None) -> None:
    held = gather("Plan it", START, [Feedback(checkpoint=1, text=text)]).length
    assert (None if held is None else (held.number, held.unit)) == length


async def test_a_length_by_a_date_ends_by_it_and_is_no_timeline() -> None:
    """Found as a user: "make it 3 days" for a hackathon "by 30 June 2027" said "the event
    takes one day", and every plan given a length got the risk "The 3 days timeline
    slips", raised by the reviewer."""
    goal = "Run a 1-day hackathon in Bristol for 60 people by 30 June 2027"
    run = await drive(goal, {1: "make it 3 days"})
    secs = sections(run.plan)
    assert "| Event day: 3 days, 2027-06-28 to 2027-06-30 |" in secs["Schedule"]
    assert "the event now lasts 3 days, 2027-06-28 to 2027-06-30" in secs["Feedback applied"]
    assert "timeline slips" not in run.plan
    assert "| event length | 3 days | feedback:1 |" in secs["Data points"]


async def test_a_task_asked_for_with_its_date_keeps_the_events_date() -> None:
    """Found as a user: "Please also send invitations by 1 March 2027" moved the wedding
    to 1 March; "We also need a DJ and a cake" kept only the cake."""
    goal = "Plan our wedding for 100 guests on 19 June 2027 with a budget of GBP 20000"
    said = "Please also send invitations by 1 March 2027. We also need a DJ and a cake."
    run = await drive(goal, {1: said})
    added = sections(run.plan)["Booking and vendor timeline"]
    assert "| Send invitations | Host | 2027-03-01 | feedback:1 |" in added
    assert "| DJ | Host |" in added and "| Cake | Host |" in added
    assert "| Event day | 2027-06-19 |" in run.plan


async def test_a_plan_that_happens_nowhere_says_nothing_of_a_place_it_was_given() -> None:
    """Found as a user: "Also find a tutor in Madrid" on "Learn Spanish" listed place
    “Madrid” — recorded, in a plan with no place."""
    run = await drive("Learn Spanish to B1 by June 2027", {1: "Also find a tutor in Madrid"})
    applied = sections(run.plan)["Feedback applied"]
    assert "place “Madrid”" not in applied and "find a tutor in Madrid” — added" in applied


@pytest.mark.parametrize(
    ("goal", "milestone"),
    [
        (
            "Plan a family trip to Rome for 4 people from 2 August 2027 for 5 days",
            "| M7 | Departure: 5 days, 2027-08-02 to 2027-08-06 |",
        ),
        (
            "Run a music festival in Glastonbury from 1 July 2027 to 3 July 2027",
            "| M7 | Festival opens: 3 days, 2027-07-01 to 2027-07-03 |",
        ),
        # found as a user: with its length said elsewhere, the day it runs from
        (
            "Run a 3-day workshop in York from 21 May 2027 for 30 people",
            "| M7 | Event day: 3 days, 2027-05-21 to 2027-05-23 |",
        ),
    ],
)
async def test_an_event_given_from_its_first_day_is_not_the_plans_start(
    goal: str, milestone: str
) -> None:
    """Found as a user: "from 2 August 2027 for 5 days" started the planning on 2 August
    and assumed 12 weeks from then; the trip departed on 31 October."""
    run = await drive(goal, iterations=2)
    schedule = sections(run.plan)["Schedule"]
    assert schedule.startswith("\n") and "From 2026-12-02 to the deadline" in schedule
    assert milestone in schedule


async def test_what_a_checkpoint_changed_of_the_goal_is_said_under_its_title() -> None:
    """Found as a user: after "Make it a 2-day workshop in York instead" the title, SMART
    and MoSCoW still quote "a 1-day team workshop in Leeds", with nothing saying it is not
    what holds now."""
    said = (
        "Make it a 2-day workshop in York instead. Move it to 21 May 2027."
        " The budget is now GBP 8000"
    )
    run = await drive(WORKSHOP, {1: said})
    head = run.plan.split("\n## ", 1)[0]
    assert head.endswith(
        "_Changed since the goal: budget £8,000, not £5,000; deadline 2027-05-21, not"
        " 2027-05-14; in York, not Leeds; lasts 2 days, not 1 day (checkpoint 1 feedback)._\n"
    )
    untouched = await drive(WORKSHOP, iterations=2)
    assert "Changed since the goal" not in untouched.plan


def test_tasks_asked_for_together_are_each_dated() -> None:
    """Found as a user: "Also send invitations by 1 March and book a florist" lost the
    florist; "Push it back to June. Also … get medals by 1 May" moved the race to 1 May."""
    cs = gather(
        "Organise a charity 10k race in Hyde Park on 18 April 2027",
        START,
        [
            Feedback(
                checkpoint=1,
                text="Push it back to June. Also book a hotel for the volunteers and get"
                " medals by 1 May and send invitations by 1 March and book a florist.",
            )
        ],
    )
    assert [(c.subject, c.when) for c in cs.additions] == [
        ("book a hotel for the volunteers", None),
        ("get medals", date(2027, 5, 1)),
        ("send invitations", date(2027, 3, 1)),
        ("book a florist", None),
    ]
    assert cs.deadline is not None and cs.deadline.when == date(2027, 6, 30)
    assert cs.length is None


async def test_an_event_pushed_to_a_month_ends_in_it() -> None:
    """Found as a user: "push it back to October" with "it lasts a week now" ran the event
    from 31 October to 6 November."""
    goal = "Plan a 2-day team workshop in Leeds for 20 people on 14 May 2027"
    run = await drive(goal, {1: "Push it back to October. It lasts a week now."})
    assert "| Event day: 1 week, 2027-10-25 to 2027-10-31 |" in sections(run.plan)["Schedule"]


async def test_a_replaced_budget_is_nowhere_the_budget() -> None:
    """Found as a user: after "The budget is now GBP 8000" the open questions asked which
    budget holds, the risk register and the stakeholder map had both, and SMART's limits
    and MoSCoW's Musts still held GBP 6000."""
    goal = "Plan a two-day product workshop in Leeds for 20 people on 14 May 2027"
    run = await drive(f"{goal} with a budget of GBP 6000", {1: "The budget is now GBP 8000."})
    secs = sections(run.plan)
    for title, body in secs.items():
        if title not in ("Constraints", "Data points", "Reviewer direction"):
            assert "6000" not in body and "6,000" not in body, title
    assert "Which budget holds" not in run.plan
    assert "£8,000" in secs["Budget"]


async def test_a_stay_counted_in_nights_ends_by_its_month() -> None:
    """Found as a user: "a 10-night holiday … in April 2027" left on 30 April, so the
    trip ran into May."""
    goal = "Plan a 10-night holiday in Crete for a family of 4 in April 2027, budget £4,000"
    (length,) = gather(goal, START).of("length")
    assert (length.number, length.unit) == (10, "night")
    run = await drive(goal)
    assert (
        "| M7 | Departure: 10 nights, 2027-04-20 to 2027-04-30 |"
        in (sections(run.plan)["Schedule"])
    )


async def test_a_party_moved_to_another_town_is_there() -> None:
    """Found as a user: "make it in Leeds instead" for a party at home in Sheffield was
    dropped (a party's place was not read), while the feedback check passed."""
    run = await drive(
        "Host a 40th birthday party at home in Sheffield for 30 friends on 10 April 2027",
        {1: "Move it to 21 May and make it in Leeds instead"},
    )
    assert "Where: Leeds (feedback:1; the goal said Sheffield)." in sections(run.plan)["Schedule"]
    assert "in Leeds, not Sheffield" in run.plan
