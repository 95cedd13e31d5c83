"""Statistics for simulations: Student's t quantile, estimates with intervals, wait histograms.

No SciPy: the t quantile solves P(T > t) = tail by Newton's method, the
tail coming from the regularised incomplete beta function by its continued
fraction (Lentz's method), from a Cornish-Fisher start. Far out in the
tail (beyond 1e10) it is the tail's power law, and from 10,000 degrees of
freedom the Cornish-Fisher series itself, where each is as good. For every
``df >= 1`` and every tail probability a float can hold, it agrees with
the closed forms for 3, 4 and odd degrees of freedom to about 12 significant
figures, and with published tables to 9 (the tests check them), far
beyond what an interval over a few replications needs.

Waits are kept in a streaming histogram with day-wide bins, so a run of a
million families costs a few thousand integers, never a list of every wait.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from statistics import NormalDist
from typing import final

import attrs

from parentinfant._sim_checks import finite
from parentinfant.errors import InvalidForecast

__all__ = ["Estimate", "WaitHistogram", "t_quantile"]

_RULE = "R-CL-6"
_TINY = 1e-300
_SERIES_DF = 10_000.0
"""From this many degrees of freedom the quantile is the Cornish-Fisher series (to 1e-13 for
tails down to 1e-12, 1e-10 even for the smallest)."""
_LOG_FAR = math.log(1e10)
"""Beyond this quantile (its log) the tail's power law is exact to rounding."""
_LOG_LARGEST = math.log(sys.float_info.max)
_LOG_SQRT_PI = 0.5 * math.log(math.pi)
_NEWTON_STEPS = 50


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Lentz's method)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    # For t_quantile's parameters (both under 5,000) the fraction settles within about 100
    # terms (75 at most over a 400,000-input sweep): the bound only guards the loop.
    for m in range(1, 1000):  # pragma: no branch - settles first, in under 100 terms
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-16:
            break
    return h


def _log_gamma_ratio(a: float) -> float:
    """log Γ(a + 1/2) - log Γ(a); from a = 20 its asymptotic series, which does not cancel."""
    if a < 20:
        return math.lgamma(a + 0.5) - math.lgamma(a)
    r = 1 / (a * a)
    return 0.5 * math.log(a) - (1 / 8 - (1 / 192 - (1 / 640 - 17 / 14336 * r) * r) * r) / a


def _cornish_fisher(z: float, nu: float) -> float:
    """The t quantile from the normal one, ``z``, by its series in 1/ν (A&S 26.7.5, to g5)."""
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    g5 = (((((27 * z2 + 339) * z2 + 930) * z2 - 1782) * z2 - 765) * z2 + 17955) * z / 368640
    return z + (g1 + (g2 + (g3 + (g4 + g5 / nu) / nu) / nu) / nu) / nu


def _newton_step(t: float, nu: float, tail: float, log_norm: float, ratio: float) -> float:
    """``t`` moved one Newton step towards P(T > t) = ``tail`` (``t`` more than 0).

    With ``x = ν/(ν + t²)``, ``P(T > t) = I_x(ν/2, 1/2)/2``. Out in the tail the
    step is taken on log t from the log of the tail, so nothing underflows;
    near the centre it is taken on t from ``P(0 < T < t)``, which keeps its
    precision as t goes to 0 (``1/2 - tail`` is exact there).
    """
    a = nu / 2
    tt = t * t
    log_spread = math.log1p(tt / nu)  # -log x
    log_density = log_norm - (a + 0.5) * log_spread
    # log of x^a (1 - x)^(1/2) Γ(a + 1/2) / (Γ(a) Γ(1/2)), the continued fraction's front
    log_front = ratio - _LOG_SQRT_PI - a * log_spread + math.log(t) - 0.5 * math.log(nu + tt)
    x = nu / (nu + tt)
    if x < (a + 1) / (a + 2.5):
        log_upper = log_front + math.log(_continued_fraction(a, 0.5, x) / nu)
        shift = (log_upper - math.log(tail)) * math.exp(log_upper - log_density) / t
        return t * math.exp(shift)
    central = math.exp(log_front) * _continued_fraction(0.5, a, tt / (nu + tt))
    # A safeguard (sweeps with df >= 1 never need it): a step at most halves t, keeping it above 0.
    return max(t + (0.5 - tail - central) / math.exp(log_density), t / 2)


