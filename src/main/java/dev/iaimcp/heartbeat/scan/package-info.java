/**
 * Reading, judging and cleaning up heartbeat files, with no Spring import: the verdict,
 * the streaming scan and the escaping of file names for logs.
 */
@NullMarked
package dev.iaimcp.heartbeat.scan;

import org.jspecify.annotations.NullMarked;
