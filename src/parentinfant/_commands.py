"""The commands a case accepts: one frozen class each (DOMAIN.md sections 5-8, 11)."""

from __future__ import annotations

import enum
from typing import Any, ClassVar, final

import attrs

from parentinfant._validate import is_text, non_empty_text, parse_enum
from parentinfant.errors import InvalidCommand
from parentinfant.family import ContactChannel
from parentinfant.screening import DeclineReason, InformationItem

__all__ = [
    "AcceptToWaitingList",
    "Allocate",
    "AllocationBasis",
    "Close",
    "ClosureReason",
    "Command",
    "ContactOutcome",
    "DeclineCase",
    "Direction",
    "LogCommunication",
    "MhsdsClosureGroup",
    "Open",
    "Reallocate",
    "ReceiveInformation",
    "RecordContactAttempt",
    "ReferBack",
    "Reopen",
    "RequestInformation",
    "ResumeIntervention",
    "StartAssessment",
    "StartEnding",
    "StartIntervention",
    "StartScreening",
    "Withdraw",
]


class ClosureReason(enum.Enum):
    """Why a case closed: every closed state carries one (DOMAIN.md section 11).

    Examples:
        >>> ClosureReason("work-completed").label
        'the planned work was completed'
    """

    DECLINED = "declined"
    INFORMATION_NOT_RECEIVED = "information-not-received"
    NON_ENGAGEMENT = "non-engagement"
    WORK_COMPLETED = "work-completed"
    NO_FURTHER_WORK = "no-further-work"
    REFERRED_ON = "referred-on"
    FOLLOW_UP_COMPLETED = "follow-up-completed"
    FAMILY_WITHDREW = "family-withdrew"
    MOVED_AWAY = "moved-away"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The reason in words.

        Examples:
            >>> ClosureReason.NON_ENGAGEMENT.label
            'the family could not be engaged and was referred back to the referrer'
        """
        return _CLOSURE_LABELS[self]

    @property
    def mhsds_group(self) -> MhsdsClosureGroup:
        """The NHS Mental Health Services Data Set reporting group this reason falls in.

        See `MhsdsClosureGroup` for the groups, their codes and the source.

        Examples:
            >>> ClosureReason.NO_FURTHER_WORK.mhsds_group.codes
            ('02', '04')
            >>> ClosureReason.DECLINED.mhsds_group.field
            'ReferRejectReason'
        """
        return _MHSDS_GROUPS[self]


class MhsdsClosureGroup(enum.Enum):
    """Groups of MHSDS referral-closure codes, as NHS England reports them.

    The Mental Health Services Data Set records why a referral closed
    (``ReferClosReason``, codes 01-09) or why it was not accepted
    (``ReferRejectReason``). NHS England's published MHSDS analysis code (the
    early intervention and children and young people's dashboards) reports
    closures in these groups, and each `ClosureReason` maps to one of them.
    The mapping is at the level of the group: the single code within a group
    is the recording system's choice, so this library does not assert it.
    Refused referrals are not closures in the data set; they are reported as
    not accepted, with a rejection reason (01 duplicate, 02 alternative
    service required, 03 incomplete).

    Examples:
        >>> MhsdsClosureGroup.DNA_OR_REFUSED.label
        'DNA / refused to be seen'
        >>> MhsdsClosureGroup.OTHER.codes
        ()
    """

    TREATMENT_COMPLETE = "treatment-complete"
    REFERRED_ELSEWHERE = "referred-elsewhere"
    MOVED_OR_REQUESTED_DISCHARGE = "moved-or-requested-discharge"
    DNA_OR_REFUSED = "dna-or-refused"
    NOT_ACCEPTED = "not-accepted"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The group's name in NHS England's reports.

        Examples:
            >>> MhsdsClosureGroup.REFERRED_ELSEWHERE.label
            'admitted / referred elsewhere'
        """
        return _MHSDS_LABELS[self][0]

    @property
    def field(self) -> str:
        """The MHSDS data item the group's codes belong to.

        Examples:
            >>> MhsdsClosureGroup.TREATMENT_COMPLETE.field
            'ReferClosReason'
        """
        return "ReferRejectReason" if self is MhsdsClosureGroup.NOT_ACCEPTED else "ReferClosReason"

    @property
    def codes(self) -> tuple[str, ...]:
        """The MHSDS codes NHS England counts in this group (empty: other or unknown).

        Examples:
            >>> MhsdsClosureGroup.MOVED_OR_REQUESTED_DISCHARGE.codes
            ('03', '07')
        """
        return _MHSDS_LABELS[self][1]


