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
    CARE_HOME_EXTRAS,
    moves_into_a_home,
)
from planloop.planners.offline.families.clubs import CLUB_EXTRAS, club_opportunities, runs_a_club
from planloop.planners.offline.families.decorating import redecorates
from planloop.planners.offline.families.deliveries import LOCAL_OPPORTUNITIES, delivers_locally
from planloop.planners.offline.families.drafts import hands_in
from planloop.planners.offline.families.exclusions import base, excluded_words
from planloop.planners.offline.families.grants import writes_a_grant
from planloop.planners.offline.families.instruments import EXTRAS as MUSIC_EXTRAS
from planloop.planners.offline.families.instruments import OPPORTUNITIES as MUSIC_OPPORTUNITIES
from planloop.planners.offline.families.instruments import in_their_words, plays_music
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
    MAIL_EXTRAS,
    MAIL_OPPORTUNITIES,
    moves_mail,
    moves_the_books,
)
from planloop.planners.offline.families.tournaments import (
    TOURNAMENT_EXTRAS,
    TOURNAMENT_OPPORTUNITIES,
    runs_a_tournament,
)
from planloop.planners.offline.families.triathlons import is_triathlon
from planloop.planners.offline.families.upsides import (
    EXTRAS,
    GRANT_OPPORTUNITIES,
    OPPORTUNITIES,
    RIDE_OPPORTUNITIES,
)
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


# a day of a month said: "by 28 February 2027", "on March 3rd" (a thirteenth trial's move
# on a Sunday at a month's end was offered "a mid-week, mid-month moving day")
_A_DAY = re.compile(
    r"\b[0-3]?[0-9](?:st|nd|rd|th)?\s(?:of\s)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s[0-3]?[0-9](?:st|nd|rd|th)?\b",
    re.I,
)


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
    if family == "move" and _A_DAY.search(goal):  # the day is fixed: no mid-week one to pick
        return ("Removals booked early for the day, while they have space", "Relocation help"
                " from an employer")  # fmt: skip
    if family == "party" and eats_out(goal) and not at_home(goal):  # not "made at home"
        return ("A set menu or a private room priced for the group", "The restaurant's own cake")
    if family == "writing" and hands_in(goal):  # no readers to pre-order (a trial's)
        return (
            "The supervisor's office hours and the department's writing workshops",
            "The subject librarian, and inter-library loans for what the library lacks",
        )
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
    if family == "switch" and moves_mail(goal):
        return MAIL_OPPORTUNITIES
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
    if family == "writing" and hands_in(goal):  # no audiobook edition (a trial's)
        return (
            "A one-page summary of the findings for those who took part",
            "A poster or a short talk at the department's seminar",
        )
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
    if family == "switch" and moves_mail(goal):
        return MAIL_EXTRAS
    if family == "show" and writes_a_newsletter(goal):
        return ("An archive of past issues on the website", "A reader survey after issue three")
    if family == "race" and rides(goal):  # found by a new user's trial: "a children's fun run"
        return ("A shorter family ride on the same day", "Finisher photographs for every rider")
    return EXTRAS.get(family, ())


_RIDE = re.compile(r"\b(?:cycl\w*|bike|bikes|biking|sportive|riders?|ride)\b", re.I)


def rides(goal: str) -> bool:
    """A race or ride on bikes: riders and cycling clubs, not runners."""
    return _RIDE.search(goal) is not None
