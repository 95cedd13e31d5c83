"""Hazard H-22: rows of the anonymised export re-identified; the k-anonymity control (R-CL-4).

`k_anonymise` (re-exported from `parentinfant.records`, applied by
`export_rows` by default) suppresses the quasi-identifiers of every row whose
combination fewer than ``k`` rows share, and enough more that the suppressed
rows are ``k`` or more. The properties state what the hazard log relies on:
every combination that leaves is shared by at least ``k`` rows; no row is lost
or duplicated; nothing but the quasi-identifiers (and the row's number and
place) changes; the result is deterministic.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parentinfant._anonymise import AgeBand, AnonymisedFamily, AnonymisedParent, OutcomeChange
from parentinfant._commands import ClosureReason
from parentinfant._referral import Referral, RouteKind, SelfReferral
from parentinfant.errors import InvalidRecord
from parentinfant.family import EthnicCategory, Family, Infant, Parent, ParentRole, ReferrerRole
from parentinfant.records import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    KAnonymityReport,
    aggregate,
    anonymise_all,
    export_rows,
    k_anonymise,
)
from strategies import referrals

Row = dict[str, Any]
QI = ("referral_month", "route", "referrer_role", "antenatal", "infant_age_weeks")


# --------------------------------------------------------------------------- helpers


def quasi(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The default quasi-identifier columns of export rows."""
    _, report = k_anonymise(rows, k=1)
    return report.quasi_identifiers


def suppressed(row: Mapping[str, Any], names: Sequence[str]) -> bool:
    return all(row[n] == SUPPRESSED for n in names)


def rest(row: Mapping[str, Any], names: Sequence[str]) -> tuple[tuple[str, Any], ...]:
    """A row without its quasi-identifiers and its number."""
    return tuple((c, v) for c, v in row.items() if c not in names and c != "row")


