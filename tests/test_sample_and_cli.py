"""The shipped sample data and the ``parentinfant demo`` command line.

The sample is the project's showcase: it must load, and it must exercise every
route (R-IN-1), every kind of screening decision (R-SC-1, R-SC-4, R-SC-6), a
late decision with its reason (R-SC-5), an antenatal referral (R-IN-3), a
family whose support was withdrawn or reduced (R-WL-1) and referrals not yet
triaged (R-PR-3).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections import Counter
from typing import Any

import pytest

from parentinfant.cli import main
from parentinfant.interop.sample import Sample, decide, load_sample
from parentinfant.screening import (
    Accept,
    Decline,
    DeclineReason,
    Destination,
    InformationItem,
    MoreInformationNeeded,
    RouteKind,
    ScreeningDecision,
)

DETAILS = {
    InformationItem.REASON,
    InformationItem.RISK_FACTORS,
    InformationItem.PARENT_CONTACT,
    InformationItem.GP,
}
CONFIRMATIONS = {InformationItem.FAMILY_AWARE, InformationItem.FAMILY_AGREED}


@pytest.fixture(scope="module")
def sample() -> Sample:
    return load_sample()


@pytest.fixture(scope="module")
def decisions(sample: Sample) -> list[ScreeningDecision]:
    return [decide(entry, sample.team) for entry in sample.referrals]


@pytest.fixture(scope="module")
def demo_json() -> dict[str, Any]:
    # capsys is function-scoped, so this module-scoped fixture captures by itself.
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["demo", "--json"]) == 0
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


# --------------------------------------------------------------------------- the sample


def test_sample_loads_with_its_team_and_today(sample: Sample) -> None:
    assert sample.team.name
    assert sample.referrals
    assert all(entry.referral.received <= sample.today for entry in sample.referrals)


def test_sample_has_at_least_thirty_referrals(sample: Sample) -> None:
    assert len(sample.referrals) >= 30


def test_sample_referral_ids_are_unique(sample: Sample) -> None:
    ids = [entry.referral.id for entry in sample.referrals]
    assert len(set(ids)) == len(ids)


def test_sample_covers_every_route_R_IN_1(sample: Sample) -> None:
    assert {entry.referral.route.kind for entry in sample.referrals} == set(RouteKind)


def test_sample_every_referral_can_be_screened_R_SC_4(
    sample: Sample, decisions: list[ScreeningDecision]
) -> None:
    assert [d.referral_id for d in decisions] == [e.referral.id for e in sample.referrals]


def test_sample_accepts_a_referral_to_the_waiting_list_R_SC_6(
    decisions: list[ScreeningDecision],
) -> None:
    assert any(
        isinstance(d, Accept) and d.destination is Destination.WAITING_LIST for d in decisions
    )


def test_sample_accepts_a_referral_straight_to_a_practitioner_R_SC_6(
    decisions: list[ScreeningDecision],
) -> None:
    assert any(
        isinstance(d, Accept) and d.destination is Destination.PRACTITIONER and d.practitioner
        for d in decisions
    )


def test_sample_declines_with_an_alternative_service_R_SC_4(
    decisions: list[ScreeningDecision],
) -> None:
    assert any(isinstance(d, Decline) and d.alternative_service for d in decisions)


def test_sample_declines_a_referral_as_not_eligible_R_SC_3(
    decisions: list[ScreeningDecision],
) -> None:
    assert any(
        isinstance(d, Decline) and d.reason is DeclineReason.NOT_ELIGIBLE for d in decisions
    )


def test_sample_asks_for_missing_details_R_SC_1(decisions: list[ScreeningDecision]) -> None:
    assert any(
        isinstance(d, MoreInformationNeeded) and DETAILS & set(d.missing) for d in decisions
    )


def test_sample_asks_to_confirm_awareness_or_agreement_R_SC_1(
    decisions: list[ScreeningDecision],
) -> None:
    assert any(
        isinstance(d, MoreInformationNeeded) and CONFIRMATIONS & set(d.missing) for d in decisions
    )


def test_sample_has_a_late_decision_carrying_its_delay_reason_R_SC_5(
    decisions: list[ScreeningDecision],
) -> None:
    late = [d for d in decisions if d.decided_on > d.due]
    assert late
    assert all(d.delay_reason and d.delay_reason.strip() for d in late)


def test_sample_has_an_antenatal_referral_R_IN_3(sample: Sample) -> None:
    assert any(entry.referral.antenatal for entry in sample.referrals)


def test_sample_has_a_family_whose_support_is_flagged_R_WL_1(sample: Sample) -> None:
    assert any(entry.referral.support_flagged for entry in sample.referrals)


def test_sample_has_untriaged_referrals_R_PR_3(sample: Sample) -> None:
    assert any(entry.referral.triage is None for entry in sample.referrals)


# --------------------------------------------------------------------------- demo, text


def test_demo_returns_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()


def test_demo_prints_a_screening_row_for_every_referral_R_SC_4(
    sample: Sample, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo"])
    out = capsys.readouterr().out
    assert "Screening decisions" in out
    table = out.split("Screening decisions", 1)[1].split("Waiting list:", 1)[0]
    for entry in sample.referrals:
        assert re.search(rf"^{re.escape(entry.referral.id)}\s", table, re.MULTILINE)


@pytest.mark.parametrize(
    ("strategy", "rule"),
    [("chronological", "R-PR-1"), ("risk-weighted", "R-PR-2"), ("triage", "R-PR-3")],
)
def test_demo_prints_a_waiting_list_for_each_strategy_R_PR_4(
    strategy: str, rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo"])
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line.startswith("Waiting list:")]
    assert len(headings) == 3
    assert any(strategy in h and rule in h for h in headings)


def test_demo_flags_withdrawn_or_reduced_support_R_WL_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["demo"])
    assert "ENDED/REDUCED" in capsys.readouterr().out


def test_demo_says_referral_by_default_R_IN_2(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo"])
    assert "referral" in capsys.readouterr().out.lower()


def test_demo_in_registration_vocabulary_never_says_referral_R_IN_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["demo", "--vocabulary", "registration"])
    out = capsys.readouterr().out
    assert "referral" not in out.lower()
    assert "registration" in out.lower()


def test_demo_in_registration_vocabulary_tells_the_registrant_R_IN_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The 'Tell' column is shown to people, so it says 'registrant', not 'referrer'."""
    main(["demo", "--vocabulary", "registration"])
    out = capsys.readouterr().out
    table = out.split("Screening decisions", 1)[1].split("Waiting list:", 1)[0]
    assert "family, registrant" in table
    assert "family, referrer" not in table


