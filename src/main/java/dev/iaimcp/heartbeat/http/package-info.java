/**
 * Request bodies read ahead of every endpoint, bounded in size and in time, so that no
 * client can hold a worker thread or the heap.
 */
@NullMarked
package dev.iaimcp.heartbeat.http;

import org.jspecify.annotations.NullMarked;
