"""The referral itself: its route, family, risk factors and what supports it."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, ClassVar, final

import attrs

from parentinfant._catalogue import RiskFactor
from parentinfant._validate import is_bool, is_date, is_text, non_empty_text, parse_enum
from parentinfant.errors import InvalidReferral
from parentinfant.family import Family, Referrer

__all__ = [
    "Consultation",
    "ProfessionalReferral",
    "Referral",
    "Route",
    "RouteKind",
    "SelfReferral",
    "SupportStatus",
    "SupportingService",
    "TriageOutcome",
]


class RouteKind(enum.Enum):
    """The three ways a family reaches the team (R-IN-1).

    Examples:
        >>> RouteKind("self")
        <RouteKind.SELF: 'self'>
    """

    CONSULTATION = "consultation"
    PROFESSIONAL = "professional"
    SELF = "self"


@final
@attrs.frozen
class ProfessionalReferral:
    """A referral by a professional of another service (R-IN-1 b).

    Examples:
        >>> ProfessionalReferral(Referrer(name="Jo", role="midwife")).kind
        <RouteKind.PROFESSIONAL: 'professional'>
    """

    referrer: Referrer
    kind: ClassVar[RouteKind] = RouteKind.PROFESSIONAL


@final
@attrs.frozen
class Consultation:
    """A consultation with a worker of another service that became a referral (R-IN-1 a).

    Examples:
        >>> Consultation(Referrer(name="Sam", role="social-worker")).consultee.name
        'Sam'
    """

    consultee: Referrer
    kind: ClassVar[RouteKind] = RouteKind.CONSULTATION


@final
@attrs.frozen
class SelfReferral:
    """A family that referred itself (R-IN-1 c).

    Args:
        how_heard: How the family heard of the team, if they said.

    Examples:
        >>> SelfReferral(how_heard="children's centre leaflet").kind.value
        'self'
    """

    how_heard: str | None = None
    kind: ClassVar[RouteKind] = RouteKind.SELF


Route = ProfessionalReferral | Consultation | SelfReferral
"""How the referral reached the team: one class per route (R-IN-1)."""


class SupportStatus(enum.Enum):
    """Whether another service still supports a waiting family (R-WL-1).

    Examples:
        >>> SupportStatus("ended").value
        'ended'
    """

    ACTIVE = "active"
    REDUCED = "reduced"
    ENDED = "ended"


def _to_status(value: SupportStatus | str) -> SupportStatus:
    return parse_enum(SupportStatus, value, "status", InvalidReferral, "R-WL-1")


@final
@attrs.frozen(kw_only=True)
class SupportingService:
    """A service supporting the family while it waits (R-WL-1).

    Args:
        name: The service ("Health visiting, North locality").
        status: Active, reduced or ended.
        since: When the status last changed, if known.

    Raises:
        InvalidReferral: When the name is empty.

    Examples:
        >>> SupportingService(name="Health visiting", status="reduced").flagged
        True
    """

    name: str = attrs.field(validator=non_empty_text(InvalidReferral, "R-WL-1"))
    status: SupportStatus = attrs.field(default=SupportStatus.ACTIVE, converter=_to_status)
    since: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(is_date(InvalidReferral, "R-WL-1"))
    )

    @property
    def flagged(self) -> bool:
        """Whether the support was withdrawn or reduced: the team must follow it up.

        Examples:
            >>> SupportingService(name="Midwifery").flagged
            False
        """
        return self.status is not SupportStatus.ACTIVE


@final
@attrs.frozen(kw_only=True)
class TriageOutcome:
    """The urgency band a person gave a referral at triage (R-PR-3).

    Args:
        band: The band's name, one of the bands the team's triage strategy uses.
        decided_by: Who triaged: a band is a person's judgement, not the code's.
        decided_on: The day of triage.
        note: Why, in a few words.

    Raises:
        InvalidReferral: When the band or the person is empty.

    Examples:
        >>> import datetime as dt
        >>> TriageOutcome(band="urgent", decided_by="Dr Rao", decided_on=dt.date(2026, 11, 2)).band
        'urgent'
    """

    band: str = attrs.field(validator=non_empty_text(InvalidReferral, "R-PR-3"))
    decided_by: str = attrs.field(validator=non_empty_text(InvalidReferral, "R-PR-3"))
    decided_on: dt.date = attrs.field(validator=is_date(InvalidReferral, "R-PR-3"))
    note: str = ""


def _to_factors(value: Iterable[RiskFactor]) -> tuple[RiskFactor, ...]:
    return tuple(value)


def _to_services(value: Iterable[SupportingService]) -> tuple[SupportingService, ...]:
    return tuple(value)


def _check_factors(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for factor in value:
        if not isinstance(factor, RiskFactor):
            raise InvalidReferral(
                attribute.name, "must hold RiskFactor values", factor, rule="R-SC-3"
            )
        if factor.code in seen:
            raise InvalidReferral(
                attribute.name, "must not name a factor twice", factor.code, rule="R-SC-3"
            )
        seen.add(factor.code)


def _check_route(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, ProfessionalReferral | Consultation | SelfReferral):
        raise InvalidReferral(
            attribute.name,
            "must be a ProfessionalReferral, Consultation or SelfReferral",
            value,
            rule="R-IN-1",
        )


def _check_triage(instance: Referral, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value.decided_on < instance.received:
        raise InvalidReferral(
            "triage.decided_on",
            f"must not be before the day received ({instance.received.isoformat()})",
            value.decided_on,
            rule="R-PR-3",
        )


@final
@attrs.frozen(kw_only=True)
class Referral:
    """A family referred to the team, as the team received it (R-IN-1..3, R-SC-1).

    The risk factors are the catalogue's `RiskFactor` values (resolve
    codes with `RiskFactorCatalogue.resolve`), each named once. Unknown
    awareness, agreement or consent is ``None``: not recorded, which is not the
    same as refused.

    Args:
        id: The team's identifier for the referral; unique within the team.
        received: The day it arrived (R-SC-5 counts from here).
        route: How it came: professional referral, consultation or self-referral.
        family: The family referred.
        risk_factors: The recognised risk factors the referral names (R-SC-2).
        reason: The referrer's own account of why.
        family_aware: Whether the family knows about the referral (R-SC-1 c).
        family_agreed: Whether the family agreed to it (R-SC-1 c).
        consent_to_share: Whether the family agreed that the team may tell
            their health visitor and GP (R-SC-6).
        supporting_services: Services supporting the family while it waits (R-WL-1).
        triage: The urgency band given at triage, once triaged (R-PR-3).

    Raises:
        InvalidReferral: When the id is empty, a factor is named twice, the
            route is not a route, or triage predates receipt.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import DEFAULT_RISK_FACTORS
        >>> r = Referral(
        ...     id="R-001",
        ...     received=dt.date(2026, 11, 2),
        ...     route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))),
        ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "social-isolation"]),
        ... )
        >>> r.significant_count, r.minor_count, r.antenatal
        (1, 1, True)
        >>> r.family_aware_confirmed   # a family that referred itself knows
        True
    """

    id: str = attrs.field(validator=non_empty_text(InvalidReferral, "R-IN-1"))
    received: dt.date = attrs.field(validator=is_date(InvalidReferral, "R-SC-5"))
    route: Route = attrs.field(validator=_check_route)
    family: Family = attrs.field(validator=attrs.validators.instance_of(Family))
    risk_factors: tuple[RiskFactor, ...] = attrs.field(
        default=(), converter=_to_factors, validator=_check_factors
    )
    reason: str = attrs.field(default="", validator=is_text(InvalidReferral, "R-SC-1"))
    family_aware: bool | None = attrs.field(
        default=None, validator=is_bool(InvalidReferral, "R-SC-1", optional=True)
    )
    family_agreed: bool | None = attrs.field(
        default=None, validator=is_bool(InvalidReferral, "R-SC-1", optional=True)
    )
    consent_to_share: bool | None = attrs.field(
        default=None, validator=is_bool(InvalidReferral, "R-SC-6", optional=True)
    )
    supporting_services: tuple[SupportingService, ...] = attrs.field(
        default=(), converter=_to_services
    )
    triage: TriageOutcome | None = attrs.field(default=None, validator=_check_triage)
    significant_count: int = attrs.field(init=False, repr=False, eq=False)
    minor_count: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        significant = sum(1 for f in self.risk_factors if f.significant)
        object.__setattr__(self, "significant_count", significant)
        object.__setattr__(self, "minor_count", len(self.risk_factors) - significant)

    @property
    def referrer(self) -> Referrer | None:
        """The professional who referred or consulted; ``None`` for a self-referral.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> Referral(id="1", received=dt.date(2026, 1, 5), route=SelfReferral(), family=fam).referrer is None
            True
        """
        match self.route:
            case ProfessionalReferral(referrer=referrer):
                return referrer
            case Consultation(consultee=consultee):
                return consultee
            case SelfReferral():
                return None
        raise AssertionError(self.route)  # pragma: no cover - the validator forbids it

    @property
    def antenatal(self) -> bool:
        """Whether the baby was not yet born when referred (R-IN-3).

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> mother = [Parent("Ana", "mother")]
            >>> unborn = Family(parents=mother, infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> born = Family(parents=mother, infant=Infant.born_on(dt.date(2026, 9, 1)))
            >>> [Referral(id="1", received=dt.date(2026, 11, 2), route=SelfReferral(), family=f).antenatal
            ...  for f in (unborn, born)]
            [True, False]

        It stays true once the birth is recorded on the family (R-REC-3): the
        referral was still made before the baby arrived.

            >>> import attrs
            >>> r = Referral(id="2", received=dt.date(2026, 11, 2), route=SelfReferral(), family=unborn)
            >>> after_birth = attrs.evolve(r, family=attrs.evolve(
            ...     unborn, infant=Infant.born_on(dt.date(2027, 1, 4), expected_due_date=dt.date(2027, 1, 9))))
            >>> after_birth.antenatal, after_birth.family.antenatal
            (True, False)
        """
        infant = self.family.infant
        return not infant.born or (
            infant.date_of_birth is not None and infant.date_of_birth > self.received
        )

    @property
    def family_aware_confirmed(self) -> bool:
        """Whether the family is known to know of the referral (a self-referral always is).

        Not recorded (``family_aware=None``) is not confirmed.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent, Referrer
            >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> by_midwife = ProfessionalReferral(Referrer(name="Jo", role="midwife"))
            >>> Referral(id="1", received=dt.date(2026, 11, 2), route=by_midwife, family=fam).family_aware_confirmed
            False
            >>> Referral(id="1", received=dt.date(2026, 11, 2), route=by_midwife, family=fam,
            ...          family_aware=True).family_aware_confirmed
            True
        """
        return isinstance(self.route, SelfReferral) or self.family_aware is True

    @property
    def family_agreed_confirmed(self) -> bool:
        """Whether the family is known to agree to the referral (a self-referral always does).

        Not recorded (``family_agreed=None``) is not confirmed.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent, Referrer
            >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> by_gp = ProfessionalReferral(Referrer(name="Dr Okafor", role="gp"))
            >>> Referral(id="1", received=dt.date(2026, 11, 2), route=by_gp, family=fam,
            ...          family_aware=True).family_agreed_confirmed
            False
            >>> Referral(id="2", received=dt.date(2026, 11, 2), route=SelfReferral(),
            ...          family=fam).family_agreed_confirmed
            True
        """
        return isinstance(self.route, SelfReferral) or self.family_agreed is True

    @property
    def support_flagged(self) -> tuple[SupportingService, ...]:
        """The supporting services that withdrew or reduced support (R-WL-1).

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> r = Referral(id="1", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam,
            ...     supporting_services=[SupportingService(name="Health visiting"),
            ...                          SupportingService(name="Family hub", status="ended")])
            >>> [s.name for s in r.support_flagged]
            ['Family hub']
        """
        return tuple(s for s in self.supporting_services if s.flagged)
