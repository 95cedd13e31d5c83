"""Anonymised family descriptors and aggregate tables with small counts suppressed (R-CL-4).

Teams send anonymised descriptors of the families they see (age of the
infant at referral, parents' age bands, ethnic category, route, risk factor
counts, sessions, closure reason, outcome changes) to commissioners and
national data portals. This module builds them from the team's own records
by an allow-list: each descriptor is computed from named fields, so nothing
else (names, addresses, phone numbers, email addresses, postcodes, NHS
numbers, GP or health visitor, free-text notes, referral ids, exact dates)
can reach the export. Dates leave at month precision at most. The rows of
the export are made k-anonymous by default (`export_rows`, `k_anonymise`):
a row whose month, route, infant's age and parents' descriptors fewer than
five families share leaves with them suppressed.

Aggregate tables count families by one or two descriptors, suppress small
counts, and add secondary suppression so a suppressed count cannot be worked
out from the totals (see `aggregate`).

Public names are re-exported from `parentinfant.records`.

Examples:
    >>> import datetime as dt
    >>> from parentinfant._referral import Referral, SelfReferral
    >>> from parentinfant.family import Family, Infant, Parent
    >>> from parentinfant._anonymise import anonymise
    >>> referral = Referral(
    ...     id="RPI-0042", received=dt.date(2026, 11, 2), route=SelfReferral(),
    ...     family=Family(parents=[Parent("Amira Haddad", "mother", date_of_birth=dt.date(1995, 4, 3),
    ...                                   ethnic_category="asian-pakistani")],
    ...                   infant=Infant.born_on(dt.date(2026, 8, 10), name="Noor"),
    ...                   postcode_district="GL1"))
    >>> family = anonymise(referral)
    >>> family.referral_month, family.infant_age_weeks, family.parents[0].age_band.value
    ('2026-11', 12, '30-34')
    >>> family.parents[0].ethnic_category.code
    'J'
"""

from __future__ import annotations

import csv
import enum
import heapq
import io
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, final

import attrs

from parentinfant._commands import ClosureReason, MhsdsClosureGroup
from parentinfant._k_anonymity import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    SUPPRESSED,
    Cell,
    k_anonymise,
    require_columns,
)
from parentinfant._outcomes import Change, format_number
from parentinfant._referral import Referral, RouteKind
from parentinfant.contact import Attendance
from parentinfant.errors import InvalidRecord
from parentinfant.family import EthnicCategory, ParentRole, ReferrerRole
from parentinfant.lifecycle import Case

__all__ = [
    "AgeBand",
    "AggregateTable",
    "AnonymisedFamily",
    "AnonymisedParent",
    "FamilyRecord",
    "OutcomeChange",
    "aggregate",
    "anonymise",
    "anonymise_all",
    "export_rows",
    "to_csv_text",
]

_RULE = "R-CL-4"

NOT_RECORDED = "not recorded"
"""How a table labels families for whom a descriptor was not recorded."""


