"""user.md's list of entities: the link a saved plan adds, cheap however long the list is
(issue 19), and still only in the real "Entities" section."""

from __future__ import annotations

from planloop.memory import notes


def _links(n: int) -> str:
    text = "# User\n\n## Entities\n\n"
    return text + "".join(f"- [[entities/plan_{i:04d}.md]]\n" for i in range(n))


def test_a_link_goes_after_the_last_of_a_thousand() -> None:
    text = _links(1000) + "\n## Notes\n\nMine.\n"
    added = notes.add_entity_link(text, "plan_new")
    assert added == text.replace(
        "- [[entities/plan_0999.md]]\n", "- [[entities/plan_0999.md]]\n- [[entities/plan_new.md]]\n"
    )
    assert notes.add_entity_link(added, "plan_new") is None


def test_a_heading_inside_a_code_block_is_not_the_section() -> None:
    text = "# User\n\n```\n## Entities\n```\n\n## Entities\n\n- [[entities/a.md]]\n"
    assert notes.add_entity_link(text, "b") == text + "- [[entities/b.md]]\n"
    fenced = "# User\n\n~~~md\n## Entities\n- [[entities/a.md]]\n~~~\n"
    assert notes.add_entity_link(fenced, "b") == fenced + "\n## Entities\n\n- [[entities/b.md]]\n"


def test_linked_means_a_link_to_that_very_name() -> None:
    text = "- [[entities/plan_ab.md]]\n- [[ entities/c | the c ]]\n- entities/d without brackets\n"
    assert notes.is_linked(text, "plan_ab")
    assert not notes.is_linked(text, "plan_a")
    assert notes.is_linked(text, "c")
    assert not notes.is_linked(text, "d")
