"""A training plan keeps the limit and the race a runner asks for (found by a new user's
trial: "Peak weekly distance must not exceed 70 km" was read as an exclusion, the weeks
still peaked at 80 km, and "never on Mondays" ruled out "the Hackney Half on 16 May" by
the word "on" the two share)."""

from __future__ import annotations

import re
from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = (
    "Train for the Berlin Marathon on 26 September 2027 aiming for under 3 hours 45 minutes,"
    " currently running 25 km a week"
)
SAID = (
    "I can only run 4 days a week and never on Mondays. Add the Hackney Half on 16 May 2027"
    " as a tune-up race. Peak weekly distance must not exceed 70 km."
)


def test_a_limit_on_a_number_is_no_exclusion_and_a_shared_little_word_rules_nothing_out() -> None:
    cs = gather(GOAL, START, [Feedback(checkpoint=1, text=SAID)])
    assert [c.subject for c in cs.exclusions] == ["on mondays"]
    assert [c.subject for c in cs.additions] == ["hackney half on 16 may 2027"]
    peak = cs.quantity("km", "peak")
    assert peak is not None and peak.number == 70


async def test_the_weeks_peak_where_asked_and_the_race_is_in_them() -> None:
    plan = (await drive(GOAL, {1: SAID}, start=START)).plan
    weeks = sections(plan)["Week-by-week training schedule"]
    loads = [int(km) for km in re.findall(r"^\| \d+ \| [\d-]+ \| \d \| (\d+) \|", weeks, re.M)]
    assert loads and max(loads) == 70
    assert "to at most 70 km (as asked, feedback:1)" in weeks
    assert "| Hackney Half on 16 May 2027 | Athlete | 2027-05-16 | feedback:1 |" in weeks
    assert "not added: an exclusion rules it out" not in plan
