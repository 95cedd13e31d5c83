"""Endings: the session plan, step-down and follow-up (DOMAIN.md section 8, R-EN-1..6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentinfant.endings import (
    DEFAULT_STEP_DOWN_OPTIONS,
    ChangeCause,
    EndingsPolicy,
    Manualised,
    NewIssueAction,
    PlanChange,
    SessionPlan,
    SessionRole,
    SessionSlot,
    SessionStatus,
    StepDown,
    StepDownOption,
    follow_up_commands,
    follow_up_due,
    plan_sessions,
    step_down,
)
from parentinfant.errors import InvalidCommand, InvalidPolicy, InvalidValue
from parentinfant.lifecycle import (
    AcceptToWaitingList,
    Allocate,
    Case,
    CaseState,
    ClosureReason,
    Command,
    ResumeIntervention,
    StartAssessment,
    StartEnding,
    StartIntervention,
    StartScreening,
    apply,
    open_case,
    replay,
)
from parentinfant.lifecycle import Close as CloseCase

ROLES = SessionRole
ATTENDED = SessionStatus.ATTENDED


def roles(plan: SessionPlan) -> str:
    """The plan's roles as letters: o(rdinary), r(eview), e(nding)."""
    return "".join(s.role.value[0] for s in plan.sessions)


def attend(plan: SessionPlan, sessions: int) -> SessionPlan:
    for _ in range(sessions):
        slot = plan.next_session
        assert slot is not None
        plan, _ = plan.record(slot.number, attended=True)
    return plan


# --------------------------------------------------------------------------- the plan


def test_the_default_plan_is_six_sessions_review_mid_way_ending_phase_of_two_R_EN_2_R_EN_3() -> (
    None
):
    plan = plan_sessions()
    assert (plan.total, plan.review_session, plan.ending_starts_at) == (6, 3, 5)
    assert roles(plan) == "ooroee"
    assert list(plan.ending_phase) == [5, 6]
    assert all(s.status is SessionStatus.PLANNED for s in plan.sessions)


@pytest.mark.parametrize(
    ("limit", "ending", "expected"),
    [
        (5, 2, "ooree"),
        (6, 2, "ooroee"),
        (3, 1, "ore"),
        (4, 2, "oree"),
        (8, 3, "oooroeee"),
        (10, 2, "ooooroooee"),
    ],
)
def test_the_review_is_mid_way_and_before_an_ending_phase_of_the_policys_length_R_EN_3_R_EN_4(
    limit: int, ending: int, expected: str
) -> None:
    plan = plan_sessions(EndingsPolicy(session_limit=limit, ending_sessions=ending))
    assert roles(plan) == expected
    assert len(plan.ending_phase) == ending


def test_a_manualised_intervention_has_the_manuals_fixed_number_of_sessions_R_EN_2() -> None:
    manual = Manualised(name="Circle of Security Parenting", sessions=8)
    plan = plan_sessions(EndingsPolicy(session_limit=5), manualised=manual)
    assert (plan.total, plan.planned, plan.manualised) == (8, 8, manual)
    assert roles(plan) == "ooorooee"


def test_a_manual_too_short_for_the_ending_phase_is_refused_R_EN_3() -> None:
    with pytest.raises(InvalidPolicy) as raised:
        plan_sessions(
            EndingsPolicy(ending_sessions=3), manualised=Manualised(name="VIG", sessions=4)
        )
    assert (raised.value.field, raised.value.rule, raised.value.value) == ("sessions", "R-EN-3", 4)


def test_next_session_and_ending_next_follow_the_recording_R_EN_3() -> None:
    plan = attend(plan_sessions(), 3)
    assert plan.next_session == SessionSlot(number=4, role="ordinary")
    assert not plan.ending_next
    plan = attend(plan, 1)
    assert plan.ending_next
    assert not plan.ending_begun
    plan = attend(plan, 1)
    assert not plan.ending_next
    assert plan.ending_begun
    plan = attend(plan, 1)
    assert plan.complete
    assert plan.ending_begun
    assert plan.next_session is None
    assert plan.remaining == 0


# --------------------------------------------------------------------------- recording