class AgeBand(enum.Enum):
    """A parent's age at referral, in the bands exports use (never the birth date).

    Examples:
        >>> AgeBand.for_age(19), AgeBand.for_age(34), AgeBand.for_age(None)
        (<AgeBand.UNDER_20: 'under-20'>, <AgeBand.FROM_30_TO_34: '30-34'>, <AgeBand.NOT_KNOWN: 'not-known'>)
    """

    UNDER_20 = "under-20"
    FROM_20_TO_24 = "20-24"
    FROM_25_TO_29 = "25-29"
    FROM_30_TO_34 = "30-34"
    FROM_35_TO_39 = "35-39"
    FROM_40 = "40-and-over"
    NOT_KNOWN = "not-known"

    @classmethod
    def for_age(cls, age: int | None) -> AgeBand:
        """The band for an age in whole years; not known when unknown (or negative).

        Examples:
            >>> AgeBand.for_age(40).value, AgeBand.for_age(20).value
            ('40-and-over', '20-24')
        """
        if age is None or age < 0:
            return cls.NOT_KNOWN
        if age < 20:
            return cls.UNDER_20
        if age >= 40:
            return cls.FROM_40
        return _BANDS_BY_FIVE[(age - 20) // 5]


_BANDS_BY_FIVE = (
    AgeBand.FROM_20_TO_24,
    AgeBand.FROM_25_TO_29,
    AgeBand.FROM_30_TO_34,
    AgeBand.FROM_35_TO_39,
)


@final
@attrs.frozen(kw_only=True)
class AnonymisedParent:
    """A parent as the export describes them: role, age band and ethnic category code.

    Examples:
        >>> p = AnonymisedParent(role=ParentRole.FATHER, age_band=AgeBand.UNDER_20,
        ...                      ethnic_category=EthnicCategory.NOT_STATED)
        >>> p.ethnic_category.code
        'Z'
    """

    role: ParentRole
    age_band: AgeBand
    ethnic_category: EthnicCategory | None


@final
@attrs.frozen(kw_only=True)
class OutcomeChange:
    """An outcome change as the export carries it: measure code, change, improved; no person.

    Examples:
        >>> from fractions import Fraction
        >>> OutcomeChange(measure="epds", change=Fraction(-6), improved=True).change
        Fraction(-6, 1)
    """

    measure: str
    change: Fraction
    improved: bool


def _check_row(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRecord(attribute.name, "must be a whole number at least 1", value, rule=_RULE)


@final
@attrs.frozen(kw_only=True)
class AnonymisedFamily:
    """One family's descriptors, with nothing that names or locates anyone (R-CL-4).

    Args:
        row: A pseudonymous row number: the family's position in the export,
            never derived from the referral id.
        referral_month: The month the referral arrived, ``YYYY-MM``.
        route: Professional referral, consultation or self-referral.
        referrer_role: The referring professional's role (``None`` for a
            self-referral).
        antenatal: Whether the baby was not yet born at referral.
        infant_age_weeks: The infant's age at referral in whole weeks, when born.
        weeks_before_due: Whole weeks from referral to the due date, when
            antenatal (to the birth when no due date was recorded).
        parents: Each parent's role, age band at referral and ethnic category.
        significant_risk_factors: How many significant risk factors (R-SC-3).
        minor_risk_factors: How many minor risk factors.
        sessions_offered: Appointments with an outcome recorded, other than
            those the team cancelled; ``None`` without a case.
        sessions_attended: Appointments at which the family was seen.
        sessions_with_father_or_partner: Of those, the ones a father or
            partner came to (R-REC-5: their involvement is counted).
        closure_reason: Why the case closed, if it is closed.
        outcomes: Outcome changes by measure code, without the person.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> a = anonymise(Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...                        family=fam))
        >>> a.antenatal, a.weeks_before_due, a.infant_age_weeks, a.mhsds_group is None
        (True, 9, None, True)
    """

    row: int = attrs.field(validator=_check_row)
    referral_month: str
    route: RouteKind
    referrer_role: ReferrerRole | None
    antenatal: bool
    infant_age_weeks: int | None
    weeks_before_due: int | None
    parents: tuple[AnonymisedParent, ...]
    significant_risk_factors: int
    minor_risk_factors: int
    sessions_offered: int | None
    sessions_attended: int | None
    closure_reason: ClosureReason | None
    outcomes: tuple[OutcomeChange, ...]
    sessions_with_father_or_partner: int | None = None

    @property
    def mhsds_group(self) -> MhsdsClosureGroup | None:
        """The MHSDS closure group of the closure reason, if closed.

        Examples:
            >>> import datetime as dt
            >>> from parentinfant._referral import Referral, SelfReferral
            >>> from parentinfant.family import Family, Infant, Parent
            >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
            >>> a = anonymise(Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
            ...                        family=fam))
            >>> attrs.evolve(a, closure_reason=ClosureReason.WORK_COMPLETED).mhsds_group.value
            'treatment-complete'
        """
        return None if self.closure_reason is None else self.closure_reason.mhsds_group

    def _order(self) -> tuple[Any, ...]:
        """A total order on the descriptors alone (the row number left out)."""

        def text(value: enum.Enum | None) -> str:
            return "" if value is None else str(value.value)

        def number(value: int | None) -> int:
            return -1 if value is None else value

        return (
            self.referral_month,
            self.route.value,
            text(self.referrer_role),
            self.antenatal,
            number(self.infant_age_weeks),
            number(self.weeks_before_due),
            tuple((p.role.value, p.age_band.value, text(p.ethnic_category)) for p in self.parents),
            self.significant_risk_factors,
            self.minor_risk_factors,
            number(self.sessions_offered),
            number(self.sessions_attended),
            number(self.sessions_with_father_or_partner),
            text(self.closure_reason),
            tuple((o.measure, o.change, o.improved) for o in self.outcomes),
        )


def _check_input(referral: object, case: object, changes: object) -> tuple[Change, ...]:
    if not isinstance(referral, Referral):
        raise InvalidRecord("referral", "must be a Referral", type(referral).__name__, rule=_RULE)
    if case is not None and not isinstance(case, Case):
        raise InvalidRecord("case", "must be a Case or None", type(case).__name__, rule=_RULE)
    if isinstance(changes, Change) or not isinstance(changes, Iterable):
        raise InvalidRecord(
            "changes", "must be a collection of Change values", type(changes).__name__, rule=_RULE
        )
    found = tuple(changes)
    for change in found:
        if not isinstance(change, Change):
            raise InvalidRecord(
                "changes", "must hold Change values", type(change).__name__, rule=_RULE
            )
    return found


def anonymise(
    referral: Referral, case: Case | None = None, changes: Iterable[Change] = (), *, row: int = 1
) -> AnonymisedFamily:
    """One family's anonymised descriptors (R-CL-4).

    Only the descriptors listed on `AnonymisedFamily` are computed, each from
    named fields, so nothing that names or locates a person is carried over.
    Errors name the type of a wrong argument, never its content.

    Args:
        referral: The referral, with its family.
        case: The family's case, for sessions and closure, if there is one.
        changes: The family's outcome changes (from `change_scores`); the
            person each belongs to is left out.
        row: The row number to give (`anonymise_all` numbers a whole export).

    Returns:
        The descriptors.

    Raises:
        InvalidRecord: When an argument is of the wrong type, or ``row`` is
            not a whole number at least 1.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import ProfessionalReferral, Referral
        >>> from parentinfant.family import Family, Infant, Parent, Referrer
        >>> from parentinfant.screening import DEFAULT_RISK_FACTORS
        >>> r = Referral(id="RPI-7", received=dt.date(2026, 11, 20),
        ...     route=ProfessionalReferral(Referrer(name="Jo Smith", role="health-visitor")),
        ...     family=Family(parents=[Parent("Ana", "mother", date_of_birth=dt.date(2007, 1, 5)),
        ...                            Parent("Tom", "father")],
        ...                   infant=Infant.born_on(dt.date(2026, 11, 1))),
        ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "social-isolation"]))
        >>> a = anonymise(r)
        >>> a.route.value, a.referrer_role.value, a.infant_age_weeks
        ('professional', 'health-visitor', 2)
        >>> [(p.role.value, p.age_band.value) for p in a.parents]
        [('mother', 'under-20'), ('father', 'not-known')]
        >>> a.significant_risk_factors, a.minor_risk_factors, a.sessions_offered
        (1, 1, None)
    """
    found = _check_input(referral, case, changes)
    received = referral.received
    infant = referral.family.infant
    infant_age: int | None = None
    before_due: int | None = None
    if referral.antenatal:
        due = infant.expected_due_date or infant.date_of_birth
        before_due = None if due is None else max(0, (due - received).days // 7)
    elif infant.date_of_birth is not None:  # pragma: no branch - R-IN-3 dates every born infant
        infant_age = (received - infant.date_of_birth).days // 7
    referrer = referral.referrer
    offered: int | None = None
    attended: int | None = None
    with_partner: int | None = None
    closure: ClosureReason | None = None
    if case is not None:
        outcomes = [a.attendance for a in case.appointments if a.attendance is not None]
        offered = sum(1 for a in outcomes if a is not Attendance.CANCELLED_BY_TEAM)
        attended = sum(1 for a in outcomes if a.seen)
        partners = {
            p.name
            for p in referral.family.parents
            if p.role in (ParentRole.FATHER, ParentRole.PARTNER)
        }
        with_partner = sum(
            1
            for a in case.appointments
            if a.attendance is not None and a.attendance.seen and partners & set(a.attended_by)
        )
        closure = None if case.closure is None else case.closure.reason
    return AnonymisedFamily(
        row=row,
        referral_month=f"{received.year:04d}-{received.month:02d}",
        route=referral.route.kind,
        referrer_role=None if referrer is None else referrer.role,
        antenatal=referral.antenatal,
        infant_age_weeks=infant_age,
        weeks_before_due=before_due,
        parents=tuple(
            AnonymisedParent(
                role=p.role,
                age_band=AgeBand.for_age(p.age_on(received)),
                ethnic_category=p.ethnic_category,
            )
            for p in referral.family.parents
        ),
        significant_risk_factors=referral.significant_count,
        minor_risk_factors=referral.minor_count,
        sessions_offered=offered,
        sessions_attended=attended,
        sessions_with_father_or_partner=with_partner,
        closure_reason=closure,
        outcomes=tuple(
            sorted(
                (
                    OutcomeChange(measure=c.measure.code, change=c.change, improved=c.improved)
                    for c in found
                ),
                key=lambda o: (o.measure, o.change),
            )
        ),
    )


def _to_changes(value: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(value)


@final
@attrs.frozen
class FamilyRecord:
    """What the team holds about one family, to anonymise: referral, case and outcome changes.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> FamilyRecord(Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
        ...                       family=fam)).case is None
        True
    """

    referral: Referral
    case: Case | None = None
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_to_changes)


def anonymise_all(records: Iterable[FamilyRecord | Referral]) -> tuple[AnonymisedFamily, ...]:
    """Anonymise many families and number the rows from 1, in an order that reveals nothing.

    The rows are sorted by their own descriptors before they are numbered, so
    a row's number depends only on the anonymised content of the export, not
    on the referral id, the order the records were given in, or anything
    random: the same families give the same export, in the same order.

    Args:
        records: One `FamilyRecord` (or bare `Referral`) per family.

    Returns:
        The anonymised families, numbered 1 to n.

    Raises:
        InvalidRecord: When an item is neither, or a referral id appears twice
            (the error gives the position, not the id).

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> late = Referral(id="A-1", received=dt.date(2026, 12, 2), route=SelfReferral(), family=fam)
        >>> early = Referral(id="Z-9", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam)
        >>> [(f.row, f.referral_month) for f in anonymise_all([late, early])]
        [(1, '2026-11'), (2, '2026-12')]
    """
    if isinstance(records, FamilyRecord | Referral) or not isinstance(records, Iterable):
        raise InvalidRecord(
            "records",
            "must be a collection of FamilyRecord values",
            type(records).__name__,
            rule=_RULE,
        )
    seen: set[str] = set()
    families: list[AnonymisedFamily] = []
    for position, record in enumerate(records, start=1):
        if isinstance(record, Referral):
            record = FamilyRecord(record)
        if not isinstance(record, FamilyRecord):
            raise InvalidRecord(
                f"records[{position}]",
                "must be a FamilyRecord or Referral",
                type(record).__name__,
                rule=_RULE,
            )
        if record.referral.id in seen:
            raise InvalidRecord(
                f"records[{position}]",
                "must not repeat an earlier referral id",
                "(withheld)",
                rule=_RULE,
            )
        seen.add(record.referral.id)
        families.append(anonymise(record.referral, record.case, record.changes))
    families.sort(key=lambda f: f._order())
    return tuple(attrs.evolve(f, row=i) for i, f in enumerate(families, start=1))


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def export_rows(
    families: Iterable[AnonymisedFamily], *, k: int | None = DEFAULT_SUPPRESSION_THRESHOLD
) -> list[dict[str, Cell]]:
    """The anonymised families as flat rows with the same columns, for a file or a portal.

    By default the rows are made k-anonymous before they are returned
    (`k_anonymise`, hazard H-22): the quasi-identifiers (referral month,
    route, referrer role, antenatal, the infant's weeks, the number of
    parents and each parent's role, age band and ethnic category) of a row
    whose combination fewer than ``k`` families share are replaced by ``*``,
    those rows move to the end and rows are renumbered. Pass ``k=None`` for
    the rows as they are: to count them with `aggregate` (which suppresses
    small counts itself), or to call `k_anonymise` with other settings and
    keep its report. Never send rows made with ``k=None`` out of the team.

    Columns: ``row``, ``referral_month``, ``route``, ``referrer_role``,
    ``antenatal`` (``yes``/``no``), ``infant_age_weeks``, ``weeks_before_due``,
    ``parents``, then ``parent<i>_role``, ``parent<i>_age_band`` and
    ``parent<i>_ethnic_category`` (the NHS code) for as many parents as the
    largest family has, ``significant_risk_factors``, ``minor_risk_factors``,
    ``sessions_offered``, ``sessions_attended``,
    ``sessions_with_father_or_partner``, ``closure_reason``,
    ``mhsds_group``, and for each measure code in any family
    ``outcome_<code>_change`` (the changes, exact, ``;``-separated in
    ascending order when several people were measured) and
    ``outcome_<code>_improved`` (how many improved). ``None`` is not recorded.

    Args:
        families: The anonymised families (`anonymise_all`).
        k: Team policy: the smallest number of families that may share a
            combination of quasi-identifiers (default 5, as for aggregate
            tables); ``None`` applies no check.

    Raises:
        InvalidRecord: When an item is not an `AnonymisedFamily`, or ``k``
            is not ``None`` or a whole number at least 1.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant._referral import Referral, SelfReferral
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ana", "mother", ethnic_category="white-irish")],
        ...              infant=Infant.unborn(dt.date(2027, 1, 9)))
        >>> families = anonymise_all([
        ...     Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(), family=fam)])
        >>> (row,) = export_rows(families, k=None)
        >>> {k: row[k] for k in ("row", "referral_month", "antenatal", "parent1_ethnic_category")}
        {'row': 1, 'referral_month': '2026-11', 'antenatal': 'yes', 'parent1_ethnic_category': 'B'}

        One family alone is fewer than five, so by default its
        quasi-identifiers do not leave:

        >>> (row,) = export_rows(families)
        >>> {k: row[k] for k in ("row", "referral_month", "antenatal", "parent1_ethnic_category")}
        {'row': 1, 'referral_month': '*', 'antenatal': '*', 'parent1_ethnic_category': '*'}
    """
    chosen = list(families)
    for family in chosen:
        if not isinstance(family, AnonymisedFamily):
            raise InvalidRecord(
                "families", "must hold AnonymisedFamily values", type(family).__name__, rule=_RULE
            )
    most_parents = max((len(f.parents) for f in chosen), default=1)
    codes = sorted({o.measure for f in chosen for o in f.outcomes})
    rows: list[dict[str, Cell]] = []
    for f in chosen:
        row: dict[str, Cell] = {
            "row": f.row,
            "referral_month": f.referral_month,
            "route": f.route.value,
            "referrer_role": None if f.referrer_role is None else f.referrer_role.value,
            "antenatal": _yes_no(f.antenatal),
            "infant_age_weeks": f.infant_age_weeks,
            "weeks_before_due": f.weeks_before_due,
            "parents": len(f.parents),
        }
        for i in range(most_parents):
            parent = f.parents[i] if i < len(f.parents) else None
            category = None if parent is None else parent.ethnic_category
            row[f"parent{i + 1}_role"] = None if parent is None else parent.role.value
            row[f"parent{i + 1}_age_band"] = None if parent is None else parent.age_band.value
            row[f"parent{i + 1}_ethnic_category"] = None if category is None else category.code
        group = f.mhsds_group
        row |= {
            "significant_risk_factors": f.significant_risk_factors,
            "minor_risk_factors": f.minor_risk_factors,
            "sessions_offered": f.sessions_offered,
            "sessions_attended": f.sessions_attended,
            "sessions_with_father_or_partner": f.sessions_with_father_or_partner,
            "closure_reason": None if f.closure_reason is None else f.closure_reason.value,
            "mhsds_group": None if group is None else group.value,
        }
        for code in codes:
            mine = [o for o in f.outcomes if o.measure == code]
            row[f"outcome_{code}_change"] = (
                ";".join(format_number(o.change) for o in mine) if mine else None
            )
            row[f"outcome_{code}_improved"] = sum(1 for o in mine if o.improved) if mine else None
        rows.append(row)
    if k is None:
        return rows
    return k_anonymise(rows, k=k)[0]


def to_csv_text(rows: Iterable[Mapping[str, Cell]]) -> str:
    """Rows as CSV text with a header line; ``None`` is an empty field (no file is written).

    Columns are those of the first row, then any new ones in the order they
    first appear.

    Examples:
        >>> print(to_csv_text([{"row": 1, "route": "self", "closure_reason": None}]), end="")
        row,route,closure_reason
        1,self,
    """
    chosen = [dict(r) for r in rows]
    columns: dict[str, None] = {}
    for row in chosen:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in chosen:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return out.getvalue()


# --------------------------------------------------------------------------- aggregate tables

_VOCABULARIES: tuple[tuple[str, ...], ...] = (
    tuple(b.value for b in AgeBand),
    tuple(c.code for c in EthnicCategory),
    tuple(k.value for k in RouteKind),
    tuple(r.value for r in ReferrerRole),
    tuple(r.value for r in ParentRole),
    tuple(r.value for r in ClosureReason),
    tuple(g.value for g in MhsdsClosureGroup),
    ("yes", "no"),
)


def _categories(values: Iterable[Cell]) -> list[Cell]:
    """The distinct values of a column in reading order: numbers, known codes in their
    own order (age bands youngest first), other text alphabetically, not recorded last."""
    distinct = set(values)
    numbers = sorted(v for v in distinct if isinstance(v, int))
    texts = {v for v in distinct if isinstance(v, str)}
    vocabulary = next((v for v in _VOCABULARIES if texts <= set(v)), None)
    ordered = sorted(texts, key=vocabulary.index) if vocabulary is not None else sorted(texts)
    return [*numbers, *ordered, *([None] if None in distinct else [])]


def _label(value: Cell) -> str:
    return NOT_RECORDED if value is None else str(value)


@final
@attrs.frozen(kw_only=True)
class AggregateTable:
    """Families counted by one or two descriptors, small counts suppressed (R-CL-4).

    A suppressed count is ``None`` here and ``*`` in text: the table never
    holds it, and one mark serves small counts and the counts hidden to
    protect them alike, so a reader cannot tell which is which.

    Args:
        by: The descriptor (column) names counted by: rows, then columns.
        threshold: Counts from 1 to ``threshold - 1`` were suppressed.
        row_labels: The first descriptor's values, in reading order.
        column_labels: The second descriptor's values (``("families",)``
            for a table by one descriptor).
        cells: The counts, one tuple per row label.
        row_totals: Each row's total; empty for a table by one descriptor
            (the one column is the total).
        column_totals: Each column's total.
        total: How many families in all.

    Examples:
        >>> t = aggregate([{"route": "self"}] * 6 + [{"route": "professional"}] * 5, by=["route"])
        >>> t.row_labels, t.cells, t.column_totals, t.total
        (('professional', 'self'), ((5,), (6,)), (11,), 11)
    """

    by: tuple[str, ...]
    threshold: int
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None

    @property
    def suppressed(self) -> int:
        """How many published figures (cells and totals) are suppressed.

        Examples:
            >>> aggregate([{"route": "self"}] * 3, by=["route"]).suppressed
            2
        """
        figures = [
            *(c for row in self.cells for c in row),
            *self.row_totals,
            *self.column_totals,
        ]
        if len(self.by) == 2:  # by one descriptor, the one column total is the total
            figures.append(self.total)
        return sum(1 for figure in figures if figure is None)

    def rows(self) -> list[list[str]]:
        """The table as text cells: a header, one line per row label, then the totals.

        Examples:
            >>> aggregate([{"route": "self"}] * 6 + [{"route": "professional"}] * 2,
            ...           by=["route"]).rows()
            [['route', 'families'], ['professional', '*'], ['self', '*'], ['total', '8']]
        """

        def shown(value: int | None) -> str:
            return SUPPRESSED if value is None else str(value)

        two_way = len(self.by) == 2
        header = [self.by[0], *self.column_labels, *(["total"] if two_way else [])]
        body = [
            [label, *(shown(c) for c in cells), *([shown(self.row_totals[i])] if two_way else [])]
            for i, (label, cells) in enumerate(zip(self.row_labels, self.cells, strict=True))
        ]
        totals = ["total", *(shown(c) for c in self.column_totals)]
        if two_way:
            totals.append(shown(self.total))
        return [header, *body, totals]

    def text(self) -> str:
        """The table for people, with a note on what ``*`` means.

        Examples:
            >>> rows = ([{"band": "20-24", "route": "self"}] * 7
            ...         + [{"band": "30-34", "route": "self"}] * 6
            ...         + [{"band": "20-24", "route": "professional"}] * 5
            ...         + [{"band": "30-34", "route": "professional"}] * 2)
            >>> print(aggregate(rows, by=["band", "route"]).text())
            Families by band and route
            band   professional  self  total
            -----  ------------  ----  -----
            20-24             *     *     12
            30-34             *     *      8
            total             7    13     20
            <BLANKLINE>
            * fewer than 5 families, or hidden so that such a count cannot be worked out
              from the totals.
        """
        table = self.rows()
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]

        def line(cells: list[str]) -> str:
            return "  ".join(
                c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells)
            ).rstrip()

        title = f"Families by {' and '.join(self.by)}"
        out = [title, line(table[0]), line(["-" * w for w in widths])]
        out.extend(line(row) for row in table[1:])
        if self.suppressed:
            out += [
                "",
                f"* fewer than {self.threshold} families, or hidden so that such a count "
                "cannot be worked out",
                "  from the totals.",
            ]
        return "\n".join(out)


def _cost(count: int, margin: bool, threshold: int) -> tuple[int, int, int]:
    """The price of suppressing one more figure: totals last, then the smallest
    positive count (a zero costs as much as ``threshold``: it protects little)."""
    return (1 if margin else 0, count if count > 0 else threshold, 1)


def _connected(edges: set[tuple[int, int]], start: int, goal: int) -> bool:
    """Whether ``start`` reaches ``goal`` in the graph of rows (``i``) and columns (``~j``)."""
    neighbours: dict[int, list[int]] = {}
    for i, j in edges:
        neighbours.setdefault(i, []).append(~j)
        neighbours.setdefault(~j, []).append(i)
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in neighbours.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _cheapest_path(
    grid: list[list[int]], hidden: set[tuple[int, int]], bridge: tuple[int, int], threshold: int
) -> list[tuple[int, int]]:
    """The cheapest set of figures whose suppression puts ``bridge`` on a cycle.

    Dijkstra from the bridge's row to its column through the complete
    bipartite graph of rows and columns, without the bridge itself; a figure
    already suppressed costs nothing.
    """
    rows, columns = len(grid), len(grid[0])
    last_row, last_column = rows - 1, columns - 1
    start, goal = bridge[0], ~bridge[1]
    best: dict[int, tuple[int, int, int]] = {start: (0, 0, 0)}
    came: dict[int, tuple[int, tuple[int, int]]] = {}
    queue: list[tuple[tuple[int, int, int], int]] = [((0, 0, 0), start)]
    while queue:  # pragma: no branch - rows and columns with totals always join
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best[node]:
            continue
        if node >= 0:
            steps = [((node, j), ~j) for j in range(columns)]
        else:
            steps = [((i, ~node), i) for i in range(rows)]
        for figure, nxt in steps:
            if figure == bridge:
                continue
            i, j = figure
            extra = (
                (0, 0, 0)
                if figure in hidden
                else _cost(grid[i][j], i == last_row or j == last_column, threshold)
            )
            total = (cost[0] + extra[0], cost[1] + extra[1], cost[2] + extra[2])
            if nxt not in best or total < best[nxt]:
                best[nxt] = total
                came[nxt] = (node, figure)
                heapq.heappush(queue, (total, nxt))
    path: list[tuple[int, int]] = []
    node = goal
    while node != start:
        node, figure = came[node]
        path.append(figure)
    return [figure for figure in path if figure not in hidden]


def _suppress_two_way(grid: list[list[int]], threshold: int) -> set[tuple[int, int]]:
    """Which figures of a table with its totals (last row and column) to suppress.

    Primary: every figure from 1 to ``threshold - 1``, totals included.
    Secondary: the table with its totals is a set of equations (each row sums
    to its total, each column to its total). Think of each row and each
    column as a node, and each suppressed figure as an edge between its row
    and its column. A suppressed figure can be worked out from the published
    ones exactly when its edge is a bridge: when it lies on no cycle, since
    a cycle lets its figures move by +1, -1 in turn with every sum kept.
    So while some edge is a bridge, the cheapest set of figures that closes
    a cycle through it is suppressed too (inner counts before totals, small
    positive counts first).
    """
    hidden = {
        (i, j)
        for i, row in enumerate(grid)
        for j, value in enumerate(row)
        if 0 < value < threshold
    }
    while True:
        bridge = next(
            (e for e in sorted(hidden) if not _connected(hidden - {e}, e[0], ~e[1])), None
        )
        if bridge is None:
            return hidden
        hidden.update(_cheapest_path(grid, hidden, bridge, threshold))


def _suppress_one_way(counts: list[int], threshold: int) -> set[int]:
    """Which of ``counts`` (the last is the total) to suppress.

    Primary: every count from 1 to ``threshold - 1``. Secondary: with one
    equation (the counts add up to the total), a lone suppressed figure is
    the total minus the rest, so when exactly one is suppressed the cheapest
    other (a category's count before the total, the smallest positive first)
    is suppressed too.
    """
    hidden = {i for i, value in enumerate(counts) if 0 < value < threshold}
    if len(hidden) == 1:
        last = len(counts) - 1
        others = [i for i in range(len(counts)) if i not in hidden]
        hidden.add(min(others, key=lambda i: (_cost(counts[i], i == last, threshold), i)))
    return hidden


def aggregate(
    rows: Iterable[Mapping[str, Cell]],
    by: Sequence[str],
    *,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
) -> AggregateTable:
    """Count families by one or two descriptors, suppressing small counts (R-CL-4).

    **Primary suppression**: every count from 1 to ``threshold - 1`` (1 to 4
    by default) is suppressed, totals included; zeros are shown.

    **Secondary suppression**: a suppressed count must not be recoverable by
    subtraction from the totals and the counts shown. With one descriptor the
    counts add up to the total, so a lone suppressed figure would be the total
    minus the rest; another is suppressed with it. With two, each row and
    each column adds up to its total. Think of each row and each column
    (the totals row and column included) as a node and each suppressed
    figure as an edge joining its row to its column: a suppressed figure is
    recoverable exactly when its edge lies on no cycle (a cycle lets its
    figures move by +1 and -1 in turn with every sum unchanged; an edge on no
    cycle is fixed by the sums). So, while some suppressed figure lies on no
    cycle, the cheapest figures that close a cycle through it are suppressed
    too: counts inside the table before totals, the smallest positive counts
    first. This rules out exact recovery by any combination of the table's
    sums, not only within one row or column; it does not hide the bounds a
    reader can still put on a suppressed count (it is at most its row total).

    Args:
        rows: Export rows (`export_rows` with ``k=None``, since the table's own
            suppression protects it; rows made k-anonymous count their
            suppressed values under ``*``), or any mappings with the columns
            named.
        by: One or two column names: rows, then columns.
        threshold: The smallest count shown; 1 shows every count.

    Returns:
        The table, with suppressed counts as ``None``.

    Raises:
        InvalidRecord: When ``by`` is not one or two distinct names, a row
            lacks one, or ``threshold`` is not a whole number at least 1.

    Examples:
        >>> rows = ([{"route": "self"}] * 9 + [{"route": "professional"}] * 7
        ...         + [{"route": "consultation"}] * 3)
        >>> t = aggregate(rows, by=["route"])
        >>> t.row_labels, t.cells, t.total
        (('consultation', 'professional', 'self'), ((None,), (None,), (9,)), 19)
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise InvalidRecord(
            "threshold", "must be a whole number at least 1", threshold, rule=_RULE
        )
    names = (by,) if isinstance(by, str) else tuple(by)
    if not 1 <= len(names) <= 2 or len(set(names)) != len(names):
        raise InvalidRecord("by", "must name one or two different columns", names, rule=_RULE)
    chosen = [dict(r) for r in rows]
    require_columns(chosen, names)
    keys = [tuple(row[n] for n in names) for row in chosen]
    row_values = _categories(k[0] for k in keys)
    column_values = _categories(k[1] for k in keys) if len(names) == 2 else [None]
    where_row = {v: i for i, v in enumerate(row_values)}
    where_column = {v: j for j, v in enumerate(column_values)}
    rows_n, columns_n = len(row_values), len(column_values)
    counts = [[0] * columns_n for _ in range(rows_n)]
    for key in keys:
        counts[where_row[key[0]]][where_column[key[1]] if len(key) == 2 else 0] += 1
    total = len(keys)
    column_totals = [sum(counts[i][j] for i in range(rows_n)) for j in range(columns_n)]

    def show(value: int, hidden: bool) -> int | None:
        return None if hidden else value

    if len(names) == 1:
        figures = [counts[i][0] for i in range(rows_n)] + [total]
        hidden_one = _suppress_one_way(figures, threshold)
        return AggregateTable(
            by=names,
            threshold=threshold,
            row_labels=tuple(_label(v) for v in row_values),
            column_labels=("families",),
            cells=tuple((show(figures[i], i in hidden_one),) for i in range(rows_n)),
            row_totals=(),
            column_totals=(show(total, rows_n in hidden_one),),
            total=show(total, rows_n in hidden_one),
        )
    grid = [[*counts[i], sum(counts[i])] for i in range(rows_n)]
    grid.append([*column_totals, total])
    hidden_two = _suppress_two_way(grid, threshold) if rows_n else set()
    return AggregateTable(
        by=names,
        threshold=threshold,
        row_labels=tuple(_label(v) for v in row_values),
        column_labels=tuple(_label(v) for v in column_values),
        cells=tuple(
            tuple(show(grid[i][j], (i, j) in hidden_two) for j in range(columns_n))
            for i in range(rows_n)
        ),
        row_totals=tuple(
            show(grid[i][columns_n], (i, columns_n) in hidden_two) for i in range(rows_n)
        ),
        column_totals=tuple(
            show(grid[rows_n][j], (rows_n, j) in hidden_two) for j in range(columns_n)
        ),
        total=show(total, (rows_n, columns_n) in hidden_two),
    )
