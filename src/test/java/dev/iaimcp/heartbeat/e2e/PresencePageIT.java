package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.history.DepartureReason;
import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.presence.PresenceState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presence page in headless Chromium against the built jar, with real heartbeat
 * writers: what a person sees, and that it follows the wrappers without a reload.
 * Screenshots are kept in {@code target/page-screenshots}.
 */
class PresencePageIT {

	// Set in the page on arrival; a reload would lose it.
	private static final String MARK_THE_PAGE = "window.notReloaded = true";

	private static final String IS_THE_SAME_PAGE = "return window.notReloaded === true";

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	private ServiceClient client;

	private Browser browser;

	@BeforeEach
	void startABrowser() throws Exception {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
		this.browser = Browser.start(this.tempDir.resolve("chromium-profile"));
		this.client = new ServiceClient(ServiceClient.freePort());
	}

	private void startTheService() throws Exception {
		Process service = this.launcher.service(List.of("--server.port=" + this.client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil()
			.until(() -> this.client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
	}

	@AfterEach
	void stopEverything(TestInfo test) throws Exception {
		if (this.browser != null) {
			// What the page showed last, for a test that failed.
			this.browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
			this.browser.close();
		}
		if (this.launcher != null) {
			this.launcher.close();
		}
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aPersonSeesTheStateAndTheWrappersAndANewWrapperAppearsWithoutAReload() throws Exception {
		startTheService();
		this.browser.open(pageUrl());
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Absent for "));
		assertThat(this.browser.text("state")).endsWith(", no wrapper seen yet");
		assertThat(this.browser.text("no-wrappers")).isEqualTo("No heartbeat files right now.");
		ServiceClient.waitUntil().until(() -> this.browser.text("live").equals("Live"));
		this.browser.script(MARK_THE_PAGE);

		Process writer = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Active: 1 wrapper, since "));
		assertThat(this.browser.text("state")).matches("Active: 1 wrapper, since \\d\\d:\\d\\d");
		ServiceClient.waitUntil().until(() -> !this.browser.texts("#wrappers tbody tr").isEmpty());
		assertThat(this.browser.texts("#wrappers tbody tr")).singleElement()
			.asString()
			.startsWith(writer.pid() + " fresh ")
			.contains("heartbeat-" + writer.pid() + "-");
		assertThat(this.browser.text("meaning")).contains("the memory daemon stays awake");
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).as("the page was not reloaded").isEqualTo(true);
		this.browser.screenshot("active-light");
		this.browser.prefer("dark");
		this.browser.screenshot("active-dark");
		this.browser.prefer("light");

		writer.destroy();
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Absent for "));
		assertThat(this.browser.text("state")).matches("Absent for less than a minute, no wrapper since \\d\\d:\\d\\d");
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 0);
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).isEqualTo(true);
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void withoutJavaScriptThePageStillSaysWhoIsHere() throws Exception {
		startTheService();
		Process writer = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.client.get("/actuator/presence").path("active").booleanValue());
		String html = this.client.send("/").body();
		assertThat(html).contains(">Active: 1 wrapper, since ").contains("<td>" + writer.pid() + "</td><td>fresh</td>");
	}

	/**
	 * A second wrapper arriving while presence stays ACTIVE, and a departure with its
	 * reason, reach the page only through the history events on the stream.
	 */
	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aSecondWrapperAndADepartureWithItsReasonShowWithoutAReload() throws Exception {
		startTheService();
		Process first = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.client.get("/actuator/presence").path("active").booleanValue());
		this.browser.open(pageUrl());
		ServiceClient.waitUntil().until(() -> this.browser.text("live").equals("Live"));
		this.browser.script(MARK_THE_PAGE);

		Process second = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 2);
		assertThat(this.browser.text("state")).startsWith("Active: 2 wrappers, since ");
		assertThat(this.browser.texts("#events li"))
			.anySatisfy((item) -> assertThat(item).contains("pid " + second.pid() + " arrived"));

