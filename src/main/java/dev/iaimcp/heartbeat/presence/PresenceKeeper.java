package dev.iaimcp.heartbeat.presence;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Moves the presence state machine with each scan, announces its transitions (one INFO
 * line and one {@link PresenceChangedEvent} each) and remembers it across restarts.
 */
class PresenceKeeper implements DisposableBean {

	/** While someone is here, how stale the remembered last sighting may get before a crash. */
	static final Duration CHECKPOINT_WHILE_PRESENT = Duration.ofMinutes(5);

	private static final Logger logger = LoggerFactory.getLogger(PresenceKeeper.class);

	private final PresenceTracker tracker;

	private final @Nullable PresenceStore store;

	private final ApplicationEventPublisher publisher;

	private PresenceState announced;

	private @Nullable PresenceMemory saved;

	/**
	 * Creates a keeper.
	 * @param tracker the state machine
	 * @param store where to remember the state, {@code null} to leave that to someone else
	 * @param remembered what the store held at start, {@code null} if nothing
	 * @param publisher where transitions go
	 */
	PresenceKeeper(PresenceTracker tracker, @Nullable PresenceStore store, @Nullable PresenceMemory remembered,
			ApplicationEventPublisher publisher) {
		this.tracker = tracker;
		this.store = store;
		this.publisher = publisher;
		this.saved = remembered;
		this.announced = tracker.memory().state();
	}

	/**
	 * Presence before any scan: what the previous run remembered, or the first start.
	 * @return presence as of the last observation
	 */
	Presence initial() {
		PresenceMemory memory = this.tracker.memory();
		return new Presence(memory.state(), memory.since(), memory.lastFreshAt(), 0);
	}

	Presence observe(boolean freshNow, Instant at) {
		return this.tracker.observe(freshNow, at);
	}

	/**
	 * Announces a transition the snapshot carries, once it is the one everybody reads, and
	 * saves the state when it is due.
	 * @param snapshot the snapshot just published
	 */
	synchronized void announce(PresenceSnapshot snapshot) {
		PresenceState from = this.announced;
		if (snapshot.state() != from) {
			logger.info("Presence {} -> {} since {}", from, snapshot.state(), snapshot.since());
			this.announced = snapshot.state();
			this.publisher.publishEvent(new PresenceChangedEvent(from, snapshot.state(), snapshot.since(), snapshot));
		}
		PresenceMemory memory = this.tracker.memory();
		if (isDue(memory, snapshot.active())) {
			save(memory);
		}
	}

	@Override
	public synchronized void destroy() {
		PresenceMemory memory = this.tracker.memory();
		if (!memory.equals(this.saved)) {
			save(memory);
		}
	}

	// Writing on every tick while someone is here would rewrite the file twice a minute all
	// day; what a restart needs is the transitions and the last sighting.
	private boolean isDue(PresenceMemory memory, boolean freshNow) {
		PresenceMemory saved = this.saved;
		if (memory.equals(saved)) {
			return false;
		}
		if (saved == null || memory.state() != saved.state() || !freshNow) {
			return true;
		}
		return !memory.lastPresenceAt().isBefore(saved.lastPresenceAt().plus(CHECKPOINT_WHILE_PRESENT));
	}

	private void save(PresenceMemory memory) {
		if (this.store != null && this.store.save(memory)) {
			this.saved = memory;
		}
	}

}
