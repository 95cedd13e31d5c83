"""A case's whole path as a state machine: from arrival to closure and follow-up.

The lifecycle is one declarative table, `TRANSITIONS` (state -> command ->
next state, DOMAIN.md section 11). The table drives everything else:

- `apply(case, command, at=...)` is a pure function: it checks the command
  against the table and the case's history, and returns the new case and the
  events it produced; a refused command raises `TransitionNotAllowed` with the
  state, the command and what is allowed instead;
- `replay(events)` folds a case's events back into the same case, so history
  is never lost (events are frozen, timestamped and append-only);
- `check_table` runs at import: every state is reachable, every open state can
  reach a closed one, and closed states have no exit except the documented
  reopen for follow-up (R-EN-6);
- `mermaid_diagram()` draws the table for the docs.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.lifecycle import (
    ...     AcceptToWaitingList, Allocate, StartScreening, apply, open_case, replay)
    >>> case, events = open_case("RPI-001", at=dt.datetime(2026, 11, 2, 9, 0))
    >>> case, more = apply(case, StartScreening(), at=dt.datetime(2026, 11, 3, 10, 0))
    >>> case, more = apply(case, AcceptToWaitingList(), at=dt.datetime(2026, 11, 4, 12, 0))
    >>> case.state.value
    'waiting'
    >>> apply(case, Reopen(), at=dt.datetime(2026, 11, 5, 9, 0))
    Traceback (most recent call last):
    ...
    parentinfant.errors.TransitionNotAllowed: can't reopen a case that is waiting; allowed from waiting: allocate, withdraw, log-communication
    >>> replay(case.events) == case
    True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, final

import attrs

from parentinfant._appointment_commands import BookAppointment, RecordAttendance
from parentinfant._commands import (
    AcceptToWaitingList,
    Allocate,
    AllocationBasis,
    Close,
    ClosureReason,
    ContactOutcome,
    DeclineCase,
    Direction,
    LogCommunication,
    MhsdsClosureGroup,
    Open,
    Reallocate,
    ReceiveInformation,
    RecordContactAttempt,
    ReferBack,
    Reopen,
    RequestInformation,
    ResumeIntervention,
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    Withdraw,
)
from parentinfant._commands import (
    Command as _CaseCommand,
)
from parentinfant._validate import count, non_empty_text
from parentinfant.contact import Appointment
from parentinfant.errors import (
    CommandOutOfOrder,
    InvalidCommand,
    InvalidHistory,
    InvalidPolicy,
    TransitionNotAllowed,
)
from parentinfant.family import ContactChannel
from parentinfant.screening import (
    Accept,
    Decline,
    Destination,
    MoreInformationNeeded,
    ScreeningDecision,
)

Command = _CaseCommand | BookAppointment | RecordAttendance
"""Every command a case accepts; each class names itself on the wire by ``name``."""

__all__ = [
    "CLOSURE_REASONS",
    "TRANSITIONS",
    "AcceptToWaitingList",
    "Allocate",
    "Allocation",
    "AllocationBasis",
    "BookAppointment",
    "Case",
    "CaseState",
    "Close",
    "Closure",
    "ClosureReason",
    "Command",
    "Communication",
    "ContactAttempt",
    "ContactOutcome",
    "DeclineCase",
    "Direction",
    "EngagementPolicy",
    "Event",
    "LogCommunication",
    "MhsdsClosureGroup",
    "Open",
    "Reallocate",
    "ReceiveInformation",
    "RecordAttendance",
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
    "allowed_commands",
    "apply",
    "check_table",
    "command_for_decision",
    "engagement_limit_reached",
    "mermaid_diagram",
    "open_case",
    "replay",
    "state_after_screening",
]


class CaseState(enum.Enum):
    """Where a case stands in the typical flow (DOMAIN.md section 11).

    Examples:
        >>> [s.value for s in CaseState if s.closed]
        ['declined', 'referred-back', 'closed', 'withdrawn']
    """

    RECEIVED = "received"
    SCREENING = "screening"
    AWAITING_INFORMATION = "awaiting-information"
    DECLINED = "declined"
    WAITING = "waiting"
    ALLOCATED = "allocated"
    ENGAGING = "engaging"
    REFERRED_BACK = "referred-back"
    ASSESSMENT = "assessment"
    INTERVENTION = "intervention"
    ENDING = "ending"
    CLOSED = "closed"
    FOLLOW_UP = "follow-up"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        """Whether the case is closed in this state (every closure carries a reason).

        Examples:
            >>> CaseState.WITHDRAWN.closed, CaseState.WAITING.closed
            (True, False)
        """
        return self in _CLOSED


_CLOSED = frozenset(
    {CaseState.DECLINED, CaseState.REFERRED_BACK, CaseState.CLOSED, CaseState.WITHDRAWN}
)


S = CaseState


def _frozen_table(
    table: dict[CaseState, dict[str, CaseState]],
) -> Mapping[CaseState, Mapping[str, CaseState]]:
    """The table read-only all the way down, with the steps that never move a case.

    Any communication with the family can be logged wherever an open case
    stands (R-AL-4); appointments are booked and their attendance recorded
    from allocation to the end of the work and in a follow-up (R-AP-5). None
    of these moves the case.
    """

    def staying(state: CaseState) -> dict[str, CaseState]:
        if state.closed:
            return {}
        stay = {"log-communication": state}
        if state in _APPOINTMENT_STATES:
            stay |= {"book-appointment": state, "record-attendance": state}
        return stay

    return MappingProxyType(
        {state: MappingProxyType({**moves, **staying(state)}) for state, moves in table.items()}
    )


_APPOINTMENT_STATES = frozenset(
    {
        CaseState.ALLOCATED,
        CaseState.ENGAGING,
        CaseState.ASSESSMENT,
        CaseState.INTERVENTION,
        CaseState.ENDING,
        CaseState.FOLLOW_UP,
    }
)


_OPEN_STEPS_WITHDRAW = {"withdraw": S.WITHDRAWN}

TRANSITIONS: Mapping[CaseState, Mapping[str, CaseState]] = _frozen_table(
    {
        S.RECEIVED: {"start-screening": S.SCREENING, **_OPEN_STEPS_WITHDRAW},
        S.SCREENING: {
            "request-information": S.AWAITING_INFORMATION,
            "decline": S.DECLINED,
            "accept": S.WAITING,
            "allocate": S.ALLOCATED,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.AWAITING_INFORMATION: {
            "receive-information": S.SCREENING,
            "close": S.CLOSED,  # the information never came
            **_OPEN_STEPS_WITHDRAW,
        },
        S.WAITING: {"allocate": S.ALLOCATED, **_OPEN_STEPS_WITHDRAW},
        S.ALLOCATED: {
            "record-contact-attempt": S.ENGAGING,
            "start-assessment": S.ASSESSMENT,
            "refer-back": S.REFERRED_BACK,
            "reallocate": S.ALLOCATED,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.ENGAGING: {
            "record-contact-attempt": S.ENGAGING,
            "start-assessment": S.ASSESSMENT,
            "refer-back": S.REFERRED_BACK,
            "reallocate": S.ENGAGING,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.ASSESSMENT: {
            "start-intervention": S.INTERVENTION,
            "start-ending": S.ENDING,
            "close": S.CLOSED,
            "reallocate": S.ASSESSMENT,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.INTERVENTION: {
            "start-ending": S.ENDING,
            "close": S.CLOSED,  # unplanned: referred on, or the family stopped coming
            "reallocate": S.INTERVENTION,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.ENDING: {
            "close": S.CLOSED,
            "resume-intervention": S.INTERVENTION,
            "reallocate": S.ENDING,
            **_OPEN_STEPS_WITHDRAW,
        },
        S.CLOSED: {"reopen": S.FOLLOW_UP},
        S.FOLLOW_UP: {"close": S.CLOSED, **_OPEN_STEPS_WITHDRAW},
        S.DECLINED: {},
        S.REFERRED_BACK: {},
        S.WITHDRAWN: {},
    }
)
"""The lifecycle: for each state, the commands it allows and where each leads.

