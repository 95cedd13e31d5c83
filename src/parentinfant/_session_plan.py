"""The session plan: laid out from the policy, re-planned as the work goes (R-EN-2..4).

Private: `parentinfant.endings` is the front door and re-exports every public
name here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, final

import attrs

from parentinfant._endings_policy import EndingsPolicy, Manualised
from parentinfant._plan_shape import check_plan, ending_run, lay_out, span
from parentinfant._plan_values import (
    ChangeCause,
    Extension,
    NewIssue,
    NewIssueAction,
    PlanChange,
    SessionRole,
    SessionSlot,
    SessionStatus,
)
from parentinfant._validate import parse_enum
from parentinfant.errors import InvalidCommand, InvalidPolicy

__all__ = ["SessionPlan", "plan_sessions"]


# --------------------------------------------------------------------------- the plan


def _to_slots(value: Iterable[SessionSlot]) -> tuple[SessionSlot, ...]:
    return tuple(value)


def _to_extensions(value: Iterable[Extension]) -> tuple[Extension, ...]:
    return tuple(value)


def _to_issues(value: Iterable[NewIssue]) -> tuple[NewIssue, ...]:
    return tuple(value)


def _review_standing(slots: tuple[SessionSlot, ...]) -> bool:
    """Whether the review has been held or is still to come."""
    return any(
        s.role is SessionRole.REVIEW and s.status is not SessionStatus.MISSED for s in slots
    )


def _when(recorded: int) -> str:
    return f"after session {recorded}" if recorded else "before the first session"


@final
@attrs.frozen(kw_only=True)
class SessionPlan:
    """A family's sessions, numbered, with the review and the ending phase placed.

    Build one with `plan_sessions`; change it with `record`, `extend` and
    `new_issue`, which return a new plan and a `PlanChange`. The constructor
    refuses any plan those could not have built, so an impossible plan cannot
    exist, however it was made (by hand, with ``attrs.evolve``, from stored
    data):

    - R-EN-2: the sessions number 1 to `total`, each once, and there are the
      limit's or the manual's, plus those extensions added, plus the missed
      sessions offered again; recorded ones come first, in order;
      `offered_again` is the missed sessions up to the policy's allowance;
      extensions were agreed in order, after sessions already recorded, and
      depart from the manual exactly when the plan follows one (a manual
      must leave room for a first session and the review before the ending
      phase, R-EN-3);
    - R-EN-3: the ending phase is the plan's last sessions, at least the
      policy's number; an ending session comes before other work only when
      it was recorded and an extension agreed right after it started the
      work again;
    - R-EN-4: one review is held or to come, strictly inside the plan and not
      the first session, with only missed reviews before it; new issues were
      raised in order, after sessions already recorded, a re-planned one
      with a session left, and an extending one has its extension;
    - R-EN-3, R-EN-4: every session, recorded or to come, has the role
      re-planning gives it from the policy, the sessions recorded and the
      extensions agreed (the review mid-way unless held, then the ending
      phase).

    Args:
        policy: The team's endings policy.
        manualised: The manualised intervention, or None for the team's limit.
        sessions: Every session, in order.
        extensions: Extensions agreed, oldest first.
        issues: New issues raised, oldest first.
        offered_again: Missed sessions offered again so far.

    Raises:
        InvalidValue: When the sessions do not make a plan, or an extension
            departs from a manual the plan does not follow (or the reverse).
        InvalidHistory: When `offered_again`, the extensions or the issues
            contradict the sessions recorded.
        InvalidPolicy: When the manual is too short for the policy's ending
            phase.

    Examples:
        >>> plan = plan_sessions(EndingsPolicy(session_limit=5))
        >>> print(plan)
        session 1: ordinary, planned
        session 2: ordinary, planned
        session 3: review, planned
        session 4: ending, planned
        session 5: ending, planned
        >>> SessionPlan(policy=plan.policy, sessions=plan.sessions[:4])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidValue: sessions must number 5: 5 planned, 0 added by extensions, 0 offered again (R-EN-2), got 4
        >>> plan, _ = plan.record(1, attended=True)
        >>> attrs.evolve(plan, extensions=[Extension(sessions=1, reason="More", after_session=3)])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidValue: sessions must number 6: 5 planned, 1 added by extensions, 0 offered again (R-EN-2), got 5
        >>> longer, _ = plan.extend(1, reason="More")
        >>> attrs.evolve(longer, extensions=[Extension(sessions=1, reason="More", after_session=3)])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidHistory: extensions[0].after_session must be at most 1, the sessions recorded so far (R-EN-2), got 3
    """

    policy: EndingsPolicy
    sessions: tuple[SessionSlot, ...] = attrs.field(converter=_to_slots)
    manualised: Manualised | None = None
    extensions: tuple[Extension, ...] = attrs.field(default=(), converter=_to_extensions)
    issues: tuple[NewIssue, ...] = attrs.field(default=(), converter=_to_issues)
    offered_again: int = 0

    def __attrs_post_init__(self) -> None:
        check_plan(self)

    # ---------------------------------------------------------------- reading

    @property
    def planned(self) -> int:
        """The plan's length before any extension or missed session: the limit or the manual's.

        Examples:
            >>> plan_sessions(manualised=Manualised(name="VIG", sessions=8)).planned
            8
        """
        return self.policy.session_limit if self.manualised is None else self.manualised.sessions

    @property
    def total(self) -> int:
        """How many sessions the plan holds now, recorded and to come.

        Examples:
            >>> plan_sessions().extend(1, reason="Second baby due")[0].total
            7
        """
        return len(self.sessions)

    @property
    def review_session(self) -> int:
        """The review's session: the one held, else the one to come, else the last missed.

        Examples:
            >>> plan_sessions(EndingsPolicy(session_limit=8)).review_session
            4
        """
        reviews = [s for s in self.sessions if s.role is SessionRole.REVIEW]
        for status in (SessionStatus.ATTENDED, SessionStatus.PLANNED):
            for slot in reviews:
                if slot.status is status:
                    return slot.number
        return reviews[-1].number

    @property
    def ending_phase(self) -> range:
        """The sessions of the (current) ending phase: the last ones of the plan (R-EN-3).

        Examples:
            >>> plan_sessions(EndingsPolicy(session_limit=8, ending_sessions=3)).ending_phase
            range(6, 9)
        """
        return range(self.total - ending_run(self.sessions) + 1, self.total + 1)

    @property
    def ending_starts_at(self) -> int:
        """The session the ending phase starts at (R-EN-3).

        Examples:
            >>> plan_sessions(EndingsPolicy(session_limit=5)).ending_starts_at
            4
        """
        return self.ending_phase[0]

    @property
    def next_session(self) -> SessionSlot | None:
        """The first session still to come, or None when every session is recorded.

        Examples:
            >>> plan = plan_sessions()
            >>> plan.next_session
            SessionSlot(number=1, role=<SessionRole.ORDINARY: 'ordinary'>, status=<SessionStatus.PLANNED: 'planned'>)
            >>> plan.record(1, attended=True)[0].next_session.number
            2
        """
        for slot in self.sessions:
            if slot.status is SessionStatus.PLANNED:
                return slot
        return None

    @property
    def recorded(self) -> tuple[SessionSlot, ...]:
        """The sessions that have happened (attended or missed), in order.

        Examples:
            >>> plan, _ = plan_sessions().record(1, attended=False)
            >>> [(s.number, s.status.value) for s in plan.recorded]
            [(1, 'missed')]
        """
        return tuple(s for s in self.sessions if s.status is not SessionStatus.PLANNED)

    @property
    def remaining(self) -> int:
        """How many sessions are still to come.

        Examples:
            >>> plan_sessions().record(1, attended=True)[0].remaining
            5
        """
        return self.total - len(self.recorded)

    @property
    def complete(self) -> bool:
        """Whether every session of the plan is recorded: the work can close (R-EN-1).

        Examples:
            >>> plan_sessions().complete
            False
        """
        return self.remaining == 0

    @property
    def ending_begun(self) -> bool:
        """Whether a session of the current ending phase has been recorded (R-EN-3).

        Examples:
            >>> plan = plan_sessions(EndingsPolicy(session_limit=3, ending_sessions=1))
            >>> plan, _ = plan.record(1, attended=True)
            >>> plan, _ = plan.record(2, attended=True)
            >>> plan.ending_begun, plan.record(3, attended=True)[0].ending_begun
            (False, True)
        """
        return len(self.recorded) >= self.ending_starts_at

    @property
    def ending_next(self) -> bool:
        """Whether the next session opens the ending phase (R-EN-3).

        That is when the team applies the lifecycle's ``StartEnding`` to the
        case, having agreed the ending with the family in advance.

        Examples:
            >>> plan = plan_sessions(EndingsPolicy(session_limit=4))
            >>> plan, _ = plan.record(1, attended=True)
            >>> plan.ending_next, plan.record(2, attended=True)[0].ending_next
            (False, True)
        """
        return len(self.recorded) + 1 == self.ending_starts_at

    def __str__(self) -> str:
        """The plan, one line a session.

        Examples:
            >>> print(plan_sessions(EndingsPolicy(session_limit=3, ending_sessions=1)))
            session 1: ordinary, planned
            session 2: review, planned
            session 3: ending, planned
        """
        return "\n".join(
            f"session {s.number}: {s.role.value}, {s.status.value}" for s in self.sessions
        )

    # ---------------------------------------------------------------- re-planning

    def _replan(
        self,
        cause: ChangeCause,
        said: list[str],
        *,
        sessions: tuple[SessionSlot, ...],
        restart: bool = False,
        add: int = 0,
        **changes: Any,
    ) -> tuple[SessionPlan, PlanChange]:
        laid_out = lay_out(
            sessions, len(sessions) + add, self.policy.ending_sessions, restart=restart
        )
        after = attrs.evolve(self, sessions=laid_out, **changes)
        lines = list(said)
        if after.total != self.total:
            lines.append(f"sessions: {self.total} -> {after.total}")
        if after.review_session != self.review_session:
            lines.append(
                f"review: session {self.review_session} -> session {after.review_session}"
            )
        if _review_standing(self.sessions) and not _review_standing(after.sessions):
            lines.append(
                f"the review (session {after.review_session}) was missed and no session is "
                "left before the ending phase to hold it again; an extension would make room"
            )
        if after.ending_phase != self.ending_phase:
            lines.append(f"ending phase: {span(self.ending_phase)} -> {span(after.ending_phase)}")
        restarted = self.ending_begun and not after.ending_begun
        if restarted:
            lines.append(
                "the ending phase starts again later: resume the intervention now, "
                f"and start the ending at session {after.ending_starts_at}"
            )
        changed = (
            after.total != self.total
            or after.review_session != self.review_session
            or after.ending_phase != self.ending_phase
        )
        return after, PlanChange(
            cause=cause,
            lines=tuple(lines),
            sessions_before=self.total,
            sessions_after=after.total,
            changed=changed,
            ending_restarted=restarted,
        )

    def _check_manual(self, departs_from_manual: bool) -> None:
        # The `Extension` built first has refused anything but True or False.
        if self.manualised is not None and not departs_from_manual:
            raise InvalidCommand(
                "departs_from_manual",
                f"must be True to extend {self.manualised.name}, a manualised intervention "
                f"of {self.manualised.sessions} sessions",
                departs_from_manual,
                rule="R-EN-2",
            )
        if self.manualised is None and departs_from_manual:
            raise InvalidCommand(
                "departs_from_manual",
                "must be False for a plan that follows no manual",
                departs_from_manual,
                rule="R-EN-2",
            )

    def record(self, session_number: int, *, attended: bool) -> tuple[SessionPlan, PlanChange]:
        """Record the next session as attended or missed, and re-plan (R-EN-2, R-EN-4).

        Sessions are recorded in order. A missed session is offered again while
        the policy's allowance (``missed_offered_again``) lasts: the plan grows
        by one, so it does not count towards the limit, and the review and the
        ending phase move on with it. After that, a missed session counts. A
        missed review is held at the next session when there is one before the
        ending phase.

        Args:
            session_number: The session, which must be `next_session`.
            attended: Whether the family attended.

        Returns:
            The new plan and what changed.

        Raises:
            InvalidCommand: When the session is not the next one to record
                (outside the plan, already recorded, or skipping one), or
                ``attended`` is not True or False.

        Examples:
            >>> plan = plan_sessions(EndingsPolicy(session_limit=5, missed_offered_again=0))
            >>> plan, _ = plan.record(1, attended=True)
            >>> plan, _ = plan.record(2, attended=True)
            >>> plan, change = plan.record(3, attended=False)
            >>> print(change)
            session 3 (the review) missed; it counts towards the limit (the policy counts missed sessions)
            the review (session 3) was missed and no session is left before the ending phase to hold it again; an extension would make room
            >>> plan.record(7, attended=True)
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidCommand: session_number must be the next session to record (4 of 5) (R-EN-2), got 7
        """
        if isinstance(session_number, bool) or not isinstance(session_number, int):
            raise InvalidCommand(
                "session_number", "must be a whole number", session_number, rule="R-EN-2"
            )
        slot = self.next_session
        if slot is None:
            raise InvalidCommand(
                "session_number",
                f"must be a session still to come, but all {self.total} are recorded",
                session_number,
                rule="R-EN-2",
            )
        if session_number != slot.number:
            raise InvalidCommand(
                "session_number",
                f"must be the next session to record ({slot.number} of {self.total})",
                session_number,
                rule="R-EN-2",
            )
        if not isinstance(attended, bool):
            raise InvalidCommand("attended", "must be True or False", attended, rule="R-EN-2")
        status = SessionStatus.ATTENDED if attended else SessionStatus.MISSED
        marked = tuple(
            attrs.evolve(s, status=status) if s.number == slot.number else s for s in self.sessions
        )
        label = (
            f"session {slot.number}"
            + {
                SessionRole.ORDINARY: "",
                SessionRole.REVIEW: " (the review)",
                SessionRole.ENDING: " (ending phase)",
            }[slot.role]
        )
        if attended:
            said = [f"{label} attended"]
            if slot.role is SessionRole.REVIEW:
                said.append(
                    f"the review was held: agree the ending phase ({span(self.ending_phase)}) "
                    "with the family in advance (R-EN-3)"
                )
            return self._replan(ChangeCause.ATTENDED, said, sessions=marked)
        allowance = self.policy.missed_offered_again
        if self.offered_again < allowance:
            said = [
                f"{label} missed; offered again, so it does not count towards the limit "
                f"({self.offered_again + 1} of {allowance} the policy allows)"
            ]
            return self._replan(
                ChangeCause.MISSED,
                said,
                sessions=marked,
                add=1,
                offered_again=self.offered_again + 1,
            )
        why = (
            f"the {allowance} missed sessions the policy offers again are used up"
            if allowance
            else "the policy counts missed sessions"
        )
        said = [f"{label} missed; it counts towards the limit ({why})"]
        return self._replan(ChangeCause.MISSED, said, sessions=marked)

    def extend(
        self, by: int, *, reason: str, departs_from_manual: bool = False
    ) -> tuple[SessionPlan, PlanChange]:
        """Add sessions for a family who clearly need more, with the reason (R-EN-2).

        The sessions are added before the ending phase, and the review moves
        to the new mid-way point if it has not been held. If the ending phase
        had begun, it starts again after the added work, when there is room for
        a whole one (`PlanChange.ending_restarted`); otherwise it simply grows.
        An extension never shortens a plan and never changes a recorded session.

        Args:
            by: Sessions to add, at least 1.
            reason: Why; required.
            departs_from_manual: Must be True to extend a manualised
                intervention (the team departs from the manual on purpose), and
                False otherwise.

        Returns:
            The new plan and what changed.

        Raises:
            InvalidCommand: When ``by`` is not a positive whole number, the
                reason is empty, or ``departs_from_manual`` does not fit the plan.

        Examples:
            >>> plan, change = plan_sessions().extend(2, reason="Father joining the sessions")
            >>> plan.total, plan.extensions[0].reason
            (8, 'Father joining the sessions')
            >>> plan_sessions().extend(2, reason=" ")
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidCommand: reason must be non-empty text (R-EN-2), got ' '
            >>> plan_sessions(manualised=Manualised(name="VIG", sessions=6)).extend(1, reason="More")
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidCommand: departs_from_manual must be True to extend VIG, a manualised intervention of 6 sessions (R-EN-2), got False
        """
        _check_by(by)
        extension = Extension(
            sessions=by,
            reason=reason,
            after_session=len(self.recorded),
            departs_from_manual=departs_from_manual,
        )
        self._check_manual(departs_from_manual)
        plural = "s" if by != 1 else ""
        said = [f"extended by {by} session{plural} {_when(len(self.recorded))}: {reason}"]
        return self._replan(
            ChangeCause.EXTENSION,
            said,
            sessions=self.sessions,
            restart=True,
            add=by,
            extensions=(*self.extensions, extension),
        )

    def new_issue(
        self,
        description: str,
        *,
        action: NewIssueAction | str,
        by: int | None = None,
        referred_to: str | None = None,
        departs_from_manual: bool = False,
    ) -> tuple[SessionPlan, PlanChange]:
        """Absorb a new issue the family raised as the work closes (R-EN-4).

        ``re-plan`` works on it within the sessions left (the plan keeps its
        shape; it needs a session still to come). ``extend`` adds ``by``
        sessions as an extension whose reason is the issue, exactly as
        `extend` does. ``refer-on`` refers it to ``referred_to`` and leaves
        the plan as it is. Every issue is kept in `issues`.

        Args:
            description: The issue, in brief.
            action: Re-plan, extend or refer on.
            by: Sessions to add; only, and always, for ``extend``.
            referred_to: The service; only, and always, for ``refer-on``.
            departs_from_manual: As for `extend`.

        Returns:
            The new plan and what changed.

        Raises:
            InvalidCommand: When the description is empty, the action unknown,
                ``by`` or ``referred_to`` does not fit the action, or there is
                no session left to re-plan.

        Examples:
            >>> plan = plan_sessions()
            >>> for n in range(1, 5):
            ...     plan, _ = plan.record(n, attended=True)
            >>> plan, change = plan.new_issue("Worry about returning to work", action="extend", by=1)
            >>> print(change)
            new issue raised after session 4: Worry about returning to work; extended by 1 session
            sessions: 6 -> 7
            ending phase: sessions 5-6 -> sessions 6-7
            >>> plan, change = plan.new_issue("Debt", action="refer-on", referred_to="Citizens Advice")
            >>> change.changed, len(plan.issues)
            (False, 2)
            >>> plan.new_issue("Sleep", action="re-plan", by=2)
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidCommand: by must be None unless the action is 'extend' (R-EN-4), got 2
        """
        how = parse_enum(NewIssueAction, action, "action", InvalidCommand, "R-EN-4")
        done = len(self.recorded)
        issue = NewIssue(
            description=description, action=how, after_session=done, referred_to=referred_to
        )
        raised = f"new issue raised {_when(done)}: {description}"
        issues = (*self.issues, issue)
        if how is not NewIssueAction.EXTEND:
            if by is not None:
                raise InvalidCommand(
                    "by", "must be None unless the action is 'extend'", by, rule="R-EN-4"
                )
            if how is NewIssueAction.REFER_ON:
                said = [f"{raised}; referred on to {referred_to}; the plan is unchanged"]
                return self._replan(
                    ChangeCause.NEW_ISSUE, said, sessions=self.sessions, issues=issues
                )
            if self.complete:
                raise InvalidCommand(
                    "action",
                    "must be 'extend' or 'refer-on' when every session of the plan is recorded",
                    how.value,
                    rule="R-EN-4",
                )
            said = [f"{raised}; re-planned within the {self.remaining} sessions left"]
            review = self.review_session
            if self.sessions[review - 1].status is SessionStatus.PLANNED:
                said.append(f"talk it through at the review (session {review})")
            return self._replan(ChangeCause.NEW_ISSUE, said, sessions=self.sessions, issues=issues)
        if by is None:
            raise InvalidCommand(
                "by", "must say how many sessions to add for 'extend'", by, rule="R-EN-4"
            )
        _check_by(by)
        extension = Extension(
            sessions=by,
            reason=f"new issue: {description}",
            after_session=done,
            departs_from_manual=departs_from_manual,
        )
        self._check_manual(departs_from_manual)
        plural = "s" if by != 1 else ""
        said = [f"{raised}; extended by {by} session{plural}"]
        return self._replan(
            ChangeCause.NEW_ISSUE,
            said,
            sessions=self.sessions,
            restart=True,
            add=by,
            extensions=(*self.extensions, extension),
            issues=issues,
        )


def _check_by(by: object) -> None:
    if isinstance(by, bool) or not isinstance(by, int):
        raise InvalidCommand("by", "must be a whole number", by, rule="R-EN-2")
    if by < 1:
        raise InvalidCommand("by", "must be at least 1", by, rule="R-EN-2")


def plan_sessions(
    policy: EndingsPolicy | None = None, *, manualised: Manualised | None = None
) -> SessionPlan:
    """A family's session plan from the team's policy (R-EN-2, R-EN-3, R-EN-4).

    The plan has the policy's ``session_limit`` sessions, or the manual's
    number for a manualised intervention. The ending phase is the last
    ``ending_sessions`` of them, agreed in advance; the review is mid-way
    (session ``(total + 1) // 2``), after the first session and before the
    ending phase.

    Args:
        policy: The team's endings policy (default: `EndingsPolicy()`).
        manualised: A manualised intervention with a fixed number of sessions.

    Returns:
        The plan, every session still to come.

    Raises:
        InvalidPolicy: When the manual's sessions leave no room for a first
            session and the review before the policy's ending phase.

    Examples:
        >>> plan = plan_sessions(manualised=Manualised(name="Circle of Security Parenting", sessions=8))
        >>> plan.total, plan.review_session, plan.ending_starts_at
        (8, 4, 7)
        >>> plan_sessions(EndingsPolicy(ending_sessions=3), manualised=Manualised(name="VIG", sessions=4))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: sessions must be at least ending_sessions + 2 (5) for VIG (R-EN-3), got 4
    """
    policy = EndingsPolicy() if policy is None else policy
    if not isinstance(policy, EndingsPolicy):
        raise InvalidPolicy("policy", "must be an EndingsPolicy", policy, rule="R-EN-2")
    if manualised is not None and not isinstance(manualised, Manualised):
        raise InvalidPolicy(
            "manualised", "must be a Manualised or None", manualised, rule="R-EN-2"
        )
    total = policy.session_limit if manualised is None else manualised.sessions
    if manualised is not None and total < policy.ending_sessions + 2:
        raise InvalidPolicy(
            "sessions",
            f"must be at least ending_sessions + 2 ({policy.ending_sessions + 2}) "
            f"for {manualised.name}",
            total,
            rule="R-EN-3",
        )
    return SessionPlan(
        policy=policy,
        manualised=manualised,
        sessions=lay_out((), total, policy.ending_sessions, restart=False),
    )
