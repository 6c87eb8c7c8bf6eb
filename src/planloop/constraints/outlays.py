"""What an amount of money is spent on: the one line of spending the words around it
name ("keep catering under £3k", "the venue (church hall) costs £120", "Movers quoted
£3,200"), or none when they name the whole undertaking, a time or the people ("keep the
wedding under €20k", "25 people in April under €30,000")."""

from __future__ import annotations

import re

from planloop.constraints.amounts import context_of
from planloop.constraints.model import Constraint
from planloop.terms import vocabulary

BUDGET_CUE = re.compile(
    # "the budget is actually £5,000" (a new user's trial: read as nothing)
    r"\b(?:budget:?(?:\s(?:of|is(?:\s(?:actually|really|in\sfact|only|just)){0,2}|at|to|around"
    r"|about|(?:is\s)?now(?:\sat)?"
    r"|(?:is\s)?(?:raised|cut|increased|reduced|lowered|up|down)\sto))?"
    r"|spend(?:ing)?(?:\s(?:of|is))?"
    # "cut the start-up spend to £2,000" (a new user's trial: read as nothing)
    r"|(?:cut|reduce|lower|raise|increase|bring)\s(?:the\s|our\s|my\s)?(?:[\w-]+\s)?"
    r"(?:budget|spend|spending)\s(?:down\s|up\s)?to"
    # "starting money £3,000" (a new user's trial: no budget)
    r"|(?:starting|start-up|startup|seed)\s(?:money|capital|funds?|pot)(?:\sof|\sis)?"
    # "the club can put £1,500 towards it" (a trial's: no budget)
    r"|(?:can|will|could)\s(?:put|give|contribute|set\saside)"
    # "sponsors give £3,000" (a user trial's: a work package, and no budget)
    r"|(?:sponsors?|funders?|donors?|(?:the|our)\s(?:council|school|university|company|club"
    r"|department|pta|charity|trust|employer))\s(?:will\s|have\s|has\s|are\s|is\s)?"
    r"(?:give|gives|giving|given|provide|provides|providing|contribute|contributes|fund|funds"
    r"|put\sin|puts\sin)(?:\sus)?"
    r"|costs?(?:\s(?:of|is))?|under|below|cap(?:ped)?(?:\sat)?|max(?:imum)?|at\smost"
    r"|no\smore\sthan|up\sto|within|afford|total(?:\sof)?|fund(?:ing)?(?:\sof)?|invest"
    r"|with|have|has|on|for|with\s(?:[\w-]+\s){1,6}and)\s?(?:a\s|an\s|about\s|around\s|roughly\s|~)?$",
    re.I,
)


NOT_SUBJECTS = vocabulary(
    "budget spend spending total keep first month week year with and cost costs spent it that "
    "this which each every per"
)
# A cap on one thing the money is spent on: "keep catering under £3k", "venue costs at most
# €4,000", "spend no more than $500 on marketing".
_LINE_BEFORE = re.compile(
    r"\b((?:(?:[a-z]{3,20}|dj|ad|pr)\s)?[a-z]{3,20})(?:\s(?:costs?|budget|bill))?\s(?:at\smost|under|below"
    r"|capped\sat|no\smore\sthan|max(?:imum)?|up\sto|within|less\sthan)\s?(?:about\s|around\s)?$"
    r"|\bcap\s(?:the\s|our\s)?((?:[a-z]{3,20}\s)?[a-z]{3,20})\sat\s?$",
    re.I,
)
LINE_AFTER = re.compile(
    r"^\s?(?:(?:max(?:imum)?|at\smost|in\stotal|tops)\s)?on\s(?:the\s|our\s|a\s|an\s)?"
    # "on paid ads", "on social media": the thing, in two words when the first says which
    # ... or of two letters: "on the DJ" (found as a user: a line called "the")
    r"(?!(?:the|our|a|an)\b)((?:(?:paid|social|online|print|local|google|facebook|instagram"
    r"|tv|radio)\s)?(?:[a-z]{3,20}|dj|ads?|pr|tv))\b",
    re.I,
)
NOT_LINES = NOT_SUBJECTS | vocabulary(
    "stay stays everything all overall whole spend costs things them budgets expenses total "
    "keep kept be is are was were come comes run costing"
    # what names the whole undertaking: "keep the wedding under €20k" is its total budget
    " project wedding event party trip holiday vacation conference hackathon festival launch"
    " opening renovation migration move programme program campaign plan celebration build"
    " app business shop store cafe bakery restaurant course race workshop meetup summit"
    " retreat offsite website product release thing"
    # when or for whom, not what: "25 people in April under €30,000" is the total (found
    # as a user: a budget line "April (cap) €30,000", and "No total budget stated")
    " january february march april may june july august september october november"
    " december spring summer autumn winter weekend people guests attendees persons"
    # a word that only leads to the amount: "renovate the kitchen for under £15,000" is the
    # total (found as a user: a budget line "For" that took all of it)
    " for from into onto within without by at in of to done finished"
)
LEADS = NOT_LINES | vocabulary("hold limit put get bring can could should must will we the our")
_SPEND_WORDS = vocabulary("cost costs budget bill spend spending")
# what names the whole undertaking alone, but a line with its spending said: "keep course
# spend under £50" of a learner's plan caps its course (found as a user: it became the
# total budget, £900 → £50)
_PAID_FOR = vocabulary("course")


