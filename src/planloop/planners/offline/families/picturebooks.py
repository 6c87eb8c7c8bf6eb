"""A picture book is drawn as much as it is written (found by a new user's trial: "Write
and self-publish a 32-page illustrated children's picture book … with my illustrator friend
Leo; £600 for printing 200 copies" was planned as a novel: half a first draft, a draft
that stalls in the middle, an audiobook edition; the illustrator had no work and the
budget no printing). The writing family (kinds.py) for a picture book: its text, its
illustrations and its print run."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_PICTURE_BOOK = re.compile(
    # a children's book with pictures, not any illustrated book ("an illustrated recipe book")
    r"\b(?:picture[\s-]books?|board[\s-]books?|illustrated\s(?:\w+\s)?children['’]s\s"
    r"(?:\w+\s){0,2}books?|children['’]s\sillustrated\s(?:\w+\s){0,2}books?)\b",
    re.I,
)


def is_picture_book(goal: str) -> bool:
    return _PICTURE_BOOK.search(goal) is not None


def for_picture_book(family: Family, goal: str) -> Family:
    """The writing family for a picture book: the story, the pictures, the print run."""
    if family.id != "writing" or not is_picture_book(goal):
        return family
    phases = (
        phase(
            "Story idea and page plan agreed with the illustrator", 0.08, "Writer", "outline pages"
        ),
        # the writing schedule counts the text to this milestone (tables.py)
        phase("First draft finished", 0.2, "Writer", "draft"),
        phase(
            "Character sketches and rough spreads done",
            0.4,
            "Illustrator",
            "illustrator illustration illustrations sketches roughs",
        ),
        phase(
            "Text revised against the roughs; read aloud to children",
            0.5,
            "Writer",
            "revision readers",
        ),
        phase(
            "Final illustrations finished",
            0.78,
            "Illustrator",
            "illustrator illustration illustrations art",
        ),
        phase(
            "Text and art laid out; cover done; printer's proof checked",
            0.9,
            "Writer",
            "layout cover designer proof",
        ),
        phase("Books printed and published", 1.0, "Writer", "printing printer publishing"),
    )
    lines = (
        ("Printing", 0.50, "copy"),
        ("Illustration materials or fee", 0.15, ""),
        ("Layout, ISBN and proofs", 0.10, ""),
        ("Launch and marketing", 0.10, ""),
    )
    return dataclasses.replace(family, title="A picture book", team="Illustrator",
                               phases=phases, lines=lines)  # fmt: skip


# what a picture book usually meets, and what it could add or draw on (hazards.py and
# prospects.py have each family's)
PICTURE_HAZARD = Hazard(
    "The illustrations take longer than the text", "High", "High",
    "Agree the page plan and a date for the roughs first; the text waits for the pictures",
    "Illustrator", "Rough spreads not started a month after the page plan",
)  # fmt: skip
PICTURE_EXTRAS = ("A reading at the local library or school", "Colouring pages from the book")
PICTURE_OPPORTUNITIES = (
    "Children to read the roughs to, and see what they laugh at",
    "Local bookshops and libraries that stock local authors",
)
