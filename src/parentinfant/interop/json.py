"""JSON for parentinfant's values, with cattrs: exact round trips, every problem reported.

Dates and date-times travel as ISO 8601 strings (an aware time at its UTC
offset, a naive one as UK clock time; ISO 8601 keeps neither a zone's name
nor Python's ``fold``: see ``docs/guides/json.md``), enumerations as their
lower-case values, fractions as strings (``"1/2"``), durations as seconds,
times of day as ``"09:30:00"``, NHS numbers as their ten digits, risk factors
as their catalogue codes, and the union types carry a tag: ``"route"`` for a
referral's route, ``"decision"`` for a screening decision, ``"command"`` for
a lifecycle command, ``"sharing"`` for a sharing decision, ``"requester"``
for who asked to see a record, ``"item"`` for what a record view shows,
``"forecast"`` for a queue forecast and ``"strategy"`` for a waiting-list
strategy.

A *document* (`to_document`, `from_document`, `dumps_document`,
`loads_document`) wraps a value with the schema version and its type name,
``{"schema": "parentinfant/1", "type": "Referral", "data": {...}}``; reading
one either gives the whole value or raises `InvalidDocument` listing every
problem (unknown or missing fields, wrong types, bad enumeration values,
broken domain rules) with its JSON path. There is never a partial object.

Batch input (`load_referrals`) keeps every good record and reports
every bad one with its JSON path; nothing is dropped silently.

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent
    >>> from parentinfant.screening import DEFAULT_RISK_FACTORS, Referral, SelfReferral
    >>> r = Referral(id="R-1", received=dt.date(2026, 11, 2), route=SelfReferral(),
    ...     family=Family(parents=[Parent("Ana", "mother")], infant=Infant.unborn(dt.date(2027, 1, 9))),
    ...     risk_factors=DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"]))
    >>> data = unstructure(r)
    >>> data["route"], data["risk_factors"], data["received"]
    ({'how_heard': None, 'route': 'self'}, ['domestic-abuse'], '2026-11-02')
    >>> structure(data, Referral) == r
    True
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar, final, overload

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.strategies import configure_tagged_union

from parentinfant import (
    caseload,
    contact,
    endings,
    family,
    forecast,
    lifecycle,
    prioritisation,
    records,
    screening,
    team,
    workdays,
)
from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant._referral import Referral, Route
from parentinfant.errors import (
    InvalidDocument,
    InvalidHistory,
    InvalidValue,
    ParentInfantError,
    Problem,
)
from parentinfant.forecast import Forecast
from parentinfant.lifecycle import Case, Command, Event, replay
from parentinfant.prioritisation import (
    Chronological,
    RiskWeighted,
    Strategy,
    Triage,
    UntriagedEntry,
    WaitingEntry,
    WaitingList,
)
from parentinfant.records import (
    NhsNumber,
    RecipientKind,
    RecordEntry,
    RecordHolder,
    RecordIdentity,
    Redaction,
    Requester,
    SharingDecision,
    SharingRecipient,
)
from parentinfant.screening import ScreeningDecision

__all__ = [
    "DOCUMENT_TYPES",
    "SCHEMA",
    "Loaded",
    "dumps",
    "dumps_document",
    "from_document",
    "load_referrals",
    "loads_document",
    "make_converter",
    "structure",
    "structure_or_problems",
    "to_document",
    "unstructure",
]

SCHEMA = "parentinfant/1"
"""The schema version written into every document and the only one read back."""

T = TypeVar("T")


def _structure_date(value: Any, _type: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be an ISO date string like '2026-11-02', got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be an ISO date like '2026-11-02', got {value!r}") from None


def _structure_datetime(value: Any, _type: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be an ISO date-time string like '2026-11-02T09:30', got {value!r}")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"must be an ISO date-time like '2026-11-02T09:30', got {value!r}"
        ) from None


def _seconds(delta: dt.timedelta) -> int | float:
    seconds = delta.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _structure_timedelta(value: Any, _type: type) -> dt.timedelta:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number of seconds, got {value!r}")
    return dt.timedelta(seconds=value)


def _structure_time(value: Any, _type: type) -> dt.time:
    if not isinstance(value, str):
        raise ValueError(f"must be a time of day like '09:30', got {value!r}")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be a time of day like '09:30', got {value!r}") from None


def _structure_bool(value: Any, _type: type) -> bool:
    # JSON true/false only: "no" or 0 must never be read as a yes (consent!).
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {value!r}")
    return value


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {value!r}")
    return value


def _structure_fraction(value: Any, _type: type) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"must be a number as text like '1/2' or an integer, got {value!r}")
    return Fraction(value)


def _structure_float(value: Any, _type: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, got {value!r}")
    return float(value)


def _structure_nhs_number(value: Any, _type: type) -> NhsNumber:
    if not isinstance(value, str):
        raise ValueError(f"must be an NHS number as text like '943 476 5919', got {value!r}")
    try:
        return NhsNumber(value)
    except InvalidValue as exc:
        # The location already names the field; keep the message, which names the rule.
        raise ValueError(str(exc)) from None


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _decision_tag(kind: type) -> str:
    return {"Accept": "accept", "Decline": "decline"}.get(kind.__name__, "more-information")


def _sharing_tag(kind: type) -> str:
    return _kebab(kind.__name__.removeprefix("Sharing"))


def _requester_tag(kind: type) -> str:
    return _kebab(kind.__name__.removesuffix("Requester"))


def _item_tag(kind: type) -> str:
    return "entry" if kind is RecordEntry else _kebab(kind.__name__)


def _kebab_tag(kind: type) -> str:
    return _kebab(kind.__name__)


_Strategies: Any = Chronological | RiskWeighted | Triage
_RecordItem: Any = RecordEntry | Redaction
_Recipient: Any = RecipientKind | SharingRecipient


def _sort_key(item: Any) -> tuple[str, str]:
    return (type(item).__name__, json.dumps(item, sort_keys=True, default=str))


def _sorted(items: Iterable[Any]) -> list[Any]:
    listed = list(items)
    try:
        return sorted(listed)
    except TypeError:  # a set of mixed kinds (codes and objects): a stable order all the same
        return sorted(listed, key=_sort_key)


def _at_field(exc: Exception, name: str, kind: Any) -> Exception:
    """``exc`` marked as raised while structuring the field ``name``, for its JSON path."""
    exc.add_note(AttributeValidationNote(f"Structuring field {name}", name, kind))
    return exc


def _is_tuple_type(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _no_text_tuple_factory(conv: cattrs.Converter) -> Any:
    def factory(kind: Any) -> Any:
        inner = homogenous_tuple_structure_factory(kind, conv)

        def structure_tuple(value: Any, kind_: Any) -> Any:
            if isinstance(value, str | bytes | dict):
                raise ValueError(f"must be a list, got {value!r}")
            return inner(value, kind_)

        return structure_tuple

    return factory


def _is_set_type(kind: Any) -> bool:
    return typing.get_origin(kind) in (frozenset, set) or kind in (frozenset, set)


def _route_tag(kind: type) -> str:
    route: Any = kind
    tag: str = route.kind.value
    return tag


def _support(entry: WaitingEntry | UntriagedEntry) -> dict[str, Any]:
    return {
        "supported_by": list(entry.supported_by),
        "support_flagged": [s.name for s in entry.support_flagged],
    }


def _waiting_entry(e: WaitingEntry) -> dict[str, Any]:
    return {
        "position": e.position,
        "referral_id": e.referral.id,
        "received": e.referral.received.isoformat(),
        "waited_days": e.waited.days,
        "band": e.band,
        "explanation": e.explanation,
        **_support(e),
    }


def _untriaged_entry(u: UntriagedEntry) -> dict[str, Any]:
    return {
        "referral_id": u.referral.id,
        "received": u.referral.received.isoformat(),
        "waited_days": u.waited.days,
        "triage_due": u.triage_due.isoformat(),
        "overdue": u.overdue,
        "explanation": u.explanation,
        **_support(u),
    }


def _waiting_list(w: WaitingList) -> dict[str, Any]:
    return {
        "strategy": w.strategy,
        "today": w.today.isoformat(),
        "entries": [_waiting_entry(e) for e in w],
        "untriaged": [_untriaged_entry(u) for u in w.untriaged],
        "notes": list(w.notes),
    }


def make_converter(catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS) -> cattrs.Converter:
    """A cattrs converter for parentinfant's values, resolving risk codes in ``catalogue``.

    Args:
        catalogue: The team's risk-factor catalogue; codes in documents are
            looked up in it.

    Returns:
        A converter with detailed validation, so a failed structure reports
        every problem with its path.

    Examples:
        >>> conv = make_converter()
        >>> conv.structure("domestic-abuse", RiskFactor).significant
        True
    """
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_unstructure_hook(NhsNumber, lambda n: n.digits)
    conv.register_structure_hook(NhsNumber, _structure_nhs_number)
    # A lone string where a list belongs is one problem, not one per character.
    conv.register_structure_hook_factory(_is_tuple_type, _no_text_tuple_factory(conv))
    # Sets travel as sorted lists, so the same value always gives the same JSON.
    conv.register_unstructure_hook_func(
        _is_set_type,
        lambda s: _sorted(conv.unstructure(x) for x in s),
    )
    conv.register_unstructure_hook(RiskFactor, lambda f: f.code)
    # Durations travel as seconds, times of day as ISO text ("09:30:00").
    conv.register_unstructure_hook(dt.timedelta, _seconds)
    conv.register_structure_hook(dt.timedelta, _structure_timedelta)
    conv.register_unstructure_hook(dt.time, lambda t: t.isoformat())
    conv.register_structure_hook(dt.time, _structure_time)
    conv.register_unstructure_hook(WaitingEntry, _waiting_entry)
    conv.register_unstructure_hook(UntriagedEntry, _untriaged_entry)
    conv.register_unstructure_hook(WaitingList, _waiting_list)

    def structure_factor(value: Any, _type: type) -> RiskFactor:
        if isinstance(value, str):
            found = catalogue.get(value)
            if found is None:
                # The location already names the item; the message names the rule.
                raise ValueError(
                    f"risk_factor must be a code in the catalogue (R-SC-3), got {value!r}"
                )
            return found
        raise ValueError(f"must be a risk-factor code, got {value!r}")

    conv.register_structure_hook(RiskFactor, structure_factor)
    for union, tag_name, tag_of in _UNIONS:
        configure_tagged_union(union, conv, tag_name=tag_name, tag_generator=tag_of)
        _configure_optional(conv, union)
        for member in typing.get_args(union):
            conv.register_structure_hook(
                member, _tag_optional(conv, member, tag_name, tag_of(member))
            )
    # A waiting-list strategy is any of the three, told apart by its "strategy" tag.
    conv.register_structure_hook_func(
        lambda kind: kind is Strategy, lambda value, _: conv.structure(value, _Strategies)
    )
    conv.register_unstructure_hook_func(
        lambda kind: kind is Strategy,
        lambda value: conv.unstructure(value, unstructure_as=_Strategies),
    )

    def structure_recipient(value: Any, _type: type) -> RecipientKind | SharingRecipient:
        # A consent names kinds of recipient ("gp") or named recipients (objects).
        if isinstance(value, dict):
            return conv.structure(value, SharingRecipient)
        return conv.structure(value, RecipientKind)

    conv.register_structure_hook_func(lambda kind: kind == _Recipient, structure_recipient)
    generated_identity = conv.get_structure_hook(RecordIdentity)

    def structure_identity(value: Any, kind: type) -> RecordIdentity:
        # ``holder`` is typed loosely in the core; on the wire it is a RecordHolder.
        made: RecordIdentity = generated_identity(value, kind)
        try:
            holder = conv.structure(made.holder, RecordHolder)
        except ValueError:
            choices = ", ".join(repr(h.value) for h in RecordHolder)
            raise InvalidValue("holder", f"must be one of {choices}", made.holder) from None
        return attrs.evolve(made, holder=holder)

    conv.register_structure_hook(RecordIdentity, structure_identity)
    case_fields = frozenset(f.name for f in attrs.fields(Case))

    def structure_case(value: Any, _type: type) -> Case:
        # A case is its history: rebuild it from the events, and refuse a
        # document whose other fields disagree with them.
        if not isinstance(value, dict) or "events" not in value:
            raise ValueError("must be an object with the case's events")
        unknown = set(value) - case_fields
        if unknown:
            extra = ForbiddenExtraKeysError("", Case, unknown)
            raise ClassValidationError("While structuring Case", [extra], Case)
        try:
            events = conv.structure(value["events"], tuple[Event, ...])
        except cattrs.BaseValidationError as exc:
            raise ClassValidationError(
                "While structuring Case", [_at_field(exc, "events", tuple[Event, ...])], Case
            ) from None
        case = replay(events)
        claimed = {key: item for key, item in value.items() if key != "events"}
        actual = {key: item for key, item in conv.unstructure(case).items() if key != "events"}
        for key, item in claimed.items():
            if actual.get(key, item) != item:
                raise InvalidHistory(key, "must be what the events make it", item)
        return case

    conv.register_structure_hook(Case, structure_case)
    return conv


def _command_tag(kind: type) -> str:
    command: Any = kind
    tag: str = command.name
    return tag


def _configure_optional(conv: cattrs.Converter, union: Any) -> None:
    """``union | None`` (a field that may hold no value) keeps the union's tag."""
    optional = union | None

    def structure_optional(value: Any, _type: Any) -> Any:
        return None if value is None else conv.structure(value, union)

    def unstructure_optional(value: Any) -> Any:
        return None if value is None else conv.unstructure(value, unstructure_as=union)

    conv.register_structure_hook_func(lambda kind: kind == optional, structure_optional)
    conv.register_unstructure_hook_func(lambda kind: kind == optional, unstructure_optional)


