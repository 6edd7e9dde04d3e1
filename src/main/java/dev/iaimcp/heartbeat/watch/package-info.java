/**
 * Seeing changes in the wrappers directory between ticks: inotify on the path and its
 * ancestors, or a poll of the directory's stat, and the service's lifecycle around them.
 */
@NullMarked
package dev.iaimcp.heartbeat.watch;

import org.jspecify.annotations.NullMarked;
