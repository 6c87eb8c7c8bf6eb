"""Share links (issue 18, item 4): made, listed and revoked by the run's owner only; a link
opens its one run and nothing else; a viewer cannot decide, an approver can and is
recorded; tokens are stored hashed; revoked and expired links answer 410 at once.
In-process, on both backends (``--backend=postgres``)."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from typing import Any

import httpx
import pytest

from planloop.api.shared import shared_frame
from planloop.domain import utcnow
from planloop.events import PlanningStarted, PlanSaved, StoredEvent
from planloop.identity import COOKIE
from tests.api.review_steps import parked
from tests.helpers import start_run
from tests.inprocess import InProcessApp, running_app
from tests.waiting import wait_for

pytestmark = [pytest.mark.in_process, pytest.mark.timeout(60)]


async def share(client: httpx.AsyncClient, run_id: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"/api/runs/{run_id}/shares", json={"role": "viewer", **body})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


def token_of(made: dict[str, Any]) -> str:
    return str(made["url"]).rsplit("/s/", 1)[1]


async def shares_of(client: httpx.AsyncClient, run_id: str) -> list[dict[str, Any]]:
    r = await client.get(f"/api/runs/{run_id}/shares")
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


async def test_owner_makes_lists_and_revokes_links(app_client: httpx.AsyncClient) -> None:
    run_id = await start_run(app_client)
    viewer = await share(app_client, run_id)
    approver = await share(app_client, run_id, role="approver", expires_in_s=3600)
    assert viewer["url"].startswith("http://127.0.0.1:9000/s/")
    assert viewer["role"] == "viewer" and approver["role"] == "approver"
    assert len(token_of(viewer)) >= 40 and token_of(viewer) != token_of(approver)
    listed = await shares_of(app_client, run_id)
    assert {s["token_id"] for s in listed} == {viewer["token_id"], approver["token_id"]}
    assert all(s["status"] == "active" and not s["revoked"] for s in listed)
    assert not any(token_of(viewer) in str(s) for s in listed)  # the token is shown once
    r = await app_client.delete(f"/api/runs/{run_id}/shares/{viewer['token_id']}")
    assert r.status_code == 204
    listed = {s["token_id"]: s for s in await shares_of(app_client, run_id)}
    assert listed[viewer["token_id"]]["revoked"] and listed[viewer["token_id"]]["status"] == (
        "revoked"
    )
    assert listed[approver["token_id"]]["status"] == "active"
    r = await app_client.get(f"/api/shares/{token_of(viewer)}")
    assert r.status_code == 410 and r.json()["error"]["code"] == "share_revoked"
    r = await app_client.get(f"/api/shares/{token_of(approver)}")
    assert r.status_code == 200 and r.json()["run_id"] == run_id
    unknown = await app_client.delete(f"/api/runs/{run_id}/shares/nope")
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"role": "owner"},
        {"role": "admin"},
        {},
        {"role": "viewer", "expires_in_s": -5},
        {"role": "viewer", "expires_in_s": 0},
        {"role": "viewer", "expires_in_s": 10**9},
        {"role": "viewer", "expires_in_s": "3600"},
        {"role": "viewer", "expires_in_s": True},
        {"role": "viewer", "extra": 1},
    ],
)
async def test_bad_input_makes_nothing(app_client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    run_id = await start_run(app_client)
    r = await app_client.post(f"/api/runs/{run_id}/shares", json=body)
    assert r.status_code == 422, r.text
    assert await shares_of(app_client, run_id) == []


async def test_someone_elses_run_is_not_found_and_nothing_is_made(
    app_server: InProcessApp, app_client: httpx.AsyncClient
) -> None:
    run_id = await start_run(app_client)
    mine = await share(app_client, run_id)
    async with app_server.client() as stranger:
        await stranger.get("/api/health")  # a session of its own
        r = await stranger.post(f"/api/runs/{run_id}/shares", json={"role": "approver"})
        assert r.status_code == 404
        assert (await stranger.get(f"/api/runs/{run_id}/shares")).status_code == 404
        gone = await stranger.delete(f"/api/runs/{run_id}/shares/{mine['token_id']}")
        assert gone.status_code == 404
    assert [s["token_id"] for s in await shares_of(app_client, run_id)] == [mine["token_id"]]
    assert (await app_client.get(f"/api/shares/{token_of(mine)}")).status_code == 200


async def test_the_store_holds_only_the_tokens_hash(
    app_server: InProcessApp, app_client: httpx.AsyncClient, backend: str
) -> None:
    run_id = await start_run(app_client)
    token = token_of(await share(app_client, run_id))
    if backend == "sqlite":
        path = app_server.settings.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT * FROM shares").fetchall()
            dump = "\n".join(db.iterdump())
    else:
        import asyncpg

        conn = await asyncpg.connect(app_server.settings.database_url)
        try:
            rows = [tuple(r) for r in await conn.fetch("SELECT * FROM shares")]
        finally:
            await conn.close()
        dump = repr(rows)
    assert len(rows) == 1
    assert token not in dump
    assert hashlib.sha256(token.encode()).hexdigest() in dump


async def test_a_link_opens_its_run_and_nothing_else(
    app_server: InProcessApp, app_client: httpx.AsyncClient
) -> None:
    run_id, _ = await parked(app_client)
    other = await start_run(app_client)
    token = token_of(await share(app_client, run_id))
    async with app_server.client() as visitor:
        view = await visitor.get(f"/api/shares/{token}")
        assert view.status_code == 200, view.text
        body = view.json()
        assert body["run_id"] == run_id and body["share"]["role"] == "viewer"
        assert body["selected_entities"] == [] and body["proposal"]["memory"]["entities"] == []
        assert body["events_url"] == f"/api/shares/{token}/events"
        # no cookie of the owner's was given: the visitor's session is its own
        owner_cookie = app_client.cookies.get(COOKIE)
        assert visitor.cookies.get(COOKIE) != owner_cookie
        assert owner_cookie not in view.headers.get("set-cookie", "")
        # the owner's runs, memory and chat stay the owner's
        assert (await visitor.get(f"/api/runs/{run_id}")).status_code == 404
        assert (await visitor.get(f"/api/runs/{other}")).status_code == 404
        assert (await visitor.get("/api/runs")).json() == []
        assert (await visitor.get(f"/api/runs/{run_id}/shares")).status_code == 404
        # every door answers without giving the owner's session away
        for method, path in (
            ("GET", f"/s/{token}"),
            ("GET", f"/api/shares/{token}"),
            ("GET", f"/api/shares/{token}/plan"),
            ("GET", f"/api/shares/{token}/plan?format=ics"),
            ("GET", f"/api/shares/{token}/checkpoints/1"),
            ("POST", f"/api/shares/{token}/checkpoints/1"),
        ):
            body = {"json": {"decision": "approve"}} if method == "POST" else {}
            r = await visitor.request(method, path, **body)  # type: ignore[arg-type]
            assert r.status_code == (403 if method == "POST" else 200), (path, r.text)
            assert owner_cookie not in r.headers.get("set-cookie", ""), path
        assert visitor.cookies.get(COOKIE) != owner_cookie
        assert (await visitor.get("/api/runs")).json() == []
        for path in (f"/api/shares/{other}", f"/api/shares/{token}x", f"/api/shares/{run_id}"):
            r = await visitor.get(path)
            assert r.status_code == 404 and r.json()["error"]["code"] == "share_not_found"
        # a share link never authenticates the owner's API, even sent as a bearer token
        r = await visitor.get("/api/runs", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401


async def test_the_link_shows_plan_checkpoint_and_files(
    app_server: InProcessApp, app_client: httpx.AsyncClient
) -> None:
    run_id, _ = await parked(app_client)
    token = token_of(await share(app_client, run_id))
    async with app_server.client() as visitor:
        plan = (await visitor.get(f"/api/shares/{token}/plan")).json()
        assert plan["run_id"] == run_id and plan["plan_markdown"] and "<h" in plan["html"]
        first = (await visitor.get(f"/api/shares/{token}/plan", params={"iteration": 1})).json()
        assert first["iteration"] == 1
        md = await visitor.get(f"/api/shares/{token}/plan", params={"format": "md"})
        assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
        assert "attachment" in md.headers["content-disposition"]
        bad = await visitor.get(f"/api/shares/{token}/plan", params={"format": "exe"})
        assert bad.status_code == 422
        cp = (await visitor.get(f"/api/shares/{token}/checkpoints/1")).json()
        assert cp["status"] == "waiting" and cp["plan_markdown"]
        missing = await visitor.get(f"/api/shares/{token}/checkpoints/9")
        assert missing.status_code == 404


async def test_a_viewer_cannot_decide(app_client: httpx.AsyncClient) -> None:
    run_id, _ = await parked(app_client)
    token = token_of(await share(app_client, run_id))
    r = await app_client.post(f"/api/shares/{token}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "share_read_only"
    cp = (await app_client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    assert cp["status"] == "waiting" and cp["decision"] is None


async def test_an_approver_decides_and_the_decision_names_the_link(
    app_server: InProcessApp, app_client: httpx.AsyncClient
) -> None:
    run_id, _ = await parked(app_client)
    made = await share(app_client, run_id, role="approver")
    token = token_of(made)
    async with app_server.client() as visitor:
        r = await visitor.post(
            f"/api/shares/{token}/checkpoints/1",
            json={"decision": "revise", "feedback": "Add a marketing budget"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["decision"] == "revise"
    by = f"share:{made['token_id']}"
    cp = (await app_client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    assert cp["revisions"][0]["decision"]["by"] == by
    state = await app_client.get(f"/api/runs/{run_id}")
    assert state.json()["checkpoints"][0]["decided_by"] == by
    # the event says so too; the owner's own decisions say nothing of the kind
    await wait_for(
        lambda: _checkpoint_waits(app_client, run_id, revision=2), timeout=30, interval=0.1
    )
    r = await app_client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200, r.text
    cp = (await app_client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    assert cp["decision"]["kind"] == "approve" and cp["decision"]["by"] is None
    events = await _events(app_client, run_id)
    revised = [e for e in events if e["type"] == "checkpoint_changes_requested"]
    approved = [e for e in events if e["type"] == "checkpoint_approved"]
    assert revised[0]["by"] == by and "by" not in approved[0]


async def _checkpoint_waits(client: httpx.AsyncClient, run_id: str, revision: int) -> bool:
    cp = (await client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    return bool(cp["status"] == "waiting" and cp["revision"] == revision)


async def _events(client: httpx.AsyncClient, run_id: str) -> list[dict[str, Any]]:
    from tests.sse import events

    state = (await client.get(f"/api/runs/{run_id}")).json()
    out: list[dict[str, Any]] = []
    # the run waits at a checkpoint or runs: read what is stored, up to its last seq
    async with client.stream(
        "GET", f"/api/runs/{run_id}/events", headers={"Last-Event-ID": "0"}
    ) as r:
        async for frame in events(r):
            out.append(frame.json)
            if frame.json["seq"] >= state["last_seq"]:
                break
    return out


async def test_a_revoked_link_cannot_decide(app_client: httpx.AsyncClient) -> None:
    run_id, _ = await parked(app_client)
    made = await share(app_client, run_id, role="approver")
    await app_client.delete(f"/api/runs/{run_id}/shares/{made['token_id']}")
    r = await app_client.post(
        f"/api/shares/{token_of(made)}/checkpoints/1", json={"decision": "reject"}
    )
    assert r.status_code == 410 and r.json()["error"]["code"] == "share_revoked"
    cp = (await app_client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    assert cp["status"] == "waiting"


async def test_an_expired_link_is_gone_at_every_door(app_client: httpx.AsyncClient) -> None:
    run_id, _ = await parked(app_client)
    made = await share(app_client, run_id, role="approver", expires_in_s=1)
    token = token_of(made)

    async def expired() -> bool:
        return (await app_client.get(f"/api/shares/{token}")).status_code == 410

    await wait_for(expired, timeout=10, interval=0.2, what="the link expires")
    for method, path in (
        ("GET", f"/api/shares/{token}"),
        ("GET", f"/api/shares/{token}/events"),
        ("GET", f"/api/shares/{token}/plan"),
        ("GET", f"/api/shares/{token}/checkpoints/1"),
        ("POST", f"/api/shares/{token}/checkpoints/1"),
        ("GET", f"/s/{token}"),
    ):
        body = {"json": {"decision": "approve"}} if method == "POST" else {}
        r = await app_client.request(method, path, **body)  # type: ignore[arg-type]
        assert r.status_code == 410, (path, r.text)
        if path.startswith("/api/"):
            assert r.json()["error"]["code"] == "share_expired"
    listed = await shares_of(app_client, run_id)
    assert listed[0]["status"] == "expired"
    assert (await app_client.get(f"/api/runs/{run_id}/checkpoints/1")).json()["status"] == (
        "waiting"
    )


async def test_the_page_of_a_link(app_client: httpx.AsyncClient) -> None:
    run_id = await start_run(app_client)
    token = token_of(await share(app_client, run_id))
    page = await app_client.get(f"/s/{token}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'src="/share.js"' in page.text and 'src="/app.js"' not in page.text
    assert 'href="/style.css"' in page.text
    unknown = await app_client.get("/s/" + "x" * 43)
    assert unknown.status_code == 404 and "does not exist" in unknown.text


async def test_links_work_for_token_only_servers(tmp_path: Any) -> None:
    """With PLANLOOP_REQUIRE_TOKEN a link still opens without one (it is its own key);
    the URL is built on PLANLOOP_PUBLIC_URL."""
    async with running_app(
        tmp_path,
        api_tokens=("t0k3n-for-programs-only",),
        require_token=True,
        public_url="https://plans.example.com/",
    ) as (app, _):
        auth = {"Authorization": "Bearer t0k3n-for-programs-only"}
        async with app.client(headers=auth) as program:
            run_id = await start_run(program)
            made = await share(program, run_id)
        assert made["url"].startswith("https://plans.example.com/s/")
        async with app.client() as anyone:
            assert (await anyone.get(f"/api/shares/{token_of(made)}")).status_code == 200
            assert (await anyone.get("/api/runs")).status_code == 401


async def test_no_link_is_built_on_a_host_not_allowed(app_client: httpx.AsyncClient) -> None:
    run_id = await start_run(app_client)
    r = await app_client.post(
        f"/api/runs/{run_id}/shares", json={"role": "viewer"}, headers={"Host": "evil.example"}
    )
    assert r.status_code == 421
    assert await shares_of(app_client, run_id) == []


async def _drain(feed: Any) -> None:
    """Read what is stored until the feed waits (a heartbeat's None)."""
    while await feed.next(0.3) is not None:
        pass


async def _ends(feed: Any) -> str:
    """Read until the feed ends: the code of the link's end it gave last."""
    last = None
    try:
        while True:
            last = await feed.next(30)
    except StopAsyncIteration:
        return str(getattr(last, "code", last))


async def test_revoking_interrupts_a_waiting_stream_at_once(tmp_path: Any) -> None:
    """In-process signal: with the re-read a minute away, the revocation alone ends it."""
    async with running_app(tmp_path, relay_poll_s=60) as (app, client):
        run_id, _ = await parked(client)
        made = await share(client, run_id)
        engine = app.app.state.engine
        feed = await engine.shared_feed(token_of(made))
        try:
            await _drain(feed)
            waiting = asyncio.create_task(_ends(feed))
            await asyncio.sleep(0)
            assert engine.shared_streams(made["token_id"]) == 1
            r = await client.delete(f"/api/runs/{run_id}/shares/{made['token_id']}")
            assert r.status_code == 204
            assert await asyncio.wait_for(waiting, 10) == "share_revoked"
        finally:
            feed.close()
        assert engine.shared_streams() == 0


async def test_a_stream_finds_its_link_revoked_elsewhere(
    app_server: InProcessApp, app_client: httpx.AsyncClient
) -> None:
    """Revoked by another replica (in the store, no signal here): the periodic re-read of
    the link (PLANLOOP_RELAY_POLL_S) ends the stream."""
    run_id, _ = await parked(app_client)
    made = await share(app_client, run_id)
    engine = app_server.app.state.engine
    feed = await engine.shared_feed(token_of(made))
    try:
        await _drain(feed)
        waiting = asyncio.create_task(_ends(feed))
        record = await engine._store.share(hashlib.sha256(token_of(made).encode()).hexdigest())

        async def revoke(tx: Any) -> None:
            await tx.revoke_share(record.owner, run_id, made["token_id"], utcnow())

        await engine._ledger.write(revoke)  # as another replica would: no signal here
        assert await asyncio.wait_for(waiting, 20) == "share_revoked"
    finally:
        feed.close()


async def test_a_host_header_that_is_no_origin_builds_no_link(
    app_client: httpx.AsyncClient,
) -> None:
    """An allowed name with more after it (a path, a user) is not an origin to link to."""
    run_id = await start_run(app_client)
    for host in ("localhost:9000/evil", "localhost:9000@evil.example"):
        r = await app_client.post(
            f"/api/runs/{run_id}/shares", json={"role": "viewer"}, headers={"Host": host}
        )
        assert r.status_code == 409, (host, r.text)
        assert r.json()["error"]["code"] == "public_url_required"
    assert await shares_of(app_client, run_id) == []


async def test_a_link_gives_no_memory_of_the_owners(tmp_path: Any) -> None:
    """With memory per principal (API tokens configured), someone who opened a link has a
    session of their own, and its memory is not the owner's."""
    async with running_app(tmp_path, api_tokens=("a-token-for-some-program",)) as (app, owner):
        saved = await owner.post(
            "/api/save-entity", json={"goal": "Secret supplier list", "plan_content": "- flour"}
        )
        assert saved.status_code == 200, saved.text
        name = saved.json()["entity_name"]
        assert name in str((await owner.get("/api/entities")).json())
        run_id = await start_run(owner)
        token = token_of(await share(owner, run_id, role="approver"))
        async with app.client() as visitor:
            assert (await visitor.get(f"/s/{token}")).status_code == 200
            assert (await visitor.get(f"/api/shares/{token}")).status_code == 200
            assert name not in str((await visitor.get("/api/entities")).json())
            chat = await visitor.post("/api/chat", json={"message": "Secret supplier list"})
            assert name not in chat.text


def test_a_links_frames_leave_out_the_owners_note_and_runs() -> None:
    """An explicit save's ``plan_saved`` (only the note's name) is not sent over a link; a
    fork's ``planning_started`` does not name the run it came from."""
    saved = StoredEvent.build("r1", 7, "t", PlanSaved(iteration=2, memory_entity="plan_secret"))
    assert shared_frame(saved) is None
    fork = PlanningStarted(
        goal="g", max_iterations=4, checkpoint_interval=2, planner="offline",
        parent_run_id="owners-other-run", from_iteration=2,
    )  # fmt: skip
    frame = shared_frame(StoredEvent.build("r1", 1, "t", fork))
    assert frame is not None and b"owners-other-run" not in frame and b'"goal":"g"' in frame
    assert b"id: 1\n" in frame
