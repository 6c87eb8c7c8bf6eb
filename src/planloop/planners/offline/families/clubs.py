"""A club that meets: a book club's year, a running club's Saturdays (found as a user: "Plan
the first year of our book club: we meet monthly at the library" was planned as a community
project with insurance, safety checks, a volunteer rota and an opening day, over 17 weeks;
"Start a running club that meets every Saturday" as one runner's training for a race).

The community family (kinds.py) for a club, and for anything held again and again as one
is (a choir's year of rehearsals, a monthly repair café): its members, its day and place,
and every meeting's date, each with what it is about and who hosts (meetings.py)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from planloop.planners.offline.families.family import Family, Phase, phase
from planloop.planners.offline.families.hazards import Hazard

_KINDS = (
    r"book|books|reading|running|walking|hiking|rambling|chess|film|cinema|supper|dinner"
    r"|knitting|sewing|craft|crafts|gardening|photography|writing|writers['’]?|board[\s-]games?"
    r"|cycling|language|conversation|cooking|wine|poetry|sketching|singing|coding|games"
    r"|5k|10k|parkrun(?:-style)?"
    # a sport or a pastime (a new user's trial: "a netball club for teenage girls at
    # Parkside School" was a general goal with a delivery team)
    r"|sports?|netball|football|soccer|basketball|tennis|badminton|table[\s-]tennis|hockey"
    r"|cricket|rugby|rounders|volleyball|dance|drama|art|science|robotics|lego|gymnastics"
    r"|athletics|judo|karate|yoga|archery|climbing|swimming|girls['’]?|boys['’]?"
    # ... or who it is for: "a weekly parent and toddler group" (a twelfth trial's: a
    # community project opening in May, on a Saturday)
    r"|parents?\sand\stoddlers?|toddlers?|baby|babies|mums?|dads?|carers?|seniors?|over[\s-]60s"
    # a children's club by when it meets (a fifth trial's: "an after-school club" was a
    # fundraising campaign, and a general goal)
    r"|after[\s-]school|breakfast|homework|holiday|youth|kids['’]?|children['’]s"
)
# a club started, run or planned ("start a running club", "plan a year of monthly book club
# meetings"), or one that is ours ("our book club"): not one joined
_STARTS = re.compile(
    r"\b(?:start|set\sup|setting\sup|run|plan|organi[sz]e|launch|found|create|revive"
    r"|restart)\w*\s(?:a|an|our|my|the)\s"
    # words between, but not what the goal does with a club: "plan a trip with my walking
    # group" is a trip; "run the first year of a neighbourhood book club" is the club's
    r"(?:(?!(?:with|for|to|at|by|and)\s)[\w-]+\s){0,5}?"
    r"(?:" + _KINDS + r")\s(?:club|group|circle|society)\b",
    re.I,
)
# "our book club", "our club"; not any group of ours ("our group of 12 friends")
_OURS = re.compile(
    r"\bour\s(?:[\w-]+\s){0,2}(?:(?:" + _KINDS + r")\s(?:club|group|circle|society)|club)\b",
    re.I,
)
# a choir, an orchestra or a band that rehearses through a year or a season (found by a new
# user's trial: "the first year of our village choir: we rehearse every Wednesday …, with a
# summer concert … and a Christmas concert" was planned as one concert)
_ENSEMBLE = re.compile(r"\b(?:choir|orchestra|ensemble|band)\b", re.I)
_REHEARSES = re.compile(
    r"\brehears\w*\s(?:every|each|weekly|on\s[a-z]+days)\b[^.]*\b(?:year|season|term|months)\b"
    r"|\b(?:year|season|term|months)\b[^.]*\brehears\w*\s(?:every|each|weekly|on\s[a-z]+days)\b",
    re.I,
)
# sessions held again and again: "run a monthly repair café for a year" (found by a new
# user's trial: only its opening was planned)
_RECURRING = re.compile(
    r"\b(?:weekly|fortnightly|monthly)\s(?:[\w-]+\s){0,2}?(?:repair\scaf[eé]s?|meet-?ups?"
    r"|socials?|open\smics?|jam\ssessions?|coffee\smornings?"
    # a clean-up (found by a new user's trial: "a monthly community litter pick from
    # January" had one opening day, in May)
    r"|litter\spicks?|beach\scleans?|clean-?ups?)\b",
    re.I,
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")s?\b", re.I)
# "the first Thursday of each month", "every 2nd Tuesday"
ORDINAL = re.compile(
    r"\b(first|second|third|fourth|last|1st|2nd|3rd|4th)\s(" + "|".join(WEEKDAYS) + r")s?\b",
    re.I,
)
FORTNIGHTLY = re.compile(
    r"\b(?:fortnightly|bi-?weekly|every\s(?:two|2|other)\s(?:weeks?|"
    + "|".join(WEEKDAYS)
    + r"))\b",
    re.I,
)
WEEKLY = re.compile(
    r"\b(?:weekly|every\sweek|each\sweek|once\sa\sweek|(?:every|each)\s(?:"
    + "|".join(WEEKDAYS)
    + r")|on\s(?:"
    + "|".join(f"{d}s" for d in WEEKDAYS)
    + r"))\b",
    re.I,
)
MAX_MEETINGS = 60
FIRST_MEETING = 0.1  # the share of the way after which the first meeting is held
HALF_WAY = 0.5
CLUB_STRUCTURE = "Meetings"
CLUB_FINISH = (
    "Meet and keep it going",
    "hold each meeting on its date, remind members a week before, ask what to change",
)


@dataclass(frozen=True)
class About:
    """What each meeting of a kind of club is about, and how that is settled."""

    noun: str  # "Book": "Book 2"
    settled: str  # how each one is: "chosen at the meeting before"
    first: str  # what the first meeting agrees besides


_ABOUT = (
    (re.compile(r"\b(?:book|books|reading|poetry|writers?['’]?)\b", re.I),
     About("Book", "chosen at the meeting before", "how each book is chosen")),
    (re.compile(r"\b(?:film|cinema)\b", re.I),
     About("Film", "chosen at the meeting before", "how each film is chosen")),
    (re.compile(r"\b(?:running|walking|hiking|rambling|cycling|5k|10k|parkrun)\b", re.I),
     About("Route", "set by the leader the week before", "the pace groups and the routes")),
    (re.compile(r"\b(?:choir|orchestra|ensemble|band|singing)\b", re.I),
     About("Rehearsal", "the pieces for the next concert", "the pieces and who sings which part")),
    (re.compile(r"\brepair\scaf[eé]", re.I),
     About("Session", "fixers for {fixers} booked; items logged",
           "who fixes what, the safety checks and the sign-in and disclaimer sheet")),
    (re.compile(r"\b(?:coding|code|programming|scratch|python|robotics)\b", re.I),
     About("Project", "planned by the leader the week before",
           "the projects, the laptops and the rules of the room")),
    (re.compile(r"\blitter\b", re.I),
     About("Pick", "the area chosen; the bags' collection arranged",
           "the areas to cover, the safety briefing and where full bags go")),
    (re.compile(r"\b(?:clean-?ups?|beach\scleans?)\b", re.I),
     About("Clean", "the stretch chosen; the bags' collection arranged",
           "the stretches to cover, the safety briefing and where full bags go")),
    (re.compile(r"\b(?:sports?|netball|football|soccer|basketball|tennis|badminton|hockey"
                r"|cricket|rugby|rounders|volleyball|gymnastics|athletics|judo|karate)\b", re.I),
     About("Training", "drills, skills and a game, planned by the coach the week before",
           "the groups, the kit, the warm-up and the rules of the hall")),
    (re.compile(r"\b(?:supper|dinner|cooking)\b", re.I),
     About("Supper", "the host's menu, dietary needs asked", "who hosts and cooks when")),
)  # fmt: skip
TOPIC = About("Topic", "chosen at the meeting before", "how each topic is chosen")


def runs_a_club(goal: str) -> bool:
    """The goal starts, runs or plans a club or group that meets, not one joined."""
    return club_weight(goal) > 0


def club_weight(goal: str) -> int:
    """How much the goal says it is a club's: one started or run outweighs any kind of
    activity it meets for ("a running club" is no runner's training), as does a choir's year
    of rehearsals (no one concert); one that is only "ours" counts as a keyword twice
    ("train for the marathon with our running club" is)."""
    if _STARTS.search(goal) or (_ENSEMBLE.search(goal) and _REHEARSES.search(goal)):
        return 5
    if _RECURRING.search(goal):  # "a monthly repair café … for a year"
        return 3
    return 2 if _OURS.search(goal) else 0


def for_club(family: Family, goal: str) -> Family:
    """The community family for a club: members, a day and a place, the meetings."""
    if family.id != "community" or not runs_a_club(goal):
        return family
    pick = about(goal).noun.lower()
    outdoors = "Volunteers, day and meeting point agreed; the council told; kit borrowed or bought"
    agreed = {  # a club out of doors meets somewhere, with nothing to book (a user's trial)
        "route": "Members, meeting day and meeting point agreed; the first routes tried out",
        "pick": outdoors,
        "clean": outdoors,
    }.get(pick, "Members, meeting day and place agreed; the place booked for every date")
    phases = (
        phase(agreed, 0.05, "Organiser", "members place room booking day"),
        phase(f"First meeting called: its date and place sent to members, and the first "
              f"{pick}", 0.08, "Organiser", "first meeting invitations"),
        phase("Members asked before the half-way meeting: day, place, what to change",
              HALF_WAY, "Organiser", "review members"),
        phase(f"The rest of the {pick}s and hosts agreed", 0.55, "Organiser", "hosts"),
        phase("Stretch closed: the next one planned with the members", 1.0, "Organiser",
              "last meeting"),
    )  # fmt: skip
    lines = (("Room hire", 0.45, "month"), ("Refreshments", 0.25, "month"),
             ("Materials", 0.20, ""), ("Publicity", 0.10, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A club that meets", lead="Organiser", team="Members", phases=phases,
        lines=lines, structure=CLUB_STRUCTURE, default_days=365,
    )  # fmt: skip


def before_the_first(family: Family, start: date, begins: date, end: date) -> Family:
    """A club's first two milestones before the first meeting said (``begins``): members,
    day and place four weeks before it, the meeting called two weeks before (each no
    earlier than a week in)."""
    days = max(1, (end - start).days)
    ahead = {0: 28, 1: 14}  # the phases' order: agreed, then called
    # a children's club: safeguarding and consent in place a week before (youth.py)
    ahead |= {i: 7 for i, p in enumerate(family.phases) if "consent" in p.topics}

    def share(i: int, p: Phase) -> float:
        if i not in ahead:
            return p.share
        return max(
            min(7, (begins - start).days // 2) / days, ((begins - start).days - ahead[i]) / days
        )

    phases = tuple(dataclasses.replace(p, share=share(i, p)) for i, p in enumerate(family.phases))
    return dataclasses.replace(family, phases=phases)


def about(goal: str, banned: Collection[str] = ()) -> About:
    """What each meeting is about; a repair café's fixers without what is ruled out ("no
    electrical repairs": found by a new user's trial, every session booked electrics)."""
    kind = next((kind for pattern, kind in _ABOUT if pattern.search(goal)), TOPIC)
    if "{fixers}" not in kind.settled:
        return kind
    fixers = [f for f in _FIXERS if not any(f[:6] == b[:6] for b in banned)] or ["repairs"]
    listed = ", ".join(fixers[:-1]) + (" and " if len(fixers) > 1 else "") + fixers[-1]
    return dataclasses.replace(kind, settled=kind.settled.format(fixers=listed))


_FIXERS = ("electrics", "textiles", "bikes")


# what a club usually meets, and what it could add or draw on (hazards.py and prospects.py
# have each family's)
CLUB_HAZARD = Hazard(
    "Attendance falls away after the first few meetings", "Medium", "High",
    "Fix every date now and send a reminder a week before; ask members who stop coming why",
    "Organiser", "Fewer than half the members at two meetings running",
)  # fmt: skip
CLUB_EXTRAS = (
    "A social outside the usual meetings, such as a summer picnic",
    "A shared list of what the club has done, with members' ratings",
)
# a club that meets at home, or at work, has no room to find
_AT_HOME = re.compile(r"\b(?:supper|dinner|cooking|street|neighbou?rs?|homes?)\b", re.I)
_AT_WORK = re.compile(r"\b(?:office|work|colleagues|company|team)\b", re.I)


def club_opportunities(goal: str) -> tuple[str, ...]:
    """What a club could draw on: rooms free for groups, unless it meets at home, at work or
    out of doors."""
    if about(goal).noun == "Route":
        return (
            "Local parks and walking or running groups glad to share routes",
            "Members' friends: each brings one new person a season",
        )
    if _AT_HOME.search(goal):
        return (
            "Neighbours who would host once in the year",
            "A shared list of everyone's dietary needs and favourite dishes",
        )
    if _AT_WORK.search(goal):
        return ("A meeting room booked for the lunch hour", "Colleagues from other teams")
    return CLUB_OPPORTUNITIES


CLUB_OPPORTUNITIES = (
    "Libraries, cafés and community centres with free rooms for regular groups",
    "Members' friends: each brings one new person a season",
)
