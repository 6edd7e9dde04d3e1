#!/usr/bin/env bash
# Scan benchmark: C syscall floor, Python seed and (when built) the Java scanner,
# side by side on the same generated directories, one at a time.
#
#   bench/scripts/run-scan-bench.sh [N ...]          default N: 100 1000 10000 100000 (1000000 works too:
#                                            4 GB of small files, about 15 minutes)
#
# Env: SEED (path of the Python reference), JAVA (java binary, default `java`),
#      BENCH_JAVA_OPTS (JVM flags for one Java run; by default Java runs twice: as
#      "java" with @deploy/jvm.options, the deployed flags, and as "java-jvm-defaults"
#      with none, i.e. C2 and a heap of 1/4 of RAM), NO_JAVA=1 (skip Java),
#      NO_DROP=1 (keep the page cache),
#      LIVE=distinct|shared (default distinct): fresh files get distinct live pids, one
#      forked process each (bench/live_holder.c), up to LIVE_CAP (default 10000, pid_max
#      is 32768 here) after which they repeat; `shared` = 8 sleep processes for all.
#      OUT=name (default scan): result file stem under bench/results/raw/.
# Writes bench/results/raw/$OUT.jsonl (raw), $OUT.csv, $OUT-env.txt and $OUT.svg.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=$ROOT/bench
TOOLS=$BENCH/tools
RESULTS=$BENCH/results/raw
BUILD=$BENCH/build
SIZES=(${@:-100 1000 10000 100000})
JAVA=${JAVA:-java}
LIVE=${LIVE:-distinct}
LIVE_CAP=${LIVE_CAP:-10000}
OUT=${OUT:-scan}
DROP_FLAG=()
[[ ${NO_DROP:-0} == 1 ]] && DROP_FLAG=(--no-drop)

WORK=$(mktemp -d /tmp/hb-scan-bench.XXXXXX)
PIDS_FILE=$WORK/live-pids
HOLDER=
stop_live() {
	if [[ -n $HOLDER ]]; then
		kill "$HOLDER" 2>/dev/null || true
		wait "$HOLDER" 2>/dev/null || true
		HOLDER=
	elif [[ -s $PIDS_FILE ]]; then
		kill $(cat "$PIDS_FILE") 2>/dev/null || true
	fi
	rm -f "$PIDS_FILE"
}
cleanup() {
	stop_live
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir -p "$RESULTS" "$BUILD"
cc -O2 -Wall -o "$BUILD/floor" "$TOOLS/floor.c"
cc -O2 -Wall -o "$BUILD/live_holder" "$TOOLS/live_holder.c"

# Java harness: built only if its source is in the tree (phase 2 of issue 5).
JAVA_CP=
if [[ ${NO_JAVA:-0} != 1 && -f src/test/java/dev/iaimcp/heartbeat/bench/ScanBenchmark.java ]]; then
	echo "building the Java harness ..." >&2
	timeout 600 ./mvnw -q -DskipTests test-compile dependency:build-classpath \
		-Dmdep.includeScope=runtime -Dmdep.outputFile="$BUILD/java-cp.txt" >&2
	JAVA_CP=$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$BUILD/java-cp.txt")
fi
# name|flags, one Java run each
if [[ -n ${BENCH_JAVA_OPTS+x} ]]; then
	JAVA_VARIANTS=("java|$BENCH_JAVA_OPTS")
elif [[ -f deploy/jvm.options ]]; then
	JAVA_VARIANTS=("java|@$ROOT/deploy/jvm.options" "java-jvm-defaults|")
else
	JAVA_VARIANTS=("java|")
fi

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -srm); $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "fs: $(df -T /tmp | awk 'NR==2 {print $1, $2}') (generated dirs under /tmp)"
	echo "cc: $(cc --version | head -1)"
	echo "python: $(python3 --version 2>&1)"
	[[ -n $JAVA_CP ]] && echo "java: $("$JAVA" -version 2>&1 | head -1); variants: ${JAVA_VARIANTS[*]}"
	echo "live pids: $LIVE (cap $LIVE_CAP)"
	echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench ':!bench/results' || echo ' (dirty)')"
} >"$RESULTS/$OUT-env.txt"

