"""A book is planned as writing, not as a general goal (found as a user: "Write and
self-publish my first novel by next October" got "First delivery", a "Delivery team" and
"Launch and hand over — train the people who run it", was "centred on “self”", and its
plan began at "self-publish …", the words "Write and" lost)."""

from __future__ import annotations

from tests.planners.test_memory_plans import _run


async def test_a_novel_is_drafted_week_by_week_then_revised_edited_and_published() -> None:
    plan, _ = await _run("Write and self-publish a 60,000-word novel by next October", [])
    assert "Plan type: a book or writing project." in plan
    assert "| 1–4 | 2026-12-04 | Draft | 8,400 | 8,400 |" in plan
    assert "| 29 | 2027-06-18 | Draft | 1,200 | 60,000 |" in plan
    assert "60,000 words (goal): about 2,100 words a week until the draft is done." in plan
    assert "| — | 2027-10-31 | Published | — | 60,000 |" in plan
    assert "| Specific | Write and self-publish a 60,000-word novel by next October — " in plan
    assert "“self”" not in plan and "“word”" not in plan and "“october”" not in plan
    assert "Delivery team" not in plan and "Launch and hand over" not in plan
    assert "Who does the work" not in plan  # the writer is the team


async def test_a_cookbook_counts_recipes_and_a_book_without_a_length_assumes_one() -> None:
    cookbook, _ = await _run("Write and self-publish a cookbook of 60 recipes by next June", [])
    assert "| Weeks | Starts | Work | Recipes | Draft so far |" in cookbook
    assert "60 recipes (goal): about 4 recipes a week" in cookbook
    memoir, _ = await _run("Write my memoir by December", [])
    assert "80,000 words (assumed: no length stated; a usual length for a book)" in memoir


async def test_a_first_draft_is_drafted_to_its_day_and_not_published() -> None:
    """Found as a user: "Finish the first draft of my novel by 31 October" was planned
    through revision, editing, a cover and publication, its draft done in June."""
    plan, _ = await _run("Finish the first draft of my 80,000-word novel by 31 October 2027", [])
    assert "| M5 | First draft finished | Writer | 2027-10-31 |" in plan
    assert "| 45–48 | 2027-10-08 | Draft | 5,200 | 80,000 |" in plan
    for book in ("Published", "Publish", "cover", "Editing", "proofread"):
        assert book not in plan, book
    assert "**Finish the draft**" in plan
