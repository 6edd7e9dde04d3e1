#!/usr/bin/env bash
# Stops and removes the heartbeat-scanner LaunchAgent; keeps the logs and ~/.iai-mcp/heartbeat-scanner.yml.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

readonly LABEL=dev.iaimcp.heartbeat-scanner
readonly PLIST="$HOME/Library/LaunchAgents/$LABEL.plist"

parse_args no "usage: $0 [--files-only]" "$@"
if ! files_only; then
	require_command launchctl
	# Fails when the agent is not loaded, which is the state we want anyway.
	launchctl bootout "gui/$(id -u)/$LABEL" 2>/dev/null || true
fi
rm -f "$PLIST"
remove_files
echo "removed $LABEL; kept $LOG_DIR"
