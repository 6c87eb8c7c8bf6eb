"""How often is not how long, and a holiday's cities are no sites (found by a third new
user's trial: "I can only run 3 days a week" gave "The 3 days timeline slips", month-end's
"last 3 working days of each month" gave "The 3 working days timeline slips", and "no more
than 3 cities" on a family holiday gave "Managers of 3 cities" and a rollout in waves)."""

from __future__ import annotations

from datetime import date

from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import drive

START = date(2026, 12, 5)


def test_days_a_week_or_of_each_month_are_how_often() -> None:
    said = "I can only run 3 days a week. No downtime in the last 3 working days of each month."
    points = [(p.label, p.value) for p in extract_data_points(said, "feedback:1")]
    assert ("frequency", "3 days a week") in points
    assert ("frequency", "3 working days of each month") in points
    assert not [p for p in points if p[0] == "timeline"]
    assert ("timeline", "12 weeks") in [
        (p.label, p.value) for p in extract_data_points("Train for 12 weeks", "goal")
    ]


async def test_a_runners_days_a_week_are_no_timeline_to_slip() -> None:
    run = await drive(
        "Run a 10k in under 50 minutes by 1 May 2027; I currently run 15 km a week",
        {1: "I can only run 3 days a week and I'm away 10-17 February."},
        start=START,
    )
    assert "3 days timeline" not in run.plan


async def test_a_holidays_cities_are_no_sites_to_roll_out() -> None:
    run = await drive(
        "Plan a two-week family holiday to Japan in April 2027 for 2 adults and 2 kids with a"
        " budget of £9,000",
        {1: "No more than 3 cities. The kids are 6 and 9."},
        start=START,
    )
    assert "Managers of 3 cities" not in run.plan and "Rolling out" not in run.plan
