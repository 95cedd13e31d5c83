"""The non-clinical activity report: refusals name field, rule and value; the text adds up (R-CL-3)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from parentinfant._activity import (
    ActivityRecord,
    NonClinicalActivity,
    activity_report,
)
from parentinfant._capacity import Activity
from parentinfant.errors import InvalidRecord

D = dt.date
RULE = "R-CL-3"
KINDS = "'consultation', 'training-delivered', 'strategy', 'conference', 'presentation'"


def record(kind: str, on: dt.date, hours: object, people: int) -> ActivityRecord:
    return ActivityRecord(kind=kind, on=on, hours=hours, people_reached=people, practitioner="Lee")


def assert_refusal(error: InvalidRecord, field: str, requirement: str, value: object) -> None:
    """The error carries field, rule and value, and its message names all three."""
    assert error.field == field
    assert error.rule == RULE
    assert error.value == value
    assert str(error) == f"{field} {requirement} ({RULE}), got {value!r}"


# --------------------------------------------------------------------------- refusals


def test_a_kind_given_as_text_to_from_activity_is_refused_showing_the_text_R_CL_3() -> None:
    """R-CL-3: from_activity takes a capacity Activity; anything else is named as given."""
    with pytest.raises(InvalidRecord) as info:
        NonClinicalActivity.from_activity("strategy")  # type: ignore[arg-type]
    assert_refusal(info.value, "kind", f"must be non-clinical activity: {KINDS}", "strategy")


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param("abc", id="text"),
        pytest.param(0, id="zero"),
        pytest.param("24.01", id="over-a-day"),
        pytest.param(True, id="bool"),
    ],
)
def test_hours_outside_one_day_are_refused_naming_the_hours_R_CL_3(hours: object) -> None:
    """R-CL-3: a record is one day's activity: more than 0 and at most 24 hours."""
    with pytest.raises(InvalidRecord) as info:
        record("strategy", D(2027, 5, 12), hours, 0)
    assert_refusal(
        info.value, "hours", "must be a number more than 0 and at most 24 (one day)", hours
    )


@pytest.mark.parametrize(
    "year",
    [
        pytest.param(1899, id="1899"),
        pytest.param(2201, id="2201"),
        pytest.param(True, id="bool"),
        pytest.param("2027", id="text"),
    ],
)
def test_a_year_out_of_range_is_refused_as_a_record_error_R_CL_3(year: object) -> None:
    """R-CL-3: reports cover financial years from 1900 to 2200."""
    with pytest.raises(InvalidRecord) as info:
        activity_report([], year=year)  # type: ignore[arg-type]
    assert_refusal(info.value, "year", "must be a year between 1900 and 2200", year)


@pytest.mark.parametrize(
    ("year", "label"),
    [pytest.param(1900, "1900-01", id="1900"), pytest.param(2200, "2200-01", id="2200")],
)
def test_the_first_and_last_years_can_be_reported_R_CL_3(year: int, label: str) -> None:
    """R-CL-3: both ends of the range of years are accepted."""
    assert activity_report([], year=year).label == label


def test_an_unknown_period_lists_the_periods_R_CL_3() -> None:
    """R-CL-3: reports are by quarter or by year."""
    with pytest.raises(InvalidRecord) as info:
        activity_report([], year=2027, by="month")
    assert_refusal(info.value, "by", "must be one of 'quarter', 'year'", "month")


def test_the_report_refuses_what_is_not_a_collection_of_records_R_CL_3() -> None:
    """R-CL-3: the report is made from the activity log."""
    one = record("strategy", D(2027, 5, 12), 1, 0)
    with pytest.raises(InvalidRecord) as info:
        activity_report(one, year=2027)  # type: ignore[arg-type]
    assert_refusal(info.value, "records", "must be a collection of ActivityRecord values", one)
    with pytest.raises(InvalidRecord) as info:
        activity_report([one, "2h strategy"], year=2027)  # type: ignore[list-item]
    assert_refusal(info.value, "records", "must hold ActivityRecord values", "2h strategy")


# --------------------------------------------------------------------------- figures


def test_empty_cells_hold_exact_zero_hours_R_CL_3() -> None:
    """R-CL-3: rows are exact, so every cell's hours is a Fraction, zeros included."""
    report = activity_report([record("strategy", D(2027, 5, 12), 2, 0)], year=2027)
    assert all(type(row["hours"]) is Fraction for row in report.rows())
    assert sum(row["hours"] for row in report.rows()) == 2  # type: ignore[misc]


