"""The risk each kind of goal is known for: a race's permit refused late, a move with no
home signed for in time, a driving test with no date before the deadline. One per family,
added to the risks the plan's own data points raise (planloop.planners.offline.risks)."""

from __future__ import annotations

from typing import NamedTuple


class Hazard(NamedTuple):
    title: str
    likelihood: str
    impact: str
    mitigation: str
    owner: str  # a role of the family (a named person whose role names it takes it)
    warning: str


HAZARDS: dict[str, Hazard] = {
    "venue": Hazard(
        "Permits or the fit-out run late and push the opening", "Medium", "High",
        "Apply for permits first; a fit-out contract with dates and penalties", "Owner",
        "No permit decision by the day the fit-out starts",
    ),
    "cleanup": Hazard(
        "Bad weather, or a sharp or hazardous find, on the day", "Medium", "High",
        "A wet-weather date agreed with the council; sharps never picked by hand, reported to"
        " the council's team", "Organiser", "A weather warning for the day in the week before",
    ),
    "creator": Hazard(
        "Too few buyers at launch for the work put in", "Medium", "High",
        "Pre-sell to the waitlist before recording everything; ask ten would-be students first",
        "Course creator", "Fewer than one in ten on the waitlist buys in the pre-sale",
    ),
    "class": Hazard(
        "Too few places booked to cover the room and the materials", "Medium", "Medium",
        "Set a minimum number and a date to decide; take payment when booking", "Tutor",
        "Under half the places booked three weeks before the first session",
    ),
    "fitout": Hazard(
        "The kit does not fit the room, or the wiring cannot take it", "Low", "Medium",
        "Measure and draw the layout before buying; the electrician sees it first", "You",
        "A delivery date before the layout is drawn",
    ),
    "party": Hazard(
        "Replies come too late to plan the food", "Medium", "Medium",
        "Ask for replies by a date a week before; follow up by message", "Host",
        "Half the invitations unanswered on the reply-by date",
    ),
    "event": Hazard(
        "A key vendor cancels close to the day", "Low", "High",
        "Keep a second choice for the caterer and the venue; confirm every vendor in writing",
        "Host", "A vendor slow to confirm the run sheet",
    ),
    "festival": Hazard(
        "The licence is refused or granted with conditions late", "Medium", "High",
        "Apply early; meet the council's safety group before the plan is final",
        "Festival director",
        "No licence decision three months before the festival",
    ),
    "talk": Hazard(
        "The talk runs over its slot", "Medium", "Medium",
        "Time every run-through; mark what to cut if it runs long", "Speaker",
        "A run-through over the slot two weeks before",
    ),
    "sale": Hazard(
        "Too few donations or bakes arrive for the tables", "Medium", "High",
        "Ask for pledges by name two weeks before; keep a list of people who can give more",
        "Organiser",
        "Fewer pledges than tables a week before the sale",
    ),
    "concert": Hazard(
        "Tickets sell slowly and the hall is half empty", "Medium", "High",
        "Ask every performer to sell ten tickets to people they know; post weekly", "Organiser",
        "Fewer than a third of the tickets sold a month before",
    ),
    "show": Hazard(
        "Each issue or episode takes longer to make than planned and the launch slips",
        "Medium", "Medium",
        "Have two ready ahead of each release; set a time limit for editing one",
        "Host or editor",
        "The pilot took more than a day to edit",
    ),
    "fair": Hazard(
        "Rain on the day keeps families away", "Medium", "High",
        "Hold a hall or marquees as the wet-weather plan; decide the day before and say where",
        "Organiser",
        "A wet forecast for the day a week before",
    ),
    "hiring": Hazard(
        "A finalist takes a counter-offer or another offer", "Medium", "High",
        "Agree each role's offer range before interviews; keep a second finalist warm until "
        "the start date", "Hiring manager",
        "A finalist slow to answer the offer, or asking for more time",
    ),
    "market": Hazard(
        "Too few stallholders sign up", "Medium", "High",
        "Recruit in person at other markets; a reduced fee for the first month",
        "Market manager", "Under two thirds of the pitches taken a month before",
    ),
    "retreat": Hazard(
        "Rooms or travel cost more than planned", "Medium", "Medium",
        "Book rooms and group travel early; agree a cap per person", "Organiser",
        "Fares 20% above the first quotes",
    ),
    "trip": Hazard(
        "A passport or visa is not ready in time", "Low", "High",
        "Check every passport's expiry now; apply for visas as soon as allowed",
        "Trip planner", "A passport that expires within six months of travel",
    ),
    "gathering": Hazard(
        "Registrations stay low", "Medium", "High",
        "Open registration early; set a go/no-go number a month before", "Organiser",
        "Under half the expected registrations a month before",
    ),
    "race": Hazard(
        "The race permit or road closures are refused or come late", "Medium", "High",
        "Apply in the first month; ask the council what a late decision means; keep a "
        "shorter route that needs no road closure as the fallback", "Race director",
        "No decision from the council six weeks after applying",
    ),
    "move": Hazard(
        "No new home is signed for in time", "Medium", "High",
        "Start viewings early; line up a short let for the first month", "Move planner",
        "No offer accepted by the milestone's date",
    ),
    "migration": Hazard(
        "Data does not match after the move", "Medium", "High",
        "Reconcile counts and checksums per table; a tested rollback for every wave",
        "Tech lead", "Any mismatch in the first wave's reconciliation",
    ),
    "software": Hazard(
        "Scope grows and the release slips", "High", "Medium",
        "A fixed release date; new ideas go to the next increment", "Product lead",
        "The feature list grows after the first increment",
    ),
    "training": Hazard(
        "An injury stops training", "Medium", "High",
        "Raise the weekly distance by at most 10%; an easier week every fourth", "Athlete",
        "Pain that lasts more than two days",
    ),
    "fitness": Hazard(
        "The habit lapses after the first weeks", "High", "Medium",
        "Fix the days and times; a friend or coach to check in weekly", "You",
        "Two planned sessions missed in one week",
    ),
    "study": Hazard(
        "The material takes longer than planned", "Medium", "High",
        "Check the schedule at every review week; when behind, cut depth, not topics",
        "Learner", "More than a week behind at a review week",
    ),
    "driving": Hazard(
        "No practical test date before the deadline", "High", "High",
        "Book the test as soon as the theory test is passed; look for cancellations daily",
        "Learner driver", "The first date offered is after the deadline",
    ),
    "job": Hazard(
        "Applications go out but no interviews come back", "Medium", "High",
        "After twenty applications without a reply, have the CV reviewed and lean on "
        "referrals", "Job seeker", "Fewer than one interview for every ten applications",
    ),
    "fundraising": Hazard(
        "Pledges come in late or are never paid", "Medium", "High",
        "Ask for every gift in writing with a date; follow up each pledge within a week",
        "Campaign lead", "Under half the target pledged when the public appeal opens",
    ),
    "shop": Hazard(
        "Few visitors find the shop after launch", "High", "High",
        "Gather the first buyers before launch: a mailing list, posts showing the work, a "
        "marketplace listing", "Shop owner", "Under 50 visits in the first week after launch",
    ),
    "growth": Hazard(
        "The experiments show no clear winner", "Medium", "Medium",
        "Size each experiment for the change it must detect; stop the losers at the "
        "mid-point review", "Goal owner", "Half the experiments inconclusive at mid-point",
    ),
    "writing": Hazard(
        "The draft stalls in the middle", "High", "High",
        "A daily word target; mark the gaps and write on rather than stop to fix them",
        "Writer", "Two weeks under half the weekly word target",
    ),
    "renovation": Hazard(
        "Hidden problems found at the strip-out raise the cost", "Medium", "High",
        "Hold 10–15% as contingency; agree how extras are priced before work starts",
        "Homeowner", "The builder's first request for extra work",
    ),
    "community": Hazard(
        "Too few volunteers keep turning up after the first weeks", "High", "High",
        "A rota with two names on every slot; a short thank-you and a look at the rota "
        "each month", "Volunteer coordinator", "A slot with no one on the rota two weeks ahead",
    ),
    "debt": Hazard(
        "An emergency or new spending adds to what is owed", "Medium", "High",
        "Keep a small emergency fund before paying extra; spend only money already in the"
        " account",
        "You", "What is owed goes up in any month",
    ),
    "personal": Hazard(
        "Everyday life crowds out the steps", "High", "Medium",
        "Put each step in the calendar as an appointment; a weekly 15-minute look at the "
        "plan", "You", "Two weekly looks at the plan missed in a row",
    ),
}  # fmt: skip
