"""The figures of ``python -m bench all`` as PNGs (matplotlib, the bench extra)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

COLORS = {"planloop": "#1f6feb", "baseline": "#d1242f"}


def _median(values: Sequence[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return statistics.median(vals) if vals else math.nan


def _rounds_q(step: dict[str, Any], key: str, q: str) -> float:
    return _median([r[key][q] for r in step.get("rounds", [])]) * 1000


def require() -> None:
    """Exit with how to get matplotlib when it is missing: before a long run, not after it."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise SystemExit("bench: the PNGs need matplotlib: pip install -e '.[bench]'") from None


def plot_all(res: dict[str, Any], out: Path) -> list[Path]:
    require()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    steps: dict[str, list[dict[str, Any]]] = res["ladder"]["steps"]
    stopped: dict[str, str] = res["ladder"]["stopped"]
    written: list[Path] = []

    from matplotlib.ticker import FuncFormatter, NullFormatter

    plain = FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")

    def save(fig: Any, name: str) -> None:
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                if axis.get_scale() == "log":
                    axis.set_major_formatter(plain)
                    axis.set_minor_formatter(NullFormatter())
        path = out / name
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    def stall_marker(ax: Any, name: str, y: float) -> None:
        rows = steps.get(name, [])
        if name in stopped and rows:
            n = rows[-1]["n"]
            ax.annotate(
                f"{name} stalls at {n:,}",
                (n, y),
                color=COLORS[name],
                fontsize=8,
                ha="center",
                xytext=(0, 12),
                textcoords="offset points",
            )
            ax.plot([n], [y], marker="x", color=COLORS[name], markersize=10)

    # 1. Parked runs: memory per run and a new client's first event.
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for name, rows in steps.items():
        ok = [r for r in rows if not r["stalled"] and not r["error_count"]]
        a.plot(
            [r["n"] for r in ok],
            [r["kb_per_run"] for r in ok],
            "o-",
            color=COLORS[name],
            label=name,
        )
        if ok:
            stall_marker(a, name, ok[-1]["kb_per_run"])
        t = [(r["n"], r["ttfe_summary"]["p50"] * 1000) for r in rows if r["ttfe_summary"]["n"]]
        b.plot([x for x, _ in t], [y for _, y in t], "o-", color=COLORS[name], label=f"{name} p50")
        t99 = [(r["n"], r["ttfe_summary"]["p99"] * 1000) for r in rows if r["ttfe_summary"]["n"]]
        b.plot(
            [x for x, _ in t99],
            [y for _, y in t99],
            "o--",
            color=COLORS[name],
            alpha=0.5,
            label=f"{name} p99",
        )
        if t:
            stall_marker(b, name, t[-1][1])
    a.axhline(20, color="grey", ls=":", label="target 20 KB")
    a.set(
        xscale="log",
        xlabel="parked runs, one open stream each",
        ylabel="KB of RSS per run",
        title="Memory per parked run",
    )
    b.set(
        xscale="log",
        yscale="log",
        xlabel="parked runs",
        ylabel="ms",
        title="A new client's first event while N are parked",
    )
    a.legend(fontsize=8)
    b.legend(fontsize=8)
    save(fig, "parked.png")

    # 2 and 3. Delivery and approval-to-resume against N.
    for key, fname, title, target in (
        ("delivery", "delivery.png", "Event delivery, emit → client", 5.0),
        ("to_approved", "approval.png", "Approval → checkpoint_approved on the run's stream", 10.0),
    ):
        fig, ax = plt.subplots(figsize=(7, 4))
        for name, rows in steps.items():
            rr = [r for r in rows if r.get("rounds")]
            xs = [r["n"] for r in rr]
            ax.plot(
                xs,
                [_rounds_q(r, key, "p50") for r in rr],
                "o-",
                color=COLORS[name],
                label=f"{name} p50",
            )
            ax.plot(
                xs,
                [_rounds_q(r, key, "p99") for r in rr],
                "s--",
                color=COLORS[name],
                label=f"{name} p99",
            )
            if rr:
                stall_marker(ax, name, _rounds_q(rr[-1], key, "p99"))
        ax.axhline(target, color="grey", ls=":", label=f"target p99 {target:g} ms")
        ax.set(
            xscale="log",
            yscale="log",
            xlabel="parked runs with open streams",
            ylabel="ms",
            title=title,
        )
        ax.legend(fontsize=8)
        save(fig, fname)

    # 4 and 5. Bytes on the wire; throughput and per-iteration overhead.
    eng = res["engine"]
    names = [n for n in ("planloop", "baseline") if n in eng["wire"]]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    per_event = [_median([w["stream_bytes"] / w["events"] for w in eng["wire"][n]]) for n in names]
    per_run = [_median([w["run_total"] for w in eng["wire"][n]]) / 1024 for n in names]
    for ax, vals, label in (
        (axes[0], per_event, "bytes per event (stream, all in)"),
        (axes[1], per_run, "KiB per 4-iteration run"),
    ):
        ax.bar(names, vals, color=[COLORS[n] for n in names])
        ax.set(title=label)
        for i, v in enumerate(vals):
            ax.text(i, v, f"{v:,.0f}" if v > 50 else f"{v:.1f}", ha="center", va="bottom")
    save(fig, "wire.png")

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    panels = (
        ("throughput", "events_per_s", "events/s (32 runs at once)"),
        ("throughput", "cpu_ms_per_iteration", "server CPU ms per iteration"),
        ("single", "overhead_ms", "ms per iteration beyond the planner (alone)"),
    )
    for ax, (part, key, title) in zip(axes, panels, strict=True):
        vals = [_median([x[key] for x in eng[part][n]]) for n in names]
        ax.bar(names, vals, color=[COLORS[n] for n in names])
        ax.set(title=title)
        for i, v in enumerate(vals):
            ax.text(i, v, f"{v:,.0f}" if v > 50 else f"{v:.2f}", ha="center", va="bottom")
    save(fig, "engine.png")

    # 6. The reconnect storm: clients live and healed over time.
    storms = res.get("storm") or []
    if storms:
        fig, ax = plt.subplots(figsize=(7, 4))
        for i, s in enumerate(storms):
            live = [t for t in s["live_offsets"] if math.isfinite(t)]
            healed = [t for t in s["healed_offsets"] if math.isfinite(t)]
            alpha = 1.0 if i == 0 else 0.4
            ax.plot(
                live,
                range(1, len(live) + 1),
                color=COLORS["planloop"],
                alpha=alpha,
                label="planloop: stream open again" if i == 0 else None,
            )
            ax.plot(
                healed,
                range(1, len(healed) + 1),
                color="#2da44e",
                alpha=alpha,
                label="planloop: caught up (healed)" if i == 0 else None,
            )
        ax.axvline(10, color="grey", ls=":", label="target 10 s")
        ax.set(
            xlabel="seconds after the storm began",
            ylabel="clients",
            title=f"Reconnect storm: {storms[0]['clients']:,} clients with Last-Event-ID",
        )
        ax.legend(fontsize=8)
        save(fig, "storm.png")
    return written


