"""Which entities ground a goal, and the honest coverage figure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from planloop.memory import Memory, Vault, grounding
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


def test_the_chosen_notes_are_those_weighed_read_once(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A creation grounds in the notes as read to weigh them, not read again."""
    reads: list[list[str]] = []
    read_many = vault.read_many

    def counted(names: Sequence[str]) -> dict[str, str]:
        reads.append(list(names))
        return read_many(names)

    monkeypatch.setattr(vault, "read_many", counted)
    goal = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
    chosen = grounding.chosen_notes(vault, goal)
    assert [n.name for n in chosen] == ["lisbon_rent", "flour", "ovens"]
    assert chosen[1].text == vault.read("flour")
    assert len(reads) == 1


def test_choose_takes_the_best_related_notes(vault: Vault) -> None:
    goal = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
    # key terms: bakery, lisbon (its budget is how, not what); two notes match both, "ovens"
    # one of the two: at grounding.MIN_RELEVANCE, so it is used, ranked after them
    assert grounding.choose(vault, goal) == ["lisbon_rent", "flour", "ovens"]
    # a note that shares only the money with the goal is not related to it
    assert grounding.choose(vault, "Plan a podcast with a budget of $900") == ["podcast"]
    assert grounding.choose(vault, goal, limit=1) == ["lisbon_rent"]
    # common verbs, stopwords and numbers are no key terms: nothing matches them alone
    assert grounding.choose(vault, "Open it within 6 months") == []
    assert grounding.choose(vault, "Launch a newsletter") == []


def test_a_note_that_shares_only_the_money_is_not_related(tmp_path: Path) -> None:
    """Found by a new user's trial: "Run a marathon … with a budget of -£500" was grounded on
    a house move's plan ("… budget £4,500"), whose budget and deadline became data points."""
    v = Vault(tmp_path / "memory")
    write_entity(v, "move", "# Move house to Leeds, budget £4,500 and total costs\n\nBoxes.\n")
    assert grounding.choose(v, "Run a marathon by 1 October with a budget of £500") == []
    assert grounding.choose(v, "Move to Leeds in spring") == ["move"]


def test_coverage_is_the_share_of_key_terms_the_entities_contain() -> None:
    goal = "Open a bakery in Lisbon with organic flour"  # key terms: bakery lisbon organic flour
    notes = [MemoryNote("rent", "Bakery rent in Lisbon."), MemoryNote("misc", "nothing")]
    cover = grounding.coverage(goal, notes)
    assert cover.entities == ["rent", "misc"]
    assert cover.coverage == 0.5
    assert grounding.coverage(goal, []).coverage == 0.0
    assert grounding.coverage("", notes).coverage == 0.0


# -- relevance: related notes only, never at zero; generated plans rank below a person's ----

MONOLITH_PLAN = (
    "## Milestones\n\nWave 1 by Q3: billing module first. Budget, team and risks reviewed"
    " weekly; the delivery team trains on the new stack. Training, budget and schedule.\n"
)


@pytest.fixture
def memory(request: pytest.FixtureRequest, tmp_path: Path) -> Memory:
    """The memory the suite's ``--backend`` names: a folder, or PostgreSQL."""
    if request.config.getoption("--backend") == "postgres":
        pg: Memory = request.getfixturevalue("pg")
        return pg
    return Vault(tmp_path / "memory")


def _seed(memory: Memory) -> None:
    memory.save_plan(
        run_id="run-monolith-1",
        goal="Migrate our monolith to microservices by Q3",
        plan=MONOLITH_PLAN,
        facts={"deadline": "Q3", "budget": "EUR 200,000"},
    )
    memory.create(
        "Alfama",
        "# Alfama\n\ntype: place\n\nThe premises in Alfama, Lisbon.\n\n## Facts\n\n"
        "- rent: EUR 2,400 a month\n- size: 60 m2\n",
    )
    memory.create("Ana", "# Ana\n\ntype: person\n\nAna is a baker; she leads the opening.\n")


