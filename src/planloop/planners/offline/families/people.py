"""Who among the people a plan names leads it and who holds its money, from the roles
said of them ("Ana leads the migration", "Ben handles finance")."""

from __future__ import annotations

import re

from planloop.constraints import ConstraintSet
from planloop.planners.offline.families.family import Family
from planloop.terms import head_words, same_word

# Who leads the whole plan: "leads", "is the lead", "in charge", "heads it up", "owns every
# milestone"; not a lead of one part ("is the lead judge" judges, "head chef" cooks).
_LEADS = re.compile(
    r"\bleads?(?:\s(?:the\s|our\s)?(?:project|plan|event|whole|team$)|\s(?:it|us|everything"
    r"|everyone)\b|$)|\bis\s(?:the\s|our\s)?lead$"
    r"|\bin charge(?:$|\sof\s(?:the\s)?(?:project|plan|event|whole|everything|it\b))"
    r"|\bheads?(?:\sup)?(?:\s(?:the\s)?(?:project|plan|team|event|it\b)|$)"
    r"|\bruns the (?:project|whole)|\bowns? (?:every|all|each) (?:milestone|task|step)"
    r"|\bowns? everything",
    re.I,
)
# "leads the migration", "runs the fun run": leads the thing the goal is
_LEADS_THE = re.compile(
    r"\b(?:leads?|heads?|runs?|manages?|coordinates?)\s(?:the\s|our\s|this\s)?"
    r"((?:[a-z][a-z-]{2,}\s?){1,3})$"
)
_MONEY = re.compile(r"\b(?:finance|finances|budget|money|accounts|spending|treasurer)\b", re.I)


def lead(cs: ConstraintSet, family: Family, goal: str) -> str:
    """A named person who leads ("is the organiser" of an offsite, "owns every milestone",
    "leads the migration" of a migration), else the family's lead role."""
    role = family.lead.lower()
    for m in reversed(cs.members):
        said = m.role.lower()
        if _LEADS.search(said) or re.search(rf"\b(?:is|as)\s(?:the\s|our\s)?{role}\b", said):
            return m.name
        if (what := _LEADS_THE.search(said)) and _is_the_goal(what.group(1), family, goal):
            return m.name
    return family.lead


def finance(cs: ConstraintSet) -> str | None:
    """A named person who holds the money ("Ben handles finance"), if any."""
    return next((m.name for m in reversed(cs.members) if _MONEY.search(m.role)), None)


def _is_the_goal(said: str, family: Family, goal: str) -> bool:
    """Whether ``said`` names what the goal is: its kind, or one of its first words ("the
    migration" of "Migrate our CI to …", "the fun run" of "Organise a charity 5k fun run
    …"; not "the catering" of "… catering £50 a guest", a part of it)."""
    head = head_words(goal)
    return any(word == family.id or any(same_word(word, w) for w in head) for word in said.split())
