"""Every export format read back by an independent reader: icalendar's parser, the csv
module, json, and html.parser; with a goal full of quotes, commas, newlines, emoji and
right-to-left text, and a plan whose cells try formulas and markup."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from icalendar import Calendar

from planloop.domain import DataPoint
from planloop.export import FORMATS, PlanDocument, export, read_plan

GOAL = 'Open "Café Lua", Lisbon 🥐\nمخبز صغير, by June 2027'
PLAN = """# Plan: Café Lua

_Drafted for the test._

## Milestones

| Milestone | What is true | Owner | Due | Cost |
|---|---|---|---|---|
| M1 | Lease signed, "as is" | Ana | week 3 | EUR 2,000 |
| M2 | Kitchen fitted <script>alert(1)</script> | =HYPERLINK("http://x") | 2027-03-15 | EUR 30,000 |
| M3 | Opening day | Rui | 15 June 2027 | — |
| M4 | Reviews read | Ana | ongoing | |

## Budget

| Line | Amount |
|---|---|
| Rent | EUR 12,000 |
| Kitchen | EUR 30,000 |
| **Total** | EUR 42,000 |

## Risks

| # | Risk | Mitigation |
|---|---|---|
| R1 | Permit late | Apply in week 1 |
"""


def document(*, partial: bool = False, status: str = "completed") -> PlanDocument:
    return read_plan(
        run_id="r1",
        goal=GOAL,
        status=status,
        partial=partial,
        iteration=4,
        started=date(2026, 12, 2),
        updated_at=datetime(2026, 12, 20, 9, 30, tzinfo=UTC),
        plan_markdown=PLAN,
        deadline=date(2027, 6, 30),
        data_points=[DataPoint(label="rent", value="EUR 1,000/month", source="goal")],
        checks=[
            {"name": "budget", "status": "pass", "message": "lines sum within budget"},
            {"name": "owners", "status": "flag", "message": "M4 has no date"},
        ],
    )


def test_the_structure_is_read_from_the_plan_tables() -> None:
    doc = document()
    assert [m.key for m in doc.milestones] == ["M1", "M2", "M3", "M4"]
    m1, m2, m3, m4 = doc.milestones
    assert m1.title == 'M1: Lease signed, "as is"' and m1.owner == "Ana"
    assert m1.due == date(2026, 12, 22)  # the last day of week 3 from 2 December
    assert m2.due == date(2027, 3, 15) and m2.cost == "EUR 30,000"
    assert m3.due == date(2027, 6, 15)
    assert m4.due is None and m4.due_text == "ongoing"
    assert [(b.item, b.amount) for b in doc.budget] == [
        ("Rent", "EUR 12,000"),
        ("Kitchen", "EUR 30,000"),
    ]
    assert doc.risks == [{"id": "R1", "risk": "Permit late", "mitigation": "Apply in week 1"}]
    assert [s.title for s in doc.sections if s.level == 2] == ["Milestones", "Budget", "Risks"]


def test_ics_has_one_event_per_dated_milestone_and_the_deadline_with_stable_uids() -> None:
    first = Calendar.from_ical(export(document(), "ics").content)
    events = first.walk("VEVENT")
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {
        "M1.r1@planloop",
        "M2.r1@planloop",
        "M3.r1@planloop",
        "deadline.r1@planloop",
    }
    m1 = by_uid["M1.r1@planloop"]
    assert m1.decoded("DTSTART") == date(2026, 12, 22)  # all day: the same in every zone
    assert m1.decoded("DTEND") == date(2026, 12, 23)
    assert str(m1["SUMMARY"]) == 'M1: Lease signed, "as is"'
    assert "Owner: Ana" in str(m1["DESCRIPTION"])
    assert by_uid["deadline.r1@planloop"].decoded("DTSTART") == date(2027, 6, 30)
    assert str(first["X-WR-CALNAME"]).startswith('Open "Café Lua", Lisbon 🥐 مخبز')
    # Exported again (a later iteration): the same UIDs, so a calendar updates them.
    again = Calendar.from_ical(export(document(), "ics").content)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(by_uid)
    assert all(int(e["SEQUENCE"]) == 4 for e in events)


def test_csv_rows_are_the_milestones_and_formulas_stay_text() -> None:
    rows = list(csv.DictReader(io.StringIO(export(document(), "csv").content)))
    assert list(rows[0]) == ["title", "owner", "start", "due", "cost", "section", "status"]
    assert [r["title"] for r in rows][:1] == ['M1: Lease signed, "as is"']
    assert rows[0]["due"] == "2026-12-22" and rows[3]["due"] == "ongoing"
    assert rows[1]["owner"] == '\'=HYPERLINK("http://x")'  # never a live formula
    assert {r["status"] for r in rows} == {"planned"}
    draft = list(csv.DictReader(io.StringIO(export(document(partial=True), "csv").content)))
    assert {r["status"] for r in draft} == {"draft"}


def test_json_is_the_structured_plan() -> None:
    body = json.loads(export(document(), "json").content)
    assert body["goal"] == GOAL and body["partial"] is False
    assert body["deadline"] == "2027-06-30"
    assert body["milestones"][1]["due"] == "2027-03-15"
    assert body["budget"][0] == {
        "item": "Rent",
        "amount": "EUR 12,000",
        "section": "Budget",
        "value": 12_000.0,
        "currency": "EUR",
    }
    # found as a user: the table's Total row was a line, so a program summing the lines
    # got twice the budget, and every amount was text
    assert [b["item"] for b in body["budget"]] == ["Rent", "Kitchen"]
    assert sum(b["value"] for b in body["budget"]) == 42_000.0
    # each milestone's status as the CSV has it, not ""
    assert {m["status"] for m in body["milestones"]} == {"planned"}
    assert body["data_points"] == [{"label": "rent", "value": "EUR 1,000/month", "source": "goal"}]
    assert body["checks"][1]["status"] == "flag"
    assert [s["anchor"] for s in body["sections"]][1:] == ["milestones", "budget", "risks"]


def test_markdown_has_a_header_then_the_plan() -> None:
    md = export(document(status="rejected", partial=True), "md").content
    head, _, rest = md.partition("\n\n")
    assert '**Goal:** Open "Café Lua", Lisbon 🥐 مخبز صغير, by June 2027' in head
    assert "partial plan (rejected), after iteration 4" in head
    assert "deadline 2027-06-30" in head and "1 passed, 1 flagged: M4 has no date" in head
    assert rest.startswith("# Plan: Café Lua")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_standalone_sanitized_and_has_anchored_contents() -> None:
    html = export(document(status="running", partial=True), "html").content
    page = Page()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert all(link.startswith("#") for link in page.links)  # nothing fetched
    assert page.ids == ["milestones", "budget", "risks"]
    assert page.links == ["#milestones", "#budget", "#risks"]
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, never run
    assert "partial plan" in text and "running" in text
    assert "default-src 'none'" in html
    assert "@media print" in html


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_names_come_from_the_goal(fmt: str) -> None:
    out = export(document(), fmt, iteration=2)  # type: ignore[arg-type]
    assert out.file_name == f"open-cafe-lua-lisbon-by-june-2027-iteration-2.{fmt}"


def test_a_long_goals_file_name_ends_on_a_word_of_its_own() -> None:
    """A page trial's download: "…-for-my-dad-graham-in.md"."""
    goal = "Plan a surprise 60th birthday weekend for my dad Graham in the Lake District"
    out = export(a_plan("# Plan\n", goal=goal), "md")
    assert out.file_name == "plan-a-surprise-60th-birthday-weekend-for-my-dad-graham.md"


