#!/usr/bin/env bash
# Scan benchmark: C syscall floor, Python seed and (when built) the Java scanner,
# side by side on the same generated directories, one at a time.
#
#   bench/run-scan-bench.sh [N ...]          default N: 100 1000 10000 100000
#
# Env: SEED (path of the Python reference), JAVA (java binary, default `java`),
#      BENCH_JAVA_OPTS (JVM flags for the Java harness; default @deploy/jvm.options
#      when that file exists), NO_JAVA=1 (skip Java), NO_DROP=1 (keep the page cache).
# Writes bench/results/scan.jsonl (raw), scan.csv, scan-env.txt and scan.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
RESULTS=$BENCH/results
BUILD=$BENCH/build
SIZES=(${@:-100 1000 10000 100000})
JAVA=${JAVA:-java}
DROP_FLAG=()
[[ ${NO_DROP:-0} == 1 ]] && DROP_FLAG=(--no-drop)

WORK=$(mktemp -d /tmp/hb-scan-bench.XXXXXX)
PIDS_FILE=$WORK/live-pids
cleanup() {
	[[ -s $PIDS_FILE ]] && kill $(cat "$PIDS_FILE") 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir -p "$RESULTS" "$BUILD"
cc -O2 -Wall -o "$BUILD/floor" "$BENCH/floor.c"

# Java harness: built only if its source is in the tree (phase 2 of issue 5).
JAVA_CP=
if [[ ${NO_JAVA:-0} != 1 && -f src/test/java/dev/iaimcp/heartbeat/bench/ScanBenchmark.java ]]; then
	echo "building the Java harness ..." >&2
	timeout 600 ./mvnw -q -DskipTests test-compile dependency:build-classpath \
		-Dmdep.includeScope=runtime -Dmdep.outputFile="$BUILD/java-cp.txt" >&2
	JAVA_CP=$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$BUILD/java-cp.txt")
	if [[ -z ${BENCH_JAVA_OPTS+x} && -f deploy/jvm.options ]]; then
		BENCH_JAVA_OPTS=@$ROOT/deploy/jvm.options
	fi
fi
read -r -a JAVA_OPTS_ARR <<<"${BENCH_JAVA_OPTS:-}"

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -srm); $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "fs: $(df -T /tmp | awk 'NR==2 {print $1, $2}') (generated dirs under /tmp)"
	echo "cc: $(cc --version | head -1)"
	echo "python: $(python3 --version 2>&1)"
	[[ -n $JAVA_CP ]] && echo "java: $("$JAVA" -version 2>&1 | head -1); opts: ${BENCH_JAVA_OPTS:-none}"
	echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench ':!bench/results' || echo ' (dirty)')"
} >"$RESULTS/scan-env.txt"

: >"$RESULTS/scan.jsonl"
LIVE=
generate() { # N DIR
	rm -rf "$2"
	if [[ -z $LIVE ]]; then
		python3 "$BENCH/gen_heartbeats.py" "$1" "$2" --pids-file "$PIDS_FILE" >/dev/null
		LIVE=$(paste -sd, "$PIDS_FILE")
	else
		python3 "$BENCH/gen_heartbeats.py" "$1" "$2" --live-pids "$LIVE" >/dev/null
	fi
}

record() { # N JSON-LINE
	python3 -c 'import json,sys; d=json.loads(sys.argv[2]); d["n"]=int(sys.argv[1]); print(json.dumps(d))' \
		"$1" "$2" >>"$RESULTS/scan.jsonl"
	echo "  $2" >&2
}

for n in "${SIZES[@]}"; do
	# Enough timed scans for a stable median, few enough to stay bounded (<1 min per run).
	if ((n <= 100)); then warm=20 reps=200
	elif ((n <= 1000)); then warm=10 reps=100
	elif ((n <= 10000)); then warm=5 reps=30
	else warm=2 reps=7; fi
	dir=$WORK/wrappers-$n
	echo "N=$n (warm-up $warm, timed $reps)" >&2
	# Regenerated before each implementation so every one sees the same fresh/stale/orphan mix.
	generate "$n" "$dir"
	record "$n" "$(timeout 600 "$BUILD/floor" "$dir" "$warm" "$reps" "${DROP_FLAG[@]}")"
	generate "$n" "$dir"
	record "$n" "$(timeout 900 python3 "$BENCH/seed_scan.py" "$dir" --warmup "$warm" --reps "$reps" "${DROP_FLAG[@]}")"
	if [[ -n $JAVA_CP ]]; then
		generate "$n" "$dir"
		record "$n" "$(timeout 900 "$JAVA" "${JAVA_OPTS_ARR[@]}" -cp "$JAVA_CP" dev.iaimcp.heartbeat.bench.ScanBenchmark \
			"$dir" --warmup "$warm" --reps "$reps" "${DROP_FLAG[@]}")"
	fi
	rm -rf "$dir"
done

python3 - "$RESULTS/scan.jsonl" "$RESULTS/scan.csv" <<'EOF'
import csv, json, sys
cols = ["impl", "n", "files", "cold_ms", "warm_median_ms", "warm_min_ms", "warm_max_ms",
        "warmup", "reps", "cache_dropped", "fresh", "stale", "orphan", "alive", "dead"]
with open(sys.argv[2], "w", newline="") as out:
    w = csv.DictWriter(out, cols, extrasaction="ignore")
    w.writeheader()
    for line in open(sys.argv[1]):
        w.writerow(json.loads(line))
EOF
python3 "$BENCH/plot_scan.py" "$RESULTS/scan.csv" "$RESULTS/scan.svg"
python3 - "$RESULTS/scan.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'impl':<12} {'n':>7} {'cold ms':>10} {'warm ms':>10} {'us/file':>8}")
for r in rows:
    n = int(r["n"])
    print(f"{r['impl']:<12} {n:>7} {float(r['cold_ms']):>10.2f} {float(r['warm_median_ms']):>10.3f} "
          f"{float(r['warm_median_ms']) * 1000 / n:>8.2f}")
EOF
