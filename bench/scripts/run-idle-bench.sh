#!/usr/bin/env bash
# Idle cost: the service with 5 live wrappers (refreshing every 30 s as real ones do)
# and the default 30 s tick, CPU sampled from /proc over a window, per thread.
#
#   bench/scripts/run-idle-bench.sh [WINDOW_SEC=300] [SETTLE_SEC=60]
#
# Env: JAVA (default Java 17), JVM_OPTIONS (default deploy/jvm.options), TAG (result
# name suffix, default java17), EXTRA_ARGS (more service arguments), EXTRA_JVM_FLAGS,
# JAR, SVC_CWD and HEALTH_WAIT as in run-mem-bench.sh (the bare Boot app runs the same way);
# VISIT, paths to GET once each right after health answers, as a person who looks and leaves
# (a path ending in /stream is read for 3 s, then closed).
# The window starts SETTLE_SEC after /actuator/health first answers (start-up and its
# JIT work are the start benchmark's business) and nothing calls the service during it.
# Writes bench/results/raw/idle-$TAG.json (summary), -timeline.csv and -threads.csv.
source "$(dirname "$0")/lib.sh"
WINDOW=${1:-300}
SETTLE=${2:-60}
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
ensure_jar

dir=$WORK/wrappers
live_wrappers 5 "$dir"
refresher "$dir" $((WINDOW + SETTLE + 120))
port=$(free_port)
# shellcheck disable=SC2086
START_CMD="${EXTRA_JVM_FLAGS:-} -jar $JAR" start_service "$JAVA" "$port" "$dir" "$WORK/service.log" ${EXTRA_ARGS:-}
wait_health "$port" "${HEALTH_WAIT:-60}"
for path in ${VISIT:-}; do
	if [[ $path == */stream ]]; then
		curl -sN -m 3 -o /dev/null "http://127.0.0.1:$port$path" || true
	else
		curl -sf -o /dev/null "http://127.0.0.1:$port$path"
	fi
done
echo "service pid $SVC_PID on :$port; settling ${SETTLE}s, then watching ${WINDOW}s" >&2
sleep "$SETTLE"
out=$RESULTS/idle-$TAG
summary=$(python3 "$TOOLS/proc_watch.py" "$SVC_PID" --duration "$WINDOW" --interval 10 --out "$out")
presence=$(curl -sf "http://127.0.0.1:$port/actuator/presence" || echo '{}')
# Full thread names (comm keeps 15 characters): jcmd's nid is the thread's tid in hex.
jcmd "$SVC_PID" Thread.print >"$WORK/threads.txt" 2>/dev/null || true
python3 - "$summary" "$presence" "$WINDOW" "$(jvm_flags)" "$("$JAVA" -version 2>&1 | head -1)" \
	"$WORK/threads.txt" "$out-threads.csv" >"$out.json" <<'EOF'
import csv, json, os, re, sys
s = json.loads(sys.argv[1]); p = json.loads(sys.argv[2])
s["git"] = os.environ.get("GIT_REV")
names = {int(nid, 16): name for name, nid in
         re.findall(r'^"([^"]+)".*? nid=0x([0-9a-f]+)', open(sys.argv[6]).read(), re.M)}
rows = list(csv.DictReader(open(sys.argv[7])))
for r in rows:
    r["java_name"] = names.get(int(r["tid"]), "")
with open(sys.argv[7], "w", newline="") as f:
    w = csv.DictWriter(f, list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
s["top_threads_ms"] = {(names.get(int(k.rsplit("(", 1)[1][:-1])) or k): v for k, v in s["top_threads_ms"].items()}
s.update({"fresh_at_end": p.get("fresh"), "stale_at_end": p.get("stale"), "orphan_at_end": p.get("orphan"),
          "budget_ms": 0.001 * 1000 * float(sys.argv[3]), "jvm_options": sys.argv[4], "java": sys.argv[5],
          "tick_sec": 30, "wrappers": 5})
print(json.dumps(s, indent=1))
EOF
cat "$out.json"
stop_service
