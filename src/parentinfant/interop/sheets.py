"""Referral spreadsheets (CSV): read a team's sheet, write one back, start a new one.

One row is one referral, with one or two parents. The first non-blank row is
the header; column names are matched without regard to case, surrounding
spaces, or spaces in place of underscores (``Parent1 Name`` is
``parent1_name``). Columns may come in any order, and optional columns may be
left out of the header altogether (they read as blank).

Every cell is read with its surrounding spaces removed; a blank cell is "not
recorded". Dates are UK day-first (``03/02/2025`` is 3 February 2025; a
one-digit day or month is fine) or ISO (``2025-02-03``); they are written
day-first. A number where a date belongs (``46000``) is refused: it is an
Excel date serial, which means 9 December 2025 in Excel's 1900 date system but
a day four years later in its 1904 system, so the message gives the 1900
reading and asks for the column to be formatted as dates. Yes/no cells take
``yes``/``no`` (also ``y``/``n``, ``true``/``false``, in any case); a blank
yes/no is "not recorded" (for literacy needs it is "no"). Bytes must be UTF-8
(a byte-order mark is removed); a sheet saved in another encoding (Excel's
"CSV (Comma delimited)" is Windows-1252 with no mark) is refused as a whole
with a message saying how to save it as "CSV UTF-8", rather than guessed at.

The columns, with the DOMAIN.md rule each one serves (``*`` marks the six
columns the header must have; a row must fill in what its route and infant
need):

=============================  ========================================  =======
column                         format                                    rule
=============================  ========================================  =======
id *                           text, unique in the sheet                 R-IN-1
received *                     date                                      R-SC-5
route *                        self, professional or consultation        R-IN-1
how_heard                      text; self-referrals only                 R-IN-1
referrer_name                  text; required unless self                R-IN-1
referrer_role                  a referrer role (midwife, gp, ...)        R-IN-1
referrer_organisation          text                                      R-IN-1
referrer_phone                 text                                      R-IN-1
referrer_email                 text                                      R-IN-1
parent1_name *                 text                                      R-REC-5
parent1_role *                 mother, father, partner, other-caregiver  R-REC-5
parent1_date_of_birth          date                                      R-REC-5
parent1_phone                  text                                      R-REC-5
parent1_email                  text                                      R-REC-5
parent1_address                text                                      R-REC-5
parent1_preferred_channel      a channel: text, phone, letter or email   R-FC-3
parent1_literacy_needs         yes/no (blank: no)                        R-FC-3
parent1_do_not_contact         text: why they must not be contacted      R-AL-4
parent1_nhs_number             ten digits, Modulus 11 checked            R-REC-2
parent2_...                    as parent1; all blank for one parent      R-FC-2
infant_born *                  yes/no                                    R-IN-3
infant_date_of_birth           date; required if born, blank if not      R-IN-3
infant_due_date                date; required if not born                R-IN-3
infant_name                    text                                      R-IN-3
infant_nhs_number              ten digits, Modulus 11 checked            R-REC-2
school_age_children            whole number (blank: 0)                   R-AP-3
gp                             text                                      R-SC-6
health_visitor                 text                                      R-SC-6
postcode_district              text: the outward code only ("GL1")       R-SC-1
risk_factors                   catalogue codes separated by ";"          R-SC-3
reason                         text                                      R-SC-1
family_aware                   yes/no/blank                              R-SC-1
family_agreed                  yes/no/blank                              R-SC-1
consent_to_share               yes/no/blank                              R-SC-6
supporting_services            text: "name: status [since date]" by ";"  R-WL-1
triage_band                    text: a band name; with triage_by, _on    R-PR-3
triage_by                      text: who triaged                         R-PR-3
triage_on                      date, not before received                 R-PR-3
triage_note                    text                                      R-PR-3
=============================  ========================================  =======

A supporting service's status is ``active``, ``reduced`` or ``ended``; a
service named alone (``Health visiting``) is active. Risk factors may also be
separated by commas.

Reading never stops at a bad row: `read_sheet` keeps every good row, in sheet
order, and reports every problem in a bad row with its location (``row 4,
column received``; the header is row 1, as a spreadsheet shows it), the rule
and the value. A row that is blank in every cell is skipped (it holds
nothing); any other row is either kept or reported. A column the format does
not know is reported once, at the header, since its values are not read.
Only a problem with the whole file (not text, not UTF-8, no header, a required
column missing, a column named twice) raises `InvalidDocument`.

Text cells are escaped against spreadsheet formula injection (hazard H-27).
A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(`FORMULA_TRIGGERS`) may be run as a formula when the sheet is opened in a
spreadsheet program. So `write_sheet` puts an apostrophe in front of a text
cell (one of `TEXT_COLUMNS`, the columns whose format is ``text`` above)
that starts with one of them, the usual OWASP practice: ``=HYPERLINK(...)``
is written ``'=HYPERLINK(...)`` and ``+44 7700 900000`` is written
``'+44 7700 900000``. A text value that itself starts with an apostrophe
gets one more (``'Tis`` is written ``''Tis``), so the mark is never
ambiguous. `read_sheet` removes one leading apostrophe from a text cell,
after the surrounding spaces, so what was written reads back exactly
(a value starting with a tab included). A sheet typed by a person follows
the same rule, which is also the spreadsheet convention for "treat this as
text": ``'0123`` reads as ``0123``, and an apostrophe meant to stay at the
start must be typed twice (``''Tis``). The other columns (dates, yes/no,
numbers, codes, NHS numbers) are never escaped, since the library never
writes them starting with such a character; an apostrophe there is read as
it stands (``'yes`` is reported, not read as yes). Reading never evaluates
a cell.

The sheet does not carry everything a `Referral` can hold: a third parent, a
parent's contact times, relationship to the baby, parental responsibility,
contact safety, ethnic category or not living with the baby, and the family's
unsuitable times and days. `write_sheet` refuses a referral that holds any of
them (or text that would not read back the same, such as surrounding spaces),
naming what would be lost, so writing never loses data silently either; use
JSON (`parentinfant.interop.json`) for those.

Examples:
    >>> result = read_sheet(template())
    >>> [r.id for r in result.referrals], result.problems
    (['REF-0001'], ())
    >>> text = template().replace("15/01/2026", "31/02/2026")
    >>> for p in read_sheet(text).problems: print(p)
    row 2, column received: must be a real date (R-SC-5), got '31/02/2026'
    >>> read_sheet(write_sheet(result.referrals)).referrals == result.referrals
    True
    >>> import attrs
    >>> risky = attrs.evolve(result.referrals[0], reason="=1+1")
    >>> written = write_sheet([risky])
    >>> print(next(csv.DictReader(io.StringIO(written)))["reason"])
    '=1+1
    >>> read_sheet(written).referrals == (risky,)
    True
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import Any, TypeVar, final

import attrs

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactorCatalogue
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    Route,
    RouteKind,
    SelfReferral,
    SupportingService,
    SupportStatus,
    TriageOutcome,
)
from parentinfant.errors import InvalidDocument, InvalidValue, Problem
from parentinfant.family import (
    ContactChannel,
    Family,
    Infant,
    Parent,
    ParentRole,
    Referrer,
    ReferrerRole,
)

__all__ = [
    "COLUMNS",
    "FORMULA_TRIGGERS",
    "REQUIRED_COLUMNS",
    "TEXT_COLUMNS",
    "SheetResult",
    "load_sheet",
    "read_sheet",
    "sample_sheet",
    "template",
    "write_sheet",
]

E = TypeVar("E", bound=enum.Enum)

_PARENT_FIELDS = (
    "name",
    "role",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "preferred_channel",
    "literacy_needs",
    "do_not_contact",
    "nhs_number",
)

COLUMNS: tuple[str, ...] = (
    "id",
    "received",
    "route",
    "how_heard",
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_phone",
    "referrer_email",
    *(f"parent1_{f}" for f in _PARENT_FIELDS),
    *(f"parent2_{f}" for f in _PARENT_FIELDS),
    "infant_born",
    "infant_date_of_birth",
    "infant_due_date",
    "infant_name",
    "infant_nhs_number",
    "school_age_children",
    "gp",
    "health_visitor",
    "postcode_district",
    "risk_factors",
    "reason",
    "family_aware",
    "family_agreed",
    "consent_to_share",
    "supporting_services",
    "triage_band",
    "triage_by",
    "triage_on",
    "triage_note",
)
"""Every column of the referral sheet, in the order `write_sheet` writes them."""

REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "received",
    "route",
    "parent1_name",
    "parent1_role",
    "infant_born",
)
"""The columns a sheet's header must name; without one the file is refused."""

