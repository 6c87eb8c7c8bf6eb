"""A drive to recruit volunteers: roles written with the checks each needs, a call put out
where volunteers are found, taster sessions, references and background checks, induction
and training, first shifts with a buddy (found by a new user's trial: "Recruit and train 15
new volunteers for the food bank" was a runner's training for a race, and "recruit 15
volunteers" a hiring plan with salary bands, recruiters and offers).

The hiring family (kinds.py) for volunteers: its phases, budget lines, countdown, risk and
opportunities, each in place of the paid hire's."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

VOLUNTEER_STRUCTURE = "Recruitment timeline"
_VOLUNTEERS = re.compile(r"\bvolunteers?\b", re.I)

VOLUNTEER_COUNTDOWN = (
    (0.95, "Write each role: what volunteers do, when and for how long, and the checks it "
     "needs (a DBS check for work with children or vulnerable adults)", "roles"),
    (0.85, "Put the call out: posters, the volunteer centre, local groups, faith groups, "
     "schools and social media; ask current volunteers to bring a friend", "publicity"),
    (0.70, "Hold a taster session; answer every enquiry within a week", "taster"),
    (0.55, "Meet each applicant for a short chat; take up references", "chats"),
    (0.45, "Start the DBS checks the roles need; they can take weeks", "dbs"),
    (0.30, "Run the induction: the place, safety, data protection, who to ask", "induction"),
    (0.15, "Train each volunteer for their role; pair each with a buddy", "training"),
    (0.05, "Put every new volunteer on the rota for their first shifts", "rota"),
)  # fmt: skip

VOLUNTEER_HAZARD = Hazard(
    "Volunteers sign up but drift away before their first shifts", "High", "High",
    "Answer every enquiry within a week; give each a start date and a buddy at the chat",
    "Volunteer coordinator", "Fewer than two in three of those who enquired at the induction",
)  # fmt: skip
VOLUNTEER_OPPORTUNITIES = (
    "The local volunteer centre and its listings, free to post on",
    "Students and retired people looking for a regular few hours",
)
VOLUNTEER_DAY = ("Target date", "Every new volunteer on the rota")
VOLUNTEER_FINISH = (
    "Welcome and keep them",
    "give each new volunteer a buddy for the first shifts; ask after a month how it is going",
)
VOLUNTEER_EXTRAS = (
    "A thank-you evening for every volunteer after their first month",
    "A volunteer's own story on the posters for the next call",
)


def recruits_volunteers(family_id: str, goal: str) -> bool:
    return family_id == "hiring" and _VOLUNTEERS.search(goal) is not None


def for_volunteers(family: Family, goal: str) -> Family:
    """The hiring family for volunteers: no salary bands, recruiters or offers."""
    if not recruits_volunteers(family.id, goal):
        return family
    lead = "Volunteer coordinator"
    phases = (
        phase("Roles written, with the checks each needs", 0.1, lead, "roles checks"),
        phase("Call for volunteers out", 0.2, lead, "publicity posters call"),
        phase("Taster session held; applicants met and references taken up", 0.45, lead,
              "chats taster references"),
        phase("Checks cleared for the roles that need them", 0.65, lead, "cleared checks dbs"),
        phase("Induction and role training done", 0.85, lead, "training induction"),
        phase("Every new volunteer on the rota, with a buddy for the first shifts", 1.0, lead,
              "rota shifts"),
    )  # fmt: skip
    lines = (
        ("Posters, printing and adverts", 0.25, ""),
        ("DBS checks", 0.25, ""),
        ("Training materials and refreshments", 0.25, ""),
        ("Volunteers' travel expenses", 0.15, ""),
        ("Badges or T-shirts", 0.10, ""),
    )
    return dataclasses.replace(
        family, title="A volunteer recruitment drive", lead=lead, team="Current volunteers",
        phases=phases, lines=lines, structure=VOLUNTEER_STRUCTURE,
    )  # fmt: skip
