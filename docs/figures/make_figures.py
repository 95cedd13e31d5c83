"""Draw the figures of the guide "Planning capacity in a notebook" (docs/guides/capacity-planning.md).

Run from the repository's root, with the notebook extra installed:

    python docs/figures/make_figures.py

It writes the PNGs next to this file. Every simulation has a fixed seed and the
same settings as the guide's examples, so the figures show what the guide
prints, and running the script again gives the same pictures. The team is the
fictional sample team shipped with the package.

Nothing runs on import: pytest imports this file while collecting doctests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 30)
SEED = 1


def _model(plan: Any, team: Any, referrals_per_week: float, *, waiting: bool = True) -> Any:
    """The simulation model of ``team`` today, as the guide's ``model_for`` builds it."""
    from parentinfant.caseload import team_model, waiting_since
    from parentinfant.forecast import Arrivals

    return team_model(
        team,
        today=TODAY,
        arrivals=Arrivals(weekly_rate=referrals_per_week),
        acceptance_rate=plan.demand.acceptance_rate,
        waiting=waiting_since(plan.waiting if waiting else ()),
        sessions_remaining=plan.sessions_remaining,
        episodes=plan.episodes,
    )


def _scenarios(plan: Any) -> list[Any]:
    """The four growth scenarios of the guide's section 4."""
    import attrs

    from parentinfant.caseload import Practitioner, Scenario

    team, demand = plan.team, plan.demand
    keyworker = Practitioner(
        name="New keyworker",
        role="keyworker",
        contracted_hours=22.5,
        working_days=[1, 2, 3],
        skills={"engagement"},
        localities={"north", "central", "south"},
    )
    wider = attrs.evolve(demand, referrals_per_week=6.0)
    return [
        Scenario(name="as is", team=team, demand=demand),
        Scenario(name="add a keyworker", team=team.with_practitioner(keyworker), demand=demand),
        Scenario(name="wider area", team=team, demand=wider),
        Scenario(
            name="wider area + keyworker", team=team.with_practitioner(keyworker), demand=wider
        ),
    ]


def waiting_list(plan: Any, pyplot: Any) -> None:
    """The team as it is today, simulated for 52 weeks (section 3)."""
    from parentinfant.forecast import simulate
    from parentinfant.interop.frames import plot_waiting_list

    result = simulate(
        _model(plan, plan.team, plan.demand.referrals_per_week),
        weeks=52,
        replications=10,
        seed=SEED,
    )
    ax = plot_waiting_list(result, title="Riverside (fictional): the next 52 weeks")
    ax.legend(loc="center right")  # clear of the lines
    ax.figure.savefig(HERE / "waiting-list.png", dpi=100, bbox_inches="tight")
    pyplot.close(ax.figure)


def scenarios(plan: Any, pyplot: Any) -> None:
    """Places against places needed, then each scenario's simulated list (section 4)."""
    from parentinfant.caseload import compare_scenarios
    from parentinfant.forecast import simulate
    from parentinfant.interop.frames import plot_scenarios, plot_waiting_list

    chosen = _scenarios(plan)
    ax = plot_scenarios(compare_scenarios(chosen))
    ax.set_title("Places and places needed for 90% to start within 8 weeks")
    ax.tick_params(axis="x", labelsize=8)
    ax.figure.savefig(HERE / "scenarios.png", dpi=100, bbox_inches="tight")
    pyplot.close(ax.figure)

    figure, axes = pyplot.subplots(2, 2, figsize=(11, 7), sharey=True)
    for scenario, panel in zip(chosen, axes.flat, strict=True):
        result = simulate(
            _model(plan, scenario.team, scenario.demand.referrals_per_week),
            weeks=52,
            replications=10,
            seed=SEED,
        )
        plot_waiting_list(result, ax=panel, title=scenario.name)
        panel.legend(loc="center left", fontsize=8)  # clear of the lines
    figure.suptitle("Riverside (fictional): each scenario simulated for 52 weeks, 10 replications")
    figure.tight_layout()
    figure.savefig(HERE / "scenarios-waiting.png", dpi=100)
    pyplot.close(figure)


def closed_forms(plan: Any, pyplot: Any) -> None:
    """Mean wait against referrals a week: the closed forms and the simulation (section 5)."""
    from parentinfant.forecast import allen_cunneen_wait, erlang_c_wait, little_wait, simulate

    demand = plan.demand
    service = 1 / demand.mean_episode_weeks
    # How long a family holds a place in the simulation, by Little's law, as the guide measures it.
    busy = simulate(
        _model(plan, plan.team, 5.0, waiting=False), weeks=156, replications=20, seed=SEED
    )
    held = sum(h.mean for h in busy.held[1:]) / busy.weeks
    allocated = busy.counts.allocated / busy.replications / busy.weeks
    weeks_held = round(little_wait(allocated, held), 1)
    curve = [3.5 + 0.025 * i for i in range(61)]  # 3.5 to 5.0 referrals a week
    points = [3.5, 4.0, 4.5, 5.0]
    figure, ax = pyplot.subplots(figsize=(8, 4.5))
    for label, forecast in (
        ("Erlang C", lambda rate: erlang_c_wait(rate, service, 50)),
        (
            "Allen-Cunneen",
            lambda rate: allen_cunneen_wait(rate, service, 50, service_cv=demand.episode_cv),
        ),
    ):
        ax.plot(
            curve,
            [forecast(r * demand.acceptance_rate).mean_wait for r in curve],
            label=f"{label} (50 places, 12-week episodes)",
        )
    ax.plot(
        curve,
        [erlang_c_wait(r * demand.acceptance_rate, 1 / weeks_held, 50).mean_wait for r in curve],
        linestyle="--",
        label=f"Erlang C ({weeks_held:g}-week episodes, as simulated)",
    )
    for waiting, label, shift in (
        (False, "simulated, nobody waiting today", -0.02),
        (True, "simulated, 14 waiting today", 0.02),
    ):
        results = [
            simulate(
                _model(plan, plan.team, r, waiting=waiting), weeks=156, replications=20, seed=SEED
            )
            for r in points
        ]
        means = [r.mean_wait.mean for r in results]
        ax.errorbar(
            [p + shift for p in points],
            means,
            yerr=[
                [m - r.mean_wait.low for m, r in zip(means, results, strict=True)],
                [r.mean_wait.high - m for m, r in zip(means, results, strict=True)],
            ],
            fmt="o",
            capsize=3,
            label=f"{label} (3 years, 95% intervals)",
        )
    ax.set_xlabel("referrals a week (80% accepted)")
    ax.set_ylabel("mean wait to allocation, weeks")
    ax.set_ylim(0, 5)
    ax.set_title("Riverside (fictional): closed forms and the simulation")
    ax.legend(loc="upper left", fontsize=8)
    figure.savefig(HERE / "closed-forms.png", dpi=100, bbox_inches="tight")
    pyplot.close(figure)


def main() -> None:
    """Draw every figure into this folder."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    from parentinfant.interop.teamfile import sample_team

    plan = sample_team()
    waiting_list(plan, pyplot)
    scenarios(plan, pyplot)
    closed_forms(plan, pyplot)
    for path in sorted(HERE.glob("*.png")):
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
