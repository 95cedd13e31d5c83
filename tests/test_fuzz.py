"""Fuzzing the edges (issue 7): every loader over junk lets out only its documented errors.

Every loader and parser that reads input from outside is a *fuzz target* in
`TARGETS`, a registry shared with ``scripts/fuzz_report.py`` (which runs each
target for thousands of examples and prints a table). A target is a name, a
Hypothesis strategy of inputs, a check that runs the loader on one input and
asserts the outcome, and the exception types the loader documents. Each loader
gets four kinds of input:

- ``bytes``: arbitrary bytes, and valid files with bytes flipped, cut, repeated
  or re-encoded (UTF-16, Windows-1252, a byte-order mark);
- ``text``: arbitrary text, and a soup of the format's own tokens, which reaches
  deeper than arbitrary text (past the header, past the tokenizer);
- ``junk``: valid documents changed in their structure: fields deleted, values
  of the wrong type or out of range, extra keys and columns, duplicated keys,
  truncation, byte-order marks, mixed line endings;
- ``kept``: good records mixed with bad ones at random positions: every good
  record comes back in order and every bad one is reported with its location
  (row and column for CSV, JSON path, TOML key path).

A loader may raise only what it documents (`InvalidDocument` for every file
loader; ``SystemExit`` with status 0 or 2 from the CLI's argument parsing, and
exit statuses 0, 1 or 2 otherwise, as ``docs/guides/cli.md`` says). Anything
else escaping the loader is an `UndocumentedError`: a crash. A failed assertion
about what the loader returned is a failure. The checks run the loaders inside
`loading`, which tells the two apart.

The properties here add to the fuzzing already in ``test_interop_sheets.py``,
``test_interop_json.py`` and ``test_interop_teamfile.py`` (arbitrary text and
bytes of limited size, fixed corruptions of JSON records, junk cells under a
valid header); they do not repeat them. The examples that crashed a loader
while this file was written are pinned on their targets and run every time
(`test_pinned_examples_let_out_only_documented_errors`).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import functools
import io
import json
import os
import pathlib
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parentinfant._catalogue import DEFAULT_RISK_FACTORS, RiskFactor, RiskFactorCatalogue
from parentinfant.cli import main
from parentinfant.errors import InvalidDocument, Problem
from parentinfant.family import ParentRole, ReferrerRole
from parentinfant.interop.files import load_catalogue, read_text
from parentinfant.interop.json import (
    DOCUMENT_TYPES,
    dumps_document,
    from_document,
    load_referrals,
    loads_document,
    structure_or_problems,
    to_document,
)
from parentinfant.interop.sheets import COLUMNS, REQUIRED_COLUMNS, load_sheet, read_sheet
from parentinfant.interop.teamfile import load_team, team_from_toml
from parentinfant.lifecycle import Case
from parentinfant.screening import Referral, ScreeningDecision
from parentinfant.team import TeamPolicy

# --------------------------------------------------------------------------- the registry


class UndocumentedError(Exception):
    """A loader let out an exception that its documentation does not name: a crash."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        super().__init__(f"undocumented {type(error).__name__}: {error}")


@contextlib.contextmanager
def loading(*documented: type[BaseException]) -> Iterator[None]:
    """Run a loader: its documented errors pass through, anything else is a crash."""
    try:
        yield
    except documented:
        raise
    except (Exception, SystemExit) as exc:  # SystemExit: only the CLI documents it
        raise UndocumentedError(exc) from exc


def attempt(run: Callable[[], Any], *documented: type[BaseException]) -> Any:
    """Run a loader: its value, or the documented error it raised (anything else is a crash)."""
    try:
        with loading(*documented):
            return run()
    except documented as exc:
        return exc


Check = Callable[[Any, pathlib.Path], None]


@attrs.frozen
class FuzzTarget:
    """One loader under one kind of input.

    Args:
        name: ``area.loader[kind]``, unique.
        inputs: What to feed the loader.
        check: Runs the loader on one input (with a scratch directory it may
            write files in) and asserts the outcome; it raises
            `UndocumentedError` for a crash.
        documented: The exceptions the loader documents.
        pinned: Inputs that once crashed the loader, run on every test run.
    """

    name: str
    inputs: st.SearchStrategy[Any]
    check: Check
    documented: tuple[type[BaseException], ...]
    pinned: tuple[Any, ...] = ()


TARGETS: list[FuzzTarget] = []
"""Every fuzz target, in the order the report lists them."""


def fuzz_target(
    name: str,
    inputs: st.SearchStrategy[Any],
    documented: tuple[type[BaseException], ...] = (InvalidDocument,),
    pinned: Sequence[Any] = (),
) -> Callable[[Check], Check]:
    """Register the decorated check as a fuzz target."""

    def register(check: Check) -> Check:
        if any(t.name == name for t in TARGETS):  # pragma: no cover - a typo in this file
            raise ValueError(f"two fuzz targets are called {name}")
        TARGETS.append(FuzzTarget(name, inputs, check, documented, tuple(pinned)))
        return check

    return register


# --------------------------------------------------------------------------- shared checks


def assert_invalid_document(exc: InvalidDocument, source: str, location: str) -> None:
    """A whole-document error names its source and lists every problem, each located."""
    assert exc.source == source, (exc.source, source)
    assert exc.problems, "an InvalidDocument with no problem"
    text = str(exc)
    for problem in exc.problems:
        assert isinstance(problem, Problem)
        assert re.match(location, problem.location, re.DOTALL), problem
        assert problem.message.strip(), problem
        assert str(problem) in text


_SHEET_PROBLEM = r"\(file\)$|row \d+(, column .+)?$"
_JSON_PROBLEM = r"\$"
_TOML_PROBLEM = r""  # a key path, checked against the document's keys where it parses
_FILE_PROBLEM = r"\(file\)$"


def _under(location: str, key: str) -> bool:
    """Whether ``location`` is the key path ``key`` or a path inside it."""
    return location == key or location.startswith((key + ".", key + "["))


def _scratch(workdir: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    path = workdir / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- mutation machinery


def words(text: str) -> list[str]:
    """The words of ``text``: a compact way to write a list of tokens without spaces."""
    return text.split()


_BYTE_CHUNKS = st.one_of(
    st.sampled_from(
        b"\xef\xbb\xbf \xff\xfe \xfe\xff \x00 \x80 \xc3 \xe9 \xed\xa0\x80 \xf4\x90\x80\x80".split(
            b" "
        )
    )
    | st.sampled_from([b"\r", b"\n", b"\r\n", b'"', b",", b"[", b"{", b"="]),
    st.binary(min_size=1, max_size=8),
)
_TEXT_CHUNKS = st.one_of(
    st.sampled_from(["\ufeff", "\x00", "\r", "\n", "\r\n", "\t", "\u2028", "\x85", " ", "\\u0000"])
    | st.sampled_from([*"\",;[]{}=:#'\\é\U0001f4a5", '""']),
    st.text(min_size=1, max_size=8),
)


@st.composite
def mutated_bytes(draw: st.DrawFn, bases: st.SearchStrategy[bytes]) -> bytes:
    """A valid file with a few bytes flipped, inserted, deleted, repeated or cut off."""
    data = bytearray(draw(bases))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(_BYTE_CHUNKS)
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "repeat":
            end = min(len(data), at + draw(st.integers(1, 64)))
            data[end:end] = data[at:end]
        elif op == "cut":
            del data[at:]
    return bytes(data)


@st.composite
def mutated_text(draw: st.DrawFn, bases: st.SearchStrategy[str]) -> str:
    """Valid text with characters inserted, deleted or cut off, and its line endings changed."""
    text = draw(bases)
    endings = draw(st.sampled_from(["keep", "crlf", "cr", "mixed"]))
    if endings != "keep":
        lines = text.split("\n")
        if endings == "mixed":
            seps = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
        else:
            seps = ["\r\n" if endings == "crlf" else "\r"] * len(lines)
        text = "".join(line + sep for line, sep in zip(lines, seps, strict=False))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "cut", "bom"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(_TEXT_CHUNKS) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 16)) :]
        elif op == "cut":
            text = text[:at]
        else:
            text = "\ufeff" + text
    return text


