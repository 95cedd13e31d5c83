"""A case as FHIR R4 resources: one Bundle of type ``collection`` per case (issue 6).

`case_bundle` turns a referral, its case and (optionally) the screening
decision into plain JSON-ready data, the FHIR R4 JSON a receiving NHS system
reads. It imports no FHIR library: the resources are dictionaries built here
and checked in the test suite against the ``fhir.resources`` models.

What goes where (the guide, ``docs/guides/fhir.md``, has the full tables):

- the infant as **Patient** (NHS number, name, date of birth; nothing for an
  unborn baby but what is known) and each parent as **RelatedPerson**
  (name and relationship only; one each, even for two parents of one name);
- the referral as **ServiceRequest**, with the source of referral;
- screening as **Task**: requested, received, then accepted or rejected;
- the waiting list and the episode as **EpisodeOfCare**: waitlist, active,
  finished;
- the allocated practitioner and keyworker as **CareTeam**;
- each booked appointment as **Appointment**, and each one where the family
  was seen also as **Encounter**;
- each contact attempt and logged communication as **Communication**.

Every resource's ``fullUrl`` is a ``urn:uuid`` made with `uuid.uuid5` from
the case and the resource's kind (parents by their place in the family), so
the same case always gives the same bundle, and the resources refer to each
other by those urns. People outside the family (referrer, practitioners,
the team) are references by name only (``display``): the library knows their
names, not their identifiers. Where the case names a parent (who came to an
appointment, who a letter went to), the reference is to the first parent of
that name: with two parents of one name, the case cannot say which it means.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent
    >>> from parentinfant.lifecycle import AcceptToWaitingList, StartScreening, apply, open_case
    >>> from parentinfant.screening import Referral, SelfReferral
    >>> referral = Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
    ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))))
    >>> case, _ = open_case("R-1", at=dt.datetime(2026, 11, 2, 9))
    >>> case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 3, 9))
    >>> case, _ = apply(case, AcceptToWaitingList(), at=dt.datetime(2026, 11, 3, 15))
    >>> bundle = case_bundle(referral, case, team_name="Riverside PIP team")
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]]
    ['Patient', 'RelatedPerson', 'ServiceRequest', 'Task', 'EpisodeOfCare']
    >>> [e["resource"]["status"] for e in bundle["entry"][2:]]
    ['active', 'accepted', 'waitlist']
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from parentinfant._commands import (
    AcceptToWaitingList,
    Allocate,
    Close,
    ClosureReason,
    DeclineCase,
    Direction,
    LogCommunication,
    Reallocate,
    ReceiveInformation,
    RecordContactAttempt,
    RequestInformation,
    StartScreening,
    Withdraw,
)
from parentinfant._referral import Consultation, ProfessionalReferral, Referral, SelfReferral
from parentinfant.contact import Appointment, Attendance, Mode
from parentinfant.errors import (
    InvalidAppointment,
    InvalidDecision,
    InvalidHistory,
    InvalidPolicy,
    InvalidReferral,
)
from parentinfant.family import ContactChannel, Parent, ParentRole, ReferrerRole
from parentinfant.lifecycle import BookAppointment, Case, CaseState, ContactOutcome, Event
from parentinfant.screening import Accept, Decline, MoreInformationNeeded, ScreeningDecision

__all__ = [
    "ENCOUNTER_CLASS_SYSTEM",
    "NHS_NUMBER_SYSTEM",
    "PARTICIPATION_MODE_SYSTEM",
    "SOURCE_OF_REFERRAL_CODES",
    "SOURCE_OF_REFERRAL_EXTENSION",
    "SOURCE_OF_REFERRAL_SYSTEM",
    "case_bundle",
]

JSON = dict[str, Any]

NHS_NUMBER_SYSTEM: Final = "https://fhir.nhs.uk/Id/nhs-number"
"""The identifier system for NHS numbers (NHS England's FHIR naming)."""

SOURCE_OF_REFERRAL_EXTENSION: Final = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest"
)
"""UK Core's extension on ServiceRequest for where a referral came from.

Its value set (preferred binding) is SNOMED CT; this library carries the NHS
Data Dictionary code instead, where it is certain, and always the text."""

SOURCE_OF_REFERRAL_SYSTEM: Final = (
    "https://www.datadictionary.nhs.uk/data_elements/source_of_referral_for_mental_health.html"
)
"""The NHS Data Model and Dictionary page of SOURCE OF REFERRAL FOR MENTAL HEALTH.

No FHIR canonical URL is published for this code list; the page that defines
it stands in as the coding's system. A receiving system may need to map it."""

SOURCE_OF_REFERRAL_CODES: Mapping[ReferrerRole, tuple[str, str]] = MappingProxyType(
    {
        ReferrerRole.GP: ("A1", "Primary Health Care: General Medical Practitioner Practice"),
        ReferrerRole.HEALTH_VISITOR: ("A2", "Primary Health Care: Health Visitor"),
        ReferrerRole.MIDWIFE: ("A4", "Primary Health Care: Maternity Service"),
        ReferrerRole.SOCIAL_WORKER: (
            "C1",
            "Local Authority and Other Public Services: Social Services",
        ),
    }
)
"""MHSDS SOURCE OF REFERRAL FOR MENTAL HEALTH codes for the referrer roles that map
to one code without doubt.

Every other role (and a self-referral, where the code depends on whether the
infant or a parent is the data set's patient) is exported as text only: the
right code depends on the referrer's service, which the library does not know
(a perinatal team may be another trust's, an internal referral or a transfer).
"""

ENCOUNTER_CLASS_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
"""The code system of ``Encounter.class`` in FHIR R4 (v3 ActCode)."""

PARTICIPATION_MODE_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
"""The code system of ``Communication.medium`` in FHIR R4 (v3 ParticipationMode)."""

_NAMESPACE = uuid.UUID("01255cb3-93b5-5700-8ff4-a5a45c16285f")

_ENCOUNTER_CLASS = {
    Mode.HOME_VISIT: ("HH", "home health"),
    Mode.CLINIC: ("AMB", "ambulatory"),
    Mode.PHONE: ("VR", "virtual"),
    Mode.VIDEO: ("VR", "virtual"),
}

# Text messages have no code in the R4 edition of ParticipationMode: text only.
_MEDIUM: dict[ContactChannel, tuple[str | None, str]] = {
    ContactChannel.TEXT: (None, "text message"),
    ContactChannel.PHONE: ("PHONE", "telephone"),
    ContactChannel.LETTER: ("MAILWRIT", "mail"),
    ContactChannel.EMAIL: ("EMAILWRIT", "email"),
}

_RELATIONSHIP = {ParentRole.MOTHER: ("MTH", "mother"), ParentRole.FATHER: ("FTH", "father")}

_APPOINTMENT_STATUS = {
    None: "booked",
    Attendance.ATTENDED: "fulfilled",
    Attendance.LATE_SEEN: "fulfilled",
    Attendance.LATE_NOT_SEEN: "noshow",
    Attendance.DID_NOT_ATTEND: "noshow",
    Attendance.CANCELLED_BY_FAMILY: "cancelled",
    Attendance.CANCELLED_BY_TEAM: "cancelled",
}

_WORK_DONE = frozenset(
    {
        ClosureReason.WORK_COMPLETED,
        ClosureReason.NO_FURTHER_WORK,
        ClosureReason.REFERRED_ON,
        ClosureReason.FOLLOW_UP_COMPLETED,
    }
)

_ACTIVE_STATES = frozenset(
    {
        CaseState.ALLOCATED,
        CaseState.ENGAGING,
        CaseState.ASSESSMENT,
        CaseState.INTERVENTION,
        CaseState.ENDING,
        CaseState.FOLLOW_UP,
    }
)

_LONDON = "Europe/London"


