"""What a family's plan can look forward to: what usually works in its favour (the SWOT's
opportunities, where the goal names no upside of its own) and what it could also have
without moving the schedule (MoSCoW's Could haves). Suggestions to check, never facts
about the goal; none is offered that names what the plan rules out, and a family without
any here falls back to the goal's own terms."""

from __future__ import annotations

import re

from planloop.planners.offline.families.admissions import (
    ADMISSIONS_EXTRAS,
    ADMISSIONS_OPPORTUNITIES,
    applies_to_study,
)
from planloop.planners.offline.families.camping import (
    CAMP_EXTRAS,
    CAMP_OPPORTUNITIES,
    WILD_OPPORTUNITIES,
    camps,
    camps_wild,
)
from planloop.planners.offline.families.care import (
    CARE_EXTRAS,
    CARE_HOME_EXTRAS,
    CARE_OPPORTUNITIES,
    moves_into_a_home,
)
from planloop.planners.offline.families.clubs import CLUB_EXTRAS, club_opportunities, runs_a_club
from planloop.planners.offline.families.decorating import redecorates
from planloop.planners.offline.families.deliveries import LOCAL_OPPORTUNITIES, delivers_locally
from planloop.planners.offline.families.grants import writes_a_grant
from planloop.planners.offline.families.instruments import EXTRAS as MUSIC_EXTRAS
from planloop.planners.offline.families.instruments import OPPORTUNITIES as MUSIC_OPPORTUNITIES
from planloop.planners.offline.families.instruments import in_their_words, plays_music
from planloop.planners.offline.families.lines import base, excluded_words
from planloop.planners.offline.families.loans import (
    LOAN_EXTRAS,
    LOAN_OPPORTUNITIES,
    applies_for_a_loan,
)
from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.parties import at_home, eats_out
from planloop.planners.offline.families.picturebooks import (
    PICTURE_EXTRAS,
    PICTURE_OPPORTUNITIES,
    is_picture_book,
)
from planloop.planners.offline.families.practice import OPPORTUNITIES as PRACTICE_OPPORTUNITIES
from planloop.planners.offline.families.practice import sits_exam
from planloop.planners.offline.families.quizzes import QUIZ_EXTRAS, QUIZ_OPPORTUNITIES, runs_a_quiz
from planloop.planners.offline.families.services import (
    SERVICE_EXTRAS,
    SERVICE_OPPORTUNITIES,
    runs_a_service,
)
from planloop.planners.offline.families.shows import writes_a_newsletter
from planloop.planners.offline.families.swims import swims
from planloop.planners.offline.families.switches import (
    LEDGER_EXTRAS,
    LEDGER_OPPORTUNITIES,
    moves_the_books,
)
from planloop.planners.offline.families.tournaments import (
    TOURNAMENT_EXTRAS,
    TOURNAMENT_OPPORTUNITIES,
    runs_a_tournament,
)
from planloop.planners.offline.families.triathlons import is_triathlon
from planloop.planners.offline.families.volunteers import (
    VOLUNTEER_EXTRAS,
    VOLUNTEER_OPPORTUNITIES,
    recruits_volunteers,
)
from planloop.planners.offline.families.youth import (
    YOUTH_EXTRAS,
    for_children,
    youth_opportunities,
)


def allowed(out: Outline, items: tuple[str, ...]) -> list[str]:
    """``items`` less any that names what the plan rules out ("no sponsors")."""
    banned = {
        w for c in out.cs.exclusions if c.scope != "budget" for w in excluded_words(c, out.goal)
    }
    return [
        item
        for item in items
        if not {base(w) for w in re.findall(r"[a-z]+", item.lower())} & banned
    ]


