#!/usr/bin/env bash
# planloop end to end against a real model (llama-cpp-python's server, Gemma 3 270M), one
# command: builds llama-cpp-python into a separate venv on first use (~15 min of CPU), then
# proposal → run → checkpoint approved → complete, and prints the figures. See docs/models.md.
#   scripts/real-model.sh [--venv PATH] [--ctx 4096] [--iterations 2]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
exec "$PY" -m bench real-model "$@"
