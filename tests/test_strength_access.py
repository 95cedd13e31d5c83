"""Who may read a record and what they see, asserted to the word (R-REC-4; R-REC-1).

Every refusal is checked for its error type, ``field``, ``rule``, ``value`` and
the message that names them (``"{field} {requirement} ({rule}), got
{value!r}"``, the contract of `parentinfant.errors.InvalidValue`). Each
withheld entry is checked for the reason and rule of the first check in the
module's table that applies to it (R-REC-4 for adults' information, R-REC-1
for another agency's), and the day it shows is the entry's own, written out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from parentinfant._access import (
    AccessRefused,
    ChildRequester,
    CommissionerRequester,
    ParentRequester,
    Person,
    PersonKind,
    PractitionerRequester,
    Record,
    RecordEntry,
    RecordView,
    Redaction,
    UntaggedMention,
    untagged_mentions,
    view,
)
from parentinfant.errors import InvalidRecord, InvalidValue
from parentinfant.family import Parent

PERSON_KINDS = "'child', 'parent', 'other-adult', 'professional'"

THIRD_PARTY = (
    "it holds information from another agency, which is not passed on without that "
    "agency's permission"
)
HISTORY = "it records an adult's own past or present experiences, which only that adult may see"
OPINION = (
    "it records one adult's opinion of another adult, which only the adult whose opinion "
    "it is may see"
)
OTHER_ADULT = (
    "it also concerns another adult, whose information is withheld unless it is theirs "
    "to see; a practitioner can review it for release"
)
UNTAGGED = (
    "its text names a person it is not tagged with, whose information may not be yours to "
    "see; a practitioner must check the entry's tagging before it can be released"
)
NOT_YOURS = "it is not about you or the child"
COMMISSIONER = "commissioners receive anonymised figures, never a family's personal information"


def assert_refusal(
    error: InvalidValue, *, field: str, value: object, requirement: str, rule: str = "R-REC-4"
) -> None:
    """The error names its field, rule and value, and its message says all three."""
    assert (error.field, error.rule) == (field, rule)
    assert error.value == value
    assert type(error.value) is type(value)
    assert str(error) == f"{field} {requirement} ({rule}), got {value!r}"


DAY = dt.datetime(2026, 11, 3, 10, 0)
BABY = Person(person_id="baby", name="Noor Haddad", kind="child", address="1 Mill Lane")
MUM = Person(
    person_id="mum",
    name="Amira Haddad",
    kind="parent",
    parental_responsibility=True,
    phone="07700 900123",
)
DAD = Person(person_id="dad", name="Yusuf Haddad", kind="parent", parental_responsibility=True)
GRAN = Person(
    person_id="gran", name="Rana Saleh", kind="other-adult", parental_responsibility=False
)
HV = Person(
    person_id="hv",
    name="Jo Smith",
    kind="professional",
    phone="0113 496 0000",
    email="jo@example.org",
)
PEOPLE = (BABY, MUM, DAD, GRAN, HV)


def entry(entry_id: str, about: list[str], text: str = "Visit.", **flags: Any) -> RecordEntry:
    return RecordEntry(
        entry_id=entry_id, written=DAY, author="Jo Bell", text=text, about=about, **flags
    )


# --------------------------------------------------------------------------- people


@pytest.mark.parametrize(
    ("field", "bad"),
    [("person_id", ""), ("person_id", "  "), ("name", ""), ("name", None)],
    ids=["id-empty", "id-blank", "name-empty", "name-none"],
)
def test_a_person_needs_an_id_and_a_name(field: str, bad: object) -> None:
    """R-REC-4: entries name people by id, and the record holds their name."""
    fields: dict[str, object] = {"person_id": "mum", "name": "Amira", "kind": "parent"}
    fields[field] = bad
    with pytest.raises(InvalidRecord) as info:
        Person(**fields)  # type: ignore[arg-type]
    assert_refusal(info.value, field=field, value=bad, requirement="must be non-empty text")


def test_an_unknown_kind_of_person_is_refused_listing_the_kinds() -> None:
    """R-REC-4: the rules treat the child, adults of the family and professionals apart."""
    with pytest.raises(InvalidRecord) as info:
        Person(person_id="g", name="Rana", kind="grandparent")  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="kind",
        value="grandparent",
        requirement=f"must be one of {PERSON_KINDS}",
    )


@pytest.mark.parametrize("bad", ["yes", 1, 0], ids=["text", "one", "zero"])
def test_parental_responsibility_is_true_false_or_not_recorded(bad: object) -> None:
    """R-REC-4: a truthy "yes" must never stand for holding parental responsibility."""
    with pytest.raises(InvalidRecord) as info:
        Person(person_id="dad", name="Yusuf", kind="parent", parental_responsibility=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="parental_responsibility",
        value=bad,
        requirement="must be True, False or None (not recorded)",
    )


@pytest.mark.parametrize(
    ("kind", "held"),
    [("professional", True), ("professional", False), ("child", True)],
    ids=["professional-true", "professional-false", "child-true"],
)
def test_only_an_adult_of_the_family_holds_parental_responsibility(kind: str, held: bool) -> None:
    """R-REC-4: parental responsibility is an adult of the family's, never a worker's or the child's."""
    with pytest.raises(InvalidRecord) as info:
        Person(person_id="p", name="Jo", kind=kind, parental_responsibility=held)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="parental_responsibility",
        value=held,
        requirement=f"must be None for a {kind} (only an adult of the family holds it)",
    )


