"""Branch coverage of the record-access module's validation and name finding (R-REC-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant._access import (
    Person,
    Record,
    RecordEntry,
    UntaggedMention,
    untagged_mentions,
)
from parentinfant.errors import InvalidRecord

T = dt.datetime(2026, 11, 3, 10, 0)
BABY = Person(person_id="baby", name="Noor Haddad", kind="child")


def _entry(**changes: object) -> RecordEntry:
    fields: dict[str, object] = {
        "entry_id": "E-1",
        "written": T,
        "author": "Jo Bell",
        "text": "First visit.",
        "about": ["baby"],
    }
    fields.update(changes)
    return RecordEntry(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["   ", "", 7])
def test_person_contact_must_be_text_or_none_R_REC_4(bad: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Person(person_id="mum", name="Amira Haddad", kind="parent", phone=bad)  # type: ignore[arg-type]
    assert caught.value.field == "phone"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == bad


@pytest.mark.parametrize("about", [["baby", " "], ["baby", 3]])
def test_entry_about_must_hold_non_empty_ids_R_REC_4(about: list[object]) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _entry(about=about)
    assert caught.value.field == "about"
    assert caught.value.requirement == "must hold non-empty person ids"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == tuple(about)


@pytest.mark.parametrize("people", [BABY, "baby", 5])
def test_record_people_must_be_a_collection_R_REC_4(people: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Record(people=people)  # type: ignore[arg-type]
    assert caught.value.field == "people"
    assert caught.value.requirement == "must be a collection of Person values"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == people


@pytest.mark.parametrize("entries", ["E-1", 5])
def test_record_entries_must_be_a_collection_R_REC_4(entries: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Record(people=[BABY], entries=entries)  # type: ignore[arg-type]
    assert caught.value.field == "entries"
    assert caught.value.requirement == "must be a collection of RecordEntry values"
    assert caught.value.value == entries


def test_record_entries_single_entry_not_a_collection_R_REC_4() -> None:
    entry = _entry()
    with pytest.raises(InvalidRecord) as caught:
        Record(people=[BABY], entries=entry)  # type: ignore[arg-type]
    assert caught.value.field == "entries"
    assert caught.value.value == entry


def test_record_people_must_hold_person_values_R_REC_4() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Record(people=[BABY, "mum"])  # type: ignore[list-item]
    assert caught.value.field == "people"
    assert caught.value.requirement == "must hold Person values"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == "mum"


def test_record_entries_must_hold_entry_values_R_REC_4() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Record(people=[BABY], entries=[_entry(), {"entry_id": "E-2"}])  # type: ignore[list-item]
    assert caught.value.field == "entries"
    assert caught.value.requirement == "must hold RecordEntry values"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == {"entry_id": "E-2"}


@pytest.mark.parametrize("ids", [["dad", ""], ["dad", None]])
def test_untagged_mention_ids_must_be_non_empty_R_REC_4(ids: list[object]) -> None:
    with pytest.raises(InvalidRecord) as caught:
        UntaggedMention(entry_id="E-4", person_ids=ids)  # type: ignore[arg-type]
    assert caught.value.field == "person_ids"
    assert caught.value.requirement == "must hold non-empty person ids"
    assert caught.value.rule == "R-REC-4"
    assert caught.value.value == tuple(ids)


def test_an_initial_is_not_read_as_a_name_R_REC_4() -> None:
    dad = Person(person_id="dad", name="K Bell", kind="parent", parental_responsibility=True)
    record = Record(
        people=[BABY, dad],
        entries=[
            _entry(entry_id="E-1", text="K said the night went well."),
            _entry(entry_id="E-2", text="Bell said the night went well."),
            _entry(entry_id="E-3", text="K Bell said the night went well."),
        ],
    )
    assert untagged_mentions(record) == (
        UntaggedMention(entry_id="E-2", person_ids=["dad"]),
        UntaggedMention(entry_id="E-3", person_ids=["dad"]),
    )
