"""Access to a record and its redaction (R-REC-4; other agencies' information, R-REC-1)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    Requester,
    view,
)
from parentinfant.errors import InvalidRecord
from parentinfant.family import Parent

T = dt.datetime(2026, 11, 3, 10, 0)
BABY = Person(person_id="baby", name="Noor Haddad", kind="child", address="1 Mill Lane")
MUM = Person(
    person_id="mum",
    name="Amira Haddad",
    kind="parent",
    parental_responsibility=True,
    phone="07700 900123",
    address="1 Mill Lane",
    email="amira@example.org",
)
DAD = Person(
    person_id="dad",
    name="Yusuf Haddad",
    kind="parent",
    parental_responsibility=True,
    phone="07700 900999",
    address="9 Hill Road",
)
PARTNER = Person(person_id="sam", name="Sam Cole", kind="other-adult", phone="07700 900456")
HV = Person(person_id="hv", name="Jo Smith", kind="professional", phone="0300 000 111")
PEOPLE = (BABY, MUM, DAD, PARTNER, HV)


def entry(entry_id: str, *about: str, text: str = "Notes.", **flags: Any) -> RecordEntry:
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


# --------------------------------------------------------------------------- entries (R-REC-4)


def test_a_parent_does_not_see_the_other_parents_opinion_of_them_R_REC_4() -> None:
    rec = record(entry("E-1", "dad", text="Amira thinks Yusuf is controlling.", opinion_by="mum"))
    dads = seen(rec, ParentRequester("dad"))
    assert shown_ids(dads) == []
    assert "opinion" in reason_for(dads, "E-1").reason
    assert reason_for(dads, "E-1").rule == "R-REC-4"


def test_a_parent_sees_their_own_opinion_of_the_other_parent_R_REC_4() -> None:
    rec = record(entry("E-1", "dad", opinion_by="mum"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1"]


def test_the_child_does_not_see_a_parents_opinion_of_another_adult_R_REC_4() -> None:
    rec = record(entry("E-1", "dad", "baby", opinion_by="mum"))
    assert shown_ids(seen(rec, ChildRequester("baby"))) == []


def test_a_third_adult_does_not_see_an_opinion_about_someone_else_R_REC_4() -> None:
    rec = record(
        entry("E-1", "dad", opinion_by="mum"),
        people=(BABY, MUM, DAD, attrs.evolve(PARTNER, parental_responsibility=True)),
    )
    assert shown_ids(seen(rec, ParentRequester("sam"))) == []


def test_an_adults_own_history_is_shown_only_to_that_adult_R_REC_4() -> None:
    rec = record(entry("E-1", "mum", "dad", text="Amira spoke of abuse.", history_of="mum"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1"]
    dads = seen(rec, ParentRequester("dad"))
    assert shown_ids(dads) == []
    assert "experiences" in reason_for(dads, "E-1").reason
    assert shown_ids(seen(rec, ChildRequester("baby"))) == []


def test_an_opinion_held_by_one_adult_about_anothers_history_is_shown_to_neither_R_REC_4() -> None:
    rec = record(entry("E-1", "dad", opinion_by="mum", history_of="dad"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []
    assert shown_ids(seen(rec, ParentRequester("dad"))) == []


def test_a_parent_with_parental_responsibility_sees_entries_about_the_child_R_REC_4() -> None:
    rec = record(entry("E-1", "baby"), entry("E-2", "baby", "hv"))
    assert shown_ids(seen(rec, ParentRequester("dad"))) == ["E-1", "E-2"]
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1", "E-2"]


def test_a_parent_sees_entries_about_themselves_and_the_child_R_REC_4() -> None:
    rec = record(entry("E-1", "mum", "baby"), entry("E-2", "mum"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == ["E-1", "E-2"]


def test_an_entry_that_also_concerns_another_adult_is_withheld_from_a_parent_R_REC_4() -> None:
    rec = record(entry("E-1", "baby", "dad"), entry("E-2", "mum", "dad"))
    mums = seen(rec, ParentRequester("mum"))
    assert shown_ids(mums) == []
    assert "another adult" in reason_for(mums, "E-1").reason


def test_an_entry_about_only_a_professional_is_withheld_from_the_family_R_REC_4() -> None:
    rec = record(entry("E-1", "hv"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []
    assert shown_ids(seen(rec, ChildRequester("baby"))) == []


def test_the_child_sees_entries_about_themselves_R_REC_4() -> None:
    rec = record(entry("E-1", "baby"), entry("E-2", "baby", "hv"))
    assert shown_ids(seen(rec, ChildRequester("baby"))) == ["E-1", "E-2"]


def test_the_child_does_not_see_an_adults_history_or_entries_about_adults_R_REC_4() -> None:
    rec = record(
        entry("E-1", "baby", "mum", history_of="mum"),
        entry("E-2", "baby", "mum"),
        entry("E-3", "dad"),
    )
    assert shown_ids(seen(rec, ChildRequester("baby"))) == []


def test_another_agencys_information_is_withheld_from_the_family_R_REC_1() -> None:
    rec = record(entry("E-1", "baby", third_party="police"))
    for requester in (ParentRequester("mum"), ChildRequester("baby")):
        result = seen(rec, requester)
        assert shown_ids(result) == []
        assert reason_for(result, "E-1").rule == "R-REC-1"


def test_another_agencys_information_about_a_parent_is_withheld_even_from_them_R_REC_1() -> None:
    rec = record(entry("E-1", "mum", history_of="mum", third_party="police"))
    assert shown_ids(seen(rec, ParentRequester("mum"))) == []


def test_a_shown_entry_is_the_recorded_entry_unchanged_R_REC_4() -> None:
    recorded = entry("E-1", "baby", text="Noor smiled at the practitioner.")
    assert seen(record(recorded), ParentRequester("mum")).shown == (recorded,)


# --------------------------------------------------------------------------- people's details


def test_a_parent_does_not_get_the_other_parents_contact_details_or_name_R_REC_4() -> None:
    mums = seen(record(), ParentRequester("mum"))
    everything = repr(mums)
    for secret in ("Yusuf", "07700 900999", "9 Hill Road", "Sam Cole", "07700 900456"):
        assert secret not in everything
    assert [p.person_id for p in mums.people] == ["baby", "mum", "hv"]


def test_a_parent_sees_their_own_details_in_full_R_REC_4() -> None:
    assert MUM in seen(record(), ParentRequester("mum")).people


def test_the_childs_contact_details_are_withheld_from_a_parent_R_REC_4() -> None:
    dads = seen(record(), ParentRequester("dad"))
    child = next(p for p in dads.people if p.person_id == "baby")
    assert (child.name, child.address) == ("Noor Haddad", None)
    assert "1 Mill Lane" not in repr(dads)  # the child's address is the mother's
    assert any(r.person_id == "baby" for r in dads.details_withheld)


def test_a_professionals_name_is_shown_but_not_their_contact_details_R_REC_4() -> None:
    hv = next(p for p in seen(record(), ChildRequester("baby")).people if p.person_id == "hv")
    assert (hv.name, hv.phone) == ("Jo Smith", None)


def test_the_child_sees_their_own_details_and_no_adults_R_REC_4() -> None:
    childs = seen(record(), ChildRequester("baby"))
    assert BABY in childs.people
    assert not any(p.kind.adult for p in childs.people)


def test_the_withheld_adults_notice_does_not_reveal_whether_there_are_any_R_REC_4() -> None:
    alone = seen(record(people=(BABY, MUM)), ParentRequester("mum"))
    with_others = seen(record(), ParentRequester("mum"))
    notice = [r for r in alone.details_withheld if r.person_id is None]
    assert notice == [r for r in with_others.details_withheld if r.person_id is None]


# --------------------------------------------------------------------------- who may ask


def test_a_parent_without_parental_responsibility_is_refused_R_REC_4() -> None:
    rec = record(people=(BABY, attrs.evolve(DAD, parental_responsibility=False)))
    result = view(rec, ParentRequester("dad"))
    assert isinstance(result, AccessRefused)
    assert result.rule == "R-REC-4"
    assert "do not hold parental responsibility" in result.reason


def test_parental_responsibility_not_recorded_is_refused_until_confirmed_R_REC_4() -> None:
    result = view(record(entry("E-1", "baby")), ParentRequester("sam"))
    assert isinstance(result, AccessRefused)
    assert "not recorded" in str(result)
    assert "E-1" not in repr(result)


def test_practitioner_sees_everything_R_REC_4() -> None:
    rec = record(
        entry("E-1", "dad", opinion_by="mum"),
        entry("E-2", "mum", history_of="mum", third_party="police"),
    )
    result = seen(rec, PractitionerRequester("Jo Bell"))
    assert (result.items, result.people, result.redactions) == (rec.entries, rec.people, ())


def test_commissioner_sees_no_personal_information_R_REC_1() -> None:
    rec = record(entry("E-1", "baby", text="Noor fed well."))
    result = seen(rec, CommissionerRequester())
    assert (result.shown, result.people, result.entry_ids) == ((), (), ("E-1",))
    assert "Noor" not in repr(result)
    assert all(r.rule == "R-REC-1" for r in result.redactions)


def test_a_requester_not_on_the_record_is_an_error_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="requester must name a child") as excinfo:
        view(record(), ChildRequester("someone"))
    assert excinfo.value.rule == "R-REC-4"


def test_an_adult_cannot_ask_as_the_child_nor_a_professional_as_a_parent_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="the child on the record"):
        view(record(), ChildRequester("mum"))
    with pytest.raises(InvalidRecord, match="parent or other adult"):
        view(record(), ParentRequester("hv"))


def test_something_that_is_not_a_requester_is_an_error_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="must be a ChildRequester"):
        view(record(), "mum")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- redactions


def test_every_redaction_says_what_and_why_and_names_no_one_R_REC_4() -> None:
    rec = record(
        entry("E-1", "dad", text="Amira on Yusuf.", opinion_by="mum"),
        entry("E-2", "dad", "sam", text="Yusuf and Sam.", history_of="dad"),
        entry("E-3", "baby", third_party="police"),
    )
    result = seen(rec, ChildRequester("baby"))
    assert [r.entry_id for r in result.withheld] == ["E-1", "E-2", "E-3"]
    for redaction in result.redactions:
        assert redaction.what
        assert redaction.reason
        assert redaction.rule.startswith("R-REC-")
        for person in PEOPLE:
            assert person.name not in str(redaction)
    assert str(result.withheld[0]).startswith("entry E-1 of 3 November 2026 withheld: ")


def test_a_view_leaves_the_record_unchanged_R_REC_4() -> None:
    rec = record(entry("E-1", "dad", opinion_by="mum"), entry("E-2", "baby"))
    before = copy.deepcopy(rec)
    for requester in REQUESTERS_OF_EXAMPLE:
        view(rec, requester)
    assert rec == before


REQUESTERS_OF_EXAMPLE: tuple[Requester, ...] = (
    ChildRequester("baby"),
    ParentRequester("mum"),
    ParentRequester("dad"),
    ParentRequester("sam"),
    PractitionerRequester("Jo Bell"),
    CommissionerRequester(),
)


# --------------------------------------------------------------------------- validation


def test_entries_added_are_kept_and_the_old_record_is_unchanged_R_REC_4() -> None:
    empty = record()
    one = empty.add(entry("E-1", "baby"))
    assert (empty.entries, [e.entry_id for e in one.entries]) == ((), ["E-1"])


def test_an_entry_id_cannot_be_used_twice_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="different id"):
        record(entry("E-1", "baby")).add(entry("E-1", "mum"))


def test_an_entry_must_name_people_on_the_record_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="only people on the record"):
        record(entry("E-1", "baby", history_of="gran"))


def test_an_opinion_or_history_must_belong_to_an_adult_of_the_family_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="opinion_by must name an adult"):
        record(entry("E-1", "mum", opinion_by="hv"))
    with pytest.raises(InvalidRecord, match="history_of must name an adult"):
        record(entry("E-1", "baby", history_of="baby"))


def test_an_opinion_must_be_about_another_adult_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="the other adult an opinion is about"):
        record(entry("E-1", "baby", opinion_by="mum"))
    with pytest.raises(InvalidRecord, match="someone other than"):
        entry("E-1", "mum", opinion_by="mum")


def test_an_entry_must_be_about_someone_once_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="at least one person"):
        entry("E-1")
    with pytest.raises(InvalidRecord, match="each person once"):
        entry("E-1", "mum", "mum")
    with pytest.raises(InvalidRecord, match="collection of person ids"):
        RecordEntry(entry_id="E-1", written=T, author="Jo", text="x", about="mum")


def test_an_entry_needs_a_date_and_time_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="written must be a date and time"):
        RecordEntry(entry_id="E-1", written=T.date(), author="Jo", text="x", about=["mum"])  # type: ignore[arg-type]


def test_a_record_is_for_exactly_one_child_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="exactly one child"):
        Record(people=[MUM])
    with pytest.raises(InvalidRecord, match="exactly one child"):
        Record(people=[BABY, attrs.evolve(BABY, person_id="twin")])


def test_people_on_a_record_have_different_ids_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="different id"):
        Record(people=[BABY, MUM, attrs.evolve(DAD, person_id="mum")])


def test_only_an_adult_of_the_family_holds_parental_responsibility_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="must be None for a professional"):
        attrs.evolve(HV, parental_responsibility=True)
    with pytest.raises(InvalidRecord, match="True, False or None"):
        attrs.evolve(MUM, parental_responsibility="yes")  # type: ignore[arg-type]


def test_a_person_of_an_unknown_kind_is_refused_R_REC_4() -> None:
    with pytest.raises(InvalidRecord, match="kind must be one of"):
        Person(person_id="x", name="X", kind="neighbour")


def test_a_familys_parent_becomes_a_person_on_the_record_R_REC_4() -> None:
    dad = Parent("Yusuf Haddad", "father", parental_responsibility=True, address="9 Hill Road")
    partner = Parent("Sam Cole", "partner")
    assert Person.from_parent("dad", dad) == attrs.evolve(DAD, phone=None)
    assert Person.from_parent("sam", partner).kind is PersonKind.OTHER_ADULT


# --------------------------------------------------------------------------- properties

ADULT_KINDS = (PersonKind.PARENT, PersonKind.OTHER_ADULT)


def _contacts(draw: st.DrawFn, n: int) -> dict[str, Any]:
    """Distinctive contact details: none is a substring of another person's."""
    return {
        "phone": draw(st.none() | st.just(f"07{n:09d}")),
        "address": draw(st.none() | st.just(f"{n} Adrline{n}q Road")),
        "email": draw(st.none() | st.just(f"mail{n}q@example.org")),
    }


