"""The shape of a session plan: how its sessions are laid out, and the checks that keep it so.

`lay_out` places the roles of the sessions still to come; `plan_sessions`,
`SessionPlan.record`, `SessionPlan.extend` and `SessionPlan.new_issue` build
every plan with it. `check_plan` refuses, in the constructor, any plan those
functions could not have built, so a hand-built or deserialised plan is held
to the same rules (R-EN-2, R-EN-3, R-EN-4): first rule by rule, each with its
own message, then, as the last word, by replaying the plan's history (its
recorded sessions and extensions) through the same layout and comparing every
session's role. Plans are small (tens of sessions), so this costs a few
passes over lists of that length.

Private: `parentinfant.endings` is the front door.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parentinfant._endings_policy import EndingsPolicy, Manualised
from parentinfant._plan_values import (
    Extension,
    NewIssue,
    NewIssueAction,
    SessionRole,
    SessionSlot,
    SessionStatus,
)
from parentinfant.errors import InvalidHistory, InvalidPolicy, InvalidValue

if TYPE_CHECKING:
    from parentinfant._session_plan import SessionPlan

__all__ = ["check_plan", "ending_run", "lay_out", "span"]


def ending_run(slots: tuple[SessionSlot, ...]) -> int:
    """How many slots at the end of the plan are in the ending phase."""
    run = 0
    for slot in reversed(slots):
        if slot.role is not SessionRole.ENDING:
            break
        run += 1
    return run


def span(numbers: range) -> str:
    """Sessions in words: ``session 5`` or ``sessions 5-6``."""
    if len(numbers) == 1:
        return f"session {numbers[0]}"
    return f"sessions {numbers[0]}-{numbers[-1]}"


def lay_out(
    sessions: tuple[SessionSlot, ...], total: int, ending: int, *, restart: bool
) -> tuple[SessionSlot, ...]:
    """Place the roles of the sessions still to come, keeping the recorded ones.

    ``sessions`` is the plan so far (recorded sessions first, then the ones to
    come) and ``total`` the new plan's length; `_roles_to_come` says how.
    Laying out a plan the library built gives the same plan back.
    """
    recorded = tuple(s for s in sessions if s.status is not SessionStatus.PLANNED)
    done = len(recorded)
    held = any(
        s.role is SessionRole.REVIEW and s.status is SessionStatus.ATTENDED for s in recorded
    )
    roles = _roles_to_come(
        [s.role for s in sessions], done, total, ending, held=held, restart=restart
    )
    return recorded + tuple(
        SessionSlot(number=done + 1 + i, role=role) for i, role in enumerate(roles)
    )


def _roles_to_come(
    roles: list[SessionRole], done: int, total: int, ending: int, *, held: bool, restart: bool
) -> list[SessionRole]:
    """The roles of sessions ``done + 1`` to ``total``, given the plan's ``roles`` so far.

    The ending phase is the last ``ending`` sessions; once it has begun it
    carries on (a missed session offered again joins it) unless ``restart``
    (an extension) leaves room for more work before a whole new ending phase.
    It has begun when the last recorded session is in the current ending
    phase: an ending session that an extension already followed with more
    work belongs to an earlier one. The review goes mid-way, after the first
    session and before the ending phase, unless it has been ``held``.
    """
    future = total - done
    begun = (
        done > 0
        and roles[done - 1] is SessionRole.ENDING
        and (done >= len(roles) or roles[done] is SessionRole.ENDING)
    )
    if begun and (not restart or future <= ending):
        return [SessionRole.ENDING] * future
    to_come = [SessionRole.ORDINARY] * (future - ending) + [SessionRole.ENDING] * ending
    first, last = max(2, done + 1), total - ending
    if not held and first <= last:
        review = min(max((total + 1) // 2, first), last)
        to_come[review - done - 1] = SessionRole.REVIEW
    return to_come


def _replay(plan: SessionPlan) -> list[SessionRole]:
    """The roles re-planning gives the plan's sessions, from its policy and history.

    `plan_sessions` lays the plan out; then, in order, each extension agreed
    after session ``k`` re-lays it with a restart, and recording session
    ``k + 1`` (as the plan has it: attended or missed, offered again while the
    allowance lasts) re-lays it without. A new issue re-planned or referred on
    leaves the sessions as they are, and one that extends is an extension.
    """
    ending = plan.policy.ending_sessions
    allowance = plan.policy.missed_offered_again
    statuses = [s.status for s in plan.recorded]
    added: dict[int, list[int]] = {}
    for extension in plan.extensions:
        added.setdefault(extension.after_session, []).append(extension.sessions)
    roles = _roles_to_come([], 0, plan.planned, ending, held=False, restart=False)
    held, offered = False, 0
    for done in range(len(statuses) + 1):
        for sessions in added.get(done, ()):
            total = len(roles) + sessions
            roles[done:] = _roles_to_come(roles, done, total, ending, held=held, restart=True)
        if done < len(statuses):  # the last pass only adds the latest extensions
            total = len(roles)
            if statuses[done] is SessionStatus.MISSED and offered < allowance:
                offered, total = offered + 1, total + 1
            held = held or (
                statuses[done] is SessionStatus.ATTENDED and roles[done] is SessionRole.REVIEW
            )
            roles[done + 1 :] = _roles_to_come(
                roles, done + 1, total, ending, held=held, restart=False
            )
    return roles


# --------------------------------------------------------------------------- the checks


def check_plan(plan: SessionPlan) -> None:
    """Refuse a plan that `plan_sessions` and the re-planning methods could not build.

    The checks run from the plainest (kinds, length, numbering) to the
    replay, so the message names the most basic thing wrong.

    Raises:
        InvalidPolicy: When a manual is too short for the policy's ending phase.
        InvalidHistory: When the extensions, issues or missed sessions offered
            again contradict the sessions recorded.
        InvalidValue: When the sessions do not make a plan.
    """
    _check_kinds(plan)
    _check_length(plan)
    _check_order(plan)
    _check_review(plan)
    _check_ending(plan)
    _check_offered_again(plan)
    _check_extensions(plan)
    _check_issues(plan)
    _check_layout(plan)


def _check_kinds(plan: SessionPlan) -> None:
    if not isinstance(plan.policy, EndingsPolicy):
        raise InvalidValue("policy", "must be an EndingsPolicy", plan.policy, rule="R-EN-2")
    if plan.manualised is not None and not isinstance(plan.manualised, Manualised):
        raise InvalidValue(
            "manualised", "must be a Manualised or None", plan.manualised, rule="R-EN-2"
        )
    for field, values, kind in (
        ("sessions", plan.sessions, SessionSlot),
        ("extensions", plan.extensions, Extension),
        ("issues", plan.issues, NewIssue),
    ):
        for index, value in enumerate(values):
            if not isinstance(value, kind):
                raise InvalidValue(f"{field}[{index}]", f"must be a {kind.__name__}", value)
    manual, ending = plan.manualised, plan.policy.ending_sessions
    if manual is not None and manual.sessions < ending + 2:
        raise InvalidPolicy(
            "manualised.sessions",
            f"must be at least ending_sessions + 2 ({ending + 2}) for {manual.name}, "
            "leaving a first session and the review before the ending phase",
            manual.sessions,
            rule="R-EN-3",
        )


def _check_length(plan: SessionPlan) -> None:
    """R-EN-2: the plan's length is the limit or the manual's, plus what was added."""
    allowance = plan.policy.missed_offered_again
    offered = plan.offered_again
    if isinstance(offered, bool) or not isinstance(offered, int) or not 0 <= offered <= allowance:
        raise InvalidValue(
            "offered_again",
            f"must be a whole number from 0 to the policy's {allowance}",
            offered,
            rule="R-EN-2",
        )
    added = sum(e.sessions for e in plan.extensions)
    expected = plan.planned + added + offered
    if len(plan.sessions) != expected:
        raise InvalidValue(
            "sessions",
            f"must number {expected}: {plan.planned} planned, {added} added by "
            f"extensions, {offered} offered again",
            len(plan.sessions),
            rule="R-EN-2",
        )


def _check_order(plan: SessionPlan) -> None:
    """R-EN-2: sessions are numbered 1 to the total, each once, and recorded in order."""
    planned = False
    for index, slot in enumerate(plan.sessions):
        if slot.number != index + 1:
            raise InvalidValue(
                f"sessions[{index}].number",
                f"must be {index + 1} (sessions are numbered 1 to {len(plan.sessions)}, "
                "each once, in order)",
                slot.number,
                rule="R-EN-2",
            )
        if slot.status is SessionStatus.PLANNED:
            planned = True
        elif planned:
            raise InvalidValue(
                f"sessions[{index}].status",
                "must be planned after a planned session (sessions are recorded in order)",
                slot.status.value,
                rule="R-EN-2",
            )


def _check_review(plan: SessionPlan) -> None:
    """R-EN-4: one review held or to come, after a first session; only a missed one recurs."""
    reviews = [s for s in plan.sessions if s.role is SessionRole.REVIEW]
    standing = [s for s in reviews if s.status is not SessionStatus.MISSED]
    if not reviews or len(standing) > 1:
        raise InvalidValue(
            "sessions",
            "must hold one review, held or to come (missed ones may precede it)",
            [s.number for s in reviews],
            rule="R-EN-4",
        )
    if not 1 < plan.review_session < plan.total:
        raise InvalidValue(
            "sessions",
            f"must place the review strictly inside the plan (1 < review < {plan.total})",
            plan.review_session,
            rule="R-EN-4",
        )
    if plan.sessions[0].role is SessionRole.REVIEW:
        raise InvalidValue(
            "sessions[0].role",
            "must not be the review: a first session comes before it",
            SessionRole.REVIEW.value,
            rule="R-EN-4",
        )
    if standing and standing[0] is not reviews[-1]:
        later = reviews[-1]
        raise InvalidValue(
            f"sessions[{later.number - 1}].role",
            f"must not be the review after the review {standing[0].status.value} at session "
            f"{standing[0].number}: only a missed review is held again",
            later.role.value,
            rule="R-EN-4",
        )


def _check_ending(plan: SessionPlan) -> None:
    """R-EN-3: the ending phase is the plan's last sessions, at least the policy's number.

    An ending session may come before other work only where it was recorded
    and an extension agreed right after it started the work again.
    """
    wanted = plan.policy.ending_sessions
    phase = plan.ending_phase
    if len(phase) < wanted:
        raise InvalidValue(
            "sessions",
            f"must end with an ending phase of at least {wanted}",
            len(phase),
            rule="R-EN-3",
        )
    restarts = {e.after_session for e in plan.extensions}
    for index, slot in enumerate(plan.sessions[: phase[0] - 1]):
        if slot.role is not SessionRole.ENDING:
            continue
        if slot.status is SessionStatus.PLANNED:
            raise InvalidValue(
                f"sessions[{index}].role",
                f"must not be 'ending' for a session to come before the ending phase "
                f"({span(phase)}): the ending phase is the plan's last sessions",
                slot.role.value,
                rule="R-EN-3",
            )
        after = plan.sessions[index + 1]
        if after.role is not SessionRole.ENDING and slot.number not in restarts:
            raise InvalidValue(
                f"sessions[{index + 1}].role",
                f"must be 'ending' after the ending session {slot.number}: the ending "
                f"phase starts again later only after an extension agreed after session "
                f"{slot.number}",
                after.role.value,
                rule="R-EN-3",
            )


def _check_offered_again(plan: SessionPlan) -> None:
    """R-EN-2: missed sessions are offered again while the policy's allowance lasts."""
    missed = sum(s.status is SessionStatus.MISSED for s in plan.sessions)
    allowance = plan.policy.missed_offered_again
    expected = min(missed, allowance)
    if plan.offered_again != expected:
        raise InvalidHistory(
            "offered_again",
            f"must be {expected}, the sessions missed ({missed}) up to the policy's "
            f"allowance ({allowance})",
            plan.offered_again,
            rule="R-EN-2",
        )


