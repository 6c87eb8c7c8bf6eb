"""What a plan says of its goal, checked on whole runs of the offline planner (found as a
user, planning "Open a second bakery in Porto near the river" with a supplier's price in
memory)."""

from __future__ import annotations

import math
import re
from datetime import date

from planloop.checks import sections
from planloop.planners.base import MemoryNote
from tests.planners.test_memory_plans import _run
from tests.quality.drive import drive

GOAL = "Open a second bakery in Porto near the river"
SUPPLIER = MemoryNote(
    name="porto_bakery_supplier",
    text="# Porto bakery supplier\n\nMoinho do Porto sells bakery flour at EUR 0.62/kg, "
    "delivery on Tuesdays.\n",
)


async def test_a_plan_is_about_its_subject_not_its_qualifiers() -> None:
    """ "second" says which bakery, not what the plan is about: it was the plan's first
    term ("set a target for “second”", "Momentum around “second”")."""
    plan, _ = await _run(GOAL, [])
    assert "“second”" not in plan
    assert "centred on “bakery”, “porto”" in plan


async def test_the_smart_statement_assumes_the_schedules_own_length() -> None:
    """With no deadline the plan's schedule assumes its own end; the SMART statement said
    "Within twelve weeks (assumed)" beside a 26-week schedule."""
    plan, _ = await _run(GOAL, [])
    start, end = re.search(r"(\d{4}-\d\d-\d\d) → (\d{4}-\d\d-\d\d) \(no deadline", plan).groups()  # type: ignore[union-attr]
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    weeks = re.search(r"\*\*SMART statement:\*\* Within (\d+) weeks \(assumed\)", plan)
    assert weeks is not None, plan[plan.index("SMART statement") - 10 :][:200]
    assert int(weeks.group(1)) == math.ceil(days / 7)
    assert "twelve weeks" not in plan


async def test_a_suppliers_price_in_memory_is_a_known_price_not_a_cap() -> None:
    plan, points = await _run(GOAL, [SUPPLIER])
    assert "Budget cap per unit" not in plan and "spending cap" not in plan
    assert any(p.value == "EUR 0.62" and p.source == "memory:porto_bakery_supplier" for p in points)


MIGRATION = "Migrate our billing service from MySQL to PostgreSQL by March with 3 engineers"


async def test_a_migration_is_about_what_moves_and_its_steps_fall_on_its_milestones() -> None:
    """Found as a user: the plan was "centred on “migrate”", and wave 1 was "migrated by"
    2027-01-20 in its table but 2027-01-14 in the milestones. A database's move has steps,
    not waves (a page trial's), each on its milestone's day."""
    plan, _ = await _run(MIGRATION, [])
    assert "“migrate”" not in plan and "centred on “billing”, “service”" in plan
    # the goal says when: its words keep their place, the date beside them (it said "By
    # 2027-03-31, migrate … by March")
    assert (
        "**SMART statement:** Migrate our billing service from MySQL to PostgreSQL by March "
        "(2027-03-31) with 3 engineers." in plan
    )
    milestones = dict(
        re.findall(r"^\| M(\d) \| [^|]+ \| [^|]+ \| (\d{4}-\d\d-\d\d) \|$", plan, re.M)
    )
    steps = re.findall(r"^\| \d \| [^|]+ \| [^|]+ \| (\d{4}-\d\d-\d\d) \|", plan, re.M)
    assert steps == [milestones[m] for m in "2345"]
    assert "Wave 1" not in plan and "behind a switch" not in plan


STUDY = "Pass the AWS Solutions Architect exam in 10 weeks studying 6 hours a week"


async def test_a_learner_is_the_team_and_sits_the_exam_on_its_day() -> None:
    """Found as a user: the learner stood in the stakeholder map twice, the plan asked "Who
    does the work?" and listed "no team named", and week 10 (from 5 February) held the
    final exam that the milestones put on 12 February."""
    plan, _ = await _run(STUDY, [])
    stakeholders = plan[plan.index("## Stakeholder map") :].split("\n## ")[0]
    assert stakeholders.count("| Learner |") == 1
    assert "Who does the work" not in plan and "no team named" not in plan
    assert "| 10 | 2027-02-05 | 6 | Mock exam under real conditions |" in plan
    assert "| Exam | 2027-02-12 | — | Final exam or goal check | — |" in plan
    assert "| M5 | Exam or goal date | Learner | 2027-02-12 |" in plan
    assert "“pass”" not in plan


