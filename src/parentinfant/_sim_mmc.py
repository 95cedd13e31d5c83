"""The M/M/c fast path: exponential arrivals and episodes, ``c`` places, first come first served.

No calendar, no meetings, no sessions: the textbook queue that Erlang C
describes exactly, simulated so the two can be checked against each other
(and so a planner can see the spread around the steady state that a formula
cannot give). Time is continuous and measured in weeks.

Under first come, first served a family's start does not depend on who
leaves when, only on when each place next falls free, so the queue is
simulated by the Kiefer-Wolfowitz recursion rather than an event list: a
heap of the ``c`` times at which the places fall free; each family, in
arrival order, takes the place that falls free first, at its arrival or when
that place falls free, whichever is later. That is exact, costs one heap
operation a family, and keeps nothing per family: waits go into a day-wide
histogram as they are made.

Common random numbers: arrival gaps and episode lengths come from two
separate streams, drawn in family order, so with the same seed the same
family arrives at the same moment and needs the same episode whatever the
number of places. Under first come, first served more places then never
lengthen any family's wait.
"""

from __future__ import annotations

import math
import random
from heapq import heapreplace
from itertools import repeat
from typing import Any, final

import attrs

from parentinfant._sim_checks import count, positive, stream_seed
from parentinfant._sim_stats import (
    Estimate,
    WaitHistogram,
    _check_confidence,
    _estimate,
    _percentile_days,
    t_quantile,
)

__all__ = ["QueueSimulation", "simulate_mmc"]

_RULE = "R-CL-6"
_MOST_SERVERS = 100_000
_MOST_FAMILIES = 1_000_000_000


@attrs.frozen
class _Run:
    """One replication's streaming totals."""

    counts: list[int]
    zero: int
    total_weeks: float
    utilisation: float
    families: int


def _run(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    families: int,
    warm_up: int,
    arrivals: random.Random,
    services: random.Random,
) -> _Run:
    """One replication by the Kiefer-Wolfowitz recursion (see the module's docstring)."""
    log = math.log
    next_arrival = arrivals.random
    next_service = services.random
    free = [0.0] * servers  # a heap: when each place next falls free
    now = 0.0
    for _ in repeat(None, warm_up):
        now -= log(1.0 - next_arrival()) / arrival_rate
        service = -log(1.0 - next_service()) / service_rate
        soonest = free[0]
        heapreplace(free, (soonest if soonest > now else now) + service)
    # Utilisation is measured from the first counted arrival to the last: busy
    # time is the counted episodes, plus warm-up work still under way at the
    # start, less counted work still under way at the end. From any moment on,
    # a place is busy without a break until the time it falls free.
    # Day-wide bins, counted in two parts so the loop allocates nothing: a bytearray of
    # small counts (Python's cached small ints) that carries into ``carried`` every 256th
    # family. Families who did not wait are not counted as they go: they are the rest.
    small = bytearray(64)
    carried = [0] * 64
    total = 0.0
    # The first counted family opens the window; its arrival is drawn here.
    now -= log(1.0 - next_arrival()) / arrival_rate
    start = now
    busy = math.fsum(f - now for f in free if f > now)
    service = -log(1.0 - next_service()) / service_rate
    for _ in repeat(None, families):
        soonest = free[0]
        if soonest > now:
            wait = soonest - now
            total += wait
            day = int(wait * 7.0)
            try:
                small[day] += 1
            except ValueError:  # the byte is full: carry 256
                carried[day] += 256
                small[day] = 0
            except IndexError:
                grow = day + 1 - len(small)
                small.extend(bytes(grow))
                carried.extend([0] * grow)
                small[day] = 1
            heapreplace(free, soonest + service)
        else:
            heapreplace(free, now + service)
        busy += service
        # The next family (one more draw than needed at the end: no family is affected).
        now -= log(1.0 - next_arrival()) / arrival_rate
        service = -log(1.0 - next_service()) / service_rate
    busy -= math.fsum(f - now for f in free if f > now)
    span = now - start
    utilisation = busy / (servers * span) if span > 0 else 0.0
    counts = [c + k for c, k in zip(carried, small, strict=True)]
    while len(counts) > 1 and counts[-1] == 0:
        counts.pop()
    zero = families - sum(counts)
    return _Run(
        counts=counts,
        zero=zero,
        total_weeks=total,
        utilisation=min(1.0, max(0.0, utilisation)),
        families=families,
    )


