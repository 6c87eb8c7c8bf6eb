"""One seed for everything random in the suite: fixed by default, printed, overridable.

``PLANLOOP_TEST_SEED=<n> make test`` replays (or varies) every randomized test at once: the
kill soak's plan of kills, the stream clients' random disconnect points, the Hypothesis
state machine and the schema fuzz. The seed in use is printed in pytest's header and by
every test that uses it (pytest shows a failing test's output), so a failure says how to
replay it. Each user derives its own stream from the seed and its name, so adding one
does not change the others' draws.
"""

from __future__ import annotations

import hashlib
import os
import random

ENV = "PLANLOOP_TEST_SEED"
DEFAULT = 14


def base_seed() -> int:
    raw = os.environ.get(ENV, "").strip()
    return int(raw) if raw else DEFAULT


def seed_for(name: str) -> int:
    """A seed of ``name``'s own, derived from the suite's seed."""
    digest = hashlib.sha256(f"{base_seed()}:{name}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def rng(name: str) -> random.Random:
    """A seeded random for ``name``; prints how to replay it."""
    seed = seed_for(name)
    print(f"\n{name}: random seed {seed} (from {ENV}={base_seed()})")
    return random.Random(seed)
