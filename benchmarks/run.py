"""Performance benchmarks for parentinfant, reported as ratios against in-process baselines.

Run from the repository root::

    python benchmarks/run.py              # a readable table
    python benchmarks/run.py --json       # a JSON list of results
    python benchmarks/run.py --n 10000 --repeat 3   # a quick run
    python benchmarks/run.py --only-simulation      # the simulation rows alone

What is measured, and why as ratios
-----------------------------------
The benchmarks run on shared, noisy machines (laptops, CI runners), where an
absolute time such as "ranking takes 120 ms" means little from one run to the
next. So every timing is set against a baseline that does the irreducible part
of the same job, timed in the same process on the same data a moment later:
whatever slows the machine down slows both, and the ratio stays meaningful.

* ``rank.<strategy>``: ``strategy.rank(referrals, today=today)`` over the
  generated referrals (best of ``--repeat``), against Python's ``sorted()``
  over the strategy's own key tuples for the same referrals, precomputed
  outside the timer. The ratio is what ranking costs over a bare sort: the
  checks (no duplicates, nothing received after today), building the keys,
  and anything else the strategy does. Target: within 3x.
* ``decision_due``: the screening deadline (R-SC-5) for many receipt dates,
  against a naive day-by-day loop over a precomputed set of England bank
  holidays. The value is throughput; the ratio is library time over naive
  time. Target: faster than the naive loop (ratio below 1).
* ``lifecycle.replay``: ``replay(case.events)`` for every generated case (best
  of ``--repeat``), as events per second, against a loop that only constructs
  the same ``Event`` objects from precomputed argument tuples. The ratio is
  what replay costs over building the events themselves: the history checks
  (sequence, time order, the transition table) and folding each event into
  the case. Target: within 3x. ``n // 10`` cases of 100 events each: 10,000
  cases and 1,000,000 events by default.
* ``peak_memory.rank.risk-weighted``: the peak traced allocation (tracemalloc)
  while generating the referrals and ranking them with ``RiskWeighted()``.
  Target: under 150 MB for 100,000 referrals. Memory is deterministic enough
  to report as an absolute value; its ratio is value / 150 MB.

* ``simulate_mmc.vs_heapq`` and ``simulate_mmc.vs_ciw``: the waiting-list
  simulation's M/M/c fast path (1.8 families a week, 4-week mean episodes, 8
  places: Erlang C mean wait 3.5077 weeks) in families per second, against a
  bare heapq event loop written here (fed the same random streams, so it
  must give the same waits, which is checked) and against ciw, an
  established simulator (benchmark-only dependency, ``pip install -e
  '.[bench]'``; the row says "skipped" without it). Ratios are time per
  family, ours over theirs. Targets: within 2x of the bare loop, at least
  10x faster than ciw (ratio at most 0.1).
* ``simulate.10y.10-practitioners``: CPU seconds (``time.process_time``) for
  one replication of ten years of a 10-practitioner team with calendars,
  leave and weekly sessions. Target: under 1 s.
* ``check.mmc.mean_wait`` and ``check.mmc.probability_of_waiting``: the
  M/M/c simulation pooled over 20 replications of 100,000 families
  (2,000,000), against Erlang C; met when the 95% interval holds the exact
  value.
* ``peak_memory.simulate_mmc``: peak traced memory of one replication of
  1,000,000 families: statistics are streamed, nothing is kept per family.
  Target: under 100 MB.

Every result has ``name``, ``value``, ``unit``, ``ratio``, ``target`` and
``met`` (a skipped row has ``None`` for the numbers and ``met``, and says why
in ``skipped``); later benchmarks add their rows to :func:`run_all`.
``--only-simulation`` runs just the simulation rows.

The referrals are generated deterministically (a fixed seed) with a realistic
spread: received over about two years before a fixed ``today``, 0-6 risk
factors from the default catalogue, all three routes, about 70% triaged. They
are built once, outside every timed region. The lifecycle cases are built
through the real ``open_case`` and ``apply`` (also deterministic, outside the
timer), after the other timing rows, and freed before the memory row. The
garbage collector is left enabled while timing (its cost is part of what a
caller pays), but a full collection runs before each repetition so one
repetition's garbage is not charged to the next.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import random
import sys
import time
import tracemalloc
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from heapq import heappop, heappush
from typing import Any, NotRequired, TypedDict, cast

import holidays

from parentinfant._sim_checks import stream_seed
from parentinfant.family import (
    ContactChannel,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
)
from parentinfant.forecast import (
    Arrivals,
    Episodes,
    PractitionerCaseload,
    TeamModel,
    simulate,
    simulate_mmc,
)
from parentinfant.lifecycle import (
    AcceptToWaitingList,
    Allocate,
    AllocationBasis,
    Case,
    Close,
    ClosureReason,
    Command,
    ContactOutcome,
    Event,
    Reallocate,
    ReceiveInformation,
    RecordContactAttempt,
    Reopen,
    RequestInformation,
    ResumeIntervention,
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    apply,
    open_case,
    replay,
)
from parentinfant.prioritisation import (
    DEFAULT_TRIAGE_BANDS,
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
)
from parentinfant.screening import (
    DEFAULT_RISK_FACTORS,
    Consultation,
    InformationItem,
    ProfessionalReferral,
    Referral,
    Route,
    SelfReferral,
    SupportingService,
    SupportStatus,
    TriageOutcome,
    decision_due,
)
from parentinfant.workdays import WorkingCalendar

SEED = 20261105
TODAY = dt.date(2026, 11, 5)
RANK_TARGET = 3.0
MEMORY_TARGET_MB = 150.0
DEADLINE_WORKING_DAYS = 5
REPLAY_TARGET = 3.0
EVENTS_PER_CASE = 100
"""Every generated case's history is this long: ``n // 10`` cases make ``10 * n`` events."""
REPLAY_SAMPLE = 200
"""Cases whose replay is checked against the case ``apply`` built, before timing."""

