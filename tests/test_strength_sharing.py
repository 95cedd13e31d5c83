"""Sharing decisions, their reasons and their audit lines, asserted to the word (R-REC-1, R-SC-6).

Every refusal is checked for its error type, ``field``, ``rule``, ``value`` and
the message that names them (``"{field} {requirement} ({rule}), got
{value!r}"``, the contract of `parentinfant.errors.InvalidValue`). Lists of
allowed values are typed out from the enumerations' documented wire values.
Days are written as the decisions write them ("2 November 2026").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from parentinfant._referral import Referral, SelfReferral
from parentinfant._sharing import (
    Consent,
    InformationKind,
    RecipientKind,
    RefusalCode,
    SharingAllowed,
    SharingAllowedForSafeguarding,
    SharingRecipient,
    SharingRefused,
    audit_lines,
    decide_notification,
    decide_sharing,
    notification_consent,
)
from parentinfant.errors import InvalidRecord, InvalidValue
from parentinfant.family import Family, Infant, Parent

D = dt.date
T = dt.datetime

INFORMATION = (
    "'referral-outcome', 'referral-details', 'attendance', 'assessment', "
    "'clinical-summary', 'outcome-measures'"
)
RECIPIENTS = (
    "'health-visitor', 'gp', 'referrer', 'social-care', 'perinatal-mental-health', 'other'"
)
CODES = "'no-consent', 'declined', 'not-yet-valid', 'expired', 'withdrawn', 'no-recipient'"

GIVEN = D(2026, 11, 2)
AT = T(2026, 11, 3, 9, 0)
GP = SharingRecipient("gp", "Elm Surgery")
MASH = SharingRecipient("social-care", "City MASH")


def assert_refusal(
    error: InvalidValue, *, field: str, value: object, requirement: str, rule: str = "R-REC-1"
) -> None:
    """The error names its field, rule and value, and its message says all three."""
    assert (error.field, error.rule) == (field, rule)
    assert error.value == value
    assert type(error.value) is type(value)
    assert str(error) == f"{field} {requirement} ({rule}), got {value!r}"


def consent(**changes: Any) -> Consent:
    fields: dict[str, Any] = {
        "given_by": "Ana Haddad",
        "given_on": GIVEN,
        "information": ["attendance"],
        "recipients": ["gp"],
    }
    fields.update(changes)
    return Consent(**fields)


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("referral-outcome", "referral and its outcome"),
        ("referral-details", "referral details"),
        ("attendance", "attendance"),
        ("assessment", "assessment"),
        ("clinical-summary", "clinical summary"),
        ("outcome-measures", "outcome measures"),
    ],
)
def test_each_kind_of_information_reads_as_words(kind: str, label: str) -> None:
    """R-REC-1: every decision says in words what would be shared."""
    assert InformationKind(kind).label == label


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("health-visitor", "the health visitor (Jo)"),
        ("gp", "the GP (Jo)"),
        ("referrer", "the referrer (Jo)"),
        ("social-care", "the social care service (Jo)"),
        ("perinatal-mental-health", "the perinatal mental health service (Jo)"),
        ("other", "the other recipient (Jo)"),
    ],
)
def test_each_recipient_reads_as_words(kind: str, words: str) -> None:
    """R-REC-1: every decision says in words who would receive it."""
    assert str(SharingRecipient(kind, "Jo")) == words


# --------------------------------------------------------------------------- recipients


def test_an_unknown_kind_of_recipient_is_refused_listing_the_kinds() -> None:
    """R-REC-1: a recipient is one of the kinds a consent can name."""
    with pytest.raises(InvalidRecord) as info:
        SharingRecipient("dentist", "Smile Co")  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="kind", value="dentist", requirement=f"must be one of {RECIPIENTS}"
    )


@pytest.mark.parametrize("bad", ["", "  ", 5], ids=["empty", "blank", "number"])
def test_a_recipients_name_is_text_or_not_recorded(bad: object) -> None:
    """R-REC-1: a blank name is not a name to share with."""
    with pytest.raises(InvalidRecord) as info:
        SharingRecipient("gp", bad)  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="name",
        value=bad,
        requirement="must be non-empty text, or None (not recorded)",
    )


@pytest.mark.parametrize("kind", ["other", RecipientKind.OTHER], ids=["text", "kind"])
def test_an_other_recipient_must_be_named(kind: Any) -> None:
    """R-REC-1: "anyone else" is not a recipient; an other recipient is named."""
    with pytest.raises(InvalidRecord) as info:
        SharingRecipient(kind)
    assert_refusal(
        info.value, field="name", value=None, requirement="must be given for an other recipient"
    )
    assert str(SharingRecipient("health-visitor")) == "the health visitor (not recorded)"


def test_an_unnamed_recipient_is_the_same_as_no_one() -> None:
    """R-REC-1: nothing is shared with a recipient whose name is not recorded."""
    unnamed = SharingRecipient("gp")
    assert not unnamed.same_as(SharingRecipient("gp"))
    assert not unnamed.same_as(GP)
    assert not GP.same_as(unnamed)
    assert GP.same_as(SharingRecipient("gp", " ELM   surgery "))
    assert not GP.same_as(SharingRecipient("gp", "Elm Surgery Annexe"))


# --------------------------------------------------------------------------- consents


@pytest.mark.parametrize(
    ("field", "bad", "requirement"),
    [
        ("given_by", " ", "must be non-empty text"),
        ("given_on", T(2026, 11, 2, 9), "must be a date"),
        ("given_on", "2026-11-02", "must be a date"),
        ("valid_from", T(2026, 11, 2, 9), "must be a date"),
        ("valid_until", T(2026, 12, 2, 9), "must be a date or None"),
        ("valid_until", "2026-12-02", "must be a date or None"),
        ("withdrawn_on", T(2026, 12, 2, 9), "must be a date or None"),
        ("reference", " ", "must be non-empty text or None"),
        ("reference", 12, "must be non-empty text or None"),
    ],
    ids=[
        "given-by",
        "given-on-datetime",
        "given-on-text",
        "valid-from",
        "valid-until-datetime",
        "valid-until-text",
        "withdrawn-on",
        "reference-blank",
        "reference-number",
    ],
)
def test_a_consents_fields_are_refused_naming_them(
    field: str, bad: object, requirement: str
) -> None:
    """R-REC-1: a formal permission says who gave it, when, and where it is filed."""
    with pytest.raises(InvalidRecord) as info:
        consent(**{field: bad})
    assert_refusal(info.value, field=field, value=bad, requirement=requirement)


@pytest.mark.parametrize("field", ["information", "recipients"])
def test_a_consent_covers_at_least_one_kind_and_one_recipient(field: str) -> None:
    """R-REC-1: a consent to nothing is no consent."""
    with pytest.raises(InvalidRecord) as info:
        consent(**{field: []})
    assert_refusal(info.value, field=field, value=set(), requirement="must name at least one")


def test_a_consent_names_known_kinds_of_information() -> None:
    """R-REC-1: there is no "all" kind; each kind is named."""
    with pytest.raises(InvalidRecord) as info:
        consent(information=["attendance", "all"])
    assert_refusal(
        info.value, field="information", value="all", requirement=f"must be one of {INFORMATION}"
    )
    with pytest.raises(InvalidRecord) as info:
        consent(information=5)
    assert_refusal(
        info.value,
        field="information",
        value=5,
        requirement="must be a collection of kinds of information",
    )


def test_one_kind_or_one_recipient_may_be_given_alone() -> None:
    """R-REC-1: a single kind or recipient is read as one, not letter by letter."""
    c = consent(information="clinical-summary", recipients="health-visitor")
    assert c.information == frozenset({InformationKind.CLINICAL_SUMMARY})
    assert c.recipients == frozenset({RecipientKind.HEALTH_VISITOR})
    assert consent(recipients=GP).recipients == frozenset({GP})
    assert consent(recipients=RecipientKind.GP).recipients == frozenset({RecipientKind.GP})


@pytest.mark.parametrize(
    ("recipients", "value", "requirement"),
    [
        (5, 5, "must be a collection of recipients"),
        (["dentist"], "dentist", f"must be one of {RECIPIENTS}"),
        (["other"], "other", "must name an other recipient, as SharingRecipient('other', name)"),
        (
            [RecipientKind.OTHER],
            RecipientKind.OTHER,
            "must name an other recipient, as SharingRecipient('other', name)",
        ),
        (
            [SharingRecipient("gp")],
            SharingRecipient("gp"),
            "must name a recipient given as a SharingRecipient (or give only its kind)",
        ),
    ],
    ids=["number", "unknown", "other-text", "other-kind", "unnamed"],
)
def test_a_consents_recipients_are_kinds_or_named_recipients(
    recipients: object, value: object, requirement: str
) -> None:
    """R-REC-1: "anyone else" is not a scope a family can agree to; name them."""
    with pytest.raises(InvalidRecord) as info:
        consent(recipients=recipients)
    assert_refusal(info.value, field="recipients", value=value, requirement=requirement)


@pytest.mark.parametrize(
    ("changes", "field", "value", "requirement"),
    [
        (
            {"valid_from": D(2026, 11, 1)},
            "valid_from",
            D(2026, 11, 1),
            "must not be before the consent was given (2026-11-02)",
        ),
        (
            {"valid_from": D(2026, 11, 10), "valid_until": D(2026, 11, 9)},
            "valid_until",
            D(2026, 11, 9),
            "must not be before valid_from (2026-11-10)",
        ),
        (
            {"withdrawn_on": D(2026, 11, 1)},
            "withdrawn_on",
            D(2026, 11, 1),
            "must not be before the consent was given (2026-11-02)",
        ),
    ],
    ids=["valid-from", "valid-until", "withdrawn-on"],
)
def test_a_consents_dates_must_not_contradict_each_other(
    changes: dict[str, object], field: str, value: object, requirement: str
) -> None:
    """R-REC-1: a consent does not reach back before it was given."""
    with pytest.raises(InvalidRecord) as info:
        consent(**changes)
    assert_refusal(info.value, field=field, value=value, requirement=requirement)


def test_a_consent_may_start_end_and_be_withdrawn_on_the_day_it_was_given() -> None:
    """R-REC-1: "not before" includes the same day."""
    c = consent(valid_from=GIVEN, valid_until=GIVEN, withdrawn_on=GIVEN)
    assert (c.valid_from, c.valid_until, c.withdrawn_on) == (GIVEN, GIVEN, GIVEN)


def test_a_withdrawal_is_recorded_once_and_never_changed() -> None:
    """R-REC-1: every decision records its basis, so the consent's history is kept."""
    original = consent()
    withdrawn = original.withdraw(D(2026, 12, 1))
    assert (original.withdrawn_on, withdrawn.withdrawn_on) == (None, D(2026, 12, 1))
    with pytest.raises(InvalidRecord) as info:
        withdrawn.withdraw(D(2026, 12, 5))
    assert_refusal(
        info.value,
        field="withdrawn_on",
        value=D(2026, 12, 1),
        requirement="must not be changed once recorded (history is kept)",
    )


