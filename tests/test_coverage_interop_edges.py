"""Edge cases of the iCalendar, referral-sheet and team-file interop modules.

Each test reaches a branch the main interop tests leave to chance (or never
reach), and checks the typed error, its field and value, or the problem's
location and message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import attrs
import pytest

from parentinfant.contact import Appointment
from parentinfant.errors import InvalidAppointment, InvalidDocument, InvalidValue
from parentinfant.interop.sheets import COLUMNS, read_sheet, template, write_sheet
from parentinfant.interop.teamfile import TeamFile, sample_team, team_from_toml
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    StartScreening,
    apply,
    open_case,
)

icalendar = pytest.importorskip("icalendar")

from parentinfant.interop import ical  # noqa: E402

DT = dt.datetime
STAMP = DT(2026, 1, 2, 9)
START = DT(2026, 12, 3, 10)

BASE: dict[str, str] = {
    "id": "R-1",
    "received": "03/02/2026",
    "route": "self",
    "parent1_name": "Ana",
    "parent1_role": "mother",
    "infant_born": "no",
    "infant_due_date": "01/05/2026",
}


def _visit(start: dt.datetime = START) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner="Priya Shah",
    )


def _case(case_id: str = "C-1") -> Case:
    case, _ = open_case(case_id, at=DT(2025, 12, 1, 9))
    case, _ = apply(case, StartScreening(), at=DT(2025, 12, 1, 10))
    case, _ = apply(case, Allocate(practitioner="Priya Shah"), at=DT(2025, 12, 2, 9))
    case, _ = apply(case, BookAppointment(appointment=_visit()), at=DT(2025, 12, 3, 9))
    return case


def _sheet(*rows: dict[str, str], header: list[str] | None = None) -> str:
    columns = header or list(COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def _one(**cells: str) -> list[str]:
    return [str(p) for p in read_sheet(_sheet({**BASE, **cells})).problems]


# --------------------------------------------------------------------------- iCalendar


def test_a_planned_reminder_that_is_not_a_reminder_is_refused_R_AP_4() -> None:
    with pytest.raises(InvalidAppointment) as caught:
        ical.appointments_calendar(
            [_visit()],
            stamp=STAMP,
            reminders={START: ["text Ana"]},  # type: ignore[list-item]
        )
    assert caught.value.field == "reminders[2026-12-03T10:00:00][0]"
    assert caught.value.value == "str"
    assert caught.value.rule == "R-AP-4"


@pytest.mark.parametrize("value", ["text Ana", 42])
def test_reminders_for_a_start_must_be_a_sequence_R_AP_4(value: object) -> None:
    with pytest.raises(InvalidAppointment) as caught:
        ical.appointments_calendar(
            [_visit()],
            stamp=STAMP,
            reminders={START: value},  # type: ignore[dict-item]
        )
    assert caught.value.field == "reminders[2026-12-03T10:00:00]"
    assert caught.value.requirement == "must be a sequence of Reminders"
    assert caught.value.value == value


@pytest.mark.parametrize("cases", ["C-1", b"C-1", 7])
def test_cases_calendar_refuses_what_is_not_a_collection(cases: object) -> None:
    with pytest.raises(InvalidAppointment) as caught:
        ical.cases_calendar(cases, stamp=STAMP)  # type: ignore[arg-type]
    assert caught.value.field == "cases"
    assert caught.value.requirement == "must be a collection of cases"
    assert caught.value.value == cases


def test_cases_calendar_families_must_be_a_mapping_R_AL_4() -> None:
    families = [("C-1", None)]
    with pytest.raises(InvalidAppointment) as caught:
        ical.cases_calendar([_case()], stamp=STAMP, families=families)  # type: ignore[arg-type]
    assert caught.value.field == "families"
    assert caught.value.requirement == "must map case ids to families"
    assert caught.value.value == families


class _Nameless(zoneinfo.ZoneInfo):
    """A zone whose offsets have no abbreviation (TZNAME is optional, RFC 5545 3.8.3.2)."""

    def tzname(self, dt: dt.datetime | None) -> str | None:
        return None


def test_an_observance_without_a_zone_abbreviation_has_no_tzname() -> None:
    zone = _Nameless("Europe/London")
    moment = DT(2026, 3, 29, 1, tzinfo=dt.UTC)
    part = ical._observance(moment, zone, dt.timedelta(0))
    assert part.name == "DAYLIGHT"
    assert "TZNAME" not in part
    assert part.decoded("tzoffsetto") == dt.timedelta(hours=1)
    assert part.decoded("dtstart") == DT(2026, 3, 29, 1)
    named = ical._observance(moment, zoneinfo.ZoneInfo("Europe/London"), dt.timedelta(0))
    assert str(named["tzname"]) == "BST"


# --------------------------------------------------------------------------- sheets


@pytest.mark.parametrize("cell", ["1.5", "0", "2958466"])
def test_a_number_that_is_no_excel_serial_gets_the_plain_date_hint_R_SC_5(cell: str) -> None:
    assert _one(received=cell) == [
        "row 2, column received: must be a date like 03/02/2025 (day first) or 2025-02-03"
        f" (R-SC-5), got '{cell}'"
    ]


def test_empty_supporting_service_items_are_skipped_R_WL_1() -> None:
    result = read_sheet(_sheet({**BASE, "supporting_services": "Health visiting;; ;GP: ended"}))
    assert result.problems == ()
    services = result.referrals[0].supporting_services
    assert [(s.name, s.status.value) for s in services] == [
        ("Health visiting", "active"),
        ("GP", "ended"),
    ]


def test_a_bad_since_date_of_a_service_is_reported_once_at_its_column_R_WL_1() -> None:
    result = read_sheet(
        _sheet({**BASE, "supporting_services": "Family hub: ended since 32/10/2026"})
    )
    assert result.referrals == ()
    assert [str(p) for p in result.problems] == [
        "row 2, column supporting_services: must be a real date (R-WL-1), got '32/10/2026'"
    ]


@pytest.mark.parametrize("item", ["Family hub:", "Family hub: ended long ago now"])
def test_a_service_status_of_no_or_too_many_words_is_reported_R_WL_1(item: str) -> None:
    (message,) = _one(supporting_services=item)
    assert message.startswith("row 2, column supporting_services: must be items like")
    assert message.endswith(f"(R-WL-1), got '{item}'")


def test_a_triage_note_without_a_triage_is_reported_R_PR_3() -> None:
    assert _one(triage_note="seen at clinic") == [
        "row 2, column triage_band: must be given with a triage note (R-PR-3), got ''"
    ]


def test_a_file_csv_cannot_read_is_refused_as_a_whole() -> None:
    text = _sheet(BASE) + '"' + "x" * (csv.field_size_limit() + 1) + '"\n'
    with pytest.raises(InvalidDocument) as caught:
        read_sheet(text, source="big.csv")
    assert caught.value.source == "big.csv"
    (problem,) = caught.value.problems
    assert problem.location == "(file)"
    assert problem.message.startswith("is not readable as CSV: field larger than field limit")


def test_values_under_an_unnamed_column_are_reported_once_and_the_rows_kept() -> None:
    header = [*COLUMNS, ""]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for ident in ("R-1", "R-2"):
        writer.writerow([{**BASE, "id": ident}.get(c, "") for c in COLUMNS] + ["stray"])
    result = read_sheet(out.getvalue())
    assert [r.id for r in result.referrals] == ["R-1", "R-2"]
    assert [str(p) for p in result.problems] == [
        f"row 1, column {len(COLUMNS) + 1}: has no name but holds values: they are not read"
    ]


def test_write_sheet_refuses_a_row_that_would_not_read_back_naming_the_column_R_SC_5() -> None:
    referral = attrs.evolve(read_sheet(template()).referrals[0], received=dt.date(999, 1, 1))
    with pytest.raises(InvalidDocument) as caught:
        write_sheet([referral])
    assert [str(p) for p in caught.value.problems] == [
        "referral 'REF-0001': the sheet cannot carry received; use JSON"
    ]


# --------------------------------------------------------------------------- team file


@pytest.mark.parametrize("value", [5, "team.nation", b"team.nation"])
def test_team_file_placeholders_must_be_a_collection(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        TeamFile(team=sample_team().team, placeholders=value)  # type: ignore[arg-type]
    assert caught.value.field == "placeholders"
    assert caught.value.requirement == "must hold PlaceholderSetting values"
    assert caught.value.value == value


def test_a_practitioner_that_is_not_a_table_is_reported_at_its_index() -> None:
    with pytest.raises(InvalidDocument) as caught:
        team_from_toml("practitioners = [1]\n", source="team.toml")
    assert caught.value.source == "team.toml"
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("practitioners[0]", "must be a table ([[practitioners]])")
    ]
