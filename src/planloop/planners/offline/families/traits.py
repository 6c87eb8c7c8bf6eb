"""What each family's plan is like beyond its phases: whether one person is its team,
whether it is done or not, how it finishes, whose money it spends (kinds.py has the
families themselves)."""

from __future__ import annotations

from planloop.planners.offline.families.care import moves_into_a_home
from planloop.planners.offline.families.clubs import CLUB_FINISH, runs_a_club
from planloop.planners.offline.families.decorating import redecorates
from planloop.planners.offline.families.drafts import draft_only, hands_in
from planloop.planners.offline.families.grants import writes_a_grant
from planloop.planners.offline.families.loans import applies_for_a_loan
from planloop.planners.offline.families.practice import FINISH as PRACTICE_FINISH
from planloop.planners.offline.families.practice import sits_exam
from planloop.planners.offline.families.services import runs_a_service
from planloop.planners.offline.families.single_hire import hires_one
from planloop.planners.offline.families.swims import swims
from planloop.planners.offline.families.volunteers import VOLUNTEER_FINISH, recruits_volunteers

# The families whose goal one person works at (a learner, an athlete, a writer): the person
# is the team.
SOLO = frozenset(
    {
        "study",
        "training",
        "fitness",
        "writing",
        "job",
        "personal",
        "talk",
        "driving",
        "debt",
        "care",
    }
)
# The plans whose success is done or not: a test passed, an offer accepted, keys in hand
# (found as a user: a driving plan asked "Which number will show that … succeeded?")
DONE_OR_NOT = frozenset({"driving", "job", "home", "move", "accounts", "debt", "course", "care"})

# The plans whose work ends in a day or in a person's own results: their counts are guests
# or kilograms, never units to deliver in waves, and nothing is launched or handed over.
FINISH = {
    **dict.fromkeys(
        (
            "event",
            "party",
            "gathering",
            "race",
            "retreat",
            "market",
            "sale",
            "fair",
            "festival",
            "concert",
        ),
        ("Hold it and wrap up", "run the day to its plan, thank the helpers, settle the bills"),
    ),
    "trip": ("Travel and come home", "keep documents and bookings at hand, settle the bills"),
    "move": ("Move and settle in", "move on the day, register at the new address, unpack"),
    "job": ("Accept and start", "negotiate the offer, give notice, plan the first weeks"),
    "hiring": ("Start and onboard", "welcome each hire with a first-week plan and a buddy"),
    "talk": ("Give the talk", "give it to the plan, then share the slides and answer questions"),
    "driving": ("Take the test", "drive the test to the plan, then keep driving weekly"),
    "home": ("Complete and move in", "collect the keys, read the meters, register the address"),
    "training": ("Race and recover", "taper, race to the plan, then recover"),
    "fitness": ("Keep the result", "turn the habits that worked into a routine"),
    "study": ("Sit the exam", "revise to the plan, sit it, note what to revisit"),
    "renovation": ("Finish and sign off", "walk round with the builder, clear the snags"),
    "writing": ("Publish", "upload the files, check the printed proof, tell your readers"),
    "personal": ("Finish and check", "check it is done as you wanted"),
    "debt": ("Stay clear", "keep the card at nothing owed each month; rebuild the emergency fund"),
    "care": ("Start the care and review it", "check the first visits; review after six weeks"),
    "cleanup": ("Hold the day and thank", "brief everyone, count the bags, thank the helpers"),
}
DAY_OR_PERSON = frozenset(FINISH)
# How the other kinds finish, where "launch and hand over" fits nobody (found as a user:
# a fundraiser, a café and an online shop were told to "train the people who run it").
OPENING = {
    "fundraising": ("Close and thank", "thank every donor, report what was raised and spent"),
    "venue": ("Open and settle in", "open the doors, ask the first customers, fix what they find"),
    "community": (
        "Open and keep it going",
        "open the doors, log what is used, review the rota and the rules after a month",
    ),
    "shop": ("Launch and learn", "open the shop, watch the first orders, fix what trips buyers"),
    "show": ("Launch and keep going", "release the first, then one on every due day"),
    "switch": ("Switch over", "move everyone on switch day, answer questions, close the old"),
    "creator": ("Launch and learn", "open sales, answer the first students, fix what confuses"),
    "class": ("Teach it and review", "run each session to its plan, ask for feedback after"),
    "fitout": ("Use it and adjust", "use the room for a month, then move what gets in the way"),
}


def finish_of(family: str, goal: str) -> tuple[str, str]:
    """How the work breakdown's last step finishes the plan: its name, and what it does."""
    if family == "training" and swims(goal):  # no race to taper for
        return "Swim it and keep it", "swim the distance, timed, then keep a swim a week"
    if family == "renovation" and redecorates(goal):  # no builder to walk round with
        return "Finish and tidy", "put the room back, touch up the marks, keep some paint"
    if family == "writing" and hands_in(goal):  # a dissertation: handed in, not published
        return "Submit", "format it to the department's rules and hand it in on time"
    if family == "writing" and draft_only(goal):  # the draft is the goal, not a book
        return "Finish the draft", "write the last chapters, back it up, rest it a week"
    if family == "study" and not sits_exam(goal):  # a skill for its own use
        return PRACTICE_FINISH
    if family == "community" and runs_a_club(goal):  # no doors to open
        return CLUB_FINISH
    if family == "venue" and runs_a_service(goal):  # no doors either (a fifth trial's)
        return (
            "Take bookings and keep clients",
            "book regular slots, invoice each job, ask for reviews",
        )
    if family == "care" and moves_into_a_home(goal):
        return "Move in and settle", "visit often in the first weeks; review after four"
    if family == "course":
        return (
            "Hold it and keep the record",
            "run the day, collect the certificates, note renewals",
        )
    if recruits_volunteers(family, goal):  # no offers, no first-week plan
        return VOLUNTEER_FINISH
    if family == "fundraising" and applies_for_a_loan(goal):
        return ("Apply and follow up", "apply, answer the lender's questions, plan for either")
    if family == "fundraising" and writes_a_grant(goal):  # one application, no donors
        return (
            "Submit and follow up",
            "submit it, answer the funder's questions, plan for either answer",
        )
    if family == "hiring" and hires_one(goal):
        return "Start and onboard", "welcome the new hire with a first-week plan and a buddy"
    return FINISH.get(family) or OPENING.get(
        family, ("Launch and hand over", "go live, train the people who run it")
    )


# Goals whose money is the person's own: no finance holder to review it monthly.
PERSONAL = frozenset({
    "party", "trip", "move", "job", "driving", "home", "training", "fitness", "study",
    "renovation", "writing", "personal", "debt", "care", "fitout", "creator",
})  # fmt: skip
