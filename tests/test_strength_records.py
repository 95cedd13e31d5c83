"""Whose name a record is in, its identity over time and notes on time, asserted to the word.

Covers `parentinfant.records` (R-REC-2, R-REC-3) and its record-keeping helpers
(R-REC-3, R-REC-7). Every refusal is checked for its error type, ``field``,
``rule``, ``value`` and the message that names them (``"{field} {requirement}
({rule}), got {value!r}"``, the contract of `parentinfant.errors.InvalidValue`).
Lists of allowed values are typed out from the enumerations' documented wire
values, never read back from the code.

Calendar facts used (England): Thursday 26 November 2026, Friday 27 November,
Saturday 28 November, Monday 30 November, Tuesday 1 December; no bank holiday
falls between them in England.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from parentinfant.contact import Appointment
from parentinfant.errors import InvalidPolicy, InvalidRecord, InvalidValue
from parentinfant.family import Family, Infant, Parent
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    LogCommunication,
    Reallocate,
    RecordAttendance,
    RecordContactAttempt,
    StartScreening,
    apply,
    open_case,
)
from parentinfant.records import (
    Contact,
    ContactKind,
    HostSetting,
    RecordHolder,
    RecordIdentity,
    RecordKeepingPolicy,
    RecordVersion,
    contacts_needing_notes,
    notes_overdue,
    open_record,
    record_date_of_birth,
    record_holder_for,
    record_holder_reason,
    record_name,
)

D = dt.date
DT = dt.datetime

SETTINGS = (
    "'camhs', 'health-visiting', 'childrens-social-care', 'perinatal-mental-health', 'charity'"
)
HOLDERS = "'child', 'parent'"
CONTACT_KINDS = "'appointment', 'contact-attempt', 'communication'"


def assert_refusal(
    error: InvalidValue, *, field: str, rule: str, value: object, requirement: str
) -> None:
    """The error names its field, rule and value, and its message says all three."""
    assert (error.field, error.rule) == (field, rule)
    assert error.value == value
    assert type(error.value) is type(value)
    assert str(error) == f"{field} {requirement} ({rule}), got {value!r}"


UNBORN = Family(
    parents=[
        Parent("Tom Reid", "father", date_of_birth=D(1997, 3, 9)),
        Parent("Ama Reid", "mother", date_of_birth=D(1999, 5, 1)),
    ],
    infant=Infant.unborn(D(2027, 2, 14)),
)
BORN = Family(
    parents=[Parent("Ama Reid", "mother", date_of_birth=D(1999, 5, 1))],
    infant=Infant.born_on(D(2027, 2, 9), expected_due_date=D(2027, 2, 14), name="Kofi Reid"),
)
FATHERS = Family(
    parents=[
        Parent("Tom Reid", "father", date_of_birth=D(1997, 3, 9)),
        Parent("Sam Cole", "partner"),
    ],
    infant=Infant.unborn(D(2027, 2, 14)),
)

# --------------------------------------------------------------------------- R-REC-2: whose name


@pytest.mark.parametrize(
    ("setting", "holder"),
    [
        ("camhs", RecordHolder.CHILD),
        ("health-visiting", RecordHolder.CHILD),
        ("childrens-social-care", RecordHolder.CHILD),
        ("perinatal-mental-health", RecordHolder.PARENT),
        ("charity", RecordHolder.PARENT),
    ],
    ids=["camhs", "health-visiting", "social-care", "perinatal", "charity"],
)
def test_each_host_setting_keeps_records_in_the_name_the_rule_gives(
    setting: str, holder: RecordHolder
) -> None:
    """R-REC-2: CAMHS, health visiting, social care: child; perinatal and charities: parent."""
    assert record_holder_for(setting) is holder
    assert record_holder_for(HostSetting(setting)) is holder


CHILD_REASON = (
    "the team sits in {}, which keeps records in the child's name: the record follows "
    "the child, for example into care (R-REC-2)"
)
PARENT_REASON = (
    "the team sits in {}, which keeps records in a parent's name: the child, and an "
    "abusive or separated parent, stay out of the notes, and safeguarding links across "
    "children with different surnames (R-REC-2)"
)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("camhs", CHILD_REASON.format("CAMHS")),
        ("health-visiting", CHILD_REASON.format("health visiting")),
        ("childrens-social-care", CHILD_REASON.format("children's social care")),
        ("perinatal-mental-health", PARENT_REASON.format("perinatal (adult) mental health")),
        ("charity", PARENT_REASON.format("a charity")),
    ],
    ids=["camhs", "health-visiting", "social-care", "perinatal", "charity"],
)
def test_the_reason_for_the_record_holder_names_the_setting_and_why(
    setting: str, expected: str
) -> None:
    """R-REC-2: the reason gives the setting in words and the rule's own justification."""
    assert record_holder_reason(setting) == expected


