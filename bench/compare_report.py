"""The Markdown of ``python -m bench all``: the comparison section and the model section."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.server import BENCH_ENV
from bench.stats import ms, ms_spread

# Targets of issue 9 (2 cores).
PARKED_TARGET = 10_000
PARKED_KB = 20.0
DELIVERY_AT, DELIVERY_P99_S = 1000, 0.005
APPROVAL_AT, APPROVAL_P99_S = 10_000, 0.010
STORM_CLIENTS, STORM_S = 5000, 10.0
MODEL_OVERHEAD_MS, MODEL_SHARE = 2.0, 0.05
BETTER = 10.0

NAMES = ("planloop", "baseline")


def _med(values: Sequence[float]) -> float:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(vals) if vals else math.nan


def _rq(step: dict[str, Any] | None, key: str, q: str) -> list[float]:
    return [r[key][q] for r in (step or {}).get("rounds", [])]


def _at(rows: Sequence[dict[str, Any]], n: int) -> dict[str, Any] | None:
    return next((r for r in rows if r["n"] == n), None)


def _ok(step: dict[str, Any] | None) -> bool:
    return bool(step) and not step["stalled"] and not step["error_count"]  # type: ignore[index]


def _x(ratio: float) -> str:
    if math.isnan(ratio):
        return "n/a"
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"


def _v(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _better(ratio: float) -> str:
    return "n/a" if math.isnan(ratio) else _v(ratio >= BETTER)


def _lat(step: dict[str, Any] | None, key: str) -> str:
    if not step or not step.get("rounds"):
        return "—"
    return f"{ms(_med(_rq(step, key, 'p50')))} / {ms_spread(_rq(step, key, 'p99'))}"


def _marginal(rows: Sequence[dict[str, Any]], n: int, idle_kb: float) -> float:
    """RSS added per parked run from the step before ``n`` (or from idle) to ``n``."""
    prev_kb, prev_n = idle_kb, 0
    for r in rows:
        if r["n"] == n:
            return (r["rss_kb"] - prev_kb) / max(r["parked"] - prev_n, 1)
        prev_kb, prev_n = r["rss_kb"], r["parked"]
    return math.nan


def _resumable(bs: dict[str, Any]) -> int:
    """New runs of the baseline's storm that wait in wait() (the rest wait for a thread)."""
    waiting = int((bs.get("status") or {}).get("waiting_at_checkpoint") or 0)
    return max(0, min(bs.get("reached_checkpoint", 0), waiting - bs.get("clients", 0)))


def _foreign(rows: Sequence[dict[str, Any]]) -> str:
    vals = [r["foreign_cores"] for r in rows if "foreign_cores" in r]
    return f"{_med(vals):.2f}" if vals else "?"


