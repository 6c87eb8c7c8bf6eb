"""A person's name as it is said, for the readers of who does the work (team.py,
rosters.py, dropouts.py): "Ana", "Priya Sharma", "Lena de Vries" (found by a new user's
trial: only the last word was kept, and "Vries" owned the interviews). "O'Neill",
"McKenzie", "MacDonald" and a firm's "GreenHeat" are one word each (found by a new user's
trial: "Sam O'Neill" became "Neill")."""

from __future__ import annotations

WORD = r"[A-Z](?:['’][A-Z]|c[A-Z]|ac[A-Z])?[a-zà-ÿ'’-]{1,20}(?:[A-Z][a-zà-ÿ'’-]{1,20})?"
NAME = (
    rf"{WORD}(?:\s(?:(?:de|van|von|der|den|da|di|du|le|la|del|della|ten|ter"
    rf"|bin|al)\s){{0,2}}{WORD}){{0,2}}"
)
