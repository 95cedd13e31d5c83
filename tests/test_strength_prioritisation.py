"""Prioritisation, strengthened: list equality, every refusal in full, the words people read.

Dates: today is Mon 16 Mar 2026 unless a test says otherwise. Under the
default policy (England, triage within 2 working days, R-PR-3) a referral
received on Mon 16 Mar is due for triage on Wed 18 Mar.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from parentinfant._referral import Referral, SelfReferral, TriageOutcome
from parentinfant.errors import (
    DuplicateReferral,
    InvalidPolicy,
    ReferralAfterToday,
    UnknownTriageBand,
)
from parentinfant.family import Family, Infant, Parent
from parentinfant.prioritisation import (
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
    describe_wait,
    ordinal,
)
from parentinfant.screening import DEFAULT_RISK_FACTORS
from parentinfant.team import TeamPolicy

D = dt.date
TODAY = D(2026, 3, 16)  # a Monday
FAMILY = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(D(2026, 9, 1)))


def ref(
    id: str,
    received: dt.date,
    *codes: str,
    band: str | None = None,
    triaged_on: dt.date | None = None,
) -> Referral:
    triage = (
        TriageOutcome(band=band, decided_by="Lee", decided_on=triaged_on or received)
        if band is not None
        else None
    )
    return Referral(
        id=id,
        received=received,
        route=SelfReferral(),
        family=FAMILY,
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        triage=triage,
    )


STRATEGIES = [
    pytest.param(Chronological(), id="chronological"),
    pytest.param(RiskWeighted(), id="risk-weighted"),
    pytest.param(Triage(), id="triage"),
]


# --------------------------------------------------------------------------- equality


def test_waiting_lists_of_different_strategies_are_not_equal_even_when_empty() -> None:
    """The strategy is part of the list: it says how the order was made (R-PR-4)."""
    chronological = Chronological().rank([], today=TODAY)
    risk = RiskWeighted().rank([], today=TODAY)
    assert chronological.entries == risk.entries == ()
    assert chronological != risk
    assert chronological == Chronological().rank([], today=TODAY)


def test_waiting_lists_of_different_days_are_not_equal_even_when_empty() -> None:
    """The day is part of the list: waits are counted to it (R-PR-4)."""
    assert Chronological().rank([], today=TODAY) != Chronological().rank(
        [], today=TODAY + dt.timedelta(days=1)
    )


def test_waiting_lists_differing_only_in_who_awaits_triage_are_not_equal() -> None:
    """A family waiting for triage is on the list too: lose no one (R-PR-3, R-PR-4)."""
    triaged = ref("A", D(2026, 3, 2), band="urgent")
    pending = ref("B", TODAY)  # due for triage on Wed 18 Mar: not overdue, so no note
    with_pending = Triage().rank([triaged, pending], today=TODAY)
    without = Triage().rank([triaged], today=TODAY)
    assert with_pending.entries == without.entries
    assert with_pending.notes == without.notes == ()
    assert with_pending != without
    assert with_pending == Triage().rank([pending, triaged], today=TODAY)


def test_waiting_lists_differing_only_in_their_notes_are_not_equal() -> None:
    """The ageing horizon stated in the notes is part of the list (R-PR-4).

    Both families arrive today, so ageing adds 0 and the entries read the same;
    the gap between scores 4 and 1 is 3, so the horizon is ceil(7·3/1) = 21 days
    with ageing 1 a week and ceil(7·3/2) = 11 days with ageing 2.
    """
    waiting = [ref("A", TODAY, "domestic-abuse"), ref("B", TODAY, "bereavement")]
    slow = RiskWeighted(ageing_per_week=1).rank(waiting, today=TODAY)
    fast = RiskWeighted(ageing_per_week=2).rank(waiting, today=TODAY)
    assert slow.entries == fast.entries
    assert slow.notes == (
        "ageing 1 per week: no family can be overtaken by one referred 21 or more days after "
        "it (R-PR-4)",
    )
    assert fast.notes == (
        "ageing 2 per week: no family can be overtaken by one referred 11 or more days after "
        "it (R-PR-4)",
    )
    assert slow != fast


def test_waiting_lists_differing_in_order_are_not_equal() -> None:
    """The same families in another order are another list (R-PR-4)."""
    waiting = [ref("A", D(2026, 3, 2), "bereavement"), ref("B", D(2026, 3, 9), "domestic-abuse")]
    assert Chronological().rank(waiting, today=TODAY) != RiskWeighted().rank(waiting, today=TODAY)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_referral_received_after_today_is_refused_in_full(strategy: Strategy) -> None:
    """Nobody can have waited a negative time: the latest referral is named (R-PR-4)."""
    waiting = [ref("A", D(2026, 3, 2)), ref("Z", D(2026, 3, 18)), ref("B", D(2026, 3, 17))]
    with pytest.raises(ReferralAfterToday) as info:
        strategy.rank(waiting, today=TODAY)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "received",
        "R-PR-4",
        D(2026, 3, 18),
    )
    assert str(info.value) == (
        "received must not be after today (2026-03-16) for referral 'Z' (R-PR-4), "
        "got datetime.date(2026, 3, 18)"
    )


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_referral_received_today_is_ranked(strategy: Strategy) -> None:
    """Received today is not after today (R-PR-4)."""
    ranked = strategy.rank([ref("A", TODAY, band="soon")], today=TODAY)
    assert [e.referral.id for e in ranked] == ["A"]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_duplicate_referral_is_refused_in_full(strategy: Strategy) -> None:
    """Each family appears once: duplicates are refused, naming the id (R-PR-4)."""
    waiting = [ref("A", D(2026, 3, 2)), ref("B", D(2026, 3, 3)), ref("A", D(2026, 3, 4))]
    with pytest.raises(DuplicateReferral) as info:
        strategy.rank(waiting, today=TODAY)
    assert (info.value.field, info.value.rule, info.value.value) == ("id", "R-PR-4", "A")
    assert str(info.value) == "id must appear once on the waiting list (R-PR-4), got 'A'"


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(
    "today",
    [
        pytest.param(dt.datetime(2026, 3, 16, 9), id="datetime"),
        pytest.param("2026-03-16", id="text"),
    ],
)
def test_today_must_be_a_day(strategy: Strategy, today: object) -> None:
    """Waits are counted in days to a date (R-PR-4)."""
    with pytest.raises(InvalidPolicy) as info:
        strategy.rank([], today=today)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == ("today", "R-PR-4", today)
    assert str(info.value) == f"today must be a date (R-PR-4), got {today!r}"


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_an_unknown_vocabulary_is_refused(strategy: Strategy) -> None:
    """Only the known vocabularies can word the explanations (R-IN-2)."""
    with pytest.raises(InvalidPolicy) as info:
        strategy.rank([], today=TODAY, vocabulary="enrolment")
    assert (info.value.field, info.value.rule, info.value.value) == (
        "vocabulary",
        "R-IN-2",
        "enrolment",
    )
    assert str(info.value) == (
        "vocabulary must be one of 'referral', 'registration' (R-IN-2), got 'enrolment'"
    )


@pytest.mark.parametrize(
    ("field", "value", "requirement"),
    [
        pytest.param("significant_weight", True, "must be a number", id="bool"),
        pytest.param("minor_weight", "heavy", "must be a number", id="word"),
        pytest.param("ageing_per_week", "1/0", "must be a number", id="division-by-zero"),
        pytest.param("score_cap", [4], "must be a number", id="list"),
        pytest.param("score_cap", -1, "must be at least 0", id="negative-cap"),
        pytest.param("ageing_per_week", "-1/2", "must be at least 0", id="negative-ageing"),
        pytest.param("significant_weight", -0.5, "must be at least 0", id="negative-float"),
    ],
)
def test_risk_weights_are_numbers_from_zero_refused_in_full(
    field: str, value: object, requirement: str
) -> None:
    """Weights, ageing and cap are numbers at least 0 (R-PR-2)."""
    with pytest.raises(InvalidPolicy) as info:
        RiskWeighted(**{field: value})
    assert (info.value.field, info.value.rule, info.value.value) == (field, "R-PR-2", value)
    assert str(info.value) == f"{field} {requirement} (R-PR-2), got {value!r}"


def test_weights_of_zero_are_allowed_and_floats_are_read_as_written() -> None:
    """0 is at least 0; 0.1 means one tenth exactly, not its binary float (R-PR-2)."""
    strategy = RiskWeighted(significant_weight=0, minor_weight=0.1, score_cap="3/2")
    assert (strategy.significant_weight, strategy.minor_weight, strategy.score_cap) == (
        Fraction(0),
        Fraction(1, 10),
        Fraction(3, 2),
    )


@pytest.mark.parametrize(
    ("bands", "requirement"),
    [
        pytest.param((), "must name at least one band", id="none"),
        pytest.param(("urgent", "urgent"), "must be distinct, non-empty band names", id="repeat"),
        pytest.param(("urgent", " "), "must be distinct, non-empty band names", id="blank"),
        pytest.param(("urgent", 2), "must be distinct, non-empty band names", id="number"),
    ],
)
def test_triage_bands_refused_in_full(bands: tuple[object, ...], requirement: str) -> None:
    """Bands are distinct, non-empty names, at least one (R-PR-3)."""
    with pytest.raises(InvalidPolicy) as info:
        Triage(bands=bands)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == ("bands", "R-PR-3", bands)
    assert str(info.value) == f"bands {requirement} (R-PR-3), got {bands!r}"


def test_triage_bands_as_one_string_refused_in_full() -> None:
    """A band name such as "urgent" is one band, not six one-letter bands (R-PR-3)."""
    with pytest.raises(InvalidPolicy) as info:
        Triage(bands="urgent")
    assert info.value.value == "urgent"
    assert str(info.value) == (
        "bands must be a sequence of band names, not one string (R-PR-3), got 'urgent'"
    )


def test_triage_policy_refused_in_full() -> None:
    """Triage takes its deadline and calendar from a TeamPolicy (R-PR-3)."""
    with pytest.raises(InvalidPolicy) as info:
        Triage(policy="england")  # type: ignore[arg-type]
    assert info.value.value == "england"
    assert str(info.value) == "policy must be a TeamPolicy (R-PR-3), got 'england'"


def test_an_unknown_triage_band_is_refused_in_full() -> None:
    """A band outside the team's bands cannot be placed (R-PR-3)."""
    waiting = [ref("A", D(2026, 3, 2), band="urgent"), ref("B", D(2026, 3, 3), band="amber")]
    with pytest.raises(UnknownTriageBand) as info:
        Triage(bands=["urgent", "soon"]).rank(waiting, today=TODAY)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "triage.band",
        "R-PR-3",
        "amber",
    )
    assert str(info.value) == (
        "triage.band must be one of 'urgent', 'soon' (referral 'B') (R-PR-3), got 'amber'"
    )


