#!/bin/sh
# taskmaster set-up for a fresh Debian 12 machine.
#
#   ./setup.sh          install what is missing, build into build/
#   ./setup.sh run      the same, then start taskmaster (the console) on
#                       the sample config; q quits and stops everything
#   ./setup.sh test     build with ASan + UBSan into build-test/ and run
#                       the whole test suite there; build as released
#                       into build/ and run it again from the tarball
#                       (make distcheck); then the fuzzers
#   ./setup.sh fuzz     build the fuzzers with clang into build-fuzz/ and
#                       run each for FUZZ_SECONDS (30)
#   ./setup.sh deps     only install the dependencies
#
# Dependencies come from Debian packages. As root they are installed with
# apt-get; otherwise the exact command to run is printed.

set -eu

PACKAGES="build-essential autoconf automake pkg-config libncurses-dev
libvterm-dev libyaml-dev libinih-dev libevent-dev libcmocka-dev tmux
python3 procps vim less util-linux clang libclang-rt-14-dev
libssl-dev libcurl4-openssl-dev libjansson-dev python3-aiosmtpd openssl"

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

say() { printf 'setup: %s\n' "$*" >&2; }

deps() {
	missing=
	for p in $PACKAGES; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q 'install ok installed'; then
			missing="$missing $p"
		fi
	done
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages:$missing"
		say "install them with:"
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	say "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends $missing; then
		apt-get update
		apt-get install -y --no-install-recommends $missing
	fi
}

bootstrap() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] ||
	    [ Makefile.am -nt configure ]; then
		say "autoreconf"
		autoreconf -fi
	fi
}

# Whether the tree itself was configured (./configure && make): builds
# in folders are refused then, so "run" uses that build, and "test",
# which needs its own folders, cleans it first.
intree() {
	[ -f "$top/config.status" ]
}

# build DIR CONFIGURE-ARGS...: configure (once) and make in DIR.
build() {
	dir=$1
	shift
	if intree; then
		if [ "$dir" = . ]; then
			say "make in the tree (configured in place)"
			make -C "$top" -j"$(nproc)"
			return
		fi
		say "the tree was configured in place: make distclean, so that" \
		    "$dir/ can have its own build"
		make -C "$top" distclean >/dev/null
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/Makefile" ]; then
		say "configure $* in $dir/"
		(cd "$dir" && "$top/configure" "$@")
	fi
	say "make in $dir/"
	make -C "$dir" -j"$(nproc)"
}

# failed_logs LOG...: what the failed tests printed (automake's
# test-suite.log holds only theirs), so a failure can be read from the
# output alone.
failed_logs() {
	for f in "$@"; do
		[ -f "$f" ] || continue
		say "the failed tests' logs ($f):"
		sed -n '/^\(FAIL\|ERROR\|XPASS\): /,$p' "$f" | head -n 400
	done
}

# check DIR: run the suite in a build folder; adds to the totals.
total_pass=0
total_fail=0
total_skip=0
check() {
	dir=$1
	rc=0
	make -C "$dir" -j"$(nproc)" check || rc=$?
	log="$dir/test-suite.log"
	if [ ! -f "$log" ]; then
		say "$dir: no test log (the build failed)"
		total_fail=$((total_fail + 1))
		return 1
	fi
	pass=$(sed -n 's/^# PASS: *//p' "$log")
	fail=$(sed -n 's/^# FAIL: *//p' "$log")
	error=$(sed -n 's/^# ERROR: *//p' "$log")
	xpass=$(sed -n 's/^# XPASS: *//p' "$log")
	skip=$(sed -n 's/^# SKIP: *//p' "$log")
	fail=$(( ${fail:-0} + ${error:-0} + ${xpass:-0} ))
	[ "$fail" -eq 0 ] || failed_logs "$log"
	say "$dir: ${pass:-0} passed, $fail failed, ${skip:-0} skipped"
	total_pass=$((total_pass + ${pass:-0}))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + ${skip:-0}))
	return $rc
}

