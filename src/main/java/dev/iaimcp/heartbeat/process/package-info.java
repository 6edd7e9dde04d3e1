/**
 * Whether a pid names a live process, and the same process as before, with no Spring
 * import: from {@code /proc} on Linux, from {@link java.lang.ProcessHandle} elsewhere.
 */
@NullMarked
package dev.iaimcp.heartbeat.process;

import org.jspecify.annotations.NullMarked;
