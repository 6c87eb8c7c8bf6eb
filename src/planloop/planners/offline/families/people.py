"""Who among the people a plan names leads it, holds its money and does each piece of its
work, from the roles said of them ("Ana leads the migration", "Ben handles finance",
"Lee Grant will move the servers")."""

from __future__ import annotations

import re

from planloop.constraints import Constraint, ConstraintSet
from planloop.planners.offline.families.exclusions import base, words_of
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
    r"|\bowns? everything"
    # "leads every session" of a group that meets (found as a user: a coach owned a route)
    r"|\bleads?\s(?:every|each|all|the)\s(?:sessions?|classes|class|runs|meetings?)\b",
    re.I,
)
# "leads the migration", "runs the fun run": leads the thing the goal is
_LEADS_THE = re.compile(
    # "owns the switch" of a switch (found as a user: Mia Chen owned a column, not the plan)
    r"\b(?:leads?|heads?|runs?|manages?|coordinates?|owns?)\s(?:the\s|our\s|this\s)?"
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


_CHOOSING = re.compile(
    r"\b(?:choose|chosen|ask|find|found|hire|hired|book|booked|quotes?|compare|interview"
    r"|instruct|instructed|appoint|appointed)\b",
    re.I,
)
# verbs that say how, not what: "will move the servers" is the servers' work, not the move's
# (found as a user: an IT contractor owned moving day)
_ROLE_VERBS = frozenset(
    words_of(
        "run runs lead leads own owns handle manage do does take care move moves plan plans"
        " organise organises organize organizes"
        # a booking verb says which milestones are the booker's (_BOOKING), not what about:
        # who "books the band" does not book the caterer (found by a new user's trial)
        " book books reserve reserves order orders buy buys"
        # ... and when, not what: who "will run the barbecue on the day" does not own the
        # event day (found by a new user's trial)
        " day days week weekend morning evening need needs them everything"
        # ... nor which: "takes the old furniture to the tip" is not the old home's notice
        " old new"
    )
)


# a booking verb and what a milestone that is its work says
_BOOKING = {
    **dict.fromkeys(("book", "books"), r"\bbook"),
    **dict.fromkeys(("reserve", "reserves"), r"\breserv|\bbook"),
    **dict.fromkeys(("order", "orders"), r"\border"),
    **dict.fromkeys(("buy", "buys"), r"\bb(?:uy|ought)|\bpurchas"),
}


def doer(cs: ConstraintSet, title: str, topics: set[str], default: str) -> str | None:
    """The named person whose role names this work (``title``, its ``topics`` as bases), or
    whose title is the role that does it by default (``default``), if any."""
    # choosing or booking the builder is not the builder's work (found as a user: "Dave
    # Hughes", "our builder", was to "ask three builders to quote"); booking the venue is
    # the work of one who "books the venue"
    choosing = _CHOOSING.search(title) is not None
    for m in reversed(cs.members):
        # who books the restaurant books it, not the menu and the numbers sent to it (found
        # as a user: "my sister will book the restaurant" owned three milestones)
        verb = m.role.split(" ", 1)[0].lower()
        if verb in _BOOKING and not re.search(_BOOKING[verb], title, re.I):
            continue
        chosen = choosing and m.role.startswith(("is our ", "is the "))
        picks = not choosing and m.role.startswith(("pick", "choose", "select"))  # that only
        # what the role is about, not its verb ("run the interview scheduling" does not
        # own "first-week plans run": found by a new user's trial)
        if (words_of(m.role) - _ROLE_VERBS) & topics and not (chosen or picks):
            return m.name
    roles = words_of(default) - {"lead"}
    for m in reversed(cs.members):  # "our builder is Dave Hughes": the Builder's work
        said = m.role if m.role.startswith("is our ") else m.subject  # "our musical director"
        if said and words_of(said) & roles:
            return m.name
        # "Tom Reed will edit it": the Editor's work (found as a user: read as a helper);
        # not "will write the budget section", one part of the Lead writer's
        verb, _, what = m.role.lower().partition(" ")
        whole = set(what.split()) <= {"it", "them", "everything", "all", "of", "this"}
        if whole and len(verb) > 3 and {f"{verb}or", f"{verb}er", f"{verb}r"} & roles:
            return m.name
    return None


_HELPS = re.compile(r"\bwith\s(?:me|us)\b", re.I)


def helps(cs: ConstraintSet, name: str) -> bool:
    """Whether the named person does the writer's own work with them: "will review my CV and
    do mock interviews with me" (not "will be my beta reader", whose reading is theirs)."""
    return any(m.name == name and _HELPS.search(m.text) for m in cs.members)


def one_of_a_team(cs: ConstraintSet, name: str) -> bool:
    """Whether a named person is one of a team counted already: "our developer Sam" of "a
    team of 3 developers" (found as a user: counted as a sixth person beside the three)."""
    return any(name in among(cs, t) for t in cs.teams)


def among(cs: ConstraintSet, team: Constraint) -> list[str]:
    """The named people who are of ``team`` by their title ("our developer Sam")."""
    role = base(team.role.split()[-1]) if team.role.strip() else ""
    return [m.name for m in cs.members if m.subject and base(m.subject.split()[-1]) == role]


def team_text(cs: ConstraintSet, team: Constraint) -> str:
    """A counted team as a plan names it: "3 developers (among them Sam)"."""
    named = among(cs, team)
    return f"{team.number:g} {team.role}" + (f" (among them {', '.join(named)})" if named else "")