def a_plan(
    plan_markdown: str, *, goal: str = "A plan", deadline: date | None = None
) -> PlanDocument:
    """A completed run's plan, as read for export."""
    return read_plan(
        run_id="r2",
        goal=goal,
        status="completed",
        partial=False,
        iteration=2,
        started=date(2026, 12, 2),
        updated_at=datetime(2026, 12, 2, tzinfo=UTC),
        plan_markdown=plan_markdown,
        deadline=deadline,
    )


def test_a_timeline_counted_back_from_the_day_takes_its_date_column() -> None:
    plan = """## Booking and vendor timeline

| When | Date | Booking or vendor task | Owner |
|---|---|---|---|
| 41 weeks before | 2026-12-17 | Book the venue | Host |
| 9 days before | 2027-09-21 | Confirm the run sheet | Host |
| Event day | 2027-09-30 | The event | Host |
"""
    doc = a_plan(plan)
    assert [(m.title, m.due) for m in doc.milestones] == [
        ("Book the venue", date(2026, 12, 17)),
        ("Confirm the run sheet", date(2027, 9, 21)),
        ("The event", date(2027, 9, 30)),
    ]
    # "41 weeks before" alone is no date: never read as 41 weeks before the start.
    alone = a_plan(plan.replace("| Date |", "| Note |"))
    assert [m.due for m in alone.milestones] == [None, None, None]


