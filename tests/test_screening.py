"""Screening: risk factors, eligibility, the decision and who is told (R-SC-1..6, R-IN-2).

Dates: referrals here arrive on Mon 2 Mar 2026 unless a test says otherwise.
Under the default policy (England, 5 working days, R-SC-5) that decision is due
on Mon 9 Mar 2026: Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.errors import (
    InvalidDecision,
    InvalidDocument,
    InvalidPolicy,
    InvalidReferral,
    ParentInfantError,
    UnknownRiskFactor,
)
from parentinfant.family import Family, Infant, Parent, ParentRole, Referrer
from parentinfant.screening import (
    DEFAULT_REQUIRED_INFORMATION,
    DEFAULT_RISK_FACTORS,
    Accept,
    Consultation,
    Decline,
    DeclineReason,
    Destination,
    EligibilityRule,
    InformationItem,
    MoreInformationNeeded,
    NotificationPlan,
    ProfessionalReferral,
    Recipient,
    Referral,
    RiskFactor,
    RiskFactorCatalogue,
    ScreeningDecision,
    SelfReferral,
    TriageOutcome,
    accept,
    decline,
    missing_information,
    notifications,
    request_information,
    screen,
)
from parentinfant.team import TeamPolicy, Vocabulary

D = dt.date
RECEIVED = D(2026, 3, 2)  # a Monday
DUE = D(2026, 3, 9)  # 5 working days later in England (see the module docstring)
REASON = "Mother finds it hard to respond to the baby's cues"

# --------------------------------------------------------------------------- builders


def make_family(
    *,
    phone: str | None = "07700 900001",
    gp: str | None = None,
    health_visitor: str | None = None,
    couple: bool = False,
) -> Family:
    parents = [Parent("Ana Silva", ParentRole.MOTHER, phone=phone)]
    if couple:
        parents.append(Parent("Tom Silva", ParentRole.FATHER))
    return Family(
        parents=parents,
        infant=Infant.born_on(D(2026, 1, 10)),
        gp=gp,
        health_visitor=health_visitor,
    )


def professional(name: str = "Jo Smith") -> ProfessionalReferral:
    return ProfessionalReferral(Referrer(name=name, role="health-visitor"))  # type: ignore[arg-type]


def make_referral(
    *,
    route: ProfessionalReferral | Consultation | SelfReferral | None = None,
    reason: str = REASON,
    codes: tuple[str, ...] = ("domestic-abuse",),
    aware: bool | None = True,
    agreed: bool | None = True,
    consent: bool | None = None,
    family: Family | None = None,
    received: dt.date = RECEIVED,
    rid: str = "R-1",
) -> Referral:
    return Referral(
        id=rid,
        received=received,
        route=route if route is not None else professional(),
        family=family if family is not None else make_family(),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        reason=reason,
        family_aware=aware,
        family_agreed=agreed,
        consent_to_share=consent,
    )


def make_self_referral(**kwargs: object) -> Referral:
    kwargs.setdefault("aware", None)
    kwargs.setdefault("agreed", None)
    return make_referral(route=SelfReferral(), **kwargs)  # type: ignore[arg-type]


SIGNIFICANT = DEFAULT_RISK_FACTORS["domestic-abuse"]
MINOR_CODES = ("social-isolation", "housing-problems", "financial-stress", "bereavement")
MINOR = DEFAULT_RISK_FACTORS.resolve(MINOR_CODES)

# A small catalogue for properties: 5 significant and 8 minor factors.
POOL = RiskFactorCatalogue(
    [RiskFactor(f"s{i}", f"significant {i}", True) for i in range(5)]
    + [RiskFactor(f"m{i}", f"minor {i}", False) for i in range(8)]
)
factor_lists = st.lists(st.sampled_from(POOL.factors), max_size=16)  # repeats allowed
rules = st.builds(
    EligibilityRule,
    min_significant=st.integers(min_value=0, max_value=6),
    min_minor=st.integers(min_value=0, max_value=9),
)

codes = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
_awkward = st.sampled_from(
    ['"', "\\", "\\n", "\n", "\t", "\r\n", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff",
     "é", "ß", "🙂", "'''", '"""', "\\u0041", "#", "[[factors]]", "= true", "'", "${x}"]
)  # fmt: skip
awkward_text = st.lists(st.text(max_size=4) | _awkward, max_size=6).map("".join)
labels = awkward_text.filter(lambda s: bool(s.strip()))
catalogues = st.lists(
    st.builds(
        RiskFactor,
        codes,
        labels,
        st.booleans(),
        domain=st.none() | labels,
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda f: f.code,
).map(RiskFactorCatalogue)


@st.composite
def screenable_referrals(draw: st.DrawFn) -> Referral:
    """Referrals with any piece of screening information missing or present (R-SC-1)."""
    route = draw(
        st.sampled_from(
            [
                professional(),
                Consultation(Referrer(name="Sam", role="social-worker")),
                SelfReferral(),
            ]  # type: ignore[arg-type]
        )
    )
    family = make_family(
        phone=draw(st.sampled_from([None, "07700 900001"])),
        gp=draw(st.sampled_from([None, "", "Elm Surgery"])),
        health_visitor=draw(st.sampled_from([None, "Hana Lee"])),
    )
    return Referral(
        id="R-1",
        received=draw(st.dates(D(2020, 1, 1), D(2030, 12, 31))),
        route=route,
        family=family,
        risk_factors=draw(
            st.lists(st.sampled_from(DEFAULT_RISK_FACTORS.factors), max_size=6, unique=True)
        ),
        reason=draw(st.sampled_from(["", "   ", REASON])),
        family_aware=draw(st.sampled_from([None, True, False])),
        family_agreed=draw(st.sampled_from([None, True, False])),
        consent_to_share=draw(st.sampled_from([None, True, False])),
    )


def texts_of(plan: NotificationPlan) -> list[str]:
    """Every text a person reads in a plan: subjects, messages and reasons withheld."""
    return [t for n in plan.send for t in (n.subject, n.message)] + [
        w.reason for w in plan.withheld
    ]


REFER = re.compile(r"\brefer", re.IGNORECASE)  # referral, referrer, referred, self-referral

# --------------------------------------------------------------------------- RiskFactor


@pytest.mark.parametrize("code", ["a", "a1", "domestic-abuse", "x-1-y", "2nd-child"])
def test_risk_factor_code_accepts_lower_case_words_joined_by_hyphens_r_sc_3(code: str) -> None:
    assert RiskFactor(code, "label", True).code == code


@pytest.mark.parametrize(
    "code",
    ["", "Domestic-Abuse", "domestic abuse", "domestic_abuse", "-abuse", "abuse-", "a--b", "é", 5],
)
def test_risk_factor_code_rejects_malformed_codes_r_sc_3(code: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        RiskFactor(code, "label", True)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == ("code", "R-SC-3", code)


def test_risk_factor_code_rejects_a_trailing_newline_r_sc_3() -> None:
    # "domestic-abuse\n" is not "lower-case words joined by hyphens"; a code read from
    # a file with its line ending would otherwise never match the referral's code.
    with pytest.raises(InvalidPolicy):
        RiskFactor("domestic-abuse\n", "domestic abuse", True)


@pytest.mark.parametrize("label", ["", "   ", None])
def test_risk_factor_label_must_be_non_empty_text_r_sc_3(label: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        RiskFactor("a", label, True)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule) == ("label", "R-SC-3")


@pytest.mark.parametrize("significant", [1, "yes", None])
def test_risk_factor_significance_must_be_true_or_false_r_sc_3(significant: object) -> None:
    with pytest.raises((TypeError, InvalidPolicy)):
        RiskFactor("a", "label", significant)  # type: ignore[arg-type]


def test_risk_factor_reads_as_its_label_r_sc_2() -> None:
    assert str(RiskFactor("a", "a parent's low mood", False)) == "a parent's low mood"


# --------------------------------------------------------------------------- catalogue


def test_catalogue_rejects_two_factors_with_one_code_r_sc_3() -> None:
    with pytest.raises(InvalidPolicy) as info:
        RiskFactorCatalogue([RiskFactor("a", "first", True), RiskFactor("a", "second", False)])
    assert (info.value.field, info.value.rule, info.value.value) == ("factors", "R-SC-3", "a")


def test_catalogue_rejects_values_that_are_not_risk_factors_r_sc_3() -> None:
    with pytest.raises(InvalidPolicy):
        RiskFactorCatalogue(["domestic-abuse"])  # type: ignore[list-item]


def test_catalogue_looks_up_a_factor_by_code_r_sc_3() -> None:
    factor = RiskFactor("a", "first", True)
    assert RiskFactorCatalogue([factor])["a"] is factor


def test_catalogue_lookup_of_an_unknown_code_raises_unknown_risk_factor_r_sc_3() -> None:
    with pytest.raises(UnknownRiskFactor) as info:
        DEFAULT_RISK_FACTORS["astrology"]
    assert (info.value.rule, info.value.value) == ("R-SC-3", "astrology")
    assert isinstance(info.value, LookupError)


def test_catalogue_get_returns_the_default_for_an_unknown_code_r_sc_3() -> None:
    assert DEFAULT_RISK_FACTORS.get("astrology", "none") == "none"


def test_catalogue_items_do_not_contain_an_unknown_code_r_sc_3() -> None:
    # A Mapping's items view answers membership with True or False; it must not raise.
    assert ("astrology", SIGNIFICANT) not in DEFAULT_RISK_FACTORS.items()


def test_catalogue_splits_into_significant_and_minor_in_order_r_sc_3() -> None:
    cat = RiskFactorCatalogue(
        [RiskFactor("a", "A", False), RiskFactor("b", "B", True), RiskFactor("c", "C", False)]
    )
    assert ([f.code for f in cat.significant], [f.code for f in cat.minor]) == (["b"], ["a", "c"])


def test_resolve_keeps_the_order_first_named_r_sc_3() -> None:
    found = DEFAULT_RISK_FACTORS.resolve(["social-isolation", "domestic-abuse"])
    assert [f.code for f in found] == ["social-isolation", "domestic-abuse"]


def test_resolve_names_each_factor_once_r_sc_3() -> None:
    found = DEFAULT_RISK_FACTORS.resolve(
        ["social-isolation", "domestic-abuse", "social-isolation"]
    )
    assert [f.code for f in found] == ["social-isolation", "domestic-abuse"]


def test_resolve_raises_naming_every_unknown_code_once_in_order_r_sc_3() -> None:
    with pytest.raises(UnknownRiskFactor) as info:
        DEFAULT_RISK_FACTORS.resolve(["tarot", "domestic-abuse", "runes", "tarot"])
    assert info.value.value == ("tarot", "runes")
    assert "'tarot'" in str(info.value)
    assert "'runes'" in str(info.value)


def test_with_factors_adds_a_new_code_at_the_end_r_sc_3() -> None:
    extra = RiskFactor("parent-in-prison", "a parent in prison", True)
    bigger = DEFAULT_RISK_FACTORS.with_factors(extra)
    assert bigger.factors == (*DEFAULT_RISK_FACTORS.factors, extra)


def test_with_factors_replaces_a_factor_with_the_same_code_in_place_r_sc_3() -> None:
    cat = RiskFactorCatalogue([RiskFactor("a", "A", False), RiskFactor("b", "B", False)])
    changed = cat.with_factors(RiskFactor("a", "A, now significant", True))
    assert [(f.code, f.significant) for f in changed.factors] == [("a", True), ("b", False)]


def test_with_factors_leaves_the_original_catalogue_unchanged_r_sc_3() -> None:
    cat = RiskFactorCatalogue([RiskFactor("a", "A", False)])
    cat.with_factors(RiskFactor("a", "A", True), RiskFactor("b", "B", True))
    assert cat.factors == (RiskFactor("a", "A", False),)


def test_without_removes_the_named_factors_r_sc_3() -> None:
    smaller = DEFAULT_RISK_FACTORS.without("social-isolation", "housing-problems")
    assert "social-isolation" not in smaller
    assert "housing-problems" not in smaller
    assert len(smaller) == len(DEFAULT_RISK_FACTORS) - 2
    assert "social-isolation" in DEFAULT_RISK_FACTORS


def test_without_an_unknown_code_raises_unknown_risk_factor_r_sc_3() -> None:
    with pytest.raises(UnknownRiskFactor) as info:
        DEFAULT_RISK_FACTORS.without("social-isolation", "tarot")
    assert info.value.value == ("tarot",)


def test_equal_catalogues_hash_equally_r_sc_3() -> None:
    a = RiskFactorCatalogue([RiskFactor("a", "A", True)])
    b = RiskFactorCatalogue([RiskFactor("a", "A", True)])
    assert a == b
    assert hash(a) == hash(b)
    assert a != RiskFactorCatalogue([RiskFactor("a", "A", False)])


# --------------------------------------------------------------------------- from_toml / to_toml


def test_from_toml_reads_factors_in_document_order_r_sc_3() -> None:
    text = """
[[factors]]
code = "b"
label = "second"
significant = false
domain = "parent"

[[factors]]
code = "a"
label = "first"
significant = true
"""
    cat = RiskFactorCatalogue.from_toml(text)
    assert cat.factors == (
        RiskFactor("b", "second", False, domain="parent"),
        RiskFactor("a", "first", True),
    )


def test_from_toml_without_extends_starts_from_an_empty_catalogue_r_sc_3() -> None:
    cat = RiskFactorCatalogue.from_toml('[[factors]]\ncode = "a"\nlabel = "A"\nsignificant = true')
    assert list(cat) == ["a"]


def test_from_toml_extends_default_adds_new_factors_r_sc_3() -> None:
    text = """
extends = "default"
[[factors]]
code = "parent-in-prison"
label = "a parent in prison"
significant = true
"""
    cat = RiskFactorCatalogue.from_toml(text)
    assert cat.factors == (
        *DEFAULT_RISK_FACTORS.factors,
        RiskFactor("parent-in-prison", "a parent in prison", True),
    )


def test_from_toml_extends_default_replaces_a_factor_with_the_same_code_r_sc_3() -> None:
    text = """
extends = "default"
[[factors]]
code = "social-isolation"
label = "isolated"
significant = true
"""
    cat = RiskFactorCatalogue.from_toml(text)
    assert cat["social-isolation"] == RiskFactor("social-isolation", "isolated", True)
    assert list(cat) == list(DEFAULT_RISK_FACTORS)


def test_from_toml_remove_drops_default_factors_r_sc_3() -> None:
    text = 'extends = "default"\nremove = ["housing-problems", "financial-stress"]\n'
    cat = RiskFactorCatalogue.from_toml(text)
    assert cat == DEFAULT_RISK_FACTORS.without("housing-problems", "financial-stress")


def test_from_toml_reports_every_problem_with_its_location_r_sc_3() -> None:
    text = """
extends = "minimal"
remove = ["no-such-factor"]
colour = "blue"

[[factors]]
code = "Bad Code"
label = ""
significant = "yes"
weight = 3

[[factors]]
code = "ok-one"
label = "fine"
significant = true

[[factors]]
code = "ok-one"
label = "again"
significant = false
"""
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml(text, source="team.toml")
    locations = [p.location for p in info.value.problems]
    assert sorted(locations) == sorted(
        [
            "colour",
            "extends",
            "factors[0].weight",
            "factors[0].code",
            "factors[0].label",
            "factors[0].significant",
            "factors[2].code",
            "remove[0]",
        ]
    )
    message = str(info.value)
    assert message.startswith("team.toml: 8 problems")
    assert all(f"  {loc}: " in message for loc in locations)


def test_from_toml_reports_a_repeated_code_against_the_first_r_sc_3() -> None:
    text = """
[[factors]]
code = "a"
label = "A"
significant = true
[[factors]]
code = "a"
label = "again"
significant = true
"""
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml(text)
    (problem,) = info.value.problems
    assert problem.location == "factors[1].code"
    assert "factors[0]" in problem.message


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("this is not toml", "(document)"),
        ('factors = "x"', "factors"),
        ("factors = [1]", "factors[0]"),
        ('extends = "default"\nremove = "housing-problems"', "remove"),
        ('extends = "default"\nremove = ["tarot"]', "remove[0]"),
        ('extends = "everything"', "extends"),
        (
            '[[factors]]\ncode = "a"\nlabel = "A"\nsignificant = true\ndomain = 3',
            "factors[0].domain",
        ),
        ('[[factors]]\ncode = "a"\nlabel = "A"', "factors[0].significant"),
        ('[[factors]]\nlabel = "A"\nsignificant = true', "factors[0].code"),
    ],
)
def test_from_toml_locates_each_kind_of_problem_r_sc_3(text: str, location: str) -> None:
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml(text, source="team.toml")
    assert [p.location for p in info.value.problems] == [location]
    assert str(info.value).startswith("team.toml: 1 problem")


