"""The family and the people around it: parents, partner, infant, referrer.

These values are shared by screening, the lifecycle and records, so they live
here rather than in any one of those areas.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent, ParentRole
    >>> family = Family(
    ...     parents=(Parent("Amira Haddad", ParentRole.MOTHER),),
    ...     infant=Infant.unborn(expected_due_date=dt.date(2027, 2, 14)),
    ... )
    >>> family.antenatal
    True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, final

import attrs

from parentinfant._nhs_number import NhsNumber
from parentinfant._validate import (
    at_least,
    is_bool,
    is_date,
    non_empty_text,
    parse_enum,
    whole_number,
)
from parentinfant.errors import InvalidFamily, InvalidPolicy, InvalidReferral, InvalidValue

__all__ = [
    "ContactChannel",
    "EthnicCategory",
    "Family",
    "Infant",
    "Parent",
    "ParentRole",
    "Referrer",
    "ReferrerRole",
    "TimeWindow",
    "to_windows",
]


class ParentRole(enum.Enum):
    """How a parent stands to the infant (R-REC-5: fathers and partners count).

    Examples:
        >>> ParentRole("partner")
        <ParentRole.PARTNER: 'partner'>
    """

    MOTHER = "mother"
    FATHER = "father"
    PARTNER = "partner"
    OTHER_CAREGIVER = "other-caregiver"


class EthnicCategory(enum.Enum):
    """Ethnic category as the person states it, by the NHS Data Model and Dictionary's codes.

    The codes are those of the NHS data item ETHNIC CATEGORY (the 2001 census
    categories): ``Z`` when the person chose not to say, ``99`` when it is not
    known. Anonymised reports use the code, never anything that names a person
    (R-CL-4).

    Examples:
        >>> EthnicCategory("mixed-white-and-black-african").code
        'E'
        >>> EthnicCategory.NOT_STATED.code, EthnicCategory.NOT_KNOWN.code
        ('Z', '99')
    """

    WHITE_BRITISH = "white-british"
    WHITE_IRISH = "white-irish"
    WHITE_OTHER = "white-other"
    MIXED_WHITE_AND_BLACK_CARIBBEAN = "mixed-white-and-black-caribbean"
    MIXED_WHITE_AND_BLACK_AFRICAN = "mixed-white-and-black-african"
    MIXED_WHITE_AND_ASIAN = "mixed-white-and-asian"
    MIXED_OTHER = "mixed-other"
    ASIAN_INDIAN = "asian-indian"
    ASIAN_PAKISTANI = "asian-pakistani"
    ASIAN_BANGLADESHI = "asian-bangladeshi"
    ASIAN_OTHER = "asian-other"
    BLACK_CARIBBEAN = "black-caribbean"
    BLACK_AFRICAN = "black-african"
    BLACK_OTHER = "black-other"
    CHINESE = "chinese"
    OTHER = "other"
    NOT_STATED = "not-stated"
    NOT_KNOWN = "not-known"

    @property
    def code(self) -> str:
        """The NHS ETHNIC CATEGORY code (``A`` to ``S``, ``Z``, ``99``).

        Examples:
            >>> EthnicCategory.ASIAN_BANGLADESHI.code
            'K'
        """
        return _ETHNIC_CODES[self]


_ETHNIC_CODES = dict(
    zip(
        EthnicCategory,
        (
            "A",
            "B",
            "C",
            "D",
            "E",
            "F",
            "G",
            "H",
            "J",
            "K",
            "L",
            "M",
            "N",
            "P",
            "R",
            "S",
            "Z",
            "99",
        ),
        strict=True,
    )
)


class ContactChannel(enum.Enum):
    """How a person prefers to be contacted (R-FC-1).

    Examples:
        >>> ContactChannel.TEXT.value
        'text'
    """

    TEXT = "text"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"


class ReferrerRole(enum.Enum):
    """The professional role of the person who referred, or was consulted (R-IN-1).

    Examples:
        >>> ReferrerRole("health-visitor").label
        'health visitor'
    """

    MIDWIFE = "midwife"
    HEALTH_VISITOR = "health-visitor"
    GP = "gp"
    SOCIAL_WORKER = "social-worker"
    CHILDRENS_CENTRE = "childrens-centre"
    FAMILY_NURSE = "family-nurse"
    PERINATAL_MENTAL_HEALTH = "perinatal-mental-health"
    ADULT_MENTAL_HEALTH = "adult-mental-health"
    CAMHS = "camhs"
    NEONATAL_UNIT = "neonatal-unit"
    EARLY_HELP = "early-help"
    VOLUNTARY_SECTOR = "voluntary-sector"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The role as words for people to read.

        Examples:
            >>> ReferrerRole.GP.label
            'GP'
        """
        return _ROLE_LABELS.get(self, self.value.replace("-", " "))