def _tag_optional(conv: cattrs.Converter, member: type, tag_name: str, tag: str) -> Any:
    """A structure hook for one member of a tagged union that also reads its tag.

    `unstructure` writes the tag on a member on its own, so it must read back
    as that member; a member inside a field typed as the member has no tag.
    """
    generated = conv.get_structure_hook(member)

    def structure_member(value: Any, kind: type) -> Any:
        if isinstance(value, dict) and tag_name in value:
            if value[tag_name] != tag:
                raise ValueError(
                    f"{tag_name} must be {tag!r} for a {member.__name__}, got {value[tag_name]!r}"
                )
            value = {key: item for key, item in value.items() if key != tag_name}
        return generated(value, kind)

    return structure_member


_UNIONS: tuple[tuple[Any, str, Callable[[type], str]], ...] = (
    (Route, "route", _route_tag),
    (ScreeningDecision, "decision", _decision_tag),
    (Command, "command", _command_tag),
    (SharingDecision, "sharing", _sharing_tag),
    (Requester, "requester", _requester_tag),
    (_RecordItem, "item", _item_tag),
    (Forecast, "forecast", _kebab_tag),
    (_Strategies, "strategy", _kebab_tag),
)

_DEFAULT = make_converter()
# A member of a tagged union written on its own carries its tag.
_UNION_OF: dict[type, Any] = {
    member: union for union, _, _ in _UNIONS for member in typing.get_args(union)
}


