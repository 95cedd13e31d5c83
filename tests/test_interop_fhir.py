"""The FHIR R4 export (issue 6): every resource valid, every code in its R4 value set.

``fhir.resources`` (a test-only dependency) validates the structure with its
R4B models, the nearest it ships to R4; it does not check codes, so each
status, intent and priority is also checked here against the R4 value set,
written out below.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import uuid
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B import get_fhir_model_class
from hypothesis import event, given
from hypothesis import strategies as st

import parentinfant.interop.fhir as fhir_module
from parentinfant.contact import Appointment
from parentinfant.errors import (
    InvalidAppointment,
    InvalidCommand,
    InvalidDecision,
    InvalidPolicy,
    InvalidReferral,
)
from parentinfant.family import Family, Infant, Parent, Referrer, ReferrerRole
from parentinfant.interop.fhir import (
    NHS_NUMBER_SYSTEM,
    SOURCE_OF_REFERRAL_CODES,
    SOURCE_OF_REFERRAL_EXTENSION,
    SOURCE_OF_REFERRAL_SYSTEM,
    case_bundle,
)
from parentinfant.interop.sample import SampleEntry, build_case, decide, load_sample
from parentinfant.lifecycle import (
    CLOSURE_REASONS,
    AcceptToWaitingList,
    Allocate,
    BookAppointment,
    Case,
    CaseState,
    Close,
    DeclineCase,
    LogCommunication,
    Reallocate,
    ReceiveInformation,
    RecordAttendance,
    RecordContactAttempt,
    ReferBack,
    Reopen,
    RequestInformation,
    ResumeIntervention,
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    Withdraw,
    apply,
    open_case,
)
from parentinfant.screening import (
    DEFAULT_RISK_FACTORS,
    Accept,
    ProfessionalReferral,
    Referral,
    SelfReferral,
    TriageOutcome,
)

# --------------------------------------------------------------------------- R4 value sets

BUNDLE_TYPE = {
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
}
REQUEST_STATUS = {
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
}
REQUEST_INTENT = {
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
}
REQUEST_PRIORITY = {"routine", "urgent", "asap", "stat"}
TASK_STATUS = {
    "draft",
    "requested",
    "received",
    "accepted",
    "rejected",
    "ready",
    "cancelled",
    "in-progress",
    "on-hold",
    "failed",
    "completed",
    "entered-in-error",
}
TASK_INTENT = {
    "unknown",
    "proposal",
    "plan",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
}
EPISODE_STATUS = {
    "planned",
    "waitlist",
    "active",
    "onhold",
    "finished",
    "cancelled",
    "entered-in-error",
}
CARE_TEAM_STATUS = {"proposed", "active", "suspended", "inactive", "entered-in-error"}
APPOINTMENT_STATUS = {
    "proposed",
    "pending",
    "booked",
    "arrived",
    "fulfilled",
    "cancelled",
    "noshow",
    "entered-in-error",
    "checked-in",
    "waitlist",
}
PARTICIPANT_STATUS = {"accepted", "declined", "tentative", "needs-action"}
PARTICIPANT_REQUIRED = {"required", "optional", "information-only"}
ENCOUNTER_STATUS = {
    "planned",
    "arrived",
    "triaged",
    "in-progress",
    "onleave",
    "finished",
    "cancelled",
    "entered-in-error",
    "unknown",
}
ENCOUNTER_CLASS = {
    "AMB",
    "EMER",
    "FLD",
    "HH",
    "IMP",
    "ACUTE",
    "NONAC",
    "OBSENC",
    "PRENC",
    "SS",
    "VR",
}
COMMUNICATION_STATUS = {
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
}

# --------------------------------------------------------------------------- helpers

SAMPLE = load_sample()


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = resources(bundle, kind)
    return found


def references(node: Any) -> Iterator[dict[str, Any]]:
    """Every Reference in a resource (a dict holding ``reference`` or only ``display``)."""
    if isinstance(node, dict):
        if "reference" in node:
            yield node
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def check_value_sets(resource: dict[str, Any]) -> None:
    """Each status, intent and priority the export writes, against its R4 value set."""
    kind = resource["resourceType"]
    if kind == "ServiceRequest":
        assert resource["status"] in REQUEST_STATUS
        assert resource["intent"] in REQUEST_INTENT
        assert resource["priority"] in REQUEST_PRIORITY
    elif kind == "Task":
        assert resource["status"] in TASK_STATUS
        assert resource["intent"] in TASK_INTENT
    elif kind == "EpisodeOfCare":
        assert resource["status"] in EPISODE_STATUS
        assert {h["status"] for h in resource["statusHistory"]} <= EPISODE_STATUS
    elif kind == "CareTeam":
        assert resource["status"] in CARE_TEAM_STATUS
    elif kind == "Appointment":
        assert resource["status"] in APPOINTMENT_STATUS
        for participant in resource["participant"]:
            assert participant["status"] in PARTICIPANT_STATUS
            assert participant.get("required", "required") in PARTICIPANT_REQUIRED
    elif kind == "Encounter":
        assert resource["status"] in ENCOUNTER_STATUS
        assert resource["class"]["code"] in ENCOUNTER_CLASS
    elif kind == "Communication":
        assert resource["status"] in COMMUNICATION_STATUS
    else:
        assert kind in {"Patient", "RelatedPerson"}


def check_bundle(bundle: dict[str, Any]) -> None:
    """Valid as FHIR (R4B models), codes in the R4 value sets, references resolve, JSON."""
    assert bundle["type"] in BUNDLE_TYPE
    get_fhir_model_class("Bundle").model_validate(bundle)
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        check_value_sets(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        uuid.UUID(resource["id"])
        for ref in references(resource):
            assert ref["reference"] in urls, ref
    assert json.loads(json.dumps(bundle)) == bundle


def sample_entry(referral_id: str) -> SampleEntry:
    return next(e for e in SAMPLE.referrals if e.referral.id == referral_id)


def sample_bundle(referral_id: str, **kwargs: Any) -> dict[str, Any]:
    entry = sample_entry(referral_id)
    return case_bundle(
        entry.referral,
        build_case(entry, SAMPLE.team),
        decision=decide(entry, SAMPLE.team),
        **kwargs,
    )


T0 = dt.datetime(2026, 11, 2, 9, 0)
MOTHER = Parent("Ana Lopes", "mother")
PARTNER = Parent("Sam Reid", "partner", relationship_to_baby="mother's partner")


def family(*, born: bool = True) -> Family:
    infant = (
        Infant(born=True, date_of_birth=dt.date(2026, 9, 1), name="Noor", nhs_number="9434765919")
        if born
        else Infant.unborn(dt.date(2027, 1, 9))
    )
    return Family(parents=[MOTHER, PARTNER], infant=infant)


def referral(route: Any = None, **kwargs: Any) -> Referral:
    return Referral(
        id="R-1",
        received=T0.date(),
        route=route or ProfessionalReferral(Referrer(name="Jo Hart", role="health-visitor")),
        family=kwargs.pop("family", family()),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "social-isolation"]),
        **kwargs,
    )


def run(*commands: Any, start: dt.datetime = T0) -> Case:
    """Open case R-1 at ``start`` and apply ``commands`` one hour apart."""
    case, _ = open_case("R-1", at=start)
    for hours, command in enumerate(commands, start=1):
        case, _ = apply(case, command, at=start + dt.timedelta(hours=hours))
    return case


def visit(start: dt.datetime, mode: str = "home-visit") -> BookAppointment:
    return BookAppointment(
        appointment=Appointment(
            start=start,
            duration=dt.timedelta(minutes=90),
            session_type="assessment",
            mode=mode,
            practitioner="Priya Shah",
        )
    )


TO_WAITING = (StartScreening(), AcceptToWaitingList())
TO_ALLOCATED = (*TO_WAITING, Allocate(practitioner="Priya Shah", keyworker="Kim Lee"))


# --------------------------------------------------------------------------- the sample


@pytest.mark.parametrize("entry", SAMPLE.referrals, ids=lambda e: e.referral.id)
def test_every_sample_case_exports_a_valid_bundle(entry: SampleEntry) -> None:
    case = build_case(entry, SAMPLE.team)
    bundle = case_bundle(
        entry.referral, case, decision=decide(entry, SAMPLE.team), team_name=SAMPLE.team.name
    )
    check_bundle(bundle)
    assert bundle["type"] == "collection"
    assert one(bundle, "ServiceRequest")["subject"]["reference"] == bundle["entry"][0]["fullUrl"]


def test_the_same_case_gives_the_same_bundle() -> None:
    assert sample_bundle("RPI-2026-055") == sample_bundle("RPI-2026-055")


def test_identifiers_depend_on_base_id_and_kind_only() -> None:
    first = sample_bundle("RPI-2026-055")
    other = sample_bundle("RPI-2026-055", base_id="RX1/RPI-2026-055")
    ours = {e["fullUrl"] for e in first["entry"]}
    theirs = {e["fullUrl"] for e in other["entry"]}
    assert not ours & theirs
    assert len(ours) == len(first["entry"])


def test_later_events_keep_the_identifiers_already_exported() -> None:
    case = run(*TO_ALLOCATED, LogCommunication(channel="text", summary="Hello"))
    before = {e["fullUrl"] for e in case_bundle(referral(), case)["entry"]}
    later, _ = apply(
        case, LogCommunication(channel="letter", summary="Letter"), at=T0 + dt.timedelta(days=2)
    )
    after = {e["fullUrl"] for e in case_bundle(referral(), later)["entry"]}
    assert before < after
    assert len(after - before) == 1


# --------------------------------------------------------------------------- patient and family


def test_the_infant_is_the_patient_with_nhs_number_name_and_birth_date() -> None:
    bundle = case_bundle(referral(), run())
    patient = one(bundle, "Patient")
    assert patient["identifier"] == [{"system": NHS_NUMBER_SYSTEM, "value": "9434765919"}]
    assert patient["name"] == [{"text": "Noor"}]
    assert patient["birthDate"] == "2026-09-01"
    assert set(patient) == {"resourceType", "id", "identifier", "name", "birthDate"}


def test_an_unborn_baby_has_no_birth_date_and_the_referral_says_antenatal() -> None:
    bundle = case_bundle(referral(family=family(born=False)), run())
    assert set(one(bundle, "Patient")) == {"resourceType", "id"}
    notes = [n["text"] for n in one(bundle, "ServiceRequest")["note"]]
    assert "antenatal referral: baby due 2027-01-09" in notes


def test_parents_are_related_people_with_name_and_relationship_only() -> None:
    bundle = case_bundle(referral(), run())
    mother, partner = resources(bundle, "RelatedPerson")
    assert mother["relationship"][0]["coding"][0]["code"] == "MTH"
    assert partner["relationship"] == [{"text": "mother's partner"}]
    assert set(mother) == {"resourceType", "id", "patient", "relationship", "name"}


def test_two_parents_of_one_name_are_two_related_people_R_REC_5() -> None:
    """Each parent is a RelatedPerson by place; a name the case gives means the first of it."""
    alex = Parent("Alex Morgan", "mother")
    family = Family(
        parents=[alex, Parent("Alex Morgan", "father")], infant=Infant.unborn(dt.date(2027, 1, 9))
    )
    start = T0 + dt.timedelta(days=3)
    came = RecordAttendance(start=start, attendance="attended", attended_by=["Alex Morgan"])
    case, _ = apply(run(*TO_ALLOCATED, visit(start)), came, at=start)
    bundle = case_bundle(referral(SelfReferral(), family=family), case)
    check_bundle(bundle)
    mother, father = (
        entry for entry in bundle["entry"] if entry["resource"]["resourceType"] == "RelatedPerson"
    )
    assert mother["fullUrl"] != father["fullUrl"]
    assert [p["resource"]["relationship"][0]["text"] for p in (mother, father)] == [
        "mother",
        "father",
    ]
    # The same identifiers as before for each place in the family.
    assert [mother["fullUrl"], father["fullUrl"]] == [
        entry["fullUrl"]
        for entry in case_bundle(referral(SelfReferral()), case)["entry"]
        if entry["resource"]["resourceType"] == "RelatedPerson"
    ]
    assert one(bundle, "ServiceRequest")["requester"] == {
        "reference": mother["fullUrl"],
        "display": "Alex Morgan",
    }
    actor = one(bundle, "Appointment")["participant"][2]["actor"]
    assert actor == {"reference": mother["fullUrl"], "display": "Alex Morgan"}


# --------------------------------------------------------------------------- the referral


@pytest.mark.parametrize(
    ("role", "code"), [(r, c) for r, (c, _) in SOURCE_OF_REFERRAL_CODES.items()]
)
def test_source_of_referral_carries_the_nhs_code_where_certain(
    role: ReferrerRole, code: str
) -> None:
    route = ProfessionalReferral(Referrer(name="Jo Hart", role=role))
    request = one(case_bundle(referral(route), run()), "ServiceRequest")
    (extension,) = request["extension"]
    assert extension["url"] == SOURCE_OF_REFERRAL_EXTENSION
    coding = extension["valueCodeableConcept"]["coding"]
    assert [(c["system"], c["code"]) for c in coding] == [(SOURCE_OF_REFERRAL_SYSTEM, code)]


@pytest.mark.parametrize(
    "role", [r for r in ReferrerRole if r not in SOURCE_OF_REFERRAL_CODES], ids=lambda r: r.value
)
def test_source_of_referral_is_text_only_for_other_roles(role: ReferrerRole) -> None:
    route = ProfessionalReferral(Referrer(name="Jo Hart", role=role))
    request = one(case_bundle(referral(route), run()), "ServiceRequest")
    assert request["extension"][0]["valueCodeableConcept"] == {"text": role.label}


def test_a_self_referral_is_requested_by_the_first_parent() -> None:
    bundle = case_bundle(referral(SelfReferral()), run())
    request = one(bundle, "ServiceRequest")
    mother = resources(bundle, "RelatedPerson")[0]
    assert request["requester"]["reference"] == f"urn:uuid:{mother['id']}"
    assert request["extension"][0]["valueCodeableConcept"] == {"text": "self-referral"}


def test_risk_factors_are_reasons_and_urgent_triage_is_urgent_priority() -> None:
    triaged = referral(
        triage=TriageOutcome(band="urgent", decided_by="Dr Rao", decided_on=T0.date())
    )
    request = one(case_bundle(triaged, run()), "ServiceRequest")
    assert request["priority"] == "urgent"
    assert [r["text"] for r in request["reasonCode"]] == [f.label for f in triaged.risk_factors]
    assert one(case_bundle(referral(), run()), "ServiceRequest")["priority"] == "routine"


@pytest.mark.parametrize(
    ("commands", "status"),
    [
        ((), "active"),
        (TO_WAITING, "active"),
        ((StartScreening(), DeclineCase(reason="out-of-area", explanation="Kent")), "revoked"),
        ((Withdraw(),), "revoked"),
        ((*TO_ALLOCATED, ReferBack()), "revoked"),
        ((*TO_ALLOCATED, StartAssessment(), Close(reason="no-further-work")), "completed"),
        ((*TO_ALLOCATED, StartAssessment(), Close(reason="other", note="x")), "revoked"),
    ],
)
def test_service_request_status_follows_the_case(commands: tuple[Any, ...], status: str) -> None:
    assert one(case_bundle(referral(), run(*commands)), "ServiceRequest")["status"] == status


# --------------------------------------------------------------------------- screening


@pytest.mark.parametrize(
    ("commands", "status", "business"),
    [
        ((), "requested", "waiting to be screened"),
        ((StartScreening(),), "received", "being screened"),
        (
            (StartScreening(), RequestInformation(missing=["gp"])),
            "received",
            "waiting for information: the family's GP",
        ),
        (
            (StartScreening(), RequestInformation(missing=["gp"]), ReceiveInformation()),
            "received",
            "being screened (information received)",
        ),
        (TO_WAITING, "accepted", "accepted to the waiting list"),
        (
            (StartScreening(), Allocate(practitioner="Priya Shah")),
            "accepted",
            "accepted straight to a practitioner",
        ),
        (
            (StartScreening(), DeclineCase(reason="out-of-area", explanation="Kent")),
            "rejected",
            "declined",
        ),
        ((StartScreening(), Withdraw()), "cancelled", "withdrawn before a decision"),
        (
            (
                StartScreening(),
                RequestInformation(missing=["gp"]),
                Close(reason="information-not-received"),
            ),
            "rejected",
            "closed before a decision",
        ),
        ((*TO_ALLOCATED, Withdraw()), "accepted", "accepted to the waiting list"),
    ],
)
def test_screening_task_moves_requested_received_then_accepted_or_rejected(
    commands: tuple[Any, ...], status: str, business: str
) -> None:
    task = one(case_bundle(referral(), run(*commands)), "Task")
    assert (task["status"], task["businessStatus"]["text"]) == (status, business)


def test_a_decline_gives_its_reason_and_the_decision_its_due_date_and_screener() -> None:
    bundle = sample_bundle("RPI-2026-050")
    task = one(bundle, "Task")
    entry = sample_entry("RPI-2026-050")
    decision = decide(entry, SAMPLE.team)
    assert task["status"] == "rejected"
    assert task["statusReason"]["text"].endswith(decision.explanation)  # type: ignore[union-attr]
    assert task["restriction"] == {"period": {"end": decision.due.isoformat()}}
    assert task["executionPeriod"]["end"] == task["lastModified"]
    assert "EpisodeOfCare" not in {r["resourceType"] for r in resources(bundle)}


def test_a_decision_for_another_referral_or_outcome_is_refused() -> None:
    entry = sample_entry("RPI-2026-050")
    case = build_case(entry, SAMPLE.team)
    declined = decide(entry, SAMPLE.team)
    accepted = Accept(
        referral_id=entry.referral.id,
        received=declined.received,
        due=declined.due,
        decided_on=declined.decided_on,
    )
    with pytest.raises(InvalidDecision, match="must be the decision the case records"):
        case_bundle(entry.referral, case, decision=accepted)
    other = decide(sample_entry("RPI-2026-041"), SAMPLE.team)
    with pytest.raises(InvalidDecision, match="must be the referral's id"):
        case_bundle(entry.referral, case, decision=other)


def test_bad_arguments_are_typed_errors() -> None:
    with pytest.raises(InvalidReferral):
        case_bundle("R-1", run())  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicy, match="team_name"):
        case_bundle(referral(), run(), team_name=" ")
    with pytest.raises(InvalidPolicy, match="zone"):
        case_bundle(referral(), run(), zone="UTC")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the episode


def history(bundle: dict[str, Any]) -> list[str]:
    return [h["status"] for h in one(bundle, "EpisodeOfCare")["statusHistory"]]


def test_episode_moves_waitlist_active_finished_with_periods_from_the_events() -> None:
    case = run(*TO_ALLOCATED, StartAssessment(), Close(reason="no-further-work"))
    episode = one(case_bundle(referral(), case), "EpisodeOfCare")
    assert episode["status"] == "finished"
    waitlist, active, finished = episode["statusHistory"]
    accepted, allocated, closed = (case.events[i].at for i in (2, 3, 5))
    assert waitlist == {
        "status": "waitlist",
        "period": {
            "start": f"{accepted.isoformat()}+00:00",
            "end": f"{allocated.isoformat()}+00:00",
        },
    }
    assert active["period"]["end"] == finished["period"]["start"] == f"{closed.isoformat()}+00:00"
    assert episode["period"]["end"] == finished["period"]["start"]
    assert episode["careManager"] == {"display": "Priya Shah"}


def test_withdrawal_from_the_waiting_list_cancels_the_episode() -> None:
    assert history(case_bundle(referral(), run(*TO_WAITING, Withdraw()))) == [
        "waitlist",
        "cancelled",
    ]


def test_a_follow_up_reopens_the_episode() -> None:
    case = run(*TO_ALLOCATED, StartAssessment(), Close(reason="no-further-work"), Reopen())
    bundle = case_bundle(referral(), case)
    assert history(bundle) == ["waitlist", "active", "finished", "active"]
    assert one(bundle, "EpisodeOfCare")["status"] == "active"
    assert "end" not in one(bundle, "EpisodeOfCare")["period"]


def test_care_team_keeps_every_allocation_with_its_period() -> None:
    case = run(*TO_ALLOCATED, Reallocate(practitioner="Tom Webb", keyworker="Kim Lee"))
    team = one(case_bundle(referral(), case), "CareTeam")
    members = [
        (p["role"][0]["text"], p["member"]["display"], "end" in p["period"])
        for p in team["participant"]
    ]
    assert members == [
        ("allocated practitioner", "Priya Shah", True),
        ("keyworker", "Kim Lee", False),
        ("allocated practitioner", "Tom Webb", False),
    ]
    assert team["status"] == "active"


# --------------------------------------------------------------------------- sessions


@pytest.mark.parametrize(
    ("attendance", "status", "encounter"),
    [
        (None, "booked", False),
        ("attended", "fulfilled", True),
        ("late-seen", "fulfilled", True),
        ("late-not-seen", "noshow", False),
        ("did-not-attend", "noshow", False),
        ("cancelled-by-family", "cancelled", False),
        ("cancelled-by-team", "cancelled", False),
    ],
)
def test_appointment_status_follows_attendance_and_only_seen_ones_are_encounters(
    attendance: str | None, status: str, encounter: bool
) -> None:
    start = T0 + dt.timedelta(days=3)
    commands: list[Any] = [*TO_ALLOCATED, visit(start)]
    case = run(*commands)
    if attendance is not None:
        seen = ["Ana Lopes"] if attendance in ("attended", "late-seen") else []
        case, _ = apply(
            case,
            RecordAttendance(start=start, attendance=attendance, attended_by=seen),
            at=start + dt.timedelta(hours=2),
        )
    bundle = case_bundle(referral(), case)
    check_bundle(bundle)
    appointment = one(bundle, "Appointment")
    assert appointment["status"] == status
    assert appointment["start"] == "2026-11-05T09:00:00+00:00"
    assert appointment["minutesDuration"] == 90
    assert len(resources(bundle, "Encounter")) == int(encounter)


@pytest.mark.parametrize(
    ("mode", "code"), [("home-visit", "HH"), ("clinic", "AMB"), ("phone", "VR"), ("video", "VR")]
)
def test_encounter_class_follows_the_mode(mode: str, code: str) -> None:
    start = T0 + dt.timedelta(days=3)
    case = run(*TO_ALLOCATED, visit(start, mode))
    case, _ = apply(case, RecordAttendance(start=start, attendance="attended"), at=start)
    bundle = case_bundle(referral(), case)
    encounter = one(bundle, "Encounter")
    assert encounter["class"]["code"] == code
    assert encounter["appointment"][0]["reference"] == bundle["entry"][-2]["fullUrl"]
    assert encounter["episodeOfCare"][0]["reference"].startswith("urn:uuid:")


# --------------------------------------------------------------------------- communications


def test_communications_carry_medium_direction_and_summary() -> None:
    case = run(
        *TO_ALLOCATED,
        RecordContactAttempt(channel="phone", outcome="no-answer"),
        RecordContactAttempt(channel="text", outcome="no-answer", summary="Asked to call back"),
        LogCommunication(channel="letter", summary="Appointment confirmed", with_whom="Ana Lopes"),
        LogCommunication(channel="email", summary="Can we move it?", direction="from-family"),
    )
    bundle = case_bundle(referral(), case, team_name="Riverside")
    call, text, letter, email = resources(bundle, "Communication")
    assert (call["status"], call["statusReason"]["text"], "sent" in call) == (
        "not-done",
        "no answer",
        False,
    )
    assert call["medium"][0]["coding"][0]["code"] == "PHONE"
    assert text["status"] == "completed"
    assert text["medium"] == [{"text": "text message"}]
    assert text["payload"] == [{"contentString": "Asked to call back"}]
    assert letter["medium"][0]["coding"][0]["code"] == "MAILWRIT"
    assert letter["recipient"][0]["display"] == "Ana Lopes"
    assert letter["sender"] == {"display": "Riverside"}
    assert email["medium"][0]["coding"][0]["code"] == "EMAILWRIT"
    assert (email["sender"], email["recipient"], "received" in email) == (
        {"display": "the family"},
        [{"display": "Riverside"}],
        True,
    )


# --------------------------------------------------------------------------- times and identifiers


@pytest.mark.parametrize(
    ("start", "minutes", "end"),
    [
        # 00:30 GMT for two hours: 02:30 UTC, which UK clocks show as 03:30 BST
        (dt.datetime(2026, 3, 29, 0, 30), 120, "2026-03-29T02:30:00+00:00"),
        # 00:30 BST for 90 minutes: 01:00 GMT, the second pass of the repeated hour
        (dt.datetime(2026, 10, 25, 0, 30), 90, "2026-10-25T02:00:00+01:00"),
        # 01:00 GMT (the second pass) for an hour: 02:00 GMT
        (
            dt.datetime(2026, 10, 25, 1, 0, fold=1, tzinfo=ZoneInfo("Europe/London")),
            60,
            "2026-10-25T02:00:00+00:00",
        ),
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), 60, "2026-10-25T01:30:00+00:00"),
    ],
)
def test_an_appointment_ends_its_duration_after_it_starts_across_a_clock_change_R_AP_5(
    start: dt.datetime, minutes: int, end: str
) -> None:
    """Elapsed time, as the calendar and minutesDuration have it, at the start's offset."""
    booking = BookAppointment(
        appointment=Appointment(
            start=start,
            duration=dt.timedelta(minutes=minutes),
            session_type="assessment",
            mode="clinic",
            practitioner="Priya Shah",
        )
    )
    case = run(*TO_ALLOCATED, booking, start=dt.datetime(2026, 3, 1, 9, tzinfo=start.tzinfo))
    case, _ = apply(case, RecordAttendance(start=start, attendance="attended"), at=start)
    bundle = case_bundle(referral(), case)
    check_bundle(bundle)
    appointment, encounter = one(bundle, "Appointment"), one(bundle, "Encounter")
    assert (appointment["end"], appointment["minutesDuration"]) == (end, minutes)
    assert encounter["period"] == {"start": appointment["start"], "end": end}
    elapsed = dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(appointment["start"])
    assert elapsed == dt.timedelta(minutes=minutes)


