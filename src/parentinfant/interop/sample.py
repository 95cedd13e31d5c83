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
from parentinfant.screening import (
    ScreeningDecision,
    accept,
    decline,
    request_information,
    screen,
)
from parentinfant.team import TeamPolicy

__all__ = ["Sample", "SampleEntry", "ScreeningInstruction", "decide", "load_sample"]


@final
@attrs.frozen(kw_only=True)
class ScreeningInstruction:
    """How the sample's clinical lead screened one referral.

    ``decision="rules"`` means the team's rules decided (`screen`);
    ``"accept"``, ``"decline"`` and ``"more-information"`` are a person's
    decision, made with the matching function in `parentinfant.screening`.
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
class SampleEntry:
    """One referral of the sample and how it was screened."""

    referral: Referral
    screening: ScreeningInstruction


@final
@attrs.frozen(kw_only=True)
class Sample:
    """The sample: a fictional team, its "today" and its referrals."""

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
