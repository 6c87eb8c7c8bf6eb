"""A grant application is written as one: the funder's guidance, the project and its
outcomes, a budget from quotes, letters of support, an outside reader, the submission
(found by a second new user's trial: it was a donor appeal with events, a plaque for the
donors and £21,600 spent on event hire, and "ask for £48,000" a budget)."""

from __future__ import annotations

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

GRANT = (
    "Write a £60,000 grant application to the National Lottery Community Fund for our youth "
    "football club in Cardiff, deadline 15 February 2027"
)
SAID = (
    "Ask for £48,000 not £60,000. Sian Evans, our treasurer, will write the budget section. "
    "Move the deadline to 1 February 2027. I'm away 24 December to 2 January."
)


async def test_a_grant_application_is_written_and_submitted_by_its_deadline() -> None:
    assert pick(GRANT).title == "A grant application"
    assert pick("Raise £20,000 for the school playground by July").title == ("A fundraising target")
    run = await drive(GRANT, {1: SAID})
    parts = sections(run.plan)
    assert list(parts).count("Application steps") == 1
    assert (
        "| Write the project budget from real quotes | Sian Evans |" in parts["Application steps"]
    )
    assert "| M7 | Application submitted | Lead writer | 2027-02-01 |" in parts["Schedule"]
    for appeal in ("donor", "Events: hire", "plaque"):
        assert appeal not in run.plan, appeal
    assert "£48,000 budget" not in run.plan and "£60,000 budget" not in run.plan
    dated = "\n".join(parts["Schedule"].splitlines() + parts["Application steps"].splitlines())
    assert not any(f"2026-12-{d}" in dated for d in range(24, 32))
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]
