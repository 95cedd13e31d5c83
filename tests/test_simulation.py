"""The waiting-list simulation: Erlang C agreement, the strategy's own order, conservation.

Rule ids: R-AL-1 (weekly allocation meeting), R-PR-1..4 (ordering), R-EN-2
(sessions, missed sessions, extensions), R-CL-1 (places), R-CL-6 (planning
inputs), R-SC-4 (screening acceptance), R-SC-5 (working days).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._simulation import (
    Arrivals,
    BacklogClearance,
    Conservation,
    Episodes,
    Estimate,
    FamilyProfile,
    PractitionerCaseload,
    TeamModel,
    WaitHistogram,
    simulate,
    simulate_mmc,
    t_quantile,
    trace_meetings,
)
from parentinfant.errors import InvalidForecast
from parentinfant.family import Family, Infant, Parent, ParentRole
from parentinfant.forecast import erlang_c_wait
from parentinfant.prioritisation import (
    DEFAULT_TRIAGE_BANDS,
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
)
from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral, TriageOutcome
from parentinfant.workdays import Nation, WorkingCalendar
from strategies import dates, referral_lists, risk_factor_sets

SEED = 20261105
TODAY = dt.date(2026, 11, 5)  # a Thursday
FAMILY = Family(
    parents=[Parent("P", ParentRole.MOTHER)], infant=Infant.unborn(dt.date(2031, 1, 1))
)
NO_ARRIVALS = Arrivals(weekly_rate=1e-12)  # a rate must be more than 0; this one never fires


def referral(
    ident: str,
    received: dt.date,
    *codes: str,
    band: str | None = None,
    triaged: dt.date | None = None,
) -> Referral:
    return Referral(
        id=ident,
        received=received,
        route=SelfReferral(),
        family=FAMILY,
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        triage=(
            TriageOutcome(band=band, decided_by="Lee", decided_on=triaged or received)
            if band is not None
            else None
        ),
    )


def backlog(n: int, *, seed: int = 1, bands: bool = False) -> list[Referral]:
    """``n`` waiting referrals with mixed risk factors (and bands), received before TODAY."""
    rng = random.Random(seed)
    codes = [f.code for f in DEFAULT_RISK_FACTORS.factors]
    return [
        referral(
            f"W{i:03d}",
            TODAY - dt.timedelta(days=rng.randint(0, 120)),
            *rng.sample(codes, rng.randint(0, 3)),
            band=rng.choice(DEFAULT_TRIAGE_BANDS) if bands and rng.random() < 0.8 else None,
        )
        for i in range(n)
    ]


# --------------------------------------------------------------------------- M/M/c against Erlang C


def test_mmc_agrees_with_erlang_c_on_a_small_busy_team_R_CL_6() -> None:
    # Three places at 90% utilisation: the hardest case for a short run (long waits,
    # slow to settle). Fixed seed, so the outcome is fixed: no flaking.
    arrival_rate, service_rate, servers = 2.7, 1.0, 3
    exact = erlang_c_wait(arrival_rate, service_rate, servers)
    sim = simulate_mmc(
        arrival_rate, service_rate, servers, families=50_000, replications=20, seed=SEED,
        warm_up=2_000,
    )  # fmt: skip
    # Probability of waiting: the interval is narrow (half-width under 0.01, so 0.02 is
    # more than four standard errors), and the simulated value is within 0.02 of Erlang C.
    assert sim.probability_of_waiting.half_width is not None
    assert sim.probability_of_waiting.half_width < 0.01
    assert abs(sim.probability_of_waiting.mean - exact.probability_of_waiting) < 0.02
    # Mean wait: within two half-widths of the 95% interval (over four standard errors,
    # t with 19 degrees of freedom), and that interval is tight (under 7% of the value),
    # so the check has teeth.
    half = sim.mean_wait.half_width
    assert half is not None
    assert half < 0.07 * exact.mean_wait
    assert abs(sim.mean_wait.mean - exact.mean_wait) <= 2 * half
    assert abs(sim.utilisation.mean - exact.utilisation) < 0.01
    # The tail P(W > t) = C exp(-(cμ - λ)t), from the pooled day-wide histogram.
    for t in (1.0, 4.0):
        assert abs(sim.wait_exceeds(t) - exact.wait_exceeds(t)) < 0.02


def test_mmc_one_server_chance_of_waiting_is_utilisation_R_CL_6() -> None:
    sim = simulate_mmc(0.5, 1.0, 1, families=20_000, replications=10, seed=SEED, warm_up=500)
    assert sim.probability_of_waiting.contains(0.5)
    assert abs(sim.mean_wait.mean - erlang_c_wait(0.5, 1.0, 1).mean_wait) < 0.05


def test_mmc_same_seed_same_result_and_other_seed_other_result() -> None:
    one = simulate_mmc(1.8, 0.25, 8, families=3_000, replications=3, seed=4)
    assert one == simulate_mmc(1.8, 0.25, 8, families=3_000, replications=3, seed=4)
    assert one != simulate_mmc(1.8, 0.25, 8, families=3_000, replications=3, seed=5)


def test_mmc_rows_are_plain_dicts() -> None:
    sim = simulate_mmc(1.8, 0.25, 8, families=1_000, replications=2, seed=1)
    rows = sim.rows()
    assert {row["measure"] for row in rows} >= {"mean_wait", "probability_of_waiting"}
    for row in rows:
        assert all(isinstance(v, str | int | float) or v is None for v in row.values())


@given(
    arrival_rate=st.floats(0.1, 5.0),
    service_rate=st.floats(0.1, 2.0),
    servers=st.integers(1, 6),
    families=st.integers(1, 400),
    replications=st.integers(1, 3),
    seed=st.integers(0, 2**32),
)
def test_more_servers_never_lengthen_the_simulated_mean_wait_R_CL_6(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    families: int,
    replications: int,
    seed: int,
) -> None:
    # Common random numbers: the same families arrive at the same moments with the same
    # episodes; under first come, first served, another place never delays anyone.
    kwargs: dict[str, Any] = {"families": families, "replications": replications, "seed": seed}
    fewer = simulate_mmc(arrival_rate, service_rate, servers, **kwargs)
    more = simulate_mmc(arrival_rate, service_rate, servers + 1, **kwargs)
    assert more.mean_wait.mean <= fewer.mean_wait.mean
    assert more.probability_of_waiting.mean <= fewer.probability_of_waiting.mean
    for sim in (fewer, more):
        assert 0 <= sim.utilisation.mean <= 1
        assert sim.waits.families == families * replications


# --------------------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        (0.975, 1, 12.706204736174707),
        (0.975, 2, 4.302652729749464),
        (0.975, 3, 3.182446305284263),
        (0.975, 4, 2.7764451051977987),
        (0.975, 9, 2.2621571627409915),
        (0.975, 19, 2.093024054408263),
        (0.975, 29, 2.045229642132703),
        (0.975, 99, 1.9842169515086827),
        (0.995, 5, 4.032142983557536),
        (0.95, 10, 1.8124611228107335),
        (0.025, 9, -2.2621571627409915),
    ],
)
def test_t_quantile_matches_published_values_to_nine_figures(
    p: float, df: int, expected: float
) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-9)


def test_estimate_interval_is_mean_plus_or_minus_t_standard_errors() -> None:
    values = [4.0, 5.0, 7.0, 8.0]
    e = Estimate.from_replications(values)
    sd = math.sqrt(sum((v - 6.0) ** 2 for v in values) / 3)
    half = t_quantile(0.975, 3) * sd / 2
    assert (e.mean, e.replications) == (6.0, 4)
    assert e.low == pytest.approx(6.0 - half)
    assert e.high == pytest.approx(6.0 + half)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=200), st.floats(0, 1))
def test_whole_day_histogram_percentile_is_the_nearest_rank(waits: list[int], q: float) -> None:
    histogram = _histogram(waits)
    ordered = sorted(waits)
    rank = max(1, math.ceil(q * len(waits) - 1e-9))
    assert histogram.percentile(q) == ordered[rank - 1] / 7
    assert histogram.families == len(waits)
    assert histogram.share_longer_than(2) == sum(1 for w in waits if w > 14) / len(waits)


def _histogram(waits: list[int]) -> WaitHistogram:
    counts = [0] * (max(waits) + 1)
    for w in waits:
        if w:
            counts[w] += 1
    return WaitHistogram(
        counts=tuple(counts),
        zero=waits.count(0),
        total_days=float(sum(waits)),
        whole_days=True,
    )


# --------------------------------------------------------------------------- the strategy's own order


def _scenario(strategy: Strategy, *, bands: bool = False, **changes: Any) -> TeamModel:
    settings: dict[str, Any] = {
        "today": TODAY,
        "caseloads": [
            PractitionerCaseload(places=3, sessions_remaining=[2, 5]),
            PractitionerCaseload(places=2),
        ],
        "arrivals": Arrivals(weekly_rate=3),
        "waiting": backlog(25, bands=bands),
        "strategy": strategy,
        "episodes": Episodes(sessions=(2, 5), attendance=0.9),
    }
    settings.update(changes)
    return TeamModel(**settings)


@pytest.mark.parametrize(
    "strategy",
    [Chronological(), RiskWeighted(), RiskWeighted(ageing_per_week=1), Triage()],
    ids=["chronological", "risk-weighted", "risk-weighted+ageing", "triage"],
)
def test_allocation_order_is_the_strategys_own_rank_R_AL_1_R_PR_4(strategy: Strategy) -> None:
    scenario = _scenario(strategy, bands=isinstance(strategy, Triage))
    meetings = trace_meetings(scenario, weeks=20, seed=SEED)
    shuffle = random.Random(0).shuffle
    chose = 0
    for meeting in meetings:
        listed = list(meeting.waiting)
        shuffle(listed)  # the rank must not depend on the order families joined the list
        ranked = strategy.rank(listed, today=meeting.day).referrals
        n = len(meeting.allocated)
        assert n == min(sum(meeting.free_places), len(ranked))
        assert meeting.allocated == tuple(r.id for r in ranked[:n])
        chose += 0 < n < len(meeting.waiting)
    assert chose >= 5  # meetings that had to choose among the waiting families


def test_allocation_goes_to_the_practitioner_with_most_free_places_R_AL_1() -> None:
    scenario = _scenario(Chronological())
    for meeting in trace_meetings(scenario, weeks=12, seed=SEED):
        free = list(meeting.free_places)
        for k in meeting.practitioners:
            assert free[k] == max(free) > 0
            free[k] -= 1
        assert all(
            h <= p.places for h, p in zip(meeting.held_after, scenario.caseloads, strict=True)
        )


def test_simulated_families_draw_risk_factors_from_the_families_waiting_R_PR_2() -> None:
    waiting = [referral("A", TODAY, "domestic-abuse"), referral("B", TODAY, "bereavement")]
    scenario = _scenario(RiskWeighted(), waiting=waiting)
    seen = {
        tuple(f.code for f in r.risk_factors)
        for meeting in trace_meetings(scenario, weeks=8, seed=SEED)
        for r in meeting.waiting
        if r.id.startswith("simulated-")
    }
    assert seen == {("domestic-abuse",), ("bereavement",)}


def test_simulated_families_draw_from_a_supplied_mix_R_PR_2() -> None:
    mix = [FamilyProfile(risk_factors=DEFAULT_RISK_FACTORS.resolve(["social-isolation"]))]
    scenario = _scenario(RiskWeighted(), mix=mix)
    simulated = [
        r
        for meeting in trace_meetings(scenario, weeks=6, seed=SEED)
        for r in meeting.waiting
        if r.id.startswith("simulated-")
    ]
    assert simulated
    assert all([f.code for f in r.risk_factors] == ["social-isolation"] for r in simulated)


def test_triage_families_wait_for_their_triage_deadline_R_PR_3() -> None:
    # Untriaged families waiting today, and every new one, are triaged on their
    # deadline with a band from the mix; none is allocated before it.
    scenario = _scenario(Triage(), bands=True)
    strategy = Triage()
    for meeting in trace_meetings(scenario, weeks=10, seed=SEED):
        ranked = strategy.rank(meeting.waiting, today=meeting.day)
        untriaged = {u.referral.id for u in ranked.untriaged}
        assert not untriaged & set(meeting.allocated)
        for r in meeting.waiting:
            assert r.triage is not None
            assert r.triage.band in DEFAULT_TRIAGE_BANDS


# --------------------------------------------------------------------------- calendar, sessions, leave


def test_meeting_moves_to_the_next_working_day_after_a_bank_holiday_R_AL_1_R_SC_5() -> None:
    # Christmas Day and Boxing Day 2029 fall on Tuesday and Wednesday; New Year's Day 2030
    # on a Tuesday. In Scotland 2 January is a bank holiday too.
    def days(nation: str) -> list[str]:
        scenario = TeamModel(
            today=dt.date(2029, 12, 20),
            caseloads=[PractitionerCaseload(places=2)],
            arrivals=NO_ARRIVALS,
            calendar=WorkingCalendar(nation),
        )
        return [m.day.isoformat() for m in trace_meetings(scenario, weeks=3)]

    assert days("england") == ["2029-12-27", "2030-01-02", "2030-01-08"]
    assert days("scotland") == ["2029-12-27", "2030-01-03", "2030-01-08"]


def test_team_closure_days_skip_sessions_and_meetings_R_SC_5() -> None:
    closed = [dt.date(2026, 2, 2) + dt.timedelta(days=i) for i in range(14)]
    scenario = TeamModel(
        today=dt.date(2026, 2, 1),
        caseloads=[PractitionerCaseload(places=1, sessions_remaining=[1])],
        arrivals=NO_ARRIVALS,
        episodes=Episodes(attendance=1.0, extension_probability=0),
        calendar=WorkingCalendar("england", closures=closed),
    )
    result = simulate(scenario, weeks=4, replications=1)
    assert [h.mean for h in result.held] == [1, 1, 1, 0, 0]  # no session until the team reopens
    # The meeting of 10 February moves to the first working day after the closure.
    assert [m.day for m in trace_meetings(scenario, weeks=4)][:2] == [
        dt.date(2026, 2, 16),
        dt.date(2026, 2, 17),
    ]


def test_families_already_waiting_keep_their_waits_so_far() -> None:
    # Received ten weeks before today (a Thursday); the first meeting is the next Tuesday.
    waiting = [referral("A", TODAY - dt.timedelta(weeks=10))]
    scenario = TeamModel(
        today=TODAY,
        caseloads=[PractitionerCaseload(places=1)],
        arrivals=NO_ARRIVALS,
        waiting=waiting,
    )
    result = simulate(scenario, weeks=2, replications=2)
    expected = (70 + 5) / 7
    assert result.mean_wait is not None
    assert result.mean_wait.mean == expected
    assert result.wait_p50 is not None
    assert result.wait_p50.mean == expected
    assert result.probability_of_waiting is not None
    assert result.probability_of_waiting.mean == 1
    assert result.counts.allocated == 2


def test_a_full_caseload_takes_nobody_until_a_family_finishes_R_CL_1_R_EN_1() -> None:
    scenario = TeamModel(
        today=dt.date(2026, 2, 2),  # a Monday; no bank holidays in February
        caseloads=[PractitionerCaseload(places=1, sessions_remaining=[2])],
        arrivals=NO_ARRIVALS,
        waiting=[referral("A", dt.date(2026, 1, 20))],
        episodes=Episodes(sessions=3, attendance=1.0, extension_probability=0),
    )
    meetings = trace_meetings(scenario, weeks=4)
    assert [m.free_places for m in meetings] == [(0,), (0,), (1,), (0,)]
    assert [m.allocated for m in meetings] == [(), (), ("A",), ()]


def test_an_extension_adds_its_sessions_once_R_EN_2() -> None:
    def held_weeks(probability: float) -> list[float]:
        scenario = TeamModel(
            today=dt.date(2026, 2, 1),  # a Sunday: week 1 is Monday to Sunday
            caseloads=[PractitionerCaseload(places=1, sessions_remaining=[1])],
            arrivals=NO_ARRIVALS,
            episodes=Episodes(
                attendance=1.0, extension_probability=probability, extension_sessions=3
            ),
        )
        return [h.mean for h in simulate(scenario, weeks=6, replications=1).held]

    assert held_weeks(0) == [1, 0, 0, 0, 0, 0, 0]
    assert held_weeks(1) == [1, 1, 1, 1, 0, 0, 0]


def test_missed_sessions_lead_to_discharge_at_the_policy_limit_R_EN_2() -> None:
    scenario = TeamModel(
        today=dt.date(2026, 2, 1),
        caseloads=[PractitionerCaseload(places=4, sessions_remaining=[5, 5, 5, 5])],
        arrivals=NO_ARRIVALS,
        episodes=Episodes(attendance=0.0, dnas_before_discharge=2),
    )
    result = simulate(scenario, weeks=3, replications=1)
    assert [h.mean for h in result.held] == [4, 4, 0, 0]  # each missed session costs a week
    assert (result.counts.discharged, result.counts.completed) == (4, 0)


def test_missed_sessions_never_discharge_without_a_limit_R_EN_2() -> None:
    scenario = TeamModel(
        today=dt.date(2026, 2, 1),
        caseloads=[PractitionerCaseload(places=1, sessions_remaining=[1])],
        arrivals=NO_ARRIVALS,
        episodes=Episodes(attendance=0.0, dnas_before_discharge=None),
    )
    assert simulate(scenario, weeks=10, replications=1).counts.still_held == 1


def test_a_practitioner_on_leave_all_year_holds_and_takes_no_one_R_CL_1() -> None:
    scenario = TeamModel(
        today=TODAY,
        caseloads=[PractitionerCaseload(places=3, sessions_remaining=[1, 1], leave_weeks=52)],
        arrivals=Arrivals(weekly_rate=2),
        episodes=Episodes(attendance=1.0),
    )
    meetings = trace_meetings(scenario, weeks=20, seed=SEED)
    assert all(m.free_places == (0,) and not m.allocated for m in meetings)
    result = simulate(scenario, weeks=20, replications=2, seed=SEED)
    assert result.counts.closed == 0
    assert result.utilisation.mean == pytest.approx(2 / 3)


def test_leave_weeks_are_taken_each_year_R_CL_1() -> None:
    scenario = TeamModel(
        today=TODAY,
        caseloads=[PractitionerCaseload(places=1, leave_weeks=6)],
        arrivals=NO_ARRIVALS,
    )
    meetings = trace_meetings(scenario, weeks=104, seed=SEED)
    assert len(meetings) == 104
    # A free place shows as none only in a leave week: six weeks in each of two years.
    assert sum(1 for m in meetings if m.free_places == (0,)) == 12


# --------------------------------------------------------------------------- arrivals and screening


def test_poisson_arrivals_average_the_weekly_rate_R_CL_6() -> None:
    scenario = TeamModel(
        today=TODAY, caseloads=[PractitionerCaseload(places=5)], arrivals=Arrivals(weekly_rate=4)
    )
    result = simulate(scenario, weeks=52, replications=20, seed=SEED)
    expected = 4 * 52 * 20
    assert abs(result.counts.arrived - expected) < 4 * math.sqrt(expected)


def test_seasonal_profile_sets_each_months_arrivals_R_CL_6() -> None:
    arrivals = Arrivals.per_month([60, 20, 20, 20, 20, 20, 20, 5, 20, 20, 20, 20])

    def arrived(first_day: dt.date) -> int:
        scenario = TeamModel(
            today=first_day, caseloads=[PractitionerCaseload(places=1)], arrivals=arrivals
        )
        return simulate(scenario, weeks=4, replications=30, seed=SEED).counts.arrived

    january = arrived(dt.date(2026, 12, 31)) / 30  # 1 to 28 January: 60 * 28/31 expected
    august = arrived(dt.date(2027, 7, 31)) / 30  # 1 to 28 August: 5 * 28/31 expected
    assert january == pytest.approx(60 * 28 / 31, rel=0.1)
    assert august == pytest.approx(5 * 28 / 31, rel=0.25)


def test_acceptance_rate_declines_the_rest_R_SC_4() -> None:
    def counts(rate: float) -> Conservation:
        scenario = TeamModel(
            today=TODAY,
            caseloads=[PractitionerCaseload(places=5)],
            arrivals=Arrivals(weekly_rate=5),
            acceptance_rate=rate,
        )
        return simulate(scenario, weeks=26, replications=4, seed=SEED).counts

    nobody, half, everyone = counts(0.0), counts(0.5), counts(1.0)
    assert nobody.declined == nobody.arrived
    assert nobody.allocated == 0
    assert everyone.declined == 0
    assert half.declined == pytest.approx(half.arrived / 2, rel=0.15)


def test_a_bigger_team_sees_the_same_arrivals_common_random_numbers() -> None:
    def counts(places: int) -> Conservation:
        scenario = TeamModel(
            today=TODAY,
            caseloads=[PractitionerCaseload(places=places)],
            arrivals=Arrivals(weekly_rate=2),
        )
        return simulate(scenario, weeks=26, replications=3, seed=SEED).counts

    small, large = counts(2), counts(9)
    assert (small.arrived, small.declined) == (large.arrived, large.declined)
    assert large.still_waiting <= small.still_waiting


def test_backlog_clearance_counts_replications_that_never_clear() -> None:
    scenario = _scenario(Chronological(), arrivals=Arrivals(weekly_rate=0.5))
    result = simulate(scenario, weeks=80, replications=5, seed=SEED, backlog_target=3)
    assert result.backlog.cleared + result.backlog.never_cleared == 5
    assert result.backlog.cleared == 5
    assert result.backlog.estimate is not None
    jammed = simulate(
        _scenario(Chronological(), arrivals=Arrivals(weekly_rate=50)), weeks=10, replications=3
    )
    assert jammed.backlog == BacklogClearance(target=0, weeks=(None, None, None), estimate=None)


def test_rows_and_series_are_plain_values() -> None:
    result = simulate(_scenario(RiskWeighted()), weeks=6, replications=3, seed=SEED)
    rows, series = result.rows(), result.series()
    assert len(series) == 7
    assert series[-1]["date"] == TODAY + dt.timedelta(weeks=6)
    for row in [*rows, *series]:
        assert all(isinstance(v, str | int | float | dt.date) or v is None for v in row.values())


# --------------------------------------------------------------------------- properties


@st.composite
def caseloads(draw: st.DrawFn) -> PractitionerCaseload:
    places = draw(st.integers(1, 4))
    remaining = draw(st.lists(st.integers(1, 6), max_size=places))
    return PractitionerCaseload(
        places=places, sessions_remaining=remaining, leave_weeks=draw(st.integers(0, 10))
    )


STRATEGIES: tuple[Strategy, ...] = (
    Chronological(),
    RiskWeighted(),
    RiskWeighted(ageing_per_week=1),
    Triage(),
)


@st.composite
def scenarios(draw: st.DrawFn) -> TeamModel:
    today = draw(dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)))
    strategy = draw(st.sampled_from(STRATEGIES))
    triage = isinstance(strategy, Triage)
    waiting = draw(referral_lists(today, max_size=8, bands=DEFAULT_TRIAGE_BANDS))
    mix: list[FamilyProfile] = []
    if triage or draw(st.booleans()):
        mix = draw(
            st.lists(
                st.builds(
                    FamilyProfile,
                    risk_factors=risk_factor_sets(max_size=3),
                    band=st.sampled_from(DEFAULT_TRIAGE_BANDS),
                ),
                min_size=1,
                max_size=3,
            )
        )
    lowest = draw(st.integers(1, 6))
    weights = draw(st.none() | st.lists(st.floats(0.1, 3), min_size=12, max_size=12))
    closures = draw(st.lists(dates(today, today + dt.timedelta(days=60)), max_size=5))
    return TeamModel(
        today=today,
        caseloads=draw(st.lists(caseloads(), min_size=1, max_size=3)),
        arrivals=Arrivals(weekly_rate=draw(st.floats(0.05, 6)), monthly_weights=weights),
        waiting=waiting,
        acceptance_rate=draw(st.floats(0, 1)),
        strategy=strategy,
        episodes=Episodes(
            sessions=(lowest, draw(st.integers(lowest, lowest + 6))),
            attendance=draw(st.floats(0, 1)),
            dnas_before_discharge=draw(st.none() | st.integers(1, 4)),
            extension_probability=draw(st.floats(0, 1)),
            extension_sessions=draw(st.integers(0, 4)),
            days_to_first_session=draw(st.integers(0, 14)),
        ),
        calendar=WorkingCalendar(draw(st.sampled_from(Nation)), closures=closures),
        meeting_weekday=draw(st.integers(0, 4)),
        mix=mix,
    )


RUNS = st.fixed_dictionaries(
    {
        "weeks": st.integers(1, 20),
        "replications": st.integers(1, 3),
        "seed": st.integers(-(2**40), 2**40),
    }
)


@given(scenarios(), RUNS)
def test_nothing_lost_nothing_duplicated(scenario: TeamModel, run: dict[str, int]) -> None:
    result = simulate(scenario, **run)
    assert all(c.balanced for c in result.replication_counts)
    assert result.counts.balanced
    assert result.counts.started_waiting == len(scenario.waiting) * run["replications"]
    assert result.counts.started_held == scenario.held * run["replications"]
    assert result.waits.families == result.counts.allocated
    # And in one traced replication: every allocation is of a family on the list, once.
    allocated: list[str] = []
    for meeting in trace_meetings(scenario, weeks=run["weeks"], seed=run["seed"]):
        assert set(meeting.allocated) <= {r.id for r in meeting.waiting}
        allocated.extend(meeting.allocated)
    assert len(allocated) == len(set(allocated)) == result.replication_counts[0].allocated


@given(scenarios(), RUNS)
def test_same_seed_same_result(scenario: TeamModel, run: dict[str, int]) -> None:
    assert simulate(scenario, **run) == simulate(scenario, **run)


@given(scenarios(), RUNS)
def test_utilisation_in_0_1_and_lengths_never_negative(
    scenario: TeamModel, run: dict[str, int]
) -> None:
    result = simulate(scenario, **run)
    assert 0 <= result.utilisation.mean <= 1
    for series in (result.waiting_list, result.held):
        assert all(e.mean >= 0 and (e.low is None or e.low <= e.mean) for e in series)
    assert result.waiting_list[0].mean == len(scenario.waiting)
    assert result.held[0].mean == scenario.held
    for estimate in (result.probability_of_waiting, result.waited_longer_than_target):
        assert estimate is None or 0 <= estimate.mean <= 1


@given(scenarios(), RUNS)
def test_capacity_never_exceeded_R_CL_1(scenario: TeamModel, run: dict[str, int]) -> None:
    result = simulate(scenario, **run)
    assert result.peak_held <= scenario.places
    assert all(e.mean <= scenario.places for e in result.held)
    for meeting in trace_meetings(scenario, weeks=run["weeks"], seed=run["seed"]):
        for held, member in zip(meeting.held_after, scenario.caseloads, strict=True):
            assert held <= member.places


# --------------------------------------------------------------------------- validation


def _raises(field: str, value: object, call: Any) -> None:
    with pytest.raises(InvalidForecast) as info:
        call()
    assert info.value.field == field
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "kwargs"),
    [
        ("arrival_rate", 0, {"arrival_rate": 0}),
        ("arrival_rate", -1.8, {"arrival_rate": -1.8}),
        ("arrival_rate", math.nan, {"arrival_rate": math.nan}),
        ("arrival_rate", math.inf, {"arrival_rate": math.inf}),
        ("arrival_rate", "1.8", {"arrival_rate": "1.8"}),
        ("service_rate", 0.0, {"service_rate": 0.0}),
        ("servers", 0, {"servers": 0}),
        ("servers", 8.0, {"servers": 8.0}),
        ("servers", True, {"servers": True}),
        ("families", 0, {"families": 0}),
        ("families", -5, {"families": -5}),
        ("replications", 0, {"replications": 0}),
        ("warm_up", -1, {"warm_up": -1}),
        ("confidence", 1.0, {"confidence": 1.0}),
    ],
)
def test_simulate_mmc_refuses_bad_inputs_R_CL_6(
    field: str, value: object, kwargs: dict[str, Any]
) -> None:
    args: dict[str, Any] = {
        "arrival_rate": 1.8,
        "service_rate": 0.25,
        "servers": 8,
        "families": 10,
    }
    args.update(kwargs)
    rate, service, servers = (
        args.pop("arrival_rate"),
        args.pop("service_rate"),
        args.pop("servers"),
    )
    _raises(field, value, lambda: simulate_mmc(rate, service, servers, **args))


@pytest.mark.parametrize(
    ("field", "value", "make"),
    [
        ("weekly_rate", 0, lambda: Arrivals(weekly_rate=0)),
        ("weekly_rate", math.nan, lambda: Arrivals(weekly_rate=math.nan)),
        ("monthly_weights", -1, lambda: Arrivals(weekly_rate=1, monthly_weights=[1] * 11 + [-1])),
        ("monthly_weights", [1] * 11, lambda: Arrivals(weekly_rate=1, monthly_weights=[1] * 11)),
        ("rates", 0, lambda: Arrivals.per_month([0] * 12)),
        ("sessions", (12, 6), lambda: Episodes(sessions=(12, 6))),
        ("sessions", 0, lambda: Episodes(sessions=0)),
        ("attendance", -0.1, lambda: Episodes(attendance=-0.1)),
        ("attendance", math.nan, lambda: Episodes(attendance=math.nan)),
        ("dnas_before_discharge", 0, lambda: Episodes(dnas_before_discharge=0)),
        ("extension_probability", 2, lambda: Episodes(extension_probability=2)),
        ("extension_sessions", -1, lambda: Episodes(extension_sessions=-1)),
        ("days_to_first_session", -1, lambda: Episodes(days_to_first_session=-1)),
        ("places", 0, lambda: PractitionerCaseload(places=0)),
        ("places", -2, lambda: PractitionerCaseload(places=-2)),
        (
            "sessions_remaining",
            0,
            lambda: PractitionerCaseload(places=2, sessions_remaining=[3, 0]),
        ),
        (
            "sessions_remaining",
            (1, 1, 1),
            lambda: PractitionerCaseload(places=2, sessions_remaining=[1, 1, 1]),
        ),
        ("leave_weeks", 53, lambda: PractitionerCaseload(places=2, leave_weeks=53)),
        ("leave_weeks", -1, lambda: PractitionerCaseload(places=2, leave_weeks=-1)),
    ],
)
def test_inputs_refuse_out_of_range_values(field: str, value: object, make: Any) -> None:
    _raises(field, value, make)


def _team(**changes: Any) -> TeamModel:
    settings: dict[str, Any] = {
        "today": TODAY,
        "caseloads": [PractitionerCaseload(places=2)],
        "arrivals": Arrivals(weekly_rate=1),
    }
    settings.update(changes)
    return TeamModel(**settings)


@pytest.mark.parametrize(
    ("field", "value", "changes"),
    [
        ("caseloads", (), {"caseloads": []}),
        ("acceptance_rate", 1.5, {"acceptance_rate": 1.5}),
        ("acceptance_rate", -0.5, {"acceptance_rate": -0.5}),
        ("acceptance_rate", math.nan, {"acceptance_rate": math.nan}),
        ("meeting_weekday", 5, {"meeting_weekday": 5}),
        ("strategy", "fifo", {"strategy": "fifo"}),
        ("today", "2026-11-05", {"today": "2026-11-05"}),
        (
            "waiting",
            TODAY + dt.timedelta(days=1),
            {"waiting": [referral("A", TODAY + dt.timedelta(days=1))]},
        ),
        ("waiting", "A", {"waiting": [referral("A", TODAY), referral("A", TODAY)]}),
        ("mix", (), {"strategy": Triage()}),
        ("mix", "amber", {"strategy": Triage(), "mix": [FamilyProfile(band="amber")]}),
        (
            "waiting",
            "amber",
            {
                "strategy": Triage(),
                "waiting": [referral("A", TODAY, band="amber")],
                "mix": [FamilyProfile(band="soon")],
            },
        ),
    ],
)
def test_scenario_refuses_an_impossible_team(
    field: str, value: object, changes: dict[str, Any]
) -> None:
    _raises(field, value, lambda: _team(**changes))


@pytest.mark.parametrize(
    ("field", "value", "kwargs"),
    [
        ("weeks", 0, {"weeks": 0}),
        ("weeks", 2.5, {"weeks": 2.5}),
        ("replications", 0, {"replications": 0}),
        ("seed", 1.5, {"seed": 1.5}),
        ("backlog_target", -1, {"backlog_target": -1}),
        ("wait_target_weeks", -1, {"wait_target_weeks": -1}),
        ("wait_target_weeks", math.nan, {"wait_target_weeks": math.nan}),
        ("confidence", 0, {"confidence": 0}),
    ],
)
def test_simulate_refuses_bad_run_settings_R_CL_6(
    field: str, value: object, kwargs: dict[str, Any]
) -> None:
    _raises(field, value, lambda: simulate(_team(), **kwargs))