def test_a_withdrawal_before_the_consent_was_given_is_refused() -> None:
    """R-REC-1: a consent cannot be withdrawn before it existed."""
    with pytest.raises(InvalidRecord) as info:
        consent().withdraw(D(2026, 11, 1))
    assert_refusal(
        info.value,
        field="withdrawn_on",
        value=D(2026, 11, 1),
        requirement="must not be before the consent was given (2026-11-02)",
    )


def test_a_consent_describes_who_gave_it_when_and_where_it_is_filed() -> None:
    """R-REC-1: the basis an auditor reads."""
    assert consent().describe() == "consent given by Ana Haddad on 2 November 2026"
    assert consent(reference="CF-7").describe() == (
        "consent given by Ana Haddad on 2 November 2026 (ref CF-7)"
    )


def test_a_consent_in_scope_asks_for_a_known_kind_of_information() -> None:
    """R-REC-1: the kind asked about is one of the known kinds."""
    with pytest.raises(InvalidRecord) as info:
        consent().in_scope("everything", GP)
    assert_refusal(
        info.value,
        field="information",
        value="everything",
        requirement=f"must be one of {INFORMATION}",
    )


def test_a_kind_covers_every_recipient_of_it_and_a_name_only_that_one() -> None:
    """R-REC-1: a consent's scope is a kind of recipient, or one named recipient."""
    by_kind = consent(recipients=["gp"])
    assert by_kind.in_scope("attendance", SharingRecipient("gp", "Oak Practice"))
    assert not by_kind.in_scope("attendance", SharingRecipient("referrer", "Oak Practice"))
    named = consent(recipients=[SharingRecipient("gp", "Elm Surgery")])
    assert named.in_scope("attendance", SharingRecipient("gp", "elm surgery"))
    assert not named.in_scope("attendance", SharingRecipient("gp", "Oak Practice"))
    assert not named.in_scope("attendance", SharingRecipient("referrer", "Elm Surgery"))


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        (D(2026, 11, 9), False),
        (D(2026, 11, 10), True),
        (D(2026, 11, 30), True),
        (D(2026, 12, 1), False),
    ],
    ids=["day-before-start", "first-day", "last-day", "day-after-end"],
)
def test_a_consent_holds_from_its_first_day_to_its_last_both_included(
    day: dt.date, in_force: bool
) -> None:
    """R-REC-1: ``valid_from`` and ``valid_until`` are both included."""
    c = consent(valid_from=D(2026, 11, 10), valid_until=D(2026, 11, 30))
    assert c.in_force(day) is in_force
    assert c.covers("attendance", GP, day) is in_force
    assert not c.covers("assessment", GP, day)


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    ("changes", "day", "code", "why"),
    [
        (
            {"valid_from": D(2026, 11, 10)},
            D(2026, 11, 9),
            RefusalCode.NOT_YET_VALID,
            "holds only from 10 November 2026",
        ),
        (
            {"valid_until": D(2026, 11, 30)},
            D(2026, 12, 1),
            RefusalCode.EXPIRED,
            "ran out on 30 November 2026",
        ),
        (
            {"withdrawn_on": D(2026, 11, 20)},
            D(2026, 11, 20),
            RefusalCode.WITHDRAWN,
            "was withdrawn on 20 November 2026",
        ),
        (
            {"valid_until": D(2026, 11, 25), "withdrawn_on": D(2026, 11, 20)},
            D(2026, 12, 1),
            RefusalCode.WITHDRAWN,
            "was withdrawn on 20 November 2026",
        ),
    ],
    ids=["not-yet-valid", "expired", "withdrawn-that-day", "withdrawal-before-expiry"],
)
def test_a_refusal_says_what_is_wrong_with_the_consent_in_scope(
    changes: dict[str, object], day: dt.date, code: RefusalCode, why: str
) -> None:
    """R-REC-1: refusal is the default; it says which consent and why it does not hold."""
    decision = decide_sharing(
        "attendance", GP, [consent(**changes)], at=T.combine(day, dt.time(9))
    )
    assert isinstance(decision, SharingRefused)
    assert (decision.code, decision.reason) == (
        code,
        f"consent given by Ana Haddad on 2 November 2026 {why}",
    )
    assert decision.allowed is False


