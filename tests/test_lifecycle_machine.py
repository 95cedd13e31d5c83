"""The lifecycle state machine: random command sequences against a naive model, and
its rules by example (DOMAIN.md sections 5-8 and 11).

The model below is typed out by hand from DOMAIN.md section 11 and the command
docstrings; it deliberately does not import `TRANSITIONS`, so the two are
independent witnesses of the same flow.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import (
    CommandOutOfOrder,
    InvalidCommand,
    InvalidHistory,
    InvalidPolicy,
    TransitionNotAllowed,
)
from parentinfant.family import ContactChannel
from parentinfant.lifecycle import (
    TRANSITIONS,
    AcceptToWaitingList,
    Allocate,
    Allocation,
    AllocationBasis,
    BookAppointment,
    Case,
    CaseState,
    Close,
    Closure,
    ClosureReason,
    ContactAttempt,
    ContactOutcome,
    DeclineCase,
    Direction,
    EngagementPolicy,
    Event,
    LogCommunication,
    Open,
    Reallocate,
    ReceiveInformation,
    RecordAttendance,
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
    allowed_commands,
    apply,
    check_table,
    engagement_limit_reached,
    mermaid_diagram,
    open_case,
    replay,
)
from parentinfant.screening import DeclineReason, InformationItem
from strategies import names, referral_ids

# --------------------------------------------------------------------------- the naive model

MODEL: dict[str, dict[str, str]] = {
    "received": {"start-screening": "screening", "withdraw": "withdrawn"},
    "screening": {
        "request-information": "awaiting-information",  # R-SC-1 (b), (c)
        "decline": "declined",  # R-SC-4
        "accept": "waiting",  # R-SC-6: onto the waiting list
        "allocate": "allocated",  # R-SC-6: or straight to a practitioner
        "withdraw": "withdrawn",
    },
    "awaiting-information": {
        "receive-information": "screening",
        "close": "closed",  # R-SC-1: the information never came; never a decline
        "withdraw": "withdrawn",
    },
    "waiting": {"allocate": "allocated", "withdraw": "withdrawn"},
    "allocated": {
        "record-contact-attempt": "engaging",  # R-AL-2
        "start-assessment": "assessment",  # R-AP-5
        "refer-back": "referred-back",  # R-AL-3
        "reallocate": "allocated",  # R-AL-1: the state does not change
        "withdraw": "withdrawn",
    },
    "engaging": {
        "record-contact-attempt": "engaging",
        "start-assessment": "assessment",
        "refer-back": "referred-back",
        "reallocate": "engaging",
        "withdraw": "withdrawn",
    },
    "assessment": {
        "start-intervention": "intervention",
        "start-ending": "ending",
        "close": "closed",  # no further work after assessment
        "reallocate": "assessment",
        "withdraw": "withdrawn",
    },
    "intervention": {
        "start-ending": "ending",  # R-EN-3: a planned ending is a phase
        "close": "closed",  # unplanned: referred on, or the family stopped coming
        "reallocate": "intervention",
        "withdraw": "withdrawn",
    },
    "ending": {
        "close": "closed",
        "resume-intervention": "intervention",  # R-EN-4
        "reallocate": "ending",
        "withdraw": "withdrawn",
    },
    "closed": {"reopen": "follow-up"},  # R-EN-6
    "follow-up": {"close": "closed", "withdraw": "withdrawn"},
    "declined": {},
    "referred-back": {},
    "withdrawn": {},
}
CLOSED_STATES = frozenset({"declined", "referred-back", "closed", "withdrawn"})
OPEN_STATES = [state for state in MODEL if state not in CLOSED_STATES]
# R-AL-4: any communication with the family can be logged at any open step; it
# never moves the case.
for _open in OPEN_STATES:
    MODEL[_open]["log-communication"] = _open
# R-AP-5: appointments are booked and their attendance recorded from allocation
# to the end of the work, and in a follow-up; neither moves the case.
APPOINTMENT_STATES = ("allocated", "engaging", "assessment", "intervention", "ending", "follow-up")
for _open in APPOINTMENT_STATES:
    MODEL[_open]["book-appointment"] = _open
    MODEL[_open]["record-attendance"] = _open
CANCELLATIONS = frozenset({"cancelled-by-family", "cancelled-by-team"})

# Which closure reasons a `close` takes from each state, and which a withdrawal takes.
CLOSE_REASONS: dict[str, frozenset[str]] = {
    "awaiting-information": frozenset({"information-not-received", "other"}),
    "intervention": frozenset({"referred-on", "non-engagement", "other"}),
    "assessment": frozenset({"no-further-work", "referred-on", "other"}),
    "ending": frozenset({"work-completed", "referred-on", "other"}),
    "follow-up": frozenset({"follow-up-completed", "other"}),
}
WITHDRAW_REASONS = frozenset({"family-withdrew", "moved-away", "other"})
# A follow-up reopens only a case closed after work was done (R-EN-6): closed
# with one of these reasons, from one of these states.
WORK_STATES = frozenset({"assessment", "intervention", "ending", "follow-up"})
FOLLOW_UP_AFTER = frozenset({"work-completed", "no-further-work", "referred-on", "other"})
ALL_REASONS = (
    "declined",
    "information-not-received",
    "non-engagement",
    "work-completed",
    "no-further-work",
    "referred-on",
    "follow-up-completed",
    "family-withdrew",
    "moved-away",
    "other",
)

COMMAND_CLASSES: dict[str, type[Any]] = {
    "open": Open,
    "start-screening": StartScreening,
    "request-information": RequestInformation,
    "receive-information": ReceiveInformation,
    "decline": DeclineCase,
    "accept": AcceptToWaitingList,
    "allocate": Allocate,
    "reallocate": Reallocate,
    "record-contact-attempt": RecordContactAttempt,
    "log-communication": LogCommunication,
    "book-appointment": BookAppointment,
    "record-attendance": RecordAttendance,
    "refer-back": ReferBack,
    "start-assessment": StartAssessment,
    "start-intervention": StartIntervention,
    "start-ending": StartEnding,
    "resume-intervention": ResumeIntervention,
    "close": Close,
    "withdraw": Withdraw,
    "reopen": Reopen,
}
ALL_COMMANDS = tuple(COMMAND_CLASSES)
COMMAND_TYPES = tuple(COMMAND_CLASSES.values())
_NOTE_ONLY = frozenset(
    {
        "open",
        "start-screening",
        "receive-information",
        "accept",
        "refer-back",
        "start-assessment",
        "start-intervention",
        "start-ending",
        "resume-intervention",
        "reopen",
    }
)

# --------------------------------------------------------------------------- strategies

NOTES = st.sampled_from(["", "Spoke to the health visitor", "Agreed at the review"])
EXPLANATIONS = st.sampled_from(["Lives in Kent", "Baby is over two", "Seen by perinatal team"])
ZONES = (
    dt.UTC,
    dt.timezone(dt.timedelta(hours=1)),
    dt.timezone(-dt.timedelta(hours=5, minutes=30)),
)
FORWARD = st.one_of(
    st.just(dt.timedelta(0)),
    st.timedeltas(min_value=dt.timedelta(seconds=1), max_value=dt.timedelta(days=45)),
)
BACK = st.timedeltas(min_value=dt.timedelta(microseconds=1), max_value=dt.timedelta(days=400))


def command_strategy(
    name: str,
    *,
    practitioner: str,
    keyworker: str | None,
    reasons: frozenset[str] | tuple[str, ...],
) -> st.SearchStrategy[Any]:
    """Any legal instance of the command called ``name`` (legal as data, not for a state)."""
    cls = COMMAND_CLASSES[name]
    if name in _NOTE_ONLY:
        return st.builds(cls, note=NOTES)
    if name == "request-information":
        missing = st.lists(st.sampled_from(InformationItem), min_size=1, max_size=3, unique=True)
        return st.builds(cls, missing=missing, note=NOTES)
    if name == "decline":
        return st.builds(cls, reason=st.sampled_from(DeclineReason), explanation=EXPLANATIONS)
    if name in ("allocate", "reallocate"):
        return st.builds(
            cls,
            practitioner=st.just(practitioner),
            basis=st.sampled_from(AllocationBasis),
            keyworker=st.just(keyworker),
            note=NOTES,
        )
    if name == "log-communication":
        return st.builds(
            cls,
            channel=st.sampled_from(ContactChannel),
            summary=EXPLANATIONS,
            direction=st.sampled_from(Direction),
            with_whom=st.none() | EXPLANATIONS,
        )
    if name == "record-contact-attempt":
        return st.builds(
            cls,
            channel=st.sampled_from(ContactChannel),
            outcome=st.sampled_from(ContactOutcome),
            summary=NOTES,
        )
    # close and withdraw: the reason is given as its wire value, as a caller would;
    # "other" must say why in the note.
    return st.sampled_from(sorted(reasons)).flatmap(
        lambda reason: st.builds(
            cls, reason=st.just(reason), note=EXPLANATIONS if reason == "other" else NOTES
        )
    )


_LONDON = zoneinfo.ZoneInfo("Europe/London")


def _uk_clock_shows_once(moment: dt.datetime) -> bool:
    """Whether a naive time is shown exactly once by UK clocks (aware times always are)."""
    if moment.tzinfo is not None:
        return True
    first, second = moment.replace(tzinfo=_LONDON), moment.replace(tzinfo=_LONDON, fold=1)
    if first.utcoffset() != second.utcoffset():
        return False  # the hour the clocks go back: shown twice
    back = first.astimezone(dt.UTC).astimezone(_LONDON).replace(tzinfo=None)
    return back == moment  # the hour the clocks go forward: never shown


def _aware(moment: dt.datetime) -> bool:
    return moment.utcoffset() is not None


# --------------------------------------------------------------------------- the machine


class LifecycleAgainstModel(RuleBasedStateMachine):
    """Drives one case with valid and invalid commands; the model says what must happen."""

    practitioners = Bundle("practitioners")
    snapshots = Bundle("snapshots")

    def __init__(self) -> None:
        super().__init__()
        self.case: Case
        self.last_at: dt.datetime
        self.clock: dt.datetime
        self.policy: EngagementPolicy
        self.base_id = ""
        self.cases_opened = 0
        self.hired = 1

    def _open(self, at: dt.datetime) -> None:
        """Open a fresh case and a fresh model of it."""
        self.cases_opened += 1
        self.case, events = open_case(f"{self.base_id}/{self.cases_opened}", at=at)
        assert events == self.case.events
        assert self.case.state is CaseState.RECEIVED
        self.state = "received"
        self.accepted = 0
        self.last_at = self.clock = at
        self.closure: tuple[str, str, dt.datetime] | None = None
        self.closed_from: str | None = None
        self.allocation: tuple[str, str, str | None, str, dt.datetime] | None = None
        self.attempts: list[tuple[dt.datetime, str, str, str]] = []
        self.communications: list[tuple[dt.datetime, str, str, str | None, str]] = []
        # (start, attendance or None, attended_by), in the order booked
        self.appointments: list[tuple[dt.datetime, str | None, tuple[str, ...]]] = []
        self.first_allocated: dt.datetime | None = None
        self.reopened = 0
        self.remembered = -1
        self.compared = 0

    # ------------------------------------------------------------------ setting up

    @initialize(target=practitioners, name=names())
    def hire(self, name: str) -> str:
        return name

    @initialize(
        case_id=referral_ids(),
        start=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
        zone=st.none() | st.sampled_from(ZONES),
        max_attempts=st.none() | st.integers(1, 6),
        max_days=st.none() | st.integers(1, 60),
    )
    def open_the_case(
        self,
        case_id: str,
        start: dt.datetime,
        zone: dt.tzinfo | None,
        max_attempts: int | None,
        max_days: int | None,
    ) -> None:
        self.base_id = case_id
        self.policy = EngagementPolicy(max_attempts=max_attempts, max_days=max_days)
        self._open(start.replace(tzinfo=zone))

    @precondition(lambda self: self.state in CLOSED_STATES)
    @rule(data=st.data())
    def the_next_family_arrives(self, data: st.DataObject) -> None:
        """Once a case is closed the run may go on with another family's case."""
        self._open(self._tick(data))

    # ------------------------------------------------------------------ the model's verdict

    def _faults(self, command: object, at: object) -> set[tuple[type[Exception], str | None]]:
        """Every reason the model has to refuse ``command`` at ``at`` (empty: accept it)."""
        if not isinstance(command, COMMAND_TYPES):
            return {(InvalidCommand, "command")}
        name = command.name
        if name not in MODEL[self.state]:
            # apply: "TransitionNotAllowed: When the table does not allow command".
            return {(TransitionNotAllowed, None)}
        faults: set[tuple[type[Exception], str | None]] = set()
        if not isinstance(at, dt.datetime) or _aware(at) != _aware(self.last_at):
            faults.add((InvalidCommand, "at"))  # not a moment, or naive mixed with aware
        elif at < self.last_at:
            faults.add((CommandOutOfOrder, "at"))
        if isinstance(command, Close) and command.reason.value not in CLOSE_REASONS.get(
            self.state, frozenset()
        ):
            faults.add((InvalidCommand, "reason"))
        if isinstance(command, Withdraw) and command.reason.value not in WITHDRAW_REASONS:
            faults.add((InvalidCommand, "reason"))
        if name == "reopen" and (
            self.closure is None
            or self.closure[0] not in FOLLOW_UP_AFTER
            or self.closed_from not in WORK_STATES
        ):
            faults.add((InvalidCommand, "command"))
        if isinstance(command, BookAppointment):
            start = command.appointment.start
            if isinstance(at, dt.datetime) and _aware(start) != _aware(at):
                faults.add((InvalidCommand, "appointment"))
            if self._pending(start) is not None:
                faults.add((InvalidCommand, "appointment"))
        if isinstance(command, RecordAttendance):
            start = command.start
            if self._pending(start) is None:
                faults.add((InvalidCommand, "start"))
            elif isinstance(at, dt.datetime):
                if _aware(start) != _aware(at):
                    faults.add((InvalidCommand, "start"))
                elif command.attendance.value not in CANCELLATIONS and at < start:
                    faults.add((InvalidCommand, "at"))
        return faults

    def _pending(self, start: dt.datetime) -> int | None:
        """Where the booked appointment at ``start`` without an attendance is, if any."""
        for index, (booked, attendance, _) in enumerate(self.appointments):
            if attendance is None and _aware(booked) == _aware(start) and booked == start:
                return index
        return None

    def _attempt(self, command: Any, at: Any) -> None:
        faults = self._faults(command, at)
        before = self.case
        try:
            case, events = apply(before, command, at=at)
        except (TransitionNotAllowed, CommandOutOfOrder, InvalidCommand) as error:
            self._refused(error, command, faults, before)
            return
        assert not faults, f"accepted what the model refuses: {faults}"
        self._accept(command, at)
        (event,) = events
        assert event == case.events[-1]
        assert case.events[:-1] == before.events
        assert event.sequence == self.accepted + 1
        assert event.at == at
        assert event.command == command
        assert event.from_state is before.state
        assert event.to_state.value == self.state
        self.case = case

    def _refused(
        self,
        error: Exception,
        command: Any,
        faults: set[tuple[type[Exception], str | None]],
        before: Case,
    ) -> None:
        assert faults, f"refused what the model accepts: {error}"
        assert (type(error), getattr(error, "field", None)) in faults, (error, faults)
        if isinstance(error, TransitionNotAllowed):
            assert error.state == self.state
            assert error.command == command.name
            assert len(set(error.allowed)) == len(error.allowed)
            assert set(error.allowed) == set(MODEL[self.state])
        # A refusal changes nothing: the case is the same value, and still replays.
        assert self.case is before
        assert replay(before.events) == before

    def _accept(self, command: Any, at: dt.datetime) -> None:
        """Move the model: its own record of state, closure, allocation and attempts."""
        name = command.name
        if MODEL[self.state][name] in CLOSED_STATES:
            self.closed_from = self.state
        self.state = MODEL[self.state][name]
        self.accepted += 1
        self.last_at = at
        if name in ("allocate", "reallocate"):
            if self.first_allocated is None:
                self.first_allocated = at
            self.allocation = (
                command.practitioner,
                command.basis.value,
                command.keyworker,
                command.note,
                at,
            )
        elif name == "record-contact-attempt":
            entry = (at, command.channel.value, command.outcome.value, command.summary)
            self.attempts.append(entry)
        elif name == "log-communication":
            self.communications.append(
                (
                    at,
                    command.channel.value,
                    command.direction.value,
                    command.with_whom,
                    command.summary,
                )
            )
        elif name == "book-appointment":
            self.appointments.append((command.appointment.start, None, ()))
        elif name == "record-attendance":
            index = self._pending(command.start)
            assert index is not None
            self.appointments[index] = (
                command.start,
                command.attendance.value,
                command.attended_by,
            )
        elif name == "decline":
            self.closure = ("declined", command.explanation, at)
        elif name == "refer-back":
            self.closure = ("non-engagement", command.note, at)
        elif name in ("close", "withdraw"):
            self.closure = (command.reason.value, command.note, at)
        elif name == "reopen":
            self.closure = None
            self.reopened += 1

    def _tick(self, data: st.DataObject) -> dt.datetime:
        """The clock moves forward (or stays); an aware clock may be read in another zone."""
        self.clock = self.clock + data.draw(FORWARD, label="wait")
        if _aware(self.clock):
            self.clock = self.clock.astimezone(data.draw(st.sampled_from(ZONES), label="zone"))
        return self.clock

    def _draw_command(
        self, data: st.DataObject, names_from: tuple[str, ...], practitioner: str, *, fit: bool
    ) -> Any:
        name = data.draw(st.sampled_from(names_from), label="command")
        reasons: frozenset[str] | tuple[str, ...] = ALL_REASONS
        if fit and name == "close" and self.state in CLOSE_REASONS:
            reasons = CLOSE_REASONS[self.state]
        elif fit and name == "withdraw":
            reasons = WITHDRAW_REASONS
        if name == "book-appointment":
            return BookAppointment(appointment=data.draw(self._appointments(practitioner)))
        if name == "record-attendance":
            pending = [start for start, attendance, _ in self.appointments if attendance is None]
            starts = self._starts()
            if fit and pending:
                starts = st.sampled_from(pending)
            attendance = data.draw(st.sampled_from(Attendance), label="attendance")
            seen = attendance in (Attendance.ATTENDED, Attendance.LATE_SEEN)
            who = data.draw(st.sampled_from([(), ("Ana",), ("Ana", "Tom")]), label="who")
            return RecordAttendance(
                start=data.draw(starts, label="start"),
                attendance=attendance,
                attended_by=who if seen else (),
            )
        keyworker = data.draw(st.none() | st.just(practitioner + " (keyworker)"), label="kw")
        strategy = command_strategy(
            name, practitioner=practitioner, keyworker=keyworker, reasons=reasons
        )
        return data.draw(strategy, label=name)

    def _starts(self) -> st.SearchStrategy[dt.datetime]:
        """Appointment starts near the clock, on the hour, in the clock's zone (or none):
        few enough that bookings collide and attendance can be recorded early or late."""
        base = self.clock.replace(minute=0, second=0, microsecond=0)
        # Booking refuses a naive start the UK clocks skip or repeat (R-AP-5), which
        # `test_lifecycle.py` covers; here every start drawn is one a booking takes.
        return (
            st.integers(-3, 20)
            .map(lambda hours: base + dt.timedelta(hours=hours * 6))
            .filter(_uk_clock_shows_once)
        )

    def _appointments(self, practitioner: str) -> st.SearchStrategy[Appointment]:
        return st.builds(
            Appointment,
            start=self._starts(),
            duration=st.just(dt.timedelta(hours=1)),
            session_type=st.sampled_from(["assessment", "intervention", "review", "ending"]),
            mode=st.sampled_from(["home-visit", "clinic", "video"]),
            practitioner=st.just(practitioner),
        )

    # ------------------------------------------------------------------ rules
    #
    # Rules are picked about evenly, so the refusals share one rule (`an_odd_command`)
    # and the step forward may take a few steps at once: otherwise random runs of
    # ~30 steps rarely get past allocation to the ending, closure and follow-up.

    @precondition(lambda self: self.hired < 4)
    @rule(target=practitioners, name=names())
    def hire_another(self, name: str) -> str:
        self.hired += 1
        return name

    @precondition(lambda self: bool(MODEL[self.state]))
    @rule(data=st.data(), practitioner=practitioners, steps=st.integers(1, 4))
    def steps_the_state_allows(self, data: st.DataObject, practitioner: str, steps: int) -> None:
        """Commands the model allows, with fitting data, at or after the last event.

        A step that closes the case for good (decline, refer back, withdraw) is
        drawn about one time in six, not as one choice among a state's few: runs
        then reach the later states more often.
        """
        for _ in range(steps):
            moves = MODEL[self.state]
            if not moves:
                return
            final = tuple(name for name, target in moves.items() if not MODEL[target])
            onward = tuple(name for name in moves if name not in final)
            ends = data.draw(st.integers(0, 5), label="ends") == 0
            names_from = final if final and (ends or not onward) else onward
            command = self._draw_command(data, names_from, practitioner, fit=True)
            self._attempt(command, self._tick(data))

    @rule(
        data=st.data(),
        practitioner=practitioners,
        kind=st.sampled_from(
            [
                "any command, any reason",
                "any command, any reason",
                "before the last event",
                "naive and aware mixed",
                "not a datetime",
                "not a command",
            ]
        ),
    )
    def an_odd_command(self, data: st.DataObject, practitioner: str, kind: str) -> None:
        """A command that may or may not be valid for the current state, or a bogus one."""
        allowed = tuple(MODEL[self.state]) or ALL_COMMANDS
        command: object
        at: object
        if kind == "any command, any reason":
            pool = data.draw(st.sampled_from([allowed, ALL_COMMANDS]), label="pool")
            command = self._draw_command(data, pool, practitioner, fit=False)
            at = self._tick(data)
        elif kind == "before the last event":
            command = self._draw_command(data, allowed, practitioner, fit=True)
            at = self.last_at - data.draw(BACK, label="back")
        elif kind == "naive and aware mixed":
            command = self._draw_command(data, allowed, practitioner, fit=True)
            now = self._tick(data)
            at = now.replace(tzinfo=None) if _aware(now) else now.replace(tzinfo=dt.UTC)
        elif kind == "not a datetime":
            command = self._draw_command(data, allowed, practitioner, fit=True)
            now = self._tick(data)
            at = data.draw(st.sampled_from([now.date(), now.isoformat(), None]), label="at")
        else:
            bogus = ["withdraw", None, StartScreening, ClosureReason.OTHER, 3]
            command = data.draw(st.sampled_from(bogus), label="not a command")
            at = self._tick(data)
        self._attempt(command, at)

    @precondition(lambda self: self.accepted > self.remembered)
    @rule(target=snapshots)
    def remember(self) -> Case:
        self.remembered = self.accepted
        return self.case

    @precondition(lambda self: self.accepted > self.compared)
    @rule(snapshot=snapshots)
    def history_only_grows(self, snapshot: Case) -> None:
        """Events are append-only: every earlier case is a prefix of today's, and replays."""
        self.compared = self.accepted
        if snapshot.id == self.case.id:
            assert self.case.events[: len(snapshot.events)] == snapshot.events
        assert replay(snapshot.events) == snapshot

    @precondition(lambda self: len(self.case.events) >= 2)
    @rule(
        data=st.data(),
        how=st.sampled_from(
            ["drop", "repeat", "swap", "other case", "back in time", "wrong state", "opening"]
        ),
    )
    def a_tampered_history_is_refused(self, data: st.DataObject, how: str) -> None:
        """Replay refuses every history that apply could not have produced."""
        events = list(self.case.events)
        i = data.draw(st.integers(1, len(events) - 1), label="index")
        if how == "drop":  # a gap (dropping the opening leaves no opening)
            del events[i - 1]
        elif how == "repeat":
            events.insert(i, events[i])
        elif how == "swap":
            events[i - 1], events[i] = events[i], events[i - 1]
        elif how == "other case":
            events[i] = attrs.evolve(events[i], case_id=self.case.id + "x")
        elif how == "back in time":
            earlier = events[i - 1].at - data.draw(BACK, label="back")
            events[i] = attrs.evolve(events[i], at=earlier)
        elif how == "wrong state":
            landed = events[i].to_state.value
            wrong = data.draw(st.sampled_from([s for s in MODEL if s != landed]), label="to")
            events[i] = attrs.evolve(events[i], to_state=CaseState(wrong))
        else:  # the opening claims the case started somewhere else
            elsewhere = data.draw(st.sampled_from([s for s in MODEL if s != "received"]))
            events[0] = attrs.evolve(events[0], to_state=CaseState(elsewhere))
        with pytest.raises(InvalidHistory):
            replay(events)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def no_event_is_lost(self) -> None:
        events = self.case.events
        assert len(events) == self.accepted + 1
        assert [event.sequence for event in events] == list(range(1, len(events) + 1))
        assert {event.case_id for event in events} == {self.case.id}
        assert all(a.at <= b.at for a, b in itertools.pairwise(events))

    @invariant()
    def replay_gives_the_same_case(self) -> None:
        assert replay(self.case.events) == self.case

    @invariant()
    def closed_exactly_when_a_closure_with_a_reason_is_held(self) -> None:
        assert self.case.state.closed == (self.state in CLOSED_STATES)
        if self.case.state.closed:
            assert self.case.closure is not None
            assert isinstance(self.case.closure.reason, ClosureReason)
        else:
            assert self.case.closure is None

    @invariant()
    def the_case_is_where_the_model_says(self) -> None:
        case = self.case
        assert case.state.value == self.state
        assert set(case.allowed) == set(MODEL[self.state])
        assert case.times_reopened == self.reopened
        if self.closure is None:
            assert case.closure is None
        else:
            assert case.closure is not None
            reason, note, at = self.closure
            assert (case.closure.reason.value, case.closure.note, case.closure.at) == (
                reason,
                note,
                at,
            )
        if self.allocation is None:
            assert case.allocation is None
        else:
            assert case.allocation is not None
            held = case.allocation
            assert (held.practitioner, held.basis.value, held.keyworker, held.note, held.at) == (
                self.allocation
            )
        assert [
            (a.at, a.channel.value, a.outcome.value, a.summary) for a in case.contact_attempts
        ] == self.attempts
        assert [
            (c.at, c.channel.value, c.direction.value, c.with_whom, c.summary)
            for c in case.communications
        ] == self.communications
        assert [
            (a.start, a.attendance.value if a.attendance else None, a.attended_by)
            for a in case.appointments
        ] == self.appointments

    @invariant()
    def the_engagement_limit_is_what_the_model_says(self) -> None:
        on = self.clock.date()
        expected = False
        if self.state in ("allocated", "engaging") and self.allocation is not None:
            max_attempts, max_days = self.policy.max_attempts, self.policy.max_days
            # R-AL-3: unanswered attempts count; days run from the first allocation;
            # once an appointment is made the family is engaged.
            unanswered = sum(
                1 for a in self.attempts if a[2] in ("no-answer", "message-left", "letter-sent")
            )
            engaged = bool(self.appointments) or any(
                a[2] == "spoke-appointment-made" for a in self.attempts
            )
            by_attempts = max_attempts is not None and unanswered >= max_attempts
            assert self.first_allocated is not None
            by_days = max_days is not None and (on - self.first_allocated.date()).days >= max_days
            expected = not engaged and (by_attempts or by_days)
        assert engagement_limit_reached(self.case, on=on, policy=self.policy) == expected


