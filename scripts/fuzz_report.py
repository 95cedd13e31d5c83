"""Fuzz every loader for many examples and report crashes per target (issue 7).

Runs each fuzz target registered in ``tests/test_fuzz.py`` (`TARGETS`) with
Hypothesis for ``--examples`` examples (default 2,000), counting the examples
actually run, the crashes (an exception the loader does not document escaped
it) and the failures (an assertion about what it returned did not hold), and
prints a table: target, examples, crashes, failures, seconds. Each distinct
crash or failure is then listed once, by its exception and where it was
raised, with the first input that caused it. ``--json`` prints the same as one
JSON document.

A crash does not stop a target: the run goes on to the full count, so the table
says how often each loader broke. (Hypothesis therefore does not shrink the
inputs; run ``pytest tests/test_fuzz.py -k NAME`` for a minimal example.)
Examples are not stored in Hypothesis's database. The exit status is 1 when
any target crashed or failed, else 0.

Usage::

    python scripts/fuzz_report.py                    # 2,000 examples per target
    python scripts/fuzz_report.py --examples 200 --target sheets --json

This is a developer script: it writes only to a temporary directory, which it
removes, and the CLI targets run in that directory.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import HypothesisException

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHOWN = 300  # characters of a failing input shown


def load_targets() -> ModuleType:
    """``tests/test_fuzz.py``, imported from its path (``tests/`` is not a package)."""
    sys.path.insert(0, str(TESTS))  # for its own imports, as pytest arranges
    spec = importlib.util.spec_from_file_location("test_fuzz", TESTS / "test_fuzz.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file is in the repository
        raise SystemExit(f"cannot import {TESTS / 'test_fuzz.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["test_fuzz"] = module
    spec.loader.exec_module(module)
    return module


def _where(error: BaseException) -> str:
    """The innermost frame of the library (or else of the test file) that raised ``error``."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/parentinfant/" in f.filename] or frames
    if not ours:  # pragma: no cover - a raised exception has a frame
        return "?"
    frame = ours[-1]
    path = Path(frame.filename)
    with_root = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return f"{with_root}:{frame.lineno} in {frame.name}"


def run_target(
    fuzz: ModuleType, target: Any, examples: int, workdir: Path, at: int | None
) -> dict[str, Any]:
    """Run one target for ``examples`` examples; its counts and distinct findings."""
    stats: dict[str, Any] = {"examples": 0, "crashes": 0, "failures": 0, "findings": {}}

    def record(kind: str, error: BaseException, value: Any) -> None:
        stats["crashes" if kind == "crash" else "failures"] += 1
        key = f"{kind}: {type(error).__name__} at {_where(error)}"
        found = stats["findings"].setdefault(
            key,
            {
                "kind": kind,
                "count": 0,
                "message": (str(error) or "(no message: see the line above)")[:SHOWN],
                "input": repr(value)[:SHOWN],
            },
        )
        found["count"] += 1

    def check(value: Any) -> None:
        stats["examples"] += 1
        try:
            target.check(value, workdir)
        except fuzz.UndocumentedError as exc:
            record("crash", exc.error, value)
        except HypothesisException:
            stats["examples"] -= 1  # a rejected input is not an example
            raise
        except Exception as exc:  # an assertion, or an error in the check itself
            record("failure", exc, value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(given(target.inputs)(check))
    if at is not None:
        test = seed(at)(test)
    start = time.perf_counter()
    try:
        test()
    except HypothesisException as exc:  # e.g. Unsatisfiable: too many inputs rejected
        stats["findings"][f"error: {type(exc).__name__}"] = {
            "kind": "error",
            "count": 1,
            "message": str(exc)[:SHOWN],
            "input": "",
        }
    stats["seconds"] = round(time.perf_counter() - start, 1)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples", type=int, default=2000, help="examples per target (default 2000)"
    )
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        help="run only targets whose name contains this (may be repeated)",
    )
    parser.add_argument("--seed", type=int, help="Hypothesis seed, to repeat a run exactly")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error(f"--examples must be at least 1, got {args.examples}")
    fuzz = load_targets()
    targets = [t for t in fuzz.TARGETS if not args.target or any(s in t.name for s in args.target)]
    if not targets:
        parser.error(f"no target matches {args.target}")
    results = []
    with tempfile.TemporaryDirectory(prefix="fuzz-report-") as scratch:
        for target in targets:
            if not args.json:
                print(f"{target.name} ...", file=sys.stderr, flush=True)
            workdir = Path(scratch) / target.name.replace("[", "-").rstrip("]")
            workdir.mkdir()
            results.append(
                {
                    "target": target.name,
                    **run_target(fuzz, target, args.examples, workdir, args.seed),
                }
            )
    bad = any(r["crashes"] or r["failures"] or r["findings"] for r in results)
    if args.json:
        print(
            json.dumps(
                {"examples_per_target": args.examples, "seed": args.seed, "targets": results},
                indent=2,
            )
        )
        return 1 if bad else 0
    width = max(len("target"), *(len(r["target"]) for r in results))
    print(f"{'target':<{width}}  {'examples':>8}  {'crashes':>7}  {'failures':>8}  {'seconds':>7}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 7}  {'-' * 8}  {'-' * 7}")
    for r in results:
        print(
            f"{r['target']:<{width}}  {r['examples']:>8}  {r['crashes']:>7}  {r['failures']:>8}"
            f"  {r['seconds']:>7.1f}"
        )
    total = sum(r["seconds"] for r in results)
    examples = sum(r["examples"] for r in results)
    crashes = sum(r["crashes"] for r in results)
    failures = sum(r["failures"] for r in results)
    print(f"{'total':<{width}}  {examples:>8}  {crashes:>7}  {failures:>8}  {total:>7.1f}")
    for r in results:
        for key, found in r["findings"].items():
            print(f"\n{r['target']}: {key} ({found['count']}x)\n  {found['message']}")
            if found["input"]:
                print(f"  first input: {found['input']}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
