"""A course a person makes or teaches, not one they take: an online course recorded and sold
("Launch an online watercolour course by March"), or a class taught in a room ("Teach a
6-week beginners' pottery course at the community centre"). Found as a user: both were a
learner's study schedule, with "Course and books" and "Tutor sessions" to pay for and a
mock exam before the launch."""

from __future__ import annotations

import re

from planloop.planners.offline.families.family import Family, phase

_KIND = r"(?:course|masterclass|class(?:es)?|workshops?|bootcamp)"
# "launch an online watercolour course", "create and sell my first video course", "turn my
# blog into a paid course"
_MADE = re.compile(
    r"\b(?:launch|create|build|make|record|film|produce|sell|publish|design|develop"
    r"|put\stogether|turn\s[^.;]{1,60}?\sinto)\s"
    r"(?:and\s(?:sell|launch|publish|record)\s)?"
    r"(?:(?:a|an|my|our|the)\s)?(?:(?:first|new|own|paid|free)\s)?"
    r"(?:[\w'’-]+\s){0,3}?(?:course|masterclass|bootcamp)\b",  # "build a workshop": a room
    re.I,
)
# "teach a 6-week pottery course", "run my own evening class in Spanish"
_TAUGHT = re.compile(
    r"\b(?:teach(?:ing)?\s|run\s(?:my|our)\s(?:own\s|first\s)?|host\smy\s(?:own\s|first\s)?)"
    r"(?:(?:a|an|my|our|the)\s)?(?:[\w'’-]+\s){0,3}?" + _KIND + r"\b",
    re.I,
)
# "organise a 2-day coding course for 20 teenagers", "run a 10-week yoga class at the
# village hall" (found as a user: a learner's study schedule, and a general project)
_ORGANISED = re.compile(
    # ... but not "run the London Marathon course", a race's route
    r"\b(?:(?:organi[sz]e|arrange|hold|put\son|set\sup)\s(?:(?:a|an|the|our)\s)?"
    r"|run\s(?:a|an|our)\s)(?:[\w'’-]+\s){0,3}?(?:course|class(?:es)?|bootcamp)s?\b",
    re.I,
)
# what a learner says: "learn Spanish with an online course", "take an online course"
_TAKEN = re.compile(
    r"\b(?:learn|study|take|taking|enrol|enroll|sign\sup|complete|finish|pass|attend|do)\b",
    re.I,
)
_ONLINE = re.compile(r"\b(?:online|video|e-?mail|self-paced|cohort|udemy|teachable|podia"
                     r"|thinkific|kajabi|skillshare|youtube)\b", re.I)  # fmt: skip
CREATOR_STRUCTURE = "Course build steps"
TEACHING_STRUCTURE = "Teaching steps"


def makes_a_course(goal: str) -> bool:
    """A course the person makes or teaches: "launch an online course", "teach a pottery
    class" (not "learn Spanish with an online course")."""
    made = _MADE.search(goal) or _TAUGHT.search(goal) or _ORGANISED.search(goal)
    if made is None:
        return False
    return _TAKEN.search(goal[: made.start()]) is None


def course_made(goal: str) -> Family:
    """An online course recorded and sold, or a class taught in a room."""
    taught, organised = _TAUGHT.search(goal), _ORGANISED.search(goal)
    if _ONLINE.search(goal) or not (taught or organised):
        return _online()
    lead = "Tutor" if taught else "Organiser"
    return _taught(lead, _STARTS.search(goal) is not None)


def _online() -> Family:
    phases = (
        phase("Topic, students and promise set; ten would-be students asked what they need",
              0.1, "Course creator", "topic audience students research interviews"),
        phase("Modules and lessons outlined; a free sample lesson published", 0.25,
              "Course creator", "outline modules lessons sample"),
        phase("Platform and price chosen; sales page and waitlist live", 0.4,
              "Course creator", "platform price pricing sales page waitlist"),
        phase("Every lesson recorded, edited and uploaded with its worksheet", 0.7,
              "Course creator", "recording filming editing video worksheets"),
        phase("Beta students through the course; their questions answered in it", 0.85,
              "Course creator", "beta testers feedback"),
        phase("Launch: sales open, the waitlist emailed, first students enrolled", 1.0,
              "Course creator", "launch sales enrolment emails"),
    )  # fmt: skip
    lines = (
        ("Course platform", 0.2, "month"),
        ("Camera, microphone and lighting", 0.3, ""),
        ("Editing and design help", 0.2, ""),
        ("Launch advertising", 0.2, ""),
    )
    return Family(
        "creator", "An online course made and sold", (), 90, "Course creator",
        "Course creator", phases, lines, CREATOR_STRUCTURE,
    )  # fmt: skip


# "starting in April": the plan runs to the first session, and the course from there
_STARTS = re.compile(r"\bstart(?:s|ing)\b", re.I)


def _taught(lead: str, starting: bool) -> Family:
    """Taught by the person (``lead`` "Tutor"), or organised with a tutor found and paid."""
    hired = lead != "Tutor"
    planned = (
        "Course planned and a tutor booked: what each session teaches, for whom, the price"
        if hired
        else "Course planned: what each session teaches, for whom, and the price"
    )
    phases = (
        phase(planned, 0.15, lead, "outline sessions level price tutor trainer"),
        phase("Room booked for every session; materials and kit listed", 0.3, lead,
              "room venue booking materials kit"),
        phase("Course advertised; places booked and paid for", 0.55, lead,
              "advertising places bookings fees flyers"),
        phase("Materials bought; the first session rehearsed", 0.75, lead,
              "materials rehearsal"),
        phase("First session taught; feedback asked for after each one", 1.0, lead,
              "sessions teaching feedback")
        if starting
        else phase("Course taught; feedback collected after the last session", 1.0, lead,
                   "sessions teaching feedback"),
    )  # fmt: skip
    lines = (
        *((("Tutor's fee", 0.4, "session"),) if hired else ()),
        ("Room hire", 0.2 if hired else 0.35, "session"),
        ("Materials", 0.2 if hired else 0.35, ""),
        ("Advertising", 0.1 if hired else 0.15, ""),
        ("Insurance", 0.05, ""),
    )
    return Family(
        "class", "A course taught", (), 90, lead, lead, phases, lines,
        TEACHING_STRUCTURE,
    )  # fmt: skip
