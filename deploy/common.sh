# shellcheck shell=bash
# Shared by deploy/{launchd,systemd}/{install,uninstall}.sh; sourced, never run.
# Written for bash 3.2 too, because that is the /bin/bash macOS ships.

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(dirname "$DEPLOY_DIR")"
readonly DEPLOY_DIR PROJECT_DIR

# Everything lives under one store directory so that one ReadWritePaths covers it
# and so that uninstalling leaves nothing scattered around HOME.
readonly STORE_DIR="$HOME/.iai-mcp"
readonly INSTALL_DIR="$STORE_DIR/heartbeat-scanner"
readonly LOG_DIR="$STORE_DIR/logs"
readonly INSTALLED_JAR="$INSTALL_DIR/heartbeat-scanner.jar"
readonly INSTALLED_JVM_OPTIONS="$INSTALL_DIR/jvm.options"
# The jar is installed extracted (the jar plus lib/), which is the form the JVM's start-up
# caches need: Spring Boot's AOT cache on Java 25 and later, a CDS archive of the
# application's classes before; aot.options names the one there is, or nothing without one.
readonly INSTALLED_LIB="$INSTALL_DIR/lib"
readonly INSTALLED_AOT_CACHE="$INSTALL_DIR/app.aot"
readonly INSTALLED_CDS_ARCHIVE="$INSTALL_DIR/app.jsa"
readonly INSTALLED_AOT_OPTIONS="$INSTALL_DIR/aot.options"
# The training run exits once the application context is up; this only bounds a hang.
readonly AOT_TRAINING_TIMEOUT_SECONDS=120
# How long verify may take, a service just (re)started included (a cold JVM takes seconds);
# a cleanup that only a tick after that would do, verify reports as pending, and passes.
readonly VERIFY_START_TIMEOUT_SECONDS=120

# The service, like the memory daemon, uses $IAI_MCP_STORE instead of ~/.iai-mcp when it is
# set (the MCP wrappers do not: they always write ~/.iai-mcp/wrappers). launchd and systemd
# start services without the login environment, so a store set at install time is
# rendered into the service definition; the install and the logs stay in STORE_DIR.
readonly STORE_OVERRIDE="${IAI_MCP_STORE:-}"

# --files-only, or HEARTBEAT_SCANNER_FILES_ONLY=1, writes or removes the files but never
# calls launchctl or systemctl: to review a rendering, and for tests with a throwaway HOME.
FILES_ONLY="${HEARTBEAT_SCANNER_FILES_ONLY:-0}"
JAR="$PROJECT_DIR/target/heartbeat-scanner.jar"

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# Sets FILES_ONLY and JAR from the command line; install takes --jar, uninstall does not.
parse_args() {
	local accepts_jar="$1" usage="$2"
	shift 2
	while [ $# -gt 0 ]; do
		case "$1" in
		--files-only) FILES_ONLY=1 ;;
		--jar)
			if [ "$accepts_jar" != yes ] || [ $# -lt 2 ]; then
				die "$usage"
			fi
			JAR="$2"
			shift
			;;
		-h | --help)
			echo "$usage"
			exit 0
			;;
		*) die "$usage" ;;
		esac
		shift
	done
}

files_only() {
	[ "$FILES_ONLY" = 1 ]
}

# Checked before anything is copied, so a failed install leaves HOME as it was.
require_command() {
	command -v "$1" >/dev/null 2>&1 || die "'$1' not found; use --files-only to only write the files"
}

resolve_java() {
	local java
	if [ -n "${JAVA_HOME:-}" ]; then
		java="$JAVA_HOME/bin/java"
	else
		java="$(command -v java)" || die "no java on PATH and JAVA_HOME is not set"
	fi
	[ -x "$java" ] || die "'$java' is not executable"
	# A Java older than 17 would only fail later, in a log file, on every restart.
	local version
	version="$(java_version "$java")"
	case "$version" in
	1.* | 9 | 1[0-6] | "") die "'$java' is Java ${version:-of unknown version}; heartbeat-scanner needs 17 or later" ;;
	esac
	echo "$java"
}

# Prints the java.specification.version of a java binary: 17, 25, or 1.8 for old ones.
java_version() {
	"$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

# -XX:AOTCacheOutput, the one-step training run, came with Java 25.
supports_aot_cache() {
	local version
	version="$(java_version "$1")"
	case "$version" in
	"" | *[!0-9]*) return 1 ;;
	esac
	[ "$version" -ge 25 ]
}

warn() {
	echo "$(basename "$0"): warning: $*" >&2
}