def opportunities_for(family: str, goal: str) -> tuple[str, ...]:
    """What usually works in a family's favour; a skill learned for its own use has no
    past papers (practice.py)."""
    if recruits_volunteers(family, goal):
        return VOLUNTEER_OPPORTUNITIES
    if delivers_locally(family, goal):
        return LOCAL_OPPORTUNITIES
    if family == "study" and not sits_exam(goal):
        if plays_music(goal):
            return tuple(in_their_words(o, goal) for o in MUSIC_OPPORTUNITIES)
        return PRACTICE_OPPORTUNITIES
    if family == "fundraising" and applies_for_a_loan(goal):
        return LOAN_OPPORTUNITIES
    if family == "fundraising" and writes_a_grant(goal):
        return GRANT_OPPORTUNITIES
    if family == "race" and rides(goal):
        return RIDE_OPPORTUNITIES
    if family == "party" and eats_out(goal) and not at_home(goal):  # not "made at home"
        return ("A set menu or a private room priced for the group", "The restaurant's own cake")
    if family == "training" and swims(goal):
        return ("Adult swimming lessons at the local pool", "Quiet lane-swim times early or late")
    if family == "training" and is_triathlon(goal):
        return (
            "A triathlon club's coached swims and group rides",
            "Open-water swims before the race",
        )
    if family == "writing" and is_picture_book(goal):
        return PICTURE_OPPORTUNITIES
    if family == "venue" and runs_a_service(goal):
        return SERVICE_OPPORTUNITIES
    if family == "community" and for_children(goal):
        return youth_opportunities(goal)
    if family == "community" and runs_a_club(goal):
        return club_opportunities(goal)
    if family == "trip" and camps(goal):
        return WILD_OPPORTUNITIES if camps_wild(goal) else CAMP_OPPORTUNITIES
    if family == "renovation" and redecorates(goal):  # no builder's busy season
        return (
            "Paint, curtains and furniture in the sales",
            "Friends or family with a free weekend and a ladder",
        )
    if family == "event" and runs_a_quiz(goal):  # a trial's: a photo booth, vendors' dates
        return QUIZ_OPPORTUNITIES
    if runs_a_tournament(family, goal):  # no speakers or sponsors of talks
        return TOURNAMENT_OPPORTUNITIES
    if applies_to_study(family, goal):  # nothing second-hand to buy
        return ADMISSIONS_OPPORTUNITIES
    if family == "switch" and moves_the_books(goal):
        return LEDGER_OPPORTUNITIES
    if family == "show" and writes_a_newsletter(goal):
        return (
            "Members and neighbours who want news they can use",
            "Local businesses glad to sponsor an issue",
        )
    return OPPORTUNITIES.get(family, ())


def extras_for(family: str, goal: str) -> tuple[str, ...]:
    """What a plan could add; one grant application has no donors to thank."""
    if family == "renovation" and redecorates(goal):
        return ("A lamp or a dimmer for softer light", "Hooks or a pinboard for what is on show")
    if family == "care" and moves_into_a_home(goal):  # no carers' visits at home to log
        return CARE_HOME_EXTRAS
    if family == "writing" and is_picture_book(goal):
        return PICTURE_EXTRAS
    if family == "venue" and runs_a_service(goal):
        return SERVICE_EXTRAS
    if family == "community" and for_children(goal):
        return YOUTH_EXTRAS
    if family == "community" and runs_a_club(goal):
        return CLUB_EXTRAS
    if recruits_volunteers(family, goal):
        return VOLUNTEER_EXTRAS
    if family == "trip" and camps(goal):
        return CAMP_EXTRAS
    if family == "training" and swims(goal):
        return ("A swim in open water once the distance is done", "A tumble turn")
    if family == "training" and is_triathlon(goal):
        return ("A bike fit", "A transition rehearsal with the kit laid out as on the day")
    if family == "event" and runs_a_quiz(goal):
        return QUIZ_EXTRAS
    if runs_a_tournament(family, goal):
        return TOURNAMENT_EXTRAS
    if applies_to_study(family, goal):
        return ADMISSIONS_EXTRAS
    if family == "party" and eats_out(goal) and not at_home(goal):  # no corner to set up
        return (
            "A photograph of everyone at the table, printed as a keepsake",
            "A few words recorded by those who could not come",
        )
    if family == "study" and plays_music(goal) and not sits_exam(goal):
        return tuple(in_their_words(x, goal) for x in MUSIC_EXTRAS)
    if family == "fundraising" and applies_for_a_loan(goal):
        return LOAN_EXTRAS
    if family == "fundraising" and writes_a_grant(goal):
        return ("A short video of the project for the funder", "A plan B funder to send it to")
    if family == "switch" and moves_the_books(goal):
        return LEDGER_EXTRAS
    if family == "show" and writes_a_newsletter(goal):
        return ("An archive of past issues on the website", "A reader survey after issue three")
    if family == "race" and rides(goal):  # found by a new user's trial: "a children's fun run"
        return ("A shorter family ride on the same day", "Finisher photographs for every rider")
    return EXTRAS.get(family, ())


