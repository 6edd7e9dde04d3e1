#!/usr/bin/env bash
# Stops and removes the heartbeat-scanner user service; keeps the logs and ~/.iai-mcp/heartbeat-scanner.yml.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

readonly UNIT=heartbeat-scanner.service
readonly UNIT_FILE="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/$UNIT"

parse_args no "usage: $0 [--files-only]" "$@"
if ! files_only; then
	require_command systemctl
	# Fails when the unit is not installed, which is the state we want anyway.
	systemctl --user disable --now "$UNIT" 2>/dev/null || true
fi
rm -f "$UNIT_FILE"
remove_files
if ! files_only; then
	systemctl --user daemon-reload
	# Forget a failed state so the removed unit does not linger in `systemctl --user --failed`.
	systemctl --user reset-failed "$UNIT" 2>/dev/null || true
fi
echo "removed $UNIT; kept $LOG_DIR"
