"""The plan checker flags what does not hold, on any planner's Markdown."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import check_plan, sections, tables
from planloop.constraints import gather
from planloop.domain import Feedback

START = date(2026, 12, 2)
GOAL = "Plan our wedding next September for 120 guests, catering at most 60 € a guest, " \
    "total budget €25,000"  # fmt: skip
FEEDBACK = [Feedback(checkpoint=1, text="No live band. Ana handles the invitations.")]

GOOD = """# Plan

## Schedule

| # | Milestone | Owner | Date |
|---|---|---|---|
| M1 | Venue booked | Host | 2027-01-31 |
| M2 | Invitations sent | Ana | 2027-06-01 |
| M3 | Event day | Host | 2027-09-30 |

## Budget

| Line | Amount | Basis |
|---|---|---|
| Venue | €10,000 | quote |
| Catering | €7,200 | €60 a guest × 120 guests |
| Contingency | €7,800 | rest |
| **Total** | €25,000 | |

## Won't have

- No live band: music is left out.
"""


def _by_name(plan: str, feedback: list[Feedback] = FEEDBACK) -> dict[str, tuple[str, str]]:
    cs = gather(GOAL, START, feedback)
    checks = check_plan(plan, cs, [fb.checkpoint for fb in feedback])
    return {c.name: (c.status, c.message) for c in checks}


def test_a_plan_that_holds_passes_every_check() -> None:
    result = _by_name(GOOD)
    assert {name: status for name, (status, _) in result.items()} == {
        "budget_within_total": "pass",
        "budget_caps": "pass",
        "dates_within_deadline": "pass",
        "dates_in_order": "pass",
        "milestones_owned_and_dated": "pass",
        "feedback_reflected": "pass",
        "no_contradictions": "pass",
    }


def test_lines_over_the_budget_and_a_cap_are_flagged() -> None:
    plan = GOOD.replace("| Catering | €7,200 |", "| Catering | €9,000 |")
    result = _by_name(plan)
    assert result["budget_within_total"][0] == "flag"
    assert "over budget" in result["budget_within_total"][1]
    assert result["budget_caps"][0] == "flag"
    assert "over the cap 7,200" in result["budget_caps"][1]


def test_dates_after_the_deadline_or_out_of_order_are_flagged() -> None:
    plan = GOOD.replace("| Ana | 2027-06-01 |", "| Ana | 2027-10-15 |")
    result = _by_name(plan)
    assert result["dates_within_deadline"][0] == "flag"
    assert "2027-10-15" in result["dates_within_deadline"][1]
    assert result["dates_in_order"][0] == "flag"


def test_a_milestone_without_an_owner_is_flagged() -> None:
    result = _by_name(
        GOOD.replace("| M2 | Invitations sent | Ana |", "| M2 | Invitations sent | |")
    )
    assert result["milestones_owned_and_dated"] == ("flag", "Missing owner or date: M2.")
    # and then Ana, named in the feedback, is nowhere in the plan
    assert result["feedback_reflected"][0] == "flag"
    assert "Ana" in result["feedback_reflected"][1]


def test_a_milestone_shown_in_two_tables_is_counted_once() -> None:
    """Found as a user: "All 10 milestones have an owner and a date" for a plan of 5, whose
    Schedule and Milestones sections show the same table."""
    table = GOOD.split("## Schedule\n\n", 1)[1].split("\n\n", 1)[0]
    path = """| Milestone | What is true | Owner | Date | Depends on |