@pytest.mark.parametrize("ask", [record_holder_for, record_holder_reason], ids=["for", "reason"])
def test_an_unknown_host_setting_is_a_policy_error_listing_the_settings(ask: Any) -> None:
    """R-REC-2: only the five host settings the rule names are known."""
    with pytest.raises(InvalidPolicy) as info:
        ask("hospital")
    assert_refusal(
        info.value,
        field="setting",
        rule="R-REC-2",
        value="hospital",
        requirement=f"must be one of {SETTINGS}",
    )


@pytest.mark.parametrize(
    ("ask", "rule"),
    [(record_name, "R-REC-2"), (record_date_of_birth, "R-REC-3")],
    ids=["name", "date-of-birth"],
)
def test_an_unknown_record_holder_is_a_policy_error_listing_child_and_parent(
    ask: Any, rule: str
) -> None:
    """R-REC-2, R-REC-3: a record is in the child's or a parent's name, nothing else."""
    with pytest.raises(InvalidPolicy) as info:
        ask(UNBORN, "grandparent")
    assert_refusal(
        info.value,
        field="holder",
        rule=rule,
        value="grandparent",
        requirement=f"must be one of {HOLDERS}",
    )


def test_a_parent_named_record_is_the_mothers_even_when_listed_second() -> None:
    """R-REC-2: a parent-named record is in the mother's name."""
    assert record_name(UNBORN, "parent") == "Ama Reid"
    assert record_date_of_birth(UNBORN, RecordHolder.PARENT) == D(1999, 5, 1)


def test_without_a_mother_the_record_is_in_the_first_parents_name() -> None:
    """R-REC-2, R-REC-3: with no mother recorded, the first parent stands in."""
    assert record_name(FATHERS, "parent") == "Tom Reid"
    assert record_name(FATHERS, "child") == "Baby of Tom Reid"
    assert record_date_of_birth(FATHERS, "parent") == D(1997, 3, 9)


def test_a_parent_named_record_shows_no_date_of_birth_when_none_is_known() -> None:
    """R-REC-2: the parent's date of birth, only if known."""
    family = Family(parents=[Parent("Ama Reid", "mother")], infant=Infant.unborn(D(2027, 2, 14)))
    assert record_date_of_birth(family, "parent") is None


def test_a_born_baby_shows_the_real_date_of_birth_not_the_due_date() -> None:
    """R-REC-3: the due date stands in only until the baby is born."""
    assert record_date_of_birth(BORN, "child") == D(2027, 2, 9)
    assert record_date_of_birth(UNBORN, "child") == D(2027, 2, 14)
    assert record_name(BORN, "child") == "Kofi Reid"


def test_a_born_baby_not_yet_named_is_still_baby_of_the_mother() -> None:
    """R-REC-3: "Baby of [mother's name]" until the baby is born and named."""
    family = Family(parents=[Parent("Ama Reid", "mother")], infant=Infant.born_on(D(2027, 2, 9)))
    assert record_name(family, "child") == "Baby of Ama Reid"


# --------------------------------------------------------------------------- R-REC-3: identity