PEER_COLORS = {"planloop SQLite": "#1f6feb", "planloop PG": "#8250df", "peer": "#bf8700"}


def plot_peer(res: dict[str, Any], out: Path) -> list[Path]:
    """The PNGs of ``python -m bench peer``: docs/bench/peer-*.png."""
    require()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    names = [n for n in PEER_COLORS if n in res["throughput"]]
    colors = [PEER_COLORS[n] for n in names]

    def save(fig: Any, name: str) -> None:
        path = out / name
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    def bars(ax: Any, vals: list[float], title: str, ylabel: str = "") -> None:
        ax.bar(range(len(names)), vals, color=colors)
        ax.set_xticks(range(len(names)), [n.replace("planloop ", "planloop\n") for n in names])
        ax.set(title=title, ylabel=ylabel)
        for i, v in enumerate(vals):
            ax.text(i, v, f"{v:,.0f}" if v > 50 else f"{v:.1f}", ha="center", va="bottom")

    # 1. Approval -> next iteration_started, and POST -> first event.
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    for ax, key, label in (
        (axes[0], "approvals_unique", "unique goals"),
        (axes[1], "approvals_shared", "one shared goal"),
    ):
        for j, q in enumerate(("p50", "p99")):
            vals = [_median([r["to_resumed"][q] for r in res[key][n]]) * 1000 for n in names]
            xs = [i + (j - 0.5) * 0.38 for i in range(len(names))]
            ax.bar(xs, vals, width=0.36, color=colors, alpha=1.0 if j == 0 else 0.5)
            for x, v in zip(xs, vals, strict=True):
                ax.text(x, v, f"{v:.0f}" if v > 50 else f"{v:.1f}", ha="center", va="bottom")
        ax.set_xticks(range(len(names)), [n.replace("planloop ", "planloop\n") for n in names])
        ax.set(
            title=f"approval → iteration_started, {label}\n(p50 solid, p99 light)",
            ylabel="ms",
            yscale="log",
        )
    bars(
        axes[2],
        [res["first_event"][n]["summary"]["p50"] * 1000 for n in names],
        "POST → first event p50",
        "ms",
    )
    save(fig, "peer-latency.png")

    # 2. Events per second and CPU per iteration (the server's and PostgreSQL's).
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    tp = res["throughput"]
    bars(axes[0], [_median([r["events_per_s"] for r in tp[n]]) for n in names], "events/s")
    server = [_median([r["server_cpu_ms_per_iteration"] for r in tp[n]]) for n in names]
    pg = [_median([r["pg_cpu_ms_per_iteration"] for r in tp[n]]) for n in names]
    axes[1].bar(range(len(names)), server, color=colors, label="server")
    axes[1].bar(range(len(names)), pg, bottom=server, color="#999999", label="PostgreSQL")
    axes[1].set_xticks(range(len(names)), [n.replace("planloop ", "planloop\n") for n in names])
    axes[1].set(title="CPU ms per iteration", ylabel="ms")
    axes[1].legend(fontsize=8)
    save(fig, "peer-throughput.png")

    # 3. The parked ladder: memory per run and approval -> resumed p99 against N.
    steps: dict[str, list[dict[str, Any]]] = res["ladder"]["steps"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for name, rows in steps.items():
        ok = [r for r in rows if not r["stalled"] and not r["error_count"]]
        a.plot([r["n"] for r in ok], [r["kb_per_run"] for r in ok], "o-", color=PEER_COLORS[name])
        rr = [r for r in ok if r.get("rounds")]
        b.plot(
            [r["n"] for r in rr],
            [_rounds_q(r, "to_resumed", "p99") for r in rr],
            "o-",
            color=PEER_COLORS[name],
            label=name,
        )
        if len(ok) < len(rows):
            n = rows[len(ok)]["n"]
            a.plot([n], [ok[-1]["kb_per_run"] if ok else 0], "x", color=PEER_COLORS[name])
    a.set(
        xscale="log",
        xlabel="parked runs, streams open",
        ylabel="KB RSS per run",
        title="Memory per parked run",
    )
    b.set(
        xscale="log",
        yscale="log",
        xlabel="parked runs",
        ylabel="ms",
        title="approval → iteration_started p99",
    )
    b.legend(fontsize=8)
    save(fig, "peer-ladder.png")
    return written
