"""``planloop serve --http2``: HTTP/2 and HTTP/1.1 on one port (granian), a real server.

Many streams share one connection; old clients keep HTTP/1.1; TLS gives browsers HTTP/2
by ALPN; bad options are refused before anything is made; a worker whose supervisor was
killed outright stops itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography.hazmat.primitives import serialization

from tests.cli.helpers import run
from tests.h2streams import H2Streams
from tests.helpers import start_run
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(60)


def served(workdir: Path, *args: str, **env: str) -> ServerProcess:
    proc = ServerProcess(workdir, **env)
    proc.extra_args = ["--http2", *args]
    return proc


@pytest.fixture(scope="module")
def h2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = served(tmp_path_factory.mktemp("http2")).start()
    yield proc
    proc.stop()


def cookie_of(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def ids_of(body: str) -> list[int]:
    return [int(x) for x in re.findall(r"^id: (\d+)$", body, re.M)]


async def test_many_runs_stream_over_one_http2_connection(h2_server: ServerProcess) -> None:
    """Three runs are created over HTTP/1.1 (as the original page does), watched on three
    streams of one HTTP/2 connection, approved over HTTP/2, and each stream carries its
    run to the end, every event once and in order."""
    async with httpx.AsyncClient(base_url=h2_server.url, timeout=10) as page:
        ids = [await start_run(page, max_iterations=2, checkpoint_interval=1) for _ in range(3)]
        streams = H2Streams("127.0.0.1", h2_server.port, cookie_of(page))
        try:
            errors = await streams.open([(f"/api/runs/{rid}/events", None) for rid in ids])
            assert errors == []
            assert len(streams.connections) == 1
            assert [s.status for s in streams.streams] == [200, 200, 200]
            for stream in streams.streams:
                await streams.until(stream, "event: checkpoint_reached")
            health = (await page.get("/api/health")).json()
            assert health["streams"] == 3

            async with httpx.AsyncClient(
                base_url=h2_server.url, http1=False, http2=True, cookies=page.cookies, timeout=10
            ) as h2:
                for rid in ids:
                    r = await h2.post(
                        f"/api/runs/{rid}/checkpoints/1", json={"decision": "approve"}
                    )
                    assert r.status_code == 200, r.text
                    assert r.http_version == "HTTP/2"
            for stream in streams.streams:
                body = await streams.until(stream, "event: complete")
                assert "event: checkpoint_approved" in body
                seen = ids_of(body)
                assert seen == list(range(1, len(seen) + 1))
        finally:
            streams.close()


async def test_an_http2_stream_resumes_after_last_event_id(h2_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=h2_server.url, timeout=10) as page:
        rid = await start_run(page, max_iterations=1)
        first = H2Streams("127.0.0.1", h2_server.port, cookie_of(page))
        try:
            assert await first.open([(f"/api/runs/{rid}/events", None)]) == []
            whole = ids_of(await first.until(first.streams[0], "event: complete"))
        finally:
            first.close()
        again = H2Streams("127.0.0.1", h2_server.port, cookie_of(page))
        try:
            assert await again.open([(f"/api/runs/{rid}/events", 3)]) == []
            rest = ids_of(await again.until(again.streams[0], "event: complete"))
        finally:
            again.close()
    assert rest == whole[3:]


def pkcs8(key_pem: bytes) -> bytes:
    key = serialization.load_pem_private_key(key_pem, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A CA, and a certificate for 127.0.0.1 it signed with its key: (ca, cert, key)."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    (folder / "ca.pem").write_bytes(ca.cert_pem.bytes())
    (folder / "cert.pem").write_bytes(b"".join(b.bytes() for b in leaf.cert_chain_pems))
    (folder / "key.pem").write_bytes(pkcs8(leaf.private_key_pem.bytes()))
    (folder / "sec1.pem").write_bytes(leaf.private_key_pem.bytes())
    other = ca.issue_cert("127.0.0.1")  # a key that is not the certificate's
    (folder / "other-key.pem").write_bytes(pkcs8(other.private_key_pem.bytes()))
    pem = (folder / "key.pem").read_bytes()
    (folder / "damaged-key.pem").write_bytes(pem[:40] + b"AAAA" + pem[44:])
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


async def test_tls_gives_http2_by_alpn_and_keeps_http1(
    tmp_path: Path, tls_files: tuple[Path, Path, Path]
) -> None:
    ca, cert, key = tls_files
    trusted = ssl.create_default_context(cafile=str(ca))
    proc = served(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key))
    proc.scheme, proc.verify = "https", trusted
    proc.start()
    try:
        async with httpx.AsyncClient(verify=trusted, http2=True, timeout=10) as browser:
            r = await browser.get(f"{proc.url}/api/health")
            assert r.status_code == 200 and r.http_version == "HTTP/2"
            # served over TLS only, the session cookie says so (PLANLOOP_SECURE_COOKIES)
            assert "; Secure" in r.headers["set-cookie"]
            rid = await start_run_at(browser, proc.url)
            async with browser.stream("GET", f"{proc.url}/api/runs/{rid}/events") as stream:
                assert stream.http_version == "HTTP/2"
                async for line in stream.aiter_lines():
                    if line == "event: planning_started":
                        break
        async with httpx.AsyncClient(verify=trusted, timeout=10) as old:
            r = await old.get(f"{proc.url}/api/health")
            assert r.status_code == 200 and r.http_version == "HTTP/1.1"
    finally:
        proc.stop()


async def start_run_at(client: httpx.AsyncClient, base: str) -> str:
    r = await client.post(f"{base}/api/runs", json={"goal": "Plan a street party in June"})
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    return run_id


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--http2", "--tls-cert", "{cert}"), {}, "--tls-cert and --tls-key go together"),
        (("--tls-cert", "{cert}", "--tls-key", "{key}"), {}, "need --http2"),
        (("--http2", "--tls-cert", "{cert}", "--tls-key", "{sec1}"), {}, "PKCS#8"),
        (("--http2", "--tls-cert", "{key}", "--tls-key", "{key}"), {}, "not a PEM certificate"),
        (("--http2", "--tls-cert", "{cert}", "--tls-key", "{missing}"), {}, "no file at"),
        (("--http2", "--tls-cert", "{cert}", "--tls-key", "{other}"), {}, "do not load as a pair"),
        (("--http2", "--tls-cert", "{cert}", "--tls-key", "{damaged}"), {}, "do not load as a"),
        (("--http2",), {"PLANLOOP_BEHIND_PROXY": "1"}, "does not read X-Forwarded-For"),
        (("--http2", "--workers", "2"), {}, "--workers needs PostgreSQL"),
    ],
)
def test_bad_http2_options_exit_2_and_make_nothing(
    tmp_path: Path,
    tls_files: tuple[Path, Path, Path],
    args: tuple[str, ...],
    env: dict[str, str],
    message: str,
) -> None:
    _, cert, key = tls_files
    names = {
        "cert": cert,
        "key": key,
        "sec1": key.with_name("sec1.pem"),
        "missing": tmp_path / "nope.pem",
        "other": key.with_name("other-key.pem"),
        "damaged": key.with_name("damaged-key.pem"),
    }
    database = tmp_path / "planloop.db"
    done = run(
        tmp_path,
        "serve",
        *(a.format(**names) for a in args),
        PLANLOOP_DATABASE_URL=f"sqlite:///{database}",
        PLANLOOP_MEMORY_DIR=str(tmp_path / "memory"),
        **env,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    assert not database.exists()
    assert not (tmp_path / "memory").exists()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(c) for c in (task / "children").read_text().split())
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


async def parked_with_curl(proc: ServerProcess, workdir: Path) -> subprocess.Popen[bytes]:
    """A run waiting at its checkpoint, its stream open in curl over HTTP/2 (the client a
    new user stopped the server under: with it, granian waited for the stream)."""
    async with httpx.AsyncClient(base_url=proc.url, timeout=10) as page:
        rid = await start_run(page, max_iterations=2, checkpoint_interval=1)
        cookie = cookie_of(page)
    out = workdir / "stream.txt"
    url = f"{proc.url}/api/runs/{rid}/events"
    curl = subprocess.Popen(
        ["curl", "-sSN", "--http2-prior-knowledge", "-b", cookie, "-o", str(out), url]
    )
    deadline = time.monotonic() + 30
    while b"event: checkpoint_reached" not in (out.read_bytes() if out.exists() else b""):
        assert time.monotonic() < deadline, "the run did not park"
        await asyncio.sleep(0.05)
    return curl


async def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return not alive(pid)


async def test_a_stop_finishes_open_streams_and_the_engine_stops(tmp_path: Path) -> None:
    """SIGTERM with a parked run's stream open: the stream ends (its client reconnects with
    Last-Event-ID) and the worker stops by itself. Before, granian waited for the stream,
    killed the worker after 10 s ("refused to gracefully stop") and the engine's stop
    never ran."""
    proc = served(tmp_path).start()
    assert proc.proc is not None
    curl = await parked_with_curl(proc, tmp_path)
    try:
        proc.proc.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(proc.proc.wait, 30)
        # the stream is over: curl has ended (0 when its last frame was written before
        # granian closed the connection, 18 when not; every event came before either way)
        curl_code = await asyncio.to_thread(curl.wait, 30)
    finally:
        if curl.poll() is None:
            curl.kill()
            curl.wait()
        proc.stop()
    log = proc.log_path.read_text()
    assert (code, curl_code in (0, 18)) == (0, True), f"exit {code}, curl {curl_code}:\n{log}"
    assert "refused to gracefully stop" not in log, log


async def test_a_worker_stops_when_its_supervisor_is_killed(tmp_path: Path) -> None:
    """SIGKILL to ``planloop serve --http2`` (granian's supervisor) leaves nothing behind
    holding the port and the database, even with a stream open: its worker sees it gone,
    ends the stream and stops (before, it stayed up for as long as the client did)."""
    proc = served(tmp_path).start()
    assert proc.proc is not None
    (worker,) = children(proc.proc.pid)
    curl = await parked_with_curl(proc, tmp_path)
    try:
        proc.kill()
        if not await gone_within(worker, 30):
            os.kill(worker, signal.SIGKILL)
            pytest.fail("the worker outlived its supervisor by 30 s")
    finally:
        if curl.poll() is None:
            curl.kill()
        curl.wait()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{proc.url}/health", timeout=2)


async def test_slow_clients_are_cut_at_their_deadlines_over_http2(tmp_path: Path) -> None:
    """Headers trickled a byte at a time are cut at PLANLOOP_HEADER_TIMEOUT_S (granian's
    deadline here); a declared body that does not arrive gets 408 at
    PLANLOOP_BODY_TIMEOUT_S (the app's, as under uvicorn)."""
    proc = served(tmp_path, PLANLOOP_HEADER_TIMEOUT_S="1.5", PLANLOOP_BODY_TIMEOUT_S="1.5").start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", proc.port)
        request = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 1000

        async def trickle() -> None:
            for byte in request:
                if writer.is_closing():
                    return
                with contextlib.suppress(ConnectionError):
                    writer.write(bytes([byte]))
                    await writer.drain()
                await asyncio.sleep(0.2)

        sender = asyncio.create_task(trickle())
        started = time.monotonic()
        try:
            data = await asyncio.wait_for(reader.read(1024), 20)
        except ConnectionError:
            data = b""
        held = time.monotonic() - started
        sender.cancel()
        writer.close()
        assert data == b""  # closed, never answered
        assert held < 10  # the deadline, not the 200 s the request would take to trickle

        reader, writer = await asyncio.open_connection("127.0.0.1", proc.port)
        writer.write(
            b"POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 200\r\n\r\n{"goal": '
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 20)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b'"request_timeout"' in answer
    finally:
        proc.stop()


def test_a_port_already_served_is_refused(h2_server: ServerProcess, tmp_path: Path) -> None:
    """granian binds with SO_REUSEPORT: without the check a second server on the same port
    started and took a share of the first one's connections, on its own database."""
    database = tmp_path / "planloop.db"
    done = run(
        tmp_path,
        "serve",
        "--http2",
        "--port",
        str(h2_server.port),
        PLANLOOP_DATABASE_URL=f"sqlite:///{database}",
        PLANLOOP_MEMORY_DIR=str(tmp_path / "memory"),
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Address already in use" in done.stderr
    assert not database.exists()


def test_http2_without_granian_says_what_to_install(tmp_path: Path) -> None:
    """``planloop serve --http2`` where granian is not installed (the http2 extra): one
    line saying what to install, not an ImportError's traceback."""
    blocked = tmp_path / "blocked" / "granian"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('granian is not installed')\n")
    database = tmp_path / "planloop.db"
    done = run(
        tmp_path,
        "serve",
        "--http2",
        PYTHONPATH=str(blocked.parent),
        PLANLOOP_DATABASE_URL=f"sqlite:///{database}",
        PLANLOOP_MEMORY_DIR=str(tmp_path / "memory"),
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "pip install 'planloop[http2]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not database.exists()
