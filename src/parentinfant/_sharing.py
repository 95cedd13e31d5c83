"""Information sharing: who may be told what, on what basis, and when (R-REC-1, R-SC-6).

Personal information from therapeutic work is never shared without formal
permission, except where there is an immediate observed safeguarding concern
(R-REC-1). `decide_sharing` turns a piece of information, a recipient and the
consents on file into one of three decisions, each a frozen record of what was
decided, when, on what basis and under which rule, so it can be audited later:

- `SharingAllowed`: a consent on file covers this kind of information, this
  recipient and this day, and was not withdrawn;
- `SharingAllowedForSafeguarding`: no consent is needed because a practitioner
  stated an immediate observed safeguarding concern, which the decision keeps;
- `SharingRefused`: everything else. Refusal is the default: no consent, a
  consent out of scope, not yet in force, run out or withdrawn.

A self-referral's notices to the family's health visitor and GP (R-SC-6) are
sharing decisions too: `decide_notification` makes them from the consent to
share recorded on the referral.

Examples:
    >>> import datetime as dt
    >>> from parentinfant._sharing import (
    ...     Consent, SharingRecipient, audit_lines, decide_sharing)
    >>> consent = Consent(given_by="Ana Haddad", given_on=dt.date(2026, 11, 2),
    ...                   information=["attendance"], recipients=["health-visitor"])
    >>> hv = SharingRecipient("health-visitor", "Jo Smith")
    >>> at = dt.datetime(2026, 11, 20, 10, 30)
    >>> print(decide_sharing("attendance", hv, [consent], at=at).explain())
    Sharing the attendance with the health visitor (Jo Smith) at 2026-11-20 10:30 is allowed: consent given by Ana Haddad on 2 November 2026 covers it (R-REC-1).
    >>> print(decide_sharing("clinical-summary", hv, [consent], at=at).explain())
    Sharing the clinical summary with the health visitor (Jo Smith) at 2026-11-20 10:30 is refused: no consent on file covers the clinical summary for the health visitor (Jo Smith) (R-REC-1).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, ClassVar, assert_never, final

import attrs

from parentinfant._referral import Referral
from parentinfant._validate import is_date, non_empty_text, parse_enum
from parentinfant.errors import InvalidRecord

__all__ = [
    "Consent",
    "InformationKind",
    "RecipientKind",
    "RefusalCode",
    "SharingAllowed",
    "SharingAllowedForSafeguarding",
    "SharingDecision",
    "SharingRecipient",
    "SharingRefused",
    "audit_lines",
    "decide_notification",
    "decide_sharing",
    "notification_consent",
]

_RULE = "R-REC-1"
_NOTIFY_RULE = "R-SC-6"


class InformationKind(enum.Enum):
    """A kind of information the team might share (R-REC-1).

    A consent names the kinds it covers one by one. There is deliberately no
    "all" member: a consent given today must not silently come to cover a kind
    of information added to the library later.

    Examples:
        >>> InformationKind("clinical-summary").label
        'clinical summary'
    """

    REFERRAL_OUTCOME = "referral-outcome"
    REFERRAL_DETAILS = "referral-details"
    ATTENDANCE = "attendance"
    ASSESSMENT = "assessment"
    CLINICAL_SUMMARY = "clinical-summary"
    OUTCOME_MEASURES = "outcome-measures"

    @property
    def label(self) -> str:
        """The kind of information as words for people to read.

        Examples:
            >>> InformationKind.REFERRAL_OUTCOME.label
            'referral and its outcome'
        """
        return _INFORMATION_LABELS.get(self, self.value.replace("-", " "))


_INFORMATION_LABELS = {InformationKind.REFERRAL_OUTCOME: "referral and its outcome"}


class RecipientKind(enum.Enum):
    """The kind of service or person information may go to (R-REC-1, R-SC-6).

    ``other`` covers anyone else; a consent must name such a recipient, since
    "anyone else" is not a scope a family can meaningfully agree to.

    Examples:
        >>> RecipientKind("gp").label
        'GP'
    """

    HEALTH_VISITOR = "health-visitor"
    GP = "gp"
    REFERRER = "referrer"
    SOCIAL_CARE = "social-care"
    PERINATAL_MENTAL_HEALTH = "perinatal-mental-health"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind of recipient as words for people to read.

        Examples:
            >>> RecipientKind.PERINATAL_MENTAL_HEALTH.label
            'perinatal mental health service'
        """
        return _RECIPIENT_LABELS.get(self, self.value.replace("-", " "))


