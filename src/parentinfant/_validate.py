"""Small attrs validators that raise the library's typed errors."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from parentinfant.errors import InvalidValue

__all__ = [
    "at_least",
    "closure_days",
    "count",
    "is_bool",
    "is_date",
    "is_text",
    "non_empty_text",
    "parse_enum",
    "stable_code",
    "whole_number",
]

E = TypeVar("E", bound=enum.Enum)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def stable_code(error: type[InvalidValue], rule: str, example: str) -> Validator:
    """Reject anything but a stable code: lower-case words joined by hyphens."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            raise error(
                attribute.name,
                f"must be lower-case words joined by hyphens, like {example!r}",
                value,
                rule=rule,
            )

    return check


def closure_days(value: Iterable[dt.date], error: type[InvalidValue]) -> frozenset[dt.date]:
    """A team's closure days as a frozenset, refusing anything that is not a date."""
    if isinstance(value, str | dt.date):
        raise error(
            "closures", "must be a collection of dates, not one value", value, rule="R-SC-5"
        )
    try:
        days = frozenset(value)
    except TypeError:
        raise error("closures", "must be a collection of dates", value, rule="R-SC-5") from None
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise error("closures", "must hold dates", day, rule="R-SC-5")
    return days


def parse_enum(
    kind: type[E], value: object, field: str, error: type[InvalidValue], rule: str | None
) -> E:
    """``value`` as a member of ``kind``, or a typed error listing the allowed values."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise error(field, f"must be one of {allowed}", value, rule=rule) from None


def is_bool(error: type[InvalidValue], rule: str | None, *, optional: bool = False) -> Validator:
    """Reject anything but ``True`` or ``False`` (and ``None`` when ``optional``).

    A string such as ``"no"`` is truthy in Python; accepting it would turn a
    refusal into consent, so it is refused here instead.
    """

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if optional and value is None:
            return
        if not isinstance(value, bool):
            wanted = "True, False or None (not recorded)" if optional else "True or False"
            raise error(attribute.name, f"must be {wanted}", value, rule=rule)

    return check


def is_text(error: type[InvalidValue], rule: str | None) -> Validator:
    """Reject anything but a string (empty allowed)."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise error(attribute.name, "must be text", value, rule=rule)

    return check


def count(
    minimum: int, error: type[InvalidValue], rule: str | None, *, optional: bool = False
) -> Any:
    """A whole number of at least ``minimum`` (or ``None`` when ``optional``).

    One validator where `whole_number` and `at_least` would both be needed, and
    typed loosely so attrs fields annotated ``int | None`` accept it.
    """

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if optional and value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            wanted = "a whole number or None" if optional else "a whole number"
            raise error(attribute.name, f"must be {wanted}", value, rule=rule)
        if value < minimum:
            raise error(attribute.name, f"must be at least {minimum}", value, rule=rule)

    return check


def whole_number(error: type[InvalidValue], rule: str | None) -> Validator:
    """Reject anything but an ``int`` (``bool`` included, which is not a count)."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise error(attribute.name, "must be a whole number", value, rule=rule)

    return check


def at_least(minimum: Any, error: type[InvalidValue], rule: str | None) -> Validator:
    """Reject a number below ``minimum``."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or value < minimum:
            raise error(attribute.name, f"must be at least {minimum}", value, rule=rule)

    return check


def non_empty_text(error: type[InvalidValue], rule: str | None) -> Validator:
    """Reject a string that is empty or only white space."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise error(attribute.name, "must be non-empty text", value, rule=rule)

    return check


def is_date(error: type[InvalidValue], rule: str | None) -> Validator:
    """Reject anything but a plain ``date`` (a ``datetime`` is not a day)."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise error(attribute.name, "must be a date", value, rule=rule)

    return check