The single source of truth for `apply`, `replay`, `check_table` and
`mermaid_diagram`. A family may withdraw at any open step; closed states are
terminal except ``closed``, which reopens for follow-up (R-EN-6).
"""

CLOSURE_REASONS: Mapping[CaseState, Mapping[CaseState, frozenset[ClosureReason]]] = (
    MappingProxyType(
        {
            S.AWAITING_INFORMATION: {
                S.CLOSED: frozenset({ClosureReason.INFORMATION_NOT_RECEIVED, ClosureReason.OTHER})
            },
            S.INTERVENTION: {
                S.CLOSED: frozenset(
                    {ClosureReason.REFERRED_ON, ClosureReason.NON_ENGAGEMENT, ClosureReason.OTHER}
                )
            },
            S.ASSESSMENT: {
                S.CLOSED: frozenset(
                    {ClosureReason.NO_FURTHER_WORK, ClosureReason.REFERRED_ON, ClosureReason.OTHER}
                )
            },
            S.ENDING: {
                S.CLOSED: frozenset(
                    {ClosureReason.WORK_COMPLETED, ClosureReason.REFERRED_ON, ClosureReason.OTHER}
                )
            },
            S.FOLLOW_UP: {
                S.CLOSED: frozenset({ClosureReason.FOLLOW_UP_COMPLETED, ClosureReason.OTHER})
            },
        }
    )
)
"""Which closure reasons fit a ``close`` from each state (the others are fixed:
declined at screening, non-engagement on referral back, and family-withdrew,
moved-away or other on withdrawal)."""

_FOLLOW_UP_AFTER = frozenset(
    {
        ClosureReason.WORK_COMPLETED,
        ClosureReason.NO_FURTHER_WORK,
        ClosureReason.REFERRED_ON,
        ClosureReason.OTHER,
    }
)
"""Closures after which a follow-up may reopen the case (R-EN-6): work was done.
Not after information never came, non-engagement, or a follow-up already made."""

_WITHDRAW_REASONS = frozenset(
    {ClosureReason.FAMILY_WITHDREW, ClosureReason.MOVED_AWAY, ClosureReason.OTHER}
)

_COMMAND_CLASSES: dict[str, type[Any]] = {
    cls.name: cls
    for cls in (
        Open,
        StartScreening,
        RequestInformation,
        ReceiveInformation,
        DeclineCase,
        AcceptToWaitingList,
        Allocate,
        Reallocate,
        RecordContactAttempt,
        LogCommunication,
        BookAppointment,
        RecordAttendance,
        ReferBack,
        StartAssessment,
        StartIntervention,
        StartEnding,
        ResumeIntervention,
        Close,
        Withdraw,
        Reopen,
    )
}


def check_table(table: Mapping[CaseState, Mapping[str, CaseState]] = TRANSITIONS) -> None:
    """Check a lifecycle table; raise `InvalidPolicy` naming the first fault found.

    Run at import on `TRANSITIONS`: every state is listed, every command is a
    known command, every state is reachable from ``received``, every open state
    can still reach a closed one, and closed states allow nothing except
    ``closed`` -> ``reopen`` -> ``follow-up`` (R-EN-6).

    Raises:
        InvalidPolicy: Naming the state or command at fault.

    Examples:
        >>> check_table()   # the shipped table is sound
        >>> broken = dict(TRANSITIONS)
        >>> broken[CaseState.DECLINED] = {"reopen": CaseState.FOLLOW_UP}
        >>> check_table(broken)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: transitions must not leave closed state 'declined' except closed -> reopen -> follow-up, got ('reopen',)
    """
    missing = [state for state in CaseState if state not in table]
    if missing:
        raise InvalidPolicy("transitions", "must list every state", [s.value for s in missing])
    for state, moves in table.items():
        for command in moves:
            if command not in _COMMAND_CLASSES or command == "open":
                raise InvalidPolicy(
                    "transitions", f"must use known commands ({state.value})", command
                )
        reopen_only = (
            state is CaseState.CLOSED
            and set(moves) == {"reopen"}
            and moves["reopen"] is CaseState.FOLLOW_UP
        )
        if state.closed and moves and not reopen_only:
            raise InvalidPolicy(
                "transitions",
                f"must not leave closed state {state.value!r} except closed -> reopen -> follow-up",
                tuple(moves),
            )
    reached = {CaseState.RECEIVED}
    frontier = [CaseState.RECEIVED]
    while frontier:
        for target in table[frontier.pop()].values():
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    unreached = [s.value for s in CaseState if s not in reached]
    if unreached:
        raise InvalidPolicy("transitions", "must reach every state from 'received'", unreached)
    for state in CaseState:
        if state.closed:
            continue
        seen = {state}
        frontier = [state]
        while frontier and not any(s.closed for s in seen):
            for target in table[frontier.pop()].values():
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        if not any(s.closed for s in seen):
            raise InvalidPolicy("transitions", "must let every open state close", state.value)


check_table()


def allowed_commands(state: CaseState) -> tuple[str, ...]:
    """The commands a case in ``state`` accepts, in table order.

    Examples:
        >>> allowed_commands(CaseState.WAITING)
        ('allocate', 'withdraw', 'log-communication')
        >>> allowed_commands(CaseState.DECLINED)
        ()
    """
    return tuple(TRANSITIONS[state])


def mermaid_diagram(*, compact: bool = False) -> str:
    """The lifecycle table as a Mermaid state diagram, for the docs.

    Args:
        compact: Leave out the ``withdraw`` edges (allowed from every open
            state) and the ``reallocate``/``record-contact-attempt`` loops
            that keep the state, so the main path reads clearly.

    Examples:
        >>> print(mermaid_diagram().splitlines()[0])
        stateDiagram-v2
        >>> "closed --> follow_up: reopen" in mermaid_diagram()
        True
        >>> ": withdraw" in mermaid_diagram(compact=True)
        False
    """

    def node(state: CaseState) -> str:
        return state.value.replace("-", "_")

    lines = ["stateDiagram-v2", f"    [*] --> {node(CaseState.RECEIVED)}"]
    for state, moves in TRANSITIONS.items():
        for command, target in moves.items():
            if compact and (command == "withdraw" or target is state):
                continue
            lines.append(f"    {node(state)} --> {node(target)}: {command}")
    for state in CaseState:
        if state.closed:
            lines.append(f"    {node(state)} --> [*]")
    return "\n".join(lines)


# --------------------------------------------------------------------------- values


def _check_sequence(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidHistory(attribute.name, "must be a whole number, at least 1", value)


def _check_event_time(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidHistory(attribute.name, "must be a datetime", value)


def _check_command(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if _COMMAND_CLASSES.get(getattr(value, "name", None)) is not type(value):  # type: ignore[arg-type]
        raise InvalidHistory(attribute.name, "must be a lifecycle command", value)


def _check_state(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, CaseState):
        raise InvalidHistory(attribute.name, "must be a CaseState", value)


@final
@attrs.frozen(kw_only=True)
class Event:
    """One thing that happened to a case: frozen, timestamped, append-only.

    Args:
        case_id: The case it belongs to.
        sequence: Its 1-based place in the case's history.
        at: When it happened.
        command: What was done (one of the command classes).
        from_state: The state before (``None`` for the opening event).
        to_state: The state after.

    Examples:
        >>> import datetime as dt
        >>> case, events = open_case("C-1", at=dt.datetime(2026, 11, 2, 9, 0))
        >>> events[0].sequence, events[0].command.name, events[0].to_state.value
        (1, 'open', 'received')
    """

    case_id: str = attrs.field(validator=non_empty_text(InvalidHistory, None))
    sequence: int = attrs.field(validator=_check_sequence)
    at: dt.datetime = attrs.field(validator=_check_event_time)
    command: Command = attrs.field(validator=_check_command)
    from_state: CaseState | None = attrs.field(validator=attrs.validators.optional(_check_state))
    to_state: CaseState = attrs.field(validator=_check_state)


@final
@attrs.frozen(kw_only=True)
class Allocation:
    """Who holds the case and why (R-AL-1, R-AL-2).

    Args:
        practitioner: The allocated practitioner.
        basis: Skills, locality or assessment clinic.
        keyworker: The keyworker helping with engagement, if any.
        note: The fuller reason.
        at: When.

    Examples:
        >>> import datetime as dt
        >>> Allocation(practitioner="Priya", basis=AllocationBasis.SKILLS, keyworker=None,
        ...            note="", at=dt.datetime(2026, 11, 2, 9)).practitioner
        'Priya'
    """

    practitioner: str
    basis: AllocationBasis
    keyworker: str | None
    note: str
    at: dt.datetime


@final
@attrs.frozen(kw_only=True)
class ContactAttempt:
    """One logged attempt to reach the family (R-AL-3, R-AL-4).

    Args:
        at: When.
        channel: Text, phone, letter or email.
        outcome: What came of it.
        summary: What was said or sent.

    Examples:
        >>> import datetime as dt
        >>> ContactAttempt(at=dt.datetime(2026, 11, 2, 9), channel=ContactChannel.TEXT,
        ...                outcome=ContactOutcome.NO_ANSWER, summary="").outcome.value
        'no-answer'
    """

    at: dt.datetime
    channel: ContactChannel
    outcome: ContactOutcome
    summary: str


@final
@attrs.frozen(kw_only=True)
class Communication:
    """One logged communication with the family (R-AL-4).

    Args:
        at: When.
        channel: Text, phone, letter or email.
        direction: To the family or from them.
        with_whom: Which parent, or who else.
        summary: What was said or sent.

    Examples:
        >>> import datetime as dt
        >>> Communication(at=dt.datetime(2026, 11, 2, 9), channel=ContactChannel.TEXT,
        ...               direction=Direction.TO_FAMILY, with_whom=None,
        ...               summary="Reminder for tomorrow 10:00").summary
        'Reminder for tomorrow 10:00'
    """

    at: dt.datetime
    channel: ContactChannel
    direction: Direction
    with_whom: str | None
    summary: str


@final
@attrs.frozen(kw_only=True)
class Closure:
    """Why and when a case closed: every closed state carries one.

    Args:
        reason: The coded reason.
        note: More detail (the decline's explanation, a withdrawal's note).
        at: When.
        step_down: Codes of step-down options taken up at closure (R-EN-5).
        alternative_service: On a decline, the service suggested (R-SC-4).

    Examples:
        >>> import datetime as dt
        >>> Closure(reason=ClosureReason.MOVED_AWAY, note="", at=dt.datetime(2026, 11, 2)).reason.label
        'the family moved out of the area'
    """

    reason: ClosureReason
    note: str
    at: dt.datetime
    step_down: tuple[str, ...] = ()
    alternative_service: str | None = None


def _check_case(instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    events = instance.events
    if not events:
        raise InvalidHistory("events", "must hold at least the opening event", ())
    if events[0].case_id != instance.id:
        raise InvalidHistory(
            "id", f"must be the events' case id {events[0].case_id!r}", instance.id
        )
    if events[-1].to_state is not instance.state:
        raise InvalidHistory(
            "state",
            f"must be where the last event left the case ({events[-1].to_state.value})",
            instance.state.value if isinstance(instance.state, CaseState) else instance.state,
        )


@final
@attrs.frozen(kw_only=True)
class Case:
    """A case as its history makes it: build it with `open_case`, change it with `apply`.

    Every field but ``events`` is derived from the events, so
    ``replay(case.events) == case`` always holds.

    Args:
        id: The case's identifier.
        state: Where it stands.
        events: Its whole history, oldest first.
        allocation: The current allocation, once allocated.
        contact_attempts: Every attempt to reach the family, oldest first (R-AL-2).
        communications: Every other communication logged, oldest first (R-AL-4).
        appointments: Every appointment booked, in the order booked, each with
            its attendance once recorded (R-AP-5).
        closure: Why it closed, while closed.
        times_reopened: How often it was reopened for follow-up.

    Examples:
        >>> import datetime as dt
        >>> case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9, 0))
        >>> case.state.value, len(case.events), case.closure is None
        ('received', 1, True)
    """

    id: str
    state: CaseState
    events: tuple[Event, ...] = attrs.field(validator=_check_case)
    allocation: Allocation | None = None
    contact_attempts: tuple[ContactAttempt, ...] = ()
    communications: tuple[Communication, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    closure: Closure | None = None
    times_reopened: int = 0

    @property
    def opened(self) -> dt.datetime:
        """When the referral arrived (the first event).

        Examples:
            >>> import datetime as dt
            >>> open_case("C-1", at=dt.datetime(2026, 11, 2, 9))[0].opened
            datetime.datetime(2026, 11, 2, 9, 0)
        """
        return self.events[0].at

    @property
    def last_event(self) -> Event:
        """The most recent event.

        Examples:
            >>> import datetime as dt
            >>> open_case("C-1", at=dt.datetime(2026, 11, 2, 9))[0].last_event.command.name
            'open'
        """
        return self.events[-1]

    @property
    def allowed(self) -> tuple[str, ...]:
        """The commands the case accepts now.

        Examples:
            >>> import datetime as dt
            >>> open_case("C-1", at=dt.datetime(2026, 11, 2, 9))[0].allowed
            ('start-screening', 'withdraw', 'log-communication')
        """
        return allowed_commands(self.state)


# --------------------------------------------------------------------------- the fold


class _Fold:
    """Accumulates a case from its events: shared by `apply` and `replay`."""

    __slots__ = (
        "allocation",
        "appointments",
        "attempts",
        "case_id",
        "closure",
        "communications",
        "events",
        "reopened",
        "state",
    )

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        self.state: CaseState | None = None
        self.events: list[Event] = []
        self.allocation: Allocation | None = None
        self.attempts: list[ContactAttempt] = []
        self.communications: list[Communication] = []
        self.appointments: list[Appointment] = []
        self.closure: Closure | None = None
        self.reopened = 0

    @classmethod
    def of(cls, case: Case) -> _Fold:
        fold = cls(case.id)
        fold.state = case.state
        fold.events = list(case.events)
        fold.allocation = case.allocation
        fold.attempts = list(case.contact_attempts)
        fold.communications = list(case.communications)
        fold.appointments = list(case.appointments)
        fold.closure = case.closure
        fold.reopened = case.times_reopened
        return fold

    def add(self, event: Event) -> None:
        command = event.command
        at = event.at
        match command:
            case Allocate() | Reallocate():
                self.allocation = Allocation(
                    practitioner=command.practitioner,
                    basis=command.basis,
                    keyworker=command.keyworker,
                    note=command.note,
                    at=at,
                )
            case RecordContactAttempt():
                self.attempts.append(
                    ContactAttempt(
                        at=at,
                        channel=command.channel,
                        outcome=command.outcome,
                        summary=command.summary,
                    )
                )
            case LogCommunication():
                self.communications.append(
                    Communication(
                        at=at,
                        channel=command.channel,
                        direction=command.direction,
                        with_whom=command.with_whom,
                        summary=command.summary,
                    )
                )
            case BookAppointment():
                self.appointments.append(command.appointment)
            case RecordAttendance():
                index = _pending_index(self.appointments, command.start)
                assert index is not None  # checked before the event was made
                self.appointments[index] = attrs.evolve(
                    self.appointments[index],
                    attendance=command.attendance,
                    attended_by=command.attended_by,
                )
            case DeclineCase():
                self.closure = Closure(
                    reason=ClosureReason.DECLINED,
                    note=command.explanation,
                    at=at,
                    alternative_service=command.alternative_service,
                )
            case ReferBack():
                self.closure = Closure(
                    reason=ClosureReason.NON_ENGAGEMENT, note=command.note, at=at
                )
            case Close():
                self.closure = Closure(
                    reason=command.reason, note=command.note, at=at, step_down=command.step_down
                )
            case Withdraw():
                self.closure = Closure(reason=command.reason, note=command.note, at=at)
            case Reopen():
                self.closure = None
                self.reopened += 1
            case _:
                pass
        self.state = event.to_state
        self.events.append(event)

    def build(self) -> Case:
        assert self.state is not None
        return Case(
            id=self.case_id,
            state=self.state,
            events=tuple(self.events),
            allocation=self.allocation,
            contact_attempts=tuple(self.attempts),
            communications=tuple(self.communications),
            appointments=tuple(self.appointments),
            closure=self.closure,
            times_reopened=self.reopened,
        )


def _instant(at: dt.datetime) -> dt.datetime:
    """A time to order by: aware times by their instant (so the hour repeated when
    the clocks go back orders correctly), naive times as they are.

    Aware means having an offset from UTC, as Python and the booking check
    (`_check_appointment_step`) read it: a zone that gives no offset leaves the
    time naive, ordered by the clock rather than by the machine's local zone."""
    return at if at.utcoffset() is None else at.astimezone(dt.UTC)


