"""Pure ASGI middleware at the door: body size, cross-site, JSON bodies, the session cookie.

Pure ASGI (not BaseHTTPMiddleware) so that streaming responses pass straight through.
"""

from __future__ import annotations

import functools
import hmac
import json
import re
import secrets
from collections.abc import Sequence
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planloop.api.errors import error_body
from planloop.identity import COOKIE, owner_of, token_owner

MAX_BODY = 64 * 1024
MAX_DECISION_BODY = 1024 * 1024
"""A checkpoint decision may carry a person's whole plan (``edit``: up to 200,000
characters, as JSON up to four bytes each): its body may be larger than others."""
_DECISION_PATH = re.compile(r"^/api/(runs|shares)/[^/]+/checkpoints/[^/]+$")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# GETs that start work are guarded like POSTs.
WORK_STARTING_GETS = {"/api/execute-plan"}


async def reject(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    """Answer with the project's error shape before the app sees the request."""
    body = json.dumps(error_body(code, message)).encode()
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


# A JSON escape of a UTF-16 surrogate: a lone one ("\\ud800") is valid JSON but no text,
# and nothing after the door can store, echo or send it (it failed as a 500 there).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def lone_surrogate(body: bytes) -> str | None:
    """Where a JSON body's text is not Unicode (a lone surrogate), if it is not: the field
    and the code point. A pair, as an emoji is escaped, is one character and fine; a body
    that is not JSON at all is the app's to refuse."""
    if _SURROGATE_ESCAPE.search(body) is None:
        return None
    try:
        stack: list[tuple[str, Any]] = [("", json.loads(body))]
    except (ValueError, RecursionError):
        return None
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError as exc:
                code = ord(value[exc.start])
                return (
                    f"{where or 'body'}: contains a lone surrogate (U+{code:04X}), which is"
                    " not text; send valid Unicode"
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else key
                stack += [(path, item), (f"{path} (the name)", key)]
        elif isinstance(value, list):
            stack += [(f"{where}[{i}]", item) for i, item in enumerate(value)]
    return None


_NESTING_SCAN = 500  # brackets in a body before its depth is looked at


def too_deep(body: bytes) -> str | None:
    """Why a JSON body nested deeper than Python's parser goes is refused (FastAPI said only
    "There was an error parsing the body"); None for any other body."""
    if body.count(b"[") + body.count(b"{") < _NESTING_SCAN:
        return None
    try:
        json.loads(body)
    except RecursionError:
        return "the request body's JSON is nested too deeply to read"
    except ValueError:
        return None  # not JSON: the app's to refuse
    return None


def query_problem(query: bytes) -> str | None:
    """Why a query string is refused: its bytes, once percent-decoded, are not UTF-8 (they
    were read as U+FFFD: "?goal=%ff" started a run named "\ufffd")."""
    try:
        unquote_to_bytes(query).decode()
    except UnicodeDecodeError:
        return "the query string is not valid UTF-8 once percent-decoded"
    return None


class Guards:
    """Refuse oversized bodies (413), cross-site writes (403), non-JSON bodies (415), text
    that is not Unicode in a body (422) and a query string that is not UTF-8 (400)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    def limit(self, scope: Scope) -> int:
        """The largest body this request may send."""
        if _DECISION_PATH.match(scope["path"]):
            return max(self.max_body, MAX_DECISION_BODY)
        return self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await reject(send, *refusal)
            return
        if scope["method"] in UNSAFE:
            await self._call_read(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        """Why to refuse the request before it runs, if at all. (A function of its own so
        the parsed headers are not kept alive for the whole of a long stream.)"""
        headers = _headers(scope)
        method = scope["method"]
        if method in UNSAFE or scope["path"] in WORK_STARTING_GETS:
            problem = cross_site_problem(headers)
            if problem:
                return 403, "cross_site_request", problem
        if method not in UNSAFE and scope["path"] in WORK_STARTING_GETS:
            problem = not_same_origin(headers)
            if problem:
                return 403, "cross_site_request", problem
        query = scope.get("query_string", b"")
        if query and (b"%" in query or not query.isascii()):
            problem = query_problem(query)
            if problem:
                return 400, "bad_request", problem
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "bad_request", "invalid Content-Length"
            if int(length) > self.limit(scope):
                return 413, "body_too_large", f"request body over {self.limit(scope)} bytes"
        has_body = (length is not None and int(length) > 0) or "transfer-encoding" in headers
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        # A write with a body must be JSON; one that declares another type is refused even
        # when empty (a form post with no fields is still a cross-site-style request).
        if method in UNSAFE and (has_body or ctype) and ctype != "application/json":
            return 415, "unsupported_media_type", "send the body as application/json"
        return None

    async def _call_read(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A write's body is read here first, up to the limit: one without Content-Length
        (chunked) that is oversized gets 413 before the app's own parsing could turn it into
        a 400, and one whose text is not Unicode gets 422 before any work starts."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before finishing its body
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit(scope):
                await reject(
                    send, 413, "body_too_large", f"request body over {self.limit(scope)} bytes"
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            body.decode()
        except UnicodeDecodeError as exc:  # the app's parser says only "error parsing the body"
            where = f"byte {exc.start + 1} is not UTF-8"
            await reject(send, 400, "malformed_json", f"the request body is not text: {where}")
            return
        problem = too_deep(body)
        if problem is not None:
            await reject(send, 400, "malformed_json", problem)
            return
        problem = lone_surrogate(body)
        if problem is not None:
            await reject(send, 422, "invalid_input", problem)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def cross_site_problem(headers: dict[str, str]) -> str | None:
    """Fetch Metadata first; Origin against Host for browsers that send no Sec-Fetch-Site."""
    site = headers.get("sec-fetch-site")
    if site == "cross-site":
        return "cross-site requests are refused"
    origin = headers.get("origin")
    if origin and origin != "null":
        host = headers.get("host", "")
        if urlsplit(origin).netloc.lower() != host.lower():
            return "the request's Origin does not match this server"
    elif origin == "null" and site not in (None, "same-origin", "none"):
        return "opaque-origin requests are refused"
    return None


def not_same_origin(headers: dict[str, str]) -> str | None:
    """A GET that starts work must come from this origin itself: the page's EventSource
    (``Sec-Fetch-Site: same-origin``), the address bar (``none``), or a program, which
    sends no Fetch Metadata at all. ``same-site`` is refused: another port of the same
    host is another origin, and an ``<img src>`` there would carry this site's cookie."""
    site = headers.get("sec-fetch-site")
    if site not in (None, "same-origin", "none"):
        return "this request starts a run: it must come from this server's own page"
    return None


class SessionCookie:
    """Who is asking: a browser's HttpOnly, SameSite=Lax session cookie, or an API token.

    A request with ``Authorization: Bearer <token>`` must carry one of the configured
    tokens (compared in constant time); its runs belong to that token. Other requests are
    browser sessions, identified by the cookie (issued on the first request) — unless
    ``require_token`` is set, for servers that only serve programs.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        secure: bool = False,
        tokens: Sequence[str] = (),
        require_token: bool = False,
    ) -> None:
        self.app = app
        self.secure = secure
        self._tokens = [t.encode() for t in tokens if t]
        self.require_token = require_token

    def _token_owner(self, header: str) -> str | None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        given = value.strip().encode()
        matched = False
        for token in self._tokens:  # every token is compared: timing says nothing
            matched |= hmac.compare_digest(given, token)
        return token_owner(value.strip()) if matched else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        state: dict[str, Any] = scope.setdefault("state", {})
        path = scope.get("path", "")
        # A share link's door needs no session or token: the link is its credential, and
        # it opens one run only (api/shared.py).
        shared = path.startswith("/api/shares/")
        guarded = (path.startswith("/api/") and not shared) or path == "/metrics"
        auth = headers.get("authorization")
        if auth is not None:
            owner = self._token_owner(auth)
            if owner is None:
                code, said = (
                    ("invalid_token", "the API token is not valid")
                    if self._tokens
                    else ("no_api_tokens", "this server takes no API tokens: send none")
                )
                await reject(send, 401, code, said, headers={"www-authenticate": "Bearer"})
                return
            state["owner"] = owner
            del headers
            await self.app(scope, receive, send)
            return
        if self.require_token and guarded:
            await reject(
                send,
                401,
                "token_required",
                "this server requires an API token",
                headers={"www-authenticate": "Bearer"},
            )
            return
        token = _cookie(headers.get("cookie", ""))
        del headers  # not kept alive for the length of a stream
        fresh = token is None
        if token is None:
            token = secrets.token_urlsafe(32)
        state["owner"] = owner_of(token)

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000" + (
                    "; Secure" if self.secure else ""
                )
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


MAX_REMEMBERED_HEADER = 1024  # longer Cookie headers are parsed each time, never kept


def _cookie(header: str) -> str | None:
    """The session token in a Cookie header, or None. A browser sends the same header
    with every request, and two layers ask (the session and the address limits): each
    header is parsed once (``SimpleCookie``: 5.6 µs in a loop, more in a busy server) and
    remembered, up to a bound."""
    if not header:
        return None
    if len(header) > MAX_REMEMBERED_HEADER:
        return _parsed_cookie(header)
    return _remembered_cookie(header)


def _parsed_cookie(header: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:
        return None
    morsel = jar.get(COOKIE)
    if morsel is None:
        return None
    value = morsel.value
    if not 20 <= len(value) <= 100 or not all(c.isalnum() or c in "-_" for c in value):
        return None
    return value


_remembered_cookie = functools.lru_cache(maxsize=2048)(_parsed_cookie)
