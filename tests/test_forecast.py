"""Tests for parentinfant.forecast: closed-form queueing forecasts for growth planning (R-CL-6).

Expected values come from the published example (1.8 families a week, 4-week
episodes, 8 places: a mean wait of 3.5077 weeks) and from formulas computed
here by a different method than the module's: the factorial-sum form of
Erlang C in exact fractions, the closed forms of M/M/1 and M/M/2, and a
log-space sum for thousands of servers.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parentinfant.errors import InvalidForecast, ParentInfantError
from parentinfant.forecast import (
    Forecast,
    ForecastMethod,
    QueueForecast,
    UnstableQueue,
    allen_cunneen_wait,
    erlang_c_wait,
    little_queue_length,
    little_wait,
    servers_needed,
)

# --------------------------------------------------------------------------- strategies

service_rates = st.floats(min_value=0.05, max_value=2.0)
server_counts = st.integers(min_value=1, max_value=60)
utilisations = st.floats(min_value=0.01, max_value=0.99)
cvs = st.floats(min_value=0.0, max_value=3.0)
times = st.floats(min_value=0.0, max_value=100.0)
shares = st.floats(min_value=0.0, max_value=0.999)


@st.composite
def stable_inputs(draw: st.DrawFn) -> tuple[float, float, int]:
    """(arrival_rate, service_rate, servers) with utilisation below 1."""
    service = draw(service_rates)
    servers = draw(server_counts)
    arrival = draw(utilisations) * servers * service
    assume(arrival > 0 and arrival / (servers * service) < 1)
    return arrival, service, servers


@st.composite
def any_inputs(draw: st.DrawFn) -> tuple[float, float, int]:
    """(arrival_rate, service_rate, servers), stable or not."""
    service = draw(service_rates)
    servers = draw(server_counts)
    arrival = draw(st.floats(min_value=0.01, max_value=2.0)) * servers * service
    return arrival, service, servers


def stable(forecast: Forecast) -> QueueForecast:
    assert isinstance(forecast, QueueForecast), forecast
    return forecast


def unstable(forecast: Forecast) -> UnstableQueue:
    assert isinstance(forecast, UnstableQueue), forecast
    return forecast


# --------------------------------------------------------------------------- independent formulas


def factorial_erlang_c(arrival: Fraction, service: Fraction, servers: int) -> Fraction:
    """Erlang C by the textbook factorial sum, in exact fractions (small c only).

    C = (a^c / c!) / (1 - ρ) / (sum_{k<c} a^k / k! + (a^c / c!) / (1 - ρ)).
    """
    load = arrival / service
    rho = load / servers
    top = load**servers / math.factorial(servers) / (1 - rho)
    below = sum(load**k / math.factorial(k) for k in range(servers))
    return top / (below + top)


def log_space_erlang_c(load: float, servers: int) -> float:
    """Erlang C from the same factorial sum evaluated with logarithms (any c)."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(servers)]
    log_top = servers * math.log(load) - math.lgamma(servers + 1) - math.log1p(-load / servers)
    peak = max([*logs, log_top])
    below = sum(math.exp(x - peak) for x in logs)
    top = math.exp(log_top - peak)
    return top / (below + top)


# --------------------------------------------------------------------------- published and textbook values


def test_published_example_waits_3_5077_weeks_R_CL_6() -> None:
    """1.8 families a week, 4-week episodes (μ = 0.25), 8 places: mean wait 3.5077 weeks."""
    forecast = stable(erlang_c_wait(1.8, 0.25, 8))
    assert round(forecast.mean_wait, 4) == 3.5077
    assert forecast.utilisation == pytest.approx(0.9)
    assert forecast.offered_load == pytest.approx(7.2)


@pytest.mark.parametrize(
    ("arrival", "service", "servers"),
    [
        (Fraction(9, 5), Fraction(1, 4), 8),  # the published example
        (Fraction(2), Fraction(1), 3),  # a = 2, ρ = 2/3
        (Fraction(1, 2), Fraction(1, 3), 2),  # a = 1.5, ρ = 3/4
        (Fraction(19, 2), Fraction(1), 12),  # a = 9.5
        (Fraction(3, 10), Fraction(1, 12), 4),  # 12-week episodes, a = 3.6
    ],
)
def test_erlang_c_matches_the_factorial_sum_formula_R_CL_6(
    arrival: Fraction, service: Fraction, servers: int
) -> None:
    expected_c = factorial_erlang_c(arrival, service, servers)
    expected_wait = expected_c / (servers * service - arrival)
    forecast = stable(erlang_c_wait(arrival, service, servers))
    assert forecast.probability_of_waiting == pytest.approx(float(expected_c), rel=1e-12)
    assert forecast.mean_wait == pytest.approx(float(expected_wait), rel=1e-12)


