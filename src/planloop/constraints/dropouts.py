"""People who drop out: "Alex cannot do the cake any more" takes Alex's part away, said at
a later checkpoint than the part (found by a new user's trial: Alex still owned the cake,
beside the mum who now bakes it)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint, order_of
from planloop.constraints.names import NAME
from planloop.constraints.team import NOT_NAMES

# What says a person will not do their part
_CANNOT = (
    r"(?:cannot|can't|can’t|can\sno\slonger|won't|won’t|will\snot|is\sunable\sto"
    r"|isn't\sable\sto|is\sno\slonger|has\sdropped\sout|dropped\sout|pulled\sout"
    # "my sister Aoife is out" (a new user's trial: she stayed in the team and the RACI)
    r"|is\sout(?!\sof)|isn['’]t\scoming|is\snot\scoming|can['’]t\smake\sit|has\spulled\sout)"
)


def withdrawn(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """``items`` without the people a later text says will not do their part."""
    out = []
    for c in items:
        if c.kind == "member" and c.name:
            # ... or replaced: "Ryan is our fitter now, not Dave", "use Ryan instead of Dave"
            said = re.compile(
                rf"\b{re.escape(c.name)}\s{_CANNOT}\b|(?:,|\bnow|\binstead\sof)\s+not\s+"
                rf"{re.escape(c.name)}\b|\binstead\sof\s{re.escape(c.name)}\b"
            )
            # ... then or in the same words ("and my sister Aoife is out" reads her too)
            later = (t for s, t in said_in.items() if order_of(s) >= order_of(c.source))
            if any(said.search(t) for t in later):
                continue
        out.append(c)
    return out


def withdrawal(clause: str) -> str | None:
    """The person a clause says will not do their part ("Alex cannot do the cake"), or None."""
    m = re.match(rf"\s*(?:(?:and\s)?(?:my|our|the)\s(?:[a-z]+\s)?)?({NAME})\s{_CANNOT}\b", clause)
    return m.group(1) if m and m.group(1).split()[0].lower() not in NOT_NAMES else None
