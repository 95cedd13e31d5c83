"""parentinfant: the operational side of UK specialised parent-infant relationship teams.

Immutable values and pure functions for screening referrals, ordering the
waiting list and (growing) the rest of a case's path. The front-door modules
are `parentinfant.screening`, `parentinfant.lifecycle`,
`parentinfant.caseload` and `parentinfant.records`; the most used
names are re-exported here.

Examples:
    >>> import datetime as dt
    >>> import parentinfant as pi
    >>> pi.decision_due(dt.date(2026, 11, 26), nation="scotland")
    datetime.date(2026, 12, 4)
    >>> pi.EligibilityRule().assess(pi.DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"])).eligible
    True
"""

from parentinfant.caseload import family_sessions_per_week, group_session_hours, whole_sessions
from parentinfant.errors import (
    CommandOutOfOrder,
    DuplicateReferral,
    InvalidCommand,
    InvalidDecision,
    InvalidDocument,
    InvalidFamily,
    InvalidPolicy,
    InvalidReferral,
    InvalidValue,
    ParentInfantError,
    Problem,
    ReferralAfterToday,
    TransitionNotAllowed,
    UnknownNation,
    UnknownRiskFactor,
    UnknownTriageBand,
)
from parentinfant.family import (
    ContactChannel,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
)
from parentinfant.lifecycle import (
    Case,
    CaseState,
    Event,
    apply,
    open_case,
    replay,
    state_after_screening,
)
from parentinfant.prioritisation import (
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
    WaitingEntry,
    WaitingList,
)
from parentinfant.records import RecordHolder, record_name
from parentinfant.screening import (
    DEFAULT_RISK_FACTORS,
    Accept,
    Consultation,
    Decline,
    EligibilityRule,
    MoreInformationNeeded,
    ProfessionalReferral,
    Referral,
    RiskFactor,
    RiskFactorCatalogue,
    ScreeningDecision,
    SelfReferral,
    SupportingService,
    TriageOutcome,
    accept,
    decision_due,
    decline,
    notifications,
    request_information,
    screen,
)
from parentinfant.team import TeamPolicy, Vocabulary
from parentinfant.workdays import Nation, WorkingCalendar

__version__ = "0.1.0"

__all__ = [
    # errors
    "CommandOutOfOrder",
    "DuplicateReferral",
    "InvalidCommand",
    "InvalidDecision",
    "InvalidDocument",
    "InvalidFamily",
    "InvalidPolicy",
    "InvalidReferral",
    "InvalidValue",
    "ParentInfantError",
    "Problem",
    "ReferralAfterToday",
    "TransitionNotAllowed",
    "UnknownNation",
    "UnknownRiskFactor",
    "UnknownTriageBand",
    # the family and the team
    "ContactChannel",
    "Family",
    "Infant",
    "Nation",
    "Parent",
    "ParentRole",
    "Referrer",
    "ReferrerRole",
    "TeamPolicy",
    "Vocabulary",
    "WorkingCalendar",
    # screening
    "DEFAULT_RISK_FACTORS",
    "Accept",
    "Consultation",
    "Decline",
    "EligibilityRule",
    "MoreInformationNeeded",
    "ProfessionalReferral",
    "Referral",
    "RiskFactor",
    "RiskFactorCatalogue",
    "ScreeningDecision",
    "SelfReferral",
    "SupportingService",
    "TriageOutcome",
    "accept",
    "decision_due",
    "decline",
    "notifications",
    "request_information",
    "screen",
    # prioritisation
    "Chronological",
    "RiskWeighted",
    "Strategy",
    "Triage",
    "WaitingEntry",
    "WaitingList",
    # lifecycle
    "Case",
    "CaseState",
    "Event",
    "apply",
    "open_case",
    "replay",
    "state_after_screening",
    # caseload, records
    "RecordHolder",
    "family_sessions_per_week",
    "group_session_hours",
    "record_name",
    "whole_sessions",
    "__version__",
]
