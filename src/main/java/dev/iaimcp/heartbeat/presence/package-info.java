/**
 * The service's presence: the tick, the cleanup policy and its guards, the state machine
 * and its memory across restarts, the latest snapshot that every face reads, and the
 * meters.
 */
@NullMarked
package dev.iaimcp.heartbeat.presence;

import org.jspecify.annotations.NullMarked;
