#!/usr/bin/env bash
# Issue 10's directory rows, against the built jar with the deployed flags (a 128 MB heap
# that exits on running out). For each N: N heartbeats of dead wrappers, all STALE, then
#   - `check --json`: time, exit code, bytes printed, heap peak;
#   - the service (cleanup on): time until health says UP (first scan and cleanup of all N
#     done), the slowest of the presence GETs answered meanwhile, log lines and bytes the
#     cleanup wrote, files left, heap peak, whether it is still running.
# Then two hostile directories through the same service run: 50,000 symbolic links
# named like heartbeats, and 2,000 files each carrying a 60 KB uuid.
# Heap peak: the most in use when a collection started, from -Xlog:gc.
#
#   bench/scripts/run-rows-bench.sh [N ...]        default N: 200000 500000
#
# Env: JAVA (default Java 17), TAG (default java17). Writes bench/results/raw/rows-$TAG.jsonl.
source "$(dirname "$0")/lib.sh"
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
SIZES=(${@:-200000 500000})
OUT=$RESULTS/rows-$TAG.jsonl
ensure_jar
: >"$OUT"

millis() { date +%s%3N; }

heap_peak_mb() { # GC_LOG
	python3 - "$1" <<'PY'
import re, sys
peak = 0
for line in open(sys.argv[1]):
    for before, after, committed in re.findall(r"(\d+)M->(\d+)M\((\d+)M\)", line):
        peak = max(peak, int(before))
print(peak)
PY
}

record() { # JSON object text
	echo "$1" | tee -a "$OUT" >&2
}

# check_row NAME DIR: check --json once.
check_row() {
	local name=$1 dir=$2 gc=$WORK/gc-check.log start end code
	start=$(millis)
	code=0
	(cd "$WORK" && IAI_MCP_STORE=$WORK/store "$JAVA" $(jvm_flags) -Xlog:gc:file="$gc" -jar "$JAR" check --json \
		--iai.heartbeat.wrappers-dir="$dir" >"$WORK/check.out" 2>"$WORK/check.err") || code=$?
	end=$(millis)
	record "$(python3 - "$name" "$code" $((end - start)) "$WORK/check.out" "$(heap_peak_mb "$gc")" "$GIT_REV" <<'PY'
import json, os, sys
name, code, ms, out, peak, rev = sys.argv[1:]
row = {"row": name, "what": "check --json", "exit": int(code), "ms": int(ms), "stdout_bytes": os.path.getsize(out),
       "heap_peak_mb": int(peak), "git": rev}
try:
    snap = json.load(open(out))
    row.update({k: snap.get(k) for k in ("fresh", "stale", "orphan", "skipped", "omitted")}, entries=len(snap["entries"]))
except Exception as ex:
    row["stdout_tail"] = open(out, errors="replace").read()[-200:]
print(json.dumps(row))
PY
)"
}

# service_row NAME DIR: the service's first scan and cleanup.
service_row() {
	local name=$1 dir=$2 port log=$WORK/service-$1.log gc=$WORK/gc-$1.log start up_ms=-1 slowest=0 t status
	port=$(free_port)
	start=$(millis)
	START_CMD="-Xlog:gc:file=$gc -jar $JAR" start_service "$JAVA" "$port" "$dir" "$WORK/service-$1.out" \
		--logging.file.name="$log" --logging.threshold.console=OFF
	while (($(millis) - start < 600000)); do
		kill -0 "$SVC_PID" 2>/dev/null || break
		status=$(curl -s -m 10 "http://127.0.0.1:$port/actuator/health" | python3 -c \
			'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true)
		if [[ $status == UP ]]; then up_ms=$(($(millis) - start)); break; fi
		t=$(curl -s -m 10 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/actuator/presence" || echo 0)
		slowest=$(python3 -c "print(max($slowest, int(float('$t') * 1000)))")
		sleep 0.2
	done
	sleep 2
	local alive=false
	kill -0 "$SVC_PID" 2>/dev/null && alive=true
	record "$(python3 - "$name" "$up_ms" "$slowest" "$log" "$dir" "$(heap_peak_mb "$gc")" "$alive" "$GIT_REV" <<'PY'
import json, os, sys
name, up, slowest, log, d, peak, alive, rev = sys.argv[1:]
lines = open(log, errors="replace").read().splitlines() if os.path.exists(log) else []
ours = [l for l in lines if "ScanReporter" in l or "CleanupPolicy" in l]
print(json.dumps({"row": name, "what": "service first scan", "health_up_ms": int(up), "slowest_presence_ms": int(slowest),
                  "log_lines": len(lines), "log_bytes": os.path.getsize(log) if os.path.exists(log) else 0,
                  "scan_log_lines": len(ours), "files_left": len(os.listdir(d)), "heap_peak_mb": int(peak),
                  "still_running": alive == "true", "summary": [l.split(" : ", 1)[-1][:160] for l in ours if "in all" in l],
                  "git": rev}))
PY
)"
	stop_service
}

for n in "${SIZES[@]}"; do
	dir=$WORK/stale-$n
	echo "N=$n stale heartbeats ..." >&2
	python3 "$TOOLS/gen_heartbeats.py" "$n" "$dir" --mix 0,1,0 --live-pids /dev/null >/dev/null
	check_row "stale-$n" "$dir"
	service_row "stale-$n" "$dir"
	rm -rf "$dir"
done

echo "50,000 symbolic links ..." >&2
python3 -c '
import os, sys
d = sys.argv[1]; os.makedirs(d)
for i in range(50000):
    os.symlink("/etc/hostname", os.path.join(d, f"heartbeat-{i}-link.json"))' "$WORK/links"
service_row links-50000 "$WORK/links"

echo "2,000 files with a 60 KB uuid ..." >&2
python3 -c '
import json, os, sys, time
d = sys.argv[1]; os.makedirs(d)
now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
for i in range(2000):
    pid = 4194304 + 1 + i
    with open(os.path.join(d, f"heartbeat-{pid}-u{i}.json"), "w") as f:
        json.dump({"pid": pid, "uuid": "u" * 60000, "started_at": now, "last_refresh": now}, f)' "$WORK/uuids"
check_row uuid-60kb-2000 "$WORK/uuids"
service_row uuid-60kb-2000 "$WORK/uuids"