def unstructure(value: Any) -> Any:
    """``value`` as plain JSON-ready data (dicts, lists, strings, numbers).

    A screening decision or a route on its own carries its tag (``"decision"``
    or ``"route"``), so `structure` can tell which it is. A waiting list
    becomes a report (entries by referral id, time waited in days, the
    explanation and the R-WL-1 support flags); it is for export and is not
    read back.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.screening import Decline, ScreeningDecision
        >>> d = Decline(referral_id="R-1", received=dt.date(2026, 11, 2), due=dt.date(2026, 11, 9),
        ...             decided_on=dt.date(2026, 11, 3), reason="out-of-area", explanation="Lives in Kent")
        >>> data = unstructure(d)
        >>> data["decision"], data["reason"]
        ('decline', 'out-of-area')
        >>> structure(data, ScreeningDecision) == d
        True
        >>> from parentinfant.screening import EligibilityRule
        >>> unstructure(EligibilityRule())
        {'min_significant': 1, 'min_minor': 4}
    """
    union = _UNION_OF.get(type(value))
    if union is not None:
        return _DEFAULT.unstructure(value, unstructure_as=union)
    return _DEFAULT.unstructure(value)


@overload
def structure(
    data: Any, kind: type[T], *, catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS
) -> T: ...


@overload
def structure(
    data: Any, kind: Any, *, catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS
) -> Any: ...