def _check_extensions(plan: SessionPlan) -> None:
    """R-EN-2: extensions in order, agreed by then, departing from a manual when there is one."""
    done = len(plan.recorded)
    previous = 0
    for index, extension in enumerate(plan.extensions):
        manual = plan.manualised
        if manual is not None and not extension.departs_from_manual:
            raise InvalidValue(
                f"extensions[{index}].departs_from_manual",
                f"must be True: the plan extends {manual.name}, a manualised intervention "
                f"of {manual.sessions} sessions, to {plan.total}",
                extension.departs_from_manual,
                rule="R-EN-2",
            )
        if manual is None and extension.departs_from_manual:
            raise InvalidValue(
                f"extensions[{index}].departs_from_manual",
                "must be False for a plan that follows no manual",
                extension.departs_from_manual,
                rule="R-EN-2",
            )
        _check_when(f"extensions[{index}]", extension.after_session, done, previous, "R-EN-2")
        previous = extension.after_session


def _check_issues(plan: SessionPlan) -> None:
    """R-EN-4: new issues raised in order, by then; each extending one has its extension."""
    done = len(plan.recorded)
    previous = 0
    extensions = iter(plan.extensions)
    for index, issue in enumerate(plan.issues):
        _check_when(f"issues[{index}]", issue.after_session, done, previous, "R-EN-4")
        previous = issue.after_session
        if issue.action is NewIssueAction.REPLAN and issue.after_session >= plan.total:
            raise InvalidHistory(
                f"issues[{index}].after_session",
                f"must be before the plan's last session ({plan.total}) for 're-plan', "
                "which works on the issue in the sessions left",
                issue.after_session,
                rule="R-EN-4",
            )
        if issue.action is NewIssueAction.EXTEND:
            reason = f"new issue: {issue.description}"
            if not any(
                e.reason == reason and e.after_session == issue.after_session for e in extensions
            ):
                raise InvalidHistory(
                    f"issues[{index}].action",
                    f"must have its extension in extensions, in order (reason "
                    f"{reason!r}, after session {issue.after_session})",
                    issue.action.value,
                    rule="R-EN-4",
                )


def _check_when(field: str, after_session: int, done: int, previous: int, rule: str) -> None:
    if after_session > done:
        raise InvalidHistory(
            f"{field}.after_session",
            f"must be at most {done}, the sessions recorded so far",
            after_session,
            rule=rule,
        )
    if after_session < previous:
        raise InvalidHistory(
            f"{field}.after_session",
            f"must not be before the one before it (after session {previous}): "
            "they are kept oldest first",
            after_session,
            rule=rule,
        )


def _check_layout(plan: SessionPlan) -> None:
    """R-EN-3, R-EN-4: each session has the role re-planning gives it, recorded or to come."""
    expected = _replay(plan)
    for index, (role, slot) in enumerate(zip(expected, plan.sessions, strict=True)):
        if role is not slot.role:
            review = SessionRole.REVIEW in (role, slot.role)
            raise InvalidValue(
                f"sessions[{index}].role",
                f"must be {role.value!r}: from the policy, the sessions recorded and the "
                f"extensions agreed, re-planning lays the plan out as "
                f"{[r.value for r in expected]} (the review mid-way unless held, then an "
                f"ending phase of {plan.policy.ending_sessions})",
                slot.role.value,
                rule="R-EN-4" if review else "R-EN-3",
            )
