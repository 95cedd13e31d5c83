"""One replication of the weekly-meeting simulation, a day at a time.

Each simulated day, in order: referrals arrive (and are accepted or
declined at screening); if it is the allocation meeting's day, free places
are filled in the order the team's strategy ranks the list that day; then
the day's sessions happen, where the day is a working day. The state is
small and live only: the families waiting (with their referrals, which the
strategy ranks), the families held (in five lists, one per session weekday)
and running totals. A family's record is dropped the day its work ends.

Random numbers come from separate streams for arrivals, the families'
own draws (acceptance, profile, course length, extension, session weekday),
attendance, leave and today's caseloads, each seeded from the base seed,
the replication and the stream's name. Changing the team (more places, other
leave) leaves the arrivals and each family's own draws as they were.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import final

import attrs

from parentinfant._referral import Referral, SelfReferral, TriageOutcome
from parentinfant._sim_checks import stream_seed
from parentinfant._sim_model import FamilyProfile, TeamModel
from parentinfant.family import Family, Infant, Parent, ParentRole
from parentinfant.prioritisation import Triage

__all__ = ["Conservation", "MeetingRecord"]

_FAMILY = Family(
    parents=[Parent("Simulated family", ParentRole.MOTHER)],
    infant=Infant.unborn(dt.date(2100, 1, 1)),
)
_ROUTE = SelfReferral()
_TRIAGED_BY = "simulation"
_ID_PREFIX = "simulated-"


@final
@attrs.frozen(kw_only=True)
class Conservation:
    """Where every family went: the counts that show nobody was lost or counted twice.

    Two identities hold for every replication (and so for their sums):
    ``started_waiting + arrived == declined + allocated + still_waiting``
    (every referral is declined, allocated or still waiting) and
    ``started_held + allocated == completed + discharged + still_held``
    (every family allocated is still held or closed). `balanced` checks both.

    Args:
        started_waiting: Families on the waiting list today.
        arrived: New referrals during the simulation.
        declined: New referrals declined at screening.
        allocated: Families allocated a place (from the list).
        still_waiting: Families on the list at the end.
        started_held: Families held today.
        completed: Families whose work ended with the course (and any extension).
        discharged: Families discharged after missing sessions.
        still_held: Families held at the end.

    Examples:
        >>> c = Conservation(started_waiting=5, arrived=10, declined=2, allocated=9, still_waiting=4,
        ...                  started_held=3, completed=7, discharged=1, still_held=4)
        >>> c.closed, c.balanced
        (8, True)
    """

    started_waiting: int
    arrived: int
    declined: int
    allocated: int
    still_waiting: int
    started_held: int
    completed: int
    discharged: int
    still_held: int

    @property
    def closed(self) -> int:
        """Families whose work ended: completed or discharged.

        Examples:
            >>> Conservation(started_waiting=0, arrived=0, declined=0, allocated=0, still_waiting=0,
            ...              started_held=3, completed=2, discharged=1, still_held=0).closed
            3
        """
        return self.completed + self.discharged

    @property
    def balanced(self) -> bool:
        """Whether both identities hold: nobody lost, nobody counted twice.

        Examples:
            >>> Conservation(started_waiting=1, arrived=0, declined=0, allocated=0, still_waiting=0,
            ...              started_held=0, completed=0, discharged=0, still_held=0).balanced
            False
        """
        return (
            self.started_waiting + self.arrived
            == self.declined + self.allocated + self.still_waiting
            and self.started_held + self.allocated == self.closed + self.still_held
        )

    def __add__(self, other: Conservation) -> Conservation:
        """The counts of two replications together.

        Examples:
            >>> one = Conservation(started_waiting=1, arrived=2, declined=0, allocated=3, still_waiting=0,
            ...                    started_held=0, completed=3, discharged=0, still_held=0)
            >>> (one + one).arrived
            4
        """
        if not isinstance(other, Conservation):
            return NotImplemented
        return Conservation(
            **{
                f.name: getattr(self, f.name) + getattr(other, f.name)
                for f in attrs.fields(Conservation)
            }
        )


@final
@attrs.frozen(kw_only=True)
class MeetingRecord:
    """One allocation meeting as simulated: who was waiting, who was allocated, to whom.

    From `trace_meetings`, for checking and explaining a run; ordinary
    simulations keep no such records.

    Args:
        day: The day of the meeting.
        waiting: The referrals on the list as the meeting opened, in the
            order they joined it (not ranked; each received on or before ``day``).
        free_places: Each practitioner's free places as the meeting opened
            (0 for a practitioner on leave that week).
        allocated: The ids of the referrals allocated, in allocation order.
        practitioners: For each allocated referral, the index of the
            practitioner it went to.
        held_after: Families each practitioner holds after the meeting.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._simulation import Arrivals, PractitionerCaseload, TeamModel, trace_meetings
        >>> scenario = TeamModel(today=dt.date(2026, 11, 5), caseloads=[PractitionerCaseload(places=2)],
        ...                     arrivals=Arrivals(weekly_rate=3))
        >>> first = trace_meetings(scenario, weeks=1, seed=3)[0]
        >>> first.day.isoformat(), len(first.allocated) <= sum(first.free_places)
        ('2026-11-10', True)
    """

    day: dt.date
    waiting: tuple[Referral, ...]
    free_places: tuple[int, ...]
    allocated: tuple[str, ...]
    practitioners: tuple[int, ...]
    held_after: tuple[int, ...]


@attrs.frozen(kw_only=True)
class Plan:
    """What every replication of one scenario shares, computed once."""

    scenario: TeamModel
    weeks: int
    days: int
    start: int  # today's ordinal; day index i is start + i
    start_weekday: int
    working: bytes  # index i: 1 when start + i is a working day
    daily_rates: tuple[float, ...]  # index i: expected referrals on day i
    profiles: tuple[FamilyProfile, ...]
    banded: tuple[FamilyProfile, ...]
    existing_ids: frozenset[str]


def plan(scenario: TeamModel, weeks: int) -> Plan:
    """The shared plan for ``weeks`` weeks after ``scenario.today``."""
    days = 7 * weeks
    start = scenario.today.toordinal()
    calendar = scenario.calendar
    arrivals = scenario.arrivals
    monthly = {m: arrivals.weekly_rate_in(m) / 7 for m in range(1, 13)}
    working = bytearray(days + 1)
    rates = [0.0] * (days + 1)
    for i in range(1, days + 1):
        day = dt.date.fromordinal(start + i)
        working[i] = calendar.is_working_day(day)
        rates[i] = monthly[day.month]
    profiles = scenario.profiles
    return Plan(
        scenario=scenario,
        weeks=weeks,
        days=days,
        start=start,
        start_weekday=scenario.today.weekday(),
        working=bytes(working),
        daily_rates=tuple(rates),
        profiles=profiles,
        banded=tuple(p for p in profiles if p.band is not None),
        existing_ids=frozenset(r.id for r in scenario.waiting),
    )


class _Family:
    """A family's live state in one replication: waiting, then held."""

    __slots__ = (
        "dnas",
        "extra",
        "practitioner",
        "received",
        "referral",
        "remaining",
        "start",
        "weekday",
    )

    def __init__(
        self, referral: Referral | None, received: int, course: int, extra: int, weekday: int
    ) -> None:
        self.referral = referral
        self.received = received
        self.remaining = course
        self.extra = extra
        self.weekday = weekday
        self.dnas = 0
        self.practitioner = 0
        self.start = 0


