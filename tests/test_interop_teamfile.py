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


# --------------------------------------------------------------------------- for forecasts (R-CL-6)


def test_waiting_days_are_read_oldest_first_R_CL_6() -> None:
    plan = team_from_toml("[waiting]\nreceived = [2026-10-02, 2026-09-14, 2026-11-20]")
    assert plan.waiting == (dt.date(2026, 9, 14), dt.date(2026, 10, 2), dt.date(2026, 11, 20))


def test_no_waiting_table_is_nobody_waiting_R_CL_6() -> None:
    assert team_from_toml("").waiting == ()


def test_a_waiting_entry_that_is_not_a_date_is_located_R_CL_6() -> None:
    problems = _problems(
        '[waiting]\nreceived = [2026-09-14, "2026-10-02", 2026-10-03T09:00:00, 2026-11-20]'
    )
    assert [location for location, _ in problems] == [
        "waiting.received[1]",
        "waiting.received[2]",
    ]
    assert "'2026-10-02'" in dict(problems)["waiting.received[1]"]


def test_waiting_received_that_is_not_a_list_is_reported_R_CL_6() -> None:
    assert _problems("[waiting]\nreceived = 2026-09-14") == [
        ("waiting.received", "must be a list of dates")
    ]


def test_an_unknown_key_in_waiting_is_named_with_the_rest_R_CL_6() -> None:
    # The unknown key is named at its key path, and the received days are
    # still checked: every problem at once.
    problems = _problems('[waiting]\nreceived = ["soon"]\nsince = 2026-09-14')
    assert problems == [
        ("waiting.since", "is not a waiting key"),
        ("waiting.received[0]", "must be a date, got 'soon'"),
    ]


def test_waiting_that_is_not_a_table_is_reported_R_CL_6() -> None:
    (problem,) = _problems('waiting = "fourteen"')
    assert problem[0] == "waiting"


def test_episodes_are_read_R_EN_2() -> None:
    plan = team_from_toml(
        "[episodes]\nsessions = [6, 12]\nattendance = 0.8\ndnas_before_discharge = 2"
    )
    assert plan.episodes is not None
    assert plan.episodes.sessions == (6, 12)
    assert plan.episodes.attendance == 0.8
    assert plan.episodes.dnas_before_discharge == 2
    assert plan.episodes.mean_sessions == 9.0  # (6 + 12) / 2


def test_one_number_of_sessions_is_a_fixed_course_R_EN_2() -> None:
    plan = team_from_toml("[episodes]\nsessions = 8")
    assert plan.episodes is not None
    assert plan.episodes.sessions == (8, 8)


def test_no_episodes_table_leaves_the_default_to_the_forecast_R_EN_2() -> None:
    assert team_from_toml("").episodes is None


def test_bad_attendance_is_located_R_EN_2() -> None:
    ((location, message),) = _problems("[episodes]\nattendance = 1.5")
    assert location == "episodes.attendance"
    assert "1.5" in message


def test_sessions_fewest_last_is_located_R_EN_2() -> None:
    ((location, _),) = _problems("[episodes]\nsessions = [12, 6]")
    assert location == "episodes.sessions"


def test_an_unknown_key_in_episodes_is_named_R_EN_2() -> None:
    assert _problems("[episodes]\nlength = 9") == [("episodes.length", "is not an episodes key")]


def test_sessions_remaining_are_read_by_practitioner_R_CL_6() -> None:
    plan = team_from_toml(
        '[[practitioners]]\nname = "A"\ncontracted_hours = 37.5\ncaseload = 3\n'
        "sessions_remaining = [2, 6, 9]\n"
        '[[practitioners]]\nname = "B"\ncontracted_hours = 15\ncaseload = 1\n'
    )
    assert plan.sessions_remaining == {"A": (2, 6, 9)}
    assert [p.caseload for p in plan.team.practitioners] == [3, 1]


def test_sessions_remaining_of_the_wrong_length_is_located_R_CL_6() -> None:
    problems = _problems(
        '[[practitioners]]\nname = "A"\ncontracted_hours = 37.5\ncaseload = 3\n'
        "sessions_remaining = [2, 6]\n"
    )
    assert [location for location, _ in problems] == ["practitioners[0].sessions_remaining"]
    assert "caseload 3" in problems[0][1]


@pytest.mark.parametrize("entries", ["[2, 0]", "[2, -1]", '[2, "six"]', "[2, 1.5]", "7"])
def test_sessions_remaining_that_are_not_positive_whole_numbers_are_located_R_CL_6(
    entries: str,
) -> None:
    problems = _problems(
        '[[practitioners]]\nname = "A"\ncontracted_hours = 37.5\ncaseload = 2\n'
        f"sessions_remaining = {entries}\n"
    )
    assert [location for location, _ in problems] == ["practitioners[0].sessions_remaining"]
    assert "at least 1" in problems[0][1]


def test_the_sample_team_is_ready_to_forecast_R_CL_6() -> None:
    plan = sample_team()
    assert len(plan.waiting) == 14
    assert plan.waiting == tuple(sorted(plan.waiting))
    assert plan.episodes is not None
    assert plan.episodes.sessions == (6, 12)
    assert plan.sessions_remaining == {}
