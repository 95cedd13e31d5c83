"""Caseload and capacity arithmetic (DOMAIN.md section 10).

This module starts with the two rules of thumb every capacity plan rests on,
in exact arithmetic: individual work at four families in a 7.5-hour day, pro
rata (R-CL-1), and the full cost of a group session, preparation and
follow-up included (R-CL-2). Rounding to whole sessions is a separate, named
step (`whole_sessions`), never done silently.

Examples:
    >>> from parentinfant.caseload import family_sessions_per_week, whole_sessions
    >>> family_sessions_per_week(37.5)
    Fraction(20, 1)
    >>> family_sessions_per_week(30, protected_hours=7.5)
    Fraction(12, 1)
    >>> whole_sessions(family_sessions_per_week(16))
    8
"""

from __future__ import annotations

import enum
import math
from fractions import Fraction

from parentinfant._allocation import (
    AllocationRecord,
    FamilyNeeds,
    Suggestion,
    allocate,
    suggest_allocation,
)
from parentinfant._capacity import (
    Activity,
    CapacityPolicy,
    Commitment,
    GroupWork,
    Number,
    PeriodCapacity,
    Practitioner,
    PractitionerCapacity,
    Team,
    TeamCapacity,
    annual_capacity,
    exact,
    financial_year,
    group_hours_per_week,
    period_capacity,
    practitioner_capacity,
    team_capacity,
)
from parentinfant._planning import (
    Demand,
    FundingCalendar,
    MaturityRamp,
    Scenario,
    ScenarioOutcome,
    compare_scenarios,
    funding_calendar,
    team_model,
    waiting_since,
)
from parentinfant._validate import parse_enum
from parentinfant.errors import InvalidPolicy

__all__ = [
    "Activity",
    "AllocationRecord",
    "CapacityPolicy",
    "Commitment",
    "Demand",
    "FamilyNeeds",
    "FundingCalendar",
    "GroupWork",
    "MaturityRamp",
    "PeriodCapacity",
    "Practitioner",
    "PractitionerCapacity",
    "Rounding",
    "Scenario",
    "ScenarioOutcome",
    "Suggestion",
    "Team",
    "TeamCapacity",
    "allocate",
    "annual_capacity",
    "compare_scenarios",
    "family_sessions_per_week",
    "financial_year",
    "funding_calendar",
    "group_hours_per_week",
    "group_session_hours",
    "period_capacity",
    "practitioner_capacity",
    "suggest_allocation",
    "team_capacity",
    "team_model",
    "waiting_since",
    "whole_sessions",
]


def family_sessions_per_week(
    contracted_hours: Number,
    *,
    protected_hours: Number = 0,
    day_hours: Number = Fraction(15, 2),
    families_per_day: Number = 4,
) -> Fraction:
    """Individual family sessions a practitioner can offer in a week (R-CL-1).

    The rule of thumb is four families in a 7.5-hour working day, pro rata. It
    already allows for routine team meetings, supervision and training
    (R-TM-1), so ``protected_hours`` is only time taken out for *other*
    duties: running groups, consultation, management, training others. Do not
    put routine meetings in it, or they are subtracted twice.

    Args:
        contracted_hours: Contracted hours a week, 0 to 168.
        protected_hours: Hours a week taken out for other duties, at most
            ``contracted_hours``.
        day_hours: The length of a working day (default 7.5).
        families_per_day: Families seen in a full day (default 4).

    Returns:
        The exact number of sessions, as a ``Fraction``; round it with
        `whole_sessions`.

    Raises:
        InvalidPolicy: When a value is out of range or not a number.

    Examples:
        >>> family_sessions_per_week(22.5)
        Fraction(12, 1)
        >>> family_sessions_per_week(37.5, protected_hours=7.5)
        Fraction(16, 1)
        >>> family_sessions_per_week(20)
        Fraction(32, 3)
        >>> family_sessions_per_week(10, protected_hours=12)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: protected_hours must be between 0 and contracted_hours (10) (R-CL-1), got 12
    """
    contracted = exact("contracted_hours", contracted_hours, "R-CL-1")
    protected = exact("protected_hours", protected_hours, "R-CL-1")
    day = exact("day_hours", day_hours, "R-CL-1")
    per_day = exact("families_per_day", families_per_day, "R-CL-1")
    if not 0 <= contracted <= 168:
        raise InvalidPolicy(
            "contracted_hours", "must be between 0 and 168", contracted_hours, rule="R-CL-1"
        )
    if not 0 <= protected <= contracted:
        raise InvalidPolicy(
            "protected_hours",
            f"must be between 0 and contracted_hours ({contracted_hours})",
            protected_hours,
            rule="R-CL-1",
        )
    if not 0 < day <= 24:
        raise InvalidPolicy(
            "day_hours", "must be more than 0 and at most 24", day_hours, rule="R-CL-1"
        )
    if per_day < 0:
        raise InvalidPolicy(
            "families_per_day", "must be at least 0", families_per_day, rule="R-CL-1"
        )
    return (contracted - protected) / day * per_day