# The M/M/c model every simulation row shares: 1.8 families a week, 4-week mean
# episodes, 8 places (utilisation 0.9). Erlang C: mean wait 3.5077 weeks, and the
# chance of waiting below (both recomputed in `erlang_c` as a check on these numbers).
MMC_ARRIVAL_RATE = 1.8
MMC_SERVICE_RATE = 0.25
MMC_SERVERS = 8
MMC_MEAN_WAIT = 3.5077
MMC_PROBABILITY_OF_WAITING = 0.7015
SIM_FAMILIES = 200_000
"""Families timed through `simulate_mmc` and the bare heapq loop (best of ``--repeat``)."""
CIW_FAMILIES = 50_000
"""Families through ciw, timed once: it runs at about 20,000 families a second."""
SIM_MEMORY_FAMILIES = 1_000_000
CHECK_REPLICATIONS = 20
CHECK_FAMILIES = 100_000
"""Per replication: 20 x 100,000 = 2,000,000 families counted in the pooled check."""
CHECK_WARM_UP = 1_000
"""Families simulated before counting starts in each replication of the check."""
CIW_TARGET = 0.1
HEAPQ_TARGET = 2.0
SIM_MEMORY_TARGET_MB = 100.0
TEAM_CPU_TARGET_S = 1.0
TEAM_WEEKS = 520
BENCH_EXTRA = "skipped (pip install -e '.[bench]')"

_FIRST_NAMES = (
    "Amira", "Ana", "Bea", "Chloe", "Dan", "Ebony", "Fatima", "Grace", "Hana", "Isla",
    "Jade", "Kofi", "Lena", "Maya", "Nia", "Olu", "Priya", "Rosa", "Sam", "Tom",
)  # fmt: skip
_SURNAMES = (
    "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Haddad", "Jones", "Khan", "Lewis",
    "Nowak", "Okoro", "Patel", "Roberts", "Smith", "Taylor", "Williams", "Wilson", "Wright",
)  # fmt: skip
_SERVICES = ("Health visiting", "Midwifery", "Perinatal mental health", "Early help")
_BANDS = DEFAULT_TRIAGE_BANDS
_BAND_INDEX = {band: i for i, band in enumerate(_BANDS)}

_PRACTITIONERS = ("Priya Shah", "Tom Whitfield", "Grace Okoro", "Lena Nowak", "Sam Haddad")
_KEYWORKERS = (None, None, "Kofi Evans", "Jade Lewis")
_SUMMARIES = (
    "",
    "Offered an appointment next week",
    "Voicemail left with the duty number",
    "Letter sent with two appointment dates",
    "Mother asked to be called back after the health visitor's visit",
)
_QUIET_OUTCOMES = (
    ContactOutcome.NO_ANSWER,
    ContactOutcome.MESSAGE_LEFT,
    ContactOutcome.SPOKE_NOT_READY,
    ContactOutcome.LETTER_SENT,
)

_baseline_ms: dict[str, float] = {}
"""Baseline times for the human report's footnote (not part of the JSON rows)."""
_baseline_what: dict[str, str] = {}
"""What a baseline did, where the footnote's default wording does not fit."""
_notes: list[str] = []
"""Further lines for the human report (simulation checks), not part of the JSON rows."""


class Result(TypedDict):
    """One row of the report.

    A row that could not run (an optional dependency missing) has ``value``,
    ``ratio`` and ``met`` set to ``None`` and says why in ``skipped``.
    """

    name: str
    value: float | None
    unit: str
    ratio: float | None
    target: str
    met: bool | None
    skipped: NotRequired[str]


# --------------------------------------------------------------------------- data


def _loose(value: object) -> Any:
    """``value`` typed as ``Any``, for fields with ``converter=tuple``.

    mypy's attrs plugin types those fields' ``__init__`` parameters as the
    unsolved ``Iterable[_T_co]``, which no argument satisfies under
    ``--strict``; a ``cast`` (unlike ``type: ignore``) stays correct once the
    library gives those converters concrete types.
    """
    return cast(Any, value)


