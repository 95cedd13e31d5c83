"""One keyed-by-code, immutable catalogue, shared by risk factors and outcome measures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar, overload

from parentinfant.errors import InvalidValue

T = TypeVar("T")
_D = TypeVar("_D")


class CodedCatalogue(Mapping[str, T], Generic[T]):
    """A catalogue of items keyed by their ``code``: a value, never changed in place.

    A subclass names its item type, the field and rule its errors cite, and
    the error an unknown code raises (`_unknown`); the checks on building,
    look-ups, equality and hashing are the same for every catalogue.

    Examples:
        >>> from parentinfant._catalogue import DEFAULT_RISK_FACTORS
        >>> isinstance(DEFAULT_RISK_FACTORS, CodedCatalogue)
        True
    """

    __slots__ = ("_by_code",)
    _item: ClassVar[type]
    _field: ClassVar[str]
    _error: ClassVar[type[InvalidValue]]
    _rule: ClassVar[str]

    def __init__(self, items: Iterable[T] = ()) -> None:
        by_code: dict[str, T] = {}
        item_type = type(self)._item
        for item in items:
            if not isinstance(item, item_type):
                raise self._error(
                    self._field, f"must hold {item_type.__name__} values", item, rule=self._rule
                )
            code: str = getattr(item, "code")  # noqa: B009 - every item type has a code
            if code in by_code:
                raise self._error(self._field, "must not repeat a code", code, rule=self._rule)
            by_code[code] = item
        self._by_code = by_code

    def _unknown(self, code: str) -> Exception:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def __getitem__(self, code: str) -> T:
        try:
            return self._by_code[code]
        except KeyError:
            raise self._unknown(code) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @overload
    def get(self, code: str, /) -> T | None: ...

    @overload
    def get(self, code: str, /, default: T | _D) -> T | _D: ...

    def get(self, code: str, /, default: Any = None) -> Any:
        """The item for ``code``, or ``default`` when the catalogue lacks it (never an error).

        Examples:
            >>> from parentinfant._catalogue import DEFAULT_RISK_FACTORS
            >>> DEFAULT_RISK_FACTORS.get("tarot") is None
            True
        """
        return self._by_code.get(code, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            assert isinstance(other, CodedCatalogue)
            return list(self._by_code.values()) == list(other._by_code.values())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._by_code.values()))