# a word of a thing's name: not a joining word or a verb ("the cake and the hall cost")
_NAME_WORD = r"(?!(?:and|or|but|will|would|is|are|was|to|of|for|with|which|that|it)\b)[\w'-]{2,20}"
THING_COSTS = re.compile(
    # "the illustrator costs", "the road closure permit costs", "the hotel Memmo Alfama
    # costs", or a thing of two words said plainly: "Shed kit costs £650" (found as a
    # user: it replaced a £1,500 total budget)
    rf"(?:\b(?:the|our|my)\s(?P<thing>(?:{_NAME_WORD}\s){{0,3}}{_NAME_WORD})"
    r"(?:\s\([^()]{1,40}\))?\s(?:costs?|will\scost)"  # "the venue (church hall) costs"
    r"|^\s*(?!(?:the|our|my|a|an|it|this)\s)(?P<kit>[a-z]{3,20}\s[a-z]{3,20})\s(?:costs?|will\scost)"
    # what travel costs, said plainly: "Flights are about £1,400 for both of us" (a new user's
    # trial: read as nothing, the travel line stayed £1,500)
    r"|\b(?:the\s|our\s|my\s)?(?P<fare>flights?|airfares?|train\s(?:tickets|fares)|rail\spass(?:es)?"
    r"|ferry(?:\sfares)?|car\shire|hire\scar)\s(?:are|is|will\sbe|come\sto|comes\sto)"
    # a fee said: "his fee is £650" (an accountant's: found by a new user's trial)
    r"|\b(?:his|her|their|the|our|my)\s(?P<fee>fees?|charge)\s(?:is|are|will\sbe)"
    # a quote had: "Movers quoted £3,200" (found as a user: read as nothing)
    # ... or quotes now, by name: "The movers Bristol Removals now quote £2,100" (a trial's)
    r"|(?:the\s|our\s|my\s)?(?P<quoter>[a-z]{3,20})(?:\s[A-Z][\w&'-]+){0,3}"
    r"\s(?:now\s)?(?:quoted|quotes?|ha(?:ve|s)\s(?:now\s)?quoted)(?:\sus|\sme)?)"
    r"\s(?:about\s|around\s|roughly\s)?$",
    re.I,
)


def thing_of(said: str | None) -> str:
    """The name of what costs so much, in its own words without the names of its maker
    or place: "hotel Memmo Alfama" is the hotel."""
    if not said:
        return ""
    words = said.split()
    common = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    # "the worktop alone costs": the worktop (a user trial's: a line "Worktop alone" beside
    # the worktops' own line, paid twice)
    while len(common) > 1 and common[-1].lower() in ("alone", "itself", "only"):
        common.pop()
    return " ".join(common).lower()


# "buy a second-hand kiln for about", "hire a food photographer for": one thing bought
_BUYS_BEFORE = re.compile(
    r"\b(?:buy(?:ing)?|hir(?:e|ing)|order(?:ing)?|book(?:ing)?|rent(?:ing)?|commission(?:ing)?"
    r"|pay(?:ing)?\sfor)\s(?:a\s|an\s|the\s|some\s|my\s|our\s)?((?:[\w'’-]+\s){0,3}?[\w'’-]+)\s$",
    re.I,
)
# "a camera I bought in May 2025 for": bought already, not with the plan's money
_BOUGHT_BEFORE = re.compile(r"\b(?:bought|paid|spent|purchased)\b[^,.;]{0,40}$", re.I)
_MONEY_THINGS = frozenset({"loan", "grant", "funding", "mortgage", "money", "investment"})
_HOMES = frozenset({"house", "home", "flat", "bungalow", "cottage", "apartment", "property"})


