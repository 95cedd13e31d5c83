"""Shared test configuration: Hypothesis profiles.

Choose a profile with the ``HYPOTHESIS_PROFILE`` environment variable:

- ``dev`` (default): 50 examples per property, no deadline (shared machines are
  noisy, and timing belongs in ``benchmarks/``, never in a test's verdict).
- ``ci``: 200 examples per property, no deadline, and a reproduction blob
  printed for every failure so it can be replayed with ``@reproduce_failure``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
