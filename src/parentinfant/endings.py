"""Endings: a session plan with a review and an ending phase, step-down and follow-up.

Families must flow out as well as in (R-EN-1). This module plans the work so
that they do, from a team's `EndingsPolicy`:

- `plan_sessions` lays out a `SessionPlan`: the team's session limit (R-EN-2),
  or a manualised intervention's fixed number (`Manualised`), with a review
  mid-way (R-EN-4) and an ending phase of the policy's length at the end
  (R-EN-3), so the ending is agreed in advance and has the sessions to work it
  through;
- the plan re-plans, returning the new plan and a `PlanChange` that says what
  changed, when a session is recorded (`SessionPlan.record`; a missed session
  is offered again, up to the policy's allowance), when an extension is agreed
  with its reason (`SessionPlan.extend`, R-EN-2) and when the family raises a
  new issue (`SessionPlan.new_issue`: re-plan, extend or refer on, R-EN-4).
  Every re-plan keeps the sessions already recorded exactly as they were;
- `step_down` records at closure what the family moves on to, from the team's
  own list of `StepDownOption` values (R-EN-5);
- `follow_up_due` and `follow_up_commands` plan the optional follow-up about
  six months after closure, reopening the case and closing it again where the
  team's recording system requires it (R-EN-6).

Nothing here reads the clock: sessions are numbered, and dates are parameters.

Examples:
    >>> from parentinfant.endings import EndingsPolicy, plan_sessions
    >>> plan = plan_sessions(EndingsPolicy(session_limit=6, ending_sessions=2))
    >>> plan.total, plan.review_session, list(plan.ending_phase)
    (6, 3, [5, 6])
    >>> plan, change = plan.record(1, attended=True)
    >>> plan, change = plan.record(2, attended=False)
    >>> print(change)
    session 2 missed; offered again, so it does not count towards the limit (1 of 2 the policy allows)
    sessions: 6 -> 7
    review: session 3 -> session 4
    ending phase: sessions 5-6 -> sessions 6-7
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, final

import attrs
from dateutil.relativedelta import relativedelta

from parentinfant._validate import (
    count,
    is_bool,
    is_text,
    non_empty_text,
    parse_enum,
    stable_code,
    whole_number,
)
from parentinfant.errors import InvalidCommand, InvalidPolicy, InvalidValue
from parentinfant.lifecycle import Close, ClosureReason, Command, Reopen

__all__ = [
    "DEFAULT_STEP_DOWN_OPTIONS",
    "ChangeCause",
    "EndingsPolicy",
    "Extension",
    "Manualised",
    "NewIssue",
    "NewIssueAction",
    "PlanChange",
    "SessionPlan",
    "SessionRole",
    "SessionSlot",
    "SessionStatus",
    "StepDown",
    "StepDownOption",
    "follow_up_commands",
    "follow_up_due",
    "plan_sessions",
    "step_down",
]


# --------------------------------------------------------------------------- step-down


_check_code = stable_code(InvalidPolicy, "R-EN-5", "infant-massage")


@final
@attrs.frozen(kw_only=True)
class StepDownOption:
    """Somewhere a family can move on to when the work ends (R-EN-5).

    Args:
        code: A stable identifier, lower-case words joined by hyphens.
        label: The option in words, as shown to people.

    Raises:
        InvalidPolicy: When the code or label is malformed.

    Examples:
        >>> StepDownOption(code="baby-yoga", label="Baby yoga at the family hub").code
        'baby-yoga'
        >>> StepDownOption(code="Baby Yoga", label="Baby yoga")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: code must be lower-case words joined by hyphens, like 'infant-massage' (R-EN-5), got 'Baby Yoga'
    """

    code: str = attrs.field(validator=_check_code)
    label: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-EN-5"))


DEFAULT_STEP_DOWN_OPTIONS: tuple[StepDownOption, ...] = (
    StepDownOption(code="infant-massage", label="Infant massage"),
    StepDownOption(
        code="universal-parenting-group",
        label="A universal parenting group (for example the Solihull Approach)",
    ),
    StepDownOption(
        code="community-services", label="Community services that build social connection"
    ),
    StepDownOption(code="keep-in-touch-group", label="The team's keep-in-touch group"),
)
"""The step-down options DOMAIN.md names (R-EN-5); a team replaces them in its policy."""


def _to_options(value: Iterable[StepDownOption]) -> tuple[StepDownOption, ...]:
    if isinstance(value, str | StepDownOption):
        raise InvalidPolicy(
            "step_down_options", "must be a collection of StepDownOption", value, rule="R-EN-5"
        )
    try:
        options = tuple(value)
    except TypeError:
        raise InvalidPolicy(
            "step_down_options", "must be a collection of StepDownOption", value, rule="R-EN-5"
        ) from None
    seen: set[str] = set()
    for option in options:
        if not isinstance(option, StepDownOption):
            raise InvalidPolicy(
                "step_down_options", "must hold StepDownOption values", option, rule="R-EN-5"
            )
        if option.code in seen:
            raise InvalidPolicy(
                "step_down_options", "must not repeat a code", option.code, rule="R-EN-5"
            )
        seen.add(option.code)
    return options


# --------------------------------------------------------------------------- policy


def _check_limit(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy(attribute.name, "must be a whole number", value, rule="R-EN-2")
    if value < 3:
        raise InvalidPolicy(
            attribute.name,
            "must be at least 3, for a first session, the review and an ending session",
            value,
            rule="R-EN-2",
        )


def _check_ending(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy(attribute.name, "must be a whole number", value, rule="R-EN-3")
    if value < 1:
        raise InvalidPolicy(attribute.name, "must be at least 1", value, rule="R-EN-3")
    most = instance.session_limit - 2
    if value > most:
        raise InvalidPolicy(
            attribute.name,
            f"must be at most session_limit - 2 ({most}), leaving a first session and "
            "the review before the ending phase",
            value,
            rule="R-EN-3",
        )


@final
@attrs.frozen(kw_only=True)
class EndingsPolicy:
    """A team's choices about how work ends. Every default is a starting point to review.

    Args:
        session_limit: Sessions a plan offers (R-EN-2; typically 5 or 6,
            default 6). A team that does not limit sessions sets the length it
            usually plans for; extensions then carry the reasons for more.
        ending_sessions: Sessions the ending phase takes (R-EN-3; default 2).
            At most ``session_limit - 2``, so a first session and the review
            come before it.
        missed_offered_again: How many missed sessions a plan offers again
            (R-EN-2; default 2). Each adds a session at the end, so a missed
            session does not count towards the limit; once the allowance is
            used up, or when it is 0, a missed session counts, and more
            sessions need an extension with its reason.
        follow_up: Whether the team follows families up after closure (R-EN-6;
            default True; many teams lack the capacity).
        follow_up_months: Months after closure the follow-up is due (R-EN-6;
            default 6).
        follow_up_reopens_case: Whether the team's recording system must
            reopen the case to record the follow-up (R-EN-6; default True).
        step_down_options: What families can move on to (R-EN-5; default
            `DEFAULT_STEP_DOWN_OPTIONS`), each code once.

    Raises:
        InvalidPolicy: When a number is out of range or the options repeat a code.

    Examples:
        >>> EndingsPolicy(session_limit=5).ending_sessions
        2
        >>> EndingsPolicy(session_limit=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: session_limit must be at least 3, for a first session, the review and an ending session (R-EN-2), got 0
        >>> EndingsPolicy(session_limit=6, ending_sessions=6)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: ending_sessions must be at most session_limit - 2 (4), leaving a first session and the review before the ending phase (R-EN-3), got 6
    """

    session_limit: int = attrs.field(default=6, validator=_check_limit)
    ending_sessions: int = attrs.field(default=2, validator=_check_ending)
    missed_offered_again: int = attrs.field(default=2, validator=count(0, InvalidPolicy, "R-EN-2"))
    follow_up: bool = attrs.field(default=True, validator=is_bool(InvalidPolicy, "R-EN-6"))
    follow_up_months: int = attrs.field(default=6, validator=count(1, InvalidPolicy, "R-EN-6"))
    follow_up_reopens_case: bool = attrs.field(
        default=True, validator=is_bool(InvalidPolicy, "R-EN-6")
    )
    step_down_options: tuple[StepDownOption, ...] = attrs.field(
        default=DEFAULT_STEP_DOWN_OPTIONS, converter=_to_options
    )

    def step_down_option(self, code: str) -> StepDownOption:
        """The team's step-down option with ``code`` (R-EN-5).

        Raises:
            InvalidCommand: When the team has no option with that code.

        Examples:
            >>> EndingsPolicy().step_down_option("infant-massage").label
            'Infant massage'
            >>> EndingsPolicy().step_down_option("astrology")
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidCommand: options must be codes of the team's step-down options ('infant-massage', 'universal-parenting-group', 'community-services', 'keep-in-touch-group') (R-EN-5), got 'astrology'
        """
        for option in self.step_down_options:
            if option.code == code:
                return option
        known = ", ".join(repr(o.code) for o in self.step_down_options) or "none"
        raise InvalidCommand(
            "options",
            f"must be codes of the team's step-down options ({known})",
            code,
            rule="R-EN-5",
        )


@final
@attrs.frozen(kw_only=True)
class Manualised:
    """A manualised intervention with a fixed number of sessions (R-EN-2).

    A plan for it has the manual's number of sessions instead of the team's
    limit. It is not extended unless the team records that it departs from the
    manual (``departs_from_manual=True`` on `SessionPlan.extend`); a missed
    session is offered again under the policy, as for any plan, since the
    manual's sessions are still to be delivered.

    Args:
        name: The intervention's name.
        sessions: The manual's number of sessions (at least 3).

    Raises:
        InvalidPolicy: When the name is empty or the number too small.

    Examples:
        >>> Manualised(name="Circle of Security Parenting", sessions=8).sessions
        8
        >>> Manualised(name="Circle of Security Parenting", sessions=2)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: sessions must be at least 3, for a first session, the review and an ending session (R-EN-2), got 2
    """

    name: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-EN-2"))
    sessions: int = attrs.field(validator=_check_limit)


# --------------------------------------------------------------------------- plan values


class SessionRole(enum.Enum):
    """What a session in the plan is for (R-EN-3, R-EN-4).

    Examples:
        >>> [role.value for role in SessionRole]
        ['ordinary', 'review', 'ending']
    """

    ORDINARY = "ordinary"
    REVIEW = "review"
    ENDING = "ending"


class SessionStatus(enum.Enum):
    """Whether a planned session has happened.

    Examples:
        >>> [status.value for status in SessionStatus]
        ['planned', 'attended', 'missed']
    """

    PLANNED = "planned"
    ATTENDED = "attended"
    MISSED = "missed"


class NewIssueAction(enum.Enum):
    """What the team does when the family raises a new issue (R-EN-4).

    ``re-plan`` works on it within the sessions left; ``extend`` adds sessions
    (an extension whose reason is the issue); ``refer-on`` refers it to another
    service and leaves the plan as it is.

    Examples:
        >>> NewIssueAction("refer-on")
        <NewIssueAction.REFER_ON: 'refer-on'>
    """

    REPLAN = "re-plan"
    EXTEND = "extend"
    REFER_ON = "refer-on"


class ChangeCause(enum.Enum):
    """What made a plan change: a session recorded, an extension, a new issue.

    Examples:
        >>> [cause.value for cause in ChangeCause]
        ['attended', 'missed', 'extension', 'new-issue']
    """

    ATTENDED = "attended"
    MISSED = "missed"
    EXTENSION = "extension"
    NEW_ISSUE = "new-issue"


def _to_role(value: SessionRole | str) -> SessionRole:
    return parse_enum(SessionRole, value, "role", InvalidValue, "R-EN-3")


def _to_status(value: SessionStatus | str) -> SessionStatus:
    return parse_enum(SessionStatus, value, "status", InvalidValue, "R-EN-2")


def _to_action(value: NewIssueAction | str) -> NewIssueAction:
    return parse_enum(NewIssueAction, value, "action", InvalidCommand, "R-EN-4")


def _check_added(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidCommand(attribute.name, "must be a whole number", value, rule="R-EN-2")
    if value < 1:
        raise InvalidCommand(attribute.name, "must be at least 1", value, rule="R-EN-2")


@final
@attrs.frozen(kw_only=True)
class SessionSlot:
    """One numbered session in a plan: its role and whether it has happened.

    Args:
        number: Its 1-based place in the plan.
        role: Ordinary, the review, or part of the ending phase.
        status: Planned, attended or missed.

    Examples:
        >>> SessionSlot(number=3, role="review").status.value
        'planned'
    """

    number: int = attrs.field(validator=whole_number(InvalidValue, None))
    role: SessionRole = attrs.field(converter=_to_role)
    status: SessionStatus = attrs.field(default=SessionStatus.PLANNED, converter=_to_status)


@final
@attrs.frozen(kw_only=True)
class Extension:
    """Sessions added to a plan, with the reason recorded (R-EN-2).

    Args:
        sessions: How many sessions were added (at least 1).
        reason: Why the family needs more; required.
        after_session: Sessions recorded when it was agreed.
        departs_from_manual: Whether it takes a manualised intervention
            beyond the manual's number.

    Raises:
        InvalidCommand: When the reason is empty or the number is not positive.

    Examples:
        >>> Extension(sessions=2, reason="", after_session=4)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: reason must be non-empty text (R-EN-2), got ''
    """

    sessions: int = attrs.field(validator=_check_added)
    reason: str = attrs.field(validator=non_empty_text(InvalidCommand, "R-EN-2"))
    after_session: int = attrs.field(validator=whole_number(InvalidCommand, "R-EN-2"))
    departs_from_manual: bool = attrs.field(
        default=False, validator=is_bool(InvalidCommand, "R-EN-2")
    )


@final
@attrs.frozen(kw_only=True)
class NewIssue:
    """A new issue the family raised, and what the team did about it (R-EN-4).

    Args:
        description: The issue, in brief.
        action: Re-plan, extend or refer on.
        after_session: Sessions recorded when it was raised.
        referred_to: The service it was referred to (only, and always, for
            ``refer-on``).

    Raises:
        InvalidCommand: When the description is empty, or ``referred_to`` does
            not fit the action.

    Examples:
        >>> NewIssue(description="Debt", action="refer-on", after_session=4,
        ...          referred_to="Citizens Advice").action.value
        'refer-on'
        >>> NewIssue(description="Debt", action="refer-on", after_session=4)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: referred_to must name the service for 'refer-on' (R-EN-4), got None
    """

    description: str = attrs.field(validator=non_empty_text(InvalidCommand, "R-EN-4"))
    action: NewIssueAction = attrs.field(converter=_to_action)
    after_session: int = attrs.field(validator=whole_number(InvalidCommand, "R-EN-4"))
    referred_to: str | None = attrs.field(default=None)

    @referred_to.validator
    def _check_referred_to(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if self.action is NewIssueAction.REFER_ON:
            if not isinstance(value, str) or not value.strip():
                raise InvalidCommand(
                    attribute.name, "must name the service for 'refer-on'", value, rule="R-EN-4"
                )
        elif value is not None:
            raise InvalidCommand(
                attribute.name,
                f"must be None unless the action is 'refer-on' (it is {self.action.value!r})",
                value,
                rule="R-EN-4",
            )


@final
@attrs.frozen(kw_only=True)
class PlanChange:
    """What a re-plan changed, in lines a person can read.

    Args:
        cause: What made the plan change.
        lines: What happened, then every change to the plan's length, review
            and ending phase.
        sessions_before: The plan's length before.
        sessions_after: The plan's length after.
        changed: Whether the plan's length, review or ending phase changed.
        ending_restarted: The ending phase had begun and now starts again
            later: the team applies the lifecycle's ``ResumeIntervention``
            to the case now, and ``StartEnding`` when the new phase begins.

    Examples:
        >>> plan, _ = plan_sessions().record(1, attended=True)
        >>> _, change = plan.extend(2, reason="Mother's low mood returned")
        >>> print(change)
        extended by 2 sessions after session 1: Mother's low mood returned
        sessions: 6 -> 8
        review: session 3 -> session 4
        ending phase: sessions 5-6 -> sessions 7-8
        >>> change.changed, change.ending_restarted, change.cause.value
        (True, False, 'extension')
    """

    cause: ChangeCause
    lines: tuple[str, ...]
    sessions_before: int
    sessions_after: int
    changed: bool
    ending_restarted: bool = False

    def __str__(self) -> str:
        return "\n".join(self.lines)


# --------------------------------------------------------------------------- the plan


def _ending_run(slots: tuple[SessionSlot, ...]) -> int:
    """How many slots at the end of the plan are in the ending phase."""
    run = 0
    for slot in reversed(slots):
        if slot.role is not SessionRole.ENDING:
            break
        run += 1
    return run


def _lay_out(
    recorded: tuple[SessionSlot, ...], total: int, ending: int, *, restart: bool
) -> tuple[SessionSlot, ...]:
    """Place the roles of the sessions still to come, keeping the recorded ones.

    The ending phase is the last ``ending`` sessions; once it has begun it
    carries on (a missed session offered again joins it) unless ``restart``
    (an extension) leaves room for more work before a whole new ending phase.
    The review goes mid-way, after the first session and before the ending
    phase, unless it has been held.
    """
    done = len(recorded)
    future = total - done
    begun = done > 0 and recorded[-1].role is SessionRole.ENDING
    if begun and (not restart or future <= ending):
        roles = [SessionRole.ENDING] * future
    else:
        roles = [SessionRole.ORDINARY] * (future - ending) + [SessionRole.ENDING] * ending
        held = any(
            s.role is SessionRole.REVIEW and s.status is SessionStatus.ATTENDED for s in recorded
        )
        first, last = max(2, done + 1), total - ending
        if not held and first <= last:
            review = min(max((total + 1) // 2, first), last)
            roles[review - done - 1] = SessionRole.REVIEW
    return recorded + tuple(
        SessionSlot(number=done + 1 + i, role=role) for i, role in enumerate(roles)
    )


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


def _span(numbers: range) -> str:
    if len(numbers) == 1:
        return f"session {numbers[0]}"
    return f"sessions {numbers[0]}-{numbers[-1]}"


@final
@attrs.frozen(kw_only=True)
class SessionPlan:
    """A family's sessions, numbered, with the review and the ending phase placed.

    Build one with `plan_sessions`; change it with `record`, `extend` and
    `new_issue`, which return a new plan and a `PlanChange`. The constructor
    checks the plan's shape, so an impossible plan cannot exist: the sessions
    number 1 to `total`, recorded ones come first, the review falls strictly
    inside the plan, and the ending phase has at least the policy's sessions.

    Args:
        policy: The team's endings policy.
        manualised: The manualised intervention, or None for the team's limit.
        sessions: Every session, in order.
        extensions: Extensions agreed, oldest first.
        issues: New issues raised, oldest first.
        offered_again: Missed sessions offered again so far.

    Raises:
        InvalidValue: When the sessions do not make a plan.

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
    """

    policy: EndingsPolicy
    sessions: tuple[SessionSlot, ...] = attrs.field(converter=_to_slots)
    manualised: Manualised | None = None
    extensions: tuple[Extension, ...] = attrs.field(default=(), converter=_to_extensions)
    issues: tuple[NewIssue, ...] = attrs.field(default=(), converter=_to_issues)
    offered_again: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.policy, EndingsPolicy):
            raise InvalidValue("policy", "must be an EndingsPolicy", self.policy, rule="R-EN-2")
        if self.manualised is not None and not isinstance(self.manualised, Manualised):
            raise InvalidValue(
                "manualised", "must be a Manualised or None", self.manualised, rule="R-EN-2"
            )
        for field, values, kind in (
            ("sessions", self.sessions, SessionSlot),
            ("extensions", self.extensions, Extension),
            ("issues", self.issues, NewIssue),
        ):
            for index, value in enumerate(values):
                if not isinstance(value, kind):
                    raise InvalidValue(f"{field}[{index}]", f"must be a {kind.__name__}", value)
        allowance = self.policy.missed_offered_again
        if (
            isinstance(self.offered_again, bool)
            or not isinstance(self.offered_again, int)
            or not 0 <= self.offered_again <= allowance
        ):
            raise InvalidValue(
                "offered_again",
                f"must be a whole number from 0 to the policy's {allowance}",
                self.offered_again,
                rule="R-EN-2",
            )
        added = sum(e.sessions for e in self.extensions)
        expected = self.planned + added + self.offered_again
        if len(self.sessions) != expected:
            raise InvalidValue(
                "sessions",
                f"must number {expected}: {self.planned} planned, {added} added by "
                f"extensions, {self.offered_again} offered again",
                len(self.sessions),
                rule="R-EN-2",
            )
        planned = False
        for index, slot in enumerate(self.sessions):
            if slot.number != index + 1:
                raise InvalidValue(
                    f"sessions[{index}].number", f"must be {index + 1}", slot.number
                )
            if slot.status is SessionStatus.PLANNED:
                planned = True
            elif planned:
                raise InvalidValue(
                    f"sessions[{index}].status",
                    "must be planned after a planned session (sessions are recorded in order)",
                    slot.status.value,
                )
        reviews = [s for s in self.sessions if s.role is SessionRole.REVIEW]
        held = [s for s in reviews if s.status is SessionStatus.ATTENDED]
        to_come = [s for s in reviews if s.status is SessionStatus.PLANNED]
        if not reviews or len(held) + len(to_come) > 1:
            raise InvalidValue(
                "sessions",
                "must hold one review, held or to come (missed ones may precede it)",
                [s.number for s in reviews],
                rule="R-EN-4",
            )
        if not 1 < self.review_session < self.total:
            raise InvalidValue(
                "sessions",
                f"must place the review strictly inside the plan (1 < review < {self.total})",
                self.review_session,
                rule="R-EN-4",
            )
        if len(self.ending_phase) < self.policy.ending_sessions:
            raise InvalidValue(
                "sessions",
                f"must end with an ending phase of at least {self.policy.ending_sessions}",
                len(self.ending_phase),
                rule="R-EN-3",
            )

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
        return range(self.total - _ending_run(self.sessions) + 1, self.total + 1)

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
        recorded = tuple(s for s in sessions if s.status is not SessionStatus.PLANNED)
        laid_out = _lay_out(
            recorded, len(sessions) + add, self.policy.ending_sessions, restart=restart
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
            lines.append(
                f"ending phase: {_span(self.ending_phase)} -> {_span(after.ending_phase)}"
            )
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

    def _check_manual(self, departs_from_manual: object) -> None:
        if not isinstance(departs_from_manual, bool):
            raise InvalidCommand(
                "departs_from_manual", "must be True or False", departs_from_manual, rule="R-EN-2"
            )
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
                    f"the review was held: agree the ending phase ({_span(self.ending_phase)}) "
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
        sessions=_lay_out((), total, policy.ending_sessions, restart=False),
    )


# --------------------------------------------------------------------------- closure


def _to_chosen(value: Iterable[StepDownOption]) -> tuple[StepDownOption, ...]:
    if isinstance(value, StepDownOption):
        value = (value,)
    options = tuple(value)
    seen: set[str] = set()
    for option in options:
        if not isinstance(option, StepDownOption):
            raise InvalidCommand(
                "options", "must hold StepDownOption values", option, rule="R-EN-5"
            )
        if option.code in seen:
            raise InvalidCommand(
                "options", "must not repeat an option", option.code, rule="R-EN-5"
            )
        seen.add(option.code)
    return options


@final
@attrs.frozen(kw_only=True)
class StepDown:
    """What the family moves on to when the work ends, recorded at closure (R-EN-5).

    Build one from the team's codes with `step_down`.

    Args:
        options: The options taken up, each once; may be empty when the note
            says why none was.
        note: More detail (the group's start date, why none was taken up).

    Raises:
        InvalidCommand: When an option repeats, or none is taken up and the
            note is empty.

    Examples:
        >>> StepDown(options=(), note="")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: note must say why no step-down option was taken up (R-EN-5), got ''
    """

    options: tuple[StepDownOption, ...] = attrs.field(converter=_to_chosen)
    note: str = attrs.field(default="", validator=is_text(InvalidCommand, "R-EN-5"))

    @note.validator
    def _check_note(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if not self.options and not value.strip():
            raise InvalidCommand(
                attribute.name,
                "must say why no step-down option was taken up",
                value,
                rule="R-EN-5",
            )

    @property
    def summary(self) -> str:
        """The step-down in words, for the closure's note.

        Examples:
            >>> print(step_down(["infant-massage", "keep-in-touch-group"], note="Starts 12 May").summary)
            step-down: Infant massage; The team's keep-in-touch group. Starts 12 May
            >>> print(step_down([], note="Family declined: moving to Leeds").summary)
            step-down: none. Family declined: moving to Leeds
        """
        chosen = "; ".join(o.label for o in self.options) or "none"
        note = f". {self.note.strip()}" if self.note.strip() else ""
        return f"step-down: {chosen}{note}"


def step_down(
    codes: Iterable[str] | str, policy: EndingsPolicy | None = None, *, note: str = ""
) -> StepDown:
    """Record the step-down options the family takes up, by the team's codes (R-EN-5).

    Args:
        codes: Codes from the policy's ``step_down_options`` (one code alone
            is accepted too); empty when none was taken up, with a note.
        policy: The team's endings policy (default: `EndingsPolicy()`).
        note: More detail.

    Returns:
        The step-down record.

    Raises:
        InvalidCommand: When a code is not one of the team's options, or none
            is taken up and the note is empty.

    Examples:
        >>> [o.code for o in step_down("infant-massage").options]
        ['infant-massage']
        >>> step_down(["baby-yoga"])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: options must be codes of the team's step-down options ('infant-massage', 'universal-parenting-group', 'community-services', 'keep-in-touch-group') (R-EN-5), got 'baby-yoga'
    """
    policy = EndingsPolicy() if policy is None else policy
    if isinstance(codes, str):
        codes = (codes,)
    return StepDown(options=tuple(policy.step_down_option(code) for code in codes), note=note)


# --------------------------------------------------------------------------- follow-up


def follow_up_due(closed_on: dt.date, policy: EndingsPolicy | None = None) -> dt.date | None:
    """The day the follow-up is due, about six months after closure (R-EN-6).

    Months are calendar months (``dateutil.relativedelta``): a case closed on
    31 August is due on the last day of February.

    Args:
        closed_on: The day the case closed (``case.closure.at.date()``).
        policy: The team's endings policy (default: `EndingsPolicy()`).

    Returns:
        The due day, or None when the team does not follow families up.

    Raises:
        InvalidValue: When ``closed_on`` is not a date.

    Examples:
        >>> import datetime as dt
        >>> follow_up_due(dt.date(2026, 8, 31))
        datetime.date(2027, 2, 28)
        >>> follow_up_due(dt.date(2026, 8, 31), EndingsPolicy(follow_up_months=3))
        datetime.date(2026, 11, 30)
        >>> follow_up_due(dt.date(2026, 8, 31), EndingsPolicy(follow_up=False)) is None
        True
    """
    policy = EndingsPolicy() if policy is None else policy
    if not isinstance(closed_on, dt.date) or isinstance(closed_on, dt.datetime):
        raise InvalidValue("closed_on", "must be a date", closed_on, rule="R-EN-6")
    if not policy.follow_up:
        return None
    due: dt.date = closed_on + relativedelta(months=policy.follow_up_months)
    return due


def follow_up_commands(
    policy: EndingsPolicy | None = None, *, note: str = ""
) -> tuple[Command, ...]:
    """The lifecycle commands that record a follow-up on a closed case (R-EN-6).

    Where the team's recording system must reopen the case to record the
    follow-up, that is `Reopen` (closed -> follow-up) when the follow-up
    starts, then `Close` with the reason ``follow-up-completed`` once the
    measures are recorded; apply each with `parentinfant.lifecycle.apply` at
    its time. Where it need not, or the team does no follow-up, there is
    nothing to apply: the result is empty.

    Args:
        policy: The team's endings policy (default: `EndingsPolicy()`).
        note: Recorded on both commands.

    Returns:
        The commands, in the order to apply them.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.lifecycle import CaseState, apply
        >>> [c.name for c in follow_up_commands()]
        ['reopen', 'close']
        >>> follow_up_commands(EndingsPolicy(follow_up_reopens_case=False))
        ()
    """
    policy = EndingsPolicy() if policy is None else policy
    if not (policy.follow_up and policy.follow_up_reopens_case):
        return ()
    return (
        Reopen(note=note),
        Close(reason=ClosureReason.FOLLOW_UP_COMPLETED, note=note),
    )
