package dev.iaimcp.heartbeat.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first few of what may be millions of things, and how many there were of each kind:
 * what a scan or a cleanup remembers, so that its memory does not grow with the
 * directory.
 *
 * @param <T> the things
 * @param items the first ones, in the order they came
 * @param counts how many there were in all, by kind, in the order the kinds first came
 */
public record Sample<T>(List<T> items, Map<String, Integer> counts) {

	/**
	 * Kinds beyond this many are counted together, so that the counts stay bounded too.
	 */
	static final int MAX_KINDS = 16;

	/** The kind that the kinds beyond {@link #MAX_KINDS} are counted as. */
	public static final String OTHER_KINDS = "other";

	public Sample {
		items = List.copyOf(items);
		counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
	}

	public static <T> Sample<T> empty() {
		return new Sample<>(List.of(), Map.of());
	}

	public int total() {
		return this.counts.values().stream().mapToInt(Integer::intValue).sum();
	}

	public int count(String kind) {
		return this.counts.getOrDefault(kind, 0);
	}

	/**
	 * Collects a sample, one thing at a time.
	 *
	 * @param <T> the things
	 */
	public static final class Collector<T> {

		private final int maxItems;

		private final List<T> items = new ArrayList<>();

		private final Map<String, Integer> counts = new LinkedHashMap<>();

		/**
		 * Creates a collector.
		 * @param maxItems how many things to keep; the rest are only counted
		 */
		public Collector(int maxItems) {
			this.maxItems = maxItems;
		}

		public void add(T item, String kind) {
			if (this.items.size() < this.maxItems) {
				this.items.add(item);
			}
			String counted = (this.counts.containsKey(kind) || this.counts.size() < MAX_KINDS) ? kind : OTHER_KINDS;
			this.counts.merge(counted, 1, Integer::sum);
		}

		public Sample<T> toSample() {
			return new Sample<>(this.items, this.counts);
		}

	}

}