async def test_a_growth_goal_counts_from_where_it_starts_and_tries_to_win_people() -> None:
    """Found as a user: "Grow our newsletter from 2,000 to 10,000 subscribers by June" paced
    ≈333 a week (10,000 over 30 weeks, as if it started at none) and tried churn
    experiments ("outreach to at-risk accounts") on a goal to win subscribers."""
    plan, _ = await _run("Grow our newsletter from 2,000 to 10,000 subscribers by June", [])
    assert "| Subscribers so far | from 2,000 to 10,000 subscribers | goal |" in plan
    assert "| Subscribers added this week | ≈266 a week | derived |" in plan  # 8,000 / 30
    assert "A referral offer" in plan and "at-risk" not in plan
    churn, _ = await _run("Reduce churn of our app from 8% to 5% by June", [])
    assert "Plan type: a launch or growth target." in churn  # not a software release
    assert "Personal outreach to at-risk accounts" in churn and "referral offer" not in churn
    # one measure from its start to its target, not "Change in ... vs baseline" twice
    assert "| Churn app | from 8% to 5% | goal | weekly | lagging |" in churn
    assert "vs baseline" not in churn


async def test_a_release_plans_its_budget_and_demos_increments_on_their_milestones() -> None:
    """Found as a user: "Ship the MVP of our booking app by April with 2 developers and
    $30,000" said "No total budget stated", and increment 1 was "done by" 2027-01-21 while
    the milestone "First increment demoed" was 2027-01-24."""
    plan, _ = await _run(
        "Ship the MVP of our booking app by April with 2 developers and $30,000", []
    )
    assert "Total budget $30,000 (goal)" in plan and "No total budget stated" not in plan
    milestones = dict(re.findall(r"\| M\d \| ([^|]+?) \| [^|]+ \| (\d{4}-\d\d-\d\d) \|", plan))
    done = re.findall(r"\| (\d) \| [^|]+ \| (\d{4}-\d\d-\d\d) \| Product lead \|", plan)
    assert [d for _, d in done] == [
        milestones["First increment demoed"],
        milestones["Feature complete; testing begins"],
        milestones["Beta with real users; fixes"],
    ]


async def test_a_meetup_is_about_the_meetup_and_its_budget_reads_as_written() -> None:
    """Found as a user: "Organise a 200-person product meetup in Berlin … with a €12,000
    budget" was "centred on “person”" and its budget constraint read "a €12,000"."""
    goal = "Organise a 200-person product meetup in Berlin on 20 May 2027 with a €12,000 budget"
    plan, _ = await _run(goal, [])
    assert "“person”" not in plan and "centred on “product”, “meetup”, “berlin”" in plan
    assert "| Budget (total) | €12,000 budget | goal |" in plan


async def test_an_openings_workstreams_are_done_by_the_milestones_that_name_them() -> None:
    """Found as a user: "Open a pottery studio in Leeds in 9 months with £50k" had Staff done
    by the suppliers' milestone and Supply by the staff's (the table took milestones by
    position), and the launch by the soft opening."""
    plan, _ = await _run("Open a pottery studio in Leeds in 9 months with £50k", [])
    milestones = dict(re.findall(r"\| M\d \| ([^|]+?) \| [^|]+ \| (\d{4}-\d\d-\d\d) \|", plan))
    streams = dict(re.findall(r"\| (Supply|Staff|Launch) \| [^|]+ \| (\d{4}-\d\d-\d\d) \|", plan))
    assert streams == {
        "Supply": milestones["Suppliers contracted and first stock ordered"],
        "Staff": milestones["Staff hired and trained"],
        "Launch": milestones["Public opening"],
    }


async def test_the_raci_names_the_plans_own_people() -> None:
    """The RACI said "Goal owner" and "delivery team" in every plan: a race's director and
    crew, a migration's tech lead and engineers; a learner owns and does their own work."""
    race, _ = await _run("Organise a charity 5k run for 300 runners in Bristol in June", [])
    table = sections(race)["RACI matrix"]
    assert "| Activity | Race director | Delivery (Race crew) | Volunteer lead | Reviewer |" in (
        table
    )
    assert "| M4 Marshals, first aid and water stations confirmed | A | I | R | I |" in table
    assert "delivery team" not in table.lower()
    exam, _ = await _run("Pass the AWS Solutions Architect exam in March", [])
    table = sections(exam)["RACI matrix"]
    assert "| Activity | Learner (owner and doer) | Reviewer |" in table
    assert "| M4 Mock exam or practice test | A, R | I |" in table
    assert "| Checkpoint reviews | A | R |" in table
    assert "budget holder" not in table
    moving, _ = await _run(
        "Migrate our billing service to PostgreSQL by March with 3 engineers", []
    )
    table = sections(moving)["RACI matrix"]
    assert "| Activity | Tech lead | Delivery (3 engineers) | Reviewer |" in table


