#!/usr/bin/env bash
# Crash detection: how long after a lone wrapper's SIGKILL the presence stops showing it
# FRESH, with the default 30 s tick and the directory watch on (a crash writes nothing,
# so the watch cannot help).
#
#   bench/scripts/run-exit-bench.sh [ROUNDS=10]
#
# Env: JAVA, JVM_OPTIONS, TAG (default java17), EXTRA_ARGS, JAR: as in lib.sh.
# Writes bench/results/raw/exit-$TAG.json.
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-10}
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
ensure_jar

dir=$WORK/wrappers
mkdir -p "$dir"
port=$(free_port)
# shellcheck disable=SC2086
start_service "$JAVA" "$port" "$dir" "$WORK/service.log" ${EXTRA_ARGS:-}
wait_health "$port" 120
result=$(python3 "$TOOLS/exit_detection.py" "$port" "$dir" --rounds "$ROUNDS")
python3 - "$result" "$(jvm_flags)" "$("$JAVA" -version 2>&1 | head -1)" >"$RESULTS/exit-$TAG.json" <<'PY'
import json, os, sys
r = json.loads(sys.argv[1])
r.update({"git": os.environ.get("GIT_REV"), "jvm_options": sys.argv[2], "java": sys.argv[3], "tick_sec": 30})
print(json.dumps(r, indent=1))
PY
cat "$RESULTS/exit-$TAG.json"
stop_service
