"""At and after closure: what the family steps down to (R-EN-5) and the follow-up (R-EN-6).

Private: `parentinfant.endings` is the front door and re-exports every public
name here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, final

import attrs
from dateutil.relativedelta import relativedelta

from parentinfant._endings_policy import EndingsPolicy, StepDownOption
from parentinfant._validate import is_text
from parentinfant.errors import InvalidCommand, InvalidValue
from parentinfant.lifecycle import Close, ClosureReason, Command, Reopen

__all__ = ["StepDown", "follow_up_commands", "follow_up_due", "step_down"]


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
