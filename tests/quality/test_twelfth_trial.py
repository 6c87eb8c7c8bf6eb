"""Found by the twelfth round of new users' trials: "Lose 8 kg …; I'm 82 kg now" was a plan
to lose 82 kg, and "I hurt my knee, no running until February" was read as nothing."""

from __future__ import annotations

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

WEDDING = "Lose 8 kg by my wedding on 12 June 2027; I'm 82 kg now and can exercise 4 times a week"


def test_a_weight_one_has_now_is_no_target() -> None:
    cs = gather(WEDDING, START)
    assert cs.changed_quantities() == []
    target = cs.quantity("kg", scope="")
    assert target is not None and target.number == 8
    # said at a checkpoint, "… now" still changes a count
    later = gather(WEDDING, START, [Feedback(checkpoint=1, text="Make it 6 kg now")])
    assert later.quantity("kg", scope="") is not None
    assert later.quantity("kg", scope="").number == 6  # type: ignore[union-attr]


async def test_the_weeks_lose_what_the_goal_says_and_rest_the_knee() -> None:
    run = await drive(WEDDING, {1: "I hurt my knee, no running until February."})
    parts = sections(run.plan)
    assert "Changed since the goal" not in run.plan
    assert "8 kg (goal) over 28 weeks is 0.3 kg a week, within the usual safe pace" in run.plan
    weeks = parts["Week-by-week plan"]
    assert "| 1 | 2026-12-02 | 2 | −0.3 kg | Low-impact only, no running until 2027-01-31" in weeks
    assert "| 10 | 2027-02-03 | 4 | −2.9 kg | Progress:" in weeks
    assert (
        "— the weeks until 2027-01-31 keep to low-impact exercise, without running."
        in parts["Feedback applied"]
    )
    assert run.flags == []
