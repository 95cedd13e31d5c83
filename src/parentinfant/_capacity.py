"""Practitioners, their time and the team's capacity (DOMAIN.md section 10).

Public names are re-exported from `parentinfant.caseload`; import them from there.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, final

import attrs

from parentinfant._validate import is_bool, is_text, non_empty_text, parse_enum
from parentinfant.errors import InvalidPolicy
from parentinfant.team import TeamPolicy
from parentinfant.workdays import WorkingCalendar

Number = int | float | Decimal | Fraction | str

_WEEK = 168


def exact(field: str, value: object, rule: str) -> Fraction:
    """A number as an exact fraction; floats go through their shortest repr (7.5 -> 15/2).

    Examples:
        >>> exact("hours", 7.5, "R-CL-1")
        Fraction(15, 2)
    """
    if isinstance(value, bool):
        raise InvalidPolicy(field, "must be a number", value, rule=rule)
    try:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError
            return Fraction(repr(value))
        if isinstance(value, int | Decimal | Fraction | str):
            return Fraction(value)
    except (ValueError, ZeroDivisionError, ArithmeticError):
        pass
    raise InvalidPolicy(field, "must be a finite number", value, rule=rule)


def _number(
    value: object, field: str, rule: str, *, most: int = _WEEK, positive: bool = False
) -> Fraction:
    """``value`` as an exact number from 0 (or above 0) to ``most``, or a typed error."""
    number = exact(field, value, rule)
    if (number <= 0 if positive else number < 0) or number > most:
        requirement = (
            f"must be more than 0 and at most {most}"
            if positive
            else f"must be between 0 and {most}"
        )
        raise InvalidPolicy(field, requirement, value, rule=rule)
    return number


class Activity(enum.Enum):
    """What a practitioner's non-family time goes on (R-TM-1, R-CL-1, R-CL-3).

    Routine activities (team meetings, supervision, peer groups, journal clubs,
    training attended) are already allowed for by the four-families-a-day rule
    of thumb, so they take nothing out of capacity unless marked as beyond
    the routine. Other duties (groups, consultation, training delivered,
    strategy work, conferences and presentations, management) do take time
    out. Consultation, training delivered, strategy and conferences are the
    non-clinical activity teams report to commissioners (R-CL-3).

    Examples:
        >>> Activity.SUPERVISION.routine, Activity.CONSULTATION.routine
        (True, False)
        >>> Activity.STRATEGY.non_clinical
        True
    """

    BUSINESS_MEETING = "business-meeting"
    CLINICAL_MEETING = "clinical-meeting"
    SUPERVISION = "supervision"
    PEER_GROUP = "peer-group"
    JOURNAL_CLUB = "journal-club"
    TRAINING_ATTENDED = "training-attended"
    GROUP_WORK = "group-work"
    CONSULTATION = "consultation"
    TRAINING_DELIVERED = "training-delivered"
    STRATEGY = "strategy"
    CONFERENCE = "conference"
    MANAGEMENT = "management"
    OTHER_DUTY = "other-duty"

    @property
    def routine(self) -> bool:
        """Whether the rule of thumb already allows for it (R-TM-1, R-CL-1).

        Examples:
            >>> Activity.CLINICAL_MEETING.routine
            True
        """
        return self in _ROUTINE

    @property
    def non_clinical(self) -> bool:
        """Whether it is non-clinical activity reported to commissioners (R-CL-3).

        Examples:
            >>> Activity.CONFERENCE.non_clinical, Activity.GROUP_WORK.non_clinical
            (True, False)
        """
        return self in _NON_CLINICAL


_ROUTINE = frozenset(
    {
        Activity.BUSINESS_MEETING,
        Activity.CLINICAL_MEETING,
        Activity.SUPERVISION,
        Activity.PEER_GROUP,
        Activity.JOURNAL_CLUB,
        Activity.TRAINING_ATTENDED,
    }
)
_NON_CLINICAL = frozenset(
    {
        Activity.CONSULTATION,
        Activity.TRAINING_DELIVERED,
        Activity.STRATEGY,
        Activity.CONFERENCE,
    }
)


def _to_activity(value: Activity | str) -> Activity:
    return parse_enum(Activity, value, "activity", InvalidPolicy, "R-TM-1")


def _labels(value: Iterable[str] | str, field: str, rule: str) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidPolicy(field, "must hold text labels", value, rule=rule)
    labels = frozenset(value)
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise InvalidPolicy(field, "must hold non-empty text labels", label, rule=rule)
    return labels


def _to_hours_per_week(value: Any) -> Fraction:
    return _number(value, "hours_per_week", "R-TM-1")


def _to_sessions_per_week(value: Any) -> Fraction:
    return _number(value, "sessions_per_week", "R-CL-2")


def _to_duration_hours(value: Any) -> Fraction:
    return _number(value, "duration_hours", "R-CL-2", most=24)


def _to_contracted_hours(value: Any) -> Fraction:
    return _number(value, "contracted_hours", "R-CL-1")


def _to_group_experience(value: Any) -> frozenset[str]:
    return _labels(value, "group_experience", "R-CL-2")


def _to_skills(value: Any) -> frozenset[str]:
    return _labels(value, "skills", "R-AL-1")


def _to_localities(value: Any) -> frozenset[str]:
    return _labels(value, "localities", "R-AL-1")


def _to_day_hours(value: Any) -> Fraction:
    return _number(value, "day_hours", "R-CL-1", most=24, positive=True)


def _to_families_per_day(value: Any) -> Fraction:
    return _number(value, "families_per_day", "R-CL-1", most=24)


def _to_full_time_hours(value: Any) -> Fraction:
    return _number(value, "full_time_hours", "R-CL-1", positive=True)


def _to_annual_leave_days(value: Any) -> Fraction:
    return _number(value, "annual_leave_days", "R-CL-1", most=366)


def _to_sessions_per_family_per_week(value: Any) -> Fraction:
    return _number(value, "sessions_per_family_per_week", "R-CL-1", positive=True)


def _to_group_preparation_hours(value: Any) -> Fraction:
    return _number(value, "group_preparation_hours", "R-CL-2", most=24)


def _to_group_follow_up_hours(value: Any) -> Fraction:
    return _number(value, "group_follow_up_hours", "R-CL-2", most=24)


def _to_new_facilitator_multiplier(value: Any) -> Fraction:
    return _number(value, "new_facilitator_multiplier", "R-CL-2", most=24)


@final
@attrs.frozen(kw_only=True)
class Commitment:
    """Regular time a practitioner gives to something other than family sessions.

    Args:
        activity: What the time is for.
        hours_per_week: Average hours a week, 0 to 168.
        beyond_routine: For a routine activity (a meeting, supervision), that
            this time goes beyond what the rule of thumb allows for, so it is
            taken out of capacity (R-TM-1). Other duties are always taken out.
        note: What it is, in a few words.

    Examples:
        >>> Commitment(activity="supervision", hours_per_week=1.5).hours_taken_out
        Fraction(0, 1)
        >>> Commitment(activity="consultation", hours_per_week=3).hours_taken_out
        Fraction(3, 1)
        >>> Commitment(activity="business-meeting", hours_per_week=2, beyond_routine=True).hours_taken_out
        Fraction(2, 1)
    """

    activity: Activity = attrs.field(converter=_to_activity)
    hours_per_week: Fraction = attrs.field(converter=_to_hours_per_week)
    beyond_routine: bool = attrs.field(default=False, validator=is_bool(InvalidPolicy, "R-TM-1"))
    note: str = attrs.field(default="", validator=is_text(InvalidPolicy, "R-CL-3"))

    @property
    def hours_taken_out(self) -> Fraction:
        """Hours a week this takes out of individual-work capacity (R-CL-1).

        Examples:
            >>> Commitment(activity="journal-club", hours_per_week=1).hours_taken_out
            Fraction(0, 1)
        """
        if self.activity.routine and not self.beyond_routine:
            return Fraction(0)
        return self.hours_per_week


@final
@attrs.frozen(kw_only=True)
class GroupWork:
    """A group a practitioner runs, costed with preparation and follow-up (R-CL-2).

    Args:
        intervention: The group's intervention (for example ``"circle-of-security"``).
        sessions_per_week: Group sessions a week (1 weekly, 1/2 fortnightly).
        duration_hours: The length of one session (default 2).

    Examples:
        >>> GroupWork(intervention="baby-massage", sessions_per_week=1).duration_hours
        Fraction(2, 1)
    """

    intervention: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-CL-2"))
    sessions_per_week: Fraction = attrs.field(converter=_to_sessions_per_week)
    duration_hours: Fraction = attrs.field(default=Fraction(2), converter=_to_duration_hours)


def _to_weekdays(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidPolicy("working_days", "must hold weekday numbers", value, rule="R-CL-1")
    days = tuple(value)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidPolicy(
                "working_days", "must hold weekday numbers 0 (Monday) to 6", day, rule="R-CL-1"
            )
    if not days:
        raise InvalidPolicy("working_days", "must name at least one day", days, rule="R-CL-1")
    return tuple(sorted(set(days)))


def _to_commitments(value: Iterable[Commitment]) -> tuple[Commitment, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Commitment):
            raise InvalidPolicy("commitments", "must hold Commitment values", item, rule="R-TM-1")
    return items


def _to_groups(value: Iterable[GroupWork]) -> tuple[GroupWork, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, GroupWork):
            raise InvalidPolicy("groups", "must hold GroupWork values", item, rule="R-CL-2")
    return items


def _to_leave(value: Iterable[dt.date]) -> frozenset[dt.date]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise InvalidPolicy("leave", "must hold dates", value, rule="R-CL-1")
    days = frozenset(value)
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidPolicy("leave", "must hold dates", day, rule="R-CL-1")
    return days


def _optional_days(value: Number | None) -> Fraction | None:
    if value is None:
        return None
    return _number(value, "annual_leave_days", "R-CL-1", most=366)


def _caseload(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidPolicy(
            attribute.name, "must be a whole number, at least 0", value, rule="R-CL-1"
        )


@final
@attrs.frozen(kw_only=True)
class Practitioner:
    """A member of the team, with their hours, time commitments, skills and caseload.

    Args:
        name: The practitioner's name, unique in the team.
        role: Their role (psychotherapist, keyworker, health visitor...).
        contracted_hours: Contracted hours a week, 0 to 168.
        working_days: The weekdays they work, 0 (Monday) to 6 (default Monday
            to Friday); part-time staff are pro rata (R-CL-1).
        commitments: Regular time given to other things; routine meetings are
            recorded but take nothing out unless beyond the routine (R-TM-1).
        groups: Groups they run; each costs its session plus preparation and
            follow-up, more for a facilitator new to the intervention (R-CL-2).
        group_experience: Interventions they have facilitated before.
        skills: What they are skilled in, matched against a family's needs
            when allocating (R-AL-1).
        localities: Areas they cover, for teams that allocate by locality.
        annual_leave_days: Their leave entitlement in full-time days a year;
            ``None`` takes the team's default, pro rata to their hours.
        leave: Days of leave booked.
        caseload: Families they hold now.

    Raises:
        InvalidPolicy: For values out of range, or commitments and groups
            taking out more hours than the contract has.

    Examples:
        >>> p = Practitioner(name="Priya Shah", contracted_hours=30, skills={"video-interaction"})
        >>> p.contracted_hours, p.working_days
        (Fraction(30, 1), (0, 1, 2, 3, 4))
        >>> Practitioner(name="Tom", contracted_hours=10,
        ...              commitments=[Commitment(activity="management", hours_per_week=12)])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: commitments must take no more than contracted_hours (10) (R-CL-1), got Fraction(12, 1)
    """

    name: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-AL-1"))
    role: str = attrs.field(
        default="practitioner", validator=non_empty_text(InvalidPolicy, "R-CL-6")
    )
    contracted_hours: Fraction = attrs.field(converter=_to_contracted_hours)
    working_days: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=_to_weekdays)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=_to_commitments)
    groups: tuple[GroupWork, ...] = attrs.field(default=(), converter=_to_groups)
    group_experience: frozenset[str] = attrs.field(
        factory=frozenset, converter=_to_group_experience
    )
    skills: frozenset[str] = attrs.field(factory=frozenset, converter=_to_skills)
    localities: frozenset[str] = attrs.field(factory=frozenset, converter=_to_localities)
    annual_leave_days: Fraction | None = attrs.field(default=None, converter=_optional_days)
    leave: frozenset[dt.date] = attrs.field(factory=frozenset, converter=_to_leave)
    caseload: int = attrs.field(default=0, validator=_caseload)

    def __attrs_post_init__(self) -> None:
        # Routine time takes nothing out of capacity, but it is still time:
        # all of it together cannot exceed the contract.
        out = sum((c.hours_per_week for c in self.commitments), Fraction(0))
        if out > self.contracted_hours:
            raise InvalidPolicy(
                "commitments",
                f"must take no more than contracted_hours ({self.contracted_hours})",
                out,
                rule="R-CL-1",
            )

    def experienced_in(self, intervention: str) -> bool:
        """Whether they have facilitated ``intervention`` before (R-CL-2).

        Examples:
            >>> Practitioner(name="P", contracted_hours=30, group_experience={"baby-massage"}
            ...              ).experienced_in("baby-massage")
            True
        """
        return intervention in self.group_experience


@final
@attrs.frozen(kw_only=True)
class CapacityPolicy:
    """A team's capacity assumptions. Every default is a starting point to review.

    Args:
        day_hours: A full working day (7.5 hours, R-CL-1).
        families_per_day: Families seen in a full day (4, R-CL-1).
        full_time_hours: Full-time hours a week (37.5), for pro rata leave.
        annual_leave_days: Full-time leave entitlement in days a year,
            besides bank holidays. The default, 27, is the NHS Agenda for
            Change entitlement on appointment (NHS Terms and Conditions of
            Service Handbook, section 13: 27 days, 29 after five years' service,
            33 after ten).
        sessions_per_family_per_week: How often each family is seen (1:
            weekly; 1/2: fortnightly), to turn sessions into families held.
        group_preparation_hours: Preparation per group session for an
            experienced facilitator (1, R-CL-2).
        group_follow_up_hours: Follow-up per group session (1, R-CL-2).
        new_facilitator_multiplier: How much longer preparation and follow-up
            take someone new to the intervention (2: this project's
            placeholder for "considerably more", R-CL-2).

    Raises:
        InvalidPolicy: For values out of range.

    Examples:
        >>> CapacityPolicy().families_per_day
        Fraction(4, 1)
        >>> CapacityPolicy(sessions_per_family_per_week=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: sessions_per_family_per_week must be more than 0 and at most 168 (R-CL-1), got 0
    """

    day_hours: Fraction = attrs.field(
        default=Fraction(15, 2),
        converter=_to_day_hours,
    )
    families_per_day: Fraction = attrs.field(default=Fraction(4), converter=_to_families_per_day)
    full_time_hours: Fraction = attrs.field(
        default=Fraction(75, 2),
        converter=_to_full_time_hours,
    )
    annual_leave_days: Fraction = attrs.field(
        default=Fraction(27),
        converter=_to_annual_leave_days,
    )
    sessions_per_family_per_week: Fraction = attrs.field(
        default=Fraction(1),
        converter=_to_sessions_per_family_per_week,
    )
    group_preparation_hours: Fraction = attrs.field(
        default=Fraction(1),
        converter=_to_group_preparation_hours,
    )
    group_follow_up_hours: Fraction = attrs.field(
        default=Fraction(1),
        converter=_to_group_follow_up_hours,
    )
    new_facilitator_multiplier: Fraction = attrs.field(
        default=Fraction(2),
        converter=_to_new_facilitator_multiplier,
    )

    def __attrs_post_init__(self) -> None:
        if self.new_facilitator_multiplier < 1:
            raise InvalidPolicy(
                "new_facilitator_multiplier",
                "must be at least 1",
                self.new_facilitator_multiplier,
                rule="R-CL-2",
            )


def _to_practitioners(value: Iterable[Practitioner]) -> tuple[Practitioner, ...]:
    if isinstance(value, Practitioner):
        value = (value,)
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise InvalidPolicy("practitioners", "must hold Practitioner values", value, rule="R-CL-1")
    people = tuple(value)
    seen: set[str] = set()
    for person in people:
        if not isinstance(person, Practitioner):
            raise InvalidPolicy(
                "practitioners", "must hold Practitioner values", person, rule="R-CL-1"
            )
        if person.name in seen:
            raise InvalidPolicy(
                "practitioners", "must name each practitioner once", person.name, rule="R-AL-1"
            )
        seen.add(person.name)
    return people


@final
@attrs.frozen(kw_only=True)
class Team:
    """A team: its shared policy, its capacity assumptions and its practitioners.

    Args:
        policy: The team's shared settings (name, nation, closures).
        capacity: Its capacity assumptions.
        practitioners: Its members, each named once.

    Examples:
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5),
        ...                            Practitioner(name="B", contracted_hours=22.5)])
        >>> [p.name for p in team.practitioners]
        ['A', 'B']
        >>> team.practitioner("B").contracted_hours
        Fraction(45, 2)
    """

    policy: TeamPolicy = attrs.field(
        factory=TeamPolicy, validator=attrs.validators.instance_of(TeamPolicy)
    )
    capacity: CapacityPolicy = attrs.field(
        factory=CapacityPolicy, validator=attrs.validators.instance_of(CapacityPolicy)
    )
    practitioners: tuple[Practitioner, ...] = attrs.field(default=(), converter=_to_practitioners)

    def practitioner(self, name: str) -> Practitioner:
        """The practitioner called ``name``.

        Raises:
            InvalidPolicy: When no one in the team has that name.

        Examples:
            >>> Team().practitioner("Nobody")
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidPolicy: practitioner must name a member of the team (R-AL-1), got 'Nobody'
        """
        for person in self.practitioners:
            if person.name == name:
                return person
        raise InvalidPolicy("practitioner", "must name a member of the team", name, rule="R-AL-1")

    def with_practitioner(self, practitioner: Practitioner) -> Team:
        """The team with ``practitioner`` replacing the member of that name, or added.

        Examples:
            >>> team = Team().with_practitioner(Practitioner(name="A", contracted_hours=30))
            >>> team.with_practitioner(Practitioner(name="A", contracted_hours=20)).practitioner("A").contracted_hours
            Fraction(20, 1)
        """
        people = [p for p in self.practitioners if p.name != practitioner.name]
        index = next(
            (i for i, p in enumerate(self.practitioners) if p.name == practitioner.name),
            len(people),
        )
        people.insert(index, practitioner)
        return attrs.evolve(self, practitioners=people)


# --------------------------------------------------------------------------- arithmetic


def group_hours_per_week(practitioner: Practitioner, policy: CapacityPolicy) -> Fraction:
    """Hours a week the practitioner's groups cost, preparation and follow-up included (R-CL-2).

    Examples:
        >>> p = Practitioner(name="P", contracted_hours=37.5,
        ...                  groups=[GroupWork(intervention="baby-massage", sessions_per_week=1)])
        >>> group_hours_per_week(p, CapacityPolicy())     # new to it: 2 + (1 + 1) x 2
        Fraction(6, 1)
    """
    total = Fraction(0)
    around = policy.group_preparation_hours + policy.group_follow_up_hours
    for group in practitioner.groups:
        multiplier = (
            1
            if practitioner.experienced_in(group.intervention)
            else policy.new_facilitator_multiplier
        )
        total += group.sessions_per_week * (group.duration_hours + around * multiplier)
    return total


@final
@attrs.frozen(kw_only=True)
class PractitionerCapacity:
    """One practitioner's capacity in an ordinary week (R-CL-1, R-CL-2, R-TM-1).

    Args:
        name: The practitioner.
        contracted_hours: Their contracted hours.
        hours_out: Hours a week taken out, by what for (routine meetings not
            included: the rule of thumb allows for them).
        non_clinical_hours: Of those, the non-clinical activity reported to
            commissioners (R-CL-3).
        family_sessions: Individual family sessions a week, exact.
        families_at_once: Families they can hold, given how often each is seen.
        caseload: Families held now.

    Examples:
        >>> c = practitioner_capacity(Practitioner(name="P", contracted_hours=37.5, caseload=18),
        ...                           CapacityPolicy())
        >>> c.family_sessions, c.families_at_once, c.headroom
        (Fraction(20, 1), Fraction(20, 1), Fraction(2, 1))
    """

    name: str
    contracted_hours: Fraction
    hours_out: tuple[tuple[str, Fraction], ...]
    non_clinical_hours: Fraction
    family_sessions: Fraction
    families_at_once: Fraction
    caseload: int

    @property
    def headroom(self) -> Fraction:
        """Families more they can take on: never negative (see `over_capacity_by`).

        Examples:
            >>> c = practitioner_capacity(Practitioner(name="P", contracted_hours=7.5, caseload=6),
            ...                           CapacityPolicy())
            >>> c.headroom, c.over_capacity_by
            (Fraction(0, 1), Fraction(2, 1))
        """
        return max(Fraction(0), self.families_at_once - self.caseload)

    @property
    def over_capacity_by(self) -> Fraction:
        """Families held beyond capacity (0 when within it).

        Examples:
            >>> practitioner_capacity(Practitioner(name="P", contracted_hours=37.5),
            ...                       CapacityPolicy()).over_capacity_by
            Fraction(0, 1)
        """
        return max(Fraction(0), self.caseload - self.families_at_once)

    @property
    def hours_taken_out(self) -> Fraction:
        """All hours a week taken out of individual work.

        Examples:
            >>> p = Practitioner(name="P", contracted_hours=37.5,
            ...                  commitments=[Commitment(activity="consultation", hours_per_week=3)])
            >>> practitioner_capacity(p, CapacityPolicy()).hours_taken_out
            Fraction(3, 1)
        """
        return sum((hours for _, hours in self.hours_out), Fraction(0))


def practitioner_capacity(
    practitioner: Practitioner, policy: CapacityPolicy | None = None
) -> PractitionerCapacity:
    """A practitioner's weekly capacity, exact (R-CL-1, R-CL-2, R-TM-1).

    Individual work runs at ``families_per_day`` in a ``day_hours`` day, pro
    rata, on the hours left once groups and other duties are taken out.
    Routine meetings, supervision and training attended take nothing out:
    the rule of thumb already allows for them (R-CL-1), unless a commitment
    is marked as beyond the routine (R-TM-1).

    Raises:
        InvalidPolicy: When groups and other duties together take out more
            than the contracted hours.

    Examples:
        >>> p = Practitioner(name="P", contracted_hours=37.5, commitments=[
        ...     Commitment(activity="supervision", hours_per_week=1.5),
        ...     Commitment(activity="training-delivered", hours_per_week=3.5)],
        ...     groups=[GroupWork(intervention="circle-of-security", sessions_per_week=1)],
        ...     group_experience={"circle-of-security"})
        >>> c = practitioner_capacity(p)     # 37.5 - 4 (group) - 3.5 (training) = 30 hours
        >>> c.hours_out
        (('group-work', Fraction(4, 1)), ('training-delivered', Fraction(7, 2)))
        >>> c.family_sessions
        Fraction(16, 1)
    """
    policy = policy or CapacityPolicy()
    by_activity: dict[str, Fraction] = {}
    groups = group_hours_per_week(practitioner, policy)
    if groups:
        by_activity[Activity.GROUP_WORK.value] = groups
    non_clinical = Fraction(0)
    for commitment in practitioner.commitments:
        out = commitment.hours_taken_out
        if out:
            key = commitment.activity.value
            by_activity[key] = by_activity.get(key, Fraction(0)) + out
        if commitment.activity.non_clinical:
            non_clinical += commitment.hours_per_week
    taken = sum(by_activity.values(), Fraction(0))
    if taken > practitioner.contracted_hours:
        raise InvalidPolicy(
            "groups",
            f"with other duties must take out no more than contracted_hours "
            f"({practitioner.contracted_hours}) for {practitioner.name}",
            taken,
            rule="R-CL-2",
        )
    sessions = (practitioner.contracted_hours - taken) / policy.day_hours * policy.families_per_day
    return PractitionerCapacity(
        name=practitioner.name,
        contracted_hours=practitioner.contracted_hours,
        hours_out=tuple(sorted(by_activity.items())),
        non_clinical_hours=non_clinical,
        family_sessions=sessions,
        families_at_once=sessions / policy.sessions_per_family_per_week,
        caseload=practitioner.caseload,
    )


@final
@attrs.frozen(kw_only=True)
class TeamCapacity:
    """The team's capacity in an ordinary week: each practitioner and the totals.

    Every total is the exact sum of the practitioners' figures, so capacity is
    additive over practitioners.

    Args:
        practitioners: Each practitioner's capacity, in the team's order.

    Examples:
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5, caseload=12),
        ...                            Practitioner(name="B", contracted_hours=22.5, caseload=12)])
        >>> t = team_capacity(team)
        >>> t.family_sessions, t.caseload, t.headroom
        (Fraction(32, 1), 24, Fraction(8, 1))
    """

    practitioners: tuple[PractitionerCapacity, ...]

    @property
    def contracted_hours(self) -> Fraction:
        """Contracted hours a week across the team.

        Examples:
            >>> team_capacity(Team(practitioners=[Practitioner(name="A", contracted_hours=30)])
            ...               ).contracted_hours
            Fraction(30, 1)
        """
        return sum((p.contracted_hours for p in self.practitioners), Fraction(0))

    @property
    def family_sessions(self) -> Fraction:
        """Individual family sessions a week across the team (R-CL-1).

        Examples:
            >>> team_capacity(Team()).family_sessions
            Fraction(0, 1)
        """
        return sum((p.family_sessions for p in self.practitioners), Fraction(0))

    @property
    def families_at_once(self) -> Fraction:
        """Families the team can hold at once.

        Examples:
            >>> team_capacity(Team(practitioners=[Practitioner(name="A", contracted_hours=15)])
            ...               ).families_at_once
            Fraction(8, 1)
        """
        return sum((p.families_at_once for p in self.practitioners), Fraction(0))

    @property
    def caseload(self) -> int:
        """Families held now across the team.

        Examples:
            >>> team_capacity(Team(practitioners=[Practitioner(name="A", contracted_hours=15,
            ...                                                 caseload=5)])).caseload
            5
        """
        return sum(p.caseload for p in self.practitioners)

    @property
    def headroom(self) -> Fraction:
        """Families more the team can take on: the sum of each practitioner's headroom.

        One practitioner over capacity does not eat into another's headroom:
        families are not shared between caseloads.

        Examples:
            >>> team_capacity(Team()).headroom
            Fraction(0, 1)
        """
        return sum((p.headroom for p in self.practitioners), Fraction(0))

    @property
    def hours_out(self) -> tuple[tuple[str, Fraction], ...]:
        """Hours a week taken out across the team, by what for.

        Examples:
            >>> p = Practitioner(name="A", contracted_hours=30,
            ...                  commitments=[Commitment(activity="strategy", hours_per_week=2)])
            >>> team_capacity(Team(practitioners=[p])).hours_out
            (('strategy', Fraction(2, 1)),)
        """
        totals: dict[str, Fraction] = {}
        for person in self.practitioners:
            for activity, hours in person.hours_out:
                totals[activity] = totals.get(activity, Fraction(0)) + hours
        return tuple(sorted(totals.items()))

    @property
    def non_clinical_hours(self) -> Fraction:
        """Hours a week of non-clinical activity reported to commissioners (R-CL-3).

        Examples:
            >>> team_capacity(Team()).non_clinical_hours
            Fraction(0, 1)
        """
        return sum((p.non_clinical_hours for p in self.practitioners), Fraction(0))

    def rows(self) -> list[dict[str, object]]:
        """One plain dictionary per practitioner, for a table or a DataFrame.

        Examples:
            >>> team_capacity(Team(practitioners=[Practitioner(name="A", contracted_hours=15)])
            ...               ).rows()[0]["families_at_once"]
            Fraction(8, 1)
        """
        return [
            {
                "name": p.name,
                "contracted_hours": p.contracted_hours,
                "hours_taken_out": p.hours_taken_out,
                "non_clinical_hours": p.non_clinical_hours,
                "family_sessions": p.family_sessions,
                "families_at_once": p.families_at_once,
                "caseload": p.caseload,
                "headroom": p.headroom,
                "over_capacity_by": p.over_capacity_by,
            }
            for p in self.practitioners
        ]


def team_capacity(team: Team) -> TeamCapacity:
    """The team's capacity in an ordinary week (R-CL-1, R-CL-2, R-TM-1).

    Examples:
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5),
        ...                            Practitioner(name="B", contracted_hours=37.5,
        ...                                commitments=[Commitment(activity="management",
        ...                                                        hours_per_week=7.5)])])
        >>> team_capacity(team).family_sessions
        Fraction(36, 1)
    """
    return TeamCapacity(
        practitioners=tuple(practitioner_capacity(p, team.capacity) for p in team.practitioners)
    )


# --------------------------------------------------------------------------- a year


def financial_year(year: int) -> tuple[dt.date, dt.date]:
    """The UK public-sector financial year starting 1 April ``year``: its first and last day.

    Examples:
        >>> financial_year(2027)
        (datetime.date(2027, 4, 1), datetime.date(2028, 3, 31))
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise InvalidPolicy("year", "must be a year between 1900 and 2200", year, rule="R-CL-7")
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