def _upper_quantile(tail: float, nu: float) -> float:
    """The t with P(T > t) = ``tail``, for 0 < ``tail`` < 1/2 and ``nu`` at least 1."""
    if nu == 1:
        return 1 / math.tan(math.pi * tail)
    if nu == 2:
        return (1 - 2 * tail) / math.sqrt(2 * tail * (1 - tail))
    z = -NormalDist().inv_cdf(tail)
    if nu >= _SERIES_DF:
        return _cornish_fisher(z, nu)
    a = nu / 2
    ratio = _log_gamma_ratio(a)
    log_norm = ratio - 0.5 * math.log(nu * math.pi)
    # P(T > t) < (K/ν) t^-ν for every t, K/ν = Γ(a + 1/2) ν^a / (2 Γ(a + 1) √π), so the root
    # of the power law bounds the quantile above, and far out it is the quantile.
    log_far = (ratio - math.log(a) - _LOG_SQRT_PI + a * math.log(nu) - math.log(2 * tail)) / nu
    if log_far >= _LOG_FAR:
        return math.exp(log_far) if log_far < _LOG_LARGEST else math.inf
    t = min(_cornish_fisher(z, nu), math.exp(log_far))
    # From this start Newton settles within 4 steps (at most, over 450,000 random inputs: df
    # from 1 to 10,000, tails down to 5e-324): the bound only guards the loop.
    for _ in range(_NEWTON_STEPS):  # pragma: no branch - settles first, within 4 steps
        new = _newton_step(t, nu, tail, log_norm, ratio)
        settled = abs(new - t) <= 1e-9 * t
        t = new
        if settled:
            break
    # Newton's convergence is quadratic: after a step under 1e-9, one more leaves only rounding.
    return _newton_step(t, nu, tail, log_norm, ratio)


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t distribution with ``df`` degrees of freedom.

    Exact formulas for 1 and 2 degrees of freedom; otherwise Newton's method
    on the tail (from the incomplete beta function) from a Cornish-Fisher
    start, to about 1e-13 relative; the tail's power law far out; and the
    Cornish-Fisher series from 10,000 degrees of freedom. A quantile beyond
    the largest float is returned as ``inf`` (or ``-inf``).

    Args:
        p: A probability, more than 0 and less than 1.
        df: Degrees of freedom, at least 1 (need not be whole).

    Raises:
        InvalidForecast: When ``p`` or ``df`` is out of range.

    Examples:
        >>> round(t_quantile(0.975, 9), 6)   # a 95% interval from 10 replications
        2.262157
        >>> round(t_quantile(0.975, 1), 6), round(t_quantile(0.025, 2), 6)
        (12.706205, -4.302653)
        >>> round(t_quantile(0.975, 10**12), 6)   # the normal quantile, near enough
        1.959964
        >>> t_quantile(1.0, 5)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: p must be more than 0 and less than 1 (R-CL-6), got 1.0
    """
    prob = finite("p", p, _RULE)
    nu = finite("df", df, _RULE)
    if not 0 < prob < 1:
        raise InvalidForecast("p", "must be more than 0 and less than 1", p, rule=_RULE)
    if nu < 1:
        raise InvalidForecast("df", "must be at least 1", df, rule=_RULE)
    if prob == 0.5:
        return 0.0
    # The tail is taken exactly (1 - p is exact for p above 1/2), never as 1 - (1 - p).
    if prob > 0.5:
        return _upper_quantile(1.0 - prob, nu)
    return -_upper_quantile(prob, nu)


def _check_confidence(value: object) -> float:
    level = finite("confidence", value, _RULE)
    if not 0 < level < 1:
        raise InvalidForecast(
            "confidence", "must be more than 0 and less than 1", value, rule=_RULE
        )
    return level


@final
@attrs.frozen(kw_only=True)
class Estimate:
    """A mean across replications with its confidence interval (Student's t).

    Each replication gives one value; the interval is
    ``mean ± t(1 - (1 - confidence)/2, n - 1) · s / √n``, with ``s`` the
    sample standard deviation. With one replication there is no interval:
    ``low`` and ``high`` are ``None``.

    Args:
        mean: The mean of the replications' values.
        low: The interval's lower end, or ``None`` with one replication.
        high: The interval's upper end, or ``None`` with one replication.
        replications: How many replications gave a value.
        confidence: The interval's confidence level (default 0.95).

    Examples:
        >>> e = Estimate.from_replications([3.0, 4.0, 5.0])
        >>> e.mean, round(e.low, 3), round(e.high, 3), e.replications
        (4.0, 1.516, 6.484, 3)
        >>> print(e)
        4 (95% CI 1.52 to 6.48, 3 replications)
    """

    mean: float
    low: float | None
    high: float | None
    replications: int
    confidence: float = 0.95

    @classmethod
    def from_replications(cls, values: Iterable[float], *, confidence: float = 0.95) -> Estimate:
        """The estimate from one value per replication.

        Raises:
            InvalidForecast: When there are no values, or a value is not finite.

        Examples:
            >>> Estimate.from_replications([2.5])
            Estimate(mean=2.5, low=None, high=None, replications=1, confidence=0.95)
            >>> Estimate.from_replications([1.0, 1.0]).high
            1.0
        """
        level = _check_confidence(confidence)
        data = [finite("values", v, _RULE) for v in values]
        return _estimate(data, level, None)

    @property
    def half_width(self) -> float | None:
        """Half the interval's width, or ``None`` without an interval.

        Examples:
            >>> round(Estimate.from_replications([3.0, 4.0, 5.0]).half_width, 3)
            2.484
        """
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the interval (``False`` without an interval).

        Examples:
            >>> Estimate.from_replications([3.0, 4.0, 5.0]).contains(6)
            True
        """
        if self.low is None or self.high is None:
            return False
        return self.low <= value <= self.high

    def __str__(self) -> str:
        many = "s" if self.replications != 1 else ""
        if self.low is None or self.high is None:
            return f"{self.mean:.3g} ({self.replications} replication{many}, no interval)"
        return (
            f"{self.mean:.3g} ({self.confidence:.0%} CI {self.low:.3g} to {self.high:.3g}, "
            f"{self.replications} replication{many})"
        )


def _estimate(data: Sequence[float], confidence: float, t: float | None) -> Estimate:
    """The estimate of ``data`` (not empty); ``t`` is the quantile if already known."""
    n = len(data)
    if n == 0:
        raise InvalidForecast("values", "must hold at least one value", list(data), rule=_RULE)
    mean = math.fsum(data) / n
    if n == 1:
        return Estimate(mean=mean, low=None, high=None, replications=1, confidence=confidence)
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in data) / (n - 1))
    if t is None:
        t = t_quantile(1 - (1 - confidence) / 2, n - 1)
    half = t * spread / math.sqrt(n)
    return Estimate(
        mean=mean, low=mean - half, high=mean + half, replications=n, confidence=confidence
    )


