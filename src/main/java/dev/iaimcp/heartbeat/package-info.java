/**
 * The presence service: scans MCP wrappers' heartbeat files and serves who is here.
 * {@code main} also runs the one-shot {@code check} and {@code verify} commands.
 */
@NullMarked
package dev.iaimcp.heartbeat;

import org.jspecify.annotations.NullMarked;
