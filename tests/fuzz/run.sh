#!/bin/bash
# make fuzz: run each libFuzzer target for FUZZ_SECONDS (default 30) from
# its seeds, in a scratch corpus under the build folder. Prints TAP, one
# line per target with its executions and the coverage it reached, and
# keeps any crashing input as BUILD/fuzz/TARGET/crash-* (add it to
# tests/fuzz/regress/TARGET/ once fixed: t-replay.sh then replays it).
set -u
: "${BUILDDIR:=$(pwd)}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${FUZZ_SECONDS:=30}"
. "$SRCDIR/tests/fuzz/seeds.sh"

n=0
failed=0
for t in ${FUZZ_TARGETS_ONLY:-$FUZZ_TARGETS}; do
	n=$((n + 1))
	bin=$BUILDDIR/tests/fuzz/fuzz-$t
	work=$BUILDDIR/fuzz/$t
	mkdir -p "$work/corpus"
	seeds=()
	while read -r s; do
		[ -e "$s" ] && seeds+=("$s")
	done < <(fuzz_seeds "$t")
	# Unique seed files in one folder: libFuzzer reads folders only.
	mkdir -p "$work/seeds"
	for s in "${seeds[@]}"; do
		if [ -d "$s" ]; then
			cp -f "$s"/* "$work/seeds/" 2>/dev/null
		else
			cp -f "$s" "$work/seeds/"
		fi
	done
	"$bin" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$work/" "$work/corpus" "$work/seeds" \
	    >"$work/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	cov=$(grep -Eo 'cov: [0-9]+' "$work/log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -Eo 'ft: [0-9]+' "$work/log" | tail -n 1 | cut -d' ' -f2)
	corpus=$(ls "$work/corpus" | wc -l)
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - fuzz-$t: ${execs:-0} executions in ${FUZZ_SECONDS} s, coverage ${cov:-0} edges, ${ft:-0} features, corpus $corpus"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz-$t: exit $rc after ${execs:-?} executions; see $work/log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
		    "$work/log" | sed 's/^/#   /' | head -n 8
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
