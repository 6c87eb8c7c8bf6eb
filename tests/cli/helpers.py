"""Driving the real `planloop` command: in a pseudo-terminal (pexpect) or with pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """The client's own session file and, for embedded mode, its default store, in ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANLOOP_", "OPENAI_"))}
    env.update(
        {
            "XDG_CONFIG_HOME": str(home / "config"),
            "PLANLOOP_DATABASE_URL": f"sqlite:///{home / 'planloop.db'}",
            "PLANLOOP_MEMORY_DIR": str(home / "memory"),
            "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.01",
            "PLANLOOP_SWEEP_INTERVAL_S": "0.2",
            "TERM": "xterm-256color",
            "COLUMNS": "110",
            **extra,
        }
    )
    return env


def spawn(home: Path, *args: str, **env: str) -> pexpect.spawn:
    """The command in a pseudo-terminal, as a person would run it."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "planloop", *args],
        env=cli_env(home, **env),
        cwd=str(home),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 110),
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    status: int = child.exitstatus if child.exitstatus is not None else -child.signalstatus
    return status


def run(home: Path, *args: str, answers: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """The command with piped answers and captured output."""
    return subprocess.run(
        [sys.executable, "-m", "planloop", *args],
        input=answers,
        capture_output=True,
        text=True,
        env=cli_env(home, **env),
        cwd=home,
        timeout=60,
        check=False,
    )


def lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]