def case_bundle(
    referral: Referral,
    case: Case,
    *,
    decision: ScreeningDecision | None = None,
    team_name: str = "Parent-infant team",
    base_id: str | None = None,
    identifier_system: str | None = None,
    zone: dt.tzinfo | None = None,
) -> JSON:
    """One case as a FHIR R4 Bundle of type ``collection``, as JSON-ready data.

    The same arguments always give the same bundle: nothing reads the clock,
    and every ``fullUrl`` is a ``urn:uuid`` made with `uuid.uuid5` from
    ``base_id`` and the resource's kind (appointments and communications by
    the sequence number of the event that recorded them), so adding events
    to a case keeps the identifiers of what was exported before.

    Args:
        referral: The referral the case is about.
        case: The case, as `parentinfant.lifecycle.apply` left it.
        decision: The screening decision, when at hand: adds who decided, the
            day the decision was due and any reason for lateness to the Task.
            It must be the decision the case records.
        team_name: The team, as shown to the receiving system (performer,
            managing organisation, sender of letters and texts).
        base_id: What the identifiers are made from; defaults to the case id.
            Give something unique across teams (``"RX1/RPI-2026-041"``) when
            case ids may collide.
        identifier_system: A URI naming the team's referral and case numbers;
            when given, ServiceRequest and EpisodeOfCare carry the referral id
            and case id as identifiers in that system.
        zone: The time zone of naive times on the case (FHIR needs a zone on
            every time); defaults to Europe/London (from the system's time zone
            database, or the ``tzdata`` package where there is none). Aware
            times are kept as they are. An appointment ends its duration of
            elapsed time after it starts (as in the calendar), written at its
            start's UTC offset, so one across a clock change ends at the
            right instant.

    Returns:
        A ``dict`` ready for `json.dumps`: the Bundle and its entries.

    Raises:
        InvalidReferral: When ``referral`` is not a `Referral`.
        InvalidHistory: When ``case`` is not a `Case`.
        InvalidDecision: When ``decision`` is for another referral, or not
            the decision the case records.
        InvalidPolicy: When ``team_name`` or ``base_id`` is empty, or
            ``zone`` is not a time zone.
        InvalidAppointment: When an appointment's naive start is a time
            ``zone``'s clocks skip (as the calendar refuses it; booking
            already refuses one the UK clocks skip), or its start or end is
            beyond what ``zone`` and UTC both reach.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, Referrer
        >>> from parentinfant.lifecycle import DeclineCase, StartScreening, apply, open_case
        >>> from parentinfant.screening import ProfessionalReferral, Referral
        >>> referral = Referral(id="R-2", received=dt.date(2026, 11, 2),
        ...     route=ProfessionalReferral(Referrer(name="Dr Okafor", role="gp")),
        ...     family=Family(parents=[Parent("Ana", "mother")],
        ...                   infant=Infant.born_on(dt.date(2026, 9, 1), name="Noor")))
        >>> case, _ = open_case("R-2", at=dt.datetime(2026, 11, 2, 9))
        >>> case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 3, 9))
        >>> case, _ = apply(case, DeclineCase(reason="out-of-area", explanation="Lives in Kent"),
        ...                 at=dt.datetime(2026, 11, 3, 15))
        >>> bundle = case_bundle(referral, case)
        >>> bundle["type"], len(bundle["entry"])
        ('collection', 4)
        >>> request, task = (e["resource"] for e in bundle["entry"][2:])
        >>> request["status"], request["extension"][0]["valueCodeableConcept"]["coding"][0]["code"]
        ('revoked', 'A1')
        >>> task["status"], task["statusReason"]["text"]
        ('rejected', 'the family lives outside the area the team serves: Lives in Kent')
        >>> task["lastModified"]
        '2026-11-03T15:00:00+00:00'
        >>> case_bundle(referral, case) == bundle
        True
    """
    if not isinstance(referral, Referral):
        raise InvalidReferral("referral", "must be a Referral", referral, rule=None)
    if not isinstance(case, Case):
        raise InvalidHistory("case", "must be a Case", case)
    if not isinstance(team_name, str) or not team_name.strip():
        raise InvalidPolicy("team_name", "must be non-empty text", team_name)
    if base_id is not None and (not isinstance(base_id, str) or not base_id.strip()):
        raise InvalidPolicy("base_id", "must be non-empty text when given", base_id)
    if zone is None:
        zone = zoneinfo.ZoneInfo(_LONDON)
    elif not isinstance(zone, dt.tzinfo):
        raise InvalidPolicy("zone", "must be a datetime.tzinfo", zone)
    if decision is not None:
        _check_decision(referral, case, decision)
    export = _Export(
        referral=referral,
        case=case,
        decision=decision,
        team=team_name,
        base=case.id if base_id is None else base_id,
        system=identifier_system,
        zone=zone,
    )
    return export.bundle()


