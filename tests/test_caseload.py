"""Caseload arithmetic: four families in a 7.5-hour day, pro rata (R-CL-1); group costs (R-CL-2).

Expected values by hand: a 7.5-hour day holds 4 families, so an hour holds
4 / 7.5 = 8/15 of a family session, and ``h`` hours hold ``8h/15``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parentinfant.caseload import (
    Rounding,
    family_sessions_per_week,
    group_session_hours,
    whole_sessions,
)
from parentinfant.errors import InvalidPolicy, ParentInfantError

hours = st.fractions(min_value=0, max_value=168, max_denominator=12)
multipliers = st.fractions(min_value=1, max_value=10, max_denominator=12)

# --------------------------------------------------------------------------- R-CL-1 values


def test_full_time_week_is_twenty_sessions_R_CL_1() -> None:
    assert family_sessions_per_week(37.5) == 20


def test_three_day_week_is_twelve_sessions_R_CL_1() -> None:
    assert family_sessions_per_week(22.5) == 12


def test_protected_hours_for_other_duties_reduce_sessions_R_CL_1() -> None:
    assert family_sessions_per_week(37.5, protected_hours=7.5) == 16


def test_one_working_day_is_four_families_R_CL_1() -> None:
    assert family_sessions_per_week(7.5) == 4


def test_no_hours_is_no_sessions_R_CL_1() -> None:
    assert family_sessions_per_week(0) == 0


def test_sessions_are_an_exact_fraction_R_CL_1() -> None:
    result = family_sessions_per_week(20)
    assert type(result) is Fraction
    assert result == Fraction(32, 3)  # 20 * 8/15


def test_float_hours_are_read_as_written_R_CL_1() -> None:
    """0.1 hours is one tenth, not the binary float nearest it: 0.1 * 8/15 = 4/75."""
    assert family_sessions_per_week(0.1) == Fraction(4, 75)


def test_float_protected_hours_are_exact_R_CL_1() -> None:
    """30.1 - 7.6 = 22.5 hours exactly, so 12 sessions; float arithmetic would miss."""
    assert family_sessions_per_week(30.1, protected_hours=7.6) == 12


@pytest.mark.parametrize("given_hours", [Decimal("22.5"), "22.5", "45/2", Fraction(45, 2)])
def test_decimal_and_text_hours_are_exact_R_CL_1(given_hours: Any) -> None:
    assert family_sessions_per_week(given_hours) == 12


def test_day_length_is_team_policy_R_CL_1() -> None:
    """An 8-hour day with 4 families: 40 hours hold 20 sessions."""
    assert family_sessions_per_week(40, day_hours=8) == 20


def test_families_per_day_is_team_policy_R_CL_1() -> None:
    assert family_sessions_per_week(37.5, families_per_day=3) == 15


# --------------------------------------------------------------------------- R-CL-1 properties


@given(contracted=hours, data=st.data())
def test_sessions_are_never_negative_R_CL_1(contracted: Fraction, data: st.DataObject) -> None:
    protected = data.draw(st.fractions(min_value=0, max_value=contracted, max_denominator=12))
    assert family_sessions_per_week(contracted, protected_hours=protected) >= 0


@given(a=hours, b=hours)
def test_more_contracted_hours_never_give_fewer_sessions_R_CL_1(a: Fraction, b: Fraction) -> None:
    low, high = sorted((a, b))
    assert family_sessions_per_week(low) <= family_sessions_per_week(high)


@given(contracted=hours, data=st.data())
def test_more_protected_hours_never_give_more_sessions_R_CL_1(
    contracted: Fraction, data: st.DataObject
) -> None:
    protected = st.fractions(min_value=0, max_value=contracted, max_denominator=12)
    low, high = sorted((data.draw(protected), data.draw(protected)))
    assert family_sessions_per_week(contracted, protected_hours=high) <= family_sessions_per_week(
        contracted, protected_hours=low
    )


@given(
    contracted=st.fractions(min_value=0, max_value=168, max_denominator=12),
    factor=st.fractions(min_value=0, max_value=4, max_denominator=12),
)
def test_part_time_is_pro_rata_R_CL_1(contracted: Fraction, factor: Fraction) -> None:
    assume(contracted * factor <= 168)
    assert family_sessions_per_week(contracted) * factor == family_sessions_per_week(
        contracted * factor
    )


@given(contracted=hours)
def test_sessions_are_eight_fifteenths_of_hours_by_default_R_CL_1(contracted: Fraction) -> None:
    assert family_sessions_per_week(contracted) == contracted * Fraction(8, 15)


# --------------------------------------------------------------------------- R-CL-1 errors


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"contracted_hours": -3}, "contracted_hours"),
        ({"contracted_hours": 168.5}, "contracted_hours"),
        ({"contracted_hours": 10, "protected_hours": 12}, "protected_hours"),
        ({"contracted_hours": 10, "protected_hours": -1}, "protected_hours"),
        ({"contracted_hours": 37.5, "day_hours": 0}, "day_hours"),
        ({"contracted_hours": 37.5, "day_hours": -7.5}, "day_hours"),
        ({"contracted_hours": 37.5, "families_per_day": -1}, "families_per_day"),
        ({"contracted_hours": math.nan}, "contracted_hours"),
        ({"contracted_hours": math.inf}, "contracted_hours"),
        ({"contracted_hours": 37.5, "protected_hours": math.nan}, "protected_hours"),
        ({"contracted_hours": Decimal("NaN")}, "contracted_hours"),
        ({"contracted_hours": Decimal("Infinity")}, "contracted_hours"),
        ({"contracted_hours": "a lot"}, "contracted_hours"),
        ({"contracted_hours": True}, "contracted_hours"),
        ({"contracted_hours": 37.5, "protected_hours": False}, "protected_hours"),
    ],
)
def test_bad_input_is_refused_naming_field_and_rule_R_CL_1(
    kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        family_sessions_per_week(**kwargs)
    assert caught.value.field == field
    assert caught.value.rule == "R-CL-1"
    assert field in str(caught.value)
    assert "R-CL-1" in str(caught.value)


def test_hours_beyond_a_week_are_refused_with_the_limit_in_the_message_R_CL_1() -> None:
    with pytest.raises(InvalidPolicy, match="between 0 and 168"):
        family_sessions_per_week(200)


def test_a_whole_week_of_hours_is_allowed_R_CL_1() -> None:
    assert family_sessions_per_week(168) == Fraction(168 * 8, 15)


def test_protected_hours_equal_to_contracted_leave_no_sessions_R_CL_1() -> None:
    assert family_sessions_per_week(30, protected_hours=30) == 0


def test_caseload_errors_are_value_errors_and_library_errors_R_CL_1() -> None:
    with pytest.raises(ValueError, match="contracted_hours") as caught:
        family_sessions_per_week(-1)
    assert isinstance(caught.value, ParentInfantError)


# --------------------------------------------------------------------------- R-CL-2


def test_two_hour_group_costs_four_hours_for_experienced_facilitators_R_CL_2() -> None:
    assert group_session_hours(2) == 4


def test_group_cost_is_exact_fraction_R_CL_2() -> None:
    assert type(group_session_hours(1.5)) is Fraction
    assert group_session_hours(1.5) == Fraction(7, 2)


def test_new_facilitator_doubles_preparation_and_follow_up_by_default_R_CL_2() -> None:
    """2 hours of session plus (1 + 1) * 2 hours around it."""
    assert group_session_hours(2, experienced=False) == 6


@given(
    multiplier=st.fractions(min_value=1, max_value=10, max_denominator=12).filter(lambda m: m > 1)
)
def test_new_facilitator_needs_more_than_experienced_for_any_multiplier_above_one_R_CL_2(
    multiplier: Fraction,
) -> None:
    new = group_session_hours(2, experienced=False, new_facilitator_multiplier=multiplier)
    assert new > group_session_hours(2)


def test_multiplier_of_one_costs_the_same_as_experienced_R_CL_2() -> None:
    assert group_session_hours(2, experienced=False, new_facilitator_multiplier=1) == 4


@given(multiplier=multipliers)
def test_multiplier_does_not_change_an_experienced_facilitators_cost_R_CL_2(
    multiplier: Fraction,
) -> None:
    assert group_session_hours(2, new_facilitator_multiplier=multiplier) == 4


def test_preparation_and_follow_up_are_team_policy_R_CL_2() -> None:
    assert group_session_hours(2, preparation_hours=1.5, follow_up_hours=0.5) == 4


@pytest.mark.parametrize("multiplier", [0.5, 0, -2, Fraction(99, 100)])
def test_multiplier_below_one_is_refused_R_CL_2(multiplier: Any) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        group_session_hours(2, experienced=False, new_facilitator_multiplier=multiplier)
    assert caught.value.field == "new_facilitator_multiplier"
    assert caught.value.rule == "R-CL-2"


@pytest.mark.parametrize("field", ["duration_hours", "preparation_hours", "follow_up_hours"])
def test_negative_group_hours_are_refused_naming_the_field_R_CL_2(field: str) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        group_session_hours(**{field: -1})
    assert caught.value.field == field
    assert "R-CL-2" in str(caught.value)


def test_non_finite_group_hours_are_refused_R_CL_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        group_session_hours(math.inf)
    assert caught.value.field == "duration_hours"


# --------------------------------------------------------------------------- whole_sessions


@pytest.mark.parametrize(
    ("sessions", "down", "nearest", "up"),
    [
        (Fraction(32, 3), 10, 11, 11),  # 10.67
        (Fraction(41, 4), 10, 10, 11),  # 10.25
        (Fraction(21, 2), 10, 11, 11),  # 10.5: a half rounds up
        (Fraction(25, 2), 12, 13, 13),  # 12.5: up, not to the even 12
        (Fraction(1, 2), 0, 1, 1),
        (Fraction(12), 12, 12, 12),
        (Fraction(0), 0, 0, 0),
    ],
)
def test_whole_sessions_round_as_named(
    sessions: Fraction, down: int, nearest: int, up: int
) -> None:
    assert (
        whole_sessions(sessions, Rounding.DOWN),
        whole_sessions(sessions, Rounding.NEAREST),
        whole_sessions(sessions, Rounding.UP),
    ) == (down, nearest, up)


def test_whole_sessions_round_down_by_default_never_promising_more() -> None:
    assert whole_sessions(Fraction(79, 8)) == 9


@pytest.mark.parametrize("name", ["down", "nearest", "up"])
def test_whole_sessions_accept_rounding_by_name(name: str) -> None:
    assert whole_sessions(Fraction(21, 2), name) == whole_sessions(Fraction(21, 2), Rounding(name))


def test_whole_sessions_are_ints() -> None:
    assert type(whole_sessions(family_sessions_per_week(20), "nearest")) is int


@given(sessions=st.fractions(min_value=0, max_value=200, max_denominator=60))
def test_rounded_sessions_bracket_the_exact_value(sessions: Fraction) -> None:
    down = whole_sessions(sessions, "down")
    nearest = whole_sessions(sessions, "nearest")
    up = whole_sessions(sessions, "up")
    assert down <= sessions <= up
    assert down <= nearest <= up
    assert up - down <= 1
    assert abs(nearest - sessions) <= Fraction(1, 2)
