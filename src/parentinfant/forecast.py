"""Closed-form queueing forecasts for growth planning (R-CL-6).

How long will families wait with eight caseload places instead of seven? How
many places keep the mean wait under a month? This module answers with the
standard formulas of queueing theory, in a fraction of a second, so a team can
sweep over options in a notebook before it plans a change (R-CL-6).

A *server* is one caseload place: a family holds it from allocation to the end
of the work. ``arrival_rate`` is families accepted onto the waiting list per
unit of time, ``service_rate`` is one over the mean time a family holds a place
(a 4-week episode is 0.25 a week), and every wait comes back in the same unit
as the rates.

- `erlang_c_wait`: the M/M/c queue (Poisson arrivals, exponential episodes),
  exact under its assumptions.
- `allen_cunneen_wait`: the Allen-Cunneen approximation for episodes that are
  more regular than exponential, such as a fixed course of 6 to 12 sessions.
- `servers_needed`: the fewest places that meet a target wait.
- `little_queue_length` and `little_wait`: Little's law, L = λW.
- `simulate`: a seeded discrete-event simulation of the team as it is today
  (`TeamModel`: the families already waiting, each practitioner's caseload
  with sessions remaining), week by week, under the team's own prioritisation
  strategy, calendar and leave; `simulate_mmc`: the textbook M/M/c queue,
  simulated fast, to check the closed forms.

The forecasts are floats: they are estimates, not exact arithmetic. A queue
whose utilisation is 1 or more has no steady state (the list grows without
limit); it comes back as an `UnstableQueue`, never as an exception, a
division by zero or a negative wait, and shares the read-only surface of a
`QueueForecast` so a sweep over server counts treats both alike.

Examples:
    >>> from parentinfant.forecast import erlang_c_wait, servers_needed
    >>> forecast = erlang_c_wait(1.8, 0.25, 8)  # 1.8 families a week, 4-week episodes
    >>> round(forecast.mean_wait, 4), round(forecast.probability_of_waiting, 3)
    (3.5077, 0.702)
    >>> print(forecast.explain(unit="weeks"))
    8 places at 90% utilisation: 70.2% of families wait, mean wait 3.51 weeks, 90% start within 9.74 weeks (Erlang C, M/M/c)
    >>> [round(erlang_c_wait(1.8, 0.25, c).mean_wait, 2) for c in range(6, 11)]
    [inf, inf, 3.51, 0.96, 0.36]
    >>> servers_needed(1.8, 0.25, mean_wait=1)
    9
"""

from __future__ import annotations

import enum
import math
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Literal, SupportsIndex, final

import attrs

from parentinfant._sim_checks import finite
from parentinfant._simulation import (
    Arrivals,
    BacklogClearance,
    Conservation,
    Episodes,
    Estimate,
    FamilyProfile,
    MeetingRecord,
    PractitionerCaseload,
    QueueSimulation,
    TeamModel,
    WaitHistogram,
    WaitingListSimulation,
    simulate,
    simulate_mmc,
    t_quantile,
    trace_meetings,
)
from parentinfant._validate import parse_enum
from parentinfant.errors import InvalidForecast

__all__ = [
    "Arrivals",
    "BacklogClearance",
    "Conservation",
    "Episodes",
    "Estimate",
    "FamilyProfile",
    "Forecast",
    "ForecastMethod",
    "MeetingRecord",
    "PractitionerCaseload",
    "QueueForecast",
    "QueueSimulation",
    "TeamModel",
    "UnstableQueue",
    "WaitHistogram",
    "WaitingListSimulation",
    "allen_cunneen_wait",
    "erlang_c_wait",
    "little_queue_length",
    "little_wait",
    "servers_needed",
    "simulate",
    "simulate_mmc",
    "t_quantile",
    "trace_meetings",
]

Number = int | float | Fraction | Decimal

_RULE = "R-CL-6"
_MOST_LOAD = 1_000_000
"""The largest offered load forecast here: far beyond any team, and it keeps the sums fast."""
_MOST_SERVERS = 10_000_000
_MOST_CV = 1000