def structure(
    data: Any, kind: Any, *, catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS
) -> Any:
    """Build a ``kind`` from plain data, resolving risk-factor codes in ``catalogue``.

    Risk factors travel as codes, so a referral written with a team's own
    catalogue must be read back with the same catalogue.

    Raises:
        cattrs.errors.ClassValidationError: Listing every problem by path.
        parentinfant.errors.ParentInfantError: When the data breaks a domain rule.

    Examples:
        >>> from parentinfant.family import Referrer
        >>> structure({"name": "Jo", "role": "midwife", "organisation": None,
        ...            "phone": None, "email": None}, Referrer).role.value
        'midwife'
    """
    conv = _DEFAULT if catalogue is DEFAULT_RISK_FACTORS else make_converter(catalogue)
    return conv.structure(data, kind)


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text.

    Examples:
        >>> import datetime as dt
        >>> dumps({"due": dt.date(2026, 12, 4)}, indent=None)
        '{"due": "2026-12-04"}'
    """
    return json.dumps(unstructure(value), indent=indent, ensure_ascii=False)


_PUBLIC_MODULES = (
    screening,
    family,
    team,
    lifecycle,
    contact,
    endings,
    caseload,
    records,
    forecast,
    prioritisation,
    workdays,
)
# Written for export only (a report, not a value): not read back.
_EXPORT_ONLY = frozenset({WaitingEntry, UntriagedEntry})


def _document_types() -> Mapping[str, type]:
    found: dict[str, type] = {}
    for module in _PUBLIC_MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if not (isinstance(value, type) and attrs.has(value)) or value in _EXPORT_ONLY:
                continue
            known = found.setdefault(value.__name__, value)
            if known is not value:  # pragma: no cover - a guard: no two public types share a name
                raise TypeError(f"two public types are called {value.__name__}")
    return MappingProxyType(dict(sorted(found.items())))


DOCUMENT_TYPES: Mapping[str, type] = _document_types()
"""Every type a document may hold, by the name written in its ``"type"`` field."""


def to_document(value: Any) -> dict[str, Any]:
    """``value`` as a document: the schema version, its type name and its data.

    Args:
        value: Any public parentinfant object (see `DOCUMENT_TYPES`).

    Returns:
        ``{"schema": SCHEMA, "type": <type name>, "data": <unstructured value>}``,
        ready for `json.dumps`.

    Raises:
        InvalidValue: When ``value`` is not one of the types in `DOCUMENT_TYPES`.

    Examples:
        >>> from parentinfant.family import TimeWindow
        >>> import datetime as dt
        >>> to_document(TimeWindow(dt.time(9, 0), dt.time(12, 30)))
        {'schema': 'parentinfant/1', 'type': 'TimeWindow', 'data': {'start': '09:00:00', 'end': '12:30:00'}}
        >>> to_document(42)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidValue: value must be a public parentinfant object (one of DOCUMENT_TYPES), got 'int'
    """
    kind = type(value)
    if DOCUMENT_TYPES.get(kind.__name__) is not kind:
        raise InvalidValue(
            "value", "must be a public parentinfant object (one of DOCUMENT_TYPES)", kind.__name__
        )
    return {"schema": SCHEMA, "type": kind.__name__, "data": unstructure(value)}


def _expected(cls: Any) -> tuple[type, ...]:
    members = typing.get_args(cls)
    return tuple(members) if members else (cls,)


def _envelope_problems(document: Any, cls: Any) -> list[Problem]:
    if not isinstance(document, dict):
        kind = type(document).__name__
        return [Problem("$", f"must be an object with schema, type and data, got {kind}")]
    problems = [
        Problem(f"$.{key}", "is not a field of a document (schema, type, data)")
        for key in document
        if key not in ("schema", "type", "data")
    ]
    schema = document.get("schema")
    if "schema" not in document:
        problems.append(Problem("$.schema", f"is required (this version reads {SCHEMA!r})"))
    elif schema != SCHEMA:
        problems.append(Problem("$.schema", f"must be {SCHEMA!r}, got {schema!r}"))
    name = document.get("type")
    if "type" not in document:
        problems.append(Problem("$.type", "is required"))
    elif not isinstance(name, str) or name not in DOCUMENT_TYPES:
        problems.append(Problem("$.type", f"must name a type in DOCUMENT_TYPES, got {name!r}"))
    elif cls is not None and DOCUMENT_TYPES[name] not in _expected(cls):
        wanted = " or ".join(k.__name__ for k in _expected(cls))
        problems.append(Problem("$.type", f"must be {wanted!r} here, got {name!r}"))
    if "data" not in document:
        problems.append(Problem("$.data", "is required"))
    return problems


@overload
def from_document(
    document: Any,
    cls: type[T],
    *,
    catalogue: RiskFactorCatalogue = ...,
    source: str = ...,
) -> T: ...


@overload
def from_document(
    document: Any,
    cls: Any = None,
    *,
    catalogue: RiskFactorCatalogue = ...,
    source: str = ...,
) -> Any: ...


def from_document(
    document: Any,
    cls: Any = None,
    *,
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
    source: str = "document",
) -> Any:
    """The value a document (from `to_document`, decoded JSON) holds, whole or not at all.

    Args:
        document: The decoded document.
        cls: The type (or union of types, such as ``ScreeningDecision``) the
            document must hold; ``None`` accepts any type in `DOCUMENT_TYPES`.
        catalogue: The team's risk-factor catalogue, for risk-factor codes.
        source: What is being read (a file name), for the error message.

    Returns:
        The value, equal to the one written.

    Raises:
        InvalidDocument: Listing every problem with its JSON path: a missing
            or wrong schema version (``$.schema``), an unknown or unexpected
            type (``$.type``), and in the data every unknown or missing
            field, wrong type, bad enumeration value or broken domain rule
            (``$.data.family.parents[0].role``).

    Examples:
        >>> from parentinfant.family import Parent
        >>> doc = to_document(Parent("Ana", "mother"))
        >>> from_document(doc) == Parent("Ana", "mother")
        True
        >>> doc["data"]["role"] = "aunt"
        >>> doc["data"]["shoe_size"] = 6
        >>> del doc["data"]["name"]
        >>> from_document(dict(doc, schema="parentinfant/0"), Parent, source="parent.json")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: parent.json: 1 problem
          $.schema: must be 'parentinfant/1', got 'parentinfant/0'
        >>> from_document(doc, Parent, source="parent.json")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: parent.json: 3 problems
          $.data.name: is required
          $.data.role: 'aunt' is not a valid ParentRole
          $.data.shoe_size: is not a field of Parent
    """
    problems = _envelope_problems(document, cls)
    if problems:
        raise InvalidDocument(source, problems)
    value, problems = structure_or_problems(
        document["data"], DOCUMENT_TYPES[document["type"]], where="$.data", catalogue=catalogue
    )
    if problems:
        raise InvalidDocument(source, problems)
    return value


def structure_or_problems(
    data: Any,
    kind: Any,
    *,
    where: str = "$",
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
) -> tuple[Any, list[Problem]]:
    """Build a ``kind`` from plain data, or list every problem with its JSON path under ``where``.

    Returns the value and no problems, or ``None`` and every problem found:
    never a partial value.

    Examples:
        >>> from parentinfant.family import Parent
        >>> value, problems = structure_or_problems({"role": "aunt"}, Parent, where="$.parent")
        >>> value, [str(p) for p in problems]
        (None, ['$.parent.name: is required', "$.parent.role: 'aunt' is not a valid ParentRole"])
    """
    conv = _DEFAULT if catalogue is DEFAULT_RISK_FACTORS else make_converter(catalogue)
    try:
        return conv.structure(data, kind), []
    except (
        cattrs.BaseValidationError,
        ParentInfantError,
        ValueError,
        TypeError,
        AttributeError,  # an object's data that is not an object (a list, a string)
        KeyError,  # a union's data without its tag, or with an unknown one
    ) as exc:
        return None, _problems(exc, where)


def dumps_document(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as a JSON document (see `to_document`).

    Examples:
        >>> from parentinfant.screening import SelfReferral
        >>> print(dumps_document(SelfReferral(how_heard="Family hub"), indent=None))
        {"schema": "parentinfant/1", "type": "SelfReferral", "data": {"how_heard": "Family hub", "route": "self"}}
    """
    return json.dumps(to_document(value), indent=indent, ensure_ascii=False)