def soup(tokens: Sequence[str], *, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text made of a format's own tokens, with some arbitrary text between them."""
    return st.lists(
        st.one_of(st.sampled_from(tokens), st.text(max_size=4)), max_size=max_size
    ).map("".join)


Path = tuple[str | int, ...]


def nodes(tree: Any, path: Path = ()) -> Iterator[Path]:
    """The path of every node of a tree of dicts and lists, the root first."""
    yield path
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from nodes(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from nodes(value, (*path, index))


def _get(tree: Any, path: Path) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _put(tree: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def _other_type(value: Any) -> Any:
    """A value of another JSON/TOML type than ``value``, standing in for it."""
    if isinstance(value, bool):
        return "yes" if value else 0
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return [value] if value else 0
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)} or "[]"
    if isinstance(value, dict):
        return list(value.values()) or "{}"
    return {"value": str(value)}


_KEYS = st.text(max_size=8)
_TREE_OPS = ("delete", "replace", "extra", "retype", "empty", "repeat", "nest")


@st.composite
def mutated_tree(
    draw: st.DrawFn,
    bases: st.SearchStrategy[Any],
    junk: st.SearchStrategy[Any],
    *,
    keys: st.SearchStrategy[str] = _KEYS,
    root_is_table: bool = False,
) -> tuple[Any, list[tuple[str, Path]]]:
    """A valid tree with 1-3 nodes deleted, replaced, retyped, emptied, repeated or nested.

    Returns the tree and the operations done, each with the path it was done at.
    """
    tree = copy.deepcopy(draw(bases))
    done: list[tuple[str, Path]] = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(nodes(tree))))
        op = draw(st.sampled_from(_TREE_OPS))
        node = _get(tree, path)
        if not path and root_is_table:
            op = "extra"
        if op == "delete" and path:
            del _get(tree, path[:-1])[path[-1]]
        elif op == "extra" and isinstance(node, dict):
            node[draw(keys)] = draw(junk)
        elif op == "retype":
            tree = _put(tree, path, _other_type(node))
        elif op == "empty":
            tree = _put(tree, path, type(node)() if isinstance(node, list | dict | str) else 0)
        elif op == "repeat" and isinstance(node, list) and node:
            node.insert(
                draw(st.integers(0, len(node))), copy.deepcopy(draw(st.sampled_from(node)))
            )
        elif op == "nest":
            tree = _put(tree, path, [node] if draw(st.booleans()) else {"value": node})
        else:
            op = "replace"
            tree = _put(tree, path, draw(junk))
        done.append((op, path))
    return tree, done


# --------------------------------------------------------------------------- JSON and TOML writers

_EDGE_TEXT = [
    *words("0001-01-01 9999-12-31 2026-02-29 2026-13-01 31/02/2026 0001-01-01T00:00:00"),
    *words("9999-12-31T23:59:59 9999-12-31T23:59:59-12:00 0001-01-01T00:00:00+14:00"),
    *words("2026-03-29T01:30:00 00:00 24:00 1/0 -1/3 nan inf 1e309 self mother"),
    *words("domestic-abuse accept Referral parentinfant/1 0000000000"),
    *["", " ", "943 476 5919", "\x00", "\ufeff", "9" * 30],
]
_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(_EDGE_TEXT),
)
JSON_JUNK = st.recursive(
    _JSON_SCALARS,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3)
    ),
    max_leaves=6,
)
_TOML_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(_EDGE_TEXT),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.times(),
)
TOML_JUNK = st.recursive(
    _TOML_SCALARS,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3)
    ),
    max_leaves=6,
)


class DupDict(dict[str, Any]):
    """A JSON object written with some keys twice: first with a ``shadowed`` value, which loses.

    Each repeated key is written with its shadowed value in its own place and
    with its real value after the others, so a reader (last value wins, first
    place kept) sees the dict itself, in its order.
    """

    shadowed: dict[str, Any]


