"""Hazard H-15: free text naming an adult the entry was not tagged with (R-REC-4).

`view` follows an entry's tags (``about``, ``opinion_by``, ``history_of``,
``third_party``); an entry whose text names an adult of the family the tags
leave out is withheld from the family, with a reason, and `untagged_mentions`
shows the team which entries to correct. Names are matched as whole words,
in any case, possessives included; the requester's own name, the child's and
professionals' never withhold an entry.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.errors import InvalidRecord
from parentinfant.records import (
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
    Requester,
    UntaggedMention,
    untagged_mentions,
    view,
)

T = dt.datetime(2026, 11, 3, 10, 0)
BABY = Person(person_id="baby", name="Noor Haddad", kind="child")
MUM = Person(person_id="mum", name="Amira Haddad", kind="parent", parental_responsibility=True)
DAD = Person(person_id="dad", name="Yusuf Haddad", kind="parent", parental_responsibility=True)
PARTNER = Person(
    person_id="dan", name="Dan Cole", kind="other-adult", parental_responsibility=True
)
HV = Person(person_id="hv", name="Jo Smith", kind="professional")
PEOPLE = (BABY, MUM, DAD, PARTNER, HV)
UNTAGGED = "not tagged with"


def entry(entry_id: str, *about: str, text: str, **flags: Any) -> RecordEntry:
    return RecordEntry(
        entry_id=entry_id, written=T, author="Jo Bell", text=text, about=about, **flags
    )


def record(*entries: RecordEntry, people: tuple[Person, ...] = PEOPLE) -> Record:
    return Record(people=people, entries=entries)


def seen(rec: Record, requester: Requester) -> RecordView:
    result = view(rec, requester)
    assert isinstance(result, RecordView), result
    return result


def shown_ids(result: RecordView) -> list[str]:
    return [e.entry_id for e in result.shown]


def reason_for(result: RecordView, entry_id: str) -> Redaction:
    (redaction,) = [r for r in result.withheld if r.entry_id == entry_id]
    return redaction


# --------------------------------------------------------------------------- examples


def test_an_entry_naming_an_adult_it_is_not_tagged_with_is_withheld_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Yusuf held Noor for the whole visit."))
    mums = seen(rec, ParentRequester("mum"))
    assert shown_ids(mums) == []
    redaction = reason_for(mums, "E-1")
    assert UNTAGGED in redaction.reason
    assert redaction.rule == "R-REC-4"
    assert "Yusuf" not in repr(mums)
    assert shown_ids(seen(rec, ChildRequester("baby"))) == []


def test_a_possessive_name_is_found_R_REC_4() -> None:
    rec = record(
        entry("E-1", "baby", text="Noor slept at Yusuf's flat."),
        entry("E-2", "baby", text="Noor slept at Yusuf\u2019s flat."),  # a typographic apostrophe
    )
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []
    assert [m.entry_id for m in untagged_mentions(rec)] == ["E-1", "E-2"]


def test_a_name_in_a_different_case_is_found_R_REC_4() -> None:
    rec = record(
        entry("E-1", "baby", text="YUSUF brought Noor."),
        entry("E-2", "baby", text="noor was brought by yusuf haddad."),
        entry("E-3", "baby", text="Noor was brought by Yusuf\nHaddad."),
    )
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []


def test_a_name_inside_another_word_does_not_count_R_REC_4() -> None:
    rec = record(
        entry("E-1", "baby", text="Noor was in no danger; abundant smiles."),
        entry("E-2", "baby", text="Noor's Danish cousin visited; Colegate Road."),
    )
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1", "E-2"]
    assert untagged_mentions(rec) == ()


def test_the_requesters_own_name_does_not_withhold_an_entry_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Amira brought Noor; Amira's questions answered."))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1"]
    dads = seen(rec, ParentRequester("dad"))  # but it is Amira's information, not Yusuf's
    assert UNTAGGED in reason_for(dads, "E-1").reason


def test_the_childs_name_does_not_withhold_an_entry_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Noor Haddad fed well; NOOR smiled."))
    for requester in (ParentRequester("mum"), ParentRequester("dad"), ChildRequester("baby")):
        assert shown_ids(seen(rec, requester)) == ["E-1"]


def test_a_baby_of_name_is_the_childs_not_the_mothers_R_REC_4() -> None:
    """R-REC-3: an unborn child is "Baby of [mother's name]"; that is the child's name."""
    unborn = attrs.evolve(BABY, name="Baby of Amira Haddad")
    rec = record(
        entry("E-1", "baby", text="Baby of Amira Haddad: scan went well."),
        people=(unborn, MUM, DAD),
    )
    assert shown_ids(seen(rec, ParentRequester("dad"))) == ["E-1"]
    assert untagged_mentions(rec) == ()


