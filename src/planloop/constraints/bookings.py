"""Who is booked when, and a step with its own day: "The electrician is booked for the week
of 15 March", "The interview is on 14 January". Each is a task on that day (an addition
with its date), not the plan's deadline (extract.py reads them from feedback)."""

from __future__ import annotations

import re
from datetime import date

from planloop.constraints.dates import MONTH_RE, resolve_date
from planloop.constraints.model import Constraint
from planloop.terms import clean

# Someone booked for a day or a week: "The electrician is booked for the week of 15 March"
# (found as a user: read as nothing, and the plan's electrics fell on no date)
_BOOKED = re.compile(
    r"\b(?:the|our|my)\s([a-z]{3,20}(?:\s[a-z]{3,20})?)\s(?:is|are|has\sbeen|have\sbeen)"
    r"\s(?:booked|scheduled|coming|due)\s(?:for|on|in|from)\s((?:the\s(?:week|weekend)\sof\s)?"
    rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{MONTH_RE})|(?:{MONTH_RE})\s[0-9]{{1,2}})"
    r"(?:\s20[0-9]{2})?)",
    re.I,
)

# A step with its day: "The interview is on 14 January" (found as a user: it became the day
# of the offer, the plan's deadline)
_STEP_ON = re.compile(
    r"\b(?:the|my|our)\s((?:first\s|second\s|final\s)?(?:interview|viewing|inspection|hearing"
    r"|audition|assessment|appointment|home\scheck|survey))\s(?:is|will\sbe)\s(?:on|at)\s("
    rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{MONTH_RE})|(?:{MONTH_RE})\s[0-9]{{1,2}})"
    r"(?:\s20[0-9]{2})?)",
    re.I,
)


def booked(text: str, source: str, start: date) -> list[Constraint]:
    """Who is booked when, as a task on that day: "The electrician is booked for the week
    of 15 March" is "electrician booked", due 15 March; "The interview is on 14 January"
    is the interview, that day."""
    out = []
    for m in _STEP_ON.finditer(text):
        day = resolve_date(m.group(2), start)
        if day is not None:
            out.append(
                Constraint(
                    kind="addition", text=clean(m.group(0)), source=source,
                    subject=m.group(1).lower(), when=day,
                )
            )  # fmt: skip
    for m in _BOOKED.finditer(text):
        day = resolve_date(
            re.sub(r"^the\s(?:week|weekend)\sof\s", "", m.group(2), flags=re.I), start
        )
        if day is None:
            continue
        out.append(
            Constraint(
                kind="addition", text=clean(m.group(0)), source=source,
                subject=f"{m.group(1).lower()} booked", when=day,
            )
        )  # fmt: skip
    return out
