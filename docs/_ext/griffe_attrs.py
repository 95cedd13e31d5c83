"""A Griffe extension that gives attrs classes the ``__init__`` attrs generates.

The reference pages are built by mkdocstrings from the source, read statically
by Griffe. Griffe recreates ``__init__`` for standard-library dataclasses but
not for classes decorated with ``@attrs.frozen`` or ``@attrs.define``, so
without help their signatures would be empty and every ``Args:`` entry would
be reported as "does not appear in the function signature".

This extension reads the class body the way attrs does: every annotated
attribute that is not a ``ClassVar`` is a field, in definition order, base
classes first; ``attrs.field(init=False)`` leaves it out; ``kw_only`` (on the
decorator or the field), ``default=`` and ``factory=`` shape the parameter.
Where a field has a converter that is a function of this package with an
annotated first parameter, the parameter takes that annotation, because that
is what the generated ``__init__`` accepts (``nation: Nation | str``); a
converter that accepts ``object`` or ``Any`` leaves the field's own type.

It also turns Sphinx roles (``:class:`Name```, ``:meth:`~pkg.mod.Name.method```),
which mkdocstrings does not understand and would print as they stand, into
inline code (`` `Name` ``, `` `method` ``), so the pages read cleanly.

It only documents: nothing here changes the package.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

import griffe

_DECORATORS = {
    "attrs.frozen",
    "attrs.define",
    "attrs.mutable",
    "attr.s",
    "attr.attrs",
    "attr.frozen",
    "attr.define",
    "attr.mutable",
    "attr.dataclass",
}
_FIELD_CALLS = {"attrs.field", "attr.ib", "attr.attrib", "attr.field"}
# A converter that accepts anything says nothing useful: keep the field's own type.
_UNINFORMATIVE = {"None", "object", "Any", "typing.Any"}


def _attrs_decorator(class_: griffe.Class) -> griffe.Expr | str | None:
    for decorator in class_.decorators:
        value = decorator.value
        with suppress(Exception):
            if isinstance(value, griffe.Expr) and value.canonical_path in _DECORATORS:
                return value
    return None


def _call_arguments(expr: object) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if isinstance(expr, griffe.ExprCall):
        for argument in expr.arguments:
            if isinstance(argument, griffe.ExprKeyword):
                args[argument.name] = argument.value
    return args


def _field_call(attribute: griffe.Attribute) -> griffe.ExprCall | None:
    value = attribute.value
    if isinstance(value, griffe.ExprCall):
        with suppress(Exception):
            if value.canonical_path in _FIELD_CALLS:
                return value
    return None


def _converter_annotation(converter: object, class_: griffe.Class) -> object | None:
    """The annotation of a converter's first parameter, when Griffe can see it."""
    if not isinstance(converter, griffe.Expr):
        return None
    try:
        target = class_.modules_collection[converter.canonical_path]
    except Exception:
        return None
    if isinstance(target, griffe.Alias):
        try:
            target = target.final_target
        except Exception:
            return None
    if not isinstance(target, griffe.Function):
        return None
    parameters = [
        p for p in target.parameters if p.name not in {"self", "cls"} or p.annotation is not None
    ]
    if parameters and str(parameters[0].annotation) not in _UNINFORMATIVE:
        return parameters[0].annotation
    return None


def _is_class_variable(attribute: griffe.Attribute) -> bool:
    labels = attribute.labels
    return "property" in labels or (
        "class-attribute" in labels and "instance-attribute" not in labels
    )


def _own_parameters(class_: griffe.Class) -> list[griffe.Parameter]:
    decorator = _attrs_decorator(class_)
    if decorator is None:
        return []
    options = _call_arguments(decorator)
    if str(options.get("init", "True")) == "False":
        return []
    kw_only_class = str(options.get("kw_only", "False")) == "True"
    parameters = []
    for member in class_.members.values():
        if member.is_alias or not member.is_attribute:
            continue
        attribute: griffe.Attribute = member  # type: ignore[assignment]
        if attribute.annotation is None or _is_class_variable(attribute):
            continue
        call = _field_call(attribute)
        field_args = _call_arguments(call) if call is not None else {}
        if str(field_args.get("init", "True")) == "False":
            continue
        kw_only = kw_only_class or str(field_args.get("kw_only", "False")) == "True"
        if call is None:
            default = attribute.value
        elif "default" in field_args:
            default = field_args["default"]
        elif "factory" in field_args:
            default = griffe.ExprCall(function=field_args["factory"], arguments=[])
        else:
            default = None
        annotation = attribute.annotation
        if "converter" in field_args:
            annotation = _converter_annotation(field_args["converter"], class_) or annotation
        parameters.append(
            griffe.Parameter(
                attribute.name.lstrip("_"),
                annotation=annotation,
                kind=(
                    griffe.ParameterKind.keyword_only
                    if kw_only
                    else griffe.ParameterKind.positional_or_keyword
                ),
                default=default,
                docstring=attribute.docstring,
            )
        )
    return parameters


def _set_init(class_: griffe.Class) -> None:
    if "__init__" in class_.members or _attrs_decorator(class_) is None:
        return
    try:
        mro = class_.mro()
    except Exception:
        mro = []
    by_name: dict[str, griffe.Parameter] = {}
    for parent in [*reversed(mro), class_]:
        for parameter in _own_parameters(parent):
            by_name.pop(parameter.name, None)
            by_name[parameter.name] = parameter
    positional = [p for p in by_name.values() if p.kind is not griffe.ParameterKind.keyword_only]
    keyword = [p for p in by_name.values() if p.kind is griffe.ParameterKind.keyword_only]
    init = griffe.Function(
        "__init__",
        lineno=class_.lineno,
        endlineno=class_.lineno,
        parent=class_,
        parameters=griffe.Parameters(
            griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
            *positional,
            *keyword,
        ),
        returns="None",
    )
    class_.set_member("__init__", init)
    class_.labels.add("attrs")


def _walk(obj: griffe.Module | griffe.Class, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if isinstance(obj, griffe.Class):
        _set_init(obj)
    for member in list(obj.members.values()):
        if not member.is_alias and (member.is_module or member.is_class):
            _walk(member, seen)  # type: ignore[arg-type]


_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|data|attr|exc|mod|obj|const):`(~?)([^`]+)`")


def _plain_role(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def _plain_roles(obj: griffe.Object, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if obj.docstring is not None:
        obj.docstring.value = _ROLE.sub(_plain_role, obj.docstring.value)
    for member in list(obj.members.values()):
        if not member.is_alias:
            _plain_roles(member, seen)  # type: ignore[arg-type]


class AttrsInitExtension(griffe.Extension):
    """Recreate the ``__init__`` of attrs classes once the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the loaded package: give each attrs class its ``__init__``, plain roles."""
        _walk(pkg, set())
        _plain_roles(pkg, set())