def test_an_unrelated_plan_is_never_used_even_when_its_words_match(memory: Memory) -> None:
    _seed(memory)
    goal = "Train for my first marathon in 16 weeks with a training budget and schedule"
    # The old plan's text shares "training", "budget", "schedule" with this goal (the old
    # ranking picked it); its goal (a migration) shares nothing: it is not used.
    plan = memory.find_by_run("run-monolith-1")
    assert plan is not None
    assert any(hit.name == plan for hit in memory.search_hits("training budget schedule"))
    assert grounding.choose(memory, goal) == []
    weighed = grounding.relevance(goal, memory.notes([plan])[0])
    assert weighed.plan and weighed.relevance == 0.0


def test_a_related_person_note_is_used_and_ranks_above_a_related_plan(memory: Memory) -> None:
    _seed(memory)
    memory.save_plan(
        run_id="run-cafe-2",
        goal="Open a bakery café in Alfama, Lisbon",
        plan="## Steps\n\nPermits, premises, staff.\n",
        facts={},
    )
    cafe = memory.find_by_run("run-cafe-2")
    goal = "Open a bakery in Alfama with Ana leading the opening"
    chosen = grounding.choose(memory, goal)
    # The notes the goal names come first, the related old plan after them; the monolith
    # migration's plan is not related and is left out.
    assert chosen[:2] == ["Alfama", "Ana"]
    assert chosen[2:] == [cafe]
    assert all(r.relevance >= grounding.MIN_RELEVANCE for r in grounding.weigh(memory, goal))


def test_below_the_threshold_nothing_is_used(memory: Memory) -> None:
    memory.create("weather", "# Weather\n\nLisbon is sunny.\n")
    # key terms: bakery, lisbon, pastries, espresso, tourists, seating: 1/6 < MIN_RELEVANCE
    goal = "Open a bakery in Lisbon with pastries, espresso, tourists and seating"
    assert grounding.MIN_RELEVANCE > 1 / 6
    assert grounding.choose(memory, goal) == []
    assert grounding.choose(memory, "Lisbon pastries") == ["weather"]  # 1/2: related


def test_an_old_plan_needs_half_of_the_goal_to_be_related(memory: Memory) -> None:
    memory.save_plan(run_id="run-bakery-4", goal="Open a bakery in Lisbon", plan="x", facts={})
    # wedding, lisbon, guests: the old goal shares one of three, less than half
    assert grounding.choose(memory, "Plan a wedding in Lisbon next September for 80 guests") == []
    assert grounding.choose(memory, "A second bakery in Lisbon") == [
        memory.find_by_run("run-bakery-4")
    ]


def test_a_generic_word_alone_does_not_make_an_old_plan_related(memory: Memory) -> None:
    _seed(memory)  # the old plan's goal: "Migrate our monolith … billing module first"
    memory.save_plan(
        run_id="run-billing-3",
        goal="Migrate our monolith to microservices, billing module first",
        plan="## Waves\n\nBilling first.\n",
        facts={},
    )
    # "first" is shared, and says nothing of what either is about
    assert grounding.choose(memory, "Train for my first marathon in 16 weeks") == []
    # the same topic is related
    related = grounding.choose(memory, "Split the billing module out of our monolith")
    assert related and all(name.startswith("plan_migrate_our_monolith") for name in related)


def test_notes_of_one_title_are_told_apart_by_their_names() -> None:
    """Found as a user: a proposal's memory said "Open a bakery in Lisbon …" three times,
    one for each run of the goal saved."""
    plan = "# Open a bakery in Lisbon\n\nThe plan.\n"
    notes = [
        MemoryNote("open-a-bakery-in-lisbon", plan),
        MemoryNote("open-a-bakery-in-lisbon-2", plan),
        MemoryNote("rent", "# Rent in Lisbon\n\nAbout €2,000 a month.\n"),
    ]
    assert grounding.coverage("Open a bakery in Lisbon", notes).titles == [
        "Open a bakery in Lisbon (open-a-bakery-in-lisbon)",
        "Open a bakery in Lisbon (open-a-bakery-in-lisbon-2)",
        "Rent in Lisbon",
    ]
