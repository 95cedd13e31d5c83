"""First contact, appointments, attendance, scheduling and letters (DOMAIN.md 6-7).

Planning functions here honour what the family has said (R-AL-4): a parent's
preferred channel, literacy or learning needs, and who must not be contacted.
Nothing is planned against those without a recorded reason, and every plan says
why it chose what it chose. Nothing is sent or booked: the plans are data.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent
    >>> family = Family(
    ...     parents=[Parent("Ana Silva", "mother", phone="07700 900001", address="1 Elm Row",
    ...                     literacy_or_learning_needs=True),
    ...              Parent("Rui Silva", "father", phone="07700 900002", preferred_channel="phone")],
    ...     infant=Infant.born_on(dt.date(2026, 9, 1)))
    >>> plan = plan_first_contact(family)
    >>> for m in plan.messages:
    ...     print(m.recipient, m.channel.value, m.purpose)
    Ana Silva text welcome
    Ana Silva letter confirmation
    Rui Silva phone welcome
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import final

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MINUTELY, rrule

from parentinfant._commands import LogCommunication
from parentinfant._validate import is_bool, is_text, non_empty_text, parse_enum
from parentinfant.errors import InvalidAppointment, InvalidPolicy
from parentinfant.family import ContactChannel, Family, Parent, TimeWindow, to_windows
from parentinfant.workdays import WorkingCalendar

__all__ = [
    "Appointment",
    "Attendance",
    "ContactPolicy",
    "Enclosure",
    "FirstContactPlan",
    "Letter",
    "Mode",
    "PlannedMessage",
    "Reminder",
    "SessionType",
    "TimeWindow",
    "check_against_preferences",
    "default_mode",
    "letter_after",
    "plan_first_contact",
    "plan_reminders",
    "preference_conflicts",
    "propose_slots",
    "reminder_times",
    "safety_not_recorded",
]


# --------------------------------------------------------------------------- policy


class Enclosure(enum.Enum):
    """What a team may send with the confirmation letter (R-FC-4).

    Examples:
        >>> Enclosure("baseline-questionnaires").value
        'baseline-questionnaires'
    """

    LEAFLET = "leaflet"
    BASELINE_QUESTIONNAIRES = "baseline-questionnaires"
    CONSENT_FORMS = "consent-forms"


def _to_channel(value: ContactChannel | str) -> ContactChannel:
    return parse_enum(ContactChannel, value, "first_channel", InvalidPolicy, "R-FC-1")


def _to_enclosures(value: Iterable[Enclosure | str]) -> tuple[Enclosure, ...]:
    if isinstance(value, str):
        value = (value,)
    return tuple(parse_enum(Enclosure, v, "enclosures", InvalidPolicy, "R-FC-4") for v in value)


def _to_days(value: Iterable[int]) -> tuple[int, ...]:
    given = tuple(value)
    for day in given:
        if isinstance(day, bool) or not isinstance(day, int) or day < 1:
            raise InvalidPolicy(
                "reminder_days_before",
                "must hold whole numbers of days, at least 1",
                day,
                rule="R-AP-4",
            )
    return tuple(sorted(set(given)))


@final
@attrs.frozen(kw_only=True)
class ContactPolicy:
    """A team's choices for contacting families and booking appointments.

    Args:
        first_channel: The channel for a welcome when the parent stated no
            preference and has no literacy or learning needs (R-FC-1; text).
        confirm_by_letter: Whether every first contact is confirmed by letter;
            it always is for a parent with literacy or learning needs (R-FC-3).
        enclosures: What goes with the confirmation letter (R-FC-4).
        working_hours: When the team works, and so when messages may go out
            and appointments be offered.
        school_runs: Drop-off and pick-up windows to avoid for families with
            school-age children (R-AP-3).
        reminder_days_before: Days before an appointment that a text reminder
            goes out (R-AP-4; one day by default, ``(1, 2)`` for both).
        reminder_time: The time of day reminders are sent.
        contact_when_safety_unrecorded: Whether a parent of a family of more
            than one parent is contacted while whether that is safe for mother
            and child is not recorded (``Parent.contact_safe is None``).
            ``True`` by default, so a couple are both contacted (R-FC-2) and
            every plan lists such a parent in ``safety_not_recorded`` to check
            first; ``False`` leaves them out, with the reason, exactly as a
            parent recorded as not safe to contact (R-REC-5, R-AL-4). A family
            of one parent is never affected.

    Raises:
        InvalidPolicy: For values out of range.

    Examples:
        >>> ContactPolicy(reminder_days_before=(2, 1)).reminder_days_before
        (1, 2)
        >>> ContactPolicy(reminder_days_before=(0,))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: reminder_days_before must hold whole numbers of days, at least 1 (R-AP-4), got 0
        >>> ContactPolicy().contact_when_safety_unrecorded
        True
    """

    first_channel: ContactChannel = attrs.field(default=ContactChannel.TEXT, converter=_to_channel)
    confirm_by_letter: bool = attrs.field(
        default=False, validator=is_bool(InvalidPolicy, "R-FC-3")
    )
    enclosures: tuple[Enclosure, ...] = attrs.field(
        default=(Enclosure.LEAFLET,), converter=_to_enclosures
    )
    working_hours: TimeWindow = attrs.field(
        default=TimeWindow(dt.time(9, 0), dt.time(17, 0)),
        validator=attrs.validators.instance_of(TimeWindow),
    )
    school_runs: tuple[TimeWindow, ...] = attrs.field(
        default=(
            TimeWindow(dt.time(8, 15), dt.time(9, 15)),
            TimeWindow(dt.time(14, 45), dt.time(15, 45)),
        ),
        converter=to_windows,
    )
    reminder_days_before: tuple[int, ...] = attrs.field(default=(1,), converter=_to_days)
    reminder_time: dt.time = dt.time(10, 0)
    contact_when_safety_unrecorded: bool = attrs.field(
        default=True, validator=is_bool(InvalidPolicy, "R-REC-5")
    )

    def __attrs_post_init__(self) -> None:
        if not self.working_hours.start <= self.reminder_time < self.working_hours.end:
            raise InvalidPolicy(
                "reminder_time",
                "must fall within working hours",
                self.reminder_time,
                rule="R-FC-1",
            )


# --------------------------------------------------------------------------- first contact


@final
@attrs.frozen(kw_only=True)
class PlannedMessage:
    """One message the first contact calls for (R-FC-1..4).

    Args:
        recipient: The parent's name.
        channel: Text, phone, letter or email.
        purpose: ``"welcome"`` (arrange the first appointment) or
            ``"confirmation"`` (date and time in writing).
        enclosures: What goes with it (letters only).
        reason: Why this channel: the parent's preference, their needs, or the
            team's default.
        contact_times: When the parent said they can be contacted; a call or
            text goes within these (R-AL-4). Empty: any time in working hours.

    Examples:
        >>> PlannedMessage(recipient="Ana", channel=ContactChannel.TEXT, purpose="welcome",
        ...                enclosures=(), reason="team default").channel.value
        'text'
    """

    recipient: str
    channel: ContactChannel
    purpose: str
    enclosures: tuple[Enclosure, ...]
    reason: str
    contact_times: tuple[TimeWindow, ...] = ()

    def as_communication(self, summary: str | None = None) -> LogCommunication:
        """The command that logs this message once it has gone (R-AL-4).

        Every communication with the family goes on the case's record; this
        turns the plan into the `LogCommunication` to apply when it is sent.

        Examples:
            >>> m = PlannedMessage(recipient="Ana", channel=ContactChannel.LETTER,
            ...     purpose="confirmation", enclosures=(Enclosure.LEAFLET,), reason="R-FC-3")
            >>> m.as_communication().summary
            'confirmation by letter, with: leaflet'
        """
        if summary is None:
            summary = f"{self.purpose} by {self.channel.value}"
            if self.enclosures:
                summary += ", with: " + ", ".join(e.value for e in self.enclosures)
        return LogCommunication(channel=self.channel, summary=summary, with_whom=self.recipient)


@final
@attrs.frozen(kw_only=True)
class FirstContactPlan:
    """Who to contact first, how, and who cannot be reached or must not be (R-FC-1..4).

    Args:
        messages: The messages, parent by parent, welcome first.
        not_contacted: Parents left out, each with the reason (recorded, never silent).
        safety_not_recorded: In a family of more than one parent, every
            parent for whom it is not recorded whether contact is safe for
            mother and child, with what to do: check before contacting them
            (R-REC-5, R-AL-4; see `safety_not_recorded`).

    Examples:
        >>> FirstContactPlan(messages=(), not_contacted=(("Tom", "no contact details"),)).not_contacted
        (('Tom', 'no contact details'),)
    """

    messages: tuple[PlannedMessage, ...]
    not_contacted: tuple[tuple[str, str], ...]
    safety_not_recorded: tuple[tuple[str, str], ...] = ()


_SAFETY_NOT_RECORDED = (
    "whether contact is safe for mother and child is not recorded: "
    "check before contacting (R-REC-5, R-AL-4)"
)
_LEFT_OUT_SAFETY_NOT_RECORDED = (
    "whether contact is safe for mother and child is not recorded, and the team's "
    "policy is to contact no one until it is (contact_when_safety_unrecorded=False, R-REC-5)"
)


def safety_not_recorded(family: Family) -> tuple[tuple[str, str], ...]:
    """The parents to check are safe to contact before anyone contacts them (R-REC-5, R-AL-4).

    In a family of more than one parent, each parent whose ``contact_safe``
    is not recorded (``None``), in the family's order, with the reason. A
    referral often does not mention domestic abuse or separation (R-AL-4), so
    a plan to contact a second parent shows this list instead of assuming it
    is safe. A family of one parent gives an empty list: the parent referred
    is the one the team contacts.

    Args:
        family: The family.

    Returns:
        ``(name, reason)`` pairs; empty when every parent's safety is recorded.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother", contact_safe=True), Parent("Tom", "father")],
        ...              infant=Infant.born_on(dt.date(2026, 9, 1)))
        >>> safety_not_recorded(fam)
        (('Tom', 'whether contact is safe for mother and child is not recorded: check before contacting (R-REC-5, R-AL-4)'),)
    """
    if not family.couple:
        return ()
    return tuple((p.name, _SAFETY_NOT_RECORDED) for p in family.parents if p.contact_safe is None)


def _reachable(parent: Parent, channel: ContactChannel) -> bool:
    if channel in (ContactChannel.TEXT, ContactChannel.PHONE):
        return bool(parent.phone)
    if channel is ContactChannel.LETTER:
        return bool(parent.address)
    return bool(parent.email)


def plan_first_contact(
    family: Family,
    *,
    policy: ContactPolicy | None = None,
    do_not_contact: Mapping[str, str] | None = None,
) -> FirstContactPlan:
    """Plan the first contact with a family (R-FC-1..4, R-AL-4).

    Every parent referred is contacted (a couple: both, R-FC-2), unless named in
    ``do_not_contact`` with a reason (for example a safety concern about a
    partner), or their record says not to contact them or that contact is not
    safe. In a family of more than one parent, a parent whose safety is not
    recorded is listed in ``safety_not_recorded`` to check first, and left out
    with the reason when the policy's ``contact_when_safety_unrecorded`` is
    ``False`` (R-REC-5). For each parent: a stated preferred channel is
    honoured when the team holds the details it needs; a parent with literacy
    or learning needs gets a text or a call (their preference among those,
    else the team's default) and then a confirming letter (R-FC-3); otherwise
    the team's default channel, falling back to whatever details exist. A
    confirmation letter carries the team's enclosures (R-FC-4).

    Args:
        family: The family.
        policy: The team's contact policy.
        do_not_contact: Parent names not to contact, each with the recorded reason.

    Returns:
        The plan, with every parent either contacted or listed with the reason not.

    Raises:
        InvalidAppointment: When ``do_not_contact`` names someone not in the
            family, or gives an empty reason.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother", phone="07700 900001"),
        ...                       Parent("Tom", "partner", phone="07700 900002")],
        ...              infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> plan = plan_first_contact(fam, do_not_contact={"Tom": "safety concern recorded"})
        >>> [m.recipient for m in plan.messages], plan.not_contacted
        (['Ana'], (('Tom', 'safety concern recorded'),))
        >>> [name for name, _ in plan.safety_not_recorded]
        ['Ana', 'Tom']
        >>> cautious = ContactPolicy(contact_when_safety_unrecorded=False)
        >>> fam = Family(parents=[Parent("Ana", "mother", phone="07700 900001", contact_safe=True),
        ...                       Parent("Tom", "partner", phone="07700 900002")],
        ...              infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> plan = plan_first_contact(fam, policy=cautious)
        >>> [m.recipient for m in plan.messages], [name for name, _ in plan.not_contacted]
        (['Ana'], ['Tom'])
    """
    policy = policy or ContactPolicy()
    skip = _checked_skips(family, do_not_contact, policy)
    messages: list[PlannedMessage] = []
    not_contacted: list[tuple[str, str]] = []
    for parent in family.parents:
        if parent.name in skip:
            not_contacted.append((parent.name, skip[parent.name]))
            continue
        channel, reason = _first_channel(parent, policy)
        if channel is None:
            not_contacted.append((parent.name, reason))
            continue
        spoken = channel in (ContactChannel.TEXT, ContactChannel.PHONE)
        messages.append(
            PlannedMessage(
                recipient=parent.name,
                channel=channel,
                purpose="welcome",
                enclosures=(),
                reason=reason,
                contact_times=parent.contact_times if spoken else (),
            )
        )
        wants_letter = parent.literacy_or_learning_needs or policy.confirm_by_letter
        if wants_letter and channel is not ContactChannel.LETTER:
            if parent.address:
                why = (
                    "literacy or learning needs: date and time confirmed in writing (R-FC-3)"
                    if parent.literacy_or_learning_needs
                    else "team confirms every first contact by letter"
                )
                messages.append(
                    PlannedMessage(
                        recipient=parent.name,
                        channel=ContactChannel.LETTER,
                        purpose="confirmation",
                        enclosures=policy.enclosures,
                        reason=why,
                    )
                )
            else:
                not_contacted.append(
                    (parent.name, "confirmation letter: no postal address recorded")
                )
    return FirstContactPlan(
        messages=tuple(messages),
        not_contacted=tuple(not_contacted),
        safety_not_recorded=safety_not_recorded(family),
    )


def _first_channel(parent: Parent, policy: ContactPolicy) -> tuple[ContactChannel | None, str]:
    spoken = (ContactChannel.TEXT, ContactChannel.PHONE)
    preferred = parent.preferred_channel
    if parent.literacy_or_learning_needs:
        order = [c for c in (preferred, policy.first_channel, *spoken) if c in spoken]
        for channel in order:
            if channel is not None and _reachable(parent, channel):
                why = (
                    "the parent's stated preference"
                    if channel is preferred
                    else "literacy or learning needs: text or phone first (R-FC-3)"
                )
                return channel, why
        return None, "literacy or learning needs, but no phone number recorded for a text or call"
    if preferred is not None and _reachable(parent, preferred):
        return preferred, "the parent's stated preference (R-AL-4)"
    fallbacks = (
        policy.first_channel,
        ContactChannel.TEXT,
        ContactChannel.PHONE,
        ContactChannel.LETTER,
        ContactChannel.EMAIL,
    )
    for channel in fallbacks:
        if _reachable(parent, channel):
            why = (
                "the team's first channel (R-FC-1)"
                if channel is policy.first_channel
                else ("the only contact details recorded")
            )
            if preferred is not None:
                why += f"; the preferred {preferred.value} has no details recorded"
            return channel, why
    return None, "no contact details recorded"


# --------------------------------------------------------------------------- appointments


class SessionType(enum.Enum):
    """What an appointment is for (R-AP-5).

    Examples:
        >>> SessionType("phone-consultation").value
        'phone-consultation'
    """

    ASSESSMENT = "assessment"
    INTERVENTION = "intervention"
    REVIEW = "review"
    ENDING = "ending"
    FOLLOW_UP = "follow-up"
    GROUP = "group"
    PHONE_CONSULTATION = "phone-consultation"
    CONSULTATION = "consultation"


class Mode(enum.Enum):
    """How the appointment happens (R-AP-1).

    ``mhsds_consultation_mechanism`` gives the NHS Mental Health Services Data
    Set code (CONSULTATION MECHANISM (MENTAL HEALTH), NHS Data Model and
    Dictionary): 01 face to face, 02 telephone, 11 video consultation.

    Examples:
        >>> Mode.HOME_VISIT.mhsds_consultation_mechanism, Mode.PHONE.mhsds_consultation_mechanism
        ('01', '02')
    """

    HOME_VISIT = "home-visit"
    CLINIC = "clinic"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def mhsds_consultation_mechanism(self) -> str:
        """The MHSDS consultation mechanism code for this mode.

        Examples:
            >>> Mode.VIDEO.mhsds_consultation_mechanism
            '11'
        """
        return {"home-visit": "01", "clinic": "01", "phone": "02", "video": "11"}[self.value]


class Attendance(enum.Enum):
    """What happened at an appointment, aligned with MHSDS attendance codes.

    ``mhsds_code`` is the NHS Data Model and Dictionary's ATTENDED OR DID NOT
    ATTEND code: 5 attended on time (or late, before the professional was
    ready), 6 arrived late but was seen, 7 arrived late and could not be seen,
    2 cancelled by or on behalf of the patient, 4 cancelled or postponed by the
    provider, 3 did not attend without warning.

    Examples:
        >>> [(a.value, a.mhsds_code) for a in Attendance][:3]
        [('attended', '5'), ('late-seen', '6'), ('late-not-seen', '7')]
    """

    ATTENDED = "attended"
    LATE_SEEN = "late-seen"
    LATE_NOT_SEEN = "late-not-seen"
    CANCELLED_BY_FAMILY = "cancelled-by-family"
    CANCELLED_BY_TEAM = "cancelled-by-team"
    DID_NOT_ATTEND = "did-not-attend"

    @property
    def mhsds_code(self) -> str:
        """The MHSDS ATTENDED OR DID NOT ATTEND code.

        Examples:
            >>> Attendance.DID_NOT_ATTEND.mhsds_code
            '3'
        """
        return _ATTENDANCE_CODES[self]

    @property
    def seen(self) -> bool:
        """Whether the family was seen (codes 5 and 6).

        Examples:
            >>> Attendance.LATE_SEEN.seen, Attendance.LATE_NOT_SEEN.seen
            (True, False)
        """
        return self in (Attendance.ATTENDED, Attendance.LATE_SEEN)


_ATTENDANCE_CODES = {
    Attendance.ATTENDED: "5",
    Attendance.LATE_SEEN: "6",
    Attendance.LATE_NOT_SEEN: "7",
    Attendance.CANCELLED_BY_FAMILY: "2",
    Attendance.CANCELLED_BY_TEAM: "4",
    Attendance.DID_NOT_ATTEND: "3",
}


def default_mode(*, safety_concern: str | None = None) -> Mode:
    """A home visit, unless a safety concern is recorded; then the clinic (R-AP-1).

    Examples:
        >>> default_mode().value, default_mode(safety_concern="dog; lone working").value
        ('home-visit', 'clinic')
    """
    if safety_concern is not None and not isinstance(safety_concern, str):
        raise InvalidAppointment("safety_concern", "must be text", safety_concern, rule="R-AP-1")
    return Mode.CLINIC if safety_concern and safety_concern.strip() else Mode.HOME_VISIT


def _to_session_type(value: SessionType | str) -> SessionType:
    return parse_enum(SessionType, value, "session_type", InvalidAppointment, "R-AP-5")


def _to_mode(value: Mode | str) -> Mode:
    return parse_enum(Mode, value, "mode", InvalidAppointment, "R-AP-1")


def _to_attendance(value: Attendance | str | None) -> Attendance | None:
    if value is None:
        return None
    return parse_enum(Attendance, value, "attendance", InvalidAppointment, "R-AP-5")


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Appointment:
    """An appointment with a family (R-AP-1..6).

    Args:
        start: When it starts.
        duration: How long it lasts.
        session_type: Assessment, intervention, review, ending, follow-up, group,
            phone consultation or consultation (R-AP-5).
        mode: Home visit, clinic, phone or video (R-AP-1).
        practitioner: Who sees the family.
        safety_concern: A recorded reason not to visit at home; a home visit
            with a safety concern recorded is refused.
        first: Whether this is the family's first appointment.
        referrer_invited: Whether the referrer is invited (R-AP-2); first
            appointments only.
        referrer_permission: Who of the parents agreed to the referrer coming,
            and when; required when ``referrer_invited``.
        attendance: What happened, once it has.
        attended_by: The parents who came (letters go to them, R-AP-6).
        against_preferences: The recorded reason for booking at a day or time
            the family said does not suit them (R-AL-4); see
            `check_against_preferences`.

    Raises:
        InvalidAppointment: For a home visit against a recorded safety concern,
            a referrer invited without the parents' recorded permission, a
            non-positive duration, or attendees recorded for an appointment
            where no one was seen.

    Examples:
        >>> import datetime as dt
        >>> Appointment(start=dt.datetime(2026, 12, 1, 10), duration=dt.timedelta(hours=1),
        ...             session_type="assessment", mode="home-visit", practitioner="Priya",
        ...             first=True, referrer_invited=True)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidAppointment: referrer_permission must be recorded before the referrer is invited (R-AP-2), got None
    """

    start: dt.datetime
    duration: dt.timedelta
    session_type: SessionType = attrs.field(converter=_to_session_type)
    mode: Mode = attrs.field(converter=_to_mode)
    practitioner: str = attrs.field(validator=non_empty_text(InvalidAppointment, "R-AL-1"))
    safety_concern: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(is_text(InvalidAppointment, "R-AP-1"))
    )
    first: bool = attrs.field(default=False, validator=is_bool(InvalidAppointment, "R-AP-2"))
    referrer_invited: bool = attrs.field(
        default=False, validator=is_bool(InvalidAppointment, "R-AP-2")
    )
    referrer_permission: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(is_text(InvalidAppointment, "R-AP-2"))
    )
    attendance: Attendance | None = attrs.field(default=None, converter=_to_attendance)
    attended_by: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    against_preferences: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(non_empty_text(InvalidAppointment, "R-AL-4")),
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.start, dt.datetime):
            raise InvalidAppointment("start", "must be a datetime", self.start, rule="R-AP-1")
        if not isinstance(self.duration, dt.timedelta) or self.duration <= dt.timedelta(0):
            raise InvalidAppointment(
                "duration", "must be a positive timedelta", self.duration, rule="R-AP-1"
            )
        if self.mode is Mode.HOME_VISIT and self.safety_concern and self.safety_concern.strip():
            raise InvalidAppointment(
                "mode",
                f"must not be a home visit while a safety concern is recorded "
                f"({self.safety_concern})",
                self.mode.value,
                rule="R-AP-1",
            )
        if self.referrer_invited and not self.first:
            raise InvalidAppointment(
                "referrer_invited", "is for the first appointment only", True, rule="R-AP-2"
            )
        if self.session_type is SessionType.PHONE_CONSULTATION and self.mode not in (
            Mode.PHONE,
            Mode.VIDEO,
        ):
            raise InvalidAppointment(
                "mode",
                "must be phone or video for a phone consultation",
                self.mode.value,
                rule="R-AP-1",
            )
        names = self.attended_by
        if any(not isinstance(n, str) or not n.strip() for n in names) or len(set(names)) != len(
            names
        ):
            raise InvalidAppointment(
                "attended_by", "must name each parent who came once", names, rule="R-AP-6"
            )
        if self.referrer_invited and not (
            self.referrer_permission and self.referrer_permission.strip()
        ):
            raise InvalidAppointment(
                "referrer_permission",
                "must be recorded before the referrer is invited",
                self.referrer_permission,
                rule="R-AP-2",
            )
        if self.attended_by and not (self.attendance and self.attendance.seen):
            raise InvalidAppointment(
                "attended_by",
                "must be empty unless the family was seen",
                self.attended_by,
                rule="R-AP-6",
            )

    @property
    def end(self) -> dt.datetime:
        """When it ends.

        Examples:
            >>> import datetime as dt
            >>> Appointment(start=dt.datetime(2026, 12, 1, 10), duration=dt.timedelta(minutes=90),
            ...             session_type="intervention", mode="clinic", practitioner="P").end
            datetime.datetime(2026, 12, 1, 11, 30)
        """
        return self.start + self.duration


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def preference_conflicts(appointment: Appointment, family: Family) -> tuple[str, ...]:
    """How an appointment goes against the days and times the family said do not suit (R-AL-4).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, TimeWindow
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.born_on(dt.date(2026, 9, 1)),
        ...              unsuitable_days=[0], unsuitable_times=[TimeWindow(dt.time(9), dt.time(11))])
        >>> appt = Appointment(start=dt.datetime(2026, 11, 30, 10), duration=dt.timedelta(hours=1),
        ...                    session_type="assessment", mode="home-visit", practitioner="Priya")
        >>> preference_conflicts(appt, fam)
        ('Monday does not suit the family', '09:00-11:00 does not suit the family')
    """
    conflicts: list[str] = []
    start, end = appointment.start, appointment.end
    if start.weekday() in family.unsuitable_days:
        conflicts.append(f"{_WEEKDAYS[start.weekday()]} does not suit the family")
    for window in family.unsuitable_times:
        same_day = end.date() == start.date()
        if window.overlaps(start.time(), end.time() if same_day else dt.time.max):
            conflicts.append(f"{window.start:%H:%M}-{window.end:%H:%M} does not suit the family")
    return tuple(conflicts)


def check_against_preferences(appointment: Appointment, family: Family) -> Appointment:
    """The appointment, if it honours what the family said or records why not (R-AL-4).

    Nothing is booked against the family's stated days and times without a
    recorded reason: an appointment that conflicts must carry
    ``against_preferences``.

    Raises:
        InvalidAppointment: Naming each conflict, when no reason is recorded.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.born_on(dt.date(2026, 9, 1)),
        ...              unsuitable_days=[0])
        >>> appt = Appointment(start=dt.datetime(2026, 11, 30, 10), duration=dt.timedelta(hours=1),
        ...                    session_type="review", mode="clinic", practitioner="Priya")
        >>> check_against_preferences(appt, fam)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidAppointment: start must suit the family or record against_preferences (R-AL-4), got 'Monday does not suit the family'
        >>> import attrs
        >>> ok = attrs.evolve(appt, against_preferences="only clinic room free; Ana agreed by phone")
        >>> check_against_preferences(ok, fam) is ok
        True
    """
    conflicts = preference_conflicts(appointment, family)
    if conflicts and not appointment.against_preferences:
        raise InvalidAppointment(
            "start",
            "must suit the family or record against_preferences",
            "; ".join(conflicts),
            rule="R-AL-4",
        )
    return appointment


# --------------------------------------------------------------------------- scheduling


def propose_slots(
    *,
    first_day: dt.date,
    days: int,
    duration: dt.timedelta,
    family: Family,
    calendar: WorkingCalendar | None = None,
    policy: ContactPolicy | None = None,
    avoid: Sequence[TimeWindow] = (),
    step_minutes: int = 30,
) -> tuple[dt.datetime, ...]:
    """Start times for an appointment that suit the team and the family (R-AP-3, R-AL-4).

    Candidates fall on the team's working days, start every ``step_minutes``
    within working hours and end by their close. For a family with school-age
    children the school-run windows are avoided (R-AP-3); the days and times
    the family said do not suit them are never offered (R-AL-4), and
    ``avoid`` adds any more for this booking.

    Args:
        first_day: The first day to consider.
        days: How many calendar days to consider, at least 1.
        duration: The appointment's length.
        family: The family (its school-age children matter).
        calendar: The team's working calendar (bank holidays, closures).
        policy: The team's contact policy (working hours, school runs).
        avoid: The family's own times to avoid.
        step_minutes: Spacing of candidate start times, 5 to 240.

    Raises:
        InvalidAppointment: For a bad range, duration or step.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.born_on(dt.date(2026, 9, 1)),
        ...              school_age_children=1)
        >>> slots = propose_slots(first_day=dt.date(2026, 12, 1), days=1, duration=dt.timedelta(hours=1),
        ...                       family=fam)
        >>> [s.strftime("%H:%M") for s in slots]
        ['09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '16:00']
    """
    calendar = calendar or WorkingCalendar()
    policy = policy or ContactPolicy()
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidAppointment("days", "must be a whole number, at least 1", days, rule="R-AP-3")
    if not isinstance(duration, dt.timedelta) or duration <= dt.timedelta(0):
        raise InvalidAppointment(
            "duration", "must be a positive timedelta", duration, rule="R-AP-3"
        )
    if (
        isinstance(step_minutes, bool)
        or not isinstance(step_minutes, int)
        or not 5 <= step_minutes <= 240
    ):
        raise InvalidAppointment(
            "step_minutes", "must be between 5 and 240", step_minutes, rule="R-AP-3"
        )
    if not isinstance(first_day, dt.date) or isinstance(first_day, dt.datetime):
        raise InvalidAppointment("first_day", "must be a date", first_day, rule="R-AP-3")
    blocked = list(to_windows(avoid, "avoid"))
    blocked.extend(family.unsuitable_times)
    if family.school_age_children:
        blocked.extend(policy.school_runs)
    hours = policy.working_hours
    slots: list[dt.datetime] = []
    # dateutil walks the days and, within each, the start times from opening in
    # steps; the team's calendar removes the days it does not work.
    for day in rrule(DAILY, dtstart=dt.datetime.combine(first_day, dt.time()), count=days):
        if not calendar.is_working_day(day.date()) or day.weekday() in family.unsuitable_days:
            continue
        opening = dt.datetime.combine(day.date(), hours.start)
        closing = dt.datetime.combine(day.date(), hours.end)
        for start in rrule(MINUTELY, interval=step_minutes, dtstart=opening, until=closing):
            end = start + duration
            if end > closing:
                break
            if any(w.overlaps(start.time(), end.time()) for w in blocked):
                continue
            slots.append(start)
    return tuple(slots)


def reminder_times(
    appointment_start: dt.datetime,
    *,
    calendar: WorkingCalendar | None = None,
    policy: ContactPolicy | None = None,
) -> tuple[dt.datetime, ...]:
    """When text reminders go out before an appointment (R-AP-4, R-FC-1).

    One for each of the policy's ``reminder_days_before``, at its
    ``reminder_time``. A reminder that would fall on a day the team does not
    work moves to the working day before it, so nothing is sent out of hours;
    two reminders that land on the same time are sent once.

    Examples:
        >>> import datetime as dt
        >>> reminder_times(dt.datetime(2026, 12, 3, 10), policy=ContactPolicy(reminder_days_before=(1, 2)))
        (datetime.datetime(2026, 12, 1, 10, 0), datetime.datetime(2026, 12, 2, 10, 0))
        >>> reminder_times(dt.datetime(2026, 11, 30, 14))   # Monday: not Sunday, but Friday
        (datetime.datetime(2026, 11, 27, 10, 0),)
    """
    calendar = calendar or WorkingCalendar()
    policy = policy or ContactPolicy()
    if not isinstance(appointment_start, dt.datetime):
        raise InvalidAppointment(
            "appointment_start", "must be a datetime", appointment_start, rule="R-AP-4"
        )
    times: set[dt.datetime] = set()
    for days_before in policy.reminder_days_before:
        day = appointment_start.date() + relativedelta(days=-days_before)
        while not calendar.is_working_day(day):
            day += relativedelta(days=-1)
        times.add(dt.datetime.combine(day, policy.reminder_time, tzinfo=appointment_start.tzinfo))
    return tuple(sorted(t for t in times if t < appointment_start))


@final
@attrs.frozen(kw_only=True)
class Reminder:
    """One reminder to one parent before an appointment (R-AP-4, R-AL-4).

    Args:
        at: When it goes out (always within working hours on a working day).
        recipient: The parent's name.
        channel: Text by default; the parent's stated channel where they gave one.
        reason: Why this channel.

    Examples:
        >>> import datetime as dt
        >>> Reminder(at=dt.datetime(2026, 11, 30, 10), recipient="Ana",
        ...          channel=ContactChannel.TEXT, reason="text reminder (R-AP-4)").channel.value
        'text'
    """

    at: dt.datetime
    recipient: str
    channel: ContactChannel
    reason: str

    def as_communication(self, appointment_start: dt.datetime) -> LogCommunication:
        """The command that logs this reminder once it has gone (R-AL-4).

        Examples:
            >>> import datetime as dt
            >>> r = Reminder(at=dt.datetime(2026, 11, 30, 10), recipient="Ana",
            ...              channel=ContactChannel.TEXT, reason="text reminder (R-AP-4)")
            >>> r.as_communication(dt.datetime(2026, 12, 1, 14)).summary
            'reminder of the appointment on Tue 01 Dec 2026 at 14:00'
        """
        return LogCommunication(
            channel=self.channel,
            summary=f"reminder of the appointment on {appointment_start:%a %d %b %Y at %H:%M}",
            with_whom=self.recipient,
        )


def plan_reminders(
    appointment_start: dt.datetime,
    family: Family,
    *,
    calendar: WorkingCalendar | None = None,
    policy: ContactPolicy | None = None,
    do_not_contact: Mapping[str, str] | None = None,
) -> tuple[tuple[Reminder, ...], tuple[tuple[str, str], ...]]:
    """Reminders for each parent, honouring what each said (R-AP-4, R-AL-4).

    Reminders go by text (R-AP-4) at the times `reminder_times` gives. A parent
    who asked for another channel is reminded that way if the team holds the
    details; a parent named in ``do_not_contact`` is not reminded, and every
    parent not reminded is returned with the reason, never dropped. In a
    family of more than one parent, a reminder to a parent whose safety is not
    recorded says so in its reason, and with the policy's
    ``contact_when_safety_unrecorded`` set to ``False`` that parent is not
    reminded (R-REC-5).

    Returns:
        The reminders, in time order, and the parents not reminded with the reason.

    Raises:
        InvalidAppointment: When ``do_not_contact`` names someone not in the
            family or gives no reason.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother", phone="07700 900001"),
        ...                       Parent("Tom", "father", address="1 Elm Row", preferred_channel="letter")],
        ...              infant=Infant.born_on(dt.date(2026, 9, 1)))
        >>> sent, skipped = plan_reminders(dt.datetime(2026, 12, 3, 10), fam)
        >>> [(r.recipient, r.channel.value, r.at.isoformat()) for r in sent]
        [('Ana', 'text', '2026-12-02T10:00:00'), ('Tom', 'letter', '2026-12-02T10:00:00')]
        >>> skipped
        ()
    """
    policy = policy or ContactPolicy()
    skip = _checked_skips(family, do_not_contact, policy)
    unchecked = {name for name, _ in safety_not_recorded(family)}
    times = reminder_times(appointment_start, calendar=calendar, policy=policy)
    hours = policy.working_hours
    reminders: list[Reminder] = []
    not_reminded: list[tuple[str, str]] = []
    for parent in family.parents:
        if parent.name in skip:
            not_reminded.append((parent.name, skip[parent.name]))
            continue
        preferred = parent.preferred_channel
        channel: ContactChannel
        if preferred is not None and preferred is not ContactChannel.TEXT:
            if _reachable(parent, preferred):
                channel, why = preferred, "the parent's stated preference (R-AL-4)"
            else:
                not_reminded.append(
                    (parent.name, f"prefers {preferred.value} but no details are recorded for it")
                )
                continue
        elif parent.phone:
            channel, why = ContactChannel.TEXT, "text reminder (R-AP-4)"
        else:
            not_reminded.append((parent.name, "no mobile number recorded for a text reminder"))
            continue
        if parent.name in unchecked:
            why = f"{why}; {_SAFETY_NOT_RECORDED}"
        if channel is ContactChannel.LETTER or not parent.contact_times:
            reminders.extend(
                Reminder(at=at, recipient=parent.name, channel=channel, reason=why) for at in times
            )
            continue
        fitted = _within_contact_times(parent, times, hours)
        if not fitted:
            not_reminded.append(
                (
                    parent.name,
                    "no time the parent said they can be contacted falls within working hours",
                )
            )
            continue
        reminders.extend(
            Reminder(
                at=at,
                recipient=parent.name,
                channel=channel,
                reason=f"{why}; at a time the parent said suits them (R-AL-4)" if moved else why,
            )
            for at, moved in fitted
            if at < appointment_start
        )
    reminders.sort(key=lambda r: (r.at, r.recipient))
    return tuple(reminders), tuple(not_reminded)


def _within_contact_times(
    parent: Parent, times: Sequence[dt.datetime], hours: TimeWindow
) -> list[tuple[dt.datetime, bool]]:
    """Each reminder time, moved where needed to the first time that day the
    parent said suits them and the team works; ``True`` marks a moved time."""
    fitted: list[tuple[dt.datetime, bool]] = []
    for at in times:
        if any(w.start <= at.time() < w.end for w in parent.contact_times):
            fitted.append((at, False))
            continue
        starts = sorted(
            max(w.start, hours.start)
            for w in parent.contact_times
            if max(w.start, hours.start) < min(w.end, hours.end)
        )
        if starts:
            fitted.append((dt.datetime.combine(at.date(), starts[0], tzinfo=at.tzinfo), True))
    return fitted


def _checked_skips(
    family: Family, do_not_contact: Mapping[str, str] | None, policy: ContactPolicy
) -> dict[str, str]:
    given = dict(do_not_contact or {})
    names = {p.name for p in family.parents}
    for name, why in given.items():
        if name not in names:
            raise InvalidAppointment(
                "do_not_contact", "must name parents of this family", name, rule="R-AL-4"
            )
        if not isinstance(why, str) or not why.strip():
            raise InvalidAppointment(
                "do_not_contact", f"must give a reason for {name!r}", why, rule="R-AL-4"
            )
    # What the family's record says comes first; a reason given here adds to it.
    skip = {p.name: p.do_not_contact for p in family.parents if p.do_not_contact}
    for parent in family.parents:
        if parent.contact_safe is False and parent.name not in skip:
            skip[parent.name] = "contact is not safe for mother and child (R-REC-5)"
    if not policy.contact_when_safety_unrecorded:
        for name, _ in safety_not_recorded(family):
            skip.setdefault(name, _LEFT_OUT_SAFETY_NOT_RECORDED)
    for name, why in given.items():
        skip[name] = f"{skip[name]}; {why}" if name in skip and skip[name] != why else why
    return skip


# --------------------------------------------------------------------------- letters


@final
@attrs.frozen(kw_only=True)
class Letter:
    """Who a letter after an appointment goes to (R-AP-6).

    Args:
        to: The parents who attended: the letter is written to them.
        copies: Professionals involved, and absent parents where safe and permitted.
        withheld: Copies not sent, each with the reason.
        safety_not_recorded: Absent parents for whom it is not recorded
            whether contact is safe for mother and child, with the reason:
            check before a copy goes to them (R-REC-5, R-AL-4).

    Examples:
        >>> Letter(to=("Ana",), copies=(), withheld=()).to
        ('Ana',)
    """

    to: tuple[str, ...]
    copies: tuple[str, ...]
    withheld: tuple[tuple[str, str], ...]
    safety_not_recorded: tuple[tuple[str, str], ...] = ()


def letter_after(
    appointment: Appointment,
    family: Family,
    *,
    professionals: Iterable[str] = (),
    absent_parents_permitted: Mapping[str, bool] | None = None,
    policy: ContactPolicy | None = None,
) -> Letter:
    """Address the letter after an appointment (R-AP-6).

    The letter is written to the parents who attended, with copies to the
    professionals involved, rather than to professionals with a copy to the
    parents. An absent parent gets a copy only where it is safe and permitted
    (``absent_parents_permitted[name] is True``, and their record neither says
    not to contact them nor that contact is not safe); otherwise the copy is
    listed as withheld with the reason. An absent parent whose safety is not
    recorded is listed in ``safety_not_recorded``, and their copy is withheld
    when the policy's ``contact_when_safety_unrecorded`` is ``False`` (R-REC-5).

    Raises:
        InvalidAppointment: When no one was seen, or an attendee is not a parent
            of the family.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother"), Parent("Tom", "father")],
        ...              infant=Infant.born_on(dt.date(2026, 9, 1)))
        >>> visit = Appointment(start=dt.datetime(2026, 12, 1, 10), duration=dt.timedelta(hours=1),
        ...     session_type="assessment", mode="home-visit", practitioner="Priya",
        ...     attendance="attended", attended_by=["Ana"])
        >>> letter = letter_after(visit, fam, professionals=["Helen Price, health visitor"])
        >>> letter.to, letter.copies, letter.withheld
        (('Ana',), ('Helen Price, health visitor',), (('Tom', 'no recorded permission to copy an absent parent'),))
        >>> [name for name, _ in letter.safety_not_recorded]
        ['Tom']
    """
    if not (appointment.attendance and appointment.attendance.seen and appointment.attended_by):
        raise InvalidAppointment(
            "appointment",
            "must record who attended before a letter is written",
            appointment.attendance.value if appointment.attendance else None,
            rule="R-AP-6",
        )
    names = [p.name for p in family.parents]
    for name in appointment.attended_by:
        if name not in names:
            raise InvalidAppointment(
                "attended_by", "must name parents of this family", name, rule="R-AP-6"
            )
    permitted = dict(absent_parents_permitted or {})
    # What the family's record says about contact wins over any permission.
    unsafe = _checked_skips(family, None, policy or ContactPolicy())
    copies = list(professionals)
    withheld: list[tuple[str, str]] = []
    for name in names:
        if name in appointment.attended_by:
            continue
        if name in unsafe:
            withheld.append((name, unsafe[name]))
        elif permitted.get(name) is True:
            copies.append(name)
        else:
            withheld.append((name, "no recorded permission to copy an absent parent"))
    return Letter(
        to=tuple(appointment.attended_by),
        copies=tuple(copies),
        withheld=tuple(withheld),
        safety_not_recorded=tuple(
            (name, why)
            for name, why in safety_not_recorded(family)
            if name not in appointment.attended_by
        ),
    )
