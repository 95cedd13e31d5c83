"""Count the steps the lifecycle state machine takes under a Hypothesis profile.

``tests/test_lifecycle_machine.py`` drives a case through random commands and
checks it against a hand-written model after every step. This script runs the
same machine under a profile from ``tests/conftest.py`` (``ci`` by default) and
prints how many runs and how many steps (rules applied, each followed by every
invariant) Hypothesis took, for docs/safety/test-strength.md.

    python scripts/machine_steps.py [PROFILE]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


def main(argv: list[str]) -> int:
    """Run the machine once under the profile and print the counts."""
    profile = argv[0] if argv else "ci"
    os.environ["HYPOTHESIS_PROFILE"] = profile
    sys.path.insert(0, str(TESTS))
    from hypothesis import settings
    from hypothesis.stateful import initialize, invariant, run_state_machine_as_test

    import conftest  # noqa: F401  (registers and loads the profile)
    from test_lifecycle_machine import LifecycleAgainstModel

    counts = {"runs": 0, "steps": 0}

    class Counted(LifecycleAgainstModel):
        @initialize()
        def count_the_run(self) -> None:
            counts["runs"] += 1

        @invariant()
        def count_the_step(self) -> None:
            counts["steps"] += 1

    started = time.perf_counter()
    run_state_machine_as_test(Counted, settings=settings(database=None))
    seconds = time.perf_counter() - started
    # The invariants also run once after the initial rules of every run.
    steps = counts["steps"] - counts["runs"]
    active = settings.default
    print(
        f"profile {profile}: max_examples={active.max_examples}, "
        f"stateful_step_count={active.stateful_step_count}"
    )
    print(f"runs {counts['runs']:,}  steps {steps:,}  seconds {seconds:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