def priced_item(before: str) -> str | None:
    """What a bare "for £N" prices when the words before it buy one thing: its name
    ("kiln"); "" for a thing bought already; None when nothing is bought there."""
    if _BOUGHT_BEFORE.search(before):
        return ""
    m = _BUYS_BEFORE.search(before)
    words = thing_of(m.group(1)).split() if m else []
    if words and words[-1] in _HOMES:
        return ""  # "buy a 2-bed bungalow for under £280,000": its price, not the plan's money
    if not words or not is_line(words[-1]) or words[-1] in _MONEY_THINGS:
        return None
    return words[-1]


def is_line(word: str) -> bool:
    """A word that names a line of spending, not the whole undertaking or a time."""
    return word.lower() not in NOT_LINES and word.lower() not in LEADS


def cap_subject(text: str, start: int, end: int) -> str:
    """What the amount at ``text[start:end]`` caps, when it names one thing, else ""."""
    _, clause, tail = context_of(text, start, end)
    return line_subject(clause, tail)


# "removals must stay under £1,200", "catering should be below €3k", "the venue must cost
# less than €8,000": the verb between the thing and its cap (found as a user: read as the
# whole budget, £6,000 became £1,200).
_STAYS = re.compile(
    r"\s(?:(?:must|should|will|has\sto|have\sto|needs?\sto)\s)?"
    r"(?:stay|stays|be|remain|remains|come\sin|comes\sin|cost|costs|are|is)"
    r"(?=\s(?:at\smost|under|below|within|less\sthan|no\smore\sthan|capped\sat)\s?"
    r"(?:about\s|around\s)?$)",
    re.I,
)


def line_subject(clause: str, tail: str) -> str:
    """What a cap is on, when it names one thing ("catering", "prize money"), else ""."""
    clause = _STAYS.sub("", clause)
    if before := _LINE_BEFORE.search(clause):
        words = (before.group(1) or before.group(2)).lower().split()
        spent = len(words) > 1 and words[-1] in _SPEND_WORDS
        while words and words[0] in LEADS and not (spent and words[0] in _PAID_FOR):
            words.pop(0)
        while len(words) > 1 and words[-1] in _SPEND_WORDS:
            words.pop()
        if words and (words[-1] not in NOT_LINES or (spent and words[-1] in _PAID_FOR)):
            return " ".join(words)
    after = LINE_AFTER.match(tail)
    if after and after.group(1).lower() not in NOT_LINES and BUDGET_CUE.search(clause):
        return after.group(1).lower()
    return ""


# A line asked for with its amount, "add a children's activities line of £150", or a price
# charged for one thing, "Sam charges £4,800 for labour" (found by a new user's trial: the
# first was a task "Add a children's activities line of", which an exclusion then ruled
# out, the £150 lost; the second was read as nothing, and labour stayed at 35%)
LINE_ASKED = re.compile(
    r"\badd\s(?:a\s|an\s|the\s)?(?P<thing>(?:[\w'’-]{2,20}\s){0,3}?[\w'’-]{2,20})\s(?:budget\s)?"
    r"line\s(?:of|for|at)\s(?:about\s|around\s)?$",
    re.I,
)
CHARGED = re.compile(r"\b(?:charges?|will\scharge|is\scharging)\s(?:us\s|me\s)?(?:about\s)?$", re.I)
CHARGED_FOR = re.compile(r"^\s?for\s(?:the\s|our\s|my\s)?(?P<thing>[a-z]{3,20})\b", re.I)


def asked_line(thing: str) -> str:
    """A line's name as asked for, in lower case ("children's activities")."""
    return thing.replace("’", "'").lower()


