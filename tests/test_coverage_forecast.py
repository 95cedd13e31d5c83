"""Branch coverage for the forecasts and the simulation: edge cases, refusals, rare branches.

Covers `parentinfant.forecast` and the simulation behind it (`_simulation`,
`_sim_engine`, `_sim_model`, `_sim_stats`, `_sim_mmc`, `_sim_checks`). Each
refusal is checked for its typed error, the field it names, the rule and the
value in the message (R-CL-6 planning inputs, R-CL-1 places, R-EN-2
sessions, R-PR-2..4 ordering, R-SC-5 calendar). The t quantile is checked
against closed forms computed here by another method (the t distribution's
tail for 3, 4 and odd degrees of freedom in elementary functions), never
against its own formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import parentinfant.forecast as forecast_module
from parentinfant.errors import InvalidForecast
from parentinfant.family import Family, Infant, Parent, ParentRole
from parentinfant.forecast import (
    Arrivals,
    Conservation,
    Episodes,
    Estimate,
    FamilyProfile,
    PractitionerCaseload,
    QueueForecast,
    TeamModel,
    UnstableQueue,
    WaitHistogram,
    allen_cunneen_wait,
    erlang_c_wait,
    servers_needed,
    simulate,
    t_quantile,
    trace_meetings,
)
from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral

TODAY = dt.date(2026, 11, 5)  # a Thursday
FAMILY = Family(
    parents=[Parent("P", ParentRole.MOTHER)], infant=Infant.unborn(dt.date(2031, 1, 1))
)


def _referral(ident: str, received: dt.date) -> Referral:
    return Referral(id=ident, received=received, route=SelfReferral(), family=FAMILY)


def _refused(call: Callable[[], object], field: str, value: object, rule: str) -> str:
    """Run ``call``, check it raises `InvalidForecast` naming field, rule and value."""
    with pytest.raises(InvalidForecast) as caught:
        call()
    assert caught.value.field == field
    assert caught.value.rule == rule
    message = str(caught.value)
    assert message.startswith(field)
    assert f"({rule})" in message
    assert message.endswith(f"got {value!r}")
    return message


def _team(**changes: Any) -> TeamModel:
    settings: dict[str, Any] = {
        "today": TODAY,
        "caseloads": [PractitionerCaseload(places=2)],
        "arrivals": Arrivals(weekly_rate=1),
    }
    settings.update(changes)
    return TeamModel(**settings)


# --------------------------------------------------------------------------- closed-form tails


def _tail_3(t: float) -> float:
    """P(T > t) for 3 degrees of freedom, t > 0: (φ - sin φ cos φ)/π with φ = atan(√3/t)."""
    phi = math.atan(math.sqrt(3) / t)
    if phi < 1e-2:  # the series of φ - sin(2φ)/2, which does not cancel
        terms = ((2 / 3, 3), (-2 / 15, 5), (4 / 315, 7), (-2 / 2835, 9), (4 / 155925, 11))
        return sum(c * phi**k for c, k in terms) / math.pi
    return (phi - math.sin(phi) * math.cos(phi)) / math.pi


def _tail_4(t: float) -> float:
    """P(T > t) for 4 degrees of freedom, t > 0: (1 - x)²(2 + x)/4 with x = t/√(4 + t²)."""
    root = math.sqrt(4 + t * t)
    one_minus_x = 4 / (root * (root + t))  # 1 - x without cancellation
    return one_minus_x**2 * (2 + t / root) / 4


def _tail_odd(t: float, df: int) -> float:
    """P(T > t) for odd ``df`` (moderate tails): 1/2 - (θ + sin θ cos θ · Σ)/π."""
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    total, term = 0.0, 1.0
    for k in range(1, (df - 1) // 2 + 1):
        total += term
        term *= c2 * (2 * k) / (2 * k + 1)
    return 0.5 - (theta + math.sin(theta) * math.cos(theta) * total) / math.pi


# --------------------------------------------------------------------------- t quantile (R-CL-6)


@pytest.mark.parametrize("exponent", [0.35, 0.5, 1, 1.3, 2, 3, 6, 9, 12, 16, 17, 30, 100, 300])
def test_t_quantile_matches_the_closed_form_tails_for_3_and_4_df_R_CL_6(exponent: float) -> None:
    # Newton near the centre and out in the tail, and the power law beyond 1e10, all agree
    # with the closed forms: the tail at the returned quantile is the tail asked for.
    tail = 10.0**-exponent
    for df, tail_of in ((3, _tail_3), (4, _tail_4)):
        t = -t_quantile(tail, df)
        assert t > 0
        assert tail_of(t) == pytest.approx(tail, rel=1e-11)


@pytest.mark.parametrize("df", [5, 9, 39, 41, 99, 999])
@pytest.mark.parametrize("tail", [0.45, 0.25, 0.1, 0.025, 0.005, 1e-3])
def test_t_quantile_matches_the_closed_form_tail_for_odd_df_R_CL_6(df: int, tail: float) -> None:
    # 39 and 41 sit either side of the log-gamma ratio's switch to its series (df = 40).
    t = -t_quantile(tail, df)
    assert _tail_odd(t, df) == pytest.approx(tail, rel=1e-11)
    # 1 - tail is rounded (0.55 is not exactly 1 - 0.45), so the upper quantile is near -t.
    assert t_quantile(1 - tail, df) == pytest.approx(t, rel=1e-13)


def test_t_quantile_near_one_half_keeps_its_precision_R_CL_6() -> None:
    # P(0 < T < t) ≈ t·f(0) for tiny t; for 3 df f(0) = 2/(π√3). Computing 1 - (1/2 + ε)
    # would lose every digit of ε; the quantile must not.
    smallest = 2.0**-53  # 0.5 + 2**-53 is the float just above 1/2
    expected = smallest * math.pi * math.sqrt(3) / 2
    assert t_quantile(0.5 + smallest, 3) == pytest.approx(expected, rel=1e-13)
    assert t_quantile(0.5 - smallest / 2, 3) == pytest.approx(-expected / 2, rel=1e-13)
    assert t_quantile(0.5, 3) == 0.0


def test_t_quantile_for_many_degrees_of_freedom_is_the_normal_quantile_R_CL_6() -> None:
    # A bug before issue 7: 1e15 df gave 7.006 and 1e16 df a ZeroDivisionError.
    normal = NormalDist().inv_cdf(0.975)
    for df in (1e6, 1e15, 1e16, 1e300):  # the next term, in 1/df², is under 1e-11 here
        t = t_quantile(0.975, df)
        assert t == pytest.approx(normal * (1 + (1 + normal**2) / (4 * df)), rel=1e-11)
    # The series and Newton's method agree where they meet.
    just_below = math.nextafter(10_000.0, 0)
    assert t_quantile(0.975, just_below) == pytest.approx(t_quantile(0.975, 1e4), rel=1e-12)


def test_t_quantile_for_the_smallest_probabilities_is_finite_or_infinite_R_CL_6() -> None:
    # A bug before issue 7: p = 1e-17 raised StatisticsError (1 - p rounded to 1).
    t = -t_quantile(1e-17, 4)
    assert _tail_4(t) == pytest.approx(1e-17, rel=1e-11)
    # Beyond the largest float the quantile is infinite, for 1 df by its closed form too.
    assert t_quantile(1e-320, 1.01) == -math.inf
    assert t_quantile(1e-320, 1) == -math.inf
    # Far out but within range: the tail's power law, still matching the closed form.
    t = -t_quantile(5e-324, 4)
    assert 1e80 < t < math.inf
    assert _tail_4(t) == pytest.approx(5e-324, rel=0.5)  # 5e-324 is the one float there


def test_t_quantile_one_and_two_degrees_of_freedom_are_closed_forms_R_CL_6() -> None:
    # 1 df is the Cauchy distribution: tan(π(p - 1/2)); 2 df: (2p - 1)/√(2p(1 - p)).
    assert t_quantile(0.75, 1) == pytest.approx(1.0, rel=1e-15)
    assert t_quantile(0.9, 2) == pytest.approx(0.8 / math.sqrt(0.18), rel=1e-15)
    assert t_quantile(0.1, 2) == pytest.approx(-0.8 / math.sqrt(0.18), rel=1e-15)


@given(
    st.floats(min_value=5e-324, max_value=0.5, exclude_max=True),
    st.floats(min_value=1, max_value=1e300),
)
def test_t_quantile_answers_every_probability_and_df_with_a_number_R_CL_6(
    tail: float, df: float
) -> None:
    low = t_quantile(tail, df)
    assert low < 0  # -inf allowed: beyond the largest float
    assert not math.isnan(low)
    high = 1 - tail
    if 1 - high == tail:  # the upper probability is exact, so the answer is symmetric
        assert t_quantile(high, df) == -low


@given(
    st.floats(min_value=1e-300, max_value=1, exclude_min=True, exclude_max=True),
    st.floats(min_value=1e-300, max_value=1, exclude_min=True, exclude_max=True),
    st.floats(min_value=1, max_value=1e6),
)
def test_t_quantile_never_falls_as_p_rises_R_CL_6(p: float, q: float, df: float) -> None:
    assume(p != q)
    low, high = min(p, q), max(p, q)
    assert t_quantile(low, df) <= t_quantile(high, df)


@pytest.mark.parametrize(
    ("p", "df", "field", "wanted"),
    [
        (0.0, 5, "p", "must be more than 0 and less than 1"),
        (1.5, 5, "p", "must be more than 0 and less than 1"),
        (0.975, 0.5, "df", "must be at least 1"),
        (0.975, 0, "df", "must be at least 1"),
        (0.975, -3, "df", "must be at least 1"),
        (math.nan, 5, "p", "must be a finite number"),
        (0.975, math.inf, "df", "must be a finite number"),
    ],
)
def test_t_quantile_refuses_a_probability_or_df_out_of_range_R_CL_6(
    p: float, df: float, field: str, wanted: str
) -> None:
    message = _refused(lambda: t_quantile(p, df), field, p if field == "p" else df, "R-CL-6")
    assert wanted in message


# --------------------------------------------------------------------------- estimates


def test_one_replication_has_no_interval_R_CL_6() -> None:
    one = Estimate.from_replications([2.5])
    assert (one.low, one.high, one.half_width) == (None, None, None)
    assert not one.contains(2.5)  # no interval holds anything, not even the mean
    assert str(one) == "2.5 (1 replication, no interval)"
    two = Estimate(mean=1.0, low=None, high=None, replications=2)
    assert str(two) == "1 (2 replications, no interval)"


def test_an_interval_reads_its_confidence_and_replications_R_CL_6() -> None:
    e = Estimate.from_replications([3.0, 4.0, 5.0], confidence=0.9)
    half = t_quantile(0.95, 2) * 1.0 / math.sqrt(3)
    assert e.half_width == pytest.approx(half)
    assert e.contains(4.0 + half * 0.99)
    assert not e.contains(4.0 + half * 1.01)
    assert str(e) == f"4 (90% CI {4 - half:.3g} to {4 + half:.3g}, 3 replications)"


def test_an_estimate_needs_at_least_one_value_R_CL_6() -> None:
    message = _refused(lambda: Estimate.from_replications([]), "values", [], "R-CL-6")
    assert "must hold at least one value" in message


def test_an_estimate_refuses_a_value_that_is_not_finite_R_CL_6() -> None:
    _refused(lambda: Estimate.from_replications([1.0, math.inf]), "values", math.inf, "R-CL-6")
    _refused(lambda: Estimate.from_replications([1.0], confidence=1), "confidence", 1, "R-CL-6")


# --------------------------------------------------------------------------- wait histograms


def test_an_empty_histogram_has_no_mean_and_no_percentile_R_CL_6() -> None:
    empty = WaitHistogram(counts=(), zero=0, total_days=0.0, whole_days=True)
    assert empty.families == 0
    assert empty.mean_weeks is None
    assert empty.share_longer_than(1) == 0.0
    message = _refused(lambda: empty.percentile(0.5), "families", 0, "R-CL-6")
    assert "must be at least 1 for a percentile" in message


def test_a_histogram_mean_is_from_the_exact_sum_R_CL_6() -> None:
    h = WaitHistogram(counts=(0, 0, 0, 0, 0, 0, 0, 2, 1), zero=1, total_days=22.0, whole_days=True)
    assert h.mean_weeks == 22 / 7 / 4
    assert h.percentile(1) == 8 / 7  # the longest wait


@pytest.mark.parametrize("q", [-0.1, 1.5])
def test_a_percentile_needs_a_share_from_0_to_1_R_CL_6(q: float) -> None:
    h = WaitHistogram(counts=(0, 1), zero=0, total_days=1.0, whole_days=True)
    message = _refused(lambda: h.percentile(q), "q", q, "R-CL-6")
    assert "must be between 0 and 1" in message


def test_longer_than_needs_a_wait_at_least_0_R_CL_6() -> None:
    h = WaitHistogram(counts=(0, 1), zero=0, total_days=1.0, whole_days=True)
    message = _refused(lambda: h.share_longer_than(-1), "weeks", -1, "R-CL-6")
    assert "must be at least 0" in message


# --------------------------------------------------------------------------- number checks


@pytest.mark.parametrize("value", [Fraction(10**400), Decimal("sNaN"), Decimal("1e400")])
def test_a_number_beyond_float_is_not_finite_R_CL_6(value: Any) -> None:
    # Fraction(10**400) overflows float() and a signalling NaN refuses it: both are refused
    # as not finite, like Decimal("1e400"), which float() makes infinite.
    message = _refused(lambda: Arrivals(weekly_rate=value), "weekly_rate", value, "R-CL-6")
    assert "must be a finite number" in message


# --------------------------------------------------------------------------- the scenario's values


@pytest.mark.parametrize("weights", ["twelve months", 5])
def test_monthly_weights_must_be_a_sequence_of_numbers_R_CL_6(weights: object) -> None:
    message = _refused(
        lambda: Arrivals(weekly_rate=1, monthly_weights=weights),  # type: ignore[arg-type]
        "monthly_weights",
        weights,
        "R-CL-6",
    )
    assert "must be 12 numbers, January first" in message


@pytest.mark.parametrize("rates", ["twelve months", 12, [10] * 11, [10] * 13])
def test_monthly_rates_must_be_twelve_numbers_R_CL_6(rates: Any) -> None:
    message = _refused(lambda: Arrivals.per_month(rates), "rates", rates, "R-CL-6")
    assert "must be 12 numbers, January first" in message


@pytest.mark.parametrize("sessions", [(4, 6, 8), (6,), "6", 6.0, True])
def test_sessions_must_be_a_number_or_a_pair_R_EN_2(sessions: Any) -> None:
    message = _refused(lambda: Episodes(sessions=sessions), "sessions", sessions, "R-EN-2")
    assert "must be a whole number or a (fewest, most) pair" in message


def test_sessions_may_be_a_list_pair_R_EN_2() -> None:
    assert Episodes(sessions=[6, 12]).sessions == (6, 12)  # type: ignore[arg-type]


@pytest.mark.parametrize("remaining", ["364", 5])
def test_sessions_remaining_must_be_a_sequence_R_CL_1(remaining: Any) -> None:
    message = _refused(
        lambda: PractitionerCaseload(places=3, sessions_remaining=remaining),
        "sessions_remaining",
        remaining,
        "R-CL-1",
    )
    assert "must be sessions left for each family held" in message


def test_free_places_are_places_not_held_today_R_CL_1() -> None:
    assert PractitionerCaseload(places=8, sessions_remaining=[3, 6, 10]).free_places == 5
    assert PractitionerCaseload(places=2, sessions_remaining=[1, 1]).free_places == 0


def test_a_profile_holds_only_risk_factors_R_PR_2() -> None:
    message = _refused(
        lambda: FamilyProfile(risk_factors=["domestic-abuse"]),  # type: ignore[list-item]
        "risk_factors",
        "domestic-abuse",
        "R-PR-2",
    )
    assert "must hold RiskFactor values" in message
    factors = DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"])
    assert FamilyProfile(risk_factors=factors).risk_factors == tuple(factors)


@pytest.mark.parametrize("band", ["", "   ", 3])
def test_a_profile_band_is_a_name_or_none_R_PR_3(band: Any) -> None:
    message = _refused(lambda: FamilyProfile(band=band), "band", band, "R-PR-3")
    assert "must be a band name or None" in message


@pytest.mark.parametrize(
    ("changes", "field", "value", "rule", "wanted"),
    [
        (
            {"caseloads": 5},
            "caseloads",
            5,
            "R-CL-1",
            "must be a sequence of PractitionerCaseload values",
        ),
        (
            {"caseloads": [PractitionerCaseload(places=2), "Lee"]},
            "caseloads",
            "Lee",
            "R-CL-1",
            "must hold PractitionerCaseload values",
        ),
        ({"waiting": ["R1"]}, "waiting", "R1", "R-PR-4", "must hold Referral values"),
        ({"calendar": "england"}, "calendar", "england", "R-SC-5", "must be a WorkingCalendar"),
        ({"mix": ["amber"]}, "mix", "amber", "R-PR-2", "must hold FamilyProfile values"),
        ({"arrivals": 3}, "arrivals", 3, "R-CL-6", "must be an Arrivals"),
        ({"episodes": 6}, "episodes", 6, "R-EN-2", "must be an Episodes"),
        (
            {"today": dt.datetime(2026, 11, 5, 9, 0)},
            "today",
            dt.datetime(2026, 11, 5, 9, 0),
            "R-PR-4",
            "must be a date",
        ),
    ],
)
def test_a_scenario_refuses_values_of_the_wrong_kind(
    changes: dict[str, Any], field: str, value: object, rule: str, wanted: str
) -> None:
    message = _refused(lambda: _team(**changes), field, value, rule)
    assert wanted in message


# --------------------------------------------------------------------------- the engine


def test_conservation_adds_only_to_conservation() -> None:
    counts = Conservation(
        started_waiting=1,
        arrived=2,
        declined=0,
        allocated=3,
        still_waiting=0,
        started_held=0,
        completed=3,
        discharged=0,
        still_held=0,
    )
    assert counts.__add__(1) is NotImplemented  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = counts + 1  # type: ignore[operator]
    assert (counts + counts).completed == 6


def test_simulated_referral_ids_skip_an_id_already_waiting_R_PR_4() -> None:
    # A team's own referral that happens to carry the first simulated id keeps it; the
    # simulation numbers its own referrals around it, so no two families share an id.
    own = _referral("simulated-0000001", TODAY - dt.timedelta(days=3))
    scenario = _team(
        caseloads=[PractitionerCaseload(places=60)],
        arrivals=Arrivals(weekly_rate=20),
        waiting=[own],
    )
    first = trace_meetings(scenario, weeks=1, seed=4)[0]
    ids = [r.id for r in first.waiting]
    assert len(ids) == len(set(ids)) > 1
    assert [r for r in first.waiting if r.id == own.id] == [own]
    simulated = sorted(i for i in ids if i != own.id)
    assert simulated[0] == "simulated-0000002"
    result = simulate(scenario, weeks=2, replications=2, seed=4)
    assert result.counts.balanced
    assert result.counts.started_waiting == 2  # the team's own referral, in each replication


@pytest.mark.parametrize("scenario", ["a team", None, 5])
def test_simulate_and_trace_need_a_team_model_R_CL_6(scenario: Any) -> None:
    for call in (
        lambda: simulate(scenario, weeks=1, replications=1),
        lambda: trace_meetings(scenario, weeks=1),
    ):
        message = _refused(call, "scenario", scenario, "R-CL-6")
        assert "must be a TeamModel" in message


# --------------------------------------------------------------------------- the closed forms


def test_erlang_b_underflow_leaves_nobody_waiting_R_CL_6() -> None:
    # A tiny load over many places: Erlang B underflows to 0 and stays there, so the
    # chance of waiting, the mean wait and every percentile are exactly 0.
    quiet = erlang_c_wait(0.001, 1, 200)
    assert quiet.probability_of_waiting == 0.0
    assert (quiet.mean_wait, quiet.wait_exceeds(0), quiet.wait_percentile(0.99)) == (0, 0, 0)
    assert "0.0% of families wait" in quiet.explain()
    assert erlang_c_wait(0.001, 1, 2).probability_of_waiting > 0
    # The walk in servers_needed underflows alike, and agrees with the forecasts.
    needed = servers_needed(0.001, 1, mean_wait=1e-300)
    assert erlang_c_wait(0.001, 1, needed).mean_wait <= 1e-300
    assert erlang_c_wait(0.001, 1, needed - 1).mean_wait > 1e-300


def test_stability_settles_float_rounding_at_a_whole_load_R_CL_6() -> None:
    # 1.17/0.39 reads 2.9999999999999996, yet 3 places are exactly full (utilisation 1.0).
    full = erlang_c_wait(1.17, 0.39, 3)
    assert isinstance(full, UnstableQueue)
    assert full.utilisation >= 1
    assert full.servers_for_stability == 4
    assert isinstance(erlang_c_wait(1.17, 0.39, 4), QueueForecast)
    # 0.85/0.05 reads 17.0, yet 17 places are just below full: 17 is the fewest stable.
    nearly = erlang_c_wait(0.85, 0.05, 17)
    assert nearly.offered_load == 17.0
    assert isinstance(nearly, QueueForecast)
    assert nearly.servers_for_stability == 17
    assert isinstance(erlang_c_wait(0.85, 0.05, 16), UnstableQueue)


def test_a_share_just_below_one_never_reads_100_percent_R_CL_6() -> None:
    text = erlang_c_wait(0.9999, 1, 1).explain(unit="weeks")
    assert text.startswith("1 place at 99.99% utilisation: 99.99% of families wait")
    assert "100%" not in text


def test_a_tail_flatter_than_a_float_gives_an_infinite_percentile_R_CL_6() -> None:
    # Rates near the smallest floats and the largest variability: the tail's decay rate
    # underflows to 0, so the tail is flat and the percentiles are infinite.
    flat = allen_cunneen_wait(1e-318, 2e-318, 1, arrival_cv=1000, service_cv=1000)
    assert isinstance(flat, QueueForecast)
    assert flat.wait_percentile(0.9) == math.inf
    assert flat.wait_exceeds(5) == flat.probability_of_waiting
    assert flat.wait_percentile(0.25) == 0.0  # half never wait: below that, no wait at all


@pytest.mark.parametrize(
    ("target", "field", "value"),
    [({"mean_wait": 1}, "mean_wait", 1), ({"within": 2}, "within", 2)],
)
def test_servers_needed_refuses_a_target_beyond_the_server_limit_R_CL_6(
    monkeypatch: pytest.MonkeyPatch, target: dict[str, float], field: str, value: float
) -> None:
    # With real limits the walk always ends first (Erlang B underflows by twice the load);
    # a lower limit shows the guard names the target that could not be reached.
    monkeypatch.setattr(forecast_module, "_MOST_SERVERS", 8)
    message = _refused(lambda: servers_needed(1.8, 0.25, **target), field, value, "R-CL-6")
    assert "must be reachable with at most 8 servers" in message