def test_a_naive_start_the_zones_clocks_skip_is_refused_as_the_calendar_refuses_it() -> None:
    # 02:30 on 8 March 2026 is an ordinary UK time, so booking takes it; New York skips it.
    start = dt.datetime(2026, 3, 8, 2, 30)
    case = run(*TO_ALLOCATED, visit(start))
    with pytest.raises(InvalidAppointment) as refused:
        case_bundle(referral(), case, zone=ZoneInfo("America/New_York"))
    assert str(refused.value) == (
        "start must be a time that exists in America/New_York (the clocks go forward over it),"
        " got datetime.datetime(2026, 3, 8, 2, 30)"
    )
    assert one(case_bundle(referral(), case), "Appointment")["start"] == (
        "2026-03-08T02:30:00+00:00"
    )


def test_an_appointment_ending_after_9999_is_a_typed_error() -> None:
    case = run(*TO_ALLOCATED, visit(dt.datetime(9999, 12, 31, 23)))
    with pytest.raises(InvalidAppointment, match="years 1 to 9999"):
        case_bundle(referral(), case)


def test_naive_times_take_the_uk_zone_and_aware_times_are_kept() -> None:
    summer = run(start=dt.datetime(2026, 7, 1, 9))
    assert (
        one(case_bundle(referral(), summer), "Task")["authoredOn"] == "2026-07-01T09:00:00+01:00"
    )
    aware = run(start=dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC))
    assert one(case_bundle(referral(), aware), "Task")["authoredOn"] == "2026-07-01T09:00:00+00:00"
    utc = case_bundle(referral(), summer, zone=dt.UTC)
    assert one(utc, "Task")["authoredOn"] == "2026-07-01T09:00:00+00:00"


