"""Practitioners, their time and the team's capacity (R-TM-1, R-CL-1, R-CL-2, R-CL-3, R-CL-7).

Expected values are worked out by hand in a comment beside each assertion. The
default rule of thumb is four families in a 7.5-hour day (R-CL-1), so an hour
of individual work holds 4 / 7.5 = 8/15 of a family session and a full
7.5-hour day holds 4.

Calendar facts used below (sources: gov.uk/bank-holidays for England and
Wales and for Scotland; a perpetual calendar for weekdays; checked against the
``holidays`` package, which the library reads):

- Financial year 2027-28 runs from Thursday 1 April 2027 to Friday 31 March
  2028: 366 days, because 2028 is a leap year (29 February 2028 falls in it).
  366 days = 52 weeks + 2 days, the two extra days being a Thursday and a
  Friday, so it has 52 x 5 + 2 = 262 weekdays, and 52 each of Mondays,
  Tuesdays and Wednesdays.
- England bank holidays in FY 2027-28: Mon 3 May 2027 (early May), Mon 31 May
  2027 (spring), Mon 30 Aug 2027 (summer), Mon 27 Dec 2027 (substitute for
  Christmas Day on a Saturday), Tue 28 Dec 2027 (substitute for Boxing Day on
  a Sunday), Mon 3 Jan 2028 (substitute for New Year's Day on a Saturday).
  Easter 2027 falls 26-29 March 2027 and Easter 2028 on 14-17 April 2028, both
  outside the year. That is 6 weekday holidays (five Mondays, one Tuesday).
- Scotland bank holidays in FY 2027-28: Mon 3 May 2027, Mon 31 May 2027,
  Mon 2 Aug 2027 (summer, the first Monday of August), Tue 30 Nov 2027
  (St Andrew's Day), Mon 27 Dec 2027 and Tue 28 Dec 2027 (substitutes for
  Christmas and Boxing Day), Mon 3 Jan 2028 and Tue 4 Jan 2028 (substitutes
  for 1 and 2 January, a Saturday and a Sunday). Scotland has no late-August
  holiday and no Easter Monday; Good Friday (26 March 2027, 14 April 2028)
  falls outside the year. That is 8 weekday holidays (five Mondays, three
  Tuesdays).
- Financial year 2028-29 runs from Saturday 1 April 2028 to Saturday 31 March
  2029: 365 days = 52 weeks + 1 day (a Saturday), so 52 x 5 = 260 weekdays.
  England bank holidays in it: Good Friday 14 Apr 2028, Easter Monday 17 Apr
  2028, Mon 1 May, Mon 29 May, Mon 28 Aug, Mon 25 Dec and Tue 26 Dec 2028,
  Mon 1 Jan 2029, and Good Friday 30 Mar 2029 (Easter Sunday 2029 is 1 April):
  9 weekday holidays, so 260 - 9 = 251 working days.
- April 2027 starts on a Thursday, May 2027 on a Saturday, June 2027 on a
  Tuesday, December 2027 on a Wednesday (so 24 Dec is a Friday, 25 Dec a
  Saturday and 29-31 Dec Wednesday to Friday).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parentinfant.caseload import (
    Activity,
    CapacityPolicy,
    Commitment,
    GroupWork,
    PeriodCapacity,
    Practitioner,
    PractitionerCapacity,
    Team,
    TeamCapacity,
    annual_capacity,
    financial_year,
    group_hours_per_week,
    period_capacity,
    practitioner_capacity,
    team_capacity,
)
from parentinfant.errors import InvalidPolicy
from parentinfant.team import TeamPolicy
from parentinfant.workdays import Nation, WorkingCalendar
from strategies import (
    capacity_hours,
    commitments,
    dates,
    policies_and_practitioners,
    practitioners,
    team_policies,
    teams,
)

FY_START, FY_END = dt.date(2027, 4, 1), dt.date(2028, 3, 31)
ROUTINE = (
    Activity.BUSINESS_MEETING,
    Activity.CLINICAL_MEETING,
    Activity.SUPERVISION,
    Activity.PEER_GROUP,
    Activity.JOURNAL_CLUB,
    Activity.TRAINING_ATTENDED,
)
NON_CLINICAL = (
    Activity.CONSULTATION,
    Activity.TRAINING_DELIVERED,
    Activity.STRATEGY,
    Activity.CONFERENCE,
)
OTHER_DUTIES = (Activity.GROUP_WORK, Activity.MANAGEMENT, Activity.OTHER_DUTY, *NON_CLINICAL)


def person(hours: Any = 37.5, **fields: Any) -> Practitioner:
    """A practitioner called P with ``hours`` contracted and any other fields given."""
    return Practitioner(name=fields.pop("name", "P"), contracted_hours=hours, **fields)


def weekly(
    practitioner: Practitioner, policy: CapacityPolicy | None = None
) -> PractitionerCapacity:
    return practitioner_capacity(practitioner, policy or CapacityPolicy())


def weekdays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday-to-Friday dates from ``first`` to ``last`` inclusive (leave bookings)."""
    span = (last - first).days + 1
    days = (first + dt.timedelta(days=i) for i in range(span))
    return [d for d in days if d.weekday() < 5]


# --------------------------------------------------------------------------- R-CL-1: the examples


def test_full_time_practitioner_has_twenty_sessions_R_CL_1() -> None:
    # 37.5 h / 7.5 h a day = 5 days; 5 x 4 families = 20
    assert weekly(person(37.5)).family_sessions == 20


def test_three_day_practitioner_has_twelve_sessions_R_CL_1() -> None:
    # 22.5 h / 7.5 = 3 days; 3 x 4 = 12
    assert weekly(person(22.5)).family_sessions == 12


def test_a_day_taken_out_for_a_duty_leaves_sixteen_sessions_R_CL_1() -> None:
    # 37.5 h - 7.5 h management = 30 h; 30 / 7.5 x 4 = 16
    p = person(37.5, commitments=[Commitment(activity="management", hours_per_week=7.5)])
    assert weekly(p).family_sessions == 16


def test_worked_example_with_group_training_and_supervision_R_CL_1_R_CL_2_R_TM_1() -> None:
    # 37.5 h - 4 h group (experienced: 2 + 1 + 1) - 3.5 h training delivered = 30 h;
    # supervision is routine and takes nothing; 30 / 7.5 x 4 = 16
    p = person(
        37.5,
        commitments=[
            Commitment(activity="supervision", hours_per_week=1.5),
            Commitment(activity="training-delivered", hours_per_week=3.5),
        ],
        groups=[GroupWork(intervention="circle-of-security", sessions_per_week=1)],
        group_experience={"circle-of-security"},
    )
    assert weekly(p).family_sessions == 16


def test_no_contracted_hours_is_no_sessions_R_CL_1() -> None:
    assert weekly(person(0)).family_sessions == 0


def test_families_per_day_and_day_length_are_team_policy_R_CL_1() -> None:
    # 3 families in an 8-hour day: 40 h / 8 = 5 days; 5 x 3 = 15
    policy = CapacityPolicy(day_hours=8, families_per_day=3)
    assert weekly(person(40), policy).family_sessions == 15


# --------------------------------------------------------------------------- R-TM-1: routine activity


@pytest.mark.parametrize("activity", ROUTINE, ids=lambda a: a.value)
def test_routine_activity_is_routine_R_TM_1(activity: Activity) -> None:
    assert activity.routine


@pytest.mark.parametrize("activity", OTHER_DUTIES, ids=lambda a: a.value)
def test_other_duties_are_not_routine_R_CL_1(activity: Activity) -> None:
    assert not activity.routine


@pytest.mark.parametrize("activity", ROUTINE, ids=lambda a: a.value)
def test_routine_activity_takes_nothing_out_R_TM_1(activity: Activity) -> None:
    assert Commitment(activity=activity, hours_per_week=3).hours_taken_out == 0


