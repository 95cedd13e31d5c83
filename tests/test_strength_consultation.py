"""Consultation records: every refusal names its field, rule and value; activity counts families (R-REC-6)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from parentinfant._consultation import (
    ConsultationRecord,
    Escalation,
    FamilyConsent,
    consultation_activity,
    escalate,
)
from parentinfant.errors import InvalidRecord
from parentinfant.family import Referrer

D = dt.date
T = dt.datetime
RULE = "R-REC-6"
HELD = T(2026, 11, 3, 14, 0)
JO = Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team")
CONSENT = FamilyConsent(given_by="Ana Haddad", given_on=D(2026, 11, 2))


def record(**changes: Any) -> ConsultationRecord:
    fields: dict[str, Any] = {
        "consultant": "Priya Shah",
        "consultee": JO,
        "held_at": HELD,
        "duration": dt.timedelta(minutes=45),
    }
    fields.update(changes)
    return ConsultationRecord(**fields)


def identified(**changes: Any) -> ConsultationRecord:
    return record(**{"anonymous": False, "family_id": "R-001", "consent": CONSENT, **changes})


def assert_refusal(error: InvalidRecord, field: str, requirement: str, value: object) -> None:
    """The error carries field, rule and value, and its message names all three."""
    assert error.field == field
    assert error.rule == RULE
    assert error.value == value
    assert str(error) == f"{field} {requirement} ({RULE}), got {value!r}"


# --------------------------------------------------------------------------- anonymity


def test_an_anonymous_consultation_refuses_a_consent_and_says_it_names_a_parent_R_REC_6() -> None:
    """R-REC-6: an anonymous record holds nothing that names a parent."""
    with pytest.raises(InvalidRecord) as info:
        record(consent=CONSENT)
    assert_refusal(
        info.value,
        "consent",
        "must be empty for an anonymous consultation (it names a parent)",
        CONSENT,
    )


def test_an_anonymous_consultation_refuses_a_family_id_R_REC_6() -> None:
    """R-REC-6: an anonymous record does not identify the family."""
    with pytest.raises(InvalidRecord) as info:
        record(family_id="R-001")
    assert_refusal(info.value, "family_id", "must be empty for an anonymous consultation", "R-001")


@pytest.mark.parametrize(
    "family_id",
    [pytest.param(None, id="missing"), pytest.param("   ", id="blank")],
)
def test_an_identified_consultation_without_a_family_id_is_refused_R_REC_6(
    family_id: str | None,
) -> None:
    """R-REC-6: with consent, the notes go in the family's record, so the family is named."""
    with pytest.raises(InvalidRecord) as info:
        identified(family_id=family_id)
    assert_refusal(
        info.value,
        "family_id",
        "must identify the family when the consultation is not anonymous",
        family_id,
    )


@pytest.mark.parametrize(
    "consent",
    [pytest.param(None, id="missing"), pytest.param("Ana agreed", id="text")],
)
def test_an_identified_consultation_without_a_consent_record_is_refused_R_REC_6(
    consent: object,
) -> None:
    """R-REC-6: only the family's consent lets a consultation identify them."""
    with pytest.raises(InvalidRecord) as info:
        identified(consent=consent)
    assert_refusal(
        info.value,
        "consent",
        "must record the family's consent when the consultation is not anonymous",
        consent,
    )


def test_consent_given_the_day_after_names_the_consultation_day_R_REC_6() -> None:
    """R-REC-6: consent given later does not cover the consultation."""
    late = FamilyConsent(given_by="Ana Haddad", given_on=D(2026, 11, 4))
    with pytest.raises(InvalidRecord) as info:
        identified(consent=late)
    assert_refusal(
        info.value,
        "consent.given_on",
        "must not be after the consultation (2026-11-03)",
        D(2026, 11, 4),
    )


# --------------------------------------------------------------------------- the record's fields


