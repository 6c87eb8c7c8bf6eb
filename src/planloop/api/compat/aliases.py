"""The duplicate fields the original clients read, added to planloop's events on the wire.

planloop's events say each thing once. The original page and its clients read three of
them under other names, so every stream that sends planloop's event objects (the primary
stream, the original page's stream, AG-UI's custom events) also sends the old name, right
after the field it copies, exactly where the event models used to declare it:

* ``iteration_started``: ``max``, the same value as ``max_iterations``;
* ``checkpoint_approved`` and ``checkpoint_rejected``: ``checkpoint``, the same value as
  ``checkpoint_number``;
* ``error``: ``error``, the same text as ``message``.

Rows stored before the split carry the duplicates already; they are dropped and added
again in the same place, so an old row and a new one send the same bytes.
"""

from __future__ import annotations

from typing import Any

from planloop.events import StoredEvent, dump_json, encode_sse

# event type -> (the old name, the field it copies)
ALIASES: dict[str, tuple[str, str]] = {
    "iteration_started": ("max", "max_iterations"),
    "checkpoint_approved": ("checkpoint", "checkpoint_number"),
    "checkpoint_rejected": ("checkpoint", "checkpoint_number"),
    "error": ("error", "message"),
}


def with_aliases(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the old name placed right after the field it copies (a new dict when
    ``event_type`` has one; ``data`` itself otherwise)."""
    pair = ALIASES.get(event_type)
    if pair is None:
        return data
    alias, source = pair
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == alias:
            continue
        out[key] = value
        if key == source:
            out[alias] = value
    return out


def wire_data(event: StoredEvent) -> dict[str, Any]:
    """The JSON object clients receive for ``event``: its stored data plus the old names."""
    return with_aliases(event.type, event.data)


def _encode_primary(event: StoredEvent) -> bytes:
    # Most events (all the frequent ones) have no old name: their stored JSON is sent as is.
    payload = dump_json(wire_data(event)) if event.type in ALIASES else event.payload
    return encode_sse(payload, event_id=event.seq, event=event.type)


def primary_frame(event: StoredEvent) -> bytes:
    """The primary stream's frame (a named event), encoded once per event and cached."""
    return event.cached_frame("primary", _encode_primary)
