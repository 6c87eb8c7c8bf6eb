"""What each countdown holds: the tasks so many weeks or days before a celebration, a
party, a gathering, a race, a move, an offsite, a trip's departure, a market's first day,
a job search's target date, a driving test or a purchase's completion, each as a share of
the run-up, and which of them a plan's variant gets (countdowns.py dates and writes them).
"""

from __future__ import annotations

from planloop.planners.offline.families.camping import (
    CAMPING_COUNTDOWN,
    WILD_COUNTDOWN,
    camps,
    camps_wild,
)
from planloop.planners.offline.families.concerts import CONCERT_COUNTDOWN
from planloop.planners.offline.families.hire_dates import hiring_steps
from planloop.planners.offline.families.homesales import as_sold, sold_on_the_way
from planloop.planners.offline.families.households import moves_within_a_country
from planloop.planners.offline.families.licences import (
    DRIVING_COUNTDOWN,
    at_their_pace,
    licence_held,
    without_applying,
)
from planloop.planners.offline.families.moves import moved_pet, with_a_pet
from planloop.planners.offline.families.offices import OFFICE_COUNTDOWN, moves_an_office
from planloop.planners.offline.families.online import ONLINE_COUNTDOWN, online
from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.parties import (
    ADULT_COUNTDOWN,
    RESTAURANT_COUNTDOWN,
    Steps,
    at_home,
    eats_out,
    for_children,
    occasion_steps,
)
from planloop.planners.offline.families.plantsales import PLANT_COUNTDOWN, sells_plants
from planloop.planners.offline.families.quizzes import QUIZ_COUNTDOWN, runs_a_quiz
from planloop.planners.offline.families.roadtrips import (
    ROAD_TRIP_COUNTDOWN,
    VAN_TRIP_COUNTDOWN,
    drives,
    sleeps_in_the_van,
)
from planloop.planners.offline.families.sales import (
    GOODS_COUNTDOWN,
    ONLINE_SALE_COUNTDOWN,
    sells_bakes,
    sells_online,
)
from planloop.planners.offline.families.shows import show_steps
from planloop.planners.offline.families.single_hire import in_the_singular
from planloop.planners.offline.families.staycations import HOME_TRIP_COUNTDOWN, stays_at_home
from planloop.planners.offline.families.streets import STREET_COUNTDOWN, holds_a_street_party
from planloop.planners.offline.families.switches import switch_steps
from planloop.planners.offline.families.tournaments import TOURNAMENT_COUNTDOWN, runs_a_tournament
from planloop.planners.offline.families.volunteers import VOLUNTEER_COUNTDOWN, recruits_volunteers

