"""Care arranged for someone close: a parent, a grandparent or a partner who needs help at
home, or a place in a care home. The person's needs are assessed by the council, the legal
powers to act for them are made while they can still give them, the money is worked out
(their savings are theirs, counted by the council, not a budget to spend), an agency or a
home is chosen, and the care starts by the day it is needed (found by a new user's trial:
"Arrange care for my mum, who has dementia, before she comes out of hospital" got a
personal project that spent 55% of her savings on "things to buy")."""

from __future__ import annotations

import re

from planloop.constraints import ConstraintSet
from planloop.constraints.amounts import MONEY, money_of
from planloop.constraints.model import Constraint
from planloop.constraints.unspent import SAVINGS_AFTER
from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

# who is cared for, by the word for them, with the words a plan says of them: (subject,
# object, possessive)
_PEOPLE = {
    **dict.fromkeys(
        ("mum", "mom", "mother", "gran", "granny", "grandma", "grandmother", "nan", "nana",
         "wife", "aunt", "auntie", "sister", "mother-in-law"),
        ("she", "her", "her"),
    ),
    **dict.fromkeys(
        ("dad", "father", "grandad", "grandpa", "grandfather", "husband", "uncle", "brother",
         "father-in-law"),
        ("he", "him", "his"),
    ),
    **dict.fromkeys(("parents", "grandparents", "partner"), ("they", "them", "their")),
}  # fmt: skip
_CARED = (
    r"\b(?:my|our)\s(?:elderly\s|old\s|frail\s|widowed\s|ageing\s|aging\s)?("
    + "|".join(sorted((re.escape(p).replace("\\-", "[\\s-]") for p in _PEOPLE), key=len)[::-1])
    + r")\b"
)
_CARE_WORDS = re.compile(
    r"\b(?:care(?!\sabout)|carers?|caring|look(?:ing)?\safter|nursing\shomes?|dementia"
    r"|alzheimer'?s|discharged?|comes?\sout\sof\shospital|home\sfrom\shospital|respite)\b",
    re.I,
)
_CARED_FOR = re.compile(_CARED, re.I)
# "my dad's garden": a thing of theirs, not them ("my mum's care" is them)
_THEIR_THING = re.compile(r"['’]s?\s(?!care\b|carers?\b|needs\b|dementia\b|health\b)", re.I)
_OCCASION = re.compile(
    r"\b(?:party|birthday|anniversary|wedding|celebration|day\sout|funeral"
    r"|christmas\s(?:dinner|lunch))\b",
    re.I,
)
_HOME = re.compile(
    r"\b(?:care|nursing|residential)\shomes?\b|\bresidential\scare\b|\bsheltered\shousing\b",
    re.I,
)
_HOUSE = re.compile(r"\b(?:house|home|flat|bungalow|property)\s(?:is\s)?worth\b", re.I)
_WORTH = re.compile(r"\bworth\s(?:about\s|around\s)?$", re.I)
_HOSPITAL = re.compile(r"\bhospital\b|\bdischarge[ds]?\b", re.I)
_STROKE = re.compile(r"\b(?:stroke|brain\sinjury)\b", re.I)
_NURSING = re.compile(r"\bnursing\s(?:homes?|care)\b", re.I)
_MEMORY = re.compile(r"\b(?:dementia|alzheimer'?s|memory\sloss)\b", re.I)
# their own money: "she has £38,000 in savings", "his savings of £12,000"
_SAVINGS_BEFORE = re.compile(r"\bsavings\s(?:of\s|are\s|come\sto\s)?(?:about\s|around\s)?$", re.I)
CARE_STRUCTURE = "Care arrangements"


def arranges_care(goal: str) -> bool:
    """The goal arranges care for someone close (not a pet's: pets.py comes first), not
    their garden ("take care of my dad's garden") nor a day out or a party for them."""
    person = any(not _THEIR_THING.match(goal, m.end()) for m in _CARED_FOR.finditer(goal))
    return person and _CARE_WORDS.search(goal) is not None and _OCCASION.search(goal) is None


def moves_into_a_home(goal: str) -> bool:
    return _HOME.search(goal) is not None


def leaves_hospital(goal: str) -> bool:
    return _HOSPITAL.search(goal) is not None


