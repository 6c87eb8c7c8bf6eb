"""planloop: interactive multi-iteration planning with a human in the loop."""

__version__ = "0.1.0"