def test_recording_an_attended_session_changes_nothing_else_R_EN_2() -> None:
    plan, change = plan_sessions().record(1, attended=True)
    assert plan.sessions[0].status is ATTENDED
    assert change == PlanChange(
        cause=ChangeCause.ATTENDED,
        lines=("session 1 attended",),
        sessions_before=6,
        sessions_after=6,
        changed=False,
    )


def test_holding_the_review_prompts_agreeing_the_ending_in_advance_R_EN_3_R_EN_4() -> None:
    plan = attend(plan_sessions(), 2)
    _, change = plan.record(3, attended=True)
    assert change.lines == (
        "session 3 (the review) attended",
        "the review was held: agree the ending phase (sessions 5-6) with the family in advance "
        "(R-EN-3)",
    )


def test_a_missed_session_is_offered_again_and_the_plan_moves_on_R_EN_2() -> None:
    plan, change = plan_sessions().record(1, attended=False)
    assert plan.total == 7
    assert plan.offered_again == 1
    assert roles(plan) == "oooroee"
    assert change.cause is ChangeCause.MISSED
    assert change.changed
    assert str(change).splitlines() == [
        "session 1 missed; offered again, so it does not count towards the limit "
        "(1 of 2 the policy allows)",
        "sessions: 6 -> 7",
        "review: session 3 -> session 4",
        "ending phase: sessions 5-6 -> sessions 6-7",
    ]


def test_missed_sessions_count_towards_the_limit_once_the_allowance_is_used_R_EN_2() -> None:
    plan = plan_sessions(EndingsPolicy(missed_offered_again=1))
    plan, _ = plan.record(1, attended=False)
    plan, change = plan.record(2, attended=False)
    assert plan.total == 7
    assert not change.changed
    assert change.lines == (
        "session 2 missed; it counts towards the limit "
        "(the 1 missed sessions the policy offers again are used up)",
    )


def test_a_policy_can_count_every_missed_session_towards_the_limit_R_EN_2() -> None:
    plan, change = plan_sessions(EndingsPolicy(missed_offered_again=0)).record(1, attended=False)
    assert plan.total == 6
    assert change.lines == (
        "session 1 missed; it counts towards the limit (the policy counts missed sessions)",
    )


def test_a_missed_review_is_held_at_the_next_session_when_there_is_room_R_EN_4() -> None:
    plan = attend(plan_sessions(EndingsPolicy(session_limit=8, missed_offered_again=0)), 3)
    plan, change = plan.record(4, attended=False)
    assert plan.review_session == 5
    assert roles(plan) == "ooorroee"
    assert "review: session 4 -> session 5" in change.lines


def test_a_missed_review_with_no_room_left_says_an_extension_would_make_room_R_EN_4() -> None:
    plan = attend(plan_sessions(EndingsPolicy(session_limit=5, missed_offered_again=0)), 2)
    plan, change = plan.record(3, attended=False)
    assert plan.review_session == 3
    assert change.lines[-1].startswith("the review (session 3) was missed and no session is left")
    plan, change = plan.extend(1, reason="Hold the review")
    assert plan.review_session == 4
    assert roles(plan) == "oorree"


def test_a_missed_ending_session_offered_again_joins_the_ending_phase_R_EN_3() -> None:
    plan = attend(plan_sessions(), 4)
    plan, change = plan.record(5, attended=False)
    assert list(plan.ending_phase) == [5, 6, 7]
    assert not change.ending_restarted


@pytest.mark.parametrize("number", [0, -1, 7, 99, 2])
def test_recording_a_session_other_than_the_next_is_refused_R_EN_2(number: int) -> None:
    plan = attend(plan_sessions(), 0)
    with pytest.raises(InvalidCommand) as raised:
        plan.record(number, attended=True)
    assert raised.value.field == "session_number"
    assert raised.value.rule == "R-EN-2"
    assert raised.value.value == number
    assert "next session to record (1 of 6)" in str(raised.value)


def test_recording_a_session_already_recorded_is_refused_R_EN_2() -> None:
    plan = attend(plan_sessions(), 2)
    with pytest.raises(InvalidCommand, match="next session to record \\(3 of 6\\)"):
        plan.record(2, attended=False)


