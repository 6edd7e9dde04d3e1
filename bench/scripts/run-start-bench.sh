#!/usr/bin/env bash
# Start time: launch to /actuator/health answering, with the deployed flags, on
# Java 17 and Java 25, as a plain jar, extracted, and with the start-up caches
# (Java 25 AOT cache, Java 17 CDS archive) that bench/build-aot-cache.sh builds.
#
#   bench/scripts/run-start-bench.sh [RUNS=5]
#
# Each variant: one discarded warm-up start, then RUNS timed starts (page cache warm),
# then COLD_RUNS (default 3) starts after dropping the page cache. Variants whose java
# is missing are skipped. Writes bench/results/raw/start.jsonl and start.csv.
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
COLD_RUNS=${COLD_RUNS:-3}
ensure_jar

flags=$(jvm_flags)
aot25=$WORK/aot25
cds17=$WORK/cds17
out=$RESULTS/start.jsonl
: >"$out"

measure() { # label cwd java args...
	local label=$1 cwd=$2
	shift 2
	[[ -x $1 ]] || { echo "skip $label: no $1" >&2; return; }
	echo "$label" >&2
	# shellcheck disable=SC2086
	python3 "$TOOLS/start_time.py" --label "$label" --runs "$RUNS" --cwd "$cwd" -- "$@" | tee -a "$out" >&2
	# shellcheck disable=SC2086
	python3 "$TOOLS/start_time.py" --label "$label cold" --runs "$COLD_RUNS" --warmup 0 --drop --cwd "$cwd" -- "$@" |
		tee -a "$out" >&2
}

# shellcheck disable=SC2086 # $flags is one word or none
{
	measure "java17 jar" "$WORK" "$JAVA17" $flags -jar "$JAR"
	if [[ -x $JAVA17 ]]; then
		cds=$(JAVA=$JAVA17 "$SCRIPTS/build-aot-cache.sh" "$cds17" "$JAVA17")
		measure "java17 extracted" "$cds17" "$JAVA17" $flags -jar "$cds17/$(basename "$JAR")"
		measure "java17 extracted + CDS archive" "$cds17" "$JAVA17" $flags "$cds" -jar "$cds17/$(basename "$JAR")"
	fi
	measure "java25 jar" "$WORK" "$JAVA25" $flags -jar "$JAR"
	if [[ -x $JAVA25 ]]; then
		aot=$("$SCRIPTS/build-aot-cache.sh" "$aot25" "$JAVA25")
		measure "java25 extracted" "$aot25" "$JAVA25" $flags -jar "$aot25/$(basename "$JAR")"
		measure "java25 extracted + AOT cache" "$aot25" "$JAVA25" $flags "$aot" -jar "$aot25/$(basename "$JAR")"
		# The install's fallback: a cache that is missing must not stop the service.
		measure "java25 extracted + missing AOT cache" "$aot25" "$JAVA25" $flags -XX:AOTCache="$aot25/missing.aot" \
			-jar "$aot25/$(basename "$JAR")"
	fi
}

python3 - "$out" "$RESULTS/start.csv" <<'EOF'
import csv, json, sys
cols = ["label", "runs", "failed", "cache_dropped", "health_ms_median", "health_ms_min", "health_ms_max",
        "spring_process_s_median", "aot_cache_warning", "git"]
rows = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, cols, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
for r in rows:
    print(f"{r['label']:<42} median {r['health_ms_median']} ms  (min {r['health_ms_min']}, max {r['health_ms_max']})")
EOF
