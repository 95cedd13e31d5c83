"""Working days and the screening decision deadline (R-SC-5).

Every expected date below is worked out by hand from a printed calendar and
the published UK bank holidays (gov.uk), with the count written in a comment:
"(1)" marks the first working day counted, "(5)" the fifth.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.errors import InvalidPolicy, ParentInfantError, UnknownNation
from parentinfant.screening import decision_due
from parentinfant.workdays import Nation, WorkingCalendar

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# --------------------------------------------------------------------------- builders

nations = st.sampled_from(list(Nation))
days_1990_2060 = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))


@st.composite
def calendars_and_starts(draw: st.DrawFn) -> tuple[WorkingCalendar, dt.date]:
    """A calendar with a few closure days near a start day, and that start day."""
    start = draw(days_1990_2060)
    offsets = draw(st.lists(st.integers(min_value=-5, max_value=60), max_size=8))
    closures = [start + dt.timedelta(days=k) for k in offsets]
    return WorkingCalendar(draw(nations), closures=closures), start


def naive_add_working_days(calendar: WorkingCalendar, start: dt.date, n: int) -> dt.date:
    """R-SC-5 counted day by day: the start never counts; n=0 is the first day one can act."""
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += ONE_DAY
        return day
    counted = 0
    while counted < n:
        day += ONE_DAY
        if calendar.is_working_day(day):
            counted += 1
    return day


def naive_working_days_between(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``, counted one by one."""
    count = 0
    day = start + ONE_DAY
    while day <= end:
        count += calendar.is_working_day(day)
        day += ONE_DAY
    return count


# --------------------------------------------------------------------------- the count itself


def test_day_of_receipt_never_counts_r_sc_5() -> None:
    # Mon 2 Mar 2026 -> Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5).
    assert decision_due(D(2026, 3, 2)) == D(2026, 3, 9)


def test_one_working_day_after_a_working_day_is_the_next_working_day_r_sc_5() -> None:
    # Tue 3 Mar 2026 -> Wed 4 Mar (1); the Tuesday itself is not counted.
    assert decision_due(D(2026, 3, 3), working_days=1) == D(2026, 3, 4)


@pytest.mark.parametrize("received", [D(2026, 3, 7), D(2026, 3, 8)], ids=["saturday", "sunday"])
def test_weekend_receipt_counts_from_the_next_working_day_r_sc_5(received: dt.date) -> None:
    # Sat 7 / Sun 8 Mar 2026 -> Mon 9 (1), Tue 10 (2), Wed 11 (3), Thu 12 (4), Fri 13 (5).
    assert decision_due(received) == D(2026, 3, 13)


def test_weekend_receipt_is_due_with_the_previous_friday_receipt_r_sc_5() -> None:
    # Fri 6 Mar 2026 -> Mon 9 (1) ... Fri 13 (5); a Saturday receipt also starts at Mon 9.
    assert decision_due(D(2026, 3, 7)) == decision_due(D(2026, 3, 6)) == D(2026, 3, 13)


def test_bank_holiday_receipt_counts_from_the_next_working_day_r_sc_5() -> None:
    # Good Friday 3 Apr 2026, then Easter Monday 6 Apr (England): Tue 7 (1), Wed 8 (2),
    # Thu 9 (3), Fri 10 (4), Mon 13 (5).
    assert decision_due(D(2026, 4, 3), nation="england") == D(2026, 4, 13)


def test_working_days_zero_on_a_working_day_is_that_day_r_sc_5() -> None:
    # Mon 2 Mar 2026 is a working day: the team can act on it.
    assert decision_due(D(2026, 3, 2), working_days=0) == D(2026, 3, 2)


def test_working_days_zero_on_a_weekend_is_the_next_working_day_r_sc_5() -> None:
    # Sat 7 Mar 2026 -> Mon 9 Mar is the first day the team can act.
    assert decision_due(D(2026, 3, 7), working_days=0) == D(2026, 3, 9)


def test_working_days_zero_on_a_bank_holiday_skips_the_whole_holiday_run_r_sc_5() -> None:
    # Fri 25 Dec 2026 Christmas, Sat, Sun, Mon 28 Boxing Day (substitute, 26th is a
    # Saturday): the first working day is Tue 29 Dec.
    assert decision_due(D(2026, 12, 25), working_days=0) == D(2026, 12, 29)


