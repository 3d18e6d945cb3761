#!/bin/bash
# What a user sees attached equals what tmux shows for the same program at
# the same size: vi, less on a long file, top, a 256-colour palette and a
# UTF-8 text with wide characters run once under tmux directly and once
# under taskmaster, attached through taskmasterctl inside tmux; the
# capture-pane text of both, with attributes (-e), must match cell for
# cell. Colours 0-15 may be written as 38;5;N or 30+N: the same colour,
# so both are written one way before comparing. top's figures change from
# one second to the next: its numbers are masked and only its header and
# column line are compared.
. "$(dirname "$0")/lib.sh"

for tool in vim less top; do
	if ! command -v "$tool" >/dev/null; then
		ok "# SKIP $tool is not installed"
		tm_done
		exit 0
	fi
done

seq 1 2000 | sed 's/^/this is line /' > "$T/long.txt"
printf 'plain ascii\n日本語のテキスト wide\n中文字符 and emoji 😀 ok\nçà é ü ñ\n|全角|half|\n' > "$T/utf8.txt"
cat > "$T/colors.sh" <<'EOF'
i=0
while [ $i -lt 256 ]; do
	printf '\033[48;5;%dm%4d\033[0m' $i $i
	i=$((i+1))
	[ $((i % 16)) -eq 0 ] && printf '\n'
done
printf '\033[1mbold\033[0m \033[3mitalic\033[0m \033[4munder\033[0m \033[7mrev\033[0m'
printf ' \033[9mstrike\033[0m \033[38;2;10;200;30mrgb\033[0m \033[38;5;202mfg202\033[0m\n'
exec sleep 1000
EOF

# name, then the command both ways.
PROGRAMS=(
	"vi|vim -u NONE -N -n -i NONE $T/long.txt"
	"less|less $T/long.txt"
	"colors|sh $T/colors.sh"
	"utf8|sh -c 'cat $T/utf8.txt; exec sleep 1000'"
	"top|top -d 1000"
)
# Every program as sh -c "exec ...", the way the direct run starts it.
{
	for p in "${PROGRAMS[@]}"; do
		name=${p%%|*}
		cmd=${p#*|}
		printf '  %s:\n    cmd: ["sh", "-c", %s]\n    starttime: 0\n' \
		    "$name" "$(python3 -c 'import json,sys; print(json.dumps("exec " + sys.argv[1]))' "$cmd")"
	done
} | tm_config
tm_start
for p in "${PROGRAMS[@]}"; do
	tm_wait_state "${p%%|*}" RUNNING
done

# Normalise a capture: colours 0-15 in one form.
normalise() {
	python3 -c '
import re, sys
def fix(m):
    parts = m.group(1).split(";")
    out, i = [], 0
    while i < len(parts):
        p = parts[i]
        if p in ("38", "48") and i + 2 < len(parts) and parts[i + 1] == "5" and int(parts[i + 2]) < 16:
            n = int(parts[i + 2])
            base = 30 if p == "38" else 40
            out.append(str(base + n if n < 8 else base + 60 + n - 8))
            i += 3
            continue
        out.append(p)
        i += 1
    return "\033[" + ";".join(out) + "m"
sys.stdout.write(re.sub(r"\033\[([0-9;]*)m", fix, sys.stdin.read()))
'
}
# top: numbers masked, runs of blanks squeezed, header and column line.
mask_top() {
	sed -n '1,5p;7p' | sed -E 's/ *[0-9]+([.:,][0-9]+)*/#/g; s/ +/ /g'
}

capture() {
	# Wait until something is drawn and the screen stops changing
	# (two equal captures 0.1 s apart), for 10 s at most.
	local prev= cur i
	for i in $(seq 1 100); do
		cur=$(tm_tmux capture-pane -p -e 2>/dev/null)
		if [ -n "$(printf '%s' "$cur" | tr -d '[:space:]')" ] &&
		    [ "$cur" = "$prev" ]; then
			break
		fi
		prev=$cur
		sleep 0.1
	done
	printf '%s\n' "$cur"
}

for p in "${PROGRAMS[@]}"; do
	name=${p%%|*}
	cmd=${p#*|}
	tm_tmux_new 80 24 "TERM=xterm-256color exec sh -c $(printf '%q' "exec $cmd")"
	capture | normalise > "$T/direct-$name"
	tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach $name"
	capture | normalise > "$T/attached-$name"
	tm_tmux_cleanup
	if [ "$name" = top ]; then
		mask_top < "$T/direct-$name" > "$T/direct-$name.m"
		mask_top < "$T/attached-$name" > "$T/attached-$name.m"
		check "$name looks the same attached as under tmux" \
		    cmp -s "$T/direct-$name.m" "$T/attached-$name.m"
	else
		check "$name looks the same attached as under tmux" \
		    cmp -s "$T/direct-$name" "$T/attached-$name"
	fi
	if ! cmp -s "$T/direct-$name" "$T/attached-$name" && [ "$name" != top ]; then
		diff "$T/direct-$name" "$T/attached-$name" | head -n 6 | sed 's/^/#   /'
	fi
done

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
