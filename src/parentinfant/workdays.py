"""Working days: weekends, the bank holidays of a UK nation, and team closures.

Deadlines in this domain are counted in working days (R-SC-5: the screening
decision is due by the end of the 5th working day after the day a referral
arrived). England and Wales share one set of bank holidays, Scotland and
Northern Ireland each have their own, and one-off holidays (a state funeral, a
coronation) happen; we take them all from the ``holidays`` package rather than
writing holiday rules by hand. A team adds its own closure days.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.workdays import WorkingCalendar
    >>> cal = WorkingCalendar("scotland")
    >>> cal.is_working_day(dt.date(2026, 11, 30))   # St Andrew's Day
    False
    >>> WorkingCalendar("england").is_working_day(dt.date(2026, 11, 30))
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import final

import attrs
import holidays

from parentinfant._validate import closure_days
from parentinfant.errors import InvalidPolicy, UnknownNation

__all__ = ["Nation", "WorkingCalendar"]

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Nation(enum.Enum):
    """A UK nation, which decides the bank holidays a team observes (R-SC-5).

    Examples:
        >>> Nation.parse("Northern Ireland")
        <Nation.NORTHERN_IRELAND: 'northern-ireland'>
        >>> Nation.parse(Nation.WALES).value
        'wales'
    """

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def subdivision(self) -> str:
        """The ISO 3166-2:GB code the ``holidays`` package uses for this nation.

        Examples:
            >>> Nation.SCOTLAND.subdivision
            'SCT'
        """
        return _SUBDIVISIONS[self]

    @classmethod
    def parse(cls, value: Nation | str) -> Nation:
        """Turn ``"england"``, ``"Northern Ireland"``, ``"NIR"`` or a ``Nation`` into a ``Nation``.

        Raises:
            UnknownNation: When the value names no UK nation.

        Examples:
            >>> Nation.parse("SCT")
            <Nation.SCOTLAND: 'scotland'>
        """
        if isinstance(value, Nation):
            return value
        if isinstance(value, str):
            key = value.strip().lower().replace("_", "-").replace(" ", "-")
            found = _ALIASES.get(key)
            if found is not None:
                return found
        raise UnknownNation(
            "nation",
            "must be one of " + ", ".join(repr(n.value) for n in cls),
            value,
            rule="R-SC-5",
        )


_SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}
_ALIASES: dict[str, Nation] = {n.value: n for n in Nation}
_ALIASES.update({code.lower(): n for n, code in _SUBDIVISIONS.items()})
_ALIASES["ni"] = Nation.NORTHERN_IRELAND


def _to_nation(value: Nation | str) -> Nation:
    return Nation.parse(value)


def _to_closures(value: Iterable[dt.date]) -> frozenset[dt.date]:
    return closure_days(value, InvalidPolicy)


@final
@attrs.frozen(cache_hash=True)
class WorkingCalendar:
    """Which days a team works: not weekends, bank holidays or its own closures.

    The calendar is a value: two calendars with the same nation and closures are
    equal and share one precomputed index of working days, built on first use a
    few years at a time, so date arithmetic is a binary search, not a day loop.

    Args:
        nation: The team's UK nation, as a ``Nation`` or its name.
        closures: The team's own closure days (training days, a closed Christmas
            week). Dates that are already weekends or bank holidays are harmless.

    Raises:
        UnknownNation: When ``nation`` names no UK nation.
        InvalidPolicy: When ``closures`` holds something other than dates.

    Examples:
        >>> import datetime as dt
        >>> cal = WorkingCalendar("england", closures=[dt.date(2026, 12, 24)])
        >>> cal.non_working_reason(dt.date(2026, 12, 24))
        'team closure'
        >>> cal.non_working_reason(dt.date(2026, 12, 25))
        'bank holiday: Christmas Day'
        >>> cal.non_working_reason(dt.date(2026, 12, 27))
        'weekend: Sunday'
        >>> cal.add_working_days(dt.date(2026, 12, 23), 1)
        datetime.date(2026, 12, 29)
    """

    nation: Nation = attrs.field(default=Nation.ENGLAND, converter=_to_nation)
    closures: frozenset[dt.date] = attrs.field(factory=frozenset, converter=_to_closures)

    def bank_holidays(self, year: int) -> dict[dt.date, str]:
        """The bank and public holidays of this calendar's nation in ``year``.

        One-off holidays (for example the State Funeral of Queen Elizabeth II on
        19 September 2022) are included, as the ``holidays`` package records them.

        Examples:
            >>> import datetime as dt
            >>> days = WorkingCalendar("england").bank_holidays(2022)
            >>> days[dt.date(2022, 9, 19)]
            'State Funeral of Queen Elizabeth II'
        """
        return dict(_holidays_for(self.nation, year))

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day, or ``None`` if it is one.

        Examples:
            >>> import datetime as dt
            >>> WorkingCalendar().non_working_reason(dt.date(2026, 11, 30)) is None
            True
        """
        day = _as_date(day, "day")
        weekday = day.weekday()
        if weekday >= 5:
            return f"weekend: {_WEEKDAY_NAMES[weekday]}"
        name = _holidays_for(self.nation, day.year).get(day)
        if name is not None:
            return f"bank holiday: {name}"
        if day in self.closures:
            return "team closure"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the team works on ``day``.

        Examples:
            >>> import datetime as dt
            >>> WorkingCalendar().is_working_day(dt.date(2026, 12, 25))
            False
        """
        return self.non_working_reason(day) is None

    def add_working_days(self, start: dt.date, working_days: int) -> dt.date:
        """The ``working_days``-th working day after ``start``.

        ``start`` itself never counts, whether or not it is a working day, so a
        day that arrives on a Saturday counts from Monday (R-SC-5). With
        ``working_days=0`` the answer is ``start`` when it is a working day, and
        otherwise the next working day: the first day the team could act.

        Args:
            start: The day to count from (a ``datetime`` counts as its date).
            working_days: How many working days to count, at least 0.

        Raises:
            InvalidPolicy: When ``working_days`` is negative or not a whole number.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar("england")
            >>> cal.add_working_days(dt.date(2026, 11, 27), 1)   # Friday -> Monday
            datetime.date(2026, 11, 30)
            >>> cal.add_working_days(dt.date(2026, 11, 28), 0)   # Saturday -> Monday
            datetime.date(2026, 11, 30)
        """
        start = _as_date(start, "start")
        working_days = _check_working_days(working_days)
        origin = start.toordinal()
        years_ahead = 1 + working_days // 240
        while True:
            days = self._index_covering(start.year, start.year + years_ahead)
            if working_days == 0:
                i = bisect_left(days, origin)
            else:
                i = bisect_right(days, origin) + working_days - 1
            if i < len(days):
                return dt.date.fromordinal(days[i])
            # Only when closures empty whole years, or near the end of the calendar.
            if start.year + years_ahead >= dt.MAXYEAR:
                raise InvalidPolicy(
                    "start",
                    f"must leave {working_days} working days before the year {dt.MAXYEAR} ends",
                    start,
                    rule="R-SC-5",
                )
            years_ahead *= 2

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after ``start`` and on or before ``end``.

        Negative when ``end`` is before ``start``; so
        ``working_days_between(s, add_working_days(s, n)) == n`` for ``n >= 1``.

        Examples:
            >>> import datetime as dt
            >>> WorkingCalendar().working_days_between(dt.date(2026, 11, 27), dt.date(2026, 12, 4))
            5
        """
        start = _as_date(start, "start")
        end = _as_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        days = self._index_covering(start.year, end.year)
        return bisect_right(days, end.toordinal()) - bisect_right(days, start.toordinal())

    def _index_covering(self, first_year: int, last_year: int) -> tuple[int, ...]:
        return self._index(first_year, last_year).days

    def _index(self, first_year: int, last_year: int) -> _Index:
        index = _INDEXES.get(self)
        if index is not None and index.first_year <= first_year and last_year <= index.last_year:
            return index
        with _INDEX_LOCK:
            index = _INDEXES.get(self)
            lo, hi = first_year - 1, last_year + 1
            if index is not None:
                lo, hi = min(lo, index.first_year), max(hi, index.last_year)
            index = _build_index(self, lo, hi)
            if self not in _INDEXES and len(_INDEXES) >= _MAX_INDEXES:
                del _INDEXES[next(iter(_INDEXES))]  # forget the oldest calendar
            _INDEXES[self] = index
            return index


