"""The lifecycle's refusals, records and reports, asserted to the word (DOMAIN.md 5-8, 11).

Every refusal is checked for its error type, ``field``, ``rule``, ``value``
and the message that names them (``"{field} {requirement} ({rule}), got
{value!r}"``, the contract of `parentinfant.errors.InvalidValue`), so a
person reading a log knows what to fix. Expected lists of allowed values are
typed out from the rules, never read back from the code.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from typing import Any

import attrs
import pytest

from parentinfant._commands import _text
from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import (
    CommandOutOfOrder,
    InvalidAppointment,
    InvalidCommand,
    InvalidHistory,
    InvalidPolicy,
    InvalidValue,
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
    Command,
    Communication,
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
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    Withdraw,
    _frozen_table,
    apply,
    check_table,
    command_for_decision,
    engagement_limit_reached,
    open_case,
    replay,
)
from parentinfant.screening import (
    Accept,
    Decline,
    DeclineReason,
    InformationItem,
    MoreInformationNeeded,
)

DT = dt.datetime
S = CaseState
OPENED = DT(2026, 11, 2, 9)
HOUR = dt.timedelta(hours=1)
DECISION: dict[str, Any] = {
    "referral_id": "R-1",
    "received": dt.date(2026, 11, 2),
    "due": dt.date(2026, 11, 9),
    "decided_on": dt.date(2026, 11, 3),
}


def assert_refused(
    caught: pytest.ExceptionInfo[Any],
    kind: type[InvalidValue],
    *,
    field: str,
    requirement: str,
    value: object,
    rule: str | None,
) -> None:
    """The error is ``kind`` and names its field, rule and value, as errors.py promises."""
    err = caught.value
    assert type(err) is kind
    assert (err.field, err.requirement, err.rule) == (field, requirement, rule)
    assert err.value == value
    where = f" ({rule})" if rule else ""
    assert str(err) == f"{field} {requirement}{where}, got {value!r}"


def walk(*commands: Command, case_id: str = "R-1", start: dt.datetime = OPENED) -> Case:
    """A case opened at ``start``, then each command applied an hour after the last."""
    case, _ = open_case(case_id, at=start)
    at = start
    for command in commands:
        at += HOUR
        case, _ = apply(case, command, at=at)
    return case


def later(case: Case, hours: int = 1) -> dt.datetime:
    return case.last_event.at + hours * HOUR


TO_ALLOCATED: tuple[Command, ...] = (StartScreening(), Allocate(practitioner="Priya"))
TO_ASSESSMENT = (*TO_ALLOCATED, StartAssessment())
TO_INTERVENTION = (*TO_ASSESSMENT, StartIntervention())
TO_ENDING = (*TO_INTERVENTION, StartEnding())
TO_AWAITING = (StartScreening(), RequestInformation(missing=["gp"]))


def appointment(start: dt.datetime, **changes: Any) -> Appointment:
    return Appointment(
        start=start,
        duration=HOUR,
        session_type="assessment",
        mode="home-visit",
        practitioner="Priya",
        **changes,
    )


def copy_of_table() -> dict[CaseState, dict[str, CaseState]]:
    return {state: dict(moves) for state, moves in TRANSITIONS.items()}


# --------------------------------------------------------------------------- check_table


def test_check_table_names_every_missing_state_in_state_order_section_11() -> None:
    """Section 11: a table must list every state; all the missing ones are named."""
    table = copy_of_table()
    del table[S.WITHDRAWN]
    del table[S.RECEIVED]
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert_refused(
        caught,
        InvalidPolicy,
        field="transitions",
        requirement="must list every state",
        value=["received", "withdrawn"],
        rule=None,
    )


@pytest.mark.parametrize("command", ["teleport", "open"], ids=["unknown", "open"])
def test_check_table_refuses_an_unknown_step_naming_its_state_section_11(command: str) -> None:
    """Section 11: only known commands may be steps, and ``open`` only starts a case."""
    table = copy_of_table()
    table[S.ASSESSMENT][command] = S.CLOSED
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert_refused(
        caught,
        InvalidPolicy,
        field="transitions",
        requirement="must use known commands (assessment)",
        value=command,
        rule=None,
    )


@pytest.mark.parametrize(
    ("state", "moves", "value"),
    [
        (S.DECLINED, {"reopen": S.FOLLOW_UP}, ("reopen",)),
        (S.CLOSED, {"reopen": S.FOLLOW_UP, "allocate": S.ALLOCATED}, ("reopen", "allocate")),
        (S.CLOSED, {"reopen": S.ALLOCATED}, ("reopen",)),
    ],
    ids=["declined-reopens", "closed-allocates", "closed-reopens-elsewhere"],
)
def test_check_table_refuses_any_exit_from_a_closed_state_but_reopen_R_EN_6(
    state: CaseState, moves: dict[str, CaseState], value: tuple[str, ...]
) -> None:
    """R-EN-6: the only way out of a closed state is closed -> reopen -> follow-up."""
    table = copy_of_table()
    table[state] = moves
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert_refused(
        caught,
        InvalidPolicy,
        field="transitions",
        requirement=(
            f"must not leave closed state {state.value!r} except closed -> reopen -> follow-up"
        ),
        value=value,
        rule=None,
    )


def test_check_table_names_every_unreachable_state_section_11() -> None:
    """Section 11: every state must be reachable from ``received``."""
    table = copy_of_table()
    del table[S.SCREENING]["request-information"]  # the only way to awaiting-information
    table[S.CLOSED] = {}  # and so the only way to follow-up is gone too
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert_refused(
        caught,
        InvalidPolicy,
        field="transitions",
        requirement="must reach every state from 'received'",
        value=["awaiting-information", "follow-up"],
        rule=None,
    )


def test_check_table_refuses_an_open_state_that_can_never_close_section_11() -> None:
    """Section 11: every open state must still be able to reach a closed one."""
    table = copy_of_table()
    table[S.INTERVENTION] = {"reallocate": S.INTERVENTION}
    with pytest.raises(InvalidPolicy) as caught:
        check_table(table)
    assert_refused(
        caught,
        InvalidPolicy,
        field="transitions",
        requirement="must let every open state close",
        value="intervention",
        rule=None,
    )


def test_check_table_accepts_a_state_that_closes_only_several_steps_on_section_11() -> None:
    """Section 11: closing through other open states counts (received -> screening -> ...)."""
    table = copy_of_table()
    table[S.RECEIVED] = {"start-screening": S.SCREENING}
    table[S.WAITING] = {"allocate": S.ALLOCATED}
    check_table(table)


# --------------------------------------------------------------------------- the table


def test_frozen_table_adds_the_steps_that_never_move_a_case_R_AL_4_R_AP_5() -> None:
    """R-AL-4: communication is logged in any open state; R-AP-5: appointments from allocation."""
    table = _frozen_table(
        {
            S.WAITING: {"allocate": S.ALLOCATED, "withdraw": S.WITHDRAWN},
            S.ALLOCATED: {"refer-back": S.REFERRED_BACK},
            S.REFERRED_BACK: {},
        }
    )
    assert list(table) == [S.WAITING, S.ALLOCATED, S.REFERRED_BACK]
    assert list(table[S.WAITING].items()) == [
        ("allocate", S.ALLOCATED),
        ("withdraw", S.WITHDRAWN),
        ("log-communication", S.WAITING),
    ]
    assert list(table[S.ALLOCATED].items()) == [
        ("refer-back", S.REFERRED_BACK),
        ("log-communication", S.ALLOCATED),
        ("book-appointment", S.ALLOCATED),
        ("record-attendance", S.ALLOCATED),
    ]
    assert dict(table[S.REFERRED_BACK]) == {}


def test_frozen_table_is_read_only_all_the_way_down() -> None:
    table = _frozen_table({S.WAITING: {"allocate": S.ALLOCATED}})
    with pytest.raises(TypeError):
        table[S.WAITING] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        table[S.WAITING]["allocate"] = S.CLOSED  # type: ignore[index]


def test_shipped_table_logs_communication_in_open_states_only_R_AL_4() -> None:
    """R-AL-4: every communication is logged, wherever an open case stands; it never moves it."""
    for state in CaseState:
        expected = None if state.closed else state
        assert TRANSITIONS[state].get("log-communication") is expected, state


def test_shipped_table_books_appointments_from_allocation_and_in_follow_up_R_AP_5() -> None:
    """R-AP-5: appointments are booked and attended from allocation to ending, and in follow-up."""
    booking = {S.ALLOCATED, S.ENGAGING, S.ASSESSMENT, S.INTERVENTION, S.ENDING, S.FOLLOW_UP}
    for state in CaseState:
        expected = state if state in booking else None
        assert TRANSITIONS[state].get("book-appointment") is expected, state
        assert TRANSITIONS[state].get("record-attendance") is expected, state


# --------------------------------------------------------------------------- command data


def test_text_fields_refuse_blank_text_naming_their_rule() -> None:
    """A required text field of a command refuses empty or blank text with its rule."""

    @attrs.frozen
    class Note:
        summary: str = _text("summary", "R-AL-4")

    assert Note(summary="Called Ana").summary == "Called Ana"
    with pytest.raises(InvalidCommand) as caught:
        Note(summary="  ")
    assert_refused(
        caught,
        InvalidCommand,
        field="summary",
        requirement="must be non-empty text",
        value="  ",
        rule="R-AL-4",
    )


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [
        (lambda v: DeclineCase(reason="out-of-area", explanation=v), "explanation", "R-SC-4"),
        (lambda v: Allocate(practitioner=v), "practitioner", "R-AL-1"),
        (lambda v: Reallocate(practitioner=v), "practitioner", "R-AL-1"),
        (lambda v: LogCommunication(channel="text", summary=v), "summary", "R-AL-4"),
        (lambda v: Allocate(practitioner="Priya", keyworker=v), "keyworker", "R-AL-2"),
        (
            lambda v: DeclineCase(reason="other", explanation="x", alternative_service=v),
            "alternative_service",
            "R-SC-4",
        ),
        (
            lambda v: LogCommunication(channel="text", summary="x", with_whom=v),
            "with_whom",
            "R-AL-4",
        ),
    ],
    ids=[
        "decline-explanation",
        "allocate-practitioner",
        "reallocate-practitioner",
        "communication-summary",
        "keyworker",
        "alternative-service",
        "with-whom",
    ],
)
@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_commands_refuse_blank_required_text(
    build: Any, field: str, rule: str, blank: str
) -> None:
    """R-SC-4 explanation, R-AL-1 practitioner, R-AL-2 keyworker, R-AL-4 summary and contact."""
    with pytest.raises(InvalidCommand) as caught:
        build(blank)
    assert_refused(
        caught,
        InvalidCommand,
        field=field,
        requirement="must be non-empty text",
        value=blank,
        rule=rule,
    )


@pytest.mark.parametrize(
    ("build", "field", "rule", "allowed"),
    [
        (
            lambda v: LogCommunication(channel="text", summary="x", direction=v),
            "direction",
            "R-AL-4",
            "'to-family', 'from-family'",
        ),
        (
            lambda v: LogCommunication(channel=v, summary="x"),
            "channel",
            "R-AL-4",
            "'text', 'phone', 'letter', 'email'",
        ),
        (
            lambda v: RecordContactAttempt(channel=v, outcome="no-answer"),
            "channel",
            "R-AL-4",
            "'text', 'phone', 'letter', 'email'",
        ),
        (
            lambda v: RecordContactAttempt(channel="text", outcome=v),
            "outcome",
            "R-AL-3",
            "'no-answer', 'message-left', 'spoke-appointment-made', 'spoke-not-ready', "
            "'declined-by-family', 'letter-sent'",
        ),
        (
            lambda v: Allocate(practitioner="Priya", basis=v),
            "basis",
            "R-AL-1",
            "'skills', 'locality', 'assessment-clinic'",
        ),
        (
            lambda v: Reallocate(practitioner="Priya", basis=v),
            "basis",
            "R-AL-1",
            "'skills', 'locality', 'assessment-clinic'",
        ),
        (
            lambda v: DeclineCase(reason=v, explanation="x"),
            "reason",
            "R-SC-4",
            "'not-eligible', 'out-of-area', 'outside-age-range', 'needs-met-elsewhere', "
            "'already-known', 'other'",
        ),
        (
            lambda v: RequestInformation(missing=[v]),
            "missing",
            "R-SC-1",
            "'reason', 'risk-factors', 'parent-contact', 'gp', 'family-aware', 'family-agreed'",
        ),
        (
            lambda v: RecordAttendance(start=DT(2026, 12, 1, 10), attendance=v),
            "attendance",
            "R-AP-5",
            "'attended', 'late-seen', 'late-not-seen', 'cancelled-by-family', "
            "'cancelled-by-team', 'did-not-attend'",
        ),
    ],
    ids=[
        "direction",
        "communication-channel",
        "attempt-channel",
        "outcome",
        "allocate-basis",
        "reallocate-basis",
        "decline-reason",
        "missing-item",
        "attendance",
    ],
)
def test_commands_refuse_an_unknown_code_listing_the_allowed_ones(
    build: Any, field: str, rule: str, allowed: str
) -> None:
    """Coded values are stable on the wire; an unknown one is refused with the list."""
    with pytest.raises(InvalidCommand) as caught:
        build("sometimes")
    assert_refused(
        caught,
        InvalidCommand,
        field=field,
        requirement=f"must be one of {allowed}",
        value="sometimes",
        rule=rule,
    )


_CLOSURE_CODES = (
    "'declined', 'information-not-received', 'non-engagement', 'work-completed', "
    "'no-further-work', 'referred-on', 'follow-up-completed', 'family-withdrew', "
    "'moved-away', 'other'"
)


@pytest.mark.parametrize("kind", [Close, Withdraw], ids=["close", "withdraw"])
def test_closure_reason_must_be_a_known_code_R_EN_1(kind: Any) -> None:
    """R-EN-1: every closure carries a coded reason."""
    with pytest.raises(InvalidCommand) as caught:
        kind(reason="bored")
    assert_refused(
        caught,
        InvalidCommand,
        field="reason",
        requirement=f"must be one of {_CLOSURE_CODES}",
        value="bored",
        rule="R-EN-1",
    )


def test_codes_and_enum_members_are_both_accepted() -> None:
    command = LogCommunication(channel=ContactChannel.PHONE, summary="x", direction="from-family")
    assert (command.channel, command.direction) == (ContactChannel.PHONE, Direction.FROM_FAMILY)
    attempt = RecordContactAttempt(channel="letter", outcome=ContactOutcome.LETTER_SENT)
    assert (attempt.channel, attempt.outcome) == (
        ContactChannel.LETTER,
        ContactOutcome.LETTER_SENT,
    )
    assert Allocate(practitioner="P", basis="locality").basis is AllocationBasis.LOCALITY
    assert Close(reason=ClosureReason.REFERRED_ON).reason is ClosureReason.REFERRED_ON
    assert DeclineCase(reason="already-known", explanation="x").reason is (
        DeclineReason.ALREADY_KNOWN
    )


@pytest.mark.parametrize("kind", [Close, Withdraw], ids=["close", "withdraw"])
@pytest.mark.parametrize("note", ["", "  \n"], ids=["empty", "blank"])
def test_an_other_reason_must_say_why_R_EN_1(kind: Any, note: str) -> None:
    """R-EN-1: 'other' is a reason only with the why written in the note."""
    with pytest.raises(InvalidCommand) as caught:
        kind(reason="other", note=note)
    assert_refused(
        caught,
        InvalidCommand,
        field="note",
        requirement="must say why when the reason is 'other'",
        value=note,
        rule="R-EN-1",
    )
    assert kind(reason="other", note="Moved to a mother and baby unit").note == (
        "Moved to a mother and baby unit"
    )


def test_only_other_needs_a_note_R_EN_1() -> None:
    assert Close(reason="referred-on").note == ""
    assert Withdraw(reason="moved-away").note == ""


def test_withdrawal_defaults_to_the_family_withdrawing_section_11() -> None:
    """Section 11: a family may withdraw at any open step; that is the usual reason."""
    assert Withdraw().reason is ClosureReason.FAMILY_WITHDREW


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("infant-massage", ("infant-massage",)),
        (["infant-massage", "solihull-group"], ("infant-massage", "solihull-group")),
        ((), ()),
    ],
    ids=["one-code", "list", "none"],
)
def test_step_down_codes_are_kept_as_a_tuple_R_EN_5(given: Any, expected: tuple[str, ...]) -> None:
    """R-EN-5: the step-down options taken up are recorded on the closure."""
    assert Close(reason="work-completed", step_down=given).step_down == expected


@pytest.mark.parametrize("code", ["", "  ", 3], ids=["empty", "blank", "number"])
def test_step_down_codes_must_be_text_R_EN_5(code: object) -> None:
    """R-EN-5: a step-down option is named by its code."""
    with pytest.raises(InvalidCommand) as caught:
        Close(reason="work-completed", step_down=["infant-massage", code])
    assert_refused(
        caught,
        InvalidCommand,
        field="step_down",
        requirement="must hold option codes",
        value=code,
        rule="R-EN-5",
    )


def test_request_information_takes_one_item_or_several_R_SC_1() -> None:
    assert RequestInformation(missing="gp").missing == (InformationItem.GP,)
    assert RequestInformation(missing=["gp", InformationItem.REASON]).missing == (
        InformationItem.GP,
        InformationItem.REASON,
    )


def test_request_information_must_name_what_is_missing_R_SC_1() -> None:
    """R-SC-1: the referrer is told what to send."""
    with pytest.raises(InvalidCommand) as caught:
        RequestInformation(missing=[])
    assert_refused(
        caught,
        InvalidCommand,
        field="missing",
        requirement="must name what is missing",
        value=[],
        rule="R-SC-1",
    )


# --------------------------------------------------------------------------- appointment commands


def test_booking_needs_an_appointment_R_AP_5() -> None:
    with pytest.raises(InvalidCommand) as caught:
        BookAppointment(appointment="Tuesday at ten")  # type: ignore[arg-type]
    assert_refused(
        caught,
        InvalidCommand,
        field="appointment",
        requirement="must be an Appointment",
        value="Tuesday at ten",
        rule="R-AP-5",
    )


def test_booking_refuses_an_appointment_that_already_happened_R_AP_5() -> None:
    """R-AP-5: attendance is recorded with record-attendance, once it happens."""
    with pytest.raises(InvalidCommand) as caught:
        BookAppointment(appointment=appointment(DT(2026, 12, 1, 10), attendance="attended"))
    assert_refused(
        caught,
        InvalidCommand,
        field="appointment",
        requirement=(
            "must not have an attendance yet; record it with record-attendance once it happens"
        ),
        value="attended",
        rule="R-AP-5",
    )


def test_booking_refuses_a_naive_start_the_uk_clocks_skip_R_AP_5() -> None:
    """R-AP-5: 01:30 on 29 March 2026 never shows on a UK clock (clocks go 01:00 -> 02:00)."""
    with pytest.raises(InvalidAppointment) as caught:
        BookAppointment(appointment=appointment(DT(2026, 3, 29, 1, 30)))
    assert_refused(
        caught,
        InvalidAppointment,
        field="appointment.start",
        requirement=(
            "must be timezone-aware when the UK clocks skip its hour "
            "(a naive start is UK clock time, and this one never happens)"
        ),
        value="2026-03-29T01:30:00",
        rule="R-AP-5",
    )


@pytest.mark.parametrize("fold", [0, 1], ids=["first-pass", "second-pass"])
def test_booking_refuses_a_naive_start_the_uk_clocks_repeat_R_AP_5(fold: int) -> None:
    """R-AP-5: 01:30 on 25 October 2026 shows twice (clocks go 02:00 -> 01:00).

    Python's ``fold`` could tell the two apart, but no export writes it, so
    either pass is refused.
    """
    start = DT(2026, 10, 25, 1, 30, fold=fold)
    with pytest.raises(InvalidAppointment) as caught:
        BookAppointment(appointment=appointment(start))
    assert_refused(
        caught,
        InvalidAppointment,
        field="appointment.start",
        requirement=(
            "must be timezone-aware when the UK clocks repeat its hour "
            "(a naive start is UK clock time, and this one happens twice)"
        ),
        value="2026-10-25T01:30:00",
        rule="R-AP-5",
    )


@pytest.mark.parametrize(
    "start",
    [
        DT(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
        DT(2026, 3, 29, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        DT(2026, 10, 25, 2, 30),
        DT(2026, 3, 29, 2, 30),
    ],
    ids=["aware-repeated", "aware-skipped", "naive-after-repeat", "naive-after-skip"],
)
def test_booking_accepts_starts_every_export_can_carry_R_AP_5(start: dt.datetime) -> None:
    """R-AP-5: aware starts, and naive ones the UK clocks show once, are booked as given."""
    assert BookAppointment(appointment=appointment(start)).appointment.start == start


def test_attendance_needs_a_start_time_R_AP_5() -> None:
    with pytest.raises(InvalidCommand) as caught:
        RecordAttendance(start=dt.date(2026, 12, 1), attendance="attended")  # type: ignore[arg-type]
    assert_refused(
        caught,
        InvalidCommand,
        field="start",
        requirement="must be a datetime",
        value=dt.date(2026, 12, 1),
        rule="R-AP-5",
    )


@pytest.mark.parametrize(
    "names",
    [["Ana", "Ana"], ["Ana", ""], ["  "], ["Ana", 3]],
    ids=["twice", "empty", "blank", "number"],
)
def test_attendees_are_named_once_each_R_AP_6(names: list[Any]) -> None:
    """R-AP-6: letters go to the parents who came, so each is named, once."""
    with pytest.raises(InvalidCommand) as caught:
        RecordAttendance(start=DT(2026, 12, 1, 10), attendance="attended", attended_by=names)
    assert_refused(
        caught,
        InvalidCommand,
        field="attended_by",
        requirement="must name each parent who came once",
        value=tuple(names),
        rule="R-AP-6",
    )


@pytest.mark.parametrize(
    "attendance",
    ["late-not-seen", "cancelled-by-family", "cancelled-by-team", "did-not-attend"],
)
def test_attendees_only_when_the_family_was_seen_R_AP_6(attendance: str) -> None:
    """R-AP-6: nobody attended an appointment at which the family was not seen."""
    with pytest.raises(InvalidCommand) as caught:
        RecordAttendance(start=DT(2026, 12, 1, 10), attendance=attendance, attended_by="Ana")
    assert_refused(
        caught,
        InvalidCommand,
        field="attended_by",
        requirement="must be empty unless the family was seen",
        value=("Ana",),
        rule="R-AP-6",
    )


@pytest.mark.parametrize("attendance", ["attended", "late-seen"])
def test_attendees_are_kept_when_the_family_was_seen_R_AP_6(attendance: str) -> None:
    one = RecordAttendance(start=DT(2026, 12, 1, 10), attendance=attendance, attended_by="Ana")
    two = RecordAttendance(
        start=DT(2026, 12, 1, 10), attendance=attendance, attended_by=["Ana", "Ben"]
    )
    assert (one.attended_by, two.attended_by) == (("Ana",), ("Ana", "Ben"))
    assert one.attendance is Attendance(attendance)


# --------------------------------------------------------------------------- open_case


def test_open_case_records_the_arrival_R_IN_1() -> None:
    """R-IN-1: the case starts at the referral's arrival, in received."""
    case, events = open_case("R-7", at=OPENED, note="By phone from the health visitor")
    (event,) = events
    assert event == Event(
        case_id="R-7",
        sequence=1,
        at=OPENED,
        command=Open(note="By phone from the health visitor"),
        from_state=None,
        to_state=S.RECEIVED,
    )
    assert case == Case(id="R-7", state=S.RECEIVED, events=(event,))
    assert case.opened == OPENED


