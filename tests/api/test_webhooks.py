"""Webhooks (issue 16 item 7), in-process, to a real receiver over loopback: delivered as
the Standard Webhooks specification says (signatures checked by the receiver with the
``standardwebhooks`` library, not planloop's code), retried with one id until delivered,
given up after the last attempt, shown in ``GET /api/runs/{id}``, and a run's own
``webhook_url`` taken only under the server's allowed prefixes."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from planloop import metrics
from planloop.settings import Settings
from tests.factories import run_body
from tests.fakes.receiver import Received, Receiver, receiving
from tests.helpers import start_run
from tests.inprocess import finished_events, run_state, running_app, wait_status
from tests.waiting import wait_for

pytestmark = [pytest.mark.timeout(60)]

SECRET = "whsec_" + base64.b64encode(bytes(range(7, 39))).decode()
FAST_RETRIES = {"webhook_retry_base_s": 0.05, "webhook_retry_max_s": 0.2}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from receiving()


async def _hooks(client: httpx.AsyncClient, run_id: str) -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = (await run_state(client, run_id))["webhooks"]
    return hooks


async def _delivered(receiver: Receiver, count: int) -> list[Received]:
    await wait_for(
        lambda: len(receiver.delivered()) >= count,
        what=lambda: f"{count} deliveries; got {receiver.requests()}",
    )
    return receiver.delivered()


async def test_checkpoint_reached_and_run_completed_are_delivered_as_specified(
    tmp_path: Path, receiver: Receiver
) -> None:
    settings = {"webhook_url": f"{receiver.url}/hooks", "webhook_secret": SECRET}
    async with running_app(tmp_path, **settings) as (_, client):
        run_id = await start_run(client)
        await wait_status(client, run_id, "awaiting_approval")
        (reached,) = await _delivered(receiver, 1)
        assert reached.path == "/hooks"
        assert reached.headers["content-type"] == "application/json"
        payload = reached.verified(SECRET)  # the library checks signature and timestamp
        assert set(payload) == {"type", "timestamp", "data"}
        assert payload["type"] == "checkpoint.reached"
        data = payload["data"]
        assert data["run_id"] == run_id and data["status"] == "awaiting_approval"
        assert data["goal"] == run_body()["goal"]
        state = await run_state(client, run_id)
        (checkpoint,) = state["checkpoints"]
        assert data["checkpoint"]["number"] == 1 and data["checkpoint"]["iteration"] == 2
        deadline = datetime.fromisoformat(data["checkpoint"]["deadline"])
        assert deadline == datetime.fromisoformat(checkpoint["expires_at"])
        assert data["links"]["run"] == f"/api/runs/{run_id}"
        assert data["links"]["decide"] == f"/api/runs/{run_id}/checkpoints/1"
        # Signed with this secret and no other.
        other = "whsec_" + base64.b64encode(bytes(32)).decode()
        with pytest.raises(WebhookVerificationError):
            Webhook(other).verify(reached.body, reached.headers)
        (shown,) = state["webhooks"]
        assert shown["id"] == reached.id and shown["id"].startswith("msg_")
        assert shown["type"] == "checkpoint.reached" and shown["target"] == "server"
        await wait_for(lambda: _shows_delivered(client, run_id, 1))

        r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
        assert r.status_code == 200, r.text
        events = await finished_events(client, run_id)
        _, completed = await _delivered(receiver, 2)
        done = completed.verified(SECRET)
        assert done["type"] == "run.completed"
        assert done["data"]["status"] == "completed" and done["data"]["run_id"] == run_id
        complete = events[-1]
        assert complete["type"] == "complete" and done["timestamp"] == complete["ts"]
        assert completed.id != reached.id
        hooks = await _hooks(client, run_id)
        assert [h["type"] for h in hooks] == ["checkpoint.reached", "run.completed"]
        # Exactly one request per webhook: nothing is sent twice when all goes well.
        assert len(receiver.requests()) == 2
        assert SECRET not in str(await run_state(client, run_id))


async def _shows_delivered(client: httpx.AsyncClient, run_id: str, count: int) -> bool:
    hooks = await _hooks(client, run_id)
    return len(hooks) == count and all(
        h["status"] == "delivered"
        and h["attempts"] >= 1
        and h["last_status"] == 200
        and h["delivered_at"]
        for h in hooks
    )


async def test_a_receiver_failing_twice_gets_it_on_the_third_attempt_with_one_id(
    tmp_path: Path,
) -> None:
    def attempts(outcome: str) -> float:
        labels = {"type": "checkpoint.reached", "outcome": outcome}
        return metrics.REGISTRY.get_sample_value("planloop_webhook_attempts_total", labels) or 0

    before = {o: attempts(o) for o in ("retry", "delivered")}
    with Receiver(answers=[500, 503]) as receiver:
        settings = {"webhook_url": receiver.url, "webhook_secret": SECRET, **FAST_RETRIES}
        async with running_app(tmp_path, **settings) as (_, client):
            run_id = await start_run(client)
            await wait_status(client, run_id, "awaiting_approval")
            (delivered,) = await _delivered(receiver, 1)
            tries = receiver.requests()
            assert [t.answered for t in tries] == [500, 503, 200]
            assert len({t.id for t in tries}) == 1  # the same webhook-id every time
            assert len({t.body for t in tries}) == 1  # and the same body
            for attempt in tries:
                assert attempt.verified(SECRET)["type"] == "checkpoint.reached"
            await wait_for(lambda: _shows_delivered(client, run_id, 1))
            (hook,) = await _hooks(client, run_id)
            assert hook["attempts"] == 3 and hook["id"] == delivered.id
            assert hook["last_error"] is None and hook["next_attempt_at"] is None
    assert attempts("retry") - before["retry"] == 2
    assert attempts("delivered") - before["delivered"] == 1


async def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(
    tmp_path: Path,
) -> None:
    with Receiver(answers=[500] * 10) as receiver:
        settings = {
            "webhook_url": receiver.url,
            "webhook_secret": SECRET,
            "webhook_max_attempts": 3,
            **FAST_RETRIES,
        }
        async with running_app(tmp_path, **settings) as (_, client):
            run_id = await start_run(client)
            await wait_status(client, run_id, "awaiting_approval")

            async def failed() -> bool:
                hooks = await _hooks(client, run_id)
                return bool(hooks) and hooks[0]["status"] == "failed"

            await wait_for(failed)
            (hook,) = await _hooks(client, run_id)
            assert hook["attempts"] == 3 and hook["last_status"] == 500
            assert hook["last_error"] == "HTTP 500" and hook["delivered_at"] is None
            assert len(receiver.requests()) == 3


async def test_an_unreachable_receiver_is_retried_and_says_why(tmp_path: Path) -> None:
    with Receiver() as receiver:
        gone = receiver.url
    settings = {"webhook_url": gone, "webhook_secret": SECRET, "webhook_max_attempts": 2}
    async with running_app(tmp_path, **settings, **FAST_RETRIES) as (_, client):
        run_id = await start_run(client)
        await wait_status(client, run_id, "awaiting_approval")

        async def failed() -> dict[str, Any] | None:
            hooks = await _hooks(client, run_id)
            return hooks[0] if hooks and hooks[0]["status"] == "failed" else None

        hook = await wait_for(failed)
        assert isinstance(hook, dict)
        assert hook["last_status"] is None and "ConnectError" in hook["last_error"]


async def test_an_expired_checkpoint_and_a_failed_run_are_told_once_each(
    tmp_path: Path, receiver: Receiver
) -> None:
    settings = {
        "webhook_url": receiver.url,
        "webhook_secret": SECRET,
        # Every run fails in its first iteration: its execution-time cap is tiny.
        "max_run_seconds": 0.05,
        "offline_step_delay_s": 0.2,
    }
    async with running_app(tmp_path, **settings) as (_, client):
        failing = await start_run(client)
        await wait_status(client, failing, "failed")
        (failed,) = await _delivered(receiver, 1)
        body = failed.verified(SECRET)
        assert body["type"] == "run.failed" and body["data"]["status"] == "failed"
        assert body["data"]["error"]["code"] == "time_budget_exceeded"

    async with running_app(
        tmp_path / "b", **{**settings, "max_run_seconds": 1800, "offline_step_delay_s": 0.01}
    ) as (_, client):
        # A deadline is not death (on_timeout "expire", the default): the checkpoint is
        # marked expired and the run still waits for a decision; the receiver is told.
        run_id = await start_run(client, checkpoint_timeout_s=1)
        await _delivered(receiver, 3)
        expired = receiver.delivered()[2].verified(SECRET)
        assert expired["type"] == "run.expired"
        assert expired["data"]["status"] == "awaiting_approval"
        assert expired["data"]["checkpoint"]["number"] == 1
        assert expired["data"]["checkpoint"]["iteration"] == 2
        hooks = await _hooks(client, run_id)
        assert [h["type"] for h in hooks] == ["checkpoint.reached", "run.expired"]
        # Decided after its deadline, the run goes on and completes: told once more.
        r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
        assert r.status_code == 200, r.text
        await wait_status(client, run_id, "completed")
        await _delivered(receiver, 4)
        assert receiver.delivered()[3].verified(SECRET)["type"] == "run.completed"


async def test_a_run_may_name_its_own_receiver_under_an_allowed_prefix(
    tmp_path: Path, receiver: Receiver
) -> None:
    allowed = f"{receiver.url}/runs/"
    settings = {"webhook_allowed_urls": allowed, "webhook_secret": SECRET}
    async with running_app(tmp_path, **settings) as (_, client):
        r = await client.post("/api/runs", json=run_body(webhook_url=f"{allowed}team-a?x=1"))
        assert r.status_code == 201, r.text
        run_id = r.json()["run_id"]
        await wait_status(client, run_id, "awaiting_approval")
        (got,) = await _delivered(receiver, 1)
        assert got.path == "/runs/team-a?x=1"
        assert got.verified(SECRET)["data"]["run_id"] == run_id
        (hook,) = await _hooks(client, run_id)
        assert hook["target"] == "run"
        assert (await run_state(client, run_id))["webhook_url"] == f"{allowed}team-a?x=1"
        # A run without one is told nowhere: the server has no receiver of its own.
        quiet = await start_run(client)
        await wait_status(client, quiet, "awaiting_approval")
        assert await _hooks(client, quiet) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/runs/x",  # another port
        "{base}/runsx",  # a path beside the prefix, not below it
        "{base}/other/",
        "{base}/runs/../admin",
        "{base}/runs/%2e%2e/admin",
        "http://user:pw@{host}/runs/x",
        "https://{host}/runs/x",  # another scheme
        "http://127.0.0.1.nip.io/runs/x",
        "file:///etc/passwd",
        "{base}/runs/x#frag",
        "{base}/runs/a b",
    ],
)
async def test_a_run_url_outside_the_allowed_prefixes_is_refused_and_nothing_is_made(
    tmp_path: Path, receiver: Receiver, url: str
) -> None:
    host = receiver.url.removeprefix("http://")
    settings = {"webhook_allowed_urls": f"{receiver.url}/runs/", "webhook_secret": SECRET}
    async with running_app(tmp_path, **settings) as (_, client):
        asked = url.format(base=receiver.url, host=host)
        r = await client.post("/api/runs", json=run_body(webhook_url=asked))
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "webhook_url_not_allowed", r.text
        assert (await client.get("/api/runs")).json() == []
    assert receiver.requests() == []


@pytest.mark.in_process
async def test_without_allowed_prefixes_no_run_may_name_a_receiver(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/api/runs", json=run_body(webhook_url="https://example.com/hook"))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "webhook_url_not_allowed"
    assert "PLANLOOP_WEBHOOK_ALLOWED_URLS" in error["message"]
    assert (await client.get("/api/runs")).json() == []


@pytest.mark.parametrize(
    ("secret", "said"),
    [
        ("not-a-secret", "must start with 'whsec_'"),
        ("whsec_***", "followed by base64"),
        ("whsec_" + base64.b64encode(b"short").decode(), "24 to 64 bytes"),
    ],
)
def test_a_bad_secret_is_refused_at_start_and_never_echoed(secret: str, said: str) -> None:
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, webhook_url="https://example.com/h", webhook_secret=secret)  # type: ignore[call-arg]
    assert "PLANLOOP_WEBHOOK_SECRET" in str(info.value) and said in str(info.value)
    assert secret not in str(info.value)


def test_a_receiver_without_a_secret_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="PLANLOOP_WEBHOOK_SECRET is required"):
        Settings(_env_file=None, webhook_url="https://example.com/h")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="PLANLOOP_WEBHOOK_URL"):
        Settings(_env_file=None, webhook_url="ftp://example.com/h", webhook_secret=SECRET)  # type: ignore[call-arg]


def test_planloop_serve_will_not_start_with_a_bad_secret(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PLANLOOP_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "PLANLOOP_MEMORY_DIR": str(tmp_path / "memory"),
        "PLANLOOP_WEBHOOK_URL": "https://example.com/hooks",
        "PLANLOOP_WEBHOOK_SECRET": "s3cret-not-whsec",
    }
    done = subprocess.run(
        [sys.executable, "-m", "planloop", "serve", "--port", "1"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "PLANLOOP_WEBHOOK_SECRET must start with 'whsec_'" in done.stderr
    assert "s3cret-not-whsec" not in done.stderr + done.stdout
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened
