"""Branch coverage for the records modules, the interop formats and the CLI (issue 7).

Each test drives one path the rest of the suite leaves untried, mostly the
checks that refuse a value of the wrong kind, and asserts what a caller sees:
the typed error with its field, value and rule, the problem with its path, or
the command line's exit status and message.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
from fractions import Fraction
from typing import Any

import pytest

from parentinfant._activity import ActivityRecord, activity_report
from parentinfant._capacity import Practitioner
from parentinfant._consultation import (
    ConsultationRecord,
    Escalation,
    EscalationKind,
    FamilyConsent,
    escalate,
)
from parentinfant._outcomes import DEFAULT_MEASURES, Change, MeasureCatalogue, change_scores
from parentinfant._record_keeping import RecordIdentity
from parentinfant._sharing import (
    Consent,
    InformationKind,
    RecipientKind,
    SharingAllowed,
    SharingRecipient,
    SharingRefused,
    decide_sharing,
    notification_consent,
)
from parentinfant.cli import _event_line, main
from parentinfant.contact import Appointment
from parentinfant.errors import (
    InvalidDecision,
    InvalidDocument,
    InvalidHistory,
    InvalidPolicy,
    InvalidRecord,
    InvalidReferral,
    Problem,
    TransitionNotAllowed,
)
from parentinfant.family import Family, Infant, Parent, Referrer, TimeWindow
from parentinfant.forecast import Episodes
from parentinfant.interop import json as json_module
from parentinfant.interop import teamfile
from parentinfant.interop.fhir import case_bundle
from parentinfant.interop.json import (
    from_document,
    load_referrals,
    structure,
    structure_or_problems,
    unstructure,
)
from parentinfant.interop.sample import SampleEntry, ScreeningInstruction, decide
from parentinfant.interop.teamfile import team_from_toml
from parentinfant.lifecycle import (
    AcceptToWaitingList,
    Case,
    DeclineCase,
    StartScreening,
    apply,
    open_case,
)
from parentinfant.records import open_record
from parentinfant.screening import (
    Accept,
    InformationItem,
    MoreInformationNeeded,
    Referral,
    SelfReferral,
    accept,
)
from parentinfant.team import TeamPolicy

D = dt.date
AT = dt.datetime(2026, 11, 20, 10, 30)
GP = SharingRecipient("gp", "Elm Surgery")
JO = Referrer(name="Jo Smith", role="health-visitor", organisation="City HV team")


def _referral(id_: str = "R-1") -> Referral:
    return Referral(
        id=id_,
        received=D(2026, 11, 2),
        route=SelfReferral(),
        family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(D(2027, 1, 9))),
    )


def _consent(**changes: Any) -> Consent:
    fields: dict[str, Any] = {
        "given_by": "Ana Haddad",
        "given_on": D(2026, 11, 2),
        "information": ["attendance"],
        "recipients": ["gp"],
    }
    return Consent(**(fields | changes))


def _accepted_case(screened_on: dt.date) -> Case:
    case, _ = open_case("R-1", at=dt.datetime(2026, 11, 2, 9))
    case, _ = apply(case, StartScreening(), at=dt.datetime.combine(screened_on, dt.time(9)))
    case, _ = apply(case, AcceptToWaitingList(), at=dt.datetime.combine(screened_on, dt.time(15)))
    return case


def _task(bundle: dict[str, Any]) -> dict[str, Any]:
    tasks: list[dict[str, Any]] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task"
    ]
    (task,) = tasks
    return task


# =========================================================================== sharing (R-REC-1)


@pytest.mark.parametrize("name", ["   ", "", 42])
def test_R_REC_1_a_recipient_named_blank_or_not_in_text_is_refused(name: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        SharingRecipient("gp", name)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("name", name, "R-REC-1")
    assert "must be non-empty text, or None (not recorded)" in str(caught.value)


def test_R_REC_1_a_consent_may_name_one_kind_of_information_and_one_recipient_alone() -> None:
    consent = _consent(information="attendance", recipients="gp")
    assert consent.information == frozenset({InformationKind.ATTENDANCE})
    assert consent.recipients == frozenset({RecipientKind.GP})
    lone = _consent(information=InformationKind.ASSESSMENT, recipients=RecipientKind.REFERRER)
    assert lone.information == frozenset({InformationKind.ASSESSMENT})
    assert lone.recipients == frozenset({RecipientKind.REFERRER})
    named = _consent(recipients=GP)
    assert named.recipients == frozenset({GP})
    assert named.covers("attendance", SharingRecipient("gp", "elm  surgery"), D(2026, 11, 3))
    assert not named.covers("attendance", SharingRecipient("gp", "Oak Surgery"), D(2026, 11, 3))


@pytest.mark.parametrize(
    ("field", "value", "requirement"),
    [
        ("information", 5, "must be a collection of kinds of information"),
        ("recipients", 5, "must be a collection of recipients"),
        ("valid_until", "2027-11-01", "must be a date or None"),
        ("valid_until", dt.datetime(2027, 11, 1, 9), "must be a date or None"),
        ("withdrawn_on", "2026-12-01", "must be a date or None"),
    ],
)
def test_R_REC_1_a_consent_scope_or_date_of_the_wrong_kind_is_refused(
    field: str, value: object, requirement: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _consent(**{field: value})
    assert (caught.value.field, caught.value.value, caught.value.rule) == (field, value, "R-REC-1")
    assert caught.value.requirement == requirement


@pytest.mark.parametrize(
    ("changes", "field", "requirement"),
    [
        ({"at": D(2026, 11, 20)}, "at", "must be a date and time"),
        ({"recipient": "gp"}, "recipient", "must be a SharingRecipient"),
    ],
)
def test_R_REC_1_a_recorded_decision_needs_a_time_and_a_recipient(
    changes: dict[str, Any], field: str, requirement: str
) -> None:
    fields: dict[str, Any] = {
        "information": "attendance",
        "recipient": GP,
        "at": AT,
        "code": "no-consent",
        "reason": "no consent on file",
    }
    with pytest.raises(InvalidRecord) as caught:
        SharingRefused(**(fields | changes))
    assert (caught.value.field, caught.value.requirement) == (field, requirement)
    assert caught.value.value == changes[field]


def test_R_REC_1_an_allowed_decision_needs_a_consent_as_its_basis() -> None:
    with pytest.raises(InvalidRecord) as caught:
        SharingAllowed(information="attendance", recipient=GP, at=AT, basis="signed form")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.requirement) == ("basis", "must be a Consent")
    assert caught.value.value == "signed form"


def test_R_REC_1_deciding_for_a_recipient_given_as_a_bare_kind_is_refused() -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_sharing("attendance", "gp", [_consent()], at=AT)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("recipient", "gp")
    assert caught.value.requirement == "must be a SharingRecipient"


@pytest.mark.parametrize("consents", ["consent", 5])
def test_R_REC_1_consents_on_file_must_be_a_collection(consents: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_sharing("attendance", GP, consents, at=AT)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("consents", consents)
    assert caught.value.requirement == "must be a collection of Consent values"


def test_R_REC_1_one_consent_given_alone_is_not_taken_as_the_collection() -> None:
    consent = _consent()
    with pytest.raises(InvalidRecord, match="must be a collection of Consent values"):
        decide_sharing("attendance", GP, consent, at=AT)  # type: ignore[arg-type]
    assert decide_sharing("attendance", GP, [consent], at=AT).allowed


def test_R_REC_1_consents_on_file_must_all_be_consents() -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_sharing("attendance", GP, [_consent(), "verbal ok"], at=AT)  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == ("consents", "verbal ok")
    assert caught.value.requirement == "must hold Consent values"


def test_R_SC_6_notification_consent_is_read_from_a_referral_only() -> None:
    with pytest.raises(InvalidRecord) as caught:
        notification_consent("R-1")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "referral",
        "R-1",
        "R-SC-6",
    )


# =========================================================================== consultation (R-REC-6)


def _consultation(**changes: Any) -> ConsultationRecord:
    fields: dict[str, Any] = {
        "consultant": "Priya Shah",
        "consultee": JO,
        "held_at": dt.datetime(2026, 11, 3, 14, 0),
        "duration": dt.timedelta(minutes=45),
    }
    return ConsultationRecord(**(fields | changes))


def _escalation(**changes: Any) -> Escalation:
    fields: dict[str, Any] = {
        "kind": "safeguarding",
        "concern": "Bruising on a non-mobile baby",
        "to": "Trust safeguarding lead",
        "at": dt.datetime(2026, 11, 3, 15, 0),
    }
    return Escalation(**(fields | changes))


@pytest.mark.parametrize("reference", ["  ", 12])
def test_R_REC_6_a_family_consent_reference_is_text_when_given(reference: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        FamilyConsent(given_by="Ana", given_on=D(2026, 11, 1), reference=reference)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "reference",
        reference,
        "R-REC-6",
    )
    assert FamilyConsent(given_by="Ana", given_on=D(2026, 11, 1)).reference is None


def test_R_REC_6_a_written_agreement_reference_is_text_when_given() -> None:
    with pytest.raises(InvalidRecord) as caught:
        _consultation(written_agreement=" ")
    assert (caught.value.field, caught.value.requirement) == (
        "written_agreement",
        "must be non-empty text or None",
    )
    assert _consultation(written_agreement="SLA-4").written_agreement == "SLA-4"


def test_R_REC_6_the_consultee_is_a_referrer_with_an_employer() -> None:
    with pytest.raises(InvalidRecord) as caught:
        _consultation(consultee="Jo Smith")
    assert (caught.value.field, caught.value.value) == ("consultee", "Jo Smith")
    assert caught.value.requirement == "must be a Referrer"


@pytest.mark.parametrize("escalations", ["safeguarding", 3])
def test_R_REC_6_escalations_must_be_a_sequence(escalations: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _consultation(escalations=escalations)
    assert (caught.value.field, caught.value.value) == ("escalations", escalations)
    assert caught.value.requirement == "must be a sequence of Escalation values"


def test_R_REC_6_one_escalation_given_alone_is_not_taken_as_the_sequence() -> None:
    escalation = _escalation()
    with pytest.raises(InvalidRecord, match="must be a sequence of Escalation values"):
        _consultation(escalations=escalation)
    assert _consultation(escalations=[escalation]).escalations == (escalation,)


def test_R_REC_6_escalations_must_all_be_escalations() -> None:
    with pytest.raises(InvalidRecord) as caught:
        _consultation(escalations=[_escalation(), "told the lead"])
    assert (caught.value.field, caught.value.value) == ("escalations", "told the lead")
    assert caught.value.requirement == "must hold Escalation values"


def test_R_REC_6_only_a_consultation_record_can_be_escalated_from() -> None:
    with pytest.raises(InvalidRecord) as caught:
        escalate(
            "consultation on 3 November",  # type: ignore[arg-type]
            "safeguarding",
            "Bruising",
            to="Lead",
            at=dt.datetime(2026, 11, 3, 15),
        )
    assert (caught.value.field, caught.value.value) == ("record", "consultation on 3 November")


def test_R_REC_6_an_escalation_describes_its_kind_in_words() -> None:
    escalation = _escalation(kind="consultee-capability", concern="Advice not followed")
    assert EscalationKind.CONSULTEE_CAPABILITY.label == "the consultee's capability"
    assert escalation.describe() == (
        "2026-11-03 15:00: the consultee's capability concern escalated to "
        "Trust safeguarding lead: Advice not followed"
    )


# =========================================================================== outcomes (R-CL-4)


def _score(value: int, on: dt.date, timepoint: str, code: str = "epds") -> Any:
    return DEFAULT_MEASURES.score(code, value, on=on, who="mother", timepoint=timepoint)


@pytest.mark.parametrize("measures", [DEFAULT_MEASURES["epds"], "epds", 5])
def test_R_CL_4_a_catalogue_is_built_from_a_collection_of_measures(measures: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        MeasureCatalogue(measures)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("measures", "R-CL-4")
    assert caught.value.requirement == "must be a collection of Measure values"


def test_R_CL_4_a_catalogue_shows_its_codes_in_order() -> None:
    assert repr(DEFAULT_MEASURES) == "MeasureCatalogue(pir-gas, epds, phq-9, gad-7, core-10)"
    assert repr(MeasureCatalogue()) == "MeasureCatalogue()"


def test_R_CL_4_only_measures_can_be_added_to_a_catalogue() -> None:
    with pytest.raises(InvalidRecord) as caught:
        DEFAULT_MEASURES.with_measure("kips")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("measures", "kips")
    assert caught.value.requirement == "must hold Measure values"


def test_R_CL_4_a_change_pairs_with_a_follow_up_score_only() -> None:
    baseline = _score(20, D(2026, 1, 5), "baseline")
    for timepoint in ("baseline", "other"):
        later = _score(12, D(2026, 6, 5), timepoint)
        with pytest.raises(InvalidRecord) as caught:
            Change(baseline=baseline, follow_up=later)
        assert (caught.value.field, caught.value.value) == ("follow_up", later)
        assert caught.value.requirement == "must be a follow-up Score"


def test_R_CL_4_change_weeks_are_whole_weeks_rounded_down() -> None:
    change = Change(
        baseline=_score(20, D(2026, 1, 5), "baseline"),
        follow_up=_score(12, D(2026, 1, 18), "follow-up"),
    )
    assert change.weeks == 1  # 13 days


@pytest.mark.parametrize("scores", ["scores", 5])
def test_R_CL_4_change_scores_take_a_collection(scores: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        change_scores(scores)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("scores", scores)


def test_R_CL_4_one_score_given_alone_is_not_taken_as_the_collection() -> None:
    score = _score(20, D(2026, 1, 5), "baseline")
    with pytest.raises(InvalidRecord, match="must be a collection of Score values"):
        change_scores(score)
    assert [u.score for u in change_scores([score]).unpaired] == [score]


# =========================================================================== activity (R-CL-3)


@pytest.mark.parametrize("hours", [None, [1], {"hours": 1}, dt.timedelta(hours=1)])
def test_R_CL_3_hours_of_a_kind_that_is_not_a_number_are_refused(hours: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        ActivityRecord(
            kind="consultation",
            on=D(2027, 5, 12),
            hours=hours,
            people_reached=0,
            practitioner="Lee",
        )
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "hours",
        hours,
        "R-CL-3",
    )


@pytest.mark.parametrize("records", ["records", 5])
def test_R_CL_3_the_activity_report_takes_a_collection_of_records(records: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        activity_report(records, year=2027)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("records", records)
    assert caught.value.requirement == "must be a collection of ActivityRecord values"


def test_R_CL_3_one_record_given_alone_is_not_taken_as_the_collection() -> None:
    record = ActivityRecord(
        kind="strategy", on=D(2027, 5, 12), hours=2, people_reached=0, practitioner="Lee"
    )
    with pytest.raises(InvalidRecord, match="must be a collection of ActivityRecord values"):
        activity_report(record, year=2027)  # type: ignore[arg-type]
    assert activity_report([record], year=2027).total.hours == Fraction(2)


# =========================================================================== record keeping (R-REC-3)


def test_R_REC_3_a_birth_is_not_recorded_before_it_happened() -> None:
    fam = Family(parents=[Parent("Ama", "mother")], infant=Infant.unborn(D(2027, 2, 14)))
    record = open_record(fam, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as caught:
        record.record_birth(name="Kofi", born_on=D(2027, 2, 20), recorded_on=D(2027, 2, 19))
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "recorded_on",
        D(2027, 2, 19),
        "R-REC-3",
    )


# =========================================================================== JSON


def test_structure_keeps_a_date_or_date_time_already_built() -> None:
    assert structure(D(2026, 11, 2), dt.date) == D(2026, 11, 2)
    escalation = _escalation()
    data = unstructure(escalation) | {"at": escalation.at}
    assert structure(data, Escalation) == escalation


def test_a_date_time_where_a_date_belongs_is_a_problem_not_truncated() -> None:
    value, problems = structure_or_problems(dt.datetime(2026, 11, 2, 9), dt.date)
    assert value is None
    assert [str(p) for p in problems] == [
        "$: must be an ISO date string like '2026-11-02', got datetime.datetime(2026, 11, 2, 9, 0)"
    ]


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (5, "must be an ISO date-time string like '2026-11-02T09:30', got 5"),
        ("3rd Nov", "must be an ISO date-time like '2026-11-02T09:30', got '3rd Nov'"),
    ],
)
def test_a_date_time_must_be_iso_text(at: object, message: str) -> None:
    data = unstructure(_escalation()) | {"at": at}
    assert structure_or_problems(data, Escalation) == (None, [Problem("$.at", message)])


@pytest.mark.parametrize("duration", ["45m", True, None])
def test_a_duration_must_be_a_number_of_seconds(duration: object) -> None:
    appointment = Appointment(
        start=dt.datetime(2026, 11, 10, 10),
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner="Priya",
    )
    data = unstructure(appointment) | {"duration": duration}
    assert structure_or_problems(data, Appointment) == (
        None,
        [Problem("$.duration", f"must be a number of seconds, got {duration!r}")],
    )
    assert structure(unstructure(appointment), Appointment) == appointment


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (930, "must be a time of day like '09:30', got 930"),
        ("25:00", "must be a time of day like '09:30', got '25:00'"),
    ],
)
def test_a_time_of_day_must_be_iso_text(start: object, message: str) -> None:
    data = {"start": start, "end": "12:30:00"}
    assert structure_or_problems(data, TimeWindow) == (None, [Problem("$.start", message)])


@pytest.mark.parametrize("hours", [37.5, True, None])
def test_an_exact_number_travels_as_text_or_a_whole_number(hours: object) -> None:
    data = unstructure(Practitioner(name="Ann", contracted_hours=Fraction(75, 2)))
    assert data["contracted_hours"] == "75/2"
    assert structure_or_problems(data | {"contracted_hours": hours}, Practitioner) == (
        None,
        [
            Problem(
                "$.contracted_hours",
                f"must be a number as text like '1/2' or an integer, got {hours!r}",
            )
        ],
    )


@pytest.mark.parametrize("attendance", ["0.8", True])
def test_a_float_must_be_a_json_number(attendance: object) -> None:
    data = unstructure(Episodes()) | {"attendance": attendance}
    assert structure_or_problems(data, Episodes) == (
        None,
        [Problem("$.attendance", f"must be a number, got {attendance!r}")],
    )
    assert structure(unstructure(Episodes()) | {"attendance": 1}, Episodes).attendance == 1.0


def test_a_fixed_length_pair_of_the_wrong_length_is_reported_at_its_field() -> None:
    # A note cattrs writes as plain text ("Structuring tuple[int, int]") names
    # no field or index: the problem stays at the field, with no junk index.
    data = unstructure(Episodes()) | {"sessions": [6]}
    assert structure_or_problems(data, Episodes) == (
        None,
        [Problem("$.sessions", "Not enough values in [6] to structure as tuple[int, int]")],
    )


def test_an_nhs_number_travels_as_text() -> None:
    data = unstructure(Infant.born_on(D(2026, 9, 1))) | {"nhs_number": 9434765919}
    assert structure_or_problems(data, Infant) == (
        None,
        [
            Problem(
                "$.nhs_number",
                "must be an NHS number as text like '943 476 5919', got 9434765919",
            )
        ],
    )


@pytest.mark.parametrize("parents", [{"name": "Ana", "role": "mother"}, "Ana", b"Ana"])
def test_a_list_given_as_one_object_or_text_is_one_problem(parents: object) -> None:
    data = unstructure(_referral().family) | {"parents": parents}
    assert structure_or_problems(data, Family) == (
        None,
        [Problem("$.parents", f"must be a list, got {parents!r}")],
    )


def test_R_SC_3_a_risk_factor_must_be_given_by_its_code() -> None:
    data = unstructure(_referral()) | {"risk_factors": [5, "domestic-abuse"]}
    assert structure_or_problems(data, Referral) == (
        None,
        [Problem("$.risk_factors[0]", "must be a risk-factor code, got 5")],
    )


@pytest.mark.parametrize("holder", ["aunt", 5])
def test_R_REC_2_a_record_holder_read_back_is_the_child_or_a_parent(holder: object) -> None:
    fam = Family(parents=[Parent("Ama Reid", "mother")], infant=Infant.unborn(D(2027, 2, 14)))
    data = unstructure(open_record(fam, "child", opened_on=D(2026, 11, 2))) | {"holder": holder}
    assert structure_or_problems(data, RecordIdentity) == (
        None,
        [Problem("$.holder", f"holder must be one of 'child', 'parent', got {holder!r}")],
    )


@pytest.mark.parametrize(("document", "kind"), [([1], "list"), ("{}", "str"), (None, "NoneType")])
def test_a_document_that_is_not_an_object_is_one_problem(document: object, kind: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        from_document(document, source="in.json")
    assert caught.value.problems == (
        Problem("$", f"must be an object with schema, type and data, got {kind}"),
    )


def test_a_document_without_its_type_says_so() -> None:
    with pytest.raises(InvalidDocument) as caught:
        from_document({"schema": "parentinfant/1", "data": {}}, source="in.json")
    assert [str(p) for p in caught.value.problems] == ["$.type: is required"]


class _BareDomainErrors:
    """A converter whose domain errors come out bare, as older cattrs releases let them."""

    def structure(self, _value: Any, _kind: Any) -> Any:
        raise InvalidReferral("id", "must be non-empty text", "", rule="R-IN-1")


def test_R_IN_1_a_bare_domain_error_in_a_batch_is_reported_at_its_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(json_module, "_DEFAULT", _BareDomainErrors())
    loaded = load_referrals([{"id": ""}], path="$.referrals")
    assert loaded.records == ()
    assert loaded.problems == (
        Problem("$.referrals[0].id", "id must be non-empty text (R-IN-1), got ''"),
    )


# =========================================================================== team file


def test_R_CL_1_working_days_may_mix_weekday_numbers_and_names() -> None:
    plan = team_from_toml(
        '[[practitioners]]\nname = "Ann"\ncontracted_hours = 15\nworking_days = [0, "Tue", 2]'
    )
    assert plan.team.practitioners[0].working_days == (0, 1, 2)


def test_R_CL_1_working_days_given_as_one_text_are_refused_at_their_key() -> None:
    with pytest.raises(InvalidDocument) as caught:
        team_from_toml(
            '[[practitioners]]\nname = "Ann"\ncontracted_hours = 15\nworking_days = "mon"',
            source="t.toml",
        )
    (problem,) = caught.value.problems
    assert problem.location == "practitioners[0].working_days"
    assert problem.message.startswith("working_days must hold weekday numbers (R-CL-1)")


def test_a_practitioner_that_is_not_a_table_is_reported() -> None:
    with pytest.raises(InvalidDocument) as caught:
        team_from_toml('practitioners = ["Ann"]', source="t.toml")
    assert [str(p) for p in caught.value.problems] == [
        "practitioners[0]: must be a table ([[practitioners]])"
    ]


def test_R_CL_2_a_bad_group_leaves_the_practitioner_out_and_says_why() -> None:
    text = (
        '[[practitioners]]\nname = "Ann"\ncontracted_hours = 15\n'
        '[[practitioners.groups]]\nintervention = "circle-of-security"\nsessions_per_week = 1\n'
        '[[practitioners.groups]]\nintervention = "circle-of-security"\nsessions_per_week = -1\n'
    )
    with pytest.raises(InvalidDocument) as caught:
        team_from_toml(text, source="t.toml")
    (problem,) = caught.value.problems
    assert problem.location == "practitioners[0].groups[1].sessions_per_week"
    assert "must be between 0 and 168 (R-CL-2), got -1" in problem.message


def test_a_domain_error_naming_no_field_is_reported_at_the_table() -> None:
    # Every problem in a team file is reported with its key path, including a
    # library error that names no field (TransitionNotAllowed is one).
    refusal = TransitionNotAllowed("waiting", "close", ("allocate", "withdraw"))

    def refuse(**_: Any) -> None:
        raise refusal

    problems: list[Problem] = []
    built = teamfile._build(refuse, {"name": "x"}, "team", frozenset({"name"}), "team", problems)
    assert built is None
    assert problems == [Problem("team", str(refusal))]


# =========================================================================== sample


def test_R_SC_1_a_sample_entry_can_ask_for_more_information() -> None:
    entry = SampleEntry(
        referral=_referral(),
        screening=ScreeningInstruction(
            on=D(2026, 11, 3),
            by="Dr Rao",
            decision="more-information",
            missing=("gp", "family-agreed"),
            note="Please confirm",
        ),
    )
    decision = decide(entry, TeamPolicy())
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.GP, InformationItem.FAMILY_AGREED)
    assert (decision.decided_on, decision.decided_by, decision.note) == (
        D(2026, 11, 3),
        "Dr Rao",
        "Please confirm",
    )


def test_a_sample_entry_with_an_unknown_decision_is_an_invalid_document() -> None:
    entry = SampleEntry(
        referral=_referral(),
        screening=ScreeningInstruction(on=D(2026, 11, 3), decision="refer-elsewhere"),
    )
    with pytest.raises(InvalidDocument) as caught:
        decide(entry, TeamPolicy())
    assert [str(p) for p in caught.value.problems] == [
        "screening.decision: is not a known decision, got 'refer-elsewhere'"
    ]


# =========================================================================== FHIR


def test_fhir_export_needs_a_case() -> None:
    with pytest.raises(InvalidHistory) as caught:
        case_bundle(_referral(), "R-1")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("case", "R-1")


@pytest.mark.parametrize("base_id", ["", "  ", 7])
def test_fhir_base_id_must_be_text_when_given(base_id: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        case_bundle(_referral(), _accepted_case(D(2026, 11, 3)), base_id=base_id)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("base_id", base_id)


def test_fhir_decision_must_be_a_screening_decision() -> None:
    with pytest.raises(InvalidDecision) as caught:
        case_bundle(_referral(), _accepted_case(D(2026, 11, 3)), decision="accept")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("decision", "accept")


def test_R_SC_5_a_late_decision_by_no_one_named_notes_only_its_delay() -> None:
    decision = accept(_referral(), on=D(2026, 11, 20), delay_reason="Lead off sick")
    assert decision.late
    assert decision.decided_by is None
    task = _task(case_bundle(_referral(), _accepted_case(D(2026, 11, 20)), decision=decision))
    assert task["note"] == [{"text": "decided after it was due: Lead off sick"}]
    assert task["restriction"] == {"period": {"end": "2026-11-09"}}


def test_R_SC_5_a_timely_decision_by_no_one_named_has_no_note() -> None:
    decision = accept(_referral(), on=D(2026, 11, 3))
    assert isinstance(decision, Accept)
    assert not decision.late
    task = _task(case_bundle(_referral(), _accepted_case(D(2026, 11, 3)), decision=decision))
    assert "note" not in task
    assert task["restriction"] == {"period": {"end": "2026-11-09"}}


# =========================================================================== frames


def test_R_CL_6_the_scenario_plot_draws_on_the_axes_given() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from parentinfant.caseload import Demand, Scenario, Team, compare_scenarios
    from parentinfant.interop.frames import plot_scenarios

    team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5)])
    outcomes = compare_scenarios(
        [
            Scenario(
                name="as is", team=team, demand=Demand(referrals_per_week=1, mean_episode_weeks=12)
            )
        ]
    )
    figure, ax = plt.subplots()
    open_before = plt.get_fignums()  # other tests in the process may leave figures open
    try:
        assert plot_scenarios(outcomes, ax=ax) is ax
        assert len(ax.patches) == 2  # places and places needed
        assert plt.get_fignums() == open_before  # no new figure
    finally:
        plt.close(figure)


# =========================================================================== CLI


@pytest.fixture
def _no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    # An entry of None makes importing it fail, as if the notebook extra were not installed.
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)


@pytest.mark.usefixtures("_no_matplotlib")
def test_R_CL_6_forecast_plot_without_matplotlib_says_how_to_install_it(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "list.png"
    args = ["--today", "2026-11-30", "--months", "3", "--replications", "3"]
    assert main(["forecast", *args, "--plot", str(png)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "parentinfant forecast: --plot needs matplotlib: pip install 'parentinfant[notebook]'"
    )
    assert not png.exists()


def test_referral_template_to_an_unwritable_place_says_why(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "referrals.csv"
    assert main(["referral-template", "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"parentinfant referral-template: {target}: cannot be written: No such file or directory\n"
    )
    assert not target.exists()


def test_referral_template_json_lists_each_column_and_whether_it_is_required(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from parentinfant.interop.sheets import COLUMNS, REQUIRED_COLUMNS

    assert main(["referral-template", "--json"]) == 0
    columns = json.loads(capsys.readouterr().out)
    assert [c["column"] for c in columns] == list(COLUMNS)
    assert {c["column"] for c in columns if c["required"]} == set(REQUIRED_COLUMNS)


def test_diagram_json_is_the_transition_table(capsys: pytest.CaptureFixture[str]) -> None:
    from parentinfant.lifecycle import TRANSITIONS

    assert main(["diagram", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table == {
        state.value: {command: target.value for command, target in moves.items()}
        for state, moves in TRANSITIONS.items()
    }
    assert table["screening"]["decline"] == "declined"
    assert table["declined"] == {}


def test_export_ical_json_wraps_the_calendar_with_its_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "ical"]) == 0
    calendar = capsys.readouterr().out
    assert main(["export", "ical", "--json"]) == 0
    wrapped = json.loads(capsys.readouterr().out)
    assert wrapped == {"format": "text/calendar", "case_id": "RPI-2026-055", "calendar": calendar}
    assert wrapped["calendar"].startswith("BEGIN:VCALENDAR")


def test_export_ical_without_its_optional_extra_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "parentinfant.interop.ical", None)
    assert main(["export", "ical"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("parentinfant export: needs an optional extra: ")
    assert "parentinfant.interop.ical" in captured.err


def test_export_stamp_must_be_a_date_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "ical", "--stamp", "yesterday"])
    assert exited.value.code == 2
    assert (
        "argument --stamp: must be a date and time like 2026-11-30T09:00, got 'yesterday'"
        in capsys.readouterr().err
    )


def test_R_SC_4_a_declined_case_timeline_line_gives_reason_and_explanation() -> None:
    case, _ = open_case("R-1", at=dt.datetime(2026, 11, 2, 9))
    case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 3, 9))
    case, _ = apply(
        case,
        DeclineCase(reason="out-of-area", explanation="Lives in Kent"),
        at=dt.datetime(2026, 11, 3, 15),
    )
    assert _event_line(case.events[-1]) == (
        f"2026-11-03 15:00  {'decline':<22} -> {'declined':<20} out-of-area: Lives in Kent"
    )
