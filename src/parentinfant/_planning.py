"""Planning over time: growth scenarios, team maturity and the funding calendar.

R-CL-5 (a new team takes about three years to reach full stride), R-CL-6
(growth must be planned: capacity, waits and the staff needed, side by side)
and R-CL-7 (budgets are set in September and October, so proposals are written
over the summer). Public names are re-exported from `parentinfant.caseload`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, final

import attrs

from parentinfant._capacity import (
    Practitioner,
    Team,
    exact,
    financial_year,
    practitioner_capacity,
    team_capacity,
)
from parentinfant._referral import Referral, SelfReferral
from parentinfant._sim_checks import positive
from parentinfant._validate import non_empty_text
from parentinfant.errors import InvalidForecast, InvalidPolicy
from parentinfant.family import Family, Infant, Parent
from parentinfant.forecast import (
    Arrivals,
    Episodes,
    FamilyProfile,
    Forecast,
    PractitionerCaseload,
    TeamModel,
    allen_cunneen_wait,
    erlang_c_wait,
    servers_needed,
)
from parentinfant.prioritisation import Chronological, Strategy

# --------------------------------------------------------------------------- maturity (R-CL-5)


def _to_start_share(value: Any) -> Fraction:
    share = exact("start_share", value, "R-CL-5")
    if not 0 <= share <= 1:
        raise InvalidPolicy("start_share", "must be between 0 and 1", value, rule="R-CL-5")
    return share


def _check_years(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise InvalidPolicy(
            attribute.name, "must be a whole number from 1 to 10", value, rule="R-CL-5"
        )


def _require_date(field: str, value: object, rule: str) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidPolicy(field, "must be a date", value, rule=rule)


def _check_date(_instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    _require_date(attribute.name, value, "R-CL-5")


@final
@attrs.frozen(kw_only=True)
class MaturityRamp:
    """How a new team's expected output builds up to full stride (R-CL-5).

    A new multidisciplinary team takes about three years to reach full
    stride. The ramp is a straight line from ``start_share`` of full output on
    the day the team starts to all of it ``years_to_full`` years later. The
    default starting share, one half, is this project's placeholder, not a
    published figure: set it from the team's own experience or its funder's
    expectations.

    Args:
        started: The day the team started.
        start_share: The share of full output expected at the start (0 to 1).
        years_to_full: Years to full stride (3, R-CL-5).

    Examples:
        >>> import datetime as dt
        >>> ramp = MaturityRamp(started=dt.date(2026, 4, 1))
        >>> ramp.share_on(dt.date(2026, 4, 1)), ramp.share_on(dt.date(2027, 10, 1))
        (Fraction(1, 2), Fraction(1643, 2190))
        >>> ramp.share_on(dt.date(2030, 1, 1))
        Fraction(1, 1)
    """

    started: dt.date = attrs.field(validator=_check_date)
    start_share: Fraction = attrs.field(default=Fraction(1, 2), converter=_to_start_share)
    years_to_full: int = attrs.field(default=3, validator=_check_years)

    def share_on(self, day: dt.date) -> Fraction:
        """The share of full output expected on ``day``: 0 before the team starts.

        Days are counted exactly; a year is 365 days.

        Examples:
            >>> import datetime as dt
            >>> MaturityRamp(started=dt.date(2026, 4, 1)).share_on(dt.date(2026, 3, 31))
            Fraction(0, 1)
        """
        _require_date("day", day, "R-CL-5")
        if day < self.started:
            return Fraction(0)
        progress = min(Fraction(1), Fraction((day - self.started).days, 365 * self.years_to_full))
        return self.start_share + (1 - self.start_share) * progress

    def scale(self, full_output: Any, day: dt.date) -> Fraction:
        """``full_output`` (families, sessions, outcomes) scaled to what is expected on ``day``.

        Examples:
            >>> import datetime as dt
            >>> MaturityRamp(started=dt.date(2026, 4, 1)).scale(120, dt.date(2026, 4, 1))
            Fraction(60, 1)
        """
        return exact("full_output", full_output, "R-CL-5") * self.share_on(day)


# --------------------------------------------------------------------------- funding (R-CL-7)


@final
@attrs.frozen(kw_only=True)
class FundingCalendar:
    """The dates that matter for funding one financial year (R-CL-7).

    UK public-sector financial years run from 1 April to 31 March. Budgets for
    a year are usually drawn up in the September and October before it, so
    proposals are written over the summer before that.

    Args:
        financial_year: The year the financial year starts in (2027 for 2027-28).
        year_start: 1 April.
        year_end: 31 March of the next calendar year.
        proposals_from: Start of the summer proposal window (1 June).
        proposals_by: End of the summer window (31 August).
        budget_setting_from: Start of budget setting (1 September).
        budget_setting_to: End of budget setting (31 October).

    Examples:
        >>> cal = funding_calendar(2027)
        >>> cal.label, cal.proposals_from, cal.budget_setting_to
        ('2027-28', datetime.date(2026, 6, 1), datetime.date(2026, 10, 31))
    """

    financial_year: int
    year_start: dt.date
    year_end: dt.date
    proposals_from: dt.date
    proposals_by: dt.date
    budget_setting_from: dt.date
    budget_setting_to: dt.date

    @property
    def label(self) -> str:
        """The year as people write it: ``2027-28``.

        Examples:
            >>> funding_calendar(2099).label
            '2099-00'
        """
        return f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}"

    def milestones(self) -> tuple[tuple[dt.date, str], ...]:
        """Each date with what happens, in order.

        Examples:
            >>> for day, what in funding_calendar(2027).milestones()[:2]:
            ...     print(day, what)
            2026-06-01 write proposals for 2027-28 over the summer
            2026-09-01 budgets for 2027-28 drawn up (September and October)
        """
        label = self.label
        return (
            (self.proposals_from, f"write proposals for {label} over the summer"),
            (self.budget_setting_from, f"budgets for {label} drawn up (September and October)"),
            (self.budget_setting_to, f"budget setting for {label} ends"),
            (self.year_start, f"financial year {label} starts"),
            (self.year_end, f"financial year {label} ends"),
        )

    def next_milestone(self, today: dt.date) -> tuple[dt.date, str] | None:
        """The first milestone on or after ``today``, or ``None`` when all have passed.

        Examples:
            >>> import datetime as dt
            >>> funding_calendar(2027).next_milestone(dt.date(2026, 7, 15))
            (datetime.date(2026, 9, 1), 'budgets for 2027-28 drawn up (September and October)')
        """
        _require_date("today", today, "R-CL-7")
        return next(((d, w) for d, w in self.milestones() if d >= today), None)


def funding_calendar(year: int) -> FundingCalendar:
    """The funding calendar for the financial year starting 1 April ``year`` (R-CL-7).

    Examples:
        >>> funding_calendar(2027).year_end
        datetime.date(2028, 3, 31)
    """
    start, end = financial_year(year)
    before = year - 1
    return FundingCalendar(
        financial_year=year,
        year_start=start,
        year_end=end,
        proposals_from=dt.date(before, 6, 1),
        proposals_by=dt.date(before, 8, 31),
        budget_setting_from=dt.date(before, 9, 1),
        budget_setting_to=dt.date(before, 10, 31),
    )


# --------------------------------------------------------------------------- growth (R-CL-6)


def _positive_float(field: str, value: object) -> float:
    return positive(field, value, "R-CL-6")


def _to_referrals(value: Any) -> float:
    return _positive_float("referrals_per_week", value)


def _to_episode(value: Any) -> float:
    return _positive_float("mean_episode_weeks", value)


def _to_acceptance(value: Any) -> float:
    share = _positive_float("acceptance_rate", value)
    if share > 1:
        raise InvalidForecast("acceptance_rate", "must be at most 1", value, rule="R-CL-6")
    return share


def _to_cv(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise InvalidForecast("episode_cv", "must be a number or None", value, rule="R-CL-6")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidForecast("episode_cv", "must be at least 0", value, rule="R-CL-6")
    return number


@final
@attrs.frozen(kw_only=True)
class Demand:
    """The work coming to a team: referrals, how many are accepted, how long each is held.

    Args:
        referrals_per_week: Referrals received a week (a wider area means more).
        acceptance_rate: The share accepted at screening (0 to 1).
        mean_episode_weeks: Weeks a family holds a caseload place, from
            allocation to closure (assessment, sessions, ending).
        episode_cv: The coefficient of variation of episode length; ``None``
            assumes exponential episodes (Erlang C). Fixed courses of 6 to 12
            sessions vary much less than that (0.2-0.4 is typical), and the
            Allen-Cunneen approximation is used.

    Examples:
        >>> Demand(referrals_per_week=2, acceptance_rate=0.9, mean_episode_weeks=16).arrival_rate
        1.8
    """

    referrals_per_week: float = attrs.field(converter=_to_referrals)
    acceptance_rate: float = attrs.field(default=1.0, converter=_to_acceptance)
    mean_episode_weeks: float = attrs.field(converter=_to_episode)
    episode_cv: float | None = attrs.field(default=None, converter=_to_cv)

    @property
    def arrival_rate(self) -> float:
        """Families joining the waiting list a week.

        Examples:
            >>> Demand(referrals_per_week=3, acceptance_rate=0.5, mean_episode_weeks=12).arrival_rate
            1.5
        """
        return self.referrals_per_week * self.acceptance_rate


@final
@attrs.frozen(kw_only=True)
class Scenario:
    """A team and the demand on it: as it is, or as planned (R-CL-6).

    Args:
        name: What the scenario is ("as is", "add a keyworker", "neonatal unit").
        team: The team in this scenario.
        demand: The demand in this scenario.

    Examples:
        >>> s = Scenario(name="as is", team=Team(), demand=Demand(referrals_per_week=1,
        ...              mean_episode_weeks=12))
        >>> s.name
        'as is'
    """

    name: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-CL-6"))
    team: Team = attrs.field(validator=attrs.validators.instance_of(Team))
    demand: Demand = attrs.field(validator=attrs.validators.instance_of(Demand))


@final
@attrs.frozen(kw_only=True)
class ScenarioOutcome:
    """One scenario's capacity, forecast wait and the staff it would need (R-CL-6).

    Args:
        name: The scenario.
        practitioners: Practitioners in the team.
        contracted_hours: Their contracted hours a week.
        places: Whole caseload places (families held at once, rounded down).
        forecast: The queueing forecast for those places (weeks); ``None``
            when the team has no whole place at all.
        places_needed: The fewest places that meet the target wait.
        extra_full_time_needed: Full-time practitioners to add to reach
            ``places_needed`` (0 when already met), at the team's full-time
            capacity per practitioner.

    Examples:
        >>> team = Team(practitioners=[Practitioner(name=f"P{i}", contracted_hours=37.5)
        ...                            for i in range(2)])
        >>> (o,) = compare_scenarios([Scenario(name="as is", team=team,
        ...     demand=Demand(referrals_per_week=2, mean_episode_weeks=16))])
        >>> o.places, o.places_needed, o.extra_full_time_needed
        (40, 36, 0)
    """

    name: str
    practitioners: int
    contracted_hours: Fraction
    places: int
    forecast: Forecast | None
    places_needed: int
    extra_full_time_needed: int


def compare_scenarios(
    scenarios: Sequence[Scenario],
    *,
    target_wait_weeks: float = 8,
    share: float = 0.9,
) -> tuple[ScenarioOutcome, ...]:
    """Each scenario side by side: capacity, forecast wait and staff needed (R-CL-6).

    A scenario's caseload places are its team's families held at once
    (`team_capacity`, rounded down). The wait is the closed-form forecast for
    those places (`erlang_c_wait`, or `allen_cunneen_wait` when the demand
    gives an episode coefficient of variation). The places needed are the
    fewest for which ``share`` of families start within ``target_wait_weeks``;
    the extra full-time practitioners are those places beyond what the team
    has, divided by what one full-time practitioner holds, rounded up. The
    forecasts assume any free place takes the next family; continuity of
    practitioner and allocation by skill make real waits longer.

    Raises:
        InvalidForecast: For a target or share out of range, or no scenarios.

    Examples:
        >>> people = [Practitioner(name=f"P{i}", contracted_hours=18.75) for i in range(3)]
        >>> as_is = Scenario(name="as is", team=Team(practitioners=people),
        ...                  demand=Demand(referrals_per_week=2, acceptance_rate=0.9,
        ...                                mean_episode_weeks=16, episode_cv=0.3))
        >>> wider = attrs.evolve(as_is, name="wider area",
        ...                      demand=attrs.evolve(as_is.demand, referrals_per_week=2.5))
        >>> for o in compare_scenarios([as_is, wider]):
        ...     print(o.name, o.places, round(o.forecast.mean_wait, 2), o.places_needed,
        ...           o.extra_full_time_needed)
        as is 30 5.51 31 1
        wider area 30 inf 39 1
    """
    if isinstance(target_wait_weeks, bool) or not isinstance(target_wait_weeks, int | float):
        raise InvalidForecast(
            "target_wait_weeks", "must be a number", target_wait_weeks, rule="R-CL-6"
        )
    if not scenarios:
        raise InvalidForecast("scenarios", "must hold at least one scenario", (), rule="R-CL-6")
    outcomes = []
    for scenario in scenarios:
        demand = scenario.demand
        capacity = team_capacity(scenario.team)
        places = math.floor(capacity.families_at_once)
        service_rate = 1 / demand.mean_episode_weeks
        forecast: Forecast | None = None
        if places >= 1:
            if demand.episode_cv is None:
                forecast = erlang_c_wait(demand.arrival_rate, service_rate, places)
            else:
                forecast = allen_cunneen_wait(
                    demand.arrival_rate, service_rate, places, service_cv=demand.episode_cv
                )
        needed = servers_needed(
            demand.arrival_rate,
            service_rate,
            within=target_wait_weeks,
            share=share,
            service_cv=demand.episode_cv,
        )
        full_timer = practitioner_capacity(
            Practitioner(
                name="full time", contracted_hours=scenario.team.capacity.full_time_hours
            ),
            scenario.team.capacity,
        ).families_at_once
        shortfall = max(0, needed - places)
        extra = math.ceil(Fraction(shortfall) / full_timer) if shortfall and full_timer else 0
        outcomes.append(
            ScenarioOutcome(
                name=scenario.name,
                practitioners=len(scenario.team.practitioners),
                contracted_hours=capacity.contracted_hours,
                places=places,
                forecast=forecast,
                places_needed=needed,
                extra_full_time_needed=extra,
            )
        )
    return tuple(outcomes)


# --------------------------------------------------------------------------- simulation bridge


def waiting_since(received: Iterable[dt.date]) -> tuple[Referral, ...]:
    """Stand-in referrals for families already waiting, known only by the day received.

    For a forecast from a team file, which records when each waiting family
    was received and nothing about them: each stand-in is a self-referral
    ``waiting-1``, ``waiting-2``... with no risk factors and no one's details.
    Use real `Referral`s instead when a strategy needs their risk factors.

    Examples:
        >>> import datetime as dt
        >>> [(r.id, r.received) for r in waiting_since([dt.date(2026, 10, 1)])]
        [('waiting-1', datetime.date(2026, 10, 1))]
    """
    days = list(received)
    referrals = []
    for i, day in enumerate(days, start=1):
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidForecast("waiting", "must hold dates received", day, rule="R-CL-6")
        referrals.append(
            Referral(
                id=f"waiting-{i}",
                received=day,
                route=SelfReferral(),
                family=Family(
                    parents=[Parent("(not recorded)", "mother")],
                    infant=Infant.born_on(day),
                ),
            )
        )
    return tuple(referrals)


def team_model(
    team: Team,
    *,
    today: dt.date,
    arrivals: Arrivals,
    acceptance_rate: float = 1.0,
    waiting: Iterable[Referral] = (),
    sessions_remaining: Mapping[str, Sequence[int]] | None = None,
    episodes: Episodes | None = None,
    strategy: Strategy | None = None,
    mix: Iterable[FamilyProfile] = (),
) -> TeamModel:
    """The simulation's model of a team as it is today, from its practitioners (R-CL-1, R-CL-6).

    Each practitioner's places are the families they can hold at once,
    rounded down (`team_capacity`); a practitioner with no whole place is
    left out. The families each holds today have the sessions given in
    ``sessions_remaining`` (by practitioner name); without it, they are
    assumed spread evenly through an average course (from 1 session left
    to a whole course). A practitioner holding more
    families than places keeps them all, so their places are their caseload
    until families finish. Leave is their entitlement (their own or the
    team's, pro rata), in whole weeks rounded to the nearest. The calendar is
    the team's (its nation's bank holidays and its closures).

    Raises:
        InvalidForecast: When ``sessions_remaining`` names someone not in the
            team, or lists a different number of families than their caseload.

    Examples:
        >>> import datetime as dt
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5, caseload=3)])
        >>> model = team_model(team, today=dt.date(2026, 11, 30), arrivals=Arrivals(weekly_rate=1))
        >>> c = model.caseloads[0]
        >>> c.places, c.sessions_remaining, c.leave_weeks
        (20, (1, 4, 7), 5)
    """
    plan = episodes if episodes is not None else Episodes()
    given = dict(sessions_remaining or {})
    names = {p.name for p in team.practitioners}
    for name in given:
        if name not in names:
            raise InvalidForecast(
                "sessions_remaining", "must name practitioners of the team", name, rule="R-CL-6"
            )
    course = max(1, round(plan.mean_sessions))
    capacity = team.capacity
    caseloads = []
    for person in team.practitioners:
        n = person.caseload
        # Without a record, families are spread evenly through an average
        # course: some nearly done, some just started.
        spread = tuple(1 + (i * course) // n for i in range(n))
        held = tuple(given.get(person.name, spread))
        if len(held) != person.caseload:
            raise InvalidForecast(
                "sessions_remaining",
                f"must list one entry per family {person.name} holds ({person.caseload})",
                held,
                rule="R-CL-6",
            )
        places = max(
            math.floor(practitioner_capacity(person, capacity).families_at_once), len(held)
        )
        if places < 1:
            continue
        entitlement = (
            person.annual_leave_days
            if person.annual_leave_days is not None
            else capacity.annual_leave_days
        )
        leave_weeks = entitlement * capacity.day_hours / capacity.full_time_hours
        caseloads.append(
            PractitionerCaseload(
                places=places,
                sessions_remaining=held,
                leave_weeks=min(52, math.floor(leave_weeks + Fraction(1, 2))),
            )
        )
    return TeamModel(
        today=today,
        caseloads=caseloads,
        arrivals=arrivals,
        waiting=tuple(waiting),
        acceptance_rate=acceptance_rate,
        strategy=strategy if strategy is not None else Chronological(),
        episodes=plan,
        calendar=team.policy.calendar,
        mix=tuple(mix),
    )