_RECIPIENT_LABELS = {
    RecipientKind.GP: "GP",
    RecipientKind.SOCIAL_CARE: "social care service",
    RecipientKind.PERINATAL_MENTAL_HEALTH: "perinatal mental health service",
    RecipientKind.OTHER: "other recipient",
}


class RefusalCode(enum.Enum):
    """Why sharing was refused, as a stable code for reports (R-REC-1).

    Examples:
        >>> RefusalCode("withdrawn").value
        'withdrawn'
    """

    NO_CONSENT = "no-consent"
    DECLINED = "declined"
    NOT_YET_VALID = "not-yet-valid"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    NO_RECIPIENT = "no-recipient"


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _to_recipient_kind(value: RecipientKind | str) -> RecipientKind:
    return parse_enum(RecipientKind, value, "kind", InvalidRecord, _RULE)


def _check_recipient_name(
    instance: SharingRecipient, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is None:
        if instance.kind is RecipientKind.OTHER:
            raise InvalidRecord(
                attribute.name, "must be given for an other recipient", value, rule=_RULE
            )
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidRecord(
            attribute.name, "must be non-empty text, or None (not recorded)", value, rule=_RULE
        )


@final
@attrs.frozen
class SharingRecipient:
    """Who information would go to: a kind of recipient and, when recorded, a name.

    Args:
        kind: The kind of recipient (a `RecipientKind` or its wire value).
        name: The person or service, or ``None`` when not recorded. Nothing
            is ever shared with an unnamed recipient; an ``other`` recipient
            must be named.

    Raises:
        InvalidRecord: When the kind is unknown, the name is blank, or an
            ``other`` recipient has no name.

    Examples:
        >>> str(SharingRecipient("gp", "Elm Surgery"))
        'the GP (Elm Surgery)'
        >>> str(SharingRecipient("health-visitor"))
        'the health visitor (not recorded)'
        >>> SharingRecipient("other")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: name must be given for an other recipient (R-REC-1), got None
    """

    kind: RecipientKind = attrs.field(converter=_to_recipient_kind)
    name: str | None = attrs.field(default=None, validator=_check_recipient_name)

    def __str__(self) -> str:
        return f"the {self.kind.label} ({self.name or 'not recorded'})"

    def same_as(self, other: SharingRecipient) -> bool:
        """Whether ``other`` is this recipient: the same kind, and names equal ignoring case and spacing.

        Examples:
            >>> SharingRecipient("gp", "Elm  Surgery").same_as(SharingRecipient("gp", "elm surgery"))
            True
            >>> SharingRecipient("gp", "Elm Surgery").same_as(SharingRecipient("referrer", "Elm Surgery"))
            False
        """
        return (
            self.kind is other.kind
            and self.name is not None
            and other.name is not None
            and _normalise(self.name) == _normalise(other.name)
        )


def _to_information(value: Any) -> frozenset[InformationKind]:
    if isinstance(value, InformationKind | str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidRecord(
            "information", "must be a collection of kinds of information", value, rule=_RULE
        )
    return frozenset(
        parse_enum(InformationKind, item, "information", InvalidRecord, _RULE) for item in value
    )


def _to_scope_recipient(item: Any) -> RecipientKind | SharingRecipient:
    if isinstance(item, SharingRecipient):
        if item.name is None:
            raise InvalidRecord(
                "recipients",
                "must name a recipient given as a SharingRecipient (or give only its kind)",
                item,
                rule=_RULE,
            )
        return item
    kind = parse_enum(RecipientKind, item, "recipients", InvalidRecord, _RULE)
    if kind is RecipientKind.OTHER:
        raise InvalidRecord(
            "recipients",
            "must name an other recipient, as SharingRecipient('other', name)",
            item,
            rule=_RULE,
        )
    return kind


def _to_recipients(value: Any) -> frozenset[RecipientKind | SharingRecipient]:
    if isinstance(value, RecipientKind | SharingRecipient | str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidRecord("recipients", "must be a collection of recipients", value, rule=_RULE)
    return frozenset(_to_scope_recipient(item) for item in value)


def _not_empty(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise InvalidRecord(attribute.name, "must name at least one", set(), rule=_RULE)


def _optional_date(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise InvalidRecord(attribute.name, "must be a date or None", value, rule=_RULE)


def _optional_text(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidRecord(attribute.name, "must be non-empty text or None", value, rule=_RULE)


def _check_consent_dates(consent: Consent) -> None:
    if consent.valid_from < consent.given_on:
        raise InvalidRecord(
            "valid_from",
            f"must not be before the consent was given ({consent.given_on.isoformat()})",
            consent.valid_from,
            rule=_RULE,
        )
    if consent.valid_until is not None and consent.valid_until < consent.valid_from:
        raise InvalidRecord(
            "valid_until",
            f"must not be before valid_from ({consent.valid_from.isoformat()})",
            consent.valid_until,
            rule=_RULE,
        )
    if consent.withdrawn_on is not None and consent.withdrawn_on < consent.given_on:
        raise InvalidRecord(
            "withdrawn_on",
            f"must not be before the consent was given ({consent.given_on.isoformat()})",
            consent.withdrawn_on,
            rule=_RULE,
        )


@final
@attrs.frozen(kw_only=True)
class Consent:
    """A family's formal permission to share, with its scope and dates (R-REC-1).

    The consent covers a kind of information for a recipient on a day when
    the kind and the recipient are both in its scope, the day is between
    ``valid_from`` and ``valid_until`` (both included), and it was not
    withdrawn on or before that day. A withdrawal takes effect from the start
    of the day it was recorded, so nothing is shared later that day either.

    Args:
        given_by: Who gave it: a parent's name.
        given_on: The day it was given.
        information: The kinds of information it covers (at least one).
        recipients: Who it covers (at least one): a `RecipientKind` (or its
            wire value) covers every recipient of that kind; a named
            `SharingRecipient` covers only that one. ``other`` recipients must be named.
        valid_from: The first day it covers; by default ``given_on``, and
            never earlier (a consent does not reach back).
        valid_until: The last day it covers; ``None`` until withdrawn.
        withdrawn_on: The day the family withdrew it, if they did.
        reference: Where the signed form or recorded conversation is.

    Raises:
        InvalidRecord: When a name is blank, a scope is empty or unknown, or
            the dates contradict each other.

    Examples:
        >>> import datetime as dt
        >>> c = Consent(given_by="Ana Haddad", given_on=dt.date(2026, 11, 2),
        ...             information=["attendance", "outcome-measures"],
        ...             recipients=["gp", SharingRecipient("other", "Oak Children's Centre")],
        ...             valid_until=dt.date(2027, 11, 1), reference="CF-12")
        >>> c.covers("attendance", SharingRecipient("other", "oak children's centre"), dt.date(2027, 1, 4))
        True
        >>> c.covers("attendance", SharingRecipient("other", "Birch Nursery"), dt.date(2027, 1, 4))
        False
        >>> Consent(given_by="Ana Haddad", given_on=dt.date(2026, 11, 2), information=["attendance"],
        ...         recipients=["gp"], withdrawn_on=dt.date(2026, 10, 1))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: withdrawn_on must not be before the consent was given (2026-11-02) (R-REC-1), got datetime.date(2026, 10, 1)
    """

    given_by: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    given_on: dt.date = attrs.field(validator=is_date(InvalidRecord, _RULE))
    information: frozenset[InformationKind] = attrs.field(
        converter=_to_information, validator=_not_empty
    )
    recipients: frozenset[RecipientKind | SharingRecipient] = attrs.field(
        converter=_to_recipients, validator=_not_empty
    )
    valid_from: dt.date = attrs.field(
        default=attrs.Factory(lambda self: self.given_on, takes_self=True),
        validator=is_date(InvalidRecord, _RULE),
    )
    valid_until: dt.date | None = attrs.field(default=None, validator=_optional_date)
    withdrawn_on: dt.date | None = attrs.field(default=None, validator=_optional_date)
    reference: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        _check_consent_dates(self)

    def in_scope(self, information: InformationKind | str, recipient: SharingRecipient) -> bool:
        """Whether the kind of information and the recipient are both in scope, whatever the day.

        Examples:
            >>> import datetime as dt
            >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
            ...             information=["attendance"], recipients=["gp"])
            >>> c.in_scope("attendance", SharingRecipient("gp", "Elm Surgery"))
            True
            >>> c.in_scope("assessment", SharingRecipient("gp", "Elm Surgery"))
            False
        """
        kind = parse_enum(InformationKind, information, "information", InvalidRecord, _RULE)
        if kind not in self.information:
            return False
        return any(
            entry is recipient.kind
            if isinstance(entry, RecipientKind)
            else entry.same_as(recipient)
            for entry in self.recipients
        )

    def in_force(self, on: dt.date) -> bool:
        """Whether the consent holds on day ``on``: in its dates and not yet withdrawn.

        Examples:
            >>> import datetime as dt
            >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2), information=["attendance"],
            ...             recipients=["gp"], withdrawn_on=dt.date(2026, 11, 10))
            >>> c.in_force(dt.date(2026, 11, 9)), c.in_force(dt.date(2026, 11, 10))
            (True, False)
        """
        return self._problem(on) is None

    def covers(
        self, information: InformationKind | str, recipient: SharingRecipient, on: dt.date
    ) -> bool:
        """Whether the consent allows sharing ``information`` with ``recipient`` on day ``on``.

        Examples:
            >>> import datetime as dt
            >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
            ...             information=["attendance"], recipients=["gp"])
            >>> c.covers("attendance", SharingRecipient("gp", "Elm Surgery"), dt.date(2026, 11, 1))
            False
            >>> c.covers("attendance", SharingRecipient("gp", "Elm Surgery"), dt.date(2026, 11, 2))
            True
        """
        return self.in_scope(information, recipient) and self.in_force(on)

    def withdraw(self, on: dt.date) -> Consent:
        """A copy of the consent withdrawn on day ``on`` (the original is unchanged).

        Raises:
            InvalidRecord: When it was already withdrawn, or ``on`` is before it was given.

        Examples:
            >>> import datetime as dt
            >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
            ...             information=["attendance"], recipients=["gp"])
            >>> c.withdraw(dt.date(2026, 12, 1)).withdrawn_on
            datetime.date(2026, 12, 1)
        """
        if self.withdrawn_on is not None:
            raise InvalidRecord(
                "withdrawn_on",
                "must not be changed once recorded (history is kept)",
                self.withdrawn_on,
                rule=_RULE,
            )
        return attrs.evolve(self, withdrawn_on=on)

    def describe(self) -> str:
        """Who gave the consent and when, with its reference: the basis an auditor reads.

        Examples:
            >>> import datetime as dt
            >>> Consent(given_by="Ana", given_on=dt.date(2026, 11, 2), information=["attendance"],
            ...         recipients=["gp"], reference="CF-12").describe()
            'consent given by Ana on 2 November 2026 (ref CF-12)'
        """
        ref = f" (ref {self.reference})" if self.reference else ""
        return f"consent given by {self.given_by} on {_day(self.given_on)}{ref}"

    def _problem(self, on: dt.date) -> tuple[RefusalCode, str] | None:
        if self.withdrawn_on is not None and on >= self.withdrawn_on:
            return RefusalCode.WITHDRAWN, f"was withdrawn on {_day(self.withdrawn_on)}"
        if on < self.valid_from:
            return RefusalCode.NOT_YET_VALID, f"holds only from {_day(self.valid_from)}"
        if self.valid_until is not None and on > self.valid_until:
            return RefusalCode.EXPIRED, f"ran out on {_day(self.valid_until)}"
        return None


def _to_information_kind(value: InformationKind | str) -> InformationKind:
    return parse_enum(InformationKind, value, "information", InvalidRecord, _RULE)


def _to_refusal_code(value: RefusalCode | str) -> RefusalCode:
    return parse_enum(RefusalCode, value, "code", InvalidRecord, _RULE)


def _is_datetime(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidRecord(attribute.name, "must be a date and time", value, rule=_RULE)


def _is_recipient(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, SharingRecipient):
        raise InvalidRecord(attribute.name, "must be a SharingRecipient", value, rule=_RULE)


def _is_consent(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Consent):
        raise InvalidRecord(attribute.name, "must be a Consent", value, rule=_RULE)


@attrs.frozen(kw_only=True)
class _Decision:
    information: InformationKind = attrs.field(converter=_to_information_kind)
    recipient: SharingRecipient = attrs.field(validator=_is_recipient)
    at: dt.datetime = attrs.field(validator=_is_datetime)
    rule: str = attrs.field(default=_RULE, validator=non_empty_text(InvalidRecord, _RULE))
    decided_by: str | None = attrs.field(default=None, validator=_optional_text)

    def _opening(self) -> str:
        return (
            f"Sharing the {self.information.label} with {self.recipient} "
            f"at {self.at:%Y-%m-%d %H:%M}"
        )

    def _check_named(self) -> None:
        if self.recipient.name is None:
            raise InvalidRecord(
                "recipient",
                "must be named for information to be shared",
                self.recipient,
                rule=self.rule,
            )


@final
@attrs.frozen(kw_only=True)
class SharingAllowed(_Decision):
    """Sharing allowed because a consent on file covers it (R-REC-1).

    Args:
        information: The kind of information shared.
        recipient: Who receives it; always named.
        at: When the decision was made.
        rule: The DOMAIN.md rule applied (``R-REC-1``; ``R-SC-6`` for notifications).
        decided_by: Who decided, when recorded.
        basis: The consent that covers the sharing.

    Raises:
        InvalidRecord: When the consent does not cover the information, the
            recipient or the day, or the recipient is not named: an allowed
            decision without a valid basis cannot exist.

    Examples:
        >>> import datetime as dt
        >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
        ...             information=["attendance"], recipients=["gp"])
        >>> SharingAllowed(information="assessment", recipient=SharingRecipient("gp", "Elm Surgery"),
        ...                at=dt.datetime(2026, 11, 3, 9, 0), basis=c)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: basis must cover the assessment for the GP (Elm Surgery) on 2026-11-03 (R-REC-1), got ...
    """

    basis: Consent = attrs.field(validator=_is_consent)
    allowed: ClassVar[bool] = True

    def __attrs_post_init__(self) -> None:
        if not self.basis.covers(self.information, self.recipient, self.at.date()):
            raise InvalidRecord(
                "basis",
                f"must cover the {self.information.label} for {self.recipient} "
                f"on {self.at.date().isoformat()}",
                self.basis,
                rule=self.rule,
            )
        self._check_named()

    def explain(self) -> str:
        """The decision in one sentence, with its basis and rule.

        Examples:
            >>> import datetime as dt
            >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
            ...             information=["attendance"], recipients=["gp"])
            >>> print(decide_sharing("attendance", SharingRecipient("gp", "Elm Surgery"), [c],
            ...                      at=dt.datetime(2026, 11, 3, 9, 0)).explain())
            Sharing the attendance with the GP (Elm Surgery) at 2026-11-03 09:00 is allowed: consent given by Ana on 2 November 2026 covers it (R-REC-1).
        """
        return f"{self._opening()} is allowed: {self.basis.describe()} covers it ({self.rule})."


@final
@attrs.frozen(kw_only=True)
class SharingAllowedForSafeguarding(_Decision):
    """Sharing allowed without consent for an immediate observed safeguarding concern (R-REC-1).

    Args:
        information: The kind of information shared.
        recipient: Who receives it; always named.
        at: When the decision was made.
        rule: The DOMAIN.md rule applied.
        decided_by: Who decided, when recorded.
        concern: The concern as stated by the practitioner: never empty.
        observed_by: Who observed it, when recorded.
        consent: A consent on file that also covers the sharing, if any; the
            stated concern stays the recorded basis either way.

    Raises:
        InvalidRecord: When the concern is blank, the recipient is not named,
            or ``consent`` does not in fact cover the sharing.

    Examples:
        >>> import datetime as dt
        >>> SharingAllowedForSafeguarding(information="clinical-summary",
        ...     recipient=SharingRecipient("social-care", "City Council front door"),
        ...     at=dt.datetime(2026, 11, 3, 9, 0), concern="  ")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: concern must be non-empty text (R-REC-1), got '  '
    """

    concern: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    observed_by: str | None = attrs.field(default=None, validator=_optional_text)
    consent: Consent | None = attrs.field(
        default=None, validator=attrs.validators.optional(_is_consent)
    )
    allowed: ClassVar[bool] = True

    def __attrs_post_init__(self) -> None:
        if self.consent is not None and not self.consent.covers(
            self.information, self.recipient, self.at.date()
        ):
            raise InvalidRecord(
                "consent",
                f"must cover the {self.information.label} for {self.recipient} "
                f"on {self.at.date().isoformat()}, or be None",
                self.consent,
                rule=self.rule,
            )
        self._check_named()

    def explain(self) -> str:
        """The decision in one sentence, with the stated concern and rule.

        Examples:
            >>> import datetime as dt
            >>> d = decide_sharing("clinical-summary", SharingRecipient("social-care", "City MASH"), [],
            ...                    at=dt.datetime(2026, 11, 3, 9, 0),
            ...                    safeguarding_concern="Baby left alone in the bath",
            ...                    observed_by="Sam Lee")
            >>> print(d.explain())
            Sharing the clinical summary with the social care service (City MASH) at 2026-11-03 09:00 is allowed without consent for an immediate observed safeguarding concern: Baby left alone in the bath (observed by Sam Lee) (R-REC-1).
        """
        who = f" (observed by {self.observed_by})" if self.observed_by else ""
        also = f"; {self.consent.describe()} also covers it" if self.consent else ""
        return (
            f"{self._opening()} is allowed without consent for an immediate observed "
            f"safeguarding concern: {self.concern}{who}{also} ({self.rule})."
        )


@final
@attrs.frozen(kw_only=True)
class SharingRefused(_Decision):
    """Sharing refused: the default whenever there is no valid basis (R-REC-1).

    Args:
        information: The kind of information asked about.
        recipient: Who would have received it.
        at: When the decision was made.
        rule: The DOMAIN.md rule applied.
        decided_by: Who decided, when recorded.
        code: Why, as a stable code.
        reason: Why, in words: never empty.

    Raises:
        InvalidRecord: When the reason is blank.

    Examples:
        >>> import datetime as dt
        >>> d = SharingRefused(information="attendance", recipient=SharingRecipient("gp", "Elm Surgery"),
        ...                    at=dt.datetime(2026, 11, 3, 9, 0), code="no-consent",
        ...                    reason="no consent on file")
        >>> d.allowed, d.code.value
        (False, 'no-consent')
    """

    code: RefusalCode = attrs.field(converter=_to_refusal_code)
    reason: str = attrs.field(validator=non_empty_text(InvalidRecord, _RULE))
    allowed: ClassVar[bool] = False

    def explain(self) -> str:
        """The decision in one sentence, with the reason and rule.

        Examples:
            >>> import datetime as dt
            >>> print(decide_sharing("attendance", SharingRecipient("gp", "Elm Surgery"), [],
            ...                      at=dt.datetime(2026, 11, 3, 9, 0)).explain())
            Sharing the attendance with the GP (Elm Surgery) at 2026-11-03 09:00 is refused: no consent on file covers the attendance for the GP (Elm Surgery) (R-REC-1).
        """
        return f"{self._opening()} is refused: {self.reason} ({self.rule})."


SharingDecision = SharingAllowed | SharingAllowedForSafeguarding | SharingRefused
"""A sharing decision: allowed with consent, allowed for safeguarding, or refused (R-REC-1)."""


def _check_at(at: object, rule: str) -> dt.datetime:
    if not isinstance(at, dt.datetime):
        raise InvalidRecord("at", "must be a date and time", at, rule=rule)
    return at


def _decide(
    information: InformationKind | str,
    recipient: SharingRecipient,
    consents: Iterable[Consent],
    *,
    at: dt.datetime,
    safeguarding_concern: str | None,
    observed_by: str | None,
    decided_by: str | None,
    rule: str,
) -> SharingDecision:
    kind = parse_enum(InformationKind, information, "information", InvalidRecord, rule)
    if not isinstance(recipient, SharingRecipient):
        raise InvalidRecord("recipient", "must be a SharingRecipient", recipient, rule=rule)
    day = _check_at(at, rule).date()
    if isinstance(consents, Consent | str) or not isinstance(consents, Iterable):
        raise InvalidRecord(
            "consents", "must be a collection of Consent values", consents, rule=rule
        )
    on_file = tuple(consents)
    for consent in on_file:
        if not isinstance(consent, Consent):
            raise InvalidRecord("consents", "must hold Consent values", consent, rule=rule)
    if safeguarding_concern is not None and (
        not isinstance(safeguarding_concern, str) or not safeguarding_concern.strip()
    ):
        raise InvalidRecord(
            "safeguarding_concern",
            "must state the concern observed, or be None",
            safeguarding_concern,
            rule=rule,
        )
    # Most recently given first; ties keep the order on file (sorted is stable).
    relevant = sorted(
        (c for c in on_file if c.in_scope(kind, recipient)),
        key=lambda c: c.given_on,
        reverse=True,
    )
    basis = next((c for c in relevant if c._problem(day) is None), None)
    common: dict[str, Any] = {
        "information": kind,
        "recipient": recipient,
        "at": at,
        "rule": rule,
        "decided_by": decided_by,
    }
    if basis is None and safeguarding_concern is None:
        problems = [(c, c._problem(day)) for c in relevant]
        if not problems:
            return SharingRefused(
                code=RefusalCode.NO_CONSENT,
                reason=f"no consent on file covers the {kind.label} for {recipient}",
                **common,
            )
        found = [(c, p) for c, p in problems if p is not None]
        reason = "; ".join(f"{c.describe()} {why}" for c, (_, why) in found)
        return SharingRefused(code=found[0][1][0], reason=reason, **common)
    if recipient.name is None:
        return SharingRefused(
            code=RefusalCode.NO_RECIPIENT,
            reason=f"no {recipient.kind.label} recorded for the family",
            **common,
        )
    if safeguarding_concern is not None:
        return SharingAllowedForSafeguarding(
            concern=safeguarding_concern.strip(),
            observed_by=observed_by,
            consent=basis,
            **common,
        )
    assert basis is not None
    return SharingAllowed(basis=basis, **common)


def decide_sharing(
    information: InformationKind | str,
    recipient: SharingRecipient,
    consents: Iterable[Consent],
    *,
    at: dt.datetime,
    safeguarding_concern: str | None = None,
    observed_by: str | None = None,
    decided_by: str | None = None,
) -> SharingDecision:
    """Decide whether ``information`` may go to ``recipient`` at ``at`` (R-REC-1).

    In order:

    1. With a stated safeguarding concern, sharing is allowed without consent
       (`SharingAllowedForSafeguarding`), keeping the concern as its basis and
       noting any consent that also covers it.
    2. Otherwise, when a consent on file covers the kind of information, the
       recipient and the day of ``at``, sharing is allowed with that consent as
       its basis (`SharingAllowed`); with several, the most recently given
       (on a tie, the first on file).
    3. Otherwise sharing is refused (`SharingRefused`), saying why: no consent
       in scope, or each in-scope consent's problem (not yet in force, run out,
       withdrawn), most recent first. Consents out of scope do not change the
       decision or its reason.

    Nothing is shared with a recipient whose name is not recorded.

    Args:
        information: The kind of information (an `InformationKind` or its wire value).
        recipient: Who would receive it.
        consents: The consents on file for the family.
        at: When the decision is made; the consents are read for its day.
        safeguarding_concern: An immediate safeguarding concern observed, as
            the practitioner states it. Only a stated concern allows sharing
            without consent.
        observed_by: Who observed the concern.
        decided_by: Who made the decision.

    Returns:
        The decision, a frozen record with its basis or reason and its time.

    Raises:
        InvalidRecord: When an argument is of the wrong kind, or the
            safeguarding concern is given but blank (a blank concern is not a
            stated one).

    Examples:
        >>> import datetime as dt
        >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2), information=["attendance"],
        ...             recipients=["gp"], withdrawn_on=dt.date(2026, 12, 1))
        >>> gp = SharingRecipient("gp", "Elm Surgery")
        >>> decide_sharing("attendance", gp, [c], at=dt.datetime(2026, 11, 30, 17, 0)).allowed
        True
        >>> refused = decide_sharing("attendance", gp, [c], at=dt.datetime(2026, 12, 1, 8, 0))
        >>> refused.code.value, refused.reason
        ('withdrawn', 'consent given by Ana on 2 November 2026 was withdrawn on 1 December 2026')
        >>> decide_sharing("attendance", gp, [c], at=dt.datetime(2026, 12, 1, 8, 0),
        ...                safeguarding_concern="").allowed
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: safeguarding_concern must state the concern observed, or be None (R-REC-1), got ''
    """
    return _decide(
        information,
        recipient,
        consents,
        at=at,
        safeguarding_concern=safeguarding_concern,
        observed_by=observed_by,
        decided_by=decided_by,
        rule=_RULE,
    )


_NOTIFIED = (RecipientKind.HEALTH_VISITOR, RecipientKind.GP)


def _family_name(referral: Referral) -> str:
    return " and ".join(parent.name for parent in referral.family.parents)


def notification_consent(referral: Referral) -> Consent | None:
    """The consent a referral records for telling the health visitor and GP (R-SC-6).

    ``consent_to_share=True`` on the referral becomes a `Consent` given by the
    family on the day received, covering the referral and its outcome for the
    family's health visitor and GP, with the referral as its reference.
    Otherwise (refused, or not recorded) there is none.

    Raises:
        InvalidRecord: When ``referral`` is not a `Referral`.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-6", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], gp="Elm Surgery",
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))), consent_to_share=True)
        >>> notification_consent(r).describe()
        'consent given by Ana on 2 November 2026 (ref referral R-6: consent to share)'
    """
    if not isinstance(referral, Referral):
        raise InvalidRecord("referral", "must be a Referral", referral, rule=_NOTIFY_RULE)
    if referral.consent_to_share is not True:
        return None
    return Consent(
        given_by=_family_name(referral),
        given_on=referral.received,
        information=[InformationKind.REFERRAL_OUTCOME],
        recipients=_NOTIFIED,
        reference=f"referral {referral.id}: consent to share",
    )


def decide_notification(
    referral: Referral,
    recipient: RecipientKind | str,
    *,
    at: dt.datetime,
    decided_by: str | None = None,
) -> SharingDecision:
    """Whether the health visitor or GP may be told of a self-referral and its outcome (R-SC-6).

    The same decision as `decide_sharing` for the referral and its outcome,
    with the consent recorded on the referral (`notification_consent`) as the
    only consent on file, under rule ``R-SC-6``. It is refused when the family
    did not consent ("the family did not consent to share"), when consent was
    not recorded ("consent to share not recorded"), and when consent was given
    but the family has no such professional recorded ("no health visitor
    recorded for the family"), in that order, as `notifications` withholds
    them. A decision dated before the referral was received is refused too:
    the consent did not yet exist.

    Args:
        referral: The referral, whose ``consent_to_share`` and family's
            ``health_visitor`` and ``gp`` are read.
        recipient: ``"health-visitor"`` or ``"gp"``.
        at: When the decision is made.
        decided_by: Who made the decision.

    Raises:
        InvalidRecord: When the recipient is not the health visitor or GP, or
            an argument is of the wrong kind.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-9", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], gp="Elm Surgery",
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))), consent_to_share=True)
        >>> at = dt.datetime(2026, 11, 3, 12, 0)
        >>> print(decide_notification(r, "gp", at=at).explain())
        Sharing the referral and its outcome with the GP (Elm Surgery) at 2026-11-03 12:00 is allowed: consent given by Ana on 2 November 2026 (ref referral R-9: consent to share) covers it (R-SC-6).
        >>> print(decide_notification(r, "health-visitor", at=at).reason)
        no health visitor recorded for the family
    """
    kind = parse_enum(RecipientKind, recipient, "recipient", InvalidRecord, _NOTIFY_RULE)
    if kind not in _NOTIFIED:
        raise InvalidRecord(
            "recipient", "must be 'health-visitor' or 'gp'", recipient, rule=_NOTIFY_RULE
        )
    consent = notification_consent(referral)
    _check_at(at, _NOTIFY_RULE)
    family = referral.family
    name = family.health_visitor if kind is RecipientKind.HEALTH_VISITOR else family.gp
    who = SharingRecipient(kind, name if name and name.strip() else None)
    if consent is None:
        return SharingRefused(
            information=InformationKind.REFERRAL_OUTCOME,
            recipient=who,
            at=at,
            rule=_NOTIFY_RULE,
            decided_by=decided_by,
            code=RefusalCode.NO_CONSENT
            if referral.consent_to_share is None
            else RefusalCode.DECLINED,
            reason="consent to share not recorded"
            if referral.consent_to_share is None
            else "the family did not consent to share",
        )
    return _decide(
        InformationKind.REFERRAL_OUTCOME,
        who,
        [consent],
        at=at,
        safeguarding_concern=None,
        observed_by=None,
        decided_by=decided_by,
        rule=_NOTIFY_RULE,
    )


def _audit_line(decision: SharingDecision) -> str:
    match decision:
        case SharingAllowed():
            outcome = "allowed"
            basis = decision.basis.describe()
        case SharingAllowedForSafeguarding():
            outcome = "allowed-safeguarding"
            who = f", observed by {decision.observed_by}" if decision.observed_by else ""
            basis = f"safeguarding concern: {decision.concern}{who}"
        case SharingRefused():
            outcome = f"refused ({decision.code.value})"
            basis = decision.reason
        case _:  # pragma: no cover - audit_lines refuses anything but the three decisions first
            assert_never(decision)
    recipient = decision.recipient
    by = f" | by {decision.decided_by}" if decision.decided_by else ""
    return (
        f"{decision.at.isoformat(timespec='minutes')} | {outcome} | "
        f"{decision.information.value} -> {recipient.kind.value} "
        f"({recipient.name or 'not recorded'}) | {basis} | {decision.rule}{by}"
    )


def audit_lines(decisions: Iterable[SharingDecision]) -> tuple[str, ...]:
    """One line per decision, in the order given, for an auditor (R-REC-1).

    Each line reads: time | outcome | information -> recipient | basis or
    reason | rule, and who decided when recorded.

    Raises:
        InvalidRecord: When an item is not a sharing decision.

    Examples:
        >>> import datetime as dt
        >>> c = Consent(given_by="Ana", given_on=dt.date(2026, 11, 2),
        ...             information=["attendance"], recipients=["gp"], reference="CF-1")
        >>> gp = SharingRecipient("gp", "Elm Surgery")
        >>> at = dt.datetime(2026, 11, 3, 9, 0)
        >>> for line in audit_lines([
        ...     decide_sharing("attendance", gp, [c], at=at, decided_by="Jo"),
        ...     decide_sharing("assessment", gp, [c], at=at),
        ... ]):
        ...     print(line)
        2026-11-03T09:00 | allowed | attendance -> gp (Elm Surgery) | consent given by Ana on 2 November 2026 (ref CF-1) | R-REC-1 | by Jo
        2026-11-03T09:00 | refused (no-consent) | assessment -> gp (Elm Surgery) | no consent on file covers the assessment for the GP (Elm Surgery) | R-REC-1
    """
    lines: list[str] = []
    for decision in decisions:
        if not isinstance(
            decision, SharingAllowed | SharingAllowedForSafeguarding | SharingRefused
        ):
            raise InvalidRecord("decisions", "must hold sharing decisions", decision, rule=_RULE)
        lines.append(_audit_line(decision))
    return tuple(lines)