def test_recording_after_the_last_session_is_refused_R_EN_2() -> None:
    plan = attend(plan_sessions(), 6)
    with pytest.raises(InvalidCommand, match="all 6 are recorded"):
        plan.record(7, attended=True)


@pytest.mark.parametrize(
    ("number", "attended", "field"),
    [(True, True, "session_number"), ("1", True, "session_number"), (1, "yes", "attended")],
)
def test_recording_refuses_values_of_the_wrong_kind_R_EN_2(
    number: object, attended: object, field: str
) -> None:
    with pytest.raises(InvalidCommand) as raised:
        plan_sessions().record(number, attended=attended)  # type: ignore[arg-type]
    assert raised.value.field == field


# --------------------------------------------------------------------------- extensions


def test_an_extension_records_its_reason_and_adds_work_before_the_ending_R_EN_2() -> None:
    plan = attend(plan_sessions(), 1)
    plan, change = plan.extend(2, reason="Father joining the sessions")
    assert plan.total == 8
    assert roles(plan) == "ooorooee"
    (extension,) = plan.extensions
    assert (extension.sessions, extension.reason, extension.after_session) == (
        2,
        "Father joining the sessions",
        1,
    )
    assert not extension.departs_from_manual
    assert change.cause is ChangeCause.EXTENSION
    assert change.lines[0] == "extended by 2 sessions after session 1: Father joining the sessions"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_extension_without_a_reason_is_refused_R_EN_2(reason: object) -> None:
    with pytest.raises(InvalidCommand) as raised:
        plan_sessions().extend(2, reason=reason)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.rule, raised.value.value) == (
        "reason",
        "R-EN-2",
        reason,
    )


@pytest.mark.parametrize("by", [0, -2, True, 1.5])
def test_an_extension_must_add_a_positive_whole_number_of_sessions_R_EN_2(by: object) -> None:
    with pytest.raises(InvalidCommand) as raised:
        plan_sessions().extend(by, reason="More needed")  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.rule, raised.value.value) == ("by", "R-EN-2", by)


def test_an_extension_after_the_ending_began_restarts_it_after_the_added_work_R_EN_3() -> None:
    plan = attend(plan_sessions(), 5)
    plan, change = plan.extend(3, reason="New baby due; relationship under strain")
    assert roles(plan) == "ooroeooee"
    assert list(plan.ending_phase) == [8, 9]
    assert change.ending_restarted
    assert change.lines[-1] == (
        "the ending phase starts again later: resume the intervention now, "
        "and start the ending at session 8"
    )


def test_a_short_extension_in_the_ending_phase_lengthens_it_R_EN_3() -> None:
    plan = attend(plan_sessions(), 5)
    plan, change = plan.extend(1, reason="One more to say goodbye")
    assert list(plan.ending_phase) == [5, 6, 7]
    assert not change.ending_restarted


def test_a_manualised_plan_is_extended_only_when_the_team_departs_from_the_manual_R_EN_2() -> None:
    plan = plan_sessions(manualised=Manualised(name="VIG", sessions=6))
    with pytest.raises(InvalidCommand) as raised:
        plan.extend(2, reason="Needs more")
    assert (raised.value.field, raised.value.rule, raised.value.value) == (
        "departs_from_manual",
        "R-EN-2",
        False,
    )
    plan, _ = plan.extend(2, reason="Needs more", departs_from_manual=True)
    assert plan.total == 8
    assert plan.extensions[0].departs_from_manual


def test_departing_from_a_manual_is_refused_for_a_plan_with_no_manual_R_EN_2() -> None:
    with pytest.raises(InvalidCommand, match="must be False for a plan that follows no manual"):
        plan_sessions().extend(1, reason="More", departs_from_manual=True)


# --------------------------------------------------------------------------- new issues


def test_a_new_issue_can_be_absorbed_by_re_planning_within_the_sessions_left_R_EN_4() -> None:
    plan = attend(plan_sessions(), 1)
    after, change = plan.new_issue("Worries about sleep", action="re-plan")
    assert after.sessions == plan.sessions
    assert not change.changed
    assert change.lines == (
        "new issue raised after session 1: Worries about sleep; re-planned within the 5 "
        "sessions left",
        "talk it through at the review (session 3)",
    )
    (issue,) = after.issues
    assert (issue.action, issue.after_session) == (NewIssueAction.REPLAN, 1)