def test_invalid_document_is_a_value_error_and_a_library_error_r_sc_3() -> None:
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml("nonsense")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ParentInfantError)


def test_from_toml_refuses_a_catalogue_left_with_no_factors_r_sc_3() -> None:
    # With no factors no referral could ever be eligible: every one would wait for
    # ever at "more information". That is a broken file, not a policy.
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml("")
    assert [p.location for p in info.value.problems] == ["factors"]


def test_from_toml_refuses_removing_a_factor_it_also_defines_r_sc_3() -> None:
    text = (
        'extends = "default"\nremove = ["social-isolation"]\n'
        '[[factors]]\ncode = "social-isolation"\nlabel = "isolated"\nsignificant = true\n'
    )
    with pytest.raises(InvalidDocument) as info:
        RiskFactorCatalogue.from_toml(text)
    assert [p.location for p in info.value.problems] == ["remove[0]"]


def test_default_catalogue_round_trips_through_toml_r_sc_3() -> None:
    again = RiskFactorCatalogue.from_toml(DEFAULT_RISK_FACTORS.to_toml())
    assert again.factors == DEFAULT_RISK_FACTORS.factors


@given(cat=catalogues)
def test_to_toml_then_from_toml_gives_the_same_catalogue_r_sc_3(cat: RiskFactorCatalogue) -> None:
    again = RiskFactorCatalogue.from_toml(cat.to_toml())
    assert again == cat
    assert again.factors == cat.factors  # same order, labels and domains, exactly


