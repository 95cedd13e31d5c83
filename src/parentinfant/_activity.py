"""The non-clinical activity log and its report for commissioners (R-CL-3).

Teams record the non-clinical work they do (consultation, training delivered,
strategy work, conferences, presentations) with its hours and the people it
reached, so it can be reported to commissioners and managers by quarter and
by financial year (1 April to 31 March). Hours are exact; a record outside
the year asked for is counted as excluded, never silently dropped.

Public names are re-exported from `parentinfant.records`.

Examples:
    >>> import datetime as dt
    >>> from parentinfant._activity import ActivityRecord, activity_report
    >>> log = [
    ...     ActivityRecord(kind="training-delivered", on=dt.date(2027, 5, 12), hours=3,
    ...                    people_reached=24, practitioner="Priya"),
    ...     ActivityRecord(kind="consultation", on=dt.date(2027, 11, 3), hours="1.5",
    ...                    people_reached=2, practitioner="Grace"),
    ... ]
    >>> report = activity_report(log, year=2027)
    >>> report.total
    ActivityTotals(count=2, hours=Fraction(9, 2), people_reached=26)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, final

import attrs

from parentinfant._capacity import Activity, financial_year
from parentinfant._validate import count, is_date, is_text, non_empty_text, parse_enum
from parentinfant.errors import InvalidRecord

__all__ = [
    "ActivityRecord",
    "ActivityReport",
    "ActivityRow",
    "ActivityTotals",
    "NonClinicalActivity",
    "Period",
    "ReportPeriod",
    "activity_report",
]

_RULE = "R-CL-3"


class NonClinicalActivity(enum.Enum):
    """The kinds of non-clinical activity reported to commissioners (R-CL-3).

    Each maps to the capacity `Activity` its time comes out of (R-CL-1):
    presentations share ``conference`` with conferences there, as the
    capacity model counts them together.

    Examples:
        >>> NonClinicalActivity("presentation").activity
        <Activity.CONFERENCE: 'conference'>
        >>> NonClinicalActivity.STRATEGY.label
        'strategy work'
    """

    CONSULTATION = "consultation"
    TRAINING_DELIVERED = "training-delivered"
    STRATEGY = "strategy"
    CONFERENCE = "conference"
    PRESENTATION = "presentation"

    @property
    def label(self) -> str:
        """The kind in words, as the report shows it.

        Examples:
            >>> NonClinicalActivity.TRAINING_DELIVERED.label
            'training delivered'
        """
        return _LABELS[self]

    @property
    def activity(self) -> Activity:
        """The capacity activity this time is taken out as (R-CL-1).

        Examples:
            >>> NonClinicalActivity.CONSULTATION.activity.non_clinical
            True
        """
        return _TO_ACTIVITY[self]

    @classmethod
    def from_activity(cls, activity: Activity) -> NonClinicalActivity:
        """The non-clinical kind for a capacity `Activity` (``conference`` for conferences).

        Raises:
            InvalidRecord: When the activity is not non-clinical activity.

        Examples:
            >>> NonClinicalActivity.from_activity(Activity.STRATEGY)
            <NonClinicalActivity.STRATEGY: 'strategy'>
            >>> NonClinicalActivity.from_activity(Activity.SUPERVISION)
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidRecord: kind must be non-clinical activity: 'consultation', 'training-delivered', 'strategy', 'conference', 'presentation' (R-CL-3), got 'supervision'
        """
        if isinstance(activity, Activity) and activity.non_clinical:
            return cls(activity.value)
        allowed = ", ".join(repr(k.value) for k in cls)
        shown = activity.value if isinstance(activity, Activity) else activity
        raise InvalidRecord("kind", f"must be non-clinical activity: {allowed}", shown, rule=_RULE)


_LABELS = {
    NonClinicalActivity.CONSULTATION: "consultation",
    NonClinicalActivity.TRAINING_DELIVERED: "training delivered",
    NonClinicalActivity.STRATEGY: "strategy work",
    NonClinicalActivity.CONFERENCE: "conference",
    NonClinicalActivity.PRESENTATION: "presentation",
}
_TO_ACTIVITY = {
    NonClinicalActivity.CONSULTATION: Activity.CONSULTATION,
    NonClinicalActivity.TRAINING_DELIVERED: Activity.TRAINING_DELIVERED,
    NonClinicalActivity.STRATEGY: Activity.STRATEGY,
    NonClinicalActivity.CONFERENCE: Activity.CONFERENCE,
    NonClinicalActivity.PRESENTATION: Activity.CONFERENCE,
}


def _to_kind(value: NonClinicalActivity | Activity | str) -> NonClinicalActivity:
    if isinstance(value, Activity):
        return NonClinicalActivity.from_activity(value)
    if isinstance(value, str) and value in Activity._value2member_map_:
        return NonClinicalActivity.from_activity(Activity(value))
    return parse_enum(NonClinicalActivity, value, "kind", InvalidRecord, _RULE)


def _to_hours(value: Any) -> Fraction:
    number: Fraction | None = None
    if not isinstance(value, bool):
        try:
            if isinstance(value, float):
                number = Fraction(repr(value)) if math.isfinite(value) else None
            elif isinstance(value, int | Decimal | Fraction | str):
                number = Fraction(value)
        except (ValueError, ZeroDivisionError, ArithmeticError):
            number = None
    if number is None or not 0 < number <= 24:
        raise InvalidRecord(
            "hours", "must be a number more than 0 and at most 24 (one day)", value, rule=_RULE
        )
    return number


@final
@attrs.frozen(kw_only=True)
class ActivityRecord:
    """One piece of non-clinical activity, on one day (R-CL-3).

    Args:
        kind: Consultation, training delivered, strategy work, conference or
            presentation (a non-clinical capacity `Activity` is accepted too).
        on: The day; activity over several days is one record per day.
        hours: Hours spent, exact (a float goes through its shortest repr).
        people_reached: How many people it reached (trainees, an audience,
            the workers consulted); 0 when none directly.
        practitioner: Who did it.
        note: Anything to add; the report never shows notes.

    Raises:
        InvalidRecord: When the kind is not non-clinical, the day is not a
            date, the hours are not in (0, 24], the count is negative, or
            the practitioner is empty.

    Examples:
        >>> import datetime as dt
        >>> ActivityRecord(kind="supervision", on=dt.date(2027, 5, 12), hours=1,
        ...                people_reached=0, practitioner="Priya")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: kind must be non-clinical activity: 'consultation', 'training-delivered', 'strategy', 'conference', 'presentation' (R-CL-3), got 'supervision'
        >>> ActivityRecord(kind="presentation", on=dt.date(2027, 5, 12), hours=0.75,
        ...                people_reached=60, practitioner="Priya").hours
        Fraction(3, 4)
    """

    kind: NonClinicalActivity = attrs.field(converter=_to_kind)
    on: dt.date = attrs.field(validator=is_date(InvalidRecord, _RULE))
    hours: Fraction = attrs.field(converter=_to_hours)
    people_reached: int = attrs.field(validator=count(0, InvalidRecord, _RULE))
    practitioner: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    note: str = attrs.field(default="", validator=is_text(InvalidRecord, _RULE))


class ReportPeriod(enum.Enum):
    """How the activity report is divided: by quarter, or the whole financial year.

    Examples:
        >>> ReportPeriod("quarter")
        <ReportPeriod.QUARTER: 'quarter'>
    """

    QUARTER = "quarter"
    YEAR = "year"


@final
@attrs.frozen(kw_only=True)
class Period:
    """A reporting period: a quarter of a financial year, or the year itself.

    Args:
        label: The period as the report names it (``"Q1 Apr-Jun 2027"``).
        start: Its first day.
        end: Its last day.

    Examples:
        >>> import datetime as dt
        >>> q = Period(label="Q4 Jan-Mar 2028", start=dt.date(2028, 1, 1), end=dt.date(2028, 3, 31))
        >>> q.contains(dt.date(2028, 3, 31)), q.contains(dt.date(2028, 4, 1))
        (True, False)
    """

    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period (both ends included).

        Examples:
            >>> import datetime as dt
            >>> Period(label="x", start=dt.date(2027, 4, 1), end=dt.date(2027, 6, 30)).contains(
            ...     dt.date(2027, 4, 1))
            True
        """
        return self.start <= day <= self.end


