"""Summarise the last mutation-testing run per capability (issue 7).

Reads mutmut's result files (``mutants/**/*.py.meta``) and prints, for each of
the six capabilities, how many mutants were made, killed (a test failed, or the
mutant ran past its time limit), survived, or had no test reach them, with the
score: killed / (killed + survived + no tests). Then it lists every survivor by
name, for ``mutmut show NAME``. Run by ``scripts/mutation.sh``; ``--json``
prints the same as one JSON document.

A whole run takes hours, so the score can also be estimated from a random
sample of mutants, drawn the same way for every capability:

    python scripts/mutation_summary.py sample 150 --seed 7 > mutants/sample.txt
    python scripts/mutation_summary.py --only mutants/sample.txt

``sample N`` prints N mutant names a capability (all of them where it has
fewer), chosen at random with the seed; ``--only FILE`` scores only the names
in FILE and adds a 95% interval for the score (Wilson's), as the sample's
score is an estimate of the whole.

This is a developer script; it reads files and nothing else.
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

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


def wilson(killed: int, scored: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval for a proportion killed / scored."""
    if scored == 0:
        return (0.0, 1.0)
    p = killed / scored
    centre = (p + z * z / (2 * scored)) / (1 + z * z / scored)
    half = z * math.sqrt(p * (1 - p) / scored + z * z / (4 * scored * scored))
    half /= 1 + z * z / scored
    return (max(0.0, centre - half), min(1.0, centre + half))


def results() -> dict[str, dict[str, int | None]]:
    """mutmut's exit code for every mutant, by capability (empty if no run yet)."""
    root = Path("mutants/src/parentinfant")
    module_to_capability = {m: c for c, mods in CAPABILITIES.items() for m in mods}
    out: dict[str, dict[str, int | None]] = {}
    for meta in sorted(root.glob("*.py.meta")):
        capability = module_to_capability.get(meta.name.removesuffix(".py.meta"))
        if capability is not None:
            codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
            out.setdefault(capability, {}).update(codes)
    return out


def sample(argv: list[str]) -> int:
    """Print N mutant names a capability, at random with ``--seed``."""
    per_capability = int(argv[0])
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    rng = random.Random(seed)
    found = results()
    if not found:
        print("no mutants in mutants/: run scripts/mutation.sh first", file=sys.stderr)
        return 1
    for capability in CAPABILITIES:
        names = sorted(found.get(capability, {}))
        for name in sorted(rng.sample(names, min(per_capability, len(names)))):
            print(name)
    return 0


def main(argv: list[str]) -> int:
    """Print the summary; exit 1 when there is nothing to summarise."""
    if argv[:1] == ["sample"]:
        return sample(argv[1:])
    only: set[str] | None = None
    if "--only" in argv:
        only = set(Path(argv[argv.index("--only") + 1]).read_text("utf-8").split())
    rows: dict[str, Counter[str]] = {name: Counter() for name in CAPABILITIES}
    survivors: dict[str, list[str]] = {name: [] for name in CAPABILITIES}
    found = results()
    for capability, codes in found.items():
        for name, code in sorted(codes.items()):
            if only is not None and name not in only:
                continue
            v = verdict(code)
            rows[capability][v] += 1
            if v in ("survived", "no tests"):
                survivors[capability].append(f"{name} ({v})")
    if not found:
        print("no mutation results in mutants/: run scripts/mutation.sh first", file=sys.stderr)
        return 1
    table: list[dict[str, Any]] = []
    for capability, counts in rows.items():
        scored = counts["killed"] + counts["survived"] + counts["no tests"]
        score = counts["killed"] / scored if scored else 0.0
        low, high = wilson(counts["killed"], scored)
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
                "interval_95": [round(low, 4), round(high, 4)],
                "survivors": survivors[capability],
            }
        )
    if "--json" in argv:
        print(json.dumps(table, indent=2))
        return 0
    print(
        f"{'capability':<15}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}"
        f"{'not run':>8}{'score':>8}" + ("  95% interval" if only is not None else "")
    )
    for row in table:
        low, high = row["interval_95"]
        print(
            f"{row['capability']:<15}{row['mutants']:>8}{row['killed']:>8}{row['survived']:>9}"
            f"{row['no_tests']:>9}{row['not_run']:>8}{row['score']:>8.1%}"
            + (f"  {low:.1%}-{high:.1%}" if only is not None else "")
        )
    for row in table:
        if row["survivors"]:
            print(f"\n{row['capability']}: {len(row['survivors'])} not killed")
            for name in row["survivors"]:
                print(f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