_MHSDS_LABELS: dict[MhsdsClosureGroup, tuple[str, tuple[str, ...]]] = {
    MhsdsClosureGroup.TREATMENT_COMPLETE: (
        "treatment complete / further treatment not appropriate",
        ("02", "04"),
    ),
    MhsdsClosureGroup.REFERRED_ELSEWHERE: ("admitted / referred elsewhere", ("01", "08")),
    MhsdsClosureGroup.MOVED_OR_REQUESTED_DISCHARGE: (
        "person moved / requested discharge",
        ("03", "07"),
    ),
    MhsdsClosureGroup.DNA_OR_REFUSED: ("DNA / refused to be seen", ("05", "09")),
    MhsdsClosureGroup.NOT_ACCEPTED: ("referral not accepted", ("01", "02", "03")),
    MhsdsClosureGroup.OTHER: ("other reason / unknown", ()),
}


_CLOSURE_LABELS = {
    ClosureReason.DECLINED: "the referral was declined at screening",
    ClosureReason.INFORMATION_NOT_RECEIVED: (
        "the information needed to screen never came, so the referral was closed"
    ),
    ClosureReason.NON_ENGAGEMENT: (
        "the family could not be engaged and was referred back to the referrer"
    ),
    ClosureReason.WORK_COMPLETED: "the planned work was completed",
    ClosureReason.NO_FURTHER_WORK: "no further work was needed after assessment",
    ClosureReason.REFERRED_ON: "the family was referred on to another service",
    ClosureReason.FOLLOW_UP_COMPLETED: "the follow-up was completed",
    ClosureReason.FAMILY_WITHDREW: "the family chose to end contact",
    ClosureReason.MOVED_AWAY: "the family moved out of the area",
    ClosureReason.OTHER: "another reason, given in the note",
}


_MHSDS_GROUPS = {
    ClosureReason.DECLINED: MhsdsClosureGroup.NOT_ACCEPTED,
    ClosureReason.INFORMATION_NOT_RECEIVED: MhsdsClosureGroup.NOT_ACCEPTED,
    ClosureReason.NON_ENGAGEMENT: MhsdsClosureGroup.DNA_OR_REFUSED,
    ClosureReason.WORK_COMPLETED: MhsdsClosureGroup.TREATMENT_COMPLETE,
    ClosureReason.NO_FURTHER_WORK: MhsdsClosureGroup.TREATMENT_COMPLETE,
    ClosureReason.FOLLOW_UP_COMPLETED: MhsdsClosureGroup.TREATMENT_COMPLETE,
    ClosureReason.REFERRED_ON: MhsdsClosureGroup.REFERRED_ELSEWHERE,
    ClosureReason.FAMILY_WITHDREW: MhsdsClosureGroup.MOVED_OR_REQUESTED_DISCHARGE,
    ClosureReason.MOVED_AWAY: MhsdsClosureGroup.MOVED_OR_REQUESTED_DISCHARGE,
    ClosureReason.OTHER: MhsdsClosureGroup.OTHER,
}


class AllocationBasis(enum.Enum):
    """Why a family went to a practitioner (R-AL-1).

    Examples:
        >>> AllocationBasis("locality").value
        'locality'
    """

    SKILLS = "skills"
    LOCALITY = "locality"
    ASSESSMENT_CLINIC = "assessment-clinic"


class ContactOutcome(enum.Enum):
    """What came of one attempt to reach the family (R-AL-2, R-AL-3).

    Examples:
        >>> ContactOutcome("no-answer").value
        'no-answer'
    """

    NO_ANSWER = "no-answer"
    MESSAGE_LEFT = "message-left"
    SPOKE_APPOINTMENT_MADE = "spoke-appointment-made"
    SPOKE_NOT_READY = "spoke-not-ready"
    DECLINED_BY_FAMILY = "declined-by-family"
    LETTER_SENT = "letter-sent"


class Direction(enum.Enum):
    """Which way a communication went (R-AL-4).

    Examples:
        >>> Direction("from-family").value
        'from-family'
    """

    TO_FAMILY = "to-family"
    FROM_FAMILY = "from-family"


def _to_direction(value: Direction | str) -> Direction:
    return parse_enum(Direction, value, "direction", InvalidCommand, "R-AL-4")


def _other_needs_note(reason: ClosureReason, note: str) -> None:
    if reason is ClosureReason.OTHER and not note.strip():
        raise InvalidCommand(
            "note", "must say why when the reason is 'other'", note, rule="R-EN-1"
        )


def _to_codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    codes = tuple(value)
    for code in codes:
        if not isinstance(code, str) or not code.strip():
            raise InvalidCommand("step_down", "must hold option codes", code, rule="R-EN-5")
    return codes


def _text(field: str, rule: str) -> Any:
    return attrs.field(validator=non_empty_text(InvalidCommand, rule))


def _to_closure(value: ClosureReason | str) -> ClosureReason:
    return parse_enum(ClosureReason, value, "reason", InvalidCommand, "R-EN-1")