def test_a_professionals_name_does_not_withhold_an_entry_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Jo Smith weighed Noor; Jo's chart attached."))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1"]


def test_a_surname_no_one_else_has_is_found_on_its_own_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Mr Cole collected Noor."))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []
    assert untagged_mentions(rec) == (UntaggedMention(entry_id="E-1", person_ids=["dan"]),)


def test_a_surname_several_people_share_is_no_one_in_particular_R_REC_4() -> None:
    """A known limit (residual risk of H-15): "Mr Haddad" could be Yusuf, Amira or Noor."""
    rec = record(entry("E-1", "baby", text="Mr Haddad collected Noor."))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1"]


def test_a_correctly_tagged_entry_is_decided_as_before_R_REC_4() -> None:
    rec = record(
        entry("E-1", "dad", text="Amira thinks Yusuf is controlling.", opinion_by="mum"),
        entry("E-2", "dad", "baby", text="Yusuf and Noor played."),
        entry("E-3", "mum", "dad", text="Amira spoke of Yusuf's anger.", history_of="mum"),
    )
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1", "E-3"]
    dads = seen(rec, ParentRequester("dad"))
    assert shown_ids(dads) == ["E-2"]
    assert "opinion" in reason_for(dads, "E-1").reason
    assert untagged_mentions(rec) == ()


def test_an_adults_own_account_naming_an_untagged_adult_is_withheld_from_them_R_REC_4() -> None:
    rec = record(entry("E-1", "mum", text="Amira spoke of Dan's drinking.", history_of="mum"))
    mums = seen(rec, ParentRequester("mum"))
    assert shown_ids(mums) == []
    assert UNTAGGED in reason_for(mums, "E-1").reason
    tagged = record(
        entry("E-1", "mum", "dan", text="Amira spoke of Dan's drinking.", history_of="mum")
    )
    assert shown_ids(seen(tagged, ParentRequester("mum"))) == ["E-1"]


def test_a_more_specific_reason_is_kept_when_it_applies_first_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Police: Yusuf was arrested.", third_party="police"))
    mums = seen(rec, ParentRequester("mum"))
    assert reason_for(mums, "E-1").rule == "R-REC-1"


def test_the_practitioner_still_sees_every_entry_with_an_untagged_name_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", text="Yusuf held Noor."))
    result = seen(rec, PractitionerRequester("Jo Bell"))
    assert (result.items, result.redactions) == (rec.entries, ())


def test_untagged_mentions_lists_each_entry_and_the_adults_its_tags_miss_R_REC_4() -> None:
    rec = record(
        entry("E-1", "baby", text="Noor fed well."),
        entry("E-2", "baby", text="Dan and Yusuf argued; Amira left with Noor."),
        entry("E-3", "dad", text="Yusuf and Dan Cole.", opinion_by="mum"),
    )
    assert untagged_mentions(rec) == (
        UntaggedMention(entry_id="E-2", person_ids=("mum", "dad", "dan")),
        UntaggedMention(entry_id="E-3", person_ids=("dan",)),
    )
    assert str(untagged_mentions(rec)[1]) == (
        "entry E-3 names dan in its text but is not tagged with them (R-REC-4)"
    )


def test_an_untagged_mention_names_at_least_one_person_once_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="at least one person") as caught:
        UntaggedMention(entry_id="E-1", person_ids=())
    assert caught.value.rule == "R-REC-4"
    with pytest.raises(InvalidRecord, match="each person once"):
        UntaggedMention(entry_id="E-1", person_ids=("dad", "dad"))
    with pytest.raises(InvalidRecord, match="collection of person ids"):
        UntaggedMention(entry_id="E-1", person_ids="dad")


# --------------------------------------------------------------------------- properties

