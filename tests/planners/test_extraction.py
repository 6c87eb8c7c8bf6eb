from __future__ import annotations

import pytest

from planloop.domain import DataPoint
from planloop.planners.offline.amounts import format_money, parse_money
from planloop.planners.offline.extraction import duration_days, extract_data_points, merge_new
from planloop.terms import clean
from tests import seeds


def _pairs(text: str, source: str = "goal") -> list[tuple[str, str]]:
    return [(p.label, p.value) for p in extract_data_points(text, source)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keep the budget under $50k for the pilot", ("budget", "$50k")),
        ("We can invest €2.5 million in the new line", ("budget", "€2.5 million")),
        ("Reach 10,000 USD in revenue by spring", ("revenue target", "10,000 USD")),
        ("Grow MRR to $20k", ("revenue target", "$20k")),
        ("Charge a price of $9 per month", ("price", "$9")),
    ],
)
def test_money(text: str, expected: tuple[str, str]) -> None:
    assert expected in _pairs(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("grow revenue 15% this year", ("growth target", "15%")),
        ("reduce churn by 20 percent", ("reduction target", "20 percent")),
        ("keep a gross margin of 30%", ("margin", "30%")),
        ("a conversion rate of 3.5%", ("percentage", "3.5%")),
    ],
)
def test_percentages(text: str, expected: tuple[str, str]) -> None:
    assert expected in _pairs(text)


def test_durations_are_timelines() -> None:
    pairs = _pairs("Pilot for 6 weeks, roll out over 3 months, review after 90 days and two years")
    assert [v for label, v in pairs if label == "timeline"] == [
        "6 weeks",
        "3 months",
        "90 days",
        "two years",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ship by 2027-03-01 at the latest", ("deadline", "2027-03-01")),
        ("Launch in March 2027", ("deadline", "March 2027")),
        ("done by Q3 2027", ("deadline", "Q3 2027")),
        ("Kick off on 15 January 2027", ("start date", "15 January 2027")),
        ("Have a draft by Friday", ("deadline", "Friday")),
        ("The fair is on 2026-11-30", ("date", "2026-11-30")),
    ],
)
def test_dates(text: str, expected: tuple[str, str]) -> None:
    assert expected in _pairs(text)


def test_counts_with_nouns_get_human_labels() -> None:
    pairs = _pairs("Win 200 customers with 3 engineers across 5 new stores and 12 workshops")
    assert ("audience", "200 customers") in pairs
    assert ("team size", "3 engineers") in pairs
    assert ("locations", "5 new stores") in pairs
    assert ("count", "12 workshops") in pairs


def test_numbers_that_are_not_counts_are_skipped() -> None:
    pairs = _pairs("In 2027 we double. Spend 6 weeks on it, 3 of them abroad.")
    assert all(label != "count" for label, _ in pairs)
    assert not any("2027 we" in v or "3 of" in v for _, v in pairs)


def test_named_constraints() -> None:
    text = (
        "The app must support offline mode. Do it without hiring new staff, "
        "with no more than 2 vendors and at most 3 meetings a week, at least 90 testers, "
        "under $10k, within 8 weeks; budget of $9,000. Deadline: end of June"
    )
    constraints = [v for label, v in _pairs(text) if label == "constraint"]
    assert constraints == [
        "must support offline mode",
        "without hiring new staff",
        "no more than 2 vendors",
        "at most 3 meetings a week",
        "at least 90 testers",
        "under $10k",
        "within 8 weeks",
        "budget of $9,000",
        "Deadline: end of June",
    ]


def test_constraint_clauses_stop_at_the_next_clause() -> None:
    pairs = _pairs("Open a café within 6 months with a budget of $2M and grow sales")
    constraints = [v for label, v in pairs if label == "constraint"]
    assert constraints == ["within 6 months", "budget of $2M"]


def test_under_needs_a_number() -> None:
    assert all(label != "constraint" for label, _ in _pairs("Work under pressure, under the hood"))


def test_every_point_carries_the_given_source() -> None:
    points = extract_data_points("Hire 2 contractors for $40,000 by Q1 2027", "feedback:3")
    assert points
    assert {p.source for p in points} == {"feedback:3"}


def test_results_follow_the_text_and_are_deduplicated() -> None:
    text = "Budget $5k. Later: budget $5K again. Grow sales 15%, then grow sales 15%."
    assert _pairs(text) == [("budget", "$5k"), ("growth target", "15%")]


def test_merge_new_returns_only_unknown_keys() -> None:
    old = [DataPoint(label="Budget", value="$5K", source="goal")]
    found = [
        DataPoint(label="budget", value="$5k", source="feedback:1"),
        DataPoint(label="team size", value="2 contractors", source="feedback:1"),
        DataPoint(label="Team size", value="2 Contractors", source="feedback:1"),
    ]
    assert merge_new(old, found) == [found[1]]
    assert merge_new([], []) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00",
        "\x00$5\x00k 15%\x00",
        "ünïcødé 🚀 ٣ engineers ３ people \ud800 \u202e 10% \u200b",
        "$" * 4000,
        "1" * 4000,
        "1," * 2000,
        "$1" * 2000,
        "1%" * 2000,
        "must " * 800,
        "no more than " * 300,
        "within " * 570 + "1",
        "Q1" * 2000,
        "March " * 600,
        "9-" * 2000,
        "1 a" * 1333,
    ],
)
def test_junk_and_pathological_input_never_crashes(text: str) -> None:
    points = extract_data_points(text, "goal")
    for p in points:
        assert p.source == "goal"
        assert p.value


def test_random_junk_extracts_only_text_that_is_there() -> None:
    rnd = seeds.rng("junk text")
    alphabet = "0123456789$€%,.-: abcdefghijklmnopqrstuvwxyzQMJ\x00ü\n"
    junk = "".join(rnd.choice(alphabet) for _ in range(4000))
    points = extract_data_points(junk, "goal")
    flat = clean(junk)
    assert all(p.value in flat for p in points if p.label != "constraint")
    assert len(points) <= 6 * 200


def test_money_and_duration_parsers() -> None:
    assert parse_money("$50k") == ("$", 50_000.0)
    assert parse_money("€2.5 million") == ("€", 2_500_000.0)
    assert parse_money("10,000 USD") == ("USD ", 10_000.0)
    assert parse_money("no money") is None
    assert format_money("$", 1234.4) == "$1,234"
    assert duration_days("6 weeks") == 42
    assert duration_days("three months") == 90
    assert duration_days("2-week") == 14
    assert duration_days("soon") is None


def test_a_count_keeps_the_noun_it_is_of() -> None:
    """Found as a user: "40 small-business owners" was "40 small-business"."""
    pairs = _pairs("A workshop for 40 small-business owners and 3 team leaders")
    values = [v for _, v in pairs]
    assert "40 small-business owners" in values and "40 small-business" not in values


def test_an_amount_is_never_its_first_digits() -> None:
    values = [v for _, v in _pairs("A party with a budget of $99999999999999999999")]
    assert values and all("$99999999999999999999" in v for v in values), values


def test_a_weekday_said_with_its_date_is_not_a_date_of_its_own() -> None:
    """Found as a user: "on Saturday 6 March 2027" gave the data points "date | Saturday"
    and "date | 6 March 2027"."""
    assert _pairs("Hold a bake sale on Saturday 6 March 2027") == [("date", "6 March 2027")]
    assert ("deadline", "Friday") in _pairs("Have a draft by Friday")
