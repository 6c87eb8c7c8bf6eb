"""A channel with an audience to reach, and a video channel as such. Found as a user:
"Start a YouTube channel about woodworking and reach 1,000 subscribers by the end of 2027"
launched on 31 December 2027, the day the 1,000 subscribers were due, after asking its
first guests and submitting its feed to the podcast directories."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.planners.offline.families import pick
from planloop.planners.offline.families.shows import grows_an_audience
from tests.quality.drive import drive

CHANNEL = "Start a YouTube channel about woodworking and reach 1,000 subscribers by the end of 2027"


@pytest.mark.parametrize(
    ("goal", "grows"),
    [
        (CHANNEL, True),
        ("Launch a podcast about gardening and get 5,000 downloads by December 2027", True),
        ("Grow my TikTok to 10k followers by next summer", True),
        ("Launch a weekly podcast with the first 3 episodes live by 1 February", False),
    ],
)
def test_an_audience_to_reach_is_read(goal: str, grows: bool) -> None:
    assert grows_an_audience(goal) is grows


async def test_a_channel_launches_early_and_grows_to_its_target() -> None:
    plan = (await drive(CHANNEL, start=date(2026, 12, 7))).plan
    schedule = sections(plan)["Schedule"]
    assert "| M6 | Launch: the first video live | Host | 2027-03-07 |" in schedule
    assert "| M7 | Target met: 1,000 subscribers; every video of the stretch out | Host |" in (
        schedule
    )
    countdown = sections(plan)["Countdown to launch"]
    assert "| Video 2 | 2027-03-21 | Release video 2 | Host |" in countdown  # a fortnight on
    for podcast in ("guests", "directories", "episode"):
        assert podcast not in schedule + countdown


def test_a_podcast_stays_a_podcast() -> None:
    podcast = pick("Launch a weekly interview podcast with the first 3 episodes live by 1 February")
    assert podcast.title == "A podcast or video channel"
    assert "guests" in podcast.phases[0].title
    assert pick(CHANNEL).title == "A video channel"


def test_a_count_of_followers_is_no_race() -> None:
    """Found as a user: "Grow my TikTok to 10k followers" was a 10k training schedule."""
    family = pick("Grow my TikTok to 10k followers by next summer")
    assert (family.id, family.title) == ("show", "A video channel")
    assert pick("Run a 10k in under 50 minutes by June").id == "training"