def test_open_case_records_no_note_unless_given_R_IN_1() -> None:
    case, _ = open_case("R-7", at=OPENED)
    assert case.events[0].command == Open(note="")


@pytest.mark.parametrize("case_id", ["", "  "], ids=["empty", "blank"])
def test_open_case_needs_an_id_R_IN_1(case_id: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        open_case(case_id, at=OPENED)
    assert_refused(
        caught,
        InvalidCommand,
        field="id",
        requirement="must be non-empty text",
        value=case_id,
        rule="R-IN-1",
    )


def test_open_case_needs_a_datetime_R_AL_4() -> None:
    with pytest.raises(InvalidCommand) as caught:
        open_case("R-1", at=dt.date(2026, 11, 2))  # type: ignore[arg-type]
    assert_refused(
        caught,
        InvalidCommand,
        field="at",
        requirement="must be a datetime",
        value=dt.date(2026, 11, 2),
        rule="R-AL-4",
    )


# --------------------------------------------------------------------------- apply: refusals


class _Impostor:
    """Calls itself a lifecycle command but is not one."""

    name = "start-screening"


@pytest.mark.parametrize("command", ["start-screening", _Impostor()], ids=["name", "impostor"])
def test_apply_refuses_what_is_not_a_lifecycle_command(command: Any) -> None:
    case = walk()
    with pytest.raises(InvalidCommand) as caught:
        apply(case, command, at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="command",
        requirement="must be a lifecycle command",
        value=command,
        rule=None,
    )


def test_apply_refuses_a_step_the_table_does_not_allow_section_11() -> None:
    """Section 11: a waiting case is allocated or withdraws; it cannot close."""
    case = walk(StartScreening(), AcceptToWaitingList())
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(case, Close(reason="other", note="x"), at=later(case))
    err = caught.value
    assert (err.state, err.command) == ("waiting", "close")
    assert err.allowed == ("allocate", "withdraw", "log-communication")
    assert str(err) == (
        "can't close a case that is waiting; allowed from waiting: "
        "allocate, withdraw, log-communication"
    )


def test_apply_needs_a_datetime_R_AL_4() -> None:
    case = walk()
    with pytest.raises(InvalidCommand) as caught:
        apply(case, StartScreening(), at=dt.date(2026, 11, 3))  # type: ignore[arg-type]
    assert_refused(
        caught,
        InvalidCommand,
        field="at",
        requirement="must be a datetime",
        value=dt.date(2026, 11, 3),
        rule="R-AL-4",
    )


def test_apply_refuses_an_aware_time_on_a_naive_case() -> None:
    case = walk()
    at = DT(2026, 11, 3, 9, tzinfo=dt.UTC)
    with pytest.raises(InvalidCommand) as caught:
        apply(case, StartScreening(), at=at)
    assert_refused(
        caught,
        InvalidCommand,
        field="at",
        requirement="must be timezone-aware exactly when the case's events are",
        value=at,
        rule=None,
    )


def test_apply_refuses_a_time_before_the_last_event_naming_it_R_AL_4() -> None:
    """R-AL-4: the record is append-only; the message names the last event and its time."""
    case = walk(StartScreening())  # screening started at 10:00
    at = DT(2026, 11, 2, 9, 59)
    with pytest.raises(CommandOutOfOrder) as caught:
        apply(case, AcceptToWaitingList(), at=at)
    assert_refused(
        caught,
        CommandOutOfOrder,
        field="at",
        requirement="must not be before the case's last event (2026-11-02T10:00:00, start-screening)",
        value=at,
        rule="R-AL-4",
    )


def test_apply_accepts_a_step_at_the_same_moment_as_the_last_R_AL_4() -> None:
    case = walk(StartScreening())
    case, _ = apply(case, AcceptToWaitingList(), at=case.last_event.at)
    assert case.state is S.WAITING


def test_aware_times_are_ordered_by_their_instant_R_AL_4() -> None:
    """10:00 at UTC+1 is 09:00 UTC: 09:30 UTC is after it, 08:30 UTC before."""
    plus_one = dt.timezone(dt.timedelta(hours=1))
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 10, tzinfo=plus_one))
    with pytest.raises(CommandOutOfOrder):
        apply(case, StartScreening(), at=DT(2026, 11, 2, 8, 30, tzinfo=dt.UTC))
    case, _ = apply(case, StartScreening(), at=DT(2026, 11, 2, 9, 30, tzinfo=dt.UTC))
    assert case.state is S.SCREENING


LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_times_in_the_hour_the_clocks_go_back_are_ordered_by_instant_R_AL_4() -> None:
    """R-AL-4: on 25 October 2026 01:45 BST is 00:45 UTC and 01:30 GMT is 01:30 UTC.

    So the second 01:30 comes after the first 01:45, and 01:50 BST (00:50 UTC)
    is before it, whatever the clock faces read.
    """
    case, _ = open_case("R-1", at=DT(2026, 10, 25, 1, 45, tzinfo=LONDON))
    case, _ = apply(case, StartScreening(), at=DT(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON))
    assert case.state is S.SCREENING
    with pytest.raises(CommandOutOfOrder):
        apply(case, AcceptToWaitingList(), at=DT(2026, 10, 25, 1, 50, tzinfo=LONDON))


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset to set the zone")
def test_ordering_does_not_depend_on_the_machines_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The core reads no machine zone (ARCHITECTURE.md): aware times order in UTC.

    At the very start of the calendar a zone west of UTC would run off it,
    so a comparison made in the machine's zone could not even be made there.
    """
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        case, _ = open_case("R-1", at=DT(1, 1, 1, 0, 30, tzinfo=dt.UTC))
        case, _ = apply(case, StartScreening(), at=DT(1, 1, 1, 1, tzinfo=dt.UTC))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert case.state is S.SCREENING


@pytest.mark.parametrize(
    ("path", "reason", "allowed", "state"),
    [
        (TO_AWAITING, "work-completed", "information-not-received, other", "awaiting-information"),
        (TO_ASSESSMENT, "work-completed", "no-further-work, other, referred-on", "assessment"),
        (TO_INTERVENTION, "work-completed", "non-engagement, other, referred-on", "intervention"),
        (TO_ENDING, "no-further-work", "other, referred-on, work-completed", "ending"),
    ],
    ids=["awaiting-information", "assessment", "intervention", "ending"],
)
def test_a_closure_reason_must_fit_the_state_closed_from_R_EN_1(
    path: tuple[Command, ...], reason: str, allowed: str, state: str
) -> None:
    """R-EN-1: every closure carries a reason that fits where the case was."""
    case = walk(*path)
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Close(reason=reason), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="reason",
        requirement=f"must be one of {allowed} when closing from {state}",
        value=reason,
        rule="R-EN-1",
    )


def test_a_follow_up_closes_only_as_completed_or_other_R_EN_6() -> None:
    case = walk(*TO_ENDING, Close(reason="work-completed"), Reopen())
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Close(reason="work-completed"), at=later(case))
    assert caught.value.requirement == (
        "must be one of follow-up-completed, other when closing from follow-up"
    )
    case, _ = apply(case, Close(reason="follow-up-completed"), at=later(case))
    assert case.closure is not None
    assert case.closure.reason is ClosureReason.FOLLOW_UP_COMPLETED


@pytest.mark.parametrize(
    "reason", ["work-completed", "declined", "non-engagement"], ids=lambda r: str(r)
)
def test_a_withdrawal_takes_only_a_withdrawal_reason_R_EN_1(reason: str) -> None:
    """R-EN-1: a family withdrawing closes as withdrew, moved away, or other."""
    case = walk(StartScreening())
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Withdraw(reason=reason), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="reason",
        requirement="must be one of family-withdrew, moved-away, other on withdrawal",
        value=reason,
        rule="R-EN-1",
    )


def test_reopening_needs_work_done_before_the_closure_R_EN_6() -> None:
    """R-EN-6: follow-up outcome measures only make sense after work with the family."""
    case = walk(*TO_AWAITING, Close(reason="other", note="Never heard back"))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Reopen(), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="command",
        requirement=(
            "may reopen for follow-up only a case closed after work with the family "
            "(assessment, intervention, ending or a follow-up)"
        ),
        value="awaiting-information",
        rule="R-EN-6",
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (TO_INTERVENTION, "non-engagement"),
        ((*TO_ENDING, Close(reason="work-completed"), Reopen()), "follow-up-completed"),
    ],
    ids=["non-engagement", "follow-up-completed"],
)
def test_reopening_needs_a_closure_after_the_work_R_EN_6(
    path: tuple[Command, ...], reason: str
) -> None:
    """R-EN-6: not after non-engagement, nor after a follow-up already made."""
    case = walk(*path, Close(reason=reason))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, Reopen(), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="command",
        requirement=(
            "may reopen for follow-up only a case closed as "
            "no-further-work, other, referred-on, work-completed"
        ),
        value=reason,
        rule="R-EN-6",
    )


def test_a_closed_case_without_its_closure_cannot_be_reopened_R_EN_6() -> None:
    """R-EN-6: reopening needs to know why the case closed; with no closure it is refused."""
    case = walk(*TO_ENDING, Close(reason="work-completed"))
    stripped = attrs.evolve(case, closure=None)
    with pytest.raises(InvalidCommand) as caught:
        apply(stripped, Reopen(), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="command",
        requirement=(
            "may reopen for follow-up only a case closed as "
            "no-further-work, other, referred-on, work-completed"
        ),
        value=None,
        rule="R-EN-6",
    )


@pytest.mark.parametrize(
    ("path", "close"),
    [
        (TO_ENDING, Close(reason="work-completed")),
        (TO_ASSESSMENT, Close(reason="no-further-work")),
        (TO_INTERVENTION, Close(reason="referred-on")),
        (TO_ASSESSMENT, Close(reason="other", note="Family asked to pause")),
    ],
    ids=["work-completed", "no-further-work", "referred-on", "other"],
)
def test_a_case_closed_after_work_reopens_for_follow_up_R_EN_6(
    path: tuple[Command, ...], close: Close
) -> None:
    """R-EN-6: reopening clears the closure and counts the reopening."""
    case = walk(*path, close)
    case, _ = apply(case, Reopen(note="Six-month measures"), at=later(case))
    assert (case.state, case.closure, case.times_reopened) == (S.FOLLOW_UP, None, 1)
    case, _ = apply(case, Close(reason="follow-up-completed"), at=later(case))
    assert case.times_reopened == 1


# --------------------------------------------------------------------------- apply: appointments


def engaged(start: dt.datetime = OPENED) -> Case:
    return walk(*TO_ALLOCATED, start=start)


def test_booking_refuses_an_aware_start_on_a_naive_case_R_AP_5() -> None:
    case = engaged()
    aware = appointment(DT(2026, 11, 10, 10, tzinfo=dt.UTC))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, BookAppointment(appointment=aware), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="appointment",
        requirement="must start timezone-aware exactly when the case's times are",
        value="2026-11-10T10:00:00+00:00",
        rule="R-AP-5",
    )


def test_booking_refuses_a_naive_start_on_an_aware_case_R_AP_5() -> None:
    case = engaged(start=DT(2026, 11, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, BookAppointment(appointment=appointment(DT(2026, 11, 10, 10))), at=later(case))
    assert caught.value.field == "appointment"
    assert caught.value.value == "2026-11-10T10:00:00"


def test_booking_refuses_a_second_pending_appointment_at_the_same_start_R_AP_5() -> None:
    """R-AP-5: an attendance must name one booked appointment by its start."""
    case = engaged()
    booked = appointment(DT(2026, 11, 10, 10))
    case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, BookAppointment(appointment=booked), at=later(case))
    assert_refused(
        caught,
        InvalidCommand,
        field="appointment",
        requirement="must not start when another booked appointment without an attendance does",
        value="2026-11-10T10:00:00",
        rule="R-AP-5",
    )


def test_a_start_is_free_again_once_its_appointment_was_cancelled_R_AP_5() -> None:
    case = engaged()
    booked = appointment(DT(2026, 11, 10, 10))
    case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    cancel = RecordAttendance(start=booked.start, attendance="cancelled-by-team")
    case, _ = apply(case, cancel, at=later(case))
    case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    assert [a.attendance for a in case.appointments] == [Attendance.CANCELLED_BY_TEAM, None]


def test_attendance_needs_a_pending_appointment_at_that_start_R_AP_5() -> None:
    case = engaged()
    booked = appointment(DT(2026, 11, 10, 10))
    case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    wrong = RecordAttendance(start=DT(2026, 11, 10, 11), attendance="attended")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, wrong, at=DT(2026, 11, 10, 12))
    assert_refused(
        caught,
        InvalidCommand,
        field="start",
        requirement="must be the start of a booked appointment with no attendance recorded yet",
        value="2026-11-10T11:00:00",
        rule="R-AP-5",
    )
    seen = RecordAttendance(start=booked.start, attendance="attended", attended_by="Ana")
    case, _ = apply(case, seen, at=DT(2026, 11, 10, 11))
    with pytest.raises(InvalidCommand) as again:
        apply(case, seen, at=DT(2026, 11, 10, 12))
    assert again.value.field == "start"


def test_attendance_is_recorded_only_once_the_appointment_starts_R_AP_5() -> None:
    """R-AP-5: what happened is known at the start at the earliest, a cancellation excepted."""
    case = engaged()
    start = DT(2026, 11, 10, 10)
    case, _ = apply(case, BookAppointment(appointment=appointment(start)), at=later(case))
    too_early = start - dt.timedelta(minutes=1)
    for attendance in ("attended", "did-not-attend"):
        with pytest.raises(InvalidCommand) as caught:
            apply(case, RecordAttendance(start=start, attendance=attendance), at=too_early)
        assert_refused(
            caught,
            InvalidCommand,
            field="at",
            requirement=(
                "must not be before the appointment starts (2026-11-10T10:00:00) "
                "unless it is a cancellation"
            ),
            value=too_early,
            rule="R-AP-5",
        )
    done, _ = apply(case, RecordAttendance(start=start, attendance="did-not-attend"), at=start)
    assert done.appointments[0].attendance is Attendance.DID_NOT_ATTEND
    for cancellation in ("cancelled-by-family", "cancelled-by-team"):
        cancelled, _ = apply(
            case, RecordAttendance(start=start, attendance=cancellation), at=too_early
        )
        assert cancelled.appointments[0].attendance is Attendance(cancellation)


def test_the_two_passes_of_the_repeated_hour_are_different_appointments_R_AP_5() -> None:
    """R-AP-5: 01:30 BST and 01:30 GMT on 25 October 2026 are an hour apart."""
    case = engaged(start=DT(2026, 10, 20, 9, tzinfo=LONDON))
    first = appointment(DT(2026, 10, 25, 1, 30, tzinfo=LONDON))
    second = appointment(DT(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON))
    case, _ = apply(case, BookAppointment(appointment=first), at=later(case))
    case, _ = apply(case, BookAppointment(appointment=second), at=later(case))
    record = RecordAttendance(start=second.start, attendance="did-not-attend")
    case, _ = apply(case, record, at=DT(2026, 10, 25, 2, tzinfo=dt.UTC))
    assert [a.attendance for a in case.appointments] == [None, Attendance.DID_NOT_ATTEND]


class _SwitchableZone(dt.tzinfo):
    """A zone that gives UTC while ``on`` and no offset at all once switched off."""

    def __init__(self) -> None:
        self.on = True

    def utcoffset(self, _when: dt.datetime | None) -> dt.timedelta | None:
        return dt.timedelta(0) if self.on else None

    def dst(self, _when: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, _when: dt.datetime | None) -> str | None:
        return "UTC" if self.on else None


def test_attendance_refuses_a_start_whose_zone_stopped_giving_an_offset_R_AP_5() -> None:
    """R-AP-5: a start booked aware that reads naive later cannot be placed against ``at``."""
    zone = _SwitchableZone()
    case = engaged(start=DT(2026, 11, 2, 9, tzinfo=dt.UTC))
    booked = appointment(DT(2026, 11, 10, 10, tzinfo=zone))
    case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    zone.on = False
    record = RecordAttendance(start=booked.start, attendance="attended")
    with pytest.raises(InvalidCommand) as caught:
        apply(case, record, at=DT(2026, 11, 10, 11, tzinfo=dt.UTC))
    assert_refused(
        caught,
        InvalidCommand,
        field="start",
        requirement="must be timezone-aware exactly when the time it is recorded is",
        value="2026-11-10T10:00:00",
        rule="R-AP-5",
    )


def test_attendance_finds_the_appointment_by_its_instant_R_AP_5() -> None:
    """10:00 UTC and 11:00 at UTC+1 are the same moment: the same appointment."""
    case = engaged(start=DT(2026, 11, 2, 9, tzinfo=dt.UTC))
    first = appointment(DT(2026, 11, 9, 10, tzinfo=dt.UTC))
    second = appointment(DT(2026, 11, 10, 10, tzinfo=dt.UTC))
    for booked in (first, second):
        case, _ = apply(case, BookAppointment(appointment=booked), at=later(case))
    same = DT(2026, 11, 10, 11, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    record = RecordAttendance(start=same, attendance="attended", attended_by=["Ana", "Ben"])
    case, _ = apply(case, record, at=DT(2026, 11, 10, 11, tzinfo=dt.UTC))
    assert case.appointments == (
        first,
        attrs.evolve(second, attendance=Attendance.ATTENDED, attended_by=("Ana", "Ben")),
    )
    assert case.state is S.ALLOCATED  # booking and attendance never move the case


# --------------------------------------------------------------------------- apply: the record


def test_allocation_records_who_why_and_when_R_AL_1_R_AL_2() -> None:
    """R-AL-1: the practitioner and the basis; R-AL-2: the keyworker; reallocating replaces it."""
    first = Allocate(practitioner="Priya", basis="locality", keyworker="Kim", note="Near home")
    case = walk(StartScreening(), first)
    assert case.allocation == Allocation(
        practitioner="Priya",
        basis=AllocationBasis.LOCALITY,
        keyworker="Kim",
        note="Near home",
        at=OPENED + 2 * HOUR,
    )
    case, _ = apply(case, Reallocate(practitioner="Tom"), at=later(case, 5))
    assert case.allocation == Allocation(
        practitioner="Tom",
        basis=AllocationBasis.SKILLS,
        keyworker=None,
        note="",
        at=OPENED + 7 * HOUR,
    )
    assert case.state is S.ALLOCATED


def test_contact_attempts_and_communications_are_all_logged_R_AL_2_R_AL_4() -> None:
    """R-AL-2: attempts to reach the family; R-AL-4: every communication, in order."""
    case = walk(*TO_ALLOCATED)
    steps: list[Command] = [
        RecordContactAttempt(channel="text", outcome="no-answer", summary="Hello text"),
        LogCommunication(
            channel="phone", summary="Ana rang back", direction="from-family", with_whom="Ana"
        ),
        RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
    ]
    times = []
    for step in steps:
        times.append(later(case))
        case, _ = apply(case, step, at=times[-1])
    assert case.contact_attempts == (
        ContactAttempt(
            at=times[0],
            channel=ContactChannel.TEXT,
            outcome=ContactOutcome.NO_ANSWER,
            summary="Hello text",
        ),
        ContactAttempt(
            at=times[2],
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.SPOKE_APPOINTMENT_MADE,
            summary="",
        ),
    )
    assert case.communications == (
        Communication(
            at=times[1],
            channel=ContactChannel.PHONE,
            direction=Direction.FROM_FAMILY,
            with_whom="Ana",
            summary="Ana rang back",
        ),
    )
    assert case.state is S.ENGAGING


def test_a_decline_closes_with_the_explanation_and_the_alternative_R_SC_4() -> None:
    """R-SC-4: the reason in words and the service suggested are kept on the closure."""
    decline = DeclineCase(
        reason="out-of-area", explanation="Lives in Kent", alternative_service="Kent PIP"
    )
    case = walk(StartScreening(), decline)
    assert case.state is S.DECLINED
    assert case.closure == Closure(
        reason=ClosureReason.DECLINED,
        note="Lives in Kent",
        at=OPENED + 2 * HOUR,
        alternative_service="Kent PIP",
    )


def test_referring_back_closes_for_non_engagement_R_AL_3() -> None:
    """R-AL-3: when engagement fails the family is referred back and the case closes."""
    case = walk(*TO_ALLOCATED, ReferBack(note="Three texts, no reply"))
    assert case.state is S.REFERRED_BACK
    assert case.closure == Closure(
        reason=ClosureReason.NON_ENGAGEMENT, note="Three texts, no reply", at=OPENED + 3 * HOUR
    )


def test_a_closure_keeps_its_reason_note_and_step_down_R_EN_1_R_EN_5() -> None:
    close = Close(reason="work-completed", note="Goals met", step_down=["infant-massage"])
    case = walk(*TO_ENDING, close)
    assert case.closure == Closure(
        reason=ClosureReason.WORK_COMPLETED,
        note="Goals met",
        at=OPENED + 6 * HOUR,
        step_down=("infant-massage",),
    )


def test_a_withdrawal_keeps_its_reason_and_note_section_11() -> None:
    case = walk(StartScreening(), Withdraw(reason="moved-away", note="To Leeds"))
    assert case.state is S.WITHDRAWN
    assert case.closure == Closure(
        reason=ClosureReason.MOVED_AWAY, note="To Leeds", at=OPENED + 2 * HOUR
    )


def test_every_reopening_is_counted_R_EN_6() -> None:
    case = walk(
        *TO_ENDING,
        Close(reason="work-completed"),
        Reopen(),
        Close(reason="other", note="Second look"),
        Reopen(),
    )
    assert (case.state, case.closure, case.times_reopened) == (S.FOLLOW_UP, None, 2)


def test_apply_returns_the_one_new_event_and_leaves_the_old_case_alone_section_11() -> None:
    """Section 11: events are frozen and append-only; apply is a pure function."""
    before = walk(StartScreening())
    at = later(before)
    after, events = apply(before, AcceptToWaitingList(note="Routine"), at=at)
    assert events == (
        Event(
            case_id="R-1",
            sequence=3,
            at=at,
            command=AcceptToWaitingList(note="Routine"),
            from_state=S.SCREENING,
            to_state=S.WAITING,
        ),
    )
    assert after.events == (*before.events, *events)
    assert (before.state, len(before.events)) == (S.SCREENING, 2)


def test_replay_gives_back_a_case_with_its_whole_record_section_11() -> None:
    """Section 11: a case is a fold over its events, so replay rebuilds every field."""
    case = walk(
        *TO_ALLOCATED,
        RecordContactAttempt(channel="text", outcome="no-answer"),
        LogCommunication(channel="letter", summary="Confirmation letter"),
        BookAppointment(appointment=appointment(DT(2026, 11, 20, 10))),
        start=DT(2026, 11, 2, 9),
    )
    case, _ = apply(
        case,
        RecordAttendance(start=DT(2026, 11, 20, 10), attendance="attended", attended_by="Ana"),
        at=DT(2026, 11, 20, 11),
    )
    for step in (
        StartAssessment(),
        StartIntervention(),
        StartEnding(),
        Close(reason="work-completed", step_down="infant-massage"),
        Reopen(),
    ):
        case, _ = apply(case, step, at=later(case))
    rebuilt = replay(case.events)
    assert rebuilt == case
    assert rebuilt.times_reopened == 1
    assert rebuilt.appointments[0].attended_by == ("Ana",)
    assert len(rebuilt.contact_attempts) == len(rebuilt.communications) == 1


# --------------------------------------------------------------------------- replay: refusals


def test_replay_needs_at_least_the_opening_event() -> None:
    with pytest.raises(InvalidHistory) as caught:
        replay([])
    assert_refused(
        caught,
        InvalidHistory,
        field="events",
        requirement="must hold at least the opening event",
        value=(),
        rule=None,
    )


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"sequence": 2}, "open"),
        ({"from_state": S.RECEIVED}, "open"),
        ({"to_state": S.SCREENING}, "open"),
        ({"command": StartScreening()}, "start-screening"),
    ],
    ids=["sequence", "from-state", "to-state", "command"],
)
def test_replay_needs_a_proper_opening_event(changes: dict[str, Any], name: str) -> None:
    first = attrs.evolve(walk().events[0], **changes)
    with pytest.raises(InvalidHistory) as caught:
        replay([first])
    assert_refused(
        caught,
        InvalidHistory,
        field="events[0]",
        requirement="must open the case (sequence 1, command open)",
        value=name,
        rule=None,
    )


def _history() -> list[Event]:
    return list(walk(StartScreening(), AcceptToWaitingList()).events)


@pytest.mark.parametrize(
    ("index", "changes", "field", "requirement", "value"),
    [
        (1, {"case_id": "R-2"}, "events[1].case_id", "must be 'R-1'", "R-2"),
        (2, {"sequence": 4}, "events[2].sequence", "must be 3", 4),
        (
            2,
            {"at": DT(2026, 11, 2, 9, 59)},
            "events[2].at",
            "must not be before 2026-11-02T10:00:00",
            DT(2026, 11, 2, 9, 59),
        ),
        (
            1,
            {"at": DT(2026, 11, 2, 10, tzinfo=dt.UTC)},
            "events[1].at",
            "must be timezone-aware exactly when the earlier events are",
            DT(2026, 11, 2, 10, tzinfo=dt.UTC),
        ),
        (
            2,
            {"from_state": S.RECEIVED},
            "events[2]",
            "must be a step the lifecycle allows from screening",
            "accept",
        ),
        (
            2,
            {"to_state": S.ALLOCATED},
            "events[2]",
            "must be a step the lifecycle allows from screening",
            "accept",
        ),
    ],
    ids=["case-id", "sequence", "backwards", "awareness", "from-state", "to-state"],
)
def test_replay_refuses_a_history_no_case_could_have(
    index: int, changes: dict[str, Any], field: str, requirement: str, value: object
) -> None:
    events = _history()
    events[index] = attrs.evolve(events[index], **changes)
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert_refused(
        caught, InvalidHistory, field=field, requirement=requirement, value=value, rule=None
    )


def test_replay_accepts_two_events_at_the_same_moment() -> None:
    events = _history()
    events[2] = attrs.evolve(events[2], at=events[1].at)
    assert replay(events).state is S.WAITING


def _append(case: Case, command: Command, to_state: CaseState, at: dt.datetime) -> list[Event]:
    """The case's events and one more, made by hand (apply would refuse it)."""
    extra = Event(
        case_id=case.id,
        sequence=case.last_event.sequence + 1,
        at=at,
        command=command,
        from_state=case.state,
        to_state=to_state,
    )
    return [*case.events, extra]