_CELEBRATION = (
    (0.95, "Book the venue; confirm capacity for the guest count", "venue"),
    (0.80, "Book the caterer; agree the per-guest price", "catering"),
    (0.65, "Book photography and music", "photography photographer music band dj"),
    (0.50, "Send invitations", "invitations"),
    (0.25, "Order flowers and decoration", "decoration flowers florist"),
    # before the milestone that confirms them (a second trial's: a day after it)
    (0.12, "Final guest numbers to the caterer and venue", "catering"),
    (0.03, "Confirm the run sheet with every vendor", "vendors"),
)
_PARTY = (
    (0.90, "Fix the date, the guest list and the budget", "guests"),
    (0.75, "Book the place, or plan the room at home", "venue"),
    (0.60, "Send invitations with a reply-by date", "invitations"),
    (0.50, "Book entertainment", "entertainment"),
    (0.40, "Order or bake the cake", "cake"),
    (0.20, "Plan the games and the food; buy decorations and party bags", "games food"),
    (0.07, "Count the replies; ask about allergies and diets; shop for the food", "food"),
    (0.02, "Decorate and set up the games", "setup"),
)
_MARKET = (
    (0.90, "Choose the site; apply for permission to trade", "site permit"),
    (0.75, "Set stall fees, trading rules and the layout", "fees layout"),
    (0.60, "Recruit vendors for a balanced mix of produce and goods", "vendors"),
    (0.40, "Arrange public liability insurance, power, water and waste", "insurance"),
    (0.25, "Promote to local residents: posters, local press and social media", "promotion"),
    (0.10, "Confirm every vendor's pitch and arrival time", "vendors"),
    (0.03, "Walk the site; set the run sheet for market day", "site"),
)
_FESTIVAL = (
    (0.95, "Agree the site; apply for the premises licence or event permit", "site licence"),
    (0.80, "Book the headliners; agree fees, riders and announcement dates", "artists"),
    (0.65, "Open ticket sales with an early-bird price", "tickets"),
    (0.55, "Book the stage, sound and lighting; fencing, toilets, power and water", "production"),
    (0.45, "Book security, stewards and medical cover for the expected crowd", "security"),
    (0.25, "Send the event management plan to the council's safety group", "safety plan"),
    (0.08, "Brief stewards and traders; confirm every supplier's arrival time", "stewards"),
    (0.02, "Build the site; walk it with security and medical", "build"),
)
_TALK = (
    (0.90, "Write the one message and the outline; send the abstract", "outline"),
    (0.65, "Draft the slides, one idea each", "slides"),
    (0.45, "Build and test the demos or examples", "demo"),
    (0.30, "Run through it aloud; time it against the slot", "rehearsal"),
    (0.15, "Rehearse in front of colleagues or friends; cut what drags", "rehearsal"),
    (0.05, "Freeze the slides; save a PDF and the demos offline", "slides"),
    (0.01, "Check the room, the projector, the adapter and the microphone", "room"),
)
_SALE = (
    (0.90, "Book the hall or pitch; ask whether selling food there needs permission", "venue"),
    (0.75, "Ask bakers and helpers; agree who brings what and who takes which shift", "bakers"),
    (0.55, "Put up posters; post in local groups, school and church newsletters", "promotion"),
    (0.30, "Borrow tables, tablecloths and a cash box; set up a card reader", "equipment"),
    (0.15, "Confirm every pledged bake; print price labels that list allergens", "labels"),
    (0.05, "Get the float in coins; remind every helper of their shift", "float"),
    (0.01, "Set up the tables; price and label every item", "setup"),
)
_FAIR = (
    (0.90, "Agree the date and the site; ask the school, church or council for permission", "site"),
    (0.80, "Check the insurance covers the fair and every attraction", "insurance"),
    (0.70, "Choose the stalls, games and attractions; book what must be hired", "attractions"),
    (0.55, "Ask local businesses for raffle and tombola prizes", "raffle"),
    (0.45, "Sign up helpers; draw up the rota by stall and hour", "helpers"),
    (0.35, "Put up posters; post in class groups, newsletters and local groups", "promotion"),
    (0.15, "Write the risk assessment: first aid, lost children, the site's layout", "risk"),
    (0.05, "Get the float in coins; test the card readers; print signs and prices", "float"),
    (0.01, "Set up the stalls; brief every helper on their stall and the takings", "setup"),
)
_HIRING = (
    (0.95, "Write each role's profile, level and salary band; get the budget signed", "roles"),
    (0.85, "Post the ads; brief recruiters; ask the team for referrals", "ads recruiters"),
    (0.70, "Screen applications every week; book first calls", "screening"),
    (0.55, "Interview with a work sample and one scorecard per role", "interviews"),
    # after the first interviews (M4), before the offer (found as a user: "Final
    # interviews" came three days before "With M4 Interview with a work sample")
    (0.30, "Final interviews; check references", "references"),
    (0.30, "Make offers; agree start dates around notice periods", "offers"),
    (0.10, "Order laptops and accounts; write each hire's first-week plan", "onboarding"),
)
_GATHERING = (
    (0.90, "Book the venue; confirm capacity, Wi-Fi and power for the attendee count", "venue"),
    (0.75, "Confirm speakers, mentors or judges", "speakers mentors judges"),
    (0.70, "Approach sponsors; agree what each one gets", "sponsors"),
    (0.55, "Open registration; publish the programme", "registration programme"),
    (0.40, "Book the caterer; agree the per-head price and dietary needs", "catering"),
    (0.25, "Book equipment and AV; recruit volunteers", "equipment volunteers"),
    (0.10, "Final numbers to the caterer and venue", "catering"),
    (0.03, "Confirm the run sheet, safety plan and volunteer rota", "volunteers safety"),
)
_RETREAT = (
    (0.90, "Book the venue and enough rooms for every attendee", "venue rooms"),
    (0.80, "Book travel for every attendee", "travel"),
    (0.60, "Agree the agenda and brief the facilitator", "agenda facilitator"),
    (0.50, "Book team activities", "activities"),
    (0.45, "Book meals and local transfers", "meals transfers"),
    (0.20, "Collect dietary needs, access needs and arrival times", "attendees"),
    (0.07, "Share the final agenda, rooming list and travel details", "rooming"),
    (0.02, "Confirm the run sheet with the venue", "venue"),
)
_RACE = (
    (
        0.90,
        # with M1, where the route is fixed: a permit is applied for well before it is
        # granted (found as a user: "apply for the race permit" on the day of "M2 Race
        # permit … granted")
        "Fix the route and the entry cap; apply for the race permit and road closures",
        "route permit",
    ),
    (0.80, "Buy event insurance; book medical cover and first aid", "insurance medical"),
    (0.70, "Book chip timing and order bibs", "timing bibs"),
    (0.60, "Open entries; publish the route and the race information", "entries"),
    (0.45, "Order medals and T-shirts for the entry cap", "medals"),
    (
        0.35,
        "Recruit marshals and water-station volunteers: one at every junction",
        "marshals volunteers",
    ),
    (0.12, "Close entries; send race packs, bib numbers and start times", "entries"),
    (
        0.03,
        "Walk the course; brief the marshals; set up signs, barriers and water stations",
        "course marshals",
    ),
)
_MOVE = (
    (0.90, "Fix the budget, the area and the moving date", "budget"),
    (0.75, "Start the home search; line up viewings", "search"),
    (0.45, "Sign for the new home; give notice on the old one", "home"),
    # each of these two is a milestone's own task, on its day (_milestone_heads): said as
    # what is done by then (found as a user: "Apply for school places" on the day
    # "School places confirmed", "Pack room by room" on the day "Packed")
    (0.40, "Confirm school or childcare places (apply once the new address is known)", "school"),
    (0.30, "Book removals and the transport for the day; get three quotes", "removals"),
    (0.60, "Apply for any visas; arrange the bank, health cover and registration", "visas"),
    (0.15, "Move utilities, internet and post; tell work, doctors and the tax office", "utilities"),
    (0.07, "Packing done room by room, started three weeks before; clean the old home", "packing"),
    # the old home is left on moving day, not days before it (found as a user: "hand back
    # the keys" five days before the move left the family nowhere to live)
    (0.0, "Read the meters; hand back the old home's keys", "keys"),
)
_PAPERS_AT_HOME = "Change the address: bank, doctor and dentist, council tax, electoral roll"
_JOB = (
    (0.95, "Pick target roles and companies; set the salary range", "target"),
    (0.85, "Update the CV and LinkedIn; ask two people to review them", "cv"),
    (0.75, "List 30 companies; find someone to ask at each", "network"),
    (0.65, "Apply to five roles a week; ask for referrals where you can", "applications"),
    (0.45, "Practise interviews: your stories, a mock interview with a friend", "interviews"),
    (0.25, "Follow up every application after a week; keep the pipeline full", "applications"),
    (0.10, "Final rounds: prepare your questions, line up references", "references"),
    (0.03, "Compare offers; negotiate; agree the start date", "offer"),
)
_HOME = (
    (0.95, "Check your credit file; get a mortgage in principle", "mortgage"),
    (0.85, "Choose the areas; register with estate agents and the property sites", "agent"),
    (0.75, "View homes; note the running costs, and a flat's lease and service charge", "viewings"),
    (0.55, "Make an offer; instruct a solicitor as soon as it is accepted", "offer solicitor"),
    (0.45, "Apply for the mortgage; book the survey", "mortgage survey"),
    (0.25, "Read the solicitor's searches and the contract; ask what is unclear", "solicitor"),
    (0.10, "Exchange contracts; pay the deposit; book the move", "deposit"),
)
_TRIP = (
    (0.85, "Book travel there and back", "travel"),
    (0.75, "Book a bed for every night", "accommodation"),
    (0.60, "Check passports and visas; buy travel insurance", "passports insurance"),
    (0.40, "Book the tickets that sell out: key sights, tours and trains", "tickets"),
    (0.20, "Set the day-by-day itinerary and share it", "itinerary"),
    (0.07, "Order local currency or a travel card; plan the first day's transport", "money"),
    (0.02, "Check in; pack; print or save every booking offline", "packing"),
)


