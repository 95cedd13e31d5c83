"""Appointments and their reminders as an iCalendar (RFC 5545) file a practitioner can import.

Needs the optional extra: ``pip install 'parentinfant[ical]'`` (the icalendar
package). It is imported only when a function here is called.

What goes in, and what does not (R-REC-1, R-AL-4): a practitioner's calendar
is often seen by colleagues, assistants and phone notifications, so by default
an event names the session type, the mode and the practitioner, and nothing
about the family. No parent's or infant's name, address, phone number, email,
safety concern, attendees or free-text note is written; the location is the
mode ("home visit", "clinic"), never an address. A case reference
(``case_id``, usually the referral id) or a ``label`` appears only when the
caller passes one. Events are marked ``CLASS:PRIVATE`` unless ``private=False``.

Times: a naive appointment time is a wall-clock time in ``tz``
(Europe/London by default, so GMT in winter and BST in summer); an aware one
is converted to ``tz``. Events carry ``DTSTART``/``DTEND`` with that ``TZID``,
and the calendar a ``VTIMEZONE`` for it covering the years its events span.
The duration is elapsed time, so an appointment across a clock change ends
when it should. Output is deterministic: the same input gives the same bytes
(``stamp``, the ``DTSTAMP`` of every event, is a parameter, not the clock).

Examples:
    >>> import datetime as dt
    >>> from parentinfant.contact import Appointment
    >>> visit = Appointment(start=dt.datetime(2026, 7, 1, 10), duration=dt.timedelta(hours=1),
    ...                     session_type="assessment", mode="home-visit", practitioner="Priya Shah")
    >>> ics = appointments_calendar([visit], case_id="RPI-0042", stamp=dt.datetime(2026, 6, 1, 9))
    >>> lines = ics.decode().splitlines()
    >>> print("\\n".join(l for l in lines if l.startswith(("SUMMARY", "DTSTART;", "DTEND", "LOCATION", "TRIGGER"))))
    SUMMARY:Assessment (home visit) with Priya Shah: case RPI-0042
    DTSTART;TZID=Europe/London:20260701T100000
    DTEND;TZID=Europe/London:20260701T110000
    LOCATION:home visit
    TRIGGER:-PT30M
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from parentinfant.contact import (
    Appointment,
    Attendance,
    ContactPolicy,
    Mode,
    Reminder,
    SessionType,
    plan_reminders,
)
from parentinfant.errors import InvalidAppointment, InvalidPolicy, InvalidValue
from parentinfant.family import Family
from parentinfant.lifecycle import Case
from parentinfant.workdays import WorkingCalendar

if TYPE_CHECKING:
    import icalendar

__all__ = ["DEFAULT_CALENDAR_NAME", "appointments_calendar", "cases_calendar"]

DEFAULT_CALENDAR_NAME = "Parent-infant appointments"
"""The calendar's name (``NAME``, ``X-WR-CALNAME``) unless another is given."""

_PRODID = "-//parentinfant//appointments//EN"
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:parentinfant:appointment")
_UTC = dt.UTC
_CANCELLED = (Attendance.CANCELLED_BY_FAMILY, Attendance.CANCELLED_BY_TEAM)
_SESSION_WORDS = {
    SessionType.ASSESSMENT: "Assessment",
    SessionType.INTERVENTION: "Intervention",
    SessionType.REVIEW: "Review",
    SessionType.ENDING: "Ending",
    SessionType.FOLLOW_UP: "Follow-up",
    SessionType.GROUP: "Group",
    SessionType.PHONE_CONSULTATION: "Phone consultation",
    SessionType.CONSULTATION: "Consultation",
}
_MODE_WORDS = {
    Mode.HOME_VISIT: "home visit",
    Mode.CLINIC: "clinic",
    Mode.PHONE: "phone",
    Mode.VIDEO: "video",
}


def _require_icalendar() -> None:
    """Import icalendar once, saying how to install it when missing."""
    try:
        import icalendar  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the test environment has the extra
        raise ImportError(
            "icalendar is needed for this: pip install 'parentinfant[ical]'"
        ) from exc


