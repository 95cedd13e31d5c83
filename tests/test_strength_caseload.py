"""Caseload and capacity: refusals named in full, defaults and boundaries (DOMAIN.md section 10).

Every refusal is checked for its type, ``field``, ``rule``, ``value`` and the
message naming them. Expected figures are worked by hand from the rules:

- R-CL-1: four families in a 7.5-hour day, pro rata, so ``h`` hours hold
  ``h x 4 / 7.5 = 8h/15`` family sessions a week (37.5 h: 20; 15 h: 8;
  7.5 h: 4; 3.75 h: 2).
- R-CL-2: a 2-hour group session costs 1 hour of preparation and 1 of
  follow-up for an experienced facilitator (4 hours in all); someone new
  to the intervention takes the project's placeholder multiplier of 2 on
  preparation and follow-up (2 + 2 x 2 = 6 hours).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from parentinfant.caseload import (
    CapacityPolicy,
    Commitment,
    Demand,
    FamilyNeeds,
    GroupWork,
    MaturityRamp,
    Practitioner,
    Rounding,
    Scenario,
    Team,
    allocate,
    annual_capacity,
    compare_scenarios,
    family_sessions_per_week,
    financial_year,
    funding_calendar,
    group_hours_per_week,
    group_session_hours,
    period_capacity,
    practitioner_capacity,
    suggest_allocation,
    team_capacity,
    team_model,
    waiting_since,
    whole_sessions,
)
from parentinfant.errors import CapacityExceeded, InvalidForecast, InvalidPolicy, InvalidValue
from parentinfant.forecast import (
    Arrivals,
    Episodes,
    FamilyProfile,
    allen_cunneen_wait,
    erlang_c_wait,
    servers_needed,
)
from parentinfant.lifecycle import AllocationBasis
from parentinfant.prioritisation import Chronological, RiskWeighted
from parentinfant.team import TeamPolicy
from parentinfant.workdays import WorkingCalendar

D = dt.date


def _assert_refusal(
    info: pytest.ExceptionInfo[InvalidValue],
    field: str,
    rule: str,
    value: object,
    requirement: str,
) -> None:
    """The error carries field, rule and value, and its message names all three."""
    err = info.value
    assert err.field == field
    assert err.rule == rule
    assert err.value == value
    assert type(err.value) is type(value)
    assert str(err) == f"{field} {requirement} ({rule}), got {value!r}"


# --------------------------------------------------------------------------- R-CL-1 sessions


@pytest.mark.parametrize(
    ("kwargs", "field", "value", "requirement"),
    [
        ({"contracted_hours": 200}, "contracted_hours", 200, "must be between 0 and 168"),
        ({"contracted_hours": -1}, "contracted_hours", -1, "must be between 0 and 168"),
        ({"contracted_hours": 168.5}, "contracted_hours", 168.5, "must be between 0 and 168"),
        (
            {"contracted_hours": 10, "protected_hours": 12},
            "protected_hours",
            12,
            "must be between 0 and contracted_hours (10)",
        ),
        (
            {"contracted_hours": 10, "protected_hours": -1},
            "protected_hours",
            -1,
            "must be between 0 and contracted_hours (10)",
        ),
        (
            {"contracted_hours": 37.5, "day_hours": 0},
            "day_hours",
            0,
            "must be more than 0 and at most 24",
        ),
        (
            {"contracted_hours": 37.5, "day_hours": 25},
            "day_hours",
            25,
            "must be more than 0 and at most 24",
        ),
        (
            {"contracted_hours": 37.5, "families_per_day": -1},
            "families_per_day",
            -1,
            "must be at least 0",
        ),
    ],
    ids=[
        "contracted-over-a-week",
        "contracted-negative",
        "contracted-just-over-a-week",
        "protected-over-contracted",
        "protected-negative",
        "day-of-no-hours",
        "day-over-24-hours",
        "families-per-day-negative",
    ],
)
def test_out_of_range_session_settings_are_refused_in_full_R_CL_1(
    kwargs: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-CL-1: each setting of the rule of thumb is range-checked, naming the setting."""
    with pytest.raises(InvalidPolicy) as info:
        family_sessions_per_week(**kwargs)
    _assert_refusal(info, field, "R-CL-1", value, requirement)


@pytest.mark.parametrize(
    "field", ["contracted_hours", "protected_hours", "day_hours", "families_per_day"]
)
@pytest.mark.parametrize(
    ("bad", "requirement"),
    [("many", "must be a finite number"), (True, "must be a number")],
    ids=["text", "bool"],
)
def test_session_settings_that_are_not_numbers_are_refused_by_name_R_CL_1(
    field: str, bad: object, requirement: str
) -> None:
    """R-CL-1: a setting that is not a number is refused under its own name."""
    kwargs: dict[str, Any] = {"contracted_hours": 37.5, field: bad}
    with pytest.raises(InvalidPolicy) as info:
        family_sessions_per_week(**kwargs)
    _assert_refusal(info, field, "R-CL-1", bad, requirement)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 168 h x 4 / 7.5 = 89.6 sessions
        ({"contracted_hours": 168}, Fraction(448, 5)),
        # no contracted hours: no sessions (a post not yet filled)
        ({"contracted_hours": 0}, Fraction(0)),
        # every contracted hour protected leaves nothing for families
        ({"contracted_hours": 10, "protected_hours": 10}, Fraction(0)),
        # a 24-hour "day" of 24 hours holds the 4 families of one day
        ({"contracted_hours": 24, "day_hours": 24}, Fraction(4)),
        # a 1-hour day: 1 hour holds 4 families
        ({"contracted_hours": 1, "day_hours": 1}, Fraction(4)),
        # half an hour as a day is still more than 0: 1 hour is two days, 8 families
        ({"contracted_hours": 1, "day_hours": 0.5}, Fraction(8)),
        # no families a day: no sessions, whatever the hours
        ({"contracted_hours": 37.5, "families_per_day": 0}, Fraction(0)),
        # half a family a day (one every other day): 7.5 h is one day, so 1/2
        ({"contracted_hours": 7.5, "families_per_day": 0.5}, Fraction(1, 2)),
    ],
    ids=[
        "a-whole-week",
        "no-hours",
        "all-hours-protected",
        "day-of-24-hours",
        "day-of-1-hour",
        "day-of-half-an-hour",
        "no-families-a-day",
        "half-a-family-a-day",
    ],
)
def test_session_settings_at_their_limits_are_accepted_R_CL_1(
    kwargs: dict[str, Any], expected: Fraction
) -> None:
    """R-CL-1: the limits themselves are allowed; sessions = (hours - protected) / day x per day."""
    assert family_sessions_per_week(**kwargs) == expected


# --------------------------------------------------------------------------- R-CL-2 groups


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 2 h session + 1 h preparation + 1 h follow-up
        ({}, Fraction(4)),
        # a 3-hour session keeps the 1 + 1 hours around it: 5
        ({"duration_hours": 3}, Fraction(5)),
        # no preparation: the follow-up hour still defaults to 1, so 2 + 0 + 1
        ({"preparation_hours": 0}, Fraction(3)),
        # no follow-up: the preparation hour still defaults to 1, so 2 + 1 + 0
        ({"follow_up_hours": 0}, Fraction(3)),
        # new to the intervention: 2 + (1 + 1) x 2
        ({"experienced": False}, Fraction(6)),
        # new, no preparation: 2 + (0 + 1) x 2
        ({"experienced": False, "preparation_hours": 0}, Fraction(4)),
        # new, no follow-up: 2 + (1 + 0) x 2
        ({"experienced": False, "follow_up_hours": 0}, Fraction(4)),
        # new, 3 h preparation and 1 h follow-up: 2 + 4 x 2 (the default multiplier)
        ({"experienced": False, "preparation_hours": 3}, Fraction(10)),
        # an experienced facilitator is never multiplied
        ({"new_facilitator_multiplier": 5}, Fraction(4)),
    ],
    ids=[
        "all-defaults",
        "longer-session",
        "default-follow-up",
        "default-preparation",
        "new-facilitator-default-multiplier",
        "new-facilitator-default-follow-up",
        "new-facilitator-default-preparation",
        "new-facilitator-longer-preparation",
        "experienced-ignores-multiplier",
    ],
)
def test_group_session_defaults_follow_the_rule_R_CL_2(
    kwargs: dict[str, Any], expected: Fraction
) -> None:
    """R-CL-2: a 2-hour session with 1 hour either side, doubled around it for someone new."""
    assert group_session_hours(**kwargs) == expected


@pytest.mark.parametrize("field", ["duration_hours", "preparation_hours", "follow_up_hours"])
def test_negative_group_hours_are_refused_by_name_R_CL_2(field: str) -> None:
    """R-CL-2: no part of a group session's cost can be negative."""
    with pytest.raises(InvalidPolicy) as info:
        group_session_hours(**{field: -1})
    _assert_refusal(info, field, "R-CL-2", -1, "must be at least 0")


def test_a_group_session_of_no_hours_at_all_costs_nothing_R_CL_2() -> None:
    """R-CL-2: zero is allowed for each part (a drop-in with no preparation or notes)."""
    assert group_session_hours(0, preparation_hours=0, follow_up_hours=0) == 0
    assert group_session_hours(0, experienced=False, preparation_hours=0) == 2


def test_a_multiplier_below_one_is_refused_R_CL_2() -> None:
    """R-CL-2: someone new needs *more* time, never less."""
    with pytest.raises(InvalidPolicy) as info:
        group_session_hours(experienced=False, new_facilitator_multiplier=0.5)
    _assert_refusal(info, "new_facilitator_multiplier", "R-CL-2", 0.5, "must be at least 1")


def test_a_multiplier_of_exactly_one_is_allowed_R_CL_2() -> None:
    """R-CL-2: a multiplier of 1 costs someone new the same 2 + 1 + 1 hours."""
    assert group_session_hours(experienced=False, new_facilitator_multiplier=1) == 4


@pytest.mark.parametrize(
    "field",
    ["duration_hours", "preparation_hours", "follow_up_hours", "new_facilitator_multiplier"],
)
def test_group_settings_that_are_not_numbers_are_refused_by_name_R_CL_2(field: str) -> None:
    """R-CL-2: a setting that is not a number is refused under its own name."""
    with pytest.raises(InvalidPolicy) as info:
        group_session_hours(**{field: "two"})
    _assert_refusal(info, field, "R-CL-2", "two", "must be a finite number")


# --------------------------------------------------------------------------- rounding


def test_an_unknown_rounding_is_refused_listing_the_choices_R_CL_1() -> None:
    """R-CL-1: rounding is named; anything but down, nearest or up is refused."""
    with pytest.raises(InvalidPolicy) as info:
        whole_sessions(Fraction(21, 2), "sideways")
    _assert_refusal(
        info, "rounding", "R-CL-1", "sideways", "must be one of 'down', 'nearest', 'up'"
    )


