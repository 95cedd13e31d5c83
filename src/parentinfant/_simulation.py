"""Simulating a team's waiting list: how long families will wait, and what would change it.

A team lead or commissioner asks: how long will families wait, how long will
it take to clear the backlog, how many practitioners keep waits under eight
weeks? `simulate` answers by a seeded discrete-event simulation of the
team as it is today (a `TeamModel`: the families already waiting, each
practitioner's caseload) going forward week by week:

- referrals arrive as a Poisson process, at a weekly rate or a monthly
  profile with seasonality (`Arrivals`), and a share are accepted at
  screening (R-SC-4);
- the list is ordered by the team's own strategy (`Chronological`,
  `RiskWeighted`, `Triage`, or any `Strategy`) at the weekly allocation
  meeting (R-AL-1), which fills the free caseload places from the top;
- allocated families have weekly sessions for a course (`Episodes`), with
  missed sessions (DNAs) offered again, discharge after too many, and
  extensions (R-EN-1, R-EN-2); no sessions on bank holidays of the team's
  nation, closure days, or in a practitioner's leave weeks.

Each replication draws from its own `random.Random` streams, seeded from the
base seed and the replication's index (never the global random state), so
a seed gives the same answer every time. Results are means across
replications with t confidence intervals (`Estimate`), waits are kept in a
day-wide streaming histogram (`WaitHistogram`), and `Conservation` counts
show that no family was lost or counted twice.

`simulate_mmc` is the textbook M/M/c queue simulated exactly and fast, to
check against Erlang C (`parentinfant.forecast.erlang_c_wait`) and to see
the spread around its steady state.

Examples:
    >>> import datetime as dt
    >>> scenario = TeamModel(
    ...     today=dt.date(2026, 11, 5),
    ...     caseloads=[PractitionerCaseload(places=8, sessions_remaining=[3, 5, 8, 10, 12, 6, 4, 9])] * 2,
    ...     arrivals=Arrivals(weekly_rate=1.5),
    ...     episodes=Episodes(sessions=(6, 12), attendance=0.85),
    ... )
    >>> result = simulate(scenario, weeks=26, replications=4, seed=1)
    >>> result.counts.balanced, result.waiting_list[0].mean
    (True, 0.0)
    >>> 0 <= result.utilisation.mean <= 1
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, final

import attrs

from parentinfant._sim_checks import count, finite
from parentinfant._sim_engine import Conservation, MeetingRecord, Outcome, plan, run
from parentinfant._sim_mmc import QueueSimulation, simulate_mmc
from parentinfant._sim_model import (
    Arrivals,
    Episodes,
    FamilyProfile,
    PractitionerCaseload,
    TeamModel,
)
from parentinfant._sim_stats import (
    Estimate,
    WaitHistogram,
    _check_confidence,
    _estimate,
    _percentile_days,
    t_quantile,
)
from parentinfant.errors import InvalidForecast

__all__ = [
    "Arrivals",
    "BacklogClearance",
    "Conservation",
    "Episodes",
    "Estimate",
    "FamilyProfile",
    "MeetingRecord",
    "PractitionerCaseload",
    "QueueSimulation",
    "TeamModel",
    "WaitHistogram",
    "WaitingListSimulation",
    "simulate",
    "simulate_mmc",
    "t_quantile",
    "trace_meetings",
]

_RULE = "R-CL-6"
_MOST_WEEKS = 52 * 50
_MOST_REPLICATIONS = 100_000


@final
@attrs.frozen(kw_only=True)
class BacklogClearance:
    """How long the list took to come down to a target length, replication by replication.

    The list counts as cleared in the first week whose end finds it at or
    below ``target`` families (week 0 is today).

    Args:
        target: The list length that counts as cleared.
        weeks: For each replication, the first week the list was at or below
            ``target``, or ``None`` if it never was within the simulation.
        estimate: The mean over the replications that cleared, with its
            interval, or ``None`` if none did.

    Examples:
        >>> clearance = BacklogClearance(target=10, weeks=(12, None, 15), estimate=None)
        >>> clearance.cleared, clearance.never_cleared
        (2, 1)
    """

    target: int
    weeks: tuple[int | None, ...]
    estimate: Estimate | None

    @property
    def cleared(self) -> int:
        """Replications in which the list came down to the target.

        Examples:
            >>> BacklogClearance(target=0, weeks=(0, 3), estimate=None).cleared
            2
        """
        return sum(1 for w in self.weeks if w is not None)

    @property
    def never_cleared(self) -> int:
        """Replications in which it never did, within the simulated weeks.

        Examples:
            >>> BacklogClearance(target=0, weeks=(None, 3), estimate=None).never_cleared
            1
        """
        return sum(1 for w in self.weeks if w is None)


@final
@attrs.frozen(kw_only=True)
class WaitingListSimulation:
    """What `simulate` found: the list over time, waits, utilisation and where everyone went.

    Waits are in weeks, from the day a referral was received to the meeting
    that allocated it, for the families allocated during the simulation
    (including those already waiting today, whose waits so far count).
    Families still waiting at the end have not finished waiting, so their
    waits are not in the wait statistics; `counts` and the list length show
    them. A wait statistic is ``None`` when no family was allocated in any
    replication; otherwise it is the mean over the replications that
    allocated someone.

    Args:
        start: The scenario's today: week 0.
        weeks: Weeks simulated.
        replications: Independent replications.
        seed: The base seed.
        places: Caseload places across the team.
        wait_target_weeks: The wait that `waited_longer_than_target` measures against.
        waiting_list: Families on the list at the end of each week (index 0: today).
        held: Families held at the end of each week (index 0: today).
        mean_wait: Mean wait.
        wait_p50: Median wait (exact to the day).
        wait_p90: 90th percentile wait.
        wait_p95: 95th percentile wait.
        probability_of_waiting: Share of families not allocated at the first
            meeting after they were received (families waiting today count
            as having waited if received on or before the latest meeting
            weekday).
        waited_longer_than_target: Share of families who waited longer than
            ``wait_target_weeks``.
        utilisation: Share of place-days held.
        backlog: When the list came down to the backlog target.
        counts: Where every family went, summed over replications.
        replication_counts: The same, for each replication.
        peak_held: The most families held at once, in any replication.
        waits: Every allocated family's wait, pooled, in day-wide bins.

    Examples:
        >>> import datetime as dt
        >>> scenario = TeamModel(today=dt.date(2026, 11, 5), caseloads=[PractitionerCaseload(places=4)],
        ...                     arrivals=Arrivals(weekly_rate=1))
        >>> result = simulate(scenario, weeks=8, replications=2, seed=5)
        >>> len(result.waiting_list), result.peak_held <= result.places
        (9, True)
    """

    start: dt.date
    weeks: int
    replications: int
    seed: int
    places: int
    wait_target_weeks: float
    waiting_list: tuple[Estimate, ...]
    held: tuple[Estimate, ...]
    mean_wait: Estimate | None
    wait_p50: Estimate | None
    wait_p90: Estimate | None
    wait_p95: Estimate | None
    probability_of_waiting: Estimate | None
    waited_longer_than_target: Estimate | None
    utilisation: Estimate
    backlog: BacklogClearance
    counts: Conservation
    replication_counts: tuple[Conservation, ...]
    peak_held: int
    waits: WaitHistogram

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per measure: name, unit, mean, interval and replications.

        Examples:
            >>> import datetime as dt
            >>> scenario = TeamModel(today=dt.date(2026, 11, 5), caseloads=[PractitionerCaseload(places=4)],
            ...                     arrivals=Arrivals(weekly_rate=1))
            >>> [row["measure"] for row in simulate(scenario, weeks=4, replications=2).rows()]
            ... # doctest: +NORMALIZE_WHITESPACE
            ['mean_wait', 'wait_p50', 'wait_p90', 'wait_p95', 'probability_of_waiting',
             'waited_longer_than_target', 'utilisation', 'weeks_to_clear_backlog']
        """
        return [
            _row("mean_wait", "weeks", self.mean_wait),
            _row("wait_p50", "weeks", self.wait_p50),
            _row("wait_p90", "weeks", self.wait_p90),
            _row("wait_p95", "weeks", self.wait_p95),
            _row("probability_of_waiting", "share", self.probability_of_waiting),
            _row("waited_longer_than_target", "share", self.waited_longer_than_target),
            _row("utilisation", "share", self.utilisation),
            _row("weeks_to_clear_backlog", "weeks", self.backlog.estimate),
        ]

    def series(self) -> list[dict[str, Any]]:
        """One plain dict per week: the date and the list length and families held.

        Keys: ``week``, ``date`` (the week's last day), ``waiting_mean``,
        ``waiting_low``, ``waiting_high``, ``held_mean``, ``held_low``, ``held_high``.

        Examples:
            >>> import datetime as dt
            >>> scenario = TeamModel(today=dt.date(2026, 11, 5), caseloads=[PractitionerCaseload(places=4)],
            ...                     arrivals=Arrivals(weekly_rate=1))
            >>> first = simulate(scenario, weeks=4, replications=2).series()[0]
            >>> first["week"], first["date"], first["waiting_mean"], first["held_mean"]
            (0, datetime.date(2026, 11, 5), 0.0, 0.0)
        """
        return [
            {
                "week": k,
                "date": self.start + dt.timedelta(weeks=k),
                "waiting_mean": w.mean,
                "waiting_low": w.low,
                "waiting_high": w.high,
                "held_mean": h.mean,
                "held_low": h.low,
                "held_high": h.high,
            }
            for k, (w, h) in enumerate(zip(self.waiting_list, self.held, strict=True))
        ]

    def share_waiting_longer_than(self, weeks: float) -> float:
        """Share of allocated families (pooled over replications) who waited longer than ``weeks``.

        Examples:
            >>> import datetime as dt
            >>> scenario = TeamModel(today=dt.date(2026, 11, 5), caseloads=[PractitionerCaseload(places=1)],
            ...                     arrivals=Arrivals(weekly_rate=2))
            >>> result = simulate(scenario, weeks=26, replications=2, seed=2)
            >>> result.share_waiting_longer_than(8) <= result.share_waiting_longer_than(1)
            True
        """
        return self.waits.share_longer_than(weeks)