def cared_for(goal: str) -> tuple[str, str, str, str]:
    """Who is cared for, as the plan names them: ("your mum", "she", "her", "her")."""
    m = _CARED_FOR.search(goal)
    word = re.sub(r"\s", "-", m.group(1).lower()) if m else "parents"
    return (f"your {word}", *_PEOPLE.get(word, ("they", "them", "their")))


def _owning(who: str) -> str:
    """ "Mum's", "Parents'": whose needs, with the name capitalised ("your mum" → "Mum's")."""
    name = who.removeprefix("your ").capitalize()
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def care_for(goal: str) -> Family:
    """The family of care arranged at home, or of a move into a care home."""
    who, sub, obj, pos = cared_for(goal)
    comes = "come" if sub == "they" else "comes"
    can = f"while {sub} can still make them"
    powers = phase(
        f"Lasting Powers of Attorney (money; health and care) made {can}, sent to be"
        " registered", 0.2 if moves_into_a_home(goal) else 0.25, "You",
        "attorney lpa legal solicitor",
    )  # fmt: skip
    if moves_into_a_home(goal):
        phases = (
            phase(f"{_owning(who)} needs assessed by the council: residential or"
                  f" nursing care decided with {obj} and {pos} GP", 0.1, "You",
                  "needs assessment council gp"),
            powers,
            phase(f"Money worked out: the council's financial assessment, the fees, what {pos}"
                  " savings and pension cover", 0.35, "You",
                  "money fees savings pension financial"),
            phase("Three homes visited, one at a mealtime; their inspection reports read; a"
                  " place offered", 0.55, "You", "homes visits inspection place"),
            phase("Contract and fees agreed in writing: what the fees include, the notice"
                  " terms", 0.7, "You", "contract fees"),
            phase(f"{pos.capitalize()} room made {pos} own: furniture, photographs, clothes"
                  " labelled; GP and pharmacy changed", 0.9, "You", "room furniture move"),
            phase(f"Moved in; a review with the home after four weeks, with {obj}", 1.0, "You",
                  "move review"),
        )  # fmt: skip
        lines = (("Care home fees", 0.85, "week"), ("Moving in: furniture and labels", 0.05, ""),
                 ("Lasting Powers of Attorney", 0.05, ""))  # fmt: skip
        title = "A move into a care home"
    else:
        told = "the hospital's discharge team and " if leaves_hospital(goal) else ""
        starts = f"the day {sub} {comes} home" if leaves_hospital(goal) else "on the day agreed"
        phases = (
            phase(f"{_owning(who)} needs written down with {told}{pos} GP: the help"
                  " needed morning, day and night", 0.08, "You", "needs gp hospital discharge"),
            phase("Care needs assessment asked of the council's adult social care; a carer's"
                  " assessment for you", 0.15, "You", "assessment council social"),
            powers,
            phase("Money worked out: the council's financial assessment, Attendance Allowance"
                  " claimed, the weekly cost of care known", 0.4, "You",
                  "money benefits allowance financial savings pension cost"),
            phase("Home care agency chosen: its inspection report read; visit times and tasks"
                  " agreed in writing", 0.6, "You", "agency carers visits provider"),
            phase(f"Home ready: a key safe, grab rails, a pendant alarm, {pos} medicines in a"
                  " weekly pill box", 0.8, "You", "home equipment alarm adaptations"),
            phase(f"Care started {starts}; the first week's visits checked with {obj}; a review"
                  " booked six weeks on", 1.0, "You", "review visits start"),
        )  # fmt: skip
        lines = (("Home care visits", 0.75, "visit"), ("Key safe, rails and alarm", 0.1, ""),
                 ("Lasting Powers of Attorney", 0.05, ""))  # fmt: skip
        title = "Care at home for someone close"
    return Family("care", title, (), 56, "You", "You", phases, lines, CARE_STRUCTURE)