TestLifecycleAgainstModel = LifecycleAgainstModel.TestCase


# --------------------------------------------------------------------------- example helpers

T0 = dt.datetime(2026, 11, 2, 9, 0)  # a Monday morning
ALLOCATE = Allocate(practitioner="Priya Shah", basis="skills", keyworker="Jo Bell")
NO_ANSWER = RecordContactAttempt(channel="text", outcome="no-answer")

# A path from arrival to each state, typed out from the flow of section 11.
TO_ALLOCATED = (StartScreening(), AcceptToWaitingList(), ALLOCATE)
TO_ENDING = (*TO_ALLOCATED, StartAssessment(), StartIntervention(), StartEnding())
PATHS: dict[str, tuple[Any, ...]] = {
    "received": (),
    "screening": (StartScreening(),),
    "awaiting-information": (StartScreening(), RequestInformation(missing=["gp"])),
    "waiting": (StartScreening(), AcceptToWaitingList()),
    "allocated": TO_ALLOCATED,
    "engaging": (*TO_ALLOCATED, NO_ANSWER),
    "assessment": (*TO_ALLOCATED, StartAssessment()),
    "intervention": (*TO_ALLOCATED, StartAssessment(), StartIntervention()),
    "ending": TO_ENDING,
    "closed": (*TO_ENDING, Close(reason="work-completed")),
    "follow-up": (*TO_ENDING, Close(reason="work-completed"), Reopen()),
    "declined": (StartScreening(), DeclineCase(reason="out-of-area", explanation="Lives in Kent")),
    "referred-back": (*TO_ALLOCATED, NO_ANSWER, ReferBack()),
    "withdrawn": (Withdraw(),),
}