_RIDE = re.compile(r"\b(?:cycl\w*|bike|bikes|biking|sportive|riders?|ride)\b", re.I)


def rides(goal: str) -> bool:
    """A race or ride on bikes: riders and cycling clubs, not runners."""
    return _RIDE.search(goal) is not None


RIDE_OPPORTUNITIES = (
    "Local cycling clubs and the charity's supporters as riders",
    "Sponsors who pay for the riders' jerseys in return for their name on them",
)


GRANT_OPPORTUNITIES = (
    "The funder's own officers, who answer questions before a bid",
    "Partners who can show the need with numbers and letters",
)


OPPORTUNITIES: dict[str, tuple[str, ...]] = {
    "care": CARE_OPPORTUNITIES,
    "debt": (
        "A lower rate: a 0% balance transfer for a card (check its fee and the rate after),"
        " a cheaper loan for the rest",
        "Free, independent debt advice from a charity, if the payments do not fit",
    ),
    "venue": (
        "Local press and neighbours for the opening week",
        "A soft opening that turns invited guests into regulars",
    ),
    "party": (
        "Family, friends and neighbours glad to help on the day",
        "Food and decorations made together at home",
    ),
    "event": (
        "Vendors' off-peak dates and package prices",
        "Guests' own skills: music, photographs, decorating",
    ),
    "festival": (
        "Local bands and traders who want a stage and a pitch",
        "Sponsors who want to reach the crowd",
    ),
    "talk": (
        "Colleagues who will listen to a rehearsal",
        "The organisers' guidance for speakers and a tech check",
    ),
    "sale": (
        "Neighbours, parents and regulars glad to give, bake or help",
        "Local shops giving goods or a prize for a raffle",
    ),
    "concert": (
        "Performers' families and friends, the first to buy tickets",
        "Local papers, radio and schools glad to announce a first concert",
    ),
    "show": (
        "Guests with listeners of their own who share their episode",
        "Communities around the topic glad of a new show",
    ),
    "fair": (
        "Families and neighbours glad to run a stall or an hour of one",
        "Local businesses giving raffle prizes for a mention on the posters",
    ),
    "hiring": (
        "Referrals from the team, who know the work and the people",
        "Candidates from companies cutting back in the same field",
    ),
    "market": (
        "Local producers looking for a regular outlet",
        "The council's support for town-centre events",
    ),
    "retreat": (
        "Off-season rates at the venue",
        "A local guide or facilitator who knows the area",
    ),
    "trip": (
        "Booking early for the best fares and rooms",
        "Free days at museums, walks and markets",
    ),
    "gathering": (
        "Sponsors who want to reach this audience",
        "Volunteers from the community the event serves",
    ),
    "race": (
        "Local running clubs and the charity's supporters as entrants",
        "Sponsors who pay for the race kit in return for their name on it",
    ),
    "move": (
        # a day the goal leaves open: "outside the summer peak" read against "by the end
        # of August" (found as a user), and says nothing of a move in March
        "A mid-week, mid-month moving day, when removals cost less",
        "Relocation help from an employer",
    ),
    "migration": (
        "Retiring unused data and code on the way",
        "Replaying real traffic against the new system before the switch",
    ),
    "software": (
        "Early users who will give feedback before the release",
        "Existing components and services to build on",
    ),
    "training": (
        "A running club or partner for the long runs",
        "Local races as milestones on the way",
    ),
    "fitness": (
        "A friend to train with",
        "Free options close to home: parks, walking, home workouts",
    ),
    "study": (
        "A study group and past papers",
        "Someone who has passed it, to ask",
    ),
    "driving": (
        "Practice with a qualified driver between lessons",
        "Cancellation slots for an earlier test date",
    ),
    "job": (
        "Referrals from former colleagues",
        "Recruiters who specialise in the field",
    ),
    "fundraising": (
        "Matched giving from supporters' employers",
        "Tax relief on donations (Gift Aid in the UK)",
    ),
    "shop": (
        "Marketplaces where buyers already look for this kind of product",
        "Local shops and markets that stock makers' work",
    ),
    "growth": (
        "The channels that already bring users in",
        "Customers who would refer a friend",
    ),
    "writing": (
        "Beta readers and a writing group",
        "Readers who would pre-order before publication",
    ),
    "renovation": (
        "Quotes outside the builders' busy season",
        "Keeping what works: the layout, the pipes, sound units",
    ),
    # found by a new user's trial: a first flat's SWOT had "Momentum around “bristol”"
    "home": (
        "Homes long on the market, whose sellers will negotiate",
        "First-time buyer help: a Lifetime ISA's bonus, stamp duty relief, shared ownership",
    ),
    "community": (
        "Neighbours with the skills and the things to lend",
        "Local groups and councils with small grants for community projects",
    ),
    "switch": (
        "The vendor's free migration help and trial licences",
        "People on the team who already use the new tool",
    ),
    "personal": (
        "Friends and family who have done it before, to ask",
        "Second-hand, borrowed and off-season options for what must be bought",
    ),
}

