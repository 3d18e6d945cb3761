#!/bin/bash
# Line coverage of taskmaster's sources from gcov counters: for each file
# of src/, the share of its lines that ran, then the total over src/.
# Usage: coverage.sh OBJDIR (the build's src/, where .gcno and .gcda are).
set -eu
objdir=$1
cd "$objdir"
shopt -s nullglob
gcno=(*.gcno)
[ "${#gcno[@]}" -gt 0 ] || {
	echo "coverage: no counters in $objdir (configure --enable-coverage)" >&2
	exit 1
}
gcov -n -o . "${gcno[@]}" 2>/dev/null | awk '
	/^File / {
		f = $2; gsub(/\047/, "", f)
		keep = f ~ /\/src\/[^\/]+\.c$/
		sub(/.*\//, "", f)
		next
	}
	keep && /^Lines executed:/ {
		split($0, a, /[:% ]+/)
		# A file built into two objects: keep its best run.
		if (!(f in lines) || a[3] > pct[f]) {
			pct[f] = a[3]; lines[f] = a[5]
		}
		keep = 0
	}
	END {
		for (f in lines) {
			printf "%-24s %6.1f%% of %5d lines\n", f, pct[f], lines[f]
			run += pct[f] * lines[f] / 100; all += lines[f]
		}
		printf "%-24s %6.1f%% of %5d lines\n", "src/ total", \
		    100 * run / all, all
	}' | sort -k1,1 | awk '/^src\/ total/ { t = $0; next } { print } END { print t }'
