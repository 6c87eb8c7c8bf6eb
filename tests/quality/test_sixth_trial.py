"""What a sixth round of new-user trials found (2026-12-06), each in a plan's own words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback, PlanState
from planloop.memory.folder.vault import Vault
from planloop.planners.base import IterationContext, IterationResult
from planloop.planners.offline import OfflinePlanner
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 6)
PARTY = (
    "Plan my daughter Mia's 10th birthday party on 14 March for 15 kids, budget £300,"
    " my partner Alex will do the cake"
)


@pytest.mark.parametrize(
    ("said", "subject", "amount"),
    [
        # each had become the plan's whole budget, where the goal had one
        ("the venue (church hall) costs £120", "venue", 120),
        ("the road closure permit costs £450", "road closure permit", 450),
        ("the copy editor costs £900", "copy editor", 900),
        ("the hotel Memmo Alfama costs €4,200 for the three nights", "hotel", 4200),
        # already read as one line's: still one line's, now at its price
        ("Movers quoted £3,200", "movers", 3200),
        ("Shed kit costs £650", "shed kit", 650),
    ],
)
def test_what_a_thing_costs_is_that_lines_price(said: str, subject: str, amount: int) -> None:
    cs = gather(
        "Run a charity 10K with a budget of £2,000", START, [Feedback(checkpoint=1, text=said)]
    )
    budget = cs.budget
    assert budget is not None and budget.text == "budget of £2,000"
    (line,) = cs.line_caps()
    assert (line.subject, line.scope, line.money and line.money.amount) == (
        subject,
        "price",
        amount,
    )


def test_a_limit_is_still_a_limit() -> None:
    (line,) = gather("Keep the venue under £800", START).line_caps()
    assert (line.subject, line.scope) == ("venue", "")


async def test_a_price_said_is_its_line_and_the_budget_stays() -> None:
    """ "the venue (church hall) costs £120" had made the budget £120 (from £300), and the
    hall's own line £30."""
    said = (
        "Alex cannot do the cake any more, my mum Jean will bake it;"
        " the venue (church hall) costs £120"
    )
    run = await drive(PARTY, {1: said}, start=START)
    budget = sections(run.plan)["Budget"]
    assert "Total budget £300 (goal); lines sum to it exactly." in budget
    assert "| Place or room hire | £120 | its price, £120 (feedback:1) |" in budget
    # the other lines share what is left in their own proportions: food 30 of the 75%
    assert "| Food and cake | £72 | 40% of £180 left after the caps (goal) |" in budget
    assert "budget £120" not in run.plan


async def test_a_price_over_a_lines_share_without_a_total() -> None:
    """Without a total budget a price is its line, not a cap on it."""
    goal = "Move house from Leeds to Bristol by 31 January, movers quoted £1,800"
    run = await drive(goal, start=START)
    budget = sections(run.plan)["Budget"]
    assert "| Removal company | £1,800 | its price, £1,800 (goal) |" in budget
    assert "(cap)" not in budget


async def test_a_price_names_its_line_by_its_last_word() -> None:
    """ "The copy editor costs £900" had a line of its own beside "Editing and
    proofreading", each paid."""
    goal = (
        "Write and self-publish a 40,000-word novel by 30 September with a total budget of £1,500"
    )
    run = await drive(goal, {1: "The copy editor costs £900."}, start=START)
    budget = sections(run.plan)["Budget"]
    assert "| Editing and proofreading | £900 | its price, £900 (feedback:1) |" in budget
    assert "Copy editor |" not in budget


@pytest.mark.parametrize(
    ("said", "name", "task", "due"),
    [
        (
            "Sarah Patel from the running club will recruit the 20 marshals by 1 March",
            "Sarah Patel",
            "recruit the 20 marshals",
            date(2027, 3, 1),
        ),
        (
            "My friend Hannah Lee will beta-read the draft by 15 July",
            "Hannah Lee",
            "beta-read the draft",
            date(2027, 7, 15),
        ),
    ],
)
def test_a_date_in_someones_part_is_their_tasks(said: str, name: str, task: str, due: date) -> None:
    """Both people were read as nobody, so the date of their part became the plan's
    deadline: the race moved seven weeks early, the novel's publication to the beta read."""
    cs = gather(
        "Organise a charity 10K on 19 April 2027", START, [Feedback(checkpoint=1, text=said)]
    )
    assert cs.deadline is not None and cs.deadline.when == date(2027, 4, 19)
    assert [m.name for m in cs.members] == [name]
    (asked,) = cs.of("addition")
    assert (asked.subject, asked.when) == (task, due)


