"""What a goal demands, typed and sourced: the layer both planners and the checker share.

:func:`gather` reads the goal, checkpoint feedback, edits and selected memory notes into a
:class:`ConstraintSet` (budget total, per-period and per-unit caps, deadline and start,
team and roles, quantities, exclusions and what lifts them, priorities), each constraint
tagged with where it came from (``goal``, ``feedback:n``, ``edit:n``, ``memory:<entity>``).
Later sources win. Relative dates ("within 6 months", "Q3", "next September") resolve from
the run's start.
"""

from planloop.constraints.dates import resolve_date
from planloop.constraints.extract import gather, read_text, unread
from planloop.constraints.model import Constraint, ConstraintSet, Money, lifts
from planloop.constraints.wishes import kept

__all__ = [
    "Constraint",
    "ConstraintSet",
    "Money",
    "gather",
    "kept",
    "lifts",
    "read_text",
    "resolve_date",
    "unread",
]