def test_a_milestone_in_several_tables_is_exported_once_with_its_own_uid() -> None:
    """Found by a user: the schedule, the critical path and the family's steps each list
    the milestones, so the calendar had two events per UID and the CSV each task twice;
    two tables of one section reused a key ("countdown-1")."""
    plan = """## Schedule

| # | Milestone | Owner | Date |
|---|---|---|---|
| M1 | Venue booked | Host | 2027-01-10 |
| M2 | Race day | Host | 2027-03-01 |

## Party countdown

| When | Date | Task | Owner |
|---|---|---|---|
| 8 weeks before | 2027-01-10 | Venue booked | Host |
| 2 weeks before | 2027-02-15 | Invitations out | Host |

**Added at the reviewer's request:**

| Task | Owner | Done by | Asked in |
|---|---|---|---|
| Flat in Berlin | Host | 2027-02-20 | feedback:1 |

## Milestones and critical path

| Milestone | What is true | Owner | Date | Depends on |
|---|---|---|---|---|
| M1 | Venue booked | Host | 2027-01-10 | — |
| M2 | Race day | Host | 2027-03-01 | M1 |
"""
    doc = a_plan(plan)
    assert [(m.key, m.title) for m in doc.milestones] == [
        ("M1", "Venue booked"),
        ("M2", "Race day"),
        ("party-countdown-2", "Invitations out"),
        ("party-countdown-1", "Flat in Berlin"),
    ]
    cal = Calendar.from_ical(export(doc, "ics").content)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 4
    rows = list(csv.reader(io.StringIO(export(doc, "csv").content)))[1:]
    assert [r[0] for r in rows] == [
        "Venue booked",
        "Race day",
        "Invitations out",
        "Flat in Berlin",
    ]


def test_an_event_of_several_days_spans_them_where_it_happens() -> None:
    """Found as a user: the 3-day Porto offsite was a one-day calendar event with no
    location, and its CSV row had no start."""
    plan = """## Schedule

Plan type: a team offsite or retreat. From 2026-12-02 to the deadline 2027-09-12, when
the event begins; it lasts 3 days, to 2027-09-14 (“on 12 September 2027”, goal). Where:
Porto (feedback:1; the goal said Lisbon).

| # | Milestone | Owner | Date |
|---|---|---|---|
| M1 | Venue and rooms booked | Ana | 2027-01-10 |
| M2 | Offsite: 3 days, 2027-09-12 to 2027-09-14 | Ana | 2027-09-12 |
"""
    doc = a_plan(plan)
    assert doc.place == "Porto"
    offsite = doc.milestones[-1]
    assert (offsite.start, offsite.due) == (date(2027, 9, 12), date(2027, 9, 14))
    events = {
        str(e.get("summary")): e
        for e in Calendar.from_ical(export(doc, "ics").content).walk("VEVENT")
    }
    spanned = events["Offsite: 3 days, 2027-09-12 to 2027-09-14"]
    assert spanned.decoded("dtstart") == date(2027, 9, 12)
    assert spanned.decoded("dtend") == date(2027, 9, 15)  # all-day: the day after the last
    assert str(spanned.get("location")) == "Porto"
    assert events["Venue and rooms booked"].get("location") is None
    # the countdown's row for the same days is the same event: one calendar entry
    twice = a_plan(
        plan + "\n## Countdown\n\n| When | Date | Task | Owner |\n|---|---|---|---|\n"
        "| Offsite | 2027-09-12 | The offsite: 3 days, 2027-09-12 to 2027-09-14 | Ana |\n"
    )
    assert [m.title for m in twice.milestones] == [m.title for m in doc.milestones]
    rows = list(csv.DictReader(io.StringIO(export(doc, "csv").content)))
    assert (rows[-1]["start"], rows[-1]["due"]) == ("2027-09-12", "2027-09-14")
    assert json.loads(export(doc, "json").content)["place"] == "Porto"


