"""NHS numbers, the record's identity over time, and notes written on time (R-REC-2, R-REC-3, R-REC-7).

NHS number check digits are worked by hand with the Modulus 11 rule (weights
10 down to 2 on the first nine digits; 11 minus the remainder of the sum on
division by 11; 11 reads as 0; 10 means no valid number):

- 943 476 591: 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 = 27 x 11 + 2;
  11 - 2 = 9, so 943 476 5919 is valid.
- 123 456 789: 10 + 18 + 24 + 28 + 30 + 30 + 28 + 24 + 18 = 210; 210 = 19 x 11 + 1;
  11 - 1 = 10: no valid number starts 123 456 789.
- 000 000 001: 2; 11 - 2 = 9: 000 000 0019.
- 000 000 011: 3 + 2 = 5; 11 - 5 = 6: 000 000 0116.
- 000 000 000: 0; 11 - 0 = 11, read as 0: 000 000 0000.

Calendar facts: Friday 27 November 2026, Monday 30 November 2026 (St Andrew's
Day is a bank holiday in Scotland only), Friday 25 December 2026 (Christmas)
and Monday 28 December 2026 (the Boxing Day substitute) in England.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.contact import Appointment
from parentinfant.errors import InvalidFamily, InvalidNhsNumber, InvalidRecord
from parentinfant.family import Family, Infant, Parent
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    LogCommunication,
    RecordAttendance,
    RecordContactAttempt,
    StartScreening,
    apply,
    open_case,
)
from parentinfant.records import (
    Contact,
    NhsNumber,
    RecordKeepingPolicy,
    contacts_needing_notes,
    is_valid_nhs_number,
    notes_overdue,
    open_record,
)
from parentinfant.workdays import WorkingCalendar
from strategies import nhs_numbers

D = dt.date
DT = dt.datetime

# --------------------------------------------------------------------------- NHS numbers


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        ("0000000019", "0000000019"),
        ("0000000116", "0000000116"),
        ("0000000000", "0000000000"),
    ],
)
def test_valid_nhs_numbers_are_kept_as_their_digits_R_REC_2(text: str, digits: str) -> None:
    assert NhsNumber(text).digits == digits


@pytest.mark.parametrize(
    "text",
    ["943 476 5918", "1234567890", "1234567891", "943 476 591", "94347659190", "943476591X", ""],
)
def test_an_invalid_nhs_number_is_a_typed_error_naming_the_value_R_REC_2(text: str) -> None:
    with pytest.raises(InvalidNhsNumber) as excinfo:
        NhsNumber(text)
    assert excinfo.value.field == "nhs_number"
    assert repr(text) in str(excinfo.value)
    assert not is_valid_nhs_number(text)


def test_a_number_with_no_possible_check_digit_says_so_R_REC_2() -> None:
    with pytest.raises(InvalidNhsNumber) as excinfo:
        NhsNumber("1234567890")
    assert str(excinfo.value) == (
        "nhs_number must end in its Modulus 11 check digit (R-REC-2), got '1234567890'"
    )


def test_a_number_that_is_not_text_is_refused_R_REC_2() -> None:
    with pytest.raises(InvalidNhsNumber):
        NhsNumber(9434765919)  # type: ignore[arg-type]


def test_a_parent_or_baby_never_holds_an_invalid_nhs_number_R_REC_2() -> None:
    with pytest.raises(InvalidNhsNumber):
        Parent("Ama", "mother", nhs_number="943 476 5918")
    with pytest.raises(InvalidNhsNumber):
        Infant.born_on(D(2026, 9, 1)).__class__(
            born=True, date_of_birth=D(2026, 9, 1), nhs_number="1234567890"
        )
    assert Parent("Ama", "mother", nhs_number="9434765919").nhs_number == NhsNumber("943 476 5919")


@given(nhs_numbers(), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_changing_any_one_digit_breaks_the_check_R_REC_2(number: str, at: int, by: int) -> None:
    # Modulus 11 with weights 10..2 (and the check digit's own weight 1) catches
    # every single-digit error: the change is weight x by, never a multiple of 11.
    changed = number[:at] + str((int(number[at]) + by) % 10) + number[at + 1 :]
    assert is_valid_nhs_number(number)
    assert not is_valid_nhs_number(changed)


@given(nhs_numbers())
def test_formatting_round_trips_R_REC_2(number: str) -> None:
    formatted = NhsNumber(number).formatted
    assert formatted.replace(" ", "") == number
    assert NhsNumber(formatted) == NhsNumber(number)


# --------------------------------------------------------------------------- identity (R-REC-3)

UNBORN = Family(
    parents=[
        Parent("Tom Reid", "father"),
        Parent("Ama Reid", "mother", date_of_birth=D(1999, 5, 1)),
    ],
    infant=Infant.unborn(D(2027, 2, 14)),
)


def test_an_antenatal_child_record_is_baby_of_the_mother_with_the_due_date_estimated_R_REC_3() -> (
    None
):
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    v = record.current
    assert (v.name, v.date_of_birth, v.estimated, v.reason) == (
        "Baby of Ama Reid",
        D(2027, 2, 14),
        True,
        "opened",
    )


def test_recording_the_birth_adds_a_version_and_keeps_the_first_R_REC_3() -> None:
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    born = record.record_birth(name="Kofi Reid", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 12))
    assert born.versions[0] == record.current
    assert (born.current.name, born.current.date_of_birth, born.current.estimated) == (
        "Kofi Reid",
        D(2027, 2, 9),
        False,
    )
    assert len(record.versions) == 1  # the record it came from is unchanged


def test_a_parent_named_record_is_the_mothers_and_the_birth_does_not_change_it_R_REC_2() -> None:
    record = open_record(UNBORN, "parent", opened_on=D(2026, 11, 2))
    assert (record.current.name, record.current.date_of_birth) == ("Ama Reid", D(1999, 5, 1))
    assert (
        record.record_birth(name="Kofi", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 9))
        is record
    )


def test_a_birth_recorded_before_the_record_opened_is_refused_R_REC_3() -> None:
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as excinfo:
        record.record_birth(name="Kofi", born_on=D(2026, 10, 1), recorded_on=D(2026, 10, 2))
    assert excinfo.value.field == "recorded_on"


@pytest.mark.parametrize("bad", ["2026-11-02", DT(2026, 11, 2, 9)])
def test_opening_needs_a_date_R_REC_3(bad: object) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        open_record(UNBORN, "child", opened_on=bad)  # type: ignore[arg-type]
    assert excinfo.value.field == "opened_on"


def test_an_unknown_holder_is_refused_R_REC_2() -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        open_record(UNBORN, "grandparent", opened_on=D(2026, 11, 2))
    assert excinfo.value.field == "holder"


def test_fathers_and_partners_record_what_the_work_needs_R_REC_5() -> None:
    tom = Parent(
        "Tom Reid",
        "father",
        phone="07700 900002",
        relationship_to_baby="birth father, lives apart",
        parental_responsibility=True,
        contact_safe=False,
    )
    assert (tom.relationship_to_baby, tom.parental_responsibility, tom.contact_safe) == (
        "birth father, lives apart",
        True,
        False,
    )
    with pytest.raises(InvalidFamily) as excinfo:
        Parent("Tom", "father", parental_responsibility="yes")  # type: ignore[arg-type]
    assert excinfo.value.field == "parental_responsibility"


# --------------------------------------------------------------------------- notes (R-REC-7)

POLICY = RecordKeepingPolicy(system="the trust's electronic record", write_up_working_days=1)


def _contact(at: dt.datetime, cid: str = "R-1/4") -> Contact:
    return Contact(id=cid, case_id="R-1", at=at, kind="appointment", practitioner="Priya")


def test_notes_from_a_friday_are_due_on_monday_R_REC_7() -> None:
    (late,) = notes_overdue(
        [_contact(DT(2026, 11, 27, 15))], {}, policy=POLICY, today=D(2026, 12, 1)
    )
    # Friday 27 Nov + 1 working day = Monday 30 Nov; Tuesday 1 Dec is 1 working day late.
    assert (late.due, late.working_days_late) == (D(2026, 11, 30), 1)


def test_notes_due_today_are_not_yet_overdue_R_REC_7() -> None:
    assert (
        notes_overdue([_contact(DT(2026, 11, 27, 15))], {}, policy=POLICY, today=D(2026, 11, 30))
        == ()
    )


def test_notes_written_are_not_overdue_even_if_written_late_R_REC_7() -> None:
    written = {"R-1/4": DT(2026, 12, 3, 9)}
    assert (
        notes_overdue(
            [_contact(DT(2026, 11, 27, 15))], written, policy=POLICY, today=D(2026, 12, 4)
        )
        == ()
    )


def test_the_due_day_skips_bank_holidays_of_the_teams_nation_R_REC_7() -> None:
    # Thursday 24 Dec + 1 working day in England: Fri 25 and Mon 28 are bank holidays -> Tue 29.
    (late,) = notes_overdue(
        [_contact(DT(2026, 12, 24, 10))], {}, policy=POLICY, today=D(2026, 12, 31)
    )
    assert late.due == D(2026, 12, 29)
    # In Scotland Monday 30 Nov is St Andrew's Day: Friday 27 Nov + 1 -> Tuesday 1 Dec.
    (scot,) = notes_overdue(
        [_contact(DT(2026, 11, 27, 15))],
        {},
        policy=POLICY,
        today=D(2026, 12, 3),
        calendar=WorkingCalendar("scotland"),
    )
    assert scot.due == D(2026, 12, 1)


def test_same_day_notes_are_due_the_same_day_R_REC_7() -> None:
    same_day = RecordKeepingPolicy(system="paper file", write_up_working_days=0)
    (late,) = notes_overdue(
        [_contact(DT(2026, 11, 30, 10))], {}, policy=same_day, today=D(2026, 12, 1)
    )
    assert (late.due, late.working_days_late) == (D(2026, 11, 30), 1)


def test_overdue_notes_are_listed_oldest_first_R_REC_7() -> None:
    contacts = [_contact(DT(2026, 11, 30, 10), "R-1/9"), _contact(DT(2026, 11, 26, 10), "R-1/5")]
    assert [
        o.contact.id for o in notes_overdue(contacts, {}, policy=POLICY, today=D(2026, 12, 7))
    ] == [
        "R-1/5",
        "R-1/9",
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"system": ""}, "system"),
        ({"system": "x", "write_up_working_days": -1}, "write_up_working_days"),
        ({"system": "x", "write_up_working_days": True}, "write_up_working_days"),
        ({"system": "x", "retention_years": 0}, "retention_years"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_field_R_REC_7(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        RecordKeepingPolicy(**fields)  # type: ignore[arg-type]
    assert excinfo.value.field == field


def test_the_contacts_that_need_notes_come_from_the_case_R_REC_7() -> None:
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 9))
    appointment = Appointment(
        start=DT(2026, 11, 10, 10),
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner="Grace",
    )
    for command, at in (
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (RecordContactAttempt(channel="phone", outcome="no-answer"), DT(2026, 11, 3, 10)),
        (
            RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
            DT(2026, 11, 4, 10),
        ),
        (BookAppointment(appointment=appointment), DT(2026, 11, 4, 11)),
        (LogCommunication(channel="text", summary="Reminder sent"), DT(2026, 11, 9, 10)),
        (
            LogCommunication(
                channel="phone", summary="Rang to say running late", direction="from-family"
            ),
            DT(2026, 11, 10, 9),
        ),
    ):
        case, _ = apply(case, command, at=at)
    case, _ = apply(
        case,
        RecordAttendance(start=appointment.start, attendance="attended"),
        at=DT(2026, 11, 10, 12),
    )
    # Unanswered attempts and messages to the family need no notes; the call that
    # reached them, the family's call and the attended appointment (by its own
    # practitioner) do.
    assert [(c.id, c.kind.value, c.practitioner) for c in contacts_needing_notes(case)] == [
        ("R-1/5", "contact-attempt", "Priya"),
        ("R-1/8", "communication", "Priya"),
        ("R-1/9", "appointment", "Grace"),
    ]


def test_a_birth_cannot_be_recorded_twice_R_REC_3() -> None:
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    born = record.record_birth(name="Kofi Reid", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 12))
    with pytest.raises(InvalidRecord) as excinfo:
        born.record_birth(name="Kofi A. Reid", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 20))
    assert excinfo.value.field == "born_on"
    assert "already shows a birth on 2027-02-09" in str(excinfo.value)
