package dev.iaimcp.heartbeat.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.presence.PresenceTransition;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.StagingLeftover;

/**
 * Tells what happened between one scan and the next: which wrappers arrived (first seen
 * FRESH) and departed, and why, which files a cleanup deleted, and how presence moved.
 * Wrappers are told apart by their file's name. It remembers at most
 * {@link PresenceHistory#CAPACITY} wrappers, as a scan keeps at most that many FRESH
 * ones, and records at most {@link #EVENTS_PER_KIND_PER_SCAN} arrivals, departures and
 * deletions of one scan, then one {@link HistoryKind#EVENTS_OMITTED} that counts the
 * rest. Not thread-safe: scans come one at a time.
 */
public final class ScanHistory {

	/** As many as the log names of one kind per scan, for the same reason. */
	public static final int EVENTS_PER_KIND_PER_SCAN = 20;

	/** Wrappers FRESH at the last scan, by file name. */
	private Map<String, Wrapper> present = new LinkedHashMap<>();

	/** Heartbeats the last scan judged STALE or ORPHAN, by file name. */
	private Map<String, HeartbeatStatus> absent = Map.of();

	/**
	 * Starts from what the history says: wrappers that arrived and have not departed are
	 * taken as here, so that a restart of the service is no arrival of theirs.
	 * @param restored the history kept, oldest first
	 */
	public ScanHistory(List<HistoryEvent> restored) {
		for (HistoryEvent event : restored) {
			String file = event.file();
			if (event.kind() == HistoryKind.WRAPPER_ARRIVED && file != null && event.pid() != null
					&& event.uuid() != null && this.present.size() < PresenceHistory.CAPACITY) {
				this.present.put(file, new Wrapper(event.pid(), event.uuid(), event.at()));
			}
			else if (event.kind() == HistoryKind.WRAPPER_DEPARTED && file != null) {
				this.present.remove(file);
			}
		}
	}

	/**
	 * What one scan saw happen since the one before.
	 * @param scan the scan
	 * @param cleanup what its cleanup deleted, {@code null} when none ran
	 * @param transition what it did to presence
	 * @param scanName which scan it was, as a person reads it ("the tick")
	 * @return the events, in the order they are to be kept, possibly none
	 */
	public List<HistoryEvent> observe(Scan scan, @Nullable Cleanup cleanup, PresenceTransition transition,
			String scanName) {
		Batch batch = new Batch(scan.scannedAt());
		if (scan.listed()) {
			Map<String, HeartbeatEntry> judged = byName(scan.entries());
			Map<String, HeartbeatEntry> deleted = (cleanup != null) ? byName(cleanup.deleted().items()) : Map.of();
			Map<String, Wrapper> stillUnknown = departures(batch, judged, deleted, scan.omitted() == 0);
			if (cleanup != null) {
				cleanups(batch, cleanup, scanName);
			}
			arrivals(batch, scan.entries());
			remember(scan.entries(), stillUnknown, scan.scannedAt());
		}
		batch.summarizeOmitted();
		if (transition.changed()) {
			Instant since = transition.to().since();
			batch.events.add(HistoryEvent.presenceChanged(scan.scannedAt(), transition.from(), transition.to().state(),
					since.equals(scan.scannedAt()) ? null : "since " + since));
		}
		return batch.events;
	}

	// A wrapper missing from a scan that kept only some heartbeats may be among the
	// others: it is neither departed nor forgotten.
	private Map<String, Wrapper> departures(Batch batch, Map<String, HeartbeatEntry> judged,
			Map<String, HeartbeatEntry> deleted, boolean everyHeartbeatKept) {
		Map<String, Wrapper> unknown = new LinkedHashMap<>();
		this.present.forEach((name, wrapper) -> {
			HeartbeatEntry now = judged.getOrDefault(name, deleted.get(name));
			if (now != null && now.status() == HeartbeatStatus.FRESH) {
				return;
			}
			if (now != null) {
				batch.departed(wrapper, name, reason(now), now.reason() + "; " + wrapper.hereFor(batch.at));
			}
			else if (everyHeartbeatKept) {
				batch.departed(wrapper, name, DepartureReason.FILE_REMOVED, wrapper.hereFor(batch.at));
			}
			else {
				unknown.put(name, wrapper);
			}
		});
		return unknown;
	}

	private static DepartureReason reason(HeartbeatEntry entry) {
		return switch (entry.status()) {
			case STALE -> DepartureReason.WENT_STALE;
			case ORPHAN -> entry.processAlive() ? DepartureReason.PID_REUSED : DepartureReason.PROCESS_ENDED;
			case FRESH -> throw new IllegalArgumentException("a FRESH heartbeat has not departed");
		};
	}

