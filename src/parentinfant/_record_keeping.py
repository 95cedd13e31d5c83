"""The record's identity over time, and the team's record-keeping policy (R-REC-2, R-REC-3, R-REC-7).

Public names are re-exported from `parentinfant.records`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, final

import attrs

from parentinfant._validate import non_empty_text, parse_enum
from parentinfant.errors import InvalidRecord
from parentinfant.family import Family
from parentinfant.lifecycle import Case, ContactOutcome, Direction
from parentinfant.workdays import WorkingCalendar

if TYPE_CHECKING:
    from parentinfant.contact import Appointment

# --------------------------------------------------------------------------- identity (R-REC-3)


@final
@attrs.frozen(kw_only=True)
class RecordVersion:
    """One version of whom a record is about: its name and date of birth (R-REC-3).

    Args:
        name: The name the record is filed under.
        date_of_birth: The date of birth it shows (the parent's in a
            parent-named record), or ``None`` when not known.
        estimated: Whether the date of birth is the expected due date of a
            baby not yet born.
        from_day: The day this version took effect.
        reason: Why it changed (opened, birth recorded).

    Examples:
        >>> import datetime as dt
        >>> RecordVersion(name="Baby of Ama Reid", date_of_birth=dt.date(2027, 2, 14),
        ...               estimated=True, from_day=dt.date(2026, 11, 2), reason="opened").estimated
        True
    """

    name: str = attrs.field(validator=non_empty_text(InvalidRecord, "R-REC-3"))
    date_of_birth: dt.date | None
    estimated: bool
    from_day: dt.date
    reason: str


@final
@attrs.frozen(kw_only=True)
class RecordIdentity:
    """A family's record, whose name it is in, and every version of that name (R-REC-2, R-REC-3).

    In a child-named system an antenatal record is "Baby of [mother's name]"
    with the expected due date as the date of birth, flagged as estimated;
    `record_birth` adds a version with the baby's name and real date of
    birth. Versions are only ever added: the history keeps both.

    Args:
        holder: Whose name the record is in.
        versions: Every version, oldest first.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ama Reid", "mother")], infant=Infant.unborn(dt.date(2027, 2, 14)))
        >>> record = open_record(fam, "child", opened_on=dt.date(2026, 11, 2))
        >>> record.current.name, record.current.estimated
        ('Baby of Ama Reid', True)
        >>> record = record.record_birth(name="Kofi Reid", born_on=dt.date(2027, 2, 9),
        ...                              recorded_on=dt.date(2027, 2, 12))
        >>> [(v.name, v.date_of_birth.isoformat(), v.estimated) for v in record.versions]
        [('Baby of Ama Reid', '2027-02-14', True), ('Kofi Reid', '2027-02-09', False)]
    """

    holder: Any  # RecordHolder, checked by open_record (records imports this module)
    versions: tuple[RecordVersion, ...]

    def __attrs_post_init__(self) -> None:
        if not self.versions:
            raise InvalidRecord("versions", "must hold at least one version", (), rule="R-REC-3")
        days = [v.from_day for v in self.versions]
        if days != sorted(days):
            raise InvalidRecord("versions", "must be in date order", days, rule="R-REC-3")

    @property
    def current(self) -> RecordVersion:
        """The version in force now.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> fam = Family(parents=[Parent("Ama", "mother")], infant=Infant.born_on(dt.date(2026, 9, 1)))
            >>> open_record(fam, "parent", opened_on=dt.date(2026, 11, 2)).current.name
            'Ama'
        """
        return self.versions[-1]

    def record_birth(self, *, name: str, born_on: dt.date, recorded_on: dt.date) -> RecordIdentity:
        """The record once the baby is born: a new version in a child-named record (R-REC-3).

        A parent-named record's identity is the parent's, so it is returned
        unchanged.

        Raises:
            InvalidRecord: When the birth is recorded before the record's last
                version, or before the baby was born, or the record already
                shows a birth.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> fam = Family(parents=[Parent("Ama", "mother")], infant=Infant.unborn(dt.date(2027, 2, 14)))
            >>> r = open_record(fam, "child", opened_on=dt.date(2026, 11, 2))
            >>> r.record_birth(name="Kofi", born_on=dt.date(2027, 2, 20), recorded_on=dt.date(2027, 2, 19))
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidRecord: recorded_on must not be before born_on (2027-02-20) (R-REC-3), got datetime.date(2027, 2, 19)
        """
        from parentinfant.records import RecordHolder

        for field, value in (("born_on", born_on), ("recorded_on", recorded_on)):
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidRecord(field, "must be a date", value, rule="R-REC-3")
        if recorded_on < born_on:
            raise InvalidRecord(
                "recorded_on",
                f"must not be before born_on ({born_on})",
                recorded_on,
                rule="R-REC-3",
            )
        if recorded_on < self.current.from_day:
            raise InvalidRecord(
                "recorded_on",
                f"must not be before the record's last version ({self.current.from_day})",
                recorded_on,
                rule="R-REC-3",
            )
        if self.holder is RecordHolder.PARENT:
            return self
        if not self.current.estimated:
            raise InvalidRecord(
                "born_on",
                "must be recorded only while the record shows an expected due date; "
                f"it already shows a birth on {self.current.date_of_birth}",
                born_on,
                rule="R-REC-3",
            )
        version = RecordVersion(
            name=name,
            date_of_birth=born_on,
            estimated=False,
            from_day=recorded_on,
            reason="birth recorded",
        )
        return attrs.evolve(self, versions=(*self.versions, version))


def open_record(family: Family, holder: Any, *, opened_on: dt.date) -> RecordIdentity:
    """A family's record as opened: its name and date of birth by whose name it is in (R-REC-2, R-REC-3).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ama Reid", "mother", date_of_birth=dt.date(1999, 5, 1))],
        ...              infant=Infant.unborn(dt.date(2027, 2, 14)))
        >>> v = open_record(fam, "parent", opened_on=dt.date(2026, 11, 2)).current
        >>> v.name, v.date_of_birth, v.estimated
        ('Ama Reid', datetime.date(1999, 5, 1), False)
    """
    from parentinfant.records import RecordHolder, record_date_of_birth, record_name

    who = parse_enum(RecordHolder, holder, "holder", InvalidRecord, "R-REC-2")
    if not isinstance(opened_on, dt.date) or isinstance(opened_on, dt.datetime):
        raise InvalidRecord("opened_on", "must be a date", opened_on, rule="R-REC-3")
    version = RecordVersion(
        name=record_name(family, who),
        date_of_birth=record_date_of_birth(family, who),
        estimated=who is RecordHolder.CHILD and not family.infant.born,
        from_day=opened_on,
        reason="opened",
    )
    return RecordIdentity(holder=who, versions=(version,))


# --------------------------------------------------------------------------- notes (R-REC-7)


def _days(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
        raise InvalidRecord(
            attribute.name, "must be a whole number of days from 0 to 60", value, rule="R-REC-7"
        )


def _optional_years(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise InvalidRecord(
            attribute.name,
            "must be a whole number of years from 1 to 100",
            value,
            rule="R-REC-7",
        )


@final
@attrs.frozen(kw_only=True)
class RecordKeepingPolicy:
    """The host organisation's record-keeping policy, as data (R-REC-7).

    Every value is the team's to set from its host's policy; the defaults
    are placeholders, not a standard.

    Args:
        system: Where the notes are kept (the host's record system).
        write_up_working_days: Working days after a contact by which its
            notes must be written (0: the same day).
        retention_years: How long records are kept, when the policy says in
            years; ``None`` when it is set another way (see ``retention``).
        retention: The retention rule in words, as the policy states it.
        home_working: What the home-working policy says about notes.
        lone_working: What the lone-working policy says (visits logged, and so on).

    Examples:
        >>> RecordKeepingPolicy(system="the trust's electronic record").write_up_working_days
        1
    """

    system: str = attrs.field(validator=non_empty_text(InvalidRecord, "R-REC-7"))
    write_up_working_days: int = attrs.field(default=1, validator=_days)
    retention_years: int | None = attrs.field(default=None, validator=_optional_years)
    retention: str = ""
    home_working: str = ""
    lone_working: str = ""


class ContactKind(enum.Enum):
    """A contact whose notes must be written up (R-REC-7).

    Examples:
        >>> ContactKind("appointment").value
        'appointment'
    """

    APPOINTMENT = "appointment"
    CONTACT_ATTEMPT = "contact-attempt"
    COMMUNICATION = "communication"


def _to_contact_kind(value: ContactKind | str) -> ContactKind:
    return parse_enum(ContactKind, value, "kind", InvalidRecord, "R-REC-7")


@final
@attrs.frozen(kw_only=True)
class Contact:
    """One contact with or about a family that needs notes (R-REC-7).

    Args:
        id: A stable id for the contact within its case (``"R-1/3"``: the
            case and the event's sequence number).
        case_id: The case.
        at: When it happened.
        kind: Appointment, contact attempt or other communication.
        practitioner: Who must write the notes, when known.

    Examples:
        >>> import datetime as dt
        >>> Contact(id="R-1/4", case_id="R-1", at=dt.datetime(2026, 11, 3, 10),
        ...         kind="appointment", practitioner="Priya").kind.value
        'appointment'
    """

    id: str
    case_id: str
    at: dt.datetime
    kind: ContactKind = attrs.field(converter=_to_contact_kind)
    practitioner: str | None = None


def contacts_needing_notes(case: Case) -> tuple[Contact, ...]:
    """The contacts on a case that need notes: appointments once their attendance
    is recorded, attempts that reached someone, and communications from the family.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.lifecycle import Allocate, RecordContactAttempt, StartScreening, apply, open_case
        >>> case, _ = open_case("R-1", at=dt.datetime(2026, 11, 2, 9))
        >>> case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 2, 10))
        >>> case, _ = apply(case, Allocate(practitioner="Priya"), at=dt.datetime(2026, 11, 3, 9))
        >>> case, _ = apply(case, RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
        ...                 at=dt.datetime(2026, 11, 3, 11))
        >>> [(c.id, c.kind.value, c.practitioner) for c in contacts_needing_notes(case)]
        [('R-1/4', 'contact-attempt', 'Priya')]
    """
    from parentinfant.lifecycle import (
        Allocate,
        BookAppointment,
        LogCommunication,
        Reallocate,
        RecordAttendance,
        _pending_index,
    )
    from parentinfant.lifecycle import RecordContactAttempt as Attempt

    practitioner: str | None = None
    pending: list[Appointment] = []  # booked, no attendance yet, in the order booked
    contacts: list[Contact] = []
    for event in case.events:
        command = event.command
        if isinstance(command, Allocate | Reallocate):
            practitioner = command.practitioner
            continue
        if isinstance(command, BookAppointment):
            pending.append(command.appointment)
            continue
        kind: ContactKind | None = None
        at = event.at
        who = practitioner
        if isinstance(command, Attempt) and command.outcome not in _UNANSWERED:
            kind = ContactKind.CONTACT_ATTEMPT
        elif isinstance(command, LogCommunication) and command.direction is Direction.FROM_FAMILY:
            kind = ContactKind.COMMUNICATION
        elif isinstance(command, RecordAttendance):
            kind = ContactKind.APPOINTMENT
            at = max(at, command.start) if _comparable(at, command.start) else at
            # The appointment this attendance is for, matched as the case matched it
            # (by instant): not an earlier one at the same time, cancelled and rebooked.
            index = _pending_index(pending, command.start)
            assert index is not None  # a case records an attendance only for a pending one
            who = pending.pop(index).practitioner
        if kind is not None:
            contacts.append(
                Contact(
                    id=f"{case.id}/{event.sequence}",
                    case_id=case.id,
                    at=at,
                    kind=kind,
                    practitioner=who,
                )
            )
    return tuple(contacts)


_UNANSWERED = frozenset(
    {ContactOutcome.NO_ANSWER, ContactOutcome.MESSAGE_LEFT, ContactOutcome.LETTER_SENT}
)


def _comparable(a: dt.datetime, b: dt.datetime) -> bool:
    return (a.utcoffset() is None) == (b.utcoffset() is None)


@final
@attrs.frozen(kw_only=True)
class OverdueNote:
    """A contact whose notes are late under the team's policy (R-REC-7).

    Args:
        contact: The contact.
        due: The last working day the notes were due.
        working_days_late: Working days past ``due`` on the day checked.

    Examples:
        >>> import datetime as dt
        >>> c = Contact(id="R-1/4", case_id="R-1", at=dt.datetime(2026, 11, 3, 10), kind="appointment")
        >>> OverdueNote(contact=c, due=dt.date(2026, 11, 4), working_days_late=2).working_days_late
        2
    """

    contact: Contact
    due: dt.date
    working_days_late: int


def notes_overdue(
    contacts: Iterable[Contact],
    written: Mapping[str, dt.datetime],
    *,
    policy: RecordKeepingPolicy,
    today: dt.date,
    calendar: WorkingCalendar | None = None,
) -> tuple[OverdueNote, ...]:
    """The contacts whose notes are overdue on ``today`` (R-REC-7), oldest first.

    Notes are due ``write_up_working_days`` working days after the contact
    (0: the same day). A contact with notes written (``written``, by contact
    id) on or before the due day is on time; notes written late are not
    listed (they are written), nor are contacts not yet due.

    Examples:
        >>> import datetime as dt
        >>> policy = RecordKeepingPolicy(system="record system", write_up_working_days=1)
        >>> c = Contact(id="R-1/4", case_id="R-1", at=dt.datetime(2026, 11, 27, 15), kind="appointment")
        >>> [o.due.isoformat() for o in notes_overdue([c], {}, policy=policy, today=dt.date(2026, 12, 1))]
        ['2026-11-30']
        >>> notes_overdue([c], {"R-1/4": dt.datetime(2026, 11, 30, 16)}, policy=policy,
        ...               today=dt.date(2026, 12, 1))
        ()
    """
    calendar = calendar or WorkingCalendar()
    if not isinstance(policy, RecordKeepingPolicy):
        raise InvalidRecord("policy", "must be a RecordKeepingPolicy", policy, rule="R-REC-7")
    overdue: list[OverdueNote] = []
    for contact in contacts:
        if contact.id in written:
            continue
        # The contact's day itself never counts; 0 means the same day, or the
        # next working day for a contact on a day the team does not work.
        due = calendar.add_working_days(contact.at.date(), policy.write_up_working_days)
        if today > due:
            late = calendar.working_days_between(due, today)
            overdue.append(OverdueNote(contact=contact, due=due, working_days_late=max(1, late)))
    overdue.sort(key=lambda o: (o.due, o.contact.id))
    return tuple(overdue)