def test_opening_a_child_record_for_a_born_baby_is_not_estimated() -> None:
    """R-REC-3: only an unborn baby's date of birth is an estimate (its due date)."""
    version = open_record(BORN, "child", opened_on=D(2027, 3, 1)).current
    assert version == RecordVersion(
        name="Kofi Reid",
        date_of_birth=D(2027, 2, 9),
        estimated=False,
        from_day=D(2027, 3, 1),
        reason="opened",
    )


def test_opening_a_parent_record_is_never_estimated_and_keeps_its_holder() -> None:
    """R-REC-2, R-REC-3: a parent-named record shows the parent, not the baby's due date."""
    record = open_record(UNBORN, RecordHolder.PARENT, opened_on=D(2026, 11, 2))
    assert record.holder is RecordHolder.PARENT
    assert (record.current.name, record.current.estimated) == ("Ama Reid", False)


def test_opening_with_an_unknown_holder_is_a_record_error_listing_the_holders() -> None:
    """R-REC-2: the holder is the child or a parent."""
    with pytest.raises(InvalidRecord) as info:
        open_record(UNBORN, "grandparent", opened_on=D(2026, 11, 2))
    assert_refusal(
        info.value,
        field="holder",
        rule="R-REC-2",
        value="grandparent",
        requirement=f"must be one of {HOLDERS}",
    )


@pytest.mark.parametrize(
    "bad", ["2026-11-02", DT(2026, 11, 2, 9), None], ids=["text", "datetime", "none"]
)
def test_opening_on_something_not_a_date_is_refused_naming_it(bad: object) -> None:
    """R-REC-3: a version takes effect on a day."""
    with pytest.raises(InvalidRecord) as info:
        open_record(UNBORN, "child", opened_on=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="opened_on", rule="R-REC-3", value=bad, requirement="must be a date"
    )


def test_a_version_needs_a_name() -> None:
    """R-REC-3: every version says whom the record is about."""
    with pytest.raises(InvalidRecord) as info:
        RecordVersion(
            name=" ", date_of_birth=None, estimated=False, from_day=D(2026, 11, 2), reason=""
        )
    assert_refusal(
        info.value, field="name", rule="R-REC-3", value=" ", requirement="must be non-empty text"
    )


def _version(day: dt.date) -> RecordVersion:
    return RecordVersion(
        name="Baby of Ama Reid",
        date_of_birth=D(2027, 2, 14),
        estimated=True,
        from_day=day,
        reason="opened",
    )


def test_an_identity_without_any_version_is_refused() -> None:
    """R-REC-3: a record always shows some name (history is only added to)."""
    with pytest.raises(InvalidRecord) as info:
        RecordIdentity(holder=RecordHolder.CHILD, versions=())
    assert_refusal(
        info.value,
        field="versions",
        rule="R-REC-3",
        value=(),
        requirement="must hold at least one version",
    )


def test_an_identity_with_versions_out_of_date_order_is_refused_listing_the_days() -> None:
    """R-REC-3: the history is kept oldest first."""
    versions = (_version(D(2026, 11, 9)), _version(D(2026, 11, 2)))
    with pytest.raises(InvalidRecord) as info:
        RecordIdentity(holder=RecordHolder.CHILD, versions=versions)
    assert_refusal(
        info.value,
        field="versions",
        rule="R-REC-3",
        value=[D(2026, 11, 9), D(2026, 11, 2)],
        requirement="must be in date order",
    )
    same_day = (_version(D(2026, 11, 2)), _version(D(2026, 11, 2)))
    assert RecordIdentity(holder=RecordHolder.CHILD, versions=same_day).versions == same_day


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("born_on", "2027-02-09"),
        ("born_on", DT(2027, 2, 9, 4)),
        ("recorded_on", "2027-02-12"),
        ("recorded_on", DT(2027, 2, 12, 9)),
    ],
    ids=["born-text", "born-datetime", "recorded-text", "recorded-datetime"],
)
def test_recording_a_birth_needs_plain_dates(field: str, bad: object) -> None:
    """R-REC-3: the birth and the day it is recorded are days."""
    dates: dict[str, object] = {"born_on": D(2027, 2, 9), "recorded_on": D(2027, 2, 12)}
    dates[field] = bad
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as info:
        record.record_birth(name="Kofi Reid", **dates)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field=field, rule="R-REC-3", value=bad, requirement="must be a date"
    )


