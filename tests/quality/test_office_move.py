"""An office move is planned as a business's: premises and the lease's notice, the network
and phones, removals and IT movers, clients and the post told (found by a new user's
trial: it was a general goal, "First delivery", "Delivery work £9,750", and Tom Barker
who "owns the network and phones cutover" was read as nobody)."""

from __future__ import annotations

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

OFFICE = (
    "Move our 12-person accounting office from Leeds city centre to a new unit in Horsforth"
    " by 26 March 2027 with minimal downtime, budget £18,000"
)
SAID = (
    "Budget is £15,000 now, not £18,000. Tom Barker (IT) owns the network and phones "
    "cutover. No new furniture, we reuse what we have. I'm on leave 22-26 February 2027."
)


async def test_an_office_move_moves_the_network_the_phones_and_the_address() -> None:
    assert pick(OFFICE).title == "An office move"
    assert pick("Move from Leeds to a flat in Manchester").title == "A move to a new home"
    run = await drive(OFFICE, {1: SAID})
    parts = sections(run.plan)
    schedule = parts["Schedule"]
    assert "| Internet line and phone numbers ordered for the new address | Tom Barker |" in (
        schedule
    )
    countdown = parts["Countdown to moving day"]
    assert (
        "Order the internet line and phone numbers' transfer for the new address | Tom Barker |"
        in (countdown)
    )
    assert "redirect the post" in countdown
    assert "First delivery" not in run.plan and "School" not in run.plan
    assert "Furniture" not in parts["Budget"] and "| Fit-out |" in parts["Budget"]
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]
