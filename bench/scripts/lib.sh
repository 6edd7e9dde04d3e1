# Shared helpers for the service benchmarks; sourced, not run.
# Every script that sources this gets: ROOT, BENCH, RESULTS, BUILD, WORK (a temp dir
# removed on exit), JAR, JVM_OPTIONS, and functions to start, await and stop the service
# on a free loopback port with an isolated wrappers dir and store. Whatever a script
# starts through these helpers is killed on exit, however the script ends.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=$ROOT/bench
SCRIPTS=$BENCH/scripts
TOOLS=$BENCH/tools
# RESULTS=/path writes the results there instead.
RESULTS=${RESULTS:-$BENCH/results/raw}
BUILD=$BENCH/build
# JAR=/path uses that jar as is; by default target/'s, rebuilt when src/ is newer.
JAR=${JAR:-}
# The deployed flags; JVM_OPTIONS=/path overrides, JVM_OPTIONS= (empty) means none.
JVM_OPTIONS=${JVM_OPTIONS-$ROOT/deploy/jvm.options}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p "$RESULTS" "$BUILD"
# Recorded with every result: the commit measured (with "+dirty" when src/ or bench/ differ).
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench ':!bench/results' || echo +dirty)
export GIT_REV

WORK=$(mktemp -d /tmp/hb-bench.XXXXXX)
_KILL_ON_EXIT=()
_cleanup() {
	local pid
	for pid in "${_KILL_ON_EXIT[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${_KILL_ON_EXIT[@]}"; do
		# Give a JVM its graceful shutdown, then insist.
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

kill_on_exit() { _KILL_ON_EXIT+=("$@"); }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_jar() {
	[[ -n $JAR ]] && return
	JAR=$ROOT/target/heartbeat-scanner.jar
	if [[ ! -f $JAR || -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit) ]]; then
		echo "building $JAR ..." >&2
		(cd "$ROOT" && timeout 900 ./mvnw -q -DskipTests package >&2)
	fi
}

jvm_flags() { # prints the @argfile argument, if any
	if [[ -n $JVM_OPTIONS ]]; then
		[[ -f $JVM_OPTIONS ]] || { echo "no $JVM_OPTIONS" >&2; exit 1; }
		echo "@$JVM_OPTIONS"
	fi
}

# live_wrappers K DIR: K live processes (killed on exit) and one fresh heartbeat each.
live_wrappers() {
	# Built once: run-footprint-bench.sh runs several benchmarks at a time.
	[[ $BUILD/live_holder -nt $TOOLS/live_holder.c ]] || cc -O2 -Wall -o "$BUILD/live_holder" "$TOOLS/live_holder.c"
	rm -f "$WORK/live-pids"
	"$BUILD/live_holder" "$1" "$WORK/live-pids" 3600 &
	kill_on_exit $!
	for _ in $(seq 100); do [[ -s $WORK/live-pids ]] && break; sleep 0.1; done
	python3 "$TOOLS/gen_heartbeats.py" "$1" "$2" --mix 1,0,0 --live-pids "$WORK/live-pids" >/dev/null
}

# refresher DIR SECONDS: rewrite the heartbeats every 30 s as the wrappers do, for SECONDS.
refresher() {
	python3 "$TOOLS/refresh_heartbeats.py" "$1" --interval 30 --duration "$2" &
	kill_on_exit $!
}

# start_service JAVA PORT WRAPPERS_DIR LOG [more args...]: starts the jar in the
# background from WORK (so no ./application.yml is read) with its own store; sets SVC_PID.
# START_CMD overrides "-jar $JAR" (e.g. the extracted jar plus an AOT cache flag);
# SVC_CWD sets the working directory (Java 25's AOT cache needs the extracted dir's).
start_service() {
	local java=$1 port=$2 dir=$3 log=$4
	shift 4
	mkdir -p "$WORK/store" "$WORK/cwd"
	local flags
	flags=$(jvm_flags)
	# shellcheck disable=SC2086 # START_CMD and flags are word lists on purpose
	(cd "${SVC_CWD:-$WORK/cwd}" && IAI_MCP_STORE=$WORK/store exec "$java" $flags ${START_CMD:--jar $JAR} \
		--server.port="$port" --iai.heartbeat.wrappers-dir="$dir" "$@" >"$log" 2>&1) &
	SVC_PID=$!
	SVC_LOG=$log
	kill_on_exit "$SVC_PID"
}

# wait_health PORT SECONDS: until /actuator/health answers 200.
wait_health() {
	local deadline=$((SECONDS + $2))
	until curl -sf -o /dev/null "http://127.0.0.1:$1/actuator/health"; do
		((SECONDS < deadline)) || { echo "no health on port $1 after $2 s" >&2; return 1; }
		kill -0 "$SVC_PID" 2>/dev/null || { echo "service exited; its log ends:" >&2; tail -n 20 "$SVC_LOG" >&2; return 1; }
		sleep 0.2
	done
}

stop_service() {
	kill "$SVC_PID" 2>/dev/null || true
	for _ in $(seq 75); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.2; done
	kill -9 "$SVC_PID" 2>/dev/null || true
	wait "$SVC_PID" 2>/dev/null || true
}
