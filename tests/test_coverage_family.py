"""Branch coverage for `parentinfant.family`: malformed families and time windows are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant.errors import InvalidFamily, InvalidPolicy
from parentinfant.family import Family, Infant, Parent, TimeWindow, to_windows

BABY = Infant.born_on(dt.date(2026, 9, 1))
ANA = Parent("Ana", "mother")


@pytest.mark.parametrize("start", ["08:15", dt.time(8, 15, tzinfo=dt.UTC)])
def test_a_time_window_needs_a_time_of_day_without_a_zone(start: object) -> None:
    # R-AP-3: school-run windows are local times of day.
    with pytest.raises(InvalidPolicy) as caught:
        TimeWindow(start, dt.time(9, 15))  # type: ignore[arg-type]
    assert caught.value.field == "start"
    assert caught.value.rule == "R-AP-3"


@pytest.mark.parametrize("value", ["08:15-09:15", 3])
def test_windows_given_as_text_or_a_number_are_refused(value: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        to_windows(value)  # type: ignore[arg-type]
    assert caught.value.field == "school_runs"
    assert caught.value.value == value


@pytest.mark.parametrize("days", [1, "0"])
def test_unsuitable_days_must_be_a_collection_of_weekdays(days: object) -> None:
    # R-AL-4: the days that do not suit a family are weekday numbers.
    with pytest.raises(InvalidFamily) as caught:
        Family(parents=[ANA], infant=BABY, unsuitable_days=days)  # type: ignore[arg-type]
    assert caught.value.field == "unsuitable_days"
    assert caught.value.requirement == "must hold weekday numbers"


@pytest.mark.parametrize("day", [7, -1, True, "Monday"])
def test_unsuitable_days_outside_monday_to_sunday_are_refused(day: object) -> None:
    with pytest.raises(InvalidFamily) as caught:
        Family(parents=[ANA], infant=BABY, unsuitable_days=[0, day])  # type: ignore[list-item]
    assert caught.value.field == "unsuitable_days"
    assert caught.value.value == day
    assert caught.value.rule == "R-AL-4"


def test_a_family_needs_an_infant_value() -> None:
    # R-IN-3: the infant may be unborn, but it is always an Infant.
    with pytest.raises(InvalidFamily) as caught:
        Family(parents=[ANA], infant=dt.date(2026, 9, 1))  # type: ignore[arg-type]
    assert caught.value.field == "infant"
    assert caught.value.rule == "R-IN-3"


@pytest.mark.parametrize("parents", [ANA, "Ana", 1])
def test_parents_must_be_a_sequence_not_a_single_parent(parents: object) -> None:
    # R-FC-2: a couple is referred with their baby, so parents are always a sequence.
    with pytest.raises(InvalidFamily) as caught:
        Family(parents=parents, infant=BABY)  # type: ignore[arg-type]
    assert caught.value.field == "parents"
    assert caught.value.rule == "R-FC-2"


def test_every_parent_must_be_a_parent_value() -> None:
    # R-REC-5: fathers and partners are recorded as parents in their own right, with their details.
    with pytest.raises(InvalidFamily) as caught:
        Family(parents=[ANA, "Tom"], infant=BABY)  # type: ignore[list-item]
    assert caught.value.field == "parents"
    assert caught.value.value == "Tom"
    assert caught.value.rule == "R-REC-5"
