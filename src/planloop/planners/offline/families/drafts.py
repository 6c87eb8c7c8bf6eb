"""A first draft is not a book to publish (found as a user: "Finish the first draft of my
novel by 31 October" was planned through revision, editing, a cover and publication, with
the draft squeezed into the first 60% of the time). The writing family (kinds.py) writes
a book to publication; a goal that asks only for a draft gets the draft, to its day."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, Phase, phase

_DRAFT_ONLY = re.compile(r"\b(?:first\s|rough\s|full\s)?draft\b", re.I)
_PUBLISH = re.compile(r"\b(?:publish\w*|self-publish\w*|print\w*|launch\w*|release\w*)\b", re.I)


def draft_only(goal: str) -> bool:
    return _DRAFT_ONLY.search(goal) is not None and _PUBLISH.search(goal) is None


def for_draft(family: Family, goal: str) -> Family:
    """The writing family for a goal that asks for a draft: the draft fills the time."""
    if family.id != "writing" or not draft_only(goal):
        return family
    phases = (
        phase("Outline and a writing routine set", 0.08, "Writer", "outline"),
        phase("A quarter of the first draft written", 0.3, "Writer", "draft"),
        phase("Half the first draft written", 0.55, "Writer", "draft"),
        phase("Three quarters of the first draft written", 0.8, "Writer", "draft"),
        phase("First draft finished", 1.0, "Writer", "draft"),
    )
    lines = (("Writing software and backups", 0.20, ""), ("Books and research", 0.25, ""),
             ("A writing course or retreat", 0.40, ""))  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)


# A dissertation or a thesis is handed in, not published (found by a new user's trial: a
# 12,000-word dissertation was given a cover, a layout and publication)
_SUBMITTED = re.compile(r"\b(?:dissertation|thesis|essay)\b", re.I)


def hands_in(goal: str) -> bool:
    return _SUBMITTED.search(goal) is not None


_DATA = re.compile(
    r"\b(?:data\scollection|collect(?:ing)?\s(?:the\s)?data|ethics|interviews?|surveys?"
    r"|participants|questionnaires?|fieldwork|experiments?)\b",
    re.I,
)


def collects_data(goal: str) -> bool:
    """A dissertation whose data is collected (from people, mostly): ethics first."""
    return _DATA.search(goal) is not None


def for_dissertation(family: Family, goal: str) -> Family:
    """The writing family for a dissertation: the supervisor's comments, references and
    the department's format, then submission."""
    if family.id != "writing" or not hands_in(goal):
        return family
    phases: tuple[Phase, ...] = (
        phase("Question and outline agreed with the supervisor", 0.08, "Writer",
              "outline supervisor"),
        phase("Reading done; methods set", 0.25, "Writer", "reading methods"),
        phase("Half the first draft written", 0.45, "Writer", "draft"),
        phase("First draft finished", 0.65, "Writer", "draft"),  # the writing table's end
    ) if not collects_data(goal) else (
        # data collected from people waits for the ethics committee (a thirteenth trial's:
        # no ethics, collection or analysis step, and the draft written before the question)
        phase("Question and outline agreed with the supervisor", 0.06, "Writer",
              "outline supervisor"),
        phase("Ethics application sent with the methods and the consent forms", 0.12,
              "Writer", "ethics approval application methods"),
        phase("Ethics approval granted; reading and literature review drafted", 0.25,
              "Writer", "ethics reading literature"),
        phase("Data collected", 0.45, "Writer", "collection data interviews survey"),
        phase("Data analysed; results and discussion drafted", 0.6, "Writer",
              "analysis results draft"),
        phase("First draft finished", 0.68, "Writer", "draft"),
    )  # fmt: skip
    phases += (
        phase("Draft to the supervisor; revised after the comments; references checked", 0.85,
              "Writer", "supervisor revision references"),
        phase("Proofread and formatted to the department's rules", 0.95, "Writer",
              "proofreading format"),
        phase("Submitted", 1.0, "Writer", "submission"),
    )  # fmt: skip
    lines = (("Printing and binding", 0.30, ""), ("Books and inter-library loans", 0.30, ""),
             ("Proofreading", 0.40, ""))  # fmt: skip
    return dataclasses.replace(family, title="A dissertation", phases=phases, lines=lines)
