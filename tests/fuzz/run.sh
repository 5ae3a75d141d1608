#!/bin/sh
# Replay a harness's regression inputs, then fuzz it from its seeds for
# FUZZ_SECONDS. Usage: run.sh NAME BUILD. Prints executions per second.
set -u
name=$1 build=$2
# libkdumpfile's own leaks on its error paths, as in make check.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
bin=$build/fuzz_$name
corpus=$build/$name/corpus
mkdir -p "$corpus" "$build/$name"
regress=tests/fuzz/regress/$name
if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
	"$bin" "$regress"/* >"$build/$name/regress.log" 2>&1 || {
		echo "fuzz $name: a regression input fails again:"; tail -30 "$build/$name/regress.log"
		exit 1
	}
fi
seeds=$build/seeds/$name
[ -d "$seeds" ] || seeds=
log=$build/$name/fuzz.log
(cd "$build/$name" && "$(pwd)/../fuzz_$name" -max_total_time="${FUZZ_SECONDS:-60}" \
	-max_len=65536 -rss_limit_mb=4096 -timeout=25 -print_final_stats=1 \
	corpus ${seeds:+"$OLDPWD/$seeds"}) >"$log" 2>&1
status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
echo "fuzz $name: ${execs:-0} runs, ${rate:-0} per second, $(ls "$corpus" | wc -l) in the corpus"
if [ "$status" -ne 0 ]; then
	echo "fuzz $name: found a failing input:"; grep -A25 -m1 'ERROR\|runtime error\|deadly signal' "$log"
	ls "$build/$name"/crash-* "$build/$name"/timeout-* "$build/$name"/leak-* 2>/dev/null
	exit 1
fi