def _to_basis(value: AllocationBasis | str) -> AllocationBasis:
    return parse_enum(AllocationBasis, value, "basis", InvalidCommand, "R-AL-1")


def _to_channel(value: ContactChannel | str) -> ContactChannel:
    return parse_enum(ContactChannel, value, "channel", InvalidCommand, "R-AL-4")


def _to_outcome(value: ContactOutcome | str) -> ContactOutcome:
    return parse_enum(ContactOutcome, value, "outcome", InvalidCommand, "R-AL-3")


def _to_decline_reason(value: DeclineReason | str) -> DeclineReason:
    return parse_enum(DeclineReason, value, "reason", InvalidCommand, "R-SC-4")


def _to_items(value: Any) -> tuple[InformationItem, ...]:
    if isinstance(value, str):
        value = (value,)
    items = tuple(
        parse_enum(InformationItem, v, "missing", InvalidCommand, "R-SC-1") for v in value
    )
    if not items:
        raise InvalidCommand("missing", "must name what is missing", value, rule="R-SC-1")
    return items


@final
@attrs.frozen(kw_only=True)
class Open:
    """The referral arrives: the first event of every case (R-IN-1).

    Args:
        note: Anything to record about its arrival.

    Examples:
        >>> Open().name
        'open'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "open"


@final
@attrs.frozen(kw_only=True)
class StartScreening:
    """Screening begins (R-SC-4).

    Examples:
        >>> StartScreening().name
        'start-screening'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "start-screening"


@final
@attrs.frozen(kw_only=True)
class RequestInformation:
    """Ask the referrer for what is missing (R-SC-1 b, c).

    Args:
        missing: What is missing (at least one item).
        note: Anything else.

    Examples:
        >>> RequestInformation(missing=["gp"]).missing
        (<InformationItem.GP: 'gp'>,)
    """

    missing: tuple[InformationItem, ...] = attrs.field(converter=_to_items)
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "request-information"


@final
@attrs.frozen(kw_only=True)
class ReceiveInformation:
    """What was asked for arrived; screening resumes (R-SC-1).

    Examples:
        >>> ReceiveInformation(note="GP details by phone").name
        'receive-information'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "receive-information"


@final
@attrs.frozen(kw_only=True)
class DeclineCase:
    """Decline at screening: the case closes, with the reason (R-SC-4).

    Args:
        reason: The coded reason.
        explanation: The reason in words, as explained to the referrer.
        alternative_service: The service suggested for the family, if any.

    Examples:
        >>> DeclineCase(reason="out-of-area", explanation="Lives in Kent").reason.value
        'out-of-area'
    """

    reason: DeclineReason = attrs.field(converter=_to_decline_reason)
    explanation: str = _text("explanation", "R-SC-4")
    alternative_service: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text(InvalidCommand, "R-SC-4"))
    )
    name: ClassVar[str] = "decline"


@final
@attrs.frozen(kw_only=True)
class AcceptToWaitingList:
    """Accept onto the waiting list (R-SC-6).

    Examples:
        >>> AcceptToWaitingList().name
        'accept'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "accept"


@final
@attrs.frozen(kw_only=True)
class Allocate:
    """Allocate to a named practitioner, with an optional keyworker (R-AL-1, R-AL-2).

    Args:
        practitioner: Who takes the case.
        basis: Why them: skills, locality or an assessment clinic.
        keyworker: Who helps with engagement, if the team has keyworkers.
        note: The fuller reason (the skills that matched, the clinic date).

    Examples:
        >>> Allocate(practitioner="Priya Shah", basis="skills").basis.value
        'skills'
    """

    practitioner: str = _text("practitioner", "R-AL-1")
    basis: AllocationBasis = attrs.field(default=AllocationBasis.SKILLS, converter=_to_basis)
    keyworker: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text(InvalidCommand, "R-AL-2"))
    )
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "allocate"


@final
@attrs.frozen(kw_only=True)
class Reallocate:
    """Hand the case to another practitioner; the state does not change (R-AL-1).

    Examples:
        >>> Reallocate(practitioner="Tom Whitfield", basis="locality").name
        'reallocate'
    """

    practitioner: str = _text("practitioner", "R-AL-1")
    basis: AllocationBasis = attrs.field(default=AllocationBasis.SKILLS, converter=_to_basis)
    keyworker: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text(InvalidCommand, "R-AL-2"))
    )
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "reallocate"


