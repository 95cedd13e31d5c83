"""Screening, strengthened: the decision deadline across calendars, every refusal, every text.

The decision deadline (R-SC-5) is checked against a plain restatement of the
rule (walk forward day by day, counting weekdays that are not bank holidays of
the nation) and against dates worked out by hand from the published bank
holidays of each UK nation. Refusals are checked for their type, field, rule,
value and message; the texts people read are checked sentence by sentence.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

import parentinfant.screening as screening_module
import parentinfant.workdays as workdays_module
from parentinfant.errors import InvalidDecision, InvalidPolicy, UnknownNation
from parentinfant.family import Family, Infant, Parent, ParentRole, Referrer
from parentinfant.screening import (
    DEFAULT_RISK_FACTORS,
    Accept,
    Decline,
    DeclineReason,
    Destination,
    EligibilityRule,
    InformationItem,
    MoreInformationNeeded,
    ProfessionalReferral,
    Recipient,
    Referral,
    SelfReferral,
    accept,
    decision_due,
    decline,
    missing_information,
    notifications,
    request_information,
    screen,
)
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation

D = dt.date
RECEIVED = D(2026, 3, 2)  # a Monday
DUE = D(2026, 3, 9)  # 5 working days later in England: Tue 3 .. Fri 6 (4), Mon 9 (5)
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@pytest.fixture
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start with empty date caches, so each test sees the same cache history.

    `decision_due` keeps calendars and indexes of working days between calls;
    results must never depend on what earlier calls left there.
    """
    monkeypatch.setattr(screening_module, "_FAST", {})
    monkeypatch.setattr(screening_module, "_CALENDARS", {})
    monkeypatch.setattr(workdays_module, "_INDEXES", {})


def working_days_of(nation: str, first_year: int, last_year: int) -> set[D]:
    """Every weekday of the years that is not a bank holiday of ``nation`` (R-SC-5)."""
    bank = holidays.country_holidays(
        "GB", subdiv=SUBDIVISIONS[nation], years=range(first_year, last_year + 1)
    )
    days: set[D] = set()
    day = D(first_year, 1, 1)
    while day.year <= last_year:
        if day.weekday() < 5 and day not in bank:
            days.add(day)
        day += dt.timedelta(days=1)
    return days


def reference_due(received: D, working_days: int, working: set[D]) -> D:
    """R-SC-5 restated: the n-th working day after the day of receipt, which never counts."""
    day, counted = received, 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        if day in working:
            counted += 1
    return day


# --------------------------------------------------------------------------- decision_due


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    ("received", "nation", "due"),
    [
        # Good Friday 3 Apr and Easter Monday 6 Apr 2026: Tue 7 (1) .. Mon 13 (5).
        pytest.param(D(2026, 4, 2), "england", D(2026, 4, 13), id="england-easter"),
        pytest.param(D(2026, 4, 2), "wales", D(2026, 4, 13), id="wales-easter"),
        # Scotland has no Easter Monday holiday: Mon 6 (1) .. Fri 10 (5).
        pytest.param(D(2026, 4, 2), "scotland", D(2026, 4, 10), id="scotland-easter"),
        pytest.param(D(2026, 4, 2), "northern-ireland", D(2026, 4, 13), id="ni-easter"),
        # St Patrick's Day, Tue 17 Mar 2026, in Northern Ireland only.
        pytest.param(D(2026, 3, 16), "england", D(2026, 3, 23), id="england-st-patrick"),
        pytest.param(D(2026, 3, 16), "northern-ireland", D(2026, 3, 24), id="ni-st-patrick"),
        # Battle of the Boyne, Sun 12 Jul 2026, observed Mon 13 Jul in Northern Ireland.
        pytest.param(D(2026, 7, 10), "england", D(2026, 7, 17), id="england-boyne"),
        pytest.param(D(2026, 7, 10), "northern-ireland", D(2026, 7, 20), id="ni-boyne"),
        # 1 and 2 January 2026 (Thu, Fri) in Scotland; only 1 January elsewhere.
        pytest.param(D(2025, 12, 31), "england", D(2026, 1, 8), id="england-new-year"),
        pytest.param(D(2025, 12, 31), "scotland", D(2026, 1, 9), id="scotland-new-year"),
        # Summer holiday: Mon 3 Aug in Scotland, Mon 31 Aug 2026 elsewhere.
        pytest.param(D(2026, 8, 28), "england", D(2026, 9, 7), id="england-late-summer"),
        pytest.param(D(2026, 8, 28), "scotland", D(2026, 9, 4), id="scotland-late-summer"),
        pytest.param(D(2026, 7, 31), "scotland", D(2026, 8, 10), id="scotland-summer"),
        pytest.param(D(2026, 7, 31), "england", D(2026, 8, 7), id="england-summer"),
        # St Andrew's Day, Mon 30 Nov 2026, in Scotland only.
        pytest.param(D(2026, 11, 27), "scotland", D(2026, 12, 7), id="scotland-st-andrew"),
        pytest.param(D(2026, 11, 27), "england", D(2026, 12, 4), id="england-st-andrew"),
        # Christmas 2026: Fri 25, Boxing Day observed Mon 28, New Year Fri 1 Jan 2027;
        # Scotland also observes 2 January on Mon 4 Jan 2027.
        pytest.param(D(2026, 12, 23), "england", D(2027, 1, 4), id="england-christmas"),
        pytest.param(D(2026, 12, 23), "scotland", D(2027, 1, 5), id="scotland-christmas"),
        # One-off holidays: the State Funeral (Mon 19 Sep 2022), the Coronation (Mon 8 May 2023).
        pytest.param(D(2022, 9, 16), "england", D(2022, 9, 26), id="state-funeral"),
        pytest.param(D(2022, 9, 16), "northern-ireland", D(2022, 9, 26), id="ni-state-funeral"),
        pytest.param(D(2023, 5, 5), "scotland", D(2023, 5, 15), id="coronation"),
        # A Saturday counts from Monday (R-SC-5): Mon 2 Mar (1) .. Fri 6 Mar (5).
        pytest.param(D(2026, 2, 28), "england", D(2026, 3, 6), id="saturday"),
        pytest.param(D(2026, 3, 1), "wales", D(2026, 3, 6), id="sunday"),
    ],
)
def test_decision_due_counts_the_nations_bank_holidays(received: D, nation: str, due: D) -> None:
    """The due date skips weekends and the bank holidays of the team's nation (R-SC-5).

    Asked twice: the second answer (from the cache) must equal the first.
    """
    assert decision_due(received, nation=nation) == due
    assert decision_due(received, nation=nation) == due
    assert decision_due(received, nation=Nation(nation)) == due


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize("working_days", [1, 5, 20, 45])
@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_decision_due_matches_the_rule_for_every_day_across_year_ends(
    nation: str, working_days: int
) -> None:
    """Every day from Dec 2026 to Feb 2029 gets the due date R-SC-5 gives.

    The calls run in date order from empty caches, so they walk through the
    end of whatever stretch of days the implementation prepared on the first
    call, as a long-running service does.
    """
    working = working_days_of(nation, 2026, 2030)
    day = D(2026, 12, 1)
    while day <= D(2029, 2, 28):
        expected = reference_due(day, working_days, working)
        assert decision_due(day, nation=nation, working_days=working_days) == expected, day
        day += dt.timedelta(days=1)


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize("working_days", [60, 239, 240, 250, 500, 1000])
@pytest.mark.parametrize("nation", ["england", "scotland", "northern-ireland"])
def test_decision_due_over_long_spans(nation: str, working_days: int) -> None:
    """A deadline of hundreds of working days still follows the rule (R-SC-5)."""
    working = working_days_of(nation, 2026, 2032)
    for received in (D(2026, 1, 1), D(2026, 6, 30), D(2026, 12, 24)):
        expected = reference_due(received, working_days, working)
        assert decision_due(received, nation=nation, working_days=working_days) == expected
        assert decision_due(received, nation=nation, working_days=working_days) == expected


