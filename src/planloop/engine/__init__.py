"""Runs: the durable state machine, its runner and scheduler, the broker and the event feed."""

from planloop.engine.broker import Broker
from planloop.engine.runs import Decision, Engine, RunRequest

__all__ = ["Broker", "Decision", "Engine", "RunRequest"]
