"""k-anonymity for the rows of the anonymised export: local suppression of rare rows (R-CL-4).

A row of the anonymised export (`parentinfant.records.export_rows`) names no
one, but it keeps **quasi-identifiers**: descriptors that someone outside the
team may know about a family, such as the month of referral, the route and
the referrer's role, the baby's age in weeks and each parent's role, age band
and ethnic category. In a small team, or for a rare combination, they can
point to one family (hazard H-22). `k_anonymise` makes every combination of
quasi-identifiers that leaves the team shared by at least ``k`` rows: the
rows of a rarer combination have all their quasi-identifiers replaced by
`SUPPRESSED` (local suppression), and nothing else in a row changes.

Public names are re-exported from `parentinfant.records`.

Examples:
    >>> rows = ([{"row": n, "route": "self", "parents": 1, "closure_reason": None}
    ...          for n in range(1, 10)]
    ...         + [{"row": 10, "route": "consultation", "parents": 2, "closure_reason": "moved-away"}])
    >>> safe, report = k_anonymise(rows, k=5)
    >>> for r in safe[4:]: print(r)
    {'row': 5, 'route': 'self', 'parents': 1, 'closure_reason': None}
    {'row': 6, 'route': '*', 'parents': '*', 'closure_reason': 'moved-away'}
    {'row': 7, 'route': '*', 'parents': '*', 'closure_reason': None}
    {'row': 8, 'route': '*', 'parents': '*', 'closure_reason': None}
    {'row': 9, 'route': '*', 'parents': '*', 'closure_reason': None}
    {'row': 10, 'route': '*', 'parents': '*', 'closure_reason': None}
    >>> report.small_classes, report.suppressed_rows, report.protecting_rows
    (1, 5, 4)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, final

import attrs

from parentinfant.errors import InvalidRecord

__all__ = [
    "DEFAULT_SUPPRESSION_THRESHOLD",
    "QUASI_IDENTIFIERS",
    "SUPPRESSED",
    "KAnonymityReport",
    "k_anonymise",
]

_RULE = "R-CL-4"

Cell = str | int | None
"""A value in an export row: text, a whole number, or ``None`` for not recorded."""

SUPPRESSED = "*"
"""How a suppressed count, or a suppressed value in a row, is shown: one mark for every reason."""

DEFAULT_SUPPRESSION_THRESHOLD = 5
"""The smallest count an aggregate table shows, and the smallest number of rows
that may share one combination of quasi-identifiers (``k``): a common
convention, not a rule; every function that uses it takes the team's own."""

QUASI_IDENTIFIERS: tuple[str, ...] = (
    "referral_month",
    "route",
    "referrer_role",
    "antenatal",
    "infant_age_weeks",
    "weeks_before_due",
    "parents",
    "parent<i>_role",
    "parent<i>_age_band",
    "parent<i>_ethnic_category",
)
"""The export columns treated as quasi-identifiers by default (``<i>``: every parent)."""

_FIXED = frozenset(QUASI_IDENTIFIERS[:7])
_PER_PARENT = re.compile(r"parent[1-9][0-9]*_(role|age_band|ethnic_category)")
_WEEK_COLUMNS = ("infant_age_weeks", "weeks_before_due")


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRecord(attribute.name, "must be a whole number at least 0", value, rule=_RULE)


