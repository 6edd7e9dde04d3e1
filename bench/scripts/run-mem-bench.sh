#!/usr/bin/env bash
# Memory after many ticks: the service with a 1 s tick (many scans and cleanups),
# 5 live wrappers refreshing every 30 s plus FILES short-lived dead ones written every
# 30 s (so cleanup has work), and /actuator/presence read every 5 s; VmRSS sampled from
# /proc with the private memory from smaps_rollup (Private_Dirty, Private_Clean, Anonymous).
# At the end of the window /proc/<pid>/smaps_rollup is kept whole, then the JVM's own view:
# heap after a full GC and, with NMT=1, the native memory tracking summary (which costs a
# little memory itself, so it is a separate run from the plain one).
#
#   bench/scripts/run-mem-bench.sh [WINDOW_SEC=300] [FILES=100]
#
# Env: JAVA (default Java 17), JVM_OPTIONS (default deploy/jvm.options), TAG (default
# java17), NMT=1 (add -XX:NativeMemoryTracking=summary), EXTRA_ARGS (service arguments),
# EXTRA_JVM_FLAGS (more JVM flags, after JVM_OPTIONS), JAR and SVC_CWD as in lib.sh (the
# bare Boot app of bench/tools/baseline runs the same way: it ignores the service's arguments and
# answers 404 for presence), HEALTH_WAIT (seconds to wait for start-up, default 60).
# Writes bench/results/raw/mem-$TAG.json, -timeline.csv, -threads.csv, -smaps_rollup.txt,
# -heap.txt (-nmt.txt).
source "$(dirname "$0")/lib.sh"
WINDOW=${1:-300}
FILES=${2:-100}
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
ensure_jar

dir=$WORK/wrappers
live_wrappers 5 "$dir"
refresher "$dir" $((WINDOW + 120))
# Churn: a batch of dead wrappers' files every 30 s, each cleaned up by the next tick.
(
	end=$((SECONDS + WINDOW + 60))
	i=0
	while ((SECONDS < end)); do
		python3 "$TOOLS/gen_heartbeats.py" "$FILES" "$WORK/batch" --seed $((i++)) --mix 0,1,1 \
			--live-pids "$WORK/live-pids" >/dev/null
		mv "$WORK"/batch/heartbeat-* "$dir"/ 2>/dev/null || true
		rm -rf "$WORK/batch"
		sleep 30
	done
) &
kill_on_exit $!

# shellcheck disable=SC2206 # EXTRA_JVM_FLAGS is a word list (e.g. an AOT cache flag)
extra=(${EXTRA_JVM_FLAGS:-})
[[ ${NMT:-0} == 1 ]] && extra+=(-XX:NativeMemoryTracking=summary)
port=$(free_port)
# shellcheck disable=SC2086 # EXTRA_ARGS is a word list
START_CMD="${extra[*]} -jar $JAR" start_service "$JAVA" "$port" "$dir" "$WORK/service.log" \
	--iai.heartbeat.tick-interval-sec=1 ${EXTRA_ARGS:-}
wait_health "$port" "${HEALTH_WAIT:-60}"
(
	while kill -0 "$SVC_PID" 2>/dev/null; do
		curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/presence" || true
		sleep 5
	done
) &
kill_on_exit $!

out=$RESULTS/mem-$TAG
summary=$(python3 "$TOOLS/proc_watch.py" "$SVC_PID" --duration "$WINDOW" --interval 5 --out "$out")
cp "/proc/$SVC_PID/smaps_rollup" "$out-smaps_rollup.txt"
scans=$(curl -sf "http://127.0.0.1:$port/actuator/presence" || echo '{}')
{
	echo "# jcmd GC.heap_info before and after GC.run (a full GC)"
	jcmd "$SVC_PID" GC.heap_info
	jcmd "$SVC_PID" GC.run >/dev/null
	jcmd "$SVC_PID" GC.heap_info
} >"$out-heap.txt" 2>&1 || true
rss_after_gc=$(awk '/VmRSS/ {print $2}' "/proc/$SVC_PID/status")
if [[ ${NMT:-0} == 1 ]]; then
	jcmd "$SVC_PID" VM.native_memory summary >"$out-nmt.txt" 2>&1 || true
fi
python3 - "$summary" "$scans" "$(jvm_flags) ${extra[*]}" "$("$JAVA" -version 2>&1 | head -1)" "$rss_after_gc" \
	"$FILES" "$out-smaps_rollup.txt" "$JAR" "${EXTRA_ARGS:-}" >"$out.json" <<'EOF'
import json, os, sys
s = json.loads(sys.argv[1]); p = json.loads(sys.argv[2])
smaps = {k: int(v.split()[0]) for k, _, v in (l.partition(":") for l in open(sys.argv[7]).read().splitlines()[1:])}
s.update({"jar": sys.argv[8], "args": sys.argv[9], "private_dirty_mib": round(smaps["Private_Dirty"] / 1024, 1),
          "private_mib": round((smaps["Private_Dirty"] + smaps["Private_Clean"]) / 1024, 1),
          "anonymous_mib": round(smaps["Anonymous"] / 1024, 1), "rss_mib_smaps": round(smaps["Rss"] / 1024, 1)})
s["git"] = os.environ.get("GIT_REV")
s.pop("top_threads_ms", None); s.pop("by_family_ms", None)
s.update({"tick_sec": 1, "dead_files_per_30s": int(sys.argv[6]), "jvm_options": sys.argv[3].strip(),
          "java": sys.argv[4], "rss_kib_after_full_gc": int(sys.argv[5]),
          "rss_mib_last": round(s["rss_kib_last"] / 1024, 1), "rss_mib_max": round(s["rss_kib_max"] / 1024, 1),
          "last_cleanup": p.get("cleanup")})
print(json.dumps(s, indent=1, default=str))
EOF
cat "$out.json"
stop_service