def run(*commands: Any, case_id: str = "RPI-001", start: dt.datetime = T0) -> Case:
    """Open a case at ``start`` and apply ``commands`` one day apart."""
    case, _ = open_case(case_id, at=start)
    for day, command in enumerate(commands, start=1):
        case, _ = apply(case, command, at=start + dt.timedelta(days=day))
    return case


def reach(state: str, **kwargs: Any) -> Case:
    return run(*PATHS[state], **kwargs)


def later(case: Case, **delta: float) -> dt.datetime:
    """A moment after the case's last event (a day later unless told)."""
    return case.last_event.at + dt.timedelta(**(delta or {"days": 1}))


def copy_of_table() -> dict[CaseState, dict[str, CaseState]]:
    """A deep copy of the shipped table, safe to break."""
    return {state: dict(moves) for state, moves in TRANSITIONS.items()}


# --------------------------------------------------------------------------- the table itself


def test_the_table_is_the_flow_of_section_11() -> None:
    table = {s.value: {c: t.value for c, t in moves.items()} for s, moves in TRANSITIONS.items()}
    assert table == MODEL


@pytest.mark.parametrize("state", list(MODEL))
def test_allowed_commands_are_the_steps_of_section_11(state: str) -> None:
    assert set(allowed_commands(CaseState(state))) == set(MODEL[state])


