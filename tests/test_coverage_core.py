"""Branch coverage for the core modules: commands, plans, catalogues, reports and the demo.

Each test pins the behaviour of one edge: the typed error a bad value gets
(its class, field, rule and value), or the result at the edge of a range.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from parentinfant._access import AccessRefused, ParentRequester, Requester, view
from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant._demo_plans import capacity_lines, next_family_lines
from parentinfant._demo_records import access_data, access_lines
from parentinfant._export import export_text, read_case_file, sample_case
from parentinfant._nhs_number import check_digit
from parentinfant._plan_shape import ending_run
from parentinfant._report import capacity_data, forecast_text, number
from parentinfant.caseload import Demand, Practitioner, Scenario, Team, compare_scenarios
from parentinfant.contact import Appointment
from parentinfant.endings import (
    EndingsPolicy,
    Extension,
    Manualised,
    NewIssue,
    SessionPlan,
    SessionSlot,
    StepDown,
    StepDownOption,
    plan_sessions,
)
from parentinfant.errors import (
    InvalidCommand,
    InvalidDocument,
    InvalidForecast,
    InvalidNhsNumber,
    InvalidPolicy,
    InvalidValue,
    UnknownRiskFactor,
)
from parentinfant.forecast import Arrivals, PractitionerCaseload, TeamModel, simulate
from parentinfant.interop.sample import load_sample
from parentinfant.interop.teamfile import sample_team
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    Close,
    ClosureReason,
    EngagementPolicy,
    RecordAttendance,
    RecordContactAttempt,
    RequestInformation,
    StartScreening,
    apply,
    command_for_decision,
    open_case,
    replay,
    state_after_screening,
)
from parentinfant.prioritisation import Chronological
from parentinfant.records import NhsNumber
from parentinfant.screening import InformationItem
from parentinfant.workdays import WorkingCalendar

DT = dt.datetime
OPENED = DT(2026, 11, 2, 9)
MASSAGE = StepDownOption(code="infant-massage", label="Infant massage")


def _appointment(start: dt.datetime, **changes: Any) -> Appointment:
    return Appointment(
        start=start,
        duration=dt.timedelta(hours=1),
        session_type="assessment",
        mode="home-visit",
        practitioner="Priya",
        **changes,
    )


def _engaging_case() -> Case:
    """A naive-time case allocated to Priya, the family reached (R-AL-2)."""
    case, _ = open_case("R-1", at=OPENED)
    for command, at in (
        (StartScreening(), DT(2026, 11, 2, 10)),
        (Allocate(practitioner="Priya"), DT(2026, 11, 3, 9)),
        (
            RecordContactAttempt(channel="phone", outcome="spoke-appointment-made"),
            DT(2026, 11, 4, 10),
        ),
    ):
        case, _ = apply(case, command, at=at)
    return case


# --------------------------------------------------------------------------- appointments


def test_booking_needs_an_appointment_R_AP_5() -> None:
    with pytest.raises(InvalidCommand) as caught:
        BookAppointment(appointment="Tuesday at ten")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("appointment", "R-AP-5")
    assert caught.value.value == "Tuesday at ten"


def test_an_appointment_is_booked_before_its_attendance_is_known_R_AP_5() -> None:
    attended = _appointment(DT(2026, 11, 10, 10), attendance="attended")
    with pytest.raises(InvalidCommand) as caught:
        BookAppointment(appointment=attended)
    assert (caught.value.field, caught.value.rule) == ("appointment", "R-AP-5")
    assert caught.value.value == "attended"
    assert "record-attendance" in str(caught.value)


@pytest.mark.parametrize("start", [dt.date(2026, 11, 10), "2026-11-10T10:00"])
def test_attendance_names_its_appointment_by_a_start_time_R_AP_5(start: object) -> None:
    with pytest.raises(InvalidCommand) as caught:
        RecordAttendance(start=start, attendance="attended")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "start",
        "R-AP-5",
        start,
    )


def test_one_parent_who_came_may_be_named_alone_R_AP_6() -> None:
    command = RecordAttendance(
        start=DT(2026, 11, 10, 10), attendance="attended", attended_by="Ana"
    )
    assert command.attended_by == ("Ana",)


@pytest.mark.parametrize("names", [["Ana", "Ana"], ["Ana", " "], ["Ana", 7]])
def test_each_parent_who_came_is_named_once_R_AP_6(names: list[object]) -> None:
    with pytest.raises(InvalidCommand) as caught:
        RecordAttendance(start=DT(2026, 11, 10, 10), attendance="attended", attended_by=names)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("attended_by", "R-AP-6")
    assert caught.value.value == tuple(names)


def test_attendance_is_recorded_on_the_appointment_booked_at_that_start_R_AP_5() -> None:
    # The look-up passes over other appointments, and over one already recorded.
    case = _engaging_case()
    first, second = DT(2026, 11, 10, 10), DT(2026, 11, 17, 10)
    for start, at in ((first, DT(2026, 11, 4, 11)), (second, DT(2026, 11, 4, 12))):
        case, _ = apply(case, BookAppointment(appointment=_appointment(start)), at=at)
    case, _ = apply(
        case,
        RecordAttendance(start=second, attendance="cancelled-by-family"),
        at=DT(2026, 11, 5, 9),
    )
    case, _ = apply(case, RecordAttendance(start=first, attendance="attended"), at=first)
    assert [(a.start, a.attendance and a.attendance.value) for a in case.appointments] == [
        (first, "attended"),
        (second, "cancelled-by-family"),
    ]
    with pytest.raises(InvalidCommand) as caught:
        apply(case, RecordAttendance(start=second, attendance="attended"), at=second)
    assert (caught.value.field, caught.value.rule) == ("start", "R-AP-5")
    assert caught.value.value == second.isoformat()


class _NoOffset(dt.tzinfo):
    """A zone that gives no UTC offset: by Python's definition its times are naive."""

    def utcoffset(self, _when: dt.datetime | None) -> None:
        return None

    def dst(self, _when: dt.datetime | None) -> None:
        return None

    def tzname(self, _when: dt.datetime | None) -> str:
        return "floating"