@final
@attrs.frozen(kw_only=True)
class QueueSimulation:
    """What `simulate_mmc` found: waits, the chance of waiting and utilisation, with intervals.

    Every estimate is the mean over replications with its t interval; waits
    are in weeks. ``waits`` pools every replication's counted families.

    Args:
        arrival_rate: Families arriving a week (λ).
        service_rate: Episodes one place completes a week (μ).
        servers: Caseload places (c).
        families: Families counted in each replication (after ``warm_up``).
        warm_up: Families simulated first in each replication and not counted.
        replications: Independent replications.
        seed: The base seed; replication ``i`` uses streams derived from it and ``i``.
        mean_wait: Mean wait in weeks.
        probability_of_waiting: Share of families who found every place taken.
        utilisation: Share of the places' time in use.
        wait_p50: Median wait in weeks.
        wait_p90: 90th percentile wait in weeks.
        wait_p95: 95th percentile wait in weeks.
        waits: Every counted wait, pooled, in day-wide bins.

    Examples:
        >>> sim = simulate_mmc(1.8, 0.25, 8, families=2_000, replications=3, seed=1)
        >>> sim.waits.families, sim.mean_wait.replications
        (6000, 3)
        >>> 0 <= sim.utilisation.mean <= 1
        True
    """

    arrival_rate: float
    service_rate: float
    servers: int
    families: int
    warm_up: int
    replications: int
    seed: int
    mean_wait: Estimate
    probability_of_waiting: Estimate
    utilisation: Estimate
    wait_p50: Estimate
    wait_p90: Estimate
    wait_p95: Estimate
    waits: WaitHistogram

    def wait_exceeds(self, t: float) -> float:
        """The share of all counted families (pooled) who waited longer than ``t`` weeks.

        The simulated counterpart of ``QueueForecast.wait_exceeds``.

        Examples:
            >>> sim = simulate_mmc(1.8, 0.25, 8, families=2_000, replications=2, seed=1)
            >>> 0 <= sim.wait_exceeds(8) <= sim.wait_exceeds(0) <= 1
            True
        """
        return self.waits.share_longer_than(t)

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per measure: name, unit, mean, interval and replications.

        Examples:
            >>> sim = simulate_mmc(1.8, 0.25, 8, families=500, replications=2, seed=1)
            >>> [row["measure"] for row in sim.rows()]
            ['mean_wait', 'probability_of_waiting', 'utilisation', 'wait_p50', 'wait_p90', 'wait_p95']
        """
        return [
            _row("mean_wait", "weeks", self.mean_wait),
            _row("probability_of_waiting", "share", self.probability_of_waiting),
            _row("utilisation", "share", self.utilisation),
            _row("wait_p50", "weeks", self.wait_p50),
            _row("wait_p90", "weeks", self.wait_p90),
            _row("wait_p95", "weeks", self.wait_p95),
        ]


def _row(measure: str, unit: str, estimate: Estimate) -> dict[str, Any]:
    # Every measure of a QueueSimulation has an estimate: each replication counts families.
    return {
        "measure": measure,
        "unit": unit,
        "mean": estimate.mean,
        "low": estimate.low,
        "high": estimate.high,
        "replications": estimate.replications,
    }


def simulate_mmc(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    *,
    families: int = 100_000,
    replications: int = 10,
    seed: int = 0,
    warm_up: int = 0,
    confidence: float = 0.95,
) -> QueueSimulation:
    """Simulate the M/M/c queue that `erlang_c_wait` describes, to check it or see its spread.

    Families arrive as a Poisson process of ``arrival_rate`` a week, each
    holds one of ``servers`` places for an exponential episode of mean
    ``1 / service_rate`` weeks, and the list is first come, first served,
    in continuous time, with no calendar. Each replication starts empty and
    counts ``families`` families after ``warm_up`` uncounted ones (a warm-up
    of a few hundred families removes most of the empty start's bias when
    comparing with the steady state). A utilisation of 1 or more is allowed:
    the simulation is finite, so the waits it reports are finite too, and
    grow with ``families``.

    Replication ``i`` draws arrival gaps and episode lengths from two streams
    seeded from ``(seed, i)``: the same seed gives the same results, and the
    same families whatever ``servers`` is (common random numbers), so more
    places never lengthen a family's wait.

    Args:
        arrival_rate: Families arriving a week (λ), more than 0.
        service_rate: Episodes one place completes a week (μ), more than 0.
        servers: Caseload places (c), a whole number at least 1.
        families: Families counted in each replication, at least 1.
        replications: Independent replications, at least 1.
        seed: The base seed, a whole number.
        warm_up: Families simulated before counting starts, at least 0.
        confidence: The intervals' confidence level (default 0.95).

    Returns:
        A `QueueSimulation`.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> sim = simulate_mmc(0.5, 1, 1, families=5_000, replications=4, seed=7)
        >>> sim == simulate_mmc(0.5, 1, 1, families=5_000, replications=4, seed=7)
        True
        >>> round(sim.probability_of_waiting.mean, 1)   # Erlang C: 0.5
        0.5
        >>> simulate_mmc(0.5, 1, 0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: servers must be a whole number from 1 to 100,000 (R-CL-6), got 0
    """
    lam = positive("arrival_rate", arrival_rate, _RULE)
    mu = positive("service_rate", service_rate, _RULE)
    c = count("servers", servers, _RULE, minimum=1, maximum=_MOST_SERVERS)
    n = count("families", families, _RULE, minimum=1, maximum=_MOST_FAMILIES)
    reps = count("replications", replications, _RULE, minimum=1)
    base = count("seed", seed, _RULE, minimum=-(2**63), maximum=2**63 - 1)
    warm = count("warm_up", warm_up, _RULE, minimum=0, maximum=_MOST_FAMILIES)
    level = _check_confidence(confidence)
    runs = [
        _run(
            lam,
            mu,
            c,
            n,
            warm,
            random.Random(stream_seed(base, i, "arrivals")),
            random.Random(stream_seed(base, i, "services")),
        )
        for i in range(reps)
    ]
    t = t_quantile(1 - (1 - level) / 2, reps - 1) if reps > 1 else None

    def estimate(values: list[float]) -> Estimate:
        return _estimate(values, level, t)

    def percentile(q: float) -> Estimate:
        return estimate(
            [_percentile_days(r.counts, r.zero, r.families, q, False) / 7 for r in runs]
        )

    histograms = [
        WaitHistogram(
            counts=tuple(r.counts), zero=r.zero, total_days=r.total_weeks * 7, whole_days=False
        )
        for r in runs
    ]
    return QueueSimulation(
        arrival_rate=lam,
        service_rate=mu,
        servers=c,
        families=n,
        warm_up=warm,
        replications=reps,
        seed=base,
        mean_wait=estimate([r.total_weeks / r.families for r in runs]),
        probability_of_waiting=estimate([1 - r.zero / r.families for r in runs]),
        utilisation=estimate([r.utilisation for r in runs]),
        wait_p50=percentile(0.5),
        wait_p90=percentile(0.9),
        wait_p95=percentile(0.95),
        waits=WaitHistogram.pooled(histograms),
    )
