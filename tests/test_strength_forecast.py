"""Forecasts, strengthened: the explanations' figures and wording, and every refusal (R-CL-6).

Expected figures are worked out here from the M/M/c formulas by hand:

- M/M/1 with λ = 0.5, μ = 1: ρ = 0.5, the chance of waiting C = ρ = 0.5, the mean
  wait C/(μ - λ) = 1, and the 90th percentile solves 0.5·exp(-0.5t) = 0.1, so
  t = 2·ln 5 ≈ 3.2189.
- M/M/5 with λ = μ = 1 (a = 1, ρ = 0.2): Erlang B = (1/120)/(1 + 1 + 1/2 + 1/6 +
  1/24 + 1/120) ≈ 0.0030675, C = B/(1 - 0.2(1 - B)) ≈ 0.0038314, the mean wait
  C/4 ≈ 0.00095786, and 0.38% waiting is under 10%, so the 90th percentile is 0.
- An unstable queue needs the fewest places c with λ/(cμ) < 1.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

import parentinfant.forecast as forecast_module
from parentinfant.errors import InvalidForecast
from parentinfant.forecast import (
    ForecastMethod,
    QueueForecast,
    UnstableQueue,
    allen_cunneen_wait,
    erlang_c_wait,
    little_queue_length,
    little_wait,
    servers_needed,
)

RULE = "R-CL-6"


def check_refusal(info: pytest.ExceptionInfo[InvalidForecast], field: str, value: object) -> None:
    """The error names the field, the planning rule and the value given."""
    assert info.value.field == field
    assert info.value.rule == RULE
    assert info.value.value == value or (value != value and info.value.value != info.value.value)
    assert str(info.value).startswith(f"{field} ")
    assert str(info.value).endswith(f" ({RULE}), got {value!r}")


# --------------------------------------------------------------------------- explanations


@pytest.mark.parametrize(
    ("arrival", "service", "servers", "text"),
    [
        pytest.param(
            2,
            1,
            1,
            "1 place at 200% utilisation: the waiting list grows without limit; "
            "3 places would make it stable (Erlang C, M/M/c)",
            id="one-place-needs-three",
        ),
        pytest.param(
            1,
            1,
            1,
            "1 place at 100% utilisation: the waiting list grows without limit; "
            "2 places would make it stable (Erlang C, M/M/c)",
            id="one-place-needs-two",
        ),
        pytest.param(
            2,
            1,
            2,
            "2 places at 100% utilisation: the waiting list grows without limit; "
            "3 places would make it stable (Erlang C, M/M/c)",
            id="two-places-need-three",
        ),
        pytest.param(
            1.8,
            0.25,
            6,
            "6 places at 120% utilisation: the waiting list grows without limit; "
            "8 places would make it stable (Erlang C, M/M/c)",
            id="six-places-need-eight",
        ),
    ],
)
def test_an_unstable_queue_explains_places_utilisation_and_what_would_do(
    arrival: float, service: float, servers: int, text: str
) -> None:
    """The list grows without limit; the fewest places that stop it are named (R-CL-6).

    Utilisation is λ/(cμ): 2/1 = 200%, 1/1 = 100%, 2/2 = 100%, 1.8/1.5 = 120%.
    """
    queue = erlang_c_wait(arrival, service, servers)
    assert isinstance(queue, UnstableQueue)
    assert queue.explain() == text
    assert queue.explain(unit="weeks") == text  # no finite wait, so the unit never shows


def test_an_unstable_allen_cunneen_queue_names_its_method() -> None:
    """λ = 3, μ = 1, c = 2: 150%, and 4 places are the fewest with 3/(4·1) < 1 (R-CL-6)."""
    queue = allen_cunneen_wait(3, 1, 2, service_cv=0.5)
    assert queue.explain() == (
        "2 places at 150% utilisation: the waiting list grows without limit; 4 places would "
        "make it stable (Allen-Cunneen approximation, arrival cv 1, service cv 0.5)"
    )


@pytest.mark.parametrize(
    ("arrival", "service", "servers", "needed"),
    [
        pytest.param(1, 1, 1, 2, id="load-1"),
        pytest.param(2, 0.25, 3, 9, id="load-8-exactly"),
        pytest.param(1.8, 0.25, 1, 8, id="load-7.2"),
        pytest.param(999_999, 1, 5, 1_000_000, id="load-near-the-largest"),
        pytest.param(5, 0.001, 4000, 5001, id="load-5000"),
    ],
)
def test_servers_for_stability_is_the_fewest_places_below_full_use(
    arrival: float, service: float, servers: int, needed: int
) -> None:
    """The fewest places c with λ/(cμ) < 1, so one fewer is 100% or more (R-CL-6)."""
    queue = erlang_c_wait(arrival, service, servers)
    assert queue.servers_for_stability == needed
    assert erlang_c_wait(arrival, service, needed).stable
    assert not erlang_c_wait(arrival, service, needed - 1).stable


@pytest.mark.parametrize(
    ("arrival", "service"),
    [
        pytest.param(0.3, 0.1, id="load-just-under-3-in-floats"),
        pytest.param(1.1, 0.1, id="load-just-over-11-in-floats"),
        pytest.param(0.7, 0.1, id="load-just-under-7-in-floats"),
        pytest.param(2.2, 0.2, id="load-11-rounded"),
    ],
)
def test_servers_for_stability_agrees_with_the_forecasts_at_float_boundaries(
    arrival: float, service: float
) -> None:
    """Where λ/μ is a whole number up to float rounding, the count agrees with `stable` (R-CL-6).

    The expected count is found by trying 1, 2, 3, ... places until the forecast is
    stable: the definition, with the same arithmetic the forecasts use.
    """
    fewest = 1
    while not erlang_c_wait(arrival, service, fewest).stable:
        fewest += 1
    assert erlang_c_wait(arrival, service, 1).servers_for_stability == fewest


def test_a_stable_single_place_explains_its_waits() -> None:
    """M/M/1 at 50%: half wait, mean wait 1, 90% within 2·ln 5 ≈ 3.22 (R-CL-6)."""
    forecast = erlang_c_wait(0.5, 1, 1)
    assert math.isclose(forecast.mean_wait, 1.0)
    assert math.isclose(forecast.wait_percentile(0.9), 2 * math.log(5))
    assert forecast.explain(unit="weeks") == (
        "1 place at 50% utilisation: 50.0% of families wait, mean wait 1.00 weeks, "
        "90% start within 3.22 weeks (Erlang C, M/M/c)"
    )
    assert forecast.explain() == (
        "1 place at 50% utilisation: 50.0% of families wait, mean wait 1.00 time units, "
        "90% start within 3.22 time units (Erlang C, M/M/c)"
    )


def test_a_tiny_wait_is_shown_to_two_significant_figures() -> None:
    """M/M/5 at 20%: mean wait ≈ 0.00096, and under 10% wait so the 90th percentile is 0."""
    forecast = erlang_c_wait(1, 1, 5)
    assert math.isclose(forecast.mean_wait, 0.00095786, rel_tol=1e-4)
    assert forecast.explain(unit="weeks") == (
        "5 places at 20% utilisation: 0.4% of families wait, mean wait 0.00096 weeks, "
        "90% start within 0.00 weeks (Erlang C, M/M/c)"
    )


def test_a_nearly_full_queue_never_reads_as_100_percent() -> None:
    """ρ = 0.9999 shows as 99.99%, not a rounded 100%; waits use thousands separators.

    M/M/1: C = 0.9999, mean wait 0.9999/0.0001 = 9,999, 90th percentile
    ln(0.9999/0.1)/0.0001 = 10,000·ln 9.999 ≈ 23,024.85.
    """
    assert erlang_c_wait(0.9999, 1, 1).explain(unit="weeks") == (
        "1 place at 99.99% utilisation: 99.99% of families wait, mean wait 9,999.00 weeks, "
        "90% start within 23,024.85 weeks (Erlang C, M/M/c)"
    )


def test_a_stable_allen_cunneen_forecast_names_both_variations() -> None:
    """The label names the method and both coefficients of variation (R-CL-6)."""
    forecast = allen_cunneen_wait(0.5, 1, 1, service_cv=0, arrival_cv=0.5)
    assert forecast.method is ForecastMethod.ALLEN_CUNNEEN
    # variability (0.25 + 0)/2 = 0.125: mean wait 0.125 · 1 = 0.125
    assert math.isclose(forecast.mean_wait, 0.125)
    assert forecast.explain().endswith(
        "(Allen-Cunneen approximation, arrival cv 0.5, service cv 0)"
    )


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("arrival", "service", "field", "value", "requirement"),
    [
        pytest.param(0, 1, "arrival_rate", 0, "must be more than 0", id="arrival-zero"),
        pytest.param(-1, 1, "arrival_rate", -1, "must be more than 0", id="arrival-negative"),
        pytest.param(1, 0, "service_rate", 0, "must be more than 0", id="service-zero"),
        pytest.param(True, 1, "arrival_rate", True, "must be a finite number", id="arrival-bool"),
        pytest.param("1", 1, "arrival_rate", "1", "must be a finite number", id="arrival-text"),
        pytest.param(
            1, math.inf, "service_rate", math.inf, "must be a finite number", id="service-inf"
        ),
        pytest.param(
            Decimal("1e400"),
            1,
            "arrival_rate",
            Decimal("1e400"),
            "must be a finite number",
            id="arrival-overflows",
        ),
    ],
)
def test_rates_must_be_finite_and_positive(
    arrival: object, service: object, field: str, value: object, requirement: str
) -> None:
    """Rates are finite numbers more than 0 (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(arrival, service, 3)  # type: ignore[arg-type]
    check_refusal(info, field, value)
    assert str(info.value) == f"{field} {requirement} ({RULE}), got {value!r}"


def test_a_rate_that_is_not_a_number_is_refused() -> None:
    """NaN is not a rate (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(math.nan, 1, 3)
    assert (info.value.field, info.value.rule) == ("arrival_rate", RULE)
    assert str(info.value) == f"arrival_rate must be a finite number ({RULE}), got nan"


@pytest.mark.parametrize(
    ("servers", "requirement"),
    [
        pytest.param(0, "must be a whole number from 1 to 10,000,000", id="zero"),
        pytest.param(10_000_001, "must be a whole number from 1 to 10,000,000", id="too-many"),
        pytest.param(8.0, "must be a whole number", id="float"),
        pytest.param(True, "must be a whole number", id="bool"),
    ],
)
def test_servers_must_be_a_whole_number_in_range(servers: object, requirement: str) -> None:
    """Caseload places are counted: 1 to 10,000,000 (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(1, 1, servers)  # type: ignore[arg-type]
    check_refusal(info, "servers", servers)
    assert str(info.value) == f"servers {requirement} ({RULE}), got {servers!r}"


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        pytest.param({"service_cv": -0.1}, "service_cv", -0.1, id="service-negative"),
        pytest.param({"service_cv": 1000.5}, "service_cv", 1000.5, id="service-too-large"),
        pytest.param(
            {"service_cv": 1, "arrival_cv": 1001}, "arrival_cv", 1001, id="arrival-too-large"
        ),
    ],
)
def test_coefficients_of_variation_lie_between_0_and_1000(
    kwargs: dict[str, float], field: str, value: float
) -> None:
    """A coefficient of variation from 0 to 1000 (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        allen_cunneen_wait(1, 1, 2, **kwargs)
    check_refusal(info, field, value)
    assert str(info.value) == f"{field} must be between 0 and 1000 ({RULE}), got {value!r}"


def test_the_extreme_coefficients_of_variation_are_allowed() -> None:
    """0 and 1000 are inside the range (R-CL-6)."""
    assert allen_cunneen_wait(1, 1, 2, service_cv=0, arrival_cv=1000).stable
    assert allen_cunneen_wait(1, 1, 2, service_cv=1000, arrival_cv=0).stable


def test_an_offered_load_beyond_a_million_is_refused() -> None:
    """Loads up to 1,000,000 servers' worth are forecast; more is refused (R-CL-6)."""
    assert erlang_c_wait(1_000_000, 1, 1).servers_for_stability == 1_000_001
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(1_000_001, 1, 1)
    check_refusal(info, "arrival_rate", 1_000_001.0)
    assert str(info.value) == (
        "arrival_rate must be at most 1,000,000 times service_rate (1.0), the largest offered "
        f"load forecast here ({RULE}), got 1000001.0"
    )


