#!/usr/bin/env bash
# Installs heartbeat-scanner as a systemd user service, enables it at login and starts it.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

readonly UNIT=heartbeat-scanner.service
readonly UNIT_FILE="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/$UNIT"

parse_args yes "usage: $0 [--jar PATH] [--files-only]" "$@"
files_only || require_command systemctl

# Each value lands inside "..." or as a whole-line value, so only the characters
# systemd itself interprets there need care: specifiers double their %, and the
# few that would need context-dependent quoting are refused.
systemd_escape() {
	case "$1" in
	*[\"\\$]*) die "cannot put '$1' into a unit file: it contains \", \\ or \$" ;;
	esac
	printf '%s' "$1" | sed -e 's/%/%%/g'
}

java="$(resolve_java)"
install_files "$java"
render "$DEPLOY_DIR/systemd/$UNIT.template" "$UNIT_FILE" systemd_escape "$java"
echo "wrote $UNIT_FILE"

if files_only; then
	exit 0
fi
systemctl --user daemon-reload
systemctl --user enable "$UNIT"
# restart rather than start, so that a reinstall picks up the new jar and flags.
systemctl --user restart "$UNIT"
echo "started $UNIT; logs in $LOG_DIR and in journalctl --user -u $UNIT"
verify_service "$java" "systemctl --user status $UNIT"
