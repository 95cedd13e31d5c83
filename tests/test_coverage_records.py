"""Branch coverage for `parentinfant.records` (and `_record_keeping`): record identity and notes policy."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant.errors import InvalidRecord
from parentinfant.family import Family, Infant, Parent
from parentinfant.records import (
    Contact,
    RecordHolder,
    RecordIdentity,
    RecordKeepingPolicy,
    RecordVersion,
    notes_overdue,
    open_record,
)

D = dt.date


def _version(name: str, from_day: dt.date) -> RecordVersion:
    return RecordVersion(
        name=name, date_of_birth=D(2027, 2, 14), estimated=True, from_day=from_day, reason="opened"
    )


def test_a_record_identity_without_any_version_is_refused() -> None:
    # R-REC-3: the history of a record's name always starts with the version it was opened under.
    with pytest.raises(InvalidRecord) as caught:
        RecordIdentity(holder=RecordHolder.CHILD, versions=())
    assert caught.value.field == "versions"
    assert caught.value.rule == "R-REC-3"


def test_record_versions_out_of_date_order_are_refused() -> None:
    # R-REC-3: versions are only ever added, so they must run oldest first.
    later, earlier = _version("Baby of Ama", D(2026, 11, 5)), _version("Kofi", D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as caught:
        RecordIdentity(holder=RecordHolder.CHILD, versions=(later, earlier))
    assert caught.value.requirement == "must be in date order"
    assert caught.value.value == [D(2026, 11, 5), D(2026, 11, 2)]
    ordered = RecordIdentity(holder=RecordHolder.CHILD, versions=(earlier, later))
    assert ordered.current is later


@pytest.mark.parametrize(
    ("born_on", "recorded_on", "field"),
    [
        ("2027-02-09", D(2027, 2, 12), "born_on"),
        (D(2027, 2, 9), dt.datetime(2027, 2, 12, 9), "recorded_on"),
    ],
)
def test_a_birth_is_recorded_with_dates_not_text_or_datetimes(
    born_on: object, recorded_on: object, field: str
) -> None:
    # R-REC-3: the child-named record gets the real date of birth when the baby is born.
    fam = Family(parents=[Parent("Ama Reid", "mother")], infant=Infant.unborn(D(2027, 2, 14)))
    record = open_record(fam, "child", opened_on=D(2026, 11, 2))
    with pytest.raises(InvalidRecord) as caught:
        record.record_birth(name="Kofi Reid", born_on=born_on, recorded_on=recorded_on)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.rule == "R-REC-3"


@pytest.mark.parametrize("years", [1, 8, 25, 100])
def test_retention_in_whole_years_from_1_to_100_is_accepted(years: int) -> None:
    # R-REC-7: the host's retention policy may be stated in years.
    policy = RecordKeepingPolicy(system="trust record", retention_years=years)
    assert policy.retention_years == years


@pytest.mark.parametrize("years", [0, 101, 2.5, True, "8"])
def test_retention_years_outside_1_to_100_or_not_whole_are_refused(years: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        RecordKeepingPolicy(system="trust record", retention_years=years)  # type: ignore[arg-type]
    assert caught.value.field == "retention_years"
    assert caught.value.rule == "R-REC-7"


def test_notes_overdue_needs_a_record_keeping_policy() -> None:
    # R-REC-7: when notes are due comes from the host's policy, so a bare number is refused.
    contact = Contact(
        id="R-1/4", case_id="R-1", at=dt.datetime(2026, 11, 27, 15), kind="appointment"
    )
    with pytest.raises(InvalidRecord) as caught:
        notes_overdue([contact], {}, policy=1, today=D(2026, 12, 1))  # type: ignore[arg-type]
    assert caught.value.field == "policy"
    assert caught.value.rule == "R-REC-7"
