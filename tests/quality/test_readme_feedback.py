"""The README's own feedback examples change the plan. Found as a user: its "Compare
renting a kiosk with a shop" (a revise) and "Try Porto instead" (a fork) were quoted in
the plan with "no section changed for it"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.quality.drive import drive

README = (Path(__file__).parents[2] / "README.md").read_text()
GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"


async def test_the_readme_feedback_examples_each_change_a_section() -> None:
    assert GOAL in README
    revise = re.search(r'"decision": "revise", "feedback": "([^"]+)"', README)
    fork = re.search(r'"from_iteration": 2, "feedback": "([^"]+)"', README)
    assert revise is not None and fork is not None
    for said in (revise.group(1), fork.group(1)):
        plan = (await drive(GOAL, {1: said}, start=date(2026, 12, 7))).plan
        assert f"> {said}" in plan
        assert "no section changed for it" not in plan, said