def render(
    cfg: Any,
    res: dict[str, Any],
    command: str,
    started: datetime,
    plots: Sequence[Path],
    docs_dir: Path,
) -> str:
    steps: dict[str, list[dict[str, Any]]] = res["ladder"]["steps"]
    stopped: dict[str, str] = res["ladder"]["stopped"]
    idle = res["ladder"]["idle_kb"]
    pl, bl = steps["planloop"], steps["baseline"]
    facts = res["facts"]
    eng = res["engine"]
    lines: list[str] = []
    add = lines.append

    def ok_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if _ok(r)]

    pl_top = ok_rows(pl)[-1] if ok_rows(pl) else None
    bl_ok = ok_rows(bl)
    bl_top = bl_ok[-1] if bl_ok else None
    bl_stall = bl[-1] if bl and not _ok(bl[-1]) else None
    both_n = bl_top["n"] if bl_top else None  # the largest N both subjects parked
    pl_both = _at(pl, both_n) if both_n else None

    add("## planloop vs the original design")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}` "
        f"({cfg.name} profile). One process drove both subjects with the same load, turn by "
        "turn (each approval round, new-client sample and engine round alternates which "
        "subject goes first), so a busy machine slows both alike."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} RAM, Linux "
        f"{facts['kernel']}, Python {facts['python']}; {facts['packages']}. Other processes "
        f"kept {res['foreign_at_start']:.2f} cores busy when it started; every table gives "
        "that figure per step or round (busy CPU from /proc/stat minus the servers' and the "
        "client's own)."
    )
    add("")
    add(
        "- **planloop**: `planloop serve` (uvicorn, SQLite WAL in a temp dir, offline planner) "
        "with " + ", ".join(f"`{k}={v}`" for k, v in BENCH_ENV.items()) + "."
    )
    add(
        "- **baseline**: `python -m bench.baseline serve` — the original design as "
        "seed/original-design.md describes it (bench/baseline/app.py): FastAPI, a "
        "`StreamingResponse` over a synchronous generator that does the iteration work and "
        "yields unnamed `data: {json}` events, a session manager with one `threading.Event` "
        "per session, `event.wait()` blocking at a checkpoint until `POST "
        "/api/checkpoint-approval` sets it; uvicorn's defaults (so Starlette runs each "
        "`next()` of the generator in anyio's worker threads, 40 of them). Benchmark-only: a "
        "`ts` in each event.\n"
        "- **Same work, same load**: both run planloop's offline planner on the same goals "
        "(the baseline drives it synchronously; bench/baseline/work.py), with no step delay. "
        "Every browser is its own session (own cookie, own `session_id`) and uses the original "
        "endpoints on both: `GET /api/execute-plan?...` (its EventSource) and `POST "
        "/api/checkpoint-approval`. Latency is measured on the wire: the client's clock when "
        "a frame is parsed minus the event's `ts`."
    )
    add("")

    # -- summary ------------------------------------------------------------------------
    add("### Summary")
    add("")
    add(
        "| figure | planloop | baseline (original design) | planloop better by | target | verdict |"
    )
    add("|---|---|---|---|---|---|")
    waiting = (bl_stall or {}).get("status", {}).get("waiting_at_checkpoint")
    bl_ceiling = waiting if isinstance(waiting, int) else (bl_top["n"] if bl_top else 0)
    if pl_top:
        pl_parked = pl_top["parked"]
        bl_desc = (
            f"{bl_ceiling} waiting in `event.wait()`; stalls at {bl_stall['n']:,}"
            if bl_stall
            else f"{bl_top['parked']:,}"
            if bl_top
            else "—"
        )
        ratio = pl_parked / bl_ceiling if bl_ceiling else math.nan
        ok = pl_parked >= PARKED_TARGET and pl_top["n"] >= PARKED_TARGET
        add(
            f"| parked runs with an open stream each, one process | {pl_parked:,}, no stall | "
            f"{bl_desc} | ≥ {_x(ratio)} | {PARKED_TARGET:,}; ≥ 10× | "
            f"{_v(ok)}; {_better(ratio)} |"
        )
        add(
            f"| memory per parked run with its stream, at {pl_top['n']:,} | "
            f"{pl_top['kb_per_run']:.1f} KB | cannot park {pl_top['n']:,} | n/a | "
            f"< {PARKED_KB:g} KB | {_v(pl_top['kb_per_run'] < PARKED_KB)} |"
        )
    if pl_both and bl_top:
        a, b = _marginal(pl, both_n, idle["planloop"]), _marginal(bl, both_n, idle["baseline"])
        r = b / a
        add(
            f"| … added per parked run up to {both_n} (both; RSS growth over the previous "
            f"step's) | {a:.1f} KB | {b:.1f} KB | {_x(r)} | ≥ 10× | {_better(r)} |"
        )
    if pl_top:
        t = pl_top["ttfe_summary"]
        never = bl_stall and bl_stall.get("ttfe_never")
        add(
            f"| new client's first event with {pl_top['n']:,} parked, p50 / p99 | "
            f"{ms(t['p50'])} / {ms(t['p99'])} ms | "
            + (f"never at {bl_stall['n']:,} (no event in 5 s)" if never else "—")
            + " | n/a | — | — |"
        )
    if pl_both and bl_top:
        a, b = pl_both["ttfe_summary"], bl_top["ttfe_summary"]
        r = b["p99"] / a["p99"]
        add(
            f"| … with {both_n} parked (both), p50 / p99 | {ms(a['p50'])} / {ms(a['p99'])} ms "
            f"| {ms(b['p50'])} / {ms(b['p99'])} ms | {_x(r)} | ≥ 10× | {_better(r)} |"
        )
    for key, label, at, target in (
        ("delivery", "event delivery, emit → client", DELIVERY_AT, DELIVERY_P99_S),
        (
            "to_approved",
            "approval → `checkpoint_approved` on its stream",
            APPROVAL_AT,
            APPROVAL_P99_S,
        ),
        ("to_resumed", "approval → next `iteration_started`", None, None),
    ):
        for n in [s["n"] for s in pl if s.get("rounds")]:
            if key == "delivery" and n not in (10, 100, 1000, 5000) and n != at:
                continue
            if key != "delivery" and n not in (10, both_n, at, pl[-1]["n"]):
                continue
            a = _at(pl, n)
            b = _at(bl, n)
            p99a = _med(_rq(a, key, "p99"))
            p99b = _med(_rq(b, key, "p99")) if b and b.get("rounds") else math.nan
            r = p99b / p99a
            bl_cell = (
                _lat(b, key)
                if b and b.get("rounds")
                else f"stalls at {bl_stall['n']:,}"
                if bl_stall and n >= bl_stall["n"]
                else "—"
            )
            measured = not math.isnan(r)
            tgt = "; ".join(
                x
                for x in (
                    f"p99 < {target * 1000:g} ms" if target and n == at else "",
                    "≥ 10×" if measured else "",
                )
                if x
            )
            verdict = "; ".join(
                x
                for x in (
                    _v(p99a < target) if target and n == at else "",
                    _better(r) if measured else "",
                )
                if x
            )
            add(
                f"| {label}, p50 / p99, {n:,} streams | {_lat(a, key)} | {bl_cell} | {_x(r)} "
                f"| {tgt or '—'} | {verdict or '—'} |"
            )
    w_pl, w_bl = eng["wire"].get("planloop", []), eng["wire"].get("baseline", [])
    if w_pl and w_bl:
        pe = _med([w["stream_bytes"] / w["events"] for w in w_pl])
        be = _med([w["stream_bytes"] / w["events"] for w in w_bl])
        pr = _med([w["run_total"] for w in w_pl])
        br = _med([w["run_total"] for w in w_bl])
        add(
            f"| bytes on the wire per event (stream, all in) | {pe:,.0f} | {be:,.0f} | "
            f"{_x(be / pe)} | ≥ 10× | {_better(be / pe)} |"
        )
        add(
            f"| bytes per 4-iteration run (stream + approval, both ways) | {pr:,.0f} | "
            f"{br:,.0f} | {_x(br / pr)} | ≥ 10× | {_better(br / pr)} |"
        )
    tp_pl, tp_bl = eng["throughput"].get("planloop", []), eng["throughput"].get("baseline", [])
    conc = tp_pl[0]["runs"] if tp_pl else 0
    if tp_pl and tp_bl:
        a = _med([x["events_per_s"] for x in tp_pl])
        b = _med([x["events_per_s"] for x in tp_bl])
        add(
            f"| events/s, {conc} runs at once (planloop: each written to its log first) | "
            f"{a:,.0f} | {b:,.0f} | {_x(a / b)} | ≥ 10× | {_better(a / b)} |"
        )
    s_pl, s_bl = eng["single"].get("planloop", []), eng["single"].get("baseline", [])
    if s_pl and s_bl:
        a = _med([x["overhead_ms"] for x in s_pl])
        b = _med([x["overhead_ms"] for x in s_bl])
        add(
            f"| time per iteration beyond the planner's own, one run alone | {a:.2f} ms | "
            f"{b:.2f} ms | {_x(b / a)} | ≥ 10× | {_better(b / a)} |"
        )
    storms = res.get("storm") or []
    if storms:
        healed = _med([s["t_healed_s"] for s in storms])
        lost = sum(s["lost"] for s in storms)
        dup = sum(s["duplicated"] for s in storms)
        unhealed = sum(s["unhealed"] + s["clients"] - s["reconnected"] for s in storms)
        clients = storms[0]["clients"]
        ok = clients >= STORM_CLIENTS and healed < STORM_S and not (lost or dup or unhealed)
        bs = res.get("baseline_storm") or {}
        add(
            f"| reconnect storm, {clients:,} clients with Last-Event-ID: healed in; lost / "
            f"duplicated | {healed:.2f} s; {lost} / {dup} | n/a (no replay in the original "
            f"design: each of {bs.get('clients', '?')} reconnects restarted its run, and "
            f"only {_resumable(bs)} of the new runs could resume on approval) | n/a | "
            f"{STORM_CLIENTS:,} in < {STORM_S:g} s, 0 / 0 | {_v(ok)} |"
        )
    model = res.get("model")
    if model:
        share = model["engine_ms_median"] / (model["call_s"] * 1000)
        ok = model["engine_ms_median"] < MODEL_OVERHEAD_MS and share < MODEL_SHARE
        add(
            f"| model planner: engine overhead per iteration ({model['calls_per_iteration']:g} "
            f"calls of {model['call_s']:g} s), median | {model['engine_ms_median']:.2f} ms "
            f"({share:.1%} of a call; {model['overhead_ms_median']:.2f} ms counting the SDK "
            f"and HTTP) | n/a | n/a | < {MODEL_OVERHEAD_MS:g} ms and < {MODEL_SHARE:.0%} | "
            f"{_v(ok)} |"
        )
    add("")
    add(
        "p99 figures are the median of the rounds' p99s (spread min–max in brackets); each "
        "round's percentiles are over every event (or approval) of the round. “planloop "
        "better by” is the baseline's figure over planloop's (planloop's over the baseline's "
        "for counts and rates); below 1× the baseline is better."
    )
    add("")

    # -- parked ------------------------------------------------------------------------------
    add("### Parked runs")
    add("")
    add(
        "Each browser's run (40 iterations, a checkpoint every 2) parks at checkpoint 1 with "
        "its stream open; the population grows step by step and streams stay open. RSS is "
        "read 2 s after the last run of a step parked, once per step (the population is "
        "built once: repeating a 10,000-run ladder would take the whole time budget); per "
        "run = (RSS − idle RSS) / N. At 10 and 30 that figure is mostly the process warming "
        "up (allocator arenas, caches), so the column after it, the RSS added per run since "
        "the previous step, is the one to compare. A new client opens a new run's stream "
        f"and waits for its first event ({cfg.ladder.ttfe_samples} samples per step; it then "
        f"rejects its run at the checkpoint). Idle RSS: planloop "
        f"{idle['planloop'] / 1024:.1f} MiB, baseline {idle['baseline'] / 1024:.1f} MiB."
    )
    add("")
    add(
        "| N | subject | parked | runs parked/s (server CPU each) | RSS | KB per parked run "
        "| KB added per run since the previous step | new client: first event p50 / p99 "
        "| other processes (cores) |"
    )
    add("|---|---|---|---|---|---|---|---|---|")
    for n in cfg.ladder.steps:
        for name in NAMES:
            s = _at(steps[name], n)
            if not s:
                continue
            t = s["ttfe_summary"]
            parked = f"{s['parked']:,}"
            if not _ok(s):
                parked += f" ({s['stalled']:,} stalled, {s['error_count']:,} errors)"
            first = (f"{ms(t['p50'])} / {ms(t['p99'])} ms" if t["n"] else "—") + (
                f"; {s['ttfe_never']} never" if s.get("ttfe_never") else ""
            )
            add(
                f"| {n:,} | {name} | {parked} | {s['added'] / max(s['add_s'], 1e-9):,.0f} "
                f"({s['cpu_ms_per_run']:.1f} ms) | {s['rss_kb'] / 1024:.1f} MiB | "
                f"{s['kb_per_run']:.1f} | {_marginal(steps[name], n, idle[name]):.1f} | "
                f"{first} | {s['foreign_cores']:.2f} |"
            )
    add("")
    for name, why in stopped.items():
        status = (_at(steps[name], int(why.split(":")[0].split()[-1].replace(",", ""))) or {}).get(
            "status", {}
        )
        extra = ""
        if name == "baseline" and status:
            extra = (
                f" At that point the server had {status.get('threads')} threads and "
                f"{status.get('waiting_at_checkpoint')} generators blocked in `event.wait()`: "
                "anyio's 40 worker threads are all held by parked runs, so every other "
                "run's next `next()` waits for a thread that only an approval can free. Runs "
                "that had already yielded `checkpoint_reached` look parked to their browser "
                "but would not resume on approval until another run's approval frees a thread."
            )
        add(f"**{name} stopped** {why}.{extra}")
        add("")

    # -- delivery and approvals ----------------------------------------------------------
    add("### Event delivery and approval to resume")
    add("")
    add(
        f"At each step, {cfg.ladder.rounds} rounds (5 below 100 parked) of up to "
        f"{cfg.ladder.approvals} approvals at {cfg.ladder.rate:g}/s, the subjects taking "
        "turns; each approval moves a run from its checkpoint through two iterations to the "
        "next one, with every other parked stream still open. Delivery counts every event "
        "of the approved runs (from `checkpoint_approved` to the next `checkpoint_reached`)."
    )
    add("")
    add(
        "| N streams | subject | events/round | delivery p50 / p99 | approval → "
        "`checkpoint_approved` p50 / p99 | approval → `iteration_started` p50 / p99 | server "
        "CPU per approval | other processes (cores) |"
    )
    add("|---|---|---|---|---|---|---|---|")
    for n in cfg.ladder.steps:
        for name in NAMES:
            s = _at(steps[name], n)
            if not s or not s.get("rounds"):
                continue
            rr = s["rounds"]
            ev = int(_med([r["events"] for r in rr]))
            cpu = _med([r["server_cpu_ms_per_approval"] for r in rr])
            add(
                f"| {n:,} | {name} | {ev:,} | {_lat(s, 'delivery')} | "
                f"{_lat(s, 'to_approved')} | {_lat(s, 'to_resumed')} | {cpu:.1f} ms | "
                f"{_foreign(rr)} |"
            )
    add("")
    errors = sum(len(r["errors"]) for rows in steps.values() for s in rows for r in s["rounds"])
    missing = sum(r["missing"] for rows in steps.values() for s in rows for r in s["rounds"])
    add(
        f"Approval errors: {errors}; approved runs that did not reach their next checkpoint: "
        f"{missing}."
    )
    add("")
    top = next((s for s in reversed(pl) if s.get("rounds")), None)
    if top:
        types = sorted({t for r in top["rounds"] for t in r["by_type"]})
        add(f"planloop by event type at {top['n']:,} streams (median of rounds):")
        add("")
        add("| event | n/round | p50 | p99 |")
        add("|---|---|---|---|")
        for t in types:
            rs = [r["by_type"][t] for r in top["rounds"] if t in r["by_type"]]
            add(
                f"| `{t}` | {int(_med([x['n'] for x in rs])):,} | "
                f"{ms(_med([x['p50'] for x in rs]))} ms | {ms(_med([x['p99'] for x in rs]))} ms |"
            )
        add("")

    # -- storm -------------------------------------------------------------------------------
    add("### Reconnect storm")
    add("")
    if storms:
        s0 = storms[0]
        add(
            f"At the top of planloop's ladder ({res.get('parked_at_end', 0):,} parked runs), "
            f"{s0['clients']:,} browsers picked at random drop their streams at once; "
            f"{s0['approved_away']} of their runs are approved while they are away and "
            f"{s0['approved_during']} more while they reconnect; then all reconnect at once "
            "(`GET /api/execute-plan?…&session_id=…` with `Last-Event-ID`, as an EventSource "
            "does). *Live*: the new stream is open; *healed*: it has also delivered "
            "everything the browser missed, up to the run's next checkpoint. Lost = gaps in "
            "a run's seqs 1..last plus any seq the server has beyond the last one seen; "
            "duplicated = a seq seen twice."
        )
        add("")
        add(
            "| round | clients | reconnected | all live | all healed | lost | duplicated "
            "| not healed | server CPU | other processes (cores) |"
        )
        add("|---|---|---|---|---|---|---|---|---|---|")
        for i, s in enumerate(storms, 1):
            add(
                f"| {i} | {s['clients']:,} | {s['reconnected']:,} | {s['t_live_s']:.2f} s | "
                f"{s['t_healed_s']:.2f} s | {s['lost']} | {s['duplicated']} | "
                f"{s['unhealed']} | {s['server_cpu_s']:.1f} s | {s['foreign_cores']:.2f} |"
            )
        add("")
    bs = res.get("baseline_storm")
    if bs:
        t = bs.get("t_first_all_s")
        add(
            f"Baseline: the original design sends no event ids, so an EventSource reconnects "
            f"without `Last-Event-ID` and `/api/execute-plan` starts a new run. With "
            f"{bs['clients']} runs parked, all {bs['clients']} browsers dropped and reconnected "
            f"at once: {bs['first_event']} got a first event"
            + (f" (all within {t:.2f} s)" if t is not None else "")
            + f" — each a new run from `planning_started`, the old run's events never "
            f"delivered — and {bs['reached_checkpoint']} of the new runs announced a checkpoint, "
            f"but the server had {bs['status'].get('waiting_at_checkpoint')} generators blocked "
            f"in `event.wait()` ({bs['clients']} of them the abandoned runs', which keep their "
            f"threads up to the 1-hour timeout) and {bs['status'].get('threads')} threads, so "
            f"only {_resumable(bs)} of the new runs could resume on approval. Lost/duplicated: "
            "n/a (no replay in the original design)."
        )
        add("")

    # -- engine ------------------------------------------------------------------------------
    add("### Engine cost, throughput and bytes")
    add("")
    iters = cfg.engine.iterations
    add(
        f"{cfg.engine.rounds} rounds, each on a fresh pair of servers. *One run alone*: "
        f"{iters} iterations, nothing else running; time per iteration from each "
        "`iteration_started` to the next (the events' own `ts`), minus the offline planner's "
        f"own time for that iteration (measured in the client process, same goal, median of "
        f"{cfg.engine.planner_reps}). *At once*: {conc} runs of {iters} iterations started "
        "together (below the baseline's 40 threads), each streamed; from the first request to "
        "the last run's checkpoint. planloop commits every event (and each iteration's state) "
        "to SQLite before sending it; the baseline keeps nothing."
    )
    add("")
    planner = eng.get("planner_reference") or []
    add(
        "| subject | ms per iteration, alone | of which the planner | overhead per iteration "
        "(max) | events/s at once | iterations/s | server CPU per iteration | other "
        "processes (cores) |"
    )
    add("|---|---|---|---|---|---|---|---|")
    for name in NAMES:
        single = eng["single"].get(name, [])
        tp = eng["throughput"].get(name, [])
        if not single or not tp:
            continue
        add(
            f"| {name} | {_med([x['wall_ms'] for x in single]):.2f} | "
            f"{_med([x['planner_ms'] for x in single]):.2f} | "
            f"{_med([x['overhead_ms'] for x in single]):.2f} "
            f"({max(x['overhead_max_ms'] for x in single):.2f}) | "
            f"{_med([x['events_per_s'] for x in tp]):,.0f} | "
            f"{_med([x['iterations_per_s'] for x in tp]):,.0f} | "
            f"{_med([x['cpu_ms_per_iteration'] for x in tp]):.2f} ms | {_foreign(tp)} |"
        )
    add("")
    if planner:
        add(
            f"The offline planner alone: {statistics.mean(planner):.2f} ms per iteration "
            f"(iterations 1–{len(planner)}: " + ", ".join(f"{p:.2f}" for p in planner) + " ms)."
        )
        add("")
    if w_pl and w_bl:
        add(
            "Bytes on the wire for one 4-iteration run (a checkpoint after iteration 2, "
            "approved), counted on the client's sockets: the stream's HTTP response (headers, "
            "chunked framing, SSE lines), the GET and the approval's request and response "
            "(minimal headers, as this client sends them; a browser adds its own)."
        )
        add("")
        add(
            "| subject | events | stream bytes | per event | JSON payload per event | GET + "
            "approval (up / down) | whole run |"
        )
        add("|---|---|---|---|---|---|---|")
        for name, ws in (("planloop", w_pl), ("baseline", w_bl)):
            w = ws[0]
            add(
                f"| {name} (`/api/execute-plan`) | {w['events']} | {w['stream_bytes']:,} | "
                f"{w['stream_bytes'] / w['events']:,.0f} | {w['payload'] / w['events']:,.0f} | "
                f"{w['stream_request'] + w['approval_sent']:,} / {w['approval_received']:,} | "
                f"{w['run_total']:,} |"
            )
        prim = w_pl[0].get("primary")
        if prim:
            add(
                f"| planloop, the same run on `/api/runs/{{id}}/events` (named events) | "
                f"{prim['events']} | {prim['stream_bytes']:,} | "
                f"{prim['stream_bytes'] / prim['events']:,.0f} | "
                f"{prim['payload'] / prim['events']:,.0f} | — | — |"
            )
        add("")
        add(
            "planloop's seed stream carries four more events per run than the baseline "
            "(`iteration_completed` for each iteration) and every event carries `id:`, `seq`, "
            "`run_id` and an ISO `ts` — what replay and de-duplication need; the plan text is "
            "the same planner's."
        )
        add("")

    # -- plots ---------------------------------------------------------------------------------
    if plots:
        add("### Plots")
        add("")
        for p in plots:
            rel = os.path.relpath(p, docs_dir)
            add(f"![{p.stem}]({rel})")
        add("")
    return "\n".join(lines)


