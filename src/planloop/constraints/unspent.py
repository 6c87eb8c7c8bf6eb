"""Money a text names that the plan does not spend: an amount asked of a funder, a deposit
put down on a price, a loan to get, income to earn (money.py reads the rest; the offline
planner's labels name them)."""

from __future__ import annotations

import re

# "ask for £48,000", "apply for £10,000": what a funder is asked for
# ... "apply for a £10,000 community grant", "a grant application for £25,000" (found by a
# new user's trial: the grant applied for was the plan's budget, all of it contingency)
ASKED_FOR = re.compile(
    r"\b(?:ask(?:ing)?|appl(?:y|ying)|application|bid(?:ding)?)\sfor\s(?:an?\s)?$", re.I
)

# A home buyer's "£30,000 deposit" is savings put down on a price, not a budget to spend.
# ... nor is a float, the change a stall starts with, which comes back ("a £50 float for
# change"; found as a user: the fair's whole budget was £50)
DEPOSIT_AFTER = re.compile(r"^\s?(?:deposit|down\s?payment|(?:cash\s)?float)\b", re.I)

# "make £500 a month", "earn £2,000 a month": income aimed at (found by a new user's trial:
# "make £500 a month" was a cap on spending)
EARNED = re.compile(
    r"\b(?:make|making|earn|earning|bring\sin|bringing\sin|take\shome|turn\sover)\s"
    r"(?:about\s|around\s|at\sleast\s)?$",
    re.I,
)

# Another's own savings, counted by whoever assesses them, not a budget to spend: "she has
# £38,000 in savings", "his savings of £12,000" (found by a new user's trial: a mother's
# savings were a care plan's budget, 55% of it "things to buy")
_THEIRS_BEFORE = re.compile(
    r"\b(?:(?:she|he|they|mum|mom|dad|mother|father)\s(?:has|have|had|still\shas)\s"
    r"(?:about\s|around\s|only\s|just\s|over\s)?|(?:her|his|their)\ssavings\s(?:of\s|are\s)?"
    r"(?:about\s|around\s)?)$",
    re.I,
)
SAVINGS_AFTER = re.compile(r"^\s?(?:in\s(?:savings|the\sbank)|of\ssavings|saved)\b", re.I)


def theirs(before: str, after: str) -> bool:
    """The amount between ``before`` and ``after`` is another person's savings."""
    m = _THEIRS_BEFORE.search(before)
    return m is not None and ("savings" in m.group(0).lower() or bool(SAVINGS_AFTER.match(after)))


_LOAN_AFTER = re.compile(
    r"^\s?(?:(?:bank|business|start-?up|small)\s)?loan\b"
    r"|^\s?(?:[\w-]+\s){0,2}?(?:grant|award|bursary)\b",  # "win a £5,000 council grant"
    re.I,
)
_SOUGHT = re.compile(
    r"\b(?:get|getting|obtain|secure|securing|apply(?:ing)?\sfor|borrow(?:ing)?|take\sout"
    r"|win|winning)"
    r"\s(?:a\s|an\s|the\s)?$",
    re.I,
)


def loan_sought(before: str, after: str) -> bool:
    """The amount between ``before`` and ``after`` is a loan to get ("get a £5,000 bank
    loan"), not money to spend."""
    return bool(_LOAN_AFTER.match(after) and _SOUGHT.search(before))