def test_a_week_numbered_schedule_is_dated_by_its_weeks() -> None:
    """Found as a user: a study schedule's "Week" column was read by dateparser as months
    (week 1 due 31 January, week 10 due 31 October), so the calendar held a mock exam nine
    months long, and the exam's row had the date "Exam" in the CSV."""
    plan = """## Week-by-week study schedule

| Week | Starts | Hours | Work | Review |
|---|---|---|---|---|
| 1 | 2026-12-02 | 6 | New material, part 1 of 4 | 15-minute recap |
| 10 | 2027-02-03 | 6 | Mock exam under real conditions | Mark it |
| Exam | 2027-02-10 | — | Final exam or goal check | — |
"""
    doc = a_plan(plan)
    assert [(m.title, m.start, m.due) for m in doc.milestones] == [
        (
            "Week 1: New material, part 1 of 4 (Hours 6; Review 15-minute recap)",
            date(2026, 12, 2),
            date(2026, 12, 8),
        ),
        (
            "Week 10: Mock exam under real conditions (Hours 6; Review Mark it)",
            date(2027, 2, 3),
            date(2027, 2, 9),
        ),
        ("Final exam or goal check", date(2027, 2, 10), date(2027, 2, 10)),
    ]
    rows = list(csv.DictReader(io.StringIO(export(doc, "csv").content)))
    assert [r["due"] for r in rows] == ["2026-12-08", "2027-02-09", "2027-02-10"]
    # a bare number is never a date by itself outside a column that counts
    elsewhere = a_plan(plan.replace("| Week |", "| Due |").replace("| Starts |", "| Hours2 |"))
    assert [m.due for m in elsewhere.milestones][:2] == [None, None]


def test_a_milestones_own_task_is_told_in_its_event() -> None:
    """Found as a user: a move's calendar had 20 events for 8 milestones; "Notice given on
    the old home" and "Give notice on the old home" were two events on 30 April. A
    countdown's "With M2" row is M2's own task: told in M2's event, and in M2's row of the
    CSV (a second trial's: every such milestone was in the CSV twice)."""
    plan = """## Schedule

| # | Milestone | Owner | Date |
|---|---|---|---|
| M1 | Notice given on the old home | Move planner | 2027-04-30 |
| M2 | Moving day | Move planner | 2027-07-30 |

## Countdown to moving day

| When | Date | Task | Owner |
|---|---|---|---|
| With M1 | 2027-04-30 | Give notice on the old home | Move planner |
| 2 weeks before | 2027-07-16 | Book the van | Move planner |
| With M1 | 2027-05-07 | Chase the landlord | Move planner |
"""
    doc = a_plan(plan)
    events = Calendar.from_ical(export(doc, "ics").content).walk("VEVENT")
    summaries = [str(e["summary"]) for e in events]
    assert summaries == [
        "Notice given on the old home",
        "Moving day",
        "Book the van",
        "Chase the landlord",  # not on its milestone's day: an event of its own
    ]
    notice = events[0]
    assert "Task: Give notice on the old home" in str(notice["description"])
    rows = list(csv.DictReader(io.StringIO(export(doc, "csv").content)))
    titles = [r["title"] for r in rows]
    assert "Notice given on the old home — Give notice on the old home" in titles  # to do
    assert "Give notice on the old home" not in titles and len(titles) == 4
    assert "Chase the landlord" in titles  # not on its milestone's day: a row of its own


