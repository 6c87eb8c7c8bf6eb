"""The goal families the offline planner knows, as data: what each plan's phases, owners,
budget lines and default horizon are. Which family a goal belongs to is choice.py's; the
structure tables are tables.py's and countdowns.py's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    title: str
    share: float  # of the way from start to deadline, 0 < share <= 1
    owner: str  # the role that owns it unless a named person does
    topics: tuple[str, ...] = ()  # words that hand it to a person whose role names them


@dataclass(frozen=True)
class Family:
    id: str
    title: str
    keywords: tuple[str, ...]
    default_days: int
    lead: str  # who leads when nobody is named
    team: str  # who does the work when nobody is named
    phases: tuple[Phase, ...]
    lines: tuple[tuple[str, float, str], ...]  # budget line, share, unit a cap may name
    structure: str  # the title of its structure section


def _p(title: str, share: float, owner: str, topics: str = "") -> Phase:
    return Phase(title, share, owner, tuple(topics.split()))


FAMILIES: tuple[Family, ...] = (
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
        "party", "A party at home or a small celebration",
        ("party", "birthday", "kids", "children", "child", "friends", "housewarming",
         "sleepover", "barbecue", "bbq", "shower", "playdate"),
        42, "Host", "Helpers",
        (
            _p("Date, guest list and budget fixed", 0.1, "Host", "budget guests date"),
            _p("Place booked, or the room at home planned", 0.25, "Host", "venue place"),
            _p("Invitations sent with a reply-by date", 0.4, "Host", "invitations guests"),
            _p("Cake and food ordered", 0.6, "Host", "cake food"),
            _p("Replies counted; shopping and party bags done", 0.85, "Host", "shopping"),
            _p("Party day", 1.0, "Host", "party day"),
        ),
        (("Place or room hire", 0.25, ""), ("Food and cake", 0.30, "guest"),
         ("Entertainment", 0.10, ""), ("Games and prizes", 0.05, ""), ("Decorations", 0.07, ""),
         ("Party bags or favours", 0.10, "guest"), ("Invitations", 0.03, "")),
        "Party countdown",
    ),
    Family(
        "event", "An event",
        ("wedding", "party", "festival", "event", "gala", "ceremony", "reception",
         "celebration", "reunion", "fair", "concert", "fundraiser", "dinner",
         "picnic", "anniversary", "christening", "ball", "evening", "charity", "company",
         "corporate", "staff", "employees", "office"),
        182, "Host", "Organisers",
        (
            _p("Guest count and budget fixed", 0.05, "Host", "budget guests"),
            _p("Venue booked", 0.2, "Host", "venue"),
            _p("Caterer and key vendors booked", 0.4, "Host", "catering caterer vendors food"),
            _p("Invitations sent", 0.6, "Host", "invitations guests"),
            _p("Final numbers and run sheet confirmed with vendors", 0.9, "Host", "vendors"),
            _p("Event day", 1.0, "Host", "event day"),
        ),
        (("Venue", 0.30, ""), ("Catering", 0.35, "guest"), ("Music and entertainment", 0.08, ""),
         ("Photography", 0.07, ""), ("Decoration and flowers", 0.07, ""),
         ("Invitations and stationery", 0.03, "")),
        "Booking and vendor timeline",
    ),
    Family(
        "market", "A market or fair with stalls",
        # "market" and "stalls" count only as written: "marketing", "go-to-market" and
        # "stalled" are not markets; "vendors" is left out ("cut vendor costs")
        ("market", "markets", "farmers'", "farmer's", "stalls", "stallholders", "flea",
         "bazaar"),
        120, "Market manager", "Market team",
        (
            _p("Site chosen and permission to trade applied for", 0.15, "Market manager",
               "site permit permits licence council"),
            _p("Stall fees, trading rules and layout set", 0.3, "Market manager",
               "fees rules layout"),
            _p("Vendors recruited and pitches confirmed", 0.55, "Market manager",
               "vendors traders stallholders"),
            _p("Insurance, power, water and waste arranged", 0.7, "Market team",
               "insurance power water waste"),
            _p("Promotion to local residents started", 0.85, "Market team",
               "promotion marketing"),
            _p("First market day", 1.0, "Market manager", "opening"),
        ),
        (("Site fees and permits", 0.20, "month"), ("Stalls, gazebos and signage", 0.30, ""),
         ("Promotion", 0.15, ""), ("Insurance", 0.15, ""), ("Power, water and waste", 0.10, "")),
        "Countdown to the first market day",
    ),
    Family(
        "retreat", "A team offsite or retreat",
        # people travel and stay together: rooms, travel and an agenda, not speakers,
        # sponsors or registration
        ("offsite", "offsites", "off-site", "retreat", "away-day", "awayday",
         "teambuilding", "team-building", "kickoff", "kick-off"),
        120, "Organiser", "Organising team",
        (
            _p("Dates, attendees, goals and budget fixed", 0.05, "Organiser",
               "dates attendees goals budget"),
            _p("Venue and rooms booked", 0.25, "Organiser",
               "venue rooms accommodation hotel"),
            _p("Travel booked for every attendee", 0.45, "Organiser",
               "travel flights flight trains transport"),
            _p("Agenda, sessions and facilitator confirmed", 0.6, "Organiser",
               "agenda sessions facilitator facilitation"),
            _p("Meals and local transfers confirmed", 0.8, "Organiser",
               "meals catering transfers"),
            _p("Final attendee list, rooming and run sheet shared", 0.93, "Organiser",
               "rooming run sheet"),
            _p("Offsite", 1.0, "Organiser", "offsite"),
        ),
        (("Accommodation", 0.30, "night"), ("Travel", 0.25, ""), ("Meals", 0.18, "guest"),
         ("Meeting room and equipment", 0.08, ""), ("Activities", 0.06, ""),
         ("Facilitation and materials", 0.03, "")),
        "Countdown to the offsite",
    ),
    Family(
        "trip", "A trip or holiday",
        # travellers, not organisers: getting there, a bed for every night, papers in order
        ("trip", "holiday", "vacation", "honeymoon", "road-trip",
         "roadtrip", "itinerary", "backpacking", "interrail", "sightseeing"),
        90, "Trip planner", "Travellers",
        (
            _p("Dates, travellers and budget fixed", 0.05, "Trip planner",
               "dates travellers budget"),
            _p("Travel there and back booked", 0.2, "Trip planner",
               "flights flight trains travel tickets"),
            _p("A bed booked for every night", 0.35, "Trip planner",
               "accommodation hotel hotels rooms"),
            _p("Passports, visas and travel insurance checked", 0.5, "Trip planner",
               "passports visas insurance documents"),
            _p("Day-by-day itinerary set; key tickets booked", 0.7, "Trip planner",
               "itinerary tickets sights tours"),
            _p("Money, local transport and packing sorted", 0.9, "Travellers",
               "money packing transport"),
            _p("Departure", 1.0, "Trip planner", "departure"),
        ),
        (("Travel there and back", 0.30, "person"), ("Accommodation", 0.35, "night"),
         ("Food", 0.15, "day"), ("Sights, tours and tickets", 0.10, ""),
         ("Local transport", 0.05, ""), ("Insurance and documents", 0.02, "")),
        "Countdown to departure",
    ),
    Family(
        "gathering", "A conference, hackathon or workshop",
        ("conference", "hackathon", "workshop", "summit", "meetup", "seminar", "symposium",
         "expo", "exhibition", "tournament", "camp", "bootcamp",
         "convention", "hackday", "jam", "talks", "speakers", "sponsors", "attendees",
         "participants"),
        182, "Organiser", "Organising team",
        (
            _p("Format, audience and budget fixed", 0.05, "Organiser", "format budget"),
            _p("Venue booked", 0.2, "Organiser", "venue"),
            _p("Speakers, mentors or judges confirmed; sponsors approached", 0.4, "Organiser",
               "speakers mentors judges judging sponsors sponsorship"),
            _p("Registration open and programme published", 0.55, "Organiser",
               "registration programme marketing"),
            _p("Catering, equipment and volunteers confirmed", 0.8, "Organiser",
               "catering equipment volunteers"),
            _p("Final numbers and run sheet confirmed", 0.93, "Organiser", "run sheet"),
            _p("Event day", 1.0, "Organiser", "event day"),
        ),
        (("Venue", 0.30, ""), ("Catering", 0.30, "guest"), ("Equipment, AV and Wi-Fi", 0.10, ""),
         ("Speakers, prizes and materials", 0.10, ""), ("Marketing and registration", 0.05, ""),
         ("Insurance and safety", 0.03, "")),
        "Booking and programme timeline",
    ),
    Family(
        "migration", "A software migration",
        ("migrate", "migration", "monolith", "microservices", "services", "database",
         "cutover", "legacy", "replatform", "upgrade", "kubernetes", "cloud", "module",
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
        "race", "A race to organise",
        # the organiser's side of a race (choice.py also gives it the training family's
        # race words when the goal hosts one): route, permits, timing, marshals, race day
        ("runners", "riders", "cyclists", "entrants", "competitors", "marshals", "fun-run",
         "sportive", "parkrun"),
        182, "Race director", "Race crew",
        (
            _p("Date, route, entry cap and budget fixed", 0.1, "Race director",
               "route budget date"),
            _p("Race permit, road closures and insurance granted", 0.3, "Race director",
               "permit permits council police insurance"),
            _p("Entries open; chip timing booked", 0.45, "Race director",
               "entries registration timing"),
            _p("Marshals, first aid and water stations confirmed", 0.75, "Volunteer lead",
               "marshals volunteers medical aid water"),
            _p("Course walked; race packs sent; marshals briefed", 0.95, "Race director",
               "course packs briefing"),
            _p("Race day", 1.0, "Race director", "race day"),
        ),
        (("Permits, road closures and policing", 0.15, ""), ("Chip timing and bibs", 0.15,
         "runner"), ("Medals", 0.12, "runner"), ("T-shirts", 0.08, "runner"),
         ("Medical cover and first aid", 0.10, ""), ("Water stations, barriers and signs",
         0.10, ""), ("Insurance", 0.05, ""), ("Promotion", 0.05, "")),
        "Countdown to race day",
    ),
    Family(
        "fitness", "A fitness or weight goal",
        ("lose", "weight", "kg", "kilos", "pounds", "lbs", "fitter", "fitness", "strength",
         "gym", "workout", "fat", "muscle", "healthier"),
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
         "revision", "skill", "read", "spanish", "french", "german", "python", "thesis"),
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
        "growth", "A launch or growth target",
        ("grow", "growth", "churn", "retention", "revenue", "signups", "users", "customers",
         "launch", "conversion", "subscribers", "mrr", "arr", "sales", "marketing", "leads"),
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
         "writing", "chapters", "ebook", "poetry"),
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
    Family(
        "general", "A general goal",
        (),
        84, "Goal owner", "Delivery team",
        (
            _p("Scope and baseline agreed", 0.1, "Goal owner", "scope"),
            _p("Plan, people and money confirmed", 0.25, "Goal owner", "plan budget"),
            _p("First delivery", 0.5, "Delivery team", "delivery"),
            _p("All work packages delivered", 0.8, "Delivery team", "delivery"),
            _p("Goal reached and reviewed", 1.0, "Goal owner", "review"),
        ),
        (("Delivery work", 0.65, ""), ("Materials and tools", 0.15, ""),
         ("Launch and hand-over", 0.10, "")),
        "Work plan",
    ),
)  # fmt: skip

# The families whose goal one person works at (a learner, an athlete, a writer): the person
# is the team.
SOLO = frozenset({"study", "training", "fitness", "writing"})