async def test_a_remembered_budget_is_a_strength_once() -> None:
    """An earlier plan's budget came back as two strengths, "constraint budget of EUR
    60,000" and "budget EUR 60,000": the same figure, said twice."""
    first = MemoryNote(
        name="plan_open_a_bakery_in_porto",
        text="# Open a bakery in Porto by June\n\nThe plan had a budget of EUR 60,000.\n",
    )
    plan, _ = await _run(GOAL, [first])
    strengths = sections(plan)["SWOT analysis"].split("**Weaknesses**")[0]
    assert strengths.count("EUR 60,000") == 1, strengths
    assert "Known from memory: budget EUR 60,000 (memory:plan_open_a_bakery_in_porto)" in strengths


async def test_opportunities_are_the_familys_not_the_goals_words() -> None:
    """Every SWOT said "Momentum around “charity”", "Momentum around “runners”": the goal's
    own words, not an opportunity. A family's usual ones now, none the plan rules out."""
    goal = "Organise a charity 5k run for 300 runners in Bristol in June"
    plan, _ = await _run(goal, [])
    swot = sections(plan)["SWOT analysis"]
    assert "- Local running clubs and the charity's supporters as entrants" in swot
    assert "- Sponsors who pay for the race kit in return for their name on it" in swot
    assert "Momentum around" not in swot
    plan, _ = await _run(f"{goal}, no sponsors", [])
    swot = sections(plan)["SWOT analysis"]
    assert "Local running clubs" in swot and "Sponsors who pay" not in swot
    plan, _ = await _run("Tidy up the shared drive and archive old files", [])
    assert "Momentum around" in sections(plan)["SWOT analysis"]  # a general goal: its words


async def test_could_haves_are_the_familys_not_the_goals_words() -> None:
    """MoSCoW's Could haves were "Extras around “charity” that do not move the schedule"."""
    goal = "Organise a charity 5k run for 300 runners in Bristol in June"
    plan, _ = await _run(goal, [])
    moscow = sections(plan)["MoSCoW priorities"]
    assert "- A children's fun run before the main race" in moscow
    assert "Extras around" not in moscow
    plan, _ = await _run(f"{goal}, no photographs", [])
    moscow = sections(plan)["MoSCoW priorities"]
    assert "fun run" in moscow and "Finisher photographs" not in moscow


async def test_a_day_is_planned_for_its_numbers_not_baselined() -> None:
    """A race's work breakdown said "record today's value of runners": a day's numbers are
    what it is planned for, not a baseline to measure."""
    plan, _ = await _run("Organise a charity 5k run for 300 runners in Bristol in June", [])
    work = sections(plan)["Work breakdown"]
    assert "and the numbers it is planned for: 300 runners." in work
    assert "today's value" not in work
    plan, _ = await _run("Grow our newsletter from 2,000 to 10,000 subscribers by June", [])
    assert "record today's value of subscribers" in sections(plan)["Work breakdown"]


async def test_no_measure_named_is_no_baseline_of_the_goals_words() -> None:
    """Found as a user: "Plan a community garden opening in May" was told to "record
    today's value of “community”, “garden”": words of the goal, not measures."""
    plan, _ = await _run("Plan a community garden opening in May with a budget of $2,000", [])
    work = sections(plan)["Work breakdown"]
    assert "and record where things stand today." in work
    assert "today's value of “" not in work


async def test_each_kind_of_goal_names_the_risk_it_is_known_for() -> None:
    """A race's only risks were its scope and its budget: the permit that comes late is
    what stops a race. Not when the plan rules it out ("no road closures": a park)."""
    goal = "Organise a charity 5k run for 300 runners in Bristol in June"
    plan, _ = await _run(goal, [])
    risks = sections(plan)["Risk register"]
    assert (
        "| R1 | The race permit or road closures are refused or come late |"
        " plan type: a race to organise | Medium | High |"
    ) in risks
    assert "| Race director |" in risks and "Goal owner" not in risks
    plan, _ = await _run(f"{goal}, no road closures", [])
    assert "race permit" not in sections(plan)["Risk register"]