def test_replay_refuses_a_withdrawal_reason_that_does_not_fit_R_EN_1() -> None:
    case = walk(StartScreening())
    events = _append(case, Withdraw(reason="work-completed"), S.WITHDRAWN, later(case))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert_refused(
        caught,
        InvalidHistory,
        field="events[2].command.reason",
        requirement="must be one of family-withdrew, moved-away, other on withdrawal",
        value="work-completed",
        rule=None,
    )


def test_replay_refuses_a_reopening_of_a_case_closed_before_any_work_R_EN_6() -> None:
    case = walk(*TO_AWAITING, Close(reason="information-not-received"))
    events = _append(case, Reopen(), S.FOLLOW_UP, later(case))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert_refused(
        caught,
        InvalidHistory,
        field="events[4].command.command",
        requirement=(
            "may reopen for follow-up only a case closed after work with the family "
            "(assessment, intervention, ending or a follow-up)"
        ),
        value="awaiting-information",
        rule=None,
    )


def test_replay_refuses_an_attendance_at_no_booked_appointment_R_AP_5() -> None:
    case = engaged()
    record = RecordAttendance(start=DT(2026, 11, 10, 10), attendance="attended")
    events = _append(case, record, S.ALLOCATED, DT(2026, 11, 10, 11))
    with pytest.raises(InvalidHistory) as caught:
        replay(events)
    assert_refused(
        caught,
        InvalidHistory,
        field="events[3].command.start",
        requirement="must be the start of a booked appointment with no attendance recorded yet",
        value="2026-11-10T10:00:00",
        rule=None,
    )