@pytest.mark.usefixtures("fresh_caches")
def test_nations_asked_in_turn_each_get_their_own_holidays() -> None:
    """Asking for England first must not give Scotland England's calendar (R-SC-5)."""
    received = D(2026, 11, 27)  # Friday before St Andrew's Day (Mon 30 Nov, Scotland)
    assert decision_due(received, nation="england", closures=()) == D(2026, 12, 4)
    assert decision_due(received, nation="scotland") == D(2026, 12, 7)
    assert decision_due(received, nation=Nation.NORTHERN_IRELAND) == D(2026, 12, 4)
    assert decision_due(received, nation="SCT") == D(2026, 12, 7)


@pytest.mark.usefixtures("fresh_caches")
def test_closures_of_one_call_do_not_leak_into_the_next() -> None:
    """A team's closure days count only for the call that names them (R-SC-5)."""
    received = D(2026, 3, 2)  # Monday; due Mon 9 Mar without closures
    closed = [D(2026, 3, 4)]  # Wednesday
    assert decision_due(received, closures=closed) == D(2026, 3, 10)
    assert decision_due(received) == D(2026, 3, 9)
    assert decision_due(received, closures=closed) == D(2026, 3, 10)
    assert decision_due(received, nation="scotland") == D(2026, 3, 9)


@pytest.mark.usefixtures("fresh_caches")
def test_a_datetime_received_counts_as_its_day() -> None:
    """A referral received at 17:30 on Thursday is due the same day as one at 09:00 (R-SC-5)."""
    assert decision_due(dt.datetime(2026, 11, 26, 17, 30)) == D(2026, 12, 3)
    assert decision_due(D(2026, 11, 26)) == D(2026, 12, 3)
    assert decision_due(dt.datetime(2026, 11, 26, 9, 0)) == D(2026, 12, 3)


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 2), id="working-day-is-itself"),
        pytest.param(D(2026, 2, 28), D(2026, 3, 2), id="saturday-is-monday"),
        pytest.param(D(2026, 4, 3), D(2026, 4, 7), id="good-friday-is-tuesday"),
    ],
)
def test_zero_working_days_is_the_first_day_the_team_could_act(received: D, due: D) -> None:
    """With a deadline of 0 working days the answer is the first working day (R-SC-5)."""
    assert decision_due(received, working_days=0) == due


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    "working_days",
    [pytest.param(5.0, id="float"), pytest.param(True, id="bool")],
)
def test_a_deadline_that_is_not_a_whole_number_is_refused(working_days: object) -> None:
    """``working_days`` must be a whole number, even once the common case is cached (R-SC-5)."""
    assert decision_due(D(2026, 3, 2)) == DUE  # the cache now holds England
    with pytest.raises(InvalidPolicy) as info:
        decision_due(D(2026, 3, 2), working_days=working_days)  # type: ignore[arg-type]
    assert info.value.field == "working_days"
    assert info.value.rule == "R-SC-5"
    assert info.value.value is working_days
    assert str(info.value) == f"working_days must be a whole number (R-SC-5), got {working_days!r}"


@pytest.mark.usefixtures("fresh_caches")
def test_a_negative_deadline_is_refused() -> None:
    """``working_days`` must be at least 0 (R-SC-5)."""
    assert decision_due(D(2026, 3, 2)) == DUE
    with pytest.raises(InvalidPolicy) as info:
        decision_due(D(2026, 3, 2), working_days=-1)
    assert (info.value.field, info.value.rule, info.value.value) == ("working_days", "R-SC-5", -1)
    assert str(info.value) == "working_days must be at least 0 (R-SC-5), got -1"