def test_a_consultee_must_be_a_referrer_R_REC_6() -> None:
    """R-REC-6: the consultee is a worker of another service."""
    with pytest.raises(InvalidRecord) as info:
        record(consultee="Jo Smith")
    assert_refusal(info.value, "consultee", "must be a Referrer", "Jo Smith")


@pytest.mark.parametrize(
    "organisation",
    [pytest.param(None, id="missing"), pytest.param("  ", id="blank")],
)
def test_the_consultees_employer_must_be_named_R_REC_6(organisation: str | None) -> None:
    """R-REC-6: the consultee and their employer remain accountable, so the employer is recorded."""
    consultee = Referrer(name="Jo Smith", role="health-visitor", organisation=organisation)
    with pytest.raises(InvalidRecord) as info:
        record(consultee=consultee)
    assert_refusal(
        info.value,
        "consultee.organisation",
        "must name the consultee's service or employer",
        organisation,
    )


@pytest.mark.parametrize(
    "duration",
    [
        pytest.param(dt.timedelta(0), id="zero"),
        pytest.param(dt.timedelta(hours=24, microseconds=1), id="just-over-a-day"),
        pytest.param(45, id="minutes-as-a-number"),
    ],
)
def test_a_duration_out_of_range_is_refused_R_REC_6(duration: object) -> None:
    """R-REC-6: a consultation's time is more than zero and at most a day."""
    with pytest.raises(InvalidRecord) as info:
        record(duration=duration)
    assert_refusal(
        info.value,
        "duration",
        "must be a duration more than zero and at most 24 hours",
        duration,
    )


@pytest.mark.parametrize(
    ("duration", "hours"),
    [
        pytest.param(dt.timedelta(hours=24), Fraction(24), id="a-whole-day"),
        pytest.param(dt.timedelta(microseconds=1), Fraction(1, 3_600_000_000), id="a-microsecond"),
    ],
)
def test_both_ends_of_the_duration_range_are_accepted_R_REC_6(
    duration: dt.timedelta, hours: Fraction
) -> None:
    """R-REC-6: 24 hours is allowed ("at most"); anything more than zero is too."""
    assert record(duration=duration).hours == hours


@pytest.mark.parametrize(
    "held_at",
    [pytest.param(D(2026, 11, 3), id="date-only"), pytest.param("2026-11-03 14:00", id="text")],
)
def test_the_time_held_must_be_a_date_and_time_R_REC_6(held_at: object) -> None:
    """R-REC-6: a consultation is recorded with when it took place."""
    with pytest.raises(InvalidRecord) as info:
        record(held_at=held_at)
    assert_refusal(info.value, "held_at", "must be a date and time", held_at)


# --------------------------------------------------------------------------- escalations


def test_an_escalation_time_must_be_a_date_and_time_R_REC_6() -> None:
    """R-REC-6: an escalation records when it was made."""
    with pytest.raises(InvalidRecord) as info:
        Escalation(kind="safeguarding", concern="Worry", to="Lead", at=D(2026, 11, 3))
    assert_refusal(info.value, "at", "must be a date and time", D(2026, 11, 3))


def test_an_unknown_kind_of_escalation_lists_the_kinds_R_REC_6() -> None:
    """R-REC-6: safeguarding, or the consultee's capability."""
    with pytest.raises(InvalidRecord) as info:
        Escalation(kind="housing", concern="Worry", to="Lead", at=HELD)
    assert_refusal(
        info.value, "kind", "must be one of 'safeguarding', 'consultee-capability'", "housing"
    )


def test_escalations_must_be_a_collection_of_escalations_R_REC_6() -> None:
    """R-REC-6: escalations are kept as a list, oldest first."""
    one = Escalation(kind="safeguarding", concern="Worry", to="Lead", at=HELD)
    with pytest.raises(InvalidRecord) as info:
        record(escalations=one)
    assert_refusal(info.value, "escalations", "must be a sequence of Escalation values", one)
    with pytest.raises(InvalidRecord) as info:
        record(escalations=["Worry"])
    assert_refusal(info.value, "escalations", "must hold Escalation values", "Worry")