@overload
def loads_document(
    text: str | bytes,
    cls: type[T],
    *,
    catalogue: RiskFactorCatalogue = ...,
    source: str = ...,
) -> T: ...


@overload
def loads_document(
    text: str | bytes,
    cls: Any = None,
    *,
    catalogue: RiskFactorCatalogue = ...,
    source: str = ...,
) -> Any: ...


def loads_document(
    text: str | bytes,
    cls: Any = None,
    *,
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
    source: str = "document",
) -> Any:
    """The value a JSON document holds (see `from_document`).

    Raises:
        InvalidDocument: When the text is not JSON (at ``$``, with the line
            and column), is bytes in no JSON encoding, is nested too deeply
            or holds a number too long to read, or for any problem
            `from_document` reports.

    Examples:
        >>> from parentinfant.screening import SelfReferral
        >>> loads_document(dumps_document(SelfReferral()), SelfReferral)
        SelfReferral(how_heard=None)
        >>> loads_document('{"schema": "parentinfant/1",', source="cut.json")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: cut.json: 1 problem
          $: is not JSON: Expecting property name enclosed in double quotes (line 1, column 29)
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"(line {exc.lineno}, column {exc.colno})"
        raise InvalidDocument(source, [Problem("$", f"is not JSON: {exc.msg} {where}")]) from None
    except UnicodeDecodeError as exc:
        problem = f"is not UTF-8, UTF-16 or UTF-32 text: {exc.reason} at byte {exc.start}"
        raise InvalidDocument(source, [Problem("$", problem)]) from None
    except RecursionError:
        raise InvalidDocument(source, [Problem("$", "is not JSON: nested too deeply")]) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise InvalidDocument(source, [Problem("$", f"is not JSON: {exc}")]) from None
    return from_document(document, cls, catalogue=catalogue, source=source)


@final
@attrs.frozen
class Loaded:
    """The result of a batch load: the good records and every problem found.

    Args:
        records: The records that loaded, in input order.
        problems: One entry for each problem, with its JSON path.

    Examples:
        >>> loaded = load_referrals([{"id": "R-1", "received": "2026-11-02"}], path="$.referrals")
        >>> loaded.records
        ()
        >>> for p in loaded.problems: print(p)
        $.referrals[0].route: is required
        $.referrals[0].family: is required
    """

    records: tuple[Referral, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether every record loaded.

        Examples:
            >>> Loaded(records=(), problems=()).ok
            True
            >>> load_referrals([{"id": "R-1"}]).ok
            False
        """
        return not self.problems


