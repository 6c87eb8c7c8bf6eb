"""Learning to swim a distance is swum (found by a new user's trial: "Learn to swim 400
metres front crawl by June 2027; I can swim 2 lengths now" got a half marathon's plan,
"Long run 21 km", a running shop's gait check, and the pool's closure unread)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.swims import distances, swims
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = "Learn to swim 400 metres front crawl by June 2027; I can swim 2 lengths now"
SAID = (
    "Lessons are £18 each, once a week. The pool is closed 20-27 February. I want to swim"
    " it in under 12 minutes."
)


def test_a_swim_is_told_from_a_triathlon_and_a_run() -> None:
    assert swims(GOAL) and pick(GOAL).title == "Learning to swim a distance"
    assert distances(GOAL) == (400, 50)  # 2 lengths of a 25 m pool, now
    assert distances("Swim a mile in open water by August") == (1609, None)
    assert not swims("Prepare for a sprint triathlon on 19 June 2027; I can swim 400 m now")
    assert pick("Train for a half marathon in April 2027").title != "Learning to swim a distance"


async def test_a_swim_grows_in_the_pool_around_its_closure_to_the_time_asked() -> None:
    run = await drive(GOAL, {1: SAID}, start=START)
    parts = sections(run.plan)
    weeks = parts["Week-by-week training schedule"]
    # the lessons from the week they are booked (M1), as the budget pays them
    assert "| 1 | 2026-12-05 | 2 swims | 50 m |" in weeks
    assert "| 4 | 2026-12-26 | 1 lesson + 1 swim |" in weeks
    # the whole distance by its milestone (M4, 2027-05-30), not weeks after
    assert "| 25 | 2027-05-22 | 1 lesson + 1 swim | 400 m |" in weeks
    assert "| 12 | 2027-02-20 | 0 | — | No swimming (20-27 February) |" in weeks
    assert (
        "| 30 | 2027-06-26 | 1 lesson + 1 swim | 400 m | The 400 m, timed: under 12 minutes |"
        in (weeks)
    )
    assert "(about 2:55 per 100 m)" in weeks  # inside 12 minutes, not exactly on it
    assert "| M4 | The whole 400 m without stopping | Swimmer |" in parts["Schedule"]
    assert (
        "| Lessons or coaching | £468 | £18 a lesson × 1 lesson a week × 26 weeks, from M1, less"
        " 1 week away (20-27 February)" in (parts["Budget"])  # none while the pool is shut
    )
    for running in ("Long run", " km", "gait", "Race and recover", "Athlete"):
        assert running not in run.plan, running
    assert not run.flags
