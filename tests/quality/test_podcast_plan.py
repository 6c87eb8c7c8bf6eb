"""A podcast is launched as one: format, kit, a pilot, episodes recorded and edited, hosting
and the directories, launch day (found by a new user's trial: it was planned as opening
premises, with permits, a fit-out, stock and staff, and "a budget of €1,200 for mic,
editing and hosting" capped a line called "Mic")."""

from __future__ import annotations

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

PODCAST = (
    "Launch a weekly interview podcast about small-business bookkeeping called Balanced "
    "Books, with the first 3 episodes live by 1 February 2027 and a budget of €1,200 for "
    "mic, editing and hosting"
)
SAID = (
    "My co-host Sam O'Neill handles guest booking. Keep hosting under €15 a month. No video"
    " version. Move the launch to 15 February 2027."
)


async def test_a_podcast_is_planned_to_its_launch_day() -> None:
    assert pick(PODCAST).id == "show"
    assert pick("Grow our podcast to 10,000 downloads a month").id == "growth"
    run = await drive(PODCAST, {1: SAID})
    parts = sections(run.plan)
    countdown = parts["Countdown to launch"]
    assert "| Launch day | 2027-02-15 | The launch | Host |" in countdown
    assert "| Ask the first guests; book the recording slots | Sam O'Neill |" in countdown
    for venue in ("Premises", "permits", "stock", "Soft opening"):
        assert venue not in run.plan, venue
    budget = parts["Budget"]
    assert "Total budget €1,200 (goal)" in budget
    assert "| Hosting (3 months) | €42 | under €15 a month × 3 (feedback:1) |" in budget
    assert "Mic (cap)" not in budget
    assert "Discover and baseline" not in run.plan
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_a_newsletter_started_is_written_and_sent_not_grown() -> None:
    """Found by a third new user's trial: "Launch a monthly newsletter for our
    neighbourhood association" was a growth campaign (a funnel, a growth team, customers)."""
    goal = (
        "Launch a monthly newsletter for our neighbourhood association with 300 subscribers "
        "by March 2027"
    )
    assert pick(goal).title == "A newsletter"
    assert pick("Grow our newsletter from 2,000 to 10,000 subscribers by June").id == "growth"
    run = await drive(goal, {1: "Jo Baker, our secretary, will write the first issues."})
    countdown = sections(run.plan)["Countdown to launch"]
    assert "Choose the email tool; set up the sign-up form with consent to email" in countdown
    assert "| Write and edit the first issue; send a test to yourselves | Jo Baker |" in countdown
    for growth in ("funnel", "Growth team", "customers", "episodes", "microphone"):
        assert growth not in run.plan, growth
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_episodes_a_month_make_a_show_and_are_how_often_not_how_many() -> None:
    """Found as a user: "publishing 2 episodes a month" made a podcast a book to publish
    ("check the printed proof"), measured by "2 episodes"."""
    goal = (
        "Launch a podcast about local history by March 2027 with a budget of £1,200,"
        " publishing 2 episodes a month"
    )
    assert pick(goal).id == "show"
    run = await drive(goal)
    parts = sections(run.plan)
    assert "| Quantity | 2 episodes a month | goal |" in parts["Constraints"]
    assert "printed proof" not in run.plan and "measured by 2 episodes" not in run.plan