# --------------------------------------------------------------------------- values


def _opening(**changes: Any) -> Event:
    fields: dict[str, Any] = {
        "case_id": "R-1",
        "sequence": 1,
        "at": OPENED,
        "command": Open(),
        "from_state": None,
        "to_state": S.RECEIVED,
    }
    fields.update(changes)
    return Event(**fields)


class _FakeOpen:
    name = "open"


@pytest.mark.parametrize(
    ("field", "value", "requirement"),
    [
        ("sequence", 0, "must be a whole number, at least 1"),
        ("sequence", True, "must be a whole number, at least 1"),
        ("sequence", 1.0, "must be a whole number, at least 1"),
        ("at", dt.date(2026, 11, 2), "must be a datetime"),
        ("command", "open", "must be a lifecycle command"),
        ("command", _FakeOpen(), "must be a lifecycle command"),
        ("from_state", "received", "must be a CaseState"),
        ("to_state", "received", "must be a CaseState"),
    ],
    ids=["zero", "bool", "float", "date", "text-command", "fake-command", "from-text", "to-text"],
)
def test_an_event_refuses_a_malformed_field(field: str, value: object, requirement: str) -> None:
    with pytest.raises(InvalidHistory) as caught:
        _opening(**{field: value})
    assert_refused(
        caught, InvalidHistory, field=field, requirement=requirement, value=value, rule=None
    )


