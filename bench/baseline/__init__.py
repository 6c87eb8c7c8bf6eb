"""The original design (seed/original-design.md) as a benchmark subject; never used by planloop.

``python -m bench.baseline serve --port 9001`` runs it under uvicorn's defaults.
"""
