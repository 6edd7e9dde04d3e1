#!/usr/bin/env bash
# Issue 13: variants of the service side by side with the bare Boot app (bench/tools/baseline), in
# one run, so that a busy spell on this shared machine hits every variant alike.
#
#   bench/scripts/run-footprint-bench.sh VARIANTS MODE [ROUNDS=3] [WINDOW_SEC]
#
# VARIANTS is a file, one variant a line, '#' for comments:
#   label|java|jar|jvm flags|service arguments|working directory|jvm options file[|paths]
# java is 17 or 25; flags and arguments are word lists (after the jvm options file); an empty
# working directory means a fresh temp one (a CDS archive or AOT cache wants the extracted
# jar's); an empty options file means deploy/jvm.options (another one: an older build's
# flags). The bare Boot app takes the service's arguments and ignores them. paths (idle only):
# what to GET once after start, as run-idle-bench.sh's VISIT.
#
# MODE
#   mem    run-mem-bench.sh [WINDOW=300] for every variant at once, 5 s apart: the same
#          load and window for all (memory does not depend on the 2 cores being shared;
#          Private_Clean does, see proc_watch.py), ROUNDS times.
#   idle   run-idle-bench.sh [WINDOW=300] likewise, all at once; each its own 5 wrappers.
#   start  launch to /actuator/health, one start of each variant in turn (A/B/C/A/B/C...),
#          one discarded round, then ROUNDS rounds.
#   check  `check` as a process, launch to exit, likewise (put "check" first in the arguments).
#
# OUT names the results directory (default footprint): bench/results/raw/$OUT/, with
# $MODE.csv (every run) and $MODE-summary.csv (median, min, max per variant).
source "$(dirname "$0")/lib.sh"
VARIANTS=${1:?usage: run-footprint-bench.sh VARIANTS mem|idle|start|check [ROUNDS] [WINDOW_SEC]}
MODE=${2:?usage: run-footprint-bench.sh VARIANTS mem|idle|start|check [ROUNDS] [WINDOW_SEC]}
ROUNDS=${3:-3}
WINDOW=${4:-300}
OUT_DIR=$RESULTS/${OUT:-footprint}
mkdir -p "$OUT_DIR"
cp "$VARIANTS" "$OUT_DIR/variants-$MODE.txt"
cc -O2 -Wall -o "$BUILD/live_holder" "$TOOLS/live_holder.c"

java_for() {
	case $1 in
	17) echo "$JAVA17" ;;
	25) echo "$JAVA25" ;;
	*) echo "java must be 17 or 25, not '$1'" >&2 && exit 1 ;;
	esac
}

variants() { grep -v '^[[:space:]]*\(#\|$\)' "$VARIANTS"; }

# Every variant's benchmark at once; MODE's script writes $OUT_DIR/$MODE-<label>-<round>.*
all_at_once() { # script round
	local pids=() label java jar flags args cwd opts visit
	while IFS='|' read -r label java jar flags args cwd opts visit; do
		VISIT=$visit JVM_OPTIONS=${opts:-$JVM_OPTIONS} RESULTS=$OUT_DIR TAG=$label-$2 JAR=$jar JAVA=$(java_for "$java") EXTRA_JVM_FLAGS=$flags \
			EXTRA_ARGS=$args SVC_CWD=$cwd HEALTH_WAIT=300 "$SCRIPTS/$1" "$WINDOW" >"$OUT_DIR/$MODE-$label-$2.log" 2>&1 &
		pids+=($!)
		kill_on_exit $!
		sleep 5
	done < <(variants)
	local pid failed=0
	for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
	((failed == 0)) || echo "some runs failed: see $OUT_DIR/$MODE-*-$2.log" >&2
}

