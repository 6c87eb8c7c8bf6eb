"""A year's accounts and a tax return: records gathered, the books brought up to date, the
bank reconciled, everything to the accountant by the day they ask, the return checked,
filed and paid (found by a new user's trial: "Get my small café's accounts ready for the
tax return due 31 January" was planned as opening a café, with premises, a fit-out, staff
and an opening day)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from planloop.constraints import ConstraintSet
from planloop.planners.offline.families.family import Family, phase
from planloop.terms import cell

_ACCOUNTS = re.compile(
    r"\b(?:tax\sreturns?|self[-\s]assessment|(?:year[-\s]end|annual|company)\saccounts"
    r"|accounts\s(?:ready|done|in\sorder|up\sto\sdate)|(?:the|my|our)\s(?:[\w'’-]+\s)?accounts"
    r"\s(?:for|before)\s(?:the\s)?(?:tax|accountant)|vat\sreturns?"
    r"|(?:do|doing|catch\sup\son|sort(?:ing)?\sout|get|bring)\s(?:the\s|my\s|our\s)?"
    r"(?:books|bookkeeping|book-keeping)\s(?:up\sto\sdate|done|ready|in\sorder|and|for)"
    r"|corporation\stax|(?:file|do|sort\sout)\s(?:my|our)\s(?:taxes|tax))\b",
    re.I,
)


def does_accounts(goal: str) -> bool:
    return _ACCOUNTS.search(goal) is not None


ACCOUNTS_STRUCTURE = "Steps to the return"

ACCOUNTS = Family(
    "accounts", "Accounts and a tax return", (), 60, "Owner", "Owner and accountant",
    (
        phase("Records gathered: bank statements, sales, receipts, invoices, payroll", 0.2,
              "Owner", "records receipts invoices statements"),
        phase("Books up to date; every bank account reconciled", 0.45, "Owner",
              "bookkeeping books reconcile bank"),
        phase("Expenses sorted into categories; missing receipts found", 0.6, "Owner",
              "expenses categories receipts"),
        phase("Records handed to the accountant", 0.75, "Owner", "accountant records"),
        phase("Accountant's questions answered; the draft accounts and return checked", 0.9,
              "Accountant", "accountant questions draft review"),
        phase("Return filed and the tax paid", 1.0, "Owner", "return filing tax payment"),
    ),
    (("Accountant's fee", 0.8, ""), ("Bookkeeping software", 0.1, "month")),
    ACCOUNTS_STRUCTURE,
)  # fmt: skip

# (share of the schedule, step, owner, what to watch)
ACCOUNTS_STEPS = (
    (0.05, "Ask the accountant what they need and by when; agree the fee", "Owner",
     "a written list saves a second round of questions"),
    (0.2, "Download every bank and card statement for the year; gather sales records, "
     "invoices and receipts", "Owner", "the year is the tax year, not the calendar year"),
    (0.45, "Enter everything in the books; reconcile each bank account to its statement",
     "Owner", "an unreconciled difference is found now, not by the accountant"),
    (0.6, "Sort the expenses into the return's categories; find or replace missing receipts",
     "Owner", "keep business and personal spending apart"),
    (0.75, "Send the records to the accountant", "Owner", "send them all at once, in one place"),
    (0.9, "Answer the accountant's questions; read and approve the draft return", "Owner",
     "check the figures against your own before you sign"),
    (1.0, "File the return and pay the tax, or set up a payment plan", "Owner",
     "a late return and late tax each bring a penalty"),
)  # fmt: skip


_SELF_ASSESSMENT = re.compile(r"\bself[-\s]assessment\b", re.I)
_LETS = re.compile(
    r"\b(?:rent(?:s|ing)?\sout|let(?:s|ting)?\sout|landlord|rental\s(?:income|property|flat"
    r"|house)|buy[-\s]to[-\s]let|holiday\slet)\b",
    re.I,
)
# a UK self-assessment's: what its return holds and when its tax falls due (a new user's
# trial: a photographer who rents out a flat got no step for the rent, and "pay the tax"
# without the payment on account that falls due with it)
_LETTING_STEP = (
    0.62, "Add up the year's rent and the letting costs; the mortgage interest goes in as a"
    " tax credit, not a cost", "Owner", "the property pages of the return (SA105)",
)  # fmt: skip
_SELF_ASSESSED_FILING = (
    1.0, "File the return online; pay the balance and the first payment on account for the"
    " next tax year", "Owner", "both are due on 31 January; a late return costs £100 at once",
)  # fmt: skip


def steps_for(goal: str) -> tuple[tuple[float, str, str, str], ...]:
    """The steps to this goal's return: a self-assessment's filing and payments on account,
    and the rent of a property let out."""
    steps = list(ACCOUNTS_STEPS)
    if _SELF_ASSESSMENT.search(goal):
        steps[-1] = _SELF_ASSESSED_FILING
    if _LETS.search(goal):
        steps.insert(4, _LETTING_STEP)
    return tuple(steps)


def steps_to_the_return(rows: list[tuple[str, str, str, str]]) -> str:
    """The steps as a table: (step, its date, owner, what to watch)."""
    out = ["| Step | Done by | Owner | Watch |", "|---|---|---|---|"]
    out += [f"| {cell(s)} | {d} | {cell(o)} | {cell(w)} |" for s, d, o, w in rows]
    return "\n".join(out)


HANDOVER = 0.75  # the share of the schedule at which the records reach the accountant
_SENT_TO = re.compile(r"^send\s.+\sto\s", re.I)


def handover(cs: ConstraintSet, start: date, end: date) -> float:
    """Where the records reach the accountant, as a share of the schedule: the day they
    asked for ("my accountant needs them by 10 January"), else three quarters of the way."""
    asked = [c.when for c in cs.of("addition") if c.when and _SENT_TO.match(c.subject)]
    if not asked or end <= start:
        return HANDOVER
    return min(0.95, max(0.05, (asked[-1] - start).days / (end - start).days))


def shared_out(share: float, at: float) -> float:
    """A step's share with the hand-over moved to ``at``: the steps before it are spread up
    to it, the accountant's after it."""
    if share <= HANDOVER:
        return share / HANDOVER * at
    return at + (share - HANDOVER) / (1 - HANDOVER) * (1 - at)


def for_handover(family: Family, cs: ConstraintSet, start: date, end: date) -> Family:
    """The accounts family with its hand-over on the day the accountant asked for."""
    if family.id != "accounts":
        return family
    at = handover(cs, start, end)
    phases = tuple(dataclasses.replace(p, share=shared_out(p.share, at)) for p in family.phases)
    return dataclasses.replace(family, phases=phases)