def group_session_hours(
    duration_hours: Number = 2,
    *,
    experienced: bool = True,
    preparation_hours: Number = 1,
    follow_up_hours: Number = 1,
    new_facilitator_multiplier: Number = 2,
) -> Fraction:
    """Practitioner hours one group session costs, preparation and follow-up included (R-CL-2).

    A 2-hour group needs at least an hour of preparation and an hour of
    follow-up from an experienced facilitator, so it costs 4 hours. A
    facilitator new to the intervention needs considerably more: the
    preparation and follow-up are multiplied by ``new_facilitator_multiplier``.
    The default multiplier of 2 is this project's placeholder for "considerably
    more"; a team should set its own.

    Args:
        duration_hours: The length of the session itself.
        experienced: Whether the facilitator has run this intervention before.
        preparation_hours: Preparation for an experienced facilitator.
        follow_up_hours: Follow-up (notes, debrief) for an experienced facilitator.
        new_facilitator_multiplier: How much longer preparation and follow-up
            take someone new to the intervention; at least 1.

    Returns:
        Hours, exact.

    Raises:
        InvalidPolicy: When a value is negative or the multiplier is below 1.

    Examples:
        >>> group_session_hours()
        Fraction(4, 1)
        >>> group_session_hours(experienced=False)
        Fraction(6, 1)
        >>> group_session_hours(1.5, experienced=False, new_facilitator_multiplier=3)
        Fraction(15, 2)
    """
    duration = exact("duration_hours", duration_hours, "R-CL-2")
    preparation = exact("preparation_hours", preparation_hours, "R-CL-2")
    follow_up = exact("follow_up_hours", follow_up_hours, "R-CL-2")
    multiplier = exact("new_facilitator_multiplier", new_facilitator_multiplier, "R-CL-2")
    for field, value, given in (
        ("duration_hours", duration, duration_hours),
        ("preparation_hours", preparation, preparation_hours),
        ("follow_up_hours", follow_up, follow_up_hours),
    ):
        if value < 0:
            raise InvalidPolicy(field, "must be at least 0", given, rule="R-CL-2")
    if multiplier < 1:
        raise InvalidPolicy(
            "new_facilitator_multiplier",
            "must be at least 1",
            new_facilitator_multiplier,
            rule="R-CL-2",
        )
    around = preparation + follow_up
    return duration + (around if experienced else around * multiplier)


class Rounding(enum.Enum):
    """How to turn a fractional capacity into whole sessions.

    Examples:
        >>> Rounding("down")
        <Rounding.DOWN: 'down'>
    """

    DOWN = "down"
    NEAREST = "nearest"
    UP = "up"


def whole_sessions(sessions: Fraction, rounding: Rounding | str = Rounding.DOWN) -> int:
    """Round a capacity to whole sessions, the rounding named (default: down, never promise more).

    ``"nearest"`` rounds halves up (10.5 -> 11), as people expect, not to even.

    Examples:
        >>> from fractions import Fraction
        >>> s = Fraction(32, 3)
        >>> whole_sessions(s), whole_sessions(s, "nearest"), whole_sessions(s, Rounding.UP)
        (10, 11, 11)
        >>> whole_sessions(Fraction(21, 2), "nearest")
        11
    """
    how = parse_enum(Rounding, rounding, "rounding", InvalidPolicy, "R-CL-1")
    if how is Rounding.DOWN:
        return math.floor(sessions)
    if how is Rounding.UP:
        return math.ceil(sessions)
    return math.floor(sessions + Fraction(1, 2))
