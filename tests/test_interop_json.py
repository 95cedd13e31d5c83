"""JSON interop: exact round trips, and batch loads that keep the good and report the bad.

Round trips go all the way through text (``unstructure`` -> ``json.dumps`` ->
``json.loads`` -> ``structure``), so nothing survives only because Python
objects were passed through untouched. Batch loads follow ARCHITECTURE.md
("Errors"): every bad record is reported with its JSON path, the good records
are kept in input order, and nothing is lost silently.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.family import Family, Infant, Parent
from parentinfant.interop.json import dumps, load_referrals, structure, unstructure
from parentinfant.prioritisation import RiskWeighted
from parentinfant.screening import (
    DEFAULT_RISK_FACTORS,
    Accept,
    Decline,
    DeclineReason,
    Destination,
    EligibilityResult,
    EligibilityRule,
    InformationItem,
    MoreInformationNeeded,
    Referral,
    RiskFactor,
    RiskFactorCatalogue,
    ScreeningDecision,
    SelfReferral,
)
from parentinfant.team import TeamPolicy
from strategies import (
    dates,
    names,
    referral_ids,
    referrals,
    risk_factor_sets,
    risk_weighted_policies,
    team_policies,
)

D = dt.date

# --------------------------------------------------------------------------- helpers


def through_text(value: Any) -> Any:
    """``value`` unstructured, written as JSON text and read back as plain data."""
    return json.loads(json.dumps(unstructure(value)))


def good_referral(rid: str = "R-1") -> Referral:
    return Referral(
        id=rid,
        received=D(2026, 11, 2),
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Ana Silva", "mother", phone="07700 900001")],
            infant=Infant.born_on(D(2026, 9, 1)),
        ),
        risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "social-isolation"]),
        reason="Mother finds it hard to respond to the baby's cues",
    )


def good_record(rid: str = "R-1") -> dict[str, Any]:
    data: dict[str, Any] = through_text(good_referral(rid))
    return data


def batch_with(bad: Any) -> list[Any]:
    """Three records: a good one, ``bad`` at index 1, another good one."""
    return [good_record("R-0"), bad, good_record("R-2")]


# --------------------------------------------------------------------------- strategies


def _eligibility() -> st.SearchStrategy[EligibilityResult | None]:
    rules = st.builds(
        EligibilityRule,
        min_significant=st.integers(min_value=0, max_value=3),
        min_minor=st.integers(min_value=0, max_value=6),
    )
    return st.none() | st.tuples(rules, risk_factor_sets()).map(lambda rf: rf[0].assess(rf[1]))


@st.composite
def _decision_fields(draw: st.DrawFn) -> dict[str, Any]:
    """The fields every decision has; a late decision always carries its reason (R-SC-5)."""
    received = draw(dates())
    due = received + dt.timedelta(days=draw(st.integers(min_value=0, max_value=14)))
    decided_on = received + dt.timedelta(days=draw(st.integers(min_value=0, max_value=30)))
    delay_reason = draw(names()) if decided_on > due else draw(st.none() | names())
    return {
        "referral_id": draw(referral_ids()),
        "received": received,
        "due": due,
        "decided_on": decided_on,
        "decided_by": draw(st.none() | names()),
        "delay_reason": delay_reason,
    }


@st.composite
def accepts(draw: st.DrawFn) -> Accept:
    practitioner = draw(st.none() | names())
    return Accept(
        **draw(_decision_fields()),
        destination=Destination.PRACTITIONER if practitioner else Destination.WAITING_LIST,
        practitioner=practitioner,
        eligibility=draw(_eligibility()),
    )


@st.composite
def declines(draw: st.DrawFn) -> Decline:
    return Decline(
        **draw(_decision_fields()),
        reason=draw(st.sampled_from(DeclineReason)),
        explanation=draw(names()),
        alternative_service=draw(st.none() | names()),
        eligibility=draw(_eligibility()),
    )


@st.composite
def more_information(draw: st.DrawFn) -> MoreInformationNeeded:
    return MoreInformationNeeded(
        **draw(_decision_fields()),
        missing=draw(st.lists(st.sampled_from(InformationItem), min_size=1, unique=True)),
        note=draw(st.text(max_size=20)),
    )


def _corrupt_received(record: dict[str, Any]) -> None:
    record["received"] = "02/11/2026"


def _corrupt_factor(record: dict[str, Any]) -> None:
    record["risk_factors"] = [*record["risk_factors"], "tarot"]


def _drop_required(record: dict[str, Any]) -> None:
    del record["family"]


def _add_extra_key(record: dict[str, Any]) -> None:
    record["colour"] = "blue"


def _wrong_type(record: dict[str, Any]) -> None:
    record["received"] = 20261102


def _unborn_with_birth_date(record: dict[str, Any]) -> None:
    record["family"]["infant"] = {
        "born": False,
        "date_of_birth": "2026-01-05",
        "expected_due_date": "2026-02-01",
    }


CORRUPTIONS = [
    _corrupt_received,
    _corrupt_factor,
    _drop_required,
    _add_extra_key,
    _wrong_type,
    _unborn_with_birth_date,
]

# --------------------------------------------------------------------------- round trips


@given(referrals())
def test_referral_round_trips_exactly_through_json_text_R_IN_1(referral: Referral) -> None:
    assert structure(through_text(referral), Referral) == referral


@given(accepts())
def test_accept_round_trips_exactly_as_a_screening_decision_R_SC_6(decision: Accept) -> None:
    assert structure(through_text(decision), ScreeningDecision) == decision  # type: ignore[arg-type]


@given(declines())
def test_decline_round_trips_exactly_as_a_screening_decision_R_SC_4(decision: Decline) -> None:
    assert structure(through_text(decision), ScreeningDecision) == decision  # type: ignore[arg-type]


@given(more_information())
def test_more_information_round_trips_exactly_as_a_screening_decision_R_SC_1(
    decision: MoreInformationNeeded,
) -> None:
    assert structure(through_text(decision), ScreeningDecision) == decision  # type: ignore[arg-type]


@given(st.one_of(accepts(), declines(), more_information()))
def test_unstructured_decision_is_tagged_with_its_kind_R_SC_4(
    decision: Accept | Decline | MoreInformationNeeded,
) -> None:
    assert unstructure(decision)["decision"] == decision.kind


def test_decision_tags_are_accept_decline_and_more_information_R_SC_1() -> None:
    common = {"referral_id": "R-1", "received": D(2026, 11, 2), "due": D(2026, 11, 9)}
    on = D(2026, 11, 3)
    tags = [
        unstructure(Accept(**common, decided_on=on))["decision"],
        unstructure(Decline(**common, decided_on=on, reason="out-of-area", explanation="Kent"))[
            "decision"
        ],
        unstructure(MoreInformationNeeded(**common, decided_on=on, missing=["gp"]))["decision"],
    ]
    assert tags == ["accept", "decline", "more-information"]


@given(team_policies())
def test_team_policy_round_trips_exactly_through_json_text_R_SC_5(policy: TeamPolicy) -> None:
    assert structure(through_text(policy), TeamPolicy) == policy


@given(risk_weighted_policies())
def test_risk_weighted_round_trips_fraction_weights_exactly_R_PR_2(policy: RiskWeighted) -> None:
    assert structure(through_text(policy), RiskWeighted) == policy


def test_fraction_weights_travel_as_exact_text_R_PR_2() -> None:
    data = unstructure(RiskWeighted(minor_weight=Fraction(1, 3), ageing_per_week=Fraction(1, 2)))
    assert (data["minor_weight"], data["ageing_per_week"]) == ("1/3", "1/2")


def test_referral_carries_risk_factors_as_catalogue_codes_R_SC_2() -> None:
    assert good_record()["risk_factors"] == ["domestic-abuse", "social-isolation"]


# --------------------------------------------------------------------------- load_referrals


def test_load_keeps_every_good_record_in_input_order() -> None:
    loaded = load_referrals([good_record("R-3"), good_record("R-1"), good_record("R-2")])
    assert [r.id for r in loaded.records] == ["R-3", "R-1", "R-2"]
    assert loaded.ok


def test_load_equals_the_referrals_that_were_written() -> None:
    written = [good_referral("R-1"), good_referral("R-2")]
    assert load_referrals([through_text(r) for r in written]).records == tuple(written)


def test_load_reports_a_bad_date_at_its_path_and_keeps_the_rest_R_SC_5() -> None:
    bad = dict(good_record("R-1"), received="02/11/2026")
    loaded = load_referrals(batch_with(bad))
    assert [r.id for r in loaded.records] == ["R-0", "R-2"]
    assert [p.location for p in loaded.problems] == ["$[1].received"]
    assert "02/11/2026" in loaded.problems[0].message


def test_load_reports_an_unknown_risk_factor_at_its_index_R_SC_3() -> None:
    bad = dict(good_record("R-1"), risk_factors=["tarot", "domestic-abuse"])
    loaded = load_referrals([good_record("R-0"), good_record("R-2"), bad])
    assert [p.location for p in loaded.problems] == ["$[2].risk_factors[0]"]
    assert "tarot" in loaded.problems[0].message
    assert "R-SC-3" in loaded.problems[0].message


@pytest.mark.parametrize("key", ["id", "received", "route", "family"])
def test_load_reports_a_missing_required_key_at_its_path(key: str) -> None:
    bad = good_record("R-1")
    del bad[key]
    loaded = load_referrals(batch_with(bad))
    assert [(p.location, p.message) for p in loaded.problems] == [(f"$[1].{key}", "is required")]


def test_load_reports_a_missing_nested_key_at_its_path_R_IN_3() -> None:
    bad = good_record("R-1")
    del bad["family"]["infant"]
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].family.infant"]


def test_load_reports_an_extra_key_naming_it() -> None:
    bad = dict(good_record("R-1"), colour="blue")
    loaded = load_referrals(batch_with(bad))
    assert len(loaded.problems) == 1
    assert loaded.problems[0].location.startswith("$[1]")
    assert "colour" in str(loaded.problems[0])
    assert [r.id for r in loaded.records] == ["R-0", "R-2"]


def test_load_reports_an_extra_key_in_a_nested_object_at_its_path_R_REC_5() -> None:
    bad = good_record("R-1")
    bad["family"]["parents"][0]["shoe_size"] = 6
    loaded = load_referrals(batch_with(bad))
    assert len(loaded.problems) == 1
    assert loaded.problems[0].location.startswith("$[1].family.parents[0]")
    assert "shoe_size" in str(loaded.problems[0])


def test_load_reports_a_number_where_a_date_is_due_R_SC_5() -> None:
    bad = dict(good_record("R-1"), received=20261102)
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].received"]
    assert "20261102" in loaded.problems[0].message


def test_load_reports_text_where_a_count_is_due_R_AP_3() -> None:
    bad = good_record("R-1")
    bad["family"]["school_age_children"] = "two"
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].family.school_age_children"]


def test_load_reports_an_unknown_support_status_at_its_path_R_WL_1() -> None:
    bad = dict(good_record("R-1"), supporting_services=[{"name": "HV", "status": "gone"}])
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].supporting_services[0].status"]
    assert "gone" in loaded.problems[0].message


@pytest.mark.parametrize(
    ("field", "value", "location"),
    [
        ("family_agreed", "no", "$[1].family_agreed"),
        ("family_aware", "false", "$[1].family_aware"),
    ],
)
def test_load_reports_text_where_a_boolean_is_due_R_SC_1(
    field: str, value: str, location: str
) -> None:
    """'no' must not load as agreement: R-SC-1 (c) turns on these flags."""
    bad = dict(good_record("R-1"), **{field: value})
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == [location]
    assert [r.id for r in loaded.records] == ["R-0", "R-2"]


def test_load_reports_null_where_a_parent_name_is_due_R_REC_5() -> None:
    """A null name must be reported, not loaded as a parent called 'None'."""
    bad = good_record("R-1")
    bad["family"]["parents"][0]["name"] = None
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].family.parents[0].name"]


def test_load_reports_a_fractional_count_of_children_R_AP_3() -> None:
    """2.5 children must be reported, not truncated to 2."""
    bad = good_record("R-1")
    bad["family"]["school_age_children"] = 2.5
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].family.school_age_children"]


def test_load_reports_an_unborn_infant_with_a_birth_date_with_its_field_R_IN_3() -> None:
    bad = good_record("R-1")
    bad["family"]["infant"] = {
        "born": False,
        "date_of_birth": "2026-01-05",
        "expected_due_date": "2026-02-01",
    }
    loaded = load_referrals(batch_with(bad))
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.location.startswith("$[1].family.infant")
    assert "date_of_birth" in str(problem)
    assert "R-IN-3" in problem.message
    assert [r.id for r in loaded.records] == ["R-0", "R-2"]


def test_load_reports_an_unknown_route_naming_the_route_given_R_IN_1() -> None:
    bad = dict(good_record("R-1"), route={"route": "carrier-pigeon"})
    loaded = load_referrals(batch_with(bad))
    assert [p.location for p in loaded.problems] == ["$[1].route"]
    assert "carrier-pigeon" in loaded.problems[0].message


def test_load_reports_every_problem_of_one_record() -> None:
    bad = dict(good_record("R-1"), received="yesterday", risk_factors=["tarot"], colour="blue")
    loaded = load_referrals(batch_with(bad))
    locations = [p.location for p in loaded.problems]
    assert "$[1].received" in locations
    assert "$[1].risk_factors[0]" in locations
    assert any("colour" in str(p) for p in loaded.problems)


@pytest.mark.parametrize("item", ["not an object", None])
def test_load_reports_a_record_that_is_not_an_object_and_keeps_the_rest(item: Any) -> None:
    loaded = load_referrals(batch_with(item))
    assert [r.id for r in loaded.records] == ["R-0", "R-2"]
    assert {p.location for p in loaded.problems} == {"$[1]"}


def test_load_names_the_array_path_given() -> None:
    bad = dict(good_record("R-1"), received="soon")
    loaded = load_referrals(batch_with(bad), path="$.referrals")
    assert [p.location for p in loaded.problems] == ["$.referrals[1].received"]


def test_load_of_nothing_is_ok_and_empty() -> None:
    loaded = load_referrals([])
    assert (loaded.records, loaded.problems, loaded.ok) == ((), (), True)


@given(
    st.lists(
        st.tuples(referrals(), st.none() | st.sampled_from(CORRUPTIONS)),
        max_size=6,
    )
)
def test_load_loses_no_record(items: list[tuple[Referral, Any]]) -> None:
    """Nothing lost: every record is either loaded, in order, or reported by its index."""
    batch = []
    for referral, corrupt in items:
        record = through_text(referral)
        if corrupt is not None:
            corrupt(record)
        batch.append(record)
    loaded = load_referrals(batch)
    bad = {i for i, (_, corrupt) in enumerate(items) if corrupt is not None}
    reported = set()
    for problem in loaded.problems:
        found = re.match(r"\$\[(\d+)\]", problem.location)
        assert found, problem
        reported.add(int(found.group(1)))
    assert reported == bad
    assert len(loaded.records) + len(reported) == len(batch)
    assert list(loaded.records) == [r for r, corrupt in items if corrupt is None]


# --------------------------------------------------------------------------- catalogues

TEAM_CATALOGUE = RiskFactorCatalogue(
    [
        RiskFactor("parent-in-prison", "a parent in prison", True),
        RiskFactor("social-isolation", "social isolation", True),
    ]
)


def test_load_resolves_the_team_catalogue_codes_R_SC_3() -> None:
    record = dict(good_record("R-1"), risk_factors=["parent-in-prison"])
    loaded = load_referrals([record], catalogue=TEAM_CATALOGUE)
    assert loaded.ok
    assert loaded.records[0].risk_factors == (TEAM_CATALOGUE["parent-in-prison"],)


def test_load_counts_significance_as_the_team_catalogue_says_R_SC_3() -> None:
    record = dict(good_record("R-1"), risk_factors=["social-isolation"])
    (referral,) = load_referrals([record], catalogue=TEAM_CATALOGUE).records
    assert (referral.significant_count, referral.minor_count) == (1, 0)


def test_load_reports_codes_outside_the_team_catalogue_R_SC_3() -> None:
    record = dict(good_record("R-1"), risk_factors=["parent-in-prison", "domestic-abuse"])
    loaded = load_referrals([record], catalogue=TEAM_CATALOGUE)
    assert [p.location for p in loaded.problems] == ["$[0].risk_factors[1]"]


def test_default_catalogue_does_not_know_a_team_code_R_SC_3() -> None:
    record = dict(good_record("R-1"), risk_factors=["parent-in-prison"])
    loaded = load_referrals([record])
    assert [p.location for p in loaded.problems] == ["$[0].risk_factors[0]"]


def test_structure_reads_a_referral_back_with_the_team_catalogue_R_SC_3() -> None:
    referral = attrs.evolve(
        good_referral(), risk_factors=TEAM_CATALOGUE.resolve(["parent-in-prison"])
    )
    data = through_text(referral)
    assert structure(data, Referral, catalogue=TEAM_CATALOGUE) == referral


# --------------------------------------------------------------------------- dumps


def test_dumps_writes_sets_as_sorted_lists_R_SC_5() -> None:
    days = [D(2026, 12, 31), D(2026, 1, 2), D(2026, 8, 31), D(2026, 5, 4)]
    policy = TeamPolicy(closures=days)
    assert json.loads(dumps(policy))["closures"] == [
        "2026-01-02",
        "2026-05-04",
        "2026-08-31",
        "2026-12-31",
    ]


@given(st.lists(dates(), max_size=8, unique=True), st.randoms(use_true_random=False))
def test_dumps_is_the_same_whatever_order_a_set_was_built_in_R_SC_5(
    days: list[dt.date], random: Any
) -> None:
    shuffled = list(days)
    random.shuffle(shuffled)
    assert dumps(TeamPolicy(closures=days)) == dumps(TeamPolicy(closures=shuffled))


@given(referrals())
def test_dumps_gives_the_same_text_for_equal_values(referral: Referral) -> None:
    copied = structure(copy.deepcopy(unstructure(referral)), Referral)
    assert dumps(referral) == dumps(copied)


def test_dumps_keeps_non_ascii_names_readable_R_REC_5() -> None:
    family = Family(parents=[Parent("Zoë Ndiaye", "mother")], infant=Infant.unborn(D(2027, 1, 9)))
    assert "Zoë Ndiaye" in dumps(family)


def test_appointment_and_contact_policy_round_trip_exactly_through_json_text() -> None:
    # Durations travel as seconds and times of day as ISO text, so a 90-minute
    # visit is still 90 minutes when read back.
    from parentinfant.contact import Appointment, ContactPolicy

    visit = Appointment(
        start=dt.datetime(2026, 12, 1, 10, 0),
        duration=dt.timedelta(minutes=90),
        session_type="assessment",
        mode="clinic",
        practitioner="Priya Shah",
    )
    data = json.loads(dumps(visit))
    assert data["duration"] == 5400
    assert structure(data, Appointment) == visit
    policy = ContactPolicy(reminder_days_before=(1, 2))
    assert structure(json.loads(dumps(policy)), ContactPolicy) == policy


def test_a_case_is_read_back_from_its_events_and_a_tampered_state_is_refused() -> None:
    from parentinfant.errors import InvalidHistory
    from parentinfant.lifecycle import Case, StartScreening, apply, open_case

    case, _ = open_case("C-1", at=dt.datetime(2026, 11, 2, 9, 0))
    case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 3, 9, 0))
    data = json.loads(dumps(case))
    assert structure(data, Case) == case
    data["state"] = "waiting"  # not what the events say
    with pytest.raises(InvalidHistory) as caught:
        structure(data, Case)
    assert caught.value.field == "state"


@pytest.mark.parametrize(
    ("start", "what"),
    [("2026-10-25T01:30:00", "repeat its hour"), ("2026-03-29T01:30:00", "skip its hour")],
)
def test_a_booked_naive_start_the_uk_clocks_skip_or_repeat_is_refused_at_its_path_R_AP_5(
    start: str, what: str
) -> None:
    """Booking refuses it (JSON could not keep which pass it is); a document holding one too."""
    from parentinfant.contact import Appointment
    from parentinfant.errors import InvalidDocument
    from parentinfant.interop.json import from_document, to_document
    from parentinfant.lifecycle import (
        Allocate,
        BookAppointment,
        Case,
        StartScreening,
        apply,
        open_case,
    )

    visit = Appointment(
        start=dt.datetime(2026, 3, 28, 10),
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="clinic",
        practitioner="Priya Shah",
    )
    at = dt.datetime(2026, 3, 2, 9)
    case, _ = open_case("C-1", at=at)
    for command in (StartScreening(), Allocate(practitioner="Priya Shah")):
        case, _ = apply(case, command, at=at)
    case, _ = apply(case, BookAppointment(appointment=visit), at=at)
    document = to_document(case)
    document["data"]["events"][3]["command"]["appointment"]["start"] = start
    document["data"]["appointments"][0]["start"] = start
    with pytest.raises(InvalidDocument) as caught:
        from_document(document, Case)
    (problem,) = caught.value.problems
    assert problem.location == "$.data.events[3].command.appointment.start"
    assert f"when the UK clocks {what}" in problem.message
    assert "(R-AP-5)" in problem.message
