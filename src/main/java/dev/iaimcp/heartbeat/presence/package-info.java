/**
 * Who is here: the state machine, its state file and its memory across restarts, and the
 * latest snapshot that every face reads.
 */
@NullMarked
package dev.iaimcp.heartbeat.presence;

import org.jspecify.annotations.NullMarked;
