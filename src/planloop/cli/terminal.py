"""What may reach the terminal: untrusted text made inert, in one place.

Goals, plans, data points, notes, model text and a server's error messages are data. Printed
as they are, the control sequences in them act on the terminal: OSC 52 writes the
clipboard, OSC 8 hides a link's target, OSC 0 sets the window title, ``ESC[2J`` clears the
screen, a carriage return or backspace overwrites what was shown, and bidi overrides make
text read otherwise than it is. And Rich reads ``[...]`` in a string as markup: a framework
titled ``[/bold]`` crashed the view with MarkupError.

* :func:`clean` drops every control sequence and control character (ECMA-48: CSI, OSC,
  DCS/SOS/PM/APC strings, other ESC sequences, C0 but newline and tab, DEL, C1) and the
  bidi formatting characters; line and paragraph separators become newlines.
* :func:`markup` fills a Rich markup template (ours, trusted) with untrusted values,
  cleaned and escaped, so they print as the text they are.
* :func:`json_line` writes JSON whose every character is printable: the data is kept
  exactly (C1, bidi and the rest are ``\\uXXXX`` escapes, as C0 always are in JSON).

Nothing else in the CLI prints untrusted text: the views print through these, and errors
through :func:`echo_error`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import typer
from rich.markup import escape

_ST = r"(?:\x1b\\|\x9c|\x07)"  # string terminator (BEL ends OSC in xterm's dialect)
_SEQUENCE = re.compile(
    # control strings: OSC, DCS, SOS, PM, APC (7-bit or C1 introducer), to ST or the end
    rf"(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]).*?(?:{_ST}|\Z)"
    # CSI: parameters, intermediates, a final byte
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # any other escape sequence (charset, reset, keypad...): intermediates and a final
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",
    re.DOTALL,
)
# C0 but \t and \n; DEL; C1; ALM, LRM, RLM; LRE..RLO; LRI..PDI; the BOM.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SEPARATOR = re.compile("\r\n|[\r\u2028\u2029\x85]")
# What json.dumps(ensure_ascii=False) leaves raw that a terminal may act on or reorder.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` with no control sequence, control character or bidi override left."""
    text = _SEPARATOR.sub("\n", text)
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def shown(value: object) -> str:
    """An untrusted value as Rich markup that prints exactly its cleaned text."""
    return escape(clean(str(value)))


def markup(template: str, **values: object) -> str:
    """``template`` (trusted Rich markup with ``{name}`` fields) filled with untrusted
    ``values``, each cleaned and escaped."""
    return template.format(**{name: shown(value) for name, value in values.items()})


def json_line(value: Any) -> str:
    """``value`` as one line of JSON that is safe to print and decodes to ``value``."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def echo_error(message: str) -> None:
    """``error: <message>`` on standard error, the message cleaned."""
    typer.echo(f"error: {clean(message)}", err=True)
