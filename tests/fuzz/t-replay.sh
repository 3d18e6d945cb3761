#!/bin/bash
# Every seed of every fuzz target, and every input that once crashed one,
# given to the target once, in this build (sanitizers on in the test
# build). A crash or a sanitizer report fails the test.
set -u
: "${BUILDDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$SRCDIR/tests/fuzz/seeds.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

n=0
failed=0
for t in $FUZZ_TARGETS; do
	paths=()
	while read -r s; do
		[ -e "$s" ] && paths+=("$s")
	done < <(fuzz_seeds "$t")
	n=$((n + 1))
	out=$("$BUILDDIR/tests/fuzz/replay-$t" "${paths[@]}" 2>&1)
	rc=$?
	inputs=$(grep -c '^ok ' <<<"$out")
	if [ "$rc" -eq 0 ] && ! grep -q 'ERROR: \|runtime error' <<<"$out"; then
		echo "ok $n - replay-$t: $inputs inputs, no crash"
	else
		failed=$((failed + 1))
		echo "not ok $n - replay-$t: exit $rc"
		tail -n 20 <<<"$out" | sed 's/^/#   /'
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
