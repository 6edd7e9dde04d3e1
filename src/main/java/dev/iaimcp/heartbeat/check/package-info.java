/**
 * The one-shot {@code check} command: one scan with the service's configuration, printed
 * as a line or as the snapshot's JSON.
 */
@NullMarked
package dev.iaimcp.heartbeat.check;

import org.jspecify.annotations.NullMarked;