@pytest.mark.usefixtures("fresh_caches")
def test_a_received_day_that_is_not_a_date_is_refused() -> None:
    """``received`` must be a date, not text that looks like one (R-SC-5)."""
    with pytest.raises(InvalidPolicy) as info:
        decision_due("2026-11-26")  # type: ignore[arg-type]
    assert info.value.field == "received"
    assert info.value.rule == "R-SC-5"
    assert info.value.value == "2026-11-26"
    assert str(info.value) == "received must be a date (R-SC-5), got '2026-11-26'"


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    ("closures", "requirement", "value"),
    [
        pytest.param(
            D(2026, 3, 4),
            "must be a collection of dates, not one value",
            D(2026, 3, 4),
            id="one-date",
        ),
        pytest.param(
            "2026-03-04", "must be a collection of dates, not one value", "2026-03-04", id="text"
        ),
        pytest.param(["2026-03-04"], "must hold dates", "2026-03-04", id="text-in-list"),
        pytest.param(5, "must be a collection of dates", 5, id="number"),
    ],
)
def test_closures_that_are_not_dates_are_refused(
    closures: object, requirement: str, value: object
) -> None:
    """A team's closure days must be a collection of dates (R-SC-5)."""
    with pytest.raises(InvalidPolicy) as info:
        decision_due(D(2026, 3, 2), closures=closures)  # type: ignore[arg-type]
    assert info.value.field == "closures"
    assert info.value.rule == "R-SC-5"
    assert info.value.value == value
    assert str(info.value) == f"closures {requirement} (R-SC-5), got {value!r}"


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    "nation",
    [
        pytest.param(["england"], id="list"),
        pytest.param("atlantis", id="unknown-name"),
        pytest.param(None, id="none"),
    ],
)
def test_a_nation_that_names_no_uk_nation_is_refused(nation: object) -> None:
    """Only the four UK nations decide bank holidays (R-SC-5), even after a cached call."""
    assert decision_due(D(2026, 3, 2)) == DUE
    with pytest.raises(UnknownNation) as info:
        decision_due(D(2026, 3, 2), nation=nation)  # type: ignore[arg-type]
    assert info.value.field == "nation"
    assert info.value.rule == "R-SC-5"
    assert info.value.value == nation
    assert str(info.value) == (
        "nation must be one of 'england', 'wales', 'scotland', 'northern-ireland' "
        f"(R-SC-5), got {nation!r}"
    )


# --------------------------------------------------------------------------- builders


def make_family(
    *, phone: str | None = "07700 900001", gp: str | None = None, hv: str | None = None
) -> Family:
    return Family(
        parents=[Parent("Ana Silva", ParentRole.MOTHER, phone=phone)],
        infant=Infant.born_on(D(2026, 1, 10)),
        gp=gp,
        health_visitor=hv,
    )


def professional(
    *codes: str,
    reason: str = "Low mood since the birth",
    aware: bool | None = True,
    agreed: bool | None = True,
    phone: str | None = "07700 900001",
    received: D = RECEIVED,
) -> Referral:
    return Referral(
        id="R-1",
        received=received,
        route=ProfessionalReferral(Referrer(name="Jo Smith", role="health-visitor")),
        family=make_family(phone=phone),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        reason=reason,
        family_aware=aware,
        family_agreed=agreed,
    )


def self_referral(
    *codes: str, consent: bool | None = None, gp: str | None = "Elm Surgery", hv: str | None = None
) -> Referral:
    return Referral(
        id="R-2",
        received=RECEIVED,
        route=SelfReferral(),
        family=make_family(gp=gp, hv=hv),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(codes),
        reason="Worried about bonding",
        consent_to_share=consent,
    )


# --------------------------------------------------------------------------- eligibility


def test_one_significant_factor_meets_the_threshold_in_the_singular() -> None:
    """One significant factor is enough by default (R-SC-3); the sentence says "meets"."""
    result = EligibilityRule().assess(DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]))
    assert result.eligible
    assert result.reasons == (
        "1 significant factor (domestic abuse) meets the threshold of 1 (R-SC-3)",
    )


def test_two_significant_factors_meet_the_threshold_in_the_plural() -> None:
    """Two significant factors meet a threshold of 2 (R-SC-3); the sentence says "meet"."""
    codes = ["domestic-abuse", "substance-misuse"]
    factors = DEFAULT_RISK_FACTORS.resolve(codes)
    labels = ", ".join(f.label for f in factors)
    result = EligibilityRule(min_significant=2).assess(factors)
    assert result.eligible
    assert result.reasons == (
        f"2 significant factors ({labels}) meet the threshold of 2 (R-SC-3)",
    )


def test_both_thresholds_met_give_two_reasons() -> None:
    """When both routes to eligibility are met, both are stated (R-SC-3)."""
    factors = DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "bereavement"])
    result = EligibilityRule(min_significant=1, min_minor=1).assess(factors)
    assert result.reasons == (
        "1 significant factor (domestic abuse) meets the threshold of 1 (R-SC-3)",
        "1 minor factor (a recent bereavement) meets the threshold of 1 (R-SC-3)",
    )
    assert result.significant == (factors[0],)
    assert result.minor == (factors[1],)


def test_three_minor_factors_miss_the_default_threshold_of_four() -> None:
    """Four minor factors are enough by default, three are not (R-SC-3)."""
    codes = ["social-isolation", "housing-problems", "financial-stress"]
    factors = DEFAULT_RISK_FACTORS.resolve(codes)
    labels = ", ".join(f.label for f in factors)
    result = EligibilityRule().assess(factors)
    assert not result
    assert result.reasons == (
        f"no significant factor (needs 1) and 3 minor factors ({labels}) (needs 4) (R-SC-3)",
    )
    assert EligibilityRule().assess(DEFAULT_RISK_FACTORS.resolve([*codes, "bereavement"])).eligible


def test_a_significant_factor_below_a_raised_threshold_is_named_in_the_refusal() -> None:
    """With ``min_significant=2`` one significant factor is named, and what it needs (R-SC-3)."""
    result = EligibilityRule(min_significant=2).assess(
        DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"])
    )
    assert not result.eligible
    assert result.reasons == (
        "1 significant factor (domestic abuse) (needs 2) and 0 minor factors (needs 4) (R-SC-3)",
    )


def test_a_factor_named_twice_counts_once() -> None:
    """Risks accumulate over distinct factors, not repeated mentions (R-SC-3)."""
    twice = DEFAULT_RISK_FACTORS.resolve(["bereavement"]) * 4
    result = EligibilityRule(min_minor=2).assess(twice)
    assert not result.eligible
    assert len(result.minor) == 1


def test_assess_refuses_codes_that_are_not_risk_factors() -> None:
    """Only catalogue factors count towards eligibility (R-SC-3)."""
    with pytest.raises(InvalidPolicy) as info:
        EligibilityRule().assess(["domestic-abuse"])  # type: ignore[list-item]
    assert (info.value.field, info.value.rule, info.value.value) == (
        "factors",
        "R-SC-3",
        "domestic-abuse",
    )
    assert str(info.value) == (
        "factors must hold RiskFactor values (turn codes into factors with the catalogue's "
        "resolve) (R-SC-3), got 'domestic-abuse'"
    )