@pytest.mark.parametrize("activity", ROUTINE, ids=lambda a: a.value)
def test_routine_activity_beyond_the_routine_takes_its_hours_out_R_TM_1(
    activity: Activity,
) -> None:
    assert (
        Commitment(activity=activity, hours_per_week=3, beyond_routine=True).hours_taken_out == 3
    )


@pytest.mark.parametrize("activity", OTHER_DUTIES, ids=lambda a: a.value)
@pytest.mark.parametrize("beyond", [False, True])
def test_other_duties_always_take_their_hours_out_R_CL_1(activity: Activity, beyond: bool) -> None:
    commitment = Commitment(activity=activity, hours_per_week=2.5, beyond_routine=beyond)
    assert commitment.hours_taken_out == Fraction(5, 2)


def test_routine_meetings_are_not_subtracted_twice_R_CL_1_R_TM_1() -> None:
    # 2 + 2 + 1.5 + 1 + 1 + 3 = 10.5 h of routine time, all allowed for by the
    # four-a-day figure: 37.5 h still gives 37.5 / 7.5 x 4 = 20
    hours = (2, 2, 1.5, 1, 1, 3)
    p = person(
        37.5,
        commitments=[
            Commitment(activity=a, hours_per_week=h) for a, h in zip(ROUTINE, hours, strict=True)
        ],
    )
    capacity = weekly(p)
    assert (capacity.family_sessions, capacity.hours_out) == (20, ())


def test_meeting_time_beyond_the_routine_reduces_sessions_R_TM_1() -> None:
    # 37.5 h - 3.75 h of business meeting beyond the routine = 33.75 h; 33.75 x 8/15 = 18
    p = person(
        37.5,
        commitments=[
            Commitment(activity="business-meeting", hours_per_week=3.75, beyond_routine=True)
        ],
    )
    assert weekly(p).family_sessions == 18


def test_time_beyond_the_routine_is_reported_under_its_activity_R_TM_1() -> None:
    p = person(
        37.5,
        commitments=[Commitment(activity="supervision", hours_per_week=2, beyond_routine=True)],
    )
    assert weekly(p).hours_out == (("supervision", Fraction(2)),)


def test_hours_out_add_up_by_activity_in_name_order_R_CL_1() -> None:
    # management 2 + 1.5 = 3.5; consultation 1; ordered by name: consultation, management
    p = person(
        37.5,
        commitments=[
            Commitment(activity="management", hours_per_week=2),
            Commitment(activity="consultation", hours_per_week=1),
            Commitment(activity="management", hours_per_week=1.5),
        ],
    )
    assert weekly(p).hours_out == (("consultation", Fraction(1)), ("management", Fraction(7, 2)))


def test_hours_taken_out_is_the_sum_of_hours_out_R_CL_1() -> None:
    # 4 h group (experienced) + 2 h strategy + 1 h other duty = 7 h
    p = person(
        37.5,
        commitments=[
            Commitment(activity="strategy", hours_per_week=2),
            Commitment(activity="other-duty", hours_per_week=1),
        ],
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
        group_experience={"baby-massage"},
    )
    assert weekly(p).hours_taken_out == 7


def test_activity_is_read_from_its_wire_name_R_TM_1() -> None:
    assert Commitment(activity="journal-club", hours_per_week=1).activity is Activity.JOURNAL_CLUB


def test_unknown_activity_is_refused_naming_field_and_rule_R_TM_1() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        Commitment(activity="napping", hours_per_week=1)
    assert (caught.value.field, caught.value.rule) == ("activity", "R-TM-1")


def test_beyond_routine_must_be_a_bool_R_TM_1() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        Commitment(activity="supervision", hours_per_week=1, beyond_routine="yes")
    assert (caught.value.field, caught.value.rule) == ("beyond_routine", "R-TM-1")


# --------------------------------------------------------------------------- R-CL-3: non-clinical activity


@pytest.mark.parametrize("activity", NON_CLINICAL, ids=lambda a: a.value)
def test_commissioner_reported_activities_are_non_clinical_R_CL_3(activity: Activity) -> None:
    assert activity.non_clinical


@pytest.mark.parametrize(
    "activity", [*ROUTINE, Activity.GROUP_WORK, Activity.MANAGEMENT, Activity.OTHER_DUTY]
)
def test_other_activities_are_not_non_clinical_R_CL_3(activity: Activity) -> None:
    assert not activity.non_clinical


def test_non_clinical_hours_are_totalled_R_CL_3() -> None:
    # consultation 2 + training delivered 1.5 + strategy 1 + conference 0.5 = 5;
    # management 3 and supervision 1.5 are not non-clinical activity
    p = person(
        37.5,
        commitments=[
            Commitment(activity="consultation", hours_per_week=2),
            Commitment(activity="training-delivered", hours_per_week=1.5),
            Commitment(activity="strategy", hours_per_week=1),
            Commitment(activity="conference", hours_per_week=0.5),
            Commitment(activity="management", hours_per_week=3),
            Commitment(activity="supervision", hours_per_week=1.5),
        ],
    )
    assert weekly(p).non_clinical_hours == 5


def test_non_clinical_hours_are_also_taken_out_of_capacity_R_CL_3_R_CL_1() -> None:
    # 37.5 h - 2 h consultation - 5.5 h conference = 30 h; 30 / 7.5 x 4 = 16;
    # the same 7.5 h is reported as non-clinical activity
    p = person(
        37.5,
        commitments=[
            Commitment(activity="consultation", hours_per_week=2),
            Commitment(activity="conference", hours_per_week=5.5),
        ],
    )
    capacity = weekly(p)
    assert (capacity.non_clinical_hours, capacity.family_sessions) == (Fraction(15, 2), 16)


def test_beyond_routine_flag_does_not_change_non_clinical_hours_R_CL_3() -> None:
    # 2 h consultation either way
    flagged = person(
        37.5,
        commitments=[Commitment(activity="consultation", hours_per_week=2, beyond_routine=True)],
    )
    plain = person(37.5, commitments=[Commitment(activity="consultation", hours_per_week=2)])
    assert weekly(flagged).non_clinical_hours == weekly(plain).non_clinical_hours == 2


def test_group_work_is_not_counted_as_non_clinical_R_CL_3() -> None:
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    assert weekly(p).non_clinical_hours == 0


# --------------------------------------------------------------------------- R-CL-2: group work


def test_weekly_two_hour_group_costs_four_hours_for_an_experienced_facilitator_R_CL_2() -> None:
    # 2 h session + 1 h preparation + 1 h follow-up = 4
    p = person(
        37.5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
        group_experience={"baby-massage"},
    )
    assert group_hours_per_week(p, CapacityPolicy()) == 4


def test_weekly_two_hour_group_costs_six_hours_for_a_new_facilitator_R_CL_2() -> None:
    # 2 h session + (1 + 1) x 2 (default multiplier) = 6
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    assert group_hours_per_week(p, CapacityPolicy()) == 6


@pytest.mark.parametrize(
    ("multiplier", "expected"),
    [
        (1, 4),  # 2 + 2 x 1 = 4: the same as experienced
        (1.5, 5),  # 2 + 2 x 1.5 = 5
        (3, 8),  # 2 + 2 x 3 = 8
    ],
)
def test_new_facilitator_cost_uses_the_policy_multiplier_R_CL_2(
    multiplier: float, expected: int
) -> None:
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    policy = CapacityPolicy(new_facilitator_multiplier=multiplier)
    assert group_hours_per_week(p, policy) == expected


def test_multiplier_does_not_apply_to_an_experienced_facilitator_R_CL_2() -> None:
    # 2 + 1 + 1 = 4 whatever the multiplier
    p = person(
        37.5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
        group_experience={"baby-massage"},
    )
    assert group_hours_per_week(p, CapacityPolicy(new_facilitator_multiplier=3)) == 4


def test_fortnightly_group_costs_half_a_weekly_one_experienced_R_CL_2() -> None:
    # 1/2 x (2 + 1 + 1) = 2
    p = person(
        37.5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=Fraction(1, 2))],
        group_experience={"baby-massage"},
    )
    assert group_hours_per_week(p, CapacityPolicy()) == 2