# --------------------------------------------------------------------------- default catalogue


@pytest.mark.parametrize(
    ("area", "expected_codes"),
    [
        ("parental mental illness", ["parental-severe-mental-illness", "perinatal-mental-illness"]),
        ("substance misuse", ["substance-misuse"]),
        ("domestic abuse", ["domestic-abuse"]),
        ("parent's own care or abuse history", ["parent-care-experienced", "parent-childhood-abuse"]),
        ("previous child removed", ["previous-child-removed"]),
        ("prematurity, neonatal unit, disability", ["infant-prematurity", "neonatal-unit-stay", "infant-disability"]),
        ("very young parent", ["very-young-parent"]),
        ("social isolation", ["social-isolation"]),
        ("housing", ["housing-problems"]),
        ("financial stress", ["financial-stress"]),
    ],
)  # fmt: skip
def test_default_catalogue_covers_the_usual_risk_areas_r_sc_2(
    area: str, expected_codes: list[str]
) -> None:
    assert all(code in DEFAULT_RISK_FACTORS for code in expected_codes), area


@pytest.mark.parametrize(
    "code",
    [
        "parental-severe-mental-illness",
        "substance-misuse",
        "domestic-abuse",
        "parent-care-experienced",
        "parent-childhood-abuse",
        "previous-child-removed",
    ],
)
def test_default_catalogue_marks_the_gravest_risks_significant_r_sc_2(code: str) -> None:
    # The Gloucestershire list (R-SC-2) puts these among the significant factors.
    assert DEFAULT_RISK_FACTORS[code].significant


@pytest.mark.parametrize(
    "code", ["very-young-parent", "social-isolation", "housing-problems", "financial-stress"]
)
def test_default_catalogue_marks_circumstantial_stressors_minor_r_sc_2(code: str) -> None:
    # Stressors that accumulate (R-SC-3): four together, not one alone.
    assert not DEFAULT_RISK_FACTORS[code].significant


