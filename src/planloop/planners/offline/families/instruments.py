"""Learning to play music is songs, not material (found by a third new user's trial: "Learn
to play the guitar well enough to play 5 songs at my sister's wedding" got "Practice
questions across all the material", "Timed practice questions", flashcards, and
conversation partners to practise with). The study family (kinds.py), as practice.py
leaves it, with songs learned, played through and played for people."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_MUSIC = re.compile(
    r"\b(?:guitar|piano|keyboard|ukulele|violin|viola|cello|double\sbass|bass\sguitar|drums?"
    r"|flute|clarinet|saxophone|sax|trumpet|trombone|harp|banjo|mandolin|accordion"
    r"|harmonica|recorder|sing|singing|songs?|pieces?)\b",
    re.I,
)


def plays_music(goal: str) -> bool:
    return _MUSIC.search(goal) is not None


def for_instrument(family: Family, goal: str) -> Family:
    """The study family for learning to play: songs chosen, learned, played through."""
    if family.id != "study" or not plays_music(goal):
        return family
    titles = (
        ("Songs chosen; a teacher booked; the instrument ready", "songs teacher lessons"),
        ("First half of the songs learned", "learning"),
        ("Every song learned at full speed", "speed"),
        ("Full run-through for friends or family, as on the day", "mock practice run-through"),
    )
    *before, day = family.phases
    if len(before) != len(titles):
        return family
    phases = (
        *(
            phase(in_their_words(t, goal), p.share, p.owner, topics)
            for p, (t, topics) in zip(before, titles, strict=True)
        ),
        day,
    )
    lines = (("Lessons", 0.60, "lesson"), ("Instrument, strings and accessories", 0.25, ""),
             (in_their_words("Songbooks, apps and recordings", goal), 0.15, ""))  # fmt: skip
    return dataclasses.replace(family, title="Learning to play music", phases=phases, lines=lines)


# The study schedule's words, as a player says them
_PLAYED = (
    ("Review week: no new material", "Review week: no new song; play the ones learned"),
    ("New material", "New songs"),
    ("15-minute recap of last week", "Play last week's songs through twice"),
    ("practice questions on them", "play them start to end"),
    ("practice questions on it", "play it start to end"),
    ("Practice questions across all the material", "Play every song through; record yourself"),
    ("List weak topics", "Listen back; mark the hard passages"),
    ("Full practice run under real conditions", "Run-through for friends or family"),
    ("Mark it; list the weak topics", "Note where it slipped"),
    ("Revise the weak topics the practice run showed", "Work on the passages the run showed"),
    ("Timed practice questions", "Play the whole set once a day"),
)


def played(text: str, goal: str) -> str:
    """A row of the study schedule in a player's words."""
    for said, words in _PLAYED:
        text = text.replace(said, words)
    return in_their_words(text, goal)


_PIECES = re.compile(r"\bpieces?\b", re.I)
_PIECE_WORDS = (("Songbooks", "Sheet music"), ("Songs", "Pieces"), ("songs", "pieces"),
                ("Song ", "Piece "), ("song", "piece"), ("chord and lyric sheet", "marked-up copy"),
                ("chords and rhythm", "notes and rhythm, hands apart"),
                ("the chord changes", "the hard bars"))  # fmt: skip


def in_their_words(text: str, goal: str) -> str:
    """Songs, or pieces when the goal says pieces ("play 3 pieces at my grandmother's 80th":
    found by a second new user's trial, they were songs with chord and lyric sheets)."""
    if not _PIECES.search(goal):
        return text
    for said, words in _PIECE_WORDS:
        text = text.replace(said, words)
    return text


OPPORTUNITIES = (
    "Recordings of each song to play along with",
    "A friend's gathering or an open mic to play in front of people before the day",
)
EXTRAS = ("A chord and lyric sheet for each song", "A recording of your own run-through")
