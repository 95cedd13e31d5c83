"""JSON for parentinfant's values, with cattrs: exact round trips, every problem reported.

Dates travel as ISO 8601 strings, enumerations as their lower-case values,
fractions as strings (``"1/2"``), risk factors as their catalogue codes, and
the union types carry a tag: ``"route"`` for a referral's route and
``"decision"`` for a screening decision.

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
import typing
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, TypeVar, final, overload

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.strategies import configure_tagged_union

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant._referral import (
    Consultation,
    ProfessionalReferral,
    Referral,
    Route,
    SelfReferral,
)
from parentinfant.errors import InvalidHistory, InvalidValue, Problem
from parentinfant.lifecycle import Case, Command, Event, replay
from parentinfant.prioritisation import UntriagedEntry, WaitingEntry, WaitingList
from parentinfant.screening import Accept, Decline, MoreInformationNeeded, ScreeningDecision

__all__ = ["Loaded", "dumps", "load_referrals", "make_converter", "structure", "unstructure"]

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
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Fraction, _structure_fraction)
    # A lone string where a list belongs is one problem, not one per character.
    conv.register_structure_hook_factory(_is_tuple_type, _no_text_tuple_factory(conv))
    # Sets travel as sorted lists, so the same value always gives the same JSON.
    conv.register_unstructure_hook_func(
        _is_set_type,
        lambda s: sorted(conv.unstructure(x) for x in s),
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
    configure_tagged_union(Route, conv, tag_name="route", tag_generator=_route_tag)
    configure_tagged_union(
        ScreeningDecision,
        conv,
        tag_name="decision",
        tag_generator=lambda cls: {"Accept": "accept", "Decline": "decline"}.get(
            cls.__name__, "more-information"
        ),
    )
    configure_tagged_union(Command, conv, tag_name="command", tag_generator=_command_tag)

    def structure_case(value: Any, _type: type) -> Case:
        # A case is its history: rebuild it from the events, and refuse a
        # document whose other fields disagree with them.
        if not isinstance(value, dict) or "events" not in value:
            raise ValueError("must be an object with the case's events")
        case = replay(conv.structure(value["events"], tuple[Event, ...]))
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


_DEFAULT = make_converter()
_COMMAND_TYPES = frozenset(typing.get_args(Command))


def unstructure(value: Any) -> Any:
    """``value`` as plain JSON-ready data (dicts, lists, strings, numbers).

    A screening decision or a route on its own carries its tag (``"decision"``
    or ``"route"``), so `structure` can tell which it is. A waiting list
    becomes a report (entries by referral id, time waited in days, the
    explanation and the R-WL-1 support flags); it is for export and is not
    read back.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.screening import ScreeningDecision
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
    if isinstance(value, Accept | Decline | MoreInformationNeeded):
        return _DEFAULT.unstructure(value, unstructure_as=ScreeningDecision)
    if isinstance(value, ProfessionalReferral | Consultation | SelfReferral):
        return _DEFAULT.unstructure(value, unstructure_as=Route)
    if type(value) in _COMMAND_TYPES:
        return _DEFAULT.unstructure(value, unstructure_as=Command)
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
    if isinstance(exc, InvalidValue):
        return [Problem(f"{where}.{exc.field}", str(exc))]
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else None
        if isinstance(key, str) and where.endswith(f".{key}"):
            return [Problem(where, "is required")]
        return [Problem(where, f"has an unknown kind {key!r}")]
    return [Problem(where, str(exc) or type(exc).__name__)]


def _note(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", []):
        name = getattr(note, "name", None)
        index = getattr(note, "index", None)
        if name is not None:
            return f".{name}"
        if index is not None:
            return f"[{index}]"
    return ""