def test_default_catalogue_has_both_significant_and_minor_factors_r_sc_2() -> None:
    assert DEFAULT_RISK_FACTORS.significant
    assert len(DEFAULT_RISK_FACTORS.minor) >= 4  # enough for the four-minor rule to apply


def test_default_catalogue_groups_factors_in_the_documented_domains_r_sc_2() -> None:
    domains = {f.domain for f in DEFAULT_RISK_FACTORS.factors}
    assert domains <= {"parent", "infant", "relationship", "circumstances"}


# --------------------------------------------------------------------------- eligibility (R-SC-3)


def test_one_significant_factor_is_enough_r_sc_3() -> None:
    assert EligibilityRule().assess([SIGNIFICANT]).eligible


def test_three_minor_factors_are_not_enough_by_default_r_sc_3() -> None:
    assert not EligibilityRule().assess(MINOR[:3]).eligible


def test_four_minor_factors_are_enough_by_default_r_sc_3() -> None:
    assert EligibilityRule().assess(MINOR).eligible


def test_no_factors_are_not_enough_by_default_r_sc_3() -> None:
    assert not EligibilityRule().assess([]).eligible


def test_lower_minor_threshold_is_team_policy_r_sc_3() -> None:
    assert EligibilityRule(min_minor=2).assess(MINOR[:2]).eligible


def test_higher_significant_threshold_is_team_policy_r_sc_3() -> None:
    assert not EligibilityRule(min_significant=2).assess([SIGNIFICANT]).eligible


def test_a_factor_named_twice_counts_once_r_sc_3() -> None:
    isolation = DEFAULT_RISK_FACTORS["social-isolation"]
    result = EligibilityRule().assess([isolation] * 4)
    assert not result.eligible
    assert result.minor == (isolation,)


def test_eligible_reason_names_the_significant_factor_r_sc_3() -> None:
    (reason,) = EligibilityRule().assess([SIGNIFICANT]).reasons
    assert SIGNIFICANT.label in reason
    assert "R-SC-3" in reason


def test_eligible_reason_names_every_minor_factor_r_sc_3() -> None:
    (reason,) = EligibilityRule().assess(MINOR).reasons
    assert all(f.label in reason for f in MINOR)


def test_ineligible_reason_names_the_factors_and_both_thresholds_r_sc_3() -> None:
    (reason,) = (
        EligibilityRule(min_significant=2, min_minor=5).assess([SIGNIFICANT, *MINOR[:2]]).reasons
    )
    assert all(f.label in reason for f in (SIGNIFICANT, *MINOR[:2]))
    assert "needs 2" in reason
    assert "needs 5" in reason


def test_meeting_both_thresholds_gives_a_reason_for_each_r_sc_3() -> None:
    assert len(EligibilityRule().assess([SIGNIFICANT, *MINOR]).reasons) == 2


def test_eligibility_result_is_true_exactly_when_eligible_r_sc_3() -> None:
    assert bool(EligibilityRule().assess([SIGNIFICANT])) is True
    assert bool(EligibilityRule().assess([])) is False


@pytest.mark.parametrize("field", ["min_significant", "min_minor"])
def test_negative_eligibility_threshold_raises_invalid_policy_r_sc_3(field: str) -> None:
    with pytest.raises(InvalidPolicy) as info:
        EligibilityRule(**{field: -1})  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == (field, "R-SC-3", -1)


@pytest.mark.parametrize("bad", [1.5, "4", True])
def test_non_integer_eligibility_threshold_raises_invalid_policy_r_sc_3(bad: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        EligibilityRule(min_minor=bad)  # type: ignore[arg-type]
    assert info.value.field == "min_minor"


@given(rule=rules, factors=factor_lists)
def test_eligible_iff_either_threshold_is_met_r_sc_3(
    rule: EligibilityRule, factors: list[RiskFactor]
) -> None:
    unique = {f.code: f for f in factors}.values()
    n_significant = sum(f.significant for f in unique)
    n_minor = len(unique) - n_significant
    expected = n_significant >= rule.min_significant or n_minor >= rule.min_minor
    assert rule.assess(factors).eligible is expected


@given(rule=rules, factors=factor_lists, extra=st.sampled_from(POOL.factors))
def test_adding_a_factor_never_makes_an_eligible_referral_ineligible_r_sc_3(
    rule: EligibilityRule, factors: list[RiskFactor], extra: RiskFactor
) -> None:
    if rule.assess(factors).eligible:
        assert rule.assess([*factors, extra]).eligible


# --------------------------------------------------------------------------- missing information


def test_complete_professional_referral_lacks_nothing_r_sc_1() -> None:
    assert missing_information(make_referral()) == ()


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_missing_reason_is_missing_information_r_sc_1(reason: str) -> None:
    assert missing_information(make_referral(reason=reason)) == (InformationItem.REASON,)


def test_no_risk_factors_is_missing_information_r_sc_1() -> None:
    assert missing_information(make_referral(codes=())) == (InformationItem.RISK_FACTORS,)


def test_no_parent_contact_is_missing_information_r_sc_1() -> None:
    referral = make_referral(family=make_family(phone=None))
    assert missing_information(referral) == (InformationItem.PARENT_CONTACT,)


@pytest.mark.parametrize("aware", [None, False])
def test_unconfirmed_awareness_is_missing_information_r_sc_1(aware: bool | None) -> None:
    assert missing_information(make_referral(aware=aware)) == (InformationItem.FAMILY_AWARE,)


@pytest.mark.parametrize("agreed", [None, False])
def test_unconfirmed_agreement_is_missing_information_r_sc_1(agreed: bool | None) -> None:
    assert missing_information(make_referral(agreed=agreed)) == (InformationItem.FAMILY_AGREED,)


def test_self_referral_needs_no_awareness_or_agreement_confirmation_r_sc_1() -> None:
    assert missing_information(make_self_referral(aware=None, agreed=None)) == ()


def test_gp_is_required_only_when_the_team_asks_for_it_r_sc_1() -> None:
    referral = make_referral(family=make_family(gp=None))
    assert InformationItem.GP not in missing_information(referral)
    required = DEFAULT_REQUIRED_INFORMATION | {InformationItem.GP}
    assert missing_information(referral, required) == (InformationItem.GP,)


def test_missing_information_lists_every_gap_in_a_stable_order_r_sc_1() -> None:
    referral = make_referral(
        reason="", codes=(), family=make_family(phone=None), aware=None, agreed=False
    )
    assert missing_information(referral) == (
        InformationItem.REASON,
        InformationItem.RISK_FACTORS,
        InformationItem.PARENT_CONTACT,
        InformationItem.FAMILY_AWARE,
        InformationItem.FAMILY_AGREED,
    )


# --------------------------------------------------------------------------- screen


def test_screen_accepts_an_eligible_complete_referral_onto_the_waiting_list_r_sc_6() -> None:
    decision = screen(make_referral(), on=D(2026, 3, 4))
    assert isinstance(decision, Accept)
    assert (decision.destination, decision.practitioner, decision.due) == (
        Destination.WAITING_LIST,
        None,
        DUE,
    )
    assert decision.eligibility is not None
    assert decision.eligibility.eligible


def test_screen_declines_a_complete_referral_below_the_thresholds_r_sc_3() -> None:
    decision = screen(make_referral(codes=MINOR_CODES[:3]), on=D(2026, 3, 4))
    assert isinstance(decision, Decline)
    assert decision.reason is DeclineReason.NOT_ELIGIBLE
    assert decision.eligibility is not None
    # The explanation goes to the people told: plain words with the counts and the
    # thresholds, no rule ids and no list of the family's risks (R-SC-4, R-AL-4).
    assert decision.explanation == (
        "It describes 0 significant and 3 other risk factors; our criteria ask for at "
        "least 1 significant or 4 other risk factors."
    )
    assert "R-SC" not in decision.explanation


def test_screen_asks_for_what_is_missing_r_sc_1() -> None:
    decision = screen(make_referral(reason="", codes=()), on=D(2026, 3, 4))
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.REASON, InformationItem.RISK_FACTORS)