def test_published_example_by_the_factorial_sum_is_3_5077_R_CL_6() -> None:
    c = factorial_erlang_c(Fraction(9, 5), Fraction(1, 4), 8)
    wait = c / (8 * Fraction(1, 4) - Fraction(9, 5))
    assert round(float(wait), 4) == 3.5077
    assert round(float(c), 4) == 0.7015


@given(service=service_rates, rho=utilisations)
def test_one_server_is_the_mm1_queue_R_CL_6(service: float, rho: float) -> None:
    """M/M/1: P(wait) = ρ and Wq = ρ / (μ - λ)."""
    arrival = rho * service
    forecast = stable(erlang_c_wait(arrival, service, 1))
    assert forecast.probability_of_waiting == pytest.approx(arrival / service, rel=1e-12)
    assert forecast.mean_wait == pytest.approx((arrival / service) / (service - arrival), rel=1e-9)


@given(service=service_rates, rho=utilisations)
def test_two_servers_is_the_mm2_closed_form_R_CL_6(service: float, rho: float) -> None:
    """M/M/2: P(wait) = 2ρ²/(1 + ρ) and Wq = ρ² / (μ(1 - ρ²)), with ρ = λ/(2μ)."""
    arrival = 2 * rho * service
    forecast = stable(erlang_c_wait(arrival, service, 2))
    rho = forecast.utilisation
    assert forecast.probability_of_waiting == pytest.approx(2 * rho**2 / (1 + rho), rel=1e-9)
    assert forecast.mean_wait == pytest.approx(rho**2 / (service * (1 - rho**2)), rel=1e-9)


@pytest.mark.parametrize(("servers", "rho"), [(500, 0.95), (2000, 0.97), (5000, 0.99)])
def test_thousands_of_servers_do_not_overflow_R_CL_6(servers: int, rho: float) -> None:
    load = rho * servers
    forecast = stable(erlang_c_wait(load, 1, servers))
    expected = log_space_erlang_c(load, servers)
    assert 0 < forecast.probability_of_waiting < 1
    assert forecast.probability_of_waiting == pytest.approx(expected, rel=1e-9)
    assert forecast.mean_wait == pytest.approx(expected / (servers - load), rel=1e-9)


def test_published_example_tail_and_percentile_R_CL_6() -> None:
    """P(wait > 4) = 0.7015·exp(-0.2·4); the 90th percentile is ln(0.7015/0.1)/0.2."""
    forecast = stable(erlang_c_wait(1.8, 0.25, 8))
    c = forecast.probability_of_waiting
    assert forecast.wait_exceeds(4) == pytest.approx(c * math.exp(-0.8), rel=1e-9)
    assert forecast.wait_percentile(0.9) == pytest.approx(math.log(c / 0.1) / 0.2, rel=1e-9)
    assert round(forecast.wait_percentile(0.9), 2) == 9.74


def test_published_example_queue_and_system_sizes_R_CL_6() -> None:
    forecast = stable(erlang_c_wait(1.8, 0.25, 8))
    assert forecast.mean_queue_length == pytest.approx(1.8 * 3.507664950731285, rel=1e-9)
    assert forecast.mean_time_in_system == pytest.approx(3.507664950731285 + 4, rel=1e-9)
    assert forecast.mean_in_system == pytest.approx(1.8 * 7.507664950731285, rel=1e-9)


# --------------------------------------------------------------------------- properties


@given(any_inputs())
def test_more_servers_never_lengthen_the_wait_R_CL_6(inputs: tuple[float, float, int]) -> None:
    arrival, service, servers = inputs
    fewer = erlang_c_wait(arrival, service, servers)
    more = erlang_c_wait(arrival, service, servers + 1)
    assert more.mean_wait <= fewer.mean_wait * (1 + 1e-12)
    assert more.probability_of_waiting <= fewer.probability_of_waiting * (1 + 1e-12)
    assert more.utilisation < fewer.utilisation


@given(stable_inputs(), times, times)
def test_wait_exceeds_falls_with_time_and_starts_at_the_chance_of_waiting_R_CL_6(
    inputs: tuple[float, float, int], t1: float, t2: float
) -> None:
    forecast = stable(erlang_c_wait(*inputs))
    early, late = sorted((t1, t2))
    assert forecast.wait_exceeds(0) == forecast.probability_of_waiting
    assert 0 <= forecast.wait_exceeds(late) <= forecast.wait_exceeds(early) <= 1