TEXT_COLUMNS: frozenset[str] = frozenset(
    (
        "id",
        "how_heard",
        "referrer_name",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        *(
            f"parent{n}_{f}"
            for n in (1, 2)
            for f in ("name", "phone", "email", "address", "do_not_contact")
        ),
        "infant_name",
        "gp",
        "health_visitor",
        "postcode_district",
        "reason",
        "supporting_services",
        "triage_band",
        "triage_by",
        "triage_note",
    )
)
"""The free-text columns: the only ones escaped against formula injection (H-27).

The others hold what the library writes itself (dates, yes/no, numbers,
codes, NHS numbers), which never starts with a `FORMULA_TRIGGERS` character.
"""

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet program read a cell as a formula.

The OWASP "CSV injection" list. `write_sheet` puts an apostrophe before a
text cell starting with one of them (or with an apostrophe), and
`read_sheet` removes it again.
"""

_ESCAPE = "'"

_REFERRER_COLUMNS = (
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_phone",
    "referrer_email",
)
_DATE_HINT = "must be a date like 03/02/2025 (day first) or 2025-02-03"
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's 29/02/1900 is past


@final
@attrs.frozen(kw_only=True)
class SheetResult:
    """What a referral sheet held: the good referrals and every problem found.

    Args:
        referrals: The referrals from the good rows, in sheet order.
        problems: Every problem, each located by row and column.
        rows: Non-blank rows after the header; each is either a referral in
            ``referrals`` or the location of at least one problem.
        row_numbers: The sheet row of each referral (the header is row 1).

    Examples:
        >>> result = read_sheet(template())
        >>> result.rows, result.row_numbers, result.ok
        (1, (2,), True)
    """

    referrals: tuple[Referral, ...]
    problems: tuple[Problem, ...]
    rows: int
    row_numbers: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every row was kept and nothing was reported.

        Examples:
            >>> read_sheet("id,received,route,parent1_name,parent1_role,infant_born\\n").ok
            True
        """
        return not self.problems