def _year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _quarters(year: int) -> tuple[Period, ...]:
    """Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar of the financial year from 1 April ``year``."""
    spans = (
        ("Q1 Apr-Jun", dt.date(year, 4, 1), dt.date(year, 6, 30)),
        ("Q2 Jul-Sep", dt.date(year, 7, 1), dt.date(year, 9, 30)),
        ("Q3 Oct-Dec", dt.date(year, 10, 1), dt.date(year, 12, 31)),
        ("Q4 Jan-Mar", dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31)),
    )
    return tuple(
        Period(label=f"{name} {start.year}", start=start, end=end) for name, start, end in spans
    )


@final
@attrs.frozen(kw_only=True)
class ActivityTotals:
    """How many records, hours and people reached: a cell of the report.

    Examples:
        >>> from fractions import Fraction
        >>> ActivityTotals(count=2, hours=Fraction(9, 2), people_reached=26).hours
        Fraction(9, 2)
    """

    count: int
    hours: Fraction
    people_reached: int


def _totals(records: Iterable[ActivityRecord]) -> ActivityTotals:
    chosen = list(records)
    return ActivityTotals(
        count=len(chosen),
        hours=sum((r.hours for r in chosen), Fraction(0)),
        people_reached=sum(r.people_reached for r in chosen),
    )


