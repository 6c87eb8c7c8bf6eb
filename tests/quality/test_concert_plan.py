"""A concert is put on as one: programme and rehearsals, tickets, piano and front of house, a
dress rehearsal (found by a second new user's trial: a community choir's first concert was
a volunteer project with an "Opening day", its £8 ticket a "budget", and its musical
director's repertoire date the concert's)."""

from __future__ import annotations

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

CHOIR = (
    "Put on the Hebden Bridge Community Choir's first concert at St James' Church on 24 April"
    " 2027 with 35 singers, selling 150 tickets at £8, costs budget £900"
)
SAID = (
    "Maria Costa, our musical director, will pick the repertoire by 10 January. Add a raffle."
    " Keep piano hire under £250."
)


async def test_a_choirs_concert_has_rehearsals_tickets_and_its_director() -> None:
    assert pick(CHOIR).id == "concert"
    assert pick("Set up a community choir").id == "community"
    assert pick("Put on the school play in July").id == "concert"
    run = await drive(CHOIR, {1: SAID})
    parts = sections(run.plan)
    schedule = parts["Schedule"]
    assert "the deadline 2027-04-24" in schedule
    assert "| M2 | Repertoire chosen; rehearsal dates set | Maria Costa |" in schedule
    assert "| M5 | Dress rehearsal in the venue | Maria Costa |" in schedule
    assert "| Pick the repertoire | Maria Costa | 2027-01-10 | feedback:1 |" in run.plan
    assert (
        "| Concert day | 2027-04-24 | The concert | Organiser |"
        in (parts["Countdown to the concert"])
    )
    assert "Opening day" not in run.plan and "£8 budget" not in run.plan
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]