def test_every_consent_in_scope_is_explained_most_recent_first() -> None:
    """R-REC-1: each in-scope consent's problem, most recent first; the first gives the code;
    a consent out of scope changes nothing."""
    older = consent(given_by="Ana Haddad", valid_until=D(2026, 11, 30))
    newer = consent(given_by="Tom Reid", given_on=D(2026, 11, 5), valid_from=D(2026, 12, 10))
    other = consent(given_by="Sue Lee", information=["assessment"])
    decision = decide_sharing("attendance", GP, [older, other, newer], at=T(2026, 12, 3, 9))
    assert isinstance(decision, SharingRefused)
    assert decision.code is RefusalCode.NOT_YET_VALID
    assert decision.reason == (
        "consent given by Tom Reid on 5 November 2026 holds only from 10 December 2026; "
        "consent given by Ana Haddad on 2 November 2026 ran out on 30 November 2026"
    )


def test_with_no_consent_in_scope_the_refusal_names_what_and_whom() -> None:
    """R-REC-1: no consent, no sharing."""
    decision = decide_sharing("assessment", GP, [consent()], at=AT, decided_by="Jo")
    assert decision == SharingRefused(
        information="assessment",
        recipient=GP,
        at=AT,
        decided_by="Jo",
        code="no-consent",
        reason="no consent on file covers the assessment for the GP (Elm Surgery)",
    )


