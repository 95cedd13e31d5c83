"""One case, four formats: JSON, CSV, FHIR and iCalendar agree on every field they share (issue 7).

A referral and its case leave the library as a JSON document
(`parentinfant.interop.json`), a row of the referral sheet
(`parentinfant.interop.sheets`, the referral only), a FHIR R4 Bundle
(`parentinfant.interop.fhir.case_bundle`) and an iCalendar file of its
appointments (`parentinfant.interop.ical.cases_calendar`). An integrator who
reads two of them must find the same family, the same referral and the same
appointments in both. `SHARED_FIELDS` below is the table of what "the same"
covers: one row per shared field, with how each format spells it (``None``:
the format does not carry it). Each property asserts every row of the table
for every format that carries it, against the JSON document.

Every value is read from the serialised form an integrator receives (the JSON
text, the CSV text with the `csv` module, the Bundle after `json.dumps`, the
``.ics`` bytes with icalendar), never from library internals, and brought to
one plain spelling by the format's documented conventions:

- Dates: ISO in JSON and FHIR, day first (``03/02/2026``) in the sheet.
- Date-times: a naive JSON time is UK wall-clock time (Europe/London), as
  the FHIR and iCalendar guides say; every time is compared as a UTC instant.
  An appointment ends ``duration`` seconds (elapsed) after it starts, as the
  iCalendar guide says.
- NHS numbers: ten digits (the sheet writes ``943 476 5919``).
- Risk factors: catalogue codes (FHIR writes the catalogue's labels).
- Sheet cells: trimmed, blank is "not recorded", ``yes``/``no``; in a text
  column one leading apostrophe is the sheet's formula-injection escape
  (written before ``= + - @``, a tab, a CR or an apostrophe) and is not part
  of the value.
- Statuses derived from the case (ServiceRequest, Task, EpisodeOfCare,
  Appointment) follow the tables of ``docs/guides/fhir.md``.

Disagreements found while writing this were pinned at the end as strict
xfails, each with a minimal reproducer, and are now fixed: the tests at the
end keep them fixed, and the properties cover those inputs too. A naive
appointment start the UK clocks skip or repeat is refused at booking (R-AP-5),
so no case holds one. One limitation is left, pinned as a strict xfail: JSON
keeps no ``fold``, so a naive *event* time in the second pass of the repeated
hour reads back as the first; the properties keep clear of it (see
`clear_of_known_disagreements`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import attrs
import hypothesis
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from parentinfant._catalogue import DEFAULT_RISK_FACTORS
from parentinfant.contact import Appointment, Attendance
from parentinfant.errors import InvalidAppointment, ParentInfantError
from parentinfant.family import (
    ContactChannel,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
)
from parentinfant.interop.fhir import case_bundle
from parentinfant.interop.ical import cases_calendar
from parentinfant.interop.json import dumps_document, loads_document
from parentinfant.interop.sheets import TEXT_COLUMNS, read_sheet, write_sheet
from parentinfant.lifecycle import (
    CLOSURE_REASONS,
    AcceptToWaitingList,
    Allocate,
    BookAppointment,
    Case,
    CaseState,
    Close,
    DeclineCase,
    Reallocate,
    RecordAttendance,
    RecordContactAttempt,
    ReferBack,
    Reopen,
    RequestInformation,
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    Withdraw,
    apply,
    open_case,
)
from parentinfant.prioritisation import DEFAULT_TRIAGE_BANDS
from parentinfant.screening import (
    Consultation,
    ProfessionalReferral,
    Referral,
    SelfReferral,
    TriageOutcome,
)
from strategies import (
    cases,
    dates,
    names,
    nhs_numbers,
    referral_ids,
    risk_factor_sets,
    supporting_services,
)

icalendar = pytest.importorskip("icalendar")

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
TEAM = "Riverside PIP team"
ID_SYSTEM = "https://example.org/riverside-pip/ids"
STAMP = dt.datetime(2024, 1, 1, 9)
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"  # NHS England's naming, not the library's


# --------------------------------------------------------------------------- the table


class Shared(NamedTuple):
    """One shared field and how each format spells it (``None``: not carried)."""

    field: str
    rule: str
    json: str
    csv: str | None
    fhir: str | None
    ical: str | None


FORMATS = ("json", "csv", "fhir", "ical")

SHARED_FIELDS: tuple[Shared, ...] = (
    # ---- the referral: a Referral document, a sheet row, the Bundle's resources
    Shared(
        "referral id",
        "R-IN-1",
        "Referral .id",
        "id",
        "ServiceRequest.identifier[0].value (with identifier_system=)",
        None,
    ),
    Shared(
        "day received",
        "R-SC-5",
        "Referral .received (ISO date)",
        "received (dd/mm/yyyy)",
        "ServiceRequest.authoredOn",
        None,
    ),
    Shared("route", "R-IN-1", "Referral .route.route", "route", None, None),
    Shared(
        "self-referral",
        "R-IN-1",
        'Referral .route.route == "self"',
        'route == "self"',
        'ServiceRequest source-of-referral extension text == "self-referral"',
        None,
    ),
    Shared("how heard", "R-IN-1", "Referral .route.how_heard", "how_heard", None, None),
    Shared(
        "referrer",
        "R-IN-1",
        "Referral .route.referrer (or .consultee) name, role, organisation;"
        " self-referral: the first parent's name",
        "referrer_name, referrer_role, referrer_organisation; self-referral: parent1_name",
        "ServiceRequest.requester.display 'name, role label[, organisation]' and the"
        " source-of-referral text (role label); self-referral: requester.reference is the"
        " first RelatedPerson",
        None,
    ),
    Shared(
        "referrer contact",
        "R-IN-1",
        "Referral .route.referrer .phone, .email",
        "referrer_phone, referrer_email",
        None,
        None,
    ),
    Shared(
        "parents",
        "R-REC-5",
        "Referral .family.parents[*] .name, .relationship_to_baby or .role",
        "parent1_name, parent1_role, parent2_name, parent2_role",
        "RelatedPerson (one per distinct fullUrl) .name[0].text, .relationship[0].text",
        None,
    ),
    Shared(
        "parent details",
        "R-REC-5",
        "Referral .family.parents[*] .date_of_birth, .phone, .email, .address,"
        " .preferred_channel, .literacy_or_learning_needs, .do_not_contact",
        "parentN_date_of_birth, _phone, _email, _address, _preferred_channel,"
        " _literacy_needs, _do_not_contact",
        None,
        None,
    ),
    Shared(
        "parent NHS numbers",
        "R-REC-2",
        "Referral .family.parents[*].nhs_number (ten digits)",
        "parentN_nhs_number ('943 476 5919')",
        None,
        None,
    ),
    Shared(
        "infant born",
        "R-IN-3",
        "Referral .family.infant.born",
        "infant_born (yes/no)",
        "Patient.birthDate present",
        None,
    ),
    Shared(
        "infant date of birth",
        "R-IN-3",
        "Referral .family.infant.date_of_birth",
        "infant_date_of_birth",
        "Patient.birthDate",
        None,
    ),
    Shared(
        "antenatal due date",
        "R-IN-3",
        "Referral .family.infant.expected_due_date while .born is false",
        "infant_due_date while infant_born is no",
        "ServiceRequest.note 'antenatal referral: baby due <ISO date>'",
        None,
    ),
    Shared(
        "expected due date",
        "R-IN-3",
        "Referral .family.infant.expected_due_date",
        "infant_due_date",
        None,
        None,
    ),
    Shared(
        "infant name",
        "R-IN-3",
        "Referral .family.infant.name",
        "infant_name",
        "Patient.name[0].text",
        None,
    ),
    Shared(
        "infant NHS number",
        "R-REC-2",
        "Referral .family.infant.nhs_number (ten digits)",
        "infant_nhs_number ('943 476 5919')",
        "Patient.identifier[system nhs-number].value",
        None,
    ),
    Shared(
        "family details",
        "R-SC-6",
        "Referral .family .school_age_children, .gp, .health_visitor, .postcode_district",
        "school_age_children, gp, health_visitor, postcode_district",
        None,
        None,
    ),
    Shared(
        "risk factors",
        "R-SC-3",
        "Referral .risk_factors (catalogue codes, in order)",
        "risk_factors (codes separated by ';')",
        "ServiceRequest.reasonCode[*].text (catalogue labels)",
        None,
    ),
    Shared(
        "reason",
        "R-SC-1",
        "Referral .reason (blank: none)",
        "reason",
        "ServiceRequest.note[0].text (the note that is not the antenatal one)",
        None,
    ),
    Shared(
        "consent",
        "R-SC-1",
        "Referral .family_aware, .family_agreed, .consent_to_share",
        "family_aware, family_agreed, consent_to_share (yes/no/blank)",
        None,
        None,
    ),
    Shared(
        "supporting services",
        "R-WL-1",
        "Referral .supporting_services[*] .name, .status, .since",
        "supporting_services ('name: status since dd/mm/yyyy' separated by ';')",
        None,
        None,
    ),
    Shared(
        "triage",
        "R-PR-3",
        "Referral .triage .band, .decided_by, .decided_on, .note",
        "triage_band, triage_by, triage_on, triage_note",
        None,
        None,
    ),
    Shared(
        "priority",
        "R-PR-3",
        'Referral .triage.band == "urgent": urgent, otherwise routine',
        'triage_band == "urgent": urgent, otherwise routine',
        "ServiceRequest.priority",
        None,
    ),
    # ---- the case: a Case document, the Bundle, the calendar
    Shared(
        "referral status",
        "R-EN-1",
        "Case .state and .closure.reason (fhir.md: ServiceRequest status)",
        None,
        "ServiceRequest.status",
        None,
    ),
    Shared(
        "screening status",
        "R-SC-4",
        "Case .events[*].command.command up to the decision (fhir.md: Task)",
        None,
        "Task.status",
        None,
    ),
    Shared(
        "episode status",
        "R-WL-1",
        "Case .events[*].to_state (fhir.md: EpisodeOfCare; none before acceptance)",
        None,
        "EpisodeOfCare.status (no EpisodeOfCare: none)",
        None,
    ),
    Shared(
        "allocated practitioner",
        "R-AL-1",
        "Case .allocation.practitioner",
        None,
        "EpisodeOfCare.careManager.display",
        None,
    ),
    Shared(
        "care team while open",
        "R-AL-2",
        "Case .allocation .practitioner and .keyworker, while .state is not closed",
        None,
        "CareTeam.participant[*] with no period.end: .role[0].text, .member.display",
        None,
    ),
    Shared(
        "appointment count",
        "R-AP-5",
        "len(Case .appointments)",
        None,
        "number of Appointment resources",
        "number of VEVENTs",
    ),
    Shared(
        "appointments",
        "R-AP-5",
        "Case .appointments[*] .start, .start + .duration, .session_type, .mode, .practitioner",
        None,
        "Appointment .start, .end, .serviceType[0].text, .description '(<mode>)',"
        " .participant[0].actor.display",
        "VEVENT DTSTART, DTEND, CATEGORIES, LOCATION, DESCRIPTION 'Practitioner: <name>'",
    ),
    Shared(
        "appointment length",
        "R-AP-5",
        "Case .appointments[*].duration (seconds)",
        None,
        "Appointment.minutesDuration",
        "DTEND - DTSTART",
    ),
    Shared(
        "appointment cancelled",
        "R-AP-4",
        "Case .appointments[*].attendance is cancelled-by-family or cancelled-by-team",
        None,
        'Appointment.status == "cancelled"',
        "STATUS:CANCELLED (otherwise CONFIRMED)",
    ),
    Shared(
        "appointment status",
        "R-AP-5",
        "Case .appointments[*].attendance, in booking order (fhir.md: Appointment)",
        None,
        "Appointment.status, in bundle order",
        None,
    ),
    Shared(
        "sessions seen",
        "R-AP-5",
        "Case .appointments[*] with attendance attended or late-seen: start, end",
        None,
        "Encounter.period .start, .end",
        None,
    ),
    Shared(
        "case on each event",
        "R-REC-1",
        "Case .id, once per appointment",
        None,
        None,
        "VEVENT DESCRIPTION 'Case: <id>'",
    ),
)
"""What "agree" covers: each shared field, its rule, and how each format spells it."""


def carried(fmt: str) -> set[str]:
    """The fields of `SHARED_FIELDS` the format ``fmt`` carries."""
    return {row.field for row in SHARED_FIELDS if getattr(row, fmt) is not None}


# --------------------------------------------------------------------------- shared helpers

# docs/guides/fhir.md, "ServiceRequest: the referral" and "Appointment and Encounter"
WORK_DONE = {"work-completed", "no-further-work", "referred-on", "follow-up-completed"}
CLOSED_STATES = {"declined", "referred-back", "closed", "withdrawn"}
ACTIVE_STATES = {"allocated", "engaging", "assessment", "intervention", "ending", "follow-up"}
APPOINTMENT_STATUS = {
    None: "booked",
    "attended": "fulfilled",
    "late-seen": "fulfilled",
    "late-not-seen": "noshow",
    "did-not-attend": "noshow",
    "cancelled-by-family": "cancelled",
    "cancelled-by-team": "cancelled",
}
CANCELLED = {"cancelled-by-family", "cancelled-by-team"}
SEEN = {"attended", "late-seen"}
ANTENATAL = "antenatal referral: baby due "
# The sheet's free-text columns, escaped against formulas (docs/guides/csv.md).
SHEET_TEXT_COLUMNS = TEXT_COLUMNS

# The integrator's own copies of the vocabularies: the catalogue and the role labels.
CODE_OF_LABEL = {f.label: f.code for f in DEFAULT_RISK_FACTORS.factors}
ROLE_OF_LABEL = {r.label: r.value for r in ReferrerRole}


def instant(text: str) -> dt.datetime:
    """An ISO date-time as a UTC instant; naive means UK wall-clock time."""
    moment = dt.datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def _minutes(seconds: float) -> float:
    return seconds / 60


# --------------------------------------------------------------------------- JSON


def from_json(referral_text: str, case_text: str) -> dict[str, Any]:
    """Every shared field, read from the JSON text of a Referral and a Case document."""
    r = json.loads(referral_text)["data"]
    c = json.loads(case_text)["data"]
    route, family, infant = r["route"], r["family"], r["family"]["infant"]
    parents = family["parents"]
    referrer = route.get("referrer") or route.get("consultee")
    triage = r["triage"]
    appointments = [
        (
            instant(a["start"]),
            instant(a["start"]) + dt.timedelta(seconds=a["duration"]),
            a,
        )
        for a in c["appointments"]
    ]
    allocation = c["allocation"]
    team: set[tuple[str, str]] = set()
    if allocation is not None and c["state"] not in CLOSED_STATES:
        team.add(("allocated practitioner", allocation["practitioner"]))
        if allocation["keyworker"]:
            team.add(("keyworker", allocation["keyworker"]))
    return {
        "referral id": r["id"],
        "day received": dt.date.fromisoformat(r["received"]),
        "route": route["route"],
        "self-referral": route["route"] == "self",
        "how heard": route.get("how_heard"),
        "referrer": ("self", parents[0]["name"])
        if referrer is None
        else (referrer["name"], referrer["role"], referrer["organisation"]),
        "referrer contact": None if referrer is None else (referrer["phone"], referrer["email"]),
        "parents": tuple((p["name"], p["relationship_to_baby"] or p["role"]) for p in parents),
        "parent details": tuple(
            (
                p["date_of_birth"] and dt.date.fromisoformat(p["date_of_birth"]),
                p["phone"],
                p["email"],
                p["address"],
                p["preferred_channel"],
                p["literacy_or_learning_needs"],
                p["do_not_contact"],
            )
            for p in parents
        ),
        "parent NHS numbers": tuple(p["nhs_number"] for p in parents),
        "infant born": infant["born"],
        "infant date of birth": infant["date_of_birth"]
        and dt.date.fromisoformat(infant["date_of_birth"]),
        "antenatal due date": None
        if infant["born"] or infant["expected_due_date"] is None
        else dt.date.fromisoformat(infant["expected_due_date"]),
        "expected due date": infant["expected_due_date"]
        and dt.date.fromisoformat(infant["expected_due_date"]),
        "infant name": infant["name"],
        "infant NHS number": infant["nhs_number"],
        "family details": (
            family["school_age_children"],
            family["gp"],
            family["health_visitor"],
            family["postcode_district"],
        ),
        "risk factors": tuple(r["risk_factors"]),
        "reason": r["reason"] if r["reason"].strip() else "",
        "consent": (r["family_aware"], r["family_agreed"], r["consent_to_share"]),
        "supporting services": tuple(
            (s["name"], s["status"], s["since"] and dt.date.fromisoformat(s["since"]))
            for s in r["supporting_services"]
        ),
        "triage": None
        if triage is None
        else (
            triage["band"],
            triage["decided_by"],
            dt.date.fromisoformat(triage["decided_on"]),
            triage["note"],
        ),
        "priority": "urgent" if triage is not None and triage["band"] == "urgent" else "routine",
        "referral status": _referral_status(c),
        "screening status": _screening_status(c["events"]),
        "episode status": _episode_status(c["events"]),
        "allocated practitioner": allocation and allocation["practitioner"],
        "care team while open": frozenset(team),
        "appointment count": len(appointments),
        "appointments": sorted(
            (start, end, a["session_type"], a["mode"], a["practitioner"])
            for start, end, a in appointments
        ),
        "appointment length": sorted(
            (start, _minutes(a["duration"])) for start, _, a in appointments
        ),
        "appointment cancelled": sorted(
            (start, end, a["attendance"] in CANCELLED) for start, end, a in appointments
        ),
        "appointment status": tuple(
            (start, APPOINTMENT_STATUS[a["attendance"]]) for start, _, a in appointments
        ),
        "sessions seen": sorted(
            (start, end) for start, end, a in appointments if a["attendance"] in SEEN
        ),
        "case on each event": tuple(c["id"] for _ in appointments),
    }


def _referral_status(case: dict[str, Any]) -> str:
    if case["state"] not in CLOSED_STATES:
        return "active"
    closure = case["closure"]
    if case["state"] == "closed" and closure is not None and closure["reason"] in WORK_DONE:
        return "completed"
    return "revoked"


def _screening_status(events: list[dict[str, Any]]) -> str:
    status = "requested"
    for event in events:
        match event["command"]["command"]:
            case "start-screening" | "request-information" | "receive-information":
                status = "received"
            case "decline" | "close":
                return "rejected"
            case "accept":
                return "accepted"
            case "allocate" if event["from_state"] == "screening":
                return "accepted"
            case "withdraw":
                return "cancelled"
    return status


def _episode_status(events: list[dict[str, Any]]) -> str | None:
    status: str | None = None
    for event in events:
        state = event["to_state"]
        if state == "waiting":
            status = "waitlist"
        elif state in ACTIVE_STATES:
            status = "active"
        elif state in CLOSED_STATES and status == "waitlist":
            status = "cancelled"
        elif state in CLOSED_STATES and status == "active":
            status = "finished"
    return status


# --------------------------------------------------------------------------- CSV


def _cell(column: str, value: str) -> str | None:
    """A sheet cell as the sheet's documentation says to read it.

    Trimmed; in a text column, one leading apostrophe removed (the escape
    written before a value a spreadsheet would run as a formula, or one that
    starts with an apostrophe itself); blank is "not recorded".
    """
    value = value.strip()
    if column in SHEET_TEXT_COLUMNS and value.startswith("'"):
        value = value[1:]
    return value or None


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.datetime.strptime(value, "%d/%m/%Y").date()


def _yes(value: str | None) -> bool | None:
    return None if value is None else {"yes": True, "no": False}[value]


def _digits(value: str | None) -> str | None:
    return None if value is None else value.replace(" ", "")


def _service(item: str) -> tuple[str, str, dt.date | None]:
    name, _, rest = item.partition(":")
    status, _, since = rest.strip().partition(" since ")
    return name.strip(), status or "active", _day(since or None)


def from_csv(text: str) -> dict[str, Any]:
    """Every shared field the sheet carries, read from the CSV text of a one-row sheet."""
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    cell = {name: _cell(name, value) for name, value in zip(header, row, strict=True)}
    numbers = [n for n in (1, 2) if cell[f"parent{n}_name"] is not None]
    self_referral = cell["route"] == "self"
    born = _yes(cell["infant_born"])
    band = cell["triage_band"]
    return {
        "referral id": cell["id"],
        "day received": _day(cell["received"]),
        "route": cell["route"],
        "self-referral": self_referral,
        "how heard": cell["how_heard"],
        "referrer": ("self", cell["parent1_name"])
        if self_referral
        else (cell["referrer_name"], cell["referrer_role"], cell["referrer_organisation"]),
        "referrer contact": None
        if self_referral
        else (cell["referrer_phone"], cell["referrer_email"]),
        "parents": tuple((cell[f"parent{n}_name"], cell[f"parent{n}_role"]) for n in numbers),
        "parent details": tuple(
            (
                _day(cell[f"parent{n}_date_of_birth"]),
                cell[f"parent{n}_phone"],
                cell[f"parent{n}_email"],
                cell[f"parent{n}_address"],
                cell[f"parent{n}_preferred_channel"],
                bool(_yes(cell[f"parent{n}_literacy_needs"])),  # blank: no
                cell[f"parent{n}_do_not_contact"],
            )
            for n in numbers
        ),
        "parent NHS numbers": tuple(_digits(cell[f"parent{n}_nhs_number"]) for n in numbers),
        "infant born": born,
        "infant date of birth": _day(cell["infant_date_of_birth"]),
        "antenatal due date": None if born else _day(cell["infant_due_date"]),
        "expected due date": _day(cell["infant_due_date"]),
        "infant name": cell["infant_name"],
        "infant NHS number": _digits(cell["infant_nhs_number"]),
        "family details": (
            int(cell["school_age_children"] or 0),
            cell["gp"],
            cell["health_visitor"],
            cell["postcode_district"],
        ),
        "risk factors": tuple(
            code.strip() for code in (cell["risk_factors"] or "").split(";") if code.strip()
        ),
        "reason": cell["reason"] or "",
        "consent": (
            _yes(cell["family_aware"]),
            _yes(cell["family_agreed"]),
            _yes(cell["consent_to_share"]),
        ),
        "supporting services": tuple(
            _service(item) for item in (cell["supporting_services"] or "").split(";") if item
        ),
        "triage": None
        if band is None
        else (band, cell["triage_by"], _day(cell["triage_on"]), cell["triage_note"] or ""),
        "priority": "urgent" if band == "urgent" else "routine",
    }


# --------------------------------------------------------------------------- FHIR


def _resources(bundle: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (entry["fullUrl"], entry["resource"])
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == kind
    ]


def _only(bundle: dict[str, Any], kind: str) -> dict[str, Any] | None:
    found = _resources(bundle, kind)
    assert len(found) <= 1, f"more than one {kind}"
    return found[0][1] if found else None


def _fhir_referrer(request: dict[str, Any], related: dict[str, dict[str, Any]]) -> tuple[Any, ...]:
    source = request["extension"][0]["valueCodeableConcept"]["text"]
    requester = request["requester"]
    if source == "self-referral":
        first = next(iter(related), None)
        if requester.get("reference") != first:
            return ("self", "requester is not the first RelatedPerson", requester)
        return ("self", requester["display"])
    name, label, *organisation = requester["display"].split(", ")
    if label != source:
        return ("requester and source of referral disagree", label, source)
    return (name, ROLE_OF_LABEL[label], ", ".join(organisation) or None)


def _fhir_reason(notes: list[str], born: bool) -> Any:
    if not born:
        notes = notes[:-1]  # the antenatal note comes last
    if len(notes) > 1:
        return tuple(notes)
    return notes[0] if notes else ""


def _mode(description: str) -> str:
    return description[description.rindex("(") + 1 : -1].replace(" ", "-")


def from_fhir(bundle: dict[str, Any]) -> dict[str, Any]:
    """Every shared field the Bundle carries, read from its JSON."""
    bundle = json.loads(json.dumps(bundle))
    patient, request = _only(bundle, "Patient"), _only(bundle, "ServiceRequest")
    task, episode = _only(bundle, "Task"), _only(bundle, "EpisodeOfCare")
    care_team = _only(bundle, "CareTeam")
    assert patient is not None
    assert request is not None
    assert task is not None
    # An integrator files resources by fullUrl: a repeated one is one person.
    related = dict(_resources(bundle, "RelatedPerson"))
    born = "birthDate" in patient
    notes = [n["text"] for n in request.get("note", [])]
    antenatal = [n for n in notes if n.startswith(ANTENATAL)]
    appointments = [
        (instant(a["start"]), instant(a["end"]), a) for _, a in _resources(bundle, "Appointment")
    ]
    nhs = [i["value"] for i in patient.get("identifier", []) if i["system"] == NHS_NUMBER_SYSTEM]
    open_members = frozenset(
        (p["role"][0]["text"], p["member"]["display"])
        for p in (care_team or {}).get("participant", [])
        if "end" not in p["period"]
    )
    return {
        "referral id": request["identifier"][0]["value"],
        "day received": dt.date.fromisoformat(request["authoredOn"]),
        "self-referral": request["extension"][0]["valueCodeableConcept"]["text"]
        == "self-referral",
        "referrer": _fhir_referrer(request, related),
        "parents": tuple(
            (p["name"][0]["text"], p["relationship"][0]["text"]) for p in related.values()
        ),
        "infant born": born,
        "infant date of birth": dt.date.fromisoformat(patient["birthDate"]) if born else None,
        "antenatal due date": dt.date.fromisoformat(antenatal[-1].removeprefix(ANTENATAL))
        if antenatal and not born
        else None,
        "infant name": patient["name"][0]["text"] if "name" in patient else None,
        "infant NHS number": nhs[0] if nhs else None,
        "risk factors": tuple(CODE_OF_LABEL[c["text"]] for c in request.get("reasonCode", [])),
        "reason": _fhir_reason(notes, born),
        "priority": request["priority"],
        "referral status": request["status"],
        "screening status": task["status"],
        "episode status": episode and episode["status"],
        "allocated practitioner": episode and episode.get("careManager", {}).get("display"),
        "care team while open": open_members,
        "appointment count": len(appointments),
        "appointments": sorted(
            (
                start,
                end,
                a["serviceType"][0]["text"].replace(" ", "-"),
                _mode(a["description"]),
                a["participant"][0]["actor"]["display"],
            )
            for start, end, a in appointments
        ),
        "appointment length": sorted(
            (start, a["minutesDuration"]) for start, _, a in appointments
        ),
        "appointment cancelled": sorted(
            (start, end, a["status"] == "cancelled") for start, end, a in appointments
        ),
        "appointment status": tuple((start, a["status"]) for start, _, a in appointments),
        "sessions seen": sorted(
            (instant(e["period"]["start"]), instant(e["period"]["end"]))
            for _, e in _resources(bundle, "Encounter")
        ),
    }


# --------------------------------------------------------------------------- iCalendar


def _line(description: str, label: str) -> str:
    return next(
        line.removeprefix(label) for line in description.splitlines() if line.startswith(label)
    )


def from_ical(ics: bytes) -> dict[str, Any]:
    """Every shared field the calendar carries, read back with icalendar."""
    events = []
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        start = event.decoded("dtstart").astimezone(UTC)
        end = event.decoded("dtend").astimezone(UTC)
        events.append((start, end, event, str(event["DESCRIPTION"])))
    return {
        "appointment count": len(events),
        "appointments": sorted(
            (
                start,
                end,
                str(event["CATEGORIES"].cats[0]),
                str(event["LOCATION"]).replace(" ", "-"),
                _line(text, "Practitioner: "),
            )
            for start, end, event, text in events
        ),
        "appointment length": sorted(
            (start, _minutes((end - start).total_seconds())) for start, end, _, _ in events
        ),
        "appointment cancelled": sorted(
            (start, end, str(event["STATUS"]) == "CANCELLED") for start, end, event, _ in events
        ),
        "case on each event": tuple(_line(text, "Case: ") for _, _, _, text in events),
    }


# --------------------------------------------------------------------------- agreement


def exports(referral: Referral, case: Case) -> dict[str, Any]:
    """What each format holds for the referral and its case, read back from its text."""
    return {
        "json": from_json(dumps_document(referral), dumps_document(case)),
        "csv": from_csv(write_sheet([referral])),
        "fhir": from_fhir(
            case_bundle(referral, case, team_name=TEAM, identifier_system=ID_SYSTEM)
        ),
        "ical": from_ical(cases_calendar([case], stamp=STAMP)),
    }


def disagreements(found: dict[str, dict[str, Any]]) -> list[str]:
    """Every row of `SHARED_FIELDS` on which a format differs from JSON, in words."""
    problems = []
    for fmt, values in found.items():
        assert set(values) == carried(fmt), f"{fmt}: the extractor and the table differ"
    for row in SHARED_FIELDS:
        for fmt in FORMATS:
            if fmt == "json" or fmt not in found or getattr(row, fmt) is None:
                continue
            want, got = found["json"][row.field], found[fmt][row.field]
            if got != want:
                problems.append(f"{row.field} ({row.rule}): JSON {want!r}, {fmt} {got!r}")
    return problems


def assert_formats_agree(referral: Referral, case: Case) -> None:
    """JSON, CSV, FHIR and iCalendar agree on every shared field, before and after JSON.

    The referral and the case read back from their JSON documents (and the
    referral read back from its sheet) are equal to those written, and export
    to the same Bundle and the same calendar bytes as the originals.
    """
    referral_json = loads_document(dumps_document(referral), Referral)
    case_json = loads_document(dumps_document(case), Case)
    sheet = read_sheet(write_sheet([referral]))
    assert sheet.problems == ()
    assert referral_json == sheet.referrals[0] == referral
    assert_same_case(case_json, case)
    assert case_bundle(referral_json, case_json, team_name=TEAM, identifier_system=ID_SYSTEM) == (
        case_bundle(referral, case, team_name=TEAM, identifier_system=ID_SYSTEM)
    )
    assert cases_calendar([case_json], stamp=STAMP) == cases_calendar([case], stamp=STAMP)
    assert disagreements(exports(referral, case)) == []


# --------------------------------------------------------------------------- times


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=LONDON)


def _instant(moment: dt.datetime) -> dt.datetime:
    """An aware time as its UTC instant; a naive one as it is."""
    return moment if moment.utcoffset() is None else moment.astimezone(UTC)


def _uk_clock_trouble(moment: dt.datetime) -> bool:
    """A naive time the UK clocks skip or show twice: booking refuses it as a start (R-AP-5)."""
    if moment.utcoffset() is not None:
        return False
    first, second = (moment.replace(fold=fold, tzinfo=LONDON) for fold in (0, 1))
    return first.utcoffset() != second.utcoffset()


def _json_loses_the_fold(moment: dt.datetime) -> bool:
    """A naive time whose UK offset depends on its ``fold``, with ``fold=1``: JSON writes no fold.

    Read back, it is the same time on the clock with ``fold=0``: equal in
    Python, but an hour earlier as UK time (the FHIR export's reading).
    """
    return _uk_clock_trouble(moment) and moment.fold == 1


def _fold_dependent(moment: dt.datetime) -> bool:
    """An aware time whose offset depends on its ``fold``: in its zone's repeated or skipped hour."""
    if moment.utcoffset() is None:
        return False
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _datetimes(value: Any) -> Iterator[dt.datetime]:
    """Every date-time in a value, depth first, in field order."""
    if isinstance(value, dt.datetime):
        yield value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _datetimes(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _datetimes(item)


def assert_same_case(back: Case, case: Case) -> None:
    """The case read back from JSON is the case written (R-IN-1).

    The same JSON text and every time at the same instant; and equal, unless
    the case holds an aware time in its zone's repeated (or skipped) hour,
    which JSON reads back at a fixed offset and Python never finds equal to
    the zone's time (PEP 495; docs/guides/json.md). The library matches
    appointments by instant, so that inequality changes nothing it does.
    """
    assert dumps_document(back) == dumps_document(case)
    assert [_instant(m) for m in _datetimes(back)] == [_instant(m) for m in _datetimes(case)]
    if not any(_fold_dependent(m) for m in _datetimes(case)):
        assert back == case


def clear_of_known_disagreements(case: Case) -> bool:
    """Whether the case avoids the one limitation pinned as an xfail at the end of this module.

    A naive event time in the second pass of the UK's repeated hour (or with
    ``fold=1`` in the skipped one): JSON writes no fold, so it reads back as
    the first pass. Appointment starts never are: booking refuses a naive
    start the UK clocks skip or repeat.
    """
    return not any(_json_loses_the_fold(e.at) for e in case.events)


# --------------------------------------------------------------------------- strategies

# Text a spreadsheet would run as a formula (the sheet escapes it: hazard H-27), and text
# starting with the escape itself.
FORMULA_LIKE = (
    "=SUM(A1:A3)",
    "+44 7700 900123",
    "-3 weeks early",
    "@family hub",
    "\t=1+2",
    "'Tis the season",
    "''",
)
_FREE_TEXT = names() | st.sampled_from(FORMULA_LIKE)
_REASONS = st.text(max_size=30).map(str.strip) | st.sampled_from(FORMULA_LIKE)


# Built once: building strategies inside each draw dominates the cost of an example.
_NAMES = names()
_MAYBE = st.none()
_SHEET_PARENTS = st.builds(
    Parent,
    _NAMES,
    st.sampled_from(ParentRole),
    date_of_birth=_MAYBE | dates(dt.date(1960, 1, 1), dt.date(2012, 12, 31)),
    phone=_MAYBE | st.sampled_from(["07700 900001", "+44 7700 900002"]),
    email=_MAYBE | st.from_regex(r"[a-z]{1,8}@example\.org", fullmatch=True),
    address=_MAYBE | _FREE_TEXT,
    preferred_channel=_MAYBE | st.sampled_from(ContactChannel),
    literacy_or_learning_needs=st.booleans(),
    do_not_contact=_MAYBE | st.just("safety concern recorded"),
    nhs_number=_MAYBE | nhs_numbers(),
)
"""A parent the sheet carries in full (R-REC-5): no contact times, safety or ethnicity."""


def _now_and_then_one_name(drawn: tuple[list[Parent], int]) -> list[Parent]:
    """Two parents, one time in five, given one name (R-REC-5: still two people)."""
    parents, roll = drawn
    if len(parents) == 2 and roll == 0:
        return [parents[0], attrs.evolve(parents[1], name=parents[0].name)]
    return parents


# Two parents may share a name: see test_two_parents_of_one_name_are_two_related_people_R_REC_5.
_PARENT_LISTS = st.tuples(
    st.lists(_SHEET_PARENTS, min_size=1, max_size=2), st.integers(min_value=0, max_value=4)
).map(_now_and_then_one_name)
_REFERRERS = st.builds(
    Referrer,
    name=_NAMES,
    role=st.sampled_from(ReferrerRole),
    organisation=_MAYBE | _FREE_TEXT,
    phone=_MAYBE | st.sampled_from(["01632 960001", "+44 1632 960002"]),
    email=_MAYBE | st.from_regex(r"[a-z]{1,8}@nhs\.example", fullmatch=True),
)
_ROUTES = st.one_of(
    st.builds(ProfessionalReferral, _REFERRERS),
    st.builds(Consultation, _REFERRERS),
    st.builds(SelfReferral, how_heard=_MAYBE | _FREE_TEXT),
)
_FAMILY_TEXT = _MAYBE | _FREE_TEXT
_DISTRICTS = _MAYBE | st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True)
_CHILDREN = st.integers(min_value=0, max_value=5)
_INFANT_NAMES = _MAYBE | _NAMES
_NHS = _MAYBE | nhs_numbers()
_DAYS_OLD = st.integers(min_value=0, max_value=3 * 365)
_DUE_AFTER_BIRTH = _MAYBE | st.integers(min_value=-21, max_value=120)
_DAYS_TO_DUE = st.integers(min_value=1, max_value=280)
_TRIAGES = _MAYBE | st.tuples(
    st.sampled_from(DEFAULT_TRIAGE_BANDS),
    _NAMES,
    st.integers(min_value=0, max_value=14),
    st.sampled_from(["", "Seen with the health visitor"]) | st.sampled_from(FORMULA_LIKE),
)
_IDS = referral_ids()
_RECEIVED = dates()
_FACTORS = risk_factor_sets()
_FLAGS = _MAYBE | st.booleans()
_SERVICES = st.lists(supporting_services(), max_size=2)


@st.composite
def sheet_infants(draw: st.DrawFn, on: dt.date) -> Infant:
    """A baby consistent with a referral received ``on``, maybe with an NHS number (R-IN-3)."""
    name, nhs = draw(_INFANT_NAMES), draw(_NHS)
    if draw(st.booleans()):
        born = on - dt.timedelta(days=draw(_DAYS_OLD))
        early = draw(_DUE_AFTER_BIRTH)
        due = None if early is None else born + dt.timedelta(days=early)
        return Infant(
            born=True, date_of_birth=born, expected_due_date=due, name=name, nhs_number=nhs
        )
    due = on + dt.timedelta(days=draw(_DAYS_TO_DUE))
    return Infant(born=False, expected_due_date=due, name=name, nhs_number=nhs)


@st.composite
def sheet_referrals(draw: st.DrawFn, ids: st.SearchStrategy[str] = _IDS) -> Referral:
    """A referral the sheet carries in full, with one or two parents (maybe of one name).

    As ``sheet_referrals`` in ``test_interop_sheets.py``, with NHS numbers,
    text a spreadsheet would read as a formula, an ``urgent`` triage band
    (FHIR priority) and, now and then, two parents of one name.
    """
    day = draw(_RECEIVED)
    triage = draw(_TRIAGES)
    return Referral(
        id=draw(ids),
        received=day,
        route=draw(_ROUTES),
        family=Family(
            parents=draw(_PARENT_LISTS),
            infant=draw(sheet_infants(day)),
            school_age_children=draw(_CHILDREN),
            gp=draw(_FAMILY_TEXT),
            health_visitor=draw(_FAMILY_TEXT),
            postcode_district=draw(_DISTRICTS),
        ),
        risk_factors=draw(_FACTORS),
        reason=draw(_REASONS),
        family_aware=draw(_FLAGS),
        family_agreed=draw(_FLAGS),
        consent_to_share=draw(_FLAGS),
        supporting_services=draw(_SERVICES),
        triage=None
        if triage is None
        else TriageOutcome(
            band=triage[0],
            decided_by=triage[1],
            decided_on=day + dt.timedelta(days=triage[2]),
            note=triage[3],
        ),
    )


@st.composite
def referrals_with_cases(draw: st.DrawFn, *, max_steps: int = 8) -> tuple[Referral, Case]:
    """A sheet-carried referral and a case walked through the lifecycle (few steps)."""
    case: Case = draw(cases(max_steps=max_steps))  # type: ignore[assignment]
    return draw(sheet_referrals(ids=st.just(case.id))), case


def _transitions(year: int) -> list[dt.datetime]:
    """The UK clock changes of ``year``: 01:00 UTC on the last Sundays of March and October."""
    found = []
    for month in (3, 10):
        day = dt.date(year, month, 31)
        while day.weekday() != 6:
            day -= dt.timedelta(days=1)
        found.append(dt.datetime(day.year, day.month, day.day, 1, tzinfo=UTC))
    return found


_CASE_ZONES = (None, UTC, dt.timezone(dt.timedelta(hours=1)), LONDON)


def _in_zone(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A UTC instant as the case writes its times: naive is UK wall-clock time."""
    if zone is None:
        return moment.astimezone(LONDON).replace(tzinfo=None, fold=0)
    return moment.astimezone(zone)


_CHANGES = st.sampled_from([t for year in range(2024, 2029) for t in _transitions(year)])
_QUARTERS_AWAY = st.integers(min_value=-12, max_value=12)
_ANY_DAY = dates(dt.date(2024, 1, 1), dt.date(2028, 12, 1))
_DAY_QUARTERS = st.integers(min_value=7 * 4, max_value=19 * 4)


@st.composite
def appointment_starts(draw: st.DrawFn) -> dt.datetime:
    """A UTC instant on the quarter hour, half the time within three hours of a clock change."""
    if draw(st.booleans()):
        return draw(_CHANGES) + dt.timedelta(minutes=15 * draw(_QUARTERS_AWAY))
    day = dt.datetime.combine(draw(_ANY_DAY), dt.time(), tzinfo=UTC)
    return day + dt.timedelta(minutes=15 * draw(_DAY_QUARTERS))


_STARTS = appointment_starts()
_ZONES = st.sampled_from(_CASE_ZONES)
_BOOKINGS = st.integers(min_value=1, max_value=5)
_SESSIONS = st.sampled_from(["assessment", "intervention", "review", "follow-up"])
_MODES = st.sampled_from(["home-visit", "clinic", "phone", "video"])
_QUARTER_HOURS = st.integers(min_value=2, max_value=8)
_ATTENDANCE = _MAYBE | st.sampled_from(Attendance)
_KEYWORKERS = _MAYBE | _NAMES
_WALK_STEPS = st.integers(min_value=0, max_value=6)
_RARELY = st.integers(min_value=0, max_value=5).map(lambda n: n == 0)
_WALK = (
    "start-assessment",
    "start-intervention",
    "start-ending",
    "reallocate",
    "close",
    "withdraw",
    "reopen",
)


@st.composite
def cases_with_appointments(draw: st.DrawFn, parents: tuple[str, ...]) -> Case:
    """A case allocated and then booked with one to five appointments, attendance recorded.

    Times are naive (UK wall-clock), UTC, a fixed +01:00 or Europe/London
    aware, half of them near a clock change, some running across it or
    starting in the repeated hour; a naive start the UK clocks skip or repeat,
    which booking refuses (R-AP-5), is moved a week earlier. Up to six more
    steps may follow: the work moving on, a reallocation, a closure, a
    withdrawal or a reopening.
    """
    zone = draw(_ZONES)
    practitioner = draw(_NAMES)
    booked: list[Appointment] = []
    for _ in range(draw(_BOOKINGS)):
        appointment = Appointment(
            start=_in_zone(draw(_STARTS), zone),
            duration=dt.timedelta(minutes=15 * draw(_QUARTER_HOURS)),
            session_type=draw(_SESSIONS),
            mode=draw(_MODES),
            practitioner=practitioner,
        )
        if _uk_clock_trouble(appointment.start):
            with pytest.raises(InvalidAppointment):
                BookAppointment(appointment=appointment)
            appointment = attrs.evolve(appointment, start=appointment.start - dt.timedelta(7))
        booked.append(appointment)
    first = min(_aware(a.start).astimezone(UTC) for a in booked)
    clock = _in_zone(first - dt.timedelta(days=30), zone)
    case, _ = open_case(draw(_IDS), at=clock)
    case, _ = apply(case, StartScreening(), at=clock + dt.timedelta(hours=1))
    if draw(st.booleans()):
        case, _ = apply(case, AcceptToWaitingList(), at=clock + dt.timedelta(hours=2))
    allocate = Allocate(practitioner=practitioner, keyworker=draw(_KEYWORKERS))
    case, _ = apply(case, allocate, at=clock + dt.timedelta(hours=3))
    clock += dt.timedelta(hours=4)
    for appointment in booked:
        with contextlib.suppress(ParentInfantError):  # the same start booked twice
            case, _ = apply(case, BookAppointment(appointment=appointment), at=clock)
    for appointment in sorted(case.appointments, key=lambda a: _aware(a.start).astimezone(UTC)):
        attendance = draw(_ATTENDANCE)
        if attendance is None:
            continue
        came = draw(st.lists(st.sampled_from(parents), unique=True)) if attendance.seen else []
        clock = max(clock, appointment.start + dt.timedelta(days=2), key=_instant)
        record = RecordAttendance(start=appointment.start, attendance=attendance, attended_by=came)
        case, _ = apply(case, record, at=clock)
    for _ in range(draw(_WALK_STEPS)):
        options = [name for name in _WALK if name in case.allowed]
        if not options:
            break
        if "withdraw" in options and len(options) > 1 and not draw(_RARELY):
            options.remove("withdraw")  # it ends the walk: keep it rare
        clock += dt.timedelta(days=1)
        match draw(st.sampled_from(options)):
            case "start-assessment":
                step: Any = StartAssessment()
            case "start-intervention":
                step = StartIntervention()
            case "start-ending":
                step = StartEnding()
            case "reallocate":
                step = Reallocate(practitioner=draw(_NAMES), keyworker=draw(_KEYWORKERS))
            case "close":
                reasons = sorted(r.value for r in CLOSURE_REASONS[case.state][CaseState.CLOSED])
                step = Close(reason=draw(st.sampled_from(reasons)), note="as agreed")
            case "reopen":
                step = Reopen()
            case _:
                step = Withdraw(reason="family-withdrew")
        with contextlib.suppress(ParentInfantError):  # a reopening the closure refuses
            case, _ = apply(case, step, at=clock)
    return case


# --------------------------------------------------------------------------- properties


def _plain(**changes: Any) -> Referral:
    fields: dict[str, Any] = {
        "id": "R-1",
        "received": dt.date(2026, 2, 3),
        "route": SelfReferral(),
        "family": Family(
            parents=[Parent("Ana Lopes", "mother"), Parent("Sam Reid", "partner")],
            infant=Infant.unborn(dt.date(2026, 6, 1)),
        ),
    }
    return Referral(**(fields | changes))


_FORMULA_REFERRAL = _plain(
    id="-1",
    route=ProfessionalReferral(
        Referrer(name="Jo Hart", role="health-visitor", organisation="=SUM(A1:A3)")
    ),
    family=Family(
        parents=[Parent("Ana Lopes", "mother", phone="+44 7700 900123", address="@home")],
        infant=Infant(
            born=True, date_of_birth=dt.date(2026, 1, 9), name="Noor", nhs_number="9434765919"
        ),
        gp="-",
    ),
    risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "social-isolation"]),
    reason='=HYPERLINK("http://example.org")',
    triage=TriageOutcome(
        band="urgent", decided_by="Dr Rao", decided_on=dt.date(2026, 2, 4), note="+1 sibling"
    ),
)
_OPENED, _ = open_case("-1", at=dt.datetime(2026, 2, 3, 9))


@example(referral=_FORMULA_REFERRAL)
@example(referral=_plain(route=Consultation(Referrer(name="Kim Lee", role="gp"))))
@given(referral=sheet_referrals())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_json_and_csv_round_trips_give_the_same_referral_R_IN_1(referral: Referral) -> None:
    """Every row of `SHARED_FIELDS` the sheet carries reads the same from JSON and CSV text.

    The examples are text a spreadsheet would run as a formula, which the sheet
    escapes with an apostrophe, and a consultation (a referrer who is a consultee).
    """
    referral_json = loads_document(dumps_document(referral), Referral)
    sheet = read_sheet(write_sheet([referral]))
    assert sheet.problems == ()
    assert referral_json == sheet.referrals[0] == referral
    found = {
        "json": from_json(dumps_document(referral), dumps_document(_OPENED)),
        "csv": from_csv(write_sheet([referral])),
    }
    assert disagreements(found) == []


def _walk(*commands: Any) -> Case:
    """Case R-1 opened on 3 February 2026, then ``commands`` a day apart."""
    case, _ = open_case("R-1", at=dt.datetime(2026, 2, 3, 9))
    for days, command in enumerate(commands, start=1):
        case, _ = apply(case, command, at=dt.datetime(2026, 2, 3, 9) + dt.timedelta(days=days))
    return case


_ALLOCATED = (StartScreening(), Allocate(practitioner="Priya Shah", keyworker="Kim Lee"))
_SEEN = (
    BookAppointment(
        appointment=Appointment(
            start=dt.datetime(2026, 2, 6, 10),
            duration=dt.timedelta(minutes=90),
            session_type="assessment",
            mode="home-visit",
            practitioner="Priya Shah",
        )
    ),
    RecordAttendance(start=dt.datetime(2026, 2, 6, 10), attendance="attended"),
)
# One case for each row of the status tables in docs/guides/fhir.md.
_STATUS_EXAMPLES = (
    _walk(StartScreening(), DeclineCase(reason="out-of-area", explanation="Lives in Kent")),
    _walk(
        StartScreening(),
        RequestInformation(missing=["gp"]),
        Close(reason="information-not-received"),
    ),
    _walk(StartScreening(), AcceptToWaitingList(), Withdraw(reason="moved-away")),
    _walk(*_ALLOCATED, RecordContactAttempt(channel="phone", outcome="no-answer"), ReferBack()),
    _walk(
        *_ALLOCATED,
        *_SEEN,
        StartAssessment(),
        StartIntervention(),
        StartEnding(),
        Close(reason="work-completed"),
    ),
    _walk(
        StartScreening(),
        AcceptToWaitingList(),
        Allocate(practitioner="Priya Shah"),
        StartAssessment(),
        Reallocate(practitioner="Tom Webb", keyworker="Kim Lee"),
        Close(reason="no-further-work"),
        Reopen(),
    ),
)


@example(pair=(_FORMULA_REFERRAL, _OPENED))
@example(pair=(_plain(), _STATUS_EXAMPLES[0]))
@example(pair=(_plain(), _STATUS_EXAMPLES[1]))
@example(pair=(_plain(), _STATUS_EXAMPLES[2]))
@example(pair=(_plain(), _STATUS_EXAMPLES[3]))
@example(pair=(_FORMULA_REFERRAL, _STATUS_EXAMPLES[4]))
@example(pair=(_plain(), _STATUS_EXAMPLES[5]))
@given(pair=referrals_with_cases())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_json_csv_fhir_and_calendar_of_one_case_agree_on_every_shared_field_R_IN_1(
    pair: tuple[Referral, Case],
) -> None:
    """A referral and a case walked through the lifecycle: every row of `SHARED_FIELDS`.

    Cases from `strategies.cases` (eight steps at most) cover every state, from
    received to declined, waiting, allocated, closed and follow-up; the
    referral is any the sheet carries, with the case's id.
    """
    referral, case = pair
    assume(clear_of_known_disagreements(case))
    hypothesis.event(case.state.value)
    assert_formats_agree(referral, case)


@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_calendar_fhir_and_json_agree_on_every_appointment_R_AP_4(data: st.DataObject) -> None:
    """A case with appointments, half of them near a clock change: every row of `SHARED_FIELDS`.

    Naive, UTC, +01:00 and Europe/London times; attendance of every kind; the
    work moving on to a closure or a follow-up. The calendar's events, the
    Bundle's Appointments and Encounters and the JSON case agree on each
    appointment's start, end, length, kind, practitioner and status.
    """
    referral = data.draw(sheet_referrals())
    parents = tuple(p.name for p in referral.family.parents)
    case = data.draw(cases_with_appointments(parents))
    referral = attrs.evolve(referral, id=case.id)
    assert case.appointments
    assert clear_of_known_disagreements(case)
    hypothesis.event(case.state.value)
    assert_formats_agree(referral, case)


# --------------------------------------------------------------------------- disagreements found (fixed)


def _allocated(*appointments: Appointment, at: dt.datetime) -> Case:
    case, _ = open_case("R-1", at=at)
    case, _ = apply(case, StartScreening(), at=at + dt.timedelta(hours=1))
    case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=at + dt.timedelta(hours=2))
    for appointment in appointments:
        case, _ = apply(
            case, BookAppointment(appointment=appointment), at=at + dt.timedelta(days=3)
        )
    return case


def _visit(start: dt.datetime, minutes: int) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(minutes=minutes),
        session_type="assessment",
        mode="clinic",
        practitioner="Priya Shah",
    )


def _refusal(export: Callable[[], object]) -> str | None:
    """The message of the typed error ``export`` raises, or ``None`` when it exports."""
    try:
        export()
    except ParentInfantError as error:
        return str(error)
    return None


def test_two_parents_of_one_name_are_two_related_people_R_REC_5() -> None:
    referral = _plain(
        family=Family(
            parents=[Parent("Alex Morgan", "mother"), Parent("Alex Morgan", "father")],
            infant=Infant.unborn(dt.date(2026, 6, 1)),
        )
    )
    assert disagreements(exports(referral, _OPENED)) == []


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        # the iCalendar guide's example: ends 03:30 BST (02:30 UTC), not 02:30 BST
        (dt.datetime(2026, 3, 29, 0, 30), 120),
        # from 00:30 BST for 90 minutes: ends 01:00 GMT (the repeated hour), not 02:00 GMT
        (dt.datetime(2026, 10, 25, 0, 30), 90),
        # from 01:00 BST for an hour: ends 01:00 GMT, the second pass of the repeated hour
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=LONDON), 60),
    ],
    ids=["spring-naive", "autumn-naive", "autumn-london"],
)
def test_an_appointment_across_a_clock_change_ends_after_its_duration_everywhere_R_AP_5(
    start: dt.datetime, minutes: int
) -> None:
    case = _allocated(_visit(start, minutes), at=start - dt.timedelta(days=30))
    assert disagreements(exports(_plain(), case)) == []


@pytest.mark.parametrize("fold", [0, 1])
def test_a_naive_start_in_the_repeated_hour_is_refused_and_an_aware_one_keeps_its_pass_R_IN_1(
    fold: int,
) -> None:
    """JSON writes no fold, so booking takes no naive start it would move (docs/guides/json.md).

    The naive 01:30 of 25 October 2026 is two times an hour apart: booking
    refuses it. Either pass, given aware, reads back from JSON at its instant,
    and the Bundle and the calendar of the case read back are the originals.
    """
    with pytest.raises(InvalidAppointment) as refused:
        BookAppointment(appointment=_visit(dt.datetime(2026, 10, 25, 1, 30, fold=fold), 30))
    assert (refused.value.field, refused.value.rule) == ("appointment.start", "R-AP-5")
    assert "repeat" in str(refused.value)
    start = dt.datetime(2026, 10, 25, 1, 30, fold=fold, tzinfo=LONDON)
    case = _allocated(_visit(start, 30), at=dt.datetime(2026, 10, 1, 9, tzinfo=LONDON))
    back = loads_document(dumps_document(case), Case)
    assert back.appointments[0].start.astimezone(UTC) == start.astimezone(UTC)
    assert case_bundle(_plain(), back) == case_bundle(_plain(), case)
    assert cases_calendar([back], stamp=STAMP) == cases_calendar([case], stamp=STAMP)
    assert disagreements(exports(_plain(), case)) == []


def test_a_time_the_clocks_skip_is_refused_by_every_export_or_by_none_R_AP_5() -> None:
    """The UK's skipped hour never reaches an export; another zone's is refused by both alike."""
    with pytest.raises(InvalidAppointment) as refused:
        _allocated(_visit(dt.datetime(2026, 3, 29, 1, 30), 30), at=dt.datetime(2026, 3, 1, 9))
    assert (refused.value.field, refused.value.rule) == ("appointment.start", "R-AP-5")
    assert "skip" in str(refused.value)
    # 02:30 on 8 March 2026 is a UK time, but New York's clocks skip it.
    case = _allocated(_visit(dt.datetime(2026, 3, 8, 2, 30), 30), at=dt.datetime(2026, 2, 1, 9))
    new_york = "America/New_York"
    calendar = _refusal(lambda: cases_calendar([case], stamp=STAMP, tz=new_york))
    fhir = _refusal(lambda: case_bundle(_plain(), case, zone=zoneinfo.ZoneInfo(new_york)))
    assert calendar is not None
    assert fhir == calendar
    assert disagreements(exports(_plain(), case)) == []  # in UK time it is an ordinary time


@pytest.mark.parametrize("fold", [0, 1])
def test_a_uk_aware_time_in_the_repeated_hour_reads_back_at_its_instant_from_json_R_IN_1(
    fold: int,
) -> None:
    """Read back at a fixed offset, which Python never finds equal to it (PEP 495).

    What matters holds: the same instants and the same JSON text, and the
    attendance recorded with the London time works on the case read back.
    """
    start = dt.datetime(2026, 10, 25, 1, 30, fold=fold, tzinfo=LONDON)
    case = _allocated(_visit(start, 30), at=dt.datetime(2026, 10, 1, 9, tzinfo=LONDON))
    back = loads_document(dumps_document(case), Case)
    assert back.appointments[0].start.astimezone(UTC) == start.astimezone(UTC)  # same instant
    assert_same_case(back, case)
    seen = RecordAttendance(start=start, attendance="attended", attended_by=["Ana Lopes"])
    later = start + dt.timedelta(hours=2)
    attended, _ = apply(case, seen, at=later)
    attended_back, _ = apply(back, seen, at=later)
    assert attended_back.appointments[0].attendance is Attendance.ATTENDED
    assert_same_case(attended_back, attended)
    assert disagreements(exports(_plain(), attended)) == []


# --------------------------------------------------------------------------- the limitation left


@pytest.mark.xfail(
    reason="JSON writes no fold: a naive event time in the second pass of the repeated hour"
    " reads back as the first, an hour earlier as UK time (docs/guides/json.md)",
    raises=AssertionError,
)
def test_a_naive_event_time_in_the_second_pass_of_the_repeated_hour_keeps_it_R_IN_1() -> None:
    case, _ = open_case("R-1", at=dt.datetime(2026, 10, 25, 1, 30, fold=1))
    back = loads_document(dumps_document(case), Case)
    assert case_bundle(_plain(), back) == case_bundle(_plain(), case)
