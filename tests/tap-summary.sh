#!/bin/sh
# Run test programs that speak TAP and count their verdicts.
# Usage: tap-summary.sh NAME -- CMD [ARGS...] (one suite), or
#        tap-summary.sh --total FILE... (add up the per-suite counts).
# A suite that exits non-zero without a failing test (a crash, a sanitizer
# report), or that ran no test at all, counts as one more failure, so
# nothing can fail or skip silently.
set -u

if [ "$1" = "--total" ]; then
	shift
	cat "$@" | awk '{ p += $1; f += $2; s += $3 } END {
		printf "%d passed, %d failed (%d s of tests)\n", p, f, s; exit (f > 0) }'
	exit $?
fi

name=$1
shift 2
out=$(mktemp)
start=$(date +%s)
CMOCKA_MESSAGE_OUTPUT=TAP "$@" >"$out" 2>&1
status=$?
pass=$(grep -c '^ok ' "$out")
fail=$(grep -c '^not ok ' "$out")
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	echo "not ok - $name exited with status $status" >>"$out"
fi
# A suite that checked nothing would pass without testing.
if [ "$pass" -eq 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	echo "not ok - $name ran no test" >>"$out"
fi
grep -E '^(not ok|# )' "$out" | grep -v '^# ok - ' | sed "s|^|  [$name] |"
grep -q . "$out" || echo "  [$name] no output"
if [ "$fail" -gt 0 ]; then
	echo "  [$name] output:"; sed 's/^/    /' "$out" | tail -40
fi
secs=$(($(date +%s) - start))
printf '%-28s %4d passed, %d failed  %4d s\n' "$name" "$pass" "$fail" "$secs"
echo "$pass $fail $secs" >>"${TAP_COUNTS:-/dev/null}"
rm -f "$out"