def test_whom_a_person_will_recruit_are_not_the_team() -> None:
    said = "Sarah Patel will recruit the 20 marshals by 1 March"
    cs = gather(
        "Organise a charity 10K on 19 April 2027", START, [Feedback(checkpoint=1, text=said)]
    )
    assert cs.teams == []


@pytest.mark.parametrize("said", ["Tom will not be there", "Ana will probably lead"])
def test_what_is_not_a_task_makes_nobody(said: str) -> None:
    cs = gather(
        "Organise a charity 10K on 19 April 2027", START, [Feedback(checkpoint=1, text=said)]
    )
    assert cs.members == []


@pytest.mark.parametrize(
    ("goal", "person"),
    [
        # each read as nobody: "People: builder (nobody named yet)", "no team named"
        (
            "Plan a kitchen renovation with a £12,000 budget and a builder named Sam",
            ("Sam", "builder"),
        ),
        ("Renovate the bathroom with builder Sam and a £6,000 budget", ("Sam", "builder")),
        ("Pass my driving test in 8 weeks with instructor Priya", ("Priya", "instructor")),
        ("Run a charity 5K in May with volunteer lead Aisha", ("Aisha", "volunteer lead")),
        ("Plan the wedding with our planner Jo Smith", ("Jo Smith", "planner")),
        ("Launch a gardening podcast with my friend Priya co-hosting", ("Priya", "friend")),
    ],
)
def test_a_person_said_with_their_role(goal: str, person: tuple[str, str]) -> None:
    assert [(m.name, m.subject) for m in gather(goal, START).members] == [person]


@pytest.mark.parametrize(
    "goal", ["Open a cafe with a loan from Barclays", "Hike with the team Alpha", "Plan a party"]
)
def test_no_person_where_none_is_said(goal: str) -> None:
    assert gather(goal, START).members == []


async def test_a_builder_named_is_chosen_already() -> None:
    """With Sam named as the builder, the plan still asked three builders to quote."""
    run = await drive("Renovate the bathroom with builder Sam and a £6,000 budget", start=START)
    parts = sections(run.plan)
    assert "three" not in run.plan.lower().replace("three weeks", "")
    assert "| M1 | Design agreed; Sam's written quote in | Homeowner |" in parts["Schedule"]
    assert "agree the works and a written quote with Sam" in run.plan
    assert "| M3 | Strip-out done; plumbing and electrics first fix | Sam |" in parts["Schedule"]


@pytest.mark.parametrize(
    "goal",
    [
        "Move house from Leeds to Bristol by 31 January, movers quoted £1,800, the kids start"
        " their new school on 3 February",
        "Move to Bristol by 31 January; my new job starts on 3 February",
    ],
)
def test_the_day_someone_elses_life_starts_is_not_the_deadline(goal: str) -> None:
    """The move was planned for the children's first school day, 3 February."""
    deadline = gather(goal, START).deadline
    assert deadline is not None and deadline.when == date(2027, 1, 31)


def test_an_event_on_its_day_after_a_step_by_another_keeps_its_day() -> None:
    goal = "Get the stalls booked by 1 May, and the fair opens on 20 June"
    deadline = gather(goal, START).deadline
    assert deadline is not None and deadline.when == date(2027, 6, 20)


async def test_a_new_quote_replaces_the_old_one() -> None:
    """ "The movers Bristol Removals now quote £2,100" was read as nothing: the Budget kept
    the £1,800 line, while the risks spoke of "the £2,100 budget"."""
    goal = "Move house from Leeds to Bristol by 31 January, movers quoted £1,800"
    run = await drive(goal, {1: "The movers Bristol Removals now quote £2,100."}, start=START)
    budget = sections(run.plan)["Budget"]
    assert "| Removal company | £2,100 | its price, £2,100 (feedback:1) |" in budget
    assert "£1,800 |" not in budget
    assert "£2,100 budget" not in run.plan