def json_text(node: Any) -> str:
    """JSON text, writing a `DupDict`'s keys twice."""
    if isinstance(node, dict):
        shadowed = getattr(node, "shadowed", {})
        pairs = [(k, shadowed.get(k, v)) for k, v in node.items()]
        pairs += [(k, node[k]) for k in shadowed]
        return "{" + ", ".join(f"{json.dumps(k)}: {json_text(v)}" for k, v in pairs) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(json_text(v) for v in node) + "]"
    return json.dumps(node)


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """``value`` as a TOML inline value (tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(value)  # pragma: no cover - the strategies make none


def toml_document(document: dict[str, Any], *, tables: Sequence[str] = ()) -> str:
    """A TOML document: keys inline, except the arrays in ``tables`` as ``[[name]]`` sections."""
    lines = [f"{toml_string(k)} = {toml_value(v)}" for k, v in document.items() if k not in tables]
    for name in tables:
        for entry in document.get(name, []):
            lines.append(f"[[{name}]]")
            lines.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + "\n"


@st.composite
def mutated_lines(draw: st.DrawFn, bases: st.SearchStrategy[str]) -> str:
    """A valid TOML file with lines deleted, repeated, swapped, re-valued or added."""
    lines = draw(bases).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "revalue", "add"]))
        if op == "delete":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "revalue" and "=" in lines[at]:
            key = lines[at].split("=", 1)[0]
            lines[at] = f"{key}= {toml_value(draw(TOML_JUNK))}"
        else:
            lines.insert(at, draw(st.sampled_from(_TOML_LINES) | st.text(max_size=20)))
        if not lines:
            lines = [""]
    return "\n".join(lines)


_TOML_LINES = ["[team]", "[[practitioners]]", "[[factors]]", "[capacity]", "x = 1", "[team.x]"]
_TOML_TOKENS = [
    *_TOML_LINES,
    *words("""name code = "x" 'x' ''' 1 -0 1e400 nan inf true [ ] { } , . # \\u0000"""),
    *words('2026-01-01 2026-01-01T00:00:00Z 00:00:00 extends "default" remove'),
    *words("significant label contracted_hours"),
    *["\n", " = ", '"""'],
]


# --------------------------------------------------------------------------- sample inputs


@functools.cache
def _sample_sheet() -> tuple[list[str], list[list[str]]]:
    text = (
        resources.files("parentinfant").joinpath("data/referrals.csv").read_text(encoding="utf-8")
    )
    records = list(csv.reader(io.StringIO(text, newline="")))
    return records[0], records[1:]


def csv_text(records: Sequence[Sequence[str]], endings: Sequence[str] = ("\r\n",)) -> str:
    """CSV text, the records' line endings taken in turn from ``endings``."""
    out = io.StringIO()
    for index, record in enumerate(records):
        # The writer quotes only the line ending's own characters: with a lone CR, a cell
        # holding LF would go unquoted and split the row.
        broken = any("\r" in cell or "\n" in cell for cell in record)
        quoting = csv.QUOTE_ALL if broken else csv.QUOTE_MINIMAL
        writer = csv.writer(out, lineterminator=endings[index % len(endings)], quoting=quoting)
        writer.writerow(record)
    return out.getvalue()


@st.composite
def sample_sheets(draw: st.DrawFn) -> list[list[str]]:
    """The shipped sample sheet's header and a few of its rows, as records."""
    header, rows = _sample_sheet()
    chosen = draw(st.lists(st.sampled_from(rows), max_size=4))
    return [list(header), *(list(r) for r in chosen)]


@functools.cache
def _team_text() -> str:
    return resources.files("parentinfant").joinpath("data/team.toml").read_text(encoding="utf-8")


@functools.cache
def _team_tree() -> dict[str, Any]:
    return tomllib.loads(_team_text())


@functools.cache
def _catalogue_texts() -> tuple[str, ...]:
    small = RiskFactorCatalogue(
        [
            RiskFactor("parent-in-prison", "a parent in prison", True, domain="parent"),
            RiskFactor("social-isolation", 'isolated, "alone"', False),
        ]
    )
    return (
        DEFAULT_RISK_FACTORS.to_toml(),
        small.to_toml(),
        'extends = "default"\nremove = ["housing-problems"]\n\n' + small.to_toml(),
    )


@functools.cache
def _json_documents() -> tuple[dict[str, Any], ...]:
    """Documents of the types a team exchanges: referrals, decisions, a policy, a case."""
    from parentinfant._export import sample_case
    from parentinfant.interop.sample import decide, load_sample

    sample = load_sample()
    entries = sample.referrals[::5]
    referral, case = sample_case()
    values: list[Any] = [e.referral for e in entries]
    values += [decide(e, sample.team) for e in entries]
    values += [sample.team, referral.family.parents[0], case]
    return tuple(json.loads(json.dumps(to_document(v))) for v in values)


@functools.cache
def _case_file() -> str:
    from parentinfant._export import case_file_text, sample_case

    return case_file_text(*sample_case())


def _deferred(make: Callable[[], Sequence[Any]]) -> st.SearchStrategy[Any]:
    """Sample from inputs built on first use (so collecting the tests stays quick)."""
    return st.deferred(lambda: st.sampled_from(make()))


# =========================================================================== CSV referral sheets


def check_sheet_result(data: str | bytes, source: str = "fuzz.csv") -> None:
    """A sheet reads to kept rows and located problems, or to the documented error."""
    try:
        with loading(InvalidDocument):
            result = read_sheet(data, source=source)
    except InvalidDocument as exc:
        assert_invalid_document(exc, source, _SHEET_PROBLEM)
        return
    for problem in result.problems:
        assert re.match(r"row \d+(, column .+)?$", problem.location, re.DOTALL), problem
    header_notes = {p.location.split(",")[0] for p in result.problems if "not read" in p.message}
    bad = {p.location.split(",")[0] for p in result.problems} - header_notes
    kept = [f"row {n}" for n in result.row_numbers]
    assert len(result.row_numbers) == len(result.referrals)
    assert list(result.row_numbers) == sorted(set(result.row_numbers))
    assert not bad & set(kept), "a kept row has a problem"
    assert len(kept) + len(bad) == result.rows, "a row was neither kept nor reported"
    assert len({r.id for r in result.referrals}) == len(result.referrals)
    if isinstance(data, bytes) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        with contextlib.suppress(UnicodeDecodeError):
            assert read_sheet(data.decode("utf-8"), source=source) == result


def _encoded(records: list[list[str]], encoding: str) -> bytes:
    return csv_text(records).encode(encoding, errors="replace")


_SHEET_BYTES = st.one_of(
    st.binary(max_size=600),
    mutated_bytes(
        st.tuples(
            sample_sheets(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
        ).map(lambda pair: _encoded(*pair))
    ),
)


@fuzz_target("sheets.read_sheet[bytes]", _SHEET_BYTES)
def _sheet_bytes(data: bytes, _workdir: pathlib.Path) -> None:
    check_sheet_result(data)


_CSV_TOKENS = [
    *COLUMNS,
    *[",", '"', '""', "\n", "\r\n", "\r", ";", "\t", " ", "\ufeff"],
    *words("03/02/2026 2026-02-03 46000 yes no self professional mother midwife urgent"),
    *["domestic-abuse; social-isolation", "Health visiting: ended since 01/10/2026"],
]
_REQUIRED_HEADER = ",".join(REQUIRED_COLUMNS) + "\n"


@fuzz_target(
    "sheets.read_sheet[text]",
    st.one_of(
        st.text(max_size=300),
        soup(_CSV_TOKENS, max_size=60),
        soup(_CSV_TOKENS, max_size=60).map(lambda body: _REQUIRED_HEADER + body),
        mutated_text(sample_sheets().map(csv_text)),
    ),
)
def _sheet_text(text: str, _workdir: pathlib.Path) -> None:
    check_sheet_result(text)


_JUNK_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            *words("46000 31/02/2026 29/02/2027 1/1/0001 31/12/9999 0001-01-01 9999-12-31"),
            *words("Y maybe aunt carrier-pigeon -1 100 1.5 =SUM(A1) \ufeff"),
            *[
                "yes ",
                "tarot; tarot",
                "",
                " ",
                "HV: gone",
                "HV: ended since 32/01/2026",
                "x" * 300,
            ],
        ]
    ),
)


@st.composite
def junk_sheets(draw: st.DrawFn) -> str | bytes:
    """A valid sheet with its columns and rows deleted, repeated, moved, renamed or filled with junk."""
    records = draw(sample_sheets())
    width = len(records[0])
    for _ in range(draw(st.integers(1, 5))):
        op = draw(
            st.sampled_from(
                words("drop-column repeat-column extra-column beyond shuffle rename cell cell")
                + words("drop-row repeat-row blank-row short-row")
            )
        )
        column = draw(st.integers(0, max(0, width - 1)))
        row = draw(st.integers(0, len(records) - 1))
        if op == "drop-column":
            records = [r[:column] + r[column + 1 :] for r in records]
        elif op == "repeat-column":
            records = [r[: column + 1] + r[column : column + 1] + r[column + 1 :] for r in records]
        elif op == "extra-column":
            name = draw(st.sampled_from(["notes", "", "Colour", "id "]) | st.text(max_size=6))
            records = [[*r, name if i == 0 else draw(_JUNK_CELLS)] for i, r in enumerate(records)]
        elif op == "beyond" and row > 0:
            records[row] = [*records[row], *draw(st.lists(_JUNK_CELLS, min_size=1, max_size=3))]
        elif op == "shuffle":
            order = draw(st.permutations(range(width)))
            records = [[r[i] for i in order if i < len(r)] for r in records]
        elif op == "rename" and column < len(records[0]):
            name = records[0][column]
            records[0][column] = draw(
                st.sampled_from([name.upper(), f" {name} ", name.replace("_", " "), name.title()])
            )
        elif op == "cell" and row > 0 and column < len(records[row]):
            records[row][column] = draw(_JUNK_CELLS)
        elif op == "drop-row" and row > 0:
            del records[row]
        elif op == "repeat-row":
            records.insert(row, list(records[row]))
        elif op == "blank-row":
            records.insert(row, draw(st.sampled_from([[], [""], ["", " ", ""]])))
        elif op == "short-row" and row > 0:
            records[row] = records[row][: draw(st.integers(0, len(records[row])))]
        width = max(1, max(len(r) for r in records))
    endings = draw(st.lists(st.sampled_from(["\r\n", "\n", "\r"]), min_size=1, max_size=4))
    text = csv_text(records, endings)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.booleans()):
        return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))
    return draw(st.sampled_from(["", "\ufeff"])) + text


@fuzz_target("sheets.read_sheet[junk]", junk_sheets())
def _sheet_junk(data: str | bytes, _workdir: pathlib.Path) -> None:
    check_sheet_result(data)


_LETTERS = st.text(
    st.characters(categories=["L", "Zs"], include_characters="'-.,\"\n"), min_size=1, max_size=12
).map(str.strip)
_NAMES = _LETTERS.filter(bool)


@st.composite
def good_rows(draw: st.DrawFn, ident: str) -> dict[str, str]:
    """The cells of a row the sheet keeps (checked by reading the row alone)."""
    received = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    day = draw(
        st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "day"]).map(
            lambda f: (
                f"{received.day}/{received.month}/{received.year}"
                if f == "day"
                else received.strftime(f)
            )
        )
    )
    route = draw(st.sampled_from(["self", "professional", "consultation"]))
    cells = {"id": ident, "received": day, "route": draw(st.sampled_from([route, route.upper()]))}
    if route == "self":
        cells["how_heard"] = draw(st.just("") | _NAMES)
    else:
        cells["referrer_name"] = draw(_NAMES)
        cells["referrer_role"] = draw(st.sampled_from([r.value for r in ReferrerRole]))
    for n in range(1, draw(st.integers(1, 2)) + 1):
        cells[f"parent{n}_name"] = draw(_NAMES)
        cells[f"parent{n}_role"] = draw(st.sampled_from([r.value for r in ParentRole]))
    if draw(st.booleans()):
        cells |= {"infant_born": "yes", "infant_date_of_birth": f"{received:%d/%m/%Y}"}
    else:
        cells |= {"infant_born": draw(st.sampled_from(["no", "N", "false"]))}
        cells["infant_due_date"] = f"{received + dt.timedelta(days=90):%d/%m/%Y}"
    codes = draw(
        st.lists(st.sampled_from([f.code for f in DEFAULT_RISK_FACTORS.factors]), unique=True)
    )
    cells["risk_factors"] = draw(st.sampled_from(["; ", ",", ";"])).join(codes)
    cells["school_age_children"] = draw(st.sampled_from(["", "0", "2", "12"]))
    cells["consent_to_share"] = draw(st.sampled_from(["", "yes", "no", "Y", "FALSE"]))
    cells["supporting_services"] = draw(
        st.sampled_from(["", "Health visiting", "HV: reduced; Family hub: ended since 01/10/2026"])
    )
    cells["reason"] = draw(st.just("") | _LETTERS)
    if draw(st.booleans()):
        cells |= {"triage_band": "urgent", "triage_by": draw(_NAMES)}
        cells["triage_on"] = f"{received + dt.timedelta(days=draw(st.integers(0, 9))):%d/%m/%Y}"
    return cells


_BAD_CELLS: list[tuple[str, str]] = [
    ("received", "31/02/2026"),
    ("received", "46000"),
    ("received", "yesterday"),
    ("route", "carrier-pigeon"),
    ("parent1_role", "aunt"),
    ("parent1_name", "  "),
    ("infant_born", "maybe"),
    ("school_age_children", "two"),
    ("risk_factors", "tarot"),
    ("consent_to_share", "perhaps"),
    ("family_aware", "2"),
    ("parent1_nhs_number", "1234567890"),
    ("parent1_preferred_channel", "pigeon"),
    ("supporting_services", "HV: gone"),
    ("parent1_date_of_birth", "32/01/1990"),
    ("id", ""),
    ("triage_on", "soon"),
]


@st.composite
def sheets_with_good_and_bad_rows(draw: st.DrawFn) -> dict[str, Any]:
    """N good rows and M bad ones (one known bad cell, or a value beyond the header) mixed."""
    goods = [draw(good_rows(f"G-{i}")) for i in range(draw(st.integers(0, 4)))]
    bads: list[tuple[dict[str, str], str | None]] = []
    for i in range(draw(st.integers(0, 4))):
        cells = draw(good_rows(f"B-{i}"))
        column, value = draw(st.sampled_from([*_BAD_CELLS, ("(beyond)", "")]))
        if column != "(beyond)":
            cells[column] = value
        bads.append((cells, None if column == "(beyond)" else column))
    order = draw(
        st.permutations(
            [("good", i) for i in range(len(goods))] + [("bad", i) for i in range(len(bads))]
        )
    )
    header = list(COLUMNS)
    if draw(st.booleans()):
        header = list(draw(st.permutations(header)))
    extra = draw(st.booleans())
    shown = [*header, "Notes"] if extra else header
    shown = [draw(st.sampled_from([c, c.upper(), c.replace("_", " ")])) for c in shown]
    # Blank lines are written '""', never empty: after a lone CR, an empty line's LF would
    # join the CR as one line ending, and the rows would be numbered differently.
    records: list[list[str]] = [[""] for _ in range(draw(st.integers(0, 2)))]
    records.append(shown)
    expected_good: list[tuple[str, int]] = []
    expected_bad: list[tuple[int, str | None]] = []
    for kind, i in order:
        if draw(st.integers(0, 4)) == 0:
            records.append(draw(st.sampled_from([[""], [" ", ""]])))
        cells = goods[i] if kind == "good" else bads[i][0]
        record = [cells.get(c, "") for c in header] + (["a note"] if extra else [])
        if kind == "bad" and bads[i][1] is None:
            record += ["", "beyond the header"]
        records.append(record)
        if kind == "good":
            expected_good.append((cells["id"], len(records)))
        else:
            expected_bad.append((len(records), bads[i][1]))
    endings = draw(st.lists(st.sampled_from(["\r\n", "\n", "\r"]), min_size=1, max_size=3))
    text = csv_text(records, endings)
    data: str | bytes = text
    encoding = draw(st.sampled_from(["str", "str-bom", "utf-8", "utf-8-sig"]))
    if encoding.startswith("str"):
        data = ("\ufeff" if encoding == "str-bom" else "") + text
    else:
        data = text.encode(encoding)
    return {
        "data": data,
        "header": shown,
        "rows": {
            cells["id"]: [cells.get(c, "") for c in header] + (["a note"] if extra else [])
            for cells in goods
        },
        "good": expected_good,
        "bad": expected_bad,
    }


@fuzz_target("sheets.read_sheet[kept]", sheets_with_good_and_bad_rows())
def _sheet_kept(case: dict[str, Any], _workdir: pathlib.Path) -> None:
    result = attempt(lambda: read_sheet(case["data"]), InvalidDocument)
    assert not isinstance(result, InvalidDocument), result
    assert [r.id for r in result.referrals] == [ident for ident, _ in case["good"]]
    assert list(result.row_numbers) == [row for _, row in case["good"]]
    assert result.rows == len(case["good"]) + len(case["bad"])
    locations = {p.location for p in result.problems}
    for row, column in case["bad"]:
        wanted = f"row {row}" if column is None else f"row {row}, column {column}"
        assert wanted in locations, (wanted, sorted(locations))
    good_rows_ = {f"row {row}" for _, row in case["good"]}
    assert not {loc.split(",")[0] for loc in locations} & good_rows_
    for referral in result.referrals:  # each kept row is what that row reads as alone
        alone = read_sheet(csv_text([case["header"], case["rows"][referral.id]]))
        assert alone.referrals == (referral,), alone.problems


_NAME_TEXT = st.text(st.characters(exclude_characters="/"), max_size=20) | st.sampled_from(
    ["", ".", "..", "x\x00y", "\udc80", "a\ud800b", "n" * 300, " ", "-"]
)


@st.composite
def files_and_names(
    draw: st.DrawFn, contents: st.SearchStrategy[bytes]
) -> tuple[str, bytes | None]:
    """A file name in the scratch directory and its content (None: there is no such file)."""
    return draw(_NAME_TEXT), draw(st.none() | contents)


def _place(workdir: pathlib.Path, name: str, content: bytes | None) -> str:
    """Write ``content`` to ``name`` in ``workdir`` when the name can be a file; the path."""
    path = os.path.join(workdir, name)
    if content is not None:
        with contextlib.suppress(OSError, ValueError):
            pathlib.Path(path).write_bytes(content)
    return path


@fuzz_target(
    "sheets.load_sheet[paths]",
    files_and_names(_SHEET_BYTES),
    pinned=[("x\x00y", b""), ("a\ud800b", None)],
)
def _sheet_paths(value: tuple[str, bytes | None], workdir: pathlib.Path) -> None:
    path = _place(workdir, *value)
    try:
        with loading(InvalidDocument):
            result = load_sheet(path)
    except InvalidDocument as exc:
        assert_invalid_document(exc, path, _SHEET_PROBLEM)
        return
    assert result == read_sheet(pathlib.Path(path).read_bytes(), source=path)


# =========================================================================== JSON documents


def _document_bytes(pair: tuple[dict[str, Any], str]) -> bytes:
    document, encoding = pair
    return json.dumps(document, ensure_ascii=False).encode(encoding)


def _same_outcome(first: Callable[[], Any], second: Callable[[], Any]) -> None:
    """Two ways of reading the same document give the same value or the same problems."""
    outcomes = []
    for read in (first, second):
        try:
            with loading(InvalidDocument):
                outcomes.append(("value", dumps_document(read())))
        except InvalidDocument as exc:
            assert_invalid_document(exc, exc.source, _JSON_PROBLEM)
            outcomes.append(("problems", [str(p) for p in exc.problems]))
    assert outcomes[0] == outcomes[1]


def check_json_document(data: str | bytes, cls: Any = None, source: str = "fuzz.json") -> None:
    """A document reads whole, and round-trips exactly, or raises the documented error."""
    try:
        with loading(InvalidDocument):
            value = loads_document(data, cls, source=source)
    except InvalidDocument as exc:
        assert_invalid_document(exc, source, _JSON_PROBLEM)
        return
    text = dumps_document(value)
    again = attempt(lambda: loads_document(text, cls), InvalidDocument)
    assert not isinstance(again, InvalidDocument), f"what was read does not read back: {again}"
    assert dumps_document(again) == text, "a document read whole does not read back the same"


_DEEP = "[" * 100_000 + "]" * 100_000


@fuzz_target(
    "json.loads_document[bytes]",
    st.one_of(
        st.binary(max_size=400),
        mutated_bytes(
            st.tuples(
                _deferred(_json_documents),
                st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-be"]),
            ).map(_document_bytes)
        ),
    ),
    pinned=[b"\xff", b'{"schema": "\xe9"}', _DEEP.encode(), b"1" * 5000],
)
def _json_bytes(data: bytes, _workdir: pathlib.Path) -> None:
    check_json_document(data)


_JSON_TOKENS = [
    *words('{ } [ ] : , " "schema" "parentinfant/1" "type" "data" "Referral" "Parent"'),
    *words('"TeamPolicy" "name" "role" "mother" null true false 0 -0 1e999 NaN Infinity'),
    *words(r'\u0000 \ud800 "2026-02-03"'),
    *[" ", "\n"],
]
_PARENT_DOCUMENT = '{"schema": "parentinfant/1", "type": "Parent", "data": '


@fuzz_target(
    "json.loads_document[text]",
    st.one_of(
        st.text(max_size=300),
        soup(_JSON_TOKENS),
        soup(_JSON_TOKENS).map(lambda body: _PARENT_DOCUMENT + body),
        mutated_text(_deferred(_json_documents).map(json.dumps)),
    ),
    pinned=[_DEEP, "[" * 3000, "1" * 5000, _PARENT_DOCUMENT + "[" * 5000],
)
def _json_text(text: str, _workdir: pathlib.Path) -> None:
    check_json_document(text)


_CLASSES = st.sampled_from(
    [None, Referral, TeamPolicy, Case, ScreeningDecision, DOCUMENT_TYPES["Parent"]]
)


@st.composite
def junk_documents(draw: st.DrawFn) -> tuple[Any, Any, bool]:
    """A valid document changed in its structure, the type asked for, and whether to repeat keys."""
    tree, _ = draw(mutated_tree(_deferred(_json_documents), JSON_JUNK))
    if draw(st.booleans()):  # repeat some keys in the text, the real value last
        objects = [p for p in nodes(tree) if isinstance(_get(tree, p), dict) and _get(tree, p)]
        for path in draw(st.lists(st.sampled_from(objects), max_size=3)) if objects else []:
            node = _get(tree, path)
            dup = DupDict(node)
            dup.shadowed = {draw(st.sampled_from(sorted(node))): draw(JSON_JUNK)}
            tree = _put(tree, path, dup)
    return tree, draw(_CLASSES), draw(st.booleans())


@fuzz_target("json.from_document[junk]", junk_documents())
def _json_junk(value: tuple[Any, Any, bool], _workdir: pathlib.Path) -> None:
    tree, cls, truncate = value
    text = json_text(tree)
    plain = json.loads(json.dumps(tree))  # the document as a reader sees it: last key wins
    _same_outcome(
        lambda: from_document(plain, cls, source="fuzz.json"),
        lambda: loads_document(text, cls, source="fuzz.json"),
    )
    if truncate:
        check_json_document(text[: len(text) // 2], cls)


_KINDS = st.sampled_from(
    [
        Referral,
        Case,
        TeamPolicy,
        ScreeningDecision,
        DOCUMENT_TYPES["Parent"],
        DOCUMENT_TYPES["Family"],
    ]
)


@fuzz_target(
    "json.structure_or_problems[junk]",
    st.tuples(
        st.one_of(
            JSON_JUNK, mutated_tree(_deferred(_json_documents), JSON_JUNK).map(lambda t: t[0])
        ),
        _KINDS,
        st.sampled_from(["$", "$.referrals[3]", "$.data"]),
    ),
)
def _json_structure(value: tuple[Any, Any, str], _workdir: pathlib.Path) -> None:
    data, kind, where = value
    if isinstance(data, dict) and "data" in data:
        data = data["data"]
    with loading():
        built, problems = structure_or_problems(data, kind, where=where)
    if problems:
        assert built is None, "a partial value came back with problems"
        for problem in problems:
            assert problem.location.startswith(where), problem
            assert problem.message.strip(), problem
    else:
        assert built is not None or data is None


@functools.cache
def _referral_records() -> tuple[dict[str, Any], ...]:
    return tuple(d["data"] for d in _json_documents() if d["type"] == "Referral")


def _render(path: Path, root: str) -> str:
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _related(location: str, parent: str) -> bool:
    """Whether a problem's location lies within, or contains, the object ``parent``."""
    return _under(location, parent) or _under(parent, location)


@st.composite
def referral_batches(draw: st.DrawFn) -> list[tuple[Any, list[tuple[str, Path]]]]:
    """Referral records, some changed in their structure (or not objects at all)."""
    batch: list[tuple[Any, list[tuple[str, Path]]]] = []
    for _ in range(draw(st.integers(0, 6))):
        base = draw(_deferred(_referral_records))
        choice = draw(st.integers(0, 4))
        if choice < 2:
            batch.append((copy.deepcopy(base), []))
        elif choice < 4:
            batch.append(draw(mutated_tree(st.just(base), JSON_JUNK)))
        else:
            batch.append(
                (draw(_JSON_SCALARS | st.lists(_JSON_SCALARS, max_size=2)), [("replace", ())])
            )
    return batch


@fuzz_target("json.load_referrals[kept]", referral_batches())
def _json_kept(batch: list[tuple[Any, list[tuple[str, Path]]]], _workdir: pathlib.Path) -> None:
    items = [record for record, _ in batch]
    with loading():
        loaded = load_referrals(copy.deepcopy(items), path="$.referrals")
    alone = []
    for item in items:  # the oracle: each record read on its own
        with loading():
            alone.append(structure_or_problems(item, Referral, where="$"))
    good = [value for value, problems in alone if not problems]
    assert list(loaded.records) == good, "a good record was lost, changed or moved"
    by_index: dict[int, list[str]] = {}
    for problem in loaded.problems:
        found = re.match(r"\$\.referrals\[(\d+)\]", problem.location)
        assert found, problem
        by_index.setdefault(int(found.group(1)), []).append(problem.location)
    bad = {i for i, (_, problems) in enumerate(alone) if problems}
    assert set(by_index) == bad, "a bad record was not reported, or a good one was"
    for index in bad:
        ops = batch[index][1]
        if len(ops) == 1:  # one change: a problem lies in the object it was made in
            where = _render(ops[0][1][:-1], f"$.referrals[{index}]")
            assert any(_related(loc, where) for loc in by_index[index]), (where, by_index[index])


# =========================================================================== TOML team files


def check_team(text: str, source: str = "team.toml") -> None:
    """A team file loads whole, every practitioner kept in order, or every problem is located."""
    plan = attempt(lambda: team_from_toml(text, source=source), InvalidDocument)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert isinstance(plan, InvalidDocument)
        assert [p.location for p in plan.problems] == ["(document)"]
        return
    if isinstance(plan, InvalidDocument):
        assert_invalid_document(plan, source, _TOML_PROBLEM)
        keys = {*document, "team", "capacity"}
        for problem in plan.problems:
            assert any(_under(problem.location, key) for key in keys), (problem, sorted(keys))
        return
    names = [p["name"] for p in document.get("practitioners", [])]
    assert [p.name for p in plan.team.practitioners] == names, "a practitioner was lost"


def _team_bytes(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


_TEAM_BYTES = st.one_of(
    st.binary(max_size=400),
    mutated_bytes(
        st.tuples(
            st.deferred(lambda: st.just(_team_text())),
            st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
        ).map(lambda pair: _team_bytes(*pair))
    ),
)


def _check_toml_file(
    value: tuple[str, bytes],
    workdir: pathlib.Path,
    filename: str,
    load: Callable[[str], object],
    check_text: Callable[..., None],
) -> None:
    """A TOML file read by path: refused whole with a located problem, or read as
    its text would be (line endings normalised as TOML reads them)."""
    name, data = value
    path = _place(workdir, name, data if name == filename else None)
    try:
        with loading(InvalidDocument):
            load(path)
    except InvalidDocument as exc:
        assert_invalid_document(exc, path, _TOML_PROBLEM)
        return
    check_text(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), source=path)


@fuzz_target(
    "teamfile.load_team[bytes]",
    st.tuples(
        st.sampled_from(["team.toml", "x\x00y", "a\ud800b", ".", "missing/team.toml"]), _TEAM_BYTES
    ),
    pinned=[("x\x00y", b""), ("a\ud800b", b"")],
)
def _team_bytes_target(value: tuple[str, bytes], workdir: pathlib.Path) -> None:
    _check_toml_file(value, workdir, "team.toml", load_team, check_team)


@fuzz_target(
    "teamfile.team_from_toml[text]",
    st.one_of(
        soup(_TOML_TOKENS),
        mutated_lines(st.deferred(lambda: st.just(_team_text()))),
        mutated_text(st.deferred(lambda: st.just(_team_text()))),
    ),
    pinned=['[[practitioners]]\nname = "A"\ncontracted_hours = 1\ncommitments = 5'],
)
def _team_text_target(text: str, _workdir: pathlib.Path) -> None:
    check_team(text)


@fuzz_target(
    "teamfile.team_from_toml[junk]",
    mutated_tree(st.deferred(lambda: st.just(_team_tree())), TOML_JUNK, root_is_table=True),
    pinned=[({"practitioners": [{"name": "A", "contracted_hours": 1, "groups": 2}]}, [])],
)
def _team_junk(value: tuple[dict[str, Any], Any], _workdir: pathlib.Path) -> None:
    tree, _ = value
    practitioners = tree.get("practitioners")
    tables = (
        ["practitioners"]
        if isinstance(practitioners, list) and all(isinstance(p, dict) for p in practitioners)
        else []
    )
    check_team(toml_document(tree, tables=tables))


_BAD_PRACTITIONERS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("contracted_hours", lambda p: p.update(contracted_hours=-1)),
    ("contracted_hours", lambda p: p.update(contracted_hours="lots")),
    ("contracted_hours", lambda p: p.update(contracted_hours=float("nan"))),
    ("hobby", lambda p: p.update(hobby="knitting")),
    ("name", lambda p: p.pop("name")),
    ("working_days", lambda p: p.update(working_days=["funday"])),
    ("caseload", lambda p: p.update(caseload=-3)),
    (
        "commitments[0].activity",
        lambda p: p.update(commitments=[{"activity": "napping", "hours_per_week": 1}]),
    ),
    ("commitments", lambda p: p.update(commitments=5)),
    ("groups[0]", lambda p: p.update(groups=["weekly"])),
    ("sessions_remaining", lambda p: p.update(caseload=2, sessions_remaining=[1])),
    ("skills", lambda p: p.update(skills=["perinatal", " "])),
]


@st.composite
def teams_with_good_and_bad_practitioners(draw: st.DrawFn) -> dict[str, Any]:
    base = _team_tree()
    templates = base["practitioners"]
    goods = []
    for i in range(draw(st.integers(0, 4))):
        person = copy.deepcopy(draw(st.sampled_from(templates)))
        person["name"] = f"Good {i} {draw(_NAMES)}"
        for key in draw(
            st.lists(
                st.sampled_from(
                    ["role", "skills", "localities", "commitments", "groups", "working_days"]
                )
            )
        ):
            person.pop(key, None)
        goods.append(person)
    bads = []
    for i in range(draw(st.integers(0, 3))):
        person = copy.deepcopy(draw(st.sampled_from(templates)))
        person["name"] = f"Bad {i}"
        key, spoil = draw(st.sampled_from(_BAD_PRACTITIONERS))
        spoil(person)
        bads.append((person, key))
    order = draw(
        st.permutations(
            [("good", i) for i in range(len(goods))] + [("bad", i) for i in range(len(bads))]
        )
    )
    people: list[Any] = []
    expected_bad: list[tuple[int, str]] = []
    for kind, i in order:
        if kind == "good":
            people.append(goods[i])
        else:
            expected_bad.append((len(people), bads[i][1]))
            people.append(bads[i][0])
    document = {k: v for k, v in base.items() if k != "practitioners"}
    if not draw(st.booleans()):
        document = {"team": base["team"]}
    document["practitioners"] = people
    tables = ["practitioners"] if draw(st.booleans()) else []
    return {
        "text": toml_document(document, tables=tables),
        "order": [p.get("name") for p in people],
        "bad": expected_bad,
    }


@fuzz_target("teamfile.team_from_toml[kept]", teams_with_good_and_bad_practitioners())
def _team_kept(case: dict[str, Any], _workdir: pathlib.Path) -> None:
    plan = attempt(lambda: team_from_toml(case["text"], source="team.toml"), InvalidDocument)
    if isinstance(plan, InvalidDocument):
        locations = [p.location for p in plan.problems]
        assert case["bad"], locations
        reported = {
            int(m.group(1)) for loc in locations if (m := re.match(r"practitioners\[(\d+)\]", loc))
        }
        assert reported == {index for index, _ in case["bad"]}, locations
        for index, key in case["bad"]:
            assert f"practitioners[{index}].{key}" in locations, (index, key, locations)
        return
    assert not case["bad"], "a bad practitioner was loaded"
    assert [p.name for p in plan.team.practitioners] == case["order"]


# =========================================================================== risk-factor catalogues


def check_catalogue(text: str, source: str = "catalogue.toml") -> None:
    try:
        with loading(InvalidDocument):
            catalogue = RiskFactorCatalogue.from_toml(text, source=source)
    except InvalidDocument as exc:
        assert_invalid_document(exc, source, _TOML_PROBLEM)
        return
    document = tomllib.loads(text)
    codes = [f["code"] for f in document.get("factors", [])]
    assert all(code in catalogue for code in codes), "a factor was lost"
    assert RiskFactorCatalogue.from_toml(catalogue.to_toml()) == catalogue


@fuzz_target(
    "catalogue.load_catalogue[bytes]",
    st.tuples(
        st.sampled_from(["catalogue.toml", "x\x00y", "a\ud800b", "."]),
        st.one_of(
            st.binary(max_size=400),
            mutated_bytes(_deferred(_catalogue_texts).map(lambda t: t.encode("utf-8"))),
        ),
    ),
    pinned=[("x\x00y", b""), ("a\ud800b", b"")],
)
def _catalogue_bytes(value: tuple[str, bytes], workdir: pathlib.Path) -> None:
    _check_toml_file(value, workdir, "catalogue.toml", load_catalogue, check_catalogue)


@fuzz_target(
    "catalogue.from_toml[text]",
    st.one_of(
        soup(_TOML_TOKENS),
        mutated_lines(_deferred(_catalogue_texts)),
        mutated_text(_deferred(_catalogue_texts)),
    ),
)
def _catalogue_text(text: str, _workdir: pathlib.Path) -> None:
    check_catalogue(text)


@fuzz_target(
    "catalogue.from_toml[junk]",
    mutated_tree(_deferred(_catalogue_texts).map(tomllib.loads), TOML_JUNK, root_is_table=True),
)
def _catalogue_junk(value: tuple[dict[str, Any], Any], _workdir: pathlib.Path) -> None:
    tree, _ = value
    factors = tree.get("factors")
    tables = (
        ["factors"]
        if isinstance(factors, list) and all(isinstance(f, dict) for f in factors)
        else []
    )
    check_catalogue(toml_document(tree, tables=tables))


_BAD_FACTORS: list[tuple[str, Any]] = [
    ("code", {"code": "Not A Code"}),
    ("code", {"code": 7}),
    ("label", {"label": ""}),
    ("label", {"label": None}),
    ("significant", {"significant": "yes"}),
    ("colour", {"colour": "blue"}),
    ("domain", {"domain": 3}),
    ("", "not a table"),
]


@st.composite
def catalogues_with_good_and_bad_factors(draw: st.DrawFn) -> dict[str, Any]:
    goods = [
        {"code": f"team-factor-{i}", "label": draw(_NAMES), "significant": draw(st.booleans())}
        for i in range(draw(st.integers(0, 4)))
    ]
    bads: list[tuple[Any, str]] = []
    for i in range(draw(st.integers(0, 3))):
        key, change = draw(st.sampled_from(_BAD_FACTORS))
        factor: Any = change
        if isinstance(change, dict):
            factor = {"code": f"bad-factor-{i}", "label": "bad", "significant": True}
            factor.update(change)
            factor = {k: v for k, v in factor.items() if v is not None}
        bads.append((factor, key))
    order = draw(
        st.permutations(
            [("good", i) for i in range(len(goods))] + [("bad", i) for i in range(len(bads))]
        )
    )
    factors: list[Any] = []
    expected_bad: list[tuple[int, str]] = []
    for kind, i in order:
        if kind == "bad":
            expected_bad.append((len(factors), bads[i][1]))
        factors.append(goods[i] if kind == "good" else bads[i][0])
    extends = draw(st.booleans())
    document: dict[str, Any] = {"extends": "default"} if extends else {}
    document["factors"] = factors
    tables = (
        ["factors"] if all(isinstance(f, dict) for f in factors) and draw(st.booleans()) else []
    )
    return {
        "text": toml_document(document, tables=tables),
        "good": [goods[i] for kind, i in order if kind == "good"],
        "bad": expected_bad,
        "extends": extends,
    }


@fuzz_target("catalogue.from_toml[kept]", catalogues_with_good_and_bad_factors())
def _catalogue_kept(case: dict[str, Any], _workdir: pathlib.Path) -> None:
    try:
        with loading(InvalidDocument):
            catalogue = RiskFactorCatalogue.from_toml(case["text"])
    except InvalidDocument as exc:
        locations = [p.location for p in exc.problems]
        if not case["bad"]:
            assert not case["good"], locations  # nothing left to make a catalogue of
            assert not case["extends"], locations
            assert locations == ["factors"]
            return
        reported = {
            int(m.group(1)) for loc in locations if (m := re.match(r"factors\[(\d+)\]", loc))
        }
        assert reported == {index for index, _ in case["bad"]}, locations
        for index, key in case["bad"]:
            wanted = f"factors[{index}]" + (f".{key}" if key else "")
            assert wanted in locations, (wanted, locations)
        return
    assert not case["bad"], "a bad factor was loaded"
    good = [RiskFactor(f["code"], f["label"], f["significant"]) for f in case["good"]]
    if case["extends"]:
        assert catalogue == DEFAULT_RISK_FACTORS.with_factors(*good)
    else:
        assert catalogue.factors == tuple(good)


# =========================================================================== read_text


@fuzz_target(
    "files.read_text[bytes]",
    st.one_of(st.binary(max_size=400), mutated_bytes(_deferred(_catalogue_texts).map(str.encode))),
)
def _read_text_bytes(data: bytes, workdir: pathlib.Path) -> None:
    path = _scratch(workdir, "text.toml", data)
    try:
        with loading(InvalidDocument):
            name, text = read_text(path)
    except InvalidDocument as exc:
        assert_invalid_document(exc, str(path), _FILE_PROBLEM)
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        return
    assert name == str(path)
    assert text == data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@fuzz_target(
    "files.read_text[paths]",
    files_and_names(st.binary(max_size=50)),
    pinned=[("x\x00y", None), ("a\ud800b", None), ("\udc80", b"ok")],
)
def _read_text_paths(value: tuple[str, bytes | None], workdir: pathlib.Path) -> None:
    path = _place(workdir, *value)
    try:
        with loading(InvalidDocument):
            name, _ = read_text(path)
    except InvalidDocument as exc:
        assert_invalid_document(exc, path, _FILE_PROBLEM)
        return
    assert name == path


# =========================================================================== the CLI


def run_cli(argv: Sequence[str], workdir: pathlib.Path) -> tuple[int, str, str]:
    """Run ``parentinfant`` in ``workdir``: the exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(workdir),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        status = attempt(lambda: main(list(argv)), SystemExit)
    if isinstance(status, SystemExit):
        assert status.code in (0, 2), f"argparse exited with {status.code!r}"
        return int(status.code or 0), out.getvalue(), err.getvalue()
    assert status in (0, 1, 2), f"main returned {status!r}"
    return status, out.getvalue(), err.getvalue()


def _first_positional(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


_COMMANDS = ["demo", "diagram", "capacity", "screen", "referral-template", "export"]
_FLAGS = [
    *words("--json --vocabulary --compact --year --today --output --force --nation"),
    *words("--strategy --catalogue --sample --stamp --months --help -h -- - --js --to"),
]
_WORDS = ["json", "fhir", "ical", "england", "risk", "triage", "registration", "2026-11-30", "0"]
_ARGV_TOKENS = st.one_of(
    st.sampled_from(_COMMANDS + _FLAGS + _WORDS),
    st.text(st.characters(exclude_characters="/\\"), max_size=10),
)


@fuzz_target(
    "cli.main[argv-text]",
    st.lists(_ARGV_TOKENS, max_size=6),
    documented=(SystemExit,),
    pinned=[
        ["export", "ical", "--stamp", "0001-01-01T00:00"],
        ["referral-template", "--output", "a\x00"],
    ],
)
def _cli_text(argv: list[str], workdir: pathlib.Path) -> None:
    if _first_positional(argv) == "forecast":
        return  # its simulation is run with bounded arguments by cli.main[argv-files]
    status, out, err = run_cli(argv, workdir)
    if status != 0:
        assert err.strip(), "an error exit said nothing on stderr"
        assert not out, "an error exit printed on stdout"
    if status == 1:
        assert _first_positional(argv) == "screen"


_DATES = st.one_of(
    st.sampled_from(
        [*words("2026-11-30 2026-02-29 0001-01-01 9999-12-31 1900-04-01 2200-12-31 x"), ""]
    ),
    st.dates().map(dt.date.isoformat),
)
_STAMPS = st.one_of(
    st.sampled_from(
        [
            *words("2026-11-30T09:00 0001-01-01T00:00 9999-12-31T23:59:59 0001-01-01T00:00+14:00"),
            *words("9999-12-31T23:59-12:00 2026-03-29T01:30 2026-10-25T01:30 x"),
            "",
        ]
    ),
    st.datetimes(timezones=st.none() | st.timezones()).map(dt.datetime.isoformat),
)
_YEARS = st.sampled_from(
    ["2026", "1899", "1900", "2200", "2201", "0", "-1", "1" * 25, "x"]
) | st.integers().map(str)


def _option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [name, v]))


def _flag(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [name]])


_FILES = {
    "team.toml": st.one_of(
        st.deferred(lambda: st.just(_team_text())),
        mutated_lines(st.deferred(lambda: st.just(_team_text()))),
        mutated_tree(
            st.deferred(lambda: st.just(_team_tree())), TOML_JUNK, root_is_table=True
        ).map(lambda t: toml_document(t[0])),
    ).map(str.encode)
    | st.binary(max_size=100),
    "forecast.toml": st.one_of(
        st.deferred(lambda: st.just(_team_text())),
        st.deferred(lambda: st.just(_team_text())).map(
            lambda t: t.replace("[demand]", "[demand]\nx = 1")
        ),
        st.deferred(lambda: st.just(_team_text())).map(lambda t: t.split("[[practitioners]]")[0]),
    ).map(str.encode)
    | st.binary(max_size=100),
    "sheet.csv": st.one_of(
        junk_sheets().map(lambda d: d if isinstance(d, bytes) else d.encode()), _SHEET_BYTES
    ),
    "case.json": st.one_of(
        st.deferred(lambda: st.just(_case_file())),
        mutated_text(st.deferred(lambda: st.just(_case_file()))),
        mutated_tree(st.deferred(lambda: st.just(json.loads(_case_file()))), JSON_JUNK).map(
            lambda t: json_text(t[0])
        ),
        st.sampled_from(['{"referral": {}, "case": {}}', "[" * 3000, "1" * 5000]),
    ).map(str.encode),
    "catalogue.toml": st.one_of(
        _deferred(_catalogue_texts), mutated_lines(_deferred(_catalogue_texts))
    ).map(str.encode),
}
_FILE_ARGS = ["missing.toml", "dir", "..", ""]


def _file(name: str) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), st.sampled_from([name, *_FILE_ARGS]).map(lambda n: [n]))


def _file_option(option: str, name: str) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), st.sampled_from([name, *_FILE_ARGS]).map(lambda n: [option, n]))


_JUNK_WORD = st.sampled_from(["x", "", "ENGLAND", "--"]) | st.text(
    st.characters(exclude_characters="/"), max_size=6
)


def _choice(values: Sequence[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(values), _JUNK_WORD)


_GRAMMAR: dict[str, list[st.SearchStrategy[list[str]]]] = {
    "demo": [_flag("--json"), _option("--vocabulary", _choice(["referral", "registration"]))],
    "diagram": [_flag("--compact"), _flag("--json")],
    "capacity": [
        _file("team.toml"),
        _option("--year", _YEARS),
        _option("--today", _DATES),
        _flag("--json"),
    ],
    "forecast": [
        _file("forecast.toml"),
        _option(
            "--referrals-per-month",
            st.sampled_from(["0.5", "4", "200", "-1", "0", "nan", "inf", "1e308", "x"]),
        ),
        st.sampled_from(["1", "2", "0", "-1", "601", "x"]).map(lambda v: ["--months", v]),
        st.sampled_from(["1", "2", "0", "-1", "x"]).map(lambda v: ["--replications", v]),
        _option("--seed", st.sampled_from(["0", "-1", str(2**63), "x"]) | st.integers().map(str)),
        _option("--strategy", _choice(["chronological", "risk"])),
        _option("--today", _DATES),
        _flag("--json"),
    ],
    "referral-template": [
        _option(
            "--output",
            st.sampled_from(["out.csv", "sheet.csv", "dir", "nowhere/out.csv", "", "a\x00"]),
        ),
        _flag("--force"),
        _flag("--json"),
    ],
    "screen": [
        _file("sheet.csv"),
        _option("--nation", _choice(["england", "wales", "scotland", "northern-ireland"])),
        _option("--strategy", _choice(["chronological", "risk", "triage"])),
        _option("--today", _DATES),
        _file_option("--catalogue", "catalogue.toml"),
        _flag("--json"),
    ],
    "export": [
        st.sampled_from(["json", "fhir", "ical"]).map(lambda f: [f])
        | _JUNK_WORD.map(lambda f: [f]),
        _file("case.json"),
        _option(
            "--sample", _choice(["RPI-2026-041", "RPI-2026-055", "RPI-2026-062", "RPI-2026-001"])
        ),
        _option("--stamp", _STAMPS),
        _flag("--json"),
    ],
}


@st.composite
def cli_runs(draw: st.DrawFn) -> tuple[list[str], dict[str, bytes]]:
    """A command line from the CLI's own grammar, and the files it names."""
    command = draw(st.sampled_from(sorted(_GRAMMAR)))
    parts = [draw(part) for part in _GRAMMAR[command]]
    positional = [p for p in parts if p and not p[0].startswith("-")]
    options = draw(st.permutations([p for p in parts if p and p[0].startswith("-")]))
    argv = [command, *(a for p in positional for a in p), *(a for p in options for a in p)]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(
            draw(st.integers(0, len(argv))), draw(st.sampled_from(["--help", "--", "--nope", "x"]))
        )
    files = {name: draw(_FILES[name]) for name in _FILES if name in argv}
    return argv, files


@fuzz_target(
    "cli.main[argv-files]",
    cli_runs(),
    documented=(SystemExit,),
    pinned=[
        (["forecast", "--months", "1", "--replications", "1", "--today", "2026-11-30"], {}),
        (["export", "fhir", "case.json"], {"case.json": b"[" * 3000}),
        (["export", "json", "case.json"], {"case.json": b"1" * 5000}),
        (["export", "ical", "--stamp", "9999-12-31T23:59-12:00"], {}),
        (["forecast", "--months", "2", "--replications", "1", "--today", "9999-12-31"], {}),
    ],
)
def _cli_files(value: tuple[list[str], dict[str, bytes]], workdir: pathlib.Path) -> None:
    argv, files = value
    (workdir / "dir").mkdir(exist_ok=True)
    for stale in ("out.csv", *_FILES):
        (workdir / stale).unlink(missing_ok=True)
    for name, data in files.items():
        (workdir / name).write_bytes(data)
    status, out, err = run_cli(argv, workdir)
    if status != 0:
        assert err.strip(), "an error exit said nothing on stderr"
        assert not out, "an error exit printed on stdout"
    if status == 1:
        assert argv[0] == "screen"
    help_asked = "--help" in argv[: argv.index("--")] if "--" in argv else "--help" in argv
    if status == 0 and "--json" in argv and not help_asked:
        json.loads(out)


# =========================================================================== the tests


_SETTINGS = settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,  # tmp_path is scratch space, rewritten by each example
    ],
)


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_loader_lets_out_only_documented_errors(
    target: FuzzTarget, tmp_path: pathlib.Path
) -> None:
    def fuzz(value: Any) -> None:
        target.check(value, tmp_path)

    # One database key per target, as Hypothesis's pytest plugin gives parametrized tests.
    fuzz._hypothesis_internal_add_digest = target.name.encode()  # type: ignore[attr-defined]
    _SETTINGS(given(target.inputs)(fuzz))()


_PINNED = [(t, example) for t in TARGETS for example in t.pinned]


@pytest.mark.parametrize(
    ("target", "example"), _PINNED, ids=[f"{t.name}-{i}" for i, (t, _) in enumerate(_PINNED)]
)
def test_pinned_examples_let_out_only_documented_errors(
    target: FuzzTarget, example: Any, tmp_path: pathlib.Path
) -> None:
    target.check(example, tmp_path)


def test_every_loader_has_bytes_text_junk_and_kept_targets() -> None:
    kinds: dict[str, set[str]] = {}
    for target in TARGETS:
        area, kind = target.name.split("[")
        kinds.setdefault(area.split(".")[0], set()).add(kind.rstrip("]"))
    assert kinds["sheets"] >= {"bytes", "text", "junk", "kept", "paths"}
    assert kinds["json"] >= {"bytes", "text", "junk", "kept"}
    assert kinds["teamfile"] >= {"bytes", "text", "junk", "kept"}
    assert kinds["catalogue"] >= {"bytes", "text", "junk", "kept"}
    assert kinds["files"] >= {"bytes", "paths"}
    assert kinds["cli"] >= {"argv-text", "argv-files"}


def test_the_fuzz_writers_write_what_the_readers_read() -> None:
    """The writers the targets use: a repeated JSON key loses to the later one; TOML reads back."""
    dup = DupDict({"a": 1, "b": 2})
    dup.shadowed = {"a": 3}
    assert json_text(dup) == '{"a": 3, "b": 2, "a": 1}'
    assert list(json.loads(json_text(dup)).items()) == [("a", 1), ("b", 2)]
    tree = {"k": [1.5, float("inf"), dt.date(2026, 1, 2), {"n": 'é\x00"'}], "t": dt.time(9)}
    assert tomllib.loads(toml_document(tree)) == tree
