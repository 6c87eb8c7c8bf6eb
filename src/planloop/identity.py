"""Who owns a run: a session, named in the store by a hash of its token.

The browser's cookie, an API token and the terminal client's session file all become an
owner id here, so the store never holds a usable session token.
"""

from __future__ import annotations

import hashlib

COOKIE = "planloop_session"  # the browser's session cookie (the terminal client sends it too)


def owner_of(token: str) -> str:
    """The owner id of a session token (32 hex digits of its SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def token_owner(token: str) -> str:
    """The owner id of an API token: apart from sessions' (``token:`` and 32 hex digits),
    the same whether the token came over HTTP or to the terminal client embedded."""
    return "token:" + owner_of(token)