@given(stable_inputs(), shares, st.none() | cvs)
def test_wait_percentile_inverts_wait_exceeds_R_CL_6(
    inputs: tuple[float, float, int], q: float, cv: float | None
) -> None:
    arrival, service, servers = inputs
    if cv is None:
        forecast = stable(erlang_c_wait(arrival, service, servers))
    else:
        forecast = stable(allen_cunneen_wait(arrival, service, servers, service_cv=cv))
    t = forecast.wait_percentile(q)
    if forecast.probability_of_waiting <= 1 - q:
        assert t == 0
    else:
        assert t > 0
        assert forecast.wait_exceeds(t) == pytest.approx(1 - q, rel=1e-9)


@given(stable_inputs())
def test_littles_law_holds_in_every_forecast_R_CL_6(inputs: tuple[float, float, int]) -> None:
    arrival, service, _ = inputs
    forecast = stable(erlang_c_wait(*inputs))
    assert forecast.mean_queue_length == pytest.approx(arrival * forecast.mean_wait)
    assert forecast.mean_time_in_system == pytest.approx(forecast.mean_wait + 1 / service)
    assert forecast.mean_in_system == pytest.approx(
        forecast.mean_queue_length + forecast.offered_load
    )
    assert little_queue_length(arrival, forecast.mean_wait) == pytest.approx(
        forecast.mean_queue_length
    )
    assert little_wait(arrival, forecast.mean_queue_length) == pytest.approx(forecast.mean_wait)


@given(stable_inputs(), cvs, cvs)
def test_the_tail_has_the_mean_wait_as_its_mean_R_CL_6(
    inputs: tuple[float, float, int], arrival_cv: float, service_cv: float
) -> None:
    """The tail C·exp(-rt) has mean C/r: the stretched tail keeps the Allen-Cunneen mean."""
    arrival, service, servers = inputs
    forecast = stable(
        allen_cunneen_wait(arrival, service, servers, service_cv=service_cv, arrival_cv=arrival_cv)
    )
    chance = forecast.wait_exceeds(0)
    assume(chance > 1e-200 and forecast.variability > 1e-6)
    later = forecast.wait_exceeds(1.0)
    assume(later > 1e-200)
    rate = math.log(chance / later)
    assert forecast.mean_wait == pytest.approx(chance / rate, rel=1e-6)


@given(any_inputs())
def test_full_or_over_full_service_is_an_unstable_queue_R_CL_6(
    inputs: tuple[float, float, int],
) -> None:
    arrival, service, servers = inputs
    forecast = erlang_c_wait(arrival, service, servers)
    assert forecast.stable is (forecast.utilisation < 1)
    assert isinstance(forecast, QueueForecast if forecast.utilisation < 1 else UnstableQueue)
    least = forecast.servers_for_stability
    assert arrival / (least * service) < 1
    assert least == 1 or arrival / ((least - 1) * service) >= 1
    assert erlang_c_wait(arrival, service, least).stable
    assert least == 1 or not erlang_c_wait(arrival, service, least - 1).stable


@given(any_inputs(), times, shares)
def test_an_unstable_queue_answers_every_question_without_error_R_CL_6(
    inputs: tuple[float, float, int], t: float, q: float
) -> None:
    arrival, service, servers = inputs
    assume(arrival / (servers * service) >= 1)
    queue = unstable(erlang_c_wait(arrival, service, servers))
    assert queue.stable is False
    assert queue.utilisation >= 1
    assert queue.probability_of_waiting == 1.0
    assert queue.mean_wait == math.inf
    assert queue.mean_queue_length == math.inf
    assert queue.mean_time_in_system == math.inf
    assert queue.mean_in_system == math.inf
    assert queue.wait_exceeds(t) == 1.0
    assert queue.wait_percentile(q) == math.inf
    assert queue.servers_for_stability > servers


def test_exactly_full_service_is_unstable_and_explains_itself_R_CL_6() -> None:
    """2 a week into 8 places of 4-week episodes is a load of exactly 8: unstable, 9 needed."""
    queue = unstable(erlang_c_wait(2, 0.25, 8))
    assert queue.utilisation == 1
    assert queue.servers_for_stability == 9
    text = queue.explain(unit="weeks")
    assert "grows without limit" in text
    assert "9 places would make it stable" in text