@attrs.frozen
class _Index:
    first_year: int
    last_year: int
    days: tuple[int, ...]  # ordinals of every working day, ascending
    first_ordinal: int  # 1 January of first_year
    last_ordinal: int  # 31 December of last_year


_INDEXES: dict[WorkingCalendar, _Index] = {}
_MAX_INDEXES = 128  # calendars kept; a long-running service must not grow for ever
_INDEX_LOCK = threading.Lock()
_HOLIDAYS: dict[tuple[Nation, int], dict[dt.date, str]] = {}


def _holidays_for(nation: Nation, year: int) -> dict[dt.date, str]:
    found = _HOLIDAYS.get((nation, year))
    if found is None:
        table = holidays.country_holidays("GB", subdiv=nation.subdivision, years=year)
        found = {day: str(name) for day, name in table.items() if day.year == year}
        _HOLIDAYS[(nation, year)] = found
    return found


def _build_index(calendar: WorkingCalendar, first_year: int, last_year: int) -> _Index:
    first_year = max(first_year, dt.MINYEAR)
    last_year = min(last_year, dt.MAXYEAR)
    days: list[int] = []
    for year in range(first_year, last_year + 1):
        bank = _holidays_for(calendar.nation, year)
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        for ordinal in range(first, last + 1):
            day = dt.date.fromordinal(ordinal)
            if day.weekday() < 5 and day not in bank and day not in calendar.closures:
                days.append(ordinal)
    return _Index(
        first_year,
        last_year,
        tuple(days),
        dt.date(first_year, 1, 1).toordinal(),
        dt.date(last_year, 12, 31).toordinal(),
    )


def _as_date(value: dt.date, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise InvalidPolicy(field, "must be a date", value, rule="R-SC-5")
    return value


def _check_working_days(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy("working_days", "must be a whole number", value, rule="R-SC-5")
    if value < 0:
        raise InvalidPolicy("working_days", "must be at least 0", value, rule="R-SC-5")
    return value