def test_a_case_refuses_an_empty_history() -> None:
    with pytest.raises(InvalidHistory) as caught:
        Case(id="R-1", state=S.RECEIVED, events=())
    assert_refused(
        caught,
        InvalidHistory,
        field="events",
        requirement="must hold at least the opening event",
        value=(),
        rule=None,
    )


def test_a_case_id_must_be_its_events_id() -> None:
    with pytest.raises(InvalidHistory) as caught:
        Case(id="R-2", state=S.RECEIVED, events=(_opening(),))
    assert_refused(
        caught,
        InvalidHistory,
        field="id",
        requirement="must be the events' case id 'R-1'",
        value="R-2",
        rule=None,
    )


@pytest.mark.parametrize(
    ("state", "value"),
    [(S.SCREENING, "screening"), ("received", "received")],
    ids=["other-state", "not-a-state"],
)
def test_a_case_state_must_be_where_the_last_event_left_it(state: Any, value: str) -> None:
    with pytest.raises(InvalidHistory) as caught:
        Case(id="R-1", state=state, events=(_opening(),))
    assert_refused(
        caught,
        InvalidHistory,
        field="state",
        requirement="must be where the last event left the case (received)",
        value=value,
        rule=None,
    )


def test_engagement_policy_limits_are_whole_numbers_from_one_R_AL_3() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        EngagementPolicy(max_days=0)
    assert_refused(
        caught,
        InvalidPolicy,
        field="max_days",
        requirement="must be at least 1",
        value=0,
        rule="R-AL-3",
    )


