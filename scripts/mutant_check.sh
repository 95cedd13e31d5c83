#!/usr/bin/env bash
# Does a test kill a mutant? Runs the given tests against one or more mutants
# from the last mutation run (mutants/, made by scripts/mutation.sh), without
# touching src/ and without waiting for a whole mutmut run.
#
#   bash scripts/mutant_check.sh tests/test_records.py -- NAME [NAME ...]
#   bash scripts/mutant_check.sh "tests/test_a.py tests/test_b.py -k refus" -- NAME ...
#
# NAME is a mutant as `mutmut results` or scripts/mutation_summary.py print it,
# e.g. parentinfant.records.x_record_name__mutmut_12. Prints "killed" or
# "SURVIVED" for each; the exit status is the number that survived.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tests="$1"; shift
[ "${1:-}" = "--" ] && shift
if [ ! -d "$root/mutants/src" ]; then
    echo "no mutants/ yet: run bash scripts/mutation.sh first" >&2; exit 99
fi
args=()
for t in $tests; do
    # Paths are the repository's; anything else (-k, its expression) goes as it is.
    if [ -e "$root/${t#"$root"/}" ]; then args+=("$root/${t#"$root"/}"); else args+=("$t"); fi
done
cd "$root/mutants"
run() {
    PYTHONPATH=src HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-mutation}" \
        "$root/.venv/bin/python" -m pytest -p no:cacheprovider -q -x \
        --no-header -p no:randomly "${args[@]}" >/dev/null 2>&1
}
if ! MUTANT_UNDER_TEST= run; then
    echo "the tests fail without any mutant: fix them first" >&2; exit 98
fi
survived=0
for name in "$@"; do
    if MUTANT_UNDER_TEST="$name" run; then
        echo "SURVIVED $name"; survived=$((survived + 1))
    else
        echo "killed   $name"
    fi
done
exit "$survived"
