"""Reading a team's own files: its risk-factor catalogue, and any UTF-8 text file.

The core never reads files; this module does, and hands the text to the
core's parsers, so every problem is still reported at once with its location.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "catalogue.toml"
    >>> _ = path.write_text('''
    ... extends = "default"
    ... [[factors]]
    ... code = "parent-in-prison"
    ... label = "a parent in prison"
    ... significant = true
    ... ''', encoding="utf-8")
    >>> load_catalogue(path)["parent-in-prison"].significant
    True
"""

from __future__ import annotations

import os

from parentinfant._catalogue import RiskFactorCatalogue
from parentinfant.errors import InvalidDocument, Problem

__all__ = ["load_catalogue", "read_text"]


def load_catalogue(path: str | os.PathLike[str]) -> RiskFactorCatalogue:
    """Load a team's risk-factor catalogue from a TOML file (R-SC-3).

    The file's format is that of `RiskFactorCatalogue.from_toml`: an array of
    ``[[factors]]`` tables, optionally laid over the default catalogue with
    ``extends = "default"`` and trimmed with ``remove = [...]``.

    Args:
        path: The file to read, UTF-8 encoded.

    Returns:
        The catalogue.

    Raises:
        InvalidDocument: When the file cannot be read or decoded, or its content
            has problems; every problem is listed with its key path, and the
            document is named by its path.

    Examples:
        >>> load_catalogue("/no/such/catalogue.toml")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: /no/such/catalogue.toml: 1 problem
          (file): cannot be read: No such file or directory
    """
    name, text = read_text(path)
    return RiskFactorCatalogue.from_toml(text, source=name)


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """A UTF-8 text file's name and content, or the documented error naming the file.

    Raises:
        InvalidDocument: When the file cannot be read (including a name no
            file can have, such as one holding a NUL) or is not UTF-8 text.

    Examples:
        >>> read_text("/no/such/file.toml")
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidDocument: /no/such/file.toml: 1 problem
          (file): cannot be read: No such file or directory
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            return name, handle.read()
    except OSError as exc:
        raise InvalidDocument(
            name, [Problem("(file)", f"cannot be read: {exc.strerror or exc}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidDocument(
            name, [Problem("(file)", f"is not UTF-8 text: {exc.reason}")]
        ) from None
    except ValueError as exc:  # no file has this name: it holds a NUL or a lone surrogate
        raise InvalidDocument(name, [Problem("(file)", f"cannot be read: {exc}")]) from None
