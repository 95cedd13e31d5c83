"""A case's path from arrival to closure (DOMAIN.md sections 5-8 and 11).

This module starts with the states a case passes through and the state that a
screening decision leads to. The full state machine (commands, events,
replay, allocation, engagement and endings) builds on these names.

Examples:
    >>> from parentinfant.lifecycle import CaseState
    >>> CaseState.WAITING.value
    'waiting'
    >>> CaseState.DECLINED.closed
    True
"""

from __future__ import annotations

import enum

from parentinfant.screening import (
    Accept,
    Decline,
    Destination,
    MoreInformationNeeded,
    ScreeningDecision,
)

__all__ = ["CaseState", "state_after_screening"]


class CaseState(enum.Enum):
    """Where a case stands in the typical flow (DOMAIN.md section 11).

    Examples:
        >>> [s.value for s in CaseState if s.closed]
        ['declined', 'referred-back', 'closed', 'withdrawn']
    """

    RECEIVED = "received"
    SCREENING = "screening"
    AWAITING_INFORMATION = "awaiting-information"
    DECLINED = "declined"
    WAITING = "waiting"
    ALLOCATED = "allocated"
    ENGAGING = "engaging"
    REFERRED_BACK = "referred-back"
    ASSESSMENT = "assessment"
    INTERVENTION = "intervention"
    ENDING = "ending"
    CLOSED = "closed"
    FOLLOW_UP = "follow-up"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        """Whether the case is closed in this state (every closure carries a reason).

        Examples:
            >>> CaseState.WITHDRAWN.closed, CaseState.WAITING.closed
            (True, False)
        """
        return self in _CLOSED


_CLOSED = frozenset(
    {CaseState.DECLINED, CaseState.REFERRED_BACK, CaseState.CLOSED, CaseState.WITHDRAWN}
)


def state_after_screening(decision: ScreeningDecision) -> CaseState:
    """The state a screening decision puts a case in (R-SC-1, R-SC-4, R-SC-6).

    Accepted to the waiting list: waiting; accepted straight to a
    practitioner: allocated; declined: declined (closed); more information
    needed: awaiting information.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.screening import MoreInformationNeeded
        >>> d = MoreInformationNeeded(referral_id="R-1", received=dt.date(2026, 11, 2),
        ...     due=dt.date(2026, 11, 9), decided_on=dt.date(2026, 11, 3), missing=["gp"])
        >>> state_after_screening(d)
        <CaseState.AWAITING_INFORMATION: 'awaiting-information'>
    """
    match decision:
        case Accept(destination=Destination.PRACTITIONER):
            return CaseState.ALLOCATED
        case Accept():
            return CaseState.WAITING
        case Decline():
            return CaseState.DECLINED
        case MoreInformationNeeded():
            return CaseState.AWAITING_INFORMATION
    raise TypeError(f"not a screening decision: {decision!r}")  # pragma: no cover
