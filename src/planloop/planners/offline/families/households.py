"""Who moves, and how far: a move with no children in it finds no school places (found as
a user: "Move from London to Lisbon with my partner" was planned with "School or childcare
places confirmed" and a countdown step to apply for them), and a move within one country
applies for no visa (a thirteenth trial's: "from Bristol to Leeds" had "Apply for any
visas" and a budget line for them). The move family (occasions.py) is a family's abroad."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.terms import vocabulary

_CHILDREN = re.compile(
    r"\b(?:kids?|children|child|sons?|daughters?|baby|babies|toddlers?|schools?|nursery"
    r"|childcare|family|families)\b",
    re.I,
)


def has_children(goal: str) -> bool:
    return _CHILDREN.search(goal) is not None


# places of one country, the UK's (where planloop's users said most moves): a move between
# two of them, or one said to be near, needs no papers but a change of address
_UK = vocabulary(
    "london bristol leeds manchester birmingham glasgow edinburgh cardiff liverpool sheffield"
    " newcastle nottingham leicester brighton oxford cambridge york bath belfast southampton"
    " portsmouth norwich exeter plymouth reading derby coventry swansea aberdeen dundee hull"
    " bradford sunderland canterbury chester durham lancaster preston ipswich cheltenham"
    " gloucester worcester winchester guildford luton northampton peterborough lincoln"
    " inverness stirling cornwall devon kent surrey yorkshire wales scotland england"
)
_FROM_TO = re.compile(
    r"\bfrom\s([A-Z][a-z]+)\s(?:\w+\s)?to\s(?:(?:a|an|the|our|my)\s(?:\w+\s){1,2}in\s)?([A-Z][a-z]+)"
)
_NEAR = re.compile(
    r"\b(?:within\s(?:the\s)?(?:UK|country|city|town)|across\s(?:town|the\scity)|same\s(?:city|town)"
    r"|down\sthe\sroad|nearby|round\sthe\scorner|locally)\b",
    re.I,
)
# a move into care or a smaller home: a parent into sheltered housing moves across town, not
# abroad (a new user's trial: "move my mum … into … Beech Court sheltered housing" had visas)
_LOCAL = re.compile(
    r"\b(?:sheltered\s(?:housing|accommodation|flat)|care\shome|nursing\shome|assisted\sliving"
    r"|retirement\s(?:flat|home|village|apartment)|extra[\s-]care|downsiz\w+)\b",
    re.I,
)
HOME_PAPERS = "Address changed: bank, doctor, council tax and the electoral roll"


def moves_within_a_country(goal: str) -> bool:
    """A move between two places of one country, or said to be near: no visas."""
    m = _FROM_TO.search(goal)
    both = m is not None and {m.group(1).lower(), m.group(2).lower()} <= _UK
    return both or _NEAR.search(goal) is not None or _LOCAL.search(goal) is not None


def for_household(family: Family, goal: str) -> Family:
    """The move family without its school places when the goal names no child or family,
    and without visas when it stays in one country."""
    if family.id != "move":
        return family
    phases = family.phases
    if not has_children(goal):
        phases = tuple(p for p in phases if "school" not in p.topics)
    lines = family.lines
    if moves_within_a_country(goal):
        phases = tuple(
            phase(HOME_PAPERS, p.share, p.owner, "registration bank papers address")
            if "visa" in p.topics
            else p
            for p in phases
        )
        lines = tuple(
            ("Fees: agents and checks", sh, u) if n.startswith("Fees") else
            ("Getting there: fuel or trains", sh, u) if n.startswith("Getting there") else
            (n, sh, u)
            for n, sh, u in lines
        )  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)