def test_screen_asks_rather_than_declines_when_the_family_did_not_agree_r_sc_1() -> None:
    # Ineligible on risk as well: still a request, not a refusal.
    decision = screen(make_referral(codes=MINOR_CODES[:1], agreed=False), on=D(2026, 3, 4))
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.FAMILY_AGREED,)


def test_screen_decides_a_self_referral_without_awareness_confirmation_r_sc_1() -> None:
    decision = screen(make_self_referral(), on=D(2026, 3, 4))
    assert isinstance(decision, Accept)


def test_screen_uses_the_teams_eligibility_rule_r_sc_3() -> None:
    referral = make_referral(codes=MINOR_CODES[:2])
    assert isinstance(screen(referral, on=RECEIVED, rule=EligibilityRule(min_minor=2)), Accept)


@given(referral=screenable_referrals())
def test_screen_never_declines_for_missing_information_or_unconfirmed_consent_r_sc_1(
    referral: Referral,
) -> None:
    gaps = missing_information(referral)
    decision = screen(referral, on=referral.received)
    unconfirmed = not (referral.family_aware_confirmed and referral.family_agreed_confirmed)
    if gaps or unconfirmed:
        assert isinstance(decision, MoreInformationNeeded)
        assert decision.missing == gaps
    else:
        assert not isinstance(decision, MoreInformationNeeded)


@given(referral=screenable_referrals())
def test_screen_of_a_complete_referral_accepts_iff_eligible_r_sc_3(referral: Referral) -> None:
    if missing_information(referral):
        return
    decision = screen(referral, on=referral.received)
    assert isinstance(decision, Accept) is EligibilityRule().assess(referral.risk_factors).eligible


def test_screen_asks_for_reason_and_risks_the_team_did_not_require_r_sc_1() -> None:
    # A team may choose its own required items. A referral naming no reason and no risk
    # factors still cannot be declined as not eligible (decline() refuses that under
    # R-SC-1: "ask for them first"), so screening must ask, not fail.
    referral = make_referral(reason="", codes=())
    required = {InformationItem.PARENT_CONTACT, InformationItem.FAMILY_AWARE}
    decision = screen(referral, on=RECEIVED, required=required)
    assert isinstance(decision, MoreInformationNeeded)


@given(
    referral=screenable_referrals(),
    required=st.sets(st.sampled_from(list(InformationItem))),
)
def test_screen_with_any_required_items_asks_rather_than_declines_for_gaps_r_sc_1(
    referral: Referral, required: set[InformationItem]
) -> None:
    decision = screen(referral, on=referral.received, required=required)
    # The family's awareness and agreement are always checked (R-SC-1 c).
    always = {InformationItem.FAMILY_AWARE, InformationItem.FAMILY_AGREED}
    gaps = missing_information(referral, required | always)
    if gaps:
        assert isinstance(decision, MoreInformationNeeded)
        assert decision.missing == gaps
    if isinstance(decision, Decline):
        assert referral.reason.strip()
        assert referral.risk_factors


# --------------------------------------------------------------------------- decline (R-SC-1, R-SC-4)


def test_not_eligible_decline_is_refused_while_the_reason_is_missing_r_sc_1() -> None:
    with pytest.raises(InvalidDecision) as info:
        decline(make_referral(reason=""), on=RECEIVED, reason="not-eligible", explanation="x")
    assert (info.value.field, info.value.rule) == ("reason", "R-SC-1")
    assert InformationItem.REASON.label in str(info.value)


def test_not_eligible_decline_is_refused_while_risk_factors_are_missing_r_sc_1() -> None:
    with pytest.raises(InvalidDecision) as info:
        decline(make_referral(codes=()), on=RECEIVED, reason="not-eligible", explanation="x")
    assert (info.value.field, info.value.rule) == ("reason", "R-SC-1")
    assert InformationItem.RISK_FACTORS.label in str(info.value)


def test_not_eligible_decline_is_allowed_once_reason_and_risks_are_given_r_sc_4() -> None:
    decision = decline(
        make_referral(codes=MINOR_CODES[:1]),
        on=RECEIVED,
        reason=DeclineReason.NOT_ELIGIBLE,
        explanation="One minor stressor only.",
    )
    assert decision.reason is DeclineReason.NOT_ELIGIBLE


def test_out_of_area_decline_does_not_wait_for_the_risk_factors_r_sc_4() -> None:
    # Missing risks are irrelevant to where the family lives.
    decision = decline(
        make_referral(codes=()), on=RECEIVED, reason="out-of-area", explanation="Lives in Wales."
    )
    assert decision.reason is DeclineReason.OUT_OF_AREA


def test_decline_records_reason_explanation_and_alternative_service_r_sc_4() -> None:
    decision = decline(
        make_referral(),
        on=RECEIVED,
        reason="needs-met-elsewhere",
        explanation="Perinatal mental health team already working with mother.",
        alternative_service="Perinatal mental health team",
        decided_by="Dr Rao",
    )
    assert (
        decision.kind,
        decision.reason,
        decision.explanation,
        decision.alternative_service,
        decision.decided_by,
    ) == (
        "decline",
        DeclineReason.NEEDS_MET_ELSEWHERE,
        "Perinatal mental health team already working with mother.",
        "Perinatal mental health team",
        "Dr Rao",
    )


@pytest.mark.parametrize("explanation", ["", "   "])
def test_decline_needs_an_explanation_r_sc_4(explanation: str) -> None:
    with pytest.raises(InvalidDecision) as info:
        decline(make_referral(), on=RECEIVED, reason="out-of-area", explanation=explanation)
    assert (info.value.field, info.value.rule) == ("explanation", "R-SC-4")