async def test_a_day_no_month_has_moves_nothing_and_says_so() -> None:
    """ "Move the party to 31 February" was recorded as a date, the party stayed on its
    day, and every check passed."""
    run = await drive(PARTY, {1: "Move the party to 31 February"}, start=START)
    assert "| M6 | Party day | Host | 2027-03-14 |" in sections(run.plan)["Schedule"]
    applied = sections(run.plan)["Feedback applied"]
    assert "“31 February” is not a day of the calendar, so no date moved for it" in applied
    assert "| date | 31 February |" not in run.plan
    (check,) = [c for c in run.checks[-1] if c.name == "feedback_reflected"]
    assert check.status != "pass"
    assert "Not a day of the calendar, so no date moved: “31 February” (checkpoint 1)" in (
        check.message
    )


async def test_a_day_said_again_clears_it() -> None:
    said = {1: "Move the party to 31 February", 2: "Move the party to 28 February"}
    run = await drive(PARTY, said, start=START, iterations=6)
    assert "| M6 | Party day | Host | 2027-02-28 |" in sections(run.plan)["Schedule"]
    (check,) = [c for c in run.checks[-1] if c.name == "feedback_reflected"]
    assert "calendar" not in check.message


async def test_time_and_words_said_on_weekdays_are_each_weekdays() -> None:
    """ "studying 1 hour on weekday evenings" made "1 hours a week"; "writing 1,000 words
    on weekdays" was a pace of nothing (the 40,000 words spread over the weeks)."""
    exam = await drive(
        "Prepare for the AWS Solutions Architect Associate exam by 20 February, studying 1"
        " hour on weekday evenings",
        start=START,
    )
    assert "5 hours a week (1 hour a day × 5 days, goal)" in exam.plan
    novel = await drive(
        "Write and self-publish a 40,000-word novel by 30 September, writing 1,000 words on"
        " weekdays",
        start=START,
    )
    assert "At your pace (1,000 a day × 5 days = 5,000 words a week, goal)" in novel.plan


async def test_an_amount_in_feedback_is_no_budget_to_overrun() -> None:
    """ "Add a children's activities line of £150" made "Spending overruns the £150 budget
    — raised by the reviewer" the reunion's top risk, beside its £2,000 budget."""
    goal = "Organise a family reunion for 30 people on 14 August 2027 with a £2,000 budget"
    run = await drive(goal, {1: "Add a children's activities line of £150."}, start=START)
    risks = sections(run.plan)["Risk register"]
    assert "£150 budget" not in run.plan
    assert "Spending overruns the £2,000 budget" in risks


async def test_an_approval_after_changes_were_asked_is_quoted_and_applied() -> None:
    """Checkpoint 2 had its changes requested, then was approved with more feedback: the
    plan's Reviewer direction quoted only the request, and nothing of the approval's
    feedback was applied (a new user's trial)."""
    asked, then = "Keep the food under £80.", "My brother Tom will run the barbecue on the day."
    run = await drive(PARTY, {1: asked}, start=START, iterations=4)
    planner = OfflinePlanner()
    proposal = await planner.propose(PARTY, [])
    frameworks = [f for r in run.results for f in r.frameworks_applied]
    state = PlanState(
        plan=run.plan,
        plan_version=4,
        frameworks=list({f.id: f for f in frameworks}.values()),
        feedback=[Feedback(checkpoint=1, text=asked), Feedback(checkpoint=1, text=then)],
    )
    ctx = IterationContext(
        run_id="trial", goal=PARTY, proposal=proposal, proposal_text="", iteration=5,
        max_iterations=6, state=state, memory=(), started_on=START,
    )  # fmt: skip
    items = [item async for item in planner.iterate(ctx)]
    result = items[-1]
    assert isinstance(result, IterationResult)
    direction = sections(result.plan)["Reviewer direction"]
    assert "> Keep the food under £80.\n> My brother Tom will run the barbecue on the day." in (
        direction
    )
    assert "Applied from iteration 5" in direction
    assert "“Tom: run the barbecue on the day”" in sections(result.plan)["Feedback applied"]


REUNION = "Organise a family reunion for 30 people on 14 August 2027 with a £2,000 budget"


