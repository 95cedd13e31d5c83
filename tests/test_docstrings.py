"""Every public callable carries a runnable example in its docstring (house rule).

Docstring examples run as doctests with the suite, so an example is both the
reference page's illustration and a test. This module checks that none is
missing: every class and function named in a public module's ``__all__``
(including those defined in a private ``_module`` and re-exported), and every
public method and property of those classes, including ones they inherit from
the package's own base classes, has at least one doctest line (``>>>``) that
runs code rather than only a comment.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import parentinfant

_PACKAGE = parentinfant.__name__
# A doctest line that runs something: ``>>> # see elsewhere`` is not an example.
_EXAMPLE = re.compile(r"^\s*>>> *[^\s#]", re.MULTILINE)


def _public_modules() -> Iterator[ModuleType]:
    yield parentinfant
    for info in pkgutil.walk_packages(parentinfant.__path__, f"{_PACKAGE}."):
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            yield importlib.import_module(info.name)


def _ours(obj: object) -> bool:
    return (getattr(obj, "__module__", None) or "").split(".")[0] == _PACKAGE


def _documented(obj: Any) -> Any:
    """The object whose ``__doc__`` a member's documentation is."""
    if isinstance(obj, property):
        return obj.fget
    return getattr(obj, "__func__", obj)  # classmethod, staticmethod


def _public_callables() -> dict[str, Any]:
    """Every public class, function, method and property, by qualified name."""
    found: dict[str, Any] = {}
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or not _ours(obj):
                continue
            found[f"{obj.__module__}.{obj.__qualname__}"] = obj
            if not inspect.isclass(obj):
                continue
            seen: set[str] = set()
            for cls in obj.__mro__:
                if not _ours(cls):
                    continue
                for attr, member in vars(cls).items():
                    if attr.startswith("_") or attr in seen:
                        continue
                    seen.add(attr)
                    target = _documented(member)
                    if isinstance(member, property) or callable(target):
                        where = getattr(target, "__module__", None) or cls.__module__
                        qualname = getattr(target, "__qualname__", f"{cls.__qualname__}.{attr}")
                        found[f"{where}.{qualname}"] = target
    return found


def test_every_public_callable_has_a_doctest_example() -> None:
    missing = sorted(
        name for name, obj in _public_callables().items() if not _EXAMPLE.search(obj.__doc__ or "")
    )
    assert not missing, (
        f"{len(missing)} public callable(s) lack a runnable `Examples:` block (a `>>>` line):\n  "
        + "\n  ".join(missing)
    )


def test_docstring_check_reaches_reexports_methods_and_inherited_members() -> None:
    checked = _public_callables()
    for name in (
        "parentinfant.screening.screen",  # a function
        "parentinfant._referral.Referral",  # a class re-exported from a private module
        "parentinfant._referral.Referral.antenatal",  # a property
        "parentinfant._catalogue.RiskFactorCatalogue.from_toml",  # a classmethod
        "parentinfant.screening._Decision.late",  # inherited from a private base class
        "parentinfant.prioritisation.Strategy.rank",  # a protocol's method
    ):
        assert name in checked, name
