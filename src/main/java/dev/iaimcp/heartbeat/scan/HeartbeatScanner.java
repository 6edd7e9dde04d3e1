package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.HeartbeatReader.Reading;

/**
 * Scans the wrappers directory and judges each heartbeat, streaming: each file is judged,
 * counted and handed to a {@link ScanObserver} as the directory is read, and only a
 * bounded number of them is kept, so that a directory of millions fits a small heap.
 */
public final class HeartbeatScanner {

	/**
	 * How far ahead of our clock a timestamp may be before it is distrusted: a
	 * heartbeat's, and the presence state file's.
	 */
	public static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(5);

	/** How old a dead writer's staging file must be before it is deleted. */
	static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

	/**
	 * From how many heartbeat files on a scan spreads over the cores (below, threads cost
	 * more); also how many file names a scan holds at a time while it does.
	 */
	static final int PARALLEL_FROM = 2_000;

	/**
	 * How many pids a scan remembers the liveness of; beyond, each is probed every time.
	 */
	static final int PROBE_CACHE_SIZE = 4_096;

	private final Path wrappersDir;

	private final Verdict verdict;

	private final ProcessProbe probe;

	private final Clock clock;

	private final ScanLimits limits;

	private Map<FileStamp, Instant> firstSeenOfFutureDated = Map.of();

	// Reused scan after scan (scans hold this object's lock): the readers'
	// 64 KiB buffers and the probe cache's table would otherwise be rebuilt
	// every tick. This one reads on the scanning thread; the slice readers,
	// one more per core, are made the first time a directory is large enough
	// to judge in slices, and kept.
	private final HeartbeatReader reader;

	private final @Nullable Integer trustedUid;

	private @Nullable List<HeartbeatReader> sliceReaders;

	private final Map<Long, ProcessLiveness> probed = new ConcurrentHashMap<>();

	public HeartbeatScanner(Path wrappersDir, Duration staleThreshold, ProcessProbe probe, Clock clock,
			@Nullable Integer trustedUid) {
		this(wrappersDir, staleThreshold, probe, clock, trustedUid, ScanLimits.DEFAULT);
	}

	public HeartbeatScanner(Path wrappersDir, Duration staleThreshold, ProcessProbe probe, Clock clock,
			@Nullable Integer trustedUid, ScanLimits limits) {
		this.wrappersDir = Objects.requireNonNull(wrappersDir, "'wrappersDir' must not be null");
		this.verdict = new Verdict(staleThreshold);
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		this.limits = Objects.requireNonNull(limits, "'limits' must not be null");
		this.trustedUid = trustedUid;
		this.reader = new HeartbeatReader(trustedUid);
	}

	/**
	 * Whether a scan reads the entry of this name into its snapshot: a change to any
	 * other entry (a writer's staging file, say) cannot change what a scan without
	 * cleanup reports.
	 * @param fileName an entry's name in the wrappers directory
	 * @return whether a scan reads it
	 */
	public static boolean reads(String fileName) {
		return HeartbeatName.looksLikeHeartbeat(fileName);
	}

	public Path wrappersDir() {
		return this.wrappersDir;
	}

	public ScanLimits limits() {
		return this.limits;
	}