def generate_referrals(n: int, *, seed: int = SEED, today: dt.date = TODAY) -> list[Referral]:
    """``n`` referrals, the same for the same ``seed``, received up to ~2 years before ``today``.

    Each has its own family (one or two parents, born or unborn infant); the
    route is professional, consultation or self; 0-6 risk factors are drawn
    from the default catalogue; about 70% are triaged into a default band; a
    few have a supporting service, some of them reduced or ended.
    """
    rng = random.Random(seed)
    factors = DEFAULT_RISK_FACTORS.factors
    roles = tuple(ReferrerRole)
    referrers = [
        Referrer(name=f"{rng.choice(_SURNAMES)} {i}", role=rng.choice(roles)) for i in range(300)
    ]
    triagers = [f"Dr {name}" for name in _SURNAMES[:6]]
    statuses = tuple(SupportStatus)
    referrals: list[Referral] = []
    for i in range(n):
        received = today - dt.timedelta(days=rng.randrange(730))
        route: Route
        pick = rng.random()
        if pick < 0.55:
            route = ProfessionalReferral(rng.choice(referrers))
        elif pick < 0.75:
            route = Consultation(rng.choice(referrers))
        else:
            route = SelfReferral(how_heard=rng.choice((None, "leaflet", "health visitor")))
        mother = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
        phone = f"07700 9{rng.randrange(100000):05d}"
        parents = [Parent(mother, ParentRole.MOTHER, phone=phone)]
        if rng.random() < 0.4:
            partner = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
            parents.append(Parent(partner, rng.choice((ParentRole.FATHER, ParentRole.PARTNER))))
        if rng.random() < 0.3:
            infant = Infant.unborn(received + dt.timedelta(days=rng.randrange(20, 200)))
        else:
            infant = Infant.born_on(received - dt.timedelta(days=rng.randrange(0, 700)))
        family = Family(
            parents=_loose(parents), infant=infant, postcode_district=f"GL{rng.randrange(1, 20)}"
        )
        risk = rng.sample(factors, rng.randint(0, 6))
        triage = None
        if rng.random() < 0.7:
            decided_on = min(received + dt.timedelta(days=rng.randrange(4)), today)
            triage = TriageOutcome(
                band=rng.choice(_BANDS), decided_by=rng.choice(triagers), decided_on=decided_on
            )
        services: tuple[SupportingService, ...] = ()
        if rng.random() < 0.2:
            services = (
                SupportingService(name=rng.choice(_SERVICES), status=rng.choice(statuses)),
            )
        referrals.append(
            Referral(
                id=f"R-{i:06d}",
                received=received,
                route=route,
                family=family,
                risk_factors=_loose(risk),
                reason="Concern about the parent-infant relationship",
                family_aware=True,
                family_agreed=True,
                supporting_services=_loose(services),
                triage=triage,
            )
        )
    return referrals


def _case_commands(rng: random.Random) -> list[Command]:
    """The commands after ``open`` for one case: ``EVENTS_PER_CASE - 1`` of them.

    Screening (sometimes with a request for more information), accepted to the
    waiting list or allocated straight from screening, then contact attempts
    (``engaging`` loops on itself) until the first appointment, sometimes a
    reallocation along the way, assessment, intervention (sometimes an ending
    that is resumed), ending, closure on completed work, and a reopen for the
    six-month follow-up that closes again. The contact attempts fill the case
    up to ``EVENTS_PER_CASE`` events.
    """

    def allocation(cls: type[Allocate] | type[Reallocate]) -> Allocate | Reallocate:
        return cls(
            practitioner=rng.choice(_PRACTITIONERS),
            basis=rng.choice(tuple(AllocationBasis)),
            keyworker=rng.choice(_KEYWORKERS),
        )

    head: list[Command] = [StartScreening()]
    if rng.random() < 0.2:
        missing = rng.sample(tuple(InformationItem), rng.randint(1, 2))
        head += [RequestInformation(missing=missing), ReceiveInformation(note="By phone")]
    if rng.random() < 0.7:
        head.append(AcceptToWaitingList())
    head.append(allocation(Allocate))
    tail: list[Command] = [StartAssessment(), StartIntervention()]
    if rng.random() < 0.1:
        tail.append(allocation(Reallocate))
    if rng.random() < 0.2:
        tail += [StartEnding(), ResumeIntervention(note="New worry about feeding")]
    tail += [
        StartEnding(note="Agreed at the review: three more sessions"),
        Close(reason=ClosureReason.WORK_COMPLETED),
        Reopen(note="Six-month follow-up measures"),
        Close(reason=ClosureReason.FOLLOW_UP_COMPLETED),
    ]
    attempts = EVENTS_PER_CASE - 1 - len(head) - len(tail)
    middle: list[Command] = [
        RecordContactAttempt(
            channel=rng.choice(tuple(ContactChannel)),
            outcome=rng.choice(_QUIET_OUTCOMES),
            summary=rng.choice(_SUMMARIES),
        )
        for _ in range(attempts - 1)
    ]
    if middle and rng.random() < 0.15:
        middle[rng.randrange(len(middle))] = allocation(Reallocate)
    middle.append(
        RecordContactAttempt(
            channel=ContactChannel.PHONE, outcome=ContactOutcome.SPOKE_APPOINTMENT_MADE
        )
    )
    return head + middle + tail