def test_fortnightly_group_costs_half_a_weekly_one_new_R_CL_2() -> None:
    # 1/2 x (2 + (1 + 1) x 2) = 3
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=0.5)])
    assert group_hours_per_week(p, CapacityPolicy()) == 3


def test_preparation_and_follow_up_come_from_the_policy_R_CL_2() -> None:
    # experienced: 2 + 2 h preparation + 1 h follow-up = 5
    p = person(
        37.5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
        group_experience={"baby-massage"},
    )
    policy = CapacityPolicy(group_preparation_hours=2, group_follow_up_hours=1)
    assert group_hours_per_week(p, policy) == 5


def test_new_facilitator_multiplies_the_policy_preparation_and_follow_up_R_CL_2() -> None:
    # new: 2 + (2 + 1) x 2 = 8
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    policy = CapacityPolicy(group_preparation_hours=2, group_follow_up_hours=1)
    assert group_hours_per_week(p, policy) == 8


def test_group_session_length_is_the_groups_own_R_CL_2() -> None:
    # experienced, 1.5-hour session: 1.5 + 1 + 1 = 3.5
    p = person(
        37.5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1, duration_hours=1.5)],
        group_experience={"baby-massage"},
    )
    assert group_hours_per_week(p, CapacityPolicy()) == Fraction(7, 2)


def test_group_sessions_default_to_two_hours_R_CL_2() -> None:
    assert GroupWork(intervention="baby-massage", sessions_per_week=1).duration_hours == 2


def test_experience_is_per_intervention_R_CL_2() -> None:
    # experienced in baby massage (4 h) but new to circle of security (6 h): 4 + 6 = 10
    p = person(
        37.5,
        groups=[
            GroupWork(intervention="baby-massage", sessions_per_week=1),
            GroupWork(intervention="circle-of-security", sessions_per_week=1),
        ],
        group_experience={"baby-massage"},
    )
    assert group_hours_per_week(p, CapacityPolicy()) == 10


def test_group_experience_accepts_one_label_as_text_R_CL_2() -> None:
    assert person(37.5, group_experience="baby-massage").experienced_in("baby-massage")


def test_blank_group_experience_label_is_refused_R_CL_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        person(37.5, group_experience={" "})
    assert (caught.value.field, caught.value.rule) == ("group_experience", "R-CL-2")


def test_blank_group_intervention_is_refused_R_CL_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        GroupWork(intervention="", sessions_per_week=1)
    assert (caught.value.field, caught.value.rule) == ("intervention", "R-CL-2")


def test_group_cost_reduces_sessions_R_CL_2() -> None:
    # 37.5 h - 6 h (new facilitator) = 31.5 h; 31.5 x 8/15 = 16.8
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    assert weekly(p).family_sessions == Fraction(84, 5)


def test_group_cost_is_reported_as_group_work_R_CL_2() -> None:
    p = person(37.5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    assert weekly(p).hours_out == (("group-work", Fraction(6)),)


def test_no_groups_cost_nothing_and_are_not_reported_R_CL_2() -> None:
    capacity = weekly(person(37.5))
    assert (group_hours_per_week(person(37.5), CapacityPolicy()), capacity.hours_out) == (0, ())


def test_multiplier_below_one_is_refused_R_CL_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        CapacityPolicy(new_facilitator_multiplier=0.5)
    assert (caught.value.field, caught.value.rule) == ("new_facilitator_multiplier", "R-CL-2")


# --------------------------------------------------------------------------- over-commitment


def test_commitments_beyond_contracted_hours_are_refused_R_CL_1() -> None:
    # 10 h contract, 12 h management
    with pytest.raises(InvalidPolicy) as caught:
        person(10, commitments=[Commitment(activity="management", hours_per_week=12)])
    assert (caught.value.field, caught.value.rule) == ("commitments", "R-CL-1")


def test_commitments_summing_beyond_contracted_hours_are_refused_R_CL_1() -> None:
    # 6 h + 5 h consultation = 11 h > 10 h contract
    with pytest.raises(InvalidPolicy, match="commitments"):
        person(
            10,
            commitments=[
                Commitment(activity="consultation", hours_per_week=6),
                Commitment(activity="consultation", hours_per_week=5),
            ],
        )


def test_commitments_filling_the_contract_leave_no_sessions_R_CL_1() -> None:
    # 10 h contract - 10 h management = 0 h
    p = person(10, commitments=[Commitment(activity="management", hours_per_week=10)])
    assert weekly(p).family_sessions == 0


def test_groups_and_duties_beyond_contracted_hours_are_refused_by_capacity_R_CL_2() -> None:
    # 7.5 h contract; 6 h group (new) + 2 h management = 8 h > 7.5 h. The
    # practitioner can exist (groups are costed under a policy), the capacity cannot.
    p = person(
        7.5,
        commitments=[Commitment(activity="management", hours_per_week=2)],
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
    )
    with pytest.raises(InvalidPolicy) as caught:
        practitioner_capacity(p, CapacityPolicy())
    assert (caught.value.field, caught.value.rule) == ("groups", "R-CL-2")


def test_over_committed_group_error_names_the_practitioner_R_CL_2() -> None:
    p = person(
        2, name="Priya Shah", groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)]
    )
    with pytest.raises(InvalidPolicy, match="Priya Shah"):
        practitioner_capacity(p, CapacityPolicy())


def test_four_hour_group_fits_a_five_hour_contract_when_experienced_R_CL_2() -> None:
    # 5 h - 4 h (2 + 1 + 1) = 1 h; 1 x 8/15 = 8/15 of a session
    p = person(
        5,
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
        group_experience={"baby-massage"},
    )
    assert weekly(p).family_sessions == Fraction(8, 15)


