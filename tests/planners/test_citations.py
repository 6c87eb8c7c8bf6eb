"""Which memory notes a chat reply cites: only notes it was given, however it names them."""

from __future__ import annotations

import pytest

from planloop.planners.base import MemoryNote
from planloop.planners.citations import cited

NOTES = [MemoryNote("lyon-suppliers", "x"), MemoryNote("Old Cafe Plan", "y"), MemoryNote("z", "")]


@pytest.mark.parametrize(
    ("reply", "sources"),
    [
        ("Ask Moulin Bleu [[lyon-suppliers]].\n\nSources: lyon-suppliers", ["lyon-suppliers"]),
        ("See [[old cafe plan|the cafe]] and [[nowhere]].", ["Old Cafe Plan"]),
        (
            "Answer.\n\n**Sources:** memory:Old-Cafe-Plan, Old Cafe Plan, wikipedia",
            ["Old Cafe Plan"],
        ),
        ("Answer.\nSources: [[lyon-suppliers]], `z`.", ["lyon-suppliers", "z"]),
        ("Answer.\nSources: none", []),
        ("Sources: lyon-suppliers\n" + "more text\n" * 6, []),  # not the closing line
        ("No citation at all, though lyon-suppliers is named.", []),
    ],
)
def test_cited(reply: str, sources: list[str]) -> None:
    assert cited(reply, NOTES) == sources