def test_decision_due_accepts_a_datetime_as_its_date_r_sc_5() -> None:
    # A referral logged at 16:45 on Mon 2 Mar 2026 is due like one received that day.
    assert decision_due(dt.datetime(2026, 3, 2, 16, 45)) == D(2026, 3, 9)


def test_longer_team_deadline_counts_more_working_days_r_sc_5() -> None:
    # Mon 2 Mar 2026, 10 working days: Tue 3..Fri 6 (4), Mon 9..Fri 13 (9), Mon 16 (10).
    assert decision_due(D(2026, 3, 2), working_days=10) == D(2026, 3, 16)


# --------------------------------------------------------------------------- nations


def test_decision_due_skips_st_andrews_day_in_scotland_r_sc_5() -> None:
    # Fri 27 Nov 2026; Mon 30 Nov is St Andrew's Day in Scotland:
    # Tue 1 Dec (1), Wed 2 (2), Thu 3 (3), Fri 4 (4), Mon 7 (5).
    assert decision_due(D(2026, 11, 27), nation="scotland") == D(2026, 12, 7)


def test_st_andrews_day_is_a_working_day_in_england_r_sc_5() -> None:
    # Fri 27 Nov 2026 in England: Mon 30 (1), Tue 1 Dec (2), Wed 2 (3), Thu 3 (4), Fri 4 (5).
    assert decision_due(D(2026, 11, 27), nation="england") == D(2026, 12, 4)


def test_st_andrews_day_on_a_sunday_moves_to_monday_in_scotland_r_sc_5() -> None:
    # 30 Nov 2025 was a Sunday; gov.uk lists Mon 1 Dec 2025 as the substitute day.
    cal = WorkingCalendar("scotland")
    assert not cal.is_working_day(D(2025, 12, 1))
    assert WorkingCalendar("england").is_working_day(D(2025, 12, 1))


def test_decision_due_skips_st_patricks_day_in_northern_ireland_r_sc_5() -> None:
    # Mon 16 Mar 2026; Tue 17 Mar is St Patrick's Day in Northern Ireland:
    # Wed 18 (1), Thu 19 (2), Fri 20 (3), Mon 23 (4), Tue 24 (5).
    assert decision_due(D(2026, 3, 16), nation="northern-ireland") == D(2026, 3, 24)


def test_st_patricks_day_is_a_working_day_in_england_r_sc_5() -> None:
    # Mon 16 Mar 2026 in England: Tue 17 (1), Wed 18 (2), Thu 19 (3), Fri 20 (4), Mon 23 (5).
    assert decision_due(D(2026, 3, 16), nation="england") == D(2026, 3, 23)


def test_decision_due_skips_the_twelfth_of_july_in_northern_ireland_r_sc_5() -> None:
    # Tue 11 Jul 2023; Wed 12 Jul is the Battle of the Boyne holiday in Northern Ireland:
    # Thu 13 (1), Fri 14 (2), Mon 17 (3), Tue 18 (4), Wed 19 (5).
    assert decision_due(D(2023, 7, 11), nation="northern-ireland") == D(2023, 7, 19)


def test_twelfth_of_july_is_a_working_day_in_scotland_r_sc_5() -> None:
    # Tue 11 Jul 2023 in Scotland: Wed 12 (1), Thu 13 (2), Fri 14 (3), Mon 17 (4), Tue 18 (5).
    assert decision_due(D(2023, 7, 11), nation="scotland") == D(2023, 7, 18)


def test_twelfth_of_july_on_a_sunday_moves_to_monday_in_northern_ireland_r_sc_5() -> None:
    # 12 Jul 2026 is a Sunday; the substitute holiday is Mon 13 Jul 2026.
    assert not WorkingCalendar("northern-ireland").is_working_day(D(2026, 7, 13))
    assert WorkingCalendar("england").is_working_day(D(2026, 7, 13))


def test_decision_due_skips_the_second_of_january_in_scotland_r_sc_5() -> None:
    # Wed 31 Dec 2025; Thu 1 Jan 2026 New Year, Fri 2 Jan is a holiday in Scotland only:
    # Mon 5 (1), Tue 6 (2), Wed 7 (3), Thu 8 (4), Fri 9 (5).
    assert decision_due(D(2025, 12, 31), nation="scotland") == D(2026, 1, 9)