@final
@attrs.frozen(kw_only=True)
class ActivityRow:
    """One line of the report: a kind of activity in a period, with its totals.

    Examples:
        >>> import datetime as dt
        >>> report = activity_report([], year=2027, by="year")
        >>> row = report.lines[0]
        >>> row.period.label, row.kind.value, row.totals.count
        ('Year 2027-28', 'consultation', 0)
    """

    period: Period
    kind: NonClinicalActivity
    totals: ActivityTotals


def _hours_text(hours: Fraction) -> str:
    """Hours for people: exact when whole, else rounded half up to two places."""
    if hours.denominator == 1:
        return str(hours.numerator)
    rounded = (Decimal(hours.numerator) / Decimal(hours.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return format(rounded, "f").rstrip("0").rstrip(".")


@final
@attrs.frozen(kw_only=True)
class ActivityReport:
    """Non-clinical activity in a financial year, by quarter or for the year (R-CL-3).

    Args:
        year: The financial year, by the calendar year it starts in.
        by: Whether the periods are the four quarters or the year.
        periods: The periods, in order.
        lines: One line per period and kind, periods in order and kinds in
            `NonClinicalActivity` order, zeros included, so the grid is whole.
        excluded: The records given that fall outside the year; reported,
            never counted.

    Examples:
        >>> import datetime as dt
        >>> r = activity_report([ActivityRecord(kind="strategy", on=dt.date(2027, 3, 31), hours=2,
        ...                                     people_reached=0, practitioner="Lee")], year=2027)
        >>> r.total.count, len(r.excluded)
        (0, 1)
    """

    year: int
    by: ReportPeriod
    periods: tuple[Period, ...]
    lines: tuple[ActivityRow, ...]
    excluded: tuple[ActivityRecord, ...]

    @property
    def label(self) -> str:
        """The financial year as people write it.

        Examples:
            >>> activity_report([], year=2027).label
            '2027-28'
        """
        return _year_label(self.year)

    @property
    def total(self) -> ActivityTotals:
        """Everything counted in the year: the sum of every line.

        Examples:
            >>> activity_report([], year=2027).total.hours
            Fraction(0, 1)
        """
        return self._sum(self.lines)

    def period_total(self, period: Period) -> ActivityTotals:
        """Every kind of activity in one period.

        Examples:
            >>> r = activity_report([], year=2027)
            >>> r.period_total(r.periods[0]).count
            0
        """
        return self._sum(line for line in self.lines if line.period == period)

    def kind_total(self, kind: NonClinicalActivity | str) -> ActivityTotals:
        """One kind of activity over the whole year.

        Examples:
            >>> activity_report([], year=2027).kind_total("presentation").people_reached
            0
        """
        chosen = _to_kind(kind)
        return self._sum(line for line in self.lines if line.kind is chosen)

    @staticmethod
    def _sum(lines: Iterable[ActivityRow]) -> ActivityTotals:
        count, hours, people = 0, Fraction(0), 0
        for line in lines:
            count += line.totals.count
            hours += line.totals.hours
            people += line.totals.people_reached
        return ActivityTotals(count=count, hours=hours, people_reached=people)

    def rows(self) -> list[dict[str, object]]:
        """One plain dictionary per line, for a spreadsheet or a DataFrame (hours exact).

        Examples:
            >>> import datetime as dt
            >>> r = activity_report([ActivityRecord(kind="conference", on=dt.date(2027, 9, 9),
            ...     hours=7.5, people_reached=150, practitioner="Lee")], year=2027)
            >>> [row for row in r.rows() if row["count"]]
            [{'period': 'Q2 Jul-Sep 2027', 'start': '2027-07-01', 'end': '2027-09-30', 'activity': 'conference', 'count': 1, 'hours': Fraction(15, 2), 'people_reached': 150}]
        """
        return [
            {
                "period": line.period.label,
                "start": line.period.start.isoformat(),
                "end": line.period.end.isoformat(),
                "activity": line.kind.value,
                "count": line.totals.count,
                "hours": line.totals.hours,
                "people_reached": line.totals.people_reached,
            }
            for line in self.lines
        ]

    def text(self) -> str:
        """The report for a commissioner to read, at most 80 columns wide.

        Hours are exact when whole and otherwise rounded half up to two
        decimal places (the rounding is only in this text; `rows` are exact).

        Examples:
            >>> import datetime as dt
            >>> r = activity_report([
            ...     ActivityRecord(kind="training-delivered", on=dt.date(2027, 5, 12), hours=3,
            ...                    people_reached=24, practitioner="Priya"),
            ...     ActivityRecord(kind="consultation", on=dt.date(2027, 11, 3), hours="1.5",
            ...                    people_reached=2, practitioner="Grace"),
            ...     ActivityRecord(kind="consultation", on=dt.date(2028, 4, 3), hours=1,
            ...                    people_reached=1, practitioner="Grace"),
            ... ], year=2027, by="year")
            >>> print(r.text())
            Non-clinical activity, financial year 2027-28 (1 April 2027 to 31 March 2028)
            <BLANKLINE>
            Period        Activity            Records  Hours  People reached
            ------------  ------------------  -------  -----  --------------
            Year 2027-28  consultation              1    1.5               2
                          training delivered        1      3              24
                          strategy work             0      0               0
                          conference                0      0               0
                          presentation              0      0               0
                          all activity              2    4.5              26
            <BLANKLINE>
            1 record dated outside the year is not counted.
        """
        start, end = financial_year(self.year)
        headers = ["Period", "Activity", "Records", "Hours", "People reached"]
        blocks: list[list[list[str]]] = []
        for period in self.periods:
            lines = [line for line in self.lines if line.period == period]
            block = [
                self._cells(period.label if i == 0 else "", line.kind.label, line.totals)
                for i, line in enumerate(lines)
            ]
            block.append(self._cells("", "all activity", self.period_total(period)))
            blocks.append(block)
        if len(self.periods) > 1:
            year = f"Year {self.label}"
            block = [
                self._cells(year if i == 0 else "", kind.label, self.kind_total(kind))
                for i, kind in enumerate(NonClinicalActivity)
            ]
            block.append(self._cells("", "all activity", self.total))
            blocks.append(block)
        body = [row for block in blocks for row in block]
        widths = [max(len(row[i]) for row in [headers, *body]) for i in range(len(headers))]

        def line(cells: list[str]) -> str:
            parts = [
                cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                for i, cell in enumerate(cells)
            ]
            return "  ".join(parts).rstrip()

        table: list[str] = []
        for i, block in enumerate(blocks):
            if i:
                table.append("")
            table.extend(line(row) for row in block)

        out = [
            f"Non-clinical activity, financial year {self.label} "
            f"({start.day} April {start.year} to {end.day} March {end.year})",
            "",
            line(headers),
            line(["-" * w for w in widths]),
            *table,
            "",
        ]
        n = len(self.excluded)
        if n == 0:
            out.append("No record given was dated outside the year.")
        else:
            out.append(
                f"{n} record{' dated outside the year is' if n == 1 else 's dated outside the year are'}"
                " not counted."
            )
        return "\n".join(out)

    @staticmethod
    def _cells(period: str, activity: str, totals: ActivityTotals) -> list[str]:
        return [
            period,
            activity,
            str(totals.count),
            _hours_text(totals.hours),
            str(totals.people_reached),
        ]


def _to_by(value: ReportPeriod | str) -> ReportPeriod:
    return parse_enum(ReportPeriod, value, "by", InvalidRecord, _RULE)


def activity_report(
    records: Iterable[ActivityRecord], *, year: int, by: ReportPeriod | str = "quarter"
) -> ActivityReport:
    """Non-clinical activity in the financial year from 1 April ``year``, for commissioners (R-CL-3).

    Every record dated in the year is counted in exactly one quarter (Q1
    April-June, Q2 July-September, Q3 October-December, Q4 January-March);
    every other record is listed in ``excluded``, never dropped.

    Args:
        records: The activity log, in any order.
        year: The financial year, by the calendar year it starts in.
        by: ``"quarter"`` (the default) or ``"year"``.

    Returns:
        The report; ``text()`` for people, ``rows()`` for a spreadsheet.

    Raises:
        InvalidRecord: When an item is not an `ActivityRecord`, the year is
            not a year from 1900 to 2200, or ``by`` is not a period.

    Examples:
        >>> import datetime as dt
        >>> r = activity_report([
        ...     ActivityRecord(kind="consultation", on=dt.date(2027, 6, 30), hours=1,
        ...                    people_reached=3, practitioner="Lee"),
        ...     ActivityRecord(kind="consultation", on=dt.date(2027, 7, 1), hours=2,
        ...                    people_reached=1, practitioner="Lee"),
        ... ], year=2027)
        >>> [(p.label, r.period_total(p).hours) for p in r.periods]
        [('Q1 Apr-Jun 2027', Fraction(1, 1)), ('Q2 Jul-Sep 2027', Fraction(2, 1)), ('Q3 Oct-Dec 2027', Fraction(0, 1)), ('Q4 Jan-Mar 2028', Fraction(0, 1))]
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise InvalidRecord("year", "must be a year between 1900 and 2200", year, rule=_RULE)
    period_kind = _to_by(by)
    if isinstance(records, ActivityRecord | str) or not isinstance(records, Iterable):
        raise InvalidRecord(
            "records", "must be a collection of ActivityRecord values", records, rule=_RULE
        )
    start, end = financial_year(year)
    if period_kind is ReportPeriod.QUARTER:
        periods = _quarters(year)
    else:
        periods = (Period(label=f"Year {_year_label(year)}", start=start, end=end),)
    counted: dict[tuple[int, NonClinicalActivity], list[ActivityRecord]] = {}
    excluded: list[ActivityRecord] = []
    for record in records:
        if not isinstance(record, ActivityRecord):
            raise InvalidRecord("records", "must hold ActivityRecord values", record, rule=_RULE)
        index = next((i for i, p in enumerate(periods) if p.contains(record.on)), None)
        if index is None:
            excluded.append(record)
        else:
            counted.setdefault((index, record.kind), []).append(record)
    lines = tuple(
        ActivityRow(period=period, kind=kind, totals=_totals(counted.get((i, kind), ())))
        for i, period in enumerate(periods)
        for kind in NonClinicalActivity
    )
    return ActivityReport(
        year=year, by=period_kind, periods=periods, lines=lines, excluded=tuple(excluded)
    )