def test_identifier_system_names_the_referral_and_case_numbers() -> None:
    bundle = case_bundle(referral(), run(*TO_WAITING), identifier_system="https://example.org/ids")
    assert one(bundle, "ServiceRequest")["identifier"] == [
        {"system": "https://example.org/ids", "value": "R-1"}
    ]
    assert one(bundle, "EpisodeOfCare")["identifier"][0]["value"] == "R-1"


def test_the_library_does_not_import_a_fhir_package() -> None:
    tree = ast.parse(inspect.getsource(fhir_module))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("fhir") for name in imported)


# --------------------------------------------------------------------------- any case at all


def _command(data: st.DataObject, case: Case, name: str, clock: dt.datetime) -> Any:
    """A command called ``name`` with drawn data; ``None`` when none fits the case."""
    who = st.sampled_from(["Priya Shah", "Tom Webb"])
    parents = [MOTHER.name, PARTNER.name]
    match name:
        case "start-screening":
            return StartScreening()
        case "request-information":
            return RequestInformation(
                missing=data.draw(st.sampled_from([["gp"], ["reason", "gp"]]))
            )
        case "receive-information":
            return ReceiveInformation()
        case "decline":
            return DeclineCase(reason="out-of-area", explanation="Lives in Kent")
        case "accept":
            return AcceptToWaitingList()
        case "allocate" | "reallocate":
            cls = Allocate if name == "allocate" else Reallocate
            return cls(
                practitioner=data.draw(who), keyworker=data.draw(st.none() | st.just("Kim Lee"))
            )
        case "record-contact-attempt":
            return RecordContactAttempt(
                channel=data.draw(st.sampled_from(["text", "phone", "letter", "email"])),
                outcome=data.draw(
                    st.sampled_from(["no-answer", "message-left", "spoke-not-ready"])
                ),
            )
        case "log-communication":
            return LogCommunication(
                channel=data.draw(st.sampled_from(["text", "phone", "letter", "email"])),
                summary="Reminder",
                direction=data.draw(st.sampled_from(["to-family", "from-family"])),
                with_whom=data.draw(st.none() | st.sampled_from([*parents, "health visitor"])),
            )
        case "book-appointment":
            start = clock + dt.timedelta(days=data.draw(st.integers(1, 20)))
            return visit(
                start, data.draw(st.sampled_from(["home-visit", "clinic", "phone", "video"]))
            )
        case "record-attendance":
            pending = [a.start for a in case.appointments if a.attendance is None]
            if not pending:
                return None
            attendance = data.draw(
                st.sampled_from(
                    [
                        "attended",
                        "late-seen",
                        "late-not-seen",
                        "did-not-attend",
                        "cancelled-by-team",
                    ]
                )
            )
            seen = attendance in ("attended", "late-seen")
            came = data.draw(st.lists(st.sampled_from(parents), unique=True)) if seen else []
            return RecordAttendance(
                start=data.draw(st.sampled_from(pending)), attendance=attendance, attended_by=came
            )
        case "close":
            reasons = sorted(r.value for r in CLOSURE_REASONS[case.state][CaseState.CLOSED])
            reason = data.draw(st.sampled_from(reasons))
            return Close(reason=reason, note="why" if reason == "other" else "")
        case "withdraw":
            return Withdraw(reason=data.draw(st.sampled_from(["family-withdrew", "moved-away"])))
        case "refer-back":
            return ReferBack()
        case "start-assessment":
            return StartAssessment()
        case "start-intervention":
            return StartIntervention()
        case "start-ending":
            return StartEnding()
        case "resume-intervention":
            return ResumeIntervention()
        case "reopen":
            return Reopen()
    raise AssertionError(name)


