"""The team and its policy: nation, closures, deadlines and the words it uses.

Every number in the domain is a team's choice; this module holds the choices
that several areas share, so screening, prioritisation and (later) the
lifecycle read one ``TeamPolicy`` instead of importing each other.

Examples:
    >>> from parentinfant.team import TeamPolicy, Vocabulary
    >>> policy = TeamPolicy(name="Riverside PIP", nation="wales", vocabulary="registration")
    >>> policy.vocabulary.referrer
    'registrant'
    >>> policy.calendar.nation.value
    'wales'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from typing import final

import attrs

from parentinfant._validate import (
    at_least,
    closure_days,
    non_empty_text,
    parse_enum,
    whole_number,
)
from parentinfant.errors import InvalidPolicy
from parentinfant.workdays import Nation, WorkingCalendar

__all__ = ["TeamPolicy", "Vocabulary"]


class Vocabulary(enum.Enum):
    """The words shown to people for a referral (R-IN-2).

    The code's own names always say "referral"; only text shown to people
    (letters, notifications, reports, CLI output) switches.

    Examples:
        >>> v = Vocabulary.REGISTRATION
        >>> v.referral, v.referrer, v.referred, v.self_referral
        ('registration', 'registrant', 'registered', 'self-registration')
        >>> Vocabulary.REFERRAL.capitalised("referral")
        'Referral'
    """

    REFERRAL = "referral"
    REGISTRATION = "registration"

    @property
    def referral(self) -> str:
        """The noun: "referral" or "registration".

        Examples:
            >>> Vocabulary.REFERRAL.referral, Vocabulary.REGISTRATION.referral
            ('referral', 'registration')
        """
        return self.value

    @property
    def referrer(self) -> str:
        """The person who referred: "referrer" or "registrant".

        Examples:
            >>> Vocabulary.REFERRAL.referrer, Vocabulary.REGISTRATION.referrer
            ('referrer', 'registrant')
        """
        return "referrer" if self is Vocabulary.REFERRAL else "registrant"

    @property
    def referred(self) -> str:
        """The past participle: "referred" or "registered".

        Examples:
            >>> Vocabulary.REFERRAL.referred, Vocabulary.REGISTRATION.referred
            ('referred', 'registered')
        """
        return "referred" if self is Vocabulary.REFERRAL else "registered"

    @property
    def self_referral(self) -> str:
        """The route a family takes by itself: "self-referral" or "self-registration".

        Examples:
            >>> Vocabulary.REFERRAL.self_referral, Vocabulary.REGISTRATION.self_referral
            ('self-referral', 'self-registration')
        """
        return f"self-{self.referral}"

    def say(self, text: str) -> str:
        """``text``, written with the word "referral" and its family, in this vocabulary.

        Examples:
            >>> Vocabulary.REGISTRATION.say("the referrer confirmed the referral")
            'the registrant confirmed the registration'
            >>> Vocabulary.REGISTRATION.say("self-referrals and referrals")
            'self-registrations and registrations'
        """
        if self is Vocabulary.REFERRAL:
            return text
        words = {
            "self-referral": self.self_referral,
            "referral": self.referral,
            "referrer": self.referrer,
            "referred": self.referred,
        }
        return _REFERRAL_WORDS.sub(lambda m: words[m.group(1)] + m.group(2), text)

    def capitalised(self, word: str) -> str:
        """One of this vocabulary's words (by its code name) with a capital letter.

        Examples:
            >>> Vocabulary.REGISTRATION.capitalised("referrer")
            'Registrant'
        """
        text: str = getattr(self, word)
        return text[:1].upper() + text[1:]


_REFERRAL_WORDS = re.compile(r"\b(self-referral|referral|referrer|referred)(s?)\b")


def _to_vocabulary(value: Vocabulary | str) -> Vocabulary:
    return parse_enum(Vocabulary, value, "vocabulary", InvalidPolicy, "R-IN-2")


def _to_nation(value: Nation | str) -> Nation:
    return Nation.parse(value)


def _to_closures(value: Iterable[dt.date]) -> frozenset[dt.date]:
    return closure_days(value, InvalidPolicy)


@final
@attrs.frozen(kw_only=True)
class TeamPolicy:
    """A team's shared settings. Every default is a starting point to review.

    Args:
        name: The team's name, as shown in reports.
        nation: The UK nation whose bank holidays the team keeps (R-SC-5).
        closures: The team's own closure days (R-SC-5).
        vocabulary: "referral" or "registration" in text shown to people (R-IN-2).
        decision_working_days: Working days after receipt by which a screening
            decision is due (R-SC-5; default 5).
        triage_working_days: Working days after receipt by which a referral
            must be triaged under the triage strategy (R-PR-3; default 2).
        min_significant: Significant risk factors that make a referral eligible
            on their own (R-SC-3; default 1). `screen` uses it unless given a rule.
        min_minor: Minor risk factors that together make a referral eligible
            (R-SC-3; default 4).

    Raises:
        InvalidPolicy: When a number is negative.
        UnknownNation: When ``nation`` names no UK nation.

    Examples:
        >>> TeamPolicy(decision_working_days=-1)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: decision_working_days must be at least 0 (R-SC-5), got -1
    """

    name: str = attrs.field(
        default="Parent-infant team", validator=non_empty_text(InvalidPolicy, None)
    )
    nation: Nation = attrs.field(default=Nation.ENGLAND, converter=_to_nation)
    closures: frozenset[dt.date] = attrs.field(factory=frozenset, converter=_to_closures)
    vocabulary: Vocabulary = attrs.field(default=Vocabulary.REFERRAL, converter=_to_vocabulary)
    decision_working_days: int = attrs.field(
        default=5,
        validator=[whole_number(InvalidPolicy, "R-SC-5"), at_least(0, InvalidPolicy, "R-SC-5")],
    )
    triage_working_days: int = attrs.field(
        default=2,
        validator=[whole_number(InvalidPolicy, "R-PR-3"), at_least(0, InvalidPolicy, "R-PR-3")],
    )
    min_significant: int = attrs.field(
        default=1,
        validator=[whole_number(InvalidPolicy, "R-SC-3"), at_least(0, InvalidPolicy, "R-SC-3")],
    )
    min_minor: int = attrs.field(
        default=4,
        validator=[whole_number(InvalidPolicy, "R-SC-3"), at_least(0, InvalidPolicy, "R-SC-3")],
    )

    @property
    def calendar(self) -> WorkingCalendar:
        """The team's working calendar: its nation's bank holidays and its closures.

        Examples:
            >>> import datetime as dt
            >>> TeamPolicy(closures=[dt.date(2026, 12, 24)]).calendar.is_working_day(dt.date(2026, 12, 24))
            False
        """
        return WorkingCalendar(self.nation, self.closures)
