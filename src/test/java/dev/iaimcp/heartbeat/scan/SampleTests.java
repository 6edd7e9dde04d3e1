package dev.iaimcp.heartbeat.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SampleTests {

	@Test
	void keepsTheFirstItemsAndCountsThemAll() {
		Sample.Collector<String> collector = new Sample.Collector<>(2);
		for (int i = 0; i < 1000; i++) {
			collector.add("item " + i, (i % 2 == 0) ? "even" : "odd");
		}
		Sample<String> sample = collector.toSample();
		assertThat(sample.items()).containsExactly("item 0", "item 1");
		assertThat(sample.counts()).containsExactly(java.util.Map.entry("even", 500), java.util.Map.entry("odd", 500));
		assertThat(sample.total()).isEqualTo(1000);
	}

	@Test
	void kindsBeyondTheBoundAreCountedTogether() {
		Sample.Collector<Integer> collector = new Sample.Collector<>(1);
		for (int i = 0; i < 1000; i++) {
			collector.add(i, "owned by uid " + i);
		}
		Sample<Integer> sample = collector.toSample();
		assertThat(sample.counts()).hasSize(Sample.MAX_KINDS + 1)
			.containsEntry("owned by uid 0", 1)
			.containsEntry(Sample.OTHER_KINDS, 1000 - Sample.MAX_KINDS);
		assertThat(sample.total()).isEqualTo(1000);
	}

}
