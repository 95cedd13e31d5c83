"""JSON round trips for every public type, and documents that report every problem.

Issue 6 ("JSON"): every public domain object serialises to JSON and back
exactly, through one converter, inside a document carrying the schema
version; a bad document raises one `InvalidDocument` listing every problem
with its JSON path, never a partial object. The property runs once per name
in `DOCUMENT_TYPES`, so a new public type without a round trip fails here.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parentinfant import caseload, contact, endings, forecast, lifecycle, records, screening
from parentinfant.errors import InvalidDocument, InvalidValue
from parentinfant.family import Family, Infant, Parent, TimeWindow
from parentinfant.interop.json import (
    DOCUMENT_TYPES,
    SCHEMA,
    dumps_document,
    from_document,
    loads_document,
    structure,
    to_document,
    unstructure,
)
from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
from strategies import (
    access_records,
    capacity_policies,
    cases,
    changes,
    commitments,
    consents,
    consultation_records,
    families,
    group_works,
    infants,
    k_anonymity_reports,
    measures,
    nhs_number_values,
    parents,
    plan_changes,
    practitioners,
    record_identities,
    referrals,
    referrers,
    risk_weighted_policies,
    scores,
    session_plans,
    sharing_allowed,
    supporting_services,
    team_policies,
    teams,
    time_windows,
    values_of,
    waiting_strategies,
)

# --------------------------------------------------------------------------- strategies by type


def _decision_fields() -> dict[str, st.SearchStrategy[Any]]:
    # Decided on the day received and due a week later: never late (R-SC-5).
    return {
        "received": st.just(dt.date(2026, 11, 2)),
        "due": st.just(dt.date(2026, 11, 9)),
        "decided_on": st.just(dt.date(2026, 11, 3)),
    }


def _sharing(cls: type, **more: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (
        values_of(cls, basis=consents(), **more)
        if cls is records.SharingAllowed
        else values_of(cls, **more)
    )


SPECIAL: dict[str, st.SearchStrategy[Any]] = {
    "Accept": values_of(
        screening.Accept,
        **_decision_fields(),
        destination=st.just(screening.Destination.WAITING_LIST),
        practitioner=st.none(),
    ),
    "Decline": values_of(screening.Decline, **_decision_fields()),
    "MoreInformationNeeded": values_of(
        screening.MoreInformationNeeded,
        **_decision_fields(),
        missing=st.lists(st.sampled_from(screening.InformationItem), min_size=1, unique=True).map(
            tuple
        ),
    ),
    "ProfessionalReferral": values_of(screening.ProfessionalReferral, referrer=referrers()),
    "Consultation": values_of(screening.Consultation, referrer=referrers()),
    "Referral": referrals(),
    "RiskFactor": st.sampled_from(DEFAULT_RISK_FACTORS.factors),
    "SupportingService": supporting_services(),
    "Family": families(),
    "Infant": infants(),
    "Parent": parents(),
    "Referrer": referrers(),
    "TimeWindow": time_windows(),
    "TeamPolicy": team_policies(),
    "Case": cases(),
    "Event": cases()
    .filter(lambda c: bool(c.events))
    .flatmap(  # type: ignore[attr-defined]
        lambda c: st.sampled_from(c.events)
    ),
    "SessionPlan": session_plans(),
    "PlanChange": plan_changes(),
    "CapacityPolicy": capacity_policies(),
    "Commitment": commitments(),
    "GroupWork": group_works(),
    "Practitioner": practitioners(),
    "Team": teams(max_size=2),
    "RiskWeighted": risk_weighted_policies(),
    "Consent": consents(),
    "Measure": measures(),
    "Score": scores(),
    "NhsNumber": nhs_number_values(),
    "SharingAllowed": sharing_allowed(),
    "SharingAllowedForSafeguarding": values_of(
        records.SharingAllowedForSafeguarding, consent=st.none() | consents()
    ),
    "Change": changes(),
    "RecordIdentity": record_identities(),
    "KAnonymityReport": k_anonymity_reports(),
    "Unpaired": values_of(records.Unpaired, score=scores()),
    "ChangeScores": values_of(
        records.ChangeScores,
        changes=st.lists(changes(), max_size=2).map(tuple),
        unpaired=st.lists(values_of(records.Unpaired, score=scores()), max_size=2).map(tuple),
    ),
    "FamilyRecord": values_of(
        records.FamilyRecord,
        case=st.none() | cases(),
        changes=st.lists(changes(), max_size=2).map(tuple),
    ),
    "ConsultationRecord": consultation_records(),
    "Record": access_records(),
    "Episodes": values_of(
        forecast.Episodes,
        sessions=st.tuples(st.integers(1, 6), st.integers(6, 20)),
        attendance=st.floats(0, 1),
        extension_probability=st.floats(0, 1),
    ),
    "Arrivals": values_of(
        forecast.Arrivals,
        weekly_rate=st.floats(0.5, 20),
        monthly_weights=st.none()
        | st.lists(st.floats(0.5, 2), min_size=12, max_size=12).map(tuple),
    ),
    "BookAppointment": values_of(
        lifecycle.BookAppointment,
        appointment=values_of(contact.Appointment, attendance=st.none(), attended_by=st.just(())),
    ),
    "StepDownOption": values_of(
        endings.StepDownOption, code=st.from_regex(r"[a-z]{2,8}(-[a-z]{2,8})?", fullmatch=True)
    ),
    "MaturityRamp": values_of(
        caseload.MaturityRamp,
        start_share=st.integers(0, 4).map(lambda q: Fraction(q, 4)),
        years_to_full=st.integers(1, 10),
    ),
    "QueueForecast": values_of(
        forecast.QueueForecast,
        arrival_rate=st.floats(1, 10),
        service_rate=st.just(1.0),
        servers=st.integers(11, 30),
        arrival_cv=st.just(1.0),
        service_cv=st.just(1.0),
    ),
    "UnstableQueue": values_of(
        forecast.UnstableQueue,
        arrival_rate=st.floats(10, 20),
        service_rate=st.just(1.0),
        servers=st.integers(1, 9),
        arrival_cv=st.just(1.0),
        service_cv=st.just(1.0),
    ),
    "Appointment": values_of(
        contact.Appointment,
        duration=st.integers(1, 8).map(lambda q: dt.timedelta(minutes=15 * q)),
        mode=st.sampled_from([contact.Mode.CLINIC, contact.Mode.VIDEO]),
        attendance=st.none(),
        attended_by=st.just(()),
    ),
    "ContactPolicy": values_of(
        contact.ContactPolicy,
        working_hours=st.just(TimeWindow(dt.time(9), dt.time(17))),
        reminder_days_before=st.lists(st.integers(1, 7), max_size=3).map(tuple),
        reminder_time=st.sampled_from([dt.time(9), dt.time(10, 30), dt.time(16, 45)]),
    ),
    "TeamModel": values_of(
        forecast.TeamModel,
        today=st.just(dt.date(2031, 1, 1)),
        arrivals=st.builds(forecast.Arrivals, weekly_rate=st.floats(0.5, 20)),
        episodes=st.just(forecast.Episodes()),
        mix=st.just(()),
        caseloads=st.lists(values_of(forecast.PractitionerCaseload), min_size=1, max_size=2).map(
            tuple
        ),
        waiting=st.lists(referrals(), max_size=2).map(tuple),
        acceptance_rate=st.floats(min_value=0, max_value=1),
        meeting_weekday=st.integers(min_value=0, max_value=4),
        strategy=waiting_strategies(),
    ),
    "Scenario": values_of(caseload.Scenario, team=teams(max_size=2)),
    "MeetingRecord": values_of(
        forecast.MeetingRecord, waiting=st.lists(referrals(), max_size=2).map(tuple)
    ),
}


def strategy_for(name: str) -> st.SearchStrategy[Any]:
    return SPECIAL[name] if name in SPECIAL else values_of(DOCUMENT_TYPES[name])


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", sorted(DOCUMENT_TYPES))
@settings(
    max_examples=5, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_every_public_type_round_trips_exactly_through_json_R_IN_1(
    name: str, data: st.DataObject
) -> None:
    value = data.draw(strategy_for(name), label=name)
    kind = type(value)
    assert kind is DOCUMENT_TYPES[name]
    assert structure(unstructure(value), kind) == value
    assert structure(json.loads(json.dumps(unstructure(value))), kind) == value
    assert from_document(to_document(value)) == value
    assert loads_document(dumps_document(value), kind) == value


@settings(max_examples=25)
@given(cases(max_steps=25))
def test_a_case_with_its_whole_history_round_trips_through_a_document_R_IN_1(case: Any) -> None:
    """The case is rebuilt from its events (section 11), so the history must travel whole."""
    text = dumps_document(case)
    assert json.loads(text)["type"] == "Case"
    back = loads_document(text, lifecycle.Case)
    assert back == case
    assert back.events == case.events


# --------------------------------------------------------------------------- documents


def _referral_document() -> dict[str, Any]:
    referral = Referral(
        id="R-1",
        received=dt.date(2026, 11, 2),
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Ana Silva", "mother"), Parent("Tom Silva", "father")],
            infant=Infant.born_on(dt.date(2026, 9, 1)),
        ),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
    )
    document: dict[str, Any] = json.loads(dumps_document(referral))
    return document


def test_a_document_names_the_schema_version_and_the_type() -> None:
    document = _referral_document()
    assert (document["schema"], document["type"]) == (SCHEMA, "Referral")
    assert SCHEMA == "parentinfant/1"


def test_every_problem_is_reported_at_once_with_its_json_path_R_IN_1() -> None:
    document = _referral_document()
    data = document["data"]
    data["colour"] = "blue"  # unknown field
    del data["family"]["parents"][1]["name"]  # missing field
    data["received"] = 20261102  # wrong type
    data["family"]["parents"][0]["role"] = "aunt"  # bad enumeration value
    data["family"]["school_age_children"] = "two"  # wrong type, deeper
    with pytest.raises(InvalidDocument) as caught:
        from_document(document, Referral, source="referral.json")
    found = {p.location: p.message for p in caught.value.problems}
    assert set(found) == {
        "$.data.colour",
        "$.data.received",
        "$.data.family.parents[0].role",
        "$.data.family.parents[1].name",
        "$.data.family.school_age_children",
    }
    assert found["$.data.family.parents[1].name"] == "is required"
    assert "aunt" in found["$.data.family.parents[0].role"]
    assert "20261102" in found["$.data.received"]
    assert "not a field" in found["$.data.colour"]
    assert str(caught.value).startswith("referral.json: 5 problems")


def test_a_bad_document_is_a_value_error_and_a_library_error() -> None:
    with pytest.raises(ValueError, match="schema"):
        from_document({"type": "Referral", "data": {}})


@pytest.mark.parametrize(
    ("schema", "message"),
    [("parentinfant/2", "must be 'parentinfant/1', got 'parentinfant/2'"), (None, "is required")],
)
def test_a_wrong_or_missing_schema_version_is_refused_at_its_path(
    schema: str | None, message: str
) -> None:
    document = _referral_document()
    if schema is None:
        del document["schema"]
    else:
        document["schema"] = schema
    with pytest.raises(InvalidDocument) as caught:
        from_document(document)
    assert [p.location for p in caught.value.problems] == ["$.schema"]
    assert message in caught.value.problems[0].message


def test_envelope_problems_are_all_reported_together() -> None:
    with pytest.raises(InvalidDocument) as caught:
        from_document({"schema": "v0", "type": "Horse", "extra": 1})
    assert [p.location for p in caught.value.problems] == [
        "$.extra",
        "$.schema",
        "$.type",
        "$.data",
    ]


def test_a_document_of_another_type_is_refused_when_a_type_is_asked_for() -> None:
    with pytest.raises(InvalidDocument) as caught:
        from_document(_referral_document(), Family)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("$.type", "must be 'Family' here, got 'Referral'")
    ]


def test_a_union_accepts_a_document_of_any_member_R_SC_4() -> None:
    decision = screening.Decline(
        referral_id="R-1",
        received=dt.date(2026, 11, 2),
        due=dt.date(2026, 11, 9),
        decided_on=dt.date(2026, 11, 3),
        reason="out-of-area",
        explanation="Lives in Kent",
    )
    assert from_document(to_document(decision), screening.ScreeningDecision) == decision


def test_a_broken_domain_rule_is_a_problem_not_a_partial_object_R_IN_3() -> None:
    document = _referral_document()
    document["data"]["family"]["infant"] = {
        "born": False,
        "date_of_birth": "2026-01-05",
        "expected_due_date": "2026-02-01",
    }
    with pytest.raises(InvalidDocument) as caught:
        from_document(document)
    (problem,) = caught.value.problems
    assert problem.location.startswith("$.data.family.infant")
    assert "R-IN-3" in problem.message


def test_a_bad_nhs_number_is_reported_at_its_path_R_REC_2() -> None:
    document = to_document(Parent("Ana", "mother", nhs_number="943 476 5919"))
    assert document["data"]["nhs_number"] == "9434765919"
    document["data"]["nhs_number"] = "9434765910"
    with pytest.raises(InvalidDocument) as caught:
        from_document(document)
    assert [p.location for p in caught.value.problems] == ["$.data.nhs_number"]
    assert "check digit" in caught.value.problems[0].message


def test_a_tampered_case_history_is_refused_in_a_document() -> None:
    case, _ = lifecycle.open_case("C-1", at=dt.datetime(2026, 11, 2, 9, 0))
    document = to_document(case)
    document["data"]["events"][0]["sequence"] = "first"
    document["data"]["colour"] = "blue"
    with pytest.raises(InvalidDocument) as caught:
        from_document(document)
    assert [p.location for p in caught.value.problems] == ["$.data.colour"]
    del document["data"]["colour"]
    with pytest.raises(InvalidDocument) as caught:
        from_document(document)
    assert [p.location for p in caught.value.problems] == ["$.data.events[0].sequence"]


def test_text_that_is_not_json_is_one_problem_at_the_root() -> None:
    with pytest.raises(InvalidDocument) as caught:
        loads_document("{", source="cut.json")
    assert [p.location for p in caught.value.problems] == ["$"]


def test_only_public_types_make_documents() -> None:
    with pytest.raises(InvalidValue):
        to_document({"not": "a domain object"})


def test_fractions_travel_as_text_and_nhs_numbers_as_digits() -> None:
    from parentinfant.caseload import Commitment

    data = to_document(Commitment(activity="supervision", hours_per_week=Fraction(3, 2)))["data"]
    assert data["hours_per_week"] == "3/2"


def test_tagged_members_read_back_on_their_own_or_in_their_union() -> None:
    data = unstructure(records.CommissionerRequester())
    assert data == {"requester": "commissioner"}
    assert structure(data, records.CommissionerRequester) == records.CommissionerRequester()
    assert structure(data, records.Requester) == records.CommissionerRequester()  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="requester must be 'child'"):
        structure({"requester": "commissioner", "person_id": "P1"}, records.ChildRequester)