# --------------------------------------------------------------------------- options


def _zone(tz: object) -> zoneinfo.ZoneInfo:
    if isinstance(tz, str) and tz.strip():
        try:
            return zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise InvalidPolicy("tz", "must be an IANA time zone name such as 'Europe/London'", tz)


def _local(value: dt.datetime, zone: zoneinfo.ZoneInfo, field: str) -> dt.datetime:
    """``value`` as an aware time in ``zone``: naive means wall-clock time there."""
    try:
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(zone)
        aware = value.replace(tzinfo=zone)
        back = aware.astimezone(_UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:  # within a day of 0001-01-01 or 9999-12-31
        raise InvalidAppointment(
            field, f"must be a time that {zone.key} and UTC both reach (years 1 to 9999)", value
        ) from None
    if back != value:
        raise InvalidAppointment(
            field,
            f"must be a time that exists in {zone.key} (the clocks go forward over it)",
            value,
        )
    return aware


def _text(value: object, field: str, error: type[InvalidValue]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise error(field, "must be non-empty text", value)
    return value.strip()


def _alarm_before(value: object) -> dt.timedelta | None:
    if value is None:
        return None
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise InvalidPolicy(
            "alarm_before", "must be a timedelta of zero or more, or None for no alarm", value
        )
    return value


# --------------------------------------------------------------------------- the time zone


def _zone_key(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> tuple[object, ...]:
    local = moment.astimezone(zone)
    return (local.utcoffset(), local.dst(), local.tzname())


def _transitions(
    zone: zoneinfo.ZoneInfo, start: dt.datetime, end: dt.datetime
) -> list[dt.datetime]:
    """The UTC instants in ``[start, end)`` when ``zone``'s offset, DST or name changes.

    Walks a day at a time and bisects to the second within a day that changes;
    zoneinfo does not list its transitions.
    """
    found: list[dt.datetime] = []
    here, key = start, _zone_key(start, zone)
    while here < end:
        there = min(here + dt.timedelta(days=1), end)
        if _zone_key(there, zone) == key:
            here = there
            continue
        low, high = here, there
        while (gap := int((high - low).total_seconds())) > 1:
            middle = low + dt.timedelta(seconds=gap // 2)
            if _zone_key(middle, zone) == key:
                low = middle
            else:
                high = middle
        found.append(high)
        here, key = high, _zone_key(high, zone)
    return found


def _observance(
    moment: dt.datetime, zone: zoneinfo.ZoneInfo, offset_from: dt.timedelta
) -> icalendar.Component:
    import icalendar

    local = moment.astimezone(zone)
    offset_to = local.utcoffset() or dt.timedelta(0)
    kind = icalendar.TimezoneDaylight if local.dst() else icalendar.TimezoneStandard
    part = kind()
    # RFC 5545 3.6.5: the onset is the local time in the offset *before* it
    # (clocks going forward at 01:00 GMT: DTSTART 01:00, not 02:00).
    part.add("dtstart", (moment + offset_from).replace(tzinfo=None))
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    name = local.tzname()
    if name:
        part.add("tzname", name)
    return part


def _vtimezone(zone: zoneinfo.ZoneInfo, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """A VTIMEZONE for ``zone`` from 1 January of ``first``'s year to the end of ``last``'s."""
    import icalendar

    start = dt.datetime(first.year, 1, 1, tzinfo=zone).astimezone(_UTC)
    end = dt.datetime(last.year + 1, 1, 1, tzinfo=zone).astimezone(_UTC)
    component = icalendar.Timezone()
    component.add("tzid", zone.key)
    opening = start.astimezone(zone).utcoffset() or dt.timedelta(0)
    component.add_component(_observance(start, zone, opening))
    for moment in _transitions(zone, start, end):
        before = (moment - dt.timedelta(seconds=1)).astimezone(zone).utcoffset()
        component.add_component(_observance(moment, zone, before or dt.timedelta(0)))
    return component


# --------------------------------------------------------------------------- events


def _ical_time(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The value to write: local with TZID, or UTC for the repeated hour's second pass.

    RFC 5545 3.3.5 reads a local time that happens twice as the first, so a
    time in the second pass (``fold=1``, GMT after the clocks go back) is
    written in UTC to keep its instant.
    """
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return local.astimezone(_UTC)
    return local


def _summary(appointment: Appointment, reference: str | None) -> str:
    what = _SESSION_WORDS[appointment.session_type]
    summary = f"{what} ({_MODE_WORDS[appointment.mode]}) with {appointment.practitioner}"
    return f"{summary}: {reference}" if reference else summary


def _description(appointment: Appointment, case_id: str | None, cancelled: bool) -> str:
    lines = [
        f"Session: {appointment.session_type.value}",
        f"Mode: {appointment.mode.value}",
        f"Practitioner: {appointment.practitioner}",
    ]
    if case_id:
        lines.append(f"Case: {case_id}")
    if appointment.first:
        lines.append(
            "First appointment" + (", referrer invited" if appointment.referrer_invited else "")
        )
    if cancelled:
        lines.append("Cancelled")
    lines.append("The family's details are in the case record, not in this calendar.")
    return "\n".join(lines)


def _alarm(trigger: dt.timedelta | dt.datetime, text: str) -> icalendar.Alarm:
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    if isinstance(trigger, dt.datetime):
        # RFC 5545 3.8.6.3: an absolute trigger is a DATE-TIME in UTC.
        alarm.add("trigger", trigger.astimezone(_UTC), parameters={"VALUE": "DATE-TIME"})
    else:
        alarm.add("trigger", -trigger)
    return alarm


def _family_reminder_alarms(
    appointment: Appointment,
    start: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    planned: Sequence[Reminder] | None,
    compute: bool,
    working_calendar: WorkingCalendar | None,
    policy: ContactPolicy | None,
    family: tuple[str, Family | None],
) -> list[tuple[dt.datetime, str]]:
    """Absolute alarms for the family's reminders: channels only, never who (R-AP-4).

    Computed reminders are those `plan_reminders` plans from the family's
    record (H-19): no alarm for a parent not to be contacted or not safe to
    contact, times moved into each parent's contact times, and none at all
    when nobody in the family can be reminded (R-AL-4, R-REC-5). Without the
    family there is nothing to honour, so computing is refused.
    """
    if planned is None and compute:
        field, whose = family
        if whose is None:
            raise InvalidPolicy(
                field,
                "must be given with family_reminders=True, so reminders honour each "
                "parent's do_not_contact, contact_safe and contact_times; or pass "
                "reminders= from plan_reminders",
                None,
                rule="R-AL-4",
            )
        # The team's reminder times are wall-clock times where it works.
        wall = start.replace(tzinfo=None)
        planned, _ = plan_reminders(wall, whose, calendar=working_calendar, policy=policy)
    if planned is None:
        return []
    channels: dict[dt.datetime, set[str]] = {}
    for index, reminder in enumerate(planned):
        if not isinstance(reminder, Reminder):
            raise InvalidAppointment(
                f"reminders[{appointment.start.isoformat()}][{index}]",
                "must be a Reminder",
                type(reminder).__name__,
                rule="R-AP-4",
            )
        at = _local(reminder.at, zone, "reminders.at").astimezone(_UTC)
        channels.setdefault(at, set()).add(reminder.channel.value)
    return [
        (at, f"Family reminder due ({', '.join(sorted(how))}) (R-AP-4)")
        for at, how in sorted(channels.items())
    ]


def _check_family(value: object, field: str) -> Family | None:
    if value is not None and not isinstance(value, Family):
        raise InvalidAppointment(field, "must be a Family", type(value).__name__, rule="R-AL-4")
    return value


def _check_appointments(values: object, field: str) -> list[Appointment]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidAppointment(field, "must be a collection of appointments", values)
    given: list[Appointment] = []
    for index, value in enumerate(values):
        if not isinstance(value, Appointment):
            raise InvalidAppointment(
                f"{field}[{index}]", "must be an Appointment", type(value).__name__
            )
        given.append(value)
    return given


def _check_reminders(
    reminders: object, appointments: Sequence[Appointment], field: str
) -> dict[dt.datetime, Sequence[Reminder]]:
    if reminders is None:
        return {}
    if not isinstance(reminders, Mapping):
        raise InvalidAppointment(field, "must map appointment starts to reminders", reminders)
    starts = {a.start for a in appointments}
    for key, value in reminders.items():
        if key not in starts:
            raise InvalidAppointment(
                field, "must be keyed by the start of an appointment exported", key, rule="R-AP-4"
            )
        if isinstance(value, str | Reminder) or not isinstance(value, Sequence):
            raise InvalidAppointment(
                f"{field}[{key.isoformat()}]", "must be a sequence of Reminders", value
            )
    return dict(reminders)


def _events(
    entries: Sequence[tuple[str | None, str | None, Appointment]],
    reminders: Mapping[tuple[str | None, dt.datetime], Sequence[Reminder]],
    families: Mapping[str | None, tuple[str, Family | None]],
    *,
    zone: zoneinfo.ZoneInfo,
    stamp: dt.datetime,
    alarm_before: dt.timedelta | None,
    family_reminders: bool,
    working_calendar: WorkingCalendar | None,
    policy: ContactPolicy | None,
    private: bool,
) -> list[tuple[tuple[dt.datetime, dt.datetime, str], icalendar.Event]]:
    import icalendar

    made: list[tuple[tuple[dt.datetime, dt.datetime, str], icalendar.Event]] = []
    seen: dict[str, int] = {}
    timed = [
        (_local(appointment.start, zone, "start").astimezone(_UTC), case_id, label, appointment)
        for case_id, label, appointment in entries
    ]
    # A canonical order before UIDs are numbered, so the input's order never
    # matters; in a slot booked twice, the cancelled booking comes first and
    # keeps the UID the slot had before it was cancelled.
    timed.sort(key=lambda t: (t[0], t[1] or "", t[3].attendance not in _CANCELLED, repr(t[3])))
    for start_utc, case_id, label, appointment in timed:
        start = start_utc.astimezone(zone)
        # Elapsed time: (aware + timedelta) would be wall-clock arithmetic.
        end_utc = start_utc + appointment.duration
        seed = "|".join(
            (
                case_id or "",
                appointment.practitioner,
                start_utc.isoformat(),
                appointment.session_type.value,
            )
        )
        seen[seed] = seen.get(seed, 0) + 1
        if seen[seed] > 1:  # the same slot booked again (a cancelled one rebooked)
            seed = f"{seed}|{seen[seed]}"
        uid = str(uuid.uuid5(_UID_NAMESPACE, seed))
        cancelled = appointment.attendance in _CANCELLED
        summary = _summary(appointment, label or (f"case {case_id}" if case_id else None))

        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", _ical_time(start_utc, zone))
        event.add("dtend", _ical_time(end_utc, zone))
        event.add("summary", summary)
        event.add("location", _MODE_WORDS[appointment.mode])
        event.add("description", _description(appointment, case_id, cancelled))
        event.add("categories", [appointment.session_type.value])
        event.add("class", "PRIVATE" if private else "PUBLIC")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # A cancellation supersedes the confirmed event imported before it.
        event.add("sequence", 1 if cancelled else 0)
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        if not cancelled:
            if alarm_before is not None:
                event.add_component(_alarm(alarm_before, summary))
            planned = reminders.get((case_id, appointment.start))
            for at, text in _family_reminder_alarms(
                appointment,
                start,
                zone,
                planned,
                family_reminders,
                working_calendar,
                policy,
                families[case_id],
            ):
                event.add_component(_alarm(at, text))
        made.append(((start_utc, end_utc, uid), event))
    return made


def _calendar(
    entries: Sequence[tuple[str | None, str | None, Appointment]],
    reminders: Mapping[tuple[str | None, dt.datetime], Sequence[Reminder]],
    families: Mapping[str | None, tuple[str, Family | None]],
    *,
    stamp: object,
    alarm_before: object,
    family_reminders: object,
    working_calendar: WorkingCalendar | None,
    policy: ContactPolicy | None,
    calendar_name: object,
    tz: object,
    private: object,
) -> bytes:
    _require_icalendar()
    import icalendar

    zone = _zone(tz)
    name = _text(calendar_name, "calendar_name", InvalidPolicy)
    before = _alarm_before(alarm_before)
    for flag, value in (("family_reminders", family_reminders), ("private", private)):
        if not isinstance(value, bool):
            raise InvalidPolicy(flag, "must be True or False", value)
    if not isinstance(stamp, dt.datetime):
        raise InvalidValue("stamp", "must be a datetime (when the calendar was made)", stamp)
    stamp_utc = _local(stamp, zone, "stamp").astimezone(_UTC)

    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    events = _events(
        entries,
        reminders,
        families,
        zone=zone,
        stamp=stamp_utc,
        alarm_before=before,
        family_reminders=bool(family_reminders),
        working_calendar=working_calendar,
        policy=policy,
        private=bool(private),
    )
    if events:
        first = min(start for (start, _, _), _ in events).astimezone(zone).date()
        last = max(end for (_, end, _), _ in events).astimezone(zone).date()
        cal.add_component(_vtimezone(zone, first, last))
    for _, event in sorted(events, key=lambda made: made[0]):
        cal.add_component(event)
    return bytes(cal.to_ical())


# --------------------------------------------------------------------------- public


def appointments_calendar(
    appointments: Iterable[Appointment],
    *,
    stamp: dt.datetime,
    case_id: str | None = None,
    label: str | None = None,
    alarm_before: dt.timedelta | None = dt.timedelta(minutes=30),
    reminders: Mapping[dt.datetime, Sequence[Reminder]] | None = None,
    family_reminders: bool = False,
    family: Family | None = None,
    working_calendar: WorkingCalendar | None = None,
    policy: ContactPolicy | None = None,
    calendar_name: str = DEFAULT_CALENDAR_NAME,
    tz: str = "Europe/London",
    private: bool = True,
) -> bytes:
    """One family's appointments (or anyone's) as an iCalendar file, RFC 5545 (R-AP-4, R-REC-1).

    Each appointment becomes a ``VEVENT``:

    - ``UID``: a UUID derived from the case id (when given), the
      practitioner, the start instant and the session type, so exporting again
      updates the same events rather than adding copies.
    - ``DTSTART``/``DTEND`` in ``tz`` with a ``VTIMEZONE``; naive times are
      wall-clock times there.
    - ``SUMMARY`` "Assessment (home visit) with Priya Shah", followed by the
      ``label`` or "case <case_id>" when given; ``LOCATION`` the mode only.
    - ``STATUS:CANCELLED`` (and no alarms) for an appointment cancelled by the
      family or the team; ``CONFIRMED`` otherwise, did-not-attend included.
    - A display alarm ``alarm_before`` the start for the practitioner.
    - With ``reminders`` (as `plan_reminders` returns, keyed by appointment
      start) or ``family_reminders=True`` with the ``family`` (the reminders
      `plan_reminders` plans from the family's record), an absolute alarm
      (``TRIGGER;VALUE=DATE-TIME`` in UTC) when each reminder to the family
      is due; it names the channels, never the parent. Planned reminders win
      over computed ones for the appointments they cover. Computed reminders
      honour the family's record (R-AL-4, R-REC-5): no alarm for a parent
      not to be contacted or not safe to contact, times within each parent's
      contact times, and none when nobody in the family can be reminded.

    Args:
        appointments: The appointments, for example ``case.appointments``.
        stamp: When the calendar is made (``DTSTAMP``); naive means ``tz``.
        case_id: The case or referral id to show and to make UIDs unique
            across families; nothing identifying by default.
        label: Text to show instead of the case id, given explicitly (a
            family's name appears in the calendar only this way).
        alarm_before: How long before the start the practitioner's alarm goes
            off; ``None`` for none.
        reminders: The family's planned reminders by appointment start.
        family_reminders: Add the family's reminders, as `plan_reminders`
            plans them, for appointments not in ``reminders``; needs ``family``.
        family: The family, whose record the computed reminders honour.
        working_calendar: The team's working days, for computed reminders.
        policy: The team's contact policy, for computed reminders.
        calendar_name: The calendar's display name.
        tz: The IANA time zone of the team's clocks.
        private: Mark events ``CLASS:PRIVATE``.

    Returns:
        The calendar, as the bytes of an ``.ics`` file (CRLF line ends).

    Raises:
        InvalidAppointment: For something not an `Appointment`, a naive time
            that does not exist in ``tz`` (inside the hour the clocks skip),
            a reminder keyed by no appointment's start, an empty label, or a
            ``family`` that is not a `Family`.
        InvalidPolicy: For an unknown time zone, a negative ``alarm_before``,
            an empty calendar name, a flag that is not a bool, or
            ``family_reminders=True`` without the ``family`` for an
            appointment with no planned reminders (R-AL-4).
        InvalidValue: When ``stamp`` is not a datetime.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.contact import Appointment
        >>> from parentinfant.family import Family, Infant, Parent
        >>> visit = Appointment(start=dt.datetime(2026, 12, 3, 10), duration=dt.timedelta(hours=1),
        ...                     session_type="review", mode="clinic", practitioner="Priya Shah")
        >>> fam = Family(parents=[Parent("Ana", "mother", phone="07700 900001"),
        ...                       Parent("Tom", "father", phone="07700 900002", contact_safe=False)],
        ...              infant=Infant.born_on(dt.date(2026, 9, 1)))
        >>> ics = appointments_calendar([visit], stamp=dt.datetime(2026, 11, 30, 9),
        ...                             family_reminders=True, family=fam)
        >>> [l for l in ics.decode().splitlines() if l.startswith(("SUMMARY", "TRIGGER", "STATUS"))]
        ['SUMMARY:Review (clinic) with Priya Shah', 'STATUS:CONFIRMED', 'TRIGGER:-PT30M', 'TRIGGER;VALUE=DATE-TIME:20261202T100000Z']
        >>> appointments_calendar([visit], stamp=dt.datetime(2026, 11, 30, 9), family_reminders=True)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: family must be given with family_reminders=True, so reminders honour each parent's do_not_contact, contact_safe and contact_times; or pass reminders= from plan_reminders (R-AL-4), got None
        >>> appointments_calendar([visit], stamp=dt.datetime(2026, 11, 30, 9), tz="Mars/Olympus")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: tz must be an IANA time zone name such as 'Europe/London', got 'Mars/Olympus'
    """
    given = _check_appointments(appointments, "appointments")
    reference = None if case_id is None else _text(case_id, "case_id", InvalidAppointment)
    shown = None if label is None else _text(label, "label", InvalidAppointment)
    planned = _check_reminders(reminders, given, "reminders")
    whose = _check_family(family, "family")
    return _calendar(
        [(reference, shown, a) for a in given],
        {(reference, start): value for start, value in planned.items()},
        {reference: ("family", whose)},
        stamp=stamp,
        alarm_before=alarm_before,
        family_reminders=family_reminders,
        working_calendar=working_calendar,
        policy=policy,
        calendar_name=calendar_name,
        tz=tz,
        private=private,
    )


def cases_calendar(
    cases: Iterable[Case],
    *,
    stamp: dt.datetime,
    labels: Mapping[str, str] | None = None,
    alarm_before: dt.timedelta | None = dt.timedelta(minutes=30),
    reminders: Mapping[str, Mapping[dt.datetime, Sequence[Reminder]]] | None = None,
    family_reminders: bool = False,
    families: Mapping[str, Family] | None = None,
    working_calendar: WorkingCalendar | None = None,
    policy: ContactPolicy | None = None,
    calendar_name: str = DEFAULT_CALENDAR_NAME,
    tz: str = "Europe/London",
    private: bool = True,
) -> bytes:
    """Every appointment of several cases as one iCalendar file (a practitioner's caseload).

    As `appointments_calendar`, with each case's id as its ``case_id``: events
    show "case <id>" unless ``labels`` gives other text for that id,
    ``reminders`` holds each case's planned reminders by case id, and
    ``families`` each case's family, whose record computed reminders honour.

    Args:
        cases: The cases, for example those allocated to one practitioner.
        stamp: When the calendar is made (``DTSTAMP``); naive means ``tz``.
        labels: Text to show for a case id instead of the id.
        alarm_before: How long before the start the practitioner's alarm goes off.
        reminders: Planned reminders: case id -> appointment start -> reminders.
        family_reminders: Add the family's reminders, as `plan_reminders`
            plans them, where none are planned; needs the case's family.
        families: Each case's family by case id, for computed reminders.
        working_calendar: The team's working days, for computed reminders.
        policy: The team's contact policy, for computed reminders.
        calendar_name: The calendar's display name.
        tz: The IANA time zone of the team's clocks.
        private: Mark events ``CLASS:PRIVATE``.

    Returns:
        The calendar, as the bytes of an ``.ics`` file.

    Raises:
        InvalidAppointment: For something not a `Case`, a case given twice,
            labels, reminders or families for a case not given, and as
            `appointments_calendar`.
        InvalidPolicy: As `appointments_calendar`.
        InvalidValue: As `appointments_calendar`.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.contact import Appointment
        >>> from parentinfant.lifecycle import Allocate, BookAppointment, StartScreening, apply, open_case
        >>> case, _ = open_case("RPI-0042", at=dt.datetime(2026, 11, 2, 9))
        >>> case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 2, 10))
        >>> case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=dt.datetime(2026, 11, 3, 9))
        >>> visit = Appointment(start=dt.datetime(2026, 12, 3, 10), duration=dt.timedelta(hours=1),
        ...                     session_type="assessment", mode="video", practitioner="Priya Shah")
        >>> case, _ = apply(case, BookAppointment(appointment=visit), at=dt.datetime(2026, 11, 4, 9))
        >>> ics = cases_calendar([case], stamp=dt.datetime(2026, 11, 30, 9))
        >>> [l for l in ics.decode().splitlines() if l.startswith("SUMMARY")]
        ['SUMMARY:Assessment (video) with Priya Shah: case RPI-0042']
    """
    if isinstance(cases, str | bytes) or not isinstance(cases, Iterable):
        raise InvalidAppointment("cases", "must be a collection of cases", cases)
    given = list(cases)
    ids: set[str] = set()
    for index, case in enumerate(given):
        if not isinstance(case, Case):
            raise InvalidAppointment(f"cases[{index}]", "must be a Case", type(case).__name__)
        if case.id in ids:
            raise InvalidAppointment(f"cases[{index}].id", "must appear once", case.id)
        ids.add(case.id)
    shown: dict[str, str] = {}
    for key, value in (labels or {}).items():
        if key not in ids:
            raise InvalidAppointment("labels", "must be keyed by the id of a case given", key)
        shown[key] = _text(value, f"labels[{key}]", InvalidAppointment)
    planned: dict[tuple[str | None, dt.datetime], Sequence[Reminder]] = {}
    for key, per_case in (reminders or {}).items():
        if key not in ids:
            raise InvalidAppointment("reminders", "must be keyed by the id of a case given", key)
        case = next(c for c in given if c.id == key)
        checked = _check_reminders(per_case, case.appointments, f"reminders[{key}]")
        planned.update({(key, start): value for start, value in checked.items()})
    if families is not None and not isinstance(families, Mapping):
        raise InvalidAppointment("families", "must map case ids to families", families)
    for key, family in (families or {}).items():
        if key not in ids:
            raise InvalidAppointment("families", "must be keyed by the id of a case given", key)
        _check_family(family, f"families[{key}]")
    whose: dict[str | None, tuple[str, Family | None]] = {
        case.id: (f"families[{case.id}]", (families or {}).get(case.id)) for case in given
    }
    return _calendar(
        [(case.id, shown.get(case.id), a) for case in given for a in case.appointments],
        planned,
        whose,
        stamp=stamp,
        alarm_before=alarm_before,
        family_reminders=family_reminders,
        working_calendar=working_calendar,
        policy=policy,
        calendar_name=calendar_name,
        tz=tz,
        private=private,
    )
