"""What weighs for a family beyond its keywords (choice.py counts them): a stay somewhere
named, a race hosted, money raised, a show staged, a fair a school holds, a shop online, a
repair café, software built, a home bought, a talk given, people hired, a job looked for, a
meal out, a crowdfunder, a room converted, a person's own goal and an organisation's."""

from __future__ import annotations

import re

from planloop.constraints.hires import ROLES

# A stay somewhere named is a trip though no keyword says so: "a week in Rome", "a long
# weekend in Lisbon", "10 days in Japan". It counts as one of the trip family's keywords.
STAY = re.compile(
    r"\b(?:a|one|two|three|[0-9]{1,2})(?:\slong)?\s(?:weeks?|weekend|fortnight|nights|days)"
    r"\s(?:in|on|at)\s(?:the\s)?[A-Z]"
)


# A goal that hosts a race ("organise a charity 5k", "a 10k for 300 runners") is the
# organiser's, not a runner's: the race family counts the training family's race words too.
HOSTED = re.compile(
    r"\b(?:organi[sz](?:e|es|ed|ing)|host(?:s|ed|ing)?|stag(?:e|es|ed|ing)|put(?:ting)? on)\b"
    r"|\bfor\s[0-9][0-9,]*\s(?:runners|riders|cyclists|swimmers|entrants|participants)\b",
    re.I,
)
RACE_WORDS = frozenset(
    {
        "marathon",
        "run",
        "running",
        "race",
        "triathlon",
        "half-marathon",
        "10k",
        "5k",
        "ultra",
        "fun-run",
    }
)


# What a fundraising goal asks to raise: "raise £20,000", "crowdfund $50k", "collect
# €5,000" (the amount is a target, not a budget: families/fundraising.py reads it). It
# counts as one of the fundraising family's keywords.
RAISE = re.compile(
    r"\b(?:raise|raising|crowdfund(?:ing)?|collect(?:ing)?)\s+(?:at\s+least\s+)?"
    r"([£$€]\s?[0-9][0-9,]*(?:\.[0-9]+)?(?:\s?(?:k|m|thousand|million)\b)?)",
    re.I,
)


# A place named after "in", "at", "near": "my house in Reading", "a 10k in Bath"
PLACE_NAME = re.compile(r"\b(in|at|near|around|outside)\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")
# A show staged: "put on the school play", "stage our first musical"
STAGED = re.compile(
    r"\b(?:put\s(?:on|together)|stage|perform)\s(?:the|a|an|our|their)\s(?:[\w'-]+\s){0,6}?"
    r"(?:play|show|musical|concert|recital|panto)\b",
    re.I,
)


# A fair that a school, a village or a season names is a fair with stalls and a raffle,
# not a wedding-like event ("a school summer fair", "the church's Christmas fayre", "a
# PTA fair"); "a trade fair", "a fair price" are not. It counts as two of the fair
# family's keywords, three when it raises money.
COMMUNITY_FAIR = re.compile(
    r"\b(?:school|village|church|parish|charity|community|pta|fundraising|summer|spring"
    r"|autumn|winter|christmas|xmas|easter|craft|fun)(?:'s)?\s(?:\w+\s)?(?:fair|fayre)s?\b",
    re.I,
)


# A shop online is not premises: "launch a small online shop", "an online store for my
# prints". It counts as two of the shop family's keywords ("an online store for our
# bakery" is a shop, not the bakery), and the venue family's "shop" and "store" do not count.
ONLINE_SHOP = re.compile(
    r"\b(?:online|web|internet)\s(?:\w+\s)?(?:shop|store|boutique)s?\b|\be-?shop\b"
    # orders taken online: "our bakery's first online orders live" (a third trial's: a shop
    # fit-out with staff hired)
    r"|\b(?:online|web|internet)\s(?:orders?|ordering|sales|checkout)\b"
    # what one makes, sold online: "selling my handmade candles online" (a second trial's)
    r"|\bsell\w*\s(?:my|our)\s(?:own\s)?(?:hand-?made|home-?made|hand-?crafted)\s[^.;]{0,40}?\bonline\b"
    # a shop on a marketplace or a shop platform: "a candle shop on Etsy"
    r"|\b(?:shop|store|boutique)s?\s(?:on|via|through|with)\s(?:etsy|shopify|ebay|amazon"
    r"|woocommerce|squarespace|big\s?cartel|folksy|depop|vinted)\b|\b(?:etsy|shopify)\s(?:shop|store)",
    re.I,
)