@final
@attrs.frozen(kw_only=True)
class PeriodCapacity:
    """A practitioner's capacity over a period: days, hours and sessions, exact.

    Args:
        name: The practitioner.
        start: The first day of the period.
        end: The last day of the period.
        working_days: Their working days in the period, bank holidays and
            team closures removed.
        leave_days: Leave taken out, in their own working days.
        available_hours: Hours left for work after leave.
        family_sessions: Individual family sessions in the period.

    Examples:
        >>> start, end = financial_year(2027)
        >>> c = period_capacity(Practitioner(name="A", contracted_hours=37.5), start, end)
        >>> c.working_days, c.leave_days, c.family_sessions
        (256, Fraction(27, 1), Fraction(916, 1))
    """

    name: str
    start: dt.date
    end: dt.date
    working_days: int
    leave_days: Fraction
    available_hours: Fraction
    family_sessions: Fraction


def _years_covered(start: dt.date, end: dt.date) -> Fraction:
    """Whole years from ``start`` to ``end`` inclusive, by anniversary, plus the rest in 365ths.

    A year from 1 April is exactly 1 whether it has 365 or 366 days, and two
    years are 2, so leave entitlement is neither capped at one year's nor
    inflated by a leap day.

    Examples:
        >>> _years_covered(dt.date(2027, 4, 1), dt.date(2028, 3, 31))   # 366 days
        Fraction(1, 1)
        >>> _years_covered(dt.date(2027, 4, 1), dt.date(2029, 3, 31))
        Fraction(2, 1)
        >>> _years_covered(dt.date(2027, 4, 1), dt.date(2027, 6, 12))   # 73 days
        Fraction(1, 5)
    """
    after = end + dt.timedelta(days=1)
    years = after.year - start.year
    while years > 0 and _anniversary(start, years) > after:
        years -= 1
    return years + Fraction((after - _anniversary(start, years)).days, 365)


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(day.year + years, 3, 1)