class ForecastMethod(enum.Enum):
    """How a forecast was computed: the exact M/M/c formula or the G/G/c approximation.

    Examples:
        >>> ForecastMethod("allen-cunneen")
        <ForecastMethod.ALLEN_CUNNEEN: 'allen-cunneen'>
    """

    ERLANG_C = "erlang-c"
    ALLEN_CUNNEEN = "allen-cunneen"


# --------------------------------------------------------------------------- validation


def _number(field: str, value: object) -> float:
    """``value`` as a finite float, refusing bool, text, NaN and infinity."""
    return finite(field, value, _RULE)


def _rate(field: str, value: object) -> float:
    number = _number(field, value)
    if number <= 0:
        raise InvalidForecast(field, "must be more than 0", value, rule=_RULE)
    return number


def _cv(field: str, value: object) -> float:
    number = _number(field, value)
    if not 0 <= number <= _MOST_CV:
        raise InvalidForecast(field, f"must be between 0 and {_MOST_CV}", value, rule=_RULE)
    return number


def _servers(value: object) -> int:
    # A count: an int (or a NumPy integer), never a bool and never a float like 8.0.
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise InvalidForecast("servers", "must be a whole number", value, rule=_RULE)
    count = operator.index(value)
    if not 1 <= count <= _MOST_SERVERS:
        raise InvalidForecast(
            "servers", f"must be a whole number from 1 to {_MOST_SERVERS:,}", value, rule=_RULE
        )
    return int(count)


def _share(value: object) -> float:
    number = _number("share", value)
    if not 0 < number < 1:
        raise InvalidForecast("share", "must be more than 0 and less than 1", value, rule=_RULE)
    return number


def _time(field: str, value: object) -> float:
    number = _number(field, value)
    if number < 0:
        raise InvalidForecast(field, "must be at least 0", value, rule=_RULE)
    return number


def _to_arrival_rate(value: Number) -> float:
    return _rate("arrival_rate", value)


def _to_service_rate(value: Number) -> float:
    return _rate("service_rate", value)


def _to_servers(value: int) -> int:
    return _servers(value)


def _to_arrival_cv(value: Number) -> float:
    return _cv("arrival_cv", value)


def _to_service_cv(value: Number) -> float:
    return _cv("service_cv", value)


def _to_method(value: ForecastMethod | str) -> ForecastMethod:
    return parse_enum(ForecastMethod, value, "method", InvalidForecast, _RULE)


# --------------------------------------------------------------------------- the formulas


def _utilisation(arrival_rate: float, service_rate: float, servers: int) -> float:
    return arrival_rate / (servers * service_rate)


def _erlang_b_step(load: float, blocking: float, servers: int) -> float:
    """Erlang B for ``servers`` from Erlang B for one server fewer (no factorials)."""
    return load * blocking / (servers + load * blocking)