_ROLE_LABELS = {
    ReferrerRole.GP: "GP",
    ReferrerRole.CAMHS: "CAMHS",
    ReferrerRole.CHILDRENS_CENTRE: "children's centre",
}


def _to_nhs_number(value: NhsNumber | str | None) -> NhsNumber | None:
    if value is None or isinstance(value, NhsNumber):
        return value
    return NhsNumber(value)


def _to_ethnic_category(value: EthnicCategory | str | None) -> EthnicCategory | None:
    if value is None:
        return None
    return parse_enum(EthnicCategory, value, "ethnic_category", InvalidFamily, "R-CL-4")


def _to_parent_role(value: ParentRole | str) -> ParentRole:
    return parse_enum(ParentRole, value, "role", InvalidFamily, "R-REC-5")


def _to_channel(value: ContactChannel | str | None) -> ContactChannel | None:
    if value is None:
        return None
    return parse_enum(ContactChannel, value, "preferred_channel", InvalidFamily, "R-AL-4")


def _is_time(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidPolicy(
            attribute.name, "must be a time of day without a zone", value, rule="R-AP-3"
        )


def _check_window(_instance: object, _attribute: attrs.Attribute[Any], _value: object) -> None:
    window: Any = _instance
    if not window.start < window.end:
        raise InvalidPolicy(
            "end", f"must be after start ({window.start.isoformat()})", window.end, rule="R-AP-3"
        )


@final
@attrs.frozen
class TimeWindow:
    """A stretch of the day, ``start`` inclusive to ``end`` exclusive.

    Used for the school-run windows a team sets (R-AP-3) and for the times a
    family says suit or do not suit them (R-AL-4).

    Examples:
        >>> import datetime as dt
        >>> w = TimeWindow(dt.time(8, 15), dt.time(9, 15))
        >>> w.overlaps(dt.time(9, 0), dt.time(10, 0)), w.overlaps(dt.time(9, 15), dt.time(10, 0))
        (True, False)
    """

    start: dt.time = attrs.field(validator=_is_time)
    end: dt.time = attrs.field(validator=[_is_time, _check_window])

    def overlaps(self, start: dt.time, end: dt.time) -> bool:
        """Whether ``[start, end)`` and this window share any time.

        Examples:
            >>> import datetime as dt
            >>> TimeWindow(dt.time(15, 0), dt.time(15, 45)).overlaps(dt.time(14, 0), dt.time(15, 1))
            True
        """
        return start < self.end and self.start < end


def to_windows(
    value: Iterable[TimeWindow] | TimeWindow,
    field: str = "school_runs",
    error: type[InvalidValue] = InvalidPolicy,
    rule: str = "R-AP-3",
) -> tuple[TimeWindow, ...]:
    """Time windows as a tuple, each checked (a single window is accepted).

    Examples:
        >>> import datetime as dt
        >>> to_windows(TimeWindow(dt.time(8), dt.time(9)))
        (TimeWindow(start=datetime.time(8, 0), end=datetime.time(9, 0)),)
    """
    if isinstance(value, TimeWindow):
        value = (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise error(field, "must hold TimeWindow values", value, rule=rule)
    windows = tuple(value)
    for window in windows:
        if not isinstance(window, TimeWindow):
            raise error(field, "must hold TimeWindow values", window, rule=rule)
    return windows


def _to_contact_times(value: Iterable[TimeWindow] | TimeWindow) -> tuple[TimeWindow, ...]:
    return to_windows(value, "contact_times", InvalidFamily, "R-AL-4")


def _to_unsuitable_times(value: Iterable[TimeWindow] | TimeWindow) -> tuple[TimeWindow, ...]:
    return to_windows(value, "unsuitable_times", InvalidFamily, "R-AL-4")


def _to_weekdays(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidFamily("unsuitable_days", "must hold weekday numbers", value, rule="R-AL-4")
    days = tuple(value)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidFamily(
                "unsuitable_days",
                "must hold weekday numbers 0 (Monday) to 6 (Sunday)",
                day,
                rule="R-AL-4",
            )
    return tuple(sorted(set(days)))


def _to_referrer_role(value: ReferrerRole | str) -> ReferrerRole:
    return parse_enum(ReferrerRole, value, "role", InvalidReferral, "R-IN-1")


@final
@attrs.frozen
class Parent:
    """A parent or partner in the family (R-REC-5).

    Args:
        name: The name the family uses.
        role: Mother, father, partner or other caregiver.
        date_of_birth: When known; lets a team see a very young parent.
        phone: A phone number for calls and texts.
        address: A postal address for letters.
        email: An email address.
        preferred_channel: The channel the parent asked to be contacted by.
        literacy_or_learning_needs: Prefer text or phone, then a confirming
            letter (R-FC-3).
        lives_with_infant: Whether the parent lives with the baby.
        contact_times: When the parent said they can be contacted (calls,
            texts, reminders); empty means any time within working hours
            (R-AL-4).
        do_not_contact: The recorded reason this parent must not be
            contacted (for example a safety concern), or ``None``. Every
            planning function honours it (R-AL-4).
        relationship_to_baby: The parent's relationship with the baby in
            their own words ("birth father", "mother's partner"), R-REC-5.
        parental_responsibility: Whether they hold parental responsibility
            (``None``: not known), which decides access to the record (R-REC-4).
        contact_safe: Whether bringing them into the work is safe for mother
            and child (``None``: not yet assessed), R-REC-5.
        ethnic_category: Their ethnic category as they state it (R-CL-4).
        nhs_number: Their NHS number, checked by its Modulus 11 check digit.

    Raises:
        InvalidFamily: When the name is empty or a date is not a date.

    Examples:
        >>> import datetime as dt
        >>> p = Parent(name="Dan Okoro", role=ParentRole.FATHER, date_of_birth=dt.date(2008, 5, 1))
        >>> p.age_on(dt.date(2026, 11, 29))
        18
        >>> p.has_contact_details
        False
    """

    name: str = attrs.field(validator=non_empty_text(InvalidFamily, "R-REC-5"))
    role: ParentRole = attrs.field(converter=_to_parent_role)
    date_of_birth: dt.date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(is_date(InvalidFamily, "R-REC-5")),
    )
    phone: str | None = attrs.field(default=None, kw_only=True)
    address: str | None = attrs.field(default=None, kw_only=True)
    email: str | None = attrs.field(default=None, kw_only=True)
    preferred_channel: ContactChannel | None = attrs.field(
        default=None, kw_only=True, converter=_to_channel
    )
    literacy_or_learning_needs: bool = attrs.field(
        default=False, kw_only=True, validator=is_bool(InvalidFamily, "R-FC-3")
    )
    lives_with_infant: bool = attrs.field(
        default=True, kw_only=True, validator=is_bool(InvalidFamily, "R-REC-5")
    )
    contact_times: tuple[TimeWindow, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_contact_times
    )
    do_not_contact: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(non_empty_text(InvalidFamily, "R-AL-4")),
    )
    relationship_to_baby: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(non_empty_text(InvalidFamily, "R-REC-5")),
    )
    parental_responsibility: bool | None = attrs.field(
        default=None, kw_only=True, validator=is_bool(InvalidFamily, "R-REC-4", optional=True)
    )
    contact_safe: bool | None = attrs.field(
        default=None, kw_only=True, validator=is_bool(InvalidFamily, "R-REC-5", optional=True)
    )
    ethnic_category: EthnicCategory | None = attrs.field(
        default=None, kw_only=True, converter=_to_ethnic_category
    )
    nhs_number: NhsNumber | None = attrs.field(
        default=None, kw_only=True, converter=_to_nhs_number
    )

    @property
    def has_contact_details(self) -> bool:
        """Whether there is any way to reach this parent.

        Examples:
            >>> Parent("Ana", ParentRole.MOTHER, phone="07700 900123").has_contact_details
            True
        """
        return bool(self.phone or self.address or self.email)

    def age_on(self, day: dt.date) -> int | None:
        """The parent's age in whole years on ``day``, or ``None`` if unknown.

        Examples:
            >>> import datetime as dt
            >>> Parent("Ana", ParentRole.MOTHER).age_on(dt.date(2026, 1, 1)) is None
            True
        """
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check_infant(instance: Infant, _attribute: attrs.Attribute[bool], _value: bool) -> None:
    if instance.born and instance.date_of_birth is None:
        raise InvalidFamily(
            "date_of_birth", "must be given for a born infant", None, rule="R-IN-3"
        )
    if not instance.born and instance.date_of_birth is not None:
        raise InvalidFamily(
            "date_of_birth",
            "must be empty for an unborn infant",
            instance.date_of_birth,
            rule="R-IN-3",
        )
    if not instance.born and instance.expected_due_date is None:
        raise InvalidFamily(
            "expected_due_date", "must be given for an unborn infant", None, rule="R-IN-3"
        )


