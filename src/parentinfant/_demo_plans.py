"""The demo's planning sections: the next family's first contact and sessions, and the team's capacity.

Private: `parentinfant.cli` prints these. They run on the fictional sample
data and the fictional sample team shipped with the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from parentinfant._capacity import team_capacity
from parentinfant._referral import Referral
from parentinfant._report import forecast_model, number, upcoming_funding
from parentinfant.caseload import FamilyNeeds, suggest_allocation
from parentinfant.contact import (
    ContactPolicy,
    plan_first_contact,
    plan_reminders,
    propose_slots,
)
from parentinfant.endings import plan_sessions
from parentinfant.forecast import Estimate, WaitingListSimulation, simulate
from parentinfant.interop.teamfile import TeamFile
from parentinfant.prioritisation import WaitingList
from parentinfant.workdays import WorkingCalendar

FORECAST_WEEKS = 52
FORECAST_REPLICATIONS = 20
FORECAST_SEED = 1


def next_family_lines(
    ranked: WaitingList, plan: TeamFile, *, today: dt.date, calendar: WorkingCalendar
) -> list[str]:
    """What the team plans for the family at the top of the list (R-AL-1, R-FC-1..4, R-AP-3..4, R-EN-2..4).

    Examples:
        >>> from parentinfant.interop.sample import load_sample
        >>> from parentinfant.interop.teamfile import sample_team
        >>> from parentinfant.prioritisation import Chronological
        >>> sample = load_sample()
        >>> ranked = Chronological().rank([e.referral for e in sample.referrals[:3]], today=sample.today)
        >>> lines = next_family_lines(ranked, sample_team(), today=sample.today,
        ...                           calendar=sample.team.calendar)
        >>> lines[0].startswith("Next family")
        True
    """
    if not len(ranked):
        return ["No family is waiting."]
    entry = ranked[0]
    referral = entry.referral
    family = referral.family
    out = [
        f"Next family: {referral.id}, received {referral.received.isoformat()}, "
        f"waited {entry.waited.days} days",
        "",
        "Allocation suggestions at the weekly meeting (R-AL-1):",
    ]
    suggestions = suggest_allocation(plan.team, FamilyNeeds(referral_id=referral.id))
    out += [f"  {s.explanation}" for s in suggestions]
    policy = ContactPolicy(confirm_by_letter=True)
    contact = plan_first_contact(family, policy=policy)
    out += ["", "First contact (R-FC-1..4, R-AL-4):"]
    out += [
        f"  {m.recipient}: {m.purpose} by {m.channel.value} - {m.reason}" for m in contact.messages
    ]
    out += [f"  {name}: not contacted - {why}" for name, why in contact.not_contacted]
    week = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    slots = propose_slots(
        first_day=week,
        days=5,
        duration=dt.timedelta(hours=1),
        family=family,
        calendar=calendar,
        policy=policy,
        step_minutes=60,
    )
    school = " avoiding the school runs" if family.school_age_children else ""
    out += [
        "",
        f"First appointment slots next week{school} (R-AP-3): "
        + ", ".join(s.strftime("%a %d %b %H:%M") for s in slots[:4])
        + (f" and {len(slots) - 4} more" if len(slots) > 4 else ""),
    ]
    if slots:
        reminders, skipped = plan_reminders(slots[0], family, calendar=calendar, policy=policy)
        out.append(
            "Reminders for the first slot (R-AP-4): "
            + (
                "; ".join(
                    f"{r.recipient} by {r.channel.value} {r.at.strftime('%a %d %b %H:%M')}"
                    for r in reminders
                )
                or "none"
            )
        )
        out += [f"  {name}: not reminded - {why}" for name, why in skipped]
    sessions = plan_sessions()
    out += [
        "",
        f"Session plan (R-EN-2..4): {sessions.total} sessions; review at session "
        f"{sessions.review_session}; ending phase from session {sessions.ending_starts_at}",
    ]
    return out


def forecast_result(
    plan: TeamFile, today: dt.date, waiting: Iterable[Referral] | None = None
) -> WaitingListSimulation:
    """The demo's 12-month forecast for the sample team (seeded, so the same every run).

    ``waiting`` replaces the team file's waiting list with the sample's own.

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> r = forecast_result(sample_team(), dt.date(2026, 11, 27))
        >>> r.weeks, r.replications, r.seed
        (52, 20, 1)
    """
    model = forecast_model(plan, today=today, waiting=waiting)
    return simulate(
        model, weeks=FORECAST_WEEKS, replications=FORECAST_REPLICATIONS, seed=FORECAST_SEED
    )


def _interval(value: Estimate | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if value.low is None or value.high is None:  # one replication: no interval
        return f"{value.mean:.1f}{unit}"
    return f"{value.mean:.1f}{unit} ({value.low:.1f}-{value.high:.1f})"


def capacity_lines(plan: TeamFile, result: WaitingListSimulation, today: dt.date) -> list[str]:
    """The sample team's capacity and its 12-month forecast, in a few lines (R-CL-1, R-CL-6, R-CL-7).

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> plan = sample_team()
        >>> today = dt.date(2026, 11, 27)
        >>> capacity_lines(plan, forecast_result(plan, today), today)[0]
        'Capacity of the sample team (R-CL-1, R-TM-1): 4 practitioners, 108.75 hours a week'
    """
    week = team_capacity(plan.team)
    waiting, end = result.waiting_list[0], result.waiting_list[-1]
    funding = upcoming_funding(today)
    return [
        f"Capacity of the sample team (R-CL-1, R-TM-1): {len(week.practitioners)} "
        f"practitioners, {number(week.contracted_hours)} hours a week",
        f"  {number(week.families_at_once)} families at once, {week.caseload} held, "
        f"room for {number(week.headroom)}; non-clinical time {number(week.non_clinical_hours)} "
        "hours a week (R-CL-3)",
        f"  next funding milestone (R-CL-7): {funding[0][0].isoformat()}, {funding[0][1]}"
        if funding
        else "",
        "",
        f"Forecast for {FORECAST_WEEKS} weeks (R-CL-6; simulation, {result.replications} "
        f"replications, seed {result.seed}; mean and 95% interval):",
        f"  waiting list {waiting.mean:.0f} now, {_interval(end)} in a year",
        f"  wait to allocation {_interval(result.mean_wait, ' weeks')}; 90% allocated within "
        f"{_interval(result.wait_p90, ' weeks')}",
        f"  waited longer than {result.wait_target_weeks:g} weeks: "
        + (
            f"{result.waited_longer_than_target.mean:.0%}"
            if result.waited_longer_than_target is not None
            else "-"
        )
        + f"; places in use {result.utilisation.mean:.0%}",
        "  (parentinfant capacity and parentinfant forecast give the full reports)",
    ]


def capacity_data(plan: TeamFile, result: WaitingListSimulation) -> dict[str, Any]:
    """The same as data for ``parentinfant demo --json``.

    Examples:
        >>> from parentinfant.interop.teamfile import sample_team
        >>> plan = sample_team()
        >>> data = capacity_data(plan, forecast_result(plan, dt.date(2026, 11, 27)))
        >>> data["families_at_once"], data["forecast"]["weeks"]
        ('154/3', 52)
    """
    week = team_capacity(plan.team)
    return {
        "team": plan.team.policy.name,
        "families_at_once": str(week.families_at_once),
        "caseload": week.caseload,
        "headroom": str(week.headroom),
        "forecast": {
            "weeks": result.weeks,
            "replications": result.replications,
            "seed": result.seed,
            "measures": result.rows(),
            "waiting_now": result.waiting_list[0].mean,
            "waiting_in_a_year": {
                "mean": result.waiting_list[-1].mean,
                "low": result.waiting_list[-1].low,
                "high": result.waiting_list[-1].high,
            },
        },
    }
