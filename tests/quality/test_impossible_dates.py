"""A date with a day its month does not have is said, not dropped in silence. Found as a
user: "Run a marathon by 31 February 2027" was planned to "No deadline stated: 12 weeks
assumed", with nothing said of the date typed."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.dates import impossible_dates
from tests.quality.drive import drive


def test_days_a_month_does_not_have_are_found_as_written() -> None:
    assert impossible_dates("Run a marathon by 31 February 2027") == ["31 February 2027"]
    assert impossible_dates("launch on April 31, 2027") == ["April 31, 2027"]
    assert impossible_dates("on the 30th of February 2028") == ["30th of February 2028"]
    assert impossible_dates("by 29 February 2028 and 28 February 2027") == []  # 2028 leaps


async def test_the_plan_says_the_date_is_none_and_asks_which_day_was_meant() -> None:
    plan = (await drive("Run a marathon by 31 February 2027", start=date(2026, 12, 7))).plan
    said = "“31 February 2027” (goal) is no day in the calendar, so it sets no deadline"
    assert said in sections(plan)["Schedule"]
    assert (
        "“31 February 2027” is no day in the calendar: which day was meant?"
        in sections(plan)["Open questions"]
    )