def generate_cases(
    cases: int, *, seed: int = SEED + 2, sample: int = REPLAY_SAMPLE
) -> tuple[list[tuple[Event, ...]], dict[int, Case]]:
    """``cases`` histories of ``EVENTS_PER_CASE`` events each, built through `apply`.

    Returns each case's events, and the cases `apply` built for a sample of
    ``sample`` of them (by index), to check `replay` against. Each case opens
    on a working-hours time in 2022-2024; its events are between half an hour
    and three days apart, and the follow-up reopen comes about six months
    after the closure.
    """
    rng = random.Random(seed)
    sampled = set(rng.sample(range(cases), min(sample, cases)))
    first = dt.datetime(2022, 1, 3, 9, 0)
    histories: list[tuple[Event, ...]] = []
    built: dict[int, Case] = {}
    for i in range(cases):
        at = first + dt.timedelta(days=rng.randrange(1095), minutes=rng.randrange(480))
        case, _ = open_case(f"C-{i:06d}", at=at)
        for command in _case_commands(rng):
            if isinstance(command, Reopen):
                at += dt.timedelta(days=rng.randint(170, 200))
            else:
                at += dt.timedelta(minutes=rng.randrange(30, 4320))
            case, _ = apply(case, command, at=at)
        histories.append(case.events)
        if i in sampled:
            built[i] = case
    return histories, built


# --------------------------------------------------------------------------- timing


def best_of_pair(
    repeat: int, subject: Callable[[], object], baseline: Callable[[], object]
) -> tuple[float, float]:
    """The fastest of ``repeat`` runs of each, in seconds (perf_counter), runs interleaved.

    Alternating subject and baseline means a slow spell on the machine hits
    both rather than only one of them, which keeps the ratio honest.
    """
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for which, func in enumerate((subject, baseline)):
            gc.collect()
            start = time.perf_counter()
            func()
            best[which] = min(best[which], time.perf_counter() - start)
    return best[0], best[1]


def _counts(r: Referral) -> tuple[int, int]:
    significant = sum(1 for f in r.risk_factors if f.significant)
    return significant, len(r.risk_factors) - significant


KeyTuple = tuple[int, dt.date, str]


def chronological_keys(referrals: Iterable[Referral], today: dt.date) -> list[tuple[dt.date, str]]:
    """``(received, id)``: the chronological order."""
    return [(r.received, r.id) for r in referrals]


def risk_keys(ageing_per_week: int) -> Callable[[Iterable[Referral], dt.date], list[KeyTuple]]:
    """``(-score, received, id)`` with the default weights (4 and 1), scaled to an int.

    With ageing ``a`` per week, the score times 7 is ``28*sig + 7*minor + a*days``;
    without, the score is ``4*sig + minor``.
    """

    def keys(referrals: Iterable[Referral], today: dt.date) -> list[KeyTuple]:
        out: list[KeyTuple] = []
        for r in referrals:
            significant, minor = _counts(r)
            if ageing_per_week:
                score = 28 * significant + 7 * minor + ageing_per_week * (today - r.received).days
            else:
                score = 4 * significant + minor
            out.append((-score, r.received, r.id))
        return out

    return keys


def triage_keys(referrals: Iterable[Referral], today: dt.date) -> list[KeyTuple]:
    """``(band_index, received, id)``; referrals not triaged by ``today`` sort after every band."""
    untriaged = len(_BANDS)
    out: list[KeyTuple] = []
    for r in referrals:
        t = r.triage
        index = untriaged if t is None or t.decided_on > today else _BAND_INDEX[t.band]
        out.append((index, r.received, r.id))
    return out


def bench_strategies(referrals: Sequence[Referral], repeat: int, today: dt.date) -> list[Result]:
    """Each strategy's ``rank`` against ``sorted()`` over its precomputed key tuples."""
    cases: list[tuple[str, Strategy, Callable[[Iterable[Referral], dt.date], Sequence[Any]]]] = [
        ("chronological", Chronological(), chronological_keys),
        ("risk-weighted", RiskWeighted(), risk_keys(0)),
        ("risk-weighted+ageing", RiskWeighted(ageing_per_week=1), risk_keys(1)),
        ("triage", Triage(), triage_keys),
    ]
    results: list[Result] = []
    for name, strategy, make_keys in cases:
        # Sanity: the baseline sorts the same referrals into the same order
        # (for triage, only the triaged part is compared: the rest are listed apart).
        keys = make_keys(referrals, today)
        ranked = strategy.rank(referrals, today=today)
        expected = [k[-1] for k in sorted(keys)][: len(ranked)]
        if [r.id for r in ranked.referrals] != expected:
            raise AssertionError(f"{name}: the baseline key order differs from the strategy's")
        del ranked

        def run_strategy(strategy: Strategy = strategy) -> int:
            return len(strategy.rank(referrals, today=today))

        def run_baseline(keys: Sequence[Any] = keys) -> int:
            return len(sorted(keys))

        strategy_time, baseline_time = best_of_pair(repeat, run_strategy, run_baseline)
        ratio = strategy_time / baseline_time
        results.append(
            Result(
                name=f"rank.{name}",
                value=round(strategy_time * 1000, 2),
                unit="ms",
                ratio=round(ratio, 2),
                target=f"<= {RANK_TARGET:g}",
                met=ratio <= RANK_TARGET,
            )
        )
        _baseline_ms[f"rank.{name}"] = baseline_time * 1000
    return results