def test_a_long_title_is_cut_between_words_in_the_calendar() -> None:
    """Found as a user: the deadline's summary was cut at 100 characters inside a number,
    "… with a budget of £6\\,00"."""
    goal = (
        "Organise a 5k charity fun run in Bristol for 300 runners, with medals and water,"
        " on 12 September 2027 with a budget of £6,000"
    )
    doc = a_plan(
        f"# Plan: {goal}\n\n## Milestones\n\n| # | Milestone | Date |\n"
        "|---|---|---|\n| M1 | Route fixed | 2027-09-01 |\n",
        goal=goal,
        deadline=date(2027, 9, 12),
    )
    assert len(doc.title) > 100
    cal = Calendar.from_ical(export(doc, "ics").content)
    (deadline,) = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("deadline.")]
    summary = str(deadline["SUMMARY"])
    assert summary.endswith("…") and len(summary) <= len("Deadline: ") + 100
    assert goal.startswith(summary.removeprefix("Deadline: ").removesuffix("…"))
    assert not summary.removesuffix("…")[-1].isdigit()  # not inside "£6,000"


def test_the_day_itself_is_one_event() -> None:
    """Found as a user: race day was three events on 2027-09-19: "Race day" (M2), the
    countdown's "The race" and "Deadline: …"."""
    plan = """## Schedule

| # | Milestone | Owner | Date |
|---|---|---|---|
| M1 | Route fixed | Race director | 2027-03-01 |
| M2 | Race day | Race director | 2027-09-19 |

## Countdown to race day

| When | Date | Task | Owner |
|---|---|---|---|
| 5 weeks before | 2027-08-15 | Close entries | Race director |
| Race day | 2027-09-19 | The race | Race director |
"""
    doc = a_plan(plan, deadline=date(2027, 9, 19))
    events = Calendar.from_ical(export(doc, "ics").content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Route fixed", "Race day", "Close entries"]
    told = str(events[1]["description"])
    assert "On the day: The race" in told and "The plan's deadline" in told
    moved = a_plan(plan, deadline=date(2027, 9, 30))
    summaries = [
        str(e["summary"]) for e in Calendar.from_ical(export(moved, "ics").content).walk("VEVENT")
    ]
    assert summaries[-1].startswith("Deadline: ")  # a deadline of its own: its own event


def test_steps_dated_by_their_start_are_exported_with_it() -> None:
    """Found as a user: a renovation's "Works sequence" (Step | Starts | Owner) was missing
    from its calendar and its CSV: a table without a due column was not read."""
    plan = """## Works sequence

| Step | Starts | Owner | Watch |
|---|---|---|---|
| Strip out; first fix of plumbing and electrics | 2027-02-23 | Builder | a temporary kitchen |
| Plaster; install units and worktops | 2027-03-21 | Builder | templating |
"""
    doc = a_plan(plan)
    rows = list(csv.DictReader(io.StringIO(export(doc, "csv").content)))
    assert [(r["title"], r["owner"], r["start"], r["due"]) for r in rows] == [
        ("Strip out; first fix of plumbing and electrics", "Builder", "2027-02-23", ""),
        ("Plaster; install units and worktops", "Builder", "2027-03-21", ""),
    ]
    events = Calendar.from_ical(export(doc, "ics").content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("DTSTART")) for e in events] == [
        ("Start: Strip out; first fix of plumbing and electrics", date(2027, 2, 23)),
        ("Start: Plaster; install units and worktops", date(2027, 3, 21)),
    ]