async def test_a_familys_own_money_and_helpers_are_not_an_organisations() -> None:
    """A birthday party's budget risk was owned by "Goal owner with finance", and Grandma
    baking the cake was "1 x 11 weeks = 11 person-weeks"."""
    goal = "Plan my daughter's 8th birthday party for 15 kids on a $400 budget"
    plan, _ = await _run(f"{goal}. Grandma bakes the cake.", [])
    risks = sections(plan)["Risk register"]
    assert "| Spending overruns the $400 budget |" in risks
    assert "finance" not in risks
    assert "person-weeks" not in plan
    assert "People: Host with Grandma, over" in plan


async def test_a_time_frame_is_not_a_deadline_moved() -> None:
    """Found as a user: "within 6 months" and "in 10 weeks" were listed as "deadline moved
    by", although nothing had moved; "postpone it by two weeks" still is."""
    within = await drive("Open a bakery in Lisbon with a budget of $40,000 within 6 months", {})
    points = sections(within.plan)["Data points"]
    assert "| timeline | 6 months | goal |" in points and "moved" not in points
    moved = await drive(
        "Open a bakery in Lisbon with a budget of $40,000 by 30 June 2027",
        {1: "Postpone it by two weeks"},
    )
    assert "| deadline moved by | two weeks | feedback:1 |" in sections(moved.plan)["Data points"]


async def test_the_time_given_is_not_a_work_package() -> None:
    """Found as a user: "… in 16 weeks, 4 hours a week" gave the work package "3.2 4 hours a
    week"."""
    run = await drive(
        "Learn conversational Italian for a trip to Rome in 16 weeks, 4 hours a week", {}
    )
    breakdown = sections(run.plan)["Work breakdown"]
    assert "3.1 First half of the material covered; review 1 — Learner, by" in breakdown
    assert "hours a week" not in breakdown


async def test_a_moved_day_is_said_as_a_day_and_a_month_still_right_is_kept() -> None:
    """Found as a user: "before our move to Valencia in 1 September 2027" after the move
    was brought forward, and "a holiday to Japan in 17 April 2027" for a trip from 3 to 17
    April; an exam asked for "I'd also like to sit …" became a task named "Like", and
    the exam's fee ("it costs about €150") the whole budget."""
    moved = await drive(
        "Learn conversational Spanish to B1 before our move to Valencia in October 2027,"
        " 5 hours a week",
        {
            1: "The move got brought forward to 1 September 2027. I'd also like to sit the"
            " DELE B1 exam before we go; it costs about €150."
        },
    )
    smart = sections(moved.plan)["SMART goal"]
    assert "move to Valencia on 1 September 2027" in smart and " in 1 September" not in smart
    assert "| Sit the DELE B1 exam | Learner |" in moved.plan
    assert "| Like |" not in moved.plan
    assert "Total budget €150" not in moved.plan
    trip = await drive(
        "Plan a two-week family holiday to Japan in April 2027 for four people, budget $12,000",
        {1: "School holidays mean we can only travel 3 to 17 April 2027."},
    )
    assert "holiday to Japan in April 2027" in sections(trip.plan)["SMART goal"]


async def test_who_the_people_are_is_not_a_work_package() -> None:
    """Found as a user: "…, we both work full time" was "3.1 we both work full time" and
    a Should have."""
    run = await drive("Renovate our kitchen by the end of May 2027, we both work full time", {})
    plan = sections(run.plan)
    assert "work full time" not in plan["Work breakdown"]
    assert "work full time" not in plan["MoSCoW priorities"]


async def test_money_kept_back_is_no_budget_and_a_day_said_again_is_no_change() -> None:
    """Found as a user: "cut the budget to £1,800, I need to keep £700 back for
    emergencies" gave "Spending overruns the £700 budget"; "before Black Friday", the
    goal's own day, was "deadline 2027-11-26, not 2027-11-26"."""
    run = await drive(
        "Launch a small online shop selling handmade candles by Black Friday 2027 with £2,500",
        {
            1: "Cut the budget to £1,800, I need to keep £700 back for emergencies. I want"
            " a soft launch by 1 November 2027 to test before Black Friday."
        },
    )
    assert "| reserve | £700 | feedback:1 |" in sections(run.plan)["Data points"]
    assert "£700 budget" not in run.plan
    first = run.plan.split("\n## ", 1)[0]
    assert "_Changed since the goal: budget £1,800, not £2,500 (checkpoint 1 feedback)._" in first
    assert "not 2027-11-26" not in run.plan