@st.composite
def records(draw: st.DrawFn) -> Record:
    """Records with a child, one to four adults, professionals, and entries with any flags.

    Names and contact details are distinctive tokens, so a test can look for
    them in everything a view holds. Entry text names the people it concerns.
    """
    people = [Person(person_id="c", name="Kidname0q", kind="child", **_contacts(draw, 0))]
    for i in range(draw(st.integers(1, 4))):
        people.append(
            Person(
                person_id=f"a{i}",
                name=f"Adultname{i}q",
                kind=draw(st.sampled_from(ADULT_KINDS)),
                parental_responsibility=draw(st.none() | st.booleans()),
                **_contacts(draw, 10 + i),
            )
        )
    for i in range(draw(st.integers(0, 2))):
        people.append(
            Person(
                person_id=f"p{i}",
                name=f"Proname{i}q",
                kind="professional",
                **_contacts(draw, 20 + i),
            )
        )
    ids = [p.person_id for p in people]
    adults = [p.person_id for p in people if p.kind.adult]
    names = {p.person_id: p.name for p in people}
    entries = []
    for n in range(draw(st.integers(0, 8))):
        about = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        opinion_by = draw(st.none() | st.sampled_from(adults))
        if opinion_by is not None and not set(about) & (set(adults) - {opinion_by}):
            others = [a for a in adults if a != opinion_by]
            if others:
                about.append(draw(st.sampled_from(others)))
            else:
                opinion_by = None
        history_of = draw(st.none() | st.sampled_from(adults))
        concerned = {p for p in (*about, opinion_by, history_of) if p is not None}
        entries.append(
            RecordEntry(
                entry_id=f"E-{n}",
                written=draw(st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2027, 12, 31))),
                author="Practitioner Bell",
                text=" ".join(names[p] for p in sorted(concerned)) + " were discussed.",
                about=about,
                opinion_by=opinion_by,
                history_of=history_of,
                third_party=draw(st.none() | st.just("police")),
            )
        )
    return Record(people=people, entries=entries)


