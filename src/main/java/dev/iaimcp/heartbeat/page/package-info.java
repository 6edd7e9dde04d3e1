/**
 * The page at {@code /}: presence as a person reads it (the state in one line, the
 * wrappers now, the last 24 hours), rendered on the server for a first view without
 * JavaScript and kept live by a small script reading {@code /presence/stream}. It only
 * reads; nothing it serves changes state, and it does no work while nobody looks.
 */
@NullMarked
package dev.iaimcp.heartbeat.page;

import org.jspecify.annotations.NullMarked;
