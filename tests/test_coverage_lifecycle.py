"""Branch coverage for `parentinfant.lifecycle`: history values, appointment steps, engagement limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from parentinfant.contact import Appointment
from parentinfant.errors import InvalidCommand, InvalidHistory, InvalidPolicy
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    CaseState,
    Event,
    Open,
    RecordContactAttempt,
    StartScreening,
    apply,
    engagement_limit_reached,
    open_case,
)

DT = dt.datetime
OPENED = DT(2026, 11, 2, 9)


def _engaging_case() -> Case:
    """A case allocated to Priya, with the family reached and an appointment made (R-AL-2)."""
    case, _ = open_case("R-1", at=OPENED)
    for command, at in (
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (
            RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
            DT(2026, 11, 4, 10),
        ),
    ):
        case, _ = apply(case, command, at=at)
    return case


def _appointment(start: dt.datetime) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner="Priya",
    )


def _event(**changes: Any) -> Event:
    fields: dict[str, Any] = {
        "case_id": "R-1",
        "sequence": 1,
        "at": OPENED,
        "command": Open(),
        "from_state": None,
        "to_state": CaseState.RECEIVED,
    }
    fields.update(changes)
    return Event(**fields)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 0),
        ("sequence", True),
        ("sequence", "1"),
        ("at", dt.date(2026, 11, 2)),
        ("command", "open"),
        ("from_state", "received"),
        ("to_state", "received"),
    ],
)
def test_an_event_with_a_malformed_field_is_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidHistory) as caught:
        _event(**{field: value})
    assert caught.value.field == field
    assert caught.value.value == value


def test_a_well_formed_opening_event_is_accepted() -> None:
    event = _event()
    assert (event.sequence, event.command.name, event.to_state) == (1, "open", CaseState.RECEIVED)


def test_a_case_needs_its_opening_event() -> None:
    with pytest.raises(InvalidHistory) as caught:
        Case(id="R-1", state=CaseState.RECEIVED, events=())
    assert caught.value.field == "events"


def test_a_case_id_must_match_its_events() -> None:
    case, _ = open_case("R-1", at=OPENED)
    with pytest.raises(InvalidHistory) as caught:
        attrs.evolve(case, id="R-2")
    assert caught.value.field == "id"
    assert caught.value.value == "R-2"


def test_a_case_state_must_be_where_its_last_event_left_it() -> None:
    case, _ = open_case("R-1", at=OPENED)
    with pytest.raises(InvalidHistory) as caught:
        attrs.evolve(case, state=CaseState.SCREENING)
    assert caught.value.field == "state"


def test_an_appointment_must_be_timezone_aware_exactly_when_the_case_is() -> None:
    # R-AP-5: a naive case cannot book an appointment at an instant in a zone.
    case = _engaging_case()
    aware = _appointment(DT(2026, 11, 10, 10, tzinfo=dt.UTC))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, BookAppointment(appointment=aware), at=DT(2026, 11, 4, 11))
    assert caught.value.field == "appointment"
    assert caught.value.rule == "R-AP-5"
    assert case.appointments == ()


def test_two_booked_appointments_cannot_start_at_the_same_time() -> None:
    # R-AP-5: the attendance recorded later must name one booked appointment.
    case = _engaging_case()
    first = _appointment(DT(2026, 11, 10, 10))
    case, _ = apply(case, BookAppointment(appointment=first), at=DT(2026, 11, 4, 11))
    with pytest.raises(InvalidCommand) as caught:
        apply(case, BookAppointment(appointment=first), at=DT(2026, 11, 4, 12))
    assert caught.value.field == "appointment"
    assert "another booked appointment" in caught.value.requirement
    assert case.appointments == (first,)


@pytest.mark.parametrize("on", [DT(2026, 12, 2, 9), "2026-12-02"])
def test_the_engagement_limit_is_checked_on_a_date(on: object) -> None:
    # R-AL-3: the time limit on attempts to engage runs in days.
    with pytest.raises(InvalidPolicy) as caught:
        engagement_limit_reached(_engaging_case(), on=on)  # type: ignore[arg-type]
    assert caught.value.field == "on"
    assert caught.value.rule == "R-AL-3"


def test_the_engagement_limit_needs_an_engagement_policy() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        engagement_limit_reached(_engaging_case(), on=dt.date(2026, 12, 2), policy=28)  # type: ignore[arg-type]
    assert caught.value.field == "policy"
    assert caught.value.rule == "R-AL-3"