def _erlang_b(load: float, servers: int) -> float:
    """Erlang's loss formula by its recursion, which never overflows (B(0) = 1)."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = _erlang_b_step(load, blocking, k)
        if blocking == 0.0:  # underflowed: it stays 0 for every larger count
            break
    return blocking


def _erlang_c(blocking: float, utilisation: float) -> float:
    """Erlang C (the chance of waiting) from Erlang B, for utilisation below 1."""
    return min(1.0, blocking / (1.0 - utilisation * (1.0 - blocking)))


def _mean_wait(variability: float, waiting: float, spare: float) -> float:
    """The mean wait, ``variability · C / (cμ - λ)``, from the chance of waiting and spare rate."""
    return variability * waiting / spare


def _wait_exceeds(waiting: float, spare: float, variability: float, time: float) -> float:
    """The tail ``C · exp(-(cμ - λ) t / variability)``; ``C`` itself at ``t = 0`` or ``C = 0``."""
    if time == 0 or waiting == 0:
        return waiting
    return waiting * math.exp(-(spare / variability) * time)


def _check_load(arrival_rate: float, service_rate: float) -> None:
    if arrival_rate / service_rate > _MOST_LOAD:
        raise InvalidForecast(
            "arrival_rate",
            f"must be at most {_MOST_LOAD:,} times service_rate ({service_rate!r}), "
            "the largest offered load forecast here",
            arrival_rate,
            rule=_RULE,
        )


def _least_stable_servers(arrival_rate: float, service_rate: float) -> int:
    servers = math.floor(arrival_rate / service_rate) + 1
    # Settle float rounding at the boundary, so the answer agrees with `utilisation`.
    while _utilisation(arrival_rate, service_rate, servers) >= 1:
        servers += 1
    while servers > 1 and _utilisation(arrival_rate, service_rate, servers - 1) < 1:
        servers -= 1
    return servers


def _percent(share: float, places: int = 0) -> str:
    """A share as a percentage, with enough decimals that only 1 reads as 100%."""
    text = f"{share:.{places}%}"
    while share != 1 and float(text[:-1]) == 100 and places < 6:
        places += 1
        text = f"{share:.{places}%}"
    return text


def _amount(value: float) -> str:
    return f"{value:,.2f}" if value >= 0.01 or value == 0 else f"{value:.2g}"


# --------------------------------------------------------------------------- the forecasts


@attrs.frozen(kw_only=True)
class _Queue:
    """The inputs every forecast holds, and what follows from them alone."""

    arrival_rate: float = attrs.field(converter=_to_arrival_rate)
    service_rate: float = attrs.field(converter=_to_service_rate)
    servers: int = attrs.field(converter=_to_servers)
    method: ForecastMethod = attrs.field(default=ForecastMethod.ERLANG_C, converter=_to_method)
    arrival_cv: float = attrs.field(default=1.0, converter=_to_arrival_cv)
    service_cv: float = attrs.field(default=1.0, converter=_to_service_cv)

    def __attrs_post_init__(self) -> None:
        _check_load(self.arrival_rate, self.service_rate)
        if self.method is ForecastMethod.ERLANG_C:
            for field, cv in (("arrival_cv", self.arrival_cv), ("service_cv", self.service_cv)):
                if cv != 1:
                    raise InvalidForecast(
                        field,
                        "must be 1 with the erlang-c method (use allen-cunneen)",
                        cv,
                        rule=_RULE,
                    )

    @property
    def offered_load(self) -> float:
        """The load in servers' worth of work: arrival rate over service rate (λ/μ).

        Examples:
            >>> erlang_c_wait(1.8, 0.25, 8).offered_load
            7.2
        """
        return self.arrival_rate / self.service_rate

    @property
    def utilisation(self) -> float:
        """The share of the servers' time in use, λ/(cμ); 1 or more is unstable.

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).utilisation, 10)
            0.9
            >>> round(erlang_c_wait(1.8, 0.25, 6).utilisation, 4)
            1.2
        """
        return _utilisation(self.arrival_rate, self.service_rate, self.servers)

    @property
    def variability(self) -> float:
        """The Allen-Cunneen factor (ca² + cs²)/2 that scales the M/M/c wait; 1 for Erlang C.

        Examples:
            >>> allen_cunneen_wait(1.8, 0.25, 8, service_cv=0.5).variability
            0.625
            >>> erlang_c_wait(1.8, 0.25, 8).variability
            1.0
        """
        return (self.arrival_cv * self.arrival_cv + self.service_cv * self.service_cv) / 2

    @property
    def servers_for_stability(self) -> int:
        """The fewest servers that make utilisation less than 1.

        Examples:
            >>> erlang_c_wait(1.8, 0.25, 5).servers_for_stability
            8
            >>> erlang_c_wait(2, 0.25, 12).servers_for_stability  # a load of exactly 8 needs 9
            9
        """
        return _least_stable_servers(self.arrival_rate, self.service_rate)

    def _label(self) -> str:
        if self.method is ForecastMethod.ERLANG_C:
            return "Erlang C, M/M/c"
        return (
            f"Allen-Cunneen approximation, arrival cv {self.arrival_cv:g}, "
            f"service cv {self.service_cv:g}"
        )


@final
@attrs.frozen(kw_only=True)
class QueueForecast(_Queue):
    """The steady state of a queue whose utilisation is below 1.

    Made by `erlang_c_wait` and `allen_cunneen_wait`; constructing one
    directly checks the same things. Waits are in the unit of time of the
    rates.

    Erlang C (the chance that a family waits) and the waiting-time tail
    ``P(wait > t) = C·exp(-(cμ - λ)t)`` are the standard M/M/c results (Gross,
    Shortle, Thompson and Harris, *Fundamentals of Queueing Theory*, 4th ed.,
    Wiley 2008, section 2.3). C is computed from Erlang B by its recursion
    ``B(k) = aB(k-1)/(k + aB(k-1))`` and ``C = B/(1 - ρ(1 - B))``, so thousands
    of servers work without factorials or overflow.

    With the Allen-Cunneen method the mean wait is the M/M/c mean wait times
    `variability`, the chance of waiting is left at Erlang C, and the tail is
    the exponential tail stretched by the same factor,
    ``C·exp(-(cμ - λ)t / variability)``, so its mean matches; percentiles are
    therefore approximate. When both coefficients of variation are 0 (regular
    arrivals, fixed episodes) nobody waits at utilisation below 1.

    Args:
        arrival_rate: Families arriving per unit of time (λ), more than 0.
        service_rate: Episodes one server completes per unit of time (μ), more
            than 0: one over the mean episode length.
        servers: Caseload places (c), a whole number at least 1.
        method: ``"erlang-c"`` (default) or ``"allen-cunneen"``.
        arrival_cv: Coefficient of variation of the time between arrivals
            (1 for Poisson arrivals; must be 1 with Erlang C).
        service_cv: Coefficient of variation of the episode length (1 for
            exponential episodes; must be 1 with Erlang C).

    Raises:
        InvalidForecast: When an input is out of range, or the utilisation is
            1 or more (that is an `UnstableQueue`).

    Examples:
        >>> forecast = QueueForecast(arrival_rate=1.8, service_rate=0.25, servers=8)
        >>> round(forecast.mean_wait, 4)
        3.5077
        >>> QueueForecast(arrival_rate=1.8, service_rate=0.25, servers=7)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: servers must be more than the offered load (7.2) for a stable queue; erlang_c_wait returns an UnstableQueue instead (R-CL-6), got 7
    """

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.utilisation >= 1:
            raise InvalidForecast(
                "servers",
                f"must be more than the offered load ({self.offered_load:g}) for a stable "
                "queue; erlang_c_wait returns an UnstableQueue instead",
                self.servers,
                rule=_RULE,
            )

    @property
    def stable(self) -> Literal[True]:
        """Always ``True``: the queue settles to a steady state.

        Examples:
            >>> erlang_c_wait(1.8, 0.25, 8).stable
            True
        """
        return True

    @property
    def probability_of_waiting(self) -> float:
        """The chance that an arriving family finds every place taken (Erlang C).

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).probability_of_waiting, 4)
            0.7015
            >>> erlang_c_wait(0.5, 1, 1).probability_of_waiting  # one server: C = ρ
            0.5
        """
        if self.variability == 0:
            return 0.0
        blocking = _erlang_b(self.offered_load, self.servers)
        return _erlang_c(blocking, self.utilisation)

    @property
    def mean_wait(self) -> float:
        """The mean time a family waits before a place is free (Wq).

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).mean_wait, 4)
            3.5077
            >>> round(allen_cunneen_wait(1.8, 0.25, 8, service_cv=0.5).mean_wait, 4)
            2.1923
        """
        spare = self.servers * self.service_rate - self.arrival_rate
        return _mean_wait(self.variability, self.probability_of_waiting, spare)

    @property
    def mean_queue_length(self) -> float:
        """The mean number of families waiting, by Little's law: Lq = λ·Wq.

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).mean_queue_length, 3)
            6.314
        """
        return self.arrival_rate * self.mean_wait

    @property
    def mean_time_in_system(self) -> float:
        """The mean time from joining the list to the end of the work: Wq + 1/μ.

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).mean_time_in_system, 4)
            7.5077
        """
        return self.mean_wait + 1 / self.service_rate

    @property
    def mean_in_system(self) -> float:
        """The mean number of families waiting or being seen, by Little's law.

        Examples:
            >>> round(erlang_c_wait(1.8, 0.25, 8).mean_in_system, 3)
            13.514
        """
        return self.arrival_rate * self.mean_time_in_system

    def wait_exceeds(self, t: float) -> float:
        """The chance that a family waits longer than ``t``: C·exp(-(cμ - λ)t).

        With the Allen-Cunneen method the exponent is divided by `variability`
        (an approximation).

        Args:
            t: A time, at least 0, in the unit of the rates.

        Returns:
            A probability; at ``t = 0`` it is `probability_of_waiting`.

        Raises:
            InvalidForecast: When ``t`` is negative or not a finite number.

        Examples:
            >>> forecast = erlang_c_wait(1.8, 0.25, 8)
            >>> forecast.wait_exceeds(0) == forecast.probability_of_waiting
            True
            >>> round(forecast.wait_exceeds(4), 4)  # 0.7015 · exp(-0.2 · 4)
            0.3152
        """
        time = _time("t", t)
        spare = self.servers * self.service_rate - self.arrival_rate
        return _wait_exceeds(self.probability_of_waiting, spare, self.variability, time)

    def wait_percentile(self, q: float) -> float:
        """The wait that a share ``q`` of families do not exceed (the q-quantile).

        It is 0 when at least ``q`` of families do not wait at all
        (``q <= 1 - probability_of_waiting``). With the Allen-Cunneen method it
        comes from the stretched exponential tail and is approximate.

        Args:
            q: A share, from 0 up to but not including 1.

        Returns:
            The time ``t`` with ``wait_exceeds(t) == 1 - q``, or 0.

        Raises:
            InvalidForecast: When ``q`` is not in [0, 1).

        Examples:
            >>> forecast = erlang_c_wait(1.8, 0.25, 8)
            >>> round(forecast.wait_percentile(0.9), 2)
            9.74
            >>> forecast.wait_percentile(0.25)  # 29.8% do not wait at all
            0.0
        """
        share = _number("q", q)
        if not 0 <= share < 1:
            raise InvalidForecast("q", "must be at least 0 and less than 1", q, rule=_RULE)
        waiting = self.probability_of_waiting
        if waiting <= 1 - share:
            return 0.0
        decay = (self.servers * self.service_rate - self.arrival_rate) / self.variability
        if decay == 0:  # underflowed: the tail is flatter than a float can say
            return math.inf
        return math.log(waiting / (1 - share)) / decay

    def explain(self, unit: str = "time units") -> str:
        """One line a person can read: places, utilisation, waits and the method.

        Args:
            unit: The unit of time of the rates, used for the waits.

        Examples:
            >>> print(erlang_c_wait(1.8, 0.25, 9).explain(unit="weeks"))
            9 places at 80% utilisation: 43.2% of families wait, mean wait 0.96 weeks, 90% start within 3.25 weeks (Erlang C, M/M/c)
        """
        return (
            f"{self.servers} place{'s' if self.servers != 1 else ''} at "
            f"{_percent(self.utilisation)} utilisation: "
            f"{_percent(self.probability_of_waiting, 1)} of families wait, "
            f"mean wait {_amount(self.mean_wait)} {unit}, "
            f"90% start within {_amount(self.wait_percentile(0.9))} {unit} ({self._label()})"
        )


@final
@attrs.frozen(kw_only=True)
class UnstableQueue(_Queue):
    """A queue whose utilisation is 1 or more: the waiting list grows without limit.

    It has no steady state, so every wait is infinite and every family waits.
    It answers the same questions as a `QueueForecast` so a sweep over server
    counts can treat both alike, and `servers_for_stability` says how many
    servers would be the fewest to make it stable.

    Args:
        arrival_rate: Families arriving per unit of time (λ), more than 0.
        service_rate: Episodes one server completes per unit of time (μ).
        servers: Caseload places (c), a whole number at least 1.
        method: ``"erlang-c"`` (default) or ``"allen-cunneen"``.
        arrival_cv: Coefficient of variation of the time between arrivals.
        service_cv: Coefficient of variation of the episode length.

    Raises:
        InvalidForecast: When an input is out of range, or the utilisation is
            below 1 (that is a `QueueForecast`).

    Examples:
        >>> queue = erlang_c_wait(1.8, 0.25, 7)
        >>> queue.stable, queue.mean_wait, queue.servers_for_stability
        (False, inf, 8)
    """

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.utilisation < 1:
            raise InvalidForecast(
                "servers",
                f"must be at most the offered load ({self.offered_load:g}) for an unstable "
                "queue; erlang_c_wait returns a QueueForecast instead",
                self.servers,
                rule=_RULE,
            )

    @property
    def stable(self) -> Literal[False]:
        """Always ``False``: the queue has no steady state.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).stable
            False
        """
        return False

    @property
    def probability_of_waiting(self) -> float:
        """Always 1: in the long run every family waits.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).probability_of_waiting
            1.0
        """
        return 1.0

    @property
    def mean_wait(self) -> float:
        """Always ``math.inf``: the wait grows without limit.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).mean_wait
            inf
        """
        return math.inf

    @property
    def mean_queue_length(self) -> float:
        """Always ``math.inf``: the list grows without limit.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).mean_queue_length
            inf
        """
        return math.inf

    @property
    def mean_time_in_system(self) -> float:
        """Always ``math.inf``.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).mean_time_in_system
            inf
        """
        return math.inf

    @property
    def mean_in_system(self) -> float:
        """Always ``math.inf``.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).mean_in_system
            inf
        """
        return math.inf

    def wait_exceeds(self, t: float) -> float:
        """Always 1 (after checking ``t``): in the long run every wait exceeds ``t``.

        Args:
            t: A time, at least 0.

        Raises:
            InvalidForecast: When ``t`` is negative or not a finite number.

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).wait_exceeds(52)
            1.0
        """
        _time("t", t)
        return 1.0

    def wait_percentile(self, q: float) -> float:
        """Always ``math.inf`` (after checking ``q``).

        Args:
            q: A share, from 0 up to but not including 1.

        Raises:
            InvalidForecast: When ``q`` is not in [0, 1).

        Examples:
            >>> erlang_c_wait(2, 0.25, 8).wait_percentile(0.5)
            inf
        """
        share = _number("q", q)
        if not 0 <= share < 1:
            raise InvalidForecast("q", "must be at least 0 and less than 1", q, rule=_RULE)
        return math.inf

    def explain(self, unit: str = "time units") -> str:
        """One line a person can read: the list grows, and what would make it stable.

        Args:
            unit: The unit of time of the rates (unused: no wait is finite).

        Examples:
            >>> print(erlang_c_wait(2, 0.25, 8).explain())
            8 places at 100% utilisation: the waiting list grows without limit; 9 places would make it stable (Erlang C, M/M/c)
        """
        needed = self.servers_for_stability
        return (
            f"{self.servers} place{'s' if self.servers != 1 else ''} at "
            f"{_percent(self.utilisation)} utilisation: the waiting list grows without limit; "
            f"{needed} place{'s' if needed != 1 else ''} would make it stable ({self._label()})"
        )


Forecast = QueueForecast | UnstableQueue
"""A forecast, stable or not; both answer the same questions, and ``stable`` tells them apart."""


# --------------------------------------------------------------------------- the functions


def _forecast(
    arrival_rate: Number,
    service_rate: Number,
    servers: int,
    method: ForecastMethod,
    arrival_cv: Number,
    service_cv: Number,
) -> Forecast:
    arrival = _rate("arrival_rate", arrival_rate)
    service = _rate("service_rate", service_rate)
    count = _servers(servers)
    kind = QueueForecast if _utilisation(arrival, service, count) < 1 else UnstableQueue
    return kind(
        arrival_rate=arrival,
        service_rate=service,
        servers=count,
        method=method,
        arrival_cv=_cv("arrival_cv", arrival_cv),
        service_cv=_cv("service_cv", service_cv),
    )


def erlang_c_wait(arrival_rate: Number, service_rate: Number, servers: int) -> Forecast:
    """Forecast an M/M/c queue: Poisson arrivals, exponential episodes, ``servers`` places.

    The formulas are the standard M/M/c results (Gross, Shortle, Thompson and
    Harris, *Fundamentals of Queueing Theory*, 4th ed., Wiley 2008, section
    2.3); see `QueueForecast`. They assume that any free place takes the next
    family on the list.

    Args:
        arrival_rate: Families arriving per unit of time (λ), more than 0.
        service_rate: Episodes one place completes per unit of time (μ), more
            than 0: one over the mean episode length.
        servers: Caseload places (c), a whole number at least 1 (not a float).

    Returns:
        A `QueueForecast` when utilisation is below 1, else an `UnstableQueue`.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> round(erlang_c_wait(1.8, 0.25, 8).mean_wait, 4)
        3.5077
        >>> erlang_c_wait(1.8, 0.25, 7)
        UnstableQueue(arrival_rate=1.8, service_rate=0.25, servers=7, method=<ForecastMethod.ERLANG_C: 'erlang-c'>, arrival_cv=1.0, service_cv=1.0)
        >>> erlang_c_wait(1.8, 0.25, 8.0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: servers must be a whole number (R-CL-6), got 8.0
    """
    return _forecast(arrival_rate, service_rate, servers, ForecastMethod.ERLANG_C, 1.0, 1.0)


def allen_cunneen_wait(
    arrival_rate: Number,
    service_rate: Number,
    servers: int,
    *,
    service_cv: Number,
    arrival_cv: Number = 1.0,
) -> Forecast:
    """Forecast a G/G/c queue by the Allen-Cunneen approximation.

    The mean wait is the M/M/c mean wait times ``(ca² + cs²)/2``, where ``ca``
    and ``cs`` are the coefficients of variation (standard deviation over
    mean) of the time between arrivals and of the episode length (Allen,
    *Probability, Statistics, and Queueing Theory with Computer Science
    Applications*, 2nd ed., Academic Press 1990). A fixed course of 6 to 12
    sessions varies far less than an exponential episode (cs well below 1),
    so families wait less than Erlang C says. Percentiles come from the M/M/c
    exponential tail stretched by the same factor and are approximate; see
    `QueueForecast`. With ``cs = ca = 1`` it is exactly `erlang_c_wait`.

    Args:
        arrival_rate: Families arriving per unit of time (λ), more than 0.
        service_rate: Episodes one place completes per unit of time (μ).
        servers: Caseload places (c), a whole number at least 1.
        service_cv: Coefficient of variation of the episode length, 0 to 1000.
        arrival_cv: Coefficient of variation of the time between arrivals
            (default 1, as for referrals arriving independently).

    Returns:
        A `QueueForecast` when utilisation is below 1, else an `UnstableQueue`,
        either with ``method`` ``"allen-cunneen"``.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> forecast = allen_cunneen_wait(1.8, 0.25, 8, service_cv=0.5)
        >>> forecast.method.value, round(forecast.mean_wait, 4)  # 3.5077 · (1 + 0.25)/2
        ('allen-cunneen', 2.1923)
        >>> allen_cunneen_wait(1.8, 0.25, 8, service_cv=-1)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: service_cv must be between 0 and 1000 (R-CL-6), got -1
    """
    return _forecast(
        arrival_rate,
        service_rate,
        servers,
        ForecastMethod.ALLEN_CUNNEEN,
        arrival_cv,
        service_cv,
    )


def servers_needed(
    arrival_rate: Number,
    service_rate: Number,
    *,
    mean_wait: Number | None = None,
    within: Number | None = None,
    share: Number | None = None,
    service_cv: Number | None = None,
) -> int:
    """The fewest servers (caseload places) that meet a waiting-time target.

    Give exactly one target: ``mean_wait`` (the mean wait is at most this), or
    ``within`` (at least ``share`` of families, default 0.9, wait no longer
    than ``within``: ``wait_exceeds(within) <= 1 - share``). The answer is
    always more than the offered load, and one server fewer misses the target.

    Args:
        arrival_rate: Families arriving per unit of time (λ), more than 0.
        service_rate: Episodes one place completes per unit of time (μ).
        mean_wait: The target mean wait, more than 0.
        within: The target wait for ``share`` of families, at least 0.
        share: The share of families who must start within ``within``, more
            than 0 and less than 1; only with ``within`` (default 0.9).
        service_cv: The coefficient of variation of the episode length; when
            given the forecast is `allen_cunneen_wait` (with Poisson arrivals),
            otherwise `erlang_c_wait`.

    Returns:
        The least whole number of servers meeting the target.

    Raises:
        InvalidForecast: When an input is out of range, or the targets are
            given in a combination that does not make one target.

    Examples:
        >>> servers_needed(1.8, 0.25, mean_wait=1)
        9
        >>> servers_needed(1.8, 0.25, within=2, share=0.9)
        10
        >>> servers_needed(1.8, 0.25, within=2, share=0.9, service_cv=0.3)
        9
        >>> servers_needed(1.8, 0.25)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: mean_wait or within must be given, one target (R-CL-6), got None
    """
    arrival = _rate("arrival_rate", arrival_rate)
    service = _rate("service_rate", service_rate)
    if mean_wait is None and within is None:
        raise InvalidForecast("mean_wait", "or within must be given, one target", None, rule=_RULE)
    if mean_wait is not None and within is not None:
        raise InvalidForecast(
            "within", "must be None when mean_wait is given, one target", within, rule=_RULE
        )
    if mean_wait is not None and share is not None:
        raise InvalidForecast(
            "share",
            "must be None with a mean_wait target (it goes with within)",
            share,
            rule=_RULE,
        )
    given: object
    if mean_wait is not None:
        target = _rate("mean_wait", mean_wait)
        field, given = "mean_wait", mean_wait
    else:
        target = _time("within", within)
        field, given = "within", within
    most_waiting = 1 - _share(0.9 if share is None else share)
    cv = 1.0 if service_cv is None else _cv("service_cv", service_cv)
    _check_load(arrival, service)

    # Walk up from one server with the Erlang B recursion, a constant cost per step. Each
    # step computes what the forecast for that many servers computes (the same recursion,
    # utilisation, variability and formulas, `_mean_wait` and `_wait_exceeds`), so the
    # first count that meets the target is the least whose forecast meets it.
    load = arrival / service
    variability = (1.0 + cv * cv) / 2
    blocking, servers = 1.0, 0
    while True:
        servers += 1
        if servers > _MOST_SERVERS:
            # A guard: Erlang B underflows to 0, meeting every target, by twice the offered
            # load (a few hundred servers for a small load), and `_check_load` keeps the
            # load at most 1,000,000, so the walk stops long before this many servers.
            raise InvalidForecast(
                field,
                f"must be reachable with at most {_MOST_SERVERS:,} servers",
                given,
                rule=_RULE,
            )
        blocking = _erlang_b_step(load, blocking, servers)
        utilisation = _utilisation(arrival, service, servers)
        if utilisation >= 1:
            continue
        waiting = 0.0 if variability == 0 else _erlang_c(blocking, utilisation)
        spare = servers * service - arrival
        if field == "mean_wait":
            if _mean_wait(variability, waiting, spare) <= target:
                return servers
        elif _wait_exceeds(waiting, spare, variability, target) <= most_waiting:
            return servers


def little_queue_length(arrival_rate: Number, mean_wait: Number) -> float:
    """The mean number waiting from the mean wait, by Little's law: L = λW.

    Little's law holds for any queue in a steady state, whatever the
    distributions (Little, *Operations Research* 9(3), 1961).

    Args:
        arrival_rate: Families arriving per unit of time, more than 0.
        mean_wait: The mean wait, at least 0, in the same unit of time.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> little_queue_length(1.8, 10)  # 1.8 a week waiting 10 weeks: 18 on the list
        18.0
    """
    return _rate("arrival_rate", arrival_rate) * _time("mean_wait", mean_wait)


def little_wait(arrival_rate: Number, queue_length: Number) -> float:
    """The mean wait from the mean number waiting, by Little's law: W = L/λ.

    Args:
        arrival_rate: Families arriving per unit of time, more than 0.
        queue_length: The mean number waiting, at least 0.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> little_wait(2, 30)  # 30 on the list, 2 joining a week: 15 weeks' wait
        15.0
    """
    return _time("queue_length", queue_length) / _rate("arrival_rate", arrival_rate)