def test_second_of_january_is_a_working_day_in_england_r_sc_5() -> None:
    # Wed 31 Dec 2025 in England: Fri 2 Jan (1), Mon 5 (2), Tue 6 (3), Wed 7 (4), Thu 8 (5).
    assert decision_due(D(2025, 12, 31), nation="england") == D(2026, 1, 8)


def test_decision_due_counts_easter_monday_as_working_in_scotland_r_sc_5() -> None:
    # Easter 2026 is Sun 5 Apr. Receipt Thu 2 Apr; Good Friday 3 Apr is a holiday everywhere,
    # Easter Monday 6 Apr is not one in Scotland: Mon 6 (1), Tue 7 (2), Wed 8 (3),
    # Thu 9 (4), Fri 10 (5).
    assert decision_due(D(2026, 4, 2), nation="scotland") == D(2026, 4, 10)


@pytest.mark.parametrize("nation", ["england", "wales", "northern-ireland"])
def test_decision_due_skips_easter_monday_outside_scotland_r_sc_5(nation: str) -> None:
    # Thu 2 Apr 2026; Fri 3 and Mon 6 are holidays: Tue 7 (1), Wed 8 (2), Thu 9 (3),
    # Fri 10 (4), Mon 13 (5).
    assert decision_due(D(2026, 4, 2), nation=nation) == D(2026, 4, 13)


def test_summer_bank_holiday_is_early_august_in_scotland_late_august_elsewhere_r_sc_5() -> None:
    # Scotland: first Monday of August (3 Aug 2026); England: last Monday (31 Aug 2026).
    scotland, england = WorkingCalendar("scotland"), WorkingCalendar("england")
    assert (scotland.is_working_day(D(2026, 8, 3)), scotland.is_working_day(D(2026, 8, 31))) == (
        False,
        True,
    )
    assert (england.is_working_day(D(2026, 8, 3)), england.is_working_day(D(2026, 8, 31))) == (
        True,
        False,
    )


# --------------------------------------------------------------------------- one-off holidays


@pytest.mark.parametrize("nation", list(Nation))
def test_decision_due_skips_the_2022_state_funeral_in_every_nation_r_sc_5(nation: Nation) -> None:
    # Fri 16 Sep 2022; Mon 19 Sep was the State Funeral of Queen Elizabeth II:
    # Tue 20 (1), Wed 21 (2), Thu 22 (3), Fri 23 (4), Mon 26 (5).
    assert decision_due(D(2022, 9, 16), nation=nation) == D(2022, 9, 26)


@pytest.mark.parametrize("nation", list(Nation))
def test_decision_due_skips_the_2023_coronation_in_every_nation_r_sc_5(nation: Nation) -> None:
    # Fri 5 May 2023; Mon 8 May was the Coronation bank holiday:
    # Tue 9 (1), Wed 10 (2), Thu 11 (3), Fri 12 (4), Mon 15 (5).
    assert decision_due(D(2023, 5, 5), nation=nation) == D(2023, 5, 15)


def test_decision_due_skips_both_platinum_jubilee_days_r_sc_5() -> None:
    # Wed 1 Jun 2022; Thu 2 (spring bank holiday, moved) and Fri 3 (Jubilee) were holidays:
    # Mon 6 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5).
    assert decision_due(D(2022, 6, 1)) == D(2022, 6, 10)


def test_moved_spring_bank_holiday_leaves_its_usual_monday_working_r_sc_5() -> None:
    # In 2022 the late-May bank holiday moved from Mon 30 May to Thu 2 Jun.
    assert WorkingCalendar("england").is_working_day(D(2022, 5, 30))


def test_bank_holidays_lists_the_state_funeral_r_sc_5() -> None:
    assert D(2022, 9, 19) in WorkingCalendar("wales").bank_holidays(2022)


# --------------------------------------------------------------------------- team closures