@pytest.mark.parametrize(
    ("field", "value", "requirement"),
    [
        pytest.param("min_significant", -1, "must be at least 0", id="significant-negative"),
        pytest.param("min_minor", -1, "must be at least 0", id="minor-negative"),
        pytest.param("min_significant", 1.5, "must be a whole number", id="significant-float"),
        pytest.param("min_minor", True, "must be a whole number", id="minor-bool"),
    ],
)
def test_eligibility_thresholds_must_be_whole_numbers_from_zero(
    field: str, value: object, requirement: str
) -> None:
    """Both thresholds are whole numbers at least 0 (R-SC-3)."""
    with pytest.raises(InvalidPolicy) as info:
        EligibilityRule(**{field: value})  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == (field, "R-SC-3", value)
    assert str(info.value) == f"{field} {requirement} (R-SC-3), got {value!r}"


def test_eligibility_rule_of_a_policy_takes_both_thresholds() -> None:
    """The team's policy sets both thresholds (R-SC-3)."""
    assert EligibilityRule.of(TeamPolicy(min_significant=2, min_minor=3)) == EligibilityRule(
        min_significant=2, min_minor=3
    )


# --------------------------------------------------------------------------- decisions


def test_a_late_decision_without_a_reason_is_refused() -> None:
    """A decision after the due day must record why (R-SC-5)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(referral_id="R-1", received=RECEIVED, due=DUE, decided_on=D(2026, 3, 10))
    assert (info.value.field, info.value.rule, info.value.value) == (
        "delay_reason",
        "R-SC-5",
        None,
    )
    assert str(info.value) == (
        "delay_reason must say why the decision came after it was due on 2026-03-09 "
        "(decided on 2026-03-10) (R-SC-5), got None"
    )


def test_a_blank_delay_reason_is_no_reason() -> None:
    """White space does not record why a decision was late (R-SC-5)."""
    with pytest.raises(InvalidDecision) as info:
        Decline(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=D(2026, 3, 12),
            delay_reason="  ",
            reason="out-of-area",
            explanation="The family lives in Kent.",
        )
    assert (info.value.field, info.value.value) == ("delay_reason", "  ")


def test_a_decision_on_the_due_day_is_on_time() -> None:
    """Due by the end of the 5th working day: deciding that day is not late (R-SC-5)."""
    on_time = Accept(referral_id="R-1", received=RECEIVED, due=DUE, decided_on=DUE)
    assert not on_time.late
    late = Accept(
        referral_id="R-1",
        received=RECEIVED,
        due=DUE,
        decided_on=DUE + dt.timedelta(days=1),
        delay_reason="Clinical lead on leave",
    )
    assert late.late
    assert late.delay_reason == "Clinical lead on leave"


def test_a_decision_before_the_referral_arrived_is_refused() -> None:
    """No decision can predate the referral it decides (R-SC-5)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(referral_id="R-1", received=RECEIVED, due=DUE, decided_on=D(2026, 3, 1))
    assert (info.value.field, info.value.rule, info.value.value) == (
        "decided_on",
        "R-SC-5",
        D(2026, 3, 1),
    )
    assert str(info.value) == (
        "decided_on must not be before the day received (2026-03-02) (R-SC-5), "
        "got datetime.date(2026, 3, 1)"
    )
    same_day = Accept(referral_id="R-1", received=RECEIVED, due=DUE, decided_on=RECEIVED)
    assert same_day.decided_on == RECEIVED


def test_a_decision_dated_with_a_datetime_is_refused() -> None:
    """A decision is made on a day, not at a moment (R-SC-5)."""
    moment = dt.datetime(2026, 3, 3, 10, 0)
    with pytest.raises(InvalidDecision) as info:
        Accept(referral_id="R-1", received=RECEIVED, due=DUE, decided_on=moment)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "decided_on",
        "R-SC-5",
        moment,
    )
    assert "decided_on must be a date (R-SC-5)" in str(info.value)


def test_accepting_to_a_practitioner_needs_a_name() -> None:
    """Straight to a practitioner means naming them (R-SC-6)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            destination="practitioner",
        )
    assert (info.value.field, info.value.rule, info.value.value) == (
        "practitioner",
        "R-SC-6",
        None,
    )
    assert str(info.value) == (
        "practitioner must be named when accepting straight to a practitioner (R-SC-6), got None"
    )


def test_accepting_to_the_waiting_list_names_no_practitioner() -> None:
    """The waiting list and a named practitioner are two different destinations (R-SC-6)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            practitioner="Priya Shah",
        )
    assert (info.value.field, info.value.rule, info.value.value) == (
        "practitioner",
        "R-SC-6",
        "Priya Shah",
    )
    assert str(info.value) == (
        "practitioner must be empty when accepting to the waiting list (R-SC-6), got 'Priya Shah'"
    )


