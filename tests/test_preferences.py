"""The family's stated preferences, stored with the family and honoured everywhere (R-AL-4).

Calendar facts used (from a printed calendar): Monday 30 November 2026 is an
ordinary working day in England (St Andrew's Day is a bank holiday in Scotland
only); Tuesday 1 and Wednesday 2 December 2026 are working days. The default
contact policy works 09:00-17:00 and sends reminders at 10:00 one day before.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.contact import (
    Appointment,
    ContactPolicy,
    Enclosure,
    check_against_preferences,
    plan_first_contact,
    plan_reminders,
    preference_conflicts,
    propose_slots,
)
from parentinfant.errors import InvalidAppointment, InvalidFamily
from parentinfant.family import ContactChannel, Family, Infant, Parent, TimeWindow
from parentinfant.lifecycle import CaseState, apply, open_case, replay
from strategies import families, time_windows

D = dt.date
T = dt.time
DT = dt.datetime
BABY = Infant.born_on(D(2026, 9, 1))


def _appointment(start: dt.datetime, **overrides: object) -> Appointment:
    fields: dict[str, object] = {
        "start": start,
        "duration": dt.timedelta(hours=1),
        "session_type": "intervention",
        "mode": "clinic",
        "practitioner": "Priya",
    }
    fields.update(overrides)
    return Appointment(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- stored on the family


def test_a_parent_records_contact_times_and_a_reason_not_to_be_contacted_R_AL_4() -> None:
    parent = Parent(
        "Tom",
        "partner",
        phone="07700 900002",
        contact_times=TimeWindow(T(12), T(13)),
        do_not_contact="safety concern: shared phone with ex-partner",
    )
    assert parent.contact_times == (TimeWindow(T(12), T(13)),)
    assert parent.do_not_contact == "safety concern: shared phone with ex-partner"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contact_times": ["12:00-13:00"]}, "contact_times"),
        ({"contact_times": "12:00-13:00"}, "contact_times"),
        ({"do_not_contact": "   "}, "do_not_contact"),
        ({"do_not_contact": 1}, "do_not_contact"),
    ],
)
def test_bad_parent_preferences_are_refused_naming_the_field_R_AL_4(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidFamily) as excinfo:
        Parent("Ana", "mother", **fields)  # type: ignore[arg-type]
    assert excinfo.value.field == field
    assert "R-AL-4" in str(excinfo.value)


@pytest.mark.parametrize("bad", [7, [-1], [True], "monday", [0, 9]])
def test_unsuitable_days_must_be_weekday_numbers_R_AL_4(bad: object) -> None:
    with pytest.raises(InvalidFamily) as excinfo:
        Family(parents=[Parent("Ana", "mother")], infant=BABY, unsuitable_days=bad)  # type: ignore[arg-type]
    assert excinfo.value.field == "unsuitable_days"


def test_unsuitable_days_are_sorted_and_deduplicated() -> None:
    fam = Family(parents=[Parent("Ana", "mother")], infant=BABY, unsuitable_days=[4, 0, 4])
    assert fam.unsuitable_days == (0, 4)


# --------------------------------------------------------------------------- first contact


def test_first_contact_leaves_out_a_parent_whose_record_says_not_to_contact_R_AL_4() -> None:
    fam = Family(
        parents=[
            Parent("Ana", "mother", phone="07700 900001"),
            Parent("Tom", "partner", phone="07700 900002", do_not_contact="safety concern"),
        ],
        infant=BABY,
    )
    plan = plan_first_contact(fam)
    assert [m.recipient for m in plan.messages] == ["Ana"]
    assert plan.not_contacted == (("Tom", "safety concern"),)


def test_a_reason_given_at_planning_adds_to_the_recorded_one_R_AL_4() -> None:
    fam = Family(
        parents=[Parent("Ana", "mother", phone="07700 900001", do_not_contact="in refuge")],
        infant=BABY,
    )
    plan = plan_first_contact(fam, do_not_contact={"Ana": "social worker to make contact"})
    assert plan.not_contacted == (("Ana", "in refuge; social worker to make contact"),)


def test_a_call_carries_the_times_the_parent_can_be_called_R_AL_4() -> None:
    lunch = TimeWindow(T(12), T(13))
    fam = Family(
        parents=[Parent("Ana", "mother", phone="07700 900001", contact_times=[lunch])],
        infant=BABY,
    )
    (welcome,) = plan_first_contact(fam, policy=ContactPolicy(first_channel="phone")).messages
    assert welcome.channel is ContactChannel.PHONE
    assert welcome.contact_times == (lunch,)


def test_a_letter_carries_no_contact_times() -> None:
    fam = Family(
        parents=[
            Parent("Ana", "mother", address="1 Elm Row", contact_times=[TimeWindow(T(12), T(13))])
        ],
        infant=BABY,
    )
    (welcome,) = plan_first_contact(fam).messages
    assert welcome.channel is ContactChannel.LETTER
    assert welcome.contact_times == ()


# --------------------------------------------------------------------------- reminders


def _reminder_family(**parent_fields: object) -> Family:
    return Family(
        parents=[Parent("Ana", "mother", phone="07700 900001", **parent_fields)],  # type: ignore[arg-type]
        infant=BABY,
    )


def test_reminder_moves_into_the_parents_contact_time_R_AL_4() -> None:
    fam = _reminder_family(contact_times=[TimeWindow(T(13), T(14))])
    sent, skipped = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert [r.at for r in sent] == [DT(2026, 12, 1, 13)]
    assert "R-AL-4" in sent[0].reason
    assert skipped == ()


def test_reminder_already_inside_the_contact_time_stays_R_AL_4() -> None:
    fam = _reminder_family(contact_times=[TimeWindow(T(9, 30), T(11))])
    sent, _ = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert [r.at for r in sent] == [DT(2026, 12, 1, 10)]


def test_reminder_goes_at_the_later_of_window_start_and_opening_R_AL_4() -> None:
    # The parent can take texts from 07:00 to 09:30; the team opens at 09:00.
    fam = _reminder_family(contact_times=[TimeWindow(T(7), T(9, 30))])
    sent, _ = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert [r.at for r in sent] == [DT(2026, 12, 1, 9)]


def test_no_reminder_when_the_parents_times_are_all_out_of_hours_R_AL_4() -> None:
    fam = _reminder_family(contact_times=[TimeWindow(T(18), T(20))])
    sent, skipped = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert sent == ()
    assert skipped == (
        ("Ana", "no time the parent said they can be contacted falls within working hours"),
    )


def test_no_reminder_for_a_parent_whose_record_says_not_to_contact_R_AL_4() -> None:
    fam = _reminder_family(do_not_contact="asked for no texts")
    sent, skipped = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert sent == ()
    assert skipped == (("Ana", "asked for no texts"),)


@given(st.lists(time_windows(), min_size=1, max_size=3))
def test_every_reminder_falls_in_the_parents_times_and_working_hours_R_AL_4(
    windows: list[TimeWindow],
) -> None:
    fam = _reminder_family(contact_times=windows)
    policy = ContactPolicy(reminder_days_before=(1, 2))
    start = DT(2026, 12, 3, 16, 30)
    sent, skipped = plan_reminders(start, fam, policy=policy)
    for reminder in sent:
        assert any(w.start <= reminder.at.time() < w.end for w in windows)
        assert T(9) <= reminder.at.time() < T(17)
        assert reminder.at < start
    # The parent is either reminded or listed with the reason: never silently dropped.
    assert bool(sent) != bool(skipped)


# --------------------------------------------------------------------------- appointments


def test_slots_skip_the_days_and_times_the_family_said_do_not_suit_R_AL_4() -> None:
    fam = Family(
        parents=[Parent("Ana", "mother")],
        infant=BABY,
        unsuitable_days=[0],  # Monday
        unsuitable_times=[TimeWindow(T(9), T(12))],
    )
    slots = propose_slots(
        first_day=D(2026, 11, 30), days=2, duration=dt.timedelta(hours=1), family=fam
    )
    assert {s.date() for s in slots} == {D(2026, 12, 1)}
    assert min(s.time() for s in slots) == T(12)


@given(families(), st.integers(min_value=1, max_value=14))
def test_every_proposed_slot_passes_the_preference_check_R_AL_4(fam: Family, days: int) -> None:
    slots = propose_slots(
        first_day=D(2026, 11, 30), days=days, duration=dt.timedelta(minutes=90), family=fam
    )
    for start in slots:
        appt = _appointment(start, duration=dt.timedelta(minutes=90))
        assert preference_conflicts(appt, fam) == ()
        assert check_against_preferences(appt, fam) is appt


def test_booking_against_a_stated_time_needs_a_recorded_reason_R_AL_4() -> None:
    fam = Family(
        parents=[Parent("Ana", "mother")],
        infant=BABY,
        unsuitable_times=[TimeWindow(T(14, 30), T(16))],
    )
    appt = _appointment(DT(2026, 12, 1, 14))
    with pytest.raises(InvalidAppointment) as excinfo:
        check_against_preferences(appt, fam)
    assert excinfo.value.field == "start"
    assert "14:30-16:00 does not suit the family" in str(excinfo.value)
    agreed = attrs.evolve(appt, against_preferences="only slot before Christmas; Ana agreed")
    assert check_against_preferences(agreed, fam) is agreed


def test_an_appointment_touching_but_not_overlapping_a_window_is_fine_R_AL_4() -> None:
    fam = Family(
        parents=[Parent("Ana", "mother")], infant=BABY, unsuitable_times=[TimeWindow(T(11), T(12))]
    )
    assert preference_conflicts(_appointment(DT(2026, 12, 1, 10)), fam) == ()
    assert preference_conflicts(_appointment(DT(2026, 12, 1, 12)), fam) == ()


def test_an_empty_reason_against_preferences_is_refused_R_AL_4() -> None:
    with pytest.raises(InvalidAppointment) as excinfo:
        _appointment(DT(2026, 12, 1, 10), against_preferences=" ")
    assert excinfo.value.field == "against_preferences"


# --------------------------------------------------------------------------- logged once sent


def test_a_planned_message_once_sent_is_logged_on_the_case_R_AL_4() -> None:
    fam = Family(
        parents=[Parent("Ana", "mother", phone="07700 900001", address="1 Elm Row")],
        infant=BABY,
    )
    plan = plan_first_contact(
        fam, policy=ContactPolicy(confirm_by_letter=True, enclosures=[Enclosure.LEAFLET])
    )
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 9))
    for at, message in zip((DT(2026, 11, 3, 9), DT(2026, 11, 3, 10)), plan.messages, strict=True):
        case, _ = apply(case, message.as_communication(), at=at)
    assert case.state is CaseState.RECEIVED
    summaries = [(c.channel, c.summary, c.with_whom) for c in case.communications]
    assert summaries == [
        (ContactChannel.TEXT, "welcome by text", "Ana"),
        (ContactChannel.LETTER, "confirmation by letter, with: leaflet", "Ana"),
    ]
    assert replay(case.events) == case


def test_a_reminder_once_sent_is_logged_on_the_case_R_AL_4() -> None:
    fam = Family(parents=[Parent("Ana", "mother", phone="07700 900001")], infant=BABY)
    start = DT(2026, 12, 2, 10)
    (reminder,), _ = plan_reminders(start, fam)
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 9))
    case, _ = apply(case, reminder.as_communication(start), at=reminder.at)
    (logged,) = case.communications
    assert (logged.channel, logged.with_whom) == (ContactChannel.TEXT, "Ana")
    assert logged.summary == "reminder of the appointment on Wed 02 Dec 2026 at 10:00"


def test_a_parent_it_is_not_safe_to_contact_is_left_out_with_the_reason_R_REC_5() -> None:
    fam = Family(
        parents=[
            Parent("Ana", "mother", phone="07700 900001"),
            Parent("Tom", "father", phone="07700 900002", contact_safe=False),
        ],
        infant=BABY,
    )
    plan = plan_first_contact(fam)
    assert [m.recipient for m in plan.messages] == ["Ana"]
    assert plan.not_contacted == (("Tom", "contact is not safe for mother and child (R-REC-5)"),)
    sent, skipped = plan_reminders(DT(2026, 12, 2, 10), fam)
    assert [r.recipient for r in sent] == ["Ana"]
    assert skipped == (("Tom", "contact is not safe for mother and child (R-REC-5)"),)


def test_no_copy_of_a_letter_goes_to_a_parent_it_is_not_safe_to_contact_R_REC_5_R_AP_6() -> None:
    from parentinfant.contact import letter_after

    fam = Family(
        parents=[
            Parent("Ana", "mother"),
            Parent("Tom", "father", contact_safe=False),
            Parent("Sam", "partner", do_not_contact="court order"),
        ],
        infant=BABY,
    )
    visit = _appointment(DT(2026, 12, 1, 10), attendance="attended", attended_by=["Ana"])
    letter = letter_after(visit, fam, absent_parents_permitted={"Tom": True, "Sam": True})
    assert letter.copies == ()
    assert letter.withheld == (
        ("Tom", "contact is not safe for mother and child (R-REC-5)"),
        ("Sam", "court order"),
    )
