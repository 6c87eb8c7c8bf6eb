"""Which family a goal belongs to: the one whose keywords it uses most, weighed by what
they say (a verb that only says something is organised counts half; churn decides), ties
to the more specific family."""

from __future__ import annotations

import functools
import re

from planloop.planners.offline.families import cues
from planloop.planners.offline.families.accounts import ACCOUNTS, does_accounts
from planloop.planners.offline.families.admissions import for_admissions
from planloop.planners.offline.families.betas import launches_a_beta
from planloop.planners.offline.families.care import arranges_care, care_for
from planloop.planners.offline.families.cleanups import holds_a_volunteer_day, volunteer_day
from planloop.planners.offline.families.clubs import club_weight
from planloop.planners.offline.families.courses import arranges_a_course, course_for
from planloop.planners.offline.families.cues import RAISE
from planloop.planners.offline.families.debts import DEBT, pays_off_debt
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.fitouts import fits_out_a_room, room_fitted
from planloop.planners.offline.families.gardens import for_own_plot, garden_makeover, grows_own_plot
from planloop.planners.offline.families.grants import writes_a_grant
from planloop.planners.offline.families.homefood import bakes_from_home
from planloop.planners.offline.families.homesales import for_home_sale, retires, sells_a_home
from planloop.planners.offline.families.kinds import FAMILIES
from planloop.planners.offline.families.levels import aims_at_a_level
from planloop.planners.offline.families.licences import aims_to_drive, learns_to_drive
from planloop.planners.offline.families.listed import for_listed_lines
from planloop.planners.offline.families.loans import applies_for_a_loan
from planloop.planners.offline.families.moves import moves_a_household, moves_a_system
from planloop.planners.offline.families.offices import moves_an_office
from planloop.planners.offline.families.pets import pet_plan
from planloop.planners.offline.families.plain import PERSONAL_PROJECT
from planloop.planners.offline.families.quizzes import runs_a_quiz
from planloop.planners.offline.families.reading import as_read
from planloop.planners.offline.families.retrofits import energy_upgrade
from planloop.planners.offline.families.sales import runs_a_stall, sells_online
from planloop.planners.offline.families.sheds import builds_a_shed
from planloop.planners.offline.families.shows import is_a_show
from planloop.planners.offline.families.stalls import keeps_a_stall
from planloop.planners.offline.families.switches import moves_the_books, switches_tools
from planloop.planners.offline.families.teaching import course_made, makes_a_course
from planloop.planners.offline.families.variants import VARIANTS
from planloop.planners.offline.families.vehicles import trades_from_a_vehicle
from planloop.terms import stem, stems

# Ties go to the earlier. "market" comes last: a launch "on the market" is growth, a goal
# naming its market and its stalls (or a farmers' one) is a market.
_ORDER = (
    "race",
    "training",
    "fitness",
    "driving",
    "study",
    "job",
    "hiring",
    "retreat",
    "trip",
    "move",
    "home",
    "talk",
    "gathering",
    "party",
    "festival",
    "fair",
    "concert",
    "show",
    "sale",
    "event",
    "switch",
    "migration",
    "renovation",
    "writing",
    "software",
    "venue",
    "fundraising",
    "shop",
    "growth",
    "community",
    "market",
)
# "Run a hackathon", "running the workshop", "open a bakery": these verbs, before an article
# or a possessive, say that something is organised, not what. They count half, and only for
# a family the goal names otherwise ("run my first marathon"); "running 30 km a week" and
# "start running" keep their full weight.
_ORGANISED = re.compile(
    r"\b(run|running|open|opening)\s(?:a|an|the|our|my|their|his|her|your|this|that)\b", re.I
)


# Keywords that name a family only as that verb: "open a bakery", not "open tickets", "an
# open question" or "open source" (a team moving its open tickets to another tool was
# given a plan for opening a business).
_VERB_ONLY = frozenset({"open", "opening"})
# Keywords that count only as written, never by their stem: "market" and "marketing" share
# one, and a farmers' market is not a marketing goal.
_AS_WRITTEN = frozenset({"market", "markets", "marketing", "stalls"})


