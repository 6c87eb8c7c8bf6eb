"""A fundraising target's structure: where the money is to come from, how much from each
source and by when. The amount is what the goal asks to raise ("raise £20,000"), never a
budget to spend: it is read here, not by the constraints."""

from __future__ import annotations

from planloop.planners.offline.amounts import format_money, parse_money
from planloop.planners.offline.families.cues import RAISE
from planloop.planners.offline.families.grants import GRANT_STEPS, writes_a_grant
from planloop.planners.offline.families.loans import applies_for_a_loan, loan_steps
from planloop.planners.offline.families.outline import Outline, date_at, owner_for
from planloop.planners.offline.families.prospects import allowed
from planloop.terms import cell

# Each source: its share of the target, when its money should be asked for (a share of
# the schedule), who asks (a topic a named person's role may take), and what it is.
_SOURCES = (
    (0.30, 0.25, "gifts", "Gifts from those closest to the cause, asked for in person"),
    (0.25, 0.40, "grants", "Grants from trusts, foundations and the council"),
    (0.15, 0.50, "sponsors", "Local business sponsors and matched giving from employers"),
    (0.15, 0.55, "online", "An online appeal page, shared by every supporter"),
    (0.15, 0.80, "events", "Events: a fair, a quiz night or a sponsored walk"),
)


def target_of(goal: str) -> tuple[str, float] | None:
    """The amount the goal asks to raise, as (symbol, amount), or None."""
    m = RAISE.search(goal)
    if m is None:
        return None
    symbol = m.group(1).strip()[0]
    parsed = parse_money(m.group(1))
    return (symbol, parsed[1]) if parsed else None


def sources(out: Outline) -> str:
    """The target split across its sources, each asked for by a date; a source an
    exclusion names ("no events this time") is left out and the others share its part.
    One grant application has its steps instead (grants.py)."""
    if writes_a_grant(out.goal) or applies_for_a_loan(out.goal):
        return _application_steps(out)
    target = target_of(out.goal)
    kept = [s for s in _SOURCES if allowed(out, (s[2],))]
    whole = sum(share for share, *_ in kept) or 1.0
    # Whole units that sum to the target exactly: what rounding leaves goes to the first.
    amounts = [int(target[1] * part / whole) for part, *_ in kept] if target else []
    if amounts and target:
        amounts[0] += int(target[1]) - sum(amounts)
    rows = ["| Source | Share | Amount | Asked for by | Owner |", "|---|---|---|---|---|"]
    for i, (part, when, topic, what) in enumerate(kept):
        amount = format_money(target[0], amounts[i]) if target else "—"
        rows.append(
            f"| {cell(what)} | {part / whole:.0%} | {amount} | "
            f"{date_at(out, when).isoformat()} | {cell(owner_for(out, topic))} |"
        )
    total = format_money(*target) if target else "the target"
    rows.append(f"| **Total** | 100% | {total} | {out.end.isoformat()} | {cell(out.lead)} |")
    said = (
        f"The target, {total}, is what the goal asks to raise (goal); no source is counted "
        "twice, and a pledge counts once it is written down."
        if target
        else "No amount stated: set the target before the first ask."
    )
    return "\n".join([*rows, "", said])


def _application_steps(out: Outline) -> str:
    """A grant application's steps, each done by its date, by whoever's part it is."""
    rows = ["| Step | Owner | Done by |", "|---|---|---|"]
    for share, step, topic in loan_steps(out.goal) if applies_for_a_loan(out.goal) else GRANT_STEPS:
        rows.append(
            f"| {cell(step)} | {cell(owner_for(out, topic))} | {date_at(out, share).isoformat()} |"
        )
    return "\n".join(rows)