# --------------------------------------------------------------------------- demo, JSON


def test_demo_json_has_a_screening_entry_for_every_referral_R_SC_4(
    sample: Sample, demo_json: dict[str, Any]
) -> None:
    assert [s["referral_id"] for s in demo_json["screening"]] == [
        e.referral.id for e in sample.referrals
    ]


def test_demo_json_has_one_waiting_list_per_strategy_R_PR_4(demo_json: dict[str, Any]) -> None:
    assert [w["strategy"] for w in demo_json["waiting_lists"]] == [
        "chronological",
        "risk-weighted",
        "triage",
    ]


def test_demo_json_waiting_lists_hold_each_accepted_family_once_R_PR_4(
    demo_json: dict[str, Any],
) -> None:
    # Accepted onto the waiting list, less those whose timeline shows they have
    # since left it (allocated, withdrawn): the list is who is waiting today.
    left = {
        t["id"]
        for t in demo_json["timelines"]
        if any(e["command"]["command"] in ("allocate", "withdraw") for e in t["events"])
    }
    accepted = sorted(
        s["referral_id"]
        for s in demo_json["screening"]
        if s["decision"]["decision"] == "accept"
        and s["decision"]["destination"] == Destination.WAITING_LIST.value
        and s["referral_id"] not in left
    )
    assert accepted
    assert left  # the sample does carry some families on past the waiting list
    for waiting in demo_json["waiting_lists"]:
        listed = [e["referral_id"] for e in waiting["entries"]] + [
            u["referral_id"] for u in waiting["untriaged"]
        ]
        assert sorted(listed) == accepted, waiting["strategy"]


def test_demo_json_waiting_lists_leave_out_families_sent_straight_to_a_practitioner_R_SC_6(
    demo_json: dict[str, Any],
) -> None:
    direct = {
        s["referral_id"]
        for s in demo_json["screening"]
        if s["decision"].get("destination") == Destination.PRACTITIONER.value
    }
    assert direct
    for waiting in demo_json["waiting_lists"]:
        assert not direct & {e["referral_id"] for e in waiting["entries"]}


def test_demo_json_triage_list_shows_untriaged_families_R_PR_3(
    demo_json: dict[str, Any],
) -> None:
    (triage,) = [w for w in demo_json["waiting_lists"] if w["strategy"] == "triage"]
    assert triage["untriaged"]


def test_demo_json_positions_run_from_one_R_PR_4(demo_json: dict[str, Any]) -> None:
    for waiting in demo_json["waiting_lists"]:
        positions = [e["position"] for e in waiting["entries"]]
        assert positions == list(range(1, len(positions) + 1))


def test_demo_json_marks_the_late_decision_R_SC_5(demo_json: dict[str, Any]) -> None:
    late = [s for s in demo_json["screening"] if s["late"]]
    assert late
    assert all(s["decision"]["delay_reason"] for s in late)


def test_demo_json_decision_kinds_cover_all_three_R_SC_1(demo_json: dict[str, Any]) -> None:
    kinds = Counter(s["decision"]["decision"] for s in demo_json["screening"])
    assert set(kinds) == {"accept", "decline", "more-information"}


# --------------------------------------------------------------------------- arguments


def test_unknown_subcommand_exits_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["bogus"])
    assert caught.value.code == 2
    assert "bogus" in capsys.readouterr().err


def test_missing_subcommand_exits_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2
    capsys.readouterr()


def test_unknown_vocabulary_exits_with_status_2_R_IN_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--vocabulary", "enrolment"])
    assert caught.value.code == 2
    capsys.readouterr()


def test_demo_json_timelines_are_whole_case_histories_that_replay() -> None:
    # Each timeline read back from the JSON is a Case whose events replay to itself:
    # the history the demo prints is the history the lifecycle keeps.
    from parentinfant.interop.json import structure
    from parentinfant.lifecycle import Case, replay

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["demo", "--json"]) == 0
    timelines = json.loads(buffer.getvalue())["timelines"]
    assert len(timelines) >= 5
    states = set()
    for data in timelines:
        case = structure(data, Case)
        assert replay(case.events) == case
        states.add(case.state.value)
    # The sample walks families to a closure, a referral back and a withdrawal.
    assert {"closed", "referred-back", "withdrawn"} <= states


def test_diagram_command_prints_the_lifecycle_as_mermaid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diagram", "--compact"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2")
    assert "closed --> follow_up: reopen" in out
    assert ": withdraw" not in out
