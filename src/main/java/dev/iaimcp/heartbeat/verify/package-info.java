/**
 * The {@code verify} command: a stand-in wrapper against the running service, timed step
 * by step, without a Spring application context.
 */
@NullMarked
package dev.iaimcp.heartbeat.verify;

import org.jspecify.annotations.NullMarked;