def test_an_other_adult_may_hold_parental_responsibility() -> None:
    """R-REC-4: a new partner or grandparent is an adult of the family, like a parent."""
    assert Person(
        person_id="sam", name="Sam", kind="other-adult", parental_responsibility=True
    ).parental_responsibility


@pytest.mark.parametrize("field", ["phone", "address", "email"])
@pytest.mark.parametrize("bad", ["", " ", 7], ids=["empty", "blank", "number"])
def test_contact_details_are_text_or_not_recorded(field: str, bad: object) -> None:
    """R-REC-4: a blank detail is not a detail."""
    with pytest.raises(InvalidRecord) as info:
        Person(person_id="mum", name="Amira", kind="parent", **{field: bad})  # type: ignore[arg-type]
    assert_refusal(
        info.value, field=field, value=bad, requirement="must be non-empty text or None"
    )


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("mother", PersonKind.PARENT),
        ("father", PersonKind.PARENT),
        ("partner", PersonKind.OTHER_ADULT),
        ("other-caregiver", PersonKind.OTHER_ADULT),
    ],
    ids=["mother", "father", "partner", "caregiver"],
)
def test_a_familys_parent_becomes_a_person_with_every_detail(role: str, kind: PersonKind) -> None:
    """R-REC-4, R-REC-5: name, kind, responsibility and every contact detail carry over."""
    parent = Parent(
        "Sam Cole",
        role,
        phone="07700 900456",
        address="2 Elm Row",
        email="sam@example.org",
        parental_responsibility=True,
    )
    assert Person.from_parent("sam", parent) == Person(
        person_id="sam",
        name="Sam Cole",
        kind=kind,
        parental_responsibility=True,
        phone="07700 900456",
        address="2 Elm Row",
        email="sam@example.org",
    )


@pytest.mark.parametrize(
    ("details", "has"),
    [({}, False), ({"phone": "1"}, True), ({"address": "1 Row"}, True), ({"email": "a@b"}, True)],
    ids=["none", "phone", "address", "email"],
)
def test_any_one_contact_detail_counts_as_contact_details(
    details: dict[str, str], has: bool
) -> None:
    """R-REC-4: any recorded phone, address or email is a contact detail to withhold."""
    assert (
        Person(person_id="hv", name="Jo", kind="professional", **details).has_contact_details
        is has
    )


# --------------------------------------------------------------------------- entries


@pytest.mark.parametrize("bad", ["mum", b"mum", 5], ids=["text", "bytes", "number"])
def test_about_must_be_a_collection_of_ids(bad: object) -> None:
    """R-REC-4: one id given as text would be read letter by letter."""
    with pytest.raises(InvalidRecord) as info:
        entry("E-1", bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="about", value=bad, requirement="must be a collection of person ids"
    )