def _screening_outcome(case: Case) -> str | None:
    """The kind of the case's latest screening decision, if it has one."""
    outcome: str | None = None
    for event in case.events:
        match event.command:
            case DeclineCase():
                outcome = "decline"
            case AcceptToWaitingList():
                outcome = "accept"
            case Allocate() if event.from_state is CaseState.SCREENING:
                outcome = "accept"
            case RequestInformation():
                outcome = "more-information"
            case _:
                pass
    return outcome


def _check_decision(referral: Referral, case: Case, decision: ScreeningDecision) -> None:
    if not isinstance(decision, Accept | Decline | MoreInformationNeeded):
        raise InvalidDecision("decision", "must be a screening decision", decision, rule=None)
    if decision.referral_id != referral.id:
        raise InvalidDecision(
            "decision.referral_id",
            f"must be the referral's id {referral.id!r}",
            decision.referral_id,
            rule=None,
        )
    outcome = _screening_outcome(case)
    if outcome != decision.kind:
        raise InvalidDecision(
            "decision",
            f"must be the decision the case records ({outcome or 'none yet'})",
            decision.kind,
            rule=None,
        )


def _reference(url: str, display: str | None = None) -> JSON:
    ref: JSON = {"reference": url}
    if display:
        ref["display"] = display
    return ref


def _text(text: str) -> JSON:
    return {"text": text}


