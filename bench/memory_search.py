"""Memory search latency at 10,000 entities: the SQLite FTS5 index behind the vault.

    .venv/bin/python -m bench.memory_search            # 10,000 notes, 3 rounds; writes docs
    .venv/bin/python -m bench.memory_search --quick    # 2,000 notes, 1 round; prints only

Generates a vault of N notes in a temp folder (deterministic: seeded Zipf-distributed
pseudo-words, 80-300 words each, `- key: value` observations and `[[links]]` to other notes),
builds the index from the folder, then times:

* ``search_hits`` (with and without snippets) with the index trusted (the server's case: a
  watcher keeps it fresh) for 1-, 2- and 3-term queries, and for queries made only of words
  that are in most notes (the worst case);
* ``search`` (the same plus reading the top 5 notes, what chat and grounding use);
* ``grounding.choose`` for goal sentences;
* a no-change ``sync`` (what each read costs when no watcher runs: stat every file);
* the first index build from the folder.

Figures are p50/p99 per round; the section quotes the median of the rounds and their spread.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.report import machine_facts, write_section
from bench.stats import percentile
from planloop.memory import Vault, grounding
from planloop.memory.folder.index_sqlite import SqliteIndex

SYLLABLES = "kalominerusativozebadefiguhajokulemanopiquirisotuvawexiyo"  # two letters each
TYPES = ["person", "place", "supplier", "idea", "project", "note"]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = [SYLLABLES[i : i + 2] for i in range(0, len(SYLLABLES), 2)]
        words["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def generate(folder: Path, n: int, rng: random.Random, vocab: Sequence[str]) -> None:
    weights = [1 / (rank + 1) for rank in range(len(vocab))]  # Zipf: a few words are everywhere
    entities = folder / "entities"
    entities.mkdir(parents=True)
    for i in range(n):
        words = rng.choices(vocab, weights, k=rng.randint(80, 300))
        lines = [f"# Note {i}", "", f"type: {rng.choice(TYPES)}", ""]
        for start in range(0, len(words), 20):
            lines.append(" ".join(words[start : start + 20]) + ".")
        lines += ["", "## Observations", ""]
        lines += [f"- {rng.choice(vocab)}: {' '.join(rng.choices(vocab, k=4))}" for _ in range(5)]
        lines += ["", "## Relations", ""]
        lines += [
            f"- {rng.choice(TYPES)}_of: [[entities/n{rng.randrange(n)}.md]]" for _ in range(3)
        ]
        (entities / f"n{i}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def queries(rng: random.Random, bands: Sequence[Sequence[str]], count: int) -> list[str]:
    """``count`` queries of 1-3 terms, the i-th term drawn from band ``(i + j) % len(bands)``."""
    out = []
    for i in range(count):
        terms = [rng.choice(bands[(i + j) % len(bands)]) for j in range(1 + i % 3)]
        out.append(" ".join(terms))
    return out


def in_most_notes(vault: Vault, vocab: Sequence[str]) -> tuple[list[str], float]:
    """The vocabulary's most frequent words (those in over half the notes: the corpus's
    stopwords) and the share of notes the least frequent of them is in."""
    index = vault.index
    assert isinstance(index, SqliteIndex)
    common = []
    n = len(vault.list_entities())
    share = 1.0
    for word in vocab[:200]:
        count = index._rows("SELECT count(*) FROM fts WHERE fts MATCH ?", [f'"{word}"'])[0][0]
        if count <= n // 2:
            break
        common.append(word)
        share = count / n
    return common, share


def timed(fn: Callable[[str], object], inputs: Sequence[str]) -> list[float]:
    out = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def fmt(values: Sequence[float]) -> str:
    low, mid, high = (v * 1000 for v in (min(values), statistics.median(values), max(values)))
    return f"{mid:.2f} ms ({low:.2f}–{high:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 notes, one round, no docs")
    parser.add_argument("--notes", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    n = args.notes or (2000 if args.quick else 10_000)
    rounds = args.rounds or (1 if args.quick else 3)
    load_before = os.getloadavg()[0]
    rng = random.Random(5)
    vocab = vocabulary(rng, 8000)
    tmp = Path(tempfile.mkdtemp(prefix="planloop-memory-bench-"))
    try:
        generate(tmp, n, rng, vocab)
        vault = Vault(tmp)
        start = time.perf_counter()
        report = vault.sync()
        build_s = time.perf_counter() - start
        assert report.indexed == n, report
        print(f"{n} notes indexed from the folder in {build_s:.2f} s")
        vault.live = True
        common, share = in_most_notes(vault, vocab)
        goals = [
            f"Plan the {' and '.join(q.split())} rollout for next quarter"
            for q in queries(rng, [vocab[len(common) :]], 200)
        ]
        figures: dict[str, tuple[list[float], list[float]]] = {}

        def measure(label: str, fn: Callable[[str], object], inputs: Sequence[str]) -> None:
            times = timed(fn, inputs)
            p50, p99 = percentile(times, 50), percentile(times, 99)
            figures.setdefault(label, ([], []))[0].append(p50)
            figures[label][1].append(p99)
            print(f"  {label:<44} p50 {p50 * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms")

        for r in range(rounds):
            print(f"round {r + 1}/{rounds}")
            vault.live = True  # the server's case: the watcher keeps the index fresh
            qs = queries(rng, [vocab[len(common) : 2000], vocab[2000:]], args.queries)
            worst = queries(rng, [common], args.queries // 4)
            measure("search_hits: 10 results", vault.search_hits, qs)
            measure(
                f"… terms in >50% of notes (worst case; {len(worst)} queries)",
                vault.search_hits,
                worst,
            )
            measure(
                "search_hits: 10 results + snippets (the API)",
                lambda q: vault.search_hits(q, snippets=True),
                qs,
            )
            measure("search (+ read top 5 notes)", vault.search, qs[:300])
            measure("grounding.choose (goal sentence)", lambda g: grounding.choose(vault, g), goals)
            vault.live = False
            measure(
                "sync with no change (per read, no watcher)", lambda _: vault.sync(), ["-"] * 20
            )
        vault.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    load_after = os.getloadavg()[0]
    facts = machine_facts()
    rows = "\n".join(
        f"| {label} | {fmt(p50s)} | {fmt(p99s)} |" for label, (p50s, p99s) in figures.items()
    )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = f"""## Memory search

Run {when} with `.venv/bin/python -m bench.memory_search` — {n:,} generated notes
(80–300 Zipf-distributed pseudo-words, 5 observations and 3 links each) in a temp vault;
SQLite FTS5 index (`porter unicode61`), {args.queries:,} queries per round (1–3 terms
mixing less and more frequent words), and a worst case of queries made only of the
{len(common)} words that are in over half the notes (each in at least {share:.0%}: the
corpus's stopwords, which real queries mostly lose to the stopword list); {rounds}
rounds. Median of the rounds' p50 and p99, with their spread. First index build from the
folder: {build_s:.2f} s.

| operation | p50 | p99 |
|---|---|---|
{rows}

Machine: {facts["nproc"]} × {facts["cpu"]}, {facts["memory"]}, Linux {facts["kernel"]},
Python {facts["python"]}, {facts["packages"].split(", ")[-1]}; 1-minute load average
{load_before:.1f} at the start and {load_after:.1f} at the end (other work shared the machine).
"""
    print()
    print(body)
    if not args.no_docs and not args.quick:
        write_section(args.docs, "memory", body)
        print(f"wrote the memory section of {args.docs}")


if __name__ == "__main__":
    main()