def _check_k(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _whole_at_least(attribute.name, value, 1)


def _check_band(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _whole_at_least(attribute.name, value, 2)


def _whole_at_least(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidRecord(name, f"must be a whole number at least {minimum}", value, rule=_RULE)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class KAnonymityReport:
    """What `k_anonymise` found and suppressed, for the people who release the export (R-CL-4).

    Args:
        k: The smallest number of rows that may share a combination of
            quasi-identifiers.
        quasi_identifiers: The columns treated as quasi-identifiers.
        rows: How many rows (the same going in and out).
        classes: How many different combinations of quasi-identifiers the
            rows had (after any coarsening).
        small_classes: Of those, how many were shared by fewer than ``k`` rows.
        suppressed_rows: Rows whose quasi-identifiers were all suppressed.
        protecting_rows: Of those, rows from a combination of ``k`` or more,
            suppressed only so that the suppressed rows are ``k`` or more
            (otherwise a family known to be in the export, whose combination
            is not shown, would be one of too few suppressed rows).
        suppressed_cells: Cells replaced by `SUPPRESSED`.
        week_band: The width in weeks of the bands the infant's age and the
            weeks before the due date were coarsened to, if they were.

    Raises:
        InvalidRecord: When a count is negative, ``k`` is below 1,
            ``week_band`` below 2, or the counts do not fit together.

    Examples:
        >>> report = KAnonymityReport(k=5, quasi_identifiers=("route",), rows=12, classes=3,
        ...     small_classes=1, suppressed_rows=5, protecting_rows=3, suppressed_cells=5)
        >>> report.k_anonymous
        True
    """

    k: int = attrs.field(validator=_check_k)
    quasi_identifiers: tuple[str, ...] = attrs.field(converter=_names)
    rows: int = attrs.field(validator=_count)
    classes: int = attrs.field(validator=_count)
    small_classes: int = attrs.field(validator=_count)
    suppressed_rows: int = attrs.field(validator=_count)
    protecting_rows: int = attrs.field(validator=_count)
    suppressed_cells: int = attrs.field(validator=_count)
    week_band: int | None = attrs.field(default=None, validator=_check_band)

    def __attrs_post_init__(self) -> None:
        for name in self.quasi_identifiers:
            if not isinstance(name, str) or not name or name == "row":
                raise InvalidRecord(
                    "quasi_identifiers", "must be column names other than 'row'", name, rule=_RULE
                )
        for smaller, larger in (
            ("small_classes", "classes"),
            ("classes", "rows"),
            ("suppressed_rows", "rows"),
            ("protecting_rows", "suppressed_rows"),
        ):
            if getattr(self, smaller) > getattr(self, larger):
                raise InvalidRecord(
                    smaller, f"must not be more than {larger}", getattr(self, smaller), rule=_RULE
                )

    @property
    def k_anonymous(self) -> bool:
        """Whether every combination of quasi-identifiers in the output, the suppressed
        one included, is shared by at least ``k`` rows.

        Of what `k_anonymise` returns, only an export of fewer than ``k`` rows
        (but at least one) is not: all its rows are suppressed, and they are
        still fewer than ``k``.

        Examples:
            >>> _, report = k_anonymise([{"route": "self"}] * 3, k=5)
            >>> report.k_anonymous, report.suppressed_rows
            (False, 3)
        """
        return self.rows == 0 or (
            self.rows >= self.k and (self.suppressed_rows == 0 or self.suppressed_rows >= self.k)
        )


def _cell_key(value: Cell) -> tuple[int, int, str]:
    if value is None:
        return (2, 0, "")
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


def _band(value: int, width: int) -> str:
    low = value // width * width
    return f"{low}-{low + width - 1}"


def _quasi_identifiers(columns: Iterable[str], chosen: Iterable[str] | None) -> tuple[str, ...]:
    if chosen is None:
        return tuple(c for c in columns if c in _FIXED or _PER_PARENT.fullmatch(c))
    if isinstance(chosen, str) or not isinstance(chosen, Iterable):
        raise InvalidRecord(
            "quasi_identifiers", "must be a collection of column names", chosen, rule=_RULE
        )
    names = tuple(dict.fromkeys(chosen))
    for name in names:
        if not isinstance(name, str) or not name or name == "row":
            raise InvalidRecord(
                "quasi_identifiers", "must be column names other than 'row'", name, rule=_RULE
            )
    return names


def _protecting(
    keys: list[tuple[Cell, ...]], sizes: Counter[tuple[Cell, ...]], k: int, need: int
) -> list[int]:
    """Which rows of classes of ``k`` or more to suppress too, so ``need`` more are suppressed.

    The spare rows (beyond ``k``) of the classes with most to spare first,
    each class's last rows in the order given; when all the spare rows are
    too few, the whole smallest class of ``k`` or more instead.
    """

    def order(key: tuple[Cell, ...]) -> tuple[tuple[int, int, str], ...]:
        return tuple(_cell_key(v) for v in key)

    large = sorted((key for key in sizes if sizes[key] >= k), key=order)
    if sum(sizes[key] - k for key in large) < need:
        if not large:
            return []
        smallest = min(large, key=lambda key: sizes[key])
        return [i for i, key in enumerate(keys) if key == smallest]
    taken: list[int] = []
    for donor in sorted(large, key=lambda key: -sizes[key]):
        take = min(need - len(taken), sizes[donor] - k)
        if take > 0:
            taken += [i for i, key in enumerate(keys) if key == donor][-take:]
    return taken


def require_columns(rows: Sequence[Mapping[str, object]], names: Sequence[str]) -> None:
    """Refuse the first row (numbered from 1) that lacks one of the named columns.

    The error names the row by position and lists its columns, never its values,
    so nothing about the family leaks into a log (R-CL-4).

    Examples:
        >>> require_columns([{"route": "self"}, {"month": "2026-11"}], ["route"])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: rows[2] must have the column 'route' (R-CL-4), got ['month']
    """
    for position, row in enumerate(rows, start=1):
        missing = [n for n in names if n not in row]
        if missing:
            raise InvalidRecord(
                f"rows[{position}]",
                f"must have the column {missing[0]!r}",
                sorted(row),
                rule=_RULE,
            )


def k_anonymise(
    rows: Iterable[Mapping[str, Cell]],
    *,
    k: int = DEFAULT_SUPPRESSION_THRESHOLD,
    quasi_identifiers: Iterable[str] | None = None,
    week_band: int | None = None,
) -> tuple[list[dict[str, Cell]], KAnonymityReport]:
    """Suppress the quasi-identifiers of rows too rare to leave the team (R-CL-4, hazard H-22).

    Rows are grouped by their values in the quasi-identifier columns (an
    **equivalence class**; ``None``, not recorded, is a value like any other).
    Every row of a class with fewer than ``k`` rows has **all** its
    quasi-identifiers replaced by `SUPPRESSED` (``"*"``), a ``None`` too, so
    that a blank cannot say, for example, that there was no second parent.
    If that leaves fewer than ``k`` suppressed rows, more are suppressed, so
    that the suppressed rows are themselves a class of ``k`` or more: rows
    a class of more than ``k`` can spare (the largest classes first, each
    class's last rows in the order given), or, when those are too few, a
    whole smallest class of ``k`` or more. After this, every combination of
    quasi-identifiers in the output, the all-``*`` one included, is shared
    by at least ``k`` rows, unless there are fewer than ``k`` rows in all
    (then every row is suppressed, and the report says it is not
    k-anonymous).

    Nothing else in a row changes, and no row is lost or added, except for
    where rows are and their number: when any row is suppressed, the
    suppressed rows move to the end (in the order of their other columns)
    and the ``row`` column is renumbered from 1 in the new order, because
    the export numbers rows in the order of their descriptors and a number
    left in place would tell where a suppressed row's values sorted. When
    nothing is suppressed, the rows come back as given.

    Coarsening is the team's option: with ``week_band``, every
    ``infant_age_weeks`` and ``weeks_before_due`` is first replaced by its
    band of that many weeks (``13`` gives ``"0-12"``, ``"13-25"``, ...),
    which leaves far fewer rare rows to suppress.

    Args:
        rows: Rows of the anonymised export (`export_rows` with
            ``k=None``), or any mappings with the quasi-identifier columns.
        k: Team policy: the smallest class that may leave (default 5, as for
            aggregate tables). ``1`` suppresses nothing.
        quasi_identifiers: The columns to treat as quasi-identifiers. By
            default, those of `QUASI_IDENTIFIERS` the rows have:
            ``referral_month``, ``route``, ``referrer_role``, ``antenatal``,
            ``infant_age_weeks``, ``weeks_before_due``, ``parents`` and every
            ``parent<i>_role``, ``parent<i>_age_band`` and
            ``parent<i>_ethnic_category``. A team that thinks others may be
            known (a closure reason, say) names its own list.
        week_band: Coarsen the infant's age and the weeks before the due date
            to bands this many weeks wide (at least 2); ``None`` leaves them.

    Returns:
        New rows (the given ones are not changed) and a `KAnonymityReport`.

    Raises:
        InvalidRecord: When ``k`` is not a whole number at least 1,
            ``week_band`` not one at least 2, a quasi-identifier is ``row``,
            there are rows but no quasi-identifier column, or a row lacks a
            quasi-identifier column (the error gives the row's position and
            its columns, never its values).

    Examples:
        >>> rows = ([{"row": n, "route": "self", "infant_age_weeks": 10 + n % 2, "sessions": n}
        ...          for n in range(1, 8)]
        ...         + [{"row": 8, "route": "consultation", "infant_age_weeks": 40, "sessions": 2}])
        >>> safe, report = k_anonymise(rows, k=3)
        >>> for r in safe: print(r)
        {'row': 1, 'route': 'self', 'infant_age_weeks': 11, 'sessions': 1}
        {'row': 2, 'route': 'self', 'infant_age_weeks': 11, 'sessions': 3}
        {'row': 3, 'route': 'self', 'infant_age_weeks': 11, 'sessions': 5}
        {'row': 4, 'route': 'self', 'infant_age_weeks': 11, 'sessions': 7}
        {'row': 5, 'route': '*', 'infant_age_weeks': '*', 'sessions': 2}
        {'row': 6, 'route': '*', 'infant_age_weeks': '*', 'sessions': 2}
        {'row': 7, 'route': '*', 'infant_age_weeks': '*', 'sessions': 4}
        {'row': 8, 'route': '*', 'infant_age_weeks': '*', 'sessions': 6}
        >>> report.small_classes, report.suppressed_rows, report.protecting_rows
        (1, 4, 3)

        The one consultation is suppressed, and with it the three 10-week-olds:
        the four 11-week-olds had only one row to spare. Coarsened to 13-week
        bands, the infants' ages are all ``0-12`` and fewer rows are suppressed:

        >>> safe, report = k_anonymise(rows, k=3, week_band=13)
        >>> [r["infant_age_weeks"] for r in safe], report.suppressed_rows
        (['0-12', '0-12', '0-12', '0-12', '0-12', '*', '*', '*'], 3)
        >>> k_anonymise(rows, k=0)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidRecord: k must be a whole number at least 1 (R-CL-4), got 0
    """
    _whole_at_least("k", k, 1)
    if week_band is not None:
        _whole_at_least("week_band", week_band, 2)
    if isinstance(rows, Mapping) or not isinstance(rows, Iterable):
        raise InvalidRecord(
            "rows", "must be a collection of rows", type(rows).__name__, rule=_RULE
        )
    chosen = [dict(row) for row in rows]
    columns: dict[str, None] = {}
    for row in chosen:
        columns.update(dict.fromkeys(row))
    names = _quasi_identifiers(columns, quasi_identifiers)
    if chosen and not names:
        raise InvalidRecord(
            "quasi_identifiers",
            "must name at least one column of the rows (by default, of QUASI_IDENTIFIERS)",
            sorted(columns),
            rule=_RULE,
        )
    require_columns(chosen, names)
    if week_band is not None:
        for row in chosen:
            for column in _WEEK_COLUMNS:
                value = row.get(column)
                if isinstance(value, int) and not isinstance(value, bool):
                    row[column] = _band(value, week_band)
    keys = [tuple(row[n] for n in names) for row in chosen]
    sizes = Counter(keys)
    hidden = {i for i, key in enumerate(keys) if sizes[key] < k}
    protecting = _protecting(keys, sizes, k, k - len(hidden)) if 0 < len(hidden) < k else []
    hidden.update(protecting)
    cells = 0
    for i in sorted(hidden):
        for name in names:
            if chosen[i][name] != SUPPRESSED:
                chosen[i][name] = SUPPRESSED
                cells += 1
    report = KAnonymityReport(
        k=k,
        quasi_identifiers=names,
        rows=len(chosen),
        classes=len(sizes),
        small_classes=sum(1 for n in sizes.values() if n < k),
        suppressed_rows=len(hidden),
        protecting_rows=len(protecting),
        suppressed_cells=cells,
        week_band=week_band,
    )
    if not hidden:
        return chosen, report
    others = [c for c in columns if c != "row"]
    kept = [row for i, row in enumerate(chosen) if i not in hidden]
    moved = sorted(
        (chosen[i] for i in hidden),
        key=lambda row: tuple(_cell_key(row.get(c)) for c in others),
    )
    out = kept + moved
    for number, row in enumerate(out, start=1):
        if "row" in row:
            row["row"] = number
    return out, report