def requesters_of(rec: Record) -> list[Requester]:
    """Everyone who could ask: the child, every adult of the family, a practitioner, a commissioner."""
    found: list[Requester] = [ChildRequester(rec.child.person_id)]
    found += [ParentRequester(p.person_id) for p in rec.people if p.kind.adult]
    return [*found, PractitionerRequester("Practitioner Bell"), CommissionerRequester()]


def readers(rec: Record, e: RecordEntry) -> set[str]:
    """The oracle: which of the child and the adults of the family may read ``e``.

    Written as "who may read this entry" rather than the library's "may this
    requester read it", from the rules in DOMAIN.md R-REC-4 as the module
    documents them.
    """
    adults = {p.person_id for p in rec.people if p.kind in ADULT_KINDS}
    child = rec.child.person_id
    owners = {p for p in (e.opinion_by, e.history_of) if p is not None}
    concerned = set(e.about) | owners
    if e.third_party is not None:
        return set()  # another agency's information: the team only
    if owners:
        return owners if len(owners) == 1 else set()  # their own words, their own story
    adults_concerned = concerned & adults
    if len(adults_concerned) == 1:
        return adults_concerned
    if adults_concerned:
        return set()  # two adults: each is the other's third party
    return ({child} | adults) if child in concerned else set()