@final
@attrs.frozen(kw_only=True)
class WaitHistogram:
    """Waits counted in day-wide bins: a streaming summary, never a list of every family.

    ``zero`` counts families who did not wait at all. ``counts[i]`` counts the
    others whose wait is at least ``i`` and less than ``i + 1`` days. When
    ``whole_days`` (the weekly-meeting simulation, where waits are whole days)
    every wait in bin ``i`` is exactly ``i`` days and percentiles are exact;
    otherwise (continuous time) a percentile is interpolated within its bin,
    so it is within a day of the exact one. Percentiles use the nearest rank:
    the ``q`` percentile is the smallest wait at least ``q`` of families
    waited no longer than.

    Args:
        counts: Families per day-wide bin of positive waits.
        zero: Families who did not wait.
        total_days: The sum of every wait, in days (exact, for the mean).
        whole_days: Whether every wait is a whole number of days.

    Examples:
        >>> h = WaitHistogram(counts=(0, 0, 0, 0, 0, 0, 0, 2, 1), zero=1, total_days=22.0, whole_days=True)
        >>> h.families, h.mean_weeks, h.percentile(0.5), h.share_longer_than(1)
        (4, 0.7857142857142857, 1.0, 0.25)
    """

    counts: tuple[int, ...]
    zero: int
    total_days: float
    whole_days: bool

    @classmethod
    def pooled(cls, histograms: Iterable[WaitHistogram]) -> WaitHistogram:
        """One histogram from several (replications pooled), bin by bin.

        Examples:
            >>> a = WaitHistogram(counts=(0, 1), zero=2, total_days=1.0, whole_days=True)
            >>> b = WaitHistogram(counts=(0, 0, 3), zero=0, total_days=6.0, whole_days=True)
            >>> WaitHistogram.pooled([a, b])
            WaitHistogram(counts=(0, 1, 3), zero=2, total_days=7.0, whole_days=True)
        """
        parts = list(histograms)
        width = max((len(h.counts) for h in parts), default=0)
        counts = [0] * width
        for h in parts:
            for i, n in enumerate(h.counts):
                counts[i] += n
        return cls(
            counts=tuple(counts),
            zero=sum(h.zero for h in parts),
            total_days=math.fsum(h.total_days for h in parts),
            whole_days=all(h.whole_days for h in parts),
        )

    @property
    def families(self) -> int:
        """How many waits were counted.

        Examples:
            >>> WaitHistogram(counts=(0, 2), zero=1, total_days=2.0, whole_days=True).families
            3
        """
        return self.zero + sum(self.counts)

    @property
    def mean_weeks(self) -> float | None:
        """The mean wait in weeks (from the exact sum), or ``None`` with no families.

        Examples:
            >>> WaitHistogram(counts=(0, 0, 0, 0, 0, 0, 0, 2), zero=0, total_days=14.0, whole_days=True).mean_weeks
            1.0
        """
        n = self.families
        return self.total_days / 7 / n if n else None

    def percentile(self, q: float) -> float:
        """The ``q`` percentile of the waits, in weeks (``q`` from 0 to 1: 0.9 for P90).

        Raises:
            InvalidForecast: When ``q`` is not in [0, 1] or there are no waits.

        Examples:
            >>> h = WaitHistogram(counts=(0, 0, 0, 0, 0, 0, 0, 2, 1), zero=1, total_days=22.0, whole_days=True)
            >>> h.percentile(0), h.percentile(0.25), h.percentile(0.9)
            (0.0, 0.0, 1.1428571428571428)
        """
        share = finite("q", q, _RULE)
        if not 0 <= share <= 1:
            raise InvalidForecast("q", "must be between 0 and 1", q, rule=_RULE)
        n = self.families
        if n == 0:
            raise InvalidForecast("families", "must be at least 1 for a percentile", 0, rule=_RULE)
        return _percentile_days(self.counts, self.zero, n, share, self.whole_days) / 7

    def share_longer_than(self, weeks: float) -> float:
        """The share of families who waited longer than ``weeks`` (0 with no families).

        Examples:
            >>> h = WaitHistogram(counts=(0, 0, 0, 0, 0, 0, 0, 2, 1), zero=1, total_days=22.0, whole_days=True)
            >>> h.share_longer_than(0), h.share_longer_than(8 / 7)
            (0.75, 0.0)
        """
        limit = finite("weeks", weeks, _RULE)
        if limit < 0:
            raise InvalidForecast("weeks", "must be at least 0", weeks, rule=_RULE)
        n = self.families
        return _longer_than(self.counts, limit * 7, self.whole_days) / n if n else 0.0


def _percentile_days(
    counts: Sequence[int], zero: int, n: int, q: float, whole_days: bool
) -> float:
    """The nearest-rank ``q`` percentile in days of ``n`` waits (``n`` at least 1)."""
    rank = max(1, math.ceil(q * n - 1e-9))
    if rank <= zero:
        return 0.0
    seen = zero
    for i, k in enumerate(counts):
        if k and seen + k >= rank:
            if whole_days:
                return float(i)
            return i + (rank - seen) / k
        seen += k
    # Not reached: every caller's counts sum to n - zero, and rank <= n, so the loop returns.
    return float(len(counts))  # pragma: no cover - the loop always returns (see above)


def _longer_than(counts: Sequence[int], days: float, whole_days: bool) -> float:
    """How many positive waits exceed ``days`` (at least 0)."""
    first = math.floor(days)
    if whole_days:
        return float(sum(counts[first + 1 :]))
    partial = counts[first] * (first + 1 - days) if first < len(counts) else 0.0
    return sum(counts[first + 1 :]) + partial