@pytest.mark.parametrize(
    ("about", "value", "requirement"),
    [
        ([], (), "must name at least one person the entry concerns"),
        (["mum", ""], ("mum", ""), "must hold non-empty person ids"),
        (["mum", " "], ("mum", " "), "must hold non-empty person ids"),
        (["mum", 3], ("mum", 3), "must hold non-empty person ids"),
        (["mum", "mum"], ("mum", "mum"), "must name each person once"),
    ],
    ids=["empty", "empty-id", "blank-id", "number-id", "repeated"],
)
def test_about_names_each_person_the_entry_concerns_once(
    about: list[object], value: tuple[object, ...], requirement: str
) -> None:
    """R-REC-4: the view relies on ``about`` naming everyone the entry concerns."""
    with pytest.raises(InvalidRecord) as info:
        entry("E-1", about)  # type: ignore[arg-type]
    assert_refusal(info.value, field="about", value=value, requirement=requirement)


def test_an_entry_is_written_at_a_date_and_time() -> None:
    """R-REC-4: the view shows the day each entry was written."""
    with pytest.raises(InvalidRecord) as info:
        RecordEntry(
            entry_id="E-1",
            written=dt.date(2026, 11, 3),  # type: ignore[arg-type]
            author="Jo Bell",
            text="Visit.",
            about=["baby"],
        )
    assert_refusal(
        info.value,
        field="written",
        value=dt.date(2026, 11, 3),
        requirement="must be a date and time",
    )


@pytest.mark.parametrize("field", ["opinion_by", "history_of", "third_party"])
def test_an_entrys_flags_are_text_or_none(field: str) -> None:
    """R-REC-4: a blank flag would say nothing about whose information it is."""
    with pytest.raises(InvalidRecord) as info:
        entry("E-1", ["baby", "dad"], **{field: " "})
    assert_refusal(
        info.value, field=field, value=" ", requirement="must be non-empty text or None"
    )


def test_an_opinion_about_no_one_but_its_holder_is_refused() -> None:
    """R-REC-4: an opinion is one adult's of another adult, not of themselves alone."""
    with pytest.raises(InvalidRecord) as info:
        entry("E-1", ["mum"], opinion_by="mum")
    assert_refusal(
        info.value,
        field="opinion_by",
        value="mum",
        requirement="must be someone other than the only person the entry is about (('mum',))",
    )


def test_an_opinion_about_someone_else_as_well_as_its_holder_is_accepted() -> None:
    """R-REC-4: an opinion is of another adult; it may also concern its holder."""
    opinion = entry("E-1", ["mum", "dad"], opinion_by="mum")
    assert opinion.concerns == ("mum", "dad")


def test_who_an_entry_concerns_adds_whose_opinion_and_history_it_holds_once() -> None:
    """R-REC-4: everyone an entry concerns, ``about`` first, then opinion and history."""
    both = entry("E-1", ["dad"], opinion_by="mum", history_of="gran")
    assert both.concerns == ("dad", "mum", "gran")
    same = entry("E-2", ["dad"], opinion_by="mum", history_of="mum")
    assert same.concerns == ("dad", "mum")


# --------------------------------------------------------------------------- the record


@pytest.mark.parametrize("bad", [BABY, "baby", 5], ids=["one-person", "text", "number"])
def test_people_must_be_a_collection_of_persons(bad: object) -> None:
    """R-REC-4: the record holds everyone its entries concern."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="people", value=bad, requirement="must be a collection of Person values"
    )


def test_people_must_all_be_persons() -> None:
    """R-REC-4: every person on the record is a `Person`."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=[BABY, "mum"])  # type: ignore[list-item]
    assert_refusal(info.value, field="people", value="mum", requirement="must hold Person values")


def test_people_ids_repeated_are_refused_naming_each_once() -> None:
    """R-REC-4: entries name people by id, so each id is one person."""
    people = [BABY, MUM, DAD, MUM, DAD, HV]
    with pytest.raises(InvalidRecord) as info:
        Record(people=people)
    assert_refusal(
        info.value,
        field="people",
        value=["dad", "mum"],
        requirement="must give each person a different id",
    )


@pytest.mark.parametrize(
    ("people", "found"),
    [([MUM], 0), ([BABY, MUM, Person(person_id="b2", name="Zain", kind="child")], 2)],
    ids=["none", "two"],
)
def test_a_record_is_for_exactly_one_child(people: list[Person], found: int) -> None:
    """R-REC-4: the record is the child's; it holds that one child."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=people)
    assert_refusal(
        info.value,
        field="people",
        value=[p.person_id for p in people],
        requirement=f"must hold exactly one child, the one the record is for (found {found})",
    )


@pytest.mark.parametrize(
    "bad", [entry("E-1", ["baby"]), "E-1", 5], ids=["one-entry", "text", "number"]
)
def test_entries_must_be_a_collection_of_entries(bad: object) -> None:
    """R-REC-4: the record's entries, in the order added."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="entries",
        value=bad,
        requirement="must be a collection of RecordEntry values",
    )