def requester_id(requester: Requester) -> str | None:
    return getattr(requester, "person_id", None)


def tokens(person: Person) -> tuple[str, ...]:
    return tuple(t for t in (person.phone, person.address, person.email) if t)


@given(records())
def test_no_requester_sees_an_entry_they_are_not_entitled_to_R_REC_4(rec: Record) -> None:
    for requester in requesters_of(rec):
        result = view(rec, requester)
        who = requester_id(requester)
        match requester:
            case PractitionerRequester():
                expected = [e.entry_id for e in rec.entries]
            case CommissionerRequester():
                expected = []
            case ParentRequester() if rec.person(str(who)).parental_responsibility is not True:
                assert isinstance(result, AccessRefused)
                continue
            case _:
                expected = [e.entry_id for e in rec.entries if who in readers(rec, e)]
        assert isinstance(result, RecordView)
        assert shown_ids(result) == expected, requester


@given(records())
def test_no_one_sees_another_adults_name_or_anyones_contact_details_R_REC_4(rec: Record) -> None:
    for requester in requesters_of(rec):
        result = view(rec, requester)
        if isinstance(result, AccessRefused) or isinstance(requester, PractitionerRequester):
            continue
        who = requester_id(requester)
        everything = repr(result)
        for person in rec.people:
            if person.person_id == who:
                continue
            for token in tokens(person):
                assert token not in everything, (requester, token)
            if person.kind.adult or isinstance(requester, CommissionerRequester):
                # A name may appear only in an entry holding the requester's own words
                # or their own history, which names whom they spoke of.
                own = [e for e in result.shown if who in (e.opinion_by, e.history_of)]
                rest = everything
                for e in own:
                    rest = rest.replace(repr(e), "")
                assert person.name not in rest, (requester, person.name)


@given(records())
def test_the_practitioners_view_loses_nothing_R_REC_4(rec: Record) -> None:
    result = seen(rec, PractitionerRequester("Practitioner Bell"))
    assert result.items == rec.entries
    assert result.people == rec.people
    assert result.redactions == ()


@given(records())
def test_nothing_is_deleted_and_every_entry_is_shown_or_withheld_with_a_reason_R_REC_4(
    rec: Record,
) -> None:
    before = copy.deepcopy(rec)
    recorded = {e.entry_id: e for e in rec.entries}
    for requester in requesters_of(rec):
        result = view(rec, requester)
        if isinstance(result, AccessRefused):
            assert result.reason
            assert result.rule == "R-REC-4"
            continue
        assert result.entry_ids == tuple(recorded)
        assert len(result.shown) + len(result.withheld) == len(rec.entries)
        for item in result.items:
            if isinstance(item, RecordEntry):
                assert item is recorded[item.entry_id]
            else:
                assert item.reason
                assert item.what
                assert item.rule in ("R-REC-1", "R-REC-4")
    assert rec == before
