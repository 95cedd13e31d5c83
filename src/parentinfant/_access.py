"""Who may read a record, and what they see of it: access and redaction (R-REC-4).

A child can read their record when older, and so can every adult with
parental responsibility; information about any adult may need redacting,
including one parent's opinions about the other and an adult's past or
present experiences (DOMAIN.md R-REC-4). This module holds a record's people
and entries, and `view` gives the record as one requester may see it: each
entry either shown unchanged or withheld with a `Redaction` that says what
was withheld and why. The record itself never changes; nothing is deleted.

The rules `view` applies:

- A **practitioner of the team** sees everything: every entry, everyone's
  details.
- A **commissioner** sees no entry and no one's details, only that each
  entry exists, with its id and date: they receive anonymised figures,
  never a family's personal information (R-REC-1).
- An **adult without parental responsibility** is refused (`AccessRefused`,
  with the reason). Parental responsibility that is not recorded counts as
  not held until the team confirms it.
- For **the child** and an **adult with parental responsibility**, each
  entry is checked in this order, and the first check that applies decides:

    1. it holds information from another agency: withheld (R-REC-1);
    2. it records another adult's own past or present experiences: withheld;
    3. it records someone else's opinion of an adult: withheld (so one
       parent never reads the other's opinion of them, and the child reads
       neither);
    4. its text names an adult of the family, other than the requester,
       whom its tags do not name: withheld until a practitioner checks the
       tagging (see below);
    5. it records the requester's own experiences or their own opinion:
       shown;
    6. it also concerns another adult of the family: withheld;
    7. it concerns the requester or the child: shown; otherwise withheld.

People's details follow the same thinking. The child and an adult with
parental responsibility see their own details in full, the child's name
and any professional's name; never anyone's contact details but their own
(a child's address is usually an adult's address), and never the name or
details of any other adult of the family (a new partner, a separated
parent). Anything not clearly allowed is withheld, never shown.

The view relies on what the team recorded: an entry's ``about`` must name
every person it concerns, and its flags (``opinion_by``, ``history_of``,
``third_party``) must be set where they apply. One mistake it catches: an
entry whose text names an adult of the family (by full name, or by a given
name or surname no one else on the record shares; whole words, any case,
possessives included) whom its tags leave out is withheld by check 4, as
the tags cannot be trusted for it (hazard H-15). `untagged_mentions` lists
those entries so the team can correct them before a view is released. It
cannot catch a nickname, a misspelling, a pronoun, a surname several people
share, or someone not on the record at all, nor a wrong ``opinion_by`` or
``history_of``: a person still reads a view before it is released. Whether
the child is old enough to make their own request, and whether a requester
is who they say, are the team's judgement before asking for a view.

Examples:
    >>> import datetime as dt
    >>> from parentinfant._access import (ParentRequester, Person, Record, RecordEntry,
    ...                                   view)
    >>> record = Record(
    ...     people=[
    ...         Person(person_id="baby", name="Noor Haddad", kind="child"),
    ...         Person(person_id="mum", name="Amira Haddad", kind="parent",
    ...                parental_responsibility=True, phone="07700 900123"),
    ...         Person(person_id="dad", name="Yusuf Haddad", kind="parent",
    ...                parental_responsibility=True, address="1 Hill Road"),
    ...     ],
    ...     entries=[
    ...         RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3, 10),
    ...                     author="Jo Bell", text="Noor fed well.", about=["baby"]),
    ...         RecordEntry(entry_id="E-2", written=dt.datetime(2026, 11, 10, 10),
    ...                     author="Jo Bell", text="Amira's view of Yusuf ...",
    ...                     about=["dad"], opinion_by="mum"),
    ...     ],
    ... )
    >>> dads_copy = view(record, ParentRequester("dad"))
    >>> [entry.entry_id for entry in dads_copy.shown]
    ['E-1']
    >>> print(dads_copy.withheld[0])
    entry E-2 of 10 November 2026 withheld: it records one adult's opinion of another adult, which only the adult whose opinion it is may see (R-REC-4)
    >>> [person.name for person in dads_copy.people]
    ['Noor Haddad', 'Yusuf Haddad']
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias, assert_never, final

import attrs

from parentinfant._validate import non_empty_text, parse_enum
from parentinfant.errors import InvalidRecord
from parentinfant.family import Parent, ParentRole

__all__ = [
    "AccessRefused",
    "ChildRequester",
    "CommissionerRequester",
    "ParentRequester",
    "Person",
    "PersonKind",
    "PractitionerRequester",
    "Record",
    "RecordEntry",
    "RecordView",
    "Redaction",
    "Requester",
    "UntaggedMention",
    "untagged_mentions",
    "view",
]

_RULE = "R-REC-4"
_SHARING = "R-REC-1"


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidRecord(attribute.name, "must be non-empty text or None", value, rule=_RULE)


# --------------------------------------------------------------------------- people


class PersonKind(enum.Enum):
    """How a person stands to the record: the rules treat each kind differently (R-REC-4).

    ``parent`` and ``other-adult`` (a new partner, a grandparent) are both
    adults of the family: either may hold parental responsibility, and the
    access rules treat them alike; the kind records which the team means.

    Examples:
        >>> PersonKind("other-adult")
        <PersonKind.OTHER_ADULT: 'other-adult'>
        >>> PersonKind.PARENT.adult, PersonKind.PROFESSIONAL.adult
        (True, False)
    """

    CHILD = "child"
    PARENT = "parent"
    OTHER_ADULT = "other-adult"
    PROFESSIONAL = "professional"

    @property
    def adult(self) -> bool:
        """Whether this is an adult of the family, whose information may need redacting.

        Professionals are not: what they did in their role is the team's
        record of the work (their contact details are still withheld).

        Examples:
            >>> PersonKind.OTHER_ADULT.adult
            True
        """
        return self in (PersonKind.PARENT, PersonKind.OTHER_ADULT)


def _to_person_kind(value: PersonKind | str) -> PersonKind:
    return parse_enum(PersonKind, value, "kind", InvalidRecord, _RULE)


def _check_responsibility(
    instance: Person, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidRecord(
            attribute.name, "must be True, False or None (not recorded)", value, rule=_RULE
        )
    if value is not None and not instance.kind.adult:
        raise InvalidRecord(
            attribute.name,
            f"must be None for a {instance.kind.value} (only an adult of the family holds it)",
            value,
            rule=_RULE,
        )


_KIND_OF_ROLE = {
    ParentRole.MOTHER: PersonKind.PARENT,
    ParentRole.FATHER: PersonKind.PARENT,
    ParentRole.PARTNER: PersonKind.OTHER_ADULT,
    ParentRole.OTHER_CAREGIVER: PersonKind.OTHER_ADULT,
}


@final
@attrs.frozen(kw_only=True)
class Person:
    """Someone a record is about or mentions, with a stable id entries refer to.

    Args:
        person_id: A stable id within the record (``"mum"``, ``"P-2"``);
            entries name people by it, so a name can change without
            touching them.
        name: The person's name as the record holds it.
        kind: Child, parent, other adult of the family, or professional.
        parental_responsibility: For an adult of the family: whether they
            hold parental responsibility for the child (``None``: not
            recorded, which refuses access until it is). Must be ``None``
            for the child and for professionals.
        phone: A phone number.
        address: A postal address.
        email: An email address.

    Raises:
        InvalidRecord: When an id or name is empty, the kind is unknown, or a
            child or professional is given parental responsibility.

    Examples:
        >>> Person(person_id="dad", name="Yusuf Haddad", kind="parent",
        ...        parental_responsibility=True).kind
        <PersonKind.PARENT: 'parent'>
        >>> Person(person_id="baby", name="Noor", kind="child", parental_responsibility=False)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: parental_responsibility must be None for a child (only an adult of the family holds it) (R-REC-4), got False
    """

    person_id: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    name: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    kind: PersonKind = attrs.field(converter=_to_person_kind)
    parental_responsibility: bool | None = attrs.field(
        default=None, validator=_check_responsibility
    )
    phone: str | None = attrs.field(default=None, validator=_optional_text)
    address: str | None = attrs.field(default=None, validator=_optional_text)
    email: str | None = attrs.field(default=None, validator=_optional_text)

    @classmethod
    def from_parent(cls, person_id: str, parent: Parent) -> Person:
        """The record's person for a family's `Parent`: name, kind, responsibility, contacts.

        A mother or father is a ``parent``; a partner or other caregiver an
        ``other-adult``.

        Examples:
            >>> from parentinfant.family import Parent
            >>> sam = Person.from_parent("sam", Parent("Sam Cole", "partner", phone="07700 900456"))
            >>> sam.kind.value, sam.parental_responsibility, sam.phone
            ('other-adult', None, '07700 900456')
        """
        return cls(
            person_id=person_id,
            name=parent.name,
            kind=_KIND_OF_ROLE[parent.role],
            parental_responsibility=parent.parental_responsibility,
            phone=parent.phone,
            address=parent.address,
            email=parent.email,
        )

    @property
    def has_contact_details(self) -> bool:
        """Whether any phone, address or email is recorded.

        Examples:
            >>> Person(person_id="hv", name="Jo Smith", kind="professional").has_contact_details
            False
        """
        return bool(self.phone or self.address or self.email)


# --------------------------------------------------------------------------- entries


def _to_ids(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidRecord("about", "must be a collection of person ids", value, rule=_RULE)
    return tuple(value)


def _check_about(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    ids: tuple[object, ...] = value  # type: ignore[assignment]
    if not ids:
        raise InvalidRecord(
            attribute.name, "must name at least one person the entry concerns", ids, rule=_RULE
        )
    for person_id in ids:
        if not isinstance(person_id, str) or not person_id.strip():
            raise InvalidRecord(attribute.name, "must hold non-empty person ids", ids, rule=_RULE)
    if len(set(ids)) != len(ids):
        raise InvalidRecord(attribute.name, "must name each person once", ids, rule=_RULE)


def _check_written(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidRecord(attribute.name, "must be a date and time", value, rule=_RULE)


def _check_opinion(instance: RecordEntry, attribute: attrs.Attribute[Any], value: object) -> None:
    _optional_text(instance, attribute, value)
    if value is not None and not set(instance.about) - {value}:
        raise InvalidRecord(
            attribute.name,
            f"must be someone other than the only person the entry is about ({instance.about!r})",
            value,
            rule=_RULE,
        )


@final
@attrs.frozen(kw_only=True)
class RecordEntry:
    """One entry in a record: who wrote it, when, what it says and whom it concerns.

    The flags say what kind of information the entry holds, which decides
    who may read it (R-REC-4); they combine, and each only narrows who may.

    Args:
        entry_id: A stable id, unique in the record.
        written: When it was written.
        author: The practitioner who wrote it.
        text: What it says.
        about: The ids of every person it concerns (at least one). The view
            relies on this being complete; an adult of the family named in
            ``text`` but missing here withholds the entry from the family
            (see `untagged_mentions`).
        opinion_by: When the entry records an adult's opinion of another
            adult: the id of the adult whose opinion it is (the adults it
            is about are in ``about``).
        history_of: When the entry records an adult's own past or present
            experiences: that adult's id.
        third_party: When the entry holds information from another agency:
            that agency ("police", "children's social care").

    Raises:
        InvalidRecord: When a field is empty or of the wrong type, ``about``
            is empty or repeats someone, or an opinion is about no one but
            the person who holds it.

    Examples:
        >>> import datetime as dt
        >>> entry = RecordEntry(entry_id="E-7", written=dt.datetime(2026, 11, 3, 10),
        ...                     author="Jo Bell", text="Yusuf spoke of his own childhood.",
        ...                     about=["dad", "baby"], history_of="dad")
        >>> entry.concerns
        ('dad', 'baby')
        >>> RecordEntry(entry_id="E-8", written=dt.datetime(2026, 11, 3), author="Jo Bell",
        ...             text="...", about=["mum"], opinion_by="mum")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: opinion_by must be someone other than the only person the entry is about (('mum',)) (R-REC-4), got 'mum'
    """

    entry_id: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    written: dt.datetime = attrs.field(validator=_check_written)
    author: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    text: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    about: tuple[str, ...] = attrs.field(converter=_to_ids, validator=_check_about)
    opinion_by: str | None = attrs.field(default=None, validator=_check_opinion)
    history_of: str | None = attrs.field(default=None, validator=_optional_text)
    third_party: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def concerns(self) -> tuple[str, ...]:
        """Everyone the entry concerns: ``about``, then whose opinion or history it holds.

        Examples:
            >>> import datetime as dt
            >>> RecordEntry(entry_id="E-2", written=dt.datetime(2026, 11, 10), author="Jo Bell",
            ...             text="...", about=["dad"], opinion_by="mum").concerns
            ('dad', 'mum')
        """
        extra = (p for p in (self.opinion_by, self.history_of) if p and p not in self.about)
        return self.about + tuple(dict.fromkeys(extra))


# --------------------------------------------------------------------------- the record


def _to_people(value: Iterable[Person]) -> tuple[Person, ...]:
    if isinstance(value, Person | str) or not isinstance(value, Iterable):
        raise InvalidRecord("people", "must be a collection of Person values", value, rule=_RULE)
    return tuple(value)


def _to_entries(value: Iterable[RecordEntry]) -> tuple[RecordEntry, ...]:
    if isinstance(value, RecordEntry | str) or not isinstance(value, Iterable):
        raise InvalidRecord(
            "entries", "must be a collection of RecordEntry values", value, rule=_RULE
        )
    return tuple(value)


def _check_people(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    people: tuple[object, ...] = value  # type: ignore[assignment]
    for person in people:
        if not isinstance(person, Person):
            raise InvalidRecord(attribute.name, "must hold Person values", person, rule=_RULE)
    ids = [p.person_id for p in people]  # type: ignore[attr-defined]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InvalidRecord(
            attribute.name, "must give each person a different id", repeated, rule=_RULE
        )
    children = [p for p in people if p.kind is PersonKind.CHILD]  # type: ignore[attr-defined]
    if len(children) != 1:
        raise InvalidRecord(
            attribute.name,
            f"must hold exactly one child, the one the record is for (found {len(children)})",
            ids,
            rule=_RULE,
        )


def _check_entries(instance: Record, attribute: attrs.Attribute[Any], value: object) -> None:
    entries: tuple[object, ...] = value  # type: ignore[assignment]
    kinds = {p.person_id: p.kind for p in instance.people}
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, RecordEntry):
            raise InvalidRecord(attribute.name, "must hold RecordEntry values", entry, rule=_RULE)
        if entry.entry_id in seen:
            raise InvalidRecord(
                attribute.name, "must give each entry a different id", entry.entry_id, rule=_RULE
            )
        seen.add(entry.entry_id)
        _check_entry_people(entry, kinds)


def _check_entry_people(entry: RecordEntry, kinds: dict[str, PersonKind]) -> None:
    where = f"entries[{entry.entry_id!r}]"
    for person_id in entry.concerns:
        if person_id not in kinds:
            raise InvalidRecord(
                where, "must name only people on the record", person_id, rule=_RULE
            )
    for field, whose in (("opinion_by", entry.opinion_by), ("history_of", entry.history_of)):
        if whose is not None and not kinds[whose].adult:
            raise InvalidRecord(
                f"{where}.{field}",
                "must name an adult of the family (a parent or other adult)",
                whose,
                rule=_RULE,
            )
    if entry.opinion_by is not None and not any(
        kinds[p].adult for p in entry.about if p != entry.opinion_by
    ):
        raise InvalidRecord(
            f"{where}.about",
            "must name the other adult an opinion is about",
            entry.about,
            rule=_RULE,
        )


@final
@attrs.frozen(kw_only=True)
class Record:
    """A family's record: the people on it and its entries, oldest first (R-REC-4).

    Entries are only ever added (`add`); a view of the record for a requester
    redacts what they may not see without touching the record.

    Args:
        people: Everyone the entries concern: exactly one child (the one the
            record is for), the adults of the family, professionals.
        entries: The entries, in the order they were added.

    Raises:
        InvalidRecord: When ids repeat, an entry names someone not on the
            record, an opinion or a history names someone who is not an
            adult of the family, or there is not exactly one child.

    Examples:
        >>> import datetime as dt
        >>> record = Record(people=[Person(person_id="baby", name="Noor", kind="child")])
        >>> record = record.add(RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3),
        ...                                 author="Jo Bell", text="First visit.", about=["baby"]))
        >>> record.child.name, [e.entry_id for e in record.entries]
        ('Noor', ['E-1'])
        >>> record.add(RecordEntry(entry_id="E-2", written=dt.datetime(2026, 11, 4),
        ...                        author="Jo Bell", text="...", about=["gran"]))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: entries['E-2'] must name only people on the record (R-REC-4), got 'gran'
    """

    people: tuple[Person, ...] = attrs.field(converter=_to_people, validator=_check_people)
    entries: tuple[RecordEntry, ...] = attrs.field(
        default=(), converter=_to_entries, validator=_check_entries
    )

    @property
    def child(self) -> Person:
        """The child the record is for.

        Examples:
            >>> Record(people=[Person(person_id="b", name="Noor", kind="child")]).child.person_id
            'b'
        """
        return next(p for p in self.people if p.kind is PersonKind.CHILD)

    def person(self, person_id: str) -> Person:
        """The person with id ``person_id``.

        Raises:
            InvalidRecord: When no one on the record has that id.

        Examples:
            >>> Record(people=[Person(person_id="b", name="Noor", kind="child")]).person("b").name
            'Noor'
        """
        for person in self.people:
            if person.person_id == person_id:
                return person
        known = [p.person_id for p in self.people]
        raise InvalidRecord("person_id", f"must be one of {known}", person_id, rule=_RULE)

    def add(self, entry: RecordEntry) -> Record:
        """A new record with ``entry`` appended; this one is unchanged.

        Raises:
            InvalidRecord: When the entry's id is taken or it names someone
                not on the record.

        Examples:
            >>> import datetime as dt
            >>> empty = Record(people=[Person(person_id="b", name="Noor", kind="child")])
            >>> one = empty.add(RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3),
            ...                             author="Jo Bell", text="Visit.", about=["b"]))
            >>> len(empty.entries), len(one.entries)
            (0, 1)
        """
        return attrs.evolve(self, entries=(*self.entries, entry))


# --------------------------------------------------------------------------- requesters


@final
@attrs.frozen
class ChildRequester:
    """The child, when older, asking to read their own record (R-REC-4).

    Whether the child is old enough to make the request is the team's
    judgement before asking for the view.

    Args:
        person_id: The child's id on the record.

    Examples:
        >>> ChildRequester("baby").person_id
        'baby'
    """

    person_id: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))


@final
@attrs.frozen
class ParentRequester:
    """An adult of the family asking to read the record as a holder of parental responsibility.

    The record, not the request, says whether they hold it: without it they
    are refused (R-REC-4).

    Args:
        person_id: The adult's id on the record (a parent or other adult).

    Examples:
        >>> ParentRequester("dad").person_id
        'dad'
    """

    person_id: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))


@final
@attrs.frozen
class PractitionerRequester:
    """A practitioner of the team that holds the record: they see all of it.

    The caller vouches that ``name`` is a practitioner of this team; a worker
    of another service is not one (sharing with them follows R-REC-1).

    Args:
        name: The practitioner's name, for the record of who looked.

    Examples:
        >>> PractitionerRequester("Jo Bell").name
        'Jo Bell'
    """

    name: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))


@final
@attrs.frozen
class CommissionerRequester:
    """A commissioner of the service: they see that entries exist, never what they say.

    Commissioners get anonymised figures (R-CL-4), not a family's personal
    information (R-REC-1): every entry is withheld, showing only its id and
    date, and no one's name or details are given.

    Examples:
        >>> CommissionerRequester()
        CommissionerRequester()
    """


Requester: TypeAlias = (
    ChildRequester | ParentRequester | PractitionerRequester | CommissionerRequester
)
"""Who asks to read a record."""

_REQUESTERS = (ChildRequester, ParentRequester, PractitionerRequester, CommissionerRequester)


# --------------------------------------------------------------------------- the view


@final
@attrs.frozen(kw_only=True)
class Redaction:
    """Something withheld from a view, with what it was and why, in plain words.

    A redaction never names the person whose information it withholds.

    Args:
        what: What was withheld ("entry E-2 of 10 November 2026").
        reason: Why, as a sentence the requester can read.
        rule: The DOMAIN.md rule the redaction follows.
        entry_id: The withheld entry's id, when an entry was withheld.
        person_id: The person whose details were withheld, when one is
            named (never an adult the requester may not know of).

    Examples:
        >>> r = Redaction(what="the child's contact details", reason="...", rule="R-REC-4",
        ...               person_id="baby")
        >>> print(r)
        the child's contact details withheld: ... (R-REC-4)
    """

    what: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    reason: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    rule: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    entry_id: str | None = attrs.field(default=None, validator=_optional_text)
    person_id: str | None = attrs.field(default=None, validator=_optional_text)

    def __str__(self) -> str:
        return f"{self.what} withheld: {self.reason} ({self.rule})"


@final
@attrs.frozen(kw_only=True)
class RecordView:
    """A record as one requester may see it: every entry shown or withheld, in order.

    Args:
        requester: Who the view is for.
        people: The people whose details the requester may see, as they may
            see them (withheld contact details are ``None``).
        items: One item per entry of the record, in the record's order: the
            entry itself when shown, its `Redaction` when withheld.
        details_withheld: The redactions of people's details.

    Examples:
        >>> import datetime as dt
        >>> record = Record(
        ...     people=[Person(person_id="b", name="Noor", kind="child", address="1 Hill Road")],
        ...     entries=[RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3),
        ...                          author="Jo Bell", text="Visit.", about=["b"])],
        ... )
        >>> seen = view(record, ChildRequester("b"))
        >>> [item.entry_id for item in seen.items], seen.withheld, seen.people[0].address
        (['E-1'], (), '1 Hill Road')
    """

    requester: Requester
    people: tuple[Person, ...]
    items: tuple[RecordEntry | Redaction, ...]
    details_withheld: tuple[Redaction, ...]

    @property
    def shown(self) -> tuple[RecordEntry, ...]:
        """The entries shown, unchanged, in the record's order.

        Examples:
            >>> record = Record(people=[Person(person_id="b", name="Noor", kind="child")])
            >>> view(record, PractitionerRequester("Jo Bell")).shown
            ()
        """
        return tuple(item for item in self.items if isinstance(item, RecordEntry))

    @property
    def withheld(self) -> tuple[Redaction, ...]:
        """The redactions of whole entries, in the record's order.

        Examples:
            >>> record = Record(people=[Person(person_id="b", name="Noor", kind="child")])
            >>> view(record, CommissionerRequester()).withheld
            ()
        """
        return tuple(item for item in self.items if isinstance(item, Redaction))

    @property
    def redactions(self) -> tuple[Redaction, ...]:
        """Every redaction: withheld entries, then withheld details.

        Examples:
            >>> record = Record(people=[Person(person_id="b", name="Noor", kind="child")])
            >>> [r.what for r in view(record, CommissionerRequester()).redactions]
            ['the names and details of everyone on the record']
        """
        return self.withheld + self.details_withheld

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """The id of every entry of the record, shown or withheld, in order.

        Examples:
            >>> record = Record(people=[Person(person_id="b", name="Noor", kind="child")])
            >>> view(record, ChildRequester("b")).entry_ids
            ()
        """
        ids: list[str] = []
        for item in self.items:
            ids.append(item.entry_id if isinstance(item, RecordEntry) else str(item.entry_id))
        return tuple(ids)


@final
@attrs.frozen(kw_only=True)
class AccessRefused:
    """The requester may not read the record at all, and why (R-REC-4).

    Args:
        requester: Who asked.
        reason: Why they may not, as a sentence they can read.
        rule: The DOMAIN.md rule the refusal follows.

    Examples:
        >>> print(AccessRefused(requester=ParentRequester("dad"),
        ...                     reason="they do not hold parental responsibility", rule="R-REC-4"))
        access refused: they do not hold parental responsibility (R-REC-4)
    """

    requester: Requester
    reason: str
    rule: str

    def __str__(self) -> str:
        return f"access refused: {self.reason} ({self.rule})"


# --------------------------------------------------------------------------- names in the text


def _check_mentioned(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    ids: tuple[object, ...] = value  # type: ignore[assignment]
    if not ids:
        raise InvalidRecord(attribute.name, "must name at least one person", ids, rule=_RULE)
    for person_id in ids:
        if not isinstance(person_id, str) or not person_id.strip():
            raise InvalidRecord(attribute.name, "must hold non-empty person ids", ids, rule=_RULE)
    if len(set(ids)) != len(ids):
        raise InvalidRecord(attribute.name, "must name each person once", ids, rule=_RULE)


def _to_mentioned(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidRecord("person_ids", "must be a collection of person ids", value, rule=_RULE)
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class UntaggedMention:
    """An entry whose text names adults of the family it is not tagged with (R-REC-4).

    Found by `untagged_mentions` so a practitioner can correct an entry's
    tagging before a view is released. Until it is corrected, `view`
    withholds the entry from everyone but the team, except from the very
    adult it names.

    Args:
        entry_id: The entry's id.
        person_ids: The adults of the family whose names are in the entry's
            text but who are not in its ``about``, ``opinion_by`` or
            ``history_of``, in the record's order.

    Raises:
        InvalidRecord: When the entry id is empty, or ``person_ids`` is empty,
            holds an empty id or repeats one.

    Examples:
        >>> print(UntaggedMention(entry_id="E-4", person_ids=["dad"]))
        entry E-4 names dad in its text but is not tagged with them (R-REC-4)
        >>> UntaggedMention(entry_id="E-4", person_ids=[])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: person_ids must name at least one person (R-REC-4), got ()
    """

    entry_id: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    person_ids: tuple[str, ...] = attrs.field(converter=_to_mentioned, validator=_check_mentioned)

    def __str__(self) -> str:
        who = ", ".join(self.person_ids)
        return (
            f"entry {self.entry_id} names {who} in its text but is not tagged with them ({_RULE})"
        )


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _fold(text: str) -> str:
    """``text`` as names are compared: one Unicode form, one apostrophe, no case."""
    plain = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return unicodedata.normalize("NFC", plain.casefold())


@final
@attrs.frozen
class _NameFinder:
    """Finds the people of a record named in a text, by full name or an unambiguous word.

    ``phrases`` maps each folded name to the people it names: every full name
    (shared full names name everyone who has them), and a given name or
    surname held by exactly one person and no one's full name. ``pattern``
    tries the longest phrase first at each place, whole words only, so the
    child "Baby of Amira Haddad" is not read as Amira Haddad.
    """

    phrases: Mapping[str, frozenset[str]]
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, people: Iterable[Person]) -> _NameFinder:
        full: dict[str, set[str]] = {}
        words: dict[str, set[str]] = {}
        for person in people:
            parts = _fold(person.name).split()
            full.setdefault(" ".join(parts), set()).add(person.person_id)
            if len(parts) > 1:
                for word in {parts[0], parts[-1]}:
                    if len(word) > 1:  # an initial is not a name
                        words.setdefault(word, set()).add(person.person_id)
        phrases = {phrase: frozenset(ids) for phrase, ids in full.items()}
        for word, ids in words.items():
            if len(ids) == 1 and word not in full:
                phrases[word] = frozenset(ids)
        longest_first = sorted(phrases, key=lambda phrase: (-len(phrase), phrase))
        either = "|".join(r"\s+".join(map(re.escape, p.split())) for p in longest_first)
        return cls(phrases, re.compile(rf"(?<!\w)(?:{either})(?!\w)"))

    def named(self, text: str) -> frozenset[str]:
        found: set[str] = set()
        for match in self.pattern.finditer(_fold(text)):
            found |= self.phrases[" ".join(match.group().split())]
        return frozenset(found)


def _untagged_by_entry(record: Record) -> dict[str, tuple[str, ...]]:
    """Per entry id, the adults of the family named in its text but not tagged, if any."""
    finder = _NameFinder.of(record.people)
    adults = [person.person_id for person in record.people if person.kind.adult]
    found: dict[str, tuple[str, ...]] = {}
    for entry in record.entries:
        named = finder.named(entry.text) - set(entry.concerns)
        untagged = tuple(person_id for person_id in adults if person_id in named)
        if untagged:
            found[entry.entry_id] = untagged
    return found


def untagged_mentions(record: Record) -> tuple[UntaggedMention, ...]:
    """The entries whose text names an adult of the family they are not tagged with (R-REC-4).

    For the team to check before a view is released: `view` withholds such
    an entry from every requester but the team and the adult named (hazard
    H-15), so correcting the tagging (or the text) is what releases it. A
    person counts as named when the text holds their full name, or their
    given name or surname where no one else on the record shares it; in any
    case, as a whole word (so "Dan's" names Dan, "danger" does not). Only
    adults of the family count: naming the child or a professional needs
    no tag.

    Args:
        record: The record.

    Returns:
        One `UntaggedMention` per entry that names someone untagged, in the
        record's order; empty when every name is tagged.

    Examples:
        >>> import datetime as dt
        >>> record = Record(
        ...     people=[Person(person_id="baby", name="Noor Haddad", kind="child"),
        ...             Person(person_id="mum", name="Amira Haddad", kind="parent"),
        ...             Person(person_id="dad", name="Yusuf Haddad", kind="parent")],
        ...     entries=[RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3),
        ...                          author="Jo Bell", text="Noor slept at Yusuf's flat.",
        ...                          about=["baby"])],
        ... )
        >>> [str(mention) for mention in untagged_mentions(record)]
        ['entry E-1 names dad in its text but is not tagged with them (R-REC-4)']
    """
    return tuple(
        UntaggedMention(entry_id=entry_id, person_ids=person_ids)
        for entry_id, person_ids in _untagged_by_entry(record).items()
    )


# --------------------------------------------------------------------------- the rules


_THIRD_PARTY = (
    "it holds information from another agency, which is not passed on without that "
    "agency's permission",
    _SHARING,
)
_HISTORY = (
    "it records an adult's own past or present experiences, which only that adult may see",
    _RULE,
)
_OPINION = (
    "it records one adult's opinion of another adult, which only the adult whose opinion "
    "it is may see",
    _RULE,
)
_OTHER_ADULT = (
    "it also concerns another adult, whose information is withheld unless it is theirs "
    "to see; a practitioner can review it for release",
    _RULE,
)
_UNTAGGED = (
    "its text names a person it is not tagged with, whose information may not be yours to "
    "see; a practitioner must check the entry's tagging before it can be released",
    _RULE,
)
_NOT_YOURS = ("it is not about you or the child", _RULE)
_COMMISSIONER = (
    "commissioners receive anonymised figures, never a family's personal information",
    _SHARING,
)


def _entry_reason(
    entry: RecordEntry, self_id: str, record: Record, untagged: tuple[str, ...]
) -> tuple[str, str] | None:
    """Why ``entry`` is withheld from ``self_id`` (the child or a holder of responsibility).

    ``None`` when it may be shown. ``untagged``: the adults its text names
    but its tags miss. The checks run in the order of the module
    docstring's table; the first that applies gives the reason.
    """
    if entry.third_party is not None:
        return _THIRD_PARTY
    if entry.history_of not in (None, self_id):
        return _HISTORY
    if entry.opinion_by not in (None, self_id):
        return _OPINION
    if any(person_id != self_id for person_id in untagged):
        return _UNTAGGED  # H-15: the tags may be wrong, so they cannot be trusted to show it
    if self_id in (entry.history_of, entry.opinion_by):
        return None  # their own experiences, or their own words
    concerns = entry.concerns
    kinds = {person.person_id: person.kind for person in record.people}
    if any(p != self_id and kinds[p].adult for p in concerns):
        return _OTHER_ADULT
    if self_id in concerns or record.child.person_id in concerns:
        return None
    return _NOT_YOURS


def _withheld(entry: RecordEntry, why: tuple[str, str]) -> Redaction:
    day = entry.written
    return Redaction(
        what=f"entry {entry.entry_id} of {day.day} {day:%B %Y}",
        reason=why[0],
        rule=why[1],
        entry_id=entry.entry_id,
    )


def _family_people(record: Record, self_id: str) -> tuple[tuple[Person, ...], list[Redaction]]:
    """The people the child or a holder of responsibility sees, and the details withheld."""
    people: list[Person] = []
    withheld: list[Redaction] = []
    for person in record.people:
        if person.person_id == self_id:
            people.append(person)
            continue
        if person.kind.adult:
            continue  # covered by the one redaction below, which names no one
        people.append(attrs.evolve(person, phone=None, address=None, email=None))
        if person.has_contact_details:
            whose = "the child" if person.kind is PersonKind.CHILD else "a professional"
            withheld.append(
                Redaction(
                    what=f"the contact details of {whose} ({person.person_id})",
                    reason=(
                        "only the team gives out contact details: a child's are usually an adult's"
                        if person.kind is PersonKind.CHILD
                        else "only the team gives out contact details"
                    ),
                    rule=_RULE,
                    person_id=person.person_id,
                )
            )
    withheld.append(
        Redaction(
            what="the names and details of any other adults of the family",
            reason="information about an adult is withheld unless it is theirs to see",
            rule=_RULE,
        )
    )
    return tuple(people), withheld


def _family_view(record: Record, requester: Requester, self_id: str) -> RecordView:
    items: list[RecordEntry | Redaction] = []
    untagged = _untagged_by_entry(record)
    for entry in record.entries:
        why = _entry_reason(entry, self_id, record, untagged.get(entry.entry_id, ()))
        items.append(entry if why is None else _withheld(entry, why))
    people, details = _family_people(record, self_id)
    return RecordView(
        requester=requester, people=people, items=tuple(items), details_withheld=tuple(details)
    )


def _requesting_person(record: Record, person_id: str, kind: str) -> Person:
    try:
        return record.person(person_id)
    except InvalidRecord:
        raise InvalidRecord(
            "requester", f"must name a {kind} on the record", person_id, rule=_RULE
        ) from None


def view(record: Record, requester: Requester) -> RecordView | AccessRefused:
    """The record as ``requester`` may see it, with every redaction explained (R-REC-4).

    See the module's table for the rules. The record is not changed: every
    entry is in the view's ``items``, shown unchanged or replaced by the
    redaction that withholds it, so nothing disappears silently. A
    practitioner of the team sees everything; anything not clearly allowed
    is withheld, including an entry whose text names an adult of the family
    its tags leave out (check 4; `untagged_mentions` lists them).

    Args:
        record: The record.
        requester: Who asks.

    Returns:
        The view, or `AccessRefused` when the requester may not read the
        record at all (an adult without recorded parental responsibility).

    Raises:
        InvalidRecord: When the requester is not a requester, or names
            someone not on the record or of the wrong kind (a child asking
            as a parent).

    Examples:
        >>> import datetime as dt
        >>> record = Record(people=[
        ...     Person(person_id="baby", name="Noor", kind="child"),
        ...     Person(person_id="sam", name="Sam Cole", kind="other-adult"),
        ... ])
        >>> print(view(record, ParentRequester("sam")))
        access refused: parental responsibility is not recorded for them; the team must confirm it before anything is disclosed (R-REC-4)
        >>> view(record, ParentRequester("baby"))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: requester must name a parent or other adult of the family (R-REC-4), got 'baby'

        An entry tagged as about the child alone, whose text names Sam:

        >>> mum = Person(person_id="mum", name="Amira Haddad", kind="parent",
        ...              parental_responsibility=True)
        >>> record = Record(
        ...     people=[*record.people, mum],
        ...     entries=[RecordEntry(entry_id="E-1", written=dt.datetime(2026, 11, 3),
        ...                          author="Jo Bell", text="Noor stayed at Sam's.",
        ...                          about=["baby"])],
        ... )
        >>> print(view(record, ParentRequester("mum")).withheld[0])
        entry E-1 of 3 November 2026 withheld: its text names a person it is not tagged with, whose information may not be yours to see; a practitioner must check the entry's tagging before it can be released (R-REC-4)
        >>> view(record, PractitionerRequester("Jo Bell")).shown == record.entries
        True
    """
    if not isinstance(requester, _REQUESTERS):
        raise InvalidRecord(
            "requester",
            "must be a ChildRequester, ParentRequester, PractitionerRequester or "
            "CommissionerRequester",
            requester,
            rule=_RULE,
        )
    match requester:
        case PractitionerRequester():
            return RecordView(
                requester=requester,
                people=record.people,
                items=record.entries,
                details_withheld=(),
            )
        case CommissionerRequester():
            return RecordView(
                requester=requester,
                people=(),
                items=tuple(_withheld(entry, _COMMISSIONER) for entry in record.entries),
                details_withheld=(
                    Redaction(
                        what="the names and details of everyone on the record",
                        reason=_COMMISSIONER[0],
                        rule=_COMMISSIONER[1],
                    ),
                ),
            )
        case ChildRequester(person_id=person_id):
            child = _requesting_person(record, person_id, "child")
            if child.kind is not PersonKind.CHILD:
                raise InvalidRecord(
                    "requester", "must name the child on the record", person_id, rule=_RULE
                )
            return _family_view(record, requester, person_id)
        case ParentRequester(person_id=person_id):
            wanted = "parent or other adult of the family"
            adult = _requesting_person(record, person_id, wanted)
            if not adult.kind.adult:
                raise InvalidRecord("requester", f"must name a {wanted}", person_id, rule=_RULE)
            if adult.parental_responsibility is None:
                return AccessRefused(
                    requester=requester,
                    reason=(
                        "parental responsibility is not recorded for them; the team must "
                        "confirm it before anything is disclosed"
                    ),
                    rule=_RULE,
                )
            if not adult.parental_responsibility:
                return AccessRefused(
                    requester=requester,
                    reason=(
                        "they do not hold parental responsibility, which an adult needs to "
                        "read the child's record"
                    ),
                    rule=_RULE,
                )
            return _family_view(record, requester, person_id)
        case _:  # pragma: no cover - refused above; a new requester breaks the type check
            assert_never(requester)
