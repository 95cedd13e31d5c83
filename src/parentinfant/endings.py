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
  Every re-plan keeps the sessions already recorded exactly as they were, and
  the constructors refuse any plan (or extension, issue or change) that
  these functions could not have built, however it was made;
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

from parentinfant._endings_policy import (
    DEFAULT_STEP_DOWN_OPTIONS,
    EndingsPolicy,
    Manualised,
    StepDownOption,
)
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
from parentinfant._session_plan import SessionPlan, plan_sessions
from parentinfant._step_down import StepDown, follow_up_commands, follow_up_due, step_down

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
