"""Growth scenarios, team maturity and the funding calendar (R-CL-5, R-CL-6, R-CL-7).

Expected figures are worked by hand: a full-time (37.5 h) practitioner holds
20 families seen weekly (37.5 / 7.5 x 4), 18.75 h holds 10. Day counts: 1 April
2026 to 1 April 2027 is 365 days (February 2027 has 28 days).
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.caseload import (
    Demand,
    MaturityRamp,
    Practitioner,
    Scenario,
    Team,
    compare_scenarios,
    funding_calendar,
)
from parentinfant.errors import InvalidForecast, InvalidPolicy
from parentinfant.forecast import allen_cunneen_wait, erlang_c_wait, servers_needed

D = dt.date


def _team(*hours: float) -> Team:
    return Team(
        practitioners=[Practitioner(name=f"P{i}", contracted_hours=h) for i, h in enumerate(hours)]
    )


# --------------------------------------------------------------------------- maturity (R-CL-5)


def test_a_new_team_starts_at_its_start_share_R_CL_5() -> None:
    ramp = MaturityRamp(started=D(2026, 4, 1))
    assert ramp.share_on(D(2026, 4, 1)) == Fraction(1, 2)


def test_one_year_in_a_three_year_ramp_is_a_third_of_the_way_R_CL_5() -> None:
    # 365 days of 1095: 1/2 + 1/2 x 1/3 = 2/3.
    assert MaturityRamp(started=D(2026, 4, 1)).share_on(D(2027, 4, 1)) == Fraction(2, 3)


def test_full_stride_after_three_years_and_no_more_R_CL_5() -> None:
    ramp = MaturityRamp(started=D(2026, 4, 1))
    assert ramp.share_on(D(2026, 4, 1) + dt.timedelta(days=1095)) == 1
    assert ramp.share_on(D(2035, 1, 1)) == 1


def test_nothing_is_expected_before_the_team_starts_R_CL_5() -> None:
    assert MaturityRamp(started=D(2026, 4, 1)).share_on(D(2026, 3, 31)) == 0


def test_the_ramp_scales_expected_output_R_CL_5() -> None:
    # 90 families at full stride, a quarter-share start, two years to full, one year in:
    # 1/4 + 3/4 x 1/2 = 5/8; 90 x 5/8 = 225/4.
    ramp = MaturityRamp(started=D(2026, 4, 1), start_share=0.25, years_to_full=2)
    assert ramp.scale(90, D(2027, 4, 1)) == Fraction(225, 4)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_share": 1.5}, "start_share"),
        ({"start_share": -0.1}, "start_share"),
        ({"years_to_full": 0}, "years_to_full"),
        ({"years_to_full": True}, "years_to_full"),
        ({"started": dt.datetime(2026, 4, 1)}, "started"),
    ],
)
def test_bad_ramps_are_refused_naming_the_field_R_CL_5(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        MaturityRamp(**{"started": D(2026, 4, 1), **fields})  # type: ignore[arg-type]
    assert excinfo.value.field == field
    assert "R-CL-5" in str(excinfo.value)


@given(
    st.dates(D(2020, 1, 1), D(2035, 1, 1)),
    st.dates(D(2020, 1, 1), D(2035, 1, 1)),
    st.fractions(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=10),
)
def test_expected_output_never_falls_as_a_team_matures_R_CL_5(
    a: dt.date, b: dt.date, start: Fraction, years: int
) -> None:
    ramp = MaturityRamp(started=D(2026, 4, 1), start_share=start, years_to_full=years)
    early, late = sorted((a, b))
    assert 0 <= ramp.share_on(early) <= ramp.share_on(late) <= 1


# --------------------------------------------------------------------------- funding (R-CL-7)


def test_the_funding_calendar_for_2027_28_R_CL_7() -> None:
    cal = funding_calendar(2027)
    assert cal.label == "2027-28"
    assert (cal.year_start, cal.year_end) == (D(2027, 4, 1), D(2028, 3, 31))
    assert (cal.proposals_from, cal.proposals_by) == (D(2026, 6, 1), D(2026, 8, 31))
    assert (cal.budget_setting_from, cal.budget_setting_to) == (D(2026, 9, 1), D(2026, 10, 31))


def test_milestones_are_in_date_order_R_CL_7() -> None:
    days = [d for d, _ in funding_calendar(2030).milestones()]
    assert days == sorted(days)
    assert len(days) == 5


def test_next_milestone_during_budget_setting_is_its_end_R_CL_7() -> None:
    assert funding_calendar(2027).next_milestone(D(2026, 9, 15)) == (
        D(2026, 10, 31),
        "budget setting for 2027-28 ends",
    )


def test_no_milestone_after_the_year_ends_R_CL_7() -> None:
    assert funding_calendar(2027).next_milestone(D(2028, 4, 1)) is None


@pytest.mark.parametrize("bad", [1899, 2201, True, "2027"])
def test_bad_financial_years_are_refused_R_CL_7(bad: object) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        funding_calendar(bad)  # type: ignore[arg-type]
    assert excinfo.value.field == "year"


# --------------------------------------------------------------------------- growth (R-CL-6)


def test_places_are_the_families_the_team_holds_rounded_down_R_CL_6() -> None:
    # 37.5 h: 20; 20 h: 20 / 7.5 x 4 = 10 2/3 -> 30 2/3 in all, 30 whole places.
    (outcome,) = compare_scenarios(
        [
            Scenario(
                name="as is",
                team=_team(37.5, 20),
                demand=Demand(referrals_per_week=1, mean_episode_weeks=12),
            )
        ]
    )
    assert outcome.places == 30
    assert outcome.practitioners == 2
    assert outcome.contracted_hours == Fraction(115, 2)


def test_the_wait_is_erlang_c_for_exponential_episodes_R_CL_6() -> None:
    demand = Demand(referrals_per_week=2, acceptance_rate=0.9, mean_episode_weeks=16)
    (outcome,) = compare_scenarios(
        [Scenario(name="as is", team=_team(18.75, 18.75, 18.75), demand=demand)]
    )
    assert outcome.forecast == erlang_c_wait(1.8, 1 / 16, 30)


def test_the_wait_is_allen_cunneen_for_fixed_courses_R_CL_6() -> None:
    demand = Demand(
        referrals_per_week=2, acceptance_rate=0.9, mean_episode_weeks=16, episode_cv=0.3
    )
    (outcome,) = compare_scenarios(
        [Scenario(name="as is", team=_team(18.75, 18.75, 18.75), demand=demand)]
    )
    assert outcome.forecast == allen_cunneen_wait(1.8, 1 / 16, 30, service_cv=0.3)
    assert outcome.places_needed == servers_needed(
        1.8, 1 / 16, within=8, share=0.9, service_cv=0.3
    )


def test_extra_staff_is_the_shortfall_in_full_time_practitioners_rounded_up_R_CL_6() -> None:
    # 2.5 a week accepted x 16 weeks = 40 places of load; one 37.5 h practitioner holds 20.
    demand = Demand(referrals_per_week=2.5, mean_episode_weeks=16)
    (outcome,) = compare_scenarios([Scenario(name="as is", team=_team(37.5), demand=demand)])
    assert outcome.forecast is not None
    assert not outcome.forecast.stable
    needed = servers_needed(2.5, 1 / 16, within=8, share=0.9)
    assert outcome.places_needed == needed
    assert outcome.extra_full_time_needed == math.ceil((needed - 20) / 20)


def test_a_team_with_no_place_has_no_forecast_but_still_a_need_R_CL_6() -> None:
    (outcome,) = compare_scenarios(
        [
            Scenario(
                name="new",
                team=_team(1),
                demand=Demand(referrals_per_week=1, mean_episode_weeks=8),
            )
        ]
    )
    assert outcome.places == 0
    assert outcome.forecast is None
    assert outcome.extra_full_time_needed >= 1


def test_scenarios_come_back_side_by_side_in_order_R_CL_6() -> None:
    as_is = Scenario(
        name="as is",
        team=_team(37.5, 37.5),
        demand=Demand(referrals_per_week=2, mean_episode_weeks=16),
    )
    keyworker = attrs.evolve(
        as_is,
        name="add a keyworker",
        team=as_is.team.with_practitioner(
            Practitioner(name="K", role="keyworker", contracted_hours=37.5)
        ),
    )
    outcomes = compare_scenarios([as_is, keyworker])
    assert [o.name for o in outcomes] == ["as is", "add a keyworker"]
    assert [o.places for o in outcomes] == [40, 60]
    assert outcomes[1].forecast is not None
    assert outcomes[0].forecast is not None
    assert outcomes[1].forecast.mean_wait <= outcomes[0].forecast.mean_wait


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"referrals_per_week": 0}, "referrals_per_week"),
        ({"referrals_per_week": float("nan")}, "referrals_per_week"),
        ({"mean_episode_weeks": -1}, "mean_episode_weeks"),
        ({"acceptance_rate": 1.2}, "acceptance_rate"),
        ({"acceptance_rate": True}, "acceptance_rate"),
        ({"episode_cv": -0.5}, "episode_cv"),
        ({"episode_cv": "low"}, "episode_cv"),
    ],
)
def test_bad_demand_is_refused_naming_the_field_R_CL_6(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        Demand(**{"referrals_per_week": 1, "mean_episode_weeks": 12, **fields})  # type: ignore[arg-type]
    assert excinfo.value.field == field


def test_no_scenarios_is_refused_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as excinfo:
        compare_scenarios([])
    assert excinfo.value.field == "scenarios"


@given(
    st.lists(st.integers(min_value=1, max_value=150), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=150),
    st.floats(min_value=0.1, max_value=5),
    st.floats(min_value=2, max_value=40),
)
def test_more_practitioners_never_lengthen_the_forecast_wait_R_CL_6(
    quarters: list[int], extra: int, referrals: float, weeks: float
) -> None:
    hours = [Fraction(q, 4) for q in quarters]
    demand = Demand(referrals_per_week=referrals, mean_episode_weeks=weeks)
    small = Scenario(name="as is", team=_team(*hours), demand=demand)
    large = attrs.evolve(
        small,
        team=small.team.with_practitioner(
            Practitioner(name="new", contracted_hours=Fraction(extra, 4))
        ),
    )
    before, after = compare_scenarios([small, large])
    assert after.places >= before.places
    assert after.places_needed == before.places_needed
    assert after.extra_full_time_needed <= before.extra_full_time_needed
    if before.forecast is not None:
        assert after.forecast is not None
        assert after.forecast.mean_wait <= before.forecast.mean_wait