def _escape(column: str, value: str) -> str:
    """A text cell as written: an apostrophe first when a spreadsheet would run it (H-27)."""
    if column in TEXT_COLUMNS and value.startswith((*FORMULA_TRIGGERS, _ESCAPE)):
        return _ESCAPE + value
    return value


def _unescape(column: str, value: str) -> str:
    """A text cell as read: one leading apostrophe removed (the inverse of `_escape`)."""
    if column in TEXT_COLUMNS and value.startswith(_ESCAPE):
        return value[len(_ESCAPE) :]
    return value


def _norm_header(name: str) -> str:
    return "_".join(name.strip().lower().replace("_", " ").split())


class _Row:
    """One row's cells, collecting its problems as they are found."""

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.problems: list[Problem] = []

    def where(self, column: str | None = None) -> str:
        return f"row {self.number}" if column is None else f"row {self.number}, column {column}"

    def report(
        self, column: str | None, requirement: str, value: object, rule: str | None
    ) -> None:
        where = f" ({rule})" if rule else ""
        self.problems.append(Problem(self.where(column), f"{requirement}{where}, got {value!r}"))

    def raw(self, column: str) -> str:
        return self.cells.get(column, "")

    def value(self, column: str) -> str:
        """The cell without surrounding spaces; a text cell without its escape mark."""
        return _unescape(column, self.raw(column).strip())

    def text(self, column: str, rule: str, *, required: bool = False) -> str | None:
        value = self.value(column)
        if value:
            return value
        if required:
            self.report(column, "must not be blank", self.raw(column), rule)
        return None

    def date(self, column: str, rule: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column, rule, required=required)
        return None if value is None else self._date(column, value, rule)

    def _date(self, column: str, value: str, rule: str) -> dt.date | None:
        uk = _UK_DATE.fullmatch(value)
        iso = _ISO_DATE.fullmatch(value)
        if uk or iso:
            day, month, year = (
                (int(uk[1]), int(uk[2]), int(uk[3]))
                if uk
                else (int(iso[3]), int(iso[2]), int(iso[1]))  # type: ignore[index]
            )
            try:
                return dt.date(year, month, day)
            except ValueError:
                self.report(column, "must be a real date", value, rule)
                return None
        if _NUMBER.fullmatch(value):
            serial = float(value)
            if serial.is_integer() and 1 <= serial <= 2958465:
                seen = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
                self.report(
                    column,
                    f"{_DATE_HINT}, not a number: this looks like an Excel date serial"
                    f" ({seen:%d/%m/%Y} in Excel's 1900 date system); format the column"
                    " as dates and save again",
                    value,
                    rule,
                )
                return None
        self.report(column, _DATE_HINT, value, rule)
        return None

    def yes_no(self, column: str, rule: str, *, required: bool = False) -> bool | None:
        value = self.text(column, rule, required=required)
        if value is None:
            return None
        if value.lower() in _YES:
            return True
        if value.lower() in _NO:
            return False
        self.report(column, "must be yes or no" + ("" if required else " or blank"), value, rule)
        return None

    def choice(self, column: str, kind: type[E], rule: str, *, required: bool = False) -> E | None:
        value = self.text(column, rule, required=required)
        if value is None:
            return None
        try:
            return kind("-".join(value.lower().split()))
        except ValueError:
            names = ", ".join(str(m.value) for m in kind)
            self.report(column, f"must be one of {names}", value, rule)
            return None

    def build(self, columns: dict[str, str], make: Callable[[], Any]) -> Any:
        """Call ``make``, reporting a domain error at the column its field maps to."""
        try:
            return make()
        except InvalidValue as exc:
            column = columns.get(exc.field, columns.get(exc.field.rsplit(".", 1)[-1]))
            self.report(column, exc.requirement, exc.value, exc.rule)
            return None