def _check_at(at: object, field: str = "at") -> dt.datetime:
    if not isinstance(at, dt.datetime):
        raise InvalidCommand(field, "must be a datetime", at, rule="R-AL-4")
    return at


_WORK_STATES = frozenset(
    {CaseState.ASSESSMENT, CaseState.INTERVENTION, CaseState.ENDING, CaseState.FOLLOW_UP}
)
"""States in which work with the family was done: only a closure from one of
them can be followed up (R-EN-6)."""


def _check_fits(
    state: CaseState,
    command: Command,
    target: CaseState,
    closure: Closure | None,
    closed_from: CaseState | None = None,
) -> None:
    """Command data that must fit where the case is (closure reasons, reopening)."""
    if isinstance(command, Reopen):
        if closed_from is not None and closed_from not in _WORK_STATES:
            raise InvalidCommand(
                "command",
                "may reopen for follow-up only a case closed after work with the family "
                "(assessment, intervention, ending or a follow-up)",
                closed_from.value,
                rule="R-EN-6",
            )
        if closure is None or closure.reason not in _FOLLOW_UP_AFTER:
            allowed = ", ".join(sorted(r.value for r in _FOLLOW_UP_AFTER))
            raise InvalidCommand(
                "command",
                f"may reopen for follow-up only a case closed as {allowed}",
                closure.reason.value if closure else None,
                rule="R-EN-6",
            )
    elif isinstance(command, Close):
        fitting = CLOSURE_REASONS.get(state, {}).get(target, frozenset())
        if command.reason not in fitting:
            allowed = ", ".join(sorted(r.value for r in fitting))
            raise InvalidCommand(
                "reason",
                f"must be one of {allowed} when closing from {state.value}",
                command.reason.value,
                rule="R-EN-1",
            )
    elif isinstance(command, Withdraw) and command.reason not in _WITHDRAW_REASONS:
        allowed = ", ".join(sorted(r.value for r in _WITHDRAW_REASONS))
        raise InvalidCommand(
            "reason",
            f"must be one of {allowed} on withdrawal",
            command.reason.value,
            rule="R-EN-1",
        )


