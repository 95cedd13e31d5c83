"""The values a session plan is made of: its sessions, extensions, new issues and changes.

Private: `parentinfant.endings` is the front door and re-exports every public
name here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, final

import attrs

from parentinfant._validate import count, is_bool, non_empty_text, parse_enum
from parentinfant.errors import InvalidCommand, InvalidValue

__all__ = [
    "ChangeCause",
    "Extension",
    "NewIssue",
    "NewIssueAction",
    "PlanChange",
    "SessionRole",
    "SessionSlot",
    "SessionStatus",
]


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


def _to_cause(value: ChangeCause | str) -> ChangeCause:
    return parse_enum(ChangeCause, value, "cause", InvalidValue, "R-EN-2")


def _to_lines(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidValue(
            "lines", "must be a collection of lines, not one text", value, rule="R-EN-2"
        )
    lines = tuple(value)
    if not lines:
        raise InvalidValue("lines", "must say what happened", lines, rule="R-EN-2")
    for index, line in enumerate(lines):
        if not isinstance(line, str) or not line.strip():
            raise InvalidValue(f"lines[{index}]", "must be non-empty text", line, rule="R-EN-2")
    return lines


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
        number: Its 1-based place in the plan (at least 1).
        role: Ordinary, the review, or part of the ending phase.
        status: Planned, attended or missed.

    Examples:
        >>> SessionSlot(number=3, role="review").status.value
        'planned'
    """

    number: int = attrs.field(validator=count(1, InvalidValue, "R-EN-2"))
    role: SessionRole = attrs.field(converter=_to_role)
    status: SessionStatus = attrs.field(default=SessionStatus.PLANNED, converter=_to_status)


@final
@attrs.frozen(kw_only=True)
class Extension:
    """Sessions added to a plan, with the reason recorded (R-EN-2).

    Args:
        sessions: How many sessions were added (at least 1).
        reason: Why the family needs more; required.
        after_session: Sessions recorded when it was agreed (0 before the first).
        departs_from_manual: Whether it takes a manualised intervention
            beyond the manual's number.

    Raises:
        InvalidCommand: When the reason is empty, the number is not positive,
            or ``after_session`` is negative. A `SessionPlan` checks the rest
            against its sessions: when it was agreed, and whether it departs
            from a manual.

    Examples:
        >>> Extension(sessions=2, reason="", after_session=4)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidCommand: reason must be non-empty text (R-EN-2), got ''
    """

    sessions: int = attrs.field(validator=_check_added)
    reason: str = attrs.field(validator=non_empty_text(InvalidCommand, "R-EN-2"))
    after_session: int = attrs.field(validator=count(0, InvalidCommand, "R-EN-2"))
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
        after_session: Sessions recorded when it was raised (0 before the first).
        referred_to: The service it was referred to (only, and always, for
            ``refer-on``).

    Raises:
        InvalidCommand: When the description is empty, ``after_session`` is
            negative, or ``referred_to`` does not fit the action. A
            `SessionPlan` checks the rest against its sessions and extensions.

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
    after_session: int = attrs.field(validator=count(0, InvalidCommand, "R-EN-4"))
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

    Raises:
        InvalidValue: When the change is one re-planning cannot make: the plan
            shorter, an attended session or a re-planned issue that changes
            it, a missed session adding more than one, an extension adding
            none, a length change not marked ``changed``, or the ending phase
            restarted without an extension.

    Examples:
        >>> from parentinfant.endings import plan_sessions
        >>> plan, _ = plan_sessions().record(1, attended=True)
        >>> _, change = plan.extend(2, reason="Mother's low mood returned")
        >>> print(change)
        extended by 2 sessions after session 1: Mother's low mood returned
        sessions: 6 -> 8
        review: session 3 -> session 4
        ending phase: sessions 5-6 -> sessions 7-8
        >>> change.changed, change.ending_restarted, change.cause.value
        (True, False, 'extension')
        >>> PlanChange(cause="extension", lines=["extended by 0 sessions"], sessions_before=6,
        ...            sessions_after=6, changed=False)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidValue: sessions_after must be more than sessions_before (6): an extension adds sessions for 'extension' (R-EN-2), got 6
    """

    cause: ChangeCause = attrs.field(converter=_to_cause)
    lines: tuple[str, ...] = attrs.field(converter=_to_lines)
    sessions_before: int = attrs.field(validator=count(3, InvalidValue, "R-EN-2"))
    sessions_after: int = attrs.field(validator=count(3, InvalidValue, "R-EN-2"))
    changed: bool = attrs.field(validator=is_bool(InvalidValue, "R-EN-2"))
    ending_restarted: bool = attrs.field(default=False, validator=is_bool(InvalidValue, "R-EN-3"))

    def __attrs_post_init__(self) -> None:
        before, after, cause = self.sessions_before, self.sessions_after, self.cause
        if after < before:
            raise InvalidValue(
                "sessions_after",
                f"must be at least sessions_before ({before}): re-planning never shortens a plan",
                after,
                rule="R-EN-2",
            )
        wanted = {
            ChangeCause.ATTENDED: (before == after, f"must be sessions_before ({before})"),
            ChangeCause.MISSED: (
                after <= before + 1,
                f"must be sessions_before ({before}), or one more when the missed "
                "session is offered again",
            ),
            ChangeCause.EXTENSION: (
                after > before,
                f"must be more than sessions_before ({before}): an extension adds sessions",
            ),
            ChangeCause.NEW_ISSUE: (True, ""),
        }
        fits, requirement = wanted[cause]
        if not fits:
            raise InvalidValue(
                "sessions_after", f"{requirement} for {cause.value!r}", after, rule="R-EN-2"
            )
        if after != before and not self.changed:
            raise InvalidValue(
                "changed",
                f"must be True when the plan's length changed ({before} -> {after})",
                self.changed,
                rule="R-EN-2",
            )
        if self.changed and after == before and cause is not ChangeCause.MISSED:
            rule = "R-EN-4" if cause is ChangeCause.NEW_ISSUE else "R-EN-2"
            raise InvalidValue(
                "changed",
                f"must be False for {cause.value!r} when the plan's length is unchanged: "
                "only a missed session moves the review or the ending phase without adding one",
                self.changed,
                rule=rule,
            )
        if self.ending_restarted and (
            cause not in (ChangeCause.EXTENSION, ChangeCause.NEW_ISSUE) or after == before
        ):
            raise InvalidValue(
                "ending_restarted",
                f"must be False for {cause.value!r} adding no sessions: only an extension "
                "starts the ending phase again",
                self.ending_restarted,
                rule="R-EN-3",
            )

    def __str__(self) -> str:
        return "\n".join(self.lines)