def _parent(row: _Row, n: int) -> Parent | None:
    p = f"parent{n}_"
    name = row.text(p + "name", "R-REC-5", required=True)
    role = row.choice(p + "role", ParentRole, "R-REC-5", required=True)
    born = row.date(p + "date_of_birth", "R-REC-5")
    channel = row.choice(p + "preferred_channel", ContactChannel, "R-FC-3")
    literacy = row.yes_no(p + "literacy_needs", "R-FC-3")
    nhs = row.text(p + "nhs_number", "R-REC-2")
    if name is None or role is None:
        return None
    columns = {f: p + f for f in _PARENT_FIELDS} | {
        "literacy_or_learning_needs": p + "literacy_needs"
    }
    parent: Parent | None = row.build(
        columns,
        lambda: Parent(
            name,
            role,
            date_of_birth=born,
            phone=row.text(p + "phone", "R-REC-5"),
            email=row.text(p + "email", "R-REC-5"),
            address=row.text(p + "address", "R-REC-5"),
            preferred_channel=channel,
            literacy_or_learning_needs=bool(literacy),
            do_not_contact=row.text(p + "do_not_contact", "R-AL-4"),
            nhs_number=nhs,
        ),
    )
    return parent


def _referrer(row: _Row, kind: RouteKind) -> Referrer | None:
    if kind is RouteKind.SELF:
        for column in _REFERRER_COLUMNS:
            if row.text(column, "R-IN-1") is not None:
                row.report(column, "must be blank for a self-referral", row.raw(column), "R-IN-1")
        return None
    if row.text("how_heard", "R-IN-1") is not None:
        row.report(
            "how_heard", "must be blank unless the route is self", row.raw("how_heard"), "R-IN-1"
        )
    name = row.text("referrer_name", "R-IN-1", required=True)
    role = row.choice("referrer_role", ReferrerRole, "R-IN-1", required=True)
    if name is None or role is None:
        return None
    referrer: Referrer | None = row.build(
        {"name": "referrer_name", "role": "referrer_role"},
        lambda: Referrer(
            name=name,
            role=role,
            organisation=row.text("referrer_organisation", "R-IN-1"),
            phone=row.text("referrer_phone", "R-IN-1"),
            email=row.text("referrer_email", "R-IN-1"),
        ),
    )
    return referrer


def _infant(row: _Row) -> Infant | None:
    born = row.yes_no("infant_born", "R-IN-3", required=True)
    birth = row.date("infant_date_of_birth", "R-IN-3")
    due = row.date("infant_due_date", "R-IN-3")
    nhs = row.text("infant_nhs_number", "R-REC-2")
    if born is True and birth is None and not row.raw("infant_date_of_birth").strip():
        row.report("infant_date_of_birth", "must be given for a born infant", "", "R-IN-3")
        return None
    if born is False:
        if row.raw("infant_date_of_birth").strip():
            row.report(
                "infant_date_of_birth",
                "must be blank for an unborn infant",
                row.raw("infant_date_of_birth").strip(),
                "R-IN-3",
            )
            return None
        if due is None and not row.raw("infant_due_date").strip():
            row.report("infant_due_date", "must be given for an unborn infant", "", "R-IN-3")
            return None
    if born is None or (born and birth is None) or (not born and due is None):
        return None
    infant: Infant | None = row.build(
        {
            "date_of_birth": "infant_date_of_birth",
            "expected_due_date": "infant_due_date",
            "nhs_number": "infant_nhs_number",
        },
        lambda: Infant(
            born=born,
            date_of_birth=birth,
            expected_due_date=due,
            name=row.text("infant_name", "R-IN-3"),
            nhs_number=nhs,
        ),
    )
    return infant


def _services(row: _Row) -> tuple[SupportingService, ...] | None:
    value = row.text("supporting_services", "R-WL-1")
    if value is None:
        return ()
    found: list[SupportingService] = []
    ok = True
    for item in value.split(";"):
        item = item.strip()
        if not item:
            continue
        name, colon, rest = item.rpartition(":")
        if not colon:
            name, rest = item, "active"
        words = rest.split()
        if len(words) == 3 and words[1].lower() == "since":
            words = [words[0], words[2]]
        status = None
        since: dt.date | None = None
        if 1 <= len(words) <= 2:
            try:
                status = SupportStatus(words[0].lower())
            except ValueError:
                status = None
            if len(words) == 2:
                since = row._date("supporting_services", words[1], "R-WL-1")
                if since is None:
                    ok = False
                    continue
        if status is None or not name.strip():
            row.report(
                "supporting_services",
                "must be items like 'Health visiting: active' or 'Family hub: ended since"
                " 01/10/2026' (status active, reduced or ended), separated by ';'",
                item,
                "R-WL-1",
            )
            ok = False
            continue
        found.append(SupportingService(name=name.strip(), status=status, since=since))
    return tuple(found) if ok else None


