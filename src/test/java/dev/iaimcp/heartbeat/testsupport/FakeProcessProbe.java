package dev.iaimcp.heartbeat.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.process.ProcessStart;

/**
 * A process table a test writes: pids are dead unless declared alive. Processes started
 * with {@link #startedAgo} have a start on the kernel's clock, which moves only when the
 * test lets time pass with {@link #elapse}, never when it steps a wall clock.
 */
public final class FakeProcessProbe implements ProcessProbe {

	private final Map<Long, Optional<Duration>> startsSinceBoot = new ConcurrentHashMap<>();

	private final List<Long> checked = Collections.synchronizedList(new ArrayList<>());

	private volatile Duration uptime = Duration.ofDays(1);

	public FakeProcessProbe alive(long pid) {
		this.startsSinceBoot.put(pid, Optional.empty());
		return this;
	}

	public FakeProcessProbe startedAgo(long pid, Duration age) {
		this.startsSinceBoot.put(pid, Optional.of(this.uptime.minus(age)));
		return this;
	}

	public FakeProcessProbe elapse(Duration duration) {
		this.uptime = this.uptime.plus(duration);
		return this;
	}

	public FakeProcessProbe dies(long pid) {
		this.startsSinceBoot.remove(pid);
		return this;
	}

	public List<Long> checked() {
		return this.checked;
	}

	@Override
	public ProcessLiveness check(long pid) {
		this.checked.add(pid);
		Optional<Duration> start = this.startsSinceBoot.get(pid);
		if (start == null) {
			return ProcessLiveness.DEAD;
		}
		return ProcessLiveness
			.alive(start.map((sinceBoot) -> new ProcessStart(sinceBoot.toMillis() / 10, this.uptime.minus(sinceBoot)))
				.orElse(null));
	}

}
