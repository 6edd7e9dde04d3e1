package dev.iaimcp.heartbeat.history;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;

import dev.iaimcp.heartbeat.runner.ScanCompletedEvent;

/**
 * Keeps the history of the running service: the start, what each scan saw happen (see
 * {@link ScanHistory}) and the stop, each batch announced with a
 * {@link HistoryRecordedEvent} and saved to the {@link HistoryFile} at most once per
 * {@link #SAVE_DELAY}, and at the stop. A service to which nothing happens writes
 * nothing. Only the service records: {@code check} has no application context.
 */
class HistoryRecorder implements SmartLifecycle, DisposableBean {

	/**
	 * After the web server, whose start fails when another service holds the port: a
	 * service that never started has nothing to record, and must not write over the
	 * history of the one that runs. Before the watches, which may scan at once.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/** Events of a burst of scans are saved together. */
	static final Duration SAVE_DELAY = Duration.ofSeconds(5);

	private final PresenceHistory history;

	private final HistoryFile file;

	private final ScanHistory scans;

	private final @Nullable HistoryEvent lastRestored;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final ApplicationEventPublisher events;

	private final AtomicBoolean saveScheduled = new AtomicBoolean();

	private volatile boolean running;

	private volatile boolean started;

	HistoryRecorder(PresenceHistory history, HistoryFile file, Clock clock, TaskScheduler scheduler,
			ApplicationEventPublisher events) {
		this.history = history;
		this.file = file;
		List<HistoryEvent> restored = history.events(null, PresenceHistory.CAPACITY);
		this.scans = new ScanHistory(restored);
		this.lastRestored = restored.isEmpty() ? null : restored.get(restored.size() - 1);
		this.clock = clock;
		this.scheduler = scheduler;
		this.events = events;
	}

	@EventListener
	void onScanCompleted(ScanCompletedEvent completed) {
		String scanName = (completed.askedBy() == ScanCompletedEvent.AskedBy.TICK) ? "the tick" : "a request";
		List<HistoryEvent> batch;
		synchronized (this.scans) {
			batch = this.scans.observe(completed.scan(), completed.cleanup(), completed.transition(), scanName);
		}
		record(batch);
	}

	@Override
	public void start() {
		boolean stopRecorded = this.lastRestored == null || this.lastRestored.kind() == HistoryKind.SERVICE_STOPPED;
		this.started = true;
		record(List.of(HistoryEvent.serviceStarted(this.clock.instant(),
				stopRecorded ? null : "the run before ended without recording its stop (killed or crashed)")));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	// After every lifecycle has stopped, the tick's last scan included.
	@Override
	public void destroy() {
		if (this.started) {
			this.history.record(HistoryEvent.serviceStopped(this.clock.instant()));
			save();
		}
	}

	private void record(List<HistoryEvent> batch) {
		if (!batch.isEmpty()) {
			batch.forEach(this.history::record);
			this.events.publishEvent(new HistoryRecordedEvent(batch));
			saveSoon();
		}
	}

	private void saveSoon() {
		if (this.started && this.saveScheduled.compareAndSet(false, true)) {
			this.scheduler.schedule(this::save, this.scheduler.getClock().instant().plus(SAVE_DELAY));
		}
	}

	// Events recorded while this reads are saved by the next save, which they schedule.
	// The stop's save may meet a scheduled one: one writes at a time.
	synchronized void save() {
		this.saveScheduled.set(false);
		this.file.save(this.history.events(null, PresenceHistory.CAPACITY));
	}

}