@pytest.mark.parametrize("field", ["arrival_cv", "service_cv"])
def test_erlang_c_refuses_a_coefficient_of_variation_other_than_1(field: str) -> None:
    """Erlang C assumes Poisson arrivals and exponential episodes (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        QueueForecast(arrival_rate=1, service_rate=1, servers=2, **{field: 0.5})  # type: ignore[arg-type]
    check_refusal(info, field, 0.5)
    assert str(info.value) == (
        f"{field} must be 1 with the erlang-c method (use allen-cunneen) ({RULE}), got 0.5"
    )


def test_an_unknown_method_is_refused() -> None:
    """The method is erlang-c or allen-cunneen (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        QueueForecast(arrival_rate=1, service_rate=1, servers=2, method="monte-carlo")
    check_refusal(info, "method", "monte-carlo")
    assert str(info.value) == (
        f"method must be one of 'erlang-c', 'allen-cunneen' ({RULE}), got 'monte-carlo'"
    )


def test_a_stable_forecast_of_a_full_queue_is_refused() -> None:
    """λ = μ = 1 with one place is 100% used: no steady state (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        QueueForecast(arrival_rate=1, service_rate=1, servers=1)
    check_refusal(info, "servers", 1)
    assert str(info.value) == (
        "servers must be more than the offered load (1) for a stable queue; erlang_c_wait "
        f"returns an UnstableQueue instead ({RULE}), got 1"
    )


def test_an_unstable_queue_with_room_to_spare_is_refused() -> None:
    """λ = 1, μ = 1 with two places is 50% used: that is stable (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        UnstableQueue(arrival_rate=1, service_rate=1, servers=2)
    check_refusal(info, "servers", 2)
    assert str(info.value) == (
        "servers must be at most the offered load (1) for an unstable queue; erlang_c_wait "
        f"returns a QueueForecast instead ({RULE}), got 2"
    )
    assert UnstableQueue(arrival_rate=1, service_rate=1, servers=1).utilisation == 1


@pytest.mark.parametrize(
    "q", [pytest.param(1, id="one"), pytest.param(-0.1, id="negative"), pytest.param(2, id="two")]
)
@pytest.mark.parametrize("servers", [pytest.param(1, id="unstable"), pytest.param(3, id="stable")])
def test_a_percentile_outside_0_to_1_is_refused(q: float, servers: int) -> None:
    """A share of families is at least 0 and less than 1, stable or not (R-CL-6)."""
    forecast = erlang_c_wait(1, 1, servers)
    with pytest.raises(InvalidForecast) as info:
        forecast.wait_percentile(q)
    check_refusal(info, "q", q)
    assert str(info.value) == f"q must be at least 0 and less than 1 ({RULE}), got {q!r}"


def test_the_lowest_percentile_is_allowed() -> None:
    """q = 0 is inside the range: nobody waits less than 0 (R-CL-6)."""
    assert erlang_c_wait(0.5, 1, 1).wait_percentile(0) == 0.0
    assert erlang_c_wait(1, 1, 1).wait_percentile(0) == math.inf


@pytest.mark.parametrize("servers", [pytest.param(1, id="unstable"), pytest.param(3, id="stable")])
def test_a_negative_time_is_refused(servers: int) -> None:
    """A wait is at least 0 (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(1, 1, servers).wait_exceeds(-1)
    check_refusal(info, "t", -1)
    assert str(info.value) == f"t must be at least 0 ({RULE}), got -1"


# --------------------------------------------------------------------------- servers_needed


def test_servers_needed_without_a_target_is_refused() -> None:
    """One target must be given (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1, 1)
    check_refusal(info, "mean_wait", None)
    assert str(info.value) == f"mean_wait or within must be given, one target ({RULE}), got None"


def test_servers_needed_with_two_targets_is_refused() -> None:
    """A mean wait and a share within a time are two targets (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1, 1, mean_wait=1, within=2)
    check_refusal(info, "within", 2)
    assert str(info.value) == (
        f"within must be None when mean_wait is given, one target ({RULE}), got 2"
    )


def test_a_share_with_a_mean_wait_target_is_refused() -> None:
    """The share goes with ``within``, not with a mean wait (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1, 1, mean_wait=1, share=0.8)
    check_refusal(info, "share", 0.8)
    assert str(info.value) == (
        f"share must be None with a mean_wait target (it goes with within) ({RULE}), got 0.8"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "value", "requirement"),
    [
        pytest.param({"mean_wait": 0}, "mean_wait", 0, "must be more than 0", id="mean-zero"),
        pytest.param({"within": -1}, "within", -1, "must be at least 0", id="within-negative"),
        pytest.param(
            {"within": 1, "share": 1},
            "share",
            1,
            "must be more than 0 and less than 1",
            id="share-one",
        ),
        pytest.param(
            {"within": 1, "share": 0},
            "share",
            0,
            "must be more than 0 and less than 1",
            id="share-zero",
        ),
        pytest.param(
            {"mean_wait": 1, "service_cv": -1},
            "service_cv",
            -1,
            "must be between 0 and 1000",
            id="cv-negative",
        ),
    ],
)
def test_servers_needed_refuses_targets_out_of_range(
    kwargs: dict[str, float], field: str, value: float, requirement: str
) -> None:
    """Targets and shares in range, or a refusal naming them (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1, 1, **kwargs)
    check_refusal(info, field, value)
    assert str(info.value) == f"{field} {requirement} ({RULE}), got {value!r}"


def test_servers_needed_refuses_an_offered_load_beyond_a_million() -> None:
    """The same load limit as the forecasts (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(2_000_000, 1, mean_wait=1)
    check_refusal(info, "arrival_rate", 2_000_000.0)


def test_servers_needed_for_a_mean_wait_on_one_place() -> None:
    """M/M/1 at λ = 0.5: mean wait 1 with one place, so a target of 1 needs 1 (R-CL-6).

    A target of 0.5 is missed by one place (1 > 0.5) and met by two: M/M/2 with
    a = 0.5, ρ = 0.25 has B = 0.125/1.625 = 1/13, C = (1/13)/(1 - 0.25·12/13) = 0.1,
    mean wait 0.1/1.5 ≈ 0.067.
    """
    assert servers_needed(0.5, 1, mean_wait=1) == 1
    assert servers_needed(0.5, 1, mean_wait=0.5) == 2


def test_servers_needed_for_a_share_within_a_time() -> None:
    """M/M/1 at λ = 0.5: P(wait > 3.2189) = 0.1, so 90% within 3.3 needs one place (R-CL-6).

    Within 3.1 misses with one place (0.5·exp(-1.55) ≈ 0.106 > 0.1); two places:
    P(wait > 3.1) = 0.1·exp(-1.5·3.1) < 0.1. At t = 0 the share waiting is C itself:
    one place has C = 0.5 > 0.15, two places C = 0.1, which meets "at most 15%".
    """
    assert servers_needed(0.5, 1, within=3.3) == 1
    assert servers_needed(0.5, 1, within=3.1) == 2
    assert servers_needed(0.5, 1, within=3.3, share=0.9) == 1
    assert servers_needed(0.5, 1, within=0, share=0.85) == 2
    assert servers_needed(0.5, 1, within=3.3, share=0.95) == 2


def test_servers_needed_with_fixed_episodes_waits_less() -> None:
    """With service_cv = 0 the wait halves (variability 1/2), so one place meets 0.5 (R-CL-6)."""
    assert servers_needed(0.5, 1, mean_wait=0.5, service_cv=0) == 1
    assert servers_needed(0.5, 1, mean_wait=0.49, service_cv=0) == 2


def test_servers_needed_skips_counts_that_are_not_stable() -> None:
    """λ = 2, μ = 1: one and two places are full, so the answer is at least 3 (R-CL-6)."""
    assert servers_needed(2, 1, mean_wait=100) == 3


# --------------------------------------------------------------------------- Little's law


def test_littles_law_refuses_negative_waits_and_lengths() -> None:
    """L = λW needs W and L at least 0 (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        little_queue_length(1, -1)
    check_refusal(info, "mean_wait", -1)
    with pytest.raises(InvalidForecast) as info:
        little_wait(1, -2)
    check_refusal(info, "queue_length", -2)
    with pytest.raises(InvalidForecast) as info:
        little_wait(0, 2)
    check_refusal(info, "arrival_rate", 0)
    assert little_wait(4, 2) == 0.5
    assert little_queue_length(4, 0) == 0.0


def test_a_target_reached_with_exactly_the_most_servers_is_met(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server limit is inclusive: a target first met at the limit is answered (R-CL-6).

    1.8 families a week, 4-week episodes: 9 places give a mean wait of 0.96 weeks,
    8 places 3.51 (the module's worked example), so a 1-week target needs 9.
    """
    monkeypatch.setattr(forecast_module, "_MOST_SERVERS", 9)
    assert servers_needed(1.8, 0.25, mean_wait=1) == 9
    monkeypatch.setattr(forecast_module, "_MOST_SERVERS", 8)
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1.8, 0.25, mean_wait=1)
    check_refusal(info, "mean_wait", 1)
    assert str(info.value) == (
        f"mean_wait must be reachable with at most 8 servers ({RULE}), got 1"
    )


# --------------------------------------------------------------------------- each input named


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        pytest.param({"arrival_rate": 0}, "arrival_rate", 0, id="arrival-zero"),
        pytest.param({"arrival_rate": "1.8"}, "arrival_rate", "1.8", id="arrival-text"),
        pytest.param({"service_rate": -1}, "service_rate", -1, id="service-negative"),
        pytest.param({"service_rate": True}, "service_rate", True, id="service-bool"),
    ],
)
def test_servers_needed_names_the_rate_it_refuses(
    kwargs: dict[str, object], field: str, value: object
) -> None:
    """Each rate is refused under its own name (R-CL-6), whichever of the two is wrong."""
    given: dict[str, object] = {"arrival_rate": 1.8, "service_rate": 0.25, **kwargs}
    with pytest.raises(InvalidForecast) as info:
        servers_needed(given["arrival_rate"], given["service_rate"], mean_wait=1)  # type: ignore[arg-type]
    check_refusal(info, field, value)


