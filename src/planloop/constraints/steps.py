"""A step of the work with its own day, said at a checkpoint: "Tom Hughes must open entries
by 1 February", "Invitations must go out by 31 January", "Uncle Pete will drive Dad up on
Friday 23 April", "the abstract is due 20 December", "the birthday dinner is on Saturday
24 April", "add a CV and LinkedIn profile by 20 December". Each is a task due then, not the
plan's day. Three new users' trials found each one moving the whole plan to it: a race on a
Monday in February, a party on the day its invitations went out, a talk two weeks away.

A date said to change the plan's day ("move race day to …", "now on …") or said of the
goal's own thing ("the wedding is on …") is left as it is: planloop.constraints.said_dates
reads those.
"""

from __future__ import annotations

import re

from planloop.constraints import dates
from planloop.constraints.holds import clause_of
from planloop.constraints.model import Constraint
from planloop.constraints.said_dates import CHANGED_DAY
from planloop.terms import clean, head_words, same_word, vocabulary

# where one part of a sentence ends: "The marathon clashes, so move …", "…; and Tom must"
_PARTS = re.compile(r",|;|:|\s[-–—]\s|\b(?:so|but|then|also|and\sthen|as\swell\sas)\b", re.I)
_AND = re.compile(r"\band\b", re.I)
_JOINING = re.compile(r"^(?:(?:and|so|but|then|also|or|actually|ok|okay|well|now),?\s)+", re.I)
_MODAL = r"(?:must|has\sto|have\sto|needs?\sto|should|will|is\sto|are\sto|is\sgoing\sto|can)"
# "<who> must open entries", "<what> must go out", "<what> is due", "<what> done"
_STEP = re.compile(
    r"^(?P<who>[\w'’-]+(?:\s[\w'’-]+){0,4}?)\s(?:"
    rf"{_MODAL}\s(?P<does>(?!be\b)[a-z][\w'’-]*(?:\s[\w'’-]+){{0,8}}?)"
    r"|(?:(?:is|are|must\sbe|should\sbe|will\sbe|has\sto\sbe|have\sto\sbe|to\sbe)\s)?"
    r"(?P<state>due|done|ready|finished|sent|submitted|written|booked|out|live|completed?"
    r"|paid|in\splace|confirmed|approved|signed|arranged|ordered|recruited|trained)"
    r"|(?:is|are|will\sbe)(?P<held>\s(?:held|happening))?)$",
    re.I,
)
# an errand asked for: "add a CV and LinkedIn profile", "book the venue"
_ERRAND = re.compile(
    r"^(?P<does>add|get|book|send|finish|write|build|set\sup|update|create|prepare|order"
    r"|arrange|buy|hire|apply\sfor|sign\sup\sfor|register\sfor|apply\sto|confirm|pay"
    r"|submit|request|renew|recruit|contact)\s(?P<who>.+)$",
    re.I,
)
# someone who comes to help for a while, in the goal or after it: "my brother Paul lives in
# Spain and can only come over 10-17 February" (a new user's trial: the move was due the
# 17th, not the 28th the goal said)
_VISIT = re.compile(
    r"\b(?P<who>[A-Z][\w'’-]+)\s(?:[^,;.]{0,40}?\s)?(?:can|could|will)\s(?:only\s)?"
    r"(?P<does>come(?:\sover|\sup|\sdown|\shome)?|visit|fly\sin|be\s(?:here|there|around))"
    r"\s(?:on\s|over\s|from\s|between\s|for\s)?$"
)
# a thing that happens on a day, named alone: "The kit is £520, delivery on 6 March" (a
# re-run of a trial's: the delivery unplanned)
_AN_EVENT = re.compile(
    r"^(?:(?:the|a|an|our|my|its)\s)?(?:[\w-]+\s)?(?:delivery|deliveries|installation|fitting"
    r"|survey|inspection|appointment|visit|viewing|interview|handover|collection|pick-?up"
    r"|exam|test|assessment|check-?up|walk-?through|site\svisit)$",
    re.I,
)
_ALSO_NEEDED = re.compile(
    r"\balso\s(?:need|needs|want|wants|have|has|must)\sto\b|\bas\swell\b[^.]*\bneed", re.I
)
# who or what is the whole work, not a step of it: "we must finish by", "it has to be done by"
_WHOLE = vocabulary(
    "it we i you they everything all this that work project plan job thing whole lot rest"
    " approved ok okay yes fine great"
)


def _named(who: str, said: str) -> bool:
    """A person's name: capitalised words, two of them ("Tom Hughes"), or one said with a
    capital inside a sentence too ("… and Sam"); not "Invitations" opening a sentence."""
    words = who.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    inside = re.search(rf"[\w,]\s{re.escape(who)}\b", said)
    return len(words) >= 2 or inside is not None


def _step(c: Constraint, said: str, task: str, **more: object) -> Constraint:
    """``c`` as a task asked for: ``said`` in the reviewer's words, ``task`` what is done."""
    return c.model_copy(
        update={"kind": "addition", "text": clean(said), "subject": task.lower(), **more}
    )


def _around(before: str, after: str) -> tuple[str, str]:
    """The part of a sentence before a day, from its last break ("…, so move race day to"),
    and the part after it up to the next ("… instead")."""
    return _JOINING.sub("", clean(_PARTS.split(before)[-1])), _PARTS.split(after)[0]