def test_an_unknown_destination_is_refused() -> None:
    """An accepted family goes to the waiting list or a practitioner, nowhere else (R-SC-6)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1", received=RECEIVED, due=DUE, decided_on=RECEIVED, destination="queue"
        )
    assert (info.value.field, info.value.rule, info.value.value) == (
        "destination",
        "R-SC-6",
        "queue",
    )
    assert str(info.value) == (
        "destination must be one of 'waiting-list', 'practitioner' (R-SC-6), got 'queue'"
    )


def test_an_unknown_decline_reason_is_refused() -> None:
    """A decline carries one of the coded reasons (R-SC-4); there is none for missing data."""
    with pytest.raises(InvalidDecision) as info:
        Decline(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            reason="missing-information",
            explanation="No GP given.",
        )
    assert (info.value.field, info.value.rule, info.value.value) == (
        "reason",
        "R-SC-4",
        "missing-information",
    )
    assert str(info.value).startswith("reason must be one of 'not-eligible', 'out-of-area', ")


def test_a_request_for_information_must_name_what_is_missing() -> None:
    """A request for more information says what is needed (R-SC-1)."""
    with pytest.raises(InvalidDecision) as info:
        MoreInformationNeeded(
            referral_id="R-1", received=RECEIVED, due=DUE, decided_on=RECEIVED, missing=[]
        )
    assert (info.value.field, info.value.rule, info.value.value) == ("missing", "R-SC-1", ())
    assert str(info.value) == "missing must name what is missing (R-SC-1), got ()"


def test_a_request_for_unknown_information_is_refused() -> None:
    """Only the known information items can be asked for (R-SC-1)."""
    with pytest.raises(InvalidDecision) as info:
        MoreInformationNeeded(
            referral_id="R-1", received=RECEIVED, due=DUE, decided_on=RECEIVED, missing=["nhs"]
        )
    assert (info.value.field, info.value.rule, info.value.value) == ("missing", "R-SC-1", "nhs")
    assert str(info.value).startswith("missing must be one of 'reason', 'risk-factors', ")


def test_a_request_names_each_missing_item_once_in_order_given() -> None:
    """Items asked for twice are asked for once (R-SC-1)."""
    request = MoreInformationNeeded(
        referral_id="R-1",
        received=RECEIVED,
        due=DUE,
        decided_on=RECEIVED,
        missing=["gp", InformationItem.REASON, "gp"],
    )
    assert request.missing == (InformationItem.GP, InformationItem.REASON)


def test_accept_refuses_a_referral_the_family_neither_knows_of_nor_agreed_to() -> None:
    """Both confirmations are missing: both named, the first as the field (R-SC-1 c)."""
    referral = professional("domestic-abuse", aware=None, agreed=False)
    with pytest.raises(InvalidDecision) as info:
        accept(referral, on=D(2026, 3, 3))
    assert (info.value.field, info.value.rule, info.value.value) == (
        "family_aware",
        "R-SC-1",
        None,
    )
    assert str(info.value) == (
        "family_aware must be confirmed before accepting: confirmation that the family knows "
        "about the referral and confirmation that the family agrees to the referral are "
        "missing (R-SC-1), got None"
    )


def test_accept_refuses_a_referral_the_family_has_not_agreed_to() -> None:
    """Only agreement missing: one item, "is missing" (R-SC-1 c)."""
    referral = professional("domestic-abuse", agreed=False)
    with pytest.raises(InvalidDecision) as info:
        accept(referral, on=D(2026, 3, 3))
    assert (info.value.field, info.value.rule, info.value.value) == (
        "family_agreed",
        "R-SC-1",
        False,
    )
    assert str(info.value) == (
        "family_agreed must be confirmed before accepting: confirmation that the family agrees "
        "to the referral is missing (R-SC-1), got False"
    )


def test_accept_records_the_deadline_of_the_teams_nation() -> None:
    """The due date follows the policy's nation and deadline (R-SC-5)."""
    referral = professional("domestic-abuse", received=D(2026, 11, 27))
    policy = TeamPolicy(nation="scotland")
    decision = accept(referral, on=D(2026, 11, 30), policy=policy, decided_by="Lead")
    assert decision.due == D(2026, 12, 7)  # St Andrew's Day Mon 30 Nov skipped
    assert decision.decided_by == "Lead"
    assert decision.destination is Destination.WAITING_LIST
    assert accept(referral, on=D(2026, 11, 30)).due == D(2026, 12, 4)
    to_someone = accept(referral, on=D(2026, 11, 30), practitioner="Priya Shah")
    assert (to_someone.destination, to_someone.practitioner) == (
        Destination.PRACTITIONER,
        "Priya Shah",
    )


def test_decline_not_eligible_refused_while_the_reason_is_missing() -> None:
    """One gap: "is missing: ask for it first" (R-SC-1)."""
    referral = professional("bereavement", reason=" ")
    with pytest.raises(InvalidDecision) as info:
        decline(referral, on=D(2026, 3, 3), reason="not-eligible", explanation="Too few risks.")
    assert (info.value.field, info.value.rule, info.value.value) == (
        "reason",
        "R-SC-1",
        "not-eligible",
    )
    assert str(info.value) == (
        "reason must not be 'not-eligible' while the reason for the referral is missing: "
        "ask for it first (R-SC-1), got 'not-eligible'"
    )


def test_decline_for_another_reason_needs_no_risk_information() -> None:
    """Out of area is a refusal on its own ground, not for missing data (R-SC-4)."""
    referral = professional(reason="")
    decision = decline(
        referral,
        on=D(2026, 3, 3),
        reason=DeclineReason.OUT_OF_AREA,
        explanation="The family lives in Kent.",
        alternative_service="Kent parent-infant team",
        decided_by="Lead",
    )
    assert (decision.reason, decision.alternative_service, decision.due) == (
        DeclineReason.OUT_OF_AREA,
        "Kent parent-infant team",
        DUE,
    )


def test_request_information_keeps_the_note_and_deadline() -> None:
    """A request records what is missing, the note and the deadline (R-SC-1, R-SC-5)."""
    request = request_information(
        professional("domestic-abuse"),
        on=D(2026, 3, 3),
        missing=["gp"],
        note="Please send the GP's address.",
        decided_by="Lead",
    )
    assert (request.missing, request.note, request.due, request.decided_by) == (
        (InformationItem.GP,),
        "Please send the GP's address.",
        DUE,
        "Lead",
    )


# --------------------------------------------------------------------------- screen


def test_screen_declines_with_a_plain_explanation_in_the_singular() -> None:
    """One minor factor: "0 significant and 1 other risk factor" against 1 and 4 (R-SC-3, R-SC-4)."""
    decision = screen(professional("bereavement"), on=D(2026, 3, 3))
    assert isinstance(decision, Decline)
    assert decision.reason is DeclineReason.NOT_ELIGIBLE
    assert decision.explanation == (
        "It describes 0 significant and 1 other risk factor; our criteria ask for at least "
        "1 significant or 4 other risk factors."
    )
    assert decision.eligibility is not None
    assert not decision.eligibility.eligible


def test_screen_declines_with_a_plain_explanation_in_the_plural() -> None:
    """Two minor factors against a team's thresholds of 2 and 3 (R-SC-3, R-SC-4)."""
    decision = screen(
        professional("bereavement", "social-isolation"),
        on=D(2026, 3, 3),
        rule=EligibilityRule(min_significant=2, min_minor=3),
    )
    assert isinstance(decision, Decline)
    assert decision.explanation == (
        "It describes 0 significant and 2 other risk factors; our criteria ask for at least "
        "2 significant or 3 other risk factors."
    )