def _row(measure: str, unit: str, estimate: Estimate | None) -> dict[str, Any]:
    return {
        "measure": measure,
        "unit": unit,
        "mean": estimate.mean if estimate is not None else None,
        "low": estimate.low if estimate is not None else None,
        "high": estimate.high if estimate is not None else None,
        "replications": estimate.replications if estimate is not None else 0,
    }


def _check_scenario(scenario: object) -> TeamModel:
    if not isinstance(scenario, TeamModel):
        raise InvalidForecast("scenario", "must be a TeamModel", scenario, rule=_RULE)
    return scenario


def _check_run(weeks: object, replications: object, seed: object) -> tuple[int, int, int]:
    return (
        count("weeks", weeks, _RULE, minimum=1, maximum=_MOST_WEEKS),
        count("replications", replications, _RULE, minimum=1, maximum=_MOST_REPLICATIONS),
        count("seed", seed, _RULE, minimum=-(2**63), maximum=2**63 - 1),
    )


def simulate(
    scenario: TeamModel,
    *,
    weeks: int = 52,
    replications: int = 20,
    seed: int = 0,
    backlog_target: int = 0,
    wait_target_weeks: float = 8,
    confidence: float = 0.95,
    progress: Callable[[int, int], None] | None = None,
) -> WaitingListSimulation:
    """Simulate the team's waiting list for ``weeks`` weeks from today, ``replications`` times.

    See `TeamModel` for what is simulated. Replication ``i`` seeds its random
    streams from ``(seed, i)``, so the same scenario and seed always give
    the same result, and replications are independent of one another.

    Args:
        scenario: The team today and the assumptions.
        weeks: Weeks to simulate, 1 to 2,600.
        replications: Independent replications, at least 1 (at least 2 for intervals).
        seed: The base seed, a whole number.
        backlog_target: The list length that counts as the backlog cleared, at least 0.
        wait_target_weeks: The wait to report the share of longer waits against
            (default 8 weeks), at least 0.
        confidence: The intervals' confidence level (default 0.95).
        progress: Called with (replications done, replications) after each
            one, for a progress bar; it cannot change the result.

    Returns:
        A `WaitingListSimulation`.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import Referral, SelfReferral
        >>> fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
        >>> backlog = [Referral(id=f"R{i}", received=dt.date(2026, 9, 1) + dt.timedelta(days=i),
        ...                     route=SelfReferral(), family=fam) for i in range(30)]
        >>> scenario = TeamModel(today=dt.date(2026, 11, 5), waiting=backlog,
        ...                     caseloads=[PractitionerCaseload(places=6)] * 3,
        ...                     arrivals=Arrivals(weekly_rate=1), acceptance_rate=0.8)
        >>> result = simulate(scenario, weeks=52, replications=5, seed=11, backlog_target=5)
        >>> result.waiting_list[0].mean, result.backlog.cleared + result.backlog.never_cleared
        (30.0, 5)
        >>> result == simulate(scenario, weeks=52, replications=5, seed=11, backlog_target=5)
        True
        >>> simulate(scenario, weeks=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: weeks must be a whole number from 1 to 2,600 (R-CL-6), got 0
    """
    scenario = _check_scenario(scenario)
    weeks, replications, seed = _check_run(weeks, replications, seed)
    target = count("backlog_target", backlog_target, _RULE, minimum=0)
    wait_target = finite("wait_target_weeks", wait_target_weeks, _RULE)
    if wait_target < 0:
        raise InvalidForecast(
            "wait_target_weeks", "must be at least 0", wait_target_weeks, rule=_RULE
        )
    level = _check_confidence(confidence)
    shared = plan(scenario, weeks)
    outcomes = []
    for r in range(replications):
        outcomes.append(
            run(
                shared,
                seed=seed,
                replication=r,
                backlog_target=target,
                wait_target_days=7 * wait_target,
            )
        )
        if progress is not None:
            progress(r + 1, replications)
    return _summarise(scenario, outcomes, weeks, seed, target, wait_target, level)