# --------------------------------------------------------------------------- words


def test_overdue_note_counts_in_the_plural_and_ignores_those_not_yet_due() -> None:
    """Two overdue, one not yet due: "2 referrals overdue for triage" (R-PR-3).

    Received Mon 2 and Tue 3 Mar: due Wed 4 and Thu 5 Mar, both past on Mon 16.
    Received Mon 16 Mar: due Wed 18 Mar, not overdue.
    """
    waiting = [ref("A", D(2026, 3, 2)), ref("B", D(2026, 3, 3)), ref("C", TODAY)]
    ranked = Triage().rank(waiting, today=TODAY)
    assert ranked.notes == ("2 referrals overdue for triage (R-PR-3)",)
    assert [(u.referral.id, u.triage_due, u.overdue) for u in ranked.untriaged] == [
        ("A", D(2026, 3, 4), True),
        ("B", D(2026, 3, 5), True),
        ("C", D(2026, 3, 18), False),
    ]
    registration = Triage(policy=TeamPolicy(vocabulary="registration")).rank(
        waiting[:1], today=TODAY
    )
    assert registration.notes == ("1 registration overdue for triage (R-PR-3)",)


def test_untriaged_families_share_a_deadline_by_day_of_receipt() -> None:
    """Two referrals of the same day have the same deadline; ids break the tie (R-PR-3)."""
    waiting = [ref("B", D(2026, 3, 13)), ref("A", D(2026, 3, 13)), ref("C", D(2026, 3, 12))]
    ranked = Triage().rank(waiting, today=TODAY)
    # Thu 12 -> Mon 16; Fri 13 -> Tue 17 (2 working days, R-PR-3).
    assert [(u.referral.id, u.triage_due) for u in ranked.untriaged] == [
        ("C", D(2026, 3, 16)),
        ("A", D(2026, 3, 17)),
        ("B", D(2026, 3, 17)),
    ]
    assert ranked.notes == ()


