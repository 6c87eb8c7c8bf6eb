"""What each family's plan can usually look forward to, as data: its opportunities (the
SWOT's, where the goal names no upside of its own) and its Could haves (MoSCoW's). The
choice between them, by what the goal says, is prospects.py's."""

from __future__ import annotations

from planloop.planners.offline.families.care import CARE_EXTRAS, CARE_OPPORTUNITIES

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