def _triage(row: _Row, received: dt.date | None) -> tuple[bool, TriageOutcome | None]:
    band = row.text("triage_band", "R-PR-3")
    by = row.text("triage_by", "R-PR-3")
    raw_on = row.text("triage_on", "R-PR-3")
    on = row.date("triage_on", "R-PR-3")
    note = row.text("triage_note", "R-PR-3") or ""
    if band is None and by is None and raw_on is None:
        if note:
            row.report("triage_band", "must be given with a triage note", "", "R-PR-3")
            return False, None
        return True, None
    missing = [
        c
        for c, v in (("triage_band", band), ("triage_by", by), ("triage_on", raw_on))
        if v is None
    ]
    for column in missing:
        row.report(column, "must be given with the other triage columns", "", "R-PR-3")
    if missing or on is None or band is None or by is None:
        return False, None
    if received is not None and on < received:
        row.report(
            "triage_on",
            f"must not be before the day received ({received:%d/%m/%Y})",
            row.raw("triage_on").strip(),
            "R-PR-3",
        )
        return False, None
    return True, TriageOutcome(band=band, decided_by=by, decided_on=on, note=note)


def _factors(row: _Row, catalogue: RiskFactorCatalogue) -> tuple[Any, ...] | None:
    value = row.text("risk_factors", "R-SC-3")
    if value is None:
        return ()
    codes = [c.strip() for c in re.split(r"[;,]", value) if c.strip()]
    unknown = [c for c in codes if catalogue.get(c) is None]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    for code in unknown:
        row.report("risk_factors", "must be codes in the team's catalogue", code, "R-SC-3")
    for code in twice:
        row.report("risk_factors", "must name each factor once", code, "R-SC-3")
    if unknown or twice:
        return None
    return catalogue.resolve(codes)


def _count(row: _Row) -> int | None:
    value = row.text("school_age_children", "R-AP-3")
    if value is None:
        return 0
    if re.fullmatch(r"[0-9]{1,2}", value):
        return int(value)
    row.report("school_age_children", "must be a whole number from 0 to 99", value, "R-AP-3")
    return None


def _read_row(row: _Row, catalogue: RiskFactorCatalogue) -> Referral | None:
    ident = row.text("id", "R-IN-1", required=True)
    received = row.date("received", "R-SC-5", required=True)
    kind = row.choice("route", RouteKind, "R-IN-1", required=True)
    referrer = _referrer(row, kind) if kind is not None else None
    parents = [_parent(row, 1)]
    if any(
        row.value(f"parent2_{f}").lower() not in ("", *(_NO if f == "literacy_needs" else ()))
        for f in _PARENT_FIELDS
    ):
        parents.append(_parent(row, 2))
    infant = _infant(row)
    factors = _factors(row, catalogue)
    aware = row.yes_no("family_aware", "R-SC-1")
    agreed = row.yes_no("family_agreed", "R-SC-1")
    consent = row.yes_no("consent_to_share", "R-SC-6")
    children = _count(row)
    services = _services(row)
    triaged, triage = _triage(row, received)
    given = [p for p in parents if p is not None]
    if (
        row.problems
        or ident is None
        or received is None
        or kind is None
        or infant is None
        or factors is None
        or children is None
        or services is None
        or not triaged
        or len(given) != len(parents)
    ):
        return None
    route: Route
    match kind:
        case RouteKind.SELF:
            route = SelfReferral(how_heard=row.text("how_heard", "R-IN-1"))
        case RouteKind.PROFESSIONAL if referrer is not None:
            route = ProfessionalReferral(referrer)
        case RouteKind.CONSULTATION if referrer is not None:
            route = Consultation(referrer)
        case _:  # pragma: no cover - a missing referrer was reported above
            return None
    family: Family | None = row.build(
        {"school_age_children": "school_age_children", "parents": "parent1_name"},
        lambda: Family(
            parents=given,
            infant=infant,
            school_age_children=children,
            gp=row.text("gp", "R-SC-6"),
            health_visitor=row.text("health_visitor", "R-SC-6"),
            postcode_district=row.text("postcode_district", "R-SC-1"),
        ),
    )
    if family is None:
        return None  # pragma: no cover - every Family field was checked above
    referral: Referral | None = row.build(
        {"id": "id", "risk_factors": "risk_factors", "triage.decided_on": "triage_on"},
        lambda: Referral(
            id=ident,
            received=received,
            route=route,
            family=family,
            risk_factors=factors,
            reason=row.text("reason", "R-SC-1") or "",
            family_aware=aware,
            family_agreed=agreed,
            consent_to_share=consent,
            supporting_services=services,
            triage=triage,
        ),
    )
    return referral