def test_triage_explanation_gives_band_rank_and_who_decided() -> None:
    """Band, its place among the bands, who triaged, when, and the wait (R-PR-3, R-PR-4)."""
    waiting = [
        ref("A", D(2026, 3, 2), band="routine", triaged_on=D(2026, 3, 3)),
        ref("B", D(2026, 3, 9), band="soon", triaged_on=D(2026, 3, 10)),
    ]
    ranked = Triage().rank(waiting, today=TODAY)
    assert [e.explanation for e in ranked] == [
        "1st: band 'soon' (2 of 3), triaged by Lee on 2026-03-10; referred 2026-03-09, "
        "waited 1 week",
        "2nd: band 'routine' (3 of 3), triaged by Lee on 2026-03-03; referred 2026-03-02, "
        "waited 2 weeks",
    ]
    assert [e.band for e in ranked] == ["soon", "routine"]


def test_risk_explanation_with_plural_factors_cap_and_ageing() -> None:
    """Counts in the plural, the cap stated, ageing shown (R-PR-2).

    Two significant (4 each) and two minor (1 each) score 10, capped at 6;
    waited 2 weeks at ageing 1/2 a week adds 1: 7.
    """
    codes = ["domestic-abuse", "substance-misuse", "bereavement", "social-isolation"]
    factors = DEFAULT_RISK_FACTORS.resolve(codes)
    significant = ", ".join(f.label for f in factors if f.significant)
    minor = ", ".join(f.label for f in factors if not f.significant)
    strategy = RiskWeighted(score_cap=6, ageing_per_week="1/2")
    (entry,) = strategy.rank([ref("A", D(2026, 3, 2), *codes)], today=TODAY)
    assert entry.explanation == (
        f"1st: score 7 from 2 significant factors ({significant}) and 2 minor factors ({minor})"
        " (capped at 6) plus 1 for time waited; waited 2 weeks"
    )