# Keywords that say little alone: "build a garden shed", "a job as a product manager", "run
# a book club", "launch a podcast", "onboarding for new employees". Like an organising verb
# they count half, and only for a family the goal names otherwise ("build an MVP", "launch
# our app to 1,000 users", "the staff Christmas party") or with another of them ("write a
# book", "ship the new system").
_WEAK = frozenset(
    {
        *("build", "product", "develop", "ship", "release", "system", "launch", "book"),
        *("write", "company", "corporate", "staff", "employees", "office"),
        # who a party is for says nothing alone: "move with my partner and 2 kids"
        *("kids", "children", "child"),
    }
)


# Keywords that name the kind of goal whatever else it mentions: "Reduce churn of our app"
# is about keeping users, not a software release. They count twice.
_DECISIVE = frozenset({"churn", "retention"})


@functools.lru_cache(maxsize=256)
def pick(goal: str) -> Family:
    """The family whose keywords the goal uses most; ties go to the more specific one. A
    budget said with what it is for has those as its lines ("£200 for gloves and bags")."""
    return for_listed_lines(_pick(goal), goal)


def _pick(goal: str) -> Family:
    goal = as_read(goal)
    if (pet := pet_plan(goal)) is not None:
        return pet
    if arranges_care(goal):  # "care for my mum": not a personal project spending her savings
        return care_for(goal)
    if does_accounts(goal) and not moves_the_books(goal) and not switches_tools(goal):
        return ACCOUNTS
    if arranges_a_course(goal):  # "a first aid course for 12 coaches": not the club's
        return course_for(goal)
    if makes_a_course(goal):  # "launch an online course": made, not taken
        return course_made(goal)
    if fits_out_a_room(goal):  # "a home gym in the garage": no premises, no fitness plan
        return room_fitted(goal)
    if holds_a_volunteer_day(goal):  # "a community litter pick": a day, not a project to run
        return volunteer_day(goal)
    if pays_off_debt(goal):  # not a loan applied for, nor money on hand
        return DEBT
    if grows_own_plot(goal) and not cues.ORGANISATION.search(
        goal
    ):  # "to grow vegetables": no growth
        return for_own_plot(PERSONAL_PROJECT, goal)
    if sells_a_home(goal):  # not a market with stalls, nor a general goal
        return for_home_sale(PERSONAL_PROJECT, goal)
    # a place's name is no keyword: "my house in Reading" is not reading (found by a new
    # user's trial: a declutter-and-sell goal got a study schedule); the rules below still
    # see it ("a week in Rome")
    worded = cues.PLACE_NAME.sub(r"\1 ", goal)
    # a fitter who fits kitchens is no one getting fitter (a page trial's kitchen refit was
    # planned as a fitness goal: "with our fitter Dave doing the installation")
    worded = cues.A_FITTER.sub(" installer ", worded)
    worded = cues.AUDIENCE_COUNT.sub(" ", worded)
    said = stems(worded) | {w.lower() for w in worded.replace(",", " ").split()}
    written = {w.strip('.;:!?()"') for w in said}
    verbs = {m.group(1).lower() for m in _ORGANISED.finditer(worded)}
    unverbed = _ORGANISED.sub(" ", worded)
    plain = stems(unverbed) | {w.lower() for w in unverbed.replace(",", " ").split()}
    hosted = cues.HOSTED.search(goal) is not None
    best: tuple[float, int, Family] | None = None
    # the books moved to new software, however many words name whose they are: "my small
    # bakery's bookkeeping from spreadsheets to Xero" (a trial's: a bakery opened)
    system_move, tools = moves_a_system(goal), switches_tools(goal) or moves_the_books(goal)
    online = cues.ONLINE_SHOP.search(goal) is not None
    for fam in FAMILIES:
        if fam.id in ("general", "personal") or (fam.id == "move" and (system_move or tools)):
            continue
        if fam.id == "driving" and not learns_to_drive(goal):
            continue
        if fam.id == "job" and retires(goal):  # "retire from my job": none to find
            continue
        if fam.id in ("fair", "market") and (runs_a_stall(goal) or keeps_a_stall(goal)):
            continue
        if fam.id == "community" and grows_own_plot(goal):  # "my allotment": no volunteers
            continue
        keywords = (
            (*fam.keywords, *cues.RACE_WORDS) if fam.id == "race" and hosted else fam.keywords
        )
        if fam.id == "venue" and online:
            keywords = tuple(k for k in keywords if k not in ("shop", "store", "boutique"))
        found = [
            k
            for k in keywords
            if (k in written if k in _AS_WRITTEN else k in said or stem(k) in said)
            and (k not in _VERB_ONLY or k in verbs)
        ]
        strong = [k for k in found if k not in verbs or k in plain or stem(k) in plain]
        weak = [k for k in strong if k in _WEAK]
        if len(weak) < 2:  # two together name it: "write a book", "ship the new system"
            strong = [k for k in strong if k not in _WEAK]
        hits = len(strong) + (0.5 * (len(found) - len(strong)) if strong else 0.0)
        hits += sum(1 for k in strong if k in _DECISIVE)
        if fam.id == "home" and cues.BUY_HOME.search(goal):
            hits += 1
        if fam.id == "driving" and aims_to_drive(goal):
            hits += 1
        if fam.id == "migration" and system_move:
            hits += 1
        if fam.id == "switch" and tools and not system_move:  # "move our CI to GitHub"
            hits += 3
        if fam.id == "event" and runs_a_quiz(goal):  # "for the church roof fund": no parish
            hits += 3
        if fam.id == "shop" and online:  # decisive, as churn is: it says what, not where
            hits += 2
        if fam.id == "sale" and runs_a_stall(goal):
            hits += 2
        if fam.id == "software" and (cues.BUILDS_SOFTWARE.search(goal) or launches_a_beta(goal)):
            hits += 2
        if fam.id == "community":  # a repair café; a club started, run or planned
            hits += 2 if cues.REPAIR_CAFE.search(goal) else club_weight(goal)
        if fam.id == "venue" and (trades_from_a_vehicle(goal) or keeps_a_stall(goal)):
            hits += 2  # a trader at markets
        if fam.id == "venue" and bakes_from_home(goal):  # "from my home kitchen": no refit
            hits += 3
        if fam.id == "fundraising" and RAISE.search(goal) and not sells_online(goal):
            hits += 1
        if fam.id == "fundraising" and cues.CROWDFUND.search(goal):  # "a crowdfunder and events"
            hits += 2
        if fam.id == "fundraising" and (writes_a_grant(goal) or applies_for_a_loan(goal)):
            hits += 2
        if fam.id == "sale" and sells_online(goal):
            hits += 2
        if fam.id == "renovation" and cues.CONVERTED.search(goal):  # a garage made a home office
            hits += 2
        if fam.id == "renovation" and builds_a_shed(goal):  # a build, not a party or a garden
            hits += 2
        if fam.id == "renovation" and (energy_upgrade(goal) or garden_makeover(goal)):
            hits += 2  # a heat pump is no migration, a patio before a party no party
        if fam.id == "show" and is_a_show(goal):
            hits += 2
        if fam.id == "concert" and cues.STAGED.search(goal):
            hits += 2
        if fam.id == "fair" and cues.COMMUNITY_FAIR.search(goal):
            hits += 3 if RAISE.search(goal) else 2
        if fam.id == "hiring" and cues.HIRE.search(goal):
            hits += 2
        if fam.id == "job" and cues.GETS_A_JOB.search(goal):  # not the study it takes
            hits += 2
        if (
            fam.id == "party"
            and cues.MEAL_FOR.search(goal)
            and not cues.BIG_DAY.search(goal)
            and not cues.HIRE.search(goal)  # "hire 3 line cooks for our restaurant": no meal
        ):
            hits += 3
        if fam.id == "talk" and cues.TALK.search(goal):
            hits += 2
        if fam.id == "trip" and cues.STAY.search(goal):
            hits += 1
        if fam.id == "trip" and cues.HEN.search(goal):  # a weekend away (a trial's: things to buy)
            hits += 3
        if fam.id == "study" and aims_at_a_level(goal):  # "A2 Italian before our trip"
            hits += 3
        if fam.id == "move" and moves_a_household(goal):
            hits += 1
        if fam.id == "move" and moves_an_office(goal):
            hits += 2
        rank = (hits, -_ORDER.index(fam.id))
        if hits and (best is None or rank > best[:2]):
            best = (rank[0], rank[1], fam)
    if best is not None:
        family = best[2]
        for variant in VARIANTS:  # each leaves every family but its own as it is
            family = variant(family, goal)
        return family
    personal = cues.PERSONAL.search(goal) and not cues.ORGANISATION.search(goal)
    return for_admissions(for_own_plot(PERSONAL_PROJECT, goal), goal) if personal else FAMILIES[-1]