def _summarise(
    scenario: TeamModel,
    outcomes: Sequence[Outcome],
    weeks: int,
    seed: int,
    target: int,
    wait_target: float,
    level: float,
) -> WaitingListSimulation:
    reps = len(outcomes)
    t_all = t_quantile(1 - (1 - level) / 2, reps - 1) if reps > 1 else None

    def estimate(values: Sequence[float]) -> Estimate:
        return _estimate(values, level, t_all if len(values) == reps else None)

    def maybe(values: Sequence[float]) -> Estimate | None:
        return estimate(values) if values else None

    served = [o for o in outcomes if o.counts.allocated]

    def percentile(q: float) -> Estimate | None:
        return maybe(
            [
                _percentile_days(o.wait_counts, o.zero_waits, o.counts.allocated, q, True) / 7
                for o in served
            ]
        )

    cleared = tuple(o.cleared_week for o in outcomes)
    total = outcomes[0].counts
    for o in outcomes[1:]:
        total = total + o.counts
    return WaitingListSimulation(
        start=scenario.today,
        weeks=weeks,
        replications=reps,
        seed=seed,
        places=scenario.places,
        wait_target_weeks=wait_target,
        waiting_list=tuple(
            estimate([o.waiting_series[k] for o in outcomes]) for k in range(weeks + 1)
        ),
        held=tuple(estimate([o.held_series[k] for o in outcomes]) for k in range(weeks + 1)),
        mean_wait=maybe([o.total_wait_days / 7 / o.counts.allocated for o in served]),
        wait_p50=percentile(0.5),
        wait_p90=percentile(0.9),
        wait_p95=percentile(0.95),
        probability_of_waiting=maybe([o.waited / o.counts.allocated for o in served]),
        waited_longer_than_target=maybe(
            [o.longer_than_target / o.counts.allocated for o in served]
        ),
        utilisation=estimate([o.held_days / o.place_days for o in outcomes]),
        backlog=BacklogClearance(
            target=target,
            weeks=cleared,
            estimate=maybe([w for w in cleared if w is not None]),
        ),
        counts=total,
        replication_counts=tuple(o.counts for o in outcomes),
        peak_held=max(o.peak_held for o in outcomes),
        waits=WaitHistogram.pooled(
            WaitHistogram(
                counts=o.wait_counts,
                zero=o.zero_waits,
                total_days=float(o.total_wait_days),
                whole_days=True,
            )
            for o in outcomes
        ),
    )


