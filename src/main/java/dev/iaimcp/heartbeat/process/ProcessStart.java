package dev.iaimcp.heartbeat.process;

import java.time.Duration;

/**
 * When a process started, as the kernel keeps it: neither value moves when the wall clock
 * steps (on Linux; elsewhere the age follows the wall clock, see
 * {@link ProcessHandleProbe}).
 *
 * @param identity the same for as long as the pid names this process and different once
 * it names another started at least a tick (10 ms) later (Linux: the start in clock ticks
 * since boot; elsewhere: the start instant in milliseconds)
 * @param age how long the process had been running when it was probed
 */
public record ProcessStart(long identity, Duration age) {
}