def test_same_group_overflows_a_five_hour_contract_when_new_R_CL_2() -> None:
    # 2 + (1 + 1) x 2 = 6 h > 5 h
    p = person(5, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    with pytest.raises(InvalidPolicy, match="groups"):
        weekly(p)


def test_team_capacity_refuses_an_over_committed_member_R_CL_2() -> None:
    p = person(2, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    with pytest.raises(InvalidPolicy, match="groups"):
        team_capacity(Team(practitioners=[p]))


# --------------------------------------------------------------------------- headroom (R-CL-1)


def test_headroom_is_capacity_less_caseload_R_CL_1() -> None:
    # 20 families at once - 18 held = 2
    capacity = weekly(person(37.5, caseload=18))
    assert (capacity.headroom, capacity.over_capacity_by) == (2, 0)


def test_headroom_is_never_negative_R_CL_1() -> None:
    # 20 families at once, 25 held: no headroom
    assert weekly(person(37.5, caseload=25)).headroom == 0


def test_over_capacity_by_counts_families_beyond_capacity_R_CL_1() -> None:
    # 25 held - 20 at once = 5
    assert weekly(person(37.5, caseload=25)).over_capacity_by == 5


def test_caseload_at_capacity_is_neither_headroom_nor_over_R_CL_1() -> None:
    capacity = weekly(person(37.5, caseload=20))
    assert (capacity.headroom, capacity.over_capacity_by) == (0, 0)


def test_team_headroom_is_the_sum_of_individual_headrooms_R_CL_1() -> None:
    # A: 20 at once, 25 held -> headroom 0 (over by 5); B: 12 at once, 10 held -> 2.
    # Team headroom 0 + 2 = 2, not 32 - 35 = -3 and not 0: families are not shared.
    team = Team(
        practitioners=[person(37.5, name="A", caseload=25), person(22.5, name="B", caseload=10)]
    )
    capacity = team_capacity(team)
    assert (capacity.families_at_once, capacity.caseload, capacity.headroom) == (32, 35, 2)


def test_fortnightly_families_double_families_held_R_CL_1() -> None:
    # 20 sessions a week, each family seen every other week: 20 / (1/2) = 40
    policy = CapacityPolicy(sessions_per_family_per_week=Fraction(1, 2))
    capacity = weekly(person(37.5), policy)
    assert (capacity.family_sessions, capacity.families_at_once) == (20, 40)


def test_fortnightly_families_double_headroom_R_CL_1() -> None:
    # 40 families at once - 30 held = 10 (weekly it would be 0, over by 10)
    policy = CapacityPolicy(sessions_per_family_per_week="1/2")
    assert weekly(person(37.5, caseload=30), policy).headroom == 10


def test_twice_weekly_families_halve_families_held_R_CL_1() -> None:
    # 20 sessions / 2 a family = 10
    policy = CapacityPolicy(sessions_per_family_per_week=2)
    assert weekly(person(37.5), policy).families_at_once == 10


# --------------------------------------------------------------------------- team capacity


def test_team_capacity_totals_its_practitioners_R_CL_1() -> None:
    # contracted 37.5 + 22.5 = 60; sessions 20 + 12 = 32; caseload 12 + 12 = 24;
    # headroom (20 - 12) + (12 - 12) = 8
    team = Team(
        practitioners=[person(37.5, name="A", caseload=12), person(22.5, name="B", caseload=12)]
    )
    t = team_capacity(team)
    assert (t.contracted_hours, t.family_sessions, t.caseload, t.headroom) == (60, 32, 24, 8)


def test_team_capacity_uses_the_teams_capacity_policy_R_CL_1() -> None:
    # 3 families a day: 37.5 / 7.5 x 3 = 15
    team = Team(capacity=CapacityPolicy(families_per_day=3), practitioners=[person(37.5)])
    assert team_capacity(team).family_sessions == 15


def test_team_hours_out_add_up_across_practitioners_R_CL_1_R_CL_3() -> None:
    # consultation 1 + 2 = 3; management 4; non-clinical = consultation only = 3
    team = Team(
        practitioners=[
            person(
                37.5, name="A", commitments=[Commitment(activity="consultation", hours_per_week=1)]
            ),
            person(
                37.5,
                name="B",
                commitments=[
                    Commitment(activity="consultation", hours_per_week=2),
                    Commitment(activity="management", hours_per_week=4),
                ],
            ),
        ]
    )
    t = team_capacity(team)
    assert t.hours_out == (("consultation", Fraction(3)), ("management", Fraction(4)))
    assert t.non_clinical_hours == 3


def test_empty_team_has_no_capacity_R_CL_1() -> None:
    t = team_capacity(Team())
    assert (t.family_sessions, t.families_at_once, t.headroom, t.hours_out) == (0, 0, 0, ())


def test_team_rows_give_one_row_per_practitioner_in_order_R_CL_1() -> None:
    # B: 7.5 h -> 4 at once, 6 held -> headroom 0, over by 2
    team = Team(practitioners=[person(37.5, name="A"), person(7.5, name="B", caseload=6)])
    rows = team_capacity(team).rows()
    assert [r["name"] for r in rows] == ["A", "B"]
    assert (rows[1]["families_at_once"], rows[1]["headroom"], rows[1]["over_capacity_by"]) == (
        4,
        0,
        2,
    )


def test_duplicate_practitioner_names_are_refused_R_AL_1() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        Team(practitioners=[person(37.5, name="A"), person(22.5, name="A")])
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "practitioners",
        "R-AL-1",
        "A",
    )


def test_team_refuses_members_that_are_not_practitioners_R_CL_1() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        Team(practitioners=["A"])
    assert caught.value.field == "practitioners"


def test_team_accepts_one_practitioner_alone_R_CL_1() -> None:
    assert Team(practitioners=person(37.5)).practitioners == (person(37.5),)


def test_team_finds_a_practitioner_by_name_R_AL_1() -> None:
    team = Team(practitioners=[person(37.5, name="A"), person(22.5, name="B")])
    assert team.practitioner("B").contracted_hours == Fraction(45, 2)


def test_unknown_practitioner_name_is_refused_R_AL_1() -> None:
    team = Team(practitioners=[person(37.5, name="A")])
    with pytest.raises(InvalidPolicy) as caught:
        team.practitioner("Z")
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "practitioner",
        "R-AL-1",
        "Z",
    )


def test_with_practitioner_replaces_a_member_in_place_R_AL_1() -> None:
    team = Team(practitioners=[person(37.5, name=n) for n in "ABC"])
    changed = team.with_practitioner(person(15, name="B"))
    assert [(p.name, p.contracted_hours) for p in changed.practitioners] == [
        ("A", 37.5),
        ("B", 15),
        ("C", 37.5),
    ]


def test_with_practitioner_appends_a_new_member_R_AL_1() -> None:
    team = Team(practitioners=[person(37.5, name=n) for n in "AB"])
    assert [p.name for p in team.with_practitioner(person(15, name="D")).practitioners] == [
        "A",
        "B",
        "D",
    ]


def test_with_practitioner_leaves_the_original_team_unchanged_R_AL_1() -> None:
    team = Team(practitioners=[person(37.5, name="A")])
    team.with_practitioner(person(15, name="A"))
    assert team.practitioner("A").contracted_hours == Fraction(75, 2)


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize(
    ("hours", "exact"),
    [
        (7.5, Fraction(15, 2)),
        (22.5, Fraction(45, 2)),
        (18.75, Fraction(75, 4)),
        (0.1, Fraction(1, 10)),
    ],
)
def test_float_hours_are_read_as_written_R_CL_1(hours: float, exact: Fraction) -> None:
    assert person(hours).contracted_hours == exact


def test_quarter_hour_contract_gives_exactly_ten_sessions_R_CL_1() -> None:
    # 18.75 x 8/15 = 10, exactly
    sessions = weekly(person(18.75)).family_sessions
    assert (type(sessions), sessions) == (Fraction, Fraction(10))


def test_tenths_of_an_hour_add_up_without_drift_R_CL_1() -> None:
    # 0.1 + 0.1 + 0.1 = 3/10 exactly (floats would give 0.30000000000000004)
    p = person(37.5, commitments=[Commitment(activity="consultation", hours_per_week=0.1)] * 3)
    assert weekly(p).hours_taken_out == Fraction(3, 10)


@pytest.mark.parametrize("hours", ["37.5", Decimal("37.5"), Fraction(75, 2), "75/2"])
def test_text_decimal_and_fraction_hours_are_exact_R_CL_1(hours: Any) -> None:
    # 37.5 / 7.5 x 4 = 20
    assert weekly(person(hours)).family_sessions == 20


def test_policy_floats_are_exact_R_CL_1() -> None:
    policy = CapacityPolicy(day_hours=7.5, full_time_hours=37.5, group_preparation_hours=0.1)
    assert (policy.day_hours, policy.full_time_hours, policy.group_preparation_hours) == (
        Fraction(15, 2),
        Fraction(75, 2),
        Fraction(1, 10),
    )


def test_capacity_figures_are_fractions_R_CL_1() -> None:
    capacity = weekly(person(20, caseload=3))
    figures = (
        capacity.family_sessions,
        capacity.families_at_once,
        capacity.headroom,
        capacity.over_capacity_by,
        capacity.hours_taken_out,
        capacity.non_clinical_hours,
    )
    assert all(type(f) is Fraction for f in figures)


# --------------------------------------------------------------------------- validation


def _policy(field: str) -> Callable[[Any], object]:
    return lambda value: CapacityPolicy(**{field: value})