def trace_meetings(
    scenario: TeamModel, *, weeks: int, seed: int = 0, replication: int = 0
) -> tuple[MeetingRecord, ...]:
    """Every allocation meeting of one replication, as `simulate` runs it.

    For checking and explaining a run: each `MeetingRecord` holds the
    referrals waiting as the meeting opened, so the allocation can be set
    beside ``scenario.strategy.rank`` of the same list on the same day. The
    records hold every waiting referral at every meeting, so keep traces short.

    Args:
        scenario: The team today and the assumptions.
        weeks: Weeks to simulate, 1 to 2,600.
        seed: The base seed, as for `simulate`.
        replication: Which replication to trace, as numbered by `simulate`.

    Raises:
        InvalidForecast: When an input is out of range, naming it.

    Examples:
        >>> import datetime as dt
        >>> scenario = TeamModel(today=dt.date(2029, 12, 20), caseloads=[PractitionerCaseload(places=3)],
        ...                     arrivals=Arrivals(weekly_rate=2))   # meetings on Tuesdays
        >>> [m.day.isoformat() for m in trace_meetings(scenario, weeks=3, seed=1)]
        ['2029-12-27', '2030-01-02', '2030-01-08']
        >>> # Christmas Day and Boxing Day 2029 fall on Tuesday and Wednesday, New Year's Day on a Tuesday.
    """
    scenario = _check_scenario(scenario)
    weeks, _, seed = _check_run(weeks, 1, seed)
    index = count("replication", replication, _RULE, minimum=0, maximum=_MOST_REPLICATIONS)
    record: list[MeetingRecord] = []
    run(
        plan(scenario, weeks),
        seed=seed,
        replication=index,
        backlog_target=0,
        wait_target_days=0.0,
        record=record,
    )
    return tuple(record)
