"""Branch coverage for `parentinfant.prioritisation`: the waiting list is a value (R-PR-4, R-PR-3)."""

from __future__ import annotations

import datetime as dt

import pytest

from parentinfant._referral import Referral, SelfReferral
from parentinfant.errors import InvalidPolicy
from parentinfant.family import Family, Infant, Parent
from parentinfant.prioritisation import Chronological, Triage, WaitingList

D = dt.date
TODAY = D(2026, 3, 16)
FAMILY = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(D(2026, 9, 1)))


def _ref(id: str, received: dt.date) -> Referral:
    return Referral(id=id, received=received, route=SelfReferral(), family=FAMILY)


def _waiting() -> WaitingList:
    return Chronological().rank([_ref("A", D(2026, 3, 2)), _ref("B", D(2026, 3, 3))], today=TODAY)


def test_a_waiting_list_cannot_be_reordered_after_it_is_ranked() -> None:
    # R-PR-4: the order shown, and its explanation, must be the one that was worked out.
    waiting = _waiting()
    with pytest.raises(AttributeError, match="immutable; cannot set 'today'"):
        waiting.today = D(2027, 1, 1)
    with pytest.raises(AttributeError, match="immutable; cannot delete 'strategy'"):
        del waiting.strategy
    assert waiting.today == TODAY
    assert [e.referral.id for e in waiting] == ["A", "B"]


def test_a_waiting_list_equals_only_another_waiting_list() -> None:
    waiting = _waiting()
    assert waiting == _waiting()
    assert waiting != list(waiting)
    later = Chronological().rank([_ref("A", D(2026, 3, 2))], today=TODAY)
    assert waiting != later
    assert waiting.__eq__(("A", "B")) is NotImplemented


def test_triage_needs_a_team_policy() -> None:
    # R-PR-3: triage needs the team's policy (its vocabulary and calendar).
    with pytest.raises(InvalidPolicy) as caught:
        Triage(policy="england")  # type: ignore[arg-type]
    assert caught.value.field == "policy"
    assert caught.value.rule == "R-PR-3"


def test_triage_bands_given_as_one_string_are_refused() -> None:
    # R-PR-3: "urgent" would otherwise become six one-letter bands.
    with pytest.raises(InvalidPolicy) as caught:
        Triage(bands="urgent")
    assert caught.value.field == "bands"
    assert caught.value.rule == "R-PR-3"