def test_screen_uses_the_policys_thresholds_by_default() -> None:
    """Without a rule, the team policy's thresholds decide (R-SC-3)."""
    referral = professional("bereavement", "social-isolation")
    assert screen(referral, on=D(2026, 3, 3)).kind == "decline"
    decision = screen(referral, on=D(2026, 3, 3), policy=TeamPolicy(min_minor=2))
    assert isinstance(decision, Accept)
    assert decision.eligibility is not None
    assert decision.eligibility.eligible


def test_screen_asks_for_the_reason_before_declining_on_risk() -> None:
    """A team that does not require the reason still cannot refuse without it (R-SC-1)."""
    referral = professional("bereavement", reason="")
    decision = screen(referral, on=D(2026, 3, 3), required=[InformationItem.PARENT_CONTACT])
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.REASON,)


def test_screen_always_checks_the_familys_agreement() -> None:
    """Agreement is checked whatever the team requires (R-SC-1 c)."""
    referral = professional("domestic-abuse", agreed=None)
    decision = screen(referral, on=D(2026, 3, 3), required=[])
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.FAMILY_AGREED,)


def test_screen_passes_who_decided_and_why_late() -> None:
    """A late proposal carries the delay reason; who screened is kept (R-SC-5)."""
    decision = screen(
        professional("domestic-abuse"),
        on=D(2026, 3, 11),
        decided_by="Lead",
        delay_reason="Team away",
    )
    assert (decision.kind, decision.late, decision.delay_reason, decision.decided_by) == (
        "accept",
        True,
        "Team away",
        "Lead",
    )


# --------------------------------------------------------------------------- notifications


def test_accepting_straight_to_a_practitioner_tells_family_and_referrer_who() -> None:
    """Family and referrer are told; the practitioner is named (R-SC-6)."""
    referral = professional("domestic-abuse")
    plan = notifications(referral, accept(referral, on=D(2026, 3, 3), practitioner="Priya Shah"))
    family, referrer = plan.send
    assert (family.recipient, family.name, family.rule) == (
        Recipient.FAMILY,
        "Ana Silva",
        "R-SC-6",
    )
    assert family.subject == "Your referral has been accepted"
    assert family.message == (
        "Your referral (received 02 March 2026) has been accepted: Priya Shah will contact you "
        "to arrange a first appointment."
    )
    assert (referrer.recipient, referrer.name) == (Recipient.REFERRER, "Jo Smith")
    assert referrer.subject == "Referral R-1 accepted"
    assert referrer.message == (
        "We have accepted the referral of Ana Silva; Priya Shah will contact the family."
    )
    assert plan.withheld == ()


def test_accepting_onto_the_waiting_list_tells_the_family_they_wait() -> None:
    """The family hears they are on the waiting list (R-SC-6)."""
    referral = professional("domestic-abuse")
    family = notifications(referral, accept(referral, on=D(2026, 3, 3))).send[0]
    assert family.message == (
        "Your referral (received 02 March 2026) has been accepted: you are on our waiting list "
        "and we will contact you when a practitioner is free."
    )


def test_a_decline_tells_the_referrer_why_and_where_else() -> None:
    """The referrer is told the reason, the explanation and the alternative (R-SC-4)."""
    referral = professional("domestic-abuse")
    decision = decline(
        referral,
        on=D(2026, 3, 3),
        reason="out-of-area",
        explanation="The family lives in Kent.",
        alternative_service="the Kent parent-infant team",
    )
    (note,) = notifications(referral, decision, vocabulary="registration").send
    assert (note.recipient, note.name, note.rule) == (Recipient.REFERRER, "Jo Smith", "R-SC-4")
    assert note.subject == "Registration R-1 not accepted"
    assert note.message == (
        "We are not able to accept the registration of Ana Silva: the family lives outside the "
        "area the team serves. The family lives in Kent. We suggest the Kent parent-infant team."
    )


def test_a_decline_without_an_alternative_suggests_nothing() -> None:
    """No alternative service: the message ends with the explanation (R-SC-4)."""
    referral = professional("domestic-abuse")
    decision = decline(
        referral, on=D(2026, 3, 3), reason="already-known", explanation="Open to Priya."
    )
    (note,) = notifications(referral, decision).send
    assert note.message == (
        "We are not able to accept the referral of Ana Silva: the family is already open to "
        "the team. Open to Priya."
    )


def test_a_decline_of_a_self_referral_goes_to_the_family() -> None:
    """For a self-referral the family hears the reason (R-SC-4)."""
    referral = self_referral("domestic-abuse", consent=False)
    decision = decline(
        referral, on=D(2026, 3, 3), reason="out-of-area", explanation="You live in Kent."
    )
    plan = notifications(referral, decision)
    (note,) = plan.send
    assert (note.recipient, note.name, note.subject) == (
        Recipient.FAMILY,
        "Ana Silva",
        "Referral R-2 not accepted",
    )
    assert [(w.recipient, w.reason) for w in plan.withheld] == [
        (Recipient.HEALTH_VISITOR, "the family did not consent to share (R-SC-6)"),
        (Recipient.GP, "the family did not consent to share (R-SC-6)"),
    ]


def test_a_request_for_information_lists_the_items_and_the_note() -> None:
    """The referrer hears each missing item, then the note (R-SC-1)."""
    referral = professional("domestic-abuse")
    request = request_information(
        referral, on=D(2026, 3, 3), missing=["gp", "reason"], note="Thank you."
    )
    (note,) = notifications(referral, request).send
    assert (note.recipient, note.rule) == (Recipient.REFERRER, "R-SC-1")
    assert note.subject == "More information needed for referral R-1"
    assert note.message == (
        "Before we can decide on the referral of Ana Silva we need: the family's GP; the reason "
        "for the referral. Thank you."
    )
    bare = request_information(referral, on=D(2026, 3, 3), missing=["gp"])
    assert notifications(referral, bare).send[0].message == (
        "Before we can decide on the referral of Ana Silva we need: the family's GP."
    )