def _decode(data: str | bytes, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidDocument(
            source,
            [
                Problem(
                    "(file)",
                    "is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma"
                    " delimited)' and try again",
                )
            ],
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InvalidDocument(
            source,
            [
                Problem(
                    "(file)",
                    f"is not UTF-8 text (byte 0x{bad} at position {exc.start}); it may be"
                    " Excel's 'CSV (Comma delimited)', which is Windows-1252: save it as"
                    " 'CSV UTF-8 (Comma delimited)' and try again",
                )
            ],
        ) from None


def _records(text: str, source: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidDocument(
            source, [Problem("(file)", f"is not readable as CSV: {exc}")]
        ) from None


def _header(records: list[list[str]], source: str) -> tuple[int, dict[int, str], list[Problem]]:
    """The header's index, the known columns by position, and header-level problems."""
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        raise InvalidDocument(source, [Problem("(file)", "has no header row: the sheet is empty")])
    names = [_norm_header(c) for c in records[start]]
    problems: list[Problem] = []
    twice = sorted({n for n in names if n and names.count(n) > 1})
    for name in twice:
        problems.append(Problem(f"row {start + 1}", f"names column {name!r} more than once"))
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        hint = ""
        if len(names) == 1 and (";" in records[start][0] or "\t" in records[start][0]):
            hint = "; the columns seem separated by ';' or tabs: save the sheet as CSV (commas)"
        problems.append(
            Problem(
                f"row {start + 1}",
                "must name the required columns; missing: " + ", ".join(missing) + hint,
            )
        )
    if problems:
        raise InvalidDocument(source, problems)
    known = {i: n for i, n in enumerate(names) if n in COLUMNS}
    notes: list[Problem] = []
    for i, name in enumerate(names):
        if name and name not in COLUMNS:
            notes.append(
                Problem(
                    f"row {start + 1}, column {records[start][i].strip()}",
                    "is not a column of the referral sheet: its values are not read",
                )
            )
    return start, known, notes


def read_sheet(
    data: str | bytes,
    *,
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
    source: str = "sheet",
) -> SheetResult:
    """Read a referral sheet: every good row kept in order, every problem reported.

    Every cell is read as text and never evaluated. One apostrophe at the
    start of a text cell (`TEXT_COLUMNS`) is removed: `write_sheet` puts it
    there against formula injection (H-27), and spreadsheet programs use it
    to mean "treat as text"; type two to keep one.

    Args:
        data: The CSV, as text or as UTF-8 bytes (a byte-order mark is removed).
        catalogue: The team's risk-factor catalogue; ``risk_factors`` cells
            name its codes.
        source: What is being read, for the whole-file error.

    Returns:
        The good referrals and the problems, each located by row and column.

    Raises:
        InvalidDocument: When the file as a whole cannot be read: not UTF-8, not
            CSV, no header, a required column missing or a column named twice.

    Examples:
        >>> header = "id,received,route,parent1_name,parent1_role,infant_born,infant_due_date"
        >>> sheet = "\\n".join([header,
        ...     "R-1,03/02/2026,self,Ana,mother,no,01/05/2026",
        ...     "R-2,2026-02-04,self,Bea,aunt,no,2026-06-01",
        ...     "R-3,46000,self,Cat,mother,no,01/06/2026"])
        >>> result = read_sheet(sheet)
        >>> [(r.id, r.received.isoformat()) for r in result.referrals]
        [('R-1', '2026-02-03')]
        >>> for p in result.problems: print(p)
        row 3, column parent1_role: must be one of mother, father, partner, other-caregiver (R-REC-5), got 'aunt'
        row 4, column received: must be a date like 03/02/2025 (day first) or 2025-02-03, not a number: this looks like an Excel date serial (09/12/2025 in Excel's 1900 date system); format the column as dates and save again (R-SC-5), got '46000'
        >>> typed = read_sheet(header + "\\n'R-9,03/02/2026,self,''Tis Lee,mother,no,01/05/2026")
        >>> typed.referrals[0].id, typed.referrals[0].family.parents[0].name
        ('R-9', "'Tis Lee")
        >>> read_sheet("id,received\\nR-1,03/02/2026")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: sheet: 1 problem
          row 1: must name the required columns; missing: route, parent1_name, parent1_role, infant_born
    """
    text = _decode(data, source)
    records = _records(text, source)
    start, known, problems = _header(records, source)
    width = len(records[start])
    referrals: list[Referral] = []
    numbers: list[int] = []
    seen: dict[str, int] = {}
    rows = 0
    unnamed_reported: set[int] = set()
    for index in range(start + 1, len(records)):
        record = records[index]
        if not any(c.strip() for c in record):
            continue
        rows += 1
        row = _Row(index + 1, {known[i]: c for i, c in enumerate(record) if i in known})
        for i, cell in enumerate(record):
            if i in known or not cell.strip():
                continue
            if i >= width:
                row.report(None, f"has a value beyond the header's {width} columns", cell, None)
            elif not records[start][i].strip() and i not in unnamed_reported:
                unnamed_reported.add(i)
                problems.append(
                    Problem(
                        f"row {start + 1}, column {i + 1}",
                        "has no name but holds values: they are not read",
                    )
                )
        referral = _read_row(row, catalogue)
        if referral is not None and referral.id in seen:
            row.report(
                "id", f"must be unique; row {seen[referral.id]} has it", referral.id, "R-IN-1"
            )
            referral = None
        problems.extend(row.problems)
        if referral is not None and not row.problems:
            seen[referral.id] = row.number
            referrals.append(referral)
            numbers.append(row.number)
    return SheetResult(
        referrals=tuple(referrals),
        problems=tuple(problems),
        rows=rows,
        row_numbers=tuple(numbers),
    )


def load_sheet(
    path: str | os.PathLike[str], *, catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS
) -> SheetResult:
    """Read a referral sheet from a CSV file (see `read_sheet`).

    Raises:
        InvalidDocument: When the file cannot be read, or as `read_sheet`
            does; the file is named in the error.

    Examples:
        >>> load_sheet("/no/such/referrals.csv")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: /no/such/referrals.csv: 1 problem
          (file): cannot be read: No such file or directory
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:  # ValueError: a NUL or lone surrogate in the name
        reason = getattr(exc, "strerror", None) or exc
        raise InvalidDocument(name, [Problem("(file)", f"cannot be read: {reason}")]) from None
    return read_sheet(data, catalogue=catalogue, source=name)


def _uk(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def _yn(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _row(referral: Referral) -> dict[str, str]:
    cells: dict[str, str] = {
        "id": referral.id,
        "received": _uk(referral.received),
        "route": referral.route.kind.value,
    }
    match referral.route:
        case SelfReferral(how_heard=heard):
            cells["how_heard"] = heard or ""
        case (
            ProfessionalReferral(referrer=who) | Consultation(consultee=who)
        ):  # pragma: no branch - Route has only these three kinds
            cells |= {
                "referrer_name": who.name,
                "referrer_role": who.role.value,
                "referrer_organisation": who.organisation or "",
                "referrer_phone": who.phone or "",
                "referrer_email": who.email or "",
            }
    for n, parent in enumerate(referral.family.parents[:2], start=1):
        p = f"parent{n}_"
        cells |= {
            p + "name": parent.name,
            p + "role": parent.role.value,
            p + "date_of_birth": _uk(parent.date_of_birth),
            p + "phone": parent.phone or "",
            p + "email": parent.email or "",
            p + "address": parent.address or "",
            p + "preferred_channel": parent.preferred_channel.value
            if parent.preferred_channel
            else "",
            p + "literacy_needs": _yn(parent.literacy_or_learning_needs),
            p + "do_not_contact": parent.do_not_contact or "",
            p + "nhs_number": parent.nhs_number.formatted if parent.nhs_number else "",
        }
    family = referral.family
    infant = family.infant
    cells |= {
        "infant_born": _yn(infant.born),
        "infant_date_of_birth": _uk(infant.date_of_birth),
        "infant_due_date": _uk(infant.expected_due_date),
        "infant_name": infant.name or "",
        "infant_nhs_number": infant.nhs_number.formatted if infant.nhs_number else "",
        "school_age_children": str(family.school_age_children),
        "gp": family.gp or "",
        "health_visitor": family.health_visitor or "",
        "postcode_district": family.postcode_district or "",
        "risk_factors": "; ".join(f.code for f in referral.risk_factors),
        "reason": referral.reason,
        "family_aware": _yn(referral.family_aware),
        "family_agreed": _yn(referral.family_agreed),
        "consent_to_share": _yn(referral.consent_to_share),
        "supporting_services": "; ".join(
            f"{s.name}: {s.status.value}" + (f" since {_uk(s.since)}" if s.since else "")
            for s in referral.supporting_services
        ),
    }
    if referral.triage is not None:
        cells |= {
            "triage_band": referral.triage.band,
            "triage_by": referral.triage.decided_by,
            "triage_on": _uk(referral.triage.decided_on),
            "triage_note": referral.triage.note,
        }
    return cells


def _differences(old: Any, new: Any, path: str) -> list[str]:
    if old == new:
        return []
    if attrs.has(type(old)) and type(old) is type(new):
        found: list[str] = []
        for field in attrs.fields(type(old)):
            if field.eq:
                found += _differences(
                    getattr(old, field.name), getattr(new, field.name), f"{path}.{field.name}"
                )
        return found or [path]
    if isinstance(old, tuple) and isinstance(new, tuple) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in _differences(a, b, f"{path}[{i}]")
        ]
    return [path]


def write_sheet(
    referrals: Iterable[Referral], *, catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS
) -> str:
    """The referrals as a referral sheet (CSV text, all `COLUMNS`, dates day-first).

    Rows end in CRLF, as Excel writes them. Each row is checked by reading it
    back: a referral holding something the sheet does not carry is refused
    rather than written with it missing. A text cell (`TEXT_COLUMNS`) that
    starts with a `FORMULA_TRIGGERS` character or an apostrophe is written
    with an apostrophe in front, so a spreadsheet program shows it as text
    instead of running it as a formula (H-27); `read_sheet` removes it.

    Args:
        referrals: The referrals, one row each, in the order given.
        catalogue: The catalogue the risk-factor codes are read back with.

    Raises:
        InvalidDocument: Naming each referral that would not read back the
            same, and the fields that would be lost or changed.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent, TimeWindow
        >>> r = Referral(id="R-1", received=dt.date(2026, 2, 3), route=SelfReferral(),
        ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2026, 5, 1))))
        >>> text = write_sheet([r])
        >>> text.splitlines()[1][:40]
        'R-1,03/02/2026,self,,,,,,,Ana,mother,,,,'
        >>> read_sheet(text).referrals == (r,)
        True
        >>> risky = attrs.evolve(r, reason='=HYPERLINK("http://x.example")', family=attrs.evolve(
        ...     r.family, parents=[Parent("@Ana", "mother", phone="+44 7700 900001")]))
        >>> row = next(csv.DictReader(io.StringIO(write_sheet([risky]))))
        >>> print(row["reason"], row["parent1_name"], row["parent1_phone"], sep=" | ")
        '=HYPERLINK("http://x.example") | '@Ana | '+44 7700 900001
        >>> read_sheet(write_sheet([risky])).referrals == (risky,)
        True
        >>> times = Family(parents=[Parent("Ana", "mother", contact_times=[TimeWindow(
        ...     dt.time(9), dt.time(12))])], infant=Infant.unborn(dt.date(2026, 5, 1)))
        >>> write_sheet([attrs.evolve(r, family=times)])
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: sheet export: 1 problem
          referral 'R-1': the sheet cannot carry family.parents[0].contact_times; use JSON
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    problems: list[Problem] = []
    for referral in referrals:
        cells = _row(referral)
        row = [_escape(c, cells.get(c, "")) for c in COLUMNS]
        lost = _lost(referral, row, catalogue)
        if lost:
            problems.append(
                Problem(
                    f"referral {referral.id!r}",
                    f"the sheet cannot carry {', '.join(lost)}; use JSON",
                )
            )
        writer.writerow(row)
    if problems:
        raise InvalidDocument("sheet export", problems)
    return out.getvalue()