def test_the_most_recent_consent_is_the_basis_and_on_a_tie_the_first_on_file() -> None:
    """R-REC-1: with several consents that hold, the most recently given is the basis."""
    older = consent(given_by="Ana Haddad")
    newer = consent(given_by="Tom Reid", given_on=D(2026, 11, 3))
    twin = consent(given_by="Sue Lee", given_on=D(2026, 11, 3))
    decision = decide_sharing("attendance", GP, [older, newer, twin], at=AT)
    assert isinstance(decision, SharingAllowed)
    assert decision.basis == newer
    decision = decide_sharing("attendance", GP, [twin, newer, older], at=AT)
    assert isinstance(decision, SharingAllowed)
    assert decision.basis == twin


def test_a_consent_that_holds_is_used_even_when_a_newer_one_does_not() -> None:
    """R-REC-1: any consent in force is a basis; a withdrawn newer one does not block it."""
    older = consent(given_by="Ana Haddad")
    newer = consent(given_by="Tom Reid", given_on=D(2026, 11, 3), withdrawn_on=D(2026, 11, 3))
    decision = decide_sharing("attendance", GP, [older, newer], at=AT)
    assert isinstance(decision, SharingAllowed)
    assert decision.basis == older


@pytest.mark.parametrize(
    "concern", [None, "Baby left alone in the bath"], ids=["consent", "safeguarding"]
)
def test_nothing_is_shared_with_a_recipient_whose_name_is_not_recorded(
    concern: str | None,
) -> None:
    """R-REC-1: consent or a safeguarding concern, an unnamed recipient gets nothing."""
    decision = decide_sharing(
        "attendance", SharingRecipient("gp"), [consent()], at=AT, safeguarding_concern=concern
    )
    assert isinstance(decision, SharingRefused)
    assert (decision.code, decision.reason) == (
        RefusalCode.NO_RECIPIENT,
        "no GP recorded for the family",
    )