@pytest.mark.parametrize("state", list(MODEL))
def test_every_state_is_reachable_along_the_flow_of_section_11(state: str) -> None:
    assert reach(state).state is CaseState(state)


def test_diagram_draws_every_step_of_the_flow_and_no_other_section_11() -> None:
    def node(state: str) -> str:
        return state.replace("-", "_")

    expected = {
        f"{node(state)} --> {node(target)}: {command}"
        for state, moves in MODEL.items()
        for command, target in moves.items()
    }
    drawn = {line.strip() for line in mermaid_diagram().splitlines() if ": " in line}
    assert drawn == expected


def test_diagram_starts_at_received_section_11() -> None:
    assert "[*] --> received" in mermaid_diagram().splitlines()[1]


# --------------------------------------------------------------------------- the typical path


def test_typical_path_runs_from_arrival_through_follow_up_to_closure_section_11() -> None:
    steps: list[tuple[Any, str]] = [
        (StartScreening(), "screening"),
        (RequestInformation(missing=["family-agreed"]), "awaiting-information"),
        (ReceiveInformation(note="Mother agrees, by phone"), "screening"),
        (AcceptToWaitingList(), "waiting"),
        (ALLOCATE, "allocated"),
        (NO_ANSWER, "engaging"),
        (RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"), "engaging"),
        (StartAssessment(), "assessment"),
        (StartIntervention(), "intervention"),
        (StartEnding(note="Three more sessions"), "ending"),
        (Close(reason="work-completed"), "closed"),
        (Reopen(note="Six-month follow-up"), "follow-up"),
        (Close(reason="follow-up-completed"), "closed"),
    ]
    case, _ = open_case("RPI-001", at=T0)
    seen = [case.state.value]
    for day, (command, _) in enumerate(steps, start=1):
        case, _ = apply(case, command, at=T0 + dt.timedelta(days=day))
        seen.append(case.state.value)
    assert seen == ["received"] + [state for _, state in steps]
    assert len(case.events) == len(steps) + 1


def test_follow_up_closure_records_its_reason_and_the_reopening_R_EN_6() -> None:
    case = reach("follow-up")
    done = later(case)
    case, _ = apply(case, Close(reason="follow-up-completed", note="Measures taken"), at=done)
    assert case.closure == Closure(
        reason=ClosureReason.FOLLOW_UP_COMPLETED, note="Measures taken", at=done
    )
    assert case.times_reopened == 1


def test_contact_attempts_are_logged_with_channel_outcome_and_summary_R_AL_2_R_AL_4() -> None:
    case = reach("allocated")
    first, second = later(case, days=1), later(case, days=3)
    case, _ = apply(case, NO_ANSWER, at=first)
    attempt = RecordContactAttempt(channel="letter", outcome="letter-sent", summary="Opt-in")
    case, _ = apply(case, attempt, at=second)
    assert case.contact_attempts == (
        ContactAttempt(
            at=first, channel=ContactChannel.TEXT, outcome=ContactOutcome.NO_ANSWER, summary=""
        ),
        ContactAttempt(
            at=second,
            channel=ContactChannel.LETTER,
            outcome=ContactOutcome.LETTER_SENT,
            summary="Opt-in",
        ),
    )


def test_apply_leaves_the_case_it_was_given_untouched_section_11() -> None:
    case = reach("screening")
    new, _ = apply(case, AcceptToWaitingList(), at=later(case))
    assert new.state is CaseState.WAITING
    assert case.state is CaseState.SCREENING
    assert len(case.events) == 2


# --------------------------------------------------------------------------- screening


def test_decline_at_screening_keeps_the_explanation_on_the_closure_R_SC_4() -> None:
    case = reach("screening")
    when = later(case)
    decline = DeclineCase(reason="out-of-area", explanation="Lives in Kent; try Kent PIP")
    case, _ = apply(case, decline, at=when)
    assert case.state is CaseState.DECLINED
    assert case.closure == Closure(
        reason=ClosureReason.DECLINED, note="Lives in Kent; try Kent PIP", at=when
    )


def test_decline_keeps_its_coded_reason_in_the_history_R_SC_4() -> None:
    case = reach("declined")
    assert case.last_event.command.reason is DeclineReason.OUT_OF_AREA


def test_decline_without_an_explanation_is_refused_R_SC_4() -> None:
    with pytest.raises(InvalidCommand) as caught:
        DeclineCase(reason="out-of-area", explanation="  ")
    assert caught.value.field == "explanation"


def test_screening_can_allocate_straight_to_a_practitioner_R_SC_6() -> None:
    case = reach("screening")
    case, _ = apply(case, ALLOCATE, at=later(case))
    assert case.state is CaseState.ALLOCATED


def test_a_case_cannot_be_declined_before_screening_starts_R_SC_4() -> None:
    case = reach("received")
    with pytest.raises(TransitionNotAllowed):
        apply(case, DeclineCase(reason="other", explanation="x"), at=later(case))


# --------------------------------------------------------------------------- allocation


def test_allocation_keeps_practitioner_keyworker_basis_and_note_R_AL_1_R_AL_2() -> None:
    case = reach("waiting")
    when = later(case)
    command = Allocate(
        practitioner="Priya Shah",
        basis="locality",
        keyworker="Jo Bell",
        note="Lives near the Tuesday clinic",
    )
    case, _ = apply(case, command, at=when)
    assert case.allocation == Allocation(
        practitioner="Priya Shah",
        basis=AllocationBasis.LOCALITY,
        keyworker="Jo Bell",
        note="Lives near the Tuesday clinic",
        at=when,
    )


def test_allocation_through_an_assessment_clinic_is_recorded_as_such_R_AL_1() -> None:
    case = reach("waiting")
    command = Allocate(practitioner="Tom Whitfield", basis="assessment-clinic")
    case, _ = apply(case, command, at=later(case))
    assert case.allocation is not None
    assert case.allocation.basis is AllocationBasis.ASSESSMENT_CLINIC
    assert case.allocation.keyworker is None


def test_reallocation_keeps_every_contact_attempt_on_record_R_AL_2_R_AL_4() -> None:
    # Every communication is logged (R-AL-4): a new practitioner inherits the
    # record of attempts, it is not wiped.
    case = reach("engaging")
    case, _ = apply(case, NO_ANSWER, at=later(case))
    before = case.contact_attempts
    assert len(before) == 2
    case, _ = apply(case, Reallocate(practitioner="Tom Whitfield"), at=later(case))
    assert case.contact_attempts == before
    assert case.state is CaseState.ENGAGING


def test_reallocation_hands_the_case_to_the_new_practitioner_R_AL_1() -> None:
    case = reach("intervention")
    when = later(case)
    command = Reallocate(practitioner="Tom Whitfield", basis="locality", note="Priya on leave")
    case, _ = apply(case, command, at=when)
    assert case.allocation == Allocation(
        practitioner="Tom Whitfield",
        basis=AllocationBasis.LOCALITY,
        keyworker=None,
        note="Priya on leave",
        at=when,
    )


@pytest.mark.parametrize(
    "state", ["allocated", "engaging", "assessment", "intervention", "ending"]
)
def test_reallocation_does_not_change_the_state_R_AL_1(state: str) -> None:
    case = reach(state)
    case, _ = apply(case, Reallocate(practitioner="Tom Whitfield"), at=later(case))
    assert case.state.value == state


def test_a_waiting_case_cannot_be_reallocated_before_it_is_allocated_R_AL_1() -> None:
    case = reach("waiting")
    with pytest.raises(TransitionNotAllowed):
        apply(case, Reallocate(practitioner="Tom Whitfield"), at=later(case))


# --------------------------------------------------------------------------- engagement limit


def test_refer_back_after_failed_engagement_closes_for_non_engagement_R_AL_3() -> None:
    case = reach("engaging")
    when = later(case)
    case, _ = apply(case, ReferBack(note="Three texts and a letter, no reply"), at=when)
    assert case.state is CaseState.REFERRED_BACK
    assert case.closure == Closure(
        reason=ClosureReason.NON_ENGAGEMENT, note="Three texts and a letter, no reply", at=when
    )


def test_refer_back_is_possible_before_any_contact_attempt_R_AL_3() -> None:
    case = reach("allocated")
    case, _ = apply(case, ReferBack(), at=later(case))
    assert case.state is CaseState.REFERRED_BACK


def test_a_waiting_family_cannot_be_referred_back_for_non_engagement_R_AL_3() -> None:
    case = reach("waiting")
    with pytest.raises(TransitionNotAllowed):
        apply(case, ReferBack(), at=later(case))


def test_engagement_limit_is_reached_at_the_maximum_number_of_attempts_R_AL_3() -> None:
    policy = EngagementPolicy(max_attempts=3, max_days=None)
    case = reach("allocated")
    case, _ = apply(case, NO_ANSWER, at=later(case))
    case, _ = apply(case, NO_ANSWER, at=later(case))
    on = later(case).date()
    assert not engagement_limit_reached(case, on=on, policy=policy)
    case, _ = apply(case, NO_ANSWER, at=later(case))
    assert engagement_limit_reached(case, on=on, policy=policy)


def test_engagement_limit_is_reached_on_the_day_the_days_run_out_R_AL_3() -> None:
    policy = EngagementPolicy(max_attempts=None, max_days=28)
    case = reach("allocated")  # allocated on day 3: Thursday 5 November 2026
    assert case.allocation is not None
    assert case.allocation.at.date() == dt.date(2026, 11, 5)
    assert not engagement_limit_reached(case, on=dt.date(2026, 12, 2), policy=policy)  # 27 days
    assert engagement_limit_reached(case, on=dt.date(2026, 12, 3), policy=policy)  # 28 days


def test_engagement_days_count_from_the_first_allocation_not_a_reallocation_R_AL_3() -> None:
    # Reallocating must not restart the team's time limit on engagement.
    policy = EngagementPolicy(max_attempts=None, max_days=28)
    case = reach("engaging")
    first = next(e.at for e in case.events if e.command.name == "allocate").date()
    case, _ = apply(case, Reallocate(practitioner="Tom"), at=later(case))
    on = first + dt.timedelta(days=28)
    assert engagement_limit_reached(case, on=on, policy=policy)
    assert not engagement_limit_reached(case, on=on - dt.timedelta(days=1), policy=policy)


def test_engagement_attempts_still_count_after_a_reallocation_R_AL_3() -> None:
    policy = EngagementPolicy(max_attempts=1, max_days=None)
    case = reach("engaging")
    assert engagement_limit_reached(case, on=T0.date(), policy=policy)
    case, _ = apply(case, Reallocate(practitioner="Tom"), at=later(case))
    assert engagement_limit_reached(case, on=T0.date(), policy=policy)


def test_engagement_limit_never_applies_once_an_appointment_is_made_R_AL_3() -> None:
    policy = EngagementPolicy(max_attempts=1, max_days=1)
    case = reach("engaging")
    made = RecordContactAttempt(channel="phone", outcome="spoke-appointment-made")
    case, _ = apply(case, made, at=later(case))
    assert not engagement_limit_reached(case, on=dt.date(2030, 1, 1), policy=policy)


def test_engagement_without_any_limit_never_runs_out_R_AL_3() -> None:
    policy = EngagementPolicy(max_attempts=None, max_days=None)
    case = reach("engaging")
    assert not engagement_limit_reached(case, on=dt.date(2030, 1, 1), policy=policy)


@pytest.mark.parametrize(
    "state",
    [s for s in MODEL if s not in ("allocated", "engaging")],
)
def test_engagement_limit_is_never_reached_outside_allocated_or_engaging_R_AL_3(
    state: str,
) -> None:
    policy = EngagementPolicy(max_attempts=1, max_days=1)
    case = reach(state)
    assert not engagement_limit_reached(case, on=dt.date(2030, 1, 1), policy=policy)


def test_engagement_limit_check_changes_nothing_R_AL_3() -> None:
    case = reach("engaging")
    before = case
    assert engagement_limit_reached(case, on=dt.date(2030, 1, 1))
    assert case == before
    assert case.state is CaseState.ENGAGING


@pytest.mark.parametrize(("field", "value"), [("max_attempts", 0), ("max_days", -1)])
def test_engagement_policy_refuses_a_limit_below_one_R_AL_3(field: str, value: int) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        EngagementPolicy(**{field: value})
    assert caught.value.field == field


# --------------------------------------------------------------------------- withdrawal


@pytest.mark.parametrize("state", OPEN_STATES)
def test_a_family_may_withdraw_from_every_open_state_section_11(state: str) -> None:
    case = reach(state)
    when = later(case)
    case, _ = apply(case, Withdraw(reason="moved-away", note="Moved to Leeds"), at=when)
    assert case.state is CaseState.WITHDRAWN
    assert case.closure == Closure(reason=ClosureReason.MOVED_AWAY, note="Moved to Leeds", at=when)


def test_withdrawal_by_default_records_that_the_family_withdrew_section_11() -> None:
    case = reach("waiting")
    case, _ = apply(case, Withdraw(), at=later(case))
    assert case.closure is not None
    assert case.closure.reason is ClosureReason.FAMILY_WITHDREW


@pytest.mark.parametrize("state", sorted(CLOSED_STATES))
def test_a_closed_case_cannot_withdraw_again_section_11(state: str) -> None:
    case = reach(state)
    with pytest.raises(TransitionNotAllowed):
        apply(case, Withdraw(), at=later(case))


@pytest.mark.parametrize("reason", ["work-completed", "declined", "non-engagement"])
def test_withdrawal_refuses_a_reason_that_is_not_a_withdrawal_R_EN_1(reason: str) -> None:
    case = reach("assessment")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Withdraw(reason=reason), at=later(case))
    assert caught.value.field == "reason"
    assert caught.value.value == reason


