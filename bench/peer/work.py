"""The peer's per-iteration work, calibrated against planloop's offline planner.

``measure_planner()`` (run by the benchmark at the start of each run, in its own process)
drives the offline planner synchronously (bench/baseline/work.py) and returns its CPU
time per iteration, its progress updates per iteration and the size of the plan it
writes. The peer server gets those three figures in its environment and, at startup,
finds how many SHA-256 rounds take that long on this machine (``Work.calibrate``): each
iteration then does a fixed amount of CPU work (it slows down under load as the real
planner would, unlike a timed spin), emits as many progress updates and carries a plan
of the same size in the graph's state.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Work:
    target_ms: float
    progress: int
    plan_chars: int
    rounds: int = 1  # SHA-256 rounds per progress step
    measured_ms: float = 0.0  # one iteration's work as timed at startup

    def step(self, goal: str, iteration: int, step: int, plan: str) -> str:
        digest = f"{goal}|{iteration}|{step}".encode()
        for _ in range(self.rounds):
            digest = hashlib.sha256(digest).digest()
        line = digest.hex()
        return (line * (self.plan_chars // len(line) + 1))[: self.plan_chars]

    def iteration(self, goal: str, iteration: int) -> str:
        plan = ""
        for s in range(self.progress):
            plan = self.step(goal, iteration, s, plan)
        return plan

    def calibrate(self) -> Work:
        """Rounds per step so that one iteration costs ``target_ms`` of CPU here."""
        probe = 2000
        self.rounds = probe
        times = []
        for _ in range(5):
            t0 = time.process_time()
            self.iteration("calibration", 1)
            times.append(time.process_time() - t0)
        per_round_ms = statistics.median(times) * 1000 / (probe * max(self.progress, 1))
        self.rounds = max(1, round(self.target_ms / max(self.progress, 1) / per_round_ms))
        times = []
        for _ in range(5):
            t0 = time.process_time()
            self.iteration("calibration", 2)
            times.append(time.process_time() - t0)
        self.measured_ms = statistics.median(times) * 1000
        return self

    @classmethod
    def from_env(cls) -> Work:
        return cls(
            target_ms=float(os.environ.get("PEER_WORK_MS", "1.0")),
            progress=int(os.environ.get("PEER_PROGRESS", "3")),
            plan_chars=int(os.environ.get("PEER_PLAN_CHARS", "4000")),
        ).calibrate()

    def env(self) -> dict[str, str]:
        return {
            "PEER_WORK_MS": f"{self.target_ms:.4f}",
            "PEER_PROGRESS": str(self.progress),
            "PEER_PLAN_CHARS": str(self.plan_chars),
        }


def measure_planner(iterations: int = 4, reps: int = 7) -> dict[str, Any]:
    """planloop's offline planner, driven synchronously: CPU ms per iteration (median over
    ``reps`` runs of ``iterations``), progress updates per iteration, plan characters."""
    from bench.baseline.work import Planning
    from planloop.planners.base import IterationResult

    per_iteration: list[float] = []
    progress: list[int] = []
    chars: list[int] = []
    for r in range(reps):
        planning = Planning(f"Open a bakery in Lisbon (calibration {r})", "", iterations, 2)
        for i in range(1, iterations + 1):
            t0 = time.process_time()
            n = 0
            for item in planning.iterate(i):
                if isinstance(item, IterationResult):
                    chars.append(len(item.plan))
                else:
                    n += 1
            per_iteration.append(time.process_time() - t0)
            progress.append(n)
    plan_chars = int(statistics.median(chars)) if chars else 0
    return {
        "ms_per_iteration": statistics.median(per_iteration) * 1000,
        "p90_ms": sorted(per_iteration)[int(0.9 * (len(per_iteration) - 1))] * 1000,
        "progress_per_iteration": round(statistics.median(progress)),
        "plan_chars": plan_chars,
        "samples": len(per_iteration),
    }