EPISODE_STATES = {
    CaseState.WAITING,
    CaseState.ALLOCATED,
    CaseState.ENGAGING,
    CaseState.ASSESSMENT,
    CaseState.INTERVENTION,
    CaseState.ENDING,
    CaseState.FOLLOW_UP,
}


@given(data=st.data(), born=st.booleans(), steps=st.integers(0, 25))
def test_any_case_the_lifecycle_allows_exports_a_valid_bundle(
    data: st.DataObject, born: bool, steps: int
) -> None:
    case, _ = open_case("R-1", at=T0)
    clock = T0
    for _ in range(steps):
        if not case.allowed:
            break
        # withdrawal is allowed everywhere and ends the walk: keep it rare
        names = [n for n in case.allowed if n != "withdraw"]
        if not names or data.draw(st.integers(0, 19)) == 0:
            names = list(case.allowed)
        command = _command(data, case, data.draw(st.sampled_from(names)), clock)
        if command is None:
            continue
        clock += dt.timedelta(hours=data.draw(st.integers(1, 200)))
        if isinstance(command, RecordAttendance):
            clock = max(clock, command.start)
        try:
            case, _ = apply(case, command, at=clock)
        except InvalidCommand:  # a reopen after a closure that allows none, and the like
            continue
    route = data.draw(
        st.sampled_from([SelfReferral(), ProfessionalReferral(Referrer(name="Jo", role="gp"))])
    )
    event(case.state.value)
    bundle = case_bundle(referral(route, family=family(born=born)), case)
    check_bundle(bundle)
    assert bundle == case_bundle(referral(route, family=family(born=born)), case)
    kinds = {r["resourceType"] for r in resources(bundle)}
    # an episode once the case was on the waiting list or worked on (a follow-up too)
    assert ("EpisodeOfCare" in kinds) == any(e.to_state in EPISODE_STATES for e in case.events)
    assert len(resources(bundle, "Appointment")) == len(case.appointments)
    assert len(resources(bundle, "Communication")) == len(case.contact_attempts) + len(
        case.communications
    )