def test_a_safeguarding_concern_allows_sharing_and_keeps_any_consent_that_also_covers_it() -> None:
    """R-REC-1: an immediate observed safeguarding concern needs no consent; the concern is
    the basis, stated as the practitioner stated it, trimmed."""
    covering = consent(information=["clinical-summary"], recipients=["social-care"])
    decision = decide_sharing(
        "clinical-summary",
        MASH,
        [covering],
        at=AT,
        safeguarding_concern="  Baby left alone in the bath  ",
        observed_by="Sam Lee",
        decided_by="Jo",
    )
    assert decision == SharingAllowedForSafeguarding(
        information="clinical-summary",
        recipient=MASH,
        at=AT,
        decided_by="Jo",
        concern="Baby left alone in the bath",
        observed_by="Sam Lee",
        consent=covering,
    )
    assert decision.explain() == (
        "Sharing the clinical summary with the social care service (City MASH) at "
        "2026-11-03 09:00 is allowed without consent for an immediate observed safeguarding "
        "concern: Baby left alone in the bath (observed by Sam Lee); consent given by Ana "
        "Haddad on 2 November 2026 also covers it (R-REC-1)."
    )


def test_a_safeguarding_decision_without_observer_or_consent_says_only_the_concern() -> None:
    """R-REC-1: the explanation adds only what was recorded."""
    decision = decide_sharing(
        "clinical-summary", MASH, [], at=AT, safeguarding_concern="Baby left alone"
    )
    assert isinstance(decision, SharingAllowedForSafeguarding)
    assert decision.consent is None
    assert decision.explain() == (
        "Sharing the clinical summary with the social care service (City MASH) at "
        "2026-11-03 09:00 is allowed without consent for an immediate observed safeguarding "
        "concern: Baby left alone (R-REC-1)."
    )