@pytest.mark.parametrize("share", ["most", math.nan, 0, 1], ids=["text", "nan", "zero", "one"])
def test_servers_needed_names_the_share_it_refuses(share: object) -> None:
    """The share who must start within the target wait is refused as `share` (R-CL-6)."""
    with pytest.raises(InvalidForecast) as info:
        servers_needed(1.8, 0.25, within=2, share=share)  # type: ignore[arg-type]
    assert info.value.field == "share"
    assert info.value.rule == RULE
    assert info.value.value is share or info.value.value == share


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        pytest.param({"service_rate": 0}, "service_rate", 0, id="service-rate"),
        pytest.param({"arrival_rate": -2}, "arrival_rate", -2, id="arrival-rate"),
        pytest.param({"arrival_cv": 1001}, "arrival_cv", 1001, id="arrival-cv-high"),
        pytest.param({"arrival_cv": "x"}, "arrival_cv", "x", id="arrival-cv-text"),
        pytest.param({"service_cv": -0.5}, "service_cv", -0.5, id="service-cv"),
    ],
)
def test_a_forecast_built_directly_names_the_input_it_refuses(
    kwargs: dict[str, object], field: str, value: object
) -> None:
    """Building a forecast object checks each input under its own name (R-CL-6)."""
    given: dict[str, object] = {"arrival_rate": 1, "service_rate": 1, "servers": 2, **kwargs}
    with pytest.raises(InvalidForecast) as info:
        QueueForecast(**given)  # type: ignore[arg-type]
    check_refusal(info, field, value)