def period_capacity(
    practitioner: Practitioner,
    start: dt.date,
    end: dt.date,
    *,
    calendar: WorkingCalendar | None = None,
    policy: CapacityPolicy | None = None,
) -> PeriodCapacity:
    """A practitioner's capacity from ``start`` to ``end`` inclusive (R-CL-1, R-TM-1).

    Their working days are the weekdays they work that the team's calendar
    also works (bank holidays and closures removed). Leave is their
    entitlement (their own or the team's, pro rata to their hours) for the
    years and share of a year the period covers, or the leave they have
    booked in the period if that is more. Sessions are the weekly rate per
    hour worked, applied to the hours left.

    Raises:
        InvalidPolicy: When ``end`` is before ``start``.

    Examples:
        >>> import datetime as dt
        >>> p = Practitioner(name="A", contracted_hours=22.5, working_days=[0, 1, 2])
        >>> c = period_capacity(p, dt.date(2027, 4, 1), dt.date(2028, 3, 31))
        >>> c.working_days, c.leave_days
        (150, Fraction(81, 5))
    """
    policy = policy or CapacityPolicy()
    calendar = calendar or WorkingCalendar()
    for field, value in (("start", start), ("end", end)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidPolicy(field, "must be a date", value, rule="R-CL-1")
    if end < start:
        raise InvalidPolicy("end", f"must not be before start ({start})", end, rule="R-CL-1")
    weekly = practitioner_capacity(practitioner, policy)
    worked = set(practitioner.working_days)
    days = [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if (start + dt.timedelta(days=i)).weekday() in worked
        and calendar.is_working_day(start + dt.timedelta(days=i))
    ]
    contracted = practitioner.contracted_hours
    hours_per_day = contracted / len(practitioner.working_days)
    entitlement = (
        practitioner.annual_leave_days
        if practitioner.annual_leave_days is not None
        else policy.annual_leave_days
    )
    # Entitlement is in full-time days; pro rata to hours, then into this
    # person's own days, for the years (and share of a year) the period covers.
    entitled_hours = entitlement * policy.day_hours * contracted / policy.full_time_hours
    entitled_days = (
        _years_covered(start, end) * entitled_hours / hours_per_day
        if hours_per_day
        else Fraction(0)
    )
    booked = sum(1 for d in days if d in practitioner.leave)
    leave_days = min(Fraction(len(days)), max(entitled_days, Fraction(booked)))
    available = (len(days) - leave_days) * hours_per_day
    sessions_per_hour = weekly.family_sessions / contracted if contracted else Fraction(0)
    return PeriodCapacity(
        name=practitioner.name,
        start=start,
        end=end,
        working_days=len(days),
        leave_days=leave_days,
        available_hours=available,
        family_sessions=available * sessions_per_hour,
    )


def annual_capacity(team: Team, year: int) -> tuple[PeriodCapacity, ...]:
    """Each practitioner's capacity over the financial year starting 1 April ``year``.

    Bank holidays of the team's nation and its closures are removed, then
    leave; add the ``family_sessions`` for the team's total.

    Examples:
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5),
        ...                            Practitioner(name="B", contracted_hours=18.75)])
        >>> [c.family_sessions for c in annual_capacity(team, 2027)]
        [Fraction(916, 1), Fraction(458, 1)]
    """
    start, end = financial_year(year)
    return tuple(
        period_capacity(p, start, end, calendar=team.policy.calendar, policy=team.capacity)
        for p in team.practitioners
    )