@final
@attrs.frozen(kw_only=True)
class Infant:
    """The baby, born or not yet born (R-IN-3, R-REC-3).

    A born infant has a date of birth; an unborn one has an expected due date
    and no date of birth. A born infant may keep its expected due date, which
    tells how early it came.

    Args:
        born: Whether the baby has been born.
        date_of_birth: Required when born, forbidden when not.
        expected_due_date: Required when not born.
        name: The baby's name, once there is one.
        nhs_number: The baby's NHS number once issued (Modulus 11 checked).

    Raises:
        InvalidFamily: When the dates contradict ``born``.

    Examples:
        >>> import datetime as dt
        >>> Infant(born=True)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidFamily: date_of_birth must be given for a born infant (R-IN-3), got None
        >>> baby = Infant.born_on(dt.date(2026, 10, 1), expected_due_date=dt.date(2026, 11, 26))
        >>> baby.weeks_premature
        8
    """

    born: bool = attrs.field(validator=[is_bool(InvalidFamily, "R-IN-3"), _check_infant])
    date_of_birth: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(is_date(InvalidFamily, "R-IN-3"))
    )
    expected_due_date: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(is_date(InvalidFamily, "R-IN-3"))
    )
    name: str | None = None
    nhs_number: NhsNumber | None = attrs.field(
        default=None, kw_only=True, converter=_to_nhs_number
    )

    @classmethod
    def unborn(cls, expected_due_date: dt.date, *, name: str | None = None) -> Infant:
        """A baby not yet born, due on ``expected_due_date`` (R-IN-3).

        Examples:
            >>> import datetime as dt
            >>> Infant.unborn(dt.date(2027, 3, 1)).born
            False
        """
        return cls(born=False, expected_due_date=expected_due_date, name=name)

    @classmethod
    def born_on(
        cls,
        date_of_birth: dt.date,
        *,
        expected_due_date: dt.date | None = None,
        name: str | None = None,
    ) -> Infant:
        """A baby born on ``date_of_birth``.

        Examples:
            >>> import datetime as dt
            >>> Infant.born_on(dt.date(2026, 6, 1), name="Noor").name
            'Noor'
        """
        return cls(
            born=True, date_of_birth=date_of_birth, expected_due_date=expected_due_date, name=name
        )

    @property
    def weeks_premature(self) -> int | None:
        """Whole weeks born before the due date (0 if on time or late), if known.

        Examples:
            >>> import datetime as dt
            >>> Infant.unborn(dt.date(2027, 1, 1)).weeks_premature is None
            True
        """
        if self.date_of_birth is None or self.expected_due_date is None:
            return None
        return max(0, (self.expected_due_date - self.date_of_birth).days // 7)

    def age_on(self, day: dt.date) -> dt.timedelta | None:
        """Time since birth on ``day``; ``None`` before birth.

        Examples:
            >>> import datetime as dt
            >>> Infant.born_on(dt.date(2026, 11, 1)).age_on(dt.date(2026, 11, 29)).days
            28
        """
        if self.date_of_birth is None or day < self.date_of_birth:
            return None
        return day - self.date_of_birth


def _check_infant_value(
    _instance: object, attribute: attrs.Attribute[Infant], value: object
) -> None:
    if not isinstance(value, Infant):
        raise InvalidFamily(attribute.name, "must be an Infant", value, rule="R-IN-3")


def _to_parents(value: Iterable[Parent]) -> tuple[Parent, ...]:
    if isinstance(value, Parent | str) or not isinstance(value, Iterable):
        raise InvalidFamily("parents", "must be a sequence of Parent values", value, rule="R-FC-2")
    return tuple(value)


def _check_parents(_instance: object, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidFamily(attribute.name, "must name at least one parent", value, rule="R-FC-2")
    for parent in value:
        if not isinstance(parent, Parent):
            raise InvalidFamily(attribute.name, "must hold Parent values", parent, rule="R-REC-5")


@final
@attrs.frozen(kw_only=True)
class Family:
    """The family referred: its parents (and partner), the infant, its professionals.

    Args:
        parents: One or more parents; the first is the main contact.
        infant: The baby, born or unborn.
        school_age_children: Older children on the school run (R-AP-3).
        gp: The family's GP or GP practice, as the team records it.
        health_visitor: The family's health visitor, when known (R-SC-6).
        postcode_district: The outward part of the postcode (``"GL1"``), for
            locality; never the full postcode.
        unsuitable_times: Times of day the family said do not suit them for
            appointments (R-AL-4).
        unsuitable_days: Weekdays (0 Monday to 6 Sunday) that do not suit them.

    Raises:
        InvalidFamily: With no parent, or a negative count of children.

    Examples:
        >>> import datetime as dt
        >>> fam = Family(
        ...     parents=(Parent("Ana", ParentRole.MOTHER), Parent("Tom", ParentRole.FATHER)),
        ...     infant=Infant.born_on(dt.date(2026, 9, 9)),
        ... )
        >>> fam.couple
        True
        >>> [p.name for p in fam.parents]
        ['Ana', 'Tom']
    """

    parents: tuple[Parent, ...] = attrs.field(converter=_to_parents, validator=_check_parents)
    infant: Infant = attrs.field(validator=_check_infant_value)
    school_age_children: int = attrs.field(
        default=0,
        validator=[whole_number(InvalidFamily, "R-AP-3"), at_least(0, InvalidFamily, "R-AP-3")],
    )
    gp: str | None = None
    health_visitor: str | None = None
    postcode_district: str | None = None
    unsuitable_times: tuple[TimeWindow, ...] = attrs.field(
        default=(), converter=_to_unsuitable_times
    )
    unsuitable_days: tuple[int, ...] = attrs.field(default=(), converter=_to_weekdays)

    @property
    def couple(self) -> bool:
        """Whether more than one parent was referred: contact goes to both (R-FC-2).

        Examples:
            >>> import datetime as dt
            >>> Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 1))).couple
            False
        """
        return len(self.parents) > 1

    @property
    def antenatal(self) -> bool:
        """Whether the baby is not yet born (R-IN-3).

        Examples:
            >>> import datetime as dt
            >>> Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 1))).antenatal
            True
        """
        return not self.infant.born

    @property
    def has_contact_details(self) -> bool:
        """Whether any parent can be reached.

        Examples:
            >>> import datetime as dt
            >>> Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 1))).has_contact_details
            False
        """
        return any(p.has_contact_details for p in self.parents)


@final
@attrs.frozen(kw_only=True)
class Referrer:
    """A professional who referred a family, or consulted the team about one (R-IN-1).

    Args:
        name: The professional's name.
        role: Their professional role.
        organisation: Their service or employer.
        phone: A number the team can call back.
        email: An address the team can write to.

    Raises:
        InvalidReferral: When the name is empty.

    Examples:
        >>> r = Referrer(name="Jo Smith", role="midwife", organisation="City Maternity")
        >>> r.role.label
        'midwife'
    """

    name: str = attrs.field(validator=non_empty_text(InvalidReferral, "R-IN-1"))
    role: ReferrerRole = attrs.field(converter=_to_referrer_role)
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