def _pending_index(
    appointments: list[Appointment] | tuple[Appointment, ...], start: dt.datetime
) -> int | None:
    """Where the booked appointment at ``start`` with no attendance yet is, if any.

    Starts match by their instant (`_instant`), not by ``==``: Python never
    finds a Europe/London time in the hour the clocks go back equal to the same
    instant at a fixed offset (PEP 495), which is how JSON reads it back, and
    finds the two passes of that hour in one zone equal though an hour apart.
    Naive starts match on the clock, as they are."""
    wanted = _instant(start)
    for index, appointment in enumerate(appointments):
        if appointment.attendance is None and _instant(appointment.start) == wanted:
            return index
    return None


def _check_appointment_step(
    appointments: tuple[Appointment, ...], command: Command, at: dt.datetime
) -> None:
    """Booking and attendance must fit the appointments already on the case (R-AP-5)."""
    if isinstance(command, BookAppointment):
        start = command.appointment.start
        if (start.utcoffset() is None) != (at.utcoffset() is None):
            raise InvalidCommand(
                "appointment",
                "must start timezone-aware exactly when the case's times are",
                start.isoformat(),
                rule="R-AP-5",
            )
        if _pending_index(appointments, start) is not None:
            raise InvalidCommand(
                "appointment",
                "must not start when another booked appointment without an attendance does",
                start.isoformat(),
                rule="R-AP-5",
            )
    elif isinstance(command, RecordAttendance):
        if _pending_index(appointments, command.start) is None:
            raise InvalidCommand(
                "start",
                "must be the start of a booked appointment with no attendance recorded yet",
                command.start.isoformat(),
                rule="R-AP-5",
            )
        try:
            early = not command.before_it_starts and _instant(at) < _instant(command.start)
        except TypeError:  # pragma: no cover - the start was booked with the case's awareness (checked above) and `apply`/`replay` keep every time on a case to it, so only a tzinfo whose offset changes between calls gets here
            raise InvalidCommand(
                "start",
                "must be timezone-aware exactly when the time it is recorded is",
                command.start.isoformat(),
                rule="R-AP-5",
            ) from None
        if early:
            raise InvalidCommand(
                "at",
                f"must not be before the appointment starts ({command.start.isoformat()}) "
                "unless it is a cancellation",
                at,
                rule="R-AP-5",
            )


