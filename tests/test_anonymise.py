"""Anonymised family descriptors, their export, and suppressed aggregate tables (R-CL-4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._anonymise import (
    AgeBand,
    AggregateTable,
    FamilyRecord,
    aggregate,
    anonymise,
    anonymise_all,
    export_rows,
    to_csv_text,
)
from parentinfant._outcomes import DEFAULT_MEASURES, Change, change_scores
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    SelfReferral,
    SupportingService,
    TriageOutcome,
)
from parentinfant.contact import Appointment
from parentinfant.errors import InvalidRecord
from parentinfant.family import EthnicCategory, Family, Infant, Parent, ParentRole, Referrer
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    Close,
    RecordAttendance,
    StartAssessment,
    StartScreening,
    Withdraw,
    apply,
    open_case,
)
from parentinfant.screening import DEFAULT_RISK_FACTORS
from strategies import risk_factor_sets

D = dt.date
DT = dt.datetime
RECEIVED = D(2026, 11, 2)


def referral(
    *parents: Parent,
    infant: Infant | None = None,
    id: str = "RPI-0042",
    received: dt.date = RECEIVED,
    route: ProfessionalReferral | Consultation | SelfReferral | None = None,
    factors: Sequence[str] = (),
) -> Referral:
    return Referral(
        id=id,
        received=received,
        route=route or SelfReferral(),
        family=Family(
            parents=parents or (Parent("Amira Haddad", ParentRole.MOTHER),),
            infant=infant or Infant.born_on(D(2026, 8, 10)),
        ),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(factors),
    )


def allocated_case(case_id: str = "RPI-0042") -> Case:
    case, _ = open_case(case_id, at=DT(2026, 11, 2, 9))
    case, _ = apply(case, StartScreening(), at=DT(2026, 11, 2, 10))
    case, _ = apply(case, Allocate(practitioner="Grace Okafor"), at=DT(2026, 11, 3, 9))
    return case


def with_appointments(case: Case, attendances: Sequence[str | None]) -> Case:
    starts = [DT(2026, 11, day, 10) for day in range(10, 10 + len(attendances))]
    for minute, start in enumerate(starts):
        appointment = Appointment(
            start=start,
            duration=dt.timedelta(hours=1),
            session_type="assessment",
            mode="clinic",
            practitioner="Grace Okafor",
        )
        booked_at = DT(2026, 11, 4, 9, minute)
        case, _ = apply(case, BookAppointment(appointment=appointment), at=booked_at)
    for start, attendance in zip(starts, attendances, strict=True):
        if attendance is not None:
            case, _ = apply(
                case,
                RecordAttendance(start=start, attendance=attendance),
                at=start + dt.timedelta(hours=2),
            )
    return case


# --------------------------------------------------------------------------- descriptors


@pytest.mark.parametrize(
    ("born", "weeks"),
    [(D(2026, 8, 10), 12), (D(2026, 8, 11), 11), (RECEIVED, 0)],
)
def test_a_born_infant_is_described_by_whole_weeks_of_age_at_referral_R_CL_4(
    born: dt.date, weeks: int
) -> None:
    # 10 August to 2 November is 84 days: 12 weeks; a day less is 11 whole weeks.
    family = anonymise(referral(infant=Infant.born_on(born)))
    assert (family.antenatal, family.infant_age_weeks, family.weeks_before_due) == (
        False,
        weeks,
        None,
    )


def test_an_unborn_infant_is_described_by_whole_weeks_to_the_due_date_R_CL_4() -> None:
    # 2 November 2026 to 9 January 2027 is 68 days: 9 whole weeks.
    family = anonymise(referral(infant=Infant.unborn(D(2027, 1, 9))))
    assert (family.antenatal, family.weeks_before_due, family.infant_age_weeks) == (True, 9, None)


def test_an_overdue_unborn_infant_is_zero_weeks_before_due_R_CL_4() -> None:
    assert anonymise(referral(infant=Infant.unborn(D(2026, 10, 30)))).weeks_before_due == 0


def test_a_baby_born_after_referral_is_still_described_as_antenatal_R_CL_4() -> None:
    # The birth recorded later (R-REC-3) keeps the referral antenatal: weeks to
    # the due date (9), or to the birth (48 days, 6 weeks) when no due date.
    with_due = Infant.born_on(D(2026, 12, 20), expected_due_date=D(2027, 1, 9))
    without_due = Infant.born_on(D(2026, 12, 20))
    assert anonymise(referral(infant=with_due)).weeks_before_due == 9
    assert anonymise(referral(infant=without_due)).weeks_before_due == 6
    assert anonymise(referral(infant=without_due)).infant_age_weeks is None


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (D(2006, 11, 3), AgeBand.UNDER_20),  # 19 on the day received
        (D(2006, 11, 2), AgeBand.FROM_20_TO_24),  # 20th birthday that day
        (D(2001, 11, 3), AgeBand.FROM_20_TO_24),
        (D(2001, 11, 2), AgeBand.FROM_25_TO_29),
        (D(1991, 11, 2), AgeBand.FROM_35_TO_39),
        (D(1986, 11, 3), AgeBand.FROM_35_TO_39),
        (D(1986, 11, 2), AgeBand.FROM_40),
        (None, AgeBand.NOT_KNOWN),
    ],
)
def test_parents_are_described_by_age_band_at_referral_R_CL_4(
    born: dt.date | None, band: AgeBand
) -> None:
    family = anonymise(referral(Parent("Amira Haddad", "mother", date_of_birth=born)))
    assert family.parents[0].age_band is band


def test_each_parent_keeps_role_and_ethnic_category_code_R_CL_4() -> None:
    family = anonymise(
        referral(
            Parent("Amira Haddad", "mother", ethnic_category="asian-pakistani"),
            Parent("Yusuf Haddad", "father", ethnic_category="not-known"),
            Parent("Sam Cole", "partner"),
        )
    )
    assert [
        (p.role.value, None if p.ethnic_category is None else p.ethnic_category.code)
        for p in family.parents
    ] == [("mother", "J"), ("father", "99"), ("partner", None)]


@pytest.mark.parametrize(
    ("route", "kind", "role"),
    [
        (SelfReferral(how_heard="Leaflet from Grace"), "self", None),
        (
            ProfessionalReferral(Referrer(name="Jo Smith", role="midwife")),
            "professional",
            "midwife",
        ),
        (
            Consultation(Referrer(name="Sam Ode", role="social-worker")),
            "consultation",
            "social-worker",
        ),
    ],
)
def test_the_route_and_the_referrers_role_are_kept_not_the_referrer_R_CL_4(
    route: ProfessionalReferral | Consultation | SelfReferral, kind: str, role: str | None
) -> None:
    family = anonymise(referral(route=route))
    assert family.route.value == kind
    assert (None if family.referrer_role is None else family.referrer_role.value) == role


def test_risk_factors_are_counted_not_named_R_CL_4() -> None:
    family = anonymise(
        referral(factors=["domestic-abuse", "social-isolation", "parental-severe-mental-illness"])
    )
    assert (family.significant_risk_factors, family.minor_risk_factors) == (2, 1)


def test_sessions_offered_leave_out_team_cancellations_and_appointments_to_come_R_CL_4() -> None:
    case = with_appointments(
        allocated_case(),
        [
            "attended",
            "late-seen",
            "late-not-seen",
            "did-not-attend",
            "cancelled-by-family",
            "cancelled-by-team",
            None,
        ],
    )
    family = anonymise(referral(), case)
    # Offered: every outcome but the team's cancellation (5); seen: attended, late-seen (2).
    assert (family.sessions_offered, family.sessions_attended) == (5, 2)


def test_sessions_a_father_or_partner_came_to_are_counted_R_REC_5() -> None:
    couple = referral(Parent("Amira Haddad", "mother"), Parent("Yusuf Haddad", "father"))
    case = with_appointments(allocated_case(), [None, None, None])
    starts = [a.start for a in case.appointments]
    for start, who in zip(
        starts,
        [("Amira Haddad", "Yusuf Haddad"), ("Amira Haddad",), ("Yusuf Haddad",)],
        strict=True,
    ):
        case, _ = apply(
            case,
            RecordAttendance(start=start, attendance="attended", attended_by=who),
            at=start + dt.timedelta(hours=2),
        )
    family = anonymise(couple, case)
    # Seen three times; the father came to the first and the third.
    assert (family.sessions_attended, family.sessions_with_father_or_partner) == (3, 2)
    (row,) = export_rows(anonymise_all([FamilyRecord(couple, case)]))
    assert row["sessions_with_father_or_partner"] == 2
    assert "Yusuf" not in str(row)


def test_without_a_case_sessions_and_closure_are_not_recorded_R_CL_4() -> None:
    family = anonymise(referral())
    assert (family.sessions_offered, family.sessions_attended, family.closure_reason) == (
        None,
        None,
        None,
    )


def test_a_closed_case_gives_its_reason_and_mhsds_group_R_CL_4() -> None:
    case, _ = apply(
        allocated_case(), Withdraw(reason="moved-away", note="To Leeds"), at=DT(2026, 11, 9, 9)
    )
    family = anonymise(referral(), case)
    assert family.closure_reason is not None
    assert (family.closure_reason.value, family.mhsds_group) == (
        "moved-away",
        family.closure_reason.mhsds_group,
    )
    assert export_rows([family])[0]["mhsds_group"] == "moved-or-requested-discharge"


def test_an_open_case_has_no_closure_reason_R_CL_4() -> None:
    assert anonymise(referral(), allocated_case()).closure_reason is None


def epds_change(who: str, before: int, after: int) -> Change:
    (change,) = change_scores(
        [
            DEFAULT_MEASURES.score(
                "epds", before, on=D(2026, 11, 10), who=who, timepoint="baseline"
            ),
            DEFAULT_MEASURES.score(
                "epds", after, on=D(2027, 3, 1), who=who, timepoint="follow-up"
            ),
        ]
    ).changes
    return change


def test_outcome_changes_are_kept_by_measure_without_the_person_R_CL_4() -> None:
    changes = [epds_change("Amira Haddad", 18, 9), epds_change("Yusuf Haddad", 6, 8)]
    (row,) = export_rows([anonymise(referral(), changes=changes)])
    assert row["outcome_epds_change"] == "-9;2"
    assert row["outcome_epds_improved"] == 1
    assert "Haddad" not in to_csv_text([row])


def test_a_family_without_a_measure_has_it_not_recorded_R_CL_4() -> None:
    rows = export_rows(
        [
            anonymise(referral(), changes=[epds_change("m", 18, 9)], row=1),
            anonymise(referral(), row=2),
        ]
    )
    assert [r["outcome_epds_change"] for r in rows] == ["-9", None]


def test_only_the_referral_month_leaves_R_CL_4() -> None:
    (row,) = export_rows([anonymise(referral(received=D(2026, 11, 30)))], k=None)
    assert row["referral_month"] == "2026-11"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", to_csv_text([row]))


def test_anonymise_refuses_the_wrong_types_without_showing_them_R_CL_4() -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        anonymise("Amira Haddad")  # type: ignore[arg-type]
    assert "Haddad" not in str(excinfo.value)
    with pytest.raises(InvalidRecord, match="must be a Case"):
        anonymise(referral(), case="RPI-0042")  # type: ignore[arg-type]
    with pytest.raises(InvalidRecord, match="must hold Change values"):
        anonymise(referral(), changes=[12])  # type: ignore[list-item]
    with pytest.raises(InvalidRecord, match="row"):
        anonymise(referral(), row=0)


# --------------------------------------------------------------------------- the export


def test_rows_are_numbered_in_an_order_of_their_own_content_not_the_ids_R_CL_4() -> None:
    late = referral(id="AAA-001", received=D(2026, 12, 1))
    early = referral(id="ZZZ-999", received=D(2026, 10, 1))
    rows = export_rows(anonymise_all([late, early]), k=None)
    assert [(r["row"], r["referral_month"]) for r in rows] == [(1, "2026-10"), (2, "2026-12")]


def test_the_same_families_in_any_order_give_the_same_export_R_CL_4() -> None:
    records = [
        referral(id=f"RPI-{n:04d}", received=D(2026, 1 + n % 12, 1 + n), factors=factors)
        for n, factors in enumerate([(), ("domestic-abuse",), ("social-isolation",), ()])
    ]
    assert export_rows(anonymise_all(records)) == export_rows(anonymise_all(records[::-1]))


def test_a_repeated_referral_id_is_refused_without_showing_it_R_CL_4() -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        anonymise_all([referral(), referral()])
    assert excinfo.value.field == "records[2]"
    assert "RPI-0042" not in str(excinfo.value)


def test_every_row_has_the_same_columns_with_one_set_per_parent_R_CL_4() -> None:
    couple = referral(Parent("Amira Haddad", "mother"), Parent("Yusuf Haddad", "father"), id="A-1")
    single = referral(id="B-2")
    rows = export_rows(anonymise_all([couple, single]), k=None)
    assert list(rows[0]) == list(rows[1])
    assert list(rows[0]) == [
        "row",
        "referral_month",
        "route",
        "referrer_role",
        "antenatal",
        "infant_age_weeks",
        "weeks_before_due",
        "parents",
        "parent1_role",
        "parent1_age_band",
        "parent1_ethnic_category",
        "parent2_role",
        "parent2_age_band",
        "parent2_ethnic_category",
        "significant_risk_factors",
        "minor_risk_factors",
        "sessions_offered",
        "sessions_attended",
        "sessions_with_father_or_partner",
        "closure_reason",
        "mhsds_group",
    ]
    assert sorted((r["parents"], r["parent2_role"]) for r in rows) == [(1, None), (2, "father")]


def test_csv_text_reads_back_as_the_rows_R_CL_4() -> None:
    rows = export_rows(anonymise_all([FamilyRecord(referral(), allocated_case())]))
    back = list(csv.DictReader(io.StringIO(to_csv_text(rows))))
    assert back == [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


# --------------------------------------------------------------------------- property: no identifier leaves

# Identifiers are drawn so that none can occur in an export by coincidence,
# which lets the property say "not anywhere in the text" without false alarms.
# The export holds only lower-case codes and column names, digits, "-", "_",
# ";", "/", ".", commas and newlines, plus the NHS ethnic category codes: one
# capital letter standing alone between delimiters. So every identifier here
# holds something the export cannot: a capital followed by a lower-case
# letter (a name word is a capital and two to nine lower-case letters, some
# not ASCII), a capital next to a letter or digit (referral ids like
# "RPI-0042", postcode districts like "GL1"), a space or "@" (phones, email
# addresses, NHS numbers as written), or two "/" (dates as 03/04/1995). A
# short name such as "Al" or "mother" could be a code or a column by chance
# and would prove nothing, so such names are not drawn. Dates in ISO form
# (1995-04-03) cannot occur because the export gives months only, always
# followed by a delimiter; a separate check finds no day-precision date.

_CAPITALS = "ABCDEFGHIJKLMNOPRSTUVWYZÁÉÓŁŚŻ"
_LOWER = "abcdefghijklmnoprstuvwyząćęłńóśźż"
_NAME_WORDS = st.builds(
    str.__add__, st.sampled_from(_CAPITALS), st.text(alphabet=_LOWER, min_size=2, max_size=9)
)
_NAMES = st.lists(_NAME_WORDS, min_size=1, max_size=3).map(" ".join)
_IDS = st.from_regex(r"[A-Z]{2,4}-[0-9]{3,6}", fullmatch=True)
_PHONES = st.from_regex(r"07[0-9]{3} [0-9]{6}", fullmatch=True)
_EMAILS = st.from_regex(r"[a-z]{3,8}\.[a-z]{3,8}@example\.org", fullmatch=True)
_POSTCODE_DISTRICTS = st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True)
_POSTCODES = st.from_regex(r"[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}", fullmatch=True)
_NHS_NUMBERS = st.from_regex(r"[0-9]{3} [0-9]{3} [0-9]{4}", fullmatch=True)


def _date_forms(day: dt.date) -> list[str]:
    return [day.isoformat(), day.strftime("%d/%m/%Y")]


@st.composite
def family_records(draw: st.DrawFn) -> tuple[FamilyRecord, list[str]]:
    """A family record full of identifiers, and the identifiers it holds."""
    found: list[str] = []

    def name() -> str:
        value = draw(_NAMES)
        found.append(value)
        return value

    def maybe(strategy: st.SearchStrategy[str]) -> str | None:
        value = draw(st.none() | strategy)
        if value is not None:
            found.append(value)
        return value

    received = draw(st.dates(D(2022, 1, 1), D(2028, 12, 31)))
    parents = []
    for _ in range(draw(st.integers(1, 3))):
        born = draw(st.none() | st.dates(D(1970, 1, 1), D(2010, 12, 31)))
        if born is not None:
            found.extend(_date_forms(born))
        parents.append(
            Parent(
                name(),
                draw(st.sampled_from(ParentRole)),
                date_of_birth=born,
                phone=maybe(_PHONES),
                address=maybe(st.builds("{} {} Road".format, st.integers(1, 300), _NAME_WORDS)),
                email=maybe(_EMAILS),
                do_not_contact=maybe(_NAMES),
                ethnic_category=draw(st.none() | st.sampled_from(EthnicCategory)),
            )
        )
    if draw(st.booleans()):
        born = draw(st.dates(received - dt.timedelta(days=700), received + dt.timedelta(days=90)))
        due = draw(
            st.none() | st.dates(born - dt.timedelta(days=60), born + dt.timedelta(days=20))
        )
        infant = Infant.born_on(born, expected_due_date=due, name=maybe(_NAMES))
        found.extend(_date_forms(born) + ([] if due is None else _date_forms(due)))
    else:
        due = draw(st.dates(received, received + dt.timedelta(days=280)))
        infant = Infant.unborn(due, name=maybe(_NAMES))
        found.extend(_date_forms(due))
    referrer = Referrer(
        name=name(),
        role=draw(st.sampled_from(["midwife", "gp", "health-visitor", "social-worker"])),
        organisation=maybe(_NAMES),
        phone=maybe(_PHONES),
        email=maybe(_EMAILS),
    )
    routes: list[ProfessionalReferral | Consultation | SelfReferral] = [
        ProfessionalReferral(referrer),
        Consultation(referrer),
        SelfReferral(how_heard=name()),
    ]
    route = draw(st.sampled_from(routes))
    ident = draw(_IDS)
    nhs_number = draw(_NHS_NUMBERS)
    postcode = draw(_POSTCODES)
    found += [ident, nhs_number, nhs_number.replace(" ", ""), postcode, *_date_forms(received)]
    triaged = draw(st.booleans())
    made = Referral(
        id=ident,
        received=received,
        route=route,
        family=Family(
            parents=parents,
            infant=infant,
            gp=maybe(_NAMES),
            health_visitor=maybe(_NAMES),
            postcode_district=maybe(_POSTCODE_DISTRICTS),
        ),
        risk_factors=draw(risk_factor_sets()),
        reason=f"{name()} NHS {nhs_number} lives at {postcode}",
        supporting_services=[SupportingService(name=name())],
        triage=TriageOutcome(band="soon", decided_by=name(), decided_on=received, note=name())
        if triaged
        else None,
    )
    case = None
    if draw(st.booleans()):
        opened = dt.datetime.combine(received, dt.time(9))
        case, _ = open_case(ident, at=opened, note=name())
        case, _ = apply(case, StartScreening(), at=opened + dt.timedelta(hours=1))
        case, _ = apply(
            case, Allocate(practitioner=name(), note=name()), at=opened + dt.timedelta(days=1)
        )
        start = opened + dt.timedelta(days=draw(st.integers(2, 30)))
        found.extend(_date_forms(start.date()))
        appointment = Appointment(
            start=start,
            duration=dt.timedelta(hours=1),
            session_type="assessment",
            mode="clinic",
            practitioner=name(),
        )
        case, _ = apply(
            case, BookAppointment(appointment=appointment), at=opened + dt.timedelta(days=1)
        )
        case, _ = apply(
            case,
            RecordAttendance(start=start, attendance="attended", attended_by=[parents[0].name]),
            at=start + dt.timedelta(hours=1),
        )
        if draw(st.booleans()):
            case, _ = apply(case, StartAssessment(), at=start + dt.timedelta(hours=2))
            case, _ = apply(
                case,
                Close(reason="no-further-work", note=name()),
                at=start + dt.timedelta(days=1),
            )
    changes: tuple[Change, ...] = ()
    if draw(st.booleans()):
        who = parents[0].name
        first = received + dt.timedelta(days=draw(st.integers(0, 30)))
        later = first + dt.timedelta(days=draw(st.integers(1, 300)))
        found.extend(_date_forms(first) + _date_forms(later))
        changes = change_scores(
            [
                DEFAULT_MEASURES.score(
                    "epds", draw(st.integers(0, 30)), on=first, who=who, timepoint="baseline"
                ),
                DEFAULT_MEASURES.score(
                    "epds", draw(st.integers(0, 30)), on=later, who=who, timepoint="follow-up"
                ),
            ]
        ).changes
    return FamilyRecord(made, case, changes), found


@given(st.lists(family_records(), min_size=1, max_size=4, unique_by=lambda r: r[0].referral.id))
def test_no_direct_identifier_appears_anywhere_in_the_export_R_CL_4(
    drawn: list[tuple[FamilyRecord, list[str]]],
) -> None:
    rows = export_rows(anonymise_all(record for record, _ in drawn))
    text = to_csv_text(rows) + "\n" + repr(rows)
    for _, identifiers in drawn:
        for identifier in identifiers:
            assert identifier not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


# --------------------------------------------------------------------------- aggregate tables


def test_a_lone_small_count_is_protected_by_the_next_smallest_R_CL_4() -> None:
    # consultation 3 (< 5) is suppressed; 19 - 9 - 7 would give it away unless
    # professional (7, smaller than 9) goes too.
    rows = (
        [{"route": "self"}] * 9 + [{"route": "professional"}] * 7 + [{"route": "consultation"}] * 3
    )
    table = aggregate(rows, by=["route"])
    assert table.cells == ((None,), (None,), (9,))
    assert table.total == 19


def test_two_small_counts_protect_each_other_R_CL_4() -> None:
    rows = (
        [{"route": "self"}] * 9 + [{"route": "professional"}] * 2 + [{"route": "consultation"}] * 3
    )
    table = aggregate(rows, by=["route"])
    assert table.cells == ((None,), (None,), (9,))
    assert table.total == 14


def test_a_small_total_is_suppressed_too_R_CL_4() -> None:
    table = aggregate([{"route": "self"}] * 2 + [{"route": "professional"}], by=["route"])
    assert (table.cells, table.total, table.suppressed) == (((None,), (None,)), None, 3)


def test_a_two_way_table_hides_the_cheapest_cycle_and_keeps_its_totals_R_CL_4() -> None:
    counts = {("A", "X"): 2, ("A", "Y"): 10, ("A", "Z"): 20,
              ("B", "X"): 8, ("B", "Y"): 9, ("B", "Z"): 30,
              ("C", "X"): 15, ("C", "Y"): 12, ("C", "Z"): 6}  # fmt: skip
    rows = [{"r": r, "c": c} for (r, c), n in counts.items() for _ in range(n)]
    table = aggregate(rows, by=["r", "c"])
    # A-X (2) is small. The cheapest figures closing a cycle through it:
    # A-Y 10, B-Y 9, B-X 8 (27), against A-Y, C-Y, C-X (37) or via Z (41, 58).
    assert table.cells == ((None, None, 20), (None, None, 30), (15, 12, 6))
    assert (table.row_totals, table.column_totals, table.total) == (
        (32, 47, 33),
        (25, 31, 56),
        112,
    )


def test_the_threshold_is_the_teams_choice_R_CL_4() -> None:
    rows = [{"route": "self"}] * 9 + [{"route": "professional"}] * 7
    assert aggregate(rows, by=["route"], threshold=8).cells == ((None,), (None,))
    assert aggregate(rows, by=["route"], threshold=7).cells == ((7,), (9,))
    assert aggregate([{"route": "self"}], by=["route"], threshold=1).cells == ((1,),)


def test_categories_read_in_their_natural_order_with_not_recorded_last_R_CL_4() -> None:
    rows = [{"band": b} for b in ["not-known", "40-and-over", "under-20", "20-24", None]]
    table = aggregate(rows, by=["band"], threshold=1)
    assert table.row_labels == ("under-20", "20-24", "40-and-over", "not-known", "not recorded")


def test_an_aggregate_of_the_export_counts_families_R_CL_4() -> None:
    records = [
        referral(Parent("Amira Haddad", "mother", ethnic_category="white-irish"), id=f"R-{n}")
        for n in range(6)
    ]
    table = aggregate(export_rows(anonymise_all(records)), by=["parent1_ethnic_category", "route"])
    assert (table.row_labels, table.column_labels, table.cells) == (("B",), ("self",), ((6,),))
    assert "Families by parent1_ethnic_category and route" in table.text()


@pytest.mark.parametrize("by", [["route"], ["route", "antenatal"]])
def test_no_families_give_an_empty_table_with_a_total_of_nought_R_CL_4(by: list[str]) -> None:
    table = aggregate([], by=by)
    assert (table.cells, table.total, table.suppressed) == ((), 0, 0)
    assert table.rows()[-1][-1] == "0"


@pytest.mark.parametrize(
    ("by", "threshold", "field"),
    [
        ([], 5, "by"),
        (["a", "b", "c"], 5, "by"),
        (["a", "a"], 5, "by"),
        (["missing"], 5, "rows[1]"),
        (["a"], 0, "threshold"),
        (["a"], True, "threshold"),
    ],
)
def test_a_bad_aggregate_request_is_refused_R_CL_4(
    by: list[str], threshold: int, field: str
) -> None:
    with pytest.raises(InvalidRecord) as excinfo:
        aggregate([{"a": 1, "b": 2, "c": 3}], by=by, threshold=threshold)
    assert excinfo.value.field == field


def _determined(equations: list[dict[int, int]], unknown: set[int]) -> set[int]:
    """The unknowns a set of linear equations fixes, by exact elimination.

    Unknown ``k`` is fixed exactly when the unit vector for ``k`` is in the row
    space of the equations restricted to the unknowns: when the reduced row
    echelon form has a row whose only non-zero entry is at ``k``.
    """
    columns = sorted(unknown)
    matrix = [[Fraction(eq.get(k, 0)) for k in columns] for eq in equations]
    pivot_row = 0
    pivots: list[int] = []
    for col in range(len(columns)):
        pick = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
        if pick is None:
            continue
        matrix[pivot_row], matrix[pick] = matrix[pick], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)
                ]
        pivots.append(col)
        pivot_row += 1
    return {
        columns[col] for r, col in enumerate(pivots) if sum(1 for v in matrix[r] if v != 0) == 1
    }


def _published(table: AggregateTable) -> list[int | None]:
    figures = [c for row in table.cells for c in row]
    if len(table.by) == 2:
        figures += [*table.row_totals, *table.column_totals, table.total]
    else:
        figures.append(table.total)
    return figures


def _truth_and_equations(
    counts: Mapping[tuple[str, str], int], rows: Sequence[str], columns: Sequence[str] | None
) -> tuple[list[int], list[dict[int, int]]]:
    """Every figure of the true table in `_published` order, and the sums that bind them."""
    if columns is None:
        inner = [counts[(r, "")] for r in rows]
        total = len(inner)
        return [*inner, sum(inner)], [{**dict.fromkeys(range(total), 1), total: -1}]
    n, m = len(rows), len(columns)
    inner = [counts[(r, c)] for r in rows for c in columns]
    row_sums = [sum(inner[i * m : (i + 1) * m]) for i in range(n)]
    column_sums = [sum(inner[i * m + j] for i in range(n)) for j in range(m)]
    figures = [*inner, *row_sums, *column_sums, sum(inner)]
    row_at, column_at, total_at = n * m, n * m + n, n * m + n + m
    equations = [{**{i * m + j: 1 for j in range(m)}, row_at + i: -1} for i in range(n)] + [
        {**{i * m + j: 1 for i in range(n)}, column_at + j: -1} for j in range(m)
    ]
    equations.append({**{row_at + i: 1 for i in range(n)}, total_at: -1})
    equations.append({**{column_at + j: 1 for j in range(m)}, total_at: -1})
    return figures, equations


_GRIDS = st.integers(1, 4).flatmap(
    lambda n: st.integers(1, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(0, 12), min_size=m, max_size=m), min_size=n, max_size=n
        )
    )
)


@given(_GRIDS, st.integers(2, 6), st.booleans())
def test_no_suppressed_count_can_be_recovered_from_the_totals_R_CL_4(
    grid: list[list[int]], threshold: int, two_way: bool
) -> None:
    if two_way:
        rows = [
            {"r": f"r{i}", "c": f"c{j}"}
            for i, line in enumerate(grid)
            for j, n in enumerate(line)
            for _ in range(n)
        ]
        table = aggregate(rows, by=["r", "c"], threshold=threshold)
        counts = Counter((row["r"], row["c"]) for row in rows)
        truth, equations = _truth_and_equations(counts, table.row_labels, table.column_labels)
    else:
        rows = [{"r": f"r{i}"} for i, line in enumerate(grid) for _ in range(line[0])]
        table = aggregate(rows, by=["r"], threshold=threshold)
        counts = Counter((row["r"], "") for row in rows)
        truth, equations = _truth_and_equations(counts, table.row_labels, None)
    shown = _published(table)
    assert len(shown) == len(truth)
    hidden = {k for k, value in enumerate(shown) if value is None}
    for k, (value, true) in enumerate(zip(shown, truth, strict=True)):
        assert value is None or value == true  # what is shown is true
        if 0 < true < threshold:
            assert k in hidden  # every small count is suppressed
    assert not _determined(equations, hidden)  # and none can be worked out
