"""The peer: a LangGraph + PostgreSQL checkpointer + FastAPI SSE planning service, a
benchmark subject for ``python -m bench peer`` (bench/peer_compare.py). Never used by
planloop, and not imported by the tests; it needs the ``peer`` extra."""