def test_escalating_something_that_is_not_a_consultation_is_refused_R_REC_6() -> None:
    """R-REC-6: an escalation belongs to a consultation record."""
    with pytest.raises(InvalidRecord) as info:
        escalate("a chat with Jo", "safeguarding", "Worry", to="Lead", at=HELD)  # type: ignore[arg-type]
    assert_refusal(info.value, "record", "must be a ConsultationRecord", "a chat with Jo")


def test_an_escalation_at_the_very_time_of_the_consultation_is_accepted_R_REC_6() -> None:
    """R-REC-6: only an escalation before the consultation is refused."""
    later = escalate(record(), "safeguarding", "Worry", to="Lead", at=HELD)
    assert [e.at for e in later.escalations] == [HELD]


# --------------------------------------------------------------------------- activity


def test_activity_refuses_an_item_that_is_not_a_record_R_REC_6() -> None:
    """R-REC-6: only consultation records are summed."""
    with pytest.raises(InvalidRecord) as info:
        consultation_activity([record(), "45 minutes with Jo"])  # type: ignore[list-item]
    assert_refusal(
        info.value, "records", "must hold ConsultationRecord values", "45 minutes with Jo"
    )


def test_activity_counts_each_identified_family_once_R_REC_6() -> None:
    """R-REC-6: identified consultations count against their family; two families are two."""
    activity = consultation_activity(
        [
            identified(family_id="R-001"),
            identified(family_id="R-002"),
            identified(family_id="r-001 "),  # the same family, typed differently
            record(),  # anonymous: no family counted
        ]
    )
    assert activity.families == 2
    assert activity.clinical_contact_hours == Fraction(9, 4)  # three of 45 minutes
    assert activity.generic_hours == Fraction(3, 4)


def test_activity_counts_workers_by_name_and_organisation_R_REC_6() -> None:
    """R-REC-6: two workers of one name at different services are two people reached."""
    other_jo = Referrer(name="Jo Smith", role="midwife", organisation="City Maternity")
    activity = consultation_activity([record(), record(consultee=other_jo)])
    assert (activity.consultees, activity.organisations) == (2, 2)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("written_agreement", "  ", id="agreement-blank"),
        pytest.param("written_agreement", 5, id="agreement-number"),
    ],
)
def test_a_written_agreement_reference_is_text_or_none_R_REC_6(field: str, value: object) -> None:
    """R-REC-6: a written agreement may say who stays accountable; its reference is text."""
    with pytest.raises(InvalidRecord) as info:
        record(**{field: value})
    assert_refusal(info.value, field, "must be non-empty text or None", value)


@pytest.mark.parametrize(
    "reference", [pytest.param("  ", id="blank"), pytest.param(12, id="number")]
)
def test_a_consent_reference_is_text_or_none_R_REC_6(reference: object) -> None:
    """R-REC-6: where the consent is recorded, if anywhere else, is named in text."""
    with pytest.raises(InvalidRecord) as info:
        FamilyConsent(given_by="Ana Haddad", given_on=D(2026, 11, 2), reference=reference)  # type: ignore[arg-type]
    assert_refusal(info.value, "reference", "must be non-empty text or None", reference)


def test_the_notes_reason_names_the_consent_without_a_reference_when_none_R_REC_6() -> None:
    """R-REC-6: with consent the notes go in the family's record, and the reason says whose consent."""
    assert identified().notes_reason == (
        "Kept in the family's record: the family is identified with "
        "consent given by Ana Haddad on 2026-11-02 (R-REC-6)."
    )


def test_escalations_given_as_text_are_refused_whole_R_REC_6() -> None:
    """R-REC-6: a text is not a list of escalations, even though it can be iterated."""
    with pytest.raises(InvalidRecord) as info:
        record(escalations="Worry")
    assert_refusal(info.value, "escalations", "must be a sequence of Escalation values", "Worry")