GIVEN_NAMES = ("Dan", "Amira", "Yusuf", "Sam", "Leon", "Grace")
SURNAMES = ("Okafor", "Price", "Haddad", "Cole")
ADULT_KINDS = (PersonKind.PARENT, PersonKind.OTHER_ADULT)
FORMS = ("full", "given", "possessive", "curly", "surname", "upper", "lower", "decoy")


@attrs.frozen
class Sample:
    """A record and, per entry, the adults its text names (as the generator wrote it)."""

    record: Record
    named: dict[str, frozenset[str]]


def words_of(person: Person) -> tuple[str, str]:
    given_name, surname = person.name.split()
    return given_name, surname


def unique_surname(person: Person, people: list[Person]) -> bool:
    surname = words_of(person)[1]
    return sum(surname in p.name.split() for p in people) == 1


def written_as(person: Person, form: str, people: list[Person]) -> tuple[str, bool]:
    """``person`` written in ``form``, and whether that names them."""
    given_name, surname = words_of(person)
    if form == "surname" and not unique_surname(person, people):
        form = "full"
    return {
        "full": (person.name, True),
        "given": (given_name, True),
        "possessive": (f"{given_name}'s", True),
        "curly": (f"{given_name}\u2019s", True),
        "surname": (f"Mx {surname}", True),
        "upper": (person.name.upper(), True),
        "lower": (given_name.lower(), True),
        "decoy": (f"ab{given_name.lower()}ger {surname}ville", False),
    }[form]


@st.composite
def samples(draw: st.DrawFn) -> Sample:
    """Records whose entries' text names people, tagged or not, in many forms.

    Given names differ; surnames may be shared (a shared one is then written
    only as part of a full name). Decoys hold a name inside a longer word.
    """
    count = draw(st.integers(1, 4))
    given_names = draw(st.permutations(GIVEN_NAMES))[:count]
    people = [Person(person_id="c", name=f"Noor {draw(st.sampled_from(SURNAMES))}", kind="child")]
    people += [
        Person(
            person_id=f"a{i}",
            name=f"{given_name} {draw(st.sampled_from(SURNAMES))}",
            kind=draw(st.sampled_from(ADULT_KINDS)),
            parental_responsibility=draw(st.none() | st.booleans()),
        )
        for i, given_name in enumerate(given_names)
    ]
    people.append(Person(person_id="p0", name="Priya Shah", kind="professional"))
    ids = [p.person_id for p in people]
    adults = [p.person_id for p in people if p.kind.adult]
    entries: list[RecordEntry] = []
    named: dict[str, frozenset[str]] = {}
    for n in range(draw(st.integers(0, 6))):
        about = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        opinion_by = draw(st.none() | st.sampled_from(adults))
        if opinion_by is not None and not set(about) & (set(adults) - {opinion_by}):
            others = [a for a in adults if a != opinion_by]
            if others:
                about.append(draw(st.sampled_from(others)))
            else:
                opinion_by = None
        mentions = draw(
            st.lists(st.tuples(st.sampled_from(people), st.sampled_from(FORMS)), max_size=4)
        )
        fragments: list[str] = []
        names: set[str] = set()
        for person, form in mentions:
            fragment, names_them = written_as(person, form, people)
            fragments.append(fragment)
            if names_them and person.kind.adult:
                names.add(person.person_id)
        entry_id = f"E-{n}"
        named[entry_id] = frozenset(names)
        entries.append(
            RecordEntry(
                entry_id=entry_id,
                written=T,
                author="Practitioner Bell",
                text="Visit: " + " and ".join(fragments) + ".",
                about=about,
                opinion_by=opinion_by,
                history_of=draw(st.none() | st.sampled_from(adults)),
                third_party=draw(st.none() | st.just("police")),
            )
        )
    return Sample(Record(people=people, entries=entries), named)


def requesters_of(rec: Record) -> list[Requester]:
    found: list[Requester] = [ChildRequester(rec.child.person_id)]
    found += [ParentRequester(p.person_id) for p in rec.people if p.kind.adult]
    return [*found, PractitionerRequester("Practitioner Bell"), CommissionerRequester()]


