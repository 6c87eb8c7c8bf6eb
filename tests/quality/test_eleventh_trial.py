"""Found by the eleventh round of new users' trials: a netball club that was a general
goal and kept Tuesdays after "we can only use the sports hall on Thursdays now", A2
Italian before a trip planned as the trip, and "I can do 4 hours a week now" recorded
beside the 2 hours it replaced."""

from __future__ import annotations

import re
from datetime import date

from planloop.checks import sections
from planloop.constraints.interest import read_rates
from planloop.planners.offline.extraction import extract_data_points
from planloop.planners.offline.families import pick
from tests.quality.drive import drive, not_cleared_in_time

NETBALL = (
    "Start a netball club for teenage girls at Parkside School on Tuesdays and Thursdays after"
    " school from February 2027"
)
ITALIAN = "Reach A2 Italian before our trip to Rome in September 2027, from scratch, 2 hours a week"
_DAY = re.compile(r"^\| [0-9]+ \| ([0-9-]{10}) \|", re.M)


async def test_a_sports_club_meets_on_its_days_until_one_is_left() -> None:
    assert pick(NETBALL).id == "community"
    both = await drive(NETBALL)
    assert "on Tuesdays and Thursdays" in sections(both.plan)["Meetings"]
    assert "drills, skills and a game, planned by the coach the week before" in both.plan
    must = sections(both.plan)["MoSCoW priorities"]
    assert "Thursdays after school from February 2027 (goal)" not in must  # one clause
    one = await drive(NETBALL, {1: "We can only use the sports hall on Thursdays now."})
    days = [date.fromisoformat(d) for d in _DAY.findall(sections(one.plan)["Meetings"])]
    assert days and {d.weekday() for d in days} == {3}
    assert "“only use the sports hall on Thursdays → Thursday only”" in one.plan
    assert one.flags == []


async def test_a_language_level_before_a_trip_is_a_study_plan() -> None:
    assert pick(ITALIAN).id == "study"
    run = await drive(ITALIAN, {1: "I can do 4 hours a week now."})
    parts = sections(run.plan)
    assert "Plan type: a learning or study schedule." in parts["Schedule"]
    assert "Passports" not in run.plan and "Departure" not in run.plan
    assert "4 hours a week (feedback:1); every fourth week is a review week." in run.plan
    # 4 hours a week to the end of August is about 156 hours: near enough the 180 A2 takes
    assert "usually takes" not in parts["Risk register"]
    assert run.flags == []
    before = sections((await drive(ITALIAN)).plan)["Risk register"]
    assert "| R1 | 78 hours are well short of what A2 usually takes |" in before


async def test_a_club_its_members_pay_for_charges_the_fee() -> None:
    goal = (
        "Launch a climbing club in Galway for 60 members by 1 March 2027 with a budget of"
        " €5,000. Membership fees of €30 a month."
    )
    assert pick(goal).id == "community"
    run = await drive(goal)
    assert "It is what the plan charges, income rather than spending" in run.plan


QUIZ = (
    "Hold a village quiz night on 20 March 2027 to raise £800 for the church roof. Costs: hall"
    " hire £60, prizes £90, food £150 and printing £20."
)


async def test_the_people_who_come_are_no_team_and_each_must_bring_in_their_share() -> None:
    run = await drive(QUIZ, {1: "Only 40 people now, not 60."})
    parts = sections(run.plan)
    assert "Team size" not in run.plan and "40 people | Does the work" not in run.plan
    assert (
        "To raise £800 after the £320 of costs, it must bring in £1,120: £28 from each of the"
        " 40 people (feedback:1), in tickets, the raffle and the bar together." in parts["Budget"]
    )
    assert run.flags == []


CARDS = (
    "Pay off £2,400 on a Barclaycard and £3,100 on a Halifax credit card by December 2027. I can"
    " pay £400 a month."
)
CARDS_SAID = (
    "The Barclaycard is 0% until 30 April 2027, then 24.9%. The Halifax card is 22.9%. Selling"
    " my bike adds £25 a month too."
)


def test_an_offers_end_and_its_rates_are_labelled_as_said() -> None:
    points = [(p.label, p.value) for p in extract_data_points(CARDS_SAID, "feedback:1")]
    assert points == [
        ("interest rate", "0%"),
        ("offer ends", "30 April 2027"),
        ("interest rate", "24.9%"),
        ("interest rate", "22.9%"),
        ("payment added", "£25"),
    ]
    said = [(p.label, p.value) for p in extract_data_points(CARDS, "goal")]
    assert ("payment", "£400") in said and not [x for x in said if x[0] == "salary target"]


async def test_both_cards_are_the_goal_and_the_offers_end_is_no_deadline() -> None:
    run = await drive(CARDS, {1: CARDS_SAID})
    parts = sections(run.plan)
    assert "30 April 2027 deadline" not in run.plan
    assert "Paid £425.00 a month (goal, feedback:1)" in parts["Repayment schedule"]
    assert (
        "- Pay off £2,400 on a Barclaycard and £3,100 on a Halifax credit card by December 2027"
        " (the goal itself)" in parts["MoSCoW priorities"]
    )
    assert not_cleared_in_time(run.flags)  # the schedule says so too


async def test_care_paid_from_their_own_money_asks_for_no_budget() -> None:
    run = await drive(
        "Arrange care for my dad, who had a stroke and lives alone in Bolton, before he leaves"
        " hospital on 15 January 2027. He has £41,000 in savings.",
        {1: "He needs carers three times a day. My brother Tom can do the Lasting Power of"
            " Attorney paperwork."},
    )  # fmt: skip
    parts = sections(run.plan)
    assert "What is the budget" not in run.plan and "name a budget holder" not in run.plan
    assert "no budget stated" not in run.plan
    assert "| savings | £41,000 | goal |" in parts["Data points"]
    assert "**Deciding:** if the stroke has left him unable to decide for himself" in run.plan
    assert "**Visits:** 3 a day" in run.plan
    assert "| M3 | Lasting Powers of Attorney" in run.plan and "| Tom |" in parts["Schedule"]


async def test_a_nursing_homes_money_and_extras() -> None:
    run = await drive(
        "Find a nursing home for my mum near Bristol by April 2027; her flat is worth £190,000"
        " and she has £12,000 in savings.",
        {1: "Fees must be under £1,400 a week."},
    )
    parts = sections(run.plan)
    assert "**Nursing care:** ask for the NHS Continuing Healthcare checklist" in run.plan
    assert "A visiting rota" in parts["MoSCoW priorities"] and "A notebook at home" not in run.plan
    assert "| value of a home | £190,000 | goal |" in parts["Data points"]
    assert "Resource on hand: £190,000" not in run.plan
    assert run.flags == []


def test_a_rate_after_an_offer_is_said_in_its_own_words() -> None:
    """A page trial: the Constraints table showed the offer's whole sentence twice."""
    rates = read_rates(CARDS_SAID, "feedback:1", date(2026, 12, 2))
    assert [r.text for r in rates][:2] == ["0% until 30 April 2027, then 24.9%", "then 24.9%"]


async def test_two_debts_at_the_same_assumed_rate_are_not_called_the_dearer() -> None:
    schedule = sections((await drive(CARDS)).plan)["Repayment schedule"]
    assert "the Barclaycard first (the same rate: the one named first)" in schedule
    assert "the dearest" not in schedule
