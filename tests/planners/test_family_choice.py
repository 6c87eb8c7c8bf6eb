"""Words that say little alone do not choose a family (found as a user: "Build a garden
shed" and "Find a new job as a product manager" got a software release, "Run a book club"
a writing schedule, "Launch a podcast" growth experiments)."""

from __future__ import annotations

import pytest

from planloop.planners.offline.families.choice import pick


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        ("Build a birdhouse with my son this spring with £50", "personal"),
        # a shed put up at home is a build of its own (sheds.py; a new user's trial)
        ("Build a garden shed this spring with £800", "renovation"),
        ("Find a new job as a product manager by April", "job"),
        ("Run a book club for my neighbourhood", "community"),  # a club that meets
        ("Launch a podcast with 10 episodes by June", "show"),  # a family of its own since
        # named otherwise, or two of them together: still theirs
        ("Build an MVP of our booking app in 12 weeks", "software"),
        ("Launch our app to 1,000 users by March", "growth"),
        ("Ship the new billing system by Q2", "software"),
        ("Write a book about my grandmother by next year", "writing"),
        ("Write and self-publish my first novel by next October", "writing"),
        ("Book a venue for our wedding", "event"),
        ("Improve onboarding for new employees", "general"),
        ("Organise the staff Christmas party for 40 people", "event"),
        # what a goal rules out does not say what it is
        ("Raise £20,000 for the school playground by July, no events", "fundraising"),
        ("Plan our wedding in June without a photographer", "event"),
    ],
)
def test_a_weak_word_alone_does_not_choose_a_family(goal: str, family: str) -> None:
    assert pick(goal).id == family