# A line's own budget, said: "my budget for lessons is", "I need an illustrator, budget"
# (before the amount), "… for courses" (after it).
BUDGET_FOR_BEFORE = re.compile(
    r"\bbudget\s(?:for|on)\s(?:the\s|my\s|our\s|this\s|that\s|your\s|their\s)?"
    r"(?:whole\s|entire\s)?([a-z]{3,20})"
    r"\s(?:is|of|will\sbe|would\sbe)"
    r"\s(?:about\s|around\s|roughly\s|up\sto\s)?$",
    re.I,
)
NEEDED_ON = re.compile(
    r"\b(?:need|needs|hire|hiring|find|get|book|want)\s(?:a|an|the|some|our|my)\s([a-z]{3,20})"
    r",?\s(?:with\s|and\s|on\s)?(?:a\s)?budget(?:\sof|\sis|:)?\s(?:about\s|around\s|up\sto\s)?$",
    re.I,
)
BUDGET_AFTER = re.compile(  # "… is our whole budget" too (found as a user: read as nothing)
    r"^\s?(?:(?:is|was)\s(?:our|the|my)\s(?:whole\s|total\s|entire\s)?|total\s)?(?:budget"
    r"|in total|all in|max)\b",
    re.I,
)
BUDGET_FOR = re.compile(
    # "for lessons", "for the photo booth", "for a DJ" (found as a user: "Budget £250 for the
    # photo booth" became the whole budget)
    r"^\s?(?:for|on)\s(?:the\s|my\s|our\s|a\s|an\s)?"
    r"((?:(?!(?:and|or)\b)[a-z]{2,20}\s){0,2}(?!(?:and|or)\b)[a-z]{2,20})(?=\s*(?:[.;!?)]|$)"
    # ... or the first of a list of lines: "for the photo booth and £400 for catering"
    r"|\s(?:and|plus)\s(?:about\s)?[£$€]|,\s(?:and\s)?[£$€]"
    # not the first of a list: "a budget of €1,200 for mic, editing and hosting" is the
    # whole budget (found by a new user's trial: it capped a line called "Mic")
    r"|\s*,(?!\s[a-z-]+(?:\s[a-z-]+)?(?:,|\sand\s|\sor\s)))",
    re.I,
)


# "for printing 200 copies": one line's price, for so many of something
BOUGHT_FOR = re.compile(
    r"\s?for\s(?:the\s|my\s|our\s)?([a-z][a-z-]*(?:\s[a-z][a-z-]*){0,2})\s[0-9][0-9,]*"
    r"\s[a-z]+(?=\s*(?:[,.;!?)]|$))",
    re.I,
)
# "for the exam fee": that fee's price
FEE_FOR = re.compile(
    r"\s?for\s(?:the\s|my\s|our\s|a\s|an\s)?((?:[a-z]+\s){0,2}?(?:exam|entry|race|registration"
    r"|application|membership|course|test)\s(?:fee|fees|ticket))\b",
    re.I,
)


# an amount that starts an item of the goal's list ("…, £150 for …", "and $400 for …") and
# is for things, to the item's end
ITEM_START = re.compile(r"(?:^|[,;:]|\band)\s?(?:about\s|around\s|roughly\s)?$", re.I)
# money had for the plan's things starts as an item does, or "and have £600 for lessons"
# (found as a user: after "5 hours a week" it was £600 a week)
HAD_START = re.compile(
    r"(?:(?:^|[,;:]|\band)\s?|\band\s(?:I\s|we\s)?(?:have|got)\s)(?:about\s|around\s|roughly\s)?$",
    re.I,
)
SPENT_ON = re.compile(
    r"\s?for\s(?:a\s|an\s|the\s|my\s|our\s)?[a-z][a-z-]*(?:(?:\s|,\s|\s&\s)[a-z][a-z-]*){0,8}"
    r"(?=\s*(?:[,.;!?)]|$))",
    re.I,
)


# One thing's value or cap, said beside it: "prizes worth £600 max", "max £750 for the
# external DPO review" (found by a new user's trial: each became the whole budget, £4,000
# and £1,200 lost)
_WORTH = re.compile(
    r"\b((?:[a-z]{3,20}\s)?[a-z]{3,20})\sworth\s(?:about\s|around\s|up\sto\s)?$", re.I
)
_CAP_CUE = re.compile(r"\b(?:max(?:imum)?|at\smost|up\sto|no\smore\sthan|tops)\s?$", re.I)
_CAPPED_FOR = re.compile(
    r"^\s?for\s(?:the\s|an?\s|our\s|my\s)?((?:[\w-]{2,20}\s){0,2}[\w-]{3,20})(?=\s*(?:[.;,!?)]|$))"
)
_SELLS = re.compile(r"\b(?:sell|sells|selling|sold|value|valued)\b", re.I)