def test_no_decline_reason_stands_for_missing_information_r_sc_1() -> None:
    assert {r.value for r in DeclineReason}.isdisjoint(
        {"missing-information", "more-information", "no-consent", "not-agreed"}
    )


# --------------------------------------------------------------------------- deadline and lateness (R-SC-5)


DecisionMaker = Callable[..., ScreeningDecision]
DECISION_MAKERS: list[tuple[str, DecisionMaker, dict[str, object]]] = [
    ("accept", accept, {}),
    ("decline", decline, {"reason": "out-of-area", "explanation": "Lives elsewhere."}),
    ("request", request_information, {"missing": ["gp"]}),
    ("screen", screen, {}),
]


@pytest.mark.parametrize(
    ("make", "extra"),
    [(m, e) for _, m, e in DECISION_MAKERS],
    ids=[n for n, _, _ in DECISION_MAKERS],
)
def test_late_decision_without_a_delay_reason_is_refused_naming_the_field_r_sc_5(
    make: DecisionMaker, extra: dict[str, object]
) -> None:
    with pytest.raises(InvalidDecision) as info:
        make(make_referral(), on=DUE + dt.timedelta(days=1), **extra)
    assert (info.value.field, info.value.rule) == ("delay_reason", "R-SC-5")
    assert "delay_reason" in str(info.value)
    assert DUE.isoformat() in str(info.value)


def test_blank_delay_reason_does_not_excuse_a_late_decision_r_sc_5() -> None:
    with pytest.raises(InvalidDecision):
        screen(make_referral(), on=D(2026, 3, 10), delay_reason="  ")


def test_late_decision_with_a_delay_reason_is_recorded_as_late_r_sc_5() -> None:
    decision = screen(
        make_referral(), on=D(2026, 3, 10), delay_reason="Waited for the HV's report"
    )
    assert decision.late
    assert decision.delay_reason == "Waited for the HV's report"


def test_decision_on_the_due_day_is_not_late_r_sc_5() -> None:
    assert not screen(make_referral(), on=DUE).late


def test_decision_before_the_day_received_is_refused_r_sc_5() -> None:
    with pytest.raises(InvalidDecision) as info:
        screen(make_referral(), on=RECEIVED - dt.timedelta(days=1))
    assert (info.value.field, info.value.rule) == ("decided_on", "R-SC-5")


def test_decision_deadline_follows_the_teams_nation_r_sc_5() -> None:
    # Fri 27 Nov 2026; in Scotland Mon 30 Nov is St Andrew's Day, so the due day is
    # Mon 7 Dec (Tue 1 .. Fri 4 are days 1-4); in England it is Fri 4 Dec.
    referral = make_referral(received=D(2026, 11, 27))
    decision = screen(referral, on=D(2026, 12, 7), policy=TeamPolicy(nation="scotland"))
    assert (decision.due, decision.late) == (D(2026, 12, 7), False)
    with pytest.raises(InvalidDecision):
        screen(referral, on=D(2026, 12, 7), policy=TeamPolicy(nation="england"))


def test_decision_deadline_follows_the_teams_working_days_r_sc_5() -> None:
    # Mon 2 Mar 2026 + 10 working days: Tue 3..Fri 6 (4), Mon 9..Fri 13 (9), Mon 16 (10).
    policy = TeamPolicy(decision_working_days=10)
    assert screen(make_referral(), on=RECEIVED, policy=policy).due == D(2026, 3, 16)


def test_decision_deadline_skips_team_closures_r_sc_5() -> None:
    # Closed Wed 4 Mar 2026: Tue 3 (1), Thu 5 (2), Fri 6 (3), Mon 9 (4), Tue 10 (5).
    policy = TeamPolicy(closures=[D(2026, 3, 4)])
    assert accept(make_referral(), on=RECEIVED, policy=policy).due == D(2026, 3, 10)


# --------------------------------------------------------------------------- accept (R-SC-6)


def test_accept_straight_to_a_practitioner_names_them_r_sc_6() -> None:
    decision = accept(make_referral(), on=RECEIVED, practitioner="Priya Shah")
    assert (decision.destination, decision.practitioner) == (
        Destination.PRACTITIONER,
        "Priya Shah",
    )


def test_accept_without_a_practitioner_goes_to_the_waiting_list_r_sc_6() -> None:
    decision = accept(make_referral(), on=RECEIVED)
    assert (decision.destination, decision.practitioner) == (Destination.WAITING_LIST, None)


@pytest.mark.parametrize("practitioner", [None, ""])
def test_accept_to_a_practitioner_needs_a_name_r_sc_6(practitioner: str | None) -> None:
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            destination="practitioner",  # type: ignore[arg-type]
            practitioner=practitioner,
        )
    assert (info.value.field, info.value.rule) == ("practitioner", "R-SC-6")


def test_accept_to_the_waiting_list_names_no_practitioner_r_sc_6() -> None:
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            destination=Destination.WAITING_LIST,
            practitioner="Priya Shah",
        )
    assert info.value.field == "practitioner"


# --------------------------------------------------------------------------- request for information


def test_request_for_information_must_name_something_r_sc_1() -> None:
    with pytest.raises(InvalidDecision) as info:
        request_information(make_referral(), on=RECEIVED, missing=[])
    assert (info.value.field, info.value.rule) == ("missing", "R-SC-1")


def test_request_for_information_names_each_item_once_in_order_r_sc_1() -> None:
    decision = request_information(
        make_referral(), on=RECEIVED, missing=["gp", InformationItem.REASON, "gp"]
    )
    assert decision.missing == (InformationItem.GP, InformationItem.REASON)


# --------------------------------------------------------------------------- referral


def test_referral_refuses_a_factor_named_twice_r_sc_3() -> None:
    with pytest.raises(InvalidReferral) as info:
        Referral(
            id="R-1",
            received=RECEIVED,
            route=SelfReferral(),
            family=make_family(),
            risk_factors=[SIGNIFICANT, SIGNIFICANT],
        )
    assert (info.value.field, info.value.rule, info.value.value) == (
        "risk_factors",
        "R-SC-3",
        "domestic-abuse",
    )


def test_referral_refuses_risk_factors_given_as_codes_r_sc_3() -> None:
    with pytest.raises(InvalidReferral):
        Referral(
            id="R-1",
            received=RECEIVED,
            route=SelfReferral(),
            family=make_family(),
            risk_factors=["domestic-abuse"],  # type: ignore[list-item]
        )


def test_referral_refuses_triage_before_receipt_r_pr_3() -> None:
    triage = TriageOutcome(band="urgent", decided_by="Dr Rao", decided_on=D(2026, 3, 1))
    with pytest.raises(InvalidReferral) as info:
        Referral(
            id="R-1", received=RECEIVED, route=SelfReferral(), family=make_family(), triage=triage
        )
    assert (info.value.field, info.value.rule) == ("triage.decided_on", "R-PR-3")


