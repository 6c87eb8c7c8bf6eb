"""Which entities ground a goal, and the honest coverage figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from planloop.memory import Vault, grounding
from planloop.planners.base import MemoryNote
from tests.memory.test_vault import write_entity


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    v = Vault(tmp_path / "memory")
    write_entity(v, "lisbon_rent", "# Rent\n\nBakery rent in Lisbon: €2,000 a month.\n")
    write_entity(v, "ovens", "# Ovens\n\nA bakery needs deck ovens.\n")
    write_entity(v, "flour", "# Flour\n\nOrganic flour for the bakery, Lisbon suppliers.\n")
    write_entity(v, "podcast", "# Podcast\n\nMicrophones and hosting.\n")
    write_entity(v, "generic", "# Generic\n\nOpen it with care within months.\n")
    return v


def test_choose_takes_the_best_three_that_match_a_key_term(vault: Vault) -> None:
    goal = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
    # key terms: bakery, lisbon, budget; two notes match two of them, "ovens" one
    assert grounding.choose(vault, goal) == ["lisbon_rent", "flour", "ovens"]
    assert grounding.choose(vault, goal, limit=1) == ["lisbon_rent"]
    # common verbs, stopwords and numbers are no key terms: nothing matches them alone
    assert grounding.choose(vault, "Open it within 6 months") == []
    assert grounding.choose(vault, "Launch a newsletter") == []


def test_coverage_is_the_share_of_key_terms_the_entities_contain() -> None:
    goal = "Open a bakery in Lisbon with organic flour"  # key terms: bakery lisbon organic flour
    notes = [MemoryNote("rent", "Bakery rent in Lisbon."), MemoryNote("misc", "nothing")]
    cover = grounding.coverage(goal, notes)
    assert cover.entities == ["rent", "misc"]
    assert cover.coverage == 0.5
    assert grounding.coverage(goal, []).coverage == 0.0
    assert grounding.coverage("", notes).coverage == 0.0
