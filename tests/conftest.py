"""Shared test configuration: Hypothesis profiles.

Choose a profile with the ``HYPOTHESIS_PROFILE`` environment variable (or
pytest's ``--hypothesis-profile``):

- ``dev`` (default): 50 examples per property and up to 30 steps per run of a
  state machine; quick enough to run on every change.
- ``ci``: 500 examples per property and up to 50 steps per run of a state
  machine (so the lifecycle machine takes thousands of steps), a reproduction
  blob printed for every failure so it can be replayed with
  ``@reproduce_failure``. ``.ci/run`` uses it.
- ``mutation``: 8 examples per property (10 steps), for ``scripts/mutation.sh``, which runs
  the suite once per mutant; the example-based tests carry the weight there.

No profile has a deadline: shared machines are noisy, and timing belongs in
``benchmarks/``, never in a test's verdict. A few properties whose examples are
expensive (whole-case histories, every public type) set their own smaller
``max_examples`` next to the test, with the reason.

Failing examples found along the way are pinned next to their property with
``@example`` so they run on every profile, every time.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=50, stateful_step_count=30, deadline=None)
settings.register_profile(
    "ci", max_examples=500, stateful_step_count=50, deadline=None, print_blob=True
)
settings.register_profile("mutation", max_examples=8, stateful_step_count=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