def test_a_new_issue_can_extend_the_plan_with_the_issue_as_the_reason_R_EN_4() -> None:
    plan = attend(plan_sessions(), 5)
    plan, change = plan.new_issue("Return to work", action="extend", by=3)
    assert plan.total == 9
    assert plan.extensions[-1].reason == "new issue: Return to work"
    assert change.cause is ChangeCause.NEW_ISSUE
    assert change.ending_restarted


def test_a_new_issue_can_be_referred_on_leaving_the_plan_as_it_is_R_EN_4() -> None:
    plan = attend(plan_sessions(), 4)
    after, change = plan.new_issue("Debt", action="refer-on", referred_to="Citizens Advice")
    assert after.sessions == plan.sessions
    assert after.issues[0].referred_to == "Citizens Advice"
    assert change.lines == (
        "new issue raised after session 4: Debt; referred on to Citizens Advice; "
        "the plan is unchanged",
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"action": "extend"}, "by"),
        ({"action": "re-plan", "by": 2}, "by"),
        ({"action": "refer-on"}, "referred_to"),
        ({"action": "refer-on", "referred_to": "  "}, "referred_to"),
        ({"action": "extend", "by": 1, "referred_to": "GP"}, "referred_to"),
        ({"action": "ignore"}, "action"),
    ],
)
def test_a_new_issue_needs_what_its_action_needs_and_nothing_else_R_EN_4(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidCommand) as raised:
        plan_sessions().new_issue("Feeding", **kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert raised.value.rule == "R-EN-4"


def test_a_new_issue_needs_a_description_R_EN_4() -> None:
    with pytest.raises(InvalidCommand) as raised:
        plan_sessions().new_issue("", action="re-plan")
    assert (raised.value.field, raised.value.rule) == ("description", "R-EN-4")


def test_re_planning_needs_a_session_left_R_EN_4() -> None:
    plan = attend(plan_sessions(), 6)
    with pytest.raises(InvalidCommand, match="must be 'extend' or 'refer-on'"):
        plan.new_issue("Sleep", action="re-plan")
    plan, _ = plan.new_issue("Sleep", action="extend", by=3)
    assert roles(plan) == "ooroeeoee"


# --------------------------------------------------------------------------- the plan's shape


def test_a_plan_that_cannot_exist_is_refused_by_its_constructor_R_EN_2() -> None:
    plan = plan_sessions()
    with pytest.raises(InvalidValue, match="must number 6"):
        SessionPlan(policy=plan.policy, sessions=plan.sessions[:5])
    attended_late = (*plan.sessions[:5], attrs.evolve(plan.sessions[5], status="attended"))
    with pytest.raises(InvalidValue, match="sessions are recorded in order"):
        SessionPlan(policy=plan.policy, sessions=attended_late)
    no_review = tuple(
        attrs.evolve(s, role="ordinary") if s.number == 3 else s for s in plan.sessions
    )
    with pytest.raises(InvalidValue, match="must hold one review") as raised:
        SessionPlan(policy=plan.policy, sessions=no_review)
    assert raised.value.rule == "R-EN-4"
    short_ending = tuple(
        attrs.evolve(s, role="ordinary") if s.number == 5 else s for s in plan.sessions
    )
    with pytest.raises(InvalidValue, match="ending phase of at least 2") as raised:
        SessionPlan(policy=plan.policy, sessions=short_ending)
    assert raised.value.rule == "R-EN-3"
    with pytest.raises(InvalidValue, match="offered_again"):
        SessionPlan(policy=plan.policy, sessions=plan.sessions, offered_again=-1)


def test_wire_values_are_lower_case_and_stable() -> None:
    assert [r.value for r in SessionRole] == ["ordinary", "review", "ending"]
    assert [s.value for s in SessionStatus] == ["planned", "attended", "missed"]
    assert [a.value for a in NewIssueAction] == ["re-plan", "extend", "refer-on"]
    assert [c.value for c in ChangeCause] == ["attended", "missed", "extension", "new-issue"]


# --------------------------------------------------------------------------- policy errors


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"session_limit": 0}, "session_limit", "R-EN-2"),
        ({"session_limit": -6}, "session_limit", "R-EN-2"),
        ({"session_limit": 2, "ending_sessions": 1}, "session_limit", "R-EN-2"),
        ({"session_limit": 6.0}, "session_limit", "R-EN-2"),
        ({"ending_sessions": 0}, "ending_sessions", "R-EN-3"),
        ({"ending_sessions": -1}, "ending_sessions", "R-EN-3"),
        ({"session_limit": 6, "ending_sessions": 6}, "ending_sessions", "R-EN-3"),
        ({"session_limit": 6, "ending_sessions": 5}, "ending_sessions", "R-EN-3"),
        ({"missed_offered_again": -1}, "missed_offered_again", "R-EN-2"),
        ({"follow_up": "no"}, "follow_up", "R-EN-6"),
        ({"follow_up_months": 0}, "follow_up_months", "R-EN-6"),
        ({"follow_up_reopens_case": 1}, "follow_up_reopens_case", "R-EN-6"),
        ({"step_down_options": "infant-massage"}, "step_down_options", "R-EN-5"),
        ({"step_down_options": ["infant-massage"]}, "step_down_options", "R-EN-5"),
        (
            {"step_down_options": [DEFAULT_STEP_DOWN_OPTIONS[0]] * 2},
            "step_down_options",
            "R-EN-5",
        ),
    ],
)
def test_a_policy_out_of_range_is_refused_naming_field_rule_and_value(
    kwargs: dict[str, object], field: str, rule: str
) -> None:
    with pytest.raises(InvalidPolicy) as raised:
        EndingsPolicy(**kwargs)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.rule) == (field, rule)
    assert field in str(raised.value)
    assert rule in str(raised.value)