# --------------------------------------------------------------------------- engagement limit


NO_ANSWER = RecordContactAttempt(channel="text", outcome="no-answer")


def test_engagement_limit_is_checked_on_a_date_R_AL_3() -> None:
    case = engaged()
    on = DT(2026, 11, 20, 9)
    with pytest.raises(InvalidPolicy) as caught:
        engagement_limit_reached(case, on=on)
    assert_refused(
        caught, InvalidPolicy, field="on", requirement="must be a date", value=on, rule="R-AL-3"
    )


def test_engagement_limit_needs_an_engagement_policy_R_AL_3() -> None:
    case = engaged()
    with pytest.raises(InvalidPolicy) as caught:
        engagement_limit_reached(case, on=dt.date(2026, 11, 20), policy=3)  # type: ignore[arg-type]
    assert_refused(
        caught,
        InvalidPolicy,
        field="policy",
        requirement="must be an EngagementPolicy",
        value=3,
        rule="R-AL-3",
    )


def test_default_engagement_limit_is_three_unanswered_attempts_R_AL_3() -> None:
    """R-AL-3 default: three unanswered attempts (message left, letter sent, no answer)."""
    case = engaged()  # allocated on 2 November
    on = dt.date(2026, 11, 3)
    for outcome in ("message-left", "letter-sent"):
        case, _ = apply(
            case, RecordContactAttempt(channel="phone", outcome=outcome), at=later(case)
        )
    assert not engagement_limit_reached(case, on=on)
    case, _ = apply(case, NO_ANSWER, at=later(case))
    assert engagement_limit_reached(case, on=on)


