"""A page trial's kitchen refit: "with our fitter Dave doing the installation" was planned as
a fitness goal (gym, weigh-ins), "Dave is out, use Ryan instead - he can start on 1 March"
started the whole plan on 1 March with its orders before it, and "Ryan is our fitter now,
not Dave" left Dave in."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from planloop.planners.offline.families.rooms import chosen_builder
from tests.quality.drive import START, drive

KITCHEN = (
    "Refit our kitchen by the end of April 2027 for £14,000, with our fitter Dave doing the"
    " installation"
)
OUT = (
    "Dave is out, use Ryan instead - he can start on 1 March 2027. Ryan does the installation."
    " Order the units and worktops by 15 February."
)


def test_a_fitter_is_a_trade_and_getting_fitter_is_fitness() -> None:
    assert pick(KITCHEN).title == "A home renovation"
    assert pick("I want to get fitter and lose 5 kg by June 2027").id == "fitness"


def test_dave_is_replaced_and_ryans_start_is_his_not_the_plans() -> None:
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=OUT)])
    assert [m.name for m in cs.members] == ["Ryan"] and chosen_builder(cs) == "Ryan"
    (start,) = cs.of("start")
    assert (start.when, start.scope) == (date(2027, 3, 1), "them") and cs.start == START
    now = gather(KITCHEN, START, [Feedback(checkpoint=1, text="Ryan is our fitter now, not Dave.")])
    assert "Dave" not in [m.name for m in now.members]


async def test_the_refit_orders_before_ryan_starts_and_builds_after() -> None:
    run = await drive(KITCHEN, {1: OUT})
    parts = sections(run.plan)
    assert "Plan type: a home renovation." in parts["Schedule"]
    assert "| M1 | Design agreed; Ryan's written quote in |" in parts["Schedule"]
    assert (
        "| Strip out; first fix of plumbing and electrics | 2027-03-01 |" in parts["Works sequence"]
    )
    assert "| Order the units and worktops | Homeowner | 2027-02-15 | feedback:1 |" in run.plan
    assert "Gym" not in run.plan and "weigh in" not in run.plan
