"""Item 6: property-based fuzzing of the whole HTTP API from its own OpenAPI schema.

Schemathesis reads ``/openapi.json`` from a real server subprocess and generates requests
for every operation — valid ones and, in its negative mode, invalid ones — then checks
each answer: never a 5xx, a status code the schema documents, the documented content
type and headers, a body that matches the documented schema. The stateful test chains
operations through the links Schemathesis infers (create a run, then read, decide,
pause, cancel it by the id it returned). One session cookie is kept throughout, as a
browser would, so the run ids it creates are its own.

Excluded: the endpoints that stream until a run ends (``/api/runs/{id}/events``,
``/api/execute-plan``, ``/api/agui``) — a fuzzer waits for a whole body.
Bounded by ``PLANLOOP_FUZZ_EXAMPLES`` per operation and mode (default 20, ~1,200
requests) and ``PLANLOOP_FUZZ_STATEFUL`` per operation in the engine's phases (default
40): about 35 s on two cores, sized for the suite. Raise them for a deeper search (40
examples: ~2,300 requests, about 1.4 times as long).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import seeds
from tests.reliability.common import NO_LIMITS
from tests.server import ServerProcess

EXAMPLES = int(os.environ.get("PLANLOOP_FUZZ_EXAMPLES", "20"))
STATEFUL = int(os.environ.get("PLANLOOP_FUZZ_STATEFUL", "40"))
STREAMS = r"(/events$|^/api/execute-plan$|^/api/agui$)"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SEED = seeds.seed_for("schema fuzz")
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
    derandomize=True,
    database=None,
)
COUNT = {
    "requests": 0,
    "stateful_requests": 0,
    "scenarios": 0,
    "operations": 0,
    "nothing_to_negate": 0,
}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("fuzz"),
        PLANLOOP_MAX_ACTIVE_RUNS_PER_SESSION="100000",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.05",
        **NO_LIMITS,
    ).start()
    yield proc
    proc.stop()
    print(
        f"\nschema fuzz: {COUNT['operations']} operations, {COUNT['requests']} generated "
        f"requests (positive and negative; {COUNT['nothing_to_negate']} operations have "
        f"nothing to negate), {COUNT['stateful_requests']} more by the engine's coverage "
        f"and stateful phases ({COUNT['scenarios']} stateful scenarios); seed {SEED} "
        f"({seeds.ENV}={seeds.base_seed()})"
    )


@pytest.fixture(scope="module")
def session(fuzz_server: ServerProcess) -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.get(f"{fuzz_server.url}/api/runs", timeout=10)  # the session cookie, kept from now on
        yield s


@pytest.fixture(scope="module")
def api_schema(fuzz_server: ServerProcess) -> Any:
    loaded = schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json")
    return loaded.exclude(path_regex=STREAMS)


def server_errors(server: ServerProcess) -> str:
    """The server's tracebacks, for the failure message."""
    log = server.log_path.read_text(errors="replace")
    found = re.findall(r"Traceback \(most recent call last\):.*?\n(?=\S)[^\n]*", log, re.S)
    return "\n\nserver tracebacks (last 3):\n" + "\n---\n".join(t[-1500:] for t in found[-3:])


def operations(api_schema: Any) -> list[Any]:
    found = [result.ok() for result in api_schema.get_all_operations()]
    assert found, "the schema has no operations"
    return found


@pytest.mark.timeout(150)
def test_every_operation_answers_as_documented_and_never_5xx(
    api_schema: Any, session: requests.Session, fuzz_server: ServerProcess
) -> None:
    """(Schemathesis' own pytest plugin, ``from_fixture``, does not run on pytest 9: it
    sets ``node._nodeid``. So each operation gets its Hypothesis test here, in both
    generation modes, and every failure is collected before the test fails.)"""
    failures: list[str] = []
    for operation in operations(api_schema):
        COUNT["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @seed(SEED)
            @given(case=operation.as_strategy(mode))
            @SETTINGS
            def fuzz(case: Any) -> None:
                COUNT["requests"] += 1
                case.call_and_validate(
                    base_url=fuzz_server.url, session=session, checks=CHECKS, timeout=15
                )

            try:
                fuzz()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing in it can be made invalid
                COUNT["nothing_to_negate"] += 1
            except (Exception, BaseExceptionGroup) as exc:  # collected, then reported together
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    assert failures == [], "\n\n".join(failures) + server_errors(fuzz_server)


@pytest.mark.timeout(150)
def test_sequences_of_operations_answer_as_documented(
    fuzz_server: ServerProcess, tmp_path: Path
) -> None:
    """The coverage phase (boundary and invalid values for every parameter) and the
    stateful phase (operations chained through inferred links: POST /api/runs -> its
    run_id -> GET, pause, decide, cancel, ...), run by Schemathesis' own engine.

    (Through the Python API, ``schema.as_state_machine()`` trips Hypothesis'
    FlakyStrategyDefinition against a live server: which links are open depends on what
    the server answered before. The engine behind the ``schemathesis`` command handles
    that, so it runs here, as a subprocess, with one fixed session cookie.)"""
    cookie = f"planloop_session={secrets.token_urlsafe(32)}"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{fuzz_server.url}/openapi.json",
        "--phases",
        "coverage,stateful",
        "--max-examples",
        str(STATEFUL),
        "--seed",
        str(SEED),
        "--checks",
        ",".join(check.__name__ for check in CHECKS),
        "--exclude-path-regex",
        STREAMS,
        "--header",
        f"Cookie: {cookie}",
        "--request-timeout",
        "15",
        "--continue-on-failure",
        "--warnings",
        "off",
        "--report-dir",
        str(tmp_path),
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, timeout=140, cwd=tmp_path, check=False
    )
    report = out.stdout + out.stderr
    cases = re.search(r"(\d+) generated", report)
    COUNT["stateful_requests"] += int(cases.group(1)) if cases else 0
    scenarios = re.search(r"Scenarios:\s+(\d+)", report)
    COUNT["scenarios"] += int(scenarios.group(1)) if scenarios else 0
    assert out.returncode == 0, report[-6000:] + server_errors(fuzz_server)
    assert "Stateful" in report and scenarios is not None, report[-3000:]
