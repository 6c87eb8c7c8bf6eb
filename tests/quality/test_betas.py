"""A beta is the day of a software plan. Found as a user: "Launch our SaaS invoicing app's
public beta by 1 May 2027" had "M4 Beta with real users" three weeks before "M5 Release",
and "Open a closed beta of our language-learning app by March 2027" was a study
schedule (a level tested, a mock exam)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)


def _milestones(plan: str) -> list[str]:
    return re.findall(r"^\| M\d \| ([^|]+) \|", sections(plan)["Schedule"], re.M)


@pytest.mark.parametrize(
    ("goal", "before", "day"),
    [
        (
            "Launch our SaaS invoicing app's public beta by 1 May 2027 with 3 engineers",
            "A private beta with a few invited users; fixes",
            "Public beta live; rollback plan ready",
        ),
        (
            "Open a closed beta of our language-learning app by March 2027",
            "The team's own testing on real data; fixes",
            "Private beta live with its first invited users; rollback plan ready",
        ),
        (
            "Run a beta test of our budgeting app with 50 users by April 2027",
            "The team's own testing on real data; fixes",
            "Private beta live with its first invited users; rollback plan ready",
        ),
    ],
)
async def test_the_beta_is_the_day_and_what_comes_before_it_is_smaller(
    goal: str, before: str, day: str
) -> None:
    plan = (await drive(goal, start=START)).plan
    assert "Plan type: a software delivery." in plan
    milestones = [m.strip() for m in _milestones(plan)]
    assert milestones[-2:] == [before, day]
    assert "Beta with real users" not in plan and "| Release; rollback" not in plan


async def test_a_release_without_a_beta_keeps_its_beta_before_it() -> None:
    plan = (await drive("Ship version 2 of our invoicing app by June 2027", start=START)).plan
    assert [m.strip() for m in _milestones(plan)][-2:] == [
        "Beta with real users; fixes",
        "Release; rollback plan ready",
    ]


async def test_a_board_game_s_beta_test_is_no_software() -> None:
    plan = (await drive("Run a beta test of our board game by April 2027", start=START)).plan
    assert "Plan type: a software delivery." not in plan


@pytest.mark.parametrize(
    ("goal", "stores"),
    [
        (
            "Launch our mobile budgeting app on iOS and Android by 1 May 2027",
            "the App Store and Google Play",
        ),
        ("Launch the public beta of our budgeting app on iOS by May 2027", "the App Store"),
        ("Ship our Android app for dog walkers by March 2027", "Google Play"),
    ],
)
async def test_a_mobile_app_passes_the_stores_review_before_its_day(goal: str, stores: str) -> None:
    """Found as a user: an iOS and Android launch had no step that submits the app to the
    stores, whose review takes days."""
    milestones = [m.strip() for m in _milestones((await drive(goal, start=START)).plan)]
    review = f"Store listings ready; the build submitted to {stores} and through review"
    assert milestones[-2] == review, milestones


async def test_a_web_app_has_no_store_review() -> None:
    plan = (await drive("Launch our invoicing web app by June 2027", start=START)).plan
    assert "Store listings" not in plan
