#!/usr/bin/env bash
# Mutation testing of the modules that make or support clinical decisions
# (issue 7). Slow (hours on two cores), so it is not part of CI.
#
#   bash scripts/mutation.sh            # install, run (resumes where it stopped), summarise
#   bash scripts/mutation.sh summary    # only summarise the last run
#   bash scripts/mutation.sh sample 150 # run a random sample of 150 mutants a
#                                       # capability (seed 7, kept in
#                                       # mutants/sample.txt), score it with a 95%
#                                       # interval; the whole run can follow later
#
# Which files are mutated, and which tests run, is set in [tool.mutmut] in
# pyproject.toml. mutmut keeps its results in mutants/ (git-ignored) and re-tests
# only what changed since the last run. The per-module scores go in
# docs/safety/test-strength.md; a surviving mutant is either killed by a new
# test or listed there with why it is equivalent.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
names=()
only=()
if [ "${1:-}" = "sample" ]; then
    if [ ! -s mutants/sample.txt ]; then
        # mutmut makes the mutants (and mutants/) on its first run; drawing the
        # sample needs their names, so a first sample run asks mutmut for a
        # mutant that does not exist: it makes them all, records which tests
        # reach each function, then stops with "nothing matches" (ignored here).
        if [ ! -d mutants/src ]; then
            .venv/bin/pip install -q -e '.[test,mutation]'
            HYPOTHESIS_PROFILE=mutation .venv/bin/mutmut run parentinfant.none__mutmut_0 || true
        fi
        .venv/bin/python scripts/mutation_summary.py sample "${2:-150}" --seed 7 > mutants/sample.txt
    fi
    mapfile -t names < mutants/sample.txt
    only=(--only mutants/sample.txt)
fi
if [ "${1:-}" != "summary" ]; then
    .venv/bin/pip install -q -e '.[test,mutation]'
    # Fewer examples per property: the suite runs once for every mutant, and the
    # example-based tests carry the weight here (tests/conftest.py).
    HYPOTHESIS_PROFILE=mutation .venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" \
        "${names[@]}" || true
fi
.venv/bin/python scripts/mutation_summary.py "${only[@]}"
