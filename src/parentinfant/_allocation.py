"""Allocation suggestions and capacity-safe allocation (R-AL-1, R-CL-1).

Public names are re-exported from `parentinfant.caseload`; import them from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import final

import attrs

from parentinfant._capacity import PractitionerCapacity, Team, practitioner_capacity
from parentinfant._commands import Allocate, AllocationBasis
from parentinfant._validate import non_empty_text, parse_enum
from parentinfant.errors import CapacityExceeded, InvalidPolicy


def _to_needs(value: Iterable[str] | str) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidPolicy("skills", "must hold text labels", value, rule="R-AL-1")
    labels = frozenset(value)
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise InvalidPolicy("skills", "must hold non-empty text labels", label, rule="R-AL-1")
    return labels


def _to_basis(value: AllocationBasis | str) -> AllocationBasis:
    return parse_enum(AllocationBasis, value, "basis", InvalidPolicy, "R-AL-1")


@final
@attrs.frozen(kw_only=True)
class FamilyNeeds:
    """What a family on the waiting list needs from the practitioner allocated (R-AL-1).

    Args:
        referral_id: The family's referral.
        skills: Skills the family's needs call for (the team's own labels,
            matched against each practitioner's ``skills``).
        locality: The area the family lives in, for teams allocating by locality.

    Examples:
        >>> FamilyNeeds(referral_id="R-1", skills="video-interaction").skills
        frozenset({'video-interaction'})
    """

    referral_id: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-AL-1"))
    skills: frozenset[str] = attrs.field(factory=frozenset, converter=_to_needs)
    locality: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(non_empty_text(InvalidPolicy, "R-AL-1")),
    )


@final
@attrs.frozen(kw_only=True)
class Suggestion:
    """One practitioner, ranked for one family, with the reason (R-AL-1).

    Args:
        position: 1-based rank.
        practitioner: Who.
        skills_matched: The family's needs this practitioner is skilled in.
        skills_missing: The family's needs they are not.
        locality_match: Whether they cover the family's area (``None`` when
            the family's area is not recorded).
        headroom: Families more they can take on now.
        explanation: The reason, readable at the allocation meeting.

    Examples:
        >>> from parentinfant.caseload import Practitioner, Team
        >>> team = Team(practitioners=[Practitioner(name="Priya", contracted_hours=30,
        ...                                          skills={"perinatal"})])
        >>> (s,) = suggest_allocation(team, FamilyNeeds(referral_id="R-1", skills={"perinatal"}))
        >>> s.explanation
        '1st: Priya - skills: perinatal; room for 16 more families'
    """

    position: int
    practitioner: str
    skills_matched: tuple[str, ...]
    skills_missing: tuple[str, ...]
    locality_match: bool | None
    headroom: Fraction
    explanation: str

    @property
    def has_room(self) -> bool:
        """Whether they can take one more family without going over capacity.

        Examples:
            >>> from parentinfant.caseload import Practitioner, Team
            >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=7.5, caseload=4)])
            >>> suggest_allocation(team, FamilyNeeds(referral_id="R-1"))[0].has_room
            False
        """
        return self.headroom >= 1

    def command(
        self,
        *,
        basis: AllocationBasis | str = AllocationBasis.SKILLS,
        keyworker: str | None = None,
        note: str | None = None,
    ) -> Allocate:
        """The lifecycle command that allocates the family to this practitioner.

        The note defaults to this suggestion's explanation, so the case
        records why (R-AL-1). A practitioner without room is refused: use
        `allocate` with an override for that.

        Raises:
            CapacityExceeded: When the practitioner has no room.

        Examples:
            >>> from parentinfant.caseload import Practitioner, Team
            >>> team = Team(practitioners=[Practitioner(name="Priya", contracted_hours=30)])
            >>> s = suggest_allocation(team, FamilyNeeds(referral_id="R-1"))[0]
            >>> s.command(basis="locality").practitioner
            'Priya'
        """
        if not self.has_room:
            raise CapacityExceeded(
                "practitioner",
                "must have room for another family, or be allocated with an override",
                self.practitioner,
                rule="R-CL-1",
            )
        return Allocate(
            practitioner=self.practitioner,
            basis=basis,
            keyworker=keyworker,
            note=self.explanation if note is None else note,
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _families(number: Fraction) -> str:
    whole = int(number)  # headroom is never negative, so this rounds down
    return f"{whole} more famil{'y' if whole == 1 else 'ies'}"


def suggest_allocation(
    team: Team,
    needs: FamilyNeeds,
    *,
    basis: AllocationBasis | str = AllocationBasis.SKILLS,
) -> tuple[Suggestion, ...]:
    """Every practitioner, ranked for this family, each with a readable reason (R-AL-1).

    Practitioners with room come first. Among them, by skills (the default)
    the one whose skills best suit the family's needs leads, then locality,
    then headroom; by locality, covering the family's area leads, then
    skills, then headroom; for an assessment clinic, headroom leads. Ties
    fall back to the practitioner's name, so the order is deterministic.
    No one is left out: a practitioner without room is listed after the
    others, saying so.

    Examples:
        >>> from parentinfant.caseload import Practitioner, Team
        >>> team = Team(practitioners=[
        ...     Practitioner(name="Ann", contracted_hours=37.5, caseload=10, localities={"north"}),
        ...     Practitioner(name="Bea", contracted_hours=37.5, caseload=19, skills={"perinatal"})])
        >>> needs = FamilyNeeds(referral_id="R-1", skills={"perinatal"}, locality="north")
        >>> [s.practitioner for s in suggest_allocation(team, needs)]
        ['Bea', 'Ann']
        >>> [s.practitioner for s in suggest_allocation(team, needs, basis="locality")]
        ['Ann', 'Bea']
        >>> print(suggest_allocation(team, needs)[1].explanation)
        2nd: Ann - no matching skills (needs perinatal); covers north; room for 10 more families
    """
    how = _to_basis(basis)
    rows: list[tuple[tuple[object, ...], PractitionerCapacity, tuple[str, ...], bool | None]] = []
    for person in team.practitioners:
        capacity = practitioner_capacity(person, team.capacity)
        matched = tuple(sorted(needs.skills & person.skills))
        local = None if needs.locality is None else needs.locality in person.localities
        room = capacity.headroom >= 1
        skill_key = -len(matched)
        local_key = 0 if local else 1
        if how is AllocationBasis.SKILLS:
            key: tuple[object, ...] = (not room, skill_key, local_key, -capacity.headroom)
        elif how is AllocationBasis.LOCALITY:
            key = (not room, local_key, skill_key, -capacity.headroom)
        else:
            key = (not room, -capacity.headroom, skill_key, local_key)
        rows.append(((*key, person.name), capacity, matched, local))
    rows.sort(key=lambda row: row[0])
    suggestions = []
    for position, (_, capacity, matched, local) in enumerate(rows, start=1):
        missing = tuple(sorted(needs.skills - set(matched)))
        parts = []
        if matched:
            parts.append("skills: " + ", ".join(matched))
        elif needs.skills:
            parts.append(f"no matching skills (needs {', '.join(missing)})")
        if matched and missing:
            parts.append("not skilled in " + ", ".join(missing))
        if local is not None:
            parts.append(
                f"covers {needs.locality}" if local else f"does not cover {needs.locality}"
            )
        if capacity.headroom >= 1:
            parts.append(f"room for {_families(capacity.headroom)}")
        else:
            parts.append(
                f"no room: holds {capacity.caseload} of {_show(capacity.families_at_once)}"
            )
        suggestions.append(
            Suggestion(
                position=position,
                practitioner=capacity.name,
                skills_matched=matched,
                skills_missing=missing,
                locality_match=local,
                headroom=capacity.headroom,
                explanation=f"{_ordinal(position)}: {capacity.name} - " + "; ".join(parts),
            )
        )
    return tuple(suggestions)


@final
@attrs.frozen(kw_only=True)
class AllocationRecord:
    """What an allocation did to a caseload, and any override of capacity (R-AL-1, R-CL-1).

    Args:
        referral_id: The family allocated.
        practitioner: To whom.
        caseload_before: Families they held before.
        caseload_after: Families they hold now.
        families_at_once: Their capacity.
        override: The reason given for allocating beyond capacity, or ``None``.

    Examples:
        >>> from parentinfant.caseload import Practitioner, Team
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=37.5, caseload=3)])
        >>> _, record = allocate(team, "A", FamilyNeeds(referral_id="R-1"))
        >>> record.caseload_before, record.caseload_after, record.over_capacity
        (3, 4, False)
    """

    referral_id: str
    practitioner: str
    caseload_before: int
    caseload_after: int
    families_at_once: Fraction
    override: str | None

    @property
    def over_capacity(self) -> bool:
        """Whether this allocation took the practitioner beyond capacity.

        Examples:
            >>> from parentinfant.caseload import Practitioner, Team
            >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=1.5)])
            >>> _, r = allocate(team, "A", FamilyNeeds(referral_id="R-1"),
            ...                 override="urgent safeguarding; lead agreed")
            >>> r.over_capacity, r.override
            (True, 'urgent safeguarding; lead agreed')
        """
        return self.caseload_after > self.families_at_once


def allocate(
    team: Team,
    practitioner: str,
    needs: FamilyNeeds,
    *,
    override: str | None = None,
) -> tuple[Team, AllocationRecord]:
    """Allocate a family to a practitioner: the team with their caseload one larger (R-AL-1).

    Allocation never takes a practitioner beyond capacity unless an
    ``override`` gives the reason, and the record keeps it (R-CL-1).

    Raises:
        CapacityExceeded: When the practitioner has no room and no override
            is given.
        InvalidPolicy: When no practitioner has that name, or the override is empty.

    Examples:
        >>> from parentinfant.caseload import Practitioner, Team
        >>> team = Team(practitioners=[Practitioner(name="A", contracted_hours=3.75, caseload=2)])
        >>> allocate(team, "A", FamilyNeeds(referral_id="R-1"))
        Traceback (most recent call last):
        ...
        parentinfant.errors.CapacityExceeded: practitioner must have room for another family (holds 2 of 2), or give an override (R-CL-1), got 'A'
    """
    person = team.practitioner(practitioner)
    if override is not None and (not isinstance(override, str) or not override.strip()):
        raise InvalidPolicy("override", "must give the reason", override, rule="R-CL-1")
    capacity = practitioner_capacity(person, team.capacity)
    if capacity.headroom < 1 and override is None:
        raise CapacityExceeded(
            "practitioner",
            f"must have room for another family (holds {person.caseload} of "
            f"{_show(capacity.families_at_once)}), or give an override",
            practitioner,
            rule="R-CL-1",
        )
    updated = attrs.evolve(person, caseload=person.caseload + 1)
    record = AllocationRecord(
        referral_id=needs.referral_id,
        practitioner=practitioner,
        caseload_before=person.caseload,
        caseload_after=updated.caseload,
        families_at_once=capacity.families_at_once,
        override=override,
    )
    return team.with_practitioner(updated), record


def _show(number: Fraction) -> str:
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):.2f}".rstrip("0").rstrip(".")
