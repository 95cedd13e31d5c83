"""Impossible plans are unconstructible (R-EN-2, R-EN-3, R-EN-4).

`plan_sessions` and the re-planning methods (`SessionPlan.record`, `extend`,
`new_issue`) only ever build plans of a certain shape. The constructors of
`SessionPlan`, `SessionSlot`, `Extension`, `NewIssue` and `PlanChange` hold a
hand-built value (by hand, with ``attrs.evolve``, from stored data) to the same
rules: each test here builds one value that breaks one rule and checks it is
refused with a typed error naming the field, the rule and the value. The
properties check the other side: everything the library builds is accepted.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given

from parentinfant.endings import (
    ChangeCause,
    EndingsPolicy,
    Extension,
    Manualised,
    NewIssue,
    PlanChange,
    SessionPlan,
    SessionRole,
    SessionSlot,
    plan_sessions,
)
from parentinfant.errors import InvalidCommand, InvalidHistory, InvalidPolicy, InvalidValue
from test_endings import STEPS, attend, plans, walk

_ROLES = {"o": "ordinary", "r": "review", "e": "ending"}
_STATUSES = {"a": "attended", "m": "missed", "p": "planned"}


def slots(roles: str, statuses: str = "") -> tuple[SessionSlot, ...]:
    """Sessions from letters: roles o/r/e; statuses a/m for the first ones, then planned."""
    statuses = statuses.ljust(len(roles), "p")
    return tuple(
        SessionSlot(number=n, role=_ROLES[role], status=_STATUSES[status])
        for n, (role, status) in enumerate(zip(roles, statuses, strict=True), start=1)
    )


def refused(
    error: type[InvalidValue], field: str, rule: str, build: Any, *args: Any, **kwargs: Any
) -> InvalidValue:
    """Build the value, expecting exactly ``error`` naming ``field`` and ``rule``."""
    with pytest.raises(InvalidValue) as raised:
        build(*args, **kwargs)
    assert type(raised.value) is error, raised.value
    assert (raised.value.field, raised.value.rule) == (field, rule), str(raised.value)
    message = str(raised.value)
    assert message.startswith(f"{field} ")
    assert f"({rule})" in message
    assert message.endswith(f"got {raised.value.value!r}")
    return raised.value


COUNTED = EndingsPolicy(missed_offered_again=0)  # 6 sessions, ending phase of 2


# --------------------------------------------------------------------------- the values


def test_a_session_is_numbered_from_1_R_EN_2() -> None:
    err = refused(InvalidValue, "number", "R-EN-2", SessionSlot, number=0, role="ordinary")
    assert err.value == 0


def test_an_extension_is_agreed_at_or_after_the_start_R_EN_2() -> None:
    refused(
        InvalidCommand,
        "after_session",
        "R-EN-2",
        Extension,
        sessions=1,
        reason="More",
        after_session=-1,
    )


def test_a_new_issue_is_raised_at_or_after_the_start_R_EN_4() -> None:
    refused(
        InvalidCommand,
        "after_session",
        "R-EN-4",
        NewIssue,
        description="Sleep",
        action="re-plan",
        after_session=-1,
    )


# --------------------------------------------------------------------------- the plan's length


def test_a_manual_too_short_for_the_policys_ending_phase_is_refused_by_the_plan_R_EN_3() -> None:
    err = refused(
        InvalidPolicy,
        "manualised.sessions",
        "R-EN-3",
        SessionPlan,
        policy=EndingsPolicy(ending_sessions=3),
        manualised=Manualised(name="VIG", sessions=4),
        sessions=slots("oree"),
    )
    assert err.value == 4


def test_attendance_recorded_beyond_the_plans_length_is_refused_R_EN_2() -> None:
    err = refused(
        InvalidValue,
        "sessions",
        "R-EN-2",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("ooroeee", "a" * 7),
    )
    assert err.value == 7
    beyond = (*slots("ooroe", "aaaaa"), SessionSlot(number=7, role="ending", status="attended"))
    err = refused(
        InvalidValue, "sessions[5].number", "R-EN-2", SessionPlan, policy=COUNTED, sessions=beyond
    )
    assert err.value == 7


def test_a_duplicated_session_number_is_refused_R_EN_2() -> None:
    plan = plan_sessions()
    twice = (*plan.sessions[:3], attrs.evolve(plan.sessions[3], number=3), *plan.sessions[4:])
    err = refused(InvalidValue, "sessions[3].number", "R-EN-2", attrs.evolve, plan, sessions=twice)
    assert err.value == 3


def test_a_session_recorded_after_one_still_to_come_is_refused_R_EN_2() -> None:
    refused(
        InvalidValue,
        "sessions[2].status",
        "R-EN-2",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("ooroee", "apa"),
    )


def test_missed_sessions_offered_again_must_match_the_sessions_missed_R_EN_2() -> None:
    plan, _ = plan_sessions().record(1, attended=False)
    assert plan.offered_again == 1
    # One session missed, but none offered again (and the plan one shorter to match).
    err = refused(
        InvalidHistory,
        "offered_again",
        "R-EN-2",
        SessionPlan,
        policy=plan.policy,
        sessions=slots("ooroee", "m"),
    )
    assert err.value == 0


# --------------------------------------------------------------------------- the review


def test_the_review_must_be_strictly_inside_the_plan_R_EN_4() -> None:
    refused(
        InvalidValue, "sessions", "R-EN-4", SessionPlan, policy=COUNTED, sessions=slots("rooeee")
    )
    refused(
        InvalidValue, "sessions", "R-EN-4", SessionPlan, policy=COUNTED, sessions=slots("oooeer")
    )


def test_a_missed_review_cannot_be_the_first_session_R_EN_4() -> None:
    err = refused(
        InvalidValue,
        "sessions[0].role",
        "R-EN-4",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("roroee", "m"),
    )
    assert err.value == "review"


def test_no_review_follows_the_review_held_R_EN_4() -> None:
    err = refused(
        InvalidValue,
        "sessions[3].role",
        "R-EN-4",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("ororee", "aaam"),
    )
    assert "only a missed review is held again" in str(err)


def test_the_review_to_come_is_mid_way_R_EN_4() -> None:
    err = refused(
        InvalidValue,
        "sessions[1].role",
        "R-EN-4",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("orooee"),
    )
    assert err.value == "review"
    assert "['ordinary', 'ordinary', 'review', 'ordinary', 'ending', 'ending']" in str(err)


def test_a_review_held_before_mid_way_is_refused_R_EN_4() -> None:
    # Nothing moved the review (no extension, no missed session offered again),
    # so it was held at session 3, not 2.
    refused(
        InvalidValue,
        "sessions[1].role",
        "R-EN-4",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("orooee", "aa"),
    )


def test_a_review_moved_on_with_nothing_to_move_it_is_refused_R_EN_4() -> None:
    # Session 3 recorded as ordinary work and the review to come at session 4:
    # the sessions to come are laid out as re-planning would, but nothing in
    # the plan's history moved the review past session 3.
    err = refused(
        InvalidValue,
        "sessions[2].role",
        "R-EN-4",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("oooree", "aaa"),
    )
    assert err.value == "ordinary"


def test_a_missed_review_is_held_again_when_there_is_room_R_EN_4() -> None:
    # Missed at session 4 with sessions 5 and 6 still to come before the ending:
    # re-planning holds it at session 5; a plan that drops it is refused.
    policy = EndingsPolicy(session_limit=8, missed_offered_again=0)
    assert SessionPlan(policy=policy, sessions=slots("ooorroee", "aaam")).review_session == 5
    refused(
        InvalidValue,
        "sessions[4].role",
        "R-EN-4",
        SessionPlan,
        policy=policy,
        sessions=slots("ooorooee", "aaam"),
    )


# --------------------------------------------------------------------------- the ending phase


def test_an_ending_session_to_come_before_the_review_is_refused_R_EN_3() -> None:
    err = refused(
        InvalidValue,
        "sessions[0].role",
        "R-EN-3",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("eoroee"),
    )
    assert err.value == "ending"
    assert "sessions 5-6" in str(err)


def test_the_ending_phase_has_the_policys_sessions_when_it_has_not_begun_R_EN_3() -> None:
    err = refused(
        InvalidValue,
        "sessions[3].role",
        "R-EN-3",
        SessionPlan,
        policy=COUNTED,
        sessions=slots("ooreee"),
    )
    assert err.value == "ending"


def test_a_long_extension_restarts_the_ending_phase_instead_of_lengthening_it_R_EN_3() -> None:
    # Every session recorded, then 2 added with an ending phase of 1: re-planning
    # puts ordinary work before a whole new ending phase.
    policy = EndingsPolicy(session_limit=3, ending_sessions=1, missed_offered_again=0)
    extension = Extension(sessions=2, reason="More", after_session=3)
    plan = SessionPlan(policy=policy, sessions=slots("oreoe", "aaa"), extensions=[extension])
    assert plan.ending_phase == range(5, 6)
    refused(
        InvalidValue,
        "sessions[3].role",
        "R-EN-3",
        SessionPlan,
        policy=policy,
        sessions=slots("oreee", "aaa"),
        extensions=[extension],
    )


def test_an_ending_phase_restarts_only_after_an_extension_agreed_then_R_EN_3() -> None:
    restarted = slots("ooroeooee", "aaaaa")

    def plan(after_session: int) -> SessionPlan:
        return SessionPlan(
            policy=COUNTED,
            sessions=restarted,
            extensions=[Extension(sessions=3, reason="More", after_session=after_session)],
        )

    assert plan(5).ending_phase == range(8, 10)
    err = refused(InvalidValue, "sessions[5].role", "R-EN-3", plan, 0)
    assert err.value == "ordinary"
    assert "extension agreed after session 5" in str(err)


# --------------------------------------------------------------------------- extensions and issues


def test_an_extension_beyond_the_sessions_recorded_so_far_is_refused_R_EN_2() -> None:
    plan, _ = attend(plan_sessions(), 1).extend(1, reason="More")
    late = attrs.evolve(plan.extensions[0], after_session=2)
    err = refused(
        InvalidHistory,
        "extensions[0].after_session",
        "R-EN-2",
        attrs.evolve,
        plan,
        extensions=[late],
    )
    assert err.value == 2
    assert "at most 1, the sessions recorded so far" in str(err)


def test_extensions_are_kept_oldest_first_R_EN_2() -> None:
    plan, _ = plan_sessions().extend(1, reason="First")
    plan, _ = attend(plan, 2).extend(1, reason="Second")
    swapped = plan.extensions[::-1]
    err = refused(
        InvalidHistory,
        "extensions[1].after_session",
        "R-EN-2",
        attrs.evolve,
        plan,
        extensions=swapped,
    )
    assert err.value == 0


def test_departing_from_the_manual_must_match_whether_the_plan_follows_one_R_EN_2() -> None:
    manual = Manualised(name="VIG", sessions=6)
    plan, _ = plan_sessions(manualised=manual).extend(2, reason="More", departs_from_manual=True)
    quiet = attrs.evolve(plan.extensions[0], departs_from_manual=False)
    err = refused(
        InvalidValue,
        "extensions[0].departs_from_manual",
        "R-EN-2",
        attrs.evolve,
        plan,
        extensions=[quiet],
    )
    assert "VIG, a manualised intervention of 6 sessions, to 8" in str(err)
    # The same sessions without the manual: the plan follows none, so nothing departs from it.
    refused(
        InvalidValue,
        "extensions[0].departs_from_manual",
        "R-EN-2",
        attrs.evolve,
        plan,
        manualised=None,
    )
    assert attrs.evolve(plan, manualised=None, extensions=[quiet]).total == 8


def test_a_new_issue_beyond_the_sessions_recorded_so_far_is_refused_R_EN_4() -> None:
    plan, _ = attend(plan_sessions(), 1).new_issue("Debt", action="refer-on", referred_to="CAB")
    refused(
        InvalidHistory,
        "issues[0].after_session",
        "R-EN-4",
        attrs.evolve,
        plan,
        issues=[attrs.evolve(plan.issues[0], after_session=3)],
    )


def test_new_issues_are_kept_oldest_first_R_EN_4() -> None:
    plan, _ = plan_sessions().new_issue("Sleep", action="re-plan")
    plan, _ = attend(plan, 2).new_issue("Debt", action="refer-on", referred_to="CAB")
    refused(
        InvalidHistory,
        "issues[1].after_session",
        "R-EN-4",
        attrs.evolve,
        plan,
        issues=plan.issues[::-1],
    )


def test_an_issue_re_planned_needs_a_session_left_R_EN_4() -> None:
    plan = attend(plan_sessions(), 6)
    issue = NewIssue(description="Sleep", action="re-plan", after_session=6)
    err = refused(
        InvalidHistory, "issues[0].after_session", "R-EN-4", attrs.evolve, plan, issues=[issue]
    )
    assert err.value == 6


def test_an_issue_that_extended_the_plan_has_its_extension_R_EN_4() -> None:
    plan, _ = attend(plan_sessions(), 2).new_issue("Return to work", action="extend", by=2)
    other = attrs.evolve(plan.extensions[0], reason="Father joining")
    err = refused(
        InvalidHistory, "issues[0].action", "R-EN-4", attrs.evolve, plan, extensions=[other]
    )
    assert err.value == "extend"
    assert "'new issue: Return to work', after session 2" in str(err)


# --------------------------------------------------------------------------- plan changes


def change(**kwargs: Any) -> PlanChange:
    values: dict[str, Any] = {
        "cause": ChangeCause.EXTENSION,
        "lines": ("extended by 2 sessions",),
        "sessions_before": 6,
        "sessions_after": 8,
        "changed": True,
    }
    values.update(kwargs)
    return PlanChange(**values)


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"cause": "rescheduled"}, "cause", "R-EN-2"),
        ({"lines": ()}, "lines", "R-EN-2"),
        ({"lines": "extended"}, "lines", "R-EN-2"),
        ({"lines": ("extended", " ")}, "lines[1]", "R-EN-2"),
        ({"sessions_before": 2}, "sessions_before", "R-EN-2"),
        ({"sessions_after": 5}, "sessions_after", "R-EN-2"),
        ({"cause": "attended", "sessions_after": 7}, "sessions_after", "R-EN-2"),
        ({"cause": "missed", "sessions_after": 8}, "sessions_after", "R-EN-2"),
        ({"sessions_after": 6}, "sessions_after", "R-EN-2"),
        ({"changed": False}, "changed", "R-EN-2"),
        ({"changed": "yes"}, "changed", "R-EN-2"),
        ({"cause": "attended", "sessions_after": 6}, "changed", "R-EN-2"),
        ({"cause": "new-issue", "sessions_after": 6}, "changed", "R-EN-4"),
        (
            {"cause": "missed", "sessions_after": 7, "ending_restarted": True},
            "ending_restarted",
            "R-EN-3",
        ),
        ({"ending_restarted": 1}, "ending_restarted", "R-EN-3"),
    ],
)
def test_a_plan_change_re_planning_cannot_make_is_refused(
    kwargs: dict[str, Any], field: str, rule: str
) -> None:
    refused(InvalidValue, field, rule, change, **kwargs)


def test_plan_changes_re_planning_makes_are_accepted() -> None:
    assert change(ending_restarted=True).ending_restarted
    assert (
        change(cause="new-issue", sessions_after=6, changed=False).cause is ChangeCause.NEW_ISSUE
    )
    assert change(cause="missed", sessions_after=6).changed
    assert change(cause="attended", sessions_after=6, changed=False).lines == (
        "extended by 2 sessions",
    )


# --------------------------------------------------------------------------- re-planning after a restart


def test_referring_on_or_re_planning_right_after_a_restart_leaves_the_plan_as_it_is_R_EN_4() -> (
    None
):
    plan = attend(plan_sessions(), 5)
    plan, change = plan.extend(3, reason="New baby due")
    assert change.ending_restarted
    for action, referred_to in (("refer-on", "Citizens Advice"), ("re-plan", None)):
        after, change = plan.new_issue("Debt", action=action, referred_to=referred_to)
        assert after.sessions == plan.sessions
        assert list(after.ending_phase) == [8, 9]
        assert not change.changed


# --------------------------------------------------------------------------- properties


def fields(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}


@given(plans(), STEPS)
def test_property_every_plan_the_library_builds_constructs_again_from_its_fields(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    assert attrs.evolve(plan) == SessionPlan(**fields(plan)) == plan
    for _, _, _, after, change in walk(plan, steps):
        assert attrs.evolve(after) == SessionPlan(**fields(after)) == after
        assert attrs.evolve(change) == PlanChange(**fields(change)) == change
        for value in (*after.sessions, *after.extensions, *after.issues):
            assert type(value)(**fields(value)) == value


@given(plans(), STEPS)
def test_property_referring_on_or_re_planning_never_changes_the_sessions_R_EN_4(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    for before, step, _, after, change in walk(plan, steps):
        if step in ("re-plan", "refer-on"):
            assert after.sessions == before.sessions
            assert not change.changed
            assert not change.ending_restarted


@given(plans(), STEPS)
def test_property_no_session_of_a_plan_can_be_relabelled_by_hand_R_EN_3_R_EN_4(
    plan: SessionPlan, steps: list[tuple[str, int]]
) -> None:
    for *_, after, _ in walk(plan, steps):
        plan = after
    for slot in plan.sessions:
        for role in SessionRole:
            if role is slot.role:
                continue
            relabelled = tuple(
                attrs.evolve(s, role=role) if s is slot else s for s in plan.sessions
            )
            with pytest.raises(InvalidValue) as raised:
                attrs.evolve(plan, sessions=relabelled)
            assert raised.value.rule in ("R-EN-3", "R-EN-4")
            assert raised.value.field.startswith("sessions")
