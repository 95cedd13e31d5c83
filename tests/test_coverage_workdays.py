"""Branch coverage for `parentinfant.workdays`: counting past long closures (R-SC-5)."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant.errors import InvalidPolicy
from parentinfant.workdays import WorkingCalendar

D = dt.date


def _every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [D.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def test_a_team_closed_for_whole_years_counts_from_the_day_it_reopens() -> None:
    # R-SC-5: closures that empty whole years make the index search further ahead.
    closed = WorkingCalendar("england", closures=_every_day(D(2026, 1, 1), D(2028, 12, 31)))
    # 1 Jan 2029 is New Year's Day (a bank holiday), so Tue 2 Jan is the first working day.
    assert closed.add_working_days(D(2026, 3, 2), 1) == D(2029, 1, 2)
    assert closed.add_working_days(D(2026, 3, 2), 0) == D(2029, 1, 2)
    assert closed.working_days_between(D(2026, 3, 2), D(2029, 1, 2)) == 1


def test_counting_past_the_last_representable_year_is_refused() -> None:
    # R-SC-5: a deadline beyond 31 December 9999 cannot be given as a date.
    with pytest.raises(InvalidPolicy) as caught:
        WorkingCalendar().add_working_days(D(dt.MAXYEAR, 12, 20), 30)
    assert caught.value.field == "start"
    assert caught.value.rule == "R-SC-5"
    assert str(dt.MAXYEAR) in str(caught.value)


def test_a_deadline_near_the_end_of_the_calendar_is_still_found() -> None:
    # Fri 17 Dec 9999 + 1 working day is Mon 20 Dec 9999 (no bank holiday between).
    assert WorkingCalendar().add_working_days(D(dt.MAXYEAR, 12, 17), 1) == D(dt.MAXYEAR, 12, 20)
