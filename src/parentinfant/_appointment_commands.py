"""Lifecycle commands for appointments: booking one and recording what happened.

Public names are re-exported from `parentinfant.lifecycle`; import them from there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar, final

import attrs

from parentinfant._validate import parse_enum
from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import InvalidCommand


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


@final
@attrs.frozen(kw_only=True)
class BookAppointment:
    """An appointment with the family is booked (R-AP-1..5).

    The case keeps every appointment in the order booked; `RecordAttendance`
    says what happened. Booking never moves the case.

    Args:
        appointment: The appointment, without an attendance yet.

    Examples:
        >>> import datetime as dt
        >>> appt = Appointment(start=dt.datetime(2026, 12, 1, 10), duration=dt.timedelta(hours=1),
        ...                    session_type="assessment", mode="home-visit", practitioner="Priya",
        ...                    first=True)
        >>> BookAppointment(appointment=appt).name
        'book-appointment'
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