@final
@attrs.frozen(kw_only=True)
class RecordContactAttempt:
    """One attempt to reach the family, logged with channel and outcome (R-AL-3, R-AL-4).

    Args:
        channel: Text, phone, letter or email.
        outcome: What came of it.
        summary: What was said or sent, in brief (every communication is logged).

    Examples:
        >>> RecordContactAttempt(channel="text", outcome="no-answer").channel.value
        'text'
    """

    channel: ContactChannel = attrs.field(converter=_to_channel)
    outcome: ContactOutcome = attrs.field(converter=_to_outcome)
    summary: str = attrs.field(default="", validator=is_text(InvalidCommand, "R-AL-4"))
    name: ClassVar[str] = "record-contact-attempt"


@final
@attrs.frozen(kw_only=True)
class LogCommunication:
    """Any other communication with the family, logged (R-AL-4: no surprises).

    Reminders, confirmation letters, calls the family made: everything said or
    sent is on the record with its channel and a summary of its content. The
    case stays where it is.

    Args:
        channel: Text, phone, letter or email.
        summary: What was said or sent, in brief (required).
        direction: To the family, or from them.
        with_whom: Which parent, or who else, when it matters.

    Examples:
        >>> LogCommunication(channel="letter", summary="Appointment confirmed for 9 Dec").direction.value
        'to-family'
    """

    channel: ContactChannel = attrs.field(converter=_to_channel)
    summary: str = _text("summary", "R-AL-4")
    direction: Direction = attrs.field(default=Direction.TO_FAMILY, converter=_to_direction)
    with_whom: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text(InvalidCommand, "R-AL-4"))
    )
    name: ClassVar[str] = "log-communication"


@final
@attrs.frozen(kw_only=True)
class ReferBack:
    """Refer back to the referrer after engagement failed; the case closes (R-AL-3).

    Examples:
        >>> ReferBack(note="Three texts and a letter, no reply").name
        'refer-back'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "refer-back"


@final
@attrs.frozen(kw_only=True)
class StartAssessment:
    """The first appointment took place; assessment begins (R-AP-5).

    Examples:
        >>> StartAssessment().name
        'start-assessment'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "start-assessment"


@final
@attrs.frozen(kw_only=True)
class StartIntervention:
    """Assessment done; the intervention begins (R-AP-5).

    Examples:
        >>> StartIntervention().name
        'start-intervention'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "start-intervention"


@final
@attrs.frozen(kw_only=True)
class StartEnding:
    """The ending phase begins, agreed with the family in advance (R-EN-3).

    Examples:
        >>> StartEnding(note="Agreed at the review: three more sessions").name
        'start-ending'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "start-ending"


@final
@attrs.frozen(kw_only=True)
class ResumeIntervention:
    """A new issue raised as the work closes: back to the intervention (R-EN-4).

    Examples:
        >>> ResumeIntervention(note="New worry about feeding").name
        'resume-intervention'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "resume-intervention"


@final
@attrs.frozen(kw_only=True)
class Close:
    """Close the case, with the reason (R-EN-1, R-EN-6).

    Args:
        reason: Why it closes; must fit the state it closes from.
        note: More detail; required when the reason is ``other``.
        step_down: Codes of the step-down options the family took up (R-EN-5),
            as in `parentinfant.endings.StepDown`.

    Examples:
        >>> Close(reason="work-completed").reason.label
        'the planned work was completed'
    """

    reason: ClosureReason = attrs.field(converter=_to_closure)
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    step_down: tuple[str, ...] = attrs.field(default=(), converter=_to_codes)
    name: ClassVar[str] = "close"

    def __attrs_post_init__(self) -> None:
        _other_needs_note(self.reason, self.note)


@final
@attrs.frozen(kw_only=True)
class Withdraw:
    """The family (or the referrer) withdraws at an open step: the case closes.

    Args:
        reason: Family withdrew, moved away, or another reason.
        note: More detail.

    Examples:
        >>> Withdraw().reason.value
        'family-withdrew'
    """

    reason: ClosureReason = attrs.field(
        default=ClosureReason.FAMILY_WITHDREW, converter=_to_closure
    )
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "withdraw"

    def __attrs_post_init__(self) -> None:
        _other_needs_note(self.reason, self.note)


@final
@attrs.frozen(kw_only=True)
class Reopen:
    """Reopen a closed case to record follow-up, about six months on (R-EN-6).

    Examples:
        >>> Reopen(note="Six-month follow-up measures").name
        'reopen'
    """

    note: str = attrs.field(default="", validator=is_text(InvalidCommand, None))
    name: ClassVar[str] = "reopen"


Command = (
    Open
    | StartScreening
    | RequestInformation
    | ReceiveInformation
    | DeclineCase
    | AcceptToWaitingList
    | Allocate
    | Reallocate
    | RecordContactAttempt
    | LogCommunication
    | ReferBack
    | StartAssessment
    | StartIntervention
    | StartEnding
    | ResumeIntervention
    | Close
    | Withdraw
    | Reopen
)
"""Every command a case accepts; each class names itself on the wire by ``name``."""
