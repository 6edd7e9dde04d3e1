package dev.iaimcp.heartbeat.history;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

import dev.iaimcp.heartbeat.runner.ScanCompletedEvent;

/**
 * Keeps the history of the running service: the start, what each scan saw happen (see
 * {@link ScanHistory}) and the stop, each batch announced with a
 * {@link HistoryRecordedEvent}. Only the service records: {@code check} has no
 * application context.
 */
class HistoryRecorder implements SmartLifecycle, DisposableBean {

	/**
	 * After the web server, whose start fails when another service holds the port: a
	 * service that never started has nothing to record. Before the watches, which may
	 * scan at once.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final PresenceHistory history;

	private final ScanHistory scans;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	private volatile boolean started;

	HistoryRecorder(PresenceHistory history, Clock clock, ApplicationEventPublisher events) {
		this.history = history;
		this.scans = new ScanHistory(history.events(null, PresenceHistory.CAPACITY));
		this.clock = clock;
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
		record(List.of(HistoryEvent.serviceStarted(this.clock.instant())));
		this.started = true;
		this.running = true;
	}

	// After every lifecycle has stopped, the tick's last scan included.
	@Override
	public void destroy() {
		if (this.started) {
			this.history.record(HistoryEvent.serviceStopped(this.clock.instant()));
		}
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

	private void record(List<HistoryEvent> batch) {
		if (!batch.isEmpty()) {
			batch.forEach(this.history::record);
			this.events.publishEvent(new HistoryRecordedEvent(batch));
		}
	}

}
