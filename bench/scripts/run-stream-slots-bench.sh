#!/usr/bin/env bash
# Event stream slots: how soon all 16 come free after their readers close, by the way
# they close (FIN, reset, plain close); see bench/tools/stream_slots.py. Default settings
# (5 s idle timeout, so a keep-alive every 2.5 s), an empty wrappers directory.
#
#   bench/scripts/run-stream-slots-bench.sh [ROUNDS=20]
#
# Env: JAVA, JVM_OPTIONS, TAG (default java17), JAR: as in lib.sh (JAR=... measures
# another build, for a baseline, with JAR_REV=<its commit> to record); MODES (default close,rst,half-close; a build that does
# not watch its readers keeps a half-closed one's slot for days: leave it out). Writes bench/results/raw/stream-slots-$TAG.jsonl.
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-20}
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
ensure_jar

dir=$WORK/wrappers
mkdir -p "$dir"
port=$(free_port)
start_service "$JAVA" "$port" "$dir" "$WORK/service.log" --iai.heartbeat.cleanup-enabled=false
wait_health "$port" 120
out=$RESULTS/stream-slots-$TAG.jsonl
timeout 1800 python3 "$TOOLS/stream_slots.py" "$port" --rounds "$ROUNDS" --modes "${MODES:-close,rst,half-close}" | python3 -c '
import json, os, sys
for line in sys.stdin:
    r = json.loads(line)
    r.update({"git": os.environ.get("JAR_REV") or os.environ.get("GIT_REV"), "jar": sys.argv[1]})
    print(json.dumps(r))
' "$JAR" >"$out"
cat "$out"
stop_service
