"""Referral spreadsheets (CSV): reading, writing, the template and the CLI.

Rule ids in test names are the DOMAIN.md rules each column serves; the sheet
format itself is documented in ``parentinfant.interop.sheets`` and
``docs/guides/csv.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    SelfReferral,
    SupportingService,
    TriageOutcome,
)
from parentinfant.cli import main
from parentinfant.errors import InvalidDocument
from parentinfant.family import ContactChannel, Family, Infant, Parent, ParentRole
from parentinfant.interop.sample import load_sample
from parentinfant.interop.sheets import (
    COLUMNS,
    FORMULA_TRIGGERS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
    SheetResult,
    load_sheet,
    read_sheet,
    sample_sheet,
    template,
    write_sheet,
)
from strategies import (
    dates,
    infants,
    names,
    referrals,
    routes,
    supporting_services,
)

BASE: dict[str, str] = {
    "id": "R-1",
    "received": "03/02/2026",
    "route": "self",
    "parent1_name": "Ana",
    "parent1_role": "mother",
    "infant_born": "no",
    "infant_due_date": "01/05/2026",
}


def sheet(*rows: dict[str, str], header: list[str] | None = None) -> str:
    """A CSV with ``header`` (default: every column) and one line per row."""
    columns = header or list(COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def one(**cells: str) -> SheetResult:
    return read_sheet(sheet({**BASE, **cells}))


def messages(result: SheetResult) -> list[str]:
    return [str(p) for p in result.problems]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("03/02/2026", dt.date(2026, 2, 3)),
        ("3/2/2026", dt.date(2026, 2, 3)),
        ("2026-02-03", dt.date(2026, 2, 3)),
        (" 03/02/2026 ", dt.date(2026, 2, 3)),
    ],
)
def test_received_reads_uk_dates_day_first_and_iso_dates_R_SC_5(cell: str, day: dt.date) -> None:
    result = one(received=cell)
    assert result.problems == ()
    assert result.referrals[0].received == day


def test_impossible_date_is_reported_with_row_column_value_and_rule_R_SC_5() -> None:
    assert messages(one(received="31/02/2026")) == [
        "row 2, column received: must be a real date (R-SC-5), got '31/02/2026'"
    ]


def test_us_month_first_date_is_impossible_not_silently_swapped_R_SC_5() -> None:
    assert messages(one(received="02/13/2026")) == [
        "row 2, column received: must be a real date (R-SC-5), got '02/13/2026'"
    ]


@pytest.mark.parametrize("cell", ["3 Feb 2026", "03/02/26", "2026/02/03", "tomorrow"])
def test_other_date_shapes_are_refused_with_the_accepted_forms_R_SC_5(cell: str) -> None:
    (problem,) = one(received=cell).problems
    assert problem.location == "row 2, column received"
    assert "03/02/2025 (day first) or 2025-02-03" in problem.message
    assert repr(cell) in problem.message


def test_excel_date_serial_is_refused_with_its_1900_reading_R_SC_5() -> None:
    (problem,) = one(received="46000").problems
    assert problem.location == "row 2, column received"
    assert "Excel date serial (09/12/2025 in Excel's 1900 date system)" in problem.message
    assert problem.message.endswith("(R-SC-5), got '46000'")


def test_received_is_required_R_SC_5() -> None:
    assert messages(one(received="")) == [
        "row 2, column received: must not be blank (R-SC-5), got ''"
    ]


# --------------------------------------------------------------------------- route, referrer


@pytest.mark.parametrize("route", ["professional", "consultation", "Professional"])
def test_professional_and_consultation_routes_carry_the_referrer_R_IN_1(route: str) -> None:
    result = one(
        route=route,
        referrer_name="Jo",
        referrer_role="Health Visitor",
        referrer_organisation="HV team",
    )
    assert result.problems == ()
    referrer = result.referrals[0].referrer
    assert referrer is not None
    assert (referrer.name, referrer.role.value, referrer.organisation) == (
        "Jo",
        "health-visitor",
        "HV team",
    )


def test_unknown_route_names_the_routes_R_IN_1() -> None:
    assert messages(one(route="phone")) == [
        "row 2, column route: must be one of consultation, professional, self (R-IN-1), "
        "got 'phone'"
    ]


def test_professional_route_needs_referrer_name_and_role_R_IN_1() -> None:
    assert messages(one(route="professional")) == [
        "row 2, column referrer_name: must not be blank (R-IN-1), got ''",
        "row 2, column referrer_role: must not be blank (R-IN-1), got ''",
    ]


def test_unknown_referrer_role_is_reported_R_IN_1() -> None:
    (problem,) = one(route="professional", referrer_name="Jo", referrer_role="vicar").problems
    assert problem.location == "row 2, column referrer_role"
    assert problem.message.endswith("(R-IN-1), got 'vicar'")


def test_referrer_on_a_self_referral_is_reported_not_dropped_R_IN_1() -> None:
    assert messages(one(referrer_name="Jo")) == [
        "row 2, column referrer_name: must be blank for a self-referral (R-IN-1), got 'Jo'"
    ]


def test_how_heard_on_a_professional_referral_is_reported_R_IN_1() -> None:
    result = one(route="professional", referrer_name="Jo", referrer_role="gp", how_heard="x")
    assert messages(result) == [
        "row 2, column how_heard: must be blank unless the route is self (R-IN-1), got 'x'"
    ]


def test_self_referral_keeps_how_heard_R_IN_1() -> None:
    assert one(how_heard="leaflet").referrals[0].route == SelfReferral(how_heard="leaflet")


def test_id_is_required_R_IN_1() -> None:
    assert messages(one(id=" ")) == ["row 2, column id: must not be blank (R-IN-1), got ' '"]


def test_a_repeated_id_is_reported_on_the_later_row_R_IN_1() -> None:
    result = read_sheet(sheet(BASE, {**BASE, "received": "04/02/2026"}))
    assert [r.received for r in result.referrals] == [dt.date(2026, 2, 3)]
    assert messages(result) == [
        "row 3, column id: must be unique; row 2 has it (R-IN-1), got 'R-1'"
    ]


# --------------------------------------------------------------------------- parents


def test_parent_columns_are_read_R_REC_5() -> None:
    result = one(
        parent1_date_of_birth="01/05/1990",
        parent1_phone="07700 900001",
        parent1_email="ana@example.org",
        parent1_address="1 High St",
        parent1_preferred_channel="Text",
        parent1_literacy_needs="yes",
        parent1_do_not_contact="safety concern recorded",
        parent1_nhs_number="943 476 5919",
    )
    assert result.problems == ()
    parent = result.referrals[0].family.parents[0]
    assert parent == Parent(
        "Ana",
        ParentRole.MOTHER,
        date_of_birth=dt.date(1990, 5, 1),
        phone="07700 900001",
        email="ana@example.org",
        address="1 High St",
        preferred_channel=ContactChannel.TEXT,
        literacy_or_learning_needs=True,
        do_not_contact="safety concern recorded",
        nhs_number="9434765919",
    )


def test_unknown_parent_role_is_reported_R_REC_5() -> None:
    (problem,) = one(parent1_role="aunt").problems
    assert str(problem) == (
        "row 2, column parent1_role: must be one of mother, father, partner, "
        "other-caregiver (R-REC-5), got 'aunt'"
    )


def test_bad_nhs_number_is_reported_at_its_column_R_REC_2() -> None:
    (problem,) = one(parent1_nhs_number="943 476 5910").problems
    assert problem.location == "row 2, column parent1_nhs_number"
    assert "(R-REC-2)" in problem.message
    assert "'943 476 5910'" in problem.message


def test_bad_contact_channel_is_reported_R_FC_3() -> None:
    (problem,) = one(parent1_preferred_channel="pigeon").problems
    assert problem.location == "row 2, column parent1_preferred_channel"


def test_second_parent_is_read_when_named_R_FC_2() -> None:
    result = one(parent2_name="Tom", parent2_role="father")
    assert [p.name for p in result.referrals[0].family.parents] == ["Ana", "Tom"]


def test_second_parent_without_a_name_is_reported_R_FC_2() -> None:
    assert messages(one(parent2_phone="07700 900002")) == [
        "row 2, column parent2_name: must not be blank (R-REC-5), got ''",
        "row 2, column parent2_role: must not be blank (R-REC-5), got ''",
    ]


def test_literacy_no_alone_does_not_make_a_second_parent_R_FC_3() -> None:
    result = one(parent2_literacy_needs="no")
    assert result.problems == ()
    assert len(result.referrals[0].family.parents) == 1


# --------------------------------------------------------------------------- infant, family


def test_born_infant_needs_a_birth_date_R_IN_3() -> None:
    assert messages(one(infant_born="yes", infant_due_date="")) == [
        "row 2, column infant_date_of_birth: must be given for a born infant (R-IN-3), got ''"
    ]


def test_unborn_infant_needs_a_due_date_R_IN_3() -> None:
    assert messages(one(infant_due_date="")) == [
        "row 2, column infant_due_date: must be given for an unborn infant (R-IN-3), got ''"
    ]


def test_unborn_infant_with_a_birth_date_is_reported_R_IN_3() -> None:
    assert messages(one(infant_date_of_birth="01/01/2026")) == [
        "row 2, column infant_date_of_birth: must be blank for an unborn infant (R-IN-3), "
        "got '01/01/2026'"
    ]


def test_born_infant_is_read_with_name_and_due_date_R_IN_3() -> None:
    result = one(infant_born="YES", infant_date_of_birth="2025-12-01", infant_name="Noor")
    assert result.referrals[0].family.infant == Infant.born_on(
        dt.date(2025, 12, 1), expected_due_date=dt.date(2026, 5, 1), name="Noor"
    )


def test_school_age_children_must_be_a_whole_number_R_AP_3() -> None:
    assert messages(one(school_age_children="two")) == [
        "row 2, column school_age_children: must be a whole number from 0 to 99 (R-AP-3), "
        "got 'two'"
    ]
    assert one(school_age_children="2").referrals[0].family.school_age_children == 2


def test_gp_health_visitor_and_district_are_read_R_SC_6() -> None:
    family = one(gp="Elm", health_visitor="Helen", postcode_district="GL1").referrals[0].family
    assert (family.gp, family.health_visitor, family.postcode_district) == (
        "Elm",
        "Helen",
        "GL1",
    )


# --------------------------------------------------------------------------- risk, consent


def test_risk_factors_are_catalogue_codes_separated_by_semicolons_R_SC_3() -> None:
    result = one(risk_factors="domestic-abuse; social-isolation,lone-parent-unsupported")
    assert [f.code for f in result.referrals[0].risk_factors] == [
        "domestic-abuse",
        "social-isolation",
        "lone-parent-unsupported",
    ]


def test_unknown_risk_codes_are_each_named_R_SC_3() -> None:
    assert messages(one(risk_factors="domestic-abuse; tarot; runes")) == [
        "row 2, column risk_factors: must be codes in the team's catalogue (R-SC-3), got 'tarot'",
        "row 2, column risk_factors: must be codes in the team's catalogue (R-SC-3), got 'runes'",
    ]


def test_a_code_named_twice_is_reported_R_SC_3() -> None:
    assert messages(one(risk_factors="domestic-abuse;domestic-abuse")) == [
        "row 2, column risk_factors: must name each factor once (R-SC-3), got 'domestic-abuse'"
    ]


def test_risk_codes_are_looked_up_in_the_teams_catalogue_R_SC_3() -> None:
    team = DEFAULT_RISK_FACTORS.with_factors(RiskFactor("parent-in-prison", "prison", True))
    text = sheet({**BASE, "risk_factors": "parent-in-prison"})
    assert read_sheet(text).problems
    assert read_sheet(text, catalogue=team).referrals[0].risk_factors[0].significant


@pytest.mark.parametrize(
    ("cell", "value"),
    [("yes", True), ("No", False), ("Y", True), ("n", False), ("TRUE", True), ("", None)],
)
def test_consent_is_yes_no_or_blank_R_SC_6(cell: str, value: bool | None) -> None:
    assert one(consent_to_share=cell).referrals[0].consent_to_share is value


@pytest.mark.parametrize("column", ["family_aware", "family_agreed"])
def test_bad_yes_no_is_reported_never_guessed_R_SC_1(column: str) -> None:
    assert messages(one(**{column: "1"})) == [
        f"row 2, column {column}: must be yes or no or blank (R-SC-1), got '1'"
    ]


def test_infant_born_must_be_yes_or_no_R_IN_3() -> None:
    assert messages(one(infant_born="maybe")) == [
        "row 2, column infant_born: must be yes or no (R-IN-3), got 'maybe'"
    ]


def test_reason_keeps_commas_quotes_and_line_breaks_R_SC_1() -> None:
    reason = 'Mother said "I can\'t cope",\nand the health visitor agrees'
    assert one(reason=reason).referrals[0].reason == reason


# --------------------------------------------------------------------------- support, triage


def test_supporting_services_with_status_and_since_R_WL_1() -> None:
    result = one(
        supporting_services="Health visiting: reduced since 01/10/2026; Family hub; GP: ended"
    )
    services = result.referrals[0].supporting_services
    assert [(s.name, s.status.value, s.since) for s in services] == [
        ("Health visiting", "reduced", dt.date(2026, 10, 1)),
        ("Family hub", "active", None),
        ("GP", "ended", None),
    ]


def test_bad_supporting_service_status_is_reported_R_WL_1() -> None:
    (problem,) = one(supporting_services="Health visiting: paused").problems
    assert problem.location == "row 2, column supporting_services"
    assert problem.message.endswith("(R-WL-1), got 'Health visiting: paused'")


def test_triage_is_read_when_all_three_are_given_R_PR_3() -> None:
    triage = (
        one(triage_band="urgent", triage_by="Dr Rao", triage_on="04/02/2026", triage_note="DA")
        .referrals[0]
        .triage
    )
    assert triage is not None
    assert (triage.band, triage.decided_by, triage.decided_on, triage.note) == (
        "urgent",
        "Dr Rao",
        dt.date(2026, 2, 4),
        "DA",
    )


def test_partial_triage_is_reported_R_PR_3() -> None:
    assert messages(one(triage_band="urgent")) == [
        "row 2, column triage_by: must be given with the other triage columns (R-PR-3), got ''",
        "row 2, column triage_on: must be given with the other triage columns (R-PR-3), got ''",
    ]


def test_triage_before_receipt_is_reported_R_PR_3() -> None:
    assert messages(one(triage_band="urgent", triage_by="Lee", triage_on="01/02/2026")) == [
        "row 2, column triage_on: must not be before the day received (03/02/2026) (R-PR-3), "
        "got '01/02/2026'"
    ]


# --------------------------------------------------------------------------- the whole file


def test_missing_required_columns_refuse_the_file_naming_them() -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_sheet("id,received,parent1_name\nR-1,03/02/2026,Ana\n", source="x.csv")
    assert caught.value.source == "x.csv"
    assert [str(p) for p in caught.value.problems] == [
        "row 1: must name the required columns; missing: route, parent1_role, infant_born"
    ]


def test_optional_columns_may_be_left_out_of_the_header() -> None:
    result = read_sheet(sheet(BASE, header=[*REQUIRED_COLUMNS, "infant_due_date"]))
    assert result.ok
    assert len(result.referrals) == 1


def test_header_names_ignore_case_spaces_and_a_bom() -> None:
    header = ["ID ", "Received", "ROUTE", "Parent1 Name", "parent1_role", "Infant Born"]
    text = "\ufeff" + ",".join(header) + "\nR-1,03/02/2026,self,Ana,mother,yes\n"
    result = read_sheet(text)
    assert messages(result) == [
        "row 2, column infant_date_of_birth: must be given for a born infant (R-IN-3), got ''"
    ]


def test_semicolon_separated_sheet_gets_a_hint() -> None:
    with pytest.raises(InvalidDocument, match="separated by ';'"):
        read_sheet(";".join(REQUIRED_COLUMNS) + "\n")


def test_a_column_named_twice_refuses_the_file() -> None:
    with pytest.raises(InvalidDocument, match="names column 'id' more than once"):
        read_sheet(",".join([*REQUIRED_COLUMNS, "ID"]) + "\n")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="no header row"):
        read_sheet(b"\n\n")


def test_unknown_columns_are_reported_once_and_good_rows_kept() -> None:
    result = read_sheet(sheet({**BASE, "Notes": "see file"}, header=[*COLUMNS, "Notes"]))
    assert [r.id for r in result.referrals] == ["R-1"]
    assert messages(result) == [
        "row 1, column Notes: is not a column of the referral sheet: its values are not read"
    ]


def test_a_value_beyond_the_header_is_reported() -> None:
    text = sheet(header=list(REQUIRED_COLUMNS)) + "R-1,03/02/2026,self,Ana,mother,no,extra\n"
    result = read_sheet(text)
    assert result.referrals == ()
    assert "row 2: has a value beyond the header's 6 columns, got 'extra'" in messages(result)


def test_cp1252_bytes_are_refused_with_how_to_save_as_utf8() -> None:
    data = sheet({**BASE, "parent1_name": "Zoë"}).encode("cp1252")
    with pytest.raises(InvalidDocument, match="CSV UTF-8") as caught:
        read_sheet(data, source="old.csv")
    assert "byte 0xeb" in str(caught.value)


def test_utf8_bytes_with_a_bom_are_read() -> None:
    data = sheet({**BASE, "parent1_name": "Zoë"}).encode("utf-8-sig")
    assert read_sheet(data).referrals[0].family.parents[0].name == "Zoë"


def test_utf16_bytes_are_refused_by_name() -> None:
    with pytest.raises(InvalidDocument, match="UTF-16"):
        read_sheet(sheet(BASE).encode("utf-16"))


def test_bad_rows_are_reported_with_exact_locations_and_good_rows_kept_in_order() -> None:
    rows = [
        {**BASE, "id": "A"},
        {**BASE, "id": "B", "received": "32/01/2026", "parent1_role": "aunt"},
        {},
        {**BASE, "id": "C"},
        {**BASE, "id": "D", "infant_born": "perhaps"},
        {**BASE, "id": "E"},
    ]
    result = read_sheet(sheet(*rows))
    assert [r.id for r in result.referrals] == ["A", "C", "E"]
    assert result.row_numbers == (2, 5, 7)
    assert result.rows == 5  # the blank row 4 holds nothing
    assert [p.location for p in result.problems] == [
        "row 3, column received",
        "row 3, column parent1_role",
        "row 6, column infant_born",
    ]


def test_load_sheet_reads_a_file_and_names_it(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "referrals.csv"
    path.write_bytes(sheet(BASE, {**BASE, "id": "R-2", "route": "bus"}).encode("utf-8-sig"))
    result = load_sheet(path)
    assert [r.id for r in result.referrals] == ["R-1"]
    assert messages(result) == [
        "row 3, column route: must be one of consultation, professional, self (R-IN-1), got 'bus'"
    ]
    with pytest.raises(InvalidDocument, match="cannot be read"):
        load_sheet(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- writing


def test_template_reads_back_as_one_good_referral() -> None:
    result = read_sheet(template())
    assert result.ok
    assert [r.id for r in result.referrals] == ["REF-0001"]
    assert template().splitlines()[0].split(",") == list(COLUMNS)


def test_shipped_sample_sheet_is_the_json_sample() -> None:
    assert sample_sheet().referrals == tuple(e.referral for e in load_sample().referrals)


def test_write_sheet_refuses_what_it_cannot_carry_naming_it() -> None:
    referral = read_sheet(template()).referrals[0]
    parents = (*referral.family.parents, Parent("Kim", ParentRole.OTHER_CAREGIVER))
    three = attrs.evolve(referral, family=attrs.evolve(referral.family, parents=parents))
    padded = attrs.evolve(referral, id="R-2", reason=" spaced ")
    with pytest.raises(InvalidDocument) as caught:
        write_sheet([three, padded])
    assert [str(p) for p in caught.value.problems] == [
        "referral 'REF-0001': the sheet cannot carry family.parents[2:] (two parents at most); "
        "use JSON",
        "referral 'R-2': the sheet cannot carry reason; use JSON",
    ]


def _stripped(text: str) -> bool:
    return text == text.strip()


@st.composite
def sheet_parents(draw: st.DrawFn) -> Parent:
    return Parent(
        draw(names()),
        draw(st.sampled_from(ParentRole)),
        date_of_birth=draw(st.none() | dates(dt.date(1960, 1, 1), dt.date(2012, 12, 31))),
        phone=draw(st.none() | st.from_regex(r"07700 9[0-9]{5}", fullmatch=True)),
        email=draw(st.none() | st.from_regex(r"[a-z]{1,8}@example\.org", fullmatch=True)),
        address=draw(st.none() | names()),
        preferred_channel=draw(st.none() | st.sampled_from(ContactChannel)),
        literacy_or_learning_needs=draw(st.booleans()),
        do_not_contact=draw(st.none() | st.just("safety concern recorded")),
    )


@st.composite
def sheet_referrals(draw: st.DrawFn) -> Referral:
    """Referrals the sheet carries: `strategies.referrals` without what it leaves out.

    The sheet does not carry a third parent, a parent's contact times,
    relationship to the baby, parental responsibility, contact safety, ethnic
    category or living apart from the baby, the family's unsuitable times and
    days, or text with surrounding spaces (cells are trimmed).
    """
    day = draw(dates())
    base = draw(referrals(received=st.just(day), family=st.just(_PLAIN_FAMILY)))
    family = Family(
        parents=draw(st.lists(sheet_parents(), min_size=1, max_size=2)),
        infant=draw(infants(on=day)),
        school_age_children=draw(st.integers(min_value=0, max_value=5)),
        gp=draw(st.none() | names()),
        health_visitor=draw(st.none() | names()),
        postcode_district=draw(st.none() | st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True)),
    )
    triage = base.triage
    if triage is not None:
        triage = attrs.evolve(triage, note=triage.note.strip())
    return attrs.evolve(
        base,
        family=family,
        route=draw(routes()),
        reason=draw(st.text(max_size=30).map(str.strip)),
        triage=triage,
        supporting_services=draw(st.lists(supporting_services(), max_size=3)),
    )


_PLAIN_FAMILY = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2031, 1, 1)))


@given(st.lists(sheet_referrals(), max_size=4, unique_by=lambda r: r.id))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_write_then_read_gives_equal_referrals_in_order(items: list[Referral]) -> None:
    assert read_sheet(write_sheet(items)) == SheetResult(
        referrals=tuple(items),
        problems=(),
        rows=len(items),
        row_numbers=tuple(range(2, len(items) + 2)),
    )


# --------------------------------------------------------------------------- formula injection (H-27)

# Each leading character a spreadsheet program runs as a formula (OWASP's list).
_TRIGGERS = pytest.mark.parametrize(
    "lead", FORMULA_TRIGGERS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"]
)


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _simple(**changes: Any) -> Referral:
    return attrs.evolve(read_sheet(template()).referrals[0], **changes)


@_TRIGGERS
def test_a_reason_starting_with_a_formula_character_is_written_as_text_and_read_back_H_27(
    lead: str,
) -> None:
    referral = _simple(reason=lead + "SUM(A1:A9)")
    text = write_sheet([referral])
    assert _cells(text)[0]["reason"] == "'" + lead + "SUM(A1:A9)"
    assert read_sheet(text).referrals == (referral,)


@_TRIGGERS
def test_names_phones_and_services_starting_with_a_formula_character_are_escaped_H_27(
    lead: str,
) -> None:
    base = _simple()
    parent = attrs.evolve(base.family.parents[0], name=lead + "Sam", phone=lead + "44 7700 900001")
    referral = attrs.evolve(
        base,
        family=attrs.evolve(base.family, parents=[parent], gp=lead + "cmd|' /C calc'!A0"),
        supporting_services=[SupportingService(name=lead.strip() or "=", status="active")],
    )
    text = write_sheet([referral])
    row = _cells(text)[0]
    assert (row["parent1_name"], row["parent1_phone"], row["gp"]) == (
        "'" + lead + "Sam",
        "'" + lead + "44 7700 900001",
        "'" + lead + "cmd|' /C calc'!A0",
    )
    assert row["supporting_services"].startswith("'")
    assert read_sheet(text).referrals == (referral,)


def test_a_text_value_starting_with_an_apostrophe_gets_a_second_one_H_27() -> None:
    referral = _simple(id="'Tis-1", reason="'=1+1")
    text = write_sheet([referral])
    assert (_cells(text)[0]["id"], _cells(text)[0]["reason"]) == ("''Tis-1", "''=1+1")
    assert read_sheet(text).referrals == (referral,)


def test_an_apostrophe_inside_a_text_value_is_left_alone_H_27() -> None:
    referral = _simple(reason="Mother's GP = Dr O'Neill; +2 siblings")
    assert _cells(write_sheet([referral]))[0]["reason"] == "Mother's GP = Dr O'Neill; +2 siblings"


def test_a_typed_leading_apostrophe_is_removed_and_two_keep_one_H_27() -> None:
    result = one(
        id="'R-1",
        parent1_name="''Tis Lee",
        parent1_phone="'07700 900001",
        reason=" '=SUM(A1) ",
    )
    (referral,) = result.referrals
    assert referral.id == "R-1"
    assert referral.family.parents[0].name == "'Tis Lee"
    assert referral.family.parents[0].phone == "07700 900001"
    assert referral.reason == "=SUM(A1)"


def test_a_typed_apostrophe_alone_is_a_blank_text_cell_H_27() -> None:
    assert one(reason="'").referrals[0].reason == ""
    assert messages(one(parent1_name="'")) == [
        'row 2, column parent1_name: must not be blank (R-REC-5), got "\'"'
    ]


def test_an_unescaped_formula_in_a_typed_sheet_is_read_as_text_never_run_H_27() -> None:
    assert one(reason="=1+1").referrals[0].reason == "=1+1"


def test_an_apostrophe_in_a_date_yes_no_or_code_column_is_not_removed_H_27() -> None:
    assert messages(one(received="'03/02/2026", family_aware="'yes", route="'self")) == [
        "row 2, column received: must be a date like 03/02/2025 (day first) or 2025-02-03"
        ' (R-SC-5), got "\'03/02/2026"',
        "row 2, column route: must be one of consultation, professional, self (R-IN-1),"
        ' got "\'self"',
        'row 2, column family_aware: must be yes or no or blank (R-SC-1), got "\'yes"',
    ]


def test_dates_numbers_and_codes_are_never_escaped_H_27() -> None:
    written = _cells(write_sheet(sample_sheet().referrals))
    for row in written:
        for column, cell in row.items():
            if column not in TEXT_COLUMNS:
                assert not cell.startswith("'"), (column, cell)
    assert set(TEXT_COLUMNS) < set(COLUMNS)


def test_the_template_and_the_shipped_sample_need_no_escaping_H_27() -> None:
    cells = [c for row in _cells(template()) for c in row.values()]
    assert not [c for c in cells if c.startswith(("'", *FORMULA_TRIGGERS))]
    assert read_sheet(write_sheet(sample_sheet().referrals)).referrals == sample_sheet().referrals


_LEADS = st.sampled_from(["", *FORMULA_TRIGGERS, "'", "''", "'=", "=+", "@@", "-1"])
# A service name is one item of a ";"-separated cell, trimmed on reading, so
# only the first service can keep a leading tab; leave white space out.
_SERVICE_LEADS = st.sampled_from(["", "=", "+", "-", "@", "'", "''"])


@st.composite
def formula_referrals(draw: st.DrawFn) -> Referral:
    """Sheet referrals whose text fields may start with a formula character or an apostrophe."""
    base = draw(sheet_referrals())

    def lead(value: str) -> str:
        return draw(_LEADS) + value

    def maybe(value: str | None) -> str | None:
        return None if value is None else lead(value)

    def referrer(who: Any) -> Any:
        return attrs.evolve(
            who,
            name=lead(who.name),
            organisation=maybe(who.organisation),
            phone=maybe(who.phone),
            email=maybe(who.email),
        )

    match base.route:
        case SelfReferral(how_heard=heard):
            route: Any = SelfReferral(how_heard=maybe(heard))
        case ProfessionalReferral(referrer=who):
            route = ProfessionalReferral(referrer(who))
        case Consultation(consultee=who):
            route = Consultation(referrer(who))
    parents = [
        attrs.evolve(
            p,
            name=lead(p.name),
            phone=maybe(p.phone),
            email=maybe(p.email),
            address=maybe(p.address),
            do_not_contact=maybe(p.do_not_contact),
        )
        for p in base.family.parents
    ]
    family = attrs.evolve(
        base.family,
        parents=parents,
        infant=attrs.evolve(base.family.infant, name=maybe(base.family.infant.name)),
        gp=maybe(base.family.gp),
        health_visitor=maybe(base.family.health_visitor),
        postcode_district=maybe(base.family.postcode_district),
    )
    triage: TriageOutcome | None = base.triage
    if triage is not None:
        triage = attrs.evolve(
            triage,
            band=lead(triage.band),
            decided_by=lead(triage.decided_by),
            note=lead(triage.note) if triage.note else "",
        )
    return attrs.evolve(
        base,
        id=lead(base.id),
        route=route,
        family=family,
        reason=lead(base.reason or "see notes"),
        triage=triage,
        supporting_services=[
            attrs.evolve(s, name=draw(_SERVICE_LEADS) + s.name) for s in base.supporting_services
        ],
    )


@given(st.lists(formula_referrals(), max_size=3, unique_by=lambda r: r.id))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_no_written_cell_starts_a_formula_and_every_referral_reads_back_H_27(
    items: list[Referral],
) -> None:
    text = write_sheet(items)
    for record in csv.reader(io.StringIO(text, newline="")):
        for cell in record:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    assert read_sheet(text) == SheetResult(
        referrals=tuple(items),
        problems=(),
        rows=len(items),
        row_numbers=tuple(range(2, len(items) + 2)),
    )


# --------------------------------------------------------------------------- fuzzing


_JUNK_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["46000", " 03/02/2026 ", "31/02/2026", "yes ", "\ufeff", "", "=SUM(A1)"]),
)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_result_or_the_documented_error(data: bytes) -> None:
    try:
        result = read_sheet(data)
    except InvalidDocument:
        return
    assert len(result.referrals) <= result.rows


@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_result_or_the_documented_error(text: str) -> None:
    try:
        read_sheet(text)
    except InvalidDocument:
        return


@given(
    st.lists(st.sampled_from(COLUMNS), max_size=12),
    st.lists(st.lists(_JUNK_CELLS, max_size=10), max_size=5),
)
def test_missing_columns_and_junk_cells_give_a_result_or_the_documented_error(
    header: list[str], rows: list[list[str]]
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        result = read_sheet(out.getvalue())
    except InvalidDocument as exc:
        problems = exc.problems
    else:
        # Every non-blank row is either kept or the location of a problem.
        bad = {p.location.split(",")[0] for p in result.problems if "not read" not in p.message}
        kept = {f"row {n}" for n in result.row_numbers}
        assert not bad & kept
        assert len(kept) + len(bad) == result.rows
        problems = ()
    assert isinstance(problems, tuple)


@given(
    st.lists(sheet_referrals(), min_size=1, max_size=3, unique_by=lambda r: r.id).filter(
        lambda rs: all(not r.id.startswith("X") for r in rs)
    ),
    st.lists(st.lists(_JUNK_CELLS, min_size=1, max_size=8), max_size=4),
    st.randoms(use_true_random=False),
    st.booleans(),
    st.sampled_from(["utf-8", "utf-8-sig"]),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_every_good_row_is_kept_in_order_among_spreadsheet_junk(
    good: list[Referral],
    junk: list[list[str]],
    rnd: Any,
    blank_lines: bool,
    encoding: str,
) -> None:
    lines = list(csv.reader(io.StringIO(write_sheet(good), newline="")))
    header, good_rows = lines[0], lines[1:]
    bad_rows = [["X" + str(i), *cells] for i, cells in enumerate(junk)]
    body = [*good_rows, *bad_rows]
    rnd.shuffle(body)
    if blank_lines:
        body.insert(rnd.randint(0, len(body)), [])
    padded = [[c + " " if c else c for c in row] for row in body]  # trailing spaces
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *padded])
    result = read_sheet(out.getvalue().encode(encoding))
    kept = [r for r in result.referrals if not r.id.startswith("X")]
    order = [body.index(row) for row in good_rows]
    assert kept == [good[i] for i in sorted(range(len(good)), key=lambda i: order[i])]


# --------------------------------------------------------------------------- command line


def test_referral_template_prints_the_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["referral-template"]) == 0
    assert capsys.readouterr().out == template()


def test_referral_template_writes_a_file_and_never_overwrites_unasked(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.csv"
    assert main(["referral-template", "--output", str(path)]) == 0
    assert load_sheet(path).ok
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert main(["referral-template", "--output", str(path)]) == 2
    assert "already exists; give --force" in capsys.readouterr().err
    assert main(["referral-template", "--output", str(path), "--force"]) == 0


def test_screen_without_a_file_screens_the_shipped_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["screen"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Screening 34 referrals on 2026-11-27" in captured.out
    assert "Waiting list (chronological): 23 ranked" in captured.out
    assert max(len(line) for line in captured.out.splitlines()) <= 80


@pytest.mark.parametrize("strategy", ["chronological", "risk", "triage"])
def test_screen_tables_fit_80_columns(strategy: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--strategy", strategy, "--nation", "scotland"]) == 0
    out = capsys.readouterr().out
    assert "scotland bank holidays" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def _write(tmp_path: pathlib.Path, *rows: dict[str, str]) -> str:
    path = tmp_path / "referrals.csv"
    path.write_text(sheet(*rows), encoding="utf-8")
    return str(path)


GOOD = {
    **BASE,
    "reason": "Worried",
    "risk_factors": "domestic-abuse",
    "parent1_phone": "07700 900001",
    "gp": "Elm Surgery",
}


def test_screen_json_gives_decisions_due_dates_and_the_list(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, GOOD, {**GOOD, "id": "R-2", "risk_factors": "social-isolation"})
    assert main(["screen", path, "--today", "2026-02-05", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [
        (s["referral_id"], s["due"], s["decision"]["decision"]) for s in data["screening"]
    ] == [
        ("R-1", "2026-02-10", "accept"),
        ("R-2", "2026-02-10", "decline"),
    ]
    assert [e["referral_id"] for e in data["waiting_list"]["entries"]] == ["R-1"]
    assert data["problems"] == []


def test_screen_with_some_bad_rows_reports_them_and_succeeds(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, GOOD, {**GOOD, "id": "R-2", "received": "46000"})
    assert main(["screen", path, "--today", "2026-02-05"]) == 0
    captured = capsys.readouterr()
    assert "1 problem; 1 of 2 rows used" in captured.err
    assert "row 3, column received" in captured.err
    assert "R-1" in captured.out
    # Within 80 columns, but for the user's own path, shown whole on its own line
    # (a parallel worker's temporary folder can be longer than that).
    assert all(len(line) <= 80 for line in captured.out.splitlines() if line.strip() != path)


def test_screen_with_only_bad_rows_fails_saying_no_row_could_be_used(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, {**GOOD, "route": "bus"})
    assert main(["screen", path, "--today", "2026-02-05"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no row could be used" in captured.err
    assert "row 2, column route" in captured.err


def test_screen_refuses_a_file_missing_columns(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,received\nR-1,03/02/2026\n", encoding="utf-8")
    assert main(["screen", str(path)]) == 2
    assert "missing: route, parent1_name" in capsys.readouterr().err


def test_screen_reports_a_referral_received_after_today(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, GOOD, {**GOOD, "id": "R-2", "received": "10/02/2026"})
    assert main(["screen", path, "--today", "2026-02-05"]) == 0
    assert "row 3, column received: is after the day of screening" in capsys.readouterr().err