def render_model(model: dict[str, Any], command: str, started: datetime) -> str:
    lines: list[str] = []
    add = lines.append
    share = model["engine_ms_median"] / (model["call_s"] * 1000)
    strict_share = model["overhead_ms_median"] / (model["call_s"] * 1000)
    ok = model["engine_ms_median"] < MODEL_OVERHEAD_MS and share < MODEL_SHARE
    add("## Model planner overhead")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}` (bench/model_overhead.py). "
        "planloop with `PLANLOOP_PLANNER=openai` and `PLANLOOP_MODEL_STAGES=draft,revise` "
        "against the tests' scripted OpenAI-compatible server (tests/fakes/openai_server.py), "
        f"paced: each chat completion streams a valid iteration in {model['chunks']} chunks "
        f"spread over {model['call_s']:g} s. An iteration is `iteration_started` → "
        "`iteration_completed` (events' `ts`). Its **engine overhead** is that minus the "
        "model calls as planloop's client sees them (from starting the `openai` SDK call to "
        "the end of the streamed answer; recorded by `bench.timed_server`): prompts, "
        "parsing and validating the answer, the progress events and the commits. The "
        "**strict overhead** subtracts only the calls as the fake sees them (request "
        "arrived → last byte sent), so the SDK building each request and the loopback HTTP "
        "hops count too."
    )
    add("")
    add(
        f"**Target: < {MODEL_OVERHEAD_MS:g} ms per iteration and < {MODEL_SHARE:.0%} of a "
        f"{model['call_s']:g}-s call — {_v(ok)}**: engine overhead median "
        f"{model['engine_ms_median']:.2f} ms ({share:.2%} of one call), max "
        f"{model['engine_ms_max']:.2f} ms; counted from one `iteration_started` to the next "
        "(so the result's commit and the next iteration's set-up count too) median "
        f"{model['engine_cycle_ms_median']:.2f} ms. Strict overhead median "
        f"{model['overhead_ms_median']:.2f} ms ({strict_share:.1%} of one call), max "
        f"{model['overhead_ms_max']:.2f} ms (the first iteration opens the connection). "
        f"planloop's server spent {model['server_cpu_ms_per_iteration']:.1f} ms of CPU per "
        f"iteration (most of it reading the two streamed answers); other processes "
        f"{model['foreign_cores']:.2f} cores."
    )
    add("")
    add(
        "| iteration | duration | model calls | in the model (fake / client) | engine overhead "
        "(start to next start) | engine: before the first call / between / after the last "
        "| strict overhead | strict: before / between / after | progress events |"
    )
    add("|---|---|---|---|---|---|---|---|---|")
    for r in model["iterations"]:
        gaps = " / ".join(f"{g:.1f}" for g in r.get("gaps_ms", []))
        mine = " / ".join(f"{g:.2f}" for g in r.get("engine_gaps_ms", []))
        cycle = r.get("engine_cycle_ms")
        to_next = f" ({cycle:.2f} ms)" if cycle is not None else ""
        add(
            f"| {r['iteration']} | {r['duration_s'] * 1000:.1f} ms | {r['calls']} | "
            f"{r['model_s'] * 1000:.1f} / {r['client_model_s'] * 1000:.1f} ms | "
            f"{r['engine_ms']:.2f} ms{to_next} | {mine} ms | {r['overhead_ms']:.2f} ms | "
            f"{gaps} ms | {r['progress_events']} |"
        )
    return "\n".join(lines)


def render_profiles(profiles: dict[str, dict[str, Any]]) -> str:
    from bench.pyspy import render_profile

    lines: list[str] = []
    add: Callable[[str], None] = lines.append
    for label, prof in profiles.items():
        render_profile(add, f"planloop during {label}", prof)
    return "\n".join(lines)
