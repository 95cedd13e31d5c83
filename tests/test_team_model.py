"""The bridge from a capacity `Team` to the simulation's `TeamModel` (R-CL-1, R-CL-6, R-AL-1).

Places are worked by hand from the rule of thumb, four families in a 7.5-hour
day, pro rata (R-CL-1): 37.5 h is 5 days of 4, 20 families seen weekly;
20 h is 20 / 7.5 x 4 = 32/3 = 10 2/3, rounded down to 10 whole places.
Leave is the entitlement in full-time days turned into weeks: a full-time
week is 37.5 / 7.5 = 5 days, so 27 days is 27 / 5 = 5.4 weeks.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given

from parentinfant.caseload import (
    CapacityPolicy,
    Practitioner,
    Team,
    practitioner_capacity,
    team_model,
    waiting_since,
)
from parentinfant.errors import InvalidForecast
from parentinfant.forecast import Arrivals, Episodes, TeamModel
from parentinfant.prioritisation import RiskWeighted
from parentinfant.team import TeamPolicy
from parentinfant.workdays import WorkingCalendar
from strategies import teams

TODAY = dt.date(2026, 11, 30)
ONE_A_WEEK = Arrivals(weekly_rate=1)


def _model(*people: Practitioner, **kwargs: object) -> TeamModel:
    return team_model(
        Team(practitioners=list(people)),
        today=TODAY,
        arrivals=ONE_A_WEEK,
        **kwargs,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- places (R-CL-1)


def test_a_full_time_practitioner_has_twenty_places_R_CL_1() -> None:
    # 37.5 h / 7.5 h a day x 4 families = 20 families seen weekly.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=37.5)).caseloads
    assert caseload.places == 20


def test_places_are_whole_families_rounded_down_R_CL_1() -> None:
    # 20 h / 7.5 x 4 = 32/3 = 10 2/3 families: 10 whole places, not 11.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=20)).caseloads
    assert caseload.places == 10


def test_a_practitioner_with_no_whole_place_is_left_out_R_CL_1() -> None:
    # 1 h / 7.5 x 4 = 8/15 of a family: no whole place, and no families held.
    model = _model(
        Practitioner(name="A", contracted_hours=37.5),
        Practitioner(name="B", contracted_hours=1),
    )
    assert [c.places for c in model.caseloads] == [20]
    assert model.places == 20


def test_a_team_with_no_whole_place_at_all_is_refused_R_CL_1() -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        _model(Practitioner(name="B", contracted_hours=1))
    assert excinfo.value.field == "caseloads"


def test_a_practitioner_over_capacity_keeps_all_their_families_R_CL_1() -> None:
    # 7.5 h is one day: 4 places, but 6 families are held today; none is dropped,
    # so their places are their caseload (6) until families finish.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=7.5, caseload=6)).caseloads
    assert caseload.places == 6
    assert len(caseload.sessions_remaining) == 6
    assert caseload.free_places == 0


def test_a_practitioner_with_no_whole_place_but_families_held_keeps_them_R_CL_1() -> None:
    # 1 h gives 8/15 of a place, rounded down to 0; the 2 families held keep theirs.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=1, caseload=2)).caseloads
    assert caseload.places == 2


# --------------------------------------------------------------------------- families held today


def test_families_held_are_spread_evenly_through_an_average_course_R_CL_6() -> None:
    # Default Episodes: courses of 6 to 12 sessions, mean 9. Three families
    # spread through 9 sessions: 1 + 0*9//3, 1 + 1*9//3, 1 + 2*9//3 = 1, 4, 7.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=37.5, caseload=3)).caseloads
    assert caseload.sessions_remaining == (1, 4, 7)


def test_the_spread_follows_the_episodes_given_R_CL_6() -> None:
    # Courses of exactly 4 sessions; two families: 1 + 0*4//2 = 1, 1 + 1*4//2 = 3.
    (caseload,) = _model(
        Practitioner(name="A", contracted_hours=37.5, caseload=2), episodes=Episodes(sessions=4)
    ).caseloads
    assert caseload.sessions_remaining == (1, 3)


def test_the_episodes_given_are_the_models_R_CL_6() -> None:
    episodes = Episodes(sessions=(8, 8), attendance=0.9)
    model = _model(Practitioner(name="A", contracted_hours=37.5), episodes=episodes)
    assert model.episodes == episodes


def test_sessions_remaining_given_are_used_as_they_are_R_CL_6() -> None:
    model = _model(
        Practitioner(name="A", contracted_hours=37.5, caseload=3),
        Practitioner(name="B", contracted_hours=37.5, caseload=2),
        sessions_remaining={"A": [2, 9, 5]},
    )
    # A's own record, in its order; B has none, so B's two families are spread
    # through the default mean course of 9: 1 + 0*9//2 = 1, 1 + 1*9//2 = 5.
    assert [c.sessions_remaining for c in model.caseloads] == [(2, 9, 5), (1, 5)]
    assert model.held == 5


def test_sessions_remaining_with_the_wrong_count_is_refused_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        _model(
            Practitioner(name="A", contracted_hours=37.5, caseload=3),
            sessions_remaining={"A": [2, 9]},
        )
    assert excinfo.value.field == "sessions_remaining"
    assert "A holds (3)" in str(excinfo.value)


def test_sessions_remaining_for_someone_not_in_the_team_is_refused_R_AL_1() -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        _model(Practitioner(name="A", contracted_hours=37.5), sessions_remaining={"Zoe": []})
    assert excinfo.value.field == "sessions_remaining"
    assert excinfo.value.value == "Zoe"


def test_sessions_remaining_below_one_is_refused_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        _model(
            Practitioner(name="A", contracted_hours=37.5, caseload=1),
            sessions_remaining={"A": [0]},
        )
    assert excinfo.value.field == "sessions_remaining"


# --------------------------------------------------------------------------- leave and calendar


def test_leave_weeks_come_from_the_teams_entitlement_R_CL_1() -> None:
    # 27 days x 7.5 h / 37.5 h = 5.4 weeks, to the nearest whole week: 5.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=37.5)).caseloads
    assert caseload.leave_weeks == 5


def test_leave_weeks_are_the_same_pro_rata_for_part_time_staff_R_CL_1() -> None:
    # 18.75 h: 27 days pro rata is 13.5 full-time days = 101.25 h of leave,
    # over 18.75 h a week = 5.4 weeks, as for a full-timer: 5.
    (caseload,) = _model(Practitioner(name="A", contracted_hours=18.75)).caseloads
    assert caseload.leave_weeks == 5


def test_a_practitioners_own_entitlement_is_used_R_CL_1() -> None:
    # 33 days (ten years' service) x 7.5 / 37.5 = 6.6 weeks, to the nearest: 7.
    (caseload,) = _model(
        Practitioner(name="A", contracted_hours=37.5, annual_leave_days=33)
    ).caseloads
    assert caseload.leave_weeks == 7


def test_half_a_week_of_leave_rounds_up_R_CL_1() -> None:
    # 30 days x 7.5 / 50 h full time = 4.5 weeks: half rounds up, to 5.
    team = Team(
        capacity=CapacityPolicy(full_time_hours=50, annual_leave_days=30),
        practitioners=[Practitioner(name="A", contracted_hours=50)],
    )
    (caseload,) = team_model(team, today=TODAY, arrivals=ONE_A_WEEK).caseloads
    assert caseload.leave_weeks == 5


def test_the_teams_calendar_is_the_models_R_CL_6() -> None:
    closures = [dt.date(2026, 12, 24), dt.date(2026, 12, 31)]
    team = Team(
        policy=TeamPolicy(nation="scotland", closures=closures),
        practitioners=[Practitioner(name="A", contracted_hours=37.5)],
    )
    model = team_model(team, today=TODAY, arrivals=ONE_A_WEEK)
    assert model.calendar == WorkingCalendar("scotland", closures)
    # 2 January is a bank holiday in Scotland, not in England: 2 January 2026
    # is a Friday, so the Scottish calendar does not work it.
    assert not model.calendar.is_working_day(dt.date(2026, 1, 2))
    assert not model.calendar.is_working_day(dt.date(2026, 12, 24))


def test_demand_and_strategy_are_passed_through_R_AL_1() -> None:
    waiting = waiting_since([dt.date(2026, 11, 2)])
    strategy = RiskWeighted()
    model = _model(
        Practitioner(name="A", contracted_hours=37.5),
        acceptance_rate=0.8,
        waiting=waiting,
        strategy=strategy,
    )
    assert model.today == TODAY
    assert model.arrivals == ONE_A_WEEK
    assert model.acceptance_rate == 0.8
    assert model.waiting == waiting
    assert model.strategy is strategy


def test_the_strategy_defaults_to_chronological_R_AL_1() -> None:
    model = _model(Practitioner(name="A", contracted_hours=37.5))
    assert model.strategy.name == "chronological"


# --------------------------------------------------------------------------- waiting_since


def test_waiting_since_numbers_stand_ins_in_the_order_given_R_CL_6() -> None:
    days = [dt.date(2026, 10, 1), dt.date(2026, 9, 14)]
    referrals = waiting_since(days)
    assert [(r.id, r.received) for r in referrals] == [
        ("waiting-1", dt.date(2026, 10, 1)),
        ("waiting-2", dt.date(2026, 9, 14)),
    ]


def test_waiting_stand_ins_have_no_risk_factors_R_CL_6() -> None:
    (referral,) = waiting_since([dt.date(2026, 10, 1)])
    assert referral.risk_factors == ()
    assert referral.triage is None
    assert referral.route.kind.value == "self"


def test_waiting_since_nothing_is_nobody() -> None:
    assert waiting_since([]) == ()


@pytest.mark.parametrize(
    "day", ["2026-10-01", dt.datetime(2026, 10, 1, 9, 0), None], ids=["text", "datetime", "none"]
)
def test_waiting_since_refuses_what_is_not_a_date_R_CL_6(day: object) -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        waiting_since([dt.date(2026, 9, 1), day])  # type: ignore[list-item]
    assert excinfo.value.field == "waiting"
    assert excinfo.value.value == day


# --------------------------------------------------------------------------- properties


@given(teams(max_size=4))
def test_places_and_families_held_add_up_over_practitioners_R_CL_1(team: Team) -> None:
    # Each practitioner: max(whole places, caseload), included when at least 1;
    # every family held by an included practitioner is in the model.
    places = {
        p.name: max(
            math.floor(practitioner_capacity(p, team.capacity).families_at_once), p.caseload
        )
        for p in team.practitioners
    }
    included = [p for p in team.practitioners if places[p.name] >= 1]
    if not included:
        with pytest.raises(InvalidForecast):
            team_model(team, today=TODAY, arrivals=ONE_A_WEEK)
        return
    model = team_model(team, today=TODAY, arrivals=ONE_A_WEEK)
    assert len(model.caseloads) == len(included)
    assert [c.places for c in model.caseloads] == [places[p.name] for p in included]
    assert model.places == sum(places[p.name] for p in included)
    assert model.held == sum(p.caseload for p in included)
    assert all(c.free_places >= 0 for c in model.caseloads)
