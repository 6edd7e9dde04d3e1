#!/usr/bin/env bash
# Build Spring Boot's start-up cache for the jar, as Spring Boot documents it
# (reference/packaging/aot-cache.html): extract the jar, then one training run that
# exits once the context has refreshed (-Dspring.context.exit=onRefresh).
#
#   bench/scripts/build-aot-cache.sh [DEST=target/aot] [JAVA=temurin 25]
#
# Java 25+: -XX:AOTCacheOutput=app.aot          run with -XX:AOTCache=DEST/app.aot
# Java 24:  -XX:AOTMode=record, then create      (same run flag)
# Java <24: CDS, -XX:ArchiveClassesAtExit=app.jsa run with -XX:SharedArchiveFile=DEST/app.jsa
# The cache only works with the extracted form (DEST/heartbeat-scanner.jar + DEST/lib/),
# the same java binary and the same classpath; build it with the flags the service
# runs with (JVM_OPTIONS, default deploy/jvm.options, then EXTRA_JVM_FLAGS such as
# -Dspring.aot.enabled=true). JAR as in lib.sh.
# Prints the java flag to add, e.g. "-XX:AOTCache=/abs/target/aot/app.aot".
source "$(dirname "$0")/lib.sh"
DEST=${1:-$ROOT/target/aot}
JAVA=${2:-${JAVA:-$JAVA25}}
ensure_jar

major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DEST" >&2
app=$(basename "$JAR")

train() { # extra java flags...
	mkdir -p "$WORK/train-store" "$WORK/train-wrappers"
	# shellcheck disable=SC2046 # jvm_flags is one word or none
	# shellcheck disable=SC2086 # EXTRA_JVM_FLAGS is a word list
	(cd "$DEST" && IAI_MCP_STORE=$WORK/train-store timeout 300 "$JAVA" $(jvm_flags) ${EXTRA_JVM_FLAGS:-} "$@" \
		-Dspring.context.exit=onRefresh -jar "$app" \
		--server.port=0 --iai.heartbeat.wrappers-dir="$WORK/train-wrappers") >"$WORK/train.log" 2>&1 ||
		{ tail -n 30 "$WORK/train.log" >&2; exit 1; }
}

if ((major >= 25)); then
	train -XX:AOTCacheOutput=app.aot
	flag="-XX:AOTCache=$DEST/app.aot"
elif ((major == 24)); then
	train -XX:AOTMode=record -XX:AOTConfiguration=app.aotconf
	(cd "$DEST" && "$JAVA" $(jvm_flags) ${EXTRA_JVM_FLAGS:-} -XX:AOTMode=create -XX:AOTConfiguration=app.aotconf -XX:AOTCache=app.aot \
		-jar "$app" >>"$WORK/train.log" 2>&1)
	rm -f "$DEST/app.aotconf"
	flag="-XX:AOTCache=$DEST/app.aot"
else
	train -XX:ArchiveClassesAtExit=app.jsa
	flag="-XX:SharedArchiveFile=$DEST/app.jsa"
fi
ls -la "$DEST" >&2
echo "$flag"