# (build with the value, field, rule, largest value allowed, whether 0 is refused)
NUMERIC_FIELDS = [
    pytest.param(
        lambda v: Commitment(activity="consultation", hours_per_week=v),
        "hours_per_week",
        "R-TM-1",
        168,
        False,
        id="Commitment.hours_per_week",
    ),
    pytest.param(
        lambda v: GroupWork(intervention="baby-massage", sessions_per_week=v),
        "sessions_per_week",
        "R-CL-2",
        168,
        False,
        id="GroupWork.sessions_per_week",
    ),
    pytest.param(
        lambda v: GroupWork(intervention="baby-massage", sessions_per_week=1, duration_hours=v),
        "duration_hours",
        "R-CL-2",
        24,
        False,
        id="GroupWork.duration_hours",
    ),
    pytest.param(
        lambda v: Practitioner(name="P", contracted_hours=v),
        "contracted_hours",
        "R-CL-1",
        168,
        False,
        id="Practitioner.contracted_hours",
    ),
    pytest.param(
        lambda v: Practitioner(name="P", contracted_hours=37.5, annual_leave_days=v),
        "annual_leave_days",
        "R-CL-1",
        366,
        False,
        id="Practitioner.annual_leave_days",
    ),
    pytest.param(_policy("day_hours"), "day_hours", "R-CL-1", 24, True, id="day_hours"),
    pytest.param(
        _policy("families_per_day"), "families_per_day", "R-CL-1", 24, False, id="families_per_day"
    ),
    pytest.param(
        _policy("full_time_hours"), "full_time_hours", "R-CL-1", 168, True, id="full_time_hours"
    ),
    pytest.param(
        _policy("annual_leave_days"),
        "annual_leave_days",
        "R-CL-1",
        366,
        False,
        id="CapacityPolicy.annual_leave_days",
    ),
    pytest.param(
        _policy("sessions_per_family_per_week"),
        "sessions_per_family_per_week",
        "R-CL-1",
        168,
        True,
        id="sessions_per_family_per_week",
    ),
    pytest.param(
        _policy("group_preparation_hours"),
        "group_preparation_hours",
        "R-CL-2",
        24,
        False,
        id="group_preparation_hours",
    ),
    pytest.param(
        _policy("group_follow_up_hours"),
        "group_follow_up_hours",
        "R-CL-2",
        24,
        False,
        id="group_follow_up_hours",
    ),
    pytest.param(
        _policy("new_facilitator_multiplier"),
        "new_facilitator_multiplier",
        "R-CL-2",
        24,
        False,
        id="new_facilitator_multiplier",
    ),
]

Build = Callable[[Any], object]


def _refused(build: Build, value: Any) -> InvalidPolicy:
    with pytest.raises(InvalidPolicy) as caught:
        build(value)
    return caught.value


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
@pytest.mark.parametrize("value", [-1, -0.25, Fraction(-1, 100), "-3", Decimal("-0.5")])
def test_negative_numbers_are_refused_naming_field_and_rule_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool, value: Any
) -> None:
    error = _refused(build, value)
    assert (error.field, error.rule, error.value) == (field, rule, value)
    assert f"{field} " in str(error)
    assert f"({rule})" in str(error)


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
def test_numbers_above_the_fields_maximum_are_refused_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool
) -> None:
    # a quarter hour (or day) more than the field allows: 168 for hours a week,
    # 24 for hours in a day or a session, 366 for days of leave in a year
    error = _refused(build, most + Fraction(1, 4))
    assert (error.field, error.rule) == (field, rule)
    assert f"at most {most}" in str(error) or f"between 0 and {most}" in str(error)


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
def test_the_fields_maximum_itself_is_allowed_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool
) -> None:
    assert getattr(build(most), field) == most


def test_hours_beyond_a_week_are_refused_R_CL_1() -> None:
    # a week has 7 x 24 = 168 hours
    error = _refused(lambda v: Practitioner(name="P", contracted_hours=v), 169)
    assert str(error) == "contracted_hours must be between 0 and 168 (R-CL-1), got 169"


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
def test_zero_is_refused_only_where_a_field_must_be_positive_R_CL_1(
    build: Build, field: str, rule: str, most: int, positive: bool
) -> None:
    if positive:
        error = _refused(build, 0)
        assert (error.field, error.rule) == (field, rule)
    elif field == "new_facilitator_multiplier":
        # 0 is in range but below the multiplier's floor of 1 (R-CL-2)
        assert _refused(build, 0).field == field
    else:
        assert getattr(build(0), field) == 0


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        Decimal("NaN"),
        Decimal("Infinity"),
        "nan",
        "inf",
    ],
    ids=str,
)
def test_non_finite_numbers_are_refused_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool, value: Any
) -> None:
    error = _refused(build, value)
    assert (error.field, error.rule) == (field, rule)


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
@pytest.mark.parametrize("value", [True, False])
def test_bools_are_refused_as_numbers_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool, value: bool
) -> None:
    error = _refused(build, value)
    assert (error.field, error.rule, error.value) == (field, rule, value)
    assert "must be a number" in str(error)


@pytest.mark.parametrize(("build", "field", "rule", "most", "positive"), NUMERIC_FIELDS)
@pytest.mark.parametrize(
    "value",
    ["seven", "", [1], complex(1, 0), object()],
    # Stable ids (not an object's address), so parallel workers collect the same tests.
    ids=["text", "empty-text", "list", "complex", "object"],
)
def test_non_numbers_are_refused_R_CL_1_R_CL_2_R_TM_1(
    build: Build, field: str, rule: str, most: int, positive: bool, value: Any
) -> None:
    error = _refused(build, value)
    assert (error.field, error.rule) == (field, rule)
    assert "must be a finite number" in str(error)


def test_practitioner_annual_leave_none_takes_the_team_default_R_CL_1() -> None:
    assert person(37.5).annual_leave_days is None


@pytest.mark.parametrize("value", [-1, True, 1.5, "3", None])
def test_caseload_must_be_a_whole_number_at_least_zero_R_CL_1(value: Any) -> None:
    error = _refused(lambda v: person(37.5, caseload=v), value)
    assert (error.field, error.rule) == ("caseload", "R-CL-1")


def test_working_days_default_to_monday_to_friday_R_CL_1() -> None:
    assert person(37.5).working_days == (0, 1, 2, 3, 4)


def test_working_days_are_sorted_without_repeats_R_CL_1() -> None:
    assert person(22.5, working_days=[2, 0, 0, 1]).working_days == (0, 1, 2)


@pytest.mark.parametrize(
    "value",
    [[], [7], [-1], [True], [False, 1], [1.0], "012", 3, None],
    ids=repr,
)
def test_bad_working_days_are_refused_R_CL_1(value: Any) -> None:
    error = _refused(lambda v: person(22.5, working_days=v), value)
    assert (error.field, error.rule) == ("working_days", "R-CL-1")


def test_empty_working_days_error_says_at_least_one_day_R_CL_1() -> None:
    assert "at least one day" in str(_refused(lambda v: person(22.5, working_days=v), []))


@pytest.mark.parametrize(
    "value", [["2027-05-04"], [dt.datetime(2027, 5, 4, 9, 0)], "2027-05-04", 5], ids=repr
)
def test_leave_must_hold_dates_R_CL_1(value: Any) -> None:
    error = _refused(lambda v: person(37.5, leave=v), value)
    assert (error.field, error.rule) == ("leave", "R-CL-1")


# --------------------------------------------------------------------------- R-CL-7: financial year


def test_financial_year_runs_april_to_march_R_CL_7() -> None:
    assert financial_year(2027) == (dt.date(2027, 4, 1), dt.date(2028, 3, 31))


@pytest.mark.parametrize("year", [1900, 2200])
def test_financial_year_accepts_the_bounds_R_CL_7(year: int) -> None:
    assert financial_year(year)[0] == dt.date(year, 4, 1)


@pytest.mark.parametrize("year", [1899, 2201, True, "2027", 2027.0, None], ids=repr)
def test_financial_year_refuses_other_years_R_CL_7(year: Any) -> None:
    error = _refused(financial_year, year)
    assert (error.field, error.rule) == ("year", "R-CL-7")


# --------------------------------------------------------------------------- a period (R-CL-1)


def test_full_timer_works_256_days_in_fy_2027_R_CL_1() -> None:
    # 262 weekdays - 6 England bank holidays = 256
    assert period_capacity(person(37.5), FY_START, FY_END).working_days == 256


