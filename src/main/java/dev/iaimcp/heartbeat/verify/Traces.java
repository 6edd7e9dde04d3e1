package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Everything a run of verify wrote or started (its stand-ins' processes and files, the
 * directories it had to make), removed once, on whichever way out comes first: the run's
 * own end, or the shutdown hook of a SIGINT or SIGTERM, which runs while the run's thread
 * still does. Whatever writes or starts holds the same lock as the removal, so the two
 * never interleave, and once everything is removed nothing more is written: a rename
 * cannot put a heartbeat back after the hook deleted it.
 */
final class Traces implements AutoCloseable {

	private final List<StandInWrapper> standIns = new ArrayList<>();

	private final Deque<Path> createdDirectories = new ArrayDeque<>();

	private boolean removed;

	/**
	 * Makes a directory and its missing parents, remembering which were missing.
	 * @param dir the directory
	 * @throws IOException if it cannot be made
	 * @throws Stopped if everything was removed already
	 */
	synchronized void createDirectories(Path dir) throws IOException {
		requireNotRemoved();
		for (Path missing = dir; missing != null && !Files.exists(missing); missing = missing.getParent()) {
			this.createdDirectories.push(missing);
		}
		Files.createDirectories(dir);
	}

	/**
	 * Starts a stand-in, to be removed with the rest.
	 * @param dir the wrappers directory it writes into
	 * @param lifetime how long its process lives should nothing end it (a SIGKILLed
	 * verify runs no hook)
	 * @return the stand-in, not yet written
	 * @throws IOException if its process cannot be started
	 * @throws Stopped if everything was removed already
	 */
	synchronized StandInWrapper startStandIn(Path dir, Duration lifetime) throws IOException {
		requireNotRemoved();
		StandInWrapper standIn = StandInWrapper.start(dir, lifetime);
		this.standIns.add(standIn);
		return standIn;
	}

	/**
	 * Writes or refreshes a stand-in's heartbeat, unless everything was removed.
	 * @param standIn the stand-in
	 * @return the monotonic time at which the new version was in place
	 * @throws IOException if it cannot be written
	 * @throws Stopped if everything was removed already
	 */
	synchronized long refresh(StandInWrapper standIn) throws IOException {
		requireNotRemoved();
		return standIn.refresh();
	}

	/**
	 * Ends a stand-in the run is done with, and deletes its files.
	 * @param standIn the stand-in
	 */
	synchronized void remove(StandInWrapper standIn) {
		standIn.close();
		this.standIns.remove(standIn);
	}

	/**
	 * Removes everything, once: the calls after the first do nothing.
	 * @return whether this call removed anything
	 */
	synchronized boolean removeAll() {
		if (this.removed) {
			return false;
		}
		this.removed = true;
		boolean any = !this.standIns.isEmpty() || !this.createdDirectories.isEmpty();
		this.standIns.forEach(StandInWrapper::close);
		this.standIns.clear();
		removeCreatedDirectories();
		return any;
	}

	@Override
	public void close() {
		removeAll();
	}

	private void removeCreatedDirectories() {
		while (!this.createdDirectories.isEmpty()) {
			try {
				Files.deleteIfExists(this.createdDirectories.removeLast());
			}
			catch (IOException ex) {
				// Not empty any more: a real wrapper has written meanwhile.
				return;
			}
		}
	}

	private void requireNotRemoved() throws Stopped {
		if (this.removed) {
			throw new Stopped();
		}
	}

	/** Thrown to the run's thread once the way out was taken elsewhere. */
	static final class Stopped extends IOException {

		Stopped() {
			super("verify was stopped (SIGINT or SIGTERM) and removed what it had written");
		}

	}

}