# who to ask and what to watch at each step, by the start of its milestone's title
CARE_ASK = {
    "discharge team": ("The ward's discharge team; the GP", "ask for the discharge date and"
                       " what help the ward sees needed, in writing, and for reablement"
                       " care from the first day home (free for up to six weeks in"
                       " England)"),
    "needs written": ("The GP; whoever helps now", "note what is done each day now, and by"
                      " whom: it is what the assessment asks"),
    "needs assessed": ("The council's adult social care", "the assessment is free whatever"
                       " the savings; ask for it in writing"),
    "Care needs assessment": ("The council's adult social care", "free whatever the savings;"
                              " say what you do yourself, and what you cannot"),
    "Lasting Powers": ("The Office of the Public Guardian (online forms)", "each power needs"
                       " a certificate provider; registration takes weeks"),
    "Money worked out": ("The council's financial assessment; the Department for Work and"
                         " Pensions", "above the council's upper savings limit the care is"
                         " paid for by the person; the council can still arrange it."
                         " Attendance Allowance (at State Pension age; PIP if younger) is"
                         " paid once help has been needed for six months: claim early"),
    "Home care agency": ("Three agencies; the council's list", "read each one's inspection"
                         " report (CQC in England); ask who covers weekends"),
    "Three homes": ("Homes near family; the council's list", "visit at a mealtime; read each"
                    " inspection report"),
    "Contract and fees": ("The home's manager", "what the fees include, how they rise, the"
                          " notice on either side"),
    "Home ready": ("The council's occupational therapist", "small equipment and adaptations"
                   " can be free once assessed as needed"),
    "room made": ("The home; family", "label every piece of clothing; bring what is"
                  " familiar: a chair, photographs, a clock"),
    "Moved in": ("The home's manager", "visit often in the first weeks; write down what"
                 " worries come up for the review"),
    "Care started": ("The agency; family and neighbours", "a visit log at home; call the"
                     " agency the same day a visit is missed"),
}  # fmt: skip
CARE_MEMORY = (
    "With dementia, make the powers soon: once {sub} can no longer decide, only the Court of"
    " Protection can appoint a deputy, which takes months"
)
DISCHARGE_HAZARD = Hazard(
    "The hospital discharges {obj} before the care at home is ready", "Medium", "High",
    "Tell the ward in writing what is not ready; ask the discharge team for reablement care"
    " (free for up to six weeks in England) until the agency starts",
    "You", "No agency has confirmed a start date a week before the discharge date",
)  # fmt: skip
HOME_PLACE_HAZARD = Hazard(
    "No place free in the homes chosen by the day one is needed", "Medium", "High",
    "Put {pos} name down at two homes; ask about a short respite stay until a place is free",
    "You", "No place offered three weeks before the day needed",
)  # fmt: skip
CARE_HAZARD = Hazard(
    "No agency has carers for the visit times needed", "Medium", "High",
    "Ask three agencies at once and the council; ask about direct payments to employ a"
    " personal assistant",
    "You", "No agency has offered the visit times two weeks before care should start",
)  # fmt: skip
CARE_OPPORTUNITIES = (
    "A claim for Attendance Allowance: not means-tested, for help needed at State Pension age",
    "A local carers' centre: advice, a carer's card and breaks for you",
)
CARE_HOME_EXTRAS = (
    "A one-page profile of routines, likes and dislikes for the home's staff",
    "A visiting rota, so that someone close comes most days in the first weeks",
)
CARE_EXTRAS = (
    "A one-page profile of routines, likes and dislikes for every carer",
    "A notebook at home where carers and family write what happened at each visit",
)


def care_hazard(goal: str) -> Hazard:
    """What usually goes wrong: a discharge before the care is ready, no place in a home,
    no carers for the times needed; in the words of who is cared for ("her", "his")."""
    _, sub, obj, pos = cared_for(goal)
    hazard = CARE_HAZARD
    if moves_into_a_home(goal):
        hazard = HOME_PLACE_HAZARD
    elif leaves_hospital(goal):
        hazard = DISCHARGE_HAZARD
    return hazard._replace(
        title=hazard.title.format(sub=sub, obj=obj, pos=pos),
        mitigation=hazard.mitigation.format(sub=sub, obj=obj, pos=pos),
    )


def _saved(goal: str, m: re.Match[str]) -> bool:
    """The amount ``m`` is savings: "£38,000 in savings", "her savings of £12,000"."""
    return bool(SAVINGS_AFTER.match(goal[m.end() :]) or _SAVINGS_BEFORE.search(goal[: m.start()]))


def savings_of(goal: str) -> str:
    """Their savings as the goal says them ("£38,000"), "" when none is said."""
    return next((m.group(0).strip() for m in MONEY.finditer(goal) if _saved(goal, m)), "")


