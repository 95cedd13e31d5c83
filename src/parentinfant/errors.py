"""The exceptions raised by parentinfant.

Every exception derives from `ParentInfantError`, and every leaf also
derives from the builtin it behaves like (most are `ValueError`), so a
caller can catch either the library's own root or the ordinary builtin.

Errors about a single value carry ``field``, ``rule`` (the DOMAIN.md rule id
the check implements, where there is one) and ``value``, and their message
names all three, so a person reading a log knows what to fix.

Examples:
    >>> from parentinfant.screening import EligibilityRule
    >>> EligibilityRule(min_significant=-1)
    Traceback (most recent call last):
    ...
    parentinfant.errors.InvalidPolicy: min_significant must be at least 0 (R-SC-3), got -1
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

import attrs

__all__ = [
    "CapacityExceeded",
    "CommandOutOfOrder",
    "DuplicateReferral",
    "InvalidAppointment",
    "InvalidCommand",
    "InvalidDecision",
    "InvalidDocument",
    "InvalidFamily",
    "InvalidForecast",
    "InvalidHistory",
    "InvalidNhsNumber",
    "InvalidPolicy",
    "InvalidRecord",
    "InvalidReferral",
    "InvalidValue",
    "ParentInfantError",
    "Problem",
    "ReferralAfterToday",
    "TransitionNotAllowed",
    "UnknownNation",
    "UnknownRiskFactor",
    "UnknownTriageBand",
]


class ParentInfantError(Exception):
    """The root of every exception this library raises.

    Examples:
        >>> from parentinfant.errors import ParentInfantError, UnknownNation
        >>> issubclass(UnknownNation, ParentInfantError)
        True
    """


class InvalidValue(ParentInfantError, ValueError):
    """A value broke a rule: the message names the field, the rule and the value.

    Args:
        field: The name of the field or argument, as the caller spelled it.
        requirement: What the value must be, as a phrase ("must be at least 0").
        value: The value that was given.
        rule: The DOMAIN.md rule id the check implements, if any.

    Examples:
        >>> err = InvalidValue("working_days", "must be at least 0", -2, rule="R-SC-5")
        >>> str(err)
        'working_days must be at least 0 (R-SC-5), got -2'
        >>> err.field, err.rule, err.value
        ('working_days', 'R-SC-5', -2)
    """

    def __init__(
        self, field: str, requirement: str, value: object, *, rule: str | None = None
    ) -> None:
        self.field = field
        self.requirement = requirement
        self.value = value
        self.rule = rule
        where = f" ({rule})" if rule else ""
        self.message = f"{field} {requirement}{where}, got {value!r}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class InvalidPolicy(InvalidValue):
    """A team policy setting (a threshold, a weight, a deadline) is out of range.

    Examples:
        >>> from parentinfant.screening import decision_due
        >>> import datetime as dt
        >>> decision_due(dt.date(2026, 3, 2), working_days=-1)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: working_days must be at least 0 (R-SC-5), got -1
    """


class CapacityExceeded(InvalidValue):
    """An allocation would take a practitioner beyond capacity without a recorded override.

    Examples:
        >>> from parentinfant.caseload import FamilyNeeds, Practitioner, Team, allocate
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=0)])
        >>> allocate(team, "A", FamilyNeeds(referral_id="R-1"))
        Traceback (most recent call last):
        ...
        parentinfant.errors.CapacityExceeded: practitioner must have room for another family (holds 0 of 0), or give an override (R-CL-1), got 'A'
    """


class InvalidRecord(InvalidValue):
    """A record, an access request, a sharing decision or a measure is out of rule.

    Examples:
        >>> from parentinfant.errors import InvalidRecord
        >>> raise InvalidRecord("score", "must be between 0 and 30", 31, rule="R-CL-4")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: score must be between 0 and 30 (R-CL-4), got 31
    """


class InvalidNhsNumber(InvalidRecord):
    """An NHS number that is not ten digits with a valid Modulus 11 check digit.

    Examples:
        >>> from parentinfant.errors import InvalidNhsNumber
        >>> issubclass(InvalidNhsNumber, ValueError)
        True
    """


class InvalidForecast(InvalidValue):
    """A forecast or simulation input is out of range (a rate, a server count, a share).

    Examples:
        >>> from parentinfant.errors import InvalidForecast
        >>> raise InvalidForecast("servers", "must be a whole number at least 1", 0, rule="R-CL-6")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidForecast: servers must be a whole number at least 1 (R-CL-6), got 0
    """


class InvalidFamily(InvalidValue):
    """The family's details contradict each other (an unborn infant with a birth date).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Infant
        >>> Infant(born=False, date_of_birth=dt.date(2026, 1, 5))
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidFamily: date_of_birth must be empty for an unborn infant (R-IN-3), got datetime.date(2026, 1, 5)
    """


class InvalidReferral(InvalidValue):
    """A referral's own data is inconsistent or incomplete beyond repair.

    Examples:
        >>> issubclass(InvalidReferral, ValueError)
        True
    """


class InvalidDecision(InvalidValue):
    """A screening decision breaks practice (a late decision with no recorded reason).

    Examples:
        >>> issubclass(InvalidDecision, ValueError)
        True
    """


class UnknownNation(InvalidValue):
    """The nation is not one of the UK nations whose bank holidays we know.

    Examples:
        >>> from parentinfant.workdays import Nation
        >>> Nation.parse("france")
        Traceback (most recent call last):
        ...
        parentinfant.errors.UnknownNation: nation must be one of 'england', 'wales', 'scotland', 'northern-ireland' (R-SC-5), got 'france'
    """


class UnknownRiskFactor(InvalidValue, KeyError):
    """A risk-factor code is not in the team's catalogue.

    It is a `KeyError` too, as a failed look-up in a mapping should be.

    Examples:
        >>> from parentinfant.screening import DEFAULT_RISK_FACTORS
        >>> DEFAULT_RISK_FACTORS["astrology"]
        Traceback (most recent call last):
        ...
        parentinfant.errors.UnknownRiskFactor: risk_factor must be a code in the catalogue (R-SC-3), got 'astrology'
    """


class UnknownTriageBand(InvalidValue, LookupError):
    """A triage outcome names an urgency band the team does not use.

    Examples:
        >>> issubclass(UnknownTriageBand, LookupError)
        True
    """


class ReferralAfterToday(InvalidValue):
    """A referral was received after the day the waiting list is drawn up for.

    Examples:
        >>> issubclass(ReferralAfterToday, ValueError)
        True
    """


class DuplicateReferral(InvalidValue):
    """The same referral id appears twice where each family must appear once.

    Examples:
        >>> issubclass(DuplicateReferral, ValueError)
        True
    """


class TransitionNotAllowed(ParentInfantError, ValueError):
    """A command that practice does not allow from the case's current state.

    Carries ``state`` (where the case is), ``command`` (what was asked) and
    ``allowed`` (the commands the state does allow, in the lifecycle table's
    order), and says so in words a person can act on.

    Args:
        state: The case's state, as its wire value (``"declined"``).
        command: The refused command's name (``"allocate"``).
        allowed: The commands allowed from ``state``.

    Examples:
        >>> err = TransitionNotAllowed("declined", "allocate", ())
        >>> print(err)
        can't allocate a case that is declined; allowed from declined: nothing (the case is closed for good)
        >>> print(TransitionNotAllowed("waiting", "close", ("allocate", "withdraw")))
        can't close a case that is waiting; allowed from waiting: allocate, withdraw
        >>> print(TransitionNotAllowed("received", "start-assessment", ("start-screening", "withdraw")))
        can't do start-assessment on a case that is received; allowed from received: start-screening, withdraw
    """

    def __init__(self, state: str, command: str, allowed: tuple[str, ...]) -> None:
        self.state = state
        self.command = command
        self.allowed = allowed
        # "allocate", "close": a verb; "record-contact-attempt": a command name.
        action = f"{command} a case" if "-" not in command else f"do {command} on a case"
        options = ", ".join(allowed) if allowed else "nothing (the case is closed for good)"
        super().__init__(f"can't {action} that is {state}; allowed from {state}: {options}")


class CommandOutOfOrder(InvalidValue):
    """A command dated before the case's last event: history is append-only.

    Examples:
        >>> issubclass(CommandOutOfOrder, ValueError)
        True
    """


class InvalidAppointment(InvalidValue):
    """An appointment, slot request or letter that breaks a rule (R-AP-1..6).

    Examples:
        >>> issubclass(InvalidAppointment, ValueError)
        True
    """


class InvalidCommand(InvalidValue):
    """A command's own data breaks a rule (a closure reason that does not fit).

    Examples:
        >>> issubclass(InvalidCommand, ValueError)
        True
    """


class InvalidHistory(InvalidValue):
    """A sequence of events that no real case could have produced (on replay).

    Examples:
        >>> issubclass(InvalidHistory, ValueError)
        True
    """


@final
@attrs.frozen
class Problem:
    """One problem found in a batch input, with where it was found.

    Args:
        location: Where the problem is: a JSON path (``$.referrals[3].received``),
            a CSV cell (``row 4, column received``) or a TOML key path.
        message: What is wrong, naming the field, the rule and the value.

    Examples:
        >>> str(Problem("$.factors[2].code", "code must not be empty, got ''"))
        "$.factors[2].code: code must not be empty, got ''"
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InvalidDocument(ParentInfantError, ValueError):
    """A whole document (a TOML catalogue, a JSON file) had problems; all are listed.

    Args:
        source: What was being read (a file name, or a description).
        problems: Every problem found, each with its location.

    Examples:
        >>> err = InvalidDocument("team.toml", [Problem("factors[0].label", "missing")])
        >>> print(err)
        team.toml: 1 problem
          factors[0].label: missing
        >>> len(err.problems)
        1
    """

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{source}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))
