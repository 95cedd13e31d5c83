"""Team files: a team's policy, capacity assumptions, practitioners and demand in TOML."""

from __future__ import annotations

import datetime as dt
import pathlib
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.caseload import Activity, team_capacity
from parentinfant.errors import InvalidDocument
from parentinfant.interop.teamfile import load_team, sample_team, team_from_toml


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidDocument) as excinfo:
        team_from_toml(text, source="team.toml")
    assert excinfo.value.source == "team.toml"
    return [(p.location, p.message) for p in excinfo.value.problems]


def test_the_sample_team_loads_with_its_demand_and_ramp() -> None:
    plan = sample_team()
    names = [p.name for p in plan.team.practitioners]
    assert names == ["Priya Shah", "Tom Whitfield", "Grace Mensah", "Sam Lee"]
    assert plan.demand is not None
    assert plan.maturity is not None
    assert plan.maturity.started == dt.date(2025, 4, 1)
    assert plan.team.policy.closures == frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 31)})


def test_the_sample_teams_capacity_worked_by_hand_R_CL_1_R_CL_2() -> None:
    # Priya: 37.5 - 3 consultation - 1.5 training - 4 (experienced 2-hour group) = 29 h
    #        -> 29 / 7.5 x 4 = 232/15; supervision is routine and not subtracted.
    # Tom: 30 - 4 management = 26 h -> 208/15. Grace: 22.5 h -> 12. Sam: 18.75 h -> 10.
    capacity = team_capacity(sample_team().team)
    assert [p.family_sessions for p in capacity.practitioners] == [
        Fraction(232, 15),
        Fraction(208, 15),
        Fraction(12),
        Fraction(10),
    ]
    assert capacity.non_clinical_hours == Fraction(9, 2)  # 3 consultation + 1.5 training


def test_weekday_names_are_read() -> None:
    plan = team_from_toml(
        '[[practitioners]]\nname = "A"\ncontracted_hours = 15\nworking_days = ["Tue", "thu"]'
    )
    assert plan.team.practitioners[0].working_days == (1, 3)


def test_commitments_and_groups_are_read_in_order_R_TM_1() -> None:
    plan = team_from_toml(
        """
[[practitioners]]
name = "A"
contracted_hours = 37.5
[[practitioners.commitments]]
activity = "business-meeting"
hours_per_week = 2
beyond_routine = true
[[practitioners.groups]]
intervention = "baby-massage"
sessions_per_week = 0.5
"""
    )
    (person,) = plan.team.practitioners
    assert [c.activity for c in person.commitments] == [Activity.BUSINESS_MEETING]
    assert person.groups[0].sessions_per_week == Fraction(1, 2)


def test_every_problem_is_reported_with_its_key_path() -> None:
    problems = _problems(
        """
colour = "blue"
[team]
nation = "narnia"
[capacity]
day_hours = 0
[demand]
referrals_per_week = -2
mean_episode_weeks = 16
[[practitioners]]
name = "A"
contracted_hours = 200
[[practitioners]]
name = "B"
contracted_hours = 10
working_days = ["funday"]
[[practitioners.commitments]]
activity = "napping"
hours_per_week = 1
[[practitioners]]
contracted_hours = 10
"""
    )
    locations = [location for location, _ in problems]
    assert locations == [
        "colour",
        "team.nation",
        "capacity.day_hours",
        "demand.referrals_per_week",
        "practitioners[0].contracted_hours",
        "practitioners[1].commitments[0].activity",
        "practitioners[1].working_days",
        "practitioners[2].name",
    ]
    messages = dict(problems)
    assert "R-CL-1" in messages["practitioners[0].contracted_hours"]
    assert "200" in messages["practitioners[0].contracted_hours"]
    assert messages["practitioners[2].name"] == "is required"
    assert "'funday'" in messages["practitioners[1].working_days"]


def test_unknown_keys_are_named_not_ignored() -> None:
    problems = _problems(
        '[team]\nname = "T"\nmotto = "x"\n[[practitioners]]\nname = "A"\ncontracted_hours = 1\nhobby = "x"'
    )
    assert problems == [
        ("team.motto", "is not a team key"),
        ("practitioners[0].hobby", "is not a practitioner key"),
    ]


def test_a_name_used_twice_is_reported_R_AL_1() -> None:
    problems = _problems(
        '[[practitioners]]\nname = "A"\ncontracted_hours = 1\n'
        '[[practitioners]]\nname = "A"\ncontracted_hours = 2'
    )
    assert problems == [
        ("practitioners[1].name", "must be unique; also practitioners[0], got 'A'")
    ]


def test_tables_of_the_wrong_shape_are_reported() -> None:
    problems = _problems('team = "x"\npractitioners = 3')
    assert problems == [
        ("team", "must be a table of team settings"),
        ("practitioners", "must be an array of tables ([[practitioners]])"),
    ]


def test_text_that_is_not_toml_is_one_problem() -> None:
    (problem,) = _problems("[team\nname=")
    assert problem[0] == "(document)"


def test_a_missing_file_is_reported(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InvalidDocument) as excinfo:
        load_team(tmp_path / "none.toml")
    assert excinfo.value.problems[0].location == "(file)"


def test_a_file_that_is_not_utf8_is_reported(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "team.toml"
    path.write_bytes(b"[team]\nname = '\xff'")
    with pytest.raises(InvalidDocument) as excinfo:
        load_team(path)
    assert "UTF-8" in excinfo.value.problems[0].message


def test_a_file_loads(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text('[[practitioners]]\nname = "A"\ncontracted_hours = 7.5', encoding="utf-8")
    assert load_team(path).team.practitioners[0].contracted_hours == Fraction(15, 2)


@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_team_or_the_documented_error(text: str) -> None:
    problems: tuple[object, ...] = ("loaded",)
    try:
        team_from_toml(text)
    except InvalidDocument as exc:
        problems = tuple(exc.problems)
    assert problems