		first.destroyForcibly();
		ServiceClient.waitUntil()
			.until(() -> this.browser.texts("#events li")
				.stream()
				.anyMatch((item) -> item.contains("pid " + first.pid() + " ended (process ended)")));
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 1);
		assertThat(this.browser.count("#marks .mark-wrapper_departed")).isPositive();
		assertThat(this.browser.count("#marks .mark-wrapper_arrived")).isGreaterThanOrEqualTo(2);
		assertThat(this.browser.count("#bands .band-active")).isPositive();
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).as("the page was not reloaded").isEqualTo(true);
		this.browser.screenshot("departure-light");
		this.browser.prefer("dark");
		this.browser.screenshot("departure-dark");
	}

	/**
	 * After a restart the page draws the day the service kept on disk: states as bands,
	 * comings and goings as marks, the reasons listed. Its screenshot is the README's.
	 */
	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aDayKeptOnDiskIsDrawnAsBandsAndMarksAfterARestart() throws Exception {
		Files.createDirectories(this.wrappersDir);
		Files.write(this.wrappersDir.resolveSibling("heartbeat-scanner-history.jsonl"), aDay(Instant.now()));
		startTheService();
		Process writer = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.client.get("/actuator/presence").path("active").booleanValue());
		this.browser.open(pageUrl());
		ServiceClient.waitUntil().until(() -> this.browser.text("live").equals("Live"));
		assertThat(this.browser.text("state")).startsWith("Active: 1 wrapper, since ");
		for (String state : List.of("active", "absent", "drowsy", "idle")) {
			assertThat(this.browser.count("#bands .band-" + state)).as(state + " bands").isPositive();
		}
		assertThat(this.browser.count("#marks .mark-wrapper_arrived")).isGreaterThanOrEqualTo(5);
		assertThat(this.browser.count("#marks .mark-wrapper_departed")).isGreaterThanOrEqualTo(4);
		assertThat(this.browser.texts("#events li"))
			.anySatisfy((item) -> assertThat(item).contains("pid 4187 ended (process ended)"))
			.anySatisfy((item) -> assertThat(item).contains("pid 4101 ended (removed its own file: a clean exit)"))
			.anySatisfy((item) -> assertThat(item).contains("pid 4188 went silent (stopped refreshing"))
			.anySatisfy((item) -> assertThat(item).contains("pid " + writer.pid() + " arrived"));
		this.browser.screenshot("a-day-light");
		this.browser.prefer("dark");
		this.browser.screenshot("a-day-dark");
	}

	// A working day as the service would have kept it, stopped two minutes ago.
	private static List<String> aDay(Instant now) {
		List<HistoryEvent> day = new ArrayList<>();
		day.add(HistoryEvent.serviceStarted(ago(now, 23, 0)));
		day.add(HistoryEvent.presenceChanged(ago(now, 23, 0), PresenceState.UNKNOWN, PresenceState.IDLE));
		visit(day, now, 4101, 22, 10, DepartureReason.FILE_REMOVED);
		day.add(HistoryEvent.arrived(ago(now, 14, 0), 4187, uuid(4187), file(4187)));
		day.add(HistoryEvent.presenceChanged(ago(now, 14, 0), PresenceState.IDLE, PresenceState.ACTIVE));
		day.add(HistoryEvent.arrived(ago(now, 13, 20), 4188, uuid(4188), file(4188)));
		day.add(HistoryEvent.departed(ago(now, 11, 40), 4187, uuid(4187), file(4187), DepartureReason.PROCESS_ENDED,
				null));
		day.add(HistoryEvent.cleanedUp(ago(now, 11, 40), 4187, uuid(4187), file(4187), "by the tick: ORPHAN"));
		day.add(HistoryEvent.departed(ago(now, 9, 30), 4188, uuid(4188), file(4188), DepartureReason.WENT_STALE, null));
		idleAfter(day, now, 9, 30);
		visit(day, now, 4242, 5, 0, DepartureReason.FILE_REMOVED);
		visit(day, now, 4311, 2, 10, DepartureReason.FILE_REMOVED);
		day.add(HistoryEvent.serviceStopped(now.minus(Duration.ofMinutes(2))));
		return day.stream().map((event) -> ServiceClient.JSON.writeValueAsString(event)).toList();
	}

	// A wrapper here for a while from the hours and minutes ago given, then nobody.
	private static void visit(List<HistoryEvent> day, Instant now, long pid, int hours, int minutes,
			DepartureReason reason) {
		day.add(HistoryEvent.arrived(ago(now, hours, minutes), pid, uuid(pid), file(pid)));
		day.add(HistoryEvent.presenceChanged(ago(now, hours, minutes), PresenceState.IDLE, PresenceState.ACTIVE));
		Instant left = ago(now, hours, minutes).plus(Duration.ofMinutes(95));
		day.add(HistoryEvent.departed(left, pid, uuid(pid), file(pid), reason, null));
		idleAfter(day, now, left);
	}

	private static void idleAfter(List<HistoryEvent> day, Instant now, int hours, int minutes) {
		idleAfter(day, now, ago(now, hours, minutes));
	}

	private static void idleAfter(List<HistoryEvent> day, Instant now, Instant left) {
		day.add(HistoryEvent.presenceChanged(left, PresenceState.ACTIVE, PresenceState.ABSENT));
		day.add(HistoryEvent.presenceChanged(left.plus(Duration.ofMinutes(5)), PresenceState.ABSENT,
				PresenceState.DROWSY));
		day.add(HistoryEvent.presenceChanged(left.plus(Duration.ofMinutes(30)), PresenceState.DROWSY,
				PresenceState.IDLE));
	}

	private static Instant ago(Instant now, int hours, int minutes) {
		return now.minus(Duration.ofHours(hours).plusMinutes(minutes));
	}

	private static String uuid(long pid) {
		return "0000" + pid + "-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
	}

	private static String file(long pid) {
		return "heartbeat-" + pid + "-" + uuid(pid) + ".json";
	}

	private String pageUrl() throws IOException {
		return "http://127.0.0.1:" + this.client.port() + "/";
	}

}