@pytest.mark.parametrize(
    ("call", "field", "value", "requirement"),
    [
        (
            {"information": "everything"},
            "information",
            "everything",
            f"must be one of {INFORMATION}",
        ),
        ({"recipient": "gp"}, "recipient", "gp", "must be a SharingRecipient"),
        ({"at": D(2026, 11, 3)}, "at", D(2026, 11, 3), "must be a date and time"),
        ({"consents": "CF-1"}, "consents", "CF-1", "must be a collection of Consent values"),
        ({"consents": 5}, "consents", 5, "must be a collection of Consent values"),
        ({"consents": [consent(), "CF-2"]}, "consents", "CF-2", "must hold Consent values"),
        (
            {"safeguarding_concern": "  "},
            "safeguarding_concern",
            "  ",
            "must state the concern observed, or be None",
        ),
        (
            {"safeguarding_concern": 1},
            "safeguarding_concern",
            1,
            "must state the concern observed, or be None",
        ),
        ({"decided_by": " "}, "decided_by", " ", "must be non-empty text or None"),
    ],
    ids=[
        "information",
        "recipient",
        "at",
        "consents-text",
        "consents-number",
        "consents-item",
        "concern-blank",
        "concern-number",
        "decided-by",
    ],
)
def test_a_sharing_decision_refuses_wrong_arguments_naming_them(
    call: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-REC-1: a decision is made only on arguments that mean what they say."""
    arguments: dict[str, Any] = {
        "information": "attendance",
        "recipient": GP,
        "consents": [consent()],
        "at": AT,
    }
    arguments.update(call)
    with pytest.raises(InvalidRecord) as info:
        decide_sharing(**arguments)
    assert_refusal(info.value, field=field, value=value, requirement=requirement)


def test_one_consent_given_alone_is_refused_as_not_a_collection() -> None:
    """R-REC-1: the consents on file are a collection."""
    c = consent()
    with pytest.raises(InvalidRecord) as info:
        decide_sharing("attendance", GP, c, at=AT)  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="consents", value=c, requirement="must be a collection of Consent values"
    )


# --------------------------------------------------------------------------- decision records


def test_an_allowed_decision_must_rest_on_a_consent() -> None:
    """R-REC-1: an allowed decision without a valid basis cannot exist."""
    with pytest.raises(InvalidRecord) as info:
        SharingAllowed(information="attendance", recipient=GP, at=AT, basis="CF-1")  # type: ignore[arg-type]
    assert_refusal(info.value, field="basis", value="CF-1", requirement="must be a Consent")


@pytest.mark.parametrize("rule", ["R-REC-1", "R-SC-6"])
def test_an_allowed_decision_whose_consent_does_not_cover_it_is_refused_under_its_rule(
    rule: str,
) -> None:
    """R-REC-1, R-SC-6: the basis must cover the information, the recipient and the day."""
    c = consent()
    with pytest.raises(InvalidRecord) as info:
        SharingAllowed(information="assessment", recipient=GP, at=AT, basis=c, rule=rule)
    assert_refusal(
        info.value,
        field="basis",
        value=c,
        rule=rule,
        requirement="must cover the assessment for the GP (Elm Surgery) on 2026-11-03",
    )


@pytest.mark.parametrize("rule", ["R-REC-1", "R-SC-6"])
def test_an_allowed_decision_to_an_unnamed_recipient_is_refused_under_its_rule(rule: str) -> None:
    """R-REC-1: nothing is ever shared with an unnamed recipient."""
    unnamed = SharingRecipient("gp")
    with pytest.raises(InvalidRecord) as info:
        SharingAllowed(
            information="attendance", recipient=unnamed, at=AT, basis=consent(), rule=rule
        )
    assert_refusal(
        info.value,
        field="recipient",
        value=unnamed,
        rule=rule,
        requirement="must be named for information to be shared",
    )
    with pytest.raises(InvalidRecord) as info:
        SharingAllowedForSafeguarding(
            information="attendance", recipient=unnamed, at=AT, concern="Bruising", rule=rule
        )
    assert_refusal(
        info.value,
        field="recipient",
        value=unnamed,
        rule=rule,
        requirement="must be named for information to be shared",
    )


@pytest.mark.parametrize("rule", ["R-REC-1", "R-SC-6"])
def test_a_safeguarding_decisions_consent_must_cover_it_or_be_none(rule: str) -> None:
    """R-REC-1: a consent noted on a safeguarding decision must in fact cover the sharing."""
    c = consent()
    with pytest.raises(InvalidRecord) as info:
        SharingAllowedForSafeguarding(
            information="clinical-summary",
            recipient=MASH,
            at=AT,
            concern="Bruising",
            consent=c,
            rule=rule,
        )
    assert_refusal(
        info.value,
        field="consent",
        value=c,
        rule=rule,
        requirement=(
            "must cover the clinical summary for the social care service (City MASH) "
            "on 2026-11-03, or be None"
        ),
    )


@pytest.mark.parametrize(
    ("changes", "field", "value", "requirement"),
    [
        ({"consent": "CF-1"}, "consent", "CF-1", "must be a Consent"),
        ({"concern": " "}, "concern", " ", "must be non-empty text"),
        ({"observed_by": ""}, "observed_by", "", "must be non-empty text or None"),
        ({"recipient": "gp"}, "recipient", "gp", "must be a SharingRecipient"),
        ({"at": D(2026, 11, 3)}, "at", D(2026, 11, 3), "must be a date and time"),
        ({"rule": ""}, "rule", "", "must be non-empty text"),
        ({"information": "all"}, "information", "all", f"must be one of {INFORMATION}"),
    ],
    ids=["consent", "concern", "observed-by", "recipient", "at", "rule", "information"],
)
def test_a_safeguarding_decisions_fields_are_refused_naming_them(
    changes: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-REC-1: every decision is a record an auditor can rely on."""
    fields: dict[str, Any] = {
        "information": "clinical-summary",
        "recipient": MASH,
        "at": AT,
        "concern": "Bruising",
    }
    fields.update(changes)
    with pytest.raises(InvalidRecord) as info:
        SharingAllowedForSafeguarding(**fields)
    assert_refusal(info.value, field=field, value=value, requirement=requirement)


@pytest.mark.parametrize(
    ("changes", "field", "value", "requirement"),
    [
        ({"code": "nope"}, "code", "nope", f"must be one of {CODES}"),
        ({"reason": " "}, "reason", " ", "must be non-empty text"),
    ],
    ids=["code", "reason"],
)
def test_a_refusals_code_and_reason_are_refused_naming_them(
    changes: dict[str, Any], field: str, value: object, requirement: str
) -> None:
    """R-REC-1: a refusal always says why, as a stable code and in words."""
    fields: dict[str, Any] = {
        "information": "attendance",
        "recipient": GP,
        "at": AT,
        "code": "no-consent",
        "reason": "no consent on file",
    }
    fields.update(changes)
    with pytest.raises(InvalidRecord) as info:
        SharingRefused(**fields)
    assert_refusal(info.value, field=field, value=value, requirement=requirement)


# --------------------------------------------------------------------------- notifications (R-SC-6)


def referral(consent_to_share: bool | None, **family: Any) -> Referral:
    details: dict[str, Any] = {"gp": "Elm Surgery", "health_visitor": "Jo Smith"}
    details.update(family)
    return Referral(
        id="R-9",
        received=GIVEN,
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Ana Haddad", "mother"), Parent("Tom Reid", "father")],
            infant=Infant.unborn(D(2027, 1, 9)),
            **details,
        ),
        consent_to_share=consent_to_share,
    )