async def test_what_was_read_as_no_constraint_is_said() -> None:
    """Found as a user: "one of the kids is vegetarian" changed nothing in a Japan trip's
    plan, and its Feedback applied did not say so."""
    run = await drive(
        "Plan a two-week family holiday to Japan in April 2027 for four people, budget $12,000",
        {
            1: "Please cut the budget to $10,000, flights must stay under $5,000 for all four"
            " of us, and one of the kids is vegetarian."
        },
    )
    applied = sections(run.plan)["Feedback applied"]
    assert "budget (total) “Please cut the budget to $10,000”" in applied
    assert (
        "- Checkpoint 1: “one of the kids is vegetarian” — no budget, date, person or limit"
        " read in it; kept as direction (Reviewer direction)."
    ) in applied
    assert "“flights must stay under $5,000 for all four of us” — no budget" not in applied


async def test_an_anniversary_is_no_wedding_and_working_full_time_no_work_package() -> None:
    """Found as a user: a party for the parents' 40th wedding anniversary had "give notice
    of marriage" in its countdown; "while working full time" was a work package."""
    party = await drive(
        "Organise my parents' 40th wedding anniversary party for 60 guests on 14 August 2027",
        {},
    )
    assert "notice of marriage" not in party.plan and "rings" not in party.plan
    job = await drive(
        "Find a new job as a data analyst by September 2027 while working full time", {}
    )
    assert "full time" not in sections(job.plan)["Work breakdown"]


async def test_a_food_truck_is_a_trader_at_markets_not_a_markets_organiser() -> None:
    """Found as a user: "Get my food truck licensed and trading at the Leeds summer markets"
    was planned as organising a market (recruit vendors, set stall fees), with no licence
    or hygiene inspection in it."""
    run = await drive(
        "Get my food truck licensed and trading at the Leeds summer markets by 1 June 2027,"
        " budget £18,000",
        {},
    )
    schedule = sections(run.plan)["Schedule"]
    assert "street-trading licence" in schedule and "hygiene inspection passed" in schedule
    assert "Market pitches applied for" in schedule
    assert "Vendors recruited" not in run.plan and "Market manager" not in run.plan
    assert "| Vehicle: purchase or lease |" in sections(run.plan)["Budget"]


async def test_a_goal_that_needs_little_money_is_not_short_of_a_budget() -> None:
    """Found as a user: a half marathon's SWOT said "Missing: no budget stated" and its open
    questions asked for the budget; so did a job search whose courses had £400."""
    half = await drive("Train for the Edinburgh half marathon on 30 May 2027", {})
    assert "no budget stated" not in half.plan and "What is the budget" not in half.plan
    job = await drive(
        "Find a new job as a data analyst by September 2027", {1: "Budget £400 for courses."}
    )
    assert "no budget stated" not in job.plan and "What is the budget" not in job.plan
    party = await drive("Organise a summer party for 40 neighbours in July 2027", {})
    assert "What is the budget" in party.plan  # a party does need money


async def test_how_long_an_event_lasts_is_not_a_timeline_that_slips() -> None:
    """Found as a user: a two-day design sprint had "R1 The two-day timeline slips … if the
    midpoint (week 8) is missed"."""
    run = await drive(
        "Run a two-day product design sprint for our 8-person team in Berlin in March 2027", {}
    )
    assert "timeline slips" not in run.plan
    assert "Plan type: a team offsite or retreat" in run.plan


async def test_where_a_person_starts_from_is_not_what_the_goal_is_measured_by() -> None:
    """Found as a user: a half marathon was "measured by 10 km", the runner's weekly
    distance now ("I currently run 10 km a week")."""
    run = await drive(
        "Train for the Edinburgh half marathon on 30 May 2027, I currently run 10 km a week", {}
    )
    smart = sections(run.plan)["SMART goal"]
    assert "measured by 10 km" not in smart and "| Measurable | km: 10 km" not in smart
    assert "the last (Race day) on 2027-05-30" in smart
    assert "Load starts from 10 km a week (goal)" in run.plan  # still where the load starts