def test_an_appointment_in_a_zone_without_an_offset_can_be_booked_and_attended_R_AP_5() -> None:
    # Its start is naive, like the case's times, so the booking check lets it in;
    # recording what happened must then order it by the clock too, not refuse it
    # as if it were aware (nor read it in the machine's local zone).
    case = _engaging_case()
    start = DT(2026, 11, 10, 10, tzinfo=_NoOffset())
    case, _ = apply(case, BookAppointment(appointment=_appointment(start)), at=DT(2026, 11, 4, 11))
    with pytest.raises(InvalidCommand) as early:
        apply(case, RecordAttendance(start=start, attendance="attended"), at=DT(2026, 11, 10, 9))
    assert (early.value.field, early.value.rule) == ("at", "R-AP-5")
    case, _ = apply(
        case, RecordAttendance(start=start, attendance="attended"), at=DT(2026, 11, 10, 11)
    )
    assert [a.attendance.value for a in case.appointments if a.attendance] == ["attended"]
    assert replay(case.events) == case


def test_a_case_in_a_zone_without_an_offset_orders_by_the_clock_R_AL_4() -> None:
    floating = _NoOffset()
    case, _ = open_case("R-1", at=DT(2026, 11, 2, 9, tzinfo=floating))
    case, _ = apply(case, StartScreening(), at=DT(2026, 11, 2, 10))  # naive: the same clock
    assert [e.at.hour for e in case.events] == [9, 10]
    with pytest.raises(InvalidValue) as caught:
        apply(case, Allocate(practitioner="Priya"), at=DT(2026, 11, 2, 9, 30, tzinfo=floating))
    assert (caught.value.field, caught.value.rule) == ("at", "R-AL-4")


# --------------------------------------------------------------------------- case commands


def test_closing_for_another_reason_says_why_R_EN_1() -> None:
    with pytest.raises(InvalidCommand) as caught:
        Close(reason="other", note="  ")
    assert (caught.value.field, caught.value.rule, caught.value.value) == ("note", "R-EN-1", "  ")
    assert Close(reason="other", note="Family emigrated").reason is ClosureReason.OTHER


def test_a_closure_may_name_one_step_down_option_alone_R_EN_5() -> None:
    close = Close(reason="work-completed", step_down="infant-massage")
    assert close.step_down == ("infant-massage",)


@pytest.mark.parametrize("code", ["", "  ", 3])
def test_a_closure_names_step_down_options_by_code_R_EN_5(code: object) -> None:
    with pytest.raises(InvalidCommand) as caught:
        Close(reason="work-completed", step_down=["infant-massage", code])
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "step_down",
        "R-EN-5",
        code,
    )