def test_answered_attempts_do_not_count_towards_the_limit_R_AL_3() -> None:
    """R-AL-3: a family who spoke (not ready, or declining) was reached, not unanswered."""
    case = engaged()
    for outcome in ("spoke-not-ready", "declined-by-family", "spoke-not-ready"):
        case, _ = apply(
            case, RecordContactAttempt(channel="phone", outcome=outcome), at=later(case)
        )
    policy = EngagementPolicy(max_attempts=1, max_days=None)
    assert not engagement_limit_reached(case, on=dt.date(2026, 11, 3), policy=policy)


def test_default_engagement_limit_is_28_days_from_allocation_R_AL_3() -> None:
    """R-AL-3 default: 28 days; allocated 2 November, so 30 November is day 28."""
    case = engaged()
    assert case.allocation is not None
    assert case.allocation.at.date() == dt.date(2026, 11, 2)
    assert not engagement_limit_reached(case, on=dt.date(2026, 11, 29))
    assert engagement_limit_reached(case, on=dt.date(2026, 11, 30))


def test_a_booked_appointment_stops_the_engagement_clock_R_AL_3() -> None:
    case = engaged()
    case, _ = apply(
        case, BookAppointment(appointment=appointment(DT(2026, 11, 10, 10))), at=later(case)
    )
    assert not engagement_limit_reached(case, on=dt.date(2027, 1, 1))


def test_the_attempt_limit_alone_does_not_run_out_with_time_R_AL_3() -> None:
    case = walk(*TO_ALLOCATED, NO_ANSWER)
    policy = EngagementPolicy(max_attempts=2, max_days=None)
    assert not engagement_limit_reached(case, on=dt.date(2030, 1, 1), policy=policy)


# --------------------------------------------------------------------------- screening decisions


def test_accepting_to_the_waiting_list_is_an_accept_command_R_SC_6() -> None:
    assert command_for_decision(Accept(**DECISION)) == AcceptToWaitingList()


def test_accepting_straight_to_a_practitioner_allocates_on_skills_R_SC_6_R_AL_1() -> None:
    """R-AL-1: the default basis of allocation is the practitioner's skills."""
    decision = Accept(**DECISION, destination="practitioner", practitioner="Priya")
    assert command_for_decision(decision) == Allocate(
        practitioner="Priya",
        basis=AllocationBasis.SKILLS,
        note="accepted straight to a practitioner at screening",
    )


def test_a_decline_carries_its_reason_explanation_and_alternative_R_SC_4() -> None:
    decision = Decline(
        **DECISION,
        reason="out-of-area",
        explanation="Lives in Kent",
        alternative_service="Kent PIP",
    )
    assert command_for_decision(decision) == DeclineCase(
        reason=DeclineReason.OUT_OF_AREA,
        explanation="Lives in Kent",
        alternative_service="Kent PIP",
    )


def test_more_information_asks_for_what_is_missing_R_SC_1() -> None:
    decision = MoreInformationNeeded(**DECISION, missing=["gp", "reason"], note="Ring the GP")
    command = command_for_decision(decision)
    assert command == RequestInformation(missing=["gp", "reason"], note="Ring the GP")
    case = walk(StartScreening(), command)
    assert case.state is S.AWAITING_INFORMATION
    case, _ = apply(case, ReceiveInformation(), at=later(case))
    assert case.state is S.SCREENING


def test_command_for_decision_refuses_what_is_not_a_decision() -> None:
    with pytest.raises(TypeError) as caught:
        command_for_decision("accept")  # type: ignore[arg-type]
    assert str(caught.value) == "not a screening decision: 'accept'"