def test_full_timer_has_916_sessions_in_fy_2027_R_CL_1() -> None:
    # (256 days - 27 days' leave) x 7.5 h = 1717.5 h; x 20 / 37.5 = 916
    c = period_capacity(person(37.5), FY_START, FY_END)
    assert (c.leave_days, c.available_hours, c.family_sessions) == (27, Fraction(3435, 2), 916)


def test_monday_to_wednesday_part_timer_works_150_days_in_fy_2027_R_CL_1() -> None:
    # 3 x 52 = 156 Mondays to Wednesdays - 6 bank holidays (all on a Monday or Tuesday) = 150
    p = person(22.5, working_days=[0, 1, 2])
    assert period_capacity(p, FY_START, FY_END).working_days == 150


def test_part_timer_leave_is_pro_rata_in_their_own_days_R_CL_1() -> None:
    # 27 full-time days x 7.5 h x 22.5 / 37.5 = 121.5 h; / 7.5 h a day = 16.2 of their days
    p = person(22.5, working_days=[0, 1, 2])
    assert period_capacity(p, FY_START, FY_END).leave_days == Fraction(81, 5)


def test_monday_to_wednesday_part_timer_sessions_in_fy_2027_R_CL_1() -> None:
    # (150 - 16.2) days x 7.5 h = 1003.5 h; x 12 / 22.5 = 1003.5 x 8/15 = 535.2
    p = person(22.5, working_days=[0, 1, 2])
    assert period_capacity(p, FY_START, FY_END).family_sessions == Fraction(2676, 5)


def test_five_short_days_part_timer_has_half_a_full_timers_sessions_R_CL_1() -> None:
    # 18.75 h over 5 days = 3.75 h a day; leave 27 x 7.5 x 18.75/37.5 / 3.75 = 27 days;
    # (256 - 27) x 3.75 h x 10 / 18.75 = 229 x 2 = 458
    c = period_capacity(person(18.75), FY_START, FY_END)
    assert (c.leave_days, c.family_sessions) == (27, 458)


def test_own_leave_entitlement_overrides_the_teams_R_CL_1() -> None:
    # 33 days: (256 - 33) x 4 a day = 892
    c = period_capacity(person(37.5, annual_leave_days=33), FY_START, FY_END)
    assert (c.leave_days, c.family_sessions) == (33, 892)


def test_policy_leave_entitlement_is_used_by_default_R_CL_1() -> None:
    # 29 days: (256 - 29) x 4 = 908
    policy = CapacityPolicy(annual_leave_days=29)
    assert period_capacity(person(37.5), FY_START, FY_END, policy=policy).family_sessions == 908


def test_team_closures_are_removed_R_CL_1() -> None:
    # closed Fri 24 and Wed 29 - Fri 31 Dec 2027: 256 - 4 = 252 days; (252 - 27) x 4 = 900.
    # Sat 25 Dec is already a weekend and bank holiday, so closing it changes nothing.
    closures = [dt.date(2027, 12, d) for d in (24, 25, 29, 30, 31)]
    c = period_capacity(
        person(37.5), FY_START, FY_END, calendar=WorkingCalendar("england", closures)
    )
    assert (c.working_days, c.family_sessions) == (252, 900)


def test_closures_on_days_off_do_not_reduce_a_part_timer_R_CL_1() -> None:
    # Mon-Wed worker: of Fri 24, Wed 29, Thu 30, Fri 31 Dec only Wed 29 is theirs: 150 - 1 = 149
    closures = [dt.date(2027, 12, d) for d in (24, 29, 30, 31)]
    p = person(22.5, working_days=[0, 1, 2])
    c = period_capacity(p, FY_START, FY_END, calendar=WorkingCalendar("england", closures))
    assert c.working_days == 149


def test_scotland_full_timer_works_254_days_in_fy_2027_R_CL_1() -> None:
    # 262 weekdays - 8 Scottish bank holidays = 254; (254 - 27) x 4 = 908
    c = period_capacity(person(37.5), FY_START, FY_END, calendar=WorkingCalendar("scotland"))
    assert (c.working_days, c.family_sessions) == (254, 908)


def test_scotland_part_timer_differs_from_england_R_CL_1() -> None:
    # all 8 Scottish holidays fall Mon-Wed: 156 - 8 = 148 days;
    # (148 - 16.2) x 7.5 h x 8/15 = 131.8 x 4 = 527.2
    p = person(22.5, working_days=[0, 1, 2])
    c = period_capacity(p, FY_START, FY_END, calendar=WorkingCalendar("scotland"))
    assert (c.working_days, c.family_sessions) == (148, Fraction(2636, 5))


def test_booked_leave_beyond_entitlement_wins_R_CL_1() -> None:
    # 30 weekdays booked, Mon 5 Jul - Fri 13 Aug 2027 (no bank holidays): 30 > 27;
    # (256 - 30) x 4 = 904
    leave = weekdays_between(dt.date(2027, 7, 5), dt.date(2027, 8, 13))
    c = period_capacity(person(37.5, leave=leave), FY_START, FY_END)
    assert (c.leave_days, c.family_sessions) == (30, 904)


def test_booked_leave_within_entitlement_leaves_the_entitlement_R_CL_1() -> None:
    # 5 days booked, entitlement 27: 27 days out; (256 - 27) x 4 = 916
    leave = weekdays_between(dt.date(2027, 7, 5), dt.date(2027, 7, 9))
    assert period_capacity(person(37.5, leave=leave), FY_START, FY_END).leave_days == 27


def test_leave_booked_on_days_not_worked_does_not_count_R_CL_1() -> None:
    # 28 weekdays Mon 5 Jul - Wed 11 Aug 2027, plus Sat 1 May and bank holiday Mon 3 May:
    # 28 count, not 30; (256 - 28) x 4 = 912
    leave = [
        *weekdays_between(dt.date(2027, 7, 5), dt.date(2027, 8, 11)),
        dt.date(2027, 5, 1),
        dt.date(2027, 5, 3),
    ]
    c = period_capacity(person(37.5, leave=leave), FY_START, FY_END)
    assert (c.leave_days, c.family_sessions) == (28, 912)


def test_leave_booked_outside_the_period_does_not_count_R_CL_1() -> None:
    # 30 weekdays in summer 2026 (FY 2026): FY 2027 takes the 27-day entitlement
    leave = weekdays_between(dt.date(2026, 7, 6), dt.date(2026, 8, 14))
    assert period_capacity(person(37.5, leave=leave), FY_START, FY_END).leave_days == 27


def test_short_period_pro_rates_the_entitlement_R_CL_1() -> None:
    # 1 Apr - 12 Jun 2027 = 30 + 31 + 12 = 73 days = 1/5 of 365: leave 27 / 5 = 5.4.
    # Working days: April 22 (Thu 1, Fri 2 + 4 whole weeks), May 21 - 2 bank holidays = 19,
    # 1-12 June 9: 50. (50 - 5.4) x 4 = 178.4
    c = period_capacity(person(37.5), dt.date(2027, 4, 1), dt.date(2027, 6, 12))
    assert (c.working_days, c.leave_days, c.family_sessions) == (
        50,
        Fraction(27, 5),
        Fraction(892, 5),
    )


def test_short_period_hours_available_after_leave_R_CL_1() -> None:
    # (50 - 5.4) days x 7.5 h = 334.5 h
    c = period_capacity(person(37.5), dt.date(2027, 4, 1), dt.date(2027, 6, 12))
    assert c.available_hours == Fraction(669, 2)


def test_booked_leave_beyond_the_pro_rata_share_wins_in_a_short_period_R_CL_1() -> None:
    # 10 weekdays Mon 5 - Fri 16 April 2027 > 5.4: (50 - 10) x 4 = 160
    leave = weekdays_between(dt.date(2027, 4, 5), dt.date(2027, 4, 16))
    c = period_capacity(person(37.5, leave=leave), dt.date(2027, 4, 1), dt.date(2027, 6, 12))
    assert (c.leave_days, c.family_sessions) == (10, 160)


