"""The plan checker: a plan's Markdown checked against its constraints. Pure, no I/O."""

from planloop.checks.markdown import Table, sections, tables
from planloop.checks.rules import Seen, check_iteration, check_plan

__all__ = ["Seen", "Table", "check_iteration", "check_plan", "sections", "tables"]
