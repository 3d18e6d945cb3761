#!/bin/bash
# Real supervisord.conf files from public projects (tests/configs/
# supervisord/, each with its source in a header) run unchanged but for
# stand-in commands, users dropped and paths under a private root
# (real-configs.py): --check accepts each, every autostart process
# reaches RUNNING under the name supervisorctl would show, computed with
# supervisord's own rules, and the log files land where the config says.
# A config with [fcgi-program] is refused, saying why; so is one that
# supervisord itself refuses (its header says so).
. "$(dirname "$0")/lib.sh"

python3 "$SRCDIR/tests/integration/real-configs.py" \
    "$SRCDIR/tests/configs/supervisord" "$T" "$SOCK" "$LOG" >"$T/plan" ||
    { not_ok "real-configs.py prepares the configs"; tm_done; exit 1; }
. "$T/env"

# Whether a config or what it includes has an [fcgi-program].
has_fcgi() {
	grep -rqs '^\[fcgi-program:' "$T/cfg/$1" "$T/root/${1%%-*}"
}

while IFS='|' read -r file names logs expect; do
	CONF="$T/cfg/$file"
	if [ "$expect" = refuse ]; then
		# supervisord refuses it too (its header says why).
		check "$file: refused, as supervisord refuses it" sh -c \
		    "! '$TASKMASTERD' --check -c '$CONF' >/dev/null 2>&1"
		continue
	fi
	if has_fcgi "$file"; then
		"$TASKMASTERD" --check -c "$CONF" >"$T/check.out" 2>&1
		check "$file: refused (fcgi-program), saying why" grep -q \
		    "fcgi-program.*not supported" "$T/check.out"
		continue
	fi
	if ! "$TASKMASTERD" --check -c "$CONF" >"$T/check.out" 2>&1; then
		not_ok "$file: --check accepts it"
		sed 's/^/#   /' "$T/check.out" | grep -v warning | head -n 5
		continue
	fi
	ok "$file: --check accepts it"
	rm -f "$LOG"
	tm_start
	bad=
	for n in $names; do
		tm_wait_state "$n" RUNNING || bad="$bad $n"
	done
	check_eq "$file: every autostart process RUNNING by its name" "" "$bad"
	missing=
	for l in $logs; do
		tm_wait "log ${l%%=*}" grep -q "${l#*=} started" "${l%%=*}" ||
		    missing="$missing ${l%%=*}"
	done
	check_eq "$file: the log files where the config says" "" "$missing"
	tm_ctl shutdown >/dev/null 2>&1
	tm_wait "daemon gone" sh -c "! kill -0 $DPID 2>/dev/null"
	DPID=
done <"$T/plan"

tm_done
