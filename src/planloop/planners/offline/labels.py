"""What a number in a text is called: the label a data point gets from the words around
it ("budget", "revenue target", "catering cap", "deadline", "team size", "audience")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planloop.constraints import dates
from planloop.constraints.dates import AWAY_RE
from planloop.constraints.interest import offer_ends, rates_at
from planloop.constraints.outlays import cap_subject
from planloop.constraints.periods import on_top
from planloop.constraints.prices import charged_subject
from planloop.constraints.unspent import ASKED_FOR, EARNED, SAVINGS_AFTER, loan_sought
from planloop.terms import vocabulary

_WINDOW = 48  # characters of context read before a match to choose its label

_PEOPLE = vocabulary(
    "engineer developer designer people person staff employee hire contractor freelancer "
    "volunteer teacher nurse analyst manager salespeople rep agent tester researcher fte "
    "intern writer marketer consultant specialist technician worker team head recruiter "
    "doctor coach trainer editor scientist "
    # the trades a small business counts ("with 2 bakers": found as a user, "measured by 2
    # bakers")
    "baker chef cook barista waiter waitress cleaner driver carer bookkeeper receptionist "
    "mechanic tutor apprentice accountant assistant officer coordinator administrator nanny"
)
_AUDIENCE = vocabulary(
    "customer user client subscriber signup sign-up lead student patient visitor buyer "
    "account follower reader attendee participant donor member shopper guest subscription "
    "order sale download install"
)
_PLACES = vocabulary(
    "store shop location site office branch city country market region restaurant clinic "
    "school warehouse outlet franchise venue campus"
)
_NOT_NOUNS = vocabulary(
    "to of and or in on at by is are was were the a an for per from with as vs x than "
    "times time we i you he she it they our my their this that these those be been has "
    "have had will would can could should may might must not no so if then into over under "
    "more less most least out up down am pm iteration checkpoint framework point section "
    "step item key"
)
_UNITS = vocabulary(
    "hour day week sprint month quarter year percent pct k m mm bn b thousand million billion "
    "dollar euro usd eur gbp jpy chf cad aud"
)
_MONTH_WORDS = frozenset(dates.MONTHS) | frozenset(m[:3] for m in dates.MONTHS) | {"sept"}


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("people"):
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _before(text: str, start: int) -> str:
    """Lower-cased context before ``start``, cut at the previous sentence boundary."""
    window = text[max(0, start - _WINDOW) : start].lower()
    for mark in ".;!?\n":
        cut = window.rfind(mark)
        if cut >= 0:
            window = window[cut + 1 :]
    return window


def _after(text: str, end: int) -> str:
    """Lower-cased context after ``end``, cut at the next clause boundary."""
    return re.split(r"[.;!?\n]|,\s", text[end : end + 24].lower(), maxsplit=1)[0]


def _words(*stems: str) -> re.Pattern[str]:
    """One compiled pattern matching any of ``stems`` at a word start."""
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")")


_REVENUE_AFTER = re.compile(r"\s{0,2}(?:in\s)?(?:revenue|sales|arr|mrr|profit|income)\b", re.I)
_PRICE_AFTER = re.compile(
    r"\s{0,2}(?:per\b|each\b|a\smonth\b|/\s?(?:mo|month|user|seat|year)\b)", re.I
)
_MONEY_CUES = (
    ("revenue target", _words("revenue", "sales", "arr", "mrr", "income", "turnover", "profit")),
    ("price", _words("price", "priced", "charge", "fee", "rent", "cost per", "costs per")),
    ("budget", _words(
        "budget", "spend", "cost", "under", "cap", "at most", "no more than", "max", "fund",
        "invest", "within", "afford", "allocat", "exceed", "up to", "raise",
    )),
)  # fmt: skip
_PERCENT_CUES = (
    ("reduction target", _words("reduc", "cut", "lower", "decreas", "drop", "shrink", "less")),
    ("growth target", _words("grow", "increas", "rais", "boost", "lift", "improv", "double")),
    ("margin", _words("margin")),
    # what a sale or a loan costs, no target to reach (found as a user: "Etsy fees are
    # 6.5%" was a measure of the shop, "Change in fees are vs baseline" a KPI)
    ("fee rate", _words("fee", "commission", "tax", "vat", "interest", "apr", "royalt")),
)
_DEADLINE = _words("by", "before", "until", "deadline", "due", "no later than", "launch")
_START = _words("start", "from", "begin", "kick", "open")


def _nearest(context: str, cues: Sequence[tuple[str, re.Pattern[str]]], default: str) -> str:
    """The label whose cue word occurs last (closest to the value) in ``context``."""
    best, label = -1, default
    for name, pattern in cues:
        for m in pattern.finditer(context):
            if m.start() > best:
                best, label = m.start(), name
    return label


# "raise £20,000", "crowdfund $50k": the amount is a target to reach, not money on hand.
_RAISED_BEFORE = re.compile(
    r"\b(?:raise|raising|crowdfund(?:ing)?|collect(?:ing)?)\s+(?:at\s+least\s+)?$", re.I
)


# Money kept back is not a budget (found as a user: "cut the budget to £1,800, I need to
# keep £700 back for emergencies" gave "Spending overruns the £700 budget").
_KEPT_BACK = re.compile(
    r"\b(?:keep|set|put|hold|leave|save)\s(?:(?:back|aside|by)\s)?(?:about\s|around\s)?$", re.I
)
_CONTINGENCY_AFTER = re.compile(
    r"[0-9.]+\s?(?:%|percent|per\s?cent|pct)\s(?:(?:as|for)\s)?(?:a\s)?(?:contingency|buffer)\b",
    re.I,
)
_KEPT_BACK_AFTER = re.compile(
    r"\s?(?:back|aside|in\sreserve|spare|for\semergencies|as\sa\s(?:buffer|reserve))\b", re.I
)


# "a salary of at least €85,000", "a job paying £60k": what the person will earn, not money
# the plan spends (found by a new user's trial: "Spending overruns the €85,000 budget")
# what a person can pay towards something, or adds: "I can pay £400 a month", "selling my
# bike adds £25 a month"
_PAYS_BEFORE = re.compile(
    r"\b(?:(?:I|we)\s(?:can|could|will)\s(?:only\s|also\s)?(?:afford\sto\s)?(?:pay|put|spare)"
    r"|adds?|saves?)\s(?:in\s|about\s|around\s|another\s|an\sextra\s)?$",
    re.I,
)
_WORTH_BEFORE = re.compile(
    r"\b(?:house|home|flat|bungalow|property)\s(?:is\s)?worth\s(?:about\s|around\s)?$", re.I
)
_EARNED_BEFORE = re.compile(
    r"\b(?:salary|salaries|pay|paying|paid|earn|earning|wages?|income|package)\b"
    r"(?:\s(?:of|at\sleast|around|about|from|over|above|upwards\sof|min(?:imum)?))*\s*$",
    re.I,
)


# "raise the target to £5,000", "our target is now £50k": a target set, not a budget; a
# grant the goal is paid "after" is money given, not a budget either ("a budget of £16,000
# after the £7,500 Boiler Upgrade Scheme grant"; found by a new user's trial, each made a
# risk that "spending overruns" it)
_TARGET_BEFORE = re.compile(
    r"\btarget(?:\s(?:is|of|to|now|at|up\sto|down\sto|raised\sto|lowered\sto|becomes))+\s*$", re.I
)
_EACH_ONE = re.compile(
    r"\b(?:each|every|per)\s(?:runner|rider|walker|swimmer|person|participant|entrant|guest"
    r"|member|team|child|pupil|student|volunteer)\b",
    re.I,
)
_GRANT_AFTER = re.compile(r"^\s?(?:[a-z]+\s){0,4}(?:grants?|subsid(?:y|ies)|rebates?)\b", re.I)


# Money said as what it replaces or rejects ("£30,000 not £26,000", "£3,000 is too
# ambitious"), a ticket's price, a deposit, an amount asked for: none is a budget (found by
# a new user's trial: each became "Spending overruns the £N budget", the £8 ticket's
# contingency "1650%")
_REPLACED_BEFORE = re.compile(r"\b(?:not|instead\sof|rather\sthan|from)\s$", re.I)
_REJECTED_AFTER = re.compile(
    r"^\s(?:is|was|seems|feels)\s(?:too|far\stoo|a\sbit)\s(?:ambitious|much|high|low|expensive"
    r"|steep|optimistic)",
    re.I,
)
_TICKET_BEFORE = re.compile(
    r"\b(?:tickets?|entry|admission|places?|seats?)\s(?:at|for|priced\sat|costing|cost)\s$", re.I
)
_DEPOSIT_BEFORE = re.compile(r"\bdeposit\s(?:is|of|now|will\sbe)\s(?:now\s)?$", re.I)


def money_label(text: str, start: int, end: int) -> str:
    near = text[max(0, start - 30) : start]
    if _REPLACED_BEFORE.search(near) or _REJECTED_AFTER.match(text[end : end + 30]):
        return "replaced amount"
    if _TICKET_BEFORE.search(near):
        return "ticket price"
    if _DEPOSIT_BEFORE.search(near):
        return "deposit"
    if ASKED_FOR.search(near):
        return "amount asked for"
    if loan_sought(near, text[end : end + 30]):
        # "get the £1,500 Warm Homes grant": a grant, not a loan (a new user's trial)
        return "grant" if _GRANT_AFTER.match(text[end : end + 50]) else "loan asked for"
    if _RAISED_BEFORE.search(text, max(0, start - 40), start):
        # "ask each runner to raise at least £20": one person's, not the whole target (found
        # as a user: the 10k's £15,000 became £20)
        each = _EACH_ONE.search(text, max(0, start - 60), start)
        return "target per person" if each else "fundraising target"
    if _TARGET_BEFORE.search(text, max(0, start - 40), start):
        before = text[max(0, start - 60) : start].lower()
        raised = re.search(r"\b(?:rais|donat|fundrais|sponsor|appeal)", before)
        return "fundraising target" if raised else "revenue target"
    if _GRANT_AFTER.match(text[end : end + 50]):
        return "grant"
    if _PAYS_BEFORE.search(near):  # "I can pay £400 a month": no salary (a trial's)
        return "payment added" if on_top(near, text[end : end + 60]) else "payment"
    if SAVINGS_AFTER.match(text[end : end + 20]) or _WORTH_BEFORE.search(near):
        return "savings" if SAVINGS_AFTER.match(text[end : end + 20]) else "value of a home"
    if _EARNED_BEFORE.search(text, max(0, start - 40), start):
        return "salary target"
    if EARNED.search(near):  # "make £500 a month" (a trial's: it was a "price")
        return "revenue target"
    after = _after(text, end)
    if _REVENUE_AFTER.match(after):
        return "revenue target"
    if _PRICE_AFTER.match(after):
        return "price"
    if re.match(r"\s?(?:deposit|down\s?payment)\b", after, re.I):
        return "deposit"  # a buyer's savings put down on a price, not a budget to spend
    if re.match(r"\s?(?:cash\s)?float\b", after, re.I):
        return "float"  # the change a stall starts with: it comes back, nothing is spent
    if _KEPT_BACK.search(text, max(0, start - 30), start) or _KEPT_BACK_AFTER.match(after):
        return "reserve"  # "keep £700 back for emergencies": money not to spend
    if charged := charged_subject(text, start, end):  # "stall fees under €40": a price
        return charged if charged.endswith("price") else f"{charged} price"
    if subject := cap_subject(text, start, end):  # "keep catering under £3k": one line's cap
        return f"{subject} cap"
    return _nearest(_before(text, start), _MONEY_CUES, "amount")


def percent_label(text: str, start: int) -> str:
    if start in rates_at(text):  # "the Halifax card is 22.9%", "0% until April, then 24.9%"
        return "interest rate"
    # "keep 10 percent as contingency", "a 15% buffer": kept back, no target (a thirteenth
    # trial's: "measured by 10 percent", "The growth target of 10 percent is not reached")
    after = text[start : start + 40]
    if _KEPT_BACK.search(text, max(0, start - 30), start) or _CONTINGENCY_AFTER.match(after):
        return "reserve"
    return _nearest(_before(text, start), _PERCENT_CUES, "percentage")


# Days away said just before their dates: "we're away 5-20 July", "skiing 6-13 February"
# (found by a new user's trial: "… not before, because we're away 5-20 July" made 20 July
# a deadline, and a risk that it is missed)
_AWAY_JUST_BEFORE = re.compile(rf"\b(?:{AWAY_RE})\b[^,;]{{0,25}}$", re.I)


def date_label(text: str, start: int, matched: str) -> str:
    if _AWAY_JUST_BEFORE.search(_before(text, start)):
        return "time away"
    if any(start in said for said in offer_ends(text)):  # "0% until 30 April 2027"
        return "offer ends"
    context = _before(text, start) + " " + matched.lower()
    if dates.BANNED_BEFORE.search(text, max(0, start - _WINDOW), start) and dates.for_a_while(
        text, start
    ):
        return "date"  # "no front crawl until 1 March": when a ban ends, not a deadline
    if _DEADLINE.search(context):
        return "deadline"
    if _START.search(context):
        return "start date"
    return "date"


def count_label(noun: str, matched: str) -> str | None:
    word = _singular(noun)
    base = word.split("-", 1)[0]
    number = matched.split(None, 1)[0].rstrip("+")
    if len(number) == 4 and number[:2] in ("19", "20"):
        return None  # a year, not a count
    if word in _NOT_NOUNS or base in _UNITS or word in _UNITS or word in _MONTH_WORDS:
        return None
    if word in _PEOPLE or base in _PEOPLE:
        return "team size"
    if word in _AUDIENCE or base in _AUDIENCE:
        return "audience"
    if word in _PLACES or base in _PLACES:
        return "locations"
    return "count"