def test_a_request_to_a_self_referring_family_tells_no_professional() -> None:
    """Asking for information decides nothing, so nobody else is told (R-SC-6)."""
    referral = self_referral("domestic-abuse", consent=True, hv="Sam Hill")
    plan = notifications(referral, request_information(referral, on=D(2026, 3, 3), missing=["gp"]))
    assert [n.recipient for n in plan.send] == [Recipient.FAMILY]
    assert plan.withheld == ()


def test_with_consent_the_health_visitor_and_gp_hear_of_a_self_referral() -> None:
    """Consent to share lets the team tell the health visitor and GP (R-SC-6)."""
    referral = self_referral("domestic-abuse", consent=True, hv="Sam Hill")
    plan = notifications(referral, screen(referral, on=D(2026, 3, 3)))
    assert [(n.recipient, n.name) for n in plan.send] == [
        (Recipient.FAMILY, "Ana Silva"),
        (Recipient.HEALTH_VISITOR, "Sam Hill"),
        (Recipient.GP, "Elm Surgery"),
    ]
    hv = plan.send[1]
    assert (hv.subject, hv.rule) == ("Self-referral by Ana Silva", "R-SC-6")
    assert hv.message == (
        "Ana Silva made a self-referral to our team on 02 March 2026; it was accepted. "
        "The family agreed that we tell you."
    )
    declined = decline(referral, on=D(2026, 3, 3), reason="other", explanation="Moved away.")
    gp = notifications(referral, declined).send[-1]
    assert gp.message == (
        "Ana Silva made a self-referral to our team on 02 March 2026; it was not accepted. "
        "The family agreed that we tell you."
    )


def test_a_withheld_notice_names_nobody_when_no_one_is_recorded() -> None:
    """A blank GP is no GP: the notice is withheld without a name (R-SC-6)."""
    referral = self_referral("domestic-abuse", consent=None, gp=" ")
    plan = notifications(referral, screen(referral, on=D(2026, 3, 3)))
    assert [(w.recipient, w.name) for w in plan.withheld] == [
        (Recipient.HEALTH_VISITOR, None),
        (Recipient.GP, None),
    ]
    with_gp = self_referral("domestic-abuse", consent=None)
    held = notifications(with_gp, screen(with_gp, on=D(2026, 3, 3))).withheld
    assert [(w.recipient, w.name) for w in held] == [
        (Recipient.HEALTH_VISITOR, None),
        (Recipient.GP, "Elm Surgery"),
    ]


def test_notifications_refuse_a_decision_for_another_referral() -> None:
    """A decision is told only about its own referral (R-SC-6)."""
    referral = professional("domestic-abuse")
    other = accept(self_referral("domestic-abuse"), on=D(2026, 3, 3))
    with pytest.raises(InvalidDecision) as info:
        notifications(referral, other)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "decision.referral_id",
        "R-SC-6",
        "R-2",
    )
    assert str(info.value) == (
        "decision.referral_id must match the referral ('R-1') (R-SC-6), got 'R-2'"
    )


def test_notifications_refuse_something_that_is_not_a_decision() -> None:
    """Only the three screening decisions can be told (R-SC-6)."""

    class Fake:
        referral_id = "R-1"

    with pytest.raises(InvalidDecision) as info:
        notifications(professional("domestic-abuse"), Fake())  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule, info.value.value) == ("decision", "R-SC-6", "Fake")
    assert str(info.value) == (
        "decision must be an Accept, a Decline or a MoreInformationNeeded (R-SC-6), got 'Fake'"
    )


def test_notifications_refuse_an_unknown_vocabulary() -> None:
    """Only the known vocabularies can word the notices (R-IN-2)."""
    referral = professional("domestic-abuse")
    with pytest.raises(InvalidPolicy) as info:
        notifications(referral, accept(referral, on=D(2026, 3, 3)), vocabulary="enrolment")
    assert (info.value.field, info.value.rule, info.value.value) == (
        "vocabulary",
        "R-IN-2",
        "enrolment",
    )
    assert str(info.value) == (
        "vocabulary must be one of 'referral', 'registration' (R-IN-2), got 'enrolment'"
    )


def test_vocabulary_words_the_acceptance_for_the_referrer() -> None:
    """A registration team's referrer hears "registration" (R-IN-2)."""
    referral = professional("domestic-abuse")
    plan = notifications(
        referral, accept(referral, on=D(2026, 3, 3)), vocabulary=Vocabulary.REGISTRATION
    )
    assert plan.send[0].subject == "Your registration has been accepted"
    assert plan.send[1].subject == "Registration R-1 accepted"
    assert plan.send[1].message.startswith(
        "We have accepted the registration of Ana Silva onto our waiting list."
    )


def test_decline_not_eligible_refused_while_reason_and_risks_are_missing() -> None:
    """Two gaps: both named, "are missing: ask for them first" (R-SC-1)."""
    referral = professional(reason="")
    with pytest.raises(InvalidDecision) as info:
        decline(referral, on=D(2026, 3, 3), reason="not-eligible", explanation="No risks.")
    assert (info.value.field, info.value.rule, info.value.value) == (
        "reason",
        "R-SC-1",
        "not-eligible",
    )
    assert str(info.value) == (
        "reason must not be 'not-eligible' while the reason for the referral and the risks and "
        "stressors affecting the family are missing: ask for them first (R-SC-1), "
        "got 'not-eligible'"
    )


def test_missing_information_checks_only_what_is_required() -> None:
    """The GP is asked for only when a team requires it (R-SC-1 b)."""
    referral = professional("domestic-abuse", phone=None)
    assert missing_information(referral) == (InformationItem.PARENT_CONTACT,)
    assert missing_information(referral, [InformationItem.GP, InformationItem.REASON]) == (
        InformationItem.GP,
    )
    assert missing_information(referral, []) == ()
    complete = Referral(
        id="R-3",
        received=RECEIVED,
        route=SelfReferral(),
        family=make_family(gp="Elm Surgery"),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(["bereavement"]),
        reason="Worried",
    )
    assert missing_information(complete, list(InformationItem)) == ()