def open_case(case_id: str, *, at: dt.datetime, note: str = "") -> tuple[Case, tuple[Event, ...]]:
    """A new case: a referral (or consultation) has arrived (R-IN-1).

    Args:
        case_id: The team's identifier (usually the referral id).
        at: When it arrived.
        note: Anything to record about its arrival.

    Returns:
        The case, in ``received``, and its opening event.

    Raises:
        InvalidCommand: When the id is empty or ``at`` is not a datetime.

    Examples:
        >>> import datetime as dt
        >>> case, events = open_case("C-1", at=dt.datetime(2026, 11, 2, 9))
        >>> case.state.value
        'received'
    """
    non_empty_text(InvalidCommand, "R-IN-1")(None, attrs.fields(Case).id, case_id)
    event = Event(
        case_id=case_id,
        sequence=1,
        at=_check_at(at),
        command=Open(note=note),
        from_state=None,
        to_state=CaseState.RECEIVED,
    )
    fold = _Fold(case_id)
    fold.add(event)
    return fold.build(), (event,)


def apply(case: Case, command: Command, *, at: dt.datetime) -> tuple[Case, tuple[Event, ...]]:
    """Do ``command`` to ``case`` at ``at``: a pure function (DOMAIN.md section 11).

    Args:
        case: The case as it stands.
        command: What is done.
        at: When; not before the case's last event.

    Returns:
        The new case and the events the command produced (one).

    Raises:
        TransitionNotAllowed: When the table does not allow ``command`` from
            the case's state; the case is unchanged.
        CommandOutOfOrder: When ``at`` is before the case's last event.
        InvalidCommand: When the command's data does not fit (a closure reason
            that does not fit the state closed from).

    Examples:
        >>> import datetime as dt
        >>> case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9))
        >>> apply(case, StartScreening(), at=dt.datetime(2026, 11, 1, 9))
        Traceback (most recent call last):
        ...
        parentinfant.errors.CommandOutOfOrder: at must not be before the case's last event (2026-11-02T09:00:00, open) (R-AL-4), got datetime.datetime(2026, 11, 1, 9, 0)
    """
    name = getattr(command, "name", None)
    if not isinstance(name, str) or _COMMAND_CLASSES.get(name) is not type(command):
        raise InvalidCommand("command", "must be a lifecycle command", command, rule=None)
    target = TRANSITIONS[case.state].get(name)
    if target is None:
        raise TransitionNotAllowed(case.state.value, name, allowed_commands(case.state))
    at = _check_at(at)
    last = case.events[-1]
    try:
        earlier = _instant(at) < _instant(last.at)
    except TypeError:
        raise InvalidCommand(
            "at", "must be timezone-aware exactly when the case's events are", at, rule=None
        ) from None
    if earlier:
        raise CommandOutOfOrder(
            "at",
            f"must not be before the case's last event ({last.at.isoformat()}, "
            f"{last.command.name})",
            at,
            rule="R-AL-4",
        )
    _check_fits(case.state, command, target, case.closure, case.events[-1].from_state)
    _check_appointment_step(case.appointments, command, at)
    event = Event(
        case_id=case.id,
        sequence=last.sequence + 1,
        at=at,
        command=command,
        from_state=case.state,
        to_state=target,
    )
    fold = _Fold.of(case)
    fold.add(event)
    return fold.build(), (event,)