def test_decision_due_skips_team_closure_days_r_sc_5() -> None:
    # Mon 2 Mar 2026 with the team closed Wed 4 Mar: Tue 3 (1), Thu 5 (2), Fri 6 (3),
    # Mon 9 (4), Tue 10 (5).
    assert decision_due(D(2026, 3, 2), closures=[D(2026, 3, 4)]) == D(2026, 3, 10)


def test_receipt_on_a_closure_day_counts_from_the_next_working_day_r_sc_5() -> None:
    # Closed Mon 2 Mar 2026 (receipt day): Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5).
    assert decision_due(D(2026, 3, 2), closures=[D(2026, 3, 2)]) == D(2026, 3, 9)


def test_closure_on_a_weekend_changes_nothing_r_sc_5() -> None:
    # Sat 7 Mar 2026 is not a working day anyway.
    assert decision_due(D(2026, 3, 2), closures=[D(2026, 3, 7)]) == D(2026, 3, 9)


def test_closed_christmas_week_pushes_the_deadline_into_january_r_sc_5() -> None:
    # England, receipt Mon 21 Dec 2026, team closed Tue 22 to Thu 31 Dec.
    # Fri 25 Christmas, Mon 28 Boxing Day (substitute), Fri 1 Jan 2027 New Year:
    # Mon 4 Jan (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5).
    closed = [D(2026, 12, 22) + dt.timedelta(days=k) for k in range(10)]
    assert decision_due(D(2026, 12, 21), closures=closed) == D(2027, 1, 8)


def test_closure_reason_is_team_closure_r_sc_5() -> None:
    cal = WorkingCalendar("england", closures=[D(2026, 3, 4)])
    assert cal.non_working_reason(D(2026, 3, 4)) == "team closure"


def test_weekend_reason_names_the_day_r_sc_5() -> None:
    assert WorkingCalendar().non_working_reason(D(2026, 3, 7)) == "weekend: Saturday"


def test_bank_holiday_reason_wins_over_a_closure_on_the_same_day_r_sc_5() -> None:
    cal = WorkingCalendar("england", closures=[D(2026, 12, 25)])
    reason = cal.non_working_reason(D(2026, 12, 25))
    assert reason is not None
    assert reason.startswith("bank holiday: ")


def test_closures_must_be_dates_r_sc_5() -> None:
    with pytest.raises(InvalidPolicy) as info:
        WorkingCalendar("england", closures=["2026-12-24"])  # type: ignore[list-item]
    assert (info.value.field, info.value.rule) == ("closures", "R-SC-5")


def test_closures_must_not_be_datetimes_r_sc_5() -> None:
    with pytest.raises(InvalidPolicy):
        WorkingCalendar("england", closures=[dt.datetime(2026, 12, 24, 9, 0)])


# --------------------------------------------------------------------------- year boundaries


def test_christmas_and_new_year_cross_the_year_in_england_r_sc_5() -> None:
    # Thu 24 Dec 2026: Fri 25 Christmas, Mon 28 Boxing Day (substitute), Tue 29 (1),
    # Wed 30 (2), Thu 31 (3), Fri 1 Jan New Year, Mon 4 (4), Tue 5 (5).
    assert decision_due(D(2026, 12, 24), nation="england") == D(2027, 1, 5)


def test_christmas_and_new_year_cross_the_year_in_scotland_r_sc_5() -> None:
    # As in England, but Sat 2 Jan 2027 is a Scottish holiday, substituted on Mon 4 Jan:
    # Tue 29 (1), Wed 30 (2), Thu 31 (3), Tue 5 (4), Wed 6 (5).
    assert decision_due(D(2026, 12, 24), nation="scotland") == D(2027, 1, 6)


def test_new_year_on_a_weekend_gives_two_substitute_days_in_scotland_r_sc_5() -> None:
    # Sat 1 and Sun 2 Jan 2022 -> Scottish substitutes Mon 3 and Tue 4 Jan. Receipt Fri 31 Dec
    # 2021: Wed 5 (1), Thu 6 (2), Fri 7 (3), Mon 10 (4), Tue 11 (5).
    assert decision_due(D(2021, 12, 31), nation="scotland") == D(2022, 1, 11)


def test_new_year_on_a_weekend_gives_one_substitute_day_in_england_r_sc_5() -> None:
    # England has only Mon 3 Jan 2022: Tue 4 (1), Wed 5 (2), Thu 6 (3), Fri 7 (4), Mon 10 (5).
    assert decision_due(D(2021, 12, 31), nation="england") == D(2022, 1, 10)


