"""The demo's records section: one family's record as each person may see it (R-REC-4).

Private: `parentinfant.cli` prints it. The family is from the fictional sample
data; the record entries below are invented for the demo, like everything in it.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from parentinfant._access import (
    AccessRefused,
    ChildRequester,
    CommissionerRequester,
    ParentRequester,
    Person,
    PractitionerRequester,
    Record,
    RecordEntry,
    Requester,
    view,
)
from parentinfant._anonymise import FamilyRecord, aggregate, anonymise_all, export_rows
from parentinfant._k_anonymity import k_anonymise
from parentinfant._referral import Referral
from parentinfant.lifecycle import Case

DT = dt.datetime


def demo_record(referral: Referral) -> Record:
    """A fictional record for a sample family with two parents, both with parental responsibility.

    Examples:
        >>> from parentinfant.interop.sample import load_sample
        >>> referral = load_sample().referrals[0].referral
        >>> len(demo_record(referral).entries)
        5
    """
    family = referral.family
    mother, father = family.parents[0], family.parents[1]
    child_name = family.infant.name or f"Baby of {mother.name}"
    people = [
        Person(person_id="child", name=child_name, kind="child"),
        Person(
            person_id="mother",
            name=mother.name,
            kind="parent",
            parental_responsibility=True,
            phone=mother.phone,
            address=mother.address,
        ),
        Person(
            person_id="father",
            name=father.name,
            kind="parent",
            parental_responsibility=True,
            phone=father.phone,
            address=father.address,
        ),
    ]
    first = mother.name.split()[0]
    other = father.name.split()[0]
    entries = [
        RecordEntry(
            entry_id="E-1",
            written=DT(2026, 9, 9, 12),
            author="Priya Shah",
            text=f"First home visit. {first} and the baby; feeding and settling discussed.",
            about=["mother", "child"],
        ),
        RecordEntry(
            entry_id="E-2",
            written=DT(2026, 9, 16, 12),
            author="Priya Shah",
            text=f"{first} described her own childhood in care and how it affects her now.",
            about=["mother"],
            history_of="mother",
        ),
        RecordEntry(
            entry_id="E-3",
            written=DT(2026, 9, 23, 12),
            author="Priya Shah",
            text=f"{other} said he thinks {first} is too anxious with the baby.",
            about=["mother"],
            opinion_by="father",
        ),
        RecordEntry(
            entry_id="E-4",
            written=DT(2026, 9, 24, 9),
            author="Priya Shah",
            text="Health visitor reports the baby's weight is now on the 25th centile.",
            about=["child"],
            third_party="health visiting",
        ),
        RecordEntry(
            entry_id="E-5",
            written=DT(2026, 9, 30, 12),
            author="Priya Shah",
            text=f"Video interaction guidance with {other} and the baby: warm, attuned play.",
            about=["father", "child"],
        ),
    ]
    return Record(people=people, entries=entries)


def access_lines(referral: Referral) -> list[str]:
    """Who sees what of the demo record, each withheld entry with its reason (R-REC-4).

    Examples:
        >>> from parentinfant.interop.sample import load_sample
        >>> lines = access_lines(load_sample().referrals[0].referral)
        >>> lines[0].startswith("Records (R-REC-4)")
        True
    """
    record = demo_record(referral)
    names = {p.person_id: p.name for p in record.people}
    requesters: list[tuple[str, Requester]] = [
        (f"{names['mother']} (mother, parental responsibility)", ParentRequester("mother")),
        (f"{names['father']} (father, parental responsibility)", ParentRequester("father")),
        (f"{names['child']}, when older", ChildRequester("child")),
        ("a practitioner of the team", PractitionerRequester("Priya Shah")),
        ("a commissioner", CommissionerRequester()),
    ]
    out = [
        f"Records (R-REC-4): the {referral.id} family's record ({len(record.entries)} "
        "fictional entries) as each person may see it",
    ]
    for label, requester in requesters:
        result = view(record, requester)
        if isinstance(result, AccessRefused):
            out.append(f"  {label}: refused - {result.reason}")
            continue
        shown = ", ".join(e.entry_id for e in result.shown) or "no entries"
        out.append(f"  {label}: sees {shown}")
        out += [f"    {redaction}" for redaction in result.withheld]
        out += [f"    {detail}" for detail in result.details_withheld]
    out.append(
        "  The record itself is unchanged: nothing is deleted, every withholding is explained."
    )
    return [
        wrapped
        for line in out
        for wrapped in textwrap.wrap(
            line,
            width=80,
            initial_indent="",
            subsequent_indent=" " * (len(line) - len(line.lstrip()) + 2),
        )
    ]


def access_data(referral: Referral) -> list[dict[str, object]]:
    """The same as data for ``parentinfant demo --json``: per requester, what is shown and withheld.

    Examples:
        >>> from parentinfant.interop.sample import load_sample
        >>> rows = access_data(load_sample().referrals[0].referral)
        >>> rows[3]["requester"], rows[3]["shown"]
        ('practitioner', ['E-1', 'E-2', 'E-3', 'E-4', 'E-5'])
    """
    record = demo_record(referral)
    rows: list[dict[str, object]] = []
    for kind, requester in (
        ("mother", ParentRequester("mother")),
        ("father", ParentRequester("father")),
        ("child", ChildRequester("child")),
        ("practitioner", PractitionerRequester("Priya Shah")),
        ("commissioner", CommissionerRequester()),
    ):
        result = view(record, requester)
        if isinstance(result, AccessRefused):
            rows.append({"requester": kind, "refused": result.reason, "rule": result.rule})
            continue
        rows.append(
            {
                "requester": kind,
                "shown": [e.entry_id for e in result.shown],
                "withheld": [
                    {"entry_id": r.entry_id, "reason": r.reason, "rule": r.rule}
                    for r in result.withheld
                ],
            }
        )
    return rows


def anonymised_lines(families: list[tuple[Referral, Case]]) -> list[str]:
    """The sample team's anonymised report: what leaves the team, counted and suppressed (R-CL-4).

    Examples:
        >>> from parentinfant.interop.sample import build_case, load_sample
        >>> sample = load_sample()
        >>> lines = anonymised_lines([(e.referral, build_case(e, sample.team))
        ...                           for e in sample.referrals])
        >>> lines[0].startswith("Anonymised report (R-CL-4)")
        True
    """
    # The tables count every family and suppress small counts themselves; the
    # rows that would leave are made k-anonymous first (H-22).
    everyone = export_rows(
        anonymise_all(FamilyRecord(referral, case) for referral, case in families), k=None
    )
    rows, report = k_anonymise(everyone)
    first = rows[0]
    shown = "; ".join(f"{label} {first[k]}" for k, label in _SHOWN if k in first)
    out = [
        *textwrap.wrap(
            f"Anonymised report (R-CL-4): {len(rows)} families, no names, addresses, "
            "postcodes, NHS numbers or exact dates; counts below 5 suppressed; in "
            f"{report.suppressed_rows} rows the month, route, baby's age and parents "
            f"are suppressed (*), since fewer than {report.k} families share them",
            width=80,
        ),
        *textwrap.wrap(
            f"row 1 of the export: {shown}",
            width=80,
            initial_indent="  ",
            subsequent_indent="    ",
        ),
        "",
    ]
    out += aggregate(everyone, by=["route"]).text().splitlines()
    out.append("")
    out += aggregate(everyone, by=["route", "antenatal"]).text().splitlines()
    return out


_SHOWN = (
    ("referral_month", "month received"),
    ("route", "route"),
    ("antenatal", "antenatal"),
    ("parent1_age_band", "first parent's age band"),
    ("significant_risk_factors", "significant risk factors"),
    ("minor_risk_factors", "minor"),
    ("closure_reason", "closed as"),
)


def anonymised_data(families: list[tuple[Referral, Case]]) -> dict[str, object]:
    """The anonymised export and one aggregate table as data, for ``demo --json``.

    Examples:
        >>> from parentinfant.interop.sample import build_case, load_sample
        >>> sample = load_sample()
        >>> data = anonymised_data([(e.referral, build_case(e, sample.team))
        ...                         for e in sample.referrals])
        >>> len(data["rows"]) == len(sample.referrals)
        True
    """
    everyone = export_rows(
        anonymise_all(FamilyRecord(referral, case) for referral, case in families), k=None
    )
    rows, report = k_anonymise(everyone)
    return {
        "rows": rows,
        "k_anonymity": {
            "k": report.k,
            "suppressed_rows": report.suppressed_rows,
            "suppressed_cells": report.suppressed_cells,
        },
        "by_route": aggregate(everyone, by=["route"]).rows(),
    }
