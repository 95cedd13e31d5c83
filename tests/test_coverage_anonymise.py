"""Coverage of the rarer paths of anonymisation and k-anonymity (R-CL-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant._anonymise import (
    AnonymisedFamily,
    aggregate,
    anonymise,
    anonymise_all,
    export_rows,
)
from parentinfant._k_anonymity import KAnonymityReport, k_anonymise
from parentinfant._referral import Referral, SelfReferral
from parentinfant.errors import InvalidRecord
from parentinfant.family import Family, Infant, Parent, ParentRole

RECEIVED = dt.date(2026, 11, 2)


def _referral(infant: Infant) -> Referral:
    return Referral(
        id="RPI-0042",
        received=RECEIVED,
        route=SelfReferral(),
        family=Family(parents=(Parent("Amira Haddad", ParentRole.MOTHER),), infant=infant),
    )


def _report(**overrides: object) -> KAnonymityReport:
    fields: dict[str, object] = {
        "k": 5,
        "quasi_identifiers": ("route",),
        "rows": 10,
        "classes": 2,
        "small_classes": 1,
        "suppressed_rows": 3,
        "protecting_rows": 1,
        "suppressed_cells": 3,
    }
    fields.update(overrides)
    return KAnonymityReport(**fields)  # type: ignore[arg-type]


def _rows(counts: list[list[int]]) -> list[dict[str, str]]:
    return [
        {"band": f"b{i}", "route": f"r{j}"}
        for i, line in enumerate(counts)
        for j, count in enumerate(line)
        for _ in range(count)
    ]


@pytest.mark.parametrize("changes", [5, None])
def test_anonymise_rejects_changes_that_are_not_a_collection_R_CL_4(changes: object) -> None:
    with pytest.raises(InvalidRecord) as raised:
        anonymise(_referral(Infant.born_on(dt.date(2026, 8, 10))), None, changes)  # type: ignore[arg-type]
    assert raised.value.field == "changes"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == type(changes).__name__


@pytest.mark.parametrize("records", [7, None])
def test_anonymise_all_rejects_a_non_collection_R_CL_4(records: object) -> None:
    with pytest.raises(InvalidRecord) as raised:
        anonymise_all(records)  # type: ignore[arg-type]
    assert raised.value.field == "records"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == type(records).__name__


def test_anonymise_all_rejects_an_item_of_the_wrong_type_R_CL_4() -> None:
    good = _referral(Infant.born_on(dt.date(2026, 8, 10)))
    with pytest.raises(InvalidRecord) as raised:
        anonymise_all([good, "RPI-0043"])  # type: ignore[list-item]
    assert raised.value.field == "records[2]"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == "str"


def test_export_rows_rejects_values_that_are_not_anonymised_families_R_CL_4() -> None:
    family = anonymise(_referral(Infant.born_on(dt.date(2026, 8, 10))))
    assert isinstance(family, AnonymisedFamily)
    with pytest.raises(InvalidRecord) as raised:
        export_rows([family, {"row": 2}])  # type: ignore[list-item]
    assert raised.value.field == "families"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == "dict"


def test_aggregate_secondary_suppression_revisits_a_cheaper_route_R_CL_4() -> None:
    # A table where the cheapest cycle search meets a row or column first at a
    # dearer price and later by a cheaper one (the stale queue entry is skipped).
    table = aggregate(_rows([[6, 3, 8], [1, 0, 3], [0, 8, 3]]), by=["band", "route"])
    assert table.cells == ((None, None, 8), (None, None, None), (None, 8, None))
    assert table.row_totals == (17, None, None)
    assert table.column_totals == (7, 11, 14)
    assert table.total == 32
    assert table.suppressed == 9


@pytest.mark.parametrize("value", [-1, True, 2.0, "3"])
def test_k_anonymity_report_rejects_counts_that_are_not_whole_R_CL_4(value: object) -> None:
    with pytest.raises(InvalidRecord) as raised:
        _report(rows=value)
    assert raised.value.field == "rows"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == value


@pytest.mark.parametrize("name", ["row", "", 3])
def test_k_anonymity_report_rejects_bad_quasi_identifier_names_R_CL_4(name: object) -> None:
    with pytest.raises(InvalidRecord) as raised:
        _report(quasi_identifiers=("route", name))
    assert raised.value.field == "quasi_identifiers"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == name


@pytest.mark.parametrize("rows", [{"route": "self"}, 4, None])
def test_k_anonymise_rejects_rows_that_are_not_a_collection_R_CL_4(rows: object) -> None:
    with pytest.raises(InvalidRecord) as raised:
        k_anonymise(rows, k=2)  # type: ignore[arg-type]
    assert raised.value.field == "rows"
    assert raised.value.rule == "R-CL-4"
    assert raised.value.value == type(rows).__name__