def test_a_request_for_information_may_name_one_item_alone_R_SC_1() -> None:
    assert RequestInformation(missing="gp").missing == (InformationItem.GP,)
    with pytest.raises(InvalidCommand) as caught:
        RequestInformation(missing=[])
    assert (caught.value.field, caught.value.rule, caught.value.value) == ("missing", "R-SC-1", [])


# --------------------------------------------------------------------------- endings policy


@pytest.mark.parametrize("options", [5, None])
def test_step_down_options_must_be_a_collection_R_EN_5(options: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        EndingsPolicy(step_down_options=options)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "step_down_options",
        "R-EN-5",
        options,
    )
    assert "collection" in caught.value.requirement


@pytest.mark.parametrize("ending", ["2", 2.0, True])
def test_the_ending_phase_is_a_whole_number_of_sessions_R_EN_3(ending: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        EndingsPolicy(ending_sessions=ending)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "ending_sessions",
        "R-EN-3",
        ending,
    )


def test_a_step_down_may_record_one_option_alone_R_EN_5() -> None:
    chosen = StepDown(options=MASSAGE)  # type: ignore[arg-type]
    assert chosen.options == (MASSAGE,)
    assert chosen.summary == "step-down: Infant massage"


# --------------------------------------------------------------------------- session plans


@pytest.mark.parametrize(
    ("by", "requirement"),
    [
        ("2", "must be a whole number"),
        (1.5, "must be a whole number"),
        (True, "must be a whole number"),
        (0, "must be at least 1"),
        (-1, "must be at least 1"),
    ],
)
def test_an_extension_adds_a_whole_number_of_sessions_R_EN_2(by: object, requirement: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        Extension(sessions=by, reason="More", after_session=0)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "sessions",
        "R-EN-2",
        by,
    )
    assert caught.value.requirement == requirement
    assert Extension(sessions=1, reason="More", after_session=0).sessions == 1


@pytest.mark.parametrize("departs", ["yes", 1, None])
def test_departing_from_the_manual_is_true_or_false_R_EN_2(departs: object) -> None:
    # A string such as "no" is truthy: it is refused, never read as a yes.
    plan = plan_sessions(manualised=Manualised(name="VIG", sessions=6))
    wrong: Any = departs
    with pytest.raises(InvalidCommand) as by_extension:
        plan.extend(1, reason="More", departs_from_manual=wrong)
    with pytest.raises(InvalidCommand) as by_new_issue:
        plan.new_issue("Debt", action="extend", by=1, departs_from_manual=wrong)
    for caught in (by_extension, by_new_issue):
        assert (caught.value.field, caught.value.rule) == ("departs_from_manual", "R-EN-2")
        assert caught.value.value == departs
        assert caught.value.requirement == "must be True or False"


def test_plan_sessions_needs_an_endings_policy_R_EN_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        plan_sessions({"session_limit": 6})  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("policy", "R-EN-2")
    assert caught.value.value == {"session_limit": 6}


def test_plan_sessions_needs_a_manualised_intervention_or_none_R_EN_2() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        plan_sessions(manualised="VIG")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "manualised",
        "R-EN-2",
        "VIG",
    )


def test_a_plan_built_by_hand_needs_an_endings_policy_R_EN_2() -> None:
    plan = plan_sessions()
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(plan, policy="six sessions")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "policy",
        "R-EN-2",
        "six sessions",
    )


def test_a_plan_built_by_hand_needs_a_manualised_intervention_or_none_R_EN_2() -> None:
    plan = plan_sessions()
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(plan, manualised="Circle of Security")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("manualised", "R-EN-2")
    assert caught.value.value == "Circle of Security"


@pytest.mark.parametrize(
    ("field", "where", "kind"),
    [("sessions", "sessions[2]", "SessionSlot"), ("extensions", "extensions[0]", "Extension")],
)
def test_a_plan_built_by_hand_holds_values_of_the_right_kind_R_EN_2(
    field: str, where: str, kind: str
) -> None:
    plan = plan_sessions()
    values = list(getattr(plan, field)) or [None]
    values[min(2, len(values) - 1)] = {"number": 3}
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(plan, **{field: values})  # type: ignore[arg-type]
    assert caught.value.field == where
    assert caught.value.requirement == f"must be a {kind}"
    assert caught.value.value == {"number": 3}


def test_a_plan_built_by_hand_holds_new_issues_as_new_issues_R_EN_4() -> None:
    plan, _ = plan_sessions().record(1, attended=True)
    plan, _ = plan.new_issue("Debt", action="refer-on", referred_to="Citizens Advice")
    assert isinstance(plan.issues[0], NewIssue)
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(plan, issues=[plan.issues[0], "Housing"])  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == ("issues[1]", "Housing")