# --------------------------------------------------------------------------- closing and reopening


def test_reopen_from_closed_goes_to_follow_up_without_a_closure_R_EN_6() -> None:
    case = reach("closed")
    case, _ = apply(case, Reopen(note="Six-month follow-up"), at=later(case, days=182))
    assert case.state is CaseState.FOLLOW_UP
    assert case.closure is None
    assert case.times_reopened == 1


def test_reopen_keeps_the_allocation_for_the_follow_up_R_EN_6() -> None:
    case = reach("closed")
    allocation = case.allocation
    case, _ = apply(case, Reopen(), at=later(case))
    assert case.allocation == allocation


def test_a_follow_up_once_made_does_not_reopen_the_case_again_R_EN_6() -> None:
    case = reach("follow-up")
    case, _ = apply(case, Close(reason="follow-up-completed"), at=later(case))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Reopen(), at=later(case))
    assert caught.value.rule == "R-EN-6"
    assert case.times_reopened == 1


@pytest.mark.parametrize("state", ["declined", "referred-back", "withdrawn"])
def test_reopen_is_refused_for_cases_closed_for_good_R_EN_6(state: str) -> None:
    case = reach(state)
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, Reopen(), at=later(case))
    assert caught.value.allowed == ()


@pytest.mark.parametrize("state", ["ending", "follow-up", "waiting"])
def test_reopen_is_refused_for_a_case_that_is_open_R_EN_6(state: str) -> None:
    case = reach(state)
    with pytest.raises(TransitionNotAllowed):
        apply(case, Reopen(), at=later(case))