# A repair café is run by volunteers, not opened as a business (a user's): two keywords.
REPAIR_CAFE = re.compile(r"\brepair[\s-]caf[eé]s?\b", re.I)
# What is delivered decides, not who delivers it nor for whom: "our volunteer team … needs
# to launch a new website for the community food bank" (found by a new user's trial:
# planned as a venue's opening, with insurance, safety checks and an opening day)
BUILDS_SOFTWARE = re.compile(
    # (an app launched to its users is grown, not built: "launch our app to 1,000 users")
    r"\b(?:(?:build|make|create|redesign|rebuild|develop|code)\s(?:a\s|an\s|the\s|our\s"
    r"|my\s|their\s)?(?:new\s)?|(?:launch|ship)\s(?:a\s|an\s|the\s|our\s|my\s|their\s)?"
    r"new\s)(?:\w+\s)?(?:website|web\sapp|mobile\sapp|app|dashboard|portal|chatbot)\b",
    re.I,
)


# "Buy our first flat" names no keyword of its own; it counts as one of the home family's.
BUY_HOME = re.compile(
    r"\b(?:buy|buying|purchase|purchasing)\s(?:(?:our|my|a|an|the)\s)?(?:first\s)?"
    r"(?:new\s)?(?:flat|house|home|apartment|property|condo|cottage)\b",
    re.I,
)


# "Give a 25-minute talk at RustConf", "present our results at the board meeting": one's own
# talk, not a conference to run. It counts as two of the talk family's keywords (the
# gathering family's "talks" and "speakers" name it too).
TALK = re.compile(
    r"\b(?:give|giving|deliver(?:ing)?|present(?:ing)?|prepare|preparing|write|rehearse"
    r"|do|doing)\s(?:a|an|my|our|the)\s(?:[\w-]+\s){0,3}?(?:talk|presentation|keynote"
    r"|speech|lecture|pitch|webinar|tutorial)\b"
    r"|\b(?:speak|speaking)\sat\b"
    r"|\bpresent(?:ing)?\s(?:our|my|the)\s(?:[\w-]+\s){0,3}?(?:results|findings|work|plan"
    r"|proposal|research|strategy|roadmap|thesis|project)\s(?:to|at)\b",
    re.I,
)


# "Hire 3 backend engineers": the organisation's side of hiring, two of its keywords
HIRE = re.compile(
    r"\b(?:hire|hiring|recruit(?:ing)?|onboard(?:ing)?)\s(?:and\strain\s)?(?:[0-9]{1,3}|two|three|four|five"
    r"|six|seven|eight|nine|ten|twelve|a|an|our\s(?:first|next)|new|more|(?:a\s)?few)\s"
    rf"(?:[\w-]+\s){{0,2}}?(?:{ROLES}|hires|cto|cfo|coo|volunteers?)\b",
    re.I,
)