def test_entries_must_all_be_entries() -> None:
    """R-REC-4: every item of the record is a `RecordEntry`."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=[entry("E-1", ["baby"]), "E-2"])  # type: ignore[list-item]
    assert_refusal(
        info.value, field="entries", value="E-2", requirement="must hold RecordEntry values"
    )


def test_entry_ids_must_differ() -> None:
    """R-REC-4: a view says which entry was withheld by its id."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=[entry("E-1", ["baby"]), entry("E-1", ["mum"])])
    assert_refusal(
        info.value,
        field="entries",
        value="E-1",
        requirement="must give each entry a different id",
    )


@pytest.mark.parametrize(
    ("flags", "unknown"),
    [({}, "gp"), ({"opinion_by": "gp"}, "gp"), ({"history_of": "gp"}, "gp")],
    ids=["about", "opinion", "history"],
)
def test_an_entry_names_only_people_on_the_record(flags: dict[str, str], unknown: str) -> None:
    """R-REC-4: redaction works from the record's people; an unknown id cannot be judged."""
    about = ["dad", "gp"] if not flags else ["dad"]
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=[entry("E-9", about, **flags)])
    assert_refusal(
        info.value,
        field="entries['E-9']",
        value=unknown,
        requirement="must name only people on the record",
    )


@pytest.mark.parametrize(
    ("field", "whose"),
    [("opinion_by", "hv"), ("opinion_by", "baby"), ("history_of", "hv"), ("history_of", "baby")],
    ids=["opinion-professional", "opinion-child", "history-professional", "history-child"],
)
def test_opinions_and_histories_are_an_adult_of_the_familys(field: str, whose: str) -> None:
    """R-REC-4: the rule protects adults' opinions and experiences."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=[entry("E-3", ["mum", "dad"], **{field: whose})])
    assert_refusal(
        info.value,
        field=f"entries['E-3'].{field}",
        value=whose,
        requirement="must name an adult of the family (a parent or other adult)",
    )


def test_an_opinion_must_be_about_another_adult() -> None:
    """R-REC-4: an opinion of one adult about another; about the child alone it is not one."""
    with pytest.raises(InvalidRecord) as info:
        Record(people=PEOPLE, entries=[entry("E-4", ["baby", "hv"], opinion_by="mum")])
    assert_refusal(
        info.value,
        field="entries['E-4'].about",
        value=("baby", "hv"),
        requirement="must name the other adult an opinion is about",
    )


def test_asking_for_someone_not_on_the_record_lists_who_is() -> None:
    """R-REC-4: people are looked up by their id on the record."""
    record = Record(people=[BABY, MUM])
    assert record.person("mum") == MUM
    with pytest.raises(InvalidRecord) as info:
        record.person("dad")
    assert_refusal(
        info.value, field="person_id", value="dad", requirement="must be one of ['baby', 'mum']"
    )


def test_adding_an_entry_keeps_the_earlier_ones_first() -> None:
    """R-REC-4: entries are only ever added, oldest first."""
    first, second = entry("E-1", ["baby"]), entry("E-2", ["mum"])
    record = Record(people=PEOPLE, entries=[first]).add(second)
    assert record.entries == (first, second)


@pytest.mark.parametrize(
    "make",
    [ChildRequester, ParentRequester, PractitionerRequester],
    ids=["child", "parent", "practitioner"],
)
def test_a_requester_is_named(make: Any) -> None:
    """R-REC-4: the view records who asked."""
    with pytest.raises(InvalidRecord) as info:
        make(" ")
    field = "name" if make is PractitionerRequester else "person_id"
    assert_refusal(info.value, field=field, value=" ", requirement="must be non-empty text")


# --------------------------------------------------------------------------- untagged names

RECORD_FOR_NAMES = (
    BABY,
    MUM,
    DAD,
    Person(person_id="kofi", name="K Osei", kind="other-adult"),
    Person(person_id="dan", name="Dan", kind="other-adult"),
    Person(person_id="danny", name="Dan Brown", kind="other-adult"),
    Person(person_id="ciara", name="Ciara O'Brien", kind="other-adult"),
    Person(person_id="zoe", name="Zo\u00eb Ward", kind="other-adult"),
    Person(person_id="jurgen", name="J\u00fcrgen Strau\u00df", kind="other-adult"),
    Person(person_id="mary", name="Mary Ann Jones", kind="other-adult"),
    Person(person_id="al", name="Al Khan", kind="other-adult"),
    HV,
)


def _mentions(text: str) -> tuple[str, ...]:
    record = Record(people=RECORD_FOR_NAMES, entries=[entry("E-1", ["baby"], text)])
    found = untagged_mentions(record)
    return found[0].person_ids if found else ()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Yusuf came.", ("dad",)),
        ("YUSUF came.", ("dad",)),
        ("At Yusuf's flat.", ("dad",)),
        ("Amira   Haddad rang.", ("mum",)),
        ("The Haddad family came.", ()),
        ("Osei called.", ("kofi",)),
        ("K called.", ()),
        ("Dan came.", ("dan",)),
        ("Brown came.", ("danny",)),
        ("Dan Brown came.", ("danny",)),
        ("Danger at home.", ()),
        ("O\u2019Brien called.", ("ciara",)),
        ("O\u2018Brien called.", ("ciara",)),
        ("O\u02bcBrien called.", ("ciara",)),
        ("Zoe\u0308 called.", ("zoe",)),
        ("STRAUSS called.", ("jurgen",)),
        ("Jo Smith visited.", ()),
        ("Noor slept.", ()),
        ("Jones called.", ("mary",)),
        ("Ann called.", ()),
        ("Al came.", ("al",)),
        ("Yusuf and Amira came.", ("mum", "dad")),
    ],
    ids=[
        "given-name",
        "any-case",
        "possessive",
        "spaced-full-name",
        "shared-surname",
        "surname-after-initial",
        "initial-is-not-a-name",
        "single-word-full-name",
        "unique-surname",
        "longest-full-name",
        "whole-words-only",
        "right-quote",
        "left-quote",
        "modifier-apostrophe",
        "decomposed-accent",
        "casefold",
        "professional",
        "child",
        "surname-of-three-words",
        "middle-name-is-not-counted",
        "two-letter-name",
        "record-order",
    ],
)
def test_a_name_in_the_text_counts_by_full_name_or_an_unshared_word(
    text: str, named: tuple[str, ...]
) -> None:
    """R-REC-4, hazard H-15: adults of the family named by full name, or a given name or
    surname no one else shares (an initial is not a name); whole words, any case and any
    apostrophe; the child and professionals need no tag; listed in the record's order."""
    assert _mentions(text) == named


