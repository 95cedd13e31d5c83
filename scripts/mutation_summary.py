"""Summarise the last mutation-testing run per capability (issue 7).

Reads mutmut's result files (``mutants/**/*.py.meta``) and prints, for each of
the six capabilities, how many mutants were made, killed (a test failed, or the
mutant ran past its time limit), survived, or had no test reach them, with the
score: killed / (killed + survived + no tests). Then it lists every survivor by
name, for ``mutmut show NAME``. Run by ``scripts/mutation.sh``; ``--json``
prints the same as one JSON document.

This is a developer script; it reads files and nothing else.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# The front door of each capability and the private modules behind it.
CAPABILITIES: dict[str, tuple[str, ...]] = {
    "screening": ("screening",),
    "prioritisation": ("prioritisation",),
    "lifecycle": ("lifecycle", "_commands", "_appointment_commands"),
    "caseload": ("caseload", "_capacity", "_allocation", "_planning"),
    "forecast": ("forecast",),
    "records": (
        "records",
        "_record_keeping",
        "_access",
        "_sharing",
        "_consultation",
        "_activity",
        "_outcomes",
        "_anonymise",
    ),
}

# mutmut's exit codes (mutmut.stats.status_by_exit_code), folded into four verdicts.
KILLED = {1, 3, 24, -24, 152, 255, 36, 37}
SURVIVED = {0}
NO_TESTS = {5, 33}


def verdict(code: int | None) -> str:
    """The verdict for one of mutmut's exit codes."""
    if code is None:
        return "not run"
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "other"


def main(argv: list[str]) -> int:
    """Print the summary; exit 1 when there is nothing to summarise."""
    root = Path("mutants/src/parentinfant")
    rows: dict[str, Counter[str]] = {name: Counter() for name in CAPABILITIES}
    survivors: dict[str, list[str]] = {name: [] for name in CAPABILITIES}
    module_to_capability = {m: c for c, mods in CAPABILITIES.items() for m in mods}
    found = False
    for meta in sorted(root.glob("*.py.meta")):
        module = meta.name.removesuffix(".py.meta")
        capability = module_to_capability.get(module)
        if capability is None:
            continue
        found = True
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        for name, code in sorted(codes.items()):
            v = verdict(code)
            rows[capability][v] += 1
            if v in ("survived", "no tests"):
                survivors[capability].append(f"{name} ({v})")
    if not found:
        print("no mutation results in mutants/: run scripts/mutation.sh first", file=sys.stderr)
        return 1
    table = []
    for capability, counts in rows.items():
        scored = counts["killed"] + counts["survived"] + counts["no tests"]
        score = counts["killed"] / scored if scored else 0.0
        table.append(
            {
                "capability": capability,
                "modules": list(CAPABILITIES[capability]),
                "mutants": sum(counts.values()),
                "killed": counts["killed"],
                "survived": counts["survived"],
                "no_tests": counts["no tests"],
                "not_run": counts["not run"] + counts["other"],
                "score": round(score, 4),
                "survivors": survivors[capability],
            }
        )
    if "--json" in argv:
        print(json.dumps(table, indent=2))
        return 0
    print(
        f"{'capability':<15}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}"
        f"{'not run':>8}{'score':>8}"
    )
    for row in table:
        print(
            f"{row['capability']:<15}{row['mutants']:>8}{row['killed']:>8}{row['survived']:>9}"
            f"{row['no_tests']:>9}{row['not_run']:>8}{row['score']:>8.1%}"
        )
    for row in table:
        if row["survivors"]:
            print(f"\n{row['capability']}: {len(row['survivors'])} not killed")
            for name in row["survivors"]:
                print(f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