|---|---|---|---|---|
| M1 | Venue booked | Host | 2027-01-31 | — |
| M2 | Invitations sent | Ana | 2027-06-01 | M1 |
| M3 | Event day | Host | 2027-09-30 | M2 |"""
    plan = GOOD + f"\n## Work plan\n\n{table}\n\n## Milestones and critical path\n\n{path}\n"
    assert _by_name(plan)["milestones_owned_and_dated"] == (
        "pass",
        "All 3 milestones have an owner and a date.",
    )


def test_an_excluded_item_planned_anyway_is_a_contradiction() -> None:
    plan = GOOD.replace("| Contingency | €7,800 | rest |", "| Live band | €2,000 | quote |\n"
                        "| Contingency | €5,800 | rest |")  # fmt: skip
    result = _by_name(plan)
    assert result["no_contradictions"][0] == "flag"
    assert "live band" in result["no_contradictions"][1]


def test_a_stale_gap_after_the_team_is_named_is_a_contradiction() -> None:
    plan = GOOD + "\n## SWOT\n\n- Missing: no team named\n"
    result = _by_name(plan)
    assert result["no_contradictions"] == ("flag", "“no team named” in SWOT.")


def test_feedback_with_nothing_checkable_must_still_be_answered() -> None:
    feedback = [Feedback(checkpoint=1, text="Looks lovely.")]
    assert _by_name(GOOD, feedback)["feedback_reflected"][0] == "flag"
    answered = (
        GOOD + "\n## Reviewer direction\n\n### Checkpoint 1\n\nDeclined: nothing to change.\n"
    )
    status, message = _by_name(answered, feedback)["feedback_reflected"]
    assert status == "pass"
    # answered, but nothing in it could be checked: not called reflected (found as a user)
    assert "reflected" not in message
    assert message == (
        "Nothing to check was read from checkpoint 1's feedback (no budget, date, person or "
        "limit); the plan answers it in Reviewer direction."
    )


def test_feedback_read_and_feedback_answered_are_told_apart() -> None:
    feedback = [
        Feedback(checkpoint=1, text="Keep the venue under €10,000."),
        Feedback(checkpoint=2, text="Looks lovely."),
    ]
    answered = GOOD + "\n## Reviewer direction\n\n### Checkpoint 2\n\nNothing to change.\n"
    status, message = _by_name(answered, feedback)["feedback_reflected"]
    assert status == "pass"
    assert message.startswith("The feedback of checkpoint 1 is reflected in the plan. ")
    assert "from checkpoint 2's feedback" in message


def test_a_late_row_dated_alike_in_two_tables_is_named_once() -> None:
    """A page trial's flag read "M4 2027-02-14; M5 2027-02-28; M4 2027-02-14; M5 2027-02-28"."""
    late = GOOD.replace("| Ana | 2027-06-01 |", "| Ana | 2027-10-15 |")
    twice = late + "\n## Schedule again\n\n" + late.split("## ", 2)[1].split("\n", 1)[1]
    message = _by_name(twice)["dates_within_deadline"][1]
    assert message.count("2027-10-15") == 1, message


def test_a_plan_without_tables_is_flagged_not_failed() -> None:
    result = _by_name("# Plan\n\nJust prose about a wedding.\n", [])
    assert result["dates_within_deadline"] == ("flag", "No dated milestones found.")
    assert result["budget_within_total"][0] == "flag"


def test_a_cap_on_one_line_is_checked_on_that_line() -> None:
    feedback = [Feedback(checkpoint=1, text="Keep the venue under €9,000 and add a seating plan.")]
    over = _by_name(GOOD, feedback)
    assert over["budget_caps"][0] == "flag"
    assert "Venue 10,000 is over Keep the venue under €9,000 (feedback:1)" in over["budget_caps"][1]
    assert over["budget_within_total"][0] == "pass"  # the total still holds: only the line is over
    assert over["feedback_reflected"][0] == "flag"  # the seating plan is nowhere
    at = GOOD.replace("| Venue | €10,000 |", "| Venue | €9,000 |").replace(
        "| Contingency | €7,800 |", "| Contingency | €8,800 |\n| Seating plan | €0 | Ana |"
    )
    # "under €9,000" is below it, not at it (a new user's trial: the line was the cap)
    assert (
        "Venue 9,000 is not Keep the venue under €9,000" in _by_name(at, feedback)["budget_caps"][1]
    )
    held = at.replace("| Venue | €9,000 | quote |", "| Venue | €8,990 | under €9,000 |").replace(
        "| Contingency | €8,800 |", "| Contingency | €8,810 |"
    )
    result = _by_name(held, feedback)
    assert result["budget_caps"] == ("pass", "Every cap holds (2 checked).")
    assert result["feedback_reflected"][0] == "pass"


def test_a_plans_sections_are_read_once_and_shared_read_only() -> None:
    """Several rules ask for the same plan's sections; one reading serves them all, so no
    caller may change what the others read."""
    plan = "# P\n\n## Budget\n\n| Item | Cost |\n|---|---|\n| Venue | £100 |\n\n## Risks\n\nNone.\n"
    first = sections(plan)
    assert sections(plan) is first
    assert list(first) == ["Budget", "Risks"]
    with pytest.raises(TypeError):
        first["Budget"] = "changed"  # type: ignore[index]
    [table] = tables(plan)
    assert (table.section, table.header, table.col("COST"), table.col("cost")) == (
        "Budget",
        ["Item", "Cost"],
        None,
        1,
    )