def test_a_referrals_consent_to_share_is_the_familys_for_the_hv_and_gp() -> None:
    """R-SC-6: consent on the referral covers its outcome for the health visitor and GP."""
    assert notification_consent(referral(True)) == Consent(
        given_by="Ana Haddad and Tom Reid",
        given_on=GIVEN,
        information=["referral-outcome"],
        recipients=["health-visitor", "gp"],
        reference="referral R-9: consent to share",
    )
    assert notification_consent(referral(False)) is None
    assert notification_consent(referral(None)) is None


def test_notification_consent_needs_a_referral() -> None:
    """R-SC-6: the consent is read from a referral."""
    with pytest.raises(InvalidRecord) as info:
        notification_consent("R-9")  # type: ignore[arg-type]
    assert_refusal(
        info.value, field="referral", value="R-9", rule="R-SC-6", requirement="must be a Referral"
    )


@pytest.mark.parametrize(
    ("recipient", "requirement"),
    [
        ("referrer", "must be 'health-visitor' or 'gp'"),
        (RecipientKind.SOCIAL_CARE, "must be 'health-visitor' or 'gp'"),
        ("dentist", f"must be one of {RECIPIENTS}"),
    ],
    ids=["referrer", "social-care", "unknown"],
)
def test_only_the_health_visitor_and_gp_are_notified(recipient: Any, requirement: str) -> None:
    """R-SC-6: a self-referral's notices go to the health visitor and the GP."""
    with pytest.raises(InvalidRecord) as info:
        decide_notification(referral(True), recipient, at=AT)
    assert_refusal(
        info.value, field="recipient", value=recipient, rule="R-SC-6", requirement=requirement
    )


def test_a_notification_is_decided_at_a_date_and_time() -> None:
    """R-SC-6: the decision records when it was made."""
    with pytest.raises(InvalidRecord) as info:
        decide_notification(referral(True), "gp", at=D(2026, 11, 3))  # type: ignore[arg-type]
    assert_refusal(
        info.value,
        field="at",
        value=D(2026, 11, 3),
        rule="R-SC-6",
        requirement="must be a date and time",
    )


@pytest.mark.parametrize(
    ("consent_to_share", "code", "reason"),
    [
        (None, RefusalCode.NO_CONSENT, "consent to share not recorded"),
        (False, RefusalCode.DECLINED, "the family did not consent to share"),
    ],
    ids=["not-recorded", "declined"],
)
def test_no_notification_without_the_familys_consent(
    consent_to_share: bool | None, code: RefusalCode, reason: str
) -> None:
    """R-SC-6: the health visitor and GP are told only with consent to share."""
    decision = decide_notification(
        referral(consent_to_share), "health-visitor", at=AT, decided_by="Jo"
    )
    assert decision == SharingRefused(
        information="referral-outcome",
        recipient=SharingRecipient("health-visitor", "Jo Smith"),
        at=AT,
        rule="R-SC-6",
        decided_by="Jo",
        code=code,
        reason=reason,
    )


def test_a_notification_with_consent_is_allowed_under_r_sc_6() -> None:
    """R-SC-6: with consent, the named health visitor may be told."""
    decision = decide_notification(referral(True), "health-visitor", at=AT, decided_by="Jo")
    assert isinstance(decision, SharingAllowed)
    assert (decision.rule, decision.recipient, decision.decided_by) == (
        "R-SC-6",
        SharingRecipient("health-visitor", "Jo Smith"),
        "Jo",
    )
    assert decision.information is InformationKind.REFERRAL_OUTCOME