def test_the_ending_run_counts_the_ending_sessions_at_the_end_R_EN_3() -> None:
    ending = [SessionSlot(number=n, role="ending") for n in (1, 2)]
    review = SessionSlot(number=1, role="review")
    assert ending_run(()) == 0
    assert ending_run(tuple(ending)) == 2  # the whole plan, when every session is ending
    assert ending_run((review, *ending)) == 2
    assert ending_run((*ending, review)) == 0


def test_a_plan_extended_after_its_last_recorded_session_is_rebuilt_the_same_R_EN_2() -> None:
    # Extensions agreed after the last session recorded are replayed too.
    plan, _ = plan_sessions().record(1, attended=True)
    plan, _ = plan.record(2, attended=False)
    plan, _ = plan.extend(2, reason="Father joining")
    assert (plan.total, plan.offered_again) == (9, 1)
    assert (
        SessionPlan(
            policy=plan.policy,
            sessions=plan.sessions,
            extensions=plan.extensions,
            offered_again=plan.offered_again,
        )
        == plan
    )


# --------------------------------------------------------------------------- catalogues


def test_a_catalogue_shows_how_many_factors_it_holds_R_SC_3() -> None:
    one = RiskFactorCatalogue([RiskFactor("a", "first", True)])
    two = one.with_factors(RiskFactor("b", "second", False))
    assert (repr(one), repr(two)) == (
        "RiskFactorCatalogue(1 factor)",
        "RiskFactorCatalogue(2 factors)",
    )


def test_resolving_one_code_as_text_is_refused_R_SC_3() -> None:
    # A string is iterable; read letter by letter it would name nonsense codes.
    with pytest.raises(UnknownRiskFactor) as caught:
        DEFAULT_RISK_FACTORS.resolve("domestic-abuse")
    assert (caught.value.field, caught.value.rule) == ("risk_factors", "R-SC-3")
    assert caught.value.value == "domestic-abuse"


def test_a_catalogue_file_removes_each_code_once_R_SC_3() -> None:
    text = 'extends = "default"\nremove = ["housing-problems", "housing-problems"]\n'
    with pytest.raises(InvalidDocument) as caught:
        RiskFactorCatalogue.from_toml(text, source="team.toml")
    assert [str(p) for p in caught.value.problems] == [
        "remove[1]: repeats remove[0], got 'housing-problems'"
    ]


def test_a_catalogue_equals_only_a_catalogue_of_its_own_kind_R_SC_3() -> None:
    catalogue = DEFAULT_RISK_FACTORS
    as_dict = dict(catalogue.items())
    assert catalogue.__eq__(as_dict) is NotImplemented
    assert catalogue != as_dict  # the same codes and factors, but not a catalogue
    assert catalogue == RiskFactorCatalogue(catalogue.factors)


# --------------------------------------------------------------------------- calendars


@pytest.mark.parametrize("closures", [dt.date(2026, 12, 24), "2026-12-24"])
def test_closures_are_a_collection_not_one_day_R_SC_5(closures: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        WorkingCalendar("england", closures=closures)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "closures",
        "R-SC-5",
        closures,
    )
    assert "not one value" in caught.value.requirement


def test_closures_must_be_a_collection_R_SC_5() -> None:
    with pytest.raises(InvalidPolicy) as caught:
        WorkingCalendar("england", closures=20261224)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("closures", 20261224)
    assert caught.value.requirement == "must be a collection of dates"


# --------------------------------------------------------------------------- NHS numbers


@pytest.mark.parametrize("first_nine", ["94347659", "9434765919", "94347659x", "９43476591"])
def test_a_check_digit_needs_nine_ascii_digits_R_REC_2(first_nine: str) -> None:
    with pytest.raises(InvalidNhsNumber) as caught:
        check_digit(first_nine)
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "nhs_number",
        "R-REC-2",
        first_nine,
    )


def test_an_nhs_number_reads_in_its_usual_grouping_R_REC_2() -> None:
    assert str(NhsNumber("9434765919")) == "943 476 5919"
    assert f"NHS number {NhsNumber('943-476-5919')}" == "NHS number 943 476 5919"


# --------------------------------------------------------------------------- planning and reports