def england_bank_holidays(first_year: int, last_year: int) -> frozenset[dt.date]:
    """England's bank holidays (one-off ones included) from the ``holidays`` package."""
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(table.keys())


def naive_decision_due(received: dt.date, bank_holidays: frozenset[dt.date]) -> dt.date:
    """Walk forward a day at a time, counting weekdays that are not bank holidays."""
    one_day = dt.timedelta(days=1)
    day = received
    counted = 0
    while counted < DEADLINE_WORKING_DAYS:
        day += one_day
        if day.weekday() < 5 and day not in bank_holidays:
            counted += 1
    return day


def bench_decision_due(n: int, repeat: int) -> list[Result]:
    """``decision_due`` over ``n`` receipt dates against the naive day-by-day loop."""
    rng = random.Random(SEED + 1)
    first = dt.date(2020, 1, 1).toordinal()
    last = dt.date(2030, 12, 31).toordinal()
    dates = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(n)]
    bank_holidays = england_bank_holidays(2019, 2032)
    # Warm-up, deliberately untimed: the library builds its working-day index
    # on first use (one call below), and extends it a few years at a time as
    # later dates need it (the agreement check below touches every year). So
    # the timed loops measure the steady state a long-running service is in,
    # not the one-off index build; the naive loop's holiday set is likewise
    # built before timing.
    decision_due(dates[0])

    library = [decision_due(d) for d in dates]
    naive = [naive_decision_due(d, bank_holidays) for d in dates]
    mismatches = [(d, a, b) for d, a, b in zip(dates, library, naive, strict=True) if a != b]
    if mismatches:
        shown = ", ".join(f"{d}: library {a}, naive {b}" for d, a, b in mismatches[:5])
        raise AssertionError(
            f"decision_due and the naive loop disagree on {len(mismatches)} dates: {shown}"
        )
    del library, naive

    def run_library() -> None:
        for d in dates:
            decision_due(d)

    def run_naive() -> None:
        for d in dates:
            naive_decision_due(d, bank_holidays)

    library_time, naive_time = best_of_pair(repeat, run_library, run_naive)
    ratio = library_time / naive_time
    _baseline_ms["decision_due"] = naive_time * 1000
    return [
        Result(
            name="decision_due",
            value=round(n / library_time),
            unit="dates/s",
            ratio=round(ratio, 2),
            target="< 1",
            met=ratio < 1,
        )
    ]


def bench_replay(cases: int, repeat: int) -> list[Result]:
    """`replay` of every case's events against constructing the same `Event` objects."""
    histories, built = generate_cases(cases)
    total = sum(len(events) for events in histories)
    for i, case in built.items():
        if replay(histories[i]) != case:
            raise AssertionError(f"replay of case {case.id} does not give back the case")
    arguments = [
        (e.case_id, e.sequence, e.at, e.command, e.from_state, e.to_state)
        for events in histories
        for e in events
    ]
    # Sanity: the baseline builds events equal to the ones replayed.
    offset = 0
    for events in histories[:REPLAY_SAMPLE]:
        for e, (case_id, sequence, at, command, from_state, to_state) in zip(
            events, arguments[offset : offset + len(events)], strict=True
        ):
            again = Event(
                case_id=case_id,
                sequence=sequence,
                at=at,
                command=command,
                from_state=from_state,
                to_state=to_state,
            )
            if again != e:
                raise AssertionError(f"the baseline builds {again!r}, not {e!r}")
        offset += len(events)
    del built

    def run_replay() -> None:
        for events in histories:
            replay(events)

    def run_baseline() -> None:
        for case_id, sequence, at, command, from_state, to_state in arguments:
            Event(
                case_id=case_id,
                sequence=sequence,
                at=at,
                command=command,
                from_state=from_state,
                to_state=to_state,
            )

    replay_time, baseline_time = best_of_pair(repeat, run_replay, run_baseline)
    ratio = replay_time / baseline_time
    _baseline_ms["lifecycle.replay"] = baseline_time * 1000
    _baseline_what["lifecycle.replay"] = (
        f"constructing the same {total:,} Event objects "
        f"({cases:,} {'case' if cases == 1 else 'cases'})"
    )
    return [
        Result(
            name="lifecycle.replay",
            value=round(total / replay_time),
            unit="events/s",
            ratio=round(ratio, 2),
            target=f"<= {REPLAY_TARGET:g}",
            met=ratio <= REPLAY_TARGET,
        )
    ]