def test_an_antenatal_childs_name_is_not_read_as_the_mothers() -> None:
    """R-REC-3, R-REC-4: "Baby of Amira Haddad" is the child, matched as the longer name."""
    baby = Person(person_id="baby", name="Baby of Amira Haddad", kind="child")
    record = Record(
        people=[baby, MUM],
        entries=[
            entry("E-1", ["baby"], "Baby of Amira Haddad slept."),
            entry("E-2", ["baby"], "Amira Haddad slept."),
        ],
    )
    assert untagged_mentions(record) == (UntaggedMention(entry_id="E-2", person_ids=("mum",)),)


def test_a_tagged_adult_is_not_an_untagged_mention() -> None:
    """R-REC-4: a name is only a problem when the tags leave the person out."""
    record = Record(
        people=PEOPLE,
        entries=[
            entry("E-1", ["baby", "dad"], "Yusuf came."),
            entry("E-2", ["baby", "dad"], "Rana's view of Yusuf.", opinion_by="gran"),
            entry("E-4", ["baby"], "Yusuf's own childhood.", history_of="dad"),
            entry("E-3", ["baby"], "Yusuf came."),
        ],
    )
    assert untagged_mentions(record) == (UntaggedMention(entry_id="E-3", person_ids=("dad",)),)


def test_an_untagged_mention_reads_out_every_name() -> None:
    """R-REC-4: the practitioner sees which entry names whom."""
    mention = UntaggedMention(entry_id="E-4", person_ids=["mum", "dad"])
    assert (
        str(mention)
        == "entry E-4 names mum, dad in its text but is not tagged with them (R-REC-4)"
    )