EXTRAS: dict[str, tuple[str, ...]] = {
    "care": CARE_EXTRAS,
    "venue": ("A loyalty card from the first day", "A launch-day offer for neighbours"),
    "party": ("A photo corner with props", "Thank-you notes after the party"),
    "event": ("A photo booth", "A shared album of the guests' photographs"),
    "market": ("Live music on market days", "A free pitch for a local charity"),
    "sale": ("A raffle alongside the sale", "A tea and cake corner for the helpers"),
    "fair": ("Face painting or a dog show", "A thank-you note to every helper and donor"),
    "concert": ("A raffle in the interval", "A recording for the performers' families"),
    "show": ("A newsletter with each episode's notes", "Short clips of each episode to share"),
    "festival": ("A family area with activities", "Recorded sets shared after the festival"),
    "talk": ("A blog post of the talk", "A recording shared afterwards"),
    "hiring": ("A hiring page with the team's own words", "An onboarding buddy for each hire"),
    "retreat": ("An evening activity away from the venue", "A shared photo album"),
    "trip": ("A day trip out of the city", "A photo book of the trip"),
    "gathering": ("Recorded talks shared afterwards", "A follow-up session a month later"),
    "race": ("A children's fun run before the main race", "Finisher photographs for every runner"),
    "move": ("A visit to the new city before moving day", "A farewell gathering for friends"),
    "migration": (
        "A dashboard comparing the old and the new side by side",
        "Old data formats cleaned up on the way",
    ),
    "software": ("Usage analytics from the first day", "A public changelog"),
    "training": ("A smaller race on the way", "A gait check at a running shop"),
    "fitness": ("A monthly progress photograph", "A new sport to try"),
    "study": ("Flashcards for the hardest topics", "A study partner for the mock tests"),
    "driving": ("A motorway lesson after passing", "Extra practice driving at night"),
    "job": ("A portfolio piece for the target role", "Conversations with people in the role"),
    "fundraising": ("A thank-you event for donors", "A plaque naming the donors"),
    "shop": ("Gift wrapping at checkout", "A launch discount for the mailing list"),
    "growth": ("A referral programme", "Case studies from happy customers"),
    "writing": ("A newsletter for early readers", "An audiobook edition"),
    "renovation": ("Smart heating controls", "Better lighting while the walls are open"),
    "home": ("Contents insurance from completion day", "A list of first fixes for the first month"),
    "community": ("A newsletter for members", "A yearly get-together for the volunteers"),
    "switch": ("A help channel for the first month", "A short video tour of the new tool"),
    "personal": ("A checklist to reuse next time", "A small treat when it is done"),
    "debt": (
        "Any money that comes in (a refund, a bonus, a sale) paid straight off the debt",
        "A budget app or a spreadsheet that shows where each month's money goes",
    ),
}
