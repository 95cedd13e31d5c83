"""What a waiting-list simulation starts from: the team today and its assumptions.

Every number here is a team's own (DOMAIN.md: every default is a starting
point to review). The values are frozen and validated: an impossible
scenario (a practitioner holding more families than places, a rate of
zero, an acceptance rate above 1) raises `InvalidForecast` naming the field,
the rule and the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, final

import attrs

from parentinfant._catalogue import RiskFactor
from parentinfant._referral import Referral
from parentinfant._sim_checks import count, positive, share
from parentinfant.errors import InvalidForecast
from parentinfant.prioritisation import Chronological, Strategy, Triage
from parentinfant.workdays import WorkingCalendar

__all__ = ["Arrivals", "Episodes", "FamilyProfile", "PractitionerCaseload", "TeamModel"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MOST_SESSIONS = 500
_MOST_PLACES = 10_000


# --------------------------------------------------------------------------- arrivals


def _to_weekly_rate(value: float) -> float:
    return positive("weekly_rate", value, "R-CL-6")


def _to_weights(value: Iterable[float] | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidForecast(
            "monthly_weights", "must be 12 numbers, January first", value, rule="R-CL-6"
        )
    weights = tuple(positive("monthly_weights", w, "R-CL-6") for w in value)
    if len(weights) != 12:
        raise InvalidForecast(
            "monthly_weights", "must be 12 numbers, January first", value, rule="R-CL-6"
        )
    return weights


@final
@attrs.frozen(kw_only=True)
class Arrivals:
    """How referrals arrive: a Poisson process at a weekly rate, optionally seasonal.

    Without ``monthly_weights`` referrals arrive at ``weekly_rate`` all year.
    With them, the rate in month ``m`` is ``weekly_rate * w[m] / mean(w)``: 12
    relative weights, January first, so ``weekly_rate`` stays the average
    over the months. `per_month` builds the same from expected referrals
    in each calendar month. Referrals arrive on any day, weekends included;
    what the team does with them waits for working days.

    Args:
        weekly_rate: Referrals a week on average, more than 0.
        monthly_weights: 12 relative weights, each more than 0, or ``None``.

    Raises:
        InvalidForecast: When the rate is not more than 0, or the weights are
            not 12 numbers more than 0.

    Examples:
        >>> Arrivals(weekly_rate=3).weekly_rate_in(8)
        3.0
        >>> summer = Arrivals(weekly_rate=3, monthly_weights=[1] * 7 + [0.5, 1.5] + [1] * 3)
        >>> summer.weekly_rate_in(8), summer.weekly_rate_in(9)   # quiet August, busy September
        (1.5, 4.5)
        >>> Arrivals(weekly_rate=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: weekly_rate must be more than 0 (R-CL-6), got 0
    """

    weekly_rate: float = attrs.field(converter=_to_weekly_rate)
    monthly_weights: tuple[float, ...] | None = attrs.field(default=None, converter=_to_weights)

    @classmethod
    def per_month(cls, rates: Sequence[float]) -> Arrivals:
        """Arrivals from the referrals expected in each calendar month, January first.

        Each month's referrals are spread evenly over its days (February
        taken as 28 days), so a month's expected count is its rate.

        Raises:
            InvalidForecast: When ``rates`` is not 12 numbers more than 0.

        Examples:
            >>> a = Arrivals.per_month([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
            >>> round(a.weekly_rate, 9), round(a.weekly_rate_in(2), 9)   # one a day, all year
            (7.0, 7.0)
            >>> Arrivals.per_month([10] * 11)
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidForecast: rates must be 12 numbers, January first (R-CL-6), got [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
        """
        if isinstance(rates, str) or not isinstance(rates, Iterable):
            raise InvalidForecast(
                "rates", "must be 12 numbers, January first", rates, rule="R-CL-6"
            )
        numbers = [positive("rates", r, "R-CL-6") for r in rates]
        if len(numbers) != 12:
            raise InvalidForecast(
                "rates", "must be 12 numbers, January first", rates, rule="R-CL-6"
            )
        per_day = [r / d for r, d in zip(numbers, _DAYS_IN_MONTH, strict=True)]
        return cls(weekly_rate=7 * sum(per_day) / 12, monthly_weights=per_day)

    def weekly_rate_in(self, month: int) -> float:
        """The weekly rate in ``month`` (1 for January).

        Raises:
            InvalidForecast: When ``month`` is not 1 to 12.

        Examples:
            >>> Arrivals(weekly_rate=2, monthly_weights=[2] + [1] * 11).weekly_rate_in(1)
            3.6923076923076925
        """
        m = count("month", month, "R-CL-6", minimum=1, maximum=12)
        if self.monthly_weights is None:
            return self.weekly_rate
        mean = sum(self.monthly_weights) / 12
        return self.weekly_rate * self.monthly_weights[m - 1] / mean


# --------------------------------------------------------------------------- episodes


def _to_sessions(value: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value, value)
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidForecast(
            "sessions", "must be a whole number or a (fewest, most) pair", value, rule="R-EN-2"
        )
    low = count("sessions", value[0], "R-EN-2", minimum=1, maximum=_MOST_SESSIONS)
    high = count("sessions", value[1], "R-EN-2", minimum=1, maximum=_MOST_SESSIONS)
    if low > high:
        raise InvalidForecast(
            "sessions", "must give the fewest sessions first", value, rule="R-EN-2"
        )
    return (low, high)


def _to_attendance(value: float) -> float:
    return share("attendance", value, "R-EN-2")


def _to_dna_limit(value: int | None) -> int | None:
    if value is None:
        return None
    return count("dnas_before_discharge", value, "R-EN-2", minimum=1, maximum=_MOST_SESSIONS)


def _to_extension_probability(value: float) -> float:
    return share("extension_probability", value, "R-EN-2")


def _to_extension_sessions(value: int) -> int:
    return count("extension_sessions", value, "R-EN-2", minimum=0, maximum=_MOST_SESSIONS)


def _to_first_session(value: int) -> int:
    return count("days_to_first_session", value, "R-AL-2", minimum=0, maximum=365)


@final
@attrs.frozen(kw_only=True)
class Episodes:
    """How the work with a family runs once allocated: weekly sessions until the course ends.

    Each family is offered a course of sessions, one a week on its own
    weekday (R-EN-2: a team limit, or a manualised intervention's fixed
    number): a whole number drawn evenly from ``sessions`` (a pair, fewest
    and most, or one number). A session attended counts; a session missed
    (did not attend, a DNA) costs the place that week and is offered again
    the next, and after ``dnas_before_discharge`` missed sessions the family
    is discharged. When the course ends, the work is extended once with
    ``extension_probability``, by ``extension_sessions`` (R-EN-2, R-EN-4).
    No session happens on a bank holiday, a team closure day, or in a week
    the practitioner is on leave; the family keeps its place meanwhile.

    Args:
        sessions: Sessions in a course: one number, or (fewest, most).
        attendance: Chance a family attends an offered session, 0 to 1.
        dnas_before_discharge: Missed sessions at which the family is
            discharged, or ``None`` for never.
        extension_probability: Chance the work is extended when the course ends.
        extension_sessions: Sessions an extension adds.
        days_to_first_session: Days from allocation before the first session
            can happen: first contact and arranging the appointment (R-AL-2).

    Raises:
        InvalidForecast: When a number is out of range.

    Examples:
        >>> Episodes(sessions=6).sessions
        (6, 6)
        >>> Episodes(sessions=(6, 12), attendance=0.8).mean_sessions
        9.0
        >>> Episodes(attendance=1.2)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: attendance must be between 0 and 1 (R-EN-2), got 1.2
    """

    sessions: tuple[int, int] = attrs.field(default=(6, 12), converter=_to_sessions)
    attendance: float = attrs.field(default=0.85, converter=_to_attendance)
    dnas_before_discharge: int | None = attrs.field(default=3, converter=_to_dna_limit)
    extension_probability: float = attrs.field(default=0.1, converter=_to_extension_probability)
    extension_sessions: int = attrs.field(default=4, converter=_to_extension_sessions)
    days_to_first_session: int = attrs.field(default=7, converter=_to_first_session)

    @property
    def mean_sessions(self) -> float:
        """The mean course length, before missed sessions and extensions.

        Examples:
            >>> Episodes(sessions=(5, 6)).mean_sessions
            5.5
        """
        return (self.sessions[0] + self.sessions[1]) / 2


# --------------------------------------------------------------------------- the team


def _to_places(value: int) -> int:
    return count("places", value, "R-CL-1", minimum=1, maximum=_MOST_PLACES)


def _to_sessions_remaining(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidForecast(
            "sessions_remaining",
            "must be sessions left for each family held",
            value,
            rule="R-CL-1",
        )
    return tuple(
        count("sessions_remaining", n, "R-CL-1", minimum=1, maximum=_MOST_SESSIONS) for n in value
    )


def _to_leave_weeks(value: int) -> int:
    return count("leave_weeks", value, "R-CL-1", minimum=0, maximum=52)


@final
@attrs.frozen(kw_only=True)
class PractitionerCaseload:
    """One practitioner's caseload places, the families they hold today, and their leave.

    Args:
        places: Families the practitioner can hold at once (their caseload
            capacity, R-CL-1), at least 1.
        sessions_remaining: For each family held today, the sessions it has left
            (each at least 1); at most ``places`` families.
        leave_weeks: Weeks of leave a year (0 to 52), placed at random in
            each 52-week block of the simulation: no sessions happen and no
            families are allocated to the practitioner in those weeks.

    Raises:
        InvalidForecast: When a number is out of range, or the practitioner holds
            more families than places.

    Examples:
        >>> PractitionerCaseload(places=8, sessions_remaining=[3, 6, 10]).free_places
        5
        >>> PractitionerCaseload(places=2, sessions_remaining=[3, 6, 10])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: sessions_remaining must list at most places (2) families (R-CL-1), got (3, 6, 10)
    """

    places: int = attrs.field(converter=_to_places)
    sessions_remaining: tuple[int, ...] = attrs.field(default=(), converter=_to_sessions_remaining)
    leave_weeks: int = attrs.field(default=0, converter=_to_leave_weeks)

    def __attrs_post_init__(self) -> None:
        if len(self.sessions_remaining) > self.places:
            raise InvalidForecast(
                "sessions_remaining",
                f"must list at most places ({self.places}) families",
                self.sessions_remaining,
                rule="R-CL-1",
            )

    @property
    def free_places(self) -> int:
        """Places not held today.

        Examples:
            >>> PractitionerCaseload(places=3).free_places
            3
        """
        return self.places - len(self.sessions_remaining)


def _to_factors(value: Iterable[RiskFactor]) -> tuple[RiskFactor, ...]:
    factors = tuple(value)
    for factor in factors:
        if not isinstance(factor, RiskFactor):
            raise InvalidForecast(
                "risk_factors", "must hold RiskFactor values", factor, rule="R-PR-2"
            )
    return factors


def _check_band(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidForecast(attribute.name, "must be a band name or None", value, rule="R-PR-3")


@final
@attrs.frozen(kw_only=True)
class FamilyProfile:
    """What a simulated family brings to the waiting list: risk factors and a triage band.

    Simulated referrals draw their profile from a scenario's mix, so a
    risk-weighted or triage strategy orders them as it would real ones
    (R-PR-2, R-PR-3).

    Args:
        risk_factors: The referral's risk factors, from the team's catalogue.
        band: The triage band a person would give it, or ``None``.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
        >>> r = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(),
        ...     family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1))),
        ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]))
        >>> profile = FamilyProfile.of(r)
        >>> [f.code for f in profile.risk_factors], profile.band
        (['domestic-abuse'], None)
    """

    risk_factors: tuple[RiskFactor, ...] = attrs.field(default=(), converter=_to_factors)
    band: str | None = attrs.field(default=None, validator=_check_band)

    @classmethod
    def of(cls, referral: Referral) -> FamilyProfile:
        """The profile of a real referral: its risk factors and its triage band, if triaged.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant.family import Family, Infant, Parent
            >>> from parentinfant.screening import Referral, SelfReferral, TriageOutcome
            >>> r = Referral(id="A", received=dt.date(2026, 10, 1), route=SelfReferral(),
            ...     family=Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1))),
            ...     triage=TriageOutcome(band="soon", decided_by="Lee", decided_on=dt.date(2026, 10, 2)))
            >>> FamilyProfile.of(r).band
            'soon'
        """
        return cls(
            risk_factors=referral.risk_factors,
            band=referral.triage.band if referral.triage is not None else None,
        )


# --------------------------------------------------------------------------- the scenario


def _check_today(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidForecast(attribute.name, "must be a date", value, rule="R-PR-4")


def _to_caseloads(value: Iterable[PractitionerCaseload]) -> tuple[PractitionerCaseload, ...]:
    if not isinstance(value, Iterable):
        raise InvalidForecast(
            "caseloads", "must be a sequence of PractitionerCaseload values", value, rule="R-CL-1"
        )
    team = tuple(value)
    if not team:
        raise InvalidForecast(
            "caseloads", "must name at least one practitioner", team, rule="R-CL-1"
        )
    for p in team:
        if not isinstance(p, PractitionerCaseload):
            raise InvalidForecast(
                "caseloads", "must hold PractitionerCaseload values", p, rule="R-CL-1"
            )
    return team


def _to_referrals(value: Iterable[Referral]) -> tuple[Referral, ...]:
    referrals = tuple(value)
    for r in referrals:
        if not isinstance(r, Referral):
            raise InvalidForecast("waiting", "must hold Referral values", r, rule="R-PR-4")
    return referrals


def _to_acceptance(value: float) -> float:
    return share("acceptance_rate", value, "R-SC-4")


def _check_strategy(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Strategy):
        raise InvalidForecast(
            attribute.name, "must be a prioritisation strategy", value, rule="R-PR-4"
        )


def _check_calendar(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, WorkingCalendar):
        raise InvalidForecast(attribute.name, "must be a WorkingCalendar", value, rule="R-SC-5")


def _to_meeting_weekday(value: int) -> int:
    return count("meeting_weekday", value, "R-AL-1", minimum=0, maximum=4)


def _to_profiles(value: Iterable[FamilyProfile]) -> tuple[FamilyProfile, ...]:
    profiles = tuple(value)
    for p in profiles:
        if not isinstance(p, FamilyProfile):
            raise InvalidForecast("mix", "must hold FamilyProfile values", p, rule="R-PR-2")
    return profiles


def _check_type(kind: type, rule: str) -> Any:
    name = kind.__name__
    wanted = f"must be {'an' if name[0] in 'AEIOU' else 'a'} {name}"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidForecast(attribute.name, wanted, value, rule=rule)

    return check


@final
@attrs.frozen(kw_only=True)
class TeamModel:
    """The team as it is today, and what the simulation assumes about the weeks ahead.

    A simulation starts from today: the families already waiting (with the
    days they were received, so their waits so far count, and their risk
    factors and triage bands) and each practitioner's current caseload. New
    referrals arrive after today; a share ``acceptance_rate`` are accepted
    onto the waiting list (R-SC-4, R-SC-6). At the weekly allocation meeting
    (R-AL-1), held on ``meeting_weekday`` or, when that is not a working
    day, the next working day before the following meeting, free places
    are filled from the top of the list in the order ``strategy.rank``
    gives on that day (R-PR-1..4): the strategy's own order. Each family
    allocated goes to the practitioner with the most free places (the first
    such), not one on leave that week.

    Simulated referrals draw their risk factors and triage band from
    ``mix``, which defaults to the profiles of the families waiting today
    (or one profile with no risk factors when none are). Under `Triage`, a
    family is triaged on its triage deadline (R-PR-3) with its profile's band,
    or when the profile has none, a band drawn from the mix's triaged
    profiles; families waiting today untriaged are triaged the same way.

    Args:
        today: The day the simulation starts from; it simulates the days after it.
        caseloads: The team, one `PractitionerCaseload` per practitioner:
            places, the families held today and leave; at least one.
        arrivals: How referrals arrive.
        waiting: The referrals on the waiting list today, each received on
            or before ``today``, each id once.
        acceptance_rate: Share of new referrals accepted at screening, 0 to 1.
        strategy: How the list is ordered (default `Chronological`).
        episodes: How the work runs once allocated.
        calendar: The team's working calendar: bank holidays of its nation
            and its closures, when no meeting or session happens.
        meeting_weekday: The allocation meeting's weekday, 0 (Monday) to 4
            (Friday); default 1 (Tuesday).
        mix: Profiles new referrals are drawn from, equally likely (repeat a
            profile to weight it); empty for the default.

    Raises:
        InvalidForecast: When a value is out of range, a waiting referral was
            received after ``today`` or appears twice, or the triage strategy
            has no band to give.

    Examples:
        >>> import datetime as dt
        >>> scenario = TeamModel(
        ...     today=dt.date(2026, 11, 5),
        ...     caseloads=[PractitionerCaseload(places=8, sessions_remaining=[4, 9]), PractitionerCaseload(places=6)],
        ...     arrivals=Arrivals(weekly_rate=2.5),
        ...     acceptance_rate=0.8,
        ... )
        >>> scenario.places, scenario.held
        (14, 2)
        >>> TeamModel(today=dt.date(2026, 11, 5), caseloads=[], arrivals=Arrivals(weekly_rate=1))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: caseloads must name at least one practitioner (R-CL-1), got ()
    """

    today: dt.date = attrs.field(validator=_check_today)
    caseloads: tuple[PractitionerCaseload, ...] = attrs.field(converter=_to_caseloads)
    arrivals: Arrivals = attrs.field(validator=_check_type(Arrivals, "R-CL-6"))
    waiting: tuple[Referral, ...] = attrs.field(default=(), converter=_to_referrals)
    acceptance_rate: float = attrs.field(default=1.0, converter=_to_acceptance)
    strategy: Strategy = attrs.field(factory=Chronological, validator=_check_strategy)
    episodes: Episodes = attrs.field(factory=Episodes, validator=_check_type(Episodes, "R-EN-2"))
    calendar: WorkingCalendar = attrs.field(factory=WorkingCalendar, validator=_check_calendar)
    meeting_weekday: int = attrs.field(default=1, converter=_to_meeting_weekday)
    mix: tuple[FamilyProfile, ...] = attrs.field(default=(), converter=_to_profiles)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for r in self.waiting:
            if r.received > self.today:
                raise InvalidForecast(
                    "waiting",
                    f"must be received on or before today ({self.today.isoformat()}); "
                    f"referral {r.id!r} was received",
                    r.received,
                    rule="R-PR-4",
                )
            if r.id in seen:
                raise InvalidForecast(
                    "waiting", "must hold each referral id once", r.id, rule="R-PR-4"
                )
            seen.add(r.id)
        if isinstance(self.strategy, Triage):
            known = set(self.strategy.bands)
            for r in self.waiting:
                if r.triage is not None and r.triage.band not in known:
                    raise InvalidForecast(
                        "waiting",
                        f"must name only bands of the triage strategy (referral {r.id!r})",
                        r.triage.band,
                        rule="R-PR-3",
                    )
            for profile in self.profiles:
                if profile.band is not None and profile.band not in known:
                    raise InvalidForecast(
                        "mix",
                        "must name only bands of the triage strategy ("
                        + ", ".join(repr(b) for b in self.strategy.bands)
                        + ")",
                        profile.band,
                        rule="R-PR-3",
                    )
            if not any(p.band is not None for p in self.profiles):
                raise InvalidForecast(
                    "mix",
                    "must hold at least one triaged profile under the triage strategy, "
                    "so simulated families can be given a band",
                    self.mix,
                    rule="R-PR-3",
                )

    @property
    def places(self) -> int:
        """Caseload places across the team.

        Examples:
            >>> import datetime as dt
            >>> TeamModel(today=dt.date(2026, 1, 5), caseloads=[PractitionerCaseload(places=5)] * 3,
            ...          arrivals=Arrivals(weekly_rate=1)).places
            15
        """
        return sum(p.places for p in self.caseloads)

    @property
    def held(self) -> int:
        """Families held across the team today.

        Examples:
            >>> import datetime as dt
            >>> TeamModel(today=dt.date(2026, 1, 5), caseloads=[PractitionerCaseload(places=5, sessions_remaining=[2, 2])],
            ...          arrivals=Arrivals(weekly_rate=1)).held
            2
        """
        return sum(len(p.sessions_remaining) for p in self.caseloads)

    @property
    def profiles(self) -> tuple[FamilyProfile, ...]:
        """The mix new referrals draw from: ``mix``, or the waiting families' profiles.

        Examples:
            >>> import datetime as dt
            >>> TeamModel(today=dt.date(2026, 1, 5), caseloads=[PractitionerCaseload(places=5)],
            ...          arrivals=Arrivals(weekly_rate=1)).profiles
            (FamilyProfile(risk_factors=(), band=None),)
        """
        if self.mix:
            return self.mix
        if self.waiting:
            return tuple(FamilyProfile.of(r) for r in self.waiting)
        return (FamilyProfile(),)