def test_referral_accepts_triage_on_the_day_received_r_pr_3() -> None:
    triage = TriageOutcome(band="urgent", decided_by="Dr Rao", decided_on=RECEIVED)
    referral = Referral(
        id="R-1", received=RECEIVED, route=SelfReferral(), family=make_family(), triage=triage
    )
    assert referral.triage == triage


def test_referral_refuses_a_route_that_is_not_one_of_the_three_r_in_1() -> None:
    with pytest.raises(InvalidReferral) as info:
        Referral(id="R-1", received=RECEIVED, route="self", family=make_family())  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule) == ("route", "R-IN-1")


@pytest.mark.parametrize("rid", ["", "  "])
def test_referral_needs_an_id_r_in_1(rid: str) -> None:
    with pytest.raises(InvalidReferral) as info:
        Referral(id=rid, received=RECEIVED, route=SelfReferral(), family=make_family())
    assert info.value.field == "id"


def test_referral_received_must_be_a_date_not_a_datetime_r_sc_5() -> None:
    with pytest.raises(InvalidReferral) as info:
        Referral(
            id="R-1",
            received=dt.datetime(2026, 3, 2, 9, 0),
            route=SelfReferral(),
            family=make_family(),
        )
    assert (info.value.field, info.value.rule) == ("received", "R-SC-5")


def test_referral_counts_significant_and_minor_factors_r_sc_3() -> None:
    referral = make_referral(codes=("domestic-abuse", *MINOR_CODES[:2]))
    assert (referral.significant_count, referral.minor_count) == (1, 2)


@pytest.mark.parametrize(
    ("route", "name"),
    [
        (professional("Jo Smith"), "Jo Smith"),
        (Consultation(Referrer(name="Sam", role="social-worker")), "Sam"),  # type: ignore[arg-type]
        (SelfReferral(), None),
    ],
    ids=["professional", "consultation", "self"],
)
def test_referrer_is_whoever_referred_or_consulted_r_in_1(
    route: ProfessionalReferral | Consultation | SelfReferral, name: str | None
) -> None:
    referrer = make_referral(route=route).referrer
    assert (referrer.name if referrer else None) == name


# --------------------------------------------------------------------------- notifications (R-SC-6)


def test_acceptance_tells_the_family_and_the_referrer_r_sc_6() -> None:
    referral = make_referral()
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert [(n.recipient, n.name, n.rule) for n in plan.send] == [
        (Recipient.FAMILY, "Ana Silva", "R-SC-6"),
        (Recipient.REFERRER, "Jo Smith", "R-SC-6"),
    ]
    assert plan.withheld == ()


def test_acceptance_of_a_couple_is_addressed_to_both_parents_r_fc_2() -> None:
    referral = make_referral(family=make_family(couple=True))
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert plan.send[0].name == "Ana Silva and Tom Silva"


def test_acceptance_to_a_practitioner_tells_the_family_who_will_contact_them_r_sc_6() -> None:
    referral = make_referral()
    plan = notifications(referral, accept(referral, on=RECEIVED, practitioner="Priya Shah"))
    assert "Priya Shah" in plan.send[0].message


def test_professional_referral_acceptance_does_not_notify_hv_or_gp_r_sc_6() -> None:
    # Only a self-referral calls for telling the health visitor and GP.
    referral = make_referral(
        consent=True, family=make_family(gp="Elm Surgery", health_visitor="Hana Lee")
    )
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert {n.recipient for n in plan.send} == {Recipient.FAMILY, Recipient.REFERRER}
    assert plan.withheld == ()


def test_self_referral_with_consent_also_tells_health_visitor_and_gp_r_sc_6() -> None:
    referral = make_self_referral(
        consent=True, family=make_family(gp="Elm Surgery", health_visitor="Hana Lee")
    )
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert [(n.recipient, n.name) for n in plan.send] == [
        (Recipient.FAMILY, "Ana Silva"),
        (Recipient.HEALTH_VISITOR, "Hana Lee"),
        (Recipient.GP, "Elm Surgery"),
    ]
    assert plan.withheld == ()
    assert all("accepted" in n.message for n in plan.send[1:])


@pytest.mark.parametrize(
    ("consent", "why"),
    [(None, "consent to share not recorded"), (False, "did not consent")],
    ids=["not-recorded", "refused"],
)
def test_self_referral_without_consent_withholds_hv_and_gp_notices_with_reason_r_sc_6(
    consent: bool | None, why: str
) -> None:
    referral = make_self_referral(
        consent=consent, family=make_family(gp="Elm Surgery", health_visitor="Hana Lee")
    )
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert [n.recipient for n in plan.send] == [Recipient.FAMILY]
    assert [(w.recipient, w.name) for w in plan.withheld] == [
        (Recipient.HEALTH_VISITOR, "Hana Lee"),
        (Recipient.GP, "Elm Surgery"),
    ]
    assert all(why in w.reason and "R-SC-6" in w.reason for w in plan.withheld)


def test_self_referral_with_consent_but_no_health_visitor_withholds_that_notice_r_sc_6() -> None:
    referral = make_self_referral(consent=True, family=make_family(gp="Elm Surgery"))
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert [n.recipient for n in plan.send] == [Recipient.FAMILY, Recipient.GP]
    (withheld,) = plan.withheld
    assert withheld.recipient is Recipient.HEALTH_VISITOR
    assert "no health visitor recorded" in withheld.reason


def test_decline_tells_the_referrer_the_reason_and_the_alternative_service_r_sc_4() -> None:
    referral = make_referral()
    decision = decline(
        referral,
        on=RECEIVED,
        reason="out-of-area",
        explanation="The family lives in Northshire.",
        alternative_service="Northshire parent-infant team",
    )
    (notice,) = notifications(referral, decision).send
    assert (notice.recipient, notice.name, notice.rule) == (
        Recipient.REFERRER,
        "Jo Smith",
        "R-SC-4",
    )
    assert DeclineReason.OUT_OF_AREA.label in notice.message
    assert "The family lives in Northshire." in notice.message
    assert "Northshire parent-infant team" in notice.message


def test_decline_of_a_self_referral_tells_the_family_r_sc_4() -> None:
    referral = make_self_referral()
    decision = decline(
        referral,
        on=RECEIVED,
        reason="outside-age-range",
        explanation="Our team sees babies up to two.",
        alternative_service="Children's centre stay-and-play",
    )
    plan = notifications(referral, decision)
    assert [(n.recipient, n.name) for n in plan.send] == [(Recipient.FAMILY, "Ana Silva")]
    assert "Children's centre stay-and-play" in plan.send[0].message


def test_decline_of_a_self_referral_withholds_hv_and_gp_without_consent_r_sc_6() -> None:
    referral = make_self_referral(family=make_family(gp="Elm Surgery", health_visitor="Hana Lee"))
    decision = decline(referral, on=RECEIVED, reason="out-of-area", explanation="Elsewhere.")
    plan = notifications(referral, decision)
    assert [w.recipient for w in plan.withheld] == [Recipient.HEALTH_VISITOR, Recipient.GP]


