"""Goal families: the shape a plan takes for an opening, an event, a migration, a training
or study schedule, a growth target, or anything else (the general fallback)."""

from planloop.planners.offline.families.accounts import ACCOUNTS_STRUCTURE
from planloop.planners.offline.families.care import CARE_STRUCTURE
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.cleanups import CLEANUP_STRUCTURE
from planloop.planners.offline.families.clubs import CLUB_STRUCTURE
from planloop.planners.offline.families.courses import COURSE_STRUCTURE
from planloop.planners.offline.families.databases import STEPS as UPGRADE_STRUCTURE
from planloop.planners.offline.families.debts import DEBT_STRUCTURE
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.fitouts import FITOUT_STRUCTURE
from planloop.planners.offline.families.grants import GRANT_STRUCTURE
from planloop.planners.offline.families.kinds import FAMILIES
from planloop.planners.offline.families.lines import Line
from planloop.planners.offline.families.outline import Milestone, Outline, build
from planloop.planners.offline.families.quizzes import QUIZ_STRUCTURE
from planloop.planners.offline.families.services import SERVICE_STRUCTURE
from planloop.planners.offline.families.teaching import CREATOR_STRUCTURE, TEACHING_STRUCTURE
from planloop.planners.offline.families.tournaments import TOURNAMENT_STRUCTURE
from planloop.planners.offline.families.volunteers import VOLUNTEER_STRUCTURE

# a variant's own structure too: read back from an earlier plan as the structure, never
# kept beside the new one as a second section of the same title
STRUCTURE_TITLES = tuple(
    dict.fromkeys(
        [
            *(f.structure for f in FAMILIES),
            GRANT_STRUCTURE,
            QUIZ_STRUCTURE,
            TOURNAMENT_STRUCTURE,
            ACCOUNTS_STRUCTURE,
            CLUB_STRUCTURE,
            VOLUNTEER_STRUCTURE,
            DEBT_STRUCTURE,
            SERVICE_STRUCTURE,
            COURSE_STRUCTURE,
            CREATOR_STRUCTURE,
            CLEANUP_STRUCTURE,
            FITOUT_STRUCTURE,
            TEACHING_STRUCTURE,
            CARE_STRUCTURE,
            UPGRADE_STRUCTURE,
        ]
    )
)

__all__ = [
    "FAMILIES",
    "STRUCTURE_TITLES",
    "Family",
    "Line",
    "Milestone",
    "Outline",
    "build",
    "pick",
]