@pytest.mark.parametrize("bad", ["dad", b"dad", 5], ids=["text", "bytes", "number"])
def test_an_untagged_mentions_ids_are_a_collection(bad: object) -> None:
    """R-REC-4: one id given as text would be read letter by letter."""
    with pytest.raises(InvalidRecord) as info:
        UntaggedMention(entry_id="E-4", person_ids=bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="person_ids", value=bad, requirement="must be a collection of person ids"
    )


@pytest.mark.parametrize(
    ("ids", "value", "requirement"),
    [
        ([], (), "must name at least one person"),
        (["dad", ""], ("dad", ""), "must hold non-empty person ids"),
        (["dad", " "], ("dad", " "), "must hold non-empty person ids"),
        (["dad", 4], ("dad", 4), "must hold non-empty person ids"),
        (["dad", "dad"], ("dad", "dad"), "must name each person once"),
    ],
    ids=["empty", "empty-id", "blank-id", "number-id", "repeated"],
)
def test_an_untagged_mention_names_each_adult_once(
    ids: list[object], value: tuple[object, ...], requirement: str
) -> None:
    """R-REC-4: a mention names the adults the tags miss, each once."""
    with pytest.raises(InvalidRecord) as info:
        UntaggedMention(entry_id="E-4", person_ids=ids)  # type: ignore[arg-type]
    assert_refusal(info.value, field="person_ids", value=value, requirement=requirement)


def test_an_untagged_mention_needs_its_entry_id() -> None:
    """R-REC-4: the practitioner must find the entry to correct it."""
    with pytest.raises(InvalidRecord) as info:
        UntaggedMention(entry_id="", person_ids=["dad"])
    assert_refusal(info.value, field="entry_id", value="", requirement="must be non-empty text")


# --------------------------------------------------------------------------- the view

ENTRIES = (
    entry("E-1", ["baby"], third_party="police"),
    entry("E-2", ["baby"], "Childhood memories.", history_of="dad"),
    entry("E-3", ["dad"], "A view of him.", opinion_by="mum"),
    entry("E-4", ["baby"], "Noor stayed with Yusuf."),
    entry("E-5", ["mum", "baby"]),
    entry("E-6", ["hv"], "Team meeting."),
    entry("E-7", ["baby"], "Noor fed well."),
)
RECORD = Record(people=PEOPLE, entries=ENTRIES)


def _reasons(requester: Any) -> dict[str, tuple[str, str] | None]:
    seen = view(RECORD, requester)
    assert isinstance(seen, RecordView)
    assert seen.requester == requester
    assert seen.entry_ids == tuple(e.entry_id for e in ENTRIES)
    out: dict[str, tuple[str, str] | None] = {}
    for item in seen.items:
        if isinstance(item, RecordEntry):
            out[item.entry_id] = None
        else:
            assert item.what == f"entry {item.entry_id} of 3 November 2026"
            out[str(item.entry_id)] = (item.reason, item.rule)
    return out


def test_the_mother_sees_her_own_opinion_and_her_entries_but_no_one_elses() -> None:
    """R-REC-4, R-REC-1: the table's checks, first that applies, for a holder of responsibility."""
    assert _reasons(ParentRequester("mum")) == {
        "E-1": (THIRD_PARTY, "R-REC-1"),
        "E-2": (HISTORY, "R-REC-4"),
        "E-3": None,
        "E-4": (UNTAGGED, "R-REC-4"),
        "E-5": None,
        "E-6": (NOT_YOURS, "R-REC-4"),
        "E-7": None,
    }


def test_the_father_sees_his_own_history_and_his_own_name_but_not_the_mothers_opinion() -> None:
    """R-REC-4: his own experiences and an entry naming only him are his to see."""
    assert _reasons(ParentRequester("dad")) == {
        "E-1": (THIRD_PARTY, "R-REC-1"),
        "E-2": None,
        "E-3": (OPINION, "R-REC-4"),
        "E-4": None,
        "E-5": (OTHER_ADULT, "R-REC-4"),
        "E-6": (NOT_YOURS, "R-REC-4"),
        "E-7": None,
    }


