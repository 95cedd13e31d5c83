"""A team's endings policy: session limit, ending phase, step-down options, follow-up.

Private: `parentinfant.endings` is the front door and re-exports every public
name here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, final

import attrs

from parentinfant._validate import count, is_bool, non_empty_text, stable_code
from parentinfant.errors import InvalidCommand, InvalidPolicy

__all__ = [
    "DEFAULT_STEP_DOWN_OPTIONS",
    "EndingsPolicy",
    "Manualised",
    "StepDownOption",
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
