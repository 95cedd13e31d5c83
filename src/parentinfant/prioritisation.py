"""Ordering the waiting list: chronological, risk-weighted and triage strategies.

A team chooses how families on its waiting list are ordered (R-PR-1..3).
Whatever the choice, the order must be explainable to a person, deterministic
for the same input, and must lose or duplicate no one (R-PR-4). Every
strategy here returns a `WaitingList` whose entries carry their
1-based position, the time waited and a sentence saying why the family is
where it is; the list also flags families whose other support has ended
(R-WL-1).

Ties are broken by the day received and then by referral id, so the order is
a total order: the same referrals in any input order give the same list.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent
    >>> from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
    >>> def referral(id, received, *codes):
    ...     return Referral(id=id, received=received, route=SelfReferral(),
    ...         family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1))),
    ...         risk_factors=DEFAULT_RISK_FACTORS.resolve(codes))
    >>> waiting = [
    ...     referral("A", dt.date(2026, 10, 1), "social-isolation"),
    ...     referral("B", dt.date(2026, 10, 20), "domestic-abuse"),
    ... ]
    >>> [e.referral.id for e in Chronological().rank(waiting, today=dt.date(2026, 11, 5))]
    ['A', 'B']
    >>> ranked = RiskWeighted().rank(waiting, today=dt.date(2026, 11, 5))
    >>> print(ranked[0].explanation)
    1st: score 4 from 1 significant factor (domestic abuse); waited 2 weeks 2 days
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import Any, Protocol, final, overload, runtime_checkable

import attrs

from parentinfant._referral import Referral, SupportingService
from parentinfant._validate import parse_enum
from parentinfant.errors import (
    DuplicateReferral,
    InvalidPolicy,
    ReferralAfterToday,
    UnknownTriageBand,
)
from parentinfant.team import TeamPolicy, Vocabulary

__all__ = [
    "DEFAULT_TRIAGE_BANDS",
    "Chronological",
    "RiskWeighted",
    "Strategy",
    "Triage",
    "UntriagedEntry",
    "WaitingEntry",
    "WaitingList",
    "describe_wait",
    "ordinal",
]

DEFAULT_TRIAGE_BANDS: tuple[str, ...] = ("urgent", "soon", "routine")
"""The default urgency bands, most urgent first (R-PR-3); a team may use its own."""


def ordinal(n: int) -> str:
    """``1`` -> ``"1st"``, ``2`` -> ``"2nd"``, ``11`` -> ``"11th"``, ``23`` -> ``"23rd"``.

    Examples:
        >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102, 111)]
        ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd', '111th']
    """
    teens = 10 <= n % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_wait(waited: dt.timedelta) -> str:
    """Time waited in words a person reads: weeks and days.

    Examples:
        >>> import datetime as dt
        >>> describe_wait(dt.timedelta(days=37)), describe_wait(dt.timedelta(days=1))
        ('5 weeks 2 days', '1 day')
        >>> describe_wait(dt.timedelta(0))
        '0 days'
    """
    days = waited.days
    if days <= 0:
        return "0 days"
    weeks, rest = divmod(days, 7)
    parts = []
    if weeks:
        parts.append(f"{weeks} week{'s' if weeks != 1 else ''}")
    if rest:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return " ".join(parts)


class _Supported:
    """The R-WL-1 view of a waiting family, shared by ranked and untriaged entries."""

    __slots__ = ()
    referral: Referral

    @property
    def support_flagged(self) -> tuple[SupportingService, ...]:
        """Services that withdrew or reduced support while the family waits (R-WL-1).

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral, SupportingService
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> r = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(), family=fam,
            ...     supporting_services=[SupportingService(name="Health visiting"),
            ...                          SupportingService(name="Family hub", status="ended")])
            >>> entry = Chronological().rank([r], today=dt.date(2026, 11, 5))[0]
            >>> [(s.name, s.status.value) for s in entry.support_flagged]
            [('Family hub', 'ended')]
        """
        return self.referral.support_flagged

    @property
    def supported_by(self) -> tuple[str, ...]:
        """Names of the services still actively supporting the family (R-WL-1).

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral, SupportingService
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> r = Referral(id="A", received=dt.date(2026, 11, 26), route=SelfReferral(), family=fam,
            ...     supporting_services=[SupportingService(name="Health visiting"),
            ...                          SupportingService(name="Family hub", status="reduced")])
            >>> Triage().rank([r], today=dt.date(2026, 11, 27)).untriaged[0].supported_by
            ('Health visiting',)
        """
        return tuple(s.name for s in self.referral.supporting_services if not s.flagged)


@final
@attrs.frozen(kw_only=True)
class WaitingEntry(_Supported):
    """One family's place on a ranked waiting list (R-PR-4, R-WL-1).

    Args:
        referral: The referral waiting.
        position: Its 1-based position.
        waited: Time since it was received, as of the list's day.
        explanation: Why it is where it is, for a person to read.
        band: The triage band, under the triage strategy.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import Referral, SelfReferral
        >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
        >>> r = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(), family=fam)
        >>> entry = Chronological().rank([r], today=dt.date(2026, 11, 5))[0]
        >>> entry.position, entry.waited, entry.band
        (1, datetime.timedelta(days=35), None)
        >>> print(entry.explanation)
        1st: referred 2026-10-01, waited 5 weeks; earliest referral first
    """

    referral: Referral
    position: int
    waited: dt.timedelta
    explanation: str
    band: str | None = None


@final
@attrs.frozen(kw_only=True)
class UntriagedEntry(_Supported):
    """A referral not yet triaged, listed apart with its triage deadline (R-PR-3).

    Args:
        referral: The referral waiting for triage.
        triage_due: The day by which it must be triaged.
        overdue: Whether that day has passed.
        waited: Time since it was received.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import Referral, SelfReferral
        >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
        >>> r = Referral(id="C", received=dt.date(2026, 11, 26), route=SelfReferral(), family=fam)
        >>> u = Triage().rank([r], today=dt.date(2026, 12, 2)).untriaged[0]
        >>> u.referral.id, u.triage_due, u.overdue, u.waited
        ('C', datetime.date(2026, 11, 30), True, datetime.timedelta(days=6))
    """

    referral: Referral
    triage_due: dt.date
    overdue: bool
    waited: dt.timedelta

    @property
    def explanation(self) -> str:
        """Why the referral is listed apart, in words.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> r = Referral(id="C", received=dt.date(2026, 11, 26), route=SelfReferral(), family=fam)
            >>> print(Triage().rank([r], today=dt.date(2026, 11, 27)).untriaged[0].explanation)
            not yet triaged: triage due by 2026-11-30; waited 1 day
            >>> print(Triage().rank([r], today=dt.date(2026, 12, 2)).untriaged[0].explanation)
            not yet triaged: triage overdue since 2026-11-30; waited 6 days
        """
        state = "overdue since" if self.overdue else "due by"
        return (
            f"not yet triaged: triage {state} {self.triage_due.isoformat()}; "
            f"waited {describe_wait(self.waited)}"
        )


_Explain = Callable[[Referral, int, dt.date], tuple[str, str | None]]


@final
class WaitingList(Sequence[WaitingEntry]):
    """An immutable, ranked waiting list: the result of `Strategy.rank`.

    Entries are built on demand, so ranking 100,000 referrals costs a sort,
    not 100,000 sentences. Under `Triage`, referrals not yet triaged
    are not in the ranked sequence but in `untriaged`; together the two
    hold every referral ranked, each once.

    Examples:
        >>> import datetime as dt
        >>> empty = Chronological().rank([], today=dt.date(2026, 11, 5))
        >>> len(empty), empty.strategy, empty.untriaged
        (0, 'chronological', ())
    """

    __slots__ = ("_explain", "_ranked", "notes", "strategy", "today", "untriaged")
    strategy: str
    today: dt.date
    untriaged: tuple[UntriagedEntry, ...]
    notes: tuple[str, ...]
    _ranked: tuple[Referral, ...]
    _explain: _Explain

    def __init__(
        self,
        *,
        strategy: str,
        today: dt.date,
        ranked: Sequence[Referral],
        explain: _Explain,
        untriaged: Sequence[UntriagedEntry] = (),
        notes: Sequence[str] = (),
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "strategy", strategy)
        setattr_(self, "today", today)
        setattr_(self, "_ranked", tuple(ranked))
        setattr_(self, "_explain", explain)
        setattr_(self, "untriaged", tuple(untriaged))
        setattr_(self, "notes", tuple(notes))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a WaitingList is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a WaitingList is immutable; cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WaitingList):
            return NotImplemented
        return (
            self.strategy == other.strategy
            and self.today == other.today
            and self._ranked == other._ranked
            and self.untriaged == other.untriaged
            and self.notes == other.notes
            and self.entries == other.entries
        )

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._ranked)

    @overload
    def __getitem__(self, index: int) -> WaitingEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[WaitingEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> WaitingEntry | tuple[WaitingEntry, ...]:
        if isinstance(index, slice):
            return tuple(self._entry(i) for i in range(*index.indices(len(self._ranked))))
        if index < 0:
            index += len(self._ranked)
        if not 0 <= index < len(self._ranked):
            raise IndexError(f"waiting list index out of range: {index}")
        return self._entry(index)

    def __iter__(self) -> Iterator[WaitingEntry]:
        for i in range(len(self._ranked)):
            yield self._entry(i)

    def __repr__(self) -> str:
        return (
            f"<WaitingList {self.strategy} on {self.today.isoformat()}: {len(self)} ranked, "
            f"{len(self.untriaged)} untriaged>"
        )

    def _entry(self, i: int) -> WaitingEntry:
        referral = self._ranked[i]
        explanation, band = self._explain(referral, i + 1, self.today)
        return WaitingEntry(
            referral=referral,
            position=i + 1,
            waited=self.today - referral.received,
            explanation=explanation,
            band=band,
        )

    @property
    def referrals(self) -> tuple[Referral, ...]:
        """The ranked referrals in order, without building entries.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> later = Referral(id="B", received=dt.date(2026, 10, 20), route=SelfReferral(), family=fam)
            >>> earlier = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(), family=fam)
            >>> ranked = Chronological().rank([later, earlier], today=dt.date(2026, 11, 5))
            >>> [r.id for r in ranked.referrals]
            ['A', 'B']
        """
        return self._ranked

    @property
    def entries(self) -> tuple[WaitingEntry, ...]:
        """Every ranked entry, built at once.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> later = Referral(id="B", received=dt.date(2026, 10, 20), route=SelfReferral(), family=fam)
            >>> earlier = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(), family=fam)
            >>> ranked = Chronological().rank([later, earlier], today=dt.date(2026, 11, 5))
            >>> [(e.position, e.referral.id, e.waited.days) for e in ranked.entries]
            [(1, 'A', 35), (2, 'B', 16)]
        """
        return tuple(self)

    def position_of(self, referral_id: str) -> int | None:
        """The 1-based position of a referral, or ``None`` if it is not ranked.

        Examples:
            >>> import datetime as dt
            >>> Chronological().rank([], today=dt.date(2026, 1, 1)).position_of("R-1") is None
            True
        """
        for i, referral in enumerate(self._ranked):
            if referral.id == referral_id:
                return i + 1
        return None

    def support_flagged(self) -> tuple[WaitingEntry | UntriagedEntry, ...]:
        """Every waiting family whose other support was withdrawn or reduced (R-WL-1).

        Ranked entries come first, in order, then those not yet triaged: a family
        waiting for triage is just as exposed when its support ends.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral, SupportingService
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> r = Referral(id="C", received=dt.date(2026, 11, 25), route=SelfReferral(), family=fam,
            ...     supporting_services=[SupportingService(name="Midwifery", status="ended")])
            >>> [e.referral.id for e in Triage().rank([r], today=dt.date(2026, 11, 27)).support_flagged()]
            ['C']
        """
        ranked = [self._entry(i) for i, r in enumerate(self._ranked) if r.support_flagged]
        waiting = [u for u in self.untriaged if u.referral.support_flagged]
        return (*ranked, *waiting)


@runtime_checkable
class Strategy(Protocol):
    """How a team orders its waiting list (R-PR-1..4).

    Examples:
        >>> isinstance(Chronological(), Strategy)
        True
    """

    @property
    def name(self) -> str:
        """The strategy's stable name (``"chronological"``, ``"risk-weighted"``, ``"triage"``).

        Examples:
            >>> [s.name for s in (Chronological(), RiskWeighted(), Triage())]
            ['chronological', 'risk-weighted', 'triage']
        """
        ...

    def rank(
        self,
        referrals: Iterable[Referral],
        *,
        today: dt.date,
        vocabulary: Vocabulary | str = Vocabulary.REFERRAL,
    ) -> WaitingList:
        """Rank the referrals waiting on ``today``; ``vocabulary`` sets the words (R-IN-2).

        Every strategy takes the same arguments and returns a `WaitingList`
        whose entries explain themselves.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import (
            ...     DEFAULT_RISK_FACTORS, Referral, SelfReferral, TriageOutcome)
            >>> r = Referral(id="A", received=dt.date(2026, 11, 2), route=SelfReferral(),
            ...     family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1))),
            ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
            ...     triage=TriageOutcome(band="urgent", decided_by="Lee", decided_on=dt.date(2026, 11, 3)))
            >>> strategies: list[Strategy] = [Chronological(), RiskWeighted(), Triage()]
            >>> for strategy in strategies:
            ...     print(strategy.rank([r], today=dt.date(2026, 11, 5))[0].explanation)
            1st: referred 2026-11-02, waited 3 days; earliest referral first
            1st: score 4 from 1 significant factor (domestic abuse); waited 3 days
            1st: band 'urgent' (1 of 3), triaged by Lee on 2026-11-03; referred 2026-11-02, waited 3 days
        """
        ...


def _checked(referrals: Iterable[Referral], today: dt.date) -> list[Referral]:
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise InvalidPolicy("today", "must be a date", today, rule="R-PR-4")
    items = list(referrals)
    if items:
        latest = max(items, key=attrgetter("received"))
        if latest.received > today:
            raise ReferralAfterToday(
                "received",
                f"must not be after today ({today.isoformat()}) for referral {latest.id!r}",
                latest.received,
                rule="R-PR-4",
            )
        seen: set[str] = set()
        for r in items:
            if r.id in seen:
                raise DuplicateReferral(
                    "id", "must appear once on the waiting list", r.id, rule="R-PR-4"
                )
            seen.add(r.id)
    return items


def _vocabulary(value: Vocabulary | str) -> Vocabulary:
    return parse_enum(Vocabulary, value, "vocabulary", InvalidPolicy, "R-IN-2")


def _waited_phrase(referral: Referral, today: dt.date, vocabulary: Vocabulary) -> str:
    waited = today - referral.received
    if waited.days == 0:
        return f"{vocabulary.referred} today"
    return f"waited {describe_wait(waited)}"


_BY_RECEIPT = attrgetter("received", "id")


@final
@attrs.frozen
class Chronological:
    """Families are seen in the order they were referred (R-PR-1).

    Ties on the day received are broken by referral id.

    Examples:
        >>> import datetime as dt
        >>> Chronological().rank([], today=dt.date(2026, 11, 5)).strategy
        'chronological'
    """

    @property
    def name(self) -> str:
        """``"chronological"``.

        Examples:
            >>> Chronological().name
            'chronological'
        """
        return "chronological"

    def rank(
        self,
        referrals: Iterable[Referral],
        *,
        today: dt.date,
        vocabulary: Vocabulary | str = Vocabulary.REFERRAL,
    ) -> WaitingList:
        """Order by day received, then id.

        Raises:
            ReferralAfterToday: When a referral was received after ``today``.
            DuplicateReferral: When a referral id appears twice.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> later = Referral(id="B", received=dt.date(2026, 10, 20), route=SelfReferral(), family=fam)
            >>> earlier = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(), family=fam)
            >>> ranked = Chronological().rank([later, earlier], today=dt.date(2026, 11, 5))
            >>> for entry in ranked:
            ...     print(entry.explanation)
            1st: referred 2026-10-01, waited 5 weeks; earliest referral first
            2nd: referred 2026-10-20, waited 2 weeks 2 days; earliest referral first
            >>> from parentinfant.team import Vocabulary
            >>> print(Chronological().rank([later], today=dt.date(2026, 10, 20),
            ...                            vocabulary=Vocabulary.REGISTRATION)[0].explanation)
            1st: registered 2026-10-20, registered today; earliest registration first
            >>> Chronological().rank([later], today=dt.date(2026, 10, 1))
            Traceback (most recent call last):
            ...
            parentinfant.errors.ReferralAfterToday: received must not be after today (2026-10-01) for referral 'B' (R-PR-4), got datetime.date(2026, 10, 20)
        """
        items = _checked(referrals, today)
        vocabulary = _vocabulary(vocabulary)
        items.sort(key=_BY_RECEIPT)

        def explain(r: Referral, position: int, on: dt.date) -> tuple[str, str | None]:
            return (
                f"{ordinal(position)}: {vocabulary.referred} {r.received.isoformat()}, "
                f"{_waited_phrase(r, on, vocabulary)}; earliest {vocabulary.referral} first",
                None,
            )

        return WaitingList(strategy=self.name, today=today, ranked=items, explain=explain)


def _to_fraction(field: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal | str | float):
        raise InvalidPolicy(field, "must be a number", value, rule="R-PR-2")
    try:
        number = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise InvalidPolicy(field, "must be a number", value, rule="R-PR-2") from None
    if number < 0:
        raise InvalidPolicy(field, "must be at least 0", value, rule="R-PR-2")
    return number


def _significant_weight(value: object) -> Fraction:
    return _to_fraction("significant_weight", value)


def _minor_weight(value: object) -> Fraction:
    return _to_fraction("minor_weight", value)


def _ageing_per_week(value: object) -> Fraction | None:
    return None if value is None else _to_fraction("ageing_per_week", value)


def _score_cap(value: object) -> Fraction | None:
    return None if value is None else _to_fraction("score_cap", value)


def _show(number: Fraction) -> str:
    if number.denominator == 1:
        return str(number.numerator)
    shown = f"{float(number):.2f}".rstrip("0").rstrip(".")
    exact = (number * 100).denominator == 1  # 0.5 and 1.25 are exact; 38/7 is not
    return shown if exact else "≈" + shown


@final
@attrs.frozen(kw_only=True)
class RiskWeighted:
    """Families with more, or more serious, risks go first (R-PR-2), with optional ageing.

    A referral's score is ``significant_weight`` per significant factor plus
    ``minor_weight`` per minor factor (by default one significant factor
    weighs as four minor ones, as eligibility does, R-SC-3), optionally
    capped at ``score_cap``, plus ``ageing_per_week`` for each week waited.
    Higher scores go first; ties go to the earlier referral, then the lower id.
    Arithmetic is exact (fractions), so no two runs disagree on a tie.

    **The ageing bound (R-PR-4).** Pure risk ordering can leave a low-risk
    family waiting for ever. With ``ageing_per_week = a > 0``, a family can
    only be overtaken by families referred fewer than
    ``H = ceil(7 * G / a)`` days after it, where ``G`` is the largest gap
    between two base scores on the list (with ``score_cap = C``, ``G <= C``
    whatever arrives). So once the families referred before it, and those
    referred within ``H`` days after it, have been seen, it is first. The
    list states ``H`` in its notes; `horizon_days` computes it.

    Args:
        significant_weight: Score per significant factor (default 4).
        minor_weight: Score per minor factor (default 1).
        ageing_per_week: Score added per week waited; ``None`` for no ageing.
        score_cap: Largest base score counted, or ``None`` for no cap.

    Raises:
        InvalidPolicy: When a weight is negative or not a number.

    Examples:
        >>> RiskWeighted(ageing_per_week="1/2").horizon_days(max_gap=8)
        112
        >>> RiskWeighted(minor_weight=-1)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: minor_weight must be at least 0 (R-PR-2), got -1
    """

    significant_weight: Fraction = attrs.field(default=Fraction(4), converter=_significant_weight)
    minor_weight: Fraction = attrs.field(default=Fraction(1), converter=_minor_weight)
    ageing_per_week: Fraction | None = attrs.field(default=None, converter=_ageing_per_week)
    score_cap: Fraction | None = attrs.field(default=None, converter=_score_cap)

    @property
    def name(self) -> str:
        """``"risk-weighted"``.

        Examples:
            >>> RiskWeighted().name
            'risk-weighted'
        """
        return "risk-weighted"

    def base_score(self, referral: Referral) -> Fraction:
        """The score from risk factors alone, capped if the strategy caps it.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
            >>> r = Referral(id="X", received=dt.date(2026, 1, 5), route=SelfReferral(),
            ...     family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2026, 6, 1))),
            ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "bereavement"]))
            >>> RiskWeighted().base_score(r)
            Fraction(5, 1)
            >>> RiskWeighted(score_cap=3).base_score(r)
            Fraction(3, 1)
        """
        score = (
            referral.significant_count * self.significant_weight
            + referral.minor_count * self.minor_weight
        )
        if self.score_cap is not None and score > self.score_cap:
            return self.score_cap
        return score

    def score(self, referral: Referral, *, today: dt.date) -> Fraction:
        """Base score plus ageing for the weeks waited by ``today``.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> r = Referral(id="X", received=dt.date(2026, 1, 5), route=SelfReferral(),
            ...     family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2026, 6, 1))))
            >>> RiskWeighted(ageing_per_week=1).score(r, today=dt.date(2026, 1, 15))
            Fraction(10, 7)
        """
        score = self.base_score(referral)
        if self.ageing_per_week:
            score += self.ageing_per_week * Fraction((today - referral.received).days, 7)
        return score

    def horizon_days(self, *, max_gap: Fraction | int) -> int | None:
        """Days after which a referral can no longer be overtaken (R-PR-4).

        ``max_gap`` is the largest difference between two base scores; the
        answer is ``ceil(7 * max_gap / ageing_per_week)``, or ``None`` without
        ageing (no bound).

        Examples:
            >>> RiskWeighted(ageing_per_week=2).horizon_days(max_gap=5)
            18
            >>> RiskWeighted().horizon_days(max_gap=5) is None
            True
        """
        if not self.ageing_per_week:
            return None
        return math.ceil(Fraction(7) * Fraction(max_gap) / self.ageing_per_week)

    def rank(
        self,
        referrals: Iterable[Referral],
        *,
        today: dt.date,
        vocabulary: Vocabulary | str = Vocabulary.REFERRAL,
    ) -> WaitingList:
        """Order by score (highest first), then day received, then id.

        Raises:
            ReferralAfterToday: When a referral was received after ``today``.
            DuplicateReferral: When a referral id appears twice.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> long_wait = Referral(id="A", received=dt.date(2026, 9, 1), route=SelfReferral(), family=fam,
            ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["social-isolation"]))
            >>> high_risk = Referral(id="B", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam,
            ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]))
            >>> today = dt.date(2026, 11, 5)
            >>> [e.referral.id for e in RiskWeighted().rank([long_wait, high_risk], today=today)]
            ['B', 'A']
            >>> ranked = RiskWeighted(ageing_per_week=1).rank([long_wait, high_risk], today=today)
            >>> for entry in ranked:
            ...     print(entry.explanation)
            1st: score ≈10.29 from 1 minor factor (social isolation) plus ≈9.29 for time waited; waited 9 weeks 2 days
            2nd: score ≈4.43 from 1 significant factor (domestic abuse) plus ≈0.43 for time waited; waited 3 days
            >>> ranked.notes
            ('ageing 1 per week: no family can be overtaken by one referred 21 or more days after it (R-PR-4)',)
        """
        items = _checked(referrals, today)
        vocabulary = _vocabulary(vocabulary)
        ageing = self.ageing_per_week or Fraction(0)
        cap = self.score_cap
        # Scale every term to integers so the sort key is exact and fast:
        # priority * 7L = sig*ws*7L + minor*wm*7L + ageing*L*days_waited.
        scale = math.lcm(
            self.significant_weight.denominator,
            self.minor_weight.denominator,
            ageing.denominator,
            cap.denominator if cap is not None else 1,
        )
        ks = int(self.significant_weight * 7 * scale)
        km = int(self.minor_weight * 7 * scale)
        ka = int(ageing * scale)
        today_ordinal = today.toordinal()
        if cap is None:

            def key(r: Referral) -> tuple[int, dt.date, str]:
                return (
                    ka * (r.received.toordinal() - today_ordinal)
                    - r.significant_count * ks
                    - r.minor_count * km,
                    r.received,
                    r.id,
                )

        else:
            kc = int(cap * 7 * scale)

            def key(r: Referral) -> tuple[int, dt.date, str]:
                return (
                    ka * (r.received.toordinal() - today_ordinal)
                    - min(r.significant_count * ks + r.minor_count * km, kc),
                    r.received,
                    r.id,
                )

        items.sort(key=key)
        notes: list[str] = []
        if self.ageing_per_week and items:
            # Few distinct (significant, minor) pairs exist: score those, not every referral.
            pairs = {(r.significant_count, r.minor_count): r for r in items}
            scores = [self.base_score(r) for r in pairs.values()]
            gap = max(scores) - min(scores)
            if gap:
                notes.append(
                    f"ageing {_show(self.ageing_per_week)} per week: no family can be overtaken "
                    f"by one {vocabulary.referred} {self.horizon_days(max_gap=gap)} or more days "
                    "after it (R-PR-4)"
                )
            else:
                notes.append(
                    "every family has the same risk score, so families are seen in the order "
                    f"{vocabulary.referred} (R-PR-4)"
                )

        def explain(r: Referral, position: int, on: dt.date) -> tuple[str, str | None]:
            parts = []
            if r.significant_count:
                significant = [f.label for f in r.risk_factors if f.significant]
                parts.append(
                    f"{r.significant_count} significant factor"
                    f"{'s' if r.significant_count != 1 else ''} ({', '.join(significant)})"
                )
            if r.minor_count:
                minor = [f.label for f in r.risk_factors if not f.significant]
                parts.append(
                    f"{r.minor_count} minor factor{'s' if r.minor_count != 1 else ''} "
                    f"({', '.join(minor)})"
                )
            base = self.base_score(r)
            text = f"{ordinal(position)}: score {_show(self.score(r, today=on))}"
            text += " from " + (" and ".join(parts) if parts else "no risk factors named")
            raw = r.significant_count * self.significant_weight + r.minor_count * self.minor_weight
            if raw != base:
                text += f" (capped at {_show(base)})"
            if self.ageing_per_week:
                text += f" plus {_show(self.score(r, today=on) - base)} for time waited"
            return f"{text}; {_waited_phrase(r, on, vocabulary)}", None

        return WaitingList(
            strategy=self.name, today=today, ranked=items, explain=explain, notes=notes
        )


def _check_policy(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, TeamPolicy):
        raise InvalidPolicy(attribute.name, "must be a TeamPolicy", value, rule="R-PR-3")


def _to_bands(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidPolicy(
            "bands", "must be a sequence of band names, not one string", value, rule="R-PR-3"
        )
    return tuple(value)


def _check_bands(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidPolicy(attribute.name, "must name at least one band", value, rule="R-PR-3")
    if len(set(value)) != len(value) or not all(isinstance(b, str) and b.strip() for b in value):
        raise InvalidPolicy(
            attribute.name, "must be distinct, non-empty band names", value, rule="R-PR-3"
        )


@final
@attrs.frozen(kw_only=True)
class Triage:
    """Every referral triaged quickly into an urgency band by a person (R-PR-3).

    Triaged referrals are ranked by band (in the order of ``bands``, most
    urgent first), then by the earliest referral, then id. Referrals not yet
    triaged on ``today`` (including those triaged on a later day) are listed
    apart in `WaitingList.untriaged`, soonest triage deadline first, with
    the deadline: ``policy.triage_working_days`` working days after receipt.

    Args:
        bands: The band names, most urgent first.
        policy: The team policy that sets the triage deadline and calendar.

    Raises:
        InvalidPolicy: When the bands are empty or repeat a name.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import Referral, SelfReferral, TriageOutcome
        >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
        >>> a = Referral(id="A", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam,
        ...     triage=TriageOutcome(band="routine", decided_by="Lee", decided_on=dt.date(2026, 11, 3)))
        >>> b = Referral(id="B", received=dt.date(2026, 11, 9), route=SelfReferral(), family=fam,
        ...     triage=TriageOutcome(band="urgent", decided_by="Lee", decided_on=dt.date(2026, 11, 9)))
        >>> c = Referral(id="C", received=dt.date(2026, 11, 26), route=SelfReferral(), family=fam)
        >>> ranked = Triage().rank([a, b, c], today=dt.date(2026, 11, 27))
        >>> [e.referral.id for e in ranked], [u.referral.id for u in ranked.untriaged]
        (['B', 'A'], ['C'])
        >>> print(ranked[0].explanation)
        1st: band 'urgent' (1 of 3), triaged by Lee on 2026-11-09; referred 2026-11-09, waited 2 weeks 4 days
        >>> print(ranked.untriaged[0].explanation)
        not yet triaged: triage due by 2026-11-30; waited 1 day
    """

    bands: tuple[str, ...] = attrs.field(
        default=DEFAULT_TRIAGE_BANDS, converter=_to_bands, validator=_check_bands
    )
    policy: TeamPolicy = attrs.field(factory=TeamPolicy, validator=_check_policy)

    @property
    def name(self) -> str:
        """``"triage"``.

        Examples:
            >>> Triage().name
            'triage'
        """
        return "triage"

    def triage_due(self, referral: Referral) -> dt.date:
        """The day by which ``referral`` must be triaged (R-PR-3).

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> r = Referral(id="A", received=dt.date(2026, 11, 27), route=SelfReferral(), family=fam)
            >>> Triage().triage_due(r)
            datetime.date(2026, 12, 1)
        """
        return self.policy.calendar.add_working_days(
            referral.received, self.policy.triage_working_days
        )

    def rank(
        self,
        referrals: Iterable[Referral],
        *,
        today: dt.date,
        vocabulary: Vocabulary | str | None = None,
    ) -> WaitingList:
        """Order triaged referrals by band, then day received, then id; list the rest apart.

        The words follow ``vocabulary``, or the team policy's vocabulary if omitted.

        Raises:
            ReferralAfterToday: When a referral was received after ``today``.
            DuplicateReferral: When a referral id appears twice.
            UnknownTriageBand: When a triage outcome names a band not in ``bands``.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral, TriageOutcome
            >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
            >>> waiting = Referral(id="A", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam)
            >>> ranked = Triage().rank([waiting], today=dt.date(2026, 11, 9))
            >>> len(ranked), [u.referral.id for u in ranked.untriaged], ranked.notes
            (0, ['A'], ('1 referral overdue for triage (R-PR-3)',))
            >>> amber = Referral(id="B", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam,
            ...     triage=TriageOutcome(band="amber", decided_by="Lee", decided_on=dt.date(2026, 11, 3)))
            >>> Triage(bands=["red", "amber", "green"]).rank([amber], today=dt.date(2026, 11, 9))[0].band
            'amber'
            >>> Triage().rank([amber], today=dt.date(2026, 11, 9))
            Traceback (most recent call last):
            ...
            parentinfant.errors.UnknownTriageBand: triage.band must be one of 'urgent', 'soon', 'routine' (referral 'B') (R-PR-3), got 'amber'
        """
        items = _checked(referrals, today)
        vocabulary = _vocabulary(vocabulary or self.policy.vocabulary)
        band_index = {band: i for i, band in enumerate(self.bands)}
        triaged: list[tuple[int, dt.date, str, Referral]] = []
        pending: list[UntriagedEntry] = []
        calendar = self.policy.calendar
        working_days = self.policy.triage_working_days
        due_by_day: dict[dt.date, dt.date] = {}  # many referrals share a day of receipt
        for r in items:
            outcome = r.triage
            if outcome is None or outcome.decided_on > today:
                due = due_by_day.get(r.received)
                if due is None:
                    due = calendar.add_working_days(r.received, working_days)
                    due_by_day[r.received] = due
                pending.append(
                    UntriagedEntry(
                        referral=r, triage_due=due, overdue=today > due, waited=today - r.received
                    )
                )
                continue
            index = band_index.get(outcome.band)
            if index is None:
                raise UnknownTriageBand(
                    "triage.band",
                    f"must be one of {', '.join(repr(b) for b in self.bands)} (referral {r.id!r})",
                    outcome.band,
                    rule="R-PR-3",
                )
            triaged.append((index, r.received, r.id, r))
        triaged.sort()  # ids are unique, so the referral itself is never compared
        pending.sort(key=lambda u: (u.triage_due, u.referral.received, u.referral.id))
        bands = self.bands

        def explain(r: Referral, position: int, on: dt.date) -> tuple[str, str | None]:
            outcome = r.triage
            assert outcome is not None
            index = band_index[outcome.band] + 1
            return (
                f"{ordinal(position)}: band {outcome.band!r} ({index} of {len(bands)}), "
                f"triaged by {outcome.decided_by} on {outcome.decided_on.isoformat()}; "
                f"{vocabulary.referred} {r.received.isoformat()}, {_waited_phrase(r, on, vocabulary)}",
                outcome.band,
            )

        notes = []
        overdue = sum(1 for u in pending if u.overdue)
        if overdue:
            notes.append(
                f"{overdue} {vocabulary.referral}{'s' if overdue != 1 else ''} overdue for "
                "triage (R-PR-3)"
            )
        return WaitingList(
            strategy=self.name,
            today=today,
            ranked=[t[3] for t in triaged],
            explain=explain,
            untriaged=pending,
            notes=notes,
        )