def bench_memory(n: int, today: dt.date) -> list[Result]:
    """Peak traced memory while generating ``n`` referrals and ranking them (risk-weighted)."""
    gc.collect()
    tracemalloc.start()
    try:
        referrals = generate_referrals(n, today=today)
        ranked = RiskWeighted().rank(referrals, today=today)
        len(ranked)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del referrals, ranked
    mb = peak / 1_000_000
    return [
        Result(
            name="peak_memory.rank.risk-weighted",
            value=round(mb, 1),
            unit="MB",
            ratio=round(mb / MEMORY_TARGET_MB, 2),
            target=f"< {MEMORY_TARGET_MB:g} MB",
            met=mb < MEMORY_TARGET_MB,
        )
    ]


# --------------------------------------------------------------------------- simulation


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> tuple[float, float]:
    """Erlang C by its textbook sum: (chance of waiting, mean wait), independent of the library."""
    load = arrival_rate / service_rate
    utilisation = load / servers
    top = load**servers / math.factorial(servers) / (1 - utilisation)
    waiting = top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)
    return waiting, waiting / (servers * service_rate - arrival_rate)


def bare_heapq_mmc(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    families: int,
    arrivals: random.Random,
    services: random.Random,
) -> tuple[float, int]:
    """A bare event-list M/M/c simulation: a heap of arrival and departure events, a FIFO deque.

    Returns (total wait, families who waited), streamed. Each family's episode
    is drawn at its arrival, in family order, from ``services``, as
    `simulate_mmc` draws it, so fed the same streams both give the same waits.
    """
    log = math.log
    next_arrival = arrivals.random
    next_service = services.random
    events: list[tuple[float, int]] = []  # (time, 1 for an arrival, 0 for a departure)
    queue: deque[tuple[float, float]] = deque()  # (arrival time, episode) of those waiting
    free = servers
    total = 0.0
    waited = 0
    arrived = 0
    heappush(events, (-log(1.0 - next_arrival()) / arrival_rate, 1))
    while events:
        now, kind = heappop(events)
        if kind:
            arrived += 1
            service = -log(1.0 - next_service()) / service_rate
            if arrived < families:
                heappush(events, (now - log(1.0 - next_arrival()) / arrival_rate, 1))
            if free:
                free -= 1
                heappush(events, (now + service, 0))
            else:
                queue.append((now, service))
        elif queue:
            arrival, service = queue.popleft()
            total += now - arrival
            waited += 1
            heappush(events, (now + service, 0))
        else:
            free += 1
    return total, waited


def _ciw_rate(families: int) -> tuple[float, float, str] | None:
    """Families per second through ciw on the same model, its mean wait and version; None without ciw."""
    try:
        import ciw  # type: ignore[import-untyped,import-not-found,unused-ignore]  # '.[bench]'
    except ImportError:
        return None
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=MMC_ARRIVAL_RATE)],
        service_distributions=[ciw.dists.Exponential(rate=MMC_SERVICE_RATE)],
        number_of_servers=[MMC_SERVERS],
    )
    ciw.seed(SEED)
    sim = ciw.Simulation(network)
    gc.collect()
    start = time.perf_counter()
    sim.simulate_until_max_customers(families, method="Finish")
    elapsed = time.perf_counter() - start
    records = sim.get_all_records()
    mean_wait = math.fsum(r.waiting_time for r in records) / len(records)
    return len(records) / elapsed, mean_wait, str(ciw.__version__)


def bench_simulation_speed(repeat: int) -> list[Result]:
    """`simulate_mmc` families per second against a bare heapq event loop, and against ciw."""
    arrivals_seed = stream_seed(SEED, 0, "arrivals")
    services_seed = stream_seed(SEED, 0, "services")
    # Sanity: fed the same streams, the bare loop and the library give the same waits.
    sim = simulate_mmc(
        MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, families=SIM_FAMILIES,
        replications=1, seed=SEED,
    )  # fmt: skip
    total, waited = bare_heapq_mmc(
        MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, SIM_FAMILIES,
        random.Random(arrivals_seed), random.Random(services_seed),
    )  # fmt: skip
    if not math.isclose(total / SIM_FAMILIES, sim.mean_wait.mean, rel_tol=1e-9):
        raise AssertionError(
            f"the bare loop's mean wait {total / SIM_FAMILIES} differs from "
            f"simulate_mmc's {sim.mean_wait.mean}"
        )
    if waited != round(sim.probability_of_waiting.mean * SIM_FAMILIES):
        raise AssertionError("the bare loop and simulate_mmc disagree on who waited")

    def run_library() -> None:
        simulate_mmc(
            MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, families=SIM_FAMILIES,
            replications=1, seed=SEED,
        )  # fmt: skip

    def run_bare() -> None:
        bare_heapq_mmc(
            MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, SIM_FAMILIES,
            random.Random(arrivals_seed), random.Random(services_seed),
        )  # fmt: skip

    library_time, bare_time = best_of_pair(repeat, run_library, run_bare)
    rate = SIM_FAMILIES / library_time
    ratio = library_time / bare_time
    _baseline_ms["simulate_mmc.vs_heapq"] = bare_time * 1000
    _baseline_what["simulate_mmc.vs_heapq"] = (
        f"bare heapq event loop, same {SIM_FAMILIES:,} families and streams "
        f"({SIM_FAMILIES / bare_time:,.0f} families/s)"
    )
    results = [
        Result(
            name="simulate_mmc.vs_heapq",
            value=round(rate),
            unit="families/s",
            ratio=round(ratio, 2),
            target=f"<= {HEAPQ_TARGET:g}",
            met=ratio <= HEAPQ_TARGET,
        )
    ]
    ciw_result = _ciw_rate(CIW_FAMILIES)
    if ciw_result is None:
        results.append(
            Result(
                name="simulate_mmc.vs_ciw",
                value=None,
                unit="families/s",
                ratio=None,
                target=f"<= {CIW_TARGET:g}",
                met=None,
                skipped=BENCH_EXTRA,
            )
        )
        return results
    ciw_rate, ciw_wait, version = ciw_result
    ratio = ciw_rate / rate  # time per family, ours over ciw's
    _baseline_ms["simulate_mmc.vs_ciw"] = CIW_FAMILIES / ciw_rate * 1000
    _baseline_what["simulate_mmc.vs_ciw"] = (
        f"ciw {version}, {CIW_FAMILIES:,} families once ({ciw_rate:,.0f} families/s, "
        f"mean wait {ciw_wait:.2f} weeks)"
    )
    results.append(
        Result(
            name="simulate_mmc.vs_ciw",
            value=round(rate),
            unit="families/s",
            ratio=round(ratio, 3),
            target=f"<= {CIW_TARGET:g}",
            met=ratio <= CIW_TARGET,
        )
    )
    return results


