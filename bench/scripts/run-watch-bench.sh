#!/usr/bin/env bash
# The directory watch's modes side by side (issue 11): idle CPU of each (the idle benchmark,
# run once per mode and repeated, interleaved so that a busy spell of the shared machine
# hits every mode alike), then how fast each sees a wrapper come, refresh and exit, timed
# by the jar's own `verify` against a service run in that mode.
#
#   bench/scripts/run-watch-bench.sh [REPEATS=2] [WINDOW_SEC=300] [SETTLE_SEC=60] [VERIFY_RUNS=5]
#
# Env: MODES (default "off inotify poll"), JAR, JAVA, JVM_OPTIONS as for lib.sh.
# Writes results/raw/idle-watch-<mode>-<n>.{json,...} (run-idle-bench.sh's files) and
# results/raw/watch-modes.csv: one row per idle run and one per verify run.
source "$(dirname "$0")/lib.sh"
REPEATS=${1:-2}
WINDOW=${2:-300}
SETTLE=${3:-60}
VERIFY_RUNS=${4:-5}
MODES=${MODES:-off inotify poll}
JAVA=${JAVA:-$JAVA17}
ensure_jar
export JAR JAVA JVM_OPTIONS
csv=$RESULTS/watch-modes.csv
echo "git,mode,run,kind,cpu_ms,cpu_pct_of_one_core,watch_thread_ms,new_s,refresh_s,exit_s,crash_s" >"$csv"

for run in $(seq "$REPEATS"); do
	for mode in $MODES; do
		echo "idle: mode $mode, run $run" >&2
		TAG=watch-$mode-$run EXTRA_ARGS=--iai.heartbeat.watch=$mode "$SCRIPTS/run-idle-bench.sh" "$WINDOW" "$SETTLE" >/dev/null
		python3 - "$RESULTS/idle-watch-$mode-$run.json" "$mode" "$run" >>"$csv" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
watch = sum(v for k, v in s["by_family_ms"].items() if k.startswith("heartbeat-watch"))
print(f'{s["git"]},{sys.argv[2]},{sys.argv[3]},idle,{s["cpu_ms"]},{s["cpu_pct_of_one_core"]},{watch:.1f},,,,')
PY
	done
done

# Detection: a 5 s tick keeps each verify short; the watch, not the tick, is what is timed.
for mode in $MODES; do
	[[ $mode == off ]] && continue
	port=$(free_port)
	start_service "$JAVA" "$port" "$WORK/wrappers-$mode" "$WORK/service-$mode.log" \
		--iai.heartbeat.watch="$mode" --iai.heartbeat.tick-interval-sec=5
	wait_health "$port" 60
	for run in $(seq "$VERIFY_RUNS"); do
		# shellcheck disable=SC2046 # jvm_flags is one word or none
		IAI_MCP_STORE=$WORK/store "$JAVA" $(jvm_flags) -jar "$JAR" verify --json --server.port="$port" \
			--iai.heartbeat.wrappers-dir="$WORK/wrappers-$mode" >"$WORK/verify.json" || true
		python3 - "$WORK/verify.json" "$mode" "$run" >>"$csv" <<'PY'
import json, os, sys
v = json.load(open(sys.argv[1])); s = v["seconds"]
g = lambda k: f'{s[k]:.3f}' if k in s else ""
print(f'{os.environ["GIT_REV"]},{sys.argv[2]},{sys.argv[3]},verify{"" if v["ok"] else "-failed"},,,,'
      f'{g("newWrapperSeen")},{g("refreshSeen")},{g("exitSeen")},{g("crashSeen")}')
PY
	done
	stop_service
done
cat "$csv"
