"""One typed Settings object, read once from the environment and an optional .env file."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated, Literal
from urllib.parse import SplitResult, parse_qs, urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Backend = Literal["sqlite", "postgres"]
POSTGRES_SCHEMES = ("postgresql:", "postgres:", "postgresql+asyncpg:")
# A memory space's id (planloop.memory.spaces): a folder's name, a column's value.
SPACE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
MCP_OWNER = re.compile(r"mcp:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _principal_kind(entry: str) -> bool:
    """Whether a PLANLOOP_SHARED_MEMORY entry names principals other than a token."""
    return entry in ("*", "sessions") or MCP_OWNER.fullmatch(entry) is not None


def sqlite_path(url: str) -> tuple[str, int]:
    """``sqlite:///./x.db`` → ``./x.db``; ``sqlite:////abs/x.db`` → ``/abs/x.db``.

    ``?busy_timeout_ms=N`` sets how long a write waits for a lock held elsewhere.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise ValueError(f"not a sqlite URL: {url!r}: use sqlite:///path/to/planloop.db")
    path, _, query = url[len(prefix) :].partition("?")
    if not path:
        raise ValueError(f"sqlite URL {url!r} names no file: use sqlite:///path/to/planloop.db")
    options = parse_qs(query)
    busy = options.pop("busy_timeout_ms", ["5000"])[0]
    if options or not busy.isdigit():
        raise ValueError(f"unsupported sqlite URL options: {query!r}")
    return path, int(busy)


def backend_of(database_url: str) -> Backend:
    """The store backend a database URL names: the one place this is decided."""
    if database_url.startswith("sqlite:"):
        return "sqlite"
    if database_url.startswith(POSTGRES_SCHEMES):
        return "postgres"
    raise ValueError(
        f"unsupported database URL {database_url!r}: use sqlite:///path or postgresql://..."
    )


MAX_WEBHOOK_URL_CHARS = 2048
_DOT_SEGMENT = re.compile(r"(^|/)(\.|%2e){1,2}(/|$)", re.IGNORECASE)


