#!/usr/bin/env bash
# Installs heartbeat-scanner as a LaunchAgent of the current user and starts it.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

readonly LABEL=dev.iaimcp.heartbeat-scanner
readonly PLIST="$HOME/Library/LaunchAgents/$LABEL.plist"

parse_args yes "usage: $0 [--jar PATH] [--files-only]" "$@"
files_only || require_command launchctl

xml_escape() {
	printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

java="$(resolve_java)"
install_files "$java"
render "$DEPLOY_DIR/launchd/$LABEL.plist.template" "$PLIST" xml_escape "$java"
echo "wrote $PLIST"

if files_only; then
	exit 0
fi
domain="gui/$(id -u)"
# bootstrap refuses a label that is already loaded, so a reinstall unloads first. bootout
# returns before launchd has reaped the old service (which takes up to its ExitTimeOut to
# stop), and a bootstrap meanwhile fails with "Bootstrap failed: 5: Input/output error":
# wait, bounded, until launchd no longer knows the label.
launchctl bootout "$domain/$LABEL" 2>/dev/null || true
for _ in $(seq 70); do
	launchctl print "$domain/$LABEL" >/dev/null 2>&1 || break
	sleep 0.5
done
# A label once disabled (launchctl disable) stays disabled across bootstraps.
launchctl enable "$domain/$LABEL"
launchctl bootstrap "$domain" "$PLIST"
echo "started $LABEL; logs in $LOG_DIR"
verify_service "$java" "launchctl print $domain/$LABEL"
