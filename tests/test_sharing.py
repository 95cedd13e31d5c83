"""Information sharing decisions (R-REC-1) and self-referral notices (R-SC-6)."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant._referral import Referral, SelfReferral
from parentinfant._sharing import (
    Consent,
    InformationKind,
    RecipientKind,
    RefusalCode,
    SharingAllowed,
    SharingAllowedForSafeguarding,
    SharingDecision,
    SharingRecipient,
    SharingRefused,
    audit_lines,
    decide_notification,
    decide_sharing,
    notification_consent,
)
from parentinfant.errors import InvalidRecord
from parentinfant.family import Family, Infant, Parent
from parentinfant.screening import Accept, Decline, notifications
from strategies import referrals

D = dt.date
T = dt.datetime
GIVEN = D(2026, 11, 2)
AT = T(2026, 11, 20, 10, 30)
GP = SharingRecipient(RecipientKind.GP, "Elm Surgery")
HV = SharingRecipient(RecipientKind.HEALTH_VISITOR, "Jo Smith")


def consent(**changes: object) -> Consent:
    fields: dict[str, object] = {
        "given_by": "Ana Haddad",
        "given_on": GIVEN,
        "information": [InformationKind.ATTENDANCE],
        "recipients": [RecipientKind.GP],
    }
    fields.update(changes)
    return Consent(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- R-REC-1: with consent


def test_consent_in_scope_and_in_force_allows_sharing_with_it_as_basis_R_REC_1() -> None:
    c = consent()
    decision = decide_sharing(InformationKind.ATTENDANCE, GP, [c], at=AT)
    assert isinstance(decision, SharingAllowed)
    assert decision.basis == c
    assert (decision.information, decision.recipient, decision.at, decision.rule) == (
        InformationKind.ATTENDANCE,
        GP,
        AT,
        "R-REC-1",
    )


def test_wire_values_are_accepted_for_the_information_kind_R_REC_1() -> None:
    assert decide_sharing("attendance", GP, [consent()], at=AT).allowed


def test_no_consent_on_file_refuses_sharing_R_REC_1() -> None:
    decision = decide_sharing(InformationKind.ATTENDANCE, GP, [], at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_CONSENT
    assert decision.reason == "no consent on file covers the attendance for the GP (Elm Surgery)"


def test_consent_for_another_kind_of_information_refuses_sharing_R_REC_1() -> None:
    decision = decide_sharing(InformationKind.CLINICAL_SUMMARY, GP, [consent()], at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_CONSENT


def test_consent_for_another_recipient_refuses_sharing_R_REC_1() -> None:
    decision = decide_sharing(InformationKind.ATTENDANCE, HV, [consent()], at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_CONSENT


def test_consent_naming_a_recipient_covers_that_recipient_ignoring_case_R_REC_1() -> None:
    c = consent(recipients=[SharingRecipient("other", "Oak Children's Centre")])
    assert decide_sharing(
        "attendance", SharingRecipient("other", "oak  children's centre"), [c], at=AT
    ).allowed


def test_consent_naming_a_recipient_does_not_cover_another_of_the_same_kind_R_REC_1() -> None:
    c = consent(recipients=[SharingRecipient("gp", "Elm Surgery")])
    assert not decide_sharing(
        "attendance", SharingRecipient("gp", "Oak Surgery"), [c], at=AT
    ).allowed


def test_sharing_before_the_consent_holds_is_refused_R_REC_1() -> None:
    c = consent(valid_from=D(2026, 12, 1))
    decision = decide_sharing("attendance", GP, [c], at=T(2026, 11, 30, 23, 59))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NOT_YET_VALID
    assert decision.reason == (
        "consent given by Ana Haddad on 2 November 2026 holds only from 1 December 2026"
    )
    assert decide_sharing("attendance", GP, [c], at=T(2026, 12, 1, 0, 0)).allowed


def test_sharing_before_the_consent_was_given_is_refused_R_REC_1() -> None:
    decision = decide_sharing("attendance", GP, [consent()], at=T(2026, 11, 1, 12, 0))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NOT_YET_VALID


def test_sharing_after_the_consent_ran_out_is_refused_and_its_last_day_is_covered_R_REC_1() -> (
    None
):
    c = consent(valid_until=D(2026, 11, 30))
    assert decide_sharing("attendance", GP, [c], at=T(2026, 11, 30, 23, 0)).allowed
    decision = decide_sharing("attendance", GP, [c], at=T(2026, 12, 1, 9, 0))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.EXPIRED
    assert decision.reason.endswith("ran out on 30 November 2026")


def test_withdrawal_refuses_sharing_from_the_start_of_its_day_R_REC_1() -> None:
    c = consent(withdrawn_on=D(2026, 11, 10))
    assert decide_sharing("attendance", GP, [c], at=T(2026, 11, 9, 23, 59)).allowed
    decision = decide_sharing("attendance", GP, [c], at=T(2026, 11, 10, 0, 1))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.WITHDRAWN
    assert decision.reason == (
        "consent given by Ana Haddad on 2 November 2026 was withdrawn on 10 November 2026"
    )


def test_the_most_recently_given_covering_consent_is_the_basis_R_REC_1() -> None:
    older = consent(given_on=D(2026, 1, 5), reference="CF-1")
    newer = consent(given_on=D(2026, 6, 1), reference="CF-2")
    decision = decide_sharing("attendance", GP, [older, newer], at=AT)
    assert isinstance(decision, SharingAllowed)
    assert decision.basis == newer


def test_a_refusal_names_every_in_scope_consent_most_recent_first_R_REC_1() -> None:
    withdrawn = consent(given_on=D(2026, 6, 1), withdrawn_on=D(2026, 7, 1))
    expired = consent(given_on=D(2026, 1, 5), valid_until=D(2026, 3, 31))
    decision = decide_sharing("attendance", GP, [expired, withdrawn], at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.WITHDRAWN
    assert decision.reason == (
        "consent given by Ana Haddad on 1 June 2026 was withdrawn on 1 July 2026; "
        "consent given by Ana Haddad on 5 January 2026 ran out on 31 March 2026"
    )


def test_nothing_is_shared_with_a_recipient_not_recorded_R_REC_1() -> None:
    decision = decide_sharing("attendance", SharingRecipient("gp"), [consent()], at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_RECIPIENT
    assert decision.reason == "no GP recorded for the family"


# --------------------------------------------------------------------------- R-REC-1: safeguarding


def test_a_stated_safeguarding_concern_allows_sharing_without_consent_R_REC_1() -> None:
    social_care = SharingRecipient("social-care", "City MASH")
    decision = decide_sharing(
        "clinical-summary",
        social_care,
        [],
        at=AT,
        safeguarding_concern="  Baby left alone in the bath ",
        observed_by="Sam Lee",
        decided_by="Priya Shah",
    )
    assert isinstance(decision, SharingAllowedForSafeguarding)
    assert decision.concern == "Baby left alone in the bath"
    assert (decision.observed_by, decision.decided_by, decision.consent) == (
        "Sam Lee",
        "Priya Shah",
        None,
    )


def test_a_safeguarding_decision_keeps_the_concern_and_notes_a_covering_consent_R_REC_1() -> None:
    c = consent()
    decision = decide_sharing("attendance", GP, [c], at=AT, safeguarding_concern="Injury seen")
    assert isinstance(decision, SharingAllowedForSafeguarding)
    assert decision.consent == c
    assert "also covers it" in decision.explain()


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_safeguarding_concern_is_not_a_stated_one_R_REC_1(blank: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_sharing("attendance", GP, [], at=AT, safeguarding_concern=blank)
    assert (caught.value.field, caught.value.rule) == ("safeguarding_concern", "R-REC-1")


def test_even_for_safeguarding_nothing_goes_to_a_recipient_not_recorded_R_REC_1() -> None:
    decision = decide_sharing(
        "attendance",
        SharingRecipient("social-care"),
        [],
        at=AT,
        safeguarding_concern="Injury seen",
    )
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_RECIPIENT


# --------------------------------------------------------------------------- R-REC-1: valid values


def test_an_allowed_decision_without_a_covering_consent_cannot_be_made_R_REC_1() -> None:
    with pytest.raises(InvalidRecord) as caught:
        SharingAllowed(information="assessment", recipient=GP, at=AT, basis=consent())
    assert caught.value.field == "basis"


def test_a_safeguarding_decision_needs_a_stated_concern_R_REC_1() -> None:
    with pytest.raises(InvalidRecord) as caught:
        SharingAllowedForSafeguarding(information="attendance", recipient=GP, at=AT, concern="")
    assert caught.value.field == "concern"


def test_a_decision_needs_a_date_and_time_not_only_a_day_R_REC_1() -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_sharing("attendance", GP, [consent()], at=D(2026, 11, 20))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("at", "R-REC-1")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"information": []}, "information"),
        ({"information": ["gossip"]}, "information"),
        ({"recipients": []}, "recipients"),
        ({"recipients": ["other"]}, "recipients"),
        ({"recipients": [SharingRecipient("gp")]}, "recipients"),
        ({"given_by": " "}, "given_by"),
        ({"given_on": T(2026, 11, 2, 9, 0)}, "given_on"),
        ({"valid_from": D(2026, 11, 1)}, "valid_from"),
        ({"valid_from": D(2026, 11, 5), "valid_until": D(2026, 11, 4)}, "valid_until"),
        ({"withdrawn_on": D(2026, 11, 1)}, "withdrawn_on"),
        ({"reference": ""}, "reference"),
    ],
)
def test_a_consent_out_of_rule_is_refused_naming_the_field_R_REC_1(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        consent(**changes)
    assert (caught.value.field, caught.value.rule) == (field, "R-REC-1")


def test_withdrawing_a_consent_returns_a_new_one_and_keeps_the_first_withdrawal_R_REC_1() -> None:
    c = consent()
    withdrawn = c.withdraw(D(2026, 12, 1))
    assert c.withdrawn_on is None
    assert withdrawn.withdrawn_on == D(2026, 12, 1)
    with pytest.raises(InvalidRecord):
        withdrawn.withdraw(D(2026, 12, 5))


def test_an_other_recipient_must_be_named_R_REC_1() -> None:
    with pytest.raises(InvalidRecord) as caught:
        SharingRecipient(RecipientKind.OTHER)
    assert caught.value.field == "name"


# --------------------------------------------------------------------------- R-REC-1: audit


def test_audit_lines_give_one_line_per_decision_with_time_basis_and_rule_R_REC_1() -> None:
    c = consent(reference="CF-1")
    decisions = [
        decide_sharing("attendance", GP, [c], at=T(2026, 11, 3, 9, 0), decided_by="Jo"),
        decide_sharing(
            "assessment",
            SharingRecipient("social-care", "City MASH"),
            [c],
            at=T(2026, 11, 4, 16, 5),
            safeguarding_concern="Injury seen",
            observed_by="Sam",
        ),
        decide_sharing("assessment", GP, [c], at=T(2026, 11, 5, 11, 0)),
    ]
    assert audit_lines(decisions) == (
        "2026-11-03T09:00 | allowed | attendance -> gp (Elm Surgery) | consent given by Ana Haddad "
        "on 2 November 2026 (ref CF-1) | R-REC-1 | by Jo",
        "2026-11-04T16:05 | allowed-safeguarding | assessment -> social-care (City MASH) | "
        "safeguarding concern: Injury seen, observed by Sam | R-REC-1",
        "2026-11-05T11:00 | refused (no-consent) | assessment -> gp (Elm Surgery) | no consent on "
        "file covers the assessment for the GP (Elm Surgery) | R-REC-1",
    )


def test_audit_lines_refuse_what_is_not_a_decision_R_REC_1() -> None:
    with pytest.raises(InvalidRecord):
        audit_lines(["allowed"])  # type: ignore[list-item]


# --------------------------------------------------------------------------- properties

_START = D(2026, 1, 1)
_NAMES = ("Elm Surgery", "Oak Surgery", "Jo Smith")


def _days(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


recipients_ = st.builds(
    SharingRecipient,
    kind=st.sampled_from([k for k in RecipientKind if k is not RecipientKind.OTHER]),
    name=st.sampled_from((None, *_NAMES)),
) | st.builds(SharingRecipient, kind=st.just(RecipientKind.OTHER), name=st.sampled_from(_NAMES))
named_recipients = recipients_.filter(lambda r: r.name is not None)
informations = st.sampled_from(InformationKind)
scope_recipients = (
    st.sampled_from([k for k in RecipientKind if k is not RecipientKind.OTHER]) | named_recipients
)


@st.composite
def consents(draw: st.DrawFn) -> Consent:
    given = _START + dt.timedelta(days=draw(_days(0, 60)))
    valid_from = given + dt.timedelta(days=draw(_days(0, 10)))
    until = draw(st.none() | _days(0, 40).map(lambda n: valid_from + dt.timedelta(days=n)))
    withdrawn = draw(st.none() | _days(0, 60).map(lambda n: given + dt.timedelta(days=n)))
    return Consent(
        given_by=draw(st.sampled_from(("Ana", "Tom"))),
        given_on=given,
        information=draw(st.sets(informations, min_size=1, max_size=len(InformationKind))),
        recipients=draw(st.sets(scope_recipients, min_size=1, max_size=5)),
        valid_from=valid_from,
        valid_until=until,
        withdrawn_on=withdrawn,
    )


moments = st.datetimes(min_value=T(2025, 12, 25), max_value=T(2026, 4, 10))
consent_lists = st.lists(consents(), max_size=4)

Situation = tuple[InformationKind, SharingRecipient, list[Consent], dt.datetime]


@st.composite
def situations(draw: st.DrawFn, *, named: bool = False) -> Situation:
    """A request and the consents on file; half the time aimed at one of those consents."""
    on_file: list[Consent] = draw(consent_lists)
    who = named_recipients if named else recipients_
    aimed: bool = draw(st.booleans())
    if on_file and aimed:
        target = draw(st.sampled_from(on_file))
        information = draw(st.sampled_from(sorted(target.information, key=lambda k: k.value)))
        scope = sorted(target.recipients, key=repr)
        entry = draw(st.sampled_from(scope))
        if isinstance(entry, SharingRecipient):
            recipient = entry
        else:
            names = _NAMES if named else (None, *_NAMES)
            recipient = SharingRecipient(entry, draw(st.sampled_from(names)))
        start = dt.datetime.combine(target.valid_from, dt.time())
        at = draw(
            st.datetimes(
                min_value=start - dt.timedelta(days=3), max_value=start + dt.timedelta(days=45)
            )
        )
    else:
        information, recipient, at = draw(informations), draw(who), draw(moments)
    return information, recipient, on_file, at


@given(situations())
def test_without_a_covering_consent_or_a_concern_sharing_is_always_refused_R_REC_1(
    situation: Situation,
) -> None:
    information, recipient, on_file, at = situation
    decision = decide_sharing(information, recipient, on_file, at=at)
    covered = any(c.covers(information, recipient, at.date()) for c in on_file)
    assert decision.allowed == (covered and recipient.name is not None)
    assert isinstance(decision, SharingAllowed | SharingRefused)


@given(situations())
def test_a_withdrawn_consent_never_allows_sharing_after_withdrawal_R_REC_1(
    situation: Situation,
) -> None:
    information, recipient, on_file, at = situation
    decision = decide_sharing(information, recipient, on_file, at=at)
    if isinstance(decision, SharingAllowed) and decision.basis.withdrawn_on is not None:
        assert at.date() < decision.basis.withdrawn_on
    withdrawn = [c for c in on_file if c.withdrawn_on is not None and c.withdrawn_on <= at.date()]
    assert not decide_sharing(information, recipient, withdrawn, at=at).allowed


@given(situations(), consents(), st.none() | st.just("Injury seen"), st.data())
def test_adding_an_irrelevant_consent_never_changes_a_decision_R_REC_1(
    situation: Situation, extra: Consent, concern: str | None, data: st.DataObject
) -> None:
    information, recipient, on_file, at = situation
    before = decide_sharing(information, recipient, on_file, at=at, safeguarding_concern=concern)
    if extra.in_scope(information, recipient):
        extra = attrs.evolve(
            extra, information=frozenset(k for k in InformationKind if k is not information)
        )
    where = data.draw(st.integers(0, len(on_file)))
    after = decide_sharing(
        information,
        recipient,
        [*on_file[:where], extra, *on_file[where:]],
        at=at,
        safeguarding_concern=concern,
    )
    assert after == before


@given(situations(), st.none() | st.just("Injury seen"))
def test_every_decision_records_its_time_rule_and_a_basis_or_reason_R_REC_1(
    situation: Situation, concern: str | None
) -> None:
    information, recipient, on_file, at = situation
    decision: SharingDecision = decide_sharing(
        information, recipient, on_file, at=at, safeguarding_concern=concern
    )
    assert decision.at == at
    assert decision.rule == "R-REC-1"
    match decision:
        case SharingAllowed():
            assert decision.basis in on_file
        case SharingAllowedForSafeguarding():
            assert decision.concern == concern
        case SharingRefused():
            assert decision.reason.strip()
    (line,) = audit_lines([decision])
    assert line.startswith(at.isoformat(timespec="minutes"))
    assert decision.explain().endswith("(R-REC-1).")


@given(situations(named=True))
def test_a_stated_concern_always_allows_sharing_with_a_named_recipient_R_REC_1(
    situation: Situation,
) -> None:
    information, recipient, on_file, at = situation
    decision = decide_sharing(
        information, recipient, on_file, at=at, safeguarding_concern="Injury seen"
    )
    assert isinstance(decision, SharingAllowedForSafeguarding)
    assert decision.consent is None or decision.consent.covers(information, recipient, at.date())


@given(situations(), st.randoms())
def test_the_order_of_consents_on_file_does_not_change_whether_sharing_is_allowed_R_REC_1(
    situation: Situation, rnd: random.Random
) -> None:
    information, recipient, on_file, at = situation
    shuffled = list(on_file)
    rnd.shuffle(shuffled)
    first = decide_sharing(information, recipient, on_file, at=at)
    second = decide_sharing(information, recipient, shuffled, at=at)
    assert type(first) is type(second)


# --------------------------------------------------------------------------- R-SC-6: notices


def self_referral(consent_to_share: bool | None, *, gp: str | None = "Elm Surgery") -> Referral:
    return Referral(
        id="R-6",
        received=GIVEN,
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Ana", "mother"), Parent("Tom", "father")],
            gp=gp,
            infant=Infant.unborn(D(2027, 1, 9)),
        ),
        consent_to_share=consent_to_share,
    )


def test_consent_to_share_on_a_referral_allows_telling_the_gp_R_SC_6() -> None:
    decision = decide_notification(self_referral(True), "gp", at=AT, decided_by="Priya")
    assert isinstance(decision, SharingAllowed)
    assert decision.rule == "R-SC-6"
    assert decision.recipient == GP
    assert decision.information is InformationKind.REFERRAL_OUTCOME
    assert decision.basis.given_by == "Ana and Tom"
    assert decision.basis.reference == "referral R-6: consent to share"


@pytest.mark.parametrize(
    ("flag", "code", "reason"),
    [
        (None, RefusalCode.NO_CONSENT, "consent to share not recorded"),
        (False, RefusalCode.DECLINED, "the family did not consent to share"),
    ],
)
def test_without_consent_to_share_the_gp_is_not_told_R_SC_6(
    flag: bool | None, code: RefusalCode, reason: str
) -> None:
    decision = decide_notification(self_referral(flag), RecipientKind.GP, at=AT)
    assert isinstance(decision, SharingRefused)
    assert (decision.code, decision.reason, decision.rule) == (code, reason, "R-SC-6")
    assert notification_consent(self_referral(flag)) is None


def test_with_consent_but_no_health_visitor_recorded_nobody_is_told_R_SC_6() -> None:
    decision = decide_notification(self_referral(True), "health-visitor", at=AT)
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NO_RECIPIENT
    assert decision.reason == "no health visitor recorded for the family"


def test_a_notice_decided_before_the_referral_arrived_is_refused_R_SC_6() -> None:
    decision = decide_notification(self_referral(True), "gp", at=T(2026, 11, 1, 9, 0))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NOT_YET_VALID


@pytest.mark.parametrize("recipient", ["referrer", "social-care", "family"])
def test_notices_are_decided_only_for_the_health_visitor_and_gp_R_SC_6(recipient: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        decide_notification(self_referral(True), recipient, at=AT)
    assert (caught.value.field, caught.value.rule) == ("recipient", "R-SC-6")


@given(referrals(bands=None), st.booleans(), st.integers(0, 30))
def test_notice_decisions_agree_with_the_notification_plan_R_SC_6(
    drawn: Referral, accept: bool, days_later: int
) -> None:
    referral = attrs.evolve(drawn, route=SelfReferral())
    decided_on = referral.received + dt.timedelta(days=days_later)
    common = {
        "referral_id": referral.id,
        "received": referral.received,
        "due": decided_on,
        "decided_on": decided_on,
    }
    screening = (
        Accept(**common)  # type: ignore[arg-type]
        if accept
        else Decline(reason="not-eligible", explanation="No risk factors named", **common)  # type: ignore[arg-type]
    )
    plan = notifications(referral, screening)
    sent = {n.recipient.value: n for n in plan.send}
    held = {w.recipient.value: w for w in plan.withheld}
    at = dt.datetime.combine(decided_on, dt.time(12, 0))
    for kind in (RecipientKind.HEALTH_VISITOR, RecipientKind.GP):
        decision = decide_notification(referral, kind, at=at)
        assert decision.allowed == (kind.value in sent)
        if decision.allowed:
            assert sent[kind.value].name == decision.recipient.name
        else:
            assert isinstance(decision, SharingRefused)
            expected = f"{decision.reason} ({decision.rule})"
            assert held[kind.value].reason.casefold() == expected.casefold()
