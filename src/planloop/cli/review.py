"""The checkpoint question in the terminal: look at the plan (``v``) and what changed
(``d``), then approve, approve with feedback, request changes (``r``), edit the plan in
``$EDITOR`` (``e``), give the checkpoint more time (``x``), reject (``j``) or leave (``q``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, Protocol

from planloop.cli.backend import Backend, CliError
from planloop.cli.view import View, when


class Watch(Protocol):
    """What the question needs of the watch (:class:`planloop.cli.flow.Watch`)."""

    backend: Backend
    view: View

    async def ask(self, text: str) -> str: ...


APPROVE = {"", "a", "approve", "y", "yes"}
FEEDBACK = {"f", "feedback"}
REVISE = {"r", "revise", "request", "changes"}
EDIT = {"e", "edit"}
VIEW = {"v", "view", "plan"}
DIFF = {"d", "diff"}
EXTEND = {"x", "extend"}
REJECT = {"j", "reject", "n", "no"}
DETACH = {"q", "quit", "detach"}
QUESTION = (
    "Checkpoint {n}: [A]pprove, [f]eedback, [r]equest changes, [e]dit, [v]iew, [d]iff,"
    " e[x]tend, re[j]ect, [q]uit?"
)
DEFAULT_EXTEND_MIN = 60.0
MAX_EXTEND_S = 30 * 86400  # the API's most: 30 days from now


class Choice(NamedTuple):
    decision: str
    feedback: str = ""
    plan_markdown: str | None = None


class Leave(Exception):
    """The person chose to leave the question (``q``)."""


def _split(answer: str) -> tuple[str, str]:
    """``"f more on costs"`` → ``("f", "more on costs")``: a letter with its text inline."""
    word, _, rest = answer.partition(" ")
    return word.lower(), rest.strip()


async def ask_checkpoint(watch: Watch, run_id: str, number: int) -> Choice:
    """Ask until the person decides; looking (v, d) and extending (x) ask again."""
    while True:
        word, inline = _split(await watch.ask(QUESTION.format(n=number)))
        try:
            choice = await _answer(watch, run_id, number, word, inline)
        except CliError as exc:  # e.g. no plan kept by this server: say so and ask again
            watch.view.note(f"Checkpoint {number}: {exc.message}")
            continue
        if choice is not None:
            return choice


async def _answer(watch: Watch, run_id: str, number: int, word: str, inline: str) -> Choice | None:
    if word in APPROVE and not inline:
        return Choice("approve")
    if word in REJECT:  # it ends the run: asked again, as the page's Stop is
        sure = await watch.ask(
            f"Reject checkpoint {number} and end the run? Its plan stays readable and can be"
            " forked. [y/N]:"
        )
        if sure.strip().lower() in ("y", "yes"):
            return Choice("reject", inline)
        watch.view.note("Not rejected.")
        return None
    if word in DETACH:
        raise Leave
    if word in FEEDBACK:
        text = inline or await watch.ask("Feedback (steers the next iterations):")
        return Choice("approve", text) if text else None
    if word in REVISE:
        text = inline or await watch.ask("What should change? (required)")
        if not text:
            watch.view.note("Request changes needs feedback: say what should change.")
            return None
        return Choice("revise", text)
    if word in VIEW:
        detail = await watch.backend.checkpoint(run_id, number)
        watch.view.plan_text(f"Plan at checkpoint {number}", detail.get("plan_markdown", ""))
        return None
    if word in DIFF:
        detail = await watch.backend.checkpoint(run_id, number)
        watch.view.changes(detail.get("changes") or {})
        return None
    if word in EDIT:
        return await _edit(watch, run_id, number)
    if word in EXTEND:
        await _extend(watch, run_id, number, inline)
        return None
    watch.view.note("Answer a, f, r, e, v, d, x, j or q.")
    return None


async def _edit(watch: Watch, run_id: str, number: int) -> Choice | None:
    detail = await watch.backend.checkpoint(run_id, number)
    before = str(detail.get("plan_markdown", ""))
    after = await edit_text(before)
    if after.strip() == before.strip():
        watch.view.note("The plan is unchanged: nothing was sent.")
        return None
    if not after.strip():
        watch.view.note("The edited plan is empty: nothing was sent.")
        return None
    feedback = await watch.ask("Feedback with your edit (optional, Enter for none):")
    return Choice("edit", feedback, after)


async def _extend(watch: Watch, run_id: str, number: int, inline: str) -> None:
    text = inline or await watch.ask(f"More time, in minutes [{DEFAULT_EXTEND_MIN:g}]:")
    try:
        minutes = float(text) if text else DEFAULT_EXTEND_MIN
    except ValueError:
        watch.view.note(f"Not a number of minutes: {text!r}")
        return
    if minutes <= 0:
        watch.view.note("The extension must be a positive number of minutes.")
        return
    # more time than the deadline as it stands (an expired one's: from now), as the page's
    # "+1 hour" gives; the API takes a deadline from now (found as a user: "x 30" moved a
    # deadline an hour away to 30 minutes away)
    shown = (await watch.backend.checkpoint(run_id, number)).get("deadline")
    left = 0.0
    if isinstance(shown, str):
        with contextlib.suppress(ValueError):
            left = max(0.0, (datetime.fromisoformat(shown) - datetime.now(UTC)).total_seconds())
    seconds = min(MAX_EXTEND_S, left + minutes * 60)
    detail = await watch.backend.extend(run_id, number, seconds)
    watch.view.note(
        f"Checkpoint {number} now waits until {when(str(detail.get('deadline', '?')))}."
    )


async def edit_text(text: str) -> str:
    """``text`` opened in ``$VISUAL`` or ``$EDITOR``: the file as the person saved it."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise CliError("set $EDITOR (or $VISUAL) to edit the plan")
    return await asyncio.to_thread(_edit_file, text, shlex.split(editor))


def _edit_file(text: str, editor: list[str]) -> str:
    fd, name = tempfile.mkstemp(prefix="planloop-plan-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            code = subprocess.call([*editor, name])  # noqa: S603 (the person's own editor)
        except OSError as exc:  # not there, not a program (a trial's: a traceback)
            raise CliError(
                f"cannot start the editor {editor[0]!r} ({exc.strerror or exc}): set $EDITOR"
                " (or $VISUAL) to one that is installed; nothing was sent"
            ) from None
        if code != 0:
            raise CliError(f"the editor exited with status {code}; nothing was sent")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