# The service must not run from target/: the next `mvn clean` would pull the jar from
# under it. Copy, then rename, so that a running service keeps reading its old jar intact.
install_files() {
	local java="$1"
	[ -f "$JAR" ] || die "no jar at '$JAR'; build it first with ./mvnw package"
	case "$STORE_OVERRIDE" in
	"" | /*) ;;
	*) die "IAI_MCP_STORE must be an absolute path, not '$STORE_OVERRIDE'" ;;
	esac
	mkdir -p "$INSTALL_DIR" "$LOG_DIR"
	# systemd refuses to start a unit whose ReadWritePaths do not exist.
	[ -z "$STORE_OVERRIDE" ] || mkdir -p "$STORE_OVERRIDE"
	copy_atomically "$DEPLOY_DIR/jvm.options" "$INSTALLED_JVM_OPTIONS"
	# A cache belongs to the jar it was trained on; the JVM would only reject an old one.
	rm -f "$INSTALLED_AOT_CACHE" "$INSTALLED_CDS_ARCHIVE"
	if install_extracted "$java"; then
		train_start_cache "$java" || true
	else
		copy_atomically "$JAR" "$INSTALLED_JAR"
		rm -rf "$INSTALLED_LIB"
	fi
	write_aot_options
}

# Installs the jar the way `-Djarmode=tools extract` lays it out: a thin
# heartbeat-scanner.jar whose manifest puts lib/*.jar on the class path. Extracts next
# to the install, then renames into place. Fails, with a warning, when the jar cannot be
# extracted; the caller then installs the jar as it is.
install_extracted() {
	local java="$1" staging="$INSTALL_DIR/extract.tmp" output
	rm -rf "$staging" "$INSTALLED_LIB.old"
	if ! output="$("$java" -Djarmode=tools -jar "$JAR" extract --destination "$staging" \
		--application-filename heartbeat-scanner.jar 2>&1)" ||
		[ ! -f "$staging/heartbeat-scanner.jar" ] || [ ! -d "$staging/lib" ]; then
		warn "could not extract '$JAR', installing it without a start-up cache: $output"
		rm -rf "$staging"
		return 1
	fi
	if [ -d "$INSTALLED_LIB" ]; then
		mv "$INSTALLED_LIB" "$INSTALLED_LIB.old" || return 1
	fi
	mv "$staging/lib" "$INSTALLED_LIB" || return 1
	chmod 0644 "$staging/heartbeat-scanner.jar" || return 1
	mv -f "$staging/heartbeat-scanner.jar" "$INSTALLED_JAR" || return 1
	rm -rf "$staging" "$INSTALLED_LIB.old"
}

# One start of the installed application that exits once its context is up, recording
# what it loaded: into app.aot with Java 25 and later (-XX:AOTCacheOutput), into the CDS
# archive app.jsa before (-XX:ArchiveClassesAtExit, written as the JVM exits). It uses the
# service's own java, flags and jar path, since the JVM rejects a cache built with others,
# and a throwaway store and wrappers directory, so that it touches nothing of the
# operator's. Fails, with a warning, leaving no cache.
train_start_cache() {
	local java="$1" cache="$INSTALLED_CDS_ARCHIVE" flag=-XX:ArchiveClassesAtExit kind="CDS archive" scratch status=0
	if supports_aot_cache "$java"; then
		cache="$INSTALLED_AOT_CACHE" flag=-XX:AOTCacheOutput kind="AOT cache"
	fi
	echo "building the $kind in $cache (a few seconds)"
	scratch="$(mktemp -d "${TMPDIR:-/tmp}/heartbeat-scanner-aot.XXXXXX")" || return 1
	mkdir -p "$scratch/store" "$scratch/wrappers"
	(
		cd "$INSTALL_DIR" &&
			IAI_MCP_STORE="$scratch/store" &&
			export IAI_MCP_STORE &&
			bounded "$AOT_TRAINING_TIMEOUT_SECONDS" "$java" "@$INSTALLED_JVM_OPTIONS" \
				"$flag=$cache" -Dspring.context.exit=onRefresh \
				-jar "$INSTALLED_JAR" --server.port=0 "--iai.heartbeat.wrappers-dir=$scratch/wrappers"
	) >"$scratch/training.log" 2>&1 || status=$?
	if [ "$status" -ne 0 ] || [ ! -s "$cache" ]; then
		warn "the $kind training run failed (exit $status); the service starts without a cache:"
		tail -n 20 "$scratch/training.log" >&2
		rm -f "$cache" "$cache.config"
		status=1
	else
		chmod 0644 "$cache"
	fi
	rm -rf "$scratch"
	return "$status"
}

# bounded SECONDS COMMAND...: runs COMMAND, killed after SECONDS where timeout(1) exists
# (macOS has none unless coreutils is installed; there the run is not bounded).
bounded() {
	local seconds="$1"
	shift
	if command -v timeout >/dev/null 2>&1; then
		timeout "$seconds" "$@"
	elif command -v gtimeout >/dev/null 2>&1; then
		gtimeout "$seconds" "$@"
	else
		"$@"
	fi
}

# The second argfile of the service definitions: the cache flag when there is a cache,
# and only comments otherwise, which java accepts as no arguments at all.
write_aot_options() {
	{
		echo "# Written by install.sh; java reads it after jvm.options. Edits are lost on reinstall."
		if [ -f "$INSTALLED_AOT_CACHE" ]; then
			echo "# Spring Boot's AOT cache, trained at install time on this jar with this java."
			echo "-XX:AOTCache=\"$(argfile_escape "$INSTALLED_AOT_CACHE")\""
		elif [ -f "$INSTALLED_CDS_ARCHIVE" ]; then
			echo "# A CDS archive of the application's classes, trained at install time on this jar with this java."
			echo "-XX:SharedArchiveFile=\"$(argfile_escape "$INSTALLED_CDS_ARCHIVE")\""
		else
			echo "# No start-up cache: it needs the jar extracted, and a training run that succeeded at install time."
		fi
	} >"$INSTALLED_AOT_OPTIONS.tmp"
	chmod 0644 "$INSTALLED_AOT_OPTIONS.tmp"
	mv -f "$INSTALLED_AOT_OPTIONS.tmp" "$INSTALLED_AOT_OPTIONS"
}

# Inside "..." in a java argfile, backslash escapes; everything else, # included, is literal.
argfile_escape() {
	printf '%s' "$1" | sed -e 's/[\\"]/\\&/g'
}

copy_atomically() {
	cp "$1" "$2.tmp"
	chmod 0644 "$2.tmp"
	mv -f "$2.tmp" "$2"
}

# Leaves the logs and the operator's heartbeat-scanner.yml; removes the install
# directory only when nothing else was put there.
remove_files() {
	rm -f "$INSTALLED_JAR" "$INSTALLED_JVM_OPTIONS" "$INSTALLED_AOT_OPTIONS" "$INSTALLED_AOT_CACHE" \
		"$INSTALLED_AOT_CACHE.config" "$INSTALLED_CDS_ARCHIVE"
	rm -rf "$INSTALLED_LIB" "$INSTALLED_LIB.old" "$INSTALL_DIR/extract.tmp"
	rmdir "$INSTALL_DIR" 2>/dev/null || true
}

# verify_service JAVA WHERE_TO_LOOK: run once the service was (re)started. verify acts as
# a wrapper would (a heartbeat that comes, refreshes, exits, crashes) and prints how fast
# the service saw each; it runs from the service's working directory and environment, so it
# reads the same ./application.yml and IAI_MCP_STORE. A failure leaves the service installed.
verify_service() {
	local java="$1" where_to_look="$2"
	echo "verifying the service as a wrapper would see it (each step as it completes, within $VERIFY_START_TIMEOUT_SECONDS s)"
	if (cd "$INSTALL_DIR" && "$java" "@$INSTALLED_JVM_OPTIONS" -jar "$INSTALLED_JAR" verify \
		--wait="$VERIFY_START_TIMEOUT_SECONDS"); then
		return 0
	fi
	warn "the service is installed, but verify did not pass (its report is above)." \
		"Look at $LOG_DIR/heartbeat-scanner.log and $where_to_look;" \
		"run verify again with: $java -jar $INSTALLED_JAR verify"
	return 1
}

# Escapes a value for the right-hand side of a sed s|||, which is portable across
# GNU and BSD sed (unlike bash's own ${var//} replacement, whose quoting differs in 3.2).
sed_replacement() {
	printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'
}

# render TEMPLATE TARGET ESCAPE_FUNCTION: replaces the @NAME@ placeholders with paths,
# each passed through ESCAPE_FUNCTION for the target's syntax. Lines that start with
# @IF_IAI_MCP_STORE@ are kept only when IAI_MCP_STORE was set.
render() {
	local template="$1" target="$2" escape="$3" java="$4"
	local expressions=()
	local names=(JAVA INSTALL_DIR LOG_DIR STORE_DIR)
	local name value escaped
	if [ -n "$STORE_OVERRIDE" ]; then
		expressions+=(-e 's|^@IF_IAI_MCP_STORE@||')
		names+=(IAI_MCP_STORE)
	else
		expressions+=(-e '/^@IF_IAI_MCP_STORE@/d')
	fi
	for name in "${names[@]}"; do
		case "$name" in
		JAVA) value="$java" ;;
		IAI_MCP_STORE) value="$STORE_OVERRIDE" ;;
		*) value="${!name}" ;;
		esac
		case "$value" in
		*$'\n'*) die "$name contains a newline: '$value'" ;;
		esac
		# Plain assignments, so that set -e stops here when the escape refuses a value.
		escaped="$("$escape" "$value")"
		escaped="$(sed_replacement "$escaped")"
		expressions+=(-e "s|@$name@|$escaped|g")
	done
	mkdir -p "$(dirname "$target")"
	sed "${expressions[@]}" "$template" >"$target.tmp"
	if grep -q '@[A-Z_][A-Z_]*@' "$target.tmp"; then
		rm -f "$target.tmp"
		die "unknown placeholder left in $template"
	fi
	mv -f "$target.tmp" "$target"
}
