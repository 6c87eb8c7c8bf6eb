"""A bathroom with its builder named in passing (a new user's trial, 2026-12-07): "our
builder Dave Hughes can only start on 1 March" began the whole plan on 1 March, its design
and quotes after the start, with "builder (nobody named yet)"; "no tiling on the ceiling"
took every tile out; a line kept in part was "£693 | 9% of £8,000"; and the goal's "we want
no tiling on the ceiling" was a work package and a Should have beside its own Won't have."""

from __future__ import annotations

import re

from planloop.checks import sections
from planloop.constraints import gather
from tests.quality.drive import START, drive

GOAL = (
    "Renovate our bathroom in Leeds for £8,000 by 30 April 2027; our builder Dave Hughes can "
    "only start on 1 March and we want no tiling on the ceiling"
)


def test_a_builder_named_in_passing_is_the_builder_and_starts_the_works() -> None:
    cs = gather(GOAL, START)
    assert [(c.name, c.role) for c in cs.members] == [("Dave Hughes", "is our builder")]
    [start] = cs.of("start")
    assert start.scope == "builder"  # the works' start, not the plan's
    assert cs.start == START


async def test_the_bathroom_is_designed_before_the_builder_starts_and_keeps_its_tiles() -> None:
    run = await drive(GOAL)
    parts = sections(run.plan)
    assert "From 2026-12-02 to the deadline 2027-04-30" in parts["Schedule"]
    assert "| Strip-out done; plumbing and electrics first fix | Dave Hughes |" in parts["Schedule"]
    assert "nobody named yet" not in run.plan and "Choose the builder" not in run.plan
    assert "suite, shower and tiles ordered" in parts["Schedule"]
    assert (
        "| Tiles, waterproofing and flooring | £1,040 | 13% of £8,000 (goal) |" in parts["Budget"]
    )
    assert "tiling on the ceiling — the goal rules it out (goal)" in parts["MoSCoW priorities"]
    assert "we want no tiling" not in parts["Work breakdown"]
    assert "we want no tiling" not in parts["MoSCoW priorities"]
    assert run.flags == []


async def test_every_line_kept_in_part_is_its_stated_share() -> None:
    run = await drive("Set up a tool library in our village hall with £2,000", {
        1: "Tools are donated by the hardware shop"})  # fmt: skip
    lines = re.findall(r"^\| ([^|]+) \| £([\d,]+) \| (\d+)% of £2,000 \(goal\) \|$", run.plan, re.M)
    assert "Supplies" in [name for name, _, _ in lines]  # the line kept in part
    for name, amount, share in lines:
        assert int(amount.replace(",", "")) == 2_000 * int(share) // 100, name
