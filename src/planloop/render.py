"""Markdown to safe HTML: markdown-it-py (raw HTML off) and then nh3 with a small allow-list.

Plans and chat replies come from a model or a person, so their HTML must never run script
or load anything. Two layers, each enough on its own for the common cases:

* markdown-it-py renders with ``html`` disabled (raw tags become text), tables on, and
  images turned into their alt text (nothing is fetched);
* nh3 keeps only the tags and attributes below; links only to http, https and mailto, with
  ``rel="noopener noreferrer nofollow"``. Table alignment becomes a class (inline styles
  are refused by the page's Content-Security-Policy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "del",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "span",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
# a column of short cells ("#", a date, an amount) takes only its width: on a phone every
# column's minimum had made "#" as wide as "Milestone" (a page trial's)
SHORT = "col-short"
WORD = "col-word"  # ... and one of single words ("2027-02-01", "£900") stays on one line
LONG = "col-long"  # a column of sentences keeps a readable width, the table scrolls instead
SHORT_CELL, LONG_CELL = 12, 40  # characters
_COLUMNS = {*ALIGN_CLASSES, SHORT, WORD, LONG}
CLASSES = {"th": _COLUMNS, "td": _COLUMNS, "span": {"image-alt"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Tags whose text is dropped with them (raw HTML is already escaped; this is belt and braces).
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})

_ALIGN = re.compile(r"^text-align:(left|center|right)$")


def _image(
    self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any
) -> str:  # markdown-it renderer rule signature
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-alt">[image: {escapeHtml(alt)}]</span>' if alt else ""


def _cell(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    style = token.attrGet("style")
    if style is not None:
        token.attrs.pop("style", None)
        match = _ALIGN.match(str(style))
        if match:
            short = token.attrGet("class")
            token.attrSet("class", " ".join(filter(None, [f"align-{match.group(1)}", short])))
    rendered: str = self.renderToken(tokens, idx, options, env)
    return rendered


def _short_columns(state: Any) -> None:
    """Mark the cells of each table column whose every cell is short."""
    tokens = state.tokens
    start = 0
    while start < len(tokens):
        if tokens[start].type != "table_open":
            start += 1
            continue
        cells: list[tuple[int, Any]] = []  # (column, cell token)
        longest: dict[int, int] = {}
        spaced: set[int] = set()  # columns with a cell of more than one word
        column, i = 0, start + 1
        while i < len(tokens) and tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "tr_open":
                column = 0
            elif kind in ("th_open", "td_open"):
                text = tokens[i + 1].content if tokens[i + 1].type == "inline" else ""
                longest[column] = max(longest.get(column, 0), len(text))
                if len(text.split()) > 1:
                    spaced.add(column)
                cells.append((column, tokens[i]))
                column += 1
            i += 1
        for col, cell in cells:
            if longest[col] <= SHORT_CELL:
                cell.attrSet("class", SHORT if col in spaced else f"{SHORT} {WORD}")
            elif longest[col] >= LONG_CELL:
                cell.attrSet("class", LONG)
        start = i + 1


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _image)
    md.add_render_rule("th_open", _cell)
    md.add_render_rule("td_open", _cell)
    md.core.ruler.push("short_columns", _short_columns)
    return md


_MD = _markdown()


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes, classes and link schemes."""
    cleaned: str = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        allowed_classes={tag: set(classes) for tag, classes in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned


def render_markdown(text: str) -> str:
    """Markdown (from a model or a person) to HTML that is safe to insert into the page."""
    if not text:
        return ""
    return sanitize(_MD.render(text))


__all__ = ["LINK_REL", "render_markdown", "sanitize"]
