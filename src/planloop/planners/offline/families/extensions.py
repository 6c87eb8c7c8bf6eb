"""A home extension: drawings and a structural engineer, planning permission (or prior
approval for a larger single-storey one) and party wall notices, building regulations,
then the builder's foundations, walls and roof, the knock-through and the fit-out, and
building control's completion certificate (found by a new user's trial: "Get planning
permission for and build a 4m single-storey rear kitchen extension" was a kitchen refit
that began with measuring up, with no planning, building regulations or party wall step).
The renovation family (kinds.py, rooms.py) for an extension."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_EXTENSION = re.compile(r"\b(?:extension|extend(?:ing)?\s(?:the|our|my)\s)", re.I)


def builds_an_extension(goal: str) -> bool:
    return _EXTENSION.search(goal) is not None


# (share, step, owner, topics, what to watch)
EXTENSION_WORKS = (
    (0.0, "Drawings by an architect or designer; a structural engineer's calculations",
     "Homeowner", "design drawings architect engineer",
     "drawings for planning and for building regulations are two sets"),
    (0.08, "Apply for planning permission, or prior approval for a larger single-storey"
     " extension; serve party wall notices on the neighbours", "Homeowner",
     "planning permission application party wall neighbours",
     "a decision takes about 8 weeks; party wall notices go at least 2 months before work"),
    (0.3, "Building regulations: full plans to building control, or an approved inspector",
     "Homeowner", "building regulations control inspector",
     "building control inspects at stages: book each visit with the builder"),
    (0.35, "Choose the builder; agree a written quote and payment stages", "Homeowner",
     "builder quote", "pay in stages as work is done, not up front"),
    (0.45, "Foundations dug and inspected; walls and roof up", "Builder",
     "foundations walls roof structure", "no concrete before building control sees the trench"),
    (0.65, "Knock through; first fix of plumbing and electrics; plaster", "Builder",
     "plumbing electrics electrician plumber plaster", "a temporary kitchen elsewhere"),
    (0.8, "Kitchen fitted: units, worktops and appliances; flooring and decorating",
     "Builder", "units fitter fitting worktops flooring decorating",
     "stone worktops are templated after the units are in"),
    (0.95, "Building control's completion certificate; walk round and clear the snags",
     "Homeowner", "snagging completion certificate",
     "keep the completion certificate: a buyer's solicitor will ask for it"),
)  # fmt: skip


def for_extension(family: Family) -> Family:
    """The renovation family for an extension: approvals first, the structure next."""
    phases = (
        phase("Drawings and a structural engineer's calculations done", 0.08, "Homeowner",
              "design drawings architect engineer"),
        phase("Planning permission (or prior approval) granted; party wall notices served",
              0.3, "Homeowner", "planning permission party wall neighbours"),
        phase("Building regulations approved; the builder booked on a written quote", 0.4,
              "Homeowner", "building regulations builder quote"),
        phase("Foundations inspected; walls and roof up", 0.6, "Builder",
              "foundations walls roof structure"),
        phase("Knocked through; kitchen fitted; first and second fix done", 0.85, "Builder",
              "units plumbing electrics fitting"),
        phase("Completion certificate from building control; snags cleared; final payment",
              1.0, "Homeowner", "snagging completion final payment"),
    )  # fmt: skip
    lines = (("Builder and labour", 0.5, ""),
             ("Architect, engineer, planning and building control fees", 0.1, ""),
             ("Kitchen units, worktops and appliances", 0.18, ""),
             ("Party wall surveyor", 0.03, ""),
             ("Flooring, plaster and paint", 0.07, ""))  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)