class _Export:
    """Builds one case's resources; every method is deterministic."""

    def __init__(
        self,
        *,
        referral: Referral,
        case: Case,
        decision: ScreeningDecision | None,
        team: str,
        base: str,
        system: str | None,
        zone: dt.tzinfo,
    ) -> None:
        self.referral = referral
        self.case = case
        self.decision = decision
        self.team = team
        self.base = base
        self.system = system
        self.zone = zone
        self.entries: list[JSON] = []
        self.patient = self.url("patient")
        self.request = self.url("service-request")
        self.task = self.url("task")
        self.episode = self.url("episode-of-care")
        self.care_team = self.url("care-team")
        # One RelatedPerson per parent, by position: two parents may share a name.
        self.parents = [
            self.url(f"related-person/{i}") for i in range(len(referral.family.parents))
        ]
        # Attendance and letters name parents by name: the first parent of a name.
        self.parent_named: dict[str, str] = {}
        for parent, url in zip(referral.family.parents, self.parents, strict=True):
            self.parent_named.setdefault(parent.name, url)
        self.episode_history = self._episode_history()

    # ------------------------------------------------------------------ helpers

    def url(self, kind: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'parentinfant/{self.base}/{kind}')}"

    def time(self, at: dt.datetime) -> str:
        if at.utcoffset() is None:
            at = at.replace(tzinfo=self.zone)
        return at.isoformat()

    def add(self, url: str, resource: JSON) -> None:
        resource = {"resourceType": resource.pop("resourceType"), "id": url[9:], **resource}
        self.entries.append({"fullUrl": url, "resource": resource})

    def person(self, name: str | None) -> JSON:
        """A reference to a parent by name, or a name-only reference to anyone else.

        The case names parents by name only (who came to an appointment, who a
        letter went to). When two parents share a name the case cannot say
        which of them it means, and the reference goes to the first of them;
        the ``display`` is the name either way.
        """
        if name is None:
            return _text_reference("the family")
        if name in self.parent_named:
            return _reference(self.parent_named[name], name)
        return _text_reference(name)

    def period(self, appointment: Appointment) -> tuple[str, str]:
        """An appointment's start and end as FHIR writes them.

        The end is ``duration`` of elapsed time after the start, as the calendar
        and ``minutesDuration`` have it (across a clock change that is not the
        start plus the duration on the clock), written at the start's UTC
        offset: the offset is what JSON keeps of an aware time's zone, so a
        case read back from JSON gives the same end. A naive start is
        wall-clock time in the export's zone and must be one its clocks show:
        the calendar refuses one they skip, and so does this.
        """
        start = appointment.start
        try:
            if start.utcoffset() is None:
                aware = start.replace(tzinfo=self.zone)
                wall = aware.astimezone(dt.UTC).astimezone(self.zone).replace(tzinfo=None)
                if wall != start.replace(tzinfo=None):
                    raise InvalidAppointment(
                        "start",
                        f"must be a time that exists in {self.zone}"
                        " (the clocks go forward over it)",
                        start,
                    )
                start = aware
            offset = dt.timezone(start.utcoffset() or dt.timedelta(0))
            end = (start.astimezone(dt.UTC) + appointment.duration).astimezone(offset)
        except OverflowError:  # within a day of 0001-01-01 or 9999-12-31
            raise InvalidAppointment(
                "start",
                f"must be a time that {self.zone} and UTC both reach, and so must its end"
                " (years 1 to 9999)",
                appointment.start,
            ) from None
        return start.isoformat(), end.isoformat()

    # ------------------------------------------------------------------ the bundle

    def bundle(self) -> JSON:
        self.add_patient()
        for url, parent in zip(self.parents, self.referral.family.parents, strict=True):
            self.add_related_person(url, parent)
        self.add_service_request()
        self.add_task()
        if self.episode_history:
            self.add_episode_of_care()
        if self.case.allocation is not None:
            self.add_care_team()
        self.add_appointments()
        self.add_communications()
        return {
            "resourceType": "Bundle",
            "id": self.url("bundle")[9:],
            "type": "collection",
            "entry": self.entries,
        }

    def add_patient(self) -> None:
        infant = self.referral.family.infant
        patient: JSON = {"resourceType": "Patient"}
        if infant.nhs_number is not None:
            patient["identifier"] = [
                {"system": NHS_NUMBER_SYSTEM, "value": infant.nhs_number.digits}
            ]
        if infant.name:
            patient["name"] = [{"text": infant.name}]
        if infant.date_of_birth is not None:
            patient["birthDate"] = infant.date_of_birth.isoformat()
        self.add(self.patient, patient)

    def add_related_person(self, url: str, parent: Parent) -> None:
        relationship: JSON = _text(parent.relationship_to_baby or parent.role.value)
        if parent.role in _RELATIONSHIP:
            code, display = _RELATIONSHIP[parent.role]
            relationship["coding"] = [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                    "code": code,
                    "display": display,
                }
            ]
        self.add(
            url,
            {
                "resourceType": "RelatedPerson",
                "patient": _reference(self.patient),
                "relationship": [relationship],
                "name": [{"text": parent.name}],
            },
        )

    def add_service_request(self) -> None:
        referral = self.referral
        request: JSON = {"resourceType": "ServiceRequest"}
        request["extension"] = [
            {"url": SOURCE_OF_REFERRAL_EXTENSION, "valueCodeableConcept": self.source()}
        ]
        if self.system:
            request["identifier"] = [{"system": self.system, "value": referral.id}]
        request |= {
            "status": self.request_status(),
            "intent": "order",
            "priority": "urgent"
            if referral.triage is not None and referral.triage.band == "urgent"
            else "routine",
            "code": _text("parent-infant relationship service"),
            "subject": _reference(self.patient),
            "authoredOn": referral.received.isoformat(),
            "requester": self.requester(),
            "performer": [_text_reference(self.team)],
        }
        if referral.risk_factors:
            request["reasonCode"] = [_text(f.label) for f in referral.risk_factors]
        notes = []
        if referral.reason.strip():
            notes.append(referral.reason)
        infant = referral.family.infant
        if not infant.born and infant.expected_due_date is not None:
            notes.append(f"antenatal referral: baby due {infant.expected_due_date.isoformat()}")
        if notes:
            request["note"] = [_text(n) for n in notes]
        self.add(self.request, request)

    def source(self) -> JSON:
        match self.referral.route:
            case SelfReferral():
                return _text("self-referral")
            case ProfessionalReferral(referrer=referrer) | Consultation(consultee=referrer):
                concept = _text(referrer.role.label)
                if referrer.role in SOURCE_OF_REFERRAL_CODES:
                    code, display = SOURCE_OF_REFERRAL_CODES[referrer.role]
                    concept["coding"] = [
                        {"system": SOURCE_OF_REFERRAL_SYSTEM, "code": code, "display": display}
                    ]
                return concept
        raise AssertionError(self.referral.route)  # pragma: no cover - the three routes return

    def requester(self) -> JSON:
        referrer = self.referral.referrer
        if referrer is None:
            first = self.referral.family.parents[0]
            return _reference(self.parents[0], first.name)
        words = [referrer.name, referrer.role.label]
        if referrer.organisation:
            words.append(referrer.organisation)
        return _text_reference(", ".join(words))

    def request_status(self) -> str:
        state = self.case.state
        if not state.closed:
            return "active"
        closure = self.case.closure
        if state is CaseState.CLOSED and closure is not None and closure.reason in _WORK_DONE:
            return "completed"
        return "revoked"

    # ------------------------------------------------------------------ screening

    def add_task(self) -> None:
        status, business = "requested", "waiting to be screened"
        reason: str | None = None
        modified = self.case.opened
        started: dt.datetime | None = None
        decided: dt.datetime | None = None
        for event in self.case.events:
            if decided is not None:
                break
            command = event.command
            match command:
                case StartScreening():
                    status, business, started = "received", "being screened", event.at
                case RequestInformation():
                    missing = "; ".join(item.label for item in command.missing)
                    status, business = "received", f"waiting for information: {missing}"
                case ReceiveInformation():
                    status, business = "received", "being screened (information received)"
                case DeclineCase():
                    status, business, decided = "rejected", "declined", event.at
                    reason = f"{command.reason.label}: {command.explanation}"
                case AcceptToWaitingList():
                    status, business, decided = (
                        "accepted",
                        "accepted to the waiting list",
                        event.at,
                    )
                case Allocate() if event.from_state is CaseState.SCREENING:
                    status, decided = "accepted", event.at
                    business = "accepted straight to a practitioner"
                case Withdraw():
                    status, business, decided = (
                        "cancelled",
                        "withdrawn before a decision",
                        event.at,
                    )
                    reason = _closure_words(command.reason, command.note)
                case Close():
                    status, business, decided = "rejected", "closed before a decision", event.at
                    reason = _closure_words(command.reason, command.note)
                case _:
                    continue
            modified = event.at
        task: JSON = {
            "resourceType": "Task",
            "status": status,
            "businessStatus": _text(business),
            "intent": "order",
            "code": _text("screen the referral"),
            "focus": _reference(self.request),
            "for": _reference(self.patient),
            "authoredOn": self.time(self.case.opened),
            "lastModified": self.time(modified),
            "owner": _text_reference(self.team),
        }
        if reason:
            task["statusReason"] = _text(reason)
        if started is not None:
            period = {"start": self.time(started)}
            if decided is not None:
                period["end"] = self.time(decided)
            task["executionPeriod"] = period
        notes = []
        if self.decision is not None:
            task["restriction"] = {"period": {"end": self.decision.due.isoformat()}}
            if self.decision.decided_by:
                notes.append(f"decided by {self.decision.decided_by}")
            if self.decision.delay_reason:
                notes.append(f"decided after it was due: {self.decision.delay_reason}")
        if notes:
            task["note"] = [_text(n) for n in notes]
        self.add(self.task, task)

    # ------------------------------------------------------------------ the episode

    def _episode_history(self) -> list[tuple[str, dt.datetime, dt.datetime | None]]:
        """The episode's statuses, each from when to when (the last one open)."""
        history: list[tuple[str, dt.datetime, dt.datetime | None]] = []

        def move(status: str, at: dt.datetime) -> None:
            if history:
                last, start, _ = history[-1]
                if last == status:
                    return
                history[-1] = (last, start, at)
            history.append((status, at, None))

        for event in self.case.events:
            state = event.to_state
            current = history[-1][0] if history else None
            if state is CaseState.WAITING:
                move("waitlist", event.at)
            elif state in _ACTIVE_STATES:
                move("active", event.at)
            elif state.closed and current == "waitlist":
                move("cancelled", event.at)
            elif state.closed and current == "active":
                move("finished", event.at)
        return history

    def add_episode_of_care(self) -> None:
        history = self.episode_history
        status, _, _ = history[-1]
        period: JSON = {"start": self.time(history[0][1])}
        if status in ("finished", "cancelled"):
            period["end"] = self.time(history[-1][1])
        episode: JSON = {"resourceType": "EpisodeOfCare"}
        if self.system:
            episode["identifier"] = [{"system": self.system, "value": self.case.id}]
        episode |= {
            "status": status,
            "statusHistory": [
                {
                    "status": name,
                    "period": {"start": self.time(start)}
                    | ({"end": self.time(end)} if end is not None else {}),
                }
                for name, start, end in history
            ],
            "type": [_text("parent-infant relationship work")],
            "patient": _reference(self.patient),
            "managingOrganization": _text_reference(self.team),
            "period": period,
            "referralRequest": [_reference(self.request)],
        }
        if self.case.allocation is not None:
            episode["careManager"] = _text_reference(self.case.allocation.practitioner)
            episode["team"] = [_reference(self.care_team)]
        self.add(self.episode, episode)

    def add_care_team(self) -> None:
        participants: list[JSON] = []
        held: dict[tuple[str, str], JSON] = {}
        for event in self.case.events:
            command = event.command
            if not isinstance(command, Allocate | Reallocate):
                continue
            now = {("allocated practitioner", command.practitioner)}
            if command.keyworker:
                now.add(("keyworker", command.keyworker))
            for key in [k for k in held if k not in now]:
                held.pop(key)["period"]["end"] = self.time(event.at)
            for role, name in sorted(now - held.keys()):
                held[(role, name)] = {
                    "role": [_text(role)],
                    "member": _text_reference(name),
                    "period": {"start": self.time(event.at)},
                }
                participants.append(held[(role, name)])
        closure = self.case.closure
        if closure is not None:
            for participant in held.values():
                participant["period"]["end"] = self.time(closure.at)
        first = next(
            e.at for e in self.case.events if isinstance(e.command, Allocate | Reallocate)
        )
        period = {"start": self.time(first)}
        if closure is not None:
            period["end"] = self.time(closure.at)
        self.add(
            self.care_team,
            {
                "resourceType": "CareTeam",
                "status": "inactive" if self.case.state.closed else "active",
                "name": self.team,
                "subject": _reference(self.patient),
                "period": period,
                "participant": participants,
                "managingOrganization": [_text_reference(self.team)],
            },
        )

    # ------------------------------------------------------------------ sessions

    def add_appointments(self) -> None:
        bookings = [e for e in self.case.events if isinstance(e.command, BookAppointment)]
        encounters: list[tuple[str, JSON]] = []
        for event, appointment in zip(bookings, self.case.appointments, strict=True):
            url = self.url(f"appointment/{event.sequence}")
            self.add(url, self.appointment(appointment, event))
            if appointment.attendance is not None and appointment.attendance.seen:
                encounter_url = self.url(f"encounter/{event.sequence}")
                encounters.append((encounter_url, self.encounter(appointment, url)))
        for encounter_url, encounter in encounters:
            self.add(encounter_url, encounter)

    def appointment(self, appointment: Appointment, booked: Event) -> JSON:
        attendance = appointment.attendance
        status = _APPOINTMENT_STATUS[attendance]
        family = "accepted"
        if attendance is Attendance.CANCELLED_BY_FAMILY:
            family = "declined"
        participants: list[JSON] = [
            {
                "actor": _text_reference(appointment.practitioner),
                "required": "required",
                "status": "accepted",
            },
            {"actor": _reference(self.patient), "required": "required", "status": family},
        ]
        participants += [
            {"actor": self.person(name), "status": "accepted"} for name in appointment.attended_by
        ]
        resource: JSON = {"resourceType": "Appointment", "status": status}
        if attendance in (Attendance.CANCELLED_BY_FAMILY, Attendance.CANCELLED_BY_TEAM):
            who = "family" if attendance is Attendance.CANCELLED_BY_FAMILY else "team"
            resource["cancelationReason"] = _text(f"cancelled by the {who}")
        start, end = self.period(appointment)
        resource |= {
            "serviceType": [_text(appointment.session_type.value.replace("-", " "))],
            "description": (
                f"{appointment.session_type.value.replace('-', ' ')} "
                f"({appointment.mode.value.replace('-', ' ')})"
            ),
            "start": start,
            "end": end,
            "minutesDuration": max(1, round(appointment.duration.total_seconds() / 60)),
            "created": self.time(booked.at),
            "basedOn": [_reference(self.request)],
            "participant": participants,
        }
        if attendance is not None:
            resource["comment"] = (
                f"attendance: {attendance.value} "
                f"(MHSDS ATTENDED OR DID NOT ATTEND {attendance.mhsds_code})"
            )
        return resource

    def encounter(self, appointment: Appointment, appointment_url: str) -> JSON:
        code, display = _ENCOUNTER_CLASS[appointment.mode]
        start, end = self.period(appointment)
        participants: list[JSON] = [{"individual": _text_reference(appointment.practitioner)}]
        participants += [{"individual": self.person(name)} for name in appointment.attended_by]
        encounter: JSON = {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {"system": ENCOUNTER_CLASS_SYSTEM, "code": code, "display": display},
            "type": [_text(appointment.session_type.value.replace("-", " "))],
            "subject": _reference(self.patient),
            "basedOn": [_reference(self.request)],
            "participant": participants,
            "appointment": [_reference(appointment_url)],
            "period": {"start": start, "end": end},
        }
        # An appointment is booked only from allocation on, which starts the episode.
        if self.episode_history:  # pragma: no branch - an encounter always has its episode
            encounter["episodeOfCare"] = [_reference(self.episode)]
        return encounter

    # ------------------------------------------------------------------ communications

    def add_communications(self) -> None:
        for event in self.case.events:
            command = event.command
            if isinstance(command, RecordContactAttempt | LogCommunication):
                self.add(self.url(f"communication/{event.sequence}"), self.communication(event))

    def communication(self, event: Event) -> JSON:
        command = event.command
        assert isinstance(command, RecordContactAttempt | LogCommunication)
        code, words = _MEDIUM[command.channel]
        medium: JSON = _text(words)
        if code is not None:
            medium["coding"] = [
                {"system": PARTICIPATION_MODE_SYSTEM, "code": code, "display": words}
            ]
        resource: JSON = {"resourceType": "Communication"}
        resource["basedOn"] = [_reference(self.request)]
        not_done = (
            isinstance(command, RecordContactAttempt)
            and command.channel is ContactChannel.PHONE
            and command.outcome is ContactOutcome.NO_ANSWER
        )
        resource["status"] = "not-done" if not_done else "completed"
        if not_done:
            resource["statusReason"] = _text("no answer")
        resource["medium"] = [medium]
        resource["subject"] = _reference(self.patient)
        if isinstance(command, LogCommunication) and command.direction is Direction.FROM_FAMILY:
            resource["received"] = self.time(event.at)
            resource["recipient"] = [_text_reference(self.team)]
            resource["sender"] = self.person(command.with_whom)
        else:
            if not not_done:
                resource["sent"] = self.time(event.at)
            with_whom = command.with_whom if isinstance(command, LogCommunication) else None
            resource["recipient"] = [self.person(with_whom)]
            resource["sender"] = _text_reference(self.team)
        if command.summary.strip():
            resource["payload"] = [{"contentString": command.summary}]
        if isinstance(command, RecordContactAttempt):
            outcome = command.outcome.value.replace("-", " ")
            resource["note"] = [_text(f"attempt to reach the family: {outcome}")]
        return resource


def _text_reference(display: str) -> JSON:
    """A reference by name only: the library holds no identifier for the person."""
    return {"display": display}


def _closure_words(reason: ClosureReason, note: str) -> str:
    return f"{reason.label}: {note}" if note.strip() else reason.label
