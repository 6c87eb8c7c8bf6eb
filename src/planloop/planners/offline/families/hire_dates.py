"""The dates a new hire's notice moves (families/hire_notice.py): the hiring countdown's
tasks before the offer, drawn in as its milestones were, and the risk of a start that the
notice pushes past the deadline."""

from __future__ import annotations

from planloop.planners.offline.families.hire_notice import (
    KIT,
    hands_on,
    late_by,
    notice_of,
    offer_task,
)
from planloop.planners.offline.families.kinds import FAMILIES
from planloop.planners.offline.families.outline import Outline

Steps = tuple[tuple[float, str, str], ...]  # (share of the span before the day, task, topic)


def hiring_steps(steps: Steps, out: Outline) -> Steps:
    """The hiring countdown's tasks for the plan: each before the offer drawn in as its
    milestones were (:func:`with_notices`), the offer's with the notice it allows for."""
    first = next(f for f in FAMILIES if f.id == "hiring")
    was = next(p.share for p in first.phases if "offers" in p.topics)
    now = next((p.share for p in out.family.phases if "offers" in p.topics), was)
    drawn: list[tuple[float, str, str]] = []
    for before, task, topic in steps:
        if 1 - before <= was:  # a task before the offer, at its place in the drawn-in time
            before = 1 - (1 - before) * now / was
        if hands_on(out.goal):
            task = task.replace("Order laptops and accounts", KIT)
        drawn.append((before, offer_task(task, out.cs, out.goal), topic))
    return tuple(drawn)


def late_start(out: Outline) -> tuple[str, str, str, str] | None:
    """Where the notice leaves no room before the deadline: the risk's title, basis,
    mitigation and warning sign, else None."""
    late = late_by(out.family, out.cs, out.end, out.goal)
    if late is None:
        return None
    (offered, earliest), end = late, out.end
    notice = notice_of(out.cs, out.goal)
    return (
        f"The notice period pushes the start past {end.day} {end:%B %Y}",
        f"notice {notice.said_as}",
        f"Make the offer by {offered.isoformat()} at the latest; agree a later start (about"
        f" {earliest.isoformat()}), or look for candidates who can start sooner",
        f"No offer accepted by {offered.isoformat()}",
    )