def test_risk_explanation_without_factors_or_cap_reached() -> None:
    """No factors named: said so; a score at the cap is not "capped" (R-PR-2)."""
    strategy = RiskWeighted(score_cap=4)
    ranked = strategy.rank(
        [ref("A", D(2026, 3, 2)), ref("B", TODAY, "domestic-abuse")], today=TODAY
    )
    assert [e.explanation for e in ranked] == [
        "1st: score 4 from 1 significant factor (domestic abuse); referred today",
        "2nd: score 0 from no risk factors named; waited 2 weeks",
    ]


def test_scores_are_shown_exactly_or_marked_approximate() -> None:
    """A half is 0.5, a quarter 0.25; a third is "≈0.33" (R-PR-4: explainable)."""
    one_day = [ref("A", D(2026, 3, 15))]
    half = RiskWeighted(ageing_per_week="7/2").rank(one_day, today=TODAY)[0]
    assert half.explanation == (
        "1st: score 0.5 from no risk factors named plus 0.5 for time waited; waited 1 day"
    )
    quarter = RiskWeighted(ageing_per_week="7/4").rank(one_day, today=TODAY)[0]
    assert "score 0.25 from" in quarter.explanation
    third = RiskWeighted(ageing_per_week="7/3").rank(one_day, today=TODAY)[0]
    assert "score ≈0.33 from" in third.explanation


def test_same_scores_note_uses_the_team_vocabulary() -> None:
    """All scores equal: families are seen in the order referred (R-PR-4, R-IN-2)."""
    waiting = [ref("A", D(2026, 3, 2), "bereavement"), ref("B", D(2026, 3, 9), "bereavement")]
    ranked = RiskWeighted(ageing_per_week=1).rank(waiting, today=TODAY, vocabulary="registration")
    assert ranked.notes == (
        "every family has the same risk score, so families are seen in the order registered "
        "(R-PR-4)",
    )


def test_horizon_rounds_up_to_a_whole_day() -> None:
    """H = ceil(7·G/a): 7·1/3 = 2.33 rounds up to 3 days (R-PR-4)."""
    assert RiskWeighted(ageing_per_week=3).horizon_days(max_gap=1) == 3
    assert RiskWeighted(ageing_per_week=7).horizon_days(max_gap=1) == 1
    assert RiskWeighted(ageing_per_week=0).horizon_days(max_gap=1) is None


