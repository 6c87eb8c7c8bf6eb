"""The tables of a plan's Markdown, as rows of plain text under their section's title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token


@dataclass(frozen=True)
class Table:
    section: str
    headers: list[str]
    rows: list[list[str]]

    def column(self, pattern: re.Pattern[str], *, skip: tuple[int, ...] = ()) -> int | None:
        for i, header in enumerate(self.headers):
            if i not in skip and pattern.search(header):
                return i
        return None


def tables_of(tokens: list[Token]) -> list[Table]:
    """Every table of the parsed Markdown, with the heading it is under."""
    out: list[Table] = []
    section = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.tag in ("h1", "h2", "h3"):
            section = plain(tokens[i + 1].content)
        elif tok.type == "table_open":
            headers: list[str] = []
            rows: list[list[str]] = []
            row: list[str] = []
            in_head = False
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "thead_open":
                    in_head = True
                elif t.type == "thead_close":
                    in_head = False
                elif t.type == "tr_open":
                    row = []
                elif t.type == "inline":
                    row.append(plain(t.content))
                elif t.type == "tr_close":
                    if in_head:
                        headers = row
                    else:
                        rows.append(row)
                i += 1
            out.append(Table(section, headers, rows))
        i += 1
    return out


def cells(row: list[str]) -> Any:
    """A row's cell by column number; "" for a column it does not have (or None)."""

    def cell(i: int | None) -> str:
        return row[i] if i is not None and 0 <= i < len(row) else ""

    return cell


_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """A cell's or a heading's text without its inline Markdown (emphasis, code, links)."""
    text = _LINK.sub(r"\1", markdown)
    for _ in range(3):
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("\\|", "|").strip()