async def test_a_line_asked_for_with_its_amount_and_a_part_asked_of_someone() -> None:
    """ "Add a children's activities line of £150 and have cousin Tom run the barbecue on
    the day. Drop the photography line." was a task "Add a children's activities line
    of", which the photography exclusion then ruled out (the £150 lost), and Tom was
    "have cousin", no one."""
    said = (
        "Add a children's activities line of £150 and have cousin Tom run the barbecue on"
        " the day. Drop the photography line."
    )
    run = await drive(REUNION, {1: said}, start=START)
    parts = sections(run.plan)
    assert "| Children's activities | £150 | its price, £150 (feedback:1) |" in parts["Budget"]
    assert "— not added" not in run.plan
    assert "have cousin" not in parts["Feedback applied"] + parts["Data points"]
    assert "“Tom: run the barbecue on the day”" in parts["Feedback applied"]
    assert "| Event day | Host |" in parts["Schedule"].replace("M6 ", "").replace("| M6", "|")


def test_a_price_charged_for_one_thing_is_that_lines() -> None:
    said = "Sam starts the strip-out on 1 February 2027 and charges £4,800 for labour."
    fb = [Feedback(checkpoint=1, text=said)]
    (line,) = gather("Renovate the kitchen with a £12,000 budget", START, fb).line_caps()
    assert (line.subject, line.scope, line.money and line.money.amount) == ("labour", "price", 4800)


async def test_the_proposal_quoting_the_goal_short_adds_nothing() -> None:
    """The proposal quotes the goal shortened; read back, "30 April" and "must be usable
    again by 30 April…”" were a second deadline risk, a second requirement risk with a stray
    quote mark, and a second Must have."""
    goal = (
        "Plan a kitchen renovation with a builder named Sam and a £12,000 budget; the kitchen"
        " must be usable again by 30 April 2027"
    )
    run = await drive(goal, start=START)
    assert "(proposal)" not in run.plan
    risks = sections(run.plan)["Risk register"]
    assert risks.count("deadline is missed") == 1


async def test_a_goals_day_already_past_is_flagged() -> None:
    """A reunion "on Saturday 15 August 2026" (already past) was planned to an assumed end
    in June, said only in a sentence of the Schedule, with every check passed."""
    run = await drive(
        "Organise a family reunion for 30 people on Saturday 15 August 2026 with a £2,000 budget",
        start=START,
    )
    (check,) = [c for c in run.checks[-1] if c.name == "dates_within_deadline"]
    assert check.status != "pass"
    assert check.message.startswith(
        "Already past, so no deadline: “on Saturday 15 August 2026” (goal)"
    )
    later = await drive(REUNION, start=START)
    (fine,) = [c for c in later.checks[-1] if c.name == "dates_within_deadline"]
    assert fine.status == "pass"


async def test_someone_who_can_no_longer_do_their_part_gives_it_up() -> None:
    """ "Alex cannot do the cake any more, my mum Jean will bake it": Alex kept the cake,
    and Jean, to "bake it", owned nothing; the check passed."""
    said = "Alex cannot do the cake any more, my mum Jean will bake it; the venue costs £120"
    run = await drive(PARTY, {1: said}, start=START)
    parts = sections(run.plan)
    assert "| M4 | Cake and food ordered | Jean |" in parts["Schedule"]
    assert "| Alex |" not in run.plan
    assert (
        "“Alex cannot do the cake any more” — Alex no longer has this part"
        in (parts["Feedback applied"])
    )
    # and the check counts it as read, not "not read, so not checked"
    (check,) = [c for c in run.checks[-1] if c.name == "feedback_reflected"]
    assert check.status == "pass" and "not read" not in check.message, check.message


@pytest.mark.parametrize(
    ("said", "line"),
    [
        ("The product photography costs £350.", "| Product photography | £350 |"),
        ("The wedding photography costs £1,400.", "| Product photography | £1,400 |"),
    ],
)
async def test_a_things_kind_before_it_does_not_make_it_the_budget(said: str, line: str) -> None:
    """ "The product photography costs £350" replaced a shop's £3,500 budget ("product" and
    "wedding" name whole undertakings)."""
    goal = "Launch an online candle shop by 1 March 2027 with a £3,500 budget"
    run = await drive(goal, {1: said}, start=START)
    budget = sections(run.plan)["Budget"]
    assert "Total budget £3,500 (goal)" in budget
    assert line in budget


