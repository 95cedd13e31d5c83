"""The case lifecycle: its states and where a screening decision leaves a case (DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._referral import Referral
from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import InvalidAppointment, InvalidCommand
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    CaseState,
    ClosureReason,
    MhsdsClosureGroup,
    RecordAttendance,
    StartScreening,
    apply,
    open_case,
    replay,
    state_after_screening,
)
from parentinfant.screening import (
    Accept,
    Decline,
    DeclineReason,
    Destination,
    InformationItem,
    MoreInformationNeeded,
    ScreeningDecision,
    accept,
    decline,
    request_information,
    screen,
)
from strategies import names, referrals

D = dt.date
COMMON = {
    "referral_id": "R-1",
    "received": D(2026, 11, 2),
    "due": D(2026, 11, 9),
    "decided_on": D(2026, 11, 3),
}

# Reasons that do not rest on the risk assessment, so any referral may be declined for them.
OTHER_REASONS = [r for r in DeclineReason if r is not DeclineReason.NOT_ELIGIBLE]

# --------------------------------------------------------------------------- states


@pytest.mark.parametrize(
    "state",
    [CaseState.DECLINED, CaseState.REFERRED_BACK, CaseState.CLOSED, CaseState.WITHDRAWN],
)
def test_declined_referred_back_closed_and_withdrawn_are_closed_states_section_11(
    state: CaseState,
) -> None:
    assert state.closed


@pytest.mark.parametrize(
    "state",
    [
        CaseState.RECEIVED,
        CaseState.SCREENING,
        CaseState.AWAITING_INFORMATION,
        CaseState.WAITING,
        CaseState.ALLOCATED,
        CaseState.ENGAGING,
        CaseState.ASSESSMENT,
        CaseState.INTERVENTION,
        CaseState.ENDING,
        CaseState.FOLLOW_UP,
    ],
)
def test_open_states_are_not_closed_section_11(state: CaseState) -> None:
    assert not state.closed


def test_state_values_are_lower_case_and_stable_on_the_wire() -> None:
    assert all(s.value == s.value.lower() and " " not in s.value for s in CaseState)
    assert CaseState("awaiting-information") is CaseState.AWAITING_INFORMATION


# --------------------------------------------------------------------------- after screening


def test_accept_to_the_waiting_list_leaves_the_case_waiting_R_SC_6() -> None:
    assert state_after_screening(Accept(**COMMON)) is CaseState.WAITING


def test_accept_straight_to_a_practitioner_leaves_the_case_allocated_R_SC_6() -> None:
    decision = Accept(**COMMON, destination="practitioner", practitioner="Priya Shah")
    assert state_after_screening(decision) is CaseState.ALLOCATED


def test_decline_closes_the_case_as_declined_R_SC_4() -> None:
    decision = Decline(**COMMON, reason="out-of-area", explanation="Lives in Kent")
    state = state_after_screening(decision)
    assert state is CaseState.DECLINED
    assert state.closed


@pytest.mark.parametrize("item", list(InformationItem))
def test_more_information_leaves_the_case_open_awaiting_it_R_SC_1(item: InformationItem) -> None:
    state = state_after_screening(MoreInformationNeeded(**COMMON, missing=[item]))
    assert state is CaseState.AWAITING_INFORMATION
    assert not state.closed


@st.composite
def decisions_with_expected_state(draw: st.DrawFn) -> tuple[ScreeningDecision, CaseState]:
    """A decision made on the day of receipt (never late), with the state it must give."""
    referral: Referral = draw(referrals(detailed=False))
    on = referral.received
    kind = draw(st.sampled_from(["waiting-list", "practitioner", "decline", "more-information"]))
    if kind == "waiting-list":
        return accept(referral, on=on), CaseState.WAITING
    if kind == "practitioner":
        return accept(referral, on=on, practitioner=draw(names())), CaseState.ALLOCATED
    if kind == "decline":
        reason = draw(st.sampled_from(OTHER_REASONS))
        return decline(referral, on=on, reason=reason, explanation="x"), CaseState.DECLINED
    missing = draw(st.lists(st.sampled_from(InformationItem), min_size=1, unique=True))
    return request_information(referral, on=on, missing=missing), CaseState.AWAITING_INFORMATION


@given(decisions_with_expected_state())
def test_state_after_screening_follows_the_decision_kind_R_SC_1_R_SC_4_R_SC_6(
    case: tuple[ScreeningDecision, CaseState],
) -> None:
    decision, expected = case
    assert state_after_screening(decision) is expected


@given(referrals(detailed=False))
def test_a_screened_case_is_closed_only_when_declined_R_SC_1(referral: Referral) -> None:
    """Missing information never closes a case: only a decline does (R-SC-1, R-SC-4)."""
    decision = screen(referral, on=referral.received)
    state = state_after_screening(decision)
    assert state.closed == isinstance(decision, Decline)


@given(referrals(detailed=False))
def test_a_screened_case_never_skips_to_a_practitioner_R_SC_6(referral: Referral) -> None:
    """The rules accept onto the waiting list; going straight to a practitioner is a person's call."""
    decision = screen(referral, on=referral.received)
    assert state_after_screening(decision) is not CaseState.ALLOCATED
    if isinstance(decision, Accept):
        assert decision.destination is Destination.WAITING_LIST