def load_referrals(
    items: Iterable[Any],
    *,
    catalogue: RiskFactorCatalogue = DEFAULT_RISK_FACTORS,
    path: str = "$",
) -> Loaded:
    """Load referrals from a JSON array, keeping the good ones and reporting the rest.

    Every problem is reported with its JSON path (``$[3].received``); a record
    with a problem is left out of ``records`` and counted in ``problems``, so
    ``len(records)`` plus the number of bad records is the input length.

    Args:
        items: The decoded JSON array (a list of objects).
        catalogue: The team's risk-factor catalogue.
        path: The JSON path of the array, for messages.

    Examples:
        >>> good = {"id": "R-1", "received": "2026-11-02", "route": {"route": "self"},
        ...     "family": {"parents": [{"name": "Ana", "role": "mother"}],
        ...                "infant": {"born": False, "expected_due_date": "2027-01-09"}}}
        >>> bad = dict(good, id="R-2", received="02/11/2026", risk_factors=["tarot"])
        >>> loaded = load_referrals([good, bad])
        >>> [r.id for r in loaded.records]
        ['R-1']
        >>> for p in loaded.problems: print(p)
        $[1].received: must be an ISO date like '2026-11-02', got '02/11/2026'
        $[1].risk_factors[0]: risk_factor must be a code in the catalogue (R-SC-3), got 'tarot'
    """
    conv = _DEFAULT if catalogue is DEFAULT_RISK_FACTORS else make_converter(catalogue)
    records: list[Referral] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        try:
            records.append(conv.structure(item, Referral))
        except cattrs.BaseValidationError as exc:
            problems.extend(_problems(exc, where))
        except InvalidValue as exc:
            problems.append(Problem(f"{where}.{exc.field}", str(exc)))
        except Exception as exc:  # a record that is not even an object: report, carry on
            problems.append(Problem(where, f"is not a referral object: {exc}"))
    return Loaded(tuple(records), tuple(problems))


