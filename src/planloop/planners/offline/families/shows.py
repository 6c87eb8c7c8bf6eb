"""A podcast or a video channel launched: its format, its kit, a pilot, the first episodes
recorded and edited, hosting and the directories, then launch day (found by a new user's
trial: "Launch a weekly interview podcast … with the first 3 episodes live by 1 February"
was planned as opening premises, with permits, a fit-out, stock and staff)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from planloop.constraints import ConstraintSet
from planloop.constraints.dates import add_months
from planloop.planners.offline.families.family import Family, phase

SHOW = Family(
    "show", "A podcast or video channel",
    ("podcast", "youtube", "vlog", "videocast", "tiktok"),  # one each: a keyword counts its stem
    90, "Host", "Host",
    (
        phase("Format, name and artwork decided; the first guests asked", 0.15, "Host",
              "format name artwork guests"),
        phase("Kit bought and tested; a pilot recorded", 0.3, "Host",
              "kit microphones equipment pilot"),
        phase("First episodes recorded and edited", 0.6, "Host", "recording editing episodes"),
        phase("Hosting set up; the show listed in the directories", 0.8, "Host",
              "hosting feed directories"),
        phase("Trailer out; the launch announced", 0.92, "Host", "trailer promotion"),
        phase("Launch: the first episodes live", 1.0, "Host", "launch"),
    ),
    (("Microphones, headphones and recording kit", 0.35, ""), ("Editing", 0.25, ""),
     ("Hosting", 0.10, "month"), ("Artwork and music", 0.10, ""), ("Promotion", 0.10, "")),
    "Countdown to launch",
)  # fmt: skip

# (share of the run-up before launch day, task, topic)
SHOW_COUNTDOWN = (
    (0.9, "Pick the format, the name and each episode's length; design the artwork", "format"),
    (0.8, "Buy the microphones and headphones; test a recording in the room you will use",
     "kit"),
    (0.7, "Ask the first guests; book the recording slots", "guests"),
    (0.6, "Record a pilot; listen back and fix the sound", "pilot"),
    (0.4, "Record and edit the first episodes; write each one's show notes", "recording"),
    (0.2, "Set up hosting; submit the feed to the podcast directories", "hosting"),
    (0.08, "Release a trailer; tell your network and ask each guest to share", "promotion"),
    (0.02, "Schedule the first episodes to go live together", "launch"),
)  # fmt: skip


# A newsletter: issues written and sent, not episodes recorded (found by a new user's
# trial: "Launch a monthly newsletter for our neighbourhood association" was a growth
# campaign with a funnel, a growth team and customers)
# (one started: "grow our newsletter to 10,000 subscribers" is a growth target)
_NEWSLETTER = re.compile(
    r"\b(?:launch|start|set\sup|create|begin|put\stogether|write)\w*\s"
    r"(?:and\s(?:send|publish|edit|deliver)\s)?(?:a|an|our|my|the)\s"  # "write and send a"
    r"(?:[\w-]+\s){0,3}?(?:newsletters?|e-?zines?|substack|bulletin)\b",
    re.I,
)


def writes_a_newsletter(goal: str) -> bool:
    return _NEWSLETTER.search(goal) is not None


_EPISODES = re.compile(r"\bepisodes?\b", re.I)


def is_a_show(goal: str) -> bool:
    """The goal names what only a show has: a newsletter, or episodes (found as a user:
    "… podcast …, publishing 2 episodes a month" was a book to publish)."""
    return writes_a_newsletter(goal) or _EPISODES.search(goal) is not None


NEWSLETTER_COUNTDOWN = (
    (0.9, "Pick the name, what each issue covers and how often it goes out", "format"),
    (0.75, "Choose the email tool; set up the sign-up form with consent to email", "tool"),
    (0.6, "Ask the first contributors; agree when each issue's text is due", "contributors"),
    (0.4, "Write and edit the first issue; send a test to yourselves", "writing"),
    (0.2, "Invite members and neighbours to sign up; post the link where they meet",
     "subscribers"),
    (0.02, "Schedule the first issue", "launch"),
)  # fmt: skip


# episodes that go out on a cadence: "released every other Friday", "a weekly podcast"
_CADENCE = re.compile(
    r"\b(?:weekly|fortnightly|monthly|every\s(?:other\s|second\s)?(?:week|month|[a-z]+day))\b",
    re.I,
)


# A video channel: videos filmed and uploaded, not a podcast's guests, feed and directories
# (found as a user: a woodworking YouTube channel asked its first guests and submitted its
# feed to the podcast directories)
_VIDEO = re.compile(r"\b(?:youtube|video|videos|vlog|vlogs|tiktok|twitch)\b", re.I)
_PODCAST = re.compile(r"\bpodcasts?\b", re.I)
VIDEO_CHANNEL = "A video channel"


def films_videos(goal: str) -> bool:
    return _VIDEO.search(goal) is not None and _PODCAST.search(goal) is None


VIDEO_COUNTDOWN = (
    (0.9, "Pick the channel's subject, its name and each video's length; design the banner",
     "format"),
    (0.8, "Buy or borrow the camera, microphone and lights; film a test in the room you will use",
     "kit"),
    (0.6, "Film a first video; watch it back and fix the sound and light", "pilot"),
    (0.4, "Film and edit the first videos; write each one's title, description and thumbnail",
     "recording"),
    (0.2, "Set up the channel: banner, description, links and an upload schedule", "channel"),
    (0.08, "Tell your network; post a short trailer where your viewers already are",
     "promotion"),
    (0.02, "Schedule the first video for launch day and each later one on its day", "launch"),
)  # fmt: skip


def for_video(family: Family, goal: str) -> Family:
    """The show family for a video channel: kit, filming, the channel, uploads."""
    if family.id != "show" or not films_videos(goal):
        return family
    phases = (
        phase("Subject, name and banner decided; the upload schedule set", 0.15, "Host",
              "format name banner schedule"),
        phase("Camera, microphone and lights bought and tested; a test video filmed", 0.3,
              "Host", "kit camera microphones lights equipment pilot"),
        phase("First videos filmed and edited, with titles and thumbnails", 0.6, "Host",
              "filming editing videos thumbnails"),
        phase("Channel set up: banner, description, links", 0.8, "Host", "channel"),
        phase("Trailer out; the launch announced", 0.92, "Host", "trailer promotion"),
        phase("Launch: the first video live", 1.0, "Host", "launch"),
    )  # fmt: skip
    lines = (("Camera, microphone and lights", 0.45, ""), ("Editing software", 0.15, ""),
             ("Props and materials", 0.15, ""), ("Promotion", 0.10, ""))  # fmt: skip
    return dataclasses.replace(family, title=VIDEO_CHANNEL, phases=phases, lines=lines)


def show_steps(goal: str) -> tuple[tuple[float, str, str], ...]:
    """The countdown to a show's launch: a newsletter's, a video channel's or a podcast's; a
    show released on a cadence schedules each episode on its day, not the first ones
    together (found by a new user's trial: "12 episodes released every other Friday")."""
    if writes_a_newsletter(goal):
        return NEWSLETTER_COUNTDOWN
    if films_videos(goal):
        return VIDEO_COUNTDOWN
    if _CADENCE.search(goal) or _COUNTED.search(goal):
        return (*SHOW_COUNTDOWN[:-1], (0.02, "Schedule the first episode for launch day and "
                                       "each later one on its release day", "launch"))  # fmt: skip
    return SHOW_COUNTDOWN


def for_newsletter(family: Family, goal: str) -> Family:
    """The show family for a newsletter: written issues, an email tool, subscribers."""
    if family.id != "show" or not writes_a_newsletter(goal):
        return family
    phases = (
        phase("Name, format and how often agreed", 0.15, "Editor", "format name"),
        phase("Email tool and sign-up form live, with consent", 0.35, "Editor",
              "tool signup consent"),
        phase("Contributors asked; the dates texts are due set", 0.5, "Editor",
              "contributors writing"),
        phase("First issue written and tested", 0.75, "Editor", "writing draft issue"),
        phase("Subscribers invited", 0.9, "Editor", "subscribers invitations"),
        phase("Launch: the first issue sent", 1.0, "Editor", "launch"),
    )  # fmt: skip
    lines = (("Email tool", 0.40, "month"), ("Design and a template", 0.25, ""),
             ("Promotion", 0.15, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A newsletter", lead="Editor", team="Contributors", phases=phases,
        lines=lines,
    )  # fmt: skip


# How often a show goes out once launched, in months or weeks
_EVERY = (
    (re.compile(r"\bquarterly\b|\bevery\s(?:three|3)\smonths\b", re.I), 3, 0),
    (re.compile(r"\bmonthly\b|\bevery\smonth\b", re.I), 1, 0),
    (re.compile(r"\bfortnightly\b|\bevery\s(?:other|second|two)\s\w+", re.I), 0, 2),
    (re.compile(r"\bweekly\b|\bevery\s(?:week|[a-z]+day)\b", re.I), 0, 1),
)


def kept_going(family: Family, goal: str, days: int) -> bool:
    """A show that goes out on a cadence through a stretch far longer than its launch takes
    ("a quarterly newsletter … through 2027"): launched early, then each issue on its day
    (found by a new user's trial: the first issue was sent on the last day of 2027); or so
    many episodes out by a day ("10 episodes recorded and published by June": a thirteenth
    trial's launched all of them on the last day)."""
    said = any(pattern.search(goal) for pattern, _, _ in _EVERY)
    counted = _COUNTED.search(goal) is not None or grows_an_audience(goal)
    return family.id == "show" and (said or counted) and days > 2 * family.default_days


# an audience to reach by the end: "reach 1,000 subscribers by the end of 2027" (found as a
# user: a YouTube channel launched on the last day of the year it was to grow in)
_AUDIENCE = re.compile(
    r"\b(?:reach|get|hit|grow\s(?:it\s|(?:the|my|our)\s\w+\s)?to|build\s(?:up\s)?to|gain|have)\s"
    r"(?:over\s|at\sleast\s)?[0-9][0-9,.]*k?\s(?:[a-z]+\s)?(?:subscribers|followers|listeners"
    r"|downloads|views|readers|viewers|members)\b",
    re.I,
)


_TARGET = re.compile(
    r"^\w+(?:\s(?:it|up|(?:the|my|our)\s\w+))?\s(?:to\s)?", re.I
)  # "reach ", "grow it to "


def grows_an_audience(goal: str) -> bool:
    return _AUDIENCE.search(goal) is not None


# "10 episodes recorded and published by June", "12 issues out by December"
_COUNTED = re.compile(
    r"\b([0-9]{1,2})\s(?:[a-z]+\s)?(?:episodes|issues)\b[^.;]{0,40}?\b(?:published|released|out"
    r"|live|sent)\b",
    re.I,
)


def launch_day(family: Family, goal: str, start: date, end: date) -> date:
    """When a show kept going launches: as many weeks before the end as its episodes
    counted need ("10 episodes … by June": 9 weeks before, one a week), never before its
    launch's steps fit; else its own horizon from the start."""
    m = _COUNTED.search(goal)
    if m is None or any(pattern.search(goal) for pattern, _, _ in _EVERY):
        return start + timedelta(days=family.default_days)
    launch = end - timedelta(weeks=int(m.group(1)) - 1)
    return max(launch, start + timedelta(days=family.default_days // 2))


def launched_early(family: Family, days: int, prep: int | None = None, goal: str = "") -> Family:
    """The launch's steps in ``prep`` days (the family's own horizon) from the start, then a
    last milestone at the end of the stretch: the audience said reached, when one is."""
    scale = (prep or family.default_days) / days
    noun = noun_of(family)
    phases = tuple(dataclasses.replace(p, share=p.share * scale) for p in family.phases)
    who = {"issue": "readers", "video": "viewers"}.get(noun, "listeners")
    aim = _AUDIENCE.search(goal)
    title = (
        f"Every {noun} of the stretch out; {who} asked what to keep"
        if aim is None
        else f"Target met: {_TARGET.sub('', aim.group(0))}; every {noun} of the stretch out"
    )
    last = phase(title, 1.0, family.lead, "stretch review audience")
    return dataclasses.replace(family, phases=(*phases, last))


def noun_of(family: Family) -> str:
    """What a show puts out: issues, videos or episodes."""
    return {"A newsletter": "issue", VIDEO_CHANNEL: "video"}.get(family.title, "episode")


_ASKED = {"month": (1, 0), "fortnight": (0, 2), "week": (0, 1)}  # a cadence constraint's unit


def release_days(goal: str, cs: ConstraintSet, launch: date, end: date, noun: str) -> list[date]:
    """Each later issue's or episode's day up to the end, on the cadence a reviewer asked
    for ("make it fortnightly"), else the goal's; no more than a count said ("12 episodes":
    none after the twelfth, the launch's one counted)."""
    asked, count = cs.latest("cadence"), cs.quantity(noun)
    most = int(count.number) if count is not None and count.number else None
    months, weeks = (
        _ASKED[asked.unit]
        if asked
        else next(
            ((m, w) for pattern, m, w in _EVERY if pattern.search(goal)),
            # counted to a day: one a week; an audience to grow: one a fortnight
            (0, 1) if _COUNTED.search(goal) else (0, 2) if grows_an_audience(goal) else (1, 0),
        )
    )
    days: list[date] = []
    n = 1
    while len(days) < min(60, (most or 61) - 1):
        when = add_months(launch, months * n) if months else launch + timedelta(weeks=weeks * n)
        if when > end:
            break
        days.append(when)
        n += 1
    return days
