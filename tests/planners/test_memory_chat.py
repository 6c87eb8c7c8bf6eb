"""The offline planner's chat finds facts by their field and notes by the names asked for."""

from __future__ import annotations

from planloop.planners.base import MemoryNote
from planloop.planners.offline.memory_chat import answer

ALFAMA = MemoryNote(
    "Alfama",
    "# Alfama\n\ntype: place\n\nThe premises we looked at in Alfama, Lisbon.\n\n## Facts\n\n"
    "- size: 60 m2\n- rent: EUR 2,400 a month\n- landlord: Mr Costa\n",
)
ANA = MemoryNote("Ana", "# Ana\n\ntype: person\n\nAna is a baker; she leads the opening.\n")
# A generated plan that mentions rent and Alfama more often than the note itself.
PLAN = MemoryNote(
    "plan_open_a_bakery_in_alfama_1a2b3c4d",
    "# Open a bakery in Alfama\n\ntype: plan\n\nPlan for: Open a bakery in Alfama\n\n"
    "## Plan\n\nRent in Alfama is high; budget the rent for Alfama premises first.\n\n"
    "## Facts\n\n- goal: Open a bakery in Alfama\n- budget: EUR 80,000\n",
)
MEMORY = [PLAN, ALFAMA, ANA]


def test_a_fact_is_found_by_its_field_in_the_note_named() -> None:
    reply = answer("What is the rent in Alfama?", MEMORY)
    first = reply.splitlines()[2]
    assert first == "- [[Alfama]]: “rent: EUR 2,400 a month”"
    assert reply.startswith("From memory ([[Alfama]]")


def test_a_person_is_found_by_name() -> None:
    reply = answer("Who is Ana?", MEMORY)
    assert reply.splitlines()[2] == "- [[Ana]]: “Ana is a baker; she leads the opening.”"
    assert "Nothing in memory matches" not in reply
    assert answer("who is ana", MEMORY).splitlines()[2].startswith("- [[Ana]]")


def test_a_note_titled_as_asked_is_found_by_its_title() -> None:
    note = MemoryNote("premises_2", "# Rua Augusta\n\n- rent: EUR 3,100 a month\n")
    reply = answer("What is the rent at Rua Augusta?", [ALFAMA, note])
    assert reply.splitlines()[2] == "- [[premises_2]]: “rent: EUR 3,100 a month”"


def test_nothing_named_and_nothing_shared_is_no_answer() -> None:
    assert "Nothing in memory matches" in answer("Who is Bruno?", MEMORY)


def test_a_plan_is_linked_by_its_goal() -> None:
    reply = answer("What budget did the bakery plan have?", [PLAN])
    link = "[[plan_open_a_bakery_in_alfama_1a2b3c4d|Open a bakery in Alfama]]"
    assert reply.splitlines()[2] == f"- {link}: “budget: EUR 80,000”"