# --------------------------------------------------------------------------- MHSDS reporting groups


def test_every_closure_reason_falls_in_exactly_one_mhsds_group() -> None:
    groups = {reason: reason.mhsds_group for reason in ClosureReason}
    assert set(groups) == set(ClosureReason)
    assert all(isinstance(g, MhsdsClosureGroup) for g in groups.values())
    # Closure codes never overlap between groups; "other" claims none.
    closure_codes = [
        code for g in MhsdsClosureGroup if g.field == "ReferClosReason" for code in g.codes
    ]
    assert len(closure_codes) == len(set(closure_codes))
    assert set(closure_codes) == {"01", "02", "03", "04", "05", "07", "08", "09"}


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("declined", "referral not accepted"),
        ("information-not-received", "referral not accepted"),
        ("non-engagement", "DNA / refused to be seen"),
        ("work-completed", "treatment complete / further treatment not appropriate"),
        ("no-further-work", "treatment complete / further treatment not appropriate"),
        ("referred-on", "admitted / referred elsewhere"),
        ("moved-away", "person moved / requested discharge"),
        ("family-withdrew", "person moved / requested discharge"),
        ("other", "other reason / unknown"),
    ],
)
def test_closure_reasons_map_to_the_mhsds_reporting_group(reason: str, label: str) -> None:
    assert ClosureReason(reason).mhsds_group.label == label


def test_a_refusal_is_reported_as_not_accepted_not_as_a_closure() -> None:
    group = ClosureReason.DECLINED.mhsds_group
    assert group.field == "ReferRejectReason"
    assert ClosureReason.WORK_COMPLETED.mhsds_group.field == "ReferClosReason"


# --------------------------------------------------------------------------- appointments and the UK clock

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _visit(start: dt.datetime) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(minutes=30),
        session_type="assessment",
        mode="clinic",
        practitioner="Priya Shah",
    )


def _allocated(at: dt.datetime) -> Case:
    case, _ = open_case("R-1", at=at)
    case, _ = apply(case, StartScreening(), at=at)
    case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=at)
    return case


def _uk_clock_shows(wall: dt.datetime) -> int:
    """How many instants the UK clock shows ``wall`` at: GMT or BST, each checked in UTC."""
    return sum(
        (wall - offset).replace(tzinfo=dt.UTC).astimezone(LONDON).replace(tzinfo=None) == wall
        for offset in (dt.timedelta(0), dt.timedelta(hours=1))
    )