def test_leave_never_exceeds_the_days_worked_R_CL_1() -> None:
    # 366 full-time days of leave in a year of 256 working days: all 256 out, nothing left
    c = period_capacity(person(37.5, annual_leave_days=366), FY_START, FY_END)
    assert (c.leave_days, c.available_hours, c.family_sessions) == (256, 0, 0)


def test_a_bank_holiday_alone_has_no_capacity_R_CL_1() -> None:
    # Mon 3 May 2027 is the early May bank holiday
    day = dt.date(2027, 5, 3)
    c = period_capacity(person(37.5), day, day)
    assert (c.working_days, c.leave_days, c.family_sessions) == (0, 0, 0)


def test_zero_hour_practitioner_has_no_period_capacity_R_CL_1() -> None:
    c = period_capacity(person(0), FY_START, FY_END)
    assert (c.leave_days, c.available_hours, c.family_sessions) == (0, 0, 0)


def test_period_groups_and_duties_reduce_sessions_pro_rata_R_CL_1_R_CL_2() -> None:
    # weekly 16 sessions out of 37.5 h (7.5 h management); 229 days x 7.5 h = 1717.5 h;
    # x 16 / 37.5 = 732.8
    p = person(37.5, commitments=[Commitment(activity="management", hours_per_week=7.5)])
    assert period_capacity(p, FY_START, FY_END).family_sessions == Fraction(3664, 5)


def test_leap_financial_year_takes_exactly_one_years_leave_R_CL_1() -> None:
    # FY 2027-28 has 366 days but is one year: 27 days, not 27 x 366 / 365
    assert period_capacity(person(37.5), FY_START, FY_END).leave_days == 27


def test_full_timer_has_896_sessions_in_fy_2028_R_CL_1() -> None:
    # 260 weekdays - 9 bank holidays = 251; (251 - 27) x 4 = 896
    c = period_capacity(person(37.5), dt.date(2028, 4, 1), dt.date(2029, 3, 31))
    assert (c.working_days, c.family_sessions) == (251, 896)


def test_two_year_period_takes_two_years_leave_R_CL_1() -> None:
    # 1 Apr 2027 - 31 Mar 2029: 256 + 251 = 507 days, 2 x 27 = 54 days' leave;
    # (507 - 54) x 4 = 1812 = 916 + 896 (one year's leave would give 1920)
    c = period_capacity(person(37.5), FY_START, dt.date(2029, 3, 31))
    assert (c.working_days, c.leave_days, c.family_sessions) == (507, 54, 1812)


def test_year_from_a_leap_day_takes_one_years_leave_R_CL_1() -> None:
    # 29 Feb 2028 - 28 Feb 2029 is one year (its anniversary falls on 1 March 2029)
    c = period_capacity(person(37.5), dt.date(2028, 2, 29), dt.date(2029, 2, 28))
    assert c.leave_days == 27


def test_period_just_over_a_year_takes_a_little_more_than_a_years_leave_R_CL_1() -> None:
    # 1 Apr 2027 - 1 Apr 2028 = one year + 1 day: 27 x (1 + 1/365) = 27 + 27/365 days
    c = period_capacity(person(37.5), FY_START, dt.date(2028, 4, 1))
    assert c.leave_days == 27 + Fraction(27, 365)


def test_period_capacity_records_its_period_and_practitioner_R_CL_1() -> None:
    c = period_capacity(person(37.5, name="Ama"), FY_START, FY_END)
    assert (c.name, c.start, c.end) == ("Ama", FY_START, FY_END)


def test_period_ending_before_it_starts_is_refused_R_CL_1() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        period_capacity(person(37.5), dt.date(2027, 5, 2), dt.date(2027, 5, 1))
    assert (caught.value.field, caught.value.rule) == ("end", "R-CL-1")


@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", [dt.datetime(2027, 5, 1, 9, 0), "2027-05-01", None], ids=repr)
def test_period_bounds_must_be_dates_R_CL_1(field: str, value: Any) -> None:
    bounds: dict[str, Any] = {"start": FY_START, "end": FY_END, field: value}
    with pytest.raises(InvalidPolicy) as caught:
        period_capacity(person(37.5), bounds["start"], bounds["end"])
    assert (caught.value.field, caught.value.rule) == (field, "R-CL-1")


def test_period_capacity_refuses_an_over_committed_practitioner_R_CL_2() -> None:
    p = person(2, groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
    with pytest.raises(InvalidPolicy, match="groups"):
        period_capacity(p, FY_START, FY_END)


# --------------------------------------------------------------------------- a year for the team


def test_annual_capacity_gives_each_practitioner_in_order_R_CL_1() -> None:
    # 37.5 h: 916 (above); 18.75 h: 458 (above)
    team = Team(practitioners=[person(37.5, name="A"), person(18.75, name="B")])
    assert [(c.name, c.family_sessions) for c in annual_capacity(team, 2027)] == [
        ("A", 916),
        ("B", 458),
    ]


def test_annual_capacity_covers_the_financial_year_R_CL_7() -> None:
    (c,) = annual_capacity(Team(practitioners=[person(37.5)]), 2027)
    assert (c.start, c.end) == (FY_START, FY_END)


def test_annual_capacity_keeps_the_teams_bank_holidays_R_CL_1() -> None:
    # Scotland: 254 days, (254 - 27) x 4 = 908 (England: 916)
    team = Team(policy=TeamPolicy(nation=Nation.SCOTLAND), practitioners=[person(37.5)])
    assert annual_capacity(team, 2027)[0].family_sessions == 908


def test_annual_capacity_removes_the_teams_closures_R_CL_1() -> None:
    # closed Fri 24 and Wed 29 - Fri 31 Dec 2027: (252 - 27) x 4 = 900
    closures = [dt.date(2027, 12, d) for d in (24, 29, 30, 31)]
    team = Team(policy=TeamPolicy(closures=closures), practitioners=[person(37.5)])
    assert annual_capacity(team, 2027)[0].family_sessions == 900


def test_annual_capacity_uses_the_teams_capacity_policy_R_CL_1() -> None:
    # 3 families a day: (256 - 27) x 3 = 687
    team = Team(capacity=CapacityPolicy(families_per_day=3), practitioners=[person(37.5)])
    assert annual_capacity(team, 2027)[0].family_sessions == 687


def test_annual_capacity_of_an_empty_team_is_empty_R_CL_1() -> None:
    assert annual_capacity(Team(), 2027) == ()


def test_annual_capacity_refuses_a_bad_year_R_CL_7() -> None:
    with pytest.raises(InvalidPolicy, match="year"):
        annual_capacity(Team(), 1066)


# --------------------------------------------------------------------------- properties


def _hours_out(capacities: list[TeamCapacity]) -> dict[str, Fraction]:
    totals: dict[str, Fraction] = {}
    for capacity in capacities:
        for activity, hours in capacity.hours_out:
            totals[activity] = totals.get(activity, Fraction(0)) + hours
    return totals


TOTALS = (
    "contracted_hours",
    "family_sessions",
    "families_at_once",
    "caseload",
    "headroom",
    "non_clinical_hours",
)


@given(policies_and_practitioners())
def test_weekly_capacity_is_never_negative_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner],
) -> None:
    policy, p = drawn
    c = practitioner_capacity(p, policy)
    assert min(c.family_sessions, c.families_at_once, c.headroom, c.over_capacity_by) >= 0


@given(policies_and_practitioners())
def test_headroom_and_over_capacity_are_never_both_positive_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner],
) -> None:
    policy, p = drawn
    c = practitioner_capacity(p, policy)
    assert c.headroom - c.over_capacity_by == c.families_at_once - c.caseload
    assert c.headroom == 0 or c.over_capacity_by == 0


@given(policies_and_practitioners())
def test_sessions_are_the_rule_of_thumb_on_hours_left_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner],
) -> None:
    policy, p = drawn
    c = practitioner_capacity(p, policy)
    left = p.contracted_hours - c.hours_taken_out
    assert c.family_sessions == left / policy.day_hours * policy.families_per_day


