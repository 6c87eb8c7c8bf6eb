"""Feedback a third round of new-user trials found misread (each a plan's own words)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)


def test_an_owner_named_with_their_role_and_a_pause_in_the_last_week() -> None:
    """ "Maya Green, our bookkeeper, owns the switch" was kept as direction, and "No switch
    in the last week of March: year end" excluded the switch itself."""
    said = "Maya Green, our bookkeeper, owns the switch. No switch in the last week of March."
    cs = gather(
        "Switch our accounts from QuickBooks to Xero by 1 April 2027",
        START,
        [Feedback(checkpoint=1, text=said)],
    )
    assert [(m.name, m.role) for m in cs.members] == [("Maya Green", "owns the switch")]
    assert cs.exclusions == []


def test_tickets_said_without_a_verb_and_income_aimed_at() -> None:
    """ "Tickets £8 each" was read as nothing; "make £500 a month" was a cap on spending."""
    [price] = gather("Tickets £8 each. Keep hall hire under £100.", START).price_caps()
    assert (price.subject, price.money.amount if price.money else 0) == ("ticket price", 8)
    cs = gather("Sell my handmade jewellery online and make £500 a month by August 2027", START)
    assert cs.period_caps() == [] and cs.budget is None


async def test_lessons_each_then_how_many_a_week() -> None:
    """ "Lessons are £20 each, 2 a week" left the lessons unpaid for: "2 a week" named no
    lessons."""
    run = await drive(
        "Learn to play the ukulele and play 10 songs by Easter 2027",
        {1: "Lessons are £20 each, 2 a week."},
        start=START,
    )
    assert (
        "| Lessons | £640 | £20 a lesson × 2 lessons a week × 16 weeks, from M1 (feedback:1) |"
        in (sections(run.plan)["Budget"])
    )


async def test_who_picks_the_song_owns_choosing_it_not_learning_it() -> None:
    """ "My choir leader Ruth Evans will pick the song" owned the songs learned."""
    run = await drive(
        "Learn to sing well enough to do a solo at our choir's concert on 18 June 2027",
        {1: "My choir leader Ruth Evans will pick the song."},
        start=START,
    )
    schedule = sections(run.plan)["Schedule"]
    assert "| M1 | Songs chosen; a teacher booked; the instrument ready | Ruth Evans |" in schedule
    assert "| M2 | First half of the songs learned | Learner |" in schedule


async def test_a_lesson_a_fortnight_by_the_hour_and_one_a_week_each() -> None:
    """ "Singing lessons are £45 an hour, one a fortnight" and "lessons are £30 each and I can
    do one a week" had no lessons line: a count in words, or a fortnight, counted nothing."""
    run = await drive(
        "Learn to sing well enough to do a solo at our choir's concert on 18 June 2027",
        {1: "Singing lessons are £45 an hour, one a fortnight."},
        start=START,
    )
    parts = sections(run.plan)
    assert "| Quantity | 1 lesson a fortnight | feedback:1 |" in parts["Constraints"]
    assert "£45 an hour × 1 lesson a fortnight × 13 fortnights, from M1" in parts["Budget"]
    cs = gather("Learn the guitar by June; lessons are £30 each and I can do one a week", START)
    [lessons] = cs.of("quantity")
    assert (lessons.number, lessons.unit, lessons.scope) == (1, "lesson", "week")