# one thing's price said: "removals quote is £1,100", "the council charges a £450 move-in
# fee" (a new user's trial: a removal line at 25% of the budget, and no fee at all)
_QUOTE_IS = re.compile(
    r"\b((?:[a-z]{3,20}\s)?[a-z]{3,20})(?:['’]s)?\s(?:quote|quotes|price|bill)\s(?:is|was|came\sin\sat"
    r"|of|at)\s(?:about\s|around\s)?$",
    re.I,
)
_THING_IS = re.compile(
    r"(?:^|[.;,]\s|\b(?:the|our|my)\s)((?:[a-z]{3,20}\s)?[a-z]{3,20})\s(?:is|comes\sto|will\sbe)"
    r"\s(?:about\s|around\s|only\s)?$",
    re.I,
)
_NOT_PRICED = vocabulary(
    "target goal aim income salary pay revenue profit rent bills bill mortgage loan debt"
    " balance savings deposit price fee total"
)
_CHARGES_A = re.compile(r"\bcharges?\s(?:us\s|me\s|her\s|him\s)?(?:a|an)\s$", re.I)
_FEE_AFTER = re.compile(r"^\s?((?:[\w-]{2,20}\s){0,2}(?:fee|charge|deposit|levy))\b", re.I)


def one_thing_capped(before: str, tail: str) -> tuple[str, str] | None:
    """``(the thing, the words after the amount)`` when the amount is one thing's: its worth
    ("prizes worth £600") or a cap said with what it is for ("max £750 for the review");
    never the whole undertaking's ("max £3,000 for the wedding") or a place's ("for Rome")."""
    if (quote := _QUOTE_IS.search(before)) and is_line(quote.group(1).split()[-1]):
        return quote.group(1).lower(), "price"
    thing = _THING_IS.search(before)  # "the kit is £520 from Waltons" (a trial's)
    said = re.sub(r"^(?:the|our|my)\s", "", thing.group(1).lower()) if thing else ""
    if said and is_line(said.split()[-1]) and said.split()[-1] not in _NOT_PRICED:
        return said, "price"
    if _CHARGES_A.search(before) and (fee := _FEE_AFTER.match(tail)):
        return fee.group(1).lower(), "price"
    if (worth := _WORTH.search(before)) and not _SELLS.search(before):
        words = worth.group(1).lower().split()
        while words and words[0] in LEADS:
            words.pop(0)
        if words and words[-1] not in NOT_LINES:
            return " ".join(words), ""
    if _CAP_CUE.search(before) and (thing := _CAPPED_FOR.match(tail)):
        last = thing.group(1).split()[-1]
        proper = last[:1].isupper() and not last.isupper()
        if not proper and last.lower() not in NOT_LINES:
            return thing.group(1).lower(), thing.group(0).strip()
    return None


def bare_line(clause: str) -> str:
    """A clause that is only a line's name before its price: "Catering £15 per head" (found
    by a new user's trial: a cap per head on nothing, and catering left at a share)."""
    words = clause.strip().lower().split()
    if 1 <= len(words) <= 2 and all(w.isalpha() for w in words) and is_line(words[-1]):
        return " ".join(w for w in words if w not in LEADS)
    return ""


# a thing a reviewer says is needed, before its price set off alone: "we need a cottage that
# sleeps 14 for the nights of …, about £1,600"
_NEED_A = re.compile(
    r"\b(?:need|needs|want|wants|book|booking|hire|hiring|rent|renting)\s(?:a|an|the|one)\s"
    r"(?:[a-z]{3,20}\s)??([a-z]{3,20})(?=,|\s(?:that|which|who|for|with|near|in|at|on|to"
    r"|sleeping|big|large)\b)[^.;!?]*$",
    re.I,
)


def needed_thing(before: str) -> str:
    """The thing a price said alone is for, when the sentence says one is needed."""
    m = _NEED_A.search(before)
    return m.group(1).lower() if m and is_line(m.group(1)) else ""


# "$500 of ad spend": the money for one line, with no total said (a new user's trial: the
# ads' $500 was the whole budget)
SPEND_OF = re.compile(r"^\s?of\s(?P<thing>(?:[\w-]+\s){0,2}?[\w-]+)\s(?:spend|spending)\b", re.I)
_UNDER = re.compile(r"\b(?:under|below|less\sthan)\b", re.I)


def kept_under(c: Constraint) -> bool:
    """A line's cap said as one to stay below ("keep catering under €600"), not at."""
    return c.kind == "line_cap" and c.scope != "price" and _UNDER.search(c.text) is not None