def test_working_days_between_counts_across_the_year_end_r_sc_5() -> None:
    # After Thu 24 Dec 2026 up to Tue 5 Jan 2027 in England: 29, 30, 31 Dec, 4, 5 Jan.
    assert WorkingCalendar("england").working_days_between(D(2026, 12, 24), D(2027, 1, 5)) == 5


def test_working_days_between_is_negative_when_end_precedes_start_r_sc_5() -> None:
    # Mon 2 Mar to Mon 9 Mar 2026 holds 5 working days (Tue 3..Fri 6, Mon 9).
    cal = WorkingCalendar("england")
    assert cal.working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == -5


# --------------------------------------------------------------------------- Nation.parse


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        ("england", Nation.ENGLAND),
        ("England", Nation.ENGLAND),
        ("  ENGLAND ", Nation.ENGLAND),
        ("ENG", Nation.ENGLAND),
        ("wales", Nation.WALES),
        ("wls", Nation.WALES),
        ("Scotland", Nation.SCOTLAND),
        ("SCT", Nation.SCOTLAND),
        ("northern-ireland", Nation.NORTHERN_IRELAND),
        ("Northern Ireland", Nation.NORTHERN_IRELAND),
        ("northern_ireland", Nation.NORTHERN_IRELAND),
        ("NIR", Nation.NORTHERN_IRELAND),
        ("NI", Nation.NORTHERN_IRELAND),
    ],
)
def test_nation_parse_accepts_names_codes_and_aliases_r_sc_5(text: str, nation: Nation) -> None:
    assert Nation.parse(text) is nation


@pytest.mark.parametrize("nation", list(Nation))
def test_nation_parse_returns_a_nation_unchanged_r_sc_5(nation: Nation) -> None:
    assert Nation.parse(nation) is nation


@pytest.mark.parametrize("value", ["france", "", "uk", "GB", "great britain", 3, None])
def test_nation_parse_rejects_what_names_no_uk_nation_r_sc_5(value: object) -> None:
    with pytest.raises(UnknownNation) as info:
        Nation.parse(value)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == ("nation", "R-SC-5", value)


def test_unknown_nation_is_a_value_error_and_a_library_error_r_sc_5() -> None:
    with pytest.raises(UnknownNation) as info:
        decision_due(D(2026, 3, 2), nation="atlantis")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ParentInfantError)


def test_calendars_for_the_same_nation_spelt_differently_are_equal_r_sc_5() -> None:
    closure = D(2026, 3, 4)
    assert WorkingCalendar("Scotland", closures=[closure]) == WorkingCalendar(
        Nation.SCOTLAND, closures=frozenset({closure})
    )


@pytest.mark.parametrize(
    ("code", "nation"),
    [
        ("ENG", Nation.ENGLAND),
        ("WLS", Nation.WALES),
        ("SCT", Nation.SCOTLAND),
        ("NIR", Nation.NORTHERN_IRELAND),
    ],
)
def test_nation_subdivision_is_the_iso_code_r_sc_5(code: str, nation: Nation) -> None:
    assert nation.subdivision == code


# --------------------------------------------------------------------------- bad working_days


@pytest.mark.parametrize("bad", [-1, -5])
def test_negative_working_days_raise_invalid_policy_r_sc_5(bad: int) -> None:
    with pytest.raises(InvalidPolicy) as info:
        decision_due(D(2026, 3, 2), working_days=bad)
    assert (info.value.field, info.value.rule, info.value.value) == ("working_days", "R-SC-5", bad)
    assert "working_days" in str(info.value)
    assert "R-SC-5" in str(info.value)


@pytest.mark.parametrize("bad", [2.0, 2.5, "5", None, True, False])
def test_non_integer_working_days_raise_invalid_policy_r_sc_5(bad: object) -> None:
    # A bool is not a count, even though True == 1.
    with pytest.raises(InvalidPolicy) as info:
        WorkingCalendar().add_working_days(D(2026, 3, 2), bad)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule) == ("working_days", "R-SC-5")
    assert "working_days" in str(info.value)
    assert "R-SC-5" in str(info.value)