def test_stable_forecast_explains_itself_R_CL_6() -> None:
    text = stable(erlang_c_wait(1.8, 0.25, 8)).explain(unit="weeks")
    assert text.startswith("8 places at 90% utilisation")
    assert "70.2% of families wait" in text
    assert "mean wait 3.51 weeks" in text
    assert "Erlang C" in text
    assert "\n" not in text


def test_a_sweep_over_server_counts_reads_both_kinds_alike_R_CL_6() -> None:
    sweep = [erlang_c_wait(1.8, 0.25, c) for c in range(5, 13)]
    assert [f.stable for f in sweep] == [False] * 3 + [True] * 5
    waits = [f.mean_wait for f in sweep]
    assert waits[:3] == [math.inf] * 3
    assert waits[3:] == sorted(waits[3:], reverse=True)
    for forecast in sweep:
        match forecast:
            case QueueForecast():
                assert forecast.mean_wait < math.inf
            case UnstableQueue():
                assert forecast.servers_for_stability == 8


# --------------------------------------------------------------------------- Allen-Cunneen


@given(stable_inputs())
def test_allen_cunneen_with_exponential_variation_is_erlang_c_R_CL_6(
    inputs: tuple[float, float, int],
) -> None:
    exact = stable(erlang_c_wait(*inputs))
    approx = stable(allen_cunneen_wait(*inputs, service_cv=1.0, arrival_cv=1.0))
    assert approx.method is ForecastMethod.ALLEN_CUNNEEN
    assert exact.method is ForecastMethod.ERLANG_C
    assert approx.mean_wait == exact.mean_wait
    assert approx.probability_of_waiting == exact.probability_of_waiting
    assert approx.wait_exceeds(1.5) == exact.wait_exceeds(1.5)
    assert approx.wait_percentile(0.8) == exact.wait_percentile(0.8)


@given(stable_inputs(), cvs, cvs)
def test_allen_cunneen_scales_the_erlang_c_wait_R_CL_6(
    inputs: tuple[float, float, int], arrival_cv: float, service_cv: float
) -> None:
    exact = stable(erlang_c_wait(*inputs))
    approx = stable(allen_cunneen_wait(*inputs, service_cv=service_cv, arrival_cv=arrival_cv))
    factor = (arrival_cv**2 + service_cv**2) / 2
    assert approx.arrival_cv == arrival_cv
    assert approx.service_cv == service_cv
    assert approx.mean_wait == pytest.approx(exact.mean_wait * factor, rel=1e-12, abs=1e-300)


def test_allen_cunneen_published_example_for_a_fixed_course_R_CL_6() -> None:
    """cs = 0.5: the factor is (1 + 0.25)/2 = 0.625, so 3.5077 becomes 2.1923 weeks."""
    forecast = stable(allen_cunneen_wait(1.8, 0.25, 8, service_cv=0.5))
    assert forecast.variability == 0.625
    assert round(forecast.mean_wait, 4) == round(3.507664950731285 * 0.625, 4) == 2.1923
    assert "Allen-Cunneen" in forecast.explain()


def test_regular_arrivals_and_fixed_episodes_never_wait_R_CL_6() -> None:
    forecast = stable(allen_cunneen_wait(1.8, 0.25, 8, service_cv=0, arrival_cv=0))
    assert forecast.mean_wait == 0
    assert forecast.probability_of_waiting == 0
    assert forecast.wait_exceeds(0) == 0
    assert forecast.wait_percentile(0.99) == 0


def test_allen_cunneen_over_full_is_unstable_and_keeps_its_method_R_CL_6() -> None:
    queue = unstable(allen_cunneen_wait(1.8, 0.25, 7, service_cv=0.3))
    assert queue.method is ForecastMethod.ALLEN_CUNNEEN
    assert queue.service_cv == 0.3
    assert queue.servers_for_stability == 8
    assert "Allen-Cunneen" in queue.explain()


# --------------------------------------------------------------------------- servers_needed


def test_servers_needed_published_examples_R_CL_6() -> None:
    # Mean waits from the factorial sum: 8 places 3.51 weeks, 9 places 0.96, 10 places 0.36.
    assert servers_needed(1.8, 0.25, mean_wait=1) == 9
    assert servers_needed(1.8, 0.25, mean_wait=0.5) == 10
    assert servers_needed(1.8, 0.25, mean_wait=4) == 8  # the fewest stable count suffices
    # P(wait > 2): 8 places 0.470, 9 places 0.176, 10 places 0.063.
    assert servers_needed(1.8, 0.25, within=2) == 10
    assert servers_needed(1.8, 0.25, within=2, share=0.8) == 9