def test_the_child_sees_only_what_concerns_them_and_no_adult() -> None:
    """R-REC-4: the child reads neither parent's opinions, histories or information."""
    assert _reasons(ChildRequester("baby")) == {
        "E-1": (THIRD_PARTY, "R-REC-1"),
        "E-2": (HISTORY, "R-REC-4"),
        "E-3": (OPINION, "R-REC-4"),
        "E-4": (UNTAGGED, "R-REC-4"),
        "E-5": (OTHER_ADULT, "R-REC-4"),
        "E-6": (NOT_YOURS, "R-REC-4"),
        "E-7": None,
    }


@pytest.mark.parametrize(
    ("flags", "about", "text", "reason"),
    [
        ({"third_party": "police", "history_of": "dad"}, ["baby"], "Visit.", THIRD_PARTY),
        ({"history_of": "dad", "opinion_by": "gran"}, ["baby", "dad"], "Visit.", HISTORY),
        ({"opinion_by": "gran"}, ["dad"], "Noor with Yusuf and Amira.", OPINION),
        ({}, ["baby", "dad"], "Amira saw Rana.", UNTAGGED),
    ],
    ids=[
        "third-party-first",
        "history-before-opinion",
        "opinion-before-untagged",
        "untagged-before-adult",
    ],
)
def test_the_first_check_that_applies_gives_the_reason(
    flags: dict[str, str], about: list[str], text: str, reason: str
) -> None:
    """R-REC-4: checks run in the table's order; the first that applies decides."""
    record = Record(people=PEOPLE, entries=[entry("E-1", about, text, **flags)])
    seen = view(record, ParentRequester("mum"))
    assert isinstance(seen, RecordView)
    assert [r.reason for r in seen.withheld] == [reason]


def test_an_adults_own_history_is_shown_even_when_it_concerns_another_adult() -> None:
    """R-REC-4: check 5 (their own experiences) comes before check 6 (another adult)."""
    record = Record(
        people=PEOPLE,
        entries=[
            entry("E-1", ["mum", "dad"], history_of="mum"),
            entry("E-2", ["dad"], opinion_by="mum"),
        ],
    )
    seen = view(record, ParentRequester("mum"))
    assert isinstance(seen, RecordView)
    assert seen.shown == record.entries


def test_an_entry_naming_only_the_requester_untagged_is_shown_to_them() -> None:
    """R-REC-4, H-15: the adult an untagged name belongs to may see it, about the child."""
    record = Record(people=PEOPLE, entries=[entry("E-1", ["baby"], "Amira fed Noor.")])
    seen = view(record, ParentRequester("mum"))
    assert isinstance(seen, RecordView)
    assert [e.entry_id for e in seen.shown] == ["E-1"]


def test_a_withheld_entry_says_its_id_and_the_day_it_was_written() -> None:
    """R-REC-4: a redaction says what was withheld without naming whose it is."""
    record = Record(
        people=PEOPLE,
        entries=[
            RecordEntry(
                entry_id="E-12",
                written=dt.datetime(2027, 1, 5, 16, 45),
                author="Jo Bell",
                text="From the police.",
                about=["baby"],
                third_party="police",
            )
        ],
    )
    seen = view(record, ChildRequester("baby"))
    assert isinstance(seen, RecordView)
    assert seen.withheld == (
        Redaction(
            what="entry E-12 of 5 January 2027",
            reason=THIRD_PARTY,
            rule="R-REC-1",
            entry_id="E-12",
        ),
    )
    assert (
        str(seen.withheld[0]) == f"entry E-12 of 5 January 2027 withheld: {THIRD_PARTY} (R-REC-1)"
    )
    assert seen.entry_ids == ("E-12",)


ADULTS_WITHHELD = Redaction(
    what="the names and details of any other adults of the family",
    reason="information about an adult is withheld unless it is theirs to see",
    rule="R-REC-4",
)


def test_a_parent_sees_their_own_details_and_no_one_elses_contacts() -> None:
    """R-REC-4: own details in full; the child's and professionals' names without contacts;
    no other adult at all."""
    seen = view(RECORD, ParentRequester("mum"))
    assert isinstance(seen, RecordView)
    assert seen.people == (
        Person(person_id="baby", name="Noor Haddad", kind="child"),
        MUM,
        Person(person_id="hv", name="Jo Smith", kind="professional"),
    )
    assert seen.details_withheld == (
        Redaction(
            what="the contact details of the child (baby)",
            reason="only the team gives out contact details: a child's are usually an adult's",
            rule="R-REC-4",
            person_id="baby",
        ),
        Redaction(
            what="the contact details of a professional (hv)",
            reason="only the team gives out contact details",
            rule="R-REC-4",
            person_id="hv",
        ),
        ADULTS_WITHHELD,
    )
    assert seen.redactions == seen.withheld + seen.details_withheld


