"""Item 7: a Hypothesis state machine drives runs through their whole life on a real server.

Rules: create a run, approve or reject its checkpoint (and try the other decision and the
same one again), pause, resume, cancel, reconnect its stream from a random Last-Event-ID,
and SIGKILL + restart the server. Each run belongs to its own browser session.

Invariants, checked after every step against every run:

* its event log has no gap and no duplicate, however it was read (in pieces across
  restarts, and from random reconnect points);
* its status only moves along the allowed transitions (``ALLOWED`` in common.py: a
  terminal status is final; ``iteration_*`` events only while running), both in the log
  and in what ``GET /api/runs/{id}`` says, which always matches the log up to its
  ``last_seq``;
* every checkpoint has exactly one decision, and it is the one that was answered 200.

Bounded (``PLANLOOP_MACHINE_EXAMPLES``, default 8, of ``PLANLOOP_MACHINE_STEPS``,
default 12) and seeded (tests/seeds.py: fixed, printed, ``PLANLOOP_TEST_SEED`` varies it),
so CI explores the same sequences each time; set
``PLANLOOP_MACHINE_EXPLORE=1`` to explore others (a failure prints its reproduction blob).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests import seeds
from tests.reliability.common import NO_LIMITS, STATUS_AFTER, TERMINAL, check_log, decisions
from tests.server import ServerProcess

EXAMPLES = int(os.environ.get("PLANLOOP_MACHINE_EXAMPLES", "8"))
STEPS = int(os.environ.get("PLANLOOP_MACHINE_STEPS", "12"))
EXPLORE = os.environ.get("PLANLOOP_MACHINE_EXPLORE") == "1"
COUNT = {"steps": 0, "restarts": 0, "runs": 0, "events": 0, "decisions": 0, "reconnects": 0}


@pytest.fixture(scope="module")
def machine_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("machine"), PLANLOOP_OFFLINE_STEP_DELAY_S="0.03", **NO_LIMITS
    ).start()
    yield proc
    proc.stop()


@dataclass
class Tracked:
    client: httpx.Client
    log: list[dict[str, Any]] = field(default_factory=list)
    accepted: dict[int, str] = field(default_factory=dict)  # checkpoint -> decision answered 200
    status: str = "running"
    last_seq: int = 0
    iteration: int = 0


def read_events(client: httpx.Client, run_id: str, after: int, until: int) -> list[dict[str, Any]]:
    """Events ``after`` < seq <= ``until``, reading on past a ``complete`` if need be."""
    got: list[dict[str, Any]] = []
    cursor = after
    while cursor < until:
        with client.stream(
            "GET", f"/api/runs/{run_id}/events", headers={"Last-Event-ID": str(cursor)}
        ) as r:
            assert r.status_code == 200, r.read()
            data = None
            for line in r.iter_lines():
                if line.startswith("data: "):
                    data = line[6:]
                elif line == "" and data is not None:
                    e = json.loads(data)
                    data = None
                    assert e["seq"] == cursor + 1, f"{run_id}: seq {e['seq']} after {cursor}"
                    got.append(e)
                    cursor = e["seq"]
                    if cursor >= until:
                        break
    return got


def status_at_end(log: list[dict[str, Any]]) -> str:
    status = "running"
    for e in log:
        after = e["status"] if e["type"] == "complete" else STATUS_AFTER.get(e["type"])
        status = after or status
    return status


@pytest.mark.timeout(300)
def test_run_lifecycle_state_machine(machine_server: ServerProcess) -> None:
    server = machine_server

    class Lifecycle(RuleBasedStateMachine):
        runs = Bundle("runs")

        def __init__(self) -> None:
            super().__init__()
            self.tracked: dict[str, Tracked] = {}
            self.restarts = 0  # one per sequence: each costs a server start

        def view(self, run_id: str) -> dict[str, Any]:
            r = self.tracked[run_id].client.get(f"/api/runs/{run_id}")
            assert r.status_code == 200, r.text
            data: dict[str, Any] = r.json()
            return data

        @rule(
            target=runs,
            iterations=st.integers(min_value=2, max_value=4),
            interval=st.integers(min_value=1, max_value=2),
        )
        def create(self, iterations: int, interval: int) -> str:
            COUNT["steps"] += 1
            client = httpx.Client(base_url=server.url, timeout=20)
            body = {
                "goal": "Open a bakery in Lisbon with $40,000",
                "max_iterations": iterations,
                "checkpoint_interval": interval,
                "checkpoint_timeout_s": 3600,
            }
            r = client.post("/api/runs", json=body)
            assert r.status_code == 201, r.text
            run_id: str = r.json()["run_id"]
            self.tracked[run_id] = Tracked(client)
            COUNT["runs"] += 1
            return run_id

        def settled(self, run_id: str) -> dict[str, Any]:
            """The run once it stops on its own (parked, paused or ended); 5 s at most."""
            deadline = time.monotonic() + 5
            while True:
                view = self.view(run_id)
                if view["status"] != "running" or time.monotonic() > deadline:
                    return view
                time.sleep(0.05)

        def decide(self, run_id: str, decision: str) -> None:
            COUNT["steps"] += 1
            view = self.settled(run_id)
            if view["pending_checkpoint"] is None:  # prefer a run that waits, if one does
                for other in self.tracked:
                    candidate = self.view(other)
                    if candidate["pending_checkpoint"] is not None:
                        run_id, view = other, candidate
                        break
            t = self.tracked[run_id]
            number = view["pending_checkpoint"]
            url = f"/api/runs/{run_id}/checkpoints/{number or 1}"
            r = t.client.post(url, json={"decision": decision})
            if number is None:  # nothing waits: refused, unless it repeats the decision made
                planned = (view["max_iterations"] - 1) // view["checkpoint_interval"]
                if planned == 0:  # a run with no checkpoint at all says there is none
                    assert r.status_code == 404, r.text
                    assert r.json()["error"]["code"] == "checkpoint_not_found", r.text
                    return
                assert r.status_code in (200, 409), r.text
                if r.status_code == 200:
                    assert t.accepted.get(1) == decision, (t.accepted, decision)
                return
            assert r.status_code == 200, r.text  # a parked run changes only when told to
            t.accepted[number] = decision
            COUNT["decisions"] += 1
            other = "reject" if decision == "approve" else "approve"
            r = t.client.post(url, json={"decision": other})
            assert r.status_code == 409 and r.json()["error"]["code"] in (
                "checkpoint_already_decided",
                "checkpoint_not_waiting",
            ), r.text
            again = t.client.post(url, json={"decision": decision})
            assert again.status_code == 200 and again.json()["decision"] == decision

        @rule(run_id=runs)
        def approve(self, run_id: str) -> None:
            self.decide(run_id, "approve")

        @rule(run_id=runs)
        def reject(self, run_id: str) -> None:
            self.decide(run_id, "reject")

        @rule(run_id=runs, action=st.sampled_from(["pause", "resume", "cancel"]))
        def control(self, run_id: str, action: str) -> None:
            COUNT["steps"] += 1
            r = self.tracked[run_id].client.post(f"/api/runs/{run_id}/{action}")
            assert r.status_code in (200, 409), r.text
            if r.status_code == 409:
                assert r.json()["error"]["code"] == "conflict"
                return
            status = r.json()["status"]
            expected = {
                "pause": {"running", "paused"},
                "resume": {"running"},
                "cancel": {"cancelled"},
            }[action]
            assert status in expected, (action, status)

        @rule(run_id=runs, back=st.integers(min_value=0, max_value=10_000))
        def reconnect(self, run_id: str, back: int) -> None:
            COUNT["steps"] += 1
            COUNT["reconnects"] += 1
            t = self.tracked[run_id]
            last = self.view(run_id)["last_seq"]
            after = back % (last + 1)
            got = read_events(t.client, run_id, after, last)
            known = {e["seq"]: e for e in t.log}
            for e in got:  # what a reconnect replays is what was logged before
                if e["seq"] in known:
                    assert e == known[e["seq"]]

        @precondition(lambda self: self.restarts < 1)
        @rule()
        def restart(self) -> None:
            COUNT["steps"] += 1
            COUNT["restarts"] += 1
            self.restarts += 1
            server.kill()
            server.start()
            for t in self.tracked.values():  # same browsers, fresh connections
                cookies = t.client.cookies
                t.client.close()
                t.client = httpx.Client(base_url=server.url, timeout=20, cookies=cookies)

        @invariant()
        def every_run_is_consistent(self) -> None:
            for run_id, t in self.tracked.items():
                view = self.view(run_id)
                assert view["last_seq"] >= t.last_seq, "the log shrank"
                assert view["iteration"] >= t.iteration, "the iteration went back"
                if t.status in TERMINAL:
                    assert view["status"] == t.status, f"{t.status} -> {view['status']}"
                t.log += read_events(t.client, run_id, t.last_seq, view["last_seq"])
                COUNT["events"] += view["last_seq"] - t.last_seq
                t.last_seq, t.iteration, t.status = (
                    view["last_seq"],
                    view["iteration"],
                    view["status"],
                )
                check_log(t.log)
                assert status_at_end(t.log) == view["status"], (status_at_end(t.log), view)
                recorded = decisions(t.log)
                for number, decision in t.accepted.items():
                    expected = "approved" if decision == "approve" else "rejected"
                    assert recorded.get(number) == expected, (number, decision, recorded)
                stored = {c["number"]: c["status"] for c in view["checkpoints"]}
                for number, status in stored.items():
                    if status in ("approved", "rejected"):
                        assert recorded.get(number) == status, (number, status, recorded)

        def teardown(self) -> None:
            for run_id, t in self.tracked.items():
                t.client.post(f"/api/runs/{run_id}/cancel")
                t.client.close()

    machine_seed = seeds.seed_for("lifecycle machine")
    print(f"\nlifecycle machine: seed {machine_seed} ({seeds.ENV}={seeds.base_seed()})")
    run_state_machine_as_test(
        Lifecycle if EXPLORE else seed(machine_seed)(Lifecycle),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not EXPLORE,
            database=None,
            print_blob=True,
        ),
    )
    print(
        f"\nlifecycle machine: {EXAMPLES} sequences, {COUNT['steps']} steps, {COUNT['runs']} "
        f"runs, {COUNT['restarts']} kill+restarts, {COUNT['decisions']} decisions, "
        f"{COUNT['reconnects']} random reconnects, {COUNT['events']} events checked"
    )
