"""The plan as one standalone HTML file: readable on screen, clean when printed.

No script and nothing fetched: the styles are inline, the Content-Security-Policy says
``default-src 'none'``, and every section is Markdown rendered by :mod:`planloop.render`
(raw HTML off, then sanitized). The table of contents links to each section's anchor;
each top-level section starts a new page when printed.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from planloop.render import render_markdown

if TYPE_CHECKING:
    from planloop.export.document import PlanDocument

STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; color: #1d232b; }
header { border-bottom: 2px solid #d5dbe3; margin-bottom: 1.5rem; }
header h1 { font-size: 1.6rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.draft { background: #fff4d6; border: 1px solid #e5c15c; padding: .5rem .75rem; }
nav ol { padding-left: 1.25rem; } nav a { color: #1f5fbf; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .92rem; }
th, td { border: 1px solid #cfd6df; padding: .3rem .5rem; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
th { background: #eef2f6; }
.align-right { text-align: right; } .align-center { text-align: center; }
pre, code { font-family: ui-monospace, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; background: #f5f7fa; padding: .5rem; }
footer { margin-top: 2rem; color: #5b6675; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  nav { break-after: page; }
  main > section + section { break-before: page; }
  table, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


def standalone_html(doc: PlanDocument, facts_html: str) -> str:
    """``facts_html`` is the escaped ``<dt>/<dd>`` list of the header."""
    tops = [s for s in doc.sections if s.level == 2]
    first_line = doc.plan_markdown.find("\n## ")
    preamble = doc.plan_markdown if not tops else doc.plan_markdown[: max(first_line, 0)]
    # The plan's own "# Plan: …" line repeats the header's title: drop it from the preamble.
    preamble = "\n".join(
        line for line in preamble.splitlines() if not line.startswith("# ")
    ).strip()
    toc = "".join(f'<li><a href="#{escape(s.anchor)}">{escape(s.title)}</a></li>' for s in tops)
    body = "".join(
        f'<section id="{escape(s.anchor)}">{render_markdown(s.markdown)}</section>' for s in tops
    )
    draft = (
        f'<p class="draft">This is a partial plan: the run is {escape(doc.status)}'
        f" and stopped after iteration {doc.iteration}.</p>"
        if doc.partial
        else ""
    )
    title = escape(doc.title)
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f'<header><h1 dir="auto">{title}</h1>{draft}<dl>{facts_html}</dl></header>'
        + (f'<nav aria-label="Contents"><h2>Contents</h2><ol>{toc}</ol></nav>' if toc else "")
        + f"<main>{render_markdown(preamble)}{body}</main>"
        f"<footer>Exported from planloop, run {escape(doc.run_id)}.</footer>"
        "</body></html>\n"
    )