@attrs.frozen(kw_only=True)
class Outcome:
    """One replication's totals and weekly series (no per-family records)."""

    waiting_series: tuple[int, ...]
    held_series: tuple[int, ...]
    wait_counts: tuple[int, ...]
    zero_waits: int
    total_wait_days: int
    waited: int
    longer_than_target: int
    held_days: int
    place_days: int
    cleared_week: int | None
    counts: Conservation
    peak_held: int


def run(
    p: Plan,
    *,
    seed: int,
    replication: int,
    backlog_target: int,
    wait_target_days: float,
    record: list[MeetingRecord] | None = None,
) -> Outcome:
    """Simulate one replication of the plan; append each meeting to ``record`` if given."""
    scenario = p.scenario
    strategy = scenario.strategy
    episodes = scenario.episodes
    team = scenario.caseloads
    streams = {
        name: random.Random(stream_seed(seed, replication, name))
        for name in ("arrivals", "families", "attendance", "leave", "caseload")
    }
    gap = streams["arrivals"].expovariate
    draw = streams["families"]
    attend = streams["attendance"].random
    start, days, weeks = p.start, p.days, p.weeks
    start_weekday = p.start_weekday
    working, rates = p.working, p.daily_rates
    acceptance = scenario.acceptance_rate
    lowest, highest = episodes.sessions
    attendance = episodes.attendance
    dna_limit = episodes.dnas_before_discharge
    extend_p = episodes.extension_probability
    extension = episodes.extension_sessions
    first_after = episodes.days_to_first_session
    triage = strategy if isinstance(strategy, Triage) else None
    profiles, banded = p.profiles, p.banded

    # Leave: in each 52-week block, each practitioner's leave weeks at random.
    leave_draw = streams["leave"]
    on_leave = [bytearray(weeks) for _ in team]
    for k, member in enumerate(team):
        if member.leave_weeks:
            for block in range(0, weeks, 52):
                for w in leave_draw.sample(range(52), member.leave_weeks):
                    if block + w < weeks:
                        on_leave[k][block + w] = 1

    places = [m.places for m in team]
    held = [0] * len(team)
    buckets: list[list[_Family]] = [[] for _ in range(5)]

    def first_session(earliest: int, weekday: int) -> int:
        return earliest + (weekday - (start_weekday + earliest)) % 7

    caseload_draw = streams["caseload"]
    for k, member in enumerate(team):
        for remaining in member.sessions_remaining:
            extra = extension if caseload_draw.random() < extend_p else 0
            weekday = caseload_draw.randrange(5)
            f = _Family(None, start, remaining, extra, weekday)
            f.practitioner = k
            f.start = first_session(1, weekday)
            buckets[weekday].append(f)
            held[k] += 1
    total_held = sum(held)
    started_held = total_held

    due_by_day: dict[int, dt.date] = {}

    def triage_outcome(referral: Referral, band: str) -> Referral:
        # Triaged on the deadline the strategy itself sets (R-PR-3), or today if that has passed.
        assert triage is not None
        due = due_by_day.get(referral.received.toordinal())
        if due is None:
            due = triage.triage_due(referral)
            due_by_day[referral.received.toordinal()] = due
        decided = max(due, scenario.today)
        return attrs.evolve(
            referral, triage=TriageOutcome(band=band, decided_by=_TRIAGED_BY, decided_on=decided)
        )

    def banded_band() -> str:
        # A band drawn from the mix's triaged profiles (TeamModel insists there is one).
        band = banded[draw.randrange(len(banded))].band
        assert band is not None
        return band

    def own_draws() -> tuple[int, int, int]:
        course = draw.randint(lowest, highest)
        extra = extension if draw.random() < extend_p else 0
        return course, extra, draw.randrange(5)

    waiting: dict[str, _Family] = {}
    for referral in scenario.waiting:
        if triage is not None and referral.triage is None:
            referral = triage_outcome(referral, banded_band())
        course, extra, weekday = own_draws()
        waiting[referral.id] = _Family(
            referral, referral.received.toordinal(), course, extra, weekday
        )
    started_waiting = len(waiting)

    serial = 0
    existing = p.existing_ids

    def new_referral(on: int) -> Referral:
        nonlocal serial
        serial += 1
        ident = f"{_ID_PREFIX}{serial:07d}"
        while ident in existing:
            serial += 1
            ident = f"{_ID_PREFIX}{serial:07d}"
        profile = profiles[draw.randrange(len(profiles))]
        band = profile.band
        if triage is not None and band is None:
            band = banded_band()
        day = dt.date.fromordinal(on)
        referral = Referral(
            id=ident,
            received=day,
            route=_ROUTE,
            family=_FAMILY,
            risk_factors=profile.risk_factors,
            triage=(
                TriageOutcome(band=band, decided_by=_TRIAGED_BY, decided_on=day)
                if band is not None and triage is None
                else None
            ),
        )
        if triage is not None and band is not None:
            referral = triage_outcome(referral, band)
        return referral

    # The most recent meeting weekday on or before today: families received by then had a
    # chance at a meeting already.
    last_meeting = start - (start_weekday - scenario.meeting_weekday) % 7
    meeting_pending = False
    arrived = declined = allocated = completed = discharged = 0
    waited = longer = zero_waits = total_wait = 0
    wait_counts = [0] * 64
    held_days = 0
    peak_held = total_held
    waiting_series = [0] * (weeks + 1)
    held_series = [0] * (weeks + 1)
    waiting_series[0] = started_waiting
    held_series[0] = total_held
    cleared: int | None = 0 if started_waiting <= backlog_target else None

    need = gap(1.0)  # the unit-rate mass until the next referral
    for i in range(1, days + 1):
        # Referrals arrive: a Poisson process at the day's rate, by inversion.
        budget = rates[i]
        while need <= budget:
            budget -= need
            need = gap(1.0)
            arrived += 1
            if draw.random() < acceptance:
                referral = new_referral(start + i)
                course, extra, weekday = own_draws()
                waiting[referral.id] = _Family(referral, start + i, course, extra, weekday)
            else:
                declined += 1
        need -= budget

        weekday_today = (start_weekday + i) % 7
        if weekday_today == scenario.meeting_weekday:
            meeting_pending = True
        is_working = working[i]
        week = (i - 1) // 7

        if meeting_pending and is_working:
            meeting_pending = False
            free = [0 if on_leave[k][week] else places[k] - held[k] for k in range(len(team))]
            total_free = sum(free)
            chosen: tuple[Referral, ...] = ()
            listed: tuple[Referral, ...] = ()
            if total_free and waiting:
                listed = tuple(f.referral for f in waiting.values() if f.referral is not None)
                ranked = strategy.rank(listed, today=dt.date.fromordinal(start + i))
                chosen = ranked.referrals[:total_free]
            opened = tuple(free)
            to_whom: list[int] = []
            for referral in chosen:
                f = waiting.pop(referral.id)
                k = max(range(len(free)), key=free.__getitem__)
                free[k] -= 1
                held[k] += 1
                total_held += 1
                allocated += 1
                wait = start + i - f.received
                total_wait += wait
                if wait == 0:
                    zero_waits += 1
                elif wait < len(wait_counts):
                    wait_counts[wait] += 1
                else:
                    wait_counts.extend([0] * (wait + 1 - len(wait_counts)))
                    wait_counts[wait] += 1
                if f.received <= last_meeting:
                    waited += 1
                if wait > wait_target_days:
                    longer += 1
                f.referral = None
                f.practitioner = k
                f.start = first_session(i + first_after, f.weekday)
                buckets[f.weekday].append(f)
                to_whom.append(k)
            if total_held > peak_held:
                peak_held = total_held
            if record is not None:
                if not listed and waiting:
                    listed = tuple(f.referral for f in waiting.values() if f.referral is not None)
                record.append(
                    MeetingRecord(
                        day=dt.date.fromordinal(start + i),
                        waiting=listed,
                        free_places=opened,
                        allocated=tuple(r.id for r in chosen),
                        practitioners=tuple(to_whom),
                        held_after=tuple(held),
                    )
                )
            last_meeting = start + i

        if weekday_today < 5 and is_working:
            bucket = buckets[weekday_today]
            ended = False
            for f in bucket:
                if f.start > i or on_leave[f.practitioner][week]:
                    continue
                if attend() < attendance:
                    f.remaining -= 1
                    if f.remaining == 0:
                        if f.extra:
                            f.remaining = f.extra
                            f.extra = 0
                        else:
                            completed += 1
                            held[f.practitioner] -= 1
                            total_held -= 1
                            ended = True
                else:
                    f.dnas += 1
                    if dna_limit is not None and f.dnas >= dna_limit:
                        f.remaining = 0
                        discharged += 1
                        held[f.practitioner] -= 1
                        total_held -= 1
                        ended = True
            if ended:
                buckets[weekday_today] = [f for f in bucket if f.remaining > 0]

        held_days += total_held
        if i % 7 == 0:
            k = i // 7
            waiting_series[k] = len(waiting)
            held_series[k] = total_held
            if cleared is None and len(waiting) <= backlog_target:
                cleared = k

    while len(wait_counts) > 1 and wait_counts[-1] == 0:
        wait_counts.pop()
    return Outcome(
        waiting_series=tuple(waiting_series),
        held_series=tuple(held_series),
        wait_counts=tuple(wait_counts),
        zero_waits=zero_waits,
        total_wait_days=total_wait,
        waited=waited,
        longer_than_target=longer,
        held_days=held_days,
        place_days=sum(places) * days,
        cleared_week=cleared,
        counts=Conservation(
            started_waiting=started_waiting,
            arrived=arrived,
            declined=declined,
            allocated=allocated,
            still_waiting=len(waiting),
            started_held=started_held,
            completed=completed,
            discharged=discharged,
            # Counted afresh from the lists, not from the running total, so a family
            # lost or duplicated shows as an imbalance.
            still_held=sum(len(b) for b in buckets),
        ),
        peak_held=peak_held,
    )
