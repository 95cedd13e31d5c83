"""Results as pandas DataFrames and matplotlib plots, for notebooks (R-CL-1, R-CL-6, R-PR-1).

Capacity figures are worked by hand from the rule of thumb (R-CL-1): 30 h is
30 / 7.5 x 4 = 16 families seen weekly, 18.75 h is 10.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import matplotlib
import pytest

from parentinfant.caseload import (
    Demand,
    Practitioner,
    Scenario,
    ScenarioOutcome,
    Team,
    annual_capacity,
    compare_scenarios,
    team_capacity,
    waiting_since,
)
from parentinfant.forecast import (
    Arrivals,
    PractitionerCaseload,
    TeamModel,
    WaitingListSimulation,
    simulate,
    simulate_mmc,
)
from parentinfant.interop.frames import plot_scenarios, plot_waiting_list, to_frame
from parentinfant.prioritisation import Chronological

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _team() -> Team:
    return Team(
        practitioners=[
            Practitioner(name="A", contracted_hours=30, caseload=10),
            Practitioner(name="B", contracted_hours=18.75, caseload=12),
        ]
    )


def _outcomes() -> tuple[ScenarioOutcome, ...]:
    # "as is": one full-timer, 20 places; 1 family a week for 12 weeks offers a
    # load of 12 places, so 12 / 20 = 60% utilisation. "tiny": 1 h a week is
    # 8/15 of a place, no whole place, so no forecast at all.
    demand = Demand(referrals_per_week=1, mean_episode_weeks=12)
    return compare_scenarios(
        [
            Scenario(
                name="as is",
                team=Team(practitioners=[Practitioner(name="A", contracted_hours=37.5)]),
                demand=demand,
            ),
            Scenario(
                name="tiny",
                team=Team(practitioners=[Practitioner(name="A", contracted_hours=1)]),
                demand=demand,
            ),
        ]
    )


def _simulation(weeks: int = 8) -> WaitingListSimulation:
    # 6 places, 2 held; 3 families waiting today.
    model = TeamModel(
        today=TODAY,
        caseloads=[PractitionerCaseload(places=6, sessions_remaining=[2, 5])],
        arrivals=Arrivals(weekly_rate=1),
        waiting=waiting_since([dt.date(2026, 11, 2), dt.date(2026, 11, 9), dt.date(2026, 11, 16)]),
    )
    return simulate(model, weeks=weeks, replications=2, seed=3)


# --------------------------------------------------------------------------- to_frame


def test_team_capacity_is_a_row_per_practitioner_in_floats_R_CL_1() -> None:
    frame = to_frame(team_capacity(_team()))
    assert list(frame["name"]) == ["A", "B"]
    # A: 16 places, holds 10, 6 to spare. B: 10 places, holds 12, over by 2.
    assert list(frame["families_at_once"]) == [16.0, 10.0]
    assert list(frame["headroom"]) == [6.0, 0.0]
    assert list(frame["over_capacity_by"]) == [0.0, 2.0]
    assert list(frame["caseload"]) == [10, 12]
    assert frame["contracted_hours"].dtype.kind == "f"
    assert list(frame["contracted_hours"]) == [30.0, 18.75]


def test_annual_capacity_is_a_row_per_practitioner_R_CL_1() -> None:
    team = _team()
    year = annual_capacity(team, 2027)
    frame = to_frame(year)
    assert list(frame.columns) == [
        "name",
        "start",
        "end",
        "working_days",
        "leave_days",
        "available_hours",
        "family_sessions",
    ]
    assert list(frame["name"]) == ["A", "B"]
    # The financial year 2027-28: 1 April 2027 to 31 March 2028.
    assert list(frame["start"]) == [dt.date(2027, 4, 1)] * 2
    assert list(frame["end"]) == [dt.date(2028, 3, 31)] * 2
    assert list(frame["family_sessions"]) == [float(c.family_sessions) for c in year]
    assert frame["leave_days"].dtype.kind == "f"


def test_scenarios_are_a_row_each_R_CL_6() -> None:
    outcomes = _outcomes()
    frame = to_frame(outcomes)
    assert list(frame["scenario"]) == ["as is", "tiny"]
    assert list(frame["places"]) == [20, 0]
    assert list(frame["practitioners"]) == [1, 1]
    assert frame["utilisation"][0] == pytest.approx(0.6)
    assert list(frame["places_needed"]) == [o.places_needed for o in outcomes]


def test_a_scenario_with_no_forecast_has_empty_cells_R_CL_6() -> None:
    row = to_frame(_outcomes()).iloc[1]
    for column in ("utilisation", "mean_wait_weeks", "probability_of_waiting"):
        assert row[column] is None or row[column] != row[column]  # None or NaN


def test_a_simulation_is_a_row_per_week_from_today_R_CL_6() -> None:
    frame = to_frame(_simulation(weeks=8))
    assert len(frame) == 9  # weeks 0 to 8
    assert list(frame["week"]) == list(range(9))
    assert frame["date"][0] == TODAY
    assert frame["date"][8] == dt.date(2027, 1, 25)  # 30 November + 56 days
    assert (frame["waiting_mean"][0], frame["held_mean"][0]) == (3.0, 2.0)
    assert {"waiting_low", "waiting_high", "held_low", "held_high"} <= set(frame.columns)


def test_a_queue_simulation_is_a_row_per_measure_R_CL_6() -> None:
    frame = to_frame(simulate_mmc(1.8, 0.25, 8, families=300, replications=2, seed=1))
    assert list(frame["measure"]) == [
        "mean_wait",
        "probability_of_waiting",
        "utilisation",
        "wait_p50",
        "wait_p90",
        "wait_p95",
    ]
    assert list(frame["replications"]) == [2] * 6


def test_a_waiting_list_is_a_row_per_family_in_order_R_PR_1() -> None:
    referrals = waiting_since([dt.date(2026, 10, 1), dt.date(2026, 9, 14)])
    frame = to_frame(Chronological().rank(referrals, today=TODAY))
    # Oldest first. 14 September to 30 November: 16 + 31 + 30 = 77 days;
    # 1 October to 30 November: 30 + 30 = 60 days.
    assert list(frame["position"]) == [1, 2]
    assert list(frame["referral"]) == ["waiting-2", "waiting-1"]
    assert list(frame["days_waited"]) == [77, 60]
    assert list(frame["received"]) == [dt.date(2026, 9, 14), dt.date(2026, 10, 1)]
    assert all(isinstance(text, str) and text for text in frame["explanation"])


def test_an_empty_waiting_list_is_an_empty_frame_R_PR_1() -> None:
    assert len(to_frame(Chronological().rank([], today=TODAY))) == 0


@pytest.mark.parametrize(
    "value",
    [3, "capacity", (), [], None, {"a": 1}, (1, 2)],
    ids=["int", "str", "empty-tuple", "empty-list", "none", "dict", "tuple-of-ints"],
)
def test_anything_else_is_a_type_error_naming_its_type(value: object) -> None:
    with pytest.raises(TypeError) as excinfo:
        to_frame(value)
    assert str(excinfo.value).endswith(f"got {type(value).__name__}")


def test_a_mixed_tuple_is_a_type_error() -> None:
    mixed: tuple[Any, ...] = (*annual_capacity(_team(), 2027), *_outcomes())
    with pytest.raises(TypeError):
        to_frame(mixed)


# --------------------------------------------------------------------------- plots


def test_the_waiting_list_plot_has_waiting_held_and_places_R_CL_6() -> None:
    result = _simulation()
    ax = plot_waiting_list(result)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["waiting", "held (caseload)", "places"]
    assert len(lines[0].get_xdata()) == 9  # a point a week, weeks 0 to 8
    assert list(lines[2].get_ydata()) == [6, 6]  # the places line, across the plot
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "waiting",
        "held (caseload)",
        "places",
    ]
    assert ax.get_title() == "Simulated waiting list (2 replications, 95% intervals)"


def test_the_waiting_list_plot_draws_on_the_axes_given() -> None:
    _, ax = plt.subplots()
    assert plot_waiting_list(_simulation(), ax=ax, title="Riverside") is ax
    assert ax.get_title() == "Riverside"


def test_the_scenario_plot_has_two_bars_a_scenario_R_CL_6() -> None:
    outcomes = _outcomes()
    ax = plot_scenarios(outcomes)
    assert len(ax.patches) == 4  # places and places needed, for each of 2 scenarios
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == [20, 0, *[o.places_needed for o in outcomes]]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["as is", "tiny"]


def test_families_not_yet_triaged_are_in_the_frame_after_the_ranked_R_PR_3() -> None:
    import datetime as dt

    from parentinfant.family import Family, Infant, Parent
    from parentinfant.prioritisation import Triage
    from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral, TriageOutcome

    fam = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(dt.date(2027, 3, 1)))
    triaged = Referral(
        id="T",
        received=dt.date(2026, 11, 2),
        route=SelfReferral(),
        family=fam,
        risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]),
        triage=TriageOutcome(band="urgent", decided_by="Priya", decided_on=dt.date(2026, 11, 3)),
    )
    untriaged = Referral(id="U", received=dt.date(2026, 11, 20), route=SelfReferral(), family=fam)
    ranked = Triage().rank([triaged, untriaged], today=dt.date(2026, 11, 30))
    frame = to_frame(ranked)
    # 30 Nov - 20 Nov = 10 days waited for the untriaged family.
    assert list(frame["referral"]) == ["T", "U"]
    assert list(frame["triaged"]) == [True, False]
    assert frame["days_waited"].iloc[1] == 10
