"""Allocation suggestions and capacity-safe allocation (R-AL-1, R-CL-1).

Capacities below are worked by hand from the rule of thumb: four families in a
7.5-hour day, pro rata, so a practitioner holds hours x 4 / 7.5 families when
each is seen weekly (37.5 h: 20; 15 h: 8; 7.5 h: 4; 3.75 h: 2).
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.caseload import (
    FamilyNeeds,
    Practitioner,
    Team,
    allocate,
    practitioner_capacity,
    suggest_allocation,
)
from parentinfant.errors import CapacityExceeded, InvalidPolicy
from parentinfant.lifecycle import AcceptToWaitingList, CaseState, StartScreening, apply, open_case

SKILLS = ["perinatal", "video-interaction", "fathers", "neonatal", "parent-infant-psychotherapy"]
AREAS = ["north", "south", "east"]


def _team(*people: Practitioner) -> Team:
    return Team(practitioners=people)


ANN = Practitioner(name="Ann", contracted_hours=37.5, caseload=10, localities={"north"})
BEA = Practitioner(name="Bea", contracted_hours=37.5, caseload=19, skills={"perinatal", "fathers"})
CAL = Practitioner(name="Cal", contracted_hours=15, caseload=8, skills={"perinatal"})


# --------------------------------------------------------------------------- ranking


def test_by_skills_the_best_suited_practitioner_with_room_leads_R_AL_1() -> None:
    needs = FamilyNeeds(referral_id="R-1", skills={"perinatal", "fathers"})
    ranked = suggest_allocation(_team(ANN, BEA, CAL), needs)
    # Bea matches both needs and has 1 place (20 - 19); Ann matches none (10 places);
    # Cal matches one but is full (8 of 8), so comes last whatever her skills.
    assert [s.practitioner for s in ranked] == ["Bea", "Ann", "Cal"]
    assert [s.position for s in ranked] == [1, 2, 3]
    assert ranked[0].skills_matched == ("fathers", "perinatal")
    assert ranked[2].has_room is False


def test_by_locality_covering_the_area_leads_R_AL_1() -> None:
    needs = FamilyNeeds(referral_id="R-1", skills={"perinatal"}, locality="north")
    ranked = suggest_allocation(_team(ANN, BEA, CAL), needs, basis="locality")
    assert [s.practitioner for s in ranked] == ["Ann", "Bea", "Cal"]
    assert ranked[0].locality_match is True
    assert ranked[1].locality_match is False


def test_for_an_assessment_clinic_headroom_leads_R_AL_1() -> None:
    ranked = suggest_allocation(
        _team(BEA, ANN, CAL), FamilyNeeds(referral_id="R-1"), basis="assessment-clinic"
    )
    assert [(s.practitioner, s.headroom) for s in ranked] == [
        ("Ann", Fraction(10)),
        ("Bea", Fraction(1)),
        ("Cal", Fraction(0)),
    ]


def test_ties_fall_back_to_the_name_R_AL_1() -> None:
    a = Practitioner(name="Zoe", contracted_hours=15)
    b = Practitioner(name="Amy", contracted_hours=15)
    ranked = suggest_allocation(_team(a, b), FamilyNeeds(referral_id="R-1"))
    assert [s.practitioner for s in ranked] == ["Amy", "Zoe"]


def test_each_suggestion_says_why_R_AL_1() -> None:
    needs = FamilyNeeds(referral_id="R-1", skills={"perinatal", "neonatal"}, locality="north")
    ranked = suggest_allocation(_team(ANN, BEA, CAL), needs)
    text = {s.practitioner: s.explanation for s in ranked}
    assert text["Bea"] == (
        "1st: Bea - skills: perinatal; not skilled in neonatal; does not cover north; "
        "room for 1 more family"
    )
    assert text["Ann"] == (
        "2nd: Ann - no matching skills (needs neonatal, perinatal); covers north; "
        "room for 10 more families"
    )
    assert text["Cal"] == (
        "3rd: Cal - skills: perinatal; not skilled in neonatal; does not cover north; "
        "no room: holds 8 of 8"
    )


def test_a_suggestion_becomes_the_lifecycle_allocation_with_its_reason_R_AL_1() -> None:
    needs = FamilyNeeds(referral_id="R-1", skills={"perinatal"})
    best = suggest_allocation(_team(ANN, BEA), needs)[0]
    command = best.command(keyworker="Sam Lee")
    assert (command.practitioner, command.keyworker, command.note) == (
        "Bea",
        "Sam Lee",
        best.explanation,
    )
    case, _ = open_case("R-1", at=dt.datetime(2026, 11, 2, 9))
    for step, at in (
        (StartScreening(), dt.datetime(2026, 11, 2, 10)),
        (AcceptToWaitingList(), dt.datetime(2026, 11, 3, 10)),
        (command, dt.datetime(2026, 11, 10, 10)),
    ):
        case, _ = apply(case, step, at=at)
    assert case.state is CaseState.ALLOCATED
    assert case.allocation is not None
    assert case.allocation.practitioner == "Bea"


def test_a_suggestion_without_room_gives_no_command_R_CL_1() -> None:
    full = suggest_allocation(_team(CAL), FamilyNeeds(referral_id="R-1"))[0]
    with pytest.raises(CapacityExceeded) as excinfo:
        full.command()
    assert excinfo.value.field == "practitioner"
    assert "R-CL-1" in str(excinfo.value)


# --------------------------------------------------------------------------- allocating


def test_allocating_adds_one_family_to_the_caseload_R_AL_1() -> None:
    team, record = allocate(_team(ANN, BEA), "Bea", FamilyNeeds(referral_id="R-1"))
    assert team.practitioner("Bea").caseload == 20
    assert team.practitioner("Ann") == ANN
    assert [p.name for p in team.practitioners] == ["Ann", "Bea"]
    assert (record.caseload_before, record.caseload_after, record.over_capacity) == (19, 20, False)
    assert record.override is None


def test_allocation_beyond_capacity_is_refused_without_an_override_R_CL_1() -> None:
    with pytest.raises(CapacityExceeded) as excinfo:
        allocate(_team(CAL), "Cal", FamilyNeeds(referral_id="R-1"))
    assert "holds 8 of 8" in str(excinfo.value)


def test_allocation_beyond_capacity_with_an_override_is_recorded_R_CL_1() -> None:
    reason = "sibling of a family Cal already sees; clinical lead agreed 30 Nov"
    team, record = allocate(_team(CAL), "Cal", FamilyNeeds(referral_id="R-1"), override=reason)
    assert team.practitioner("Cal").caseload == 9
    assert record.over_capacity is True
    assert record.override == reason
    assert practitioner_capacity(team.practitioner("Cal")).over_capacity_by == 1


@pytest.mark.parametrize("bad", ["", "   ", 3])
def test_an_empty_override_is_refused_R_CL_1(bad: object) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        allocate(_team(CAL), "Cal", FamilyNeeds(referral_id="R-1"), override=bad)  # type: ignore[arg-type]
    assert excinfo.value.field == "override"


def test_allocating_to_someone_not_in_the_team_is_refused_R_AL_1() -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        allocate(_team(ANN), "Nobody", FamilyNeeds(referral_id="R-1"))
    assert excinfo.value.field == "practitioner"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"referral_id": ""}, "referral_id"),
        ({"referral_id": "R-1", "skills": [""]}, "skills"),
        ({"referral_id": "R-1", "skills": 3}, "skills"),
        ({"referral_id": "R-1", "locality": " "}, "locality"),
    ],
)
def test_bad_family_needs_are_refused_naming_the_field_R_AL_1(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidPolicy) as excinfo:
        FamilyNeeds(**fields)  # type: ignore[arg-type]
    assert excinfo.value.field == field


# --------------------------------------------------------------------------- properties


@st.composite
def _teams(draw: st.DrawFn) -> Team:
    size = draw(st.integers(min_value=1, max_value=6))
    people = []
    for i in range(size):
        hours = Fraction(draw(st.integers(min_value=0, max_value=150)), 4)  # 0 to 37.5 h
        people.append(
            Practitioner(
                name=f"P{i}",
                contracted_hours=hours,
                caseload=draw(st.integers(min_value=0, max_value=25)),
                skills=draw(st.sets(st.sampled_from(SKILLS), max_size=3)),
                localities=draw(st.sets(st.sampled_from(AREAS), max_size=2)),
            )
        )
    return Team(practitioners=people)


_needs = st.builds(
    FamilyNeeds,
    referral_id=st.just("R-1"),
    skills=st.sets(st.sampled_from(SKILLS), max_size=3),
    locality=st.none() | st.sampled_from(AREAS),
)
_bases = st.sampled_from(["skills", "locality", "assessment-clinic"])


@given(_teams(), _needs, _bases, st.randoms(use_true_random=False))
def test_suggestions_list_every_practitioner_once_in_a_deterministic_order_R_AL_1(
    team: Team, needs: FamilyNeeds, basis: str, rnd: random.Random
) -> None:
    ranked = suggest_allocation(team, needs, basis=basis)
    assert sorted(s.practitioner for s in ranked) == sorted(p.name for p in team.practitioners)
    shuffled = list(team.practitioners)
    rnd.shuffle(shuffled)
    again = suggest_allocation(Team(practitioners=shuffled), needs, basis=basis)
    assert again == ranked
    # Everyone with room comes before anyone without.
    rooms = [s.has_room for s in ranked]
    assert rooms == sorted(rooms, reverse=True)


@given(_teams(), st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_allocation_without_override_never_exceeds_capacity_R_CL_1(
    team: Team, picks: list[int]
) -> None:
    for n, pick in enumerate(picks):
        person = team.practitioners[pick % len(team.practitioners)]
        before = practitioner_capacity(person, team.capacity)
        try:
            team, record = allocate(team, person.name, FamilyNeeds(referral_id=f"R-{n}"))
        except CapacityExceeded:
            assert before.headroom < 1
            continue
        assert record.caseload_after <= before.families_at_once
        assert record.over_capacity is False
    for person in team.practitioners:
        assert practitioner_capacity(person, team.capacity).headroom >= 0
