/**
 * What happened, for a person asking why: wrappers arriving and departing with their
 * reasons, presence moving between states, the service starting and stopping; bounded,
 * newest kept. The types have no Spring import but {@link HistoryConfiguration} and
 * {@link HistoryRecorder}, which wire them to the running service.
 */
@NullMarked
package dev.iaimcp.heartbeat.history;

import org.jspecify.annotations.NullMarked;
