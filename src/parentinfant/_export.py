"""Case files and ``parentinfant export``: a case as JSON, FHIR R4 or iCalendar.

A **case file** is one JSON document holding a referral and its case (its
whole event history): ``{"referral": {...}, "case": {...}}``, as
`case_file_text` writes it. Private: `parentinfant.cli` uses it.
"""

from __future__ import annotations

import datetime as dt
import json

from parentinfant._referral import Referral
from parentinfant.errors import InvalidDocument, Problem
from parentinfant.interop.files import read_text
from parentinfant.interop.json import dumps, structure_or_problems, unstructure
from parentinfant.interop.sample import build_case, load_sample
from parentinfant.lifecycle import Case

DEFAULT_SAMPLE_CASE = "RPI-2026-055"
"""The sample case exported when no case file is given: it has appointments."""


def sample_case(referral_id: str = DEFAULT_SAMPLE_CASE) -> tuple[Referral, Case]:
    """A referral and its case from the fictional sample data.

    Raises:
        InvalidDocument: When the sample has no referral with that id.

    Examples:
        >>> referral, case = sample_case()
        >>> referral.id, case.state.value, len(case.appointments)
        ('RPI-2026-055', 'closed', 1)
    """
    sample = load_sample()
    for entry in sample.referrals:
        if entry.referral.id == referral_id:
            return entry.referral, build_case(entry, sample.team)
    known = ", ".join(e.referral.id for e in sample.referrals if e.steps)
    raise InvalidDocument(
        "the sample",
        [Problem("--sample", f"must name a sample referral ({known}), got {referral_id!r}")],
    )


def case_file_text(referral: Referral, case: Case) -> str:
    """The case file for a referral and its case, as JSON text.

    Examples:
        >>> referral, case = sample_case()
        >>> data = json.loads(case_file_text(referral, case))
        >>> sorted(data), data["case"]["state"]
        (['case', 'referral'], 'closed')
    """
    return dumps({"referral": unstructure(referral), "case": unstructure(case)})


def read_case_file(path: str) -> tuple[Referral, Case]:
    """Read a case file, reporting every problem with its JSON path.

    Raises:
        InvalidDocument: When the file cannot be read, is not JSON, or its
            referral or case has problems (each listed with its path).

    Examples:
        >>> read_case_file("/no/such/case.json")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: /no/such/case.json: 1 problem
          (file): cannot be read: No such file or directory
    """
    name, text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidDocument(name, [Problem("$", f"is not JSON: {exc.msg}")]) from None
    except RecursionError:
        raise InvalidDocument(name, [Problem("$", "is not JSON: nested too deeply")]) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise InvalidDocument(name, [Problem("$", f"is not JSON: {exc}")]) from None
    if not isinstance(data, dict) or set(data) != {"referral", "case"}:
        raise InvalidDocument(
            name, [Problem("$", "must be an object with exactly 'referral' and 'case'")]
        )
    referral, referral_problems = structure_or_problems(
        data["referral"], Referral, where="$.referral"
    )
    case, case_problems = structure_or_problems(data["case"], Case, where="$.case")
    if referral_problems or case_problems:
        raise InvalidDocument(name, referral_problems + case_problems)
    if case.id != referral.id:
        raise InvalidDocument(
            name,
            [Problem("$.case.id", f"must be the referral's id {referral.id!r}, got {case.id!r}")],
        )
    return referral, case


def export_text(kind: str, referral: Referral, case: Case, *, stamp: dt.datetime | None) -> str:
    """The case exported as ``json`` (a case file), ``fhir`` (an R4 Bundle) or ``ical``.

    The calendar's timestamp defaults to the case's last event, so the same
    case always exports the same bytes.

    Examples:
        >>> referral, case = sample_case()
        >>> json.loads(export_text("fhir", referral, case, stamp=None))["type"]
        'collection'
        >>> "BEGIN:VCALENDAR" in export_text("ical", referral, case, stamp=None)
        True
    """
    if kind == "json":
        return case_file_text(referral, case)
    if kind == "fhir":
        from parentinfant.interop.fhir import case_bundle

        return json.dumps(case_bundle(referral, case), indent=2, ensure_ascii=False)
    from parentinfant.interop.ical import appointments_calendar

    when = stamp or case.last_event.at
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return appointments_calendar(case.appointments, stamp=when, case_id=case.id).decode("utf-8")