async def test_a_helpers_due_date_is_no_risk_of_the_plans_deadline() -> None:
    """Each helper's "by <date>" was the plan's top risk: "The 1 March deadline is missed"."""
    said = "Sarah Patel from the running club will recruit the 20 marshals by 1 March."
    run = await drive(
        "Organise a charity 10K on 19 April 2027 for 200 runners", {1: said}, start=START
    )
    assert "The 1 March deadline is missed" not in run.plan


async def test_another_partys_facts_are_no_strength_of_this_one(tmp_path: Path) -> None:
    """Leo's party, grounded in Mia's saved plan, listed "Known from memory: date 14 March"
    and "count 15 kids" among its strengths."""
    vault = Vault(tmp_path / "memory")
    try:
        mia = await drive(PARTY, start=START)
        facts = {"goal": PARTY, "date": "14 March", "count": "15 kids"}
        name = vault.save_plan(run_id="a" * 32, goal=PARTY, plan=mia.plan, facts=facts)
        memory = vault.existing_notes([name])
    finally:
        vault.close()
    leo = "Plan my son Leo's 8th birthday party on 20 June for 12 kids, budget £250"
    run = await drive(leo, start=START, memory=memory)
    swot = sections(run.plan)["SWOT analysis"]
    assert "14 March" not in swot and "15 kids" not in swot


async def test_a_weddings_guests_are_invited_and_who_is_booking_is_read() -> None:
    """A wedding for 80 guests was planned as a ticketed event: "Fewer than 80 guests come
    … Open tickets or replies early", "Audience: 80 guests … Pilot", "Guests added this
    week"; "my fiancé Tom is booking the band" was no one."""
    goal = (
        "Plan our wedding on 12 June 2027 for 80 guests with a £15,000 budget; my fiancé Tom"
        " is booking the band"
    )
    run = await drive(goal, start=START)
    for ticketed in ("Fewer than 80 guests come", "tickets", "Audience:", "Guests added"):
        assert ticketed not in run.plan
    cs = gather(goal, START)
    assert [(m.name, m.role) for m in cs.members] == [("Tom", "books the band")]


@pytest.mark.parametrize("said", ["Tom is going to the shops", "Ana is hoping to help"])
def test_what_someone_is_going_or_hoping_to_do_is_no_part(said: str) -> None:
    assert gather(f"Plan a party on 14 March 2027. {said}.", START).members == []


CAFE_ACCOUNTS = (
    "Get my small café's accounts ready for the tax return due 31 January; my accountant Tom"
    " Reid needs them by 10 January, and his fee is £650"
)


@pytest.mark.parametrize(
    "goal",
    [
        CAFE_ACCOUNTS,
        "File my self-assessment tax return by 31 January",
        "Do the bookkeeping and VAT return for my shop by 7 February",
    ],
)
def test_accounts_and_a_tax_return_are_their_own_kind(goal: str) -> None:
    """The café's accounts had been planned as opening a café: premises, staff, an
    opening day."""
    assert pick(goal).id == "accounts"


@pytest.mark.parametrize("goal", ["Open a café in Leeds by June", "Get a tax-free ISA by April"])
def test_a_cafe_to_open_is_still_one(goal: str) -> None:
    assert pick(goal).id != "accounts"


async def test_a_cafes_accounts_reach_the_accountant_on_the_day_asked() -> None:
    run = await drive(CAFE_ACCOUNTS, start=START)
    parts = sections(run.plan)
    schedule = parts["Schedule"]
    assert "Plan type: accounts and a tax return." in schedule
    assert "the deadline 2027-01-31 (“due 31 January”, goal)" in schedule
    assert "| M4 | Records handed to the accountant | Owner | 2027-01-10 |" in schedule
    assert "the draft accounts and return checked | Tom Reid |" in schedule
    assert "| Accountant's fee | £650 | its price, £650 (goal) |" in parts["Budget"]
    for opening in ("Premises", "fit-out", "opening"):
        assert opening not in run.plan


async def test_movers_who_quoted_are_booked_not_sought() -> None:
    """ "Book removals and the transport for the day; get three quotes" with the movers'
    quote in the goal."""
    run = await drive(
        "Move house from Leeds to Bristol by 31 January, movers quoted £1,800", start=START
    )
    assert "get three quotes" not in run.plan
    assert "Book removals and the transport for the day as quoted" in run.plan
    plain = await drive("Move house from Leeds to Bristol by 31 January", start=START)
    assert "get three quotes" in plain.plan
