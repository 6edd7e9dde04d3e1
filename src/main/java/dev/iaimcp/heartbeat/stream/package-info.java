/**
 * Server-Sent Events at {@code /presence/stream}: the snapshot on connect and on every
 * presence transition, each reader with its own bounded queue.
 */
@NullMarked
package dev.iaimcp.heartbeat.stream;

import org.jspecify.annotations.NullMarked;
