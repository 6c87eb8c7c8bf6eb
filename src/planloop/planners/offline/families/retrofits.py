"""A home's energy upgrade: a survey and the grants first, insulation before the heating,
then the systems the goal names, and the certificates a grant is claimed with (found by a
new user's trial: "Upgrade our 1970s semi-detached house … loft insulation, a heat pump and
4kW solar panels" was planned as a software migration, in waves with a rollback). The
renovation family (kinds.py) gets these phases, lines and works for such a goal."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_ENERGY = re.compile(
    r"\b(?:heat\s?pumps?|solar\s(?:panels?|pv|array|thermal)|photovoltaics?|insulat\w*"
    r"|retrofit\w*|(?:double|triple)[\s-]?glaz\w*|draught[\s-]?proof\w*|epc"
    r"|energy\s(?:bills?|efficiency|rating|upgrade|use))\b",
    re.I,
)
_HOME = re.compile(
    r"\b(?:house|home|flat|bungalow|cottage|semi(?:-detached)?|terraced?|detached|property"
    r"|loft)\b",
    re.I,
)
_HEAT_PUMP = re.compile(r"\bheat\s?pumps?\b", re.I)
_SOLAR = re.compile(r"\b(?:solar|photovoltaics?|pv)\b", re.I)
_INSULATION = re.compile(r"\b(?:insulat\w*|cavity|glaz\w*|draught[\s-]?proof\w*)\b", re.I)


def energy_upgrade(goal: str) -> bool:
    """A goal that upgrades a home's energy use: a heat pump, solar panels, insulation."""
    return _ENERGY.search(goal) is not None and _HOME.search(goal) is not None


# (share, step, owner, topics, what to watch, the words the goal must use for it)
_WORKS = (
    (0.0, "Get a heat-loss survey and an energy certificate; ask three certified installers "
     "to quote", "Homeowner", "survey design quotes",
     "quotes on the same survey, so they compare", None),
    (0.12, "Choose the installer; apply for every grant before any work starts", "Homeowner",
     "installer grant", "most grants must be approved before the work, not after", None),
    (0.25, "Order the equipment; agree the install dates", "Homeowner", "order",
     "ask the installer for each part's lead time", None),
    (0.4, "Insulate: the loft, the walls, the gaps and draughts", "Installer", "insulation",
     "insulating first means a smaller, cheaper heat pump", _INSULATION),
    (0.6, "Install the heat pump and cylinder; upsize the radiators that need it", "Installer",
     "heat pump heating plumber", "sized on the heat-loss survey, not the old boiler's size",
     _HEAT_PUMP),
    (0.75, "Fit the solar panels; tell the network operator", "Installer",
     "solar electrician", "the installer registers the system for an export tariff", _SOLAR),
    (0.9, "Commission everything; collect the certificates; claim the grant", "Homeowner",
     "certificates grant", "keep every certificate: the grant and a sale need them", None),
)  # fmt: skip


def energy_works(goal: str) -> tuple[tuple[float, str, str, str, str], ...]:
    """The works the goal's upgrade needs, in the order they are done."""
    return tuple(
        (share, step, owner, topics, watch)
        for share, step, owner, topics, watch, needs in _WORKS
        if needs is None or needs.search(goal)
    )


def for_energy(family: Family, goal: str) -> Family:
    """The renovation family for an energy upgrade: its phases and lines in its words."""
    phases = [
        phase("Home surveyed for heat loss; grants checked; three installer quotes in", 0.12,
              "Homeowner", "survey grant quotes design"),
        phase("Installer booked; grant approved; equipment ordered", 0.25, "Homeowner",
              "installer grant order"),
    ]  # fmt: skip
    lines: list[tuple[str, float, str]] = []
    if _INSULATION.search(goal):
        phases.append(phase("Insulation done", 0.45, "Installer", "insulation"))
        lines.append(("Insulation", 0.15, ""))
    if _HEAT_PUMP.search(goal):
        phases.append(phase("Heat pump installed and commissioned", 0.7, "Installer",
                            "heat pump heating"))  # fmt: skip
        lines.append(("Heat pump, cylinder and radiators", 0.45, ""))
    if _SOLAR.search(goal):
        phases.append(phase("Solar panels installed; the network operator told", 0.85,
                            "Installer", "solar"))  # fmt: skip
        lines.append(("Solar panels", 0.25, ""))
    phases.append(phase("Certificates in; grant claimed; first bills compared", 1.0,
                        "Homeowner", "certificates grant bills"))  # fmt: skip
    lines.append(("Survey, certificates and fees", 0.03, ""))
    # the lines share 85% whatever the goal names, the rest held as contingency
    scale = 0.85 / sum(share for _, share, _ in lines)
    lines = [(name, round(share * scale, 2), unit) for name, share, unit in lines]
    return dataclasses.replace(
        family, title="A home energy upgrade", team="Installer", phases=tuple(phases),
        lines=tuple(lines),
    )  # fmt: skip