def replay(events: Iterable[Event]) -> Case:
    """Fold a case's events back into the case; checks that the history is possible.

    Args:
        events: One case's events, oldest first, starting with its opening.

    Returns:
        The case those events make: ``replay(case.events) == case``.

    Raises:
        InvalidHistory: When the events are empty, mix cases, skip or repeat a
            sequence number, go back in time, or take a step the table forbids.

    Examples:
        >>> import datetime as dt
        >>> case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9))
        >>> case, _ = apply(case, Withdraw(), at=dt.datetime(2026, 11, 3, 9))
        >>> replay(case.events).closure.reason.value
        'family-withdrew'
        >>> replay(case.events[1:])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidHistory: events[0] must open the case (sequence 1, command open), got 'withdraw'
    """
    fold: _Fold | None = None
    previous: Event | None = None
    transitions = TRANSITIONS
    for index, event in enumerate(events):
        command = event.command
        if previous is None:
            if (
                event.sequence != 1
                or event.from_state is not None
                or event.to_state is not CaseState.RECEIVED
                or not isinstance(command, Open)
            ):
                raise InvalidHistory(
                    f"events[{index}]",
                    "must open the case (sequence 1, command open)",
                    command.name,
                )
            fold = _Fold(event.case_id)
        else:
            assert fold is not None
            if event.case_id != previous.case_id:
                raise InvalidHistory(
                    f"events[{index}].case_id", f"must be {previous.case_id!r}", event.case_id
                )
            if event.sequence != previous.sequence + 1:
                raise InvalidHistory(
                    f"events[{index}].sequence", f"must be {previous.sequence + 1}", event.sequence
                )
            try:
                backwards = _instant(event.at) < _instant(previous.at)
            except TypeError:
                raise InvalidHistory(
                    f"events[{index}].at",
                    "must be timezone-aware exactly when the earlier events are",
                    event.at,
                ) from None
            if backwards:
                raise InvalidHistory(
                    f"events[{index}].at",
                    f"must not be before {previous.at.isoformat()}",
                    event.at,
                )
            if (
                event.from_state is not previous.to_state
                or transitions[event.from_state].get(command.name) is not event.to_state
            ):
                raise InvalidHistory(
                    f"events[{index}]",
                    f"must be a step the lifecycle allows from {previous.to_state.value}",
                    command.name,
                )
            if isinstance(command, Close | Withdraw | Reopen | BookAppointment | RecordAttendance):
                try:
                    _check_fits(
                        event.from_state,
                        command,
                        event.to_state,
                        fold.closure,
                        previous.from_state,
                    )
                    _check_appointment_step(tuple(fold.appointments), command, event.at)
                except InvalidCommand as exc:
                    raise InvalidHistory(
                        f"events[{index}].command.{exc.field}", exc.requirement, exc.value
                    ) from None
        fold.add(event)
        previous = event
    if fold is None:
        raise InvalidHistory("events", "must hold at least the opening event", ())
    return fold.build()