def test_start_that_is_not_a_date_raises_invalid_policy_r_sc_5() -> None:
    with pytest.raises(InvalidPolicy) as info:
        WorkingCalendar().add_working_days("2026-03-02", 5)  # type: ignore[arg-type]
    assert info.value.field == "start"


# --------------------------------------------------------------------------- properties


@given(cs=calendars_and_starts(), n=st.integers(min_value=1, max_value=400))
def test_result_is_a_working_day_strictly_after_receipt_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], n: int
) -> None:
    cal, start = cs
    due = cal.add_working_days(start, n)
    assert due > start
    assert cal.is_working_day(due)


@given(cs=calendars_and_starts())
def test_zero_working_days_gives_the_first_working_day_on_or_after_start_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date],
) -> None:
    cal, start = cs
    first = cal.add_working_days(start, 0)
    assert first >= start
    assert cal.is_working_day(first)
    skipped = [start + dt.timedelta(days=k) for k in range((first - start).days)]
    assert not any(cal.is_working_day(day) for day in skipped)


@given(cs=calendars_and_starts(), n=st.integers(min_value=1, max_value=400))
def test_working_days_between_inverts_add_working_days_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], n: int
) -> None:
    cal, start = cs
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@given(cs=calendars_and_starts(), n=st.integers(min_value=0, max_value=300))
def test_add_working_days_is_monotone_in_n_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], n: int
) -> None:
    # From n=0 to 1 the day may stay (start not a working day); from n>=1 it moves on.
    cal, start = cs
    now, then = cal.add_working_days(start, n), cal.add_working_days(start, n + 1)
    assert now <= then
    if n >= 1:
        assert now < then


@given(
    cs=calendars_and_starts(),
    gap=st.integers(min_value=0, max_value=40),
    n=st.integers(min_value=0, max_value=30),
)
def test_add_working_days_is_monotone_in_the_start_date_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], gap: int, n: int
) -> None:
    cal, start = cs
    later = start + dt.timedelta(days=gap)
    assert cal.add_working_days(start, n) <= cal.add_working_days(later, n)


@given(cs=calendars_and_starts(), n=st.integers(min_value=0, max_value=400))
def test_add_working_days_agrees_with_a_day_by_day_count_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], n: int
) -> None:
    cal, start = cs
    assert cal.add_working_days(start, n) == naive_add_working_days(cal, start, n)


@given(cs=calendars_and_starts(), span=st.integers(min_value=0, max_value=500))
def test_working_days_between_agrees_with_a_day_by_day_count_r_sc_5(
    cs: tuple[WorkingCalendar, dt.date], span: int
) -> None:
    cal, start = cs
    end = start + dt.timedelta(days=span)
    assert cal.working_days_between(start, end) == naive_working_days_between(cal, start, end)


@given(
    received=days_1990_2060,
    nation=nations,
    offsets=st.lists(st.integers(min_value=0, max_value=20), max_size=5),
    n=st.integers(min_value=0, max_value=15),
)
def test_decision_due_agrees_with_a_day_by_day_count_r_sc_5(
    received: dt.date, nation: Nation, offsets: list[int], n: int
) -> None:
    closures = [received + dt.timedelta(days=k) for k in offsets]
    expected = naive_add_working_days(WorkingCalendar(nation, closures), received, n)
    assert decision_due(received, nation=nation, working_days=n, closures=closures) == expected


@given(
    days=st.lists(st.dates(dt.date(1995, 1, 1), dt.date(2055, 12, 31)), min_size=1, max_size=30),
    nation=st.sampled_from(
        ["england", "wales", "scotland", "northern-ireland", "SCT", "Northern Ireland", *Nation]
    ),
    working_days=st.integers(min_value=1, max_value=40),
)
def test_decision_due_fast_path_agrees_with_the_calendar_R_SC_5(
    days: list[dt.date], nation: str | Nation, working_days: int
) -> None:
    # decision_due answers repeated calls from a cached index (its fast path); every
    # answer, first or repeated, must be the calendar's own count.
    calendar = WorkingCalendar(nation)
    for day in days + days:
        assert decision_due(day, nation=nation, working_days=working_days) == (
            calendar.add_working_days(day, working_days)
        )
