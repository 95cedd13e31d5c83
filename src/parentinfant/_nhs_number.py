"""NHS numbers, checked by their Modulus 11 check digit.

Public names are re-exported from `parentinfant.records`.
"""

from __future__ import annotations

from typing import final

import attrs

from parentinfant.errors import InvalidNhsNumber

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for the first nine digits, or ``None`` when none is possible.

    Each of the nine digits is multiplied by a weight from 10 down to 2; the
    check digit is 11 minus the sum's remainder on division by 11, with 11
    read as 0, and 10 meaning no valid number has these nine digits (the
    NHS Data Model and Dictionary's NHS NUMBER format).

    Examples:
        >>> check_digit("943476591")
        9
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise InvalidNhsNumber(
            "nhs_number", "must start with nine digits", first_nine, rule="R-REC-2"
        )
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def _normalise(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidNhsNumber("nhs_number", "must be text", value, rule="R-REC-2")
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidNhsNumber(
            "nhs_number", "must be ten digits (spaces or hyphens allowed)", value, rule="R-REC-2"
        )
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNhsNumber(
            "nhs_number",
            "must end in its Modulus 11 check digit"
            + ("" if expected is None else f" ({expected})"),
            value,
            rule="R-REC-2",
        )
    return digits


@final
@attrs.frozen
class NhsNumber:
    """A valid NHS number: ten digits, the last a Modulus 11 check digit.

    A number that fails the check is refused with a typed error naming the
    value; it is never stored. Spaces and hyphens are accepted on the way in
    and the digits kept.

    Raises:
        InvalidNhsNumber: When the value is not ten digits with a valid check digit.

    Examples:
        >>> NhsNumber("943 476 5919").formatted
        '943 476 5919'
        >>> NhsNumber("943 476 5910")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidNhsNumber: nhs_number must end in its Modulus 11 check digit (9) (R-REC-2), got '943 476 5910'
    """

    digits: str = attrs.field(converter=_normalise)

    @property
    def formatted(self) -> str:
        """The number in the usual 3-3-4 grouping.

        Examples:
            >>> NhsNumber("9434765919").formatted
            '943 476 5919'
        """
        return f"{self.digits[:3]} {self.digits[3:6]} {self.digits[6:]}"

    def __str__(self) -> str:
        return self.formatted


def is_valid_nhs_number(value: object) -> bool:
    """Whether ``value`` is a valid NHS number (for filtering; use `NhsNumber` to store one).

    Examples:
        >>> is_valid_nhs_number("943 476 5919"), is_valid_nhs_number("1234567890")
        (True, False)
    """
    try:
        NhsNumber(value)
    except InvalidNhsNumber:
        return False
    return True
