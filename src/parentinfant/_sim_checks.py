"""Input checks for the simulation, each raising `InvalidForecast` naming field, rule and value."""

from __future__ import annotations

import hashlib
import math
import operator
from decimal import Decimal
from fractions import Fraction
from typing import SupportsIndex

from parentinfant.errors import InvalidForecast

__all__ = ["count", "finite", "positive", "share", "stream_seed"]


def finite(field: str, value: object, rule: str | None) -> float:
    """``value`` as a finite float; bool, text, NaN and infinity are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction | Decimal):
        raise InvalidForecast(field, "must be a finite number", value, rule=rule)
    try:
        number = float(value)
    except (OverflowError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise InvalidForecast(field, "must be a finite number", value, rule=rule)
    return number


def positive(field: str, value: object, rule: str | None) -> float:
    """A finite number more than 0 (a rate, a mean)."""
    number = finite(field, value, rule)
    if number <= 0:
        raise InvalidForecast(field, "must be more than 0", value, rule=rule)
    return number


def share(field: str, value: object, rule: str | None) -> float:
    """A probability: a finite number from 0 to 1."""
    number = finite(field, value, rule)
    if not 0 <= number <= 1:
        raise InvalidForecast(field, "must be between 0 and 1", value, rule=rule)
    return number


def count(
    field: str, value: object, rule: str | None, *, minimum: int = 0, maximum: int | None = None
) -> int:
    """A whole number (an int or a NumPy integer, never a bool or a float) in range."""
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise InvalidForecast(field, "must be a whole number", value, rule=rule)
    number = operator.index(value)
    if number < minimum or (maximum is not None and number > maximum):
        wanted = (
            f"must be a whole number from {minimum:,} to {maximum:,}"
            if maximum is not None
            else f"must be a whole number at least {minimum:,}"
        )
        raise InvalidForecast(field, wanted, value, rule=rule)
    return int(number)


def stream_seed(seed: int, replication: int, stream: str) -> int:
    """A 64-bit seed for one random stream of one replication, the same on every platform.

    Streams are independent of one another by construction (a hash of the
    base seed, the replication index and the stream's name), so a change to
    how one stream is used leaves the others' numbers as they were.
    """
    digest = hashlib.blake2b(
        f"{seed}/{replication}/{stream}".encode(), digest_size=8, person=b"parentinf-sim"
    ).digest()
    return int.from_bytes(digest, "big")
