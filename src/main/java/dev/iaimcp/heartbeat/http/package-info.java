/**
 * What reaches the endpoints at all: requests only from this machine's own names and
 * pages, never from a web page elsewhere, and bodies read ahead of every endpoint,
 * bounded in size and in time, so that no client can hold a worker thread or the heap.
 */
@NullMarked
package dev.iaimcp.heartbeat.http;

import org.jspecify.annotations.NullMarked;
