"""The original design's wire format, kept at the edge: one adapter from planloop's events.

planloop's own vocabulary (planloop.events) says each thing once, in planloop's shapes.
What the original page and its clients read lives here and nowhere else:

* aliases.py: the duplicate fields (``max``, ``error``, ``checkpoint``) every stream of
  planloop's events still sends, and the primary stream's frame that carries them;
* wire.py: the frames of ``GET /api/execute-plan`` (unnamed events, the original shapes);
* bodies.py: the original endpoints' request bodies and what their ``session_id`` means;
* answers.py: their JSON answers;
* routes.py: the endpoints themselves (``/api/execute-plan``, ``/api/checkpoint-approval``,
  ``/api/generate-proposal``, ``/api/chat``, ``/api/entities``, ``/api/save-entity``).

Nothing is imported here, so the stream modules can use :mod:`.aliases` without pulling in
the routes.
"""
