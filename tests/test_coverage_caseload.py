"""Branch coverage for `parentinfant.caseload` (and `_capacity`): rejected practitioner values."""

from __future__ import annotations

import pytest

from parentinfant.caseload import GroupWork, Practitioner
from parentinfant.errors import InvalidPolicy


@pytest.mark.parametrize(
    ("field", "rule"),
    [("skills", "R-AL-1"), ("localities", "R-AL-1"), ("group_experience", "R-CL-2")],
)
def test_labels_that_are_not_a_collection_of_text_are_refused(field: str, rule: str) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        Practitioner(name="Priya", contracted_hours=30, **{field: 7})  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.rule == rule
    assert caught.value.requirement == "must hold text labels"


def test_a_single_label_given_as_text_is_one_label_not_its_letters() -> None:
    p = Practitioner(name="Priya", contracted_hours=30, skills="video-interaction")
    assert p.skills == frozenset({"video-interaction"})


def test_commitments_must_be_commitment_values() -> None:
    # R-TM-1: time commitments are Commitment values, not loose numbers.
    with pytest.raises(InvalidPolicy) as caught:
        Practitioner(name="Priya", contracted_hours=30, commitments=[4])  # type: ignore[list-item]
    assert caught.value.field == "commitments"
    assert caught.value.rule == "R-TM-1"
    assert caught.value.value == 4


def test_groups_must_be_group_work_values() -> None:
    # R-CL-2: a group's cost needs its sessions and length, so only GroupWork will do.
    ok = GroupWork(intervention="baby-massage", sessions_per_week=1)
    with pytest.raises(InvalidPolicy) as caught:
        Practitioner(name="Priya", contracted_hours=30, groups=[ok, "baby-massage"])  # type: ignore[list-item]
    assert caught.value.field == "groups"
    assert caught.value.rule == "R-CL-2"
    assert caught.value.value == "baby-massage"
    # The well-formed value alone is accepted.
    assert Practitioner(name="Priya", contracted_hours=30, groups=[ok]).groups == (ok,)
