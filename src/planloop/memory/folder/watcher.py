"""Following the memory folder while the server runs: files people add, edit or delete.

:meth:`MemoryWatcher.start` syncs the index with the folder, then watches ``entities/`` with
``watchfiles`` and re-reads the notes that changed. A full sync also runs once the watch is
established (closing the gap between the first sync and the first event) and every
``resync_s`` seconds after, as a safety net for events a file system may drop — the watch is a
hint, the periodic sync is the guarantee. While it runs, :attr:`Vault.live` is set, so reads
trust the index instead of syncing first; if watching fails, the vault falls back to that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from planloop.memory.folder.vault import Vault

log = logging.getLogger(__name__)

RESYNC_S = 30.0
TICK_MS = 1000  # how often an idle watch wakes up to see whether a full sync is due
DEBOUNCE_MS = 500
# How often the watch thread looks whether it should stop: a stop waits up to this long.
# (At 20 ms an idle server spends ~1% of a core on it, against 0.7% at 50 ms.)
STEP_MS = 20


def changed_notes(
    changes: Iterable[tuple[Change, str]], roots: Iterable[Path]
) -> tuple[set[str], bool]:
    """The note names a batch of changes touches, and whether it needs a full sync instead.

    Hidden files (planloop's temp files, ``.obsidian``) and files that are not notes are
    ignored; anything that may be a folder (no ``.md`` suffix, one level down) asks for a
    full sync, since a folder moved or deleted reports no event per file.
    """
    bases = list(roots)
    names: set[str] = set()
    full = False
    for _, raw in changes:
        path = Path(raw)
        rel = next((path.relative_to(b) for b in bases if path.is_relative_to(b)), None)
        if rel is None or not rel.parts:
            full = True
            continue
        parts = rel.parts
        if any(part.startswith(".") for part in parts) or len(parts) > 2:
            continue
        if parts[-1].endswith(".md"):
            names.add(parts[-1][: -len(".md")])
        elif len(parts) == 1:
            full = True
    return names, full


class MemoryWatcher:
    """Keeps a vault's index in step with its folder while the server runs."""

    def __init__(self, vault: Vault, *, resync_s: float = RESYNC_S) -> None:
        self.vault = vault
        self.resync_s = resync_s
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> MemoryWatcher:
        report = await asyncio.to_thread(self.vault.sync)
        log.info(
            "memory index of %s: %d notes read, %d removed",
            self.vault.root,
            report.indexed,
            report.removed,
        )
        self.vault.live = True
        self._task = asyncio.create_task(self._watch(), name="memory-watcher")
        return self

    async def stop(self) -> None:
        self.vault.live = False
        self._stop.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=5)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None

    async def _watch(self) -> None:
        root = self.vault.entities_dir.resolve()
        roots = dict.fromkeys([root, self.vault.entities_dir.absolute()])
        last_full = 0.0  # the first idle tick re-syncs: the watch is established by then
        try:
            async for changes in awatch(
                root,
                watch_filter=DefaultFilter(),
                stop_event=self._stop,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                recursive=True,
            ):
                now = time.monotonic()
                names, full = changed_notes(changes, roots)
                if full or (not changes and now - last_full >= self.resync_s):
                    await asyncio.to_thread(self.vault.sync)
                    last_full = now
                elif names:
                    await asyncio.to_thread(self.vault.refresh, names)
        except Exception:
            # Reads sync with the folder themselves again: slower, never stale.
            self.vault.live = False
            log.exception("watching the memory folder %s failed", root)
