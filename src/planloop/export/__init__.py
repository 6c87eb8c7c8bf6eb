"""Plans out of planloop: Markdown, standalone HTML, JSON, iCalendar and CSV."""

from planloop.export.document import PlanDocument, of_run, read_plan
from planloop.export.formats import FORMATS, MEDIA_TYPES, Exported, Format, export, structured

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Exported",
    "Format",
    "PlanDocument",
    "export",
    "of_run",
    "read_plan",
    "structured",
]