@pytest.mark.parametrize(
    ("start", "what"),
    [
        (dt.datetime(2026, 3, 29, 1, 0), "skip its hour"),
        (dt.datetime(2026, 3, 29, 1, 59), "skip its hour"),
        (dt.datetime(2026, 10, 25, 1, 0), "repeat its hour"),
        (dt.datetime(2026, 10, 25, 1, 30, fold=1), "repeat its hour"),
    ],
)
def test_booking_refuses_a_naive_start_the_uk_clocks_skip_or_repeat_R_AP_5(
    start: dt.datetime, what: str
) -> None:
    with pytest.raises(InvalidAppointment) as refused:
        BookAppointment(appointment=_visit(start))
    assert (refused.value.field, refused.value.rule) == ("appointment.start", "R-AP-5")
    assert refused.value.value == start.isoformat()
    assert f"must be timezone-aware when the UK clocks {what}" in str(refused.value)


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2026, 3, 29, 0, 59),
        dt.datetime(2026, 3, 29, 2, 0),
        dt.datetime(2026, 10, 25, 0, 59),
        dt.datetime(2026, 10, 25, 2, 0),
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON),
    ],
)
def test_booking_takes_a_start_the_uk_clocks_show_once_or_an_aware_one_R_AP_5(
    start: dt.datetime,
) -> None:
    assert BookAppointment(appointment=_visit(start)).appointment.start == start


@given(
    change=st.sampled_from(
        [dt.datetime(2026, 3, 29, 1), dt.datetime(2026, 10, 25, 1), dt.datetime(2027, 3, 28, 1)]
    ),
    minutes=st.integers(min_value=-150, max_value=150),
    fold=st.integers(min_value=0, max_value=1),
)
def test_booking_takes_a_naive_start_exactly_when_the_uk_clock_shows_it_once_R_AP_5(
    change: dt.datetime, minutes: int, fold: int
) -> None:
    start = (change + dt.timedelta(minutes=minutes)).replace(fold=fold)
    try:
        BookAppointment(appointment=_visit(start))
    except InvalidAppointment:
        booked = False
    else:
        booked = True
    assert booked == (_uk_clock_shows(start) == 1)


def test_both_passes_of_the_repeated_hour_can_be_booked_aware_and_attended_apart_R_AP_5() -> None:
    first = dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)
    second = first.replace(fold=1)  # an hour later; equal to ``first`` by Python's ==
    case = _allocated(dt.datetime(2026, 10, 1, 9, tzinfo=LONDON))
    for start in (first, second):
        case, _ = apply(case, BookAppointment(appointment=_visit(start)), at=case.events[-1].at)
    case, _ = apply(case, RecordAttendance(start=second, attendance="attended"), at=second)
    assert [a.attendance for a in case.appointments] == [None, Attendance.ATTENDED]
    assert replay(case.events) == case


@pytest.mark.parametrize("fold", [0, 1])
def test_attendance_finds_the_appointment_at_the_same_instant_in_another_spelling_R_AP_5(
    fold: int,
) -> None:
    """A Europe/London start and the fixed offset JSON reads it back as: one appointment."""
    start = dt.datetime(2026, 10, 25, 1, 30, fold=fold, tzinfo=LONDON)
    offset = start.utcoffset()
    assert offset is not None
    as_json_reads_it = start.astimezone(dt.timezone(offset))
    assert as_json_reads_it != start  # PEP 495: never equal in the repeated hour
    case = _allocated(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
    case, _ = apply(
        case, BookAppointment(appointment=_visit(as_json_reads_it)), at=case.events[-1].at
    )
    with pytest.raises(InvalidCommand, match="must not start when another booked"):
        apply(case, BookAppointment(appointment=_visit(start)), at=case.events[-1].at)
    case, _ = apply(case, RecordAttendance(start=start, attendance="attended"), at=start)
    assert case.appointments[0].attendance is Attendance.ATTENDED