@pytest.mark.parametrize("target", ["8", True, None])
def test_the_target_wait_is_a_number_of_weeks_R_CL_6(target: object) -> None:
    team = Team(practitioners=[Practitioner(name="P", contracted_hours=18.75)])
    scenario = Scenario(
        name="as is", team=team, demand=Demand(referrals_per_week=1, mean_episode_weeks=16)
    )
    with pytest.raises(InvalidForecast) as caught:
        compare_scenarios([scenario], target_wait_weeks=target)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (
        "target_wait_weeks",
        "R-CL-6",
        target,
    )


def test_a_whole_number_is_shown_plain() -> None:
    assert (number(7), number(0), number(7.0), number(7.25, 1)) == ("7", "0", "7.00", "7.2")


def test_capacity_data_leaves_out_the_ramp_and_forecast_a_team_file_lacks_R_CL_5() -> None:
    plan = attrs.evolve(sample_team(), maturity=None, demand=None)
    data = capacity_data(plan, year=2026, today=dt.date(2026, 11, 30))
    assert "maturity" not in data
    assert "forecast" not in data
    assert data["week"]["caseload"] == 47
    full = capacity_data(sample_team(), year=2026, today=dt.date(2026, 11, 30))
    assert {"maturity", "forecast"} <= full.keys()


def _full_team_forecast() -> tuple[TeamModel, Any]:
    """One place, held for longer than the forecast runs: nobody can be allocated (R-CL-6)."""
    model = TeamModel(
        today=dt.date(2026, 11, 5),
        caseloads=[PractitionerCaseload(places=1, sessions_remaining=[40])],
        arrivals=Arrivals(weekly_rate=1),
    )
    result = simulate(model, weeks=4, replications=2, seed=1)
    assert result.mean_wait is None
    assert result.waited_longer_than_target is None
    assert result.counts.allocated == 0
    return model, result


def test_the_forecast_shows_a_dash_for_waits_when_nobody_was_allocated_R_CL_6() -> None:
    model, result = _full_team_forecast()
    text = forecast_text(model, result, name="Full")
    assert "Wait to allocation, weeks (families allocated): mean -" in text
    assert "median -; 90th percentile -; 95th -" in text
    assert "Waited longer than 8 weeks: -; places in use: 100% (100%-100%)" in text


def test_the_demo_capacity_shows_a_dash_for_waits_when_nobody_was_allocated_R_CL_6() -> None:
    _, result = _full_team_forecast()
    lines = capacity_lines(sample_team(), result, dt.date(2026, 11, 5))
    assert "  wait to allocation -; 90% allocated within -" in lines
    assert "  waited longer than 8 weeks: -; places in use 100%" in lines


def _one_replication() -> tuple[TeamModel, Any]:
    """A forecast of one replication: a mean for each measure, but no interval (R-CL-6)."""
    model = TeamModel(
        today=dt.date(2026, 11, 5),
        caseloads=[PractitionerCaseload(places=3)],
        arrivals=Arrivals(weekly_rate=1),
    )
    result = simulate(model, weeks=8, replications=1, seed=1)
    assert result.mean_wait is not None
    assert (result.mean_wait.low, result.utilisation.high) == (None, None)
    return model, result


def test_the_forecast_of_one_replication_shows_means_without_intervals_R_CL_6() -> None:
    model, result = _one_replication()
    text = forecast_text(model, result, name="One")
    assert f"mean {result.mean_wait.mean:.1f}\n" in text
    assert f"places in use: {result.utilisation.mean:.0%}\n" in text
    assert f"Waited longer than 8 weeks: {result.waited_longer_than_target.mean:.0%};" in text
    week_4 = next(line for line in text.splitlines() if line.startswith("4 "))
    assert "(" not in week_4


def test_the_demo_capacity_of_one_replication_shows_means_without_intervals_R_CL_6() -> None:
    _, result = _one_replication()
    lines = capacity_lines(sample_team(), result, dt.date(2026, 11, 5))
    end = result.waiting_list[-1].mean
    assert f"  waiting list 0 now, {end:.1f} in a year" in lines
    assert any(
        line.startswith(f"  wait to allocation {result.mean_wait.mean:.1f} weeks;")
        and line.endswith(f"within {result.wait_p90.mean:.1f} weeks")
        for line in lines
    )


# --------------------------------------------------------------------------- the demo