# --------------------------------------------------------------------------- the text


def layout(period: str, activity: str, records: str, hours: str, people: str) -> str:
    """One line of the table as the docstring lays it out: text columns to the left,
    figures to the right, two spaces between; widths here are those of the longest
    entries: a quarter label (15), 'training delivered' (18) and the headers."""
    return f"{period:<15}  {activity:<18}  {records:>7}  {hours:>5}  {people:>14}".rstrip()


def block(
    period: str, figures: list[tuple[str, str, str]], total: tuple[str, str, str]
) -> list[str]:
    labels = ["consultation", "training delivered", "strategy work", "conference", "presentation"]
    lines = [
        layout(period if i == 0 else "", label, *cells)
        for i, (label, cells) in enumerate(zip(labels, figures, strict=True))
    ]
    return [*lines, layout("", "all activity", *total)]


ZERO = ("0", "0", "0")


def test_the_quarterly_text_shows_each_quarter_then_the_year_R_CL_3() -> None:
    """R-CL-3: the commissioner reads each quarter and the year, with rounded hours.

    Q1: training 3 h to 24 people. Q3: consultations of 1.5 h and 0.125 h, to 2
    and 1 people: 1.625 h, which rounds half up to 1.63. Q4: strategy 2.999 h,
    which rounds to 3.00 and is shown as 3. The year: 3 + 1.625 + 2.999 = 7.624
    hours (7.62) and 24 + 3 = 27 people. Two records fall outside the year.
    """
    log = [
        record("training-delivered", D(2027, 5, 12), 3, 24),
        record("consultation", D(2027, 11, 3), "1.5", 2),
        record("consultation", D(2027, 11, 4), "0.125", 1),
        record("strategy", D(2028, 2, 1), "2.999", 0),
        record("consultation", D(2027, 3, 31), 1, 1),
        record("consultation", D(2028, 4, 1), 1, 1),
    ]
    text = activity_report(log, year=2027).text()
    expected = [
        "Non-clinical activity, financial year 2027-28 (1 April 2027 to 31 March 2028)",
        "",
        layout("Period", "Activity", "Records", "Hours", "People reached"),
        layout("-" * 15, "-" * 18, "-" * 7, "-" * 5, "-" * 14),
        *block("Q1 Apr-Jun 2027", [ZERO, ("1", "3", "24"), ZERO, ZERO, ZERO], ("1", "3", "24")),
        "",
        *block("Q2 Jul-Sep 2027", [ZERO] * 5, ZERO),
        "",
        *block(
            "Q3 Oct-Dec 2027", [("2", "1.63", "3"), ZERO, ZERO, ZERO, ZERO], ("2", "1.63", "3")
        ),
        "",
        *block("Q4 Jan-Mar 2028", [ZERO, ZERO, ("1", "3", "0"), ZERO, ZERO], ("1", "3", "0")),
        "",
        *block(
            "Year 2027-28",
            [("2", "1.63", "3"), ("1", "3", "24"), ("1", "3", "0"), ZERO, ZERO],
            ("4", "7.62", "27"),
        ),
        "",
        "2 records dated outside the year are not counted.",
    ]
    assert text.split("\n") == expected
    # spelled out once, so the layout helper above is itself checked
    assert expected[2] == "Period           Activity            Records  Hours  People reached"
    assert expected[5] == "                 training delivered        1      3              24"


def test_a_year_report_has_one_block_and_says_when_nothing_was_excluded_R_CL_3() -> None:
    """R-CL-3: by year there is no separate year block; an empty exclusion list is said so."""
    log = [record("presentation", D(2027, 9, 9), "0.75", 60)]
    lines = activity_report(log, year=2027, by="year").text().split("\n")
    assert lines[4:] == [
        "Year 2027-28  consultation              0      0               0",
        "              training delivered        0      0               0",
        "              strategy work             0      0               0",
        "              conference                0      0               0",
        "              presentation              1   0.75              60",
        "              all activity              1   0.75              60",
        "",
        "No record given was dated outside the year.",
    ]


def test_a_clinical_capacity_activity_is_refused_showing_its_code_R_CL_3() -> None:
    """R-CL-3: only non-clinical activity is reported; the error shows the activity's code."""
    with pytest.raises(InvalidRecord) as info:
        NonClinicalActivity.from_activity(Activity.SUPERVISION)
    assert_refusal(info.value, "kind", f"must be non-clinical activity: {KINDS}", "supervision")
