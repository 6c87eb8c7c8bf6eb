"""The graph view of a note's Markdown and the line edits that change it (pure functions)."""

from __future__ import annotations

import pytest

from planloop.errors import InvalidInput
from planloop.memory import markup
from planloop.memory.markup import LINKS_TO

NOTE = """---
type: person
aliases: [[entities/not_a_link.md]]
---
# Ana

Owner of [[entities/alfama_bakery.md|the bakery]] since 2020.

- role: owner
- likes: sourdough
- a plain bullet outside the observations section
- works_at: [[entities/alfama_bakery.md]]
- knows: [[joao]], [[entities/maria.md]]
- [[people/rui#Notes]]

```
- fake: fact in code
- fake_rel: [[entities/ghost.md]]
```

## Observations

- Speaks Portuguese and English
- met: at [[conference_2024]] in March

## Plan

- **Budget**: not a fact, the plan's text
- see [[entities/budget_sheet.md]]
"""


def test_observations_are_fact_bullets_and_the_observations_section() -> None:
    assert markup.observations(NOTE) == [
        "role: owner",
        "likes: sourdough",
        "Speaks Portuguese and English",
        "met: at [[conference_2024]] in March",
    ]


def test_relations_are_typed_link_lines_and_every_other_link() -> None:
    assert markup.relations(NOTE) == [
        (LINKS_TO, "alfama_bakery"),
        ("works_at", "alfama_bakery"),
        ("knows", "joao"),
        ("knows", "maria"),
        (LINKS_TO, "rui"),
        (LINKS_TO, "conference_2024"),
        (LINKS_TO, "budget_sheet"),
    ]


def test_a_link_names_an_entity_by_its_file_name_only() -> None:
    text = "- x: [[../../etc/passwd]]\n[[user.md]] [[what?]] [[ ]] [[.hidden]]\n"
    # a path never leads out of entities/: only the file's name counts, if it is a valid name
    assert markup.relations(text) == [("x", "passwd"), (LINKS_TO, "user")]


def test_crlf_and_bom_notes_read_the_same() -> None:
    text = "\ufeff# A\r\n\r\n- role: owner\r\n- works_at: [[b]]\r\n"
    assert markup.observations(text) == ["role: owner"]
    assert markup.relations(text) == [("works_at", "b")]


def test_render_entity_reads_back() -> None:
    text = markup.render_entity(
        "Ana", "person", ["Bakes bread", "role: owner"], [("works_at", "Alfama bakery")]
    )
    assert text.startswith("# Ana\n\ntype: person\n\n## Observations\n")
    assert "- works_at: [[entities/Alfama bakery.md]]" in text
    assert markup.observations(text) == ["Bakes bread", "role: owner"]
    assert markup.relations(text) == [("works_at", "Alfama bakery")]


def test_add_observations_goes_into_the_section_and_keeps_every_other_byte() -> None:
    text = (
        "# A\r\n\r\nIntro.\r\n\r\n## Observations\r\n\r\n- one\r\n\r\n"
        "## Relations\r\n\r\n- r: [[b]]\r\n"
    )
    updated, added = markup.add_observations(text, ["two", "one", "two"])
    assert added == ["two"]
    assert updated == text.replace("- one\r\n", "- one\r\n- two\r\n")
    assert markup.add_observations(updated, ["one", "two"]) == (updated, [])


def test_add_observations_creates_the_section_at_the_end() -> None:
    updated, _ = markup.add_observations("# A\n\nNo newline at the end", ["fact: 1"])
    assert updated == "# A\n\nNo newline at the end\n\n## Observations\n\n- fact: 1\n"
    empty, _ = markup.add_observations("", ["x"])
    assert empty == "## Observations\n\n- x\n"


def test_add_into_an_empty_section_before_the_next_heading() -> None:
    updated, _ = markup.add_observations("## Observations\n## Next\ntext\n", ["x"])
    assert updated == "## Observations\n\n- x\n\n## Next\ntext\n"


def test_an_open_code_fence_is_closed_before_a_new_section() -> None:
    updated, _ = markup.add_relations("# A\n\n```\ncode\n", [("knows", "b")])
    assert updated == "# A\n\n```\ncode\n```\n\n## Relations\n\n- knows: [[entities/b.md]]\n"
    assert markup.relations(updated) == [("knows", "b")]


def test_add_relations_skips_existing_ones() -> None:
    text = "# A\n\n- works_at: [[entities/b.md]]\n"
    updated, added = markup.add_relations(text, [("works_at", "b"), ("owns", "b")])
    assert added == [("owns", "b")]
    assert updated.endswith("## Relations\n\n- owns: [[entities/b.md]]\n")


def test_delete_observations_removes_only_those_lines() -> None:
    updated, count = markup.delete_observations(NOTE, {"likes: sourdough", "nope"})
    assert count == 1
    assert updated == NOTE.replace("- likes: sourdough\n", "")


def test_delete_relations_edits_lines_and_unlinks_prose() -> None:
    unwanted = {("knows", "joao"), (LINKS_TO, "alfama_bakery"), (LINKS_TO, "rui")}
    updated, count = markup.delete_relations(NOTE, unwanted)
    assert count == 3
    assert "- knows: [[entities/maria.md]]\n" in updated
    assert "Owner of the bakery since 2020." in updated
    assert "- [[people/rui#Notes]]" not in updated
    assert "- works_at: [[entities/alfama_bakery.md]]" in updated  # another type: kept
    assert set(markup.relations(updated)) == set(markup.relations(NOTE)) - unwanted


def test_delete_links_to_an_entity() -> None:
    updated, count = markup.delete_links_to(NOTE, "alfama_bakery")
    assert count == 2
    assert "alfama_bakery" not in updated
    assert all(target != "alfama_bakery" for _, target in markup.relations(updated))


def test_set_type_after_the_title_or_front_matter() -> None:
    assert markup.set_type("# A\nBody\n", "place") == "# A\n\ntype: place\n\nBody\n"
    assert markup.set_type("Body\n", "place") == "type: place\n\nBody\n"
    front = markup.set_type("---\ntags: x\n---\n# A\n", "place")
    assert front == "---\ntags: x\n---\n# A\n\ntype: place\n"
    assert markup.set_type("# A\n\nBody", "x") == "# A\n\ntype: x\n\nBody"


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "two\nlines", "nul\x00", "x" * 1001, "[[b]]", "works_at: [[b]]", 3],
)
def test_bad_observations(bad: object) -> None:
    with pytest.raises(InvalidInput):
        markup.clean_observation(bad)


@pytest.mark.parametrize("bad", ["", "a:b", "[x]", "- x", "# x", "x" * 81, "a\nb"])
def test_bad_relation_types(bad: str) -> None:
    with pytest.raises(InvalidInput):
        markup.clean_relation_type(bad)


@pytest.mark.parametrize("bad", ["", "'quoted'", '"q"', "x" * 41, "a\nb"])
def test_bad_entity_types(bad: str) -> None:
    with pytest.raises(InvalidInput):
        markup.clean_entity_type(bad)