def test_a_blank_professional_name_counts_as_not_recorded() -> None:
    """R-SC-6: no one is told when the family has no such professional recorded."""
    decision = decide_notification(referral(True, gp="   "), "gp", at=AT)
    assert isinstance(decision, SharingRefused)
    assert (decision.code, decision.reason, decision.recipient) == (
        RefusalCode.NO_RECIPIENT,
        "no GP recorded for the family",
        SharingRecipient("gp"),
    )


def test_a_notification_before_the_referral_arrived_is_refused() -> None:
    """R-SC-6: the consent did not yet exist."""
    decision = decide_notification(referral(True), "gp", at=T(2026, 11, 1, 17))
    assert isinstance(decision, SharingRefused)
    assert (decision.code, decision.rule) == (RefusalCode.NOT_YET_VALID, "R-SC-6")
    assert decision.reason == (
        "consent given by Ana Haddad and Tom Reid on 2 November 2026 "
        "(ref referral R-9: consent to share) holds only from 2 November 2026"
    )


# --------------------------------------------------------------------------- audit


def test_each_kind_of_decision_has_its_audit_line() -> None:
    """R-REC-1: every sharing decision records its basis, one line each, in the order given."""
    allowed = decide_sharing(
        "attendance", GP, [consent(reference="CF-1")], at=T(2026, 11, 3, 9, 5, 59)
    )
    guarded = decide_sharing(
        "clinical-summary",
        MASH,
        [],
        at=AT,
        safeguarding_concern="Baby left alone",
        observed_by="Sam Lee",
        decided_by="Jo",
    )
    unobserved = decide_sharing(
        "clinical-summary", MASH, [], at=AT, safeguarding_concern="Baby left alone"
    )
    unnamed = decide_sharing("attendance", SharingRecipient("gp"), [consent()], at=AT)
    notice = decide_notification(referral(False), "gp", at=AT)
    assert audit_lines([allowed, guarded, unobserved, unnamed, notice]) == (
        "2026-11-03T09:05 | allowed | attendance -> gp (Elm Surgery) | consent given by "
        "Ana Haddad on 2 November 2026 (ref CF-1) | R-REC-1",
        "2026-11-03T09:00 | allowed-safeguarding | clinical-summary -> social-care (City MASH) | "
        "safeguarding concern: Baby left alone, observed by Sam Lee | R-REC-1 | by Jo",
        "2026-11-03T09:00 | allowed-safeguarding | clinical-summary -> social-care (City MASH) | "
        "safeguarding concern: Baby left alone | R-REC-1",
        "2026-11-03T09:00 | refused (no-recipient) | attendance -> gp (not recorded) | "
        "no GP recorded for the family | R-REC-1",
        "2026-11-03T09:00 | refused (declined) | referral-outcome -> gp (Elm Surgery) | "
        "the family did not consent to share | R-SC-6",
    )
    assert audit_lines([]) == ()


def test_an_audit_holds_only_sharing_decisions() -> None:
    """R-REC-1: the audit is of sharing decisions."""
    allowed = decide_sharing("attendance", GP, [consent()], at=AT)
    with pytest.raises(InvalidRecord) as info:
        audit_lines([allowed, "shared by phone"])  # type: ignore[list-item]
    assert_refusal(
        info.value,
        field="decisions",
        value="shared by phone",
        requirement="must hold sharing decisions",
    )


def test_a_decision_is_a_frozen_record() -> None:
    """R-REC-1: a decision, once made, is kept as it was made."""
    decision = decide_sharing("attendance", GP, [consent()], at=AT)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        decision.at = T(2026, 11, 4, 9)  # type: ignore[misc]


def test_allowed_and_refused_decisions_explain_themselves_in_one_sentence() -> None:
    """R-REC-1: what, to whom, when, the outcome, and its basis or reason with the rule."""
    at = T(2026, 11, 20, 14, 5)
    allowed = decide_sharing(
        "outcome-measures", GP, [consent(information=["outcome-measures"])], at=at
    )
    assert allowed.explain() == (
        "Sharing the outcome measures with the GP (Elm Surgery) at 2026-11-20 14:05 is "
        "allowed: consent given by Ana Haddad on 2 November 2026 covers it (R-REC-1)."
    )
    refused = decide_notification(referral(None), "gp", at=at)
    assert refused.explain() == (
        "Sharing the referral and its outcome with the GP (Elm Surgery) at 2026-11-20 14:05 "
        "is refused: consent to share not recorded (R-SC-6)."
    )