@pytest.mark.parametrize(
    ("n", "text"),
    [
        pytest.param(1, "1st", id="1"),
        pytest.param(2, "2nd", id="2"),
        pytest.param(3, "3rd", id="3"),
        pytest.param(10, "10th", id="10"),
        pytest.param(11, "11th", id="11"),
        pytest.param(12, "12th", id="12"),
        pytest.param(13, "13th", id="13"),
        pytest.param(20, "20th", id="20"),
        pytest.param(21, "21st", id="21"),
        pytest.param(22, "22nd", id="22"),
        pytest.param(23, "23rd", id="23"),
        pytest.param(100, "100th", id="100"),
        pytest.param(101, "101st", id="101"),
        pytest.param(111, "111th", id="111"),
        pytest.param(112, "112th", id="112"),
        pytest.param(113, "113th", id="113"),
        pytest.param(120, "120th", id="120"),
        pytest.param(121, "121st", id="121"),
    ],
)
def test_ordinals_in_english(n: int, text: str) -> None:
    """Positions are read as English ordinals, teens included (R-PR-4)."""
    assert ordinal(n) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        pytest.param(-3, "0 days", id="negative"),
        pytest.param(0, "0 days", id="zero"),
        pytest.param(2, "2 days", id="days"),
        pytest.param(7, "1 week", id="one-week"),
        pytest.param(8, "1 week 1 day", id="week-and-day"),
        pytest.param(14, "2 weeks", id="two-weeks"),
        pytest.param(16, "2 weeks 2 days", id="weeks-and-days"),
    ],
)
def test_waits_in_weeks_and_days(days: int, text: str) -> None:
    """Time waited reads in weeks and days, each in the right number (R-PR-4)."""
    assert describe_wait(dt.timedelta(days=days)) == text


def test_waiting_list_index_out_of_range_names_the_index() -> None:
    """Past either end the list says which index was asked for (R-PR-4)."""
    ranked = Chronological().rank([ref("A", D(2026, 3, 2))], today=TODAY)
    assert ranked[-1].referral.id == "A"
    with pytest.raises(IndexError, match=r"^waiting list index out of range: 1$"):
        ranked[1]
    with pytest.raises(IndexError, match=r"^waiting list index out of range: -1$"):
        ranked[-2]


# --------------------------------------------------------------------------- exact weights


@pytest.mark.parametrize(
    "cap",
    [pytest.param(None, id="no-cap"), pytest.param(Fraction(1), id="cap-1")],
)
def test_weights_with_different_denominators_tie_exactly(cap: Fraction | None) -> None:
    """Three significant factors at 1/3 and two minor ones at 1/2 both score exactly 1.

    Equal scores go to the earlier referral, then the lower id (R-PR-2, R-PR-4):
    3 x 1/3 = 1 = 2 x 1/2 (and a cap of 1 leaves both at 1), so the order is
    simply the order received, whichever kind of factor a family has.
    """
    significant = ("domestic-abuse", "substance-misuse", "neonatal-unit-stay")
    minor = ("social-isolation", "bereavement")
    waiting = [
        ref("D", D(2026, 3, 5), *significant),
        ref("C", D(2026, 3, 4), *minor),
        ref("B", D(2026, 3, 3), *minor),
        ref("A", D(2026, 3, 2), *significant),
    ]
    strategy = RiskWeighted(
        significant_weight=Fraction(1, 3), minor_weight=Fraction(1, 2), score_cap=cap
    )
    ranked = strategy.rank(waiting, today=TODAY)
    assert [r.id for r in ranked.referrals] == ["A", "B", "C", "D"]
    assert [strategy.base_score(r) for r in ranked.referrals] == [Fraction(1)] * 4
    assert ranked[0].explanation.startswith("1st: score 1 from 3 significant factors (")
    assert ranked[1].explanation.startswith("2nd: score 1 from 2 minor factors (")


def test_score_rounding_to_a_whole_number_shows_no_decimal_point() -> None:
    """A weight of 4.001 scores 4.001, shown to 2 places as "≈4", never "≈4." (R-PR-4).

    4.001 rounds to 4.00; trailing zeros and the bare point go, and the score is
    marked approximate because 4.001 is not a whole number of hundredths.
    """
    ranked = RiskWeighted(significant_weight="4.001").rank(
        [ref("A", TODAY - dt.timedelta(days=14), "domestic-abuse")], today=TODAY
    )
    assert RiskWeighted(significant_weight="4.001").base_score(ranked[0].referral) == Fraction(
        4001, 1000
    )
    assert ranked[0].explanation == (
        "1st: score ≈4 from 1 significant factor (domestic abuse); waited 2 weeks"
    )


def test_risk_weighted_list_names_its_strategy() -> None:
    """The list says how it was ordered, so a reader can explain it (R-PR-2, R-PR-4)."""
    ranked = RiskWeighted().rank([ref("A", D(2026, 3, 2), "domestic-abuse")], today=TODAY)
    assert ranked.strategy == "risk-weighted"
    assert repr(ranked) == "<WaitingList risk-weighted on 2026-03-16: 1 ranked, 0 untriaged>"