def test_ending_sessions_must_leave_a_first_session_and_the_review_R_EN_3() -> None:
    with pytest.raises(InvalidPolicy) as raised:
        EndingsPolicy(session_limit=5, ending_sessions=4)
    assert str(raised.value) == (
        "ending_sessions must be at most session_limit - 2 (3), leaving a first session and "
        "the review before the ending phase (R-EN-3), got 4"
    )
    assert EndingsPolicy(session_limit=5, ending_sessions=3).ending_sessions == 3


# --------------------------------------------------------------------------- step-down


def test_the_default_step_down_options_are_those_domain_md_names_R_EN_5() -> None:
    assert [o.code for o in DEFAULT_STEP_DOWN_OPTIONS] == [
        "infant-massage",
        "universal-parenting-group",
        "community-services",
        "keep-in-touch-group",
    ]
    assert "Solihull Approach" in DEFAULT_STEP_DOWN_OPTIONS[1].label
    assert EndingsPolicy().step_down_options == DEFAULT_STEP_DOWN_OPTIONS


def test_a_team_replaces_the_step_down_options_with_its_own_R_EN_5() -> None:
    policy = EndingsPolicy(
        step_down_options=[
            StepDownOption(code="baby-yoga", label="Baby yoga at the family hub"),
            StepDownOption(code="keep-in-touch-group", label="Tuesday coffee morning"),
        ]
    )
    record = step_down(["baby-yoga", "keep-in-touch-group"], policy, note="Starts in May")
    assert [o.label for o in record.options] == [
        "Baby yoga at the family hub",
        "Tuesday coffee morning",
    ]
    assert record.summary == (
        "step-down: Baby yoga at the family hub; Tuesday coffee morning. Starts in May"
    )
    with pytest.raises(InvalidCommand) as raised:
        step_down(["infant-massage"], policy)
    assert (raised.value.field, raised.value.rule, raised.value.value) == (
        "options",
        "R-EN-5",
        "infant-massage",
    )


def test_no_step_down_is_recorded_only_with_a_note_saying_why_R_EN_5() -> None:
    assert step_down([], note="Family moving to Leeds").options == ()
    with pytest.raises(InvalidCommand) as raised:
        step_down([])
    assert (raised.value.field, raised.value.rule) == ("note", "R-EN-5")


