"""A concert or a show put on: the programme and rehearsals, tickets, the venue's piano,
sound and front of house, a dress rehearsal (found by a new user's trial: a community
choir's first concert was planned as a volunteer project with an "Opening day", its top
risk "Too few volunteers keep turning up", and no rehearsal or ticket sale)."""

from __future__ import annotations

from planloop.planners.offline.families.family import Family, phase

CONCERT = Family(
    "concert", "A concert or show",
    # who performs ("a choir") names no concert; choice.py counts "put on the school play"
    ("concert", "recital", "gig", "musical", "panto", "pantomime"),
    120, "Organiser", "Performers",
    (
        phase("Date, venue and programme agreed", 0.1, "Organiser",
              "venue date programme"),
        phase("Repertoire chosen; rehearsal dates set", 0.2, "Musical director",
              "repertoire rehearsals music"),
        phase("Tickets on sale; posters and posts out", 0.45, "Organiser",
              "tickets promotion posters"),
        phase("Piano, sound, lighting and front of house arranged", 0.65, "Organiser",
              "piano sound lighting volunteers"),
        phase("Dress rehearsal in the venue", 0.95, "Musical director", "rehearsal"),
        phase("Concert day", 1.0, "Organiser", "concert day"),
    ),
    (("Venue hire", 0.30, ""), ("Piano or instrument hire", 0.20, ""),
     ("Sound and lighting", 0.15, ""), ("Posters and tickets", 0.10, ""),
     ("Refreshments to sell", 0.05, "")),
    "Countdown to the concert",
)  # fmt: skip

CONCERT_COUNTDOWN = (
    (0.90, "Agree the date and the venue; check its seats, piano and access", "venue"),
    (0.80, "Choose the programme; share the music and every rehearsal date", "repertoire"),
    (0.60, "Open ticket sales; print posters; post in local groups", "tickets"),
    (0.45, "Book the piano tuning or the instruments, sound and lighting", "piano"),
    (0.30, "Ask volunteers for front of house: tickets, refreshments, stewarding",
     "volunteers"),
    (0.10, "Send the performers the running order and the call time", "performers"),
    (0.02, "Dress rehearsal in the venue", "rehearsal"),
)  # fmt: skip
