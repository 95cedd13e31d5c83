"""Plain-text tables and the capacity report shared by the CLI and the demo.

Public names are used through `parentinfant.cli`; this module is private.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from parentinfant._capacity import annual_capacity, team_capacity
from parentinfant._planning import (
    Scenario,
    compare_scenarios,
    funding_calendar,
    team_model,
    waiting_since,
)
from parentinfant._referral import Referral
from parentinfant.errors import InvalidForecast
from parentinfant.forecast import (
    Arrivals,
    Estimate,
    TeamModel,
    WaitingListSimulation,
)
from parentinfant.interop.teamfile import TeamFile
from parentinfant.prioritisation import Strategy


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: int = 0) -> str:
    """Columns padded to fit; the last column runs free, and the last ``right`` before it align right.

    Examples:
        >>> print(table(["Name", "N", "Note"], [["Ann", "3", "ok"], ["Bea", "12", "-"]], right=1))
        Name   N  Note
        ----  --  ----
        Ann    3  ok
        Bea   12  -
    """
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell))
    first_right = len(headers) - 1 - right
    lines = []
    rule = ["-" * w for w in widths[:-1]] + ["-" * len(headers[-1])]
    for row in [list(headers), rule, *map(list, rows)]:
        cells = [
            cell.rjust(widths[i]) if i >= first_right else cell.ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def number(value: Fraction | int | float, places: int = 2) -> str:
    """A figure for people: whole numbers plain, others to ``places`` decimals.

    Examples:
        >>> number(Fraction(20)), number(Fraction(232, 15)), number(2.5, 1)
        ('20', '15.47', '2.5')
    """
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{places}f}"


def financial_year_of(day: dt.date) -> int:
    """The financial year (by its starting calendar year) that ``day`` falls in.

    Examples:
        >>> financial_year_of(dt.date(2027, 3, 31)), financial_year_of(dt.date(2027, 4, 1))
        (2026, 2027)
    """
    return day.year if day >= dt.date(day.year, 4, 1) else day.year - 1


def capacity_data(plan: TeamFile, *, year: int, today: dt.date) -> dict[str, Any]:
    """The capacity report as plain data (exact figures as ``"n/d"`` strings).

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> data = capacity_data(sample_team(), year=2026, today=dt.date(2026, 11, 30))
        >>> data["week"]["families_at_once"], data["week"]["caseload"]
        ('154/3', 47)
    """
    team = plan.team
    week = team_capacity(team)
    annual = annual_capacity(team, year)
    data: dict[str, Any] = {
        "team": team.policy.name,
        "today": today.isoformat(),
        "week": {
            "practitioners": [{k: _plain(v) for k, v in row.items()} for row in week.rows()],
            "contracted_hours": str(week.contracted_hours),
            "family_sessions": str(week.family_sessions),
            "families_at_once": str(week.families_at_once),
            "caseload": week.caseload,
            "headroom": str(week.headroom),
            "hours_out": {k: str(v) for k, v in week.hours_out},
            "non_clinical_hours": str(week.non_clinical_hours),
        },
        "financial_year": {
            "year": funding_calendar(year).label,
            "practitioners": [
                {
                    "name": c.name,
                    "working_days": c.working_days,
                    "leave_days": str(c.leave_days),
                    "family_sessions": str(c.family_sessions),
                }
                for c in annual
            ],
            "family_sessions": str(sum((c.family_sessions for c in annual), Fraction(0))),
        },
        "funding": [{"date": d.isoformat(), "what": what} for d, what in upcoming_funding(today)],
    }
    if plan.maturity is not None:
        data["maturity"] = {
            "started": plan.maturity.started.isoformat(),
            "share_today": str(plan.maturity.share_on(today)),
        }
    if plan.demand is not None:
        (outcome,) = compare_scenarios([Scenario(name="as is", team=team, demand=plan.demand)])
        forecast = outcome.forecast
        data["forecast"] = {
            "places": outcome.places,
            "arrivals_per_week": plan.demand.arrival_rate,
            "mean_episode_weeks": plan.demand.mean_episode_weeks,
            "mean_wait_weeks": None if forecast is None else _finite(forecast.mean_wait),
            "probability_of_waiting": None
            if forecast is None
            else forecast.probability_of_waiting,
            "places_needed_90_within_8_weeks": outcome.places_needed,
            "extra_full_time_needed": outcome.extra_full_time_needed,
            "summary": "no caseload places"
            if forecast is None
            else forecast.explain(unit="weeks"),
        }
    return data


def upcoming_funding(today: dt.date) -> list[tuple[dt.date, str]]:
    """Funding milestones from ``today`` on, for the next two financial years (R-CL-7).

    Examples:
        >>> upcoming_funding(dt.date(2026, 11, 30))[0]
        (datetime.date(2027, 4, 1), 'financial year 2027-28 starts')
        >>> upcoming_funding(dt.date(2026, 11, 30))[1]
        (datetime.date(2027, 6, 1), 'write proposals for 2028-29 over the summer')
    """
    year = financial_year_of(today)
    milestones = [
        m for y in (year + 1, year + 2) for m in funding_calendar(y).milestones() if m[0] >= today
    ]
    return sorted(milestones)


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=80, initial_indent=indent, subsequent_indent=indent + "  ")


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Fraction) else value


def _finite(value: float) -> float | str:
    return value if value != float("inf") else "inf"


def capacity_text(plan: TeamFile, *, year: int, today: dt.date) -> str:
    """The capacity report for people, 80 columns wide (R-CL-1, R-CL-2, R-TM-1, R-CL-3, R-CL-5..7).

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> print(capacity_text(sample_team(), year=2026, today=dt.date(2026, 11, 30)))  # doctest: +ELLIPSIS
        Riverside Parent-Infant Relationship Team (fictional): capacity on 2026-11-30
        ...
    """
    team = plan.team
    week = team_capacity(team)
    out = [
        f"{team.policy.name}: capacity on {today.isoformat()}",
        "",
        "An ordinary week (R-CL-1: four families in a 7.5-hour day, pro rata; routine",
        "meetings and supervision are already allowed for; groups cost their preparation",
        "and follow-up, R-CL-2)",
        "",
    ]
    rows = [
        [
            p.name,
            number(p.contracted_hours),
            number(p.hours_taken_out),
            number(p.families_at_once),
            str(p.caseload),
            number(p.headroom),
            f"over by {number(p.over_capacity_by)}" if p.over_capacity_by else "",
        ]
        for p in week.practitioners
    ]
    rows.append(
        [
            "Team",
            number(week.contracted_hours),
            number(sum((p.hours_taken_out for p in week.practitioners), Fraction(0))),
            number(week.families_at_once),
            str(week.caseload),
            number(week.headroom),
            "",
        ]
    )
    out.append(
        table(["Practitioner", "Hours", "Out", "Places", "Caseload", "Room", ""], rows, right=5)
    )
    if week.hours_out:
        out += [
            "",
            *_wrap(
                "Hours a week taken out: "
                + ", ".join(f"{what} {number(hours)}" for what, hours in week.hours_out)
            ),
        ]
    out.append(
        f"Non-clinical activity to report (R-CL-3): {number(week.non_clinical_hours)} hours a week"
    )
    annual = annual_capacity(team, year)
    label = funding_calendar(year).label
    out += ["", f"Financial year {label} (bank holidays, closures and leave removed)", ""]
    out.append(
        table(
            ["Practitioner", "Days", "Leave", "Sessions", ""],
            [
                [
                    c.name,
                    str(c.working_days),
                    number(c.leave_days, 1),
                    number(c.family_sessions, 0),
                    "",
                ]
                for c in annual
            ]
            + [
                [
                    "Team",
                    str(sum(c.working_days for c in annual)),
                    number(sum((c.leave_days for c in annual), Fraction(0)), 1),
                    number(sum((c.family_sessions for c in annual), Fraction(0)), 0),
                    "",
                ]
            ],
            right=3,
        )
    )
    if plan.maturity is not None:
        share = plan.maturity.share_on(today)
        out += [
            "",
            f"Maturity (R-CL-5): started {plan.maturity.started.isoformat()}; expected output "
            f"today {float(share):.0%} of full stride",
        ]
    for day, what in upcoming_funding(today)[:2]:
        out.append(f"Funding (R-CL-7): {day.isoformat()}: {what}")
    if plan.demand is not None:
        (outcome,) = compare_scenarios([Scenario(name="as is", team=team, demand=plan.demand)])
        demand = plan.demand
        out += [
            "",
            *_wrap(
                f"Forecast (R-CL-6, closed form): {number(demand.arrival_rate, 2)} families a "
                f"week accepted, {number(demand.mean_episode_weeks, 1)}-week episodes"
            ),
            *_wrap(
                outcome.forecast.explain(unit="weeks")
                if outcome.forecast is not None
                else "no whole caseload place: every family waits",
                indent="  ",
            ),
            f"  places for 90% to start within 8 weeks: {outcome.places_needed}; "
            f"full-time staff to add: {outcome.extra_full_time_needed}",
        ]
    return "\n".join(out)


# --------------------------------------------------------------------------- forecast


def forecast_model(
    plan: TeamFile,
    *,
    today: dt.date,
    referrals_per_month: float | None = None,
    strategy: Strategy | None = None,
    waiting: Iterable[Referral] | None = None,
) -> TeamModel:
    """The simulation model of a team file's team today, with its demand (R-CL-6).

    ``referrals_per_month``, when given, replaces the file's ``[demand]``
    referral rate (12 months to 52 weeks). ``waiting``, when given, replaces
    the file's waiting list with real referrals. Courses are the file's
    ``[episodes]``, or the default `Episodes` (6 to 12 weekly sessions).

    Raises:
        InvalidForecast: With no referral rate from either place, or a
            ``referrals_per_month`` that is not a finite number above 0.

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> model = forecast_model(sample_team(), today=dt.date(2026, 11, 30))
        >>> model.places, len(model.waiting), round(model.arrivals.weekly_rate, 2)
        (50, 14, 4.5)
    """
    demand = plan.demand
    if referrals_per_month is not None:
        if (
            isinstance(referrals_per_month, bool)
            or not isinstance(referrals_per_month, int | float)
            or not math.isfinite(referrals_per_month)
            or referrals_per_month <= 0
        ):
            raise InvalidForecast(
                "referrals_per_month",
                "must be a finite number above 0",
                referrals_per_month,
                rule="R-CL-6",
            )
        weekly = float(referrals_per_month) * 12 / 52
    elif demand is not None:
        weekly = demand.referrals_per_week
    else:
        raise InvalidForecast(
            "referrals_per_month",
            "must be given when the team file has no [demand]",
            None,
            rule="R-CL-6",
        )
    return team_model(
        plan.team,
        today=today,
        arrivals=Arrivals(weekly_rate=weekly),
        acceptance_rate=demand.acceptance_rate if demand is not None else 1.0,
        waiting=(
            tuple(waiting)
            if waiting is not None
            else waiting_since(d for d in plan.waiting if d <= today)
        ),
        sessions_remaining=plan.sessions_remaining,
        episodes=plan.episodes,
        strategy=strategy,
    )


def _estimate(value: Estimate | None, places: int = 1) -> str:
    if value is None:
        return "-"
    if value.low is None or value.high is None:  # one replication: no interval
        return f"{value.mean:.{places}f}"
    return f"{value.mean:.{places}f} ({value.low:.{places}f}-{value.high:.{places}f})"


def forecast_text(model: TeamModel, result: WaitingListSimulation, *, name: str) -> str:
    """The forecast for people, 80 columns: the list month by month, waits and where families went.

    Examples:
        >>> from parentinfant.forecast import simulate
        >>> from parentinfant.interop.teamfile import sample_team
        >>> model = forecast_model(sample_team(), today=dt.date(2026, 11, 30))
        >>> result = simulate(model, weeks=8, replications=3, seed=1)
        >>> print(forecast_text(model, result, name="Riverside"))  # doctest: +ELLIPSIS
        Riverside: forecast from 2026-11-30, 8 weeks, 3 replications, seed 1
        ...
    """
    weeks = result.weeks
    out = [
        *_wrap(
            f"{name}: forecast from {result.start.isoformat()}, {weeks} weeks, "
            f"{result.replications} replications, seed {result.seed}"
        ),
        "",
        *_wrap(
            f"The team today: {result.places} caseload places, {model.held} families held, "
            f"{len(model.waiting)} waiting; {model.arrivals.weekly_rate:.2f} referrals a week, "
            f"{model.acceptance_rate:.0%} accepted; allocation at the weekly meeting by "
            f"{model.strategy.name} (R-AL-1); courses of {model.episodes.sessions[0]} to "
            f"{model.episodes.sessions[1]} weekly sessions."
        ),
        "",
        "Families waiting and held at the end of each 4 weeks (mean, 95% interval)",
        "",
    ]
    rows = []
    for k in range(0, weeks + 1, 4):
        w, h = result.waiting_list[k], result.held[k]
        rows.append(
            [
                str(k),
                (result.start + dt.timedelta(weeks=k)).isoformat(),
                _estimate(w),
                _estimate(h),
                "",
            ]
        )
    out.append(table(["Week", "Date", "Waiting", "Held", ""], rows, right=2))
    out += [
        "",
        f"Wait to allocation, weeks (families allocated): mean {_estimate(result.mean_wait)}",
        *_wrap(
            f"median {_estimate(result.wait_p50)}; 90th percentile "
            f"{_estimate(result.wait_p90)}; 95th {_estimate(result.wait_p95)}",
            indent="  ",
        ),
        f"Waited longer than {result.wait_target_weeks:g} weeks: "
        f"{_share(result.waited_longer_than_target)}; places in use: "
        f"{_share(result.utilisation)}",
    ]
    backlog = result.backlog
    if backlog.estimate is not None:
        out.append(
            f"List down to {backlog.target}: after {_estimate(backlog.estimate)} weeks in "
            f"{backlog.cleared} of {result.replications} replications"
        )
    else:
        out.append(f"List down to {backlog.target}: in none of the replications")
    c = result.counts
    out += [
        "",
        *_wrap(
            f"Where families went (all replications): {c.started_waiting} waiting at the "
            f"start and {c.arrived} referred; {c.declined} declined, {c.allocated} allocated, "
            f"{c.still_waiting} still waiting; {c.completed} completed, {c.discharged} "
            f"discharged, {c.still_held} still held."
        ),
    ]
    return "\n".join(out)


def _share(value: Estimate | None) -> str:
    if value is None:
        return "-"
    if value.low is None or value.high is None:  # one replication: no interval
        return f"{value.mean:.0%}"
    return f"{value.mean:.0%} ({value.low:.0%}-{value.high:.0%})"
