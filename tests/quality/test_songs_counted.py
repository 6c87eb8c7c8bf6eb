"""Songs to learn for a day, as a new user's page trial asked: "Learn to play 6 songs on the
guitar for my sister's wedding on 4 September 2027; I practise 30 minutes a day" had "New
songs, part 1 of 4" for weeks on end, "3.2 I practise 30 minutes a day" as work, and "I can
only practise on weekdays" read twice, the first "replaced later" by itself."""

from __future__ import annotations

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

GUITAR = (
    "Learn to play 6 songs on the guitar for my sister's wedding on 4 September 2027; I practise"
    " 30 minutes a day"
)
WEEKDAYS = "I can only practise on weekdays"


def test_one_saying_of_days_is_one_constraint() -> None:
    cs = gather(GUITAR, START, [Feedback(checkpoint=1, text=WEEKDAYS)])
    assert [c.text for c in cs.of("days")] == ["only practise on weekdays"]


async def test_each_song_has_its_weeks_and_the_reviews_name_them() -> None:
    run = await drive(GUITAR, {1: WEEKDAYS})
    secs = sections(run.plan)
    weeks = secs["Week-by-week study schedule"]
    firsts = [r for r in weeks.splitlines() if ": chords and rhythm, slowly" in r]
    assert [r.split("|")[4].strip().split(":")[0] for r in firsts] == [
        f"Song {k} of 6" for k in range(1, 7)
    ]
    assert "| Play songs 1–6 start to end |" in weeks
    assert "part 1 of 4" not in weeks
    assert "I practise 30 minutes a day" not in secs["Work breakdown"]
    assert "I practise 30 minutes a day" not in secs["MoSCoW priorities"]
    assert "replaced later" not in secs["Feedback applied"]
    assert run.flags == []