def test_a_birth_recorded_before_it_happened_is_refused_naming_the_birth_day() -> None:
    """R-REC-3: the record is updated once the baby is born, not before."""
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as info:
        record.record_birth(name="Kofi", born_on=D(2027, 2, 20), recorded_on=D(2027, 2, 19))
    assert_refusal(
        info.value,
        field="recorded_on",
        rule="R-REC-3",
        value=D(2027, 2, 19),
        requirement="must not be before born_on (2027-02-20)",
    )


def test_a_birth_recorded_before_the_last_version_is_refused_naming_that_day() -> None:
    """R-REC-3: versions are only ever added after the ones there."""
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as info:
        record.record_birth(name="Kofi", born_on=D(2026, 10, 1), recorded_on=D(2026, 11, 1))
    assert_refusal(
        info.value,
        field="recorded_on",
        rule="R-REC-3",
        value=D(2026, 11, 1),
        requirement="must not be before the record's last version (2026-11-02)",
    )


def test_a_birth_may_be_recorded_on_the_day_the_record_opened_and_the_day_of_birth() -> None:
    """R-REC-3: "not before" includes the same day, both for the last version and the birth."""
    record = open_record(UNBORN, "child", opened_on=D(2027, 2, 9))
    born = record.record_birth(name="Kofi Reid", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 9))
    assert born.current == RecordVersion(
        name="Kofi Reid",
        date_of_birth=D(2027, 2, 9),
        estimated=False,
        from_day=D(2027, 2, 9),
        reason="birth recorded",
    )


def test_a_parent_named_record_still_refuses_a_birth_recorded_before_it_happened() -> None:
    """R-REC-3: the dates are checked whoever's name the record is in."""
    record = open_record(UNBORN, "parent", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as info:
        record.record_birth(name="Kofi", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 8))
    assert info.value.field == "recorded_on"


def test_a_second_birth_is_refused_naming_the_birth_already_shown() -> None:
    """R-REC-3: the due date is replaced once; after that the record shows a birth."""
    record = open_record(UNBORN, "child", opened_on=D(2026, 11, 2))
    born = record.record_birth(name="Kofi Reid", born_on=D(2027, 2, 9), recorded_on=D(2027, 2, 12))
    with pytest.raises(InvalidRecord) as info:
        born.record_birth(name="Kofi Reid", born_on=D(2027, 2, 10), recorded_on=D(2027, 2, 20))
    assert_refusal(
        info.value,
        field="born_on",
        rule="R-REC-3",
        value=D(2027, 2, 10),
        requirement=(
            "must be recorded only while the record shows an expected due date; "
            "it already shows a birth on 2027-02-09"
        ),
    )


# --------------------------------------------------------------------------- R-REC-7: the policy


def test_the_default_policy_asks_for_notes_by_the_next_working_day() -> None:
    """R-REC-7: the placeholder default is one working day, and no retention in years."""
    policy = RecordKeepingPolicy(system="the trust's electronic record")
    assert (policy.write_up_working_days, policy.retention_years) == (1, None)
    assert (policy.retention, policy.home_working, policy.lone_working) == ("", "", "")
    contact = Contact(id="R-1/4", case_id="R-1", at=DT(2026, 11, 26, 15), kind="appointment")
    # Thursday 26 November + 1 working day = Friday 27 November.
    (late,) = notes_overdue([contact], {}, policy=policy, today=D(2026, 11, 30))
    assert late.due == D(2026, 11, 27)


@pytest.mark.parametrize("days", [0, 60], ids=["zero", "sixty"])
def test_write_up_days_from_0_to_60_are_accepted(days: int) -> None:
    """R-REC-7: the policy's days run from 0 (the same day) to 60."""
    assert (
        RecordKeepingPolicy(system="x", write_up_working_days=days).write_up_working_days == days
    )


