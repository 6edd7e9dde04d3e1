#!/usr/bin/env bash
# Wake latency and what it costs (issue 19): two builds side by side in one run, on Linux
# with the native (inotify) watch, against the floor measured in the same run.
#
#   bench/scripts/run-wake-bench.sh BEFORE_JAR AFTER_JAR [TRIALS=200] [KILL_TRIALS=100] [IDLE_SEC=300]
#
# Builds nothing but the C floor (gcc). Both services run at once on loopback, each on its
# own scratch wrappers directory and store; every writer writes the same thing into both
# directories, and the latency trials alternate between them in a random order each
# round, so a busy spell of the shared machine hits both alike. In order:
#   floor    rename() of a staged heartbeat to an inotify event in hand (inotify_floor.c);
#   idle     IDLE_SEC with 5 live wrappers refreshing every 30 s: CPU of each service;
#   fresh    TRIALS new heartbeats, each a presence transition: to FRESH in
#            GET /actuator/presence and on /presence/stream, and that event after the
#            snapshot's scannedAt;
#   resident TRIALS new heartbeats beside one that stays FRESH: to FRESH in GET (no
#            transition, so no stream event and no save of the presence state);
#   kill     KILL_TRIALS SIGKILLed FRESH wrappers: to not FRESH in GET;
#   spread   50 wrappers each refreshing every second, evenly spread, 60 s: CPU, scans;
#   sync     the same all at once each second, 60 s;
#   storm    renames at STORM_RATE (default 5000) a second per directory for 20 s
#            (rename_storm.c, gcc).
# Env: JAVA, JVM_OPTIONS as for lib.sh; PHASES (default all: "floor idle fresh resident kill
# spread sync storm"; a later run with some of them appends to load.csv); SETTLE_SEC (after
# both answer health, default 30); STORM_RATE; LOAD_SEC (spread, sync; 60) and STORM_SEC
# (20) for a quick try; RESULTS (default bench/results/raw).
# Writes $RESULTS/wake/{floor.txt,fresh.csv,resident.csv,kill.csv,load.csv,run.txt,summary.csv} and prints the
# summary (bench/tools/wake_summary.py).
source "$(dirname "$0")/lib.sh"
[[ $# -ge 2 ]] || { sed -n 2,6p "$0" >&2; exit 2; }
BEFORE_JAR=$(realpath "$1")
AFTER_JAR=$(realpath "$2")
PHASES=" ${PHASES:-floor idle fresh resident kill spread sync storm} "
TRIALS=${3:-200}
KILL_TRIALS=${4:-100}
IDLE_SEC=${5:-300}
STORM_RATE=${STORM_RATE:-5000}
JAVA=${JAVA:-$JAVA17}
[[ $(uname) == Linux ]] || { echo "the native watch measured here is inotify: Linux only" >&2; exit 2; }
out=$RESULTS/wake
mkdir -p "$out"

gcc -O2 -Wall -pthread -o "$BUILD/inotify_floor" "$TOOLS/inotify_floor.c"
gcc -O2 -Wall -o "$BUILD/rename_storm" "$TOOLS/rename_storm.c"
mkdir -p "$WORK/floor"
has() { [[ $PHASES == *" $1 "* ]]; }
if has floor; then
	echo "floor: $TRIALS renames" >&2
	"$BUILD/inotify_floor" "$WORK/floor" "$TRIALS" 100 >"$out/floor.txt"
fi

cc -O2 -Wall -o "$BUILD/live_holder" "$TOOLS/live_holder.c"
"$BUILD/live_holder" 50 "$WORK/live-pids" 7200 &
kill_on_exit $!
for _ in $(seq 100); do [[ -s $WORK/live-pids ]] && break; sleep 0.1; done
live_pid=$(head -1 "$WORK/live-pids")

declare -A PORT PID
for side in before after; do
	jar=$BEFORE_JAR
	[[ $side == after ]] && jar=$AFTER_JAR
	mkdir -p "$WORK/$side/wrappers" "$WORK/$side/store" "$WORK/$side/cwd"
	PORT[$side]=$(free_port)
	# shellcheck disable=SC2046 # jvm_flags is one word or none
	(cd "$WORK/$side/cwd" && IAI_MCP_STORE=$WORK/$side/store exec "$JAVA" $(jvm_flags) -jar "$jar" \
		--server.port="${PORT[$side]}" --iai.heartbeat.wrappers-dir="$WORK/$side/wrappers" \
		--iai.heartbeat.watch=inotify >"$WORK/$side/service.log" 2>&1) &
	PID[$side]=$!
	kill_on_exit "${PID[$side]}"
done
for side in before after; do
	SVC_PID=${PID[$side]} SVC_LOG=$WORK/$side/service.log wait_health "${PORT[$side]}" 120
	watch=$(curl -sf "http://127.0.0.1:${PORT[$side]}/actuator/health" | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["components"]["heartbeat"]["details"].get("watch", "?"))')
	echo "$side: pid ${PID[$side]} on :${PORT[$side]}, watch $watch" >&2
done
target() { echo "$1=${PORT[$1]}:$WORK/$1/wrappers${2:+:${PID[$1]}}"; }
drive() { python3 "$TOOLS/wake_bench.py" "$@" --target "$(target before "$X")" --target "$(target after "$X")"; }

sleep "${SETTLE_SEC:-30}"
if has idle || [[ ! -f $out/load.csv ]]; then
	echo "phase,target,seconds,writes_per_s,cpu_ms,cpu_pct_of_one_core,scans,scans_per_s" >"$out/load.csv"
fi
if has idle; then
	echo "idle: ${IDLE_SEC}s" >&2
	X=pid drive load --phase idle --mode idle --wrappers 5 --seconds "$IDLE_SEC" --live-pids "$WORK/live-pids" \
		--out "$out/load.csv"
fi
if has fresh; then
	echo "fresh: $TRIALS trials each" >&2
	X='' drive latency --trials "$TRIALS" --live-pid "$live_pid" --out "$out/fresh.csv"
fi
if has resident; then
	echo "fresh beside a resident wrapper: $TRIALS trials each" >&2
	X='' drive latency --resident --trials "$TRIALS" --live-pid "$live_pid" --out "$out/resident.csv"
fi
if has kill; then
	echo "kill: $KILL_TRIALS trials each" >&2
	X='' drive kill --trials "$KILL_TRIALS" --out "$out/kill.csv"
fi
for mode in spread sync storm; do
	has "$mode" || continue
	seconds=${LOAD_SEC:-60}
	[[ $mode == storm ]] && seconds=${STORM_SEC:-20}
	echo "$mode: ${seconds}s" >&2
	X=pid drive load --phase "$mode" --mode "$mode" --seconds "$seconds" --rate "$STORM_RATE" \
		--storm-bin "$BUILD/rename_storm" --live-pids "$WORK/live-pids" --out "$out/load.csv"
	sleep 5
done

{
	echo "# git $GIT_REV; before $BEFORE_JAR; after $AFTER_JAR; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# $("$JAVA" -version 2>&1 | head -1); $(uname -sr)"
} >"$out/run.txt"
python3 "$TOOLS/wake_summary.py" "$out" | tee "$out/summary.csv"