# --------------------------------------------------------------------------- engagement


_check_limit = count(1, InvalidPolicy, "R-AL-3", optional=True)


@final
@attrs.frozen(kw_only=True)
class EngagementPolicy:
    """A team's limit on attempts to engage a family before referring back (R-AL-3).

    Either limit, or both, may be set; ``None`` means no limit of that kind.
    Attempts count when unanswered; days count from the first allocation.

    Args:
        max_attempts: Attempts after which the limit is reached.
        max_days: Days after allocation after which the limit is reached.

    Raises:
        InvalidPolicy: When a limit is not a positive whole number.

    Examples:
        >>> EngagementPolicy(max_attempts=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: max_attempts must be at least 1 (R-AL-3), got 0
    """

    max_attempts: int | None = attrs.field(default=3, validator=_check_limit)
    max_days: int | None = attrs.field(default=28, validator=_check_limit)


_UNANSWERED = frozenset(
    {ContactOutcome.NO_ANSWER, ContactOutcome.MESSAGE_LEFT, ContactOutcome.LETTER_SENT}
)


def engagement_limit_reached(
    case: Case, *, on: dt.date, policy: EngagementPolicy | None = None
) -> bool:
    """Whether the team's engagement limit has run out for ``case`` on ``on`` (R-AL-3).

    Only a case being engaged (``allocated`` or ``engaging``) can reach the
    limit, and never once the family has made an appointment (said so on a
    contact attempt, or one is booked on the case). Attempts count
    when they went unanswered (no answer, a message left, a letter sent);
    days count from the case's first allocation, so reallocating does not
    restart the clock. When the limit has run out the team refers the family
    back (`ReferBack`); the function only tells, it changes nothing.

    Raises:
        InvalidPolicy: When ``on`` is not a date or ``policy`` not an `EngagementPolicy`.

    Examples:
        >>> import datetime as dt
        >>> case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9))
        >>> for step in (StartScreening(), Allocate(practitioner="Priya")):
        ...     case, _ = apply(case, step, at=dt.datetime(2026, 11, 3, 9))
        >>> for day in (4, 6, 9):
        ...     case, _ = apply(case, RecordContactAttempt(channel="text", outcome="no-answer"),
        ...                     at=dt.datetime(2026, 11, day, 10))
        >>> engagement_limit_reached(case, on=dt.date(2026, 11, 9))
        True
        >>> engagement_limit_reached(case, on=dt.date(2026, 11, 9), policy=EngagementPolicy(max_attempts=5))
        False
        >>> engagement_limit_reached(case, on=dt.date(2026, 12, 1), policy=EngagementPolicy(max_attempts=5))
        True
        >>> case, _ = apply(case, RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
        ...                 at=dt.datetime(2026, 12, 1, 11))
        >>> engagement_limit_reached(case, on=dt.date(2026, 12, 2))
        False
    """
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidPolicy("on", "must be a date", on, rule="R-AL-3")
    if policy is None:
        policy = EngagementPolicy()
    elif not isinstance(policy, EngagementPolicy):
        raise InvalidPolicy("policy", "must be an EngagementPolicy", policy, rule="R-AL-3")
    if case.state not in (CaseState.ALLOCATED, CaseState.ENGAGING) or case.allocation is None:
        return False
    attempts = case.contact_attempts
    if case.appointments or any(
        a.outcome is ContactOutcome.SPOKE_APPOINTMENT_MADE for a in attempts
    ):
        return False
    unanswered = sum(1 for a in attempts if a.outcome in _UNANSWERED)
    if policy.max_attempts is not None and unanswered >= policy.max_attempts:
        return True
    if policy.max_days is not None:
        first = next(e.at for e in case.events if isinstance(e.command, Allocate | Reallocate))
        return (on - first.date()).days >= policy.max_days
    return False


