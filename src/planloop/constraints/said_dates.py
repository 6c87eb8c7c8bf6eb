"""The dates a reviewer says at a checkpoint, and whose day each is: one that moves the
plan's day ("by 30 April", "the move is now on 20 March"), or another thing's: a day the
plan must come before ("before the trade show on 15 March"), when a trade starts its part
("the builder can only start on 1 March"), or the reason for a deadline ("by 31 July so
the kids can start school in August"). Each was found as a user: it moved the whole plan."""

from __future__ import annotations

import re
from datetime import timedelta

from planloop.constraints.holds import clause_of
from planloop.constraints.model import Constraint
from planloop.terms import clean, head_words, same_word

_A_START = re.compile(r"\b(?:start|starts|starting|begin|begins|beginning)\s$", re.I)
# ... but what the work is ready for starts then: "the market season starts on 3 April"
_READY_FOR = re.compile(
    r"\b(?:season|market|exams?|festival|fair)\s(?:starts|begins|opens)\s$", re.I
)


def sets_the_day(c: Constraint, text: str, goal: str) -> bool:
    """Whether a date a reviewer said moves the plan's day: said as a deadline ("by 30
    April", "move it to 25 September"), said to change it ("the move is now on 20 March",
    "on 3 April instead"), or of what the goal is ("the wedding is on 25 September"); not
    another thing's date ("organises the hen party in August"; a time away is read
    before, planloop.constraints.away): found as a user, each moved the whole plan to it."""
    if c.kind != "deadline" or not c.source.startswith("feedback:"):
        return True
    clause = clause_of(text, c.text)
    before = clause[: max(0, clause.lower().find(c.text.lower()))]
    named = re.findall(r"[a-z]{3,}", before.lower())
    its_own = any(same_word(w, h) for w in named for h in head_words(goal))
    # "the plumber can now only start on 15 March": a start, read as one; but "the wedding
    # starts on 25 September" is the goal's own day
    if _A_START.search(before) and not _READY_FOR.search(before) and not its_own:
        return False
    if SAID_AS_DUE.match(c.text) or CHANGED_DAY.search(clause):
        return True
    return its_own


# "before the trade show on 15 March": what it must come before, and that thing's day
_BEFORE_ITS_DAY = re.compile(r"\bbefore\s(?:the|our|my|a|an|their)\s(?:[\w'’-]+\s){1,4}?$", re.I)


def the_day_before(c: Constraint, text: str) -> Constraint:
    """A day said as another thing's, which the plan must come before: "in the App Store
    before the trade show on 15 March 2027" is due 14 March (found by a new user's trial:
    the release was planned for the show's own day)."""
    if c.kind != "deadline" or c.when is None or not c.text.lower().startswith("on "):
        return c
    at = text.find(c.text)
    before = _BEFORE_ITS_DAY.search(text[:at]) if at > 0 else None
    if before is None:
        return c
    said = clean(f"{before.group(0)}{c.text}")
    return c.model_copy(update={"text": said, "when": c.when - timedelta(days=1)})


# who is hired to do the work, said before their start: "the builder can only start on"
_TRADE_STARTS = re.compile(
    # "a decorator can start on 8 February" too (a trial's: it started the whole plan)
    r"\b(?:(?:the|our|my|a|an)\s)?(?i:(builders?|contractors?|fitters?|plumbers?|electricians?"
    r"|roofers?|decorators?|painters?|tilers?|plasterers?|joiners?|carpenters?"
    # ... "our builder Dave Hughes can only start" by a whole name (a new user's trial)
    r"|trades(?:people|men)?))\s(?-i:(?:[A-Z][a-z'’-]+\s){0,3})(?:who\s)?"
    r"(?:can(?:\snot|not|['’]t)?\s|could\s|will\s|is\s|are\s)?"
    r"(?:now\s|only\s|not\s|able\sto\s|be\son\ssite\s|on\ssite\s)*(?:start(?:ing)?\s)?$",
    re.I,
)


def trade_before(text: str) -> bool:
    """``text`` ends with a trade about to be given their start: "the electrician Tom can"
    (found as a user: "… can come in the week of 18 January" at a checkpoint was unread)."""
    return _TRADE_STARTS.search(text) is not None


# ... or said of them after they are named: "Dave is out, use Ryan instead - he can start on
# 1 March" (a page trial's: the whole refit began on 1 March, its orders before the start)
_THEY_START = re.compile(
    r"\b(?:he|she|they)\s(?:can|could|will)\s(?:now\s|only\s)*(?:start(?:ing)?\s)?$",
    re.I,
)
# ... said in the goal with the works: "… an extension, with builders on site from 1 June"
_ON_SITE = re.compile(r"\b(builders?|contractors?)\s(?:(?:are|will\sbe)\s)?on\ssite\s$", re.I)


def a_trades_start(c: Constraint, text: str) -> Constraint:
    """A start said of who does the works, "the builder can only start on 1 March": when
    the works begin, with what comes before them (design, quotes, orders) before it, not
    the plan's own start (found by a new user's trial: the whole kitchen plan began on 1
    March). Its scope names the trade."""
    if c.kind != "start" or c.when is None:
        return c
    at = text.find(c.text)
    trade = _TRADE_STARTS.search(text[:at]) if at > 0 else None
    if trade is None and at > 0 and c.source != "goal" and (they := _THEY_START.search(text[:at])):
        said = clean(f"{they.group(0)}{c.text}")
        return c.model_copy(update={"text": said, "scope": "them"})
    if c.source == "goal":  # "… an extension, with builders on site from 1 June" too
        trade = (_ON_SITE.search(text[:at]) or trade) if at > 0 else None
    if trade is None:
        return c
    said = clean(f"{trade.group(0)}{c.text}")
    return c.model_copy(update={"text": said, "scope": trade.group(1).lower()})


def a_reasons_date(c: Constraint, items: list[Constraint], text: str) -> bool:
    """A month said after a deadline, in the reason for it: "by 31 July 2027 so the kids
    can start school in August" is due by 31 July (found as a user: moving day became 31
    August, after school had started)."""
    if c.kind != "deadline" or SAID_AS_DUE.match(c.text):
        return False
    at = text.find(c.text)
    for due in items:
        if due.kind == "deadline" and due.source == c.source and SAID_AS_DUE.match(due.text):
            end = text.find(due.text) + len(due.text)
            if len(due.text) <= end <= at and _REASON.search(text[end:at]):
                return True
    return False


_REASON = re.compile(r"\b(?:so|because|since|as|when|in\stime\s(?:to|for))\b", re.I)


SAID_AS_DUE = re.compile(
    r"(?:by|before|until|no\slater\sthan|due|deadline)\b|.*\bto\s(?:the\s)?[0-9A-Z]", re.I
)
CHANGED_DAY = re.compile(
    r"\b(?:now|instead|still|moved?|moving|changed?|postpone\w*|push\w*|delay\w*|brought|bring"
    r"|resched\w*|new\sdate|forward|later|earlier|make\sit|go(?:es)?\slive|race\sis"
    r"|(?:season|market|exams?|festival|fair)\s(?:starts|begins|opens)"  # ready for it
    # "it must be 10-12 March": the goal's own thing, said as "it"
    r"|(?:it|this|that)\s(?:must|will|should|has\sto|needs\sto)\sbe)\b",
    re.I,
)