@given(
    any_inputs(),
    st.floats(min_value=0.01, max_value=50),
    st.none() | cvs,
)
def test_servers_needed_for_a_mean_wait_is_the_least_that_meets_it_R_CL_6(
    inputs: tuple[float, float, int], target: float, cv: float | None
) -> None:
    arrival, service, _ = inputs

    def forecast(servers: int) -> Forecast:
        if cv is None:
            return erlang_c_wait(arrival, service, servers)
        return allen_cunneen_wait(arrival, service, servers, service_cv=cv)

    needed = servers_needed(arrival, service, mean_wait=target, service_cv=cv)
    assert needed > arrival / service
    assert forecast(needed).mean_wait <= target
    assert needed == 1 or forecast(needed - 1).mean_wait > target


@given(
    any_inputs(),
    st.floats(min_value=0, max_value=20),
    st.floats(min_value=0.01, max_value=0.99),
    st.none() | cvs,
)
def test_servers_needed_within_a_time_is_the_least_that_meets_it_R_CL_6(
    inputs: tuple[float, float, int], within: float, share: float, cv: float | None
) -> None:
    arrival, service, _ = inputs

    def forecast(servers: int) -> Forecast:
        if cv is None:
            return erlang_c_wait(arrival, service, servers)
        return allen_cunneen_wait(arrival, service, servers, service_cv=cv)

    needed = servers_needed(arrival, service, within=within, share=share, service_cv=cv)
    assert needed > arrival / service
    assert forecast(needed).wait_exceeds(within) <= 1 - share
    assert needed == 1 or forecast(needed - 1).wait_exceeds(within) > 1 - share


def test_servers_needed_default_share_is_nine_in_ten_R_CL_6() -> None:
    assert servers_needed(1.8, 0.25, within=2) == servers_needed(1.8, 0.25, within=2, share=0.9)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({}, "mean_wait", None),
        ({"mean_wait": 1, "within": 2}, "within", 2),
        ({"mean_wait": 1, "share": 0.9}, "share", 0.9),
        ({"mean_wait": 0}, "mean_wait", 0),
        ({"mean_wait": -1}, "mean_wait", -1),
        ({"mean_wait": math.inf}, "mean_wait", math.inf),
        ({"within": -1}, "within", -1),
        ({"within": 2, "share": 1}, "share", 1),
        ({"within": 2, "share": 0}, "share", 0),
        ({"within": 2, "service_cv": -0.5}, "service_cv", -0.5),
    ],
)
def test_servers_needed_refuses_a_target_that_is_not_one_target_R_CL_6(
    kwargs: dict[str, Any], field: str, value: object
) -> None:
    with pytest.raises(InvalidForecast) as caught:
        servers_needed(1.8, 0.25, **kwargs)
    assert caught.value.field == field
    assert str(caught.value).startswith(field)
    assert repr(value) in str(caught.value)


# --------------------------------------------------------------------------- validation

BAD_RATES: list[object] = [0, -1, -0.5, math.nan, math.inf, True, "1.8", None, Decimal("NaN")]


@pytest.mark.parametrize("value", BAD_RATES)
@pytest.mark.parametrize("field", ["arrival_rate", "service_rate"])
def test_rates_must_be_finite_and_positive_R_CL_6(field: str, value: object) -> None:
    rates: dict[str, Any] = {"arrival_rate": 1.8, "service_rate": 0.25, field: value}
    with pytest.raises(InvalidForecast) as caught:
        erlang_c_wait(rates["arrival_rate"], rates["service_rate"], 8)
    assert caught.value.field == field
    assert caught.value.rule == "R-CL-6"
    assert field in str(caught.value)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize("value", [0, -3, True, False, 8.0, "8", None, 10**8])
def test_servers_must_be_a_whole_number_at_least_one_R_CL_6(value: object) -> None:
    with pytest.raises(InvalidForecast) as caught:
        erlang_c_wait(1.8, 0.25, value)  # type: ignore[arg-type]
    assert caught.value.field == "servers"
    assert "servers" in str(caught.value)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize("value", [-1, -0.001, math.nan, math.inf, "1", True])
