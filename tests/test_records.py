"""Records: whose name a record is in (R-REC-2) and what an antenatal record shows (R-REC-3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from parentinfant.family import Family, Infant, Parent, ParentRole
from parentinfant.records import (
    HostSetting,
    RecordHolder,
    record_date_of_birth,
    record_holder_for,
    record_name,
)
from strategies import families

D = dt.date
DUE = D(2027, 2, 14)
BORN = D(2026, 10, 2)
MOTHER = Parent("Amira Haddad", ParentRole.MOTHER, date_of_birth=D(1995, 4, 3))
FATHER = Parent("Yusuf Haddad", ParentRole.FATHER, date_of_birth=D(1993, 7, 9))
PARTNER = Parent("Sam Cole", ParentRole.PARTNER)


def family(*parents: Parent, infant: Infant) -> Family:
    return Family(parents=parents, infant=infant)


# --------------------------------------------------------------------------- R-REC-2


@pytest.mark.parametrize(
    ("setting", "holder"),
    [
        (HostSetting.CAMHS, RecordHolder.CHILD),
        (HostSetting.HEALTH_VISITING, RecordHolder.CHILD),
        (HostSetting.CHILDRENS_SOCIAL_CARE, RecordHolder.CHILD),
        (HostSetting.PERINATAL_MENTAL_HEALTH, RecordHolder.PARENT),
        (HostSetting.CHARITY, RecordHolder.PARENT),
    ],
)
def test_record_holder_follows_the_host_setting_R_REC_2(
    setting: HostSetting, holder: RecordHolder
) -> None:
    assert record_holder_for(setting) is holder


def test_every_host_setting_has_a_record_holder_R_REC_2() -> None:
    assert all(isinstance(record_holder_for(s), RecordHolder) for s in HostSetting)


@pytest.mark.parametrize("setting", list(HostSetting))
def test_record_holder_accepts_the_setting_by_its_wire_value_R_REC_2(setting: HostSetting) -> None:
    assert record_holder_for(setting.value) is record_holder_for(setting)


def test_unknown_host_setting_is_refused_R_REC_2() -> None:
    with pytest.raises(ValueError, match="school"):
        record_holder_for("school")


# --------------------------------------------------------------------------- R-REC-3, child-named


def test_antenatal_child_record_is_baby_of_the_mother_R_REC_3() -> None:
    fam = family(MOTHER, infant=Infant.unborn(DUE))
    assert record_name(fam, RecordHolder.CHILD) == "Baby of Amira Haddad"


def test_antenatal_child_record_names_the_mother_even_when_listed_second_R_REC_3() -> None:
    fam = family(FATHER, MOTHER, infant=Infant.unborn(DUE))
    assert record_name(fam, RecordHolder.CHILD) == "Baby of Amira Haddad"


def test_antenatal_child_record_stays_baby_of_even_with_a_chosen_name_R_REC_3() -> None:
    """The name is updated once the baby is born, not before."""
    fam = family(MOTHER, infant=Infant.unborn(DUE, name="Layla"))
    assert record_name(fam, RecordHolder.CHILD) == "Baby of Amira Haddad"


def test_born_but_unnamed_child_record_is_baby_of_the_mother_R_REC_3() -> None:
    fam = family(MOTHER, FATHER, infant=Infant.born_on(BORN))
    assert record_name(fam, RecordHolder.CHILD) == "Baby of Amira Haddad"


def test_born_and_named_child_record_is_the_babys_name_R_REC_3() -> None:
    fam = family(MOTHER, infant=Infant.born_on(BORN, expected_due_date=DUE, name="Layla Haddad"))
    assert record_name(fam, RecordHolder.CHILD) == "Layla Haddad"


def test_baby_of_names_the_first_parent_when_no_mother_is_recorded_R_REC_3() -> None:
    fam = family(FATHER, PARTNER, infant=Infant.unborn(DUE))
    assert record_name(fam, "child") == "Baby of Yusuf Haddad"


def test_antenatal_child_record_shows_the_due_date_as_birth_date_R_REC_3() -> None:
    fam = family(MOTHER, infant=Infant.unborn(DUE))
    assert record_date_of_birth(fam, RecordHolder.CHILD) == DUE


def test_born_child_record_shows_the_birth_date_not_the_due_date_R_REC_3() -> None:
    fam = family(MOTHER, infant=Infant.born_on(BORN, expected_due_date=DUE))
    assert record_date_of_birth(fam, RecordHolder.CHILD) == BORN


# --------------------------------------------------------------------------- parent-named


def test_parent_record_is_in_the_mothers_name_R_REC_2() -> None:
    fam = family(FATHER, MOTHER, infant=Infant.born_on(BORN, name="Layla Haddad"))
    assert record_name(fam, RecordHolder.PARENT) == "Amira Haddad"


def test_parent_record_is_in_the_first_parents_name_without_a_mother_R_REC_2() -> None:
    fam = family(PARTNER, FATHER, infant=Infant.unborn(DUE))
    assert record_name(fam, "parent") == "Sam Cole"


def test_parent_record_shows_the_mothers_birth_date_R_REC_2() -> None:
    fam = family(FATHER, MOTHER, infant=Infant.unborn(DUE))
    assert record_date_of_birth(fam, RecordHolder.PARENT) == D(1995, 4, 3)


def test_parent_record_birth_date_is_empty_when_unknown_R_REC_2() -> None:
    fam = family(PARTNER, infant=Infant.unborn(DUE))
    assert record_date_of_birth(fam, RecordHolder.PARENT) is None


# --------------------------------------------------------------------------- properties


def _expected_parent(fam: Family) -> Parent:
    mothers = [p for p in fam.parents if p.role is ParentRole.MOTHER]
    return mothers[0] if mothers else fam.parents[0]


@given(families())
def test_child_record_name_is_baby_of_until_born_and_named_R_REC_3(fam: Family) -> None:
    name = record_name(fam, RecordHolder.CHILD)
    if fam.infant.born and fam.infant.name:
        assert name == fam.infant.name
    else:
        assert name == f"Baby of {_expected_parent(fam).name}"


@given(families())
def test_parent_record_name_is_the_first_mother_or_first_parent_R_REC_2(fam: Family) -> None:
    assert record_name(fam, RecordHolder.PARENT) == _expected_parent(fam).name


@given(families())
def test_child_record_always_has_a_birth_date_R_REC_3(fam: Family) -> None:
    expected = fam.infant.date_of_birth if fam.infant.born else fam.infant.expected_due_date
    assert record_date_of_birth(fam, RecordHolder.CHILD) == expected
    assert expected is not None


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("camhs", "the team sits in CAMHS, which keeps records in the child's name"),
        ("charity", "the team sits in a charity, which keeps records in a parent's name"),
        (
            "perinatal-mental-health",
            "the team sits in perinatal (adult) mental health, which keeps records in a parent's",
        ),
    ],
)
def test_the_reason_for_whose_name_the_record_is_in_is_shown_R_REC_2(
    setting: str, words: str
) -> None:
    from parentinfant.records import record_holder_reason

    reason = record_holder_reason(setting)
    assert reason.startswith(words)
    assert reason.endswith("(R-REC-2)")
