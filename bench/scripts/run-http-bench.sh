#!/usr/bin/env bash
# HTTP latency under load on loopback: wrk -t2 -c200 -d10s --latency against
# /actuator/presence and /actuator/health, the service holding 5 live wrappers.
# wrk shares the 2 cores with the service, so these are numbers for this machine
# with its load generator on board, not for the service alone.
#
#   bench/scripts/run-http-bench.sh [DURATION=10s] [CONNECTIONS=200]
#
# Env: JAVA (default Java 17), JVM_OPTIONS, TAG (default java17), EXTRA_ARGS, and
# EXTRA_JVM_FLAGS, JAR, SVC_CWD, HEALTH_WAIT as in run-mem-bench.sh.
# Each path gets a 5 s warm-up run first (discarded). Writes bench/results/raw/http-$TAG.csv
# and the raw wrk output http-$TAG.txt.
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10s}
CONNS=${2:-200}
JAVA=${JAVA:-$JAVA17}
TAG=${TAG:-java17}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
ensure_jar

dir=$WORK/wrappers
live_wrappers 5 "$dir"
port=$(free_port)
# shellcheck disable=SC2086
START_CMD="${EXTRA_JVM_FLAGS:-} -jar $JAR" start_service "$JAVA" "$port" "$dir" "$WORK/service.log" ${EXTRA_ARGS:-}
wait_health "$port" "${HEALTH_WAIT:-60}"

raw=$RESULTS/http-$TAG.txt
: >"$raw"
for path in /actuator/presence /actuator/health; do
	url="http://127.0.0.1:$port$path"
	timeout 60 wrk -t2 -c"$CONNS" -d5s "$url" >/dev/null
	echo "== $path" >>"$raw"
	timeout 120 wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$url" | tee -a "$raw" >&2
done
python3 - "$raw" "$RESULTS/http-$TAG.csv" "$CONNS" "$DURATION" <<'EOF'
import csv, os, re, sys
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rows = []
for block in open(sys.argv[1]).read().split("== ")[1:]:
    path = block.split("\n", 1)[0].strip()
    pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", block, re.M)}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", block)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", block)
    errors = re.search(r"Socket errors: (.*)", block)
    rows.append({"path": path, "connections": sys.argv[3], "duration": sys.argv[4],
                 "p50_ms": pct.get("50"), "p75_ms": pct.get("75"), "p90_ms": pct.get("90"), "p99_ms": pct.get("99"),
                 "requests_per_sec": float(rps.group(1)) if rps else None,
                 "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(1) if errors else "",
                 "git": os.environ.get("GIT_REV")})
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
for r in rows:
    print(r)
EOF
stop_service