: >"$RESULTS/$OUT.jsonl"
start_live() { # N
	stop_live
	if [[ $LIVE == shared ]]; then
		python3 "$TOOLS/gen_heartbeats.py" 0 "$WORK/spawn" --pids-file "$PIDS_FILE" >/dev/null
		rm -rf "$WORK/spawn"
		return
	fi
	local k=$((($1 + 2) / 3))
	((k > LIVE_CAP)) && k=$LIVE_CAP
	"$BUILD/live_holder" "$k" "$PIDS_FILE" 3600 &
	HOLDER=$!
	for _ in $(seq 600); do [[ -s $PIDS_FILE ]] && return; sleep 0.1; done
	echo "live_holder did not start $k processes" >&2
	exit 1
}
generate() { # N DIR
	rm -rf "$2"
	python3 "$TOOLS/gen_heartbeats.py" "$1" "$2" --live-pids "$PIDS_FILE" >/dev/null
}

record() { # N IMPL OUTPUT: the tool's JSON line, or a row saying what went wrong
	python3 "$TOOLS/record_row.py" "$@" >>"$RESULTS/$OUT.jsonl"
	tail -n 1 "$RESULTS/$OUT.jsonl" | cut -c1-300 >&2
}

for n in "${SIZES[@]}"; do
	# Enough timed scans for a stable median, few enough to stay bounded (<1 min per run).
	if ((n <= 100)); then warm=20 reps=200
	elif ((n <= 1000)); then warm=10 reps=100
	elif ((n <= 10000)); then warm=5 reps=30
	elif ((n <= 100000)); then warm=2 reps=7
	else warm=1 reps=3; fi
	dir=$WORK/wrappers-$n
	echo "N=$n (warm-up $warm, timed $reps)" >&2
	start_live "$n"
	# Regenerated before each implementation so every one sees the same fresh/stale/orphan mix.
	generate "$n" "$dir"
	record "$n" floor "$(timeout 600 "$BUILD/floor" "$dir" "$warm" "$reps" "${DROP_FLAG[@]}" 2>&1)"
	generate "$n" "$dir"
	record "$n" python-seed "$(timeout 900 python3 "$TOOLS/seed_scan.py" "$dir" --warmup "$warm" --reps "$reps" \
		"${DROP_FLAG[@]}" 2>&1)"
	if [[ -n $JAVA_CP ]]; then
		for variant in "${JAVA_VARIANTS[@]}"; do
			read -r -a opts <<<"${variant#*|}"
			generate "$n" "$dir"
			record "$n" "${variant%%|*}" "$(timeout 900 "$JAVA" "${opts[@]}" -cp "$JAVA_CP" \
				dev.iaimcp.heartbeat.bench.ScanBenchmark "$dir" --warmup "$warm" --reps "$reps" "${DROP_FLAG[@]}" 2>&1)"
		done
	fi
	rm -rf "$dir"
done
stop_live

python3 - "$RESULTS/$OUT.jsonl" "$RESULTS/$OUT.csv" <<'EOF'
import csv, json, sys
cols = ["impl", "n", "files", "cold_ms", "warm_median_ms", "warm_min_ms", "warm_max_ms",
        "warmup", "reps", "cache_dropped", "fresh", "stale", "orphan", "alive", "dead",
        "alloc_bytes_per_scan", "gcs_during_reps", "heap_peak_mb", "heap_live_max_mb",
        "retained_by_scan_kb", "heap_max_mb", "error"]
with open(sys.argv[2], "w", newline="") as out:
    w = csv.DictWriter(out, cols, extrasaction="ignore")
    w.writeheader()
    for line in open(sys.argv[1]):
        w.writerow(json.loads(line))
EOF
python3 "$TOOLS/plot_scan.py" "$RESULTS/$OUT.csv" "$RESULTS/$OUT.svg"
python3 - "$RESULTS/$OUT.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'impl':<18} {'n':>7} {'cold ms':>10} {'warm ms':>10} {'us/file':>8} {'heap peak MB':>12}")
for r in rows:
    n = int(r["n"])
    if r["error"]:
        print(f"{r['impl']:<18} {n:>7} failed: {r['error'][:100]}")
        continue
    print(f"{r['impl']:<18} {n:>7} {float(r['cold_ms']):>10.2f} {float(r['warm_median_ms']):>10.3f} "
          f"{float(r['warm_median_ms']) * 1000 / n:>8.2f} {r.get('heap_peak_mb') or '':>12}")
EOF