MOSCOW = """
## MoSCoW priorities

**Must have**
- Plan our wedding next September for 120 guests (the goal itself)

**Won't have (this time)**
- a live band — the feedback rules it out (feedback:1)
- Anything outside the wedding — parked for a later plan
"""


@pytest.mark.parametrize(
    "item",
    [
        "a live band — the feedback rules it out (feedback:1)",  # as the offline planner says
        "A live band (feedback:1)",  # the list's heading says it
    ],
)
def test_an_excluded_item_listed_as_wont_have_is_no_contradiction(item: str) -> None:
    plan = GOOD + MOSCOW.replace("a live band — the feedback rules it out (feedback:1)", item)
    assert _by_name(plan)["no_contradictions"] == (
        "pass",
        "No section contradicts the constraints.",
    )


def test_an_excluded_item_listed_as_must_have_is_a_contradiction() -> None:
    plan = GOOD + MOSCOW.replace(
        "(the goal itself)\n", "(the goal itself)\n- A live band for the first dance\n"
    )
    assert _by_name(plan)["no_contradictions"] == (
        "flag",
        "excluded “live band” planned in MoSCoW priorities.",
    )


def test_dates_without_a_deadline_are_said_to_run_from_the_start() -> None:
    """Found in the page: "14 dated rows between the start 2026-12-04 and the deadline none
    stated"."""
    rows = "".join(f"| M{n} | Step | Host | 2026-12-0{n + 4} |\n" for n in (1, 2))
    plan = "## Schedule\n\n| # | Milestone | Owner | Date |\n|---|---|---|---|\n" + rows
    [dated] = [
        c
        for c in check_plan(plan, gather("Throw a party", START))
        if c.name == "dates_within_deadline"
    ]
    assert dated.message == "2 dated rows from the start 2026-12-02 on (no deadline stated)."
    one = plan.replace("| M2 | Step | Host | 2026-12-06 |\n", "")
    [dated] = [
        c
        for c in check_plan(one, gather("Throw a party", START))
        if c.name == "dates_within_deadline"
    ]
    assert dated.message == "1 dated row from the start 2026-12-02 on (no deadline stated)."


def test_work_before_a_stated_start_is_in_the_window_and_before_today_is_not() -> None:
    """A club "from February 2027" finds its members and room before its first meeting."""
    goal = "Start a monthly book club from February 2027"
    rows = (
        "| M1 | Members found | Organiser | 2027-01-04 |\n"
        "| M2 | First meeting | Organiser | 2027-02-01 |\n"
    )
    plan = "## Schedule\n\n| # | Milestone | Owner | Date |\n|---|---|---|---|\n" + rows
    [dated] = [
        c for c in check_plan(plan, gather(goal, START)) if c.name == "dates_within_deadline"
    ]
    assert (dated.status, dated.message) == (
        "pass",
        "2 dated rows from the start 2026-12-02 (the start said 2027-02-01) on"
        " (no deadline stated).",
    )
    past = plan.replace("2027-01-04", "2026-11-30")
    [dated] = [
        c for c in check_plan(past, gather(goal, START)) if c.name == "dates_within_deadline"
    ]
    assert dated.status == "flag" and "M1 2026-11-30" in dated.message


MILESTONES = """
## Milestones and critical path

| Milestone | What is true | Owner | Date | Depends on |
|---|---|---|---|---|
| M1 | Venue booked | Host | 2027-01-31 | — |
| M2 | Invitations sent | Ana | 2027-06-01 | M1 |
| M3 | Event day | Host | 2027-09-30 | M2 |
"""