def whole(row: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((c, v) for c, v in row.items() if c != "row")


def family(
    *,
    month: str = "2026-11",
    route: RouteKind = RouteKind.SELF,
    weeks: int | None = 10,
    parents: Sequence[AnonymisedParent] = (),
    closure: ClosureReason | None = None,
    significant: int = 0,
) -> AnonymisedFamily:
    return AnonymisedFamily(
        row=1,
        referral_month=month,
        route=route,
        referrer_role=None if route is RouteKind.SELF else ReferrerRole.MIDWIFE,
        antenatal=weeks is None,
        infant_age_weeks=weeks,
        weeks_before_due=4 if weeks is None else None,
        parents=tuple(parents)
        or (
            AnonymisedParent(
                role=ParentRole.MOTHER, age_band=AgeBand.FROM_25_TO_29, ethnic_category=None
            ),
        ),
        significant_risk_factors=significant,
        minor_risk_factors=0,
        sessions_offered=None,
        sessions_attended=None,
        closure_reason=closure,
        outcomes=(),
    )


def numbered(families: Sequence[AnonymisedFamily]) -> list[AnonymisedFamily]:
    return [attrs.evolve(f, row=i) for i, f in enumerate(families, start=1)]


def raw(families: Sequence[AnonymisedFamily]) -> list[Row]:
    return export_rows(numbered(families), k=None)


# --------------------------------------------------------------------------- examples


def test_a_family_alone_in_its_combination_has_every_quasi_identifier_suppressed_R_CL_4() -> None:
    rows = raw(
        [family()] * 9 + [family(route=RouteKind.CONSULTATION, closure=ClosureReason.OTHER)]
    )
    safe, report = k_anonymise(rows, k=5)
    names = report.quasi_identifiers
    rare = [r for r in safe if r["closure_reason"] == "other"]
    assert len(rare) == 1
    assert all(rare[0][n] == SUPPRESSED for n in names)
    assert rare[0]["closure_reason"] == "other"
    assert (report.small_classes, report.classes) == (1, 2)


def test_a_combination_shared_by_k_families_is_left_as_it_is_R_CL_4() -> None:
    rows = raw([family()] * 5 + [family(month="2026-12")] * 5)
    safe, report = k_anonymise(rows, k=5)
    assert safe == rows
    assert (report.suppressed_rows, report.suppressed_cells, report.k_anonymous) == (0, 0, True)


def test_the_suppressed_rows_are_never_fewer_than_k_R_CL_4() -> None:
    # One rare family: four rows of the nine-strong class are suppressed with it,
    # so a family known to be in the export is one of five suppressed rows, not one.
    rows = raw([family()] * 9 + [family(route=RouteKind.CONSULTATION)])
    safe, report = k_anonymise(rows, k=5)
    names = report.quasi_identifiers
    assert sum(suppressed(r, names) for r in safe) == 5
    assert (report.suppressed_rows, report.protecting_rows) == (5, 4)
    shown = Counter(tuple(r[n] for n in names) for r in safe if not suppressed(r, names))
    assert list(shown.values()) == [5]


def test_rows_to_spare_come_from_the_largest_classes_first_R_CL_4() -> None:
    rows = raw(
        [family()] * 7
        + [family(month="2026-12")] * 6
        + [family(route=RouteKind.CONSULTATION), family(route=RouteKind.PROFESSIONAL)]
    )
    safe, report = k_anonymise(rows, k=5)
    names = report.quasi_identifiers
    shown = Counter(r["referral_month"] for r in safe if not suppressed(r, names))
    # Three more were needed: two from the seven (spare 2), one from the six (spare 1).
    assert shown == {"2026-11": 5, "2026-12": 5}
    assert (report.suppressed_rows, report.protecting_rows) == (5, 3)


def test_when_no_class_can_spare_enough_a_whole_smallest_class_is_suppressed_R_CL_4() -> None:
    rows = raw([family()] * 6 + [family(month="2026-12")] * 5 + [family(month="2027-01")])
    safe, report = k_anonymise(rows, k=5)
    names = report.quasi_identifiers
    shown = Counter(r["referral_month"] for r in safe if not suppressed(r, names))
    assert shown == {"2026-11": 6}
    assert (report.suppressed_rows, report.protecting_rows) == (6, 5)


def test_an_export_smaller_than_k_is_all_suppressed_and_reported_as_such_R_CL_4() -> None:
    rows = raw([family(), family(month="2026-12"), family(weeks=None)])
    safe, report = k_anonymise(rows, k=5)
    assert all(suppressed(r, report.quasi_identifiers) for r in safe)
    assert (report.rows, report.suppressed_rows, report.k_anonymous) == (3, 3, False)
    assert k_anonymise([], k=5)[1].k_anonymous


def test_a_blank_for_an_absent_second_parent_is_suppressed_too_R_CL_4() -> None:
    couple = family(
        parents=[
            AnonymisedParent(
                role=ParentRole.MOTHER, age_band=AgeBand.UNDER_20, ethnic_category=None
            ),
            AnonymisedParent(
                role=ParentRole.FATHER,
                age_band=AgeBand.FROM_20_TO_24,
                ethnic_category=EthnicCategory.NOT_STATED,
            ),
        ]
    )
    safe, _ = k_anonymise(raw([family()] * 5 + [couple]), k=5)
    hidden = [r for r in safe if r["route"] == SUPPRESSED]
    # A blank parent2_role would say "one parent" for a suppressed row.
    assert {(r["parents"], r["parent2_role"], r["parent2_age_band"]) for r in hidden} == {
        (SUPPRESSED, SUPPRESSED, SUPPRESSED)
    }


def test_a_suppressed_rows_number_and_place_do_not_reveal_its_values_R_CL_4() -> None:
    # Two exports differing only in the month of the rare family, which sorts
    # first in one and last in the other, give the same rows.
    common = [family(month="2026-06", significant=n % 2) for n in range(10)]
    early = k_anonymise(raw([family(month="2026-01", significant=3), *common]), k=5)[0]
    late = k_anonymise(raw([*common, family(month="2026-12", significant=3)]), k=5)[0]
    assert early == late
    assert [r["row"] for r in early] == list(range(1, 12))
    assert [r["referral_month"] == SUPPRESSED for r in early] == [False] * 6 + [True] * 5


def test_k_is_team_policy_R_CL_4() -> None:
    rows = raw([family()] * 3 + [family(month="2026-12")] * 3)
    assert k_anonymise(rows, k=3)[1].suppressed_rows == 0
    assert k_anonymise(rows, k=4)[1].suppressed_rows == 6
    assert k_anonymise(rows, k=1)[0] == rows


def test_the_default_k_is_the_aggregate_suppression_threshold_R_CL_4() -> None:
    assert DEFAULT_SUPPRESSION_THRESHOLD == 5
    for function in (k_anonymise, export_rows):
        assert inspect.signature(function).parameters["k"].default == 5
    assert inspect.signature(aggregate).parameters["threshold"].default == 5
    rows = raw([family()] * 4)
    assert k_anonymise(rows)[1] == k_anonymise(rows, k=5)[1]


def test_export_rows_makes_its_rows_k_anonymous_by_default_R_CL_4() -> None:
    families = numbered([family()] * 9 + [family(route=RouteKind.CONSULTATION)])
    assert export_rows(families) == k_anonymise(export_rows(families, k=None))[0]
    assert sum(r["route"] == SUPPRESSED for r in export_rows(families)) == 5
    # With k=6 the nine can spare only three: all ten are suppressed.
    assert sum(r["route"] == SUPPRESSED for r in export_rows(families, k=6)) == 10


def test_export_rows_with_k_none_gives_the_rows_unchecked_R_CL_4() -> None:
    (row,) = export_rows(numbered([family()]), k=None)
    assert (row["referral_month"], row["route"], row["infant_age_weeks"]) == (
        "2026-11",
        "self",
        10,
    )


def test_the_real_pipeline_leaves_no_rare_combination_R_CL_4() -> None:
    def one(n: int, month: int) -> Referral:
        return Referral(
            id=f"R-{n}",
            received=dt.date(2026, month, 2),
            route=SelfReferral(),
            family=Family(
                parents=[Parent(f"Parent {n}", "mother")],
                infant=Infant.born_on(dt.date(2026, month, 2) - dt.timedelta(weeks=8)),
            ),
        )

    rows = export_rows(anonymise_all([one(n, 3) for n in range(9)] + [one(9, 4)]))
    assert [r["referral_month"] for r in rows] == ["2026-03"] * 5 + [SUPPRESSED] * 5
    assert "Parent" not in str(rows)


def test_week_bands_coarsen_the_infant_age_and_weeks_before_due_R_CL_4() -> None:
    rows = raw([family(weeks=w) for w in (0, 5, 12, 13, 25)] + [family(weeks=None)])
    safe, report = k_anonymise(rows, k=1, week_band=13)
    assert [r["infant_age_weeks"] for r in safe] == [
        "0-12",
        "0-12",
        "0-12",
        "13-25",
        "13-25",
        None,
    ]
    assert [r["weeks_before_due"] for r in safe][-1] == "0-12"
    assert report.week_band == 13
    assert [r["infant_age_weeks"] for r in k_anonymise(rows, k=1)[0]] == [0, 5, 12, 13, 25, None]


def test_a_team_may_name_its_own_quasi_identifiers_R_CL_4() -> None:
    rows = raw([family()] * 5 + [family(closure=ClosureReason.MOVED_AWAY)])
    assert k_anonymise(rows, k=5)[1].suppressed_rows == 0
    safe, report = k_anonymise(rows, k=5, quasi_identifiers=[*QI, "closure_reason"])
    assert report.quasi_identifiers == (*QI, "closure_reason")
    assert report.suppressed_rows == 6
    assert all(r["closure_reason"] == SUPPRESSED for r in safe)
    assert all(r["parents"] == 1 for r in safe)


def test_the_default_quasi_identifiers_are_the_ones_the_hazard_log_names_R_CL_4() -> None:
    rows = raw([family()])
    assert quasi(rows) == (
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
    )
    assert QUASI_IDENTIFIERS[-3:] == (
        "parent<i>_role",
        "parent<i>_age_band",
        "parent<i>_ethnic_category",
    )


def test_the_given_rows_are_not_changed_R_CL_4() -> None:
    rows = raw([family(), family(month="2026-12")])
    before = [dict(r) for r in rows]
    k_anonymise(rows, k=5)
    assert rows == before


@pytest.mark.parametrize(
    ("settings_", "field"),
    [
        ({"k": 0}, "k"),
        ({"k": True}, "k"),
        ({"k": 2.5}, "k"),
        ({"week_band": 1}, "week_band"),
        ({"quasi_identifiers": ["route", "row"]}, "quasi_identifiers"),
        ({"quasi_identifiers": "route"}, "quasi_identifiers"),
        ({"quasi_identifiers": ["postcode"]}, "rows[1]"),
        ({"quasi_identifiers": []}, "quasi_identifiers"),
    ],
)
def test_bad_settings_are_refused_naming_the_field_R_CL_4(
    settings_: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        k_anonymise(raw([family()]), **settings_)
    assert (caught.value.field, caught.value.rule) == (field, "R-CL-4")


def test_rows_without_any_quasi_identifier_are_refused_but_no_rows_are_fine_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="must name at least one column"):
        k_anonymise([{"sessions": 3}])
    assert k_anonymise([]) == ([], k_anonymise([], k=5)[1])
    assert export_rows([]) == []


def test_a_missing_column_is_reported_by_position_without_the_rows_values_R_CL_4() -> None:
    with pytest.raises(InvalidRecord) as caught:
        k_anonymise([{"route": "self", "closure_reason": "moved-away"}, {"closure_reason": "x"}])
    assert caught.value.field == "rows[2]"
    assert "moved-away" not in str(caught.value)


def test_a_report_whose_counts_do_not_fit_is_refused_R_CL_4() -> None:
    with pytest.raises(InvalidRecord, match="protecting_rows must not be more than"):
        KAnonymityReport(
            k=5,
            quasi_identifiers=("route",),
            rows=10,
            classes=2,
            small_classes=1,
            suppressed_rows=3,
            protecting_rows=4,
            suppressed_cells=3,
        )


def test_aggregate_tables_count_every_family_from_the_rows_before_the_check_R_CL_4() -> None:
    families = numbered([family()] * 6 + [family(route=RouteKind.CONSULTATION)])
    table = aggregate(export_rows(families, k=None), by=["route"], threshold=1)
    assert table.row_labels == ("consultation", "self")


# --------------------------------------------------------------------------- properties

_PARENTS = st.builds(
    AnonymisedParent,
    role=st.sampled_from([ParentRole.MOTHER, ParentRole.FATHER]),
    age_band=st.sampled_from([AgeBand.UNDER_20, AgeBand.FROM_30_TO_34]),
    ethnic_category=st.sampled_from([None, EthnicCategory.NOT_STATED]),
)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """The quasi-identifiers of one family, from small sets so families often share them."""
    route = draw(st.sampled_from(RouteKind))
    antenatal = draw(st.booleans())
    return {
        "referral_month": draw(st.sampled_from(["2026-10", "2026-11"])),
        "route": route,
        "referrer_role": None if route is RouteKind.SELF else ReferrerRole.GP,
        "antenatal": antenatal,
        "infant_age_weeks": None if antenatal else draw(st.integers(0, 2)),
        "weeks_before_due": draw(st.integers(0, 1)) if antenatal else None,
        "parents": tuple(draw(st.lists(_PARENTS, min_size=1, max_size=2))),
    }


@st.composite
def families(draw: st.DrawFn, pool: Sequence[dict[str, Any]]) -> AnonymisedFamily:
    offered = draw(st.none() | st.integers(0, 8))
    return AnonymisedFamily(
        row=1,
        **draw(st.sampled_from(pool)),
        significant_risk_factors=draw(st.integers(0, 3)),
        minor_risk_factors=draw(st.integers(0, 5)),
        sessions_offered=offered,
        sessions_attended=None if offered is None else draw(st.integers(0, offered)),
        closure_reason=draw(st.none() | st.sampled_from(ClosureReason)),
        outcomes=tuple(
            draw(
                st.lists(
                    st.builds(
                        OutcomeChange,
                        measure=st.just("epds"),
                        change=st.integers(-10, 10).map(Fraction),
                        improved=st.booleans(),
                    ),
                    max_size=1,
                )
            )
        ),
    )


@st.composite
def exports(draw: st.DrawFn) -> list[Row]:
    """Export rows (before the check) of up to 25 families drawn from a few profiles."""
    pool = draw(st.lists(profiles(), min_size=1, max_size=5))
    drawn = draw(st.lists(families(pool), max_size=25))
    return raw(drawn)


_K = st.integers(1, 7)


@given(exports(), _K)
def test_every_combination_left_appears_in_at_least_k_rows_R_CL_4(rows: list[Row], k: int) -> None:
    safe, report = k_anonymise(rows, k=k)
    names = report.quasi_identifiers
    shown = Counter(tuple(r[n] for n in names) for r in safe if not suppressed(r, names))
    assert all(count >= k for count in shown.values())
    hidden = sum(suppressed(r, names) for r in safe)
    # The suppressed rows are a class of k or more too, unless there are fewer than k rows.
    assert hidden == 0 or hidden >= k or (len(rows) < k and hidden == len(rows))
    assert report.k_anonymous == (len(rows) == 0 or len(rows) >= k)


@given(exports(), _K)
def test_no_row_is_lost_or_duplicated_R_CL_4(rows: list[Row], k: int) -> None:
    safe, report = k_anonymise(rows, k=k)
    names = report.quasi_identifiers
    assert len(safe) == len(rows) == report.rows
    assert [r["row"] for r in safe] == list(range(1, len(rows) + 1))
    assert Counter(rest(r, names) for r in safe) == Counter(rest(r, names) for r in rows)
    # Every row left whole is a row given, as many times as it was given at most.
    kept = Counter(whole(r) for r in safe if not suppressed(r, names))
    assert not kept - Counter(whole(r) for r in rows)
    assert sum(kept.values()) + report.suppressed_rows == len(rows)


@given(exports(), _K, st.none() | st.integers(2, 13))
def test_columns_other_than_the_quasi_identifiers_are_unchanged_R_CL_4(
    rows: list[Row], k: int, band: int | None
) -> None:
    safe, report = k_anonymise(rows, k=k, week_band=band)
    names = set(report.quasi_identifiers)
    assert all(list(r) == list(rows[0]) for r in safe)
    for column in rows[0] if rows else ():
        if column not in names and column != "row":
            assert Counter(r[column] for r in safe) == Counter(r[column] for r in rows)
    if not report.suppressed_rows and band is None:
        assert safe == rows


@given(exports(), _K)
def test_the_control_is_deterministic_R_CL_4(rows: list[Row], k: int) -> None:
    first = k_anonymise(rows, k=k)
    assert k_anonymise([dict(r) for r in rows], k=k) == first
    assert k_anonymise(rows, k=k) == first


@given(exports(), _K)
def test_the_report_counts_what_was_suppressed_R_CL_4(rows: list[Row], k: int) -> None:
    safe, report = k_anonymise(rows, k=k)
    names = report.quasi_identifiers
    keys = Counter(tuple(r[n] for n in names) for r in rows)
    assert report.classes == len(keys)
    assert report.small_classes == sum(1 for n in keys.values() if n < k)
    assert report.suppressed_rows == sum(suppressed(r, names) for r in safe)
    small_rows = sum(n for n in keys.values() if n < k)
    assert report.protecting_rows == report.suppressed_rows - small_rows
    assert report.suppressed_cells == sum(
        1 for r in safe for n in names if r[n] == SUPPRESSED
    ) - sum(1 for r in rows for n in names if r[n] == SUPPRESSED)


@given(exports(), _K)
def test_checking_twice_changes_nothing_more_R_CL_4(rows: list[Row], k: int) -> None:
    once, _ = k_anonymise(rows, k=k)
    twice, report = k_anonymise(once, k=k)
    assert twice == once
    assert report.suppressed_cells == 0


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(referrals(), max_size=8, unique_by=lambda r: r.id),
    _K,
    st.randoms(use_true_random=False),
)
def test_the_export_of_any_referrals_is_k_anonymous_and_the_same_in_any_order_R_CL_4(
    items: list[Referral], k: int, rnd: Any
) -> None:
    before = export_rows(anonymise_all(items), k=None)
    rows = export_rows(anonymise_all(items), k=k)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert export_rows(anonymise_all(shuffled), k=k) == rows
    names = quasi(before)
    shown = Counter(tuple(r[n] for n in names) for r in rows if not suppressed(r, names))
    assert all(count >= k for count in shown.values())
    assert Counter(rest(r, names) for r in rows) == Counter(rest(r, names) for r in before)
