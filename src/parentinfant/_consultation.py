"""Consultation: a team practitioner advising a worker of another service (R-REC-6).

A consultation is usually **anonymous**: the family is not identified, its notes
are kept like supervision notes, and its time counts as generic consultation
time. With the family's **consent** it may be about an identified family: its
notes then go in the family's record and its time counts as a clinical contact
against the family. Which of the two a record is decides both, so they can
never disagree with the consent.

An anonymous record cannot hold a family identifier or a consent naming a
parent: constructing one is refused. The consultee and their employer remain
accountable for their own decisions, and every record says so. A consultant
with a significant concern (safeguarding, or the consultee's capability)
escalates it with `escalate`, which returns a new record with the escalation
appended; nothing is ever removed.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Referrer
    >>> from parentinfant._consultation import ConsultationRecord, escalate
    >>> record = ConsultationRecord(
    ...     consultant="Priya Shah",
    ...     consultee=Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team"),
    ...     held_at=dt.datetime(2026, 11, 3, 14, 0),
    ...     duration=dt.timedelta(minutes=45),
    ... )
    >>> record.anonymous, record.notes_location.value, record.time_counted.value
    (True, 'supervision-notes', 'generic-consultation')
    >>> later = escalate(record, "consultee-capability", "Advice on sleep safety not taken up",
    ...                  to="Jo Smith's team leader", at=dt.datetime(2026, 11, 3, 16, 0))
    >>> len(record.escalations), len(later.escalations)
    (0, 1)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, assert_never, final

import attrs

from parentinfant._validate import is_bool, is_date, non_empty_text, parse_enum
from parentinfant.errors import InvalidRecord
from parentinfant.family import Referrer

__all__ = [
    "DEFAULT_ACCOUNTABILITY",
    "ConsultationActivity",
    "ConsultationRecord",
    "Escalation",
    "EscalationKind",
    "FamilyConsent",
    "NotesLocation",
    "TimeCounted",
    "consultation_activity",
    "escalate",
]

_RULE = "R-REC-6"

DEFAULT_ACCOUNTABILITY = (
    "The consultee and their employer remain accountable for their own decisions "
    "about the family; the consultant offers advice and does not take over "
    "responsibility for the work."
)
"""The accountability statement every consultation record carries unless a team words its own."""

_LONGEST = dt.timedelta(hours=24)


class NotesLocation(enum.Enum):
    """Where a consultation's notes are kept (R-REC-6).

    Examples:
        >>> NotesLocation("family-record").label
        "the family's record"
    """

    SUPERVISION_NOTES = "supervision-notes"
    FAMILY_RECORD = "family-record"

    @property
    def label(self) -> str:
        """Where the notes are, as words for people to read.

        Examples:
            >>> NotesLocation.SUPERVISION_NOTES.label
            'supervision-style notes'
        """
        return _NOTES_LABELS[self]


_NOTES_LABELS = {
    NotesLocation.SUPERVISION_NOTES: "supervision-style notes",
    NotesLocation.FAMILY_RECORD: "the family's record",
}


class TimeCounted(enum.Enum):
    """How a consultation's time is counted in activity figures (R-REC-6).

    Examples:
        >>> TimeCounted("clinical-contact").value
        'clinical-contact'
    """

    CLINICAL_CONTACT = "clinical-contact"
    GENERIC_CONSULTATION = "generic-consultation"


class EscalationKind(enum.Enum):
    """The significant concerns a consultant escalates (R-REC-6).

    Examples:
        >>> EscalationKind("consultee-capability").label
        "the consultee's capability"
    """

    SAFEGUARDING = "safeguarding"
    CONSULTEE_CAPABILITY = "consultee-capability"

    @property
    def label(self) -> str:
        """The kind of concern as words for people to read.

        Examples:
            >>> EscalationKind.SAFEGUARDING.label
            'safeguarding'
        """
        return _ESCALATION_LABELS[self]


_ESCALATION_LABELS = {
    EscalationKind.SAFEGUARDING: "safeguarding",
    EscalationKind.CONSULTEE_CAPABILITY: "the consultee's capability",
}


def _is_datetime(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidRecord(attribute.name, "must be a date and time", value, rule=_RULE)


def _optional_text(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidRecord(attribute.name, "must be non-empty text or None", value, rule=_RULE)


def _to_escalation_kind(value: EscalationKind | str) -> EscalationKind:
    return parse_enum(EscalationKind, value, "kind", InvalidRecord, _RULE)


@final
@attrs.frozen(kw_only=True)
class FamilyConsent:
    """The family's consent to a consultation about them by name (R-REC-6).

    Args:
        given_by: Who gave it: a parent's name.
        given_on: The day it was given.
        reference: Where the consent is recorded, if anywhere else.

    Raises:
        InvalidRecord: When the name is blank or the day is not a date.

    Examples:
        >>> import datetime as dt
        >>> FamilyConsent(given_by="Ana Haddad", given_on=dt.date(2026, 11, 1)).describe()
        'consent given by Ana Haddad on 2026-11-01'
    """

    given_by: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    given_on: dt.date = attrs.field(validator=is_date(InvalidRecord, _RULE))
    reference: str | None = attrs.field(default=None, validator=_optional_text)

    def describe(self) -> str:
        """Who consented and when, with the reference when there is one.

        Examples:
            >>> import datetime as dt
            >>> FamilyConsent(given_by="Ana", given_on=dt.date(2026, 11, 1), reference="CF-3").describe()
            'consent given by Ana on 2026-11-01 (ref CF-3)'
        """
        ref = f" (ref {self.reference})" if self.reference else ""
        return f"consent given by {self.given_by} on {self.given_on.isoformat()}{ref}"


@final
@attrs.frozen(kw_only=True)
class Escalation:
    """A significant concern the consultant escalated, and to whom (R-REC-6).

    Args:
        kind: Safeguarding, or the consultee's capability.
        concern: What the concern is. In an anonymous consultation, describe
            it without identifying the family.
        to: Whom it was escalated to (a safeguarding lead, the consultee's manager).
        at: When it was escalated.

    Raises:
        InvalidRecord: When the kind is unknown, a text is blank, or ``at`` is
            not a date and time.

    Examples:
        >>> import datetime as dt
        >>> e = Escalation(kind="safeguarding", concern="Bruising on a non-mobile baby",
        ...                to="Trust safeguarding lead", at=dt.datetime(2026, 11, 3, 15, 0))
        >>> print(e.describe())
        2026-11-03 15:00: safeguarding concern escalated to Trust safeguarding lead: Bruising on a non-mobile baby
    """

    kind: EscalationKind = attrs.field(converter=_to_escalation_kind)
    concern: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    to: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    at: dt.datetime = attrs.field(validator=_is_datetime)

    def describe(self) -> str:
        """The escalation in one line.

        Examples:
            >>> import datetime as dt
            >>> Escalation(kind="consultee-capability", concern="Advice not followed",
            ...            to="Team leader", at=dt.datetime(2026, 11, 3, 15, 0)).describe()
            "2026-11-03 15:00: the consultee's capability concern escalated to Team leader: Advice not followed"
        """
        return (
            f"{self.at:%Y-%m-%d %H:%M}: {self.kind.label} concern escalated to "
            f"{self.to}: {self.concern}"
        )


def _check_consultee(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Referrer):
        raise InvalidRecord(attribute.name, "must be a Referrer", value, rule=_RULE)
    if not value.organisation or not value.organisation.strip():
        raise InvalidRecord(
            "consultee.organisation",
            "must name the consultee's service or employer",
            value.organisation,
            rule=_RULE,
        )


def _check_duration(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.timedelta) or not dt.timedelta(0) < value <= _LONGEST:
        raise InvalidRecord(
            attribute.name,
            "must be a duration more than zero and at most 24 hours",
            value,
            rule=_RULE,
        )


def _check_family_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.anonymous:
        if value is not None:
            raise InvalidRecord(
                attribute.name,
                "must be empty for an anonymous consultation",
                value,
                rule=_RULE,
            )
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidRecord(
            attribute.name,
            "must identify the family when the consultation is not anonymous",
            value,
            rule=_RULE,
        )


def _check_consent(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.anonymous:
        if value is not None:
            raise InvalidRecord(
                attribute.name,
                "must be empty for an anonymous consultation (it names a parent)",
                value,
                rule=_RULE,
            )
        return
    if not isinstance(value, FamilyConsent):
        raise InvalidRecord(
            attribute.name,
            "must record the family's consent when the consultation is not anonymous",
            value,
            rule=_RULE,
        )
    if value.given_on > instance.held_at.date():
        raise InvalidRecord(
            "consent.given_on",
            f"must not be after the consultation ({instance.held_at.date().isoformat()})",
            value.given_on,
            rule=_RULE,
        )


def _to_escalations(value: Iterable[Escalation]) -> tuple[Escalation, ...]:
    if isinstance(value, Escalation | str) or not isinstance(value, Iterable):
        raise InvalidRecord(
            "escalations", "must be a sequence of Escalation values", value, rule=_RULE
        )
    return tuple(value)


def _check_escalations(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for escalation in value:
        if not isinstance(escalation, Escalation):
            raise InvalidRecord(
                attribute.name, "must hold Escalation values", escalation, rule=_RULE
            )
        if escalation.at < instance.held_at:
            raise InvalidRecord(
                "escalations.at",
                f"must not be before the consultation ({instance.held_at.isoformat()})",
                escalation.at,
                rule=_RULE,
            )


@final
@attrs.frozen(kw_only=True)
class ConsultationRecord:
    """One consultation: who advised whom, when, for how long, and on what footing (R-REC-6).

    Args:
        consultant: The team practitioner who gave the consultation.
        consultee: The worker of another service who asked for it; their
            ``organisation`` must be recorded.
        held_at: When it took place.
        duration: How long it took: more than zero, at most 24 hours.
        anonymous: Whether the family is kept anonymous: the default, and
            the usual case.
        family_id: The family's referral or record id: only, and always, for
            a consultation that is not anonymous.
        consent: The family's consent to be identified: only, and always, for
            a consultation that is not anonymous, given on or before the day.
        accountability: The statement that the consultee and their employer
            remain accountable; `DEFAULT_ACCOUNTABILITY` unless the team words
            its own. It can't be blank.
        written_agreement: A reference to a written agreement saying so, if any.
        escalations: Significant concerns escalated, oldest first (use `escalate`).

    Raises:
        InvalidRecord: Naming the field: an anonymous consultation with a
            family id or consent, an identified one without them, a consent
            dated after the consultation, a blank accountability statement,
            no consultee organisation, a duration out of range, or an
            escalation before the consultation.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Referrer
        >>> jo = Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team")
        >>> ConsultationRecord(consultant="Priya Shah", consultee=jo,
        ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(minutes=45),
        ...     family_id="R-001")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: family_id must be empty for an anonymous consultation (R-REC-6), got 'R-001'
        >>> named = ConsultationRecord(consultant="Priya Shah", consultee=jo,
        ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(minutes=45),
        ...     anonymous=False, family_id="R-001",
        ...     consent=FamilyConsent(given_by="Ana Haddad", given_on=dt.date(2026, 11, 2)))
        >>> named.notes_location.value, named.time_counted.value
        ('family-record', 'clinical-contact')
    """

    consultant: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    consultee: Referrer = attrs.field(validator=_check_consultee)
    held_at: dt.datetime = attrs.field(validator=_is_datetime)
    duration: dt.timedelta = attrs.field(validator=_check_duration)
    anonymous: bool = attrs.field(default=True, validator=is_bool(InvalidRecord, _RULE))
    family_id: str | None = attrs.field(default=None, validator=_check_family_id)
    consent: FamilyConsent | None = attrs.field(default=None, validator=_check_consent)
    accountability: str = attrs.field(
        default=DEFAULT_ACCOUNTABILITY, validator=non_empty_text(InvalidRecord, _RULE)
    )
    written_agreement: str | None = attrs.field(default=None, validator=_optional_text)
    escalations: tuple[Escalation, ...] = attrs.field(
        default=(), converter=_to_escalations, validator=_check_escalations
    )

    @property
    def notes_location(self) -> NotesLocation:
        """Where the notes are kept: supervision-style when anonymous, else the family's record.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Referrer
            >>> ConsultationRecord(consultant="Priya",
            ...     consultee=Referrer(name="Jo", role="midwife", organisation="City Maternity"),
            ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(hours=1),
            ... ).notes_location
            <NotesLocation.SUPERVISION_NOTES: 'supervision-notes'>
        """
        return NotesLocation.SUPERVISION_NOTES if self.anonymous else NotesLocation.FAMILY_RECORD

    @property
    def notes_reason(self) -> str:
        """Why the notes are kept where they are, in words, citing the rule.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Referrer
            >>> print(ConsultationRecord(consultant="Priya",
            ...     consultee=Referrer(name="Jo", role="midwife", organisation="City Maternity"),
            ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(hours=1),
            ... ).notes_reason)
            Kept in supervision-style notes: the consultation is anonymous (R-REC-6).
        """
        if self.consent is None:
            return f"Kept in {self.notes_location.label}: the consultation is anonymous ({_RULE})."
        return (
            f"Kept in {self.notes_location.label}: the family is identified with "
            f"{self.consent.describe()} ({_RULE})."
        )

    @property
    def time_counted(self) -> TimeCounted:
        """How the time counts: a clinical contact against an identified family, else generic.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Referrer
            >>> ConsultationRecord(consultant="Priya",
            ...     consultee=Referrer(name="Jo", role="midwife", organisation="City Maternity"),
            ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(hours=1),
            ... ).time_counted.value
            'generic-consultation'
        """
        return TimeCounted.GENERIC_CONSULTATION if self.anonymous else TimeCounted.CLINICAL_CONTACT

    @property
    def hours(self) -> Fraction:
        """The duration in hours, exactly.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Referrer
            >>> ConsultationRecord(consultant="Priya",
            ...     consultee=Referrer(name="Jo", role="midwife", organisation="City Maternity"),
            ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(minutes=40),
            ... ).hours
            Fraction(2, 3)
        """
        return _hours(self.duration)


def _hours(duration: dt.timedelta) -> Fraction:
    return Fraction(duration // dt.timedelta(microseconds=1), 3_600_000_000)


def escalate(
    record: ConsultationRecord,
    kind: EscalationKind | str,
    concern: str,
    *,
    to: str,
    at: dt.datetime,
) -> ConsultationRecord:
    """Record a significant concern escalated from a consultation (R-REC-6).

    Returns a new record with the escalation appended; the given record is
    unchanged and no earlier escalation is removed.

    Args:
        record: The consultation the concern arose in.
        kind: ``"safeguarding"`` or ``"consultee-capability"``.
        concern: What the concern is (without identifying an anonymous family).
        to: Whom it was escalated to.
        at: When; not before the consultation.

    Raises:
        InvalidRecord: When ``record`` is not a consultation record, or the
            escalation breaks a rule of `Escalation` or comes before the consultation.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Referrer
        >>> record = ConsultationRecord(consultant="Priya",
        ...     consultee=Referrer(name="Jo", role="social-worker", organisation="City Council"),
        ...     held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(hours=1))
        >>> record = escalate(record, "safeguarding", "Parent described shaking the baby",
        ...                   to="Trust safeguarding lead", at=dt.datetime(2026, 11, 3, 15, 10))
        >>> [e.kind.value for e in record.escalations]
        ['safeguarding']
        >>> escalate(record, "safeguarding", "Earlier worry", to="Lead",
        ...          at=dt.datetime(2026, 11, 2, 9, 0))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: escalations.at must not be before the consultation (2026-11-03T14:00:00) (R-REC-6), got datetime.datetime(2026, 11, 2, 9, 0)
    """
    if not isinstance(record, ConsultationRecord):
        raise InvalidRecord("record", "must be a ConsultationRecord", record, rule=_RULE)
    escalation = Escalation(kind=kind, concern=concern, to=to, at=at)
    return attrs.evolve(record, escalations=(*record.escalations, escalation))


@final
@attrs.frozen(kw_only=True)
class ConsultationActivity:
    """Consultation figures for activity reporting (R-REC-6).

    Args:
        consultations: How many consultations.
        clinical_contact_hours: Hours counted as clinical contacts against families.
        generic_hours: Hours counted as generic consultation time.
        consultees: Distinct workers consulted (by name and organisation,
            ignoring case and spacing).
        organisations: Distinct organisations reached.
        families: Distinct identified families (anonymous ones are not counted).
        escalations: Escalations recorded, of both kinds.

    Examples:
        >>> from fractions import Fraction
        >>> ConsultationActivity(consultations=2, clinical_contact_hours=Fraction(1),
        ...     generic_hours=Fraction(1, 2), consultees=2, organisations=1, families=1,
        ...     escalations=0).hours
        Fraction(3, 2)
    """

    consultations: int
    clinical_contact_hours: Fraction
    generic_hours: Fraction
    consultees: int
    organisations: int
    families: int
    escalations: int

    @property
    def hours(self) -> Fraction:
        """All consultation hours, of both kinds, exactly.

        Examples:
            >>> from fractions import Fraction
            >>> ConsultationActivity(consultations=1, clinical_contact_hours=Fraction(0),
            ...     generic_hours=Fraction(3, 4), consultees=1, organisations=1, families=0,
            ...     escalations=0).hours
            Fraction(3, 4)
        """
        return self.clinical_contact_hours + self.generic_hours


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def consultation_activity(records: Iterable[ConsultationRecord]) -> ConsultationActivity:
    """Sum consultations for activity reporting: hours by how they count, and people reached.

    Raises:
        InvalidRecord: When an item is not a consultation record.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Referrer
        >>> jo = Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team")
        >>> sam = Referrer(name="Sam Lee", role="midwife", organisation="City Maternity")
        >>> def held(who, minutes, **family):
        ...     return ConsultationRecord(consultant="Priya", consultee=who,
        ...         held_at=dt.datetime(2026, 11, 3, 14, 0), duration=dt.timedelta(minutes=minutes),
        ...         **family)
        >>> consent = FamilyConsent(given_by="Ana", given_on=dt.date(2026, 11, 1))
        >>> activity = consultation_activity([
        ...     held(jo, 30), held(jo, 45), held(sam, 60, anonymous=False, family_id="R-1", consent=consent)])
        >>> activity.generic_hours, activity.clinical_contact_hours, activity.hours
        (Fraction(5, 4), Fraction(1, 1), Fraction(9, 4))
        >>> activity.consultees, activity.organisations, activity.families
        (2, 2, 1)
    """
    clinical = Fraction(0)
    generic = Fraction(0)
    count = 0
    consultees: set[tuple[str, str]] = set()
    organisations: set[str] = set()
    families: set[str] = set()
    escalations = 0
    for record in records:
        if not isinstance(record, ConsultationRecord):
            raise InvalidRecord(
                "records", "must hold ConsultationRecord values", record, rule=_RULE
            )
        count += 1
        organisation = _key(record.consultee.organisation or "")
        consultees.add((_key(record.consultee.name), organisation))
        organisations.add(organisation)
        escalations += len(record.escalations)
        match record.time_counted:
            case TimeCounted.CLINICAL_CONTACT:
                clinical += record.hours
                families.add(_key(record.family_id or ""))
            case TimeCounted.GENERIC_CONSULTATION:
                generic += record.hours
            case _:  # pragma: no cover - time_counted returns one of the two members only
                assert_never(record.time_counted)
    return ConsultationActivity(
        consultations=count,
        clinical_contact_hours=clinical,
        generic_hours=generic,
        consultees=len(consultees),
        organisations=len(organisations),
        families=len(families),
        escalations=escalations,
    )
