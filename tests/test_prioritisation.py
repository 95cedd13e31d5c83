"""Tests for parentinfant.prioritisation: R-PR-1..4 and R-WL-1.

Expected orders in the example tests are worked out by hand in the comments
beside them, from the rules and the documented formulas, never pasted from
the program's output.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parentinfant._catalogue import DEFAULT_RISK_FACTORS
from parentinfant._referral import (
    Referral,
    SelfReferral,
    SupportingService,
    SupportStatus,
    TriageOutcome,
)
from parentinfant.errors import (
    DuplicateReferral,
    InvalidPolicy,
    ParentInfantError,
    ReferralAfterToday,
    UnknownTriageBand,
)
from parentinfant.family import Family, Infant, Parent
from parentinfant.prioritisation import (
    DEFAULT_TRIAGE_BANDS,
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
    WaitingEntry,
    WaitingList,
)
from parentinfant.team import TeamPolicy, Vocabulary
from strategies import (
    bands_tuples,
    dates,
    referral_lists,
    risk_factor_sets,
    risk_weighted_policies,
    team_policies,
    weights,
)

D = dt.date
FAMILY = Family(parents=[Parent("P", "mother")], infant=Infant.unborn(D(2031, 1, 1)))
TODAYS = dates(D(2021, 6, 1), D(2029, 12, 31))


def ref(
    id: str,
    received: dt.date,
    *codes: str,
    triage: TriageOutcome | None = None,
    services: Sequence[SupportingService] = (),
) -> Referral:
    """A self-referral of a fixed family naming the given risk-factor codes."""
    return Referral(
        id=id,
        received=received,
        route=SelfReferral(),
        family=FAMILY,
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        supporting_services=services,
        triage=triage,
    )


def triaged(band: str, on: dt.date) -> TriageOutcome:
    return TriageOutcome(band=band, decided_by="Lee", decided_on=on)


def ids(referrals: Sequence[Referral] | WaitingList) -> list[str]:
    if isinstance(referrals, WaitingList):
        return [e.referral.id for e in referrals]
    return [r.id for r in referrals]


def all_ids(waiting: WaitingList) -> list[str]:
    """Every id a list holds: ranked, then untriaged (R-PR-4: nobody lost)."""
    return ids(waiting) + [u.referral.id for u in waiting.untriaged]


def english_ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st: written here, not imported."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def expected_score(policy: RiskWeighted, r: Referral, today: dt.date) -> Fraction:
    """The documented score, computed independently: weights, cap, then ageing (R-PR-2)."""
    significant = sum(1 for f in r.risk_factors if f.significant)
    minor = len(r.risk_factors) - significant
    base = significant * policy.significant_weight + minor * policy.minor_weight
    if policy.score_cap is not None:
        base = min(base, policy.score_cap)
    ageing = policy.ageing_per_week or Fraction(0)
    return base + ageing * Fraction((today - r.received).days, 7)


def base_gap(policy: RiskWeighted, referrals: Sequence[Referral]) -> Fraction:
    scores = [policy.base_score(r) for r in referrals]
    return max(scores) - min(scores)


# --------------------------------------------------------------------------- cases

# Every strategy, and RiskWeighted in each of its shapes. Weights are drawn as
# fractions (max denominator 12), so fractional weights are always in play.
KINDS = [
    "chronological",
    "risk-weighted",
    "risk-weighted-ageing",
    "risk-weighted-capped",
    "risk-weighted-ageing-capped",
    "triage",
    "triage-own-bands",
]


@st.composite
def cases(draw: st.DrawFn, kind: str) -> tuple[Strategy, dt.date, list[Referral]]:
    """A strategy of ``kind``, a day, and referrals (unique ids) received on or before it."""
    today = draw(TODAYS)
    bands: tuple[str, ...] = DEFAULT_TRIAGE_BANDS
    strategy: Strategy
    if kind == "chronological":
        strategy = Chronological()
    elif kind.startswith("risk-weighted"):
        strategy = draw(risk_weighted_policies(ageing="ageing" in kind, capped="capped" in kind))
    elif kind == "triage":
        strategy = Triage(policy=draw(team_policies()))
    else:
        bands = draw(bands_tuples())
        strategy = Triage(bands=bands, policy=draw(team_policies()))
    referrals = draw(referral_lists(today, bands=bands))
    return strategy, today, referrals


# --------------------------------------------------------------------------- R-PR-4 for all


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_ranking_is_permutation_of_input_R_PR_4(kind: str, data: st.DataObject) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    waiting = strategy.rank(referrals, today=today)
    # Nothing lost, nothing duplicated: ranked and untriaged together hold each id once.
    assert sorted(all_ids(waiting)) == sorted(ids(referrals))


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_ranking_is_independent_of_input_order_R_PR_4(kind: str, data: st.DataObject) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    shuffled = data.draw(st.permutations(referrals))
    first = strategy.rank(referrals, today=today)
    second = strategy.rank(shuffled, today=today)
    assert all_ids(second) == all_ids(first)


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_ranking_is_deterministic_R_PR_4(kind: str, data: st.DataObject) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    first = strategy.rank(referrals, today=today)
    second = strategy.rank(list(referrals), today=today)
    assert all_ids(second) == all_ids(first)
    assert [e.explanation for e in second] == [e.explanation for e in first]


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_positions_run_from_one_to_n_R_PR_4(kind: str, data: st.DataObject) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    waiting = strategy.rank(referrals, today=today)
    assert [e.position for e in waiting] == list(range(1, len(waiting) + 1))


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_waited_is_today_minus_received_R_PR_4(kind: str, data: st.DataObject) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    waiting = strategy.rank(referrals, today=today)
    for entry in waiting:
        assert entry.waited == today - entry.referral.received
    for pending in waiting.untriaged:
        assert pending.waited == today - pending.referral.received


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_every_explanation_starts_with_its_ordinal_position_R_PR_4(
    kind: str, data: st.DataObject
) -> None:
    strategy, today, referrals = data.draw(cases(kind))
    vocabulary = data.draw(st.sampled_from(Vocabulary))
    for entry in strategy.rank(referrals, today=today, vocabulary=vocabulary):
        assert entry.explanation.startswith(f"{english_ordinal(entry.position)}: ")


def test_explanations_use_english_ordinals_past_twenty_R_PR_4() -> None:
    # 25 referrals on consecutive days: position n is the n-th day, so the
    # 11th..13th take "th" and the 21st..23rd take st, nd, rd.
    start = D(2026, 1, 1)
    referrals = [ref(f"R{n:02d}", start + dt.timedelta(days=n - 1)) for n in range(1, 26)]
    waiting = Chronological().rank(referrals, today=D(2026, 3, 1))
    prefixes = [e.explanation.split(":")[0] for e in waiting]
    assert prefixes[10:13] == ["11th", "12th", "13th"]
    assert prefixes[20:23] == ["21st", "22nd", "23rd"]


# --------------------------------------------------------------------------- R-PR-1


@given(data=st.data())
def test_chronological_order_is_by_received_then_id_R_PR_1(data: st.DataObject) -> None:
    today = data.draw(TODAYS)
    # A 10-day window over up to 12 referrals makes same-day ties common.
    referrals = data.draw(referral_lists(today, max_wait_days=10))
    waiting = Chronological().rank(referrals, today=today)
    assert ids(waiting) == ids(sorted(referrals, key=lambda r: (r.received, r.id)))


def test_chronological_example_earliest_first_ties_by_id_R_PR_1() -> None:
    # Received: C on 1 Oct, then A and B both on 3 Oct, then D on 4 Oct. Risk plays no
    # part. C is earliest; A and B tie on the day and "A" < "B"; D is last.
    referrals = [
        ref("D", D(2026, 10, 4), "domestic-abuse"),
        ref("B", D(2026, 10, 3)),
        ref("C", D(2026, 10, 1)),
        ref("A", D(2026, 10, 3), "social-isolation"),
    ]
    waiting = Chronological().rank(referrals, today=D(2026, 10, 5))
    assert ids(waiting) == ["C", "A", "B", "D"]


def test_chronological_explanation_gives_day_and_wait_R_PR_1() -> None:
    # Referred 1 Oct, today 5 Nov: 35 days = 5 weeks exactly.
    waiting = Chronological().rank([ref("A", D(2026, 10, 1))], today=D(2026, 11, 5))
    assert waiting[0].explanation == (
        "1st: referred 2026-10-01, waited 5 weeks; earliest referral first"
    )


def test_chronological_explanation_follows_the_team_vocabulary_R_IN_2() -> None:
    # The same sentence as above in a "registration" team's words.
    waiting = Chronological().rank(
        [ref("A", D(2026, 10, 1))], today=D(2026, 11, 5), vocabulary=Vocabulary.REGISTRATION
    )
    assert waiting[0].explanation == (
        "1st: registered 2026-10-01, waited 5 weeks; earliest registration first"
    )


def test_referred_today_follows_the_team_vocabulary_R_IN_2() -> None:
    today = D(2026, 11, 5)
    plain = RiskWeighted().rank([ref("A", today)], today=today)
    registered = RiskWeighted().rank(
        [ref("A", today)], today=today, vocabulary=Vocabulary.REGISTRATION
    )
    assert plain[0].explanation.endswith("; referred today")
    assert registered[0].explanation.endswith("; registered today")


# --------------------------------------------------------------------------- R-PR-2


@given(policy=risk_weighted_policies(), data=st.data())
def test_risk_weighted_order_is_by_score_then_received_then_id_R_PR_2(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, max_wait_days=30))
    waiting = policy.rank(referrals, today=today)
    expected = sorted(
        referrals, key=lambda r: (-expected_score(policy, r, today), r.received, r.id)
    )
    assert ids(waiting) == ids(expected)


@given(policy=risk_weighted_policies(), data=st.data())
def test_adding_a_risk_factor_never_moves_a_referral_down_R_PR_2(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, min_size=1, max_wait_days=30))
    i = data.draw(st.integers(min_value=0, max_value=len(referrals) - 1))
    target = referrals[i]
    named = {f.code for f in target.risk_factors}
    extra = data.draw(
        st.sampled_from([f for f in DEFAULT_RISK_FACTORS.factors if f.code not in named])
    )
    more = Referral(
        id=target.id,
        received=target.received,
        route=target.route,
        family=target.family,
        risk_factors=(*target.risk_factors, extra),
        supporting_services=target.supporting_services,
    )
    before = policy.rank(referrals, today=today).position_of(target.id)
    after = policy.rank([*referrals[:i], more, *referrals[i + 1 :]], today=today).position_of(
        target.id
    )
    assert before is not None
    assert after is not None
    assert after <= before


@given(policy=risk_weighted_policies(), data=st.data())
def test_higher_base_score_on_the_same_day_ranks_above_R_PR_2(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    # A 5-day window makes same-day pairs common.
    referrals = data.draw(referral_lists(today, min_size=2, max_wait_days=5))
    waiting = policy.rank(referrals, today=today)
    for r, s in itertools.permutations(referrals, 2):
        if r.received == s.received and policy.base_score(r) > policy.base_score(s):
            assert waiting.position_of(r.id) < waiting.position_of(s.id)  # type: ignore[operator]


def test_one_significant_factor_weighs_as_four_minor_factors_R_PR_2() -> None:
    # Default weights 4 and 1 (R-PR-2 follows R-SC-3): 1 x 4 == 4 x 1.
    significant = ref("S", D(2026, 10, 1), "domestic-abuse")
    minors = ref(
        "M",
        D(2026, 10, 1),
        "social-isolation",
        "housing-problems",
        "financial-stress",
        "bereavement",
    )
    policy = RiskWeighted()
    assert policy.base_score(significant) == policy.base_score(minors) == 4


def test_equal_default_scores_on_the_same_day_are_broken_by_id_R_PR_2() -> None:
    # Both score 4 (one significant vs four minor) on the same day: the id decides,
    # "M" < "S", so the four-minor referral is first.
    minors = ref(
        "M",
        D(2026, 10, 1),
        "social-isolation",
        "housing-problems",
        "financial-stress",
        "bereavement",
    )
    significant = ref("S", D(2026, 10, 1), "domestic-abuse")
    waiting = RiskWeighted().rank([significant, minors], today=D(2026, 10, 5))
    assert ids(waiting) == ["M", "S"]


def test_equal_default_scores_are_broken_by_earlier_referral_R_PR_2() -> None:
    # Both score 4; "Z" (one significant) arrived on 1 Oct, "A" (four minor) on 2 Oct.
    # The earlier referral goes first, whatever the ids say.
    early = ref("Z", D(2026, 10, 1), "domestic-abuse")
    late = ref(
        "A",
        D(2026, 10, 2),
        "social-isolation",
        "housing-problems",
        "financial-stress",
        "bereavement",
    )
    waiting = RiskWeighted().rank([late, early], today=D(2026, 10, 5))
    assert ids(waiting) == ["Z", "A"]


def test_fractional_weights_tie_exactly_R_PR_2() -> None:
    # minor 0.1 and significant 0.3: three minor factors score exactly 0.3, a tie with
    # one significant factor (in binary floating point 0.1 * 3 > 0.3, which would put
    # the minors first whatever the id). The tie goes to the earlier day, then the id:
    # same day, so "A" (the significant one) comes before "B".
    policy = RiskWeighted(significant_weight=0.3, minor_weight=0.1)
    a = ref("A", D(2026, 10, 1), "domestic-abuse")
    b = ref("B", D(2026, 10, 1), "social-isolation", "housing-problems", "bereavement")
    assert policy.base_score(a) == policy.base_score(b) == Fraction(3, 10)
    assert ids(policy.rank([b, a], today=D(2026, 10, 2))) == ["A", "B"]


def test_score_cap_limits_the_base_score_R_PR_2() -> None:
    # Two significant factors score 8, capped at 5; one significant and one minor score
    # 5, uncapped. Equal at 5; "X" was referred a day earlier so goes first.
    policy = RiskWeighted(score_cap=5)
    two = ref("Y", D(2026, 10, 2), "domestic-abuse", "substance-misuse")
    one = ref("X", D(2026, 10, 1), "domestic-abuse", "bereavement")
    waiting = policy.rank([two, one], today=D(2026, 10, 3))
    assert ids(waiting) == ["X", "Y"]
    assert "(capped at 5)" in waiting[1].explanation


def test_fractional_cap_with_ageing_compares_exactly_R_PR_2() -> None:
    # Cap 1/2, ageing 1 a week. "R" names a factor (4, capped to 1/2) and arrived today:
    # 1/2 + 0 = 0.5. "S" names none and waited 3 days: 0 + 3/7 = 0.43. So R is first;
    # rounding the cap down to a whole number of sevenths (3/7) would tie them and hand
    # first place to the earlier S.
    policy = RiskWeighted(ageing_per_week=1, score_cap="1/2")
    today = D(2026, 10, 10)
    r = ref("R", today, "domestic-abuse")
    s = ref("S", today - dt.timedelta(days=3))
    assert ids(policy.rank([s, r], today=today)) == ["R", "S"]


def test_risk_weighted_explanation_names_the_factors_R_PR_2() -> None:
    # 1 significant (4) + 1 minor (1) = 5; referred 1 Oct, today 6 Oct: 5 days.
    waiting = RiskWeighted().rank(
        [ref("A", D(2026, 10, 1), "domestic-abuse", "bereavement")], today=D(2026, 10, 6)
    )
    assert waiting[0].explanation == (
        "1st: score 5 from 1 significant factor (domestic abuse) and "
        "1 minor factor (a recent bereavement); waited 5 days"
    )


@pytest.mark.parametrize(
    "field", ["significant_weight", "minor_weight", "ageing_per_week", "score_cap"]
)
@pytest.mark.parametrize("value", [-1, Fraction(-1, 3), "-0.5", -0.25])
def test_negative_weight_raises_invalid_policy_R_PR_2(field: str, value: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        RiskWeighted(**{field: value})  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.rule == "R-PR-2"
    assert "must be at least 0" in str(info.value)


@pytest.mark.parametrize("value", [True, "heavy", [1], float("nan"), float("inf"), "1/0"])
def test_weight_that_is_not_a_number_raises_invalid_policy_R_PR_2(value: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        RiskWeighted(minor_weight=value)  # type: ignore[arg-type]
    assert info.value.field == "minor_weight"
    assert "must be a number" in str(info.value)


def test_weights_given_as_text_or_float_are_exact_fractions_R_PR_2() -> None:
    policy = RiskWeighted(significant_weight="7/2", minor_weight=0.1, ageing_per_week="1/3")
    assert policy.significant_weight == Fraction(7, 2)
    assert policy.minor_weight == Fraction(1, 10)
    assert policy.ageing_per_week == Fraction(1, 3)


# --------------------------------------------------------------------------- R-PR-4 ageing


# Ageing strong enough relative to the weights that horizons fall inside the drawn
# window of received days, so the pairwise bound is exercised, not vacuous.
AGEING_POLICIES = st.builds(
    RiskWeighted,
    significant_weight=weights(max_value=4),
    minor_weight=weights(max_value=2),
    ageing_per_week=st.fractions(min_value=Fraction(1, 2), max_value=8, max_denominator=6),
    score_cap=st.none() | weights(max_value=8),
)
FEW_FACTORS = risk_factor_sets(max_size=3)


@given(policy=AGEING_POLICIES, data=st.data())
def test_ageing_bound_no_family_overtaken_by_one_referred_h_days_later_R_PR_4(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(
        referral_lists(today, min_size=2, max_wait_days=200, factors=FEW_FACTORS)
    )
    horizon = policy.horizon_days(max_gap=base_gap(policy, referrals))
    assert horizon is not None
    waiting = policy.rank(referrals, today=today)
    for r, s in itertools.permutations(referrals, 2):
        # "after" is strictly later: two same-day referrals with equal scores must still
        # be ordered somehow (by id), so a horizon of 0 days means "any later day".
        if (s.received - r.received).days >= max(horizon, 1):
            assert waiting.position_of(r.id) < waiting.position_of(s.id)  # type: ignore[operator]


@given(policy=AGEING_POLICIES, data=st.data())
def test_ageing_bound_referral_h_days_before_all_others_is_first_R_PR_4(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    others = data.draw(referral_lists(today, min_size=1, max_wait_days=60, factors=FEW_FACTORS))
    assume("OLD" not in ids(others))
    # The old referral names few or no factors: the hardest case for it.
    codes = [f.code for f in data.draw(risk_factor_sets(max_size=1))]
    probe = ref("OLD", today, *codes)
    horizon = policy.horizon_days(max_gap=base_gap(policy, [*others, probe]))
    assert horizon is not None
    lead = max(horizon, 1) + data.draw(st.integers(min_value=0, max_value=10))
    old = ref("OLD", min(r.received for r in others) - dt.timedelta(days=lead), *codes)
    waiting = policy.rank([*others, old], today=today)
    assert waiting[0].referral.id == "OLD"


@given(policy=AGEING_POLICIES, data=st.data())
def test_ageing_horizon_is_tight_one_day_less_lets_the_gap_overtake_R_PR_4(
    policy: RiskWeighted, data: st.DataObject
) -> None:
    # Low-scoring L and high-scoring S, with G = base(S) - base(L) > 0 and
    # H = ceil(7G / a): S referred H days after L stays behind it, but referred
    # H - 1 days after it overtakes (7G/a > H - 1 by the ceiling), so H is the bound.
    low = [f.code for f in data.draw(FEW_FACTORS)]
    high = [f.code for f in data.draw(FEW_FACTORS)]
    today = data.draw(TODAYS)
    wait = data.draw(st.integers(min_value=0, max_value=30))
    s_day = today - dt.timedelta(days=wait)
    gap = policy.base_score(ref("S", s_day, *high)) - policy.base_score(ref("L", s_day, *low))
    assume(gap > 0)
    horizon = policy.horizon_days(max_gap=gap)
    assert horizon is not None
    assert horizon >= 1

    def order(days_apart: int) -> list[str]:
        pair = [ref("L", s_day - dt.timedelta(days=days_apart), *low), ref("S", s_day, *high)]
        return ids(policy.rank(pair, today=today))

    assert order(horizon) == ["L", "S"]
    assert order(horizon - 1) == ["S", "L"]


@given(
    ageing=st.fractions(min_value=Fraction(1, 2), max_value=8, max_denominator=6),
    cap=weights(max_value=8),
    significant=weights(),
    minor=weights(),
    data=st.data(),
)
def test_ageing_bound_holds_with_the_cap_as_gap_whatever_arrives_R_PR_4(
    ageing: Fraction, cap: Fraction, significant: Fraction, minor: Fraction, data: st.DataObject
) -> None:
    # With score_cap = C every base score lies in [0, C], so G <= C and the horizon for C
    # bounds every list, whatever factors its referrals name (here up to 6, weights to 10).
    policy = RiskWeighted(
        significant_weight=significant, minor_weight=minor, ageing_per_week=ageing, score_cap=cap
    )
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, min_size=2, max_wait_days=200))
    assert base_gap(policy, referrals) <= cap
    horizon = policy.horizon_days(max_gap=cap)
    assert horizon is not None
    waiting = policy.rank(referrals, today=today)
    for r, s in itertools.permutations(referrals, 2):
        if (s.received - r.received).days >= max(horizon, 1):
            assert waiting.position_of(r.id) < waiting.position_of(s.id)  # type: ignore[operator]


def test_horizon_days_is_the_ceiling_of_seven_gap_over_ageing_R_PR_4() -> None:
    # 7 * 2 / 3 = 14/3 = 4.67 -> 5 days; 7 * 4 / 1 = 28 days; 7 * 8 / (1/2) = 112 days.
    assert RiskWeighted(ageing_per_week=3).horizon_days(max_gap=2) == 5
    assert RiskWeighted(ageing_per_week=1).horizon_days(max_gap=4) == 28
    assert RiskWeighted(ageing_per_week="1/2").horizon_days(max_gap=8) == 112


def test_without_ageing_there_is_no_horizon_R_PR_4() -> None:
    assert RiskWeighted().horizon_days(max_gap=4) is None
    assert RiskWeighted(ageing_per_week=0).horizon_days(max_gap=4) is None


@given(waited_days=st.integers(min_value=0, max_value=20 * 365))
def test_without_ageing_a_low_risk_family_is_overtaken_indefinitely_R_PR_4(
    waited_days: int,
) -> None:
    # Family "LOW" names no risk factor (score 0) and has waited any time up to 20 years;
    # a family referred today with a single minor factor scores 1 > 0 and goes first.
    # No wait is long enough: this is why R-PR-4 wants an ageing rule.
    today = D(2026, 11, 5)
    low = ref("LOW", today - dt.timedelta(days=waited_days))
    newcomer = ref("NEW", today, "social-isolation")
    assert ids(RiskWeighted().rank([low, newcomer], today=today)) == ["NEW", "LOW"]


def test_with_ageing_the_low_risk_family_is_no_longer_overtaken_R_PR_4() -> None:
    # Same pair, ageing 1 per week: G = 1 - 0 = 1, so H = ceil(7 * 1 / 1) = 7 days.
    # LOW waited 8 weeks: 0 + 8 = 8 beats NEW's 1 + 0 = 1, so LOW is first.
    today = D(2026, 11, 5)
    low = ref("LOW", today - dt.timedelta(weeks=8))
    newcomer = ref("NEW", today, "social-isolation")
    waiting = RiskWeighted(ageing_per_week=1).rank([low, newcomer], today=today)
    assert ids(waiting) == ["LOW", "NEW"]
    assert waiting[0].explanation.startswith("1st: score 8 from no risk factors named plus 8")


def test_notes_state_the_horizon_when_ageing_R_PR_4() -> None:
    # Base scores 4 (domestic abuse) and 0: G = 4; ageing 1/2 a week gives
    # H = ceil(7 * 4 / (1/2)) = 56 days.
    referrals = [ref("A", D(2026, 10, 1), "domestic-abuse"), ref("B", D(2026, 10, 2))]
    waiting = RiskWeighted(ageing_per_week="1/2").rank(referrals, today=D(2026, 11, 5))
    assert len(waiting.notes) == 1
    assert "ageing 0.5 per week" in waiting.notes[0]
    assert "56 or more days after it" in waiting.notes[0]
    assert "R-PR-4" in waiting.notes[0]


def test_horizon_note_follows_the_team_vocabulary_R_IN_2() -> None:
    referrals = [ref("A", D(2026, 10, 1), "domestic-abuse"), ref("B", D(2026, 10, 2))]
    waiting = RiskWeighted(ageing_per_week="1/2").rank(
        referrals, today=D(2026, 11, 5), vocabulary=Vocabulary.REGISTRATION
    )
    assert "one registered 56 or more days after it" in waiting.notes[0]


def test_no_horizon_note_without_ageing_R_PR_4() -> None:
    referrals = [ref("A", D(2026, 10, 1), "domestic-abuse"), ref("B", D(2026, 10, 2))]
    assert RiskWeighted().rank(referrals, today=D(2026, 11, 5)).notes == ()


# --------------------------------------------------------------------------- R-PR-3


@given(triage=st.builds(Triage, bands=bands_tuples(), policy=team_policies()), data=st.data())
def test_triage_orders_by_band_then_received_then_id_R_PR_3(
    triage: Triage, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, bands=triage.bands, max_wait_days=20))
    done = [r for r in referrals if r.triage is not None and r.triage.decided_on <= today]
    expected = sorted(
        done,
        key=lambda r: (triage.bands.index(r.triage.band), r.received, r.id),  # type: ignore[union-attr]
    )
    waiting = triage.rank(referrals, today=today)
    assert ids(waiting) == ids(expected)
    assert [e.band for e in waiting] == [r.triage.band for r in expected]  # type: ignore[union-attr]


@given(triage=st.builds(Triage, policy=team_policies()), data=st.data())
def test_untriaged_are_listed_apart_soonest_triage_deadline_first_R_PR_3(
    triage: Triage, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, bands=DEFAULT_TRIAGE_BANDS, max_wait_days=20))
    pending = triage.rank(referrals, today=today).untriaged
    expected = {r.id for r in referrals if r.triage is None or r.triage.decided_on > today}
    assert {u.referral.id for u in pending} == expected
    keys = [(u.triage_due, u.referral.received, u.referral.id) for u in pending]
    assert keys == sorted(keys)


@given(triage=st.builds(Triage, policy=team_policies()), data=st.data())
def test_triage_due_is_the_nth_working_day_after_receipt_R_PR_3(
    triage: Triage, data: st.DataObject
) -> None:
    received = data.draw(TODAYS)
    due = triage.triage_due(ref("A", received))
    calendar = triage.policy.calendar
    n = triage.policy.triage_working_days
    assert calendar.is_working_day(due)
    if n == 0:
        # The first day the team could act: the day itself if a working day.
        assert due >= received
        assert calendar.working_days_between(received, due) == (0 if due == received else 1)
    else:
        assert due > received
        assert calendar.working_days_between(received, due) == n


def test_triage_due_skips_easter_bank_holidays_R_PR_3() -> None:
    # England, 2 working days. Received Thu 2 Apr 2026: Fri 3 Apr is Good Friday, Sat 4
    # and Sun 5 the weekend, Mon 6 Easter Monday; so Tue 7 (1), Wed 8 (2).
    assert Triage().triage_due(ref("A", D(2026, 4, 2))) == D(2026, 4, 8)


def test_triage_due_uses_the_team_nation_R_PR_3() -> None:
    # Received Fri 27 Nov 2026, 2 working days. England: Mon 30 (1), Tue 1 Dec (2).
    # Scotland keeps St Andrew's Day on Mon 30 Nov: Tue 1 Dec (1), Wed 2 Dec (2).
    r = ref("A", D(2026, 11, 27))
    assert Triage().triage_due(r) == D(2026, 12, 1)
    assert Triage(policy=TeamPolicy(nation="scotland")).triage_due(r) == D(2026, 12, 2)


def test_triage_due_skips_team_closures_R_PR_3() -> None:
    # Received Mon 9 Nov 2026, team closed Tue 10: Wed 11 (1), Thu 12 (2).
    policy = TeamPolicy(closures=[D(2026, 11, 10)])
    assert Triage(policy=policy).triage_due(ref("A", D(2026, 11, 9))) == D(2026, 11, 12)


def test_triage_due_uses_the_team_triage_deadline_R_PR_3() -> None:
    # Received Mon 9 Nov 2026, 5 working days: Tue 10 .. Fri 13 (4), Mon 16 (5).
    policy = TeamPolicy(triage_working_days=5)
    assert Triage(policy=policy).triage_due(ref("A", D(2026, 11, 9))) == D(2026, 11, 16)


def test_triage_example_orders_bands_and_lists_untriaged_apart_R_PR_3() -> None:
    # Today Tue 10 Nov 2026 (England, no bank holidays that week; 2-day triage deadline).
    referrals = [
        ref("A", D(2026, 11, 2), triage=triaged("routine", D(2026, 11, 3))),
        ref("B", D(2026, 11, 9), triage=triaged("urgent", D(2026, 11, 9))),
        ref("C", D(2026, 11, 4), triage=triaged("urgent", D(2026, 11, 5))),
        ref("D", D(2026, 11, 4), triage=triaged("soon", D(2026, 11, 4))),
        ref("E", D(2026, 11, 9), triage=triaged("soon", D(2026, 11, 12))),  # after today
        ref("F", D(2026, 11, 6)),
    ]
    waiting = Triage().rank(referrals, today=D(2026, 11, 10))
    # urgent: C (4 Nov) before B (9 Nov); then soon: D; then routine: A.
    assert ids(waiting) == ["C", "B", "D", "A"]
    # F: received Fri 6 -> Mon 9 (1), Tue 10 (2): due 10 Nov.
    # E: its triage is dated after today, so untriaged; received Mon 9 -> Tue 10 (1),
    # Wed 11 (2): due 11 Nov. Soonest deadline first: F, then E.
    assert [(u.referral.id, u.triage_due) for u in waiting.untriaged] == [
        ("F", D(2026, 11, 10)),
        ("E", D(2026, 11, 11)),
    ]


def test_triage_explanation_names_band_and_who_triaged_R_PR_3() -> None:
    # urgent is band 1 of 3; referred 9 Nov, today 27 Nov: 18 days = 2 weeks 4 days.
    r = ref("B", D(2026, 11, 9), triage=triaged("urgent", D(2026, 11, 9)))
    waiting = Triage().rank([r], today=D(2026, 11, 27))
    assert waiting[0].band == "urgent"
    assert waiting[0].explanation == (
        "1st: band 'urgent' (1 of 3), triaged by Lee on 2026-11-09; "
        "referred 2026-11-09, waited 2 weeks 4 days"
    )


def test_untriaged_is_not_overdue_on_its_due_day_R_PR_3() -> None:
    # Received Mon 2 Nov 2026: Tue 3 (1), Wed 4 (2), so due Wed 4 Nov; on that day not late.
    waiting = Triage().rank([ref("A", D(2026, 11, 2))], today=D(2026, 11, 4))
    assert waiting.untriaged[0].triage_due == D(2026, 11, 4)
    assert waiting.untriaged[0].overdue is False
    assert waiting.notes == ()


def test_untriaged_is_overdue_the_day_after_its_due_day_R_PR_3() -> None:
    # Due Wed 4 Nov as above; on Thu 5 Nov it is overdue, and the notes count it.
    waiting = Triage().rank([ref("A", D(2026, 11, 2))], today=D(2026, 11, 5))
    assert waiting.untriaged[0].overdue is True
    assert waiting.untriaged[0].explanation.startswith(
        "not yet triaged: triage overdue since 2026-11-04"
    )
    assert waiting.notes == ("1 referral overdue for triage (R-PR-3)",)


def test_overdue_note_counts_in_the_team_vocabulary_R_IN_2() -> None:
    # A and B both received Mon 2 Nov 2026, due Wed 4 Nov; on Thu 5 Nov both overdue.
    referrals = [ref("A", D(2026, 11, 2)), ref("B", D(2026, 11, 2))]
    waiting = Triage().rank(referrals, today=D(2026, 11, 5), vocabulary=Vocabulary.REGISTRATION)
    assert waiting.notes == ("2 registrations overdue for triage (R-PR-3)",)


@given(triage=st.builds(Triage, policy=team_policies()), data=st.data())
def test_overdue_means_today_is_after_the_triage_deadline_R_PR_3(
    triage: Triage, data: st.DataObject
) -> None:
    today = data.draw(TODAYS)
    referrals = data.draw(referral_lists(today, max_wait_days=20))
    for pending in triage.rank(referrals, today=today).untriaged:
        assert pending.overdue == (today > pending.triage_due)


def test_triage_decided_after_today_counts_as_untriaged_R_PR_3() -> None:
    # Triaged urgent on Fri 6 Nov; a list drawn up for Thu 5 Nov must not know that yet.
    r = ref("A", D(2026, 11, 2), triage=triaged("urgent", D(2026, 11, 6)))
    waiting = Triage().rank([r], today=D(2026, 11, 5))
    assert len(waiting) == 0
    assert [u.referral.id for u in waiting.untriaged] == ["A"]


def test_triage_decided_on_today_counts_as_triaged_R_PR_3() -> None:
    r = ref("A", D(2026, 11, 2), triage=triaged("urgent", D(2026, 11, 6)))
    waiting = Triage().rank([r], today=D(2026, 11, 6))
    assert ids(waiting) == ["A"]
    assert waiting.untriaged == ()


def test_unknown_triage_band_raises_naming_band_and_field_R_PR_3() -> None:
    r = ref("R-7", D(2026, 11, 2), triage=triaged("urgent", D(2026, 11, 3)))
    with pytest.raises(UnknownTriageBand) as info:
        Triage(bands=("red", "amber", "green")).rank([r], today=D(2026, 11, 5))
    err = info.value
    assert err.field == "triage.band"
    assert err.value == "urgent"
    assert err.rule == "R-PR-3"
    message = str(err)
    assert "triage.band" in message
    assert "'urgent'" in message
    assert "'red', 'amber', 'green'" in message
    assert "R-7" in message


def test_unknown_triage_band_is_a_lookup_error_and_a_library_error_R_PR_3() -> None:
    r = ref("A", D(2026, 11, 2), triage=triaged("p1", D(2026, 11, 3)))
    with pytest.raises(LookupError) as info:
        Triage().rank([r], today=D(2026, 11, 5))
    assert isinstance(info.value, ParentInfantError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "bands",
    [(), ("urgent", "urgent"), ("urgent", "  "), ("urgent", ""), ("urgent", 3)],
    ids=["empty", "repeated", "blank", "empty-name", "not-text"],
)
def test_invalid_bands_raise_invalid_policy_R_PR_3(bands: tuple[object, ...]) -> None:
    with pytest.raises(InvalidPolicy) as info:
        Triage(bands=bands)  # type: ignore[arg-type]
    assert info.value.field == "bands"
    assert info.value.rule == "R-PR-3"


def test_bands_given_as_a_list_become_a_tuple_in_order_R_PR_3() -> None:
    assert Triage(bands=["red", "amber", "green"]).bands == ("red", "amber", "green")  # type: ignore[arg-type]


def test_team_bands_set_the_order_R_PR_3() -> None:
    # Bands green, amber, red in that order of urgency: green first, whatever the names.
    referrals = [
        ref("A", D(2026, 11, 2), triage=triaged("red", D(2026, 11, 2))),
        ref("B", D(2026, 11, 3), triage=triaged("green", D(2026, 11, 3))),
        ref("C", D(2026, 11, 4), triage=triaged("amber", D(2026, 11, 4))),
    ]
    waiting = Triage(bands=("green", "amber", "red")).rank(referrals, today=D(2026, 11, 5))
    assert ids(waiting) == ["B", "C", "A"]


# --------------------------------------------------------------------------- errors (R-PR-4)

STRATEGIES: list[Strategy] = [
    Chronological(),
    RiskWeighted(),
    RiskWeighted(ageing_per_week=1, score_cap=6),
    Triage(),
]
STRATEGY_IDS = ["chronological", "risk-weighted", "risk-weighted-ageing-capped", "triage"]


@pytest.mark.parametrize("strategy", STRATEGIES, ids=STRATEGY_IDS)
def test_referral_received_after_today_raises_R_PR_4(strategy: Strategy) -> None:
    referrals = [ref("A", D(2026, 11, 5)), ref("LATE", D(2026, 11, 6))]
    with pytest.raises(ReferralAfterToday) as info:
        strategy.rank(referrals, today=D(2026, 11, 5))
    err = info.value
    assert err.field == "received"
    assert err.rule == "R-PR-4"
    assert err.value == D(2026, 11, 6)
    message = str(err)
    assert message.startswith("received ")
    assert "(R-PR-4)" in message
    assert "datetime.date(2026, 11, 6)" in message
    assert "'LATE'" in message


@pytest.mark.parametrize("strategy", STRATEGIES, ids=STRATEGY_IDS)
@given(data=st.data())
def test_duplicate_referral_ids_raise_R_PR_4(strategy: Strategy, data: st.DataObject) -> None:
    today = D(2026, 11, 5)
    referrals = data.draw(referral_lists(today, min_size=1, bands=DEFAULT_TRIAGE_BANDS))
    original = data.draw(st.sampled_from(referrals))
    twin = ref(original.id, data.draw(dates(today - dt.timedelta(days=30), today)))
    position = data.draw(st.integers(min_value=0, max_value=len(referrals)))
    with pytest.raises(DuplicateReferral) as info:
        strategy.rank([*referrals[:position], twin, *referrals[position:]], today=today)
    assert info.value.field == "id"
    assert info.value.value == original.id
    assert info.value.rule == "R-PR-4"


@pytest.mark.parametrize("strategy", STRATEGIES, ids=STRATEGY_IDS)
def test_today_must_be_a_date_not_a_datetime_R_PR_4(strategy: Strategy) -> None:
    with pytest.raises(InvalidPolicy) as info:
        strategy.rank([], today=dt.datetime(2026, 11, 5, 9, 0))
    assert info.value.field == "today"


@pytest.mark.parametrize("strategy", STRATEGIES, ids=STRATEGY_IDS)
def test_empty_waiting_list_ranks_to_nothing_R_PR_4(strategy: Strategy) -> None:
    waiting = strategy.rank([], today=D(2026, 11, 5))
    assert len(waiting) == 0
    assert waiting.entries == ()
    assert waiting.untriaged == ()


# --------------------------------------------------------------------------- WaitingList


def five() -> WaitingList:
    # Chronological over A..E received 1..5 Oct: positions follow the days.
    referrals = [ref(c, D(2026, 10, i + 1)) for i, c in enumerate("ABCDE")]
    return Chronological().rank(referrals, today=D(2026, 10, 10))


def test_waiting_list_index_gives_the_entry_at_that_place_R_PR_4() -> None:
    waiting = five()
    entry = waiting[0]
    assert isinstance(entry, WaitingEntry)
    assert (entry.referral.id, entry.position) == ("A", 1)
    assert (waiting[2].referral.id, waiting[2].position) == ("C", 3)


def test_waiting_list_negative_index_counts_from_the_end_R_PR_4() -> None:
    waiting = five()
    assert (waiting[-1].referral.id, waiting[-1].position) == ("E", 5)
    assert waiting[-5] == waiting[0]


def test_waiting_list_slice_gives_a_tuple_with_true_positions_R_PR_4() -> None:
    waiting = five()
    middle = waiting[1:3]
    assert isinstance(middle, tuple)
    assert [(e.referral.id, e.position) for e in middle] == [("B", 2), ("C", 3)]
    assert [e.position for e in waiting[::-2]] == [5, 3, 1]
    assert waiting[10:] == ()


@pytest.mark.parametrize("index", [5, 6, -6, -100])
def test_waiting_list_index_out_of_range_raises_index_error_R_PR_4(index: int) -> None:
    waiting = five()
    with pytest.raises(IndexError):
        waiting[index]


def test_waiting_list_position_of_gives_one_based_place_or_none_R_PR_4() -> None:
    waiting = five()
    assert [waiting.position_of(c) for c in "ABCDE"] == [1, 2, 3, 4, 5]
    assert waiting.position_of("Z") is None


def test_waiting_list_position_of_ignores_untriaged_R_PR_3() -> None:
    waiting = Triage().rank([ref("A", D(2026, 11, 2))], today=D(2026, 11, 3))
    assert waiting.position_of("A") is None


def test_waiting_list_entries_is_every_entry_in_order_R_PR_4() -> None:
    waiting = five()
    assert isinstance(waiting.entries, tuple)
    assert waiting.entries == tuple(waiting)
    assert [e.referral for e in waiting.entries] == list(waiting.referrals)
    assert len(waiting) == 5


def support_example() -> WaitingList:
    # A: health visiting active. B: midwifery ended, health visiting active.
    # C: social care reduced. D: no services recorded.
    active = SupportingService(name="Health visiting")
    referrals = [
        ref("A", D(2026, 10, 1), services=[active]),
        ref(
            "B",
            D(2026, 10, 2),
            services=[
                SupportingService(name="Midwifery", status="ended", since=D(2026, 10, 8)),
                active,
            ],
        ),
        ref(
            "C", D(2026, 10, 3), services=[SupportingService(name="Social care", status="reduced")]
        ),
        ref("D", D(2026, 10, 4)),
    ]
    return Chronological().rank(referrals, today=D(2026, 10, 10))


def test_family_whose_support_ended_or_reduced_is_flagged_R_WL_1() -> None:
    # B lost midwifery and C's social care was reduced: both flagged, in list order.
    # A's support is active and D has none recorded: neither is flagged.
    flagged = support_example().support_flagged()
    assert [e.referral.id for e in flagged] == ["B", "C"]
    assert [e.position for e in flagged] == [2, 3]
    assert [s.name for s in flagged[0].support_flagged] == ["Midwifery"]
    assert flagged[0].support_flagged[0].status is SupportStatus.ENDED
    assert [s.name for s in flagged[1].support_flagged] == ["Social care"]


def test_supported_by_lists_only_services_still_active_R_WL_1() -> None:
    waiting = support_example()
    assert [e.supported_by for e in waiting] == [
        ("Health visiting",),
        ("Health visiting",),
        (),
        (),
    ]


@given(data=st.data())
def test_support_flagged_is_every_entry_with_a_withdrawn_or_reduced_service_R_WL_1(
    data: st.DataObject,
) -> None:
    today = data.draw(TODAYS)
    waiting = Chronological().rank(data.draw(referral_lists(today)), today=today)
    expected = [
        e.referral.id
        for e in waiting
        if any(s.status is not SupportStatus.ACTIVE for s in e.referral.supporting_services)
    ]
    assert [e.referral.id for e in waiting.support_flagged()] == expected
    for entry in waiting:
        assert set(entry.supported_by) | {s.name for s in entry.support_flagged} == {
            s.name for s in entry.referral.supporting_services
        }


def test_waiting_list_repr_names_strategy_day_and_counts_R_PR_4() -> None:
    waiting = Triage().rank(
        [
            ref("A", D(2026, 11, 2)),
            ref("B", D(2026, 11, 2), triage=triaged("soon", D(2026, 11, 3))),
        ],
        today=D(2026, 11, 5),
    )
    assert re.fullmatch(
        r"<WaitingList triage on 2026-11-05: 1 ranked, 1 untriaged>", repr(waiting)
    )