@given(teams(), st.data())
def test_team_capacity_is_additive_over_practitioners_R_CL_1(
    team: Team, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(team.practitioners)))
    whole = team_capacity(team)
    parts = [
        team_capacity(attrs.evolve(team, practitioners=team.practitioners[:cut])),
        team_capacity(attrs.evolve(team, practitioners=team.practitioners[cut:])),
    ]
    for total in TOTALS:
        assert getattr(whole, total) == sum(getattr(part, total) for part in parts), total
    assert dict(whole.hours_out) == _hours_out(parts)
    assert whole.rows() == parts[0].rows() + parts[1].rows()


@given(teams(), st.data())
def test_adding_a_practitioner_never_reduces_a_team_total_R_CL_1(
    team: Team, data: st.DataObject
) -> None:
    # drawn names are letters and spaces only, so "Newcomer 1" is never taken
    newcomer = attrs.evolve(data.draw(practitioners(policy=team.capacity)), name="Newcomer 1")
    before = team_capacity(team)
    after = team_capacity(team.with_practitioner(newcomer))
    for total in TOTALS:
        assert getattr(after, total) >= getattr(before, total), total
    grown = dict(after.hours_out)
    assert all(grown[activity] >= hours for activity, hours in before.hours_out)


@given(policies_and_practitioners(), st.data())
def test_more_contracted_hours_never_reduce_sessions_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner], data: st.DataObject
) -> None:
    policy, p = drawn
    extra = data.draw(capacity_hours(max_value=168 - p.contracted_hours))
    more = attrs.evolve(p, contracted_hours=p.contracted_hours + extra)
    before, after = practitioner_capacity(p, policy), practitioner_capacity(more, policy)
    assert after.family_sessions >= before.family_sessions
    assert after.families_at_once >= before.families_at_once
    assert after.headroom >= before.headroom


@given(policies_and_practitioners(), st.data())
def test_taking_out_more_hours_never_increases_sessions_R_CL_1_R_TM_1(
    drawn: tuple[CapacityPolicy, Practitioner], data: st.DataObject
) -> None:
    policy, p = drawn
    before = practitioner_capacity(p, policy)
    # The new duty must fit what the contract has left once every commitment
    # (routine ones included) and the groups are counted.
    committed = sum((c.hours_per_week for c in p.commitments), Fraction(0))
    spare = p.contracted_hours - max(before.hours_taken_out, committed)
    duty = data.draw(commitments(max_hours=spare))
    after = practitioner_capacity(attrs.evolve(p, commitments=[*p.commitments, duty]), policy)
    assert after.family_sessions <= before.family_sessions
    # exactly: the hours the duty takes out (none if routine) at the rule-of-thumb rate
    drop = duty.hours_taken_out / policy.day_hours * policy.families_per_day
    assert after.family_sessions == before.family_sessions - drop


@given(teams(policies=team_policies(), leave_between=(FY_START, FY_END)))
def test_annual_capacity_is_each_practitioners_period_capacity_R_CL_1(team: Team) -> None:
    start, end = financial_year(2027)
    expected = tuple(
        period_capacity(p, start, end, calendar=team.policy.calendar, policy=team.capacity)
        for p in team.practitioners
    )
    assert annual_capacity(team, 2027) == expected


@given(teams(leave_between=(FY_START, FY_END)), st.data())
def test_annual_capacity_is_additive_over_practitioners_R_CL_1(
    team: Team, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(team.practitioners)))
    first = attrs.evolve(team, practitioners=team.practitioners[:cut])
    second = attrs.evolve(team, practitioners=team.practitioners[cut:])
    whole = annual_capacity(team, 2027)
    assert whole == annual_capacity(first, 2027) + annual_capacity(second, 2027)
    assert sum(c.family_sessions for c in whole) == sum(
        c.family_sessions for c in annual_capacity(first, 2027)
    ) + sum(c.family_sessions for c in annual_capacity(second, 2027))


@given(
    policies_and_practitioners(),
    st.integers(min_value=2025, max_value=2027),
    st.integers(min_value=1, max_value=3),
)
def test_consecutive_financial_years_add_up_without_booked_leave_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner], first: int, years: int
) -> None:
    """With leave at its entitlement, whole years add up: leave is one year's per year.

    (Not when the entitlement fills a whole year's working days: leave is capped
    at the days worked, and over several years the cap applies to their total.)
    """
    policy, p = drawn
    start, end = financial_year(first)[0], financial_year(first + years - 1)[1]
    whole = period_capacity(p, start, end, policy=policy)
    parts = [
        period_capacity(p, *financial_year(y), policy=policy) for y in range(first, first + years)
    ]
    assume(all(part.leave_days < part.working_days for part in parts))
    assert whole.leave_days == sum(part.leave_days for part in parts)
    assert whole.family_sessions == sum(part.family_sessions for part in parts)


periods = st.tuples(
    dates(dt.date(2027, 1, 1), dt.date(2028, 6, 30)), st.integers(min_value=0, max_value=400)
)
LEAVE_WINDOW = (dt.date(2027, 1, 1), dt.date(2029, 8, 4))


@given(
    policies_and_practitioners(leave_between=LEAVE_WINDOW),
    periods,
)
def test_period_capacity_is_never_negative_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner], period: tuple[dt.date, int]
) -> None:
    policy, p = drawn
    start, length = period
    c = period_capacity(p, start, start + dt.timedelta(days=length), policy=policy)
    assert min(c.leave_days, c.available_hours, c.family_sessions) >= 0
    assert c.leave_days <= c.working_days


def _within_weekly_rate(c: PeriodCapacity, weekly_sessions: Fraction, weeks: int) -> bool:
    return c.family_sessions <= weekly_sessions * weeks


@given(
    policies_and_practitioners(leave_between=LEAVE_WINDOW),
    periods,
)
def test_period_capacity_never_exceeds_the_weekly_rate_for_the_weeks_touched_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner], period: tuple[dt.date, int]
) -> None:
    """Each weekday occurs at most ceil(days / 7) times in a period, so sessions
    never pass the weekly rate x ceil(days / 7). (A bound of days / 7 without
    rounding up would not hold: a period of one Monday has a whole day's work.)
    """
    policy, p = drawn
    start, length = period
    end = start + dt.timedelta(days=length)
    c = period_capacity(p, start, end, policy=policy)
    weeks = math.ceil(((end - start).days + 1) / 7)
    assert _within_weekly_rate(c, practitioner_capacity(p, policy).family_sessions, weeks)


@given(
    policies_and_practitioners(leave_between=LEAVE_WINDOW),
    dates(dt.date(2027, 1, 1), dt.date(2028, 6, 30)),
    st.integers(min_value=1, max_value=57),
)
def test_period_of_whole_weeks_never_exceeds_weekly_rate_times_weeks_R_CL_1(
    drawn: tuple[CapacityPolicy, Practitioner], start: dt.date, weeks: int
) -> None:
    policy, p = drawn
    end = start + dt.timedelta(days=7 * weeks - 1)
    c = period_capacity(p, start, end, policy=policy)
    assert _within_weekly_rate(c, practitioner_capacity(p, policy).family_sessions, weeks)


def test_routine_time_beyond_the_contract_is_refused_R_TM_1() -> None:
    # 12 hours of supervision take nothing out of capacity, but cannot fit a 10-hour week.
    with pytest.raises(InvalidPolicy) as excinfo:
        Practitioner(
            name="A",
            contracted_hours=10,
            commitments=[Commitment(activity="supervision", hours_per_week=12)],
        )
    assert excinfo.value.field == "commitments"
    assert "R-CL-1" in str(excinfo.value)


def test_a_team_of_something_other_than_practitioners_is_a_typed_error_R_CL_1() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        Team(practitioners=5)  # type: ignore[arg-type]
    assert excinfo.value.field == "practitioners"


def test_a_commitment_note_must_be_text_R_CL_3() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        Commitment(activity="strategy", hours_per_week=1, note=3)  # type: ignore[arg-type]
    assert excinfo.value.field == "note"
