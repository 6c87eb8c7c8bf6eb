"""A session's Cookie header is parsed once, however many requests and layers read it."""

from __future__ import annotations

from http.cookies import SimpleCookie
from unittest import mock

from planloop.api import guards
from planloop.identity import COOKIE

TOKEN = "a" * 24 + "-_" + "b" * 8


def test_the_same_header_is_parsed_once_and_answers_the_same() -> None:
    header = f"theme=dark; {COOKIE}={TOKEN}; other=1"
    loads = 0
    real = SimpleCookie.load

    def load(jar: SimpleCookie, raw: str) -> None:
        nonlocal loads
        loads += 1
        real(jar, raw)

    guards._remembered_cookie.cache_clear()
    with mock.patch.object(SimpleCookie, "load", load):
        assert [guards._cookie(header) for _ in range(5)] == [TOKEN] * 5
        assert loads == 1
        other = f"{COOKIE}={'c' * 30}"
        assert guards._cookie(other) == "c" * 30
        assert loads == 2


def test_what_is_refused_stays_refused_and_long_headers_are_not_kept() -> None:
    guards._remembered_cookie.cache_clear()
    assert guards._cookie("") is None
    assert guards._cookie(f"{COOKIE}=short") is None
    assert guards._cookie(f"{COOKIE}={'x' * 30}!") is None  # not a token's characters
    assert guards._cookie(f"{COOKIE}={'x' * 30}!") is None
    padded = f"pad={'p' * 2000}; {COOKIE}={TOKEN}"
    assert guards._cookie(padded) == TOKEN
    assert guards._remembered_cookie.cache_info().currsize == 2  # the two short ones
