"""What the app's lifespan does to the process it runs in, and undoes when it ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from planloop.app import GC_THRESHOLDS, create_app
from tests.inprocess import settings_for


async def test_a_running_server_collects_garbage_less_often_and_puts_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Collecting and freezing this test process's heap is the suite's cost, not the test's.
    monkeypatch.setattr(gc, "collect", lambda *a: 0)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    app = create_app(settings_for(tmp_path))
    async with app.router.lifespan_context(app):
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before