def test_a_step_down_option_is_chosen_once_R_EN_5() -> None:
    with pytest.raises(InvalidCommand, match="must not repeat an option"):
        step_down(["infant-massage", "infant-massage"])
    with pytest.raises(InvalidCommand, match="must hold StepDownOption"):
        StepDown(options=["infant-massage"])  # type: ignore[list-item]


# --------------------------------------------------------------------------- follow-up


@pytest.mark.parametrize(
    ("closed", "due"),
    [
        (dt.date(2026, 3, 15), dt.date(2026, 9, 15)),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
    ],
)
def test_follow_up_is_due_six_calendar_months_after_closure_R_EN_6(
    closed: dt.date, due: dt.date
) -> None:
    assert follow_up_due(closed) == due


def test_follow_up_is_optional_per_team_R_EN_6() -> None:
    assert follow_up_due(dt.date(2026, 3, 15), EndingsPolicy(follow_up=False)) is None
    assert follow_up_commands(EndingsPolicy(follow_up=False)) == ()
    assert follow_up_due(dt.date(2026, 3, 15), EndingsPolicy(follow_up_months=3)) == dt.date(
        2026, 6, 15
    )


def test_follow_up_due_needs_a_date_not_a_datetime_R_EN_6() -> None:
    with pytest.raises(InvalidValue) as raised:
        follow_up_due(dt.datetime(2026, 3, 15, 10, 0))
    assert (raised.value.field, raised.value.rule) == ("closed_on", "R-EN-6")


def _closed_case() -> tuple[Case, dt.datetime]:
    at = dt.datetime(2026, 3, 2, 9, 0)
    case, _ = open_case("RPI-7", at=at)
    steps: list[Command] = [
        StartScreening(),
        AcceptToWaitingList(),
        Allocate(practitioner="Priya Shah"),
        StartAssessment(),
        StartIntervention(),
        StartEnding(),
        CloseCase(reason="work-completed", note=step_down("infant-massage").summary),
    ]
    for day, command in enumerate(steps, start=1):
        case, _ = apply(case, command, at=at + dt.timedelta(days=7 * day))
    assert case.closure is not None
    return case, case.closure.at


def test_follow_up_reopens_the_case_and_closes_it_again_where_recording_requires_R_EN_6() -> None:
    case, closed_at = _closed_case()
    due = follow_up_due(closed_at.date())
    assert due == dt.date(2026, 10, 20)
    reopen, close = follow_up_commands(note="Six-month follow-up measures")
    at = dt.datetime.combine(due, dt.time(10, 0))
    case, _ = apply(case, reopen, at=at)
    assert case.state is CaseState.FOLLOW_UP
    case, _ = apply(case, close, at=at + dt.timedelta(days=7))
    assert case.state is CaseState.CLOSED
    assert case.closure is not None
    assert case.closure.reason is ClosureReason.FOLLOW_UP_COMPLETED
    assert case.times_reopened == 1
    assert replay(case.events) == case


def test_follow_up_without_reopening_needs_no_lifecycle_commands_R_EN_6() -> None:
    assert follow_up_commands(EndingsPolicy(follow_up_reopens_case=False)) == ()


def test_the_plan_tells_when_to_start_and_resume_the_ending_on_the_case_R_EN_3_R_EN_4() -> None:
    case, _ = open_case("RPI-8", at=dt.datetime(2026, 3, 2, 9, 0))
    when = iter(dt.datetime(2026, 3, 3, 9) + dt.timedelta(days=7 * n) for n in range(40))
    for command in (StartScreening(), AcceptToWaitingList(), Allocate(practitioner="Sam")):
        case, _ = apply(case, command, at=next(when))
    case, _ = apply(case, StartAssessment(), at=next(when))
    case, _ = apply(case, StartIntervention(), at=next(when))
    plan = plan_sessions()
    while not plan.ending_next:
        plan = attend(plan, 1)
    case, _ = apply(case, StartEnding(), at=next(when))
    plan = attend(plan, 1)
    plan, change = plan.new_issue("Partner left", action="extend", by=3)
    assert change.ending_restarted
    case, _ = apply(case, ResumeIntervention(note=change.lines[0]), at=next(when))
    assert case.state is CaseState.INTERVENTION
    while not plan.ending_next:
        plan = attend(plan, 1)
    case, _ = apply(case, StartEnding(), at=next(when))
    plan = attend(plan, plan.remaining)
    assert plan.complete
    case, _ = apply(case, CloseCase(reason="work-completed"), at=next(when))
    assert case.state is CaseState.CLOSED


