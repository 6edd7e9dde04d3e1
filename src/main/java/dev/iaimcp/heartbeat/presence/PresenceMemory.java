package dev.iaimcp.heartbeat.presence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Moves the presence state machine with each scan and remembers it across restarts, in
 * the state file beside the wrappers directory.
 */
public class PresenceMemory implements DisposableBean {

	/**
	 * While someone is here, how stale the remembered last sighting may get before a
	 * crash.
	 */
	static final Duration CHECKPOINT_WHILE_PRESENT = Duration.ofMinutes(5);

	private final PresenceStateMachine machine;

	private final @Nullable PresenceStateFile store;

	private @Nullable PresenceRecord saved;

	/**
	 * Creates the memory of a state machine.
	 * @param machine the state machine
	 * @param store where to remember the state, {@code null} to leave that to someone
	 * else
	 * @param remembered what the store held at start, {@code null} if nothing
	 */
	PresenceMemory(PresenceStateMachine machine, @Nullable PresenceStateFile store,
			@Nullable PresenceRecord remembered) {
		this.machine = machine;
		this.store = store;
		this.saved = remembered;
	}

	/**
	 * The memory that starts from the state file beside the wrappers directory.
	 * @param wrappersDir the wrappers directory
	 * @param properties the thresholds of the state machine
	 * @param clock the clock
	 * @param writing whether to write the file too; the one-shot check must not race the
	 * running service writing it
	 * @return the memory
	 */
	public static PresenceMemory beside(Path wrappersDir, HeartbeatProperties properties, Clock clock,
			boolean writing) {
		PresenceStateFile store = new PresenceStateFile(PresenceStateFile.beside(wrappersDir), clock);
		PresenceRecord remembered = store.load().orElse(null);
		PresenceStateMachine machine = new PresenceStateMachine(properties.drowsyAfter(), properties.idleWindow(),
				clock, remembered);
		return new PresenceMemory(machine, writing ? store : null, remembered);
	}

	/**
	 * Moves the state machine to what a scan found.
	 * @param freshNow whether the scan found a FRESH heartbeat
	 * @param at when the scan ran
	 * @return the transition it made
	 */
	public synchronized PresenceTransition observe(boolean freshNow, Instant at) {
		return this.machine.observe(freshNow, at);
	}

	/**
	 * Saves the state when it is due: at a transition, and while someone is here at
	 * checkpoints. Called once the snapshot is published, so that no reader waits on the
	 * disk (a save is forced to it); a crash in between loses only what the next start
	 * finds out again.
	 */
	public synchronized void saveIfDue() {
		PresenceRecord presence = this.machine.presence();
		if (isDue(presence)) {
			save(presence);
		}
	}

	@Override
	public synchronized void destroy() {
		PresenceRecord presence = this.machine.presence();
		if (!presence.equals(this.saved)) {
			save(presence);
		}
	}

	// Writing on every tick while someone is here would rewrite the file twice a minute
	// all day; what a restart needs is the transitions and the last sighting.
	private boolean isDue(PresenceRecord presence) {
		PresenceRecord saved = this.saved;
		if (presence.equals(saved)) {
			return false;
		}
		if (saved == null || presence.state() != saved.state() || presence.state() != PresenceState.ACTIVE) {
			return true;
		}
		return !presence.lastPresenceAt().isBefore(saved.lastPresenceAt().plus(CHECKPOINT_WHILE_PRESENT));
	}

	private void save(PresenceRecord presence) {
		if (this.store != null && this.store.save(presence)) {
			this.saved = presence;
		}
	}

}