	private static void cleanups(Batch batch, Cleanup cleanup, String scanName) {
		for (HeartbeatEntry entry : cleanup.deleted().items()) {
			batch.cleanedUp(HistoryEvent.cleanedUp(batch.at, entry.pid(), entry.uuid(), fileName(entry),
					"by " + scanName + ": " + entry.status() + ", " + entry.reason()));
		}
		for (StagingLeftover leftover : cleanup.deletedLeftovers().items()) {
			batch.cleanedUp(HistoryEvent.cleanedUp(batch.at, leftover.pid(), null,
					leftover.file().getFileName().toString(), "by " + scanName + ": staging file of dead pid "
							+ leftover.pid() + ", written " + leftover.modified()));
		}
		int unnamed = cleanup.deleted().total() - cleanup.deleted().items().size() + cleanup.deletedLeftovers().total()
				- cleanup.deletedLeftovers().items().size();
		batch.omitted(HistoryKind.FILE_CLEANED_UP, unnamed);
	}

	private void arrivals(Batch batch, List<HeartbeatEntry> entries) {
		for (HeartbeatEntry entry : entries) {
			String name = fileName(entry);
			if (entry.status() == HeartbeatStatus.FRESH && !this.present.containsKey(name)) {
				HeartbeatStatus before = this.absent.get(name);
				batch.arrived(HistoryEvent.arrived(batch.at, entry.pid(), entry.uuid(), name,
						(before != null) ? "back after " + before : null));
			}
		}
	}

	private void remember(List<HeartbeatEntry> entries, Map<String, Wrapper> stillUnknown, Instant now) {
		Map<String, Wrapper> fresh = new LinkedHashMap<>();
		Map<String, HeartbeatStatus> others = new HashMap<>();
		for (HeartbeatEntry entry : entries) {
			String name = fileName(entry);
			if (entry.status() == HeartbeatStatus.FRESH) {
				Wrapper known = this.present.get(name);
				fresh.put(name, (known != null) ? known : new Wrapper(entry.pid(), entry.uuid(), now));
			}
			else {
				others.put(name, entry.status());
			}
		}
		stillUnknown.forEach((name, wrapper) -> {
			if (fresh.size() < PresenceHistory.CAPACITY) {
				fresh.putIfAbsent(name, wrapper);
			}
		});
		this.present = fresh;
		this.absent = others;
	}

	private static Map<String, HeartbeatEntry> byName(List<HeartbeatEntry> entries) {
		Map<String, HeartbeatEntry> byName = new HashMap<>();
		entries.forEach((entry) -> byName.put(fileName(entry), entry));
		return byName;
	}

	private static String fileName(HeartbeatEntry entry) {
		return entry.file().getFileName().toString();
	}

	/** A wrapper seen FRESH: who, and since when. */
	private record Wrapper(long pid, String uuid, Instant since) {

		String hereFor(Instant now) {
			return "here for " + Durations.inWords(Duration.between(this.since, now));
		}

	}

	/** The events of one scan, at most {@link #EVENTS_PER_KIND_PER_SCAN} of a kind. */
	private static final class Batch {

		private final Instant at;

		private final List<HistoryEvent> events = new ArrayList<>();

		private final Map<HistoryKind, Integer> recorded = new EnumMap<>(HistoryKind.class);

		private final Map<HistoryKind, Integer> omitted = new EnumMap<>(HistoryKind.class);

		Batch(Instant at) {
			this.at = at;
		}

		void departed(Wrapper wrapper, String file, DepartureReason reason, String detail) {
			if (admit(HistoryKind.WRAPPER_DEPARTED)) {
				this.events.add(HistoryEvent.departed(this.at, wrapper.pid(), wrapper.uuid(), file, reason, detail));
			}
		}

		void arrived(HistoryEvent event) {
			if (admit(HistoryKind.WRAPPER_ARRIVED)) {
				this.events.add(event);
			}
		}

		void cleanedUp(HistoryEvent event) {
			if (admit(HistoryKind.FILE_CLEANED_UP)) {
				this.events.add(event);
			}
		}

		void omitted(HistoryKind kind, int count) {
			if (count > 0) {
				this.omitted.merge(kind, count, Integer::sum);
			}
		}

		void summarizeOmitted() {
			if (!this.omitted.isEmpty()) {
				this.events.add(HistoryEvent.omitted(this.at,
						this.omitted.entrySet()
							.stream()
							.map((count) -> String.format(Locale.ROOT, "%,d %s", count.getValue(), count.getKey()))
							.collect(Collectors.joining(", ", "not recorded one by one: ", ""))));
			}
		}

		private boolean admit(HistoryKind kind) {
			int count = this.recorded.merge(kind, 1, Integer::sum);
			if (count > EVENTS_PER_KIND_PER_SCAN) {
				omitted(kind, 1);
				return false;
			}
			return true;
		}

	}

}
