"""The ``peer`` section of docs/benchmarks.md: planloop (SQLite, PostgreSQL) vs the peer.

Every figure is a median over rounds (spread min-max where there were several rounds) and
comes with its ratio to the peer's: subject / peer, so for times below 1 means planloop is
faster, for rates above 1 means planloop does more.
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

NAMES = ("planloop SQLite", "planloop PG", "peer")
Fmt = Callable[[float], str]


def _ms(v: float) -> str:
    return f"{v * 1000:,.1f}" if v < 1 else f"{v * 1000:,.0f}"


def _n(v: float) -> str:
    return f"{v:,.0f}"


def _f2(v: float) -> str:
    return f"{v:,.2f}"


def _s(v: float) -> str:
    return f"{v:,.1f}"


def _med(values: Sequence[float | None]) -> tuple[float, float, float] | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if not vals:
        return None
    return statistics.median(vals), min(vals), max(vals)


def _cell(m: tuple[float, float, float] | None, fmt: Fmt) -> str:
    if m is None:
        return "—"
    mid, lo, hi = m
    return fmt(mid) if lo == hi else f"{fmt(mid)} ({fmt(lo)}–{fmt(hi)})"


def _ratio(a: tuple[float, float, float] | None, b: tuple[float, float, float] | None) -> str:
    if a is not None and b is not None and b[0] == 0 and a[0] > 0:
        return "∞"
    if a is None or b is None or b[0] == 0:
        return "—"
    r = a[0] / b[0]
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


class Table:
    def __init__(self, unit_header: str, extra: Sequence[str] = ()) -> None:
        self.extra = tuple(extra)  # columns after the peer's, without a ratio
        head = "".join(f" {n} |" for n in self.extra)
        self.lines = [
            f"| {unit_header} | planloop SQLite | ÷ peer | planloop PG | ÷ peer | peer |{head}",
            "|---|--:|--:|--:|--:|--:|" + "--:|" * len(self.extra),
        ]

    def row(self, label: str, per: dict[str, Sequence[float | None]], fmt: Fmt) -> None:
        m = {n: _med(per.get(n, [])) for n in (*NAMES, *self.extra)}
        p = m["peer"]
        self.lines.append(
            f"| {label} | {_cell(m['planloop SQLite'], fmt)} | {_ratio(m['planloop SQLite'], p)} "
            f"| {_cell(m['planloop PG'], fmt)} | {_ratio(m['planloop PG'], p)} "
            f"| {_cell(p, fmt)} |" + "".join(f" {_cell(m[n], fmt)} |" for n in self.extra)
        )

    def text(self) -> str:
        return "\n".join(self.lines)


def _rounds_label(n: int) -> str:
    return "1 round" if n == 1 else f"{n} rounds, medians with min-max"


def _rounds(res: dict[str, list[dict[str, Any]]], get: Callable[[dict[str, Any]], Any]) -> Any:
    return {n: [get(r) for r in res.get(n, [])] for n in NAMES}


def _approval_table(unique: dict[str, Any], shared: dict[str, Any]) -> str:
    t = Table("approvals (ms, or as named)")
    for label, res in (("unique goals", unique), ("one shared goal", shared)):
        for q in ("p50", "p99"):
            t.row(
                f"{label}: approval → next `iteration_started` {q}",
                _rounds(res, lambda r, q=q: r["to_resumed"][q]),
                _ms,
            )
        t.row(
            f"{label}: approval → `checkpoint_approved` p50",
            _rounds(res, lambda r: r["to_approved"]["p50"]),
            _ms,
        )
        t.row(
            f"{label}: server CPU per approval (ms, the runs' rest included)",
            _rounds(res, lambda r: r["server_cpu_ms_per_approval"] / 1000),
            _ms,
        )
        t.row(
            f"{label}: runs that did not finish (count)",
            _rounds(res, lambda r: r["missing"] + len(r["errors"])),
            _n,
        )
        t.row(f"{label}: server RSS after (MiB)", _rounds(res, lambda r: r["rss_kb"] / 1024), _n)
    return t.text()


def _throughput_table(res: dict[str, Any]) -> str:
    t = Table("events per second")
    t.row("events delivered / s", _rounds(res, lambda r: r["events_per_s"]), _n)
    t.row("iterations / s", _rounds(res, lambda r: r["iterations_per_s"]), _n)
    t.row(
        "durable records / s (planloop: events; peer: checkpoints)",
        _rounds(res, lambda r: r["durable_rows_per_s"]),
        _n,
    )
    t.row(
        "server CPU per iteration (ms)",
        _rounds(res, lambda r: r["server_cpu_ms_per_iteration"] / 1000),
        _ms,
    )
    t.row(
        "PostgreSQL CPU per iteration (ms)",
        _rounds(res, lambda r: r["pg_cpu_ms_per_iteration"] / 1000),
        _ms,
    )
    t.row("events per run", _rounds(res, lambda r: r["events"] / r["runs"]), _n)
    return t.text()


def _ladder_table(ladder: dict[str, Any]) -> str:
    steps: dict[str, list[dict[str, Any]]] = ladder["steps"]
    ns = sorted({s["n"] for rows in steps.values() for s in rows})
    t = Table("parked ladder")

    def at(n: int, get: Callable[[dict[str, Any]], float | None]) -> dict[str, list[float | None]]:
        out: dict[str, list[float | None]] = {}
        for name in NAMES:
            row = next((s for s in steps.get(name, []) if s["n"] == n), None)
            out[name] = [get(row)] if row is not None else []
        return out

    def rounds_q(key: str, q: str) -> Callable[[dict[str, Any]], float | None]:
        def get(step: dict[str, Any]) -> float | None:
            m = _med([r[key][q] for r in step.get("rounds", [])])
            return m[0] if m else None

        return get

    def samples(n: int) -> int:
        got = [v[0] for v in at(n, lambda s: s["ttfe_summary"]["n"]).values() if v and v[0]]
        return int(min(got)) if got else 0

    for n in ns:
        t.row(f"{n:,}: parked (count)", at(n, lambda s: s["parked"]), _n)
        t.row(f"{n:,}: seconds to park the new ones", at(n, lambda s: s["add_s"]), _s)
        t.row(f"{n:,}: KB per parked run", at(n, lambda s: s["kb_per_run"]), _n)
        t.row(
            f"{n:,}: new client's first event p50 (ms, {samples(n)} samples)",
            at(n, lambda s: s["ttfe_summary"]["p50"]),
            _ms,
        )
        t.row(f"{n:,}: approval → resumed p50 (ms)", at(n, rounds_q("to_resumed", "p50")), _ms)
        t.row(f"{n:,}: approval → resumed p99 (ms)", at(n, rounds_q("to_resumed", "p99")), _ms)
        t.row(f"{n:,}: delivery p99 (ms)", at(n, rounds_q("delivery", "p99")), _ms)
    text = t.text()
    for name, why in ladder.get("stopped", {}).items():
        text += f"\n\n{name} stopped {why}."
    return text


def _kill_table(kill: dict[str, Any]) -> str:
    t = Table("SIGKILL (counts, or as named)", extra=("peer sync",))

    def one(get: Callable[[dict[str, Any]], float | None]) -> dict[str, list[float | None]]:
        return {n: [get(kill[n])] if n in kill else [] for n in (*NAMES, "peer sync")}

    mid = "mid-flight"
    t.row(f"{mid}: unfinished at the kill", one(lambda k: k["mid"]["unfinished_at_kill"]), _n)
    t.row(f"{mid}: resumed by themselves", one(lambda k: k["mid"]["resumed"]), _n)
    t.row(f"{mid}: gone (the server no longer knows the run)", one(lambda k: k["mid"]["gone"]), _n)
    t.row(
        f"{mid}: first iteration after the restart p50 (s)",
        one(lambda k: k["mid"]["first_iteration_s"]["p50"]),
        _f2,
    )
    t.row(f"{mid}: all finished (s after the restart)", one(lambda k: k["mid"]["finished_s"]), _f2)
    t.row(f"{mid}: iterations run again", one(lambda k: k["mid"]["redone_iterations"]), _n)
    t.row(f"{mid}: iterations never seen", one(lambda k: k["mid"]["missing_iterations"]), _n)
    t.row(
        "approved just before: resumed by themselves", one(lambda k: k["approved"]["resumed"]), _n
    )
    t.row(
        "approved just before: back at the checkpoint (approval lost)",
        one(lambda k: k["approved"]["back_at_checkpoint"]),
        _n,
    )
    t.row(
        "approved just before: resumed p50 (s after the restart)",
        one(lambda k: k["approved"]["resumed_s"]["p50"]),
        _f2,
    )
    t.row(
        "parked: moved without an approval",
        one(lambda k: k["parked"]["moved_without_approval"]),
        _n,
    )
    t.row(
        "at a checkpoint after the restart, approved then: finished",
        one(lambda k: k["finished_after_approval"]),
        _n,
    )
    t.row("restart to healthy (s)", one(lambda k: k["restart_s"]), _f2)
    t.row("duplicated events (same seq twice)", one(lambda k: k["duplicated_events"]), _n)
    for n in (*NAMES, "peer sync"):
        if n in kill and (kill[n]["open_errors"] or kill[n]["park_errors"][:-1]):
            t.lines.append("")
            t.lines.append(
                f"{n}: {len(kill[n]['open_errors'])} mid-flight runs could not be started, "
                f"e.g. {kill[n]['open_errors'][:1]}; parking: {kill[n]['park_errors']}"
            )
    for n, why in kill.get("failed", {}).items():
        t.lines += ["", f"{n}: the kill test failed: {why}"]
    sizes = next((kill[n] for n in NAMES if n in kill), None)
    head = ""
    if sizes:
        head = (
            f"{sizes['mid']['n']} mid-flight runs (50 iterations), {sizes['approved']['n']} "
            f"approved just before the kill, {sizes['parked']['n']} parked; "
            f"{sizes['approved_after_restart']} (parked and lost approvals) approved after. "
            '*peer sync* is the peer with `durability="sync"` (each step\'s checkpoint saved '
            "before the next step starts; LangGraph's default, used everywhere else, is "
            '`"async"`).\n\n'
        )
    return head + t.text()


def render(
    res: dict[str, Any], command: str, when: datetime, plots: Sequence[Path], docs_dir: Path
) -> str:
    cal = res["calibration"]
    work = res.get("peer_work", {})
    facts = res.get("facts", {})
    load = [
        r["foreign_cores"]
        for key in ("approvals_unique", "approvals_shared", "throughput")
        for rows in res.get(key, {}).values()
        for r in rows
    ]
    lm = _med(load)
    failed: dict[str, str] = res.get("failed", {})

    def section(key: str, make: Callable[[], str]) -> str:
        if key in failed or key not in res:
            return f"Not measured: {failed.get(key, 'no result')}."
        return make()

    def first_table() -> str:
        first = res["first_event"]
        count = min(first[name]["summary"]["n"] for name in first)
        t = Table(f"POST → first event (ms; {count} samples each, nearest-rank percentiles)")
        for q in ("p50", "p99"):
            t.row(q, {n: [first[n]["summary"][q]] for n in first}, _ms)
        return t.text()

    ladder_failed = (
        f"\n\nThe ladder failed: {failed['ladder_run']}" if "ladder_run" in failed else ""
    )
    parts = [
        "## planloop vs the peer (LangGraph + PostgreSQL checkpointer)",
        "",
        f"`{command}` — {when:%Y-%m-%d %H:%M} UTC, {res.get('duration_s', 0) / 60:.0f} min; "
        f"{facts.get('nproc', '?')} cores ({facts.get('cpu', '?')}), "
        f"Python {facts.get('python', '?')}. Other processes kept "
        + (f"{_f2(lm[0])} cores busy (median; {_f2(lm[1])}–{_f2(lm[2])})" if lm else "? cores")
        + " during the rounds.",
        "",
        "Subjects, in turns on the same load: planloop on SQLite, planloop on PostgreSQL, and "
        "the peer (bench/peer/: LangGraph `StateGraph` with `interrupt()` / "
        "`Command(resume=...)`, `AsyncPostgresSaver` on a psycopg pool, FastAPI SSE, startup "
        "recovery, 32 graph executions at once) on the same PostgreSQL (`fsync=off`). "
        "Each is driven through its own API: POST a run, GET its stream, POST the decision. "
        "Ratios are subject ÷ peer.",
        "",
        f"Calibration: planloop's offline planner takes {cal['ms_per_iteration']:.2f} ms CPU per "
        f"iteration (p90 {cal['p90_ms']:.2f}), {cal['progress_per_iteration']} progress updates, "
        f"a {cal['plan_chars']:,}-character plan; the peer's iteration does "
        f"{work.get('progress', '?')} × {work.get('rounds', '?')} SHA-256 rounds, timed at "
        f"{work.get('measured_ms', math.nan):.2f} ms CPU at its startup, and carries a plan of "
        "that size in its state.",
        "",
        "### First event",
        "",
        section("first_event", first_table),
        "",
        f"### Approvals ({res['config']['approval_runs']} runs of 4 iterations, a checkpoint "
        f"after 2, approved at {res['config']['approval_rate']:g}/s; "
        f"{_rounds_label(res['config']['approval_rounds'])})",
        "",
        "With unique goals every round starts on an empty memory (planloop's notes are "
        "deleted); with one shared goal only the first does, and each finished run's plan "
        "then grounds the later runs of that goal, round after round.",
        "",
        section(
            "approvals_shared",
            lambda: _approval_table(res["approvals_unique"], res["approvals_shared"]),
        ),
        "",
        f"### Events per second ({res['config']['tput_runs']} runs of "
        f"{res['config']['tput_iterations']} iterations, no checkpoint, all started at once "
        "on an empty memory; "
        f"{_rounds_label(res['config']['tput_rounds'])})",
        "",
        section("throughput", lambda: _throughput_table(res["throughput"])),
        "",
        "### Parked ladder (runs of 40 iterations parked at checkpoint 1, streams open)",
        "",
        section("ladder", lambda: _ladder_table(res["ladder"])) + ladder_failed,
        "",
        "### SIGKILL and restart",
        "",
        _kill_table(res["kill"]),
    ]
    if res.get("pg_restarts"):
        parts += [
            "",
            f"PostgreSQL was found stopped by something outside the benchmark and started "
            f"again {res['pg_restarts']} time(s) during this run.",
        ]
    if plots:
        parts += ["", *(f"![{p.stem}]({os.path.relpath(p, docs_dir)})" for p in plots)]
    return "\n".join(parts)