def test_ending_resumes_the_intervention_when_a_new_issue_arises_R_EN_4() -> None:
    case = reach("ending")
    case, _ = apply(case, ResumeIntervention(note="New worry about feeding"), at=later(case))
    assert case.state is CaseState.INTERVENTION
    assert case.closure is None


def test_resumed_intervention_can_end_again_and_close_R_EN_4() -> None:
    case = reach("ending")
    case, _ = apply(case, ResumeIntervention(), at=later(case))
    case, _ = apply(case, StartEnding(), at=later(case))
    case, _ = apply(case, Close(reason="work-completed"), at=later(case))
    assert case.state is CaseState.CLOSED


def test_an_intervention_cannot_close_as_completed_without_an_ending_phase_R_EN_3() -> None:
    # A planned ending is a phase; from the intervention only an unplanned closure
    # (referred on, stopped coming, other) is possible.
    case = reach("intervention")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Close(reason="work-completed"), at=later(case))
    assert caught.value.field == "reason"


@pytest.mark.parametrize(
    ("state", "reason"),
    [(state, reason) for state, reasons in CLOSE_REASONS.items() for reason in sorted(reasons)],
)
def test_close_accepts_the_reasons_that_fit_the_state_R_EN_1(state: str, reason: str) -> None:
    case = reach(state)
    note = "Said why" if reason == "other" else ""
    case, _ = apply(case, Close(reason=reason, note=note), at=later(case))
    assert case.state is CaseState.CLOSED
    assert case.closure is not None
    assert case.closure.reason is ClosureReason(reason)


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("assessment", "work-completed"),
        ("assessment", "follow-up-completed"),
        ("ending", "no-further-work"),
        ("ending", "declined"),
        ("ending", "non-engagement"),
        ("ending", "family-withdrew"),
        ("follow-up", "work-completed"),
        ("follow-up", "moved-away"),
    ],
)
def test_close_refuses_a_reason_that_does_not_fit_the_state_R_EN_1(
    state: str, reason: str
) -> None:
    case = reach(state)
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Close(reason=reason), at=later(case))
    assert caught.value.field == "reason"
    assert caught.value.value == reason
    assert state in str(caught.value)


