"""Branch coverage for `parentinfant.screening`: decision deadlines and eligibility inputs (R-SC-3, R-SC-5)."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant.errors import InvalidDecision, InvalidPolicy
from parentinfant.screening import DEFAULT_RISK_FACTORS, EligibilityRule, decision_due

D = dt.date
RECEIVED = D(2026, 3, 2)  # a Monday; 5 working days later (England) is Mon 9 Mar


@pytest.mark.parametrize("received", ["2026-03-02", 20260302])
def test_the_day_a_referral_arrived_must_be_a_date(received: object) -> None:
    # R-SC-5: the deadline is counted in working days from a calendar day.
    with pytest.raises(InvalidPolicy) as caught:
        decision_due(received)  # type: ignore[arg-type]
    assert caught.value.field == "received"
    assert caught.value.rule == "R-SC-5"


def test_decision_due_stays_right_for_many_different_closure_sets() -> None:
    # R-SC-5: a team closure on Tue 3 Mar pushes the deadline from Mon 9 to Tue 10 Mar,
    # however many other teams' calendars have been seen (the calendar cache is bounded).
    for i in range(80):
        far_off = D(2030, 1, 7) + dt.timedelta(days=i)
        closures = [D(2026, 3, 3), far_off]
        assert decision_due(RECEIVED, closures=closures) == D(2026, 3, 10)
        assert decision_due(RECEIVED, closures=closures) == D(2026, 3, 10)  # from the cache
    assert decision_due(RECEIVED) == D(2026, 3, 9)


def test_eligibility_is_assessed_on_risk_factors_not_their_codes() -> None:
    # R-SC-3: codes are turned into factors by the catalogue first.
    with pytest.raises(InvalidPolicy) as caught:
        EligibilityRule().assess(["bereavement"])  # type: ignore[list-item]
    assert caught.value.field == "factors"
    assert caught.value.value == "bereavement"
    assert caught.value.rule == "R-SC-3"
    resolved = DEFAULT_RISK_FACTORS.resolve(["bereavement"])
    # One factor of either kind is enough when one significant or one minor factor suffices.
    assert EligibilityRule(min_significant=1, min_minor=1).assess(resolved).eligible


def test_notifications_refuse_something_that_is_not_a_decision_R_SC_6() -> None:
    # Anything but the three decisions is refused, never an empty or half-made plan.
    import types

    from parentinfant.family import Family, Infant, Parent
    from parentinfant.screening import Referral, SelfReferral, notifications

    referral = Referral(
        id="R-1",
        received=RECEIVED,
        route=SelfReferral(),
        family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(D(2026, 9, 1))),
    )
    fake = types.SimpleNamespace(referral_id="R-1")
    with pytest.raises(InvalidDecision) as caught:
        notifications(referral, fake)  # type: ignore[arg-type]
    assert caught.value.field == "decision"
    assert "SimpleNamespace" in str(caught.value)