one_each() { # round [--until-exit]
	local label java jar flags args cwd opts
	while IFS='|' read -r label java jar flags args cwd opts; do
		# shellcheck disable=SC2086 # flags and args are word lists
		python3 "$TOOLS/start_time.py" --label "$label" --runs 1 --warmup 0 --timeout 120 ${2:-} ${cwd:+--cwd "$cwd"} \
			-- "$(java_for "$java")" $(JVM_OPTIONS=${opts:-$JVM_OPTIONS} jvm_flags) $flags -jar "$jar" $args |
			python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); r["round"] = int(sys.argv[1]); print(json.dumps(r))' "$1" \
				>>"$OUT_DIR/$MODE.jsonl" || echo "$label failed in round $1" >&2
	done < <(variants)
}

case $MODE in
mem | idle)
	for round in $(seq "$ROUNDS"); do
		echo "round $round of $ROUNDS: every variant's $MODE benchmark at once ($(uptime))" >&2
		all_at_once "run-$MODE-bench.sh" "$round"
	done
	;;
start | check)
	: >"$OUT_DIR/$MODE.jsonl"
	flag=$([[ $MODE == check ]] && echo --until-exit || true)
	for round in $(seq 0 "$ROUNDS"); do
		echo "round $round of $ROUNDS ($(uptime))" >&2
		one_each "$round" "$flag"
	done
	;;
*) echo "MODE must be mem, idle, start or check" >&2 && exit 1 ;;
esac

python3 - "$OUT_DIR" "$MODE" <<'EOF'
import csv, glob, json, os, re, statistics, sys
out, mode = sys.argv[1], sys.argv[2]
labels = [l.split("|")[0].strip() for l in open(f"{out}/variants-{mode}.txt")
          if l.strip() and not l.lstrip().startswith("#")]
rows = []
if mode in ("start", "check"):
    for r in map(json.loads, open(f"{out}/{mode}.jsonl")):
        if r["round"] > 0:  # round 0 is the discarded warm-up
            rows.append({"label": r["label"], "round": r["round"], "ms": r["health_ms_median"],
                         "exit_codes": r.get("exit_codes"), "cache_warning": r["aot_cache_warning"], "git": r["git"]})
    metrics = ["ms"]
else:
    metrics = ["rss_mib_last", "private_dirty_mib", "private_mib", "anonymous_mib", "rss_mib_after_full_gc"] \
        if mode == "mem" else ["cpu_ms", "cpu_pct_of_one_core", "rss_mib_last", "private_dirty_mib", "anonymous_mib"]
    for label in labels:
        for path in sorted(glob.glob(f"{out}/{mode}-{label}-[0-9]*.json")):
            r = json.load(open(path))
            row = {"label": label, "round": int(re.search(r"-(\d+)\.json$", path).group(1)), "git": r.get("git")}
            r.setdefault("rss_mib_last", round(r["rss_kib_last"] / 1024, 1))
            r.setdefault("private_dirty_mib", round((r.get("private_dirty_kib_last") or 0) / 1024, 1))
            r.setdefault("anonymous_mib", round((r.get("anonymous_kib_last") or 0) / 1024, 1))
            if "rss_kib_after_full_gc" in r:
                r["rss_mib_after_full_gc"] = round(r["rss_kib_after_full_gc"] / 1024, 1)
            row.update({m: r.get(m) for m in metrics})
            if mode == "idle":
                row["top_threads_ms"] = json.dumps(r.get("top_threads_ms"))
            rows.append(row)
with open(f"{out}/{mode}.csv", "w", newline="") as f:
    w = csv.DictWriter(f, list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
summary = []
for label in labels:
    mine = [r for r in rows if r["label"] == label]
    s = {"label": label, "runs": len(mine)}
    for m in metrics:
        v = [r[m] for r in mine if r[m] is not None]
        s.update({f"{m}_median": round(statistics.median(v), 2) if v else None,
                  f"{m}_min": min(v) if v else None, f"{m}_max": max(v) if v else None})
    summary.append(s)
with open(f"{out}/{mode}-summary.csv", "w", newline="") as f:
    w = csv.DictWriter(f, list(summary[0].keys()))
    w.writeheader()
    w.writerows(summary)
for s in summary:
    print("  ".join(f"{k}={v}" for k, v in s.items()))
EOF