def test_close_refuses_a_reason_that_is_not_a_closure_reason_R_EN_1() -> None:
    with pytest.raises(InvalidCommand) as caught:
        Close(reason="bored")
    assert caught.value.field == "reason"


# --------------------------------------------------------------------------- refusals


def test_transition_not_allowed_carries_state_command_and_allowed_section_11() -> None:
    case = reach("waiting")
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, Close(reason="other", note="No longer needed"), at=later(case))
    assert caught.value.state == "waiting"
    assert caught.value.command == "close"
    assert set(caught.value.allowed) == {"allocate", "withdraw", "log-communication"}


def test_transition_not_allowed_says_what_is_allowed_instead_section_11() -> None:
    case = reach("waiting")
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, Close(reason="other", note="No longer needed"), at=later(case))
    head, _, options = str(caught.value).partition("; allowed from waiting: ")
    assert head == "can't close a case that is waiting"
    assert set(options.split(", ")) == {"allocate", "withdraw", "log-communication"}


def test_transition_not_allowed_says_a_case_closed_for_good_allows_nothing_section_11() -> None:
    case = reach("declined")
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, ALLOCATE, at=later(case))
    assert "declined" in str(caught.value)
    assert "nothing" in str(caught.value)


def test_transition_not_allowed_is_a_value_error_section_11() -> None:
    case = reach("declined")
    with pytest.raises(ValueError, match="can't allocate a case that is declined"):
        apply(case, ALLOCATE, at=later(case))


def test_open_is_never_a_command_on_an_opened_case_R_IN_1() -> None:
    case = reach("received")
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, Open(), at=later(case))
    assert caught.value.command == "open"


def test_a_command_dated_before_the_last_event_is_out_of_order_R_AL_4() -> None:
    case = reach("screening")  # last event on day 1, 9:00
    early = T0 + dt.timedelta(hours=12)
    with pytest.raises(CommandOutOfOrder) as caught:
        apply(case, AcceptToWaitingList(), at=early)
    assert caught.value.field == "at"
    assert caught.value.value == early


def test_a_command_at_the_same_moment_as_the_last_event_is_accepted_R_AL_4() -> None:
    case = reach("screening")
    case, _ = apply(case, AcceptToWaitingList(), at=case.last_event.at)
    assert case.state is CaseState.WAITING


def test_a_refused_command_leaves_history_as_it_was_R_AL_4() -> None:
    case = reach("screening")
    with pytest.raises(CommandOutOfOrder):
        apply(case, AcceptToWaitingList(), at=T0)
    assert replay(case.events) == case
    assert case.state is CaseState.SCREENING


@pytest.mark.parametrize(
    ("opened", "at"),
    [
        (T0, dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)),
        (T0.replace(tzinfo=dt.UTC), dt.datetime(2026, 11, 3, 9)),
    ],
    ids=["naive-case-aware-command", "aware-case-naive-command"],
)
def test_mixing_naive_and_aware_datetimes_is_refused(opened: dt.datetime, at: dt.datetime) -> None:
    case, _ = open_case("RPI-001", at=opened)
    with pytest.raises(InvalidCommand) as caught:
        apply(case, StartScreening(), at=at)
    assert caught.value.field == "at"