def _problems(exc: BaseException, where: str) -> list[Problem]:
    found: list[Problem] = []
    if isinstance(exc, cattrs.BaseValidationError):
        for sub in exc.exceptions:
            note = _note(sub)
            found.extend(_problems(sub, f"{where}{note}"))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        owner = getattr(exc.cl, "__name__", "this object")
        return [
            Problem(f"{where}.{key}", f"is not a field of {owner}")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, InvalidValue):
        return [Problem(f"{where}.{exc.field}", str(exc))]
    if isinstance(exc, AttributeError) and exc.name == "keys":
        return [Problem(where, f"must be an object, got {type(exc.obj).__name__}")]
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else None
        if isinstance(key, str) and where.endswith(f".{key}"):
            return [Problem(where, "is required")]
        return [Problem(where, f"has an unknown kind {key!r}")]
    return [Problem(where, str(exc) or type(exc).__name__)]


def _note(exc: BaseException) -> str:
    """The field (``.name``) or item (``[index]``) a cattrs note on ``exc`` names, if any.

    Only cattrs' own notes name one: a plain-text note (cattrs writes
    ``"Structuring tuple[int, int]"`` for a pair of the wrong length) names
    neither, and must not be read as one (a ``str`` has an ``index`` method).
    """
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index}]"
    return ""