def care_stakeholders(goal: str) -> list[tuple[str, str, str, str]]:
    """Who else a care plan answers to: the person cared for first."""
    who, _, _, pos = cared_for(goal)
    provider = "The care home" if moves_into_a_home(goal) else "The home care agency"
    return [
        (who[5:].capitalize(), f"{pos.capitalize()} care and {pos} wishes", "High",
         "Asked first at every step; told what is arranged"),
        ("The council's adult social care", f"Assesses {pos} needs and {pos} money", "High",
         "The assessment, then its reviews"),
        (provider, "Gives the care", "Medium", "A review after the first weeks"),
    ]  # fmt: skip


def care_notes(goal: str, cs: ConstraintSet) -> list[str]:
    """What the care arrangements say below their steps: the visits asked for, the
    person's savings (theirs, not the plan's budget), and the powers' urgency with
    dementia."""
    _, sub, obj, pos = cared_for(goal)
    pays, lives, qualifies = (
        ("pay", "live", "qualify") if sub == "they" else ("pays", "lives", "qualifies")
    )
    notes = []
    visits = [c for c in cs.of("quantity") if c.unit == "visit" and c.scope == "day"]
    if visits:
        v = visits[-1]
        notes.append(
            f"**Visits:** {v.number:g} a day (“{v.text}”, {v.source}): agree each one's time"
            " and tasks with the agency, and who covers when a carer is off."
        )
    if saved := savings_of(goal):
        notes.append(
            f"**{pos.capitalize()} savings:** {saved} (goal) are {pos} own money. The council's"
            f" financial assessment counts them; above its upper limit {sub} {pays} for {pos}"
            " care from them, so this plan sets no budget of its own."
        )
    fees = [c for c in cs.period_caps() if c.unit == "week" and c.money]
    if fees:
        notes.append(
            f"**Fees:** “{fees[-1].text}” ({fees[-1].source}): ask each home its weekly fee,"
            " what it includes and how it has risen in recent years." + _lasts(goal, fees[-1])
        )
    if moves_into_a_home(goal) and _HOUSE.search(goal):
        notes.append(
            f"**{pos.capitalize()} home:** its value counts in the financial assessment once"
            f" {sub} {lives} in the care home for good, unless a partner still lives in it;"
            " the first 12 weeks it is not counted, and the council can defer the fees"
            " against it (a deferred payment agreement)."
        )
    if _MEMORY.search(goal):
        notes.append("**Dementia:** " + CARE_MEMORY.format(sub=sub, obj=obj) + ".")
    elif stroke := _STROKE.search(goal):
        notes.append(
            f"**Deciding:** if the {stroke[0].lower()} has left {obj} unable to"
            f" decide for {obj}self, a power cannot be made now: the Court of Protection can"
            " appoint a deputy instead, which takes months."
        )
    if _NURSING.search(goal):
        notes.append(
            "**Nursing care:** ask for the NHS Continuing Healthcare checklist before the"
            f" financial assessment: if {sub} {qualifies}, the NHS pays the whole cost; if not,"
            " it still pays towards the nursing part of a nursing home's fees (NHS-funded"
            " nursing care)."
        )
    return notes


def _lasts(goal: str, fee: Constraint) -> str:
    """How long the money the goal names (savings, a home's value) pays a weekly fee for,
    before any income counts ("£202,000 at £1,400 a week: about 144 weeks")."""
    if fee.money is None or fee.money.amount <= 0:
        return ""
    said = [m for m in MONEY.finditer(goal) if _saved(goal, m) or _WORTH.search(goal[: m.start()])]
    total = sum(money_of(m).amount for m in said)
    if not said or total <= 0:
        return ""
    weeks = int(total // fee.money.amount)
    years = f", about {weeks / 52:.1f} years" if weeks >= 52 else ""
    home = any(_WORTH.search(goal[: m.start()]) for m in said)
    what = (
        ("savings and the home's value" if len(said) > 1 else "the home's value")
        if home
        else "savings"
    )
    return (
        f" At {fee.money.text()} a week, the {fee.money.currency}{total:,.0f} said ({what})"
        f" pays for about {weeks} weeks{years}, before any income counts."
    )
