"""Two tiers of HTTP tests, one set of test data, one seed.

* In-process (``@pytest.mark.in_process``, or the ``app_client`` / ``app_server``
  fixtures): the app over httpx.ASGITransport with its lifespan and a real store (SQLite
  file, or PostgreSQL with ``--backend=postgres``). For finite requests: JSON endpoints,
  decisions, the memory API, errors, guards. See tests/inprocess.py.
* uvicorn (``server``, ``fresh_server``, and ``client`` in unmarked tests): a real server
  in a subprocess, for open streams, sockets, kills, restarts, browsers and CLIs.

Test data comes from tests/factories.py; randomness from tests/seeds.py (fixed, printed,
``PLANLOOP_TEST_SEED``); waiting from tests/waiting.py (a condition and a deadline, never
a sleep before an assert).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests import seeds
from tests.inprocess import InProcessApp, running_app
from tests.server import ServerProcess


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="store backend for the servers the tests start",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "in_process: finite requests only; the client is the app over httpx.ASGITransport"
        " (tests/inprocess.py), not a uvicorn subprocess",
    )


# Folders whose tests run long (soaks, fuzzing, kills, browsers, CLI processes) go first:
# the workers then end on short tests, not with one worker still in a 60 s soak while
# the other waits (longest first is the classic fix for such a tail).
LONG_FIRST = ("reliability", "scale", "browser", "cli")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        parts = item.path.relative_to(Path(__file__).parent).parts
        return LONG_FIRST.index(parts[0]) if parts[0] in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: each folder keeps its order


def pytest_report_header(config: pytest.Config) -> str:
    return f"random seed: {seeds.ENV}={seeds.base_seed()} (set it to replay or vary)"


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server for the session: PLANLOOP_TEST_PG_URL, or one started here."""
    given = os.environ.get("PLANLOOP_TEST_PG_URL")
    if given:
        yield given
        return
    from tests.pg import PostgresServer

    pg = PostgresServer().start()
    try:
        yield pg.admin_url
    finally:
        pg.stop()


@pytest.fixture(scope="session", autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The whole suite runs against either store (``--backend``), as dbos does."""
    chosen: str = request.config.getoption("--backend")
    os.environ["PLANLOOP_TEST_BACKEND"] = chosen
    if chosen == "postgres":
        url = request.getfixturevalue("pg_admin_url")
        os.environ["PLANLOOP_TEST_PG_URL"] = url
    return chosen


# -- the in-process tier: finite requests, no socket --------------------------------------


@pytest.fixture
async def app_pair(tmp_path: Path) -> AsyncIterator[tuple[InProcessApp, httpx.AsyncClient]]:
    async with running_app(tmp_path) as pair:
        yield pair


@pytest.fixture
def app_server(app_pair: tuple[InProcessApp, httpx.AsyncClient]) -> InProcessApp:
    """This test's own app, in this process (its folder, settings, a ``client()`` factory)."""
    return app_pair[0]


@pytest.fixture
def app_client(app_pair: tuple[InProcessApp, httpx.AsyncClient]) -> httpx.AsyncClient:
    """A browser-like client of this test's in-process app: keeps its session cookie."""
    return app_pair[1]


# -- the uvicorn tier: streams, sockets, kills, restarts, browsers, CLIs -------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real uvicorn per test module (tests use fresh cookie sessions to stay apart)."""
    proc = ServerProcess(tmp_path_factory.mktemp("server")).start()
    yield proc
    proc.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of this test's own, for kills and restarts."""
    proc = ServerProcess(tmp_path)
    yield proc
    proc.stop()


@pytest.fixture
async def server_client(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client of the module's uvicorn: keeps its session cookie."""
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        yield c


@pytest.fixture
def client(request: pytest.FixtureRequest) -> httpx.AsyncClient:
    """A browser-like client, new per test: of an in-process app for tests marked
    ``in_process`` (no uvicorn is started for them), of the module's uvicorn otherwise."""
    in_process = request.node.get_closest_marker("in_process") is not None
    chosen: httpx.AsyncClient = request.getfixturevalue(
        "app_client" if in_process else "server_client"
    )
    return chosen
