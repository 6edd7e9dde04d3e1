package dev.iaimcp.heartbeat.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.FileOwners;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.ScanObserver;

/**
 * Times {@link HeartbeatScanner#scan()} on a real directory, wired as the service wires
 * it (system clock, {@link ProcessProbe#system()}, current uid as trusted owner, 90 s).
 * Not a test (surefire never runs it); {@code bench/scripts/run-scan-bench.sh} starts it
 * in a fresh JVM per directory:
 *
 * <pre>ScanBenchmark DIR [--warmup W] [--warmup-sec S] [--reps R] [--no-drop]</pre>
 *
 * Cold = the first scan in this JVM, right after dropping the page cache when permitted.
 * Warm = median of R timed scans after at least W scans and S seconds (default 3) of
 * warm-up, so the JIT has compiled the scan path. Heap: the most used just before any
 * collection during the whole run (the peak, as the collector saw it), the most left
 * after one (the live set), and what one finished scan retains (heap after a full
 * collection with the scan held, less before the first scan). Prints one JSON line.
 */
public final class ScanBenchmark {

	private ScanBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = null;
		int warmup = 5;
		int reps = 20;
		double warmupSec = 3;
		boolean drop = true;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--warmup" -> warmup = Integer.parseInt(args[++i]);
				case "--warmup-sec" -> warmupSec = Double.parseDouble(args[++i]);
				case "--reps" -> reps = Integer.parseInt(args[++i]);
				case "--no-drop" -> drop = false;
				default -> dir = Path.of(args[i]);
			}
		}
		if (dir == null || reps < 1) {
			System.err.println("usage: ScanBenchmark DIR [--warmup W] [--warmup-sec S] [--reps R] [--no-drop]");
			System.exit(2);
		}

		HeapWatch heap = new HeapWatch();
		HeartbeatScanner scanner = new HeartbeatScanner(dir, Duration.ofSeconds(90), ProcessProbe.system(),
				Clock.systemUTC(), FileOwners.currentUid(dir.getFileSystem()));
		long usedBeforeScans = heap.usedAfterFullGc();
		boolean dropped = drop && dropCaches();

		long t0 = System.nanoTime();
		Scan scan = scanner.scan(ScanObserver.NONE);
		double coldMs = (System.nanoTime() - t0) / 1e6;

		int warmed = 0;
		long warmupEnd = System.nanoTime() + (long) (warmupSec * 1e9);
		while (warmed < warmup || System.nanoTime() < warmupEnd) {
			scanner.scan(ScanObserver.NONE);
			warmed++;
		}

		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long gcCountBefore = gcCount();
		long allocBefore = threads.getCurrentThreadAllocatedBytes();
		double[] times = new double[reps];
		for (int i = 0; i < reps; i++) {
			t0 = System.nanoTime();
			scan = scanner.scan(ScanObserver.NONE);
			times[i] = (System.nanoTime() - t0) / 1e6;
		}
		long allocPerScan = (threads.getCurrentThreadAllocatedBytes() - allocBefore) / reps;
		long gcs = gcCount() - gcCountBefore;
		long retained = heap.usedAfterFullGc() - usedBeforeScans;
		Arrays.sort(times);
		double median = (reps % 2 == 1) ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;

		System.out.println(String.format(Locale.ROOT,
				"{\"impl\":\"java\",\"files\":%d,\"fresh\":%d,\"stale\":%d,\"orphan\":%d,\"skipped\":%d,"
						+ "\"cache_dropped\":%b,\"cold_ms\":%.3f,\"warm_median_ms\":%.3f,\"warm_min_ms\":%.3f,"
						+ "\"warm_max_ms\":%.3f,\"warmup\":%d,\"reps\":%d,\"alloc_bytes_per_scan\":%d,"
						+ "\"gcs_during_reps\":%d,\"heap_peak_mb\":%.1f,\"heap_live_max_mb\":%.1f,"
						+ "\"retained_by_scan_kb\":%d,\"heap_max_mb\":%d,\"java\":\"%s\"}",
				scan.fresh() + scan.stale() + scan.orphan(), scan.fresh(), scan.stale(), scan.orphan(),
				scan.skipped().total(), dropped, coldMs, median, times[0], times[reps - 1], warmed, reps, allocPerScan,
				gcs, heap.peak() / 1e6, heap.liveMax() / 1e6, retained / 1024,
				Runtime.getRuntime().maxMemory() / 1_000_000, System.getProperty("java.version")));
	}

	private static boolean dropCaches() {
		try {
			new ProcessBuilder("sync").inheritIO().start().waitFor();
			Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
			return true;
		}
		catch (IOException | InterruptedException | SecurityException ex) {
			return false;
		}
	}

	private static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong((gc) -> Math.max(0, gc.getCollectionCount()))
			.sum();
	}

	/** Heap use as each collection saw it, before and after. */
	private static final class HeapWatch {

		private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());

		private final AtomicLong peak = new AtomicLong();

		private final AtomicLong liveMax = new AtomicLong();

		HeapWatch() {
			for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
				((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
					GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
						.from((CompositeData) notification.getUserData());
					this.peak.accumulateAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
					this.liveMax.accumulateAndGet(used(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
				}, (notification) -> notification.getType()
					.equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
			}
		}

		long usedAfterFullGc() throws InterruptedException {
			System.gc();
			Thread.sleep(100);
			return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}

		long peak() {
			return Math.max(this.peak.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}

		long liveMax() {
			return this.liveMax.get();
		}

		private long used(Map<String, MemoryUsage> usage) {
			return usage.entrySet()
				.stream()
				.filter((pool) -> this.heapPools.contains(pool.getKey()))
				.mapToLong((pool) -> pool.getValue().getUsed())
				.sum();
		}

	}

}
