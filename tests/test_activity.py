"""The non-clinical activity log and its report for commissioners (R-CL-3)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._activity import (
    ActivityRecord,
    NonClinicalActivity,
    ReportPeriod,
    activity_report,
)
from parentinfant._capacity import Activity
from parentinfant.errors import InvalidRecord

D = dt.date
MAY_12 = D(2027, 5, 12)


def record(
    kind: str = "consultation",
    on: dt.date = MAY_12,
    hours: object = 1,
    people: int = 1,
    who: str = "Priya",
    note: str = "",
) -> ActivityRecord:
    return ActivityRecord(
        kind=kind, on=on, hours=hours, people_reached=people, practitioner=who, note=note
    )


# --------------------------------------------------------------------------- the record


@pytest.mark.parametrize("kind", list(NonClinicalActivity))
def test_each_kind_of_non_clinical_activity_can_be_recorded_R_CL_3(
    kind: NonClinicalActivity,
) -> None:
    assert record(kind=kind.value).kind is kind


def test_presentations_are_recorded_apart_but_take_conference_time_R_CL_3() -> None:
    assert NonClinicalActivity.PRESENTATION.activity is Activity.CONFERENCE
    assert all(kind.activity.non_clinical for kind in NonClinicalActivity)


@pytest.mark.parametrize("activity", [a for a in Activity if a.non_clinical])
def test_a_non_clinical_capacity_activity_is_accepted_as_a_kind_R_CL_3(
    activity: Activity,
) -> None:
    kind = ActivityRecord(
        kind=activity, on=D(2027, 5, 12), hours=1, people_reached=0, practitioner="Lee"
    ).kind
    assert kind.activity is activity


@pytest.mark.parametrize("kind", [a.value for a in Activity if not a.non_clinical] + ["lunch"])
def test_other_activity_is_refused_R_CL_3(kind: str) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        record(kind=kind)
    assert (excinfo.value.field, excinfo.value.rule) == ("kind", "R-CL-3")


def test_hours_are_kept_exact_R_CL_3() -> None:
    assert record(hours=7.5).hours == Fraction(15, 2)
    assert record(hours="1/3").hours == Fraction(1, 3)


@pytest.mark.parametrize("hours", [0, -1, Fraction(49, 2), True, "an hour", float("inf")])
def test_hours_outside_one_day_are_refused_R_CL_3(hours: object) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        record(hours=hours)
    assert excinfo.value.field == "hours"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"people_reached": -1}, "people_reached"),
        ({"people_reached": 2.0}, "people_reached"),
        ({"practitioner": " "}, "practitioner"),
        ({"on": dt.datetime(2027, 5, 12, 9)}, "on"),
        ({"note": None}, "note"),
    ],
)
def test_a_malformed_record_is_refused_R_CL_3(fields: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "kind": "strategy",
        "on": D(2027, 5, 12),
        "hours": 2,
        "people_reached": 0,
        "practitioner": "Lee",
    }
    with pytest.raises(InvalidRecord) as excinfo:
        ActivityRecord(**(base | fields))  # type: ignore[arg-type]
    assert excinfo.value.field == field


# --------------------------------------------------------------------------- the report


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2027, 4, 1), 0),
        (D(2027, 6, 30), 0),
        (D(2027, 7, 1), 1),
        (D(2027, 9, 30), 1),
        (D(2027, 10, 1), 2),
        (D(2027, 12, 31), 2),
        (D(2028, 1, 1), 3),
        (D(2028, 3, 31), 3),
    ],
)
def test_quarters_run_from_april_R_CL_3(day: dt.date, quarter: int) -> None:
    report = activity_report([record(on=day)], year=2027)
    assert [report.period_total(p).count for p in report.periods] == [
        int(i == quarter) for i in range(4)
    ]


def test_quarters_are_labelled_by_their_months_R_CL_3() -> None:
    assert [p.label for p in activity_report([], year=2027).periods] == [
        "Q1 Apr-Jun 2027",
        "Q2 Jul-Sep 2027",
        "Q3 Oct-Dec 2027",
        "Q4 Jan-Mar 2028",
    ]


@pytest.mark.parametrize("day", [D(2027, 3, 31), D(2028, 4, 1)])
def test_a_record_outside_the_year_is_listed_as_excluded_R_CL_3(day: dt.date) -> None:
    outside = record(on=day)
    report = activity_report([outside, record()], year=2027)
    assert report.excluded == (outside,)
    assert report.total.count == 1
    assert "1 record dated outside the year is not counted." in report.text()


def test_the_report_adds_up_by_hand_R_CL_3() -> None:
    # Q1: training 3 h to 24 people, consultation 1.5 h to 2; Q3: consultation
    # 0.5 h to 1, a presentation of 0.75 h to 60. Year: 5.75 h, 87 people.
    report = activity_report(
        [
            record("training-delivered", D(2027, 5, 12), 3, 24),
            record("consultation", D(2027, 6, 3), "1.5", 2),
            record("consultation", D(2027, 11, 3), "0.5", 1),
            record("presentation", D(2027, 12, 1), 0.75, 60),
        ],
        year=2027,
    )
    q1, _q2, q3, _q4 = report.periods
    assert report.period_total(q1).hours == Fraction(9, 2)
    assert report.period_total(q1).people_reached == 26
    assert report.period_total(q3).hours == Fraction(5, 4)
    assert report.kind_total("consultation").hours == 2
    assert report.kind_total(NonClinicalActivity.CONSULTATION).count == 2
    assert (report.total.count, report.total.hours, report.total.people_reached) == (
        4,
        Fraction(23, 4),
        87,
    )


def test_the_year_report_has_one_period_R_CL_3() -> None:
    report = activity_report(
        [record(on=D(2027, 5, 1)), record(on=D(2028, 2, 1))], year=2027, by="year"
    )
    (period,) = report.periods
    assert (period.label, period.start, period.end) == (
        "Year 2027-28",
        D(2027, 4, 1),
        D(2028, 3, 31),
    )
    assert report.by is ReportPeriod.YEAR
    assert report.total.count == 2


def test_the_grid_holds_every_period_and_kind_with_zeros_R_CL_3() -> None:
    report = activity_report([], year=2027)
    assert len(report.lines) == 4 * len(NonClinicalActivity)
    assert len(report.rows()) == len(report.lines)
    assert all(row["count"] == 0 for row in report.rows())


def test_the_text_fits_80_columns_and_shows_neither_names_nor_notes_R_CL_3() -> None:
    report = activity_report(
        [record(who="Priya Raman", note="Met Ms Haddad's health visitor", hours="10/3")],
        year=2027,
    )
    text = report.text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Priya" not in text
    assert "Haddad" not in text
    assert "3.33" in text  # 10/3 hours rounded half up to two places, in the text only
    assert report.rows()[0]["hours"] == Fraction(10, 3)


def test_the_text_opens_with_the_financial_year_R_CL_3() -> None:
    assert activity_report([], year=2027).text().splitlines()[0] == (
        "Non-clinical activity, financial year 2027-28 (1 April 2027 to 31 March 2028)"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year": 1899}, "year"),
        ({"year": "2027"}, "year"),
        ({"year": 2027, "by": "month"}, "by"),
    ],
)
def test_a_bad_year_or_period_is_refused_R_CL_3(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        activity_report([], **kwargs)  # type: ignore[arg-type]
    assert excinfo.value.field == field


def test_the_report_refuses_what_is_not_a_record_R_CL_3() -> None:
    with pytest.raises(InvalidRecord, match="must hold ActivityRecord values"):
        activity_report(["consultation"], year=2027)  # type: ignore[list-item]


_RECORDS = st.builds(
    lambda kind, day, quarter_hours, people: ActivityRecord(
        kind=kind,
        on=D(2027, 1, 1) + dt.timedelta(days=day),
        hours=Fraction(quarter_hours, 4),
        people_reached=people,
        practitioner="Lee",
    ),
    st.sampled_from(NonClinicalActivity),
    st.integers(0, 600),
    st.integers(1, 96),
    st.integers(0, 200),
)


@given(st.lists(_RECORDS, max_size=30))
def test_every_record_of_the_year_is_in_exactly_one_quarter_R_CL_3(
    records: list[ActivityRecord],
) -> None:
    report = activity_report(records, year=2027)
    inside = [r for r in records if D(2027, 4, 1) <= r.on <= D(2028, 3, 31)]
    for r in inside:
        assert sum(p.contains(r.on) for p in report.periods) == 1
    assert report.total.count == len(inside)
    assert report.total.count + len(report.excluded) == len(records)


@given(st.lists(_RECORDS, max_size=30), st.sampled_from(ReportPeriod))
def test_totals_equal_the_sums_of_their_parts_R_CL_3(
    records: list[ActivityRecord], by: ReportPeriod
) -> None:
    report = activity_report(records, year=2027, by=by)
    inside = [r for r in records if r not in report.excluded]
    assert report.total.hours == sum((r.hours for r in inside), Fraction(0))
    assert report.total.people_reached == sum(r.people_reached for r in inside)
    assert report.total.hours == sum(
        (report.period_total(p).hours for p in report.periods), Fraction(0)
    )
    assert report.total.count == sum(report.kind_total(k).count for k in NonClinicalActivity)
