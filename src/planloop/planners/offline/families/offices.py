"""A business moving its office: premises, the lease's notice, the network and phones, the
people told, the move itself out of hours (found by a new user's trial: "Move our 12-person
accounting office from Leeds city centre to a new unit in Horsforth" was a general goal,
"First delivery", "Delivery work £9,750"). The move family (occasions.py) is a
household's; a goal that moves an office, a shop or a studio gets these phases, lines and
countdown."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_PREMISES = (
    r"(?:office|offices|business|shop|studio|warehouse|workshop|premises|hq|headquarters"
    r"|practice|clinic|salon)"
)
_OFFICE_MOVE = re.compile(
    r"\b(?:move|moving|relocat\w*)\s(?:our|the|my|a)\s(?:[\w-]+\s){0,3}?" + _PREMISES + r"\b"
    # "our team's move to a new office in Manchester", "an office move" (found by a new
    # user's trial: planned as an event, with a caterer, photography and flowers)
    r"|\b(?:move|moving|relocat\w*)\s(?:in)?to\s(?:a|an|the|our)\s(?:[\w-]+\s){0,2}?"
    + _PREMISES
    + r"\b|\boffice\s(?:move|relocation)\b",
    re.I,
)


def moves_an_office(goal: str) -> bool:
    return _OFFICE_MOVE.search(goal) is not None


OFFICE_COUNTDOWN = (
    (0.90, "Fix the budget, the space needed and the moving date; agree who decides", "budget"),
    (0.75, "View premises; check the lease, access, parking and the internet available",
     "search"),
    (0.55, "Sign the new lease; give notice on the old one", "home"),
    (0.45, "Order the internet line and phone numbers' transfer for the new address", "it"),
    (0.35, "Book the removals firm and IT movers for a weekend; get three quotes", "removals"),
    (0.25, "Plan desks and who sits where; order what is missing", "layout"),
    (0.15, "Tell clients, suppliers, the bank, insurers and HMRC of the new address; "
     "redirect the post", "address"),
    (0.05, "Label every desk's boxes and kit; back up the servers", "packing"),
    (0.0, "Test the network, phones and printers at the new office; hand back the old keys",
     "keys"),
)  # fmt: skip


def for_office(family: Family, goal: str) -> Family:
    """The move family for an office: its phases and lines in a business's words."""
    if family.id != "move" or not moves_an_office(goal):
        return family
    phases = (
        phase("Budget, space and moving date fixed", 0.1, "Move planner", "budget space date"),
        phase("New premises signed for; notice given on the old lease", 0.55, "Move planner",
              "premises lease landlord office unit"),
        phase("Internet line and phone numbers ordered for the new address", 0.65,
              "IT lead", "it network phones internet broadband"),
        phase("Removals and IT movers booked; desks planned", 0.75, "Move planner",
              "removals movers desks layout"),
        phase("Clients, suppliers and the post told of the new address", 0.85, "Move planner",
              "address clients post"),
        phase("Packed and labelled; servers backed up", 0.97, "Office team", "packing"),
        phase("Moving day: open for business at the new office", 1.0, "Move planner",
              "move day"),
    )  # fmt: skip
    lines = (("Removals and IT movers", 0.25, ""), ("Deposit and first month's rent", 0.30,
             "month"), ("Network, phones and internet set-up", 0.15, ""),
             ("Furniture and fit-out", 0.12, ""), ("Legal and agent fees", 0.05, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="An office move", team="Office team", phases=phases, lines=lines
    )
