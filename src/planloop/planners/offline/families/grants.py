"""A grant application written: the funder's criteria, the project and its outcomes, the
budget, letters of support, a draft read by someone outside, the submission (found by a new
user's trial: "Write a £60,000 grant application to the National Lottery Community Fund"
was planned as a donor appeal, with events, a plaque for donors and £21,600 spent on event
hire). The fundraising family (kinds.py) gets these phases and steps for such a goal."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_GRANT = re.compile(
    r"\b(?:grant|funding|lottery)\s(?:application|bid|proposal)s?\b"
    r"|\bappl(?:y|ying)\sfor\s(?:a\s|an\s)?(?:[\w£$€,.'-]+\s){0,4}?(?:grant|funding)\b",
    re.I,
)


GRANT_STRUCTURE = "Application steps"


def writes_a_grant(goal: str) -> bool:
    return _GRANT.search(goal) is not None


# (share of the schedule, step, topic)
GRANT_STEPS = (
    (0.05, "Read the funder's guidance; check the club, the project and the costs are eligible",
     "criteria"),
    (0.15, "Agree the project, the outcomes it will show and the amount to ask for", "project"),
    (0.3, "Write the project budget from real quotes", "budget"),
    (0.45, "Ask partners for letters of support, with the deadline", "letters"),
    (0.6, "Write the full draft against every question the form asks", "draft"),
    (0.8, "Have someone outside the project read it; fix what they stumble on", "review"),
    (0.95, "Submit; save the confirmation and a copy of everything sent", "submit"),
)  # fmt: skip


def for_grant(family: Family, goal: str) -> Family:
    """The fundraising family for one application: its phases in a writer's words, no
    spending lines (what is asked for is the funder's money, not a budget)."""
    if family.id != "fundraising" or not writes_a_grant(goal):
        return family
    phases = (
        phase("Guidance read; eligibility confirmed", 0.1, "Lead writer", "criteria funder"),
        phase("Project, outcomes and the amount to ask agreed", 0.2, "Lead writer",
              "project outcomes ask"),
        phase("Project budget written from quotes", 0.35, "Treasurer", "budget quotes"),
        phase("Letters of support in", 0.55, "Lead writer", "letters support partners"),
        phase("Full draft written", 0.75, "Lead writer", "draft writing"),
        phase("Draft read by someone outside; fixed", 0.9, "Lead writer", "review"),
        phase("Application submitted", 1.0, "Lead writer", "submit"),
    )  # fmt: skip
    return dataclasses.replace(
        family, title="A grant application", lead="Lead writer", team="Volunteers",
        phases=phases, lines=(), structure=GRANT_STRUCTURE,
    )  # fmt: skip