def readers_by_tags(rec: Record, e: RecordEntry) -> set[str]:
    """Who of the child and the adults may read ``e`` going by its tags alone (R-REC-4)."""
    adults = {p.person_id for p in rec.people if p.kind.adult}
    owners = {p for p in (e.opinion_by, e.history_of) if p is not None}
    concerned = set(e.about) | owners
    if e.third_party is not None:
        return set()
    if owners:
        return owners if len(owners) == 1 else set()
    adults_concerned = concerned & adults
    if adults_concerned:
        return adults_concerned if len(adults_concerned) == 1 else set()
    return {rec.child.person_id} | adults if rec.child.person_id in concerned else set()


def names_in(person: Person, text: str, rec: Record) -> bool:
    """Whether ``text`` holds ``person``'s full name, given name, or a surname only they have."""
    given_name, surname = words_of(person)
    forms = [person.name, given_name]
    if unique_surname(person, list(rec.people)):
        forms.append(surname)
    return any(
        re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE) for form in forms
    )


@given(samples())
def test_no_view_shows_an_entry_naming_an_adult_the_requester_may_not_see_R_REC_4(
    sample: Sample,
) -> None:
    rec = sample.record
    for requester in requesters_of(rec):
        result = view(rec, requester)
        if isinstance(result, AccessRefused) or isinstance(requester, PractitionerRequester):
            continue
        who = getattr(requester, "person_id", None)
        for e in result.shown:
            for person in rec.people:
                if person.kind.adult and person.person_id != who and names_in(person, e.text, rec):
                    # Only the requester's own account or opinion, tagged with whom it names.
                    assert person.person_id in e.concerns, (requester, e)
                    assert who in (e.opinion_by, e.history_of), (requester, e)


@given(samples())
def test_every_entry_is_shown_exactly_when_tags_allow_and_no_untagged_name_is_in_it_R_REC_4(
    sample: Sample,
) -> None:
    rec = sample.record
    before = copy.deepcopy(rec)
    for requester in requesters_of(rec):
        result = view(rec, requester)
        if isinstance(result, AccessRefused):
            assert isinstance(requester, ParentRequester)
            assert rec.person(requester.person_id).parental_responsibility is not True
            continue
        assert result.entry_ids == tuple(e.entry_id for e in rec.entries)  # nothing lost
        assert len(result.shown) + len(result.withheld) == len(rec.entries)
        for redaction in result.withheld:
            assert redaction.what
            assert redaction.reason
            assert redaction.rule in ("R-REC-1", "R-REC-4")
        who = getattr(requester, "person_id", None)
        for e, item in zip(rec.entries, result.items, strict=True):
            untagged = sample.named[e.entry_id] - set(e.concerns) - {who}
            match requester:
                case PractitionerRequester():
                    expected = True
                case CommissionerRequester():
                    expected = False
                case _:
                    expected = who in readers_by_tags(rec, e) and not untagged
            assert isinstance(item, RecordEntry) is expected, (requester, e)
            # A reason from the tags (another agency, another's account or opinion) comes
            # first; otherwise the untagged name is the reason given.
            tags_withhold_first = e.third_party is not None or bool(
                {e.opinion_by, e.history_of} - {None, who}
            )
            family = isinstance(requester, ChildRequester | ParentRequester)
            if family and untagged and not tags_withhold_first:
                assert isinstance(item, Redaction), (requester, e)
                assert UNTAGGED in item.reason, (requester, e)
    assert rec == before


@given(samples())
def test_untagged_mentions_finds_exactly_the_adults_named_but_not_tagged_R_REC_4(
    sample: Sample,
) -> None:
    rec = sample.record
    expected = {
        e.entry_id: sample.named[e.entry_id] - set(e.concerns)
        for e in rec.entries
        if sample.named[e.entry_id] - set(e.concerns)
    }
    found = untagged_mentions(rec)
    assert {m.entry_id: frozenset(m.person_ids) for m in found} == expected
    order = [p.person_id for p in rec.people]
    for mention in found:
        assert list(mention.person_ids) == sorted(mention.person_ids, key=order.index)
    assert [m.entry_id for m in found] == [
        e.entry_id for e in rec.entries if e.entry_id in expected
    ]


@given(samples())
def test_the_practitioners_view_loses_nothing_even_with_untagged_names_R_REC_4(
    sample: Sample,
) -> None:
    result = seen(sample.record, PractitionerRequester("Practitioner Bell"))
    assert result.items == sample.record.entries
    assert result.people == sample.record.people
    assert result.redactions == ()
