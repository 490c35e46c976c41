#!/usr/bin/env bash
# fuzz.sh: a long fuzzing session over every fuzz target of the package.
#
# Usage: ./fuzz.sh [DURATION] [TARGET...]
#   DURATION  how long to fuzz each target, as `go test -fuzztime` takes it:
#             1h, 30m, 90s, or a count of executions such as 1000000x.
#             Default 10m.
#   TARGET    fuzz targets to run (default: every Fuzz function in
#             fuzz_test.go: FuzzDecode, FuzzReadCommand, FuzzWriter).
#
# Examples: ./fuzz.sh 1h          every target for an hour, one after another
#           ./fuzz.sh 8h FuzzDecode
#
# Targets run one after another, each with all cores (set GOMAXPROCS or
# FUZZ_PARALLEL to use fewer workers). The corpus the fuzzer grows stays in
# Go's cache ($(go env GOCACHE)/fuzz), so later sessions resume from it. A
# crasher is written to testdata/fuzz/<Target>/ by go test; keep it there as
# a regression test (plain `go test` runs it), fix the bug, and report it.
# The script goes on with the other targets and exits non-zero at the end
# if any target failed.
set -uo pipefail
cd "$(dirname "$0")"

duration=${1:-10m}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	mapfile -t targets < <(grep -oE '^func (Fuzz[A-Za-z0-9_]+)' fuzz_test.go | cut -d' ' -f2)
fi
parallel=()
if [ -n "${FUZZ_PARALLEL:-}" ]; then
	parallel=(-parallel "$FUZZ_PARALLEL")
fi

failed=()
for t in "${targets[@]}"; do
	echo "=== $t for $duration ($(date -u +%H:%M:%S) UTC)"
	# Minimizing is capped at 10s a new input (60s by default): the targets
	# check each input many ways, and minimizing would crowd out fuzzing.
	if ! go test -run '^$' -fuzz "^${t}\$" -fuzztime "$duration" -fuzzminimizetime 10s "${parallel[@]}" .; then
		failed+=("$t")
		echo "--- $t FAILED: the crasher is in testdata/fuzz/$t/ (see git status)"
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "failed: ${failed[*]}"
	exit 1
fi
echo "all targets passed: ${targets[*]}"
