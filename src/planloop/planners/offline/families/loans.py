"""A loan applied for with a business plan: the business described and costed, a cash-flow
forecast, the plan written and checked, a lender chosen, the application (found by a second
new user's trial: "Write a business plan for a dog-walking business and get a £5,000 bank
loan" was planned as opening premises, with a fit-out, stock, staff and a loyalty card, and
the loan was money on hand). The fundraising family (kinds.py) gets these phases and steps,
as a grant application does (grants.py)."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, Phase, phase
from planloop.planners.offline.families.grants import GRANT_STRUCTURE

_LOAN = re.compile(
    r"\b(?:get|getting|obtain|secure|securing|apply(?:ing)?\sfor|borrow(?:ing)?|take\sout)\s"
    r"(?:a\s|an\s|the\s)?(?:[\w£$€,.'-]+\s){0,2}?(?:bank\s|business\s|start-?up\s|small\s)?"
    r"loan\b",
    re.I,
)


def applies_for_a_loan(goal: str) -> bool:
    return _LOAN.search(goal) is not None


# (share of the schedule, step, topic)
LOAN_STEPS = (
    (0.05, "Describe the business: what it sells, to whom, at what price, and who else does it",
     "business"),
    (0.2, "Cost the start: equipment, insurance, licences, marketing, and what you live on",
     "costs"),
    (0.35, "Forecast 12 months of cash: sales month by month against costs and repayments",
     "forecast cash"),
    (0.5, "Write the business plan: summary, market, competitors, marketing, the numbers",
     "plan"),
    (0.65, "Have the numbers checked by an accountant or a business adviser", "numbers"),
    (0.75, "Compare lenders: banks and start-up loan schemes; their rates and what each asks",
     "lender"),
    (0.85, "Gather what the lender asks for: ID, bank statements, the plan, the forecast",
     "documents"),
    (0.95, "Apply; answer the lender's questions quickly", "apply"),
)  # fmt: skip


# the loan got by the day, not only applied for (a second trial's: "get a £15,000 loan by
# April" ended with the application submitted on the deadline itself)
_GETS = re.compile(r"\b(?:get|secure|obtain|borrow|raise)\b[^.;]{0,30}\bloan\b", re.I)


def gets_the_loan(goal: str) -> bool:
    return _GETS.search(goal) is not None


def loan_steps(goal: str) -> tuple[tuple[float, str, str], ...]:
    """The steps to the application, and, when the loan is to be got by the day, to the
    lender's answer after it."""
    if not gets_the_loan(goal):
        return LOAN_STEPS
    scaled = tuple((share * 0.8, step, topic) for share, step, topic in LOAN_STEPS)
    return (*scaled, (1.0, "Sign the lender's offer; check the money is paid in", "offer"))


def for_loan(family: Family, goal: str) -> Family:
    """The fundraising family for a loan applied for: no spending lines (what is asked for
    is the lender's money, and repaid)."""
    if family.id != "fundraising" or not applies_for_a_loan(goal):
        return family
    phases: tuple[Phase, ...] = (
        phase("The business described: service, prices, customers, competitors", 0.15,
              "Owner", "business service prices customers"),
        phase("Start-up costs and a 12-month cash-flow forecast done", 0.35, "Owner",
              "costs forecast cash"),
        phase("Business plan written", 0.55, "Owner", "plan writing"),
        phase("Numbers checked by an accountant or adviser", 0.7, "Owner",
              "numbers accountant adviser check"),
        phase("Lender chosen; documents gathered", 0.85, "Owner", "lender documents bank"),
        phase("Loan application submitted", 1.0, "Owner", "apply application submit"),
    )  # fmt: skip
    if gets_the_loan(goal):  # the loan itself by the day: applied for with time to decide
        phases = (
            *(dataclasses.replace(p, share=p.share * 0.8) for p in phases),
            phase("Loan agreed: the offer signed and the money in the account", 1.0, "Owner",
                  "offer agreed money"),
        )  # fmt: skip
    return dataclasses.replace(
        family, title="A business plan and loan application", lead="Owner", team="Owner",
        phases=phases, lines=(), structure=GRANT_STRUCTURE,
    )  # fmt: skip


LOAN_OPPORTUNITIES = (
    "A government start-up loan, which comes with free mentoring",
    "A local enterprise agency's free advice on the plan",
)
LOAN_EXTRAS = (
    "A second lender to apply to if the first says no",
    "A one-page summary for the lender",
)
