"""Consultation records: anonymity, notes, time, accountability, escalation (R-REC-6)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._consultation import (
    DEFAULT_ACCOUNTABILITY,
    ConsultationRecord,
    Escalation,
    EscalationKind,
    FamilyConsent,
    NotesLocation,
    TimeCounted,
    consultation_activity,
    escalate,
)
from parentinfant.errors import InvalidRecord
from parentinfant.family import Referrer
from strategies import names, referral_ids, referrers

D = dt.date
T = dt.datetime
HELD = T(2026, 11, 3, 14, 0)
JO = Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team")
CONSENT = FamilyConsent(given_by="Ana Haddad", given_on=D(2026, 11, 2), reference="CF-3")


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


def refused(**changes: Any) -> InvalidRecord:
    with pytest.raises(InvalidRecord) as caught:
        record(**changes)
    assert caught.value.rule == "R-REC-6"
    return caught.value


# --------------------------------------------------------------------------- anonymity


def test_a_consultation_is_anonymous_unless_said_otherwise_R_REC_6() -> None:
    r = record()
    assert (r.anonymous, r.family_id, r.consent) == (True, None, None)


def test_an_anonymous_consultation_refuses_a_family_id_R_REC_6() -> None:
    assert refused(family_id="R-001").field == "family_id"


def test_an_anonymous_consultation_refuses_a_consent_naming_a_parent_R_REC_6() -> None:
    assert refused(consent=CONSENT).field == "consent"


def test_an_identified_consultation_needs_the_family_id_R_REC_6() -> None:
    assert refused(anonymous=False, consent=CONSENT).field == "family_id"
    assert refused(anonymous=False, family_id="  ", consent=CONSENT).field == "family_id"


def test_an_identified_consultation_needs_the_familys_consent_R_REC_6() -> None:
    assert refused(anonymous=False, family_id="R-001").field == "consent"


def test_consent_given_after_the_consultation_does_not_cover_it_R_REC_6() -> None:
    late = FamilyConsent(given_by="Ana Haddad", given_on=D(2026, 11, 4))
    err = refused(anonymous=False, family_id="R-001", consent=late)
    assert (err.field, err.value) == ("consent.given_on", D(2026, 11, 4))


def test_anonymous_must_be_true_or_false_not_a_truthy_word_R_REC_6() -> None:
    assert refused(anonymous="no").field == "anonymous"


# --------------------------------------------------------------------------- notes and time


def test_anonymous_notes_are_supervision_style_and_time_is_generic_R_REC_6() -> None:
    r = record()
    assert r.notes_location is NotesLocation.SUPERVISION_NOTES
    assert r.time_counted is TimeCounted.GENERIC_CONSULTATION
    assert r.notes_reason == (
        "Kept in supervision-style notes: the consultation is anonymous (R-REC-6)."
    )


def test_consented_notes_go_in_the_familys_record_and_time_is_a_clinical_contact_R_REC_6() -> None:
    r = identified()
    assert r.notes_location is NotesLocation.FAMILY_RECORD
    assert r.time_counted is TimeCounted.CLINICAL_CONTACT
    assert r.notes_reason == (
        "Kept in the family's record: the family is identified with consent given by "
        "Ana Haddad on 2026-11-02 (ref CF-3) (R-REC-6)."
    )


def test_consent_given_on_the_day_of_the_consultation_is_enough_R_REC_6() -> None:
    same_day = FamilyConsent(given_by="Ana Haddad", given_on=HELD.date())
    assert identified(consent=same_day).consent == same_day


def test_hours_are_exact_R_REC_6() -> None:
    assert record(duration=dt.timedelta(minutes=20)).hours == Fraction(1, 3)


@pytest.mark.parametrize(
    "duration", [dt.timedelta(0), dt.timedelta(minutes=-5), dt.timedelta(hours=25), 45]
)
def test_a_duration_out_of_range_is_refused_R_REC_6(duration: object) -> None:
    assert refused(duration=duration).field == "duration"


def test_the_consultee_organisation_must_be_recorded_R_REC_6() -> None:
    nowhere = Referrer(name="Jo Smith", role="health-visitor")
    assert refused(consultee=nowhere).field == "consultee.organisation"


def test_the_time_held_must_be_a_date_and_time_R_REC_6() -> None:
    assert refused(held_at=D(2026, 11, 3)).field == "held_at"


# --------------------------------------------------------------------------- accountability


def test_every_record_states_that_the_consultee_and_employer_remain_accountable_R_REC_6() -> None:
    r = record()
    assert r.accountability == DEFAULT_ACCOUNTABILITY
    assert "consultee and their employer remain accountable" in r.accountability
    assert r.written_agreement is None


def test_a_team_may_word_its_own_statement_and_cite_a_written_agreement_R_REC_6() -> None:
    r = record(accountability="Jo and City HV team stay responsible.", written_agreement="SLA-7")
    assert (r.accountability, r.written_agreement) == (
        "Jo and City HV team stay responsible.",
        "SLA-7",
    )


def test_the_accountability_statement_cannot_be_blank_R_REC_6() -> None:
    assert refused(accountability=" ").field == "accountability"


# --------------------------------------------------------------------------- escalation


def test_escalating_returns_a_new_record_with_the_escalation_appended_R_REC_6() -> None:
    first = record()
    second = escalate(
        first,
        EscalationKind.SAFEGUARDING,
        "Bruising on a non-mobile baby",
        to="Trust safeguarding lead",
        at=T(2026, 11, 3, 15, 0),
    )
    third = escalate(
        second,
        "consultee-capability",
        "Advice not followed",
        to="Team leader",
        at=T(2026, 11, 4, 9),
    )
    assert first.escalations == ()
    assert second.escalations == (
        Escalation(
            kind=EscalationKind.SAFEGUARDING,
            concern="Bruising on a non-mobile baby",
            to="Trust safeguarding lead",
            at=T(2026, 11, 3, 15, 0),
        ),
    )
    assert third.escalations[:1] == second.escalations
    assert third.escalations[1].kind is EscalationKind.CONSULTEE_CAPABILITY
    assert attrs.evolve(third, escalations=()) == first


def test_an_escalation_before_the_consultation_is_refused_R_REC_6() -> None:
    with pytest.raises(InvalidRecord) as caught:
        escalate(record(), "safeguarding", "Worry", to="Lead", at=T(2026, 11, 3, 13, 59))
    assert (caught.value.field, caught.value.rule) == ("escalations.at", "R-REC-6")


@pytest.mark.parametrize(
    ("kind", "concern", "to", "field"),
    [
        ("gossip", "Worry", "Lead", "kind"),
        ("safeguarding", "", "Lead", "concern"),
        ("safeguarding", "Worry", " ", "to"),
    ],
)
def test_an_escalation_out_of_rule_is_refused_naming_the_field_R_REC_6(
    kind: str, concern: str, to: str, field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        escalate(record(), kind, concern, to=to, at=T(2026, 11, 3, 15, 0))
    assert caught.value.field == field


def test_escalating_an_anonymous_consultation_keeps_it_anonymous_R_REC_6() -> None:
    r = escalate(record(), "safeguarding", "Worry", to="Lead", at=T(2026, 11, 3, 15, 0))
    assert (r.anonymous, r.family_id, r.consent) == (True, None, None)


# --------------------------------------------------------------------------- activity


def test_activity_counts_hours_by_how_they_count_and_the_people_reached_R_REC_6() -> None:
    sam = Referrer(name="Sam Lee", role="midwife", organisation="City Maternity")
    jo_again = Referrer(name="jo  smith", role="health-visitor", organisation="CITY HV TEAM")
    escalated = escalate(
        record(duration=dt.timedelta(minutes=30)),
        "safeguarding",
        "Worry",
        to="Lead",
        at=T(2026, 11, 3, 15),
    )
    activity = consultation_activity(
        [
            escalated,
            record(consultee=jo_again, duration=dt.timedelta(minutes=45)),
            identified(consultee=sam, duration=dt.timedelta(hours=1)),
            identified(consultee=sam, duration=dt.timedelta(minutes=15)),
        ]
    )
    assert activity.consultations == 4
    assert activity.generic_hours == Fraction(5, 4)  # 30 + 45 minutes
    assert activity.clinical_contact_hours == Fraction(5, 4)  # 60 + 15 minutes
    assert activity.hours == Fraction(5, 2)
    assert (activity.consultees, activity.organisations, activity.families) == (2, 2, 1)
    assert activity.escalations == 1


def test_activity_of_no_consultations_is_zero_R_REC_6() -> None:
    activity = consultation_activity([])
    assert (activity.consultations, activity.hours, activity.consultees) == (0, Fraction(0), 0)


def test_activity_refuses_what_is_not_a_consultation_R_REC_6() -> None:
    with pytest.raises(InvalidRecord):
        consultation_activity(["45 minutes with Jo"])  # type: ignore[list-item]


# --------------------------------------------------------------------------- properties

consultees = referrers().map(lambda r: attrs.evolve(r, organisation=r.organisation or "City NHS"))
moments = st.datetimes(min_value=T(2026, 1, 1), max_value=T(2026, 12, 31))
durations = st.integers(1, 24 * 60).map(lambda m: dt.timedelta(minutes=m))


@st.composite
def escalations_after(draw: st.DrawFn, held_at: dt.datetime) -> Escalation:
    return Escalation(
        kind=draw(st.sampled_from(EscalationKind)),
        concern=draw(names()),
        to=draw(names()),
        at=held_at + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 30))),
    )


@st.composite
def anonymous_records(draw: st.DrawFn) -> ConsultationRecord:
    held_at: dt.datetime = draw(moments)
    return ConsultationRecord(
        consultant=draw(names()),
        consultee=draw(consultees),
        held_at=held_at,
        duration=draw(durations),
        written_agreement=draw(st.none() | names()),
        escalations=draw(st.lists(escalations_after(held_at), max_size=3)),
    )


@st.composite
def any_records(draw: st.DrawFn) -> ConsultationRecord:
    r: ConsultationRecord = draw(anonymous_records())
    if draw(st.booleans()):
        consent = FamilyConsent(
            given_by=draw(names()),
            given_on=r.held_at.date() - dt.timedelta(days=draw(st.integers(0, 30))),
        )
        r = attrs.evolve(r, anonymous=False, family_id=draw(referral_ids()), consent=consent)
    return r


def _values(value: object) -> list[object]:
    """Every value reachable from ``value`` through attrs fields and tuples."""
    found = [value]
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            found.extend(_values(getattr(value, field.name)))
    elif isinstance(value, tuple):
        for item in value:
            found.extend(_values(item))
    return found


@given(anonymous_records(), referral_ids(), names(), st.data())
def test_an_anonymous_consultation_never_holds_a_family_identifier_R_REC_6(
    r: ConsultationRecord, family_id: str, parent: str, data: st.DataObject
) -> None:
    reached = _values(r)
    assert not any(isinstance(v, FamilyConsent) for v in reached)
    assert r.family_id is None
    assert r.consent is None
    consent = FamilyConsent(given_by=parent, given_on=r.held_at.date())
    for change in ({"family_id": family_id}, {"consent": consent}):
        with pytest.raises(InvalidRecord) as caught:
            attrs.evolve(r, **change)
        assert caught.value.field in change
    escalated = escalate(
        r, data.draw(st.sampled_from(EscalationKind)), "Worry", to="Lead", at=r.held_at
    )
    assert (escalated.family_id, escalated.consent) == (None, None)


@given(any_records())
def test_notes_and_time_always_follow_anonymity_R_REC_6(r: ConsultationRecord) -> None:
    assert (r.notes_location is NotesLocation.SUPERVISION_NOTES) == r.anonymous
    assert (r.time_counted is TimeCounted.GENERIC_CONSULTATION) == r.anonymous
    assert (r.family_id is None) == r.anonymous == (r.consent is None)


@given(any_records(), st.lists(st.sampled_from(EscalationKind), max_size=3))
def test_escalating_never_removes_anything_R_REC_6(
    r: ConsultationRecord, kinds: list[EscalationKind]
) -> None:
    current = r
    for n, kind in enumerate(kinds):
        before = current
        current = escalate(
            current, kind, f"Concern {n}", to="Lead", at=r.held_at + dt.timedelta(hours=n)
        )
        assert current.escalations[:-1] == before.escalations
        assert attrs.evolve(current, escalations=before.escalations) == before
    assert len(current.escalations) == len(r.escalations) + len(kinds)


@given(st.lists(any_records(), max_size=6))
def test_activity_hours_add_up_to_the_records_hours_R_REC_6(
    records: list[ConsultationRecord],
) -> None:
    activity = consultation_activity(records)
    assert activity.hours == sum((r.hours for r in records), Fraction(0))
    assert activity.generic_hours == sum((r.hours for r in records if r.anonymous), Fraction(0))
    assert activity.consultations == len(records)
    assert activity.families <= sum(1 for r in records if not r.anonymous)
    assert activity.consultees <= len(records)