# --------------------------------------------------------------------------- properties


@st.composite
def policies(draw: st.DrawFn) -> EndingsPolicy:
    limit = draw(st.integers(3, 12))
    return EndingsPolicy(
        session_limit=limit,
        ending_sessions=draw(st.integers(1, limit - 2)),
        missed_offered_again=draw(st.integers(0, 3)),
    )


@st.composite
def plans(draw: st.DrawFn) -> SessionPlan:
    policy = draw(policies())
    manualised = None
    if draw(st.booleans()):
        sessions = draw(st.integers(policy.ending_sessions + 2, 16))
        manualised = Manualised(name="A manualised intervention", sessions=sessions)
    return plan_sessions(policy, manualised=manualised)


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("attend"), st.just(0)),
        st.tuples(st.just("miss"), st.just(0)),
        st.tuples(st.just("extend"), st.integers(1, 4)),
        st.tuples(st.just("re-plan"), st.just(0)),
        st.tuples(st.just("refer-on"), st.just(0)),
        st.tuples(st.just("issue-extend"), st.integers(1, 4)),
    ),
    max_size=30,
)


def walk(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> Iterator[tuple[SessionPlan, str, int, SessionPlan, PlanChange]]:
    """Apply each step that fits the plan; yield (before, step, n, after, change)."""
    departs = plan.manualised is not None
    for step, n in steps:
        slot = plan.next_session
        if step in ("attend", "miss"):
            if slot is None:
                continue
            after, change = plan.record(slot.number, attended=step == "attend")
        elif step == "extend":
            after, change = plan.extend(n, reason="needs more", departs_from_manual=departs)
        elif step == "re-plan":
            if slot is None:
                continue
            after, change = plan.new_issue("sleep", action="re-plan")
        elif step == "refer-on":
            after, change = plan.new_issue("debt", action="refer-on", referred_to="CAB")
        else:
            after, change = plan.new_issue(
                "feeding", action="extend", by=n, departs_from_manual=departs
            )
        assert (change.sessions_before, change.sessions_after) == (plan.total, after.total)
        yield plan, step, n, after, change
        plan = after


@given(plans(), STEPS)
def test_property_the_review_falls_strictly_inside_the_plan_R_EN_4(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    assert 1 < plan.review_session < plan.total
    for _, _, _, after, _ in walk(plan, steps):
        assert 1 < after.review_session < after.total
        review = after.sessions[after.review_session - 1]
        assert review.role is ROLES.REVIEW
        if review.status is SessionStatus.PLANNED:
            assert after.review_session < after.ending_starts_at


@given(plans(), STEPS)
def test_property_an_extension_never_shortens_a_plan_R_EN_2(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    for before, step, n, after, _ in walk(plan, steps):
        if step in ("extend", "issue-extend"):
            assert after.total == before.total + n > before.total
            assert after.remaining == before.remaining + n
            assert after.extensions[:-1] == before.extensions
            assert after.extensions[-1].sessions == n


@given(plans(), STEPS)
def test_property_the_ending_phase_always_has_at_least_the_policys_sessions_R_EN_3(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    wanted = plan.policy.ending_sessions
    assert len(plan.ending_phase) == wanted
    for _, _, _, after, _ in walk(plan, steps):
        assert len(after.ending_phase) >= wanted
        assert after.ending_phase[-1] == after.total
        assert all(after.sessions[n - 1].role is ROLES.ENDING for n in after.ending_phase)
        if not after.ending_begun:
            assert after.remaining >= len(after.ending_phase)


@given(plans(), STEPS)
def test_property_re_planning_keeps_every_attended_session_R_EN_4(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    for before, _, _, after, _ in walk(plan, steps):
        kept = after.sessions[: len(before.recorded)]
        assert kept == before.recorded
        attended = [s for s in before.sessions if s.status is ATTENDED]
        assert all(after.sessions[s.number - 1] == s for s in attended)
        assert after.total >= before.total