def _lost(referral: Referral, row: Sequence[str], catalogue: RiskFactorCatalogue) -> list[str]:
    if len(referral.family.parents) > 2:
        return ["family.parents[2:] (two parents at most)"]
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerows([COLUMNS, row])
    try:
        back = read_sheet(line.getvalue(), catalogue=catalogue)
    except InvalidDocument:  # pragma: no cover - the header is always complete
        return ["the row"]
    if len(back.referrals) != 1:
        return [p.location.rsplit(", column ", 1)[-1] for p in back.problems] or ["the row"]
    return [
        d.removeprefix("referral.") for d in _differences(referral, back.referrals[0], "referral")
    ]


_EXAMPLE: dict[str, str] = {
    "id": "REF-0001",
    "received": "15/01/2026",
    "route": "professional",
    "referrer_name": "Jo Example",
    "referrer_role": "midwife",
    "referrer_organisation": "Example Maternity Service",
    "referrer_phone": "07700 900000",
    "parent1_name": "Sam Example",
    "parent1_role": "mother",
    "parent1_phone": "07700 900001",
    "parent1_preferred_channel": "text",
    "parent1_literacy_needs": "no",
    "parent2_name": "Alex Example",
    "parent2_role": "partner",
    "parent2_phone": "07700 900002",
    "parent2_literacy_needs": "no",
    "infant_born": "no",
    "infant_due_date": "20/03/2026",
    "school_age_children": "1",
    "gp": "Example Surgery",
    "health_visitor": "Example Health Visiting Team",
    "postcode_district": "ZZ1",
    "risk_factors": "domestic-abuse; social-isolation",
    "reason": "Fictional example row: replace or delete it.",
    "family_aware": "yes",
    "family_agreed": "yes",
    "consent_to_share": "yes",
    "supporting_services": "Health visiting: active; Midwifery: active",
}


def template() -> str:
    """An empty referral sheet: the header and one fictional example row.

    Examples:
        >>> lines = template().splitlines()
        >>> lines[0].split(",")[:3], lines[1].split(",")[0]
        (['id', 'received', 'route'], 'REF-0001')
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([_escape(c, _EXAMPLE.get(c, "")) for c in COLUMNS])
    return out.getvalue()


def sample_sheet() -> SheetResult:
    """The shipped fictional sample referrals, read from ``parentinfant/data/referrals.csv``.

    The sheet is the sample of `parentinfant.interop.sample.load_sample`
    written with `write_sheet`; ``parentinfant screen`` reads it when no
    file is given.

    Examples:
        >>> result = sample_sheet()
        >>> len(result.referrals), result.problems
        (34, ())
    """
    data = resources.files("parentinfant").joinpath("data/referrals.csv").read_bytes()
    return read_sheet(data, source="parentinfant/data/referrals.csv")
