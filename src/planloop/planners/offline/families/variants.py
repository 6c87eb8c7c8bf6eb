"""Each family in the goal's own words: the variants :func:`choice.pick` applies in turn to
the family it picked, each leaving every family but its own as it is."""

from __future__ import annotations

from collections.abc import Callable

from planloop.planners.offline.families.app_stores import for_mobile_app
from planloop.planners.offline.families.beginners import for_beginners
from planloop.planners.offline.families.betas import for_beta
from planloop.planners.offline.families.camping import for_camping
from planloop.planners.offline.families.clubs import for_club
from planloop.planners.offline.families.databases import for_database
from planloop.planners.offline.families.deliveries import for_local_delivery
from planloop.planners.offline.families.drafts import for_dissertation, for_draft
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.founders import for_founder
from planloop.planners.offline.families.gardens import for_garden
from planloop.planners.offline.families.grants import for_grant
from planloop.planners.offline.families.homefood import for_home_food
from planloop.planners.offline.families.homesales import for_move_with_sale
from planloop.planners.offline.families.households import for_household
from planloop.planners.offline.families.instruments import for_instrument
from planloop.planners.offline.families.licences import for_licence_held
from planloop.planners.offline.families.loans import for_loan
from planloop.planners.offline.families.offices import for_office
from planloop.planners.offline.families.online import for_format
from planloop.planners.offline.families.parties import for_party
from planloop.planners.offline.families.picturebooks import for_picture_book
from planloop.planners.offline.families.plantsales import for_plant_sale
from planloop.planners.offline.families.practice import for_practice
from planloop.planners.offline.families.quizzes import for_quiz
from planloop.planners.offline.families.roadtrips import for_road_trip
from planloop.planners.offline.families.rooms import for_room
from planloop.planners.offline.families.sales import for_sale
from planloop.planners.offline.families.services import for_service
from planloop.planners.offline.families.shows import for_newsletter, for_video
from planloop.planners.offline.families.single_hire import for_one_hire
from planloop.planners.offline.families.stalls import for_stall
from planloop.planners.offline.families.staycations import for_home_trip
from planloop.planners.offline.families.streets import for_street
from planloop.planners.offline.families.swims import for_swim
from planloop.planners.offline.families.switches import for_ledger, for_mail, for_projects
from planloop.planners.offline.families.tournaments import for_tournament
from planloop.planners.offline.families.triathlons import for_triathlon
from planloop.planners.offline.families.vehicles import for_vehicle
from planloop.planners.offline.families.volunteers import for_volunteers
from planloop.planners.offline.families.youth import for_youth_club

# A family in the goal's own words: a renovation's room, an online gathering, a party's
# guests and place, a sale's goods, a draft without its publication, a household without
# children (each module says what it found as a user).
VARIANTS: tuple[Callable[[Family, str], Family], ...] = (
    for_room,
    for_format,
    for_local_delivery,
    for_party,
    for_street,
    for_sale,
    for_plant_sale,
    for_draft,
    for_dissertation,
    for_picture_book,
    for_household,
    for_move_with_sale,
    for_office,
    for_practice,
    for_instrument,
    for_triathlon,
    for_swim,
    for_beginners,
    for_road_trip,
    for_camping,
    for_home_trip,
    for_quiz,
    for_tournament,
    for_garden,
    for_vehicle,
    for_stall,
    for_service,
    for_home_food,
    for_grant,
    for_loan,
    for_licence_held,
    for_newsletter,
    for_video,
    for_one_hire,
    for_ledger,
    for_projects,
    for_mail,
    for_founder,
    for_database,
    for_beta,
    for_mobile_app,
    for_club,
    for_youth_club,
    for_volunteers,
)
