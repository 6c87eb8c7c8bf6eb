"""Item 10: no state-changing endpoint can be driven from another site.

Every state-changing route is taken from ``/openapi.json`` (POST, PUT, PATCH, DELETE, plus
the GET that starts work, ``/api/execute-plan``), so an endpoint added later is covered
without touching this file. Each is sent what a hostile page can make a browser send —
a cross-site Fetch Metadata header, a foreign or opaque ``Origin``, and the "simple"
bodies that need no CORS preflight (form-encoded, multipart, ``text/plain``) — with real
ids in its path (a parked run, its waiting checkpoint, an existing memory entity), so a
request that slipped through would change something. None does; and the same request
from the page's own origin, as JSON, is not refused (the check is not vacuous).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.reliability.common import NO_LIMITS, read_log, state
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

WRITE_METHODS = {"post", "put", "patch", "delete"}
WORK_STARTING_GETS = {"/api/execute-plan"}
EVIL = "https://evil.example"
CROSS_SITE = {
    "fetch-metadata-cross-site",
    "foreign-origin",
    "foreign-origin-same-site",
    "opaque-origin",
    "opaque-origin-sandboxed",
    "form-encoded-cross-site",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("xsite"), **NO_LIMITS).start()
    yield proc
    proc.stop()


@pytest.fixture
async def client(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        yield c


def routes(spec: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for path, item in spec["paths"].items():
        for method in item:
            if method in WRITE_METHODS or (method == "get" and path in WORK_STARTING_GETS):
                found.append((method.upper(), path))
    return sorted(found)


def fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path)


def attacks(origin_self: str) -> dict[str, tuple[dict[str, str], bytes | None]]:
    """name -> (headers, body): what a page on another site can make a browser send."""
    json_body = b'{"goal": "x", "decision": "approve", "markdown": "x", "checkpoint": 1}'
    return {
        "fetch-metadata-cross-site": (
            {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
            json_body,
        ),
        "foreign-origin": ({"Origin": EVIL, "Content-Type": "application/json"}, json_body),
        "foreign-origin-same-site": (
            {"Origin": "http://127.0.0.1.evil.example", "Sec-Fetch-Site": "same-site"},
            json_body,
        ),
        "opaque-origin": (
            {"Origin": "null", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
            json_body,
        ),
        "opaque-origin-sandboxed": ({"Origin": "null", "Sec-Fetch-Site": "same-site"}, json_body),
        "form-encoded": (
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"goal=x&decision=approve&checkpoint=1",
        ),
        "form-encoded-cross-site": (
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": EVIL,
                "Sec-Fetch-Site": "cross-site",
            },
            b"goal=x&decision=approve",
        ),
        "multipart": (
            {"Content-Type": "multipart/form-data; boundary=b"},
            b'--b\r\nContent-Disposition: form-data; name="goal"\r\n\r\nx\r\n--b--\r\n',
        ),
        "text-plain-json": ({"Content-Type": "text/plain"}, json_body),
        "text-plain-json-same-origin": (
            {"Content-Type": "text/plain;charset=UTF-8", "Origin": origin_self},
            json_body,
        ),
    }


async def parked(client: httpx.AsyncClient, goal: str) -> str:
    r = await client.post(
        "/api/runs", json={"goal": goal, "max_iterations": 4, "checkpoint_interval": 2}
    )
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    await read_log(client, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    return run_id


async def world(client: httpx.AsyncClient, run_id: str, entity: str) -> dict[str, Any]:
    """Everything an accepted request could have changed."""
    runs = (await client.get("/api/runs")).json()
    view = await state(client, run_id)
    memory = await client.get(f"/api/memory/entities/{entity}")
    return {
        "runs": sorted((r["run_id"], r["status"]) for r in runs),
        "run": (view["status"], view["last_seq"], view["pending_checkpoint"], view["feedback"]),
        "entities": sorted(e["name"] for e in (await client.get("/api/entities")).json()),
        "entity": memory.text if memory.status_code == 200 else memory.status_code,
        "health_runs": (await client.get("/api/health")).json()["runs"],
    }


async def test_every_state_changing_route_refuses_cross_site_and_simple_bodies(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    spec = (await client.get("/openapi.json")).json()
    found = routes(spec)
    assert ("POST", "/api/runs") in found and ("POST", "/api/checkpoint-approval") in found
    run_id = await parked(client, "Plan a launch")
    saved = await client.post(
        "/api/save-entity", json={"goal": "A note to keep", "plan_content": "# Keep me"}
    )
    assert saved.status_code == 200, saved.text
    entity = saved.json()["entity_name"]
    ids = {"run_id": run_id, "number": "1", "name": entity}
    origin_self = server.url
    before = await world(client, run_id, entity)
    tried = 0
    for method, path in found:
        url = fill(path, ids)
        for name, (headers, body) in attacks(origin_self).items():
            async with asyncio.timeout(15):  # a request let through may be an endless stream
                if method == "GET":
                    if name not in CROSS_SITE:
                        continue  # a GET has no body to judge: only the site matters
                    url_q = f"{url}?goal=x&session_id=null"
                    r = await client.request(method, url_q, headers=headers)
                else:
                    r = await client.request(method, url, headers=headers, content=body)
            tried += 1
            assert r.status_code in (403, 415), (method, path, name, r.status_code, r.text[:200])
            assert r.headers["content-type"].startswith("application/json")
            code = r.json()["error"]["code"]
            assert code in ("cross_site_request", "unsupported_media_type"), (path, name, code)
    assert await world(client, run_id, entity) == before
    print(f"\ncross-site: {len(found)} state-changing routes x attacks = {tried} requests refused")


async def test_the_same_routes_from_the_page_itself_are_not_refused(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    """The positive control: same-origin JSON passes the guards on every one of them."""
    spec = (await client.get("/openapi.json")).json()
    run_id = await parked(client, "A run to spend on the control")
    saved = await client.post(
        "/api/save-entity", json={"goal": "A note to spend", "plan_content": "# Spend me"}
    )
    ids = {"run_id": run_id, "number": "1", "name": saved.json()["entity_name"]}
    same = {"Origin": server.url, "Sec-Fetch-Site": "same-origin"}
    for method, path in routes(spec):
        url = fill(path, ids)
        if method == "GET":
            # the work-starting GET: check the guard only (a 200 here is an endless stream)
            r = await client.get(f"{url}?goal=&session_id=null", headers=same)
            assert r.status_code == 422, (path, r.text[:200])
            continue
        async with asyncio.timeout(15):
            r = await client.request(method, url, headers=same, json={})
        assert r.status_code not in (403, 415), (method, path, r.status_code, r.text[:200])