def state_after_screening(decision: ScreeningDecision) -> CaseState:
    """The state a screening decision puts a case in (R-SC-1, R-SC-4, R-SC-6).

    Accepted to the waiting list: waiting; accepted straight to a
    practitioner: allocated; declined: declined (closed); more information
    needed: awaiting information.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.screening import MoreInformationNeeded
        >>> d = MoreInformationNeeded(referral_id="R-1", received=dt.date(2026, 11, 2),
        ...     due=dt.date(2026, 11, 9), decided_on=dt.date(2026, 11, 3), missing=["gp"])
        >>> state_after_screening(d)
        <CaseState.AWAITING_INFORMATION: 'awaiting-information'>
    """
    match decision:
        case Accept(destination=Destination.PRACTITIONER):
            return CaseState.ALLOCATED
        case Accept():
            return CaseState.WAITING
        case Decline():
            return CaseState.DECLINED
        case MoreInformationNeeded():
            return CaseState.AWAITING_INFORMATION
    raise TypeError(f"not a screening decision: {decision!r}")


def command_for_decision(decision: ScreeningDecision) -> Command:
    """The lifecycle command that records a screening decision on the case.

    Accept to the waiting list: `AcceptToWaitingList`; accept straight to a
    practitioner: `Allocate`; decline: `DeclineCase` with the reason and its
    explanation; more information needed: `RequestInformation`.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.screening import Accept
        >>> d = Accept(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
        ...            decided_on=dt.date(2026, 11, 3), destination="practitioner", practitioner="Priya")
        >>> command_for_decision(d)
        Allocate(practitioner='Priya', basis=<AllocationBasis.SKILLS: 'skills'>, keyworker=None, note='accepted straight to a practitioner at screening')
    """
    match decision:
        case Accept(destination=Destination.PRACTITIONER, practitioner=str() as practitioner):
            return Allocate(
                practitioner=practitioner,
                note="accepted straight to a practitioner at screening",
            )
        case Accept():
            return AcceptToWaitingList()
        case Decline():
            return DeclineCase(
                reason=decision.reason,
                explanation=decision.explanation,
                alternative_service=decision.alternative_service,
            )
        case MoreInformationNeeded():
            return RequestInformation(missing=decision.missing, note=decision.note)
    raise TypeError(f"not a screening decision: {decision!r}")