def test_the_child_sees_their_own_details_in_full() -> None:
    """R-REC-4: the child's own details are theirs; a professional without contacts needs no redaction."""
    record = Record(
        people=[BABY, MUM, Person(person_id="hv", name="Jo Smith", kind="professional")]
    )
    seen = view(record, ChildRequester("baby"))
    assert isinstance(seen, RecordView)
    assert seen.people == (BABY, Person(person_id="hv", name="Jo Smith", kind="professional"))
    assert seen.details_withheld == (ADULTS_WITHHELD,)


def test_a_practitioner_sees_everything() -> None:
    """R-REC-4: a practitioner of the team sees every entry and everyone's details."""
    seen = view(RECORD, PractitionerRequester("Jo Bell"))
    assert seen == RecordView(
        requester=PractitionerRequester("Jo Bell"),
        people=PEOPLE,
        items=ENTRIES,
        details_withheld=(),
    )


def test_a_commissioner_sees_only_that_entries_exist() -> None:
    """R-REC-1, R-CL-4: commissioners get anonymised figures, never personal information."""
    seen = view(RECORD, CommissionerRequester())
    assert isinstance(seen, RecordView)
    assert seen.requester == CommissionerRequester()
    assert seen.people == ()
    assert seen.shown == ()
    assert seen.withheld == tuple(
        Redaction(
            what=f"entry {e.entry_id} of 3 November 2026",
            reason=COMMISSIONER,
            rule="R-REC-1",
            entry_id=e.entry_id,
        )
        for e in ENTRIES
    )
    assert seen.details_withheld == (
        Redaction(
            what="the names and details of everyone on the record",
            reason=COMMISSIONER,
            rule="R-REC-1",
        ),
    )
    assert seen.entry_ids == ("E-1", "E-2", "E-3", "E-4", "E-5", "E-6", "E-7")


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        (
            "gran",
            "they do not hold parental responsibility, which an adult needs to read the "
            "child's record",
        ),
        (
            "sam",
            "parental responsibility is not recorded for them; the team must confirm it "
            "before anything is disclosed",
        ),
    ],
    ids=["not-held", "not-recorded"],
)
def test_an_adult_without_recorded_parental_responsibility_is_refused(
    who: str, reason: str
) -> None:
    """R-REC-4: only adults with parental responsibility may read the record."""
    record = Record(people=[*PEOPLE, Person(person_id="sam", name="Sam Cole", kind="other-adult")])
    refused = view(record, ParentRequester(who))
    assert refused == AccessRefused(requester=ParentRequester(who), reason=reason, rule="R-REC-4")
    assert str(refused) == f"access refused: {reason} (R-REC-4)"


def test_a_view_needs_a_requester() -> None:
    """R-REC-4: who asks decides what is shown."""
    with pytest.raises(InvalidRecord) as info:
        view(RECORD, "mum")  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="requester",
        value="mum",
        requirement=(
            "must be a ChildRequester, ParentRequester, PractitionerRequester or "
            "CommissionerRequester"
        ),
    )


@pytest.mark.parametrize(
    ("requester", "value", "requirement"),
    [
        (ChildRequester("zain"), "zain", "must name a child on the record"),
        (ChildRequester("mum"), "mum", "must name the child on the record"),
        (
            ParentRequester("zain"),
            "zain",
            "must name a parent or other adult of the family on the record",
        ),
        (ParentRequester("hv"), "hv", "must name a parent or other adult of the family"),
        (ParentRequester("baby"), "baby", "must name a parent or other adult of the family"),
    ],
    ids=[
        "child-unknown",
        "child-is-adult",
        "parent-unknown",
        "parent-is-professional",
        "parent-is-child",
    ],
)
def test_a_requester_must_be_on_the_record_as_what_they_ask_as(
    requester: Any, value: str, requirement: str
) -> None:
    """R-REC-4: the child asks as the child; an adult of the family as an adult."""
    with pytest.raises(InvalidRecord) as info:
        view(RECORD, requester)
    assert_refusal(info.value, field="requester", value=value, requirement=requirement)