def team_scenario() -> TeamModel:
    """A 10-practitioner team as it might be today, for the 10-year run.

    Eight places each, most of them held (1 to 12 sessions left), six weeks
    of leave a year each; 60 families waiting with risk factors and triage
    bands (the generated referrals); about 300 referrals a year with a quiet
    August and December, 85% accepted; courses of 6 to 12 weekly sessions,
    85% attendance, discharge at the third missed session, a fifth extended
    by 4; risk-weighted order with ageing; England's bank holidays and the
    team closed between Christmas and New Year.
    """
    rng = random.Random(SEED + 4)
    caseloads = [
        PractitionerCaseload(
            places=8,
            sessions_remaining=[rng.randint(1, 12) for _ in range(rng.randint(5, 8))],
            leave_weeks=6,
        )
        for _ in range(10)
    ]
    closures = [
        dt.date(year, 12, day) for year in range(TODAY.year, TODAY.year + 12) for day in (24, 31)
    ]
    return TeamModel(
        today=TODAY,
        caseloads=caseloads,
        arrivals=Arrivals.per_month([26, 28, 30, 27, 28, 26, 22, 14, 30, 32, 30, 20]),
        waiting=generate_referrals(60, seed=SEED + 5),
        acceptance_rate=0.85,
        strategy=RiskWeighted(ageing_per_week=1),
        episodes=Episodes(
            sessions=(6, 12),
            attendance=0.85,
            dnas_before_discharge=3,
            extension_probability=0.2,
            extension_sessions=4,
        ),
        calendar=WorkingCalendar("england", closures=closures),
    )


def bench_team_years(repeat: int) -> list[Result]:
    """CPU time (process_time) of one 10-year replication of `team_scenario`."""
    scenario = team_scenario()
    # The first run in the process also fetches ten years of bank holidays; timed apart.
    start = time.process_time()
    first = simulate(scenario, weeks=TEAM_WEEKS, replications=1, seed=SEED)
    cold = time.process_time() - start
    if not first.counts.balanced:
        raise AssertionError(f"the 10-year run lost or duplicated families: {first.counts}")
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        simulate(scenario, weeks=TEAM_WEEKS, replications=1, seed=SEED)
        best = min(best, time.process_time() - start)
    c = first.counts
    _notes.append(
        f"simulate.10y.10-practitioners: {c.arrived:,} referrals, {c.allocated:,} allocated, "
        f"{c.closed:,} closed in {TEAM_WEEKS} weeks; first run in the process "
        f"{cold:.2f} s CPU (bank holidays fetched)"
    )
    return [
        Result(
            name="simulate.10y.10-practitioners",
            value=round(best, 3),
            unit="s CPU",
            ratio=round(best / TEAM_CPU_TARGET_S, 2),
            target=f"< {TEAM_CPU_TARGET_S:g} s",
            met=best < TEAM_CPU_TARGET_S,
        )
    ]