def test_two_tables_that_date_one_milestone_differently_contradict_each_other() -> None:
    """Found as a user: a person's edited Schedule moved the event to 2027-09-12 while the
    planner's Milestones and critical path kept 2027-09-30; every check passed."""
    agreed = _by_name(GOOD + MILESTONES)["no_contradictions"]
    assert agreed == ("pass", "No section contradicts the constraints.")
    edited = GOOD.replace(
        "| M3 | Event day | Host | 2027-09-30 |", "| M3 | Event day | Host | 2027-09-12 |"
    )
    status, message = _by_name(edited + MILESTONES)["no_contradictions"]
    assert status != "pass"
    assert message == (
        "M3 “Event day” is 2027-09-12 in Schedule but 2027-09-30 in Milestones and critical path."
    )
    # a milestone a person renamed is theirs to date: nothing to compare it with
    renamed = edited.replace("| M3 | Event day |", "| M3 | Wedding day |")
    assert _by_name(renamed + MILESTONES)["no_contradictions"][0] == "pass"


def test_one_checkpoint_declined_does_not_excuse_another_left_unreflected() -> None:
    """Found by a new user's trial: every plan passed "feedback_reflected", because the word
    "declined" anywhere in a plan excused every constraint of every checkpoint."""
    feedback = [
        Feedback(checkpoint=1, text="Looks lovely."),
        Feedback(checkpoint=2, text="Ben handles the music."),
    ]
    declined = (
        GOOD + "\n## Reviewer direction\n\n### Checkpoint 1\n\nDeclined: nothing to change.\n"
    )
    result = _by_name(declined, feedback)
    assert result["feedback_reflected"][0] == "flag"
    assert "Ben" in result["feedback_reflected"][1]
    named = declined.replace("| Host | 2027-01-31 |", "| Ben | 2027-01-31 |")
    assert _by_name(named, feedback)["feedback_reflected"][0] == "pass"


def test_an_exclusion_is_reflected_by_what_the_plan_leaves_out() -> None:
    """A plan reflects "No live band" by planning none, not by naming the band: the planner
    dropped "Tile" from a step for "No tiling" and the check then flagged the plan, which
    had passed only because every section quoted the feedback (found as a user)."""
    feedback = [Feedback(checkpoint=1, text="No live band. Ana handles the invitations.")]
    silent = GOOD.replace("## Won't have\n\n- No live band: music is left out.\n", "")
    assert "band" not in silent.lower()
    assert _by_name(silent, feedback)["feedback_reflected"][0] == "pass"
    planned = silent + "\n## Work breakdown\n\n- Book a live band for the evening\n"
    result = _by_name(planned, feedback)
    assert result["feedback_reflected"][0] == "flag"
    assert "No live band" in result["feedback_reflected"][1]
    quoted = silent + "\n## SWOT\n\n_Adjusted for checkpoint 1 feedback: “No live band.”_\n"
    assert _by_name(quoted, feedback)["feedback_reflected"][0] == "pass"


NAME = "feedback_reflected"


def test_what_was_not_read_from_feedback_is_said_not_checked() -> None:
    """Found as a user: "reflected" of feedback whose other sentences nothing read."""
    feedback = [
        Feedback(checkpoint=1, text="We both work full time. Keep the venue under €10,000.")
    ]
    cs = gather("Plan our wedding", START, feedback)
    [check] = [c for c in check_plan(GOOD, cs, [1], {1: feedback[0].text}) if c.name == NAME]
    assert check.status == "pass"
    assert check.message == (
        "The feedback of checkpoint 1 is reflected in the plan as far as it was read; not read,"
        " so not checked: “We both work full time”."
    )


def test_feedback_with_a_number_or_a_name_the_plan_does_not_show_is_flagged() -> None:
    """Found as a user: "Printing costs 8p a page" and "Advertise on Indeed" were ignored by
    a plan that still passed the check."""
    said = "Keep the venue under €10,000. Printing costs 8p a page. Advertise on Indeed."
    feedback = [Feedback(checkpoint=1, text=said)]
    cs = gather("Plan our wedding", START, feedback)
    [check] = [c for c in check_plan(GOOD, cs, [1], {1: said}) if c.name == NAME]
    assert check.status == "flag"
    assert check.message == (
        "Not read, so not applied: “Printing costs 8p a page”; “Advertise on Indeed”. Say it as"
        " a budget, date, person or limit, or edit the plan."
    )
    # shown in the plan's own words (not where it quotes the feedback back): applied
    shown = GOOD + "\n## Promotion\n\nAdverts on Indeed; printing at 8p a page.\n"
    [check] = [c for c in check_plan(shown, cs, [1], {1: said}) if c.name == NAME]
    assert check.status == "pass"