@pytest.mark.parametrize(
    ("sessions", "rounding", "expected"),
    [
        (Fraction(39, 4), Rounding.DOWN, 9),
        (Fraction(39, 4), "nearest", 10),
        (Fraction(41, 4), "nearest", 10),
        (Fraction(21, 2), "nearest", 11),
        (Fraction(41, 4), "up", 11),
        (Fraction(10), "up", 10),
        (Fraction(10), "down", 10),
    ],
    ids=["down", "nearest-up", "nearest-down", "nearest-half", "up", "up-whole", "down-whole"],
)
def test_whole_sessions_round_as_named_R_CL_1(
    sessions: Fraction, rounding: Rounding | str, expected: int
) -> None:
    """R-CL-1: 9.75 down is 9, to nearest 10; 10.25 to nearest 10, up 11; halves go up."""
    assert whole_sessions(sessions, rounding) == expected


# --------------------------------------------------------------------------- allocation


def test_a_suggestion_without_room_is_refused_in_full_R_CL_1() -> None:
    """R-CL-1: 3.75 h holds 2 families; holding 2 there is no room, so no command."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=3.75, caseload=2)])
    (suggestion,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    with pytest.raises(CapacityExceeded) as info:
        suggestion.command()
    _assert_refusal(
        info,
        "practitioner",
        "R-CL-1",
        "Ann",
        "must have room for another family, or be allocated with an override",
    )


def test_a_suggestions_command_keeps_the_basis_keyworker_and_note_given_R_AL_1() -> None:
    """R-AL-1, R-AL-2: the basis, keyworker and note given are the command's."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=15)])
    (suggestion,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    command = suggestion.command(basis="locality", keyworker="Kim", note="lives nearby")
    assert command.practitioner == "Ann"
    assert command.basis is AllocationBasis.LOCALITY
    assert command.keyworker == "Kim"
    assert command.note == "lives nearby"
    default = suggestion.command()
    assert default.basis is AllocationBasis.SKILLS
    assert default.keyworker is None
    assert default.note == "1st: Ann - room for 8 more families"


@pytest.mark.parametrize("bad", ["", "   ", 5], ids=["empty", "blank", "not-text"])
def test_an_override_without_a_reason_is_refused_in_full_R_CL_1(bad: object) -> None:
    """R-CL-1: going beyond capacity needs the reason recorded, so an empty one is refused."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=3.75, caseload=2)])
    with pytest.raises(InvalidPolicy) as info:
        allocate(team, "Ann", FamilyNeeds(referral_id="R-1"), override=bad)  # type: ignore[arg-type]
    _assert_refusal(info, "override", "R-CL-1", bad, "must give the reason")


def test_allocation_uses_the_teams_own_capacity_policy_R_CL_1() -> None:
    """R-CL-1: with 2 families a day, 7.5 h holds 2 families, not the default 4."""
    policy = CapacityPolicy(families_per_day=2)
    full = Team(
        capacity=policy, practitioners=[Practitioner(name="Ann", contracted_hours=7.5, caseload=2)]
    )
    with pytest.raises(CapacityExceeded) as info:
        allocate(full, "Ann", FamilyNeeds(referral_id="R-1"))
    _assert_refusal(
        info,
        "practitioner",
        "R-CL-1",
        "Ann",
        "must have room for another family (holds 2 of 2), or give an override",
    )
    roomy = Team(
        capacity=policy, practitioners=[Practitioner(name="Ann", contracted_hours=7.5, caseload=1)]
    )
    team, record = allocate(roomy, "Ann", FamilyNeeds(referral_id="R-7"))
    assert record.referral_id == "R-7"
    assert record.practitioner == "Ann"
    assert record.families_at_once == 2
    assert (record.caseload_before, record.caseload_after) == (1, 2)
    assert record.override is None
    assert record.over_capacity is False
    assert team.practitioner("Ann").caseload == 2


@pytest.mark.parametrize(
    ("hours", "caseload", "shown"),
    [
        # 10 h x 8/15 = 16/3 = 5.33 families
        (10, 5, "5.33"),
        # 12.1875 h x 8/15 = 6.5 families: the trailing zero is dropped
        (12.1875, 6, "6.5"),
    ],
    ids=["two-places", "one-place"],
)
def test_a_refused_allocation_shows_a_fractional_capacity_to_two_places_R_CL_1(
    hours: float, caseload: int, shown: str
) -> None:
    """R-CL-1: less than one family of room left is no room; the capacity is shown rounded."""
    team = Team(
        practitioners=[Practitioner(name="Ann", contracted_hours=hours, caseload=caseload)]
    )
    with pytest.raises(CapacityExceeded) as info:
        allocate(team, "Ann", FamilyNeeds(referral_id="R-1"))
    assert str(info.value) == (
        f"practitioner must have room for another family (holds {caseload} of {shown}), "
        "or give an override (R-CL-1), got 'Ann'"
    )
    (suggestion,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    assert suggestion.explanation == f"1st: Ann - no room: holds {caseload} of {shown}"


# --------------------------------------------------------------------------- suggestions (R-AL-1)


@pytest.mark.parametrize(
    ("fields", "field", "value", "requirement"),
    [
        ({"referral_id": ""}, "referral_id", "", "must be non-empty text"),
        ({"referral_id": "R-1", "skills": 3}, "skills", 3, "must hold text labels"),
        ({"referral_id": "R-1", "skills": [""]}, "skills", "", "must hold non-empty text labels"),
        (
            {"referral_id": "R-1", "skills": "  "},
            "skills",
            "  ",
            "must hold non-empty text labels",
        ),
        ({"referral_id": "R-1", "skills": [7]}, "skills", 7, "must hold non-empty text labels"),
        ({"referral_id": "R-1", "locality": " "}, "locality", " ", "must be non-empty text"),
    ],
    ids=[
        "no-referral",
        "skills-not-a-collection",
        "empty-skill",
        "blank-skill-text",
        "skill-not-text",
        "blank-locality",
    ],
)
def test_bad_family_needs_are_refused_in_full_R_AL_1(
    fields: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-AL-1: allocation matches needs to skills, so each need must be a readable label."""
    with pytest.raises(InvalidPolicy) as info:
        FamilyNeeds(**fields)
    _assert_refusal(info, field, "R-AL-1", value, requirement)


def test_a_single_skill_given_as_text_is_one_need_R_AL_1() -> None:
    """R-AL-1: "video-interaction" is one skill, not a set of letters."""
    assert FamilyNeeds(referral_id="R-1", skills="video-interaction").skills == frozenset(
        {"video-interaction"}
    )
    assert FamilyNeeds(referral_id="R-1").skills == frozenset()
    assert FamilyNeeds(referral_id="R-1").locality is None


def test_an_unknown_allocation_basis_is_refused_listing_the_choices_R_AL_1() -> None:
    """R-AL-1: teams allocate by skills, by locality or through an assessment clinic."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=15)])
    with pytest.raises(InvalidPolicy) as info:
        suggest_allocation(team, FamilyNeeds(referral_id="R-1"), basis="alphabet")
    _assert_refusal(
        info,
        "basis",
        "R-AL-1",
        "alphabet",
        "must be one of 'skills', 'locality', 'assessment-clinic'",
    )


def _positions(count: int) -> dict[int, str]:
    """Explanations' position prefixes for ``count`` practitioners with equal standing."""
    team = Team(
        practitioners=[Practitioner(name=f"P{i:03d}", contracted_hours=15) for i in range(count)]
    )
    ranked = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    return {s.position: s.explanation.split(":")[0] for s in ranked}


def test_positions_are_english_ordinals_R_AL_1() -> None:
    """R-AL-1: the ranking is read out at the allocation meeting: 1st, 2nd, 3rd, 11th, 21st..."""
    shown = _positions(124)
    expected = {
        1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 9: "9th", 10: "10th", 11: "11th",
        12: "12th", 13: "13th", 14: "14th", 19: "19th", 20: "20th", 21: "21st", 22: "22nd",
        23: "23rd", 24: "24th", 30: "30th", 31: "31st", 99: "99th", 100: "100th",
        101: "101st", 102: "102nd", 103: "103rd", 104: "104th", 110: "110th", 111: "111th",
        112: "112th", 113: "113th", 120: "120th", 121: "121st", 122: "122nd", 123: "123rd",
    }  # fmt: skip
    assert {n: shown[n] for n in expected} == expected


def test_equal_practitioners_are_ranked_by_name_R_AL_1() -> None:
    """R-AL-1: with nothing else to tell them apart, the order is by name."""
    team = Team(
        practitioners=[Practitioner(name=n, contracted_hours=15) for n in ("Cy", "Al", "Bo")]
    )
    ranked = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    assert [(s.position, s.practitioner) for s in ranked] == [(1, "Al"), (2, "Bo"), (3, "Cy")]


# Four practitioners who differ in one thing each, worked by hand (15 h: 8 families):
# Sk: skilled, not local, 8 places; Lo: local, not skilled, 8 places;
# Bi: skilled and local, 1 place (caseload 7); Hx: neither, 20 places (37.5 h).
_SK = Practitioner(name="Sk", contracted_hours=15, skills={"perinatal"})
_LO = Practitioner(name="Lo", contracted_hours=15, localities={"north"})
_BI = Practitioner(
    name="Bi", contracted_hours=15, caseload=7, skills={"perinatal"}, localities={"north"}
)
_HX = Practitioner(name="Hx", contracted_hours=37.5)
_FULL = Practitioner(
    name="Aa", contracted_hours=15, caseload=8, skills={"perinatal"}, localities={"north"}
)
_NEEDS = FamilyNeeds(referral_id="R-1", skills={"perinatal"}, locality="north")


@pytest.mark.parametrize(
    ("basis", "order"),
    [
        # skills first (Bi, Sk), then locality (Bi before Sk); then locality (Lo), then Hx
        ("skills", ["Bi", "Sk", "Lo", "Hx", "Aa"]),
        # locality first (Bi, Lo), then skills (Bi before Lo); then skills (Sk), then Hx
        ("locality", ["Bi", "Lo", "Sk", "Hx", "Aa"]),
        # headroom first: Hx 20; then 8 each for Sk and Lo, skills deciding; Bi 1
        ("assessment-clinic", ["Hx", "Sk", "Lo", "Bi", "Aa"]),
    ],
    ids=["skills", "locality", "assessment-clinic"],
)
def test_each_basis_ranks_by_its_own_order_with_the_full_last_R_AL_1(
    basis: str, order: list[str]
) -> None:
    """R-AL-1: skills, locality or headroom leads; anyone without room comes last."""
    team = Team(practitioners=[_FULL, _HX, _LO, _SK, _BI])
    ranked = suggest_allocation(team, _NEEDS, basis=basis)
    assert [s.practitioner for s in ranked] == order
    assert [s.position for s in ranked] == [1, 2, 3, 4, 5]


def test_headroom_breaks_ties_of_skills_and_locality_R_AL_1() -> None:
    """R-AL-1: equally suited, the one with more room leads (8 places before 2)."""
    roomy = Practitioner(name="Zed", contracted_hours=15, skills={"perinatal"})
    busy = Practitioner(name="Abe", contracted_hours=15, caseload=6, skills={"perinatal"})
    for basis in ("skills", "locality"):
        ranked = suggest_allocation(Team(practitioners=[busy, roomy]), _NEEDS, basis=basis)
        assert [s.practitioner for s in ranked] == ["Zed", "Abe"]


def test_locality_breaks_ties_of_headroom_at_an_assessment_clinic_R_AL_1() -> None:
    """R-AL-1: at a clinic, equal room and skills, covering the area leads."""
    local = Practitioner(name="Zed", contracted_hours=15, localities={"north"})
    away = Practitioner(name="Abe", contracted_hours=15)
    ranked = suggest_allocation(
        Team(practitioners=[away, local]), _NEEDS, basis="assessment-clinic"
    )
    assert [s.practitioner for s in ranked] == ["Zed", "Abe"]


def test_explanations_say_only_what_applies_R_AL_1() -> None:
    """R-AL-1: no skills part without needs, no locality part without an area."""
    team = Team(
        practitioners=[
            Practitioner(name="Ann", contracted_hours=15, skills={"fathers", "perinatal"}),
            Practitioner(name="Bea", contracted_hours=1.875),  # 1 family
            Practitioner(name="Cal", contracted_hours=5.625),  # 3 families
        ]
    )
    plain = {s.practitioner: s for s in suggest_allocation(team, FamilyNeeds(referral_id="R-1"))}
    assert plain["Ann"].explanation == "1st: Ann - room for 8 more families"
    assert plain["Cal"].explanation == "2nd: Cal - room for 3 more families"
    assert plain["Bea"].explanation == "3rd: Bea - room for 1 more family"
    assert plain["Ann"].locality_match is None
    assert plain["Ann"].skills_matched == ()
    assert plain["Ann"].skills_missing == ()
    needs = FamilyNeeds(referral_id="R-1", skills={"perinatal", "fathers"})
    ann = suggest_allocation(team, needs)[0]
    assert ann.explanation == "1st: Ann - skills: fathers, perinatal; room for 8 more families"
    assert ann.skills_matched == ("fathers", "perinatal")
    assert ann.skills_missing == ()


def test_explanations_round_room_down_to_whole_families_R_AL_1() -> None:
    """R-AL-1, R-CL-1: 10 h hold 16/3 families; holding 3 leaves 2 1/3, said as 2 more."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=10, caseload=3)])
    (s,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    assert s.headroom == Fraction(7, 3)
    assert s.explanation == "1st: Ann - room for 2 more families"
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=10, caseload=4)])
    (s,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    assert s.explanation == "1st: Ann - room for 1 more family"  # 4/3 left


def test_suggestions_use_the_teams_own_capacity_policy_R_CL_1() -> None:
    """R-CL-1: fortnightly sessions double the families held: 15 h hold 16, not 8."""
    team = Team(
        capacity=CapacityPolicy(sessions_per_family_per_week=0.5),
        practitioners=[Practitioner(name="Ann", contracted_hours=15, caseload=8)],
    )
    (s,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))
    assert s.headroom == 8
    assert s.has_room is True
    assert s.explanation == "1st: Ann - room for 8 more families"


def test_explanations_list_every_skill_matched_and_missing_and_the_area_R_AL_1() -> None:
    """R-AL-1: the meeting hears which needs are met, which are not, and who covers the area."""
    team = Team(
        practitioners=[
            Practitioner(
                name="Ann", contracted_hours=15, skills={"perinatal"}, localities={"north"}
            ),
            Practitioner(name="Bea", contracted_hours=15, localities={"south"}),
        ]
    )
    needs = FamilyNeeds(
        referral_id="R-1", skills={"perinatal", "fathers", "neonatal"}, locality="north"
    )
    ann, bea = suggest_allocation(team, needs)
    assert ann.explanation == (
        "1st: Ann - skills: perinatal; not skilled in fathers, neonatal; covers north; "
        "room for 8 more families"
    )
    assert (ann.skills_matched, ann.skills_missing, ann.locality_match) == (
        ("perinatal",),
        ("fathers", "neonatal"),
        True,
    )
    assert bea.explanation == (
        "2nd: Bea - no matching skills (needs fathers, neonatal, perinatal); "
        "does not cover north; room for 8 more families"
    )
    assert bea.locality_match is False


def test_a_capacity_a_hair_over_a_whole_number_is_shown_whole_R_CL_1() -> None:
    """R-CL-1: 11.251 h hold 6.0005 families, shown to two places as 6, not "6." or "6.00"."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=11.251, caseload=6)])
    with pytest.raises(CapacityExceeded) as info:
        allocate(team, "Ann", FamilyNeeds(referral_id="R-1"))
    assert "(holds 6 of 6)" in str(info.value)


def test_an_override_is_kept_on_the_allocation_record_R_CL_1() -> None:
    """R-CL-1: allocating beyond capacity records the reason given."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=3.75, caseload=2)])
    reason = "sibling already seen by Ann; lead agreed"
    team, record = allocate(team, "Ann", FamilyNeeds(referral_id="R-1"), override=reason)
    assert record.override == reason
    assert (record.caseload_before, record.caseload_after, record.families_at_once) == (2, 3, 2)
    assert record.over_capacity is True


# --------------------------------------------------------------------------- capacity settings

_ACTIVITIES = (
    "'business-meeting', 'clinical-meeting', 'supervision', 'peer-group', 'journal-club', "
    "'training-attended', 'group-work', 'consultation', 'training-delivered', 'strategy', "
    "'conference', 'management', 'other-duty'"
)


@pytest.mark.parametrize(
    ("make", "field", "rule", "value", "requirement"),
    [
        (
            lambda: Commitment(activity="nap", hours_per_week=1),
            "activity", "R-TM-1", "nap", f"must be one of {_ACTIVITIES}",
        ),
        (
            lambda: Commitment(activity="strategy", hours_per_week=-1),
            "hours_per_week", "R-TM-1", -1, "must be between 0 and 168",
        ),
        (
            lambda: Commitment(activity="strategy", hours_per_week=169),
            "hours_per_week", "R-TM-1", 169, "must be between 0 and 168",
        ),
        (
            lambda: Commitment(activity="strategy", hours_per_week="x"),
            "hours_per_week", "R-TM-1", "x", "must be a finite number",
        ),
        (
            lambda: Commitment(activity="supervision", hours_per_week=1, beyond_routine="yes"),
            "beyond_routine", "R-TM-1", "yes", "must be True or False",
        ),
        (
            lambda: Commitment(activity="strategy", hours_per_week=1, note=5),
            "note", "R-CL-3", 5, "must be text",
        ),
        (
            lambda: GroupWork(intervention=" ", sessions_per_week=1),
            "intervention", "R-CL-2", " ", "must be non-empty text",
        ),
        (
            lambda: GroupWork(intervention="baby-massage", sessions_per_week=-1),
            "sessions_per_week", "R-CL-2", -1, "must be between 0 and 168",
        ),
        (
            lambda: GroupWork(intervention="baby-massage", sessions_per_week=169),
            "sessions_per_week", "R-CL-2", 169, "must be between 0 and 168",
        ),
        (
            lambda: GroupWork(intervention="baby-massage", sessions_per_week=1, duration_hours=25),
            "duration_hours", "R-CL-2", 25, "must be between 0 and 24",
        ),
        (
            lambda: GroupWork(intervention="baby-massage", sessions_per_week=1, duration_hours=-1),
            "duration_hours", "R-CL-2", -1, "must be between 0 and 24",
        ),
    ],
    ids=[
        "unknown-activity", "negative-hours", "hours-over-a-week", "hours-not-a-number",
        "beyond-routine-not-bool", "note-not-text", "blank-intervention",
        "negative-group-sessions", "group-sessions-over-168", "group-over-a-day",
        "negative-group-length",
    ],
)  # fmt: skip
def test_bad_commitments_and_groups_are_refused_in_full_R_TM_1_R_CL_2(
    make: Any, field: str, rule: str, value: object, requirement: str
) -> None:
    """R-TM-1, R-CL-2, R-CL-3: each part of a commitment or group is checked under its name."""
    with pytest.raises(InvalidPolicy) as info:
        make()
    _assert_refusal(info, field, rule, value, requirement)


def test_commitment_and_group_limits_are_accepted_R_TM_1_R_CL_2() -> None:
    """R-TM-1, R-CL-2: 0 and 168 hours a week, and a 24-hour or 0-hour session, are allowed."""
    assert Commitment(activity="strategy", hours_per_week=0).hours_taken_out == 0
    assert Commitment(activity="strategy", hours_per_week=168).hours_taken_out == 168
    assert GroupWork(intervention="g", sessions_per_week=0).sessions_per_week == 0
    assert GroupWork(intervention="g", sessions_per_week=168).sessions_per_week == 168
    assert GroupWork(intervention="g", sessions_per_week=1, duration_hours=24).duration_hours == 24
    assert GroupWork(intervention="g", sessions_per_week=1, duration_hours=0).duration_hours == 0


@pytest.mark.parametrize(
    ("fields", "field", "rule", "value", "requirement"),
    [
        ({"name": ""}, "name", "R-AL-1", "", "must be non-empty text"),
        ({"role": " "}, "role", "R-CL-6", " ", "must be non-empty text"),
        ({"contracted_hours": 169}, "contracted_hours", "R-CL-1", 169, "must be between 0 and 168"),
        ({"contracted_hours": -1}, "contracted_hours", "R-CL-1", -1, "must be between 0 and 168"),
        ({"working_days": "Mon"}, "working_days", "R-CL-1", "Mon", "must hold weekday numbers"),
        ({"working_days": 5}, "working_days", "R-CL-1", 5, "must hold weekday numbers"),
        ({"working_days": b"\x00"}, "working_days", "R-CL-1", b"\x00", "must hold weekday numbers"),
        ({"working_days": [0, 7]}, "working_days", "R-CL-1", 7,
         "must hold weekday numbers 0 (Monday) to 6"),
        ({"working_days": [-1]}, "working_days", "R-CL-1", -1,
         "must hold weekday numbers 0 (Monday) to 6"),
        ({"working_days": [True]}, "working_days", "R-CL-1", True,
         "must hold weekday numbers 0 (Monday) to 6"),
        ({"working_days": [1.0]}, "working_days", "R-CL-1", 1.0,
         "must hold weekday numbers 0 (Monday) to 6"),
        ({"working_days": []}, "working_days", "R-CL-1", (), "must name at least one day"),
        ({"commitments": [5]}, "commitments", "R-TM-1", 5, "must hold Commitment values"),
        ({"groups": ["g"]}, "groups", "R-CL-2", "g", "must hold GroupWork values"),
        ({"group_experience": 5}, "group_experience", "R-CL-2", 5, "must hold text labels"),
        ({"group_experience": [""]}, "group_experience", "R-CL-2", "",
         "must hold non-empty text labels"),
        ({"skills": [3]}, "skills", "R-AL-1", 3, "must hold non-empty text labels"),
        ({"skills": 3}, "skills", "R-AL-1", 3, "must hold text labels"),
        ({"localities": [" "]}, "localities", "R-AL-1", " ", "must hold non-empty text labels"),
        ({"localities": 3}, "localities", "R-AL-1", 3, "must hold text labels"),
        ({"annual_leave_days": 367}, "annual_leave_days", "R-CL-1", 367,
         "must be between 0 and 366"),
        ({"annual_leave_days": -1}, "annual_leave_days", "R-CL-1", -1,
         "must be between 0 and 366"),
        ({"leave": "2027-06-07"}, "leave", "R-CL-1", "2027-06-07", "must hold dates"),
        ({"leave": 5}, "leave", "R-CL-1", 5, "must hold dates"),
        ({"leave": ["2027-06-07"]}, "leave", "R-CL-1", "2027-06-07", "must hold dates"),
        ({"leave": [dt.datetime(2027, 6, 7, 9)]}, "leave", "R-CL-1",
         dt.datetime(2027, 6, 7, 9), "must hold dates"),
        ({"caseload": -1}, "caseload", "R-CL-1", -1, "must be a whole number, at least 0"),
        ({"caseload": True}, "caseload", "R-CL-1", True, "must be a whole number, at least 0"),
        ({"caseload": 1.5}, "caseload", "R-CL-1", 1.5, "must be a whole number, at least 0"),
        (
            {"contracted_hours": 10,
             "commitments": [Commitment(activity="supervision", hours_per_week=6),
                             Commitment(activity="management", hours_per_week=5)]},
            "commitments", "R-CL-1", Fraction(11),
            "must take no more than contracted_hours (10)",
        ),
    ],
    ids=[
        "blank-name", "blank-role", "hours-over-a-week", "negative-hours", "days-as-text",
        "days-not-a-collection", "days-as-bytes", "day-seven", "day-minus-one", "day-as-bool",
        "day-as-float", "no-days", "commitment-not-a-commitment", "group-not-a-group",
        "experience-not-a-collection", "blank-experience", "skill-not-text",
        "skills-not-a-collection", "blank-locality", "localities-not-a-collection",
        "leave-over-a-year", "negative-leave", "leave-as-text", "leave-not-a-collection",
        "leave-day-as-text", "leave-day-as-datetime", "negative-caseload", "caseload-as-bool",
        "caseload-as-float", "commitments-over-contract",
    ],
)  # fmt: skip
def test_bad_practitioners_are_refused_in_full_R_CL_1(
    fields: dict[str, Any], field: str, rule: str, value: object, requirement: str
) -> None:
    """R-CL-1, R-TM-1, R-CL-2, R-AL-1: each setting is checked under its own name and rule."""
    base: dict[str, Any] = {"name": "Ann", "contracted_hours": 37.5}
    with pytest.raises(InvalidPolicy) as info:
        Practitioner(**{**base, **fields})
    _assert_refusal(info, field, rule, value, requirement)


def test_practitioner_limits_are_accepted_and_days_tidied_R_CL_1() -> None:
    """R-CL-1: 0 and 168 hours, weekdays 0 to 6 (sorted, once each), 0 to 366 leave days."""
    p = Practitioner(name="Ann", contracted_hours=168, working_days=[6, 0, 6], caseload=0)
    assert p.working_days == (0, 6)
    assert Practitioner(name="Ann", contracted_hours=0).contracted_hours == 0
    assert (
        Practitioner(name="Ann", contracted_hours=10, annual_leave_days=366).annual_leave_days
        == 366
    )
    assert (
        Practitioner(name="Ann", contracted_hours=10, annual_leave_days=0).annual_leave_days == 0
    )
    assert Practitioner(name="Ann", contracted_hours=10, leave=[D(2027, 6, 7)]).leave == frozenset(
        {D(2027, 6, 7)}
    )
    # commitments may take up the whole contract, routine ones included
    full = Practitioner(
        name="Ann",
        contracted_hours=10,
        commitments=[Commitment(activity="supervision", hours_per_week=10)],
    )
    assert practitioner_capacity(full).family_sessions == Fraction(16, 3)  # routine: nothing out
    single = Practitioner(name="Ann", contracted_hours=10, skills="perinatal", localities="north")
    assert (single.skills, single.localities) == (frozenset({"perinatal"}), frozenset({"north"}))
    assert single.experienced_in("baby-massage") is False
    assert Practitioner(
        name="Ann", contracted_hours=10, group_experience="baby-massage"
    ).experienced_in("baby-massage")


@pytest.mark.parametrize(
    ("fields", "field", "rule", "value", "requirement"),
    [
        ({"day_hours": 0}, "day_hours", "R-CL-1", 0, "must be more than 0 and at most 24"),
        ({"day_hours": 25}, "day_hours", "R-CL-1", 25, "must be more than 0 and at most 24"),
        ({"families_per_day": 25}, "families_per_day", "R-CL-1", 25, "must be between 0 and 24"),
        ({"families_per_day": -1}, "families_per_day", "R-CL-1", -1, "must be between 0 and 24"),
        ({"full_time_hours": 0}, "full_time_hours", "R-CL-1", 0,
         "must be more than 0 and at most 168"),
        ({"full_time_hours": 169}, "full_time_hours", "R-CL-1", 169,
         "must be more than 0 and at most 168"),
        ({"annual_leave_days": 367}, "annual_leave_days", "R-CL-1", 367,
         "must be between 0 and 366"),
        ({"sessions_per_family_per_week": 0}, "sessions_per_family_per_week", "R-CL-1", 0,
         "must be more than 0 and at most 168"),
        ({"group_preparation_hours": 25}, "group_preparation_hours", "R-CL-2", 25,
         "must be between 0 and 24"),
        ({"group_preparation_hours": -1}, "group_preparation_hours", "R-CL-2", -1,
         "must be between 0 and 24"),
        ({"group_follow_up_hours": 25}, "group_follow_up_hours", "R-CL-2", 25,
         "must be between 0 and 24"),
        ({"group_follow_up_hours": -1}, "group_follow_up_hours", "R-CL-2", -1,
         "must be between 0 and 24"),
        ({"new_facilitator_multiplier": 25}, "new_facilitator_multiplier", "R-CL-2", 25,
         "must be between 0 and 24"),
        ({"new_facilitator_multiplier": 0.5}, "new_facilitator_multiplier", "R-CL-2",
         Fraction(1, 2), "must be at least 1"),
        ({"day_hours": float("nan")}, "day_hours", "R-CL-1", "nan", "must be a finite number"),
        ({"day_hours": float("inf")}, "day_hours", "R-CL-1", float("inf"),
         "must be a finite number"),
        ({"day_hours": "1/0"}, "day_hours", "R-CL-1", "1/0", "must be a finite number"),
        ({"day_hours": None}, "day_hours", "R-CL-1", None, "must be a finite number"),
        ({"day_hours": False}, "day_hours", "R-CL-1", False, "must be a number"),
    ],
    ids=[
        "day-of-no-hours", "day-over-24", "families-over-24", "negative-families",
        "no-full-time-hours", "full-time-over-a-week", "leave-over-a-year",
        "families-never-seen", "preparation-over-a-day", "negative-preparation",
        "follow-up-over-a-day", "negative-follow-up", "multiplier-over-24",
        "multiplier-below-one", "nan", "infinity", "division-by-zero", "none", "bool",
    ],
)  # fmt: skip
def test_bad_capacity_policies_are_refused_in_full_R_CL_1_R_CL_2(
    fields: dict[str, Any], field: str, rule: str, value: object, requirement: str
) -> None:
    """R-CL-1, R-CL-2: each capacity assumption is range-checked under its own name."""
    with pytest.raises(InvalidPolicy) as info:
        CapacityPolicy(**fields)
    err = info.value
    if value == "nan":  # nan is not equal to itself: check it is the nan given
        value = fields[field]
        assert err.value is value
        assert (err.field, err.rule) == (field, rule)
        assert str(err) == f"{field} {requirement} ({rule}), got nan"
        return
    _assert_refusal(info, field, rule, value, requirement)


def test_capacity_policy_limits_are_accepted_R_CL_1_R_CL_2() -> None:
    """R-CL-1, R-CL-2: the upper and lower limits themselves are allowed."""
    top = CapacityPolicy(
        day_hours=24,
        families_per_day=24,
        full_time_hours=168,
        annual_leave_days=366,
        sessions_per_family_per_week=168,
        group_preparation_hours=24,
        group_follow_up_hours=24,
        new_facilitator_multiplier=24,
    )
    assert (top.day_hours, top.families_per_day, top.full_time_hours) == (24, 24, 168)
    assert (top.annual_leave_days, top.sessions_per_family_per_week) == (366, 168)
    assert (top.group_preparation_hours, top.group_follow_up_hours) == (24, 24)
    assert top.new_facilitator_multiplier == 24
    low = CapacityPolicy(
        families_per_day=0,
        annual_leave_days=0,
        group_preparation_hours=0,
        group_follow_up_hours=0,
        new_facilitator_multiplier=1,
    )
    assert (low.families_per_day, low.annual_leave_days, low.new_facilitator_multiplier) == (
        0,
        0,
        1,
    )


def test_capacity_policy_defaults_are_the_rules_figures_R_CL_1_R_CL_2() -> None:
    """R-CL-1: 4 families in 7.5 h, seen weekly; R-CL-2: 1 h either side, doubled when new.

    Full time is 37.5 h a week; the leave default is the NHS Agenda for Change 27 days.
    """
    p = CapacityPolicy()
    assert (p.day_hours, p.families_per_day, p.sessions_per_family_per_week) == (
        Fraction(15, 2),
        4,
        1,
    )
    assert (p.full_time_hours, p.annual_leave_days) == (Fraction(75, 2), 27)
    assert (p.group_preparation_hours, p.group_follow_up_hours) == (1, 1)
    assert p.new_facilitator_multiplier == 2


@pytest.mark.parametrize(
    ("make", "value", "requirement", "rule"),
    [
        (lambda: Team(practitioners=5), 5, "must hold Practitioner values", "R-CL-1"),
        (lambda: Team(practitioners="Ann"), "Ann", "must hold Practitioner values", "R-CL-1"),
        (lambda: Team(practitioners=["Ann"]), "Ann", "must hold Practitioner values", "R-CL-1"),
        (
            lambda: Team(
                practitioners=[
                    Practitioner(name="Ann", contracted_hours=10),
                    Practitioner(name="Ann", contracted_hours=20),
                ]
            ),
            "Ann",
            "must name each practitioner once",
            "R-AL-1",
        ),
        (lambda: Team().practitioner("Nobody"), "Nobody", "must name a member of the team",
         "R-AL-1"),
    ],
    ids=["not-a-collection", "text", "name-not-practitioner", "same-name-twice", "unknown-name"],
)  # fmt: skip
def test_bad_teams_are_refused_in_full_R_AL_1(
    make: Any, value: object, requirement: str, rule: str
) -> None:
    """R-AL-1: allocation is by name, so each practitioner is named once and looked up by name."""
    field = "practitioner" if requirement.startswith("must name a member") else "practitioners"
    with pytest.raises(InvalidPolicy) as info:
        make()
    _assert_refusal(info, field, rule, value, requirement)


def test_a_team_of_one_may_be_given_as_the_practitioner_R_CL_1() -> None:
    """One practitioner alone is a team of one."""
    ann = Practitioner(name="Ann", contracted_hours=10)
    assert Team(practitioners=ann).practitioners == (ann,)


def test_replacing_a_practitioner_keeps_their_place_and_adding_goes_last_R_AL_1() -> None:
    """R-AL-1: the team's order is stable when one member's record changes."""
    a, b, c = (Practitioner(name=n, contracted_hours=10) for n in ("A", "B", "C"))
    team = Team(practitioners=[a, b, c])
    b2 = Practitioner(name="B", contracted_hours=20)
    replaced = team.with_practitioner(b2)
    assert [(p.name, p.contracted_hours) for p in replaced.practitioners] == [
        ("A", 10),
        ("B", 20),
        ("C", 10),
    ]
    first = team.with_practitioner(Practitioner(name="A", contracted_hours=30))
    assert [(p.name, p.contracted_hours) for p in first.practitioners] == [
        ("A", 30),
        ("B", 10),
        ("C", 10),
    ]
    d = Practitioner(name="D", contracted_hours=5)
    assert [p.name for p in team.with_practitioner(d).practitioners] == ["A", "B", "C", "D"]
    assert replaced.capacity == team.capacity
    assert replaced.policy == team.policy


# --------------------------------------------------------------------------- weekly capacity


def test_groups_and_duties_beyond_the_contract_are_refused_in_full_R_CL_2() -> None:
    """R-CL-2: a new facilitator's 2-hour group costs 2 + 2 x 2 = 6 h; with 5 h of
    consultation that is 11 h, more than a 10-hour contract."""
    p = Practitioner(
        name="Ann",
        contracted_hours=10,
        commitments=[Commitment(activity="consultation", hours_per_week=5)],
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
    )
    with pytest.raises(InvalidPolicy) as info:
        practitioner_capacity(p)
    _assert_refusal(
        info,
        "groups",
        "R-CL-2",
        Fraction(11),
        "with other duties must take out no more than contracted_hours (10) for Ann",
    )


def test_groups_and_duties_filling_the_contract_leave_no_sessions_R_CL_2() -> None:
    """R-CL-2: 6 h of group plus 4 h of consultation is exactly 10 h: no family sessions."""
    p = Practitioner(
        name="Ann",
        contracted_hours=10,
        commitments=[Commitment(activity="consultation", hours_per_week=4)],
        groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)],
    )
    c = practitioner_capacity(p)
    assert c.family_sessions == 0
    assert c.hours_taken_out == 10


def test_weekly_capacity_adds_up_hours_out_by_activity_R_CL_1_R_CL_3() -> None:
    """R-CL-1, R-TM-1, R-CL-3, worked by hand for 37.5 h:

    supervision 1.5 h (routine: nothing out); consultation 2 h + 1 h (3 h out, non-clinical);
    management 2 h (out, clinical); business meeting 1 h beyond the routine (out);
    strategy 0.5 h (out, non-clinical); an experienced weekly 2-hour group (4 h out).
    Out: 3 + 2 + 1 + 0.5 + 4 = 10.5 h, leaving 27 h: 27 x 8/15 = 14.4 sessions.
    Non-clinical: 3 + 0.5 = 3.5 h.
    """
    p = Practitioner(
        name="Ann",
        contracted_hours=37.5,
        commitments=[
            Commitment(activity="supervision", hours_per_week=1.5),
            Commitment(activity="consultation", hours_per_week=2),
            Commitment(activity="management", hours_per_week=2),
            Commitment(activity="consultation", hours_per_week=1),
            Commitment(activity="business-meeting", hours_per_week=1, beyond_routine=True),
            Commitment(activity="strategy", hours_per_week=0.5),
        ],
        groups=[GroupWork(intervention="circle-of-security", sessions_per_week=1)],
        group_experience={"circle-of-security"},
        caseload=10,
    )
    c = practitioner_capacity(p)
    assert c.hours_out == (
        ("business-meeting", Fraction(1)),
        ("consultation", Fraction(3)),
        ("group-work", Fraction(4)),
        ("management", Fraction(2)),
        ("strategy", Fraction(1, 2)),
    )
    assert c.hours_taken_out == Fraction(21, 2)
    assert c.non_clinical_hours == Fraction(7, 2)
    assert c.family_sessions == Fraction(72, 5)
    assert c.families_at_once == Fraction(72, 5)
    assert (c.name, c.contracted_hours, c.caseload) == ("Ann", Fraction(75, 2), 10)
    assert c.headroom == Fraction(22, 5)
    assert c.over_capacity_by == 0


def test_weekly_capacity_follows_the_policy_given_R_CL_1() -> None:
    """R-CL-1: 8-hour days, 3 families a day, seen fortnightly: 40 h hold 15 sessions,
    which is 30 families at once."""
    policy = CapacityPolicy(day_hours=8, families_per_day=3, sessions_per_family_per_week=0.5)
    c = practitioner_capacity(Practitioner(name="Ann", contracted_hours=40, caseload=31), policy)
    assert (c.family_sessions, c.families_at_once) == (15, 30)
    assert (c.headroom, c.over_capacity_by) == (0, 1)


@pytest.mark.parametrize(
    ("experienced", "policy", "expected"),
    [
        # experienced, fortnightly 3-hour group: (3 + 1 + 1) x 1/2
        (True, CapacityPolicy(), Fraction(5, 2)),
        # new: (3 + (1 + 1) x 2) x 1/2
        (False, CapacityPolicy(), Fraction(7, 2)),
        # new, 2 h preparation, 0.5 h follow-up, multiplier 3: (3 + 2.5 x 3) x 1/2
        (
            False,
            CapacityPolicy(
                group_preparation_hours=2, group_follow_up_hours=0.5, new_facilitator_multiplier=3
            ),
            Fraction(21, 4),
        ),
        # experienced: the multiplier does not apply: (3 + 2.5) x 1/2
        (
            True,
            CapacityPolicy(
                group_preparation_hours=2, group_follow_up_hours=0.5, new_facilitator_multiplier=3
            ),
            Fraction(11, 4),
        ),
    ],
    ids=["experienced", "new", "new-custom-policy", "experienced-custom-policy"],
)
def test_group_hours_cost_preparation_and_follow_up_R_CL_2(
    experienced: bool, policy: CapacityPolicy, expected: Fraction
) -> None:
    """R-CL-2: each session costs its length plus preparation and follow-up, more when new."""
    p = Practitioner(
        name="Ann",
        contracted_hours=37.5,
        groups=[GroupWork(intervention="video", sessions_per_week=0.5, duration_hours=3)],
        group_experience={"video"} if experienced else set(),
    )
    assert group_hours_per_week(p, policy) == expected


def test_group_hours_add_up_over_groups_R_CL_2() -> None:
    """R-CL-2: an experienced weekly 2 h group (4 h) plus a new one (6 h) cost 10 h."""
    p = Practitioner(
        name="Ann",
        contracted_hours=37.5,
        groups=[
            GroupWork(intervention="a", sessions_per_week=1),
            GroupWork(intervention="b", sessions_per_week=1),
        ],
        group_experience={"a"},
    )
    assert group_hours_per_week(p, CapacityPolicy()) == 10
    assert practitioner_capacity(p).hours_out == (("group-work", Fraction(10)),)


def test_team_capacity_rows_carry_each_practitioners_figures_R_CL_1() -> None:
    """R-CL-1: 15 h hold 8 families; with 3 h of consultation out, 12 h hold 6.4; the
    second holds 9 of 6.4, so 2.6 over and no headroom."""
    team = Team(
        capacity=CapacityPolicy(),
        practitioners=[
            Practitioner(name="Ann", contracted_hours=15, caseload=5),
            Practitioner(
                name="Bea",
                contracted_hours=15,
                caseload=9,
                commitments=[Commitment(activity="consultation", hours_per_week=3)],
            ),
        ],
    )
    rows = team_capacity(team).rows()
    assert rows == [
        {
            "name": "Ann",
            "contracted_hours": Fraction(15),
            "hours_taken_out": Fraction(0),
            "non_clinical_hours": Fraction(0),
            "family_sessions": Fraction(8),
            "families_at_once": Fraction(8),
            "caseload": 5,
            "headroom": Fraction(3),
            "over_capacity_by": Fraction(0),
        },
        {
            "name": "Bea",
            "contracted_hours": Fraction(15),
            "hours_taken_out": Fraction(3),
            "non_clinical_hours": Fraction(3),
            "family_sessions": Fraction(32, 5),
            "families_at_once": Fraction(32, 5),
            "caseload": 9,
            "headroom": Fraction(0),
            "over_capacity_by": Fraction(13, 5),
        },
    ]


def test_team_capacity_uses_the_teams_policy_R_CL_1() -> None:
    """R-CL-1: with 2 families a day, 37.5 h hold 10 sessions, not 20."""
    team = Team(
        capacity=CapacityPolicy(families_per_day=2),
        practitioners=[Practitioner(name="Ann", contracted_hours=37.5)],
    )
    assert team_capacity(team).family_sessions == 10


# --------------------------------------------------------------------------- over a period


@pytest.mark.parametrize(
    "year", [1899, 2201, True, "2027", 2027.0], ids=["1899", "2201", "bool", "text", "float"]
)
def test_a_financial_year_out_of_range_is_refused_in_full_R_CL_7(year: object) -> None:
    """R-CL-7: budgets are set by financial year; the year must be a plausible whole year."""
    with pytest.raises(InvalidPolicy) as info:
        financial_year(year)  # type: ignore[arg-type]
    _assert_refusal(info, "year", "R-CL-7", year, "must be a year between 1900 and 2200")


def test_financial_years_at_the_limits_run_april_to_march_R_CL_7() -> None:
    """R-CL-7: UK public-sector financial years run 1 April to 31 March."""
    assert financial_year(1900) == (D(1900, 4, 1), D(1901, 3, 31))
    assert financial_year(2200) == (D(2200, 4, 1), D(2201, 3, 31))


# 7-11 June 2027 is an ordinary Monday-to-Friday week in England: the spring bank
# holiday is 31 May and the summer one in August.
_MON, _FRI = D(2027, 6, 7), D(2027, 6, 11)


@pytest.mark.parametrize(
    ("start", "end", "field", "value", "requirement"),
    [
        ("2027-06-07", _FRI, "start", "2027-06-07", "must be a date"),
        (_MON, dt.datetime(2027, 6, 11, 17), "end", dt.datetime(2027, 6, 11, 17),
         "must be a date"),
        (_MON, D(2027, 6, 6), "end", D(2027, 6, 6), "must not be before start (2027-06-07)"),
    ],
    ids=["start-as-text", "end-as-datetime", "end-before-start"],
)  # fmt: skip
def test_a_bad_period_is_refused_in_full_R_CL_1(
    start: Any, end: Any, field: str, value: object, requirement: str
) -> None:
    """R-CL-1: capacity over a period needs two days in order."""
    with pytest.raises(InvalidPolicy) as info:
        period_capacity(Practitioner(name="Ann", contracted_hours=37.5), start, end)
    _assert_refusal(info, field, "R-CL-1", value, requirement)


def test_a_week_of_full_time_work_takes_its_share_of_leave_R_CL_1() -> None:
    """R-CL-1: 5 working days. Leave: 27 full-time days a year, over 5/365 of a year,
    is 27/73 days; 7.5 h a day leaves (5 - 27/73) x 7.5 = 2535/73 hours, and at
    20 sessions per 37.5 h (8/15 an hour) that is 1352/73 sessions."""
    c = period_capacity(Practitioner(name="Ann", contracted_hours=37.5), _MON, _FRI)
    assert (c.name, c.start, c.end, c.working_days) == ("Ann", _MON, _FRI, 5)
    assert c.leave_days == Fraction(27, 73)
    assert c.available_hours == Fraction(2535, 73)
    assert c.family_sessions == Fraction(1352, 73)


def test_a_single_day_is_a_period_R_CL_1() -> None:
    """R-CL-1: one day: 27/365 days of leave, (1 - 27/365) x 7.5 h x 8/15 = 4 x 338/365."""
    c = period_capacity(Practitioner(name="Ann", contracted_hours=37.5), _MON, _MON)
    assert c.working_days == 1
    assert c.leave_days == Fraction(27, 365)
    assert c.family_sessions == Fraction(1352, 365)


def test_booked_leave_counts_when_more_than_the_share_R_CL_1() -> None:
    """R-CL-1: 2 days booked in the week beat the 27/73 share: 3 days x 7.5 h = 22.5 h, 12
    sessions. Leave booked on a day they do not work (Saturday) is not counted."""
    p = Practitioner(
        name="Ann", contracted_hours=37.5, leave=[D(2027, 6, 8), D(2027, 6, 9), D(2027, 6, 12)]
    )
    c = period_capacity(p, _MON, D(2027, 6, 13))
    assert (c.working_days, c.leave_days) == (5, 2)
    assert (c.available_hours, c.family_sessions) == (Fraction(45, 2), 12)


def test_leave_never_exceeds_the_days_worked_R_CL_1() -> None:
    """R-CL-1: 366 days a year over 5/365 of a year is 366/73 > 5 days: capped at 5."""
    p = Practitioner(name="Ann", contracted_hours=37.5, annual_leave_days=366)
    c = period_capacity(p, _MON, _FRI)
    assert (c.leave_days, c.available_hours, c.family_sessions) == (5, 0, 0)


def test_part_time_leave_and_days_are_pro_rata_R_CL_1() -> None:
    """R-CL-1: 22.5 h on Monday to Wednesday, 7.5 h a day. Entitlement 27 x 7.5 x 22.5/37.5
    = 121.5 h, 16.2 of their days a year; over 5/365 of a year that is 81/365 days.
    Hours: (3 - 81/365) x 7.5; sessions at 8/15 an hour: 1014/365 x 4 = 4056/365."""
    p = Practitioner(name="Ann", contracted_hours=22.5, working_days=[0, 1, 2])
    c = period_capacity(p, _MON, _FRI)
    assert (c.working_days, c.leave_days) == (3, Fraction(81, 365))
    assert c.family_sessions == Fraction(4056, 365)


def test_own_leave_entitlement_replaces_the_teams_R_CL_1() -> None:
    """R-CL-1: 33 days a year over 5/365 of a year is 33/73 days."""
    p = Practitioner(name="Ann", contracted_hours=37.5, annual_leave_days=33)
    assert period_capacity(p, _MON, _FRI).leave_days == Fraction(33, 73)


def test_period_capacity_follows_the_policy_and_calendar_given_R_CL_1() -> None:
    """R-CL-1: a closure on Wednesday leaves 4 days; with no leave and 2 families a day,
    4 x 7.5 h = 30 h at 2/7.5 sessions an hour is 8 sessions."""
    policy = CapacityPolicy(families_per_day=2, annual_leave_days=0)
    calendar = WorkingCalendar("england", closures=[D(2027, 6, 9)])
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5),
        _MON,
        _FRI,
        calendar=calendar,
        policy=policy,
    )
    assert (c.working_days, c.leave_days, c.available_hours, c.family_sessions) == (4, 0, 30, 8)


def test_period_capacity_of_no_hours_is_nothing_R_CL_1() -> None:
    """R-CL-1: no contracted hours, no leave to take and no sessions."""
    c = period_capacity(Practitioner(name="Ann", contracted_hours=0), _MON, _FRI)
    assert (c.working_days, c.leave_days, c.available_hours, c.family_sessions) == (5, 0, 0, 0)


def test_a_full_years_leave_is_the_whole_entitlement_in_a_leap_year_R_CL_1() -> None:
    """R-CL-1: 2027-28 has 366 days (29 February 2028) but is exactly one year: 27 days."""
    c = period_capacity(Practitioner(name="Ann", contracted_hours=37.5), *financial_year(2027))
    assert c.leave_days == 27
    two = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(2027, 4, 1), D(2029, 3, 31)
    )
    assert two.leave_days == 54


def test_a_year_and_a_bit_counts_the_rest_in_365ths_R_CL_1() -> None:
    """R-CL-1: 1 April 2027 to 12 June 2028 is one year plus 73 days (1 April to
    12 June 2028), so 27 x (1 + 73/365) = 27 x 6/5 = 162/5 days."""
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(2027, 4, 1), D(2028, 6, 12)
    )
    assert c.leave_days == Fraction(162, 5)


def test_a_year_from_29_february_ends_on_28_february_R_CL_1() -> None:
    """R-CL-1: from 29 Feb 2028, the anniversary in 2029 is taken as 1 March, so the
    year to 28 Feb 2029 is exactly one: 27 days of leave."""
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(2028, 2, 29), D(2029, 2, 28)
    )
    assert c.leave_days == 27


def test_annual_capacity_uses_the_teams_calendar_and_policy_R_CL_1() -> None:
    """R-CL-1, R-CL-7: the team's closures and capacity policy apply to its financial year.

    Halving the families a day halves the sessions; each closure on a working day
    takes one day off.
    """
    ann = Practitioner(name="Ann", contracted_hours=37.5)
    plain = annual_capacity(Team(practitioners=[ann]), 2027)[0]
    policy = TeamPolicy(closures=[D(2027, 12, 29), D(2027, 12, 30)])
    halved = annual_capacity(
        Team(policy=policy, capacity=CapacityPolicy(families_per_day=2), practitioners=[ann]), 2027
    )[0]
    assert (plain.start, plain.end) == (D(2027, 4, 1), D(2028, 3, 31))
    assert halved.working_days == plain.working_days - 2
    expected = (halved.working_days - 27) * Fraction(15, 2) * Fraction(2) / Fraction(15, 2)
    assert halved.family_sessions == expected


# --------------------------------------------------------------------------- maturity (R-CL-5)


@pytest.mark.parametrize(
    ("fields", "field", "value", "requirement"),
    [
        ({"started": "2026-04-01"}, "started", "2026-04-01", "must be a date"),
        ({"start_share": 1.5}, "start_share", 1.5, "must be between 0 and 1"),
        ({"start_share": -0.1}, "start_share", -0.1, "must be between 0 and 1"),
        ({"start_share": "half"}, "start_share", "half", "must be a finite number"),
        ({"years_to_full": 0}, "years_to_full", 0, "must be a whole number from 1 to 10"),
        ({"years_to_full": 11}, "years_to_full", 11, "must be a whole number from 1 to 10"),
        ({"years_to_full": True}, "years_to_full", True, "must be a whole number from 1 to 10"),
        ({"years_to_full": 2.5}, "years_to_full", 2.5, "must be a whole number from 1 to 10"),
    ],
    ids=["start-as-text", "share-over-one", "negative-share", "share-as-text", "no-years",
         "eleven-years", "years-as-bool", "years-as-float"],
)  # fmt: skip
def test_a_bad_maturity_ramp_is_refused_in_full_R_CL_5(
    fields: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-CL-5: a ramp needs a start day, a share of full output and a number of years."""
    with pytest.raises(InvalidPolicy) as info:
        MaturityRamp(**{"started": D(2026, 4, 1), **fields})
    _assert_refusal(info, field, "R-CL-5", value, requirement)


def test_maturity_ramp_limits_and_defaults_R_CL_5() -> None:
    """R-CL-5: three years to full stride by default, from half of it; shares 0 and 1 and
    1 to 10 years are allowed."""
    ramp = MaturityRamp(started=D(2026, 4, 1))
    assert (ramp.start_share, ramp.years_to_full) == (Fraction(1, 2), 3)
    # one year in: a third of the way from 1/2 to 1
    assert ramp.share_on(D(2027, 4, 1)) == Fraction(2, 3)
    # from nothing over one year: 73 days in is 73/365 = 1/5
    quick = MaturityRamp(started=D(2026, 4, 1), start_share=0, years_to_full=1)
    assert quick.share_on(D(2026, 6, 13)) == Fraction(1, 5)
    assert quick.share_on(D(2027, 4, 1)) == 1
    assert quick.share_on(D(2027, 4, 2)) == 1
    slow = MaturityRamp(started=D(2026, 4, 1), start_share=1, years_to_full=10)
    assert slow.share_on(D(2026, 4, 1)) == 1
    assert slow.share_on(D(2026, 3, 31)) == 0


def test_scaling_to_maturity_R_CL_5() -> None:
    """R-CL-5: 120 families at full stride, a year into a 3-year ramp from 1/2: 120 x 2/3."""
    ramp = MaturityRamp(started=D(2026, 4, 1))
    assert ramp.scale(120, D(2027, 4, 1)) == 80
    assert ramp.scale("120", D(2026, 4, 1)) == 60
    with pytest.raises(InvalidPolicy) as info:
        ramp.scale("many", D(2027, 4, 1))
    _assert_refusal(info, "full_output", "R-CL-5", "many", "must be a finite number")


def test_the_day_asked_about_must_be_a_date_naming_the_argument_R_CL_5_R_CL_7() -> None:
    """R-CL-5, R-CL-7: a bad day is refused under the argument's own name."""
    with pytest.raises(InvalidPolicy) as info:
        MaturityRamp(started=D(2026, 4, 1)).share_on(dt.datetime(2027, 4, 1, 9))
    _assert_refusal(info, "day", "R-CL-5", dt.datetime(2027, 4, 1, 9), "must be a date")
    with pytest.raises(InvalidPolicy) as info:
        funding_calendar(2027).next_milestone("2026-07-01")  # type: ignore[arg-type]
    _assert_refusal(info, "today", "R-CL-7", "2026-07-01", "must be a date")


# --------------------------------------------------------------------------- funding (R-CL-7)


def test_the_funding_calendar_dates_and_milestones_R_CL_7() -> None:
    """R-CL-7: for 2027-28, proposals over the summer of 2026 (June to August), budgets
    drawn up in September and October 2026, the year itself 1 April 2027 to 31 March 2028."""
    cal = funding_calendar(2027)
    assert cal.financial_year == 2027
    assert (cal.year_start, cal.year_end) == (D(2027, 4, 1), D(2028, 3, 31))
    assert (cal.proposals_from, cal.proposals_by) == (D(2026, 6, 1), D(2026, 8, 31))
    assert (cal.budget_setting_from, cal.budget_setting_to) == (D(2026, 9, 1), D(2026, 10, 31))
    assert cal.milestones() == (
        (D(2026, 6, 1), "write proposals for 2027-28 over the summer"),
        (D(2026, 9, 1), "budgets for 2027-28 drawn up (September and October)"),
        (D(2026, 10, 31), "budget setting for 2027-28 ends"),
        (D(2027, 4, 1), "financial year 2027-28 starts"),
        (D(2028, 3, 31), "financial year 2027-28 ends"),
    )
    assert funding_calendar(2009).label == "2009-10"


def test_the_next_milestone_counts_the_day_itself_R_CL_7() -> None:
    """R-CL-7: on 1 September the budget round starting that day is next; after 31 March
    nothing is left."""
    cal = funding_calendar(2027)
    assert cal.next_milestone(D(2026, 9, 1)) == (
        D(2026, 9, 1),
        "budgets for 2027-28 drawn up (September and October)",
    )
    assert cal.next_milestone(D(2028, 3, 31)) == (D(2028, 3, 31), "financial year 2027-28 ends")
    assert cal.next_milestone(D(2028, 4, 1)) is None


def test_a_funding_calendar_for_a_bad_year_is_refused_R_CL_7() -> None:
    """R-CL-7: the year goes through the financial-year check."""
    with pytest.raises(InvalidPolicy) as info:
        funding_calendar(1899)
    _assert_refusal(info, "year", "R-CL-7", 1899, "must be a year between 1900 and 2200")


# --------------------------------------------------------------------------- growth (R-CL-6)


@pytest.mark.parametrize(
    ("fields", "field", "value", "requirement"),
    [
        ({"referrals_per_week": 0}, "referrals_per_week", 0, "must be more than 0"),
        ({"referrals_per_week": "2"}, "referrals_per_week", "2", "must be a finite number"),
        ({"mean_episode_weeks": 0}, "mean_episode_weeks", 0, "must be more than 0"),
        ({"mean_episode_weeks": None}, "mean_episode_weeks", None, "must be a finite number"),
        ({"acceptance_rate": 1.5}, "acceptance_rate", 1.5, "must be at most 1"),
        ({"acceptance_rate": 0}, "acceptance_rate", 0, "must be more than 0"),
        ({"acceptance_rate": "all"}, "acceptance_rate", "all", "must be a finite number"),
        ({"episode_cv": "low"}, "episode_cv", "low", "must be a number or None"),
        ({"episode_cv": True}, "episode_cv", True, "must be a number or None"),
        ({"episode_cv": -0.1}, "episode_cv", -0.1, "must be at least 0"),
        ({"episode_cv": float("inf")}, "episode_cv", float("inf"), "must be at least 0"),
    ],
    ids=["no-referrals", "referrals-as-text", "no-episode", "episode-none",
         "acceptance-over-one", "no-acceptance", "acceptance-as-text", "cv-as-text",
         "cv-as-bool", "negative-cv", "infinite-cv"],
)  # fmt: skip
def test_bad_demand_is_refused_in_full_R_CL_6(
    fields: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-CL-6: growth is planned from the demand; each figure is checked under its name."""
    base: dict[str, Any] = {"referrals_per_week": 2, "mean_episode_weeks": 16}
    with pytest.raises(InvalidForecast) as info:
        Demand(**{**base, **fields})
    _assert_refusal(info, field, "R-CL-6", value, requirement)


def test_demand_limits_and_defaults_R_CL_6() -> None:
    """R-CL-6: everyone accepted by default; a share of 1 and a cv of 0 are allowed."""
    d = Demand(referrals_per_week=2, mean_episode_weeks=16)
    assert (d.acceptance_rate, d.episode_cv, d.arrival_rate) == (1.0, None, 2.0)
    fixed = Demand(referrals_per_week=2, acceptance_rate=1, mean_episode_weeks=16, episode_cv=0)
    assert (fixed.acceptance_rate, fixed.episode_cv) == (1.0, 0.0)
    assert Demand(
        referrals_per_week=2, mean_episode_weeks=16, episode_cv=Fraction(3, 10)
    ).episode_cv == pytest.approx(0.3)
    assert (
        Demand(referrals_per_week=4, acceptance_rate=0.25, mean_episode_weeks=8).arrival_rate == 1
    )


def test_a_scenario_needs_a_name_R_CL_6() -> None:
    """R-CL-6: scenarios are compared side by side by name."""
    with pytest.raises(InvalidPolicy) as info:
        Scenario(name=" ", team=Team(), demand=Demand(referrals_per_week=1, mean_episode_weeks=8))
    _assert_refusal(info, "name", "R-CL-6", " ", "must be non-empty text")


@pytest.mark.parametrize(
    ("kwargs", "field", "value", "requirement"),
    [
        ({"target_wait_weeks": "8"}, "target_wait_weeks", "8", "must be a number"),
        ({"target_wait_weeks": True}, "target_wait_weeks", True, "must be a number"),
        ({"scenarios": []}, "scenarios", (), "must hold at least one scenario"),
    ],
    ids=["target-as-text", "target-as-bool", "no-scenarios"],
)
def test_bad_comparisons_are_refused_in_full_R_CL_6(
    kwargs: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-CL-6: a comparison needs a numeric target and something to compare."""
    scenario = Scenario(
        name="as is", team=Team(), demand=Demand(referrals_per_week=1, mean_episode_weeks=8)
    )
    args: dict[str, Any] = {"scenarios": [scenario], **kwargs}
    scenarios = args.pop("scenarios")
    with pytest.raises(InvalidForecast) as info:
        compare_scenarios(scenarios, **args)
    _assert_refusal(info, field, "R-CL-6", value, requirement)


def _people(count: int, hours: float) -> list[Practitioner]:
    return [Practitioner(name=f"P{i}", contracted_hours=hours) for i in range(count)]


def test_a_scenario_outcome_wires_capacity_to_the_forecast_R_CL_6() -> None:
    """R-CL-6: three 18.75 h practitioners hold 10 families each, 30 places; the wait is
    the M/M/c forecast for 30 places at 1.8 families a week over 16-week episodes; the
    places needed come from the target; the shortfall is met by 20-family full-timers."""
    demand = Demand(referrals_per_week=2, acceptance_rate=0.9, mean_episode_weeks=16)
    team = Team(practitioners=_people(3, 18.75))
    (o,) = compare_scenarios([Scenario(name="as is", team=team, demand=demand)])
    needed = servers_needed(1.8, 1 / 16, within=8, share=0.9)
    assert (o.name, o.practitioners, o.contracted_hours, o.places) == ("as is", 3, 56.25, 30)
    assert o.forecast == erlang_c_wait(1.8, 1 / 16, 30)
    assert o.places_needed == needed
    assert needed > 30  # so there is a shortfall to staff
    assert o.extra_full_time_needed == -(-(needed - 30) // 20)


def test_a_scenario_comparison_passes_on_the_target_and_the_episode_spread_R_CL_6() -> None:
    """R-CL-6: the target wait, the share and the episode cv all reach the forecast."""
    demand = Demand(
        referrals_per_week=2, acceptance_rate=0.9, mean_episode_weeks=16, episode_cv=0.3
    )
    team = Team(practitioners=_people(3, 18.75))
    (o,) = compare_scenarios(
        [Scenario(name="fixed courses", team=team, demand=demand)],
        target_wait_weeks=1,
        share=0.99,
    )
    assert o.forecast == allen_cunneen_wait(1.8, 1 / 16, 30, service_cv=0.3)
    needed = servers_needed(1.8, 1 / 16, within=1, share=0.99, service_cv=0.3)
    assert o.places_needed == needed
    # each of the three matters: the defaults, or exponential episodes, give other answers
    assert needed != servers_needed(1.8, 1 / 16, within=8, share=0.99, service_cv=0.3)
    assert needed != servers_needed(1.8, 1 / 16, within=1, share=0.9, service_cv=0.3)
    assert needed != servers_needed(1.8, 1 / 16, within=1, share=0.99)


def test_a_team_without_a_whole_place_has_no_forecast_R_CL_6() -> None:
    """R-CL-6: 1 hour holds 8/15 of a family, no whole place: no forecast, and every place
    needed is staffed from full-timers (20 places each)."""
    demand = Demand(referrals_per_week=1, mean_episode_weeks=10)
    team = Team(practitioners=_people(1, 1))
    (o,) = compare_scenarios([Scenario(name="tiny", team=team, demand=demand)])
    needed = servers_needed(1, 1 / 10, within=8, share=0.9)
    assert (o.places, o.forecast, o.places_needed) == (0, None, needed)
    assert o.extra_full_time_needed == -(-needed // 20)


def test_extra_staff_follow_the_teams_own_full_time_capacity_R_CL_6() -> None:
    """R-CL-6, R-CL-1: with 2 families a day a full-timer holds 10, not 20, so the same
    shortfall needs twice as many (rounded up); a team with enough places needs none."""
    demand = Demand(referrals_per_week=1, mean_episode_weeks=10)
    needed = servers_needed(1, 1 / 10, within=8, share=0.9)
    empty = Team(capacity=CapacityPolicy(families_per_day=2))
    (o,) = compare_scenarios([Scenario(name="new", team=empty, demand=demand)])
    assert o.extra_full_time_needed == -(-needed // 10)
    big = Team(practitioners=_people(5, 37.5))  # 100 places
    (o,) = compare_scenarios([Scenario(name="big", team=big, demand=demand)])
    assert o.places == 100
    assert o.extra_full_time_needed == 0
    nobody = Team(capacity=CapacityPolicy(families_per_day=0))
    (o,) = compare_scenarios([Scenario(name="no work", team=nobody, demand=demand)])
    assert o.extra_full_time_needed == 0  # a full-timer holds no one: none to add


# --------------------------------------------------------------------------- simulation bridge


def test_waiting_families_become_stand_in_self_referrals_R_CL_6() -> None:
    """R-CL-6: each family waiting is known only by the day received."""
    days = [D(2026, 10, 1), D(2026, 11, 2)]
    stand_ins = waiting_since(days)
    assert [(r.id, r.received) for r in stand_ins] == [
        ("waiting-1", D(2026, 10, 1)),
        ("waiting-2", D(2026, 11, 2)),
    ]
    assert [type(r.route).__name__ for r in stand_ins] == ["SelfReferral", "SelfReferral"]
    assert waiting_since([]) == ()


@pytest.mark.parametrize(
    "bad", ["2026-10-01", dt.datetime(2026, 10, 1, 9)], ids=["text", "datetime"]
)
def test_a_waiting_family_without_a_date_is_refused_in_full_R_CL_6(bad: object) -> None:
    """R-CL-6: a stand-in referral needs the day the family was received."""
    with pytest.raises(InvalidForecast) as info:
        waiting_since([D(2026, 10, 1), bad])  # type: ignore[list-item]
    _assert_refusal(info, "waiting", "R-CL-6", bad, "must hold dates received")


_TODAY = D(2026, 11, 30)
_ARRIVALS = Arrivals(weekly_rate=1)


def test_a_team_model_refuses_sessions_for_someone_not_in_the_team_R_CL_6() -> None:
    """R-CL-6: sessions remaining are given by practitioner name."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=37.5, caseload=1)])
    with pytest.raises(InvalidForecast) as info:
        team_model(team, today=_TODAY, arrivals=_ARRIVALS, sessions_remaining={"Zoe": [3]})
    _assert_refusal(
        info, "sessions_remaining", "R-CL-6", "Zoe", "must name practitioners of the team"
    )


def test_a_team_model_refuses_sessions_for_the_wrong_number_of_families_R_CL_6() -> None:
    """R-CL-6: one entry per family held: Ann holds 3, so two entries are refused."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=37.5, caseload=3)])
    with pytest.raises(InvalidForecast) as info:
        team_model(team, today=_TODAY, arrivals=_ARRIVALS, sessions_remaining={"Ann": [2, 5]})
    _assert_refusal(
        info,
        "sessions_remaining",
        "R-CL-6",
        (2, 5),
        "must list one entry per family Ann holds (3)",
    )


def test_a_team_model_spreads_families_through_the_course_R_CL_6() -> None:
    """R-CL-6: a 6-session course and 3 families: 1 + 0, 1 + 6//3, 1 + 12//3 = (1, 3, 5);
    a 5-to-6 course averages 5.5, rounded to 6; a 1-session course leaves 1 each."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=37.5, caseload=3)])
    six = team_model(team, today=_TODAY, arrivals=_ARRIVALS, episodes=Episodes(sessions=(6, 6)))
    assert six.caseloads[0].sessions_remaining == (1, 3, 5)
    mid = team_model(team, today=_TODAY, arrivals=_ARRIVALS, episodes=Episodes(sessions=(5, 6)))
    assert mid.caseloads[0].sessions_remaining == (1, 3, 5)
    one = team_model(team, today=_TODAY, arrivals=_ARRIVALS, episodes=Episodes(sessions=(1, 1)))
    assert one.caseloads[0].sessions_remaining == (1, 1, 1)
    given = team_model(
        team, today=_TODAY, arrivals=_ARRIVALS, sessions_remaining={"Ann": [9, 2, 4]}
    )
    assert given.caseloads[0].sessions_remaining == (9, 2, 4)


def test_a_team_model_places_and_leave_per_practitioner_R_CL_1_R_CL_6() -> None:
    """R-CL-1, R-CL-6, worked by hand:

    Ann 37.5 h: 20 places; leave 27 days x 7.5 h / 37.5 h = 5.4 weeks, rounded to 5.
    Bea 7.5 h holding 6: 4 places but keeps all 6; her own 27.5 days: 5.5 weeks, to 6.
    Cal 1 h: 8/15 of a place, no whole place, left out.
    Dee 37.5 h with 366 days of leave: 73.2 weeks, capped at 52.
    """
    team = Team(
        practitioners=[
            Practitioner(name="Ann", contracted_hours=37.5),
            Practitioner(name="Bea", contracted_hours=7.5, caseload=6, annual_leave_days=27.5),
            Practitioner(name="Cal", contracted_hours=1),
            Practitioner(name="Dee", contracted_hours=37.5, annual_leave_days=366),
        ]
    )
    model = team_model(team, today=_TODAY, arrivals=_ARRIVALS)
    assert [(c.places, c.leave_weeks) for c in model.caseloads] == [(20, 5), (6, 6), (20, 52)]
    assert len(model.caseloads[1].sessions_remaining) == 6


def test_a_team_model_uses_the_teams_policy_and_calendar_R_CL_6() -> None:
    """R-CL-6: 2 families a day hold 10 places in 37.5 h; 29 days of leave at the team's
    policy is 5.8 weeks, rounded to 6; the team's calendar and the inputs pass through."""
    policy = TeamPolicy(closures=[D(2026, 12, 24)])
    team = Team(
        policy=policy,
        capacity=CapacityPolicy(families_per_day=2, annual_leave_days=29),
        practitioners=[Practitioner(name="Ann", contracted_hours=37.5)],
    )
    waiting = waiting_since([D(2026, 10, 1)])
    strategy = RiskWeighted()
    model = team_model(
        team,
        today=_TODAY,
        arrivals=_ARRIVALS,
        acceptance_rate=0.8,
        waiting=waiting,
        strategy=strategy,
    )
    assert [(c.places, c.leave_weeks) for c in model.caseloads] == [(10, 6)]
    assert model.calendar == policy.calendar
    assert (model.today, model.arrivals, model.acceptance_rate) == (_TODAY, _ARRIVALS, 0.8)
    assert model.waiting == waiting
    assert model.strategy is strategy
    assert isinstance(team_model(team, today=_TODAY, arrivals=_ARRIVALS).strategy, Chronological)


def test_a_period_across_new_year_counts_its_days_not_a_calendar_year_R_CL_1() -> None:
    """R-CL-1: 7 June 2027 to 10 January 2028 is 218 days, less than a year though the
    calendar year changes (and the year from 7 June 2027 holds 29 February 2028):
    leave is 27 x 218/365 = 5886/365 days."""
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(2027, 6, 7), D(2028, 1, 10)
    )
    assert c.leave_days == Fraction(5886, 365)
    # the same 218 days from 5 June 2028, the year before which holds 29 February 2028
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(2028, 6, 5), D(2029, 1, 8)
    )
    assert c.leave_days == Fraction(5886, 365)


def test_a_period_far_ahead_is_counted_like_any_other_R_CL_1() -> None:
    """R-CL-1: 2 to 6 June 5000 is an ordinary working week, so it holds what 7 to 11 June
    2027 does: 27/73 days of leave and 1352/73 sessions."""
    c = period_capacity(
        Practitioner(name="Ann", contracted_hours=37.5), D(5000, 6, 2), D(5000, 6, 6)
    )
    assert (c.working_days, c.leave_days, c.family_sessions) == (
        5,
        Fraction(27, 73),
        Fraction(1352, 73),
    )


def test_a_single_place_gets_a_forecast_and_a_place_in_the_model_R_CL_6() -> None:
    """R-CL-6: 1.875 h hold exactly 1 family (1.875 x 8/15): one place is a team to forecast
    and a practitioner to model."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=1.875)])
    demand = Demand(referrals_per_week=0.05, mean_episode_weeks=10)
    (o,) = compare_scenarios([Scenario(name="one place", team=team, demand=demand)])
    assert o.places == 1
    assert o.forecast == erlang_c_wait(0.05, 1 / 10, 1)
    model = team_model(team, today=_TODAY, arrivals=_ARRIVALS)
    assert [c.places for c in model.caseloads] == [1]


def test_the_default_target_is_90_percent_within_8_weeks_R_CL_6() -> None:
    """R-CL-6: by default the places needed are those for 90% of families to start within
    8 weeks (2 a week, 16-week episodes: 36 places; 9 weeks would need only 35)."""
    demand = Demand(referrals_per_week=2, mean_episode_weeks=16)
    (o,) = compare_scenarios([Scenario(name="as is", team=Team(), demand=demand)])
    assert o.places_needed == servers_needed(2, 1 / 16, within=8, share=0.9)
    assert o.places_needed != servers_needed(2, 1 / 16, within=9, share=0.9)


def test_a_team_model_keeps_the_episodes_and_mix_given_R_CL_6() -> None:
    """R-CL-6: the course lengths and the family mix given are the model's."""
    team = Team(practitioners=[Practitioner(name="Ann", contracted_hours=37.5)])
    plan = Episodes(sessions=(8, 10))
    assert plan != Episodes()  # not the default, so passing it on is seen
    mix = [FamilyProfile(band="high")]
    model = team_model(team, today=_TODAY, arrivals=_ARRIVALS, episodes=plan, mix=mix)
    assert model.episodes == plan
    assert model.mix == tuple(mix)
    assert team_model(team, today=_TODAY, arrivals=_ARRIVALS).mix == ()


def test_a_stand_in_family_names_no_one_R_CL_6() -> None:
    """R-CL-6: a stand-in is a self-referral with no one's details: the parent is
    "(not recorded)"."""
    (r,) = waiting_since([D(2026, 10, 1)])
    assert [p.name for p in r.family.parents] == ["(not recorded)"]