@pytest.mark.parametrize(
    "bad", [-1, 61, True, 1.0, "1", None], ids=["negative", "61", "bool", "float", "text", "none"]
)
def test_write_up_days_outside_0_to_60_or_not_whole_are_refused(bad: object) -> None:
    """R-REC-7: a whole number of days from 0 to 60."""
    with pytest.raises(InvalidRecord) as info:
        RecordKeepingPolicy(system="x", write_up_working_days=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="write_up_working_days",
        rule="R-REC-7",
        value=bad,
        requirement="must be a whole number of days from 0 to 60",
    )


@pytest.mark.parametrize("years", [None, 1, 100], ids=["none", "one", "hundred"])
def test_retention_years_from_1_to_100_or_none_are_accepted(years: int | None) -> None:
    """R-REC-7: retention in years, when the policy states it so."""
    assert RecordKeepingPolicy(system="x", retention_years=years).retention_years == years


@pytest.mark.parametrize(
    "bad", [0, 101, False, 2.5, "8"], ids=["zero", "101", "bool", "float", "text"]
)
def test_retention_years_outside_1_to_100_are_refused(bad: object) -> None:
    """R-REC-7: a whole number of years from 1 to 100, or None."""
    with pytest.raises(InvalidRecord) as info:
        RecordKeepingPolicy(system="x", retention_years=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="retention_years",
        rule="R-REC-7",
        value=bad,
        requirement="must be a whole number of years from 1 to 100",
    )


def test_a_policy_needs_the_record_system_named() -> None:
    """R-REC-7: notes follow the host's record system, so it is named."""
    with pytest.raises(InvalidRecord) as info:
        RecordKeepingPolicy(system="")
    assert_refusal(
        info.value, field="system", rule="R-REC-7", value="", requirement="must be non-empty text"
    )


def test_an_unknown_contact_kind_is_refused_listing_the_kinds() -> None:
    """R-REC-7: appointments, contact attempts and communications need notes."""
    with pytest.raises(InvalidRecord) as info:
        Contact(id="R-1/4", case_id="R-1", at=DT(2026, 11, 3, 10), kind="visit")  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="kind",
        rule="R-REC-7",
        value="visit",
        requirement=f"must be one of {CONTACT_KINDS}",
    )
    assert (
        Contact(
            id="R-1/4", case_id="R-1", at=DT(2026, 11, 3, 10), kind=ContactKind.COMMUNICATION
        ).kind
        is ContactKind.COMMUNICATION
    )


# --------------------------------------------------------------------------- R-REC-7: contacts


def _case(*steps: tuple[Any, dt.datetime]) -> Case:
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 9))
    for command, at in steps:
        case, _ = apply(case, command, at=at)
    return case


TEN_NOV = DT(2026, 11, 10, 10)


def _appointment(practitioner: str, start: dt.datetime = TEN_NOV) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner=practitioner,
    )


def test_a_call_from_the_family_before_allocation_has_no_practitioner_yet() -> None:
    """R-REC-7: notes are due from whoever holds the case; before allocation, no one."""
    case = _case(
        (
            LogCommunication(
                channel="phone", summary="Asked about the wait", direction="from-family"
            ),
            DT(2026, 11, 2, 11),
        ),
    )
    assert contacts_needing_notes(case) == (
        Contact(
            id="R-1/2",
            case_id="R-1",
            at=DT(2026, 11, 2, 11),
            kind="communication",
            practitioner=None,
        ),
    )


@pytest.mark.parametrize(
    "outcome", ["no-answer", "message-left", "letter-sent"], ids=["no-answer", "message", "letter"]
)
def test_attempts_that_reached_no_one_need_no_notes(outcome: str) -> None:
    """R-REC-7: only an attempt that reached someone is a contact to write up."""
    case = _case(
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (RecordContactAttempt(channel="phone", outcome=outcome), DT(2026, 11, 3, 10)),
    )
    assert contacts_needing_notes(case) == ()


