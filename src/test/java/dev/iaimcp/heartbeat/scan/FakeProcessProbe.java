package dev.iaimcp.heartbeat.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process table a test writes: pids are dead unless declared alive.
 */
public final class FakeProcessProbe implements ProcessProbe {

	private final Map<Long, ProcessLiveness> processes = new ConcurrentHashMap<>();

	private final List<Long> checked = Collections.synchronizedList(new ArrayList<>());

	public FakeProcessProbe alive(long pid) {
		return alive(pid, null);
	}

	public FakeProcessProbe alive(long pid, Instant startedAt) {
		this.processes.put(pid, ProcessLiveness.alive(startedAt));
		return this;
	}

	public FakeProcessProbe dies(long pid) {
		this.processes.remove(pid);
		return this;
	}

	public List<Long> checked() {
		return this.checked;
	}

	@Override
	public ProcessLiveness check(long pid) {
		this.checked.add(pid);
		return this.processes.getOrDefault(pid, ProcessLiveness.DEAD);
	}

}
