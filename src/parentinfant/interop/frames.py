"""Results as pandas DataFrames and matplotlib figures, for notebooks.

Needs the optional extra: ``pip install 'parentinfant[notebook]'`` (pandas and
matplotlib). They are imported only when a function here is called; the rest
of the library never needs them. Exact figures (`Fraction`) become floats in
a frame: frames are for looking and plotting, the objects keep the exact
values.

Examples:
    >>> from parentinfant.caseload import Practitioner, Team, team_capacity
    >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5, caseload=12),
    ...                            Practitioner(name="B", contracted_hours=22.5, caseload=12)])
    >>> frame = to_frame(team_capacity(team))
    >>> frame[["name", "families_at_once", "headroom"]].to_string(index=False)
    'name  families_at_once  headroom\\n   A              20.0       8.0\\n   B              12.0       0.0'
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from parentinfant._capacity import PeriodCapacity, TeamCapacity
from parentinfant._planning import ScenarioOutcome
from parentinfant.forecast import QueueSimulation, WaitingListSimulation
from parentinfant.prioritisation import WaitingList

__all__ = ["plot_scenarios", "plot_waiting_list", "to_frame"]


def _module(name: str) -> Any:
    """Import an optional dependency, saying how to install it when missing."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - the test environment has the extra
        raise ImportError(
            f"{name} is needed for this: pip install 'parentinfant[notebook]'"
        ) from exc


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Fraction) else value


def to_frame(value: object) -> Any:
    """A pandas DataFrame of a result: one row per practitioner, scenario, week or family.

    Accepts a `TeamCapacity` (a row per practitioner), the tuple from
    `annual_capacity` (a row per practitioner), the tuple from
    `compare_scenarios` (a row per scenario), a `WaitingListSimulation` (a row
    per week: the list and families held with their intervals), a
    `QueueSimulation` (a row per measure) or a `WaitingList` (a row per family,
    in order, then any not yet triaged with no position).

    Raises:
        TypeError: For anything else, naming its type.

    Examples:
        >>> to_frame(3)
        Traceback (most recent call last):
        ...
        TypeError: to_frame takes a result of parentinfant (team capacity, scenarios, simulation, waiting list), got int
    """
    rows: list[dict[str, object]]
    if isinstance(value, TeamCapacity):
        rows = [{k: _plain(v) for k, v in row.items()} for row in value.rows()]
    elif isinstance(value, WaitingListSimulation):
        rows = value.series()
    elif isinstance(value, QueueSimulation):
        rows = value.rows()
    elif isinstance(value, WaitingList):
        # Families not yet triaged come after the ranked ones, with no
        # position: a frame never leaves a waiting family out.
        rows = [
            {
                "position": e.position,
                "referral": e.referral.id,
                "received": e.referral.received,
                "days_waited": e.waited.days,
                "triaged": True,
                "explanation": e.explanation,
            }
            for e in value
        ] + [
            {
                "position": None,
                "referral": u.referral.id,
                "received": u.referral.received,
                "days_waited": (value.today - u.referral.received).days,
                "triaged": False,
                "explanation": u.explanation,
            }
            for u in value.untriaged
        ]
    elif (
        isinstance(value, Sequence) and value and all(isinstance(v, PeriodCapacity) for v in value)
    ):
        rows = [
            {
                "name": c.name,
                "start": c.start,
                "end": c.end,
                "working_days": c.working_days,
                "leave_days": float(c.leave_days),
                "available_hours": float(c.available_hours),
                "family_sessions": float(c.family_sessions),
            }
            for c in value
        ]
    elif (
        isinstance(value, Sequence)
        and value
        and all(isinstance(v, ScenarioOutcome) for v in value)
    ):
        rows = [
            {
                "scenario": o.name,
                "practitioners": o.practitioners,
                "contracted_hours": float(o.contracted_hours),
                "places": o.places,
                "utilisation": None if o.forecast is None else o.forecast.utilisation,
                "mean_wait_weeks": None if o.forecast is None else o.forecast.mean_wait,
                "probability_of_waiting": (
                    None if o.forecast is None else o.forecast.probability_of_waiting
                ),
                "places_needed": o.places_needed,
                "extra_full_time_needed": o.extra_full_time_needed,
            }
            for o in value
        ]
    else:
        raise TypeError(
            "to_frame takes a result of parentinfant (team capacity, scenarios, simulation, "
            f"waiting list), got {type(value).__name__}"
        )
    pandas = _module("pandas")
    return pandas.DataFrame(rows)


def plot_waiting_list(
    result: WaitingListSimulation, *, ax: Any = None, title: str | None = None
) -> Any:
    """Draw the simulated list length and families held over time, with their intervals.

    Returns:
        The matplotlib ``Axes`` drawn on (a new figure's when ``ax`` is None).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.forecast import Arrivals, PractitionerCaseload, TeamModel, simulate
        >>> model = TeamModel(today=dt.date(2026, 11, 30), arrivals=Arrivals(weekly_rate=1),
        ...                   caseloads=[PractitionerCaseload(places=6)])
        >>> ax = plot_waiting_list(simulate(model, weeks=12, replications=3))
        >>> ax.get_ylabel()
        'families'
    """
    if ax is None:
        pyplot = _module("matplotlib.pyplot")
        _, ax = pyplot.subplots(figsize=(8, 4))
    series = result.series()
    dates = [row["date"] for row in series]
    for key, label in (("waiting", "waiting"), ("held", "held (caseload)")):
        ax.plot(dates, [row[f"{key}_mean"] for row in series], label=label)
        ax.fill_between(
            dates,
            [max(0.0, row[f"{key}_low"]) for row in series],
            [row[f"{key}_high"] for row in series],
            alpha=0.25,
        )
    ax.axhline(result.places, linestyle="--", linewidth=1, color="grey", label="places")
    ax.set_ylabel("families")
    ax.set_title(
        title or f"Simulated waiting list ({result.replications} replications, 95% intervals)"
    )
    ax.legend(loc="upper right")
    ax.figure.autofmt_xdate()
    return ax


def plot_scenarios(outcomes: Sequence[ScenarioOutcome], *, ax: Any = None) -> Any:
    """Draw each scenario's places against the places needed for its target (R-CL-6).

    Examples:
        >>> from parentinfant.caseload import Demand, Practitioner, Scenario, Team, compare_scenarios
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5)])
        >>> outcomes = compare_scenarios([Scenario(name="as is", team=team,
        ...     demand=Demand(referrals_per_week=1, mean_episode_weeks=12))])
        >>> [t.get_text() for t in plot_scenarios(outcomes).get_xticklabels()]
        ['as is']
    """
    if ax is None:
        pyplot = _module("matplotlib.pyplot")
        _, ax = pyplot.subplots(figsize=(6, 4))
    names = [o.name for o in outcomes]
    positions = list(range(len(names)))
    ax.bar([p - 0.2 for p in positions], [o.places for o in outcomes], width=0.4, label="places")
    ax.bar(
        [p + 0.2 for p in positions],
        [o.places_needed for o in outcomes],
        width=0.4,
        label="places needed",
    )
    ax.set_xticks(positions, names)
    ax.set_ylabel("caseload places")
    ax.legend()
    return ax
