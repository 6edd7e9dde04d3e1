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

# Wrappers use $IAI_MCP_STORE instead of ~/.iai-mcp when it is set. launchd and systemd
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
	version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
	case "$version" in
	1.* | 9 | 1[0-6] | "") die "'$java' is Java ${version:-of unknown version}; heartbeat-scanner needs 17 or later" ;;
	esac
	echo "$java"
}

# The service must not run from target/: the next `mvn clean` would pull the jar from
# under it. Copy, then rename, so that a running service keeps reading its old jar intact.
install_files() {
	[ -f "$JAR" ] || die "no jar at '$JAR'; build it first with ./mvnw package"
	case "$STORE_OVERRIDE" in
	"" | /*) ;;
	*) die "IAI_MCP_STORE must be an absolute path, not '$STORE_OVERRIDE'" ;;
	esac
	mkdir -p "$INSTALL_DIR" "$LOG_DIR"
	# systemd refuses to start a unit whose ReadWritePaths do not exist.
	[ -z "$STORE_OVERRIDE" ] || mkdir -p "$STORE_OVERRIDE"
	copy_atomically "$JAR" "$INSTALLED_JAR"
	copy_atomically "$DEPLOY_DIR/jvm.options" "$INSTALLED_JVM_OPTIONS"
}

copy_atomically() {
	cp "$1" "$2.tmp"
	chmod 0644 "$2.tmp"
	mv -f "$2.tmp" "$2"
}

# Leaves the logs and the operator's heartbeat-scanner.yml; removes the install
# directory only when nothing else was put there.
remove_files() {
	rm -f "$INSTALLED_JAR" "$INSTALLED_JVM_OPTIONS"
	rmdir "$INSTALL_DIR" 2>/dev/null || true
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
