"""Lifecycle commands for appointments: booking one and recording what happened.

Public names are re-exported from `parentinfant.lifecycle`; import them from there.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from typing import Any, ClassVar, final

import attrs

from parentinfant._validate import parse_enum
from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import InvalidAppointment, InvalidCommand

_UK_CLOCK = "Europe/London"
"""The zone of a naive appointment start: UK clock time, as the exports read it."""


@functools.cache
def _uk_clock() -> zoneinfo.ZoneInfo:
    # Looked up on first use, from the same time zone database the FHIR and
    # iCalendar exports use, so all three agree on which hours the clocks skip.
    return zoneinfo.ZoneInfo(_UK_CLOCK)


def _check_uk_clock_time(start: dt.datetime, field: str) -> None:
    """Refuse a naive ``start`` that the UK clocks skip or show twice (R-AP-5).

    A naive start is UK clock time (Europe/London), as the FHIR and iCalendar
    exports read it. In the hour the clocks go forward over it never happens;
    in the hour they go back over it happens twice, and neither JSON nor ISO
    8601 can say which (Python's ``fold`` is not written). Either way no export
    could carry it without moving it, so booking asks for an aware time.
    Aware starts, and every other naive one, pass.

    Args:
        start: The appointment's start.
        field: Its name, as the caller spelled it (``appointment.start``).

    Raises:
        InvalidAppointment: For a naive start the UK clocks skip or repeat.

    Examples:
        >>> import datetime as dt
        >>> _check_uk_clock_time(dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), "start")
        >>> _check_uk_clock_time(dt.datetime(2026, 3, 29, 1, 30), "start")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidAppointment: start must be timezone-aware when the UK clocks skip its hour (a naive start is UK clock time, and this one never happens) (R-AP-5), got '2026-03-29T01:30:00'
        >>> _check_uk_clock_time(dt.datetime(2026, 10, 25, 1, 30), "start")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidAppointment: start must be timezone-aware when the UK clocks repeat its hour (a naive start is UK clock time, and this one happens twice) (R-AP-5), got '2026-10-25T01:30:00'
    """
    if start.utcoffset() is not None:
        return
    zone = _uk_clock()
    wall = start.replace(tzinfo=None, fold=0)
    first = wall.replace(tzinfo=zone)
    if first.utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset():
        return  # one offset, whichever pass: the clock shows it once
    skipped = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != wall
    what = "skip its hour" if skipped else "repeat its hour"
    why = "never happens" if skipped else "happens twice"
    raise InvalidAppointment(
        field,
        f"must be timezone-aware when the UK clocks {what} "
        f"(a naive start is UK clock time, and this one {why})",
        start.isoformat(),
        rule="R-AP-5",
    )


def _check_appointment(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Appointment):
        raise InvalidCommand(attribute.name, "must be an Appointment", value, rule="R-AP-5")
    if value.attendance is not None:
        raise InvalidCommand(
            attribute.name,
            "must not have an attendance yet; record it with record-attendance once it happens",
            value.attendance.value,
            rule="R-AP-5",
        )
    _check_uk_clock_time(value.start, f"{attribute.name}.start")


@final
@attrs.frozen(kw_only=True)
class BookAppointment:
    """An appointment with the family is booked (R-AP-1..5).

    The case keeps every appointment in the order booked; `RecordAttendance`
    says what happened. Booking never moves the case.

    A naive start is UK clock time (Europe/London). One the UK clocks skip
    (01:30 on 29 March 2026) or show twice (01:30 on 25 October 2026) is
    refused: give it as an aware time (a UTC offset or a zone), which every
    export and JSON keep at its instant.

    Args:
        appointment: The appointment, without an attendance yet.

    Raises:
        InvalidCommand: For something not an `Appointment`, or one with an
            attendance already.
        InvalidAppointment: For a naive start the UK clocks skip or repeat.

    Examples:
        >>> import datetime as dt
        >>> appt = Appointment(start=dt.datetime(2026, 12, 1, 10), duration=dt.timedelta(hours=1),
        ...                    session_type="assessment", mode="home-visit", practitioner="Priya",
        ...                    first=True)
        >>> BookAppointment(appointment=appt).name
        'book-appointment'
        >>> BookAppointment(appointment=attrs.evolve(appt, start=dt.datetime(2026, 10, 25, 1, 30)))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidAppointment: appointment.start must be timezone-aware when the UK clocks repeat its hour (a naive start is UK clock time, and this one happens twice) (R-AP-5), got '2026-10-25T01:30:00'
        >>> aware = attrs.evolve(appt, start=dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC))
        >>> BookAppointment(appointment=aware).appointment.start.isoformat()
        '2026-10-25T01:30:00+00:00'
    """

    appointment: Appointment = attrs.field(validator=_check_appointment)
    name: ClassVar[str] = "book-appointment"


def _to_attendance(value: Attendance | str) -> Attendance:
    return parse_enum(Attendance, value, "attendance", InvalidCommand, "R-AP-5")


def _to_names(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    return tuple(value)


def _check_start(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidCommand(attribute.name, "must be a datetime", value, rule="R-AP-5")


@final
@attrs.frozen(kw_only=True)
class RecordAttendance:
    """What happened at a booked appointment: attended, late, cancelled, did not attend (R-AP-5, R-AP-6).

    The appointment is found by its start time. A cancellation may be
    recorded before the appointment; anything else only once it has started.

    Args:
        start: The booked appointment's start.
        attendance: What happened (MHSDS attendance codes, see `Attendance`).
        attended_by: The parents who came, when the family was seen (letters
            go to them, R-AP-6).

    Examples:
        >>> import datetime as dt
        >>> RecordAttendance(start=dt.datetime(2026, 12, 1, 10), attendance="did-not-attend").name
        'record-attendance'
        >>> RecordAttendance(start=dt.datetime(2026, 12, 1, 10), attendance="cancelled-by-family",
        ...                  attended_by=["Ana"])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: attended_by must be empty unless the family was seen (R-AP-6), got ('Ana',)
    """

    start: dt.datetime = attrs.field(validator=_check_start)
    attendance: Attendance = attrs.field(converter=_to_attendance)
    attended_by: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    name: ClassVar[str] = "record-attendance"

    def __attrs_post_init__(self) -> None:
        names = self.attended_by
        if any(not isinstance(n, str) or not n.strip() for n in names) or len(set(names)) != len(
            names
        ):
            raise InvalidCommand(
                "attended_by", "must name each parent who came once", names, rule="R-AP-6"
            )
        if names and not self.attendance.seen:
            raise InvalidCommand(
                "attended_by", "must be empty unless the family was seen", names, rule="R-AP-6"
            )

    @property
    def before_it_starts(self) -> bool:
        """Whether this may be recorded before the appointment starts (a cancellation).

        Examples:
            >>> import datetime as dt
            >>> RecordAttendance(start=dt.datetime(2026, 12, 1, 10),
            ...                  attendance="cancelled-by-team").before_it_starts
            True
        """
        return self.attendance in (Attendance.CANCELLED_BY_FAMILY, Attendance.CANCELLED_BY_TEAM)
