"""The fictional sample team and referrals shipped with the package, for the demo.

Every team, person, service and telephone number in the sample is invented.
The sample covers every intake route and every screening decision: accepted to
the waiting list or straight to a practitioner, declined on eligibility, area
or a better-fitting service (with an alternative suggested), more
information needed (missing details, or the family's agreement not
confirmed), and one decision made late with its reason recorded (R-SC-5).

Examples:
    >>> sample = load_sample()
    >>> len(sample.referrals) >= 30
    True
    >>> sorted({e.referral.route.kind.value for e in sample.referrals})
    ['consultation', 'professional', 'self']
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import final

import attrs

from parentinfant._referral import Referral
from parentinfant.errors import InvalidDocument, Problem
from parentinfant.interop.json import make_converter
from parentinfant.lifecycle import (
    Case,
    Command,
    StartScreening,
    apply,
    command_for_decision,
    open_case,
)
from parentinfant.screening import (
    ScreeningDecision,
    accept,
    decline,
    request_information,
    screen,
)
from parentinfant.team import TeamPolicy

__all__ = [
    "Sample",
    "SampleEntry",
    "SampleStep",
    "ScreeningInstruction",
    "build_case",
    "decide",
    "load_sample",
]


@final
@attrs.frozen(kw_only=True)
class ScreeningInstruction:
    """How the sample's clinical lead screened one referral.

    ``decision="rules"`` means the team's rules decided (`screen`);
    ``"accept"``, ``"decline"`` and ``"more-information"`` are a person's
    decision, made with the matching function in `parentinfant.screening`.

    Args:
        on: The day of screening.
        by: Who screened.
        delay_reason: Why, if screening came after the decision was due (R-SC-5).
        decision: ``"rules"``, ``"accept"``, ``"decline"`` or ``"more-information"``.
        practitioner: For ``"accept"``: the practitioner, when going straight to one.
        reason: For ``"decline"``: the coded decline reason (default ``"other"``).
        explanation: For ``"decline"``: the reason in words.
        alternative_service: For ``"decline"``: a service suggested for the family.
        missing: For ``"more-information"``: the codes of what is missing.
        note: For ``"more-information"``: anything else the referrer should know.

    Examples:
        >>> import datetime as dt
        >>> how = ScreeningInstruction(on=dt.date(2026, 11, 3), by="Dr Rao",
        ...                            decision="more-information", missing=("gp",))
        >>> how.decision, how.missing
        ('more-information', ('gp',))
        >>> load_sample().referrals[0].screening.decision
        'rules'
    """

    on: dt.date
    by: str | None = None
    delay_reason: str | None = None
    decision: str = "rules"
    practitioner: str | None = None
    reason: str | None = None
    explanation: str | None = None
    alternative_service: str | None = None
    missing: tuple[str, ...] = ()
    note: str = ""


@final
@attrs.frozen(kw_only=True)
class SampleStep:
    """One later step of a sample family's case, after screening.

    Args:
        at: When it happened.
        command: The lifecycle command.

    Examples:
        >>> from parentinfant.lifecycle import StartAssessment
        >>> step = SampleStep(at=dt.datetime(2026, 9, 1, 11), command=StartAssessment())
        >>> step.command.name
        'start-assessment'
    """

    at: dt.datetime
    command: Command


@final
@attrs.frozen(kw_only=True)
class SampleEntry:
    """One referral of the sample, how it was screened, and what happened next.

    Args:
        referral: The referral as the team received it.
        screening: How the clinical lead screened it.
        steps: Later steps of the family's case, for the demo's timelines.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> from parentinfant.screening import Referral, SelfReferral
        >>> from parentinfant.team import TeamPolicy
        >>> r = Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))))
        >>> entry = SampleEntry(referral=r, screening=ScreeningInstruction(
        ...     on=dt.date(2026, 11, 3), decision="decline", reason="out-of-area",
        ...     explanation="The family lives in another county."))
        >>> decide(entry, TeamPolicy()).reason.value
        'out-of-area'
    """

    referral: Referral
    screening: ScreeningInstruction
    steps: tuple[SampleStep, ...] = ()


@final
@attrs.frozen(kw_only=True)
class Sample:
    """The sample: a fictional team, its "today" and its referrals.

    Args:
        about: What the sample is, and that everything in it is invented.
        team: The fictional team's policy.
        today: The day the sample is set on, for ranking its waiting list.
        referrals: The referrals, each with how it was screened.

    Examples:
        >>> sample = load_sample()
        >>> sample.today, sample.team.nation.value
        (datetime.date(2026, 11, 27), 'england')
        >>> sample.referrals[0].referral.id
        'RPI-2026-041'
    """

    about: str
    team: TeamPolicy
    today: dt.date
    referrals: tuple[SampleEntry, ...]


def load_sample() -> Sample:
    """Load the sample shipped in ``parentinfant/data/sample.json``.

    Raises:
        InvalidDocument: If the shipped file were damaged; never in a sound install.

    Examples:
        >>> load_sample().team.name
        'Riverside Parent-Infant Relationship Team (fictional)'
    """
    text = resources.files("parentinfant").joinpath("data/sample.json").read_text("utf-8")
    try:
        return make_converter().structure(json.loads(text), Sample)
    except Exception as exc:  # pragma: no cover - the shipped file is tested
        raise InvalidDocument("parentinfant/data/sample.json", [Problem("$", str(exc))]) from exc


def decide(entry: SampleEntry, policy: TeamPolicy) -> ScreeningDecision:
    """The screening decision for a sample entry, by the rules or by the person named.

    Examples:
        >>> sample = load_sample()
        >>> decide(sample.referrals[0], sample.team).kind
        'accept'
    """
    how = entry.screening
    referral = entry.referral
    match how.decision:
        case "rules":
            return screen(
                referral,
                on=how.on,
                policy=policy,
                decided_by=how.by,
                delay_reason=how.delay_reason,
            )
        case "accept":
            return accept(
                referral,
                on=how.on,
                policy=policy,
                practitioner=how.practitioner,
                decided_by=how.by,
                delay_reason=how.delay_reason,
            )
        case "decline":
            return decline(
                referral,
                on=how.on,
                policy=policy,
                reason=how.reason or "other",
                explanation=how.explanation or "",
                alternative_service=how.alternative_service,
                decided_by=how.by,
                delay_reason=how.delay_reason,
            )
        case "more-information":
            return request_information(
                referral,
                on=how.on,
                policy=policy,
                missing=how.missing,
                note=how.note,
                decided_by=how.by,
                delay_reason=how.delay_reason,
            )
    raise InvalidDocument(
        "sample", [Problem("screening.decision", f"is not a known decision, got {how.decision!r}")]
    )


def build_case(entry: SampleEntry, policy: TeamPolicy) -> Case:
    """A sample family's case: arrival, screening, the decision, then its later steps.

    The referral opens at 09:00 on the day received; screening starts at 09:00
    on the day of the decision, which is recorded at 15:00 that day.

    Examples:
        >>> sample = load_sample()
        >>> entry = next(e for e in sample.referrals if e.referral.id == "RPI-2026-055")
        >>> case = build_case(entry, sample.team)
        >>> case.state.value, case.closure.reason.value
        ('closed', 'work-completed')
    """
    referral = entry.referral
    decision = decide(entry, policy)
    case, _ = open_case(referral.id, at=dt.datetime.combine(referral.received, dt.time(9, 0)))
    day = decision.decided_on
    case, _ = apply(case, StartScreening(), at=dt.datetime.combine(day, dt.time(9, 0)))
    case, _ = apply(
        case, command_for_decision(decision), at=dt.datetime.combine(day, dt.time(15, 0))
    )
    for step in entry.steps:
        case, _ = apply(case, step.command, at=step.at)
    return case