def steps_for(out: Outline) -> Steps:
    """The countdown's tasks for the plan's family and variant."""
    steps: Steps = {
        "gathering": _GATHERING,
        "market": _MARKET,
        "sale": _SALE,
        "fair": _FAIR,
        "show": show_steps(out.goal),
        "concert": CONCERT_COUNTDOWN,
        "hiring": hiring_steps(
            tuple((at, in_the_singular(t, out.goal), on) for at, t, on in _HIRING), out
        ),
        "festival": _FESTIVAL,
        "talk": _TALK,
        "retreat": _RETREAT,
        "trip": (VAN_TRIP_COUNTDOWN if sleeps_in_the_van(out.goal) else ROAD_TRIP_COUNTDOWN)
        if drives(out.goal)
        else (WILD_COUNTDOWN if camps_wild(out.goal) else CAMPING_COUNTDOWN)
        if camps(out.goal)
        else HOME_TRIP_COUNTDOWN
        if stays_at_home("trip", out.goal)
        else _TRIP,
        "party": _PARTY,
        "race": _RACE,
        "move": _MOVE,
        "job": _JOB,
        "driving": DRIVING_COUNTDOWN,
        "home": _HOME,
        "switch": switch_steps(out.goal),
    }.get(out.family.id, _CELEBRATION)
    if out.family.id == "gathering" and online(out.goal):
        steps = ONLINE_COUNTDOWN
    if out.family.id == "sale" and sells_plants(out.goal):
        steps = PLANT_COUNTDOWN
    elif out.family.id == "sale" and not sells_bakes(out.goal):
        steps = ONLINE_SALE_COUNTDOWN if sells_online(out.goal) else GOODS_COUNTDOWN
    if out.family.id == "party" and not for_children(out.goal):
        steps = RESTAURANT_COUNTDOWN if eats_out(out.goal) else ADULT_COUNTDOWN
    if out.family.id == "party" and at_home(out.goal):  # nothing to book
        steps = tuple((sh, t.replace("Book the place, or plan", "Plan"), tp) for sh, t, tp in steps)
    steps = occasion_steps(out.goal, out.family.id, steps)
    if out.family.id == "driving" and licence_held(out.goal):
        steps = without_applying(steps)
    if out.family.id == "driving":
        steps = at_their_pace(steps, out.cs.quantity("lesson"))
    if recruits_volunteers(out.family.id, out.goal):
        steps = VOLUNTEER_COUNTDOWN
    if holds_a_street_party(out.family.id, out.goal):
        steps = STREET_COUNTDOWN
    if out.family.id == "move" and moves_an_office(out.goal):
        steps = OFFICE_COUNTDOWN
    if out.family.id == "move" and sold_on_the_way(out.goal):
        steps = as_sold(steps)
    if out.family.id == "move" and (pet := moved_pet(out.goal)) is not None:
        steps = with_a_pet(steps, pet)
    if out.family.id == "move" and moves_within_a_country(out.goal):  # no visas (households)
        steps = tuple(
            (sh, _PAPERS_AT_HOME, "registration") if tp == "visas" else (sh, t, tp)
            for sh, t, tp in steps
        )
    if out.family.id == "event" and runs_a_quiz(out.goal):
        steps = QUIZ_COUNTDOWN
    if runs_a_tournament(out.family.id, out.goal):
        steps = TOURNAMENT_COUNTDOWN
    return steps
