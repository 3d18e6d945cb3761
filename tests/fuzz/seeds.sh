# The seed inputs of each fuzz target, sourced by run.sh and t-replay.sh:
# fuzz_seeds TARGET prints the files and folders to start from (the
# configs the tests already keep, the protocol frames kept here) and the
# inputs of crashes fixed since (regress/TARGET).
fuzz_seeds() {
	local top=$SRCDIR/tests
	case $1 in
	cfg-yaml)
		ls "$top"/configs/good/*.yaml "$top"/configs/bad/*.yaml \
		    "$SRCDIR"/samples/*.yaml 2>/dev/null
		;;
	cfg-ini)
		ls "$top"/configs/good/*.conf "$top"/configs/bad/*.conf \
		    "$top"/configs/supervisord/*.conf \
		    "$SRCDIR"/samples/*.conf 2>/dev/null
		;;
	alert-header)
		echo "$top/fuzz/corpus/alert-header"
		ls "$top"/configs/good/*.headers "$top"/configs/bad/*.headers \
		    2>/dev/null
		;;
	proto|handshake|listener)
		echo "$top/fuzz/corpus/$1"
		;;
	esac
	echo "$top/fuzz/regress/$1"
}
FUZZ_TARGETS="cfg-yaml cfg-ini proto handshake alert-header listener"