def test_request_for_information_goes_to_the_referrer_naming_what_is_missing_r_sc_1() -> None:
    referral = make_referral(reason="", aware=None)
    decision = screen(referral, on=RECEIVED)
    plan = notifications(referral, decision)
    (notice,) = plan.send
    assert (notice.recipient, notice.name, notice.rule) == (
        Recipient.REFERRER,
        "Jo Smith",
        "R-SC-1",
    )
    assert InformationItem.REASON.label in notice.message
    assert InformationItem.FAMILY_AWARE.label in notice.message
    assert plan.withheld == ()


def test_request_for_information_after_a_consultation_goes_to_the_consultee_r_sc_1() -> None:
    referral = make_referral(
        route=Consultation(Referrer(name="Sam", role="social-worker")), codes=()
    )  # type: ignore[arg-type]
    (notice,) = notifications(referral, screen(referral, on=RECEIVED)).send
    assert (notice.recipient, notice.name) == (Recipient.REFERRER, "Sam")


def test_request_for_information_on_a_self_referral_goes_to_the_family_only_r_sc_1() -> None:
    # No outcome yet, so nothing to tell the health visitor or GP, even with consent.
    referral = make_self_referral(
        codes=(), consent=True, family=make_family(gp="Elm Surgery", health_visitor="Hana Lee")
    )
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert [n.recipient for n in plan.send] == [Recipient.FAMILY]
    assert plan.withheld == ()


def test_notifications_refuse_a_decision_about_another_referral_r_sc_6() -> None:
    decision = screen(make_referral(rid="R-2"), on=RECEIVED)
    with pytest.raises(InvalidDecision) as info:
        notifications(make_referral(rid="R-1"), decision)
    assert (info.value.field, info.value.rule) == ("decision.referral_id", "R-SC-6")


# --------------------------------------------------------------------------- vocabulary (R-IN-2)


def test_referral_vocabulary_says_referral_in_notices_r_in_2() -> None:
    # The control for the tests below: the default words do appear.
    referral = make_referral()
    plan = notifications(referral, screen(referral, on=RECEIVED))
    assert plan.send[0].subject == "Your referral has been accepted"


def test_registration_vocabulary_accept_notices_never_say_referral_r_in_2() -> None:
    referral = make_referral()
    plan = notifications(
        referral, screen(referral, on=RECEIVED), vocabulary=Vocabulary.REGISTRATION
    )
    assert plan.send[0].subject == "Your registration has been accepted"
    assert not [t for t in texts_of(plan) if REFER.search(t)]


def test_registration_vocabulary_practitioner_accept_never_says_referral_r_in_2() -> None:
    referral = make_referral()
    decision = accept(referral, on=RECEIVED, practitioner="Priya Shah")
    plan = notifications(referral, decision, vocabulary=Vocabulary.REGISTRATION)
    assert not [t for t in texts_of(plan) if REFER.search(t)]


def test_registration_vocabulary_self_registration_notices_never_say_referral_r_in_2() -> None:
    referral = make_self_referral(
        consent=True, family=make_family(gp="Elm Surgery", health_visitor="Hana Lee")
    )
    plan = notifications(
        referral, screen(referral, on=RECEIVED), vocabulary=Vocabulary.REGISTRATION
    )
    texts = texts_of(plan)
    assert any("self-registration" in t.lower() for t in texts)
    assert not [t for t in texts if REFER.search(t)]


@pytest.mark.parametrize("route", ["professional", "self"])
def test_registration_vocabulary_information_requests_never_say_referral_r_in_2(
    route: str,
) -> None:
    # Every missing item at once, so every item's wording is checked.
    referral = make_referral(
        route=professional() if route == "professional" else SelfReferral(),
        reason="",
        codes=(),
        family=make_family(phone=None),
        aware=None,
        agreed=None,
    )
    decision = request_information(referral, on=RECEIVED, missing=list(InformationItem))
    plan = notifications(referral, decision, vocabulary=Vocabulary.REGISTRATION)
    assert not [t for t in texts_of(plan) if REFER.search(t)]


@pytest.mark.parametrize("reason", list(DeclineReason), ids=[r.value for r in DeclineReason])
def test_registration_vocabulary_decline_notices_never_say_referral_r_in_2(
    reason: DeclineReason,
) -> None:
    referral = make_referral(codes=MINOR_CODES[:1])
    decision = decline(
        referral,
        on=RECEIVED,
        reason=reason,
        explanation="We have talked it through as a team.",
        alternative_service="Family hub",
    )
    plan = notifications(referral, decision, vocabulary=Vocabulary.REGISTRATION)
    assert not [t for t in texts_of(plan) if REFER.search(t)]


def test_registration_vocabulary_words_information_items_r_in_2() -> None:
    for item in InformationItem:
        assert not REFER.search(item.phrase(Vocabulary.REGISTRATION))


def test_screen_checks_family_agreement_even_when_the_team_requires_nothing_r_sc_1() -> None:
    # R-SC-1 (c) is a rule, not a team setting: an explicit refusal by the family can
    # never be screened into an acceptance by leaving the item out of `required`.
    referral = attrs.evolve(
        make_referral(codes=("domestic-abuse",)), family_aware=True, family_agreed=False
    )
    decision = screen(referral, on=RECEIVED, required=())
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.FAMILY_AGREED,)


def test_accept_by_hand_refuses_a_referral_the_family_has_not_agreed_to_r_sc_1() -> None:
    referral = attrs.evolve(make_referral(codes=("domestic-abuse",)), family_agreed=None)
    with pytest.raises(InvalidDecision) as caught:
        accept(referral, on=RECEIVED)
    assert caught.value.field == "family_agreed"
    assert caught.value.rule == "R-SC-1"


def test_referral_refuses_text_where_consent_must_be_true_or_false_r_sc_6() -> None:
    # "no" is truthy in Python; taking it as consent would tell the GP against the
    # family's wish.
    with pytest.raises(InvalidReferral) as caught:
        attrs.evolve(make_referral(), consent_to_share="no")
    assert caught.value.field == "consent_to_share"
    assert caught.value.value == "no"


def test_screen_uses_the_team_policy_thresholds_when_no_rule_is_given_r_sc_3() -> None:
    # Three minor factors fall short of the default four, but meet a team's own three.
    referral = make_referral(codes=MINOR_CODES[:3])
    assert isinstance(screen(referral, on=RECEIVED), Decline)
    decision = screen(referral, on=RECEIVED, policy=TeamPolicy(min_minor=3))
    assert isinstance(decision, Accept)
    assert decision.eligibility is not None
    assert "threshold of 3" in decision.eligibility.reasons[0]
