"""A Markdown plan as sections: split at headings, compared, and a person's kept."""

from __future__ import annotations

from planloop.plan_sections import (
    PREAMBLE,
    Section,
    by_title,
    compare,
    impose,
    names_section,
    parse,
    written_by_person,
)

PLAN = (
    "# Plan: a bakery\n_intro_\n\n## Budget\n\n$40,000\n\n### Detail\n\nrent\n\n"
    "## Location\n\nLisbon\n\n```\n## not a heading\n```\n\n## Budget\n\nagain\n"
)


def test_sections_split_at_level_one_and_two_headings_outside_code() -> None:
    sections = parse(PLAN)
    assert [s.title for s in sections] == ["Plan: a bakery", "Budget", "Location", "Budget (2)"]
    assert "".join(s.text for s in sections) == PLAN
    assert sections[1].body == "$40,000\n\n### Detail\n\nrent"
    assert "## not a heading" in sections[2].body
    assert [s.title for s in parse("before\n## A\nx\n")] == [PREAMBLE, "A"]
    assert "".join(s.text for s in parse("\n\n## A\n")) == "\n\n## A\n"


def test_compare_names_sections_added_changed_and_removed_and_gives_the_diff() -> None:
    after = PLAN.replace("Lisbon", "Porto").replace("## Budget\n\nagain\n", "## Risks\n\nrain\n")
    changes = compare(PLAN, after)
    assert [s.title for s in changes.added] == ["Risks"]
    assert [s.title for s in changes.changed] == ["Location"]
    assert [s.title for s in changes.removed] == ["Budget (2)"]
    assert changes.counts.model_dump() == {"added": 1, "changed": 1, "removed": 1}
    assert "-Lisbon\n+Porto\n" in changes.diff
    summary = changes.summary()
    assert "diff" not in summary.model_dump() and summary.counts == changes.counts
    assert compare(PLAN, PLAN).counts.model_dump() == {"added": 0, "changed": 0, "removed": 0}
    assert compare("", "## A\nx\n").counts.added == 1


def test_a_persons_sections_are_found_and_put_back() -> None:
    edited = PLAN.replace("Lisbon", "Lisbon, near the river") + "\n## Mine\n\nmy notes\n"
    mine = written_by_person(PLAN, edited)
    assert [s.title for s in mine] == ["Location", "Mine"]
    planner_again = "# Plan\n\n## Location\n\nsomewhere else\n\n## Budget\n\n$1\n"
    kept = impose(planner_again, mine)
    assert by_title(kept)["Location"].body == "Lisbon, near the river\n\n```\n## not a heading\n```"
    assert by_title(kept)["Mine"].body == "my notes"
    assert by_title(kept)["Budget"].body == "$1"
    assert impose(planner_again, []) == planner_again
    assert impose("no newline", [Section("A", "## A\nx")]) == "no newline\n## A\nx\n"


def test_feedback_names_a_section_whatever_its_case_and_spacing() -> None:
    assert names_section("Please redo the  budget section", "Budget")
    assert names_section("more on budget", "Budget (2)")
    assert not names_section("more on location", "Budget")