	/**
	 * Scans the directory once.
	 * @param observer told about each heartbeat and abandoned staging file as it is
	 * judged
	 * @return what the scan counted, and the heartbeats it kept
	 */
	public synchronized Scan scan(ScanObserver observer) {
		Instant now = this.clock.instant();
		long startNanos = System.nanoTime();
		ScanPass pass = new ScanPass(now, observer);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.wrappersDir)) {
			files.forEach(pass::consider);
		}
		catch (NoSuchFileException ex) {
			// No wrapper has ever run here: nothing to judge, nothing wrong.
		}
		catch (IOException | DirectoryIteratorException ex) {
			return Scan.failed(now, Duration.ofNanos(System.nanoTime() - startNanos), describe(ex));
		}
		pass.judgeBatch();
		this.verdict.scanListed();
		this.firstSeenOfFutureDated = pass.firstSeenOfFutureDated;
		return pass.toScan(Duration.ofNanos(System.nanoTime() - startNanos));
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + SafeText.of(message) : "");
	}

	/**
	 * The state of one scan: the pids probed so far, the files in hand, and the tally.
	 */
	private final class ScanPass {

		private final Instant now;

		private final ScanObserver observer;

		private final HeartbeatReader reader = HeartbeatScanner.this.reader;

		private final Map<Long, ProcessLiveness> probed = HeartbeatScanner.this.probed;

		private final Map<FileStamp, Instant> firstSeenOfFutureDated = new ConcurrentHashMap<>();

		private final List<Path> batch = new ArrayList<>();

		private boolean large;

		private final KeptEntries entries = new KeptEntries(HeartbeatScanner.this.limits.entries());

		private final Sample.Collector<SkippedFile> skipped = new Sample.Collector<>(
				HeartbeatScanner.this.limits.examples());

		ScanPass(Instant now, ScanObserver observer) {
			this.now = now;
			this.observer = observer;
			this.probed.clear();
		}

		void consider(Path file) {
			String fileName = file.getFileName().toString();
			if (HeartbeatName.looksLikeHeartbeat(fileName)) {
				this.batch.add(file);
				if (this.batch.size() == PARALLEL_FROM) {
					this.large = true;
					judgeBatch();
				}
			}
			else {
				HeartbeatName.parseStaging(fileName).ifPresent((name) -> considerStaging(file, name));
			}
		}

		/**
		 * Judges the files in hand, then hands each verdict on in the order they were
		 * listed.
		 */
		void judgeBatch() {
			List<Judged> judged = this.large ? judgeInParallel() : judge(this.batch, this.reader);
			this.batch.clear();
			for (Judged one : judged) {
				if (one.entry() != null) {
					this.entries.add(one.entry());
					this.observer.judged(one.entry());
				}
				if (one.skipped() != null) {
					this.skipped.add(one.skipped(), one.skipped().reason());
				}
			}
		}

		Scan toScan(Duration duration) {
			return new Scan(this.now, duration, this.entries.kept(), this.entries.count(HeartbeatStatus.FRESH),
					this.entries.count(HeartbeatStatus.STALE), this.entries.count(HeartbeatStatus.ORPHAN),
					this.skipped.toSample(), null);
		}

		// One slice per reader, each on its own thread: a reader's buffer is not shared.
		private List<Judged> judgeInParallel() {
			List<HeartbeatReader> readers = sliceReaders();
			int size = (this.batch.size() + readers.size() - 1) / readers.size();
			return IntStream.range(0, readers.size())
				.parallel()
				.mapToObj((slice) -> judge(this.batch.subList(Math.min(slice * size, this.batch.size()),
						Math.min((slice + 1) * size, this.batch.size())), readers.get(slice)))
				.flatMap(List::stream)
				.toList();
		}

		private List<HeartbeatReader> sliceReaders() {
			List<HeartbeatReader> readers = HeartbeatScanner.this.sliceReaders;
			if (readers == null) {
				Stream<HeartbeatReader> more = Stream
					.generate(() -> new HeartbeatReader(HeartbeatScanner.this.trustedUid))
					.limit(ForkJoinPool.getCommonPoolParallelism());
				readers = Stream.concat(Stream.of(HeartbeatScanner.this.reader), more).toList();
				HeartbeatScanner.this.sliceReaders = readers;
			}
			return readers;
		}

		private List<Judged> judge(List<Path> files, HeartbeatReader reader) {
			List<Judged> judged = new ArrayList<>(files.size());
			for (Path file : files) {
				judged.add(judge(file, reader));
			}
			return judged;
		}

		private Judged judge(Path file, HeartbeatReader reader) {
			HeartbeatName name = HeartbeatName.parse(file.getFileName().toString()).orElse(null);
			if (name == null) {
				return Judged.skipped(file, "name is not heartbeat-<pid>-<uuid>.json");
			}
			Reading reading = reader.read(file, name);
			if (reading instanceof Reading.Found found) {
				return new Judged(judge(file, found.heartbeat()), null);
			}
			if (reading instanceof Reading.Skipped skip) {
				return Judged.skipped(file, skip.reason());
			}
			return new Judged(null, null);
		}

		private void considerStaging(Path file, HeartbeatName name) {
			try {
				FileFacts attributes = this.reader.attributesOf(file);
				Instant modified = attributes.stamp().lastModified().toInstant();
				boolean abandoned = this.reader.whyUntrusted(attributes) == null
						&& Duration.between(modified, this.now).compareTo(LEFTOVER_AGE) > 0
						&& !probe(name.pid()).alive();
				if (abandoned) {
					this.observer.abandoned(new StagingLeftover(file, name.pid(), modified, attributes.stamp()));
				}
			}
			catch (IOException ex) {
				// Renamed into place or otherwise gone: nothing left over.
			}
		}

		private ProcessLiveness probe(long pid) {
			ProcessLiveness known = this.probed.get(pid);
			if (known != null) {
				return known;
			}
			ProcessLiveness probed = HeartbeatScanner.this.probe.check(pid);
			if (this.probed.size() < PROBE_CACHE_SIZE) {
				this.probed.put(pid, probed);
			}
			return probed;
		}

		private HeartbeatEntry judge(Path file, Heartbeat heartbeat) {
			Instant lastRefresh = trustedLastRefresh(heartbeat);
			ProcessLiveness process = probe(heartbeat.pid());
			HeartbeatStatus status = HeartbeatScanner.this.verdict.judge(this.now, file, heartbeat, lastRefresh,
					process);
			return new HeartbeatEntry(file, heartbeat.pid(), heartbeat.uuid(), lastRefresh, status, process.alive(),
					heartbeat.stamp());
		}

		// A timestamp ahead of our clock would pin presence forever, so it yields to the
		// file's mtime; when that is ahead too, the file is aged from when we first saw
		// this version of it.
		private Instant trustedLastRefresh(Heartbeat heartbeat) {
			Instant horizon = this.now.plus(CLOCK_SKEW_TOLERANCE);
			Instant claimed = heartbeat.lastRefresh();
			if (claimed != null && !claimed.isAfter(horizon)) {
				return claimed;
			}
			if (!heartbeat.modified().isAfter(horizon)) {
				return heartbeat.modified();
			}
			Instant firstSeen = HeartbeatScanner.this.firstSeenOfFutureDated.get(heartbeat.stamp());
			if (firstSeen == null && this.firstSeenOfFutureDated.size() >= HeartbeatScanner.this.limits.entries()) {
				// Remembering every such file would let them fill the heap; one not
				// remembered must not look new at every scan either, or it would pin
				// presence.
				return Instant.EPOCH;
			}
			firstSeen = (firstSeen != null) ? firstSeen : this.now;
			this.firstSeenOfFutureDated.put(heartbeat.stamp(), firstSeen);
			return firstSeen;
		}

		/**
		 * What became of one heartbeat file: judged, skipped, or neither (it vanished).
		 */
		private record Judged(@Nullable HeartbeatEntry entry, @Nullable SkippedFile skipped) {

			static Judged skipped(Path file, String reason) {
				return new Judged(null, new SkippedFile(file, reason));
			}

		}

	}

}
