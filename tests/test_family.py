"""The family, its people, and the team's shared policy (R-IN-3, R-FC-2, R-IN-2 ...)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.errors import (
    InvalidFamily,
    InvalidPolicy,
    InvalidReferral,
    ParentInfantError,
    UnknownNation,
)
from parentinfant.family import (
    ContactChannel,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
)
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation, WorkingCalendar

D = dt.date


def _mother(**kwargs: object) -> Parent:
    return Parent("Ana", ParentRole.MOTHER, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- infant (R-IN-3)


def test_unborn_infant_with_a_date_of_birth_is_refused_r_in_3() -> None:
    with pytest.raises(InvalidFamily) as info:
        Infant(born=False, date_of_birth=D(2026, 1, 5), expected_due_date=D(2026, 1, 9))
    assert (info.value.field, info.value.rule, info.value.value) == (
        "date_of_birth",
        "R-IN-3",
        D(2026, 1, 5),
    )


def test_born_infant_without_a_date_of_birth_is_refused_r_in_3() -> None:
    with pytest.raises(InvalidFamily) as info:
        Infant(born=True, expected_due_date=D(2026, 1, 9))
    assert (info.value.field, info.value.rule) == ("date_of_birth", "R-IN-3")


def test_unborn_infant_needs_an_expected_due_date_r_in_3() -> None:
    with pytest.raises(InvalidFamily) as info:
        Infant(born=False)
    assert (info.value.field, info.value.rule) == ("expected_due_date", "R-IN-3")


def test_infant_date_of_birth_must_be_a_date_not_a_datetime_r_in_3() -> None:
    with pytest.raises(InvalidFamily) as info:
        Infant.born_on(dt.datetime(2026, 1, 5, 3, 30))  # type: ignore[arg-type]
    assert info.value.field == "date_of_birth"


def test_unborn_constructor_gives_an_unborn_infant_with_its_due_date_r_in_3() -> None:
    baby = Infant.unborn(D(2027, 3, 1), name="Baby of Ana")
    assert (baby.born, baby.date_of_birth, baby.expected_due_date, baby.name) == (
        False,
        None,
        D(2027, 3, 1),
        "Baby of Ana",
    )


def test_born_infant_may_keep_its_expected_due_date_r_in_3() -> None:
    baby = Infant.born_on(D(2026, 10, 1), expected_due_date=D(2026, 11, 26))
    assert (baby.born, baby.date_of_birth, baby.expected_due_date) == (
        True,
        D(2026, 10, 1),
        D(2026, 11, 26),
    )


def test_weeks_premature_counts_whole_weeks_before_the_due_date_r_in_3() -> None:
    # Born 1 Jan 2026, due 20 Jan: 19 days early = 2 whole weeks.
    assert Infant.born_on(D(2026, 1, 1), expected_due_date=D(2026, 1, 20)).weeks_premature == 2


def test_weeks_premature_is_zero_for_a_late_baby_r_in_3() -> None:
    assert Infant.born_on(D(2026, 1, 25), expected_due_date=D(2026, 1, 20)).weeks_premature == 0


def test_weeks_premature_is_unknown_without_a_due_date_r_in_3() -> None:
    assert Infant.born_on(D(2026, 1, 25)).weeks_premature is None


def test_infant_age_is_none_before_birth_r_in_3() -> None:
    assert Infant.born_on(D(2026, 6, 1)).age_on(D(2026, 5, 31)) is None


def test_infant_age_counts_days_since_birth_r_in_3() -> None:
    # 1 Jun to 1 Jul 2026 is 30 days.
    assert Infant.born_on(D(2026, 6, 1)).age_on(D(2026, 7, 1)) == dt.timedelta(days=30)


def test_unborn_infant_has_no_age_r_in_3() -> None:
    assert Infant.unborn(D(2027, 1, 1)).age_on(D(2026, 12, 1)) is None


@given(
    born=st.booleans(),
    dob=st.none() | st.dates(D(2000, 1, 1), D(2040, 1, 1)),
    due=st.none() | st.dates(D(2000, 1, 1), D(2040, 1, 1)),
)
def test_infant_exists_only_when_its_dates_fit_born_r_in_3(
    born: bool, dob: dt.date | None, due: dt.date | None
) -> None:
    # Born needs a birth date; unborn needs a due date and no birth date.
    consistent = (dob is not None) if born else (dob is None and due is not None)
    if consistent:
        baby = Infant(born=born, date_of_birth=dob, expected_due_date=due)
        assert baby.born is born
    else:
        with pytest.raises(InvalidFamily):
            Infant(born=born, date_of_birth=dob, expected_due_date=due)


# --------------------------------------------------------------------------- parents (R-REC-5)


def test_parent_age_before_the_birthday_in_that_year_r_rec_5() -> None:
    # Born 15 Jun 2000; on 14 Jun 2026 the 26th birthday has not come yet.
    assert _mother(date_of_birth=D(2000, 6, 15)).age_on(D(2026, 6, 14)) == 25


def test_parent_age_on_the_birthday_r_rec_5() -> None:
    assert _mother(date_of_birth=D(2000, 6, 15)).age_on(D(2026, 6, 15)) == 26


def test_parent_born_on_29_february_turns_older_on_1_march_r_rec_5() -> None:
    # 2026 has no 29 Feb: on 28 Feb the birthday has not come, on 1 Mar it has.
    parent = _mother(date_of_birth=D(2000, 2, 29))
    assert (parent.age_on(D(2026, 2, 28)), parent.age_on(D(2026, 3, 1))) == (25, 26)


def test_parent_age_is_unknown_without_a_date_of_birth_r_rec_5() -> None:
    assert _mother().age_on(D(2026, 1, 1)) is None


@pytest.mark.parametrize("name", ["", "   "])
def test_parent_needs_a_name_r_rec_5(name: str) -> None:
    with pytest.raises(InvalidFamily) as info:
        Parent(name, ParentRole.MOTHER)
    assert (info.value.field, info.value.rule) == ("name", "R-REC-5")


def test_parent_date_of_birth_must_be_a_date_r_rec_5() -> None:
    with pytest.raises(InvalidFamily) as info:
        _mother(date_of_birth="2000-01-01")
    assert info.value.field == "date_of_birth"


def test_parent_role_and_channel_convert_from_their_wire_values_r_rec_5() -> None:
    parent = Parent("Tom", "partner", preferred_channel="text")  # type: ignore[arg-type]
    assert (parent.role, parent.preferred_channel) == (ParentRole.PARTNER, ContactChannel.TEXT)


@pytest.mark.parametrize("field", ["phone", "address", "email"])
def test_any_one_contact_detail_makes_a_parent_reachable_r_rec_5(field: str) -> None:
    assert _mother(**{field: "x"}).has_contact_details


def test_parent_without_contact_details_is_not_reachable_r_rec_5() -> None:
    assert not _mother().has_contact_details


# --------------------------------------------------------------------------- family (R-FC-2)


def test_family_needs_at_least_one_parent_r_fc_2() -> None:
    with pytest.raises(InvalidFamily) as info:
        Family(parents=[], infant=Infant.unborn(D(2027, 1, 1)))
    assert (info.value.field, info.value.rule) == ("parents", "R-FC-2")


def test_family_with_two_parents_is_a_couple_r_fc_2() -> None:
    family = Family(
        parents=[_mother(), Parent("Tom", ParentRole.FATHER)],
        infant=Infant.born_on(D(2026, 9, 9)),
    )
    assert family.couple


def test_family_with_one_parent_is_not_a_couple_r_fc_2() -> None:
    assert not Family(parents=[_mother()], infant=Infant.born_on(D(2026, 9, 9))).couple


def test_family_keeps_its_parents_in_order_as_a_tuple_r_fc_2() -> None:
    # The first parent is the main contact, so order matters.
    family = Family(
        parents=[Parent("Tom", ParentRole.FATHER), _mother()], infant=Infant.born_on(D(2026, 9, 9))
    )
    assert isinstance(family.parents, tuple)
    assert [p.name for p in family.parents] == ["Tom", "Ana"]


def test_family_is_antenatal_while_the_baby_is_unborn_r_in_3() -> None:
    assert Family(parents=[_mother()], infant=Infant.unborn(D(2027, 1, 1))).antenatal
    assert not Family(parents=[_mother()], infant=Infant.born_on(D(2026, 1, 1))).antenatal


def test_family_is_reachable_when_any_parent_is_r_fc_2() -> None:
    family = Family(
        parents=[_mother(), Parent("Tom", ParentRole.FATHER, phone="07700 900123")],
        infant=Infant.born_on(D(2026, 9, 9)),
    )
    assert family.has_contact_details


def test_school_age_children_default_to_none_r_ap_3() -> None:
    family = Family(parents=[_mother()], infant=Infant.born_on(D(2026, 9, 9)))
    assert family.school_age_children == 0


def test_negative_school_age_children_are_refused_r_ap_3() -> None:
    with pytest.raises(InvalidFamily) as info:
        Family(parents=[_mother()], infant=Infant.born_on(D(2026, 9, 9)), school_age_children=-1)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "school_age_children",
        "R-AP-3",
        -1,
    )


@pytest.mark.parametrize("bad", [1.5, "2", True])
def test_school_age_children_must_be_a_whole_number_r_ap_3(bad: object) -> None:
    with pytest.raises(InvalidFamily) as info:
        Family(
            parents=[_mother()],
            infant=Infant.born_on(D(2026, 9, 9)),
            school_age_children=bad,  # type: ignore[arg-type]
        )
    assert info.value.field == "school_age_children"


# --------------------------------------------------------------------------- referrer (R-IN-1)


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("gp", "GP"),
        ("camhs", "CAMHS"),
        ("childrens-centre", "children's centre"),
        ("health-visitor", "health visitor"),
        ("midwife", "midwife"),
        ("perinatal-mental-health", "perinatal mental health"),
        ("social-worker", "social worker"),
    ],
)
def test_referrer_role_label_reads_as_words_r_in_1(role: str, label: str) -> None:
    assert ReferrerRole(role).label == label


def test_every_referrer_role_label_is_non_empty_words_without_hyphens_r_in_1() -> None:
    for role in ReferrerRole:
        assert role.label.strip()
        assert "-" not in role.label


def test_referrer_role_converts_from_its_wire_value_r_in_1() -> None:
    assert Referrer(name="Jo Smith", role="family-nurse").role is ReferrerRole.FAMILY_NURSE  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", " \t"])
def test_referrer_needs_a_name_r_in_1(name: str) -> None:
    with pytest.raises(InvalidReferral) as info:
        Referrer(name=name, role=ReferrerRole.GP)
    assert (info.value.field, info.value.rule) == ("name", "R-IN-1")


def test_unknown_referrer_role_is_refused_r_in_1() -> None:
    with pytest.raises(ValueError, match="plumber"):
        Referrer(name="Jo", role="plumber")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- vocabulary (R-IN-2)


def test_referral_vocabulary_says_referral_r_in_2() -> None:
    v = Vocabulary.REFERRAL
    assert (v.referral, v.referrer, v.referred, v.self_referral) == (
        "referral",
        "referrer",
        "referred",
        "self-referral",
    )


def test_registration_vocabulary_says_registration_r_in_2() -> None:
    v = Vocabulary.REGISTRATION
    assert (v.referral, v.referrer, v.referred, v.self_referral) == (
        "registration",
        "registrant",
        "registered",
        "self-registration",
    )


def test_registration_vocabulary_never_says_refer_r_in_2() -> None:
    v = Vocabulary.REGISTRATION
    for word in ("referral", "referrer", "referred", "self_referral"):
        assert "refer" not in getattr(v, word)
        assert "refer" not in v.capitalised(word).lower()


@pytest.mark.parametrize(
    ("vocabulary", "word", "expected"),
    [
        (Vocabulary.REFERRAL, "referral", "Referral"),
        (Vocabulary.REGISTRATION, "referrer", "Registrant"),
        (Vocabulary.REGISTRATION, "self_referral", "Self-registration"),
    ],
)
def test_capitalised_capitalises_the_vocabulary_word_r_in_2(
    vocabulary: Vocabulary, word: str, expected: str
) -> None:
    assert vocabulary.capitalised(word) == expected


# --------------------------------------------------------------------------- team policy


def test_team_policy_defaults_r_sc_5() -> None:
    # DOMAIN.md defaults: decision within 5 working days; triage default 2 (R-PR-3).
    policy = TeamPolicy()
    assert (
        policy.nation,
        policy.closures,
        policy.vocabulary,
        policy.decision_working_days,
        policy.triage_working_days,
    ) == (Nation.ENGLAND, frozenset(), Vocabulary.REFERRAL, 5, 2)


def test_team_policy_vocabulary_converts_from_its_wire_value_r_in_2() -> None:
    policy = TeamPolicy(vocabulary="registration")  # type: ignore[arg-type]
    assert policy.vocabulary is Vocabulary.REGISTRATION


def test_team_policy_nation_accepts_aliases_r_sc_5() -> None:
    assert TeamPolicy(nation="Northern Ireland").nation is Nation.NORTHERN_IRELAND


def test_team_policy_rejects_an_unknown_nation_r_sc_5() -> None:
    with pytest.raises(UnknownNation):
        TeamPolicy(nation="atlantis")


def test_team_policy_calendar_holds_its_nation_and_closures_r_sc_5() -> None:
    closure = D(2026, 12, 24)
    policy = TeamPolicy(nation="scotland", closures=[closure])
    assert policy.calendar == WorkingCalendar(Nation.SCOTLAND, closures=[closure])
    assert not policy.calendar.is_working_day(closure)


@pytest.mark.parametrize(
    ("field", "rule"),
    [("decision_working_days", "R-SC-5"), ("triage_working_days", "R-PR-3")],
)
def test_team_policy_rejects_negative_deadlines_naming_field_and_rule(
    field: str, rule: str
) -> None:
    """R-SC-5 and R-PR-3: deadlines in working days are at least 0."""
    with pytest.raises(InvalidPolicy) as info:
        TeamPolicy(**{field: -1})  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == (field, rule, -1)


@pytest.mark.parametrize("bad", [2.5, "5", True])
def test_team_policy_decision_deadline_must_be_a_whole_number_r_sc_5(bad: object) -> None:
    with pytest.raises(InvalidPolicy) as info:
        TeamPolicy(decision_working_days=bad)  # type: ignore[arg-type]
    assert info.value.field == "decision_working_days"


def test_team_policy_accepts_a_zero_day_deadline_r_sc_5() -> None:
    assert TeamPolicy(decision_working_days=0).decision_working_days == 0


@pytest.mark.parametrize("name", ["", "  "])
def test_team_policy_needs_a_name(name: str) -> None:
    """R-IN-2: the team's name is shown to people in reports."""
    with pytest.raises(InvalidPolicy):
        TeamPolicy(name=name)


def test_team_policy_refuses_closures_that_are_not_dates_r_sc_5() -> None:
    # ARCHITECTURE.md: validate in the constructor, an invalid object cannot exist.
    # A closure given as text must be refused when the policy is made, not later
    # when a deadline is computed from it.
    with pytest.raises(InvalidPolicy) as info:
        TeamPolicy(closures=["2026-12-24"])  # type: ignore[list-item]
    assert (info.value.field, info.value.rule) == ("closures", "R-SC-5")


def test_library_errors_share_one_root_and_are_value_errors() -> None:
    """R-IN-3: family errors are catchable as the library root or as ValueError."""
    assert issubclass(InvalidFamily, ParentInfantError)
    assert issubclass(InvalidFamily, ValueError)