def test_aware_times_in_another_zone_are_ordered_by_instant_R_AL_4() -> None:
    case, _ = open_case("RPI-001", at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC))
    # 08:30 on the clock, but at -05:00 it is 13:30 UTC: after the opening.
    at = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.timezone(-dt.timedelta(hours=5)))
    case, _ = apply(case, StartScreening(), at=at)
    assert case.state is CaseState.SCREENING


def test_aware_time_later_on_the_clock_but_earlier_in_fact_is_out_of_order_R_AL_4() -> None:
    case, _ = open_case("RPI-001", at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC))
    # 09:30 at +01:00 is 08:30 UTC: before the opening.
    at = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with pytest.raises(CommandOutOfOrder):
        apply(case, StartScreening(), at=at)


def test_a_date_is_not_a_moment_to_apply_a_command_at() -> None:
    case = reach("received")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, StartScreening(), at=dt.date(2026, 11, 3))  # type: ignore[arg-type]
    assert caught.value.field == "at"


def test_a_command_name_alone_is_not_a_command() -> None:
    case = reach("received")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, "start-screening", at=later(case))  # type: ignore[arg-type]
    assert caught.value.field == "command"


def test_a_case_needs_an_id_R_IN_1() -> None:
    with pytest.raises(InvalidCommand) as caught:
        open_case("  ", at=T0)
    assert caught.value.field == "id"


# --------------------------------------------------------------------------- replay


def test_replay_refuses_a_history_that_does_not_start_with_the_opening() -> None:
    case = reach("waiting")
    with pytest.raises(InvalidHistory) as caught:
        replay(case.events[1:])
    assert caught.value.field == "events[0]"


def test_replay_refuses_an_empty_history() -> None:
    with pytest.raises(InvalidHistory) as caught:
        replay([])
    assert caught.value.field == "events"


def test_replay_refuses_a_gap_in_the_sequence() -> None:
    events = reach("allocated").events
    with pytest.raises(InvalidHistory) as caught:
        replay(events[:2] + events[3:])
    assert caught.value.field == "events[2].sequence"


def test_replay_refuses_a_repeated_event() -> None:
    events = reach("allocated").events
    with pytest.raises(InvalidHistory) as caught:
        replay(events[:3] + events[2:])
    assert caught.value.field == "events[3].sequence"


def test_replay_refuses_another_cases_event() -> None:
    ours = reach("waiting", case_id="RPI-001").events
    theirs = reach("waiting", case_id="RPI-002").events
    with pytest.raises(InvalidHistory) as caught:
        replay((ours[0], theirs[1], ours[2]))
    assert caught.value.field == "events[1].case_id"


def test_replay_refuses_time_going_backwards() -> None:
    events = list(reach("waiting").events)
    events[2] = attrs.evolve(events[2], at=events[1].at - dt.timedelta(hours=1))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[2].at"


def test_replay_refuses_a_step_the_table_forbids_section_11() -> None:
    events = list(reach("waiting").events)  # open, start-screening, accept
    events[2] = attrs.evolve(events[2], command=Reopen(), to_state=CaseState.FOLLOW_UP)
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[2]"


def test_replay_refuses_a_step_that_does_not_start_where_the_last_one_ended_section_11() -> None:
    events = list(reach("allocated").events)  # ..., accept -> waiting, allocate
    events[3] = attrs.evolve(events[3], from_state=CaseState.SCREENING)
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[3]"


def test_replay_refuses_a_step_that_lands_in_the_wrong_state_section_11() -> None:
    events = list(reach("waiting").events)
    events[2] = attrs.evolve(events[2], to_state=CaseState.ALLOCATED)
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[2]"


def test_replay_refuses_an_opening_that_lands_anywhere_but_received_section_11() -> None:
    # A history apply could never make: the case would be closed without a closure.
    opening = Event(
        case_id="RPI-001",
        sequence=1,
        at=T0,
        command=Open(),
        from_state=None,
        to_state=CaseState.CLOSED,
    )
    with pytest.raises(InvalidHistory) as caught:
        replay([opening])
    assert caught.value.field == "events[0]"


def test_replay_refuses_a_history_mixing_naive_and_aware_times() -> None:
    events = list(reach("screening").events)
    events[1] = attrs.evolve(events[1], at=events[1].at.replace(tzinfo=dt.UTC))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[1].at"


def test_replay_refuses_a_closure_reason_apply_would_refuse_R_EN_1() -> None:
    events = list(reach("withdrawn").events)  # open, withdraw
    events[1] = attrs.evolve(events[1], command=Withdraw(reason="work-completed"))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == "events[1].command.reason"


def test_replay_refuses_a_close_from_a_state_its_reason_does_not_fit_R_EN_1() -> None:
    events = list(reach("closed").events)  # ..., start-ending, close (work-completed)
    last = len(events) - 1
    events[last] = attrs.evolve(events[last], command=Close(reason="follow-up-completed"))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert caught.value.field == f"events[{last}].command.reason"


# --------------------------------------------------------------------------- check_table


def test_the_shipped_table_passes_its_own_check_section_11() -> None:
    check_table()


def test_check_table_refuses_an_unreachable_state_section_11() -> None:
    table = copy_of_table()
    del table[CaseState.SCREENING]["request-information"]  # the only way in
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert caught.value.field == "transitions"
    assert caught.value.value == ["awaiting-information"]


def test_check_table_refuses_a_closed_state_with_an_exit_R_EN_6() -> None:
    table = copy_of_table()
    table[CaseState.WITHDRAWN] = {"reopen": CaseState.FOLLOW_UP}
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert "withdrawn" in str(caught.value)
    assert caught.value.value == ("reopen",)


def test_check_table_refuses_closed_with_an_exit_besides_reopen_R_EN_6() -> None:
    table = copy_of_table()
    table[CaseState.CLOSED]["allocate"] = CaseState.ALLOCATED
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert "'closed'" in str(caught.value)


def test_check_table_refuses_an_open_state_that_cannot_close_section_11() -> None:
    table = copy_of_table()
    table[CaseState.INTERVENTION] = {"reallocate": CaseState.INTERVENTION}
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert caught.value.value == "intervention"


def test_check_table_refuses_an_unknown_command_section_11() -> None:
    table = copy_of_table()
    table[CaseState.ASSESSMENT]["teleport"] = CaseState.CLOSED
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert caught.value.value == "teleport"


def test_check_table_refuses_open_as_a_step_section_11() -> None:
    table = copy_of_table()
    table[CaseState.WAITING]["open"] = CaseState.RECEIVED
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert caught.value.value == "open"


def test_check_table_refuses_a_table_missing_a_state_section_11() -> None:
    table = copy_of_table()
    del table[CaseState.FOLLOW_UP]
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert caught.value.value == ["follow-up"]


def test_a_case_closed_before_any_work_cannot_be_reopened_for_follow_up_R_EN_6() -> None:
    case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9))
    for command, day in (
        (StartScreening(), 3),
        (RequestInformation(missing=["family-agreed"]), 4),
        (Close(reason="other", note="Family moved on before screening ended"), 20),
    ):
        case, _ = apply(case, command, at=dt.datetime(2026, 11, day, 9))
    with pytest.raises(InvalidCommand) as excinfo:
        apply(case, Reopen(note="Six-month follow-up"), at=dt.datetime(2027, 5, 20, 9))
    assert excinfo.value.field == "command"
    assert "awaiting-information" in str(excinfo.value)
    assert "R-EN-6" in str(excinfo.value)
