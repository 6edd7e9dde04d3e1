/**
 * The operator's settings under {@code iai.heartbeat}, bound and validated by Spring
 * Boot, importable by every face without reaching into the service's inner workings.
 */
@NullMarked
package dev.iaimcp.heartbeat.settings;

import org.jspecify.annotations.NullMarked;
