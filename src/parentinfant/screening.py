"""Screening a referral: eligibility on risk, the decision deadline, decisions and notices.

This is the front door for intake (DOMAIN.md sections 1 and 2). A referral
arrives by one of three routes (R-IN-1); the team checks that it has what it
needs to decide (R-SC-1), assesses eligibility on the risk factors it names
(R-SC-2, R-SC-3), decides within a working week (R-SC-5), and tells the right
people (R-SC-6). The library organises this work; the decision stays a
person's, so every decision can be made by hand as well as proposed by
`screen`.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent, Referrer
    >>> from parentinfant.screening import (
    ...     DEFAULT_RISK_FACTORS, ProfessionalReferral, Referral, notifications, screen)
    >>> referral = Referral(
    ...     id="R-001",
    ...     received=dt.date(2026, 11, 27),
    ...     route=ProfessionalReferral(Referrer(name="Jo Smith", role="health-visitor")),
    ...     family=Family(parents=[Parent("Ana", "mother", phone="07700 900001")],
    ...                   infant=Infant.born_on(dt.date(2026, 9, 1))),
    ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
    ...     reason="Mother finds it hard to respond to the baby's cues.",
    ...     family_aware=True, family_agreed=True,
    ... )
    >>> decision = screen(referral, on=dt.date(2026, 12, 1))
    >>> decision.kind, decision.due
    ('accept', datetime.date(2026, 12, 4))
    >>> decision.eligibility.reasons
    ('1 significant factor (domestic abuse) meets the threshold of 1 (R-SC-3)',)
    >>> [n.recipient.value for n in notifications(referral, decision).send]
    ['family', 'referrer']
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, final

import attrs

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    Route,
    RouteKind,
    SelfReferral,
    SupportingService,
    SupportStatus,
    TriageOutcome,
)
from parentinfant._validate import (
    at_least,
    closure_days,
    is_date,
    non_empty_text,
    parse_enum,
    whole_number,
)
from parentinfant.errors import InvalidDecision, InvalidPolicy
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation, WorkingCalendar, _Index

__all__ = [
    "DEFAULT_REQUIRED_INFORMATION",
    "DEFAULT_RISK_FACTORS",
    "Accept",
    "Consultation",
    "Decline",
    "DeclineReason",
    "Destination",
    "EligibilityResult",
    "EligibilityRule",
    "InformationItem",
    "MoreInformationNeeded",
    "Notification",
    "NotificationPlan",
    "ProfessionalReferral",
    "Recipient",
    "Referral",
    "RiskFactor",
    "RiskFactorCatalogue",
    "Route",
    "RouteKind",
    "ScreeningDecision",
    "SelfReferral",
    "SupportStatus",
    "SupportingService",
    "TriageOutcome",
    "Withheld",
    "accept",
    "decision_due",
    "decline",
    "missing_information",
    "notifications",
    "request_information",
    "screen",
]


# --------------------------------------------------------------------------- deadline


def decision_due(
    received: dt.date,
    *,
    nation: Nation | str = "england",
    working_days: int = 5,
    closures: Iterable[dt.date] = (),
) -> dt.date:
    """The day by whose end the screening decision is due (R-SC-5).

    That is the ``working_days``-th working day after the day of receipt. The
    day of receipt does not count; a referral that arrives on a weekend, a bank
    holiday or a closure day counts from the next working day. Bank holidays
    are those of the team's nation, one-off holidays included.

    Args:
        received: The day the referral arrived (a ``datetime`` counts as its date).
        nation: ``"england"``, ``"wales"``, ``"scotland"``, ``"northern-ireland"``
            or a `Nation`.
        working_days: The team's deadline in working days (default 5).
        closures: The team's own closure days.

    Returns:
        The due date.

    Raises:
        InvalidPolicy: When ``working_days`` is negative.
        UnknownNation: When ``nation`` names no UK nation.

    Examples:
        >>> import datetime as dt
        >>> decision_due(dt.date(2026, 11, 26))                      # Thursday
        datetime.date(2026, 12, 3)
        >>> decision_due(dt.date(2026, 11, 26), nation="scotland")   # St Andrew's Day
        datetime.date(2026, 12, 4)
        >>> decision_due(dt.date(2026, 11, 28))                      # Saturday: counts from Monday
        datetime.date(2026, 12, 4)
        >>> decision_due(dt.date(2026, 11, 26), nation="atlantis")
        Traceback (most recent call last):
        ...
        parentinfant.errors.UnknownNation: nation must be one of 'england', 'wales', 'scotland', 'northern-ireland' (R-SC-5), got 'atlantis'
    """
    # Fast path for the common call (a plain date, no closures, a positive
    # whole number of days): one binary search in the nation's cached index of
    # working days, when the answer surely lies inside the index.
    if (
        not closures
        and type(received) is dt.date
        and type(working_days) is int
        and working_days > 0
        and (type(nation) is str or isinstance(nation, Nation))
    ):
        index = _FAST.get(nation)
        if index is not None:
            day = received.toordinal()
            if index.first_ordinal <= day and day + 2 * working_days + 21 <= index.last_ordinal:
                days = index.days
                return dt.date.fromordinal(days[bisect_right(days, day) + working_days - 1])
    given = nation
    parsed = Nation.parse(nation)
    days_off = closure_days(closures, InvalidPolicy)
    if not isinstance(received, dt.date):
        raise InvalidPolicy("received", "must be a date", received, rule="R-SC-5")
    key = (parsed, days_off)
    calendar = _CALENDARS.get(key)
    if calendar is None:
        calendar = WorkingCalendar(parsed, days_off)
        if len(_CALENDARS) < 64:
            _CALENDARS[key] = calendar
    due = calendar.add_working_days(received, working_days)
    if not days_off and (type(given) is str or isinstance(given, Nation)):
        year = received.year
        _FAST[given] = calendar._index(year, year + 1 + working_days // 240)
    return due


_CALENDARS: dict[tuple[Any, Any], WorkingCalendar] = {}
_FAST: dict[Nation | str, _Index] = {}


# --------------------------------------------------------------------------- eligibility


@final
@attrs.frozen(kw_only=True)
class EligibilityResult:
    """Whether a referral's risk factors meet the team's threshold, and why (R-SC-3).

    Args:
        eligible: Whether the threshold is met.
        significant: The significant factors counted.
        minor: The minor factors counted.
        reasons: Sentences a person can read, naming the factors that carried
            the decision.

    Examples:
        >>> r = EligibilityRule().assess(DEFAULT_RISK_FACTORS.resolve(["social-isolation"]))
        >>> r.eligible
        False
        >>> print(r.reasons[0])
        no significant factor (needs 1) and 1 minor factor (social isolation) (needs 4) (R-SC-3)
    """

    eligible: bool
    significant: tuple[RiskFactor, ...]
    minor: tuple[RiskFactor, ...]
    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.eligible


def _count(n: int, word: str, factors: tuple[RiskFactor, ...]) -> str:
    text = f"{n} {word} factor{'s' if n != 1 else ''}"
    if factors:
        text += " (" + ", ".join(f.label for f in factors) + ")"
    return text


@final
@attrs.frozen
class EligibilityRule:
    """Eligibility on risk: enough significant factors, or enough minor ones (R-SC-3).

    Risks accumulate, so several minor factors can qualify a family as one
    significant factor does. Both thresholds are team policy.

    Args:
        min_significant: Significant factors that are enough on their own (default 1).
        min_minor: Minor factors that are enough together (default 4).

    Raises:
        InvalidPolicy: When a threshold is negative or not a whole number.

    Examples:
        >>> rule = EligibilityRule(min_significant=1, min_minor=4)
        >>> codes = ["social-isolation", "housing-problems", "financial-stress", "bereavement"]
        >>> result = rule.assess(DEFAULT_RISK_FACTORS.resolve(codes))
        >>> result.eligible
        True
        >>> print(result.reasons[0])
        4 minor factors (social isolation, housing problems or homelessness, financial stress or debt, a recent bereavement) meet the threshold of 4 (R-SC-3)
    """

    min_significant: int = attrs.field(
        default=1,
        validator=[whole_number(InvalidPolicy, "R-SC-3"), at_least(0, InvalidPolicy, "R-SC-3")],
    )
    min_minor: int = attrs.field(
        default=4,
        validator=[whole_number(InvalidPolicy, "R-SC-3"), at_least(0, InvalidPolicy, "R-SC-3")],
    )

    @classmethod
    def of(cls, policy: TeamPolicy) -> EligibilityRule:
        """The rule a team's policy sets (R-SC-3).

        Examples:
            >>> EligibilityRule.of(TeamPolicy(min_minor=3))
            EligibilityRule(min_significant=1, min_minor=3)
        """
        return cls(min_significant=policy.min_significant, min_minor=policy.min_minor)

    def assess(self, factors: Iterable[RiskFactor]) -> EligibilityResult:
        """Assess the factors a referral names; a factor named twice counts once.

        Args:
            factors: The referral's risk factors.

        Returns:
            The result, with reasons naming the factors that carried it.

        Examples:
            >>> EligibilityRule().assess([]).eligible
            False
            >>> EligibilityRule(min_minor=2).assess(DEFAULT_RISK_FACTORS.resolve(
            ...     ["bereavement", "traumatic-birth"])).eligible
            True
        """
        unique: dict[str, RiskFactor] = {}
        for factor in factors:
            if not isinstance(factor, RiskFactor):
                raise InvalidPolicy(
                    "factors",
                    "must hold RiskFactor values (turn codes into factors with the "
                    "catalogue's resolve)",
                    factor,
                    rule="R-SC-3",
                )
            unique.setdefault(factor.code, factor)
        significant = tuple(f for f in unique.values() if f.significant)
        minor = tuple(f for f in unique.values() if not f.significant)
        reasons: list[str] = []
        if len(significant) >= self.min_significant:
            reasons.append(
                f"{_count(len(significant), 'significant', significant)} meet"
                f"{'s' if len(significant) == 1 else ''} the threshold of "
                f"{self.min_significant} (R-SC-3)"
            )
        if len(minor) >= self.min_minor:
            reasons.append(
                f"{_count(len(minor), 'minor', minor)} meet"
                f"{'s' if len(minor) == 1 else ''} the threshold of {self.min_minor} (R-SC-3)"
            )
        eligible = bool(reasons)
        if not eligible:
            have_significant = (
                _count(len(significant), "significant", significant)
                if significant
                else "no significant factor"
            )
            reasons.append(
                f"{have_significant} (needs {self.min_significant}) and "
                f"{_count(len(minor), 'minor', minor)} (needs {self.min_minor}) (R-SC-3)"
            )
        return EligibilityResult(
            eligible=eligible, significant=significant, minor=minor, reasons=tuple(reasons)
        )


# --------------------------------------------------------------------------- information


class InformationItem(enum.Enum):
    """What a screener may need before deciding (R-SC-1 b and c).

    Examples:
        >>> InformationItem.FAMILY_AGREED.label
        'confirmation that the family agrees to the referral'
    """

    REASON = "reason"
    RISK_FACTORS = "risk-factors"
    PARENT_CONTACT = "parent-contact"
    GP = "gp"
    FAMILY_AWARE = "family-aware"
    FAMILY_AGREED = "family-agreed"

    @property
    def label(self) -> str:
        """The item as words, for a request to the referrer.

        Examples:
            >>> InformationItem.PARENT_CONTACT.label
            'contact details for a parent'
        """
        return _INFORMATION_LABELS[self]

    def phrase(self, vocabulary: Vocabulary) -> str:
        """The item as words in the team's vocabulary (R-IN-2).

        Examples:
            >>> InformationItem.REASON.phrase(Vocabulary.REGISTRATION)
            'the reason for the registration'
        """
        return vocabulary.say(self.label)


_INFORMATION_LABELS = {
    InformationItem.REASON: "the reason for the referral",
    InformationItem.RISK_FACTORS: "the risks and stressors affecting the family",
    InformationItem.PARENT_CONTACT: "contact details for a parent",
    InformationItem.GP: "the family's GP",
    InformationItem.FAMILY_AWARE: "confirmation that the family knows about the referral",
    InformationItem.FAMILY_AGREED: "confirmation that the family agrees to the referral",
}

DEFAULT_REQUIRED_INFORMATION: frozenset[InformationItem] = frozenset(
    {
        InformationItem.REASON,
        InformationItem.RISK_FACTORS,
        InformationItem.PARENT_CONTACT,
        InformationItem.FAMILY_AWARE,
        InformationItem.FAMILY_AGREED,
    }
)
"""What screening needs by default; a team may add `InformationItem.GP`."""

_NEEDED_TO_JUDGE_RISK = frozenset({InformationItem.REASON, InformationItem.RISK_FACTORS})
_FAMILY_CONSENT = frozenset({InformationItem.FAMILY_AWARE, InformationItem.FAMILY_AGREED})
"""R-SC-1 (c) is a rule, not a setting: screening always checks these."""


def missing_information(
    referral: Referral, required: Iterable[InformationItem] = DEFAULT_REQUIRED_INFORMATION
) -> tuple[InformationItem, ...]:
    """What the referral lacks of the ``required`` information (R-SC-1 b, c).

    A self-referral needs no separate confirmation that the family knows of
    and agrees to it.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, Referrer
        >>> r = Referral(id="R-9", received=dt.date(2026, 11, 2),
        ...     route=ProfessionalReferral(Referrer(name="Jo", role="gp")),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Low mood", family_aware=True)
        >>> [item.value for item in missing_information(r)]
        ['risk-factors', 'parent-contact', 'family-agreed']
    """
    wanted = set(required)
    present = {
        InformationItem.REASON: bool(referral.reason.strip()),
        InformationItem.RISK_FACTORS: bool(referral.risk_factors),
        InformationItem.PARENT_CONTACT: referral.family.has_contact_details,
        InformationItem.GP: bool(referral.family.gp),
        InformationItem.FAMILY_AWARE: referral.family_aware_confirmed,
        InformationItem.FAMILY_AGREED: referral.family_agreed_confirmed,
    }
    return tuple(item for item in InformationItem if item in wanted and not present[item])


# --------------------------------------------------------------------------- decisions


class Destination(enum.Enum):
    """Where an accepted family goes (R-SC-6).

    Examples:
        >>> Destination("waiting-list")
        <Destination.WAITING_LIST: 'waiting-list'>
    """

    WAITING_LIST = "waiting-list"
    PRACTITIONER = "practitioner"


class DeclineReason(enum.Enum):
    """Why a referral was declined (R-SC-4).

    There is deliberately no member for missing information or unconfirmed
    consent: those lead to `MoreInformationNeeded`, never to a decline
    (R-SC-1).

    Examples:
        >>> DeclineReason.OUT_OF_AREA.label
        'the family lives outside the area the team serves'
    """

    NOT_ELIGIBLE = "not-eligible"
    OUT_OF_AREA = "out-of-area"
    OUTSIDE_AGE_RANGE = "outside-age-range"
    NEEDS_MET_ELSEWHERE = "needs-met-elsewhere"
    ALREADY_KNOWN = "already-known"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The reason as words for the referrer.

        Examples:
            >>> print(DeclineReason.NOT_ELIGIBLE.label)
            the referral does not meet the team's criteria on risk
        """
        return _DECLINE_LABELS[self]

    def phrase(self, vocabulary: Vocabulary) -> str:
        """The reason as words in the team's vocabulary (R-IN-2).

        Examples:
            >>> DeclineReason.NOT_ELIGIBLE.phrase(Vocabulary.REGISTRATION)
            "the registration does not meet the team's criteria on risk"
        """
        return vocabulary.say(self.label)


_DECLINE_LABELS = {
    DeclineReason.NOT_ELIGIBLE: "the referral does not meet the team's criteria on risk",
    DeclineReason.OUT_OF_AREA: "the family lives outside the area the team serves",
    DeclineReason.OUTSIDE_AGE_RANGE: "the child is outside the age range the team serves",
    DeclineReason.NEEDS_MET_ELSEWHERE: "the family's needs are better met by another service",
    DeclineReason.ALREADY_KNOWN: "the family is already open to the team",
    DeclineReason.OTHER: "another reason, given in the explanation",
}


def _to_destination(value: Destination | str) -> Destination:
    return parse_enum(Destination, value, "destination", InvalidDecision, "R-SC-6")


def _to_decline_reason(value: DeclineReason | str) -> DeclineReason:
    return parse_enum(DeclineReason, value, "reason", InvalidDecision, "R-SC-4")


def _check_late(instance: Any, _attribute: attrs.Attribute[Any], value: str | None) -> None:
    if instance.decided_on > instance.due and not (value and value.strip()):
        raise InvalidDecision(
            "delay_reason",
            f"must say why the decision came after it was due on {instance.due.isoformat()} "
            f"(decided on {instance.decided_on.isoformat()})",
            value,
            rule="R-SC-5",
        )


def _check_decided_on(instance: Any, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    is_date(InvalidDecision, "R-SC-5")(instance, attribute, value)
    if value < instance.received:
        raise InvalidDecision(
            attribute.name,
            f"must not be before the day received ({instance.received.isoformat()})",
            value,
            rule="R-SC-5",
        )


@attrs.frozen(kw_only=True)
class _Decision:
    referral_id: str = attrs.field(validator=non_empty_text(InvalidDecision, "R-SC-4"))
    received: dt.date = attrs.field(validator=is_date(InvalidDecision, "R-SC-5"))
    due: dt.date = attrs.field(validator=is_date(InvalidDecision, "R-SC-5"))
    decided_on: dt.date = attrs.field(validator=_check_decided_on)
    decided_by: str | None = None
    delay_reason: str | None = attrs.field(default=None, validator=_check_late)

    @property
    def late(self) -> bool:
        """Whether the decision came after it was due (R-SC-5).

        Examples:
            >>> import datetime as dt
            >>> Accept(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
            ...        decided_on=dt.date(2026, 11, 10), delay_reason="Clinical lead on leave").late
            True
        """
        return self.decided_on > self.due


@final
@attrs.frozen(kw_only=True)
class Accept(_Decision):
    """Accept: to the waiting list, or straight to a practitioner (R-SC-6).

    Args:
        referral_id: The referral decided on.
        received: The day it arrived.
        due: The day the decision was due (R-SC-5).
        decided_on: The day of the decision.
        decided_by: Who decided (the clinical lead, the team meeting).
        delay_reason: Required when ``decided_on`` is after ``due`` (R-SC-5).
        destination: The waiting list or a named practitioner.
        practitioner: The practitioner, when going straight to one.
        eligibility: The assessment on risk that supported acceptance.

    Raises:
        InvalidDecision: When late without a reason, or a practitioner is
            missing or given in the wrong place.

    Examples:
        >>> import datetime as dt
        >>> Accept(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
        ...        decided_on=dt.date(2026, 11, 12))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDecision: delay_reason must say why the decision came after it was due on 2026-11-09 (decided on 2026-11-12) (R-SC-5), got None
    """

    destination: Destination = attrs.field(
        default=Destination.WAITING_LIST, converter=_to_destination
    )
    practitioner: str | None = None
    eligibility: EligibilityResult | None = None

    def __attrs_post_init__(self) -> None:
        if self.destination is Destination.PRACTITIONER and not self.practitioner:
            raise InvalidDecision(
                "practitioner",
                "must be named when accepting straight to a practitioner",
                self.practitioner,
                rule="R-SC-6",
            )
        if self.destination is Destination.WAITING_LIST and self.practitioner:
            raise InvalidDecision(
                "practitioner",
                "must be empty when accepting to the waiting list",
                self.practitioner,
                rule="R-SC-6",
            )

    @property
    def kind(self) -> str:
        """``"accept"``: the decision's name on the wire.

        Examples:
            >>> import datetime as dt
            >>> Accept(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
            ...        decided_on=dt.date(2026, 11, 3)).kind
            'accept'
        """
        return "accept"


@final
@attrs.frozen(kw_only=True)
class Decline(_Decision):
    """Decline, with the reason explained to the referrer (R-SC-4).

    Args:
        referral_id: The referral decided on.
        received: The day it arrived.
        due: The day the decision was due (R-SC-5).
        decided_on: The day of the decision.
        decided_by: Who decided.
        delay_reason: Required when late (R-SC-5).
        reason: The coded reason; never "missing information" (R-SC-1).
        explanation: The reason in words, for the referrer.
        alternative_service: A service suggested for the family, where one fits.
        eligibility: The assessment on risk, when the decline rests on it.

    Raises:
        InvalidDecision: When the explanation is empty, or late without a reason.

    Examples:
        >>> import datetime as dt
        >>> Decline(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
        ...         decided_on=dt.date(2026, 11, 3), reason="out-of-area", explanation=" ")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDecision: explanation must be non-empty text (R-SC-4), got ' '
    """

    reason: DeclineReason = attrs.field(converter=_to_decline_reason)
    explanation: str = attrs.field(validator=non_empty_text(InvalidDecision, "R-SC-4"))
    alternative_service: str | None = None
    eligibility: EligibilityResult | None = None

    @property
    def kind(self) -> str:
        """``"decline"``: the decision's name on the wire.

        Examples:
            >>> import datetime as dt
            >>> Decline(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
            ...         decided_on=dt.date(2026, 11, 3), reason="out-of-area",
            ...         explanation="The family lives in Kent.").kind
            'decline'
        """
        return "decline"


def _check_missing(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # `_to_items` has already made every item an InformationItem (or refused it).
    if not value:
        raise InvalidDecision(attribute.name, "must name what is missing", value, rule="R-SC-1")


def _to_items(value: Iterable[InformationItem | str]) -> tuple[InformationItem, ...]:
    items: list[InformationItem] = []
    for item in value:
        parsed = parse_enum(InformationItem, item, "missing", InvalidDecision, "R-SC-1")
        if parsed not in items:
            items.append(parsed)
    return tuple(items)


@final
@attrs.frozen(kw_only=True)
class MoreInformationNeeded(_Decision):
    """Ask for what is missing before deciding; never a refusal (R-SC-1).

    Args:
        referral_id: The referral in question.
        received: The day it arrived.
        due: The day the decision was due (R-SC-5).
        decided_on: The day the request was made.
        decided_by: Who asked.
        delay_reason: Required when the request itself is late (R-SC-5).
        missing: What is missing, at least one item.
        note: Anything else the referrer should know.

    Raises:
        InvalidDecision: When nothing is named as missing.

    Examples:
        >>> import datetime as dt
        >>> MoreInformationNeeded(referral_id="R-1", received=dt.date(2026, 11, 2),
        ...     due=dt.date(2026, 11, 9), decided_on=dt.date(2026, 11, 3), missing=["gp"]).missing
        (<InformationItem.GP: 'gp'>,)
    """

    missing: tuple[InformationItem, ...] = attrs.field(
        converter=_to_items, validator=_check_missing
    )
    note: str = ""

    @property
    def kind(self) -> str:
        """``"more-information"``: the decision's name on the wire.

        Examples:
            >>> import datetime as dt
            >>> MoreInformationNeeded(referral_id="R-1", received=dt.date(2026, 11, 2),
            ...     due=dt.date(2026, 11, 9), decided_on=dt.date(2026, 11, 3), missing=["gp"]).kind
            'more-information'
        """
        return "more-information"


ScreeningDecision = Accept | Decline | MoreInformationNeeded
"""One of the three screening decisions; match on it with ``match``/``case``."""


def _due(referral: Referral, policy: TeamPolicy) -> dt.date:
    return policy.calendar.add_working_days(referral.received, policy.decision_working_days)


def accept(
    referral: Referral,
    *,
    on: dt.date,
    policy: TeamPolicy | None = None,
    practitioner: str | None = None,
    decided_by: str | None = None,
    delay_reason: str | None = None,
    eligibility: EligibilityResult | None = None,
) -> Accept:
    """A person's decision to accept, onto the waiting list or to a practitioner (R-SC-6).

    Args:
        referral: The referral accepted.
        on: The day of the decision.
        policy: The team's policy (nation, closures, deadline); the default policy if omitted.
        practitioner: Accept straight to this practitioner instead of the waiting list.
        decided_by: Who decided.
        delay_reason: Why, if the decision is late (R-SC-5).
        eligibility: The assessment on risk the decision rests on.

    Raises:
        InvalidDecision: When the referral does not show that the family knows
            about and agrees to it (R-SC-1 c): record that on the referral
            first (``attrs.evolve(referral, family_agreed=True)``), or ask for
            it with `request_information`. Also when late without a reason.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, Referrer
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> r = Referral(id="R-2", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam)
        >>> accept(r, on=dt.date(2026, 11, 4), practitioner="Priya Shah").destination.value
        'practitioner'
        >>> unconfirmed = Referral(id="R-3", received=dt.date(2026, 11, 2), family=fam,
        ...     route=ProfessionalReferral(Referrer(name="Jo", role="gp")), family_aware=True)
        >>> accept(unconfirmed, on=dt.date(2026, 11, 4))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDecision: family_agreed must be confirmed before accepting: confirmation that the family agrees to the referral is missing (R-SC-1), got None
    """
    policy = policy or TeamPolicy()
    unconfirmed = missing_information(referral, _FAMILY_CONSENT)
    if unconfirmed:
        first = unconfirmed[0]
        field = "family_aware" if first is InformationItem.FAMILY_AWARE else "family_agreed"
        raise InvalidDecision(
            field,
            "must be confirmed before accepting: "
            + " and ".join(item.label for item in unconfirmed)
            + (" are" if len(unconfirmed) > 1 else " is")
            + " missing",
            getattr(referral, field),
            rule="R-SC-1",
        )
    return Accept(
        referral_id=referral.id,
        received=referral.received,
        due=_due(referral, policy),
        decided_on=on,
        decided_by=decided_by,
        delay_reason=delay_reason,
        destination=Destination.PRACTITIONER if practitioner else Destination.WAITING_LIST,
        practitioner=practitioner,
        eligibility=eligibility,
    )


def decline(
    referral: Referral,
    *,
    on: dt.date,
    reason: DeclineReason | str,
    explanation: str,
    policy: TeamPolicy | None = None,
    alternative_service: str | None = None,
    decided_by: str | None = None,
    delay_reason: str | None = None,
    eligibility: EligibilityResult | None = None,
) -> Decline:
    """A person's decision to decline, with the reason and an alternative service (R-SC-4).

    A decline on eligibility (``reason="not-eligible"``) is refused while the
    referral does not yet say why it was made or what risks it sees: that
    would be a refusal for missing information, which R-SC-1 forbids. Ask for
    the information with `request_information` instead.

    Raises:
        InvalidDecision: For a not-eligible decline of a referral whose reason or
            risk factors are missing, an empty explanation, or a late decision
            without a reason.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-3", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))))
        >>> decline(r, on=dt.date(2026, 11, 3), reason="not-eligible", explanation="No risks named")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDecision: reason must not be 'not-eligible' while the reason for the referral and the risks and stressors affecting the family are missing: ask for them first (R-SC-1), got 'not-eligible'
        >>> d = decline(r, on=dt.date(2026, 11, 3), reason="out-of-area",
        ...             explanation="The family lives in another county.",
        ...             alternative_service="Northshire parent-infant team")
        >>> d.alternative_service
        'Northshire parent-infant team'
    """
    policy = policy or TeamPolicy()
    coded = _to_decline_reason(reason)
    if coded is DeclineReason.NOT_ELIGIBLE:
        gaps = missing_information(referral, _NEEDED_TO_JUDGE_RISK)
        if gaps:
            raise InvalidDecision(
                "reason",
                "must not be 'not-eligible' while "
                + " and ".join(item.label for item in gaps)
                + (" are" if len(gaps) > 1 else " is")
                + " missing: ask for "
                + ("them" if len(gaps) > 1 else "it")
                + " first",
                coded.value,
                rule="R-SC-1",
            )
    return Decline(
        referral_id=referral.id,
        received=referral.received,
        due=_due(referral, policy),
        decided_on=on,
        decided_by=decided_by,
        delay_reason=delay_reason,
        reason=coded,
        explanation=explanation,
        alternative_service=alternative_service,
        eligibility=eligibility,
    )


def request_information(
    referral: Referral,
    *,
    on: dt.date,
    missing: Iterable[InformationItem | str],
    policy: TeamPolicy | None = None,
    note: str = "",
    decided_by: str | None = None,
    delay_reason: str | None = None,
) -> MoreInformationNeeded:
    """Ask the referrer (or a self-referring family) for what is missing (R-SC-1).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-4", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))))
        >>> request_information(r, on=dt.date(2026, 11, 3), missing=["parent-contact"]).kind
        'more-information'
    """
    policy = policy or TeamPolicy()
    return MoreInformationNeeded(
        referral_id=referral.id,
        received=referral.received,
        due=_due(referral, policy),
        decided_on=on,
        decided_by=decided_by,
        delay_reason=delay_reason,
        missing=_to_items(missing),
        note=note,
    )


def _plain_ineligibility(eligibility: EligibilityResult, rule: EligibilityRule) -> str:
    """The eligibility finding in words for the people told (no rule ids, no list of risks)."""
    named = len(eligibility.significant), len(eligibility.minor)
    return (
        f"It describes {named[0]} significant and {named[1]} other "
        f"risk factor{'s' if named[1] != 1 else ''}; our criteria ask for at least "
        f"{rule.min_significant} significant or {rule.min_minor} other risk factors."
    )


def screen(
    referral: Referral,
    *,
    on: dt.date,
    rule: EligibilityRule | None = None,
    policy: TeamPolicy | None = None,
    required: Iterable[InformationItem] = DEFAULT_REQUIRED_INFORMATION,
    decided_by: str | None = None,
    delay_reason: str | None = None,
) -> ScreeningDecision:
    """Propose the decision the team's rules give for a referral on day ``on``.

    In order: if required information is missing, or the family's knowledge
    of and agreement to the referral is not confirmed, ask for it (R-SC-1);
    otherwise accept onto the waiting list when the risk factors meet the
    eligibility rule, and decline as not eligible when they do not (R-SC-3,
    R-SC-4). A decline here never rests on missing information. The clinical
    lead may overrule with `accept`, `decline` or
    `request_information`.

    Args:
        referral: The referral to screen.
        on: The day of screening.
        rule: The eligibility rule; by default the policy's thresholds
            (``min_significant``, ``min_minor``: 1 and 4 unless the team changed them).
        policy: The team's policy (nation, closures, decision deadline).
        required: The information screening needs. The family's awareness of and
            agreement to the referral are always checked, whatever this says (R-SC-1 c).
        decided_by: Who screened.
        delay_reason: Why, if screening happens after the decision was due (R-SC-5).

    Returns:
        An `Accept`, `Decline` or `MoreInformationNeeded`.

    Raises:
        InvalidDecision: When ``on`` is after the due date and no
            ``delay_reason`` is given, or before the day of receipt.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-5", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother", phone="07700 900002")],
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Feeling disconnected from the bump",
        ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["social-isolation"]))
        >>> d = screen(r, on=dt.date(2026, 11, 4))
        >>> d.kind, d.reason.value
        ('decline', 'not-eligible')
    """
    policy = policy or TeamPolicy()
    rule = rule or EligibilityRule.of(policy)
    gaps = missing_information(referral, _FAMILY_CONSENT.union(required))
    if gaps:
        return request_information(
            referral,
            on=on,
            missing=gaps,
            policy=policy,
            decided_by=decided_by,
            delay_reason=delay_reason,
        )
    eligibility = rule.assess(referral.risk_factors)
    if not eligibility.eligible:
        # A team may not require the reason or the risks, but a refusal on
        # eligibility cannot rest on their absence (R-SC-1): ask instead.
        unknown = missing_information(referral, _NEEDED_TO_JUDGE_RISK)
        if unknown:
            return request_information(
                referral,
                on=on,
                missing=unknown,
                policy=policy,
                decided_by=decided_by,
                delay_reason=delay_reason,
            )
    if eligibility.eligible:
        return accept(
            referral,
            on=on,
            policy=policy,
            decided_by=decided_by,
            delay_reason=delay_reason,
            eligibility=eligibility,
        )
    return decline(
        referral,
        on=on,
        reason=DeclineReason.NOT_ELIGIBLE,
        explanation=_plain_ineligibility(eligibility, rule),
        policy=policy,
        decided_by=decided_by,
        delay_reason=delay_reason,
        eligibility=eligibility,
    )


# --------------------------------------------------------------------------- notifications


class Recipient(enum.Enum):
    """Who is told of a screening decision (R-SC-6).

    Examples:
        >>> Recipient("health-visitor").value
        'health-visitor'
    """

    FAMILY = "family"
    REFERRER = "referrer"
    HEALTH_VISITOR = "health-visitor"
    GP = "gp"


@final
@attrs.frozen(kw_only=True)
class Notification:
    """A message the team must send; the library never sends it (R-SC-6).

    Args:
        recipient: Who receives it.
        name: Their name, when recorded.
        subject: A short subject line.
        message: The text, in the team's vocabulary (R-IN-2).
        rule: The DOMAIN.md rule that requires it.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, Referrer
        >>> r = Referral(id="R-7", received=dt.date(2026, 11, 2),
        ...     route=ProfessionalReferral(Referrer(name="Jo Smith", role="health-visitor")),
        ...     family=Family(parents=[Parent("Ana", "mother", phone="07700 900001")],
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Low mood", risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
        ...     family_aware=True, family_agreed=True)
        >>> to_referrer = notifications(r, screen(r, on=dt.date(2026, 11, 3))).send[1]
        >>> to_referrer.recipient.value, to_referrer.name, to_referrer.subject, to_referrer.rule
        ('referrer', 'Jo Smith', 'Referral R-7 accepted', 'R-SC-6')
        >>> print(to_referrer.message)
        We have accepted the referral of Ana onto our waiting list. Please keep supporting the family while they wait: support withdrawn now can leave them feeling abandoned.
    """

    recipient: Recipient
    name: str | None
    subject: str
    message: str
    rule: str


@final
@attrs.frozen(kw_only=True)
class Withheld:
    """A notification the rules call for but that must not, or cannot, be sent yet.

    Args:
        recipient: Who would have received it.
        name: Their name, when recorded.
        reason: Why it is withheld (no consent to share, no health visitor recorded).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-8", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother", phone="07700 900002")], gp="Elm Surgery",
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Worried", risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
        ...     consent_to_share=True)
        >>> held = notifications(r, screen(r, on=dt.date(2026, 11, 3))).withheld
        >>> [(w.recipient.value, w.name, w.reason) for w in held]
        [('health-visitor', None, 'no health visitor recorded for the family (R-SC-6)')]
    """

    recipient: Recipient
    name: str | None
    reason: str


@final
@attrs.frozen(kw_only=True)
class NotificationPlan:
    """What to send, and what the consent-to-share policy holds back, for one decision.

    Args:
        send: The notifications to send.
        withheld: Those held back, each with its reason: nothing is dropped silently.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-9", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother", phone="07700 900003")], gp="Elm Surgery",
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Worried", risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
        ...     consent_to_share=True)
        >>> plan = notifications(r, screen(r, on=dt.date(2026, 11, 3)))
        >>> [(n.recipient.value, n.name) for n in plan.send]
        [('family', 'Ana'), ('gp', 'Elm Surgery')]
        >>> [w.recipient.value for w in plan.withheld]
        ['health-visitor']
    """

    send: tuple[Notification, ...]
    withheld: tuple[Withheld, ...]


def notifications(
    referral: Referral,
    decision: ScreeningDecision,
    *,
    vocabulary: Vocabulary | str = Vocabulary.REFERRAL,
) -> NotificationPlan:
    """Who must be told of a screening decision, and what (R-SC-6, R-SC-4, R-SC-1).

    On acceptance the family and the referrer are told. For a self-referral the
    family's health visitor and GP are told of the referral and its outcome
    only if the family consented to share (``consent_to_share=True``);
    otherwise those notices are returned as `Withheld` with the reason.
    On a decline the referrer (for a self-referral, the family) is told the
    reason and any alternative service. A request for more information goes to
    whoever referred. Nothing is sent: the plan is data.

    Raises:
        InvalidDecision: When the decision is for another referral.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> r = Referral(id="R-6", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother", phone="1")], gp="Elm Surgery",
        ...                   infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     reason="Worried", risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]))
        >>> plan = notifications(r, screen(r, on=dt.date(2026, 11, 3)), vocabulary=Vocabulary.REGISTRATION)
        >>> [(n.recipient.value, n.subject) for n in plan.send]
        [('family', 'Your registration has been accepted')]
        >>> [(w.recipient.value, w.reason) for w in plan.withheld]
        [('health-visitor', 'consent to share not recorded (R-SC-6)'), ('gp', 'consent to share not recorded (R-SC-6)')]
    """
    if decision.referral_id != referral.id:
        raise InvalidDecision(
            "decision.referral_id",
            f"must match the referral ({referral.id!r})",
            decision.referral_id,
            rule="R-SC-6",
        )
    v = parse_enum(Vocabulary, vocabulary, "vocabulary", InvalidPolicy, "R-IN-2")
    family_name = " and ".join(p.name for p in referral.family.parents)
    referrer = referral.referrer
    is_self = referrer is None
    send: list[Notification] = []
    withheld: list[Withheld] = []
    outcome: str | None

    def to_referrer(subject: str, message: str, rule: str) -> None:
        if referrer is None:
            send.append(
                Notification(
                    recipient=Recipient.FAMILY,
                    name=family_name,
                    subject=subject,
                    message=message,
                    rule=rule,
                )
            )
        else:
            send.append(
                Notification(
                    recipient=Recipient.REFERRER,
                    name=referrer.name,
                    subject=subject,
                    message=message,
                    rule=rule,
                )
            )

    match decision:
        case Accept():
            where = (
                f"{decision.practitioner} will contact you to arrange a first appointment"
                if decision.destination is Destination.PRACTITIONER
                else "you are on our waiting list and we will contact you when a "
                "practitioner is free"
            )
            send.append(
                Notification(
                    recipient=Recipient.FAMILY,
                    name=family_name,
                    subject=f"Your {v.referral} has been accepted",
                    message=f"Your {v.referral} (received {referral.received:%d %B %Y}) has been "
                    f"accepted: {where}.",
                    rule="R-SC-6",
                )
            )
            if referrer is not None:
                send.append(
                    Notification(
                        recipient=Recipient.REFERRER,
                        name=referrer.name,
                        subject=f"{v.capitalised('referral')} {referral.id} accepted",
                        message=(
                            f"We have accepted the {v.referral} of {family_name}; "
                            f"{decision.practitioner} will contact the family."
                            if decision.practitioner
                            else f"We have accepted the {v.referral} of {family_name} onto our "
                            "waiting list. Please keep supporting the family while they wait: "
                            "support withdrawn now can leave them feeling abandoned."
                        ),
                        rule="R-SC-6",
                    )
                )
            outcome = "was accepted"
        case Decline():
            alternative = (
                f" We suggest {decision.alternative_service}."
                if decision.alternative_service
                else ""
            )
            to_referrer(
                f"{v.capitalised('referral')} {referral.id} not accepted",
                f"We are not able to accept the {v.referral} of {family_name}: "
                f"{decision.reason.phrase(v)}. {decision.explanation}{alternative}",
                "R-SC-4",
            )
            outcome = "was not accepted"
        case MoreInformationNeeded():
            needed = "; ".join(item.phrase(v) for item in decision.missing)
            to_referrer(
                f"More information needed for {v.referral} {referral.id}",
                f"Before we can decide on the {v.referral} of {family_name} we need: {needed}."
                + (f" {decision.note}" if decision.note else ""),
                "R-SC-1",
            )
            outcome = None
        case _:
            raise InvalidDecision(
                "decision",
                "must be an Accept, a Decline or a MoreInformationNeeded",
                type(decision).__name__,
                rule="R-SC-6",
            )
    if is_self and outcome is not None:
        # The same sharing decision as any other disclosure (R-REC-1): allowed
        # only on the family's recorded consent, refused with the reason otherwise.
        from parentinfant._sharing import decide_notification

        at = dt.datetime.combine(decision.decided_on, dt.time())
        for recipient, name in (
            (Recipient.HEALTH_VISITOR, referral.family.health_visitor),
            (Recipient.GP, referral.family.gp),
        ):
            sharing = decide_notification(referral, recipient.value, at=at)
            if not sharing.allowed:
                reason = getattr(sharing, "reason", "not allowed")
                withheld.append(
                    Withheld(
                        recipient=recipient,
                        name=name if name and name.strip() else None,
                        reason=f"{reason} ({sharing.rule})",
                    )
                )
            else:
                send.append(
                    Notification(
                        recipient=recipient,
                        name=name,
                        subject=f"{v.capitalised('self_referral')} by {family_name}",
                        message=f"{family_name} made a {v.self_referral} to our team on "
                        f"{referral.received:%d %B %Y}; it {outcome}. The family "
                        "agreed that we tell you.",
                        rule="R-SC-6",
                    )
                )
    return NotificationPlan(send=tuple(send), withheld=tuple(withheld))
