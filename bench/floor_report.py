"""The ``floor`` section of docs/benchmarks.md, from bench/floor.py's results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.stats import median_spread, ms, ms_spread

# Issue 19, target 4.
DELIVERY_P50_S = 0.0005
DELIVERY_P99_S = 0.002
APPROVAL_P50_S = 0.001


def _q(rounds: Sequence[dict[str, Any]], q: str) -> list[float]:
    return [r[q] for r in rounds]


def _med(rounds: Sequence[dict[str, Any]], q: str) -> float:
    return median_spread(_q(rounds, q))[0]


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}×" if floor > 0 else "?"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _row(step: dict[str, Any], floors: Sequence[float], label: str) -> str:
    floor50, floor99, afloor50, afloor99 = floors
    rounds = step["rounds"]
    d = [r["delivery"] for r in rounds]
    a = [r["to_approved"] for r in rounds]
    d50, d99, a50, a99 = _med(d, "p50"), _med(d, "p99"), _med(a, "p50"), _med(a, "p99")
    cpu = median_spread([r["server_cpu_ms_per_approval"] for r in rounds])[0]
    foreign = median_spread([r["foreign_cores"] for r in rounds])[0]
    return (
        (f"| {label} " if label else "")
        + f"| {step['n']:,} | {_pacing(step)} | {ms_spread(_q(d, 'p50'))} | "
        f"{_ratio(d50, floor50)} | "
        f"{ms_spread(_q(d, 'p99'))} | {_ratio(d99, floor99)} | "
        f"{ms_spread(_q(a, 'p50'))} | {_ratio(a50, afloor50)} | "
        f"{ms_spread(_q(a, 'p99'))} | {_ratio(a99, afloor99)} | {cpu:.1f} ms | "
        f"{sum(r['missing'] for r in rounds)} | {foreign:.2f} cores |"
    )


def _pacing(step: dict[str, Any]) -> str:
    delay = step.get("step_delay_s", 0.0)  # results saved before pacing was recorded: none
    return f"{delay:g} s" if delay else "none (all CPU)"


def render(res: dict[str, Any]) -> str:
    facts = res["facts"]
    lines: list[str] = []
    add = lines.append
    commit, send, both = res["commit"], res["send"], res["commit_send"]
    floor50, floor99 = _med(both["emit"], "p50"), _med(both["emit"], "p99")
    afloor50, afloor99 = _med(both["request"], "p50"), _med(both["request"], "p99")
    l0, l1 = res["load_start"], res["load_end"]

    add("## Latency against the floor")
    add("")
    add(
        f"Run {res['started']} UTC in {res['duration_s']:.0f} s with `{res['command']}` "
        f"({res['profile']} profile)."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), Python {facts['python']}, "
        f"{facts['packages']}. Load average (`uptime`) {l0[0]:.2f} / {l0[1]:.2f} / "
        f"{l0[2]:.2f} at the start and {l1[0]:.2f} / {l1[1]:.2f} / {l1[2]:.2f} at the end; "
        f"other processes kept {res['foreign_at_start']:.2f} cores busy just before it "
        "started (each planloop row gives that figure for its rounds)."
    )
    add("")
    add(
        f"Every figure is the median of {res['rounds']} rounds with the spread (min–max) "
        "in brackets; each round's p50/p99 is over every sample of the round "
        f"({res['floor_samples']} per floor part, one every "
        f"{res.get('pace_s', 0.005) * 1000:g} ms; for planloop every event of "
        f"{res['approvals']} approvals at {res['rate']:g}/s, and each approval)."
    )
    add("")
    add("### The floor on this machine")
    add("")
    add("| part | p50 | p99 |")
    add("|---|---|---|")
    add(
        "| (a) one commit: `Ledger.apply` of one event + the run's update, fenced as the "
        "runner commits, on `SqliteStore` (WAL, `synchronous=NORMAL`), in process | "
        f"{ms_spread(_q(commit, 'p50'))} | {ms_spread(_q(commit, 'p99'))} |"
    )
    add(
        "| (b) one loopback send: `ts` stamped, frame encoded, written, parsed by the "
        f"asyncio client in another process | {ms_spread(_q(send['emit'], 'p50'))} | "
        f"{ms_spread(_q(send['emit'], 'p99'))} |"
    )
    add(
        f"| (a) + (b), added | {ms(_med(commit, 'p50') + _med(send['emit'], 'p50'))} ms | "
        f"{ms(_med(commit, 'p99') + _med(send['emit'], 'p99'))} ms |"
    )
    add(
        "| **(c) commit + send, measured**: the sender stamps, commits, sends "
        "(floor of delivery emit → client) | "
        f"**{ms_spread(_q(both['emit'], 'p50'))}** | **{ms_spread(_q(both['emit'], 'p99'))}** |"
    )
    add(
        "| request + send: a line from the client, a frame back (no commit) | "
        f"{ms_spread(_q(send['request'], 'p50'))} | {ms_spread(_q(send['request'], 'p99'))} |"
    )
    add(
        "| **(d) request + commit + send** (floor of approval → `checkpoint_approved`) | "
        f"**{ms_spread(_q(both['request'], 'p50'))}** | "
        f"**{ms_spread(_q(both['request'], 'p99'))}** |"
    )
    add("")
    add("### planloop against the floor")
    add("")
    against = {step["n"]: step for step in res.get("against") or []}
    label = "this checkout" if against else ""
    add(
        ("| planloop | " if against else "| ")
        + "parked runs = open streams | planner step delay | delivery emit → client p50 "
        "| × (c) | p99 | × (c) "
        "| approval → `checkpoint_approved` p50 | × (d) | p99 | × (d) "
        "| server CPU / approval | missing | other processes |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if against else ""))
    floors = (floor50, floor99, afloor50, afloor99)
    targets: list[str] = []
    for step in res["planloop"]:
        if step["n"] in against:
            add(_row(against[step["n"]], floors, "before (`--against`)"))
        add(_row(step, floors, label))
        d50, d99, a50 = (
            _med([r[k] for r in step["rounds"]], q)
            for k, q in (("delivery", "p50"), ("delivery", "p99"), ("to_approved", "p50"))
        )
        targets.append(
            f"| delivery p50 < 0.5 ms / p99 < 2 ms at {step['n']:,} streams | "
            f"{ms(d50)} / {ms(d99)} ms | {ms(floor50)} / {ms(floor99)} ms | "
            f"{_verdict(d50 < DELIVERY_P50_S)} / {_verdict(d99 < DELIVERY_P99_S)} |"
        )
        targets.append(
            f"| approval → `checkpoint_approved` p50 < 1 ms at {step['n']:,} streams | "
            f"{ms(a50)} ms | {ms(afloor50)} ms | {_verdict(a50 < APPROVAL_P50_S)} |"
        )
    for step in res.get("cpu_bound") or []:
        add(_row(step, floors, "planner without step delay" if against else ""))
    add("")
    if against:
        add(
            f"Rows marked before: the same benchmark on `{res['against_src']}`'s src/ "
            "(`--against`), its server taking turns with this checkout's round by round, "
            "so both see the same other load."
        )
        add("")
    add("### Targets (issue 19, target 4)")
    add("")
    add(
        "Judged as planloop is normally used: the offline planner paced as out of the box "
        "(a model planner's iterations, too, mostly wait on the model)."
    )
    add("")
    add("| target | measured (median of rounds) | floor | verdict |")
    add("|---|---|---|---|")
    lines.extend(targets)
    add("")
    add("### Delivery by event type, p50 / p99 (median of rounds)")
    add("")
    steps = res["planloop"]
    if res.get("against"):
        steps = [x for pair in zip(res["against"], steps, strict=True) for x in pair]
        names = [
            f"{s['n']:,} streams, " + ("before" if i % 2 == 0 else "now")
            for i, s in enumerate(steps)
        ]
    else:
        names = [f"{s['n']:,} streams" for s in steps]
    for step in res.get("cpu_bound") or []:
        steps = [*steps, step]
        names.append(f"{step['n']:,} streams, no step delay")
    add("| event | " + " | ".join(names) + " |")
    add("|---|" + "---|" * len(steps))
    kinds = sorted({k for s in steps for r in s["rounds"] for k in r["by_type"]})
    for kind in kinds:
        cells = []
        for s in steps:
            rs = [r["by_type"][kind] for r in s["rounds"] if kind in r["by_type"]]
            cells.append(f"{ms(_med(rs, 'p50'))} / {ms(_med(rs, 'p99'))} ms" if rs else "–")
        add(f"| `{kind}` | " + " | ".join(cells) + " |")
    add("")
    add(
        "Method: each stream count has a fresh `planloop serve` (bench/server.py's settings: "
        "SQLite WAL in a temp dir, one cookie session with its limits lifted, every check "
        "on; the offline planner paced as the row says); its runs (a checkpoint after every "
        "iteration) park at checkpoint 1 with their stream open (`Last-Event-ID` = last "
        "seq). Each round approves runs at 50/s in batches of distinct runs at one "
        "checkpoint, the least advanced first, and waits for each batch's next checkpoint. "
        "Delivery = the client's `time.time()` once a frame is parsed − the event's `ts`; "
        "approval = from the POST's bytes leaving the client to its `checkpoint_approved` "
        "parsed on the run's stream."
    )
    return "\n".join(lines)
