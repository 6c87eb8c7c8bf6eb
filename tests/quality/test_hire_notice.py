"""A new hire serves a notice at the job they leave before starting (found as a user: "Hire
a senior backend engineer … by March 2027" accepted its offer on 8 March and started on 31
March, and "candidates have 3 months' notice" moved nothing). The offer comes a notice
period before the start: the one said, else a month, two weeks for hourly work; where the
notice cannot fit, a risk says when the hire can start."""

from __future__ import annotations

import re
from datetime import date

from planloop.checks import sections
from planloop.constraints import dates
from tests.quality.drive import drive

START = date(2026, 12, 7)
LISBON = "Hire a senior backend engineer for our Lisbon team by March 2027"


def _milestones(plan: str) -> dict[str, date]:
    rows = re.findall(r"^\| (M\d) \| [^|]+ \| [^|]+ \| (\d{4}-\d\d-\d\d) \|$", plan, re.M)
    return {m: date.fromisoformat(d) for m, d in rows}


def _timeline(plan: str) -> list[tuple[date, str]]:
    rows = re.findall(
        r"^\| [^|]+ \| (\d{4}-\d\d-\d\d) \| ([^|]+) \|", sections(plan)["Hiring timeline"], re.M
    )
    return [(date.fromisoformat(d), task.strip()) for d, task in rows]


def _task(plan: str, starts: str) -> tuple[date, str]:
    return next((d, t) for d, t in _timeline(plan) if t.startswith(starts))


async def test_a_month_is_allowed_for_when_no_notice_is_said() -> None:
    plan = (await drive(LISBON, start=START)).plan
    m = _milestones(plan)
    assert m["M6"] == date(2027, 3, 31)
    assert dates.after(m["M5"], 1, "month") <= m["M6"]  # was 8 March: three weeks
    offer_day, offer = _task(plan, "Make the offer")
    assert offer_day == m["M5"]
    assert offer.endswith("after the notice period (a month allowed for)")
    # the final interviews come after the first ones (M4) and before the offer
    final_day, _ = _task(plan, "Final interviews")
    assert m["M4"] < final_day < m["M5"]
    assert "notice period pushes" not in plan


async def test_a_notice_said_in_the_goal_or_at_a_checkpoint_moves_the_offer() -> None:
    said = f"{LISBON}. Candidates here usually have a notice period of two months."
    plan = (await drive(said, start=START)).plan
    m = _milestones(plan)
    assert dates.after(m["M5"], 2, "month") <= m["M6"] == date(2027, 3, 31)
    assert list(m.values()) == sorted(m.values())
    assert _task(plan, "Make the offer")[1].endswith("(2 months, goal)")
    for day, task in _timeline(plan):  # every step before the offer is done before it
        if not task.startswith(("Make the offer", "Order laptops", "The new hire")):
            assert day <= m["M5"], task
    later = (await drive(LISBON, {1: "Most candidates have 2 months' notice."}, start=START)).plan
    m = _milestones(later)
    assert dates.after(m["M5"], 2, "month") <= m["M6"]
    assert _task(later, "Make the offer")[1].endswith("(2 months, feedback:1)")


async def test_a_notice_that_cannot_fit_is_a_risk_with_the_earliest_start() -> None:
    plan = (await drive(f"{LISBON}. Candidates have 3 months' notice.", start=START)).plan
    m = _milestones(plan)
    assert list(m.values()) == sorted(m.values())
    earliest = dates.after(m["M5"], 3, "month")
    assert earliest > m["M6"]
    risks = sections(plan)["Risk register"]
    assert "The notice period pushes the start past 31 March 2027" in risks
    assert f"agree a later start (about {earliest.isoformat()})" in risks
    # the start's milestone says it too, and the process before the offer keeps six weeks
    assert f"(3 months of notice: {earliest.isoformat()} at the earliest)" in plan
    assert (m["M5"] - START).days >= 42
    short = (await drive(f"{LISBON}. Candidates have one month's notice.", start=START)).plan
    assert "notice period pushes" not in short


async def test_hourly_work_allows_two_weeks_and_volunteers_none() -> None:
    plan = (await drive("Hire 2 baristas for our café by 31 January 2027", start=START)).plan
    m = _milestones(plan)
    assert m["M6"] - m["M5"] >= dates.after(m["M5"], 2, "week") - m["M5"]
    assert "(2 weeks allowed for)" in _task(plan, "Make offers")[1]
    volunteers = (
        await drive("Recruit 20 volunteers for our food bank by March 2027", start=START)
    ).plan
    assert "notice" not in volunteers.lower()


async def test_a_head_of_finance_by_february_is_not_hired_over_christmas_in_days() -> None:
    """Found as a user: "Hire a head of finance by 15 February 2027; candidates usually
    have 3 months' notice" put the ad live on a Sunday, the shortlist five days later and
    the interviews on Christmas Eve, with the start on the deadline."""
    goal = "Hire a head of finance by 15 February 2027; candidates usually have 3 months' notice"
    plan = (await drive(goal, start=START)).plan
    m = _milestones(plan)
    assert (m["M5"] - START).days >= 42 and (m["M3"] - m["M2"]).days >= 7
    assert "at the earliest)" in plan and "notice period pushes the start past 15 February" in plan