def test_a_reallocated_case_credits_later_contacts_to_the_new_practitioner() -> None:
    """R-REC-7: who must write the notes is whoever holds the case at the contact."""
    case = _case(
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (
            RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
            DT(2026, 11, 3, 10),
        ),
        (Reallocate(practitioner="Grace"), DT(2026, 11, 4, 9)),
        (
            LogCommunication(channel="phone", summary="Rang back", direction="from-family"),
            DT(2026, 11, 4, 10),
        ),
    )
    assert [(c.id, c.practitioner, c.at) for c in contacts_needing_notes(case)] == [
        ("R-1/4", "Priya", DT(2026, 11, 3, 10)),
        ("R-1/6", "Grace", DT(2026, 11, 4, 10)),
    ]


def test_an_appointment_cancelled_ahead_counts_from_its_own_start() -> None:
    """R-REC-7: an appointment's notes run from when it was due to happen, not from when
    a cancellation was recorded days before; an attendance recorded after the start
    counts from when it was recorded."""
    case = _case(
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (BookAppointment(appointment=_appointment("Grace")), DT(2026, 11, 4, 9)),
        (
            RecordAttendance(start=DT(2026, 11, 10, 10), attendance="cancelled-by-family"),
            DT(2026, 11, 5, 9),
        ),
        (
            BookAppointment(appointment=_appointment("Grace", DT(2026, 11, 17, 10))),
            DT(2026, 11, 5, 10),
        ),
        (
            RecordAttendance(start=DT(2026, 11, 17, 10), attendance="attended"),
            DT(2026, 11, 17, 12),
        ),
    )
    assert contacts_needing_notes(case) == (
        Contact(
            id="R-1/5",
            case_id="R-1",
            at=DT(2026, 11, 10, 10),
            kind="appointment",
            practitioner="Grace",
        ),
        Contact(
            id="R-1/7",
            case_id="R-1",
            at=DT(2026, 11, 17, 12),
            kind="appointment",
            practitioner="Grace",
        ),
    )


def test_an_appointment_rebooked_at_the_same_time_is_written_up_by_its_own_practitioner() -> None:
    """R-REC-7: the notes of an attended appointment are its practitioner's, even when an
    earlier appointment at the same time with someone else was cancelled."""
    case = _case(
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (BookAppointment(appointment=_appointment("Grace")), DT(2026, 11, 4, 9)),
        (
            RecordAttendance(start=DT(2026, 11, 10, 10), attendance="cancelled-by-team"),
            DT(2026, 11, 5, 9),
        ),
        (BookAppointment(appointment=_appointment("Sam")), DT(2026, 11, 5, 10)),
        (
            RecordAttendance(start=DT(2026, 11, 10, 10), attendance="attended"),
            DT(2026, 11, 10, 12),
        ),
    )
    assert [(c.id, c.practitioner) for c in contacts_needing_notes(case)] == [
        ("R-1/5", "Grace"),
        ("R-1/7", "Sam"),
    ]


def test_an_appointment_in_the_hour_the_clocks_go_back_is_matched_by_its_instant() -> None:
    """R-REC-7: 01:30 GMT on 25 October 2026 (the second 01:30 in London) is 01:30 UTC; an
    attendance given in UTC finds that appointment and its practitioner writes the notes."""
    london = zoneinfo.ZoneInfo("Europe/London")
    start = DT(2026, 10, 25, 1, 30, tzinfo=london, fold=1)
    case, _ = open_case("R-1", at=DT(2026, 10, 1, 9, tzinfo=dt.UTC))
    for command, at in (
        (StartScreening(), DT(2026, 10, 1, 10, tzinfo=dt.UTC)),
        (Allocate(practitioner="Priya"), DT(2026, 10, 2, 9, tzinfo=dt.UTC)),
        (
            BookAppointment(appointment=_appointment("Grace", start)),
            DT(2026, 10, 3, 9, tzinfo=dt.UTC),
        ),
        (
            RecordAttendance(start=DT(2026, 10, 25, 1, 30, tzinfo=dt.UTC), attendance="attended"),
            DT(2026, 10, 25, 3, tzinfo=dt.UTC),
        ),
    ):
        case, _ = apply(case, command, at=at)
    (contact,) = contacts_needing_notes(case)
    assert (contact.practitioner, contact.at) == ("Grace", DT(2026, 10, 25, 3, tzinfo=dt.UTC))