def http_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a webhook's address (None: it can): absolute http(s) with a
    host, no credentials, fragment, dot segments, spaces or control characters."""
    if len(url) > MAX_WEBHOOK_URL_CHARS:
        return f"longer than {MAX_WEBHOOK_URL_CHARS} characters"
    if any(ord(c) <= 32 or c == "\\" or ord(c) == 127 for c in url):
        return "contains spaces, backslashes or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return "is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an absolute http:// or https:// URL"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "must not carry credentials"
    if parts.fragment or url.endswith("#"):
        return "must not have a fragment"
    if _DOT_SEGMENT.search(parts.path):
        return "must not contain '.' or '..' path segments"
    return None


def url_within(url: str, prefix: str) -> bool:
    """Whether ``url`` is under ``prefix`` (one of PLANLOOP_WEBHOOK_ALLOWED_URLS): the same
    scheme, host and port, and a path that is the prefix's or below it. Compared part by
    part, never as text: ``https://hooks.example.com`` does not admit
    ``https://hooks.example.com.evil.net/`` nor ``https://hooks.example.com@evil.net/``."""
    if http_url_problem(url) is not None:
        return False
    have, allowed = urlsplit(url), urlsplit(prefix)
    if (have.scheme, have.hostname, _port(have)) != (
        allowed.scheme,
        allowed.hostname,
        _port(allowed),
    ):
        return False
    base, path = allowed.path or "/", have.path or "/"
    if base.endswith("/"):
        return path.startswith(base)
    return path == base or path.startswith(base + "/")


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _webhook_secret_problem(secret: str) -> str | None:
    """Why a PLANLOOP_WEBHOOK_SECRET is unusable (never echoing it), or None."""
    prefix = "whsec_"
    if not secret.startswith(prefix):
        return "must start with 'whsec_' (a Standard Webhooks secret: whsec_<base64>)"
    try:
        key = base64.b64decode(secret[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return "must be 'whsec_' followed by base64"
    if not 24 <= len(key) <= 64:
        return f"must encode 24 to 64 bytes of key; it encodes {len(key)}"
    return None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PLANLOOP_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
        # A refused setting is named, never echoed: the values include tokens and secrets.
        hide_input_in_errors=True,
    )

    host: str = "127.0.0.1"
    port: int = Field(9000, ge=1, le=65535)
    database_url: str = "sqlite:///./planloop.db"
    planner: Literal["offline", "openai"] = "offline"
    model: str | None = None
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "PLANLOOP_OPENAI_BASE_URL")
    )
    openai_api_key: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "PLANLOOP_OPENAI_API_KEY")
    )
    memory_dir: str = "./memory"
    # Whose memory (docs/memory.md): with API tokens each principal has a space of its own;
    # these principals use the shared one (the memory folder itself): API tokens,
    # `mcp:<name>` (a `planloop mcp` server's owner), `sessions` (every browser session)
    # or `*` (everyone). Without API tokens there is one memory, the shared one.
    shared_memory: Annotated[tuple[str, ...], NoDecode] = ()
    # The space `planloop memory export|import` works on (empty: the shared one).
    memory_space: str = ""

    checkpoint_timeout_s: float = Field(3600.0, gt=0, le=30 * 24 * 3600)
    heartbeat_s: float = Field(15.0, gt=0)
    send_timeout_s: float = Field(30.0, gt=0)
    max_active_runs_per_session: int = Field(5, ge=1)
    # Runs executing at once in this process (a model call or an offline step each); the
    # others wait their turn in a queue (GET /api/runs/{id} says `queued` and where).
    max_executing_runs: int = Field(32, ge=1, le=10_000)
    # Worker processes for plan work (the offline planner's writing, every plan's checks),
    # so it never holds the event loop; 0 does it in this process (planloop.plan_processes).
    plan_processes: int = Field(0, ge=0, le=64)
    # How long the answer to an Idempotency-Key is kept for a request sent again.
    idempotency_ttl_s: float = Field(24 * 3600.0, ge=60, le=30 * 24 * 3600)
    # Seconds the offline planner spends on each step, so people can watch a run unfold.
    offline_step_delay_s: float = Field(0.25, ge=0, le=10)
    # How often the scheduler looks for due checkpoint deadlines and orphaned runs.
    sweep_interval_s: float = Field(1.0, gt=0, le=60)
    lease_s: float = Field(15.0, gt=0)
    # With PostgreSQL: how often each process looks for runs leased to a process that died
    # (whose presence lock is gone), to take them at once rather than when the lease lapses.
    takeover_poll_s: float = Field(0.2, gt=0, le=60)
    # Abuse limits, per session (cookie or API token), per process.
    rate_limit_per_s: float = Field(20.0, gt=0)
    rate_limit_burst: int = Field(60, ge=1)
    max_streams_per_session: int = Field(50, ge=1)
    # Programs authenticate with `Authorization: Bearer <token>` (comma-separated list).
    api_tokens: Annotated[tuple[str, ...], NoDecode] = ()
    require_token: bool = False
    # Set when a reverse proxy in front does authentication / TLS (silences the warning).
    behind_proxy: bool = False
    # With PostgreSQL: how often each process checks watched runs for events a lost
    # NOTIFY did not announce.
    relay_poll_s: float = Field(1.0, gt=0, le=60)
    secure_cookies: bool = False
    # Host names this server answers to (the Host header; DNS rebinding): comma-separated,
    # `*` for any. Empty: the loopback names plus PLANLOOP_HOST.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    # The address people open the server at (`https://plans.example.com`): share links and
    # webhook payloads' links are built on it. Empty: share links on the request's own Host
    # (one PLANLOOP_ALLOWED_HOSTS allows), webhook links as paths.
    public_url: str = ""
    # Abuse limits per client address (the forwarded one behind a trusted proxy): new
    # sessions (cookies issued) per minute, with a burst, and unfinished runs.
    sessions_per_address_per_min: float = Field(30.0, gt=0)
    sessions_per_address_burst: int = Field(60, ge=1)
    max_active_runs_per_address: int = Field(20, ge=1)
    # Slow clients: seconds to send a request's headers, and its body; open connections.
    header_timeout_s: float = Field(10.0, gt=0, le=600)
    body_timeout_s: float = Field(10.0, gt=0, le=600)
    max_connections: int = Field(4096, ge=16)

    # The model planner (PLANLOOP_PLANNER=openai).
    model_timeout_s: float = Field(60.0, gt=0, le=3600)
    model_max_retries: int = Field(2, ge=0, le=10)
    # The longest one model call may take in all (the timeout above measures silence).
    model_deadline_s: float = Field(600.0, gt=0, le=7200)
    # The model's context in tokens; None: asked of the server, else 8192.
    model_context: int | None = Field(None, ge=512, le=10_000_000)
    model_stages: Annotated[tuple[str, ...], NoDecode] = ("draft", "critique", "revise")
    # Per-run caps: tokens spent and seconds spent executing (not waiting at checkpoints).
    max_run_tokens: int = Field(500_000, ge=1)
    max_run_seconds: float = Field(1800.0, gt=0)

    # `planloop mcp --http`: a session with no request in flight (and no open GET stream)
    # for this long is closed, its id then answers 404; at most this many are open at once
    # (an initialize beyond it answers 503).
    mcp_session_idle_s: float = Field(600.0, gt=0, le=7 * 24 * 3600)
    mcp_max_sessions: int = Field(100, ge=1, le=100_000)

    # Webhooks (README "Webhooks"): the server's own receiver of every run's events, the
    # Standard Webhooks secret that signs them, and the URL prefixes a run's own
    # `webhook_url` may name (none: runs cannot name one).
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_allowed_urls: Annotated[tuple[str, ...], NoDecode] = ()
    # Each delivery attempt ends within this many seconds; failed attempts are retried
    # after webhook_retry_base_s, doubling up to webhook_retry_max_s, at most
    # webhook_max_attempts attempts in all (then the delivery is `failed`).
    webhook_timeout_s: float = Field(10.0, gt=0, le=120)
    webhook_retry_base_s: float = Field(5.0, gt=0, le=3600)
    webhook_retry_max_s: float = Field(3600.0, gt=0, le=7 * 24 * 3600)
    webhook_max_attempts: int = Field(12, ge=1, le=100)

    @field_validator(
        "model_stages",
        "api_tokens",
        "allowed_hosts",
        "shared_memory",
        "webhook_allowed_urls",
        mode="before",
    )
    @classmethod
    def _split_stages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _model_named(self) -> Settings:
        if self.planner == "openai" and not self.model:
            raise ValueError("PLANLOOP_MODEL is required when PLANLOOP_PLANNER=openai")
        if self.require_token and not self.api_tokens:
            raise ValueError("PLANLOOP_REQUIRE_TOKEN needs PLANLOOP_API_TOKENS")
        for number, entry in enumerate(self.shared_memory, 1):
            # (never echoed: a mistyped entry may be a token)
            if self.api_tokens and entry not in self.api_tokens and not _principal_kind(entry):
                raise ValueError(
                    f"PLANLOOP_SHARED_MEMORY: entry {number} is none of PLANLOOP_API_TOKENS,"
                    " 'mcp:<name>', 'sessions' or '*'"
                )
        self._webhooks_usable()
        if self.memory_space and not SPACE_ID.fullmatch(self.memory_space):
            raise ValueError(
                "PLANLOOP_MEMORY_SPACE must be a space id: 1-100 lowercase letters, digits,"
                " '.', '_' or '-', starting with a letter or digit (or empty: the shared space)"
            )
        return self

    def _webhooks_usable(self) -> None:
        named = [("PLANLOOP_WEBHOOK_URL", self.webhook_url)] if self.webhook_url else []
        named += [("PLANLOOP_WEBHOOK_ALLOWED_URLS", u) for u in self.webhook_allowed_urls]
        named += [("PLANLOOP_PUBLIC_URL", self.public_url)] if self.public_url else []
        for setting, url in named:
            problem = http_url_problem(url)
            if problem is not None:
                raise ValueError(f"{setting}: {url[:200]!r} {problem}")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if self.webhook_secret is not None:
            problem = _webhook_secret_problem(secret)
            if problem is not None:
                raise ValueError(f"PLANLOOP_WEBHOOK_SECRET {problem}")
        elif self.webhook_url or self.webhook_allowed_urls:
            raise ValueError(
                "PLANLOOP_WEBHOOK_SECRET is required with PLANLOOP_WEBHOOK_URL or"
                " PLANLOOP_WEBHOOK_ALLOWED_URLS (whsec_ followed by base64 of 24-64 random"
                ' bytes, e.g. python -c "import base64,os;'
                " print('whsec_'+base64.b64encode(os.urandom(32)).decode())\")"
            )
        if self.webhook_retry_max_s < self.webhook_retry_base_s:
            raise ValueError(
                "PLANLOOP_WEBHOOK_RETRY_MAX_S must be at least PLANLOOP_WEBHOOK_RETRY_BASE_S"
            )

    @property
    def webhooks_on(self) -> bool:
        """Whether any webhook can be sent: a server URL, or prefixes runs may name."""
        return bool(self.webhook_url or self.webhook_allowed_urls)

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        parts = urlsplit(value)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.username is not None
            or parts.password is not None
            or parts.query
            or parts.fragment
            or any(c.isspace() or c in "<>\"'\\" for c in value)
        ):
            raise ValueError(
                "PLANLOOP_PUBLIC_URL must be an http(s) URL with a host and no user,"
                " query or fragment, e.g. https://plans.example.com"
            )
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if backend_of(value) == "sqlite":
            sqlite_path(value)  # a file named, options known (a trial's sqlite://: a traceback)
        return value

    @property
    def backend(self) -> Backend:
        """``postgres`` keeps runs and memory in PostgreSQL (replicas may share it);
        ``sqlite`` keeps runs in a file and memory in the folder."""
        return backend_of(self.database_url)

    @property
    def host_names(self) -> frozenset[str] | None:
        """The Host names to answer (lower case, no port); None: any."""
        if "*" in self.allowed_hosts:
            return None
        if self.allowed_hosts:
            return frozenset(h.lower().strip("[]") for h in self.allowed_hosts)
        names = {"localhost", "127.0.0.1", "::1"}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(self.host.lower().strip("[]"))
        return frozenset(names)

    @property
    def exposed_without_auth(self) -> bool:
        """Listening beyond loopback with neither tokens nor a proxy in front."""
        loopback = self.host in ("127.0.0.1", "localhost", "::1") or self.host.startswith("127.")
        return not loopback and not self.api_tokens and not self.behind_proxy