def a_steps_day(c: Constraint, text: str, goal: str) -> Constraint:
    """A deadline said at a checkpoint of one step of the work, as that step: a task with its
    day ("Tom Hughes must open entries by 1 February"), not the plan's deadline."""
    if c.kind != "deadline" or c.when is None:
        return c
    clause = clause_of(text, c.text)
    at = clause.lower().find(c.text.lower())
    if at < 0:
        return c
    if visit := _VISIT.search(clause[:at]):  # "Paul … can only come over 10-17 February"
        does = visit.group("does").split(" ", 1)
        verb = {"come": "comes", "visit": "visits", "fly": "flies", "be": "is"}[does[0].lower()]
        task = clean(" ".join([visit.group("who"), verb, *does[1:]]))
        days = dates.day_range(c.text, c.when)  # from the first day of a stay
        when = c.when - (days[1] - days[0]) if days is not None else c.when
        return _step(c, visit.group(0) + c.text, task, when=when)
    if not c.source.startswith("feedback:"):
        return c
    said = c.text
    before = re.sub(r"\([^()]*\)|\s*\($", " ", clause[:at])  # "… Mother's Day (14 March"
    if said.lower().startswith("due "):  # "the abstract is due 20 December"
        before, said = f"{before}due ", said[4:]
    part, rest = _around(before, clause[at + len(c.text) :])  # "… on 3 June instead"
    if CHANGED_DAY.search(f"{part} {said} {rest}"):  # "moved my slot to …", "is now on …"
        return c
    if _ALSO_NEEDED.search(before) and part:
        # "I also need to be selling before Mother's Day (14 March)": a need besides the
        # plan's day (a new user's trial: the shop's launch moved from 1 to 14 March)
        return _step(c, f"{part} {said}", part)
    if _AN_EVENT.match(part):  # "delivery on 6 March", "the survey on 12 January"
        return _step(c, f"{part} {said}", part)
    step = _STEP.match(part) or _ERRAND.match(part)
    if step is None:  # "… 10 applications a week, and the projects done by"
        part = clean(_AND.split(part)[-1])
        step = _STEP.match(part) or _ERRAND.match(part)
    if step is None:
        return c
    who = re.sub(r"^(?:needs?|wants?)\s", "", step.group("who").strip())  # "needs 40 marshals"
    words = re.findall(r"[a-z0-9]+", who.lower())
    if not words or words[0] in _WHOLE or words[-1] in _WHOLE:
        return c
    # the goal's own thing is its day ("the wedding is on …"); by its last word, so "the
    # birthday dinner" of a birthday weekend is a part of it
    if any(same_word(words[-1], h) for h in head_words(goal)):
        return c
    held = step.re is _STEP and step.group("does") is None and step.group("state") is None
    if held and not said.lower().startswith(("on ", "at ")):
        return c  # "the deadline is 31 March": said of the day itself
    does = step.group("does") or step.group("state") or ""
    named = _named(who, f"{goal} {text}")  # "Tom Hughes": the task is his
    task = clean(does if named and step.group("does") else f"{who} {does}")
    if step.re is _ERRAND:
        task = clean(f"{step.group('does')} {who}")
    return _step(c, f"{part} {said}", task)


# said of the plan's day itself: "the deadline is 30 June", "we have until June"
_OF_THE_DAY = re.compile(
    r"\b(?:deadline|extend\w*|extension|until|till|more\stime|at\sthe\slatest"
    r"|final\sdate|end\sdate)\b",
    re.I,
)


_A_SPAN = re.compile(r"\b(?:days?|weeks?|months?|years?)\b", re.I)


def _in_the_month(held: Constraint | None, c: Constraint) -> bool:
    """Whether ``c`` names a day of the month ``held`` names without a day."""
    if held is None or held.when is None or c.when is None or re.search(r"[0-9]", held.text):
        return False
    return (held.when.year, held.when.month) == (c.when.year, c.when.month)


def later_bounds(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """A day said at a checkpoint after the one in force, and not said to change it, is met
    by it: "I also need to be selling before Mother's Day (14 March)" of a shop live by 1
    March, "we'll sell the house in the summer" of a move on 15 March (new users' trials:
    each moved the plan later, past the day the goal or the reviewer had set). It is kept
    as a step with its day; "the deadline is now 30 June" still moves the plan."""
    out: list[Constraint] = []
    held: Constraint | None = None
    for c in items:
        if c.kind == "deadline" and c.when is not None:
            text = said_in.get(c.source, "")
            clause = clause_of(text, c.text)
            at = clause.lower().find(c.text.lower())
            part, rest = _around(clause[: max(at, 0)], clause[max(at, 0) + len(c.text) :])
            later = held is not None and held.when is not None and c.when > held.when
            # a day said as a time from now ("in 3 months") is rough; a day named holds; a
            # month's day names the day in it ("starting in March", then "our first market
            # is on 6 March": found as a user, the first market day stayed on 1 March)
            later = later and held is not None and not _A_SPAN.search(held.text)
            later = later and not _in_the_month(held, c)
            if (
                later
                and c.source.startswith("feedback:")
                and not CHANGED_DAY.search(f"{part} {c.text} {rest}")
                and not _OF_THE_DAY.search(clause)
            ):
                said = f"{part} {c.text}"  # "we'll sell the house in the summer"
                c = _step(c, said, part or clean(said))
            else:
                held = c
        out.append(c)
    return out


def said_once(items: list[Constraint]) -> list[Constraint]:
    """A task asked for without its day ("Add a CV", read as a wish) is the one read with its
    day ("Add a CV and LinkedIn profile by 20 December"), not a second (a page trial's)."""
    dated = [c for c in items if c.kind == "addition" and c.when is not None]
    return [
        c
        for c in items
        if not (
            c.kind == "addition"
            and c.when is None
            and any(
                d.source == c.source
                and d is not c
                and (c.text.lower() in d.text.lower() or (c.subject and c.subject in d.subject))
                for d in dated
            )
        )
    ]