def test_an_aware_appointment_is_matched_by_its_instant() -> None:
    """R-REC-7: an attendance given at a fixed offset finds the appointment booked in
    another zone at the same instant, and its practitioner writes the notes."""
    london = dt.timezone(dt.timedelta(hours=1), "BST")
    start = DT(2026, 6, 10, 10, tzinfo=london)  # 09:00 UTC
    case, _ = open_case("R-1", at=DT(2026, 6, 1, 9, tzinfo=dt.UTC))
    for command, at in (
        (StartScreening(), DT(2026, 6, 1, 10, tzinfo=dt.UTC)),
        (Allocate(practitioner="Priya"), DT(2026, 6, 2, 9, tzinfo=dt.UTC)),
        (
            BookAppointment(appointment=_appointment("Grace", start)),
            DT(2026, 6, 3, 9, tzinfo=dt.UTC),
        ),
        (
            RecordAttendance(start=DT(2026, 6, 10, 9, tzinfo=dt.UTC), attendance="attended"),
            DT(2026, 6, 10, 11, tzinfo=dt.UTC),
        ),
    ):
        case, _ = apply(case, command, at=at)
    ((contact),) = contacts_needing_notes(case)
    assert (contact.practitioner, contact.at) == ("Grace", DT(2026, 6, 10, 11, tzinfo=dt.UTC))


# --------------------------------------------------------------------------- R-REC-7: overdue

POLICY = RecordKeepingPolicy(system="the trust's electronic record", write_up_working_days=1)


def _contact(at: dt.datetime, cid: str) -> Contact:
    return Contact(id=cid, case_id="R-1", at=at, kind="appointment", practitioner="Priya")


def test_notes_overdue_needs_a_policy() -> None:
    """R-REC-7: the due day comes from the team's record-keeping policy."""
    with pytest.raises(InvalidRecord) as info:
        notes_overdue([], {}, policy=1, today=D(2026, 12, 1))  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="policy",
        rule="R-REC-7",
        value=1,
        requirement="must be a RecordKeepingPolicy",
    )


def test_a_written_contact_does_not_hide_the_unwritten_ones_after_it() -> None:
    """R-REC-7: each contact is checked on its own."""
    contacts = [
        _contact(DT(2026, 11, 26, 10), "R-1/4"),
        _contact(DT(2026, 11, 26, 11), "R-1/5"),
        _contact(DT(2026, 11, 26, 12), "R-1/6"),
    ]
    overdue = notes_overdue(
        contacts, {"R-1/4": DT(2026, 11, 26, 16)}, policy=POLICY, today=D(2026, 12, 1)
    )
    # Thursday 26 Nov + 1 = Friday 27 Nov; Mon 30 Nov and Tue 1 Dec: 2 working days late.
    assert [(o.contact.id, o.due, o.working_days_late) for o in overdue] == [
        ("R-1/5", D(2026, 11, 27), 2),
        ("R-1/6", D(2026, 11, 27), 2),
    ]


def test_notes_due_friday_are_one_day_late_over_the_weekend() -> None:
    """R-REC-7: a listed overdue note is at least one working day late, even on a Saturday
    when no working day has passed since the Friday it was due."""
    (late,) = notes_overdue(
        [_contact(DT(2026, 11, 26, 10), "R-1/4")], {}, policy=POLICY, today=D(2026, 11, 28)
    )
    assert (late.due, late.working_days_late) == (D(2026, 11, 27), 1)


def test_overdue_notes_due_the_same_day_are_ordered_by_contact_id() -> None:
    """R-REC-7: oldest first, then by the contact's id, whatever order they came in."""
    contacts = [_contact(DT(2026, 11, 26, 12), "R-2/4"), _contact(DT(2026, 11, 26, 9), "R-1/9")]
    assert [
        o.contact.id for o in notes_overdue(contacts, {}, policy=POLICY, today=D(2026, 12, 1))
    ] == ["R-1/9", "R-2/4"]
