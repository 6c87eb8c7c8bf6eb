"""What both memory backends share about plan entities: their name and their content.

A finished run's plan is one entity, ``plan_<slug of the goal>_<run tag>``, found again by
its ``- run_id:`` fact, so a retry or a second replica rewrites it instead of adding one.
When that name is taken by another run's note, the name gets the run's digest, then a
counter. The folder (:mod:`planloop.memory.folder.plans`) and PostgreSQL
(:mod:`planloop.memory.postgres.plans`) differ only in how they lock, look and write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from planloop.memory import notes
from planloop.memory.names import InvalidEntityName


def base_name(run_id: str, goal: str, links: Sequence[str]) -> str:
    """The plan entity's first-choice name (``links`` is checked to be a list of names)."""
    if isinstance(links, str):
        raise TypeError("links must be a sequence of entity names, not one string")
    tag = notes.run_tag(run_id)
    if not tag:
        raise InvalidEntityName(run_id, "a run_id needs letters or digits to name its plan")
    return f"plan_{notes.slugify(goal)}_{tag}"


def free_name(base: str, run_id: str, free: Callable[[str], bool]) -> str:
    """``base`` when ``free``, else ``base_<digest>``, ``base_<digest>2``, … the first free."""
    if free(base):
        return base
    digest = hashlib.sha256(notes.one_line(run_id).encode()).hexdigest()[:8]
    candidate, counter = f"{base}_{digest}", 1
    while not free(candidate):
        counter += 1
        candidate = f"{base}_{digest}{counter}"
    return candidate


def content(
    run_id: str, goal: str, plan: str, facts: Mapping[str, str], links: Sequence[str]
) -> str:
    """The note's Markdown: the goal, the plan, its facts and its links (a NUL or a lone
    surrogate in a model's text becomes U+FFFD, the same in both backends)."""
    text = notes.render_plan(
        goal=goal, plan=plan, facts=notes.plan_facts(run_id, goal, facts), links=list(links)
    )
    return notes.scrub(text)