def test_an_empty_practitioner_name_is_no_name() -> None:
    """An empty name does not name a practitioner; the refusal shows what was given (R-SC-6)."""
    with pytest.raises(InvalidDecision) as info:
        Accept(
            referral_id="R-1",
            received=RECEIVED,
            due=DUE,
            decided_on=RECEIVED,
            destination=Destination.PRACTITIONER,
            practitioner="",
        )
    assert (info.value.field, info.value.rule, info.value.value) == ("practitioner", "R-SC-6", "")
    assert str(info.value) == (
        "practitioner must be named when accepting straight to a practitioner (R-SC-6), got ''"
    )


def test_a_person_may_accept_without_the_reason_risks_or_contact_details() -> None:
    """Accepting needs only the family's knowledge and agreement (R-SC-1 c, R-SC-4).

    The clinical lead can overrule the proposal, so missing reason, risks or
    contact details do not stop a decision made by hand.
    """
    referral = professional(reason="", phone=None)
    decision = accept(referral, on=D(2026, 3, 3))
    assert (decision.kind, decision.referral_id, decision.due) == ("accept", "R-1", DUE)


def test_a_not_eligible_decline_needs_only_the_reason_and_risks() -> None:
    """Judging risk needs the reason and the risks, not contact details or consent (R-SC-1)."""
    referral = professional("bereavement", phone=None, agreed=None)
    decision = decline(
        referral, on=D(2026, 3, 3), reason="not-eligible", explanation="Too few risks named."
    )
    assert (decision.reason, decision.explanation) == (
        DeclineReason.NOT_ELIGIBLE,
        "Too few risks named.",
    )


def test_a_late_decline_records_who_decided_and_why_late() -> None:
    """A decline after the due day keeps the decider and the delay reason (R-SC-5)."""
    decision = decline(
        professional("domestic-abuse"),
        on=D(2026, 3, 10),
        reason="out-of-area",
        explanation="The family lives in Kent.",
        decided_by="Lead",
        delay_reason="Waiting for the address",
    )
    assert (decision.late, decision.decided_by, decision.delay_reason) == (
        True,
        "Lead",
        "Waiting for the address",
    )


@pytest.mark.parametrize(
    ("referral", "kind"),
    [
        pytest.param(professional("domestic-abuse", agreed=None), "more-information", id="ask"),
        pytest.param(professional("bereavement"), "decline", id="decline"),
    ],
)
def test_screen_keeps_who_screened_on_every_kind_of_proposal(
    referral: Referral, kind: str
) -> None:
    """Who screened is recorded whatever the proposal (R-SC-4), not only on an acceptance."""
    decision = screen(referral, on=D(2026, 3, 3), decided_by="Dr Okafor")
    assert (decision.kind, decision.decided_by) == (kind, "Dr Okafor")


def test_screen_asking_for_the_reason_counts_the_deadline_in_the_teams_policy() -> None:
    """The deadline of a request made because the reason is missing is the policy's (R-SC-5).

    Received Monday 2 March 2026; a team deciding within 10 working days is due
    on Monday 16 March (3-6, 9-13 and 16 are the ten), not the default 5 days' 9 March.
    """
    policy = TeamPolicy(decision_working_days=10)
    referral = professional("bereavement", reason="")
    decision = screen(
        referral, on=D(2026, 3, 3), policy=policy, required=[InformationItem.PARENT_CONTACT]
    )
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.REASON,)
    assert decision.due == D(2026, 3, 16)


def test_a_notice_to_a_self_referring_family_cites_the_rule_behind_it() -> None:
    """The family hears a decline under R-SC-4 and a request under R-SC-1, as a referrer would."""
    referral = self_referral("domestic-abuse", consent=False)
    declined = decline(
        referral, on=D(2026, 3, 3), reason="out-of-area", explanation="You live in Kent."
    )
    asked = request_information(referral, on=D(2026, 3, 3), missing=["gp"])
    (decline_note,) = notifications(referral, declined).send
    (request_note,) = notifications(referral, asked).send
    assert (decline_note.recipient, decline_note.rule) == (Recipient.FAMILY, "R-SC-4")
    assert (request_note.recipient, request_note.rule) == (Recipient.FAMILY, "R-SC-1")


TEN_DAY_POLICY = TeamPolicy(decision_working_days=10)
TEN_DAYS_DUE = D(2026, 3, 16)  # received Mon 2 March: 3-6, 9-13 and 16 March are the ten


@pytest.mark.parametrize(
    ("referral", "required", "kind"),
    [
        pytest.param(
            professional("domestic-abuse", agreed=None), None, "more-information", id="agreement"
        ),
        pytest.param(professional("domestic-abuse"), None, "accept", id="accept"),
        pytest.param(professional("bereavement"), None, "decline", id="decline"),
        pytest.param(
            professional("bereavement", reason=""), [], "more-information", id="reason-for-risk"
        ),
    ],
)
def test_screen_counts_the_deadline_of_the_teams_policy_on_every_path(
    referral: Referral, required: list[InformationItem] | None, kind: str
) -> None:
    """Whatever screening proposes, the deadline is the team's (R-SC-5), not the default's."""
    extra = {} if required is None else {"required": required}
    decision = screen(referral, on=D(2026, 3, 3), policy=TEN_DAY_POLICY, **extra)  # type: ignore[arg-type]
    assert (decision.kind, decision.due) == (kind, TEN_DAYS_DUE)


def test_screen_asking_for_the_reason_late_keeps_who_and_why() -> None:
    """A late request for the reason carries who screened and why late (R-SC-5)."""
    decision = screen(
        professional("bereavement", reason=""),
        on=D(2026, 3, 11),
        required=[],
        decided_by="Lead",
        delay_reason="Team away",
    )
    assert isinstance(decision, MoreInformationNeeded)
    assert (decision.late, decision.decided_by, decision.delay_reason) == (
        True,
        "Lead",
        "Team away",
    )


def test_screen_asks_only_for_what_judging_risk_needs_before_a_decline() -> None:
    """Before declining on risk, screening asks for the reason and risks only (R-SC-1).

    A team that requires nothing still cannot decline without the reason; it
    does not then also ask for a parent's phone number it chose not to require.
    """
    referral = professional("bereavement", reason="", phone=None)
    decision = screen(referral, on=D(2026, 3, 3), required=[])
    assert isinstance(decision, MoreInformationNeeded)
    assert decision.missing == (InformationItem.REASON,)
