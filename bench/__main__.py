"""``python -m bench <command>``: the benchmarks by name.

    all          planloop vs the original design, side by side (bench/compare.py)
    foundation   delivery, approval-to-resume, parked runs (bench/foundation.py)
    memory       memory search (bench/memory_search.py)
    memgrowth    approvals with >= 1,000 saved plans in memory (bench/memory_growth.py)
    memgrowth-ab the same approvals, two checkouts side by side in pairs (bench/memory_pairs.py)
    model        the model planner's overhead per iteration (bench/model_overhead.py)
    tokens       the model planner's tokens per iteration (bench/model_tokens.py)
    real-model   end to end against llama-cpp-python and Gemma 3 270M (bench/real_model.py)
    replicas     approvals and delivery across PostgreSQL replicas (bench/replicas.py)
    takeover     how soon a SIGKILLed server's runs go on (bench/takeover.py)
    floor        delivery and approval latency against one commit + one send (bench/floor.py)
    peer         planloop vs a LangGraph + PostgreSQL peer, side by side (bench/peer_compare.py)
    pacing       1,000 runs streaming progress at a model's pace (bench/pacing.py)
    park         10,000 runs parked at a checkpoint, each with its stream (bench/park.py)
    capacity     parked runs in one process: KB each, uvicorn's floor (bench/capacity.py)

Options after the command go to it (``python -m bench all --quick``).
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "all": "bench.compare",
    "foundation": "bench.foundation",
    "memory": "bench.memory_search",
    "memgrowth": "bench.memory_growth",
    "memgrowth-ab": "bench.memory_pairs",
    "model": "bench.model_overhead",
    "tokens": "bench.model_tokens",
    "real-model": "bench.real_model",
    "replicas": "bench.replicas",
    "takeover": "bench.takeover",
    "peer": "bench.peer_compare",
    "floor": "bench.floor",
    "pacing": "bench.pacing",
    "park": "bench.park",
    "capacity": "bench.capacity",
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    module = importlib.import_module(COMMANDS[command])
    sys.argv = [f"python -m bench {command}", *rest]
    result = module.main()
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