def test_wait_exceeds_needs_a_time_at_least_zero_R_CL_6(value: Any) -> None:
    for forecast in (erlang_c_wait(1.8, 0.25, 8), erlang_c_wait(1.8, 0.25, 7)):
        with pytest.raises(InvalidForecast) as caught:
            forecast.wait_exceeds(value)
        assert caught.value.field == "t"
        assert repr(value) in str(caught.value)


@pytest.mark.parametrize("value", [-0.1, 1, 1.5, math.nan, "0.9", True])
def test_wait_percentile_needs_a_share_below_one_R_CL_6(value: Any) -> None:
    for forecast in (erlang_c_wait(1.8, 0.25, 8), erlang_c_wait(1.8, 0.25, 7)):
        with pytest.raises(InvalidForecast) as caught:
            forecast.wait_percentile(value)
        assert caught.value.field == "q"
        assert repr(value) in str(caught.value)


@pytest.mark.parametrize("value", [-0.1, math.nan, math.inf, 1001, True, "0.5"])
@pytest.mark.parametrize("field", ["service_cv", "arrival_cv"])
def test_coefficients_of_variation_must_be_at_least_zero_R_CL_6(field: str, value: object) -> None:
    cv: dict[str, Any] = {"service_cv": 0.5, "arrival_cv": 1.0, field: value}
    with pytest.raises(InvalidForecast) as caught:
        allen_cunneen_wait(1.8, 0.25, 8, **cv)
    assert caught.value.field == field
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: little_queue_length(0, 3), "arrival_rate"),
        (lambda: little_queue_length(1.8, -3), "mean_wait"),
        (lambda: little_wait(-1, 3), "arrival_rate"),
        (lambda: little_wait(1.8, math.nan), "queue_length"),
    ],
)
def test_littles_law_refuses_bad_inputs_R_CL_6(call: Any, field: str) -> None:
    with pytest.raises(InvalidForecast) as caught:
        call()
    assert caught.value.field == field


def test_an_offered_load_beyond_the_limit_is_refused_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as caught:
        erlang_c_wait(2e6, 1, 8)
    assert caught.value.field == "arrival_rate"
    assert "2000000.0" in str(caught.value)


def test_exact_and_decimal_numbers_are_accepted_R_CL_6() -> None:
    exact = erlang_c_wait(Fraction(9, 5), Fraction(1, 4), 8)
    decimal = erlang_c_wait(Decimal("1.8"), Decimal("0.25"), 8)
    assert exact.mean_wait == decimal.mean_wait == erlang_c_wait(1.8, 0.25, 8).mean_wait
    assert exact.arrival_rate == 1.8


def test_forecast_errors_are_value_errors_and_library_errors_R_CL_6() -> None:
    with pytest.raises(ValueError, match="servers"):
        erlang_c_wait(1.8, 0.25, 0)
    with pytest.raises(ParentInfantError):
        erlang_c_wait(1.8, 0.25, 0)


# --------------------------------------------------------------------------- the values themselves


def test_a_stable_forecast_cannot_be_built_unstable_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as caught:
        QueueForecast(arrival_rate=1.8, service_rate=0.25, servers=7)
    assert caught.value.field == "servers"
    assert "7.2" in str(caught.value)


def test_an_unstable_queue_cannot_be_built_stable_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as caught:
        UnstableQueue(arrival_rate=1.8, service_rate=0.25, servers=8)
    assert caught.value.field == "servers"


def test_erlang_c_method_needs_exponential_variation_R_CL_6() -> None:
    with pytest.raises(InvalidForecast) as caught:
        QueueForecast(arrival_rate=1.8, service_rate=0.25, servers=8, service_cv=0.5)
    assert caught.value.field == "service_cv"
    with pytest.raises(InvalidForecast) as caught:
        QueueForecast(arrival_rate=1.8, service_rate=0.25, servers=8, method="queue")
    assert caught.value.field == "method"


def test_forecasts_are_frozen_and_evolve_checks_again_R_CL_6() -> None:
    forecast = stable(erlang_c_wait(1.8, 0.25, 8))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        forecast.servers = 9  # type: ignore[misc]
    assert attrs.evolve(forecast, servers=9).mean_wait < forecast.mean_wait
    with pytest.raises(InvalidForecast):
        attrs.evolve(forecast, servers=7)


def test_forecasts_are_equal_when_inputs_and_method_are_R_CL_6() -> None:
    assert erlang_c_wait(1.8, 0.25, 8) == erlang_c_wait(1.8, 0.25, 8)
    assert erlang_c_wait(1.8, 0.25, 8) != allen_cunneen_wait(1.8, 0.25, 8, service_cv=1)