def test_a_training_week_is_named_by_its_focus_and_dated_by_its_start() -> None:
    """Found as a user: a half marathon's training weeks were exported as events named "3"
    (the Sessions column), dated from the run's creation while the weeks started after an
    injury, in late January."""
    plan = """## Week-by-week training schedule

| Week | Starts | Sessions | Load (km) | Long run (km) | Focus |
|---|---|---|---|---|---|
| 1 | 2027-01-20 | 3 | 10 | 4 | Base: easy aerobic running |
| 2 | 2027-01-27 | 3 | 11 | 5 | Base: easy aerobic running |
"""
    doc = a_plan(plan)  # started 2026-12-02
    # with each week's figures (a trial's calendar said "Cutback week: recover", no distance)
    figures = "Sessions 3; Load (km) {}; Long run (km) {}"
    assert [(m.title, m.start, m.due) for m in doc.milestones] == [
        (
            f"Week 1: Base: easy aerobic running ({figures.format(10, 4)})",
            date(2027, 1, 20),
            date(2027, 1, 26),
        ),
        (
            f"Week 2: Base: easy aerobic running ({figures.format(11, 5)})",
            date(2027, 1, 27),
            date(2027, 2, 2),
        ),
    ]
    rows = list(csv.DictReader(io.StringIO(export(doc, "csv").content)))
    assert "Load (km) 10" in rows[0]["title"]


def test_a_week_that_starts_before_the_deadline_ends_on_it() -> None:
    """Found by a new user's trial: the calendar's last training week ran to 23 April, past
    the 20 April the plan was for, while the plan's check said every date was within it."""
    plan = """## Week-by-week study schedule

| Week | Starts | Hours | Work | Review |
|---|---|---|---|---|
| 19 | 2027-04-10 | 2.5 | Revise the weak topics | Timed practice questions |
| 20 | 2027-04-17 | 2.5 | Revise the weak topics | Timed practice questions |
"""
    doc = a_plan(plan, deadline=date(2027, 4, 20))
    weeks = {m.title.split(":")[0]: (m.start, m.due) for m in doc.milestones}
    assert weeks["Week 19"] == (date(2027, 4, 10), date(2027, 4, 16))
    assert weeks["Week 20"] == (date(2027, 4, 17), date(2027, 4, 20))
    events = Calendar.from_ical(export(doc, "ics").content).walk("VEVENT")
    last = next(e for e in events if str(e["summary"]).startswith("Week 20"))
    assert last.decoded("dtend") == date(2027, 4, 21)  # the day after the last, as iCalendar


def test_a_meetings_host_is_its_owner() -> None:
    """Found by a new user's trial: a repair café's CSV left every session's owner empty
    while the plan's Host column named the organiser."""
    plan = """## Meetings

| # | Date | What | Host |
|---|---|---|---|
| 1 | 2027-02-01 | Session 1 and introductions | Organiser |
| 2 | 2027-03-01 | Session 2: fixers booked | Sue Jones |
"""
    rows = list(csv.DictReader(io.StringIO(export(a_plan(plan), "csv").content)))
    assert [(r["owner"], r["due"]) for r in rows] == [
        ("Organiser", "2027-02-01"),
        ("Sue Jones", "2027-03-01"),
    ]


def test_a_repayment_month_is_named_with_its_payment() -> None:
    """Found by a new user's trial: a debt's calendar had twelve events called "1" … "12"
    and its CSV rows no amount."""
    plan = """## Repayment schedule

| Month | Date | Payment | Interest | Owed after |
|---|---|---|---|---|
| 1 | 2027-01-02 | £342.00 | £119.00 | £5,727.00 |
| 2 | 2027-02-02 | £342.00 | £114.54 | £5,499.54 |
"""
    rows = list(csv.DictReader(io.StringIO(export(a_plan(plan), "csv").content)))
    assert [(r["title"], r["due"], r["cost"]) for r in rows] == [
        ("Month 1: £342.00", "2027-01-02", "£342.00"),
        ("Month 2: £342.00", "2027-02-02", "£342.00"),
    ]
    events = Calendar.from_ical(export(a_plan(plan), "ics").content).walk("VEVENT")
    assert [str(e["summary"]) for e in events][:2] == ["Month 1: £342.00", "Month 2: £342.00"]


def test_the_markdown_headers_lines_each_end_in_a_line_break() -> None:
    """Found by a page trial: the header's Goal, Status, Dates and Checks rendered as one
    paragraph."""
    head = export(document(), "md").content.partition("\n\n")[0].splitlines()
    assert len(head) == 5 and all(line.endswith("\\") for line in head[:-1])
    assert head[0].startswith("> **Goal:**") and head[1].startswith("> **Status:**")
