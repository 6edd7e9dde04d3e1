/**
 * What the one-shot commands ({@code check}, {@code verify}) share: their exit codes, and
 * the skeleton that parses the command line, answers {@code -h/--help}, configures and
 * then hands over to the command's worker.
 */
@NullMarked
package dev.iaimcp.heartbeat.command;

import org.jspecify.annotations.NullMarked;