def bench_mmc_check() -> list[Result]:
    """Mean wait and chance of waiting over 2,000,000 families against Erlang C."""
    waiting, mean_wait = erlang_c(MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS)
    if round(mean_wait, 4) != MMC_MEAN_WAIT or round(waiting, 4) != MMC_PROBABILITY_OF_WAITING:
        raise AssertionError(f"Erlang C gives {mean_wait}, {waiting}: the constants are wrong")
    sim = simulate_mmc(
        MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, families=CHECK_FAMILIES,
        replications=CHECK_REPLICATIONS, seed=SEED, warm_up=CHECK_WARM_UP,
    )  # fmt: skip
    rows: list[Result] = []
    for name, estimate, exact in (
        ("check.mmc.mean_wait", sim.mean_wait, mean_wait),
        ("check.mmc.probability_of_waiting", sim.probability_of_waiting, waiting),
    ):
        assert estimate.low is not None
        assert estimate.high is not None
        rows.append(
            Result(
                name=name,
                value=round(estimate.mean, 4),
                unit="weeks" if name.endswith("wait") else "share",
                ratio=round(estimate.mean / exact, 4),
                target=f"95% CI holds {exact:.4f}",
                met=estimate.contains(exact),
            )
        )
        _notes.append(
            f"{name}: {estimate.mean:.4f} (95% CI {estimate.low:.4f} to {estimate.high:.4f}) "
            f"against Erlang C {exact:.4f}; {CHECK_REPLICATIONS} replications x "
            f"{CHECK_FAMILIES:,} families = {CHECK_REPLICATIONS * CHECK_FAMILIES:,}"
        )
    return rows


def bench_simulation_memory() -> list[Result]:
    """Peak traced memory of `simulate_mmc` over 1,000,000 families (statistics are streamed).

    A small untraced run first puts the interpreter's float free list back in
    its working state after ``gc.collect()`` emptied it: tracemalloc charges
    every allocation it sees, and with an empty free list the loop's temporary
    floats go to the allocator, making the traced run ten times slower
    without changing its peak (per-family records would still be traced: a
    free list holds at most 100 floats).
    """
    gc.collect()
    simulate_mmc(MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, families=1_000, seed=SEED)
    tracemalloc.start()
    try:
        simulate_mmc(
            MMC_ARRIVAL_RATE, MMC_SERVICE_RATE, MMC_SERVERS, families=SIM_MEMORY_FAMILIES,
            replications=1, seed=SEED,
        )  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    mb = peak / 1_000_000
    return [
        Result(
            name="peak_memory.simulate_mmc",
            value=round(mb, 2),
            unit="MB",
            ratio=round(mb / SIM_MEMORY_TARGET_MB, 4),
            target=f"< {SIM_MEMORY_TARGET_MB:g} MB",
            met=mb < SIM_MEMORY_TARGET_MB,
        )
    ]


def run_simulation(repeat: int) -> list[Result]:
    """The simulation rows, memory last (tracemalloc slows what it traces)."""
    results = bench_simulation_speed(repeat)
    results += bench_team_years(repeat)
    results += bench_mmc_check()
    results += bench_simulation_memory()
    return results


# --------------------------------------------------------------------------- report


def run_all(n: int, repeat: int, *, only_simulation: bool = False) -> list[Result]:
    """Every benchmark, in report order (or only the simulation rows)."""
    if only_simulation:
        return run_simulation(repeat)
    referrals = generate_referrals(n)
    results = bench_strategies(referrals, repeat, TODAY)
    del referrals
    results += bench_decision_due(n, repeat)
    # Its million events are built here and freed on return, so they weigh on no other row.
    results += bench_replay(max(1, n // 10), repeat)
    # Last, and with nothing else of ours alive: tracemalloc slows what it traces.
    results += bench_memory(n, TODAY)
    # The simulation rows keep nothing alive between them; their memory row is last of all.
    results += run_simulation(repeat)
    return results


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"


def format_table(results: Sequence[Result]) -> str:
    """The results as an aligned text table."""
    header = ("name", "value", "unit", "ratio", "target", "met")
    rows = [
        (r["name"], _number(r["value"]), r["unit"],
         "-" if r["ratio"] is None else f"{r['ratio']:.2f}", r["target"],
         r.get("skipped") or ("yes" if r["met"] else "NO"))
        for r in results
    ]  # fmt: skip
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    right = {1, 3}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the report; exit status 0 whether or not targets are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print only a JSON list of results")
    parser.add_argument(
        "--n",
        type=int,
        default=100_000,
        help="referrals and dates; n // 10 lifecycle cases of 100 events (100000)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions, best kept (5)")
    parser.add_argument(
        "--only-simulation",
        action="store_true",
        help="run only the simulation rows (speed, the Erlang C check, memory)",
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    results = run_all(args.n, args.repeat, only_simulation=args.only_simulation)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"parentinfant benchmarks: n={args.n:,}, best of {args.repeat}, "
        f"Python {sys.version.split()[0]}, today={TODAY.isoformat()}\n"
    )
    print(format_table(results))
    print("\nbaselines (same process, same data):")
    for name, ms in _baseline_ms.items():
        what = _baseline_what.get(name) or (
            "naive day-by-day loop" if name == "decision_due" else "sorted() over key tuples"
        )
        print(f"  {name}: {what} {ms:,.2f} ms")
    if _notes:
        print("\nsimulation (M/M/c: 1.8 a week, 4-week mean episodes, 8 places):")
        for note in _notes:
            print(f"  {note}")
    unmet = [r["name"] for r in results if r["met"] is False]
    skipped = [r["name"] for r in results if "skipped" in r]
    if skipped:
        print(f"\nskipped: {', '.join(skipped)} {BENCH_EXTRA.removeprefix('skipped ')}")
    print("\nall targets met" if not unmet else f"\ntargets NOT met: {', '.join(unmet)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