def test_the_largest_number_of_servers_is_allowed() -> None:
    """The server limit is inclusive: exactly 10,000,000 places is a forecast, one more is not."""
    most = 10_000_000
    assert erlang_c_wait(1, 1, most).servers == most
    with pytest.raises(InvalidForecast) as info:
        erlang_c_wait(1, 1, most + 1)
    check_refusal(info, "servers", most + 1)


# --------------------------------------------------------------------------- boundaries


def test_a_percentile_at_exactly_the_share_who_do_not_wait_is_zero() -> None:
    """M/M/1 at half load: C = ρ = 0.5, so half of families do not wait and the median is 0.

    The same holds when the tail's decay is too small for a float (arrival and
    service rates of a few subnormals, variability 1,000,000): still 0, never
    infinity, because no wait is needed for that share at all.
    """
    assert erlang_c_wait(1, 2, 1).probability_of_waiting == 0.5
    assert erlang_c_wait(1, 2, 1).wait_percentile(0.5) == 0.0
    flat = allen_cunneen_wait(5e-324, 1e-323, 1, service_cv=1000, arrival_cv=1000)
    assert flat.probability_of_waiting == 0.5
    assert flat.wait_percentile(0.5) == 0.0


@pytest.mark.parametrize(
    ("share", "text"),
    [
        pytest.param(0.999, "99.9%", id="one-place"),
        pytest.param(0.9996, "99.96%", id="two-places"),  # 100%, then 100.0%, then 99.96%
        pytest.param(1 - 1e-12, "100.000000%", id="capped-at-six"),
        pytest.param(1.0, "100%", id="one"),
    ],
)
def test_a_share_near_one_gets_decimals_until_it_no_longer_reads_100_at_most_six(
    share: float, text: str
) -> None:
    """Only a share of exactly 1 reads as 100%; the places stop at six decimals."""
    assert forecast_module._percent(share) == text


def test_a_target_met_exactly_is_met() -> None:
    """M/M/1 at half load: half of families start at once (C = ρ = 0.5).

    A target that half must start within no time at all is met exactly by one
    place, so one place is the answer: meeting the share counts (R-CL-6).
    """
    assert erlang_c_wait(1, 2, 1).wait_exceeds(0) == 0.5
    assert servers_needed(1, 2, within=0, share=0.5) == 1


def test_the_load_limit_is_on_the_ratio_of_the_rates_not_their_product() -> None:
    """2,000 arrivals and 1,000 completions a week is an offered load of 2, well inside the limit."""
    forecast = erlang_c_wait(2000, 1000, 3)
    assert forecast.offered_load == 2
    assert servers_needed(2000, 1000, mean_wait=1) >= 3