def test_the_demo_says_when_no_family_is_waiting_R_AL_1() -> None:
    sample = load_sample()
    ranked = Chronological().rank([], today=sample.today)
    lines = next_family_lines(
        ranked, sample_team(), today=sample.today, calendar=sample.team.calendar
    )
    assert lines == ["No family is waiting."]


def test_the_demo_offers_no_slots_or_reminders_when_next_week_is_closed_R_AP_3_R_AP_4() -> None:
    sample = load_sample()
    ranked = Chronological().rank([e.referral for e in sample.referrals[:3]], today=sample.today)
    monday = sample.today + dt.timedelta(days=7 - sample.today.weekday())
    closed = WorkingCalendar(
        sample.team.calendar.nation,
        closures=[monday + dt.timedelta(days=d) for d in range(5)],
    )
    lines = next_family_lines(ranked, sample_team(), today=sample.today, calendar=closed)
    (slots,) = [line for line in lines if line.startswith("First appointment slots")]
    assert slots.endswith("(R-AP-3): ")
    assert not any(line.startswith("Reminders") for line in lines)
    assert lines[-1].startswith("Session plan (R-EN-2..4): 6 sessions")
    opened = next_family_lines(
        ranked, sample_team(), today=sample.today, calendar=sample.team.calendar
    )
    assert any(line.startswith("Reminders for the first slot") for line in opened)


def test_the_demo_record_shows_a_refusal_with_its_reason_R_REC_4(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The demo's parents both hold parental responsibility; were one refused,
    # the demo must say so with the reason rather than list entries.
    reason = "they do not hold parental responsibility"

    def refusing_the_father(record: Any, requester: Requester) -> Any:
        if requester == ParentRequester("father"):
            return AccessRefused(requester=requester, reason=reason, rule="R-REC-4")
        return view(record, requester)

    monkeypatch.setattr("parentinfant._demo_records.view", refusing_the_father)
    referral = load_sample().referrals[0].referral
    father = referral.family.parents[1].name
    text = " ".join(line.strip() for line in access_lines(referral))  # lines wrap at 80
    assert f"{father} (father, parental responsibility): refused - {reason} " in text
    assert f"{father} (father, parental responsibility): sees" not in text
    mother = referral.family.parents[0].name
    assert f"{mother} (mother, parental responsibility): sees E-" in text
    rows = {row["requester"]: row for row in access_data(referral)}
    assert rows["father"] == {"requester": "father", "refused": reason, "rule": "R-REC-4"}
    assert "shown" in rows["mother"]


# --------------------------------------------------------------------------- export


def test_an_exported_calendar_keeps_the_instant_of_an_aware_stamp() -> None:
    referral, case = sample_case()
    plus_one = dt.timezone(dt.timedelta(hours=1))
    aware = export_text("ical", referral, case, stamp=DT(2027, 1, 2, 3, 4, 5, tzinfo=plus_one))
    naive = export_text("ical", referral, case, stamp=DT(2027, 1, 2, 3, 4, 5))
    assert "DTSTAMP:20270102T020405Z" in aware.splitlines()
    assert "DTSTAMP:20270102T030405Z" in naive.splitlines()  # a naive stamp is read as UTC
    assert json.loads(export_text("json", referral, case, stamp=None))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "$: is not JSON: nested too deeply"),
        ('{"referral": ' + "9" * 5000 + "}", "$: is not JSON: Exceeds the limit (4300 digits)"),
    ],
)
def test_a_case_file_too_deep_or_with_too_long_a_number_is_refused_as_not_json(
    tmp_path: Path, text: str, problem: str
) -> None:
    # Python's own limits, reported as a problem in the document, never a crash.
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDocument) as caught:
        read_case_file(str(path))
    (found,) = caught.value.problems
    assert str(found).startswith(problem)


@pytest.mark.parametrize(("field", "value"), [("max_days", "28"), ("max_attempts", 2.5)])
def test_an_engagement_limit_is_a_whole_number_or_none_R_AL_3(field: str, value: object) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        EngagementPolicy(**{field: value})  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule, caught.value.value) == (field, "R-AL-3", value)
    assert caught.value.requirement == "must be a whole number or None"
    assert getattr(EngagementPolicy(**{field: None}), field) is None  # None: no such limit


@pytest.mark.parametrize("convert", [state_after_screening, command_for_decision])
def test_only_a_screening_decision_moves_a_case_R_SC_4(convert: Any) -> None:
    # A look-alike (here the referral's id) is refused, never read as some decision.
    with pytest.raises(TypeError, match="not a screening decision: 'R-1'"):
        convert("R-1")
