/**
 * Running the scans one at a time: the tick and scans asked for in between, the cleanup
 * policy and its guards, the scanner wired to the settings, and what a scan logs.
 */
@NullMarked
package dev.iaimcp.heartbeat.runner;

import org.jspecify.annotations.NullMarked;
