/**
 * Health, info and the presence endpoint: read-only views of the latest snapshot, and the
 * POST that asks for a scan now.
 */
@NullMarked
package dev.iaimcp.heartbeat.actuate;

import org.jspecify.annotations.NullMarked;
