"""The goal families the offline planner knows, as data: what each plan's phases, owners,
budget lines and default horizon are (their shape is family.py's; those that count down
to a day are occasions.py's). Which family a goal belongs to is choice.py's; the
structure tables are tables.py's and countdowns.py's."""

from __future__ import annotations

from planloop.planners.offline.families.clubs import CLUB_FINISH, runs_a_club
from planloop.planners.offline.families.concerts import CONCERT
from planloop.planners.offline.families.decorating import redecorates
from planloop.planners.offline.families.drafts import draft_only, hands_in
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.family import phase as _p
from planloop.planners.offline.families.grants import writes_a_grant
from planloop.planners.offline.families.loans import applies_for_a_loan
from planloop.planners.offline.families.occasions import OCCASIONS
from planloop.planners.offline.families.plain import GENERAL, PERSONAL_PROJECT
from planloop.planners.offline.families.practice import FINISH as PRACTICE_FINISH
from planloop.planners.offline.families.practice import sits_exam
from planloop.planners.offline.families.shows import SHOW
from planloop.planners.offline.families.swims import swims
from planloop.planners.offline.families.switches import SWITCH
from planloop.planners.offline.families.volunteers import VOLUNTEER_FINISH, recruits_volunteers

_WORK: tuple[Family, ...] = (
    Family(
        "venue", "Opening a venue or business",
        ("open", "opening", "bakery", "cafe", "café", "restaurant", "shop", "store", "bar",
         "studio", "salon", "clinic", "gym", "business", "premises", "boutique"),
        182, "Owner", "Opening team",
        (
            _p("Business registered; permits and licences applied for", 0.15, "Owner",
               "permit permits licence license legal registration"),
            _p("Premises signed and fit-out started", 0.35, "Owner", "premises lease fit-out"),
            _p("Suppliers contracted and first stock ordered", 0.55, "Operations lead",
               "supply supplier suppliers stock"),
            _p("Staff hired and trained", 0.75, "Operations lead", "staff hiring training"),
            _p("Soft opening with invited guests", 0.9, "Owner", "opening launch"),
            _p("Public opening", 1.0, "Owner", "opening launch"),
        ),
        (("Premises: deposit, rent and fit-out", 0.40, "month"), ("Equipment", 0.20, ""),
         ("Permits, licences and fees", 0.05, ""), ("First stock and supplies", 0.10, ""),
         ("Staff before opening", 0.10, ""), ("Launch marketing", 0.05, "")),
        "Opening workstreams",
    ),
    Family(
        "migration", "A software migration",
        ("migrate", "migration", "monolith", "microservices", "services", "database",
         "cutover", "legacy", "replatform", "upgrade", "kubernetes", "cloud", "module", "servers",
         "postgresql", "mysql", "refactor"),
        182, "Tech lead", "Engineering team",
        (
            _p("Inventory, dependencies and rollback plan agreed", 0.1, "Tech lead",
               "inventory architecture rollback"),
            _p("Wave 1 migrated behind a switch", 0.35, "Engineering team", "wave"),
            _p("Wave 2 migrated; rollback rehearsed", 0.6, "Engineering team", "rollback"),
            _p("Remaining waves migrated", 0.8, "Engineering team", "wave"),
            _p("Cutover; old path kept for rollback", 0.92, "Tech lead", "cutover"),
            _p("Old system decommissioned", 1.0, "Tech lead", "decommission"),
        ),
        (("Engineering time", 0.60, ""), ("Infrastructure (run both during the move)", 0.20,
          "month"), ("Testing and tooling", 0.10, "")),
        "Migration waves",
    ),
    Family(
        "software", "A software delivery",
        ("build", "mvp", "app", "develop", "feature", "release", "ship", "software", "website",
         "platform", "api", "prototype", "product", "saas", "mobile", "deploy", "system"),
        91, "Product lead", "Engineering team",
        (
            _p("Scope, design and release plan agreed", 0.1, "Product lead", "scope design"),
            _p("First increment demoed", 0.35, "Engineering team", "increment demo"),
            _p("Feature complete; testing begins", 0.7, "Engineering team", "feature testing"),
            _p("Beta with real users; fixes", 0.85, "Product lead", "beta users"),
            _p("Release; rollback plan ready", 1.0, "Product lead", "release rollback"),
        ),
        (("Engineering time", 0.70, ""), ("Hosting and services", 0.10, "month"),
         ("Design and testing", 0.10, "")),
        "Release increments",
    ),
    Family(
        "training", "A training or fitness schedule",
        ("marathon", "run", "running", "race", "triathlon", "training", "km",
         "half-marathon", "cycling", "swim", "10k", "5k", "ultra", "jog", "jogging"),
        84, "Athlete", "Athlete and coach",
        (
            _p("Base weeks done; long run baseline set", 0.25, "Athlete", "base"),
            _p("Build phase: peak long run done", 0.75, "Athlete", "build peak"),
            _p("Taper begun", 0.85, "Athlete", "taper"),
            _p("Race day", 1.0, "Athlete", "race"),
        ),
        (("Shoes and kit", 0.35, ""), ("Race entry and travel", 0.35, ""),
         ("Coaching or physio", 0.20, "")),
        "Week-by-week training schedule",
    ),
    Family(
        "fitness", "A fitness or weight goal",
        ("lose", "weight", "kg", "kilos", "pounds", "lbs", "fitter", "fitness", "strength",
         "gym", "workout", "fat", "muscle", "healthier", "hike", "trek"),
        84, "You", "Coach or trainer",
        (
            _p("Baseline measured; food and activity log started", 0.1, "You", "baseline"),
            _p("Habits set: every planned session kept for four weeks", 0.4, "You", "habits"),
            _p("Halfway check-in: measured, plan adjusted", 0.6, "You", "check-in"),
            _p("Target reached; a plan to keep it", 1.0, "You", "target"),
        ),
        (("Gym or classes", 0.45, "month"), ("Shoes and kit", 0.20, ""),
         ("Coaching or nutrition advice", 0.35, "")),
        "Week-by-week plan",
    ),
    Family(
        "study", "A learning or study schedule",
        ("learn", "study", "exam", "course", "language", "certification", "degree", "revise",
         "revision", "skill", "read", "spanish", "french", "german", "python", "thesis",
         # an exam by its name (found as a user: "Pass my maths GCSE" was a personal project)
         "gcse", "gcses", "ielts", "toefl", "dele", "jlpt"),
        84, "Learner", "Learner",
        (
            _p("Materials chosen and level tested", 0.1, "Learner", "materials"),
            _p("First half of the material covered; review 1", 0.45, "Learner", "review"),
            _p("All material covered; review 2", 0.8, "Learner", "review"),
            _p("Mock exam or practice test", 0.92, "Learner", "mock exam"),
            _p("Exam or goal date", 1.0, "Learner", "exam"),
        ),
        (("Course and books", 0.50, ""), ("Tutor sessions", 0.30, "session"),
         ("Exam fee", 0.10, "")),
        "Week-by-week study schedule",
    ),
    Family(
        "job", "A job search",
        # the seeker's side ("hire 3 engineers" names none of these)
        ("job", "jobs", "career", "hired", "cv", "resume", "recruiters", "employer"),
        84, "Job seeker", "Job seeker",
        (
            _p("Target roles, salary range and search plan set", 0.1, "Job seeker", "target"),
            _p("CV, LinkedIn and portfolio updated", 0.25, "Job seeker",
               "cv resume linkedin portfolio"),
            _p("Applications going out every week; referrals asked for", 0.5, "Job seeker",
               "applications referrals network"),
            _p("First interviews done; stories and answers practised", 0.7, "Job seeker",
               "interviews practice"),
            _p("Final rounds and references", 0.9, "Job seeker", "references"),
            _p("Offer accepted; start date agreed", 1.0, "Job seeker", "offer"),
        ),
        (("Courses or certifications", 0.45, ""), ("CV or career coaching", 0.30, ""),
         ("Travel to interviews", 0.15, "")),
        "Job search countdown",
    ),
    Family(
        "hiring", "A hiring plan",
        # the organisation's side; "hire 3 engineers" counts through choice.py's _HIRE
        ("recruitment", "recruiting", "headcount", "vacancies", "vacancy", "hiring-plan"),
        120, "Hiring manager", "Hiring panel",
        (
            _p("Roles, levels and salary bands agreed; budget signed off", 0.1,
               "Hiring manager", "roles salary levels"),
            _p("Job ads live; recruiters briefed; referrals asked for", 0.2, "Hiring manager",
               "ads recruiters referrals"),
            _p("A shortlist for every role", 0.4, "Hiring panel", "shortlist screening"),
            _p("Interviews and work samples done against one scorecard", 0.6, "Hiring panel",
               "interviews scorecard"),
            _p("Offers accepted; references checked; start dates agreed", 0.8,
               "Hiring manager", "offers references"),
            _p("Every hire started; first-week plans run", 1.0, "Hiring manager",
               "onboarding"),
        ),
        (("Recruiter or agency fees", 0.45, "hire"), ("Job ads and job boards", 0.15, ""),
         ("Interview travel and expenses", 0.10, ""),
         ("Equipment and onboarding", 0.20, "hire")),
        "Hiring timeline",
    ),
    Family(
        "fundraising", "A fundraising target",
        # "raise £20,000" counts too (choice.py); a fundraiser *event* is the event family's
        ("fundraise", "fundraising", "donations", "donors", "donate", "crowdfunding",
         "crowdfund", "appeal", "grants"),
        182, "Campaign lead", "Volunteers",
        (
            _p("Target, deadline and the case for giving agreed", 0.1, "Campaign lead",
               "target case story"),
            _p("Supporter list built; first gifts asked of those closest", 0.25,
               "Campaign lead", "gifts supporters donors"),
            _p("Grant applications sent; sponsors approached", 0.45, "Campaign lead",
               "grants grant sponsors sponsorship"),
            _p("Public appeal live; half the target pledged", 0.6, "Campaign lead",
               "online appeal page"),
            _p("Matched giving claimed; every pledge followed up", 0.85, "Volunteers",
               "events matched pledges"),
            _p("Target reached; every donor thanked and told the result", 1.0,
               "Campaign lead", "thanks"),
        ),
        (("Events: hire, food and prizes", 0.45, ""), ("Printing and promotion", 0.25, ""),
         ("Online giving platform fees", 0.15, ""), ("Thank-yous", 0.05, "")),
        "Where the money comes from",
    ),
    Family(
        "shop", "An online shop",
        # "an online shop" counts too (choice.py), and then the venue's "shop" does not
        ("e-commerce", "ecommerce", "etsy", "shopify", "webshop", "woocommerce", "dropshipping"),
        91, "Shop owner", "Shop owner",
        (
            _p("Products, prices and costs set; platform chosen", 0.15, "Shop owner",
               "products prices pricing platform"),
            _p("Shop built: payments, shipping rates and policies tested", 0.35, "Shop owner",
               "website site build payments shipping policies shopify etsy"),
            _p("Products photographed and listed", 0.55, "Shop owner",
               "photography photographs photos listings"),
            _p("Soft launch: first orders packed and shipped", 0.8, "Shop owner",
               "orders packaging shipping"),
            _p("Public launch and first marketing push", 1.0, "Shop owner", "launch marketing"),
        ),
        (("Shop platform and apps", 0.15, "month"), ("Product photography", 0.20, ""),
         ("Packaging and shipping supplies", 0.20, ""), ("Marketing", 0.20, "month"),
         ("Stock and materials", 0.15, "")),
        "Shop launch steps",
    ),
    Family(
        "growth", "A launch or growth target",
        ("grow", "growth", "churn", "retention", "revenue", "signups", "users", "customers",
         "launch", "conversion", "subscribers", "mrr", "arr", "sales", "marketing", "leads",
         "downloads", "listeners", "viewers"),
        91, "Goal owner", "Growth team",
        (
            _p("Baseline measured and funnel mapped", 0.1, "Goal owner", "baseline"),
            _p("First experiments live", 0.3, "Growth team", "experiments onboarding"),
            _p("Mid-point review: keep, kill or scale each experiment", 0.55, "Goal owner",
               "review"),
            _p("Winning changes rolled out to everyone", 0.8, "Growth team", "rollout"),
            _p("Target measured and reviewed", 1.0, "Goal owner", "target"),
        ),
        (("People's time", 0.50, ""), ("Marketing and acquisition", 0.30, "month"),
         ("Tools and data", 0.10, "")),
        "Experiments and measures",
    ),
    Family(
        "writing", "A book or writing project",
        ("novel", "book", "memoir", "manuscript", "self-publish", "publish", "publishing",
         "writing", "write", "chapters", "ebook", "poetry", "dissertation"),
        182, "Writer", "Writer",
        (
            _p("Outline and a writing routine set", 0.08, "Writer", "outline"),
            _p("Half the first draft written", 0.3, "Writer", "draft"),
            _p("First draft finished", 0.6, "Writer", "draft"),
            _p("Revised; second draft to readers", 0.75, "Writer", "revision readers"),
            _p("Edited and proofread; cover and layout done", 0.92, "Writer",
               "editor editing proofreading cover designer"),
            _p("Published", 1.0, "Writer", "publishing"),
        ),
        (("Editing and proofreading", 0.45, ""), ("Cover design", 0.20, ""),
         ("Layout, ISBN and printing proofs", 0.10, ""), ("Launch and marketing", 0.15, "")),
        "Writing schedule",
    ),
    # A service a neighbourhood sets up and volunteers run: a tool library, a community
    # garden, a food bank, a repair café in the village hall (found as a user: a tool
    # library got "First delivery" by a "Delivery team", and most of its money as
    # "Delivery work" rather than tools).
    Family(
        "community", "A community project run by volunteers",
        ("community", "library", "volunteers", "foodbank", "allotments", "church", "parish"),
        120, "Organiser", "Volunteers",
        (
            _p("Organisers, purpose and place agreed; the space's owner on board", 0.1,
               "Organiser", "place space hall owner agreement purpose"),
            _p("Volunteers recruited; roles and a rota set", 0.3, "Volunteer coordinator",
               "volunteers rota roles"),
            _p("Insurance, safety checks and rules in place", 0.45, "Organiser",
               "insurance safety rules policy"),
            _p("Equipment and supplies gathered: donations first, then purchases", 0.65,
               "Volunteer coordinator", "equipment donations supplies tools stock"),
            _p("Publicity out; sign-ups open", 0.85, "Organiser", "publicity signups leaflets"),
            _p("Opening day", 1.0, "Organiser", "opening launch"),
        ),
        (("Equipment and supplies", 0.35, ""), ("Insurance", 0.15, ""),
         ("Storage, fittings and signs", 0.15, ""), ("Publicity and the opening day", 0.10,
         ""), ("Safety checks and first aid", 0.05, "")),
        "Set-up plan",
    ),
    Family(
        "renovation", "A home renovation",
        ("renovate", "renovation", "refurbish", "refurbishment", "remodel", "kitchen",
         "bathroom", "loft", "redecorate", "rewire", "flooring", "builder", "builders"),
        120, "Homeowner", "Builder",
        (
            _p("Design agreed; three written quotes in", 0.15, "Homeowner", "design quotes"),
            _p("Builder booked; units, fittings and appliances ordered", 0.3, "Homeowner",
               "builder order units fittings appliances"),
            _p("Strip-out done; plumbing and electrics first fix", 0.5, "Builder",
               "plumbing electrics electrician plumber"),
            _p("Units, worktops and fittings installed", 0.75, "Builder", "units fitting"),
            _p("Finishes and decorating done; second fix", 0.9, "Builder",
               "tiling flooring decorating"),
            _p("Snagging list cleared; final payment made", 1.0, "Homeowner", "snagging"),
        ),
        (("Builder and labour", 0.35, ""), ("Units, worktops and fittings", 0.25, ""),
         ("Appliances", 0.10, ""), ("Plumbing and electrics", 0.10, ""),
         ("Tiles, flooring and paint", 0.05, "")),
        "Works sequence",
    ),
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (
    *_WORK,
    *OCCASIONS,
    SHOW,
    CONCERT,
    SWITCH,
    PERSONAL_PROJECT,
    GENERAL,
)

# The families whose goal one person works at (a learner, an athlete, a writer): the person
# is the team.
SOLO = frozenset({"study", "training", "fitness", "writing", "job", "personal", "talk", "driving"})
# The plans whose success is done or not: a test passed, an offer accepted, keys in hand
# (found as a user: a driving plan asked "Which number will show that … succeeded?")
DONE_OR_NOT = frozenset({"driving", "job", "home", "move", "accounts"})

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
    if recruits_volunteers(family, goal):  # no offers, no first-week plan
        return VOLUNTEER_FINISH
    if family == "fundraising" and applies_for_a_loan(goal):
        return ("Apply and follow up", "apply, answer the lender's questions, plan for either")
    if family == "fundraising" and writes_a_grant(goal):  # one application, no donors
        return (
            "Submit and follow up",
            "submit it, answer the funder's questions, plan for either answer",
        )
    return FINISH.get(family) or OPENING.get(
        family, ("Launch and hand over", "go live, train the people who run it")
    )


# Goals whose money is the person's own: no finance holder to review it monthly.
PERSONAL = frozenset({
    "party", "trip", "move", "job", "driving", "home", "training", "fitness", "study",
    "renovation", "writing", "personal",
})  # fmt: skip