# The suite on both spawn paths: the sanitizer build (fork, ASan and
# UBSan watching) and the release build (vfork, as shipped). The release
# build's run is "make distcheck": the suite runs from the tarball, so a
# file the tarball lacks fails a test, and install and uninstall are
# checked too. The last line is "N passed, N failed" over everything.
run_tests() {
	rc=0
	if ! build build-test --enable-sanitize --enable-debug; then
		say "build-test: the build failed"
		total_fail=$((total_fail + 1))
		rc=1
	else
		check build-test || rc=1
	fi
	distcheck || rc=1
	fuzz || rc=1
	[ "$total_skip" -eq 0 ] || echo "${total_skip} skipped"
	echo "${total_pass} passed, ${total_fail} failed"
	return $rc
}

# make distcheck in build/: its test summary adds to the totals; a
# failure outside the tests (packaging, install) counts as one.
distcheck() {
	if ! build build; then
		say "build: the build failed"
		total_fail=$((total_fail + 1))
		return 1
	fi
	drc=0
	out=$(make -C build -j"$(nproc)" distcheck AM_COLOR_TESTS=no 2>&1) ||
	    drc=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):|^# [A-Z]+: ' ||
	    true
	pass=$(printf '%s\n' "$out" | sed -n 's/^# PASS: *//p' | tail -n 1)
	fail=$(printf '%s\n' "$out" | sed -n 's/^# FAIL: *//p' | tail -n 1)
	error=$(printf '%s\n' "$out" | sed -n 's/^# ERROR: *//p' | tail -n 1)
	xpass=$(printf '%s\n' "$out" | sed -n 's/^# XPASS: *//p' | tail -n 1)
	skip=$(printf '%s\n' "$out" | sed -n 's/^# SKIP: *//p' | tail -n 1)
	fail=$(( ${fail:-0} + ${error:-0} + ${xpass:-0} ))
	# distcheck leaves its build folder behind when it fails.
	[ "$fail" -eq 0 ] || failed_logs build/taskmaster-*/_build/sub/test-suite.log
	if [ "$drc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		printf '%s\n' "$out" | tail -n 30
		say "distcheck failed outside the tests"
		fail=1
	fi
	say "distcheck: ${pass:-0} passed, $fail failed, ${skip:-0} skipped"
	total_pass=$((total_pass + ${pass:-0}))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + ${skip:-0}))
	return $drc
}

# The fuzzers, with clang's libFuzzer, FUZZ_SECONDS each (30 by default):
# each target that ran without a crash counts as one test passed.
fuzz() {
	if ! build build-fuzz CC=clang --enable-fuzz; then
		say "build-fuzz: the build failed"
		total_fail=$((total_fail + 1))
		return 1
	fi
	frc=0
	out=$(make -s -C build-fuzz fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" \
	    2>&1) || frc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ') || true
	f=$(printf '%s\n' "$out" | grep -c '^not ok ') || true
	say "build-fuzz: $p fuzzers passed, $f failed"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$frc" -eq 0 ] || [ "$f" -gt 0 ] || total_fail=$((total_fail + 1))
	return $frc
}

case "${1:-build}" in
deps)
	deps
	;;
fuzz)
	deps
	bootstrap
	fuzz
	;;
build)
	deps
	bootstrap
	out=build
	! intree || out=.
	build "$out"
	say "built: $out/taskmaster, $out/taskmasterd, $out/taskmasterctl"
	;;
run)
	deps
	bootstrap
	out=build
	! intree || out=.
	build "$out"
	if [ -t 0 ] && [ -t 1 ]; then
		say "starting taskmaster on samples/taskmaster.yaml (q quits)"
		exec "$out/taskmaster" -c samples/taskmaster.yaml
	fi
	say "no terminal: starting taskmasterd in the foreground instead"
	say "drive it with: $out/taskmasterctl -c samples/taskmaster.yaml status"
	exec "$out/taskmasterd" -n -c samples/taskmaster.yaml
	;;
test)
	deps
	bootstrap
	run_tests
	;;
*)
	echo "usage: ./setup.sh [build|run|test|fuzz|deps]" >&2
	exit 2
	;;
esac