# a leaving lunch or a Christmas dinner at a restaurant is a meal out, not an event with a
# photographer and flowers (a second page trial's); a wedding or a gala stays an event
BIG_DAY = re.compile(
    r"\b(?:wedding|gala|ball|conference|festival|awards|reception|fundrais\w*|charity)\b"
    r"|\bat\s(?:the|our|a)\s(?:[\w'’-]+\s){0,2}(?:hall|centre|center|church|school|club|office)\b",
    re.I,
)
# ... a restaurant named, or a meal that marks an occasion: "a leaving lunch", "a retirement
# dinner", "our Christmas dinner" (a dinner hosted for a hundred is an event's catering)
MEAL_FOR = re.compile(
    r"\b(?:restaurant|bistro|brasserie|gastropub|pub)\b|\b(?:leaving|retirement|farewell|birthday"
    r"|christmas|anniversary|graduation|team|reunion)\s(?:lunch|dinner|meal)\b",
    re.I,
)
# "Get my first job as a junior data analyst": a job search (a trial's: study)
GETS_A_JOB = re.compile(
    r"\b(?:get|land|find|secure|start\slooking\sfor|apply\sfor)\s(?:my\s(?:first\s)?|a\s(?:new\s)?"
    r"|an?\s|the\s)?(?:[\w-]+\s){0,3}?(?:job|role|position|internship|apprenticeship)\b"
    r"(?!\s(?:done|finished|sorted))",  # "get the roofing job done" is no job search
    re.I,
)


# A goal no family names is a person's own when it speaks of them or their household ("my
# master's applications", "our first baby", "adopt a rescue dog") and of no organisation:
# "our team", "the company's customers" keep the general plan's team and hand-over.
# money raised online, with or without events (found as a user: "with a crowdfunder and
# events" was a party, with a caterer, flowers and a photo booth)
CROWDFUND = re.compile(r"\bcrowd-?fund\w*|\bgofundme\b|\bjustgiving\b|\bkickstarter\b", re.I)
# a room made from another: "get my garage converted into a home office" (a user's: a
# personal project)
CONVERTED = re.compile(
    r"\b(?:garage|loft|attic|basement|cellar|outbuilding|barn)\s(?:conversion|converted)\b"
    # "convert our double garage" (a page trial's: read as a home energy upgrade)
    r"|\bconvert(?:ed|ing)?\s(?:the\s|our\s|my\s)?(?:[\w-]+\s)?(?:garage|loft|attic|basement"
    r"|cellar)\b",
    re.I,
)
PERSONAL = re.compile(
    r"\b(?:I|I'm|I've|me|my|myself|baby|babies|dog|puppy|cat|kitten|pets?|garden|allotment"
    r"|kids|children|son|daughter|partner|wife|husband|household|retirement|hobby"
    r"|master's|masters|mba|phd|university|universities|college)\b",
    re.I,
)
ORGANISATION = re.compile(
    r"\b(?:team|teams|company|company's|business|customers?|clients?|staff|employees"
    r"|users|department|organi[sz]ation|stakeholders|sprint|board|investors|vendors?"
    r"|community|volunteers|members|club|charity|school|council)\b",
    re.I,
)


HEN = re.compile(
    r"\b(?:hen|stag)\s(?:do|weekend|party|night|trip)s?\b|\bbachelorette\b"
    # a birthday or a reunion spent away: "a surprise 60th birthday weekend … in the Lake
    # District" (a page trial's: a party at home, with party bags and games for adults)
    r"|\b(?:birthday|anniversary|reunion|celebration)\sweekend\b(?=[^.]{0,80}\b(?:in|at|to)\s"
    r"(?:the\s)?[A-Z])|\bweekend\saway\b",
    re.I,
)


# a fitter as a trade: "our fitter Dave", "a kitchen fitter", "the fitters"
A_FITTER = re.compile(
    r"\b(?:our|the|a|an|my|their|his|her|kitchen|bathroom|carpet|window|boiler)\s+fitters?\b",
    re.I,
)
# a count of an audience is no race: "grow my TikTok to 10k followers" (found as a user: a
# 10k training schedule)
AUDIENCE_COUNT = re.compile(
    r"\b[0-9][0-9,.]*k?\s(?=(?:[a-z]+\s)?(?:subscribers|followers|listeners|downloads|views"
    r"|readers|viewers)\b)",
    re.I,
)
