"""The case lifecycle: its states and where a screening decision leaves a case (DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._referral import Referral
from parentinfant.lifecycle import (
    CaseState,
    ClosureReason,
    MhsdsClosureGroup,
    state_after_screening,
)
from parentinfant.screening import (
    Accept,
    Decline,
    DeclineReason,
    Destination,
    InformationItem,
    MoreInformationNeeded,
    ScreeningDecision,
    accept,
    decline,
    request_information,
    screen,
)
from strategies import names, referrals

D = dt.date
COMMON = {
    "referral_id": "R-1",
    "received": D(2026, 11, 2),
    "due": D(2026, 11, 9),
    "decided_on": D(2026, 11, 3),
}

# Reasons that do not rest on the risk assessment, so any referral may be declined for them.
OTHER_REASONS = [r for r in DeclineReason if r is not DeclineReason.NOT_ELIGIBLE]

# --------------------------------------------------------------------------- states


@pytest.mark.parametrize(
    "state",
    [CaseState.DECLINED, CaseState.REFERRED_BACK, CaseState.CLOSED, CaseState.WITHDRAWN],
)
def test_declined_referred_back_closed_and_withdrawn_are_closed_states_section_11(
    state: CaseState,
) -> None:
    assert state.closed


@pytest.mark.parametrize(
    "state",
    [
        CaseState.RECEIVED,
        CaseState.SCREENING,
        CaseState.AWAITING_INFORMATION,
        CaseState.WAITING,
        CaseState.ALLOCATED,
        CaseState.ENGAGING,
        CaseState.ASSESSMENT,
        CaseState.INTERVENTION,
        CaseState.ENDING,
        CaseState.FOLLOW_UP,
    ],
)
def test_open_states_are_not_closed_section_11(state: CaseState) -> None:
    assert not state.closed


def test_state_values_are_lower_case_and_stable_on_the_wire() -> None:
    assert all(s.value == s.value.lower() and " " not in s.value for s in CaseState)
    assert CaseState("awaiting-information") is CaseState.AWAITING_INFORMATION


# --------------------------------------------------------------------------- after screening


def test_accept_to_the_waiting_list_leaves_the_case_waiting_R_SC_6() -> None:
    assert state_after_screening(Accept(**COMMON)) is CaseState.WAITING


def test_accept_straight_to_a_practitioner_leaves_the_case_allocated_R_SC_6() -> None:
    decision = Accept(**COMMON, destination="practitioner", practitioner="Priya Shah")
    assert state_after_screening(decision) is CaseState.ALLOCATED


def test_decline_closes_the_case_as_declined_R_SC_4() -> None:
    decision = Decline(**COMMON, reason="out-of-area", explanation="Lives in Kent")
    state = state_after_screening(decision)
    assert state is CaseState.DECLINED
    assert state.closed


@pytest.mark.parametrize("item", list(InformationItem))
def test_more_information_leaves_the_case_open_awaiting_it_R_SC_1(item: InformationItem) -> None:
    state = state_after_screening(MoreInformationNeeded(**COMMON, missing=[item]))
    assert state is CaseState.AWAITING_INFORMATION
    assert not state.closed


@st.composite
def decisions_with_expected_state(draw: st.DrawFn) -> tuple[ScreeningDecision, CaseState]:
    """A decision made on the day of receipt (never late), with the state it must give."""
    referral: Referral = draw(referrals(detailed=False))
    on = referral.received
    kind = draw(st.sampled_from(["waiting-list", "practitioner", "decline", "more-information"]))
    if kind == "waiting-list":
        return accept(referral, on=on), CaseState.WAITING
    if kind == "practitioner":
        return accept(referral, on=on, practitioner=draw(names())), CaseState.ALLOCATED
    if kind == "decline":
        reason = draw(st.sampled_from(OTHER_REASONS))
        return decline(referral, on=on, reason=reason, explanation="x"), CaseState.DECLINED
    missing = draw(st.lists(st.sampled_from(InformationItem), min_size=1, unique=True))
    return request_information(referral, on=on, missing=missing), CaseState.AWAITING_INFORMATION


@given(decisions_with_expected_state())
def test_state_after_screening_follows_the_decision_kind_R_SC_1_R_SC_4_R_SC_6(
    case: tuple[ScreeningDecision, CaseState],
) -> None:
    decision, expected = case
    assert state_after_screening(decision) is expected


@given(referrals(detailed=False))
def test_a_screened_case_is_closed_only_when_declined_R_SC_1(referral: Referral) -> None:
    """Missing information never closes a case: only a decline does (R-SC-1, R-SC-4)."""
    decision = screen(referral, on=referral.received)
    state = state_after_screening(decision)
    assert state.closed == isinstance(decision, Decline)


@given(referrals(detailed=False))
def test_a_screened_case_never_skips_to_a_practitioner_R_SC_6(referral: Referral) -> None:
    """The rules accept onto the waiting list; going straight to a practitioner is a person's call."""
    decision = screen(referral, on=referral.received)
    assert state_after_screening(decision) is not CaseState.ALLOCATED
    if isinstance(decision, Accept):
        assert decision.destination is Destination.WAITING_LIST


# --------------------------------------------------------------------------- MHSDS reporting groups


def test_every_closure_reason_falls_in_exactly_one_mhsds_group() -> None:
    groups = {reason: reason.mhsds_group for reason in ClosureReason}
    assert set(groups) == set(ClosureReason)
    assert all(isinstance(g, MhsdsClosureGroup) for g in groups.values())
    # Closure codes never overlap between groups; "other" claims none.
    closure_codes = [
        code for g in MhsdsClosureGroup if g.field == "ReferClosReason" for code in g.codes
    ]
    assert len(closure_codes) == len(set(closure_codes))
    assert set(closure_codes) == {"01", "02", "03", "04", "05", "07", "08", "09"}


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("declined", "referral not accepted"),
        ("information-not-received", "referral not accepted"),
        ("non-engagement", "DNA / refused to be seen"),
        ("work-completed", "treatment complete / further treatment not appropriate"),
        ("no-further-work", "treatment complete / further treatment not appropriate"),
        ("referred-on", "admitted / referred elsewhere"),
        ("moved-away", "person moved / requested discharge"),
        ("family-withdrew", "person moved / requested discharge"),
        ("other", "other reason / unknown"),
    ],
)
def test_closure_reasons_map_to_the_mhsds_reporting_group(reason: str, label: str) -> None:
    assert ClosureReason(reason).mhsds_group.label == label


def test_a_refusal_is_reported_as_not_accepted_not_as_a_closure() -> None:
    group = ClosureReason.DECLINED.mhsds_group
    assert group.field == "ReferRejectReason"
    assert ClosureReason.WORK_COMPLETED.mhsds_group.field == "ReferClosReason"
